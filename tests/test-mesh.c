/*
 * test-mesh.c - rules/mesh.c: what the inputs say about the mesh
 *
 * A probe rule runs on ConfigMaps named "probe"; its check asks mesh.c
 * the question of the test (a callback in the payload) with the context
 * of the run, so every answer is read from a real cross-file index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "../rules/common.h"
#include "../rules/mesh.h"

typedef void (*question_fn)(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res);

struct question {
	question_fn fn;
	int asked;
};

static int
probe_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	    void *payload)
{
	struct question *q = payload;

	if (strcmp(alint_resource_name(res), "probe") != 0)
		return 0;
	q->fn(rctx, res);
	q->asked++;
	return 0;
}

static const char *const probe_kinds[] = { "ConfigMap", NULL };

static const struct alint_rule probe_rule = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9921",
	.name = "mesh-probe",
	.severity = ALINT_SEV_INFO,
	.flags = ALINT_RULE_OPT_IN,
	.summary = "asks mesh.c a question",
	.doc = "A rule for the mesh tests.",
	.kinds = probe_kinds,
	.check = probe_check,
};

/* Lint the streams with the probe and make sure it ran once. */
static void
ask(question_fn q, const char *const *files)
{
	struct question payload;
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const char *const sel[] = { "mesh-probe", NULL };
	struct alint_ctx *ctx = NULL;
	struct alint_run *run = NULL;
	struct alint_report *rep = NULL;
	char name[32];
	size_t i;

	memset(&payload, 0, sizeof(payload));
	payload.fn = q;
	opts.root_namespace = "istio-system";
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &probe_rule, &payload,
						 NULL), 0);
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	for (i = 0; files[i] != NULL; i++) {
		snprintf(name, sizeof(name), "f%zu.yaml", i);
		assert_int_equal(alint_run_add_buffer(run, name, files[i],
						      strlen(files[i])), 0);
	}
	assert_int_equal(alint_run_lint(&rep, run), 0);
	assert_int_equal(payload.asked, 1);
	alint_report_free(rep);
	alint_run_free(run);
	alint_ctx_free(ctx);
}

static const char probe_doc[] =
	"apiVersion: v1\n"
	"kind: ConfigMap\n"
	"metadata: {name: probe, namespace: shop}\n";

static const char namespaces[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: shop, labels: {istio-injection: enabled}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: off, labels: {istio-injection: disabled}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: canary, labels: {istio.io/rev: canary}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: plain}\n";

static void
q_ns_modes(struct alint_rule_ctx *rctx, const struct alint_resource *res)
{
	(void)res;
	assert_int_equal(mesh_ns_mode(rctx, "shop"), MESH_NS_SIDECAR);
	assert_int_equal(mesh_ns_mode(rctx, "amb"), MESH_NS_AMBIENT);
	assert_int_equal(mesh_ns_mode(rctx, "off"), MESH_NS_OUT);
	assert_int_equal(mesh_ns_mode(rctx, "canary"), MESH_NS_SIDECAR);
	assert_int_equal(mesh_ns_mode(rctx, "plain"), MESH_NS_OUT);
	assert_int_equal(mesh_ns_mode(rctx, "elsewhere"), MESH_NS_UNKNOWN);
	assert_true(mesh_ns_bound_for_ambient(rctx, "shop"));
	assert_true(mesh_ns_bound_for_ambient(rctx, "amb"));
	assert_true(mesh_ns_bound_for_ambient(rctx, "elsewhere"));
	assert_false(mesh_ns_bound_for_ambient(rctx, "off"));
	assert_false(mesh_ns_bound_for_ambient(rctx, "plain"));
}

static void
test_ns_modes(void **state)
{
	const char *const files[] = { namespaces, probe_doc, NULL };

	(void)state;
	ask(q_ns_modes, files);
}

