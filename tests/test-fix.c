/*
 * test-fix.c - applying fixes (lib/fix.c), verifying them
 * (lib/verify.c) and writing files (lib/write.c)
 *
 * The fixes come from test rules registered by the tests, whose edits
 * and declared paths each test chooses (struct tcase), so that nothing
 * depends on the built-in rules' own fixes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* ---- test rules ---------------------------------------------------------- */

struct tcase;
typedef int (*tcase_fn)(struct alint_rule_ctx *rctx,
			const struct alint_resource *res, struct tcase *tc);

/*
 * What a test rule does: fn, or by default replace the value at keys
 * (from the resource root) when its text is from, with to (inserted at
 * the value's start when insert is set), declaring path.
 */
struct tcase {
	tcase_fn fn;
	enum alint_fix_safety safety;
	const char *keys[6];
	const char *from;		/* NULL: any value */
	const char *to;
	const char *path;		/* declared; NULL: none */
	const char *path2;
	const char *kind;		/* only resources of this kind */
	int insert;			/* 1 at the start, 2 at the end */
	int calls;
};

static const struct alint_node *
node_at(const struct alint_resource *res, const char *const *keys)
{
	const struct alint_node *n = alint_resource_root(res);
	size_t i;

	for (i = 0; n && keys[i]; i++)
		n = alint_node_get(n, keys[i]);
	return n;
}

/* Report at n with a fix replacing [start, end) with text. */
static int
fix_span(struct alint_rule_ctx *rctx, const struct alint_node *n,
	 size_t start, size_t end, const char *text,
	 enum alint_fix_safety safety, const char *path, const char *path2)
{
	struct alint_finding *f;
	int rc;

	f = alint_rule_report(rctx, n, "test finding");
	if (!f)
		return ALINT_ENOMEM;
	rc = alint_finding_fix(f, safety, "test fix");
	if (rc == 0)
		rc = alint_finding_edit(f, start, end, text, strlen(text));
	if (rc == 0 && path)
		rc = alint_finding_fix_path(f, path);
	if (rc == 0 && path2)
		rc = alint_finding_fix_path(f, path2);
	return rc;
}

static int
replace_value(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	      struct tcase *tc)
{
	const struct alint_node *n = node_at(res, tc->keys);
	size_t s, e;

	if (!n || (tc->from && !alint_node_equals(n, tc->from)))
		return 0;
	s = alint_node_start(n);
	e = alint_node_end(n);
	if (tc->insert == 1)
		e = s;
	else if (tc->insert == 2)
		s = e;
	return fix_span(rctx, n, s, e, tc->to, tc->safety, tc->path,
			tc->path2);
}

static int
dispatch(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	 void *payload)
{
	struct tcase *tc = payload;

	tc->calls++;
	if (tc->kind && strcmp(alint_resource_kind(res), tc->kind) != 0)
		return 0;
	if (tc->fn)
		return tc->fn(rctx, res, tc);
	if (!tc->to)
		return 0;
	return replace_value(rctx, res, tc);
}

static const struct alint_rule rule_a = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9801",
	.name = "test-fix-a",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_OPT_IN,
	.summary = "a rule whose fixes the test chooses",
	.doc = "For the fix tests.",
	.check = dispatch,
};

static const struct alint_rule rule_b = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9802",
	.name = "test-fix-b",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_OPT_IN,
	.summary = "another rule whose fixes the test chooses",
	.doc = "For the fix tests.",
	.check = dispatch,
};

static struct alint_ctx *
make_ctx(struct tcase *a, struct tcase *b, unsigned int threads)
{
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const char *const sel[] = { "test-fix-a", "test-fix-b", NULL };
	struct alint_ctx *ctx = NULL;

	opts.threads = threads;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &rule_a, a, NULL), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &rule_b, b, NULL), 0);
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	return ctx;
}

/* Fix buffers; every result checked by the caller. */
static struct alint_fixed *
fix_buffers(struct alint_ctx *ctx, const char *const *texts, size_t n,
	    const struct alint_fix_options *opts, struct alint_report **rep)
{
	struct alint_run *run = NULL;
	struct alint_fixed *fixed = NULL;
	char name[32];
	size_t i;

	assert_int_equal(alint_run_new(&run, ctx), 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "in%zu.yaml", i);
		assert_int_equal(alint_run_add_buffer(run, name, texts[i],
						      strlen(texts[i])), 0);
	}
	assert_int_equal(alint_run_fix(&fixed, rep, run, opts), 0);
	assert_non_null(fixed);
	assert_int_equal(alint_fixed_count(fixed), n);
	alint_run_free(run);
	return fixed;
}

/* Fix one buffer with rules a and b (either may be NULL). */
static struct alint_fixed *
fix_one(struct tcase *a, struct tcase *b, const char *text,
	const struct alint_fix_options *opts)
{
	struct tcase none = { 0 };
	struct alint_ctx *ctx;
	struct alint_fixed *fixed;

	ctx = make_ctx(a ? a : &none, b ? b : &none, 1);
	fixed = fix_buffers(ctx, &text, 1, opts, NULL);
	alint_ctx_free(ctx);
	return fixed;
}

static void
assert_text(const struct alint_fixed_input *e, const char *want)
{
	assert_int_equal(e->len, strlen(want));
	assert_memory_equal(e->text, want, e->len);
}

static void
assert_unchanged(const struct alint_fixed_input *e, const char *orig)
{
	assert_int_equal(e->changed, 0);
	assert_int_equal(e->applied, 0);
	assert_int_equal(e->original_len, strlen(orig));
	assert_memory_equal(e->original, orig, e->original_len);
	assert_text(e, orig);
}

static void
assert_contains(const char *s, const char *part)
{
	if (!s || !strstr(s, part)) {
		print_error("\"%s\" does not contain \"%s\"\n",
			    s ? s : "(null)", part);
		fail();
	}
}

/* ---- splicing and passes ------------------------------------------------ */

static void
test_splice_exact(void **state)
{
	/* a BOM, CRLF, comments, quotes and flow style all survive */
	const char *in =
		"\xef\xbb\xbf# top comment\r\n"
		"apiVersion: v1   # trailing\r\n"
		"kind: ConfigMap\r\n"
		"metadata:\r\n"
		"  name: 'cm'\r\n"
		"  labels: {mode: \"sidecar\", keep: 'x'}  # flow\r\n"
		"data:\r\n"
		"  # inside\r\n"
		"  b: |\r\n"
		"    text\r\n";
	const char *want =
		"\xef\xbb\xbf# top comment\r\n"
		"apiVersion: v1   # trailing\r\n"
		"kind: ConfigMap\r\n"
		"metadata:\r\n"
		"  name: 'cm'\r\n"
		"  labels: {mode: \"ambient\", keep: 'x'}  # flow\r\n"
		"data:\r\n"
		"  # inside\r\n"
		"  b: |\r\n"
		"    text\r\n";
	struct tcase a = {
		.keys = { "metadata", "labels", "mode" },
		.from = "sidecar", .to = "\"ambient\"",
		.path = "/metadata/labels/mode",
	};
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_non_null(e);
	assert_null(e->error);
	assert_int_equal(e->changed, 1);
	assert_int_equal(e->applied, 1);
	assert_int_equal(e->skipped, 0);
	assert_int_equal(e->converged, 1);
	assert_int_equal(e->is_buffer, 1);
	assert_string_equal(e->file, "in0.yaml");
	assert_memory_equal(e->original, in, strlen(in));
	assert_text(e, want);
	assert_null(alint_fixed_get(fixed, 1));
	alint_fixed_free(fixed);
}

