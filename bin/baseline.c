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
#include "json.h"

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
		json_error_at(p, root->line, root->col, "expected an object");
		return -1;
	}
	ver = json_member(root, "version");
	tool = json_member(root, "tool");
	ents = (struct jvalue *)json_member(root, "entries");
	if (!ver || ver->type != J_NUMBER || strcmp(ver->str, "1") != 0) {
		json_error_at(p, ver ? ver->line : root->line,
			  ver ? ver->col : root->col,
			  "\"version\" must be 1");
		return -1;
	}
	if (!tool || tool->type != J_STRING ||
	    strcmp(tool->str, CLI_NAME) != 0) {
		json_error_at(p, tool ? tool->line : root->line,
			  tool ? tool->col : root->col,
			  "\"tool\" must be \"" CLI_NAME "\"");
		return -1;
	}
	if (!ents || ents->type != J_ARRAY) {
		json_error_at(p, ents ? ents->line : root->line,
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
			json_error_at(p, e->line, e->col,
				  "an entry must be an object");
			return -1;
		}
		for (k = 0; k < NKEYS; k++) {
			m = (struct jvalue *)json_member(e, entry_members[k]);
			if (!m || (m->type != J_STRING &&
				   (m->type != J_NULL || k == K_RULE))) {
				json_error_at(p, m ? m->line : e->line,
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
	p.what = "baseline";
	p.file = path;
	if (json_parse(&p, &root) == 0 && load_entries(&p, b, &root) == 0)
		rc = 0;
	json_free(&root);
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
