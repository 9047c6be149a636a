/*
 * targetref.c - targetRef and targetRefs validation, and the fields and
 * labels that the target Istio version does not know (AL3101-AL3104,
 * AL3120)
 *
 * AuthorizationPolicy, RequestAuthentication, Telemetry and WasmPlugin
 * attach to workloads with a selector, or to waypoints and Gateway-API
 * gateways with targetRefs (and the hidden singular targetRef);
 * EnvoyFilter and TrafficExtension have targetRefs only. A policy moved
 * to ambient mode usually changes from one to the other, and the
 * mistakes made on the way (both at once, a classic Istio Gateway as the
 * target, a namespace in the reference) make the API server reject the
 * object or leave the policy without effect. The facts are in
 * istio-ambient.md sections 2.1-2.5.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "common.h"
#include "mesh.h"

/* The webhook's allow-list as its message prints it (%v). */
#define ALLOWED_TARGETS "[core/v1/Service " \
	"networking.istio.io/v1/ServiceEntry " \
	"gateway.networking.k8s.io/v1/Gateway " \
	"gateway.networking.k8s.io/v1/GatewayClass]"
#define CEL_ONEOF "only one of targetRefs or selector can be set"
#define CEL_ONEOF_EF "only one of targetRefs or workloadSelector can be set"
#define WEBHOOK_ONEOF "only one of targetRefs or workloadSelector can be set"
#define TARGET_REFS_MAX 16

static const char *const targetable_kinds[] = {
	"AuthorizationPolicy", "RequestAuthentication", "Telemetry",
	"WasmPlugin", "EnvoyFilter", "TrafficExtension", NULL
};

static const char *const singular_kinds[] = {
	"AuthorizationPolicy", "RequestAuthentication", "Telemetry",
	"WasmPlugin", NULL
};

/* An Istio API group: security.istio.io, networking.istio.io... */
static bool istio_group(const struct alint_resource *res)
{
	const char *g = alint_resource_group(res);
	size_t n = strlen(g);

	return n > 9 && strcmp(g + n - 9, ".istio.io") == 0;
}

static bool in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* A targetable Istio kind, and its spec mapping; NULL otherwise. */
static const struct alint_node *targetable_spec(const struct alint_resource *r)
{
	if (!in_list(alint_resource_kind(r), targetable_kinds) ||
	    !istio_group(r))
		return NULL;
	return map_get(alint_resource_root(r), "spec");
}

/* Whether the kind has the singular targetRef field. */
static bool has_singular(const struct alint_resource *r)
{
	return in_list(alint_resource_kind(r), singular_kinds);
}

static const char *selector_field(const struct alint_resource *r)
{
	return kind_is(r, "EnvoyFilter") ? "workloadSelector" : "selector";
}

/* A key whose value is not null: what CEL's has() sees once stored. */
static const struct alint_node *present_key(const struct alint_node *map,
					    const char *key)
{
	const struct alint_node *k = alint_node_get_key(map, key);
	const struct alint_node *v = alint_node_get(map, key);

	if (k == NULL || v == NULL)
		return NULL;
	if (alint_node_kind(v) == ALINT_NODE_SCALAR &&
	    alint_node_y11(v) == ALINT_Y11_NULL)
		return NULL;
	return k;
}

static bool empty_seq(const struct alint_node *v)
{
	if (v != NULL && alint_node_kind(v) == ALINT_NODE_ALIAS)
		v = alint_node_deref(v);
	return v != NULL && alint_node_kind(v) == ALINT_NODE_SEQUENCE &&
		alint_node_count(v) == 0;
}

static void version_text(char *buf, size_t len, unsigned int v)
{
	snprintf(buf, len, "%u.%u", v / 100, v % 100);
}

/* ---- a mapping made a one-item list ------------------------------------- */

/*
 * The fix of a targetRef mapping (or of a targetRefs written as a
 * mapping): the value becomes a list of one item with the same pairs,
 * block or flow like the mapping was, without being written again
 * (alint_fix_wrap_in_sequence()); rename (may be NULL) renames the key
 * too. An anchored or tagged mapping, or one that an alias copies, gets
 * no fix.
 */
static int fix_wrap_in_list(struct alint_finding *f,
			    enum alint_fix_safety safety, const char *what,
			    const struct alint_node *key,
			    const struct alint_node *val, const char *rename)
{
	int rc;

	if (f == NULL || !is_mapping(val) || alint_node_count(val) == 0 ||
	    alint_node_next(key) != val)
		return 0;
	rc = alint_finding_fix(f, safety, what);
	if (rc == 0 && rename != NULL)
		rc = alint_fix_rename_key(f, key, rename);
	if (rc == 0)
		rc = alint_fix_wrap_in_sequence(f, val);
	return fix_rc(rc);
}

/* ---- AL3101 target-refs-with-selector --------------------------------- */

