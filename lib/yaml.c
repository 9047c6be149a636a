/*
 * yaml.c - the YAML layer: sources, line tables, our tree, parse issues
 *
 * alint__yaml_parse() turns a buffer into documents of struct alint_node
 * with exact byte spans, and into parse issues. It builds the tree from
 * libfyaml's event parser (never its document API, which has a depth
 * limit of 64, no collection marks and expands nothing safely) and fixes
 * up the spans the events give:
 *
 *  - quoted scalars include their quotes; block scalars start at their
 *    '|' or '>' header; '&anchor' and tags are part of a node's start and
 *    the '*' of an alias is part of the alias;
 *  - flow collections run from '{' or '[' to after '}' or ']'; block
 *    collections run from their first '-' or key (or anchor or tag) to
 *    the end of their last child, because libfyaml's block-end marks
 *    point past trailing comments and blank lines, and after the next key
 *    for an indentless sequence;
 *  - a block scalar ends at the start of the line after its last line,
 *    trailing blank lines included (libfyaml's end, without the
 *    indentation of the next line that libfyaml counts in), so a block
 *    collection whose last child is a block scalar ends there too;
 *  - an implicit empty value ("key:") is zero wide, right after the ':'
 *    (a '-' for an empty block sequence item, a '?' for an empty key).
 *
 * Scalar values point into the source buffer when the raw text is the
 * value (plain or quoted on one line, no escape); they are then not
 * NUL-terminated, so callers use the length. Literal block scalars are
 * decoded here, straight into the source's buffer of decoded texts
 * (src->dtext); other values are decoded by libfyaml and copied there.
 * Nodes keep offsets into either buffer, not pointers.
 *
 * libfyaml 0.7.12 bugs are worked around: two misreadings are repaired
 * by parsing again with a few bytes inserted (see NULL_PATCH), a parser
 * that failed in the way that makes fy_parser_destroy() crash is leaked
 * instead (uaf_error()), and a stream with invalid UTF-8 in a directive,
 * on which libfyaml loops forever, is not parsed (bad_directive()).
 *
 * The nodes of a document are one array in event order (struct
 * alint_node in internal.h): the builder appends to an array of its own
 * and numbers nodes instead of pointing at them, since the array moves
 * as it grows; at the document's end the nodes go into the source's
 * arena, or a big document keeps the array itself (doc_place()).
 *
 * Nothing here recurses: nesting uses a heap stack and stops at
 * ALINT__MAX_DEPTH. Aliases are never expanded; the aliases of each
 * document are resolved once to the latest earlier anchor of that name,
 * into a table that alint_node_deref() searches. Anchor names go into a
 * table of the document too (alint__node_anchor()): the tree is most of
 * the memory a big input takes, so a node has no field that few use.
 *
 * Parse issues (struct alint__issue) are never printed: syntax errors
 * (the first libfyaml error), nesting depth, duplicate keys as kubectl's
 * YAML-to-JSON conversion sees them (YAML 1.1 typing; merge keys and
 * collection keys are not compared), invalid UTF-8, YAML 1.1 line breaks
 * (U+0085, U+2028, U+2029), NUL bytes, Go templates, and what kubectl
 * (go-yaml) rejects or reads differently although libfyaml accepts it:
 * an unknown anchor here, the rest in the libyaml gate,
 * alint__yaml_libyaml_check(), which also compares libyaml's events with
 * our tree.
 *
 * Templates. A "{{" outside a comment is a template marker. When the
 * stream does not parse, the first marker followed by "}}" on its line,
 * or written in Helm style ("{{-", "{{ ." and the like), gives a TEMPLATE
 * issue. When it parses, a Helm-style marker gives one only when it lies
 * outside every quoted and block scalar: Go templates inside strings are
 * common and legitimate (Istio's injection templates, Prometheus alert
 * texts), while a marker in plain text or in flow syntax is a chart that
 * happens to parse. The check costs one memchr() pass when there is no
 * '{'. Comments are recognised per line, without a tokenizer: a '#' at
 * the start of the line or after a blank, outside simple quotes.
 */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>
#include <yaml.h>

#include "internal.h"

#define NO_POS UINT32_MAX

/*
 * Repairs of libfyaml 0.7.12 bugs. The stream is parsed again with a few
 * bytes inserted (up to MAX_REPAIRS times), and positions are mapped
 * back to the source:
 *  - an empty entry of an indentless sequence ("key:\n-\n- x") fails
 *    with REPAIRABLE: " !!null" after the '-' makes it an empty node. The
 *    result is kept only when libyaml accepts the source that far;
 *  - an empty block scalar below the top level takes the lines after it
 *    as its content ("a:\n  k: |\n  l: 1" gives k = "l: 1\n"): an
 *    indentation indicator "1" after the '|' or '>' stops that.
 */
#define NULL_PATCH " !!null"
#define INDENT_PATCH "1"
#define MAX_REPAIRS 16
#define REPAIRABLE "did not find expected node content"

/* The error after which a libfyaml 0.7.12 parser must not be destroyed. */
#define UAF_ERROR "cannot use tab for indentation of block entry"

/* A document of this many nodes keeps the builder's array (doc_place). */
#define ADOPT_NODES 4096

/* Keys of a mapping are compared one by one up to this many, then hashed. */
#define DUP_LINEAR 8

/* Longest key text quoted in a message, in bytes. */
#define KEY_SHOW 60

/* ---- per-mapping duplicate detection ------------------------------------ */

struct key_sig {
	/*
	 * The JSON key text kubectl would make: text (an arena or static
	 * string), or NULL for the subject's own text, which may move as
	 * src->dtext grows (read it with sig_text())
	 */
	const char *text;
	uint32_t len;
	uint32_t hash;
	uint32_t key;			/* the key node as written */
	uint32_t subj;			/* the scalar it is (alias target) */
	uint8_t type;			/* enum alint_y11_type */
};

/*
 * The nodes being built are numbered in the builder's array (b->nodes):
 * an array that grows may move, so the builder keeps numbers, not
 * pointers. Number 0 is the document's slot, never a child: "none".
 */
struct frame {
	uint32_t node;
	uint32_t last;			/* last child */
	uint32_t prev;			/* the child before it */
	uint32_t nchild;
	bool open_implicit;		/* start comes from the first child */
	/* mappings: keys seen so far; buffers are reused between frames */
	struct key_sig *keys;
	size_t nkeys, keys_cap;
	uint32_t *slots;		/* index: key number + 1, 0 empty */
	size_t nslots;
};

struct anchor_ent {
	const char *name;
	uint32_t len;
	uint32_t hash;
	uint32_t node;
};

/* An alias and its target (0: unknown anchor), while building. */
struct alias_ent {
	uint32_t alias;
	uint32_t target;
};

/* A node with an anchor, and the anchor's name, while building. */
struct aref_ent {
	uint32_t node;
	uint32_t len;
	const char *name;
};

struct tpl_marker {
	uint32_t start, end;		/* "{{" up to after "}}" on its line */
	bool helm;			/* "{{-", "{{ ." ... */
	bool closed;			/* "}}" follows on the same line */
	bool covered;			/* inside a quoted or block scalar */
};

struct patch {
	uint32_t at;			/* source offset */
	uint32_t before;		/* bytes inserted before this one */
	const char *text;
	uint32_t len;
};

struct builder {
	struct alint_source *src;
	const char *buf;
	uint32_t len;
	uint32_t pos;			/* end of everything consumed so far */
	int err;			/* ALINT_ENOMEM, sticky */
	bool stop;			/* depth limit: stop building */

	struct frame *frames;
	size_t depth, frames_cap;

	struct alint_doc *doc;		/* document being built */
	size_t docs_cap;

	/* its nodes: the document's slot, then the nodes in order */
	struct alint_node *nodes;
	uint32_t nnodes;
	size_t nodes_cap;

	struct anchor_ent *anchors;	/* open addressing, per document */
	size_t anchors_cap, nanchors;

	struct alias_ent *aliases;	/* per document, malloc'ed */
	size_t naliases, aliases_cap;

	struct aref_ent *arefs;		/* per document, malloc'ed */
	size_t narefs, arefs_cap;

	struct tpl_marker *tpl;
	size_t ntpl, tpl_cap, tpl_next;

	/* repairs: text inserted at source offsets, ascending */
	struct patch *patch;
	size_t npatch, patch_cap;
	uint32_t want_patch;		/* a block scalar to repair, or 0 */
	bool may_repair;		/* repairs left */
	bool has_cr;			/* the source has a '\r' */
};

/* The outcome of one libfyaml pass. */
struct parse_fail {
	bool failed;
	size_t off;			/* source offset of the first error */
	const char *msg;		/* arena string */
};

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t
min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static uint32_t
max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* ---- issues ------------------------------------------------------------- */

static int
issue_add(struct alint_source *src, enum alint__issue_kind kind,
	  size_t start, size_t end, const struct alint_node *related,
	  const char *message)
{
	struct alint__issue *is;
	size_t cap;

	if (!message)
		return ALINT_ENOMEM;
	if (src->nissues == src->issues_cap) {
		cap = src->issues_cap ? src->issues_cap * 2 : 4;
		is = realloc(src->issues, cap * sizeof(*is));
		if (!is)
			return ALINT_ENOMEM;
		src->issues = is;
		src->issues_cap = cap;
	}
	if (start > src->len)
		start = src->len;
	if (end < start)
		end = start;
	if (end > src->len)
		end = src->len;
	is = &src->issues[src->nissues++];
	memset(is, 0, sizeof(*is));
	is->kind = kind;
	is->start = (uint32_t)start;
	is->end = (uint32_t)end;
	if (related) {
		is->related = related->start;
		is->has_related = true;
	}
	is->message = message;
	return 0;
}

static bool
has_issue_before(const struct alint_source *src, enum alint__issue_kind kind,
		 size_t offset)
{
	size_t i;

	for (i = 0; i < src->nissues; i++)
		if (src->issues[i].kind == kind &&
		    src->issues[i].start <= offset)
			return true;
	return false;
}

/* End of a one-character span at offset (zero wide at a line break). */
static size_t
char_end(const struct alint_source *src, size_t off)
{
	const unsigned char *b = (const unsigned char *)src->buf;

	if (off >= src->len || b[off] == '\n' || b[off] == '\r')
		return off;
	off++;
	while (off < src->len && (b[off] & 0xC0) == 0x80)
		off++;
	return off;
}

