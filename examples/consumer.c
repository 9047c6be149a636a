/*
 * consumer.c - a small program that uses libambientlint through its
 * public header only: it reads one file (or standard input), lints it
 * with alint_lint_buffer() and prints each finding as
 * "file:line:col: severity: message [rule-name]".
 *
 * Build against an installed library:
 *	cc -o consumer consumer.c $(pkg-config --cflags --libs libambientlint)
 *
 * Exit status: 0 no finding, 1 findings, 2 error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>

/* Read all of fp into a malloc'ed buffer; NULL on failure. */
static char *
read_all(FILE *fp, size_t *lenp)
{
	char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;

	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			nbuf = realloc(buf, cap);
			if (nbuf == NULL) {
				free(buf);
				return NULL;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	*lenp = len;
	return buf;
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "-";
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	FILE *fp;
	char *buf;
	size_t len, i, n;
	int error, status = 2;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [FILE]\n", argv[0]);
		return 2;
	}
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		perror(path);
		return 2;
	}
	buf = read_all(fp, &len);
	if (fp != stdin)
		fclose(fp);
	if (buf == NULL) {
		fprintf(stderr, "%s: cannot read\n", path);
		return 2;
	}

	error = alint_ctx_new(&ctx, NULL);
	if (error < 0) {
		fprintf(stderr, "%s\n", alint_strerror(error));
		goto out;
	}
	error = alint_lint_buffer(&rep, ctx, name, buf, len);
	if (error < 0) {
		fprintf(stderr, "%s\n", alint_ctx_errmsg(ctx));
		goto out;
	}
	n = alint_report_count(rep);
	for (i = 0; i < n; i++) {
		d = alint_report_get(rep, i);
		printf("%s:%zu:%zu: %s: %s [%s]\n", d->file, d->start.line,
		       d->start.column, alint_severity_name(d->severity),
		       d->message, d->rule_name);
	}
	status = n > 0 ? 1 : 0;
out:
	alint_report_free(rep);
	alint_ctx_free(ctx);
	free(buf);
	return status;
}
