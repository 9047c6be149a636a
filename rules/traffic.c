/*
 * traffic.c - the traffic-configuration rule family (AL4001-AL4009)
 *
 * Sidecar mode applies DestinationRules, VirtualServices, EnvoyFilters
 * and Sidecar resources in every pod's Envoy. In ambient mode ztunnel
 * receives only addresses and authorization policies from istiod, so
 * none of them reach it; a waypoint applies DestinationRules and
 * (Alpha) VirtualServices for the Services that use it, and nothing
 * applies Sidecar resources. These rules find the configuration that
 * becomes redundant (clean-up), the one that needs a waypoint, and the
 * one that holds a namespace back (EnvoyFilter).
 */
#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "../lib/internal.h"
#include "common.h"
#include "mesh.h"

#define ISTIO_NETWORKING "networking.istio.io"
#define CLUSTER_SUFFIX MESH_CLUSTER_SUFFIX

/* Services named in one message, and kept per finding. */
#define SVC_MAX 32
#define WORKLOAD_MAX 64

static const char *const dr_kinds[] = { "DestinationRule", NULL };
static const char *const ef_kinds[] = { "EnvoyFilter", NULL };
static const char *const sidecar_kinds[] = { "Sidecar", NULL };
static const char *const vs_kinds[] = { "VirtualService", NULL };

/* ---- helpers ------------------------------------------------------------ */

static bool istio_networking(const struct alint_resource *res)
{
	return strcmp(alint_resource_group(res), ISTIO_NETWORKING) == 0;
}

/* A Service's cluster-local name ("reviews.bookstore.svc.cluster.local"). */
static void service_fqdn(char *buf, size_t len,
			 const struct alint_resource *svc)
{
	snprintf(buf, len, "%s.%s%s", alint_resource_name(svc),
		 alint_resource_namespace(svc), CLUSTER_SUFFIX);
}

/* Whether text (len bytes) ends with suffix, ignoring case. */
static bool ends_with(const char *text, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);

	return len >= sl && strncasecmp(text + len - sl, suffix, sl) == 0;
}

/*
 * Whether a host of a DestinationRule or VirtualService in namespace ns
 * names the Service svc. Istio completes a name without a dot with the
 * resource's namespace and the cluster domain, and takes any other name
 * as fully qualified ("reviews.bookstore" is not completed); a leading
 * "*" matches any prefix. The cluster domain is taken to be cluster.local.
 */
static bool host_names_service(const char *host, size_t hl, const char *ns,
			       const struct alint_resource *svc)
{
	char fqdn[2 * MESH_NAME_MAX + 32];
	char name[MESH_NAME_MAX], sns[MESH_NAME_MAX];
	size_t fl;

	if (hl == 0)
		return false;
	if (host[0] != '*')
		return mesh_host_service(host, hl, ns, name, sns) &&
			strcmp(name, alint_resource_name(svc)) == 0 &&
			strcmp(sns, alint_resource_namespace(svc)) == 0;
	if (hl == 1)
		return true;
	if (memchr(host, '.', hl) == NULL)
		return false;
	service_fqdn(fqdn, sizeof(fqdn), svc);
	fl = strlen(fqdn);
	{
		char suffix[2 * MESH_NAME_MAX + 32];

		if (hl - 1 >= sizeof(suffix))
			return false;
		memcpy(suffix, host + 1, hl - 1);
		suffix[hl - 1] = '\0';
		return ends_with(fqdn, fl, suffix);
	}
}

/* The Services that the hosts of a resource name, in index order. */
struct svc_set {
	const struct alint_resource *svc[SVC_MAX];
	size_t n;		/* stored */
	size_t total;		/* matched, stored or not */
};

static void svc_set_add(struct svc_set *set, const struct alint_resource *s)
{
	size_t i;

	/* the same Service may come from several files */
	for (i = 0; i < set->n; i++)
		if (strcmp(alint_resource_name(set->svc[i]),
			   alint_resource_name(s)) == 0 &&
		    strcmp(alint_resource_namespace(set->svc[i]),
			   alint_resource_namespace(s)) == 0)
			return;
	if (set->n < SVC_MAX)
		set->svc[set->n++] = s;
	set->total++;
}

/* Add the Services that host names; returns how many it names. */
static size_t host_services(struct alint_rule_ctx *rctx,
			    const struct alint_node *host, const char *ns,
			    struct svc_set *set)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *s;
	size_t i, n = 0, hl;
	const char *h = text_of(host, &hl);
	char name[MESH_NAME_MAX], sns[MESH_NAME_MAX];
	size_t lo, hi;

	if (h == NULL)
		return 0;
	/*
	 * A host without a wildcard names at most one Service: look it up
	 * by namespace and name rather than comparing it with every Service
	 * of the run. Names compare without regard to case, as
	 * host_names_service() does; Kubernetes names are lower case.
	 */
	if (hl > 0 && h[0] != '*' && mesh_host_service(h, hl, ns, name, sns)) {
		mesh_range(idx, ALINT_INDEX_SERVICE, sns, name, &lo, &hi);
		for (i = lo; i < hi; i++) {
			s = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
			svc_set_add(set, s);
			n++;
		}
		return n;
	}
	if (hl > 0 && h[0] != '*')
		return 0;
	for (i = 0; i < alint_index_count(idx, ALINT_INDEX_SERVICE); i++) {
		s = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
		if (!host_names_service(h, hl, ns, s))
			continue;
		svc_set_add(set, s);
		n++;
	}
	return n;
}

/*
 * "bookstore/reviews, bookstore/ratings" into buf; past a few names,
 * "and N more".
 */
static void svc_list(char *buf, size_t len, const struct svc_set *set,
		     const bool *pick)
{
	size_t i, shown = 0, want = 0, w;

	buf[0] = '\0';
	for (i = 0; i < set->n; i++)
		if (pick == NULL || pick[i])
			want++;
	for (i = 0; i < set->n; i++) {
		if (pick != NULL && !pick[i])
			continue;
		if (shown == 4) {
			w = strlen(buf);
			snprintf(buf + w, len - w, " and %zu more", want - 4);
			return;
		}
		w = strlen(buf);
		snprintf(buf + w, len - w, "%s%s/%s", shown ? ", " : "",
			 alint_resource_namespace(set->svc[i]),
			 alint_resource_name(set->svc[i]));
		shown++;
	}
}

/* The first workload of svc's pods that keeps a sidecar, or NULL. */
static const struct alint_resource *
sidecar_backend(struct alint_rule_ctx *rctx, const struct alint_resource *svc)
{
	const struct alint_resource *w[WORKLOAD_MAX];
	const struct alint_node *sel;
	size_t n, i;

	sel = map_get(spec_of(svc), "selector");
	if (sel == NULL || alint_node_count(sel) == 0)
		return NULL;
	n = mesh_selected_workloads(rctx, alint_resource_namespace(svc), sel,
				    w, WORKLOAD_MAX);
	if (n > WORKLOAD_MAX)
		n = WORKLOAD_MAX;
	for (i = 0; i < n; i++)
		if (mesh_workload_mode(rctx, w[i], NULL) == MESH_W_SIDECAR)
			return w[i];
	return NULL;
}

/* A namespace that stays in sidecar mode: in the mesh, but blocked. */
static bool ns_stays_sidecar(struct alint_rule_ctx *rctx, const char *ns)
{
	return mesh_ns_mode(rctx, ns) != MESH_NS_OUT &&
		!mesh_ns_bound_for_ambient(rctx, ns);
}

/*
 * The first workload among the inputs that keeps a sidecar, in namespace
 * ns or (ns NULL) in any namespace.
 */
static const struct alint_resource *
any_sidecar_workload(struct alint_rule_ctx *rctx, const char *ns)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *w;
	size_t i;

	for (i = 0; i < alint_index_count(idx, ALINT_INDEX_WORKLOAD); i++) {
		w = alint_index_get(idx, ALINT_INDEX_WORKLOAD, i);
		if (ns != NULL && strcmp(alint_resource_namespace(w), ns) != 0)
			continue;
		if (mesh_workload_mode(rctx, w, NULL) == MESH_W_SIDECAR)
			return w;
	}
	return NULL;
}

/* ---- DestinationRule: ISTIO_MUTUAL (AL4001) ----------------------------- */

static bool tls_mode_is(const struct alint_node *owner, const char *mode)
{
	return text_is(alint_node_path(owner, "tls", "mode", NULL), mode);
}

/* SIMPLE and MUTUAL: TLS that a waypoint originates inside HBONE. */
static bool originates_tls(const struct alint_node *owner)
{
	return tls_mode_is(owner, "SIMPLE") || tls_mode_is(owner, "MUTUAL");
}

#define SITE_MAX 32
#define PAIR_MAX 64

/*
 * The plan of the AL4001 fix: the ISTIO_MUTUAL sites found, and the keys
 * to remove so that no mapping is left empty by the removal.
 */
struct mutual_plan {
	const struct alint_node *site[SITE_MAX];	/* tls.mode values */
	size_t nsites;
	const struct alint_node *remove[PAIR_MAX];	/* keys */
	size_t nremove;
	bool overflow;
};

static void plan_site(struct mutual_plan *p, const struct alint_node *mode)
{
	if (p->nsites < SITE_MAX)
		p->site[p->nsites++] = mode;
	else
		p->overflow = true;
}

static void plan_remove(struct mutual_plan *p, const struct alint_node *key)
{
	if (p->nremove < PAIR_MAX)
		p->remove[p->nremove++] = key;
	else
		p->overflow = true;
}

/*
 * Plan one trafficPolicy mapping. inherited: a SIMPLE or MUTUAL that an
 * ISTIO_MUTUAL here overrides (from the top-level policy, for a subset):
 * such an ISTIO_MUTUAL turns off the TLS that the waypoint would
 * originate, so it is not redundant. Returns true when the removals
 * leave tp empty: the caller then removes its key instead, and the keys
 * planned inside are dropped.
 */
static bool plan_policy(struct mutual_plan *p, const struct alint_node *tp,
			bool inherited)
{
	const struct alint_node *pls, *item;
	const struct alint_node *keys[PAIR_MAX];
	size_t nkeys = 0, left, i, item_left;
	bool here = false, all_empty = true, any = false, orig;

	if (tp == NULL)
		return false;
	left = alint_node_count(tp);
	if (tls_mode_is(tp, "ISTIO_MUTUAL") && !inherited) {
		plan_site(p, alint_node_path(tp, "tls", "mode", NULL));
		keys[nkeys++] = alint_node_get_key(tp, "tls");
		left--;
		here = true;
	}
	orig = inherited || originates_tls(tp);
	pls = seq_get(tp, "portLevelSettings");
	for (i = 0; pls != NULL && i < alint_node_count(pls); i++) {
		item = alint_node_item(pls, i);
		if (!is_mapping(item)) {
			all_empty = false;
			continue;
		}
		item_left = alint_node_count(item);
		if (alint_node_get_key(item, "port") != NULL)
			item_left--;
		if (tls_mode_is(item, "ISTIO_MUTUAL") && !orig) {
			plan_site(p, alint_node_path(item, "tls", "mode",
						     NULL));
			if (nkeys < PAIR_MAX)
				keys[nkeys++] = alint_node_get_key(item, "tls");
			item_left--;
			any = true;
		}
		if (item_left != 0)
			all_empty = false;
	}
	if (any && all_empty) {
		/* every port-level entry keeps only its port: drop the list */
		nkeys = here ? 1 : 0;
		keys[nkeys++] = alint_node_get_key(tp, "portLevelSettings");
		left--;
	}
	if (!here && !any)
		return false;
	if (left == 0)
		return true;
	for (i = 0; i < nkeys; i++)
		plan_remove(p, keys[i]);
	return false;
}

/*
 * Plan the whole DestinationRule; returns whether it is left with
 * nothing but its host (and exportTo): the fix then removes it.
 */
static bool plan_dr(struct mutual_plan *p, const struct alint_node *spec)
{
	const struct alint_node *tp, *subsets, *s, *k;
	bool inherited, tp_gone, keeps = false;
	size_t i;

	memset(p, 0, sizeof(*p));
	tp = map_get(spec, "trafficPolicy");
	tp_gone = plan_policy(p, tp, false);
	if (tp_gone)
		plan_remove(p, alint_node_get_key(spec, "trafficPolicy"));

	/* a subset inherits the top-level TLS, port-level ones included */
	inherited = originates_tls(tp);
	for (i = 0; tp != NULL && seq_get(tp, "portLevelSettings") != NULL &&
	     i < alint_node_count(seq_get(tp, "portLevelSettings")); i++)
		if (originates_tls(alint_node_item(
				seq_get(tp, "portLevelSettings"), i)))
			inherited = true;
	subsets = seq_get(spec, "subsets");
	for (i = 0; subsets != NULL && i < alint_node_count(subsets); i++) {
		s = alint_node_item(subsets, i);
		if (!is_mapping(s))
			continue;
		if (plan_policy(p, map_get(s, "trafficPolicy"), inherited))
			plan_remove(p, alint_node_get_key(s, "trafficPolicy"));
	}

	/* what else the rule does */
	for (k = alint_node_first(spec); k != NULL;
	     k = alint_node_next(alint_node_next(k))) {
		if (text_is(k, "host") || text_is(k, "exportTo"))
			continue;
		if (text_is(k, "trafficPolicy") && (tp_gone || tp == NULL))
			continue;
		keeps = true;
	}
	return !keeps;
}

