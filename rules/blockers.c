/*
 * blockers.c - features that ambient mode does not support
 * (AL5001-AL5005)
 *
 * Some meshes cannot move to ambient mode as they are: VM workloads and
 * SPIRE are unsupported in every released version, primary-remote
 * multicluster too, and multicluster in general depends on the target
 * Istio version (unsupported before 1.27, Alpha in 1.27 and 1.28, Beta
 * for multi-primary multi-network from 1.29). VM and SPIRE hold back the
 * namespace of the workloads concerned (mesh_ns_blocker() finds them for
 * the fixes of the other families), the topology holds back the install.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "blockers.h"
#include "common.h"
#include "install.h"
#include "mesh.h"

#define NETWORK_LABEL "topology.istio.io/network"
#define MULTICLUSTER_LABEL "istio/multiCluster"
#define EASTWEST_CLASS "istio-east-west"
#define CONTROL_PLANE_ANNOTATION "topology.istio.io/controlPlaneClusters"

/* "1.26" */
static void version_text(struct alint_rule_ctx *rctx, char *buf, size_t len)
{
	unsigned int v = alint_rule_ctx_istio_version(rctx);

	snprintf(buf, len, "%u.%u", v / 100, v % 100);
}

static bool istio_group(const struct alint_resource *res)
{
	return strcmp(alint_resource_group(res), "networking.istio.io") == 0;
}

/* "WorkloadEntry bookstore/legacy-db" */
static void res_name(const struct alint_resource *res, char *buf, size_t len)
{
	if (kind_is(res, "Namespace"))
		snprintf(buf, len, "Namespace %s", alint_resource_name(res));
	else if (alint_resource_name(res)[0] == '\0')
		snprintf(buf, len, "%s in namespace %s",
			 alint_resource_kind(res),
			 alint_resource_namespace(res));
	else
		snprintf(buf, len, "%s %s/%s", alint_resource_kind(res),
			 alint_resource_namespace(res),
			 alint_resource_name(res));
}

/* ---- AL5001 vm-workload ------------------------------------------------- */

static const char *const vm_kinds[] = {
	"WorkloadEntry", "WorkloadGroup", "ServiceEntry", NULL
};

/* The auto-registration annotations istiod puts on a WorkloadEntry. */
static const struct alint_node *autoregistered(const struct alint_resource *r)
{
	static const char *const keys[] = {
		"istio.io/autoRegistrationGroup", "istio.io/workloadController",
		"istio.io/connectedAt", "istio.io/disconnectedAt", NULL
	};
	const struct alint_node *ann = alint_resource_annotations(r);
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (alint_node_get_key(ann, keys[i]) != NULL)
			return alint_node_get_key(ann, keys[i]);
	return NULL;
}

static int check_vm(struct alint_rule_ctx *rctx,
		    const struct alint_resource *res, void *payload)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *at, *ws;
	const char *ns = alint_resource_namespace(res);
	char name[600];

	if (!istio_group(res))
		return 0;
	res_name(res, name, sizeof(name));
	if (kind_is(res, "ServiceEntry")) {
		ws = alint_node_path(root, "spec", "workloadSelector", NULL);
		if (ws == NULL)
			return 0;
		alint_rule_report(rctx, alint_node_get_key(
					  alint_node_get(root, "spec"),
					  "workloadSelector"),
			"%s selects VM workloads (workloadSelector): "
			"VM-based workloads cannot join the ambient mesh "
			"(there is no ztunnel for a VM), so namespace %s "
			"must stay in sidecar mode until they leave the mesh",
			name, ns);
		return 0;
	}
	at = autoregistered(res);
	alint_rule_report(rctx, at,
		"%s is %s: VM-based workloads cannot join the ambient mesh "
		"(there is no ztunnel for a VM), so namespace %s must stay in "
		"sidecar mode until they leave the mesh", name,
		kind_is(res, "WorkloadGroup") ?
		"a template for VM workloads" : at != NULL ?
		"a VM workload, registered by istiod (auto-registration)" :
		"a VM workload", ns);
	return 0;
}

