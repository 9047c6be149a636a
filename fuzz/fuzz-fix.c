/*
 * fuzz-fix.c - libFuzzer target: lint, fix and verify one buffer
 *
 * Every rule is selected and unsafe fixes are applied, as
 * "ambient-lint --fix --unsafe-fixes" would, but in memory only: the
 * input is a buffer, which alint_fixed_write() refuses, and nothing is
 * ever written. Checks: an input with an error keeps its original text;
 * an unchanged input has its original text; a changed text that the
 * library accepted parses with libyaml whenever the original did (the
 * independent check of tests/yaml-check.c); the report left after fixing
 * has its positions inside the fixed text; fixing is idempotent: a text
 * fixed until no fix was left (converged) gets no fix when fixed again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include <ambientlint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz-fix: %s:%d: check failed: %s\n", \
			__FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static struct alint_ctx *ctx;

static void
ctx_free(void)
{
	alint_ctx_free(ctx);
}

/* Whether libyaml parses the whole stream. */
static int
libyaml_parses(const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int ok = 1, done = 0;

	if (!yaml_parser_initialize(&parser))
		return 0;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
				     len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			ok = 0;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ok;
}

/* Fix text again: nothing may change. */
static void
fix_again(const char *text, size_t len)
{
	struct alint_fix_options fopts = ALINT_FIX_OPTIONS_INIT;
	struct alint_fixed *fixed = NULL;
	const struct alint_fixed_input *fi;
	struct alint_run *run = NULL;

	if (alint_run_new(&run, ctx) < 0)
		return;
	fopts.flags = ALINT_FIX_APPLY_UNSAFE;
	if (alint_run_add_buffer(run, "fuzz.yaml", text, len) == 0 &&
	    alint_run_fix(&fixed, NULL, run, &fopts) == 0) {
		fi = alint_fixed_get(fixed, 0);
		if (fi->applied || fi->changed || fi->error)
			fprintf(stderr, "fuzz-fix: fixed again: %zu applied, "
				"error %s\n", fi->applied,
				fi->error ? fi->error : "none");
		CHECK(!fi->error);
		CHECK(fi->applied == 0 && !fi->changed);
	}
	alint_fixed_free(fixed);
	alint_run_free(run);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alint_fix_options fopts = ALINT_FIX_OPTIONS_INIT;
	struct alint_report *rep = NULL;
	struct alint_fixed *fixed = NULL;
	const struct alint_fixed_input *fi;
	struct alint_run *run = NULL;
	size_t i;

	if (!ctx) {
		/* "AL": a prefix of every rule id, opt-in rules included */
		static const char *const all[] = { "AL", NULL };
		struct alint_options opts = ALINT_OPTIONS_INIT;

		opts.select = all;
		if (alint_ctx_new(&ctx, &opts) < 0)
			abort();
		atexit(ctx_free);
	}
	if (alint_run_new(&run, ctx) < 0)
		return 0;
	if (alint_run_add_buffer(run, "fuzz.yaml", (const char *)data,
				 size) < 0)
		goto out;
	fopts.flags = ALINT_FIX_APPLY_UNSAFE;
	if (alint_run_fix(&fixed, &rep, run, &fopts) < 0) {
		CHECK(!fixed);
		goto out;
	}
	CHECK(alint_fixed_count(fixed) == 1);
	fi = alint_fixed_get(fixed, 0);
	CHECK(fi && fi->is_buffer && fi->text && fi->original);
	CHECK(fi->original_len == size &&
	      memcmp(fi->original, data, size) == 0);
	if (fi->error || !fi->changed) {
		CHECK(fi->len == size && memcmp(fi->text, data, size) == 0);
	} else {
		CHECK(fi->applied > 0);
		if (libyaml_parses((const char *)data, size))
			CHECK(libyaml_parses(fi->text, fi->len));
		if (fi->converged)
			fix_again(fi->text, fi->len);
	}
	/* a buffer is never written */
	CHECK(alint_fixed_write(fixed, 0) < 0);
	CHECK(alint_fixed_errmsg(fixed)[0] != '\0');
	for (i = 0; rep && i < alint_report_count(rep); i++) {
		const struct alint_diag *d = alint_report_get(rep, i);

		CHECK(d->start.offset <= d->end.offset);
		CHECK(d->end.offset <= fi->len);
	}
out:
	alint_report_free(rep);
	alint_fixed_free(fixed);
	alint_run_free(run);
	return 0;
}
