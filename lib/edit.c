/*
 * edit.c - the edit builders of ambientlint/rule.h
 *
 * Each builder turns one change of a YAML tree (remove a pair, insert a
 * pair, replace a value, rename a key, append an item to a sequence, make
 * a mapping the one item of a sequence, append or remove a document) into
 * byte-range edits on the finding's input, the way a careful person would
 * make them by hand: only the bytes the change needs are touched, and new
 * text follows the style of the file around it. Nothing is re-emitted.
 *
 * Style comes from the file:
 *  - the line ending: "\r\n" when the source's first line ends so
 *    (src->crlf), else "\n";
 *  - the indentation unit: the step between a block mapping and a block
 *    mapping nested in it on the next line, looked for in the mapping
 *    being edited, then its ancestors, then its document, then the other
 *    documents of the input; 2 when there is no such pair;
 *  - the indentation of a block sequence under a key: the column of its
 *    '-' minus the column of the key (0 for "key:\n- a"), looked for in
 *    the document, then the input; the unit when there is none;
 *  - the blanks after the '-' of a new sequence item: those of the
 *    sequence's first item (and, for sequences inside the item, those of
 *    the first such sequence inside the items), for appended items only;
 *  - flow or block: a flow mapping gets flow text (", k: v").
 *
 * YAML fragments handed to the builders (values, documents) are parsed
 * with alint__yaml_parse() and must be clean YAML. A block collection is
 * re-indented line by line: every line gets the shift of the innermost
 * block collection that holds it, so scalars that span lines keep their
 * relative layout. Offsets are raw bytes: a BOM stays where it is, and
 * the first line starts after it.
 *
 * A builder adds all its edits or none: when one edit fails (an overlap
 * with an edit already in the fix, or no memory) the ones it added are
 * taken back, and the public builder then withdraws the finding's whole
 * fix (a fix applies whole or not at all). On success it declares the
 * paths it changes. Removals and insertions in a block collection (and
 * items appended to a flow sequence) also claim the first byte of its
 * first entry, or its '[' (plan_claim()), so that two
 * fixes changing one collection are applied in successive passes.
 *
 * Where a change cannot be made safely by byte edits the builders refuse
 * it (ALINT_EINVAL) rather than guess: nodes inside a collection used as
 * a key; nodes that an alias copies (under an anchor an alias refers to)
 * and edits that delete an anchor still referred to; mappings with
 * explicit ("? k"), multi-line or merge ("<<") keys; the last pair of a
 * mapping whose anchor or tag sits on a line of its own; insertion into
 * a flow pair of a sequence ("[a: b]"); appending after a block scalar
 * that ends the input without a line break; moving the lines of a
 * mapping that holds a block scalar (to make it a sequence item).
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NOPOS SIZE_MAX

/* Room for edits in a plan, to start with. */
#define PLAN_MIN 4

/* ---- growing strings ----------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, cap;
	bool fail;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	size_t cap;
	char *p;

	if (b->fail || n == 0)
		return;
	if (b->n + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->fail = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void
sb_spaces(struct sbuf *b, size_t n)
{
	static const char sp[] = "                ";

	while (n > 0) {
		sb_add(b, sp, n < 16 ? n : 16);
		n -= n < 16 ? n : 16;
	}
}

static void
sb_free(struct sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/*
 * Whether n or one of its ancestors is an anchor that an alias refers to:
 * an edit there would change every copy the aliases make (a label map
 * reused as a selector, a merged "<<" base).
 */
static bool
aliased(const struct alint_node *n)
{
	const struct alint_doc *d = n ? alint__node_doc(n) : NULL;
	size_t i;

	for (; n; n = alint__node_parent(n)) {
		if (!(n->flags & ALINT__NF_ANCHOR))
			continue;
		for (i = 0; i < d->naliases; i++)
			if (d->aliases[i].target == n)
				return true;
	}
	return false;
}

/* ---- the input and its lines --------------------------------------------- */

struct ectx {
	struct alint_finding *f;
	const struct alint_source *src;
	const char *buf;
	size_t len;
	size_t bol0;		/* first byte of the first line (after a BOM) */
	const char *eol;
	size_t unit;		/* indentation step */
	size_t seq;		/* indentation of a sequence under a key */
	size_t gap;		/* blanks after a new item's '-'; 0: as given */
};

