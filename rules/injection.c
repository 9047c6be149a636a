/*
 * injection.c - the sidecar-injection rule family (AL2001-AL2007)
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

#include "common.h"
#include "mesh.h"

/*
 * How namespaces and pods are enrolled (the labels, which one wins, where
 * a pod ends up) is mesh.c's model, shared with the other families.
 */

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

/* ---- namespaces (AL2001, AL2002) ---------------------------------------- */

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

/*
 * A namespace with a migration blocker (mesh_ns_held) stays in sidecar
 * mode: the fixes that would enrol its pods in ambient, or remove the
 * sidecar configuration they still use, are withheld, and the finding
 * says why. note is "" for a namespace that migrates.
 */
struct held {
	bool on;
	char blocker[400];
	char note[600];
};

static bool ns_held(struct held *h, struct alint_rule_ctx *rctx,
		    const char *ns)
{
	h->on = mesh_ns_held(rctx, ns, h->blocker, sizeof(h->blocker)) !=
		NULL;
	h->note[0] = '\0';
	if (h->on)
		snprintf(h->note, sizeof(h->note),
			 "; no fix: namespace %s keeps its sidecars until its "
			 "migration blocker is resolved (%s; "
			 "--migrate-blocked overrides)", ns, h->blocker);
	return h->on;
}

/* The paragraph of the documentation of every rule whose fix is withheld. */
#define HELD_DOC \
	"\n\nA namespace with a migration blocker (an EnvoyFilter on its " \
	"sidecars, AL4003; a PeerAuthentication with mode DISABLE, AL3106; " \
	"VM workloads, AL5001; SPIRE, AL5002) stays in sidecar mode: its " \
	"findings get no fix, and their message names the blocker. So does " \
	"every namespace of a mesh whose topology ambient mode does not " \
	"support (multicluster before Istio 1.27, AL5003; primary-remote, " \
	"AL5004). The " \
	"option --migrate-blocked (ALINT_OPT_MIGRATE_BLOCKED) gives them " \
	"their fixes again. Namespaces without a blocker are fixed either " \
	"way."

/* ---- fixes -------------------------------------------------------------- */

/*
 * AL2001: the injection label becomes istio.io/dataplane-mode=ambient in
 * place (its comments and position kept). An istio.io/rev that
 * istio-injection made inert goes too: left alone it would start
 * injecting once istio-injection is gone. A namespace that already has an
 * istio.io/dataplane-mode label (none) gets no fix: which one wins is the
 * user's call.
 */
static int fix_enrol_ambient(struct alint_finding *f,
			     const struct mesh_ns_labels *st)
{
	bool inj = st->inject_key == st->inj_key;
	int rc;

	if (f == NULL || st->mode_key != NULL)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, inj ?
		"replace istio-injection=enabled with "
		"istio.io/dataplane-mode=ambient" :
		"replace istio.io/rev with istio.io/dataplane-mode=ambient");
	if (rc == 0)
		rc = alint_fix_rename_key(f, st->inject_key, MODE_LABEL);
	if (rc == 0)
		rc = alint_fix_replace_value(f, st->inject_val, "ambient");
	if (rc == 0 && inj && st->rev_key != NULL)
		rc = alint_fix_remove_pair(f, st->rev_key);
	return fix_rc(rc);
}

/* AL2002: the label that injects goes, and an istio.io/rev it hid. */
static int fix_remove_injection(struct alint_finding *f,
				const struct mesh_ns_labels *st)
{
	bool inj = st->inject_key == st->inj_key;
	int rc;

	if (f == NULL)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, !inj ?
		"remove istio.io/rev" : st->rev_key != NULL ?
		"remove istio-injection and istio.io/rev" :
		"remove istio-injection");
	if (rc == 0)
		rc = alint_fix_remove_pair(f, st->inject_key);
	if (rc == 0 && inj && st->rev_key != NULL)
		rc = alint_fix_remove_pair(f, st->rev_key);
	return fix_rc(rc);
}

