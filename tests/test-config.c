/*
 * test-config.c - rulesets per input (lib/config.c) and the readiness
 * table of the command (bin/output.c)
 *
 * A run whose inputs have different rulesets must run each input's rules
 * only, with its severities, while linting and while fixing. The
 * readiness table is checked with two third-party rules that carry the
 * flags the built-in rules do not have yet: a blocker and a
 * needs-a-waypoint rule, on a stream of three namespaces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "../bin/cli.h"

/* Two Namespaces in sidecar mode: AL2001 (with a safe fix) on each. */
static const char ns_a[] =
	"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
	"  labels:\n    istio-injection: enabled\n";
static const char ns_b[] =
	"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n"
	"  labels:\n    istio-injection: enabled\n";

/* The findings of a report as "FILE:RULE:SEV ..." */
static void
describe(char *out, size_t size, const struct alint_report *rep)
{
	const struct alint_diag *d;
	size_t i, n;

	out[0] = '\0';
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		n = strlen(out);
		snprintf(out + n, size - n, "%s%s:%s:%s", i ? " " : "",
			 d->file, d->rule_id,
			 alint_severity_name(d->severity));
	}
}

/* A context with the AL2 rules only, whatever other families add. */
static struct alint_ctx *
al2_ctx(void)
{
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const char *const sel[] = { "AL2", NULL };
	struct alint_ctx *ctx = NULL;

	opts.select = sel;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	return ctx;
}

static void
test_ruleset_per_input(void **state)
{
	struct alint_ctx *ctx = NULL;
	struct alint_ruleset *rs = NULL;
	struct alint_run *run = NULL;
	struct alint_report *rep = NULL;
	const struct alint_rule *rule;
	char got[512];

	(void)state;
	ctx = al2_ctx();
	assert_int_equal(alint_ruleset_new(&rs, ctx), 0);
	assert_int_equal(alint_ruleset_disable(rs, "no-such-rule"),
			 ALINT_ENOTFOUND);
	assert_non_null(strstr(alint_ctx_errmsg(ctx), "no-such-rule"));
	assert_int_equal(alint_ruleset_severity(rs, "AL2001",
						ALINT_SEV_ERROR), 0);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	/* a.yaml: the context's rules; b.yaml: AL2001 as an error */
	assert_int_equal(alint_run_add_buffer(run, "a.yaml", ns_a,
					      strlen(ns_a)), 0);
	assert_int_equal(alint_run_set_ruleset(run, rs), 0);
	assert_int_equal(alint_run_add_buffer(run, "b.yaml", ns_b,
					      strlen(ns_b)), 0);
	/* the run copied it: changing rs now changes nothing */
	assert_int_equal(alint_ruleset_disable(rs, "AL2"), 0);
	assert_int_equal(alint_ctx_rule_lookup(&rule, ctx, "AL2001"), 0);
	assert_false(alint_ruleset_rule_enabled(rs, rule));
	assert_int_equal(alint_run_lint(&rep, run), 0);
	describe(got, sizeof(got), rep);
	assert_string_equal(got, "a.yaml:AL2001:warning b.yaml:AL2001:error");
	alint_report_free(rep);
	alint_run_free(run);
	alint_ruleset_free(rs);
	alint_ctx_free(ctx);
}

/* A rule the ruleset turns off runs not: its fix is never applied. */
static void
test_ruleset_fix(void **state)
{
	struct alint_ctx *ctx = NULL;
	struct alint_ruleset *rs = NULL;
	struct alint_run *run = NULL;
	struct alint_fixed *fixed = NULL;
	struct alint_report *rep = NULL;
	const struct alint_fixed_input *fi;

	(void)state;
	ctx = al2_ctx();
	assert_int_equal(alint_ruleset_new(&rs, ctx), 0);
	assert_int_equal(alint_ruleset_disable(rs, "namespace-injection-"
					       "label"), 0);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	assert_int_equal(alint_run_add_buffer(run, "a.yaml", ns_a,
					      strlen(ns_a)), 0);
	assert_int_equal(alint_run_set_ruleset(run, rs), 0);
	assert_int_equal(alint_run_add_buffer(run, "b.yaml", ns_b,
					      strlen(ns_b)), 0);
	assert_int_equal(alint_run_fix(&fixed, &rep, run, NULL), 0);
	fi = alint_fixed_get(fixed, 0);
	assert_true(fi->changed);
	assert_int_equal(fi->applied, 1);
	fi = alint_fixed_get(fixed, 1);
	assert_false(fi->changed);
	assert_int_equal(fi->applied, 0);
	assert_int_equal(alint_report_count(rep), 0);
	alint_fixed_free(fixed);
	alint_report_free(rep);
	alint_run_free(run);
	alint_ruleset_free(rs);
	alint_ctx_free(ctx);
}