static int check_oneof(struct alint_rule_ctx *rctx,
		       const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = targetable_spec(res);
	const struct alint_node *sel, *one, *many, *many_val;
	const char *sf = selector_field(res);
	const char *cel = kind_is(res, "EnvoyFilter") ? CEL_ONEOF_EF :
		CEL_ONEOF;
	struct alint_finding *f;
	char what[300];
	int rc, n;

	(void)payload;
	if (spec == NULL)
		return 0;
	sel = present_key(spec, sf);
	one = has_singular(res) ? present_key(spec, "targetRef") : NULL;
	many = present_key(spec, "targetRefs");
	many_val = alint_node_get(spec, "targetRefs");
	n = (sel != NULL) + (one != NULL) + (many != NULL);
	if (n < 2)
		return 0;
	res_text(what, sizeof(what), res);

	if (many != NULL && empty_seq(many_val) && n == 2) {
		/* the webhook and istiod ignore an empty list; CEL may not */
		f = alint_rule_report(rctx, many,
			"%s has an empty targetRefs next to %s: istiod and "
			"the validating webhook ignore an empty list, but the "
			"CRD's CEL rule counts has(self.targetRefs), so the "
			"API server probably rejects the object (\"%s\"; not "
			"verified on a cluster); remove the empty targetRefs",
			what, sel != NULL ? sf : "targetRef", cel);
		if (f == NULL)
			return 0;
		rc = alint_finding_fix(f, ALINT_FIX_SAFE,
				       "remove the empty targetRefs");
		if (rc == 0)
			rc = alint_fix_remove_pair(f, many);
		return fix_rc(rc);
	}

	if (sel == NULL) {
		/* targetRef and targetRefs: istiod reads targetRefs only */
		f = alint_rule_report(rctx, one,
			"%s sets both targetRef and targetRefs: the CRD "
			"rejects it (\"%s\", Istio 1.24 and later), and "
			"istiod reads only targetRefs when it is not empty, so "
			"targetRef is ignored; remove targetRef", what, cel);
		if (f == NULL)
			return 0;
		rc = alint_finding_related(f, res, many,
					   "the targets istiod uses");
		if (rc < 0)
			return rc;
		if (empty_seq(many_val))
			return 0;
		rc = alint_finding_fix(f, ALINT_FIX_SAFE,
			"remove targetRef, which targetRefs overrides");
		if (rc == 0)
			rc = alint_fix_remove_pair(f, one);
		return fix_rc(rc);
	}

	f = alint_rule_report(rctx, many != NULL ? many : one,
		"%s sets both %s and %s: the CRD rejects it (\"%s\", Istio "
		"1.24 and later) and so does the validating webhook (\"%s\"); "
		"where it is stored anyway, the targets win: sidecars and "
		"ztunnel ignore every policy with targetRefs and waypoints "
		"never use a selector, so the selector does nothing; keep "
		"the selector for a policy that ztunnel or sidecars enforce, "
		"or targetRefs for a waypoint or gateway, not both",
		what, sf, many != NULL ? "targetRefs" : "targetRef", cel,
		WEBHOOK_ONEOF);
	if (f == NULL)
		return 0;
	rc = alint_finding_related(f, res, sel, "the workload %s", sf);
	if (rc == 0 && many != NULL && one != NULL)
		rc = alint_finding_related(f, res, one,
					   "targetRef, a third target field");
	return rc < 0 ? rc : 0;
}

const struct alint_rule alint__rule_target_refs_with_selector = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3101",
	.name = "target-refs-with-selector",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "policy sets more than one of selector, targetRef and "
		"targetRefs",
	.doc =
	"AuthorizationPolicy, RequestAuthentication, Telemetry and WasmPlugin "
	"choose what they apply to with exactly one of three fields: "
	"selector (workloads, enforced by their sidecar or by ztunnel), "
	"targetRefs, or the hidden singular targetRef (Gateway-API gateways "
	"and waypoints). EnvoyFilter has workloadSelector and targetRefs, "
	"TrafficExtension selector and targetRefs. Since Istio 1.24 the "
	"CRDs carry a CEL rule that counts the fields present and rejects "
	"more than one, with the message \"only one of targetRefs or "
	"selector can be set\" (EnvoyFilter: \"only one of targetRefs or "
	"workloadSelector can be set\"; in 1.23 only RequestAuthentication "
	"had the rule). istiod's validating webhook rejects the same "
	"objects, with the message \"only one of targetRefs or "
	"workloadSelector can be set\" for every kind.\n"
	"\n"
	"A policy that got in anyway (older CRDs, a disabled webhook) "
	"behaves as a targetRefs policy: sidecars and classic gateways "
	"ignore a policy with targets altogether, ztunnel ignores it too "
	"(\"TargetRef is not intended for ztunnel\"), and waypoints never "
	"use a selector. The selector then does nothing, which is rarely "
	"what the author wanted: an L4 policy meant for ztunnel keeps its "
	"selector, a policy for a waypoint has targetRefs only. The rule "
	"reports the object at its targetRefs (or targetRef) key, with the "
	"selector as a related location, and offers no fix: which of the "
	"two is meant is a decision.\n"
	"\n"
	"Two cases have a safe fix. targetRef next to a non-empty "
	"targetRefs is ignored by istiod (it reads targetRefs when it is "
	"not empty, else targetRef), so the fix removes targetRef. An "
	"empty list, targetRefs: [], next to a selector is ignored by "
	"istiod and by the webhook, which count targetRefs only when it has "
	"items, but the CEL rule uses has(), which is probably true for an "
	"empty list, so the API server probably rejects the object; this "
	"nuance has not been verified on a cluster. The fix removes the "
	"empty list, which changes nothing istiod sees.",
	.kinds = targetable_kinds,
	.check = check_oneof,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: reviews-viewer\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
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
	"  name: reviews-viewer\n"
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
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3102 singular-target-ref ---------------------------------------- */

static int check_singular(struct alint_rule_ctx *rctx,
			  const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = targetable_spec(res);
	const struct alint_node *one, *val;
	struct alint_finding *f;
	char what[300];

	(void)payload;
	if (spec == NULL || !has_singular(res) ||
	    alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 22))
		return 0;
	one = present_key(spec, "targetRef");
	if (one == NULL || present_key(spec, "targetRefs") != NULL ||
	    present_key(spec, "selector") != NULL)
		return 0;
	val = map_get(spec, "targetRef");
	res_text(what, sizeof(what), res);
	f = alint_rule_report(rctx, one,
		"%s uses the singular targetRef, hidden from the API since "
		"Istio 1.22 in favour of targetRefs: istiod still reads it, "
		"but new tools, documents and istioctl output use targetRefs "
		"(a list of up to 16 targets); write it as a one-item "
		"targetRefs", what);
	return fix_wrap_in_list(f, ALINT_FIX_SAFE,
				"rename targetRef to targetRefs, a list of one "
				"item", one, val, "targetRefs");
}

