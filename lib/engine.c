/*
 * engine.c - lint runs: read, parse, index, run the rules, collect
 *
 * A run lints a set of inputs together in three phases:
 *  1. per input, in parallel: read, parse into the tree, check with
 *     libyaml, extract the resources;
 *  2. once: file every resource in the cross-file index;
 *  3. per reported input, in parallel: turn parse issues into findings,
 *     then call every enabled rule on every resource of a matching kind.
 * Each input has its own findings list and arena, so threads share
 * nothing but the read-only index. The report lists findings in input
 * order, then by position, whatever the number of threads.
 *
 * Fixing (lib/fix.c) lints a run several times: a pass gives the inputs
 * it rewrote new sources (alint__run_swap_source()), then
 * alint__run_relint() drops every finding, rebuilds the index and runs
 * the rules again on every input.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
alint_run_new(struct alint_run **out, struct alint_ctx *ctx)
{
	struct alint_run *run;

	if (!out || !ctx)
		return ALINT_EINVAL;
	*out = NULL;
	run = calloc(1, sizeof(*run));
	if (!run)
		return alint__error(ctx, ALINT_ENOMEM, "out of memory");
	run->ctx = ctx;
	*out = run;
	return 0;
}

static void
input_release(struct alint__input *in)
{
	alint__findings_free(&in->findings);
	free(in->res);
	in->res = NULL;
	in->nres = 0;
	alint__source_free(in->src);
	in->src = NULL;
}

void
alint_run_free(struct alint_run *run)
{
	size_t i;

	if (!run)
		return;
	for (i = 0; i < run->ninputs; i++) {
		input_release(&run->inputs[i]);
		free(run->inputs[i].path);
		free(run->inputs[i].data);
		free(run->inputs[i].io_message);
	}
	free(run->inputs);
	alint__index_clear(&run->index);
	for (i = 0; i < run->nrulesets; i++)
		free(run->rulesets[i]);
	free(run->rulesets);
	free(run);
}

static int
add_input(struct alint_run *run, const char *path, const char *buf,
	  size_t len, bool is_buffer, bool context_only)
{
	struct alint__input *in, *n;
	size_t cap;

	if (!run || !path || (is_buffer && !buf && len))
		return ALINT_EINVAL;
	if (run->linted)
		return alint__error(run->ctx, ALINT_EINVAL,
				    "the run was already linted");
	if (run->ninputs == run->cap) {
		cap = run->cap ? run->cap * 2 : 16;
		n = realloc(run->inputs, cap * sizeof(*n));
		if (!n)
			return alint__error(run->ctx, ALINT_ENOMEM,
					    "out of memory");
		run->inputs = n;
		run->cap = cap;
	}
	in = &run->inputs[run->ninputs];
	memset(in, 0, sizeof(*in));
	in->path = strdup(path);
	if (!in->path)
		return alint__error(run->ctx, ALINT_ENOMEM, "out of memory");
	if (is_buffer && len > run->ctx->opts.max_file_size) {
		/* reported like a file over the limit */
		in->io_error = ALINT_ETOOBIG;
		in->io_message = malloc(128 + strlen(path));
		if (in->io_message)
			snprintf(in->io_message, 128 + strlen(path),
				 "cannot read %s: larger than the limit of "
				 "%zu bytes (--max-file-size)", path,
				 run->ctx->opts.max_file_size);
	} else if (is_buffer) {
		in->data = malloc(len + 1);
		if (!in->data) {
			free(in->path);
			return alint__error(run->ctx, ALINT_ENOMEM,
					    "out of memory");
		}
		if (len)
			memcpy(in->data, buf, len);
		in->data[len] = '\0';
		in->len = len;
	}
	in->is_buffer = is_buffer;
	in->context_only = context_only;
	in->rules = run->cur_rules;
	alint__arena_init(&in->findings.arena);
	run->ninputs++;
	return 0;
}

int
alint_run_add_buffer(struct alint_run *run, const char *name,
		     const char *buf, size_t len)
{
	return add_input(run, name, buf, len, true, false);
}

int
alint_run_add_file(struct alint_run *run, const char *path)
{
	return add_input(run, path, NULL, 0, false, false);
}