/*
 * Whether the Services that a host names all leave sidecar mode. A host
 * that cannot be resolved (outside the cluster domain, or a wildcard
 * other than the mesh-wide or namespace-wide ones) answers false: its
 * ISTIO_MUTUAL may still serve sidecars or VMs.
 */
static bool host_leaves_sidecars(struct alint_rule_ctx *rctx,
				 const struct alint_node *host, const char *ns)
{
	struct svc_set set;
	char hns[MESH_NAME_MAX];
	const char *h, *dot;
	size_t hl, i;

	h = text_of(host, &hl);
	if (h == NULL || hl == 0 || hl >= MESH_NAME_MAX)
		return false;
	memset(&set, 0, sizeof(set));
	host_services(rctx, host, ns, &set);
	for (i = 0; i < set.n; i++)
		if (sidecar_backend(rctx, set.svc[i]) != NULL)
			return false;
	if (set.total > set.n)
		return false;

	/* mesh-wide: "*", "*.local", "*.cluster.local", "*.svc.cluster..." */
	if (h[0] == '*') {
		char rest[MESH_NAME_MAX];

		snprintf(rest, sizeof(rest), "%.*s", (int)(hl - 1), h + 1);
		if (rest[0] == '\0' ||
		    (rest[0] == '.' && rest[1] != '\0' &&
		     ends_with(CLUSTER_SUFFIX, strlen(CLUSTER_SUFFIX), rest))) {
			return any_sidecar_workload(rctx, NULL) == NULL;
		}
	}
	/* the namespace of a short name, or of *.ns / name.ns FQDN */
	if (memchr(h, '.', hl) == NULL) {
		snprintf(hns, sizeof(hns), "%s", ns);
	} else {
		if (!ends_with(h, hl, CLUSTER_SUFFIX))
			return false;
		dot = memchr(h, '.', hl);
		i = (size_t)(dot - h) + 1;
		if (hl - i <= strlen(CLUSTER_SUFFIX))
			return false;
		snprintf(hns, sizeof(hns), "%.*s",
			 (int)(hl - i - strlen(CLUSTER_SUFFIX)), h + i);
		if (strchr(hns, '.') != NULL)
			return false;
	}
	if (h[0] == '*') {
		if (any_sidecar_workload(rctx, hns) != NULL)
			return false;
	} else if (set.n > 0) {
		return true;
	}
	return !ns_stays_sidecar(rctx, hns);
}

static int check_dr_istio_mutual(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	const struct alint_node *spec = spec_of(res);
	const struct alint_node *host = alint_node_get(spec, "host");
	struct mutual_plan p;
	struct alint_finding *f;
	const char *h;
	size_t hl, i;
	bool empty;
	int rc;

	(void)payload;
	if (!istio_networking(res) || spec == NULL)
		return 0;
	if (!mesh_ns_bound_for_ambient(rctx, alint_resource_namespace(res)))
		return 0;
	empty = plan_dr(&p, spec);
	if (p.nsites == 0)
		return 0;
	h = text_of(host, &hl);
	if (h == NULL ||
	    !host_leaves_sidecars(rctx, host, alint_resource_namespace(res)))
		return 0;
	f = alint_rule_report(rctx, p.site[0],
		"DestinationRule %s/%s sets tls.mode ISTIO_MUTUAL for %.*s, "
		"which nothing applies in ambient mode: ztunnel never reads "
		"DestinationRules (it gets only addresses and authorization "
		"from istiod) and waypoints build no TLS context for "
		"ISTIO_MUTUAL; ztunnel uses HBONE mTLS to HBONE-capable "
		"destinations on its own, so the setting is redundant",
		alint_resource_namespace(res), alint_resource_name(res),
		msg_len(hl), h);
	if (f == NULL)
		return 0;
	for (i = 1; i < p.nsites; i++) {
		rc = alint_finding_related(f, res, p.site[i],
			"ISTIO_MUTUAL here is redundant as well");
		if (rc < 0)
			return rc;
	}
	if (p.overflow)
		return 0;
	if (empty) {
		rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
			"remove the DestinationRule, which only sets "
			"ISTIO_MUTUAL");
		if (rc == 0)
			rc = alint_fix_remove_resource(f, res);
		return fix_rc(rc);
	}
	rc = alint_finding_fix(f, ALINT_FIX_SAFE,
			       "remove the ISTIO_MUTUAL tls settings");
	for (i = 0; rc == 0 && i < p.nremove; i++)
		rc = alint_fix_remove_pair(f, p.remove[i]);
	return fix_rc(rc);
}

const struct alint_rule alint__rule_destinationrule_istio_mutual = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4001",
	.name = "destinationrule-istio-mutual",
	.severity = ALINT_SEV_INFO,
	.flags = 0,
	.summary = "DestinationRule tls.mode ISTIO_MUTUAL is redundant in "
		"ambient mode",
	.doc =
	"In sidecar mode a DestinationRule with trafficPolicy.tls.mode "
	"ISTIO_MUTUAL (at the top, in portLevelSettings, or in a subset's "
	"trafficPolicy) tells the client sidecars to use Istio mTLS to the "
	"host; many meshes carry one per service from before automatic "
	"mTLS. In ambient mode nothing applies it. ztunnel never reads "
	"DestinationRules: the only xDS types it gets from istiod are "
	"addresses and authorization policies. Waypoints do read "
	"DestinationRules, but build no TLS context for ISTIO_MUTUAL "
	"(buildWaypointTLSContext). The reason is not that \"HBONE is "
	"always mTLS\": ztunnel uses HBONE only to HBONE-capable "
	"destinations (ambient pods, waypoints, sidecars labelled "
	"networking.istio.io/tunnel=http) and sends plain TCP to anything "
	"else, whatever the DestinationRule says.\n"
	"\n"
	"The rule reports DestinationRules of namespaces bound for ambient "
	"whose host's destinations all leave sidecar mode. Sidecars that "
	"remain (a blocked namespace, a workload that keeps its sidecar) "
	"still use ISTIO_MUTUAL for destinations that are not "
	"HBONE-capable, so there is no finding when a Service that the "
	"host names has a workload that keeps a sidecar, when a short or "
	"cluster-local host lies in a namespace that stays in sidecar mode, "
	"when a wildcard host covers such a workload, or when the host is "
	"outside the cluster domain (a ServiceEntry). An ISTIO_MUTUAL in "
	"portLevelSettings or in a subset that overrides an inherited "
	"SIMPLE or MUTUAL is not redundant either: it turns off the TLS "
	"that the waypoint would otherwise originate. SIMPLE and MUTUAL are "
	"never reported: waypoints originate that TLS inside the HBONE "
	"tunnel (see AL4002).\n"
	"\n"
	"The fix (safe) removes each redundant tls mapping whole: with "
	"ISTIO_MUTUAL its sni and subjectAltNames are ignored by waypoints "
	"too, since no TLS context is built. A trafficPolicy (or "
	"portLevelSettings list) that the removal would leave empty goes "
	"with it. The fix is meant for the clean-up phase, after the "
	"destinations run in ambient mode; remaining sidecar clients then "
	"send HBONE to them. A DestinationRule that would be left with "
	"nothing but its host gets an unsafe fix instead, which removes the "
	"whole document: deleting an object changes what the cluster "
	"holds, and with meshConfig.enableAutoMtls off a sidecar that still "
	"talks to a sidecar destination would fall back to plain text. "
	"Hosts are matched to Services by short name in the rule's "
	"namespace or as name.namespace.svc.cluster.local; another cluster "
	"domain is not recognised.",
	.kinds = dr_kinds,
	.check = check_dr_istio_mutual,
	.example_bad =
	"apiVersion: networking.istio.io/v1\n"
	"kind: DestinationRule\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  host: reviews\n"
	"  trafficPolicy:\n"
	"    connectionPool:\n"
	"      tcp:\n"
	"        maxConnections: 100\n"
	"    tls:\n"
	"      mode: ISTIO_MUTUAL\n",
	.example_good =
	"apiVersion: networking.istio.io/v1\n"
	"kind: DestinationRule\n"
	"metadata:\n"
	"  name: payments-api\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  host: payments.example.com\n"
	"  trafficPolicy:\n"
	"    tls:\n"
	"      mode: SIMPLE\n"
	"      sni: payments.example.com\n",
	.phase = ALINT_PHASE_CLEANUP,
};

/* ---- DestinationRule: settings only a waypoint applies (AL4002) --------- */

#define FEAT_SUBSETS	(1u << 0)
#define FEAT_LB		(1u << 1)
#define FEAT_OUTLIER	(1u << 2)
#define FEAT_POOL	(1u << 3)
#define FEAT_TLS	(1u << 4)

static unsigned int policy_features(const struct alint_node *tp,
				    const struct alint_node **first)
{
	static const struct {
		const char *key;
		unsigned int bit;
	} keys[] = {
		{ "loadBalancer", FEAT_LB },
		{ "outlierDetection", FEAT_OUTLIER },
		{ "connectionPool", FEAT_POOL },
	};
	const struct alint_node *pls;
	unsigned int f = 0;
	size_t i;

	if (!is_mapping(tp))
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (alint_node_get(tp, keys[i].key) == NULL)
			continue;
		f |= keys[i].bit;
		if (*first == NULL)
			*first = alint_node_get_key(tp, keys[i].key);
	}
	if (originates_tls(tp)) {
		f |= FEAT_TLS;
		if (*first == NULL)
			*first = alint_node_get_key(tp, "tls");
	}
	pls = seq_get(tp, "portLevelSettings");
	for (i = 0; pls != NULL && i < alint_node_count(pls); i++)
		f |= policy_features(alint_node_item(pls, i), first);
	return f;
}

static void feature_text(char *buf, size_t len, unsigned int f)
{
	static const struct {
		unsigned int bit;
		const char *text;
	} names[] = {
		{ FEAT_SUBSETS, "subsets" },
		{ FEAT_LB, "loadBalancer" },
		{ FEAT_OUTLIER, "outlierDetection" },
		{ FEAT_POOL, "connectionPool" },
		{ FEAT_TLS, "TLS origination (SIMPLE or MUTUAL)" },
	};
	size_t i, w;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(f & names[i].bit))
			continue;
		w = strlen(buf);
		snprintf(buf + w, len - w, "%s%s", w ? ", " : "",
			 names[i].text);
	}
}

/*
 * Whether a Service fronts gateway or waypoint proxies, which keep their
 * Envoy in ambient mode: its selector picks istio=...gateway pods or a
 * Gateway API deployment, or every workload it selects among the inputs
 * is a gateway.
 */
