/*
 * mesh.h - the mesh as the inputs describe it, shared by the rule families
 *
 * Questions that several families ask about the whole run: is this
 * namespace (or workload) going to ambient mode, which workloads and
 * Services does a selector reach, which waypoint does a Service use, and
 * what holds a namespace back from migrating. Everything here reads the
 * cross-file index. Answers that need the whole index (the blockers of
 * each namespace, the pods of each Service) are computed once per run
 * and kept with the index (alint__index_memo in lib/index.c), so they do
 * not depend on the number of threads and go when a fix pass rebuilds
 * the index.
 */
#ifndef ALINT_RULES_MESH_H
#define ALINT_RULES_MESH_H

#include <stdbool.h>
#include <stddef.h>

#include <ambientlint/rule.h>

#define MODE_LABEL "istio.io/dataplane-mode"
#define INJECTION_LABEL "istio-injection"
#define REV_LABEL "istio.io/rev"
#define INJECT_KEY "sidecar.istio.io/inject"
#define STATUS_ANNOTATION "sidecar.istio.io/status"
#define TEMPLATES_ANNOTATION "inject.istio.io/templates"
#define USE_WAYPOINT_LABEL "istio.io/use-waypoint"
#define USE_WAYPOINT_NS_LABEL "istio.io/use-waypoint-namespace"
#define WAYPOINT_FOR_LABEL "istio.io/waypoint-for"
#define INGRESS_USE_WAYPOINT_LABEL "istio.io/ingress-use-waypoint"
#define WAYPOINT_CLASS "istio-waypoint"
#define GATEWAY_API_GROUP "gateway.networking.k8s.io"

/* Longest Kubernetes name or label value kept by the helpers (253). */
#define MESH_NAME_MAX 254
/* hosts of the cluster's Services end so (the domain is taken as is) */
#define MESH_CLUSTER_SUFFIX ".svc.cluster.local"

/*
 * How a namespace's pods are enrolled today, from its Namespace object.
 * A namespace with an injection label and istio.io/dataplane-mode=ambient
 * is SIDECAR: the injector ignores the ambient label, and istio-cni
 * leaves injected pods out of ambient.
 */
enum mesh_ns_mode {
	MESH_NS_UNKNOWN = 0,	/* no Namespace object among the inputs */
	MESH_NS_OUT,		/* no mesh label, or injection disabled */
	MESH_NS_SIDECAR,	/* istio-injection=enabled or istio.io/rev */
	MESH_NS_AMBIENT		/* istio.io/dataplane-mode=ambient only */
};

enum mesh_ns_mode mesh_ns_mode(struct alint_rule_ctx *rctx, const char *ns);

/*
 * Whether the namespace's workloads are, or will be after the migration,
 * in ambient mode: AMBIENT or SIDECAR today, or not among the inputs (a
 * migration normally covers the whole mesh). A blocked namespace (see
 * mesh_ns_blocker) stays in sidecar mode: false, unless the run's option
 * ALINT_OPT_MIGRATE_BLOCKED (--migrate-blocked) lets it migrate.
 */
bool mesh_ns_bound_for_ambient(struct alint_rule_ctx *rctx, const char *ns);

/* Where a workload's pods end up after the migration. */
enum mesh_workload_mode {
	MESH_W_OUT = 0,		/* not in the mesh */
	MESH_W_AMBIENT,		/* ambient mode */
	MESH_W_SIDECAR,		/* keeps (or gets) a sidecar */
	MESH_W_GATEWAY		/* a gateway or waypoint proxy */
};

/*
 * The mode of a workload (any kind with a pod template, or a Pod) after
 * the migration; why (may be NULL) receives a short static reason
 * ("pod label istio.io/dataplane-mode=none"). GATEWAY when
 * mesh_is_gateway_pod(); else the pod label istio.io/dataplane-mode
 * decides; else a pod of a namespace bound for ambient is AMBIENT
 * (istio-cni does not read sidecar.istio.io/inject, so an opted-out pod
 * joins ambient with its namespace; a pod labelled
 * sidecar.istio.io/inject=true counts as AMBIENT too, as AL2003's fix
 * removes the label); else sidecar.istio.io/inject=false keeps it OUT, a
 * blocked namespace keeps it SIDECAR, and in a namespace with neither
 * istio-injection nor istio.io/rev the injector's object webhooks give a
 * sidecar to pods labelled sidecar.istio.io/inject=true or istio.io/rev.
 */
enum mesh_workload_mode mesh_workload_mode(struct alint_rule_ctx *rctx,
					   const struct alint_resource *res,
					   const char **why);

