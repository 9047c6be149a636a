/*
 * policy.c - AuthorizationPolicy and the other policy kinds in ambient
 * mode (AL3001-AL3007)
 *
 * In ambient mode ztunnel enforces the L4 part of selector, namespace-wide
 * and mesh-wide AuthorizationPolicies (authz.h says how istiod translates
 * them), and nothing else: HTTP attributes, CUSTOM and AUDIT policies,
 * RequestAuthentication, WasmPlugin and Telemetry need a waypoint, and a
 * waypoint only applies policies that name it or its Services with
 * targetRefs. These rules find the policies that stop working as written
 * once their workloads are in ambient mode, and their fix converts the
 * selector into targetRefs, resolved over every input file.
 */
#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "authz.h"
#include "common.h"
#include "mesh.h"

/* targetRefs holds at most 16 entries (CRD maxItems, istio-ambient.md §2.5) */
#define TARGETS_MAX 16
/* workloads kept by name for messages */
#define NAMED_MAX 4

static const char *const ap_kinds[] = { "AuthorizationPolicy", NULL };
static const char *const other_kinds[] = {
	"RequestAuthentication", "WasmPlugin", "Telemetry", NULL
};
static const char *const all_kinds[] = {
	"AuthorizationPolicy", "RequestAuthentication", "WasmPlugin",
	"Telemetry", NULL
};

/* ---- text --------------------------------------------------------------- */

struct text {
	char buf[2048];
	size_t used;
};

static void tx_add(struct text *t, const char *fmt, ...) ALINT_PRINTF(2, 3);

static void tx_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->used + 1 >= sizeof(t->buf))
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, sizeof(t->buf) - t->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	t->used += (size_t)n;
	if (t->used >= sizeof(t->buf))
		t->used = sizeof(t->buf) - 1;
}

/* "Deployment reviews-v1, Deployment reviews-v2 and 3 more" */
static void tx_objects(struct text *t, const struct alint_resource *const *r,
		       size_t named, size_t total)
{
	size_t i;

	for (i = 0; i < named; i++) {
		if (i > 0)
			tx_add(t, i + 1 == named && total == named ? " and " :
			       ", ");
		tx_add(t, "%s %s", alint_resource_kind(r[i]),
		       alint_resource_name(r[i]));
	}
	if (total > named)
		tx_add(t, " and %zu more", total - named);
}

/* ---- scope: which workloads a policy applies to ------------------------- */

enum scope_kind {
	SCOPE_SELECTOR = 0,	/* spec.selector */
	SCOPE_NAMESPACE,	/* no selector: the policy's namespace */
	SCOPE_MESH		/* no selector in the root namespace */
};

struct scope {
	const struct alint_resource *res;
	const struct alint_node *spec;
	const struct alint_node *sel_key, *sel;	/* spec.selector */
	const struct alint_node *match;		/* selector.matchLabels */
	enum scope_kind kind;
	const char *ns;
	bool root;		/* the policy is in the root namespace */
	size_t nsel;		/* workloads it applies to */
	size_t namb, nside;	/* ... in ambient mode, with a sidecar */
	const struct alint_resource *amb[NAMED_MAX], *side[NAMED_MAX];
	const char *side_why;	/* why the first one keeps a sidecar */
	bool ambient;		/* it applies to workloads in ambient mode */
};

/*
 * Whether the resource is a policy that ztunnel or a waypoint has to deal
 * with: the right API group, a spec, and no targetRef(s) (a policy with
 * targetRefs is a waypoint policy already; validation rules check it).
 */
static bool policy_candidate(const struct alint_resource *res,
			     const struct alint_node **spec)
{
	const char *kind = alint_resource_kind(res);
	const char *group = alint_resource_group(res);
	const char *want;

	if (strcmp(kind, "AuthorizationPolicy") == 0 ||
	    strcmp(kind, "RequestAuthentication") == 0)
		want = "security.istio.io";
	else if (strcmp(kind, "WasmPlugin") == 0)
		want = "extensions.istio.io";
	else if (strcmp(kind, "Telemetry") == 0)
		want = "telemetry.istio.io";
	else
		return false;
	if (strcmp(group, want) != 0)
		return false;
	*spec = map_get(alint_resource_root(res), "spec");
	if (*spec == NULL)
		return false;
	return alint_node_get(*spec, "targetRef") == NULL &&
		alint_node_get(*spec, "targetRefs") == NULL;
}

/* The mesh workloads a policy applies to, and whether they are ambient. */
static void scope_get(struct scope *sc, struct alint_rule_ctx *rctx,
		      const struct alint_resource *res,
		      const struct alint_node *spec)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *w, **sel;
	const char *why;
	size_t i, n;

	memset(sc, 0, sizeof(*sc));
	sc->res = res;
	sc->spec = spec;
	sc->ns = alint_resource_namespace(res);
	sc->root = strcmp(sc->ns, alint_rule_ctx_root_namespace(rctx)) == 0;
	sc->sel_key = alint_node_get_key(spec, "selector");
	sc->sel = alint_node_get(spec, "selector");
	if (sc->sel_key != NULL) {
		sc->kind = SCOPE_SELECTOR;
		sc->match = map_get(sc->sel, "matchLabels");
	} else {
		sc->kind = sc->root ? SCOPE_MESH : SCOPE_NAMESPACE;
	}
	/*
	 * A root-namespace policy applies in every namespace; any other, in
	 * its own (the index sorts workloads by namespace).
	 */
	sel = NULL;
	n = alint_index_count(idx, ALINT_INDEX_WORKLOAD);
	if (!sc->root && n > 0) {
		sel = malloc(n * sizeof(*sel));
		if (sel != NULL)
			n = mesh_selected_workloads(rctx, sc->ns, sc->match,
						    sel, n);
	}
	for (i = 0; i < n; i++) {
		w = sel != NULL ? sel[i] :
			alint_index_get(idx, ALINT_INDEX_WORKLOAD, i);
		if (sel == NULL && !sc->root &&
		    strcmp(alint_resource_namespace(w), sc->ns) != 0)
			continue;
		if (!mesh_selects(sc->match, mesh_pod_labels(w)))
			continue;
		sc->nsel++;
		switch (mesh_workload_mode(rctx, w, &why)) {
		case MESH_W_AMBIENT:
			if (sc->namb < NAMED_MAX)
				sc->amb[sc->namb] = w;
			sc->namb++;
			break;
		case MESH_W_SIDECAR:
			if (sc->nside == 0)
				sc->side_why = why;
			if (sc->nside < NAMED_MAX)
				sc->side[sc->nside] = w;
			sc->nside++;
			break;
		default:
			break;
		}
	}
	free(sel);
	if (sc->namb > 0)
		sc->ambient = true;
	else if (sc->nsel == 0)
		sc->ambient = mesh_ns_bound_for_ambient(rctx, sc->ns);
}

