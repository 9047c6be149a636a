/*
 * lsp.c - ambient-lint --lsp: a Language Server on standard input/output
 *
 * JSON-RPC 2.0 messages framed by "Content-Length:" headers. Open
 * documents are kept in memory and linted as a whole on open, change
 * (full sync) and save; the findings are published as diagnostics, and
 * their fixes offered as quick-fix code actions. Only protocol messages
 * go to standard output; problems are told on standard error.
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ambientlint.h>

#include "cli.h"
#include "json.h"

/* The largest message accepted. */
#define LSP_MAX_MESSAGE (64u * 1024 * 1024)

/* A header line longer than this is an error. */
#define LSP_MAX_HEADER 1024

/* JSON-RPC error codes. */
#define RPC_PARSE_ERROR (-32700)
#define RPC_INVALID_REQUEST (-32600)
#define RPC_METHOD_NOT_FOUND (-32601)
#define RPC_INVALID_PARAMS (-32602)

enum encoding {
	ENC_UTF16 = 0,
	ENC_UTF8 = 1,
	ENC_UTF32 = 2
};

static const char *const encoding_names[] = { "utf-16", "utf-8", "utf-32" };

struct doc {
	char *uri;
	char *path;		/* the name given to the library */
	char *text;
	size_t len;
	char *version;		/* the JSON text of the version, or NULL */
	size_t *lines;		/* offsets of the line starts, or NULL */
	size_t nlines;
};

struct lsp {
	struct alint_ctx *ctx;
	struct cli_configs *configs;	/* each document's configuration */
	enum encoding enc;
	int shutdown;
	struct doc *docs;
	size_t ndocs;
	size_t capdocs;
};

struct lsp_pos {
	size_t line;
	size_t character;
};

/* ---- output ---------------------------------------------------------- */

/* Send the message held in buf (len bytes) with its header. */
static void
send_message(const char *buf, size_t len)
{
	printf("Content-Length: %zu\r\n\r\n", len);
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
}

/* A message under construction; lsp_end() sends it. */
static FILE *
msg_begin(char **buf, size_t *len)
{
	FILE *f;

	f = open_memstream(buf, len);
	if (!f)
		cli_error("out of memory");
	else
		fputs("{\"jsonrpc\":\"2.0\"", f);
	return f;
}

static void
msg_end(FILE *f, char **buf, size_t *len)
{
	int bad;

	fputc('}', f);
	bad = ferror(f);
	if (fclose(f) != 0 || bad)
		cli_error("out of memory");
	else
		send_message(*buf, *len);
	free(*buf);
}

static void
put_id(FILE *f, const struct jvalue *id)
{
	fputs(",\"id\":", f);
	if (!id || id->type == J_NULL)
		fputs("null", f);
	else if (id->type == J_STRING)
		cli_json_string(f, id->str, id->len);
	else
		fputs(id->str, f);
}

static void
send_error(const struct jvalue *id, int code, const char *message)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = msg_begin(&buf, &len);
	if (!f)
		return;
	put_id(f, id);
	fprintf(f, ",\"error\":{\"code\":%d,\"message\":", code);
	cli_json_string(f, message, strlen(message));
	fputc('}', f);
	msg_end(f, &buf, &len);
}

static void
put_str(FILE *f, const char *s)
{
	cli_json_string(f, s, strlen(s));
}

/* ---- positions ------------------------------------------------------- */

