/*
 * mesh.c - the mesh as the inputs describe it (see mesh.h)
 */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "../lib/internal.h"
#include "blockers.h"
#include "common.h"
#include "mesh.h"

void mesh_text(const struct alint_node *n, char *buf, size_t len)
{
	const char *t;
	size_t tl;

	if (len == 0)
		return;
	buf[0] = '\0';
	t = text_of(n, &tl);
	if (t == NULL)
		return;
	if (tl >= len)
		tl = len - 1;
	memcpy(buf, t, tl);
	buf[tl] = '\0';
}

/* The range [lo, hi) of class cls whose namespace is ns. */
static void ns_range(const struct alint_index *idx, enum alint_index_class cls,
		     const char *ns, size_t *lo, size_t *hi)
{
	mesh_range(idx, cls, ns, NULL, lo, hi);
}

/* ---- namespaces --------------------------------------------------------- */

void mesh_ns_labels(struct mesh_ns_labels *st,
		    const struct alint_resource *nso)
{
	const struct alint_node *labels = alint_resource_labels(nso);
	size_t len;

	memset(st, 0, sizeof(*st));
	st->mode = MESH_NS_OUT;
	if (!is_mapping(labels))
		return;
	st->inj_key = alint_node_get_key(labels, INJECTION_LABEL);
	st->inj_val = alint_node_get(labels, INJECTION_LABEL);
	st->rev_key = alint_node_get_key(labels, REV_LABEL);
	st->rev_val = alint_node_get(labels, REV_LABEL);
	st->mode_key = alint_node_get_key(labels, MODE_LABEL);
	st->mode_val = alint_node_get(labels, MODE_LABEL);
	/*
	 * The istio.io/rev webhook selects namespaces where istio-injection
	 * does not exist: istio-injection wins, and any value of it other
	 * than "enabled" is an opt-out.
	 */
	if (st->inj_key != NULL) {
		if (text_is(st->inj_val, "enabled")) {
			st->inject_key = st->inj_key;
			st->inject_val = st->inj_val;
		}
	} else if (st->rev_key != NULL && text_of(st->rev_val, &len) != NULL &&
		   len > 0) {
		st->inject_key = st->rev_key;
		st->inject_val = st->rev_val;
	}
	st->ambient = st->mode_key != NULL && text_is(st->mode_val, "ambient");
	/*
	 * The injector does not read istio.io/dataplane-mode, and istio-cni
	 * leaves out the pods it injected: with both, the sidecar wins.
	 */
	if (st->inject_key != NULL)
		st->mode = MESH_NS_SIDECAR;
	else if (st->ambient)
		st->mode = MESH_NS_AMBIENT;
}

const struct alint_resource *mesh_ns_find(struct mesh_ns_labels *st,
					  struct alint_rule_ctx *rctx,
					  const char *ns)
{
	const struct alint_resource *n;

	n = alint_index_find(alint_rule_ctx_index(rctx), ALINT_INDEX_NAMESPACE,
			     ns, ns);
	if (n == NULL) {
		memset(st, 0, sizeof(*st));
		st->mode = MESH_NS_UNKNOWN;
		return NULL;
	}
	mesh_ns_labels(st, n);
	return n;
}

enum mesh_ns_mode mesh_ns_mode(struct alint_rule_ctx *rctx, const char *ns)
{
	struct mesh_ns_labels st;

	mesh_ns_find(&st, rctx, ns);
	return st.mode;
}

bool mesh_ns_bound_for_ambient(struct alint_rule_ctx *rctx, const char *ns)
{
	char buf[8];

	if (mesh_ns_mode(rctx, ns) == MESH_NS_OUT)
		return false;
	if (alint_rule_ctx_flags(rctx) & ALINT_OPT_MIGRATE_BLOCKED)
		return true;
	return mesh_ns_blocker(rctx, ns, buf, sizeof(buf), NULL) == NULL;
}