static bool service_of_gateway(struct alint_rule_ctx *rctx,
			       const struct alint_resource *svc)
{
	const struct alint_resource *w[WORKLOAD_MAX];
	const struct alint_node *sel;
	const char *t;
	size_t n, i, len;

	sel = map_get(spec_of(svc), "selector");
	if (sel == NULL || alint_node_count(sel) == 0)
		return false;
	t = text_of(alint_node_get(sel, "istio"), &len);
	if (t != NULL && ends_with(t, len, "gateway"))
		return true;
	if (alint_node_get(sel, "gateway.networking.k8s.io/gateway-name"))
		return true;
	n = mesh_selected_workloads(rctx, alint_resource_namespace(svc), sel,
				    w, WORKLOAD_MAX);
	if (n == 0 || n > WORKLOAD_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (mesh_workload_mode(rctx, w[i], NULL) != MESH_W_GATEWAY)
			return false;
	return true;
}

/*
 * The Services of set that need a waypoint: in a namespace bound for
 * ambient, not in front of gateways, and bound to no waypoint. Returns
 * how many; pick marks them.
 */
static size_t need_waypoint(struct alint_rule_ctx *rctx,
			    const struct svc_set *set, bool *pick)
{
	struct mesh_waypoint_ref ref;
	size_t i, n = 0;

	for (i = 0; i < set->n; i++) {
		pick[i] = mesh_ns_bound_for_ambient(rctx,
				alint_resource_namespace(set->svc[i])) &&
			!service_of_gateway(rctx, set->svc[i]) &&
			!mesh_service_waypoint(rctx, set->svc[i], &ref);
		if (pick[i])
			n++;
	}
	return n;
}

static int relate_services(struct alint_finding *f, const struct svc_set *set,
			   const bool *pick, const char *what)
{
	size_t i;
	int rc;

	for (i = 0; i < set->n; i++) {
		if (pick != NULL && !pick[i])
			continue;
		rc = alint_finding_related(f, set->svc[i],
			alint_node_path(alint_resource_root(set->svc[i]),
					"metadata", "name", NULL), "%s", what);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_dr_waypoint(struct alint_rule_ctx *rctx,
			     const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = spec_of(res);
	const struct alint_node *first = NULL, *subsets, *s;
	struct svc_set set;
	bool pick[SVC_MAX];
	char feats[200], names[600];
	unsigned int f = 0;
	struct alint_finding *fd;
	size_t i, n;

	(void)payload;
	if (!istio_networking(res) || spec == NULL)
		return 0;
	subsets = seq_get(spec, "subsets");
	if (subsets != NULL && alint_node_count(subsets) > 0) {
		f |= FEAT_SUBSETS;
		first = alint_node_get_key(spec, "subsets");
	}
	f |= policy_features(map_get(spec, "trafficPolicy"), &first);
	for (i = 0; subsets != NULL && i < alint_node_count(subsets); i++) {
		s = alint_node_item(subsets, i);
		f |= policy_features(map_get(s, "trafficPolicy"), &first);
	}
	if (f == 0)
		return 0;
	memset(&set, 0, sizeof(set));
	host_services(rctx, alint_node_get(spec, "host"),
		      alint_resource_namespace(res), &set);
	n = need_waypoint(rctx, &set, pick);
	if (n == 0)
		return 0;
	feature_text(feats, sizeof(feats), f);
	svc_list(names, sizeof(names), &set, pick);
	fd = alint_rule_report(rctx, first,
		"DestinationRule %s/%s sets %s, which only a waypoint applies "
		"in ambient mode (ztunnel never reads DestinationRules): "
		"%s %s %s no waypoint, so these settings stop applying once "
		"%s in ambient mode; deploy a waypoint and label the Service "
		"or its namespace istio.io/use-waypoint%s",
		alint_resource_namespace(res), alint_resource_name(res), feats,
		n == 1 ? "Service" : "Services", names, n == 1 ? "uses" : "use",
		n == 1 ? "it runs" : "they run", (f & FEAT_SUBSETS) ?
		"; at a waypoint subsets work with VirtualService only, "
		"HTTPRoute needs a Service per version" : "");
	if (fd == NULL)
		return 0;
	return relate_services(fd, &set, pick, "Service without a waypoint");
}

const struct alint_rule alint__rule_destinationrule_waypoint_only = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4002",
	.name = "destinationrule-waypoint-only",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "DestinationRule settings need a waypoint in ambient mode",
	.doc =
	"In sidecar mode the client's sidecar applies a DestinationRule: "
	"subsets, load balancing, outlier detection, connection pool "
	"limits and TLS origination. In ambient mode ztunnel never reads "
	"DestinationRules; only a waypoint applies them, for the Services "
	"that use it (Stable at waypoints). A Service without a waypoint "
	"silently loses them: requests are balanced by ztunnel at the "
	"connection level, no endpoint is ejected, no limit holds, no TLS "
	"is originated.\n"
	"\n"
	"The rule reports a DestinationRule that sets subsets, "
	"loadBalancer, outlierDetection, connectionPool, or tls.mode SIMPLE "
	"or MUTUAL (top level, portLevelSettings or subsets) when its host "
	"names Services among the inputs that are in namespaces bound for "
	"ambient and that use no waypoint (istio.io/use-waypoint on the "
	"Service or its namespace, none opting out). It names those "
	"Services, and shows them as related locations. The namespace "
	"needs a waypoint: deploy one (istioctl waypoint apply -n NS) and "
	"label the Services or the namespace istio.io/use-waypoint. Subsets "
	"work at a waypoint with VirtualService only; an HTTPRoute needs "
	"one Service per version instead.\n"
	"\n"
	"Hosts are matched to Services by short name in the rule's "
	"namespace or as name.namespace.svc.cluster.local (wildcards "
	"included); a host that names no Service among the inputs (a "
	"ServiceEntry, an external name) is not reported. There is no "
	"fix: a waypoint is a new Deployment in the data path, for the "
	"owner to decide.",
	.kinds = dr_kinds,
	.check = check_dr_waypoint,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: DestinationRule\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  host: reviews\n"
	"  trafficPolicy:\n"
	"    outlierDetection:\n"
	"      consecutive5xxErrors: 5\n"
	"      interval: 30s\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: DestinationRule\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  host: reviews\n"
	"  trafficPolicy:\n"
	"    outlierDetection:\n"
	"      consecutive5xxErrors: 5\n"
	"      interval: 30s\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- EnvoyFilter (AL4003-AL4005) ---------------------------------------- */

/*
 * The targetRefs (or singular targetRef) entries of an EnvoyFilter that
 * name a waypoint: a waypoint Gateway of its namespace, or the
 * istio-waypoint GatewayClass. Returns the first such entry, or NULL;
 * *has_refs says whether it targets anything.
 */
static const struct alint_node *
ef_waypoint_ref(struct alint_rule_ctx *rctx, const struct alint_resource *ef,
		bool *has_refs)
{
	const struct alint_node *spec = spec_of(ef);
	const struct alint_node *refs, *one, *r, *kind;
	char name[MESH_NAME_MAX];
	size_t i;

	refs = seq_get(spec, "targetRefs");
	one = map_get(spec, "targetRef");
	*has_refs = (refs != NULL && alint_node_count(refs) > 0) ||
		one != NULL;
	for (i = 0; ; i++) {
		if (refs != NULL && i < alint_node_count(refs))
			r = alint_node_item(refs, i);
		else if (refs == NULL && i == 0 && one != NULL)
			r = one;
		else if (refs != NULL && i == alint_node_count(refs) &&
			 one != NULL)
			r = one;
		else
			break;
		if (!is_mapping(r))
			continue;
		kind = alint_node_get(r, "kind");
		mesh_text(alint_node_get(r, "name"), name, sizeof(name));
		if (text_is(kind, "GatewayClass") &&
		    strcmp(name, WAYPOINT_CLASS) == 0)
			return r;
		if (text_is(kind, "Gateway") &&
		    mesh_find_waypoint(rctx, alint_resource_namespace(ef),
				       name) != NULL)
			return r;
	}
	return NULL;
}

static const struct alint_node *ef_anchor(const struct alint_resource *ef)
{
	const struct alint_node *spec = spec_of(ef);
	const struct alint_node *n;

	n = alint_node_get_key(spec, "configPatches");
	if (n == NULL)
		n = alint_node_get(alint_resource_root(ef), "kind");
	return n;
}

static int check_ef_sidecar(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res, void *payload)
{
	const char *ns = alint_resource_namespace(res);
	const bool v122 = alint_rule_ctx_istio_version(rctx) >=
		ALINT_ISTIO_VERSION(1, 22);
	bool has_refs;

	(void)payload;
	if (!istio_networking(res))
		return 0;
	ef_waypoint_ref(rctx, res, &has_refs);
	if (has_refs || strcmp(ns, alint_rule_ctx_root_namespace(rctx)) == 0)
		return 0;
	if (mesh_ns_mode(rctx, ns) == MESH_NS_OUT ||
	    !mesh_envoyfilter_on_sidecars(res))
		return 0;
	alint_rule_report(rctx, ef_anchor(res),
		"EnvoyFilter %s/%s patches the Envoy of the sidecars of "
		"namespace %s, which ambient pods do not have: ztunnel is not "
		"Envoy and never receives EnvoyFilters, and the migration "
		"guide says EnvoyFilters are silently ignored after the "
		"migration; namespace %s must stay in sidecar mode until the "
		"filter is replaced%s", ns, alint_resource_name(res), ns, ns,
		v122 ? " (an alpha route: an EnvoyFilter with targetRefs to a "
		"waypoint Gateway or the istio-waypoint GatewayClass)" :
		" (EnvoyFilter targetRefs to a waypoint, an alpha route, "
		"needs Istio 1.22 or later)");
	return 0;
}

const struct alint_rule alint__rule_envoyfilter_sidecar_patch = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4003",
	.name = "envoyfilter-sidecar-patch",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_BLOCKER,
	.summary = "EnvoyFilter on sidecars blocks the namespace's migration",
	.doc =
	"An EnvoyFilter patches the Envoy configuration that istiod "
	"generates for the proxies it selects. In ambient mode the pods "
	"have no Envoy: ztunnel is written in Rust and receives only "
	"addresses and authorization policies, never EnvoyFilters. "
	"Waypoints are Envoy, and since Istio 1.22 the API and code accept "
	"an EnvoyFilter with targetRefs to a Gateway or GatewayClass (the "
	"waypoint pages list it as Alpha), but the 2026 migration guide "
	"says that EnvoyFilters targeting waypoints are not supported and "
	"are silently ignored after the migration.\n"
	"\n"
	"The rule reports an EnvoyFilter, outside the root namespace, of a "
	"namespace in the mesh (or not described by the inputs) that "
	"applies to its sidecars: not one whose workloadSelector picks "
	"gateway pods by the usual istio=ingressgateway or egressgateway "
	"label, not one whose every patch has context GATEWAY, and not one "
	"with targetRefs (AL4005). It is a migration blocker, as in the "
	"namespace readiness that the other rules use: the namespace stays "
	"in sidecar mode, and its enrolment and clean-up fixes are "
	"withheld, until the filter is replaced by an ambient feature "
	"(a waypoint with HTTPRoute, AuthorizationPolicy, Telemetry or "
	"WasmPlugin), moved to a waypoint through targetRefs (alpha, 1.22 "
	"and later) or deleted.\n"
	"\n"
	"An EnvoyFilter in the root namespace applies to the proxies of "
	"every namespace: AL4004 reports it as a warning, since it does "
	"not hold one namespace back. There is no fix.",
	.kinds = ef_kinds,
	.check = check_ef_sidecar,
	.example_bad =
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata:\n"
	"  name: reviews-lua\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  workloadSelector:\n"
	"    labels:\n"
	"      app: reviews\n"
	"  configPatches:\n"
	"  - applyTo: HTTP_FILTER\n"
	"    match:\n"
	"      context: SIDECAR_INBOUND\n"
	"    patch:\n"
	"      operation: INSERT_BEFORE\n"
	"      value:\n"
	"        name: envoy.filters.http.lua\n",
	.example_good =
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata:\n"
	"  name: ingress-lua\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  workloadSelector:\n"
	"    labels:\n"
	"      istio: ingressgateway\n"
	"  configPatches:\n"
	"  - applyTo: HTTP_FILTER\n"
	"    match:\n"
	"      context: GATEWAY\n"
	"    patch:\n"
	"      operation: INSERT_BEFORE\n"
	"      value:\n"
	"        name: envoy.filters.http.lua\n",
	.phase = ALINT_PHASE_POLICIES,
};

static int check_ef_mesh_wide(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	const char *ns = alint_resource_namespace(res);
	bool has_refs;

	(void)payload;
	if (!istio_networking(res) ||
	    strcmp(ns, alint_rule_ctx_root_namespace(rctx)) != 0)
		return 0;
	ef_waypoint_ref(rctx, res, &has_refs);
	if (has_refs || !mesh_envoyfilter_on_sidecars(res))
		return 0;
	alint_rule_report(rctx, ef_anchor(res),
		"EnvoyFilter %s/%s in the root namespace patches the "
		"sidecars of every namespace: ztunnel is not Envoy and never "
		"receives EnvoyFilters, so the patch has no effect on any pod "
		"in ambient mode; replace what it does before migrating the "
		"namespaces that rely on it", ns, alint_resource_name(res));
	return 0;
}

const struct alint_rule alint__rule_envoyfilter_mesh_wide = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4004",
	.name = "envoyfilter-mesh-wide",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "root-namespace EnvoyFilter has no effect on ambient pods",
	.doc =
	"An EnvoyFilter in the root namespace (istio-system unless "
	"--root-namespace says otherwise) applies to the matching proxies "
	"of every namespace. ztunnel is not Envoy and never receives "
	"EnvoyFilters, so once a namespace runs in ambient mode the patch "
	"no longer applies to its pods; only sidecars that remain keep it. "
	"Waypoints ignore it unless it targets them with targetRefs "
	"(AL4005).\n"
	"\n"
	"The rule reports root-namespace EnvoyFilters that apply to "
	"sidecars (the same test as AL4003: not gateway-only, no "
	"targetRefs). It is a warning, not a blocker: a mesh-wide filter "
	"does not hold one namespace back, but whatever it does (headers, "
	"Lua, rate limits, tuning) has to be replaced by an ambient "
	"feature or accepted as lost for each namespace that migrates. "
	"There is no fix.",
	.kinds = ef_kinds,
	.check = check_ef_mesh_wide,
	.example_bad =
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata:\n"
	"  name: request-id-header\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  configPatches:\n"
	"  - applyTo: NETWORK_FILTER\n"
	"    match:\n"
	"      context: SIDECAR_OUTBOUND\n"
	"    patch:\n"
	"      operation: MERGE\n"
	"      value:\n"
	"        typed_config:\n"
	"          generate_request_id: true\n",
	.example_good =
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata:\n"
	"  name: ingress-request-id\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  workloadSelector:\n"
	"    labels:\n"
	"      istio: ingressgateway\n"
	"  configPatches:\n"
	"  - applyTo: NETWORK_FILTER\n"
	"    match:\n"
	"      context: GATEWAY\n"
	"    patch:\n"
	"      operation: MERGE\n"
	"      value:\n"
	"        typed_config:\n"
	"          generate_request_id: true\n",
	.phase = ALINT_PHASE_POLICIES,
};

static int check_ef_waypoint(struct alint_rule_ctx *rctx,
			     const struct alint_resource *res, void *payload)
{
	const struct alint_node *ref;
	bool has_refs;

	(void)payload;
	if (!istio_networking(res))
		return 0;
	ref = ef_waypoint_ref(rctx, res, &has_refs);
	if (ref == NULL)
		return 0;
	alint_rule_report(rctx, ref,
		"EnvoyFilter %s/%s targets a waypoint: EnvoyFilter at "
		"waypoints is Alpha%s, and the migration guide says "
		"EnvoyFilters targeting waypoints are not supported and may be "
		"silently ignored; prefer an ambient feature (HTTPRoute, "
		"AuthorizationPolicy, Telemetry, WasmPlugin) and test the "
		"filter on the waypoint",
		alint_resource_namespace(res), alint_resource_name(res),
		alint_rule_ctx_istio_version(rctx) <
		ALINT_ISTIO_VERSION(1, 22) ? " and its targetRefs need Istio "
		"1.22 or later" : "");
	return 0;
}

const struct alint_rule alint__rule_envoyfilter_waypoint_alpha = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4005",
	.name = "envoyfilter-waypoint-alpha",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "EnvoyFilter targeting a waypoint is Alpha and unsupported "
		"by the guide",
	.doc =
	"Since Istio 1.22 an EnvoyFilter may use targetRefs to a Gateway "
	"or GatewayClass instead of a workloadSelector, which lets it patch "
	"a waypoint. The waypoint and L7 feature pages list EnvoyFilter "
	"with targetRefs as Alpha, while the 2026 migration guide says that "
	"EnvoyFilters targeting waypoints are not supported and will be "
	"silently ignored after the migration. Istio's own sources thus "
	"disagree, and an Alpha Envoy patch depends on the generated "
	"configuration of the waypoint, which changes between releases.\n"
	"\n"
	"The rule reports an EnvoyFilter whose targetRefs (or the hidden "
	"singular targetRef) name a waypoint Gateway of its namespace "
	"(gatewayClassName istio-waypoint, among the inputs) or the "
	"istio-waypoint GatewayClass. Below Istio 1.22 (--istio-version) "
	"the message adds that targetRefs needs 1.22. It is the escape "
	"hatch that AL4003 mentions, and a warning: test it on the "
	"waypoint, and prefer an ambient feature where one exists. There "
	"is no fix.",
	.kinds = ef_kinds,
	.check = check_ef_waypoint,
	.example_bad =
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata:\n"
	"  name: waypoint-lua\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: GatewayClass\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: istio-waypoint\n"
	"  configPatches:\n"
	"  - applyTo: HTTP_FILTER\n"
	"    match:\n"
	"      context: SIDECAR_INBOUND\n"
	"    patch:\n"
	"      operation: INSERT_BEFORE\n"
	"      value:\n"
	"        name: envoy.filters.http.lua\n",
	.example_good =
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata:\n"
	"  name: ingress-lua\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Gateway\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: bookstore-ingress\n"
	"  configPatches:\n"
	"  - applyTo: HTTP_FILTER\n"
	"    match:\n"
	"      context: GATEWAY\n"
	"    patch:\n"
	"      operation: INSERT_BEFORE\n"
	"      value:\n"
	"        name: envoy.filters.http.lua\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- Sidecar (AL4006) --------------------------------------------------- */

static int check_sidecar_resource(struct alint_rule_ctx *rctx,
				  const struct alint_resource *res,
				  void *payload)
{
	const char *ns = alint_resource_namespace(res);
	const struct alint_node *spec = spec_of(res);
	const struct alint_node *sel, *otp;
	const struct alint_resource *w[WORKLOAD_MAX];
	struct alint_finding *f;
	size_t n, i;
	bool restricts;
	int rc;

	(void)payload;
	if (!istio_networking(res) ||
	    strcmp(ns, alint_rule_ctx_root_namespace(rctx)) == 0 ||
	    !mesh_ns_bound_for_ambient(rctx, ns))
		return 0;
	sel = map_get(map_get(spec, "workloadSelector"), "labels");
	n = mesh_selected_workloads(rctx, ns, sel, w, WORKLOAD_MAX);
	if (n > WORKLOAD_MAX)
		return 0;	/* too many to look at: stay quiet */
	for (i = 0; i < n; i++)
		if (mesh_workload_mode(rctx, w[i], NULL) == MESH_W_SIDECAR)
			return 0;
	otp = alint_node_path(spec, "outboundTrafficPolicy", "mode", NULL);
	restricts = text_is(otp, "REGISTRY_ONLY") ||
		seq_get(spec, "egress") != NULL;
	f = alint_rule_report(rctx, alint_node_get(alint_resource_root(res),
						   "kind"),
		"Sidecar %s/%s has no effect in ambient mode: ambient pods "
		"have no sidecar, and waypoints and gateways always use the "
		"default sidecar scope (istioctl analyze: IST0167)%s; remove "
		"it once namespace %s runs in ambient mode",
		ns, alint_resource_name(res), restricts ?
		"; its egress restriction (egress hosts or "
		"outboundTrafficPolicy REGISTRY_ONLY) no longer holds, so "
		"enforce it with an AuthorizationPolicy or an egress gateway" :
		"", ns);
	if (f == NULL)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
			       "remove the Sidecar resource");
	if (rc == 0)
		rc = alint_fix_remove_resource(f, res);
	return fix_rc(rc);
}

