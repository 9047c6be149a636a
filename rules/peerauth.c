/*
 * peerauth.c - PeerAuthentication in ambient mode (AL3105-AL3109)
 *
 * istiod does not send PeerAuthentication to ztunnel: it converts the
 * effective mode of each ambient workload (mesh, then namespace, then
 * workload policy) into ztunnel authorization, a DENY of connections
 * without an mTLS identity for STRICT. Traffic between ambient workloads
 * is always mTLS, so DISABLE cannot be honoured; port-level settings are
 * read only from workload policies outside the root namespace. The facts
 * are in istio-ambient.md sections 1, 2.1, 2.5 and 3.4.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "common.h"
#include "mesh.h"

#define PA_KIND "PeerAuthentication"

static const char *const pa_kinds[] = { PA_KIND, NULL };

/* The spec of a security.istio.io PeerAuthentication, or NULL. */
static const struct alint_node *pa_spec(const struct alint_resource *r)
{
	if (!kind_is(r, PA_KIND) ||
	    strcmp(alint_resource_group(r), "security.istio.io") != 0)
		return NULL;
	return map_get(alint_resource_root(r), "spec");
}

/* Whether the policy selects workloads (a non-empty matchLabels). */
static bool pa_has_selector(const struct alint_node *spec)
{
	const struct alint_node *ml;

	ml = map_get(map_get(spec, "selector"), "matchLabels");
	return ml != NULL && alint_node_count(ml) > 0;
}

static bool in_root(struct alint_rule_ctx *rctx,
		    const struct alint_resource *r)
{
	return strcmp(alint_resource_namespace(r),
		      alint_rule_ctx_root_namespace(rctx)) == 0;
}

/* The scope of a policy without a selector. */
static const char *scope_of(struct alint_rule_ctx *rctx,
			    const struct alint_resource *r)
{
	return in_root(rctx, r) ? "every workload of the mesh" :
		"every workload of the namespace";
}

/* ---- AL3105 peer-authentication-target-refs ------------------------------ */

/*
 * The one Service that a targetRef or targetRefs names, when the inputs
 * have it in the policy's namespace with a non-empty spec.selector.
 */
static const struct alint_resource *
target_service(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	       const struct alint_node *val)
{
	const struct alint_node *entry = val, *sel;
	const struct alint_resource *svc;
	char kind[MESH_NAME_MAX], group[MESH_NAME_MAX], name[MESH_NAME_MAX];

	if (val != NULL && alint_node_kind(val) == ALINT_NODE_SEQUENCE) {
		if (alint_node_count(val) != 1)
			return NULL;
		entry = alint_node_item(val, 0);
	}
	if (!is_mapping(entry))
		return NULL;
	mesh_text(alint_node_get(entry, "kind"), kind, sizeof(kind));
	mesh_text(alint_node_get(entry, "group"), group, sizeof(group));
	mesh_text(alint_node_get(entry, "name"), name, sizeof(name));
	if (strcmp(kind, "Service") != 0 ||
	    (group[0] != '\0' && strcmp(group, "core") != 0) ||
	    name[0] == '\0')
		return NULL;
	svc = alint_index_find(alint_rule_ctx_index(rctx),
			       ALINT_INDEX_SERVICE,
			       alint_resource_namespace(res), name);
	if (svc == NULL)
		return NULL;
	sel = map_get(map_get(alint_resource_root(svc), "spec"), "selector");
	return sel != NULL && alint_node_count(sel) > 0 ? svc : NULL;
}

/*
 * Whether a label key or value reads back as the same string written
 * plain: a letter first, then letters, digits, '-', '.', '_' (and '/' in
 * keys), and not a YAML 1.1 boolean or null word.
 */
static bool plain_label(const char *s, size_t sl, bool key)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null",
		NULL
	};
	size_t i;

	if (sl == 0 || !((s[0] >= 'a' && s[0] <= 'z') ||
			 (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (i = 0; i < sl; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		      c == '_' || (key && c == '/')))
			return false;
	}
	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == sl && strncasecmp(words[i], s, sl) == 0)
			return false;
	return true;
}

/*
 * Append s to buf as a YAML scalar (plain when plain_label allows it,
 * else double-quoted); false when too long.
 */
