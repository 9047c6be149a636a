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

struct cli_config;

/*
 * Add the inputs named by a command-line path: a file, or every *.yaml and
 * *.yml file below a directory (sorted by name, hidden entries, special
 * files, symlink loops and symlinks out of the tree skipped). A FIFO given
 * explicitly (as with <(command)) is read into a buffer of at most
 * max_size bytes. Problems are reported on stderr and counted in
 * *io_errors. Entries of a directory that the exclude patterns of cfg
 * (when not NULL) match are skipped, a directory with all below it; path
 * itself is never excluded.
 * @return 0, or -1 when out of memory (already reported)
 */
int cli_walk(struct cli_inputs *inputs, const char *path, size_t max_size,
	     size_t *io_errors, const struct cli_config *cfg);

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

/* ---- configuration file (bin/config.c) ------------------------------ */

/* The configuration of a run: a loaded .ambient-lint.yaml, or none. */
struct cli_config {
	struct alint_config *cfg;	/* NULL: no configuration file */
	char *dir;			/* its directory, resolved */
};

/*
 * Find and load the configuration: path (--config) when not NULL, else
 * the first .ambient-lint.yaml from the directory of first (a PATH
 * argument; NULL or "-": the current directory) upward, stopping at a
 * directory holding .git or at /. Finding none is not an error.
 * @return 0, or -1 (told on stderr)
 */
int cli_config_open(struct cli_config *cc, const char *path,
		    const char *first);

/* Whether the exclude patterns of cc match path. */
int cli_config_excluded(const struct cli_config *cc, const char *path);

/*
 * Apply rules.severity and the overrides of cc to the findings of
 * report: set hidden[i] for a finding that an override disables, and
 * severity[i] (filled in with every finding's own severity first).
 * @return 0, or -1 when out of memory (told)
 */
int cli_config_apply(const struct cli_config *cc,
		     const struct alint_report *report, unsigned char *hidden,
		     enum alint_severity *severity);

/*
 * Check that every rule pattern of cc (rules and overrides) matches a
 * rule of ctx. 0, or -1 (told).
 */
int cli_config_check(const struct cli_config *cc, const struct alint_ctx *ctx);

void cli_config_close(struct cli_config *cc);

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
	/* NULL, or the severity finding i is printed with (rules.severity) */
	const enum alint_severity *severity;
};

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
 * the enabled rules of ctx (--select, --ignore). success is the run's
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
 * linting with ctx, until the exit notification or the end of input.
 * @return the exit status: 0 after shutdown and exit, else 1
 */
int cli_lsp(struct alint_ctx *ctx);

/* Write s as a JSON string (quotes included), for n bytes of s. */
void cli_json_string(FILE *f, const char *s, size_t n);

/* Print "ambient-lint: " and a message on stderr. */
void cli_error(const char *fmt, ...) ALINT_PRINTF(1, 2);

#endif /* AMBIENT_LINT_CLI_H */
