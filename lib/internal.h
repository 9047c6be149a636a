/*
 * internal.h - declarations shared by the files of libambientlint
 *
 * Never installed. Names shared between files start with alint__.
 */
#ifndef ALINT_INTERNAL_H
#define ALINT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

/* Whether s is one of the strings of a NULL-terminated list. */
static inline bool
alint__str_in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* ---- memory arena ------------------------------------------------------ */

/*
 * Bump allocator: many small objects freed together. Chunks grow
 * geometrically; pointers stay valid until alint__arena_free().
 */
struct alint__chunk;
struct alint__arena {
	struct alint__chunk *head;
	char *cur;
	size_t left;
	size_t total;		/* bytes obtained from malloc */
};

void alint__arena_init(struct alint__arena *a);
void alint__arena_free(struct alint__arena *a);
/* Move every chunk of src into dst; src is left empty. */
void alint__arena_take(struct alint__arena *dst, struct alint__arena *src);
/* 8-byte aligned; NULL when out of memory */
void *alint__arena_alloc(struct alint__arena *a, size_t size);
char *alint__arena_strndup(struct alint__arena *a, const char *s, size_t n);
char *alint__arena_printf(struct alint__arena *a, const char *fmt, ...)
	ALINT_PRINTF(2, 3);
char *alint__arena_vprintf(struct alint__arena *a, const char *fmt,
			   va_list ap);
/*
 * Room for index n in a malloc'ed array of *cap elements of sz bytes:
 * p itself, or a larger copy (*cap updated); NULL when out of memory, p
 * then intact.
 */
void *alint__grow(void *p, size_t *cap, size_t n, size_t sz);

/* ---- YAML tree (lib/yaml.c) -------------------------------------------- */

/* node flags */
#define ALINT__NF_ANCHOR	(1u << 0)	/* has an &anchor */
#define ALINT__NF_TAG		(1u << 1)	/* has an explicit tag */
#define ALINT__NF_IMPLICIT	(1u << 2)	/* implicit empty scalar */
#define ALINT__NF_KEY		(1u << 3)	/* is a mapping key */
#define ALINT__NF_MERGE		(1u << 4)	/* the key is "<<" (plain) */
#define ALINT__NF_ROOT		(1u << 5)	/* the root of a document */
#define ALINT__NF_DTEXT		(1u << 6)	/* text in src->dtext */
#define ALINT__NF_LONG		(1u << 7)	/* text: a struct alint__text */

/* The longest text, and the most items, a node's n_ holds. */
#define ALINT__N_MAX		0xFFFEu

/*
 * A node of the tree. The nodes of a document sit in one array, in
 * document order (the order of libfyaml's events), after one slot that
 * holds the document and its source: a collection's first child comes
 * right after it and its subtree spans u.size nodes. That layout leaves
 * out the pointers to the first child and to the next sibling, a parent
 * is an offset, and a text is an offset into the source's buffer
 * (src->buf) or into its decoded texts (src->dtext): 20 bytes a node,
 * for the tree of a big input is most of its memory. Read nodes with the
 * accessors below.
 */
struct alint_node {
	unsigned int kind : 2;		/* enum alint_node_kind */
	unsigned int style : 3;		/* enum alint_node_style */
	unsigned int y11 : 3;		/* enum alint_y11_type (scalars) */
	unsigned int flags : 8;		/* ALINT__NF_* */
	/*
	 * scalars and aliases: the text's length (ALINT__NF_LONG: 0);
	 * collections: items or pairs, up to ALINT__N_MAX (more: n_ is
	 * ALINT__N_MAX + 1 and they are counted)
	 */
	unsigned int n_ : 16;
	uint32_t start;			/* byte span [start, end) */
	uint32_t end;
	/*
	 * How many nodes back the parent is; the root (ALINT__NF_ROOT):
	 * 1, the slot of its document.
	 */
	uint32_t up;
	/*
	 * collections: the nodes in the subtree; scalars: where the
	 * decoded text is; aliases: where the anchor name is (in src->buf).
	 * The text is not NUL-terminated in general: use its length.
	 */
	union {
		uint32_t size;
		uint32_t text;
	} u;
};

_Static_assert(sizeof(struct alint_node) <= 20,
	       "the tree of a big input is most of its memory");

/* What the slot before a root holds (memcpy'd: the slot is a node). */
struct alint__slot {
	struct alint_doc *doc;
	struct alint_source *src;
};