const struct alint_rule alint__rule_singular_target_ref = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3102",
	.name = "singular-target-ref",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "policy uses the soft-deprecated singular targetRef",
	.doc =
	"Istio 1.20 added targetRef to AuthorizationPolicy, "
	"RequestAuthentication, Telemetry and WasmPlugin, to attach them to "
	"a Gateway-API gateway. Istio 1.22 added the list targetRefs (up to "
	"16 targets, Service and waypoint attachment) and hid targetRef "
	"from the documentation (istio/api PR 3159): the field \"will remain "
	"+ be implemented forever\", but users are pushed to the new one. "
	"istiod merges the two: targetRefs when it is not empty, else "
	"[targetRef]. The CRD does not mark the field deprecated; this rule "
	"treats it as soft-deprecated, which is why it is a warning. "
	"EnvoyFilter and TrafficExtension never had the singular field.\n"
	"\n"
	"Ambient mode leans on targetRefs: it is how a policy reaches a "
	"waypoint, and it is what istio.io, istioctl and the other rules "
	"of ambient-lint write. A policy that mixes the two forms is "
	"rejected by the CRD (AL3101), so converting the old ones avoids "
	"that mistake when a second target is added.\n"
	"\n"
	"The rule reports only when the target Istio version is 1.22 or "
	"later (--istio-version): below it targetRef is the only form, and "
	"below 1.20 neither exists (AL3120). A policy that also has "
	"targetRefs or a selector is left to AL3101.\n"
	"\n"
	"The fix (safe) renames the key to targetRefs and makes its "
	"mapping the one item of a list by editing only the bytes that must "
	"change: a block mapping gets \"- \" before its first key, at the "
	"column where the file puts the '-' of its block lists, and when "
	"the item's content then sits at another column every line of the "
	"mapping moves by the same number of spaces; a flow mapping gets a "
	"'[' before its '{' and a ']' after its '}' ([{...}]). Pairs, "
	"quoting, key order, comments (on the key's line, between the pairs, "
	"after the last value) and blank lines stay. There is no fix for a "
	"targetRef that is an alias or carries an anchor or a tag, for an "
	"empty mapping, and for a block mapping holding a block scalar "
	"(\"|\" or \">\") whose lines would have to move.",
	.kinds = singular_kinds,
	.check = check_singular,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: RequestAuthentication\n"
	"metadata:\n"
	"  name: storefront-jwt\n"
	"  namespace: storefront\n"
	"spec:\n"
	"  targetRef:\n"
	"    kind: Gateway\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: storefront-gateway\n"
	"  jwtRules:\n"
	"  - issuer: https://auth.example.com\n"
	"    jwksUri: https://auth.example.com/.well-known/jwks.json\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: RequestAuthentication\n"
	"metadata:\n"
	"  name: storefront-jwt\n"
	"  namespace: storefront\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Gateway\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: storefront-gateway\n"
	"  jwtRules:\n"
	"  - issuer: https://auth.example.com\n"
	"    jwksUri: https://auth.example.com/.well-known/jwks.json\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3103 target-ref-invalid ------------------------------------------ */

/* The target groups and kinds that the webhook allows. */
struct target_kind {
	const char *kind;
	const char *group;	/* "" is the core group */
};

static const struct target_kind allowed_targets[] = {
	{ "Service", "" },
	{ "ServiceEntry", "networking.istio.io" },
	{ "Gateway", GATEWAY_API_GROUP },
	{ "GatewayClass", GATEWAY_API_GROUP },
	{ NULL, NULL }
};

/* The group of a target reference, "" for core (istiod: "core" too). */
static void target_group(const struct alint_node *entry, char *buf,
			 size_t len)
{
	mesh_text(alint_node_get(entry, "group"), buf, len);
	if (strcmp(buf, "core") == 0)
		buf[0] = '\0';
}

static const struct target_kind *allowed_kind(const char *kind)
{
	size_t i;

	for (i = 0; allowed_targets[i].kind != NULL; i++)
		if (strcmp(allowed_targets[i].kind, kind) == 0)
			return &allowed_targets[i];
	return NULL;
}

/* Set the group of a reference: insert it, or replace "" and core. */
static int fix_group(struct alint_finding *f, const struct alint_node *entry,
		     const char *group)
{
	const struct alint_node *gv = alint_node_get(entry, "group");
	char desc[120];
	int rc;

	if (f == NULL)
		return 0;
	snprintf(desc, sizeof(desc), "set group: %s", group);
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, desc);
	if (rc == 0)
		rc = gv != NULL ? alint_fix_replace_value(f, gv, group) :
			alint_fix_insert_pair(f, entry, "group", group);
	return fix_rc(rc);
}

static int check_group_kind(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res,
			    const struct alint_node *entry, const char *where)
{
	const struct alint_node *kv = alint_node_get(entry, "kind");
	const struct alint_node *gv = alint_node_get(entry, "group");
	const struct target_kind *tk;
	struct alint_finding *f;
	char kind[MESH_NAME_MAX], group[MESH_NAME_MAX], raw[MESH_NAME_MAX];

	mesh_text(kv, kind, sizeof(kind));
	mesh_text(gv, raw, sizeof(raw));
	target_group(entry, group, sizeof(group));
	tk = allowed_kind(kind);
	if (tk != NULL && strcmp(tk->group, group) == 0)
		return 0;
	if (tk != NULL && group[0] == '\0') {
		f = alint_rule_report(rctx, gv != NULL ? gv : kv,
			"%s: kind %s %s means the core group, which has no "
			"%s: the validating webhook rejects the policy "
			"(\"targetRef must be to one of %s but was %s/%s\"); "
			"set group: %s", where, kind, gv != NULL ?
			"with an empty group" : "without a group", kind,
			ALLOWED_TARGETS, raw, kind, tk->group);
		return fix_group(f, entry, tk->group);
	}
	if (strcmp(kind, "Gateway") == 0 &&
	    strcmp(group, "networking.istio.io") == 0) {
		alint_rule_report(rctx, gv,
			"%s: a classic Istio Gateway (networking.istio.io) "
			"cannot be a policy target: only Gateway-API gateways "
			"(gateway.networking.k8s.io) and waypoints can; the "
			"validating webhook rejects the policy (\"targetRef "
			"must be to one of %s but was %s/%s\"); for an "
			"istio-ingressgateway Deployment keep a selector on "
			"its pods", where, ALLOWED_TARGETS, raw, kind);
		return 0;
	}
	alint_rule_report(rctx, tk != NULL && gv != NULL ? gv : kv,
		"%s: %s%s%s is not a kind that a policy can target: the "
		"validating webhook rejects the policy (\"targetRef must be "
		"to one of %s but was %s/%s\"); target the Service, "
		"ServiceEntry, Gateway or GatewayClass instead",
		where, raw[0] != '\0' ? raw : "", raw[0] != '\0' ? "/" : "",
		kind, ALLOWED_TARGETS, raw, kind);
	return 0;
}