static int
ectx_init(struct ectx *c, struct alint_finding *f,
	  const struct alint_node *node)
{
	const struct alint_node *n;

	memset(c, 0, sizeof(*c));
	if (!f || !f->has_fix || !f->src)
		return ALINT_EINVAL;
	if (node && (!alint__node_doc(node) ||
		     alint__node_doc(node)->src != f->src))
		return ALINT_EINVAL;
	/* nothing inside a collection used as a key ("? [a, b]: c") */
	for (n = node; n; n = alint__node_parent(n))
		if ((n->flags & ALINT__NF_KEY) && n->kind != ALINT_NODE_SCALAR)
			return ALINT_EINVAL;
	/* nothing that aliases copy elsewhere */
	if (node && aliased(alint__node_parent(node)))
		return ALINT_EINVAL;
	c->f = f;
	c->src = f->src;
	c->buf = f->src->buf;
	c->len = f->src->len;
	c->bol0 = f->src->bom ? 3 : 0;
	c->eol = f->src->crlf ? "\r\n" : "\n";
	c->unit = 2;
	c->seq = 2;
	return 0;
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Start of the line that holds pos. */
static size_t
bol(const struct ectx *c, size_t pos)
{
	while (pos > 0 && c->buf[pos - 1] != '\n') {
		if (pos == c->bol0)
			break;
		pos--;
	}
	return pos;
}

/* End of the line that holds pos, before its line break (or at EOF). */
static size_t
line_end(const struct ectx *c, size_t pos)
{
	const char *nl = memchr(c->buf + pos, '\n', c->len - pos);

	if (!nl)
		return c->len;
	pos = (size_t)(nl - c->buf);
	if (pos > 0 && c->buf[pos - 1] == '\r')
		pos--;
	return pos;
}

/* Position after the line break that ends pos's line; NOPOS at EOF. */
static size_t
next_line(const struct ectx *c, size_t pos)
{
	const char *nl = memchr(c->buf + pos, '\n', c->len - pos);

	return nl ? (size_t)(nl - c->buf) + 1 : NOPOS;
}

static size_t
col(const struct ectx *c, size_t pos)
{
	return pos - bol(c, pos);
}

static bool
only_blanks(const struct ectx *c, size_t a, size_t b)
{
	for (; a < b; a++)
		if (!is_blank(c->buf[a]))
			return false;
	return true;
}

/* Whether [pos, end of line) holds only blanks and maybe a comment. */
static bool
rest_is_comment(const struct ectx *c, size_t pos)
{
	size_t e = line_end(c, pos);

	while (pos < e && is_blank(c->buf[pos]))
		pos++;
	return pos == e || c->buf[pos] == '#';
}

static bool
is_block(const struct alint_node *n)
{
	return (n->kind == ALINT_NODE_MAPPING ||
		n->kind == ALINT_NODE_SEQUENCE) &&
	       n->style == ALINT_STYLE_BLOCK;
}

static bool
has_props(const struct alint_node *n)
{
	return (n->flags & (ALINT__NF_ANCHOR | ALINT__NF_TAG)) != 0;
}

static const struct alint_node *
last_child(const struct alint_node *n)
{
	const struct alint_node *c = alint__node_first(n);

	while (c && alint__node_next(c))
		c = alint__node_next(c);
	return c;
}

/* The key of a mapping value (the node before it), or NULL. */
static const struct alint_node *
key_of(const struct alint_node *v)
{
	const struct alint_node *k, *p = alint__node_parent(v);

	if (!p || p->kind != ALINT_NODE_MAPPING || (v->flags & ALINT__NF_KEY))
		return NULL;
	for (k = alint__node_first(p); k && alint__node_next(k);
	     k = alint__pair_next(k))
		if (alint__node_next(k) == v)
			return k;
	return NULL;
}

/*
 * The chomping and indentation indicators of a block scalar: whether it
 * keeps its trailing line breaks ("|+", ">+") or gives its indentation
 * ("|2").
 */
static void
block_header(const struct ectx *c, const struct alint_node *n, bool *keep,
	     bool *digit)
{
	size_t p = n->start, e = line_end(c, n->start);

	*keep = *digit = false;
	while (p < e && c->buf[p] != '|' && c->buf[p] != '>')
		p++;
	for (p++; p < e && !is_blank(c->buf[p]) && c->buf[p] != '#'; p++) {
		if (c->buf[p] == '+')
			*keep = true;
		else if (c->buf[p] >= '1' && c->buf[p] <= '9')
			*digit = true;
	}
}

/*
 * Where the text of a node ends: its span, except that a block scalar
 * (or a block collection that ends with one) ends at the end of its last
 * content line, before the line break: the empty lines after it (no more
 * spaces than the content's indentation) are the file's layout, not the
 * value, unless the scalar keeps its trailing line breaks ("+") or gives
 * its indentation (then the whole span but the last line break).
 */
static size_t
content_end(const struct ectx *c, const struct alint_node *n)
{
	size_t p, q, e, indent = NOPOS, last = NOPOS, sp;
	bool keep, digit;

	while (is_block(n) && alint__node_first(n))
		n = last_child(n);
	if (n->kind != ALINT_NODE_SCALAR || (n->style != ALINT_STYLE_LITERAL &&
					     n->style != ALINT_STYLE_FOLDED))
		return n->end;
	block_header(c, n, &keep, &digit);
	p = n->end;
	if (keep || digit) {
		if (p > n->start && c->buf[p - 1] == '\n')
			p--;
		if (p > n->start && c->buf[p - 1] == '\r')
			p--;
		return p;
	}
	for (q = next_line(c, n->start); q != NOPOS && q < n->end;
	     q = next_line(c, q)) {
		e = line_end(c, q);
		for (sp = 0; q + sp < e && c->buf[q + sp] == ' '; sp++)
			;
		if (q + sp < e && indent == NOPOS)
			indent = sp;
		if (q + sp < e || (indent != NOPOS && sp > indent))
			last = q;
	}
	return line_end(c, last != NOPOS ? last : n->start);
}

/* Whether an edit is a claim: one byte written again (plan_claim()). */
static bool
is_claim(const struct alint_finding *f, const struct alint_edit *e)
{
	return e->end == e->start + 1 && e->text_len == 1 &&
	       e->text[0] == f->src->buf[e->start];
}

/*
 * Whether an edit of the fix already deletes byte pos (a rename or a
 * replacement writes text there: the key stays).
 */
static bool
covered(const struct alint_finding *f, size_t pos)
{
	size_t i;

	for (i = 0; i < f->nedits; i++)
		if (f->edits[i].start <= pos && pos < f->edits[i].end &&
		    f->edits[i].text_len == 0)
			return true;
	return false;
}

/*
 * After the ':' of a key, and after the anchor or tag of its value when
 * they are on the same line; NOPOS when there is no ':' after the key.
 */
static size_t
after_colon(const struct ectx *c, const struct alint_node *k,
	    const struct alint_node *v)
{
	size_t p = k->end, e;

	while (p < c->len && is_blank(c->buf[p]))
		p++;
	if (p >= c->len || c->buf[p] != ':')
		return NOPOS;
	p++;
	if (v && has_props(v) && v->start >= p &&
	    bol(c, v->start) == bol(c, p)) {
		e = v->start;
		while (e < c->len && (c->buf[e] == '&' || c->buf[e] == '!')) {
			while (e < c->len && !is_blank(c->buf[e]) &&
			       c->buf[e] != '\r' && c->buf[e] != '\n')
				e++;
			p = e;
			while (e < c->len && is_blank(c->buf[e]))
				e++;
		}
	}
	return p;
}

/* Whether a key is explicit: "? k". */
static bool
explicit_key(const struct ectx *c, const struct alint_node *k)
{
	size_t p;

	for (p = k->start; p > 0 && is_blank(c->buf[p - 1]); p--)
		;
	return p > 0 && c->buf[p - 1] == '?';
}

/*
 * Whether the builders can edit the pairs of a mapping: every key is a
 * scalar written as an implicit key on one line ("k: v", not "? k"), and
 * none is a merge key ("<<"), whose merged pairs an edit could uncover
 * or hide.
 */
static bool
simple_keys(const struct ectx *c, const struct alint_node *map)
{
	const struct alint_node *k;

	for (k = alint__node_first(map); k && alint__node_next(k);
	     k = alint__pair_next(k))
		if (k->kind != ALINT_NODE_SCALAR || explicit_key(c, k) ||
		    (k->flags & ALINT__NF_MERGE) ||
		    memchr(c->buf + k->start, '\n', k->end - k->start))
			return false;
	return true;
}

/*
 * Whether [a, b) holds nothing but blanks, line breaks, comments and
 * bytes the fix deletes already.
 */
static bool
only_comments(const struct ectx *c, size_t a, size_t b)
{
	while (a < b) {
		if (covered(c->f, a)) {
			a++;
			continue;
		}
		if (c->buf[a] == '#') {
			a = line_end(c, a);
			continue;
		}
		if (!is_blank(c->buf[a]) && c->buf[a] != '\r' &&
		    c->buf[a] != '\n')
			return false;
		a++;
	}
	return true;
}

/*
 * The comment lines directly above the line that starts at line_s: the
 * run of whole lines just above it whose first non-blank character is a
 * '#' at column keycol or further right. A blank line, a line with
 * content, a comment further left, or the limit (the end of the node
 * before) ends the run. Returns the start of the first line of the run,
 * or line_s.
 */
static size_t
comments_above(const struct ectx *c, size_t line_s, size_t keycol,
	       size_t limit)
{
	size_t start = line_s, p, q;

	while (start > c->bol0 && start > limit) {
		p = bol(c, start - 1);
		if (p < limit)
			break;
		for (q = p; q < start && is_blank(c->buf[q]); q++)
			;
		if (q >= start || c->buf[q] != '#' || q - p < keycol)
			break;
		start = p;
	}
	return start;
}

/* Where the node before a key ends, in document order. */
static size_t
prev_end(const struct ectx *c, const struct alint_node *key)
{
	const struct alint_node *map = alint__node_parent(key), *k, *pk;

	for (k = alint__node_first(map); k && alint__node_next(k);
	     k = alint__pair_next(k))
		if (alint__pair_next(k) == key)
			return alint__node_next(k)->end;
	if (!alint__node_parent(map))
		return alint__node_doc(key) ? alint__node_doc(key)->start :
					      c->bol0;
	if (alint__node_parent(map)->kind == ALINT_NODE_MAPPING) {
		pk = key_of(map);
		return pk ? pk->end : map->start;
	}
	return bol(c, key->start);
}

/* ---- style --------------------------------------------------------------- */

/* The next node of a pre-order walk of the tree under root. */
static const struct alint_node *
walk_next(const struct alint_node *n, const struct alint_node *root)
{
	if (alint__node_first(n))
		return alint__node_first(n);
	while (n && n != root) {
		if (alint__node_next(n))
			return alint__node_next(n);
		n = alint__node_parent(n);
	}
	return NULL;
}

/*
 * For a block mapping value v of key k on a later line: the step between
 * their columns; for a block sequence value: its '-' column minus the
 * key's column. NOPOS when v is not such a value.
 */
static size_t
step_of(const struct ectx *c, const struct alint_node *k,
	const struct alint_node *v, enum alint_node_kind kind)
{
	size_t kc, vc;

	if (!k || !v || v->kind != kind || !is_block(v) ||
	    !alint__node_first(v) || has_props(v) ||
	    bol(c, v->start) == bol(c, k->start))
		return NOPOS;
	kc = col(c, k->start);
	vc = col(c, v->start);
	if (vc < kc || (kind == ALINT_NODE_MAPPING && vc == kc))
		return NOPOS;
	return vc - kc;
}

/* The first step of that kind in the tree under root, or NOPOS. */
static size_t
step_in_tree(const struct ectx *c, const struct alint_node *root,
	     enum alint_node_kind kind)
{
	const struct alint_node *n;
	size_t s;

	for (n = root; n; n = walk_next(n, root)) {
		if (n->kind != kind)
			continue;
		s = step_of(c, key_of(n), n, kind);
		if (s != NOPOS)
			return s;
	}
	return NOPOS;
}

/* The step of that kind in the input, searched near node first. */
static size_t
step_search(const struct ectx *c, const struct alint_node *near,
	    enum alint_node_kind kind)
{
	const struct alint_node *n, *k;
	size_t s, i;

	if (kind == ALINT_NODE_MAPPING) {
		/* the node's own children, then its ancestors */
		for (n = near; n; n = alint__node_parent(n)) {
			if (n->kind == ALINT_NODE_MAPPING && is_block(n)) {
				for (k = alint__node_first(n);
				     k && alint__node_next(k);
				     k = alint__pair_next(k)) {
					s = step_of(c, k, alint__node_next(k),
						    kind);
					if (s != NOPOS)
						return s;
				}
			}
			s = step_of(c, key_of(n), n, kind);
			if (s != NOPOS)
				return s;
		}
	}
	if (near && alint__node_doc(near) && alint__node_doc(near)->root) {
		s = step_in_tree(c, alint__node_doc(near)->root, kind);
		if (s != NOPOS)
			return s;
	}
	for (i = 0; i < c->src->ndocs; i++) {
		if (!c->src->docs[i].root)
			continue;
		s = step_in_tree(c, c->src->docs[i].root, kind);
		if (s != NOPOS)
			return s;
	}
	return NOPOS;
}

/* The first step of that kind in the trees of the items of seq. */
static size_t
step_in_items(const struct ectx *c, const struct alint_node *seq,
	      enum alint_node_kind kind)
{
	const struct alint_node *it;
	size_t s;

	for (it = alint__node_first(seq); it; it = alint__node_next(it)) {
		s = step_in_tree(c, it, kind);
		if (s != NOPOS)
			return s;
	}
	return NOPOS;
}

/*
 * The style of new text near node near; for new items of sequence near
 * (items set), the steps used inside its items come first.
 */
static void
style_detect(struct ectx *c, const struct alint_node *near, bool items)
{
	size_t s;

	s = items ? step_in_items(c, near, ALINT_NODE_MAPPING) : NOPOS;
	if (s == NOPOS || s == 0 || s > 16)
		s = step_search(c, near, ALINT_NODE_MAPPING);
	c->unit = s != NOPOS && s > 0 && s <= 16 ? s : 2;
	s = items ? step_in_items(c, near, ALINT_NODE_SEQUENCE) : NOPOS;
	if (s == NOPOS || s > 16)
		s = step_search(c, near, ALINT_NODE_SEQUENCE);
	c->seq = s != NOPOS && s <= 16 ? s : c->unit;
}

/* ---- edit plans ---------------------------------------------------------- */

struct plan_edit {
	size_t start, end;
	char *text;		/* malloc'ed, or NULL */
	size_t len;
};

struct plan {
	struct plan_edit *e;
	size_t n, cap;
	bool fail;		/* out of memory while planning */
};

static void
plan_add(struct plan *pl, size_t start, size_t end, const char *text,
	 size_t len)
{
	struct plan_edit *e;
	char *copy = NULL;
	size_t cap;

	if (pl->fail)
		return;
	if (pl->n == pl->cap) {
		cap = pl->cap ? pl->cap * 2 : PLAN_MIN;
		e = realloc(pl->e, cap * sizeof(*e));
		if (!e) {
			pl->fail = true;
			return;
		}
		pl->e = e;
		pl->cap = cap;
	}
	if (len) {
		copy = malloc(len);
		if (!copy) {
			pl->fail = true;
			return;
		}
		memcpy(copy, text, len);
	}
	pl->e[pl->n].start = start;
	pl->e[pl->n].end = end;
	pl->e[pl->n].text = copy;
	pl->e[pl->n].len = len;
	pl->n++;
}

static void
plan_add_sb(struct plan *pl, size_t start, size_t end, const struct sbuf *b)
{
	if (b->fail)
		pl->fail = true;
	else
		plan_add(pl, start, end, b->p, b->n);
}

static void
plan_free(struct plan *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		free(pl->e[i].text);
	free(pl->e);
	pl->e = NULL;
	pl->n = pl->cap = 0;
}

/*
 * Serialise the fixes that change the entries of one collection: every
 * removal or insertion of a pair (or List item) claims the first byte of
 * the collection's first key or '-', by deleting it or by a no-op edit
 * that writes it again. Two fixes that both claim it overlap, so the
 * fixing passes apply them one after the other, each computed on the text
 * the other left. Otherwise two fixes that each remove one of the last
 * two pairs of a mapping would together leave "labels:" (null) instead of
 * "labels: {}", and an insertion next to a "{}" would not parse.
 */
static void
plan_claim(const struct ectx *c, struct plan *pl, size_t fk)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		if (pl->e[i].start <= fk && fk < pl->e[i].end)
			return;
	for (i = 0; i < c->f->nedits; i++)
		if (c->f->edits[i].start <= fk && fk < c->f->edits[i].end)
			return;
	plan_add(pl, fk, fk + 1, c->buf + fk, 1);
}