/* ---- text checks -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[i] (not ASCII), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i], lo = 0x80, hi = 0xBF;
	size_t need, k;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;		/* overlong */
		else if (c == 0xED)
			hi = 0x9F;		/* UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;		/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;		/* beyond U+10FFFF */
	} else {
		return 0;
	}
	if (i + need >= len || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (k = 2; k <= need; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			return 0;
	return need + 1;
}

/*
 * One pass over the buffer: the first invalid UTF-8 byte (*bad, or
 * SIZE_MAX) and the first U+0085/U+2028/U+2029 (*lb and its code point
 * in *lbcp, or SIZE_MAX). ASCII is skipped eight bytes at a time.
 */
static void
scan_text(const char *buf, size_t len, size_t *bad, size_t *lb,
	  uint32_t *lbcp)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, n;
	uint64_t w;

	*bad = SIZE_MAX;
	*lb = SIZE_MAX;
	*lbcp = 0;
	while (i < len) {
		if (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(s, i, len);
		if (!n) {
			if (*bad == SIZE_MAX)
				*bad = i;
			i++;
			continue;
		}
		if (*lb == SIZE_MAX && s[i] == 0xC2 && s[i + 1] == 0x85) {
			*lb = i;
			*lbcp = 0x85;
		} else if (*lb == SIZE_MAX && s[i] == 0xE2 &&
			   s[i + 1] == 0x80 &&
			   (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
			*lb = i;
			*lbcp = s[i + 2] == 0xA8 ? 0x2028 : 0x2029;
		}
		i += n;
	}
}

bool
alint__utf8_valid(const char *buf, size_t len, size_t *bad)
{
	size_t b, lb;
	uint32_t cp;

	scan_text(buf, len, &b, &lb, &cp);
	if (bad)
		*bad = b == SIZE_MAX ? len : b;
	return b == SIZE_MAX;
}

/* ---- lines -------------------------------------------------------------- */

/*
 * A line ends at "\n", "\r\n" or a lone "\r". The line table keeps the
 * start of one line in ALINT__LINE_STEP (lines 0, STEP, 2 * STEP...):
 * the others are found from there, a few memchr() away. A table of every
 * line start would be 4 bytes a line for as long as the tree lives.
 */
size_t
alint__line_next(const struct alint_source *src, size_t p)
{
	const char *b = src->buf, *q;

	if (p >= src->len)
		return src->len;
	if (!src->cr) {
		q = memchr(b + p, '\n', src->len - p);
		return q ? (size_t)(q - b) + 1 : src->len;
	}
	for (; p < src->len; p++) {
		if (b[p] == '\n')
			return p + 1;
		if (b[p] == '\r')
			return p + 1 < src->len && b[p + 1] == '\n' ?
				p + 2 : p + 1;
	}
	return src->len;
}

/*
 * One pass over the lines: the table, and what the parse asks of line
 * starts (document markers, directive lines), so that it need not walk
 * the lines again.
 */
int
alint__source_lines(struct alint_source *src)
{
	const char *buf = src->buf;
	size_t n = 0, p = 0, q, cap = 0, at;
	uint32_t *t;

	free(src->lines);
	src->lines = NULL;
	src->nlines = 0;
	src->doc_markers = 0;
	src->pct_lines = false;
	src->crlf = false;
	src->cr = memchr(buf, '\r', src->len) != NULL;
	src->bom = src->len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
	for (;;) {
		if (n % ALINT__LINE_STEP == 0) {
			t = alint__grow(src->lines, &cap, n / ALINT__LINE_STEP,
					sizeof(*t));
			if (!t)
				return ALINT_ENOMEM;
			src->lines = t;
			src->lines[n / ALINT__LINE_STEP] = (uint32_t)p;
		}
		at = p == 0 && src->bom ? 3 : p;
		if (at < src->len && buf[at] == '%')
			src->pct_lines = true;
		if (at + 3 <= src->len && (buf[at] == '-' || buf[at] == '.') &&
		    (memcmp(buf + at, "---", 3) == 0 ||
		     memcmp(buf + at, "...", 3) == 0))
			src->doc_markers++;
		n++;
		if (p >= src->len)
			break;		/* the empty line after a last break */
		q = alint__line_next(src, p);
		if (q == src->len && buf[q - 1] != '\n' && buf[q - 1] != '\r')
			break;		/* the last line has no break */
		if (n == 1)	/* the break of the first line */
			src->crlf = q >= 2 && buf[q - 2] == '\r' &&
				buf[q - 1] == '\n';
		p = q;
	}
	src->nlines = n;
	return 0;
}

size_t
alint__line_start(const struct alint_source *src, size_t line)
{
	size_t i, p;

	if (!src->lines || src->nlines == 0)
		return 0;
	if (line >= src->nlines)
		line = src->nlines - 1;
	p = src->lines[line / ALINT__LINE_STEP];
	for (i = line - line % ALINT__LINE_STEP; i < line; i++)
		p = alint__line_next(src, p);
	return p;
}

size_t
alint__line_of(const struct alint_source *src, size_t offset, size_t *start)
{
	size_t lo = 0, hi, mid, l, p, q;

	*start = 0;
	if (!src->lines || src->nlines == 0)
		return 0;
	hi = (src->nlines - 1) / ALINT__LINE_STEP;
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (src->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	l = lo * ALINT__LINE_STEP;
	p = src->lines[lo];
	while (l + 1 < src->nlines) {
		q = alint__line_next(src, p);
		if (q > offset)
			break;
		p = q;
		l++;
	}
	*start = p;
	return l;
}

size_t
alint__line_start_at(const struct alint_source *src, size_t offset)
{
	size_t p;

	alint__line_of(src, offset, &p);
	return p;
}

void
alint__source_pos(const struct alint_source *src, size_t offset,
		  struct alint_pos *out)
{
	const unsigned char *b = (const unsigned char *)src->buf;
	size_t line, p, col = 1;

	if (offset > src->len)
		offset = src->len;
	line = alint__line_of(src, offset, &p);
	if (p == 0 && src->bom)
		p = offset < 3 ? offset : 3;
	for (; p < offset; p++)
		if ((b[p] & 0xC0) != 0x80)
			col++;
	out->line = line + 1;
	out->column = col;
	out->offset = offset;
}

/* Byte offset of a 0-based line and code-point column, clamped. */
static size_t
offset_of(const struct alint_source *src, size_t line, size_t column)
{
	const unsigned char *b = (const unsigned char *)src->buf;
	size_t p, end;

	if (!src->lines || line >= src->nlines)
		return src->len;
	p = alint__line_start(src, line);
	end = alint__line_next(src, p);
	if (p == 0 && src->bom)
		p = 3;
	while (column > 0 && p < end) {
		p++;
		while (p < end && (b[p] & 0xC0) == 0x80)
			p++;
		column--;
	}
	return p;
}

/* ---- templates ---------------------------------------------------------- */

/* Whether offset is inside a '#' comment of its line. */
static bool
in_comment(const struct alint_source *src, size_t offset)
{
	const char *b = src->buf;
	size_t p = alint__line_start_at(src, offset);
	char q = 0;
	bool blank = true;

	for (; p < offset; p++) {
		if (q) {
			if (b[p] == q) {
				if (q == '\'' && p + 1 < offset &&
				    b[p + 1] == '\'')
					p++;
				else
					q = 0;
			} else if (q == '"' && b[p] == '\\') {
				p++;
			}
			blank = false;
			continue;
		}
		if (b[p] == '#' && blank)
			return true;
		if ((b[p] == '"' || b[p] == '\'') && (blank ||
		    b[p - 1] == ':' || b[p - 1] == '[' || b[p - 1] == '{' ||
		    b[p - 1] == ',' || b[p - 1] == '-'))
			q = b[p];
		blank = b[p] == ' ' || b[p] == '\t';
	}
	return false;
}

static bool
word_at(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(end - s) < n || memcmp(s, w, n) != 0)
		return false;
	s += n;
	return s == end || !((*s >= 'a' && *s <= 'z') ||
			     (*s >= 'A' && *s <= 'Z') || *s == '_');
}

/* "{{-", "{{ .x", "{{ include ...": Go template syntax as Helm writes it. */
static bool
helm_style(const char *s, const char *end)
{
	static const char *const words[] = {
		"if", "else", "end", "range", "with", "include", "template",
		"define", "block", "toYaml", "tpl", "required", "default",
		"printf", "quote", "nindent", "indent", NULL
	};
	size_t i;

	if (s < end && *s == '-')
		return true;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end)
		return false;
	if (*s == '.' || (*s == '/' && s + 1 < end && s[1] == '*'))
		return true;
	for (i = 0; words[i]; i++)
		if (word_at(s, end, words[i]))
			return true;
	return false;
}

static int
tpl_scan(struct builder *b)
{
	const char *buf = b->buf, *end = b->buf + b->len, *p, *eol, *c;
	struct tpl_marker *m;
	size_t cap;

	for (p = memchr(buf, '{', b->len); p && p + 1 < end;
	     p = memchr(p + 1, '{', (size_t)(end - p - 1))) {
		if (p[1] != '{')
			continue;
		if (in_comment(b->src, (size_t)(p - buf))) {
			p++;
			continue;
		}
		if (b->ntpl == b->tpl_cap) {
			cap = b->tpl_cap ? b->tpl_cap * 2 : 16;
			m = realloc(b->tpl, cap * sizeof(*m));
			if (!m)
				return ALINT_ENOMEM;
			b->tpl = m;
			b->tpl_cap = cap;
		}
		m = &b->tpl[b->ntpl++];
		memset(m, 0, sizeof(*m));
		m->start = (uint32_t)(p - buf);
		m->end = m->start + 2;
		for (eol = p + 2; eol < end && *eol != '\n' && *eol != '\r';
		     eol++)
			;
		m->helm = helm_style(p + 2, eol);
		for (c = p + 2; c + 1 < eol; c++) {
			if (c[0] == '}' && c[1] == '}') {
				m->closed = true;
				m->end = (uint32_t)(c + 2 - buf);
				break;
			}
		}
		p++;
	}
	return 0;
}

/* Markers inside [start, end) of a quoted or block scalar are covered. */
static void
tpl_cover(struct builder *b, uint32_t start, uint32_t end)
{
	while (b->tpl_next < b->ntpl && b->tpl[b->tpl_next].start < start)
		b->tpl_next++;
	while (b->tpl_next < b->ntpl && b->tpl[b->tpl_next].start < end)
		b->tpl[b->tpl_next++].covered = true;
}

static int
tpl_report(struct builder *b)
{
	struct alint_source *src = b->src;
	struct tpl_marker *m;
	size_t i;

	for (i = 0; i < b->ntpl; i++) {
		m = &b->tpl[i];
		if (m->covered)
			continue;
		if (src->fatal ? (m->closed || m->helm) : m->helm)
			break;
	}
	if (i == b->ntpl)
		return 0;
	return issue_add(src, ALINT__ISSUE_TEMPLATE, m->start, m->end, NULL,
			 "Helm/Go template, not YAML: lint the rendered "
			 "output (helm template) instead");
}

/* ---- tree building ------------------------------------------------------ */

/*
 * A position in the buffer libfyaml parsed, as a source offset: without
 * repairs the same; with repairs, inserted text is taken out again, and a
 * position inside an insertion is the insertion point.
 */
static uint32_t
map_pos(const struct builder *b, size_t p)
{
	const struct patch *pt;
	size_t lo = 0, hi = b->npatch, mid;

	if (b->npatch) {
		/* the number of insertions that start before p */
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (b->patch[mid].at + b->patch[mid].before < p)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0) {
			pt = &b->patch[lo - 1];
			if (p < pt->at + pt->before + pt->len)
				p = pt->at;
			else
				p -= pt->before + pt->len;
		}
	}
	return p < b->len ? (uint32_t)p : b->len;
}

/* Source span of a token; *lines: whether it spans a line break. */
static bool
tok_span_lines(const struct builder *b, struct fy_token *t, uint32_t *s,
	       uint32_t *e, bool *lines)
{
	const struct fy_mark *sm, *em;

	if (!t)
		return false;
	sm = fy_token_start_mark(t);
	em = fy_token_end_mark(t);
	if (!sm || !em)
		return false;
	*s = map_pos(b, sm->input_pos);
	*e = map_pos(b, em->input_pos);
	if (*e < *s)
		*e = *s;
	*lines = sm->line != em->line;
	return true;
}

static bool
tok_span(const struct builder *b, struct fy_token *t, uint32_t *s,
	 uint32_t *e)
{
	bool lines;

	return tok_span_lines(b, t, s, e, &lines);
}

/* Skip blanks, line breaks and comments from p. */
static uint32_t
skip_space(const struct builder *b, uint32_t p)
{
	const char *s = b->buf;

	while (p < b->len) {
		if (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' ||
		    s[p] == '\r') {
			p++;
		} else if (s[p] == '#') {
			while (p < b->len && s[p] != '\n' && s[p] != '\r')
				p++;
		} else {
			break;
		}
	}
	return p;
}

/*
 * The '|' or '>' of a block scalar whose content starts at limit: the
 * first indicator after from, past blanks, line breaks, comments and
 * the ':' '-' '?' indicators of the enclosing collection.
 */
static uint32_t
block_header(const struct builder *b, uint32_t from, uint32_t limit)
{
	const char *s = b->buf;
	uint32_t p = limit;

	/*
	 * The content starts at the beginning of the line after the header
	 * (or on the header line when there is no content): the header is
	 * on that line, and nothing before it ("..." lines) is looked at.
	 */
	if (p > 0 && (s[p - 1] == '\n' || s[p - 1] == '\r')) {
		p--;
		if (p > 0 && s[p] == '\n' && s[p - 1] == '\r')
			p--;
	}
	while (p > 0 && s[p - 1] != '\n' && s[p - 1] != '\r')
		p--;
	p = max_u32(p, from);

	while (p < limit) {
		if (s[p] == '|' || s[p] == '>')
			return p;
		if (s[p] == '#') {
			while (p < limit && s[p] != '\n' && s[p] != '\r')
				p++;
			continue;
		}
		if (s[p] != ' ' && s[p] != '\t' && s[p] != '\n' &&
		    s[p] != '\r' && s[p] != ':' && s[p] != '-' && s[p] != '?')
			break;
		p++;
	}
	return limit;
}