/* Where a finding about the whole policy points: selector, or spec. */
static const struct alint_node *scope_node(const struct scope *sc)
{
	if (sc->sel_key != NULL)
		return sc->sel_key;
	return alint_node_get_key(alint_resource_root(sc->res), "spec");
}

/* "the pods of Deployment reviews" and the like, for messages. */
static void tx_scope(struct text *t, const struct scope *sc)
{
	size_t named = sc->namb < NAMED_MAX ? sc->namb : NAMED_MAX;

	if (sc->namb > 0 && sc->kind == SCOPE_SELECTOR) {
		tx_add(t, "the pods of ");
		tx_objects(t, sc->amb, named, sc->namb);
	} else if (sc->kind == SCOPE_SELECTOR) {
		tx_add(t, "the pods it selects in namespace %s", sc->ns);
	} else if (sc->kind == SCOPE_NAMESPACE) {
		tx_add(t, "every workload of namespace %s", sc->ns);
	} else {
		tx_add(t, "every workload of the mesh");
	}
}

/* ---- the conversion to targetRefs --------------------------------------- */

struct plan {
	bool ok;
	struct text why;	/* no fix: why, for the message */
	const char *kind;	/* "Service", "Gateway", "GatewayClass" */
	size_t n;
	const struct alint_resource *targets[TARGETS_MAX];
	const char *name;	/* GatewayClass: its name */
};

static unsigned int istio_version(struct alint_rule_ctx *rctx)
{
	unsigned int v = alint_rule_ctx_istio_version(rctx);

	return v != 0 ? v : ALINT_ISTIO_VERSION_LATEST;
}

/* The waypoint Gateway that the namespace's label binds, or NULL. */
static const struct alint_resource *
ns_waypoint(struct alint_rule_ctx *rctx, const char *ns, struct text *why)
{
	const struct alint_resource *nso, *gw;
	const struct alint_node *labels;
	char name[MESH_NAME_MAX], wns[MESH_NAME_MAX];

	nso = alint_index_find(alint_rule_ctx_index(rctx),
			       ALINT_INDEX_NAMESPACE, ns, ns);
	labels = nso != NULL ? alint_resource_labels(nso) : NULL;
	mesh_text(alint_node_get(labels, USE_WAYPOINT_LABEL), name,
		  sizeof(name));
	mesh_text(alint_node_get(labels, USE_WAYPOINT_NS_LABEL), wns,
		  sizeof(wns));
	if (name[0] != '\0' && strcmp(name, "none") != 0) {
		if (wns[0] != '\0' && strcmp(wns, ns) != 0) {
			tx_add(why, "namespace %s uses waypoint %s/%s, in "
			       "another namespace, and targetRefs cannot "
			       "refer across namespaces", ns, wns, name);
			return NULL;
		}
		gw = mesh_find_waypoint(rctx, ns, name);
		if (gw == NULL)
			tx_add(why, "namespace %s uses waypoint %s, which is "
			       "not among the inputs", ns, name);
		return gw;
	}
	gw = mesh_ns_first_waypoint(rctx, ns);
	if (gw == NULL)
		tx_add(why, "namespace %s has no waypoint among the inputs: "
		       "deploy one (a Gateway of class istio-waypoint, bound "
		       "with istio.io/use-waypoint) and the policy can then "
		       "target it", ns);
	return gw;
}

static void plan_make(struct plan *p, struct alint_rule_ctx *rctx,
		      const struct scope *sc)
{
	const struct alint_resource *gw;
	char buf[400];
	size_t n;

	memset(p, 0, sizeof(*p));
	if (istio_version(rctx) < ALINT_ISTIO_VERSION(1, 22)) {
		tx_add(&p->why, "targetRefs needs Istio 1.22 or later "
		       "(--istio-version is older)");
		return;
	}
	if (mesh_ns_held(rctx, sc->ns, buf, sizeof(buf)) != NULL) {
		tx_add(&p->why, "namespace %s keeps its sidecars until its "
		       "migration blocker is resolved (%s; --migrate-blocked "
		       "overrides)", sc->ns, buf);
		return;
	}
	if (sc->nside > 0) {
		tx_add(&p->why, "it also applies to pods that keep a sidecar, "
		       "which ignore targetRefs policies (AL3007)");
		return;
	}
	switch (sc->kind) {
	case SCOPE_SELECTOR:
		if (sc->root) {
			tx_add(&p->why, "a selector policy in the root "
			       "namespace applies in every namespace, and "
			       "targetRefs can only name Services of its own "
			       "namespace");
			return;
		}
		n = mesh_selected_services(rctx, sc->ns, sc->match,
					   p->targets, TARGETS_MAX);
		if (n == 0) {
			tx_add(&p->why, "no Service among the inputs selects "
			       "its pods, so only workload-addressed traffic "
			       "reaches them: that goes through a waypoint "
			       "only with istio.io/waypoint-for: workload (or "
			       "all), and targetRefs cannot name a workload "
			       "(only a Service, ServiceEntry, Gateway or "
			       "GatewayClass)");
			return;
		}
		if (n > TARGETS_MAX) {
			tx_add(&p->why, "its pods are behind %zu Services, and "
			       "targetRefs holds at most %d: split the "
			       "policy", n, TARGETS_MAX);
			return;
		}
		p->kind = "Service";
		p->n = n;
		break;
	case SCOPE_NAMESPACE:
		gw = ns_waypoint(rctx, sc->ns, &p->why);
		if (gw == NULL)
			return;
		p->kind = "Gateway";
		p->targets[0] = gw;
		p->n = 1;
		break;
	case SCOPE_MESH:
		if (istio_version(rctx) < ALINT_ISTIO_VERSION(1, 25)) {
			tx_add(&p->why, "a mesh-wide policy moves to every "
			       "waypoint with a GatewayClass target, which "
			       "needs Istio 1.25 or later");
			return;
		}
		p->kind = "GatewayClass";
		p->name = WAYPOINT_CLASS;
		p->n = 1;
		break;
	}
	p->ok = true;
}

