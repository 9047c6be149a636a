/*
 * fix.c - applying the fixes of a lint run, pass after pass
 *
 * alint_run_fix() lints the run, then repeats passes:
 *
 *  1. per input, in parallel: walk its findings in report order and take
 *     each fix that may be applied (safe; unsafe with ALINT_FIX_APPLY_UNSAFE;
 *     never display-only; not a no-op; finding not below min_severity)
 *     and whose edits overlap no edit taken already. Overlap follows
 *     alint_finding_edit(): ranges that share a byte conflict, so do two
 *     inserts at one offset; an insert at either end of a replaced range
 *     does not. One exception: documents appended at the end of the
 *     text (alint_fix_append_document(), see is_append()) by different
 *     fixes all go, one after the other in report order, each as the
 *     next pass would have appended it (the line break put before the
 *     "---" of an input that does not end with one goes with the first
 *     only), so that a file that needs a new document per namespace
 *     gets them all in one pass. Any other insert at the end still
 *     conflicts with them (it could be a pair of the last document's
 *     mapping). A fix left out is tried again on the next pass, against
 *     the findings of the new text. The edits taken are spliced in one
 *     copy, every other byte kept as it was;
 *  2. the new text is parsed (our tree and the libyaml gate, as a lint
 *     run does) and verified (lib/verify.c) against the text before the
 *     pass, outside the paths the fixes declared. The old tree is freed
 *     before the new text is parsed (alint__source_strip() keeps what
 *     verifying needs), so a pass never holds two trees of an input.
 *     When verification fails, the input goes back to the text first
 *     read (parsed again), gets an error naming every rule whose fix the
 *     pass applied to it, and is not fixed further. The documents
 *     appended count as declared: each has its own index after the
 *     last document of the text before;
 *  3. when some input changed, the whole run is linted again with the
 *     new sources (cross-file rules see every new text), and the next
 *     pass starts; when none did, fixing is over.
 *
 * At most max_passes passes apply fixes; the findings left after the last
 * one (the run is linted after every pass that changed something) make
 * the report. Inputs that cannot be read, do not parse, nest too deeply,
 * are binary or templates, or that kubectl rejects or reads otherwise
 * than our tree are never fixed: their fixes count as skipped, without
 * an error. So does an input whose text before a pass libyaml cannot
 * give a view of (alias cap, a collection as a key): fixing it stops,
 * keeping the passes already verified.
 *
 * The results own the texts: the original ones, and the final ones taken
 * from the run's sources (nothing reads those after fixing), so they
 * outlive the run.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_PASSES_DEFAULT 10

int
alint_fix_options_init(struct alint_fix_options *opts, unsigned int version)
{
	if (!opts || version != ALINT_FIX_OPTIONS_VERSION)
		return ALINT_EINVAL;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	return 0;
}

/* A rule whose fix a pass applied. */
struct fix_rule {
	const char *id;
	const char *name;
};

/* What fixing does to one input. */
struct fstate {
	bool fixable;			/* may be fixed at all */
	bool stopped;			/* not to be fixed further */
	char *orig;			/* the text first read, once changed */
	size_t orig_len;
	size_t applied;			/* over the passes kept */
	char *error;			/* why it must not be written */
	const char *why_skipped;	/* static: why fixes were held back */
	/* the current pass */
	bool swapped;			/* it has a new source */
	size_t pass_applied;
	size_t nappends;		/* documents appended (see is_append) */
	bool end_insert;		/* another insert at the end taken */
	struct alint_edit *edits;	/* taken, sorted by start, end */
	size_t nedits, edits_cap;
	struct alint__decl *decls;
	size_t ndecls, decls_cap;
	struct fix_rule *rules;
	size_t nrules, rules_cap;
};

struct fixjob {
	struct alint_run *run;
	unsigned int flags;
	struct fstate *st;
};

