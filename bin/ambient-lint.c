/*
 * ambient-lint.c - command line of the Istio sidecar-to-ambient linter
 *
 * Parses the options, collects the inputs (bin/walk.c) into one lint run of
 * libambientlint, so that cross-file rules see every file, and prints the
 * report (bin/output.c) in one format or more (--format and --output
 * pairs), to standard output or files. With --fix it applies the fixes of
 * the findings (alint_run_fix) and writes the files back; with --diff it
 * prints what --fix would change (bin/diff.c) and writes nothing. Exit
 * status: 0 no finding at or above the fail level, 1 such findings (with
 * --diff: a file would change), 2 usage error, unreadable input, a file
 * that could not be fixed or written, or internal error.
 */
/* realpath() */
#define _XOPEN_SOURCE 700

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <ambientlint.h>

#include "cli.h"

/* Oldest Istio release accepted: ambient mode first shipped in 1.18. */
#define ISTIO_VERSION_MIN ALINT_ISTIO_VERSION(1, 18)

#define MAX_JOBS 1024

/* Lint-and-fix passes of --fix and --diff. */
#define FIX_PASSES 10

enum color_mode {
	COLOR_UNSET = 0,
	COLOR_AUTO,
	COLOR_ALWAYS,
	COLOR_NEVER
};

/* A growing NULL-terminated list of strings. */
struct strlist {
	char **v;
	size_t n;
	size_t cap;
};

/* Reports of one run at most: --format=X --output=FILE pairs. */
#define MAX_REPORTS 8

/* The stdio buffer of standard output (not on a terminal). */
static char out_buf[64 * 1024];

/* One report of the run: a format, written to a file or standard output. */
struct report_spec {
	enum cli_format format;
	int format_set;			/* its own --format was given */
	const char *path;		/* --output; NULL or "-": stdout */
	FILE *f;			/* open while the command runs */
};

struct cli {
	struct report_spec reports[MAX_REPORTS];
	size_t nreports;
	enum color_mode color;
	int show_source;
	int group_by_phase;		/* --group-by-phase */
	int list_rules;
	const char *explain;
	struct strlist select;
	struct strlist ignore;
	const char *namespace_name;
	const char *root_namespace;
	unsigned int istio_version;
	enum alint_severity fail_level;
	int exit_zero;
	unsigned int jobs;		/* 0: online CPUs */
	size_t max_file_size;
	const char *stdin_filename;
	int quiet;
	int fix;			/* --fix */
	int diff;			/* --diff (wins over --fix) */
	int unsafe_fixes;		/* --unsafe-fixes */
	int exit_non_zero_on_fix;	/* --exit-non-zero-on-fix */
	int no_inline_config;		/* --no-inline-config */
	int migrate_blocked;		/* --migrate-blocked */
	const char *baseline;		/* --baseline */
	const char *write_baseline;	/* --write-baseline */
	const char *config;		/* --config */
	int no_config;			/* --no-config */
	int lsp;			/* --lsp */
	struct strlist context;		/* --context PATH, repeatable */
	unsigned int from_cli;		/* run-wide settings given as options */
};

/* The configuration files of the run. */
static struct cli_configs configs;

enum {
	OPT_FORMAT = 256,
	OPT_COLOR,
	OPT_NO_SOURCE,
	OPT_GROUP_BY_PHASE,
	OPT_SELECT,
	OPT_IGNORE,
	OPT_LIST_RULES,
	OPT_EXPLAIN,
	OPT_ISTIO_VERSION,
	OPT_ROOT_NAMESPACE,
	OPT_NAMESPACE,
	OPT_FAIL_LEVEL,
	OPT_EXIT_ZERO,
	OPT_MAX_FILE_SIZE,
	OPT_STDIN_FILENAME,
	OPT_FIX,
	OPT_UNSAFE_FIXES,
	OPT_DIFF,
	OPT_EXIT_NON_ZERO_ON_FIX,
	OPT_OUTPUT,
	OPT_NO_INLINE_CONFIG,
	OPT_MIGRATE_BLOCKED,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_LSP,
	OPT_CONTEXT
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "no-source", no_argument, NULL, OPT_NO_SOURCE },
	{ "group-by-phase", no_argument, NULL, OPT_GROUP_BY_PHASE },
	{ "select", required_argument, NULL, OPT_SELECT },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "no-inline-config", no_argument, NULL, OPT_NO_INLINE_CONFIG },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "istio-version", required_argument, NULL, OPT_ISTIO_VERSION },
	{ "root-namespace", required_argument, NULL, OPT_ROOT_NAMESPACE },
	{ "namespace", required_argument, NULL, OPT_NAMESPACE },
	{ "fail-level", required_argument, NULL, OPT_FAIL_LEVEL },
	{ "exit-zero", no_argument, NULL, OPT_EXIT_ZERO },
	{ "jobs", required_argument, NULL, 'j' },
	{ "max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE },
	{ "stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "unsafe-fixes", no_argument, NULL, OPT_UNSAFE_FIXES },
	{ "migrate-blocked", no_argument, NULL, OPT_MIGRATE_BLOCKED },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "exit-non-zero-on-fix", no_argument, NULL, OPT_EXIT_NON_ZERO_ON_FIX },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "lsp", no_argument, NULL, OPT_LSP },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " CLI_NAME " [OPTION]... [PATH]...\n"