/* ---- workloads ---------------------------------------------------------- */

const struct alint_node *mesh_pod_labels(const struct alint_resource *res)
{
	const struct alint_node *t = alint_resource_pod_template(res);

	return map_get(map_get(t, "metadata"), "labels");
}

static const struct alint_node *pod_annotations(const struct alint_resource *r)
{
	const struct alint_node *t = alint_resource_pod_template(r);

	return map_get(map_get(t, "metadata"), "annotations");
}

/* Whether a comma-separated list (inject.istio.io/templates) has word. */
static bool list_has(const struct alint_node *n, const char *word)
{
	const char *t, *p, *q, *a, *b, *end;
	size_t len, wl = strlen(word);

	t = text_of(n, &len);
	if (t == NULL)
		return false;
	end = t + len;
	for (p = t; p < end; p = q + 1) {
		q = memchr(p, ',', (size_t)(end - p));
		if (q == NULL)
			q = end;
		for (a = p; a < q && *a == ' '; a++)
			;
		for (b = q; b > a && b[-1] == ' '; b--)
			;
		if ((size_t)(b - a) == wl && memcmp(a, word, wl) == 0)
			return true;
	}
	return false;
}

/* A proxy container running as router (gateway) or waypoint. */
bool mesh_runs_gateway_proxy(const struct alint_node *tmpl)
{
	const struct alint_node *cs, *c, *args;

	cs = seq_get(map_get(tmpl, "spec"), "containers");
	for (c = alint_node_first(cs); c != NULL; c = alint_node_next(c)) {
		args = seq_get(c, "args");
		if (text_is(alint_node_item(args, 0), "proxy") &&
		    (text_is(alint_node_item(args, 1), "router") ||
		     text_is(alint_node_item(args, 1), "waypoint")))
			return true;
	}
	return false;
}

bool mesh_is_gateway_pod(const struct alint_resource *res)
{
	return alint_node_get(mesh_pod_labels(res),
			      "gateway.networking.k8s.io/gateway-name") ||
		list_has(alint_node_get(pod_annotations(res),
					TEMPLATES_ANNOTATION), "gateway") ||
		mesh_runs_gateway_proxy(alint_resource_pod_template(res));
}

enum mesh_workload_mode mesh_workload_mode(struct alint_rule_ctx *rctx,
					   const struct alint_resource *res,
					   const char **why)
{
	return mesh_workload_mode_ex(rctx, res, 0, why);
}

/* A YAML 1.1 true, as kubectl reads it (true, True, yes, on...). */
static bool y11_true(const struct alint_node *n)
{
	return alint_node_y11(n) == ALINT_Y11_BOOL &&
	       (text_ieq(n, "true") || text_ieq(n, "yes") ||
		text_ieq(n, "y") || text_ieq(n, "on"));
}

