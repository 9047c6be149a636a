/*
 * output.c - the text and JSON renderings of a report, and the rule lists
 *
 * The text format follows gcc: "file:line:col: severity: message [name]",
 * then the source line with a caret under the start of the span, then a
 * "note:" line per related location. The JSON format is one object,
 * version 1, documented in ambient-lint(1); its strings are always valid
 * UTF-8 (invalid bytes become U+FFFD). After --fix, the findings point into
 * the fixed texts, which the snippets are taken from, and the JSON object
 * gets a "fixes" member.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <ambientlint.h>

#include "cli.h"

/* SGR sequences, the colours of GCC_COLORS' defaults. */
#define SGR_RESET "\033[m"
#define SGR_LOCUS "\033[01m"
#define SGR_ERROR "\033[01;31m"
#define SGR_WARNING "\033[01;35m"
#define SGR_NOTE "\033[01;36m"
#define SGR_CARET "\033[01;32m"

/* The contents of the file findings currently point into. */
struct source {
	const char *name;	/* borrowed from the report */
	char *owned;		/* contents read from disk */
	const char *data;
	size_t len;
	int loaded;		/* data is valid */
	size_t fixed_next;	/* where load_fixed() looks first */
};

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs(CLI_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- JSON ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

void cli_json_string(FILE *f, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	putc('"', f);
	while (i < n) {
		len = utf8_len(s + i, n - i);
		if (len == 0) {
			fputs("\xEF\xBF\xBD", f);	/* U+FFFD */
			i++;
			continue;
		}
		if (len > 1) {
			fwrite(s + i, 1, len, f);
			i += len;
			continue;
		}
		switch (s[i]) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (s[i] < 0x20 || s[i] == 0x7F)
				fprintf(f, "\\u%04x", (unsigned int)s[i]);
			else
				putc(s[i], f);
			break;
		}
		i++;
	}
	putc('"', f);
}

/* A JSON string, or null for NULL. */
static void json_str(FILE *f, const char *s)
{
	if (s)
		cli_json_string(f, s, strlen(s));
	else
		fputs("null", f);
}

static void json_member(FILE *f, const char *indent, const char *key,
			const char *value, int last)
{
	fprintf(f, "%s\"%s\": ", indent, key);
	json_str(f, value);
	fputs(last ? "\n" : ",\n", f);
}

static void json_num(FILE *f, const char *indent, const char *key,
		     size_t value, int last)
{
	fprintf(f, "%s\"%s\": %zu%s\n", indent, key, value, last ? "" : ",");
}

static const char *safety_name(enum alint_fix_safety safety)
{
	switch (safety) {
	case ALINT_FIX_SAFE:
		return "safe";
	case ALINT_FIX_UNSAFE:
		return "unsafe";
	case ALINT_FIX_DISPLAY:
		break;
	}
	return "display";
}

static void json_related(FILE *f, const struct alint_diag *d)
{
	const struct alint_related *r;
	const char *in = "          ";
	size_t i;

	if (d->nrelated == 0) {
		fputs("      \"related\": [],\n", f);
		return;
	}
	fputs("      \"related\": [\n", f);
	for (i = 0; i < d->nrelated; i++) {
		r = &d->related[i];
		fputs("        {\n", f);
		json_member(f, in, "file", r->file, 0);
		json_num(f, in, "line", r->start.line, 0);
		json_num(f, in, "column", r->start.column, 0);
		json_num(f, in, "end_line", r->end.line, 0);
		json_num(f, in, "end_column", r->end.column, 0);
		json_member(f, in, "message", r->message, 1);
		fputs(i + 1 < d->nrelated ? "        },\n" : "        }\n", f);
	}
	fputs("      ],\n", f);
}

static void json_fix(FILE *f, const struct alint_fix *fix)
{
	const struct alint_edit *e;
	size_t i;

	if (!fix) {
		fputs("      \"fix\": null\n", f);
		return;
	}
	fputs("      \"fix\": {\n", f);
	json_member(f, "        ", "description", fix->description, 0);
	json_member(f, "        ", "safety", safety_name(fix->safety), 0);
	fputs("        \"edits\": [", f);
	for (i = 0; i < fix->nedits; i++) {
		e = &fix->edits[i];
		fprintf(f, "%s\n          {\"start\": %zu, \"end\": %zu, "
			"\"text\": ", i ? "," : "", e->start, e->end);
		if (e->text)
			cli_json_string(f, e->text, e->text_len);
		else
			fputs("\"\"", f);
		putc('}', f);
	}
	fputs(fix->nedits ? "\n        ]\n" : "]\n", f);
	fputs("      }\n", f);
}