static int check_namespace_injection(struct alint_rule_ctx *rctx,
				     const struct alint_resource *res,
				     void *payload)
{
	struct mesh_ns_labels st;
	struct alint_finding *f;
	struct held h;
	char lbl[300], mode[300];
	int rc;

	mesh_ns_labels(&st, res);
	if (st.inject_key == NULL || st.ambient)
		return 0;
	ns_held(&h, rctx, alint_resource_namespace(res));
	label_text(lbl, sizeof(lbl), st.inject_key, st.inject_val);
	f = alint_rule_report(rctx, st.inject_key,
		"namespace %s is in sidecar mode (%s): its pods get an Envoy "
		"sidecar; to migrate it to ambient, label it "
		"istio.io/dataplane-mode=ambient, remove %s and restart its "
		"pods%s", alint_resource_name(res), lbl,
		st.inject_key == st.inj_key ? INJECTION_LABEL : REV_LABEL,
		h.note);
	if (f == NULL)
		return 0;
	if (st.inject_key == st.inj_key && st.rev_key != NULL) {
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
	return h.on ? 0 : fix_enrol_ambient(f, &st);
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
	"AL2002 instead.\n"
	"\n"
	"The fix (safe) relabels the namespace in place: the key of the "
	"injection label becomes istio.io/dataplane-mode and its value "
	"ambient, so the comments around it and its position stay. An "
	"istio.io/rev label goes too, whether it was the injection label "
	"or sat inert next to istio-injection=enabled. In ambient mode the "
	"istio.io/rev of a namespace does not choose the control plane of "
	"its pods: ztunnel serves them with the configuration of the "
	"istiod revision it connects to, and istiod's ambient index is not "
	"filtered by revision. It only chooses which revision manages the "
	"namespace's Gateways and waypoints that have no istio.io/rev of "
	"their own (istiod's tag watcher reads the object's label, then "
	"its namespace's). But the revision webhook of the injector "
	"(rev.namespace.sidecar-injector.istio.io) selects every namespace "
	"that has istio.io/rev and no istio-injection, whatever "
	"istio.io/dataplane-mode says: kept, the label would inject "
	"sidecars into the migrated namespace, and the sidecar wins over "
	"ambient (AL2002). To keep the namespace's waypoints on a "
	"revision, put istio.io/rev on their Gateway objects instead. A "
	"namespace that already has an istio.io/dataplane-mode label with "
	"another value (none) gets no fix: whether it joins the mesh is "
	"for its owner to decide."
	HELD_DOC,
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
	.phase = ALINT_PHASE_ENROL,
};

static int check_namespace_injection_ambient(struct alint_rule_ctx *rctx,
					     const struct alint_resource *res,
					     void *payload)
{
	struct mesh_ns_labels st;
	struct alint_finding *f;
	struct held h;
	char lbl[300];
	int rc;

	mesh_ns_labels(&st, res);
	if (st.inject_key == NULL || !st.ambient)
		return 0;
	ns_held(&h, rctx, alint_resource_namespace(res));
	label_text(lbl, sizeof(lbl), st.inject_key, st.inject_val);
	f = alint_rule_report(rctx, st.inject_key,
		"namespace %s has both %s and istio.io/dataplane-mode=ambient: "
		"the injector ignores the ambient label and still adds a "
		"sidecar to every pod, and istio-cni then leaves those pods "
		"out of ambient (the sidecar wins); remove %s%s",
		alint_resource_name(res), lbl,
		st.inject_key == st.inj_key ? INJECTION_LABEL : REV_LABEL,
		h.note);
	if (f == NULL)
		return 0;
	rc = alint_finding_related(f, res, st.mode_key,
		"ambient enrolment, overridden by the sidecar");
	if (rc < 0)
		return rc;
	if (st.inject_key == st.inj_key && st.rev_key != NULL) {
		rc = alint_finding_related(f, res, st.rev_key,
			"istio.io/rev is ignored while istio-injection is set; "
			"remove it as well");
		if (rc < 0)
			return rc;
	}
	return h.on ? 0 : fix_remove_injection(f, &st);
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
	"the istio.io/dataplane-mode label is a related location.\n"
	"\n"
	"The fix (safe) removes the injection label, and also an "
	"istio.io/rev next to istio-injection=enabled: once "
	"istio-injection is gone, istio.io/rev would make the revision "
	"webhook inject the pods again. AL2001 says what istio.io/rev "
	"still means in ambient mode (the revision of the namespace's "
	"waypoints) and where to put it instead."
	HELD_DOC,
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
	.phase = ALINT_PHASE_ENROL,
};

/* ---- pods: namespace, selector, opt-out label --------------------------- */

/*
 * Whether the workload's selector uses a label of the pod template:
 * removing it from the template would make the selector miss the pods.
 */
static bool selector_uses(const struct alint_resource *res, const char *key)
{
	const struct alint_node *spec, *sel, *e, *it;

	spec = alint_node_get(alint_resource_root(res), "spec");
	if (kind_is(res, "CronJob"))
		spec = alint_node_path(spec, "jobTemplate", "spec", NULL);
	sel = alint_node_get(spec, "selector");
	if (!is_mapping(sel))
		return false;
	if (alint_node_get_key(sel, key) != NULL ||
	    alint_node_get_key(alint_node_get(sel, "matchLabels"), key) != NULL)
		return true;
	e = alint_node_get(sel, "matchExpressions");
	if (e == NULL || alint_node_kind(e) != ALINT_NODE_SEQUENCE)
		return false;
	for (it = alint_node_first(e); it != NULL; it = alint_node_next(it))
		if (text_is(alint_node_get(it, "key"), key))
			return true;
	return false;
}

/* Where istio.io/dataplane-mode: none goes in a pod template. */
struct mode_target {
	const struct alint_node *map;
	const char *key;
	const char *value;
};

/*
 * Into the template's labels, or a new labels mapping in its metadata, or
 * a new metadata; false when the template has the label already, or a
 * metadata or labels that is not a mapping.
 */
static bool mode_target_get(struct mode_target *t,
			    const struct alint_node *tmpl)
{
	const struct alint_node *meta, *labels;

	meta = alint_node_get(tmpl, "metadata");
	if (meta == NULL) {
		t->map = tmpl;
		t->key = "metadata";
		t->value = "labels:\n  " MODE_LABEL ": none\n";
		return true;
	}
	if (!is_mapping(meta))
		return false;
	labels = alint_node_get(meta, "labels");
	if (labels == NULL) {
		t->map = meta;
		t->key = "labels";
		t->value = MODE_LABEL ": none\n";
		return true;
	}
	if (!is_mapping(labels) || alint_node_get_key(labels, MODE_LABEL))
		return false;
	t->map = labels;
	t->key = MODE_LABEL;
	t->value = "none";
	return true;
}

/* A fix that removes one pair. */
static int fix_remove_key(struct alint_finding *f,
			  const struct alint_node *key,
			  enum alint_fix_safety safety, const char *what)
{
	int rc;

	if (f == NULL)
		return 0;
	rc = alint_finding_fix(f, safety, what);
	if (rc == 0)
		rc = alint_fix_remove_pair(f, key);
	return fix_rc(rc);
}

/* ---- pods (AL2003, AL2004) ---------------------------------------------- */

/*
 * Removing the label is safe when the pod's enrolment does not hang on
 * it: its namespace (in the inputs) has istio-injection (any value),
 * istio.io/rev or istio.io/dataplane-mode=ambient, or the pod is labelled
 * ambient. Otherwise the label may be what injects the pod, in a
 * namespace without an injection label, and removing it takes the pod
 * out of the mesh: unsafe.
 */
static enum alint_fix_safety
inject_label_safety(struct alint_rule_ctx *rctx,
		    const struct alint_resource *res, const struct pod_meta *pm)
{
	struct mesh_ns_labels st;

	if (text_is(alint_node_get(pm->labels, MODE_LABEL), "ambient"))
		return ALINT_FIX_SAFE;
	if (mesh_ns_find(&st, rctx, alint_resource_namespace(res)) != NULL &&
	    (st.inj_key != NULL || st.inject_key != NULL || st.ambient))
		return ALINT_FIX_SAFE;
	return ALINT_FIX_UNSAFE;
}

/* The end of AL2003's message on the label: why, and what to do. */
#define SIDECAR_WINS \
	"istio-cni then leaves the pod out of ambient (the sidecar wins); " \
	"remove it, ambient enrolment is the istio.io/dataplane-mode label"

/*
 * Whether the pod label sidecar.istio.io/inject=true does nothing today:
 * its namespace (among the inputs) has an istio-injection label other
 * than enabled, and the object webhook acts only where the namespace has
 * no istio-injection label (istio-ambient.md, 4.1). off receives the
 * value.
 */
static bool
inject_label_inert(struct alint_rule_ctx *rctx,
		   const struct alint_resource *res, char *off, size_t len)
{
	struct mesh_ns_labels st;
	const char *t;
	size_t tl;

	if (mesh_ns_find(&st, rctx, alint_resource_namespace(res)) == NULL ||
	    st.inj_key == NULL || text_is(st.inj_val, "enabled"))
		return false;
	t = text_of(st.inj_val, &tl);
	snprintf(off, len, "%.*s", t != NULL ? (int)msg_len(tl) : 0,
		 t != NULL ? t : "");
	return true;
}

static int check_pod_inject_true(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	char off[64];
	struct pod_meta pm;
	struct alint_finding *f;
	const struct alint_node *key;
	struct held h;
	int rc;

	if (!pod_meta_get(&pm, res) || mesh_is_gateway_pod(res))
		return 0;
	ns_held(&h, rctx, alint_resource_namespace(res));
	if (pm.labels != NULL &&
	    text_ieq(alint_node_get(pm.labels, INJECT_KEY), "true")) {
		key = alint_node_get_key(pm.labels, INJECT_KEY);
		if (inject_label_inert(rctx, res, off, sizeof(off)))
			f = alint_rule_report(rctx, key,
				"%s label sidecar.istio.io/inject=true "
				"injects nothing while namespace %s keeps "
				"istio-injection=%s, but the injector adds an "
				"Envoy sidecar once that label is gone, and "
				SIDECAR_WINS "%s", pm.where,
				alint_resource_namespace(res), off, h.note);
		else
			f = alint_rule_report(rctx, key,
				"%s label sidecar.istio.io/inject=true "
				"requests an Envoy sidecar: the injector adds "
				"one even in an ambient namespace, and "
				SIDECAR_WINS "%s", pm.where, h.note);
		if (f != NULL && !h.on && !selector_uses(res, INJECT_KEY)) {
			rc = fix_remove_key(f, key,
				inject_label_safety(rctx, res, &pm),
				"remove the sidecar.istio.io/inject label");
			if (rc < 0)
				return rc;
		}
	}
	if (pm.annotations != NULL &&
	    text_ieq(alint_node_get(pm.annotations, INJECT_KEY), "true")) {
		key = alint_node_get_key(pm.annotations, INJECT_KEY);
		f = alint_rule_report(rctx, key,
			"%s annotation sidecar.istio.io/inject=true is the "
			"deprecated form of the label and only matters in a "
			"namespace that has an injection label; ambient mode "
			"ignores it: remove it, ambient enrolment is the "
			"istio.io/dataplane-mode label%s", pm.where, h.note);
		rc = fix_remove_key(h.on ? NULL : f, key, ALINT_FIX_SAFE,
			"remove the sidecar.istio.io/inject annotation");
		if (rc < 0)
			return rc;
	}
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
	"namespace has an injection label. In a namespace that keeps "
	"istio-injection=disabled the label injects nothing today (the "
	"object webhook needs a namespace without istio-injection), and the "
	"message says so; it injects as soon as that label is removed.\n"
	"\n"
	"The rule looks at the labels and annotations of a Pod, and of the "
	"pod template of Deployments, StatefulSets, DaemonSets, ReplicaSets, "
	"ReplicationControllers, Jobs, CronJobs "
	"(spec.jobTemplate.spec.template), Argo Rollouts, OpenShift "
	"DeploymentConfigs and PodTemplates. The value is compared without "
	"regard to case, and an unquoted true is recognised too (AL1001 "
	"reports its type). "
	"The finding points at the key. Gateway and waypoint deployments "
	"keep their Envoy in ambient mode and are not reported: pods that "
	"use the gateway injection template (annotation "
	"inject.istio.io/templates: gateway), pods that istiod deploys for a "
	"Gateway (label gateway.networking.k8s.io/gateway-name), and pods "
	"whose proxy runs as router or waypoint. The key on the workload's "
	"own metadata is reported by AL2006.\n"
	"\n"
	"In ambient mode pods are enrolled through istio.io/dataplane-mode, "
	"normally on the namespace: remove the key from the pod template.\n"
	"\n"
	"The fix removes the key. Removing the annotation is safe: it "
	"cannot enable injection by itself. Removing the label is safe "
	"when the pod's Namespace object is among the inputs and has "
	"istio-injection (any value), istio.io/rev or "
	"istio.io/dataplane-mode=ambient, or when the pod is labelled "
	"istio.io/dataplane-mode=ambient. Otherwise the label may be what "
	"injects the pod, in a namespace without an injection label, and "
	"removing it takes the pod out of the mesh altogether: the fix is "
	"then unsafe. There is no fix when the workload's selector uses "
	"the label, as the selector would no longer match the pods."
	HELD_DOC,
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
	.phase = ALINT_PHASE_ENROL,
};

/*
 * AL2004: the opt-out is written down for ambient too, and the sidecar
 * opt-out stays: removing it while the namespace still injects would give
 * the pod a sidecar at its next rollout. Both findings of one pod get the
 * same fix; the first applied makes the other go away.
 */
static int fix_opt_out(struct alint_finding *f, const struct pod_meta *pm)
{
	struct mode_target t;
	int rc;

	if (f == NULL || !mode_target_get(&t, pm->tmpl))
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE,
		strcmp(pm->where, "pod") == 0 ?
		"add the label istio.io/dataplane-mode: none to the pod" :
		"add the label istio.io/dataplane-mode: none to the pod "
		"template");
	if (rc == 0)
		rc = alint_fix_insert_pair(f, t.map, t.key, t.value);
	return fix_rc(rc);
}

