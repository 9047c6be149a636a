/*
 * test-edit.c - cmocka tests of the edit builders (lib/edit.c)
 *
 * Each test parses a YAML text, starts a fix on a bare finding about it,
 * calls builders, applies the fix's edits with a small splice and
 * compares the result with the exact expected text. The result must
 * parse again, with libfyaml and with the libyaml gate, without any
 * issue.
 */
#include <config.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

/* A parsed input and a finding about it with a fix started. */
struct fx {
	struct alint_source *src;
	struct alint_finding f;
	struct alint_resource *res;
	size_t nres;
};

static struct alint_source *
parse(const char *yaml, size_t len)
{
	struct alint_source *src;

	src = calloc(1, sizeof(*src));
	assert_non_null(src);
	src->name = strdup("test.yaml");
	src->buf = malloc(len + 1);
	assert_non_null(src->name);
	assert_non_null(src->buf);
	memcpy(src->buf, yaml, len);
	src->buf[len] = '\0';
	src->len = len;
	assert_int_equal(alint__yaml_parse(src), 0);
	return src;
}

static void
fx_init_len(struct fx *x, const char *yaml, size_t len)
{
	memset(x, 0, sizeof(*x));
	x->src = parse(yaml, len);
	assert_int_equal(x->src->nissues, 0);
	assert_int_equal(alint__resources_extract(&x->res, &x->nres, x->src,
						  "default"), 0);
	x->f.src = x->src;
	x->f.diag.document = 0;
	assert_int_equal(alint_finding_fix(&x->f, ALINT_FIX_SAFE, "test"), 0);
}

static void
fx_init(struct fx *x, const char *yaml)
{
	fx_init_len(x, yaml, strlen(yaml));
}

static void
fx_done(struct fx *x)
{
	alint__finding_release(&x->f);
	free(x->res);
	alint__source_free(x->src);
	memset(x, 0, sizeof(*x));
}

/* The input with the fix's edits applied; malloc'ed. */
static char *
splice(const struct fx *x, size_t *outlen)
{
	const struct alint_edit *e;
	size_t i, pos = 0, n = 0, cap;
	char *out;

	cap = x->src->len + 1;
	for (i = 0; i < x->f.nedits; i++)
		cap += x->f.edits[i].text_len;
	out = malloc(cap);
	assert_non_null(out);
	for (i = 0; i < x->f.nedits; i++) {
		e = &x->f.edits[i];
		assert_true(e->start >= pos);
		assert_true(e->end <= x->src->len);
		memcpy(out + n, x->src->buf + pos, e->start - pos);
		n += e->start - pos;
		memcpy(out + n, e->text, e->text_len);
		n += e->text_len;
		pos = e->end;
	}
	memcpy(out + n, x->src->buf + pos, x->src->len - pos);
	n += x->src->len - pos;
	out[n] = '\0';
	*outlen = n;
	return out;
}

/* The fix gives exactly expected (len bytes), which parses cleanly. */
static void
expect_len(const struct fx *x, const char *expected, size_t len)
{
	struct alint_source *again;
	size_t n, i;
	char *out;

	out = splice(x, &n);
	if (n != len || memcmp(out, expected, n) != 0) {
		print_error("--- expected\n%s\n--- got\n%s\n---\n", expected,
			    out);
		fail();
	}
	again = parse(out, n);
	assert_int_equal(alint__yaml_libyaml_check(again), 0);
	for (i = 0; i < again->nissues; i++)
		print_error("issue: %s\n", again->issues[i].message);
	assert_int_equal(again->nissues, 0);
	alint__source_free(again);
	free(out);
}

static void
expect(const struct fx *x, const char *expected)
{
	expect_len(x, expected, strlen(expected));
}

/*
 * A node by keys from the root of document doc; "#N" is item N of a
 * sequence. NULL-terminated.
 */
static const struct alint_node *
node(const struct fx *x, size_t doc, ...)
{
	const struct alint_node *n;
	const char *seg;
	va_list ap;

	assert_true(doc < x->src->ndocs);
	n = x->src->docs[doc].root;
	va_start(ap, doc);
	while ((seg = va_arg(ap, const char *)) != NULL) {
		if (seg[0] == '#')
			n = alint_node_item(n, strtoul(seg + 1, NULL, 10));
		else
			n = alint_node_get(n, seg);
		assert_non_null(n);
	}
	va_end(ap);
	return n;
}

static const struct alint_node *
key(const struct alint_node *map, const char *k)
{
	const struct alint_node *n = alint_node_get_key(map, k);

	assert_non_null(n);
	return n;
}

/* The fix declared path (in document doc). */
static void
declared(const struct fx *x, size_t doc, const char *path)
{
	size_t i;

	for (i = 0; i < x->f.npaths; i++)
		if (strcmp(x->f.paths[i], path) == 0 &&
		    alint__finding_path_doc(&x->f, i) == doc)
			return;
	print_error("path %s (document %zu) not declared\n", path, doc);
	fail();
}

/* ---- remove_pair --------------------------------------------------------- */

static const char ns[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  labels:\n"
	"    team: books\n"
	"    # sidecar mode, until the migration\n"
	"    # (ticket MESH-12)\n"
	"    istio-injection: enabled   # injected\n"
	"    tier: backend\n";

static void
test_remove_comments(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x, ns);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", "labels", NULL),
		    "istio-injection")), 0);
	expect(&x,
	       "apiVersion: v1\n"
	       "kind: Namespace\n"
	       "metadata:\n"
	       "  name: bookstore\n"
	       "  labels:\n"
	       "    team: books\n"
	       "    tier: backend\n");
	declared(&x, 0, "/metadata/labels/istio-injection");
	/* the same pair again overlaps: the whole fix is withdrawn */
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", "labels", NULL),
		    "istio-injection")), ALINT_ECONFLICT);
	assert_false(x.f.has_fix);
	assert_int_equal(x.f.nedits, 0);
	assert_int_equal(x.f.npaths, 0);
	/* and another can be started */
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "again"), 0);
	fx_done(&x);
}

