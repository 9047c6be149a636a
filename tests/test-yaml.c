/*
 * test-yaml.c - unit tests of the YAML layer (arena, tree, issues, typing)
 *
 * Spans are checked byte for byte against the text they must cover. The
 * corpus tests parse the YAML test suite and a sample of real manifests
 * from ../shared/corpus (skipped when it is absent): the tree of every
 * valid test-suite case is written out in the suite's event notation and
 * compared with its test.event, and every tree is checked for nesting,
 * order and span invariants.
 */
#include <config.h>

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <libfyaml.h>

#include "internal.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define CORPUS TOP_SRCDIR "/../shared/corpus"

/* ---- helpers ------------------------------------------------------------ */

/* The nodes of a document's tree: its root's subtree. */
static size_t
doc_nodes(const struct alint_doc *d)
{
	return d->root ? alint__node_size(d->root) : 0;
}

static struct alint_source *
parse_len(const char *text, size_t len)
{
	struct alint_source *src;

	src = calloc(1, sizeof(*src));
	assert_non_null(src);
	src->name = strdup("test.yaml");
	src->buf = malloc(len + 1);
	assert_non_null(src->name);
	assert_non_null(src->buf);
	memcpy(src->buf, text, len);
	src->buf[len] = '\0';
	src->len = len;
	alint__arena_init(&src->arena);
	assert_int_equal(alint__yaml_parse(src), 0);
	return src;
}

static struct alint_source *
parse(const char *text)
{
	return parse_len(text, strlen(text));
}

/* The bytes a node spans must be exactly want. */
static void
span_is(const struct alint_source *src, const struct alint_node *n,
	const char *want)
{
	size_t len = strlen(want);

	assert_non_null(n);
	assert_true(n->start <= n->end);
	assert_true(n->end <= src->len);
	if (n->end - n->start != len || memcmp(src->buf + n->start, want,
					       len) != 0) {
		print_error("span [%u,%u) is \"%.*s\", want \"%s\"\n",
			    n->start, n->end, (int)(n->end - n->start),
			    src->buf + n->start, want);
		fail();
	}
}

static void
value_is(const struct alint_node *n, const char *want)
{
	const char *v;
	size_t len;

	assert_non_null(n);
	v = alint_node_value(n, &len);
	assert_non_null(v);
	if (len != strlen(want) || memcmp(v, want, len) != 0) {
		print_error("value is \"%.*s\", want \"%s\"\n", (int)len, v,
			    want);
		fail();
	}
	assert_true(alint_node_equals(n, want) ||
		    n->kind == ALINT_NODE_ALIAS);
}

static const struct alint__issue *
issue_of(const struct alint_source *src, enum alint__issue_kind kind)
{
	size_t i;

	for (i = 0; i < src->nissues; i++)
		if (src->issues[i].kind == kind)
			return &src->issues[i];
	return NULL;
}

static size_t
issues_of(const struct alint_source *src, enum alint__issue_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < src->nissues; i++)
		if (src->issues[i].kind == kind)
			n++;
	return n;
}

static const struct alint_node *
root(const struct alint_source *src, size_t doc)
{
	assert_true(doc < src->ndocs);
	return src->docs[doc].root;
}

static void
pos_is(const struct alint_source *src, size_t offset, size_t line,
       size_t column)
{
	struct alint_pos p;

	alint__source_pos(src, offset, &p);
	assert_int_equal(p.line, line);
	assert_int_equal(p.column, column);
}

/*
 * Invariants of every tree: spans inside the input and inside the parent,
 * siblings in order, counts, parents, documents; quotes, headers, '*',
 * brackets where the style says. Iterative, like the builder.
 */
static void
check_tree(const struct alint_source *src)
{
	const struct alint_node *n, *c, *prev;
	const struct alint_doc *d;
	const char *an;
	size_t i, nchild, nnodes, alen;
	unsigned char first;

	for (i = 0; i < src->ndocs; i++) {
		d = &src->docs[i];
		assert_int_equal(d->index, i);
		assert_ptr_equal(d->src, src);
		assert_true(d->start <= d->end && d->end <= src->len);
		if (i > 0)
			assert_true(src->docs[i - 1].end <= d->start);
		nnodes = 0;
		n = d->root;
		if (n) {
			assert_null(alint__node_parent(n));
			assert_true(d->start <= n->start && n->end <= d->end);
		}
		while (n) {
			nnodes++;
			assert_ptr_equal(alint__node_doc(n), d);
			assert_true(n->start <= n->end && n->end <= src->len);
			first = (unsigned char)src->buf[n->start];
			if (!(n->flags & (ALINT__NF_ANCHOR | ALINT__NF_TAG))) {
				switch (n->style) {
				case ALINT_STYLE_SINGLE_QUOTED:
					assert_int_equal(first, '\'');
					break;
				case ALINT_STYLE_DOUBLE_QUOTED:
					assert_int_equal(first, '"');
					break;
				case ALINT_STYLE_LITERAL:
					assert_int_equal(first, '|');
					break;
				case ALINT_STYLE_FOLDED:
					assert_int_equal(first, '>');
					break;
				default:
					break;
				}
			}
			if (n->kind == ALINT_NODE_ALIAS)
				assert_int_equal(first, '*');
			if (n->flags & ALINT__NF_ANCHOR) {
				an = alint__node_anchor(n, &alen);
				assert_non_null(an);
				assert_true(alen > 0);
				assert_int_equal(src->buf[an - src->buf - 1],
						 '&');
			}
			if (n->kind == ALINT_NODE_SCALAR &&
			    n->style == ALINT_STYLE_PLAIN &&
			    !(n->flags & ALINT__NF_IMPLICIT))
				assert_true(alint__node_len(n) > 0);
			/* children */
			nchild = 0;
			prev = NULL;
			for (c = alint_node_first(n); c;
			     c = alint__node_next(c)) {
				assert_ptr_equal(alint__node_parent(c), n);
				assert_true(n->start <= c->start);
				assert_true(c->end <= n->end);
				if (prev)
					assert_true(prev->end <= c->start);
				if (n->kind == ALINT_NODE_MAPPING)
					assert_int_equal(
						!!(c->flags & ALINT__NF_KEY),
						nchild % 2 == 0);
				prev = c;
				nchild++;
			}
			if (n->kind == ALINT_NODE_MAPPING) {
				assert_int_equal(nchild % 2, 0);
				assert_int_equal(alint_node_count(n),
						 nchild / 2);
			} else if (n->kind == ALINT_NODE_SEQUENCE) {
				assert_int_equal(alint_node_count(n), nchild);
			} else {
				assert_null(alint_node_first(n));
			}
			/* next in pre-order, without recursion */
			if (alint_node_first(n)) {
				n = alint_node_first(n);
				continue;
			}
			while (n && !alint__node_next(n))
				n = alint__node_parent(n);
			if (n)
				n = alint__node_next(n);
		}
		assert_int_equal(nnodes, doc_nodes(d));
	}
}

static void
src_done(struct alint_source **src)
{
	alint__source_free(*src);
	*src = NULL;
}

/* ---- arena -------------------------------------------------------------- */

static void
test_arena(void **state)
{
	struct alint__arena a;
	char *p, *q, *big;
	size_t i;

	(void)state;
	alint__arena_init(&a);
	p = alint__arena_alloc(&a, 1);
	q = alint__arena_alloc(&a, 3);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal((uintptr_t)p % 8, 0);
	assert_int_equal((uintptr_t)q % 8, 0);
	assert_true(q >= p + 8 || p >= q + 8);
	/* a big request gets its own chunk; small ones continue after */
	big = alint__arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	memset(big, 0x5a, 1 << 20);
	q = alint__arena_alloc(&a, 16);
	assert_non_null(q);
	assert_true(q < big || q >= big + (1 << 20));
	for (i = 0; i < 100000; i++) {
		p = alint__arena_alloc(&a, 1 + i % 61);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 8, 0);
		p[i % 61] = 'x';
	}
	/* growth is geometric but capped: far fewer chunks than requests */
	assert_true(a.total >= 100000);
	assert_true(a.total < (size_t)64 << 20);
	p = alint__arena_strndup(&a, "hello world", 5);
	assert_string_equal(p, "hello");
	p = alint__arena_printf(&a, "%s-%d-%zu", "ab", 42, (size_t)7);
	assert_string_equal(p, "ab-42-7");
	alint__arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	alint__arena_free(&a);
}

/* ---- spans -------------------------------------------------------------- */

static void
test_scalar_spans(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *v;

	(void)state;
	src = parse("plain: some text  # c\n"
		    "single: 'it''s'\n"
		    "double: \"a\\tb \\\"q\\\"\"\n"
		    "raw: \"no escapes\"\n"
		    "multi: first\n"
		    "  second\n"
		    "key with spaces: v\n"
		    "empty: ''\n");
	check_tree(src);
	r = root(src, 0);
	assert_int_equal(r->kind, ALINT_NODE_MAPPING);
	assert_int_equal(alint_node_count(r), 7);

	v = alint_node_get(r, "plain");
	span_is(src, v, "some text");
	value_is(v, "some text");
	assert_int_equal(v->style, ALINT_STYLE_PLAIN);
	span_is(src, alint_node_get_key(r, "plain"), "plain");

	v = alint_node_get(r, "single");
	span_is(src, v, "'it''s'");
	value_is(v, "it's");
	assert_int_equal(alint_node_style(v), ALINT_STYLE_SINGLE_QUOTED);

	v = alint_node_get(r, "double");
	span_is(src, v, "\"a\\tb \\\"q\\\"\"");
	value_is(v, "a\tb \"q\"");
	assert_int_equal(alint_node_style(v), ALINT_STYLE_DOUBLE_QUOTED);

	v = alint_node_get(r, "raw");
	span_is(src, v, "\"no escapes\"");
	value_is(v, "no escapes");
	/* the raw text is the value: it points into the buffer */
	assert_ptr_equal(alint__node_text(v), src->buf + v->start + 1);

	v = alint_node_get(r, "multi");
	span_is(src, v, "first\n  second");
	value_is(v, "first second");

	span_is(src, alint_node_get_key(r, "key with spaces"),
		"key with spaces");

	v = alint_node_get(r, "empty");
	span_is(src, v, "''");
	value_is(v, "");
	assert_false(v->flags & ALINT__NF_IMPLICIT);
	src_done(&src);
}