const struct alint_rule alint__rule_sidecar_resource_ignored = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4006",
	.name = "sidecar-resource-ignored",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "Sidecar resource has no effect in ambient mode",
	.doc =
	"The Sidecar resource scopes the configuration of sidecar proxies: "
	"which hosts they see (egress), how inbound traffic reaches the "
	"application (ingress), and outboundTrafficPolicy. In ambient mode "
	"it has no effect: ambient pods have no sidecar, and waypoints and "
	"gateways always use the default sidecar scope (push_context.go: "
	"\"Gateways always use default sidecar scope\"). istioctl analyze "
	"reports the same thing as IST0167 (\"The policy has no impact\").\n"
	"\n"
	"The rule reports Sidecar resources of namespaces bound for "
	"ambient whose selected workloads (workloadSelector.labels, or "
	"every workload of the namespace) all leave sidecar mode. It keeps "
	"quiet when the namespace has a migration blocker, when a selected "
	"workload keeps its sidecar, and for the root namespace, whose "
	"Sidecar is the default for every namespace, sidecars that remain "
	"included. When the Sidecar restricts egress (egress hosts or "
	"outboundTrafficPolicy REGISTRY_ONLY) the message says that the "
	"restriction is lost: ambient has no per-pod egress scope, so use "
	"an AuthorizationPolicy or an egress gateway.\n"
	"\n"
	"The fix (unsafe) removes the document. It is meant for the "
	"clean-up phase: while pods still run their old sidecar, removing "
	"the Sidecar widens their configuration and drops their egress "
	"restriction.",
	.kinds = sidecar_kinds,
	.check = check_sidecar_resource,
	.example_bad =
	"apiVersion: networking.istio.io/v1\n"
	"kind: Sidecar\n"
	"metadata:\n"
	"  name: default\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  egress:\n"
	"  - hosts:\n"
	"    - ./*\n"
	"    - istio-system/*\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: legacy\n"
	"  labels:\n"
	"    istio-injection: enabled\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: plaintext\n"
	"  namespace: legacy\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: DISABLE\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: Sidecar\n"
	"metadata:\n"
	"  name: default\n"
	"  namespace: legacy\n"
	"spec:\n"
	"  egress:\n"
	"  - hosts:\n"
	"    - ./*\n",
	.phase = ALINT_PHASE_CLEANUP,
};

/* ---- VirtualService (AL4007-AL4009) ------------------------------------- */

/* Whether a VirtualService applies to mesh traffic (gateways: mesh). */
static bool vs_is_mesh(const struct alint_node *spec)
{
	const struct alint_node *gws = seq_get(spec, "gateways");
	size_t i;

	if (gws == NULL || alint_node_count(gws) == 0)
		return true;
	for (i = 0; i < alint_node_count(gws); i++)
		if (text_is(alint_node_item(gws, i), "mesh"))
			return true;
	return false;
}

/* The Services that a mesh VirtualService's hosts name. */
static bool vs_services(struct alint_rule_ctx *rctx,
			const struct alint_resource *res, struct svc_set *set)
{
	const struct alint_node *spec = spec_of(res);
	const struct alint_node *hosts;
	size_t i;

	memset(set, 0, sizeof(*set));
	if (!istio_networking(res) || spec == NULL || !vs_is_mesh(spec))
		return false;
	hosts = seq_get(spec, "hosts");
	for (i = 0; hosts != NULL && i < alint_node_count(hosts); i++)
		host_services(rctx, alint_node_item(hosts, i),
			      alint_resource_namespace(res), set);
	return set->n > 0;
}

static const struct alint_node *vs_anchor(const struct alint_resource *res)
{
	const struct alint_node *n = alint_node_get_key(spec_of(res),
							"hosts");

	return n != NULL ? n : alint_node_get(alint_resource_root(res),
					      "kind");
}

/*
 * Whether parentRef ref of a Gateway API route names a Service (kind
 * Service, core group); its namespace (the route's when unset, nl bytes)
 * and name (len bytes) then go to *ns and *name.
 */
static bool parent_service(const struct alint_resource *route,
			   const struct alint_node *ref, const char **ns,
			   size_t *nl, const char **name, size_t *len)
{
	const struct alint_node *group = alint_node_get(ref, "group");

	if (!is_mapping(ref) ||
	    !text_is(alint_node_get(ref, "kind"), "Service") ||
	    (group != NULL && !text_is(group, "")))
		return false;
	*name = text_of(alint_node_get(ref, "name"), len);
	if (alint_node_get(ref, "namespace") != NULL) {
		*ns = text_of(alint_node_get(ref, "namespace"), nl);
	} else {
		*ns = alint_resource_namespace(route);
		*nl = strlen(*ns);
	}
	return *name != NULL && *ns != NULL;
}

/* The parentRef of a Gateway API route that names Service svc, or NULL. */
static const struct alint_node *
route_parent_service(const struct alint_resource *route,
		     const struct alint_resource *svc)
{
	const struct alint_node *refs, *r;
	const char *ns, *name;
	size_t i, nl, len;

	refs = seq_get(spec_of(route), "parentRefs");
	for (i = 0; (r = alint_node_item(refs, i)) != NULL; i++)
		if (parent_service(route, r, &ns, &nl, &name, &len) &&
		    len == strlen(alint_resource_name(svc)) &&
		    memcmp(name, alint_resource_name(svc), len) == 0 &&
		    nl == strlen(alint_resource_namespace(svc)) &&
		    memcmp(ns, alint_resource_namespace(svc), nl) == 0)
			return r;
	return NULL;
}

/* ---- VirtualService to HTTPRoute (the AL4007 and AL4008 fix) ------------ */

/* The text of the appended document, cut off (and refused) when full. */
struct sbuf {
	char b[16384];
	size_t n;
	bool over;
};

static void sb_add(struct sbuf *sb, const char *fmt, ...) ALINT_PRINTF(2, 3);

static void sb_add(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (sb->over)
		return;
	va_start(ap, fmt);
	w = vsnprintf(sb->b + sb->n, sizeof(sb->b) - sb->n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= sizeof(sb->b) - sb->n)
		sb->over = true;
	else
		sb->n += (size_t)w;
}