/* Whether a name can be written plain (a Kubernetes name that is a string). */
static bool plain_name(const char *s)
{
	const char *c;
	bool digits = true;

	if (*s == '\0')
		return false;
	for (c = s; *c != '\0'; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '.'))
			return false;
		if (*c < '0' || *c > '9')
			digits = false;
	}
	return !digits && strchr(".-", s[0]) == NULL;
}

/* The targetRefs sequence, as a block fragment. */
static bool plan_yaml(const struct plan *p, struct text *y)
{
	const char *group = strcmp(p->kind, "Service") == 0 ? "\"\"" :
		GATEWAY_API_GROUP;
	const char *name;
	size_t i;

	for (i = 0; i < p->n; i++) {
		name = p->name != NULL ? p->name :
			alint_resource_name(p->targets[i]);
		if (!plain_name(name))
			return false;
		tx_add(y, "- kind: %s\n  group: %s\n  name: %s\n", p->kind,
		       group, name);
	}
	return y->used + 1 < sizeof(y->buf);
}

/*
 * Replace the selector with targetRefs in place (the key renamed, the
 * mapping replaced by the sequence), or add targetRefs to a namespace-wide
 * or mesh-wide policy. UNSAFE: sidecars ignore targetRefs policies, and
 * until a waypoint serves the targets nothing enforces the policy.
 */
static int plan_apply(struct alint_finding *f, const struct plan *p,
		      const struct scope *sc)
{
	struct text y = { .used = 0 }, d = { .used = 0 };
	int rc;
	size_t i;

	if (f == NULL || !p->ok || !plan_yaml(p, &y))
		return 0;
	if (sc->sel_key != NULL)
		tx_add(&d, "replace the selector with targetRefs to %s ",
		       p->kind);
	else
		tx_add(&d, "add targetRefs to %s ", p->kind);
	for (i = 0; i < p->n; i++)
		tx_add(&d, "%s%s", i == 0 ? "" : i + 1 == p->n ? " and " :
		       ", ", p->name != NULL ? p->name :
		       alint_resource_name(p->targets[i]));
	tx_add(&d, " (enforced by a waypoint; pods with a sidecar no longer "
	       "apply it)");
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE, d.buf);
	if (rc == 0 && sc->sel_key != NULL) {
		rc = alint_fix_rename_key(f, sc->sel_key, "targetRefs");
		if (rc == 0)
			rc = alint_fix_replace_value(f, sc->sel, y.buf);
	} else if (rc == 0) {
		rc = alint_fix_insert_pair(f, sc->spec, "targetRefs", y.buf);
	}
	for (i = 0; rc == 0 && p->kind[0] != 'G' && i < p->n && i < 4; i++)
		rc = alint_finding_related(f, p->targets[i], NULL,
					   "Service %s, which the selector "
					   "reaches",
					   alint_resource_name(p->targets[i]));
	if (rc == 0 && strcmp(p->kind, "Gateway") == 0)
		rc = alint_finding_related(f, p->targets[0], NULL,
					   "waypoint Gateway %s/%s, which the "
					   "fix targets", sc->ns,
					   alint_resource_name(p->targets[0]));
	return fix_rc(rc);
}

/* The message's end: what to do, or why there is no fix. */
static void tx_remedy(struct text *t, const struct plan *p)
{
	if (p->ok)
		tx_add(t, "; enforce it at a waypoint with targetRefs");
	else
		tx_add(t, "; it needs a waypoint policy (targetRefs), but it "
		       "is not converted: %s", p->why.buf);
}

/* Related locations: the ambient workloads, in their files. */
static int relate_workloads(struct alint_finding *f, const struct scope *sc)
{
	size_t i;
	int rc = 0;

	if (sc->kind != SCOPE_SELECTOR)
		return 0;
	for (i = 0; f != NULL && rc == 0 && i < sc->namb && i < NAMED_MAX;
	     i++)
		rc = alint_finding_related(f, sc->amb[i], NULL,
					   "%s %s runs in ambient mode",
					   alint_resource_kind(sc->amb[i]),
					   alint_resource_name(sc->amb[i]));
	return rc;
}

/* ---- AuthorizationPolicy ------------------------------------------------ */

/* ap_get(): any class that ztunnel enforces */
#define WANT_ENFORCED (-1)

struct ap {
	struct scope sc;
	enum authz_ztunnel cls;
	enum authz_action act;
};

/*
 * An AuthorizationPolicy that ztunnel enforces on workloads bound for
 * ambient. A policy in dry-run mode is not sent to ztunnel (and is not
 * enforced by sidecars either): left alone.
 */
static bool ap_get(struct ap *ap, struct alint_rule_ctx *rctx,
		   const struct alint_resource *res, int want)
{
	const struct alint_node *spec;

	if (!policy_candidate(res, &spec))
		return false;
	if (text_ieq(alint_node_get(alint_resource_annotations(res),
				    "istio.io/dry-run"), "true"))
		return false;
	/* the cheap test first: most policies are L4 */
	ap->cls = authz_classify(spec);
	ap->act = authz_action(spec);
	if (want == WANT_ENFORCED ? ap->cls == AUTHZ_NOT_SENT :
	    (int)ap->cls != want)
		return false;
	scope_get(&ap->sc, rctx, res, spec);
	return ap->sc.ambient;
}

/* The distinct L7 attribute names of a policy ("methods, paths"). */
struct l7_names {
	struct text t;
	size_t n;
	const struct alint_node *first;		/* in a rule of interest */
	const struct alint_node *others[8];
	size_t nothers;
	/* rules of interest: when set, only those count for first */
	const bool *rules;
	size_t nrules;
	const char *seen[16];
	size_t seen_len[16];
	size_t nseen;
};

