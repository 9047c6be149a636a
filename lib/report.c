/*
 * report.c - findings, as rules report them, and reports
 *
 * A finding is built in the findings list of one input, by one thread,
 * in that input's arena. When the run ends, the report takes the
 * findings over (lib/engine.c), so that it does not point into the run,
 * the sources or the context.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void
alint__findings_free(struct alint__findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		alint__finding_release(f->items[i]);
	free(f->items);
	f->items = NULL;
	f->n = f->cap = 0;
	alint__arena_free(&f->arena);
}

static int
findings_push(struct alint__findings *out, struct alint_finding *f)
{
	struct alint_finding **items;
	size_t cap;

	if (out->n == out->cap) {
		cap = out->cap ? out->cap * 2 : 16;
		items = realloc(out->items, cap * sizeof(*items));
		if (!items)
			return ALINT_ENOMEM;
		out->items = items;
		out->cap = cap;
	}
	f->seq = out->n;
	out->items[out->n++] = f;
	return 0;
}

static const char *
or_null(const char *s)
{
	return s && s[0] ? s : NULL;
}

struct alint_finding *
alint__finding_new(struct alint__findings *out, const struct alint_rule *rule,
		   enum alint_severity sev, struct alint_source *src,
		   const struct alint_resource *res, size_t start, size_t end,
		   const char *message)
{
	struct alint_finding *f;

	f = alint__arena_alloc(&out->arena, sizeof(*f));
	if (!f)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->diag.rule_id = rule->id;
	f->diag.rule_name = rule->name;
	f->diag.phase = alint_rule_phase(rule);
	f->diag.rule_flags = rule->flags;
	f->diag.severity = sev;
	f->diag.message = message;
	f->diag.path = "";
	f->src = src;
	f->res = res;
	f->lint_only = out->lint_only;
	if (end < start)
		end = start;
	if (src) {
		f->diag.file = src->name;
		alint__source_pos(src, start, &f->diag.start);
		alint__source_pos(src, end, &f->diag.end);
	} else {
		f->diag.file = "";
		f->diag.start.line = f->diag.end.line = 1;
		f->diag.start.column = f->diag.end.column = 1;
	}
	if (res) {
		f->diag.document = res->doc->index;
		f->diag.api_version = or_null(res->api_version);
		f->diag.kind = or_null(res->kind);
		f->diag.namespace_name = or_null(res->namespace_name);
		f->diag.name = or_null(res->name);
	}
	if (findings_push(out, f) < 0)
		return NULL;
	return f;
}

static struct alint_finding *
report_at(struct alint_rule_ctx *rctx, const struct alint_node *node,
	  size_t start, size_t end, const char *fmt, va_list ap)
{
	struct alint_finding *f;
	const char *msg;

	if (rctx->error)
		return NULL;
	msg = alint__arena_vprintf(&rctx->out->arena, fmt, ap);
	if (!msg)
		goto nomem;
	f = alint__finding_new(rctx->out, rctx->entry->rule,
			       rctx->entry->rule->severity, rctx->res->src,
			       rctx->res, start, end, msg);
	if (!f)
		goto nomem;
	if (node) {
		f->diag.path = alint__node_path(&rctx->out->arena, node);
		if (!f->diag.path)
			goto nomem;
	}
	return f;
nomem:
	rctx->error = ALINT_ENOMEM;
	return NULL;
}

struct alint_finding *
alint_rule_report(struct alint_rule_ctx *rctx, const struct alint_node *node,
		  const char *fmt, ...)
{
	struct alint_finding *f;
	const struct alint_node *n;
	va_list ap;

	if (!rctx || !fmt)
		return NULL;
	n = node ? node : rctx->res->root;
	va_start(ap, fmt);
	f = report_at(rctx, n, n->start, n->end, fmt, ap);
	va_end(ap);
	return f;
}

struct alint_finding *
alint_rule_report_span(struct alint_rule_ctx *rctx, size_t start, size_t end,
		       const char *fmt, ...)
{
	struct alint_finding *f;
	va_list ap;

	if (!rctx || !fmt)
		return NULL;
	if (end > rctx->res->src->len)
		end = rctx->res->src->len;
	if (start > end)
		start = end;
	va_start(ap, fmt);
	f = report_at(rctx, NULL, start, end, fmt, ap);
	va_end(ap);
	return f;
}

int
alint_finding_set_severity(struct alint_finding *f, enum alint_severity sev)
{
	if (!f || (unsigned int)sev > ALINT_SEV_ERROR)
		return ALINT_EINVAL;
	f->diag.severity = sev;
	return 0;
}

int
alint_finding_set_flags(struct alint_finding *f, unsigned int flags)
{
	if (!f || (flags & ~(unsigned int)(ALINT_RULE_BLOCKER |
					   ALINT_RULE_WAYPOINT)))
		return ALINT_EINVAL;
	f->diag.rule_flags = (f->diag.rule_flags &
			      ~(unsigned int)(ALINT_RULE_BLOCKER |
					      ALINT_RULE_WAYPOINT)) | flags;
	return 0;
}

/*
 * Related spans, the fix description and edits are malloc'ed (a finding
 * does not know its arena) and released by alint__finding_release() when
 * the findings of the input are freed, or by alint_report_free() once
 * the finding handed them over to a report (alint__finding_hand_over()).
 */
