/*
 * install.c - the install configuration rule family (AL5050-AL5054)
 *
 * Ambient mode is a way of installing Istio before it is a way of
 * enrolling pods: istiod with PILOT_ENABLE_AMBIENT, istio-cni with its
 * ambient redirection, the ztunnel DaemonSet, and, for sidecars that must
 * talk to ambient pods during the migration, ISTIO_META_ENABLE_HBONE in
 * their proxy metadata. The ambient profile sets all of them. These rules
 * read the install configurations among the inputs, IstioOperator
 * resources and Helm values files of the Istio charts, and report what
 * keeps ambient mode off.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "common.h"
#include "install.h"

/* ---- install configurations --------------------------------------------- */

static const char *const profiles[] = {
	"ambient", "default", "demo", "empty", "minimal", "openshift",
	"openshift-ambient", "preview", "remote", "stable", NULL
};

static bool in_list(const struct alint_node *n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (text_is(n, list[i]))
			return true;
	return false;
}

bool inst_profile_known(const struct alint_node *n)
{
	return in_list(n, profiles);
}

bool inst_profile_ambient(const struct alint_node *n)
{
	return text_is(n, "ambient") || text_is(n, "openshift-ambient");
}

bool inst_true(const struct alint_node *n)
{
	return text_ieq(n, "true");
}

bool inst_false(const struct alint_node *n)
{
	return text_ieq(n, "false");
}

/* Whether map has one of keys. */
static bool has_key(const struct alint_node *map, const char *const *keys)
{
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (alint_node_get_key(map, keys[i]) != NULL)
			return true;
	return false;
}

static bool helm_values(const struct alint_node *root)
{
	static const char *const istio_keys[] = {
		"meshConfig", "pilot", "istiodRemote",
		"sidecarInjectorWebhook", "istio_cni", "revisionTags", NULL
	};
	static const char *const cni_keys[] = {
		"ambient", "cniBinDir", "cniConfDir", "chained",
		"excludeNamespaces", NULL
	};
	static const char *const global_keys[] = {
		"istioNamespace", "meshID", "multiCluster", "network",
		"meshNetworks", "remotePilotAddress", "externalIstiod", NULL
	};

	if (!is_mapping(root) || alint_node_get_key(root, "apiVersion") ||
	    alint_node_get_key(root, "kind") ||
	    alint_node_get_key(root, "metadata"))
		return false;
	return has_key(root, istio_keys) ||
		has_key(map_get(root, "cni"), cni_keys) ||
		map_get(root, "ztunnel") != NULL ||
		has_key(map_get(root, "global"), global_keys) ||
		inst_profile_known(alint_node_get(root, "profile"));
}

bool inst_get(struct inst *in, const struct alint_resource *res)
{
	const struct alint_node *root = alint_resource_root(res);

	memset(in, 0, sizeof(*in));
	in->res = res;
	if (kind_is(res, "IstioOperator") &&
	    strcmp(alint_resource_group(res), "install.istio.io") == 0) {
		in->iop = true;
		in->top = map_get(root, "spec");
		if (in->top == NULL)
			return false;
		in->values = map_get(in->top, "values");
		in->components = map_get(in->top, "components");
		in->profile = alint_node_get(in->top, "profile");
		in->values_profile = alint_node_get(in->values, "profile");
		return true;
	}
	if (alint_resource_kind(res)[0] != '\0' || !helm_values(root))
		return false;
	in->top = root;
	in->values = root;
	in->profile = alint_node_get(root, "profile");
	return true;
}

const struct alint_node *inst_pilot_env(const struct inst *in,
					const char *name,
					const struct alint_node **key)
{
	const struct alint_node *env, *e, *v;

	env = map_get(map_get(in->values, "pilot"), "env");
	if (env != NULL && alint_node_get_key(env, name) != NULL) {
		if (key != NULL)
			*key = alint_node_get_key(env, name);
		return alint_node_get(env, name);
	}
	env = seq_get(map_get(map_get(in->components, "pilot"), "k8s"),
		      "env");
	for (e = alint_node_first(env); e != NULL; e = alint_node_next(e)) {
		if (!text_is(alint_node_get(e, "name"), name))
			continue;
		v = alint_node_get(e, "value");
		if (key != NULL)
			*key = v != NULL ? alint_node_get_key(e, "value") :
				alint_node_get_key(e, "name");
		return v;
	}
	if (key != NULL)
		*key = NULL;
	return NULL;
}