enum mesh_workload_mode
mesh_workload_mode_ex(struct alint_rule_ctx *rctx,
		      const struct alint_resource *res, unsigned int flags,
		      const char **why)
{
	const struct alint_node *labels = mesh_pod_labels(res);
	const struct alint_node *inject, *rev;
	const char *ns = alint_resource_namespace(res);
	struct mesh_ns_labels st;
	const char *dummy;
	bool bound;
	size_t len;

	if (why == NULL)
		why = &dummy;
	*why = "";
	if (mesh_is_gateway_pod(res)) {
		*why = "a gateway or waypoint proxy";
		return MESH_W_GATEWAY;
	}
	/* neither captured by istio-cni nor injected (istio-ambient.md 5) */
	if (y11_true(alint_node_path(alint_resource_pod_template(res), "spec",
				     "hostNetwork", NULL))) {
		*why = "hostNetwork pods are neither captured nor injected";
		return MESH_W_OUT;
	}
	if (text_is(alint_node_get(labels, MODE_LABEL), "ambient")) {
		*why = "pod label " MODE_LABEL "=ambient";
		return MESH_W_AMBIENT;
	}
	if (text_is(alint_node_get(labels, MODE_LABEL), "none")) {
		*why = "pod label " MODE_LABEL "=none";
		return MESH_W_OUT;
	}
	mesh_ns_find(&st, rctx, ns);
	if (flags & MESH_MODE_UNHELD)
		bound = st.mode != MESH_NS_OUT;
	else
		bound = mesh_ns_bound_for_ambient(rctx, ns);
	/*
	 * istio-cni captures every pod of an ambient namespace that is not
	 * labelled none: it does not read sidecar.istio.io/inject, so a
	 * pod that opts out of the sidecar joins ambient with its namespace.
	 */
	if (bound) {
		*why = "its namespace is in the mesh";
		return MESH_W_AMBIENT;
	}
	/* the label wins over the deprecated annotation */
	inject = alint_node_get(labels, INJECT_KEY);
	if (inject == NULL)
		inject = alint_node_get(pod_annotations(res), INJECT_KEY);
	if (text_ieq(inject, "false")) {
		*why = INJECT_KEY "=false";
		return MESH_W_OUT;
	}
	if (st.mode != MESH_NS_OUT) {
		*why = "its namespace has a migration blocker";
		return MESH_W_SIDECAR;
	}
	/*
	 * The injector's object webhooks select pods of a namespace that
	 * has neither istio-injection nor istio.io/rev: the pod label
	 * sidecar.istio.io/inject=true, or a pod label istio.io/rev.
	 */
	if (st.inj_key == NULL && st.rev_key == NULL) {
		if (text_ieq(alint_node_get(labels, INJECT_KEY), "true")) {
			*why = "pod label " INJECT_KEY "=true";
			return MESH_W_SIDECAR;
		}
		rev = alint_node_get(labels, REV_LABEL);
		if (text_of(rev, &len) != NULL && len > 0) {
			*why = "pod label " REV_LABEL;
			return MESH_W_SIDECAR;
		}
	}
	*why = "its namespace is not in the mesh";
	return MESH_W_OUT;
}

bool mesh_selects(const struct alint_node *sel, const struct alint_node *labels)
{
	const struct alint_node *k, *v;
	size_t kl, vl, ll;
	const char *kt, *vt, *lt;
	char key[MESH_NAME_MAX];

	if (!is_mapping(sel) || alint_node_count(sel) == 0)
		return true;
	if (!is_mapping(labels))
		return false;
	for (k = alint_node_first(sel); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		kt = text_of(k, &kl);
		vt = text_of(v, &vl);
		if (kt == NULL || vt == NULL || kl >= sizeof(key))
			return false;
		memcpy(key, kt, kl);
		key[kl] = '\0';
		lt = text_of(alint_node_get(labels, key), &ll);
		if (lt == NULL || ll != vl || memcmp(lt, vt, vl) != 0)
			return false;
	}
	return true;
}

size_t mesh_selected_workloads(struct alint_rule_ctx *rctx, const char *ns,
			       const struct alint_node *match_labels,
			       const struct alint_resource **out, size_t max)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *w;
	size_t lo, hi, i, n = 0;

	ns_range(idx, ALINT_INDEX_WORKLOAD, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		w = alint_index_get(idx, ALINT_INDEX_WORKLOAD, i);
		/* a Deployment's ReplicaSets and Pods repeat its pods */
		if (!mesh_selects(match_labels, mesh_pod_labels(w)))
			continue;
		if (n < max)
			out[n] = w;
		n++;
	}
	return n;
}

/* ---- waypoints ---------------------------------------------------------- */

static bool waypoint_label(const struct alint_resource *obj,
			   struct mesh_waypoint_ref *ref)
{
	const struct alint_node *labels = alint_resource_labels(obj);
	const struct alint_node *v = alint_node_get(labels, USE_WAYPOINT_LABEL);