static void json_diag(FILE *f, const struct alint_diag *d)
{
	const char *in = "      ";
	const char *rin = "        ";

	fputs("    {\n", f);
	json_member(f, in, "file", d->file, 0);
	json_num(f, in, "line", d->start.line, 0);
	json_num(f, in, "column", d->start.column, 0);
	json_num(f, in, "end_line", d->end.line, 0);
	json_num(f, in, "end_column", d->end.column, 0);
	json_member(f, in, "severity", alint_severity_name(d->severity), 0);
	json_member(f, in, "rule", d->rule_id, 0);
	json_member(f, in, "name", d->rule_name, 0);
	json_member(f, in, "message", d->message, 0);
	json_member(f, in, "path", d->path, 0);
	json_num(f, in, "document", d->document, 0);
	fputs("      \"resource\": {\n", f);
	json_member(f, rin, "apiVersion", d->api_version, 0);
	json_member(f, rin, "kind", d->kind, 0);
	json_member(f, rin, "namespace", d->namespace_name, 0);
	json_member(f, rin, "name", d->name, 1);
	fputs("      },\n", f);
	json_related(f, d);
	json_fix(f, d->fix);
	fputs("    }", f);
}

static void json_bool(FILE *f, const char *indent, const char *key,
		      int value, int last)
{
	fprintf(f, "%s\"%s\": %s%s\n", indent, key,
		value ? "true" : "false", last ? "" : ",");
}

/* "fixes": what --fix did with each input, in input order. */
static void json_fixes(const struct cli_output *o, FILE *f)
{
	const struct alint_fixed_input *fi;
	const struct cli_fix_state *st;
	size_t i, n = alint_fixed_count(o->fixed);
	const char *in = "      ";

	fputs("  \"fixes\": [", f);
	for (i = 0; i < n; i++) {
		fi = alint_fixed_get(o->fixed, i);
		st = o->fix_states ? &o->fix_states[i] : NULL;
		fputs(i ? ",\n    {\n" : "\n    {\n", f);
		json_member(f, in, "file", fi->file, 0);
		json_num(f, in, "applied", fi->applied, 0);
		json_num(f, in, "skipped", fi->skipped, 0);
		json_bool(f, in, "changed", fi->changed, 0);
		json_bool(f, in, "converged", fi->converged, 0);
		json_bool(f, in, "written", st && st->written, 0);
		json_member(f, in, "error", st && st->error ? st->error :
			    fi->error, 1);
		fputs("    }", f);
	}
	fputs(n ? "\n  ]\n" : "]\n", f);
}

void cli_print_json(const struct cli_output *o,
		    const struct alint_report *report,
		    const struct cli_summary *sum)
{
	FILE *f = o->out;
	size_t i, n = alint_report_count(report);
	const char *in = "    ";

	fputs("{\n  \"version\": 1,\n  \"diagnostics\": [", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_diag(f, alint_report_get(report, i));
	}
	fputs(n ? "\n  ],\n" : "],\n", f);
	fputs("  \"summary\": {\n", f);
	json_num(f, in, "files", sum->files, 0);
	json_num(f, in, "documents", sum->documents, 0);
	json_num(f, in, "errors", sum->errors, 0);
	json_num(f, in, "warnings", sum->warnings, 0);
	json_num(f, in, "infos", sum->infos, 0);
	json_num(f, in, "io_errors", sum->io_errors, !sum->fixing);
	if (sum->fixing)
		json_num(f, in, "fixes_applied", sum->fixes, 1);
	if (o->fixed) {
		fputs("  },\n", f);
		json_fixes(o, f);
	} else {
		fputs("  }\n", f);
	}
	fputs("}\n", f);
}

/* ---- text ------------------------------------------------------------ */

static const char *sev_color(enum alint_severity sev)
{
	switch (sev) {
	case ALINT_SEV_ERROR:
		return SGR_ERROR;
	case ALINT_SEV_WARNING:
		return SGR_WARNING;
	case ALINT_SEV_INFO:
		break;
	}
	return SGR_NOTE;
}

/* Start an SGR colour, and end it, when colours are on. */
static void color_on(const struct cli_output *o, const char *sgr)
{
	if (o->color)
		fputs(sgr, o->out);
}