_Static_assert(sizeof(struct alint__slot) <= sizeof(struct alint_node),
	       "a document's slot is one node");

/*
 * A text longer than ALINT__N_MAX: this record is in src->dtext at
 * u.text, 4-aligned; the text is at off in src->dtext (ALINT__NF_DTEXT)
 * or in src->buf.
 */
struct alint__text {
	uint32_t off;
	uint32_t len;
};

static inline bool
alint__node_is_text(const struct alint_node *n)
{
	return n->kind == ALINT_NODE_SCALAR || n->kind == ALINT_NODE_ALIAS;
}

/* The nodes of n's subtree, n included. */
static inline size_t
alint__node_size(const struct alint_node *n)
{
	return alint__node_is_text(n) ? 1 : n->u.size;
}

/* The first child of a collection (NULL for scalars and aliases). */
static inline struct alint_node *
alint__node_first(const struct alint_node *n)
{
	return !alint__node_is_text(n) && n->u.size > 1 ?
		(struct alint_node *)(n + 1) : NULL;
}

/* The parent, NULL for the root of a document. */
static inline struct alint_node *
alint__node_parent(const struct alint_node *n)
{
	return (n->flags & ALINT__NF_ROOT) ? NULL :
		(struct alint_node *)(n - n->up);
}

/* The next sibling (mapping: key -> value -> key), NULL after the last. */
static inline struct alint_node *
alint__node_next(const struct alint_node *n)
{
	const struct alint_node *p, *x;

	if (n->flags & ALINT__NF_ROOT)
		return NULL;
	p = n - n->up;
	x = n + alint__node_size(n);
	return x < p + p->u.size ? (struct alint_node *)x : NULL;
}

/* The key after key k's pair (k, its value) in a mapping, or NULL. */
static inline struct alint_node *
alint__pair_next(const struct alint_node *k)
{
	const struct alint_node *v = alint__node_next(k);

	return v ? alint__node_next(v) : NULL;
}

/* The slot of n's document: up to its root, then the slot before it. */
static inline struct alint__slot
alint__node_slot(const struct alint_node *n)
{
	struct alint__slot s;

	while (!(n->flags & ALINT__NF_ROOT))
		n -= n->up;
	memcpy(&s, n - 1, sizeof(s));
	return s;
}

/* The document of a node. */
static inline struct alint_doc *
alint__node_doc(const struct alint_node *n)
{
	return alint__node_slot(n).doc;
}

/* Items of a sequence, pairs of a mapping (0 for the others). */
size_t alint__node_count_slow(const struct alint_node *n);

static inline size_t
alint__node_count(const struct alint_node *n)
{
	if (alint__node_is_text(n))
		return 0;
	return n->n_ <= ALINT__N_MAX ? n->n_ : alint__node_count_slow(n);
}

/* An alias and the node it refers to (NULL: unknown anchor). */
struct alint__alias_ref {
	const struct alint_node *alias;
	const struct alint_node *target;
};

/* A node with an anchor, and the anchor's name (in the source). */
struct alint__anchor_ref {
	const struct alint_node *node;
	const char *name;
	size_t len;
};

struct alint_doc {
	struct alint_node *root;	/* NULL for an empty document */
	uint32_t start;			/* first byte of the document */
	uint32_t end;			/* end, after "..." when present */
	uint32_t index;			/* 0-based index in the stream */
	bool explicit_start;		/* "---" */
	bool explicit_end;		/* "..." */
	struct alint_source *src;
	/* every alias of the document, by start; for alint_node_deref() */
	struct alint__alias_ref *aliases;	/* arena array */
	size_t naliases;
	/* every node with an anchor, by start; for alint__node_anchor() */
	struct alint__anchor_ref *anchors;	/* arena array */
	size_t nanchors;
};

enum alint__issue_kind {
	ALINT__ISSUE_SYNTAX = 0,	/* libfyaml rejected the stream */
	ALINT__ISSUE_DUPLICATE_KEY,	/* same key twice (YAML 1.1 typed) */
	ALINT__ISSUE_INVALID_UTF8,
	ALINT__ISSUE_DEPTH,		/* nesting deeper than the limit */
	ALINT__ISSUE_LINE_BREAK,	/* U+0085, U+2028, U+2029 */
	ALINT__ISSUE_KUBECTL,		/* libyaml (go-yaml) rejects it */
	ALINT__ISSUE_NUL,		/* NUL byte: a binary file */
	ALINT__ISSUE_TEMPLATE,		/* {{ }} template, not YAML */
	ALINT__ISSUE_NKINDS
};