int
alint_run_add_context_file(struct alint_run *run, const char *path)
{
	return add_input(run, path, NULL, 0, false, true);
}

/* ---- phase 1: read and parse ---------------------------------------- */

int
alint__source_new(struct alint_source **out, const char *name, char *buf,
		  size_t len)
{
	return alint__source_parse(out, name, buf, len, true);
}

int
alint__source_parse(struct alint_source **out, const char *name, char *buf,
		    size_t len, bool gate)
{
	struct alint_source *src;
	int error;

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src) {
		free(buf);
		return ALINT_ENOMEM;
	}
	alint__arena_init(&src->arena);
	src->buf = buf;
	src->len = len;
	src->name = strdup(name);
	if (!src->name) {
		error = ALINT_ENOMEM;
		goto fail;
	}
	error = alint__yaml_parse(src);
	if (error < 0)
		goto fail;
	if (gate && !src->fatal) {
		error = alint__yaml_libyaml_check(src);
		if (error < 0)
			goto fail;
	}
	*out = src;
	return 0;
fail:
	alint__source_free(src);
	return error;
}

/*
 * Whether input in needs the libyaml gate: its finding (AL0006) is on, or
 * the run fixes (an input that kubectl rejects or reads otherwise than our
 * tree is never fixed). It costs about one more parse of the text.
 */
static bool
gate_wanted(const struct alint_run *run, const struct alint__input *in)
{
	const struct alint__rule_entry *e;

	if (run->fixing)
		return true;
	if (in->context_only)
		return false;	/* never reported, never fixed */
	e = alint__rule_entry_of(run->ctx,
				 alint__issue_rule(ALINT__ISSUE_KUBECTL));
	return e != NULL && alint__rule_on(run->ctx, in, e);
}

static int
parse_input(struct alint_run *run, struct alint__input *in)
{
	char *buf = NULL;
	size_t len = 0;
	bool gate, defer;
	int error;

	if (in->io_error)
		return 0;
	if (in->is_buffer) {
		/* the source takes a copy: the run keeps the original */
		buf = malloc(in->len + 1);
		if (!buf)
			return ALINT_ENOMEM;
		memcpy(buf, in->data, in->len + 1);
		len = in->len;
	} else {
		error = alint__read_file(&buf, &len, in->path,
					 run->ctx->opts.max_file_size,
					 &in->io_message);
		if (error == ALINT_ENOMEM)
			return error;
		if (error < 0) {
			in->io_error = error;
			return 0;
		}
	}
	/*
	 * With threads, a lint run defers the gate to the rules phase: it
	 * runs there beside the rules (of this input too), which is what
	 * makes -j2 faster on a single big input.
	 */
	gate = gate_wanted(run, in);
	defer = gate && !run->fixing && run->ctx->opts.threads > 1;
	error = alint__source_parse(&in->src, in->path, buf, len,
				    gate && !defer);
	if (error < 0)
		return error;
	in->gate_pending = defer;
	in->gate_done = false;
	in->gate_found = false;
	return alint__resources_extract(&in->res, &in->nres, in->src,
					run->ctx->default_namespace);
}

/* ---- phase 3: rules --------------------------------------------------- */

static bool
kind_matches(const struct alint_rule *rule, const char *kind)
{
	return !rule->kinds || alint__str_in_list(kind, rule->kinds);
}

/* Is a resource whole? After a syntax error only earlier documents are. */
static bool
resource_complete(const struct alint_source *src,
		  const struct alint_resource *r, size_t error_at)
{
	return !src->fatal || r->doc->end <= error_at;
}