static bool quote_into(char *buf, size_t len, size_t *n, const char *s,
		       size_t sl, bool key)
{
	size_t i;

	if (plain_label(s, sl, key)) {
		if (*n + sl + 1 >= len)
			return false;
		memcpy(buf + *n, s, sl);
		*n += sl;
		buf[*n] = '\0';
		return true;
	}
	if (*n + 2 >= len)
		return false;
	buf[(*n)++] = '"';
	for (i = 0; i < sl; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return false;
		if (*n + 3 >= len)
			return false;
		if (c == '"' || c == '\\')
			buf[(*n)++] = '\\';
		buf[(*n)++] = (char)c;
	}
	buf[(*n)++] = '"';
	buf[*n] = '\0';
	return true;
}

/*
 * The fix of a PeerAuthentication without a selector whose target is one
 * Service of the inputs: the target field becomes selector.matchLabels
 * with the Service's pod selector. Unsafe: a cluster that pruned the
 * field applied the policy to the whole namespace.
 */
static int fix_to_selector(struct alint_finding *f,
			   const struct alint_node *key,
			   const struct alint_node *val,
			   const struct alint_resource *svc)
{
	const struct alint_node *sel, *k, *v;
	const char *t;
	char frag[2048];
	size_t n = 0, tl;
	int rc;

	sel = map_get(map_get(alint_resource_root(svc), "spec"), "selector");
	n = (size_t)snprintf(frag, sizeof(frag), "matchLabels:\n");
	for (k = alint_node_first(sel); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL || n + 4 >= sizeof(frag))
			return 0;
		memcpy(frag + n, "  ", 2);
		n += 2;
		t = text_of(k, &tl);
		if (t == NULL ||
		    !quote_into(frag, sizeof(frag), &n, t, tl, true) ||
		    n + 3 >= sizeof(frag))
			return 0;
		memcpy(frag + n, ": ", 2);
		n += 2;
		t = text_of(v, &tl);
		if (t == NULL ||
		    !quote_into(frag, sizeof(frag), &n, t, tl, false) ||
		    n + 2 >= sizeof(frag))
			return 0;
		frag[n++] = '\n';
		frag[n] = '\0';
	}
	(void)val;
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
			       "select the pods of the target Service instead");
	if (rc == 0)
		rc = alint_fix_rename_key(f, key, "selector");
	if (rc == 0)
		rc = alint_fix_replace_value(f, alint_node_next(key), frag);
	return fix_rc(rc);
}

static int check_pa_target_refs(struct alint_rule_ctx *rctx,
				const struct alint_resource *res,
				void *payload)
{
	const struct alint_node *spec = pa_spec(res);
	const struct alint_node *one, *many, *first;
	struct alint_finding *f;
	bool sel;
	char what[300];
	int rc;

	(void)payload;
	if (spec == NULL)
		return 0;
	one = alint_node_get_key(spec, "targetRef");
	many = alint_node_get_key(spec, "targetRefs");
	first = one != NULL ? one : many;
	if (first == NULL)
		return 0;
	if (one != NULL && many != NULL &&
	    alint_node_start(many) < alint_node_start(one))
		first = many;
	sel = pa_has_selector(spec);
	res_text(what, sizeof(what), res);
	f = alint_rule_report(rctx, first,
		"%s sets %s, a field that PeerAuthentication does not have "
		"(its spec has only selector, mtls and portLevelMtls): the "
		"API server rejects or prunes it%s%s; PeerAuthentication "
		"stays selector, namespace or mesh scoped in ambient mode, "
		"where istiod turns it into ztunnel authorization and "
		"waypoints play no part%s", what,
		first == one ? "targetRef" : "targetRefs",
		sel ? ", leaving the selector" : ", and pruned the policy "
		"applies to ", sel ? "" : scope_of(rctx, res),
		sel ? "; remove it" : "; select the workloads' pod labels "
		"with selector.matchLabels instead");
	if (f == NULL)
		return 0;
	if (one != NULL && many != NULL) {
		rc = alint_finding_related(f, res, first == one ? many : one,
			"the other target field, unknown as well");
		if (rc < 0)
			return rc;
	}
	if (!sel) {
		const struct alint_node *val = alint_node_next(first);
		const struct alint_resource *svc;

		if (one != NULL && many != NULL)
			return 0;
		if (val != NULL && alint_node_kind(val) == ALINT_NODE_ALIAS)
			return 0;
		svc = target_service(rctx, res, val);
		if (svc == NULL)
			return 0;
		rc = alint_finding_related(f, svc, map_get(map_get(
			alint_resource_root(svc), "spec"), "selector"),
			"the pod selector of Service %s",
			alint_resource_name(svc));
		if (rc < 0)
			return rc;
		return fix_to_selector(f, first, val, svc);
	}
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, one != NULL && many != NULL ?
			       "remove targetRef and targetRefs" :
			       one != NULL ? "remove targetRef" :
			       "remove targetRefs");
	if (rc == 0 && one != NULL)
		rc = alint_fix_remove_pair(f, one);
	if (rc == 0 && many != NULL)
		rc = alint_fix_remove_pair(f, many);
	return fix_rc(rc);
}

