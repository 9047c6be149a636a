/*
 * waypointlabel.c - the values of the ambient labels (AL3110-AL3113)
 *
 * istio.io/use-waypoint binds a Namespace, Service, ServiceEntry, Pod or
 * WorkloadEntry to a waypoint; istio.io/use-waypoint-namespace names the
 * waypoint's namespace; istio.io/waypoint-for says what traffic a
 * waypoint serves; istio.io/dataplane-mode enrols namespaces and pods.
 * Guides and old pre-releases spread values that Kubernetes or istiod do
 * not accept ("#none", "ns/name"). The facts are in istio-ambient.md
 * sections 1 (item 4) and 5.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "common.h"
#include "mesh.h"

/*
 * The label mappings of a resource: its own metadata.labels and, for a
 * workload, the labels of its pod template. where[i] names them.
 */
struct label_sets {
	const struct alint_node *map[2];
	const char *where[2];
	size_t n;
};

static void label_sets(struct label_sets *ls, const struct alint_resource *res)
{
	const struct alint_node *l = alint_resource_labels(res);
	const struct alint_node *tmpl = pod_template(res);

	memset(ls, 0, sizeof(*ls));
	if (is_mapping(l)) {
		ls->map[ls->n] = l;
		ls->where[ls->n++] = "label";
	}
	if (tmpl != NULL && tmpl != alint_resource_root(res)) {
		l = map_get(map_get(tmpl, "metadata"), "labels");
		if (l != NULL) {
			ls->map[ls->n] = l;
			ls->where[ls->n++] = "pod template label";
		}
	}
}

/* ---- AL3110 use-waypoint-value-invalid ----------------------------------- */

static int fix_value(struct alint_finding *f, const struct alint_node *val,
		     const char *desc, const char *value)
{
	int rc;

	if (f == NULL)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, desc);
	if (rc == 0)
		rc = alint_fix_replace_value(f, val, value);
	return fix_rc(rc);
}

static int check_one_use_waypoint(struct alint_rule_ctx *rctx,
				  const struct alint_resource *res,
				  const struct alint_node *labels,
				  const char *where)
{
	const struct alint_node *val = alint_node_get(labels,
						      USE_WAYPOINT_LABEL);
	const struct alint_node *nsv = alint_node_get(labels,
						      USE_WAYPOINT_NS_LABEL);
	struct alint_finding *f;
	char v[MESH_NAME_MAX], obj[300], ns[MESH_NAME_MAX], desc[600];
	char have[MESH_NAME_MAX];
	const char *slash;
	size_t len;
	int rc;

	if (val == NULL || text_of(val, &len) == NULL)
		return 0;
	mesh_text(val, v, sizeof(v));
	res_text(obj, sizeof(obj), res);
	if (strcmp(v, "#none") == 0 || strcmp(v, "~") == 0 ||
	    strcmp(v, "*/none") == 0) {
		f = alint_rule_report(rctx, val,
			"%s: %s %s value \"%s\" is not the opt-out value: it "
			"is not a valid Kubernetes label value, so the API "
			"server rejects the object, and %s; the value that "
			"keeps the object off a waypoint is none", obj, where,
			USE_WAYPOINT_LABEL, v, strcmp(v, "#none") == 0 ?
			"only the Istio 1.22 pre-releases read it" :
			"only Istio 1.22 read it as an opt-out");
		return fix_value(f, val, "replace the value with none",
				 "none");
	}
	slash = strchr(v, '/');
	if (slash == NULL)
		return 0;
	snprintf(ns, sizeof(ns), "%.*s", (int)(slash - v), v);
	f = alint_rule_report(rctx, val,
		"%s: %s %s value \"%s\" is not a waypoint name: '/' is not "
		"allowed in a label value, so the API server rejects the "
		"object; a waypoint in another namespace is named with the "
		"separate label %s (Istio 1.23 and later): %s: %s and %s: %s",
		obj, where, USE_WAYPOINT_LABEL, v, USE_WAYPOINT_NS_LABEL,
		USE_WAYPOINT_LABEL, slash + 1, USE_WAYPOINT_NS_LABEL, ns);
	if (f == NULL || ns[0] == '\0' || slash[1] == '\0' ||
	    strchr(slash + 1, '/') != NULL ||
	    alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 23))
		return 0;
	mesh_text(nsv, have, sizeof(have));
	if (nsv != NULL && strcmp(have, ns) != 0)
		return 0;
	if (nsv != NULL)
		snprintf(desc, sizeof(desc), "set %s to %s", USE_WAYPOINT_LABEL,
			 slash + 1);
	else
		snprintf(desc, sizeof(desc), "set %s to %s and add %s: %s",
			 USE_WAYPOINT_LABEL, slash + 1, USE_WAYPOINT_NS_LABEL,
			 ns);
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, desc);
	if (rc == 0)
		rc = alint_fix_replace_value(f, val, slash + 1);
	if (rc == 0 && nsv == NULL)
		rc = alint_fix_insert_pair(f, labels, USE_WAYPOINT_NS_LABEL,
					   ns);
	return fix_rc(rc);
}