/* Take back the edit [start, end) that this builder added. */
static void
edit_remove(struct alint_finding *f, size_t start, size_t end)
{
	size_t i;

	for (i = 0; i < f->nedits; i++) {
		if (f->edits[i].start != start || f->edits[i].end != end)
			continue;
		free((char *)f->edits[i].text);
		memmove(&f->edits[i], &f->edits[i + 1],
			(f->nedits - i - 1) * sizeof(*f->edits));
		f->nedits--;
		return;
	}
}

/*
 * Whether an edit of the plan deletes or rewrites the definition of an
 * anchor that an alias outside the edit refers to: the alias would be
 * left without its anchor.
 */
static bool
plan_cuts_anchor(const struct alint_source *src, const struct plan *pl)
{
	const struct alint__alias_ref *r;
	size_t i, d, k, s, e, lo, hi, mid;

	for (i = 0; i < pl->n; i++) {
		s = pl->e[i].start;
		e = pl->e[i].end;
		if (e == s || (e == s + 1 && pl->e[i].len == 1 &&
			       pl->e[i].text[0] == src->buf[s]))
			continue;
		/*
		 * An alias refers to an anchor of its own document: look only
		 * at the documents the edit touches, found by binary search,
		 * so that a stream of many documents costs no more per edit
		 * than one.
		 */
		lo = 0;
		hi = src->ndocs;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (src->docs[mid].end < s)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (d = lo; d < src->ndocs && src->docs[d].start <= e; d++) {
			for (k = 0; k < src->docs[d].naliases; k++) {
				r = &src->docs[d].aliases[k];
				if (r->target && r->target->start >= s &&
				    r->target->start < e &&
				    (r->alias->start < s ||
				     r->alias->start >= e))
					return true;
			}
		}
	}
	return false;
}

/* Add every edit of the plan to the fix, or none. Frees the plan. */
static int
plan_apply(struct alint_finding *f, struct plan *pl)
{
	const struct alint_edit *e;
	size_t i, j;
	int rc = 0;

	if (pl->fail) {
		plan_free(pl);
		return ALINT_ENOMEM;
	}
	if (plan_cuts_anchor(f->src, pl)) {
		plan_free(pl);
		return ALINT_EINVAL;
	}
	/* a claim of this fix that a planned edit replaces is redundant */
	for (i = 0; i < pl->n; i++) {
		for (j = 0; j < f->nedits; j++) {
			e = &f->edits[j];
			if (is_claim(f, e) && pl->e[i].start <= e->start &&
			    e->end <= pl->e[i].end && pl->e[i].end >
			    pl->e[i].start) {
				edit_remove(f, e->start, e->end);
				break;
			}
		}
	}
	for (i = 0; i < pl->n; i++) {
		rc = alint_finding_edit(f, pl->e[i].start, pl->e[i].end,
					pl->e[i].text ? pl->e[i].text : "",
					pl->e[i].len);
		if (rc < 0) {
			for (j = 0; j < i; j++)
				edit_remove(f, pl->e[j].start, pl->e[j].end);
			break;
		}
	}
	plan_free(pl);
	return rc;
}

/*
 * Withdraw the whole fix of a finding (edits, paths, description) after
 * a builder failed, so that no half-built fix is ever applied. The rule
 * may start another one with alint_finding_fix().
 */
static int
withdraw(struct alint_finding *f, int rc)
{
	if (rc < 0 && f && f->has_fix)
		alint__finding_drop_fix(f);
	return rc;
}

/* ---- paths --------------------------------------------------------------- */

int
alint__finding_fix_path_doc(struct alint_finding *f, size_t doc,
			    const char *path)
{
	size_t *d, i, n;
	int rc;

	if (!f || !path || !f->has_fix)
		return ALINT_EINVAL;
	if (f->lint_only)
		return 0;	/* as alint_finding_fix_path() */
	if (f->npath_docs == 0 && doc == f->diag.document)
		return alint_finding_fix_path(f, path);
	n = f->npaths + 1;
	d = realloc(f->path_docs, n * sizeof(*d));
	if (!d)
		return ALINT_ENOMEM;
	f->path_docs = d;
	for (i = f->npath_docs; i < f->npaths; i++)
		d[i] = f->diag.document;
	f->npath_docs = f->npaths;
	rc = alint_finding_fix_path(f, path);
	if (rc < 0)
		return rc;
	d[f->npaths - 1] = doc;
	f->npath_docs = f->npaths;
	return 0;
}

/* Declare the path of node n in its document. */
static int
declare_node(struct alint_finding *f, const struct alint_node *n)
{
	struct alint__arena a;
	const char *p;
	int rc;

	alint__arena_init(&a);
	p = alint__node_path(&a, n);
	rc = p ? alint__finding_fix_path_doc(f, alint__node_doc(n)->index, p) :
		ALINT_ENOMEM;
	alint__arena_free(&a);
	return rc;
}

/* Declare the path of key (a new one) in mapping map. */
static int
declare_child(struct alint_finding *f, const struct alint_node *map,
	      const char *key)
{
	struct alint__arena a;
	struct sbuf b;
	const char *p;
	int rc;

	memset(&b, 0, sizeof(b));
	alint__arena_init(&a);
	p = alint__node_path(&a, map);
	if (!p) {
		alint__arena_free(&a);
		return ALINT_ENOMEM;
	}
	sb_str(&b, p);
	sb_add(&b, "/", 1);
	for (; *key; key++) {
		if (*key == '~')
			sb_add(&b, "~0", 2);
		else if (*key == '/')
			sb_add(&b, "~1", 2);
		else
			sb_add(&b, key, 1);
	}
	rc = b.fail ? ALINT_ENOMEM :
		alint__finding_fix_path_doc(f, alint__node_doc(map)->index,
					    b.p);
	alint__arena_free(&a);
	sb_free(&b);
	return rc;
}

/* ---- scalars and keys ---------------------------------------------------- */

/*
 * Whether s can be written as a plain scalar that reads back as the same
 * string under YAML 1.1 (kubectl) and 1.2, in block or flow context.
 */
static bool
plain_ok(const char *s, size_t n, bool flow)
{
	size_t i;
	unsigned char ch;

	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]))
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (n == 2 && memcmp(s, "<<", 2) == 0)
		return false;
	/* a YAML 1.2 octal integer (0o17), a string for YAML 1.1 */
	if (n > 2 && s[0] == '0' && s[1] == 'o' && strspn(s + 2, "01234567")
	    >= n - 2)
		return false;
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f)
			return false;
		if (ch == ':' && i + 1 < n && s[i + 1] == ' ')
			return false;
		if (ch == '#' && i > 0 && s[i - 1] == ' ')
			return false;
		if (flow && strchr(",[]{}", ch))
			return false;
	}
	return alint__y11_resolve(s, n) == ALINT_Y11_STR;
}