/* A problem found while parsing, before any rule ran. */
struct alint__issue {
	enum alint__issue_kind kind;
	uint32_t start, end;		/* byte span */
	uint32_t related;		/* e.g. the first key of a duplicate */
	bool has_related;
	const char *message;		/* arena string */
};

struct alint_source {
	char *name;			/* malloc'ed */
	char *buf;			/* malloc'ed; NUL-terminated copy */
	size_t len;
	bool bom;			/* starts with a UTF-8 BOM */
	bool crlf;			/* first line ends with \r\n */
	/* the start of every ALINT__LINE_STEP-th line (alint__line_*()) */
	uint32_t *lines;
	size_t nlines;			/* lines in all */
	bool cr;			/* holds a '\r' */
	bool pct_lines;			/* a line starts with '%' */
	size_t doc_markers;		/* lines that start with --- or ... */
	struct alint_doc *docs;		/* arena array */
	size_t ndocs;
	struct alint__issue *issues;	/* malloc'ed array */
	size_t nissues;
	size_t issues_cap;
	bool fatal;			/* syntax error: tree incomplete */
	size_t max_depth;		/* deepest nesting seen */
	struct alint__arena arena;	/* nodes, docs, strings */
	void **blocks;			/* the nodes of big documents */
	size_t nblocks;
	/* decoded texts of scalars, and long texts' records: malloc'ed */
	char *dtext;
	size_t dtext_len, dtext_cap;
};

/* The text of a scalar or alias n of src; NULL for collections. */
static inline const char *
alint__src_text(const struct alint_source *src, const struct alint_node *n)
{
	const struct alint__text *t;

	if (!alint__node_is_text(n))
		return NULL;
	if (n->flags & ALINT__NF_LONG) {
		t = (const struct alint__text *)(src->dtext + n->u.text);
		return ((n->flags & ALINT__NF_DTEXT) ? src->dtext : src->buf) +
			t->off;
	}
	return ((n->flags & ALINT__NF_DTEXT) ? src->dtext : src->buf) +
		n->u.text;
}

/* The length of that text (0 for collections). */
static inline size_t
alint__src_len(const struct alint_source *src, const struct alint_node *n)
{
	if (!alint__node_is_text(n))
		return 0;
	if (n->flags & ALINT__NF_LONG)
		return ((const struct alint__text *)(src->dtext +
						     n->u.text))->len;
	return n->n_;
}

/* The text of a scalar or the name of an alias (NULL for collections). */
static inline const char *
alint__node_text(const struct alint_node *n)
{
	if (!alint__node_is_text(n))
		return NULL;
	return alint__src_text(alint__node_slot(n).src, n);
}

/* The length of a scalar's or alias's text (0 for collections). */
static inline size_t
alint__node_len(const struct alint_node *n)
{
	if (!alint__node_is_text(n))
		return 0;
	if (!(n->flags & ALINT__NF_LONG))
		return n->n_;
	return alint__src_len(alint__node_slot(n).src, n);
}

#define ALINT__MAX_DEPTH 512

/*
 * Parse src->buf (len bytes) into documents and issues. Returns 0, or
 * ALINT_ENOMEM; syntax errors are issues, not failures. The source must
 * have name, buf and len set and nothing else.
 */
int alint__yaml_parse(struct alint_source *src);
/* Run the libyaml gate (kubectl compatibility) on src; adds issues. */
int alint__yaml_libyaml_check(struct alint_source *src);
/*
 * The same, without touching src->issues: *found tells whether it found
 * an issue, in *is (its message in src's arena). Safe while other
 * threads read src (rules), as long as none adds to its arena.
 */
int alint__yaml_libyaml_gate(struct alint_source *src,
			     struct alint__issue *is, bool *found);
/* Append issue is to src->issues. */
int alint__source_add_issue(struct alint_source *src,
			    const struct alint__issue *is);