/* The finding of parse issue is of input in, when its rule is on. */
static int
issue_finding(struct alint_ctx *ctx, struct alint__input *in,
	      const struct alint__issue *is)
{
	struct alint_source *src = in->src;
	const struct alint__rule_entry *e;
	struct alint_finding *f;
	const char *msg;

	e = alint__rule_entry_of(ctx, alint__issue_rule(is->kind));
	if (!e || !alint__rule_on(ctx, in, e))
		return 0;
	/* in the findings' arena, which the report takes over */
	msg = alint__arena_strndup(&in->findings.arena, is->message,
				   strlen(is->message));
	if (!msg)
		return ALINT_ENOMEM;
	f = alint__finding_new(&in->findings, e->rule,
			       alint__rule_sev(ctx, in, e), src, NULL,
			       is->start, is->end, msg);
	if (!f)
		return ALINT_ENOMEM;
	if (!is->has_related)
		return 0;
	f->related = calloc(1, sizeof(*f->related));
	if (!f->related)
		return ALINT_ENOMEM;
	f->related_cap = f->nrelated = 1;
	f->related->file = src->name;
	alint__source_pos(src, is->related, &f->related->start);
	f->related->end = f->related->start;
	f->related->message = strdup("first defined here");
	return f->related->message ? 0 : ALINT_ENOMEM;
}

/*
 * The deferred gate of an input (gate_pending): gate_one() runs it in the
 * rules phase, beside the rules, and gate_join() waits for it at the end
 * of the input's rules, then files its issue and finding. The pool hands
 * out the gate of an input before its rules, so the wait always ends.
 */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;

static int
gate_one(struct alint__input *in)
{
	bool found = false;
	struct alint__issue is;
	int error;

	if (!in->gate_pending)
		return 0;
	error = alint__yaml_libyaml_gate(in->src, &is, &found);
	pthread_mutex_lock(&gate_mu);
	in->gate_error = error;
	in->gate_found = found;
	if (found)
		in->gate_issue = is;
	in->gate_done = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	return 0;	/* gate_join() reports the error */
}

static int
gate_join(struct alint_run *run, struct alint__input *in)
{
	int error;

	if (!in->gate_pending)
		return 0;
	pthread_mutex_lock(&gate_mu);
	while (!in->gate_done)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	in->gate_pending = false;
	if (in->gate_error < 0)
		return in->gate_error;
	if (!in->gate_found)
		return 0;
	error = alint__source_add_issue(in->src, &in->gate_issue);
	if (error < 0)
		return error;
	return issue_finding(run->ctx, in, &in->gate_issue);
}

static int
lint_input(struct alint_run *run, struct alint__input *in)
{
	struct alint_ctx *ctx = run->ctx;
	struct alint_source *src = in->src;
	const struct alint__rule_entry *e;
	struct alint_rule_ctx rctx;
	const struct alint__issue *is;
	struct alint_finding *f;
	const char *msg;
	size_t i, r, n0, error_at = (size_t)-1;
	int error;

	in->findings.lint_only = !run->fixing;
	if (in->io_error) {
		e = alint__rule_entry_of(ctx, &alint__rule_io_error);
		if (!e || !alint__rule_on(ctx, in, e))
			return 0;
		msg = in->io_message ?
			alint__arena_strndup(&in->findings.arena,
					     in->io_message,
					     strlen(in->io_message)) :
			"cannot read the input";
		if (!msg)
			return ALINT_ENOMEM;
		f = alint__finding_new(&in->findings, e->rule,
				       alint__rule_sev(ctx, in, e), NULL, NULL,
				       0, 0, msg);
		if (!f)
			return ALINT_ENOMEM;
		f->diag.file = in->path;
		return 0;
	}
	for (i = 0; i < src->nissues; i++) {
		is = &src->issues[i];
		if ((is->kind == ALINT__ISSUE_SYNTAX ||
		     is->kind == ALINT__ISSUE_DEPTH ||
		     is->kind == ALINT__ISSUE_NUL ||
		     is->kind == ALINT__ISSUE_TEMPLATE) &&
		    is->start < error_at)
			error_at = is->start;
		error = issue_finding(ctx, in, is);
		if (error < 0)
			return error;
	}
	for (r = 0; r < in->nres; r++) {
		if (!resource_complete(src, &in->res[r], error_at))
			continue;
		for (i = 0; i < ctx->nrules; i++) {
			e = &ctx->rules[i];
			if (!alint__rule_on(ctx, in, e) || !e->rule->check ||
			    !kind_matches(e->rule, in->res[r].kind))
				continue;
			memset(&rctx, 0, sizeof(rctx));
			rctx.run = run;
			rctx.entry = e;
			rctx.res = &in->res[r];
			rctx.out = &in->findings;
			n0 = in->findings.n;
			error = e->rule->check(&rctx, &in->res[r], e->payload);
			if (rctx.error < 0)
				return rctx.error;
			/*
			 * a severity the ruleset sets for the rule wins over
			 * the one the rule reported (its own, or one given
			 * with alint_finding_set_severity())
			 */
			for (; in->rules && (in->rules[e - ctx->rules] &
					     ALINT__RS_SEV) &&
			       n0 < in->findings.n; n0++)
				in->findings.items[n0]->diag.severity =
					alint__rule_sev(ctx, in, e);
			if (error < 0) {
				alint__error(ctx, error, "rule %s (%s) failed "
					     "on %s: %s", e->rule->id,
					     e->rule->name, in->path,
					     alint_strerror(error));
				return error;
			}
		}
	}
	error = gate_join(run, in);
	if (error < 0)
		return error;
	/* every pass, fixing ones too: a suppressed finding is not fixed */
	return alint__suppress(ctx, in, error_at);
}

