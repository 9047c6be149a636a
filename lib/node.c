/*
 * node.c - the public accessors of the YAML tree (ambientlint/rule.h)
 *
 * Every accessor accepts NULL and then returns NULL, 0 or the neutral
 * value (a scalar kind, the plain style, a string type), so that rules
 * can chain lookups without checking each step.
 *
 * alint_node_get() compares a key's decoded text and returns the value of
 * the LAST matching key, because that is the value kubectl keeps when a
 * key is repeated. alint_node_deref() looks the alias up in the alias
 * table of its document, filled while parsing with the latest anchor of
 * that name defined before the alias (a binary search by position).
 * alint__node_anchor() finds a node's anchor name the same way, in the
 * document's table of anchored nodes (kept out of the node to keep it
 * small).
 */
#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "internal.h"

enum alint_node_kind
alint_node_kind(const struct alint_node *n)
{
	return n ? (enum alint_node_kind)n->kind : ALINT_NODE_SCALAR;
}

enum alint_node_style
alint_node_style(const struct alint_node *n)
{
	return n ? (enum alint_node_style)n->style : ALINT_STYLE_PLAIN;
}

const char *
alint_node_value(const struct alint_node *n, size_t *len)
{
	const struct alint_source *src;

	if (!n || (n->kind != ALINT_NODE_SCALAR &&
		   n->kind != ALINT_NODE_ALIAS)) {
		if (len)
			*len = 0;
		return NULL;
	}
	src = alint__node_slot(n).src;
	if (len)
		*len = alint__src_len(src, n);
	return alint__src_text(src, n);
}

int
alint_node_equals(const struct alint_node *n, const char *s)
{
	const struct alint_source *src;
	size_t len;

	if (!n || !s || n->kind != ALINT_NODE_SCALAR)
		return 0;
	len = strlen(s);
	src = alint__node_slot(n).src;
	return alint__src_len(src, n) == len &&
		memcmp(alint__src_text(src, n), s, len) == 0;
}

enum alint_y11_type
alint_node_y11(const struct alint_node *n)
{
	if (!n || n->kind != ALINT_NODE_SCALAR)
		return ALINT_Y11_STR;
	return (enum alint_y11_type)n->y11;
}

size_t
alint_node_start(const struct alint_node *n)
{
	return n ? n->start : 0;
}

size_t
alint_node_end(const struct alint_node *n)
{
	return n ? n->end : 0;
}

const struct alint_node *
alint_node_parent(const struct alint_node *n)
{
	return n ? alint__node_parent(n) : NULL;
}

size_t
alint_node_count(const struct alint_node *n)
{
	return n ? alint__node_count(n) : 0;
}

size_t
alint__node_count_slow(const struct alint_node *n)
{
	const struct alint_node *c;
	size_t k = 0;

	for (c = alint__node_first(n); c; c = alint__node_next(c))
		k++;
	return n->kind == ALINT_NODE_MAPPING ? k / 2 : k;
}

const struct alint_node *
alint_node_first(const struct alint_node *n)
{
	return n ? alint__node_first(n) : NULL;
}

const struct alint_node *
alint_node_next(const struct alint_node *n)
{
	return n ? alint__node_next(n) : NULL;
}

const struct alint_node *
alint_node_item(const struct alint_node *seq, size_t idx)
{
	const struct alint_node *c;

	if (!seq || seq->kind != ALINT_NODE_SEQUENCE ||
	    idx >= alint__node_count(seq))
		return NULL;
	for (c = alint__node_first(seq); c && idx > 0; c += alint__node_size(c))
		idx--;
	return c;
}

/*
 * The last key of map whose text is key (len bytes), and its value in
 * *val; NULL when there is none.
 */
static const struct alint_node *
map_find(const struct alint_node *map, const char *key, size_t len,
	 const struct alint_node **val)
{
	const struct alint_node *k, *v, *end, *found = NULL;
	const struct alint_source *src;
	const char *t;

	*val = NULL;
	if (!map || map->kind != ALINT_NODE_MAPPING || map->u.size < 2)
		return NULL;
	src = alint__node_slot(map).src;
	/* the pairs follow the mapping: key, value's subtree, key... */
	end = map + map->u.size;
	for (k = map + 1; k < end; k = v + alint__node_size(v)) {
		v = k + alint__node_size(k);
		if (v >= end)
			break;
		if (k->kind != ALINT_NODE_SCALAR ||
		    alint__src_len(src, k) != len)
			continue;
		/* most keys of the same length differ in their first byte */
		t = alint__src_text(src, k);
		if (len == 0 || (t[0] == key[0] &&
				 memcmp(t + 1, key + 1, len - 1) == 0)) {
			found = k;
			*val = v;
		}
	}
	return found;
}

const struct alint_node *
alint_node_get_key(const struct alint_node *map, const char *key)
{
	const struct alint_node *v;

	return key ? map_find(map, key, strlen(key), &v) : NULL;
}

const struct alint_node *
alint_node_get(const struct alint_node *map, const char *key)
{
	const struct alint_node *v = NULL;

	if (key)
		map_find(map, key, strlen(key), &v);
	return v;
}

const struct alint_node *
alint_node_path(const struct alint_node *n, ...)
{
	const char *key;
	va_list ap;

	va_start(ap, n);
	while (n) {
		key = va_arg(ap, const char *);
		if (!key)
			break;
		n = alint_node_get(n, key);
	}
	va_end(ap);
	return n;
}

const struct alint_node *
alint_node_deref(const struct alint_node *alias)
{
	const struct alint_doc *d;
	size_t lo, hi, mid;

	if (!alias || alias->kind != ALINT_NODE_ALIAS)
		return NULL;
	d = alint__node_doc(alias);
	if (!d)
		return NULL;
	lo = 0;
	hi = d->naliases;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->aliases[mid].alias->start < alias->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->naliases && d->aliases[lo].alias == alias)
		return d->aliases[lo].target;
	return NULL;
}

const char *
alint__node_anchor(const struct alint_node *n, size_t *len)
{
	const struct alint_doc *d;
	size_t lo, hi, mid;

	*len = 0;
	if (!n || !(n->flags & ALINT__NF_ANCHOR) || !alint__node_doc(n))
		return NULL;
	d = alint__node_doc(n);
	lo = 0;
	hi = d->nanchors;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->anchors[mid].node->start < n->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->nanchors && d->anchors[lo].node->start == n->start;
	     lo++) {
		if (d->anchors[lo].node == n) {
			*len = d->anchors[lo].len;
			return d->anchors[lo].name;
		}
	}
	return NULL;
}