const struct alint_rule alint__rule_vm_workload = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5001",
	.name = "vm-workload",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_BLOCKER,
	.summary = "VM workloads cannot join the ambient mesh",
	.doc =
	"Istio brings virtual machines into a sidecar mesh with a "
	"WorkloadEntry per VM (written by hand, or created by istiod when "
	"a VM auto-registers against a WorkloadGroup: such entries carry "
	"the annotations istio.io/autoRegistrationGroup, "
	"istio.io/workloadController, istio.io/connectedAt or "
	"istio.io/disconnectedAt), and with ServiceEntries whose "
	"workloadSelector picks those entries. The VM runs its own Envoy "
	"sidecar.\n"
	"\n"
	"Ambient mode has no equivalent: istiod can describe a "
	"WorkloadEntry to ztunnel, but there is no ztunnel on a VM, and "
	"Istio's migration guide lists \"VM-based workloads cannot join "
	"the ambient mesh\" among the features that are not supported, in "
	"every released version. A namespace with VM workloads must keep "
	"its sidecars for as long as the VMs are in the mesh.\n"
	"\n"
	"The rule reports every WorkloadEntry and WorkloadGroup "
	"(networking.istio.io) and every ServiceEntry with a "
	"workloadSelector. Its findings are migration blockers: the "
	"namespace's enrolment and clean-up fixes (AL2001 to AL2007) are "
	"withheld, and their findings name the VM resource, unless the "
	"option --migrate-blocked is given. Other namespaces migrate as "
	"usual. The finding belongs to the enrolment phase, the step it "
	"holds back. There is no automatic fix: move the VM workloads out "
	"of the mesh (or into Kubernetes) before migrating the namespace.",
	.kinds = vm_kinds,
	.check = check_vm,
	.example_bad =
	"apiVersion: networking.istio.io/v1\n"
	"kind: WorkloadEntry\n"
	"metadata:\n"
	"  name: legacy-inventory-db\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  address: 10.128.0.17\n"
	"  labels:\n"
	"    app: inventory-db\n"
	"  serviceAccount: inventory-db\n",
	.example_good =
	"apiVersion: networking.istio.io/v1\n"
	"kind: ServiceEntry\n"
	"metadata:\n"
	"  name: payments-api\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  hosts:\n"
	"  - api.payments.example.com\n"
	"  location: MESH_EXTERNAL\n"
	"  ports:\n"
	"  - number: 443\n"
	"    name: https\n"
	"    protocol: TLS\n"
	"  resolution: DNS\n",
	.phase = ALINT_PHASE_ENROL,
};

/* ---- AL5002 spire-integration ------------------------------------------- */

/* Whether a comma-separated list of templates names spire. */
static bool templates_spire(const struct alint_node *n)
{
	const char *t;
	size_t len, i;

	t = text_of(n, &len);
	for (i = 0; t != NULL && i + 5 <= len; i++)
		if (memcmp(t + i, "spire", 5) == 0)
			return true;
	return false;
}

/* The first SPIRE signal of a pod template, described in what. */
static const struct alint_node *pod_spire(const struct alint_node *tmpl,
					  const char **what)
{
	const struct alint_node *meta = map_get(tmpl, "metadata");
	const struct alint_node *spec = map_get(tmpl, "spec");
	const struct alint_node *ann = map_get(meta, "annotations");
	const struct alint_node *labels = map_get(meta, "labels");
	const struct alint_node *l, *v;

	if (templates_spire(alint_node_get(ann, TEMPLATES_ANNOTATION))) {
		*what = "the spire injection template "
			"(inject.istio.io/templates)";
		return alint_node_get_key(ann, TEMPLATES_ANNOTATION);
	}
	if (inst_true(alint_node_get(labels,
				     "spiffe.io/spire-managed-identity"))) {
		*what = "the label spiffe.io/spire-managed-identity";
		return alint_node_get_key(labels,
					  "spiffe.io/spire-managed-identity");
	}
	l = seq_get(spec, "volumes");
	for (v = alint_node_first(l); v != NULL; v = alint_node_next(v))
		if (text_is(alint_node_path(v, "csi", "driver", NULL),
			    "csi.spiffe.io")) {
			*what = "a csi.spiffe.io volume (the SPIRE agent's "
				"socket)";
			return alint_node_path(v, "csi", "driver", NULL);
		}
	l = seq_get(spec, "initContainers");
	for (v = alint_node_first(l); v != NULL; v = alint_node_next(v))
		if (text_is(alint_node_get(v, "name"),
			    "wait-for-spire-socket")) {
			*what = "the init container wait-for-spire-socket";
			return alint_node_get(v, "name");
		}
	return NULL;
}