static void
test_block_scalar_spans(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *v;

	(void)state;
	src = parse("lit: |\n"
		    "  line 1\n"
		    "  line 2\n"
		    "\n"
		    "fold: >-\n"
		    "  a\n"
		    "  b\n"
		    "keep: |+\n"
		    "  k\n"
		    "\n"
		    "after: # comment\n"
		    "\n"
		    "  |2\n"
		    "   x\n"
		    "seq:\n"
		    "- >\n"
		    "  item\n"
		    "last: 1\n");
	check_tree(src);
	r = root(src, 0);

	v = alint_node_get(r, "lit");
	/* from the header to the start of the line after the last line,
	 * trailing blank lines included (libfyaml's end) */
	span_is(src, v, "|\n  line 1\n  line 2\n\n");
	value_is(v, "line 1\nline 2\n");
	assert_int_equal(v->style, ALINT_STYLE_LITERAL);
	assert_int_equal(v->y11, ALINT_Y11_STR);

	v = alint_node_get(r, "fold");
	span_is(src, v, ">-\n  a\n  b\n");
	value_is(v, "a b");
	assert_int_equal(v->style, ALINT_STYLE_FOLDED);

	v = alint_node_get(r, "keep");
	span_is(src, v, "|+\n  k\n\n");
	value_is(v, "k\n\n");

	v = alint_node_get(r, "after");
	span_is(src, v, "|2\n   x\n");
	value_is(v, " x\n");

	v = alint_node_item(alint_node_get(r, "seq"), 0);
	span_is(src, v, ">\n  item\n");
	value_is(v, "item\n");
	/* the sequence ends with its block scalar */
	span_is(src, alint_node_get(r, "seq"), "- >\n  item\n");
	src_done(&src);

	/* indented: the span stops before the next key's indentation */
	src = parse("a:\n"
		    "  d: |\n"
		    "    x\n"
		    "\n"
		    "  k: |-\n"
		    "     y\n"
		    "  # comment\n"
		    "  l:\n"
		    "  - |+\n"
		    "    z\n"
		    "  - end\n");
	check_tree(src);
	r = alint_node_get(root(src, 0), "a");
	span_is(src, alint_node_get(r, "d"), "|\n    x\n\n");
	value_is(alint_node_get(r, "d"), "x\n");
	span_is(src, alint_node_get(r, "k"), "|-\n     y\n");
	value_is(alint_node_get(r, "k"), "y");
	v = alint_node_get(r, "l");
	span_is(src, alint_node_item(v, 0), "|+\n    z\n");
	value_is(alint_node_item(v, 0), "z\n");
	span_is(src, v, "- |+\n    z\n  - end");
	src_done(&src);
}

static void
test_props_spans(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *v, *a;
	const char *an;
	size_t alen;

	(void)state;
	src = parse("a: &anc value\n"
		    "b: !!str 123\n"
		    "c: &both !!int '7'\n"
		    "d: *anc\n"
		    "e: &m !<tag:yaml.org,2002:map>\n"
		    "  k: v\n"
		    "f: &lit !!str |\n"
		    "  text\n"
		    "g: *m\n");
	check_tree(src);
	r = root(src, 0);

	v = alint_node_get(r, "a");
	span_is(src, v, "&anc value");
	value_is(v, "value");
	assert_true(v->flags & ALINT__NF_ANCHOR);
	an = alint__node_anchor(v, &alen);
	assert_int_equal(alen, 3);
	assert_memory_equal(an, "anc", 3);

	v = alint_node_get(r, "b");
	span_is(src, v, "!!str 123");
	assert_true(v->flags & ALINT__NF_TAG);
	/* an explicit !!str keeps it a string for go-yaml */
	assert_int_equal(alint_node_y11(v), ALINT_Y11_STR);

	v = alint_node_get(r, "c");
	span_is(src, v, "&both !!int '7'");
	assert_int_equal(alint_node_y11(v), ALINT_Y11_INT);

	a = alint_node_get(r, "d");
	span_is(src, a, "*anc");
	assert_int_equal(alint_node_kind(a), ALINT_NODE_ALIAS);
	value_is(a, "anc");
	assert_ptr_equal(alint_node_deref(a), alint_node_get(r, "a"));

	v = alint_node_get(r, "e");
	span_is(src, v, "&m !<tag:yaml.org,2002:map>\n  k: v");
	assert_int_equal(v->kind, ALINT_NODE_MAPPING);
	assert_ptr_equal(alint_node_deref(alint_node_get(r, "g")), v);

	v = alint_node_get(r, "f");
	span_is(src, v, "&lit !!str |\n  text\n");
	value_is(v, "text\n");

	assert_null(alint_node_deref(v));
	assert_null(alint_node_deref(NULL));
	src_done(&src);
}

static void
test_collection_spans(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *v, *m;

	(void)state;
	src = parse("metadata:\n"
		    "  name: x\n"
		    "  labels: {app: a, 'v': [1, 2]}  # trailing\n"
		    "\n"
		    "# comment after the block\n"
		    "spec:\n"
		    "  ports:\n"
		    "  - port: 80\n"
		    "    name: http\n"
		    "  - [a: b, c]\n"
		    "  selector:\n"
		    "    app: a\n"
		    "list:\n"
		    "  - - x\n"
		    "    - y\n");
	check_tree(src);
	r = root(src, 0);
	assert_int_equal(r->start, 0);
	assert_int_equal(r->end, src->len - 1);

	/* block mapping: ends at its last child, not at the comment */
	v = alint_node_get(r, "metadata");
	span_is(src, v, "name: x\n  labels: {app: a, 'v': [1, 2]}");
	assert_int_equal(v->style, ALINT_STYLE_BLOCK);

	v = alint_node_path(r, "metadata", "labels", NULL);
	span_is(src, v, "{app: a, 'v': [1, 2]}");
	assert_int_equal(alint_node_style(v), ALINT_STYLE_FLOW);
	assert_int_equal(alint_node_count(v), 2);
	span_is(src, alint_node_get(v, "v"), "[1, 2]");
	span_is(src, alint_node_item(alint_node_get(v, "v"), 1), "2");
	assert_null(alint_node_item(alint_node_get(v, "v"), 2));

	/* indentless sequence: ends at its last item, before "selector" */
	v = alint_node_path(r, "spec", "ports", NULL);
	span_is(src, v, "- port: 80\n    name: http\n  - [a: b, c]");
	assert_int_equal(alint_node_count(v), 2);
	span_is(src, alint_node_item(v, 0), "port: 80\n    name: http");

	/* a single pair in a flow sequence is an implicit mapping */
	m = alint_node_first(alint_node_item(v, 1));
	assert_int_equal(alint_node_kind(m), ALINT_NODE_MAPPING);
	assert_int_equal(alint_node_style(m), ALINT_STYLE_FLOW);
	span_is(src, m, "a: b");
	span_is(src, alint_node_item(v, 1), "[a: b, c]");

	v = alint_node_path(r, "spec", "selector", NULL);
	span_is(src, v, "app: a");
	span_is(src, alint_node_get(r, "spec"),
		"ports:\n  - port: 80\n    name: http\n  - [a: b, c]\n"
		"  selector:\n    app: a");

	v = alint_node_get(r, "list");
	span_is(src, v, "- - x\n    - y");
	span_is(src, alint_node_item(v, 0), "- x\n    - y");
	src_done(&src);
}

static void
test_implicit_empty(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *v, *s;

	(void)state;
	src = parse("key:\n"
		    "other :   # c\n"
		    "seq:\n"
		    " - \n"
		    " - x\n"
		    "flow: {a, b: }\n"
		    "anch: &e\n"
		    "last:");
	check_tree(src);
	r = root(src, 0);

	v = alint_node_get(r, "key");
	assert_non_null(v);
	assert_true(v->flags & ALINT__NF_IMPLICIT);
	assert_int_equal(v->start, 4);
	assert_int_equal(v->end, 4);
	value_is(v, "");
	assert_int_equal(alint_node_y11(v), ALINT_Y11_NULL);

	v = alint_node_get(r, "other");
	assert_int_equal(v->start, strlen("key:\nother :"));
	assert_int_equal(v->end, v->start);

	s = alint_node_get(r, "seq");
	assert_int_equal(alint_node_count(s), 2);
	v = alint_node_item(s, 0);
	assert_true(v->flags & ALINT__NF_IMPLICIT);
	assert_int_equal(v->start, strlen("key:\nother :   # c\nseq:\n -"));
	span_is(src, s, "- \n - x");

	s = alint_node_get(r, "flow");
	assert_int_equal(alint_node_count(s), 2);
	v = alint_node_get(s, "a");
	assert_true(v->flags & ALINT__NF_IMPLICIT);
	assert_int_equal(v->start, alint_node_get_key(s, "a")->end);
	v = alint_node_get(s, "b");
	assert_int_equal(v->start, alint_node_get_key(s, "b")->end + 1);

	v = alint_node_get(r, "anch");
	span_is(src, v, "&e");
	assert_true(v->flags & ALINT__NF_IMPLICIT);

	v = alint_node_get(r, "last");
	assert_int_equal(v->start, src->len);
	/* the mapping ends after the ':' of its last key */
	assert_int_equal(r->end, src->len);
	src_done(&src);
}

/* ---- documents, positions ----------------------------------------------- */