/* AL9802: rewrite b's value together with a's, keeping a as it is. */
static int
fix_ab(struct alint_rule_ctx *rctx, const struct alint_resource *res,
       struct tcase *tc)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *av = alint_node_get(root, "a");
	const struct alint_node *bv = alint_node_get(root, "b");
	char text[64];
	size_t alen;
	const char *aval;

	if (!av || !bv || !alint_node_equals(bv, "y"))
		return 0;
	aval = alint_node_value(av, &alen);
	snprintf(text, sizeof(text), "%.*s\nb: Y", (int)alen, aval);
	return fix_span(rctx, bv, alint_node_start(av), alint_node_end(bv),
			text, ALINT_FIX_SAFE, "/b", NULL);
}

static void
test_overlap_next_pass(void **state)
{
	const char *in = "a: x\nb: y\n";
	struct tcase a = { .keys = { "a" }, .from = "x", .to = "X",
			   .path = "/a" };
	struct tcase b = { .fn = fix_ab };
	struct alint_fix_options opts = ALINT_FIX_OPTIONS_INIT;
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	/* pass 1 takes a's fix (first in report order), b's overlaps */
	fixed = fix_one(&a, &b, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "a: X\nb: Y\n");
	assert_int_equal(e->applied, 2);
	assert_int_equal(e->skipped, 0);
	assert_int_equal(e->converged, 1);
	alint_fixed_free(fixed);

	/* one pass: b's fix is left over */
	opts.max_passes = 1;
	fixed = fix_one(&a, &b, in, &opts);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "a: X\nb: y\n");
	assert_int_equal(e->applied, 1);
	assert_int_equal(e->skipped, 1);
	assert_int_equal(e->converged, 0);
	alint_fixed_free(fixed);
}

static void
test_insert_conflicts(void **state)
{
	const char *in = "k: v\n";
	struct tcase a = { .keys = { "k" }, .from = "v", .to = "A",
			   .path = "/k", .insert = 1 };
	struct tcase b = { .keys = { "k" }, .from = "v", .to = "B",
			   .path = "/k", .insert = 1 };
	struct alint_fixed *fixed;

	(void)state;
	/* two inserts at one offset conflict: only a's is applied */
	fixed = fix_one(&a, &b, in, NULL);
	assert_text(alint_fixed_get(fixed, 0), "k: Av\n");
	assert_int_equal(alint_fixed_get(fixed, 0)->applied, 1);
	alint_fixed_free(fixed);

	/* an insert at the start of a replaced range does not */
	a.insert = 0;
	a.to = "w";
	fixed = fix_one(&a, &b, in, NULL);
	assert_text(alint_fixed_get(fixed, 0), "k: Bw\n");
	assert_int_equal(alint_fixed_get(fixed, 0)->applied, 2);
	alint_fixed_free(fixed);

	/* nor at its end */
	b.insert = 2;
	fixed = fix_one(&a, &b, in, NULL);
	assert_text(alint_fixed_get(fixed, 0), "k: wB\n");
	alint_fixed_free(fixed);
}

/* Always add one to n: never converges. */
static int
fix_increment(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	      struct tcase *tc)
{
	const struct alint_node *n = alint_node_get(alint_resource_root(res),
						    "n");
	char text[32], buf[32];
	const char *v;
	size_t len;

	if (!n)
		return 0;
	v = alint_node_value(n, &len);
	snprintf(buf, sizeof(buf), "%.*s", (int)len, v);
	snprintf(text, sizeof(text), "%ld", strtol(buf, NULL, 10) + 1);
	return fix_span(rctx, n, alint_node_start(n), alint_node_end(n), text,
			ALINT_FIX_SAFE, "/n", NULL);
}

static void
test_no_convergence(void **state)
{
	struct tcase a = { .fn = fix_increment };
	struct alint_fix_options opts = ALINT_FIX_OPTIONS_INIT;
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	opts.max_passes = 3;
	fixed = fix_one(&a, NULL, "n: 0\n", &opts);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "n: 3\n");
	assert_int_equal(e->applied, 3);
	assert_int_equal(e->skipped, 1);
	assert_int_equal(e->converged, 0);
	alint_fixed_free(fixed);

	/* the default cap is 10 passes */
	fixed = fix_one(&a, NULL, "n: 0\n", NULL);
	e = alint_fixed_get(fixed, 0);
	assert_text(e, "n: 10\n");
	assert_int_equal(e->converged, 0);
	alint_fixed_free(fixed);
}

static void
test_safety(void **state)
{
	const char *in = "k: v\n";
	struct tcase a = { .keys = { "k" }, .from = "v", .to = "w",
			   .path = "/k", .safety = ALINT_FIX_UNSAFE };
	struct alint_fix_options opts = ALINT_FIX_OPTIONS_INIT;
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	/* unsafe: only with ALINT_FIX_APPLY_UNSAFE */
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_int_equal(e->converged, 1);
	alint_fixed_free(fixed);
	opts.flags = ALINT_FIX_APPLY_UNSAFE;
	fixed = fix_one(&a, NULL, in, &opts);
	assert_text(alint_fixed_get(fixed, 0), "k: w\n");
	alint_fixed_free(fixed);

	/* display-only: never */
	a.safety = ALINT_FIX_DISPLAY;
	fixed = fix_one(&a, NULL, in, &opts);
	assert_unchanged(alint_fixed_get(fixed, 0), in);
	alint_fixed_free(fixed);

	/* a fix that changes nothing is not applied */
	a.safety = ALINT_FIX_SAFE;
	a.to = "v";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_unchanged(alint_fixed_get(fixed, 0), in);
	assert_int_equal(alint_fixed_get(fixed, 0)->converged, 1);
	alint_fixed_free(fixed);
}

static void
test_min_severity(void **state)
{
	struct tcase a = { .keys = { "k" }, .from = "v", .to = "w",
			   .path = "/k" };
	struct tcase none = { 0 };
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const char *const sel[] = { "test-fix-a", NULL };
	const char *in = "k: v\n";
	struct alint_ctx *ctx = NULL;
	struct alint_fixed *fixed;

	(void)state;
	/* a finding left out of the report is not fixed either */
	opts.min_severity = ALINT_SEV_ERROR;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &rule_a, &a, NULL), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &rule_b, &none, NULL),
			 0);
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	fixed = fix_buffers(ctx, &in, 1, NULL, NULL);
	assert_unchanged(alint_fixed_get(fixed, 0), in);
	assert_int_equal(alint_fixed_get(fixed, 0)->skipped, 0);
	alint_fixed_free(fixed);
	alint_ctx_free(ctx);
}

static void
test_options(void **state)
{
	struct alint_fix_options opts;
	struct alint_ctx *ctx = NULL;
	struct alint_run *run = NULL;
	struct alint_fixed *fixed = NULL;
	struct alint_report *rep = NULL;

	(void)state;
	assert_int_equal(alint_fix_options_init(&opts, 99), ALINT_EINVAL);
	assert_int_equal(alint_fix_options_init(&opts,
		ALINT_FIX_OPTIONS_VERSION), 0);
	assert_int_equal(opts.version, ALINT_FIX_OPTIONS_VERSION);
	assert_int_equal(opts.max_passes, 0);
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	assert_int_equal(alint_run_fix(NULL, NULL, run, NULL), ALINT_EINVAL);
	opts.version = 7;
	assert_int_equal(alint_run_fix(&fixed, &rep, run, &opts),
			 ALINT_EINVAL);
	assert_null(fixed);
	assert_null(rep);
	/* an empty run */
	assert_int_equal(alint_run_fix(&fixed, &rep, run, NULL), 0);
	assert_int_equal(alint_fixed_count(fixed), 0);
	assert_int_equal(alint_report_count(rep), 0);
	/* a run is fixed (or linted) once */
	alint_fixed_free(fixed);
	fixed = NULL;
	assert_int_equal(alint_run_fix(&fixed, NULL, run, NULL),
			 ALINT_EINVAL);
	alint_fixed_free(NULL);
	assert_int_equal(alint_fixed_count(NULL), 0);
	assert_null(alint_fixed_get(NULL, 0));
	assert_string_equal(alint_fixed_errmsg(NULL), "");
	alint_report_free(rep);
	alint_run_free(run);
	alint_ctx_free(ctx);
}

