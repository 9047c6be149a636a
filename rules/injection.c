/*
 * injection.c - the sidecar-injection rule family (AL2001-AL2006)
 *
 * Sidecar mode enrols pods through the injector's webhooks: namespace
 * labels istio-injection and istio.io/rev, the pod label (or deprecated
 * annotation) sidecar.istio.io/inject, and, once injected, the
 * sidecar.istio.io/status annotation and the istio-proxy container. Ambient
 * mode enrols through istio.io/dataplane-mode, and istio-cni leaves out any
 * pod that has a sidecar. These rules find the sidecar-mode controls that
 * a migration has to change, and the combinations that silently keep pods
 * out of ambient.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#define INJECTION_LABEL "istio-injection"
#define REV_LABEL "istio.io/rev"
#define MODE_LABEL "istio.io/dataplane-mode"
#define INJECT_KEY "sidecar.istio.io/inject"
#define STATUS_ANNOTATION "sidecar.istio.io/status"
#define TEMPLATES_ANNOTATION "inject.istio.io/templates"

/* Longest scalar quoted in a message; the rest is cut. */
#define MSG_TEXT_MAX 120

/* Pods and every kind with a pod template. */
static const char *const pod_kinds[] = {
	"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "Job", "CronJob", "Rollout",
	"DeploymentConfig", "PodTemplate", NULL
};

/* The same without Pod: objects whose own metadata is not the pod's. */
static const char *const workload_kinds[] = {
	"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "Job", "CronJob", "Rollout",
	"DeploymentConfig", "PodTemplate", NULL
};

static const char *const namespace_kinds[] = { "Namespace", NULL };

/* ---- helpers ------------------------------------------------------------ */

static bool kind_is(const struct alint_resource *res, const char *kind)
{
	return strcmp(alint_resource_kind(res), kind) == 0;
}

static bool is_mapping(const struct alint_node *n)
{
	return n != NULL && alint_node_kind(n) == ALINT_NODE_MAPPING;
}

static int msg_len(size_t len)
{
	return len > MSG_TEXT_MAX ? MSG_TEXT_MAX : (int)len;
}

/* Decoded text of a scalar, aliases followed; NULL for anything else. */
static const char *text_of(const struct alint_node *n, size_t *len)
{
	if (n != NULL && alint_node_kind(n) == ALINT_NODE_ALIAS)
		n = alint_node_deref(n);
	if (n == NULL || alint_node_kind(n) != ALINT_NODE_SCALAR)
		return NULL;
	return alint_node_value(n, len);
}

/* Exact comparison of a scalar's decoded text (aliases followed). */
static bool text_is(const struct alint_node *n, const char *s)
{
	size_t len;
	const char *t = text_of(n, &len);

	return t != NULL && len == strlen(s) && memcmp(t, s, len) == 0;
}

/*
 * Case-insensitive comparison. An unquoted false or TRUE is a YAML 1.1
 * boolean whose decoded text is still the word: it is recognised here,
 * and AL1001 reports its type.
 */
static bool text_ieq(const struct alint_node *n, const char *s)
{
	size_t len;
	const char *t = text_of(n, &len);

	return t != NULL && len == strlen(s) && strncasecmp(t, s, len) == 0;
}

/* The pod template (the Pod itself for a Pod), or NULL. */
static const struct alint_node *pod_template(const struct alint_resource *res)
{
	const struct alint_node *t = alint_resource_pod_template(res);

	return is_mapping(t) ? t : NULL;
}

/* The labels and annotations of a pod or pod template. */
struct pod_meta {
	const struct alint_node *tmpl;
	const struct alint_node *labels;	/* mapping or NULL */
	const struct alint_node *annotations;	/* mapping or NULL */
	const char *where;			/* "pod" or "pod template" */
};

static bool pod_meta_get(struct pod_meta *pm, const struct alint_resource *res)
{
	const struct alint_node *meta;

	memset(pm, 0, sizeof(*pm));
	pm->tmpl = pod_template(res);
	if (pm->tmpl == NULL)
		return false;
	pm->where = pm->tmpl == alint_resource_root(res) ? "pod" :
		"pod template";
	meta = alint_node_get(pm->tmpl, "metadata");
	if (!is_mapping(meta))
		return true;
	pm->labels = alint_node_get(meta, "labels");
	if (!is_mapping(pm->labels))
		pm->labels = NULL;
	pm->annotations = alint_node_get(meta, "annotations");
	if (!is_mapping(pm->annotations))
		pm->annotations = NULL;
	return true;
}

