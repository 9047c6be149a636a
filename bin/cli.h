/*
 * cli.h - declarations shared by the files of the ambient-lint command
 *
 * The command only collects inputs, hands them to libambientlint and prints
 * the report: it has no rule logic and parses no YAML. Everything here is
 * private to bin/.
 */
#ifndef AMBIENT_LINT_CLI_H
#define AMBIENT_LINT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <ambientlint.h>

#define CLI_NAME "ambient-lint"

/* Exit statuses. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FINDINGS 1
#define CLI_EXIT_ERROR 2

/* One input of the run, in command-line order. */
struct cli_input {
	char *name;		/* path, or the name of a buffer */
	char *buf;		/* contents of a buffer input; NULL for files */
	size_t len;
	int is_stdin;		/* the buffer is standard input */
};

struct cli_inputs {
	struct cli_input *v;
	size_t n;
	size_t cap;
};

struct cli_configs;

/*
 * Add the inputs named by a command-line path: a file, or every *.yaml and
 * *.yml file below a directory (sorted by name, hidden entries, special
 * files, symlink loops and symlinks out of the tree skipped). A FIFO given
 * explicitly (as with <(command)) is read into a buffer of at most
 * max_size bytes. Problems are reported on stderr and counted in
 * *io_errors. Entries of a directory that the exclude patterns of their
 * configuration in cfg (when not NULL) match are skipped, a directory
 * with all below it; path itself is never excluded.
 * @return 0, or -1 when out of memory or a configuration file is bad
 * (already reported)
 */
int cli_walk(struct cli_inputs *inputs, const char *path, size_t max_size,
	     size_t *io_errors, struct cli_configs *cfg);

/* Append an input; name is copied, buf is taken over. 0 or -1 (ENOMEM). */
int cli_inputs_add(struct cli_inputs *inputs, const char *name, char *buf,
		   size_t len);

void cli_inputs_free(struct cli_inputs *inputs);

/*
 * Read a whole stream into a new buffer (NUL-terminated, not counted in
 * *len). Fails with errno EFBIG when it holds more than max_size bytes.
 * @return the buffer, or NULL with errno set
 */
char *cli_read_fd(int fd, size_t max_size, size_t *len);

/* ---- configuration files (bin/config.c) ----------------------------- */

struct cli_config_file {
	struct alint_config *cfg;
	char *real;			/* the file, resolved */
	struct alint_ruleset *ruleset;	/* cached when it has no overrides */
};

struct cli_config_dir {
	char *real;			/* a directory, resolved */
	struct alint_config *cfg;	/* the one governing it, or NULL */
};

/*
 * The configuration files of a run: each input is governed by the
 * .ambient-lint.yaml found from its directory upward, stopping at a
 * directory holding .git or at /; or by the --config file; or by none
 * (--no-config).
 */
struct cli_configs {
	int none;			/* --no-config */
	struct alint_config *forced;	/* --config */
	/* the configuration of the first PATH: run-wide settings */
	struct alint_config *first;
	struct cli_config_file *loaded;
	size_t nloaded;
	struct cli_config_dir *dirs;	/* discovery cache */
	size_t ndirs;
	/* the directory (as written) of the last file asked about */
	char *last_dir;
	struct alint_config *last_cfg;
	struct alint_ctx *ctx;		/* set once made */
	unsigned int flags;		/* ALINT_CONFIG_KEEP_* */
};

/*
 * Start: load path (--config) when not NULL, else find the configuration
 * of first (a PATH argument: a directory itself, a file its directory;
 * NULL or "-": the current directory) into cs->first. none: --no-config.
 * @return 0, or -1 (told on stderr)
 */
int cli_configs_open(struct cli_configs *cs, const char *path, int none,
		     const char *first);

/*
 * The configuration governing path (found from its directory upward),
 * or NULL. A directory that does not exist (a name given to standard
 * input) counts as the current one. 0, or -1 (told).
 */
int cli_configs_for(struct cli_configs *cs, struct alint_config **out,
		    const char *path);

/* Whether the configuration of path excludes it: 1, 0, or -1 (told). */
int cli_configs_excluded(struct cli_configs *cs, const char *path);