/* ---- verification ---------------------------------------------------- */

static void
test_verify_undeclared(void **state)
{
	const char *in = "a: 1\nb: 2\nc: 3\n";
	struct tcase a = { .keys = { "a" }, .from = "1", .to = "5",
			   .path = "/b" };
	struct tcase b = { .keys = { "c" }, .from = "3", .to = "4",
			   .path = "/c" };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "fix by AL9801 (test-fix-a) failed "
			"verification: document 0, /a: 1 (int) became 5 (int)");
	assert_int_equal(e->skipped, 1);
	assert_int_equal(e->converged, 1);
	alint_fixed_free(fixed);

	/* every rule of the failing pass is named; nothing is kept */
	fixed = fix_one(&a, &b, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "fix by AL9801 (test-fix-a), AL9802 "
			"(test-fix-b) failed verification");
	alint_fixed_free(fixed);

	/* a key removed or added without a declaration */
	a.keys[0] = "b";
	a.from = "2";
	a.to = "3\nd: 4";
	a.path = "/b";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_contains(alint_fixed_get(fixed, 0)->error,
			"/d: a key was added");
	alint_fixed_free(fixed);
	a.path2 = "/d";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	assert_text(alint_fixed_get(fixed, 0), "a: 1\nb: 3\nd: 4\nc: 3\n");
	alint_fixed_free(fixed);
}

/* After a first pass that is fine, a failing one reverts to the start. */
static int
fix_two_steps(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	      struct tcase *tc)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *a = alint_node_get(root, "a");
	const struct alint_node *b = alint_node_get(root, "b");

	if (alint_node_equals(a, "1"))
		return fix_span(rctx, a, alint_node_start(a),
				alint_node_end(a), "2", ALINT_FIX_SAFE, "/a",
				NULL);
	if (alint_node_equals(a, "2") && alint_node_equals(b, "x"))
		return fix_span(rctx, b, alint_node_start(b),
				alint_node_end(b), "y", ALINT_FIX_SAFE, "/c",
				NULL);
	return 0;
}

static void
test_verify_revert(void **state)
{
	const char *in = "a: 1\nb: x\n";
	struct tcase a = { .fn = fix_two_steps };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	/* y is a YAML 1.1 boolean */
	assert_contains(e->error, "document 0, /b: \"x\" (string) became "
			"y (bool)");
	alint_fixed_free(fixed);
}

static void
test_verify_invalid_yaml(void **state)
{
	const char *in = "a: 1\nb: 2\n";
	struct tcase a = { .keys = { "a" }, .to = "[1, 2", .path = "/a" };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "fix by AL9801 (test-fix-a) failed "
			"verification: the fixed text has invalid YAML at "
			"line");
	alint_fixed_free(fixed);

	/* a new duplicate key, even at a declared path */
	a.to = "1\nb: 3";
	a.path2 = "/b";
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "has a duplicate key");
	alint_fixed_free(fixed);
}

/* Rewrite the key tc->from of the mapping at tc->keys as tc->to. */
static int
rename_key(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	   struct tcase *tc)
{
	const struct alint_node *k;

	k = alint_node_get_key(node_at(res, tc->keys), tc->from);
	if (!k)
		return 0;
	return fix_span(rctx, k, alint_node_start(k), alint_node_end(k),
			tc->to, tc->safety, tc->path, tc->path2);
}

static void
test_verify_types(void **state)
{
	const char *in = "data:\n  a: \"on\"\n  b: x\n";
	struct tcase a = { .keys = { "data", "a" }, .to = "on",
			   .path = "/data/b" };
	struct tcase k = { 0 };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	/* unquoting "on" makes a bool: not declared */
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "document 0, /data/a: \"on\" (string) "
			"became on (bool)");
	alint_fixed_free(fixed);

	/* declared, it is accepted */
	a.path = "/data/a";
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "data:\n  a: on\n  b: x\n");
	alint_fixed_free(fixed);

	/* the same value in another spelling is no change for kubectl */
	a.keys[1] = "b";
	a.to = "'x'";
	a.path = NULL;
	fixed = fix_one(&a, NULL, "data:\n  a: yes\n  b: x\n  010: 1\n",
			NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	alint_fixed_free(fixed);
	a.keys[1] = "a";
	a.to = "true";
	fixed = fix_one(&a, NULL, "data:\n  a: yes\n", NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	assert_text(alint_fixed_get(fixed, 0), "data:\n  a: true\n");
	alint_fixed_free(fixed);
	/* nor a typed key: 010 is the JSON key "8" either way */
	k.fn = rename_key;
	k.keys[0] = "data";
	k.from = "010";
	k.to = "8";
	fixed = fix_one(&k, NULL, "data:\n  010: 1\n  b: x\n", NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	assert_text(alint_fixed_get(fixed, 0), "data:\n  8: 1\n  b: x\n");
	alint_fixed_free(fixed);
	k.to = "'010'";
	fixed = fix_one(&k, NULL, "data:\n  010: 1\n  b: x\n", NULL);
	assert_contains(alint_fixed_get(fixed, 0)->error,
			"document 0, /data/010: a key was added");
	alint_fixed_free(fixed);
	/* but an int that becomes a string is */
	a.keys[1] = "c";
	a.to = "\"10\"";
	a.path = NULL;
	fixed = fix_one(&a, NULL, "data:\n  c: 10\n", NULL);
	assert_contains(alint_fixed_get(fixed, 0)->error,
			"/data/c: 10 (int) became \"10\" (string)");
	alint_fixed_free(fixed);
}

static void
test_verify_escaped_path(void **state)
{
	const char *in = "metadata:\n  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    a~b: x\n";
	struct tcase a = { .keys = { "metadata", "labels",
				     "app.kubernetes.io/name" },
			   .to = "api",
			   .path = "/metadata/labels/app.kubernetes.io~1name" };
	struct tcase b = { .keys = { "metadata", "labels", "a~b" },
			   .to = "y", .path = "/metadata/labels/a~0b" };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	fixed = fix_one(&a, &b, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "metadata:\n  labels:\n"
		    "    app.kubernetes.io/name: api\n    a~b: y\n");
	alint_fixed_free(fixed);

	/* the unescaped path is another path */
	a.path = "/metadata/labels/app.kubernetes.io/name";
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_contains(e->error, "/metadata/labels/app.kubernetes.io~1name: "
			"\"web\" (string) became \"api\" (string)");
	alint_fixed_free(fixed);

	/* a declared parent covers everything below it */
	a.path = "/metadata";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	alint_fixed_free(fixed);
	/* a declared sibling does not */
	a.path = "/metadata/labels/app.kubernetes.io~1nam";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_non_null(alint_fixed_get(fixed, 0)->error);
	alint_fixed_free(fixed);
}

/* Append a document at the end of the stream; declare it or not. */
static int
fix_append(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	   struct tcase *tc)
{
	const struct alint_node *k = alint_node_get(alint_resource_root(res),
						    "kind");
	const struct alint_source *src = res->src;
	struct alint_finding *f;
	int rc;

	if (!alint_node_equals(k, "A") || src->ndocs > 1)
		return 0;
	f = alint_rule_report(rctx, k, "append");
	if (!f)
		return ALINT_ENOMEM;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "append a document");
	if (rc == 0)
		rc = alint_finding_edit(f, src->len, src->len, tc->to,
					strlen(tc->to));
	if (rc == 0 && tc->path)
		rc = alint__finding_fix_path_doc(f, src->ndocs, tc->path);
	return rc;
}

/* Remove document 1 of the stream. */
static int
fix_remove_doc(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	       struct tcase *tc)
{
	const struct alint_source *src = res->src;
	struct alint_finding *f;
	int rc;

	if (alint_resource_document(res) != 0 || src->ndocs != 3)
		return 0;
	f = alint_rule_report(rctx, NULL, "remove");
	if (!f)
		return ALINT_ENOMEM;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "remove a document");
	if (rc == 0)
		rc = alint_finding_edit(f, src->docs[1].start,
					src->docs[2].start, "", 0);
	if (rc == 0 && tc->path)
		rc = alint__finding_fix_path_doc(f, 1, tc->path);
	return rc;
}

