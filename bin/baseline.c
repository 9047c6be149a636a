/*
 * baseline.c - the baseline file of --write-baseline and --baseline
 *
 * A baseline records the findings of a run so that later runs report only
 * new ones. Each entry is keyed by what a finding is about: rule id, file
 * (without a leading "./"), resource (kind, namespace, name) and YAML
 * path; never by its line, so that edits elsewhere keep it valid. Keys
 * form a multiset: an entry absorbs one finding. The file is JSON:
 *
 *   {"version": 1, "tool": "ambient-lint", "entries": [
 *     {"rule": "AL2001", "name": "...", "file": "...", "kind": "...",
 *      "namespace": "...", "resource": "...", "path": "...",
 *      "message": "..."}, ...]}
 *
 * with null for unknown members, read back with the small, strict and
 * bounded JSON reader below.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ambientlint.h>

#include "cli.h"

/* Nesting of arrays and objects in a baseline file, at most. */
#define JSON_MAX_DEPTH 32

/* The finding of an unreadable input: never baselined. */
#define IO_ERROR_RULE "AL0000"

/* ---- keys ------------------------------------------------------------ */

/* The members of an entry that make its key, in comparison order. */
enum {
	K_FILE,
	K_RULE,
	K_KIND,
	K_NAMESPACE,
	K_RESOURCE,
	K_PATH,
	NKEYS
};

struct entry {
	const char *key[NKEYS];	/* NULL: unknown */
	const char *name;	/* rule name, written only */
	const char *message;	/* written only */
	int used;		/* absorbed a finding */
};

struct cli_baseline {
	struct entry *v;
	size_t n;
	char **strings;		/* owned by the baseline */
	size_t nstrings;
	size_t capstrings;
};

/* NULL sorts before every string. */
static int
strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

/* A relative file name without its leading "./" (which names no file). */
static const char *
skip_dot_slash(const char *name)
{
	while (name[0] == '.' && name[1] == '/') {
		name += 2;
		while (*name == '/')
			name++;
	}
	return name;
}

static int
key_cmp(const struct entry *x, const struct entry *y)
{
	int i, c;

	for (i = 0; i < NKEYS; i++) {
		c = strcmp_null(x->key[i], y->key[i]);
		if (c)
			return c;
	}
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	c = key_cmp(x, y);
	if (!c)
		c = strcmp_null(x->message, y->message);
	if (!c)
		c = strcmp_null(x->name, y->name);
	return c;
}

static void
diag_entry(struct entry *e, const struct alint_diag *d)
{
	memset(e, 0, sizeof(*e));
	e->key[K_FILE] = d->file ? skip_dot_slash(d->file) : NULL;
	e->key[K_RULE] = d->rule_id;
	e->key[K_KIND] = d->kind;
	e->key[K_NAMESPACE] = d->namespace_name;
	e->key[K_RESOURCE] = d->name;
	e->key[K_PATH] = d->path;
	e->name = d->rule_name;
	e->message = d->message;
}

static int
is_io_error(const struct alint_diag *d)
{
	return d->rule_id && strcmp(d->rule_id, IO_ERROR_RULE) == 0;
}

/* ---- writing --------------------------------------------------------- */

static void
write_member(FILE *f, const char *key, const char *value, int last)
{
	fprintf(f, "\"%s\": ", key);
	if (value)
		cli_json_string(f, value, strlen(value));
	else
		fputs("null", f);
	fputs(last ? "" : ", ", f);
}