static int check_pod_inject_false(struct alint_rule_ctx *rctx,
				  const struct alint_resource *res,
				  void *payload)
{
	struct pod_meta pm;
	struct alint_finding *f;
	struct held h;
	int rc;

	if (!pod_meta_get(&pm, res))
		return 0;
	ns_held(&h, rctx, alint_resource_namespace(res));
	/*
	 * The ambient intent is already written down: none, as on Istio's
	 * own waypoints, or ambient, as on a gateway enrolled in the mesh.
	 */
	if (pm.labels != NULL && alint_node_get_key(pm.labels, MODE_LABEL))
		return 0;
	if (pm.labels != NULL &&
	    text_ieq(alint_node_get(pm.labels, INJECT_KEY), "false")) {
		f = alint_rule_report(rctx, alint_node_get_key(pm.labels,
							       INJECT_KEY),
			"%s label sidecar.istio.io/inject=false keeps the "
			"sidecar out; ambient mode ignores it and enrols the "
			"pod with its namespace: to keep it out of the mesh, "
			"add the label istio.io/dataplane-mode: none to the "
			"%s%s", pm.where, pm.where, h.note);
		rc = fix_opt_out(h.on ? NULL : f, &pm);
		if (rc < 0)
			return rc;
	}
	if (pm.annotations != NULL &&
	    text_ieq(alint_node_get(pm.annotations, INJECT_KEY), "false")) {
		f = alint_rule_report(rctx, alint_node_get_key(pm.annotations,
							       INJECT_KEY),
			"%s annotation sidecar.istio.io/inject=false "
			"(deprecated) keeps the sidecar out; ambient mode "
			"ignores it and enrols the pod with its namespace: to "
			"keep it out of the mesh, add the label "
			"istio.io/dataplane-mode: none to the %s%s",
			pm.where, pm.where, h.note);
		rc = fix_opt_out(h.on ? NULL : f, &pm);
		if (rc < 0)
			return rc;
	}
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
	"survive the migration.\n"
	"\n"
	"The fix (safe) adds the label istio.io/dataplane-mode: none to "
	"the pod template, creating its metadata.labels if needed, and "
	"keeps sidecar.istio.io/inject: removing that while the namespace "
	"is still injected would give the pod a sidecar at its next "
	"rollout. The injector ignores the new label, so nothing changes "
	"in sidecar mode; in ambient mode the pod stays out of the mesh, "
	"as it is today. When a pod has both the label and the annotation, "
	"both findings offer the same fix. If the opt-out was only a "
	"workaround, remove both keys by hand once the namespace runs in "
	"ambient mode."
	HELD_DOC,
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
	.phase = ALINT_PHASE_ENROL,
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

	if (!pod_meta_get(&pm, res) || mesh_is_gateway_pod(res))
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
	"waypoint and ztunnel pods, whose only container is the proxy, "
	"pods that use the gateway injection template, and pods that istiod "
	"deploys for a Gateway (label "
	"gateway.networking.k8s.io/gateway-name) are not reported.\n"
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
	.phase = ALINT_PHASE_ENROL,
};