static void
double_quote(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[4];
	unsigned char ch;
	size_t i;

	sb_add(b, "\"", 1);
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') {
			esc[0] = '\\';
			esc[1] = (char)ch;
			sb_add(b, esc, 2);
		} else if (ch == '\n') {
			sb_add(b, "\\n", 2);
		} else if (ch == '\t') {
			sb_add(b, "\\t", 2);
		} else if (ch == '\r') {
			sb_add(b, "\\r", 2);
		} else if (ch < 0x20 || ch == 0x7f) {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[ch >> 4];
			esc[3] = hex[ch & 15];
			sb_add(b, esc, 4);
		} else {
			sb_add(b, s + i, 1);
		}
	}
	sb_add(b, "\"", 1);
}

/* Single quotes when s has no control character, else double quotes. */
static void
single_quote(struct sbuf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			double_quote(b, s, n);
			return;
		}
	sb_add(b, "'", 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			sb_add(b, "'", 1);
		sb_add(b, s + i, 1);
	}
	sb_add(b, "'", 1);
}

/*
 * s written in a quoting style: plain when it can be, else double
 * quotes; single or double quotes when asked for.
 */
static void
write_scalar(struct sbuf *b, const char *s, size_t n, enum alint_node_style st,
	     bool flow)
{
	if (st == ALINT_STYLE_SINGLE_QUOTED)
		single_quote(b, s, n);
	else if (st == ALINT_STYLE_DOUBLE_QUOTED || !plain_ok(s, n, flow))
		double_quote(b, s, n);
	else
		sb_add(b, s, n);
}

/* ---- fragments ----------------------------------------------------------- */

struct frag {
	struct alint_source *src;
	const struct alint_node *root;
	long *delta;		/* per line: shift of its indentation */
	bool *dash;		/* per byte: the '-' of an item on its line */
};

static void
frag_free(struct frag *fr)
{
	alint__source_free(fr->src);
	free(fr->delta);
	free(fr->dash);
	memset(fr, 0, sizeof(*fr));
}

/* Parse a YAML fragment: one document, clean, not empty. */
static int
frag_parse(struct frag *fr, const char *text)
{
	struct alint_source *s;
	size_t len;
	int rc;

	memset(fr, 0, sizeof(*fr));
	if (!text)
		return ALINT_EINVAL;
	len = strlen(text);
	s = calloc(1, sizeof(*s));
	if (!s)
		return ALINT_ENOMEM;
	fr->src = s;
	s->name = strdup("fragment");
	s->buf = malloc(len + 1);
	if (!s->name || !s->buf)
		return ALINT_ENOMEM;
	memcpy(s->buf, text, len + 1);
	s->len = len;
	rc = alint__yaml_parse(s);
	if (rc < 0)
		return rc;
	if (s->fatal || s->nissues || s->ndocs != 1 || !s->docs[0].root)
		return ALINT_EINVAL;
	fr->root = s->docs[0].root;
	return 0;
}

static size_t
frag_line(const struct frag *fr, size_t pos)
{
	size_t start;

	return alint__line_of(fr->src, pos, &start);
}

static size_t
frag_col(const struct frag *fr, size_t pos)
{
	size_t start;

	alint__line_of(fr->src, pos, &start);
	return pos - start;
}

/* Last line of a node's span. */
static size_t
frag_last_line(const struct frag *fr, const struct alint_node *n)
{
	return frag_line(fr, n->end > n->start ? n->end - 1 : n->start);
}

/*
 * The '-' of an item of a block sequence of the fragment when the item
 * starts on the line of its '-' and is not empty, else NOPOS.
 */
static size_t
frag_dash(const struct frag *fr, const struct alint_node *item)
{
	const char *buf = fr->src->buf;
	size_t p = item->start;

	if (item->end == item->start)
		return NOPOS;
	while (p > 0 && is_blank(buf[p - 1]))
		p--;
	return p > 0 && p < item->start && buf[p - 1] == '-' ? p - 1 : NOPOS;
}

/*
 * Give the lines of block collection n (or of the root) the shift that
 * moves n to column newcol, then its nested block collections theirs.
 */
static void
frag_paint(const struct ectx *c, struct frag *fr, const struct alint_node *n,
	   size_t newcol)
{
	const struct alint_node *k, *v;
	size_t oldcol = frag_col(fr, n->start), l, last;
	long shift;

	last = frag_last_line(fr, n);
	for (l = frag_line(fr, n->start); l <= last; l++)
		fr->delta[l] = (long)newcol - (long)oldcol;
	if (!is_block(n))
		return;
	if (n->kind == ALINT_NODE_MAPPING) {
		for (k = alint__node_first(n); k && alint__node_next(k);
		     k = alint__pair_next(k)) {
			v = alint__node_next(k);
			if (!is_block(v) || !alint__node_first(v) ||
			    frag_line(fr, v->start) == frag_line(fr, k->start))
				continue;
			frag_paint(c, fr, v, newcol +
				   (v->kind == ALINT_NODE_MAPPING ? c->unit :
				    c->seq));
		}
		return;
	}
	for (v = alint__node_first(n); v; v = alint__node_next(v)) {
		if (!is_block(v) || !alint__node_first(v))
			continue;
		if (c->gap == 0 || frag_dash(fr, v) == NOPOS) {
			frag_paint(c, fr, v, newcol + frag_col(fr, v->start) -
				   oldcol);
			continue;
		}
		/*
		 * "- a: 1" with other blanks after the '-': the item moves
		 * right or left, its first line keeps the indentation of
		 * the '-'.
		 */
		l = frag_line(fr, v->start);
		shift = fr->delta[l];
		frag_paint(c, fr, v, newcol + 1 + c->gap);
		fr->delta[l] = shift;
	}
}

/* Mark the '-' of the items whose blanks after it become c->gap. */
static int
frag_mark_dashes(const struct ectx *c, struct frag *fr)
{
	const struct alint_node *n, *it;
	size_t d;

	free(fr->dash);
	fr->dash = NULL;
	if (c->gap == 0)
		return 0;
	fr->dash = calloc(fr->src->len + 1, sizeof(*fr->dash));
	if (!fr->dash)
		return ALINT_ENOMEM;
	for (n = fr->root; n; n = walk_next(n, fr->root)) {
		if (n->kind != ALINT_NODE_SEQUENCE || !is_block(n))
			continue;
		for (it = alint__node_first(n); it; it = alint__node_next(it)) {
			d = frag_dash(fr, it);
			if (d != NOPOS)
				fr->dash[d] = true;
		}
	}
	return 0;
}

/* Text [p, e) of a fragment line, with c->gap blanks after marked '-'. */
static void
frag_text(const struct ectx *c, const struct frag *fr, size_t p, size_t e,
	  struct sbuf *out)
{
	const char *buf = fr->src->buf;
	size_t q;

	for (q = p; fr->dash && q < e; q++) {
		if (!fr->dash[q])
			continue;
		sb_add(out, buf + p, q + 1 - p);
		sb_spaces(out, c->gap);
		for (p = q + 1; p < e && is_blank(buf[p]); p++)
			;
		q = p - 1;
	}
	sb_add(out, buf + p, e - p);
}

/*
 * Write the lines of the fragment's root re-indented so that the root
 * sits at column newcol, joined by the file's line break, without a
 * final one. With inline_first, the first line has no indentation (it
 * follows text already on the line).
 */
static int
frag_render(const struct ectx *c, struct frag *fr, size_t newcol,
	    bool inline_first, struct sbuf *out)
{
	const struct alint_source *s = fr->src;
	size_t first, last, l, p, e, lead, ls, nx;
	long ind;

	free(fr->delta);
	fr->delta = calloc(s->nlines, sizeof(*fr->delta));
	if (!fr->delta || frag_mark_dashes(c, fr) < 0)
		return ALINT_ENOMEM;
	frag_paint(c, fr, fr->root, newcol);
	first = frag_line(fr, fr->root->start);
	last = frag_last_line(fr, fr->root);
	ls = alint__line_start(s, first);
	for (l = first; l <= last; l++, ls = nx) {
		nx = alint__line_next(s, ls);
		e = nx;
		p = l == first ? fr->root->start : ls;
		if (l == last && fr->root->end < e && fr->root->end > p &&
		    !is_block(fr->root))
			e = fr->root->end;
		while (e > p && (s->buf[e - 1] == '\n' ||
				 s->buf[e - 1] == '\r'))
			e--;
		if (l > first)
			sb_str(out, c->eol);
		for (lead = 0; p + lead < e && s->buf[p + lead] == ' '; lead++)
			;
		if (p + lead == e)
			continue;	/* a blank line stays empty */
		ind = (long)(lead + (l == first ? frag_col(fr, p) : 0)) +
			fr->delta[l];
		if (ind < 0)
			return ALINT_EINVAL;
		if (!(l == first && inline_first))
			sb_spaces(out, (size_t)ind);
		frag_text(c, fr, p + lead, e, out);
	}
	return out->fail ? ALINT_ENOMEM : 0;
}

