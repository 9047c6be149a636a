/*
 * gen-rules-man.c - print ambient-lint-rules(7) from the rule table
 *
 * The page is generated from the metadata of every rule registered in a
 * default context (id, name, severity, kinds, summary, doc, examples) and
 * committed as man/ambient-lint-rules.7; tests/rules-man.sh regenerates it
 * and fails when the two differ. "make man-rules" rewrites the page.
 *
 * A doc is plain text: paragraphs separated by an empty line. It is
 * re-wrapped here, and every line is escaped for roff: backslashes, a
 * leading '.' or '\'' (a control line), and non-ASCII characters
 * (\[uXXXX], or <U+XXXX> for those that have no glyph).
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#define WRAP 72

/*
 * Code points that have no glyph (C1 controls, line and paragraph
 * separators, zero-width and format characters): shown as <U+XXXX>, as
 * groff has nothing to print for them.
 */
static bool invisible(unsigned int cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

/* Write n bytes of text escaped for roff, at the start of a line. */
static void put_escaped(const char *s, size_t n, FILE *out)
{
	size_t i;
	unsigned int cp;
	unsigned char c;
	int extra;

	if (n > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\\') {
			fputs("\\e", out);
			continue;
		}
		if (c < 0x80) {
			fputc(c, out);
			continue;
		}
		/* UTF-8 to a groff \[uXXXX] escape; invalid bytes dropped */
		if ((c & 0xE0) == 0xC0) {
			cp = c & 0x1F;
			extra = 1;
		} else if ((c & 0xF0) == 0xE0) {
			cp = c & 0x0F;
			extra = 2;
		} else if ((c & 0xF8) == 0xF0) {
			cp = c & 0x07;
			extra = 3;
		} else {
			continue;
		}
		for (; extra > 0 && i + 1 < n &&
		       ((unsigned char)s[i + 1] & 0xC0) == 0x80; extra--)
			cp = (cp << 6) | ((unsigned char)s[++i] & 0x3F);
		if (extra != 0)
			continue;
		if (invisible(cp))
			fprintf(out, "<U+%04X>", cp);
		else
			fprintf(out, "\\[u%04X]", cp);
	}
}

/*
 * One paragraph of filled text: the words of [s, s + n) re-wrapped at
 * WRAP columns, each output line escaped.
 */
static void put_paragraph(const char *s, size_t n, FILE *out)
{
	const char *end = s + n, *w, *line = NULL;
	size_t linelen = 0, wlen;
	char buf[4096];

	while (s < end) {
		while (s < end && (*s == ' ' || *s == '\n'))
			s++;
		if (s == end)
			break;
		for (w = s; w < end && *w != ' ' && *w != '\n'; w++)
			;
		wlen = (size_t)(w - s);
		if (line != NULL && (linelen + 1 + wlen > WRAP ||
				     linelen + 1 + wlen >= sizeof(buf))) {
			put_escaped(buf, linelen, out);
			fputc('\n', out);
			line = NULL;
		}
		if (line == NULL) {
			line = buf;
			linelen = 0;
		} else {
			buf[linelen++] = ' ';
		}
		if (wlen >= sizeof(buf) - linelen)
			wlen = sizeof(buf) - linelen - 1;
		memcpy(buf + linelen, s, wlen);
		linelen += wlen;
		s = w;
	}
	if (line != NULL) {
		put_escaped(buf, linelen, out);
		fputc('\n', out);
	}
}

/* Paragraphs separated by empty lines, each after a .PP. */
static void put_doc(const char *doc, FILE *out)
{
	const char *p = doc, *q;

	while (*p != '\0') {
		q = strstr(p, "\n\n");
		if (q == NULL)
			q = p + strlen(p);
		fputs(".PP\n", out);
		put_paragraph(p, (size_t)(q - p), out);
		p = q;
		while (*p == '\n')
			p++;
	}
}

/* A YAML example, verbatim in an indented .EX block. */
static void put_example(const char *title, const char *yaml, FILE *out)
{
	const char *p = yaml, *nl;

	fprintf(out, ".PP\n%s\n.RS 4\n.EX\n", title);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl == p)
			fputs("\\&", out);
		else
			put_escaped(p, (size_t)(nl - p), out);
		fputc('\n', out);
		p = *nl != '\0' ? nl + 1 : nl;
	}
	fputs(".EE\n.RE\n", out);
}