static int l7_collect(const struct alint_node *attr, size_t rule, void *arg)
{
	struct l7_names *l = arg;
	const struct alint_node *name = attr;
	const char *t;
	size_t len, i;

	/* a when entry: attr is its key field; name is its value */
	if (text_is(attr, "key") && alint_node_next(attr) != NULL)
		name = alint_node_next(attr);
	t = text_of(name, &len);
	if (l->first == NULL && (l->rules == NULL ||
				 (rule < l->nrules && l->rules[rule])))
		l->first = attr;
	else if (l->nothers < 8)
		l->others[l->nothers++] = attr;
	if (t == NULL)
		return 0;
	for (i = 0; i < l->nseen; i++)
		if (l->seen_len[i] == len && memcmp(l->seen[i], t, len) == 0)
			return 0;
	if (l->nseen < 16) {
		l->seen[l->nseen] = t;
		l->seen_len[l->nseen++] = len;
	}
	if (l->n < 4)
		tx_add(&l->t, "%s%.*s", l->n ? ", " : "", msg_len(len), t);
	else if (l->n == 4)
		tx_add(&l->t, ", ...");
	l->n++;
	return 0;
}

static int relate_l7(struct alint_finding *f, const struct alint_resource *res,
		     const struct l7_names *l)
{
	size_t i;
	int rc = 0;

	for (i = 0; f != NULL && rc == 0 && i < l->nothers; i++)
		rc = alint_finding_related(f, res, l->others[i],
					   "another HTTP attribute that "
					   "ztunnel does not enforce");
	return rc;
}

/* "rule 1", "rules 1 and 3", "rules 1, 2 and 4" (1-based) */
static void tx_rules(struct text *t, const bool *set, size_t n)
{
	size_t i, k = 0, total = 0;

	for (i = 0; i < n; i++)
		total += set[i];
	tx_add(t, total == 1 ? "rule " : "rules ");
	for (i = 0; i < n; i++) {
		if (!set[i])
			continue;
		if (k > 0)
			tx_add(t, k + 1 == total ? " and " : ", ");
		tx_add(t, "%zu", i + 1);
		k++;
	}
}

#define RULES_MAX 64

/*
 * The L7 rules of an AuthorizationPolicy: which hold L7 attributes, and
 * which of those can never match at ztunnel.
 */
struct rules_state {
	size_t n;			/* rules looked at */
	bool l7[RULES_MAX];
	bool never[RULES_MAX];		/* L7 rule that never matches */
	bool broader[RULES_MAX];	/* L7 rule that still matches */
	size_t nl7, nnever, nbroader;
};

static void rules_state_get(struct rules_state *rs,
			    const struct alint_node *spec)
{
	struct authz_rule_info ri;
	size_t i, n = alint_node_count(seq_get(spec, "rules"));

	memset(rs, 0, sizeof(*rs));
	rs->n = n < RULES_MAX ? n : RULES_MAX;
	for (i = 0; i < rs->n; i++) {
		if (!authz_rule_info(spec, i, &ri) || ri.nl7 == 0)
			continue;
		rs->l7[i] = true;
		rs->nl7++;
		if (ri.never_matches) {
			rs->never[i] = true;
			rs->nnever++;
		} else {
			rs->broader[i] = true;
			rs->nbroader++;
		}
	}
}

/* AL3001 */
static int check_allow_l7(struct alint_rule_ctx *rctx,
			  const struct alint_resource *res, void *payload)
{
	struct ap ap;
	struct rules_state rs;
	struct l7_names l;
	struct text m = { .used = 0 };
	struct plan p;
	struct alint_finding *f;
	int rc;

	(void)payload;
	if (!ap_get(&ap, rctx, res, AUTHZ_ALLOW_L7))
		return 0;
	rules_state_get(&rs, ap.sc.spec);
	memset(&l, 0, sizeof(l));
	authz_for_each_l7(ap.sc.spec, l7_collect, &l);
	plan_make(&p, rctx, &ap.sc);
	tx_add(&m, "ALLOW policy with HTTP attributes (%s) that ztunnel "
	       "cannot enforce: in ambient mode ztunnel drops every rule "
	       "that holds one (", l.t.buf);
	tx_rules(&m, rs.l7, rs.n);
	tx_add(&m, " of %zu)", rs.n);
	if (rs.nl7 == rs.n) {
		tx_add(&m, ", so no rule is left and all traffic to ");
		tx_scope(&m, &ap.sc);
		tx_add(&m, " that no other ALLOW policy allows is denied");
	} else {
		tx_add(&m, ", so traffic that only those rules allowed to ");
		tx_scope(&m, &ap.sc);
		tx_add(&m, " is denied");
	}
	tx_remedy(&m, &p);
	f = alint_rule_report(rctx, l.first, "%s", m.buf);
	rc = relate_l7(f, res, &l);
	if (rc == 0)
		rc = relate_workloads(f, &ap.sc);
	if (rc == 0)
		rc = plan_apply(f, &p, &ap.sc);
	return fix_rc(rc);
}

/* AL3002 */
static int check_deny_broader(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	struct ap ap;
	struct rules_state rs;
	struct l7_names l;
	struct text m = { .used = 0 };
	struct plan p;
	struct alint_finding *f;
	struct authz_rule_info ri;
	char l4[400];
	size_t i, shown = 0;
	int rc;

	(void)payload;
	if (!ap_get(&ap, rctx, res, AUTHZ_DENY_BROADER))
		return 0;
	rules_state_get(&rs, ap.sc.spec);
	memset(&l, 0, sizeof(l));
	l.rules = rs.broader;
	l.nrules = rs.n;
	authz_for_each_l7(ap.sc.spec, l7_collect, &l);
	plan_make(&p, rctx, &ap.sc);
	tx_add(&m, "DENY policy with HTTP attributes (%s) that ztunnel does "
	       "not enforce: in ambient mode it is enforced without them, "
	       "broader than written: for ", l.t.buf);
	tx_scope(&m, &ap.sc);
	for (i = 0; i < rs.n && shown < 3; i++) {
		if (!rs.broader[i] || !authz_rule_info(ap.sc.spec, i, &ri))
			continue;
		authz_l4_text(ri.rule, l4, sizeof(l4));
		tx_add(&m, "%s rule %zu denies %s%s", shown ? ";" : ",", i + 1,
		       strncmp(l4, "traffic", 7) == 0 ? "all " : "", l4);
		shown++;
	}
	if (rs.nbroader > shown)
		tx_add(&m, "; and %zu more rules", rs.nbroader - shown);
	if (rs.nnever > 0) {
		tx_add(&m, "; ");
		tx_rules(&m, rs.never, rs.n);
		tx_add(&m, " never %s at ztunnel (a clause with only HTTP "
		       "attributes), so what %s denied is allowed",
		       rs.nnever == 1 ? "matches" : "match",
		       rs.nnever == 1 ? "it" : "they");
	}
	tx_remedy(&m, &p);
	f = alint_rule_report(rctx, l.first, "%s", m.buf);
	rc = relate_l7(f, res, &l);
	if (rc == 0)
		rc = relate_workloads(f, &ap.sc);
	if (rc == 0)
		rc = plan_apply(f, &p, &ap.sc);
	return fix_rc(rc);
}