/* alint_config_ruleset(): top-level rules, then matching overrides. */
static void
test_config_ruleset(void **state)
{
	char dir[] = "/tmp/alint-config-XXXXXX", path[128], file[160];
	struct alint_ctx *ctx = NULL;
	struct alint_config *cfg = NULL;
	struct alint_ruleset *rs = NULL;
	const struct alint_rule *al2001, *al2003;
	enum alint_severity sev;
	char err[256];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/.ambient-lint.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("rules:\n  enable: [AL2001]\n"
	      "exclude: [\"vendor/*\"]\n"
	      "overrides:\n"
	      "  - files: [\"legacy/*.yaml\"]\n"
	      "    rules:\n"
	      "      enable: [pod-sidecar-inject]\n"
	      "      disable: [AL2001]\n"
	      "      severity: {AL2003: error}\n", f);
	fclose(f);
	assert_int_equal(alint_config_load(&cfg, path, err, sizeof(err)), 0);
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_ctx_rule_lookup(&al2001, ctx, "AL2001"), 0);
	assert_int_equal(alint_ctx_rule_lookup(&al2003, ctx, "AL2003"), 0);

	snprintf(file, sizeof(file), "%s/apps/x.yaml", dir);
	assert_int_equal(alint_config_ruleset(&rs, ctx, cfg, file, 0), 0);
	assert_true(alint_ruleset_rule_enabled(rs, al2001));
	assert_false(alint_ruleset_rule_enabled(rs, al2003));
	alint_ruleset_free(rs);

	snprintf(file, sizeof(file), "%s/legacy/x.yaml", dir);
	assert_int_equal(alint_config_ruleset(&rs, ctx, cfg, file, 0), 0);
	assert_false(alint_ruleset_rule_enabled(rs, al2001));
	assert_true(alint_ruleset_rule_enabled(rs, al2003));
	assert_int_equal(alint_ruleset_rule_severity(&sev, rs, al2003), 0);
	assert_int_equal(sev, ALINT_SEV_ERROR);
	alint_ruleset_free(rs);

	/* the context's --ignore wins over an override's enable */
	{
		const char *const ign[] = { "AL2003", NULL };

		assert_int_equal(alint_ctx_set_filters(ctx, NULL, ign), 0);
		assert_int_equal(alint_config_ruleset(&rs, ctx, cfg, file,
				 ALINT_CONFIG_KEEP_IGNORE), 0);
		assert_false(alint_ruleset_rule_enabled(rs, al2003));
		alint_ruleset_free(rs);
	}

	snprintf(file, sizeof(file), "%s/vendor/x.yaml", dir);
	assert_int_equal(alint_config_excluded(cfg, file), 1);
	snprintf(file, sizeof(file), "%s/vendor/sub/x.yaml", dir);
	assert_int_equal(alint_config_excluded(cfg, file), 0);
	assert_int_equal(alint_config_excluded(cfg, "/elsewhere/vendor/x"),
			 0);
	alint_config_free(cfg);
	alint_ctx_free(ctx);
	unlink(path);
	rmdir(dir);
}

/* ---- readiness ----------------------------------------------------------- */

/* Reports every resource of kind EnvoyFilter (blocker). */
static int
blocker_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	      void *payload)
{
	(void)payload;
	return alint_rule_report(rctx, alint_resource_root(res),
				 "EnvoyFilter %s blocks the migration",
				 alint_resource_name(res)) ? 0 : ALINT_ENOMEM;
}

/* Reports every VirtualService (needs a waypoint). */
static int
waypoint_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	       void *payload)
{
	(void)payload;
	return alint_rule_report(rctx, alint_resource_root(res),
				 "VirtualService %s needs a waypoint",
				 alint_resource_name(res)) ? 0 : ALINT_ENOMEM;
}

static const char *const ef_kinds[] = { "EnvoyFilter", NULL };
static const char *const vs_kinds[] = { "VirtualService", NULL };

static const struct alint_rule blocker_rule = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9951",
	.name = "test-blocker",
	.severity = ALINT_SEV_ERROR,
	.flags = ALINT_RULE_BLOCKER,
	.kinds = ef_kinds,
	.summary = "a blocker for the tests",
	.doc = "Reports every EnvoyFilter.",
	.check = blocker_check,
	.phase = ALINT_PHASE_POLICIES,
};