/* ---- AL2006 workload-sidecar-inject-ignored ----------------------------- */

/*
 * AL2006 fixes. The key on the workload's own metadata does nothing, so
 * removing it is safe. For "false" the intent was to keep the pods out of
 * the mesh: the fix moves it to the pod template as
 * istio.io/dataplane-mode: none, which changes what happens to the pods
 * in ambient mode (they were meshed, they will not be): unsafe. A pod
 * template that has an istio.io/dataplane-mode label already decides for
 * itself, and the key is only removed. Without a pod template the "false"
 * finding gets no fix.
 */
static int fix_misplaced(struct alint_finding *f,
			 const struct alint_resource *res,
			 const struct alint_node *key, bool opt_out)
{
	const struct alint_node *tmpl = pod_template(res);
	struct mode_target t;
	int rc;

	if (f == NULL)
		return 0;
	if (!opt_out || (tmpl != NULL &&
			 alint_node_get_key(alint_node_path(tmpl, "metadata",
				"labels", NULL), MODE_LABEL) != NULL))
		return fix_remove_key(f, key, ALINT_FIX_SAFE,
				      "remove the ineffective "
				      "sidecar.istio.io/inject");
	if (tmpl == NULL || !mode_target_get(&t, tmpl))
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_UNSAFE,
		"replace it with istio.io/dataplane-mode: none in the pod "
		"template labels");
	if (rc == 0)
		rc = alint_fix_remove_pair(f, key);
	if (rc == 0)
		rc = alint_fix_insert_pair(f, t.map, t.key, t.value);
	return fix_rc(rc);
}