static void
test_verify_documents(void **state)
{
	const char *in = "kind: A\n";
	const char *three = "kind: A\n---\nkind: B\n---\nkind: C\n";
	struct tcase a = { .fn = fix_append, .to = "---\nkind: N\n",
			   .path = "" };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "kind: A\n---\nkind: N\n");
	alint_fixed_free(fixed);

	a.path = NULL;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "the fixed text has a new document "
			"(number 1) that no fix declared");
	alint_fixed_free(fixed);

	a.fn = fix_remove_doc;
	a.path = "";
	fixed = fix_one(&a, NULL, three, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "kind: A\n---\nkind: C\n");
	alint_fixed_free(fixed);

	a.path = "/kind";
	fixed = fix_one(&a, NULL, three, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, three);
	assert_non_null(e->error);
	alint_fixed_free(fixed);

	/* empty documents come and go freely */
	a.fn = fix_append;
	a.to = "---\n";
	a.path = NULL;
	fixed = fix_one(&a, NULL, in, NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	assert_text(alint_fixed_get(fixed, 0), "kind: A\n---\n");
	alint_fixed_free(fixed);
}

/* ---- documents appended in one pass ------------------------------------ */

/* Whether document i of src is "kind: <kind>" with "name: <name>". */
static bool
doc_is(const struct alint_source *src, size_t i, const char *kind,
       const struct alint_node *name)
{
	const struct alint_node *root = src->docs[i].root, *n;
	size_t len;
	const char *v;
	char buf[64];

	if (!root || !alint_node_equals(alint_node_get(root, "kind"), kind))
		return false;
	n = alint_node_get(root, "name");
	if (!n || !name)
		return !n && !name;
	v = alint_node_value(name, &len);
	snprintf(buf, sizeof(buf), "%.*s", (int)len, v);
	return alint_node_equals(n, buf);
}

/* Whether src has a document "kind: N" named as document i. */
static bool
has_n(const struct alint_source *src, size_t i)
{
	const struct alint_node *name = alint_node_get(src->docs[i].root,
						       "name");
	size_t k;

	for (k = 0; k < src->ndocs; k++)
		if (doc_is(src, k, "N", name))
			return true;
	return false;
}

/*
 * For each "kind: A" document without its "kind: N" document of the same
 * name, append that document with alint_fix_append_document(). With
 * tc->insert set, only for the first such document: one append a pass,
 * the way fixing went before appends were taken together.
 */
static int
fix_append_n(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	     struct tcase *tc)
{
	const struct alint_source *src = res->src;
	const struct alint_node *root = alint_resource_root(res), *name;
	size_t d = alint_resource_document(res), k, len;
	struct alint_finding *f;
	char doc[96];
	const char *v;
	int rc;

	name = alint_node_get(root, "name");
	if (!alint_node_equals(alint_node_get(root, "kind"), "A") || !name ||
	    has_n(src, d))
		return 0;
	for (k = 0; tc->insert && k < d; k++)
		if (doc_is(src, k, "A", alint_node_get(src->docs[k].root,
						       "name")) &&
		    alint_node_get(src->docs[k].root, "name") &&
		    !has_n(src, k))
			return 0;
	v = alint_node_value(name, &len);
	snprintf(doc, sizeof(doc), "kind: N\nname: %.*s\n", (int)len, v);
	f = alint_rule_report(rctx, name, "append N");
	if (!f)
		return ALINT_ENOMEM;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "append N");
	if (rc == 0)
		rc = alint_fix_append_document(f, doc);
	return rc;
}

/* Remove every "kind: R" document. */
static int
fix_remove_r(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	     struct tcase *tc)
{
	const struct alint_node *k = alint_node_get(alint_resource_root(res),
						    "kind");
	struct alint_finding *f;
	int rc;

	(void)tc;
	if (!alint_node_equals(k, "R"))
		return 0;
	f = alint_rule_report(rctx, k, "remove R");
	if (!f)
		return ALINT_ENOMEM;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "remove R");
	if (rc == 0)
		rc = alint_fix_remove_resource(f, res);
	return rc;
}

/*
 * Insert "x: 1" + line break at the end of the text, a pair of the last
 * mapping, reported on document tc->to ("first" or "last").
 */
static int
fix_end_pair(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	     struct tcase *tc)
{
	const struct alint_source *src = res->src;
	size_t d = alint_resource_document(res);
	struct alint_finding *f;
	int rc;

	if (d != (strcmp(tc->to, "first") == 0 ? 0 : src->ndocs - 1) ||
	    has_n(src, src->ndocs - 1) || src->len == 0 ||
	    src->buf[src->len - 1] != '\n' ||
	    alint_node_get(src->docs[src->ndocs - 1].root, "x"))
		return 0;
	f = alint_rule_report(rctx, alint_resource_root(res), "end pair");
	if (!f)
		return ALINT_ENOMEM;
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "insert x at the end");
	if (rc == 0)
		rc = alint_finding_edit(f, src->len, src->len, "x: 1\n", 5);
	if (rc == 0)
		rc = alint__finding_fix_path_doc(f, src->ndocs - 1, "/x");
	return rc;
}