/* Release the nodes and decoded texts of src (not its arena). */
void alint__source_free_tree(struct alint_source *src);
/* Release everything in src, and src itself. NULL ok. */
void alint__source_free(struct alint_source *src);
/* Build the line table (alint__yaml_parse calls it). */
int alint__source_lines(struct alint_source *src);
#define ALINT__LINE_STEP 16
/* The start of the line after the one at offset p (src->len: none). */
size_t alint__line_next(const struct alint_source *src, size_t p);
/* The start of a 0-based line (clamped to the last line). */
size_t alint__line_start(const struct alint_source *src, size_t line);
/* The 0-based line that holds offset, and its start in *start. */
size_t alint__line_of(const struct alint_source *src, size_t offset,
		      size_t *start);
/* The start of the line that holds offset. */
size_t alint__line_start_at(const struct alint_source *src, size_t offset);
/* 1-based line and code-point column of a byte offset. */
void alint__source_pos(const struct alint_source *src, size_t offset,
		       struct alint_pos *out);
/* YAML 1.1 (go-yaml v2) type of a plain scalar text. */
enum alint_y11_type alint__y11_resolve(const char *s, size_t len);
/*
 * The JSON key kubectl makes of a plain scalar key (yes -> "true",
 * 0x1F -> "31"): s itself for strings, else a static or arena string.
 * NULL when out of memory.
 */
const char *alint__y11_key_text(struct alint__arena *a, const char *s,
				size_t len, size_t *outlen);
/* Whether buf is valid UTF-8; *bad gets the offset of the first bad byte */
bool alint__utf8_valid(const char *buf, size_t len, size_t *bad);
/* The anchor name of n (not NUL-terminated), or NULL when it has none. */
const char *alint__node_anchor(const struct alint_node *n, size_t *len);
/* The path of a node ("/spec/ports/0/name"), in arena a. */
char *alint__node_path(struct alint__arena *a, const struct alint_node *n);

/* ---- resources (lib/resource.c) ---------------------------------------- */

struct alint_resource {
	const struct alint_node *root;
	struct alint_source *src;
	struct alint_doc *doc;
	const char *api_version;	/* "" when absent */
	const char *group;
	const char *version;
	const char *kind;		/* "" when absent */
	const char *name;		/* "" when absent */
	const char *namespace_name;	/* effective */
	const struct alint_node *namespace_node;	/* NULL: defaulted */
	const struct alint_node *labels;
	const struct alint_node *annotations;
	const struct alint_node *pod_template;
	bool list_item;			/* an item of kind: List */
	bool reported;			/* from a reported input */
	size_t order;			/* position in the run, for sorting */
};

/*
 * Extract the resources of every document of src into *out (malloc'ed
 * array of *n). Strings are arena-allocated in src.
 */
int alint__resources_extract(struct alint_resource **out, size_t *n,
			     struct alint_source *src,
			     const char *default_namespace);

/* ---- index (lib/index.c) ----------------------------------------------- */

struct alint_index {
	const struct alint_resource **items[ALINT_INDEX_NCLASSES];
	size_t count[ALINT_INDEX_NCLASSES];
	size_t cap[ALINT_INDEX_NCLASSES];
	const char **namespaces;	/* every namespace name seen, sorted */
	size_t nnamespaces;
	/* values rules derive from the index once (alint__index_memo) */
	struct alint__memo *memos;
	size_t nmemos;
};

/*
 * A value derived from the whole index, computed once per index by the
 * first caller of alint__index_memo() with its key (the address of a
 * static object of the caller) and dropped when the index is cleared
 * (rebuilt for a fixing pass, or freed with the run). build runs without
 * a lock held, so two threads may both build; the first value stored
 * wins and the other is destroyed. NULL when build fails.
 */
struct alint__memo {
	const void *key;
	void *value;
	void (*destroy)(void *value);
};

void *alint__index_memo(const struct alint_index *idx, const void *key,
			void *(*build)(void *arg), void *arg,
			void (*destroy)(void *value));

int alint__index_add(struct alint_index *idx, const struct alint_resource *r);
int alint__index_finish(struct alint_index *idx);
void alint__index_clear(struct alint_index *idx);
enum alint_index_class alint__index_class_of(const struct alint_resource *r);

/* ---- context, rules, errors (lib/context.c, lib/registry.c) ------------- */

struct alint__rule_entry {
	const struct alint_rule *rule;
	void *payload;
	void (*payload_free)(void *);
	bool enabled;
};

struct alint_ctx {
	struct alint_options opts;
	char *default_namespace;
	char *root_namespace;
	char **select;
	char **ignore;
	struct alint__rule_entry *rules;	/* sorted by id */
	size_t nrules;
	size_t rules_cap;
	char errmsg[512];
};