"Lint Istio and Kubernetes YAML for the move from sidecar to ambient mode.\n"
"\n"
"Each PATH is a file (linted whatever its name), a directory (searched\n"
"recursively for *.yaml and *.yml; hidden entries, special files and\n"
"symlinks leading out of it are skipped) or - for standard input. The\n"
"default is the current directory. All inputs are linted together, so\n"
"rules can relate objects of different files.\n"
"\n"
"Output:\n"
"      --format=FORMAT      text (default), json, sarif (SARIF 2.1.0, for\n"
"                           code scanning) or github (GitHub Actions\n"
"                           annotations; the default when GITHUB_ACTIONS\n"
"                           is true)\n"
"      --output=FILE        write the report (or the diff) to FILE\n"
"                           instead of standard output; repeat\n"
"                           --format=F --output=FILE for several reports\n"
"      --color=WHEN         colour the text output: auto (default), always\n"
"                           or never\n"
"      --no-source          do not quote the source line under a finding\n"
"      --group-by-phase     text format: findings in the order of the\n"
"                           migration phases, then by file and position\n"
"  -q, --quiet              no summary line on standard error, and no\n"
"                           readiness table\n"
"  Findings are tagged with their migration phase (install, waypoints,\n"
"  policies, enrol, cleanup). The text format ends with a readiness table\n"
"  per namespace (blockers, fixes, waypoint, verdict), except when standard\n"
"  input is the only input; JSON has it under summary.namespaces.\n"
"\n"
"Rules:\n"
"      --select=LIST        run only these rules: ids, names, prefixes of\n"
"                           either, or ALL; comma separated, repeatable\n"
"      --ignore=LIST        do not run these rules; wins over --select\n"
"      --list-rules         list the rules (id, severity, name, summary)\n"
"                           and exit; --format=json prints a JSON array\n"
"      --explain=RULE       describe a rule, with examples, and exit\n"
"      --no-inline-config   ignore the '# ambient-lint:' suppression\n"
"                           comments of the inputs\n"
"\n"
"Cluster:\n"
"      --istio-version=X.Y  target Istio release, 1.%u to 1.%u\n"
"                           (default %u.%u, the newest one known)\n"
"      --root-namespace=NS  Istio root namespace (default istio-system)\n"
"      --namespace=NS       namespace of namespaced objects without\n"
"                           metadata.namespace (default \"default\");\n"
"                           a Namespace object is its own namespace\n"
"\n"
"Fixes:\n"
"      --fix                apply the safe fixes and write the files back,\n"
"                           then report the findings left; with - the\n"
"                           fixed text goes to standard output and the\n"
"                           findings to standard error\n"
"      --unsafe-fixes       with --fix or --diff, apply the unsafe fixes\n"
"                           too (they may change how the mesh behaves)\n"
"      --migrate-blocked    let fixes migrate namespaces that have a\n"
"                           migration blocker (kept in sidecar mode\n"
"                           otherwise)\n"
"      --diff               print a unified diff of what --fix would do\n"
"                           and change nothing (wins over --fix); exit 1\n"
"                           when a file would change, whatever the\n"
"                           findings; not with --format=json\n"
"\n"
"Failure:\n"
"      --fail-level=LEVEL   findings of this severity or worse make the\n"
"                           exit status 1: error, warning (default) or\n"
"                           info\n"
"      --exit-zero          exit 0 even with findings (and with --diff,\n"
"                           even when a file would change)\n"
"      --exit-non-zero-on-fix\n"
"                           with --fix, exit 1 when a fix was applied, even\n"
"                           if no finding is left\n"
"\n"
"Baseline:\n"
"      --write-baseline=FILE\n"
"                           write the findings to FILE (JSON) as known\n"
"                           ones, report nothing and exit 0\n"
"      --baseline=FILE      report only the findings not in FILE (matched\n"
"                           by rule, file, resource and YAML path, not by\n"
"                           line); the others do not count for the exit\n"
"                           status\n"
"\n"
"Input:\n"
"      --stdin-filename=NAME\n"
"                           name of standard input in findings (default\n"
"                           <stdin>)\n"
"      --max-file-size=SIZE\n"
"                           largest input: bytes, or with a K, M or G\n"
"                           suffix (default 256M)\n"
"  -j, --jobs=N             lint with N threads (default: the number of\n"
"                           online CPUs; 0 means the same); the output is\n"
"                           the same for every N\n"
"\n"
"Configuration:\n"
"      --config=FILE        read the configuration from FILE only\n"
"      --no-config          read no configuration file\n"
"  Without them, each file is governed by the first .ambient-lint.yaml\n"
"  found from its own directory upward (up to a directory holding .git);\n"
"  istio-version, root-namespace and namespace are run-wide and come from\n"
"  the first PATH's file. Command-line options win over the files.\n"
"\n"
"Cross-file context:\n"
"      --context=PATH       also read PATH (a file or a directory;\n"
"                           repeatable) for cross-file resolution only:\n"
"                           its files are indexed (namespaces, Services,\n"
"                           workloads) but not reported on, as pre-commit\n"
"                           passes only the changed files\n"
"\n"
"Editors:\n"
"      --lsp                serve the Language Server Protocol on standard\n"
"                           input and output (lint options apply; PATHs\n"
"                           and report options are ignored)\n"
"\n"
"  -h, --help               print this help and exit\n"
"  -V, --version            print the version and exit\n"
"\n"
"Colour is used when standard output is a terminal, unless NO_COLOR is set\n"
"and not empty or TERM is dumb; FORCE_COLOR (not empty) forces it.\n"
"--color=always and --color=never override the environment.\n"
"\n"
"Exit status: 0 no finding at or above the fail level, 1 such findings\n"
"(--diff: a file would change) or fixing that did not converge (also with\n"
"--exit-zero), 2 usage error, unreadable input, a fixed file that failed\n"
"verification or could not be written, or internal error (also with\n"
"--exit-zero).\n"
"\n"
"See ambient-lint(1) and ambient-lint-rules(7).\n",
		ISTIO_VERSION_MIN % 100, ALINT_ISTIO_VERSION_LATEST % 100,
		ALINT_ISTIO_VERSION_LATEST / 100,
		ALINT_ISTIO_VERSION_LATEST % 100);
}

static void usage_error(const char *fmt, ...) ALINT_PRINTF(1, 2);

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(CLI_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry '" CLI_NAME " --help' for more information.\n", stderr);
}

static void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int strlist_add(struct strlist *l, const char *s, size_t len)
{
	char **v, *copy;
	size_t cap;

	/* keep room for the NULL terminator */
	if (l->n + 1 >= l->cap) {
		cap = l->cap ? l->cap * 2 : 8;
		v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	l->v[l->n++] = copy;
	l->v[l->n] = NULL;
	return 0;
}

/* Split a comma list; blanks around items and empty items are dropped. */
static int strlist_split(struct strlist *l, const char *arg)
{
	const char *p = arg, *e, *comma;

	while (*p) {
		comma = strchr(p, ',');
		e = comma ? comma : p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > p && strlist_add(l, p, (size_t)(e - p)) < 0)
			return -1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

/* Parse a decimal number of at most max; 0 or -1. */
static int parse_uint(unsigned long *out, const char *s, const char **end,
		      unsigned long max)
{
	char *e;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &e, 10);
	if (errno || v > max)
		return -1;
	*out = v;
	*end = e;
	return 0;
}

/* "1.24" or "1.24.3" (the patch release is ignored). */
static int parse_istio_version(unsigned int *out, const char *s)
{
	unsigned long major, minor, patch;
	const char *e;

	if (parse_uint(&major, s, &e, 99) < 0 || *e != '.' ||
	    parse_uint(&minor, e + 1, &e, 99) < 0)
		return -1;
	if (*e == '.' && parse_uint(&patch, e + 1, &e, 9999) < 0)
		return -1;
	if (*e)
		return -1;
	*out = ALINT_ISTIO_VERSION((unsigned int)major, (unsigned int)minor);
	return 0;
}

/* "1048576", "512K", "64M", "1G" (powers of 1024). */
static int parse_size(size_t *out, const char *s)
{
	unsigned long long v, mult = 1;
	char *e;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &e, 10);
	if (errno)
		return -1;
	switch (*e) {
	case 'k':
	case 'K':
		mult = 1ull << 10;
		e++;
		break;
	case 'm':
	case 'M':
		mult = 1ull << 20;
		e++;
		break;
	case 'g':
	case 'G':
		mult = 1ull << 30;
		e++;
		break;
	default:
		break;
	}
	if (*e || v == 0 || v > SIZE_MAX / mult)
		return -1;
	*out = (size_t)(v * mult);
	return 0;
}