/* A fragment node as single-line flow text. */
static int
frag_flow(const struct frag *fr, const struct alint_node *n, struct sbuf *out)
{
	const struct alint_node *k;
	const char *t = fr->src->buf + n->start;
	size_t len = n->end - n->start, i;
	int rc;

	if (!is_block(n)) {
		if (n->kind == ALINT_NODE_SCALAR &&
		    (n->style == ALINT_STYLE_LITERAL ||
		     n->style == ALINT_STYLE_FOLDED))
			return ALINT_EINVAL;
		for (i = 0; i < len; i++)
			if (t[i] == '\n' || t[i] == '\r' ||
			    (n->style == ALINT_STYLE_PLAIN &&
			     strchr(",[]{}", t[i])))
				return ALINT_EINVAL;
		sb_add(out, t, len);
		return 0;
	}
	sb_str(out, n->kind == ALINT_NODE_MAPPING ? "{" : "[");
	for (k = alint__node_first(n); k; k = alint__node_next(k)) {
		if (k != alint__node_first(n))
			sb_str(out, ", ");
		rc = frag_flow(fr, k, out);
		if (rc < 0)
			return rc;
		if (n->kind == ALINT_NODE_MAPPING) {
			k = alint__node_next(k);
			if (!k)
				return ALINT_EINVAL;
			sb_str(out, ": ");
			rc = frag_flow(fr, k, out);
			if (rc < 0)
				return rc;
		}
	}
	sb_str(out, n->kind == ALINT_NODE_MAPPING ? "}" : "]");
	return 0;
}

/*
 * The value of a "key: value" written at key column keycol: " value" on
 * the key's line, or a line break and the block collection below.
 */
static int
frag_value(const struct ectx *c, struct frag *fr, size_t keycol,
	   struct sbuf *out)
{
	const struct alint_node *r = fr->root;

	if (is_block(r)) {
		sb_str(out, c->eol);
		return frag_render(c, fr, keycol +
				   (r->kind == ALINT_NODE_MAPPING ? c->unit :
				    c->seq), false, out);
	}
	sb_str(out, " ");
	return frag_render(c, fr, keycol, true, out);
}

/* ---- remove_pair --------------------------------------------------------- */

/* Remove a pair of a flow mapping with one comma next to it. */
static int
plan_remove_flow(const struct ectx *c, struct plan *pl,
		 const struct alint_node *map, const struct alint_node *key)
{
	const struct alint_node *k, *v, *next = NULL, *prev = NULL;
	size_t ve, p;
	bool after = false;

	if (!simple_keys(c, map))
		return ALINT_EINVAL;
	for (k = alint__node_first(map); k && alint__node_next(k);
	     k = alint__pair_next(k)) {
		if (k == key) {
			after = true;
			continue;
		}
		if (covered(c->f, k->start))
			continue;
		if (after && !next)
			next = k;
		else if (!after)
			prev = k;
	}
	v = alint__node_next(key);
	ve = v->end > key->end ? v->end : key->end;
	if (next) {
		plan_add(pl, key->start, next->start, NULL, 0);
	} else if (prev) {
		v = alint__node_next(prev);
		p = v->end > prev->end ? v->end : prev->end;
		plan_add(pl, p, ve, NULL, 0);
	} else if (alint__node_count(map) == 1) {
		for (p = map->start; p < map->end && c->buf[p] != '{'; p++)
			;
		if (p >= map->end || map->end - 1 <= p)
			return ALINT_EINVAL;
		plan_add(pl, p + 1, map->end - 1, NULL, 0);
	} else {
		/* every other pair goes too: take a comma that is left */
		for (p = ve; p < map->end && is_blank(c->buf[p]); p++)
			;
		if (p < map->end && c->buf[p] == ',' && !covered(c->f, p))
			ve = p + 1;
		plan_add(pl, key->start, ve, NULL, 0);
	}
	return 0;
}

static int
plan_remove_block(const struct ectx *c, struct plan *pl,
		  const struct alint_node *map, const struct alint_node *key)
{
	const struct alint_node *k, *pk = NULL;
	size_t remaining = 0, ks = key->start, ve, ls, end, p, ins;
	bool own;

	if (!simple_keys(c, map))
		return ALINT_EINVAL;
	for (k = alint__node_first(map); k && alint__node_next(k);
	     k = alint__pair_next(k))
		if (k == key || !covered(c->f, k->start))
			remaining++;
	ve = content_end(c, alint__node_next(key));
	if (ve < key->end)
		ve = key->end;
	if (!rest_is_comment(c, ve))
		return ALINT_EINVAL;
	end = next_line(c, ve);
	if (end == NOPOS)
		end = c->len;
	ls = bol(c, ks);
	own = only_blanks(c, ls, ks);

	if (remaining == 1) {
		if (alint__node_parent(map) &&
		    alint__node_parent(map)->kind == ALINT_NODE_MAPPING)
			pk = key_of(map);
		if (pk && own && bol(c, pk->start) != ls) {
			/* "labels:\n  a: b\n" -> "labels: {}\n" */
			ins = after_colon(c, pk, map);
			/* props of the mapping on a line of their own */
			if (ins == NOPOS || ins > ls || !only_comments(c, ins,
								       ls))
				return ALINT_EINVAL;
			plan_add(pl, ins, ins, " {}", 3);
			plan_add(pl, comments_above(c, ls, col(c, ks),
						    prev_end(c, key)),
				 end, NULL, 0);
			return 0;
		}
		/* a sequence item or a document: "- a: b" -> "- {}" */
		plan_add(pl, ks, ve, "{}", 2);
		return 0;
	}
	if (own) {
		plan_add(pl, comments_above(c, ls, col(c, ks),
					    prev_end(c, key)),
			 end, NULL, 0);
		plan_claim(c, pl, alint__node_first(map)->start);
		return 0;
	}
	if (key != alint__node_first(map))
		return ALINT_EINVAL;
	/*
	 * "- name: x\n  image: y": the first pair of a sequence item, with
	 * more to come. The next line's content moves up after the "- ".
	 */
	p = end;
	while (p < c->len && (is_blank(c->buf[p]) || c->buf[p] == '\r' ||
			      c->buf[p] == '\n'))
		p++;
	plan_add(pl, ks, p, NULL, 0);
	plan_claim(c, pl, alint__node_first(map)->start);
	return 0;
}

static int
build_remove_pair(struct alint_finding *f, const struct alint_node *key)
{
	struct ectx c;
	struct plan pl;
	const struct alint_node *map;
	int rc;

	rc = ectx_init(&c, f, key);
	if (rc < 0)
		return rc;
	if (!(key->flags & ALINT__NF_KEY) || !alint__node_next(key) ||
	    !alint__node_parent(key))
		return ALINT_EINVAL;
	map = alint__node_parent(key);
	memset(&pl, 0, sizeof(pl));
	if (map->style == ALINT_STYLE_FLOW)
		rc = plan_remove_flow(&c, &pl, map, key);
	else
		rc = plan_remove_block(&c, &pl, map, key);
	if (rc < 0) {
		plan_free(&pl);
		return rc;
	}
	rc = plan_apply(f, &pl);
	if (rc < 0)
		return rc;
	return declare_node(f, key);
}

/* ---- insert_pair --------------------------------------------------------- */

/* Whether the mapping has key, not deleted by the fix already. */
static bool
has_live_key(const struct alint_finding *f, const struct alint_node *map,
	     const char *key)
{
	const struct alint_node *k;
	size_t len = strlen(key);

	for (k = alint__node_first(map); k && alint__node_next(k);
	     k = alint__pair_next(k))
		if (k->kind == ALINT_NODE_SCALAR && alint__node_len(k) == len &&
		    memcmp(alint__node_text(k), key, len) == 0 &&
		    !covered(f, k->start))
			return true;
	return false;
}

static int
build_insert_pair(struct alint_finding *f, const struct alint_node *map,
		  const char *key, const char *value_yaml)
{
	struct ectx c;
	struct frag fr;
	struct plan pl;
	struct sbuf b;
	const struct alint_node *lk, *lv;
	size_t p = 0, keycol, ip;
	int rc;

	rc = ectx_init(&c, f, map);
	if (rc < 0)
		return rc;
	if (!map || map->kind != ALINT_NODE_MAPPING || !key ||
	    has_live_key(f, map, key) || aliased(map))
		return ALINT_EINVAL;
	memset(&b, 0, sizeof(b));
	memset(&pl, 0, sizeof(pl));
	rc = frag_parse(&fr, value_yaml);
	if (rc < 0)
		goto out;
	style_detect(&c, map, false);

	if (map->style == ALINT_STYLE_FLOW) {
		/* "{...}", not a pair in a flow sequence ("[a: b]") */
		for (p = map->start; p < map->end && c.buf[p] != '{'; p++)
			;
		if (!simple_keys(&c, map) || p + 1 >= map->end ||
		    c.buf[map->end - 1] != '}') {
			rc = ALINT_EINVAL;
			goto out;
		}
		if (alint__node_count(map) > 0)
			sb_str(&b, ", ");
		write_scalar(&b, key, strlen(key), ALINT_STYLE_PLAIN, true);
		sb_str(&b, ": ");
		rc = frag_flow(&fr, fr.root, &b);
		if (rc < 0)
			goto out;
		if (alint__node_count(map) == 0) {
			plan_add_sb(&pl, p + 1, map->end - 1, &b);
		} else {
			lv = last_child(map);
			lk = key_of(lv);
			ip = lk && lk->end > lv->end ? lk->end : lv->end;
			plan_add_sb(&pl, ip, ip, &b);
		}
	} else {
		if (!alint__node_first(map) || !simple_keys(&c, map)) {
			rc = ALINT_EINVAL;
			goto out;
		}
		/* every pair removed by the fix: the mapping is "{}" now */
		for (lk = alint__node_first(map); lk && alint__node_next(lk);
		     lk = alint__pair_next(lk))
			if (!covered(f, lk->start))
				break;
		if (!lk || !alint__node_next(lk)) {
			rc = ALINT_ECONFLICT;
			goto out;
		}
		keycol = col(&c, alint__node_first(map)->start);
		lv = last_child(map);
		p = content_end(&c, lv);
		if (!rest_is_comment(&c, p)) {
			rc = ALINT_EINVAL;
			goto out;
		}
		ip = next_line(&c, p);
		if (ip == NOPOS) {
			ip = c.len;
			sb_str(&b, c.eol);
		}
		sb_spaces(&b, keycol);
		write_scalar(&b, key, strlen(key), ALINT_STYLE_PLAIN, false);
		sb_str(&b, ":");
		rc = frag_value(&c, &fr, keycol, &b);
		if (rc < 0)
			goto out;
		sb_str(&b, c.eol);
		plan_add_sb(&pl, ip, ip, &b);
		plan_claim(&c, &pl, alint__node_first(map)->start);
	}
	rc = plan_apply(f, &pl);
	if (rc == 0)
		rc = declare_child(f, map, key);
out:
	plan_free(&pl);
	sb_free(&b);
	frag_free(&fr);
	return rc;
}