static void
test_multi_doc(void **state)
{
	struct alint_source *src;
	const struct alint_doc *d;

	(void)state;
	src = parse("# leading comment\n"
		    "a: 1\n"
		    "---\n"
		    "---\n"
		    "b: 2\n"
		    "...\n"
		    "--- c\n"
		    "...\n"
		    "---\n");
	check_tree(src);
	assert_int_equal(src->ndocs, 5);

	d = &src->docs[0];
	assert_false(d->explicit_start);
	assert_false(d->explicit_end);
	span_is(src, d->root, "a: 1");
	assert_int_equal(d->start, d->root->start);

	d = &src->docs[1];
	assert_true(d->explicit_start);
	assert_null(d->root);
	assert_int_equal(d->start, strlen("# leading comment\na: 1\n"));

	d = &src->docs[2];
	assert_true(d->explicit_start);
	assert_true(d->explicit_end);
	span_is(src, d->root, "b: 2");
	assert_int_equal(d->end, strlen("# leading comment\na: 1\n---\n---\n"
					"b: 2\n..."));

	d = &src->docs[3];
	value_is(d->root, "c");
	assert_true(d->explicit_end);
	assert_int_equal(d->index, 3);

	d = &src->docs[4];
	assert_null(d->root);
	assert_true(d->explicit_start);
	assert_int_equal(src->nissues, 0);
	/* libyaml sees the same five documents */
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_int_equal(src->nissues, 0);
	src_done(&src);

	/* nothing but comments: no document at all */
	src = parse("# only a comment\n\n");
	assert_int_equal(src->ndocs, 0);
	src_done(&src);
	src = parse("");
	assert_int_equal(src->ndocs, 0);
	assert_int_equal(src->nlines, 1);
	src_done(&src);
}

/*
 * The line table keeps one line start in ALINT__LINE_STEP: every line
 * and every offset, across several steps, against a plain scan, with
 * "\n", "\r\n" and lone "\r" breaks, with and without a last break.
 */
static void
check_lines(const char *text)
{
	struct alint_source *src = parse(text);
	size_t len = strlen(text), starts[200], n = 1, i, off, l, st;
	struct alint_pos pos;

	starts[0] = 0;
	for (i = 0; i < len; i++) {
		if (text[i] == '\r' && text[i + 1] == '\n')
			i++;
		else if (text[i] != '\r' && text[i] != '\n')
			continue;
		starts[n++] = i + 1;
	}
	assert_int_equal(src->nlines, n);
	for (l = 0; l < n; l++) {
		assert_int_equal(alint__line_start(src, l), starts[l]);
		assert_int_equal(alint__line_next(src, starts[l]),
				 l + 1 < n ? starts[l + 1] : len);
	}
	for (off = 0, l = 0; off <= len; off++) {
		while (l + 1 < n && starts[l + 1] <= off)
			l++;
		assert_int_equal(alint__line_of(src, off, &st), l);
		assert_int_equal(st, starts[l]);
		alint__source_pos(src, off, &pos);
		assert_int_equal(pos.line, l + 1);
		assert_int_equal(pos.column, off - starts[l] + 1);
	}
	src_done(&src);
}

static void
test_line_table(void **state)
{
	static const char *const brk[] = { "\n", "\r\n", "\r" };
	struct alint_source *src;
	char text[2048], *p;
	size_t i, k;

	(void)state;
	for (k = 0; k < 4; k++) {
		p = text;
		for (i = 0; i < 3 * ALINT__LINE_STEP + 5; i++) {
			p += snprintf(p, 32, "k%zu: %zu", i, i);
			if (i % 7 == 3)		/* a blank line */
				p += snprintf(p, 8, "\n");
			p += snprintf(p, 8, "%s", brk[k < 3 ? k : i % 3]);
		}
		*p = '\0';
		check_lines(text);
		/* no last break */
		p -= p[-1] == '\n' && p[-2] == '\r' ? 2 : 1;
		*p = '\0';
		check_lines(text);
	}
	check_lines("");
	check_lines("a");
	check_lines("\n");
	check_lines("\r\n\r\n");

	/* what the same pass notes of line starts */
	src = parse("\xEF\xBB\xBF---\na: 1\n...\n%YAML 1.1\n--- x\n ---\n");
	assert_int_equal(src->doc_markers, 3);
	assert_true(src->pct_lines);
	assert_false(src->crlf);
	src_done(&src);
	src = parse("a: 1\r\n--- # c\r\nb: 2 % 3\n");
	assert_int_equal(src->doc_markers, 1);
	assert_false(src->pct_lines);
	assert_true(src->crlf);
	src_done(&src);
}

static void
test_bom_crlf(void **state)
{
	struct alint_source *src;
	const struct alint_node *v;

	(void)state;
	src = parse("\xEF\xBB\xBFkey: v\r\nother: w\r\n");
	check_tree(src);
	assert_true(src->bom);
	assert_true(src->crlf);
	assert_int_equal(src->nlines, 3);
	assert_int_equal(alint__line_start(src, 1), 11);
	v = alint_node_get(root(src, 0), "key");
	span_is(src, v, "v");
	/* the BOM does not count as a column */
	pos_is(src, 0, 1, 1);
	pos_is(src, 3, 1, 1);
	pos_is(src, v->start, 1, 6);
	v = alint_node_get(root(src, 0), "other");
	span_is(src, v, "w");
	pos_is(src, v->start, 2, 8);
	/* beyond the end: clamped */
	pos_is(src, 10000, 3, 1);
	src_done(&src);

	/* lone CR is a line break for libfyaml too */
	src = parse("a: 1\rb: 2\r");
	assert_false(src->crlf);
	assert_int_equal(src->nlines, 3);
	v = alint_node_get(root(src, 0), "b");
	span_is(src, v, "2");
	pos_is(src, v->start, 2, 4);
	src_done(&src);

	src = parse("a: 1\nb: 2\r\n");
	assert_false(src->crlf);
	src_done(&src);
}

static void
test_utf8_columns(void **state)
{
	struct alint_source *src;
	const struct alint_node *v;

	(void)state;
	src = parse("n\xC3\xA9: caf\xC3\xA9 \xF0\x9F\x98\x80 x\n"
		    "\xC3\xA9t\xC3\xA9: \"\xC3\xA9\"\n");
	check_tree(src);
	v = alint_node_get(root(src, 0), "n\xC3\xA9");
	span_is(src, v, "caf\xC3\xA9 \xF0\x9F\x98\x80 x");
	pos_is(src, v->start, 1, 5);
	pos_is(src, v->end, 1, 13);
	v = alint_node_get(root(src, 0), "\xC3\xA9t\xC3\xA9");
	span_is(src, v, "\"\xC3\xA9\"");
	pos_is(src, v->start, 2, 6);
	assert_int_equal(src->nissues, 0);
	src_done(&src);
}

/* ---- tree API, paths ---------------------------------------------------- */

static void
test_tree_api(void **state)
{
	struct alint_source *src;
	struct alint__arena a;
	const struct alint_node *r, *v, *k;

	(void)state;
	alint__arena_init(&a);
	src = parse("metadata:\n"
		    "  name: web\n"
		    "  labels:\n"
		    "    app/x~y: z\n"
		    "spec:\n"
		    "  ports:\n"
		    "  - name: http\n"
		    "    port: 80\n"
		    "  - name: grpc\n"
		    "? [complex]\n"
		    ": 1\n"
		    "metadata: again\n");
	r = root(src, 0);
	assert_int_equal(alint_node_count(r), 4);
	assert_null(alint_node_parent(r));

	/* the last of two equal keys wins, as in kubectl */
	v = alint_node_get(r, "metadata");
	value_is(v, "again");
	assert_ptr_equal(alint_node_next(alint_node_get_key(r, "metadata")),
			 v);

	v = alint_node_path(r, "spec", "ports", NULL);
	assert_int_equal(alint_node_kind(v), ALINT_NODE_SEQUENCE);
	k = alint_node_get(alint_node_item(v, 1), "name");
	value_is(k, "grpc");
	assert_string_equal(alint__node_path(&a, k), "/spec/ports/1/name");
	assert_string_equal(alint__node_path(&a, alint_node_get_key(
		alint_node_item(v, 1), "name")), "/spec/ports/1/name");
	assert_string_equal(alint__node_path(&a, r), "");
	assert_string_equal(alint__node_path(&a, NULL), "");
	assert_ptr_equal(alint_node_parent(alint_node_parent(k)), v);

	v = alint_node_first(r);
	v = alint_node_get(alint_node_next(v), "labels");
	v = alint_node_get(v, "app/x~y");
	value_is(v, "z");
	assert_string_equal(alint__node_path(&a, v),
			    "/metadata/labels/app~1x~0y");

	/* a collection key: its source text */
	k = alint_node_first(r);
	for (k = alint_node_first(r); k; k = alint_node_next(
		     alint_node_next(k)))
		if (alint_node_kind(k) == ALINT_NODE_SEQUENCE)
			break;
	assert_non_null(k);
	assert_string_equal(alint__node_path(&a, alint_node_next(k)),
			    "/[complex]");

	/* NULL and wrong kinds */
	assert_null(alint_node_get(NULL, "a"));
	assert_null(alint_node_get(v, "a"));
	assert_null(alint_node_get(r, "nope"));
	assert_null(alint_node_path(r, "spec", "nope", "x", NULL));
	assert_ptr_equal(alint_node_path(r, NULL), r);
	assert_null(alint_node_item(r, 0));
	assert_null(alint_node_value(r, NULL));
	assert_int_equal(alint_node_count(v), 0);
	assert_int_equal(alint_node_count(NULL), 0);
	assert_int_equal(alint_node_start(NULL), 0);
	assert_int_equal(alint_node_end(NULL), 0);
	assert_false(alint_node_equals(NULL, "x"));
	assert_false(alint_node_equals(r, "x"));
	assert_null(alint_node_first(NULL));
	assert_null(alint_node_next(NULL));
	assert_null(alint_node_parent(NULL));
	src_done(&src);
	alint__arena_free(&a);
}