/* Comments after a blank line, or further left, are not the key's. */
static void
test_remove_comment_limits(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"metadata:\n"
		"  labels:\n"
		"    # the team's labels\n"
		"\n"
		"    team: books\n"
		"  # about tier\n"
		"    tier: backend\n"
		"    app: web\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", "labels", NULL), "team")), 0);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", "labels", NULL), "tier")), 0);
	expect(&x,
	       "metadata:\n"
	       "  labels:\n"
	       "    # the team's labels\n"
	       "\n"
	       "  # about tier\n"
	       "    app: web\n");
	fx_done(&x);
}

/* The last pair leaves "{}" on the parent key's line, comment kept. */
static void
test_remove_last(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"metadata:\n"
		"  labels:   # pod labels\n"
		"    # the only one\n"
		"    sidecar.istio.io/inject: \"true\"  # injected\n"
		"  name: web\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", "labels", NULL),
		    "sidecar.istio.io/inject")), 0);
	expect(&x,
	       "metadata:\n"
	       "  labels: {}   # pod labels\n"
	       "  name: web\n");
	declared(&x, 0, "/metadata/labels/sidecar.istio.io~1inject");
	fx_done(&x);

	/* removing every pair, one call each, ends the same way */
	fx_init(&x,
		"labels:\n"
		"  a: b\n"
		"  c: d\n"
		"next: 1\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "a")), 0);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "c")), 0);
	expect(&x, "labels: {}\nnext: 1\n");
	fx_done(&x);

	/* an anchored mapping keeps its anchor */
	fx_init(&x, "labels: &l\n  a: b\nnext: 1\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "a")), 0);
	expect(&x, "labels: &l {}\nnext: 1\n");
	fx_done(&x);

	/* but one that an alias copies is not edited: the copy would change */
	fx_init(&x, "labels: &l\n  a: b\ncopy: *l\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "a")), ALINT_EINVAL);
	fx_done(&x);
	/* nor a value whose anchor an alias refers to */
	fx_init(&x, "a: &v x\nb: *v\n");
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "a", NULL), "y"), ALINT_EINVAL);
	fx_done(&x);
}

/* The first pair of a sequence item: the next key moves up. */
static void
test_remove_item_first(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"containers:\n"
		"- name: web  # the app\n"
		"  # its image\n"
		"  image: web:1\n"
		"- name: proxy\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "containers", "#0", NULL), "name")), 0);
	expect(&x,
	       "containers:\n"
	       "- # its image\n"
	       "  image: web:1\n"
	       "- name: proxy\n");
	fx_done(&x);

	fx_init(&x,
		"containers:\n"
		"  - name: web\n"
		"    image: web:1\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "containers", "#0", NULL), "name")), 0);
	expect(&x, "containers:\n  - image: web:1\n");
	fx_done(&x);

	/* the only pair: "- {}" */
	fx_init(&x, "list:\n- a: b  # c\n- x\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "list", "#0", NULL), "a")), 0);
	expect(&x, "list:\n- {}  # c\n- x\n");
	fx_done(&x);
}

static void
test_remove_flow(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x, "labels: {app: web, istio-injection: enabled, tier: b}\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "istio-injection")), 0);
	expect(&x, "labels: {app: web, tier: b}\n");
	fx_done(&x);

	fx_init(&x, "labels: {app: web, istio-injection: enabled}\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "istio-injection")), 0);
	expect(&x, "labels: {app: web}\n");
	fx_done(&x);

	fx_init(&x, "labels: {istio-injection: enabled, app: web}\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "istio-injection")), 0);
	expect(&x, "labels: {app: web}\n");
	fx_done(&x);

	fx_init(&x, "labels: { istio-injection: enabled }  # c\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "istio-injection")), 0);
	expect(&x, "labels: {}  # c\n");
	fx_done(&x);

	/* both pairs, one call each */
	fx_init(&x, "labels: {a: b, c: d}\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "c")), 0);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "a")), 0);
	expect(&x, "labels: {}\n");
	fx_done(&x);
}

static void
test_remove_crlf_bom(void **state)
{
	struct fx x;
	static const char bom[] = "\xEF\xBB\xBF" "a: 1\r\nb: 2\r\n";
	static const char bom_out[] = "\xEF\xBB\xBF" "b: 2\r\n";

	(void)state;
	fx_init(&x,
		"metadata:\r\n"
		"  labels:\r\n"
		"    # comment\r\n"
		"    istio-injection: enabled\r\n"
		"    app: web\r\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", "labels", NULL),
		    "istio-injection")), 0);
	expect(&x, "metadata:\r\n  labels:\r\n    app: web\r\n");
	fx_done(&x);

	fx_init_len(&x, bom, sizeof(bom) - 1);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, NULL), "a")), 0);
	expect_len(&x, bom_out, sizeof(bom_out) - 1);
	fx_done(&x);
}

/* Block values go whole; blank lines after a block scalar stay. */
static void
test_remove_block_values(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"metadata:\n"
		"  annotations:\n"
		"    a: b\n"
		"    c: |\n"
		"      text\n"
		"\n"
		"  labels:\n"
		"    x: y\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "metadata", NULL), "annotations")), 0);
	expect(&x,
	       "metadata:\n"
	       "\n"
	       "  labels:\n"
	       "    x: y\n");
	fx_done(&x);

	/* no line break at the end of the file */
	fx_init(&x, "a: 1\nb: 2");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, NULL), "b")), 0);
	expect(&x, "a: 1\n");
	fx_done(&x);
}

/* ---- insert_pair --------------------------------------------------------- */