/*
 * Whether the pod uses the gateway injection template
 * (inject.istio.io/templates: gateway): a gateway deployment, which keeps
 * its Envoy in ambient mode.
 */
static bool gateway_template(const struct pod_meta *pm)
{
	const char *t, *p, *q, *a, *b, *end;
	size_t len;

	if (pm->annotations == NULL)
		return false;
	t = text_of(alint_node_get(pm->annotations, TEMPLATES_ANNOTATION),
		    &len);
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
		if (b - a == 7 && memcmp(a, "gateway", 7) == 0)
			return true;
	}
	return false;
}

/* ---- namespaces (AL2001, AL2002) ---------------------------------------- */

struct ns_state {
	const struct alint_node *inj_key, *inj_val;	/* istio-injection */
	const struct alint_node *rev_key, *rev_val;	/* istio.io/rev */
	const struct alint_node *mode_key, *mode_val;	/* dataplane-mode */
	/* the label that makes the injector act, or NULL */
	const struct alint_node *active_key, *active_val;
	bool ambient;
};

static void ns_state_get(struct ns_state *st, const struct alint_resource *res)
{
	const struct alint_node *labels = alint_resource_labels(res);
	size_t len;

	memset(st, 0, sizeof(*st));
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
			st->active_key = st->inj_key;
			st->active_val = st->inj_val;
		}
	} else if (st->rev_key != NULL && text_of(st->rev_val, &len) != NULL &&
		   len > 0) {
		st->active_key = st->rev_key;
		st->active_val = st->rev_val;
	}
	st->ambient = st->mode_key != NULL && text_is(st->mode_val, "ambient");
}

/* "istio-injection=enabled" or "istio.io/rev=canary" */
static void label_text(char *buf, size_t sz, const struct alint_node *key,
		       const struct alint_node *val)
{
	const char *k, *v;
	size_t klen = 0, vlen = 0;

	k = text_of(key, &klen);
	v = text_of(val, &vlen);
	snprintf(buf, sz, "%.*s=%.*s", k != NULL ? msg_len(klen) : 0,
		 k != NULL ? k : "", v != NULL ? msg_len(vlen) : 0,
		 v != NULL ? v : "");
}