/* ---- replace_value ------------------------------------------------------- */

/* A scalar or flow fragment that replaces value v where it stands. */
static int
plan_replace_inline(struct ectx *c, struct plan *pl, struct frag *fr,
		    const struct alint_node *v, const struct alint_node *k)
{
	const struct alint_node *r = fr->root;
	struct sbuf b;
	size_t ins, le, ve;
	int rc;

	memset(&b, 0, sizeof(b));
	if (r->kind == ALINT_NODE_SCALAR && r->style == ALINT_STYLE_PLAIN &&
	    v->kind == ALINT_NODE_SCALAR &&
	    (v->style == ALINT_STYLE_SINGLE_QUOTED ||
	     v->style == ALINT_STYLE_DOUBLE_QUOTED)) {
		/* keep the quoting of the value replaced */
		write_scalar(&b, alint__node_text(r), alint__node_len(r),
			     (enum alint_node_style)v->style, false);
		rc = b.fail ? ALINT_ENOMEM : 0;
	} else if (alint__node_parent(v)->style == ALINT_STYLE_FLOW) {
		rc = frag_flow(fr, r, &b);
	} else {
		rc = frag_render(c, fr, k ? col(c, k->start) :
				 col(c, v->start), true, &b);
	}
	if (rc < 0)
		goto out;
	ve = content_end(c, v);
	if (is_block(v) && alint__node_first(v)) {
		/* "key:\n  a: b\n" -> "key: x\n", the key's comment kept */
		if (!k || has_props(v)) {
			plan_add_sb(pl, v->start, ve, &b);
			goto out;
		}
		ins = after_colon(c, k, v);
		if (ins == NOPOS) {
			rc = ALINT_EINVAL;
			goto out;
		}
		le = line_end(c, ins);
		{
			struct sbuf t;

			memset(&t, 0, sizeof(t));
			sb_str(&t, " ");
			sb_add(&t, b.p, b.n);
			plan_add_sb(pl, ins, ins, &t);
			sb_free(&t);
		}
		plan_add(pl, le, ve, NULL, 0);
	} else if (v->end == v->start) {
		/*
		 * "key:" -> "key: x"; a flow key without its ':' ("{a}")
		 * gets one: "{a: x}"
		 */
		struct sbuf t;
		size_t p = v->start;

		memset(&t, 0, sizeof(t));
		while (p > 0 && is_blank(c->buf[p - 1]))
			p--;
		if (k && (p == 0 || c->buf[p - 1] != ':'))
			sb_str(&t, ": ");
		else if (v->start > 0 && !is_blank(c->buf[v->start - 1]))
			sb_str(&t, " ");
		sb_add(&t, b.p, b.n);
		plan_add_sb(pl, v->start, v->start, &t);
		sb_free(&t);
	} else {
		plan_add_sb(pl, v->start, ve, &b);
	}
out:
	sb_free(&b);
	return rc;
}

/* A block collection fragment that replaces value v. */
static int
plan_replace_block(struct ectx *c, struct plan *pl, struct frag *fr,
		   const struct alint_node *v, const struct alint_node *k)
{
	const struct alint_node *r = fr->root;
	struct sbuf b;
	size_t ins, le, ve, kc;
	int rc;

	memset(&b, 0, sizeof(b));
	if (alint__node_parent(v)->style == ALINT_STYLE_FLOW || has_props(v))
		return ALINT_EINVAL;
	ve = content_end(c, v);
	if (!k) {
		/* a sequence item: "- a: b\n  c: d" */
		if (v->end == v->start)
			return ALINT_EINVAL;
		rc = frag_render(c, fr, col(c, v->start), true, &b);
		if (rc == 0)
			plan_add_sb(pl, v->start, ve, &b);
		sb_free(&b);
		return rc;
	}
	if (is_block(v) && alint__node_first(v) && v->kind == r->kind) {
		/* the same kind of collection: where the old one was */
		rc = frag_render(c, fr, col(c, v->start), true, &b);
		if (rc == 0)
			plan_add_sb(pl, v->start, ve, &b);
		sb_free(&b);
		return rc;
	}
	kc = col(c, k->start);
	sb_str(&b, c->eol);
	rc = frag_render(c, fr, kc + (r->kind == ALINT_NODE_MAPPING ? c->unit :
				      c->seq), false, &b);
	if (rc < 0) {
		sb_free(&b);
		return rc;
	}
	if (is_block(v) && alint__node_first(v)) {
		/* the other kind of collection, below the key's line */
		ins = after_colon(c, k, v);
		if (ins == NOPOS) {
			sb_free(&b);
			return ALINT_EINVAL;
		}
		plan_add_sb(pl, line_end(c, ins), ve, &b);
	} else {
		/* "key: x # c" -> "key: # c\n  a: b" */
		ins = after_colon(c, k, v);
		if (ins == NOPOS || ins > v->start) {
			sb_free(&b);
			return ALINT_EINVAL;
		}
		le = line_end(c, ve);
		if (le == ve) {
			plan_add_sb(pl, ins, ve, &b);
		} else {
			plan_add(pl, ins, ve, NULL, 0);
			plan_add_sb(pl, le, le, &b);
		}
	}
	sb_free(&b);
	return 0;
}

static int
build_replace_value(struct alint_finding *f, const struct alint_node *value,
		    const char *value_yaml)
{
	struct ectx c;
	struct frag fr;
	struct plan pl;
	const struct alint_node *k;
	int rc;

	rc = ectx_init(&c, f, value);
	if (rc < 0)
		return rc;
	if (!value || !alint__node_parent(value) ||
	    (value->flags & ALINT__NF_KEY))
		return ALINT_EINVAL;
	memset(&pl, 0, sizeof(pl));
	rc = frag_parse(&fr, value_yaml);
	if (rc < 0)
		goto out;
	style_detect(&c, alint__node_parent(value), false);
	k = key_of(value);
	if (k && (k->kind != ALINT_NODE_SCALAR || k->end == k->start ||
		  !simple_keys(&c, alint__node_parent(value)) ||
		  memchr(c.buf + k->start, '\n', k->end - k->start))) {
		rc = ALINT_EINVAL;
		goto out;
	}
	if (is_block(fr.root) && alint__node_first(fr.root))
		rc = plan_replace_block(&c, &pl, &fr, value, k);
	else
		rc = plan_replace_inline(&c, &pl, &fr, value, k);
	if (rc < 0)
		goto out;
	rc = plan_apply(f, &pl);
	if (rc == 0)
		rc = declare_node(f, value);
out:
	plan_free(&pl);
	frag_free(&fr);
	return rc;
}

/* ---- rename_key ---------------------------------------------------------- */

static int
build_rename_key(struct alint_finding *f, const struct alint_node *key,
		 const char *new_key)
{
	struct ectx c;
	struct plan pl;
	struct sbuf b;
	enum alint_node_style st;
	int rc;

	rc = ectx_init(&c, f, key);
	if (rc < 0)
		return rc;
	if (!(key->flags & ALINT__NF_KEY) || key->kind != ALINT_NODE_SCALAR ||
	    has_props(key) || !new_key || !alint__node_parent(key) ||
	    has_live_key(f, alint__node_parent(key), new_key) ||
	    explicit_key(&c, key) ||
	    key->end == key->start ||
	    memchr(c.buf + key->start, '\n', key->end - key->start))
		return ALINT_EINVAL;
	st = (enum alint_node_style)key->style;
	if (st == ALINT_STYLE_LITERAL || st == ALINT_STYLE_FOLDED ||
	    !simple_keys(&c, alint__node_parent(key)))
		return ALINT_EINVAL;
	if (st != ALINT_STYLE_SINGLE_QUOTED && st != ALINT_STYLE_DOUBLE_QUOTED)
		st = ALINT_STYLE_PLAIN;
	memset(&b, 0, sizeof(b));
	memset(&pl, 0, sizeof(pl));
	write_scalar(&b, new_key, strlen(new_key), st,
		     alint__node_parent(key)->style == ALINT_STYLE_FLOW);
	plan_add_sb(&pl, key->start, key->end, &b);
	sb_free(&b);
	rc = plan_apply(f, &pl);
	if (rc == 0)
		rc = declare_node(f, key);
	if (rc == 0)
		rc = declare_child(f, alint__node_parent(key), new_key);
	return rc;
}