static int report_misplaced(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res,
			    const struct alint_node *map, const char *where)
{
	const struct alint_node *key, *val;
	struct alint_finding *f;
	struct held h;
	bool opt_out;

	if (!is_mapping(map))
		return 0;
	key = alint_node_get_key(map, INJECT_KEY);
	if (key == NULL)
		return 0;
	ns_held(&h, rctx, alint_resource_namespace(res));
	val = alint_node_get(map, INJECT_KEY);
	opt_out = text_ieq(val, "false");
	if (opt_out)
		f = alint_rule_report(rctx, key,
			"sidecar.istio.io/inject=false on the %s's %s has no "
			"effect: the injector reads only the pod's labels, so "
			"the pods are not opted out, and in ambient mode they "
			"join the mesh with their namespace; to keep them out, "
			"put istio.io/dataplane-mode: none in "
			"spec.template.metadata.labels%s",
			alint_resource_kind(res), where, h.note);
	else
		f = alint_rule_report(rctx, key,
			"sidecar.istio.io/inject on the %s's %s has no effect: "
			"the injector reads only the pod's labels and "
			"annotations, and ambient mode ignores the key; remove "
			"it (ambient enrolment is the istio.io/dataplane-mode "
			"label)%s", alint_resource_kind(res), where, h.note);
	return fix_misplaced(h.on ? NULL : f, res, key, opt_out);
}

