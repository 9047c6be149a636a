/*
 * ambient-lint.c - command line of the Istio sidecar-to-ambient linter
 *
 * Parses the options, collects the inputs (bin/walk.c) into one lint run of
 * libambientlint, so that cross-file rules see every file, and prints the
 * report (bin/output.c). Exit status: 0 no finding at or above the fail
 * level, 1 such findings, 2 usage error, unreadable input or internal
 * error.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ambientlint.h>

#include "cli.h"

/* Oldest Istio release accepted: ambient mode first shipped in 1.18. */
#define ISTIO_VERSION_MIN ALINT_ISTIO_VERSION(1, 18)

#define MAX_JOBS 1024

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

struct cli {
	enum cli_format format;
	enum color_mode color;
	int show_source;
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
};

enum {
	OPT_FORMAT = 256,
	OPT_COLOR,
	OPT_NO_SOURCE,
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
	OPT_STDIN_FILENAME
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "no-source", no_argument, NULL, OPT_NO_SOURCE },
	{ "select", required_argument, NULL, OPT_SELECT },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
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
"      --format=FORMAT      text (default) or json\n"
"      --color=WHEN         colour the text output: auto (default), always\n"
"                           or never\n"
"      --no-source          do not quote the source line under a finding\n"
"  -q, --quiet              no summary line on standard error\n"
"\n"
"Rules:\n"
"      --select=LIST        run only these rules: ids, names, prefixes of\n"
"                           either, or ALL; comma separated, repeatable\n"
"      --ignore=LIST        do not run these rules; wins over --select\n"
"      --list-rules         list the rules (id, severity, name, summary)\n"
"                           and exit; --format=json prints a JSON array\n"
"      --explain=RULE       describe a rule, with examples, and exit\n"
"\n"
"Cluster:\n"
"      --istio-version=X.Y  target Istio release, 1.%u to 1.%u\n"
"                           (default %u.%u, the newest one known)\n"
"      --root-namespace=NS  Istio root namespace (default istio-system)\n"
"      --namespace=NS       namespace of objects without\n"
"                           metadata.namespace (default \"default\");\n"
"                           a Namespace object is its own namespace\n"
"\n"
"Failure:\n"
"      --fail-level=LEVEL   findings of this severity or worse make the\n"
"                           exit status 1: error, warning (default) or\n"
"                           info\n"
"      --exit-zero          exit 0 even with findings\n"
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
"  -h, --help               print this help and exit\n"
"  -V, --version            print the version and exit\n"
"\n"
"Colour is used when standard output is a terminal, unless NO_COLOR is set\n"
"and not empty or TERM is dumb; FORCE_COLOR (not empty) forces it.\n"
"--color=always and --color=never override the environment.\n"
"\n"
"Exit status: 0 no finding at or above the fail level, 1 such findings,\n"
"2 usage error, unreadable input or internal error (also with\n"
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

static int use_color(enum color_mode mode)
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
	return isatty(STDOUT_FILENO);
}

/*
 * Parse the options into cli; *first_path is the index of the first PATH.
 * @return -1 to go on, or the exit status
 */
static int parse_args(struct cli *cli, int argc, char **argv, int *first_path)
{
	unsigned long n;
	const char *e;
	int c;

	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, ":hVqj:", long_options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0) {
				cli->format = CLI_FORMAT_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				cli->format = CLI_FORMAT_JSON;
			} else if (strcmp(optarg, "sarif") == 0 ||
				   strcmp(optarg, "github") == 0) {
				usage_error("--format=%s is not implemented "
					    "yet; use text or json", optarg);
				return CLI_EXIT_ERROR;
			} else {
				usage_error("unknown format '%s'; use text or "
					    "json", optarg);
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
		case OPT_SELECT:
		case OPT_IGNORE:
			if (strlist_split(c == OPT_SELECT ? &cli->select :
					  &cli->ignore, optarg) < 0) {
				cli_error("out of memory");
				return CLI_EXIT_ERROR;
			}
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
	*first_path = optind;
	return -1;
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
	return 0;
}

