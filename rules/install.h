/*
 * install.h - Istio install configurations, shared by install.c and
 * blockers.c
 *
 * Two shapes carry the same settings: an IstioOperator resource
 * (install.istio.io/v1alpha1: spec.profile, spec.components,
 * spec.meshConfig, spec.values) and a Helm values file of the Istio
 * charts (no apiVersion or kind: the chart values are the document
 * itself). inst_get() recognises both; a Helm values document is
 * recognised by its content (see inst_get()).
 */
#ifndef ALINT_RULES_INSTALL_H
#define ALINT_RULES_INSTALL_H

#include <stdbool.h>

#include <ambientlint/rule.h>

struct inst {
	const struct alint_resource *res;
	bool iop;				/* an IstioOperator */
	/* spec (IstioOperator) or the document root (Helm values) */
	const struct alint_node *top;
	/* the chart values: spec.values, or the document root; may be NULL */
	const struct alint_node *values;
	/* spec.components (IstioOperator only), or NULL */
	const struct alint_node *components;
	/* the install profile: spec.profile, or the Helm profile key */
	const struct alint_node *profile;
	/* spec.values.profile of an IstioOperator, or NULL */
	const struct alint_node *values_profile;
};

/*
 * Whether res is an install configuration, and its parts. A Helm values
 * document is a mapping without apiVersion, kind and metadata whose
 * top-level keys include a key that only the Istio charts use
 * (meshConfig, pilot, istiodRemote, sidecarInjectorWebhook,
 * istio_cni, revisionTags), a cni mapping with keys of the istio-cni chart
 * (ambient, cniBinDir, cniConfDir, chained, excludeNamespaces), a ztunnel
 * mapping, a global mapping with Istio keys (istioNamespace, meshID,
 * multiCluster, network, meshNetworks, remotePilotAddress,
 * externalIstiod), or a profile key whose value is an Istio profile.
 */
bool inst_get(struct inst *in, const struct alint_resource *res);

/* An Istio install profile name (ambient, default, demo, remote...). */
bool inst_profile_known(const struct alint_node *n);

/* Whether a profile name enables ambient (ambient, openshift-ambient). */
bool inst_profile_ambient(const struct alint_node *n);

/*
 * The value of istiod environment variable name: values.pilot.env.NAME
 * (a mapping), or, in an IstioOperator, components.pilot.k8s.env (a list
 * of name/value). key (may be NULL) receives the node to point at.
 */
const struct alint_node *inst_pilot_env(const struct inst *in,
					const char *name,
					const struct alint_node **key);

/*
 * The first primary-remote signal of the install (a profile remote,
 * istiodRemote.enabled true, global.remotePilotAddress,
 * global.externalIstiod true, istiod env EXTERNAL_ISTIOD true), described
 * in what; NULL when there is none.
 */
const struct alint_node *inst_primary_remote(const struct inst *in,
					     const char **what);

/* A scalar that kubectl and Helm read as true or false. */
bool inst_true(const struct alint_node *n);
bool inst_false(const struct alint_node *n);

#endif /* ALINT_RULES_INSTALL_H */