	if (v == NULL || !is_mapping(labels))
		return false;
	mesh_text(v, ref->name, sizeof(ref->name));
	mesh_text(alint_node_get(labels, USE_WAYPOINT_NS_LABEL), ref->ns,
		  sizeof(ref->ns));
	if (ref->ns[0] == '\0')
		snprintf(ref->ns, sizeof(ref->ns), "%s",
			 alint_resource_namespace(obj));
	ref->bound_by = obj;
	ref->label = v;
	return true;
}

bool mesh_service_waypoint(struct alint_rule_ctx *rctx,
			   const struct alint_resource *svc,
			   struct mesh_waypoint_ref *ref)
{
	const char *ns = alint_resource_namespace(svc);
	const struct alint_resource *n;

	memset(ref, 0, sizeof(*ref));
	if (!waypoint_label(svc, ref)) {
		n = alint_index_find(alint_rule_ctx_index(rctx),
				     ALINT_INDEX_NAMESPACE, ns, ns);
		if (n == NULL || !waypoint_label(n, ref))
			return false;
	}
	if (ref->name[0] == '\0' || strcmp(ref->name, "none") == 0) {
		ref->name[0] = '\0';
		return false;
	}
	return true;
}

bool mesh_is_waypoint(const struct alint_resource *gw)
{
	return strcmp(alint_resource_kind(gw), "Gateway") == 0 &&
		strcmp(alint_resource_group(gw), GATEWAY_API_GROUP) == 0 &&
		text_is(alint_node_path(alint_resource_root(gw), "spec",
					"gatewayClassName", NULL),
			WAYPOINT_CLASS);
}

const struct alint_resource *
mesh_find_waypoint(struct alint_rule_ctx *rctx, const char *ns,
		   const char *name)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *g;
	size_t lo, hi, i;

	ns_range(idx, ALINT_INDEX_GATEWAY, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		g = alint_index_get(idx, ALINT_INDEX_GATEWAY, i);
		if (mesh_is_waypoint(g) &&
		    strcmp(alint_resource_name(g), name) == 0)
			return g;
	}
	return NULL;
}

const struct alint_resource *
mesh_ns_first_waypoint(struct alint_rule_ctx *rctx, const char *ns)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *g;
	size_t lo, hi, i;

	ns_range(idx, ALINT_INDEX_GATEWAY, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		g = alint_index_get(idx, ALINT_INDEX_GATEWAY, i);
		if (mesh_is_waypoint(g))
			return g;
	}
	return NULL;
}

void mesh_waypoint_sa(const struct alint_resource *gw, char *buf, size_t len)
{
	const struct alint_node *sa;

	sa = alint_node_get(alint_resource_annotations(gw),
			    "gateway.istio.io/service-account");
	mesh_text(sa, buf, len);
	if (buf[0] == '\0')
		snprintf(buf, len, "%s", alint_resource_name(gw));
}

/* ---- blockers ----------------------------------------------------------- */

static bool pa_disables(const struct alint_resource *pa)
{
	return text_is(alint_node_path(alint_resource_root(pa), "spec", "mtls",
				       "mode", NULL), "DISABLE");
}

/*
 * Whether an EnvoyFilter patches sidecars: not one that selects gateway
 * pods by the usual istio label, and not one whose every patch is in the
 * GATEWAY context.
 */
static bool envoyfilter_on_sidecars(const struct alint_resource *ef)
{
	const struct alint_node *spec, *patches, *p, *ctx;
	const struct alint_node *labels;
	size_t len;
	const char *t;

	spec = map_get(alint_resource_root(ef), "spec");
	/* targetRefs attach it to waypoints or gateways, never sidecars */
	if (has_target_refs(spec))
		return false;
	labels = map_get(map_get(spec, "workloadSelector"), "labels");
	t = text_of(alint_node_get(labels, "istio"), &len);
	if (t != NULL && len >= 7 && memcmp(t, "ingress", 7) == 0)
		return false;
	if (t != NULL && len >= 6 && memcmp(t, "egress", 6) == 0)
		return false;
	patches = seq_get(spec, "configPatches");
	if (patches == NULL || alint_node_count(patches) == 0)
		return true;
	for (p = alint_node_first(patches); p != NULL; p = alint_node_next(p)) {
		ctx = alint_node_path(p, "match", "context", NULL);
		if (!text_is(ctx, "GATEWAY"))
			return true;
	}
	return false;
}