static void
test_insert_block(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"metadata:\n"
		"  labels:\n"
		"    app: web  # app\n"
		"    tier: b\n"
		"  name: web\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "metadata", "labels", NULL),
		"istio.io/dataplane-mode", "ambient"), 0);
	expect(&x,
	       "metadata:\n"
	       "  labels:\n"
	       "    app: web  # app\n"
	       "    tier: b\n"
	       "    istio.io/dataplane-mode: ambient\n"
	       "  name: web\n");
	declared(&x, 0, "/metadata/labels/istio.io~1dataplane-mode");
	/* a second insertion at the same place conflicts */
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "metadata", "labels", NULL), "other", "x"),
		ALINT_ECONFLICT);
	assert_false(x.f.has_fix);
	fx_done(&x);

	/* an existing key cannot be inserted, nor a fragment not YAML */
	fx_init(&x, "metadata:\n  labels:\n    app: web\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "metadata", "labels", NULL), "app", "x"),
		ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "again"), 0);
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "metadata", NULL), "x", "{a"), ALINT_EINVAL);
	assert_int_equal(x.f.nedits, 0);
	fx_done(&x);

	/* no line break at the end of the file */
	fx_init(&x, "labels:\n  app: web");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "labels", NULL), "k", "\"true\""), 0);
	expect(&x, "labels:\n  app: web\n  k: \"true\"\n");
	fx_done(&x);

	/* keys that need quotes */
	fx_init(&x, "m:\n  a: b\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "m", NULL), "yes", "1"), 0);
	expect(&x, "m:\n  a: b\n  \"yes\": 1\n");
	fx_done(&x);
	fx_init(&x, "m:\n  a: b\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "m", NULL), "a: b # \"c\"", "x"), 0);
	expect(&x, "m:\n  a: b\n  \"a: b # \\\"c\\\"\": x\n");
	fx_done(&x);
}

/* New block collections follow the file's indentation and sequences. */
static void
test_insert_style(void **state)
{
	struct fx x;

	(void)state;
	/* 4 spaces, sequences at the key's column */
	fx_init(&x,
		"spec:\n"
		"    template:\n"
		"        metadata:\n"
		"            name: web\n"
		"        spec:\n"
		"            volumes:\n"
		"            - name: data\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "spec", "template", "metadata", NULL), "labels",
		"app: web\n"
		"list:\n"
		"  - a: 1\n"
		"    b:\n"
		"      c: |\n"
		"        text\n"
		"          more\n"
		"  - x\n"), 0);
	expect(&x,
	       "spec:\n"
	       "    template:\n"
	       "        metadata:\n"
	       "            name: web\n"
	       "            labels:\n"
	       "                app: web\n"
	       "                list:\n"
	       "                - a: 1\n"
	       "                  b:\n"
	       "                      c: |\n"
	       "                        text\n"
	       "                          more\n"
	       "                - x\n"
	       "        spec:\n"
	       "            volumes:\n"
	       "            - name: data\n");
	fx_done(&x);

	/* 2 spaces, indented sequences */
	fx_init(&x,
		"spec:\n"
		"  containers:\n"
		"    - name: web\n"
		"      image: web:1\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "spec", "containers", "#0", NULL), "ports",
		"- containerPort: 80\n"), 0);
	expect(&x,
	       "spec:\n"
	       "  containers:\n"
	       "    - name: web\n"
	       "      image: web:1\n"
	       "      ports:\n"
	       "        - containerPort: 80\n");
	fx_done(&x);

	/* CRLF */
	fx_init(&x, "m:\r\n  a: b\r\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "m", NULL), "n", "c: d\n"), 0);
	/* "n" is a YAML 1.1 boolean: quoted */
	expect(&x, "m:\r\n  a: b\r\n  \"n\":\r\n    c: d\r\n");
	fx_done(&x);
}

/* After the last content line of a block scalar, before blank lines. */
static void
test_insert_after_block_scalar(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"m:\n"
		"  a: |\n"
		"    text\n"
		"\n"
		"n: 1\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "m", NULL), "b", "c"), 0);
	expect(&x, "m:\n  a: |\n    text\n  b: c\n\nn: 1\n");
	fx_done(&x);

	/* a line of spaces deeper than the content is content */
	fx_init(&x, "m:\n  a: |\n    x\n     \n\nn: 1\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "m", NULL), "b", "c"), 0);
	expect(&x, "m:\n  a: |\n    x\n     \n  b: c\n\nn: 1\n");
	fx_done(&x);

	/* a kept block scalar keeps its blank lines */
	fx_init(&x,
		"m:\n"
		"  a: |+\n"
		"    text\n"
		"\n"
		"n: 1\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "m", NULL), "b", "c"), 0);
	expect(&x, "m:\n  a: |+\n    text\n\n  b: c\nn: 1\n");
	fx_done(&x);
}

static void
test_insert_flow(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x, "labels: {app: web}  # c\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "labels", NULL), "istio.io/dataplane-mode",
		"none"), 0);
	expect(&x, "labels: {app: web, istio.io/dataplane-mode: none}  # c\n");
	fx_done(&x);

	fx_init(&x, "labels: {}\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "labels", NULL), "a", "b: c\nd: [1, 2]\n"), 0);
	expect(&x, "labels: {a: {b: c, d: [1, 2]}}\n");
	fx_done(&x);

	/* plain text with a comma cannot go into a flow mapping as is */
	fx_init(&x, "labels: {}\n");
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "labels", NULL), "a", "b,c"), ALINT_EINVAL);
	fx_done(&x);
}

/* Remove the last pair and insert into the same mapping in one fix. */
static void
test_remove_then_insert(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"labels:\n"
		"  app: web\n"
		"  sidecar.istio.io/inject: \"false\"\n"
		"spec: {}\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL),
		    "sidecar.istio.io/inject")), 0);
	assert_int_equal(alint_fix_insert_pair(&x.f,
		node(&x, 0, "labels", NULL), "istio.io/dataplane-mode",
		"none"), 0);
	expect(&x,
	       "labels:\n"
	       "  app: web\n"
	       "  istio.io/dataplane-mode: none\n"
	       "spec: {}\n");
	fx_done(&x);
}