static int check_namespace_injection(struct alint_rule_ctx *rctx,
				     const struct alint_resource *res,
				     void *payload)
{
	struct ns_state st;
	struct alint_finding *f;
	char lbl[300], mode[300];
	int rc;

	ns_state_get(&st, res);
	if (st.active_key == NULL || st.ambient)
		return 0;
	label_text(lbl, sizeof(lbl), st.active_key, st.active_val);
	f = alint_rule_report(rctx, st.active_key,
		"namespace %s is in sidecar mode (%s): its pods get an Envoy "
		"sidecar; to migrate it to ambient, label it "
		"istio.io/dataplane-mode=ambient, remove %s and restart its "
		"pods", alint_resource_name(res), lbl,
		st.active_key == st.inj_key ? INJECTION_LABEL : REV_LABEL);
	if (f == NULL)
		return 0;
	if (st.active_key == st.inj_key && st.rev_key != NULL) {
		rc = alint_finding_related(f, res, st.rev_key,
			"istio.io/rev is ignored while istio-injection is set");
		if (rc < 0)
			return rc;
	}
	if (st.mode_key != NULL) {
		label_text(mode, sizeof(mode), st.mode_key, st.mode_val);
		rc = alint_finding_related(f, res, st.mode_key,
			"%s does not enrol the namespace in ambient; only "
			"istio.io/dataplane-mode=ambient does", mode);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_namespace_injection_label = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2001",
	.name = "namespace-injection-label",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "namespace enables sidecar injection and is not labelled "
		"for ambient",
	.doc =
	"In sidecar mode a namespace joins the mesh through a label that "
	"the sidecar injector's webhooks select: istio-injection=enabled, "
	"or istio.io/rev=<revision or tag> for revision-based and canary "
	"control planes. When both are present istio-injection wins: the "
	"istio.io/rev webhook only selects namespaces where istio-injection "
	"does not exist. Any other value of istio-injection, such as "
	"disabled, is an explicit opt-out: such a namespace is not in the "
	"mesh and is not reported, and an istio.io/rev label next to it "
	"does nothing.\n"
	"\n"
	"Ambient mode enrols a namespace with the label "
	"istio.io/dataplane-mode=ambient instead; no value of that label "
	"configures sidecars. This rule reports every namespace whose pods "
	"are injected (istio-injection=enabled, or a non-empty istio.io/rev "
	"without istio-injection) and that is not labelled "
	"istio.io/dataplane-mode=ambient: the namespaces still to migrate. "
	"An istio.io/dataplane-mode label with another value (none) does "
	"not enrol the namespace and is shown as a related location. The "
	"finding points at the label key that enables injection.\n"
	"\n"
	"The migration order from the Istio guide is: deploy the waypoints "
	"the namespace needs, label the namespace "
	"istio.io/dataplane-mode=ambient, remove the injection label, "
	"restart the pods so that they come back without a sidecar, then "
	"delete the old selector-based L7 policies. A namespace that has "
	"the ambient label but still the injection label is reported by "
	"AL2002 instead.",
	.kinds = namespace_kinds,
	.check = check_namespace_injection,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  labels:\n"
	"    istio-injection: enabled\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  labels:\n"
	"    istio.io/dataplane-mode: ambient\n",
};

static int check_namespace_injection_ambient(struct alint_rule_ctx *rctx,
					     const struct alint_resource *res,
					     void *payload)
{
	struct ns_state st;
	struct alint_finding *f;
	char lbl[300];
	int rc;

	ns_state_get(&st, res);
	if (st.active_key == NULL || !st.ambient)
		return 0;
	label_text(lbl, sizeof(lbl), st.active_key, st.active_val);
	f = alint_rule_report(rctx, st.active_key,
		"namespace %s has both %s and istio.io/dataplane-mode=ambient: "
		"the injector ignores the ambient label and still adds a "
		"sidecar to every pod, and istio-cni then leaves those pods "
		"out of ambient (the sidecar wins); remove %s",
		alint_resource_name(res), lbl,
		st.active_key == st.inj_key ? INJECTION_LABEL : REV_LABEL);
	if (f == NULL)
		return 0;
	rc = alint_finding_related(f, res, st.mode_key,
		"ambient enrolment, overridden by the sidecar");
	if (rc < 0)
		return rc;
	if (st.active_key == st.inj_key && st.rev_key != NULL) {
		rc = alint_finding_related(f, res, st.rev_key,
			"istio.io/rev is ignored while istio-injection is set; "
			"remove it as well");
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_namespace_injection_and_ambient = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2002",
	.name = "namespace-injection-and-ambient",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "namespace labelled for ambient still enables sidecar "
		"injection",
	.doc =
	"A namespace labelled istio.io/dataplane-mode=ambient that still "
	"enables sidecar injection (istio-injection=enabled, or istio.io/rev "
	"without istio-injection) does not get ambient mode. The sidecar "
	"injector has no ambient awareness: it keeps adding an Envoy "
	"sidecar to every new pod. istio-cni then sees the "
	"sidecar.istio.io/status annotation that injection adds and leaves "
	"the pod out of ambient (\"Ztunnel and sidecar for a single pod is "
	"currently not supported; opt out\"). The sidecar wins, and the "
	"namespace only looks migrated. istioctl analyze reports the same "
	"namespace as IST0123 (NamespaceMultipleInjectionLabels).\n"
	"\n"
	"The state is expected for a short time during a migration, between "
	"labelling the namespace ambient and removing the injection label, "
	"but it must not stay in the manifests. Remove the injection label "
	"(and an istio.io/rev label that istio-injection made inert) and "
	"restart the pods. istio-injection=disabled is an opt-out and is "
	"not reported.\n"
	"\n"
	"The finding points at the key of the label that enables injection; "
	"the istio.io/dataplane-mode label is a related location.",
	.kinds = namespace_kinds,
	.check = check_namespace_injection_ambient,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: payments\n"
	"  labels:\n"
	"    istio.io/dataplane-mode: ambient\n"
	"    istio.io/rev: canary\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: payments\n"
	"  labels:\n"
	"    istio.io/dataplane-mode: ambient\n",
};

/* ---- pods (AL2003, AL2004) ---------------------------------------------- */

static int check_pod_inject_true(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	struct pod_meta pm;

	if (!pod_meta_get(&pm, res) || gateway_template(&pm))
		return 0;
	if (pm.labels != NULL &&
	    text_ieq(alint_node_get(pm.labels, INJECT_KEY), "true"))
		alint_rule_report(rctx, alint_node_get_key(pm.labels,
							   INJECT_KEY),
			"%s label sidecar.istio.io/inject=true requests an "
			"Envoy sidecar: the injector adds one even in an "
			"ambient namespace, and istio-cni then leaves the pod "
			"out of ambient (the sidecar wins); remove it, ambient "
			"enrolment is the istio.io/dataplane-mode label",
			pm.where);
	if (pm.annotations != NULL &&
	    text_ieq(alint_node_get(pm.annotations, INJECT_KEY), "true"))
		alint_rule_report(rctx, alint_node_get_key(pm.annotations,
							   INJECT_KEY),
			"%s annotation sidecar.istio.io/inject=true is the "
			"deprecated form of the label and only matters in a "
			"namespace that has an injection label; ambient mode "
			"ignores it: remove it, ambient enrolment is the "
			"istio.io/dataplane-mode label", pm.where);
	return 0;
}

const struct alint_rule alint__rule_pod_sidecar_inject = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2003",
	.name = "pod-sidecar-inject",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "pod or pod template requests a sidecar with "
		"sidecar.istio.io/inject=true",
	.doc =
	"The label sidecar.istio.io/inject: \"true\" on a pod asks for an "
	"Envoy sidecar. It replaces the annotation of the same name, which "
	"is deprecated; when both are set, the label wins. The label can "
	"also enable injection on its own: in a namespace without "
	"istio-injection or istio.io/rev, the injector's object webhook "
	"selects the pods that carry it.\n"
	"\n"
	"That is what breaks ambient mode. An ambient namespace has no "
	"injection label, so a pod that keeps sidecar.istio.io/inject: "
	"\"true\" is still injected, and istio-cni leaves every pod that has "
	"a sidecar out of ambient: the sidecar wins over the namespace's "
	"istio.io/dataplane-mode=ambient. The annotation cannot enable "
	"injection by itself (the webhook selects on labels only), but it "
	"means nothing in ambient and keeps the pod injected as long as its "
	"namespace has an injection label.\n"
	"\n"
	"The rule looks at the labels and annotations of a Pod, and of the "
	"pod template of Deployments, StatefulSets, DaemonSets, ReplicaSets, "
	"ReplicationControllers, Jobs, CronJobs "
	"(spec.jobTemplate.spec.template), Argo Rollouts, OpenShift "
	"DeploymentConfigs and PodTemplates. The value is compared without "
	"regard to case, and an unquoted true is recognised too (AL1001 "
	"reports its type). "
	"The finding points at the key. Pod templates that use the gateway "
	"injection template (annotation inject.istio.io/templates: gateway) "
	"are gateway deployments, which keep their Envoy in ambient mode; "
	"they are not reported. The key on the workload's own metadata is "
	"reported by AL2006.\n"
	"\n"
	"In ambient mode pods are enrolled through istio.io/dataplane-mode, "
	"normally on the namespace: remove the key from the pod template.",
	.kinds = pod_kinds,
	.check = check_pod_inject_true,
	.example_bad =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: catalog\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: catalog\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: catalog\n"
	"        sidecar.istio.io/inject: \"true\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: catalog\n"
	"        image: registry.example.com/bookstore/catalog:4.2.1\n",
	.example_good =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: catalog\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: catalog\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: catalog\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: catalog\n"
	"        image: registry.example.com/bookstore/catalog:4.2.1\n",
};

static int check_pod_inject_false(struct alint_rule_ctx *rctx,
				  const struct alint_resource *res,
				  void *payload)
{
	struct pod_meta pm;

	if (!pod_meta_get(&pm, res))
		return 0;
	/*
	 * The ambient intent is already written down: none, as on Istio's
	 * own waypoints, or ambient, as on a gateway enrolled in the mesh.
	 */
	if (pm.labels != NULL && alint_node_get_key(pm.labels, MODE_LABEL))
		return 0;
	if (pm.labels != NULL &&
	    text_ieq(alint_node_get(pm.labels, INJECT_KEY), "false"))
		alint_rule_report(rctx, alint_node_get_key(pm.labels,
							   INJECT_KEY),
			"%s label sidecar.istio.io/inject=false keeps the "
			"sidecar out; ambient mode ignores it and enrols the "
			"pod with its namespace: to keep it out of the mesh, "
			"add the label istio.io/dataplane-mode: none to the "
			"%s", pm.where, pm.where);
	if (pm.annotations != NULL &&
	    text_ieq(alint_node_get(pm.annotations, INJECT_KEY), "false"))
		alint_rule_report(rctx, alint_node_get_key(pm.annotations,
							   INJECT_KEY),
			"%s annotation sidecar.istio.io/inject=false "
			"(deprecated) keeps the sidecar out; ambient mode "
			"ignores it and enrols the pod with its namespace: to "
			"keep it out of the mesh, add the label "
			"istio.io/dataplane-mode: none to the %s",
			pm.where, pm.where);
	return 0;
}

const struct alint_rule alint__rule_pod_sidecar_opt_out = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2004",
	.name = "pod-sidecar-opt-out",
	.severity = ALINT_SEV_INFO,
	.flags = 0,
	.summary = "pod opts out of the sidecar in a way that ambient mode "
		"ignores",
	.doc =
	"sidecar.istio.io/inject: \"false\" on a pod (the label, or the "
	"deprecated annotation) keeps the sidecar out of the pod in an "
	"injected namespace. Jobs and CronJobs often carry it, because a "
	"sidecar keeps a Job's pod running after its main container has "
	"exited; so do add-ons, and Istio's own waypoint and gateway "
	"deployments.\n"
	"\n"
	"Ambient mode does not read it. Once the namespace is labelled "
	"istio.io/dataplane-mode=ambient, ztunnel captures every pod in it "
	"unless the pod itself has the label istio.io/dataplane-mode: none "
	"(the pod label wins over the namespace label). A pod that was kept "
	"out of the mesh on purpose joins it when its namespace is "
	"migrated, unless its template gets that label.\n"
	"\n"
	"Decide for each workload. If the opt-out only worked around a "
	"sidecar problem, such as a Job that never finished, the pod can "
	"join the ambient mesh, which adds no container to it, and the key "
	"can go once the namespace is migrated. If the pod must stay out of "
	"the mesh, add istio.io/dataplane-mode: none to the pod template "
	"labels. Pod templates that already have an istio.io/dataplane-mode "
	"label are not reported: Istio's generated waypoint deployments "
	"carry none, and a gateway enrolled in ambient carries ambient. "
	"The value is compared without regard to case, an unquoted false is "
	"recognised too (AL1001 reports its type), and the finding points "
	"at the key.\n"
	"\n"
	"The severity is info: nothing is broken yet, but the intent must "
	"survive the migration.",
	.kinds = pod_kinds,
	.check = check_pod_inject_false,
	.example_bad =
	"apiVersion: batch/v1\n"
	"kind: CronJob\n"
	"metadata:\n"
	"  name: nightly-report\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  schedule: \"30 2 * * *\"\n"
	"  jobTemplate:\n"
	"    spec:\n"
	"      template:\n"
	"        metadata:\n"
	"          labels:\n"
	"            app: nightly-report\n"
	"            sidecar.istio.io/inject: \"false\"\n"
	"        spec:\n"
	"          restartPolicy: OnFailure\n"
	"          containers:\n"
	"          - name: report\n"
	"            image: registry.example.com/bookstore/report:1.0.4\n",
	.example_good =
	"apiVersion: batch/v1\n"
	"kind: CronJob\n"
	"metadata:\n"
	"  name: nightly-report\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  schedule: \"30 2 * * *\"\n"
	"  jobTemplate:\n"
	"    spec:\n"
	"      template:\n"
	"        metadata:\n"
	"          labels:\n"
	"            app: nightly-report\n"
	"            sidecar.istio.io/inject: \"false\"\n"
	"            istio.io/dataplane-mode: none\n"
	"        spec:\n"
	"          restartPolicy: OnFailure\n"
	"          containers:\n"
	"          - name: report\n"
	"            image: registry.example.com/bookstore/report:1.0.4\n",
};