/*
 * Set the context that rulesets are made for, with flags
 * ALINT_CONFIG_KEEP_* (--select, --ignore), and check the rule patterns
 * of the configurations loaded so far (later ones when loaded). 0 or -1.
 */
int cli_configs_set_ctx(struct cli_configs *cs, struct alint_ctx *ctx,
			unsigned int flags);

/*
 * Make the ruleset of path the one of the inputs added to run next.
 * @return 0, or an alint_error (told)
 */
int cli_configs_apply(struct cli_configs *cs, struct alint_run *run,
		      const char *path);

/*
 * Warn on stderr about each configuration but the first that sets a
 * run-wide key to another value than the run's. from_cli: bits 1, 2, 4
 * for istio-version, root-namespace and namespace given as options
 * (which win over every file, so no warning).
 */
void cli_configs_warn(const struct cli_configs *cs, unsigned int istio_version,
		      const char *root_namespace, const char *namespace_name,
		      unsigned int from_cli);

/* Check that every rule pattern of cfg matches a rule of ctx. 0 or -1. */
int cli_config_check(const struct alint_config *cfg,
		     const struct alint_ctx *ctx);

void cli_configs_close(struct cli_configs *cs);

/* ---- diff ------------------------------------------------------------ */

/*
 * Print a unified diff from text a to text b, both named name, to f:
 * "--- a/NAME", "+++ b/NAME", then hunks with 3 lines of context. Lines
 * keep their own line endings; a last line without one is followed by
 * "\ No newline at end of file". Nothing is printed for equal texts.
 * @return 0, or -1 when out of memory (the diff may be cut short)
 */
int cli_diff(FILE *f, const char *name, const char *a, size_t alen,
	     const char *b, size_t blen);

/* ---- baseline ------------------------------------------------------- */

struct cli_baseline;

/*
 * Write the findings of report (but the io-error ones) as a baseline to
 * path ("-": standard output); *count receives the number of entries.
 * @return 0, or -1 (told on stderr)
 */
int cli_baseline_write(const char *path, const struct alint_report *report,
		       size_t *count);

/*
 * Read a baseline file of at most max_size bytes.
 * @return 0, or -1 when it cannot be read or is invalid (told on stderr,
 * with the line and column of the problem)
 */
int cli_baseline_load(struct cli_baseline **out, const char *path,
		      size_t max_size);

/*
 * Set hidden[i] for each finding i of report that an unused entry of the
 * baseline absorbs (an entry absorbs one finding); findings already
 * hidden are left alone.
 * @return the number of findings hidden
 */
size_t cli_baseline_filter(struct cli_baseline *b,
			   const struct alint_report *report,
			   unsigned char *hidden);

void cli_baseline_free(struct cli_baseline *b);

/* ---- output ---------------------------------------------------------- */

enum cli_format {
	CLI_FORMAT_TEXT = 0,
	CLI_FORMAT_JSON = 1,
	CLI_FORMAT_SARIF = 2,	/* SARIF 2.1.0, for code scanning */
	CLI_FORMAT_GITHUB = 3	/* GitHub Actions workflow commands */
};

struct cli_output {
	FILE *out;
	int color;		/* ANSI colours in the text format */
	int show_source;	/* source line and caret under each finding */
	size_t max_size;	/* largest file read back for snippets */
	const struct cli_inputs *inputs;	/* buffers, for snippets */
	/*
	 * With --fix: the texts after fixing, which the positions of the
	 * findings refer to (used for snippets instead of the files), and
	 * what became of each entry, for the JSON "fixes" member.
	 */
	const struct alint_fixed *fixed;
	const struct cli_fix_state *fix_states;
	/*
	 * --baseline and the configuration file: findings i with hidden[i]
	 * set are not printed
	 */
	const unsigned char *hidden;
	/* NULL, or the severity finding i is printed with */
	const enum alint_severity *severity;
	/* the text format ends with the readiness table of the namespaces */
	int readiness;
	/* --group-by-phase: text findings by migration phase, then in order */
	int group_by_phase;
};

/* ---- readiness by namespace (bin/output.c) ----------------------------- */

