/*
 * blockers.h - what blockers.c tells the other families
 */
#ifndef ALINT_RULES_BLOCKERS_H
#define ALINT_RULES_BLOCKERS_H

#include <stddef.h>

#include <ambientlint/rule.h>

/*
 * The first resource of the inputs (in index order) whose topology holds
 * back the migration of the whole mesh at the target Istio version,
 * described in buf ("Secret istio-system/istio-remote-secret-west makes
 * the mesh multicluster, which ambient mode does not support before
 * Istio 1.27 (target 1.26)"), or NULL when there is none: a multicluster
 * signal of AL5003 below 1.27, or a primary-remote one of AL5004 (an
 * install configuration, or a Namespace annotated
 * topology.istio.io/controlPlaneClusters). res (may be NULL) receives the
 * resource. It scans every resource: call it once per run.
 */
const char *blockers_mesh_wide(struct alint_rule_ctx *rctx, char *buf,
			       size_t len,
			       const struct alint_resource **res);

#endif /* ALINT_RULES_BLOCKERS_H */