static int check_spire(struct alint_rule_ctx *rctx,
		       const struct alint_resource *res, void *payload)
{
	const struct alint_node *tmpl = pod_template(res);
	const struct alint_node *n;
	const char *what = NULL;
	struct inst in;
	char name[600];

	if (tmpl != NULL) {
		n = pod_spire(tmpl, &what);
		if (n == NULL)
			return 0;
		res_name(res, name, sizeof(name));
		alint_rule_report(rctx, n,
			"%s uses SPIRE through %s: ambient mode does not "
			"support SPIRE as the certificate provider (ztunnel "
			"cannot attest workloads to a SPIRE agent), so "
			"namespace %s must stay in sidecar mode", name, what,
			alint_resource_namespace(res));
		return 0;
	}
	if (kind_is(res, "ClusterSPIFFEID") &&
	    strcmp(alint_resource_group(res), "spire.spiffe.io") == 0) {
		alint_rule_report(rctx, NULL,
			"ClusterSPIFFEID %s gives SPIRE identities to pods: "
			"ambient mode does not support SPIRE as the "
			"certificate provider, so the namespaces it selects "
			"must stay in sidecar mode", alint_resource_name(res));
		return 0;
	}
	if (!inst_get(&in, res))
		return 0;
	n = alint_node_path(in.values, "sidecarInjectorWebhook", "templates",
			    "spire", NULL);
	if (n == NULL)
		return 0;
	alint_rule_report(rctx, alint_node_get_key(alint_node_path(in.values,
			"sidecarInjectorWebhook", "templates", NULL), "spire"),
		"this install defines the spire injection template "
		"(sidecarInjectorWebhook.templates.spire): the mesh uses "
		"SPIRE, which ambient mode does not support as the "
		"certificate provider, so the workloads that use the template "
		"must stay in sidecar mode");
	return 0;
}

const struct alint_rule alint__rule_spire_integration = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5002",
	.name = "spire-integration",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_BLOCKER,
	.summary = "SPIRE integration is not supported in ambient mode",
	.doc =
	"Istio's SPIRE integration is a sidecar-mode feature: a custom "
	"injection template named spire (defined in "
	"values.sidecarInjectorWebhook.templates.spire and requested per "
	"pod with inject.istio.io/templates: \"sidecar,spire\") mounts the "
	"SPIRE agent's workload API socket from the CSI driver "
	"csi.spiffe.io into the sidecar, and SPIRE's controller manager "
	"registers pods through ClusterSPIFFEID resources or the pod label "
	"spiffe.io/spire-managed-identity. Gateways wait for the socket "
	"with an init container named wait-for-spire-socket.\n"
	"\n"
	"Ambient mode does not support SPIRE as the certificate provider: "
	"Istio's migration guide lists it among the unsupported features, "
	"and ztunnel has no SPIRE workload attestation in any released "
	"version. A namespace whose pods use SPIRE must keep its sidecars.\n"
	"\n"
	"The rule reports pods and pod templates with one of these "
	"signals, ClusterSPIFFEID resources (spire.spiffe.io), and install "
	"configurations (IstioOperator, Helm values: see AL5050 for how "
	"they are recognised) that define the spire template. Findings on "
	"workloads are migration blockers of their namespace: its "
	"enrolment and clean-up fixes (AL2001 to AL2007) are withheld and "
	"name the workload, unless the option --migrate-blocked is given. "
	"A ClusterSPIFFEID or an install configuration does not block a "
	"namespace by itself: the workloads that use SPIRE do. The finding "
	"belongs to the enrolment phase. There is no automatic fix.",
	.kinds = NULL,
	.check = check_spire,
	.example_bad =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: ledger\n"
	"  namespace: payments\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: ledger\n"
	"      annotations:\n"
	"        inject.istio.io/templates: sidecar,spire\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: ledger\n"
	"        image: registry.example.com/payments/ledger:2.3.0\n",
	.example_good =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: ledger\n"
	"  namespace: payments\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: ledger\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: ledger\n"
	"        image: registry.example.com/payments/ledger:2.3.0\n",
	.phase = ALINT_PHASE_ENROL,
};

/* ---- AL5003 multicluster, by version ------------------------------------ */

/* A multicluster signal: where, what, and whether it is a sidecar-style
 * east-west gateway (which ambient multicluster cannot use). */