/*
 * Two fixes that change the pairs of one mapping overlap (both claim the
 * first key's first byte), so that fixing applies them one at a time.
 */
static bool
overlap(const struct alint_finding *a, const struct alint_finding *b)
{
	size_t i, j;

	for (i = 0; i < a->nedits; i++)
		for (j = 0; j < b->nedits; j++)
			if (a->edits[i].start < b->edits[j].end &&
			    b->edits[j].start < a->edits[i].end)
				return true;
	return false;
}

static void
test_claims(void **state)
{
	static const char yaml[] = "labels:\n  a: b\n  c: d\n  e: f\n";
	struct fx x, y, z;

	(void)state;
	fx_init(&x, yaml);
	fx_init(&y, yaml);
	fx_init(&z, yaml);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "c")), 0);
	assert_int_equal(alint_fix_remove_pair(&y.f,
		key(node(&y, 0, "labels", NULL), "e")), 0);
	assert_int_equal(alint_fix_insert_pair(&z.f,
		node(&z, 0, "labels", NULL), "g", "h"), 0);
	assert_true(overlap(&x.f, &y.f));
	assert_true(overlap(&x.f, &z.f));
	assert_true(overlap(&y.f, &z.f));
	/* the claim does not change the text */
	expect(&x, "labels:\n  a: b\n  e: f\n");
	/* and within one fix, a removal of the first pair takes it over */
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "a")), 0);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "e")), 0);
	expect(&x, "labels: {}\n");
	fx_done(&z);
	fx_done(&y);
	fx_done(&x);
}

/* ---- replace_value and rename_key ---------------------------------------- */

static void
test_replace_scalar(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"labels:\n"
		"  istio-injection: enabled   # on\n"
		"  q: \"enabled\"\n"
		"  s: 'x'\n"
		"  v: false\n"
		"  e:\n"
		"  f: {a: b}\n");
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "istio-injection", NULL), "ambient"), 0);
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "q", NULL), "ambient"), 0);
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "s", NULL), "it's"), 0);
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "v", NULL), "\"false\""), 0);
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "e", NULL), "\"\""), 0);
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "f", "a", NULL), "c"), 0);
	expect(&x,
	       "labels:\n"
	       "  istio-injection: ambient   # on\n"
	       "  q: \"ambient\"\n"
	       "  s: 'it''s'\n"
	       "  v: \"false\"\n"
	       "  e: \"\"\n"
	       "  f: {a: c}\n");
	declared(&x, 0, "/labels/v");
	declared(&x, 0, "/labels/f/a");
	fx_done(&x);
}

static void
test_replace_block(void **state)
{
	struct fx x;

	(void)state;
	/* a block collection by a scalar: the key's comment stays */
	fx_init(&x,
		"a:   # c\n"
		"  b: 1\n"
		"  c:\n"
		"  - 2\n"
		"d: 3\n");
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "a", NULL), "x"), 0);
	expect(&x, "a: x   # c\nd: 3\n");
	fx_done(&x);

	/* a scalar by a block mapping, the comment on the key's line */
	fx_init(&x, "spec:\n  a: old  # c\n  d: 3\n");
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "spec", "a", NULL), "b: 1\nc:\n  - 2\n"), 0);
	expect(&x, "spec:\n  a:  # c\n    b: 1\n    c:\n      - 2\n  d: 3\n");
	fx_done(&x);

	/* a block mapping by another, where it was */
	fx_init(&x, "spec:\n  selector:\n    app: web\n  x: 1\n");
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "spec", "selector", NULL),
		"matchLabels:\n  app: web\n"), 0);
	expect(&x,
	       "spec:\n  selector:\n    matchLabels:\n      app: web\n"
	       "  x: 1\n");
	fx_done(&x);

	/* a sequence item */
	fx_init(&x, "- a\n- b\n");
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "#0", NULL), "name: x\nport: 1\n"), 0);
	expect(&x, "- name: x\n  port: 1\n- b\n");
	fx_done(&x);
}

static void
test_rename(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"labels:\n"
		"  # enrolment\n"
		"  istio-injection: enabled  # sidecar\n"
		"  \"istio.io/rev\": canary\n"
		"flow: {'a': 1, b: 2}\n");
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "labels", NULL), "istio-injection"),
		"istio.io/dataplane-mode"), 0);
	assert_int_equal(alint_fix_replace_value(&x.f,
		node(&x, 0, "labels", "istio-injection", NULL), "ambient"), 0);
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "labels", NULL), "istio.io/rev"), "x"), 0);
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "flow", NULL), "a"), "it's"), 0);
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "flow", NULL), "b"), "c,d"), 0);
	expect(&x,
	       "labels:\n"
	       "  # enrolment\n"
	       "  istio.io/dataplane-mode: ambient  # sidecar\n"
	       "  \"x\": canary\n"
	       "flow: {'it''s': 1, \"c,d\": 2}\n");
	declared(&x, 0, "/labels/istio-injection");
	declared(&x, 0, "/labels/istio.io~1dataplane-mode");
	fx_done(&x);

	/* a renamed key is not a removed one: no "{}" for the other */
	fx_init(&x, "labels:\n  istio-injection: enabled\n  istio.io/rev: c");
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "labels", NULL), "istio-injection"),
		"istio.io/dataplane-mode"), 0);
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "labels", NULL), "istio.io/rev")), 0);
	expect(&x, "labels:\n  istio.io/dataplane-mode: enabled\n");
	fx_done(&x);

	/* renaming onto an existing key is refused */
	fx_init(&x, "m:\n  a: 1\n  b: 2\n");
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "m", NULL), "a"), "b"), ALINT_EINVAL);
	fx_done(&x);
}

/* ---- append_item --------------------------------------------------------- */