const struct alint_node *inst_primary_remote(const struct inst *in,
					     const char **what)
{
	const struct alint_node *g = map_get(in->values, "global");
	const struct alint_node *n, *k;
	size_t len;

	if (text_is(in->profile, "remote")) {
		*what = "profile remote";
		return in->profile;
	}
	if (text_is(in->values_profile, "remote")) {
		*what = "values.profile remote";
		return in->values_profile;
	}
	n = alint_node_path(in->values, "istiodRemote", "enabled", NULL);
	if (inst_true(n)) {
		*what = "istiodRemote.enabled true";
		return n;
	}
	n = alint_node_get(g, "remotePilotAddress");
	if (text_of(n, &len) != NULL && len > 0) {
		*what = "global.remotePilotAddress (istiod in another "
			"cluster)";
		return n;
	}
	n = alint_node_get(g, "externalIstiod");
	if (inst_true(n)) {
		*what = "global.externalIstiod true (istiod serving remote "
			"clusters)";
		return n;
	}
	n = inst_pilot_env(in, "EXTERNAL_ISTIOD", &k);
	if (inst_true(n)) {
		*what = "istiod env EXTERNAL_ISTIOD true";
		return k;
	}
	return NULL;
}

/*
 * "IstioOperator istio-system/control-plane" or "Helm values"; without a
 * metadata.namespace, "IstioOperator control-plane": the run's default
 * namespace is not where istioctl installs the control plane.
 */
static void inst_name(const struct inst *in, char *buf, size_t len)
{
	bool ns = alint_node_path(alint_resource_root(in->res), "metadata",
				  "namespace", NULL) != NULL;

	if (in->iop)
		snprintf(buf, len, "IstioOperator %s%s%s",
			 ns ? alint_resource_namespace(in->res) : "",
			 ns && alint_resource_name(in->res)[0] ? "/" : "",
			 alint_resource_name(in->res));
	else
		snprintf(buf, len, "Helm values");
}

/* Where a finding about the whole install points: spec, or the root. */
static const struct alint_node *inst_anchor(const struct inst *in)
{
	if (in->iop)
		return alint_node_get_key(alint_resource_root(in->res),
					  "spec");
	return NULL;
}

/* Whether ambient is switched on by hand: PILOT_ENABLE_AMBIENT true. */
static bool ambient_by_hand(const struct inst *in)
{
	return inst_true(inst_pilot_env(in, "PILOT_ENABLE_AMBIENT", NULL));
}

/* Whether the install's profiles give ambient (either profile key). */
static bool profile_ambient(const struct inst *in)
{
	return inst_profile_ambient(in->profile) ||
		inst_profile_ambient(in->values_profile);
}

/* ---- AL5050 install-profile-not-ambient --------------------------------- */

/*
 * Report a profile key with a value other than ambient. empty is a
 * partial install (gateways, an external control plane) that does not
 * decide the data plane: not reported.
 */