/*
 * Whether a pod template runs Istio's proxy as a gateway or waypoint
 * (container args "proxy router" or "proxy waypoint"): that Envoy stays
 * in ambient mode.
 */
bool mesh_runs_gateway_proxy(const struct alint_node *tmpl);

/* The labels mapping of a workload's pods (pod template), or NULL. */
const struct alint_node *mesh_pod_labels(const struct alint_resource *res);

/*
 * Whether the matchLabels-style mapping selects the pod labels (every
 * key and value present; an empty or NULL selector selects all).
 */
bool mesh_selects(const struct alint_node *match_labels,
		  const struct alint_node *pod_labels);

/*
 * The workloads of namespace ns whose pods match_labels selects (NULL:
 * all of them). Stores at most max in out; returns how many there are.
 */
size_t mesh_selected_workloads(struct alint_rule_ctx *rctx, const char *ns,
			       const struct alint_node *match_labels,
			       const struct alint_resource **out, size_t max);

/*
 * The Services of namespace ns that a workload selector reaches: those
 * whose spec.selector selects the pods of a workload of ns that
 * match_labels also selects. Stores at most max in out, in index order
 * (namespace, name); returns how many there are. Reads the table of
 * mesh_service_pods(), so a call costs the pods of ns's Services.
 */
size_t mesh_selected_services(struct alint_rule_ctx *rctx, const char *ns,
			      const struct alint_node *match_labels,
			      const struct alint_resource **out, size_t max);

/* A waypoint reference as a binding label gives it. */
struct mesh_waypoint_ref {
	char name[MESH_NAME_MAX];	/* "" when none */
	char ns[MESH_NAME_MAX];		/* the waypoint's namespace */
	/* the object whose label binds it (Service or Namespace) */
	const struct alint_resource *bound_by;
	const struct alint_node *label;	/* the istio.io/use-waypoint value */
};

/*
 * The waypoint a Service (or ServiceEntry) uses: its own
 * istio.io/use-waypoint label (with istio.io/use-waypoint-namespace),
 * else its Namespace object's; "none" opts out. Returns true and fills
 * ref when bound.
 */
bool mesh_service_waypoint(struct alint_rule_ctx *rctx,
			   const struct alint_resource *svc,
			   struct mesh_waypoint_ref *ref);

/* Whether a Gateway is a waypoint (gatewayClassName istio-waypoint). */
bool mesh_is_waypoint(const struct alint_resource *gw);

/* The waypoint Gateway named name in namespace ns, or NULL. */
const struct alint_resource *
mesh_find_waypoint(struct alint_rule_ctx *rctx, const char *ns,
		   const char *name);

/* The first waypoint Gateway of namespace ns, or NULL. */
const struct alint_resource *
mesh_ns_first_waypoint(struct alint_rule_ctx *rctx, const char *ns);

/*
 * The service account of a waypoint Gateway: the annotation
 * gateway.istio.io/service-account, else the Gateway's name.
 */
void mesh_waypoint_sa(const struct alint_resource *gw, char *buf,
		      size_t len);

/*
 * The first migration blocker of namespace ns among the inputs, described
 * in buf ("PeerAuthentication legacy/no-mtls sets mtls.mode DISABLE"),
 * or NULL when there is none. Blockers: a PeerAuthentication with mode
 * DISABLE in ns (or mesh-wide in the root namespace), an EnvoyFilter in
 * ns that applies to its sidecars, a workload of ns that uses SPIRE (the
 * spire injection template, the label spiffe.io/spire-managed-identity, a
 * csi.spiffe.io volume, the init container wait-for-spire-socket), VM
 * workloads of ns (WorkloadEntry, WorkloadGroup, ServiceEntry with a
 * workloadSelector). res (may be NULL) receives the blocking resource.
 * A topology that ambient mode does not support holds back every
 * namespace: when ns has no blocker of its own, the mesh-wide one of
 * blockers_mesh_wide() (multicluster below Istio 1.27, AL5003;
 * primary-remote, AL5004) is returned.
 */
const char *mesh_ns_blocker(struct alint_rule_ctx *rctx, const char *ns,
			    char *buf, size_t len,
			    const struct alint_resource **res);

/* Copy a scalar's text into buf (cut, NUL-terminated); "" otherwise. */
void mesh_text(const struct alint_node *n, char *buf, size_t len);

/*
 * The blocker that keeps namespace ns in sidecar mode for the fixes, as
 * mesh_ns_blocker() describes it in buf, or NULL when there is none or
 * the run's ALINT_OPT_MIGRATE_BLOCKED lets blocked namespaces migrate.
 * Enrolment and cleanup fixes of a held namespace are withheld.
 */