static const char workloads[] =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: web, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: web, tier: front}}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: legacy, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: legacy, istio.io/dataplane-mode: none}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: batch, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      annotations: {sidecar.istio.io/inject: \"false\"}\n"
	"      labels: {app: batch}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: ingress, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      annotations: {inject.istio.io/templates: gateway}\n"
	"      labels: {app: ingress}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: tool, namespace: plain}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: tool, sidecar.istio.io/inject: \"true\"}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: lone, namespace: plain}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: lone, istio.io/dataplane-mode: ambient}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: web, namespace: shop}\n"
	"spec: {selector: {app: web}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: front, namespace: shop}\n"
	"spec: {selector: {tier: front}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: headless, namespace: shop}\n"
	"spec: {clusterIP: None}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: legacy, namespace: shop}\n"
	"spec: {selector: {app: legacy}}\n";

static const struct alint_resource *
find_workload(struct alint_rule_ctx *rctx, const char *ns, const char *name)
{
	const struct alint_resource *r;

	r = alint_index_find(alint_rule_ctx_index(rctx), ALINT_INDEX_WORKLOAD,
			     ns, name);
	assert_non_null(r);
	return r;
}

static void
q_workloads(struct alint_rule_ctx *rctx, const struct alint_resource *res)
{
	const struct alint_resource *out[4];
	const struct alint_node *sel;
	const char *why;

	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "shop", "web"), &why), MESH_W_AMBIENT);
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "shop", "legacy"), &why), MESH_W_OUT);
	assert_non_null(strstr(why, "none"));
	/* istio-cni does not read sidecar.istio.io/inject */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "shop", "batch"), &why), MESH_W_AMBIENT);
	assert_non_null(strstr(why, "namespace is in the mesh"));
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "shop", "ingress"), NULL), MESH_W_GATEWAY);
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "plain", "tool"), &why), MESH_W_SIDECAR);
	assert_non_null(strstr(why, "inject"));
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "plain", "lone"), NULL), MESH_W_AMBIENT);

	/* the probe's data holds selectors to resolve */
	sel = alint_node_path(alint_resource_root(res), "data", NULL);
	assert_int_equal(mesh_selected_workloads(rctx, "shop",
		alint_node_get(sel, "web"), out, 4), 1);
	assert_string_equal(alint_resource_name(out[0]), "web");
	/* web is behind two Services; the headless one selects nothing */
	assert_int_equal(mesh_selected_services(rctx, "shop",
		alint_node_get(sel, "web"), out, 4), 2);
	assert_string_equal(alint_resource_name(out[0]), "front");
	assert_string_equal(alint_resource_name(out[1]), "web");
	/* at most max are stored; the count is the whole */
	assert_int_equal(mesh_selected_services(rctx, "shop",
		alint_node_get(sel, "web"), out, 1), 2);
	assert_int_equal(mesh_selected_services(rctx, "shop",
		alint_node_get(sel, "nothing"), out, 4), 0);
	assert_int_equal(mesh_selected_services(rctx, "plain",
		alint_node_get(sel, "web"), out, 4), 0);
	/* an empty selector reaches every workload of the namespace */
	assert_int_equal(mesh_selected_workloads(rctx, "shop",
		alint_node_get(sel, "all"), out, 4), 4);
}

static const char workload_probe[] =
	"apiVersion: v1\n"
	"kind: ConfigMap\n"
	"metadata: {name: probe, namespace: shop}\n"
	"data:\n"
	"  web: {app: web}\n"
	"  nothing: {app: gone}\n"
	"  all: {}\n";

static void
test_workloads(void **state)
{
	const char *const files[] = { namespaces, workloads, workload_probe,
				      NULL };

	(void)state;
	ask(q_workloads, files);
}