static int report_profile(struct alint_rule_ctx *rctx, const struct inst *in,
			  const struct alint_node *p, const char *where)
{
	const struct alint_node *remote;
	const char *what = NULL, *t, *to;
	struct alint_finding *f;
	char name[300], desc[120];
	size_t len;
	int rc;

	t = text_of(p, &len);
	if (p == NULL || inst_profile_ambient(p) || text_is(p, "empty"))
		return 0;
	if (t == NULL) {
		t = "";
		len = 0;
	}
	inst_name(in, name, sizeof(name));
	remote = inst_primary_remote(in, &what);
	if (remote != NULL) {
		alint_rule_report(rctx, p,
			"%s: %s %.*s does not install ambient mode, and this "
			"is a primary-remote install (%s), which ambient mode "
			"does not support (AL5004): no fix, change the "
			"topology first",
			name, where, msg_len(len), t, what);
		return 0;
	}
	to = text_is(p, "openshift") ? "openshift-ambient" : "ambient";
	f = alint_rule_report(rctx, p,
		"%s: %s %.*s does not install ambient mode: %s, so pods "
		"labelled istio.io/dataplane-mode=ambient get neither mTLS "
		"nor policy; use %s %s", name, where, msg_len(len), t,
		in->iop ? "istiod runs without PILOT_ENABLE_AMBIENT, and no "
		"ztunnel or ambient istio-cni is installed" :
		"with it the istiod chart leaves PILOT_ENABLE_AMBIENT off "
		"and the istio-cni chart its ambient redirection",
		where, to);
	if (f == NULL)
		return 0;
	snprintf(desc, sizeof(desc), "set %s to %s", where, to);
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, desc);
	if (rc == 0)
		rc = alint_fix_replace_value(f, p, to);
	return fix_rc(rc);
}

static int check_profile(struct alint_rule_ctx *rctx,
			 const struct alint_resource *res, void *payload)
{
	struct inst in;
	char name[300];
	int rc;

	if (!inst_get(&in, res))
		return 0;
	rc = report_profile(rctx, &in, in.profile,
			    in.iop ? "spec.profile" : "profile");
	if (rc == 0 && in.iop)
		rc = report_profile(rctx, &in, in.values_profile,
				    "spec.values.profile");
	if (rc < 0)
		return rc;
	/* an IstioOperator without a profile: the default profile */
	if (in.iop && in.profile == NULL && in.values_profile == NULL &&
	    !ambient_by_hand(&in)) {
		inst_name(&in, name, sizeof(name));
		alint_rule_report(rctx, inst_anchor(&in),
			"%s has no spec.profile, so istioctl installs the "
			"default profile: no ztunnel, no ambient istio-cni, "
			"istiod without PILOT_ENABLE_AMBIENT, and pods "
			"labelled "
			"istio.io/dataplane-mode=ambient get neither mTLS nor "
			"policy; add spec.profile: ambient", name);
	}
	return 0;
}

static const char profile_bad[] =
	"apiVersion: install.istio.io/v1alpha1\n"
	"kind: IstioOperator\n"
	"metadata:\n"
	"  name: control-plane\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  profile: default\n"
	"  meshConfig:\n"
	"    accessLogFile: /dev/stdout\n";

static const char profile_good[] =
	"apiVersion: install.istio.io/v1alpha1\n"
	"kind: IstioOperator\n"
	"metadata:\n"
	"  name: control-plane\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  profile: ambient\n"
	"  meshConfig:\n"
	"    accessLogFile: /dev/stdout\n";

#define INSTALL_DOC_DETECTION \
	"Install configurations are IstioOperator resources " \
	"(install.istio.io/v1alpha1) and Helm values files of the Istio " \
	"charts. A values file has no apiVersion or kind, so it is " \
	"recognised by its content, whatever its file name: a mapping " \
	"document without apiVersion, kind and metadata whose top-level " \
	"keys include one that only the Istio charts use (meshConfig, " \
	"pilot, istiodRemote, sidecarInjectorWebhook, istio_cni, " \
	"revisionTags), a cni mapping with keys of the istio-cni chart " \
	"(ambient, cniBinDir, cniConfDir, chained, excludeNamespaces), a " \
	"ztunnel mapping, a global mapping with Istio keys (istioNamespace, " \
	"meshID, multiCluster, network, meshNetworks, remotePilotAddress, " \
	"externalIstiod), or a profile key whose value is an Istio profile " \
	"(ambient, default, demo, empty, minimal, openshift, " \
	"openshift-ambient, preview, remote, stable). Values given on the " \
	"command line (--set) are not seen."

