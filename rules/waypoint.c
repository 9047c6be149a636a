/*
 * waypoint.c - the waypoint rule family (AL3201-AL3205)
 *
 * In ambient mode the L7 part of the mesh lives in waypoints: Envoy
 * proxies that a namespace deploys as a Gateway of class istio-waypoint
 * and that Services (or whole namespaces) use through the label
 * istio.io/use-waypoint. Policies that ztunnel cannot enforce (L7,
 * CUSTOM, AUDIT, RequestAuthentication, WasmPlugin, selector Telemetry)
 * move to a waypoint. These rules check that such a namespace has a
 * waypoint and that its Services are bound to it, that bindings name a
 * waypoint that exists, that ingress traffic goes through it, and that
 * the L4 policies that ztunnel keeps enforcing admit the waypoint's
 * identity, which is what they see once a waypoint is in the path.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "authz.h"
#include "../lib/internal.h"
#include "common.h"
#include "mesh.h"

/* The name istioctl waypoint generate gives a waypoint by default. */
#define DEFAULT_WAYPOINT "waypoint"
/* Istio's default trust domain, when the inputs name no other. */
#define TRUST_DOMAIN "cluster.local"
/* The DNS suffix of Services in VirtualService hosts. */
#define CLUSTER_DOMAIN "cluster.local"
/* Longest principal built here: trust domain, namespace, account. */
#define PRINCIPAL_MAX (MESH_NAME_MAX * 3 + 16)
/* At most this many waypoint principals are added to one policy. */
#define MAX_PRINCIPALS 8
/* Related locations given for a list of objects. */
#define MAX_RELATED 8

static const char *const namespace_and_policy_kinds[] = {
	"Namespace", "AuthorizationPolicy", "RequestAuthentication",
	"WasmPlugin", "Telemetry", NULL
};
static const char *const service_kinds[] = { "Service", NULL };
static const char *const binding_kinds[] = {
	"Service", "ServiceEntry", "Namespace", NULL
};
static const char *const authz_kinds[] = { "AuthorizationPolicy", NULL };

/* ---- helpers ------------------------------------------------------------ */

/* An RFC 1123 label, as Kubernetes wants namespace and Gateway names. */
static bool dns_label(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '-' && i > 0 && i + 1 < n)
			continue;
		return false;
	}
	return true;
}

/* An RFC 1123 subdomain: labels joined by dots (most object names). */
static bool dns_subdomain(const char *s)
{
	char part[64];
	const char *dot;
	size_t n;

	if (strlen(s) > 253)
		return false;
	for (;;) {
		dot = strchr(s, '.');
		n = dot != NULL ? (size_t)(dot - s) : strlen(s);
		if (n == 0 || n >= sizeof(part))
			return false;
		memcpy(part, s, n);
		part[n] = '\0';
		if (!dns_label(part))
			return false;
		if (dot == NULL)
			return true;
		s = dot + 1;
	}
}

/* Whether a scalar is empty-or-absent in the sense of a default. */
static bool absent_or(const struct alint_node *n, const char *dflt)
{
	size_t len;
	const char *t;

	if (n == NULL)
		return true;
	t = text_of(n, &len);
	if (t == NULL)
		return false;
	return len == 0 || (len == strlen(dflt) && memcmp(t, dflt, len) == 0);
}

/* metadata.name, where findings about a whole object point. */
static const struct alint_node *name_node(const struct alint_resource *res)
{
	return alint_node_path(alint_resource_root(res), "metadata", "name",
			       NULL);
}

/* spec.selector.matchLabels (NULL: no selector). */
static const struct alint_node *match_labels(const struct alint_node *spec,
					     bool *has_selector)
{
	const struct alint_node *sel = map_get(spec, "selector");

	*has_selector = alint_node_get(spec, "selector") != NULL;
	return map_get(sel, "matchLabels");
}

/* Item i of the policy's targets: targetRefs[i], or targetRef for 0. */
static const struct alint_node *target_ref(const struct alint_node *spec,
					   size_t i)
{
	const struct alint_node *refs = seq_get(spec, "targetRefs");
	const struct alint_node *t;

	if (refs != NULL) {
		t = alint_node_item(refs, i);
		if (t != NULL && alint_node_kind(t) == ALINT_NODE_ALIAS)
			t = alint_node_deref(t);
		return t;	/* not a mapping: tref_is() says no */
	}
	return i == 0 ? map_get(spec, "targetRef") : NULL;
}

static bool tref_is(const struct alint_node *t, const char *kind,
		    const char *group)
{
	return is_mapping(t) && text_is(alint_node_get(t, "kind"), kind) &&
		absent_or(alint_node_get(t, "group"), group);
}

/*
 * The Gateway API Gateway named name in namespace ns, of any class: a
 * waypoint or not. mesh_find_waypoint() answers a narrower question (a
 * Gateway of class istio-waypoint), and the callers here need this one
 * on purpose:
 *  - a waypoint binding (istio.io/use-waypoint) resolves to a Gateway of
 *    any class: istiod binds waypoints of other implementations too, so
 *    only a name that no Gateway has is a missing waypoint (AL3203), and
 *    the plans of AL3201/AL3202 use such a Gateway as the waypoint;
 *  - a new waypoint cannot take a name that any Gateway already has;
 *  - a policy whose targetRefs name a Gateway needs a waypoint unless
 *    that Gateway is among the inputs and is not one (an ingress
 *    gateway's own policy): absent and non-waypoint differ there;
 *  - the parent of a route is an ingress gateway when it is not a
 *    waypoint, absent or of another class, and the finding names the
 *    Gateway it found.
 * mesh_find_waypoint() serves where only waypoints count (AL3203's
 * check of a cross-namespace waypoint's listener).
 */
static const struct alint_resource *
find_gateway_any_class(struct alint_rule_ctx *rctx, const char *ns,
		       const char *name)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *g;
	size_t lo, hi, i;

	mesh_range(idx, ALINT_INDEX_GATEWAY, ns, NULL, &lo, &hi);
	for (i = lo; i < hi; i++) {
		g = alint_index_get(idx, ALINT_INDEX_GATEWAY, i);
		if (kind_is(g, "Gateway") &&
		    strcmp(alint_resource_group(g), GATEWAY_API_GROUP) == 0 &&
		    strcmp(alint_resource_name(g), name) == 0)
			return g;
	}
	return NULL;
}

/* Whether a waypoint serves Services (istio.io/waypoint-for). */
static bool serves_services(const struct alint_resource *gw)
{
	const struct alint_node *v;

	v = alint_node_get(alint_resource_labels(gw), WAYPOINT_FOR_LABEL);
	return v == NULL || text_is(v, "service") || text_is(v, "all");
}

static bool is_policy_kind(const struct alint_resource *res)
{
	return kind_is(res, "AuthorizationPolicy") ||
		kind_is(res, "RequestAuthentication") ||
		kind_is(res, "WasmPlugin") || kind_is(res, "Telemetry");
}

/*
 * Whether a policy needs a waypoint in its own namespace: authz.h says it
 * does (or it has targetRefs), and, for a targetRefs policy, one of its
 * targets is a Service, a ServiceEntry or a Gateway that is not a
 * non-waypoint Gateway of the inputs (an ingress gateway's own policy
 * needs no waypoint; a GatewayClass policy covers every waypoint).
 */
static bool needs_waypoint(struct alint_rule_ctx *rctx,
			   const struct alint_resource *pol)
{
	const struct alint_node *spec = spec_of(pol), *t;
	const struct alint_resource *gw;
	char name[MESH_NAME_MAX];
	size_t i;

	if (!is_policy_kind(pol) || !authz_needs_waypoint(pol))
		return false;
	if (!has_target_refs(spec))
		return true;
	for (i = 0; (t = target_ref(spec, i)) != NULL; i++) {
		if (tref_is(t, "Service", "") ||
		    tref_is(t, "ServiceEntry", "networking.istio.io"))
			return true;
		if (!tref_is(t, "Gateway", GATEWAY_API_GROUP))
			continue;
		mesh_text(alint_node_get(t, "name"), name, sizeof(name));
		gw = find_gateway_any_class(rctx,
					    alint_resource_namespace(pol),
					    name);
		if (gw == NULL || mesh_is_waypoint(gw))
			return true;
	}
	return false;
}

/* needs_waypoint() of every policy of the index, in index order. */
static void *needs_table_build(void *arg)
{
	struct alint_rule_ctx *rctx = arg;
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	size_t i, n = alint_index_count(idx, ALINT_INDEX_POLICY);
	bool *t;

	t = malloc(n ? n : 1);
	if (t == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		t[i] = needs_waypoint(rctx,
				      alint_index_get(idx, ALINT_INDEX_POLICY,
						      i));
	return t;
}

/*
 * Whether policy i of the index needs a waypoint: a table built once per
 * run, since every Service of a namespace asks about each of its
 * policies. False when the table cannot be built (the run then fails).
 */
static bool policy_needs_waypoint(struct alint_rule_ctx *rctx, size_t i)
{
	static const char key = 0;
	const bool *t = mesh_memo(rctx, &key, needs_table_build, free);

	return t != NULL && t[i];
}

#define MAX_SERVICES 64

/*
 * Whether Service svc is among those mesh_selected_services() gives for
 * match_labels: its selector selects the pods of a workload of its
 * namespace that match_labels also selects. The same answer, without
 * walking every other Service.
 */
static bool service_selected(struct alint_rule_ctx *rctx,
			     const struct alint_resource *svc,
			     const struct alint_node *match_labels)
{
	const struct alint_resource *const *pods;
	size_t i, n;

	pods = mesh_service_pods(rctx, svc, &n);
	for (i = 0; i < n; i++)
		if (mesh_selects(match_labels, mesh_pod_labels(pods[i])))
			return true;
	return false;
}

/*
 * Whether a policy that needs a waypoint applies to Service svc of its
 * namespace: a targetRefs entry names it (or, when via_gateway, names the
 * waypoint svc is bound to), its selector reaches it, or it is
 * namespace-wide.
 */
static bool policy_applies_to(struct alint_rule_ctx *rctx,
			      const struct alint_resource *pol,
			      const struct alint_resource *svc,
			      bool via_gateway)
{
	const struct alint_node *spec = spec_of(pol), *t, *ml;
	struct mesh_waypoint_ref ref;
	bool has_sel;
	size_t i;

	if (strcmp(alint_resource_namespace(pol),
		   alint_resource_namespace(svc)) != 0)
		return false;
	if (has_target_refs(spec)) {
		for (i = 0; (t = target_ref(spec, i)) != NULL; i++) {
			if (tref_is(t, "Service", "") &&
			    text_is(alint_node_get(t, "name"),
				    alint_resource_name(svc)))
				return true;
			if (via_gateway &&
			    tref_is(t, "Gateway", GATEWAY_API_GROUP) &&
			    mesh_service_waypoint(rctx, svc, &ref) &&
			    strcmp(ref.ns,
				   alint_resource_namespace(pol)) == 0 &&
			    text_is(alint_node_get(t, "name"), ref.name))
				return true;
		}
		return false;
	}
	ml = match_labels(spec, &has_sel);
	if (has_sel && ml == NULL)
		return false;	/* a selector without matchLabels */
	return service_selected(rctx, svc, ml);
}

/* The first policy of ns that needs a waypoint and applies to svc. */
static const struct alint_resource *
waypoint_policy_for(struct alint_rule_ctx *rctx,
		    const struct alint_resource *svc, bool via_gateway)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *p;
	size_t lo, hi, i;

	mesh_range(idx, ALINT_INDEX_POLICY, alint_resource_namespace(svc), NULL,
		   &lo, &hi);
	for (i = lo; i < hi; i++) {
		p = alint_index_get(idx, ALINT_INDEX_POLICY, i);
		if (policy_needs_waypoint(rctx, i) &&
		    policy_applies_to(rctx, p, svc, via_gateway))
			return p;
	}
	return NULL;
}