/*
 * A string as a YAML scalar: plain when it is made of name characters
 * and cannot read back as a number, boolean or null (YAML 1.1 or 1.2),
 * else double-quoted. Control characters are refused.
 */
static void sb_scalar(struct sbuf *sb, const char *t, size_t len)
{
	static const char *const special[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null",
		NULL
	};
	bool plain = len > 0, digits = true;
	size_t i, k;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x20 || c == 0x7f) {
			sb->over = true;
			return;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '/' || (c == '.' && i > 0)))
			plain = false;
		if (!(c >= '0' && c <= '9') && c != '.' && c != '_')
			digits = false;
	}
	if (plain && (digits || t[0] == '-'))
		plain = false;
	for (k = 0; plain && special[k] != NULL; k++)
		if (strlen(special[k]) == len &&
		    strncasecmp(special[k], t, len) == 0)
			plain = false;
	if (plain) {
		sb_add(sb, "%.*s", (int)len, t);
		return;
	}
	sb_add(sb, "\"");
	for (i = 0; i < len; i++) {
		if (t[i] == '"' || t[i] == '\\')
			sb_add(sb, "\\%c", t[i]);
		else
			sb_add(sb, "%c", t[i]);
	}
	sb_add(sb, "\"");
}

static bool sb_node(struct sbuf *sb, const struct alint_node *n)
{
	size_t len;
	const char *t = text_of(n, &len);

	if (t == NULL)
		return false;
	sb_scalar(sb, t, len);
	return true;
}