/* ---- duplicates --------------------------------------------------------- */

static void
test_duplicates(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;
	const struct alint_node *r;
	char *buf;
	size_t i, n, len;

	(void)state;
	src = parse("name: a\n"
		    "spec: {x: 1, x: 2}\n"
		    "name: b\n");
	assert_int_equal(issues_of(src, ALINT__ISSUE_DUPLICATE_KEY), 2);
	is = &src->issues[0];
	assert_int_equal(is->kind, ALINT__ISSUE_DUPLICATE_KEY);
	assert_int_equal(is->start, strlen("name: a\nspec: {x: 1, "));
	assert_true(is->has_related);
	assert_int_equal(is->related, strlen("name: a\nspec: {"));
	is = &src->issues[1];
	assert_int_equal(is->start, strlen("name: a\nspec: {x: 1, x: 2}\n"));
	assert_int_equal(is->end, is->start + 4);
	assert_int_equal(is->related, 0);
	assert_non_null(strstr(is->message, "\"name\""));
	assert_non_null(strstr(is->message, "line 1"));
	assert_false(src->fatal);
	src_done(&src);

	/* YAML 1.1 typing: yes and true are both the bool true */
	src = parse("yes: 1\nno: 2\ntrue: 3\n0x1F: a\n31: b\n");
	assert_int_equal(issues_of(src, ALINT__ISSUE_DUPLICATE_KEY), 2);
	is = &src->issues[0];
	assert_int_equal(is->start, strlen("yes: 1\nno: 2\n"));
	assert_int_equal(is->related, 0);
	assert_non_null(strstr(is->message, "bool"));
	is = &src->issues[1];
	assert_int_equal(is->related, strlen("yes: 1\nno: 2\ntrue: 3\n"));
	src_done(&src);

	/* "1" and 1 differ for go-yaml, not after the JSON conversion */
	src = parse("\"1\": a\n1: b\n'true': c\nTrue: d\n~: e\nnull: f\n");
	assert_int_equal(issues_of(src, ALINT__ISSUE_DUPLICATE_KEY), 3);
	assert_non_null(strstr(src->issues[0].message, "JSON"));
	src_done(&src);

	/* not duplicates: different typed texts, merge keys, nesting */
	src = parse("base: &b {x: 1}\n"
		    "m:\n"
		    "  <<: *b\n"
		    "  <<: {y: 2}\n"
		    "  x: 3\n"
		    "a: {k: 1}\n"
		    "b: {k: 1}\n"
		    "'01': 1\n"
		    "'1': 2\n"
		    "1.5: 3\n"
		    "'1.50': 4\n"
		    "'1.0': 5\n");
	assert_int_equal(issues_of(src, ALINT__ISSUE_DUPLICATE_KEY), 0);
	r = alint_node_get(root(src, 0), "m");
	assert_true(alint_node_first(r)->flags & ALINT__NF_MERGE);
	assert_true(alint_node_first(r)->flags & ALINT__NF_KEY);
	src_done(&src);

	/* an alias as a key is compared through its anchor */
	src = parse("a: &k name\nm:\n  name: 1\n  *k : 2\n");
	assert_int_equal(issues_of(src, ALINT__ISSUE_DUPLICATE_KEY), 1);
	src_done(&src);

	/* thousands of keys: hashed, with one duplicate at the end */
	n = 20000;
	buf = malloc(n * 32 + 32);
	assert_non_null(buf);
	for (i = 0, len = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, 32, "key%zu: %zu\n", i, i);
	len += (size_t)snprintf(buf + len, 32, "key7: again\n");
	src = parse_len(buf, len);
	assert_int_equal(issues_of(src, ALINT__ISSUE_DUPLICATE_KEY), 1);
	is = issue_of(src, ALINT__ISSUE_DUPLICATE_KEY);
	assert_int_equal(is->related, strlen("key0: 0\nkey1: 1\nkey2: 2\n"
					     "key3: 3\nkey4: 4\nkey5: 5\n"
					     "key6: 6\n"));
	assert_int_equal(alint_node_count(root(src, 0)), n + 1);
	src_done(&src);
	free(buf);
}

/* ---- limits ------------------------------------------------------------- */

static void
test_depth(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;
	char *buf;
	size_t n = 100000, i;

	(void)state;
	buf = malloc(n * 4 + 1);
	assert_non_null(buf);
	memset(buf, '[', n);
	buf[n] = '\0';
	src = parse_len(buf, n);
	is = issue_of(src, ALINT__ISSUE_DEPTH);
	assert_non_null(is);
	assert_int_equal(is->start, ALINT__MAX_DEPTH);
	assert_string_equal(is->message, "nesting deeper than 512 levels");
	assert_true(src->fatal);
	assert_int_equal(src->max_depth, ALINT__MAX_DEPTH + 1);
	assert_int_equal(src->ndocs, 0);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_null(issue_of(src, ALINT__ISSUE_KUBECTL));
	src_done(&src);

	for (i = 0; i < n; i++)
		memcpy(buf + i * 4, "{a: ", 4);
	src = parse_len(buf, n * 4);
	is = issue_of(src, ALINT__ISSUE_DEPTH);
	assert_non_null(is);
	assert_int_equal(is->start, ALINT__MAX_DEPTH * 4);
	src_done(&src);

	/* exactly 512 levels is fine, and the gate runs */
	memset(buf, '[', 512);
	memset(buf + 512, ']', 512);
	src = parse_len(buf, 1024);
	assert_null(issue_of(src, ALINT__ISSUE_DEPTH));
	assert_int_equal(src->max_depth, 512);
	assert_int_equal(src->ndocs, 1);
	check_tree(src);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_int_equal(src->nissues, 0);
	src_done(&src);

	/* block nesting counts too */
	for (i = 0; i < 600; i++)
		memcpy(buf + i * 2, "- ", 2);
	memcpy(buf + 1200, "x\n", 3);
	src = parse(buf);
	assert_non_null(issue_of(src, ALINT__ISSUE_DEPTH));
	src_done(&src);
	free(buf);
}

static void
test_alias_bomb(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *v;
	const char *bomb =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
		"\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

	(void)state;
	src = parse(bomb);
	check_tree(src);
	assert_int_equal(src->nissues, 0);
	assert_int_equal(src->ndocs, 1);
	/* 1 map + 9 keys + 9 seqs + 81 items: nothing expanded */
	assert_int_equal(doc_nodes(&src->docs[0]), 100);
	assert_int_equal(src->docs[0].naliases, 72);
	r = root(src, 0);
	v = alint_node_item(alint_node_get(r, "i"), 8);
	assert_ptr_equal(alint_node_deref(v), alint_node_get(r, "h"));
	src_done(&src);

	/* the latest earlier anchor wins; later ones do not count */
	src = parse("- &x one\n- *x\n- &x two\n- *x\n- *y\n- &y three\n");
	r = root(src, 0);
	value_is(alint_node_deref(alint_node_item(r, 1)), "one");
	value_is(alint_node_deref(alint_node_item(r, 3)), "two");
	assert_null(alint_node_deref(alint_node_item(r, 4)));
	/* go-yaml fails on the unknown anchor */
	assert_int_equal(issues_of(src, ALINT__ISSUE_KUBECTL), 1);
	assert_int_equal(issue_of(src, ALINT__ISSUE_KUBECTL)->start,
			 strlen("- &x one\n- *x\n- &x two\n- *x\n- "));
	src_done(&src);

	/* anchors are per document */
	src = parse("a: &x 1\n---\nb: *x\n");
	assert_null(alint_node_deref(alint_node_get(root(src, 1), "b")));
	assert_int_equal(issues_of(src, ALINT__ISSUE_KUBECTL), 1);
	src_done(&src);
}

/* ---- text issues -------------------------------------------------------- */

static void
test_invalid_utf8(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;
	size_t bad;

	(void)state;
	assert_true(alint__utf8_valid("abc \xC3\xA9 \xF0\x9F\x98\x80", 11,
				      &bad));
	assert_false(alint__utf8_valid("abcdefghijkl\xFF", 13, &bad));
	assert_int_equal(bad, 12);
	assert_false(alint__utf8_valid("\xC3", 1, &bad));
	assert_int_equal(bad, 0);
	assert_false(alint__utf8_valid("a\xC0\xAF", 3, &bad));	/* overlong */
	assert_int_equal(bad, 1);
	/* a UTF-16 surrogate */
	assert_false(alint__utf8_valid("\xED\xA0\x80", 3, &bad));
	assert_false(alint__utf8_valid("\xF4\x90\x80\x80", 4, &bad));
	assert_true(alint__utf8_valid("", 0, &bad));

	src = parse("a: ok\nb: \xFF\xFE\n");
	is = issue_of(src, ALINT__ISSUE_INVALID_UTF8);
	assert_non_null(is);
	assert_int_equal(is->start, 9);
	assert_int_equal(is->end, 10);
	assert_non_null(strstr(is->message, "0xff"));
	/*
	 * libfyaml may loop forever on invalid UTF-8 (a fuzzed input in
	 * fuzz/regressions/): the stream is never given to it
	 */
	assert_true(src->fatal);
	assert_int_equal(src->ndocs, 0);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_null(issue_of(src, ALINT__ISSUE_KUBECTL));
	src_done(&src);
}

static void
test_line_break(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;

	(void)state;
	src = parse("a: x\xE2\x80\xA8y\nb: 1\n");
	is = issue_of(src, ALINT__ISSUE_LINE_BREAK);
	assert_non_null(is);
	assert_int_equal(is->start, 4);
	assert_int_equal(is->end, 7);
	assert_non_null(strstr(is->message, "U+2028"));
	value_is(alint_node_get(root(src, 0), "a"), "x\xE2\x80\xA8y");
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_null(issue_of(src, ALINT__ISSUE_KUBECTL));
	assert_int_equal(src->nissues, 1);
	src_done(&src);

	src = parse("a: \"x\xC2\x85\"\n");
	is = issue_of(src, ALINT__ISSUE_LINE_BREAK);
	assert_non_null(is);
	assert_int_equal(is->start, 5);
	assert_non_null(strstr(is->message, "U+0085"));
	src_done(&src);
}

