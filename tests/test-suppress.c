/*
 * test-suppress.c - inline suppression comments (lib/suppress.c)
 *
 * Each test lints a small manifest with the built-in rules and compares
 * the findings left, written "RULE@LINE:COL" and joined by spaces.
 * AL2001 reports istio-injection: enabled on a Namespace, AL1001 an
 * unquoted label value that is not a string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NS_HEAD "apiVersion: v1\n" \
	"kind: Namespace\n" \
	"metadata:\n" \
	"  name: bookinfo\n"

/* Lint yaml with the context flags; the findings as "RULE@L:C ...". */
static void
lint_flags(char *out, size_t size, const char *yaml, unsigned int flags)
{
	struct alint_options opts = ALINT_OPTIONS_INIT;
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	size_t i, n;

	opts.flags = flags;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, "t.yaml", yaml,
					   strlen(yaml)), 0);
	out[0] = '\0';
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		n = strlen(out);
		snprintf(out + n, size - n, "%s%s@%zu:%zu", i ? " " : "",
			 d->rule_id, d->start.line, d->start.column);
	}
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

static void
expect(const char *yaml, const char *want)
{
	char got[1024];

	lint_flags(got, sizeof(got), yaml, 0);
	if (strcmp(got, want) != 0)
		print_error("for:\n%s\ngot:  %s\nwant: %s\n", yaml, got, want);
	assert_string_equal(got, want);
}

/* The message of the only finding of a rule. */
static void
expect_message(const char *yaml, const char *rule, const char *part)
{
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	size_t i, found = 0;

	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, "t.yaml", yaml,
					   strlen(yaml)), 0);
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		if (strcmp(d->rule_id, rule) != 0)
			continue;
		found++;
		assert_non_null(strstr(d->message, part));
	}
	assert_int_equal(found, 1);
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

static void
test_baseline(void **state)
{
	(void)state;
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled\n"
	       "    tier: 1\n",
	       "AL2001@6:5 AL1001@7:11");
}

static void
test_disable_line(void **state)
{
	(void)state;
	/* by id, by name, several, any case of an id */
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled # ambient-lint: "
	       "disable-line=AL2001 -- migrating in Q3\n"
	       "    tier: 1\n",
	       "AL1001@7:11");
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled\n"
	       "    tier: 1 # ambient-lint: disable-line=label-value-not-"
	       "string\n",
	       "AL2001@6:5");
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled #ambient-lint:disable-line="
	       "al2001, AL1001\n"
	       "    tier: 1\n",
	       "AL0009@6:30 AL1001@7:11");
	/* another rule on the same line stays */
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled # ambient-lint: "
	       "disable-line=AL1001\n"
	       "    tier: 1\n",
	       "AL2001@6:5 AL0009@6:30 AL1001@7:11");
	/* all */
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled # ambient-lint: "
	       "disable-line=all\n"
	       "    tier: 1\n",
	       "AL1001@7:11");
}

static void
test_disable_next_line(void **state)
{
	(void)state;
	expect(NS_HEAD
	       "  labels:\n"
	       "    # ambient-lint: disable-next-line=namespace-injection-"
	       "label,AL1001 -- reason\n"
	       "    istio-injection: enabled\n"
	       "    tier: 1\n",
	       "AL0009@6:5 AL1001@8:11");
	/* exactly the next line: not one further */
	expect(NS_HEAD
	       "  labels:\n"
	       "    # ambient-lint: disable-next-line=AL2001\n"
	       "\n"
	       "    istio-injection: enabled\n",
	       "AL0009@6:5 AL2001@8:5");
}

static void
test_disable_file(void **state)
{
	(void)state;
	expect("# ambient-lint: disable-file=AL2001\n"
	       NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled\n"
	       "    tier: 1\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: Namespace\n"
	       "metadata:\n"
	       "  name: reviews\n"
	       "  labels:\n"
	       "    istio-injection: enabled\n",
	       "AL1001@8:11");
	/* at the end of the stream, in the last document: still all */
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: ConfigMap\n"
	       "metadata:\n"
	       "  name: x\n"
	       "# ambient-lint: disable-file=AL2001\n",
	       "");
}

