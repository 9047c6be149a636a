/*
 * verify.c - is a rewritten text what its fixes said it would be?
 *
 * A pass of fixes rewrites a text by byte-range edits computed from our
 * tree. Before the rewrite may replace the text, alint__verify() checks
 * it with a second, independent parser, libyaml (go-yaml v2, and so
 * kubectl, is a port of it):
 *
 *  1. our tree must parse the new text (alint__source_new(), which also
 *     runs the libyaml gate) with no fatal issue, nothing kubectl rejects
 *     or reads otherwise, and no more duplicate-key, UTF-8 or line-break
 *     issues than the old text had;
 *  2. the Kubernetes view of both texts, built from libyaml's events,
 *     must be the same outside the paths the fixes declared.
 *
 * The view of a document is what kubectl's YAML-to-JSON conversion makes
 * of it: mappings keyed by JSON key text (a YAML 1.1 typed key becomes
 * the text go-yaml v2 and sigs.k8s.io/yaml give it: yes -> "true",
 * 010 -> "8", 1.50 -> "1.5"), sequences, and scalars as a YAML 1.1 type
 * with a canonical value (booleans "true"/"false", integers in decimal,
 * every null alike; strings and floats as their text). Explicit tags are
 * applied as go-yaml applies them: !!str (and unknown tags) make a
 * string, !!int, !!bool, !!float and !!null resolve the text and must
 * agree with it (else the scalar is marked undecodable).
 *
 *  - A repeated key keeps its last value, as the non-strict conversion
 *    does (our tree reports duplicates as issues).
 *  - Aliases are expanded by sharing: an alias is the view of its anchor
 *    (the latest of that name, per document; an alias inside its own
 *    anchor is refused). Each node knows its expanded size, and a
 *    document whose expanded size exceeds 10 times its nodes plus 1000
 *    is not verified at all (too risky to fix: alias bombs).
 *  - Merge keys ("<<", plain or tagged !!merge) are applied as go-yaml
 *    v2 applies them: in document order, each merged mapping sets its
 *    keys, later assignments win, and in a sequence of mappings the
 *    earlier ones win. Usually "<<" comes first, so explicit keys
 *    override merged ones. Merged pairs count in the expanded size.
 *  - A mapping or sequence used as a key cannot become JSON: the view is
 *    refused. Empty (null) documents are dropped, as kubectl drops them.
 *
 * Declared paths are JSON pointers into the document of the text before
 * the pass, matched against the decoded key text as written (what
 * alint__node_path() gives) and sequence indices; a declared path covers
 * its node and everything below it, on both sides. A document declared
 * whole ("") may be replaced or removed; documents declared as appended
 * may follow the last one. When a sequence changes length, items at
 * declared indices may be removed (old index) or inserted (new index).
 *
 * Cost. Documents that no edit touches (nor the bytes between them and
 * the document before) are the same bytes in both texts; when our trees
 * of both texts (which the libyaml gate checked) have that document at
 * the shifted span, it is not compared. The remaining documents come in
 * runs between such anchors; each run is parsed by libyaml on its own
 * (from the start of its first line to the start of the next document's
 * line), or, if the text has directives or the run does not parse into
 * the same number of documents, taken from one parse of the whole text
 * (made once per text). So a pass costs about the size of the documents
 * it touched.
 */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "internal.h"

/* Alias expansion cap: nodes * ALIAS_RATIO + ALIAS_SLACK per document. */
#define ALIAS_RATIO 10
#define ALIAS_SLACK 1000

/* Longest scalar text quoted in a message, in bytes. */
#define SHOW_MAX 40

#define TAG_PREFIX "tag:yaml.org,2002:"

/* Outcomes of comparing, besides 0 (the same) and errors. */
#define DIFFERENT 1		/* the message says what differs */
#define UNCHECKABLE 2		/* the text before has no view */

/* ---- inputs fit for fixing ---------------------------------------------- */

const char *
alint__unfixable(const struct alint_source *src)
{
	size_t i;

	if (!src)
		return "it could not be read";
	if (src->max_depth > ALINT__MAX_DEPTH)
		return "it nests too deeply";
	for (i = 0; i < src->nissues; i++) {
		switch (src->issues[i].kind) {
		case ALINT__ISSUE_SYNTAX:
			return "it is not valid YAML";
		case ALINT__ISSUE_DEPTH:
			return "it nests too deeply";
		case ALINT__ISSUE_NUL:
			return "it is a binary file";
		case ALINT__ISSUE_TEMPLATE:
			return "it is a template, not YAML";
		case ALINT__ISSUE_KUBECTL:
			return "kubectl rejects it or reads it differently";
		case ALINT__ISSUE_INVALID_UTF8:
			return "it is not valid UTF-8";
		case ALINT__ISSUE_LINE_BREAK:
			return "it has YAML 1.1 line breaks";
		default:
			break;
		}
	}
	if (src->fatal)
		return "it is not valid YAML";
	return NULL;
}

/* ---- small helpers ------------------------------------------------------ */

/* A growable byte string; err is sticky. */
struct sbuf {
	char *p;
	size_t len, cap;
	int err;
};

static void
sbuf_put(struct sbuf *b, const char *s, size_t n)
{
	char *np;
	size_t cap;

	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np) {
			b->err = ALINT_ENOMEM;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX / 2 - b ? UINT64_MAX / 2 : a + b;
}

/* Whether a line of src starts with '%': a directive. */
static bool
has_directives(const struct alint_source *src)
{
	size_t i, at, p;

	for (i = 0, p = 0; i < src->nlines;
	     i++, p = alint__line_next(src, p)) {
		at = p;
		if (at == 0 && src->bom)
			at = 3;
		if (at < src->len && src->buf[at] == '%')
			return true;
	}
	return false;
}

/* ---- the Kubernetes view ------------------------------------------------ */