/* ---- AL2005 pod-already-injected ---------------------------------------- */

/* Where a signal of injection was found. */
struct injected_signal {
	const struct alint_node *node;
	const char *what;
};

#define MAX_SIGNALS 8

struct injected {
	struct injected_signal sig[MAX_SIGNALS];
	size_t n;
};

static void injected_add(struct injected *inj, const struct alint_node *node,
			 const char *what)
{
	if (inj->n < MAX_SIGNALS) {
		inj->sig[inj->n].node = node;
		inj->sig[inj->n].what = what;
		inj->n++;
	}
}

/* Whether a container list has a container not named istio-proxy. */
static bool has_app_container(const struct alint_node *containers)
{
	const struct alint_node *c;

	if (containers == NULL ||
	    alint_node_kind(containers) != ALINT_NODE_SEQUENCE)
		return false;
	for (c = alint_node_first(containers); c != NULL;
	     c = alint_node_next(c))
		if (is_mapping(c) &&
		    !text_is(alint_node_get(c, "name"), "istio-proxy"))
			return true;
	return false;
}

/*
 * Whether an istio-proxy container is an injected sidecar. image: auto is
 * a placeholder that the injector fills in (a customisation of the
 * injected sidecar, or a gateway): not injected yet. The proxy of a
 * gateway, waypoint or ztunnel is the pod's only container, and its args
 * say "proxy router" or "proxy waypoint".
 */