/* ---- the waypoint of a namespace ----------------------------------------- */

/* Which waypoint a namespace's Services use, or will use after the fixes. */
struct wp_plan {
	bool needed;		/* policies of ns need a waypoint */
	bool satisfied;		/* a waypoint exists for them */
	char ns[MESH_NAME_MAX];	/* the waypoint's namespace */
	char name[MESH_NAME_MAX];	/* its name ("" when unknown) */
	const struct alint_resource *gw;	/* it, when among the inputs */
	/* AL3201's fix adds the Gateway (and binds it when bind_ns) */
	bool create;
	bool bind_ns;		/* the fix labels the Namespace object */
	const char *no_fix;	/* why there is no fix, for the message */
	const struct alint_resource *nsobj;	/* the Namespace object */
	const struct alint_resource *carrier;	/* where AL3201 reports */
	const struct alint_resource *first;	/* first policy needing it */
	size_t npolicies;	/* policies that need it */
};

/* A binding whose waypoint exists, or lies outside the inputs. */
static bool binding_resolves(struct alint_rule_ctx *rctx,
			     const struct mesh_waypoint_ref *ref,
			     const struct alint_resource **gw)
{
	*gw = find_gateway_any_class(rctx, ref->ns, ref->name);
	if (*gw != NULL)
		return true;
	return !alint_index_has_namespace(alint_rule_ctx_index(rctx),
					  ref->ns);
}

static void plan_use(struct wp_plan *p, const char *ns, const char *name,
		     const struct alint_resource *gw)
{
	p->satisfied = true;
	snprintf(p->ns, sizeof(p->ns), "%s", ns);
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->gw = gw;
}

/*
 * The waypoint plan of namespace ns. A namespace needs a waypoint when it
 * is bound for ambient mode, is not the root namespace, and one of its
 * policies needs one. It has one when the inputs hold a waypoint of ns
 * that serves Services, when its Namespace object binds an existing
 * waypoint (or one in a namespace outside the inputs), or when one of its
 * Services does. Otherwise AL3201 creates one, named after the
 * Namespace's own binding when it names a missing waypoint of ns, else
 * "waypoint".
 */
static void ns_plan(struct alint_rule_ctx *rctx, const char *ns,
		    struct wp_plan *p)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *r, *gw;
	const struct alint_node *lbl;
	struct mesh_waypoint_ref ref;
	size_t lo, hi, i;
	bool ns_label = false;

	memset(p, 0, sizeof(*p));
	p->nsobj = alint_index_find(idx, ALINT_INDEX_NAMESPACE, ns, ns);
	if (strcmp(ns, alint_rule_ctx_root_namespace(rctx)) == 0 ||
	    !mesh_ns_bound_for_ambient(rctx, ns))
		return;
	mesh_range(idx, ALINT_INDEX_POLICY, ns, NULL, &lo, &hi);
	for (i = lo; i < hi; i++) {
		r = alint_index_get(idx, ALINT_INDEX_POLICY, i);
		if (!policy_needs_waypoint(rctx, i))
			continue;
		if (p->first == NULL)
			p->first = r;
		p->npolicies++;
	}
	if (p->first == NULL)
		return;
	p->needed = true;
	p->carrier = p->nsobj != NULL ? p->nsobj : p->first;

	/* a waypoint of ns for Services */
	mesh_range(idx, ALINT_INDEX_GATEWAY, ns, NULL, &lo, &hi);
	for (i = lo; i < hi; i++) {
		r = alint_index_get(idx, ALINT_INDEX_GATEWAY, i);
		if (mesh_is_waypoint(r) && serves_services(r)) {
			plan_use(p, ns, alint_resource_name(r), r);
			return;
		}
	}
	/* the Namespace's binding */
	memset(&ref, 0, sizeof(ref));
	if (p->nsobj != NULL) {
		const struct alint_node *nl = alint_resource_labels(p->nsobj);

		lbl = alint_node_get(nl, USE_WAYPOINT_LABEL);
		ns_label = lbl != NULL;
		if (ns_label) {
			mesh_text(lbl, ref.name, sizeof(ref.name));
			mesh_text(alint_node_get(nl, USE_WAYPOINT_NS_LABEL),
				  ref.ns, sizeof(ref.ns));
			if (ref.ns[0] == '\0')
				snprintf(ref.ns, sizeof(ref.ns), "%s", ns);
			if (ref.name[0] != '\0' &&
			    strcmp(ref.name, "none") != 0 &&
			    binding_resolves(rctx, &ref, &gw)) {
				plan_use(p, ref.ns, ref.name, gw);
				return;
			}
		}
	}
	/* a Service of ns bound to a waypoint that exists */
	mesh_range(idx, ALINT_INDEX_SERVICE, ns, NULL, &lo, &hi);
	for (i = lo; i < hi; i++) {
		struct mesh_waypoint_ref sref;

		r = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
		if (mesh_service_waypoint(rctx, r, &sref) &&
		    binding_resolves(rctx, &sref, &gw)) {
			plan_use(p, sref.ns, sref.name, gw);
			return;
		}
	}

	/* none: AL3201 adds one */
	snprintf(p->ns, sizeof(p->ns), "%s", ns);
	snprintf(p->name, sizeof(p->name), "%s", DEFAULT_WAYPOINT);
	if (alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 22)) {
		p->no_fix = "the istio.io/use-waypoint label needs Istio 1.22 "
			"or later";
		return;
	}
	if (ns_label && strcmp(ref.name, "none") == 0) {
		p->no_fix = "the Namespace opts out of waypoints "
			"(istio.io/use-waypoint: none)";
		return;
	}
	if (ns_label && ref.name[0] != '\0') {
		if (strcmp(ref.ns, ns) != 0) {
			p->no_fix = "the Namespace binds a waypoint of another "
				"namespace";
			return;
		}
		/* the waypoint the Namespace already names */
		snprintf(p->name, sizeof(p->name), "%s", ref.name);
	}
	if (!dns_label(ns) || !dns_label(p->name) ||
	    find_gateway_any_class(rctx, ns, p->name) != NULL) {
		p->no_fix = "a Gateway of that name exists or the name is not "
			"a valid one";
		return;
	}
	p->create = true;
	/* an empty label is no binding, but its key is taken: Services */
	p->bind_ns = p->nsobj != NULL && !ns_label;
}

/*
 * The waypoint a Service goes through after the migration: the one it is
 * bound to, or, when a waypoint policy targets it, its namespace's plan.
 * Returns false when it will not use one.
 */
static bool service_plan(struct alint_rule_ctx *rctx,
			 const struct alint_resource *svc,
			 struct wp_plan *p, bool *bound)
{
	struct mesh_waypoint_ref ref;
	const struct alint_resource *gw;

	*bound = false;
	if (mesh_service_waypoint(rctx, svc, &ref)) {
		memset(p, 0, sizeof(*p));
		*bound = true;
		gw = mesh_find_waypoint(rctx, ref.ns, ref.name);
		plan_use(p, ref.ns, ref.name, gw);
		return true;
	}
	if (waypoint_policy_for(rctx, svc, false) == NULL)
		return false;
	ns_plan(rctx, alint_resource_namespace(svc), p);
	return p->needed && (p->satisfied || p->create);
}

/* ---- fix text ------------------------------------------------------------ */

/* A growing string; on overflow the text is marked bad. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool bad;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	char *ns;
	size_t cap;

	if (b->bad)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		ns = realloc(b->s, cap);
		if (ns == NULL) {
			b->bad = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_indent(struct sbuf *b, unsigned int n)
{
	while (n-- > 0)
		sb_add(b, " ", 1);
}

/* A scalar as it was written plain, else in double quotes. */
static void sb_scalar(struct sbuf *b, const struct alint_node *n)
{
	const char *t;
	size_t len, i;
	char esc[8];

	t = alint_node_value(n, &len);
	if (t == NULL) {
		b->bad = true;
		return;
	}
	/* an empty plain value ("key:") is a null; keep it one */
	if (alint_node_style(n) == ALINT_STYLE_PLAIN && len == 0) {
		sb_str(b, "null");
		return;
	}
	if (alint_node_style(n) == ALINT_STYLE_PLAIN &&
	    memchr(t, '\n', len) == NULL) {
		sb_add(b, t, len);
		return;
	}
	sb_add(b, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			sb_add(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			sb_add(b, esc, 4);
		} else {
			sb_add(b, t + i, 1);
		}
	}
	sb_add(b, "\"", 1);
}

static void sb_node(struct sbuf *b, const struct alint_node *n,
		    unsigned int indent);

/*
 * The pairs of a mapping, the first one on the current line when first
 * is set (after "- "), the others at indent.
 */
static void sb_pairs(struct sbuf *b, const struct alint_node *m,
		     unsigned int indent, bool first)
{
	const struct alint_node *k, *v;

	for (k = alint_node_first(m); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL || alint_node_kind(k) != ALINT_NODE_SCALAR) {
			b->bad = true;
			return;
		}
		if (!first)
			sb_indent(b, indent);
		first = false;
		sb_scalar(b, k);
		sb_add(b, ":", 1);
		sb_node(b, v, indent);
	}
}

/*
 * A value after "key:" (on the same line for a scalar, on the lines
 * below for a collection), ending with a line break.
 */
static void sb_node(struct sbuf *b, const struct alint_node *n,
		    unsigned int indent)
{
	const struct alint_node *it;

	switch (alint_node_kind(n)) {
	case ALINT_NODE_SCALAR:
		sb_add(b, " ", 1);
		sb_scalar(b, n);
		sb_add(b, "\n", 1);
		return;
	case ALINT_NODE_MAPPING:
		if (alint_node_count(n) == 0) {
			sb_str(b, " {}\n");
			return;
		}
		sb_add(b, "\n", 1);
		sb_pairs(b, n, indent + 2, false);
		return;
	case ALINT_NODE_SEQUENCE:
		if (alint_node_count(n) == 0) {
			sb_str(b, " []\n");
			return;
		}
		sb_add(b, "\n", 1);
		for (it = alint_node_first(n); it != NULL;
		     it = alint_node_next(it)) {
			sb_indent(b, indent);
			sb_str(b, "-");
			if (alint_node_kind(it) == ALINT_NODE_MAPPING &&
			    alint_node_count(it) > 0) {
				sb_add(b, " ", 1);
				sb_pairs(b, it, indent + 2, true);
			} else if (alint_node_kind(it) ==
				   ALINT_NODE_SEQUENCE) {
				b->bad = true;
			} else {
				sb_node(b, it, indent + 2);
			}
		}
		return;
	default:
		b->bad = true;	/* an alias: its anchor is not ours */
		return;
	}
}

/* ---- AL3201 missing waypoint ------------------------------------------- */