enum vkind { VK_SCALAR, VK_MAP, VK_SEQ };

/* A scalar whose explicit tag go-yaml cannot decode it as. */
#define VT_BAD 7

/* A plain "<<" or a !!merge scalar: a merge key when it is a key. */
#define VF_MERGE 1u

struct vnode;

struct vpair {
	const char *key;		/* the JSON key kubectl makes */
	const char *raw;		/* the key as written, for paths */
	uint32_t klen, rawlen;
	uint32_t seq;			/* order of assignment */
	const struct vnode *val;
};

struct vnode {
	uint8_t kind;			/* enum vkind */
	uint8_t type;			/* enum alint_y11_type, or VT_BAD */
	uint8_t flags;			/* VF_MERGE */
	uint32_t n;			/* scalar: text length; else children */
	uint32_t rawlen;
	const char *text;		/* scalar: canonical value */
	const char *raw;		/* scalar: decoded value as written */
	union {
		struct vpair *pairs;
		const struct vnode **items;
	} u;
	uint64_t size;			/* nodes with aliases expanded */
};

struct vdoc {
	const struct vnode *root;	/* NULL: not built */
	const char *why;		/* why it has no view, or NULL */
	bool null;			/* an empty or null document */
};

/* The views of documents [base, base + ndocs) of a text. */
struct view {
	struct alint__arena arena;
	struct vdoc *docs;		/* malloc'ed */
	size_t ndocs, cap, base;
};

struct vframe {
	struct vnode *node;
	size_t base;			/* its children start in kids[] here */
	size_t anchor;			/* its anchor + 1, or 0 */
};

struct vanchor {
	const char *name;
	size_t len;
	const struct vnode *node;
	bool open;			/* a collection not yet complete */
};

struct vbuild {
	struct alint__arena *a;
	const struct vnode **kids;	/* children of the open collections */
	size_t nkids, kids_cap;
	struct vframe *fr;
	size_t nfr, fr_cap;
	struct vanchor *anc;		/* anchors of the document */
	size_t nanc, anc_cap;
	struct vpair *tmp;		/* pairs of the mapping being closed */
	size_t ntmp, tmp_cap;
	uint64_t nodes, expanded;	/* of the document */
	const struct vnode *root;
	const char *why;		/* why the view cannot be built */
};

static void
view_init(struct view *v)
{
	memset(v, 0, sizeof(*v));
	alint__arena_init(&v->arena);
}

static void
view_clear(struct view *v)
{
	alint__arena_free(&v->arena);
	free(v->docs);
	view_init(v);
}

static void
vbuild_free(struct vbuild *b)
{
	free(b->kids);
	free(b->fr);
	free(b->anc);
	free(b->tmp);
}

static const struct vdoc *
vdoc_at(const struct view *v, size_t k)
{
	return &v->docs[k - v->base];
}

/* Count an expansion of n nodes; false when the document is over cap. */
static bool
expand(struct vbuild *b, uint64_t n)
{
	b->expanded = sat_add(b->expanded, n);
	if (b->expanded > b->nodes * ALIAS_RATIO + ALIAS_SLACK) {
		b->why = "aliases or merge keys expand it more than ten times";
		return false;
	}
	return true;
}

static int
add_child(struct vbuild *b, const struct vnode *n)
{
	void *np;

	if (b->nfr == 0) {
		b->root = n;
		return 0;
	}
	np = alint__grow(b->kids, &b->kids_cap, b->nkids, sizeof(*b->kids));
	if (!np)
		return ALINT_ENOMEM;
	b->kids = np;
	b->kids[b->nkids++] = n;
	return 0;
}

static int
anchor_add(struct vbuild *b, const yaml_char_t *name,
	   const struct vnode *n, bool open, size_t *idx)
{
	struct vanchor *an;
	void *np;

	*idx = 0;
	if (!name)
		return 0;
	np = alint__grow(b->anc, &b->anc_cap, b->nanc, sizeof(*b->anc));
	if (!np)
		return ALINT_ENOMEM;
	b->anc = np;
	an = &b->anc[b->nanc];
	an->len = strlen((const char *)name);
	an->name = alint__arena_strndup(b->a, (const char *)name, an->len);
	if (!an->name)
		return ALINT_ENOMEM;
	an->node = n;
	an->open = open;
	*idx = ++b->nanc;
	return 0;
}

/* The type a YAML 1.1 tag asks for; -1 for a string, -2 to resolve. */
static int
tag_type(const char *tag, bool implicit)
{
	const char *t;

	if (!tag)
		return implicit ? -2 : -1;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
		return -1;	/* "!" and unknown tags: a string */
	t = tag + strlen(TAG_PREFIX);
	if (strcmp(t, "bool") == 0)
		return ALINT_Y11_BOOL;
	if (strcmp(t, "int") == 0)
		return ALINT_Y11_INT;
	if (strcmp(t, "float") == 0)
		return ALINT_Y11_FLOAT;
	if (strcmp(t, "null") == 0)
		return ALINT_Y11_NULL;
	return -1;		/* str, binary, timestamp, merge... */
}

