/*
 * output.c - the text and JSON renderings of a report, and the rule lists
 *
 * The text format follows gcc: "file:line:col: severity: message [name]",
 * then the source line with a caret under the start of the span, then a
 * "note:" line per related location. The JSON format is one object,
 * version 1, documented in ambient-lint(1); its strings are always valid
 * UTF-8 (invalid bytes become U+FFFD). After --fix, the findings point into
 * the fixed texts, which the snippets are taken from, and the JSON object
 * gets a "fixes" member. The SARIF format is a SARIF 2.1.0 log for GitHub
 * code scanning (the rules, then the findings with their fixes as byte
 * ranges); the github format is one GitHub Actions workflow command
 * (::error, ::warning or ::notice) per finding.
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
#include <ambientlint/rule.h>	/* ALINT_RULE_BLOCKER, _WAYPOINT */

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

/* The characters of a JSON string, without the quotes. */
static void json_chars(FILE *f, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	while (i < n) {
		/* a run of printable ASCII that needs no escape, in one go */
		for (len = 0; i + len < n && s[i + len] >= 0x20 &&
		     s[i + len] < 0x7F && s[i + len] != '"' &&
		     s[i + len] != '\\'; len++)
			;
		if (len > 0) {
			fwrite(s + i, 1, len, f);
			i += len;
			continue;
		}
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
}

void cli_json_string(FILE *f, const char *str, size_t n)
{
	putc('"', f);
	json_chars(f, str, n);
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

/* An unsigned number, without printf's format parsing. */
static void put_uint(FILE *f, size_t v)
{
	char b[24];
	size_t i = sizeof(b);

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite(b + i, 1, sizeof(b) - i, f);
}

/* indent"key": */
static void json_key(FILE *f, const char *indent, const char *key)
{
	fputs(indent, f);
	putc('"', f);
	fputs(key, f);
	fputs("\": ", f);
}

static void json_member(FILE *f, const char *indent, const char *key,
			const char *value, int last)
{
	json_key(f, indent, key);
	json_str(f, value);
	fputs(last ? "\n" : ",\n", f);
}

static void json_num(FILE *f, const char *indent, const char *key,
		     size_t value, int last)
{
	json_key(f, indent, key);
	put_uint(f, value);
	fputs(last ? "\n" : ",\n", f);
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

static void json_diag(FILE *f, const struct alint_diag *d,
		      enum alint_severity sev)
{
	const char *in = "      ";
	const char *rin = "        ";

	fputs("    {\n", f);
	json_member(f, in, "file", d->file, 0);
	json_num(f, in, "line", d->start.line, 0);
	json_num(f, in, "column", d->start.column, 0);
	json_num(f, in, "end_line", d->end.line, 0);
	json_num(f, in, "end_column", d->end.column, 0);
	json_member(f, in, "severity", alint_severity_name(sev), 0);
	json_member(f, in, "rule", d->rule_id, 0);
	json_member(f, in, "name", d->rule_name, 0);
	json_member(f, in, "phase", alint_phase_name(d->phase), 0);
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

/* "namespaces": the readiness of each namespace with findings. */
static void json_namespaces(FILE *f, const struct cli_output *o,
			    const struct alint_report *report)
{
	struct cli_ns_ready *v = NULL;
	size_t i, j, n = 0;
	const char *in = "        ";

	if (cli_readiness(&v, &n, o, report) < 0)
		n = 0;
	fputs("    \"namespaces\": [", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n      {\n" : "\n      {\n", f);
		json_member(f, in, "namespace", v[i].name, 0);
		json_member(f, in, "verdict", cli_ns_verdict(&v[i]), 0);
		json_num(f, in, "blockers", v[i].blockers, 0);
		fprintf(f, "%s\"blocker_rules\": [", in);
		for (j = 0; j < v[i].nblocker_rules; j++) {
			if (j)
				fputs(", ", f);
			json_str(f, v[i].blocker_rules[j]);
		}
		fputs("],\n", f);
		json_num(f, in, "fixes", v[i].fixes, 0);
		json_bool(f, in, "needs_waypoint", v[i].waypoint, 0);
		json_num(f, in, "errors", v[i].errors, 0);
		json_num(f, in, "warnings", v[i].warnings, 0);
		json_num(f, in, "infos", v[i].infos, 1);
		fputs("      }", f);
	}
	fputs(n ? "\n    ]\n" : "]\n", f);
	cli_readiness_free(v, n);
}

void cli_print_json(const struct cli_output *o,
		    const struct alint_report *report,
		    const struct cli_summary *sum)
{
	FILE *f = o->out;
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report), shown = 0;
	const char *in = "    ";

	fputs("{\n  \"version\": 1,\n  \"diagnostics\": [", f);
	for (i = 0; i < n; i++) {
		if (o->hidden && o->hidden[i])
			continue;
		fputs(shown++ ? ",\n" : "\n", f);
		d = alint_report_get(report, i);
		json_diag(f, d, cli_severity(o, i, d));
	}
	fputs(shown ? "\n  ],\n" : "],\n", f);
	fputs("  \"summary\": {\n", f);
	json_num(f, in, "files", sum->files, 0);
	json_num(f, in, "documents", sum->documents, 0);
	json_num(f, in, "errors", sum->errors, 0);
	json_num(f, in, "warnings", sum->warnings, 0);
	json_num(f, in, "infos", sum->infos, 0);
	if (sum->baselining)
		json_num(f, in, "baselined", sum->baselined, 0);
	json_num(f, in, "io_errors", sum->io_errors, 0);
	if (sum->fixing)
		json_num(f, in, "fixes_applied", sum->fixes, 0);
	json_namespaces(f, o, report);
	if (o->fixed) {
		fputs("  },\n", f);
		json_fixes(o, f);
	} else {
		fputs("  }\n", f);
	}
	fputs("}\n", f);
}

/* ---- SARIF ----------------------------------------------------------- */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* Where the rules are documented: the helpUri of every rule. */
#define SARIF_RULES_URI PACKAGE_URL "/blob/main/man/ambient-lint-rules.7"
/* GitHub's limit on the descriptions of a rule, in characters. */
#define SARIF_DESC_MAX 1024
/* The key of our fingerprints in partialFingerprints. */
#define SARIF_FINGERPRINT "ambientLint/v1"

static const char *sarif_level(enum alint_severity sev)
{
	switch (sev) {
	case ALINT_SEV_ERROR:
		return "error";
	case ALINT_SEV_WARNING:
		return "warning";
	case ALINT_SEV_INFO:
		break;
	}
	return "note";
}

/* A relative file name without its leading "./" (which names no file). */
static const char *skip_dot_slash(const char *name)
{
	while (name[0] == '.' && name[1] == '/') {
		name += 2;
		while (*name == '/')
			name++;
	}
	return name;
}

/*
 * An artifactLocation: a relative name is a relative reference from
 * %SRCROOT%, an absolute one a file: URI; the bytes of the name other
 * than unreserved characters and '/' are percent-encoded.
 */
static void sarif_artifact(FILE *f, const char *file)
{
	const unsigned char *p;
	int absolute;

	if (!file)
		file = "<unknown>";
	absolute = file[0] == '/';
	p = (const unsigned char *)(absolute ? file : skip_dot_slash(file));
	fputs(absolute ? "{\"uri\": \"file://" : "{\"uri\": \"", f);
	for (; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			putc(*p, f);
		else
			fprintf(f, "%%%02X", (unsigned int)*p);
	}
	fputs(absolute ? "\"}" : "\", \"uriBaseId\": \"%SRCROOT%\"}", f);
}

/* A physicalLocation; no region when the position is unknown (line 0). */
static void sarif_physical(FILE *f, const char *file,
			   const struct alint_pos *start,
			   const struct alint_pos *end)
{
	size_t sc = start->column ? start->column : 1;
	size_t el = end->line, ec = end->column ? end->column : 1;

	fputs("{\"artifactLocation\": ", f);
	sarif_artifact(f, file);
	if (start->line > 0) {
		/* an end before the start makes an empty region */
		if (el < start->line || (el == start->line && ec < sc)) {
			el = start->line;
			ec = sc;
		}
		fprintf(f, ", \"region\": {\"startLine\": %zu, "
			"\"startColumn\": %zu, \"endLine\": %zu, "
			"\"endColumn\": %zu}", start->line, sc, el, ec);
	}
	putc('}', f);
}

/* A message object: {"text": ...}. */
static void sarif_message(FILE *f, const char *text)
{
	fputs("{\"text\": ", f);
	cli_json_string(f, text ? text : "", text ? strlen(text) : 0);
	putc('}', f);
}

/*
 * The characters of text as Markdown: the characters that could start
 * emphasis, code, links, HTML or headings are escaped with a backslash;
 * lines that start with a blank (examples) are kept as they are.
 */
static void json_markdown(FILE *f, const char *text)
{
	const char *p;
	int verbatim = 0, bol = 1;
	char esc[2];

	esc[0] = '\\';
	for (p = text; *p; p++) {
		if (bol)
			verbatim = *p == ' ' || *p == '\t';
		bol = *p == '\n';
		if (!verbatim && strchr("\\`*_[]<>#|~&", *p)) {
			esc[1] = *p;
			json_chars(f, esc, 2);
		} else {
			json_chars(f, p, 1);
		}
	}
}

/* The lines of text indented by four spaces, without a last newline. */
static void json_indented(FILE *f, const char *text)
{
	const char *nl;

	while (*text) {
		nl = strchr(text, '\n');
		if (!nl)
			nl = text + strlen(text);
		if (nl > text)
			fputs("    ", f);
		json_chars(f, text, (size_t)(nl - text));
		if (!*nl || !nl[1])
			break;
		fputs("\\n", f);
		text = nl + 1;
	}
}

/* An example as a fenced YAML block, newline-terminated. */
static void json_fenced(FILE *f, const char *title, const char *yaml)
{
	size_t n = strlen(yaml);

	fputs("\\n\\n", f);
	json_chars(f, title, strlen(title));
	fputs("\\n\\n```yaml\\n", f);
	json_chars(f, yaml, n);
	fputs(n && yaml[n - 1] == '\n' ? "```" : "\\n```", f);
}

/*
 * fullDescription: the first paragraph of the documentation, cut at a
 * blank to at most SARIF_DESC_MAX characters.
 */
static void sarif_full_description(FILE *f, const char *doc)
{
	const char *par = strstr(doc, "\n\n");
	size_t n = par ? (size_t)(par - doc) : strlen(doc), cut;

	fputs("{\"text\": \"", f);
	if (n > SARIF_DESC_MAX) {
		cut = SARIF_DESC_MAX - 3;
		while (cut > 0 && doc[cut] != ' ')
			cut--;
		/* no blank: cut between code points */
		if (cut == 0)
			cut = SARIF_DESC_MAX - 3;
		while (cut > 0 && ((unsigned char)doc[cut] & 0xC0) == 0x80)
			cut--;
		json_chars(f, doc, cut);
		fputs("...", f);
	} else {
		json_chars(f, doc, n);
	}
	fputs("\"}", f);
}

/* The tags of a rule, from the family of its id (style.md). */
static const char *sarif_family(const char *id)
{
	if (strncmp(id, "AL", 2) != 0)
		return NULL;
	switch (id[2]) {
	case '0':
		return "yaml";
	case '1':
		return "kubernetes";
	case '2':
		return "istio\", \"ambient-migration";
	case '9':
		return "experimental";
	default:
		break;
	}
	return NULL;
}

static void sarif_rule(FILE *f, const struct alint_rule *rule)
{
	const char *id = alint_rule_id(rule);
	const char *name = alint_rule_name(rule);
	const char *summary = alint_rule_summary(rule);
	const char *doc = alint_rule_doc(rule);
	const char *bad = alint_rule_example_bad(rule);
	const char *good = alint_rule_example_good(rule);
	const char *family = sarif_family(id);
	const char *in = "              ";

	/* GitHub rejects empty descriptions */
	if (!summary || !*summary)
		summary = name;
	if (!doc || !*doc)
		doc = summary;
	fputs("            {\n", f);
	json_member(f, in, "id", id, 0);
	json_member(f, in, "name", name, 0);
	fprintf(f, "%s\"shortDescription\": ", in);
	sarif_message(f, summary);
	fprintf(f, ",\n%s\"fullDescription\": ", in);
	sarif_full_description(f, doc);
	fprintf(f, ",\n%s\"help\": {\n%s  \"text\": \"", in, in);
	json_chars(f, doc, strlen(doc));
	if (bad && *bad) {
		fputs("\\n\\nExample that triggers the rule:\\n\\n", f);
		json_indented(f, bad);
	}
	if (good && *good) {
		fputs("\\n\\nExample that passes:\\n\\n", f);
		json_indented(f, good);
	}
	fprintf(f, "\",\n%s  \"markdown\": \"", in);
	json_markdown(f, doc);
	if (bad && *bad)
		json_fenced(f, "Example that triggers the rule:", bad);
	if (good && *good)
		json_fenced(f, "Example that passes:", good);
	fprintf(f, "\"\n%s},\n", in);
	json_member(f, in, "helpUri", SARIF_RULES_URI, 0);
	fprintf(f, "%s\"defaultConfiguration\": {\"level\": \"%s\"},\n",
		in, sarif_level(alint_rule_severity(rule)));
	fprintf(f, "%s\"properties\": {\"tags\": [\"ambient-lint\"%s%s%s]}\n",
		in, family ? ", \"" : "", family ? family : "",
		family ? "\"" : "");
	fputs("            }", f);
}

/* FNV-1a, 64 bits, of s and its terminating NUL; NULL hashes as 0xFF. */
static unsigned long long fnv1a(unsigned long long h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return (h ^ 0xFFu) * 0x100000001B3ull;
	do {
		h = (h ^ *p) * 0x100000001B3ull;
	} while (*p++);
	return h;
}

/*
 * The fingerprint of a finding: a hash of what it is about (rule, file,
 * resource and YAML path), not where it is, so that it survives edits
 * elsewhere in the file. Findings that hash the same are told apart by
 * their rank, as in GitHub's primaryLocationLineHash.
 */
struct fingerprint {
	unsigned long long hash;
	size_t idx;		/* in the report */
	size_t rank;		/* 1 for the first finding with the hash */
};

static int fingerprint_cmp(const void *a, const void *b)
{
	const struct fingerprint *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int fingerprint_idx_cmp(const void *a, const void *b)
{
	const struct fingerprint *x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* @return an array of n fingerprints in report order, or NULL (ENOMEM) */
static struct fingerprint *fingerprints(const struct alint_report *report,
					size_t n)
{
	struct fingerprint *fp;
	const struct alint_diag *d;
	unsigned long long h;
	size_t i;

	fp = calloc(n ? n : 1, sizeof(*fp));
	if (!fp)
		return NULL;
	for (i = 0; i < n; i++) {
		d = alint_report_get(report, i);
		h = 0xCBF29CE484222325ull;
		h = fnv1a(h, d->rule_id);
		h = fnv1a(h, d->file ? skip_dot_slash(d->file) : NULL);
		h = fnv1a(h, d->api_version);
		h = fnv1a(h, d->kind);
		h = fnv1a(h, d->namespace_name);
		h = fnv1a(h, d->name);
		h = fnv1a(h, d->path);
		fp[i].hash = h;
		fp[i].idx = i;
	}
	qsort(fp, n, sizeof(*fp), fingerprint_cmp);
	for (i = 0; i < n; i++)
		fp[i].rank = i > 0 && fp[i - 1].hash == fp[i].hash ?
			fp[i - 1].rank + 1 : 1;
	qsort(fp, n, sizeof(*fp), fingerprint_idx_cmp);
	return fp;
}

/*
 * Index of the rule with that id among the enabled rules of ctx (the
 * rules of the run), or -1.
 */
/*
 * The rules of the run: those enabled in ctx, and those that reported
 * (a configuration file can turn rules on for some inputs). idx[i] is
 * the ruleIndex of rule i of ctx, or -1; NULL when out of memory.
 */
static long *run_rules(const struct alint_ctx *ctx,
		       const struct alint_report *report)
{
	const struct alint_rule *rule;
	size_t i, n = alint_ctx_rule_count(ctx);
	size_t nd = alint_report_count(report);
	long *idx = calloc(n + 1, sizeof(*idx)), next = 0;
	const char *last = NULL;

	if (!idx)
		return NULL;
	for (i = 0; i < n; i++)
		idx[i] = alint_ctx_rule_enabled(ctx,
					       alint_ctx_rule_get(ctx, i));
	for (i = 0; i < nd; i++) {
		const char *id = alint_report_get(report, i)->rule_id;
		size_t j;

		if (!id || (last && strcmp(last, id) == 0))
			continue;
		last = id;
		for (j = 0; j < n; j++) {
			rule = alint_ctx_rule_get(ctx, j);
			if (strcmp(alint_rule_id(rule), id) == 0)
				idx[j] = 1;
		}
	}
	for (i = 0; i < n; i++)
		idx[i] = idx[i] ? next++ : -1;
	return idx;
}

static long rule_index(const struct alint_ctx *ctx, const long *idx,
		       const char *id)
{
	size_t i, n = alint_ctx_rule_count(ctx);

	for (i = 0; idx && id && i < n; i++)
		if (strcmp(alint_rule_id(alint_ctx_rule_get(ctx, i)), id) == 0)
			return idx[i];
	return -1;
}

static void sarif_fix(FILE *f, const struct alint_diag *d)
{
	const struct alint_fix *fix = d->fix;
	const struct alint_edit *e;
	size_t i;

	fputs(",\n          \"fixes\": [\n            {\n", f);
	if (fix->description) {
		fputs("              \"description\": ", f);
		sarif_message(f, fix->description);
		fputs(",\n", f);
	}
	fputs("              \"artifactChanges\": [\n"
	      "                {\n"
	      "                  \"artifactLocation\": ", f);
	sarif_artifact(f, d->file);
	fputs(",\n                  \"replacements\": [", f);
	for (i = 0; i < fix->nedits; i++) {
		e = &fix->edits[i];
		fprintf(f, "%s\n                    {\"deletedRegion\": "
			"{\"byteOffset\": %zu, \"byteLength\": %zu}",
			i ? "," : "", e->start,
			e->end > e->start ? e->end - e->start : 0);
		/* no insertedContent: a deletion */
		if (e->text && e->text_len) {
			fputs(", \"insertedContent\": {\"text\": ", f);
			cli_json_string(f, e->text, e->text_len);
			putc('}', f);
		}
		putc('}', f);
	}
	fputs("\n                  ]\n"
	      "                }\n"
	      "              ],\n", f);
	fprintf(f, "              \"properties\": {\"safety\": \"%s\"}\n",
		safety_name(fix->safety));
	fputs("            }\n          ]", f);
}

static void sarif_result(FILE *f, const struct alint_ctx *ctx,
			 const long *rules,
			 const struct alint_diag *d, enum alint_severity sev,
			 const struct fingerprint *fp)
{
	const char *in = "          ";
	size_t j;
	long idx = rule_index(ctx, rules, d->rule_id);

	fputs("        {\n", f);
	json_member(f, in, "ruleId", d->rule_id ? d->rule_id : "", 0);
	if (idx >= 0)
		fprintf(f, "%s\"ruleIndex\": %ld,\n", in, idx);
	json_member(f, in, "level", sarif_level(sev), 0);
	fprintf(f, "%s\"message\": ", in);
	sarif_message(f, d->message);
	fprintf(f, ",\n%s\"locations\": [\n%s  {\"physicalLocation\": ",
		in, in);
	sarif_physical(f, d->file, &d->start, &d->end);
	fprintf(f, "}\n%s]", in);
	if (d->nrelated) {
		fprintf(f, ",\n%s\"relatedLocations\": [", in);
		for (j = 0; j < d->nrelated; j++) {
			fprintf(f, "%s\n%s  {\"id\": %zu, "
				"\"physicalLocation\": ", j ? "," : "", in,
				j + 1);
			sarif_physical(f, d->related[j].file,
				       &d->related[j].start,
				       &d->related[j].end);
			fputs(", \"message\": ", f);
			sarif_message(f, d->related[j].message);
			putc('}', f);
		}
		fprintf(f, "\n%s]", in);
	}
	if (fp)
		fprintf(f, ",\n%s\"partialFingerprints\": {\""
			SARIF_FINGERPRINT "\": \"%016llx:%zu\"}", in,
			fp->hash, fp->rank);
	fprintf(f, ",\n%s\"properties\": {\"phase\": ", in);
	json_str(f, alint_phase_name(d->phase));
	fputs(", \"path\": ", f);
	json_str(f, d->path);
	fprintf(f, ", \"document\": %zu, \"resource\": {\"apiVersion\": ",
		d->document);
	json_str(f, d->api_version);
	fputs(", \"kind\": ", f);
	json_str(f, d->kind);
	fputs(", \"namespace\": ", f);
	json_str(f, d->namespace_name);
	fputs(", \"name\": ", f);
	json_str(f, d->name);
	fputs("}}", f);
	if (d->fix && d->fix->nedits)
		sarif_fix(f, d);
	fputs("\n        }", f);
}

void cli_print_sarif(const struct cli_output *o,
		     const struct alint_report *report,
		     const struct alint_ctx *ctx, int success)
{
	FILE *f = o->out;
	struct fingerprint *fp;
	const struct alint_rule *rule;
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report);
	size_t nrules = alint_ctx_rule_count(ctx), shown = 0;
	const char *in = "          ";
	long *idx;

	fp = fingerprints(report, n);
	idx = run_rules(ctx, report);
	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
	      "  \"version\": \"2.1.0\",\n"
	      "  \"runs\": [\n    {\n      \"tool\": {\n"
	      "        \"driver\": {\n", f);
	json_member(f, in, "name", CLI_NAME, 0);
	json_member(f, in, "version", PACKAGE_VERSION, 0);
	json_member(f, in, "semanticVersion", PACKAGE_VERSION, 0);
	json_member(f, in, "informationUri", PACKAGE_URL, 0);
	fprintf(f, "%s\"rules\": [", in);
	/* the rules of the run: ruleIndex counts them */
	for (i = 0; i < nrules; i++) {
		rule = alint_ctx_rule_get(ctx, i);
		if (idx ? idx[i] < 0 : !alint_ctx_rule_enabled(ctx, rule))
			continue;
		fputs(shown++ ? ",\n" : "\n", f);
		sarif_rule(f, rule);
	}
	fputs(shown ? "\n          ]\n" : "]\n", f);
	fputs("        }\n      },\n", f);
	fprintf(f, "      \"invocations\": [{\"executionSuccessful\": %s}],\n",
		success ? "true" : "false");
	fputs("      \"columnKind\": \"unicodeCodePoints\",\n", f);
	/* GitHub rejects a run without "results", even an empty one */
	fputs("      \"results\": [", f);
	shown = 0;
	for (i = 0; i < n; i++) {
		if (o->hidden && o->hidden[i])
			continue;
		fputs(shown++ ? ",\n" : "\n", f);
		d = alint_report_get(report, i);
		sarif_result(f, ctx, idx, d, cli_severity(o, i, d),
			     fp ? &fp[i] : NULL);
	}
	fputs(shown ? "\n      ]\n" : "]\n", f);
	fputs("    }\n  ]\n}\n", f);
	free(fp);
	free(idx);
}

/* ---- GitHub Actions ---------------------------------------------------- */

/*
 * Write s escaped as the data of a workflow command (%, CR and LF), or
 * as a property value (':' and ',' too), as actions/toolkit does. Other
 * control characters, which could drive a terminal, are shown as \xNN.
 */
static void github_escape(FILE *f, const char *s, int property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", f);
			break;
		case '\r':
			fputs("%0D", f);
			break;
		case '\n':
			fputs("%0A", f);
			break;
		case ':':
			fputs(property ? "%3A" : ":", f);
			break;
		case ',':
			fputs(property ? "%2C" : ",", f);
			break;
		default:
			/* other control characters as in the text format */
			if ((*(const unsigned char *)s < 0x20 && *s != '\t') ||
			    *s == 0x7F)
				fprintf(f, "\\x%02x", (unsigned int)*s);
			else
				putc(*s, f);
			break;
		}
	}
}

static const char *github_command(enum alint_severity sev)
{
	switch (sev) {
	case ALINT_SEV_ERROR:
		return "error";
	case ALINT_SEV_WARNING:
		return "warning";
	case ALINT_SEV_INFO:
		break;
	}
	return "notice";
}

/*
 * ::warning file=F,line=L,col=C,endLine=EL,endColumn=EC,title=NAME (ID)::
 * MESSAGE, then a "FILE:LINE:COL: note: MESSAGE" line per related
 * location; one command per finding.
 */
void cli_print_github(const struct cli_output *o,
		      const struct alint_report *report)
{
	FILE *f = o->out;
	const struct alint_diag *d;
	const struct alint_related *r;
	size_t i, j, n = alint_report_count(report);
	const char *sep;

	for (i = 0; i < n; i++) {
		if (o->hidden && o->hidden[i])
			continue;
		d = alint_report_get(report, i);
		fprintf(f, "::%s ", github_command(cli_severity(o, i, d)));
		sep = "";
		if (d->file) {
			fputs("file=", f);
			github_escape(f, skip_dot_slash(d->file), 1);
			sep = ",";
		}
		if (d->start.line > 0) {
			fprintf(f, "%sline=%zu,col=%zu", sep, d->start.line,
				d->start.column ? d->start.column : 1);
			if (d->end.line >= d->start.line && d->end.column)
				fprintf(f, ",endLine=%zu,endColumn=%zu",
					d->end.line, d->end.column);
			sep = ",";
		}
		fprintf(f, "%stitle=", sep);
		github_escape(f, d->rule_name, 1);
		fputs(" (", f);
		github_escape(f, d->rule_id, 1);
		if (d->phase != ALINT_PHASE_NONE) {
			fputs(", ", f);
			github_escape(f, alint_phase_name(d->phase), 1);
		}
		fputs(")::", f);
		github_escape(f, d->message, 0);
		for (j = 0; j < d->nrelated; j++) {
			r = &d->related[j];
			fputs("%0A", f);
			github_escape(f, r->file ? r->file : "<unknown>", 0);
			fprintf(f, ":%zu:%zu: note: ", r->start.line,
				r->start.column);
			github_escape(f, r->message, 0);
		}
		putc('\n', f);
	}
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

/* Longest source line shown whole, and how much is shown before a span. */
#define SNIPPET_MAX 240
#define SNIPPET_BEFORE 80

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
	int width, cut_ls, cut_le;

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

	/*
	 * A long line (minified JSON, a huge scalar) is shown as a window
	 * around the start of the span, cut at code point boundaries, with
	 * "..." where it was cut.
	 */
	cut_ls = cut_le = 0;
	if (le - ls > SNIPPET_MAX) {
		if (off - ls > SNIPPET_BEFORE) {
			ls = off - SNIPPET_BEFORE;
			while (ls < off &&
			       ((unsigned char)src->data[ls] & 0xC0) == 0x80)
				ls++;
			cut_ls = 1;
		}
		if (le - ls > SNIPPET_MAX) {
			le = ls + SNIPPET_MAX;
			while (le > off &&
			       ((unsigned char)src->data[le] & 0xC0) == 0x80)
				le--;
			cut_le = 1;
		}
	}

	width = snprintf(num, sizeof(num), "%zu", d->start.line);
	if (width < 5)
		width = 5;
	/* no blank at the end of the line when the source line is empty */
	fprintf(f, "%*s |%s%s", width, num, le > ls ? " " : "",
		cut_ls ? "..." : "");
	fwrite(src->data + ls, 1, le - ls, f);
	fputs(cut_le ? "...\n" : "\n", f);

	fprintf(f, "%*s | %s", width, "", cut_ls ? "   " : "");
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

/* ---- readiness ------------------------------------------------------- */

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *cli_ns_verdict(const struct cli_ns_ready *r)
{
	if (r->blockers)
		return "blocked";
	if (r->errors || r->warnings)
		return "needs work";
	return "ready";
}

void cli_readiness_free(struct cli_ns_ready *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].blocker_rules);
	free(v);
}

/*
 * The row of the findings about the mesh or the cluster: not a valid
 * namespace name, so it cannot be mistaken for one, and sorted first.
 */
#define CLI_CLUSTER_ROW "(cluster)"

/*
 * Whether a finding is about the mesh or the cluster rather than one
 * namespace: install-phase findings (the control plane's configuration
 * and the mesh's topology), install configurations (an IstioOperator,
 * Helm values: a document without a kind) and cluster-scoped objects
 * (the library gives them no namespace). The readiness table puts them
 * in the row CLI_CLUSTER_ROW.
 */
static int cluster_wide(const struct alint_diag *d)
{
	return d->phase == ALINT_PHASE_INSTALL || !d->kind || !d->kind[0] ||
	       strcmp(d->kind, "IstioOperator") == 0 ||
	       !d->namespace_name || !d->namespace_name[0];
}

/*
 * A blocker is a finding with the flag ALINT_RULE_BLOCKER, whatever
 * severity it is shown with: the library withholds the fixes of its
 * namespace all the same. A rule whose findings block in some cases
 * only (AL5003, by the target Istio version) clears the flag on the
 * others.
 */
static int is_blocker(const struct alint_diag *d)
{
	return (d->rule_flags & ALINT_RULE_BLOCKER) != 0;
}

/* Add rule name to the sorted-later unique list of r. */
static void ready_blocker_rule(struct cli_ns_ready *r, const char *name)
{
	size_t j;

	for (j = 0; j < r->nblocker_rules; j++)
		if (strcmp(r->blocker_rules[j], name) == 0)
			return;
	r->blocker_rules[r->nblocker_rules++] = name;
}

/* A finding with a namespace, for grouping findings by namespace. */
struct ns_item {
	const char *name;
	size_t i;		/* report index */
};

static int cmp_ns_item(const void *a, const void *b)
{
	const struct ns_item *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Add the finding d (report index i) to the namespace r. In the row
 * CLI_CLUSTER_ROW only the install phase's blockers block (they hold
 * back every namespace): a cluster-scoped object or an install
 * configuration of another phase (a ClusterSPIFFEID, AL5002) blocks the
 * namespaces of its workloads, which their own findings show.
 */
static void ready_add(struct cli_ns_ready *r, const struct cli_output *o,
		      size_t i, const struct alint_diag *d, int cluster)
{
	enum alint_severity sev = cli_severity(o, i, d);

	if (sev == ALINT_SEV_ERROR)
		r->errors++;
	else if (sev == ALINT_SEV_WARNING)
		r->warnings++;
	else
		r->infos++;
	if (d->fix && d->fix->nedits && d->fix->safety != ALINT_FIX_DISPLAY)
		r->fixes++;
	if (d->rule_flags & ALINT_RULE_WAYPOINT)
		r->waypoint = 1;
	if (!is_blocker(d) ||
	    (cluster && d->phase != ALINT_PHASE_INSTALL))
		return;
	r->blockers++;
	ready_blocker_rule(r, d->rule_name);
}

/*
 * The findings grouped by namespace: sorted (name, index) pairs, so that
 * the cost stays n log n however many namespaces there are. Findings
 * about the mesh or the cluster (cluster_wide) make the row
 * CLI_CLUSTER_ROW; its install-phase blockers (a topology that ambient
 * mode does not support) hold back every namespace, and count in every
 * other row too.
 */
int cli_readiness(struct cli_ns_ready **out, size_t *nout,
		  const struct cli_output *o, const struct alint_report *report)
{
	const struct alint_diag *d;
	struct cli_ns_ready *v = NULL, *r;
	struct ns_item *items;
	const char **mesh_rules = NULL;
	size_t i, j, k, n = 0, m = 0, count = alint_report_count(report);
	size_t nmesh = 0, nmesh_rules = 0, t;
	int c;

	*out = NULL;
	*nout = 0;
	items = count ? malloc(count * sizeof(*items)) : NULL;
	mesh_rules = count ? calloc(count, sizeof(*mesh_rules)) : NULL;
	if (count && (!items || !mesh_rules)) {
		free(items);
		free(mesh_rules);
		return -1;
	}
	for (i = 0; i < count; i++) {
		if (o->hidden && o->hidden[i])
			continue;
		d = alint_report_get(report, i);
		/* about no resource: a parse or I/O error */
		if ((!d->namespace_name || !d->namespace_name[0]) &&
		    (!d->kind || !d->kind[0]))
			continue;
		items[m].name = cluster_wide(d) ? CLI_CLUSTER_ROW :
			d->namespace_name;
		items[m++].i = i;
		if (d->phase != ALINT_PHASE_INSTALL || !is_blocker(d))
			continue;
		nmesh++;
		for (j = 0; j < nmesh_rules; j++)
			if (strcmp(mesh_rules[j], d->rule_name) == 0)
				break;
		if (j == nmesh_rules)
			mesh_rules[nmesh_rules++] = d->rule_name;
	}
	if (m > 1)
		qsort(items, m, sizeof(*items), cmp_ns_item);
	/* at most one row per finding */
	v = m ? calloc(m, sizeof(*v)) : NULL;
	if (m && !v) {
		free(items);
		free(mesh_rules);
		return -1;
	}
	for (i = 0, k = 0; i < m; i = j, k++) {
		for (j = i + 1; j < m; j++)
			if (strcmp(items[j].name, items[i].name) != 0)
				break;
		r = &v[k];
		r->name = items[i].name;
		/* at most one blocker rule per finding, and the mesh's */
		r->blocker_rules = calloc(j - i + nmesh_rules,
					  sizeof(char *));
		if (!r->blocker_rules) {
			cli_readiness_free(v, k);
			free(items);
			free(mesh_rules);
			return -1;
		}
		c = strcmp(r->name, CLI_CLUSTER_ROW) == 0;
		for (; i < j; i++)
			ready_add(r, o, items[i].i,
				  alint_report_get(report, items[i].i), c);
		if (c)
			continue;
		r->blockers += nmesh;
		for (t = 0; t < nmesh_rules; t++)
			ready_blocker_rule(r, mesh_rules[t]);
	}
	free(items);
	free(mesh_rules);
	n = k;
	for (i = 0; i < n; i++)
		qsort(v[i].blocker_rules, v[i].nblocker_rules,
		      sizeof(char *), cmp_cstr);
	if (!n) {
		free(v);
		v = NULL;
	}
	*out = v;
	*nout = n;
	return 0;
}

/*
 * The readiness table, after the findings, when some have a namespace:
 *
 *   readiness by namespace:
 *     NAMESPACE  VERDICT     BLOCKERS  FIXES  WAYPOINT
 *     orders     needs work         0      2  no
 *     payments   blocked            1      0  yes       blocked by envoy-filter
 */
/* The columns put_text() takes for s: code points, \xNN for controls. */
static size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			w += 4;
		else if ((*p & 0xC0) != 0x80)
			w++;
	}
	return w;
}