/* A SPIRE signal in a workload's pods (istio-ambient.md §8.3). */
static bool uses_spire(const struct alint_resource *w)
{
	const struct alint_node *tmpl = alint_resource_pod_template(w);
	const struct alint_node *vols, *v;
	const struct alint_node *ann = pod_annotations(w);
	const char *t;
	size_t len;

	t = text_of(alint_node_get(ann, TEMPLATES_ANNOTATION), &len);
	if (t != NULL && len >= 5) {
		size_t i;

		for (i = 0; i + 5 <= len; i++)
			if (memcmp(t + i, "spire", 5) == 0)
				return true;
	}
	if (text_ieq(alint_node_get(mesh_pod_labels(w),
				    "spiffe.io/spire-managed-identity"),
		     "true"))
		return true;
	vols = seq_get(map_get(tmpl, "spec"), "volumes");
	for (v = alint_node_first(vols); v != NULL; v = alint_node_next(v))
		if (text_is(alint_node_path(v, "csi", "driver", NULL),
			    "csi.spiffe.io"))
			return true;
	/* the gateway template's wait for the SPIRE agent's socket */
	vols = seq_get(map_get(tmpl, "spec"), "initContainers");
	for (v = alint_node_first(vols); v != NULL; v = alint_node_next(v))
		if (text_is(alint_node_get(v, "name"),
			    "wait-for-spire-socket"))
			return true;
	return false;
}

static const char *blocked(char *buf, size_t len,
			   const struct alint_resource **out,
			   const struct alint_resource *r, const char *what)
{
	snprintf(buf, len, "%s %s/%s %s", alint_resource_kind(r),
		 alint_resource_namespace(r), alint_resource_name(r), what);
	if (out != NULL)
		*out = r;
	return buf;
}

/* The scan behind mesh_ns_blocker(), over the resources of ns. */
static const char *ns_blocker_scan(struct alint_rule_ctx *rctx,
				   const char *ns, char *buf, size_t len,
				   const struct alint_resource **res)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const char *root = alint_rule_ctx_root_namespace(rctx);
	const struct alint_resource *r;
	size_t lo, hi, i;

	if (res != NULL)
		*res = NULL;
	ns_range(idx, ALINT_INDEX_POLICY, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		r = alint_index_get(idx, ALINT_INDEX_POLICY, i);
		if (kind_is(r, "PeerAuthentication") && pa_disables(r))
			return blocked(buf, len, res, r,
				       "sets mtls.mode DISABLE, which ambient "
				       "mode does not support");
		if (kind_is(r, "EnvoyFilter") && strcmp(ns, root) != 0 &&
		    envoyfilter_on_sidecars(r))
			return blocked(buf, len, res, r,
				       "patches the sidecars' Envoy, which "
				       "ambient pods do not have");
	}
	if (strcmp(ns, root) != 0) {
		ns_range(idx, ALINT_INDEX_POLICY, root, &lo, &hi);
		for (i = lo; i < hi; i++) {
			r = alint_index_get(idx, ALINT_INDEX_POLICY, i);
			if (kind_is(r, "PeerAuthentication") &&
			    pa_disables(r) &&
			    map_get(map_get(alint_resource_root(r), "spec"),
				    "selector") == NULL)
				return blocked(buf, len, res, r,
					       "sets mesh-wide mtls.mode "
					       "DISABLE, which ambient mode "
					       "does not support");
		}
	}
	ns_range(idx, ALINT_INDEX_WORKLOAD, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		r = alint_index_get(idx, ALINT_INDEX_WORKLOAD, i);
		if (uses_spire(r))
			return blocked(buf, len, res, r,
				       "uses SPIRE, which ambient mode does "
				       "not support");
	}
	ns_range(idx, ALINT_INDEX_OTHER, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		r = alint_index_get(idx, ALINT_INDEX_OTHER, i);
		if ((kind_is(r, "WorkloadEntry") ||
		     kind_is(r, "WorkloadGroup")) &&
		    strcmp(alint_resource_group(r), "networking.istio.io") == 0)
			return blocked(buf, len, res, r,
				       "is a VM workload, which cannot join "
				       "the ambient mesh");
	}
	ns_range(idx, ALINT_INDEX_ROUTE, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		r = alint_index_get(idx, ALINT_INDEX_ROUTE, i);
		if (kind_is(r, "ServiceEntry") &&
		    alint_node_path(alint_resource_root(r), "spec",
				    "workloadSelector", NULL) != NULL)
			return blocked(buf, len, res, r,
				       "selects VM workloads "
				       "(workloadSelector), which cannot join "
				       "the ambient mesh");
	}
	return NULL;
}