/* ---- threads ------------------------------------------------------------ */

struct pool {
	struct alint_run *run;
	int (*fn)(void *arg, size_t i);
	void *arg;
	size_t n;			/* items */
	atomic_size_t next;
	atomic_int error;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	size_t i;
	int error;

	for (;;) {
		if (atomic_load(&p->error) < 0)
			break;
		i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		error = p->fn(p->arg, i);
		if (error < 0) {
			atomic_store(&p->error, error);
			break;
		}
	}
	return NULL;
}

/* fn(arg, i) for each i < n, in that order, on the run's threads. */
static int
run_items(struct alint_run *run, size_t n, int (*fn)(void *arg, size_t i),
	  void *arg)
{
	struct pool p;
	pthread_t *tids = NULL;
	size_t nthreads = run->ctx->opts.threads, i, started = 0;

	p.run = run;
	p.fn = fn;
	p.arg = arg;
	p.n = n;
	atomic_init(&p.next, 0);
	atomic_init(&p.error, 0);
	if (nthreads > n)
		nthreads = n;
	if (nthreads > 1) {
		tids = calloc(nthreads - 1, sizeof(*tids));
		for (i = 0; tids && i < nthreads - 1; i++) {
			if (pthread_create(&tids[i], NULL, worker, &p) != 0)
				break;
			started++;
		}
	}
	worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	return atomic_load(&p.error);
}

int
alint__run_parallel(struct alint_run *run, int (*fn)(void *arg, size_t i),
		    void *arg)
{
	return run_items(run, run->ninputs, fn, arg);
}

static int
parse_one(void *arg, size_t i)
{
	struct alint_run *run = arg;

	return parse_input(run, &run->inputs[i]);
}

/*
 * Items 0 to n - 1: the deferred gates of the inputs; items n to 2n - 1:
 * their rules. The gates go first so that the rules of an input seldom
 * wait for its gate: by the time the pool hands them out, every gate has
 * been started, and most are done.
 */
static int
lint_one(void *arg, size_t i)
{
	struct alint_run *run = arg;
	struct alint__input *in = &run->inputs[i % run->ninputs];

	if (i < run->ninputs)
		return gate_one(in);
	if (in->context_only)
		return 0;
	return lint_input(run, in);
}

static int
run_phase(struct alint_run *run, int phase)
{
	if (phase == 1)
		return alint__run_parallel(run, parse_one, run);
	return run_items(run, 2 * run->ninputs, lint_one, run);
}

/* ---- report ------------------------------------------------------------- */

