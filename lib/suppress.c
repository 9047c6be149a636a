/*
 * suppress.c - inline suppressions: comments that turn rules off for a
 * line, a block of lines or a whole file
 *
 * A suppression is a YAML comment, found in the raw text of an input:
 *
 *   # ambient-lint: disable-line=RULE[,RULE...] [-- reason]
 *   # ambient-lint: disable-next-line=RULE[,RULE...] [-- reason]
 *   # ambient-lint: disable-file=RULE[,RULE...] [-- reason]
 *   # ambient-lint: disable=RULE[,RULE...] [-- reason]
 *   # ambient-lint: enable=RULE[,RULE...] [-- reason]
 *
 * RULE is a rule id (AL2001, any case), a rule name
 * (namespace-injection-label) or "all". A finding is dropped when the
 * line its span starts on is: the comment's own line (disable-line), the
 * line right after the comment's (disable-next-line, whatever that line
 * holds), any line of the input, in every document (disable-file), or
 * a line after a disable comment and before the enable comment that
 * names the same rule ("all" is only closed by enable=all); a block
 * without enable runs to the end of the input.
 *
 * A '#' starts a comment at the start of a line or after a space or a
 * tab, and not inside the span of a scalar of the tree: text that looks
 * like a suppression in a quoted or block scalar is data. Inputs without
 * the text "ambient-lint:" cost one search of the buffer.
 *
 * A suppression that drops no finding is reported by AL0009
 * (unused-suppression), one that names an unknown rule or is malformed
 * by AL0010 (invalid-suppression); findings of those two rules are never
 * suppressed inline. Suppressions naming a rule that is not enabled are
 * not reported as unused, nor any when the input did not parse (the
 * rules did not see all of it).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define KEYWORD		"ambient-lint:"
#define KEYWORD_LEN	(sizeof(KEYWORD) - 1)

enum directive {
	DIR_LINE,
	DIR_NEXT_LINE,
	DIR_FILE,
	DIR_DISABLE,
	DIR_ENABLE
};

/* A '#' that may start a suppression comment. */
struct cand {
	size_t off;
	bool vetoed;			/* inside a scalar: not a comment */
};

/* One rule of one suppression comment. */
struct item {
	const struct alint__rule_entry *entry;	/* NULL: all rules */
	size_t first, last;		/* lines, 1-based, inclusive */
	size_t cstart, cend;		/* the comment */
	bool open;			/* a disable block without enable yet */
	bool used;
};

struct state {
	struct alint_ctx *ctx;
	struct alint__input *in;
	struct alint_source *src;
	struct item *items;
	size_t nitems, cap;
	struct cand *cands;		/* candidate '#', sorted */
	size_t ncands, cands_cap;
};

static bool
enabled(const struct state *st, const struct alint_rule *rule)
{
	const struct alint__rule_entry *e = alint__rule_entry_of(st->ctx,
								 rule);

	return e && alint__rule_on(st->ctx, st->in, e);
}