static int check_workload_inject(struct alint_rule_ctx *rctx,
				 const struct alint_resource *res,
				 void *payload)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *jt;
	int rc;

	if (root == pod_template(res))
		return 0;
	rc = report_misplaced(rctx, res, alint_resource_labels(res),
			      "own labels");
	if (rc == 0)
		rc = report_misplaced(rctx, res,
				      alint_resource_annotations(res),
				      "own annotations");
	if (rc == 0 && kind_is(res, "CronJob")) {
		jt = alint_node_path(root, "spec", "jobTemplate", "metadata",
				     NULL);
		if (is_mapping(jt)) {
			rc = report_misplaced(rctx, res,
					      alint_node_get(jt, "labels"),
					      "job template labels");
			if (rc == 0)
				rc = report_misplaced(rctx, res,
					alint_node_get(jt, "annotations"),
					"job template annotations");
		}
	}
	return rc;
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
	"in the pod template is the business of AL2003 and AL2004.\n"
	"\n"
	"The fix of a value other than false removes the key (safe: it "
	"does nothing). For false it removes the key and adds "
	"istio.io/dataplane-mode: none to the pod template labels. That "
	"fix is unsafe: the pods, which are in the mesh today, will be "
	"kept out of it in ambient mode; it is what the key meant, not "
	"what it did. When the pod template already has an "
	"istio.io/dataplane-mode label, the key is only removed, safely."
	HELD_DOC,
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
	.phase = ALINT_PHASE_ENROL,
};

/* ---- AL2007 sidecar-only-annotation ------------------------------------- */

#define KUBEVIRT_ANNOTATION "traffic.sidecar.istio.io/kubevirtInterfaces"
#define REROUTE_ANNOTATION "istio.io/reroute-virtual-interfaces"

/* At most this many annotations of one pod are removed by one fix. */
#define MAX_SIDECAR_ANNOTATIONS 32

static bool text_eq(const char *t, size_t len, const char *s)
{
	return len == strlen(s) && memcmp(t, s, len) == 0;
}

/*
 * Whether an annotation key configures only the Envoy sidecar or its
 * injection. sidecar.istio.io/inject and sidecar.istio.io/status are
 * left to AL2003, AL2004 and AL2005.
 */