/* A port or weight: a plain integer. */
static bool int_text(const struct alint_node *n, char *buf, size_t sz)
{
	size_t len, i;
	const char *t = text_of(n, &len);

	if (t == NULL || len == 0 || len >= sz || len > 6 ||
	    alint_node_kind(n) != ALINT_NODE_SCALAR ||
	    alint_node_style(n) != ALINT_STYLE_PLAIN)
		return false;
	for (i = 0; i < len; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	memcpy(buf, t, len);
	buf[len] = '\0';
	return true;
}

/* Whether two scalars have the same decoded text. */
static bool same_text(const struct alint_node *a, const struct alint_node *b)
{
	size_t al, bl;
	const char *at = text_of(a, &al), *bt = text_of(b, &bl);

	return at != NULL && bt != NULL && al == bl && memcmp(at, bt, al) == 0;
}

/* Order of two scalars' texts, as strcmp. */
static int subset_cmp(const struct alint_node *a, const struct alint_node *b)
{
	size_t al, bl;
	const char *at = text_of(a, &al), *bt = text_of(b, &bl);
	int c = memcmp(at, bt, al < bl ? al : bl);

	return c != 0 ? c : (al > bl) - (al < bl);
}

/* Whether every key of map is one of keys (NULL-terminated). */
static bool only_keys(const struct alint_node *map, const char *const *keys)
{
	const struct alint_node *k;
	size_t i;

	if (!is_mapping(map))
		return false;
	for (k = alint_node_first(map); k != NULL;
	     k = alint_node_next(alint_node_next(k))) {
		for (i = 0; keys[i] != NULL; i++)
			if (text_is(k, keys[i]))
				break;
		if (keys[i] == NULL)
			return false;
	}
	return true;
}

/* ---- the hosts of the run's DestinationRules and VirtualServices --------- */

/*
 * Which Service each DestinationRule host and mesh VirtualService host
 * names, computed once per run (per index): the rules ask it for every
 * VirtualService, and a scan of every route each time would cost routes
 * times VirtualServices.
 */
#define HOST_KEY_MAX (2 * MESH_NAME_MAX)	/* "namespace/name" and NUL */

struct host_ref {
	const char *key;		/* "namespace/name" it names */
	size_t order;			/* index order of the route */
	const struct alint_resource *r;
};

struct host_table {
	struct host_ref *refs;		/* sorted by key, then order */
	size_t n;
	struct alint__arena keys;	/* the keys of refs */
	/* the mesh VirtualServices with a wildcard host, in index order */
	const struct alint_resource **wild;
	size_t nwild;
};

static void host_table_free(void *p)
{
	struct host_table *t = p;

	if (t == NULL)
		return;
	free(t->refs);
	free(t->wild);
	alint__arena_free(&t->keys);
	free(t);
}

static int host_ref_cmp(const void *a, const void *b)
{
	const struct host_ref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool host_table_add(struct host_table *t, size_t *cap,
			   const struct alint_resource *r, size_t order,
			   const struct alint_node *host)
{
	char name[MESH_NAME_MAX], sns[MESH_NAME_MAX];
	struct host_ref *n;
	const char *h;
	char *key;
	size_t hl;

	h = text_of(host, &hl);
	if (h == NULL || hl == 0 || h[0] == '*' ||
	    !mesh_host_service(h, hl, alint_resource_namespace(r), name, sns))
		return true;
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		n = realloc(t->refs, *cap * sizeof(*n));
		if (n == NULL)
			return false;
		t->refs = n;
	}
	key = alint__arena_printf(&t->keys, "%s/%s", sns, name);
	if (key == NULL)
		return false;
	t->refs[t->n].key = key;
	t->refs[t->n].order = order;
	t->refs[t->n].r = r;
	t->n++;
	return true;
}

static void *host_table_build(void *arg)
{
	struct alint_rule_ctx *rctx = arg;
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	size_t i, j, cap = 0, n = alint_index_count(idx, ALINT_INDEX_ROUTE);
	const struct alint_resource *r;
	const struct alint_node *hosts, *h;
	struct host_table *t;
	bool ok = true, wild;
	size_t hl;
	const char *txt;

	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	alint__arena_init(&t->keys);
	t->wild = malloc((n ? n : 1) * sizeof(*t->wild));
	if (t->wild == NULL) {
		host_table_free(t);
		return NULL;
	}
	for (i = 0; ok && i < n; i++) {
		r = alint_index_get(idx, ALINT_INDEX_ROUTE, i);
		if (!istio_networking(r))
			continue;
		if (kind_is(r, "DestinationRule")) {
			ok = host_table_add(t, &cap, r, i,
					    alint_node_get(spec_of(r), "host"));
			continue;
		}
		if (!kind_is(r, "VirtualService") || !vs_is_mesh(spec_of(r)))
			continue;
		hosts = seq_get(spec_of(r), "hosts");
		wild = false;
		for (j = 0; ok && hosts != NULL && j < alint_node_count(hosts);
		     j++) {
			h = alint_node_item(hosts, j);
			txt = text_of(h, &hl);
			if (txt != NULL && hl > 0 && txt[0] == '*')
				wild = true;
			else
				ok = host_table_add(t, &cap, r, i, h);
		}
		if (wild)
			t->wild[t->nwild++] = r;
	}
	if (!ok) {
		host_table_free(t);
		return NULL;
	}
	if (t->n > 1)
		qsort(t->refs, t->n, sizeof(*t->refs), host_ref_cmp);
	return t;
}

static const struct host_table *host_table(struct alint_rule_ctx *rctx)
{
	static const char key = 0;

	return mesh_memo(rctx, &key, host_table_build, host_table_free);
}

/* The entries [lo, hi) of refs (sorted by key) whose key is ns/name. */
static void refs_range(const struct host_ref *refs, size_t n, const char *ns,
		       const char *name, size_t *lo, size_t *hi)
{
	char key[HOST_KEY_MAX];
	size_t a = 0, b = n, m;

	snprintf(key, sizeof(key), "%s/%s", ns, name);
	while (a < b) {
		m = a + (b - a) / 2;
		if (strcmp(refs[m].key, key) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = n;
	while (a < b) {
		m = a + (b - a) / 2;
		if (strcmp(refs[m].key, key) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

/* The entries [lo, hi) of the table that name Service svc. */
static void host_table_range(const struct host_table *t,
			     const struct alint_resource *svc, size_t *lo,
			     size_t *hi)
{
	refs_range(t->refs, t->n, alint_resource_namespace(svc),
		   alint_resource_name(svc), lo, hi);
}

/* The labels of subset nm (nl bytes) of a DestinationRule for svc. */
static const struct alint_node *
subset_labels_text(struct alint_rule_ctx *rctx,
		   const struct alint_resource *svc, const char *nm, size_t nl)
{
	const struct host_table *t = host_table(rctx);
	const struct alint_resource *dr;
	const struct alint_node *host, *subsets, *sub;
	size_t i, j, hl, lo, hi;
	const char *h;

	if (t == NULL)
		return NULL;
	host_table_range(t, svc, &lo, &hi);
	for (i = lo; i < hi; i++) {
		dr = t->refs[i].r;
		if (!kind_is(dr, "DestinationRule") || !istio_networking(dr))
			continue;
		host = alint_node_get(spec_of(dr), "host");
		h = text_of(host, &hl);
		if (h == NULL || h[0] == '*' ||
		    !host_names_service(h, hl, alint_resource_namespace(dr),
					svc))
			continue;
		subsets = seq_get(spec_of(dr), "subsets");
		for (j = 0; subsets != NULL && j < alint_node_count(subsets);
		     j++) {
			sub = alint_node_item(subsets, j);
			h = text_of(alint_node_get(sub, "name"), &hl);
			if (is_mapping(sub) && h != NULL && hl == nl &&
			    memcmp(h, nm, nl) == 0)
				return map_get(sub, "labels");
		}
	}
	return NULL;
}

/* The labels of subset name of a DestinationRule for Service svc. */
static const struct alint_node *
subset_labels(struct alint_rule_ctx *rctx, const struct alint_resource *svc,
	      const struct alint_node *name)
{
	size_t len;
	const char *t = text_of(name, &len);

	return t != NULL ? subset_labels_text(rctx, svc, t, len) : NULL;
}

#define SUBSET_MAX 8

/* What the conversion collects about the VirtualService. */
struct conversion {
	const struct alint_resource *svc;
	const struct alint_node *subset[SUBSET_MAX];	/* names */
	const struct alint_node *labels[SUBSET_MAX];
	size_t nsubsets;
	char port[8];		/* the Service's only port, or "" */
	char why[400];		/* why there is no fix, when it is said */
};

/* "reviews-v2": the per-version Service of a subset. */
static bool version_name(char *buf, size_t sz, const struct alint_resource *svc,
			 const struct alint_node *subset)
{
	size_t len;
	const char *t = text_of(subset, &len);
	int w;

	if (t == NULL || len == 0)
		return false;
	w = snprintf(buf, sz, "%s-%.*s", alint_resource_name(svc), (int)len,
		     t);
	if (w <= 0 || (size_t)w >= sz || (size_t)w > 63)
		return false;
	/* a Service name is a DNS-1035 label */
	for (t = buf; *t != '\0'; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') ||
		      *t == '-'))
			return false;
	return buf[0] >= 'a' && buf[0] <= 'z' && buf[w - 1] != '-';
}

/*
 * Whether the selector of an existing Service sel is the one the
 * per-version Service of subset labels of cv->svc would have: the
 * Service's selector, the subset's labels winning.
 */
static bool same_version_selector(const struct alint_node *sel,
				  const struct conversion *cv,
				  const struct alint_node *labels)
{
	const struct alint_node *base = map_get(spec_of(cv->svc), "selector");
	const struct alint_node *k, *v;
	char key[MESH_NAME_MAX];
	size_t n = 0;

	for (k = alint_node_first(base); k != NULL;
	     k = alint_node_next(alint_node_next(k))) {
		mesh_text(k, key, sizeof(key));
		if (alint_node_get(labels, key) != NULL)
			continue;
		v = alint_node_get(sel, key);
		if (v == NULL || !same_text(v, alint_node_next(k)))
			return false;
		n++;
	}
	for (k = alint_node_first(labels); k != NULL;
	     k = alint_node_next(alint_node_next(k))) {
		mesh_text(k, key, sizeof(key));
		v = alint_node_get(sel, key);
		if (v == NULL || !same_text(v, alint_node_next(k)))
			return false;
		n++;
	}
	return n == alint_node_count(sel);
}

/*
 * The name of the per-version Service of subset, checked: a DNS-1035
 * label of at most 63 characters; not an existing Service of the inputs
 * that selects other pods (one that selects the same ones is used as
 * is); and not the name that another Service of the namespace and one of
 * its subsets also give ("reviews-api" with subset "v1", "reviews" with
 * subset "api-v1"), which a fix for that Service would also create. When
 * false, cv->why says why, for the finding's message.
 */
static bool version_name_ok(struct alint_rule_ctx *rctx, struct conversion *cv,
			    const struct alint_node *subset, char *name,
			    size_t sz)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const char *ns = alint_resource_namespace(cv->svc);
	const char *svc = alint_resource_name(cv->svc);
	const struct alint_resource *o, *ex;
	const struct alint_node *labels;
	size_t len, ol, lo, hi, i, nl;
	const char *t = text_of(subset, &len);

	if (t == NULL || len == 0)
		return false;
	if (!version_name(name, sz, cv->svc, subset)) {
		nl = strlen(svc) + 1 + len;
		snprintf(cv->why, sizeof(cv->why),
			 "the Service for subset %.*s, %s-%.*s, would %s",
			 msg_len(len), t, svc, msg_len(len), t,
			 nl > 63 ? "have a name longer than 63 characters "
			 "(a Service name is a DNS-1035 label)" :
			 "not be a valid Service name (a DNS-1035 label: "
			 "lower-case letters, digits and '-')");
		return false;
	}
	labels = subset_labels(rctx, cv->svc, subset);
	ex = alint_index_find(idx, ALINT_INDEX_SERVICE, ns, name);
	if (ex != NULL && ex != cv->svc && labels != NULL &&
	    !same_version_selector(map_get(spec_of(ex), "selector"), cv,
				   labels)) {
		snprintf(cv->why, sizeof(cv->why),
			 "Service %s/%s exists already and selects other pods "
			 "than subset %.*s of %s, so it cannot be the Service "
			 "of that version", ns, name, msg_len(len), t, svc);
		return false;
	}
	mesh_range(idx, ALINT_INDEX_SERVICE, ns, NULL, &lo, &hi);
	for (i = lo; i < hi; i++) {
		o = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
		ol = strlen(alint_resource_name(o));
		if (o == cv->svc || ol + 1 >= strlen(name) ||
		    memcmp(name, alint_resource_name(o), ol) != 0 ||
		    name[ol] != '-' ||
		    subset_labels_text(rctx, o, name + ol + 1,
				       strlen(name + ol + 1)) == NULL)
			continue;
		snprintf(cv->why, sizeof(cv->why),
			 "the Service for subset %.*s of %s would be named "
			 "%s, as the one for subset %s of Service %s, and "
			 "the two versions would share one Service",
			 msg_len(len), t, svc, name, name + ol + 1,
			 alint_resource_name(o));
		return false;
	}
	return true;
}

static bool convert_destination(struct alint_rule_ctx *rctx,
				const struct alint_resource *vs,
				struct conversion *cv, struct sbuf *sb,
				const struct alint_node *rt)
{
	static const char *const rt_keys[] = { "destination", "weight", NULL };
	static const char *const d_keys[] = { "host", "subset", "port", NULL };
	static const char *const p_keys[] = { "number", NULL };
	const struct alint_node *d, *host, *subset, *port;
	char name[MESH_NAME_MAX], num[8];
	size_t hl, i;
	const char *h;

	if (!only_keys(rt, rt_keys))
		return false;
	d = alint_node_get(rt, "destination");
	if (!only_keys(d, d_keys))
		return false;
	host = alint_node_get(d, "host");
	h = text_of(host, &hl);
	if (h == NULL || !host_names_service(h, hl,
					     alint_resource_namespace(vs),
					     cv->svc))
		return false;
	subset = alint_node_get(d, "subset");
	if (subset != NULL) {
		if (!version_name_ok(rctx, cv, subset, name, sizeof(name)))
			return false;
		for (i = 0; i < cv->nsubsets; i++)
			if (same_text(cv->subset[i], subset))
				break;
		if (i == cv->nsubsets) {
			if (i == SUBSET_MAX)
				return false;
			cv->labels[i] = subset_labels(rctx, cv->svc, subset);
			if (cv->labels[i] == NULL)
				return false;
			cv->subset[i] = subset;
			cv->nsubsets++;
		}
	} else {
		snprintf(name, sizeof(name), "%s",
			 alint_resource_name(cv->svc));
	}
	port = alint_node_get(d, "port");
	if (port != NULL) {
		if (!only_keys(port, p_keys) ||
		    !int_text(alint_node_get(port, "number"), num,
			      sizeof(num)))
			return false;
	} else if (cv->port[0] != '\0') {
		snprintf(num, sizeof(num), "%s", cv->port);
	} else {
		return false;
	}
	sb_add(sb, "    - name: %s\n      port: %s\n", name, num);
	if (alint_node_get(rt, "weight") != NULL) {
		if (!int_text(alint_node_get(rt, "weight"), num, sizeof(num)))
			return false;
		sb_add(sb, "      weight: %s\n", num);
	}
	return true;
}

/* One match of a VirtualService http route, as an HTTPRoute match. */
static bool convert_match(struct sbuf *sb, const struct alint_node *m)
{
	static const char *const m_keys[] = { "uri", "headers", "method",
		NULL };
	static const char *const exact[] = { "exact", NULL };
	static const char *const uri_keys[] = { "exact", "prefix", NULL };
	const struct alint_node *uri, *headers, *method, *k, *v;
	const char *first = "    - ";

	if (!only_keys(m, m_keys) || alint_node_count(m) == 0)
		return false;
	uri = alint_node_get(m, "uri");
	if (uri != NULL) {
		if (!only_keys(uri, uri_keys) || alint_node_count(uri) != 1)
			return false;
		sb_add(sb, "%spath:\n        type: %s\n        value: ", first,
		       alint_node_get(uri, "exact") ? "Exact" : "PathPrefix");
		if (!sb_node(sb, alint_node_get(uri, "exact") ?
			     alint_node_get(uri, "exact") :
			     alint_node_get(uri, "prefix")))
			return false;
		sb_add(sb, "\n");
		first = "      ";
	}
	headers = alint_node_get(m, "headers");
	if (headers != NULL) {
		if (!is_mapping(headers) || alint_node_count(headers) == 0)
			return false;
		sb_add(sb, "%sheaders:\n", first);
		for (k = alint_node_first(headers); k != NULL;
		     k = alint_node_next(v)) {
			v = alint_node_next(k);
			if (!only_keys(v, exact) || alint_node_count(v) != 1)
				return false;
			sb_add(sb, "      - name: ");
			if (!sb_node(sb, k))
				return false;
			sb_add(sb, "\n        value: ");
			if (!sb_node(sb, alint_node_get(v, "exact")))
				return false;
			sb_add(sb, "\n");
		}
		first = "      ";
	}
	method = alint_node_get(m, "method");
	if (method != NULL) {
		if (!only_keys(method, exact) || alint_node_count(method) != 1)
			return false;
		sb_add(sb, "%smethod: ", first);
		if (!sb_node(sb, alint_node_get(method, "exact")))
			return false;
		sb_add(sb, "\n");
	}
	return true;
}

/* The Service's ports, as the per-version Services repeat them. */
static bool copy_ports(struct sbuf *sb, const struct alint_node *ports)
{
	static const char *const keys[] = { "name", "port", "targetPort",
		"protocol", "appProtocol", NULL };
	const struct alint_node *p, *k;
	const char *lead;
	size_t i;

	if (ports == NULL || alint_node_count(ports) == 0)
		return false;
	sb_add(sb, "    ports:\n");
	for (i = 0; i < alint_node_count(ports); i++) {
		p = alint_node_item(ports, i);
		if (!only_keys(p, keys))
			return false;
		lead = "    - ";
		for (k = alint_node_first(p); k != NULL;
		     k = alint_node_next(alint_node_next(k))) {
			sb_add(sb, "%s", lead);
			sb_node(sb, k);
			sb_add(sb, ": ");
			/* numbers stay numbers, names stay strings */
			if (alint_node_y11(alint_node_next(k)) ==
			    ALINT_Y11_INT) {
				char num[8];

				if (!int_text(alint_node_next(k), num,
					      sizeof(num)))
					return false;
				sb_add(sb, "%s", num);
			} else if (!sb_node(sb, alint_node_next(k))) {
				return false;
			}
			sb_add(sb, "\n");
			lead = "      ";
		}
	}
	return true;
}

/* "      key: value\n" for the label whose key is k. */
static bool label_line(struct sbuf *sb, const struct alint_node *k)
{
	sb_add(sb, "      ");
	if (!sb_node(sb, k))
		return false;
	sb_add(sb, ": ");
	if (!sb_node(sb, alint_node_next(k)))
		return false;
	sb_add(sb, "\n");
	return true;
}

/* A per-version Service: the Service's selector plus the subset labels. */
static bool version_service(struct sbuf *sb, const struct conversion *cv,
			    size_t i)
{
	const struct alint_node *spec = spec_of(cv->svc);
	const struct alint_node *sel = map_get(spec, "selector");
	const struct alint_node *k;
	char name[MESH_NAME_MAX], key[MESH_NAME_MAX];

	if (!version_name(name, sizeof(name), cv->svc, cv->subset[i]))
		return false;
	sb_add(sb, "- apiVersion: v1\n  kind: Service\n  metadata:\n"
	       "    name: %s\n    namespace: %s\n  spec:\n    selector:\n",
	       name, alint_resource_namespace(cv->svc));
	for (k = alint_node_first(sel); k != NULL;
	     k = alint_node_next(alint_node_next(k))) {
		mesh_text(k, key, sizeof(key));
		if (alint_node_get(cv->labels[i], key) != NULL)
			continue;	/* the subset's label wins */
		if (!label_line(sb, k))
			return false;
	}
	for (k = alint_node_first(cv->labels[i]); k != NULL;
	     k = alint_node_next(alint_node_next(k))) {
		if (!label_line(sb, k))
			return false;
	}
	return copy_ports(sb, seq_get(spec, "ports"));
}

/*
 * The Gateway API routes by the Services their parentRefs name, and the
 * HTTPRoutes by name, computed once per run: AL4007, AL4008 and AL4009
 * ask for every VirtualService.
 */
struct route_table {
	struct host_ref *parents;	/* Service "ns/name", route order */
	size_t n;
	struct host_ref *named;		/* HTTPRoute "ns/name" */
	size_t nnamed;
	struct alint__arena keys;	/* the keys of parents and named */
};

static void route_table_free(void *p)
{
	struct route_table *t = p;

	if (t == NULL)
		return;
	free(t->parents);
	free(t->named);
	alint__arena_free(&t->keys);
	free(t);
}

static bool route_ref_add(struct alint__arena *keys, struct host_ref **v,
			  size_t *n, size_t *cap, const char *ns, size_t nl,
			  const char *name, size_t len, size_t order,
			  const struct alint_resource *r)
{
	struct host_ref *e;
	char *key;
	size_t i;

	if (nl + len + 2 > HOST_KEY_MAX)
		return true;	/* no such Service name */
	/* one entry per Service and route: the first parentRef counts */
	for (i = *n; i > 0 && (*v)[i - 1].order == order; i--)
		if (strlen((*v)[i - 1].key) == nl + 1 + len &&
		    memcmp((*v)[i - 1].key, ns, nl) == 0 &&
		    memcmp((*v)[i - 1].key + nl + 1, name, len) == 0)
			return true;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		e = realloc(*v, *cap * sizeof(*e));
		if (e == NULL)
			return false;
		*v = e;
	}
	key = alint__arena_alloc(keys, nl + len + 2);
	if (key == NULL)
		return false;
	memcpy(key, ns, nl);
	key[nl] = '/';
	memcpy(key + nl + 1, name, len);
	key[nl + 1 + len] = '\0';
	e = &(*v)[(*n)++];
	e->key = key;
	e->order = order;
	e->r = r;
	return true;
}

/* The Services route r names in its parentRefs (route_parent_service). */
static bool route_table_add(struct route_table *t, size_t *cap,
			    const struct alint_resource *r, size_t order)
{
	const struct alint_node *refs, *ref;
	const char *ns, *name;
	size_t i, nl, len;

	refs = seq_get(spec_of(r), "parentRefs");
	for (i = 0; (ref = alint_node_item(refs, i)) != NULL; i++)
		if (parent_service(r, ref, &ns, &nl, &name, &len) &&
		    !route_ref_add(&t->keys, &t->parents, &t->n, cap, ns, nl,
				   name, len, order, r))
			return false;
	return true;
}

static void *route_table_build(void *arg)
{
	struct alint_rule_ctx *rctx = arg;
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	size_t i, cap = 0, ncap = 0, n = alint_index_count(idx,
							    ALINT_INDEX_ROUTE);
	const struct alint_resource *r;
	struct route_table *t;
	const char *ns, *name;
	bool ok = true;

	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	alint__arena_init(&t->keys);
	for (i = 0; ok && i < n; i++) {
		r = alint_index_get(idx, ALINT_INDEX_ROUTE, i);
		if (strcmp(alint_resource_group(r), GATEWAY_API_GROUP) != 0)
			continue;
		ok = route_table_add(t, &cap, r, i);
		if (ok && kind_is(r, "HTTPRoute")) {
			ns = alint_resource_namespace(r);
			name = alint_resource_name(r);
			ok = route_ref_add(&t->keys, &t->named, &t->nnamed,
					   &ncap, ns, strlen(ns), name,
					   strlen(name), i, r);
		}
	}
	if (!ok) {
		route_table_free(t);
		return NULL;
	}
	if (t->n > 1)
		qsort(t->parents, t->n, sizeof(*t->parents), host_ref_cmp);
	if (t->nnamed > 1)
		qsort(t->named, t->nnamed, sizeof(*t->named), host_ref_cmp);
	return t;
}

static const struct route_table *route_table(struct alint_rule_ctx *rctx)
{
	static const char key = 0;

	return mesh_memo(rctx, &key, route_table_build, route_table_free);
}

/* A route of the index and the Service of a set it names (index j). */
struct route_pair {
	size_t order;
	size_t j;
	const struct alint_resource *route;
};

static int route_pair_cmp(const void *a, const void *b)
{
	const struct route_pair *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/*
 * Whether a Gateway API route of namespace ns is named name, or any route
 * already has svc as parent (AL4009: they must not be mixed). Without
 * memory for the table, everything is in the way: no fix.
 */
static bool route_in_the_way(struct alint_rule_ctx *rctx, const char *ns,
			     const char *name,
			     const struct alint_resource *svc)
{
	const struct route_table *t = route_table(rctx);
	size_t lo, hi;

	if (t == NULL)
		return true;
	refs_range(t->named, t->nnamed, ns, name, &lo, &hi);
	if (lo < hi)
		return true;
	refs_range(t->parents, t->n, alint_resource_namespace(svc),
		   alint_resource_name(svc), &lo, &hi);
	return lo < hi;
}

/* Whether another mesh VirtualService routes Service svc too. */
static bool other_vs_for(struct alint_rule_ctx *rctx,
			 const struct alint_resource *vs,
			 const struct alint_resource *svc)
{
	const struct host_table *tab = host_table(rctx);
	const struct alint_resource *r;
	const struct alint_node *hosts, *h;
	size_t i, j, hl, lo, hi;
	const char *t;

	if (tab == NULL)
		return true;	/* out of memory: the run fails */
	/* a named host, then the wildcard ones */
	host_table_range(tab, svc, &lo, &hi);
	for (i = lo; i < hi; i++)
		if (tab->refs[i].r != vs &&
		    kind_is(tab->refs[i].r, "VirtualService"))
			return true;
	for (i = 0; i < tab->nwild; i++) {
		r = tab->wild[i];
		if (r == vs || !kind_is(r, "VirtualService") ||
		    !istio_networking(r) || !vs_is_mesh(spec_of(r)))
			continue;
		hosts = seq_get(spec_of(r), "hosts");
		for (j = 0; hosts != NULL && j < alint_node_count(hosts);
		     j++) {
			h = alint_node_item(hosts, j);
			t = text_of(h, &hl);
			if (t != NULL &&
			    host_names_service(t, hl,
					       alint_resource_namespace(r),
					       svc))
				return true;
		}
	}
	return false;
}

/*
 * Write into sb the v1 List that replaces a simple mesh VirtualService:
 * an HTTPRoute with the Service as parent and, for each subset it routes
 * to, a Service of that version (unless one of that name exists).
 * Returns false when the VirtualService is not simple enough.
 */
static bool vs_convert(struct alint_rule_ctx *rctx,
		       const struct alint_resource *vs,
		       const struct svc_set *set, struct sbuf *sb,
		       struct conversion *cv);

/*
 * The same, and when the conversion fails for a reason the finding
 * should give (a per-version Service name), that reason in why.
 */
static bool vs_to_httproute(struct alint_rule_ctx *rctx,
			    const struct alint_resource *vs,
			    const struct svc_set *set, struct sbuf *sb,
			    char *why, size_t wl)
{
	struct conversion cv;

	memset(&cv, 0, sizeof(cv));
	if (vs_convert(rctx, vs, set, sb, &cv))
		return true;
	snprintf(why, wl, "%s", cv.why);
	return false;
}

static bool vs_convert(struct alint_rule_ctx *rctx,
		       const struct alint_resource *vs,
		       const struct svc_set *set, struct sbuf *sb,
		       struct conversion *cv)
{
	static const char *const spec_keys[] = { "hosts", "http", "gateways",
		NULL };
	static const char *const http_keys[] = { "match", "route", "name",
		NULL };
	const struct alint_node *spec = spec_of(vs);
	const struct alint_node *hosts, *http, *h, *match, *route, *ports;
	const struct alint_node *gws, *tn, *tl;
	const char *ns = alint_resource_namespace(vs);
	struct sbuf rules;
	char name[MESH_NAME_MAX];
	size_t i, j;

	hosts = seq_get(spec, "hosts");
	http = seq_get(spec, "http");
	if (!only_keys(spec, spec_keys) || set->n != 1 || set->total != 1 ||
	    hosts == NULL || alint_node_count(hosts) != 1 || http == NULL ||
	    alint_node_count(http) == 0)
		return false;
	/* an ingress gateway that shares the VirtualService would lose it */
	gws = seq_get(spec, "gateways");
	for (i = 0; gws != NULL && i < alint_node_count(gws); i++)
		if (!text_is(alint_node_item(gws, i), "mesh"))
			return false;
	cv->svc = set->svc[0];
	if (strcmp(alint_resource_namespace(cv->svc), ns) != 0 ||
	    route_in_the_way(rctx, ns, alint_resource_name(vs), cv->svc) ||
	    other_vs_for(rctx, vs, cv->svc))
		return false;
	ports = seq_get(spec_of(cv->svc), "ports");
	if (ports != NULL && alint_node_count(ports) == 1 &&
	    !int_text(alint_node_get(alint_node_item(ports, 0), "port"),
		      cv->port, sizeof(cv->port)))
		cv->port[0] = '\0';

	memset(&rules, 0, sizeof(rules));
	for (i = 0; i < alint_node_count(http); i++) {
		h = alint_node_item(http, i);
		if (!only_keys(h, http_keys))
			return false;
		match = seq_get(h, "match");
		route = seq_get(h, "route");
		if (route == NULL || alint_node_count(route) == 0 ||
		    (alint_node_get(h, "match") != NULL && match == NULL))
			return false;
		sb_add(&rules, "  - ");
		if (match != NULL && alint_node_count(match) > 0) {
			sb_add(&rules, "matches:\n");
			for (j = 0; j < alint_node_count(match); j++)
				if (!convert_match(&rules,
						   alint_node_item(match, j)))
					return false;
			sb_add(&rules, "    ");
		}
		sb_add(&rules, "backendRefs:\n");
		for (j = 0; j < alint_node_count(route); j++)
			if (!convert_destination(rctx, vs, cv, &rules,
						 alint_node_item(route, j)))
				return false;
	}
	if (rules.over)
		return false;

	/* the per-version Services in the order of their subset names */
	for (i = 1; i < cv->nsubsets; i++)
		for (j = i; j > 0 && subset_cmp(cv->subset[j - 1],
						cv->subset[j]) > 0; j--) {
			tn = cv->subset[j];
			tl = cv->labels[j];
			cv->subset[j] = cv->subset[j - 1];
			cv->labels[j] = cv->labels[j - 1];
			cv->subset[j - 1] = tn;
			cv->labels[j - 1] = tl;
		}
	sb_add(sb, "apiVersion: v1\nkind: List\nitems:\n");
	for (i = 0; i < cv->nsubsets; i++) {
		if (!version_name(name, sizeof(name), cv->svc, cv->subset[i]))
			return false;
		if (alint_index_find(alint_rule_ctx_index(rctx),
				     ALINT_INDEX_SERVICE, ns, name) != NULL)
			continue;
		if (!version_service(sb, cv, i))
			return false;
	}
	sb_add(sb, "- apiVersion: gateway.networking.k8s.io/v1\n"
	       "  kind: HTTPRoute\n  metadata:\n    name: %s\n"
	       "    namespace: %s\n  spec:\n    parentRefs:\n"
	       "    - group: \"\"\n      kind: Service\n      name: %s\n",
	       alint_resource_name(vs), ns, alint_resource_name(cv->svc));
	if (cv->port[0] != '\0')
		sb_add(sb, "      port: %s\n", cv->port);
	sb_add(sb, "    rules:\n");
	/* the rules, one level deeper */
	for (i = 0; i < rules.n; i++) {
		if (i == 0 || rules.b[i - 1] == '\n')
			sb_add(sb, "  ");
		sb_add(sb, "%c", rules.b[i]);
	}
	return !sb->over;
}

/*
 * The unsafe fix of AL4007 and AL4008: the VirtualService goes, and a
 * List with its HTTPRoute (and per-version Services) is appended to its
 * file. One appended document per fix: hence the List.
 */
struct vs_fix {
	struct sbuf *sb;	/* the List to append; NULL: no fix */
	char note[480];		/* "; no fix: ..." or "" */
};

/*
 * Prepared before the finding is reported, so that its message can say
 * why a VirtualService that the fix would otherwise convert gets none.
 */
static int vs_fix_prepare(struct vs_fix *fx, struct alint_rule_ctx *rctx,
			  const struct alint_resource *vs,
			  const struct svc_set *set)
{
	static struct sbuf zero;
	char why[400];

	fx->sb = NULL;
	fx->note[0] = '\0';
	if (alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 22))
		return 0;
	fx->sb = malloc(sizeof(*fx->sb));
	if (fx->sb == NULL)
		return ALINT_ENOMEM;
	*fx->sb = zero;
	why[0] = '\0';
	if (vs_to_httproute(rctx, vs, set, fx->sb, why, sizeof(why)))
		return 0;
	free(fx->sb);
	fx->sb = NULL;
	if (why[0] != '\0')
		snprintf(fx->note, sizeof(fx->note), "; no fix: %s", why);
	return 0;
}

/* Attach the prepared fix to f (NULL: drop it). */
static int fix_convert_vs(struct alint_finding *f,
			  const struct alint_resource *vs, struct vs_fix *fx)
{
	struct sbuf *sb = fx->sb;
	int rc;

	fx->sb = NULL;
	if (f == NULL || sb == NULL) {
		free(sb);
		return 0;
	}
	sb->b[sb->n] = '\0';
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
		"replace the VirtualService by an HTTPRoute (and a Service per "
		"subset), appended as a v1 List");
	if (rc == 0)
		rc = alint_fix_remove_resource(f, vs);
	if (rc == 0)
		rc = alint_fix_append_document(f, sb->b);
	free(sb);
	return fix_rc(rc);
}

/* The fix of AL4007 and AL4008, described once for both docs. */
#define CONVERSION_DOC \
	"The fix (unsafe) converts a simple VirtualService, as the " \
	"migration guide does by hand: the VirtualService goes, and an " \
	"HTTPRoute of the same name whose parentRefs name the Service " \
	"(group \"\", kind Service, with its port when it has only one) " \
	"takes its place, with a Service per subset it routes to " \
	"(NAME-SUBSET: the Service's selector plus the subset's labels " \
	"from the DestinationRule, and its ports); an existing Service of " \
	"that name whose selector is the same is used as it is. There is no " \
	"fix, and the message says why, when a per-version name would be " \
	"longer than 63 characters or not a DNS-1035 label, when an existing " \
	"Service of that name selects other pods, or when another Service " \
	"of the namespace and one of its subsets give the same name " \
	"(reviews-api with subset v1, reviews with subset api-v1): names " \
	"are not changed to avoid a clash, because the Services of a " \
	"version are names that clients and dashboards use. The new " \
	"objects are appended to the file as " \
	"one apiVersion v1 List, which kubectl and kustomize accept, " \
	"because a fix may append only one document; split it if your " \
	"tooling wants one object per document. Simple means: one host, " \
	"naming one Service of the VirtualService's namespace; no gateways " \
	"other than mesh; http routes made only of match and route (and " \
	"name); matches on uri exact or prefix, exact headers and exact " \
	"method; destinations to that Service with an optional subset, " \
	"port number and weight, and a port that is known. Timeouts, " \
	"retries, rewrites, redirects, faults, mirrors and header edits are " \
	"not converted, and neither is a VirtualService when another mesh " \
	"VirtualService or a Gateway API route already routes the same " \
	"Service, or below Istio 1.22. The fix is unsafe: a uri prefix " \
	"becomes a PathPrefix, which matches whole path segments " \
	"(/ratings no longer matches /ratingsX), and the Gateway API " \
	"and VirtualService differ in details that a review must check " \
	"(header and path normalisation, the order in which rules are " \
	"tried: by specificity for HTTPRoute, in order for VirtualService)."

static int check_vs_waypoint(struct alint_rule_ctx *rctx,
			     const struct alint_resource *res, void *payload)
{
	struct svc_set set;
	bool pick[SVC_MAX];
	char names[600];
	struct alint_finding *f;
	struct vs_fix fx;
	size_t n;
	int rc;

	(void)payload;
	if (!vs_services(rctx, res, &set))
		return 0;
	n = need_waypoint(rctx, &set, pick);
	if (n == 0)
		return 0;
	svc_list(names, sizeof(names), &set, pick);
	rc = vs_fix_prepare(&fx, rctx, res, &set);
	if (rc < 0)
		return rc;
	f = alint_rule_report(rctx, vs_anchor(res),
		"VirtualService %s/%s routes mesh traffic to %s %s, which %s "
		"no waypoint: ztunnel ignores VirtualServices and only a "
		"waypoint applies them (Alpha there), so its routing stops "
		"applying once %s in ambient mode; deploy a waypoint, label "
		"the Service or namespace istio.io/use-waypoint, and move the "
		"routes to an HTTPRoute%s",
		alint_resource_namespace(res), alint_resource_name(res),
		n == 1 ? "Service" : "Services", names, n == 1 ? "uses" : "use",
		n == 1 ? "the Service runs" : "they run", fx.note);
	if (f == NULL)
		return fix_convert_vs(NULL, res, &fx);
	rc = relate_services(f, &set, pick, "Service without a waypoint");
	if (rc < 0) {
		fix_convert_vs(NULL, res, &fx);
		return rc;
	}
	return fix_convert_vs(f, res, &fx);
}

const struct alint_rule alint__rule_virtualservice_needs_waypoint = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4007",
	.name = "virtualservice-needs-waypoint",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "mesh VirtualService needs a waypoint in ambient mode",
	.doc =
	"In sidecar mode the client's sidecar applies a VirtualService "
	"bound to the mesh (no gateways, or the reserved gateway name "
	"mesh): traffic shifting, header matches, retries, timeouts, fault "
	"injection. In ambient mode ztunnel ignores VirtualServices; only "
	"a waypoint applies them, for the Services that use it, and "
	"VirtualService at waypoints is Alpha (features.yaml). The "
	"Gateway API HTTPRoute with a Service parentRef is the Stable way "
	"to route at a waypoint.\n"
	"\n"
	"The rule reports a mesh VirtualService whose hosts name Services "
	"among the inputs that are in namespaces bound for ambient and use "
	"no waypoint; it names them and shows them as related locations. "
	"The namespace needs a waypoint: deploy one, label the Services or "
	"the namespace istio.io/use-waypoint, then move the routes to an "
	"HTTPRoute (with one Service per version instead of subsets). A "
	"VirtualService bound only to ingress gateways is not reported: "
	"the gateway keeps applying it. Hosts match Services as in AL4002.\n"
	"\n"
	CONVERSION_DOC,
	.kinds = vs_kinds,
	.check = check_vs_waypoint,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: VirtualService\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  hosts:\n"
	"  - reviews\n"
	"  http:\n"
	"  - route:\n"
	"    - destination:\n"
	"        host: reviews\n"
	"        subset: v1\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: storefront\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    app: storefront\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 8080\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: VirtualService\n"
	"metadata:\n"
	"  name: storefront\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  hosts:\n"
	"  - shop.example.com\n"
	"  gateways:\n"
	"  - istio-system/public-gateway\n"
	"  http:\n"
	"  - route:\n"
	"    - destination:\n"
	"        host: storefront\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* Whether an http route of a VirtualService sends to a subset. */
static bool vs_uses_subsets(const struct alint_node *spec)
{
	const struct alint_node *http, *routes, *d;
	size_t i, j;

	http = seq_get(spec, "http");
	for (i = 0; http != NULL && i < alint_node_count(http); i++) {
		routes = seq_get(alint_node_item(http, i), "route");
		for (j = 0; routes != NULL && j < alint_node_count(routes);
		     j++) {
			d = map_get(alint_node_item(routes, j), "destination");
			if (alint_node_get(d, "subset") != NULL)
				return true;
		}
	}
	return false;
}

static int check_vs_alpha(struct alint_rule_ctx *rctx,
			  const struct alint_resource *res, void *payload)
{
	struct svc_set set;
	bool pick[SVC_MAX];
	char names[600];
	struct alint_finding *f;
	struct vs_fix fx;
	size_t i, n;
	int rc;

	(void)payload;
	if (!vs_services(rctx, res, &set) ||
	    need_waypoint(rctx, &set, pick) != 0)
		return 0;
	/* keep the Services in ambient namespaces, all with a waypoint */
	for (i = 0; i < set.n; i++)
		pick[i] = mesh_ns_bound_for_ambient(rctx,
				alint_resource_namespace(set.svc[i])) &&
			!service_of_gateway(rctx, set.svc[i]);
	for (i = 0, n = 0; i < set.n; i++)
		if (pick[i])
			n++;
	if (n == 0)
		return 0;
	svc_list(names, sizeof(names), &set, pick);
	rc = vs_fix_prepare(&fx, rctx, res, &set);
	if (rc < 0)
		return rc;
	f = alint_rule_report(rctx, vs_anchor(res),
		"VirtualService %s/%s routes traffic to %s %s through %s "
		"waypoint, where VirtualService support is Alpha (ztunnel "
		"ignores it); an HTTPRoute with the Service as parentRef is "
		"the Stable equivalent%s%s", alint_resource_namespace(res),
		alint_resource_name(res), n == 1 ? "Service" : "Services",
		names, n == 1 ? "its" : "their",
		vs_uses_subsets(spec_of(res)) ? ", with one Service per "
		"version instead of subsets" : "", fx.note);
	return fix_convert_vs(f, res, &fx);
}

const struct alint_rule alint__rule_virtualservice_alpha_at_waypoint = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4008",
	.name = "virtualservice-alpha-at-waypoint",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "VirtualService at a waypoint is Alpha; prefer HTTPRoute",
	.doc =
	"A waypoint applies the mesh VirtualServices of the Services that "
	"use it, but Istio's feature status lists \"Waypoints: "
	"VirtualService\" as Alpha, while HTTPRoute and GRPCRoute at "
	"waypoints are Stable. ztunnel never applies VirtualServices.\n"
	"\n"
	"The rule reports a mesh VirtualService (no gateways, or mesh among "
	"them) whose hosts name Services among the inputs that are in "
	"namespaces bound for ambient and that all use a waypoint "
	"(istio.io/use-waypoint on the Service or its namespace); when one "
	"of them has no waypoint, AL4007 reports it instead. Rewrite the "
	"routes as an HTTPRoute whose parentRefs name the Service (group "
	"\"\", kind Service), with one Service per version where the "
	"VirtualService used DestinationRule subsets, then delete the "
	"VirtualService: do not keep both for the same Service "
	"(AL4009).\n"
	"\n"
	CONVERSION_DOC,
	.kinds = vs_kinds,
	.check = check_vs_alpha,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: VirtualService\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  hosts:\n"
	"  - reviews\n"
	"  http:\n"
	"  - timeout: 5s\n"
	"    route:\n"
	"    - destination:\n"
	"        host: reviews\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: HTTPRoute\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  parentRefs:\n"
	"  - group: \"\"\n"
	"    kind: Service\n"
	"    name: reviews\n"
	"  rules:\n"
	"  - timeouts:\n"
	"      request: 5s\n"
	"    backendRefs:\n"
	"    - name: reviews\n"
	"      port: 9080\n",
	.phase = ALINT_PHASE_POLICIES,
};

static bool mix_route(const struct alint_resource *route)
{
	return (kind_is(route, "HTTPRoute") || kind_is(route, "GRPCRoute")) &&
	       strcmp(alint_resource_group(route), GATEWAY_API_GROUP) == 0;
}

/*
 * The Gateway API routes that name a Service of set (ambient-bound
 * namespaces only) as parent, in index order, each with the first such
 * Service of the set. malloc'ed array in *out; -1 when out of memory.
 */
static int mix_routes(struct alint_rule_ctx *rctx, const struct svc_set *set,
		      struct route_pair **out, size_t *nout)
{
	const struct route_table *t = route_table(rctx);
	const struct alint_resource *route;
	struct route_pair *v = NULL, *nv;
	size_t i, j, k, n = 0, cap = 0, lo, hi;

	*out = NULL;
	*nout = 0;
	if (t == NULL)
		return -1;
	for (j = 0; j < set->n; j++) {
		if (!mesh_ns_bound_for_ambient(rctx,
			alint_resource_namespace(set->svc[j])))
			continue;
		refs_range(t->parents, t->n,
			   alint_resource_namespace(set->svc[j]),
			   alint_resource_name(set->svc[j]), &lo, &hi);
		for (i = lo; i < hi; i++) {
			route = t->parents[i].r;
			if (!mix_route(route))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				nv = realloc(v, cap * sizeof(*v));
				if (nv == NULL) {
					free(v);
					return -1;
				}
				v = nv;
			}
			v[n].order = t->parents[i].order;
			v[n].j = j;
			v[n++].route = route;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), route_pair_cmp);
	/* one pair per route: the first Service of the set */
	for (i = 0, k = 0; i < n; i++)
		if (k == 0 || v[k - 1].order != v[i].order)
			v[k++] = v[i];
	*out = v;
	*nout = k;
	return 0;
}