struct mc_signal {
	const struct alint_node *node;
	const char *what;
	bool classic_eastwest;
};

/* A scalar with some text (an empty network label names no network). */
static bool nonempty(const struct alint_node *n)
{
	size_t len;

	return text_of(n, &len) != NULL && len > 0;
}

static bool env_has(const struct alint_node *containers, const char *name)
{
	const struct alint_node *c, *e;

	for (c = alint_node_first(containers); c != NULL;
	     c = alint_node_next(c))
		for (e = alint_node_first(seq_get(c, "env")); e != NULL;
		     e = alint_node_next(e))
			if (text_is(alint_node_get(e, "name"), name))
				return true;
	return false;
}

static bool mc_install(struct mc_signal *s, const struct inst *in)
{
	const struct alint_node *g = map_get(in->values, "global");
	const struct alint_node *n, *gw, *k = NULL;
	size_t len;

	n = map_get(g, "multiCluster");
	if (n != NULL && (alint_node_get(n, "clusterName") != NULL ||
			  inst_true(alint_node_get(n, "enabled")))) {
		s->node = alint_node_get_key(g, "multiCluster");
		s->what = "values.global.multiCluster";
		return true;
	}
	n = alint_node_get(g, "network");
	if (text_of(n, &len) != NULL && len > 0) {
		s->node = alint_node_get_key(g, "network");
		s->what = "values.global.network";
		return true;
	}
	n = alint_node_get(g, "meshNetworks");
	if (n == NULL)
		n = alint_node_get(map_get(in->iop ? in->top : in->values,
					   "meshConfig"), "meshNetworks");
	if (n != NULL && alint_node_count(n) > 0) {
		s->node = n;
		s->what = "meshNetworks";
		return true;
	}
	n = inst_pilot_env(in, "AMBIENT_ENABLE_MULTI_NETWORK", &k);
	if (inst_true(n)) {
		s->node = k;
		s->what = "istiod env AMBIENT_ENABLE_MULTI_NETWORK";
		return true;
	}
	for (gw = alint_node_first(seq_get(in->components, "ingressGateways"));
	     gw != NULL; gw = alint_node_next(gw)) {
		if (text_is(alint_node_path(gw, "label", "istio", NULL),
			    "eastwestgateway") ||
		    text_is(alint_node_get(gw, "name"),
			    "istio-eastwestgateway")) {
			s->node = gw;
			s->what = "the east-west gateway "
				"istio-eastwestgateway";
			s->classic_eastwest = true;
			return true;
		}
	}
	return false;
}

static bool mc_get(struct mc_signal *s, const struct alint_resource *res)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *labels = alint_resource_labels(res);
	const struct alint_node *tmpl, *pl, *sv;
	struct inst in;

	memset(s, 0, sizeof(*s));
	if (inst_get(&in, res))
		return mc_install(s, &in);
	if (kind_is(res, "Secret") && alint_resource_group(res)[0] == '\0') {
		if (!inst_true(alint_node_get(labels, MULTICLUSTER_LABEL)))
			return false;
		s->node = alint_node_get_key(labels, MULTICLUSTER_LABEL);
		s->what = "a remote secret (label istio/multiCluster) that "
			"lets istiod read another cluster";
		return true;
	}
	if (kind_is(res, "Gateway") &&
	    strcmp(alint_resource_group(res), GATEWAY_API_GROUP) == 0) {
		sv = alint_node_path(root, "spec", "gatewayClassName", NULL);
		if (!text_is(sv, EASTWEST_CLASS))
			return false;
		s->node = sv;
		s->what = "an ambient east-west Gateway (class "
			EASTWEST_CLASS ")";
		return true;
	}
	if (kind_is(res, "Gateway") && istio_group(res)) {
		sv = map_get(map_get(root, "spec"), "selector");
		if (text_is(alint_node_get(sv, "istio"), "eastwestgateway")) {
			s->node = alint_node_get(sv, "istio");
			s->what = "a Gateway on the sidecar-style east-west "
				"gateway (selector istio: eastwestgateway)";
			s->classic_eastwest = true;
			return true;
		}
		for (sv = alint_node_first(alint_node_path(root, "spec",
							   "servers", NULL));
		     sv != NULL; sv = alint_node_next(sv))
			if (text_is(alint_node_path(sv, "tls", "mode", NULL),
				    "AUTO_PASSTHROUGH")) {
				s->node = alint_node_path(sv, "tls", "mode",
							  NULL);
				s->what = "a cross-network Gateway "
					"(tls.mode AUTO_PASSTHROUGH)";
				s->classic_eastwest = true;
				return true;
			}
		return false;
	}
	if (nonempty(alint_node_get(labels, NETWORK_LABEL))) {
		s->node = alint_node_get_key(labels, NETWORK_LABEL);
		s->what = "the label " NETWORK_LABEL;
		return true;
	}
	if (kind_is(res, "Service") && alint_resource_group(res)[0] == '\0' &&
	    inst_true(alint_node_get(labels, "istio.io/global"))) {
		s->node = alint_node_get_key(labels, "istio.io/global");
		s->what = "the label istio.io/global (a service shared "
			"across clusters)";
		return true;
	}
	tmpl = pod_template(res);
	if (tmpl == NULL)
		return false;
	pl = map_get(map_get(tmpl, "metadata"), "labels");
	if (nonempty(alint_node_get(pl, NETWORK_LABEL))) {
		s->node = alint_node_get_key(pl, NETWORK_LABEL);
		s->what = "the pod label " NETWORK_LABEL;
		return true;
	}
	if (text_is(alint_node_get(pl, "istio"), "eastwestgateway") ||
	    env_has(seq_get(map_get(tmpl, "spec"), "containers"),
		    "ISTIO_META_REQUESTED_NETWORK_VIEW")) {
		s->node = alint_node_get(pl, "istio");
		s->what = "the east-west gateway";
		s->classic_eastwest = true;
		return true;
	}
	return false;
}