static int
on_scalar(struct vbuild *b, const yaml_event_t *ev)
{
	const char *val = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length, tlen;
	struct vnode *n;
	enum alint_y11_type t;
	size_t idx;
	int want, error;

	n = alint__arena_alloc(b->a, sizeof(*n));
	if (!n)
		return ALINT_ENOMEM;
	memset(n, 0, sizeof(*n));
	n->kind = VK_SCALAR;
	n->size = 1;
	n->raw = alint__arena_strndup(b->a, val, len);
	if (!n->raw)
		return ALINT_ENOMEM;
	n->rawlen = (uint32_t)len;
	want = tag_type(tag, ev->data.scalar.plain_implicit);
	t = ALINT_Y11_STR;
	if (want != -1) {
		t = alint__y11_resolve(n->raw, len);
		if (want >= 0 && (int)t != want) {
			if (want == ALINT_Y11_FLOAT && t == ALINT_Y11_INT)
				t = ALINT_Y11_FLOAT;
			else
				t = (enum alint_y11_type)VT_BAD;
		}
	}
	n->type = (uint8_t)t;
	/* go-yaml: "<<" with the implicit flag (plain, or tagged "!") */
	if (len == 2 && memcmp(val, "<<", 2) == 0 &&
	    (ev->data.scalar.plain_implicit ||
	     (tag && strcmp(tag, TAG_PREFIX "merge") == 0)))
		n->flags |= VF_MERGE;
	switch ((int)t) {
	case ALINT_Y11_NULL:
		n->text = "";
		n->n = 0;
		break;
	case ALINT_Y11_BOOL:
	case ALINT_Y11_INT:
		n->text = alint__y11_key_text(b->a, n->raw, len, &tlen);
		if (!n->text)
			return ALINT_ENOMEM;
		n->n = (uint32_t)tlen;
		break;
	default:
		n->text = n->raw;
		n->n = (uint32_t)len;
		break;
	}
	error = anchor_add(b, ev->data.scalar.anchor, n, false, &idx);
	if (error < 0)
		return error;
	return add_child(b, n);
}

static int
on_alias(struct vbuild *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t i, len = strlen(name);

	for (i = b->nanc; i > 0; i--) {
		if (b->anc[i - 1].len == len &&
		    memcmp(b->anc[i - 1].name, name, len) == 0)
			break;
	}
	if (i == 0) {
		b->why = "an alias names an unknown anchor";
		return 0;
	}
	if (b->anc[i - 1].open) {
		b->why = "an alias refers to the collection it is in";
		return 0;
	}
	if (!expand(b, b->anc[i - 1].node->size))
		return 0;
	return add_child(b, b->anc[i - 1].node);
}

static int
on_start(struct vbuild *b, const yaml_event_t *ev, enum vkind kind)
{
	const yaml_char_t *anchor;
	struct vnode *n;
	struct vframe *f;
	int error;
	void *np;

	n = alint__arena_alloc(b->a, sizeof(*n));
	if (!n)
		return ALINT_ENOMEM;
	memset(n, 0, sizeof(*n));
	n->kind = (uint8_t)kind;
	np = alint__grow(b->fr, &b->fr_cap, b->nfr, sizeof(*b->fr));
	if (!np)
		return ALINT_ENOMEM;
	b->fr = np;
	f = &b->fr[b->nfr];
	f->node = n;
	f->base = b->nkids;
	anchor = kind == VK_MAP ? ev->data.mapping_start.anchor :
		ev->data.sequence_start.anchor;
	error = anchor_add(b, anchor, n, true, &f->anchor);
	if (error < 0)
		return error;
	b->nfr++;
	return 0;
}

static int
tmp_push(struct vbuild *b, const char *key, size_t klen, const char *raw,
	 size_t rawlen, const struct vnode *val)
{
	struct vpair *p;
	void *np;

	np = alint__grow(b->tmp, &b->tmp_cap, b->ntmp, sizeof(*b->tmp));
	if (!np)
		return ALINT_ENOMEM;
	b->tmp = np;
	p = &b->tmp[b->ntmp];
	p->key = key;
	p->klen = (uint32_t)klen;
	p->raw = raw;
	p->rawlen = (uint32_t)rawlen;
	p->seq = (uint32_t)b->ntmp;
	p->val = val;
	b->ntmp++;
	return 0;
}

/* The pairs of a merged mapping, in the order go-yaml assigns them. */
static int
merge(struct vbuild *b, const struct vnode *v)
{
	const struct vnode *m;
	size_t i, k, n;
	int error;

	n = v->kind == VK_SEQ ? v->n : 1;
	for (k = n; k > 0; k--) {
		/* in a sequence, earlier mappings win: assign them last */
		m = v->kind == VK_SEQ ? v->u.items[k - 1] : v;
		if (m->kind != VK_MAP) {
			b->why = "a merge key (<<) merges something other "
				"than mappings";
			return 0;
		}
		if (!expand(b, m->n))
			return 0;
		for (i = 0; i < m->n; i++) {
			error = tmp_push(b, m->u.pairs[i].key,
					 m->u.pairs[i].klen,
					 m->u.pairs[i].raw,
					 m->u.pairs[i].rawlen,
					 m->u.pairs[i].val);
			if (error < 0)
				return error;
		}
	}
	return 0;
}