static void
test_nul(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;

	(void)state;
	src = parse_len("a: 1\nb: \0\n", 10);
	assert_int_equal(src->nissues, 1);
	is = issue_of(src, ALINT__ISSUE_NUL);
	assert_non_null(is);
	assert_int_equal(is->start, 8);
	assert_non_null(strstr(is->message, "binary"));
	assert_true(src->fatal);
	assert_int_equal(src->ndocs, 0);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_int_equal(src->nissues, 1);
	src_done(&src);
}

static void
test_template(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;
	const char *helm =
		"# {{ not this one }}\n"
		"apiVersion: v1\n"
		"{{- if .Values.enabled }}\n"
		"kind: Service\n"
		"{{- end }}\n";

	(void)state;
	src = parse(helm);
	assert_true(src->fatal);
	assert_non_null(issue_of(src, ALINT__ISSUE_SYNTAX));
	is = issue_of(src, ALINT__ISSUE_TEMPLATE);
	assert_non_null(is);
	assert_int_equal(is->start, strlen("# {{ not this one }}\n"
					   "apiVersion: v1\n"));
	assert_int_equal(is->end - is->start,
			 strlen("{{- if .Values.enabled }}"));
	assert_non_null(strstr(is->message, "template"));
	src_done(&src);

	/* parses as YAML (flow mappings), still a chart */
	src = parse("name: {{ .Values.name }}\n");
	assert_null(issue_of(src, ALINT__ISSUE_SYNTAX));
	is = issue_of(src, ALINT__ISSUE_TEMPLATE);
	assert_non_null(is);
	assert_int_equal(is->start, 6);
	src_done(&src);
	src = parse("name: app-{{ .Release.Name }}\n");
	assert_non_null(issue_of(src, ALINT__ISSUE_TEMPLATE));
	src_done(&src);

	/* templates inside strings are data */
	src = parse("data:\n"
		    "  q: \"{{ .Values.x }}\"\n"
		    "  s: '{{- if .x }}'\n"
		    "  t: |\n"
		    "    {{- if .Values.global }}\n"
		    "    x: {{ .Values.x }}\n"
		    "    {{- end }}\n"
		    "  alert: Instance {{ $labels.instance }} down\n"
		    "  # {{- a comment }}\n");
	assert_int_equal(src->nissues, 0);
	src_done(&src);
}

static void
test_syntax_errors(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;

	(void)state;
	src = parse("a: [1, 2\nb: 3");
	is = issue_of(src, ALINT__ISSUE_SYNTAX);
	assert_non_null(is);
	assert_true(src->fatal);
	assert_int_equal(is->start, 13);
	pos_is(src, is->start, 2, 5);
	assert_non_null(strstr(is->message, "flow sequence"));
	assert_int_equal(src->ndocs, 0);
	src_done(&src);

	src = parse("a:\n\tb: 1\n");
	is = issue_of(src, ALINT__ISSUE_SYNTAX);
	assert_non_null(is);
	assert_int_equal(is->start, 3);
	pos_is(src, is->start, 2, 1);
	assert_non_null(strstr(is->message, "tab"));
	src_done(&src);

	/* documents before the error are kept */
	src = parse("a: 1\n---\nb: [\n");
	is = issue_of(src, ALINT__ISSUE_SYNTAX);
	assert_non_null(is);
	assert_int_equal(is->start, 14);
	assert_int_equal(src->ndocs, 1);
	span_is(src, src->docs[0].root, "a: 1");
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_null(issue_of(src, ALINT__ISSUE_KUBECTL));
	src_done(&src);

	src = parse("a: 'abc\n");
	is = issue_of(src, ALINT__ISSUE_SYNTAX);
	assert_non_null(is);
	assert_int_equal(is->start, 4);
	src_done(&src);
}

static void
test_repair(void **state)
{
	struct alint_source *src;
	const struct alint_node *r, *s, *v;
	const struct alint__issue *is;

	(void)state;
	/* libfyaml 0.7.12 rejects empty entries of indentless sequences */
	src = parse("seq:\n- x\n-\n- y\n-   # c\nk: 1\nt:\n-\n");
	assert_int_equal(src->nissues, 0);
	assert_false(src->fatal);
	check_tree(src);
	r = root(src, 0);
	s = alint_node_get(r, "seq");
	assert_int_equal(alint_node_count(s), 4);
	span_is(src, s, "- x\n-\n- y\n-");
	v = alint_node_item(s, 1);
	assert_true(v->flags & ALINT__NF_IMPLICIT);
	assert_false(v->flags & ALINT__NF_TAG);
	assert_int_equal(v->start, strlen("seq:\n- x\n-"));
	assert_int_equal(v->end, v->start);
	value_is(v, "");
	assert_int_equal(alint_node_y11(v), ALINT_Y11_NULL);
	value_is(alint_node_item(s, 2), "y");
	span_is(src, alint_node_item(s, 2), "y");
	span_is(src, alint_node_get_key(r, "k"), "k");
	span_is(src, alint_node_get(r, "k"), "1");
	assert_int_equal(alint_node_count(alint_node_get(r, "t")), 1);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_int_equal(src->nissues, 0);
	src_done(&src);

	/* as in a real fixture: the entry ends the document */
	src = parse("spec:\r\n  jwtRules:\r\n  -\r\n---\r\na: {b: c}\r\n");
	assert_int_equal(src->nissues, 0);
	assert_int_equal(src->ndocs, 2);
	check_tree(src);
	span_is(src, alint_node_get(root(src, 1), "a"), "{b: c}");
	src_done(&src);

	/* kept only when libyaml agrees: here it stops at the directive */
	src = parse("%FOO\n---\nseq:\n- x\n-\n");
	is = issue_of(src, ALINT__ISSUE_SYNTAX);
	assert_non_null(is);
	assert_string_equal(is->message, "did not find expected node content");
	assert_int_equal(is->start, strlen("%FOO\n---\nseq:\n- x\n-\n"));
	assert_true(src->fatal);
	src_done(&src);

	/* libfyaml 0.7.12 reads the lines after an empty block scalar
	 * as its content when it is below the top level */
	src = parse("a:\n"
		    "  k: |\n"
		    "  l: 1\n"
		    "  m: >-\n"
		    "\n"
		    "  n: x\n"
		    "  s:\n"
		    "  - |\n"
		    "  - y\n");
	assert_int_equal(src->nissues, 0);
	check_tree(src);
	r = alint_node_get(root(src, 0), "a");
	assert_int_equal(alint_node_count(r), 5);
	v = alint_node_get(r, "k");
	span_is(src, v, "|\n");
	value_is(v, "");
	value_is(alint_node_get(r, "l"), "1");
	v = alint_node_get(r, "m");
	span_is(src, v, ">-\n\n");
	value_is(v, "");
	assert_int_equal(v->style, ALINT_STYLE_FOLDED);
	value_is(alint_node_get(r, "n"), "x");
	s = alint_node_get(r, "s");
	assert_int_equal(alint_node_count(s), 2);
	value_is(alint_node_item(s, 0), "");
	value_is(alint_node_item(s, 1), "y");
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_int_equal(src->nissues, 0);
	src_done(&src);

	/* ... and takes invalid YAML: "text" is not a mapping entry */
	src = parse("b:\n  k: |\n  text\n");
	is = issue_of(src, ALINT__ISSUE_SYNTAX);
	assert_non_null(is);
	pos_is(src, is->start, 3, 3);
	src_done(&src);

	/* other errors are not repaired */
	src = parse("a: [1,\nb: 2\n");
	assert_non_null(issue_of(src, ALINT__ISSUE_SYNTAX));
	src_done(&src);
}

/*
 * libfyaml 0.7.12 crashes when a parser that failed on a tab after the ':'
 * of a simple key is destroyed, and hangs on invalid UTF-8 in a
 * directive; the parse must survive both. In a child with an alarm, so
 * that a hang fails, and so that the parser leaked on purpose is not
 * counted by LeakSanitizer or valgrind (the child ends with _exit()).
 */