/* AL3003 */
static int check_deny_noop(struct alint_rule_ctx *rctx,
			   const struct alint_resource *res, void *payload)
{
	struct ap ap;
	struct rules_state rs;
	struct l7_names l;
	struct text m = { .used = 0 };
	struct plan p;
	struct alint_finding *f;
	int rc;

	(void)payload;
	if (!ap_get(&ap, rctx, res, AUTHZ_DENY_NOOP))
		return 0;
	rules_state_get(&rs, ap.sc.spec);
	memset(&l, 0, sizeof(l));
	authz_for_each_l7(ap.sc.spec, l7_collect, &l);
	plan_make(&p, rctx, &ap.sc);
	tx_add(&m, "DENY policy whose HTTP attributes (%s) ztunnel drops: ",
	       l.t.buf);
	if (rs.nnever == rs.n) {
		tx_add(&m, "every rule is left with a clause that holds "
		       "nothing ztunnel can match, so in ambient mode the "
		       "policy has no effect at all on ");
		tx_scope(&m, &ap.sc);
		tx_add(&m, ": what it denied is accepted (fail-open)");
	} else {
		tx_rules(&m, rs.never, rs.n);
		tx_add(&m, " %s left with a clause that holds nothing ztunnel "
		       "can match, so in ambient mode %s never %s for ",
		       rs.nnever == 1 ? "is" : "are",
		       rs.nnever == 1 ? "it" : "they",
		       rs.nnever == 1 ? "matches" : "match");
		tx_scope(&m, &ap.sc);
		tx_add(&m, ": what %s denied is accepted (fail-open)",
		       rs.nnever == 1 ? "it" : "they");
	}
	tx_remedy(&m, &p);
	f = alint_rule_report(rctx, l.first, "%s", m.buf);
	rc = relate_l7(f, res, &l);
	if (rc == 0)
		rc = relate_workloads(f, &ap.sc);
	if (rc == 0)
		rc = plan_apply(f, &p, &ap.sc);
	return fix_rc(rc);
}

/* AL3004 */
static int check_not_sent(struct alint_rule_ctx *rctx,
			  const struct alint_resource *res, void *payload)
{
	struct ap ap;
	struct text m = { .used = 0 };
	struct plan p;
	struct alint_finding *f;
	const struct alint_node *action;
	int rc;

	(void)payload;
	if (!ap_get(&ap, rctx, res, AUTHZ_NOT_SENT))
		return 0;
	action = alint_node_get(ap.sc.spec, "action");
	plan_make(&p, rctx, &ap.sc);
	if (ap.act == AUTHZ_ACTION_CUSTOM) {
		tx_add(&m, "CUSTOM policy is not sent to ztunnel (\"ztunnel "
		       "does not support the CUSTOM action\"): in ambient mode "
		       "its external authorizer is never asked about traffic "
		       "to ");
		tx_scope(&m, &ap.sc);
		tx_add(&m, ", which it no longer protects");
	} else {
		tx_add(&m, "AUDIT policy is not sent to ztunnel (\"ztunnel "
		       "does not support the AUDIT action\"): in ambient mode "
		       "requests to ");
		tx_scope(&m, &ap.sc);
		tx_add(&m, " are no longer audited");
	}
	tx_remedy(&m, &p);
	f = alint_rule_report(rctx, action, "%s", m.buf);
	rc = relate_workloads(f, &ap.sc);
	if (rc == 0)
		rc = plan_apply(f, &p, &ap.sc);
	return fix_rc(rc);
}

/* Whether a policy uses trustDomains or notTrustDomains anywhere. */
static bool has_trust_domains(const struct alint_resource *res)
{
	const struct alint_node *spec;
	struct authz_rule_info ri;
	size_t i, n;

	spec = map_get(alint_resource_root(res), "spec");
	n = alint_node_count(seq_get(spec, "rules"));
	for (i = 0; i < n; i++)
		if (authz_rule_info(spec, i, &ri) && ri.ntrust > 0)
			return true;
	return false;
}

/* AL3005 */
static int check_trust_domains(struct alint_rule_ctx *rctx,
			       const struct alint_resource *res,
			       void *payload)
{
	struct ap ap;
	struct authz_rule_info ri;
	struct alint_finding *f = NULL;
	struct text m = { .used = 0 };
	size_t i, n;
	const char *t;
	size_t len;

	(void)payload;
	if (istio_version(rctx) < ALINT_ISTIO_VERSION(1, 30))
		return 0;
	if (!has_trust_domains(res))
		return 0;
	if (!ap_get(&ap, rctx, res, WANT_ENFORCED))
		return 0;
	n = alint_node_count(seq_get(ap.sc.spec, "rules"));
	for (i = 0; i < n; i++) {
		if (!authz_rule_info(ap.sc.spec, i, &ri) || ri.ntrust == 0)
			continue;
		/* an ALLOW rule with HTTP attributes is dropped (AL3001) */
		if (ap.act != AUTHZ_ACTION_DENY && ri.nl7 > 0)
			continue;
		t = text_of(ri.first_trust, &len);
		m.used = 0;
		tx_add(&m, "rule %zu uses %.*s, which istiod neither "
		       "translates for ztunnel nor flags: in ambient mode a "
		       "source with only trust domains never matches, and "
		       "next to other fields the trust domain is not checked; "
		       "match on principals instead, or enforce the policy "
		       "at a waypoint", i + 1, t != NULL ? msg_len(len) : 0,
		       t != NULL ? t : "");
		f = alint_rule_report(rctx, ri.first_trust, "%s", m.buf);
		(void)f;
	}
	return 0;
}

/* ---- RequestAuthentication, WasmPlugin, Telemetry (AL3006) ------------ */