const struct alint_rule alint__rule_install_profile_not_ambient = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5050",
	.name = "install-profile-not-ambient",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "install configuration uses a profile that does not "
		"install ambient mode",
	.doc =
	"Ambient mode needs its own components: istiod with "
	"PILOT_ENABLE_AMBIENT=true (it gates every ambient feature of "
	"istiod), istio-cni with cni.ambient.enabled=true (it redirects the "
	"traffic of ambient pods to the node's ztunnel), the ztunnel "
	"DaemonSet, and ISTIO_META_ENABLE_HBONE=true in the sidecars' proxy "
	"metadata, for sidecar and ambient pods to talk during the "
	"migration. The ambient profile sets all of them: istioctl's "
	"spec.profile: ambient enables the cni and ztunnel components and "
	"sets values.profile: ambient, and the charts' profile: ambient "
	"sets the chart values. Installed with another profile, a "
	"namespace labelled istio.io/dataplane-mode=ambient is not captured "
	"by anything: its pods lose the sidecar and get no mTLS and no "
	"policy.\n"
	"\n"
	"The rule reports spec.profile and spec.values.profile of an "
	"IstioOperator, and the profile key of Helm values, when the value "
	"is not ambient (openshift-ambient counts as ambient), and an "
	"IstioOperator without either (istioctl then installs the default "
	"profile) unless it turns ambient on by hand with the istiod env "
	"PILOT_ENABLE_AMBIENT=true (AL5051 to AL5054 then check the rest). "
	"The profile empty is a partial install (gateways only, an external "
	"control plane) and is not reported. Helm values without a profile "
	"key are left to AL5051 and AL5053: the profile may be given with "
	"--set.\n"
	"\n"
	INSTALL_DOC_DETECTION "\n"
	"\n"
	"The fix (safe) sets the existing profile key to ambient "
	"(openshift becomes openshift-ambient). It changes what is "
	"installed, on purpose: the migration starts with this step, and "
	"the ambient profile keeps sidecar injection working, so the "
	"namespaces that are not migrated yet keep their sidecars. Settings "
	"of the file that contradict the profile (AL5051 to AL5053) stay "
	"and are reported. An install that is itself a migration blocker, "
	"a primary-remote install (profile remote, istiodRemote.enabled, "
	"global.remotePilotAddress, global.externalIstiod, EXTERNAL_ISTIOD: "
	"see AL5004), gets no fix: the finding says why. A missing profile "
	"key gets no fix either.",
	.kinds = NULL,
	.check = check_profile,
	.example_bad = profile_bad,
	.example_good = profile_good,
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- AL5051 install-cni-ambient-disabled -------------------------------- */

static int check_cni(struct alint_rule_ctx *rctx,
		     const struct alint_resource *res, void *payload)
{
	static const char *const cni_keys[] = {
		"ambient", "cniBinDir", "cniConfDir", "chained",
		"excludeNamespaces", NULL
	};
	struct inst in;
	const struct alint_node *n, *cni;
	char name[300];

	if (!inst_get(&in, res))
		return 0;
	inst_name(&in, name, sizeof(name));
	n = alint_node_path(in.components, "cni", "enabled", NULL);
	if (inst_false(n))
		alint_rule_report(rctx, n,
			"%s: components.cni.enabled is false: ambient mode "
			"needs istio-cni on every node to redirect the traffic "
			"of ambient pods to ztunnel; without it pods labelled "
			"istio.io/dataplane-mode=ambient are not captured and "
			"get neither mTLS nor policy", name);
	cni = map_get(in.values, "cni");
	n = alint_node_path(cni, "ambient", "enabled", NULL);
	if (inst_false(n))
		alint_rule_report(rctx, n,
			"%s: cni.ambient.enabled is false: istio-cni then "
			"only prepares sidecar pods and ignores "
			"istio.io/dataplane-mode=ambient, so ambient pods are "
			"not redirected to ztunnel and get neither mTLS nor "
			"policy", name);
	/* the istio-cni chart's own values, ambient left at its default */
	else if (!in.iop && n == NULL && in.profile == NULL &&
		 has_key(cni, cni_keys))
		alint_rule_report(rctx, alint_node_get_key(in.top, "cni"),
			"%s of the istio-cni chart do not enable ambient: "
			"cni.ambient.enabled defaults to false and there is no "
			"profile: ambient, so ambient pods would not be "
			"redirected to ztunnel; set profile: ambient (or "
			"cni.ambient.enabled: true)", name);
	return 0;
}