static int
cmp_pair(const void *x, const void *y)
{
	const struct vpair *a = x, *b = y;
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(a->key, b->key, n);

	if (c)
		return c;
	if (a->klen != b->klen)
		return a->klen < b->klen ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The JSON key of a scalar key node. */
static const char *
key_text(struct vbuild *b, const struct vnode *k, size_t *len)
{
	switch (k->type) {
	case ALINT_Y11_NULL:
		*len = 4;
		return "null";
	case ALINT_Y11_FLOAT:
		return alint__y11_key_text(b->a, k->raw, k->rawlen, len);
	default:
		*len = k->n;
		return k->text;
	}
}

static int
end_map(struct vbuild *b, struct vnode *n, size_t base)
{
	const struct vnode *k, *v;
	const char *kt;
	struct vpair *out;
	size_t i, nk = b->nkids - base, cnt, kl;
	uint64_t size = 1;
	int error;

	b->ntmp = 0;
	for (i = 0; i + 1 < nk; i += 2) {
		k = b->kids[base + i];
		v = b->kids[base + i + 1];
		if (k->kind == VK_SCALAR && (k->flags & VF_MERGE)) {
			error = merge(b, v);
			if (error < 0 || b->why)
				return error;
			continue;
		}
		if (k->kind != VK_SCALAR) {
			b->why = "a mapping or a sequence is used as a key";
			return 0;
		}
		kt = key_text(b, k, &kl);
		if (!kt)
			return ALINT_ENOMEM;
		error = tmp_push(b, kt, kl, k->raw, k->rawlen, v);
		if (error < 0)
			return error;
	}
	if (b->ntmp > 1)
		qsort(b->tmp, b->ntmp, sizeof(*b->tmp), cmp_pair);
	/* a repeated key keeps the value assigned last */
	for (i = 0, cnt = 0; i < b->ntmp; i++) {
		if (i + 1 < b->ntmp && b->tmp[i].klen == b->tmp[i + 1].klen &&
		    memcmp(b->tmp[i].key, b->tmp[i + 1].key,
			   b->tmp[i].klen) == 0)
			continue;
		b->tmp[cnt++] = b->tmp[i];
	}
	out = NULL;
	if (cnt) {
		out = alint__arena_alloc(b->a, cnt * sizeof(*out));
		if (!out)
			return ALINT_ENOMEM;
		memcpy(out, b->tmp, cnt * sizeof(*out));
	}
	for (i = 0; i < cnt; i++)
		size = sat_add(size, sat_add(1, out[i].val->size));
	n->u.pairs = out;
	n->n = (uint32_t)cnt;
	n->size = size;
	return 0;
}

static int
end_seq(struct vbuild *b, struct vnode *n, size_t base)
{
	const struct vnode **items = NULL;
	size_t i, cnt = b->nkids - base;
	uint64_t size = 1;

	if (cnt) {
		items = alint__arena_alloc(b->a, cnt * sizeof(*items));
		if (!items)
			return ALINT_ENOMEM;
		memcpy(items, b->kids + base, cnt * sizeof(*items));
	}
	for (i = 0; i < cnt; i++)
		size = sat_add(size, items[i]->size);
	n->u.items = items;
	n->n = (uint32_t)cnt;
	n->size = size;
	return 0;
}

static int
on_end(struct vbuild *b)
{
	struct vframe f;
	int error;

	if (b->nfr == 0)
		return 0;
	f = b->fr[--b->nfr];
	if (f.node->kind == VK_MAP)
		error = end_map(b, f.node, f.base);
	else
		error = end_seq(b, f.node, f.base);
	if (error < 0 || b->why)
		return error;
	b->nkids = f.base;
	if (f.anchor)
		b->anc[f.anchor - 1].open = false;
	return add_child(b, f.node);
}

static int
doc_push(struct view *v, const struct vnode *root, const char *why)
{
	struct vdoc *d;
	void *np;

	np = alint__grow(v->docs, &v->cap, v->ndocs, sizeof(*v->docs));
	if (!np)
		return ALINT_ENOMEM;
	v->docs = np;
	d = &v->docs[v->ndocs++];
	d->root = why ? NULL : root;
	d->why = why;
	d->null = !why && root && root->kind == VK_SCALAR &&
		root->type == ALINT_Y11_NULL;
	return 0;
}

/*
 * Parse text (len bytes) with libyaml into v: every document is built
 * (v->ndocs counts them). *why says why there is no view at all
 * (libyaml's error); a document that has none (an alias or a key kubectl
 * cannot take) gets its own why.
 */
static int
view_parse(struct view *v, const char *text, size_t len, const char **why)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct vbuild b;
	bool done = false, skip = false;
	int error = 0;

	*why = NULL;
	memset(&b, 0, sizeof(b));
	b.a = &v->arena;
	if (!yaml_parser_initialize(&p))
		return ALINT_ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			if (p.error == YAML_MEMORY_ERROR)
				error = ALINT_ENOMEM;
			else
				*why = alint__arena_printf(&v->arena,
					"libyaml (kubectl) rejects it: %s "
					"(line %zu of the part checked)",
					p.problem ? p.problem : "invalid YAML",
					(size_t)p.problem_mark.line + 1);
			if (!error && !*why)
				error = ALINT_ENOMEM;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			skip = false;
			b.nanc = b.nfr = b.nkids = 0;
			b.nodes = b.expanded = 0;
			b.root = NULL;
			b.why = NULL;
			break;
		case YAML_DOCUMENT_END_EVENT:
			error = doc_push(v, b.root, b.why);
			break;
		case YAML_SCALAR_EVENT:
			if (!skip) {
				b.nodes++;
				error = on_scalar(&b, &ev);
			}
			break;
		case YAML_ALIAS_EVENT:
			if (!skip) {
				b.nodes++;
				error = on_alias(&b, &ev);
			}
			break;
		case YAML_MAPPING_START_EVENT:
			if (!skip) {
				b.nodes++;
				error = on_start(&b, &ev, VK_MAP);
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
			if (!skip) {
				b.nodes++;
				error = on_start(&b, &ev, VK_SEQ);
			}
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (!skip)
				error = on_end(&b);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (error < 0)
			break;
		/* no view of this document: skip to its end */
		if (b.why)
			skip = true;
	}
	yaml_parser_delete(&p);
	vbuild_free(&b);
	return error;
}

/* ---- comparing two views ------------------------------------------------ */

/* A declared path, escaped as a JSON pointer. */
struct dpath {
	size_t doc;
	const char *s;
	size_t len;
};

struct cframe {
	const struct vnode *a, *b;
	size_t i, j;			/* next child of a, of b */
	size_t lo, hi;			/* declared paths at or below it */
	size_t plen;			/* length of its path */
};

struct cmp {
	struct sbuf path;		/* escaped path of the current node */
	const struct dpath *decl;	/* of the document, sorted */
	size_t ndecl;
	struct cframe *st;
	size_t n, cap;
	size_t doc;			/* document (in the text before) */
	char *why;			/* the first difference, malloc'ed */
};