int alint__error(struct alint_ctx *ctx, int error, const char *fmt, ...)
	ALINT_PRINTF(3, 4);
void alint__error_clear(struct alint_ctx *ctx);
int alint__registry_init(struct alint_ctx *ctx);
void alint__registry_free(struct alint_ctx *ctx);
/* The registry entry of a rule in ctx, or NULL. */
const struct alint__rule_entry *
alint__rule_entry_of(const struct alint_ctx *ctx,
		     const struct alint_rule *rule);
/* recompute rule->enabled from select/ignore */
int alint__registry_apply_filters(struct alint_ctx *ctx);
/* Whether select/ignore lists (NULL: none) turn rule on, as above. */
bool alint__rule_selected(const struct alint_rule *rule, char **select,
			  char **ignore);
/* io-error, yaml-syntax, ...: only an exact ignore turns them off. */
bool alint__rule_input_level(const struct alint_rule *rule);
bool alint__rule_matches_pattern(const struct alint_rule *rule,
				 const char *pattern);
/* check id/name/summary/... of a rule; NULL when fine, else why not */
const char *alint__rule_validate(const struct alint_rule *rule);

/* The rule (rules/yaml.c) that reports a parse issue kind. */
const struct alint_rule *alint__issue_rule(enum alint__issue_kind kind);

/* ---- built-in rules (rules/rules.def) ---------------------------------- */

#define ALINT_RULE(sym) extern const struct alint_rule alint__rule_##sym;
#include "../rules/rules.def"
#undef ALINT_RULE

const struct alint_rule *const *alint__builtin_rules(size_t *n);

/* ---- findings, reports (lib/report.c, lib/engine.c) -------------------- */

struct alint_finding {
	struct alint_diag diag;
	struct alint_related *related;
	size_t nrelated, related_cap;
	struct alint_fix fixdata;
	struct alint_edit *edits;
	size_t nedits, edits_cap;
	bool has_fix;
	bool lint_only;			/* its run does not fix: no paths */
	size_t seq;			/* order of reporting */
	struct alint_source *src;	/* the input it is about, or NULL */
	const struct alint_resource *res;	/* or NULL */
	char **paths;			/* declared by the fix (malloc'ed) */
	size_t npaths, paths_cap;
	/*
	 * The document of each declared path, when some path is in another
	 * document of the input than the finding's (a document appended or
	 * removed by the fix): path_docs[i] for i < npath_docs, parallel to
	 * paths; a path at or after npath_docs is in diag.document. NULL
	 * and 0 when every path is in the finding's document. Read it with
	 * alint__finding_path_doc(). malloc'ed.
	 */
	size_t *path_docs;
	size_t npath_docs;
};

/* Findings of one input, filled by one thread. */
struct alint__findings {
	struct alint_finding **items;
	size_t n, cap;
	struct alint__arena arena;	/* findings, messages, paths */
	/*
	 * The run does not fix: the paths that fixes declare, which only
	 * fixing reads (lib/fix.c), are not kept.
	 */
	bool lint_only;
};

struct alint_rule_ctx {
	struct alint_run *run;
	const struct alint__rule_entry *entry;
	const struct alint_resource *res;
	struct alint__findings *out;
	int error;			/* first failure (ENOMEM) */
};

struct alint__input {
	char *path;			/* file path or buffer name */
	char *data;			/* buffer inputs: malloc'ed copy */
	size_t len;
	bool is_buffer;
	bool context_only;		/* parsed for the index only */
	struct alint_source *src;
	struct alint_resource *res;
	size_t nres;
	struct alint__findings findings;
	int io_error;			/* errno of a failed read, or 0 */
	char *io_message;		/* malloc'ed */
	/* per-rule ALINT__RS_* of its ruleset (run-owned); NULL: the ctx's */
	const unsigned char *rules;
	/*
	 * The libyaml gate, when a lint run with threads defers it to the
	 * rules phase, where it runs beside the rules (lib/engine.c).
	 */
	bool gate_pending;		/* to run in the rules phase */
	bool gate_done;			/* under engine.c's gate lock */
	bool gate_found;
	int gate_error;
	struct alint__issue gate_issue;
};

struct alint_run {
	struct alint_ctx *ctx;
	struct alint__input *inputs;
	size_t ninputs, cap;
	struct alint_index index;
	bool linted;
	bool fixing;		/* alint_run_fix(): the gate on every input */
	/* rulesets set with alint_run_set_ruleset(); cur: for new inputs */
	unsigned char **rulesets;
	size_t nrulesets;
	const unsigned char *cur_rules;
};