int
cli_baseline_write(const char *path, const struct alint_report *report,
		   size_t *count)
{
	struct entry *v;
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report), m = 0;
	FILE *f;
	int bad;

	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		cli_error("out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		d = alint_report_get(report, i);
		if (!is_io_error(d))
			diag_entry(&v[m++], d);
	}
	qsort(v, m, sizeof(*v), entry_cmp);
	f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		free(v);
		return -1;
	}
	fputs("{\n  \"version\": 1,\n  \"tool\": \"" CLI_NAME "\",\n"
	      "  \"entries\": [", f);
	for (i = 0; i < m; i++) {
		fputs(i ? ",\n    {" : "\n    {", f);
		write_member(f, "rule", v[i].key[K_RULE], 0);
		write_member(f, "name", v[i].name, 0);
		write_member(f, "file", v[i].key[K_FILE], 0);
		write_member(f, "kind", v[i].key[K_KIND], 0);
		write_member(f, "namespace", v[i].key[K_NAMESPACE], 0);
		write_member(f, "resource", v[i].key[K_RESOURCE], 0);
		write_member(f, "path", v[i].key[K_PATH], 0);
		write_member(f, "message", v[i].message, 1);
		fputc('}', f);
	}
	fputs(m ? "\n  ]\n}\n" : "]\n}\n", f);
	free(v);
	errno = 0;
	bad = fflush(f) != 0 || ferror(f);
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad) {
		cli_error("cannot write %s: %s", path,
			  errno ? strerror(errno) : "write error");
		return -1;
	}
	*count = m;
	return 0;
}

/* ---- a small JSON reader --------------------------------------------- */

enum jtype {
	J_NULL,
	J_FALSE,
	J_TRUE,
	J_NUMBER,
	J_STRING,
	J_ARRAY,
	J_OBJECT
};

struct jvalue {
	enum jtype type;
	size_t line, col;	/* where it starts, 1-based */
	char *str;		/* J_STRING: decoded; J_NUMBER: the text */
	size_t len;
	struct jvalue *v;	/* J_ARRAY items, J_OBJECT values */
	char **keys;		/* J_OBJECT keys, NUL-free */
	size_t n;
};

struct jparser {
	const char *s;
	size_t len;
	size_t pos;
	size_t line;
	size_t line_start;	/* pos of the first byte of the line */
	const char *file;
	int failed;
};

