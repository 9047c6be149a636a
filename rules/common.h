/*
 * common.h - small helpers shared by the built-in rule families
 *
 * Rules use only the public rule.h API; these inline helpers save each
 * family from writing them again.
 */
#ifndef ALINT_RULES_COMMON_H
#define ALINT_RULES_COMMON_H

#include <stdbool.h>
#include <string.h>

#include <ambientlint/rule.h>

/* Longest key or value quoted in a message; the rest is cut. */
#define MSG_TEXT_MAX 120

static inline bool
kind_is(const struct alint_resource *res, const char *kind)
{
	return strcmp(alint_resource_kind(res), kind) == 0;
}

static inline bool
is_mapping(const struct alint_node *n)
{
	return n != NULL && alint_node_kind(n) == ALINT_NODE_MAPPING;
}

/* A decoded scalar's length, cut for a message ("%.*s"). */
static inline int
msg_len(size_t len)
{
	return len > MSG_TEXT_MAX ? MSG_TEXT_MAX : (int)len;
}

/* The pod template (the Pod itself for a Pod), or NULL. */
static inline const struct alint_node *
pod_template(const struct alint_resource *res)
{
	const struct alint_node *t = alint_resource_pod_template(res);

	return is_mapping(t) ? t : NULL;
}

#endif /* ALINT_RULES_COMMON_H */