const struct alint_rule alint__rule_install_cni_ambient_disabled = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5051",
	.name = "install-cni-ambient-disabled",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "install configuration turns off istio-cni or its "
		"ambient redirection",
	.doc =
	"In ambient mode the istio-cni node agent is not optional: it sets "
	"up the redirection of each ambient pod's traffic into the node's "
	"ztunnel (inside the pod's network namespace), and it does so only "
	"when cni.ambient.enabled is true, which the ambient profile sets. "
	"Without istio-cni, or with its ambient mode off, a pod labelled "
	"istio.io/dataplane-mode=ambient is never captured: once its "
	"sidecar is gone it sends and receives plain text, outside every "
	"policy.\n"
	"\n"
	"The rule reports components.cni.enabled: false in an IstioOperator "
	"and cni.ambient.enabled: false in IstioOperator values or Helm "
	"values, which win over the profile; and Helm values of the "
	"istio-cni chart (a cni mapping with keys of that chart) with "
	"neither a profile key nor cni.ambient.enabled, where the chart's "
	"default, false, applies. A profile key that is not ambient is "
	"reported by AL5050 instead.\n"
	"\n"
	INSTALL_DOC_DETECTION "\n"
	"\n"
	"There is no automatic fix: remove the setting, or set it to true.",
	.kinds = NULL,
	.check = check_cni,
	.example_bad =
	"profile: ambient\n"
	"cni:\n"
	"  cniBinDir: /var/lib/cni/bin\n"
	"  ambient:\n"
	"    enabled: false\n",
	.example_good =
	"profile: ambient\n"
	"cni:\n"
	"  cniBinDir: /var/lib/cni/bin\n"
	"  ambient:\n"
	"    dnsCapture: true\n",
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- AL5052 install-ztunnel-disabled ------------------------------------ */

static int check_ztunnel(struct alint_rule_ctx *rctx,
			 const struct alint_resource *res, void *payload)
{
	struct inst in;
	const struct alint_node *n;
	char name[300];

	if (!inst_get(&in, res))
		return 0;
	inst_name(&in, name, sizeof(name));
	n = alint_node_path(in.components, "ztunnel", "enabled", NULL);
	if (!inst_false(n))
		n = alint_node_path(in.values, "ztunnel", "enabled", NULL);
	if (inst_false(n))
		alint_rule_report(rctx, n,
			"%s: ztunnel is disabled: ztunnel is the node proxy of "
			"ambient mode, which carries the traffic of ambient "
			"pods in mTLS and enforces L4 policy; without it pods "
			"labelled istio.io/dataplane-mode=ambient have no data "
			"plane", name);
	return 0;
}

const struct alint_rule alint__rule_install_ztunnel_disabled = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5052",
	.name = "install-ztunnel-disabled",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "install configuration disables ztunnel",
	.doc =
	"ztunnel is the per-node proxy of ambient mode, a DaemonSet in the "
	"Istio namespace: it carries the traffic of every ambient pod of "
	"its node in HBONE (mTLS) and enforces L4 AuthorizationPolicies "
	"and PeerAuthentication. istioctl installs it with the ambient "
	"profile (components.ztunnel.enabled: true); with Helm it is its "
	"own chart (istio/ztunnel), or the ztunnel part of the istio/ambient "
	"wrapper chart. Disabled, nothing carries the traffic of the pods "
	"that the migration enrols.\n"
	"\n"
	"The rule reports components.ztunnel.enabled: false in an "
	"IstioOperator and ztunnel.enabled: false in values (the wrapper "
	"chart). A separate Helm release of the ztunnel chart cannot be "
	"seen from other values files: its absence is not reported.\n"
	"\n"
	INSTALL_DOC_DETECTION "\n"
	"\n"
	"There is no automatic fix: remove the setting or set it to true.",
	.kinds = NULL,
	.check = check_ztunnel,
	.example_bad =
	"apiVersion: install.istio.io/v1alpha1\n"
	"kind: IstioOperator\n"
	"metadata:\n"
	"  name: control-plane\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  profile: ambient\n"
	"  components:\n"
	"    ztunnel:\n"
	"      enabled: false\n",
	.example_good =
	"apiVersion: install.istio.io/v1alpha1\n"
	"kind: IstioOperator\n"
	"metadata:\n"
	"  name: control-plane\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  profile: ambient\n"
	"  components:\n"
	"    ztunnel:\n"
	"      enabled: true\n",
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- AL5053 install-pilot-ambient-off ----------------------------------- */