static int
dcmp(const char *s, size_t sl, const char *t, size_t tl)
{
	int c = memcmp(s, t, sl < tl ? sl : tl);

	if (c)
		return c;
	return sl < tl ? -1 : sl > tl;
}

static int
cmp_dpath(const void *x, const void *y)
{
	const struct dpath *a = x, *b = y;

	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return dcmp(a->s, a->len, b->s, b->len);
}

/*
 * Narrow the declared paths [lo, hi) to those at or below the current
 * path; true when the current path itself is declared.
 */
static bool
narrow(const struct cmp *c, size_t lo, size_t hi, size_t *nlo, size_t *nhi)
{
	const char *p = c->path.p ? c->path.p : "";
	size_t pl = c->path.len, a, b, m, dl;

	if (lo >= hi) {
		*nlo = *nhi = lo;
		return false;
	}
	/* first entry not below p */
	a = lo;
	b = hi;
	while (a < b) {
		m = a + (b - a) / 2;
		if (dcmp(c->decl[m].s, c->decl[m].len, p, pl) < 0)
			a = m + 1;
		else
			b = m;
	}
	*nlo = a;
	/* first entry that does not start with p */
	b = hi;
	while (a < b) {
		m = a + (b - a) / 2;
		dl = c->decl[m].len < pl ? c->decl[m].len : pl;
		if (c->decl[m].len >= pl && memcmp(c->decl[m].s, p, dl) == 0)
			a = m + 1;
		else
			b = m;
	}
	*nhi = a;
	return *nlo < *nhi && c->decl[*nlo].len == pl;
}

static void
path_key(struct cmp *c, const char *s, size_t n)
{
	size_t i, from = 0;

	sbuf_put(&c->path, "/", 1);
	for (i = 0; i < n; i++) {
		if (s[i] != '~' && s[i] != '/')
			continue;
		sbuf_put(&c->path, s + from, i - from);
		sbuf_put(&c->path, s[i] == '~' ? "~0" : "~1", 2);
		from = i + 1;
	}
	sbuf_put(&c->path, s + from, n - from);
}

static void
path_index(struct cmp *c, size_t i)
{
	char num[32];
	int n;

	n = snprintf(num, sizeof(num), "/%zu", i);
	sbuf_put(&c->path, num, (size_t)n);
}

/* A scalar for a message: quoted when a string, else with its type. */
static void
show(char *buf, size_t size, const struct vnode *n)
{
	static const char *const types[] = {
		"string", "null", "bool", "int", "float"
	};
	char text[SHOW_MAX * 4 + 8];
	size_t i, o = 0;
	unsigned char ch;

	if (n->kind == VK_MAP) {
		snprintf(buf, size, "a mapping");
		return;
	}
	if (n->kind == VK_SEQ) {
		snprintf(buf, size, "a sequence");
		return;
	}
	for (i = 0; i < n->rawlen && i < SHOW_MAX; i++) {
		ch = (unsigned char)n->raw[i];
		if (ch < 0x20 || ch == '"' || ch == '\\' || ch == 0x7f)
			o += (size_t)snprintf(text + o, sizeof(text) - o,
					      "\\x%02x", ch);
		else
			text[o++] = (char)ch;
	}
	if (i < n->rawlen) {
		memcpy(text + o, "...", 3);
		o += 3;
	}
	text[o] = '\0';
	if (n->type == ALINT_Y11_STR)
		snprintf(buf, size, "\"%s\" (string)", text);
	else if (n->type == VT_BAD)
		snprintf(buf, size, "%s (undecodable for its tag)", text);
	else
		snprintf(buf, size, "%s (%s)", text, types[n->type]);
}

/* Record the first difference, at the current path. Returns 1. */
static int
differ(struct cmp *c, const char *what)
{
	const char *p;
	size_t n;

	if (c->path.err)
		return c->path.err;
	p = c->path.len ? c->path.p : "the document root";
	n = strlen(p) + strlen(what) + 96;
	c->why = malloc(n);
	if (!c->why)
		return ALINT_ENOMEM;
	snprintf(c->why, n, "document %zu, %s: %s, outside the paths the "
		 "fixes declared", c->doc, p, what);
	return DIFFERENT;
}

static int
differ_values(struct cmp *c, const struct vnode *a, const struct vnode *b)
{
	char x[SHOW_MAX * 4 + 48], y[SHOW_MAX * 4 + 48];
	char what[sizeof(x) + sizeof(y) + 32];

	show(x, sizeof(x), a);
	show(y, sizeof(y), b);
	snprintf(what, sizeof(what), "%s became %s", x, y);
	return differ(c, what);
}

/* Compare a with b at the current path; collections get a frame. */
static int
visit(struct cmp *c, const struct vnode *a, const struct vnode *b,
      size_t lo, size_t hi)
{
	struct cframe *f;
	void *np;

	if (a->kind != b->kind)
		return differ_values(c, a, b);
	if (a->kind == VK_SCALAR) {
		if (a->type == b->type && a->n == b->n &&
		    memcmp(a->text, b->text, a->n) == 0)
			return 0;
		return differ_values(c, a, b);
	}
	if (a == b)
		return 0;
	np = alint__grow(c->st, &c->cap, c->n, sizeof(*c->st));
	if (!np)
		return ALINT_ENOMEM;
	c->st = np;
	f = &c->st[c->n++];
	f->a = a;
	f->b = b;
	f->i = f->j = 0;
	f->lo = lo;
	f->hi = hi;
	f->plen = c->path.len;
	return 0;
}

/* Compare children at the current path (just appended), then drop it. */
static int
child(struct cmp *c, size_t plen, const struct vnode *a,
      const struct vnode *b, size_t lo, size_t hi)
{
	size_t depth = c->n;
	int r;

	r = visit(c, a, b, lo, hi);
	if (r == 0 && c->n == depth)
		c->path.len = plen;
	return r;
}