static int check_ignored(struct alint_rule_ctx *rctx,
			 const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec;
	struct scope sc;
	struct text m = { .used = 0 };
	struct plan p;
	struct alint_finding *f;
	const char *kind = alint_resource_kind(res);
	int rc;

	(void)payload;
	if (!policy_candidate(res, &spec))
		return 0;
	/* namespace-wide and mesh-wide Telemetry applies at waypoints */
	if (strcmp(kind, "Telemetry") == 0 &&
	    alint_node_get_key(spec, "selector") == NULL)
		return 0;
	scope_get(&sc, rctx, res, spec);
	if (!sc.ambient)
		return 0;
	plan_make(&p, rctx, &sc);
	if (strcmp(kind, "RequestAuthentication") == 0)
		tx_add(&m, "ztunnel never reads RequestAuthentication, and "
		       "waypoints apply it only through targetRefs: in "
		       "ambient mode JWTs sent to ");
	else if (strcmp(kind, "WasmPlugin") == 0)
		tx_add(&m, "ztunnel runs no Wasm, and waypoints apply a "
		       "WasmPlugin only through targetRefs: in ambient mode "
		       "the plugin no longer runs for ");
	else
		tx_add(&m, "ztunnel does not read the Telemetry API, and "
		       "waypoints ignore selector Telemetry: in ambient mode "
		       "its metrics, tracing and access-log settings no longer "
		       "apply to ");
	tx_scope(&m, &sc);
	if (strcmp(kind, "RequestAuthentication") == 0)
		tx_add(&m, " are not validated, and AuthorizationPolicies "
		       "that use requestPrincipals or request.auth.* cannot "
		       "match");
	tx_remedy(&m, &p);
	f = alint_rule_report(rctx, scope_node(&sc), "%s", m.buf);
	rc = relate_workloads(f, &sc);
	if (rc == 0)
		rc = plan_apply(f, &p, &sc);
	return fix_rc(rc);
}

/* ---- mixed mode (AL3007) ------------------------------------------------ */

static int check_mixed(struct alint_rule_ctx *rctx,
		       const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec;
	struct scope sc;
	struct text m = { .used = 0 };
	struct alint_finding *f;
	size_t i, named;
	int rc = 0;

	(void)payload;
	if (!policy_candidate(res, &spec) || !authz_needs_waypoint(res))
		return 0;
	if (text_ieq(alint_node_get(alint_resource_annotations(res),
				    "istio.io/dry-run"), "true"))
		return 0;
	scope_get(&sc, rctx, res, spec);
	if (sc.namb == 0 || sc.nside == 0)
		return 0;
	named = sc.nside < NAMED_MAX ? sc.nside : NAMED_MAX;
	tx_add(&m, "%s applies to pods in ambient mode and to pods that keep "
	       "a sidecar (", kind_is(res, "AuthorizationPolicy") ?
	       "policy" : alint_resource_kind(res));
	tx_objects(&m, sc.side, named, sc.nside);
	tx_add(&m, ": %s): sidecars ignore targetRefs policies, so "
	       "converting it to targetRefs for the ambient pods would drop "
	       "it from the sidecar pods; keep this selector policy for them "
	       "and add a targetRefs copy for the waypoint, or migrate them "
	       "first", sc.side_why != NULL ? sc.side_why : "sidecar");
	f = alint_rule_report(rctx, scope_node(&sc), "%s", m.buf);
	for (i = 0; f != NULL && rc == 0 && i < named; i++)
		rc = alint_finding_related(f, sc.side[i], NULL,
					   "%s %s keeps its sidecar",
					   alint_resource_kind(sc.side[i]),
					   alint_resource_name(sc.side[i]));
	return fix_rc(rc);
}

/* ---- rule table ------------------------------------------------------- */

/* The paragraph on the conversion, shared by the rules that have it. */
#define CONVERT_DOC \
	"\n\nThe fix (UNSAFE) converts the policy to a waypoint policy. A " \
	"selector becomes targetRefs in place (never the singular " \
	"targetRef), resolved over every input file: each Service of the " \
	"policy's namespace whose spec.selector matches the pod-template " \
	"labels of a workload that the policy's matchLabels also match " \
	"gives one entry (kind: Service, group: \"\", name), in name order, " \
	"at most 16 (the CRD's maxItems; more gives no fix). A " \
	"namespace-wide policy gets targetRefs to the waypoint Gateway of " \
	"its namespace (the one its istio.io/use-waypoint label names, else " \
	"the first one among the inputs); a mesh-wide policy in the root " \
	"namespace gets the GatewayClass istio-waypoint (Istio 1.25+). The " \
	"fix is unsafe because sidecars ignore every policy that has " \
	"targetRefs: from the moment it is applied, pods that still run a " \
	"sidecar lose the policy, and the waypoint enforces it only for " \
	"traffic that goes through the waypoint (the Service must be bound " \
	"with istio.io/use-waypoint). Apply it as the migration guide " \
	"does: after the waypoint is deployed, when the workloads move to " \
	"ambient mode. Traffic addressed to pod IPs skips the waypoint; " \
	"a selector DENY with notPrincipals of the waypoint's service " \
	"account (pure L4, kept by ztunnel) prevents that bypass. The " \
	"comments inside the selector go with it, except one at the end of " \
	"its last line, which stays at the end of the last entry.\n" \
	"\n" \
	"There is no fix, and the message says why, when: the target Istio " \
	"version is older than 1.22 (targetRefs does not exist, and older " \
	"control planes read the policy as namespace-wide); the namespace " \
	"has a migration blocker and keeps its sidecars (--migrate-blocked " \
	"overrides); some of the policy's pods keep a sidecar (AL3007); no " \
	"Service selects the pods (workload-addressed traffic reaches a " \
	"waypoint only with istio.io/waypoint-for: workload, and targetRefs " \
	"cannot name a workload); a namespace-wide policy's namespace has " \
	"no waypoint among the inputs, or its istio.io/use-waypoint label " \
	"names one that is not (AL3201 adds a waypoint, and the next fix " \
	"pass converts the policy); the policy is a selector " \
	"policy in the root namespace, which reaches other namespaces."

/* The paragraph on which workloads count, shared by every rule. */
#define SCOPE_DOC \
	"\n\nA policy counts when it applies to workloads that will run in " \
	"ambient mode after the migration: a selector policy when a " \
	"workload it selects is bound for ambient (or, when it selects no " \
	"workload among the inputs, when its namespace is); a policy " \
	"without selector applies to its whole namespace, and in the root " \
	"namespace to the whole mesh. Policies that already have targetRef " \
	"or targetRefs, and AuthorizationPolicies in dry-run mode " \
	"(istio.io/dry-run, not sent to ztunnel), are left alone."