/* Ambient multicluster at the target version. */
enum mc_level { MC_UNSUPPORTED, MC_ALPHA, MC_BETA };

static enum mc_level mc_level_of(struct alint_rule_ctx *rctx)
{
	unsigned int v = alint_rule_ctx_istio_version(rctx);

	if (v < ALINT_ISTIO_VERSION(1, 27))
		return MC_UNSUPPORTED;
	if (v < ALINT_ISTIO_VERSION(1, 29))
		return MC_ALPHA;
	return MC_BETA;
}

#define CLASSIC_EASTWEST_NOTE \
	"; ambient east-west traffic only uses double HBONE through a " \
	"Gateway of class " EASTWEST_CLASS ", so this sidecar-style " \
	"gateway (AUTO_PASSTHROUGH on port 15443) does not carry it"

static int check_multicluster(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	enum mc_level level = mc_level_of(rctx);
	struct alint_finding *f = NULL;
	struct mc_signal s;
	char name[600], ver[16];
	const char *note;

	if (!mc_get(&s, res))
		return 0;
	version_text(rctx, ver, sizeof(ver));
	if (alint_resource_kind(res)[0] != '\0')
		res_name(res, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "Helm values");
	note = s.classic_eastwest && level != MC_UNSUPPORTED ?
		CLASSIC_EASTWEST_NOTE : "";
	switch (level) {
	case MC_UNSUPPORTED:
		f = alint_rule_report(rctx, s.node,
			"%s: %s means a multicluster mesh, and ambient mode "
			"does not support multicluster before Istio 1.27 "
			"(target %s): this blocks the migration, keep the mesh "
			"in sidecar mode or upgrade to 1.27 or later first",
			name, s.what, ver);
		if (f != NULL)
			alint_finding_set_severity(f, ALINT_SEV_ERROR);
		break;
	case MC_ALPHA:
		f = alint_rule_report(rctx, s.node,
			"%s: %s means a multicluster mesh; ambient "
			"multicluster is Alpha in Istio %s (multi-primary, "
			"multi-network only, with istiod env "
			"AMBIENT_ENABLE_MULTI_NETWORK=true and an "
			EASTWEST_CLASS " Gateway)%s", name, s.what, ver, note);
		if (f != NULL)
			alint_finding_set_severity(f, ALINT_SEV_WARNING);
		break;
	case MC_BETA:
		f = alint_rule_report(rctx, s.node,
			"%s: %s means a multicluster mesh; ambient "
			"multi-network multicluster is Beta from Istio 1.29 "
			"(multi-primary only, with istiod env "
			"AMBIENT_ENABLE_MULTI_NETWORK=true and an "
			EASTWEST_CLASS " Gateway)%s", name, s.what, note);
		break;
	}
	/* from 1.27 the topology is supported: no blocker */
	if (f != NULL && level != MC_UNSUPPORTED)
		alint_finding_set_flags(f, 0);
	return 0;
}