static void
test_append_one_pass(void **state)
{
	/* each as it ends: line break, none, CRLF, "...", comment, BOM */
	static const char *const ins[] = {
		"kind: A\nname: a\n---\nkind: A\nname: b\n---\nkind: B\n"
		"---\nkind: A\nname: c\n",
		"kind: A\nname: a\n---\nkind: A\nname: b\n---\nkind: A\n"
		"name: c",
		"kind: A\r\nname: a\r\n---\r\nkind: A\r\nname: b\r\n"
		"---\r\nkind: A\r\nname: c\r\n",
		"kind: A\r\nname: a\r\n---\r\nkind: A\r\nname: b\r\n"
		"---\r\nkind: A\r\nname: c",
		"kind: A\nname: a\n---\nkind: A\nname: b\n...\n",
		"kind: A\nname: a\n---\nkind: A\nname: b\n...",
		"kind: A\nname: a\n---\n{kind: A, name: b}",
		"kind: A\nname: a\n---\nkind: A\nname: b\n# end",
		"\xef\xbb\xbfkind: A\nname: a\n---\nkind: A\nname: b\n",
		"---\nkind: A\nname: a\n---\nkind: N\nname: a\n---\n"
		"kind: A\nname: b\n---\nkind: A\nname: c\n",
	};
	static const size_t nappend[] = { 3, 3, 3, 3, 2, 2, 2, 2, 2, 2 };
	struct tcase serial = { .fn = fix_append_n, .insert = 1 };
	struct tcase together = { .fn = fix_append_n };
	struct alint_fix_options opts = ALINT_FIX_OPTIONS_INIT;
	struct alint_fixed *fx1, *fxn;
	const struct alint_fixed_input *e1, *en;
	size_t i;

	(void)state;
	/* one pass takes every append, in report order */
	opts.max_passes = 1;
	fx1 = fix_one(&together, NULL, ins[0], &opts);
	e1 = alint_fixed_get(fx1, 0);
	assert_null(e1->error);
	assert_text(e1, "kind: A\nname: a\n---\nkind: A\nname: b\n---\n"
		    "kind: B\n---\nkind: A\nname: c\n---\nkind: N\nname: a\n"
		    "---\nkind: N\nname: b\n---\nkind: N\nname: c\n");
	assert_int_equal(e1->applied, 3);
	assert_int_equal(e1->skipped, 0);
	assert_int_equal(e1->converged, 1);
	alint_fixed_free(fx1);

	/* and gives the text that one append a pass gives */
	for (i = 0; i < sizeof(ins) / sizeof(ins[0]); i++) {
		fx1 = fix_one(&together, NULL, ins[i], &opts);
		fxn = fix_one(&serial, NULL, ins[i], NULL);
		e1 = alint_fixed_get(fx1, 0);
		en = alint_fixed_get(fxn, 0);
		if (e1->error || en->error || e1->applied != nappend[i] ||
		    en->applied != nappend[i] || !e1->converged ||
		    e1->len != en->len ||
		    memcmp(e1->text, en->text, e1->len) != 0) {
			print_error("input %zu: one pass (%zu applied: %s) "
				    "\"%.*s\", %zu passes (%zu applied: %s) "
				    "\"%.*s\"\n", i, e1->applied,
				    e1->error ? e1->error : "ok",
				    (int)e1->len, e1->text, nappend[i],
				    en->applied, en->error ? en->error : "ok",
				    (int)en->len, en->text);
			fail();
		}
		alint_fixed_free(fx1);
		alint_fixed_free(fxn);
	}
}

static void
test_append_with_other_edits(void **state)
{
	const char *mid = "kind: A\nname: a\n---\nkind: R\n---\n"
		"kind: A\nname: b\n";
	const char *last = "kind: A\nname: a\n---\nkind: A\nname: b\n"
		"---\nkind: R\n";
	const char *out = "kind: A\nname: a\n---\nkind: A\nname: b\n---\n"
		"kind: N\nname: a\n---\nkind: N\nname: b\n";
	const char *plain = "kind: A\nname: a\n---\nkind: A\nname: b\n";
	struct tcase a = { .fn = fix_append_n };
	struct tcase b = { .fn = fix_remove_r };
	struct alint_fix_options opts = ALINT_FIX_OPTIONS_INIT;
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	opts.max_passes = 1;
	/* a document removed and two appended verify in one pass */
	fixed = fix_one(&a, &b, mid, &opts);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, out);
	assert_int_equal(e->applied, 3);
	assert_int_equal(e->converged, 1);
	alint_fixed_free(fixed);
	/* the last one removed: its range ends where the appends go */
	fixed = fix_one(&a, &b, last, &opts);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, out);
	assert_int_equal(e->applied, 3);
	alint_fixed_free(fixed);

	/* another insert at the end still conflicts: first in report order */
	b.fn = fix_end_pair;
	b.to = "last";
	fixed = fix_one(&a, &b, plain, &opts);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, out);
	assert_int_equal(e->applied, 2);
	assert_int_equal(e->skipped, 0);	/* the pair's end moved */
	alint_fixed_free(fixed);
	b.to = "first";
	fixed = fix_one(&a, &b, plain, &opts);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "kind: A\nname: a\n---\nkind: A\nname: b\nx: 1\n");
	assert_int_equal(e->applied, 1);
	assert_int_equal(e->skipped, 2);
	assert_int_equal(e->converged, 0);
	alint_fixed_free(fixed);
	/* the next pass appends both, after the pair */
	fixed = fix_one(&a, &b, plain, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "kind: A\nname: a\n---\nkind: A\nname: b\nx: 1\n---\n"
		    "kind: N\nname: a\n---\nkind: N\nname: b\n");
	assert_int_equal(e->applied, 3);
	alint_fixed_free(fixed);
}