int
alint_finding_related(struct alint_finding *f,
		      const struct alint_resource *res,
		      const struct alint_node *node, const char *fmt, ...)
{
	struct alint_related *r;
	size_t cap;
	va_list ap;
	char *msg;
	int n;

	if (!f || !res || !fmt)
		return ALINT_EINVAL;
	if (!node)
		node = res->root;
	if (f->nrelated == f->related_cap) {
		cap = f->related_cap ? f->related_cap * 2 : 2;
		r = realloc(f->related, cap * sizeof(*r));
		if (!r)
			return ALINT_ENOMEM;
		f->related = r;
		f->related_cap = cap;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ALINT_EINVAL;
	msg = malloc((size_t)n + 1);
	if (!msg)
		return ALINT_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r = &f->related[f->nrelated++];
	r->file = res->src->name;
	alint__source_pos(res->src, node->start, &r->start);
	alint__source_pos(res->src, node->end, &r->end);
	r->message = msg;
	return 0;
}

int
alint_finding_fix(struct alint_finding *f, enum alint_fix_safety safety,
		  const char *description)
{
	if (!f || !description || (unsigned int)safety > ALINT_FIX_DISPLAY)
		return ALINT_EINVAL;
	if (f->has_fix)
		return ALINT_EINVAL;
	f->fixdata.description = strdup(description);
	if (!f->fixdata.description)
		return ALINT_ENOMEM;
	f->fixdata.safety = safety;
	f->has_fix = true;
	return 0;
}

bool
alint__edit_overlaps(const struct alint_edit *prev,
		     const struct alint_edit *next, size_t start, size_t end)
{
	bool ins = start == end;

	if (prev && (prev->end > start ||
		     (ins && prev->start == prev->end &&
		      prev->start == start)))
		return true;
	return next && (end > next->start ||
			(ins && next->start == next->end &&
			 next->start == start));
}

int
alint_finding_edit(struct alint_finding *f, size_t start, size_t end,
		   const char *text, size_t text_len)
{
	struct alint_edit *e, *prev, *next;
	size_t cap, i, pos;
	char *copy;

	if (!f || !f->has_fix || end < start || (!text && text_len))
		return ALINT_EINVAL;
	/* find the insertion point, keeping edits sorted by start */
	for (pos = 0; pos < f->nedits; pos++)
		if (f->edits[pos].start > start ||
		    (f->edits[pos].start == start &&
		     f->edits[pos].end > f->edits[pos].start && end == start))
			break;
	prev = pos > 0 ? &f->edits[pos - 1] : NULL;
	next = pos < f->nedits ? &f->edits[pos] : NULL;
	if (alint__edit_overlaps(prev, next, start, end))
		return ALINT_ECONFLICT;
	if (f->nedits == f->edits_cap) {
		cap = f->edits_cap ? f->edits_cap * 2 : 2;
		e = realloc(f->edits, cap * sizeof(*e));
		if (!e)
			return ALINT_ENOMEM;
		f->edits = e;
		f->edits_cap = cap;
	}
	copy = malloc(text_len + 1);
	if (!copy)
		return ALINT_ENOMEM;
	if (text_len)
		memcpy(copy, text, text_len);
	copy[text_len] = '\0';
	for (i = f->nedits; i > pos; i--)
		f->edits[i] = f->edits[i - 1];
	f->edits[pos].start = start;
	f->edits[pos].end = end;
	f->edits[pos].text = copy;
	f->edits[pos].text_len = text_len;
	f->nedits++;
	return 0;
}

/* Free what a finding malloc'ed (related spans, fix text, edits). */
void
alint__finding_release(struct alint_finding *f)
{
	size_t i;

	for (i = 0; i < f->nrelated; i++)
		free((char *)f->related[i].message);
	free(f->related);
	alint__finding_drop_fix(f);
}

/* Free the paths a finding's fix declared. */
static void
drop_paths(struct alint_finding *f)
{
	size_t i;

	for (i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	free(f->paths);
	f->paths = NULL;
	f->npaths = f->paths_cap = 0;
	free(f->path_docs);
	f->path_docs = NULL;
	f->npath_docs = 0;
}

void
alint__finding_drop_fix(struct alint_finding *f)
{
	size_t i;

	for (i = 0; i < f->nedits; i++)
		free((char *)f->edits[i].text);
	free(f->edits);
	f->edits = NULL;
	f->nedits = f->edits_cap = 0;
	drop_paths(f);
	free((char *)f->fixdata.description);
	memset(&f->fixdata, 0, sizeof(f->fixdata));
	f->has_fix = false;
}

void
alint__finding_hand_over(struct alint_finding *f, struct alint_diag *d,
			 struct alint_fix *fix)
{
	d->related = f->related;
	d->nrelated = f->nrelated;
	f->related = NULL;
	f->nrelated = f->related_cap = 0;
	d->fix = NULL;
	if (f->has_fix) {
		if (fix != &f->fixdata) {
			*fix = f->fixdata;
			memset(&f->fixdata, 0, sizeof(f->fixdata));
		}
		fix->edits = f->edits;
		fix->nedits = f->nedits;
		d->fix = fix;
	}
	f->edits = NULL;
	f->nedits = f->edits_cap = 0;
	f->has_fix = false;
	drop_paths(f);
}

int
alint_finding_fix_path(struct alint_finding *f, const char *path)
{
	char **p;
	size_t cap;

	if (!f || !path || !f->has_fix)
		return ALINT_EINVAL;
	if (f->lint_only)
		return 0;
	if (f->npaths == f->paths_cap) {
		cap = f->paths_cap ? f->paths_cap * 2 : 4;
		p = realloc(f->paths, cap * sizeof(*p));
		if (!p)
			return ALINT_ENOMEM;
		f->paths = p;
		f->paths_cap = cap;
	}
	f->paths[f->npaths] = strdup(path);
	if (!f->paths[f->npaths])
		return ALINT_ENOMEM;
	f->npaths++;
	return 0;
}

size_t
alint_report_count(const struct alint_report *report)
{
	return report ? report->n : 0;
}

const struct alint_diag *
alint_report_get(const struct alint_report *report, size_t idx)
{
	if (!report || idx >= report->n)
		return NULL;
	return report->diags[idx];
}

size_t
alint_report_io_errors(const struct alint_report *report)
{
	return report ? report->io_errors : 0;
}

size_t
alint_report_inputs(const struct alint_report *report)
{
	return report ? report->inputs : 0;
}

size_t
alint_report_documents(const struct alint_report *report)
{
	return report ? report->documents : 0;
}

/* Free what a diag of a report owns (struct alint_report). */
static void
diag_release(const struct alint_diag *d)
{
	size_t i;

	for (i = 0; i < d->nrelated; i++)
		free((char *)d->related[i].message);
	free((struct alint_related *)d->related);
	if (!d->fix)
		return;
	for (i = 0; i < d->fix->nedits; i++)
		free((char *)d->fix->edits[i].text);
	free((struct alint_edit *)d->fix->edits);
	free((char *)d->fix->description);
}

void
alint_report_free(struct alint_report *report)
{
	size_t i;

	if (!report)
		return;
	for (i = 0; i < report->n; i++)
		diag_release(report->diags[i]);
	free(report->diags);
	alint__arena_free(&report->arena);
	free(report);
}