static const char source_item[] =
	"source:\n"
	"  principals:\n"
	"  - cluster.local/ns/bookstore/sa/waypoint\n";

/*
 * Append item to the value of top-level key k of in, or make that value
 * a sequence (item NULL): the result is exactly out.
 */
static void
top_case(const char *in, const char *k, const char *item, const char *out)
{
	struct fx x;

	fx_init(&x, in);
	if (item)
		assert_int_equal(alint_fix_append_item(&x.f,
			node(&x, 0, k, NULL), item), 0);
	else
		assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
			node(&x, 0, k, NULL)), 0);
	expect(&x, out);
	fx_done(&x);
}

/* Block: after the last item, before the comments that follow it. */
static void
test_append_block(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"spec:\n"
		"  rules:\n"
		"  - from:\n"
		"    # the QA namespace\n"
		"    - source:\n"
		"        namespaces: [qa]   # QA\n"
		"    # the end of from\n"
		"    to:\n"
		"    - operation:\n"
		"        ports: [\"9080\"]\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "spec", "rules", "#0", "from", NULL),
		source_item), 0);
	expect(&x,
	       "spec:\n"
	       "  rules:\n"
	       "  - from:\n"
	       "    # the QA namespace\n"
	       "    - source:\n"
	       "        namespaces: [qa]   # QA\n"
	       "    - source:\n"
	       "        principals:\n"
	       "        - cluster.local/ns/bookstore/sa/waypoint\n"
	       "    # the end of from\n"
	       "    to:\n"
	       "    - operation:\n"
	       "        ports: [\"9080\"]\n");
	declared(&x, 0, "/spec/rules/0/from/1");
	/* the '-' of the first item is claimed, the new lines inserted */
	assert_int_equal(x.f.nedits, 2);
	assert_int_equal(x.f.edits[0].text_len, 1);
	assert_int_equal(x.f.edits[0].text[0], '-');
	/* a second item at the same place conflicts: the fix goes */
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "spec", "rules", "#0", "from", NULL), "x: 1"),
		ALINT_ECONFLICT);
	assert_false(x.f.has_fix);
	assert_int_equal(x.f.nedits, 0);
	fx_done(&x);

	/* scalars, nested sequences, a document's root sequence */
	top_case("hosts:\n- a.example.com\n- b.example.com  # b\nport: 80\n",
		 "hosts", "\"c.example.com\"",
		 "hosts:\n- a.example.com\n- b.example.com  # b\n"
		 "- \"c.example.com\"\nport: 80\n");
	fx_init(&x, "m:\n  - - a\n    - b\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "m", "#0", NULL), "c"), 0);
	expect(&x, "m:\n  - - a\n    - b\n    - c\n");
	declared(&x, 0, "/m/0/2");
	fx_done(&x);
	fx_init(&x, "m:\n  - - a\n    - b\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "m", NULL), "- d\n- e\n"), 0);
	expect(&x, "m:\n  - - a\n    - b\n  - - d\n    - e\n");
	declared(&x, 0, "/m/1");
	fx_done(&x);
}

/* The file's style: 4 spaces, "-   " items, CRLF, a BOM. */
static void
test_append_style(void **state)
{
	struct fx x;
	static const char bom[] = "\xEF\xBB\xBF" "list:\n- a\n";
	static const char bom_out[] = "\xEF\xBB\xBF" "list:\n- a\n- b\n";

	(void)state;
	fx_init(&x,
		"spec:\n"
		"    rules:\n"
		"        -   from:\n"
		"                -   source:\n"
		"                        principals:\n"
		"                            -   cluster.local/ns/a/sa/b\n"
		"    action: ALLOW\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "spec", "rules", "#0", "from", NULL),
		source_item), 0);
	expect(&x,
	       "spec:\n"
	       "    rules:\n"
	       "        -   from:\n"
	       "                -   source:\n"
	       "                        principals:\n"
	       "                            -   cluster.local/ns/a/sa/b\n"
	       "                -   source:\n"
	       "                        principals:\n"
	       "                            -   "
	       "cluster.local/ns/bookstore/sa/waypoint\n"
	       "    action: ALLOW\n");
	fx_done(&x);

	/* the first item's blanks after its '-', sequences at the key */
	fx_init(&x,
		"containers:\n"
		"-   name: app\n"
		"    ports:\n"
		"    -   containerPort: 80\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "containers", NULL),
		"name: proxy\nports:\n- containerPort: 15001\n"
		"  protocol: TCP\nargs: [a, b]\n"), 0);
	expect(&x,
	       "containers:\n"
	       "-   name: app\n"
	       "    ports:\n"
	       "    -   containerPort: 80\n"
	       "-   name: proxy\n"
	       "    ports:\n"
	       "    -   containerPort: 15001\n"
	       "        protocol: TCP\n"
	       "    args: [a, b]\n");
	fx_done(&x);

	top_case("ports:\r\n  - name: http\r\n    port: 80\r\n", "ports",
		 "name: grpc\nport: 9090\n",
		 "ports:\r\n  - name: http\r\n    port: 80\r\n"
		 "  - name: grpc\r\n    port: 9090\r\n");

	fx_init_len(&x, bom, sizeof(bom) - 1);
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "list", NULL), "b"), 0);
	expect_len(&x, bom_out, sizeof(bom_out) - 1);
	fx_done(&x);

	/* "- " items whose own lists use "-   " */
	top_case("list:\n- name: a\n  args:\n  -   x\n", "list",
		 "name: b\nargs:\n- y\n- z\n",
		 "list:\n- name: a\n  args:\n  -   x\n"
		 "- name: b\n  args:\n  -   y\n  -   z\n");

	/* no line break at the end of the file */
	top_case("list:\n- a\n- b  # last", "list", "c",
		 "list:\n- a\n- b  # last\n- c\n");
}