static const char waypoints[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: shop\n"
	"  labels: {istio.io/dataplane-mode: ambient,"
	" istio.io/use-waypoint: shop-wp}\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata:\n"
	"  name: shop-wp\n"
	"  namespace: shop\n"
	"  annotations: {gateway.istio.io/service-account: wp-sa}\n"
	"spec:\n"
	"  gatewayClassName: istio-waypoint\n"
	"---\n"
	"apiVersion: gateway.networking.k8s.io/v1\n"
	"kind: Gateway\n"
	"metadata: {name: ingress, namespace: shop}\n"
	"spec: {gatewayClassName: istio}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: web, namespace: shop}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: optout\n"
	"  namespace: shop\n"
	"  labels: {istio.io/use-waypoint: none}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: shared\n"
	"  namespace: shop\n"
	"  labels:\n"
	"    istio.io/use-waypoint: mesh-wp\n"
	"    istio.io/use-waypoint-namespace: infra\n";

static void
q_waypoints(struct alint_rule_ctx *rctx, const struct alint_resource *res)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	struct mesh_waypoint_ref ref;
	const struct alint_resource *gw;
	char sa[64];

	(void)res;
	assert_true(mesh_service_waypoint(rctx, alint_index_find(idx,
		ALINT_INDEX_SERVICE, "shop", "web"), &ref));
	assert_string_equal(ref.name, "shop-wp");
	assert_string_equal(ref.ns, "shop");
	assert_string_equal(alint_resource_kind(ref.bound_by), "Namespace");
	assert_false(mesh_service_waypoint(rctx, alint_index_find(idx,
		ALINT_INDEX_SERVICE, "shop", "optout"), &ref));
	assert_true(mesh_service_waypoint(rctx, alint_index_find(idx,
		ALINT_INDEX_SERVICE, "shop", "shared"), &ref));
	assert_string_equal(ref.name, "mesh-wp");
	assert_string_equal(ref.ns, "infra");
	assert_string_equal(alint_resource_kind(ref.bound_by), "Service");

	gw = mesh_find_waypoint(rctx, "shop", "shop-wp");
	assert_non_null(gw);
	assert_ptr_equal(mesh_ns_first_waypoint(rctx, "shop"), gw);
	assert_null(mesh_find_waypoint(rctx, "shop", "ingress"));
	assert_null(mesh_ns_first_waypoint(rctx, "infra"));
	mesh_waypoint_sa(gw, sa, sizeof(sa));
	assert_string_equal(sa, "wp-sa");
}

static void
test_waypoints(void **state)
{
	const char *const files[] = { waypoints, probe_doc, NULL };

	(void)state;
	ask(q_waypoints, files);
}

static const char blockers[] =
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata: {name: legacy, namespace: pay}\n"
	"spec: {mtls: {mode: DISABLE}}\n"
	"---\n"
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata: {name: lua, namespace: shop}\n"
	"spec:\n"
	"  configPatches:\n"
	"  - applyTo: HTTP_FILTER\n"
	"    match: {context: SIDECAR_INBOUND}\n"
	"---\n"
	"apiVersion: networking.istio.io/v1alpha3\n"
	"kind: EnvoyFilter\n"
	"metadata: {name: gw-only, namespace: edge}\n"
	"spec:\n"
	"  configPatches:\n"
	"  - applyTo: HTTP_FILTER\n"
	"    match: {context: GATEWAY}\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: WorkloadEntry\n"
	"metadata: {name: vm1, namespace: vms}\n"
	"spec: {address: 10.0.0.7}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: signer, namespace: spire}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: signer\n"
	"        spiffe.io/spire-managed-identity: \"true\"\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: edge, labels: {istio-injection: enabled}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: pay, labels: {istio-injection: enabled}}\n";

static void
q_blockers(struct alint_rule_ctx *rctx, const struct alint_resource *res)
{
	const struct alint_resource *why;
	char buf[256];

	(void)res;
	assert_non_null(mesh_ns_blocker(rctx, "pay", buf, sizeof(buf), &why));
	assert_non_null(strstr(buf, "PeerAuthentication pay/legacy"));
	assert_non_null(strstr(buf, "DISABLE"));
	assert_string_equal(alint_resource_name(why), "legacy");
	assert_false(mesh_ns_bound_for_ambient(rctx, "pay"));
	assert_non_null(mesh_ns_blocker(rctx, "shop", buf, sizeof(buf), NULL));
	assert_non_null(strstr(buf, "EnvoyFilter shop/lua"));
	assert_null(mesh_ns_blocker(rctx, "edge", buf, sizeof(buf), NULL));
	assert_true(mesh_ns_bound_for_ambient(rctx, "edge"));
	assert_non_null(mesh_ns_blocker(rctx, "vms", buf, sizeof(buf), NULL));
	assert_non_null(strstr(buf, "WorkloadEntry vms/vm1"));
	assert_non_null(mesh_ns_blocker(rctx, "spire", buf, sizeof(buf),
					NULL));
	assert_non_null(strstr(buf, "SPIRE"));
	assert_null(mesh_ns_blocker(rctx, "calm", buf, sizeof(buf), NULL));
	/* a small buffer is cut, never overrun */
	assert_non_null(mesh_ns_blocker(rctx, "pay", buf, 8, NULL));
	assert_int_equal(strlen(buf), 7);
}

static void
test_blockers(void **state)
{
	const char *const files[] = { blockers, probe_doc, NULL };

	(void)state;
	ask(q_blockers, files);
}