/* The Gateway that istioctl waypoint generate --for service writes. */
static int gateway_doc(struct sbuf *b, const char *ns, const char *name)
{
	sb_str(b, "apiVersion: gateway.networking.k8s.io/v1\n"
		  "kind: Gateway\n"
		  "metadata:\n"
		  "  labels:\n"
		  "    istio.io/waypoint-for: service\n"
		  "  name: ");
	sb_str(b, name);
	sb_str(b, "\n  namespace: ");
	sb_str(b, ns);
	sb_str(b, "\n"
		  "spec:\n"
		  "  gatewayClassName: istio-waypoint\n"
		  "  listeners:\n"
		  "  - name: mesh\n"
		  "    port: 15008\n"
		  "    protocol: HBONE\n");
	return b->bad ? ALINT_ENOMEM : 0;
}

/* Insert key: value into the object's labels, creating them if need be. */
static int insert_label(struct alint_finding *f,
			const struct alint_resource *obj, const char *key,
			const char *value)
{
	const struct alint_node *meta, *labels;
	char frag[MESH_NAME_MAX + 64];

	meta = map_get(alint_resource_root(obj), "metadata");
	if (meta == NULL)
		return ALINT_EINVAL;
	labels = alint_node_get(meta, "labels");
	if (labels == NULL) {
		snprintf(frag, sizeof(frag), "%s: %s\n", key, value);
		return alint_fix_insert_pair(f, meta, "labels", frag);
	}
	if (!is_mapping(labels))
		return ALINT_EINVAL;
	return alint_fix_insert_pair(f, labels, key, value);
}

static int fix_missing_waypoint(struct alint_finding *f,
				const struct wp_plan *p)
{
	struct sbuf b = { 0 };
	char desc[3 * MESH_NAME_MAX + 128];
	int rc;

	if (f == NULL || !p->create)
		return 0;
	snprintf(desc, sizeof(desc), p->bind_ns ?
		 "add waypoint Gateway %s/%s and label the namespace "
		 "istio.io/use-waypoint=%s" : "add waypoint Gateway %s/%s",
		 p->ns, p->name, p->name);
	rc = gateway_doc(&b, p->ns, p->name);
	if (rc == 0)
		rc = alint_finding_fix(f, ALINT_FIX_UNSAFE, desc);
	if (rc == 0)
		rc = alint_fix_append_document(f, b.s);
	if (rc == 0 && p->bind_ns)
		rc = insert_label(f, p->nsobj, USE_WAYPOINT_LABEL, p->name);
	free(b.s);
	/*
	 * A Namespace whose labels end the file: the label and the new
	 * document would both be inserted at its end. The label goes
	 * first; bound to a waypoint that does not exist yet, the
	 * Namespace then gets the Gateway on the next pass.
	 */
	if (rc == ALINT_ECONFLICT && p->bind_ns) {
		snprintf(desc, sizeof(desc), "label the namespace "
			 "istio.io/use-waypoint=%s (then add waypoint Gateway "
			 "%s/%s)", p->name, p->ns, p->name);
		rc = alint_finding_fix(f, ALINT_FIX_UNSAFE, desc);
		if (rc == 0)
			rc = insert_label(f, p->nsobj, USE_WAYPOINT_LABEL,
					  p->name);
	}
	return fix_rc(rc);
}

static int check_missing_waypoint(struct alint_rule_ctx *rctx,
				  const struct alint_resource *res,
				  void *payload)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const char *ns = alint_resource_namespace(res);
	const struct alint_resource *r;
	struct alint_finding *f;
	struct wp_plan p;
	size_t lo, hi, i, nrel = 0;
	int rc;

	(void)payload;
	if (kind_is(res, "Namespace")) {
		if (alint_index_find(idx, ALINT_INDEX_NAMESPACE, ns, ns) != res)
			return 0;	/* a duplicate: the first one reports */
	} else if (!is_policy_kind(res)) {
		return 0;
	}
	ns_plan(rctx, ns, &p);
	if (!p.needed || p.satisfied || p.carrier != res)
		return 0;
	f = alint_rule_report(rctx, name_node(res),
		"namespace %s has %zu polic%s that need%s a waypoint (first: "
		"%s %s) but the inputs hold no waypoint for it: ztunnel "
		"enforces only L4 policy, so in ambient mode their L7 parts "
		"are not enforced without a waypoint (an ALLOW policy's L7 "
		"rules are dropped and the traffic they allowed is denied)"
		"%s%s",
		ns, p.npolicies, p.npolicies == 1 ? "y" : "ies",
		p.npolicies == 1 ? "s" : "", alint_resource_kind(p.first),
		alint_resource_name(p.first),
		p.no_fix != NULL ? "; no fix: " : "",
		p.no_fix != NULL ? p.no_fix : "");
	if (f == NULL)
		return 0;
	mesh_range(idx, ALINT_INDEX_POLICY, ns, NULL, &lo, &hi);
	for (i = lo; i < hi && nrel < MAX_RELATED; i++) {
		r = alint_index_get(idx, ALINT_INDEX_POLICY, i);
		if (r == res || !policy_needs_waypoint(rctx, i))
			continue;
		rc = alint_finding_related(f, r, NULL,
			"%s %s needs a waypoint", alint_resource_kind(r),
			alint_resource_name(r));
		if (rc < 0)
			return rc;
		nrel++;
	}
	return fix_missing_waypoint(f, &p);
}

const struct alint_rule alint__rule_waypoint_missing = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3201",
	.name = "waypoint-missing",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "namespace has policies that need a waypoint but no "
		"waypoint",
	.doc =
	"ztunnel, the per-node proxy of ambient mode, enforces only L4 "
	"authorization: it receives addresses and Authorization resources "
	"from istiod and nothing else. Everything L7 moves to a waypoint, "
	"an Envoy proxy deployed per namespace as a Gateway of class "
	"istio-waypoint: AuthorizationPolicies with HTTP attributes, "
	"CUSTOM or AUDIT actions, RequestAuthentication, WasmPlugin, "
	"selector-based Telemetry, and every policy that already uses "
	"targetRefs. A namespace bound for ambient mode (labelled for "
	"sidecars or ambient today, or not among the inputs, and without a "
	"migration blocker) that has such a policy needs a waypoint. "
	"Without one, the L7 rules of an ALLOW policy are dropped and "
	"traffic they allowed is denied, DENY rules become broader or do "
	"nothing, and the other kinds are ignored. The root namespace is "
	"not checked: its policies apply mesh-wide.\n"
	"\n"
	"The namespace has a waypoint when the inputs hold a Gateway of "
	"class istio-waypoint in it that serves Services "
	"(istio.io/waypoint-for absent, service or all), or when its "
	"Namespace object or one of its Services carries "
	"istio.io/use-waypoint (with istio.io/use-waypoint-namespace for a "
	"waypoint of another namespace) naming a Gateway of the inputs (of "
	"class istio-waypoint, or of another waypoint implementation), or "
	"one in a namespace that is not among the inputs. A targetRefs "
	"policy counts when it targets a Service, a ServiceEntry or a "
	"Gateway that is not a non-waypoint Gateway of the inputs (the "
	"policy of an ingress gateway needs no waypoint). Waypoints need "
	"Istio 1.22 or later (the istio.io/use-waypoint label) and the "
	"Kubernetes Gateway API CRDs, which Istio does not install.\n"
	"\n"
	"There is one finding per namespace, and where it is reported "
	"decides where the fix writes. When the Namespace object is among "
	"the inputs, the finding is on it; otherwise it is on the first "
	"policy of the namespace that needs the waypoint, in the index "
	"order (by name). The other policies are related locations.\n"
	"\n"
	"The fix (unsafe) appends to the finding's file the Gateway that "
	"istioctl waypoint generate --for service writes: "
	"gateway.networking.k8s.io/v1 Gateway named waypoint in the "
	"namespace, label istio.io/waypoint-for: service, "
	"gatewayClassName istio-waypoint and one listener mesh on port "
	"15008 with protocol HBONE. When the finding is on the Namespace "
	"object, the fix also labels it istio.io/use-waypoint: waypoint, "
	"so that every Service of the namespace uses the waypoint. "
	"Otherwise the Services are bound one by one: AL3202 labels each "
	"Service that a waypoint policy targets, in the same fixing run. "
	"When the Namespace already names a waypoint of its own namespace "
	"that does not exist, the Gateway gets that name and the label is "
	"left alone. There is no fix below Istio 1.22, when the Namespace "
	"opts out (istio.io/use-waypoint: none, which is reserved and "
	"never a waypoint's name) or binds a waypoint of another "
	"namespace, or when a Gateway of the name exists. The fix is "
	"unsafe because it changes the data path: traffic to the "
	"namespace's Services goes through the waypoint, which starts "
	"enforcing the targetRefs policies, and selector-based L4 ALLOW "
	"policies then see the waypoint's identity instead of the "
	"client's (AL3205).",
	.kinds = namespace_and_policy_kinds,
	.check = check_missing_waypoint,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: reviews-get-only\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: reviews\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: reviews-get-only\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: reviews\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: waypoint\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"  listeners:\n"
	"  - name: mesh\n"
	"    port: 15008\n"
	"    protocol: HBONE\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3202 Service not bound ------------------------------------------ */

static int check_service_unbound(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	const char *ns = alint_resource_namespace(res);
	const struct alint_resource *pol;
	const struct alint_node *own;
	struct alint_finding *f;
	struct mesh_waypoint_ref ref;
	struct wp_plan p;
	char desc[MESH_NAME_MAX + 64];
	bool opted_out, fixable;
	int rc;

	(void)payload;
	/* before 1.22 there is no label to bind with: AL3201 says so */
	if (alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 22) ||
	    mesh_service_waypoint(rctx, res, &ref))
		return 0;
	pol = waypoint_policy_for(rctx, res, false);
	if (pol == NULL)
		return 0;
	ns_plan(rctx, ns, &p);
	/* AL3201 binds the whole namespace on its Namespace object */
	if (!p.needed || p.bind_ns)
		return 0;
	own = alint_node_get(alint_resource_labels(res), USE_WAYPOINT_LABEL);
	opted_out = own != NULL;
	fixable = !opted_out && strcmp(p.ns, ns) == 0 &&
		(p.satisfied || p.create) && p.name[0] != '\0';
	if (opted_out)
		f = alint_rule_report(rctx, own,
			"Service %s/%s opts out of waypoints "
			"(istio.io/use-waypoint: none) but %s %s targets it "
			"and needs a waypoint: in ambient mode that policy is "
			"not enforced for this Service", ns,
			alint_resource_name(res), alint_resource_kind(pol),
			alint_resource_name(pol));
	else
		f = alint_rule_report(rctx, name_node(res),
			"Service %s/%s is not bound to a waypoint but %s %s "
			"targets it and needs one: without "
			"istio.io/use-waypoint on the Service or its "
			"Namespace, its traffic skips the waypoint and the "
			"policy is not enforced in ambient mode%s%s%s%s%s",
			ns, alint_resource_name(res),
			alint_resource_kind(pol), alint_resource_name(pol),
			p.satisfied || p.create ? "; bind it to waypoint " : "",
			p.satisfied || p.create ? p.ns : "",
			p.satisfied || p.create ? "/" : "",
			p.satisfied || p.create ? p.name : "",
			p.satisfied && strcmp(p.ns, ns) != 0 ?
			" with istio.io/use-waypoint-namespace" : "");
	if (f == NULL)
		return 0;
	if (strcmp(alint_resource_file(pol), alint_resource_file(res)) != 0) {
		rc = alint_finding_related(f, pol, NULL,
			"%s %s needs a waypoint", alint_resource_kind(pol),
			alint_resource_name(pol));
		if (rc < 0)
			return rc;
	}
	if (p.gw != NULL) {
		rc = alint_finding_related(f, p.gw, NULL, "waypoint %s/%s",
					   p.ns, p.name);
		if (rc < 0)
			return rc;
	}
	if (!fixable)
		return 0;
	snprintf(desc, sizeof(desc),
		 "label the Service istio.io/use-waypoint=%s", p.name);
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE, desc);
	if (rc == 0)
		rc = insert_label(f, res, USE_WAYPOINT_LABEL, p.name);
	return fix_rc(rc);
}