static bool injected_proxy(const struct alint_node *c, bool app_containers)
{
	const struct alint_node *args = alint_node_get(c, "args");
	const struct alint_node *role;

	if (text_is(alint_node_get(c, "image"), "auto"))
		return false;
	if (args != NULL && alint_node_kind(args) == ALINT_NODE_SEQUENCE &&
	    text_is(alint_node_item(args, 0), "proxy")) {
		role = alint_node_item(args, 1);
		if (text_is(role, "sidecar"))
			return true;
		if (role != NULL)
			return false;
	}
	return app_containers;
}

/* istio-proxy containers that are injected sidecars */
static void injected_proxies(struct injected *inj,
			     const struct alint_node *list, bool init,
			     bool app_containers)
{
	const struct alint_node *c, *name;

	if (list == NULL || alint_node_kind(list) != ALINT_NODE_SEQUENCE)
		return;
	for (c = alint_node_first(list); c != NULL; c = alint_node_next(c)) {
		if (!is_mapping(c))
			continue;
		name = alint_node_get(c, "name");
		if (text_is(name, "istio-proxy") &&
		    injected_proxy(c, app_containers))
			injected_add(inj, name, init ?
				     "istio-proxy native sidecar" :
				     "istio-proxy container");
	}
}

/* Whether a container list has an istio-proxy with image: auto. */
static bool customises_proxy(const struct alint_node *list)
{
	const struct alint_node *c;

	if (list == NULL || alint_node_kind(list) != ALINT_NODE_SEQUENCE)
		return false;
	for (c = alint_node_first(list); c != NULL; c = alint_node_next(c))
		if (is_mapping(c) &&
		    text_is(alint_node_get(c, "name"), "istio-proxy") &&
		    text_is(alint_node_get(c, "image"), "auto"))
			return true;
	return false;
}