/*
 * The state of rule entry e for input in: its ruleset's (lib/config.c),
 * or the context's selection and the rule's own severity.
 */
#define ALINT__RS_ON	0x80u	/* the rule runs */
#define ALINT__RS_SEV	0x40u	/* severity set: the low two bits */

static inline bool
alint__rule_on(const struct alint_ctx *ctx, const struct alint__input *in,
	       const struct alint__rule_entry *e)
{
	return in->rules ? (in->rules[e - ctx->rules] & ALINT__RS_ON) != 0 :
			   e->enabled;
}

static inline enum alint_severity
alint__rule_sev(const struct alint_ctx *ctx, const struct alint__input *in,
		const struct alint__rule_entry *e)
{
	unsigned int s = in->rules ? in->rules[e - ctx->rules] : 0;

	return (s & ALINT__RS_SEV) ? (enum alint_severity)(s & 3u) :
				     e->rule->severity;
}

/*
 * The findings of a run, once the run is done with them (lib/engine.c):
 * the diag of each is the one of a finding whose arena the report took
 * over, or a copy in the report's arena. Either way a diag owns what its
 * finding malloc'ed for it (related spans, the fix's description and
 * edits), and names only what the report holds or what outlives it
 * (rule ids and names, static strings).
 */
struct alint_report {
	struct alint_diag **diags;	/* sorted */
	size_t n;
	size_t io_errors;
	size_t inputs;
	size_t documents;
	struct alint__arena arena;	/* diags, strings, taken-over arenas */
};

/*
 * Add a finding for a parse issue or an I/O error to an input's list.
 * message is a string of out's arena, or a static one.
 */
struct alint_finding *alint__finding_new(struct alint__findings *out,
					 const struct alint_rule *rule,
					 enum alint_severity sev,
					 struct alint_source *src,
					 const struct alint_resource *res,
					 size_t start, size_t end,
					 const char *message);
void alint__findings_free(struct alint__findings *f);
void alint__finding_release(struct alint_finding *f);
/* Free a finding's fix (edits, paths, description); it has none after. */
void alint__finding_drop_fix(struct alint_finding *f);
/*
 * Hand what finding f malloc'ed for a report over to diag d, f's own or a
 * copy: its related spans, and the description and edits of its fix,
 * which becomes fix (f->fixdata itself, or a copy). The paths its fix
 * declared are freed. f may still be released after, unless fix is
 * f->fixdata: d then owns the description f->fixdata holds.
 */
void alint__finding_hand_over(struct alint_finding *f, struct alint_diag *d,
			      struct alint_fix *fix);
/*
 * Whether the edit [start, end) overlaps its neighbours prev and next
 * (edits sorted by start, NULL at either end): ranges that share a byte
 * conflict, and so do two inserts at one offset; an insert at either end
 * of a replaced range does not. The rule for alint_finding_edit() and
 * for choosing fixes in lib/fix.c, where documents appended at the end
 * by different fixes are the one exception.
 */
bool alint__edit_overlaps(const struct alint_edit *prev,
			  const struct alint_edit *next, size_t start,
			  size_t end);

/*
 * Declare a path of the fix in document doc of the finding's input (see
 * alint_finding_fix_path(), which declares in the finding's document).
 * lib/edit.c. Returns 0, ALINT_ENOMEM or ALINT_EINVAL.
 */
int alint__finding_fix_path_doc(struct alint_finding *f, size_t doc,
				const char *path);

/* The document of declared path i of a finding's fix. */
static inline size_t
alint__finding_path_doc(const struct alint_finding *f, size_t i)
{
	return i < f->npath_docs ? f->path_docs[i] : f->diag.document;
}

/* Read a whole file (regular files only); malloc'ed, NUL-terminated. */
int alint__read_file(char **out, size_t *len, const char *path,
		     size_t max_size, char **errmsg);

/* ---- runs linted again (lib/engine.c) ----------------------------------- */

/*
 * Parse a text into a new source: our tree, then the libyaml gate unless
 * the tree is fatal (the first phase of a run may leave the gate to the
 * rules phase: alint__source_parse()). buf (len bytes, malloc'ed,
 * NUL-terminated) is taken over, also on failure.
 */