static int check_pilot(struct alint_rule_ctx *rctx,
		       const struct alint_resource *res, void *payload)
{
	struct inst in;
	const struct alint_node *v, *k = NULL;
	char name[300];

	if (!inst_get(&in, res))
		return 0;
	inst_name(&in, name, sizeof(name));
	v = inst_pilot_env(&in, "PILOT_ENABLE_AMBIENT", &k);
	if (inst_false(v)) {
		alint_rule_report(rctx, v,
			"%s: istiod env PILOT_ENABLE_AMBIENT is false: it "
			"gates every ambient feature of istiod, which then "
			"sends ztunnel no workloads and no policies and runs "
			"no waypoints, even with the ambient profile", name);
		return 0;
	}
	/* istiod chart values, left at the chart's default (false) */
	if (!in.iop && v == NULL && in.profile == NULL &&
	    (alint_node_get_key(in.top, "pilot") != NULL ||
	     alint_node_get_key(in.top, "meshConfig") != NULL))
		alint_rule_report(rctx, alint_node_get_key(in.top,
			alint_node_get_key(in.top, "pilot") ? "pilot" :
			"meshConfig"),
			"%s of the istiod chart do not enable ambient: "
			"PILOT_ENABLE_AMBIENT defaults to false and there is "
			"no profile: ambient, so istiod would send ztunnel no "
			"workloads and no policies; set profile: ambient (or "
			"pilot.env.PILOT_ENABLE_AMBIENT: \"true\")", name);
	return 0;
}

const struct alint_rule alint__rule_install_pilot_ambient_off = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5053",
	.name = "install-pilot-ambient-off",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "istiod runs without PILOT_ENABLE_AMBIENT",
	.doc =
	"The istiod environment variable PILOT_ENABLE_AMBIENT (default "
	"false) gates every ambient feature of istiod: the workload and "
	"policy configuration it sends to ztunnel, waypoints, and the "
	"other ambient flags (PILOT_ENABLE_AMBIENT_WAYPOINTS and the like "
	"only act with it). The ambient profile sets it to \"true\" "
	"(pilot.env in the charts). Without it, ztunnel learns nothing "
	"about the mesh's workloads and ambient pods get no mTLS and no "
	"policy.\n"
	"\n"
	"The rule reports PILOT_ENABLE_AMBIENT set to false in "
	"values.pilot.env of an IstioOperator or Helm values, or in the "
	"list form of components.pilot.k8s.env of an IstioOperator; such a "
	"setting wins over the profile. It also reports Helm values of the "
	"istiod chart (a pilot or meshConfig key) that have neither a "
	"profile key nor the variable, where the chart default applies. "
	"A profile key that is not ambient is reported by AL5050 instead.\n"
	"\n"
	INSTALL_DOC_DETECTION "\n"
	"\n"
	"There is no automatic fix: remove the setting, or set it to "
	"\"true\".",
	.kinds = NULL,
	.check = check_pilot,
	.example_bad =
	"profile: ambient\n"
	"pilot:\n"
	"  env:\n"
	"    PILOT_ENABLE_AMBIENT: \"false\"\n",
	.example_good =
	"profile: ambient\n"
	"pilot:\n"
	"  env:\n"
	"    PILOT_TRACE_SAMPLING: \"1.0\"\n",
	.phase = ALINT_PHASE_INSTALL,
};