const struct alint_rule alint__rule_authz_allow_l7_rules_dropped = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3001",
	.name = "authz-allow-l7-rules-dropped",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "ALLOW policy on ambient workloads loses its rules with "
		"HTTP attributes",
	.doc =
	"ztunnel enforces AuthorizationPolicies at L4 only. When istiod "
	"translates a selector, namespace-wide or mesh-wide policy for "
	"ztunnel it keeps ports, principals, namespaces, serviceAccounts, "
	"ipBlocks (with their not* forms) and the when keys source.ip, "
	"source.namespace, source.principal, destination.ip and "
	"destination.port. Everything else is an HTTP attribute: hosts, "
	"methods, paths, remoteIpBlocks, requestPrincipals (and not* "
	"forms), and every other when key (request.headers[...], "
	"request.auth.claims[...], remote.ip...).\n"
	"\n"
	"In an ALLOW policy, a rule that holds an HTTP attribute is dropped "
	"whole (\"L7 policies never match for ALLOW\"). What only that rule "
	"allowed is denied, and when every rule is dropped the policy stays "
	"with no rules: an ALLOW policy applies to the workload and allows "
	"nothing, so the workload denies all traffic that no other ALLOW "
	"policy allows. The policy's status says ZtunnelAccepted True with "
	"reason UnsupportedValue, which istioctl analyze does not report. "
	"The finding points at the first HTTP attribute of the policy; the "
	"others are related locations, and the message names the rules "
	"dropped and the workloads that lose traffic."
	SCOPE_DOC CONVERT_DOC,
	.kinds = ap_kinds,
	.check = check_allow_l7,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: allow-get-reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        principals: [\"cluster.local/ns/bookstore/sa/storefront\"]\n"
	"    to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: allow-storefront\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        principals: [\"cluster.local/ns/bookstore/sa/storefront\"]\n"
	"    to:\n"
	"    - operation:\n"
	"        ports: [\"9080\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};

const struct alint_rule alint__rule_authz_deny_l7_broader = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3002",
	.name = "authz-deny-l7-broader",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "DENY policy on ambient workloads is enforced without its "
		"HTTP attributes",
	.doc =
	"In a DENY policy that ztunnel enforces, istiod leaves out the HTTP "
	"attributes (hosts, methods, paths, remoteIpBlocks, "
	"requestPrincipals, their not* forms, and when keys other than "
	"source.ip, source.namespace, source.principal, destination.ip and "
	"destination.port) and keeps the rest of each rule. A rule whose "
	"clauses (the to list, the from list, each when) all still hold an "
	"L4 match denies more than written: methods: [POST] with ports: "
	"[\"8080\"] becomes a deny of all traffic to port 8080, so requests "
	"the policy meant to let through (GET, other paths) are refused in "
	"ambient mode.\n"
	"\n"
	"The message says what each such rule becomes for the workloads it "
	"applies to, and which other rules can no longer match at all "
	"(AL3003 reports a DENY policy when none of its HTTP rules is "
	"broader, only ineffective). The finding points at the first HTTP "
	"attribute of a broader rule; the others are related locations."
	SCOPE_DOC CONVERT_DOC,
	.kinds = ap_kinds,
	.check = check_deny_broader,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: deny-post-orders\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders-api\n"
	"  action: DENY\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"POST\"]\n"
	"        ports: [\"8080\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: deny-admin-port\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders-api\n"
	"  action: DENY\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        ports: [\"9901\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};

const struct alint_rule alint__rule_authz_deny_l7_no_effect = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3003",
	.name = "authz-deny-l7-no-effect",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "DENY policy on ambient workloads has rules that can "
		"never match at ztunnel",
	.doc =
	"ztunnel skips empty matches. When istiod drops the HTTP attributes "
	"of a DENY rule (hosts, methods, paths, remoteIpBlocks, "
	"requestPrincipals, their not* forms, and when keys other than the "
	"five L4 ones) and a clause of the rule is left with nothing L4 "
	"(to: [{operation: {methods: [GET]}}], from: [{source: "
	"{notRequestPrincipals: [\"*\"]}}], an HTTP when), that rule never "
	"matches. When no rule can match, the whole DENY does nothing: in "
	"ambient mode the workload accepts what the policy denied. This is "
	"fail-open, and before Istio 1.31 the policy's status even claimed "
	"it was \"more restrictive\" (istio/istio#61126). The common case is "
	"the \"require a JWT\" policy (DENY from notRequestPrincipals "
	"[\"*\"]), which silently stops rejecting unauthenticated requests.\n"
	"\n"
	"The rule reports a DENY policy whose rules with HTTP attributes "
	"all become unable to match, whether or not pure L4 rules of the "
	"same policy still work; the message says whether the whole policy "
	"or which rules lose their effect. A DENY policy that also has a "
	"broader HTTP rule is reported by AL3002, which names the rules that "
	"no longer match. The finding points at the first HTTP attribute."
	SCOPE_DOC CONVERT_DOC,
	.kinds = ap_kinds,
	.check = check_deny_noop,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: require-jwt\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders-api\n"
	"  action: DENY\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        notRequestPrincipals: [\"*\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: require-jwt\n"
	"  namespace: orders\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: orders-api\n"
	"  action: DENY\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        notRequestPrincipals: [\"*\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};

const struct alint_rule alint__rule_authz_action_not_in_ztunnel = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3004",
	.name = "authz-action-not-in-ztunnel",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "CUSTOM or AUDIT policy on ambient workloads is not "
		"enforced by ztunnel",
	.doc =
	"istiod does not send AuthorizationPolicies with action CUSTOM or "
	"AUDIT to ztunnel at all; their status says ZtunnelAccepted False, "
	"reason UnsupportedValue, \"ztunnel does not support the CUSTOM "
	"action\" (or AUDIT). In ambient mode a CUSTOM policy's external "
	"authorizer (an OPA or oauth2-proxy ext_authz provider) is no "
	"longer asked about requests to the workloads, which it no longer "
	"protects (fail-open), and an AUDIT policy no longer logs them. "
	"Only a waypoint, which runs Envoy, can call the provider again, "
	"and only for policies that name it or its Services with "
	"targetRefs. The finding points at the action."
	SCOPE_DOC CONVERT_DOC,
	.kinds = ap_kinds,
	.check = check_not_sent,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: ext-authz\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: storefront\n"
	"  action: CUSTOM\n"
	"  provider:\n"
	"    name: oauth2-proxy\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        paths: [\"/admin/*\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: ext-authz\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: storefront\n"
	"  action: CUSTOM\n"
	"  provider:\n"
	"    name: oauth2-proxy\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        paths: [\"/admin/*\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};

const struct alint_rule alint__rule_authz_trust_domains_ignored = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3005",
	.name = "authz-trust-domains-ignored",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "trustDomains in a policy that ztunnel enforces never "
		"matches",
	.doc =
	"source.trustDomains and notTrustDomains (AuthorizationPolicy API "
	"since Istio 1.30) are neither translated for ztunnel nor flagged as "
	"HTTP attributes: istiod's conversion leaves them out without a "
	"word in the policy's status. A source that has only trust domains "
	"becomes an empty match, which ztunnel skips, so it never matches; "
	"next to principals or namespaces the trust domain is simply not "
	"checked. This is read from istiod's code, not measured.\n"
	"\n"
	"The rule reports each rule with trustDomains in a policy that "
	"ztunnel enforces (ALLOW or DENY on workloads bound for ambient; an "
	"ALLOW rule with HTTP attributes is dropped anyway and AL3001 "
	"reports it), when the target Istio version is 1.30 or later. "
	"Match on principals (\"<trust-domain>/ns/<ns>/sa/<sa>\", prefix "
	"and suffix wildcards work at ztunnel) instead, or move the policy "
	"to a waypoint. There is no fix."
	SCOPE_DOC,
	.kinds = ap_kinds,
	.check = check_trust_domains,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: deny-partner-domain\n"
	"  namespace: payments\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger\n"
	"  action: DENY\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        trustDomains: [\"partner.example.com\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: deny-partner-domain\n"
	"  namespace: payments\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger\n"
	"  action: DENY\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        principals: [\"partner.example.com/*\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};

const struct alint_rule alint__rule_policy_ignored_by_ztunnel = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3006",
	.name = "policy-ignored-by-ztunnel",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "RequestAuthentication, WasmPlugin or Telemetry that "
		"ambient workloads ignore",
	.doc =
	"ztunnel receives only workload addresses and AuthorizationPolicies "
	"from istiod. It never sees RequestAuthentication, WasmPlugin or "
	"Telemetry. Waypoints apply them only through targetRefs: they "
	"ignore selector policies, and also namespace-wide and mesh-wide "
	"RequestAuthentication and WasmPlugin (no selector, no targetRefs). "
	"Namespace-wide and root-namespace Telemetry does apply to "
	"waypoints and is not reported.\n"
	"\n"
	"So once the workloads are in ambient mode, a selector (or "
	"namespace-wide) RequestAuthentication silently stops validating "
	"JWTs (istio/istio#45502), and AuthorizationPolicies that use "
	"requestPrincipals or request.auth.* claims cannot match; a "
	"WasmPlugin no longer runs; selector Telemetry no longer changes "
	"metrics, tracing or access logs. The finding points at the "
	"selector (or at spec)."
	SCOPE_DOC CONVERT_DOC,
	.kinds = other_kinds,
	.check = check_ignored,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: RequestAuthentication\n"
	"metadata:\n"
	"  name: orders-jwt\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders-api\n"
	"  jwtRules:\n"
	"  - issuer: https://auth.example.com\n"
	"    jwksUri: https://auth.example.com/.well-known/jwks.json\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: RequestAuthentication\n"
	"metadata:\n"
	"  name: orders-jwt\n"
	"  namespace: orders\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: orders-api\n"
	"  jwtRules:\n"
	"  - issuer: https://auth.example.com\n"
	"    jwksUri: https://auth.example.com/.well-known/jwks.json\n",
	.phase = ALINT_PHASE_POLICIES,
};

