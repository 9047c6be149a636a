/*
 * common.h - small helpers shared by the built-in rule families
 *
 * Rules use only the public rule.h API; these inline helpers save each
 * family from writing them again.
 */
#ifndef ALINT_RULES_COMMON_H
#define ALINT_RULES_COMMON_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* Decoded text of a scalar, aliases followed; NULL for anything else. */
static inline const char *
text_of(const struct alint_node *n, size_t *len)
{
	if (n != NULL && alint_node_kind(n) == ALINT_NODE_ALIAS)
		n = alint_node_deref(n);
	if (n == NULL || alint_node_kind(n) != ALINT_NODE_SCALAR)
		return NULL;
	return alint_node_value(n, len);
}

/* Exact comparison of a scalar's decoded text (aliases followed). */
static inline bool
text_is(const struct alint_node *n, const char *s)
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
static inline bool
text_ieq(const struct alint_node *n, const char *s)
{
	size_t len;
	const char *t = text_of(n, &len);

	return t != NULL && len == strlen(s) && strncasecmp(t, s, len) == 0;
}

/* A mapping value, aliases followed; NULL when absent or not a mapping. */
static inline const struct alint_node *
map_get(const struct alint_node *map, const char *key)
{
	const struct alint_node *v = alint_node_get(map, key);

	if (v != NULL && alint_node_kind(v) == ALINT_NODE_ALIAS)
		v = alint_node_deref(v);
	return is_mapping(v) ? v : NULL;
}

/* A sequence value, aliases followed; NULL when absent or not a sequence. */
static inline const struct alint_node *
seq_get(const struct alint_node *map, const char *key)
{
	const struct alint_node *v = alint_node_get(map, key);

	if (v != NULL && alint_node_kind(v) == ALINT_NODE_ALIAS)
		v = alint_node_deref(v);
	return v != NULL && alint_node_kind(v) == ALINT_NODE_SEQUENCE ? v :
		NULL;
}

/*
 * A fix builder's result as a check's: only running out of memory stops
 * the run; any other failure just leaves the finding without its fix.
 */
static inline int
fix_rc(int rc)
{
	return rc == ALINT_ENOMEM ? rc : 0;
}

/* The spec mapping of a resource, or NULL. */
static inline const struct alint_node *
spec_of(const struct alint_resource *res)
{
	return map_get(alint_resource_root(res), "spec");
}

/* "Kind namespace/name", for messages. */
static inline void
res_text(char *buf, size_t len, const struct alint_resource *r)
{
	snprintf(buf, len, "%s %s/%s", alint_resource_kind(r),
		 alint_resource_namespace(r), alint_resource_name(r));
}

/* Whether a policy spec attaches by targetRefs or the singular targetRef. */
static inline bool
has_target_refs(const struct alint_node *spec)
{
	return alint_node_get(spec, "targetRefs") != NULL ||
		alint_node_get(spec, "targetRef") != NULL;
}

#endif /* ALINT_RULES_COMMON_H */