static void
jfree(struct jvalue *j)
{
	size_t i;

	free(j->str);
	for (i = 0; i < j->n; i++) {
		if (j->v)
			jfree(&j->v[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	memset(j, 0, sizeof(*j));
}

/* Columns count bytes: a baseline is mostly ASCII. */
static void
jerror_at(struct jparser *p, size_t line, size_t col, const char *msg)
{
	if (p->failed)
		return;
	p->failed = 1;
	cli_error("invalid baseline %s:%zu:%zu: %s", p->file, line, col,
		  msg);
}

static void
jerror(struct jparser *p, const char *msg)
{
	jerror_at(p, p->line, p->pos - p->line_start + 1, msg);
}

static void
skip_ws(struct jparser *p)
{
	char c;

	while (p->pos < p->len) {
		c = p->s[p->pos];
		if (c == '\n') {
			p->line++;
			p->line_start = p->pos + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			break;
		}
		p->pos++;
	}
}

static int
peek(const struct jparser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int
hex4(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t
put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* A string at p->pos (the opening quote); NUL is refused. */
static int
parse_string(struct jparser *p, char **out, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)p->s;
	unsigned long cp, lo;
	size_t start = ++p->pos, end, n, k;
	char *o;

	/* find the end first: the decoded text is never longer */
	for (end = start; end < p->len && s[end] != '"'; end++)
		if (s[end] == '\\')
			end++;
	if (end >= p->len) {
		jerror(p, "unterminated string");
		return -1;
	}
	o = malloc(end - start + 1);
	if (!o) {
		cli_error("out of memory");
		p->failed = 1;
		return -1;
	}
	n = 0;
	while (p->pos < end) {
		if (s[p->pos] < 0x20) {
			jerror(p, "control character in a string");
			goto fail;
		}
		if (s[p->pos] != '\\') {
			k = utf8_seq(s + p->pos, end - p->pos);
			if (!k) {
				jerror(p, "invalid UTF-8 in a string");
				goto fail;
			}
			memcpy(o + n, s + p->pos, k);
			n += k;
			p->pos += k;
			continue;
		}
		p->pos++;
		switch (s[p->pos]) {
		case '"':
		case '\\':
		case '/':
			o[n++] = (char)s[p->pos++];
			continue;
		case 'b':
			o[n++] = '\b';
			p->pos++;
			continue;
		case 'f':
			o[n++] = '\f';
			p->pos++;
			continue;
		case 'n':
			o[n++] = '\n';
			p->pos++;
			continue;
		case 'r':
			o[n++] = '\r';
			p->pos++;
			continue;
		case 't':
			o[n++] = '\t';
			p->pos++;
			continue;
		case 'u':
			break;
		default:
			jerror(p, "invalid escape in a string");
			goto fail;
		}
		if (end - p->pos < 5 || hex4(p->s + p->pos + 1, &cp) < 0) {
			jerror(p, "invalid \\u escape");
			goto fail;
		}
		p->pos += 5;
		if (cp >= 0xDC00 && cp <= 0xDFFF) {
			jerror(p, "unpaired surrogate in a \\u escape");
			goto fail;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (end - p->pos < 6 || s[p->pos] != '\\' ||
			    s[p->pos + 1] != 'u' ||
			    hex4(p->s + p->pos + 2, &lo) < 0 ||
			    lo < 0xDC00 || lo > 0xDFFF) {
				jerror(p, "unpaired surrogate in a \\u "
				       "escape");
				goto fail;
			}
			p->pos += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		if (cp == 0) {
			jerror(p, "\\u0000 in a string");
			goto fail;
		}
		/* six escaped bytes make at most four */
		n += put_utf8(o + n, cp);
	}
	p->pos = end + 1;
	o[n] = '\0';
	*out = o;
	*outlen = n;
	return 0;
fail:
	free(o);
	return -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
parse_number(struct jparser *p, struct jvalue *j)
{
	size_t start = p->pos;

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
	} else if (is_digit(peek(p))) {
		while (is_digit(peek(p)))
			p->pos++;
	} else {
		jerror(p, "invalid number");
		return -1;
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!is_digit(peek(p))) {
			jerror(p, "invalid number");
			return -1;
		}
		while (is_digit(peek(p)))
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p))) {
			jerror(p, "invalid number");
			return -1;
		}
		while (is_digit(peek(p)))
			p->pos++;
	}
	j->len = p->pos - start;
	j->str = malloc(j->len + 1);
	if (!j->str) {
		cli_error("out of memory");
		p->failed = 1;
		return -1;
	}
	memcpy(j->str, p->s + start, j->len);
	j->str[j->len] = '\0';
	j->type = J_NUMBER;
	return 0;
}

static int
literal(struct jparser *p, const char *word, enum jtype type,
	struct jvalue *j)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
		jerror(p, "invalid value");
		return -1;
	}
	p->pos += n;
	j->type = type;
	return 0;
}

static int parse_value(struct jparser *p, struct jvalue *j, int depth);