/* What the shown findings of one namespace say about its migration. */
struct cli_ns_ready {
	const char *name;		/* borrowed from the report */
	size_t blockers;		/* findings with ALINT_RULE_BLOCKER */
	const char **blocker_rules;	/* their rule names, sorted, unique */
	size_t nblocker_rules;
	size_t fixes;			/* findings with an applicable fix */
	int waypoint;			/* a finding says: needs a waypoint */
	size_t errors, warnings, infos;
};

/*
 * The namespaces of the shown findings of report, sorted by name, in *out
 * (free with cli_readiness_free()); *n of them. Findings about the mesh
 * or the cluster (the install phase, install configurations,
 * cluster-scoped objects) make the first row, "(cluster)"; those about no
 * resource (parse and I/O errors) are left out. -1 when out of memory.
 */
int cli_readiness(struct cli_ns_ready **out, size_t *n,
		  const struct cli_output *o,
		  const struct alint_report *report);
void cli_readiness_free(struct cli_ns_ready *v, size_t n);

/* "blocked", "needs work" or "ready". */
const char *cli_ns_verdict(const struct cli_ns_ready *r);

/* The severity finding i of a report is printed and counted with. */
static inline enum alint_severity
cli_severity(const struct cli_output *o, size_t i, const struct alint_diag *d)
{
	return o->severity ? o->severity[i] : d->severity;
}

/* What the command did with one entry of an alint_fixed, in its order. */
struct cli_fix_state {
	int written;		/* written back (a file) or printed (stdin) */
	char *error;		/* why it was not: NULL, or a message */
};

/* Counts that make the summary and the exit status. */
struct cli_summary {
	size_t files;
	size_t documents;
	size_t errors;
	size_t warnings;
	size_t infos;
	size_t io_errors;
	int fixing;		/* --fix: the summary tells the fixes */
	size_t fixes;		/* fixes applied to files written */
	int baselining;		/* --baseline: the summary tells how many */
	size_t baselined;	/* findings absorbed by the baseline */
};

/*
 * Count the findings of report; those with hidden[i] set are left out,
 * and finding i counts as severity[i] when severity is not NULL.
 */
void cli_summary_count(struct cli_summary *sum,
		       const struct alint_report *report,
		       const unsigned char *hidden,
		       const enum alint_severity *severity);

/* Print the findings in the text format. */
void cli_print_text(const struct cli_output *o,
		    const struct alint_report *report);

/* Print the report as one JSON object (version 1). */
void cli_print_json(const struct cli_output *o,
		    const struct alint_report *report,
		    const struct cli_summary *sum);

/*
 * Print the report as a SARIF 2.1.0 log with one run, whose rules are
 * the enabled rules of ctx (--select, --ignore) and those that reported
 * (turned on by a configuration file for some inputs). success is the run's
 * executionSuccessful: no input failed to be read or written.
 */
void cli_print_sarif(const struct cli_output *o,
		     const struct alint_report *report,
		     const struct alint_ctx *ctx, int success);

/* Print one GitHub Actions workflow command (::error etc.) per finding. */
void cli_print_github(const struct cli_output *o,
		      const struct alint_report *report);

/* The one-line summary, on stderr. */
void cli_print_summary(FILE *f, const struct cli_summary *sum);

/* --list-rules in either format. */
void cli_list_rules(FILE *f, const struct alint_ctx *ctx,
		    enum cli_format format);

/* --explain for one rule in either format. */
void cli_explain_rule(FILE *f, const struct alint_ctx *ctx,
		      const struct alint_rule *rule, enum cli_format format);

/* ---- language server (bin/lsp.c) ------------------------------------ */

/*
 * Serve the Language Server Protocol on standard input and output,
 * linting with ctx and the configuration of each document's path (from
 * configs), until the exit notification or the end of input.
 * @return the exit status: 0 after shutdown and exit, else 1
 */
int cli_lsp(struct alint_ctx *ctx, struct cli_configs *configs);

/* Write s as a JSON string (quotes included), for n bytes of s. */
void cli_json_string(FILE *f, const char *s, size_t n);

/* Print "ambient-lint: " and a message on stderr. */
void cli_error(const char *fmt, ...) ALINT_PRINTF(1, 2);

#endif /* AMBIENT_LINT_CLI_H */