const struct alint_rule alint__rule_waypoint_service_unbound = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3202",
	.name = "waypoint-service-unbound",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "Service targeted by a waypoint policy is not bound to a "
		"waypoint",
	.doc =
	"A waypoint only handles the traffic of the Services bound to it: "
	"a Service uses a waypoint through its own istio.io/use-waypoint "
	"label, or, when it has none, its Namespace's (istiod's "
	"fetchWaypointForTarget; the Service's own label, none included, "
	"wins). A policy attached to a Service with targetRefs is enforced "
	"only when the Service carries the label, directly or through its "
	"namespace; until then its traffic goes from ztunnel straight to "
	"the pods and the policy does nothing.\n"
	"\n"
	"This rule reports a Service of a namespace bound for ambient mode "
	"that a policy needing a waypoint applies to (a targetRefs entry "
	"of kind Service names it, the policy's selector reaches its pods, "
	"which is what the selector becomes once it is converted to "
	"targetRefs, or the policy is namespace-wide) and that no label "
	"binds to a waypoint. It stays silent when AL3201 is about to "
	"create the namespace's waypoint and bind it on the Namespace "
	"object, which the Service inherits. A Service whose own label "
	"is none is reported without a fix: its owner opted out.\n"
	"\n"
	"The fix (unsafe) adds istio.io/use-waypoint to the Service's "
	"labels, naming the namespace's waypoint: an existing waypoint of "
	"the namespace that serves Services, or the one AL3201 adds in the "
	"same fixing run (named waypoint). It is unsafe because the "
	"Service's traffic then goes through the waypoint: its targetRefs "
	"policies start being enforced and L4 selector policies see the "
	"waypoint's identity (AL3205). There is no fix "
	"when the only waypoint in use is in another namespace (two labels "
	"would be needed, istio.io/use-waypoint and "
	"istio.io/use-waypoint-namespace), or when no waypoint can be "
	"created (see AL3201). Below Istio 1.22 the rule is silent: the "
	"label does not exist there, and AL3201 reports the namespace.",
	.kinds = service_kinds,
	.check = check_service_unbound,
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
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reviews-v1\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reviews\n"
	"        image: docker.io/istio/examples-bookinfo-reviews-v1:1.20.2\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: reviews-get-only\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: reviews\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n",
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
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: reviews-get-only\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: reviews\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3203 binding to a missing waypoint ------------------------------ */

/*
 * Whether a waypoint admits bindings from namespace ns (another one than
 * its own): its HBONE listener's allowedRoutes.namespaces.from is All, or
 * Selector with a matchLabels that the Namespace object of ns matches (a
 * Namespace not among the inputs, or a selector with expressions, is
 * given the benefit of the doubt). Same, the default, does not.
 */
static bool admits_namespace(struct alint_rule_ctx *rctx,
			     const struct alint_resource *gw, const char *ns,
			     const struct alint_node **at)
{
	const struct alint_node *l, *nsel, *from, *sel;
	const struct alint_resource *nsobj;

	*at = NULL;
	for (l = alint_node_first(seq_get(spec_of(gw), "listeners"));
	     l != NULL; l = alint_node_next(l)) {
		if (!text_is(alint_node_get(l, "protocol"), "HBONE"))
			continue;
		nsel = alint_node_path(l, "allowedRoutes", "namespaces", NULL);
		from = alint_node_get(nsel, "from");
		*at = from != NULL ? from : l;
		if (text_is(from, "All"))
			return true;
		if (!text_is(from, "Selector"))
			continue;	/* Same */
		sel = map_get(nsel, "selector");
		if (alint_node_get(sel, "matchExpressions") != NULL)
			return true;
		nsobj = alint_index_find(alint_rule_ctx_index(rctx),
					 ALINT_INDEX_NAMESPACE, ns, ns);
		if (nsobj == NULL ||
		    mesh_selects(map_get(sel, "matchLabels"),
				 alint_resource_labels(nsobj)))
			return true;
	}
	return *at == NULL;	/* no HBONE listener: not ours to judge */
}

static int check_binding_missing(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	const struct alint_node *labels = alint_resource_labels(res);
	const struct alint_node *v, *at;
	const struct alint_resource *gw;
	struct alint_finding *f;
	char name[MESH_NAME_MAX], ns[MESH_NAME_MAX];

	(void)payload;
	v = alint_node_get(labels, USE_WAYPOINT_LABEL);
	if (v == NULL)
		return 0;
	mesh_text(v, name, sizeof(name));
	/* none opts out; "" and odd values are the validation rules' */
	if (name[0] == '\0' || strcmp(name, "none") == 0 ||
	    !dns_subdomain(name))
		return 0;
	mesh_text(alint_node_get(labels, USE_WAYPOINT_NS_LABEL), ns,
		  sizeof(ns));
	if (ns[0] == '\0')
		snprintf(ns, sizeof(ns), "%s", alint_resource_namespace(res));
	/*
	 * A Gateway of another class may be a waypoint of another
	 * implementation (istiod binds such "foreign" waypoints too).
	 */
	gw = mesh_find_waypoint(rctx, ns, name);
	if (gw != NULL && strcmp(ns, alint_resource_namespace(res)) != 0 &&
	    !admits_namespace(rctx, gw, alint_resource_namespace(res), &at)) {
		f = alint_rule_report(rctx, v,
			"%s %s%s%s is bound to waypoint %s/%s of another "
			"namespace, whose HBONE listener does not admit "
			"namespace %s (%s): istiod does not bind it, so its "
			"traffic skips the waypoint and the policies that "
			"target it or the waypoint are not enforced in "
			"ambient mode",
			alint_resource_kind(res),
			kind_is(res, "Namespace") ? "" :
			alint_resource_namespace(res),
			kind_is(res, "Namespace") ? "" : "/",
			alint_resource_name(res), ns, name,
			alint_resource_namespace(res),
			text_is(at, "Selector") ?
			"its allowedRoutes.namespaces.selector does not match "
			"the namespace's labels" :
			"allowedRoutes.namespaces.from is Same, the default");
		if (f != NULL)
			return alint_finding_related(f, gw, at,
				"set allowedRoutes.namespaces.from: All (or a "
				"Selector) on the mesh listener");
		return 0;
	}
	if (!alint_index_has_namespace(alint_rule_ctx_index(rctx), ns) ||
	    find_gateway_any_class(rctx, ns, name) != NULL)
		return 0;
	alint_rule_report(rctx, v,
		"%s %s%s%s is bound to waypoint %s/%s, which the inputs do "
		"not hold: istiod cannot bind it (status "
		"istio.io/WaypointBound=False), so its traffic skips the "
		"waypoint and the policies that target it or the waypoint "
		"are not enforced in ambient mode",
		alint_resource_kind(res),
		kind_is(res, "Namespace") ? "" : alint_resource_namespace(res),
		kind_is(res, "Namespace") ? "" : "/",
		alint_resource_name(res), ns, name);
	return 0;
}

const struct alint_rule alint__rule_waypoint_binding_missing = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3203",
	.name = "waypoint-binding-missing",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.summary = "istio.io/use-waypoint names a waypoint that does not "
		"exist or does not admit it",
	.doc =
	"istio.io/use-waypoint on a Service, ServiceEntry or Namespace "
	"names the waypoint that its traffic goes through, in the object's "
	"namespace or in the one istio.io/use-waypoint-namespace names. "
	"istiod looks the waypoint up among the Gateways of class "
	"istio-waypoint; when there is none of that name, or it is not "
	"ready, the binding fails: the Service gets the condition "
	"istio.io/WaypointBound=False and ztunnel sends its traffic "
	"directly to the pods. The targetRefs policies of the Service and "
	"of the waypoint are then not enforced, which for an ALLOW policy "
	"means no L7 authorization at all.\n"
	"\n"
	"This rule reports a binding label whose waypoint is missing from "
	"the inputs, when the waypoint's namespace is among the inputs "
	"(a Namespace object or any resource of it): a waypoint of a "
	"namespace the inputs do not describe may well exist. The value "
	"none, the reserved opt-out, is not a binding; empty values and "
	"values that are not names are left to the validation rules. A "
	"Gateway API Gateway of that name of another class is taken to be "
	"a waypoint of another implementation, which istiod binds as well "
	"(a foreign waypoint), and is not reported.\n"
	"\n"
	"A waypoint of another namespace must also admit the binding: "
	"its HBONE listener's allowedRoutes.namespaces.from must be All, "
	"or Selector with labels that the binding's Namespace has; the "
	"default, Same, admits only the waypoint's own namespace, and "
	"istiod then does not bind the Service. The rule reports that case "
	"too, with the listener as a related location (a Namespace not "
	"among the inputs, or a selector with matchExpressions, is taken "
	"to match).\n"
	"\n"
	"There is no fix: either the waypoint is missing from the "
	"manifests (istioctl waypoint generate writes one; AL3201 adds one "
	"when the namespace's policies need it) or the label names the "
	"wrong one.",
	.kinds = binding_kinds,
	.check = check_binding_missing,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ratings\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: bookstore-waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: ratings\n"
	"  ports:\n"
	"  - port: 9080\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ratings\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: bookstore-waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: ratings\n"
	"  ports:\n"
	"  - port: 9080\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: bookstore-waypoint\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"  listeners:\n"
	"  - name: mesh\n"
	"    port: 15008\n"
	"    protocol: HBONE\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3204 ingress skips the waypoint ---------------------------------- */

/* Go's strconv.ParseBool, which istiod applies to the label. */
static int parse_bool(const struct alint_node *v)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true",
					   "True", NULL };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false",
					  "False", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (text_is(v, yes[i]))
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (text_is(v, no[i]))
			return 0;
	return -1;
}

/*
 * Whether a Service name in namespace ns is what host (a VirtualService
 * destination, resolved in route_ns) means: name in route_ns, or
 * name.ns.svc.cluster.local (mesh_host_service(): Istio takes a host with
 * a dot as fully qualified, so name.ns names no Service).
 */
static bool host_is(const struct alint_node *hn, const char *route_ns,
		    const char *ns, const char *name)
{
	char hname[MESH_NAME_MAX], hns[MESH_NAME_MAX];
	const char *h;
	size_t hl;

	h = text_of(hn, &hl);
	return h != NULL && hl > 0 && h[0] != '*' &&
	       mesh_host_service(h, hl, route_ns, hname, hns) &&
	       strcmp(hname, name) == 0 && strcmp(hns, ns) == 0;
}