static const char mc_bad[] =
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata:\n"
	"  name: istio-remote-secret-cluster-east\n"
	"  namespace: istio-system\n"
	"  annotations:\n"
	"    networking.istio.io/cluster: cluster-east\n"
	"  labels:\n"
	"    istio/multiCluster: \"true\"\n"
	"type: Opaque\n"
	"stringData:\n"
	"  cluster-east: |\n"
	"    apiVersion: v1\n"
	"    kind: Config\n";

static const char mc_good[] =
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata:\n"
	"  name: orders-db-credentials\n"
	"  namespace: orders\n"
	"type: Opaque\n"
	"stringData:\n"
	"  username: orders\n";

const struct alint_rule alint__rule_multicluster = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5003",
	.name = "multicluster",
	.severity = ALINT_SEV_INFO,
	.flags = ALINT_RULE_BLOCKER,
	.summary = "multicluster mesh: ambient support depends on the Istio "
		"version",
	.doc =
	"Ambient mode's support for multicluster meshes depends on the "
	"target Istio version (--istio-version), and so does the severity "
	"of this rule's findings:\n"
	"\n"
	"Before 1.27, not supported: ztunnel and istiod had no way to reach "
	"the workloads of another cluster or network (the istiod flag "
	"AMBIENT_ENABLE_MULTI_NETWORK exists from 1.25, experimental and "
	"off). The findings are errors, and a migration blocker of the "
	"whole mesh: keep it in sidecar mode, or upgrade first.\n"
	"\n"
	"1.27 and 1.28, Alpha: only multi-network topologies where each "
	"cluster is a primary, with universal waypoints (the same names in "
	"every cluster); the ambient east-west gateway only carries double "
	"HBONE and cannot expose istiod across networks. The findings are "
	"warnings.\n"
	"\n"
	"From 1.29, multi-network multicluster is Beta, still for "
	"multi-primary meshes only. The findings are information, the "
	"rule's default severity (the default target is the newest known "
	"release). A configured severity for the rule wins over all three.\n"
	"\n"
	"An ambient multicluster mesh needs istiod env "
	"AMBIENT_ENABLE_MULTI_NETWORK=true (and, in newer docs, "
	"AMBIENT_ENABLE_BAGGAGE=true), values.global meshID, "
	"multiCluster.clusterName and network, a Gateway of class "
	"istio-east-west per network, and services labelled "
	"istio.io/global: \"true\" to be reachable from other clusters. "
	"The sidecar-style east-west gateway (port 15443, AUTO_PASSTHROUGH) "
	"does not carry ambient traffic, and the findings on it say so. "
	"Primary-remote meshes are reported by AL5004 and single-network "
	"meshes by AL5005, at every version.\n"
	"\n"
	"Signals: a Secret labelled istio/multiCluster: \"true\" (a remote "
	"secret, from istioctl create-remote-secret); the label "
	"topology.istio.io/network on a Namespace, a Service, any other "
	"object or a pod template; the Service label istio.io/global: "
	"\"true\"; a Gateway API Gateway of class istio-east-west; a "
	"sidecar-style east-west gateway (pods labelled istio: "
	"eastwestgateway or with the env ISTIO_META_REQUESTED_NETWORK_VIEW, "
	"an Istio Gateway selecting them or with tls.mode "
	"AUTO_PASSTHROUGH, an IstioOperator ingress gateway "
	"istio-eastwestgateway); and in install configurations "
	"(IstioOperator, Helm values: see AL5050) values.global.multiCluster "
	"(clusterName or enabled), values.global.network, meshNetworks and "
	"the istiod env AMBIENT_ENABLE_MULTI_NETWORK=true. One finding per "
	"resource, at its first signal.\n"
	"\n"
	"The findings belong to the install phase. The rule is a blocker "
	"rule, and its findings block before 1.27 only, whatever severity "
	"the rule is configured with (from 1.27 they carry no blocker "
	"flag). The topology is about the whole "
	"mesh, not one namespace: the readiness table (and the namespaces "
	"of the JSON summary) lists the findings in the row (cluster), and "
	"counts each blocking one for every namespace. Before 1.27 "
	"the enrolment and clean-up fixes of every namespace (AL2001 to "
	"AL2007) are withheld too, and name the multicluster resource, "
	"unless the option --migrate-blocked is given. One rule with a "
	"severity per "
	"version, rather than a rule per version, keeps one id to select, "
	"ignore or configure. There is no automatic fix.",
	.kinds = NULL,
	.check = check_multicluster,
	.example_bad = mc_bad,
	.example_good = mc_good,
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- AL5004 primary-remote ---------------------------------------------- */