/* After a block scalar: its last content line, or its kept lines. */
static void
test_append_after_block_scalar(void **state)
{
	struct fx x;

	(void)state;
	top_case("steps:\n"
		 "- name: a\n"
		 "  run: |\n"
		 "    echo a\n"
		 "\n"
		 "done: true\n", "steps", "name: b\nrun: echo b\n",
		 "steps:\n"
		 "- name: a\n"
		 "  run: |\n"
		 "    echo a\n"
		 "- name: b\n"
		 "  run: echo b\n"
		 "\n"
		 "done: true\n");
	top_case("keep:\n- |+\n  text\n\nnext: 1\n", "keep", "b",
		 "keep:\n- |+\n  text\n\n- b\nnext: 1\n");

	/* a block scalar that ends the input without a line break */
	fx_init(&x, "list:\n- |\n  text");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "list", NULL), "b"), ALINT_EINVAL);
	assert_false(x.f.has_fix);
	fx_done(&x);
}

static void
test_append_flow(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"from: [{source: {namespaces: [qa]}},  # QA\n"
		"       {source: {principals: ['a/b']}}]  # end\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "from", NULL), source_item), 0);
	expect(&x,
	       "from: [{source: {namespaces: [qa]}},  # QA\n"
	       "       {source: {principals: ['a/b']}}, "
	       "{source: {principals: [cluster.local/ns/bookstore/sa/"
	       "waypoint]}}]  # end\n");
	declared(&x, 0, "/from/2");
	/* the '[' is claimed as the '-' of a block sequence is */
	assert_int_equal(x.f.nedits, 2);
	assert_int_equal(x.f.edits[0].start, 6);
	assert_int_equal(x.f.edits[0].text[0], '[');
	fx_done(&x);

	fx_init(&x, "a: []\nb: [ ]\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "a", NULL), "x"), 0);
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "b", NULL), "\"y, z\""), 0);
	expect(&x, "a: [x]\nb: [\"y, z\"]\n");
	declared(&x, 0, "/a/0");
	fx_done(&x);

	/* an item that flow style cannot hold */
	fx_init(&x, "a: [b]\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "a", NULL), "c, d"), ALINT_EINVAL);
	assert_false(x.f.has_fix);
	fx_done(&x);
	fx_init(&x, "a: [b]\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "a", NULL), "|\n  text\n"), ALINT_EINVAL);
	fx_done(&x);
}

/* Aliases, anchors and tags; bad arguments. */
static void
test_append_refused(void **state)
{
	struct fx x;

	(void)state;
	/* a sequence that an alias copies, and the alias */
	fx_init(&x, "base: &hosts\n- a\ncopy: *hosts\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "base", NULL), "b"), ALINT_EINVAL);
	assert_false(x.f.has_fix);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "copy", NULL), "b"), ALINT_EINVAL);
	fx_done(&x);
	/* under an anchor that an alias copies */
	fx_init(&x, "spec: &s\n  hosts:\n  - a\nother: *s\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "spec", "hosts", NULL), "b"), ALINT_EINVAL);
	fx_done(&x);
	/* an anchor no alias uses, a tag: the new item follows them */
	fx_init(&x, "a: &hosts\n- x\nb: !!seq\n- y\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "a", NULL), "x2"), 0);
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "b", NULL), "y2"), 0);
	expect(&x, "a: &hosts\n- x\n- x2\nb: !!seq\n- y\n- y2\n");
	fx_done(&x);
	/* not a sequence; a fragment that is not YAML */
	fx_init(&x, "m:\n  a: 1\nl:\n- a\n");
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "m", NULL), "b"), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "l", NULL), "[b"), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_append_item(&x.f,
		node(&x, 0, "l", NULL), NULL), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_append_item(&x.f, NULL, "b"),
			 ALINT_EINVAL);
	fx_done(&x);
}

/* ---- wrap_in_sequence ---------------------------------------------------- */

/* No sequence in the input: the '-' at the mapping's own step. */
static void
test_wrap_block(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"spec:\n"
		"  targetRef:   # the waypoint\n"
		"    kind: Gateway\n"
		"    # the Gateway API group\n"
		"    group: gateway.networking.k8s.io   # spelled out\n"
		"\n"
		"    name: waypoint\n"
		"  action: DENY\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "spec", "targetRef", NULL)), 0);
	expect(&x,
	       "spec:\n"
	       "  targetRef:   # the waypoint\n"
	       "    - kind: Gateway\n"
	       "      # the Gateway API group\n"
	       "      group: gateway.networking.k8s.io   # spelled out\n"
	       "\n"
	       "      name: waypoint\n"
	       "  action: DENY\n");
	declared(&x, 0, "/spec/targetRef");
	fx_done(&x);

	/* with the rename that makes it targetRefs */
	fx_init(&x,
		"spec:\n"
		"  targetRef:\n"
		"    kind: Service\n"
		"    name: reviews\n"
		"  rules:\n"
		"  - {}\n");
	assert_int_equal(alint_fix_rename_key(&x.f,
		key(node(&x, 0, "spec", NULL), "targetRef"), "targetRefs"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "spec", "targetRef", NULL)), 0);
	expect(&x,
	       "spec:\n"
	       "  targetRefs:\n"
	       "  - kind: Service\n"
	       "    name: reviews\n"
	       "  rules:\n"
	       "  - {}\n");
	/* "- " and the first byte: the only edit besides the rename */
	assert_int_equal(x.f.nedits, 2);
	assert_int_equal(x.f.edits[1].text_len, 3);
	assert_memory_equal(x.f.edits[1].text, "- k", 3);
	declared(&x, 0, "/spec/targetRefs");
	fx_done(&x);

	/* moved left, a comment further left stays */
	fx_init(&x,
		"spec:\n"
		"    ref:\n"
		"        kind: A\n"
		"  # about name\n"
		"        name: b\n"
		"    rules:\n"
		"    - x\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "spec", "ref", NULL)), 0);
	expect(&x,
	       "spec:\n"
	       "    ref:\n"
	       "    - kind: A\n"
	       "  # about name\n"
	       "      name: b\n"
	       "    rules:\n"
	       "    - x\n");
	fx_done(&x);

	/* a block scalar inside: only where nothing moves */
	fx_init(&x, "ref:\n  kind: A\n  script: |\n    x\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "ref", NULL)), ALINT_EINVAL);
	assert_false(x.f.has_fix);
	fx_done(&x);
	top_case("ref:\n  kind: A\n  script: |\n    x\nlist:\n- a\n", "ref",
		 NULL, "ref:\n- kind: A\n  script: |\n    x\nlist:\n- a\n");
}

/* 4 spaces, CRLF, a BOM, no line break at the end. */
static void
test_wrap_style(void **state)
{
	struct fx x;
	static const char bom[] =
		"\xEF\xBB\xBF" "ref:\n  kind: A\nlist:\n- x\n";
	static const char bom_out[] =
		"\xEF\xBB\xBF" "ref:\n- kind: A\nlist:\n- x\n";

	(void)state;
	fx_init(&x,
		"spec:\n"
		"    ref:\n"
		"        kind: A\n"
		"        name: b\n"
		"    rules:\n"
		"        - x\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "spec", "ref", NULL)), 0);
	expect(&x,
	       "spec:\n"
	       "    ref:\n"
	       "        - kind: A\n"
	       "          name: b\n"
	       "    rules:\n"
	       "        - x\n");
	fx_done(&x);

	top_case("ref:\r\n  kind: A\r\n\r\n  name: b\r\n", "ref", NULL,
		 "ref:\r\n  - kind: A\r\n\r\n    name: b\r\n");

	fx_init_len(&x, bom, sizeof(bom) - 1);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "ref", NULL)), 0);
	expect_len(&x, bom_out, sizeof(bom_out) - 1);
	fx_done(&x);

	top_case("ref:\n  kind: A\n  name: b", "ref", NULL,
		 "ref:\n  - kind: A\n    name: b");
}