/* ---- documents ----------------------------------------------------------- */

static int
build_append_document(struct alint_finding *f, const char *doc_yaml)
{
	struct ectx c;
	struct frag fr;
	struct plan pl;
	struct sbuf b;
	const struct alint_node *n;
	const char *p, *e;
	size_t i;
	int rc;

	rc = ectx_init(&c, f, NULL);
	if (rc < 0)
		return rc;
	memset(&b, 0, sizeof(b));
	memset(&pl, 0, sizeof(pl));
	rc = frag_parse(&fr, doc_yaml);
	if (rc < 0)
		goto out;
	if (fr.src->docs[0].explicit_start || fr.src->docs[0].explicit_end) {
		rc = ALINT_EINVAL;
		goto out;
	}
	if (c.len > c.bol0 && c.buf[c.len - 1] != '\n') {
		/* a line break would join a "|+" scalar at the end */
		for (i = c.src->ndocs; i > 0 && !c.src->docs[i - 1].root; i--)
			;
		n = i > 0 ? c.src->docs[i - 1].root : NULL;
		while (n && is_block(n) && alint__node_first(n))
			n = last_child(n);
		if (n && n->end == c.len && n->kind == ALINT_NODE_SCALAR &&
		    (n->style == ALINT_STYLE_LITERAL ||
		     n->style == ALINT_STYLE_FOLDED)) {
			rc = ALINT_EINVAL;
			goto out;
		}
		sb_str(&b, c.eol);
	}
	sb_str(&b, "---");
	sb_str(&b, c.eol);
	/* the text as given, with the file's line breaks */
	for (p = doc_yaml; *p; p = e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		sb_add(&b, p, (size_t)(e - p) -
		       (e > p && e[-1] == '\r' ? 1 : 0));
		sb_str(&b, c.eol);
		if (*e == '\n')
			e++;
	}
	plan_add_sb(&pl, c.len, c.len, &b);
	rc = plan_apply(f, &pl);
	if (rc == 0)
		rc = alint__finding_fix_path_doc(f, c.src->ndocs, "");
out:
	plan_free(&pl);
	sb_free(&b);
	frag_free(&fr);
	return rc;
}

/*
 * First line of document i: its directives or "---", or its comments and
 * root.
 */
static size_t
doc_first_line(const struct ectx *c, size_t i)
{
	const struct alint_doc *d = &c->src->docs[i];
	size_t limit = i > 0 ? c->src->docs[i - 1].end : c->bol0;
	size_t p;

	if (!d->explicit_start)
		return comments_above(c, bol(c, d->start), 0, limit);
	/* the directives of the document ("%YAML 1.2") go with it */
	p = bol(c, d->start);
	while (p > limit && p > c->bol0 && c->buf[bol(c, p - 1)] == '%')
		p = bol(c, p - 1);
	return p;
}

/* The '-' of a block sequence item, or NOPOS. */
static size_t
item_dash(const struct ectx *c, const struct alint_node *item)
{
	size_t dash = item->start;

	while (dash > 0 && (is_blank(c->buf[dash - 1]) ||
			    c->buf[dash - 1] == '\r' ||
			    c->buf[dash - 1] == '\n'))
		dash--;
	if (dash == 0 || c->buf[dash - 1] != '-')
		return NOPOS;
	return dash - 1;
}

/* Remove an item of a kind: List's items sequence. */
static int
plan_remove_item(const struct ectx *c, struct plan *pl,
		 const struct alint_node *item)
{
	const struct alint_node *seq = alint__node_parent(item), *it;
	const struct alint_node *prev = NULL;
	const struct alint_node *next = NULL, *pk;
	size_t remaining = 0, dash, ls, end, limit, p, ins;
	bool after = false;

	for (it = alint__node_first(seq); it; it = alint__node_next(it)) {
		if (it == item) {
			after = true;
			remaining++;
			continue;
		}
		if (covered(c->f, it->start))
			continue;
		remaining++;
		if (after && !next)
			next = it;
		else if (!after)
			prev = it;
	}
	if (seq->style == ALINT_STYLE_FLOW) {
		if (next) {
			plan_add(pl, item->start, next->start, NULL, 0);
		} else if (prev) {
			plan_add(pl, prev->end, item->end, NULL, 0);
		} else {
			for (p = seq->start; p < seq->end && c->buf[p] != '[';
			     p++)
				;
			if (p + 1 >= seq->end)
				return ALINT_EINVAL;
			plan_add(pl, p + 1, seq->end - 1, NULL, 0);
		}
		return 0;
	}
	dash = item_dash(c, item);
	if (dash == NOPOS)
		return ALINT_EINVAL;
	ls = bol(c, dash);
	if (!only_blanks(c, ls, dash))
		return ALINT_EINVAL;
	end = content_end(c, item);
	if (!rest_is_comment(c, end))
		return ALINT_EINVAL;
	end = next_line(c, end);
	if (end == NOPOS)
		end = c->len;
	pk = key_of(seq);
	limit = pk ? pk->end : ls;
	for (it = alint__node_first(seq); it && it != item;
	     it = alint__node_next(it))
		limit = it->end;
	if (remaining == 1) {
		/* "items:\n- a: b\n" -> "items: []\n" */
		if (!pk)
			return ALINT_EINVAL;
		ins = after_colon(c, pk, seq);
		if (ins == NOPOS)
			return ALINT_EINVAL;
		plan_add(pl, ins, ins, " []", 3);
	}
	plan_add(pl, comments_above(c, ls, col(c, dash), limit), end, NULL,
		 0);
	if (remaining > 1 && item_dash(c, alint__node_first(seq)) != NOPOS)
		plan_claim(c, pl, item_dash(c, alint__node_first(seq)));
	return 0;
}

static int
build_remove_resource(struct alint_finding *f,
		      const struct alint_resource *res)
{
	struct ectx c;
	struct plan pl;
	size_t start, end, i;
	int rc;

	if (!res || !res->doc || !res->root)
		return ALINT_EINVAL;
	rc = ectx_init(&c, f, res->root);
	if (rc < 0)
		return rc;
	memset(&pl, 0, sizeof(pl));
	if (res->list_item) {
		if (!alint__node_parent(res->root) ||
		    alint__node_parent(res->root)->kind != ALINT_NODE_SEQUENCE)
			return ALINT_EINVAL;
		rc = plan_remove_item(&c, &pl, res->root);
		if (rc < 0) {
			plan_free(&pl);
			return rc;
		}
		rc = plan_apply(f, &pl);
		return rc < 0 ? rc : declare_node(f, res->root);
	}
	i = res->doc->index;
	if (i >= c.src->ndocs || &c.src->docs[i] != res->doc)
		return ALINT_EINVAL;
	start = doc_first_line(&c, i);
	end = i + 1 < c.src->ndocs ? doc_first_line(&c, i + 1) : c.len;
	if (end < start)
		return ALINT_EINVAL;
	plan_add(&pl, start, end, NULL, 0);
	rc = plan_apply(f, &pl);
	return rc < 0 ? rc : alint__finding_fix_path_doc(f, i, "");
}

/* ---- sequences ----------------------------------------------------------- */

/* Declare the path of item idx (a new one) of sequence seq. */
static int
declare_item(struct alint_finding *f, const struct alint_node *seq,
	     size_t idx)
{
	char num[24];

	snprintf(num, sizeof(num), "%zu", idx);
	return declare_child(f, seq, num);
}

/*
 * The blanks between the '-' of the first item of block sequence seq and
 * the item, when it starts on the line of its '-'; NOPOS otherwise.
 */
static size_t
item_gap(const struct ectx *c, const struct alint_node *seq)
{
	const struct alint_node *it = alint__node_first(seq);
	size_t dash;

	if (!it || !is_block(seq) || it->end == it->start)
		return NOPOS;
	dash = item_dash(c, it);
	if (dash == NOPOS || bol(c, dash) != bol(c, it->start))
		return NOPOS;
	return it->start - dash - 1;
}

/* That gap for the first block sequence in the trees of seq's items. */
static size_t
gap_in_items(const struct ectx *c, const struct alint_node *seq)
{
	const struct alint_node *it, *n;
	size_t g;

	for (it = alint__node_first(seq); it; it = alint__node_next(it))
		for (n = it; n; n = walk_next(n, it)) {
			if (n->kind != ALINT_NODE_SEQUENCE || has_props(n))
				continue;
			g = item_gap(c, n);
			if (g != NOPOS && g > 0 && g <= 16)
				return g;
		}
	return NOPOS;
}

/* Whether the tree under n holds a block scalar ("|" or ">"). */
static bool
has_block_scalar(const struct alint_node *n)
{
	const struct alint_node *m;

	for (m = n; m; m = walk_next(m, n))
		if (m->kind == ALINT_NODE_SCALAR &&
		    (m->style == ALINT_STYLE_LITERAL ||
		     m->style == ALINT_STYLE_FOLDED))
			return true;
	return false;
}