static void color_off(const struct cli_output *o)
{
	if (o->color)
		fputs(SGR_RESET, o->out);
}

/*
 * Write a message or a file name on one line: control characters, which
 * could break the line or drive the terminal, are shown as \xNN.
 */
static void put_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			fprintf(f, "\\x%02x", (unsigned int)*p);
		else
			putc(*p, f);
	}
}

static void print_locus(const struct cli_output *o, const char *file,
			size_t line, size_t column)
{
	color_on(o, SGR_LOCUS);
	put_text(o->out, file ? file : "<unknown>");
	fprintf(o->out, ":%zu:%zu:", line, column);
	color_off(o);
	putc(' ', o->out);
}

/* Read a regular file for its source lines; never blocks on special files. */
static char *read_source(const char *path, size_t max_size, size_t *len)
{
	struct stat st;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > max_size) {
		close(fd);
		return NULL;
	}
	buf = cli_read_fd(fd, max_size, len);
	close(fd);
	return buf;
}

/*
 * After --fix, the text of the input named name as fixed, which is what
 * the positions of its findings refer to, or as it was read when it
 * could not be written (the command then lints it again). The findings
 * come in input order, so the search starts after the entry found last.
 * @return 1 when found
 */
static int load_fixed(const struct cli_output *o, struct source *src,
		      const char *name)
{
	const struct alint_fixed_input *fi;
	size_t i, k, n;
	int unwritten;

	if (!o->fixed)
		return 0;
	n = alint_fixed_count(o->fixed);
	for (k = 0; k < n; k++) {
		i = (src->fixed_next + k) % n;
		fi = alint_fixed_get(o->fixed, i);
		if (fi->file && fi->text && strcmp(fi->file, name) == 0) {
			/* not written: linted again as it was */
			unwritten = fi->changed && !fi->error &&
				    o->fix_states && !o->fix_states[i].written;
			src->data = unwritten ? fi->original : fi->text;
			src->len = unwritten ? fi->original_len : fi->len;
			src->loaded = 1;
			src->fixed_next = i + 1;
			return 1;
		}
	}
	return 0;
}

/* Make src hold the contents of the input named name. */
static void load_source(const struct cli_output *o, struct source *src,
			const char *name)
{
	size_t i, next;

	if (src->name && name && strcmp(src->name, name) == 0)
		return;
	next = src->fixed_next;
	free(src->owned);
	memset(src, 0, sizeof(*src));
	src->fixed_next = next;
	src->name = name;
	if (!name)
		return;
	if (load_fixed(o, src, name))
		return;
	for (i = 0; o->inputs && i < o->inputs->n; i++) {
		if (o->inputs->v[i].buf &&
		    strcmp(o->inputs->v[i].name, name) == 0) {
			src->data = o->inputs->v[i].buf;
			src->len = o->inputs->v[i].len;
			src->loaded = 1;
			return;
		}
	}
	src->owned = read_source(name, o->max_size, &src->len);
	src->data = src->owned;
	src->loaded = src->owned != NULL;
}