static int check_entry(struct alint_rule_ctx *rctx,
		       const struct alint_resource *res,
		       const struct alint_node *entry, const char *where)
{
	const struct alint_node *kv, *nv, *nsk, *nsv;
	const char *ns = alint_resource_namespace(res);
	struct alint_finding *f;
	char buf[MESH_NAME_MAX];
	size_t len;
	int rc;

	if (alint_node_kind(entry) == ALINT_NODE_ALIAS)
		entry = alint_node_deref(entry);
	if (!is_mapping(entry)) {
		alint_rule_report(rctx, entry,
			"%s is not a mapping: a target reference is an object "
			"with group, kind and name; the API server rejects the "
			"policy", where);
		return 0;
	}
	kv = alint_node_get(entry, "kind");
	nv = alint_node_get(entry, "name");
	/*
	 * A collection where a string belongs is a template placeholder
	 * ("kind: {{ .Kind }}", reported by AL0008) or a type error the API
	 * server reports itself: nothing to say about the target.
	 */
	if ((kv != NULL && alint_node_kind(kv) != ALINT_NODE_SCALAR) ||
	    (nv != NULL && alint_node_kind(nv) != ALINT_NODE_SCALAR) ||
	    (alint_node_get(entry, "group") != NULL &&
	     alint_node_kind(alint_node_get(entry, "group")) !=
	     ALINT_NODE_SCALAR))
		return 0;
	if (text_of(kv, &len) == NULL || len == 0)
		alint_rule_report(rctx, kv != NULL ? kv : entry,
			"%s has no kind: the field is required (the CRD "
			"rejects the policy), and only Service, ServiceEntry, "
			"Gateway and GatewayClass can be targets", where);
	else if ((rc = check_group_kind(rctx, res, entry, where)) < 0)
		return rc;
	if (text_of(nv, &len) == NULL || len == 0)
		alint_rule_report(rctx, nv != NULL ? nv : entry,
			"%s has no name: the API server rejects the policy "
			"(webhook: \"targetRef name must be set\")", where);
	nsk = alint_node_get_key(entry, "namespace");
	nsv = alint_node_get(entry, "namespace");
	if (nsk == NULL || text_of(nsv, &len) == NULL || len == 0)
		return 0;
	mesh_text(nsv, buf, sizeof(buf));
	f = alint_rule_report(rctx, nsk,
		"%s sets namespace %s: a policy can only target objects in "
		"its own namespace (%s) and the field must stay empty; the "
		"API server rejects the policy (CRD: \"cross namespace "
		"referencing is not currently supported\"; webhook: "
		"\"targetRef namespace must not be set; cross namespace "
		"referencing is not supported\")%s", where, buf, ns,
		strcmp(buf, ns) == 0 ? "; remove it" :
		"; put the policy in the target's namespace");
	if (f == NULL || strcmp(buf, ns) != 0)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "remove the namespace, "
			       "which is the policy's own");
	if (rc == 0)
		rc = alint_fix_remove_pair(f, nsk);
	return fix_rc(rc);
}