static int check_primary_remote(struct alint_rule_ctx *rctx,
				const struct alint_resource *res,
				void *payload)
{
	const struct alint_node *n;
	const char *what = NULL;
	struct inst in;
	char name[600];

	if (kind_is(res, "Namespace")) {
		n = alint_node_get_key(alint_resource_annotations(res),
				       CONTROL_PLANE_ANNOTATION);
		if (n == NULL)
			return 0;
		alint_rule_report(rctx, n,
			"Namespace %s names the clusters whose istiod "
			"controls it (topology.istio.io/controlPlaneClusters): "
			"a primary-remote or external control plane topology, "
			"which ambient mode does not support at any version "
			"(only multi-primary clusters are); keep the mesh in "
			"sidecar mode", alint_resource_name(res));
		return 0;
	}
	if (!inst_get(&in, res))
		return 0;
	n = inst_primary_remote(&in, &what);
	if (n == NULL)
		return 0;
	if (in.iop)
		res_name(res, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "Helm values");
	alint_rule_report(rctx, n,
		"%s: %s makes this a primary-remote install (a cluster "
		"served by an istiod in another cluster), which ambient mode "
		"does not support at any version (only multi-primary "
		"clusters are); keep the mesh in sidecar mode", name, what);
	return 0;
}

const struct alint_rule alint__rule_primary_remote = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5004",
	.name = "primary-remote",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_BLOCKER,
	.summary = "primary-remote multicluster, which ambient mode does not "
		"support",
	.doc =
	"In a primary-remote (or external control plane) mesh, the "
	"clusters of the mesh are served by an istiod that runs in another "
	"cluster. Istio's migration guide lists primary-remote "
	"configurations among the features ambient mode does not support: "
	"\"Only multiple-primary clusters are supported\". This holds for "
	"every version, the Alpha (1.27) and Beta (1.29) ambient "
	"multicluster included.\n"
	"\n"
	"Signals: in install configurations (IstioOperator, Helm values: "
	"see AL5050), the profile remote (spec.profile, "
	"spec.values.profile, or the Helm profile key), "
	"istiodRemote.enabled: true, global.remotePilotAddress (a remote "
	"cluster pointing at the primary's istiod), global.externalIstiod: "
	"true and the istiod env EXTERNAL_ISTIOD=true (an istiod that "
	"serves other clusters); and the Namespace annotation "
	"topology.istio.io/controlPlaneClusters.\n"
	"\n"
	"The findings are migration blockers of the whole mesh, at the "
	"install phase: the readiness table lists them in the row "
	"(cluster) and counts each as a blocker of every namespace, and the "
	"enrolment and clean-up fixes of every namespace (AL2001 to AL2007) "
	"are withheld, unless the option --migrate-blocked is given. AL5050 "
	"does not offer to change the profile of such an install. There is "
	"no automatic fix.",
	.kinds = NULL,
	.check = check_primary_remote,
	.example_bad =
	"profile: remote\n"
	"global:\n"
	"  remotePilotAddress: 192.0.2.40\n"
	"istiodRemote:\n"
	"  injectionPath: /inject/cluster/cluster-west/net/network1\n",
	.example_good =
	"profile: ambient\n"
	"global:\n"
	"  meshID: mesh1\n",
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- AL5005 single-network-multicluster --------------------------------- */