/* An ingress route to svc: where it routes, and through which gateway. */
struct ingress {
	const struct alint_resource *route;
	const struct alint_node *at;		/* the backend or destination */
	const struct alint_resource *gw;	/* the Gateway, when found */
	char gw_name[MESH_NAME_MAX * 2 + 2];
};

/* A VirtualService bound to a gateway (other than mesh) that routes to svc. */
static bool vs_ingress(const struct alint_resource *vs,
		       const struct alint_resource *svc, struct ingress *in)
{
	static const char *const kinds[] = { "http", "tcp", "tls" };
	const struct alint_node *spec = spec_of(vs), *gws, *g, *r, *d;
	const char *vns = alint_resource_namespace(vs);
	size_t k;

	if (strcmp(alint_resource_group(vs), "networking.istio.io") != 0)
		return false;
	gws = seq_get(spec, "gateways");
	for (g = alint_node_first(gws); g != NULL; g = alint_node_next(g))
		if (!text_is(g, "mesh"))
			break;
	if (g == NULL)
		return false;
	mesh_text(g, in->gw_name, sizeof(in->gw_name));
	for (k = 0; k < 3; k++) {
		const struct alint_node *list = seq_get(spec, kinds[k]), *it;

		for (it = alint_node_first(list); it != NULL;
		     it = alint_node_next(it)) {
			r = seq_get(it, "route");
			for (d = alint_node_first(r); d != NULL;
			     d = alint_node_next(d)) {
				const struct alint_node *h =
					alint_node_path(d, "destination",
							"host", NULL);

				if (host_is(h, vns,
					    alint_resource_namespace(svc),
					    alint_resource_name(svc))) {
					in->route = vs;
					in->at = h;
					return true;
				}
			}
		}
	}
	return false;
}

/*
 * A Gateway API route whose parent is a Gateway that is not a waypoint
 * (a Gateway not among the inputs counts as an ingress gateway) and that
 * has svc as a backend.
 */
static bool route_ingress(struct alint_rule_ctx *rctx,
			  const struct alint_resource *rt,
			  const struct alint_resource *svc, struct ingress *in)
{
	const struct alint_node *spec = spec_of(rt), *pr, *rule, *b;
	const char *rns = alint_resource_namespace(rt);
	const struct alint_resource *gw = NULL;
	char pns[MESH_NAME_MAX], pname[MESH_NAME_MAX], bns[MESH_NAME_MAX];
	bool found = false;

	if (strcmp(alint_resource_group(rt), GATEWAY_API_GROUP) != 0)
		return false;
	for (pr = alint_node_first(seq_get(spec, "parentRefs")); pr != NULL;
	     pr = alint_node_next(pr)) {
		if (!is_mapping(pr) ||
		    !absent_or(alint_node_get(pr, "kind"), "Gateway") ||
		    !absent_or(alint_node_get(pr, "group"), GATEWAY_API_GROUP))
			continue;
		mesh_text(alint_node_get(pr, "name"), pname, sizeof(pname));
		mesh_text(alint_node_get(pr, "namespace"), pns, sizeof(pns));
		if (pns[0] == '\0')
			snprintf(pns, sizeof(pns), "%s", rns);
		gw = find_gateway_any_class(rctx, pns, pname);
		if (gw != NULL && mesh_is_waypoint(gw))
			continue;
		snprintf(in->gw_name, sizeof(in->gw_name), "%s/%s", pns,
			 pname);
		found = true;
		break;
	}
	if (!found)
		return false;
	for (rule = alint_node_first(seq_get(spec, "rules")); rule != NULL;
	     rule = alint_node_next(rule)) {
		for (b = alint_node_first(seq_get(rule, "backendRefs"));
		     b != NULL; b = alint_node_next(b)) {
			if (!is_mapping(b) ||
			    !absent_or(alint_node_get(b, "kind"), "Service") ||
			    !absent_or(alint_node_get(b, "group"), ""))
				continue;
			mesh_text(alint_node_get(b, "namespace"), bns,
				  sizeof(bns));
			if (bns[0] == '\0')
				snprintf(bns, sizeof(bns), "%s", rns);
			if (strcmp(bns, alint_resource_namespace(svc)) != 0 ||
			    !text_is(alint_node_get(b, "name"),
				     alint_resource_name(svc)))
				continue;
			in->route = rt;
			in->at = b;
			in->gw = gw;
			return true;
		}
	}
	return false;
}

/* The first ingress route of the inputs to svc. */
/*
 * The routes that may carry ingress traffic, keyed by the Services they
 * route to, computed once per run (per index): VirtualServices bound to a
 * gateway other than mesh (their destination hosts, in the forms host_is()
 * accepts) and the Gateway API routes (their Service backendRefs).
 * Services ask for them one by one; the predicates above still decide.
 */
struct ingress_ref {
	char key[2 * MESH_NAME_MAX];	/* "namespace/name" */
	size_t order;
	const struct alint_resource *r;
};

struct ingress_routes {
	struct ingress_ref *refs;	/* sorted by key, then order */
	size_t n, cap;
};

static void ingress_routes_free(void *p)
{
	struct ingress_routes *ir = p;

	if (ir != NULL)
		free(ir->refs);
	free(ir);
}

static int ingress_ref_cmp(const void *a, const void *b)
{
	const struct ingress_ref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool ingress_add(struct ingress_routes *ir,
			const struct alint_resource *r, size_t order,
			const char *ns, const char *name, size_t name_len)
{
	struct ingress_ref *n;

	if (ir->n == ir->cap) {
		ir->cap = ir->cap ? ir->cap * 2 : 64;
		n = realloc(ir->refs, ir->cap * sizeof(*n));
		if (n == NULL)
			return false;
		ir->refs = n;
	}
	snprintf(ir->refs[ir->n].key, sizeof(ir->refs[ir->n].key), "%s/%.*s",
		 ns, (int)name_len, name);
	ir->refs[ir->n].order = order;
	ir->refs[ir->n].r = r;
	ir->n++;
	return true;
}

/* The Service a VirtualService destination host names (host_is()). */
static bool ingress_add_host(struct ingress_routes *ir,
			     const struct alint_resource *vs, size_t order,
			     const struct alint_node *hn)
{
	char name[MESH_NAME_MAX], ns[MESH_NAME_MAX];
	const char *h;
	size_t hl;

	h = text_of(hn, &hl);
	if (h == NULL || hl == 0 || h[0] == '*' ||
	    !mesh_host_service(h, hl, alint_resource_namespace(vs), name, ns))
		return true;
	return ingress_add(ir, vs, order, ns, name, strlen(name));
}

static bool ingress_add_vs(struct ingress_routes *ir,
			   const struct alint_resource *vs, size_t order)
{
	static const char *const kinds[] = { "http", "tcp", "tls" };
	const struct alint_node *spec = spec_of(vs), *g, *it, *d;
	size_t k;

	if (strcmp(alint_resource_group(vs), "networking.istio.io") != 0)
		return true;
	for (g = alint_node_first(seq_get(spec, "gateways")); g != NULL;
	     g = alint_node_next(g))
		if (!text_is(g, "mesh"))
			break;
	if (g == NULL)
		return true;
	for (k = 0; k < 3; k++)
		for (it = alint_node_first(seq_get(spec, kinds[k])); it != NULL;
		     it = alint_node_next(it))
			for (d = alint_node_first(seq_get(it, "route"));
			     d != NULL; d = alint_node_next(d))
				if (!ingress_add_host(ir, vs, order,
					alint_node_path(d, "destination",
							"host", NULL)))
					return false;
	return true;
}

static bool ingress_add_route(struct ingress_routes *ir,
			      const struct alint_resource *rt, size_t order)
{
	const struct alint_node *rule, *b;
	char bns[MESH_NAME_MAX];
	const char *name;
	size_t len;

	if (strcmp(alint_resource_group(rt), GATEWAY_API_GROUP) != 0)
		return true;
	for (rule = alint_node_first(seq_get(spec_of(rt), "rules"));
	     rule != NULL; rule = alint_node_next(rule))
		for (b = alint_node_first(seq_get(rule, "backendRefs"));
		     b != NULL; b = alint_node_next(b)) {
			name = text_of(alint_node_get(b, "name"), &len);
			if (!is_mapping(b) || name == NULL)
				continue;
			mesh_text(alint_node_get(b, "namespace"), bns,
				  sizeof(bns));
			if (bns[0] == '\0')
				snprintf(bns, sizeof(bns), "%s",
					 alint_resource_namespace(rt));
			if (!ingress_add(ir, rt, order, bns, name, len))
				return false;
		}
	return true;
}

static void *ingress_routes_build(void *arg)
{
	const struct alint_index *idx = alint_rule_ctx_index(arg);
	size_t i, n = alint_index_count(idx, ALINT_INDEX_ROUTE);
	const struct alint_resource *r;
	struct ingress_routes *ir;
	bool ok = true;

	ir = calloc(1, sizeof(*ir));
	if (ir == NULL)
		return NULL;
	for (i = 0; ok && i < n; i++) {
		r = alint_index_get(idx, ALINT_INDEX_ROUTE, i);
		if (kind_is(r, "VirtualService"))
			ok = ingress_add_vs(ir, r, i);
		else if (kind_is(r, "HTTPRoute") || kind_is(r, "GRPCRoute") ||
			 kind_is(r, "TCPRoute") || kind_is(r, "TLSRoute"))
			ok = ingress_add_route(ir, r, i);
	}
	if (!ok) {
		ingress_routes_free(ir);
		return NULL;
	}
	if (ir->n > 1)
		qsort(ir->refs, ir->n, sizeof(*ir->refs), ingress_ref_cmp);
	return ir;
}

/* Whether route r is an ingress route to svc (the predicates above). */
static bool ingress_to(struct alint_rule_ctx *rctx,
		       const struct alint_resource *r,
		       const struct alint_resource *svc, struct ingress *in)
{
	if (kind_is(r, "VirtualService"))
		return vs_ingress(r, svc, in);
	return (kind_is(r, "HTTPRoute") || kind_is(r, "GRPCRoute") ||
		kind_is(r, "TCPRoute") || kind_is(r, "TLSRoute")) &&
		route_ingress(rctx, r, svc, in);
}

static bool find_ingress(struct alint_rule_ctx *rctx,
			 const struct alint_resource *svc, struct ingress *in)
{
	static const char memo_key = 0;
	const struct ingress_routes *ir;
	char key[2 * MESH_NAME_MAX];
	size_t i, a, b, m;

	memset(in, 0, sizeof(*in));
	ir = mesh_memo(rctx, &memo_key, ingress_routes_build,
		       ingress_routes_free);
	if (ir == NULL)
		return false;	/* out of memory: the run fails */
	snprintf(key, sizeof(key), "%s/%s", alint_resource_namespace(svc),
		 alint_resource_name(svc));
	a = 0;
	b = ir->n;
	while (a < b) {
		m = a + (b - a) / 2;
		if (strcmp(ir->refs[m].key, key) < 0)
			a = m + 1;
		else
			b = m;
	}
	for (i = a; i < ir->n && strcmp(ir->refs[i].key, key) == 0; i++)
		if (ingress_to(rctx, ir->refs[i].r, svc, in))
			return true;
	return false;
}

static int check_ingress_bypass(struct alint_rule_ctx *rctx,
				const struct alint_resource *res,
				void *payload)
{
	unsigned int ver = alint_rule_ctx_istio_version(rctx);
	const char *ns = alint_resource_namespace(res);
	const struct alint_resource *pol, *nsobj;
	const struct alint_node *own, *nsl = NULL;
	struct alint_finding *f;
	struct ingress in;
	struct wp_plan p;
	bool bound;
	int rc, b;

	(void)payload;
	own = alint_node_get(alint_resource_labels(res),
			     INGRESS_USE_WAYPOINT_LABEL);
	b = own != NULL ? parse_bool(own) : -1;
	if (b == 1)
		return 0;
	/*
	 * The routes of the whole run are searched last: only for a
	 * Service that will use a waypoint with a policy on it.
	 */
	if (!service_plan(rctx, res, &p, &bound))
		return 0;
	pol = waypoint_policy_for(rctx, res, true);
	if (pol == NULL || !find_ingress(rctx, res, &in))
		return 0;
	nsobj = alint_index_find(alint_rule_ctx_index(rctx),
				 ALINT_INDEX_NAMESPACE, ns, ns);
	if (own == NULL && nsobj != NULL)
		nsl = alint_node_get(alint_resource_labels(nsobj),
				     INGRESS_USE_WAYPOINT_LABEL);
	if (nsl != NULL && ver >= ALINT_ISTIO_VERSION(1, 30) &&
	    parse_bool(nsl) == 1)
		return 0;
	f = alint_rule_report(rctx, own != NULL ? own : name_node(res),
		"Service %s/%s is routed from ingress gateway %s (%s %s) and "
		"will use waypoint %s/%s, where %s %s applies, but ingress "
		"gateways send to the Service's pods directly unless it is "
		"labelled %s: \"true\": that policy is not enforced for "
		"ingress traffic in ambient mode%s",
		ns, alint_resource_name(res), in.gw_name,
		alint_resource_kind(in.route), alint_resource_name(in.route),
		p.ns, p.name, alint_resource_kind(pol),
		alint_resource_name(pol), INGRESS_USE_WAYPOINT_LABEL,
		ver < ALINT_ISTIO_VERSION(1, 24) ?
		"; the label needs Istio 1.24 or later, no fix" :
		b == 0 ? "; the label is set to false: no fix" : "");
	if (f == NULL)
		return 0;
	rc = alint_finding_related(f, in.route, in.at,
		"%s %s routes ingress traffic to it",
		alint_resource_kind(in.route), alint_resource_name(in.route));
	if (rc == 0 && strcmp(alint_resource_file(pol),
			      alint_resource_file(res)) != 0)
		rc = alint_finding_related(f, pol, NULL,
			"%s %s is enforced by the waypoint only",
			alint_resource_kind(pol), alint_resource_name(pol));
	if (rc == 0 && nsl != NULL && ver < ALINT_ISTIO_VERSION(1, 30))
		rc = alint_finding_related(f, nsobj, nsl,
			"the Namespace label is read from Istio 1.30 on");
	if (rc < 0)
		return rc;
	if (ver < ALINT_ISTIO_VERSION(1, 24) || b == 0)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
		"label the Service istio.io/ingress-use-waypoint=\"true\"");
	if (rc == 0)
		rc = own != NULL ?
			alint_fix_replace_value(f, own, "\"true\"") :
			insert_label(f, res, INGRESS_USE_WAYPOINT_LABEL,
				     "\"true\"");
	return fix_rc(rc);
}