static void
test_verify_untouched_documents(void **state)
{
	/* only the documents an edit touches are compared, but a change
	 * must still be found whichever document it is in */
	const char *in = "k: 1\n---\n# c\nx: &a {q: 1}\ny: *a\n---\nk: 3\n"
		"---\nz: [1, 2, 3]\n";
	struct tcase a = { .keys = { "x", "q" }, .to = "2",
			   .path = "/x/q", .kind = NULL };
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	/* the alias sees the change: /y/q was not declared */
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, in);
	assert_contains(e->error, "document 1, /y/q: 1 (int) became 2 (int)");
	alint_fixed_free(fixed);

	a.path2 = "/y";
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_text(e, "k: 1\n---\n# c\nx: &a {q: 2}\ny: *a\n---\nk: 3\n"
		    "---\nz: [1, 2, 3]\n");
	alint_fixed_free(fixed);

	/* sequences: an item removed at a declared index */
	a.keys[0] = "z";
	a.keys[1] = NULL;
	a.to = "[1, 3]";
	a.path = "/z/1";
	a.path2 = NULL;
	fixed = fix_one(&a, NULL, in, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	alint_fixed_free(fixed);
	a.path = "/z/0";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_non_null(alint_fixed_get(fixed, 0)->error);
	alint_fixed_free(fixed);

	/* with directives, the whole text is parsed: the same results */
	a.keys[0] = "k";
	a.from = "3";
	a.to = "4";
	a.path = "/k";
	fixed = fix_one(&a, NULL, "%YAML 1.1\n---\nk: 1\n---\nk: 3\n",
			NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	assert_text(alint_fixed_get(fixed, 0),
		    "%YAML 1.1\n---\nk: 1\n---\nk: 4\n");
	alint_fixed_free(fixed);
	a.path = "/j";
	fixed = fix_one(&a, NULL, "%YAML 1.1\n---\nk: 1\n---\nk: 3\n",
			NULL);
	assert_contains(alint_fixed_get(fixed, 0)->error,
			"document 1, /k: 3 (int) became 4 (int)");
	alint_fixed_free(fixed);
}

static void
test_verify_merge(void **state)
{
	const char *in = "base: &b {x: 1, y: 1}\n"
		"obj:\n  <<: *b\n  y: 2\n  z: 3\n";
	struct tcase a = { .keys = { "obj", "z" }, .to = "4",
			   .path = "/obj/z" };
	struct alint_fixed *fixed;

	(void)state;
	fixed = fix_one(&a, NULL, in, NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	alint_fixed_free(fixed);

	/* the merged value changes under /obj too */
	a.keys[0] = "base";
	a.keys[1] = "x";
	a.path = "/base";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_contains(alint_fixed_get(fixed, 0)->error,
			"document 0, /obj/x: 1 (int) became 4 (int)");
	alint_fixed_free(fixed);

	/* the explicit key after "<<" wins: base's y does not show */
	a.keys[1] = "y";
	fixed = fix_one(&a, NULL, in, NULL);
	assert_null(alint_fixed_get(fixed, 0)->error);
	alint_fixed_free(fixed);
}

static void
test_unfixable_inputs(void **state)
{
	struct tcase a = { .keys = { "a" }, .to = "9", .path = "/a" };
	const char *broken = "a: 1\n---\nb: [\n";
	const char *bomb =
		"a: 1\n"
		"l1: &l1 [x, x, x, x, x, x, x, x, x]\n"
		"l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n"
		"l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n"
		"l4: [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]\n";
	struct alint_fixed *fixed;
	const struct alint_fixed_input *e;

	(void)state;
	/* a stream that does not parse is never fixed: skipped, no error */
	fixed = fix_one(&a, NULL, broken, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, broken);
	assert_null(e->error);
	assert_int_equal(e->skipped, 1);
	alint_fixed_free(fixed);

	/* too many aliases to check */
	fixed = fix_one(&a, NULL, bomb, NULL);
	e = alint_fixed_get(fixed, 0);
	assert_unchanged(e, bomb);
	assert_null(e->error);
	assert_int_equal(e->skipped, 1);
	alint_fixed_free(fixed);

	/* but only the documents a fix touches matter */
	{
		char multi[1024];

		snprintf(multi, sizeof(multi), "a: 1\n---\n%s", bomb + 5);
		fixed = fix_one(&a, NULL, multi, NULL);
		e = alint_fixed_get(fixed, 0);
		assert_null(e->error);
		assert_int_equal(e->changed, 1);
		assert_memory_equal(e->text, "a: 9\n---\nl1:", 12);
		alint_fixed_free(fixed);
		/* also when the whole text must be parsed (directives) */
		snprintf(multi, sizeof(multi), "%%YAML 1.1\n---\na: 1\n"
			 "---\n%s", bomb + 5);
		fixed = fix_one(&a, NULL, multi, NULL);
		e = alint_fixed_get(fixed, 0);
		assert_null(e->error);
		assert_int_equal(e->changed, 1);
		alint_fixed_free(fixed);
	}

	/* invalid UTF-8 (kubectl rejects it) */
	fixed = fix_one(&a, NULL, "a: 1\nb: \xff\n", NULL);
	e = alint_fixed_get(fixed, 0);
	assert_int_equal(e->changed, 0);
	assert_null(e->error);
	alint_fixed_free(fixed);
}

/* ---- runs of several inputs ------------------------------------------- */

/*
 * AL9802 fixes a ConfigMap's data.mode once its Namespace, in another
 * file, has the label mode: ambient, which AL9801 sets.
 */
static int
fix_follow_namespace(struct alint_rule_ctx *rctx,
		     const struct alint_resource *res, struct tcase *tc)
{
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_resource *ns;
	const struct alint_node *mode, *lbl;

	ns = alint_index_find(idx, ALINT_INDEX_NAMESPACE, NULL,
			      alint_resource_namespace(res));
	if (!ns)
		return 0;
	lbl = alint_node_get(alint_resource_labels(ns), "mode");
	mode = alint_node_path(alint_resource_root(res), "data", "mode",
			       NULL);
	if (!alint_node_equals(lbl, "ambient") ||
	    !alint_node_equals(mode, "sidecar"))
		return 0;
	return fix_span(rctx, mode, alint_node_start(mode),
			alint_node_end(mode), "ambient", ALINT_FIX_SAFE,
			"/data/mode", NULL);
}

static void
cross_file(unsigned int threads)
{
	const char *texts[] = {
		"kind: ConfigMap\nmetadata:\n  name: c\n  namespace: ns\n"
		"data:\n  mode: sidecar\n",
		"kind: Namespace\nmetadata:\n  name: ns\n  labels:\n"
		"    mode: sidecar\n",
		"kind: ConfigMap\nmetadata:\n  name: other\n",
	};
	struct tcase a = { .kind = "Namespace",
			   .keys = { "metadata", "labels", "mode" },
			   .from = "sidecar", .to = "ambient",
			   .path = "/metadata/labels/mode" };
	struct tcase b = { .kind = "ConfigMap", .fn = fix_follow_namespace };
	struct alint_ctx *ctx;
	struct alint_fixed *fixed;
	struct alint_report *rep = NULL;
	const struct alint_fixed_input *e;

	ctx = make_ctx(&a, &b, threads);
	fixed = fix_buffers(ctx, texts, 3, NULL, &rep);
	e = alint_fixed_get(fixed, 0);
	assert_null(e->error);
	assert_int_equal(e->applied, 1);
	assert_text(e, "kind: ConfigMap\nmetadata:\n  name: c\n"
		    "  namespace: ns\ndata:\n  mode: ambient\n");
	e = alint_fixed_get(fixed, 1);
	assert_int_equal(e->applied, 1);
	assert_text(e, "kind: Namespace\nmetadata:\n  name: ns\n  labels:\n"
		    "    mode: ambient\n");
	e = alint_fixed_get(fixed, 2);
	assert_unchanged(e, texts[2]);
	assert_int_equal(alint_report_count(rep), 0);
	assert_int_equal(alint_report_inputs(rep), 3);
	alint_report_free(rep);
	alint_fixed_free(fixed);
	alint_ctx_free(ctx);
}

static void
test_cross_file(void **state)
{
	(void)state;
	cross_file(1);
	cross_file(4);
}

/* AL9802 reports z without a fix: the report is about the fixed text. */
static int
report_z(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	 struct tcase *tc)
{
	const struct alint_node *z = alint_node_get(alint_resource_root(res),
						    "z");

	if (z && !alint_rule_report(rctx, z, "z is here"))
		return ALINT_ENOMEM;
	return 0;
}

static void
test_report_after_fix(void **state)
{
	const char *in = "a: 1\nz: 2\n";
	struct tcase a = { .keys = { "a" }, .from = "1", .to = "0\nb: 5",
			   .path = "/a", .path2 = "/b" };
	struct tcase b = { .fn = report_z };
	struct alint_ctx *ctx;
	struct alint_fixed *fixed;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;

	(void)state;
	ctx = make_ctx(&a, &b, 1);
	fixed = fix_buffers(ctx, &in, 1, NULL, &rep);
	assert_text(alint_fixed_get(fixed, 0), "a: 0\nb: 5\nz: 2\n");
	assert_int_equal(alint_report_count(rep), 1);
	d = alint_report_get(rep, 0);
	assert_string_equal(d->rule_id, "AL9802");
	assert_int_equal(d->start.line, 3);
	assert_int_equal(d->start.offset, 13);
	alint_report_free(rep);
	alint_fixed_free(fixed);
	alint_ctx_free(ctx);
}

/* ---- the corpus: real manifests ----------------------------------------- */

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define CORPUS TOP_SRCDIR "/../shared/corpus"

/*
 * Change every fifth scalar value of every resource to "zz-fixed",
 * declaring its path (or, when wrong is set, a sibling path that does not
 * exist).
 */
struct pick {
	int wrong;
	size_t seen, changed;		/* in the first lint of the run */
	const struct alint_source *first;
};

static bool
candidate(const struct alint_node *n)
{
	const struct alint_source *src = alint__node_doc(n)->src;

	if (n->kind != ALINT_NODE_SCALAR || !alint__node_parent(n) ||
	    (n->flags & (ALINT__NF_KEY | ALINT__NF_ANCHOR | ALINT__NF_TAG |
			 ALINT__NF_IMPLICIT)))
		return false;
	if (n->style != ALINT_STYLE_PLAIN &&
	    n->style != ALINT_STYLE_SINGLE_QUOTED &&
	    n->style != ALINT_STYLE_DOUBLE_QUOTED)
		return false;
	return !memchr(src->buf + n->start, '\n', n->end - n->start) &&
		!memchr(src->buf + n->start, '\r', n->end - n->start);
}

static int
pick_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	   void *payload)
{
	struct pick *pk = payload;
	const struct alint_node *root = alint_resource_root(res), *n;
	struct alint__arena a;
	char *path, *bad;
	int rc = 0;

	/* the source is new after a pass: count the first lint only */
	if (!pk->first)
		pk->first = res->src;
	if (res->src != pk->first)
		return 0;
	alint__arena_init(&a);
	for (n = root; n && rc == 0;) {
		if (candidate(n) && ++pk->seen % 5 == 0) {
			path = alint__node_path(&a, n);
			bad = alint__arena_printf(&a, "%s-x", path);
			rc = fix_span(rctx, n, n->start, n->end,
				      "\"zz-fixed\"", ALINT_FIX_SAFE,
				      pk->wrong ? bad : path, NULL);
			pk->changed++;
		}
		if (alint_node_first(n)) {
			n = alint_node_first(n);
			continue;
		}
		while (n != root && !alint__node_next(n))
			n = alint__node_parent(n);
		n = n == root ? NULL : alint__node_next(n);
	}
	alint__arena_free(&a);
	return rc;
}

static const struct alint_rule rule_pick = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9803",
	.name = "test-fix-pick",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_OPT_IN,
	.summary = "changes scalars of real manifests",
	.doc = "For the fix tests.",
	.check = pick_check,
};