static int check_target_refs(struct alint_rule_ctx *rctx,
			     const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = targetable_spec(res);
	const struct alint_node *key, *val, *item;
	struct alint_finding *f;
	char what[300], where[340];
	size_t i;
	int rc;

	(void)payload;
	if (spec == NULL)
		return 0;
	res_text(what, sizeof(what), res);

	key = present_key(spec, "targetRef");
	val = alint_node_get(spec, "targetRef");
	if (key != NULL && !has_singular(res)) {
		/* EnvoyFilter and TrafficExtension: no such field */
		f = alint_rule_report(rctx, key,
			"%s has no targetRef field (only targetRefs): the API "
			"server rejects the unknown field or prunes it, and a "
			"pruned %s with no %s applies to every proxy of "
			"namespace %s; write it as targetRefs",
			what, alint_resource_kind(res), selector_field(res),
			alint_resource_namespace(res));
		if (present_key(spec, "targetRefs") == NULL &&
		    present_key(spec, selector_field(res)) == NULL &&
		    alint_rule_ctx_istio_version(rctx) >=
		    ALINT_ISTIO_VERSION(1, 22)) {
			rc = fix_wrap_in_list(f, ALINT_FIX_UNSAFE,
				"rename targetRef to targetRefs, a list of one "
				"item", key, map_get(spec, "targetRef"),
				"targetRefs");
			if (rc < 0)
				return rc;
		}
	} else if (key != NULL) {
		snprintf(where, sizeof(where), "%s targetRef", what);
		rc = check_entry(rctx, res, val, where);
		if (rc < 0)
			return rc;
	}

	key = present_key(spec, "targetRefs");
	val = alint_node_get(spec, "targetRefs");
	if (key == NULL)
		return 0;
	if (alint_node_kind(val) == ALINT_NODE_ALIAS)
		val = alint_node_deref(val);
	if (val == NULL || alint_node_kind(val) != ALINT_NODE_SEQUENCE) {
		f = alint_rule_report(rctx, key,
			"%s: targetRefs is not a list: the CRD declares an "
			"array of target references and the API server "
			"rejects the policy; write the target as a list item "
			"(\"- kind: ...\")", what);
		/* below 1.22 no fix writes targetRefs */
		if (alint_rule_ctx_istio_version(rctx) <
		    ALINT_ISTIO_VERSION(1, 22))
			return 0;
		return fix_wrap_in_list(f, ALINT_FIX_SAFE,
					"make targetRefs a list of one item",
					key, is_mapping(val) ? val : NULL,
					NULL);
	}
	for (i = 0, item = alint_node_first(val); item != NULL;
	     i++, item = alint_node_next(item)) {
		if (i == TARGET_REFS_MAX)
			alint_rule_report(rctx, item,
				"%s has %zu targetRefs: the CRD allows at most "
				"%d (maxItems, Istio 1.24 and later) and the "
				"API server rejects the policy; split it into "
				"several policies", what,
				alint_node_count(val), TARGET_REFS_MAX);
		snprintf(where, sizeof(where), "%s targetRefs[%zu]", what, i);
		rc = check_entry(rctx, res, item, where);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_target_ref_invalid = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3103",
	.name = "target-ref-invalid",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "targetRefs entry that the CRD or the webhook rejects",
	.doc =
	"Each entry of targetRefs (and the singular targetRef) is a "
	"PolicyTargetReference: group, kind (required), name (required) and "
	"namespace, which must stay empty. istiod's validating webhook "
	"accepts four targets, compared by group and kind: Service (core "
	"group, written \"\" or core), ServiceEntry (networking.istio.io), "
	"Gateway and GatewayClass (gateway.networking.k8s.io). Anything else "
	"is rejected with \"targetRef must be to one of "
	"[core/v1/Service networking.istio.io/v1/ServiceEntry "
	"gateway.networking.k8s.io/v1/Gateway "
	"gateway.networking.k8s.io/v1/GatewayClass] but was "
	"<group>/<kind>\". The CRD itself has no rule on group and kind; the "
	"webhook is the only check, so a cluster without it stores a policy "
	"that never applies.\n"
	"\n"
	"The rule reports: an entry that is not a mapping; a missing kind; "
	"a kind outside the four, such as a Deployment or an HTTPRoute; "
	"kind Gateway without a group, which means the core group; kind "
	"Gateway with group networking.istio.io, the classic Istio Gateway, "
	"which policies cannot target (keep a selector on the gateway's "
	"pods); a missing name (\"targetRef name must be set\"); a "
	"namespace (CRD: \"cross namespace referencing is not currently "
	"supported\", Istio 1.23 and later; webhook: \"targetRef namespace "
	"must not be set; cross namespace referencing is not supported\"); "
	"more than 16 entries (maxItems: 16, Istio 1.24 and later); "
	"targetRefs written as a mapping instead of a list; and targetRef on "
	"an EnvoyFilter or TrafficExtension, which have only targetRefs: "
	"there the field is unknown, and an EnvoyFilter stored without it "
	"patches every proxy of its namespace.\n"
	"\n"
	"Fixes. A Gateway, GatewayClass or ServiceEntry target without a "
	"group (or with \"\" or core) gets its group: safe, the webhook "
	"rejects the policy as it is and the kind names only one target. A "
	"namespace equal to the policy's own is removed (safe: the same "
	"object). targetRefs written as one mapping becomes a list of one "
	"item (safe). An EnvoyFilter's or TrafficExtension's targetRef "
	"becomes a one-item targetRefs; that fix is unsafe, because a "
	"cluster that pruned the unknown field applied the filter to the "
	"whole namespace, and after the fix it applies to its target only. "
	"A namespace that names another namespace, an unknown kind and a "
	"classic Istio Gateway have no fix: the policy has to move or be "
	"redesigned. Below Istio 1.22 (--istio-version) the fixes that "
	"write targetRefs are not offered.",
	.kinds = targetable_kinds,
	.check = check_target_refs,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: orders-writers\n"
	"  namespace: orders\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Gateway\n"
	"    name: orders-waypoint\n"
	"    namespace: orders\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"POST\"]\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: orders-writers\n"
	"  namespace: orders\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Gateway\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: orders-waypoint\n"
	"  action: ALLOW\n"
	"  rules:\n"
	"  - to:\n"
	"    - operation:\n"
	"        methods: [\"POST\"]\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3104 target-ref-no-effect ---------------------------------------- */

static int check_no_effect_entry(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 const struct alint_node *entry,
				 const char *where)
{
	const char *root = alint_rule_ctx_root_namespace(rctx);
	const char *ns = alint_resource_namespace(res);
	const struct alint_node *kv, *nv;
	char kind[MESH_NAME_MAX], group[MESH_NAME_MAX], name[MESH_NAME_MAX];

	if (alint_node_kind(entry) == ALINT_NODE_ALIAS)
		entry = alint_node_deref(entry);
	if (!is_mapping(entry))
		return 0;
	kv = alint_node_get(entry, "kind");
	nv = alint_node_get(entry, "name");
	mesh_text(kv, kind, sizeof(kind));
	mesh_text(nv, name, sizeof(name));
	target_group(entry, group, sizeof(group));

	if (strcmp(kind, "GatewayClass") == 0 &&
	    strcmp(group, GATEWAY_API_GROUP) == 0) {
		if (strcmp(ns, root) != 0)
			alint_rule_report(rctx, kv,
				"%s targets GatewayClass %s but the policy "
				"is in namespace %s: a GatewayClass target "
				"applies only to a policy in the root "
				"namespace (%s); istiod marks it not accepted "
				"(\"%s must be in the root namespace `%s` when "
				"referencing a GatewayClass\") and it has no "
				"effect; target "
				"the namespace's waypoint (kind Gateway) "
				"instead", where, name, ns, root,
				alint_resource_kind(res), root);
		if (name[0] != '\0' && strcmp(name, WAYPOINT_CLASS) != 0)
			alint_rule_report(rctx, nv,
				"%s targets GatewayClass %s: istiod attaches a "
				"GatewayClass target only when it is %s, the "
				"class of every waypoint, so this target has "
				"no effect", where, name, WAYPOINT_CLASS);
		return 0;
	}
	if (kind_is(res, "EnvoyFilter") &&
	    ((strcmp(kind, "Service") == 0 && group[0] == '\0') ||
	     (strcmp(kind, "ServiceEntry") == 0 &&
	      strcmp(group, "networking.istio.io") == 0)))
		alint_rule_report(rctx, kv,
			"%s targets %s %s: istiod matches EnvoyFilters "
			"without service information, so only Gateway and "
			"GatewayClass targets can match and this one never "
			"does (read from istiod's code, not run); target the "
			"waypoint Gateway that serves %s", where, kind, name,
			name);
	return 0;
}

static int check_no_effect(struct alint_rule_ctx *rctx,
			   const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = targetable_spec(res);
	const struct alint_node *list, *item;
	char what[300], where[340];
	size_t i;
	int rc;

	(void)payload;
	if (spec == NULL)
		return 0;
	res_text(what, sizeof(what), res);
	if (has_singular(res) && map_get(spec, "targetRef") != NULL) {
		snprintf(where, sizeof(where), "%s targetRef", what);
		rc = check_no_effect_entry(rctx, res, map_get(spec,
						"targetRef"), where);
		if (rc < 0)
			return rc;
	}
	list = seq_get(spec, "targetRefs");
	for (i = 0, item = alint_node_first(list); item != NULL;
	     i++, item = alint_node_next(item)) {
		snprintf(where, sizeof(where), "%s targetRefs[%zu]", what, i);
		rc = check_no_effect_entry(rctx, res, item, where);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_target_ref_no_effect = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3104",
	.name = "target-ref-no-effect",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "valid policy target that istiod never attaches to",
	.doc =
	"Some target references pass validation but never match a proxy "
	"(istiod's ShouldAttachPolicy, pilot/pkg/model/policyattachment.go). "
	"The policy is stored and silently does nothing; in ambient mode "
	"that usually means a waypoint runs without the authorization, "
	"authentication or telemetry the policy was written for.\n"
	"\n"
	"A GatewayClass target (Istio 1.25 and later) applies to every "
	"waypoint of the mesh, and only when the policy is in the root "
	"namespace (istio-system unless --root-namespace says otherwise) "
	"and the class is istio-waypoint. Elsewhere istiod reports "
	"\"AuthorizationPolicy must be in the root namespace `<root>` when "
	"referencing a GatewayClass\" in the policy's status, and another "
	"class name is never attached. To reach the waypoints of one "
	"namespace, target their Gateway.\n"
	"\n"
	"An EnvoyFilter is matched to proxies without any service "
	"information (push_context.go getMatchedEnvoyFilters), so of its "
	"targets only Gateway and GatewayClass can match; a Service or "
	"ServiceEntry target never does. This last point comes from "
	"reading istiod's code and has not been run.\n"
	"\n"
	"The rule has no fix: the right target depends on the intent. A "
	"GatewayClass target below Istio 1.25 is reported by AL3120.",
	.kinds = targetable_kinds,
	.check = check_no_effect,
	.example_bad =
	"apiVersion: telemetry.istio.io/v1\n"
	"kind: Telemetry\n"
	"metadata:\n"
	"  name: waypoint-access-logs\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: GatewayClass\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: istio-waypoint\n"
	"  accessLogging:\n"
	"  - providers:\n"
	"    - name: envoy\n",
	.example_good =
	"apiVersion: telemetry.istio.io/v1\n"
	"kind: Telemetry\n"
	"metadata:\n"
	"  name: waypoint-access-logs\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: GatewayClass\n"
	"    group: gateway.networking.k8s.io\n"
	"    name: istio-waypoint\n"
	"  accessLogging:\n"
	"  - providers:\n"
	"    - name: envoy\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3120 needs-newer-istio ------------------------------------------- */

/*
 * Report node when the target version is below since. what names the
 * field or label, effect says what an older Istio does with it.
 */
static int too_old(struct alint_rule_ctx *rctx,
		   const struct alint_resource *res,
		   const struct alint_node *node, unsigned int since,
		   const char *what, const char *effect)
{
	unsigned int v = alint_rule_ctx_istio_version(rctx);
	char have[16], need[16], obj[300];

	if (v >= since || node == NULL)
		return 0;
	version_text(have, sizeof(have), v);
	version_text(need, sizeof(need), since);
	res_text(obj, sizeof(obj), res);
	alint_rule_report(rctx, node,
		"%s: %s needs Istio %s or later and the target is %s: %s",
		obj, what, need, have, effect);
	return 0;
}

/* The targets of a policy: GatewayClass, ServiceEntry, Service. */
static int old_target(struct alint_rule_ctx *rctx,
		      const struct alint_resource *res,
		      const struct alint_node *entry)
{
	const struct alint_node *kv;
	char kind[MESH_NAME_MAX], group[MESH_NAME_MAX];

	if (alint_node_kind(entry) == ALINT_NODE_ALIAS)
		entry = alint_node_deref(entry);
	if (!is_mapping(entry))
		return 0;
	kv = alint_node_get(entry, "kind");
	mesh_text(kv, kind, sizeof(kind));
	target_group(entry, group, sizeof(group));
	if (strcmp(kind, "GatewayClass") == 0)
		return too_old(rctx, res, kv, ALINT_ISTIO_VERSION(1, 25),
			"a GatewayClass target",
			"istiod does not attach policies to a GatewayClass "
			"before 1.25, so the policy has no effect");
	if (strcmp(kind, "ServiceEntry") == 0)
		return too_old(rctx, res, kv, ALINT_ISTIO_VERSION(1, 24),
			"a ServiceEntry target",
			"istiod does not attach policies to a ServiceEntry "
			"before 1.24, so the policy has no effect");
	if (strcmp(kind, "Service") == 0 && group[0] == '\0')
		return too_old(rctx, res, kv, ALINT_ISTIO_VERSION(1, 22),
			"a Service target",
			"waypoints attach policies to Services from 1.22 on, "
			"so the policy has no effect");
	return 0;
}

static int old_policy(struct alint_rule_ctx *rctx,
		      const struct alint_resource *res)
{
	const struct alint_node *spec = targetable_spec(res);
	const struct alint_node *k, *list, *item, *rules, *rule, *from, *src;
	unsigned int v = alint_rule_ctx_istio_version(rctx);
	const char *scope;
	char effect[600];
	int rc = 0;

	if (spec == NULL)
		return 0;
	scope = strcmp(alint_resource_namespace(res),
		       alint_rule_ctx_root_namespace(rctx)) == 0 ?
		"the whole mesh (root namespace)" : "the whole namespace";
	if (present_key(spec, selector_field(res)) != NULL)
		snprintf(effect, sizeof(effect),
			 "older CRDs do not have the field and the API server "
			 "prunes or rejects it, leaving a policy on its %s "
			 "only", selector_field(res));
	else
		snprintf(effect, sizeof(effect),
			 "older CRDs do not have the field and the API server "
			 "prunes or rejects it; pruned, the policy has no "
			 "selector and applies to %s, and proxies of older "
			 "control planes in a mixed-revision mesh read it the "
			 "same way (pin it with istio.io/rev to a newer "
			 "revision)", scope);
	/*
	 * A field the version does not know is reported once; the kinds of
	 * its targets only when the field itself is known.
	 */
	k = present_key(spec, "targetRefs");
	rc = too_old(rctx, res, k, ALINT_ISTIO_VERSION(1, 22), "targetRefs",
		     effect);
	if (rc == 0 && has_singular(res))
		rc = too_old(rctx, res, present_key(spec, "targetRef"),
			     ALINT_ISTIO_VERSION(1, 20), "targetRef", effect);
	if (rc == 0 && has_singular(res) && map_get(spec, "targetRef") &&
	    v >= ALINT_ISTIO_VERSION(1, 20))
		rc = old_target(rctx, res, map_get(spec, "targetRef"));
	list = v >= ALINT_ISTIO_VERSION(1, 22) ? seq_get(spec, "targetRefs") :
		NULL;
	for (item = alint_node_first(list); rc == 0 && item != NULL;
	     item = alint_node_next(item))
		rc = old_target(rctx, res, item);
	if (rc < 0 || !kind_is(res, "AuthorizationPolicy"))
		return rc;

	/* from[].source fields added to AuthorizationPolicy */
	rules = seq_get(spec, "rules");
	for (rule = alint_node_first(rules); rule != NULL;
	     rule = alint_node_next(rule)) {
		from = seq_get(rule, "from");
		for (item = alint_node_first(from); item != NULL;
		     item = alint_node_next(item)) {
			static const struct {
				const char *key;
				unsigned int since;
			} src_fields[] = {
				{ "serviceAccounts",
				  ALINT_ISTIO_VERSION(1, 25) },
				{ "notServiceAccounts",
				  ALINT_ISTIO_VERSION(1, 25) },
				{ "trustDomains", ALINT_ISTIO_VERSION(1, 30) },
				{ "notTrustDomains",
				  ALINT_ISTIO_VERSION(1, 30) },
			};
			size_t i;

			src = map_get(item, "source");
			for (i = 0; src != NULL && i < sizeof(src_fields) /
				     sizeof(src_fields[0]); i++) {
				char what[80];

				snprintf(what, sizeof(what), "source.%s",
					 src_fields[i].key);
				rc = too_old(rctx, res, alint_node_get_key(src,
					     src_fields[i].key),
					src_fields[i].since, what,
					"older CRDs do not have the field and "
					"the API server prunes or rejects it; "
					"pruned, the source no longer checks "
					"it and the rule matches more clients "
					"than written");
				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

/* Labels and annotations that older releases do not read. */
struct meta_need {
	const char *key;
	bool annotation;
	unsigned int since;
	const char *effect;
};

static const struct meta_need meta_needs[] = {
	{ USE_WAYPOINT_LABEL, false, ALINT_ISTIO_VERSION(1, 22),
	  "older releases bind waypoints differently and ignore the label, "
	  "so no traffic goes through the waypoint" },
	{ USE_WAYPOINT_NS_LABEL, false, ALINT_ISTIO_VERSION(1, 23),
	  "older releases ignore it and look for the waypoint in the "
	  "object's own namespace, where it does not exist" },
	{ WAYPOINT_FOR_LABEL, false, ALINT_ISTIO_VERSION(1, 22),
	  "older releases ignore it and the waypoint serves the default "
	  "traffic type" },
	{ "ambient.istio.io/bypass-inbound-capture", true,
	  ALINT_ISTIO_VERSION(1, 24),
	  "older releases ignore it and capture the pod's inbound traffic" },
	{ "ambient.istio.io/dns-capture", true, ALINT_ISTIO_VERSION(1, 25),
	  "older releases ignore it and use the mesh-wide DNS capture "
	  "setting" },
	{ "istio.io/reroute-virtual-interfaces", true,
	  ALINT_ISTIO_VERSION(1, 25),
	  "older releases ignore it and do not reroute the virtual "
	  "interfaces" },
	/* on Istio master (1.31 development), in no release yet */
	{ "istio.io/use-waypoint-canary", false, ALINT_ISTIO_VERSION(1, 31),
	  "no release reads it yet (it is on Istio's master branch), so the "
	  "canary waypoint gets no traffic" },
	{ "istio.io/use-waypoint-canary-namespace", false,
	  ALINT_ISTIO_VERSION(1, 31),
	  "no release reads it yet (it is on Istio's master branch)" },
	{ "istio.io/use-waypoint-canary-weight", true,
	  ALINT_ISTIO_VERSION(1, 31),
	  "no release reads it yet (it is on Istio's master branch)" },
	{ NULL, false, 0, NULL }
};

static int old_meta(struct alint_rule_ctx *rctx,
		    const struct alint_resource *res,
		    const struct alint_node *labels,
		    const struct alint_node *annotations)
{
	const struct meta_need *m;
	const struct alint_node *k;
	char what[160];
	unsigned int since;
	int rc;

	for (m = meta_needs; m->key != NULL; m++) {
		k = alint_node_get_key(m->annotation ? annotations : labels,
				       m->key);
		if (k == NULL)
			continue;
		snprintf(what, sizeof(what), "the %s %s",
			 m->annotation ? "annotation" : "label", m->key);
		rc = too_old(rctx, res, k, m->since, what, m->effect);
		if (rc < 0)
			return rc;
	}
	k = alint_node_get_key(labels, INGRESS_USE_WAYPOINT_LABEL);
	if (k == NULL)
		return 0;
	since = kind_is(res, "Namespace") ? ALINT_ISTIO_VERSION(1, 30) :
		ALINT_ISTIO_VERSION(1, 24);
	snprintf(what, sizeof(what), "the label %s on a %s",
		 INGRESS_USE_WAYPOINT_LABEL, alint_resource_kind(res));
	return too_old(rctx, res, k, since, what,
		"older releases ignore it, so ingress gateways send traffic "
		"straight to the service and skip its waypoint and the "
		"policies enforced there");
}

static int check_needs_newer(struct alint_rule_ctx *rctx,
			     const struct alint_resource *res, void *payload)
{
	const struct alint_node *tmpl, *meta;
	int rc;

	(void)payload;
	if (kind_is(res, "TrafficExtension") && istio_group(res) &&
	    alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 30))
		/* the whole kind is unknown: one finding */
		return too_old(rctx, res, alint_node_get(
			alint_resource_root(res), "kind"),
			ALINT_ISTIO_VERSION(1, 30), "the kind TrafficExtension",
			"older releases have no such CRD and the API server "
			"rejects the object");
	rc = old_policy(rctx, res);
	if (rc == 0)
		rc = old_meta(rctx, res, alint_resource_labels(res),
			      alint_resource_annotations(res));
	tmpl = pod_template(res);
	if (rc == 0 && tmpl != NULL && tmpl != alint_resource_root(res)) {
		meta = map_get(tmpl, "metadata");
		rc = old_meta(rctx, res, map_get(meta, "labels"),
			      map_get(meta, "annotations"));
	}
	return rc;
}

const struct alint_rule alint__rule_needs_newer_istio = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3120",
	.name = "needs-newer-istio",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "field, label or target that the target Istio version "
		"does not know",
	.doc =
	"ambient-lint checks the inputs against one Istio release, "
	"--istio-version (or istio-version in the configuration file); "
	"without it, the latest release it knows (1.30). This rule reports "
	"what that release does not know yet. Old CRDs prune an unknown "
	"field or reject the object (kubectl's strict field validation), "
	"and old istiod releases ignore labels they do not read; either "
	"way the manifest means something else on that cluster.\n"
	"\n"
	"The table (first release, from the release tags of istio/api and "
	"istio/istio):\n"
	"targetRef (AuthorizationPolicy, RequestAuthentication, Telemetry, "
	"WasmPlugin): 1.20.\n"
	"targetRefs (the same, and EnvoyFilter): 1.22. Older proxies and "
	"CRDs treat a policy whose targetRefs they drop as namespace-wide "
	"(mesh-wide in the root namespace); Istio's API note asks to pin "
	"such policies with istio.io/rev to a 1.22+ revision during an "
	"upgrade.\n"
	"Service targets (waypoints): 1.22. ServiceEntry targets: 1.24. "
	"GatewayClass targets: 1.25.\n"
	"TrafficExtension (the kind): 1.30.\n"
	"AuthorizationPolicy source.serviceAccounts and "
	"notServiceAccounts: 1.25; source.trustDomains and "
	"notTrustDomains: 1.30. Pruned, the source matches more clients "
	"than written.\n"
	"Labels istio.io/use-waypoint and istio.io/waypoint-for: 1.22; "
	"istio.io/use-waypoint-namespace: 1.23; "
	"istio.io/ingress-use-waypoint: 1.24 on Services and "
	"ServiceEntries, 1.30 on Namespaces.\n"
	"Pod annotations ambient.istio.io/bypass-inbound-capture: 1.24; "
	"ambient.istio.io/dns-capture and "
	"istio.io/reroute-virtual-interfaces: 1.25.\n"
	"Labels istio.io/use-waypoint-canary and "
	"istio.io/use-waypoint-canary-namespace, annotation "
	"istio.io/use-waypoint-canary-weight: on Istio's master branch "
	"(1.31 development), in no release yet: reported for every "
	"target version.\n"
	"\n"
	"Sources: istio-ambient.md sections 2.1 (targetRef 283cc40b0, "
	"targetRefs fe48267f8, EnvoyFilter 2410bbc01, TrafficExtension "
	"9e4a5be6f), 2.3 (implementation history: #50439, #50436, #52154, "
	"#54780), 3.2 (source fields) and 5 (labels and annotations).\n"
	"\n"
	"The rule looks at every resource: the policies' spec, the labels "
	"and annotations of each object, and the pod template of "
	"workloads. It has no fix: either target a newer Istio, or write "
	"the manifest the way the older release expects (a selector "
	"instead of targets, a waypoint in the same namespace). The fixes "
	"of the other rules never write what the target version does not "
	"know: below 1.22 they emit no targetRefs.",
	.kinds = NULL,
	.check = check_needs_newer,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ratings\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/use-waypoint: waypoint\n"
	"    istio.io/use-waypoint-canary: waypoint-next\n"
	"spec:\n"
	"  selector:\n"
	"    app: ratings\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n",
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
	"  - name: http\n"
	"    port: 9080\n",
	.phase = ALINT_PHASE_POLICIES,
};