/* The first occurrence of KEYWORD in [p, end), or NULL. */
static const char *
find_keyword(const char *p, const char *end)
{
	const char *q;

	while ((size_t)(end - p) >= KEYWORD_LEN) {
		q = memchr(p, 'a', (size_t)(end - p) - KEYWORD_LEN + 1);
		if (!q)
			return NULL;
		if (memcmp(q, KEYWORD, KEYWORD_LEN) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int
add_cand(struct state *st, size_t off)
{
	struct cand *p;

	p = alint__grow(st->cands, &st->cands_cap, st->ncands,
			sizeof(*st->cands));
	if (!p)
		return ALINT_ENOMEM;
	st->cands = p;
	st->cands[st->ncands].off = off;
	st->cands[st->ncands++].vetoed = false;
	return 0;
}

/*
 * Every '#' that may start a suppression comment: at the start of a line
 * (after a BOM on the first) or after a blank, followed by blanks and
 * KEYWORD.
 */
static int
find_candidates(struct state *st, size_t limit)
{
	const char *buf = st->src->buf, *end = buf + st->src->len, *k, *p;
	const char *ls;
	int error;

	k = find_keyword(buf, end);
	while (k && (size_t)(k - buf) < limit) {
		ls = k;
		while (ls > buf && ls[-1] != '\n')
			ls--;
		for (p = ls; p < k; p++) {
			const char *q;

			if (*p != '#')
				continue;
			if (p != ls && !is_blank(p[-1]) &&
			    !(st->src->bom && p == buf + 3))
				continue;
			q = p + 1;
			while (q < k && is_blank(*q))
				q++;
			if (q != k)
				continue;
			error = add_cand(st, (size_t)(p - buf));
			if (error < 0)
				return error;
			break;
		}
		p = memchr(k, '\n', (size_t)(end - k));
		if (!p)
			break;
		k = find_keyword(p + 1, end);
	}
	return 0;
}

/* Drop the candidates inside [start, end): text of a scalar. */
static void
drop_in_span(struct state *st, size_t start, size_t end)
{
	size_t lo = 0, hi = st->ncands, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (st->cands[mid].off < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < st->ncands && st->cands[lo].off < end; lo++)
		st->cands[lo].vetoed = true;
}

/* Walk every node of every document; scalars veto candidates. */
static void
veto_scalars(struct state *st)
{
	const struct alint_node *n;
	size_t d;

	for (d = 0; d < st->src->ndocs; d++) {
		n = st->src->docs[d].root;
		while (n) {
			if (n->kind == ALINT_NODE_SCALAR && n->end > n->start)
				drop_in_span(st, n->start, n->end);
			if (alint__node_first(n)) {
				n = alint__node_first(n);
				continue;
			}
			while (n && !alint__node_next(n))
				n = alint__node_parent(n);
			if (n)
				n = alint__node_next(n);
		}
	}
}

static int
report(struct state *st, const struct alint_rule *rule, size_t start,
       size_t end, const char *fmt, ...) ALINT_PRINTF(5, 6);

static int
report(struct state *st, const struct alint_rule *rule, size_t start,
       size_t end, const char *fmt, ...)
{
	struct alint_finding *f;
	const char *msg;
	va_list ap;

	if (!enabled(st, rule))
		return 0;
	va_start(ap, fmt);
	msg = alint__arena_vprintf(&st->in->findings.arena, fmt, ap);
	va_end(ap);
	if (!msg)
		return ALINT_ENOMEM;
	f = alint__finding_new(&st->in->findings, rule,
			       alint__rule_sev(st->ctx, st->in,
					       alint__rule_entry_of(st->ctx,
								    rule)),
			       st->src, NULL, start, end, msg);
	return f ? 0 : ALINT_ENOMEM;
}

static const struct alint__rule_entry *
lookup(const struct alint_ctx *ctx, const char *s, size_t len)
{
	const struct alint_rule *r;
	size_t i;

	for (i = 0; i < ctx->nrules; i++) {
		r = ctx->rules[i].rule;
		if ((strlen(r->id) == len && strncasecmp(r->id, s, len) == 0) ||
		    (strlen(r->name) == len && memcmp(r->name, s, len) == 0))
			return &ctx->rules[i];
	}
	return NULL;
}

static int
add_item(struct state *st, const struct alint__rule_entry *e, size_t first,
	 size_t last, size_t cstart, size_t cend, bool open)
{
	struct item *p;

	p = alint__grow(st->items, &st->cap, st->nitems, sizeof(*p));
	if (!p)
		return ALINT_ENOMEM;
	st->items = p;
	p = &st->items[st->nitems++];
	memset(p, 0, sizeof(*p));
	p->entry = e;
	p->first = first;
	p->last = last;
	p->cstart = cstart;
	p->cend = cend;
	p->open = open;
	return 0;
}

/* Close the open disable blocks of e before line; false: none. */
static bool
close_blocks(struct state *st, const struct alint__rule_entry *e,
	     size_t line)
{
	bool closed = false;
	size_t i;

	for (i = 0; i < st->nitems; i++) {
		if (!st->items[i].open || st->items[i].entry != e)
			continue;
		st->items[i].open = false;
		st->items[i].last = line - 1;
		closed = true;
	}
	return closed;
}

/* One rule of a directive's list, at [s, s + len). */
static int
directive_rule(struct state *st, enum directive dir, const char *s,
	       size_t len, size_t line, size_t cstart, size_t cend)
{
	const struct alint__rule_entry *e = NULL;
	size_t off = (size_t)(s - st->src->buf);

	if (!(len == 3 && memcmp(s, "all", 3) == 0)) {
		e = lookup(st->ctx, s, len);
		if (!e)
			return report(st, &alint__rule_invalid_suppression, off,
				      off + len, "unknown rule '%.*s' in an "
				      "ambient-lint suppression comment: it "
				      "suppresses nothing", (int)len, s);
	}
	switch (dir) {
	case DIR_LINE:
		return add_item(st, e, line, line, cstart, cend, false);
	case DIR_NEXT_LINE:
		return add_item(st, e, line + 1, line + 1, cstart, cend,
				false);
	case DIR_FILE:
		return add_item(st, e, 1, SIZE_MAX, cstart, cend, false);
	case DIR_DISABLE:
		return add_item(st, e, line + 1, SIZE_MAX, cstart, cend,
				true);
	case DIR_ENABLE:
		if (close_blocks(st, e, line))
			return 0;
		return report(st, &alint__rule_invalid_suppression, off,
			      off + len, "'enable=%.*s' without an open "
			      "'disable=%.*s' block before it", (int)len, s,
			      (int)len, s);
	}
	return 0;
}

/* Parse the comment at hash (a candidate) and record its items. */
static int
parse_comment(struct state *st, size_t hash)
{
	static const struct {
		const char *word;
		enum directive dir;
	} dirs[] = {
		{ "disable-line", DIR_LINE },
		{ "disable-next-line", DIR_NEXT_LINE },
		{ "disable-file", DIR_FILE },
		{ "disable", DIR_DISABLE },
		{ "enable", DIR_ENABLE },
	};
	const char *buf = st->src->buf, *p, *end, *w, *tok, *list;
	struct alint_pos pos;
	size_t i, wlen, cend, line;
	int error, pass;

	p = memchr(buf + hash, '\n', st->src->len - hash);
	end = p ? p : buf + st->src->len;
	if (end > buf + hash && end[-1] == '\r')
		end--;
	cend = (size_t)(end - buf);
	alint__source_pos(st->src, hash, &pos);
	line = pos.line;

	p = buf + hash + 1;
	while (p < end && is_blank(*p))
		p++;
	p += KEYWORD_LEN;
	while (p < end && is_blank(*p))
		p++;
	w = p;
	while (p < end && is_word(*p))
		p++;
	wlen = (size_t)(p - w);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strlen(dirs[i].word) == wlen &&
		    memcmp(dirs[i].word, w, wlen) == 0)
			break;
	if (i == sizeof(dirs) / sizeof(dirs[0]) || p == end || *p != '=')
		goto malformed;
	list = ++p;
	/* pass 0 checks the syntax, pass 1 records the rules */
	for (pass = 0; pass < 2; pass++) {
		p = list;
		for (;;) {
			while (p < end && is_blank(*p))
				p++;
			tok = p;
			while (p < end && is_word(*p))
				p++;
			if (p == tok || (p - tok == 2 && tok[0] == '-' &&
					 tok[1] == '-'))
				goto malformed;
			if (pass == 1) {
				error = directive_rule(st, dirs[i].dir, tok,
						       (size_t)(p - tok), line,
						       hash, cend);
				if (error < 0)
					return error;
			}
			while (p < end && is_blank(*p))
				p++;
			if (p == end || *p != ',')
				break;
			p++;
		}
		/* the rest: nothing, or " -- reason" */
		if (!(p == end || (end - p >= 2 && p[0] == '-' &&
				   p[1] == '-' &&
				   (end - p == 2 || is_blank(p[2])))))
			goto malformed;
	}
	return 0;
malformed:
	return report(st, &alint__rule_invalid_suppression, hash, cend,
		      "malformed ambient-lint suppression comment: expected "
		      "'# ambient-lint: DIRECTIVE=RULE[,RULE...] [-- reason]' "
		      "with DIRECTIVE one of disable-line, disable-next-line, "
		      "disable-file, disable, enable");
}

static bool
item_matches(const struct item *it, const struct alint_finding *f)
{
	if (f->diag.start.line < it->first || f->diag.start.line > it->last)
		return false;
	return !it->entry || strcmp(it->entry->rule->id, f->diag.rule_id) == 0;
}

static bool
suppressible(const struct alint_finding *f)
{
	return strcmp(f->diag.rule_id, alint__rule_unused_suppression.id) &&
	       strcmp(f->diag.rule_id, alint__rule_invalid_suppression.id);
}

/* Drop the findings the items suppress; mark the items used. */
static void
filter(struct state *st)
{
	struct alint__findings *fs = &st->in->findings;
	struct alint_finding *f;
	size_t i, j, k = 0;
	bool drop;

	for (i = 0; i < fs->n; i++) {
		f = fs->items[i];
		drop = false;
		if (f->src == st->src && suppressible(f)) {
			for (j = 0; j < st->nitems; j++) {
				if (item_matches(&st->items[j], f)) {
					st->items[j].used = true;
					drop = true;
				}
			}
		}
		if (drop) {
			alint__finding_release(f);
			continue;
		}
		f->seq = k;
		fs->items[k++] = f;
	}
	fs->n = k;
}

static int
report_unused(struct state *st)
{
	const struct item *it;
	size_t i;
	int error;

	for (i = 0; i < st->nitems; i++) {
		it = &st->items[i];
		if (it->used ||
		    (it->entry && !alint__rule_on(st->ctx, st->in, it->entry)))
			continue;
		if (it->entry)
			error = report(st, &alint__rule_unused_suppression,
				       it->cstart, it->cend, "unused "
				       "suppression: no %s (%s) finding to "
				       "suppress here",
				       it->entry->rule->id,
				       it->entry->rule->name);
		else
			error = report(st, &alint__rule_unused_suppression,
				       it->cstart, it->cend, "unused "
				       "suppression: no finding of any rule "
				       "to suppress here");
		if (error < 0)
			return error;
	}
	return 0;
}

int
alint__suppress(struct alint_ctx *ctx, struct alint__input *in,
		size_t error_at)
{
	struct state st;
	size_t i;
	int error;

	if (!in->src || (ctx->opts.flags & ALINT_OPT_NO_INLINE_CONFIG))
		return 0;
	if (!find_keyword(in->src->buf, in->src->buf + in->src->len))
		return 0;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.in = in;
	st.src = in->src;
	error = find_candidates(&st, error_at);
	if (error < 0 || st.ncands == 0)
		goto out;
	veto_scalars(&st);
	for (i = 0; i < st.ncands; i++) {
		if (st.cands[i].vetoed)
			continue;
		error = parse_comment(&st, st.cands[i].off);
		if (error < 0)
			goto out;
	}
	filter(&st);
	if (!in->src->fatal)
		error = report_unused(&st);
out:
	free(st.items);
	free(st.cands);
	return error;
}