const struct alint_rule alint__rule_waypoint_ingress_bypass = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3204",
	.name = "waypoint-ingress-bypass",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "ingress traffic to a Service skips its waypoint",
	.doc =
	"An ingress gateway routes to a Service's endpoints itself: in "
	"ambient mode it does not send the traffic through the Service's "
	"waypoint unless the Service carries the label "
	"istio.io/ingress-use-waypoint: \"true\" (Istio 1.24 and later; "
	"from 1.30 the label may also be on the Namespace). Without it, "
	"the policies that the waypoint enforces (the targetRefs "
	"AuthorizationPolicies, RequestAuthentication, WasmPlugin and "
	"Telemetry of the Service or of the waypoint) do not apply to "
	"requests that come in through the ingress gateway, while in "
	"sidecar mode the Service's sidecar enforced them on every "
	"request. The migration guide lists it among the known "
	"limitations: traffic from ingress gateways does not go through "
	"waypoint proxies.\n"
	"\n"
	"This rule reports a Service that uses a waypoint (bound now, or "
	"targeted by a policy that needs one, so about to be) and that a "
	"policy needing the waypoint applies to, when an ingress route "
	"reaches it: an HTTPRoute, GRPCRoute, TCPRoute or TLSRoute whose "
	"parentRefs name a Gateway that is not a waypoint (a Gateway not "
	"among the inputs counts as an ingress gateway), or a "
	"VirtualService bound to gateways other than mesh whose "
	"destination host is the Service (short name in the route's "
	"namespace, name.namespace, name.namespace.svc or the full "
	"cluster.local name). The label is read as Go's ParseBool does; "
	"the Service's own label wins over the Namespace's. The route is "
	"a related location.\n"
	"\n"
	"The fix (unsafe) adds istio.io/ingress-use-waypoint: \"true\" to "
	"the Service's labels, or sets an unreadable value to \"true\". "
	"Routing ingress traffic through the waypoint is the migration's "
	"intent, since it applies the Service's L7 policies to ingress "
	"traffic as the sidecar did, but it changes what happens at "
	"runtime: requests take one more hop and may now be rejected by "
	"those policies, so check that they admit the ingress gateway's "
	"identity (the waypoint sees the gateway as the client). A label "
	"set to false is reported without a fix, as a deliberate choice "
	"to review. Below Istio 1.24 the label does not exist: the "
	"finding has no fix, and the only ways to keep the policies on "
	"ingress traffic are to upgrade or keep them at the gateway.",
	.kinds = service_kinds,
	.check = check_ingress_bypass,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: productpage\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: productpage\n"
	"  ports:\n"
	"  - port: 9080\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: productpage-viewer\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: productpage\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: HTTPRoute\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  parentRefs:\n"
	"  - name: public-gateway\n"
	"    namespace: istio-ingress\n"
	"  rules:\n"
	"  - backendRefs:\n"
	"    - name: productpage\n"
	"      port: 9080\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: productpage\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"    istio.io/ingress-use-waypoint: \"true\"\n"
	"spec:\n"
	"  selector:\n"
	"    app: productpage\n"
	"  ports:\n"
	"  - port: 9080\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: productpage-viewer\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: productpage\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"GET\"]\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: HTTPRoute\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    app: bookstore\n"
	"spec:\n"
	"  parentRefs:\n"
	"  - name: public-gateway\n"
	"    namespace: istio-ingress\n"
	"  rules:\n"
	"  - backendRefs:\n"
	"    - name: productpage\n"
	"      port: 9080\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3205 waypoint identity ------------------------------------------- */

/* The value of "trustDomain: X" in the mesh config text of a ConfigMap. */
static bool mesh_config_trust_domain(const char *t, size_t len, char *buf,
				     size_t blen)
{
	static const char key[] = "trustDomain:";
	const char *p = t, *end = t + len, *eol, *v, *ve;

	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		/* a top-level key: at the start of its line */
		if ((size_t)(eol - p) <= sizeof(key) - 1 ||
		    memcmp(p, key, sizeof(key) - 1) != 0)
			continue;
		v = p + sizeof(key) - 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		ve = eol;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\r'))
			ve--;
		if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) {
			v++;
			ve--;
		}
		if (ve <= v || (size_t)(ve - v) >= blen)
			return false;
		memcpy(buf, v, (size_t)(ve - v));
		buf[ve - v] = '\0';
		return true;
	}
	return false;
}

/*
 * The mesh's trust domain: meshConfig.trustDomain of an IstioOperator
 * among the inputs, or the trustDomain of the mesh config of the istio
 * ConfigMap (data.mesh) of the root namespace; else cluster.local.
 */
static void trust_domain_scan(struct alint_rule_ctx *rctx, char *buf,
			      size_t len)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *r;
	const char *t;
	size_t i, n = alint_index_count(idx, ALINT_INDEX_OTHER), tl;

	for (i = 0; i < n; i++) {
		r = alint_index_get(idx, ALINT_INDEX_OTHER, i);
		if (kind_is(r, "IstioOperator")) {
			mesh_text(alint_node_path(alint_resource_root(r),
						  "spec", "meshConfig",
						  "trustDomain", NULL),
				  buf, len);
			if (buf[0] != '\0')
				return;
		}
		if (kind_is(r, "ConfigMap") &&
		    strcmp(alint_resource_name(r), "istio") == 0 &&
		    strcmp(alint_resource_namespace(r),
			   alint_rule_ctx_root_namespace(rctx)) == 0) {
			t = text_of(alint_node_path(alint_resource_root(r),
						    "data", "mesh", NULL),
				    &tl);
			if (t != NULL &&
			    mesh_config_trust_domain(t, tl, buf, len))
				return;
		}
	}
	snprintf(buf, len, "%s", TRUST_DOMAIN);
}

static void *trust_domain_build(void *arg)
{
	char *buf = malloc(MESH_NAME_MAX);

	if (buf != NULL)
		trust_domain_scan(arg, buf, MESH_NAME_MAX);
	return buf;
}

/* The same, found once per run: every L4 policy asks for it. */
static void trust_domain(struct alint_rule_ctx *rctx, char *buf, size_t len)
{
	static const char key = 0;
	const char *td;

	td = mesh_memo(rctx, &key, trust_domain_build, free);
	snprintf(buf, len, "%s", td != NULL ? td : TRUST_DOMAIN);
}

/* A waypoint identity that L4 policies must admit. */
struct wp_ident {
	char principal[PRINCIPAL_MAX];	/* cluster.local/ns/NS/sa/SA */
	char ns[MESH_NAME_MAX];
	char sa[MESH_NAME_MAX];
	char name[MESH_NAME_MAX];	/* the waypoint */
	const struct alint_resource *svc;	/* first Service behind it */
	const struct alint_resource *gw;
};

/*
 * ztunnel's string match for principals and namespaces: "*", a prefix
 * ("x*"), a suffix ("*x") or the exact value. istiod drops a spiffe://
 * in front of principals.
 */
static bool str_match(const struct alint_node *pat, const char *value,
		      bool principal)
{
	const char *t;
	size_t len, vl = strlen(value);

	t = text_of(pat, &len);
	if (t == NULL)
		return false;
	if (principal && len >= 9 && memcmp(t, "spiffe://", 9) == 0) {
		t += 9;
		len -= 9;
	}
	if (len == 1 && t[0] == '*')
		return true;
	if (len > 0 && t[len - 1] == '*')
		return vl >= len - 1 && memcmp(value, t, len - 1) == 0;
	if (len > 0 && t[0] == '*')
		return vl >= len - 1 &&
			memcmp(value + vl - (len - 1), t + 1, len - 1) == 0;
	return len == vl && memcmp(t, value, len) == 0;
}

static bool any_match(const struct alint_node *seq, const char *value,
		      bool principal)
{
	const struct alint_node *it;

	for (it = alint_node_first(seq); it != NULL; it = alint_node_next(it))
		if (str_match(it, value, principal))
			return true;
	return false;
}