/* The enrolment model that the AL2xxx rules and the others share. */
static const char enrolment[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: both\n"
	"  labels: {istio-injection: enabled, istio.io/rev: canary,"
	" istio.io/dataplane-mode: ambient}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: revamb\n"
	"  labels: {istio.io/rev: canary, istio.io/dataplane-mode: ambient}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: offamb\n"
	"  labels: {istio-injection: disabled,"
	" istio.io/dataplane-mode: ambient}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: off, labels: {istio-injection: disabled}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: emptyrev, labels: {istio.io/rev: \"\"}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: plain}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata: {name: held, labels: {istio-injection: enabled}}\n"
	"---\n"
	"apiVersion: security.istio.io/v1\n"
	"kind: PeerAuthentication\n"
	"metadata: {name: legacy, namespace: held}\n"
	"spec: {mtls: {mode: DISABLE}}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: optout, namespace: both}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: optout, sidecar.istio.io/inject: \"false\"}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: tool, namespace: off}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: tool, sidecar.istio.io/inject: \"true\"}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: tool, namespace: emptyrev}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: tool, sidecar.istio.io/inject: \"true\"}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: canary, namespace: plain}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: canary, istio.io/rev: canary}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: canary-off, namespace: plain}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: canary-off\n"
	"        istio.io/rev: canary\n"
	"        sidecar.istio.io/inject: \"false\"\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: ingress, namespace: plain}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        gateway.networking.k8s.io/gateway-name: ingress\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: router, namespace: plain}\n"
	"spec:\n"
	"  template:\n"
	"    spec:\n"
	"      containers:\n"
	"      - {name: istio-proxy, args: [proxy, router]}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: api, namespace: held}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: api}}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: job, namespace: held}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      annotations: {sidecar.istio.io/inject: \"false\"}\n"
	"      labels: {app: job}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: DaemonSet\n"
	"metadata: {name: node-agent, namespace: offamb}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: node-agent}}\n"
	"    spec: {hostNetwork: True}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: DaemonSet\n"
	"metadata: {name: pod-agent, namespace: offamb}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: pod-agent}}\n"
	"    spec: {hostNetwork: false}\n";

static void
q_enrolment(struct alint_rule_ctx *rctx, const struct alint_resource *res)
{
	struct mesh_ns_labels st;
	const struct alint_resource *n;
	const char *why;

	(void)res;
	/* an injection label wins over the ambient label: sidecar today */
	n = mesh_ns_find(&st, rctx, "both");
	assert_non_null(n);
	assert_int_equal(st.mode, MESH_NS_SIDECAR);
	assert_int_equal(mesh_ns_mode(rctx, "both"), MESH_NS_SIDECAR);
	assert_true(st.ambient);
	assert_ptr_equal(st.inject_key, st.inj_key);
	assert_non_null(st.rev_key);
	assert_true(text_is(st.inject_val, "enabled"));
	assert_int_equal(mesh_ns_mode(rctx, "revamb"), MESH_NS_SIDECAR);
	mesh_ns_find(&st, rctx, "revamb");
	assert_ptr_equal(st.inject_key, st.rev_key);
	assert_true(text_is(st.inject_val, "canary"));
	/* istio-injection=disabled is an opt-out of the sidecar only */
	assert_int_equal(mesh_ns_mode(rctx, "offamb"), MESH_NS_AMBIENT);
	mesh_ns_find(&st, rctx, "offamb");
	assert_null(st.inject_key);
	assert_non_null(st.inj_key);
	assert_int_equal(mesh_ns_mode(rctx, "emptyrev"), MESH_NS_OUT);
	assert_null(mesh_ns_find(&st, rctx, "elsewhere"));
	assert_int_equal(st.mode, MESH_NS_UNKNOWN);
	assert_null(st.mode_key);

	/* an opted-out pod joins ambient with its namespace */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "both", "optout"), NULL), MESH_W_AMBIENT);
	/* the object webhooks skip namespaces with either label key */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "off", "tool"), &why), MESH_W_OUT);
	assert_non_null(strstr(why, "not in the mesh"));
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "emptyrev", "tool"), NULL), MESH_W_OUT);
	/* the pod label istio.io/rev injects in a namespace without them */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "plain", "canary"), &why), MESH_W_SIDECAR);
	assert_non_null(strstr(why, "istio.io/rev"));
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "plain", "canary-off"), NULL), MESH_W_OUT);
	/* gateways, by their istiod label or their proxy's arguments */
	assert_true(mesh_is_gateway_pod(find_workload(rctx, "plain",
						      "ingress")));
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "plain", "router"), NULL), MESH_W_GATEWAY);
	assert_false(mesh_is_gateway_pod(find_workload(rctx, "plain",
						       "canary")));
	/* a blocked namespace keeps its sidecars, unless asked to ignore */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "held", "api"), &why), MESH_W_SIDECAR);
	assert_non_null(strstr(why, "blocker"));
	assert_int_equal(mesh_workload_mode_ex(rctx,
		find_workload(rctx, "held", "api"), MESH_MODE_UNHELD, NULL),
		MESH_W_AMBIENT);
	/* and there the sidecar opt-out still keeps a pod out */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "held", "job"), NULL), MESH_W_OUT);
	assert_int_equal(mesh_workload_mode_ex(rctx,
		find_workload(rctx, "held", "job"), MESH_MODE_UNHELD, NULL),
		MESH_W_AMBIENT);
	/* istio-cni never captures a pod on the host's network */
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "offamb", "node-agent"), &why), MESH_W_OUT);
	assert_non_null(strstr(why, "hostNetwork"));
	assert_int_equal(mesh_workload_mode(rctx,
		find_workload(rctx, "offamb", "pod-agent"), NULL),
		MESH_W_AMBIENT);
}