/* Whether the current path plus /k is declared, path unchanged. */
static bool
declared_index(struct cmp *c, const struct cframe *f, size_t k)
{
	size_t lo, hi, plen = c->path.len;
	bool d;

	if (f->lo >= f->hi)
		return false;
	path_index(c, k);
	d = narrow(c, f->lo, f->hi, &lo, &hi);
	c->path.len = plen;
	return d;
}

static int
step_map(struct cmp *c, struct cframe *f)
{
	const struct vpair *x = NULL, *y = NULL;
	size_t plen = f->plen, lo, hi;
	int o;
	bool d;

	if (f->i < f->a->n)
		x = &f->a->u.pairs[f->i];
	if (f->j < f->b->n)
		y = &f->b->u.pairs[f->j];
	if (!x && !y) {
		c->n--;
		if (c->n)
			c->path.len = c->st[c->n - 1].plen;
		return 0;
	}
	o = !x ? 1 : !y ? -1 : dcmp(x->key, x->klen, y->key, y->klen);
	if (o < 0) {
		f->i++;
		path_key(c, x->raw, x->rawlen);
		if (narrow(c, f->lo, f->hi, &lo, &hi)) {
			c->path.len = plen;
			return 0;
		}
		return differ(c, "the key was removed");
	}
	if (o > 0) {
		f->j++;
		path_key(c, y->raw, y->rawlen);
		if (narrow(c, f->lo, f->hi, &lo, &hi)) {
			c->path.len = plen;
			return 0;
		}
		return differ(c, "a key was added");
	}
	f->i++;
	f->j++;
	path_key(c, x->raw, x->rawlen);
	d = narrow(c, f->lo, f->hi, &lo, &hi);
	if (!d && f->lo < f->hi && (x->rawlen != y->rawlen ||
				    memcmp(x->raw, y->raw, x->rawlen))) {
		/* the key was rewritten (yes -> "true"): its new text */
		c->path.len = plen;
		path_key(c, y->raw, y->rawlen);
		d = narrow(c, f->lo, f->hi, &lo, &hi);
	}
	if (d) {
		c->path.len = plen;
		return 0;
	}
	return child(c, plen, x->val, y->val, lo, hi);
}

static int
step_seq(struct cmp *c, struct cframe *f)
{
	const struct vnode *a = f->a, *b = f->b;
	size_t n = a->n, m = b->n, i = f->i, j = f->j, plen = f->plen;
	size_t lo, hi;

	if (i >= n && j >= m) {
		c->n--;
		if (c->n)
			c->path.len = c->st[c->n - 1].plen;
		return 0;
	}
	if (i < n && j < m) {
		/*
		 * When the length changed, items at declared indices may
		 * have gone (old index) or come (new index); the items
		 * paired up keep the indices of the longer side.
		 */
		if (n > m && n - i > m - j && declared_index(c, f, i)) {
			f->i++;
			return 0;
		}
		if (m > n && m - j > n - i && declared_index(c, f, j)) {
			f->j++;
			return 0;
		}
		f->i++;
		f->j++;
		path_index(c, n >= m ? i : j);
		if (narrow(c, f->lo, f->hi, &lo, &hi)) {
			c->path.len = plen;
			return 0;
		}
		return child(c, plen, a->u.items[i], b->u.items[j], lo, hi);
	}
	if (i < n) {
		f->i++;
		if (declared_index(c, f, i))
			return 0;
		path_index(c, i);
		return differ(c, "the item was removed");
	}
	f->j++;
	if (declared_index(c, f, j))
		return 0;
	path_index(c, j);
	return differ(c, "an item was added");
}

/* Compare the roots of two documents. 0 same, 1 different, or error. */
static int
compare_roots(struct cmp *c, const struct vnode *a, const struct vnode *b)
{
	struct cframe *f;
	int r;

	c->n = 0;
	c->path.len = 0;
	r = visit(c, a, b, 0, c->ndecl);
	while (r == 0 && c->n > 0) {
		f = &c->st[c->n - 1];
		if (f->a->kind == VK_MAP)
			r = step_map(c, f);
		else
			r = step_seq(c, f);
	}
	if (r == 0 && c->path.err)
		r = c->path.err;
	return r;
}

/* ---- documents ---------------------------------------------------------- */

/* One of the two texts. */
struct side {
	const struct alint_source *src;
	bool dirs;			/* it has directives */
	struct view full;		/* of the whole text, when needed */
	bool have_full;
	const char *full_why;		/* why full has no view */
};

struct vctx {
	struct side before, after;
	struct dpath *decl;		/* sorted by document, then path */
	size_t ndecl;
	size_t appended;		/* documents declared as appended */
	struct cmp cmp;
	char *why;			/* the first difference, malloc'ed */
};

/* Declared paths of document k: [*lo, *hi) of x->decl. */
static void
decl_range(const struct vctx *x, size_t k, size_t *lo, size_t *hi)
{
	size_t a = 0, b = x->ndecl, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (x->decl[m].doc < k)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (a < x->ndecl && x->decl[a].doc == k)
		a++;
	*hi = a;
}

/* Whether document k of the text before is declared whole. */
static bool
declared_whole(const struct vctx *x, size_t k)
{
	size_t lo, hi;

	decl_range(x, k, &lo, &hi);
	return lo < hi && x->decl[lo].len == 0;
}

/* Set x->why; returns ret, or ALINT_ENOMEM. */
static int set_why(struct vctx *x, int ret, const char *fmt, ...)
	ALINT_PRINTF(3, 4);