/* Whether the fix of f may be applied to src at all. */
static bool
eligible(const struct alint_finding *f, const struct alint_source *src,
	 unsigned int flags, enum alint_severity min_severity)
{
	const struct alint_edit *e;
	bool noop = true;
	size_t i;

	if (!f->has_fix || f->nedits == 0 || !src)
		return false;
	if (f->diag.severity < min_severity)
		return false;
	if (f->fixdata.safety == ALINT_FIX_DISPLAY ||
	    (f->fixdata.safety == ALINT_FIX_UNSAFE &&
	     !(flags & ALINT_FIX_APPLY_UNSAFE)))
		return false;
	if (f->src && f->src != src)
		return false;
	for (i = 0; i < f->nedits; i++) {
		e = &f->edits[i];
		if (e->start > e->end || e->end > src->len)
			return false;
		if (noop && (e->text_len != e->end - e->start ||
			     memcmp(e->text, src->buf + e->start,
				    e->text_len) != 0))
			noop = false;
	}
	return !noop;
}

/* Number of fixes of an input that could still be applied. */
static size_t
count_eligible(const struct alint__input *in, unsigned int flags,
	       enum alint_severity min_severity)
{
	size_t i, n = 0;

	for (i = 0; i < in->findings.n; i++)
		if (eligible(in->findings.items[i], in->src, flags,
			     min_severity))
			n++;
	return n;
}