/*
 * The blocker of every namespace of the index, found once per run: rules
 * ask for it once per workload, and a scan of the namespace each time
 * would cost workloads squared in a large namespace.
 */
struct ns_blocker {
	const char *ns;			/* the index's string */
	char *text;			/* NULL: none */
	const struct alint_resource *res;
};

struct ns_blockers {
	size_t n;
	struct ns_blocker e[];
};

static void ns_blockers_free(void *p)
{
	struct ns_blockers *t = p;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->e[i].text);
	free(t);
}

static void *ns_blockers_build(void *arg)
{
	struct alint_rule_ctx *rctx = arg;
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	struct ns_blockers *t;
	const struct alint_resource *mres = NULL;
	const char *mesh;
	char buf[512], mbuf[512];
	size_t i;

	t = calloc(1, sizeof(*t) + (idx->nnamespaces ? idx->nnamespaces : 1) *
		   sizeof(t->e[0]));
	if (t == NULL)
		return NULL;
	/* a topology that ambient mode does not support holds back all */
	mesh = blockers_mesh_wide(rctx, mbuf, sizeof(mbuf), &mres);
	for (i = 0; i < idx->nnamespaces; i++) {
		t->e[i].ns = idx->namespaces[i];
		if (ns_blocker_scan(rctx, t->e[i].ns, buf, sizeof(buf),
				    &t->e[i].res) == NULL) {
			if (mesh == NULL)
				continue;
			snprintf(buf, sizeof(buf), "%s", mesh);
			t->e[i].res = mres;
		}
		t->e[i].text = strdup(buf);
		if (t->e[i].text == NULL) {
			t->n = i;
			ns_blockers_free(t);
			return NULL;
		}
	}
	t->n = idx->nnamespaces;
	return t;
}