static bool sidecar_only(const char *k, size_t len)
{
	static const char *const prefixes[] = {
		"sidecar.istio.io/", "traffic.sidecar.istio.io/",
		"readiness.status.sidecar.istio.io/", NULL
	};
	static const char *const keys[] = {
		"proxy.istio.io/config", "status.sidecar.istio.io/port",
		"inject.istio.io/templates", NULL
	};
	size_t i, n;

	if (text_eq(k, len, INJECT_KEY) || text_eq(k, len, STATUS_ANNOTATION))
		return false;
	for (i = 0; keys[i] != NULL; i++)
		if (text_eq(k, len, keys[i]))
			return true;
	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (len > n && memcmp(k, prefixes[i], n) == 0)
			return true;
	}
	return false;
}

/*
 * The fix of the removable annotations of one pod: all of them in one
 * fix, so that removing the last ones leaves "annotations: {}" in one
 * pass. Every finding gets the same fix; once one is applied, the others
 * are gone.
 */
struct sidecar_keys {
	const struct alint_node *key[MAX_SIDECAR_ANNOTATIONS];
	struct alint_finding *f[MAX_SIDECAR_ANNOTATIONS];
	size_t n;
};

static int fix_sidecar_annotations(const struct sidecar_keys *sk)
{
	size_t i, j;
	int rc;

	for (i = 0; i < sk->n; i++) {
		rc = alint_finding_fix(sk->f[i], ALINT_FIX_UNSAFE, sk->n == 1 ?
			"remove the sidecar-only annotation" :
			"remove the sidecar-only annotations");
		for (j = 0; rc == 0 && j < sk->n; j++)
			rc = alint_fix_remove_pair(sk->f[i], sk->key[j]);
		if (fix_rc(rc) < 0)
			return rc;
	}
	return 0;
}

/*
 * traffic.sidecar.istio.io/kubevirtInterfaces has a replacement that
 * works in both modes from Istio 1.25: renaming the key keeps what it
 * does, for the sidecar now and for ambient after the migration.
 */
static int fix_kubevirt(struct alint_rule_ctx *rctx, struct alint_finding *f,
			const struct pod_meta *pm, const struct alint_node *key)
{
	int rc;

	if (f == NULL ||
	    alint_rule_ctx_istio_version(rctx) < ALINT_ISTIO_VERSION(1, 25) ||
	    alint_node_get_key(pm->annotations, REROUTE_ANNOTATION) != NULL)
		return 0;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE,
			       "rename it to " REROUTE_ANNOTATION);
	if (rc == 0)
		rc = alint_fix_rename_key(f, key, REROUTE_ANNOTATION);
	return fix_rc(rc);
}

static int check_sidecar_annotations(struct alint_rule_ctx *rctx,
				     const struct alint_resource *res,
				     void *payload)
{
	struct pod_meta pm;
	struct sidecar_keys sk;
	struct alint_finding *f;
	const struct alint_node *k, *v;
	const char *key;
	struct held h;
	size_t len;
	int rc;

	/*
	 * Pods that are or will be in ambient mode, blocked namespace or
	 * not (the finding then says why it has no fix); not gateways.
	 */
	if (!pod_meta_get(&pm, res) || pm.annotations == NULL ||
	    mesh_workload_mode_ex(rctx, res, MESH_MODE_UNHELD, NULL) !=
	    MESH_W_AMBIENT)
		return 0;
	ns_held(&h, rctx, alint_resource_namespace(res));
	memset(&sk, 0, sizeof(sk));
	for (k = alint_node_first(pm.annotations); k != NULL;
	     k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		key = text_of(k, &len);
		if (key == NULL || !sidecar_only(key, len))
			continue;
		if (text_eq(key, len, KUBEVIRT_ANNOTATION)) {
			f = alint_rule_report(rctx, k,
				"%s annotation %s is read only by the "
				"sidecar's traffic redirection; in ambient "
				"mode the interfaces are not rerouted: use %s "
				"(Istio 1.25 and later), which works in both "
				"modes%s", pm.where, KUBEVIRT_ANNOTATION,
				REROUTE_ANNOTATION, h.note);
			rc = fix_kubevirt(rctx, h.on ? NULL : f, &pm, k);
			if (rc < 0)
				return rc;
			continue;
		}
		f = alint_rule_report(rctx, k,
			"%s annotation %.*s configures the Envoy sidecar or "
			"its injection; a pod in ambient mode has no sidecar "
			"and nothing else reads it: remove it once the "
			"workload runs in ambient mode%s", pm.where,
			msg_len(len), key, h.note);
		if (f != NULL && !h.on && sk.n < MAX_SIDECAR_ANNOTATIONS) {
			sk.key[sk.n] = k;
			sk.f[sk.n] = f;
			sk.n++;
		}
	}
	return fix_sidecar_annotations(&sk);
}