/* Whether the character at q ends an indicator (":", "?", "-"). */
static bool
indicator_end(const struct builder *b, uint32_t q, bool flow)
{
	char c;

	if (q >= b->len)
		return true;
	c = b->buf[q];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return true;
	return flow && (c == ',' || c == ']' || c == '}');
}

/* Where an implicit empty scalar sits (see the file comment). */
static uint32_t
implicit_pos(const struct builder *b)
{
	const struct alint_node *p;
	const struct frame *f;
	uint32_t q;
	char c;

	if (b->depth == 0)
		return b->pos;
	f = &b->frames[b->depth - 1];
	p = &b->nodes[f->node];
	q = skip_space(b, b->pos);
	if (q >= b->len ||
	    !indicator_end(b, q + 1, p->style == ALINT_STYLE_FLOW))
		return b->pos;
	c = b->buf[q];
	if (p->kind == ALINT_NODE_MAPPING) {
		if ((f->nchild & 1) && c == ':')
			return q + 1;
		if (!(f->nchild & 1) && c == '?')
			return q + 1;
	} else if (p->style == ALINT_STYLE_BLOCK && c == '-') {
		return q + 1;
	}
	return b->pos;
}

/*
 * A new node at the end of the document's array: number b->nnodes - 1.
 * The pointer is good until the next node_new().
 */
static struct alint_node *
node_new(struct builder *b, enum alint_node_kind kind,
	 enum alint_node_style style)
{
	struct alint_node *n;