/* The offset of the start of the line holding byte off of d. */
static size_t
line_of(const struct doc *d, size_t off, size_t *line)
{
	size_t lo, hi, mid, i, start = 0;

	if (d->lines) {
		/* the last line start <= off; lines[0] is 0 */
		lo = 0;
		hi = d->nlines;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (d->lines[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		*line = lo;
		return d->lines[lo];
	}
	*line = 0;
	for (i = 0; i < off; i++) {
		if (d->text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	}
	return start;
}

/* The LSP position of byte offset off of d (clamped to its length). */
static struct lsp_pos
byte_to_pos(const struct doc *d, size_t off, enum encoding enc)
{
	struct lsp_pos p;
	size_t i, start;
	unsigned char c;

	if (off > d->len)
		off = d->len;
	start = line_of(d, off, &p.line);
	if (enc == ENC_UTF8) {
		p.character = off - start;
		return p;
	}
	p.character = 0;
	for (i = start; i < off; i++) {
		c = (unsigned char)d->text[i];
		if ((c & 0xC0) == 0x80)
			continue;
		p.character++;
		if (enc == ENC_UTF16 && c >= 0xF0)
			p.character++;	/* a surrogate pair */
	}
	return p;
}

static int
pos_cmp(struct lsp_pos a, struct lsp_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.character != b.character)
		return a.character < b.character ? -1 : 1;
	return 0;
}

static void
put_pos(FILE *f, struct lsp_pos p)
{
	fprintf(f, "{\"line\":%zu,\"character\":%zu}", p.line, p.character);
}

static void
put_range(FILE *f, struct lsp_pos a, struct lsp_pos b)
{
	fputs("{\"start\":", f);
	put_pos(f, a);
	fputs(",\"end\":", f);
	put_pos(f, b);
	fputc('}', f);
}

/* A position of a file that is not open: line and column, 1-based. */
static struct lsp_pos
fallback_pos(const struct alint_pos *a)
{
	struct lsp_pos p;

	p.line = a->line ? a->line - 1 : 0;
	p.character = a->column ? a->column - 1 : 0;
	return p;
}

/* ---- documents ------------------------------------------------------- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The path of a file: URI, percent-decoded; other URIs are kept as is. */
static char *
uri_to_path(const char *uri)
{
	const char *s = uri;
	char *out, *o;
	int hi, lo;

	if (strncmp(s, "file://", 7) != 0)
		return strdup(uri);
	s += 7;
	if (*s != '/') {
		/* a host before the path: skip it */
		s = strchr(s, '/');
		if (!s)
			return strdup(uri);
	}
	out = malloc(strlen(s) + 1);
	if (!out)
		return NULL;
	for (o = out; *s; s++) {
		if (*s == '%' && (hi = hexval((unsigned char)s[1])) >= 0 &&
		    (lo = hexval((unsigned char)s[2])) >= 0 &&
		    (hi || lo)) {
			*o++ = (char)(hi * 16 + lo);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* Write a file: URI for path (not an open document). */
static void
put_path_uri(FILE *f, const char *path)
{
	const unsigned char *s = (const unsigned char *)path;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	m = open_memstream(&buf, &len);
	if (!m)
		return;
	fputs("file://", m);
	for (; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/-._~", *s))
			fputc(*s, m);
		else
			fprintf(m, "%%%02X", *s);
	}
	if (fclose(m) == 0)
		cli_json_string(f, buf, len);
	free(buf);
}

static struct doc *
doc_find(struct lsp *l, const char *uri)
{
	size_t i;

	for (i = 0; i < l->ndocs; i++)
		if (strcmp(l->docs[i].uri, uri) == 0)
			return &l->docs[i];
	return NULL;
}

static struct doc *
doc_by_path(struct lsp *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->ndocs; i++)
		if (strcmp(l->docs[i].path, path) == 0)
			return &l->docs[i];
	return NULL;
}

static void
doc_free(struct doc *d)
{
	free(d->uri);
	free(d->path);
	free(d->text);
	free(d->version);
	free(d->lines);
}

static char *
dup_mem(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Index the line starts of d; without memory, positions are scanned. */
static void
index_lines(struct doc *d)
{
	size_t i, n = 1;

	free(d->lines);
	d->lines = NULL;
	d->nlines = 0;
	for (i = 0; i < d->len; i++)
		if (d->text[i] == '\n')
			n++;
	d->lines = malloc(n * sizeof(*d->lines));
	if (!d->lines)
		return;
	d->lines[d->nlines++] = 0;
	for (i = 0; i < d->len; i++)
		if (d->text[i] == '\n')
			d->lines[d->nlines++] = i + 1;
}

/* Set the text (and version, when not NULL) of the document uri. */
static struct doc *
doc_set(struct lsp *l, const char *uri, const struct jvalue *text,
	const struct jvalue *version)
{
	struct doc *d, *v;
	char *t, *ver = NULL;
	size_t c;

	t = dup_mem(text->str, text->len);
	if (version && version->type == J_NUMBER)
		ver = strdup(version->str);
	if (!t || (version && version->type == J_NUMBER && !ver))
		goto nomem;
	d = doc_find(l, uri);
	if (!d) {
		if (l->ndocs == l->capdocs) {
			c = l->capdocs ? l->capdocs * 2 : 8;
			v = realloc(l->docs, c * sizeof(*v));
			if (!v)
				goto nomem;
			l->docs = v;
			l->capdocs = c;
		}
		d = &l->docs[l->ndocs];
		memset(d, 0, sizeof(*d));
		d->uri = strdup(uri);
		d->path = uri_to_path(uri);
		if (!d->uri || !d->path) {
			doc_free(d);
			goto nomem;
		}
		l->ndocs++;
	}
	free(d->text);
	d->text = t;
	d->len = text->len;
	index_lines(d);
	if (ver) {
		free(d->version);
		d->version = ver;
	}
	return d;
nomem:
	free(t);
	free(ver);
	cli_error("out of memory");
	return NULL;
}

static void
doc_close(struct lsp *l, const char *uri)
{
	struct doc *d = doc_find(l, uri);

	if (!d)
		return;
	doc_free(d);
	*d = l->docs[--l->ndocs];
}

/* ---- linting --------------------------------------------------------- */

/*
 * Make the ruleset of d's configuration the one of the next input of run.
 * A configuration that cannot be used (told on stderr) leaves the
 * context's rules.
 */
static int
doc_rules(struct lsp *l, struct alint_run *run, const struct doc *d)
{
	if (!l->configs || cli_configs_apply(l->configs, run, d->path) == 0)
		return 0;
	return alint_run_set_ruleset(run, NULL);
}

/* Lint doc (the other open documents as context): a report, or NULL. */
static struct alint_report *
lint_doc(struct lsp *l, const struct doc *d)
{
	struct alint_run *run = NULL;
	struct alint_report *report = NULL;
	size_t i;
	int error;

	error = alint_run_new(&run, l->ctx);
	/* each document with the rules of its own configuration */
	if (!error)
		error = doc_rules(l, run, d);
	if (!error)
		error = alint_run_add_buffer(run, d->path, d->text, d->len);
	for (i = 0; !error && i < l->ndocs; i++) {
		if (&l->docs[i] == d || !strcmp(l->docs[i].path, d->path))
			continue;
		error = doc_rules(l, run, &l->docs[i]);
		if (!error)
			error = alint_run_add_buffer(run, l->docs[i].path,
						     l->docs[i].text,
						     l->docs[i].len);
	}
	if (!error)
		error = alint_run_lint(&report, run);
	alint_run_free(run);
	if (error) {
		cli_error("cannot lint %s: %s", d->path,
			  alint_strerror(error));
		return NULL;
	}
	return report;
}

static int
is_mine(const struct doc *d, const struct alint_diag *g)
{
	return g->file && strcmp(g->file, d->path) == 0;
}

static void
diag_range(const struct lsp *l, const struct doc *d,
	   const struct alint_diag *g, struct lsp_pos *a, struct lsp_pos *b)
{
	*a = byte_to_pos(d, g->start.offset, l->enc);
	*b = byte_to_pos(d, g->end.offset, l->enc);
	if (pos_cmp(*b, *a) < 0)
		*b = *a;
}

static void
put_diag(FILE *f, struct lsp *l, const struct doc *d,
	 const struct alint_diag *g)
{
	struct lsp_pos a, b;
	const struct alint_related *r;
	const struct doc *rd;
	size_t i;
	int sev;

	diag_range(l, d, g, &a, &b);
	sev = g->severity == ALINT_SEV_ERROR ? 1 :
	      g->severity == ALINT_SEV_WARNING ? 2 : 3;
	fputs("{\"range\":", f);
	put_range(f, a, b);
	fprintf(f, ",\"severity\":%d,\"code\":", sev);
	put_str(f, g->rule_id);
	fputs(",\"source\":\"" CLI_NAME "\",\"message\":", f);
	/* message + " [phase] [name]", as in the text format */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (m) {
			fputs(g->message, m);
			if (g->phase != ALINT_PHASE_NONE)
				fprintf(m, " [%s]", alint_phase_name(g->phase));
			fprintf(m, " [%s]", g->rule_name);
			if (fclose(m) == 0)
				cli_json_string(f, buf, len);
			free(buf);
		}
	}
	if (g->nrelated) {
		fputs(",\"relatedInformation\":[", f);
		for (i = 0; i < g->nrelated; i++) {
			r = &g->related[i];
			rd = r->file ? doc_by_path(l, r->file) : d;
			fputs(i ? ",{\"location\":{\"uri\":" :
			      "{\"location\":{\"uri\":", f);
			if (rd)
				put_str(f, rd->uri);
			else
				put_path_uri(f, r->file);
			fputs(",\"range\":", f);
			if (rd)
				put_range(f, byte_to_pos(rd, r->start.offset,
							 l->enc),
					  byte_to_pos(rd, r->end.offset,
						      l->enc));
			else
				put_range(f, fallback_pos(&r->start),
					  fallback_pos(&r->end));
			fputs("},\"message\":", f);
			put_str(f, r->message ? r->message : "");
			fputc('}', f);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void
publish(struct lsp *l, const struct doc *d, const char *uri)
{
	struct alint_report *report = NULL;
	const struct alint_diag *g;
	char *buf = NULL;
	size_t len = 0, i, n = 0;
	FILE *f;

	if (d) {
		report = lint_doc(l, d);
		if (!report)
			return;
	}
	f = msg_begin(&buf, &len);
	if (!f) {
		alint_report_free(report);
		return;
	}
	fputs(",\"method\":\"textDocument/publishDiagnostics\","
	      "\"params\":{\"uri\":", f);
	put_str(f, uri);
	if (d && d->version)
		fprintf(f, ",\"version\":%s", d->version);
	fputs(",\"diagnostics\":[", f);
	for (i = 0; report && i < alint_report_count(report); i++) {
		g = alint_report_get(report, i);
		if (!is_mine(d, g))
			continue;
		if (n++)
			fputc(',', f);
		put_diag(f, l, d, g);
	}
	fputs("]}", f);
	msg_end(f, &buf, &len);
	alint_report_free(report);
}

/* ---- requests -------------------------------------------------------- */

/* Member key of obj when obj is an object and it has type t. */
static const struct jvalue *
get(const struct jvalue *obj, const char *key, enum jtype t)
{
	const struct jvalue *v;

	if (!obj || obj->type != J_OBJECT)
		return NULL;
	v = json_member(obj, key);
	return v && v->type == t ? v : NULL;
}

static void
initialize(struct lsp *l, const struct jvalue *id,
	   const struct jvalue *params)
{
	const struct jvalue *encs;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	encs = get(get(get(params, "capabilities", J_OBJECT), "general",
		       J_OBJECT), "positionEncodings", J_ARRAY);
	l->enc = ENC_UTF16;
	for (i = 0; encs && i < encs->n; i++) {
		if (encs->v[i].type != J_STRING)
			continue;
		if (strcmp(encs->v[i].str, "utf-8") == 0) {
			l->enc = ENC_UTF8;
			break;
		}
		if (strcmp(encs->v[i].str, "utf-32") == 0) {
			l->enc = ENC_UTF32;
			break;
		}
	}
	f = msg_begin(&buf, &len);
	if (!f)
		return;
	put_id(f, id);
	fputs(",\"result\":{\"capabilities\":{\"positionEncoding\":", f);
	put_str(f, encoding_names[l->enc]);
	fputs(",\"textDocumentSync\":{\"openClose\":true,\"change\":1,"
	      "\"save\":{\"includeText\":false}},"
	      "\"codeActionProvider\":{\"codeActionKinds\":[\"quickfix\"]}},"
	      "\"serverInfo\":{\"name\":\"" CLI_NAME "\",\"version\":", f);
	put_str(f, alint_version());
	fputs("}}", f);
	msg_end(f, &buf, &len);
}

static int
get_pos(const struct jvalue *obj, struct lsp_pos *p)
{
	const struct jvalue *line, *ch;

	line = get(obj, "line", J_NUMBER);
	ch = get(obj, "character", J_NUMBER);
	if (!line || !ch || line->str[0] == '-' || ch->str[0] == '-')
		return -1;
	p->line = (size_t)strtoull(line->str, NULL, 10);
	p->character = (size_t)strtoull(ch->str, NULL, 10);
	return 0;
}

static void
code_action(struct lsp *l, const struct jvalue *id,
	    const struct jvalue *params)
{
	const struct jvalue *uri, *range;
	const struct alint_diag *g;
	const struct alint_edit *e;
	struct alint_report *report = NULL;
	struct lsp_pos rs, re, a, b;
	struct doc *d;
	char *buf = NULL;
	size_t len = 0, i, k, n = 0;
	FILE *f;

	uri = get(get(params, "textDocument", J_OBJECT), "uri", J_STRING);
	range = get(params, "range", J_OBJECT);
	if (!uri || !range ||
	    get_pos(get(range, "start", J_OBJECT), &rs) < 0 ||
	    get_pos(get(range, "end", J_OBJECT), &re) < 0) {
		send_error(id, RPC_INVALID_PARAMS, "invalid codeAction "
			   "params");
		return;
	}
	d = doc_find(l, uri->str);
	if (d)
		report = lint_doc(l, d);
	f = msg_begin(&buf, &len);
	if (!f) {
		alint_report_free(report);
		return;
	}
	put_id(f, id);
	fputs(",\"result\":[", f);
	for (i = 0; report && i < alint_report_count(report); i++) {
		g = alint_report_get(report, i);
		if (!is_mine(d, g) || !g->fix ||
		    g->fix->safety == ALINT_FIX_DISPLAY)
			continue;
		diag_range(l, d, g, &a, &b);
		if (pos_cmp(b, rs) < 0 || pos_cmp(re, a) < 0)
			continue;
		if (n++)
			fputc(',', f);
		fputs("{\"title\":", f);
		{
			char *t = NULL;
			size_t tl = 0;
			FILE *m = open_memstream(&t, &tl);

			if (m) {
				fprintf(m, "%s%s", g->fix->description,
					g->fix->safety == ALINT_FIX_UNSAFE ?
					" (unsafe)" : "");
				if (fclose(m) == 0)
					cli_json_string(f, t, tl);
				free(t);
			}
		}
		fputs(",\"kind\":\"quickfix\",\"diagnostics\":[", f);
		put_diag(f, l, d, g);
		fputs("],\"isPreferred\":", f);
		fputs(g->fix->safety == ALINT_FIX_SAFE ? "true" : "false", f);
		fputs(",\"edit\":{\"changes\":{", f);
		put_str(f, d->uri);
		fputs(":[", f);
		for (k = 0; k < g->fix->nedits; k++) {
			e = &g->fix->edits[k];
			if (k)
				fputc(',', f);
			fputs("{\"range\":", f);
			put_range(f, byte_to_pos(d, e->start, l->enc),
				  byte_to_pos(d, e->end, l->enc));
			fputs(",\"newText\":", f);
			cli_json_string(f, e->text ? e->text : "",
					e->text ? e->text_len : 0);
			fputc('}', f);
		}
		fputs("]}}}", f);
	}
	fputc(']', f);
	msg_end(f, &buf, &len);
	alint_report_free(report);
}

static void
did_change(struct lsp *l, const struct jvalue *params, int open)
{
	const struct jvalue *td, *uri, *text, *changes;
	struct doc *d;

	td = get(params, "textDocument", J_OBJECT);
	uri = get(td, "uri", J_STRING);
	if (!uri)
		return;
	if (open) {
		text = get(td, "text", J_STRING);
	} else {
		changes = get(params, "contentChanges", J_ARRAY);
		if (!changes || !changes->n)
			return;
		/* full sync: the last change holds the whole text */
		text = get(&changes->v[changes->n - 1], "text", J_STRING);
	}
	if (!text)
		return;
	d = doc_set(l, uri->str, text, json_member(td, "version"));
	if (d)
		publish(l, d, d->uri);
}

/* Handle one message; 1 when it is exit. */
static int
dispatch(struct lsp *l, const struct jvalue *msg)
{
	const struct jvalue *id, *method, *params, *uri;
	struct doc *d;
	const char *m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	id = msg->type == J_OBJECT ? json_member(msg, "id") : NULL;
	if (id && id->type != J_NUMBER && id->type != J_STRING &&
	    id->type != J_NULL)
		id = NULL;
	method = get(msg, "method", J_STRING);
	if (!method) {
		/* a response from the client, or garbage */
		if (msg->type == J_OBJECT && (json_member(msg, "result") ||
					      json_member(msg, "error")))
			return 0;
		send_error(id, RPC_INVALID_REQUEST, "invalid request");
		return 0;
	}
	m = method->str;
	params = json_member(msg, "params");
	if (strcmp(m, "exit") == 0)
		return 1;
	if (l->shutdown && id) {
		send_error(id, RPC_INVALID_REQUEST, "shut down");
		return 0;
	}
	if (strcmp(m, "initialize") == 0 && id) {
		initialize(l, id, params);
	} else if (strcmp(m, "shutdown") == 0 && id) {
		l->shutdown = 1;
		f = msg_begin(&buf, &len);
		if (!f)
			return 0;
		put_id(f, id);
		fputs(",\"result\":null", f);
		msg_end(f, &buf, &len);
	} else if (strcmp(m, "textDocument/codeAction") == 0 && id) {
		code_action(l, id, params);
	} else if (strcmp(m, "textDocument/didOpen") == 0) {
		did_change(l, params, 1);
	} else if (strcmp(m, "textDocument/didChange") == 0) {
		did_change(l, params, 0);
	} else if (strcmp(m, "textDocument/didSave") == 0 ||
		   strcmp(m, "textDocument/didClose") == 0) {
		uri = get(get(params, "textDocument", J_OBJECT), "uri",
			  J_STRING);
		if (!uri)
			return 0;
		if (strcmp(m, "textDocument/didClose") == 0) {
			doc_close(l, uri->str);
			publish(l, NULL, uri->str);
		} else if ((d = doc_find(l, uri->str))) {
			publish(l, d, d->uri);
		}
	} else if (id) {
		send_error(id, RPC_METHOD_NOT_FOUND, "method not found");
	}
	/* other notifications ("initialized", "$/...") are ignored */
	return 0;
}

/* ---- framing --------------------------------------------------------- */

/*
 * Read the headers of a message: its length in *len. 1 at the end of
 * input, -1 for bad headers (skipped), 0 otherwise.
 */
static int
read_headers(size_t *len)
{
	char line[LSP_MAX_HEADER];
	size_t n;
	int c, have = 0, bad = 0;
	unsigned long long v;
	char *end;

	for (;;) {
		n = 0;
		while ((c = getchar()) != EOF && c != '\n')
			if (n < sizeof(line) - 1)
				line[n++] = (char)c;
		if (c == EOF)
			return 1;
		if (n && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		if (!n) {
			if (!have && !bad)
				continue;	/* a stray empty line */
			return have && !bad ? 0 : -1;
		}
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			errno = 0;
			v = strtoull(line + 15, &end, 10);
			while (*end == ' ' || *end == '\t')
				end++;
			if (errno || *end || end == line + 15) {
				bad = 1;
			} else {
				have = 1;
				*len = v > SIZE_MAX ? SIZE_MAX : (size_t)v;
			}
		}
	}
}

int
cli_lsp(struct alint_ctx *ctx, struct cli_configs *configs)
{
	struct lsp l;
	struct jparser p;
	struct jvalue msg;
	size_t len = 0, i;
	char *buf;
	int rc, status = -1;

	memset(&l, 0, sizeof(l));
	l.ctx = ctx;
	l.configs = configs;
	for (;;) {
		rc = read_headers(&len);
		if (rc == 1)
			break;
		if (rc < 0) {
			send_error(NULL, RPC_PARSE_ERROR, "invalid headers");
			continue;
		}
		if (len > LSP_MAX_MESSAGE) {
			cli_error("--lsp: message of %zu bytes skipped (more "
				  "than %u)", len, LSP_MAX_MESSAGE);
			send_error(NULL, RPC_INVALID_REQUEST,
				   "message too large");
			for (i = 0; i < len && getchar() != EOF; i++)
				;
			if (i < len)
				break;
			continue;
		}
		buf = malloc(len + 1);
		if (!buf) {
			cli_error("out of memory");
			break;
		}
		if (fread(buf, 1, len, stdin) != len) {
			free(buf);
			break;
		}
		buf[len] = '\0';
		memset(&p, 0, sizeof(p));
		p.s = buf;
		p.len = len;
		p.line = 1;
		if (json_parse(&p, &msg) < 0) {
			send_error(NULL, RPC_PARSE_ERROR, p.error ?
				   p.error : "parse error");
			json_free(&msg);
			free(buf);
			continue;
		}
		rc = dispatch(&l, &msg);
		json_free(&msg);
		free(buf);
		if (rc) {
			status = l.shutdown ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
			break;
		}
	}
	if (status < 0)
		status = CLI_EXIT_FINDINGS;	/* end of input without exit */
	for (i = 0; i < l.ndocs; i++)
		doc_free(&l.docs[i]);
	free(l.docs);
	return status;
}