const struct alint_rule alint__rule_sidecar_only_annotation = {
	.version = ALINT_RULE_VERSION,
	.id = "AL2007",
	.name = "sidecar-only-annotation",
	.severity = ALINT_SEV_INFO,
	.flags = 0,
	.summary = "pod annotation that only the Envoy sidecar or its "
		"injector reads",
	.doc =
	"Many pod annotations configure the Envoy sidecar that injection "
	"adds, or the injection itself: sidecar.istio.io/* (proxy image, "
	"CPU and memory, log levels, interception mode, stats settings, "
	"extra volumes, native sidecar...), traffic.sidecar.istio.io/* "
	"(which inbound and outbound ports and ranges are redirected to "
	"Envoy), readiness.status.sidecar.istio.io/* and "
	"status.sidecar.istio.io/port (the sidecar's readiness probe), "
	"proxy.istio.io/config (per-proxy ProxyConfig) and "
	"inject.istio.io/templates (the injection templates).\n"
	"\n"
	"A pod in ambient mode has no sidecar. Nothing in ambient reads "
	"these keys: istio-cni's ambient code reads only "
	"ambient.istio.io/*, istio.io/reroute-virtual-interfaces and "
	"sidecar.istio.io/status, and the traffic.sidecar.istio.io "
	"annotations are read only by the sidecar's redirection. After the "
	"migration they are dead configuration that suggests the pod is "
	"tuned or restricted when it is not: an excludeOutboundIPRanges no "
	"longer keeps traffic away from the mesh, a proxyCPU limit no longer "
	"limits anything. The finding is information for the clean-up after "
	"the migration; if the setting mattered, find its ambient "
	"equivalent (ztunnel is shared per node, a waypoint is configured "
	"on its Gateway).\n"
	"\n"
	"One exception has a replacement: "
	"traffic.sidecar.istio.io/kubevirtInterfaces is deprecated in "
	"favour of istio.io/reroute-virtual-interfaces, which works in both "
	"modes from Istio 1.25. With a target Istio of 1.25 or later its fix "
	"renames the key, which keeps the behaviour and is safe; the "
	"finding stays without a fix below 1.25.\n"
	"\n"
	"The rule looks at the annotations of a Pod and of the pod template "
	"of the workload kinds that AL2003 covers, one finding per "
	"annotation, at the key. It reports pods that are, or will be, in "
	"ambient mode: labelled istio.io/dataplane-mode=ambient, or not "
	"labelled istio.io/dataplane-mode=none and in a namespace that is in "
	"the mesh (injected, hence to be migrated, or ambient), whether or "
	"not they opt out of the sidecar with sidecar.istio.io/inject: "
	"\"false\", which ambient mode does not read (AL2004). When the "
	"pod's Namespace object is not among the inputs, the pod is reported "
	"all the same: a migration normally covers the whole mesh. "
	"sidecar.istio.io/inject and sidecar.istio.io/status are left to "
	"AL2003, AL2004 and AL2005. Gateway and waypoint deployments (the "
	"gateway injection template, the label "
	"gateway.networking.k8s.io/gateway-name of the pods istiod deploys "
	"for a Gateway, or a proxy running as router or waypoint) keep "
	"their Envoy and are not reported.\n"
	"\n"
	"The fix removes the annotations, all of a pod's at once. It is "
	"unsafe: while the pod still runs a sidecar (before its namespace is "
	"migrated, or after a roll-back) the settings apply, so run it in "
	"the clean-up phase."
	HELD_DOC,
	.kinds = pod_kinds,
	.check = check_sidecar_annotations,
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
	"      annotations:\n"
	"        sidecar.istio.io/proxyCPU: 100m\n"
	"        traffic.sidecar.istio.io/excludeOutboundPorts: \"5432\"\n"
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
	"      annotations:\n"
	"        prometheus.io/scrape: \"true\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: catalog\n"
	"        image: registry.example.com/bookstore/catalog:4.2.1\n",
	.phase = ALINT_PHASE_CLEANUP,
};