/* A new item of a block sequence, after the last line of its last one. */
static int
plan_append_block(struct ectx *c, struct plan *pl, struct frag *fr,
		  const struct alint_node *seq)
{
	const struct alint_node *first = alint__node_first(seq), *leaf;
	struct sbuf b;
	size_t dash, own, g, p, ip;
	int rc;

	if (!first)
		return ALINT_EINVAL;
	dash = item_dash(c, first);
	if (dash == NOPOS)
		return ALINT_EINVAL;
	/* the blanks after the '-': the first item's, 1 below its '-' */
	own = item_gap(c, seq);
	if (own == NOPOS || own == 0 || own > 16)
		own = 1;
	g = gap_in_items(c, seq);
	c->gap = g != NOPOS ? g : own;
	style_detect(c, seq, true);

	leaf = last_child(seq);
	while (is_block(leaf) && alint__node_first(leaf))
		leaf = last_child(leaf);
	p = content_end(c, last_child(seq));
	if (!rest_is_comment(c, p))
		return ALINT_EINVAL;
	memset(&b, 0, sizeof(b));
	ip = next_line(c, p);
	if (ip == NOPOS) {
		/* a line break after a block scalar would change it */
		if (leaf->kind == ALINT_NODE_SCALAR &&
		    (leaf->style == ALINT_STYLE_LITERAL ||
		     leaf->style == ALINT_STYLE_FOLDED))
			return ALINT_EINVAL;
		ip = c->len;
		sb_str(&b, c->eol);
	}
	sb_spaces(&b, col(c, dash));
	sb_str(&b, "-");
	sb_spaces(&b, own);
	rc = frag_render(c, fr, col(c, dash) + 1 + own, true, &b);
	sb_str(&b, c->eol);
	if (rc == 0) {
		plan_add_sb(pl, ip, ip, &b);
		plan_claim(c, pl, dash);
	}
	sb_free(&b);
	return rc;
}

/* A new item of a flow sequence: ", item" after the last one. */
static int
plan_append_flow(struct ectx *c, struct plan *pl, struct frag *fr,
		 const struct alint_node *seq)
{
	const struct alint_node *last = last_child(seq);
	struct sbuf b;
	size_t p;
	int rc;

	for (p = seq->start; p < seq->end && c->buf[p] != '['; p++)
		;
	if (p + 1 >= seq->end || c->buf[seq->end - 1] != ']')
		return ALINT_EINVAL;
	memset(&b, 0, sizeof(b));
	if (last)
		sb_str(&b, ", ");
	rc = frag_flow(fr, fr->root, &b);
	if (rc == 0) {
		if (last)
			plan_add_sb(pl, last->end, last->end, &b);
		else
			plan_add_sb(pl, p + 1, seq->end - 1, &b);
		plan_claim(c, pl, p);
	}
	sb_free(&b);
	return rc;
}

static int
build_append_item(struct alint_finding *f, const struct alint_node *seq,
		  const char *item_yaml)
{
	struct ectx c;
	struct frag fr;
	struct plan pl;
	const struct alint_node *it;
	size_t n = 0;
	int rc;

	rc = ectx_init(&c, f, seq);
	if (rc < 0)
		return rc;
	if (!seq || seq->kind != ALINT_NODE_SEQUENCE || aliased(seq))
		return ALINT_EINVAL;
	memset(&pl, 0, sizeof(pl));
	rc = frag_parse(&fr, item_yaml);
	if (rc < 0)
		goto out;
	if (seq->style == ALINT_STYLE_FLOW)
		rc = plan_append_flow(&c, &pl, &fr, seq);
	else
		rc = plan_append_block(&c, &pl, &fr, seq);
	if (rc < 0)
		goto out;
	rc = plan_apply(f, &pl);
	/* its index: the items that the fix does not remove */
	for (it = alint__node_first(seq); it; it = alint__node_next(it))
		if (!covered(f, it->start))
			n++;
	if (rc == 0)
		rc = declare_item(f, seq, n);
out:
	plan_free(&pl);
	frag_free(&fr);
	return rc;
}

/*
 * Make block mapping map, the value of key k on a line below it, the one
 * item of a block sequence: "- " in the blanks before its first key, at
 * the column where the input puts a sequence under a key; when its
 * content then moves, every line of it moves by the same number of
 * spaces, comment lines too (blank lines, and comments further left than
 * the mapping, stay).
 */
static int
plan_wrap_block(const struct ectx *c, struct plan *pl,
		const struct alint_node *k, const struct alint_node *map)
{
	struct sbuf b;
	size_t ls, p, kc, mc, dc, keep, end, last, lead, s;
	long shift;
	char ch;

	ls = bol(c, map->start);
	for (p = ls; p < map->start && c->buf[p] == ' '; p++)
		;
	if (p != map->start || ls <= k->start)
		return ALINT_EINVAL;
	kc = col(c, k->start);
	mc = map->start - ls;
	if (mc <= kc)
		return ALINT_EINVAL;
	/* the input's sequence step, else the mapping's own step */
	s = step_search(c, map, ALINT_NODE_SEQUENCE);
	dc = s != NOPOS && s <= 16 ? kc + s : mc;
	shift = (long)(dc + 2) - (long)mc;
	/* the lines of a block scalar cannot move safely */
	if (shift != 0 && has_block_scalar(map))
		return ALINT_EINVAL;
	/*
	 * The first line: "- " in the blanks, with the first byte of the
	 * first key written again: it claims the mapping, whose pairs other
	 * fixes claim there.
	 */
	keep = dc < mc ? dc : mc;
	memset(&b, 0, sizeof(b));
	sb_spaces(&b, dc - keep);
	sb_str(&b, "- ");
	sb_add(&b, c->buf + map->start, 1);
	plan_add_sb(pl, ls + keep, map->start + 1, &b);
	sb_free(&b);
	/* the other lines of the mapping, moved with it */
	end = content_end(c, map);
	last = bol(c, end > map->start ? end - 1 : end);
	for (p = ls; p < last && shift != 0;) {
		p = next_line(c, p);
		for (lead = 0; p + lead < c->len && c->buf[p + lead] == ' ';
		     lead++)
			;
		ch = p + lead < c->len ? c->buf[p + lead] : '\n';
		if (ch == '\n' || ch == '\r' || ch == '\t')
			continue;	/* a blank line stays as it is */
		if (ch == '#' && lead < mc)
			continue;	/* so does a comment further left */
		if (shift > 0) {
			memset(&b, 0, sizeof(b));
			sb_spaces(&b, (size_t)shift);
			plan_add_sb(pl, p, p, &b);
			sb_free(&b);
		} else if (lead >= (size_t)-shift) {
			plan_add(pl, p, p + (size_t)-shift, NULL, 0);
		} else {
			return ALINT_EINVAL;
		}
	}
	return 0;
}

static int
build_wrap_in_sequence(struct alint_finding *f, const struct alint_node *map)
{
	struct ectx c;
	struct plan pl;
	const struct alint_node *k;
	int rc;

	rc = ectx_init(&c, f, map);
	if (rc < 0)
		return rc;
	if (!map || map->kind != ALINT_NODE_MAPPING || has_props(map) ||
	    !alint__node_parent(map))
		return ALINT_EINVAL;
	memset(&pl, 0, sizeof(pl));
	if (map->style == ALINT_STYLE_FLOW) {
		/* "{...}" -> "[{...}]", the braces written again */
		if (map->end - map->start < 2 || c.buf[map->start] != '{' ||
		    c.buf[map->end - 1] != '}')
			return ALINT_EINVAL;
		plan_add(&pl, map->start, map->start + 1, "[{", 2);
		plan_add(&pl, map->end - 1, map->end, "}]", 2);
	} else {
		k = key_of(map);
		if (!k || k->kind != ALINT_NODE_SCALAR || explicit_key(&c, k) ||
		    (k->flags & ALINT__NF_MERGE))
			return ALINT_EINVAL;
		rc = plan_wrap_block(&c, &pl, k, map);
		if (rc < 0) {
			plan_free(&pl);
			return rc;
		}
	}
	rc = plan_apply(f, &pl);
	return rc < 0 ? rc : declare_node(f, map);
}

/* ---- the public builders ------------------------------------------------- */

int
alint_fix_remove_pair(struct alint_finding *f, const struct alint_node *key)
{
	return withdraw(f, build_remove_pair(f, key));
}

int
alint_fix_insert_pair(struct alint_finding *f, const struct alint_node *map,
		      const char *key, const char *value_yaml)
{
	return withdraw(f, build_insert_pair(f, map, key, value_yaml));
}

int
alint_fix_replace_value(struct alint_finding *f,
			const struct alint_node *value, const char *value_yaml)
{
	return withdraw(f, build_replace_value(f, value, value_yaml));
}

int
alint_fix_rename_key(struct alint_finding *f, const struct alint_node *key,
		     const char *new_key)
{
	return withdraw(f, build_rename_key(f, key, new_key));
}

int
alint_fix_append_document(struct alint_finding *f, const char *doc_yaml)
{
	return withdraw(f, build_append_document(f, doc_yaml));
}

int
alint_fix_remove_resource(struct alint_finding *f,
			  const struct alint_resource *res)
{
	return withdraw(f, build_remove_resource(f, res));
}

int
alint_fix_append_item(struct alint_finding *f, const struct alint_node *seq,
		      const char *item_yaml)
{
	return withdraw(f, build_append_item(f, seq, item_yaml));
}

int
alint_fix_wrap_in_sequence(struct alint_finding *f,
			   const struct alint_node *map)
{
	return withdraw(f, build_wrap_in_sequence(f, map));
}