/* Number of code points in bytes [s, s + n): continuation bytes skipped. */
static size_t code_points(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/*
 *    19 |   return p->colour;
 *       |             ^~~~~~
 */
static void print_snippet(const struct cli_output *o, const struct source *src,
			  const struct alint_diag *d)
{
	FILE *f = o->out;
	size_t off = d->start.offset, ls, le, end, i, n;
	char num[32];
	int width;

	if (!src->loaded || off > src->len || d->start.line == 0)
		return;
	ls = off;
	while (ls > 0 && src->data[ls - 1] != '\n')
		ls--;
	le = off;
	while (le < src->len && src->data[le] != '\n')
		le++;
	if (le > ls && src->data[le - 1] == '\r')
		le--;
	if (off > le)
		off = le;

	width = snprintf(num, sizeof(num), "%zu", d->start.line);
	if (width < 5)
		width = 5;
	/* no blank at the end of the line when the source line is empty */
	fprintf(f, "%*s |%s", width, num, le > ls ? " " : "");
	fwrite(src->data + ls, 1, le - ls, f);
	putc('\n', f);

	fprintf(f, "%*s | ", width, "");
	for (i = ls; i < off; i++) {
		if (src->data[i] == '\t')
			putc('\t', f);
		else if (((unsigned char)src->data[i] & 0xC0) != 0x80)
			putc(' ', f);
	}
	end = d->end.offset;
	if (end > le || d->end.line != d->start.line)
		end = le;
	n = end > off ? code_points(src->data + off, end - off) : 0;
	color_on(o, SGR_CARET);
	putc('^', f);
	for (i = 1; i < n; i++)
		putc('~', f);
	color_off(o);
	putc('\n', f);
}

void cli_print_text(const struct cli_output *o,
		    const struct alint_report *report)
{
	const struct alint_diag *d;
	const struct alint_related *r;
	struct source src;
	size_t i, j, n = alint_report_count(report);

	memset(&src, 0, sizeof(src));
	for (i = 0; i < n; i++) {
		d = alint_report_get(report, i);
		print_locus(o, d->file, d->start.line, d->start.column);
		color_on(o, sev_color(d->severity));
		fprintf(o->out, "%s:", alint_severity_name(d->severity));
		color_off(o);
		putc(' ', o->out);
		put_text(o->out, d->message);
		putc(' ', o->out);
		color_on(o, sev_color(d->severity));
		fprintf(o->out, "[%s]", d->rule_name);
		color_off(o);
		putc('\n', o->out);
		/* an input that could not be read has no source line */
		if (o->show_source && !(d->rule_id &&
					strcmp(d->rule_id, "AL0000") == 0)) {
			load_source(o, &src, d->file);
			print_snippet(o, &src, d);
		}
		for (j = 0; j < d->nrelated; j++) {
			r = &d->related[j];
			print_locus(o, r->file, r->start.line,
				    r->start.column);
			color_on(o, SGR_NOTE);
			fputs("note:", o->out);
			color_off(o);
			putc(' ', o->out);
			put_text(o->out, r->message);
			putc('\n', o->out);
		}
	}
	free(src.owned);
}

/* ---- summary --------------------------------------------------------- */

void cli_summary_count(struct cli_summary *sum,
		       const struct alint_report *report)
{
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report);

	sum->files += alint_report_inputs(report);
	sum->documents += alint_report_documents(report);
	sum->io_errors += alint_report_io_errors(report);
	for (i = 0; i < n; i++) {
		d = alint_report_get(report, i);
		switch (d->severity) {
		case ALINT_SEV_ERROR:
			sum->errors++;
			break;
		case ALINT_SEV_WARNING:
			sum->warnings++;
			break;
		case ALINT_SEV_INFO:
			sum->infos++;
			break;
		}
	}
}

static void count(FILE *f, int *first, size_t n, const char *one,
		  const char *many)
{
	if (n == 0)
		return;
	fprintf(f, "%s%zu %s", *first ? "" : ", ", n, n == 1 ? one : many);
	*first = 0;
}

void cli_print_summary(FILE *f, const struct cli_summary *sum)
{
	int first = 1;

	fflush(stdout);
	fputs(CLI_NAME ": ", f);
	if (sum->errors + sum->warnings + sum->infos == 0)
		fputs("no problems found", f);
	count(f, &first, sum->errors, "error", "errors");
	count(f, &first, sum->warnings, "warning", "warnings");
	count(f, &first, sum->infos, "info", "infos");
	fprintf(f, " in %zu file%s (%zu document%s)", sum->files,
		sum->files == 1 ? "" : "s", sum->documents,
		sum->documents == 1 ? "" : "s");
	if (sum->fixing && sum->fixes)
		fprintf(f, ", %zu fix%s applied", sum->fixes,
			sum->fixes == 1 ? "" : "es");
	else if (sum->fixing)
		fputs(", no fixes applied", f);
	if (sum->io_errors)
		fprintf(f, "; %zu input%s could not be read", sum->io_errors,
			sum->io_errors == 1 ? "" : "s");
	putc('\n', f);
}

/* ---- rules ----------------------------------------------------------- */

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

void cli_list_rules(FILE *f, const struct alint_ctx *ctx,
		    enum cli_format format)
{
	const struct alint_rule *rule;
	size_t i, n = alint_ctx_rule_count(ctx), w, idw = 0, namew = 0;
	const char *in = "    ";