static void
test_enrolment(void **state)
{
	const char *const files[] = { enrolment, probe_doc, NULL };

	(void)state;
	ask(q_enrolment, files);
}

/*
 * Services reached through any of their pods, in index order, and only
 * in the namespace asked.
 */
static const char services[] =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: a, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: a, tier: back}}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: b, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: b, tier: back, canary: \"yes\"}}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: bare, namespace: shop}\n"
	"spec: {template: {spec: {}}}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: b, namespace: other}\n"
	"spec:\n"
	"  template:\n"
	"    metadata: {labels: {app: b, tier: back, canary: \"yes\"}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: zeta, namespace: shop}\n"
	"spec: {selector: {tier: back}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: alpha, namespace: shop}\n"
	"spec: {selector: {app: b}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: only-a, namespace: shop}\n"
	"spec: {selector: {app: a}}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: alpha, namespace: other}\n"
	"spec: {selector: {app: b}}\n";

static const char services_probe[] =
	"apiVersion: v1\n"
	"kind: ConfigMap\n"
	"metadata: {name: probe, namespace: shop}\n"
	"data:\n"
	"  canary: {canary: \"yes\"}\n"
	"  back: {tier: back}\n";

static void
q_services(struct alint_rule_ctx *rctx, const struct alint_resource *res)
{
	const struct alint_resource *out[4];
	const struct alint_node *sel;

	sel = alint_node_path(alint_resource_root(res), "data", NULL);
	/* b is the second pod of zeta: zeta is reached through it */
	assert_int_equal(mesh_selected_services(rctx, "shop",
		alint_node_get(sel, "canary"), out, 4), 2);
	assert_string_equal(alint_resource_name(out[0]), "alpha");
	assert_string_equal(alint_resource_name(out[1]), "zeta");
	assert_string_equal(alint_resource_namespace(out[0]), "shop");
	assert_int_equal(mesh_selected_services(rctx, "shop",
		alint_node_get(sel, "back"), out, 4), 3);
	assert_string_equal(alint_resource_name(out[0]), "alpha");
	assert_string_equal(alint_resource_name(out[1]), "only-a");
	assert_string_equal(alint_resource_name(out[2]), "zeta");
	/* no selector: every Service with pods; bare has no labels */
	assert_int_equal(mesh_selected_services(rctx, "shop", NULL, out, 4),
			 3);
	assert_int_equal(mesh_selected_services(rctx, "other",
		alint_node_get(sel, "canary"), out, 4), 1);
	assert_int_equal(mesh_selected_services(rctx, "none",
		alint_node_get(sel, "canary"), out, 4), 0);
}

static void
test_services(void **state)
{
	const char *const files[] = { services, services_probe, NULL };

	(void)state;
	ask(q_services, files);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ns_modes),
		cmocka_unit_test(test_workloads),
		cmocka_unit_test(test_waypoints),
		cmocka_unit_test(test_blockers),
		cmocka_unit_test(test_enrolment),
		cmocka_unit_test(test_services),
	};

	return cmocka_run_group_tests_name("mesh", tests, NULL, NULL);
}