/* Make room for one more item of an array or object. */
static int
grow(struct jparser *p, struct jvalue *j, size_t *cap, int object)
{
	struct jvalue *v;
	char **keys;
	size_t c;

	if (j->n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	v = realloc(j->v, c * sizeof(*v));
	if (!v)
		goto nomem;
	j->v = v;
	if (object) {
		keys = realloc(j->keys, c * sizeof(*keys));
		if (!keys)
			goto nomem;
		j->keys = keys;
	}
	*cap = c;
	return 0;
nomem:
	cli_error("out of memory");
	p->failed = 1;
	return -1;
}

/* An array or an object, at its opening bracket. */
static int
parse_container(struct jparser *p, struct jvalue *j, int depth)
{
	int object = p->s[p->pos] == '{';
	int close = object ? '}' : ']';
	size_t cap = 0, i, len, line, col;
	char *key;

	j->type = object ? J_OBJECT : J_ARRAY;
	if (depth >= JSON_MAX_DEPTH) {
		jerror(p, "nested too deeply");
		return -1;
	}
	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		skip_ws(p);
		key = NULL;
		if (object) {
			if (peek(p) != '"') {
				jerror(p, "expected a member name");
				return -1;
			}
			line = p->line;
			col = p->pos - p->line_start + 1;
			if (parse_string(p, &key, &len) < 0)
				return -1;
			for (i = 0; i < j->n; i++) {
				if (strcmp(j->keys[i], key) == 0) {
					free(key);
					jerror_at(p, line, col,
						  "duplicate member name");
					return -1;
				}
			}
			skip_ws(p);
			if (peek(p) != ':') {
				free(key);
				jerror(p, "expected ':'");
				return -1;
			}
			p->pos++;
		}
		if (grow(p, j, &cap, object) < 0) {
			free(key);
			return -1;
		}
		if (object)
			j->keys[j->n] = key;
		memset(&j->v[j->n], 0, sizeof(j->v[j->n]));
		j->n++;
		if (parse_value(p, &j->v[j->n - 1], depth + 1) < 0)
			return -1;
		skip_ws(p);
		if (peek(p) == close) {
			p->pos++;
			return 0;
		}
		if (peek(p) != ',') {
			jerror(p, object ? "expected ',' or '}'" :
			       "expected ',' or ']'");
			return -1;
		}
		p->pos++;
	}
}

static int
parse_value(struct jparser *p, struct jvalue *j, int depth)
{
	skip_ws(p);
	j->line = p->line;
	j->col = p->pos - p->line_start + 1;
	switch (peek(p)) {
	case '{':
	case '[':
		return parse_container(p, j, depth);
	case '"':
		j->type = J_STRING;
		return parse_string(p, &j->str, &j->len);
	case 't':
		return literal(p, "true", J_TRUE, j);
	case 'f':
		return literal(p, "false", J_FALSE, j);
	case 'n':
		return literal(p, "null", J_NULL, j);
	case -1:
		jerror(p, "unexpected end of file");
		return -1;
	default:
		if (peek(p) == '-' || is_digit(peek(p)))
			return parse_number(p, j);
		jerror(p, "invalid value");
		return -1;
	}
}

/* ---- reading --------------------------------------------------------- */

static const struct jvalue *
member(const struct jvalue *obj, const char *key)
{
	size_t i;

	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return &obj->v[i];
	return NULL;
}

/* Take over the string of j (or NULL for null) into the baseline. */
static int
take_string(struct cli_baseline *b, struct jvalue *j, const char **out)
{
	char **v;
	size_t cap;

	if (j->type == J_NULL) {
		*out = NULL;
		return 0;
	}
	if (b->nstrings == b->capstrings) {
		cap = b->capstrings ? b->capstrings * 2 : 64;
		v = realloc(b->strings, cap * sizeof(*v));
		if (!v)
			return -1;
		b->strings = v;
		b->capstrings = cap;
	}
	b->strings[b->nstrings++] = j->str;
	*out = j->str;
	j->str = NULL;
	return 0;
}

static const char *const entry_members[] = {
	"file", "rule", "kind", "namespace", "resource", "path"
};