static void print_readiness(const struct cli_output *o,
			    const struct alint_report *report)
{
	struct cli_ns_ready *v = NULL;
	size_t i, j, n = 0, w = strlen("NAMESPACE"), l;
	FILE *f = o->out;

	if (cli_readiness(&v, &n, o, report) < 0 || n == 0)
		return;
	for (i = 0; i < n; i++) {
		l = text_width(v[i].name);
		if (l > w)
			w = l;
	}
	fputs("\nreadiness by namespace:\n", f);
	fprintf(f, "  %-*s  %-10s  %8s  %5s  %s\n", (int)w, "NAMESPACE",
		"VERDICT", "BLOCKERS", "FIXES", "WAYPOINT");
	for (i = 0; i < n; i++) {
		fputs("  ", f);
		put_text(f, v[i].name);
		fprintf(f, "%*s  %-10s  %8zu  %5zu  %s",
			(int)(w - text_width(v[i].name)), "",
			cli_ns_verdict(&v[i]), v[i].blockers, v[i].fixes,
			v[i].nblocker_rules ? (v[i].waypoint ? "yes     " :
					       "no      ") :
			v[i].waypoint ? "yes" : "no");
		for (j = 0; j < v[i].nblocker_rules; j++)
			fprintf(f, "%s%s", j ? ", " : "  blocked by ",
				v[i].blocker_rules[j]);
		putc('\n', f);
	}
	cli_readiness_free(v, n);
}