const struct alint_rule alint__rule_peer_authentication_target_refs = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3105",
	.name = "peer-authentication-target-refs",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "PeerAuthentication with targetRef or targetRefs, fields "
		"it does not have",
	.doc =
	"A common mistake of migration guides is to \"use targetRef for "
	"AuthorizationPolicy or PeerAuthentication\". PeerAuthentication "
	"has no targetRef and no targetRefs: its CRD spec has exactly "
	"mtls, portLevelMtls and selector. The API server rejects the "
	"unknown field (kubectl's strict field validation) or prunes it. "
	"Pruned, a policy without a selector is a namespace-wide policy "
	"(mesh-wide in the root namespace): a STRICT meant for one "
	"service then applies to every workload of the namespace.\n"
	"\n"
	"In ambient mode PeerAuthentication does not move to waypoints. "
	"istiod computes each ambient workload's effective mode (mesh, "
	"namespace, workload selector) and sends ztunnel an authorization "
	"policy, a DENY of connections without an mTLS identity for "
	"STRICT. The policy keeps its selector, namespace or mesh scope.\n"
	"\n"
	"The finding points at the first of the two keys. When the policy "
	"also has a selector with labels, the fix (safe) removes "
	"targetRef and targetRefs: pruned or not, the selector is what "
	"applies. Without a selector, when the field names one Service that "
	"is among the inputs, in the policy's namespace and with a pod "
	"selector, the fix (unsafe) turns the field into "
	"selector.matchLabels with that Service's spec.selector: the "
	"policy then applies to the pods behind the Service, as its author "
	"meant, where the pruned policy applied to the whole namespace. "
	"Otherwise there is no fix: write selector.matchLabels with the pod "
	"labels of the workloads behind the target.",
	.kinds = pa_kinds,
	.check = check_pa_target_refs,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: payments-strict\n"
	"  namespace: payments\n"
	"spec:\n"
	"  targetRefs:\n"
	"  - kind: Service\n"
	"    group: \"\"\n"
	"    name: ledger\n"
	"  mtls:\n"
	"    mode: STRICT\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: payments-strict\n"
	"  namespace: payments\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger\n"
	"  mtls:\n"
	"    mode: STRICT\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3106 peer-authentication-disable ---------------------------------- */

static int check_pa_disable(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = pa_spec(res);
	const struct alint_node *mode;
	const char *ns = alint_resource_namespace(res);
	struct alint_finding *f;
	char what[300], scope[400];
	int rc;

	(void)payload;
	mode = alint_node_get(map_get(spec, "mtls"), "mode");
	if (!text_is(mode, "DISABLE"))
		return 0;
	res_text(what, sizeof(what), res);
	if (pa_has_selector(spec))
		snprintf(scope, sizeof(scope), "the workloads it selects in "
			 "namespace %s", ns);
	else if (in_root(rctx, res))
		snprintf(scope, sizeof(scope), "every namespace of the mesh");
	else
		snprintf(scope, sizeof(scope), "namespace %s", ns);
	f = alint_rule_report(rctx, mode,
		"%s sets mtls.mode DISABLE, which ambient mode does not "
		"support: ztunnel treats it as PERMISSIVE (plaintext from "
		"clients outside the mesh is accepted) and traffic between "
		"ambient workloads is always mTLS; this blocks the migration "
		"of %s: keep it in sidecar mode, or change the mode to "
		"PERMISSIVE deliberately", what, scope);
	if (f == NULL)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
			       "change mtls.mode to PERMISSIVE");
	if (rc == 0)
		rc = alint_fix_replace_value(f, mode, "PERMISSIVE");
	return fix_rc(rc);
}