/* serviceAccounts entries: "ns/sa", or "sa" in the policy's namespace. */
static bool sa_match(const struct alint_node *seq, const struct wp_ident *w,
		     const char *polns)
{
	const struct alint_node *it;
	char v[MESH_NAME_MAX], full[MESH_NAME_MAX * 2 + 2];

	snprintf(full, sizeof(full), "%s/%s", w->ns, w->sa);
	for (it = alint_node_first(seq); it != NULL; it = alint_node_next(it)) {
		mesh_text(it, v, sizeof(v));
		if (strcmp(v, full) == 0 ||
		    (strcmp(w->ns, polns) == 0 && strcmp(v, w->sa) == 0))
			return true;
	}
	return false;
}

static bool nonempty_seq(const struct alint_node *m, const char *key)
{
	const struct alint_node *s = seq_get(m, key);

	return s != NULL && alint_node_count(s) > 0;
}

static const char *const identity_fields[] = {
	"principals", "notPrincipals", "namespaces", "notNamespaces",
	"serviceAccounts", "notServiceAccounts", NULL
};

/*
 * Whether a source admits the waypoint's connections. Fields are ANDed;
 * a field whose match cannot be known (ipBlocks: the waypoint's pod IP)
 * or that never matches at ztunnel (trustDomains) does not admit.
 */
static bool source_admits(const struct alint_node *src,
			  const struct wp_ident *w, const char *polns)
{
	const struct alint_node *k, *v;
	const char *t;
	size_t len;

	for (k = alint_node_first(src); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		t = text_of(k, &len);
		if (t == NULL)
			return false;
		if (alint_node_kind(v) == ALINT_NODE_SEQUENCE &&
		    alint_node_count(v) == 0)
			continue;	/* an empty list is no condition */
#define IS(s) (len == strlen(s) && memcmp(t, s, len) == 0)
		if (IS("principals")) {
			if (!any_match(v, w->principal, true))
				return false;
		} else if (IS("notPrincipals")) {
			if (any_match(v, w->principal, true))
				return false;
		} else if (IS("namespaces")) {
			if (!any_match(v, w->ns, false))
				return false;
		} else if (IS("notNamespaces")) {
			if (any_match(v, w->ns, false))
				return false;
		} else if (IS("serviceAccounts")) {
			if (!sa_match(v, w, polns))
				return false;
		} else if (IS("notServiceAccounts")) {
			if (sa_match(v, w, polns))
				return false;
		} else {
			return false;
		}
#undef IS
	}
	return true;
}

/* A when entry on the source identity (source.principal or namespace). */
static bool identity_when(const struct alint_node *c, bool *principal)
{
	const struct alint_node *key = alint_node_get(c, "key");

	*principal = text_is(key, "source.principal");
	return *principal || text_is(key, "source.namespace");
}

/* Whether rule r of an ALLOW policy matches the waypoint's connections. */
static bool rule_admits(const struct alint_node *r, const struct wp_ident *w,
			const char *polns)
{
	const struct alint_node *from = seq_get(r, "from"), *it, *c;
	const char *value;
	bool principal, ok = from == NULL || alint_node_count(from) == 0;

	for (it = alint_node_first(from); it != NULL && !ok;
	     it = alint_node_next(it)) {
		if (!is_mapping(it))
			continue;
		ok = source_admits(map_get(it, "source"), w, polns);
	}
	if (!ok)
		return false;
	for (c = alint_node_first(seq_get(r, "when")); c != NULL;
	     c = alint_node_next(c)) {
		if (!identity_when(c, &principal))
			continue;
		value = principal ? w->principal : w->ns;
		if (nonempty_seq(c, "values") &&
		    !any_match(seq_get(c, "values"), value, principal))
			return false;
		if (any_match(seq_get(c, "notValues"), value, principal))
			return false;
	}
	return true;
}

/* A rule that restricts its sources by identity. */
static bool rule_has_identity(const struct alint_node *r)
{
	const struct alint_node *it, *src;
	size_t i;

	for (it = alint_node_first(seq_get(r, "from")); it != NULL;
	     it = alint_node_next(it)) {
		src = map_get(it, "source");
		for (i = 0; identity_fields[i] != NULL; i++)
			if (nonempty_seq(src, identity_fields[i]))
				return true;
	}
	return false;
}

/* A rule without to or when: admitting the waypoint, it admits it all. */
static bool rule_open(const struct alint_node *r)
{
	return !nonempty_seq(r, "to") && !nonempty_seq(r, "when");
}

static bool rule_identity_when(const struct alint_node *r)
{
	const struct alint_node *c;
	bool principal;

	for (c = alint_node_first(seq_get(r, "when")); c != NULL;
	     c = alint_node_next(c))
		if (identity_when(c, &principal))
			return true;
	return false;
}

static const struct alint_node *rule_at(const struct alint_node *spec,
					size_t i)
{
	const struct alint_node *r = alint_node_item(seq_get(spec, "rules"), i);

	if (r != NULL && alint_node_kind(r) == ALINT_NODE_ALIAS)
		r = alint_node_deref(r);
	return is_mapping(r) ? r : NULL;
}

/* An L4 ALLOW AuthorizationPolicy that ztunnel enforces as written. */
static bool l4_allow(const struct alint_resource *pol)
{
	const struct alint_node *spec = spec_of(pol);

	return kind_is(pol, "AuthorizationPolicy") && spec != NULL &&
		!has_target_refs(spec) &&
		authz_action(spec) == AUTHZ_ACTION_ALLOW &&
		authz_classify(spec) == AUTHZ_L4;
}

/* Whether every label that selector a asks for, selector b asks for too. */
static bool selector_within(const struct alint_node *a,
			    const struct alint_node *b)
{
	return mesh_selects(a, b);
}

/*
 * Whether policy q (or p itself) admits the waypoint on every port to
 * the workloads of p: an ALLOW L4 policy of p's namespace (or mesh-wide
 * in the root namespace) whose scope covers p's and that has an open rule
 * admitting the waypoint.
 */
static bool covered(struct alint_rule_ctx *rctx,
		    const struct alint_resource *p, const struct wp_ident *w)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const char *nss[2] = { alint_resource_namespace(p),
			       alint_rule_ctx_root_namespace(rctx) };
	const struct alint_node *pml, *qml, *r;
	const struct alint_resource *q;
	size_t lo, hi, i, j, k;
	bool psel, qsel;

	pml = match_labels(spec_of(p), &psel);
	for (k = 0; k < 2; k++) {
		if (k == 1 && strcmp(nss[0], nss[1]) == 0)
			break;
		mesh_range(idx, ALINT_INDEX_POLICY, nss[k], NULL, &lo, &hi);
		for (i = lo; i < hi; i++) {
			q = alint_index_get(idx, ALINT_INDEX_POLICY, i);
			if (!l4_allow(q))
				continue;
			qml = match_labels(spec_of(q), &qsel);
			if (q != p && qsel &&
			    (k == 1 || qml == NULL || !psel ||
			     !selector_within(qml, pml)))
				continue;
			for (j = 0; (r = rule_at(spec_of(q), j)) != NULL; j++)
				if (rule_open(r) &&
				    rule_admits(r, w,
						alint_resource_namespace(q)))
					return true;
		}
	}
	return false;
}

/* The waypoint identities behind the Services a policy's selector reaches. */
static size_t policy_waypoints(struct alint_rule_ctx *rctx,
			       const struct alint_resource *pol,
			       struct wp_ident *ws, size_t max)
{
	const struct alint_resource *svcs[MAX_SERVICES];
	const struct alint_node *ml;
	struct wp_plan p;
	struct wp_ident w;
	size_t n, i, j, nw = 0;
	bool has_sel, bound;
	char td[MESH_NAME_MAX];

	trust_domain(rctx, td, sizeof(td));
	ml = match_labels(spec_of(pol), &has_sel);
	if (has_sel && ml == NULL)
		return 0;
	n = mesh_selected_services(rctx, alint_resource_namespace(pol), ml,
				   svcs, MAX_SERVICES);
	for (i = 0; i < n && i < MAX_SERVICES; i++) {
		if (!service_plan(rctx, svcs[i], &p, &bound) ||
		    p.name[0] == '\0')
			continue;
		/* bound to a waypoint that is missing: AL3203's business */
		if (bound && p.gw == NULL &&
		    alint_index_has_namespace(alint_rule_ctx_index(rctx), p.ns))
			continue;
		memset(&w, 0, sizeof(w));
		snprintf(w.ns, sizeof(w.ns), "%s", p.ns);
		snprintf(w.name, sizeof(w.name), "%s", p.name);
		if (p.gw != NULL)
			mesh_waypoint_sa(p.gw, w.sa, sizeof(w.sa));
		else
			snprintf(w.sa, sizeof(w.sa), "%s", p.name);
		snprintf(w.principal, sizeof(w.principal), "%s/ns/%s/sa/%s",
			 td, w.ns, w.sa);
		w.svc = svcs[i];
		w.gw = p.gw;
		for (j = 0; j < nw; j++)
			if (strcmp(ws[j].principal, w.principal) == 0)
				break;
		if (j == nw && nw < max)
			ws[nw++] = w;
	}
	return nw;
}

/*
 * ---- the fix: a from item inserted ---------------------------------------
 *
 * The new entry of from is appended after the last one with
 * alint_fix_append_item(): the existing entries, their comments and
 * quoting are not touched. A block list gets new lines after the last
 * entry's, with the entries' own '-' column and the file's indentation;
 * a flow list gets ", {source: {principals: [...]}}" after its last
 * entry.
 */

/* A principal written plain when it reads back as itself, else quoted. */
static void sb_principal(struct sbuf *b, const char *s)
{
	const char *p;
	char esc[8];

	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._/-", *p) != NULL))
			break;
	/* it holds "/ns/": never a number, a boolean or a null */
	if (*p == '\0' && s[0] != '-' && strstr(s, "/ns/") != NULL) {
		sb_str(b, s);
		return;
	}
	sb_add(b, "\"", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = *p;
			sb_add(b, esc, 2);
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x",
				 (unsigned char)*p);
			sb_add(b, esc, 4);
		} else {
			sb_add(b, p, 1);
		}
	}
	sb_add(b, "\"", 1);
}

/*
 * Whether the last entry of from ends with a block scalar ("|" or ">"):
 * the fix then rewrites the list (see the rule's doc).
 */
static bool ends_with_block_scalar(const struct alint_node *from)
{
	const struct alint_node *n = from;

	while (n != NULL && alint_node_style(n) == ALINT_STYLE_BLOCK &&
	       alint_node_first(n) != NULL) {
		n = alint_node_first(n);
		while (alint_node_next(n) != NULL)
			n = alint_node_next(n);
	}
	return n != NULL && (alint_node_style(n) == ALINT_STYLE_LITERAL ||
			     alint_node_style(n) == ALINT_STYLE_FOLDED);
}

/*
 * A from entry admitting the principals pr[0..np) added to from: appended
 * after the last entry, or, with rewrite, the whole list written again in
 * block style with the new entry at its end (without the comments inside
 * it: the way for the layouts that alint_fix_append_item() refuses).
 */
