/*
 * fuzz-lint.c - libFuzzer target: lint one buffer with every rule
 *
 * One context with every rule selected (opt-in rules too) is made once;
 * each input is linted as a buffer through the public API and every
 * finding of the report is read: positions inside the input, strings
 * set, fixes whose edits are sorted, non-overlapping and inside the
 * input.
 *
 * An input holding lines "#%%" is cut there into several buffers of one
 * run (at most 4), so that the cross-file rules see several files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz-lint: %s:%d: check failed: %s\n", \
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

static void
check_report(const struct alint_report *rep, size_t size)
{
	size_t i, j, n = alint_report_count(rep);

	for (i = 0; i < n; i++) {
		const struct alint_diag *d = alint_report_get(rep, i);

		CHECK(d && d->rule_id && d->rule_name && d->message);
		CHECK(d->file && d->path);
		CHECK(d->start.offset <= d->end.offset);
		CHECK(d->end.offset <= size);
		CHECK(d->start.line >= 1 && d->start.column >= 1);
		CHECK(d->start.line <= d->end.line);
		CHECK(strlen(d->message) > 0);
		for (j = 0; j < d->nrelated; j++)
			CHECK(d->related[j].file && d->related[j].message);
		if (!d->fix)
			continue;
		CHECK(d->fix->description);
		for (j = 0; j < d->fix->nedits; j++) {
			const struct alint_edit *e = &d->fix->edits[j];

			CHECK(e->start <= e->end && e->end <= size);
			CHECK(e->text || e->text_len == 0);
			if (j > 0)
				CHECK(d->fix->edits[j - 1].end <= e->start);
		}
	}
	CHECK(!alint_report_get(rep, n));
}

/* The first "\n#%%\n" in [p, end), or NULL. */
static const char *
find_sep(const char *p, const char *end)
{
	for (; end - p >= 5; p++)
		if (memcmp(p, "\n#%%\n", 5) == 0)
			return p;
	return NULL;
}

/* Lint the parts of data cut at "#%%" lines as the inputs of one run. */
static void
lint_parts(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.yaml", "b.yaml", "c.yaml",
					     "d.yaml" };
	struct alint_report *rep = NULL;
	struct alint_run *run = NULL;
	const char *p = (const char *)data, *end = p + size, *q;
	size_t n;

	if (alint_run_new(&run, ctx) < 0)
		return;
	for (n = 0; n < 4;) {
		q = n < 3 ? find_sep(p, end) : NULL;
		/* each part keeps its last line break */
		if (alint_run_add_buffer(run, names[n], p,
					 (size_t)((q ? q + 1 : end) - p)) < 0)
			goto out;
		n++;
		if (!q)
			break;
		p = q + 5;
	}
	if (alint_run_lint(&rep, run) < 0) {
		CHECK(!rep);
		goto out;
	}
	CHECK(alint_report_inputs(rep) == n);
	check_report(rep, size);
out:
	alint_report_free(rep);
	alint_run_free(run);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alint_report *rep = NULL;

	if (!ctx) {
		/* "AL": a prefix of every rule id, opt-in rules included */
		static const char *const all[] = { "AL", NULL };
		struct alint_options opts = ALINT_OPTIONS_INIT;

		opts.select = all;
		if (alint_ctx_new(&ctx, &opts) < 0)
			abort();
		atexit(ctx_free);
	}
	if (find_sep((const char *)data, (const char *)data + size)) {
		lint_parts(data, size);
		return 0;
	}
	if (alint_lint_buffer(&rep, ctx, "fuzz.yaml", (const char *)data,
			      size) < 0) {
		CHECK(!rep);
		return 0;
	}
	check_report(rep, size);
	alint_report_free(rep);
	return 0;
}