	if (b->nnodes == b->nodes_cap) {
		n = b->nnodes < UINT32_MAX ?
			alint__grow(b->nodes, &b->nodes_cap, b->nnodes,
				    sizeof(*n)) : NULL;
		if (!n) {
			b->err = ALINT_ENOMEM;
			return NULL;
		}
		b->nodes = n;
	}
	n = &b->nodes[b->nnodes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->style = style;
	return n;
}

/*
 * Room for len more bytes of decoded text (the buffer may move: the
 * builder keeps offsets into it, never pointers); NULL when out of
 * memory.
 */
static char *
dtext_room(struct builder *b, size_t len)
{
	struct alint_source *src = b->src;
	char *t;

	/* len > 0; offsets are 32 bits */
	t = len <= UINT32_MAX - 8 - src->dtext_len ?
		alint__grow(src->dtext, &src->dtext_cap,
			    src->dtext_len + len - 1, 1) : NULL;
	if (!t) {
		b->err = ALINT_ENOMEM;
		return NULL;
	}
	src->dtext = t;
	return src->dtext + src->dtext_len;
}

/*
 * Set the text of a scalar or alias n: len bytes at off in the source
 * buffer, or in src->dtext when dtext; false when out of memory.
 */
static bool
node_set_text(struct builder *b, struct alint_node *n, size_t off,
	      size_t len, bool dtext)
{
	struct alint__text t;
	char *r;
	size_t pad;

	n->flags &= ~(ALINT__NF_LONG | ALINT__NF_DTEXT);
	if (dtext)
		n->flags |= ALINT__NF_DTEXT;
	if (len <= ALINT__N_MAX) {
		n->n_ = len;
		n->u.text = (uint32_t)off;
		return true;
	}
	pad = (4 - (b->src->dtext_len & 3)) & 3;
	r = dtext_room(b, pad + sizeof(t));
	if (!r)
		return false;
	t.off = (uint32_t)off;
	t.len = (uint32_t)len;
	memcpy(r + pad, &t, sizeof(t));
	n->flags |= ALINT__NF_LONG;
	n->n_ = 0;
	n->u.text = (uint32_t)(b->src->dtext_len + pad);
	b->src->dtext_len += pad + sizeof(t);
	return true;
}

/* Copy text into src->dtext as n's text (NUL-terminated). */
static bool
node_copy_text(struct builder *b, struct alint_node *n, const char *text,
	       size_t len)
{
	size_t off = b->src->dtext_len;
	char *r;

	r = dtext_room(b, len + 1);
	if (!r)
		return false;
	memcpy(r, text, len);
	r[len] = '\0';
	b->src->dtext_len += len + 1;
	return node_set_text(b, n, off, len, true);
}

/* The text of a node being built, and its length. */
static const char *
btext(const struct builder *b, const struct alint_node *n)
{
	return alint__src_text(b->src, n);
}

static size_t
blen(const struct builder *b, const struct alint_node *n)
{
	return alint__src_len(b->src, n);
}

/* The key text of a key's signature. */
static const char *
sig_text(const struct builder *b, const struct key_sig *k)
{
	return k->text ? k->text : btext(b, &b->nodes[k->subj]);
}

/*
 * Note an anchor of the document being built: nodes with an anchor come
 * in the order of their first property, which is their start.
 */
static int
aref_add(struct builder *b, uint32_t n, const char *name, uint32_t len)
{
	struct aref_ent *r;
	size_t cap;

	if (b->narefs == b->arefs_cap) {
		cap = b->arefs_cap ? b->arefs_cap * 2 : 16;
		r = realloc(b->arefs, cap * sizeof(*r));
		if (!r)
			return ALINT_ENOMEM;
		b->arefs = r;
		b->arefs_cap = cap;
	}
	b->arefs[b->narefs].node = n;
	b->arefs[b->narefs].name = name;
	b->arefs[b->narefs].len = len;
	b->narefs++;
	return 0;
}

/* Anchor and tag of the last node: flags, name, and their span. */
static void
node_props(struct builder *b, struct fy_token *anchor, struct fy_token *tag,
	   uint32_t *pstart, uint32_t *pend)
{
	struct alint_node *n = &b->nodes[b->nnodes - 1];
	uint32_t s, e;

	*pstart = NO_POS;
	*pend = 0;
	if (!anchor && !tag)
		return;
	if (tok_span(b, anchor, &s, &e) && s > 0) {
		if (aref_add(b, b->nnodes - 1, b->buf + s, e - s) < 0) {
			b->err = ALINT_ENOMEM;
			return;
		}
		n->flags |= ALINT__NF_ANCHOR;
		*pstart = s - 1;
		*pend = e;
	}
	/* zero wide: the tag of a repair, not in the source */
	if (tok_span(b, tag, &s, &e) && e > s) {
		n->flags |= ALINT__NF_TAG;
		*pstart = min_u32(*pstart, s);
		*pend = max_u32(*pend, e);
	}
}

static int
anchor_grow(struct builder *b)
{
	struct anchor_ent *old = b->anchors, *t;
	size_t oldcap = b->anchors_cap, cap, i, j;

	cap = oldcap ? oldcap * 2 : 16;
	t = calloc(cap, sizeof(*t));
	if (!t)
		return ALINT_ENOMEM;
	for (i = 0; i < oldcap; i++) {
		if (!old[i].name)
			continue;
		for (j = old[i].hash & (cap - 1); t[j].name;
		     j = (j + 1) & (cap - 1))
			;
		t[j] = old[i];
	}
	free(old);
	b->anchors = t;
	b->anchors_cap = cap;
	return 0;
}

static struct anchor_ent *
anchor_slot(struct builder *b, const char *name, uint32_t len, uint32_t h)
{
	size_t j;

	if (!b->anchors_cap)
		return NULL;
	for (j = h & (b->anchors_cap - 1); b->anchors[j].name;
	     j = (j + 1) & (b->anchors_cap - 1))
		if (b->anchors[j].hash == h && b->anchors[j].len == len &&
		    memcmp(b->anchors[j].name, name, len) == 0)
			return &b->anchors[j];
	return &b->anchors[j];
}

/* Define node i's anchor; a later definition of the same name wins. */
static int
anchor_define(struct builder *b, uint32_t n)
{
	struct anchor_ent *e;
	const char *name;
	uint32_t h, len;
	int error;

	if (!(b->nodes[n].flags & ALINT__NF_ANCHOR) || !b->narefs ||
	    b->arefs[b->narefs - 1].node != n)
		return 0;
	name = b->arefs[b->narefs - 1].name;
	len = (uint32_t)b->arefs[b->narefs - 1].len;
	if ((b->nanchors + 1) * 2 > b->anchors_cap) {
		error = anchor_grow(b);
		if (error < 0)
			return error;
	}
	h = hash_bytes(name, len);
	e = anchor_slot(b, name, len, h);
	if (!e->name)
		b->nanchors++;
	e->name = name;
	e->len = len;
	e->hash = h;
	e->node = n;
	return 0;
}

/* The node number of an anchor, 0 when unknown. */
static uint32_t
anchor_find(struct builder *b, const char *name, uint32_t len)
{
	struct anchor_ent *e;

	e = anchor_slot(b, name, len, hash_bytes(name, len));
	return e && e->name ? e->node : 0;
}

/* "the bool true", "the int 31", "null": a typed key for a message. */
static const char *
typed_desc(struct alint__arena *a, enum alint_y11_type t, const char *canon)
{
	switch (t) {
	case ALINT_Y11_NULL:
		return "null";
	case ALINT_Y11_BOOL:
		return alint__arena_printf(a, "the bool %s", canon);
	case ALINT_Y11_INT:
		return alint__arena_printf(a, "the int %s", canon);
	case ALINT_Y11_FLOAT:
		return alint__arena_printf(a, "the float %s", canon);
	default:
		return alint__arena_printf(a, "the string \"%s\"", canon);
	}
}

/* A key's text for a message: at most KEY_SHOW bytes, controls as '?'. */
static const char *
key_show(struct alint__arena *a, const char *s, size_t len)
{
	size_t n = len, i;
	char *p;

	if (n > KEY_SHOW) {
		n = KEY_SHOW;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	p = alint__arena_alloc(a, n + 4);
	if (!p)
		return NULL;
	for (i = 0; i < n; i++)
		p[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ?
			'?' : s[i];
	if (n < len) {
		memcpy(p + n, "...", 3);
		n += 3;
	}
	p[n] = '\0';
	return p;
}

static int
dup_report(struct builder *b, const struct key_sig *first,
	   const struct key_sig *k)
{
	struct alint_source *src = b->src;
	struct alint__arena *a = &src->arena;
	const struct alint_node *fs = &b->nodes[first->subj];
	const struct alint_node *ks = &b->nodes[k->subj];
	const struct alint_node *fk = &b->nodes[first->key];
	const struct alint_node *kk = &b->nodes[k->key];
	const char *a_show, *b_show, *c_show, *d1, *d2, *msg;
	struct alint_pos fp;

	alint__source_pos(src, fk->start, &fp);
	a_show = key_show(a, btext(b, fs), blen(b, fs));
	b_show = key_show(a, btext(b, ks), blen(b, ks));
	c_show = key_show(a, sig_text(b, k), k->len);
	if (!a_show || !b_show || !c_show)
		return ALINT_ENOMEM;
	if (first->type != k->type) {
		d1 = typed_desc(a, (enum alint_y11_type)first->type, a_show);
		d2 = typed_desc(a, (enum alint_y11_type)k->type, b_show);
	} else {
		d1 = "";
		d2 = typed_desc(a, (enum alint_y11_type)k->type, c_show);
	}
	if (!d1 || !d2)
		return ALINT_ENOMEM;
	if (first->type != k->type)
		msg = alint__arena_printf(a,
			"duplicate key \"%s\": kubectl's JSON conversion makes "
			"it the key \"%s\", like the key \"%s\" on line %zu "
			"(%s there, %s here); only one value is kept",
			b_show, c_show, a_show, fp.line, d1, d2);
	else if (blen(b, fs) != blen(b, ks) ||
		 memcmp(btext(b, fs), btext(b, ks), blen(b, ks)))
		msg = alint__arena_printf(a,
			"duplicate key \"%s\": kubectl (YAML 1.1) reads it as "
			"%s, like the key \"%s\" on line %zu; only the last "
			"value is kept", b_show, d2, a_show, fp.line);
	else
		msg = alint__arena_printf(a,
			"duplicate key \"%s\" (first defined on line %zu): "
			"kubectl keeps only the last value", b_show, fp.line);
	return issue_add(src, ALINT__ISSUE_DUPLICATE_KEY, kk->start, kk->end,
			 fk, msg);
}

static bool
sig_equal(const struct builder *b, const struct key_sig *a,
	  const struct key_sig *k)
{
	const char *at, *kt;

	if (a->hash != k->hash || a->len != k->len)
		return false;
	if ((a->type == ALINT_Y11_NULL) != (k->type == ALINT_Y11_NULL))
		return false;
	at = sig_text(b, a);
	kt = sig_text(b, k);
	return k->len == 0 || (at[0] == kt[0] &&
			       memcmp(at, kt, k->len) == 0);
}

static int
slots_rebuild(const struct builder *b, struct frame *f, size_t nslots)
{
	uint32_t *s;
	size_t i, j;

	s = calloc(nslots, sizeof(*s));
	if (!s)
		return ALINT_ENOMEM;
	if (!f->nslots)		/* linear until now: no hashes yet */
		for (i = 0; i < f->nkeys; i++)
			f->keys[i].hash = hash_bytes(sig_text(b, &f->keys[i]),
						     f->keys[i].len);
	free(f->slots);
	f->slots = s;
	f->nslots = nslots;
	for (i = 0; i < f->nkeys; i++) {
		for (j = f->keys[i].hash & (nslots - 1); s[j];
		     j = (j + 1) & (nslots - 1))
			;
		s[j] = (uint32_t)i + 1;
	}
	return 0;
}

/*
 * Check a new key of mapping frame f against the earlier ones, as
 * kubectl's YAML-to-JSON conversion sees them. Merge keys, collection
 * keys and aliases of collections are not compared.
 */
static int
dup_check(struct builder *b, struct frame *f, uint32_t key, uint32_t si)
{
	const struct alint_node *subj = &b->nodes[si];
	struct key_sig k, *ks;
	size_t i, j, cap;
	int error;

	if ((b->nodes[key].flags & ALINT__NF_MERGE) || !si ||
	    subj->kind != ALINT_NODE_SCALAR)
		return 0;
	k.key = key;
	k.subj = si;
	k.type = subj->y11;
	k.text = NULL;
	k.len = (uint32_t)blen(b, subj);
	if (subj->y11 != ALINT_Y11_STR) {
		size_t tl = 0;

		k.text = alint__y11_key_text(&b->src->arena, btext(b, subj),
					     blen(b, subj), &tl);
		if (!k.text)
			return ALINT_ENOMEM;
		if (k.text == btext(b, subj))
			k.text = NULL;	/* the node's own text */
		k.len = (uint32_t)tl;
	}
	/* small mappings are searched linearly, without hashes */
	k.hash = f->nslots ? hash_bytes(sig_text(b, &k), k.len) : 0;

	if (f->nslots) {
		for (j = k.hash & (f->nslots - 1); f->slots[j];
		     j = (j + 1) & (f->nslots - 1))
			if (sig_equal(b, &f->keys[f->slots[j] - 1], &k))
				return dup_report(b, &f->keys[f->slots[j] - 1],
						  &k);
	} else {
		for (i = 0; i < f->nkeys; i++)
			if (sig_equal(b, &f->keys[i], &k))
				return dup_report(b, &f->keys[i], &k);
	}

	if (f->nkeys == f->keys_cap) {
		cap = f->keys_cap ? f->keys_cap * 2 : 8;
		ks = realloc(f->keys, cap * sizeof(*ks));
		if (!ks)
			return ALINT_ENOMEM;
		f->keys = ks;
		f->keys_cap = cap;
	}
	f->keys[f->nkeys++] = k;
	if (f->nkeys > DUP_LINEAR && f->nkeys * 2 > f->nslots) {
		error = slots_rebuild(b, f, f->nslots ? f->nslots * 2 : 64);
		if (error < 0)
			return error;
	} else if (f->nslots) {
		for (j = k.hash & (f->nslots - 1); f->slots[j];
		     j = (j + 1) & (f->nslots - 1))
			;
		f->slots[j] = (uint32_t)f->nkeys;
	}
	return 0;
}

/*
 * Safety net: an implicit empty scalar (zero wide, placed by
 * implicit_pos()) never runs past the start of the sibling after it.
 */
static void
clamp_implicit(struct alint_node *prev, uint32_t next_start)
{
	if (prev && (prev->flags & ALINT__NF_IMPLICIT) &&
	    prev->start == prev->end && next_start != NO_POS &&
	    prev->start > next_start)
		prev->start = prev->end = next_start;
}

/*
 * Link node i, the last one, under the open collection (or as the root:
 * node 1, right after the document's slot).
 */
static int
attach(struct builder *b, uint32_t i)
{
	struct alint_node *n = &b->nodes[i], *p;
	struct frame *f;

	if (b->depth == 0) {
		n->flags |= ALINT__NF_ROOT;
		n->up = i;
		return 0;
	}
	f = &b->frames[b->depth - 1];
	p = &b->nodes[f->node];
	n->up = i - f->node;
	clamp_implicit(f->last ? &b->nodes[f->last] : NULL, n->start);
	f->prev = f->last;
	f->last = i;
	if (p->kind == ALINT_NODE_MAPPING) {
		if (!(f->nchild & 1)) {
			n->flags |= ALINT__NF_KEY;
			if (n->kind == ALINT_NODE_SCALAR &&
			    n->style == ALINT_STYLE_PLAIN &&
			    blen(b, n) == 2 &&
			    memcmp(btext(b, n), "<<", 2) == 0)
				n->flags |= ALINT__NF_MERGE;
		} else if (p->n_ <= ALINT__N_MAX) {
			p->n_++;
		}
	} else if (p->n_ <= ALINT__N_MAX) {
		p->n_++;
	}
	f->nchild++;
	return 0;
}

/* After attach(): duplicate check of key i; subj is what it stands for. */
static int
key_done(struct builder *b, uint32_t i, uint32_t subj)
{
	if (!(b->nodes[i].flags & ALINT__NF_KEY))
		return 0;
	return dup_check(b, &b->frames[b->depth - 1], i, subj);
}

enum tag_class { TAG_NONE, TAG_RESOLVE, TAG_FLOAT, TAG_STR };

/* What an explicit tag does to go-yaml's typing of a scalar. */
static enum tag_class
tag_class(const struct builder *b, struct fy_token *tag)
{
	static const char *const resolvable[] = {
		"int", "bool", "null", "timestamp", NULL
	};
	const char *s;
	uint32_t ts, te, n;
	size_t i, l;

	if (!tag || !tok_span(b, tag, &ts, &te) || te == ts)
		return TAG_NONE;
	s = b->buf + ts;
	n = te - ts;
	if (n > 2 && memcmp(s, "!!", 2) == 0) {
		s += 2;
		n -= 2;
	} else if (n > 21 && memcmp(s, "!<tag:yaml.org,2002:", 20) == 0 &&
		   s[n - 1] == '>') {
		s += 20;
		n -= 21;
	} else {
		return TAG_STR;
	}
	if (n == 5 && memcmp(s, "float", 5) == 0)
		return TAG_FLOAT;
	for (i = 0; resolvable[i]; i++) {
		l = strlen(resolvable[i]);
		if (n == l && memcmp(s, resolvable[i], l) == 0)
			return TAG_RESOLVE;
	}
	return TAG_STR;
}

/*
 * The column of the entry that holds a block scalar whose header is at
 * h: its key in a block mapping, its '-' in a block sequence (on the
 * header's line). -1 when there is none or it cannot be told.
 */
static long
entry_column(const struct builder *b, uint32_t h)
{
	const struct frame *f;
	const char *s = b->buf;
	uint32_t p, ls;

	if (b->depth == 0)
		return -1;
	f = &b->frames[b->depth - 1];
	if (b->nodes[f->node].style != ALINT_STYLE_BLOCK)
		return -1;
	if (b->nodes[f->node].kind == ALINT_NODE_MAPPING) {
		if (!(f->nchild & 1) || !f->last)
			return -1;
		p = b->nodes[f->last].start;
		ls = alint__line_start_at(b->src, h);
		if (p < ls) {
			/* "? key" above: the ':' starts the header's line */
			for (p = ls; p < h && s[p] == ' '; p++)
				;
			if (s[p] != ':')
				return -1;
		}
	} else {
		for (p = h; p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t'); p--)
			;
		if (p == 0 || s[p - 1] != '-')
			return -1;
		p--;
	}
	ls = alint__line_start_at(b->src, p);
	return (long)(p - ls);
}

/*
 * Whether libfyaml took lines that belong to the enclosing collection as
 * the content of the block scalar at h ([s, e)): its first line that is
 * not blank is no more indented than the entry, which YAML forbids.
 */
static bool
block_misread(const struct builder *b, uint32_t h, uint32_t s, uint32_t e)
{
	const char *buf = b->buf;
	uint32_t p, q;
	long col;

	if (h + 1 < b->len && ((buf[h + 1] >= '1' && buf[h + 1] <= '9') ||
	    (h + 2 < b->len && (buf[h + 1] == '-' || buf[h + 1] == '+') &&
	     buf[h + 2] >= '1' && buf[h + 2] <= '9')))
		return false;		/* explicit indentation */
	for (p = s; p < e; p = q + 1) {
		for (q = p; q < e && buf[q] == ' '; q++)
			;
		if (q < e && buf[q] != '\n' && buf[q] != '\r')
			break;
	}
	if (p >= e)
		return false;		/* blank lines only */
	col = entry_column(b, h);
	return col >= 0 && (long)(q - p) <= col;
}

/*
 * Decode a literal block scalar ('|', '|-', '|+') without libfyaml, which
 * would allocate, format and free a copy: [s, e) is its content as
 * libfyaml marks it, from the line after the header to the start of the
 * line after the last one. The indentation is that of the first line
 * that is not blank; line breaks become '\n'; the chomping indicator says
 * what happens to the final line breaks. Returns false for what it does
 * not handle (an explicit indentation indicator, content at column 0,
 * no final line break, a blank line more indented than the text before
 * any text, nothing but blank lines): libfyaml decodes those.
 */
static bool
literal_decode(struct builder *b, uint32_t h, uint32_t s, uint32_t e,
	       struct alint_node *n)
{
	const char *buf = b->buf;
	uint32_t p, q, lend, next, ind = 0, k, empties = 0, lead = 0;
	char chomp = 0, *out;
	size_t o = 0;
	bool text = false;

	if (h >= b->len || buf[h] != '|')
		return false;
	p = h + 1;
	if (p < b->len && (buf[p] == '-' || buf[p] == '+'))
		chomp = buf[p++];
	if (p < b->len && buf[p] >= '0' && buf[p] <= '9')
		return false;
	if (e == s)
		return node_set_text(b, n, 0, 0, false);
	if (buf[e - 1] != '\n' && buf[e - 1] != '\r')
		return false;
	/* the indentation: spaces before the first non-blank line */
	for (p = s; p < e && !ind; p = next) {
		for (q = p; q < e && buf[q] == ' '; q++)
			;
		if (q < e && buf[q] != '\n' && buf[q] != '\r') {
			ind = q - p;
			break;
		}
		lead = max_u32(lead, q - p);
		next = q + 1;
		if (buf[q] == '\r' && next < e && buf[next] == '\n')
			next++;
	}
	if (!ind || lead > ind)
		return false;
	out = dtext_room(b, e - s + 1);	/* decoded: never longer */
	if (!out)
		return false;
	for (p = s; p < e; p = next) {
		if (b->has_cr) {
			for (lend = p; buf[lend] != '\n' && buf[lend] != '\r';
			     lend++)
				;
		} else {
			lend = (uint32_t)((const char *)memchr(buf + p, '\n',
							       e - p) - buf);
		}
		next = lend + 1;
		if (buf[lend] == '\r' && next < e && buf[next] == '\n')
			next++;
		for (k = 0; p + k < lend && buf[p + k] == ' '; k++)
			;
		if (p + k == lend && k <= ind) {
			empties++;		/* a blank line */
			continue;
		}
		if (k < ind)
			return false;
		memset(out + o, '\n', empties);
		o += empties;
		empties = 0;
		memcpy(out + o, buf + p + ind, lend - p - ind);
		o += lend - p - ind;
		out[o++] = '\n';
		text = true;
	}
	if (!text)
		return false;
	if (chomp == '-') {
		o--;
	} else if (chomp == '+') {
		memset(out + o, '\n', empties);
		o += empties;
	}
	out[o] = '\0';
	p = (uint32_t)b->src->dtext_len;
	b->src->dtext_len += o + 1;
	return node_set_text(b, n, p, o, true);
}

static int
on_scalar(struct builder *b, struct fy_event *fye)
{
	struct fy_token *t = fye->scalar.value;
	struct alint_node *n;
	uint32_t ni;
	enum fy_scalar_style fst;
	enum tag_class tc;
	uint32_t s = 0, e = 0, pstart, pend, i;
	const char *text;
	size_t tlen;
	bool direct = true, has_tok, lines = false;
	char esc = 0;
	int error;

	has_tok = tok_span_lines(b, t, &s, &e, &lines);
	if (!has_tok && b->depth == 0 && !fye->scalar.anchor &&
	    !fye->scalar.tag)
		return 0;	/* an empty document */
	n = node_new(b, ALINT_NODE_SCALAR, ALINT_STYLE_PLAIN);
	if (!n)
		return ALINT_ENOMEM;
	ni = b->nnodes - 1;
	node_props(b, fye->scalar.anchor, fye->scalar.tag, &pstart, &pend);

	if (!has_tok) {
		n->flags |= ALINT__NF_IMPLICIT;
		node_set_text(b, n, 0, 0, false);
		n->y11 = ALINT_Y11_NULL;
		if (pstart != NO_POS) {
			n->start = pstart;
			n->end = pend;
		} else {
			n->start = n->end = implicit_pos(b);
		}
		b->pos = max_u32(b->pos, n->end);
		goto link;
	}

	fst = fy_token_scalar_style(t);
	n->start = s;
	n->end = e;
	switch (fst) {
	case FYSS_SINGLE_QUOTED:
		n->style = ALINT_STYLE_SINGLE_QUOTED;
		esc = '\'';
		n->start = s > 0 ? s - 1 : 0;
		n->end = e < b->len ? e + 1 : e;
		break;
	case FYSS_DOUBLE_QUOTED:
		n->style = ALINT_STYLE_DOUBLE_QUOTED;
		esc = '\\';
		n->start = s > 0 ? s - 1 : 0;
		n->end = e < b->len ? e + 1 : e;
		break;
	case FYSS_LITERAL:
	case FYSS_FOLDED:
		n->style = fst == FYSS_LITERAL ? ALINT_STYLE_LITERAL :
			ALINT_STYLE_FOLDED;
		direct = false;
		n->start = block_header(b, pend ? max_u32(b->pos, pend) :
					b->pos, s);
		/*
		 * libfyaml ends a block scalar at the next token, after the
		 * indentation of its line: it ends at the start of that
		 * line. (At the end of the input, spaces are content.)
		 */
		if (e < b->len && b->buf[e] != ' ' && b->buf[e] != '\n' &&
		    b->buf[e] != '\r') {
			for (i = e; i > n->start + 1 && b->buf[i - 1] == ' ';
			     i--)
				;
			if (b->buf[i - 1] == '\n' || b->buf[i - 1] == '\r')
				e = i;
			if (s > e)
				s = e;
		}
		n->end = e;
		if (b->may_repair && (b->buf[n->start] == '|' ||
		    b->buf[n->start] == '>') &&
		    block_misread(b, n->start, s, e)) {
			b->want_patch = n->start + 1;
			b->stop = true;
		}
		break;
	default:
		break;
	}
	/* the raw text is the value: one line, and no escape */
	if (lines || (esc && memchr(b->buf + s, esc, e - s)))
		direct = false;
	if (direct) {
		if (!node_set_text(b, n, s, e - s, false))
			return ALINT_ENOMEM;
	} else if (n->style == ALINT_STYLE_LITERAL &&
		   literal_decode(b, n->start, s, e, n)) {
		/* decoded from the source */
	} else {
		if (b->err < 0)
			return b->err;
		text = fy_token_get_text(t, &tlen);
		if (!text) {
			text = "";
			tlen = 0;
		}
		if (!node_copy_text(b, n, text, tlen))
			return ALINT_ENOMEM;
	}
	if (pstart < n->start)
		n->start = pstart;
	b->pos = max_u32(b->pos, n->end);

	tc = tag_class(b, fye->scalar.tag);
	if (tc == TAG_STR) {
		n->y11 = ALINT_Y11_STR;
	} else if (tc == TAG_NONE && n->style != ALINT_STYLE_PLAIN) {
		n->y11 = ALINT_Y11_STR;
	} else {
		n->y11 = alint__y11_resolve(btext(b, n), blen(b, n));
		if (tc == TAG_FLOAT && n->y11 == ALINT_Y11_INT)
			n->y11 = ALINT_Y11_FLOAT;
	}
	if (b->ntpl && n->style != ALINT_STYLE_PLAIN)
		tpl_cover(b, n->start, n->end);
link:
	if (b->err < 0)
		return b->err;
	error = attach(b, ni);
	if (error < 0)
		return error;
	error = anchor_define(b, ni);
	if (error < 0)
		return error;
	return key_done(b, ni, ni);
}

static int
alias_note(struct builder *b, uint32_t n, uint32_t target)
{
	struct alias_ent *r;
	size_t cap;

	if (b->naliases == b->aliases_cap) {
		cap = b->aliases_cap ? b->aliases_cap * 2 : 16;
		r = realloc(b->aliases, cap * sizeof(*r));
		if (!r)
			return ALINT_ENOMEM;
		b->aliases = r;
		b->aliases_cap = cap;
	}
	b->aliases[b->naliases].alias = n;
	b->aliases[b->naliases].target = target;
	b->naliases++;
	return 0;
}

static int
on_alias(struct builder *b, struct fy_event *fye)
{
	struct alint_node *n;
	const char *msg;
	uint32_t s, e, ni, target;
	int error;

	n = node_new(b, ALINT_NODE_ALIAS, ALINT_STYLE_PLAIN);
	if (!n)
		return ALINT_ENOMEM;
	ni = b->nnodes - 1;
	if (!tok_span(b, fye->alias.anchor, &s, &e))
		s = e = implicit_pos(b);
	n->start = s > 0 ? s - 1 : 0;
	n->end = e;
	if (!node_set_text(b, n, s, e - s, false))
		return ALINT_ENOMEM;
	n->y11 = ALINT_Y11_STR;
	b->pos = max_u32(b->pos, e);
	target = anchor_find(b, b->buf + s, e - s);
	error = alias_note(b, ni, target);
	if (error < 0)
		return error;
	if (!target) {
		msg = alint__arena_printf(&b->src->arena,
			"kubectl (go-yaml) rejects this: unknown anchor "
			"'%.*s' referenced", (int)(e - s), b->buf + s);
		error = issue_add(b->src, ALINT__ISSUE_KUBECTL, n->start,
				  n->end, NULL, msg);
		if (error < 0)
			return error;
	}
	error = attach(b, ni);
	if (error < 0)
		return error;
	return key_done(b, ni, target);
}

static int
on_collection_start(struct builder *b, struct fy_event *fye)
{
	bool mapping = fye->type == FYET_MAPPING_START;
	struct fy_token *tok, *anchor, *tag;
	struct alint_node *n;
	struct frame *f;
	uint32_t s = NO_POS, e = NO_POS, pstart, pend, at, ni;
	size_t cap;
	int error;

	if (mapping) {
		tok = fye->mapping_start.mapping_start;
		anchor = fye->mapping_start.anchor;
		tag = fye->mapping_start.tag;
	} else {
		tok = fye->sequence_start.sequence_start;
		anchor = fye->sequence_start.anchor;
		tag = fye->sequence_start.tag;
	}
	if (!tok_span(b, tok, &s, &e))
		s = e = NO_POS;

	if (b->depth >= ALINT__MAX_DEPTH) {
		b->src->max_depth = b->depth + 1;
		b->src->fatal = true;
		b->stop = true;
		at = s != NO_POS ? s : b->pos;
		return issue_add(b->src, ALINT__ISSUE_DEPTH, at,
				 char_end(b->src, at), NULL,
				 "nesting deeper than 512 levels");
	}

	n = node_new(b, mapping ? ALINT_NODE_MAPPING : ALINT_NODE_SEQUENCE,
		     fy_event_get_node_style(fye) == FYNS_FLOW ?
		     ALINT_STYLE_FLOW : ALINT_STYLE_BLOCK);
	if (!n)
		return ALINT_ENOMEM;
	ni = b->nnodes - 1;
	node_props(b, anchor, tag, &pstart, &pend);
	/* '{' or '['; else zero wide at the first key or '-', or none */
	n->start = s;
	if (pstart != NO_POS)
		n->start = min_u32(n->start, pstart);

	if (b->depth == b->frames_cap) {
		cap = b->frames_cap ? b->frames_cap * 2 : 16;
		f = realloc(b->frames, cap * sizeof(*f));
		if (!f)
			return ALINT_ENOMEM;
		memset(f + b->frames_cap, 0,
		       (cap - b->frames_cap) * sizeof(*f));
		b->frames = f;
		b->frames_cap = cap;
	}

	error = attach(b, ni);
	if (error < 0)
		return error;
	error = anchor_define(b, ni);
	if (error < 0)
		return error;
	error = key_done(b, ni, ni);
	if (error < 0)
		return error;

	f = &b->frames[b->depth++];
	if (b->depth > b->src->max_depth)
		b->src->max_depth = b->depth;
	f->node = ni;
	f->last = 0;
	f->nchild = 0;
	f->nkeys = 0;
	/* the hash index exists only for big mappings: drop it */
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;

	f->prev = 0;
	if (s != NO_POS && e > s) {
		f->open_implicit = false;
		b->pos = max_u32(b->pos, e);
	} else {
		f->open_implicit = true;
		if (s != NO_POS && n->style == ALINT_STYLE_BLOCK)
			b->pos = max_u32(b->pos, s);
	}
	if (pstart != NO_POS)
		b->pos = max_u32(b->pos, pend);
	return 0;
}

static int
on_collection_end(struct builder *b, struct fy_event *fye)
{
	struct fy_token *tok;
	struct alint_node *n;
	struct frame *f;
	uint32_t s, e, end;

	if (b->depth == 0)
		return 0;
	f = &b->frames[--b->depth];
	n = &b->nodes[f->node];
	n->u.size = b->nnodes - f->node;
	tok = fye->type == FYET_MAPPING_END ? fye->mapping_end.mapping_end :
		fye->sequence_end.sequence_end;
	if (f->open_implicit && f->last && n[1].start < n->start)
		n->start = n[1].start;
	if (n->start == NO_POS)
		n->start = b->pos;
	if (b->depth > 0 && b->frames[b->depth - 1].prev)
		clamp_implicit(&b->nodes[b->frames[b->depth - 1].prev],
			       n->start);
	if (!f->open_implicit && tok_span(b, tok, &s, &e) && e > s)
		end = e;
	else
		end = f->last ? b->nodes[f->last].end : n->start;
	if (end < n->start)
		end = n->start;
	if ((n->flags & (ALINT__NF_ANCHOR | ALINT__NF_TAG)) && !f->last) {
		/* empty: at least the properties */
		end = max_u32(end, b->pos);
	}
	n->end = end;
	b->pos = max_u32(b->pos, end);
	return 0;
}

static int
on_document_start(struct builder *b, struct fy_event *fye)
{
	struct alint_source *src = b->src;
	struct alint__slot slot;
	struct alint_doc *d;
	uint32_t s, e;

	if (src->ndocs >= b->docs_cap) {
		/* cannot happen: the bound counts every "---" and "..." */
		src->fatal = true;
		b->stop = true;
		return issue_add(src, ALINT__ISSUE_SYNTAX, b->pos, b->pos,
				 NULL, "too many documents");
	}
	d = &src->docs[src->ndocs];
	memset(d, 0, sizeof(*d));
	d->index = (uint32_t)src->ndocs;
	d->src = src;
	d->start = NO_POS;
	if (!fye->document_start.implicit &&
	    tok_span(b, fye->document_start.document_start, &s, &e)) {
		d->start = s;
		d->explicit_start = true;
		b->pos = max_u32(b->pos, e);
	}
	b->doc = d;
	/* the document's slot */
	b->nnodes = 0;
	if (!node_new(b, ALINT_NODE_SCALAR, ALINT_STYLE_PLAIN))
		return ALINT_ENOMEM;
	slot.doc = d;
	slot.src = src;
	memcpy(&b->nodes[0], &slot, sizeof(slot));
	b->naliases = 0;
	b->narefs = 0;
	if (b->nanchors) {
		memset(b->anchors, 0, b->anchors_cap * sizeof(*b->anchors));
		b->nanchors = 0;
	}
	return 0;
}

/*
 * Give the finished document its nodes: a copy in the source's arena, or
 * for a big document the builder's array itself, which the source then
 * keeps (no copy, no second array at the peak).
 */
static int
doc_place(struct builder *b)
{
	struct alint_source *src = b->src;
	struct alint_doc *d = b->doc;
	struct alint_node *nodes;
	void **blocks;
	size_t sz = (size_t)b->nnodes * sizeof(*nodes);

	d->root = NULL;
	if (b->nnodes < 2)
		return 0;
	if (b->nnodes < ADOPT_NODES) {
		nodes = alint__arena_alloc(&src->arena, sz);
		if (!nodes)
			return ALINT_ENOMEM;
		memcpy(nodes, b->nodes, sz);
	} else {
		blocks = realloc(src->blocks,
				 (src->nblocks + 1) * sizeof(*blocks));
		if (!blocks)
			return ALINT_ENOMEM;
		src->blocks = blocks;
		nodes = realloc(b->nodes, sz);
		if (!nodes)
			nodes = b->nodes;
		src->blocks[src->nblocks++] = nodes;
		b->nodes = NULL;
		b->nodes_cap = 0;
	}
	b->nnodes = 0;
	d->root = nodes + 1;
	return 0;
}

static int
on_document_end(struct builder *b, struct fy_event *fye)
{
	struct alint_source *src = b->src;
	struct alint_doc *d = b->doc;
	uint32_t q;
	size_t i;
	int error;

	if (!d)
		return 0;
	error = doc_place(b);
	if (error < 0)
		return error;
	if (d->start == NO_POS)
		d->start = d->root ? d->root->start : b->pos;
	d->end = max_u32(b->pos, d->start);
	if (!fye->document_end.implicit) {
		d->explicit_end = true;
		q = skip_space(b, b->pos);
		if (q + 3 <= b->len && memcmp(b->buf + q, "...", 3) == 0) {
			d->end = q + 3;
			b->pos = d->end;
		}
	}
	if (b->naliases) {
		d->aliases = alint__arena_alloc(&src->arena,
					b->naliases * sizeof(*d->aliases));
		if (!d->aliases)
			return ALINT_ENOMEM;
		for (i = 0; i < b->naliases; i++) {
			d->aliases[i].alias = d->root - 1 + b->aliases[i].alias;
			d->aliases[i].target = b->aliases[i].target ?
				d->root - 1 + b->aliases[i].target : NULL;
		}
		d->naliases = b->naliases;
	}
	if (b->narefs) {
		d->anchors = alint__arena_alloc(&src->arena,
					b->narefs * sizeof(*d->anchors));
		if (!d->anchors)
			return ALINT_ENOMEM;
		for (i = 0; i < b->narefs; i++) {
			d->anchors[i].node = d->root - 1 + b->arefs[i].node;
			d->anchors[i].name = b->arefs[i].name;
			d->anchors[i].len = b->arefs[i].len;
		}
		d->nanchors = b->narefs;
	}
	src->ndocs++;
	b->doc = NULL;
	return 0;
}

static int
on_event(struct builder *b, struct fy_event *fye)
{
	switch (fye->type) {
	case FYET_DOCUMENT_START:
		return on_document_start(b, fye);
	case FYET_DOCUMENT_END:
		return on_document_end(b, fye);
	case FYET_MAPPING_START:
	case FYET_SEQUENCE_START:
		if (!b->doc)
			return 0;
		return on_collection_start(b, fye);
	case FYET_MAPPING_END:
	case FYET_SEQUENCE_END:
		if (!b->doc)
			return 0;
		return on_collection_end(b, fye);
	case FYET_SCALAR:
		if (!b->doc)
			return 0;
		return on_scalar(b, fye);
	case FYET_ALIAS:
		if (!b->doc)
			return 0;
		return on_alias(b, fye);
	default:
		return 0;
	}
}

static void
diag_discard(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/* The first libfyaml error: its source offset and message. */
static int
first_error(struct builder *b, struct fy_diag *diag, struct parse_fail *pf)
{
	struct alint_source *src = b->src;
	struct fy_diag_error *de;
	uint32_t s, e;
	void *it = NULL;

	pf->failed = true;
	pf->off = b->pos;
	pf->msg = "invalid YAML";
	for (;;) {
		de = fy_diag_errors_iterate(diag, &it);
		if (!de)
			break;
		if (de->type != FYET_ERROR)
			continue;
		if (tok_span(b, de->fyt, &s, &e)) {
			pf->off = s;
		} else if (de->line > 0 && !b->npatch) {
			pf->off = offset_of(src, (size_t)de->line - 1,
					    de->column > 0 ?
					    (size_t)de->column - 1 : 0);
		}
		if (de->msg) {
			pf->msg = alint__arena_strndup(&src->arena, de->msg,
						       strlen(de->msg));
			if (!pf->msg)
				return ALINT_ENOMEM;
		}
		break;
	}
	return 0;
}

/*
 * Whether libfyaml 0.7.12 failed in the way that leaves a freed simple key
 * in its list (pantoniou/libfyaml#57): UAF_ERROR for a tab after the ':'
 * of a simple key ("? k:\t- x"). Destroying such a parser writes to freed
 * memory and crashes the process, so the parser is leaked instead; the
 * input is rare and invalid. After an explicit ':' at the start of a
 * line, or after '-' or '?', the same error is harmless.
 */
static bool
uaf_error(const struct builder *b, const struct parse_fail *pf)
{
	const char *s = b->buf;
	size_t p = pf->off, ls;

	if (strcmp(pf->msg, UAF_ERROR) != 0)
		return false;
	if (b->npatch)
		return true;	/* after repairs: stay on the safe side */
	ls = alint__line_start_at(b->src, p);
	while (p > ls && (s[p - 1] == ' ' || s[p - 1] == '\t'))
		p--;
	if (p == ls || s[p - 1] != ':')
		return false;
	for (p--; p > ls; p--)
		if (s[p - 1] != ' ' && s[p - 1] != '\t')
			return true;
	return false;
}

/* One libfyaml pass over pbuf (the source, or its repaired copy). */
/*
 * The diagnostic configuration of every parser, made once: libfyaml's
 * default asks isatty(stderr), a system call, which every parse (and
 * every fragment a fix parses) would repeat.
 */
static pthread_once_t diag_once = PTHREAD_ONCE_INIT;
static struct fy_diag_cfg diag_cfg;

static void
diag_cfg_init(void)
{
	fy_diag_cfg_default(&diag_cfg);
	diag_cfg.fp = NULL;
	diag_cfg.output_fn = diag_discard;
	diag_cfg.user = NULL;
	diag_cfg.colorize = false;
}

static int
run_parser(struct builder *b, const char *pbuf, size_t plen,
	   struct parse_fail *pf)
{
	struct fy_diag_cfg dc;
	struct fy_parse_cfg cfg;
	struct fy_diag *diag = NULL;
	struct fy_parser *fyp = NULL;
	struct fy_event *fye;
	bool ended = false;
	int error = 0;

	memset(pf, 0, sizeof(*pf));
	pthread_once(&diag_once, diag_cfg_init);
	dc = diag_cfg;
	diag = fy_diag_create(&dc);
	if (!diag)
		return ALINT_ENOMEM;
	fy_diag_set_collect_errors(diag, true);
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET;
	cfg.diag = diag;
	fyp = fy_parser_create(&cfg);
	if (!fyp || fy_parser_set_string(fyp, pbuf, plen) != 0) {
		error = ALINT_ENOMEM;
		goto out;
	}
	for (;;) {
		fye = fy_parser_parse(fyp);
		if (!fye)
			break;
		if (fye->type == FYET_STREAM_END)
			ended = true;
		error = on_event(b, fye);
		fy_parser_event_free(fyp, fye);
		if (error < 0 || b->err < 0) {
			error = error < 0 ? error : b->err;
			goto out;
		}
		if (b->stop)
			break;
	}
	if (!b->stop && (!ended || fy_parser_get_stream_error(fyp)))
		error = first_error(b, diag, pf);
	if (pf->failed && uaf_error(b, pf))
		fyp = NULL;	/* leaked on purpose, see uaf_error() */
out:
	if (fyp)
		fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	return error;
}

/* Forget what a failed pass built; keep the issues found before it. */
static void
builder_reset(struct builder *b, size_t nissues)
{
	struct alint_source *src = b->src;
	size_t i;

	b->pos = 0;
	b->stop = false;
	b->want_patch = 0;
	b->depth = 0;
	b->nnodes = 0;
	src->dtext_len = 0;
	b->doc = NULL;
	b->naliases = 0;
	b->narefs = 0;
	if (b->nanchors) {
		memset(b->anchors, 0, b->anchors_cap * sizeof(*b->anchors));
		b->nanchors = 0;
	}
	for (i = 0; i < b->ntpl; i++)
		b->tpl[i].covered = false;
	b->tpl_next = 0;
	src->ndocs = 0;
	src->nissues = nissues;
	src->max_depth = 0;
	src->fatal = false;
}

/* If [p, end) is an empty sequence entry ("  -  # c"): after its '-'. */
static uint32_t
empty_entry(const char *b, size_t p, size_t end)
{
	size_t dash;

	while (p < end && (b[p] == ' ' || b[p] == '\t'))
		p++;
	if (p >= end || b[p] != '-')
		return 0;
	dash = p++;
	if (p < end && b[p] != ' ' && b[p] != '\t' && b[p] != '\n' &&
	    b[p] != '\r')
		return 0;
	while (p < end && (b[p] == ' ' || b[p] == '\t'))
		p++;
	if (p >= end || b[p] == '#' || b[p] == '\n' || b[p] == '\r')
		return (uint32_t)dash + 1;
	return 0;
}

/*
 * Where to repair a REPAIRABLE error at off: right after the '-' of the
 * empty entry before it, on its own line before off, or on the last line
 * above that is not blank or a comment. 0 when it is not that case.
 */
static uint32_t
repair_point(const struct alint_source *src, size_t off)
{
	const char *b = src->buf;
	size_t line, p, end;
	uint32_t at;

	line = alint__line_of(src, off, &p);
	at = empty_entry(b, p, off);
	if (at)
		return at;
	while (line > 0) {
		line--;
		p = alint__line_start(src, line);
		end = alint__line_next(src, p);
		at = empty_entry(b, p, end);
		if (at)
			return at;
		while (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		if (p < end && b[p] != '#' && b[p] != '\n' && b[p] != '\r')
			return 0;
	}
	return 0;
}

/* The source with every repair inserted. */
static char *
patched_copy(const struct builder *b, size_t *plen)
{
	const struct alint_source *src = b->src;
	const struct patch *pt;
	size_t i, from = 0, o = 0;
	char *p;

	*plen = src->len;
	if (b->npatch)
		*plen += b->patch[b->npatch - 1].before +
			b->patch[b->npatch - 1].len;
	p = malloc(*plen + 1);
	if (!p)
		return NULL;
	for (i = 0; i < b->npatch; i++) {
		pt = &b->patch[i];
		memcpy(p + o, src->buf + from, pt->at - from);
		o += pt->at - from;
		memcpy(p + o, pt->text, pt->len);
		o += pt->len;
		from = pt->at;
	}
	memcpy(p + o, src->buf + from, src->len - from);
	p[*plen] = '\0';
	return p;
}

/* Add a repair; false when there is one at that offset already. */
static int
patch_add(struct builder *b, uint32_t at, const char *text)
{
	struct patch *p;
	size_t cap, i, j;

	for (i = 0; i < b->npatch && b->patch[i].at <= at; i++)
		if (b->patch[i].at == at)
			return 1;
	if (b->npatch == b->patch_cap) {
		cap = b->patch_cap ? b->patch_cap * 2 : 4;
		p = realloc(b->patch, cap * sizeof(*p));
		if (!p)
			return ALINT_ENOMEM;
		b->patch = p;
		b->patch_cap = cap;
	}
	memmove(b->patch + i + 1, b->patch + i,
		(b->npatch - i) * sizeof(*b->patch));
	b->patch[i].at = at;
	b->patch[i].text = text;
	b->patch[i].len = (uint32_t)strlen(text);
	b->npatch++;
	for (j = 0; j < b->npatch; j++)
		b->patch[j].before = j ? b->patch[j - 1].before +
			b->patch[j - 1].len : 0;
	return 0;
}

static int libyaml_run(struct alint_source *src, bool *failed, size_t *off,
		       const char **problem);
static const char *key_show(struct alint__arena *a, const char *s,
			    size_t len);

static void
builder_free(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->frames_cap; i++) {
		free(b->frames[i].keys);
		free(b->frames[i].slots);
	}
	free(b->frames);
	free(b->nodes);
	free(b->anchors);
	free(b->aliases);
	free(b->arefs);
	free(b->tpl);
	free(b->patch);
}

static const char *
line_break_name(uint32_t cp)
{
	switch (cp) {
	case 0x85:
		return "U+0085 NEXT LINE";
	case 0x2028:
		return "U+2028 LINE SEPARATOR";
	default:
		return "U+2029 PARAGRAPH SEPARATOR";
	}
}

/*
 * libfyaml 0.7.12 loops forever on invalid UTF-8 in a directive line
 * ("%FOO x\xff"): such a stream is not given to it. The first bad byte
 * of a line that starts with '%', or SIZE_MAX.
 */
static size_t
bad_directive(const struct alint_source *src)
{
	const unsigned char *b = (const unsigned char *)src->buf;
	size_t i, p, end, at;

	if (!src->pct_lines)
		return SIZE_MAX;
	for (i = 0, at = 0; i < src->nlines; i++, at = end) {
		p = at;
		end = alint__line_next(src, at);
		if (p == 0 && src->bom)
			p = 3;
		if (p >= src->len || b[p] != '%')
			continue;
		for (; p < end; p++)
			if (b[p] >= 0x80 && !utf8_seq(b, p, src->len))
				return p;
	}
	return SIZE_MAX;
}

/*
 * libfyaml 0.7.12 frees a simple key twice when a tab follows its ':' and
 * precedes a block indicator on an explicit-key line ("? k:\t- x",
 * pantoniou/libfyaml#57): with recycling off (FY_VALGRIND) the process
 * dies in fy_parser_parse(), else in fy_parser_destroy(). Such a stream
 * is not given to it; libfyaml would reject it (UAF_ERROR) at the tab,
 * returned here, or SIZE_MAX.
 */
static size_t
tab_trap(const struct alint_source *src)
{
	const char *b = src->buf, *tab;
	size_t i, p, q, end, at;

	if (!memchr(b, '\t', src->len))
		return SIZE_MAX;
	for (i = 0, at = 0; i < src->nlines; i++, at = end) {
		p = at;
		end = alint__line_next(src, at);
		/* "? " at the start of the line, after blanks and "- " */
		while (p + 1 < end && (b[p] == ' ' || (b[p] == '-' &&
		       (b[p + 1] == ' ' || b[p + 1] == '\t'))))
			p++;
		if (p + 1 >= end || b[p] != '?' ||
		    (b[p + 1] != ' ' && b[p + 1] != '\t'))
			continue;
		for (; p < end; p++) {
			if (b[p] != ':')
				continue;
			for (q = p + 1; q < end && b[q] == ' '; q++)
				;
			if (q >= end || b[q] != '\t')
				continue;
			while (q < end && (b[q] == ' ' || b[q] == '\t'))
				q++;
			if (q < end && (b[q] == '?' || b[q] == ':' ||
			    b[q] == '|' || b[q] == '>' || (b[q] == '-' &&
			    (q + 1 >= end || b[q + 1] == ' ' ||
			     b[q + 1] == '\t' || b[q + 1] == '\n' ||
			     b[q + 1] == '\r')))) {
				tab = memchr(b + p, '\t', q - p);
				return (size_t)(tab - b);
			}
		}
	}
	return SIZE_MAX;
}

/* NUL, UTF-8 and YAML 1.1 line break checks, before parsing. */
static int
text_issues(struct alint_source *src)
{
	const char *nul, *msg;
	size_t bad, lb;
	uint32_t cp;
	int error;

	nul = memchr(src->buf, '\0', src->len);
	if (nul) {
		src->fatal = true;
		return issue_add(src, ALINT__ISSUE_NUL,
				 (size_t)(nul - src->buf),
				 (size_t)(nul - src->buf) + 1, NULL,
				 "NUL byte: a binary file, not YAML");
	}
	bad = tab_trap(src);
	if (bad != SIZE_MAX) {
		src->fatal = true;
		return issue_add(src, ALINT__ISSUE_SYNTAX, bad, bad + 1, NULL,
				 UAF_ERROR);
	}
	scan_text(src->buf, src->len, &bad, &lb, &cp);
	if (bad != SIZE_MAX) {
		msg = alint__arena_printf(&src->arena,
			"invalid UTF-8 (byte 0x%02x): kubectl (go-yaml) "
			"rejects the file",
			(unsigned int)(unsigned char)src->buf[bad]);
		error = issue_add(src, ALINT__ISSUE_INVALID_UTF8, bad, bad + 1,
				  NULL, msg);
		if (error < 0)
			return error;
		/*
		 * libfyaml 0.7.12 loops forever on some invalid UTF-8 (in a
		 * directive line; after a U+FEFF inside a comment, found by
		 * fuzzing), and kubectl rejects any: such a stream is not
		 * given to it.
		 */
		src->fatal = true;
		bad = bad_directive(src);
		if (bad != SIZE_MAX)
			return issue_add(src, ALINT__ISSUE_SYNTAX, bad, bad + 1,
					 NULL, "invalid UTF-8 in a directive");
		return 0;
	}
	if (lb != SIZE_MAX) {
		msg = alint__arena_printf(&src->arena,
			"%s is a line break for kubectl (YAML 1.1) but "
			"text for YAML 1.2 parsers; write it as an escape "
			"in a double-quoted string", line_break_name(cp));
		error = issue_add(src, ALINT__ISSUE_LINE_BREAK, lb,
				  lb + (cp == 0x85 ? 2 : 3), NULL, msg);
		if (error < 0)
			return error;
	}
	return 0;
}

int
alint__yaml_parse(struct alint_source *src)
{
	struct builder b;
	struct parse_fail pf, first;
	char *pbuf = NULL, *t;
	const char *problem, *text;
	size_t plen, base, off, i, n, last;
	uint32_t at;
	bool lyfail;
	int error, attempt;

	memset(&b, 0, sizeof(b));
	if (src->len >= UINT32_MAX)
		return ALINT_ETOOBIG;
	b.src = src;
	b.buf = src->buf;
	b.len = (uint32_t)src->len;

	error = alint__source_lines(src);
	if (error < 0)
		goto out;
	error = text_issues(src);
	if (error < 0 || src->fatal)
		goto out;

	b.has_cr = memchr(src->buf, '\r', src->len) != NULL;
	/* at most one more document than "---" and "..." lines */
	b.docs_cap = src->doc_markers + 1;
	src->docs = alint__arena_alloc(&src->arena,
				       b.docs_cap * sizeof(*src->docs));
	if (!src->docs) {
		error = ALINT_ENOMEM;
		goto out;
	}
	if (memchr(src->buf, '{', src->len)) {
		error = tpl_scan(&b);
		if (error < 0)
			goto out;
	}

	base = src->nissues;
	memset(&first, 0, sizeof(first));
	for (attempt = 0;; attempt++) {
		builder_reset(&b, base);
		b.may_repair = attempt < MAX_REPAIRS;
		error = run_parser(&b, pbuf ? pbuf : src->buf,
				   pbuf ? plen : src->len, &pf);
		if (error < 0)
			goto out;
		if (attempt == 0)
			first = pf;
		if (attempt == MAX_REPAIRS)
			break;
		if (b.want_patch) {
			at = b.want_patch;
			text = INDENT_PATCH;
		} else if (pf.failed && strcmp(pf.msg, REPAIRABLE) == 0) {
			at = repair_point(src, pf.off);
			text = NULL_PATCH;
		} else {
			break;
		}
		if (at)
			error = patch_add(&b, at, text);
		if (error < 0)
			goto out;
		if (!at || error > 0) {
			if (!b.want_patch)
				break;
			/* cannot repair: parse it whole, as libfyaml does */
			attempt = MAX_REPAIRS - 1;
			error = 0;
			continue;
		}
		free(pbuf);
		pbuf = patched_copy(&b, &plen);
		if (!pbuf) {
			error = ALINT_ENOMEM;
			goto out;
		}
	}

	if (!pf.failed && first.failed && b.npatch && !b.stop) {
		/* trust a repair of an error only when libyaml agrees */
		error = libyaml_run(src, &lyfail, &off, &problem);
		if (error < 0)
			goto out;
		last = b.patch[b.npatch - 1].at;
		if (lyfail && off <= last) {
			/* back to the first failure and what preceded it */
			for (i = 0, n = 0; i < src->ndocs; i++)
				if (src->docs[i].end <= first.off)
					n = i + 1;
			src->ndocs = n;
			for (i = base, n = base; i < src->nissues; i++)
				if (src->issues[i].start < first.off)
					src->issues[n++] = src->issues[i];
			src->nissues = n;
			pf = first;
		}
	}
	if (pf.failed) {
		src->fatal = true;
		error = issue_add(src, ALINT__ISSUE_SYNTAX, pf.off,
				  char_end(src, pf.off), NULL, pf.msg);
		if (error < 0)
			goto out;
	}
	if (b.ntpl) {
		error = tpl_report(&b);
		if (error < 0)
			goto out;
	}
	error = 0;
	if (src->dtext_cap > src->dtext_len + 4096) {
		/* the texts stay put from here on: give back the slack */
		t = realloc(src->dtext, src->dtext_len ? src->dtext_len : 1);
		if (t) {
			src->dtext = t;
			src->dtext_cap = src->dtext_len;
		}
	}
out:
	free(pbuf);
	builder_free(&b);
	return error;
}

/* ---- libyaml gate ------------------------------------------------------- */

/*
 * Our tree as an event stream, to compare with libyaml's: one event per
 * step, documents in order, a collection's end after its children.
 */
enum tev {
	TEV_DONE, TEV_DOC_START, TEV_DOC_END, TEV_ENTER, TEV_EXIT, TEV_EMPTY
};

struct tree_iter {
	const struct alint_source *src;
	size_t doc;
	const struct alint_node *cur;
	bool entering;
	int phase;			/* 0 document start, 1 nodes, 2 end */
};

static void
iter_after(struct tree_iter *it, const struct alint_node *x)
{
	if (alint__node_next(x)) {
		it->cur = alint__node_next(x);
		it->entering = true;
	} else if (alint__node_parent(x)) {
		it->cur = alint__node_parent(x);
		it->entering = false;
	} else {
		it->cur = NULL;
		it->phase = 2;
	}
}

static enum tev
iter_next(struct tree_iter *it, const struct alint_node **n)
{
	const struct alint_node *c;

	*n = NULL;
	if (it->doc >= it->src->ndocs)
		return TEV_DONE;
	switch (it->phase) {
	case 0:
		it->cur = it->src->docs[it->doc].root;
		it->entering = true;
		it->phase = 1;
		return TEV_DOC_START;
	case 1:
		c = it->cur;
		if (!c) {
			it->phase = 2;
			return TEV_EMPTY;	/* an empty document */
		}
		*n = c;
		if (!it->entering) {
			iter_after(it, c);
			return TEV_EXIT;
		}
		if (alint__node_first(c))
			it->cur = alint__node_first(c);
		else if (c->kind == ALINT_NODE_MAPPING ||
			 c->kind == ALINT_NODE_SEQUENCE)
			it->entering = false;
		else
			iter_after(it, c);
		return TEV_ENTER;
	default:
		it->doc++;
		it->phase = 0;
		return TEV_DOC_END;
	}
}

/* What a libyaml event is, for a message. */
static const char *
ev_desc(struct alint__arena *a, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return alint__arena_printf(a, "the scalar \"%s\"",
			key_show(a, (const char *)ev->data.scalar.value,
				 ev->data.scalar.length));
	case YAML_ALIAS_EVENT:
		return "an alias";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_SEQUENCE_START_EVENT:
		return "a sequence";
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		return "the end of a collection";
	case YAML_DOCUMENT_START_EVENT:
		return "a new document";
	case YAML_DOCUMENT_END_EVENT:
		return "the end of the document";
	default:
		return "the end of the stream";
	}
}

static const char *
node_desc(struct alint__arena *a, enum tev t, const struct alint_node *n)
{
	switch (t) {
	case TEV_DONE:
		return "the end of the stream";
	case TEV_DOC_START:
		return "a new document";
	case TEV_DOC_END:
		return "the end of the document";
	case TEV_EXIT:
		return "the end of a collection";
	case TEV_EMPTY:
		return "an empty document";
	default:
		break;
	}
	switch (n->kind) {
	case ALINT_NODE_MAPPING:
		return "a mapping";
	case ALINT_NODE_SEQUENCE:
		return "a sequence";
	case ALINT_NODE_ALIAS:
		return "an alias";
	default:
		return alint__arena_printf(a, "the scalar \"%s\"",
					   key_show(a, alint__node_text(n),
						    alint__node_len(n)));
	}
}

/* Up to 16 bytes of s, quoted, with C escapes; or "the end". */
static const char *
snippet(struct alint__arena *a, const char *s, size_t len)
{
	char buf[80];
	size_t i, o = 0;
	unsigned char c;

	if (len == 0)
		return "the end";
	buf[o++] = '"';
	for (i = 0; i < len && i < 16; i++) {
		c = (unsigned char)s[i];
		if (c == '\n' || c == '\t' || c == '\r' || c == '"' ||
		    c == '\\') {
			buf[o++] = '\\';
			buf[o++] = c == '\n' ? 'n' : c == '\t' ? 't' :
				c == '\r' ? 'r' : (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, sizeof(buf) - o,
					      "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	if (i < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	return alint__arena_strndup(a, buf, o);
}

/* The message for two scalars that differ: where, and how. */
static const char *
scalar_diff(struct alint__arena *a, const char *ky, size_t kylen,
	    const char *fy, size_t fylen)
{
	size_t k;

	for (k = 0; k < kylen && k < fylen && ky[k] == fy[k]; k++)
		;
	/* back to the start of a UTF-8 character */
	while (k > 0 && ((k < kylen && ((unsigned char)ky[k] & 0xC0) ==
			  0x80) || (k < fylen &&
			  ((unsigned char)fy[k] & 0xC0) == 0x80)))
		k--;
	return alint__arena_printf(a, "kubectl (go-yaml) reads this scalar "
		"differently: after %zu bytes of the value, kubectl has %s "
		"where libfyaml has %s", k, snippet(a, ky + k, kylen - k),
		snippet(a, fy + k, fylen - k));
}

/* Whether libyaml's event is the tree's event t (node n). */
static bool
ev_same(const yaml_event_t *ev, enum tev t, const struct alint_node *n)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		return t == TEV_DOC_START;
	case YAML_DOCUMENT_END_EVENT:
		return t == TEV_DOC_END;
	case YAML_STREAM_END_EVENT:
		return t == TEV_DONE;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		return t == TEV_EXIT && n->kind == (ev->type ==
			YAML_MAPPING_END_EVENT ? ALINT_NODE_MAPPING :
			ALINT_NODE_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return t == TEV_ENTER && n->kind == ALINT_NODE_MAPPING;
	case YAML_SEQUENCE_START_EVENT:
		return t == TEV_ENTER && n->kind == ALINT_NODE_SEQUENCE;
	case YAML_ALIAS_EVENT:
		return t == TEV_ENTER && n->kind == ALINT_NODE_ALIAS &&
			strlen((const char *)ev->data.alias.anchor) ==
			alint__node_len(n) &&
			memcmp(ev->data.alias.anchor, alint__node_text(n),
			       alint__node_len(n)) == 0;
	case YAML_SCALAR_EVENT:
		if (t == TEV_EMPTY)
			return ev->data.scalar.length == 0;
		return t == TEV_ENTER && n->kind == ALINT_NODE_SCALAR &&
			ev->data.scalar.length == alint__node_len(n) &&
			memcmp(ev->data.scalar.value, alint__node_text(n),
			       alint__node_len(n)) == 0;
	default:
		return true;
	}
}

/*
 * Run libyaml's event parser over the source: *failed, and the source
 * offset and problem (an arena copy) of its error. Only on sources whose
 * nesting is known to be at most ALINT__MAX_DEPTH. With it, also compare
 * the events with our tree, up to the first difference (*diff_off, and
 * the message *diff; NULL when they agree).
 */
static int
libyaml_run_cmp(struct alint_source *src, bool *failed, size_t *off,
		const char **problem, struct tree_iter *it, size_t *diff_off,
		size_t *diff_end, const char **diff)
{
	yaml_parser_t p;
	yaml_event_t ev;
	const struct alint_node *n;
	struct alint__arena *a = &src->arena;
	bool done = false;
	enum tev t;
	int error = 0;

	*failed = false;
	*off = 0;
	*problem = NULL;
	if (diff)
		*diff = NULL;
	if (!yaml_parser_initialize(&p))
		return ALINT_ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)src->buf,
				     src->len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			*failed = true;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (it && !*diff && ev.type != YAML_STREAM_START_EVENT) {
			t = iter_next(it, &n);
			if (!ev_same(&ev, t, n)) {
				*diff_off = offset_of(src, ev.start_mark.line,
						      ev.start_mark.column);
				if (n && n->start < *diff_off)
					*diff_off = n->start;
				*diff_end = n && n->end > *diff_off ? n->end :
					*diff_off;
				if (ev.type == YAML_SCALAR_EVENT &&
				    (t == TEV_EMPTY || (t == TEV_ENTER &&
				     n->kind == ALINT_NODE_SCALAR)))
					*diff = scalar_diff(a,
						(const char *)
						ev.data.scalar.value,
						ev.data.scalar.length,
						n ? alint__node_text(n) : "",
						n ? alint__node_len(n) : 0);
				else
					*diff = alint__arena_printf(a,
						"kubectl (go-yaml) reads this "
						"differently: it sees %s where "
						"libfyaml sees %s",
						ev_desc(a, &ev),
						node_desc(a, t, n));
				if (!*diff)
					error = ALINT_ENOMEM;
			}
		}
		yaml_event_delete(&ev);
		if (error < 0)
			goto out;
	}
	if (!*failed)
		goto out;
	if (p.error == YAML_MEMORY_ERROR) {
		error = ALINT_ENOMEM;
		goto out;
	}
	/* reader errors have a byte offset; marks count code points */
	if (p.error == YAML_READER_ERROR)
		*off = p.problem_offset;
	else
		*off = offset_of(src, p.problem_mark.line,
				 p.problem_mark.column);
	if (*off > src->len)
		*off = src->len;
	*problem = p.problem ? alint__arena_strndup(a, p.problem,
						    strlen(p.problem)) :
		"invalid YAML";
	if (!*problem)
		error = ALINT_ENOMEM;
out:
	yaml_parser_delete(&p);
	return error;
}

static int
libyaml_run(struct alint_source *src, bool *failed, size_t *off,
	    const char **problem)
{
	return libyaml_run_cmp(src, failed, off, problem, NULL, NULL, NULL,
			       NULL);
}

/*
 * The kubectl gate: libyaml is go-yaml's parent, so what it rejects,
 * kubectl rejects; and where its events differ from our tree (a libfyaml
 * bug, or YAML 1.1 against 1.2), kubectl sees another document. The
 * first difference and the error are reported, unless an INVALID_UTF8 or
 * LINE_BREAK issue before them explains them already.
 */
int
alint__yaml_libyaml_check(struct alint_source *src)
{
	struct alint__issue is;
	bool found;
	int error;

	error = alint__yaml_libyaml_gate(src, &is, &found);
	if (error < 0 || !found)
		return error;
	return alint__source_add_issue(src, &is);
}

int
alint__source_add_issue(struct alint_source *src,
			const struct alint__issue *is)
{
	return issue_add(src, is->kind, is->start, is->end, NULL,
			 is->message);
}

/* The finding of the gate in *is, when *found. */
static int
gate_found(struct alint__issue *is, bool *found, size_t start, size_t end,
	   const char *message)
{
	if (!message)
		return ALINT_ENOMEM;
	memset(is, 0, sizeof(*is));
	is->kind = ALINT__ISSUE_KUBECTL;
	is->start = (uint32_t)start;
	is->end = (uint32_t)(end < start ? start : end);
	is->message = message;
	*found = true;
	return 0;
}

int
alint__yaml_libyaml_gate(struct alint_source *src, struct alint__issue *is,
			 bool *found)
{
	const char *problem, *msg, *diff;
	struct tree_iter it;
	size_t off, diff_off = 0, diff_end = 0;
	bool failed;
	int error;

	*found = false;
	/* libyaml 0.2.5 is quadratic in the nesting depth: never deep */
	if (src->fatal || src->max_depth > ALINT__MAX_DEPTH)
		return 0;
	memset(&it, 0, sizeof(it));
	it.src = src;
	error = libyaml_run_cmp(src, &failed, &off, &problem, &it, &diff_off,
				&diff_end, &diff);
	if (error < 0)
		return error;
	if (diff && (!failed || diff_off < off)) {
		if (has_issue_before(src, ALINT__ISSUE_INVALID_UTF8,
				     diff_end) ||
		    has_issue_before(src, ALINT__ISSUE_LINE_BREAK, diff_end))
			return 0;
		return gate_found(is, found, diff_off,
				  char_end(src, diff_off), diff);
	}
	if (!failed)
		return 0;
	/* the same cause, found and explained already */
	if (has_issue_before(src, ALINT__ISSUE_INVALID_UTF8, off) ||
	    has_issue_before(src, ALINT__ISSUE_LINE_BREAK, off))
		return 0;
	msg = alint__arena_printf(&src->arena,
				  "kubectl (go-yaml) rejects this: %s",
				  problem);
	return gate_found(is, found, off, char_end(src, off), msg);
}

/* ---- sources and paths -------------------------------------------------- */

void
alint__source_free(struct alint_source *src)
{
	if (!src)
		return;
	free(src->name);
	free(src->buf);
	free(src->lines);
	free(src->issues);
	alint__source_free_tree(src);
	alint__arena_free(&src->arena);
	free(src);
}

void
alint__source_free_tree(struct alint_source *src)
{
	size_t i;

	for (i = 0; i < src->nblocks; i++)
		free(src->blocks[i]);
	free(src->blocks);
	src->blocks = NULL;
	src->nblocks = 0;
	free(src->dtext);
	src->dtext = NULL;
	src->dtext_len = src->dtext_cap = 0;
}

/*
 * The path segment of n below its parent: the key text for a mapping
 * entry (a key has the path of its entry), the index in a sequence.
 */
static const char *
path_segment(const struct alint_node *n, char *num, size_t numsz,
	     size_t *len)
{
	const struct alint_node *p = alint__node_parent(n), *k, *v = NULL;
	size_t i;

	if (p->kind == ALINT_NODE_SEQUENCE) {
		for (i = 0, k = alint__node_first(p); k && k != n;
		     k = alint__node_next(k))
			i++;
		*len = (size_t)snprintf(num, numsz, "%zu", i);
		return num;
	}
	for (k = alint__node_first(p); k; k = v ? alint__node_next(v) : NULL) {
		v = alint__node_next(k);
		if (k == n || v == n)
			break;
	}
	if (!k) {
		*len = 0;
		return "";
	}
	if (k->kind == ALINT_NODE_SCALAR) {
		*len = alint__node_len(k);
		return alint__node_text(k);
	}
	*len = k->end - k->start;
	return alint__node_doc(k)->src->buf + k->start;
}

static size_t
escaped_len(const char *s, size_t n)
{
	size_t i, l = n;

	for (i = 0; i < n; i++)
		if (s[i] == '~' || s[i] == '/')
			l++;
	return l;
}

char *
alint__node_path(struct alint__arena *a, const struct alint_node *n)
{
	const struct alint_node *c;
	const char *seg;
	char num[32], *out;
	size_t total = 0, len, pos, i, el;

	for (c = n; c && alint__node_parent(c); c = alint__node_parent(c)) {
		seg = path_segment(c, num, sizeof(num), &len);
		total += 1 + escaped_len(seg, len);
	}
	out = alint__arena_alloc(a, total + 1);
	if (!out)
		return NULL;
	out[total] = '\0';
	pos = total;
	for (c = n; c && alint__node_parent(c); c = alint__node_parent(c)) {
		seg = path_segment(c, num, sizeof(num), &len);
		el = escaped_len(seg, len);
		pos -= el + 1;
		out[pos] = '/';
		for (i = 0, el = pos + 1; i < len; i++) {
			if (seg[i] == '~' || seg[i] == '/') {
				out[el++] = '~';
				out[el++] = seg[i] == '~' ? '0' : '1';
			} else {
				out[el++] = seg[i];
			}
		}
	}
	return out;
}