	if (format == CLI_FORMAT_JSON) {
		fputs("[", f);
		for (i = 0; i < n; i++) {
			rule = alint_ctx_rule_get(ctx, i);
			fputs(i ? ",\n  {\n" : "\n  {\n", f);
			json_member(f, in, "id", alint_rule_id(rule), 0);
			json_member(f, in, "name", alint_rule_name(rule), 0);
			json_member(f, in, "severity", alint_severity_name(
					    alint_rule_severity(rule)), 0);
			json_member(f, in, "summary",
				    alint_rule_summary(rule), 0);
			fprintf(f, "%s\"enabled\": %s\n  }", in,
				alint_ctx_rule_enabled(ctx, rule) ?
				"true" : "false");
		}
		fputs(n ? "\n]\n" : "]\n", f);
		return;
	}
	for (i = 0; i < n; i++) {
		rule = alint_ctx_rule_get(ctx, i);
		w = strlen(alint_rule_id(rule));
		if (w > idw)
			idw = w;
		w = strlen(alint_rule_name(rule));
		if (w > namew)
			namew = w;
	}
	for (i = 0; i < n; i++) {
		rule = alint_ctx_rule_get(ctx, i);
		fprintf(f, "%-*s  %-7s  %-*s  %s\n", (int)idw,
			alint_rule_id(rule),
			alint_severity_name(alint_rule_severity(rule)),
			(int)namew, alint_rule_name(rule),
			str_or_empty(alint_rule_summary(rule)));
	}
}

/* Print text indented by four spaces, one line at a time. */
static void print_indented(FILE *f, const char *text)
{
	const char *nl;

	while (*text) {
		nl = strchr(text, '\n');
		if (!nl)
			nl = text + strlen(text);
		if (nl > text)
			fputs("    ", f);
		fwrite(text, 1, (size_t)(nl - text), f);
		putc('\n', f);
		text = *nl ? nl + 1 : nl;
	}
}

/*
 * Print the paragraphs of a rule's documentation, words wrapped at
 * WRAP_WIDTH bytes. Lines that start with a blank (examples) are kept as
 * they are.
 */
#define WRAP_WIDTH 76

static void print_wrapped(FILE *f, const char *text)
{
	const char *end, *line, *nl, *p, *w;
	size_t n = strlen(text), col, wl;

	while (n > 0 && text[n - 1] == '\n')
		n--;
	end = text + n;
	for (line = text;; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		if (*line == ' ' || *line == '\t') {
			fwrite(line, 1, (size_t)(nl - line), f);
		} else {
			col = 0;
			for (p = line; p < nl; p = w + wl) {
				w = p;
				while (w < nl && *w == ' ')
					w++;
				wl = 0;
				while (w + wl < nl && w[wl] != ' ')
					wl++;
				if (wl == 0)
					break;
				if (col > 0 && col + 1 + wl > WRAP_WIDTH) {
					putc('\n', f);
					col = 0;
				} else if (col > 0) {
					putc(' ', f);
					col++;
				}
				fwrite(w, 1, wl, f);
				col += wl;
			}
		}
		putc('\n', f);
		if (nl == end)
			break;
	}
}

void cli_explain_rule(FILE *f, const struct alint_ctx *ctx,
		      const struct alint_rule *rule, enum cli_format format)
{
	const char *doc = alint_rule_doc(rule);
	const char *bad = alint_rule_example_bad(rule);
	const char *good = alint_rule_example_good(rule);
	const char *sev = alint_severity_name(alint_rule_severity(rule));
	int enabled = alint_ctx_rule_enabled(ctx, rule);
	const char *in = "  ";

	if (format == CLI_FORMAT_JSON) {
		fputs("{\n", f);
		json_member(f, in, "id", alint_rule_id(rule), 0);
		json_member(f, in, "name", alint_rule_name(rule), 0);
		json_member(f, in, "severity", sev, 0);
		json_member(f, in, "summary", alint_rule_summary(rule), 0);
		fprintf(f, "%s\"enabled\": %s,\n", in,
			enabled ? "true" : "false");
		json_member(f, in, "doc", doc, 0);
		json_member(f, in, "example_bad", bad, 0);
		json_member(f, in, "example_good", good, 1);
		fputs("}\n", f);
		return;
	}
	fprintf(f, "%s: %s\n", alint_rule_id(rule), alint_rule_name(rule));
	fprintf(f, "Severity: %s\n", sev);
	fprintf(f, "Enabled: %s\n", enabled ? "yes" : "no");
	fprintf(f, "Summary: %s\n", str_or_empty(alint_rule_summary(rule)));
	if (doc && *doc) {
		putc('\n', f);
		print_wrapped(f, doc);
	}
	if (bad && *bad) {
		fputs("\nExample that triggers the rule:\n\n", f);
		print_indented(f, bad);
	}
	if (good && *good) {
		fputs("\nExample that passes:\n\n", f);
		print_indented(f, good);
	}
}