static void
test_blocks(void **state)
{
	(void)state;
	expect(NS_HEAD
	       "  labels:\n"
	       "    # ambient-lint: disable=AL2001,AL1001\n"
	       "    istio-injection: enabled\n"
	       "    # ambient-lint: enable=AL1001\n"
	       "    tier: 1\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: Namespace\n"
	       "metadata:\n"
	       "  name: reviews\n"
	       "  labels:\n"
	       "    istio-injection: enabled\n",
	       "AL0009@6:5 AL1001@9:11");
	/* closed: the second namespace is reported */
	expect(NS_HEAD
	       "  labels:\n"
	       "    # ambient-lint: disable=all\n"
	       "    istio-injection: enabled\n"
	       "    # ambient-lint: enable=all\n"
	       "---\n"
	       "apiVersion: v1\n"
	       "kind: Namespace\n"
	       "metadata:\n"
	       "  name: reviews\n"
	       "  labels:\n"
	       "    istio-injection: enabled\n",
	       "AL2001@15:5");
	/* enable without disable */
	expect(NS_HEAD
	       "  # ambient-lint: enable=AL2001\n",
	       "AL0010@5:26");
}

static void
test_not_comments(void **state)
{
	(void)state;
	/* text in scalars is data, not a suppression */
	expect(NS_HEAD
	       "  annotations:\n"
	       "    a: \"x # ambient-lint: disable-file=AL2001\"\n"
	       "    b: 'x # ambient-lint: disable-file=AL2001'\n"
	       "    c: |\n"
	       "      # ambient-lint: disable-file=AL2001\n"
	       "    d: >-\n"
	       "      x\n"
	       "      # ambient-lint: disable-file=AL2001\n"
	       "    e: \"multi\n"
	       "      # ambient-lint: disable-file=AL2001\"\n"
	       "  labels:\n"
	       "    istio-injection: enabled\n",
	       "AL2001@16:5");
	/* no blank before '#': part of a plain scalar */
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled\n"
	       "  annotations:\n"
	       "    a: x#ambient-lint:disable-file=AL2001\n",
	       "AL2001@6:5");
	/* "ambient-lint:" later in an ordinary comment */
	expect(NS_HEAD
	       "  labels:\n"
	       "    # see ambient-lint: disable-file=AL2001\n"
	       "    istio-injection: enabled\n",
	       "AL2001@7:5");
}

static void
test_unused_and_invalid(void **state)
{
	(void)state;
	expect("apiVersion: v1\n"
	       "kind: ConfigMap\n"
	       "metadata:\n"
	       "  name: x # ambient-lint: disable-line=AL2001\n",
	       "AL0009@4:11");
	expect_message("# ambient-lint: disable-file=AL2001\n"
		       "apiVersion: v1\n"
		       "kind: ConfigMap\n",
		       "AL0009", "AL2001 (namespace-injection-label)");
	/* unknown rule: reported at its name; the known one still works */
	expect(NS_HEAD
	       "  labels:\n"
	       "    istio-injection: enabled # ambient-lint: "
	       "disable-line=AL9999,AL2001\n",
	       "AL0010@6:59");
	expect_message(NS_HEAD "  # ambient-lint: disable-line=nope\n",
		       "AL0010", "unknown rule 'nope'");
	/* malformed */
	expect(NS_HEAD "  # ambient-lint: disable-lines=AL2001\n",
	       "AL0010@5:3");
	expect(NS_HEAD "  # ambient-lint: disable-line=AL2001 because\n",
	       "AL0010@5:3");
	expect(NS_HEAD "  # ambient-lint: disable-line=\n",
	       "AL0010@5:3");
	/* not reported for a rule that is not enabled */
	{
		const char *ign[] = { "AL2001", NULL };
		const char *yaml = NS_HEAD
			"  # ambient-lint: disable-file=AL2001\n";
		struct alint_options opts = ALINT_OPTIONS_INIT;
		struct alint_ctx *ctx = NULL;
		struct alint_report *rep = NULL;

		opts.ignore = ign;
		assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
		assert_int_equal(alint_lint_buffer(&rep, ctx, "t.yaml", yaml,
						   strlen(yaml)), 0);
		assert_int_equal(alint_report_count(rep), 0);
		alint_report_free(rep);
		alint_ctx_free(ctx);
	}
}