/* "Applies to: every kind." or the list of kinds, filled. */
static void put_kinds(const struct alint_rule *rule, FILE *out)
{
	char buf[2048];
	size_t i, used;
	int n;

	if (rule->kinds == NULL) {
		fputs("Applies to: every kind.\n", out);
		return;
	}
	used = (size_t)snprintf(buf, sizeof(buf), "Applies to:");
	for (i = 0; rule->kinds[i] != NULL && used < sizeof(buf); i++) {
		n = snprintf(buf + used, sizeof(buf) - used, "%s %s",
			     i == 0 ? "" : ",", rule->kinds[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (used + 1 < sizeof(buf)) {
		buf[used++] = '.';
		buf[used] = '\0';
	}
	put_paragraph(buf, strlen(buf), out);
}

static void put_rule(const struct alint_rule *rule, FILE *out)
{
	fprintf(out, ".SS \"%s %s\"\n", rule->id, rule->name);
	put_paragraph(rule->summary, strlen(rule->summary), out);
	fprintf(out, ".PP\nDefault severity: \\fB%s\\fR.\n",
		alint_severity_name(rule->severity));
	if (rule->flags & ALINT_RULE_OPT_IN)
		fputs("Off unless selected by id, name or prefix.\n", out);
	put_kinds(rule, out);
	put_doc(rule->doc, out);
	if (rule->example_bad != NULL)
		put_example("Reported:", rule->example_bad, out);
	if (rule->example_good != NULL)
		put_example("Not reported:", rule->example_good, out);
}

/*
 * Identifiers such as istio.io/dataplane-mode read badly when hyphenated:
 * groff's man macros take the hyphenation mode from the HY register.
 */
static const char header[] =
	".\\\" ambient-lint-rules.7 - generated by tests/gen-rules-man from\n"
	".\\\" the rule table. Do not edit: run \"make man-rules\".\n"
	".nr HY 0\n";

static const char description[] =
	".SH NAME\n"
	"ambient-lint-rules \\- the rules of ambient-lint\n"
	".SH DESCRIPTION\n"
	"Each rule of\n"
	".BR ambient-lint (1)\n"
	"and\n"
	".BR libambientlint (3)\n"
	"looks at one kind of problem in Istio and Kubernetes manifests on\n"
	"the way from Istio's sidecar mode to ambient mode.\n"
	"A rule has a stable id, AL and four digits, which is never reused;\n"
	"a kebab-case name; and a default severity, one of\n"
	".BR error ,\n"
	".B warning\n"
	"and\n"
	".BR info .\n"
	"Ids group the rules: AL0xxx are problems found while parsing,\n"
	"AL1xxx are Kubernetes-core rules, AL2xxx are Istio rules and AL9xxx\n"
	"are experimental.\n"
	".PP\n"
	"Rules are selected and ignored by id, by name, or by a prefix of\n"
	"either (AL2 selects every Istio rule); an ignored rule stays off\n"
	"even when it is selected.\n"
	"Every finding names its rule and points at the YAML node it is\n"
	"about; its message says what is wrong and what happens in ambient\n"
	"mode.\n"
	".PP\n"
	"The sections below are generated from the rules themselves, in\n"
	"order of id.\n"
	"Each gives the one-line summary, the default severity, the kinds of\n"
	"object the rule looks at, the reasons for the rule, and a manifest\n"
	"that it reports and one that it does not.\n"
	".SH RULES\n";

static const char see_also[] =
	".SH SEE ALSO\n"
	".BR ambient-lint (1),\n"
	".BR libambientlint (3)\n";

int main(void)
{
	struct alint_ctx *ctx = NULL;
	const struct alint_rule *rule;
	size_t i, n;
	int rc;

	rc = alint_ctx_new(&ctx, NULL);
	if (rc < 0) {
		fprintf(stderr, "gen-rules-man: %s\n", alint_strerror(rc));
		return 1;
	}
	fputs(header, stdout);
	printf(".TH AMBIENT-LINT-RULES 7 \"\" \"ambient-lint %s\" "
	       "\"ambient-lint\"\n", alint_version());
	fputs(description, stdout);
	n = alint_ctx_rule_count(ctx);
	for (i = 0; i < n; i++) {
		rule = alint_ctx_rule_get(ctx, i);
		if (rule != NULL)
			put_rule(rule, stdout);
	}
	fputs(see_also, stdout);
	alint_ctx_free(ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-rules-man");
		return 1;
	}
	return 0;
}