/*
 * Whether a stream may be changed as the test does: fit for fixing, no
 * alias, anchor or merge, no collection as a key.
 */
static bool
plain_stream(const struct alint_source *src)
{
	const struct alint_node *n, *root;
	size_t d;

	if (alint__unfixable(src))
		return false;
	for (d = 0; d < src->ndocs; d++) {
		if (src->docs[d].naliases)
			return false;
		root = src->docs[d].root;
		for (n = root; n;) {
			if (n->flags & (ALINT__NF_MERGE | ALINT__NF_ANCHOR))
				return false;
			/* a collection as a key: kubectl cannot take it */
			if ((n->flags & ALINT__NF_KEY) &&
			    n->kind != ALINT_NODE_SCALAR)
				return false;
			if (alint_node_first(n)) {
				n = alint_node_first(n);
				continue;
			}
			while (n != root && !alint__node_next(n))
				n = alint__node_parent(n);
			n = n == root ? NULL : alint__node_next(n);
		}
	}
	return true;
}

/* Fix one corpus file both ways. Returns whether it was used. */
static bool
corpus_file(const char *path)
{
	const char *const sel[] = { "test-fix-pick", NULL };
	struct alint_fix_options opts = ALINT_FIX_OPTIONS_INIT;
	struct alint_source *src = NULL;
	struct alint_ctx *ctx = NULL;
	struct alint_run *run = NULL;
	struct alint_fixed *fixed = NULL;
	const struct alint_fixed_input *e;
	struct pick pk;
	char *buf = NULL, *msg = NULL, *copy;
	size_t len;
	bool used = false;
	int wrong;

	if (alint__read_file(&buf, &len, path, (size_t)1 << 24, &msg) < 0) {
		free(msg);
		return false;
	}
	copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, buf, len + 1);
	assert_int_equal(alint__source_new(&src, path, copy, len), 0);
	if (!plain_stream(src))
		goto out;
	opts.max_passes = 1;
	for (wrong = 0; wrong < 2; wrong++) {
		memset(&pk, 0, sizeof(pk));
		pk.wrong = wrong;
		assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
		assert_int_equal(alint_ctx_register_rule(ctx, &rule_pick, &pk,
							 NULL), 0);
		assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
		assert_int_equal(alint_run_new(&run, ctx), 0);
		assert_int_equal(alint_run_add_buffer(run, path, buf, len), 0);
		assert_int_equal(alint_run_fix(&fixed, NULL, run, &opts), 0);
		e = alint_fixed_get(fixed, 0);
		if (pk.changed && !wrong && (e->error || !e->changed)) {
			print_error("%s: %s\n", path, e->error ? e->error :
				    "not changed");
			fail();
		}
		if (pk.changed && wrong && !e->error) {
			print_error("%s: a wrong path was accepted\n", path);
			fail();
		}
		if (pk.changed && !wrong && e->applied != pk.changed) {
			print_error("%s: %zu fixes applied of %zu\n", path,
				    e->applied, pk.changed);
			fail();
		}
		used = used || pk.changed > 0;
		alint_fixed_free(fixed);
		alint_run_free(run);
		alint_ctx_free(ctx);
	}
out:
	alint__source_free(src);
	free(buf);
	return used;
}

static void
test_corpus(void **state)
{
	char line[4096], path[4600], *tab;
	size_t n = 0, len;
	FILE *idx;

	(void)state;
	idx = fopen(CORPUS "/FILES.tsv", "r");
	if (!idx)
		skip();
	while (fgets(line, sizeof(line), idx)) {
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		len = strlen(line);
		if (strncmp(line, "yaml-test-suite/", 16) == 0 ||
		    len < 5 || (strcmp(line + len - 5, ".yaml") != 0 &&
				strcmp(line + len - 4, ".yml") != 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", CORPUS, line);
		if (corpus_file(path))
			n++;
	}
	fclose(idx);
	/* the corpus has hundreds of usable manifests */
	assert_true(n > 100);
}

/* ---- writing files ---------------------------------------------------- */

static char tmpdir[256];

static int
dir_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/alint-test-fix.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
dir_teardown(void **state)
{
	DIR *d;
	struct dirent *de;
	char path[512];

	(void)state;
	d = opendir(tmpdir);
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
		chmod(path, 0644);
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
	return 0;
}

static void
put_file(const char *name, const char *text, mode_t mode)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static char *
get_file(const char *name)
{
	static char buf[4096];
	char path[512];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "r");
	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* No temporary file may stay behind: only the names in keep. */
static void
assert_dir_only(const char *const *keep)
{
	DIR *d;
	struct dirent *de;
	size_t i;
	bool known;

	d = opendir(tmpdir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		known = false;
		for (i = 0; keep[i]; i++)
			if (strcmp(de->d_name, keep[i]) == 0)
				known = true;
		if (!known) {
			closedir(d);
			print_error("unexpected file %s\n", de->d_name);
			fail();
		}
	}
	closedir(d);
}

static const char file_in[] = "kind: ConfigMap\ndata:\n  mode: sidecar\n";
static const char file_out[] = "kind: ConfigMap\ndata:\n  mode: ambient\n";

/* Fix the file name in tmpdir: one changed entry. */
static struct alint_fixed *
fix_file(const char *name)
{
	struct tcase a = { .keys = { "data", "mode" }, .from = "sidecar",
			   .to = "ambient", .path = "/data/mode" };
	struct tcase none = { 0 };
	struct alint_ctx *ctx;
	struct alint_run *run = NULL;
	struct alint_fixed *fixed = NULL;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	ctx = make_ctx(&a, &none, 1);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	assert_int_equal(alint_run_add_file(run, path), 0);
	assert_int_equal(alint_run_fix(&fixed, NULL, run, NULL), 0);
	alint_run_free(run);
	alint_ctx_free(ctx);
	assert_int_equal(alint_fixed_count(fixed), 1);
	assert_int_equal(alint_fixed_get(fixed, 0)->changed, 1);
	assert_int_equal(alint_fixed_get(fixed, 0)->is_buffer, 0);
	assert_text(alint_fixed_get(fixed, 0), file_out);
	return fixed;
}

static void
test_write_replaces(void **state)
{
	const char *const keep[] = { "f.yaml", NULL };
	struct alint_fixed *fixed;
	struct stat st;
	char path[512];

	(void)state;
	put_file("f.yaml", file_in, 0640);
	fixed = fix_file("f.yaml");
	assert_int_equal(alint_fixed_write(fixed, 0), 0);
	assert_string_equal(alint_fixed_errmsg(fixed), "");
	assert_string_equal(get_file("f.yaml"), file_out);
	snprintf(path, sizeof(path), "%s/f.yaml", tmpdir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_uid, getuid());
	assert_dir_only(keep);
	/* the entry no longer matches the file: a second write is refused */
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_ECONFLICT);
	assert_int_equal(alint_fixed_write(fixed, 1), ALINT_EINVAL);
	assert_int_equal(alint_fixed_write(NULL, 0), ALINT_EINVAL);
	alint_fixed_free(fixed);
}

static void
test_write_symlink(void **state)
{
	const char *const keep[] = { "real.yaml", "link.yaml", NULL };
	struct alint_fixed *fixed;
	struct stat st;
	char path[512];

	(void)state;
	put_file("real.yaml", file_in, 0600);
	snprintf(path, sizeof(path), "%s/link.yaml", tmpdir);
	assert_int_equal(symlink("real.yaml", path), 0);
	fixed = fix_file("link.yaml");
	assert_int_equal(alint_fixed_write(fixed, 0), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(get_file("real.yaml"), file_out);
	snprintf(path, sizeof(path), "%s/real.yaml", tmpdir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_dir_only(keep);
	alint_fixed_free(fixed);
}

static void
test_write_changed_on_disk(void **state)
{
	const char *const keep[] = { "f.yaml", NULL };
	const char *other = "kind: ConfigMap\ndata:\n  mode: sidecar\n#\n";
	struct alint_fixed *fixed;

	(void)state;
	put_file("f.yaml", file_in, 0644);
	fixed = fix_file("f.yaml");
	put_file("f.yaml", other, 0644);
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_ECONFLICT);
	assert_contains(alint_fixed_errmsg(fixed), "f.yaml changed on disk "
			"since it was read");
	assert_string_equal(get_file("f.yaml"), other);
	assert_dir_only(keep);
	/* the same length, other bytes */
	put_file("f.yaml", "kind: ConfigMap\ndata:\n  mode: sidecaR\n", 0644);
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_ECONFLICT);
	alint_fixed_free(fixed);
}

static void
test_write_read_only(void **state)
{
	const char *const keep[] = { "f.yaml", NULL };
	struct alint_fixed *fixed;

	(void)state;
	/* refused from the mode bits, so also when running as root */
	put_file("f.yaml", file_in, 0444);
	fixed = fix_file("f.yaml");
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_EIO);
	assert_contains(alint_fixed_errmsg(fixed), "f.yaml is read-only");
	assert_string_equal(get_file("f.yaml"), file_in);
	assert_dir_only(keep);
	alint_fixed_free(fixed);
}