static int check_use_waypoint(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	struct label_sets ls;
	size_t i;
	int rc;

	(void)payload;
	label_sets(&ls, res);
	for (i = 0; i < ls.n; i++) {
		rc = check_one_use_waypoint(rctx, res, ls.map[i], ls.where[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_use_waypoint_value_invalid = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3110",
	.name = "use-waypoint-value-invalid",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "istio.io/use-waypoint value such as #none or ns/name",
	.doc =
	"istio.io/use-waypoint takes the name of a waypoint, or none to "
	"keep the object off the waypoint its namespace uses. Two other "
	"forms circulate. The Istio 1.22 pre-releases (alpha.1 to beta.1) "
	"used #none as the opt-out, and 1.22.0 also accepted ~ and */none; "
	"from 1.23 only none works. Some istio.io pages still show "
	"<namespace>/<waypoint-name> for a waypoint in another namespace; "
	"1.22.0 tried to parse it, and from 1.23 the namespace goes in the "
	"separate label istio.io/use-waypoint-namespace. Beyond that, '#', "
	"'~', '*' and '/' are not allowed in a Kubernetes label value "
	"(letters, digits, '-', '_' and '.', at most 63), so the API server "
	"rejects the object whatever Istio would do with it.\n"
	"\n"
	"The rule looks at the labels of every object (Namespace, Service, "
	"ServiceEntry, Pod, WorkloadEntry and the rest) and at the pod "
	"template labels of workloads.\n"
	"\n"
	"Fixes (safe: the object is rejected as it is, and the fix writes "
	"what the value meant). #none, ~ and */none become none. "
	"<namespace>/<name> becomes <name>, and the label "
	"istio.io/use-waypoint-namespace: <namespace> is added, when the "
	"target Istio is 1.23 or later; below 1.23 there is no way to "
	"name a waypoint in another namespace and no fix. When the object "
	"already has istio.io/use-waypoint-namespace with another namespace "
	"there is no fix either.",
	.kinds = NULL,
	.check = check_use_waypoint,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    app: reviews\n"
	"    istio.io/use-waypoint: \"#none\"\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    app: reviews\n"
	"    istio.io/use-waypoint: none\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"  ports:\n"
	"  - name: http\n"
	"    port: 9080\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3111 use-waypoint-namespace-alone --------------------------------- */

static int check_ns_alone(struct alint_rule_ctx *rctx,
			  const struct alint_resource *res, void *payload)
{
	struct label_sets ls;
	const struct alint_node *k;
	char obj[300];
	size_t i;

	(void)payload;
	label_sets(&ls, res);
	res_text(obj, sizeof(obj), res);
	for (i = 0; i < ls.n; i++) {
		k = alint_node_get_key(ls.map[i], USE_WAYPOINT_NS_LABEL);
		if (k == NULL ||
		    alint_node_get_key(ls.map[i], USE_WAYPOINT_LABEL) != NULL)
			continue;
		alint_rule_report(rctx, k,
			"%s: %s %s without %s does nothing: istiod reads the "
			"namespace only together with the waypoint name on "
			"the same object; add %s: <waypoint name> or remove it",
			obj, ls.where[i], USE_WAYPOINT_NS_LABEL,
			USE_WAYPOINT_LABEL, USE_WAYPOINT_LABEL);
	}
	return 0;
}

const struct alint_rule alint__rule_use_waypoint_namespace_alone = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3111",
	.name = "use-waypoint-namespace-alone",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "istio.io/use-waypoint-namespace without "
		"istio.io/use-waypoint",
	.doc =
	"istio.io/use-waypoint-namespace (Istio 1.23 and later) names the "
	"namespace of the waypoint that istio.io/use-waypoint names, for a "
	"waypoint shared across namespaces. It must accompany "
	"istio.io/use-waypoint on the same object: alone it binds nothing, "
	"and the object keeps using whatever waypoint its namespace gives "
	"it, or none. The usual cause is a label copied without its "
	"partner, or an istio.io/use-waypoint removed later.\n"
	"\n"
	"The waypoint's HBONE listener must also admit the other namespace "
	"(allowedRoutes.namespaces.from All or a selector); that is checked "
	"by the waypoint rules.\n"
	"\n"
	"The rule looks at the labels of every object and at the pod "
	"template labels of workloads. It has no fix: the waypoint's name "
	"is not known.",
	.kinds = NULL,
	.check = check_ns_alone,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ledger\n"
	"  namespace: payments\n"
	"  labels:\n"
	"    istio.io/use-waypoint-namespace: shared-waypoints\n"
	"spec:\n"
	"  selector:\n"
	"    app: ledger\n"
	"  ports:\n"
	"  - name: grpc\n"
	"    port: 8443\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: ledger\n"
	"  namespace: payments\n"
	"  labels:\n"
	"    istio.io/use-waypoint: egress-waypoint\n"
	"    istio.io/use-waypoint-namespace: shared-waypoints\n"
	"spec:\n"
	"  selector:\n"
	"    app: ledger\n"
	"  ports:\n"
	"  - name: grpc\n"
	"    port: 8443\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3112 waypoint-for-invalid ----------------------------------------- */

static const char *const waypoint_for_kinds[] = {
	"Gateway", "GatewayClass", NULL
};

static int check_waypoint_for(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	static const char *const ok[] = {
		"service", "workload", "all", "none", NULL
	};
	const struct alint_node *val;
	char v[MESH_NAME_MAX], obj[300];
	size_t i;

	(void)payload;
	if (strcmp(alint_resource_group(res), GATEWAY_API_GROUP) != 0)
		return 0;
	val = alint_node_get(alint_resource_labels(res), WAYPOINT_FOR_LABEL);
	if (val == NULL)
		return 0;
	mesh_text(val, v, sizeof(v));
	for (i = 0; ok[i] != NULL; i++)
		if (strcmp(v, ok[i]) == 0)
			return 0;
	res_text(obj, sizeof(obj), res);
	alint_rule_report(rctx, val,
		"%s: %s value \"%s\" is not one istiod knows (service, "
		"workload, all or none, in lower case): the waypoint does not "
		"serve the traffic the label asks for, and Services or pods "
		"bound to it may be left without a waypoint", obj,
		WAYPOINT_FOR_LABEL, v);
	return 0;
}

const struct alint_rule alint__rule_waypoint_for_invalid = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3112",
	.name = "waypoint-for-invalid",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "istio.io/waypoint-for value other than service, "
		"workload, all or none",
	.doc =
	"The label istio.io/waypoint-for on a waypoint Gateway (or on its "
	"GatewayClass; the Gateway's label wins) says which traffic the "
	"waypoint handles: service (the default) for traffic addressed to "
	"Services and ServiceEntries, workload for traffic addressed to "
	"pods and WorkloadEntries, all for both, none for neither. istiod "
	"binds a Service only to a waypoint for service or all, and a pod "
	"only to one for workload or all.\n"
	"\n"
	"Any other value (Service with a capital letter, services, both, "
	"true) is not one of these: the waypoint does not serve the traffic "
	"the author meant, and the objects bound to it with "
	"istio.io/use-waypoint get no waypoint. The rule reports Gateway "
	"and GatewayClass objects of gateway.networking.k8s.io. It has no "
	"fix: which value was meant is a decision.",
	.kinds = waypoint_for_kinds,
	.check = check_waypoint_for,
	.example_bad =
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: waypoint\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/waypoint-for: services\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"  listeners:\n"
	"  - name: mesh\n"
	"    port: 15008\n"
	"    protocol: HBONE\n",
	.example_good =
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: waypoint\n"
	"  namespace: bookstore\n"
	"  labels:\n"
	"    istio.io/waypoint-for: service\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"  listeners:\n"
	"  - name: mesh\n"
	"    port: 15008\n"
	"    protocol: HBONE\n",
	.phase = ALINT_PHASE_WAYPOINTS,
};

/* ---- AL3113 dataplane-mode-invalid --------------------------------------- */

static int check_dataplane_mode(struct alint_rule_ctx *rctx,
				const struct alint_resource *res,
				void *payload)
{
	const struct alint_node *labels, *val;
	const struct alint_node *tmpl = pod_template(res);
	char v[MESH_NAME_MAX], obj[300];
	bool ns = kind_is(res, "Namespace");

	(void)payload;
	if (ns)
		labels = alint_resource_labels(res);
	else if (tmpl != NULL)
		labels = map_get(map_get(tmpl, "metadata"), "labels");
	else
		return 0;
	val = alint_node_get(labels, MODE_LABEL);
	if (val == NULL || text_is(val, "ambient") || text_is(val, "none"))
		return 0;
	mesh_text(val, v, sizeof(v));
	res_text(obj, sizeof(obj), res);
	alint_rule_report(rctx, val,
		"%s: %s value \"%s\" is neither ambient nor none: istio-cni "
		"enrols only \"ambient\" and opts out only \"none\", and there "
		"is no value on this label to configure sidecars; %s", obj,
		MODE_LABEL, v, ns ?
		"the namespace is not enrolled in ambient mode" :
		"the pods neither join ambient mode nor opt out, and follow "
		"their namespace");
	return 0;
}

const struct alint_rule alint__rule_dataplane_mode_invalid = {
	.version = ALINT_RULE_VERSION,
	.id = "AL3113",
	.name = "dataplane-mode-invalid",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "istio.io/dataplane-mode value other than ambient or none",
	.doc =
	"istio.io/dataplane-mode (Stable) has two values: ambient enrols a "
	"namespace or a pod in ambient mode, none keeps a pod out of it in "
	"an ambient namespace. The label reference says it outright: "
	"\"there is no value on this label to configure sidecars\". "
	"istio-cni compares the values exactly: a pod is captured when its "
	"own label is ambient, or when its namespace's label is ambient and "
	"its own is not none.\n"
	"\n"
	"Any other value (sidecar, enabled, Ambient, true) does nothing. A "
	"Namespace so labelled is not enrolled, and its pods run without "
	"ztunnel; a pod so labelled is not opted out and follows its "
	"namespace. The rule reports Namespaces and the pod labels of Pods "
	"and of the pod templates of workloads. It has no fix: whether the "
	"object was meant to join the mesh is a decision (sidecar mode is "
	"istio-injection or istio.io/rev).",
	.kinds = NULL,
	.check = check_dataplane_mode,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: storefront\n"
	"  labels:\n"
	"    istio.io/dataplane-mode: sidecar\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: storefront\n"
	"  labels:\n"
	"    istio.io/dataplane-mode: ambient\n",
	.phase = ALINT_PHASE_ENROL,
};