static void
test_libfyaml_crash(void **state)
{
	static const char *const inputs[] = {
		"? ky:\t-\n", "? - a:  \t- b\n", "k:\n  ? [a]:\t|\n  x\n",
		"? a\n:\t-\n", "-\t-\n",
		/* libfyaml 0.7.12 loops forever on these */
		"%FOO x\xff\n---\na: 1\n", "---\n%YA\x99L 1.2\n",
		NULL
	};
	struct alint_source *src;
	size_t i;
	pid_t pid;
	int st;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(60);
		for (i = 0; inputs[i]; i++) {
			src = parse(inputs[i]);
			if (!issue_of(src, ALINT__ISSUE_SYNTAX) ||
			    alint__yaml_libyaml_check(src) != 0)
				_exit(10 + (int)i);
			alint__source_free(src);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_libyaml_gate(void **state)
{
	struct alint_source *src;
	const struct alint__issue *is;

	(void)state;
	/* libfyaml warns about an unknown directive; go-yaml fails */
	src = parse("%FOO bar\n---\na: 1\n");
	assert_null(issue_of(src, ALINT__ISSUE_SYNTAX));
	assert_int_equal(src->ndocs, 1);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	is = issue_of(src, ALINT__ISSUE_KUBECTL);
	assert_non_null(is);
	assert_non_null(strstr(is->message, "kubectl (go-yaml) rejects this"));
	assert_non_null(strstr(is->message, "found unknown directive name"));
	assert_int_equal(is->start, 4);
	src_done(&src);

	/* a tab after "-": libfyaml accepts, libyaml does not */
	src = parse("a:\n  - b\n  -\tc\n");
	assert_int_equal(src->nissues, 0);
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	is = issue_of(src, ALINT__ISSUE_KUBECTL);
	assert_non_null(is);
	assert_int_equal(is->start, strlen("a:\n  - b\n  -"));
	pos_is(src, is->start, 3, 4);
	assert_non_null(strstr(is->message,
			       "found character that cannot start any token"));
	src_done(&src);

	/* the same with a BOM and a multi-byte character before it */
	src = parse("\xEF\xBB\xBF" "\xC3\xA9:\n  - b\n  -\tc\n");
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	is = issue_of(src, ALINT__ISSUE_KUBECTL);
	assert_non_null(is);
	assert_int_equal(is->start,
			 strlen("\xEF\xBB\xBF\xC3\xA9:\n  - b\n  -"));
	src_done(&src);

	/* at the end of the input, libfyaml adds a line break, not go-yaml */
	src = parse("a: 1\nk: |\n  text");
	assert_int_equal(src->nissues, 0);
	value_is(alint_node_get(root(src, 0), "k"), "text\n");
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	is = issue_of(src, ALINT__ISSUE_KUBECTL);
	assert_non_null(is);
	assert_int_equal(is->start, strlen("a: 1\nk: "));
	assert_non_null(strstr(is->message, "reads this scalar differently"));
	assert_non_null(strstr(is->message, "after 4 bytes"));
	assert_non_null(strstr(is->message, "\"\\n\""));
	src_done(&src);

	/* valid YAML passes */
	src = parse("a: [1, {b: c}]\n---\n- x\n");
	assert_int_equal(alint__yaml_libyaml_check(src), 0);
	assert_int_equal(src->nissues, 0);
	src_done(&src);
}

/* ---- YAML 1.1 typing ---------------------------------------------------- */

struct y11_case {
	const char *text;
	enum alint_y11_type type;
};

/* Copy s to p; the end of the copy. */
static char *
put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/*
 * Texts longer than a node holds (ALINT__N_MAX): plain in the source,
 * decoded from escapes, and an alias of a long anchor name.
 */
static void
test_long_text(void **state)
{
	const size_t big = ALINT__N_MAX + 10;
	const struct alint_node *root, *v;
	struct alint_source *src;
	char *text, *p;
	const char *val;
	size_t len, i;

	(void)state;
	text = malloc(3 * big + 100);
	assert_non_null(text);
	p = text;
	p = put(p, "plain: ");
	memset(p, 'x', big);
	p += big;
	p = put(p, "\nescaped: \"");
	for (i = 0; i < big / 2; i++) {
		memcpy(p, "\\t", 2);
		p += 2;
	}
	p = put(p, "\"\nshort: ");
	memset(p, 'y', ALINT__N_MAX);
	p += ALINT__N_MAX;
	p = put(p, "\n");
	src = parse_len(text, (size_t)(p - text));
	assert_int_equal(src->ndocs, 1);
	root = src->docs[0].root;

	v = alint_node_get(root, "plain");
	val = alint_node_value(v, &len);
	assert_int_equal(len, big);
	assert_ptr_equal(val, src->buf + 7);	/* not copied */
	assert_true(v->flags & ALINT__NF_LONG);

	v = alint_node_get(root, "escaped");
	val = alint_node_value(v, &len);
	assert_int_equal(len, big / 2);
	for (i = 0; i < len; i++)
		assert_int_equal(val[i], '\t');

	v = alint_node_get(root, "short");
	assert_int_equal(alint__node_len(v), ALINT__N_MAX);
	assert_false(v->flags & ALINT__NF_LONG);
	assert_ptr_equal(alint__node_doc(v), &src->docs[0]);
	assert_ptr_equal(alint_node_parent(v), root);
	assert_null(alint_node_next(v));
	alint__source_free(src);

	/* an anchor name that long, and its alias */
	p = text;
	p = put(p, "a: &");
	memset(p, 'n', big);
	p += big;
	p = put(p, " 1\nb: *");
	memset(p, 'n', big);
	p += big;
	p = put(p, "\n");
	src = parse_len(text, (size_t)(p - text));
	v = alint_node_get(src->docs[0].root, "b");
	assert_int_equal(alint_node_kind(v), ALINT_NODE_ALIAS);
	alint_node_value(v, &len);
	assert_int_equal(len, big);
	assert_ptr_equal(alint_node_deref(v),
			 alint_node_get(src->docs[0].root, "a"));
	alint__source_free(src);
	free(text);
}

/*
 * A document of more nodes than are copied (it keeps the builder's
 * array), between small ones: every navigation step and every node's
 * document agree with the tree's shape.
 */
static void
test_big_document(void **state)
{
	const struct alint_node *root, *it, *k, *v, *prev;
	struct alint_source *src;
	char *text, *p;
	size_t i, n = 5000;

	(void)state;
	text = malloc(n * 40 + 100);
	assert_non_null(text);
	p = text;
	p = put(p, "small: 1\n---\nitems:\n");
	for (i = 0; i < n; i++)
		p += snprintf(p, 40, "- {name: n%zu, v: [%zu]}\n", i, i);
	p = put(p, "tail: end\n---\nlast: [a, b]\n");
	src = parse_len(text, (size_t)(p - text));
	assert_int_equal(src->ndocs, 3);
	assert_true(doc_nodes(&src->docs[1]) > 4 * n);
	assert_int_equal(doc_nodes(&src->docs[0]), 3);

	root = src->docs[1].root;
	assert_null(alint_node_parent(root));
	assert_null(alint_node_next(root));
	assert_int_equal(alint_node_count(root), 2);
	v = alint_node_get(root, "items");
	assert_int_equal(alint_node_count(v), n);
	value_is(alint_node_get(root, "tail"), "end");
	for (i = 0, prev = NULL, it = alint_node_first(v); it;
	     prev = it, it = alint_node_next(it), i++) {
		assert_ptr_equal(alint_node_parent(it), v);
		assert_ptr_equal(alint_node_item(v, i), it);
		assert_ptr_equal(alint__node_doc(it), &src->docs[1]);
		k = alint_node_get(it, "v");
		assert_ptr_equal(alint_node_parent(k), it);
		assert_int_equal(alint_node_count(k), 1);
		assert_ptr_equal(alint__node_doc(alint_node_first(k)),
				 &src->docs[1]);
		assert_null(alint_node_next(alint_node_first(k)));
	}
	assert_int_equal(i, n);
	value_is(alint_node_get(prev, "name"), "n4999");
	assert_null(alint_node_item(v, n));

	assert_ptr_equal(alint__node_doc(alint_node_get(src->docs[0].root,
							 "small")),
			 &src->docs[0]);
	v = alint_node_get(src->docs[2].root, "last");
	value_is(alint_node_item(v, 1), "b");
	assert_ptr_equal(alint__node_doc(v), &src->docs[2]);
	alint__source_free(src);
	free(text);
}

/* Collections of more items than a node counts: they are counted. */
static void
test_big_counts(void **state)
{
	const size_t n = ALINT__N_MAX + 5;
	const struct alint_node *seq, *map;
	struct alint_source *src;
	char *text, *p;
	size_t i;

	(void)state;
	text = malloc(n * 16 + 100);
	assert_non_null(text);
	p = put(text, "s: [");
	for (i = 0; i < n; i++)
		p = put(p, "1,");
	p = put(p, "2]\nm: {");
	for (i = 0; i < n; i++)
		p += snprintf(p, 16, "k%zu: v,", i);
	p = put(p, "last: w}\n");
	src = parse_len(text, (size_t)(p - text));
	assert_int_equal(src->ndocs, 1);
	seq = alint_node_get(src->docs[0].root, "s");
	assert_int_equal(alint_node_count(seq), n + 1);
	value_is(alint_node_item(seq, n), "2");
	map = alint_node_get(src->docs[0].root, "m");
	assert_int_equal(alint_node_count(map), n + 1);
	value_is(alint_node_get(map, "last"), "w");
	value_is(alint_node_get(map, "k65537"), "v");
	assert_int_equal(alint_node_count(src->docs[0].root), 2);
	alint__source_free(src);
	free(text);
}

static void
test_y11(void **state)
{
	static const struct y11_case cases[] = {
		{ "yes", ALINT_Y11_BOOL }, { "Yes", ALINT_Y11_BOOL },
		{ "YES", ALINT_Y11_BOOL }, { "on", ALINT_Y11_BOOL },
		{ "y", ALINT_Y11_BOOL }, { "Y", ALINT_Y11_BOOL },
		{ "off", ALINT_Y11_BOOL }, { "n", ALINT_Y11_BOOL },
		{ "true", ALINT_Y11_BOOL }, { "True", ALINT_Y11_BOOL },
		{ "FALSE", ALINT_Y11_BOOL }, { "No", ALINT_Y11_BOOL },
		{ "yEs", ALINT_Y11_STR }, { "tRUE", ALINT_Y11_STR },
		{ "~", ALINT_Y11_NULL }, { "null", ALINT_Y11_NULL },
		{ "Null", ALINT_Y11_NULL }, { "NULL", ALINT_Y11_NULL },
		{ "", ALINT_Y11_NULL }, { "nULL", ALINT_Y11_STR },
		{ "010", ALINT_Y11_INT }, { "1_000", ALINT_Y11_INT },
		{ "0x1F", ALINT_Y11_INT }, { "0X1f", ALINT_Y11_INT },
		{ "+12", ALINT_Y11_INT }, { "-12", ALINT_Y11_INT },
		{ "0b101", ALINT_Y11_INT }, { "-0b101", ALINT_Y11_INT },
		{ "0b-101", ALINT_Y11_INT }, { "0o17", ALINT_Y11_INT },
		{ "0", ALINT_Y11_INT }, { "-0", ALINT_Y11_INT },
		{ "9223372036854775807", ALINT_Y11_INT },
		{ "-9223372036854775808", ALINT_Y11_INT },
		{ "18446744073709551615", ALINT_Y11_INT },
		{ "18446744073709551616", ALINT_Y11_FLOAT },
		{ "-9223372036854775809", ALINT_Y11_FLOAT },
		{ "09", ALINT_Y11_FLOAT }, { "0o8", ALINT_Y11_STR },
		{ "0x", ALINT_Y11_STR }, { "0xG", ALINT_Y11_STR },
		{ "1.10", ALINT_Y11_FLOAT }, { "1.", ALINT_Y11_FLOAT },
		{ "1e3", ALINT_Y11_FLOAT }, { "1E+3", ALINT_Y11_FLOAT },
		{ "-1.5e-3", ALINT_Y11_FLOAT }, { ".5", ALINT_Y11_FLOAT },
		{ "+.5", ALINT_Y11_FLOAT }, { ".5_5", ALINT_Y11_FLOAT },
		{ "._5", ALINT_Y11_STR }, { ".", ALINT_Y11_STR },
		{ "1e400", ALINT_Y11_STR }, { "1e-400", ALINT_Y11_FLOAT },
		{ ".1e400", ALINT_Y11_STR },
		{ "1.7976931348623157e308", ALINT_Y11_FLOAT },
		{ "1.7976931348623159e308", ALINT_Y11_STR },
		{ ".inf", ALINT_Y11_FLOAT }, { "-.Inf", ALINT_Y11_FLOAT },
		{ "+.INF", ALINT_Y11_FLOAT }, { ".NaN", ALINT_Y11_FLOAT },
		{ ".nAn", ALINT_Y11_STR }, { "inf", ALINT_Y11_STR },
		{ "1:20", ALINT_Y11_STR }, { "2001-12-14", ALINT_Y11_STR },
		{ "1.2.3", ALINT_Y11_STR }, { "v1", ALINT_Y11_STR },
		{ "<<", ALINT_Y11_STR }, { "_1", ALINT_Y11_STR },
		{ "1_", ALINT_Y11_INT }, { "+", ALINT_Y11_STR },
		{ "-", ALINT_Y11_STR }, { "1e", ALINT_Y11_STR },
		{ "0x_1F", ALINT_Y11_INT }, { "1 000", ALINT_Y11_STR },
		{ "false", ALINT_Y11_BOOL }, { "nope", ALINT_Y11_STR },
		{ "ambient", ALINT_Y11_STR },
	};
	struct alint_source *src;
	const struct alint_node *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (alint__y11_resolve(cases[i].text, strlen(cases[i].text))
		    != cases[i].type) {
			print_error("\"%s\": got %d, want %d\n", cases[i].text,
				    alint__y11_resolve(cases[i].text,
						       strlen(cases[i].text)),
				    cases[i].type);
			fail();
		}
	}

	/* in a tree: plain keys and values are typed, quoted ones are not */
	src = parse("a: \"false\"\nb: false\nc: 'yes'\nd: |\n  1\n"
		    "010: x\ne: !!float 1\nf: !custom 1\ng: ! 1\n");
	r = root(src, 0);
	assert_int_equal(alint_node_y11(alint_node_get(r, "a")),
			 ALINT_Y11_STR);
	assert_int_equal(alint_node_y11(alint_node_get(r, "b")),
			 ALINT_Y11_BOOL);
	assert_int_equal(alint_node_y11(alint_node_get(r, "c")),
			 ALINT_Y11_STR);
	assert_int_equal(alint_node_y11(alint_node_get(r, "d")),
			 ALINT_Y11_STR);
	assert_int_equal(alint_node_y11(alint_node_get_key(r, "010")),
			 ALINT_Y11_INT);
	assert_int_equal(alint_node_y11(alint_node_get(r, "e")),
			 ALINT_Y11_FLOAT);
	assert_int_equal(alint_node_y11(alint_node_get(r, "f")),
			 ALINT_Y11_STR);
	assert_int_equal(alint_node_y11(alint_node_get(r, "g")),
			 ALINT_Y11_STR);
	assert_int_equal(alint_node_y11(r), ALINT_Y11_STR);
	src_done(&src);
}

static void
test_key_text(void **state)
{
	static const char *const cases[][2] = {
		{ "yes", "true" }, { "Off", "false" }, { "~", "null" },
		{ "0x1F", "31" }, { "010", "8" }, { "-0", "0" },
		{ "1_000", "1000" }, { "-0b11", "-3" },
		{ "18446744073709551615", "18446744073709551615" },
		{ "1.10", "1.1" }, { "1.5", "1.5" }, { "1e6", "1e+06" },
		{ "123456.0", "123456" },
		{ "1234567.0", "1.234567e+06" },
		{ "0.0001", "0.0001" }, { "0.00001", "1e-05" },
		{ "3.14159265358979", "3.1415927" }, { "1.0", "1" },
		{ "-2.5e-10", "-2.5e-10" }, { "1e300", ".inf" },
		{ ".inf", ".inf" }, { "-.Inf", "-.inf" }, { ".NaN", ".nan" },
		{ "0.0", "0" }, { "-0.0", "-0" }, { "09", "9" },
		{ "name", "name" },
	};
	struct alint__arena a;
	const char *t;
	size_t i, len;

	(void)state;
	alint__arena_init(&a);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = alint__y11_key_text(&a, cases[i][0], strlen(cases[i][0]),
					&len);
		assert_non_null(t);
		if (len != strlen(cases[i][1]) ||
		    memcmp(t, cases[i][1], len) != 0) {
			print_error("\"%s\": got \"%.*s\", want \"%s\"\n",
				    cases[i][0], (int)len, t, cases[i][1]);
			fail();
		}
	}
	alint__arena_free(&a);
}