int alint__source_new(struct alint_source **out, const char *name, char *buf,
		      size_t len);
/* The same; the libyaml gate only when gate is true. */
int alint__source_parse(struct alint_source **out, const char *name,
			char *buf, size_t len, bool gate);
/* alint_run_lint() without the report: read, parse, index, rules. */
int alint__run_lint_phases(struct alint_run *run);
/*
 * Replace the source of input i of a linted run by src (taken over, also
 * on failure; NULL: none for now) and extract its resources; the old
 * source is handed back in *old. Until alint__run_relint(), no finding
 * and not the index may be read: they may point into the old source.
 * Touches input i only: a parallel phase may call it for i.
 */
int alint__run_swap_source(struct alint_run *run, size_t i,
			   struct alint_source *src,
			   struct alint_source **old);
/*
 * Free the tree of src (nodes, resources' strings), keeping its text,
 * line table, document spans (without roots) and issue kinds (messages
 * become ""): enough for alint__verify() to take it as the text before.
 */
int alint__source_strip(struct alint_source *src);
/*
 * Lint a linted run again: every finding is dropped, the index rebuilt
 * from every input and the rules run on every reported input.
 */
int alint__run_relint(struct alint_run *run);
/*
 * The report of the run's current findings, which it takes over: the
 * last use of the run, which can only be freed after it. The run's
 * index and resources go before the report is built, its sources (texts
 * and trees) after.
 */
int alint__run_report(struct alint_report **out, struct alint_run *run);
/*
 * Call fn(arg, i) for every input i, on the run's threads (opts.threads);
 * the first negative return stops the others and is returned.
 */
int alint__run_parallel(struct alint_run *run, int (*fn)(void *arg, size_t i),
			void *arg);
/* Sort an input's findings into report order (position, rule, seq). */
void alint__findings_sort(struct alint__findings *f);

/* ---- inline suppressions (lib/suppress.c) ------------------------------- */

/*
 * Apply the suppression comments of a linted input (after its rules
 * ran): drop the findings they suppress, then report the unused and
 * invalid ones (AL0009, AL0010). Comments at or after error_at (the
 * first fatal parse issue) are ignored. Nothing when the context has
 * ALINT_OPT_NO_INLINE_CONFIG. Returns 0 or ALINT_ENOMEM.
 */
int alint__suppress(struct alint_ctx *ctx, struct alint__input *in,
		    size_t error_at);

/* ---- fixes (lib/fix.c, lib/verify.c, lib/write.c) ----------------------- */

struct alint_fixed {
	struct alint_fixed_input *items;	/* every string malloc'ed */
	size_t n;
	char errmsg[512];
};

/* The document of a declared path: one that the fix appends. */
#define ALINT__DOC_APPENDED SIZE_MAX

/*
 * A path a fix declared (alint_finding_fix_path(),
 * alint__finding_fix_path_doc()): a document of the text the fix applies
 * to (ALINT__DOC_APPENDED, or any index past its last document: a
 * document the fix appends) and a JSON pointer in it, "" for the whole
 * document.
 */
struct alint__decl {
	size_t doc;
	const char *path;
};

/*
 * Whether a parsed input may be fixed at all: NULL, or why not (a fatal
 * parse issue, nesting deeper than ALINT__MAX_DEPTH, or something kubectl
 * rejects or reads otherwise than our tree). Static text.
 */
const char *alint__unfixable(const struct alint_source *src);
/*
 * Verify a rewrite of before (fit for fixing; its tree may be stripped,
 * alint__source_strip()) into after (parsed with alint__source_new())
 * made by edits (sorted, not overlapping, offsets in before) whose fixes
 * declared decls. after must parse without a fatal issue and with no new
 * duplicate key, UTF-8 or line-break issue; and the Kubernetes view of
 * both texts, built from libyaml's events, must be the same outside the
 * declared paths (lib/verify.c says how documents are aligned).
 * @return 0 with *why NULL (verified) or a malloc'ed message saying what
 *         differs; 1 with *why when the text before cannot be checked
 *         (libyaml or the alias cap refuses its view: do not fix it); or
 *         ALINT_ENOMEM
 */
int alint__verify(char **why, const struct alint_source *before,
		  const struct alint_source *after,
		  const struct alint_edit *edits, size_t nedits,
		  const struct alint__decl *decls, size_t ndecls);

#endif /* ALINT_INTERNAL_H */