/* A Kubernetes namespace name: an RFC 1123 label. */
static int valid_namespace(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* Whether to colour what goes to file descriptor fd. */
static int use_color(enum color_mode mode, int fd)
{
	const char *v;

	if (mode == COLOR_ALWAYS)
		return 1;
	if (mode == COLOR_NEVER)
		return 0;
	/* --color=auto is the same as no --color */
	v = getenv("NO_COLOR");
	if (v && *v)
		return 0;
	v = getenv("FORCE_COLOR");
	if (v && *v)
		return 1;
	v = getenv("TERM");
	if (v && strcmp(v, "dumb") == 0)
		return 0;
	return isatty(fd);
}

/* The formats, by enum cli_format, for messages. */
static const struct {
	const char *name;
	const char *title;
} format_names[] = {
	{ "text", "text" },
	{ "json", "JSON" },
	{ "sarif", "SARIF" },
	{ "github", "GitHub annotations" }
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct report_spec *new_report(struct cli *cli)
{
	struct report_spec *r;

	if (cli->nreports == MAX_REPORTS)
		return NULL;
	r = &cli->reports[cli->nreports++];
	memset(r, 0, sizeof(*r));
	return r;
}

/*
 * --format: the format of the report of the --output just before it when
 * that has none yet; else of the report that has no --output yet (the
 * last --format wins); else of a new report, which the next --output
 * names. 0, or -1 when there are too many reports.
 */
static int add_format(struct cli *cli, enum cli_format format)
{
	struct report_spec *r = NULL;

	if (cli->nreports)
		r = &cli->reports[cli->nreports - 1];
	if (!r || (r->format_set && r->path))
		r = new_report(cli);
	if (!r)
		return -1;
	r->format = format;
	r->format_set = 1;
	return 0;
}

/* --output: the file of the report that has none yet, or of a new one. */
static int add_output(struct cli *cli, const char *path)
{
	struct report_spec *r = NULL;

	if (cli->nreports)
		r = &cli->reports[cli->nreports - 1];
	if (!r || r->path)
		r = new_report(cli);
	if (!r)
		return -1;
	r->path = path;
	return 0;
}

static int to_stdout(const struct report_spec *r)
{
	return !r->path || strcmp(r->path, "-") == 0;
}

/*
 * Complete the reports after the options: one to standard output when
 * none was asked for; the default format (github in a GitHub workflow,
 * else text) where no --format was given. Usage errors are told.
 * @return 0 or -1
 */
static int check_reports(struct cli *cli)
{
	struct report_spec *r;
	const char *e = getenv("GITHUB_ACTIONS");
	int github = e && strcmp(e, "true") == 0 && !cli->diff;
	size_t i, j, nstdout = 0;

	if (cli->nreports == 0)
		new_report(cli);
	for (i = 0; i < cli->nreports; i++) {
		r = &cli->reports[i];
		if (!r->format_set)
			r->format = github ? CLI_FORMAT_GITHUB :
				CLI_FORMAT_TEXT;
		if (cli->diff && r->format != CLI_FORMAT_TEXT) {
			usage_error("--diff prints a diff, not %s: it cannot "
				    "be combined with --format=%s",
				    format_names[r->format].title,
				    format_names[r->format].name);
			return -1;
		}
		nstdout += to_stdout(r);
		for (j = 0; j < i && r->path; j++) {
			if (cli->reports[j].path &&
			    strcmp(cli->reports[j].path, r->path) == 0 &&
			    !to_stdout(r)) {
				usage_error("--output %s is given twice",
					    r->path);
				return -1;
			}
		}
	}
	if (cli->diff && cli->nreports > 1) {
		usage_error("--diff prints one diff: give at most one "
			    "--output");
		return -1;
	}
	if (nstdout > 1) {
		usage_error("only one report can go to standard output; "
			    "give the others an --output");
		return -1;
	}
	return 0;
}

/*
 * Parse the options into cli; *first_path is the index of the first PATH.
 * @return -1 to go on, or the exit status
 */
static int parse_args(struct cli *cli, int argc, char **argv, int *first_path)
{
	unsigned long n;
	const char *e;
	size_t i;
	int c;

	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, ":hVqj:", long_options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case OPT_FORMAT:
			for (i = 0; i < ARRAY_SIZE(format_names); i++)
				if (strcmp(optarg, format_names[i].name) == 0)
					break;
			if (i == ARRAY_SIZE(format_names)) {
				usage_error("unknown format '%s'; use text, "
					    "json, sarif or github", optarg);
				return CLI_EXIT_ERROR;
			}
			if (add_format(cli, (enum cli_format)i) < 0) {
				usage_error("too many reports: at most %d",
					    MAX_REPORTS);
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_OUTPUT:
			if (!*optarg) {
				usage_error("--output needs a file name");
				return CLI_EXIT_ERROR;
			}
			if (add_output(cli, optarg) < 0) {
				usage_error("too many reports: at most %d",
					    MAX_REPORTS);
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0) {
				cli->color = COLOR_AUTO;
			} else if (strcmp(optarg, "always") == 0) {
				cli->color = COLOR_ALWAYS;
			} else if (strcmp(optarg, "never") == 0) {
				cli->color = COLOR_NEVER;
			} else {
				usage_error("invalid --color '%s'; use auto, "
					    "always or never", optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_NO_SOURCE:
			cli->show_source = 0;
			break;
		case OPT_GROUP_BY_PHASE:
			cli->group_by_phase = 1;
			break;
		case OPT_SELECT:
		case OPT_IGNORE:
			if (strlist_split(c == OPT_SELECT ? &cli->select :
					  &cli->ignore, optarg) < 0) {
				cli_error("out of memory");
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_NO_INLINE_CONFIG:
			cli->no_inline_config = 1;
			break;
		case OPT_MIGRATE_BLOCKED:
			cli->migrate_blocked = 1;
			break;
		case OPT_LIST_RULES:
			cli->list_rules = 1;
			break;
		case OPT_EXPLAIN:
			cli->explain = optarg;
			break;
		case OPT_ISTIO_VERSION:
			if (parse_istio_version(&cli->istio_version,
						optarg) < 0) {
				usage_error("invalid --istio-version '%s'; "
					    "expected MAJOR.MINOR, like 1.24",
					    optarg);
				return CLI_EXIT_ERROR;
			}
			if (cli->istio_version < ISTIO_VERSION_MIN ||
			    cli->istio_version > ALINT_ISTIO_VERSION_LATEST) {
				usage_error("--istio-version %s is not "
					    "supported: use 1.%u (the first "
					    "with ambient mode) to %u.%u (the "
					    "newest known)",
					    optarg, ISTIO_VERSION_MIN % 100,
					    ALINT_ISTIO_VERSION_LATEST / 100,
					    ALINT_ISTIO_VERSION_LATEST % 100);
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_ROOT_NAMESPACE:
		case OPT_NAMESPACE:
			if (!valid_namespace(optarg)) {
				usage_error("invalid --%s '%s': not a "
					    "namespace name (RFC 1123 label)",
					    c == OPT_NAMESPACE ? "namespace" :
					    "root-namespace", optarg);
				return CLI_EXIT_ERROR;
			}
			if (c == OPT_NAMESPACE)
				cli->namespace_name = optarg;
			else
				cli->root_namespace = optarg;
			break;
		case OPT_FAIL_LEVEL:
			if (alint_severity_parse(&cli->fail_level,
						 optarg) < 0) {
				usage_error("invalid --fail-level '%s'; use "
					    "error, warning or info", optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_EXIT_ZERO:
			cli->exit_zero = 1;
			break;
		case 'j':
			if (parse_uint(&n, optarg, &e, MAX_JOBS) < 0 || *e) {
				usage_error("invalid --jobs '%s'; expected a "
					    "number from 0 to %d", optarg,
					    MAX_JOBS);
				return CLI_EXIT_ERROR;
			}
			cli->jobs = (unsigned int)n;
			break;
		case OPT_MAX_FILE_SIZE:
			if (parse_size(&cli->max_file_size, optarg) < 0) {
				usage_error("invalid --max-file-size '%s'; "
					    "expected a positive size like "
					    "1048576, 512K, 64M or 1G",
					    optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case OPT_STDIN_FILENAME:
			if (!*optarg) {
				usage_error("--stdin-filename needs a name");
				return CLI_EXIT_ERROR;
			}
			cli->stdin_filename = optarg;
			break;
		case 'q':
			cli->quiet = 1;
			break;
		case OPT_FIX:
			cli->fix = 1;
			break;
		case OPT_UNSAFE_FIXES:
			cli->unsafe_fixes = 1;
			break;
		case OPT_DIFF:
			cli->diff = 1;
			break;
		case OPT_EXIT_NON_ZERO_ON_FIX:
			cli->exit_non_zero_on_fix = 1;
			break;
		case OPT_BASELINE:
		case OPT_WRITE_BASELINE:
			if (!*optarg) {
				usage_error("--%s needs a file name",
					    c == OPT_BASELINE ? "baseline" :
					    "write-baseline");
				return CLI_EXIT_ERROR;
			}
			if (c == OPT_BASELINE)
				cli->baseline = optarg;
			else
				cli->write_baseline = optarg;
			break;
		case OPT_CONFIG:
			if (!*optarg) {
				usage_error("--config needs a file name");
				return CLI_EXIT_ERROR;
			}
			cli->config = optarg;
			break;
		case OPT_NO_CONFIG:
			cli->no_config = 1;
			break;
		case OPT_LSP:
			cli->lsp = 1;
			break;
		case OPT_CONTEXT:
			if (strlist_add(&cli->context, optarg,
					strlen(optarg)) < 0) {
				cli_error("out of memory");
				return CLI_EXIT_ERROR;
			}
			break;
		case 'V':
			printf(CLI_NAME " %s\nlibambientlint %s\n",
			       PACKAGE_VERSION, alint_version());
			return CLI_EXIT_OK;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case ':':
			usage_error("option '%s' needs an argument",
				    argv[optind - 1]);
			return CLI_EXIT_ERROR;
		default:
			if (optopt && optopt < 256)
				usage_error("unknown option '-%c'", optopt);
			else
				usage_error("unknown option '%s'",
					    argv[optind - 1]);
			return CLI_EXIT_ERROR;
		}
	}
	if (cli->list_rules && cli->explain) {
		usage_error("--list-rules and --explain cannot be combined");
		return CLI_EXIT_ERROR;
	}
	if (cli->write_baseline && (cli->baseline || cli->fix || cli->diff)) {
		usage_error("--write-baseline cannot be combined with %s",
			    cli->baseline ? "--baseline" : cli->diff ?
			    "--diff" : "--fix");
		return CLI_EXIT_ERROR;
	}
	if (cli->config && cli->no_config) {
		usage_error("--config and --no-config cannot be combined");
		return CLI_EXIT_ERROR;
	}
	if (check_reports(cli) < 0)
		return CLI_EXIT_ERROR;
	*first_path = optind;
	return -1;
}

/*
 * Fill in the run-wide settings the command line left unset from the
 * configuration of the first PATH, then the defaults. The rules of the
 * configurations are per input: see cli_configs_apply(). 0.
 */
static int apply_config(struct cli *cli)
{
	const struct alint_config *cfg = configs.first;

	cli->from_cli = (cli->istio_version ? 1u : 0) |
			(cli->root_namespace ? 2u : 0) |
			(cli->namespace_name ? 4u : 0);
	if (cfg) {
		if (!cli->namespace_name)
			cli->namespace_name = alint_config_namespace(cfg);
		if (!cli->root_namespace)
			cli->root_namespace = alint_config_root_namespace(cfg);
		if (!cli->istio_version)
			cli->istio_version = alint_config_istio_version(cfg);
	}
	if (!cli->namespace_name)
		cli->namespace_name = "default";
	if (!cli->root_namespace)
		cli->root_namespace = "istio-system";
	if (!cli->istio_version)
		cli->istio_version = ALINT_ISTIO_VERSION_LATEST;
	return 0;
}

/* Read standard input into a buffer input named cli->stdin_filename. */
static int add_stdin(struct cli_inputs *inputs, const struct cli *cli,
		     size_t *io_errors)
{
	char *buf;
	size_t len = 0;

	buf = cli_read_fd(STDIN_FILENO, cli->max_file_size, &len);
	if (!buf) {
		if (errno == ENOMEM)
			return -1;
		if (errno == EFBIG)
			cli_error("%s: larger than the --max-file-size limit",
				  cli->stdin_filename);
		else
			cli_error("%s: %s", cli->stdin_filename,
				  strerror(errno));
		(*io_errors)++;
		return 0;
	}
	if (cli_inputs_add(inputs, cli->stdin_filename, buf, len) < 0) {
		free(buf);
		return -1;
	}
	inputs->v[inputs->n - 1].is_stdin = 1;
	return 0;
}

/* Collect the inputs of every PATH, in order; none means ".". */
static int collect(struct cli_inputs *inputs, const struct cli *cli,
		   int npaths, char **paths, size_t *io_errors)
{
	int i, seen_stdin = 0;

	if (npaths == 0)
		return cli_walk(inputs, ".", cli->max_file_size, io_errors,
				&configs);
	for (i = 0; i < npaths; i++) {
		if (strcmp(paths[i], "-") == 0) {
			/* standard input can only be read once */
			if (seen_stdin)
				continue;
			seen_stdin = 1;
			if (add_stdin(inputs, cli, io_errors) < 0) {
				cli_error("out of memory");
				return -1;
			}
		} else if (cli_walk(inputs, paths[i], cli->max_file_size,
				    io_errors, &configs) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Tell, on stderr, which inputs could not be read. */
static void report_io_errors(const struct alint_report *report)
{
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report), named = 0;
	size_t io = alint_report_io_errors(report);

	for (i = 0; i < n && io > 0; i++) {
		d = alint_report_get(report, i);
		if (!d->rule_id || strcmp(d->rule_id, "AL0000") != 0)
			continue;
		/* the library's message usually names the file already */
		if (d->file && !strstr(d->message, d->file))
			cli_error("%s: %s", d->file, d->message);
		else
			cli_error("%s", d->message);
		named++;
	}
	/* --select or --ignore turned the io-error findings off */
	if (named < io)
		cli_error("%zu input%s could not be read (the io-error rule, "
			  "AL0000, that names them is not selected)",
			  io - named, io - named == 1 ? "" : "s");
}

static size_t failing(const struct cli_summary *sum, enum alint_severity lvl)
{
	switch (lvl) {
	case ALINT_SEV_INFO:
		return sum->errors + sum->warnings + sum->infos;
	case ALINT_SEV_WARNING:
		return sum->errors + sum->warnings;
	case ALINT_SEV_ERROR:
		break;
	}
	return sum->errors;
}

static unsigned int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > MAX_JOBS ? MAX_JOBS : (unsigned int)n;
}

/* What --fix or --diff did, over all inputs. */
struct fixing {
	struct alint_fixed *fixed;
	struct cli_fix_state *states;	/* one per entry of fixed */
	size_t fixes;		/* fixes in the texts written or shown */
	size_t changed;		/* inputs written, or that would change */
	size_t failed;		/* inputs not verified or not written */
	size_t unwritten;	/* changed inputs that could not be written */
	size_t unconverged;	/* inputs still fixable after the last pass */
	size_t unsafe_left;	/* findings left with an unsafe fix */
	const struct alint_fixed_input *stdin_entry;
	const struct cli_input *stdin_input;
};

/*
 * The input of the command that entry fi of the fixing result is, or
 * NULL. Entries come in input order, so the search starts at *cursor.
 */
static const struct cli_input *
match_input(const struct cli_inputs *inputs, size_t *cursor,
	    const struct alint_fixed_input *fi)
{
	const struct cli_input *in;
	size_t i;

	for (i = *cursor; i < inputs->n; i++) {
		in = &inputs->v[i];
		if ((in->buf != NULL) == (fi->is_buffer != 0) &&
		    fi->file && strcmp(in->name, fi->file) == 0) {
			*cursor = i + 1;
			return in;
		}
	}
	return NULL;
}

static int set_state_error(struct cli_fix_state *st, const char *msg)
{
	free(st->error);
	st->error = strdup(msg ? msg : "");
	return st->error ? 0 : -1;
}

/* Which file a changed input is, to write a file given twice only once. */
struct file_id {
	dev_t dev;
	ino_t ino;
	int valid;
};

/*
 * An earlier entry than idx that is the same file (a path given twice, a
 * symbolic link and its target in one tree), or SIZE_MAX.
 */
static size_t same_file_before(const struct file_id *ids, size_t idx)
{
	size_t j;

	if (!ids[idx].valid)
		return SIZE_MAX;
	for (j = 0; j < idx; j++)
		if (ids[j].valid && ids[j].dev == ids[idx].dev &&
		    ids[j].ino == ids[idx].ino)
			return j;
	return SIZE_MAX;
}

/*
 * Act on the result of alint_run_fix(): tell the inputs that failed
 * verification or did not converge, then print the diffs (--diff) or
 * write the changed files back (--fix). Standard input is not written
 * here: its fixed text is printed after the run.
 * @return 0, or -1 when out of memory (already reported)
 */
static int act_on_fixes(const struct cli *cli, struct fixing *fx,
			const struct cli_inputs *inputs)
{
	const struct alint_fixed_input *fi;
	const struct cli_input *in;
	struct cli_fix_state *st;
	size_t i, n = alint_fixed_count(fx->fixed), cursor = 0;
	const struct alint_fixed_input *prev;
	struct file_id *ids;
	struct stat sb;
	const char *msg;
	size_t j;
	int is_stdin, rc;

	fx->states = calloc(n ? n : 1, sizeof(*fx->states));
	ids = calloc(n ? n : 1, sizeof(*ids));
	if (!fx->states || !ids) {
		free(ids);
		cli_error("out of memory");
		return -1;
	}
	/* before anything is written: a rename makes a new inode */
	for (i = 0; i < n; i++) {
		fi = alint_fixed_get(fx->fixed, i);
		if (fi->changed && !fi->error && !fi->is_buffer &&
		    stat(fi->file, &sb) == 0) {
			ids[i].dev = sb.st_dev;
			ids[i].ino = sb.st_ino;
			ids[i].valid = 1;
		}
	}
	for (i = 0; i < n; i++) {
		fi = alint_fixed_get(fx->fixed, i);
		st = &fx->states[i];
		in = match_input(inputs, &cursor, fi);
		is_stdin = in && in->is_stdin;
		if (is_stdin && !fx->stdin_entry) {
			fx->stdin_entry = fi;
			fx->stdin_input = in;
		}
		if (fi->error) {
			cli_error("internal error: %s: %s; the %s", fi->file,
				  fi->error, is_stdin && !cli->diff ?
				  "input is printed unchanged" :
				  "file was left unchanged");
			fx->failed++;
			if (set_state_error(st, fi->error) < 0)
				goto nomem;
		}
		if (fi->skip_reason && fi->skipped > 0)
			cli_error("warning: %s: %zu fix%s not applied: %s",
				  fi->file, fi->skipped,
				  fi->skipped == 1 ? "" : "es",
				  fi->skip_reason);
		if (!fi->converged)
			cli_error("warning: %s: fixing did not converge in %d "
				  "passes; fixes may be left to apply",
				  fi->file, FIX_PASSES);
		fx->unconverged += !fi->converged;
		if (!fi->changed || fi->error)
			continue;
		j = is_stdin || fi->is_buffer ? SIZE_MAX :
			same_file_before(ids, i);
		prev = j != SIZE_MAX ? alint_fixed_get(fx->fixed, j) : NULL;
		if (cli->diff) {
			/* a file given twice is shown once */
			if (prev && prev->changed && !prev->error &&
			    prev->len == fi->len &&
			    memcmp(prev->text, fi->text, fi->len) == 0)
				continue;
			if (cli_diff(cli->reports[0].f, fi->file, fi->original,
				     fi->original_len, fi->text,
				     fi->len) < 0)
				goto nomem;
			fx->fixes += fi->applied;
			fx->changed++;
			continue;
		}
		if (is_stdin) {
			/* printed after the run, by print_stdin() */
			st->written = 1;
			fx->fixes += fi->applied;
			continue;
		}
		if (fi->is_buffer) {
			cli_error("cannot write %s: it was read from a pipe, "
				  "not a file", fi->file);
			fx->failed++;
			fx->unwritten++;
			if (set_state_error(st, "read from a pipe, not a "
					    "file") < 0)
				goto nomem;
			continue;
		}
		if (prev) {
			/* the same file again: written once, or refused */
			if (fx->states[j].written && prev->len == fi->len &&
			    memcmp(prev->text, fi->text, fi->len) == 0) {
				st->written = 1;
				continue;
			}
			cli_error("cannot write %s: it is the same file as %s, "
				  "%s", fi->file, prev->file,
				  fx->states[j].written ? "whose fixes differ" :
				  "which was not written");
			fx->failed++;
			fx->unwritten++;
			if (set_state_error(st, "the same file as another "
					    "input, not written twice") < 0)
				goto nomem;
			continue;
		}
		rc = alint_fixed_write(fx->fixed, i);
		if (rc < 0) {
			/* the library's message names the file */
			msg = alint_fixed_errmsg(fx->fixed);
			if (!*msg) {
				msg = alint_strerror(rc);
				cli_error("cannot write %s: %s", fi->file, msg);
			} else {
				cli_error("%s", msg);
			}
			fx->failed++;
			fx->unwritten++;
			if (set_state_error(st, msg) < 0)
				goto nomem;
			continue;
		}
		st->written = 1;
		fx->fixes += fi->applied;
		fx->changed++;
	}
	free(ids);
	return 0;
nomem:
	free(ids);
	cli_error("out of memory");
	return -1;
}

/* --fix of standard input: its text, fixed or as read, on stdout. */
static void print_stdin(const struct fixing *fx)
{
	const struct alint_fixed_input *fi = fx->stdin_entry;

	if (fi && fi->text)
		fwrite(fi->text, 1, fi->len, stdout);
	else if (fx->stdin_input)
		fwrite(fx->stdin_input->buf, 1, fx->stdin_input->len, stdout);
	fflush(stdout);
}

static size_t unsafe_fixes_left(const struct alint_report *report,
				const unsigned char *hidden)
{
	const struct alint_diag *d;
	size_t i, n = alint_report_count(report), count = 0;

	for (i = 0; i < n; i++) {
		if (hidden && hidden[i])
			continue;
		d = alint_report_get(report, i);
		if (d->fix && d->fix->safety == ALINT_FIX_UNSAFE)
			count++;
	}
	return count;
}

/* The summary of --diff, on stderr. */
static void print_diff_summary(const struct cli_summary *sum,
			       const struct fixing *fx)
{
	fflush(stdout);
	if (fx->changed)
		fprintf(stderr, CLI_NAME ": %zu fix%s would change %zu of "
			"%zu file%s", fx->fixes, fx->fixes == 1 ? "" : "es",
			fx->changed, sum->files, sum->files == 1 ? "" : "s");
	else
		fprintf(stderr, CLI_NAME ": no fixes to apply in %zu file%s",
			sum->files, sum->files == 1 ? "" : "s");
	if (sum->io_errors)
		fprintf(stderr, "; %zu input%s could not be read",
			sum->io_errors, sum->io_errors == 1 ? "" : "s");
	fputc('\n', stderr);
}

static void free_fixing(struct fixing *fx)
{
	size_t i, n;

	if (fx->states) {
		n = alint_fixed_count(fx->fixed);
		for (i = 0; i < n; i++)
			free(fx->states[i].error);
		free(fx->states);
	}
	alint_fixed_free(fx->fixed);
}

/* Files walked from the --context paths: indexed, never reported on. */
static struct cli_inputs context_files;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Add the --context files to run as context-only inputs, once each and
 * never one that is also a reported input (compared by real path), in
 * the order of their real paths.
 * @return 0 or an alint_error
 */
static int add_context(struct alint_run *run, const struct cli_inputs *inputs)
{
	char **mine = NULL, **ctx = NULL, *r;
	size_t i, nmine = 0, nctx = 0;
	int error = 0;

	if (context_files.n == 0)
		return 0;
	mine = calloc(inputs->n + 1, sizeof(*mine));
	ctx = calloc(context_files.n + 1, sizeof(*ctx));
	if (!mine || !ctx) {
		error = ALINT_ENOMEM;
		goto out;
	}
	for (i = 0; i < inputs->n; i++) {
		r = inputs->v[i].buf ? NULL : realpath(inputs->v[i].name, NULL);
		if (r)
			mine[nmine++] = r;
	}
	for (i = 0; i < context_files.n; i++) {
		r = context_files.v[i].buf ? NULL :
		    realpath(context_files.v[i].name, NULL);
		if (r)
			ctx[nctx++] = r;
	}
	qsort(mine, nmine, sizeof(*mine), cmp_str);
	qsort(ctx, nctx, sizeof(*ctx), cmp_str);
	for (i = 0; !error && i < nctx; i++) {
		if (i > 0 && strcmp(ctx[i - 1], ctx[i]) == 0)
			continue;
		if (bsearch(&ctx[i], mine, nmine, sizeof(*mine), cmp_str))
			continue;
		error = alint_run_add_context_file(run, ctx[i]);
	}
out:
	for (i = 0; i < nmine; i++)
		free(mine[i]);
	for (i = 0; i < nctx; i++)
		free(ctx[i]);
	free(mine);
	free(ctx);
	return error;
}

/*
 * Add the inputs to run, standard input with the text of stdin_fixed when
 * not NULL. Inputs over the size limit are counted in *too_big, and told
 * when tell is set.
 * @return 0 or an alint_error
 */
static int add_inputs(struct alint_run *run, const struct cli_inputs *inputs,
		      const struct alint_fixed_input *stdin_fixed,
		      size_t *too_big, int tell)
{
	const struct cli_input *in;
	size_t i;
	int error = 0;

	for (i = 0; !error && i < inputs->n; i++) {
		in = &inputs->v[i];
		/* the rules of the input's own configuration */
		error = cli_configs_apply(&configs, run, in->name);
		if (error)
			return error;
		if (in->is_stdin && stdin_fixed && stdin_fixed->text)
			error = alint_run_add_buffer(run, in->name,
						     stdin_fixed->text,
						     stdin_fixed->len);
		else if (in->buf)
			error = alint_run_add_buffer(run, in->name, in->buf,
						     in->len);
		else
			error = alint_run_add_file(run, in->name);
		if (error == ALINT_ETOOBIG) {
			if (tell)
				cli_error("%s: larger than the --max-file-size "
					  "limit", in->name);
			(*too_big)++;
			error = 0;
		}
	}
	if (!error)
		error = alint_run_set_ruleset(run, NULL);
	if (!error)
		error = add_context(run, inputs);
	return error;
}

/*
 * After --fix could not write some files, lint again what is now on disk
 * (the files written, and the others as they were) and standard input as
 * printed, so that the findings are those of the files as they are.
 * @return 0, or an alint_error (told, *report unchanged)
 */
static int relint(struct alint_ctx *ctx, const struct cli_inputs *inputs,
		  const struct fixing *fx, struct alint_report **report)
{
	struct alint_run *run = NULL;
	struct alint_report *again = NULL;
	size_t too_big = 0;
	int error;

	error = alint_run_new(&run, ctx);
	if (!error)
		error = add_inputs(run, inputs, fx->stdin_entry, &too_big,
				   0);
	if (!error)
		error = alint_run_lint(&again, run);
	alint_run_free(run);
	if (error) {
		cli_error("%s (%s)", *alint_ctx_errmsg(ctx) ?
			  alint_ctx_errmsg(ctx) : "lint failed",
			  alint_strerror(error));
		return error;
	}
	alint_report_free(*report);
	*report = again;
	return 0;
}

/*
 * Print the findings as report r asks. When standard output holds the
 * fixed standard input (stdin_fixed), a report for it goes to standard
 * error. fixed_ok: no fixed text failed verification or writing.
 */
static void print_report(const struct cli *cli, const struct report_spec *r,
			 struct cli_output *out,
			 const struct alint_report *report,
			 const struct alint_ctx *ctx,
			 const struct cli_summary *sum, int fixed_ok,
			 int stdin_fixed)
{
	out->out = r->f;
	if (stdin_fixed && r->f == stdout)
		out->out = stderr;
	out->color = 0;
	switch (r->format) {
	case CLI_FORMAT_JSON:
		cli_print_json(out, report, sum);
		break;
	case CLI_FORMAT_SARIF:
		cli_print_sarif(out, report, ctx,
				sum->io_errors == 0 && fixed_ok);
		break;
	case CLI_FORMAT_GITHUB:
		cli_print_github(out, report);
		break;
	case CLI_FORMAT_TEXT:
		out->color = use_color(cli->color, fileno(out->out));
		cli_print_text(out, report);
		break;
	}
	fflush(out->out);
}

/*
 * --write-baseline: write the findings of report, unless an input could
 * not be read (the baseline would miss its findings). The exit status.
 */
static int write_baseline(const struct cli *cli,
			  const struct alint_report *report, size_t io_errors)
{
	size_t n;

	io_errors += alint_report_io_errors(report);
	if (io_errors) {
		cli_error("%zu input%s could not be read: %s not written",
			  io_errors, io_errors == 1 ? "" : "s",
			  cli->write_baseline);
		return CLI_EXIT_ERROR;
	}
	if (cli_baseline_write(cli->write_baseline, report, &n) < 0)
		return CLI_EXIT_ERROR;
	if (!cli->quiet)
		fprintf(stderr, CLI_NAME ": %zu finding%s written to the "
			"baseline %s\n", n, n == 1 ? "" : "s",
			cli->write_baseline);
	return CLI_EXIT_OK;
}

/*
 * Lint the inputs and print the report, without the findings of baseline
 * when not NULL; returns the exit status.
 */
static int lint(const struct cli *cli, struct alint_ctx *ctx,
		struct cli_inputs *inputs, size_t io_errors,
		struct cli_baseline *baseline)
{
	unsigned char *hidden = NULL;
	struct alint_run *run = NULL;
	struct alint_report *report = NULL;
	struct alint_fix_options fopts = ALINT_FIX_OPTIONS_INIT;
	struct fixing fx;
	struct cli_output out;
	struct cli_summary sum;
	size_t i, n;
	int error, status, fixing = cli->fix || cli->diff;
	int has_stdin = 0, summary = 0, text = 0;

	memset(&fx, 0, sizeof(fx));
	for (i = 0; i < inputs->n; i++)
		has_stdin |= inputs->v[i].is_stdin;
	/* the text and github formats have a summary line */
	for (i = 0; i < cli->nreports; i++) {
		text |= cli->reports[i].format == CLI_FORMAT_TEXT;
		summary |= cli->reports[i].format == CLI_FORMAT_TEXT ||
			   cli->reports[i].format == CLI_FORMAT_GITHUB;
	}
	error = alint_run_new(&run, ctx);
	if (!error)
		error = add_inputs(run, inputs, NULL, &io_errors, 1);
	if (!error && fixing) {
		fopts.flags = cli->unsafe_fixes ? ALINT_FIX_APPLY_UNSAFE : 0;
		fopts.max_passes = FIX_PASSES;
		error = alint_run_fix(&fx.fixed, &report, run, &fopts);
	} else if (!error) {
		error = alint_run_lint(&report, run);
	}
	if (error) {
		cli_error("%s (%s)", *alint_ctx_errmsg(ctx) ?
			  alint_ctx_errmsg(ctx) : "lint failed",
			  alint_strerror(error));
		free_fixing(&fx);
		alint_report_free(report);
		alint_run_free(run);
		return CLI_EXIT_ERROR;
	}

	report_io_errors(report);
	if (cli->write_baseline) {
		status = write_baseline(cli, report, io_errors);
		alint_report_free(report);
		alint_run_free(run);
		return status;
	}
	if (fixing && (act_on_fixes(cli, &fx, inputs) < 0 ||
		       (fx.unwritten && relint(ctx, inputs, &fx, &report)))) {
		free_fixing(&fx);
		alint_report_free(report);
		alint_run_free(run);
		return CLI_EXIT_ERROR;
	}

	memset(&sum, 0, sizeof(sum));
	/* findings the baseline absorbs are hidden */
	n = alint_report_count(report);
	hidden = calloc(n + 1, 1);
	if (!hidden) {
		cli_error("out of memory");
		free_fixing(&fx);
		alint_report_free(report);
		alint_run_free(run);
		return CLI_EXIT_ERROR;
	}
	if (baseline) {
		sum.baselining = 1;
		sum.baselined = cli_baseline_filter(baseline, report, hidden);
	}
	sum.io_errors = io_errors;
	cli_summary_count(&sum, report, hidden, NULL);
	memset(&out, 0, sizeof(out));
	out.hidden = hidden;
	/* not for editors linting standard input alone, nor with --quiet */
	out.readiness = !cli->quiet && !(has_stdin && inputs->n == 1);
	out.show_source = cli->show_source;
	out.group_by_phase = cli->group_by_phase;
	out.max_size = cli->max_file_size;
	out.inputs = inputs;
	if (fixing && !cli->unsafe_fixes)
		fx.unsafe_left = unsafe_fixes_left(report, hidden);

	if (cli->diff) {
		if (!cli->quiet)
			print_diff_summary(&sum, &fx);
	} else {
		if (cli->fix) {
			sum.fixing = 1;
			sum.fixes = fx.fixes;
			out.fixed = fx.fixed;
			out.fix_states = fx.states;
			/* standard output holds the fixed standard input */
			if (has_stdin)
				print_stdin(&fx);
		}
		for (i = 0; i < cli->nreports; i++)
			print_report(cli, &cli->reports[i], &out, report,
				     ctx, &sum, fx.failed == 0,
				     cli->fix && has_stdin);
		/* findings first, then the summary, on a terminal */
		if (!cli->quiet && summary)
			cli_print_summary(stderr, &sum);
	}
	if (fx.unsafe_left && !cli->quiet && text)
		fprintf(stderr, CLI_NAME ": %zu more fix%s available with "
			"--unsafe-fixes\n", fx.unsafe_left,
			fx.unsafe_left == 1 ? " is" : "es are");

	if (sum.io_errors > 0 || fx.failed > 0)
		status = CLI_EXIT_ERROR;
	else if (fx.unconverged > 0)
		status = CLI_EXIT_FINDINGS;
	else if (cli->exit_zero)
		status = CLI_EXIT_OK;
	else if (cli->diff)
		status = fx.changed ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
	else if (failing(&sum, cli->fail_level) > 0)
		status = CLI_EXIT_FINDINGS;
	else if (cli->fix && cli->exit_non_zero_on_fix && fx.fixes > 0)
		status = CLI_EXIT_FINDINGS;
	else
		status = CLI_EXIT_OK;
	free(hidden);
	free_fixing(&fx);
	alint_report_free(report);
	alint_run_free(run);
	return status;
}

/* --list-rules and --explain. */
static int rules_info(const struct cli *cli, struct alint_ctx *ctx)
{
	const struct alint_rule *rule = NULL;
	size_t i;

	if (cli->list_rules) {
		for (i = 0; i < cli->nreports; i++)
			cli_list_rules(cli->reports[i].f, ctx,
				       cli->reports[i].format);
		return CLI_EXIT_OK;
	}
	if (alint_ctx_rule_lookup(&rule, ctx, cli->explain) < 0) {
		cli_error("unknown rule '%s'; '" CLI_NAME " --list-rules' "
			  "lists them", cli->explain);
		return CLI_EXIT_ERROR;
	}
	for (i = 0; i < cli->nreports; i++)
		cli_explain_rule(cli->reports[i].f, ctx, rule,
				 cli->reports[i].format);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct alint_options opts = ALINT_OPTIONS_INIT;
	struct alint_ctx *ctx = NULL;
	struct cli_inputs inputs;
	struct cli_baseline *baseline = NULL;
	struct report_spec *r;
	size_t io_errors = 0, i;
	int status, first_path = argc, error, bad;

	/*
	 * Reports can be tens of MB: write them in 64 KiB blocks, not
	 * stdio's 4 KiB, when nobody reads them line by line. (glibc keeps
	 * its own size unless given the buffer.)
	 */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));

	memset(&cli, 0, sizeof(cli));
	memset(&inputs, 0, sizeof(inputs));
#ifdef HAVE_STDIO_EXT_H
	/*
	 * Only this thread writes to stdout (the library never prints, and
	 * its worker threads are done before any report is written), so
	 * stdio need not lock the stream on every putc: once the library
	 * has started threads, glibc would.
	 */
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
#endif
	cli.color = COLOR_UNSET;
	cli.show_source = 1;
	cli.fail_level = ALINT_SEV_WARNING;
	cli.max_file_size = ALINT_MAX_FILE_SIZE_DEFAULT;
	cli.stdin_filename = "<stdin>";

	status = parse_args(&cli, argc, argv, &first_path);
	if (status >= 0)
		goto out;
	if (cli_configs_open(&configs, cli.config, cli.no_config,
			     first_path < argc ? argv[first_path] : NULL) < 0) {
		status = CLI_EXIT_ERROR;
		goto out;
	}
	if (apply_config(&cli) < 0) {
		cli_error("out of memory");
		status = CLI_EXIT_ERROR;
		goto out;
	}

	opts.default_namespace = cli.namespace_name;
	opts.root_namespace = cli.root_namespace;
	opts.istio_version = cli.istio_version;
	opts.threads = cli.jobs ? cli.jobs : online_cpus();
	opts.max_file_size = cli.max_file_size;
	if (cli.no_inline_config)
		opts.flags |= ALINT_OPT_NO_INLINE_CONFIG;
	if (cli.migrate_blocked)
		opts.flags |= ALINT_OPT_MIGRATE_BLOCKED;
	error = alint_ctx_new(&ctx, &opts);
	if (error) {
		cli_error("cannot start: %s", alint_strerror(error));
		status = CLI_EXIT_ERROR;
		goto out;
	}

	/*
	 * The selection is set apart from alint_ctx_new() so that a pattern
	 * matching no rule is named by alint_ctx_errmsg().
	 */
	if (cli.select.n || cli.ignore.n) {
		/* an empty list's v is NULL: no selection */
		error = alint_ctx_set_filters(ctx,
			(const char *const *)cli.select.v,
			(const char *const *)cli.ignore.v);
		if (error == ALINT_ENOTFOUND) {
			cli_error("%s", alint_ctx_errmsg(ctx));
			fputs("Try '" CLI_NAME " --list-rules' for the list of "
			      "rules.\n", stderr);
			status = CLI_EXIT_ERROR;
			goto out;
		} else if (error) {
			cli_error("%s", alint_strerror(error));
			status = CLI_EXIT_ERROR;
			goto out;
		}
	}

	/* the configurations' rule patterns, named with their path */
	if (cli_configs_set_ctx(&configs, ctx,
				(cli.select.n ? ALINT_CONFIG_KEEP_SELECT : 0) |
				(cli.ignore.n ? ALINT_CONFIG_KEEP_IGNORE : 0))
	    < 0) {
		status = CLI_EXIT_ERROR;
		goto out;
	}

	if (cli.lsp) {
		status = cli_lsp(ctx, &configs);
		goto out;
	}

	/* created before the run: a file that cannot be written stops it */
	for (i = 0; i < cli.nreports; i++) {
		r = &cli.reports[i];
		r->f = to_stdout(r) ? stdout : fopen(r->path, "w");
		if (!r->f) {
			cli_error("cannot write %s: %s", r->path,
				  strerror(errno));
			status = CLI_EXIT_ERROR;
			goto out;
		}
	}

	if (cli.list_rules || cli.explain) {
		status = rules_info(&cli, ctx);
		goto out;
	}

	if (cli.baseline && cli_baseline_load(&baseline, cli.baseline,
					      cli.max_file_size) < 0) {
		status = CLI_EXIT_ERROR;
		goto out;
	}
	/* cli_walk() tells its own failures */
	if (collect(&inputs, &cli, argc - first_path, argv + first_path,
		    &io_errors) < 0) {
		status = CLI_EXIT_ERROR;
		goto out;
	}
	for (i = 0; i < cli.context.n; i++) {
		if (cli_walk(&context_files, cli.context.v[i],
			     cli.max_file_size, &io_errors, &configs) < 0) {
			status = CLI_EXIT_ERROR;
			goto out;
		}
	}
	cli_configs_warn(&configs, cli.istio_version, cli.root_namespace,
			 cli.namespace_name, cli.from_cli);
	status = lint(&cli, ctx, &inputs, io_errors, baseline);
out:
	for (i = 0; i < cli.nreports; i++) {
		r = &cli.reports[i];
		if (!r->f || r->f == stdout)
			continue;
		errno = 0;
		bad = fflush(r->f) != 0 || ferror(r->f);
		bad |= fclose(r->f) != 0;
		if (bad) {
			cli_error("cannot write %s: %s", r->path,
				  errno ? strerror(errno) : "write error");
			status = CLI_EXIT_ERROR;
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("write error: %s", strerror(errno));
		status = CLI_EXIT_ERROR;
	}
	cli_inputs_free(&inputs);
	cli_inputs_free(&context_files);
	cli_baseline_free(baseline);
	alint_ctx_free(ctx);
	strlist_free(&cli.select);
	strlist_free(&cli.ignore);
	strlist_free(&cli.context);
	cli_configs_close(&configs);
	return status;
}