static int check_vs_httproute(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	const struct alint_resource *first, *first_svc;
	struct route_pair *v;
	struct svc_set set;
	struct alint_finding *f;
	size_t i, n;
	int rc = 0;

	(void)payload;
	if (!vs_services(rctx, res, &set))
		return 0;
	if (mix_routes(rctx, &set, &v, &n) < 0)
		return ALINT_ENOMEM;
	if (n == 0)
		goto out;
	first = v[0].route;
	first_svc = set.svc[v[0].j];
	f = alint_rule_report(rctx, vs_anchor(res),
		"VirtualService %s/%s and %s %s/%s%s both route mesh traffic "
		"for Service %s/%s: the migration guide says mixing "
		"VirtualService and HTTPRoute for the same workload is not "
		"supported (undefined behavior at the waypoint); keep the "
		"route and delete the VirtualService",
		alint_resource_namespace(res), alint_resource_name(res),
		alint_resource_kind(first), alint_resource_namespace(first),
		alint_resource_name(first), n > 1 ? " (and others)" : "",
		alint_resource_namespace(first_svc),
		alint_resource_name(first_svc));
	for (i = 0; f != NULL && i < n && rc >= 0; i++)
		rc = alint_finding_related(f, v[i].route,
			route_parent_service(v[i].route, set.svc[v[i].j]),
			"%s for the same Service",
			alint_resource_kind(v[i].route));
out:
	free(v);
	return rc < 0 ? rc : 0;
}