const struct alint_rule alint__rule_peer_authentication_disable = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3106",
	.name = "peer-authentication-disable",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_BLOCKER,
	.summary = "PeerAuthentication mtls.mode DISABLE, which ambient mode "
		"cannot honour",
	.doc =
	"In sidecar mode mtls.mode DISABLE turns mutual TLS off: the "
	"sidecar accepts plaintext only, and clients send plaintext. "
	"Ambient mode cannot do that. Traffic between ambient workloads "
	"always goes through ztunnel's HBONE tunnel, which is mTLS; the "
	"only way to turn it off is to take the namespace or pod out of "
	"ambient mode. istiod treats DISABLE as \"not STRICT\", the same "
	"as PERMISSIVE (the API reference: \"DISABLE mode is not "
	"supported\"; istio/istio.io#14789: \"it is effectively an alias "
	"for PERMISSIVE\"). The istio.io migration guide lists a "
	"PeerAuthentication with DISABLE as a blocker.\n"
	"\n"
	"The finding is a migration blocker for the namespace of the policy "
	"(for a mesh-wide policy in the root namespace, for every "
	"namespace): ambient-lint keeps that namespace in sidecar mode in "
	"its other analyses. Usually DISABLE exists because some client "
	"cannot do mTLS, such as a legacy service outside the mesh or a "
	"probe; in ambient mode such clients reach the workload through "
	"PERMISSIVE without any change.\n"
	"\n"
	"The fix (unsafe) changes the mode to PERMISSIVE. It changes what "
	"the sidecars do today (they start to accept mTLS and clients with "
	"auto mTLS start to use it), so apply it deliberately, when the "
	"namespace is ready to move. STRICT and PERMISSIVE policies are "
	"not reported: STRICT still rejects plaintext in ambient mode and "
	"must be kept.",
	.kinds = pa_kinds,
	.check = check_pa_disable,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: legacy-plaintext\n"
	"  namespace: orders\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: DISABLE\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: legacy-plaintext\n"
	"  namespace: orders\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: PERMISSIVE\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3107 port-level-mtls-invalid -------------------------------------- */