static int
cmp_finding(const void *a, const void *b)
{
	const struct alint_finding *x = *(const struct alint_finding *
					  const *)a;
	const struct alint_finding *y = *(const struct alint_finding *
					  const *)b;
	int c;

	if (x->diag.start.offset != y->diag.start.offset)
		return x->diag.start.offset < y->diag.start.offset ? -1 : 1;
	c = strcmp(x->diag.rule_id, y->diag.rule_id);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
alint__findings_sort(struct alint__findings *f)
{
	if (f->n > 1)
		qsort(f->items, f->n, sizeof(f->items[0]), cmp_finding);
}

static const char *
adup(struct alint__arena *a, const char *s)
{
	return s ? alint__arena_strndup(a, s, strlen(s)) : NULL;
}

/*
 * The last string copied into the report per kind of field: findings in
 * a row mostly name the same file and resource, so one copy serves them
 * all.
 */
enum { DUP_FILE, DUP_API, DUP_KIND, DUP_NS, DUP_NAME, DUP_RFILE, DUP_N };

struct dup_cache {
	const char *from[DUP_N];
	const char *copy[DUP_N];
};

static const char *
cdup(struct alint__arena *a, struct dup_cache *c, int slot, const char *s)
{
	const char *r;

	if (!s)
		return NULL;
	if (c->from[slot] && (c->from[slot] == s ||
			      strcmp(c->from[slot], s) == 0))
		return c->copy[slot];
	r = adup(a, s);
	if (r) {
		c->from[slot] = s;
		c->copy[slot] = r;
	}
	return r;
}

/* Point *s, when not NULL, at a copy in the report. */
static int
own(struct alint__arena *a, struct dup_cache *c, int slot, const char **s)
{
	if (*s && !(*s = cdup(a, c, slot, *s)))
		return ALINT_ENOMEM;
	return 0;
}

/*
 * Point the names of diag d that live in the run's inputs and sources
 * (its file, its resource's, the files of its related spans) at copies
 * in the report.
 */
static int
own_names(struct alint__arena *a, struct dup_cache *c, struct alint_diag *d)
{
	struct alint_related *rel = (struct alint_related *)d->related;
	size_t i;

	if (own(a, c, DUP_FILE, &d->file) < 0 ||
	    own(a, c, DUP_API, &d->api_version) < 0 ||
	    own(a, c, DUP_KIND, &d->kind) < 0 ||
	    own(a, c, DUP_NS, &d->namespace_name) < 0 ||
	    own(a, c, DUP_NAME, &d->name) < 0)
		return ALINT_ENOMEM;
	for (i = 0; i < d->nrelated; i++)
		if (own(a, c, DUP_RFILE, &rel[i].file) < 0)
			return ALINT_ENOMEM;
	return 0;
}

/*
 * Whether the report takes over the arena of findings fs, keep of which
 * it reports, rather than copying those: when most of the arena is in
 * use, so that a report does not hold a mostly empty chunk per input,
 * nor findings under the minimum severity. A big input's findings are
 * then never in memory twice.
 */
static bool
take_arena(const struct alint__findings *fs, size_t keep)
{
	return fs->arena.left <= fs->arena.total / 4 && fs->n - keep <= keep;
}

/* The findings fs of an input, taken over with their arena. */
static int
take_findings(struct alint_report *rep, struct alint__findings *fs,
	      enum alint_severity min, struct dup_cache *c)
{
	struct alint_finding *f;
	size_t j;
	int error = 0;

	alint__arena_take(&rep->arena, &fs->arena);
	for (j = 0; j < fs->n; j++) {
		f = fs->items[j];
		if (error < 0 || f->diag.severity < min) {
			alint__finding_release(f);
			continue;
		}
		rep->diags[rep->n++] = &f->diag;
		alint__finding_hand_over(f, &f->diag, &f->fixdata);
		error = own_names(&rep->arena, c, &f->diag);
	}
	free(fs->items);
	fs->items = NULL;
	fs->n = fs->cap = 0;
	return error;
}

/* A copy of finding f in the report; f stays in the run. */
static int
copy_finding(struct alint_report *rep, struct alint_finding *f,
	     struct dup_cache *c)
{
	struct alint__arena *a = &rep->arena;
	struct alint_fix *fix = NULL;
	struct alint_diag *d;

	d = alint__arena_alloc(a, sizeof(*d));
	if (f->has_fix)
		fix = alint__arena_alloc(a, sizeof(*fix));
	if (!d || (f->has_fix && !fix))
		return ALINT_ENOMEM;
	*d = f->diag;
	d->message = adup(a, f->diag.message);
	d->path = adup(a, f->diag.path ? f->diag.path : "");
	if (!d->message || !d->path)
		return ALINT_ENOMEM;
	rep->diags[rep->n++] = d;
	alint__finding_hand_over(f, d, fix);
	return own_names(a, c, d);
}

static int
build_report(struct alint_report **out, struct alint_run *run)
{
	enum alint_severity min = run->ctx->opts.min_severity;
	struct alint_report *rep;
	struct alint__findings *fs;
	struct alint__input *in;
	struct dup_cache cache;
	size_t i, j, keep, total = 0;
	int error = 0;

	memset(&cache, 0, sizeof(cache));
	rep = calloc(1, sizeof(*rep));
	if (!rep)
		return ALINT_ENOMEM;
	alint__arena_init(&rep->arena);
	for (i = 0; i < run->ninputs; i++)
		total += run->inputs[i].findings.n;
	rep->diags = malloc((total ? total : 1) * sizeof(*rep->diags));
	if (!rep->diags) {
		alint_report_free(rep);
		return ALINT_ENOMEM;
	}
	for (i = 0; i < run->ninputs && error == 0; i++) {
		in = &run->inputs[i];
		fs = &in->findings;
		if (in->context_only)
			continue;
		rep->inputs++;
		if (in->io_error)
			rep->io_errors++;
		if (in->src)
			rep->documents += in->src->ndocs;
		alint__findings_sort(fs);
		for (j = keep = 0; j < fs->n; j++)
			keep += fs->items[j]->diag.severity >= min;
		if (take_arena(fs, keep)) {
			error = take_findings(rep, fs, min, &cache);
			continue;
		}
		for (j = 0; j < fs->n && error == 0; j++)
			if (fs->items[j]->diag.severity >= min)
				error = copy_finding(rep, fs->items[j],
						     &cache);
	}
	if (error < 0) {
		alint_report_free(rep);
		return error;
	}
	*out = rep;
	return 0;
}

/* Phase 2: file every resource of every input in the index. */
static int
index_build(struct alint_run *run)
{
	size_t i, r, order = 0;
	int error;

	alint__index_clear(&run->index);
	for (i = 0; i < run->ninputs; i++) {
		for (r = 0; r < run->inputs[i].nres; r++) {
			run->inputs[i].res[r].order = order++;
			run->inputs[i].res[r].reported =
				!run->inputs[i].context_only;
			error = alint__index_add(&run->index,
						 &run->inputs[i].res[r]);
			if (error < 0)
				return error;
		}
	}
	return alint__index_finish(&run->index);
}

/* Phases 2 and 3: build the index, then run the rules on every input. */
static int
rules_phase(struct alint_run *run)
{
	struct alint_ctx *ctx = run->ctx;
	int error;

	error = index_build(run);
	if (error < 0)
		return alint__error(ctx, error, "out of memory");
	error = run_phase(run, 3);
	if (error < 0 && !ctx->errmsg[0])
		alint__error(ctx, error, "%s", alint_strerror(error));
	return error < 0 ? error : 0;
}

int
alint__run_lint_phases(struct alint_run *run)
{
	struct alint_ctx *ctx = run->ctx;
	int error;

	alint__error_clear(ctx);
	if (run->linted)
		return alint__error(ctx, ALINT_EINVAL,
				    "the run was already linted");
	run->linted = true;

	error = run_phase(run, 1);
	if (error < 0)
		return alint__error(ctx, error, "parsing failed: %s",
				    alint_strerror(error));
	return rules_phase(run);
}

/*
 * Give input i a new source (taken over, also on failure; NULL leaves it
 * without one) and hand back the old one in *old: its resources go at
 * once, so that a fixing pass can free the old tree before it parses the
 * new text. Findings and the index may point into what goes: nothing may
 * read them before alint__run_relint(), which drops them. Only touches
 * input i, so a parallel phase may call it for its own input.
 */
int
alint__run_swap_source(struct alint_run *run, size_t i,
		       struct alint_source *src, struct alint_source **old)
{
	struct alint__input *in = &run->inputs[i];

	free(in->res);
	in->res = NULL;
	in->nres = 0;
	*old = in->src;
	in->src = src;
	if (!src)
		return 0;
	return alint__resources_extract(&in->res, &in->nres, in->src,
					run->ctx->default_namespace);
}

/*
 * Free the tree of a source, keeping its text, line table, document
 * spans and issue kinds (messages become ""): what verifying a rewrite
 * of it needs.
 */
int
alint__source_strip(struct alint_source *src)
{
	struct alint_doc *docs = NULL;
	size_t i;

	if (src->ndocs) {
		docs = malloc(src->ndocs * sizeof(*docs));
		if (!docs)
			return ALINT_ENOMEM;
		memcpy(docs, src->docs, src->ndocs * sizeof(*docs));
	}
	alint__source_free_tree(src);
	alint__arena_free(&src->arena);
	src->docs = NULL;
	for (i = 0; i < src->nissues; i++)
		src->issues[i].message = "";
	if (docs) {
		src->docs = alint__arena_alloc(&src->arena,
					       src->ndocs * sizeof(*docs));
		if (src->docs) {
			for (i = 0; i < src->ndocs; i++) {
				src->docs[i] = docs[i];
				src->docs[i].root = NULL;
				src->docs[i].src = src;
				src->docs[i].aliases = NULL;
				src->docs[i].naliases = 0;
				src->docs[i].anchors = NULL;
				src->docs[i].nanchors = 0;
			}
		}
		free(docs);
		if (!src->docs) {
			src->ndocs = 0;
			return ALINT_ENOMEM;
		}
	}
	return 0;
}

/*
 * Lint again after fixes: every finding goes (findings of one input may
 * point into the sources of others), the index is rebuilt from every
 * input and the rules run on every reported input, so that cross-file
 * rules see the new texts.
 */
int
alint__run_relint(struct alint_run *run)
{
	size_t i;

	alint__error_clear(run->ctx);
	for (i = 0; i < run->ninputs; i++)
		alint__findings_free(&run->inputs[i].findings);
	return rules_phase(run);
}

int
alint__run_report(struct alint_report **out, struct alint_run *run)
{
	struct alint__input *in;
	size_t i;
	int error;

	*out = NULL;
	/* the report needs neither the index nor the resources */
	alint__index_clear(&run->index);
	for (i = 0; i < run->ninputs; i++) {
		free(run->inputs[i].res);
		run->inputs[i].res = NULL;
		run->inputs[i].nres = 0;
	}
	error = build_report(out, run);
	if (error < 0)
		return alint__error(run->ctx, error, "out of memory");
	/* nor the texts and trees: it holds copies of the names it needs */
	for (i = 0; i < run->ninputs; i++) {
		in = &run->inputs[i];
		input_release(in);
		free(in->data);
		in->data = NULL;
	}
	return 0;
}

int
alint_run_lint(struct alint_report **out, struct alint_run *run)
{
	int error;

	if (!out || !run)
		return ALINT_EINVAL;
	*out = NULL;
	error = alint__run_lint_phases(run);
	if (error < 0)
		return error;
	return alint__run_report(out, run);
}

int
alint_lint_buffer(struct alint_report **out, struct alint_ctx *ctx,
		  const char *name, const char *buf, size_t len)
{
	struct alint_run *run = NULL;
	int error;

	if (!out)
		return ALINT_EINVAL;
	*out = NULL;
	error = alint_run_new(&run, ctx);
	if (error < 0)
		return error;
	error = alint_run_add_buffer(run, name ? name : "<buffer>", buf, len);
	if (error == 0)
		error = alint_run_lint(out, run);
	alint_run_free(run);
	return error;
}

int
alint_lint_file(struct alint_report **out, struct alint_ctx *ctx,
		const char *path)
{
	struct alint_run *run = NULL;
	int error;

	if (!out)
		return ALINT_EINVAL;
	*out = NULL;
	error = alint_run_new(&run, ctx);
	if (error < 0)
		return error;
	error = alint_run_add_file(run, path);
	if (error == 0)
		error = alint_run_lint(out, run);
	alint_run_free(run);
	return error;
}

const struct alint_index *
alint_rule_ctx_index(const struct alint_rule_ctx *rctx)
{
	return rctx ? &rctx->run->index : NULL;
}

unsigned int
alint_rule_ctx_istio_version(const struct alint_rule_ctx *rctx)
{
	return rctx ? rctx->run->ctx->opts.istio_version :
		      ALINT_ISTIO_VERSION_LATEST;
}

const char *
alint_rule_ctx_root_namespace(const struct alint_rule_ctx *rctx)
{
	return rctx ? rctx->run->ctx->root_namespace : "istio-system";
}
