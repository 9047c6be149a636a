/*
 * fuzz-yaml.c - libFuzzer target: the YAML layer
 *
 * Parses one buffer into our tree and runs the libyaml gate, as the first
 * phase of a lint run does (alint__source_new), then walks every tree and
 * checks what the rules rely on: spans inside the buffer and ordered,
 * children inside their parent, counts that match the children, aliases
 * that resolve to a node of the same document, line/column positions
 * of every span. Any violation aborts, so libFuzzer reports it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz-yaml: %s:%d: check failed: %s\n", \
			__FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static void
check_node(const struct alint_source *src, const struct alint_doc *doc,
	   const struct alint_node *n, const struct alint_node *parent)
{
	const struct alint_node *c;
	struct alint_pos a, b;
	size_t count = 0;

	/* iterative over siblings, recursive over depth (bounded by the
	 * parser's nesting limit) */
	CHECK(alint__node_parent(n) == parent);
	CHECK(alint__node_doc(n) == doc);
	CHECK(n->start <= n->end);
	CHECK(n->end <= src->len);
	alint__source_pos(src, n->start, &a);
	alint__source_pos(src, n->end, &b);
	CHECK(a.line >= 1 && a.line <= b.line);
	CHECK(a.column >= 1 && b.column >= 1);
	if (n->kind == ALINT_NODE_ALIAS) {
		const struct alint_node *t = alint_node_deref(n);

		CHECK(!t || alint__node_doc(t) == doc);
	}
	for (c = alint_node_first(n); c; c = alint__node_next(c)) {
		check_node(src, doc, c, n);
		if (!(c->flags & ALINT__NF_IMPLICIT)) {
			CHECK(c->start >= n->start || n->kind ==
			      ALINT_NODE_ALIAS);
		}
		count++;
	}
	if (n->kind == ALINT_NODE_MAPPING)
		CHECK(count == 2 * (size_t)alint_node_count(n));
	else if (n->kind == ALINT_NODE_SEQUENCE)
		CHECK(count == alint_node_count(n));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alint_source *src;
	char *buf;
	size_t i;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (alint__source_new(&src, "fuzz.yaml", buf, size) < 0)
		return 0;
	for (i = 0; i < src->ndocs; i++) {
		const struct alint_doc *doc = &src->docs[i];

		CHECK(doc->index == i);
		CHECK(doc->start <= doc->end && doc->end <= src->len);
		if (doc->root)
			check_node(src, doc, doc->root, NULL);
	}
	for (i = 0; i < src->nissues; i++) {
		CHECK(src->issues[i].start <= src->issues[i].end);
		CHECK(src->issues[i].end <= src->len);
		CHECK(src->issues[i].message);
	}
	alint__source_free(src);
	return 0;
}