static void
test_no_inline_config(void **state)
{
	const char *yaml = "# ambient-lint: disable-file=AL2001\n"
		NS_HEAD
		"  labels:\n"
		"    istio-injection: enabled # ambient-lint: "
		"disable-line=AL1001\n"
		"    # ambient-lint: disable-line=nope\n";
	struct alint_options opts = ALINT_OPTIONS_INIT;
	struct alint_ctx *ctx = NULL;
	char got[1024];

	(void)state;
	lint_flags(got, sizeof(got), yaml, ALINT_OPT_NO_INLINE_CONFIG);
	assert_string_equal(got, "AL2001@7:5");
	lint_flags(got, sizeof(got), yaml, 0);
	assert_string_equal(got, "AL0009@7:30 AL0010@8:34");
	/* unknown flags are refused */
	opts.flags = 1u << 7;
	assert_int_equal(alint_ctx_new(&ctx, &opts), ALINT_EINVAL);
	assert_null(ctx);
	/* version-1 options still work */
	assert_int_equal(alint_options_init(&opts, 1), 0);
	assert_int_equal(opts.flags, 0);
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	alint_ctx_free(ctx);
}

static void
test_crlf(void **state)
{
	(void)state;
	expect("apiVersion: v1\r\n"
	       "kind: Namespace\r\n"
	       "metadata:\r\n"
	       "  name: bookinfo\r\n"
	       "  labels:\r\n"
	       "    # ambient-lint: disable-next-line=AL2001 -- later\r\n"
	       "    istio-injection: enabled\r\n"
	       "    tier: 1 # ambient-lint: disable-line=AL1001\r\n"
	       "    # ambient-lint: disable-line=AL1001\r\n",
	       "AL0009@9:5");
}

/*
 * alint_run_fix() lints with the suppressions too: a suppressed finding's
 * fix is not applied, the other one is.
 */
static void
test_fix_respects_suppressions(void **state)
{
	const char *yaml = NS_HEAD
		"  labels:\n"
		"    # ambient-lint: disable-next-line=AL2001\n"
		"    istio-injection: enabled\n"
		"---\n"
		"apiVersion: v1\n"
		"kind: Namespace\n"
		"metadata:\n"
		"  name: reviews\n"
		"  labels:\n"
		"    istio-injection: enabled\n";
	struct alint_fix_options fopts = ALINT_FIX_OPTIONS_INIT;
	const struct alint_fixed_input *fi;
	struct alint_ctx *ctx = NULL;
	struct alint_run *run = NULL;
	struct alint_report *rep = NULL;
	struct alint_fixed *fixed = NULL;

	(void)state;
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	assert_int_equal(alint_run_add_buffer(run, "t.yaml", yaml,
					      strlen(yaml)), 0);
	assert_int_equal(alint_run_fix(&fixed, &rep, run, &fopts), 0);
	assert_int_equal(alint_fixed_count(fixed), 1);
	fi = alint_fixed_get(fixed, 0);
	assert_null(fi->error);
	assert_int_equal(fi->applied, 1);
	assert_non_null(strstr(fi->text, "    istio-injection: enabled\n"
			       "---\n"));
	assert_non_null(strstr(fi->text, "istio.io/dataplane-mode: "
			       "ambient"));
	assert_int_equal(alint_report_count(rep), 0);
	alint_report_free(rep);
	alint_fixed_free(fixed);
	alint_run_free(run);
	alint_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_disable_line),
		cmocka_unit_test(test_disable_next_line),
		cmocka_unit_test(test_disable_file),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_not_comments),
		cmocka_unit_test(test_unused_and_invalid),
		cmocka_unit_test(test_no_inline_config),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_fix_respects_suppressions),
	};

	return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}