/* For --group-by-phase: by phase, then in report order. */
static const struct alint_report *sort_report;

static int cmp_phase(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	enum alint_phase px = alint_report_get(sort_report, x)->phase;
	enum alint_phase py = alint_report_get(sort_report, y)->phase;

	if (px != py)
		return px < py ? -1 : 1;
	return x < y ? -1 : x > y;
}

void cli_print_text(const struct cli_output *o,
		    const struct alint_report *report)
{
	const struct alint_diag *d;
	const struct alint_related *r;
	struct source src;
	enum alint_severity sev;
	size_t i, j, k, n = alint_report_count(report);
	size_t *order = NULL;

	memset(&src, 0, sizeof(src));
	/* the order is the report's unless grouped (and memory allows) */
	if (o->group_by_phase && n > 1)
		order = malloc(n * sizeof(*order));
	if (order) {
		for (k = 0; k < n; k++)
			order[k] = k;
		sort_report = report;
		qsort(order, n, sizeof(*order), cmp_phase);
		sort_report = NULL;
	}
	for (k = 0; k < n; k++) {
		i = order ? order[k] : k;
		if (o->hidden && o->hidden[i])
			continue;
		d = alint_report_get(report, i);
		print_locus(o, d->file, d->start.line, d->start.column);
		sev = cli_severity(o, i, d);
		color_on(o, sev_color(sev));
		fprintf(o->out, "%s:", alint_severity_name(sev));
		color_off(o);
		putc(' ', o->out);
		put_text(o->out, d->message);
		putc(' ', o->out);
		/* the rule name stays the last bracketed word, for editors */
		if (d->phase != ALINT_PHASE_NONE)
			fprintf(o->out, "[%s] ", alint_phase_name(d->phase));
		color_on(o, sev_color(sev));
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
	free(order);
	if (o->readiness)
		print_readiness(o, report);
}

/* ---- summary --------------------------------------------------------- */

void cli_summary_count(struct cli_summary *sum,
		       const struct alint_report *report,
		       const unsigned char *hidden,
		       const enum alint_severity *severity)
{
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report);

	sum->files += alint_report_inputs(report);
	sum->documents += alint_report_documents(report);
	sum->io_errors += alint_report_io_errors(report);
	for (i = 0; i < n; i++) {
		if (hidden && hidden[i])
			continue;
		d = alint_report_get(report, i);
		switch (severity ? severity[i] : d->severity) {
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
	if (sum->baselining)
		fprintf(f, ", %zu baselined", sum->baselined);
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