/* Collect the inputs of every PATH, in order; none means ".". */
static int collect(struct cli_inputs *inputs, const struct cli *cli,
		   int npaths, char **paths, size_t *io_errors)
{
	int i, seen_stdin = 0;

	if (npaths == 0)
		return cli_walk(inputs, ".", cli->max_file_size, io_errors);
	for (i = 0; i < npaths; i++) {
		if (strcmp(paths[i], "-") == 0) {
			/* standard input can only be read once */
			if (seen_stdin)
				continue;
			seen_stdin = 1;
			if (add_stdin(inputs, cli, io_errors) < 0)
				return -1;
		} else if (cli_walk(inputs, paths[i], cli->max_file_size,
				    io_errors) < 0) {
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

/* Lint the inputs and print the report; returns the exit status. */
static int lint(const struct cli *cli, struct alint_ctx *ctx,
		struct cli_inputs *inputs, size_t io_errors)
{
	struct alint_run *run = NULL;
	struct alint_report *report = NULL;
	struct cli_output out;
	struct cli_summary sum;
	const struct cli_input *in;
	size_t i;
	int error, status;

	error = alint_run_new(&run, ctx);
	for (i = 0; !error && i < inputs->n; i++) {
		in = &inputs->v[i];
		if (in->buf)
			error = alint_run_add_buffer(run, in->name, in->buf,
						     in->len);
		else
			error = alint_run_add_file(run, in->name);
		if (error == ALINT_ETOOBIG) {
			cli_error("%s: larger than the --max-file-size limit",
				  in->name);
			io_errors++;
			error = 0;
		}
	}
	if (!error)
		error = alint_run_lint(&report, run);
	if (error) {
		cli_error("%s (%s)", *alint_ctx_errmsg(ctx) ?
			  alint_ctx_errmsg(ctx) : "lint failed",
			  alint_strerror(error));
		alint_run_free(run);
		return CLI_EXIT_ERROR;
	}

	memset(&sum, 0, sizeof(sum));
	sum.io_errors = io_errors;
	cli_summary_count(&sum, report);
	memset(&out, 0, sizeof(out));
	out.out = stdout;
	out.show_source = cli->show_source;
	out.max_size = cli->max_file_size;
	out.inputs = inputs;

	report_io_errors(report);
	if (cli->format == CLI_FORMAT_JSON) {
		cli_print_json(&out, report, &sum);
	} else {
		out.color = use_color(cli->color);
		cli_print_text(&out, report);
		/* findings first, then the summary, on a shared terminal */
		fflush(stdout);
		if (!cli->quiet)
			cli_print_summary(stderr, &sum);
	}

	if (sum.io_errors > 0)
		status = CLI_EXIT_ERROR;
	else if (cli->exit_zero)
		status = CLI_EXIT_OK;
	else if (failing(&sum, cli->fail_level) > 0)
		status = CLI_EXIT_FINDINGS;
	else
		status = CLI_EXIT_OK;
	alint_report_free(report);
	alint_run_free(run);
	return status;
}

/* --list-rules and --explain. */
static int rules_info(const struct cli *cli, struct alint_ctx *ctx)
{
	const struct alint_rule *rule = NULL;

	if (cli->list_rules) {
		cli_list_rules(stdout, ctx, cli->format);
		return CLI_EXIT_OK;
	}
	if (alint_ctx_rule_lookup(&rule, ctx, cli->explain) < 0) {
		cli_error("unknown rule '%s'; '" CLI_NAME " --list-rules' "
			  "lists them", cli->explain);
		return CLI_EXIT_ERROR;
	}
	cli_explain_rule(stdout, ctx, rule, cli->format);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct alint_options opts = ALINT_OPTIONS_INIT;
	struct alint_ctx *ctx = NULL;
	struct cli_inputs inputs;
	size_t io_errors = 0;
	int status, first_path = argc, error;

	memset(&cli, 0, sizeof(cli));
	memset(&inputs, 0, sizeof(inputs));
	cli.format = CLI_FORMAT_TEXT;
	cli.color = COLOR_UNSET;
	cli.show_source = 1;
	cli.namespace_name = "default";
	cli.root_namespace = "istio-system";
	cli.istio_version = ALINT_ISTIO_VERSION_LATEST;
	cli.fail_level = ALINT_SEV_WARNING;
	cli.max_file_size = ALINT_MAX_FILE_SIZE_DEFAULT;
	cli.stdin_filename = "<stdin>";

	status = parse_args(&cli, argc, argv, &first_path);
	if (status >= 0)
		goto out;

	opts.default_namespace = cli.namespace_name;
	opts.root_namespace = cli.root_namespace;
	opts.istio_version = cli.istio_version;
	opts.threads = cli.jobs ? cli.jobs : online_cpus();
	opts.max_file_size = cli.max_file_size;
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

	if (cli.list_rules || cli.explain) {
		status = rules_info(&cli, ctx);
		goto out;
	}

	if (collect(&inputs, &cli, argc - first_path, argv + first_path,
		    &io_errors) < 0) {
		cli_error("out of memory");
		status = CLI_EXIT_ERROR;
		goto out;
	}
	status = lint(&cli, ctx, &inputs, io_errors);
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("write error: %s", strerror(errno));
		status = CLI_EXIT_ERROR;
	}
	cli_inputs_free(&inputs);
	alint_ctx_free(ctx);
	strlist_free(&cli.select);
	strlist_free(&cli.ignore);
	return status;
}