static int check_single_network(struct alint_rule_ctx *rctx,
				const struct alint_resource *res,
				void *payload)
{
	const struct alint_node *g, *mc, *net;
	const char *what = NULL;
	struct inst in;
	char name[600];
	size_t len;

	if (!inst_get(&in, res) || inst_primary_remote(&in, &what) != NULL)
		return 0;
	g = map_get(in.values, "global");
	mc = map_get(g, "multiCluster");
	if (mc == NULL || (alint_node_get(mc, "clusterName") == NULL &&
			   !inst_true(alint_node_get(mc, "enabled"))))
		return 0;
	if (inst_false(alint_node_get(mc, "enabled")))
		return 0;
	net = alint_node_get(g, "network");
	if (text_of(net, &len) != NULL && len > 0)
		return 0;
	if (in.iop)
		res_name(res, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "Helm values");
	alint_rule_report(rctx, alint_node_get_key(g, "multiCluster"),
		"%s: a multicluster install without values.global.network "
		"puts every cluster on one network; ambient multicluster is "
		"only supported for multi-network meshes, and single-network "
		"multicluster is \"untested, and may be broken\" in ambient "
		"mode at every version: give each network its name", name);
	return 0;
}

const struct alint_rule alint__rule_single_network_multicluster = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5005",
	.name = "single-network-multicluster",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "single-network multicluster, untested in ambient mode",
	.doc =
	"Ambient multicluster (Alpha in 1.27, Beta in 1.29) is built for "
	"multi-network meshes: each network reaches the others through an "
	"east-west gateway of class istio-east-west, in double HBONE. "
	"Istio's documentation says that \"multi-cluster single-network "
	"configurations are untested, and may be broken\", and no later "
	"release says otherwise: a warning at every version.\n"
	"\n"
	"The rule reports install configurations (IstioOperator, Helm "
	"values: see AL5050) that make the cluster part of a multicluster "
	"mesh (values.global.multiCluster with a clusterName, or enabled: "
	"true) without naming its network (values.global.network empty or "
	"absent). A primary-remote install is reported by AL5004 instead. "
	"Remote secrets and other signals in other files are not matched "
	"against the install.\n"
	"\n"
	"There is no automatic fix: name each cluster's network "
	"(values.global.network and the label topology.istio.io/network on "
	"the Istio namespace) and deploy east-west gateways.",
	.kinds = NULL,
	.check = check_single_network,
	.example_bad =
	"apiVersion: install.istio.io/v1alpha1\n"
	"kind: IstioOperator\n"
	"metadata:\n"
	"  name: control-plane\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  profile: ambient\n"
	"  values:\n"
	"    global:\n"
	"      meshID: mesh1\n"
	"      multiCluster:\n"
	"        clusterName: cluster-east\n",
	.example_good =
	"apiVersion: install.istio.io/v1alpha1\n"
	"kind: IstioOperator\n"
	"metadata:\n"
	"  name: control-plane\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  profile: ambient\n"
	"  values:\n"
	"    global:\n"
	"      meshID: mesh1\n"
	"      multiCluster:\n"
	"        clusterName: cluster-east\n"
	"      network: network-east\n",
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- the mesh-wide blocker (blockers.h) --------------------------------- */

const char *blockers_mesh_wide(struct alint_rule_ctx *rctx, char *buf,
			       size_t len, const struct alint_resource **res)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	bool mc = mc_level_of(rctx) == MC_UNSUPPORTED;
	const struct alint_resource *r;
	const char *what = NULL;
	struct mc_signal s;
	struct inst in;
	char name[600], ver[16];
	size_t c, i;

	if (res != NULL)
		*res = NULL;
	version_text(rctx, ver, sizeof(ver));
	for (c = 0; c < ALINT_INDEX_NCLASSES; c++)
		for (i = 0; i < alint_index_count(idx, c); i++) {
			r = alint_index_get(idx, c, i);
			if (alint_resource_kind(r)[0] != '\0')
				res_name(r, name, sizeof(name));
			else
				snprintf(name, sizeof(name), "Helm values");
			if (kind_is(r, "Namespace") &&
			    alint_node_get(alint_resource_annotations(r),
					   CONTROL_PLANE_ANNOTATION) != NULL)
				what = "names the clusters of its control "
					"plane (primary-remote), which ambient "
					"mode does not support";
			else if (inst_get(&in, r) &&
				 inst_primary_remote(&in, &what) != NULL)
				what = "is a primary-remote install, which "
					"ambient mode does not support";
			else if (mc && mc_get(&s, r))
				what = "makes the mesh multicluster, which "
					"ambient mode does not support before "
					"Istio 1.27";
			else
				continue;
			snprintf(buf, len, "%s %s (target %s)", name, what,
				 ver);
			if (res != NULL)
				*res = r;
			return buf;
		}
	return NULL;
}