static void
test_wrap_flow(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x,
		"ref: {kind: Service,  # the Service\n"
		"      name: 'reviews'}  # end\n"
		"spec: {targetRef: {kind: Gateway, name: wp}, action: DENY}\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "ref", NULL)), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "spec", "targetRef", NULL)), 0);
	expect(&x,
	       "ref: [{kind: Service,  # the Service\n"
	       "      name: 'reviews'}]  # end\n"
	       "spec: {targetRef: [{kind: Gateway, name: wp}], "
	       "action: DENY}\n");
	declared(&x, 0, "/ref");
	declared(&x, 0, "/spec/targetRef");
	fx_done(&x);

	/* a pair of a flow sequence has no braces */
	fx_init(&x, "l: [a: b]\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "l", "#0", NULL)), ALINT_EINVAL);
	fx_done(&x);
}

static void
test_wrap_refused(void **state)
{
	struct fx x;

	(void)state;
	/* anchored (used or not), tagged, an alias */
	fx_init(&x, "ref: &r\n  kind: A\nother: *r\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "ref", NULL)), ALINT_EINVAL);
	assert_false(x.f.has_fix);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "other", NULL)), ALINT_EINVAL);
	fx_done(&x);
	fx_init(&x, "a: &r\n  kind: A\nb: !!map\n  kind: B\nc: !!map {k: C}\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "a", NULL)), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "b", NULL)), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "c", NULL)), ALINT_EINVAL);
	fx_done(&x);
	/* under an anchor that an alias copies */
	fx_init(&x, "spec: &s\n  ref:\n    kind: A\nother: *s\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "spec", "ref", NULL)), ALINT_EINVAL);
	fx_done(&x);
	/* a document's root, a sequence item, a merge key's value */
	fx_init(&x, "l:\n- kind: A\n<<:\n  kind: B\n");
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, NULL)), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "l", "#0", NULL)), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "<<", NULL)), ALINT_EINVAL);
	/* not a mapping */
	assert_int_equal(alint_finding_fix(&x.f, ALINT_FIX_SAFE, "t"), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "l", NULL)), ALINT_EINVAL);
	fx_done(&x);
	/* an edit of the fix already there: the whole fix goes */
	fx_init(&x, "ref:\n  kind: A\n  name: b\n");
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&x, 0, "ref", NULL), "kind")), 0);
	assert_int_equal(alint_fix_wrap_in_sequence(&x.f,
		node(&x, 0, "ref", NULL)), ALINT_ECONFLICT);
	assert_false(x.f.has_fix);
	assert_int_equal(x.f.nedits, 0);
	fx_done(&x);
}

/* ---- documents ----------------------------------------------------------- */

static const char doc_new[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: waypoints\n";

static void
test_append_document(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x, "a: 1\n");
	assert_int_equal(alint_fix_append_document(&x.f, doc_new), 0);
	expect(&x, "a: 1\n---\napiVersion: v1\nkind: Namespace\n"
	       "metadata:\n  name: waypoints\n");
	declared(&x, 1, "");
	fx_done(&x);

	fx_init(&x, "a: 1\n---\nb: 2\n...");
	assert_int_equal(alint_fix_append_document(&x.f, "c: 3"), 0);
	expect(&x, "a: 1\n---\nb: 2\n...\n---\nc: 3\n");
	declared(&x, 2, "");
	fx_done(&x);

	fx_init(&x, "a: 1\r\n");
	assert_int_equal(alint_fix_append_document(&x.f, "b:\n  c: 2\n"), 0);
	expect(&x, "a: 1\r\n---\r\nb:\r\n  c: 2\r\n");
	fx_done(&x);

	/* one document only */
	fx_init(&x, "a: 1\n");
	assert_int_equal(alint_fix_append_document(&x.f, "b: 1\n---\nc: 2\n"),
			 ALINT_EINVAL);
	fx_done(&x);
}