const struct alint_rule alint__rule_virtualservice_httproute_mix = {
	.version = ALINT_RULE_VERSION,
	.id = "AL4009",
	.name = "virtualservice-httproute-mix",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "VirtualService and HTTPRoute route the same Service",
	.doc =
	"At a waypoint both the mesh VirtualServices and the Gateway API "
	"routes (HTTPRoute, GRPCRoute) whose parentRefs name a Service "
	"apply to that Service's traffic. The migration guide lists "
	"\"Mixing VirtualService and HTTPRoute for the same workload\" as "
	"not supported: which one wins is undefined behavior.\n"
	"\n"
	"The rule reports a mesh VirtualService (no gateways, or mesh among "
	"them) whose hosts name a Service, in a namespace bound for "
	"ambient, that an HTTPRoute or GRPCRoute of group "
	"gateway.networking.k8s.io also names in its parentRefs (kind "
	"Service, group \"\" or absent, the route's namespace unless the "
	"parentRef gives one). The routes are shown as related "
	"locations. During a migration, create the HTTPRoute and delete "
	"the VirtualService in one step. There is no fix.",
	.kinds = vs_kinds,
	.check = check_vs_httproute,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: VirtualService\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  hosts:\n"
	"  - reviews\n"
	"  http:\n"
	"  - route:\n"
	"    - destination:\n"
	"        host: reviews\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: HTTPRoute\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  parentRefs:\n"
	"  - group: \"\"\n"
	"    kind: Service\n"
	"    name: reviews\n"
	"  rules:\n"
	"  - backendRefs:\n"
	"    - name: reviews\n"
	"      port: 9080\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: HTTPRoute\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  parentRefs:\n"
	"  - group: \"\"\n"
	"    kind: Service\n"
	"    name: reviews\n"
	"  rules:\n"
	"  - backendRefs:\n"
	"    - name: reviews\n"
	"      port: 9080\n",
	.phase = ALINT_PHASE_POLICIES,
};