/* ---- corpus ------------------------------------------------------------- */

static char *
read_all(const char *path, size_t *len)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	f = fopen(path, "rb");
	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static struct alint_source *
parse_file(const char *path)
{
	struct alint_source *src;
	size_t len;
	char *buf;

	buf = read_all(path, &len);
	if (!buf)
		return NULL;
	src = parse_len(buf, len);
	free(buf);
	return src;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Our tree in the test suite's event notation, tags left out. */
struct evbuf {
	char *s;
	size_t n, cap;
};

static void
ev_put(struct evbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
ev_str(struct evbuf *b, const char *s)
{
	ev_put(b, s, strlen(s));
}

static void
ev_node_open(struct evbuf *b, const struct alint_node *n)
{
	const char *an;
	size_t i, alen;
	char c;

	switch (n->kind) {
	case ALINT_NODE_MAPPING:
		ev_str(b, n->style == ALINT_STYLE_FLOW ? "+MAP {}" : "+MAP");
		break;
	case ALINT_NODE_SEQUENCE:
		ev_str(b, n->style == ALINT_STYLE_FLOW ? "+SEQ []" : "+SEQ");
		break;
	case ALINT_NODE_ALIAS:
		ev_str(b, "=ALI *");
		ev_put(b, alint__node_text(n), alint__node_len(n));
		ev_str(b, "\n");
		return;
	default:
		ev_str(b, "=VAL");
		break;
	}
	if (n->flags & ALINT__NF_ANCHOR) {
		an = alint__node_anchor(n, &alen);
		ev_str(b, " &");
		ev_put(b, an, alen);
	}
	if (n->kind != ALINT_NODE_SCALAR) {
		ev_str(b, "\n");
		return;
	}
	switch (n->style) {
	case ALINT_STYLE_SINGLE_QUOTED:
		ev_str(b, " '");
		break;
	case ALINT_STYLE_DOUBLE_QUOTED:
		ev_str(b, " \"");
		break;
	case ALINT_STYLE_LITERAL:
		ev_str(b, " |");
		break;
	case ALINT_STYLE_FOLDED:
		ev_str(b, " >");
		break;
	default:
		ev_str(b, " :");
		break;
	}
	for (i = 0; i < alint__node_len(n); i++) {
		c = alint__node_text(n)[i];
		if (c == '\\')
			ev_str(b, "\\\\");
		else if (c == '\n')
			ev_str(b, "\\n");
		else if (c == '\t')
			ev_str(b, "\\t");
		else if (c == '\r')
			ev_str(b, "\\r");
		else if (c == '\b')
			ev_str(b, "\\b");
		else
			ev_put(b, &c, 1);
	}
	ev_str(b, "\n");
}

static void
ev_tree(struct evbuf *b, const struct alint_source *src)
{
	const struct alint_node *n;
	size_t i;

	ev_str(b, "+STR\n");
	for (i = 0; i < src->ndocs; i++) {
		ev_str(b, src->docs[i].explicit_start ? "+DOC ---\n" :
		       "+DOC\n");
		n = src->docs[i].root;
		if (!n)
			ev_str(b, "=VAL :\n");
		while (n) {
			ev_node_open(b, n);
			if (alint_node_first(n)) {
				n = alint_node_first(n);
				continue;
			}
			if (n->kind == ALINT_NODE_MAPPING)
				ev_str(b, "-MAP\n");
			else if (n->kind == ALINT_NODE_SEQUENCE)
				ev_str(b, "-SEQ\n");
			while (n && !alint__node_next(n)) {
				n = alint__node_parent(n);
				if (n && n->kind == ALINT_NODE_MAPPING)
					ev_str(b, "-MAP\n");
				else if (n)
					ev_str(b, "-SEQ\n");
			}
			if (n)
				n = alint__node_next(n);
		}
		ev_str(b, src->docs[i].explicit_end ? "-DOC ...\n" :
		       "-DOC\n");
	}
	ev_str(b, "-STR\n");
}

/* Expected events without tags (" <...>"), which the tree does not keep. */
static char *
strip_tags(const char *ev)
{
	char *out = malloc(strlen(ev) + 1), *o = out;
	const char *p = ev, *eol;

	assert_non_null(out);
	while (*p) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (strncmp(p, "=VAL", 4) == 0 || strncmp(p, "+MAP", 4) == 0 ||
		    strncmp(p, "+SEQ", 4) == 0) {
			memcpy(o, p, 4);
			o += 4;
			p += 4;
			while (p < eol && *p == ' ') {
				if (p[1] == '<') {
					p = strchr(p, '>') + 1;
					continue;
				}
				if (p[1] == ':' || p[1] == '\'' ||
				    p[1] == '"' || p[1] == '|' || p[1] == '>')
					break;
				do
					*o++ = *p++;
				while (p < eol && *p != ' ');
			}
		}
		while (p < eol)
			*o++ = *p++;
		if (*p == '\n')
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/*
 * Valid cases where our tree legitimately differs from test.event, or
 * libfyaml 0.7.12 differs from the suite; each with the reason.
 */
static const char *const suite_known[] = {
	NULL
};

static bool
suite_is_known(const char *name)
{
	size_t i;

	for (i = 0; suite_known[i]; i++)
		if (strcmp(suite_known[i], name) == 0)
			return true;
	return false;
}

static void
test_corpus_suite(void **state)
{
	char line[512], path[4096], *ev, *want;
	struct alint_source *src;
	struct evbuf got;
	size_t len, ncases = 0, nvalid = 0, nmatch = 0, nerr_found = 0;
	size_t nerr = 0, nrejected = 0, nmismatch = 0;
	char *name, *expect, *tab;
	FILE *idx;

	(void)state;
	if (!is_dir(CORPUS "/yaml-test-suite/data"))
		skip();
	idx = fopen(CORPUS "/yaml-test-suite/INDEX.tsv", "r");
	assert_non_null(idx);
	memset(&got, 0, sizeof(got));
	while (fgets(line, sizeof(line), idx)) {
		name = line;
		expect = strchr(line, '\t');
		if (!expect || strncmp(name, "case\t", 5) == 0)
			continue;
		*expect++ = '\0';
		tab = strchr(expect, '\t');
		if (tab)
			*tab = '\0';
		snprintf(path, sizeof(path), CORPUS
			 "/yaml-test-suite/data/%s/in.yaml", name);
		src = parse_file(path);
		if (!src)
			continue;
		ncases++;
		check_tree(src);
		assert_int_equal(alint__yaml_libyaml_check(src), 0);
		if (strcmp(expect, "True") == 0) {
			nerr++;
			if (src->fatal)
				nerr_found++;
			src_done(&src);
			continue;
		}
		nvalid++;
		if (src->fatal) {
			nrejected++;
			src_done(&src);
			continue;
		}
		snprintf(path, sizeof(path), CORPUS
			 "/yaml-test-suite/data/%s/test.event", name);
		ev = read_all(path, &len);
		assert_non_null(ev);
		want = strip_tags(ev);
		got.n = 0;
		ev_tree(&got, src);
		if (strcmp(got.s, want) == 0) {
			nmatch++;
		} else if (!suite_is_known(name)) {
			nmismatch++;
			print_error("%s: tree differs from test.event\n"
				    "--- got\n%s--- want\n%s", name, got.s,
				    want);
		}
		free(ev);
		free(want);
		src_done(&src);
	}
	fclose(idx);
	free(got.s);
	print_message("yaml-test-suite: %zu cases; %zu valid: %zu match "
		      "test.event, %zu rejected by libfyaml; %zu invalid: "
		      "%zu rejected\n", ncases, nvalid, nmatch, nrejected,
		      nerr, nerr_found);
	assert_true(ncases > 300);
	assert_int_equal(nmismatch, 0);
	/* libfyaml is not perfect, but nearly */
	assert_true(nrejected * 50 < nvalid);
	assert_true(nerr_found * 10 > nerr * 8);
}

/* The next block scalar of a tree in document order, after *n. */
static const struct alint_node *
next_block(const struct alint_source *src, size_t *doc,
	   const struct alint_node *n)
{
	for (;;) {
		if (!n) {
			if (*doc >= src->ndocs)
				return NULL;
			n = src->docs[(*doc)++].root;
		} else if (alint_node_first(n)) {
			n = alint_node_first(n);
		} else {
			while (n && !alint__node_next(n))
				n = alint__node_parent(n);
			if (n)
				n = alint__node_next(n);
		}
		if (n && n->kind == ALINT_NODE_SCALAR &&
		    (n->style == ALINT_STYLE_LITERAL ||
		     n->style == ALINT_STYLE_FOLDED))
			return n;
	}
}

static void
diag_quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/*
 * Block scalars are decoded without libfyaml when they are simple: their
 * values must be what libfyaml's own decoding gives.
 */
static size_t
check_block_values(const struct alint_source *src)
{
	const struct alint_node *n = NULL;
	struct fy_diag_cfg dc;
	struct fy_parse_cfg cfg;
	struct fy_diag *diag;
	struct fy_parser *fyp;
	struct fy_event *fye;
	struct fy_token *t;
	const char *text;
	size_t len, doc = 0, count = 0;
	enum fy_scalar_style st;

	if (src->fatal)
		return 0;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = diag_quiet;
	diag = fy_diag_create(&dc);
	assert_non_null(diag);
	fy_diag_set_collect_errors(diag, true);
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET;
	cfg.diag = diag;
	fyp = fy_parser_create(&cfg);
	assert_non_null(fyp);
	assert_int_equal(fy_parser_set_string(fyp, src->buf, src->len), 0);
	for (;;) {
		fye = fy_parser_parse(fyp);
		if (!fye)
			break;
		t = fye->type == FYET_SCALAR ? fye->scalar.value : NULL;
		st = t ? fy_token_scalar_style(t) : FYSS_PLAIN;
		if (st == FYSS_LITERAL || st == FYSS_FOLDED) {
			n = next_block(src, &doc, n);
			assert_non_null(n);
			text = fy_token_get_text(t, &len);
			assert_int_equal(alint__node_len(n), len);
			assert_memory_equal(alint__node_text(n), text, len);
			count++;
		}
		fy_parser_event_free(fyp, fye);
	}
	if (!fy_parser_get_stream_error(fyp))
		assert_null(next_block(src, &doc, n));
	fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	return count;
}

/* Parse every YAML file below dir, up to max; returns the number. */
static size_t
corpus_walk(const char *dir, size_t max, size_t *nfail, size_t *nblock)
{
	char path[4096];
	const struct alint__issue *is;
	struct alint_source *src;
	struct dirent *de;
	size_t n = 0, l;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;
	while (n < max) {
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (is_dir(path)) {
			n += corpus_walk(path, max - n, nfail, nblock);
			continue;
		}
		l = strlen(de->d_name);
		if (!(l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0) &&
		    !(l > 4 && strcmp(de->d_name + l - 4, ".yml") == 0))
			continue;
		src = parse_file(path);
		if (!src)
			continue;
		check_tree(src);
		*nblock += check_block_values(src);
		assert_int_equal(alint__yaml_libyaml_check(src), 0);
		/*
		 * libyaml and our tree agree on the corpus, but for the line
		 * break libfyaml adds to a block scalar at the end of input
		 */
		is = issue_of(src, ALINT__ISSUE_KUBECTL);
		if (is && strstr(is->message, "differently")) {
			assert_non_null(strstr(is->message, "kubectl has "
				"the end where libfyaml has \"\\n\""));
			assert_true(src->len - is->start < 4096);
		}
		/* every file that does not parse is a Go template */
		if (src->fatal && !issue_of(src, ALINT__ISSUE_TEMPLATE)) {
			(*nfail)++;
			print_message("does not parse: %s: %s\n", path,
				      src->issues[0].message);
		}
		n++;
		src_done(&src);
	}
	closedir(d);
	return n;
}

static void
test_corpus_samples(void **state)
{
	size_t n, nfail = 0, nblock = 0;

	(void)state;
	if (!is_dir(CORPUS "/istio-samples"))
		skip();
	n = corpus_walk(CORPUS "/istio-samples", 100000, &nfail, &nblock);
	n += corpus_walk(CORPUS "/k8s-generic", 100000, &nfail, &nblock);
	n += corpus_walk(CORPUS "/istio-docs", 100000, &nfail, &nblock);
	print_message("corpus: %zu files, %zu block scalars checked\n", n,
		      nblock);
	assert_true(n > 100);
	assert_true(nblock > 100);
	assert_int_equal(nfail, 0);
}

static void
test_corpus_templates(void **state)
{
	char path[4096];
	struct alint_source *src;
	struct dirent *de;
	size_t n = 0, nt = 0;
	DIR *d;

	(void)state;
	d = opendir(CORPUS "/istio-samples/microservices-demo/helm-chart/"
		    "templates");
	if (!d)
		skip();
	for (;;) {
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.' || !strstr(de->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof(path), CORPUS "/istio-samples/"
			 "microservices-demo/helm-chart/templates/%s",
			 de->d_name);
		src = parse_file(path);
		assert_non_null(src);
		check_tree(src);
		n++;
		if (issue_of(src, ALINT__ISSUE_TEMPLATE))
			nt++;
		else
			print_message("no template issue: %s\n", path);
		src_done(&src);
	}
	closedir(d);
	assert_true(n > 0);
	assert_int_equal(nt, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_scalar_spans),
		cmocka_unit_test(test_block_scalar_spans),
		cmocka_unit_test(test_props_spans),
		cmocka_unit_test(test_collection_spans),
		cmocka_unit_test(test_implicit_empty),
		cmocka_unit_test(test_multi_doc),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_utf8_columns),
		cmocka_unit_test(test_tree_api),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_line_break),
		cmocka_unit_test(test_line_table),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_libfyaml_crash),
		cmocka_unit_test(test_libyaml_gate),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_big_document),
		cmocka_unit_test(test_big_counts),
		cmocka_unit_test(test_y11),
		cmocka_unit_test(test_key_text),
		cmocka_unit_test(test_corpus_suite),
		cmocka_unit_test(test_corpus_samples),
		cmocka_unit_test(test_corpus_templates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