/* Check the document and make the entries of b from it. */
static int
load_entries(struct jparser *p, struct cli_baseline *b, struct jvalue *root)
{
	const struct jvalue *ver, *tool;
	struct jvalue *ents, *e, *m;
	size_t i;
	int k;

	if (root->type != J_OBJECT) {
		jerror_at(p, root->line, root->col, "expected an object");
		return -1;
	}
	ver = member(root, "version");
	tool = member(root, "tool");
	ents = (struct jvalue *)member(root, "entries");
	if (!ver || ver->type != J_NUMBER || strcmp(ver->str, "1") != 0) {
		jerror_at(p, ver ? ver->line : root->line,
			  ver ? ver->col : root->col,
			  "\"version\" must be 1");
		return -1;
	}
	if (!tool || tool->type != J_STRING ||
	    strcmp(tool->str, CLI_NAME) != 0) {
		jerror_at(p, tool ? tool->line : root->line,
			  tool ? tool->col : root->col,
			  "\"tool\" must be \"" CLI_NAME "\"");
		return -1;
	}
	if (!ents || ents->type != J_ARRAY) {
		jerror_at(p, ents ? ents->line : root->line,
			  ents ? ents->col : root->col,
			  "\"entries\" must be an array");
		return -1;
	}
	b->v = calloc(ents->n ? ents->n : 1, sizeof(*b->v));
	if (!b->v)
		goto nomem;
	for (i = 0; i < ents->n; i++) {
		e = &ents->v[i];
		if (e->type != J_OBJECT) {
			jerror_at(p, e->line, e->col,
				  "an entry must be an object");
			return -1;
		}
		for (k = 0; k < NKEYS; k++) {
			m = (struct jvalue *)member(e, entry_members[k]);
			if (!m || (m->type != J_STRING &&
				   (m->type != J_NULL || k == K_RULE))) {
				jerror_at(p, m ? m->line : e->line,
					  m ? m->col : e->col,
					  k == K_RULE ? "an entry needs a "
					  "\"rule\" string" : "an entry needs "
					  "\"file\", \"kind\", \"namespace\", "
					  "\"resource\" and \"path\" (strings "
					  "or null)");
				return -1;
			}
			if (take_string(b, m, &b->v[i].key[k]) < 0)
				goto nomem;
		}
		b->n++;
	}
	qsort(b->v, b->n, sizeof(*b->v), entry_cmp);
	return 0;
nomem:
	cli_error("out of memory");
	return -1;
}

void
cli_baseline_free(struct cli_baseline *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nstrings; i++)
		free(b->strings[i]);
	free(b->strings);
	free(b->v);
	free(b);
}

int
cli_baseline_load(struct cli_baseline **out, const char *path,
		  size_t max_size)
{
	struct cli_baseline *b;
	struct jparser p;
	struct jvalue root;
	char *buf;
	size_t len = 0;
	int fd, rc = -1;

	*out = NULL;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		cli_error("cannot read baseline %s: %s", path,
			  strerror(errno));
		return -1;
	}
	buf = cli_read_fd(fd, max_size, &len);
	close(fd);
	if (!buf) {
		cli_error("cannot read baseline %s: %s", path,
			  errno == EFBIG ? "larger than the --max-file-size "
			  "limit" : strerror(errno));
		return -1;
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		free(buf);
		cli_error("out of memory");
		return -1;
	}
	memset(&p, 0, sizeof(p));
	memset(&root, 0, sizeof(root));
	p.s = buf;
	p.len = len;
	p.line = 1;
	p.file = path;
	if (parse_value(&p, &root, 0) == 0) {
		skip_ws(&p);
		if (p.pos < p.len)
			jerror(&p, "unexpected data after the value");
		else if (load_entries(&p, b, &root) == 0)
			rc = 0;
	}
	jfree(&root);
	free(buf);
	if (rc < 0) {
		cli_baseline_free(b);
		return -1;
	}
	*out = b;
	return 0;
}

size_t
cli_baseline_filter(struct cli_baseline *b, const struct alint_report *report,
		    unsigned char *hidden)
{
	const struct alint_diag *d;
	struct entry key;
	size_t i, lo, hi, mid, n = alint_report_count(report), count = 0;

	for (i = 0; i < n; i++) {
		d = alint_report_get(report, i);
		/* hidden already: disabled by the configuration file */
		if (hidden[i] || is_io_error(d))
			continue;
		diag_entry(&key, d);
		/* the first entry with the key */
		lo = 0;
		hi = b->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (key_cmp(&b->v[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < b->n && b->v[lo].used &&
		       key_cmp(&b->v[lo], &key) == 0)
			lo++;
		if (lo < b->n && key_cmp(&b->v[lo], &key) == 0) {
			b->v[lo].used = 1;
			hidden[i] = 1;
			count++;
		}
	}
	return count;
}