static const char stream[] =
	"# Rendered by hand\n"
	"\n"
	"# the namespace\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: a\n"
	"---\n"
	"# second\n"
	"apiVersion: v1\n"
	"kind: ConfigMap\n"
	"metadata:\n"
	"  name: b\n"
	"...\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: ConfigMap\n"
	"metadata:\n"
	"  name: c\n";

static void
test_remove_document(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x, stream);
	assert_int_equal(x.nres, 3);
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[1]), 0);
	expect(&x,
	       "# Rendered by hand\n"
	       "\n"
	       "# the namespace\n"
	       "apiVersion: v1\n"
	       "kind: Namespace\n"
	       "metadata:\n"
	       "  name: a\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: ConfigMap\n"
	       "metadata:\n"
	       "  name: c\n");
	declared(&x, 1, "");
	fx_done(&x);

	fx_init(&x, stream);
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[0]), 0);
	expect(&x,
	       "# Rendered by hand\n"
	       "\n"
	       "---\n"
	       "# second\n"
	       "apiVersion: v1\n"
	       "kind: ConfigMap\n"
	       "metadata:\n"
	       "  name: b\n"
	       "...\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: ConfigMap\n"
	       "metadata:\n"
	       "  name: c\n");
	fx_done(&x);

	/* a document's directives go with it */
	fx_init(&x, "%YAML 1.1\n---\na: 1\n...\n%YAML 1.1\n---\nb: 2\n");
	assert_int_equal(x.nres, 2);
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[1]), 0);
	expect(&x, "%YAML 1.1\n---\na: 1\n...\n");
	fx_done(&x);

	fx_init(&x, stream);
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[2]), 0);
	expect(&x,
	       "# Rendered by hand\n"
	       "\n"
	       "# the namespace\n"
	       "apiVersion: v1\n"
	       "kind: Namespace\n"
	       "metadata:\n"
	       "  name: a\n"
	       "---\n"
	       "# second\n"
	       "apiVersion: v1\n"
	       "kind: ConfigMap\n"
	       "metadata:\n"
	       "  name: b\n"
	       "...\n");
	declared(&x, 2, "");
	fx_done(&x);
}

static const char list[] =
	"apiVersion: v1\n"
	"kind: List\n"
	"items:\n"
	"# the first\n"
	"- apiVersion: v1\n"
	"  kind: ConfigMap\n"
	"  metadata:\n"
	"    name: a\n"
	"- apiVersion: v1  # second\n"
	"  kind: ConfigMap\n"
	"  metadata:\n"
	"    name: b\n";

static void
test_remove_list_item(void **state)
{
	struct fx x;

	(void)state;
	fx_init(&x, list);
	assert_int_equal(x.nres, 2);
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[0]), 0);
	expect(&x,
	       "apiVersion: v1\n"
	       "kind: List\n"
	       "items:\n"
	       "- apiVersion: v1  # second\n"
	       "  kind: ConfigMap\n"
	       "  metadata:\n"
	       "    name: b\n");
	declared(&x, 0, "/items/0");
	/* then the other: the list becomes empty */
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[1]), 0);
	expect(&x, "apiVersion: v1\nkind: List\nitems: []\n");
	fx_done(&x);

	fx_init(&x, "kind: List\nitems: [{kind: A}, {kind: B}]\n");
	assert_int_equal(alint_fix_remove_resource(&x.f, &x.res[1]), 0);
	expect(&x, "kind: List\nitems: [{kind: A}]\n");
	fx_done(&x);
}

/* Bad arguments. */
static void
test_invalid(void **state)
{
	struct fx x, y;
	struct alint_finding bare;

	(void)state;
	fx_init(&x, "m:\n  a: 1\n");
	fx_init(&y, "m:\n  a: 1\n");
	/* a node of another input */
	assert_int_equal(alint_fix_remove_pair(&x.f,
		key(node(&y, 0, "m", NULL), "a")), ALINT_EINVAL);
	/* a value is not a key */
	assert_int_equal(alint_fix_remove_pair(&x.f,
		node(&x, 0, "m", "a", NULL)), ALINT_EINVAL);
	/* no fix started */
	memset(&bare, 0, sizeof(bare));
	bare.src = x.src;
	assert_int_equal(alint_fix_remove_pair(&bare,
		key(node(&x, 0, "m", NULL), "a")), ALINT_EINVAL);
	assert_int_equal(alint_fix_insert_pair(&x.f, node(&x, 0, "m", "a",
							  NULL), "b", "1"),
			 ALINT_EINVAL);
	assert_int_equal(x.f.nedits, 0);
	assert_false(x.f.has_fix);
	fx_done(&y);
	fx_done(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_comments),
		cmocka_unit_test(test_remove_comment_limits),
		cmocka_unit_test(test_remove_last),
		cmocka_unit_test(test_remove_item_first),
		cmocka_unit_test(test_remove_flow),
		cmocka_unit_test(test_remove_crlf_bom),
		cmocka_unit_test(test_remove_block_values),
		cmocka_unit_test(test_insert_block),
		cmocka_unit_test(test_insert_style),
		cmocka_unit_test(test_insert_after_block_scalar),
		cmocka_unit_test(test_insert_flow),
		cmocka_unit_test(test_remove_then_insert),
		cmocka_unit_test(test_claims),
		cmocka_unit_test(test_replace_scalar),
		cmocka_unit_test(test_replace_block),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_append_document),
		cmocka_unit_test(test_remove_document),
		cmocka_unit_test(test_remove_list_item),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_append_block),
		cmocka_unit_test(test_append_style),
		cmocka_unit_test(test_append_after_block_scalar),
		cmocka_unit_test(test_append_flow),
		cmocka_unit_test(test_append_refused),
		cmocka_unit_test(test_wrap_block),
		cmocka_unit_test(test_wrap_style),
		cmocka_unit_test(test_wrap_flow),
		cmocka_unit_test(test_wrap_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