/* ---- AL5054 install-hbone-interop-missing ------------------------------- */

static int check_hbone(struct alint_rule_ctx *rctx,
		       const struct alint_resource *res, void *payload)
{
	struct inst in;
	const struct alint_node *mc, *pm, *v, *k = NULL;
	char name[300];

	if (!inst_get(&in, res))
		return 0;
	inst_name(&in, name, sizeof(name));
	mc = in.iop ? map_get(in.top, "meshConfig") : NULL;
	pm = map_get(map_get(mc, "defaultConfig"), "proxyMetadata");
	v = alint_node_get(pm, "ISTIO_META_ENABLE_HBONE");
	if (v == NULL) {
		mc = map_get(in.values, "meshConfig");
		pm = map_get(map_get(mc, "defaultConfig"), "proxyMetadata");
		v = alint_node_get(pm, "ISTIO_META_ENABLE_HBONE");
	}
	if (inst_false(v)) {
		alint_rule_report(rctx, v,
			"%s: ISTIO_META_ENABLE_HBONE is false in "
			"meshConfig.defaultConfig.proxyMetadata: sidecars "
			"then neither send nor accept HBONE, so during the "
			"migration sidecar pods and ambient pods cannot talk "
			"to each other in mTLS", name);
		return 0;
	}
	if (v != NULL || profile_ambient(&in) || !ambient_by_hand(&in))
		return 0;
	inst_pilot_env(&in, "PILOT_ENABLE_AMBIENT", &k);
	alint_rule_report(rctx, k,
		"%s: ambient is turned on by hand (PILOT_ENABLE_AMBIENT), "
		"without the ambient profile and without "
		"ISTIO_META_ENABLE_HBONE: \"true\" in "
		"meshConfig.defaultConfig.proxyMetadata: the sidecars "
		"neither send nor accept HBONE, so during the migration "
		"sidecar pods and ambient pods cannot talk to each other in "
		"mTLS (restart the sidecars after setting it)", name);
	return 0;
}

const struct alint_rule alint__rule_install_hbone_interop_missing = {
	.version = ALINT_RULE_VERSION,
	.id = "AL5054",
	.name = "install-hbone-interop-missing",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "sidecars of an ambient install lack "
		"ISTIO_META_ENABLE_HBONE",
	.doc =
	"A migration runs sidecar pods and ambient pods side by side. For "
	"them to talk in mTLS, the sidecars must speak HBONE, the tunnel "
	"protocol of ztunnel and waypoints: that is the proxy metadata "
	"ISTIO_META_ENABLE_HBONE=\"true\" in "
	"meshConfig.defaultConfig.proxyMetadata. The ambient profile sets "
	"it; existing sidecars pick it up when their pods restart.\n"
	"\n"
	"The rule reports ISTIO_META_ENABLE_HBONE set to false (in "
	"spec.meshConfig or spec.values.meshConfig of an IstioOperator, or "
	"meshConfig of Helm values), and an install that turns ambient on "
	"by hand (istiod env PILOT_ENABLE_AMBIENT=true) without the ambient "
	"profile and without the metadata. An install with a profile that "
	"is not ambient is reported by AL5050.\n"
	"\n"
	INSTALL_DOC_DETECTION "\n"
	"\n"
	"There is no automatic fix: set the metadata to \"true\", or use the "
	"ambient profile, then restart the sidecar pods.",
	.kinds = NULL,
	.check = check_hbone,
	.example_bad =
	"pilot:\n"
	"  env:\n"
	"    PILOT_ENABLE_AMBIENT: \"true\"\n"
	"meshConfig:\n"
	"  accessLogFile: /dev/stdout\n",
	.example_good =
	"pilot:\n"
	"  env:\n"
	"    PILOT_ENABLE_AMBIENT: \"true\"\n"
	"meshConfig:\n"
	"  accessLogFile: /dev/stdout\n"
	"  defaultConfig:\n"
	"    proxyMetadata:\n"
	"      ISTIO_META_ENABLE_HBONE: \"true\"\n",
	.phase = ALINT_PHASE_INSTALL,
};