static int
edit_cmp(const struct alint_edit *a, const struct alint_edit *b)
{
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* First taken edit not before e (by start, then end). */
static size_t
edit_pos(const struct fstate *st, const struct alint_edit *e)
{
	size_t lo = 0, hi = st->nedits, mid;

	if (hi && edit_cmp(&st->edits[hi - 1], e) < 0)
		return hi;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (edit_cmp(&st->edits[mid], e) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Whether e overlaps a taken edit. The taken edits do not overlap, so
 * only its neighbours in start order can.
 */
static bool
overlaps(const struct fstate *st, const struct alint_edit *e)
{
	size_t pos = edit_pos(st, e);

	return alint__edit_overlaps(pos > 0 ? &st->edits[pos - 1] : NULL,
				    pos < st->nedits ? &st->edits[pos] : NULL,
				    e->start, e->end);
}

/*
 * Length of the line break that starts an appended document's text
 * ("\n---" or "\r\n---": the text before did not end with one), or 0.
 */
static size_t
append_break(const struct alint_edit *e)
{
	const char *t = e->text;
	size_t n = e->text_len;

	if (n >= 4 && t[0] == '\n' && memcmp(t + 1, "---", 3) == 0)
		return 1;
	if (n >= 5 && t[0] == '\r' && t[1] == '\n' &&
	    memcmp(t + 2, "---", 3) == 0)
		return 2;
	return 0;
}

/*
 * Whether edit e of f appends a document, as alint_fix_append_document()
 * does: an insert at the end of src, of text that starts a document
 * ("---", after a line break when src does not end with one), by a fix
 * that declares a document after the last one of src. A fix has one
 * such edit at most (two inserts at one offset are refused).
 */
static bool
is_append(const struct alint_finding *f, const struct alint_edit *e,
	  const struct alint_source *src)
{
	size_t i;

	if (e->start != src->len || e->end != src->len)
		return false;
	if ((e->text_len < 3 || memcmp(e->text, "---", 3) != 0) &&
	    !append_break(e))
		return false;
	for (i = 0; i < f->npaths; i++)
		if (alint__finding_path_doc(f, i) >= src->ndocs)
			return true;
	return false;
}

/*
 * Whether edit e of f overlaps an edit taken already. Appended documents
 * are the exception to "two inserts at one offset conflict": they follow
 * each other at the end, but not another insert there, which could be
 * text of the last document (a pair of its last mapping).
 */
static bool
conflicts(const struct fstate *st, const struct alint_finding *f,
	  const struct alint_edit *e, const struct alint_source *src)
{
	size_t pos;

	if (!is_append(f, e, src))
		return overlaps(st, e);
	if (st->end_insert)
		return true;
	/* nothing sorts after an insert at the end: only prev matters */
	pos = edit_pos(st, e);
	return pos > 0 && alint__edit_overlaps(&st->edits[pos - 1], NULL,
					       e->start, e->end);
}

static int
take(struct fstate *st, const struct alint_finding *f,
     const struct alint_source *src)
{
	struct alint_edit *e;
	void *np;
	size_t i, pos, brk, ndocs = src->ndocs;
	bool append;

	for (i = 0; i < f->nedits; i++) {
		np = alint__grow(st->edits, &st->edits_cap, st->nedits,
			  sizeof(*st->edits));
		if (!np)
			return ALINT_ENOMEM;
		st->edits = np;
		append = is_append(f, &f->edits[i], src);
		/* appended documents in report order: after the others */
		pos = append ? st->nedits : edit_pos(st, &f->edits[i]);
		e = &st->edits[pos];
		memmove(e + 1, e, (st->nedits - pos) * sizeof(*e));
		*e = f->edits[i];
		st->nedits++;
		if (!append) {
			if (e->start == src->len && e->end == src->len)
				st->end_insert = true;
			continue;
		}
		/*
		 * The document before ends with a line break now (the one
		 * appended before it): the break the builder put first,
		 * because src does not end with one, goes, as it would on
		 * the next pass.
		 */
		brk = src->len > 0 && src->buf[src->len - 1] != '\n' ?
			append_break(e) : 0;
		if (st->nappends > 0 && brk) {
			e->text += brk;
			e->text_len -= brk;
		}
		ndocs = src->ndocs + st->nappends++;
	}
	for (i = 0; i < f->npaths; i++) {
		np = alint__grow(st->decls, &st->decls_cap, st->ndecls,
			  sizeof(*st->decls));
		if (!np)
			return ALINT_ENOMEM;
		st->decls = np;
		st->decls[st->ndecls].doc = alint__finding_path_doc(f, i);
		/* the appended document's index, after those before it */
		if (st->decls[st->ndecls].doc >= src->ndocs)
			st->decls[st->ndecls].doc = ndocs;
		st->decls[st->ndecls].path = f->paths[i];
		st->ndecls++;
	}
	for (i = 0; i < st->nrules; i++)
		if (strcmp(st->rules[i].id, f->diag.rule_id) == 0)
			break;
	if (i == st->nrules) {
		np = alint__grow(st->rules, &st->rules_cap, st->nrules,
			  sizeof(*st->rules));
		if (!np)
			return ALINT_ENOMEM;
		st->rules = np;
		st->rules[i].id = f->diag.rule_id;
		st->rules[i].name = f->diag.rule_name;
		st->nrules++;
	}
	st->pass_applied++;
	return 0;
}

/* buf with the edits (sorted, not overlapping) applied; malloc'ed. */
static char *
splice(const char *buf, size_t len, const struct alint_edit *edits,
       size_t n, size_t *outlen)
{
	size_t i, total = len, pos = 0, o = 0;
	char *out;

	for (i = 0; i < n; i++)
		total = total - (edits[i].end - edits[i].start) +
			edits[i].text_len;
	out = malloc(total + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		memcpy(out + o, buf + pos, edits[i].start - pos);
		o += edits[i].start - pos;
		if (edits[i].text_len)
			memcpy(out + o, edits[i].text, edits[i].text_len);
		o += edits[i].text_len;
		pos = edits[i].end;
	}
	memcpy(out + o, buf + pos, len - pos);
	out[total] = '\0';
	*outlen = total;
	return out;
}

/* "fix by AL2001 (name), AL2002 (name) failed verification: why" */
static char *
fail_message(const struct fstate *st, const char *why)
{
	size_t i, n = strlen(why) + 64, o;
	char *s;

	for (i = 0; i < st->nrules; i++)
		n += strlen(st->rules[i].id) + strlen(st->rules[i].name) + 6;
	s = malloc(n);
	if (!s)
		return NULL;
	o = (size_t)snprintf(s, n, "fix by ");
	for (i = 0; i < st->nrules; i++)
		o += (size_t)snprintf(s + o, n - o, "%s%s (%s)",
				      i ? ", " : "", st->rules[i].id,
				      st->rules[i].name);
	snprintf(s + o, n - o, " failed verification: %s", why);
	return s;
}

/*
 * Parse text (malloc'ed, taken over) again as the source of input i:
 * after a failed verification, the text first read; when the text
 * before a pass cannot be checked, that text.
 */
static int
reparse(struct fixjob *job, size_t i, char *text, size_t len)
{
	struct alint_source *src = NULL, *old = NULL;
	int error;

	error = alint__source_new(&src, job->run->inputs[i].path, text, len);
	if (error < 0)
		return error;
	job->st[i].swapped = true;
	return alint__run_swap_source(job->run, i, src, &old);
}

/*
 * After the pass on input i: before is the (stripped) source of the text
 * before it, now off the run; newsrc the verified new text, or NULL when
 * verification failed (fail, with the message why) or could not be done.
 * The input gets a source again, and before goes.
 */
static int
settle(struct fixjob *job, size_t i, struct alint_source *before,
       struct alint_source *newsrc, bool fail, const char *why)
{
	struct fstate *st = &job->st[i];
	struct alint_source *old = NULL;
	char *text;
	size_t len;

	if (newsrc) {
		if (!st->orig) {
			/* before is the text first read: keep it */
			st->orig = before->buf;
			st->orig_len = before->len;
			before->buf = NULL;
		}
		alint__source_free(before);
		st->applied += st->pass_applied;
		st->swapped = true;
		return alint__run_swap_source(job->run, i, newsrc, &old);
	}
	st->stopped = true;
	if (!fail)
		st->why_skipped = "a rewrite of it cannot be verified: libyaml "
			"gives no Kubernetes view of its text (more alias "
			"expansions than the cap, or a collection as a key)";
	if (fail) {
		st->error = fail_message(st, why);
		st->applied = 0;
	}
	if (fail && st->orig) {
		/* back to the text first read */
		text = st->orig;
		len = st->orig_len;
		st->orig = NULL;
	} else {
		/* before is the text first read, or the last one verified */
		text = before->buf;
		len = before->len;
		before->buf = NULL;
	}
	alint__source_free(before);
	if (fail && !st->error) {
		free(text);
		return ALINT_ENOMEM;
	}
	return reparse(job, i, text, len);
}

/* One pass over input i: choose fixes, splice, parse, verify. */
static int
fix_input(void *arg, size_t i)
{
	struct fixjob *job = arg;
	struct alint__input *in = &job->run->inputs[i];
	struct fstate *st = &job->st[i];
	enum alint_severity min_sev = job->run->ctx->opts.min_severity;
	struct alint_source *src = in->src, *newsrc = NULL, *before = NULL;
	struct alint_finding *f;
	size_t k, e, len;
	char *buf, *why = NULL;
	int error;

	st->nedits = st->ndecls = st->nrules = 0;
	st->pass_applied = st->nappends = 0;
	st->end_insert = false;
	st->swapped = false;
	if (in->context_only || !st->fixable || st->stopped)
		return 0;
	alint__findings_sort(&in->findings);
	for (k = 0; k < in->findings.n; k++) {
		f = in->findings.items[k];
		if (!eligible(f, src, job->flags, min_sev))
			continue;
		for (e = 0; e < f->nedits; e++)
			if (conflicts(st, f, &f->edits[e], src))
				break;
		if (e < f->nedits)
			continue;	/* tried again next pass */
		error = take(st, f, src);
		if (error < 0)
			return error;
	}
	if (!st->pass_applied)
		return 0;
	buf = splice(src->buf, src->len, st->edits, st->nedits, &len);
	if (!buf)
		return ALINT_ENOMEM;
	/*
	 * The old tree goes before the new one is built: verifying needs
	 * only the old text, its lines and document spans. The edits and
	 * declared paths live in the findings, which stay.
	 */
	error = alint__run_swap_source(job->run, i, NULL, &before);
	if (error == 0)
		error = alint__source_strip(before);
	if (error == 0)
		error = alint__source_new(&newsrc, in->path, buf, len);
	else
		free(buf);
	if (error == 0)
		error = alint__verify(&why, before, newsrc, st->edits,
				      st->nedits, st->decls, st->ndecls);
	if (error < 0) {
		alint__source_free(newsrc);
		alint__source_free(before);
		return error;
	}
	if (error == 0 && !why)
		return settle(job, i, before, newsrc, false, NULL);
	alint__source_free(newsrc);
	/* 1: the text before cannot be checked, keep it and stop there */
	error = settle(job, i, before, NULL, error == 0, why);
	free(why);
	return error;
}

static char *
memdup0(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * The entry of input in. Its text is taken from the run's source, not
 * copied: once fixing is over, nothing reads the sources of the run but
 * alint_run_free(), and the report has copies of what it needs.
 */
static int
fill_entry(struct alint_fixed_input *e, struct alint__input *in,
	   struct fstate *st, unsigned int flags,
	   enum alint_severity min_severity)
{
	struct alint_source *src = in->src;

	e->file = strdup(in->path);
	if (!e->file)
		return ALINT_ENOMEM;
	e->is_buffer = in->is_buffer;
	e->converged = 1;
	if (!src || !src->buf) {
		/* unreadable: an empty text that is never written */
		e->original = e->text = memdup0("", 0);
		return e->original ? 0 : ALINT_ENOMEM;
	}
	e->applied = st->applied;
	e->skipped = count_eligible(in, flags, min_severity);
	/* only the pass cap leaves fixes of a fixable input behind */
	e->converged = !(st->fixable && !st->stopped && e->skipped > 0);
	e->error = st->error;
	st->error = NULL;
	e->skip_reason = e->skipped > 0 && !e->error ? st->why_skipped : NULL;
	e->text = src->buf;
	e->len = src->len;
	src->buf = NULL;
	if (st->orig) {
		e->original = st->orig;
		e->original_len = st->orig_len;
		st->orig = NULL;
		e->changed = e->len != e->original_len ||
			memcmp(e->text, e->original, e->len) != 0;
	} else {
		e->original = e->text;
		e->original_len = e->len;
	}
	return 0;
}

static int
make_fixed(struct alint_fixed **out, struct alint_run *run,
	   struct fstate *st, unsigned int flags)
{
	struct alint_fixed *fx;
	size_t i, n = 0;
	int error;

	fx = calloc(1, sizeof(*fx));
	if (!fx)
		return ALINT_ENOMEM;
	for (i = 0; i < run->ninputs; i++)
		if (!run->inputs[i].context_only)
			n++;
	fx->items = calloc(n ? n : 1, sizeof(*fx->items));
	if (!fx->items) {
		free(fx);
		return ALINT_ENOMEM;
	}
	for (i = 0; i < run->ninputs; i++) {
		if (run->inputs[i].context_only)
			continue;
		error = fill_entry(&fx->items[fx->n++], &run->inputs[i],
				   &st[i], flags,
				   run->ctx->opts.min_severity);
		if (error < 0) {
			alint_fixed_free(fx);
			return error;
		}
	}
	*out = fx;
	return 0;
}

static void
fstate_free(struct fstate *st)
{
	free(st->orig);
	free(st->error);
	free(st->edits);
	free(st->decls);
	free(st->rules);
}

int
alint_run_fix(struct alint_fixed **out, struct alint_report **report,
	      struct alint_run *run, const struct alint_fix_options *opts)
{
	struct alint_fix_options defaults = ALINT_FIX_OPTIONS_INIT;
	struct fstate *st = NULL;
	struct alint_fixed *fixed = NULL;
	struct alint_ctx *ctx;
	struct fixjob job;
	unsigned int pass, max;
	size_t i, n;
	bool changed;
	int error;

	if (out)
		*out = NULL;
	if (report)
		*report = NULL;
	if (!out || !run)
		return ALINT_EINVAL;
	ctx = run->ctx;
	if (!opts)
		opts = &defaults;
	if (opts->version != ALINT_FIX_OPTIONS_VERSION)
		return alint__error(ctx, ALINT_EINVAL, "unknown version %u of "
				    "struct alint_fix_options", opts->version);
	if (opts->flags & ~ALINT_FIX_APPLY_UNSAFE)
		return alint__error(ctx, ALINT_EINVAL, "unknown fix flags "
				    "0x%x",
				    opts->flags & ~ALINT_FIX_APPLY_UNSAFE);
	max = opts->max_passes ? opts->max_passes : MAX_PASSES_DEFAULT;
	/* the gate on every input, even where AL0006 is off: what kubectl
	 * rejects or reads otherwise is never fixed */
	run->fixing = true;
	error = alint__run_lint_phases(run);
	if (error < 0)
		return error;
	n = run->ninputs;
	st = calloc(n ? n : 1, sizeof(*st));
	if (!st) {
		error = alint__error(ctx, ALINT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		st[i].fixable = !run->inputs[i].context_only &&
			!run->inputs[i].io_error &&
			!alint__unfixable(run->inputs[i].src);
		if (!st[i].fixable)
			st[i].why_skipped = "it is never fixed: it could not "
				"be read, or it has a syntax error, a "
				"template, binary data or YAML that kubectl "
				"reads otherwise than ambient-lint";
	}
	job.run = run;
	job.flags = opts->flags;
	job.st = st;
	for (pass = 0; pass < max; pass++) {
		error = alint__run_parallel(run, fix_input, &job);
		if (error < 0) {
			alint__error(ctx, error, "fixing failed: %s",
				     alint_strerror(error));
			goto out;
		}
		changed = false;
		for (i = 0; i < n; i++)
			if (st[i].swapped)
				changed = true;
		if (!changed)
			break;
		error = alint__run_relint(run);
		if (error < 0)
			goto out;
	}
	/* the results first: the report takes the findings they count */
	error = make_fixed(&fixed, run, st, opts->flags);
	if (error < 0) {
		alint__error(ctx, error, "out of memory");
		goto out;
	}
	if (report) {
		error = alint__run_report(report, run);
		if (error < 0) {
			alint_fixed_free(fixed);
			goto out;
		}
	}
	*out = fixed;
out:
	for (i = 0; st && i < n; i++)
		fstate_free(&st[i]);
	free(st);
	return error;
}

size_t
alint_fixed_count(const struct alint_fixed *fixed)
{
	return fixed ? fixed->n : 0;
}

const struct alint_fixed_input *
alint_fixed_get(const struct alint_fixed *fixed, size_t idx)
{
	if (!fixed || idx >= fixed->n)
		return NULL;
	return &fixed->items[idx];
}

const char *
alint_fixed_errmsg(const struct alint_fixed *fixed)
{
	return fixed ? fixed->errmsg : "";
}

void
alint_fixed_free(struct alint_fixed *fixed)
{
	struct alint_fixed_input *e;
	size_t i;

	if (!fixed)
		return;
	for (i = 0; i < fixed->n; i++) {
		e = &fixed->items[i];
		if (e->text != e->original)
			free((char *)e->text);
		free((char *)e->original);
		free((char *)e->file);
		free((char *)e->error);
	}
	free(fixed->items);
	free(fixed);
}