static bool port_ok(const char *t, size_t len)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (t[i] < '0' || t[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(t[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

static int check_port_level(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = pa_spec(res);
	const struct alint_node *key, *plm, *k, *v;
	const char *t;
	char what[300];
	size_t len;

	(void)payload;
	key = alint_node_get_key(spec, "portLevelMtls");
	plm = alint_node_get(spec, "portLevelMtls");
	if (key == NULL || plm == NULL ||
	    (alint_node_kind(plm) == ALINT_NODE_SCALAR &&
	     alint_node_y11(plm) == ALINT_Y11_NULL))
		return 0;
	res_text(what, sizeof(what), res);
	if (alint_node_kind(plm) == ALINT_NODE_ALIAS)
		plm = alint_node_deref(plm);
	if (!is_mapping(plm)) {
		alint_rule_report(rctx, key,
			"%s: portLevelMtls is not a mapping of port numbers "
			"to mTLS settings; the API server rejects the policy",
			what);
		return 0;
	}
	if (!pa_has_selector(spec))
		alint_rule_report(rctx, key,
			"%s has portLevelMtls without a workload selector: "
			"the API server rejects it (CRD: \"portLevelMtls "
			"requires selector\"; webhook: \"mesh/namespace peer "
			"authentication cannot have port level mTLS\"), and "
			"istiod reads port-level settings only from workload "
			"policies; move them to a policy with "
			"selector.matchLabels", what);
	if (alint_node_count(plm) == 0) {
		alint_rule_report(rctx, key,
			"%s has an empty portLevelMtls: the webhook rejects "
			"it (\"port level mTLS, if defined, must have at "
			"least one element\"); remove it or add a port", what);
		return 0;
	}
	for (k = alint_node_first(plm); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		t = text_of(k, &len);
		if (t != NULL && port_ok(t, len))
			continue;
		alint_rule_report(rctx, k,
			"%s: portLevelMtls key %.*s is not a port number: "
			"the API server rejects the policy (CRD: \"port must "
			"be between 1-65535\"; webhook: \"port must be in "
			"range 1..65535\")", what, t != NULL ? msg_len(len) : 0,
			t != NULL ? t : "");
	}
	return 0;
}

const struct alint_rule alint__rule_port_level_mtls_invalid = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3107",
	.name = "port-level-mtls-invalid",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "PeerAuthentication portLevelMtls that the API server "
		"rejects",
	.doc =
	"portLevelMtls sets the mTLS mode of single ports of the "
	"workloads a PeerAuthentication selects. Only a workload policy "
	"can have it. The CRD says so with a CEL rule, \"portLevelMtls "
	"requires selector\" (a selector with a non-empty matchLabels), and "
	"istiod's webhook with \"mesh/namespace peer authentication cannot "
	"have port level mTLS\". The webhook also rejects an empty map "
	"(\"port level mTLS, if defined, must have at least one "
	"element\"), and both reject keys that are not ports (CRD: \"port "
	"must be between 1-65535\"; webhook: \"port must be in range "
	"1..65535\").\n"
	"\n"
	"In ambient mode the rule matters twice: istiod turns portLevelMtls "
	"into a ztunnel DENY policy only for workload policies outside the "
	"root namespace, and the port is the destination pod port as "
	"ztunnel sees it. A namespace-wide policy whose port exceptions "
	"were stored before the CEL rule existed keeps those ports STRICT "
	"(or not) for the whole namespace, whatever the exceptions say.\n"
	"\n"
	"The rule has no fix: move the exceptions to a policy with a "
	"selector for the workloads that need them. A workload policy in "
	"the root namespace is reported by AL3108.",
	.kinds = pa_kinds,
	.check = check_port_level,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: default\n"
	"  namespace: orders\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: STRICT\n"
	"  portLevelMtls:\n"
	"    \"9090\":\n"
	"      mode: PERMISSIVE\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: orders-metrics\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders\n"
	"  mtls:\n"
	"    mode: STRICT\n"
	"  portLevelMtls:\n"
	"    \"9090\":\n"
	"      mode: PERMISSIVE\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3108 root-namespace-workload-peer-authentication ------------------ */

static int check_root_selector(struct alint_rule_ctx *rctx,
			       const struct alint_resource *res,
			       void *payload)
{
	const struct alint_node *spec = pa_spec(res);
	char what[300];

	(void)payload;
	if (spec == NULL || !in_root(rctx, res) || !pa_has_selector(spec))
		return 0;
	res_text(what, sizeof(what), res);
	alint_rule_report(rctx, alint_node_get_key(spec, "selector"),
		"%s has a workload selector in the root namespace (%s): "
		"istiod ignores such policies for ambient workloads, and "
		"their portLevelMtls too (istio/istio#61023), so the mode "
		"it sets does not reach ztunnel; put it in the namespace of "
		"the workloads it selects", what,
		alint_rule_ctx_root_namespace(rctx));
	return 0;
}

const struct alint_rule alint__rule_root_namespace_workload_peer_auth = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3108",
	.name = "root-namespace-workload-peer-auth",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "PeerAuthentication with a workload selector in the root "
		"namespace, ignored",
	.doc =
	"A PeerAuthentication in the root namespace (istio-system unless "
	"--root-namespace says otherwise) without a selector is the mesh "
	"default. With a workload selector it is ignored: the API "
	"reference says \"PeerAuthentication policies with workload "
	"selectors are ignored when deployed in the root namespace\", and "
	"istiod's ambient code skips them explicitly, both when it "
	"computes a workload's effective mode and when it converts "
	"port-level settings (open issue istio/istio#61023, which asks for "
	"them to apply to the pods that run in the root namespace, such as "
	"ztunnel and waypoints).\n"
	"\n"
	"After the migration the STRICT, PERMISSIVE or port exceptions of "
	"such a policy do not reach ztunnel, and the workloads fall back "
	"to their namespace or mesh mode. Move the policy to the namespace "
	"of the workloads it selects.\n"
	"\n"
	"The rule has no fix: the target namespace is a decision. The "
	"finding points at the selector key.",
	.kinds = pa_kinds,
	.check = check_root_selector,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: metrics-permissive\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders\n"
	"  mtls:\n"
	"    mode: STRICT\n"
	"  portLevelMtls:\n"
	"    \"9090\":\n"
	"      mode: PERMISSIVE\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: default\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: STRICT\n",
	.phase = ALINT_PHASE_POLICIES,
};

/* ---- AL3109 port-disable-stays-strict ------------------------------------ */

/* The mode of a policy: its mtls.mode text, "" when unset or UNSET. */
static void pa_mode(const struct alint_node *spec, char *buf, size_t len)
{
	mesh_text(alint_node_get(map_get(spec, "mtls"), "mode"), buf, len);
	if (strcmp(buf, "UNSET") == 0)
		buf[0] = '\0';
}

/*
 * The mode that namespace ns gives its workloads from its policies
 * without a selector; "" when none sets one. *src receives the policy.
 * istiod takes the oldest policy; the inputs have no creation times, so
 * when the namespace's policies disagree the answer is "?".
 */
static void ns_mode(struct alint_rule_ctx *rctx, const char *ns, char *buf,
		    size_t len, const struct alint_resource **src)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *r;
	const struct alint_node *spec;
	char m[32];
	size_t i, n = alint_index_count(idx, ALINT_INDEX_POLICY);

	buf[0] = '\0';
	*src = NULL;
	for (i = 0; i < n; i++) {
		r = alint_index_get(idx, ALINT_INDEX_POLICY, i);
		spec = pa_spec(r);
		if (spec == NULL ||
		    strcmp(alint_resource_namespace(r), ns) != 0 ||
		    pa_has_selector(spec) ||
		    alint_node_get_key(spec, "targetRef") != NULL ||
		    alint_node_get_key(spec, "targetRefs") != NULL)
			continue;
		pa_mode(spec, m, sizeof(m));
		if (m[0] == '\0')
			continue;
		if (*src != NULL && strcmp(buf, m) != 0) {
			snprintf(buf, len, "?");
			return;
		}
		if (*src == NULL) {
			snprintf(buf, len, "%s", m);
			*src = r;
		}
	}
}

/* Whether any workload that the selector picks goes to ambient mode. */
static bool selects_ambient(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res,
			    const struct alint_node *spec)
{
	const struct alint_resource *w[32];
	const char *ns = alint_resource_namespace(res);
	size_t n, i;

	n = mesh_selected_workloads(rctx, ns,
		map_get(map_get(spec, "selector"), "matchLabels"), w, 32);
	if (n == 0)
		return mesh_ns_bound_for_ambient(rctx, ns);
	for (i = 0; i < n && i < 32; i++)
		if (mesh_workload_mode(rctx, w[i], NULL) == MESH_W_AMBIENT)
			return true;
	return false;
}

static int check_port_disable(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	const struct alint_node *spec = pa_spec(res);
	const struct alint_node *plm, *k, *v, *pv, *mode;
	const struct alint_resource *src;
	struct alint_finding *f;
	char own[32], inh[32], what[300], from[300];
	const char *port;
	size_t len;
	int rc;

	(void)payload;
	if (spec == NULL || !pa_has_selector(spec) || in_root(rctx, res))
		return 0;
	pa_mode(spec, own, sizeof(own));
	plm = map_get(spec, "portLevelMtls");
	if (own[0] != '\0' || plm == NULL)
		return 0;
	ns_mode(rctx, alint_resource_namespace(res), inh, sizeof(inh), &src);
	if (inh[0] == '\0')
		ns_mode(rctx, alint_rule_ctx_root_namespace(rctx), inh,
			sizeof(inh), &src);
	if (strcmp(inh, "STRICT") != 0 || !selects_ambient(rctx, res, spec))
		return 0;
	res_text(what, sizeof(what), res);
	res_text(from, sizeof(from), src);
	for (k = alint_node_first(plm); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		pv = v;
		if (alint_node_kind(pv) == ALINT_NODE_ALIAS)
			pv = alint_node_deref(pv);
		mode = is_mapping(pv) ? alint_node_get(pv, "mode") : NULL;
		if (!text_is(mode, "DISABLE"))
			continue;
		port = text_of(k, &len);
		f = alint_rule_report(rctx, mode,
			"%s sets port %.*s to DISABLE while its own mode is "
			"unset and inherits STRICT from %s: for such a policy "
			"istiod opens only the ports set to PERMISSIVE, so in "
			"ambient mode port %.*s stays STRICT and plaintext "
			"clients from outside the mesh are refused (read from "
			"istiod's code, not run); use PERMISSIVE",
			what, port != NULL ? msg_len(len) : 0,
			port != NULL ? port : "", from,
			port != NULL ? msg_len(len) : 0,
			port != NULL ? port : "");
		if (f == NULL)
			continue;
		rc = alint_finding_related(f, src, alint_node_path(
			alint_resource_root(src), "spec", "mtls", "mode",
			NULL), "the inherited STRICT mode");
		if (rc < 0)
			return rc;
		rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
				       "change the port's mode to PERMISSIVE");
		if (rc == 0)
			rc = alint_fix_replace_value(f, mode, "PERMISSIVE");
		rc = fix_rc(rc);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_port_disable_stays_strict = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3109",
	.name = "port-disable-stays-strict",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "port-level DISABLE that stays STRICT in ambient mode "
		"under an inherited STRICT",
	.doc =
	"A workload PeerAuthentication can leave its own mode unset (or "
	"UNSET), inherit STRICT from its namespace or the mesh, and open "
	"single ports with portLevelMtls. The API reference's own example "
	"does this with DISABLE: \"inherits mTLS mode ... and disables "
	"mTLS for workload port 8080\". In sidecar mode that works.\n"
	"\n"
	"In ambient mode istiod converts the policy for ztunnel "
	"(convertedSelectorPeerAuthentications). When the workload "
	"policy's own mode is STRICT, ports set to DISABLE or PERMISSIVE "
	"are opened alike. When its mode is unset and STRICT is inherited, "
	"the code looks only for PERMISSIVE ports: a port set to DISABLE "
	"stays STRICT, and plaintext clients from outside the mesh (a "
	"monitoring scraper, a legacy caller) are refused after the "
	"migration. This comes from reading istiod's code and has not been "
	"run.\n"
	"\n"
	"The inherited mode is looked up in the inputs: a PeerAuthentication "
	"without a selector in the policy's namespace, else in the root "
	"namespace. istiod takes the oldest one; the inputs have no "
	"creation times, so when a namespace's policies disagree the rule "
	"stays silent. A policy with the targetRef or targetRefs that "
	"PeerAuthentication does not have (AL3105) is left out: whether "
	"the API server rejected it or pruned it to a namespace-wide "
	"policy is not known. Only policies that select workloads going to "
	"ambient mode are reported (or, when the inputs have no selected "
	"workload, policies in a namespace going to ambient).\n"
	"\n"
	"The fix (unsafe) changes the port's mode to PERMISSIVE, which "
	"opens the port in ambient mode as DISABLE meant. It changes what "
	"sidecars do on that port (they accept mTLS too), which is why it "
	"is unsafe; after the migration both modes mean the same.",
	.kinds = pa_kinds,
	.check = check_port_disable,
	.example_bad =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: default\n"
	"  namespace: orders\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: STRICT\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: orders-metrics\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders\n"
	"  portLevelMtls:\n"
	"    \"9090\":\n"
	"      mode: DISABLE\n",
	.example_good =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: default\n"
	"  namespace: orders\n"
	"spec:\n"
	"  mtls:\n"
	"    mode: STRICT\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata:\n"
	"  name: orders-metrics\n"
	"  namespace: orders\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: orders\n"
	"  portLevelMtls:\n"
	"    \"9090\":\n"
	"      mode: PERMISSIVE\n",
	.phase = ALINT_PHASE_POLICIES,
};