/* the init containers that set up the sidecar's redirection */
static void injected_inits(struct injected *inj,
			   const struct alint_node *list)
{
	const struct alint_node *c, *name;

	if (list == NULL || alint_node_kind(list) != ALINT_NODE_SEQUENCE)
		return;
	for (c = alint_node_first(list); c != NULL; c = alint_node_next(c)) {
		if (!is_mapping(c))
			continue;
		name = alint_node_get(c, "name");
		if (text_is(name, "istio-init"))
			injected_add(inj, name, "istio-init init container");
		else if (text_is(name, "istio-validation"))
			injected_add(inj, name,
				     "istio-validation init container");
	}
}

static int check_pod_injected(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	struct pod_meta pm;
	struct injected inj;
	const struct alint_node *spec, *containers, *inits, *key;
	struct alint_finding *f;
	char list[400];
	bool apps;
	size_t i, used = 0;
	int rc;

	if (!pod_meta_get(&pm, res) || gateway_template(&pm))
		return 0;
	memset(&inj, 0, sizeof(inj));
	if (pm.annotations != NULL) {
		key = alint_node_get_key(pm.annotations, STATUS_ANNOTATION);
		if (key != NULL)
			injected_add(&inj, key,
				     "sidecar.istio.io/status annotation");
	}
	spec = alint_node_get(pm.tmpl, "spec");
	if (is_mapping(spec)) {
		containers = alint_node_get(spec, "containers");
		inits = alint_node_get(spec, "initContainers");
		apps = has_app_container(containers);
		injected_proxies(&inj, containers, false, apps);
		injected_proxies(&inj, inits, true, apps);
		/*
		 * Next to an istio-proxy with image: auto, an istio-init is
		 * a customisation of the one the injector will add.
		 */
		if (!customises_proxy(containers) && !customises_proxy(inits))
			injected_inits(&inj, inits);
	}
	if (inj.n == 0)
		return 0;

	list[0] = '\0';
	for (i = 0; i < inj.n && used < sizeof(list); i++) {
		rc = snprintf(list + used, sizeof(list) - used, "%s%s",
			      i == 0 ? "" : ", ", inj.sig[i].what);
		if (rc < 0)
			break;
		used += (size_t)rc;
	}
	f = alint_rule_report(rctx, inj.sig[0].node,
		"%s already contains an injected Istio sidecar (%s), "
		"committed kube-inject output: the pod runs the sidecar "
		"whatever its namespace says, and istio-cni leaves it out of "
		"ambient; remove the injected parts and let the namespace "
		"label decide", pm.where, list);
	if (f == NULL)
		return 0;
	for (i = 1; i < inj.n; i++) {
		rc = alint_finding_related(f, res, inj.sig[i].node,
					   "%s, added by injection",
					   inj.sig[i].what);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct alint_rule alint__rule_pod_already_injected = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2005",
	.name = "pod-already-injected",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "pod spec already contains an injected Istio sidecar",
	.doc =
	"A pod spec that contains the output of sidecar injection went "
	"through istioctl kube-inject, or was copied from a running pod, "
	"and was committed that way. The signals are the annotation "
	"sidecar.istio.io/status, a container named istio-proxy that is an "
	"injected sidecar (in containers, or in initContainers as a native "
	"sidecar), and the init containers istio-init or istio-validation "
	"that set up the sidecar's traffic redirection.\n"
	"\n"
	"Such a pod runs the Envoy sidecar whatever its namespace is "
	"labelled with. In ambient mode that is harmful: istio-cni never "
	"captures a pod that has the sidecar.istio.io/status annotation "
	"(the sidecar wins over ambient enrolment), so the workload stays a "
	"sidecar workload after its namespace has been migrated, and its "
	"frozen sidecar configuration drifts from the control plane at the "
	"next upgrade.\n"
	"\n"
	"Regenerate the manifest from its source without kube-inject, or "
	"remove the injected parts: the annotation, the istio-proxy "
	"container, the istio-init or istio-validation init container and "
	"the istio volumes; then let the namespace label decide. An "
	"istio-proxy container with image: auto asks the injector to "
	"customise the sidecar it adds and is not injected output, nor is an "
	"istio-init next to it; gateway, "
	"waypoint and ztunnel pods, whose only container is the proxy, and "
	"pods that use the gateway injection template are not reported.\n"
	"\n"
	"There is one finding per pod spec. It points at the "
	"sidecar.istio.io/status key when there is one, else at the name of "
	"the injected istio-proxy container, else at the name of the "
	"istio-init or istio-validation init container; the other signals "
	"are related locations.",
	.kinds = pod_kinds,
	.check = check_pod_injected,
	.example_bad =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: inventory\n"
	"  namespace: bookstore\n"
	"  annotations:\n"
	"    sidecar.istio.io/status: '{\"initContainers\":[\"istio-init\"],"
	"\"containers\":[\"istio-proxy\"],\"volumes\":[\"istio-envoy\"],"
	"\"revision\":\"default\"}'\n"
	"spec:\n"
	"  initContainers:\n"
	"  - name: istio-init\n"
	"    image: docker.io/istio/proxyv2:1.24.2\n"
	"    args: [\"istio-iptables\", \"-p\", \"15001\", \"-z\", \"15006\"]\n"
	"  containers:\n"
	"  - name: inventory\n"
	"    image: registry.example.com/bookstore/inventory:3.0.1\n"
	"  - name: istio-proxy\n"
	"    image: docker.io/istio/proxyv2:1.24.2\n"
	"    args: [\"proxy\", \"sidecar\"]\n"
	"  volumes:\n"
	"  - name: istio-envoy\n"
	"    emptyDir:\n"
	"      medium: Memory\n",
	.example_good =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: inventory\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  containers:\n"
	"  - name: inventory\n"
	"    image: registry.example.com/bookstore/inventory:3.0.1\n",
};

/* ---- AL2006 workload-sidecar-inject-ignored ----------------------------- */

static int report_misplaced(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res,
			    const struct alint_node *map, const char *where)
{
	const struct alint_node *key, *val;

	if (!is_mapping(map))
		return 0;
	key = alint_node_get_key(map, INJECT_KEY);
	if (key == NULL)
		return 0;
	val = alint_node_get(map, INJECT_KEY);
	if (text_ieq(val, "false"))
		alint_rule_report(rctx, key,
			"sidecar.istio.io/inject=false on the %s's %s has no "
			"effect: the injector reads only the pod's labels, so "
			"the pods are not opted out, and in ambient mode they "
			"join the mesh with their namespace; to keep them out, "
			"put istio.io/dataplane-mode: none in "
			"spec.template.metadata.labels",
			alint_resource_kind(res), where);
	else
		alint_rule_report(rctx, key,
			"sidecar.istio.io/inject on the %s's %s has no effect: "
			"the injector reads only the pod's labels and "
			"annotations, and ambient mode ignores the key; remove "
			"it (ambient enrolment is the istio.io/dataplane-mode "
			"label)", alint_resource_kind(res), where);
	return 0;
}

static int check_workload_inject(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *jt;

	if (root == pod_template(res))
		return 0;
	report_misplaced(rctx, res, alint_resource_labels(res),
			 "own labels");
	report_misplaced(rctx, res, alint_resource_annotations(res),
			 "own annotations");
	if (kind_is(res, "CronJob")) {
		jt = alint_node_path(root, "spec", "jobTemplate", "metadata",
				     NULL);
		if (is_mapping(jt)) {
			report_misplaced(rctx, res,
					 alint_node_get(jt, "labels"),
					 "job template labels");
			report_misplaced(rctx, res,
					 alint_node_get(jt, "annotations"),
					 "job template annotations");
		}
	}
	return 0;
}

const struct alint_rule alint__rule_workload_sidecar_inject_ignored = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2006",
	.name = "workload-sidecar-inject-ignored",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "sidecar.istio.io/inject on a workload's own metadata, "
		"where it has no effect",
	.doc =
	"sidecar.istio.io/inject in the metadata of a Deployment, "
	"StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, "
	"CronJob (or its jobTemplate), Argo Rollout, DeploymentConfig or "
	"PodTemplate has no effect. The injector's webhooks see only the "
	"pod being created, and a pod gets the labels and annotations of "
	"its pod template, not those of the object that owns the template. "
	"A \"false\" there does not keep the pods out of the mesh, and a "
	"\"true\" does not inject them.\n"
	"\n"
	"The mistake matters during a migration. A workload that looks "
	"opted out is not: in sidecar mode its pods are injected with the "
	"rest of the namespace, and in ambient mode they are captured by "
	"ztunnel with the rest of the namespace. Move the intent to the pod "
	"template: for ambient mode, the label istio.io/dataplane-mode: none "
	"in spec.template.metadata.labels keeps the pods out of the mesh; "
	"otherwise remove the key.\n"
	"\n"
	"Any value is reported, and the finding points at the key. The key "
	"in the pod template is the business of AL2003 and AL2004.",
	.kinds = workload_kinds,
	.check = check_workload_inject,
	.example_bad =
	"apiVersion: apps/v1\n"
	"kind: StatefulSet\n"
	"metadata:\n"
	"  name: ledger-db\n"
	"  namespace: payments\n"
	"  labels:\n"
	"    app: ledger-db\n"
	"    sidecar.istio.io/inject: \"false\"\n"
	"spec:\n"
	"  serviceName: ledger-db\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger-db\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: ledger-db\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: postgres\n"
	"        image: docker.io/library/postgres:16.4\n",
	.example_good =
	"apiVersion: apps/v1\n"
	"kind: StatefulSet\n"
	"metadata:\n"
	"  name: ledger-db\n"
	"  namespace: payments\n"
	"  labels:\n"
	"    app: ledger-db\n"
	"spec:\n"
	"  serviceName: ledger-db\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger-db\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: ledger-db\n"
	"        istio.io/dataplane-mode: none\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: postgres\n"
	"        image: docker.io/library/postgres:16.4\n",
};