const char *mesh_ns_held(struct alint_rule_ctx *rctx, const char *ns,
			 char *buf, size_t len);

/*
 * Whether an EnvoyFilter patches sidecars, by the test mesh_ns_blocker()
 * applies to the EnvoyFilters of a namespace: not one that selects
 * gateway pods by the istio=ingress... or egress... label, and not one
 * whose every configPatch has context GATEWAY.
 */
bool mesh_envoyfilter_on_sidecars(const struct alint_resource *ef);

/*
 * The range [lo, hi) of class cls whose namespace is ns and, when name is
 * not NULL, whose name is name (the index sorts each class by namespace,
 * then name): a binary search.
 */
void mesh_range(const struct alint_index *idx, enum alint_index_class cls,
		const char *ns, const char *name, size_t *lo, size_t *hi);

/*
 * The workloads of its namespace whose pods a Service's spec.selector
 * selects, in index order (none for a Service without a selector):
 * computed for every Service once per run. *n receives their number;
 * NULL with *n 0 when there are none. Borrowed for the run.
 */
const struct alint_resource *const *
mesh_service_pods(struct alint_rule_ctx *rctx,
		  const struct alint_resource *svc, size_t *n);

/*
 * The Service a host names, as Istio resolves hosts: "reviews" in the
 * namespace ns of the resource that holds it, or a fully qualified
 * "reviews.bookstore.svc.cluster.local"; "reviews.bookstore" is taken as
 * fully qualified and names no Service. name and sns (MESH_NAME_MAX
 * bytes each) receive the Service's name and namespace, lower-cased.
 * False when the host (hl bytes, no wildcard) can name no Service.
 */
bool mesh_host_service(const char *h, size_t hl, const char *ns, char *name,
		       char *sns);

/*
 * The enrolment labels of a Namespace object, as the injector's webhooks
 * and istio-cni read them, with their nodes (to anchor findings and
 * edits at).
 */
struct mesh_ns_labels {
	const struct alint_node *inj_key, *inj_val;	/* istio-injection */
	const struct alint_node *rev_key, *rev_val;	/* istio.io/rev */
	const struct alint_node *mode_key, *mode_val;	/* dataplane-mode */
	/*
	 * The label that makes the injector inject, or NULL:
	 * istio-injection=enabled, else a non-empty istio.io/rev when there
	 * is no istio-injection (istio-injection wins).
	 */
	const struct alint_node *inject_key, *inject_val;
	bool ambient;		/* istio.io/dataplane-mode=ambient */
	enum mesh_ns_mode mode;	/* what mesh_ns_mode() answers */
};

/* The enrolment labels of the Namespace object nso. */
void mesh_ns_labels(struct mesh_ns_labels *st,
		    const struct alint_resource *nso);

/*
 * The Namespace object of ns and its enrolment labels, or NULL (st all
 * NULL, mode MESH_NS_UNKNOWN) when it is not among the inputs.
 */
const struct alint_resource *mesh_ns_find(struct mesh_ns_labels *st,
					  struct alint_rule_ctx *rctx,
					  const char *ns);

/*
 * Whether a workload's pods run Istio's proxy as a gateway or waypoint,
 * which keeps its Envoy in ambient mode: the pod label
 * gateway.networking.k8s.io/gateway-name (deployed by istiod for a
 * Gateway), the gateway injection template (inject.istio.io/templates
 * has gateway), or mesh_runs_gateway_proxy().
 */
bool mesh_is_gateway_pod(const struct alint_resource *res);

/* flags of mesh_workload_mode_ex() */
#define MESH_MODE_UNHELD 0x1	/* as if no namespace had a blocker */

/*
 * mesh_workload_mode() with flags: MESH_MODE_UNHELD answers as if every
 * namespace migrated, blocked or not (the AL2xxx rules report a blocked
 * namespace and withhold the fix).
 */
enum mesh_workload_mode
mesh_workload_mode_ex(struct alint_rule_ctx *rctx,
		      const struct alint_resource *res, unsigned int flags,
		      const char **why);

/*
 * A value derived from the whole index, built by build(rctx) for the
 * first rule that asks for key (the address of a static object) and kept
 * for the run (alint__index_memo()). NULL only when out of memory: the
 * rule's run then fails with ALINT_ENOMEM, so callers answer anything
 * harmless and return; they keep no slower second path.
 */
const void *mesh_memo(struct alint_rule_ctx *rctx, const void *key,
		      void *(*build)(void *arg), void (*destroy)(void *value));

#endif /* ALINT_RULES_MESH_H */