const char *mesh_ns_blocker(struct alint_rule_ctx *rctx, const char *ns,
			    char *buf, size_t len,
			    const struct alint_resource **res)
{
	static const char key = 0;
	const struct ns_blockers *t;
	size_t a, b, m;
	int c;

	t = mesh_memo(rctx, &key, ns_blockers_build, ns_blockers_free);
	if (t == NULL) {
		if (res != NULL)
			*res = NULL;
		return NULL;
	}
	a = 0;
	b = t->n;
	while (a < b) {
		m = a + (b - a) / 2;
		c = strcmp(t->e[m].ns, ns);
		if (c == 0) {
			if (res != NULL)
				*res = t->e[m].res;
			if (t->e[m].text == NULL)
				return NULL;
			if (len > 0)
				snprintf(buf, len, "%s", t->e[m].text);
			return buf;
		}
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	/* not in the index: only a mesh-wide blocker can hold it */
	if (ns_blocker_scan(rctx, ns, buf, len, res) != NULL)
		return buf;
	return blockers_mesh_wide(rctx, buf, len, res);
}

const char *mesh_ns_held(struct alint_rule_ctx *rctx, const char *ns,
			 char *buf, size_t len)
{
	if (alint_rule_ctx_flags(rctx) & ALINT_OPT_MIGRATE_BLOCKED)
		return NULL;
	return mesh_ns_blocker(rctx, ns, buf, len, NULL);
}

bool mesh_envoyfilter_on_sidecars(const struct alint_resource *ef)
{
	return envoyfilter_on_sidecars(ef);
}

/* Order of resource r against the key (ns, name); name NULL: ns only. */
static int key_cmp(const struct alint_resource *r, const char *ns,
		   const char *name)
{
	int c = strcmp(alint_resource_namespace(r), ns);

	if (c != 0 || name == NULL)
		return c;
	return strcmp(alint_resource_name(r), name);
}

void mesh_range(const struct alint_index *idx, enum alint_index_class cls,
		const char *ns, const char *name, size_t *lo, size_t *hi)
{
	size_t n = alint_index_count(idx, cls), a = 0, b = n, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (key_cmp(alint_index_get(idx, cls, m), ns, name) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = n;
	while (a < b) {
		m = a + (b - a) / 2;
		if (key_cmp(alint_index_get(idx, cls, m), ns, name) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

/* The workloads each Service selects, parallel to the index's Services. */
struct svc_pods {
	size_t *first;		/* per Service: its first entry in pods */
	size_t *count;
	const struct alint_resource **pods;
	size_t npods;
};

static void svc_pods_free(void *p)
{
	struct svc_pods *t = p;

	if (t == NULL)
		return;
	free(t->first);
	free(t->count);
	free(t->pods);
	free(t);
}

static void *svc_pods_build(void *arg)
{
	const struct alint_index *idx = alint_rule_ctx_index(arg);
	size_t ns = alint_index_count(idx, ALINT_INDEX_SERVICE);
	size_t i, j, lo, hi, cap = 0;
	const struct alint_resource *s, *w, **np;
	const struct alint_node *sel, *pl;
	struct svc_pods *t;

	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->first = calloc(ns ? ns : 1, sizeof(*t->first));
	t->count = calloc(ns ? ns : 1, sizeof(*t->count));
	if (t->first == NULL || t->count == NULL)
		goto fail;
	for (i = 0; i < ns; i++) {
		s = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
		t->first[i] = t->npods;
		sel = map_get(map_get(alint_resource_root(s), "spec"),
			      "selector");
		if (sel == NULL || alint_node_count(sel) == 0)
			continue;
		mesh_range(idx, ALINT_INDEX_WORKLOAD,
			   alint_resource_namespace(s), NULL, &lo, &hi);
		for (j = lo; j < hi; j++) {
			w = alint_index_get(idx, ALINT_INDEX_WORKLOAD, j);
			pl = mesh_pod_labels(w);
			if (pl == NULL || !mesh_selects(sel, pl))
				continue;
			if (t->npods == cap) {
				cap = cap ? cap * 2 : 64;
				np = realloc(t->pods, cap * sizeof(*np));
				if (np == NULL)
					goto fail;
				t->pods = np;
			}
			t->pods[t->npods++] = w;
			t->count[i]++;
		}
	}
	return t;
fail:
	svc_pods_free(t);
	return NULL;
}

/* The table of the run, built by its first caller; NULL without memory. */
static const struct svc_pods *svc_pods_get(struct alint_rule_ctx *rctx)
{
	static const char key = 0;

	return mesh_memo(rctx, &key, svc_pods_build, svc_pods_free);
}

const struct alint_resource *const *
mesh_service_pods(struct alint_rule_ctx *rctx,
		  const struct alint_resource *svc, size_t *n)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct svc_pods *t;
	size_t lo, hi, i;

	*n = 0;
	t = svc_pods_get(rctx);
	if (t == NULL)
		return NULL;
	mesh_range(idx, ALINT_INDEX_SERVICE, alint_resource_namespace(svc),
		   alint_resource_name(svc), &lo, &hi);
	for (i = lo; i < hi; i++)
		if (alint_index_get(idx, ALINT_INDEX_SERVICE, i) == svc) {
			*n = t->count[i];
			return t->count[i] ? t->pods + t->first[i] : NULL;
		}
	return NULL;
}

/*
 * From the table of the pods of each Service (built once per run): a
 * Service is reached when one of its pods is selected, so a call costs
 * the pods of the namespace's Services, not Services x workloads.
 */
size_t mesh_selected_services(struct alint_rule_ctx *rctx, const char *ns,
			      const struct alint_node *match_labels,
			      const struct alint_resource **out, size_t max)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct svc_pods *t = svc_pods_get(rctx);
	const struct alint_resource *const *pods;
	size_t lo, hi, i, j, n = 0;

	if (t == NULL)
		return 0;
	ns_range(idx, ALINT_INDEX_SERVICE, ns, &lo, &hi);
	for (i = lo; i < hi; i++) {
		if (t->count[i] == 0)
			continue;
		pods = t->pods + t->first[i];
		/* the table holds only workloads with pod labels */
		for (j = 0; j < t->count[i]; j++)
			if (mesh_selects(match_labels,
					 mesh_pod_labels(pods[j])))
				break;
		if (j == t->count[i])
			continue;
		if (n < max)
			out[n] = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
		n++;
	}
	return n;
}

/*
 * The namespace and name of the Service a host without a wildcard names
 * (lower-cased), as Istio resolves hosts (ResolveShortnameToFQDN): a name
 * without a dot is completed with the namespace ns of the resource that
 * holds it and the cluster domain; any other name is taken as fully
 * qualified, so "reviews" in ns and "reviews.bookstore.svc.cluster.local"
 * name a Service, and "reviews.bookstore" names none. False when it can
 * name no Service.
 */
bool mesh_host_service(const char *h, size_t hl, const char *ns, char *name,
		       char *sns)
{
	size_t sl = strlen(MESH_CLUSTER_SUFFIX), i, dot;
	const char *p;

	if (memchr(h, '.', hl) == NULL) {
		if (hl >= MESH_NAME_MAX)
			return false;
		for (i = 0; i < hl; i++)
			name[i] = (char)tolower((unsigned char)h[i]);
		name[hl] = '\0';
		snprintf(sns, MESH_NAME_MAX, "%s", ns);
		return true;
	}
	if (hl <= sl || strncasecmp(h + hl - sl, MESH_CLUSTER_SUFFIX, sl) != 0)
		return false;
	hl -= sl;
	p = memchr(h, '.', hl);
	if (p == NULL)
		return false;
	dot = (size_t)(p - h);
	if (dot == 0 || dot + 1 >= hl ||
	    memchr(h + dot + 1, '.', hl - dot - 1) != NULL ||
	    dot >= MESH_NAME_MAX || hl - dot - 1 >= MESH_NAME_MAX)
		return false;
	for (i = 0; i < dot; i++)
		name[i] = (char)tolower((unsigned char)h[i]);
	name[dot] = '\0';
	for (i = dot + 1; i < hl; i++)
		sns[i - dot - 1] = (char)tolower((unsigned char)h[i]);
	sns[hl - dot - 1] = '\0';
	return true;
}

const void *mesh_memo(struct alint_rule_ctx *rctx, const void *key,
		      void *(*build)(void *arg), void (*destroy)(void *value))
{
	const void *v = alint__index_memo(alint_rule_ctx_index(rctx), key,
					  build, rctx, destroy);

	if (v == NULL)
		rctx->error = ALINT_ENOMEM;
	return v;
}