static int add_source(struct alint_finding *f, const struct alint_node *from,
		      const char *const *pr, size_t np, bool rewrite)
{
	unsigned int indent = rewrite ? 4 : 2;
	struct sbuf b;
	size_t i;
	int rc;

	memset(&b, 0, sizeof(b));
	if (rewrite) {
		/* the items, after a "\n" that the value does not take */
		sb_node(&b, from, 0);
		sb_str(&b, "- ");
	}
	sb_str(&b, "source:\n");
	sb_indent(&b, indent);
	sb_str(&b, "principals:\n");
	for (i = 0; i < np; i++) {
		sb_indent(&b, indent);
		sb_str(&b, "- ");
		sb_principal(&b, pr[i]);
		sb_str(&b, "\n");
	}
	if (b.bad)
		rc = rewrite ? ALINT_EINVAL : ALINT_ENOMEM;
	else if (rewrite)
		rc = alint_fix_replace_value(f, from, b.s + 1);
	else
		rc = alint_fix_append_item(f, from, b.s);
	free(b.s);
	return rc;
}

/*
 * The fix: a new from entry admitting the missing principals, per rule.
 * Where the list cannot take one (an entry that ends with a block scalar,
 * a layout the builder refuses), the list of that rule is rewritten; a
 * builder that refuses withdraws the fix, which then starts again with
 * the rewrite for that rule.
 */
static int fix_identity(struct alint_finding *f, const struct alint_node *spec,
			const struct wp_ident *ws, const bool *need,
			size_t nw, const char *polns)
{
	const struct alint_node *r, *from;
	const char *pr[MAX_PRINCIPALS];
	bool *rewrite, again = true;
	size_t i, j, np, nr;
	int rc = 0;

	for (nr = 0; rule_at(spec, nr) != NULL; nr++)
		;
	rewrite = calloc(nr + 1, sizeof(*rewrite));
	if (rewrite == NULL)
		return ALINT_ENOMEM;
	for (i = 0; i < nr; i++) {
		from = seq_get(rule_at(spec, i), "from");
		rewrite[i] = from != NULL && ends_with_block_scalar(from);
	}
	while (again && rc == 0) {
		again = false;
		rc = alint_finding_fix(f, ALINT_FIX_UNSAFE, nw == 1 ?
			"admit the waypoint's principal in each rule" :
			"admit the waypoints' principals in each rule");
		for (i = 0; rc == 0 && (r = rule_at(spec, i)) != NULL; i++) {
			if (!rule_has_identity(r))
				continue;
			for (j = np = 0; j < nw && np < MAX_PRINCIPALS; j++)
				if (need[j] && !rule_admits(r, &ws[j], polns))
					pr[np++] = ws[j].principal;
			if (np == 0)
				continue;
			from = seq_get(r, "from");
			rc = add_source(f, from, pr, np, rewrite[i]);
			if (rc == ALINT_EINVAL && !rewrite[i] && !f->has_fix) {
				rewrite[i] = again = true;
				rc = 0;
				break;
			}
		}
	}
	free(rewrite);
	/* a fix is whole or nothing (the builders withdraw it themselves) */
	if (rc < 0 && f->has_fix)
		alint__finding_drop_fix(f);
	return fix_rc(rc);
}

static int check_identity(struct alint_rule_ctx *rctx,
			  const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = spec_of(res), *r, *at = NULL;
	const char *ns = alint_resource_namespace(res);
	struct wp_ident ws[MAX_PRINCIPALS];
	bool need[MAX_PRINCIPALS], identity = false, when_id = false;
	struct alint_finding *f;
	size_t nw, i, j, nneed = 0, first = 0;
	int rc;

	(void)payload;
	if (!l4_allow(res) ||
	    strcmp(ns, alint_rule_ctx_root_namespace(rctx)) == 0 ||
	    !mesh_ns_bound_for_ambient(rctx, ns))
		return 0;
	for (i = 0; (r = rule_at(spec, i)) != NULL; i++)
		if (rule_has_identity(r))
			identity = true;
	if (!identity)
		return 0;
	nw = policy_waypoints(rctx, res, ws, MAX_PRINCIPALS);
	for (j = 0; j < nw; j++) {
		need[j] = false;
		if (covered(rctx, res, &ws[j]))
			continue;
		for (i = 0; (r = rule_at(spec, i)) != NULL; i++) {
			if (!rule_has_identity(r) ||
			    rule_admits(r, &ws[j], ns))
				continue;
			if (!need[j] && nneed++ == 0)
				first = j;
			need[j] = true;
			if (at == NULL)
				at = alint_node_get_key(r, "from");
			if (rule_identity_when(r))
				when_id = true;
		}
	}
	if (nneed == 0)
		return 0;
	f = alint_rule_report(rctx, at,
		"AuthorizationPolicy %s/%s allows only some client identities, "
		"but Service %s/%s goes through waypoint %s/%s, and ztunnel "
		"then sees the waypoint's identity %s instead of the client's: "
		"once the waypoint is in the path this policy rejects all of "
		"that traffic (\"allow policies exist, but none allowed\"); "
		"admit the waypoint%s and move the client checks to a "
		"targetRefs policy on the waypoint%s%s",
		ns, alint_resource_name(res),
		alint_resource_namespace(ws[first].svc),
		alint_resource_name(ws[first].svc), ws[first].ns,
		ws[first].name, ws[first].principal,
		nneed > 1 ? " (and the other waypoints of its Services: " : "",
		nneed > 1 ? "see the related locations)" : "",
		when_id ? "; no fix: a when condition on the source identity "
		"would still reject it" : "");
	if (f == NULL)
		return 0;
	for (j = 0; j < nw; j++) {
		if (!need[j])
			continue;
		rc = alint_finding_related(f, ws[j].svc, NULL,
			"Service %s uses waypoint %s/%s",
			alint_resource_name(ws[j].svc), ws[j].ns, ws[j].name);
		if (rc == 0 && ws[j].gw != NULL)
			rc = alint_finding_related(f, ws[j].gw, NULL,
				"waypoint %s/%s runs as %s", ws[j].ns,
				ws[j].name, ws[j].principal);
		if (rc < 0)
			return rc;
	}
	if (when_id)
		return 0;
	return fix_identity(f, spec, ws, need, nw, ns);
}

const struct alint_rule alint__rule_waypoint_identity_not_allowed = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3205",
	.name = "waypoint-identity-not-allowed",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "L4 ALLOW policy does not admit the identity of the "
		"waypoint in front of it",
	.doc =
	"Once a Service uses a waypoint, its clients connect to the "
	"waypoint, and the waypoint opens a new connection to the pods. "
	"ztunnel at the destination then enforces selector and "
	"namespace-wide policies against the waypoint's identity, "
	"cluster.local/ns/<waypoint namespace>/sa/<waypoint service "
	"account>, not the client's (Istio's attachment table: waypoint "
	"in path, selector or namespace scope, source identity seen: "
	"waypoint). An L4 ALLOW policy whose rules admit only some "
	"principals, namespaces or service accounts then rejects all the "
	"traffic that comes through the waypoint: the 503s and \"policy "
	"rejection: allow policies exist, but none allowed\" of a common "
	"migration outage. The waypoint's service account is the Gateway's "
	"name, unless the annotation gateway.istio.io/service-account "
	"names another. The trust domain is meshConfig.trustDomain of an "
	"IstioOperator among the inputs, or the trustDomain line of the "
	"mesh config (data.mesh) of the ConfigMap istio in the root "
	"namespace; without either, cluster.local, Istio's default "
	"(ambient-lint has no option for it).\n"
	"\n"
	"This rule reports a selector or namespace-wide ALLOW "
	"AuthorizationPolicy that ztunnel enforces as written (L4 only) in "
	"a namespace bound for ambient mode, with a rule whose sources "
	"name principals, namespaces or service accounts, when the "
	"Services its workloads back go through a waypoint: bound now "
	"(istio.io/use-waypoint on the Service or its Namespace) or about "
	"to be (a policy that needs a waypoint targets them, see AL3202). "
	"It stays silent when every such rule already admits the "
	"waypoint: a principal equal to it or matching it as ztunnel does "
	"(\"*\", a prefix \"x*\" or a suffix \"*x\"), a namespaces entry "
	"matching the waypoint's namespace, a serviceAccounts entry "
	"ns/sa (or sa in the policy's namespace), with no not* field "
	"excluding it and no when condition on source.principal or "
	"source.namespace rejecting it. It also stays silent when a rule "
	"without to and when that admits the waypoint exists in the policy, "
	"in another ALLOW policy of the namespace whose selector covers "
	"this one's, or in a namespace-wide ALLOW policy (of the "
	"namespace, or mesh-wide in the root namespace). Sources with "
	"ipBlocks are taken not to admit the waypoint (its pod address is "
	"unknown); trustDomains never match at ztunnel. With the istiod "
	"setting PILOT_AUTO_ALLOW_WAYPOINT_POLICY=true (1.23 and later, "
	"off by default) istiod adds the waypoint's ALLOW itself and this "
	"rule can be disabled. DENY policies, such as the waypoint-bypass "
	"pattern (a selector DENY with notPrincipals of the waypoint), "
	"are not this rule's concern.\n"
	"\n"
	"The fix (unsafe) adds to each rule that lacks it a new from entry, "
	"source.principals with the waypoint's principal. Entries of from "
	"are ORed and the fields of one source are ANDed, so a new entry "
	"admits the waypoint under the rule's own to and when conditions "
	"(the same ports as before) and leaves the existing sources as "
	"they were; adding the principal to an existing source would AND "
	"it with that source's namespaces or service accounts and could "
	"still reject it. The new entry is inserted after the last one and "
	"nothing else of the list is written again: its entries, their "
	"quoting and the comments in it stay. A block list gets new lines "
	"at the column of its '-', indented as the file indents; a flow "
	"list gets \", {source: {principals: [...]}}\" after its last "
	"entry. Only where the last entry ends with a block scalar (\"|\" "
	"or \">\") is the list rewritten whole in block style, without the "
	"comments inside it; a list that an alias copies, or that is an "
	"alias, gets no fix. A rule with a when condition on the "
	"source identity gets no fix: the condition would still reject "
	"the waypoint. The fix is unsafe because it widens who may "
	"connect: every client that reaches the waypoint is admitted at "
	"ztunnel, so the client checks this policy made must move to a "
	"targetRefs policy that the waypoint enforces (the ALLOW sources "
	"with principals and namespaces as they are), or the restriction "
	"is lost for traffic through the waypoint.",
	.kinds = authz_kinds,
	.check = check_identity,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ratings\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: ratings\n"
	"  ports:\n"
	"  - port: 9080\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: waypoint\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"  listeners:\n"
	"  - name: mesh\n"
	"    port: 15008\n"
	"    protocol: HBONE\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: ratings-v1\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ratings\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: ratings\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: ratings\n"
	"        image: docker.io/istio/examples-bookinfo-ratings-v1:1.20.2\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: ratings-from-reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ratings\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        principals:\n"
	"        - cluster.local/ns/bookstore/sa/bookinfo-reviews\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ratings\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    app: ratings\n"
	"  ports:\n"
	"  - port: 9080\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: waypoint\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"  listeners:\n"
	"  - name: mesh\n"
	"    port: 15008\n"
	"    protocol: HBONE\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: ratings-v1\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ratings\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: ratings\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: ratings\n"
	"        image: docker.io/istio/examples-bookinfo-ratings-v1:1.20.2\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: ratings-from-reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ratings\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - from:\n"
	"    - source:\n"
	"        principals:\n"
	"        - cluster.local/ns/bookstore/sa/bookinfo-reviews\n"
	"    - source:\n"
	"        principals:\n"
	"        - cluster.local/ns/bookstore/sa/waypoint\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};