static int
set_why(struct vctx *x, int ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ALINT_ENOMEM;
	x->why = malloc((size_t)n + 1);
	if (!x->why)
		return ALINT_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(x->why, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * The view of documents [d0, d1) of one side: the run parsed on its own
 * into local when that is safe (no directive; the same number of
 * documents), else the view of the whole text, parsed once per side.
 */
static int
side_view(struct side *sd, struct view *local, size_t d0, size_t d1,
	  const struct view **out, const char **why)
{
	const struct alint_source *src = sd->src;
	size_t s, e;
	int error;

	*out = NULL;
	*why = NULL;
	if (!sd->dirs) {
		s = d0 == 0 ? 0 :
			alint__line_start_at(src, src->docs[d0].start);
		e = d1 == src->ndocs ? src->len :
			alint__line_start_at(src, src->docs[d1].start);
		if ((d0 == 0 || s >= src->docs[d0 - 1].end) &&
		    e >= src->docs[d1 - 1].end && e <= src->len && s <= e) {
			error = view_parse(local, src->buf + s, e - s, why);
			if (error < 0)
				return error;
			if (!*why && local->ndocs == d1 - d0) {
				local->base = d0;
				*out = local;
				return 0;
			}
			view_clear(local);
			*why = NULL;
		}
	}
	if (!sd->have_full) {
		error = view_parse(&sd->full, src->buf, src->len,
				   &sd->full_why);
		if (error < 0)
			return error;
		sd->have_full = true;
	}
	if (sd->full_why) {
		*why = sd->full_why;
		return 0;
	}
	if (sd->full.ndocs < d1) {
		*why = "libyaml sees fewer documents than our parser";
		return 0;
	}
	*out = &sd->full;
	return 0;
}

/* Why one of documents [d0, d1) of v has no view, or NULL. */
static const char *
bad_doc(const struct view *v, size_t d0, size_t d1, size_t *k)
{
	for (*k = d0; *k < d1; (*k)++)
		if (vdoc_at(v, *k)->why)
			return vdoc_at(v, *k)->why;
	return NULL;
}

static int
compare_docs(struct vctx *x, const struct view *va, size_t i,
	     const struct view *vb, size_t j)
{
	size_t lo, hi;
	int r;

	decl_range(x, i, &lo, &hi);
	x->cmp.decl = x->decl + lo;
	x->cmp.ndecl = hi - lo;
	x->cmp.doc = i;
	r = compare_roots(&x->cmp, vdoc_at(va, i)->root,
			  vdoc_at(vb, j)->root);
	if (r > 0) {
		x->why = x->cmp.why;
		x->cmp.why = NULL;
	}
	return r;
}

/*
 * How many of the tail documents of the fixed text (tail of them left)
 * are the appended ones: they come last, in the last region only.
 */
static size_t
appended_in(const struct vctx *x, bool last, size_t tail)
{
	if (!last)
		return 0;
	return x->appended < tail ? x->appended : tail;
}

/*
 * Documents [a0, a1) before against [b0, b1) after, between two pairs of
 * documents known to be the same (last: none after them).
 */
static int
region(struct vctx *x, size_t a0, size_t a1, size_t b0, size_t b1,
       bool last)
{
	struct view la, lb;
	const struct view *va = NULL, *vb = NULL;
	const char *why = NULL;
	size_t i = a0, j = b0, k;
	int error = 0;

	if (a0 == a1 && b0 == b1)
		return 0;
	view_init(&la);
	view_init(&lb);
	if (a0 < a1) {
		error = side_view(&x->before, &la, a0, a1, &va, &why);
		if (error < 0)
			goto out;
		k = a0;
		if (!why)
			why = bad_doc(va, a0, a1, &k);
		if (why) {
			error = set_why(x, UNCHECKABLE, "the text before the "
					"fix cannot be checked: document %zu: "
					"%s", k, why);
			goto out;
		}
	}
	if (b0 < b1) {
		error = side_view(&x->after, &lb, b0, b1, &vb, &why);
		if (error < 0)
			goto out;
		k = b0;
		if (!why)
			why = bad_doc(vb, b0, b1, &k);
		if (why) {
			error = set_why(x, DIFFERENT, "the fixed text, "
					"document %zu: %s", k, why);
			goto out;
		}
	}
	for (;;) {
		/* kubectl skips empty documents */
		if (i < a1 && vdoc_at(va, i)->null) {
			i++;
			continue;
		}
		if (j < b1 && vdoc_at(vb, j)->null) {
			j++;
			continue;
		}
		if (i >= a1 && j >= b1)
			break;
		if (i < a1 && j < b1) {
			if (!declared_whole(x, i)) {
				error = compare_docs(x, va, i, vb, j);
				if (error)
					goto out;
			} else if (a1 - i > b1 - j - appended_in(x, last,
								  b1 - j)) {
				/*
				 * More documents left before than after,
				 * not counting those appended at the end:
				 * this one was removed.
				 */
				i++;
				continue;
			}
			i++;
			j++;
			continue;
		}
		if (i < a1) {
			if (declared_whole(x, i)) {
				i++;
				continue;
			}
			error = set_why(x, DIFFERENT, "document %zu was "
					"removed, which no fix declared", i);
			goto out;
		}
		if (last && x->appended > 0) {
			x->appended--;
			j++;
			continue;
		}
		error = set_why(x, DIFFERENT, "the fixed text has a new "
				"document (number %zu) that no fix declared",
				j);
		goto out;
	}
out:
	view_clear(&la);
	view_clear(&lb);
	return error;
}

/* The new document with span [s, e), or SIZE_MAX. */
static size_t
find_doc(const struct alint_source *src, size_t s, size_t e)
{
	size_t a = 0, b = src->ndocs, m;

	while (a < b) {
		m = a + (b - a) / 2;
		if (src->docs[m].start < s)
			a = m + 1;
		else
			b = m;
	}
	if (a < src->ndocs && src->docs[a].start == s &&
	    src->docs[a].end == e)
		return a;
	return SIZE_MAX;
}

static int
compare_texts(struct vctx *x, const struct alint_edit *edits,
	      size_t nedits)
{
	const struct alint_source *bs = x->before.src, *as = x->after.src;
	size_t k, p = 0, g, e, added = 0, removed = 0, m;
	size_t pk = 0, pm = 0;	/* first documents after the last anchor */
	int error;

	for (k = 0; k < bs->ndocs; k++) {
		g = k ? bs->docs[k - 1].end : 0;
		e = bs->docs[k].end;
		/*
		 * Edits before g leave document k alone; so does a range
		 * replaced up to g (its text goes before g). An insert at g
		 * is taken as touching it.
		 */
		while (p < nedits && (edits[p].end < g ||
				      (edits[p].end == g &&
				       edits[p].start < g))) {
			added += edits[p].text_len;
			removed += edits[p].end - edits[p].start;
			p++;
		}
		if (p < nedits && edits[p].start <= e)
			continue;	/* touched */
		m = find_doc(as, bs->docs[k].start + added - removed,
			     e + added - removed);
		if (m == SIZE_MAX || m < pm)
			continue;
		error = region(x, pk, k, pm, m, false);
		if (error)
			return error;
		pk = k + 1;
		pm = m + 1;
	}
	return region(x, pk, bs->ndocs, pm, as->ndocs, true);
}

/* ---- issues -------------------------------------------------------------- */

static const char *
issue_what(enum alint__issue_kind kind)
{
	switch (kind) {
	case ALINT__ISSUE_DUPLICATE_KEY:
		return "a duplicate key";
	case ALINT__ISSUE_INVALID_UTF8:
		return "invalid UTF-8";
	case ALINT__ISSUE_LINE_BREAK:
		return "a YAML 1.1 line break";
	case ALINT__ISSUE_KUBECTL:
		return "YAML that kubectl rejects or reads differently";
	case ALINT__ISSUE_DEPTH:
		return "nesting deeper than the limit";
	default:
		return "invalid YAML";
	}
}

static int
issue_why(char **why, const struct alint_source *src,
	  const struct alint__issue *is)
{
	struct alint_pos pos;
	const char *what = issue_what(is->kind);
	size_t n;

	alint__source_pos(src, is->start, &pos);
	n = strlen(what) + strlen(is->message) + 96;
	*why = malloc(n);
	if (!*why)
		return ALINT_ENOMEM;
	snprintf(*why, n, "the fixed text has %s at line %zu: %s", what,
		 pos.line, is->message);
	return 0;
}

static int
check_issues(char **why, const struct alint_source *before,
	     const struct alint_source *after)
{
	size_t nb[ALINT__ISSUE_NKINDS], na[ALINT__ISSUE_NKINDS], i;
	const struct alint__issue *is;

	memset(nb, 0, sizeof(nb));
	memset(na, 0, sizeof(na));
	for (i = 0; i < before->nissues; i++)
		nb[before->issues[i].kind]++;
	for (i = 0; i < after->nissues; i++) {
		is = &after->issues[i];
		na[is->kind]++;
		switch (is->kind) {
		case ALINT__ISSUE_SYNTAX:
		case ALINT__ISSUE_DEPTH:
		case ALINT__ISSUE_NUL:
		case ALINT__ISSUE_TEMPLATE:
		case ALINT__ISSUE_KUBECTL:
			return issue_why(why, after, is);
		default:
			break;
		}
	}
	for (i = 0; i < after->nissues; i++) {
		is = &after->issues[i];
		if ((is->kind == ALINT__ISSUE_DUPLICATE_KEY ||
		     is->kind == ALINT__ISSUE_INVALID_UTF8 ||
		     is->kind == ALINT__ISSUE_LINE_BREAK) &&
		    na[is->kind] > nb[is->kind])
			return issue_why(why, after, is);
	}
	if (after->fatal || after->max_depth > ALINT__MAX_DEPTH) {
		*why = strdup("the fixed text is not valid YAML");
		return *why ? 0 : ALINT_ENOMEM;
	}
	return 0;
}

/* ---- verification -------------------------------------------------------- */

int
alint__verify(char **why, const struct alint_source *before,
	      const struct alint_source *after,
	      const struct alint_edit *edits, size_t nedits,
	      const struct alint__decl *decls, size_t ndecls)
{
	struct vctx x;
	size_t i;
	int error;

	*why = NULL;
	error = check_issues(why, before, after);
	if (error < 0 || *why)
		return error;
	memset(&x, 0, sizeof(x));
	x.before.src = before;
	x.after.src = after;
	x.before.dirs = has_directives(before);
	x.after.dirs = has_directives(after);
	view_init(&x.before.full);
	view_init(&x.after.full);
	x.decl = malloc((ndecls ? ndecls : 1) * sizeof(*x.decl));
	if (!x.decl)
		return ALINT_ENOMEM;
	for (i = 0; i < ndecls; i++) {
		if (decls[i].doc >= before->ndocs) {
			x.appended++;
			continue;
		}
		/* a JSON pointer is "" or starts with '/' */
		if (decls[i].path[0] != '\0' && decls[i].path[0] != '/')
			continue;
		x.decl[x.ndecl].doc = decls[i].doc;
		x.decl[x.ndecl].s = decls[i].path;
		x.decl[x.ndecl].len = strlen(decls[i].path);
		x.ndecl++;
	}
	if (x.ndecl > 1)
		qsort(x.decl, x.ndecl, sizeof(*x.decl), cmp_dpath);
	error = compare_texts(&x, edits, nedits);
	if (error > 0) {
		*why = x.why;
		x.why = NULL;
		error = error == UNCHECKABLE ? 1 : 0;
	}
	view_clear(&x.before.full);
	view_clear(&x.after.full);
	free(x.why);
	free(x.cmp.why);
	free(x.cmp.st);
	free(x.cmp.path.p);
	free(x.decl);
	return error;
}