const struct alint_rule alint__rule_policy_targetrefs_drops_sidecars = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3007",
	.name = "policy-targetrefs-drops-sidecars",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "policy that needs a waypoint also applies to pods that "
		"keep a sidecar",
	.doc =
	"A policy that must move to a waypoint in ambient mode (an "
	"AuthorizationPolicy with HTTP attributes or action CUSTOM or "
	"AUDIT, a RequestAuthentication, a WasmPlugin, a selector "
	"Telemetry) sometimes applies to pods in ambient mode and to pods "
	"that keep a sidecar: a namespace enrolled pod by pod "
	"(istio.io/dataplane-mode=ambient on some pod templates, "
	"sidecar.istio.io/inject=\"true\" on others), pods labelled "
	"for ambient in a namespace that a migration blocker keeps in "
	"sidecar mode, or a root-namespace policy that reaches such a "
	"namespace. Sidecars ignore every policy that has targetRefs "
	"(\"if targetRef is specified, ignore the policy altogether\"), "
	"so converting the policy would drop it "
	"from the sidecar pods, and leaving it as it is leaves the ambient "
	"pods without it.\n"
	"\n"
	"Keep the selector policy for the sidecar pods and add a copy with "
	"targetRefs for the waypoint, or migrate the sidecar pods first. "
	"The finding points at the selector (or spec) and lists the pods "
	"that keep a sidecar as related locations. There is no fix, and "
	"AL3001-AL3006 give their findings on such a policy no fix either; "
	"their message refers here. Policies whose workloads are all in "
	"sidecar mode are not reported."
	SCOPE_DOC,
	.kinds = all_kinds,
	.check = check_mixed,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reports\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reports\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reports\n"
	"        tier: backend\n"
	"        sidecar.istio.io/inject: \"true\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reports\n"
	"        image: registry.example.com/bookstore/reports:2.3.1\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"
	"        tier: backend\n"
	"        istio.io/dataplane-mode: ambient\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reviews\n"
	"        image: registry.example.com/bookstore/reviews:1.8.0\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: backend-get-only\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      tier: backend\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"
	"        tier: backend\n"
	"        istio.io/dataplane-mode: ambient\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reviews\n"
	"        image: registry.example.com/bookstore/reviews:1.8.0\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: backend-get-only\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      tier: backend\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};