static void
test_write_refused(void **state)
{
	struct tcase a = { .keys = { "a" }, .to = "2", .path = "/b" };
	struct alint_fixed *fixed;
	char path[512];

	(void)state;
	/* buffers cannot be written */
	fixed = fix_one(&a, NULL, "a: 1\n", NULL);
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_EINVAL);
	assert_contains(alint_fixed_errmsg(fixed), "in0.yaml: ");
	alint_fixed_free(fixed);

	/* nor an entry whose fix failed verification */
	put_file("f.yaml", "a: 1\n", 0644);
	snprintf(path, sizeof(path), "%s/f.yaml", tmpdir);
	{
		struct tcase none = { 0 };
		struct alint_ctx *ctx = make_ctx(&a, &none, 1);
		struct alint_run *run = NULL;

		assert_int_equal(alint_run_new(&run, ctx), 0);
		assert_int_equal(alint_run_add_file(run, path), 0);
		assert_int_equal(alint_run_fix(&fixed, NULL, run, NULL), 0);
		alint_run_free(run);
		alint_ctx_free(ctx);
	}
	assert_non_null(alint_fixed_get(fixed, 0)->error);
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_EINVAL);
	assert_contains(alint_fixed_errmsg(fixed), "not written: fix by "
			"AL9801");
	assert_string_equal(get_file("f.yaml"), "a: 1\n");
	alint_fixed_free(fixed);
}

static void
test_write_fails(void **state)
{
	const char *const keep[] = { "f.yaml", NULL };
	struct alint_fixed *fixed;
	struct rlimit rl;
	pid_t pid;
	int status, rc;
	bool ok;

	(void)state;
	/*
	 * A write that fails half way (here the file size limit: EFBIG,
	 * the same path as ENOSPC) leaves the file as it was and removes
	 * the temporary file. In a child, so that the limit stays there.
	 */
	put_file("f.yaml", file_in, 0644);
	fixed = fix_file("f.yaml");
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		rl.rlim_cur = rl.rlim_max = 8;
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(100);
		rc = alint_fixed_write(fixed, 0);
		ok = rc == ALINT_EIO &&
			strstr(alint_fixed_errmsg(fixed), "cannot write");
		/* nothing left for valgrind to report (it cannot print) */
		alint_fixed_free(fixed);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_string_equal(get_file("f.yaml"), file_in);
	assert_dir_only(keep);
	/* it works once the limit is gone */
	assert_int_equal(alint_fixed_write(fixed, 0), 0);
	assert_string_equal(get_file("f.yaml"), file_out);
	alint_fixed_free(fixed);
}

static void
test_write_not_writable(void **state)
{
	const char *const keep[] = { "f.yaml", NULL };
	struct alint_fixed *fixed;
	char path[512];

	(void)state;
	put_file("f.yaml", file_in, 0644);
	fixed = fix_file("f.yaml");
	snprintf(path, sizeof(path), "%s/f.yaml", tmpdir);
	/* a missing file */
	assert_int_equal(rename(path, "/tmp/alint-test-fix-moved.yaml"), 0);
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_EIO);
	assert_contains(alint_fixed_errmsg(fixed), "f.yaml");
	assert_int_equal(rename("/tmp/alint-test-fix-moved.yaml", path), 0);
	assert_dir_only(keep);
	if (geteuid() == 0) {
		alint_fixed_free(fixed);
		skip();		/* root writes into a read-only directory */
	}
	/* a directory we may not write into: no temporary file */
	assert_int_equal(chmod(tmpdir, 0555), 0);
	assert_int_equal(alint_fixed_write(fixed, 0), ALINT_EIO);
	assert_contains(alint_fixed_errmsg(fixed), "temporary file");
	assert_int_equal(chmod(tmpdir, 0755), 0);
	assert_string_equal(get_file("f.yaml"), file_in);
	alint_fixed_free(fixed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splice_exact),
		cmocka_unit_test(test_overlap_next_pass),
		cmocka_unit_test(test_insert_conflicts),
		cmocka_unit_test(test_no_convergence),
		cmocka_unit_test(test_safety),
		cmocka_unit_test(test_min_severity),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_verify_undeclared),
		cmocka_unit_test(test_verify_revert),
		cmocka_unit_test(test_verify_invalid_yaml),
		cmocka_unit_test(test_verify_types),
		cmocka_unit_test(test_verify_escaped_path),
		cmocka_unit_test(test_verify_documents),
		cmocka_unit_test(test_verify_untouched_documents),
		cmocka_unit_test(test_append_one_pass),
		cmocka_unit_test(test_append_with_other_edits),
		cmocka_unit_test(test_verify_merge),
		cmocka_unit_test(test_unfixable_inputs),
		cmocka_unit_test(test_cross_file),
		cmocka_unit_test(test_report_after_fix),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test_setup_teardown(test_write_replaces,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_write_symlink,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_write_changed_on_disk,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_write_read_only,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_write_refused,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_write_fails,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_write_not_writable,
						dir_setup, dir_teardown),
	};

	return cmocka_run_group_tests_name("fix", tests, NULL, NULL);
}