static const struct alint_rule waypoint_rule = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9952",
	.name = "test-waypoint",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_WAYPOINT,
	.kinds = vs_kinds,
	.summary = "needs a waypoint, for the tests",
	.doc = "Reports every VirtualService.",
	.check = waypoint_check,
	.phase = ALINT_PHASE_WAYPOINTS,
};

static const char mesh[] =
	"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
	"  labels:\n    istio-injection: enabled\n"
	"---\n"
	"apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\n"
	"metadata:\n  name: lua-headers\n  namespace: payments\n"
	"spec: {}\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
	"metadata:\n  name: reviews\n  namespace: reviews\n"
	"spec: {hosts: [reviews]}\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
	"metadata:\n  name: ratings\n  namespace: payments\n"
	"spec: {hosts: [ratings]}\n"
	"---\n"
	"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	"metadata:\n  name: reader\n";

static void
test_readiness(void **state)
{
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	struct cli_output o;
	struct cli_ns_ready *v = NULL;
	size_t n = 0, len = 0, i;
	char *text = NULL;
	const struct alint_diag *d;
	const char *const sel[] = { "AL2", "AL995", NULL };
	FILE *f;

	(void)state;
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &blocker_rule, NULL,
						 NULL), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &waypoint_rule, NULL,
						 NULL), 0);
	/* the test rules and AL2: built-in blockers stay out of the way */
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, "mesh.yaml", mesh,
					   strlen(mesh)), 0);
	/* the diagnostics carry the rule's phase and flags */
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		if (strcmp(d->rule_id, "AL9951") == 0) {
			assert_int_equal(d->phase, ALINT_PHASE_POLICIES);
			assert_true(d->rule_flags & ALINT_RULE_BLOCKER);
		}
	}
	memset(&o, 0, sizeof(o));
	assert_int_equal(cli_readiness(&v, &n, &o, rep), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "payments");
	assert_int_equal(v[0].blockers, 1);
	assert_int_equal(v[0].nblocker_rules, 1);
	assert_string_equal(v[0].blocker_rules[0], "test-blocker");
	assert_true(v[0].waypoint);
	assert_string_equal(cli_ns_verdict(&v[0]), "blocked");
	assert_string_equal(v[1].name, "reviews");
	assert_int_equal(v[1].blockers, 0);
	assert_true(v[1].waypoint);
	assert_string_equal(cli_ns_verdict(&v[1]), "needs work");
	assert_string_equal(v[2].name, "shop");
	assert_int_equal(v[2].fixes, 1);
	assert_false(v[2].waypoint);
	cli_readiness_free(v, n);

	/* the text format: findings tagged with their phase, then the table */
	f = open_memstream(&text, &len);
	assert_non_null(f);
	o.out = f;
	o.readiness = 1;
	cli_print_text(&o, rep);
	fclose(f);
	assert_non_null(strstr(text, "[policies] [test-blocker]\n"));
	assert_non_null(strstr(text, "[waypoints] [test-waypoint]\n"));
	assert_non_null(strstr(text, "[enrol] [namespace-injection-label]\n"));
	assert_non_null(strstr(text,
		"\nreadiness by namespace:\n"
		"  NAMESPACE  VERDICT     BLOCKERS  FIXES  WAYPOINT\n"
		"  payments   blocked            1      0  yes       "
		"blocked by test-blocker\n"
		"  reviews    needs work         0      0  yes\n"
		"  shop       needs work         0      1  no\n"));
	free(text);

	/* hidden findings (a baseline) count for nothing */
	{
		unsigned char hidden[16] = { 0 };

		for (i = 0; i < alint_report_count(rep) && i < 16; i++)
			hidden[i] = strcmp(alint_report_get(rep, i)->rule_id,
					   "AL9951") == 0;
		o.hidden = hidden;
		assert_int_equal(cli_readiness(&v, &n, &o, rep), 0);
		assert_int_equal(n, 3);
		assert_int_equal(v[0].blockers, 0);
		assert_string_equal(cli_ns_verdict(&v[0]), "needs work");
		cli_readiness_free(v, n);
	}
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ruleset_per_input),
		cmocka_unit_test(test_ruleset_fix),
		cmocka_unit_test(test_config_ruleset),
		cmocka_unit_test(test_readiness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
