/*
 * ambientlint.h - public API of libambientlint
 *
 * libambientlint parses Istio/Kubernetes YAML manifests into a tree with
 * exact byte spans, runs rules for the migration of a mesh from Istio
 * sidecar mode to ambient mode, and hands back the findings.
 *
 * Conventions:
 *  - every public name starts with alint_ or ALINT_;
 *  - functions return 0 on success or a negative enum alint_error; the
 *    message of the last failure on a context is alint_ctx_errmsg();
 *  - out-parameters come first; an object returned through **out belongs
 *    to the caller, a pointer returned directly is borrowed from its
 *    parent object;
 *  - every _free() accepts NULL;
 *  - the library never prints, never exits and has no global state.
 *
 * Threads: a struct alint_ctx, and everything obtained from it, must be
 * used by one thread at a time; it may be handed between threads.
 * Different contexts may be used by different threads at the same time.
 * A completed struct alint_report is never modified by the library, so
 * several threads may read it at once.
 */
#ifndef AMBIENTLINT_H
#define AMBIENTLINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define ALINT_EXTERN __attribute__((visibility("default")))
#define ALINT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ALINT_EXTERN
#define ALINT_PRINTF(f, a)
#endif

/** Return codes. 0 is success; findings are never errors. */
enum alint_error {
	ALINT_OK = 0,
	ALINT_ERROR = -1,	/**< generic failure; see alint_ctx_errmsg() */
	ALINT_ENOMEM = -2,	/**< out of memory */
	ALINT_EINVAL = -3,	/**< bad argument or unknown struct version */
	ALINT_EIO = -4,		/**< reading or writing a file failed */
	ALINT_EPARSE = -5,	/**< input is not well-formed YAML */
	ALINT_EEXISTS = -6,	/**< rule id or name already registered */
	ALINT_ENOTFOUND = -7,	/**< no rule with that id or name */
	ALINT_ECONFLICT = -8,	/**< a fix's own edits overlap */
	ALINT_ETOOBIG = -9	/**< input larger than max_file_size */
};

/** Severity of a finding, in increasing order. */
enum alint_severity {
	ALINT_SEV_INFO = 0,
	ALINT_SEV_WARNING = 1,
	ALINT_SEV_ERROR = 2
};

/** Make an Istio version number: ALINT_ISTIO_VERSION(1, 24). */
#define ALINT_ISTIO_VERSION(major, minor) ((major) * 100u + (minor))

/** The newest Istio release the built-in rules know (1.30). */
#define ALINT_ISTIO_VERSION_LATEST ALINT_ISTIO_VERSION(1, 30)

/** Default limit on the size of one input, in bytes (256 MiB). */
#define ALINT_MAX_FILE_SIZE_DEFAULT ((size_t)256 << 20)

struct alint_ctx;
struct alint_run;
struct alint_report;

/**
 * Options of a context. Initialise with ALINT_OPTIONS_INIT or
 * alint_options_init(); nothing in it is kept after alint_ctx_new().
 */
struct alint_options {
	unsigned int version;		/**< ALINT_OPTIONS_VERSION */
	unsigned int flags;		/**< ALINT_OPT_* */
	/** Drop findings below this severity. */
	enum alint_severity min_severity;
	/**
	 * NULL-terminated lists of rule ids, names or prefixes of either
	 * ("AL2", "sidecar-"). NULL select means every rule on by default;
	 * ignore wins over select.
	 */
	const char *const *select;
	const char *const *ignore;
	/** Namespace of namespaced objects without metadata.namespace
	 *  ("default"). */
	const char *default_namespace;
	/** Istio root namespace ("istio-system"). */
	const char *root_namespace;
	/** Target Istio version, ALINT_ISTIO_VERSION(); 0 = latest known. */
	unsigned int istio_version;
	/** Worker threads for alint_run_lint(); 0 or 1 = the caller's. */
	unsigned int threads;
	/** Largest input accepted, in bytes; 0 = the default (256 MiB). */
	size_t max_file_size;
};

/**
 * Flag of struct alint_options: ignore the inline suppression comments
 * ("# ambient-lint: disable-line=...") of the inputs.
 */
#define ALINT_OPT_NO_INLINE_CONFIG (1u << 0)
/**
 * Flag of struct alint_options: let fixes migrate namespaces that have a
 * migration blocker (an EnvoyFilter on their sidecars, a PeerAuthentication
 * with mode DISABLE, SPIRE, VM workloads). Without it the enrolment and
 * cleanup fixes of such a namespace are withheld (it stays in sidecar
 * mode) and their findings name the blocker.
 */
#define ALINT_OPT_MIGRATE_BLOCKED (1u << 1)

#define ALINT_OPTIONS_VERSION 1
#define ALINT_OPTIONS_INIT { ALINT_OPTIONS_VERSION, 0, ALINT_SEV_INFO, \
	NULL, NULL, NULL, NULL, 0, 0, 0 }

/** A position in an input: line and column 1-based, column in code points. */
struct alint_pos {
	size_t line;
	size_t column;
	size_t offset;		/**< 0-based byte offset into the input */
};

/** A secondary location of a finding (for example the Service it means). */
struct alint_related {
	const char *file;
	struct alint_pos start;
	struct alint_pos end;
	const char *message;
};

/** How far a fix may be trusted. */
enum alint_fix_safety {
	ALINT_FIX_SAFE = 0,	/**< keeps the meaning */
	ALINT_FIX_UNSAFE = 1,	/**< changes runtime behaviour on purpose */
	ALINT_FIX_DISPLAY = 2	/**< shown, never applied */
};

/**
 * The step of a sidecar-to-ambient migration a finding belongs to, in the
 * order of Istio's migration guide.
 */
enum alint_phase {
	ALINT_PHASE_NONE = 0,		/**< not a migration step */
	ALINT_PHASE_INSTALL = 1,	/**< install ambient components */
	ALINT_PHASE_WAYPOINTS = 2,	/**< deploy and bind waypoints */
	ALINT_PHASE_POLICIES = 3,	/**< move policies to waypoints */
	ALINT_PHASE_ENROL = 4,		/**< enrol workloads in ambient */
	ALINT_PHASE_CLEANUP = 5		/**< remove sidecar-mode settings */
};

/** Replace input bytes [start, end) with text (text_len bytes). */
struct alint_edit {
	size_t start;
	size_t end;
	const char *text;
	size_t text_len;
};

/** A fix: its edits are sorted by start and do not overlap. */
struct alint_fix {
	const char *description;
	enum alint_fix_safety safety;
	const struct alint_edit *edits;
	size_t nedits;
};

/**
 * One finding. Handed out as const by alint_report_get(); members may only
 * be appended in later versions. Strings are never NULL unless noted.
 */
struct alint_diag {
	const char *rule_id;		/**< "AL2001" */
	const char *rule_name;		/**< "namespace-injection-label" */
	enum alint_severity severity;
	const char *message;
	const char *file;
	struct alint_pos start;
	struct alint_pos end;		/**< exclusive */
	const char *path;		/**< YAML path ("/metadata/labels") */
	size_t document;		/**< 0-based document of the stream */
	/** The resource the finding is about; NULL members when unknown. */
	const char *api_version;
	const char *kind;
	const char *namespace_name;
	const char *name;
	const struct alint_related *related;
	size_t nrelated;
	const struct alint_fix *fix;	/**< NULL: no automatic fix */
	enum alint_phase phase;		/**< the rule's migration phase */
	/** the rule's ALINT_RULE_* flags (BLOCKER and WAYPOINT as the
	 *  rule set them for this finding: alint_finding_set_flags()) */
	unsigned int rule_flags;
};

/** The library version as a string ("0.1.0"). */
ALINT_EXTERN const char *alint_version(void);

/** Static text for an enum alint_error. */
ALINT_EXTERN const char *alint_strerror(int error);

/** Static name of a severity: "error", "warning", "info". */
ALINT_EXTERN const char *alint_severity_name(enum alint_severity sev);

/**
 * Parse a severity name.
 * @return 0, or ALINT_EINVAL when name is not error, warning or info
 */
ALINT_EXTERN int alint_severity_parse(enum alint_severity *out,
				      const char *name);

/**
 * Initialise opts with the defaults of the given structure version.
 * @return 0 or ALINT_EINVAL for an unknown version
 */
ALINT_EXTERN int alint_options_init(struct alint_options *opts,
				    unsigned int version);

/**
 * Create a context: the rule registry and the settings of lint runs.
 * @param out receives the context, NULL on failure
 * @param opts options, or NULL for the defaults; copied
 * @return 0, ALINT_ENOMEM, ALINT_EINVAL (bad version or values) or
 *         ALINT_ENOTFOUND (a select/ignore entry matches no rule)
 */
ALINT_EXTERN int alint_ctx_new(struct alint_ctx **out,
			       const struct alint_options *opts);

/**
 * Replace the rule selection of ctx: select and ignore are NULL-terminated
 * lists of rule ids, names or prefixes, as in struct alint_options. On
 * failure the selection is unchanged and alint_ctx_errmsg() names the
 * pattern.
 * @return 0, ALINT_ENOMEM or ALINT_ENOTFOUND (a pattern matches no rule)
 */
ALINT_EXTERN int alint_ctx_set_filters(struct alint_ctx *ctx,
				       const char *const *select,
				       const char *const *ignore);

/** Free a context. NULL is a harmless no-op. */
ALINT_EXTERN void alint_ctx_free(struct alint_ctx *ctx);

/**
 * Message of the last failed call on ctx; "" when there was none. Borrowed
 * until the next call on ctx. Never NULL.
 */
ALINT_EXTERN const char *alint_ctx_errmsg(const struct alint_ctx *ctx);

/**
 * Start a lint run: a set of inputs linted together, so that rules can
 * resolve references across files (a policy in one file, the Service it
 * selects in another).
 */
ALINT_EXTERN int alint_run_new(struct alint_run **out, struct alint_ctx *ctx);

/** Free a run. NULL is a harmless no-op. */
ALINT_EXTERN void alint_run_free(struct alint_run *run);

/**
 * Add a YAML stream held in memory; buf is copied. A buffer larger than
 * max_file_size is not copied and becomes an AL0000 (io-error) finding,
 * like a file.
 * @param name the name used in findings ("-" style names are fine)
 */
ALINT_EXTERN int alint_run_add_buffer(struct alint_run *run, const char *name,
				      const char *buf, size_t len);

/**
 * Add a file by path. It is read when the run is linted; a file that
 * cannot be read (missing, unreadable, not a regular file, larger than
 * max_file_size) becomes a finding of rule AL0000 (io-error) and is
 * counted by alint_report_io_errors().
 */
ALINT_EXTERN int alint_run_add_file(struct alint_run *run, const char *path);

/**
 * Add a file that is parsed for cross-file resolution (Services,
 * namespaces, workloads) but not reported on.
 */
ALINT_EXTERN int alint_run_add_context_file(struct alint_run *run,
					    const char *path);

/**
 * Lint every input of the run. The input-level rules AL0000 (io-error),
 * AL0001 (yaml-syntax), AL0004 (nesting-too-deep), AL0007 (binary-file)
 * and AL0008 (template-not-yaml) say that an input could not be linted
 * at all: they are reported whatever the selection, unless ignored by
 * their exact id or name. Findings come in input order, then by
 * position, the same for every thread count. Unreadable inputs are
 * findings of rule AL0000 (io-error) with severity error, and the call
 * still returns 0; alint_report_io_errors() counts them. After it the
 * run can only be freed: it frees the texts and trees of its inputs as
 * soon as the report is made, which does not point into the run.
 * @param out receives the report
 */
ALINT_EXTERN int alint_run_lint(struct alint_report **out,
				struct alint_run *run);

/**
 * Lint one YAML stream in memory (all its documents); buf is copied.
 */
ALINT_EXTERN int alint_lint_buffer(struct alint_report **out,
				   struct alint_ctx *ctx, const char *name,
				   const char *buf, size_t len);

/** Lint one file. */
ALINT_EXTERN int alint_lint_file(struct alint_report **out,
				 struct alint_ctx *ctx, const char *path);

/** Number of findings in a report. */
ALINT_EXTERN size_t alint_report_count(const struct alint_report *report);

/**
 * Finding number idx (0-based); NULL when out of range. Borrowed until
 * alint_report_free().
 */
ALINT_EXTERN const struct alint_diag *
alint_report_get(const struct alint_report *report, size_t idx);

/** Number of inputs that could not be read (I/O errors). */
ALINT_EXTERN size_t alint_report_io_errors(const struct alint_report *report);

/** Number of inputs linted (files and buffers; context files excluded). */
ALINT_EXTERN size_t alint_report_inputs(const struct alint_report *report);

/** Number of YAML documents parsed in reported inputs. */
ALINT_EXTERN size_t alint_report_documents(const struct alint_report *report);

/** Free a report. NULL is a harmless no-op. */
ALINT_EXTERN void alint_report_free(struct alint_report *report);

/* ---- fixes -------------------------------------------------------------- */

struct alint_fixed;

/** Apply unsafe fixes too (they change runtime behaviour on purpose). */
#define ALINT_FIX_APPLY_UNSAFE (1u << 0)

/**
 * Options of alint_run_fix(). Initialise with ALINT_FIX_OPTIONS_INIT or
 * alint_fix_options_init().
 */
struct alint_fix_options {
	unsigned int version;		/**< ALINT_FIX_OPTIONS_VERSION */
	unsigned int flags;		/**< ALINT_FIX_APPLY_UNSAFE */
	/** Lint-and-fix passes at most; 0 = 10. */
	unsigned int max_passes;
};

#define ALINT_FIX_OPTIONS_VERSION 1
#define ALINT_FIX_OPTIONS_INIT { ALINT_FIX_OPTIONS_VERSION, 0, 0 }

ALINT_EXTERN int alint_fix_options_init(struct alint_fix_options *opts,
					unsigned int version);

/** What fixing did to one input of a run. */
struct alint_fixed_input {
	const char *file;		/**< as added to the run */
	int is_buffer;			/**< added with alint_run_add_buffer */
	const char *original;		/**< the text as read */
	size_t original_len;
	const char *text;		/**< the text after every applied fix */
	size_t len;
	int changed;			/**< text differs from original */
	size_t applied;			/**< fixes applied, over all passes */
	/** Fixes not applied: overlapping ones still left after the last
	 * pass, and fixes whose result failed verification. */
	size_t skipped;
	int converged;			/**< no fix was left to apply */
	/**
	 * NULL, or why the input must not be written: its rewritten text did
	 * not parse, or changed more than the applied fixes declared. The
	 * message names the rules. text then equals original.
	 */
	const char *error;
	/**
	 * NULL, or why fixes of the input were held back without an error
	 * (skipped > 0): it is never fixed (unreadable, a syntax error, a
	 * template, binary data, YAML kubectl reads otherwise), or a
	 * rewrite of it cannot be verified. Static text.
	 */
	const char *skip_reason;
};

/**
 * Lint the run, apply the fixes of its findings to the texts in memory,
 * and repeat (fixes that overlapped an applied one are tried again on
 * the next pass) until no fix applies or max_passes is reached. Every
 * rewritten text is parsed again, with libfyaml and with libyaml, and its
 * Kubernetes view (YAML 1.1 typing, documents in order) compared with
 * the original's outside the paths the applied fixes declared; an input
 * that fails keeps its original text and gets an error. Nothing is
 * written to disk: see alint_fixed_write().
 * @param out receives the fixing result, one entry per reported input
 * After it the run can only be freed.
 * @param report receives the findings left after fixing, positions in
 *        the fixed texts (may be NULL)
 */
ALINT_EXTERN int alint_run_fix(struct alint_fixed **out,
			       struct alint_report **report,
			       struct alint_run *run,
			       const struct alint_fix_options *opts);

ALINT_EXTERN size_t alint_fixed_count(const struct alint_fixed *fixed);
/** Entry idx, in input order; borrowed until alint_fixed_free(). */
ALINT_EXTERN const struct alint_fixed_input *
alint_fixed_get(const struct alint_fixed *fixed, size_t idx);

/**
 * Write entry idx back to its file, atomically: a temporary file in the
 * same directory, with the same mode, then rename(2); an unchanged entry
 * is a no-op that returns 0. A symbolic link is
 * written through to its target, never replaced. Refused when the file
 * changed after it was read, when the entry has an error, or for
 * buffers. On failure the file is untouched and alint_fixed_errmsg()
 * says why.
 * @return 0, ALINT_EIO, ALINT_EINVAL or ALINT_ECONFLICT (changed on disk)
 */
ALINT_EXTERN int alint_fixed_write(struct alint_fixed *fixed, size_t idx);

/**
 * Message of the last failed alint_fixed_write(), naming the file (for
 * example "ns.yaml is read-only; not written"); "" if none.
 */
ALINT_EXTERN const char *alint_fixed_errmsg(const struct alint_fixed *fixed);

/** Free a fixing result. NULL is a harmless no-op. */
ALINT_EXTERN void alint_fixed_free(struct alint_fixed *fixed);

/** Metadata of a rule, as registered. */
struct alint_rule;

/** Number of rules registered in ctx (built-in and third-party). */
ALINT_EXTERN size_t alint_ctx_rule_count(const struct alint_ctx *ctx);

/** Rule number idx, sorted by id; borrowed until alint_ctx_free(). */
ALINT_EXTERN const struct alint_rule *
alint_ctx_rule_get(const struct alint_ctx *ctx, size_t idx);

/**
 * Find a rule by id ("AL2001") or name ("namespace-injection-label").
 * @return 0 or ALINT_ENOTFOUND
 */
ALINT_EXTERN int alint_ctx_rule_lookup(const struct alint_rule **out,
				       const struct alint_ctx *ctx,
				       const char *id_or_name);

/** Whether a rule is enabled in ctx (select/ignore applied). */
ALINT_EXTERN int alint_ctx_rule_enabled(const struct alint_ctx *ctx,
					const struct alint_rule *rule);

/* Accessors so applications need not include ambientlint/rule.h. */
ALINT_EXTERN const char *alint_rule_id(const struct alint_rule *rule);
ALINT_EXTERN const char *alint_rule_name(const struct alint_rule *rule);
ALINT_EXTERN enum alint_severity
alint_rule_severity(const struct alint_rule *rule);
ALINT_EXTERN const char *alint_rule_summary(const struct alint_rule *rule);
/**
 * The rule's flags: ALINT_RULE_OPT_IN (1, off unless selected),
 * ALINT_RULE_BLOCKER (2, its findings block the migration of their
 * namespace), ALINT_RULE_WAYPOINT (4, its findings mean the namespace
 * needs a waypoint).
 */
ALINT_EXTERN unsigned int alint_rule_flags(const struct alint_rule *rule);
/** The rule's migration phase (ALINT_PHASE_NONE for version-1 rules). */
ALINT_EXTERN enum alint_phase alint_rule_phase(const struct alint_rule *rule);
/** "install", "waypoints", "policies", "enrol", "cleanup" or "none". */
ALINT_EXTERN const char *alint_phase_name(enum alint_phase phase);
ALINT_EXTERN const char *alint_rule_doc(const struct alint_rule *rule);
ALINT_EXTERN const char *alint_rule_example_bad(const struct alint_rule *rule);
ALINT_EXTERN const char *
alint_rule_example_good(const struct alint_rule *rule);

/**
 * Whether a rule pattern, as in the select and ignore lists of struct
 * alint_options (an id, a name, a prefix of either, or ALL), matches the
 * rule with this id and name. Ids compare without regard to case.
 */
ALINT_EXTERN int alint_rule_pattern_matches(const char *pattern,
					    const char *rule_id,
					    const char *rule_name);

/* ---- configuration file ------------------------------------------------- */

/* ---- rule settings per input -------------------------------------------- */

/**
 * A ruleset: which rules run on an input and with which severity, for
 * inputs that need other settings than the context's (a configuration
 * file per directory, per-path overrides). It starts as the context's
 * selection with every rule's own severity; each call below then changes
 * the rules its pattern matches (an id, a name, a prefix of either, or
 * ALL, as in struct alint_options), later calls winning. A ruleset is
 * about the rules of its context when it was made: register third-party
 * rules first. It borrows the context, which must outlive it.
 * Errors: ALINT_ENOTFOUND when a pattern matches no rule (the ruleset is
 * then unchanged for that call; alint_ctx_errmsg() names the pattern),
 * ALINT_EINVAL, ALINT_ENOMEM.
 */
struct alint_ruleset;

/** A ruleset equal to the context's current selection. */
ALINT_EXTERN int alint_ruleset_new(struct alint_ruleset **out,
				   struct alint_ctx *ctx);

/** Free a ruleset. NULL is a harmless no-op. */
ALINT_EXTERN void alint_ruleset_free(struct alint_ruleset *rs);

/**
 * Select rules again, as alint_ctx_set_filters() does, from select and
 * ignore (NULL-terminated; NULL: the context's list). Severities set
 * before are kept.
 */
ALINT_EXTERN int alint_ruleset_select(struct alint_ruleset *rs,
				      const char *const *select,
				      const char *const *ignore);

/** Turn matching rules on, opt-in rules too. */
ALINT_EXTERN int alint_ruleset_enable(struct alint_ruleset *rs,
				      const char *pattern);

/**
 * Turn matching rules off. The input-level rules (see alint_run_lint())
 * are only turned off by their exact id or name.
 */
ALINT_EXTERN int alint_ruleset_disable(struct alint_ruleset *rs,
				       const char *pattern);

/** Give the findings of matching rules severity sev. */
ALINT_EXTERN int alint_ruleset_severity(struct alint_ruleset *rs,
					const char *pattern,
					enum alint_severity sev);

/** Whether rule runs under rs. */
ALINT_EXTERN int alint_ruleset_rule_enabled(const struct alint_ruleset *rs,
					    const struct alint_rule *rule);

/**
 * The severity the findings of rule get under rs.
 * @return 0, ALINT_EINVAL or ALINT_ENOTFOUND (not a rule of the context)
 */
ALINT_EXTERN int alint_ruleset_rule_severity(enum alint_severity *out,
					     const struct alint_ruleset *rs,
					     const struct alint_rule *rule);

/**
 * Govern the inputs added to run from now on by rs (copied: rs may be
 * changed or freed afterwards); NULL returns to the context's selection.
 * The engine applies it while linting, fixing (alint_run_fix()) and in
 * the inline suppressions: a rule that is off does not run on those
 * inputs, so its fixes are never applied, and min_severity and the
 * report see the ruleset's severity. Context files are not reported, so
 * a ruleset changes nothing for them.
 * @return 0, ALINT_EINVAL (rs from another context, or a rule was
 *         registered since it was made) or ALINT_ENOMEM
 */
ALINT_EXTERN int alint_run_set_ruleset(struct alint_run *run,
				       const struct alint_ruleset *rs);

/**
 * A configuration file (.ambient-lint.yaml) read by alint_config_load():
 * read-only settings for an application to apply. Top-level keys:
 *
 *     rules:                  # rule patterns, as in struct alint_options
 *       enable: [AL2, ...]    # the select list
 *       disable: [...]        # the ignore list
 *       severity: {AL2001: error}   # severity of a rule's findings
 *     istio-version: "1.24"   # a string: unquoted, 1.10 is a number
 *     root-namespace: istio-system
 *     namespace: default
 *     exclude: [glob, ...]    # paths relative to the file's directory
 *     overrides:              # later entries win
 *       - files: [glob, ...]
 *         rules: {enable: [...], disable: [...], severity: {...}}
 *
 * A list may also be written as one string. Strings are borrowed until
 * alint_config_free(). Patterns of exclude and overrides are matched
 * with fnmatch(3) and FNM_PATHNAME against paths relative to the
 * directory of the file (alint_config_dir()).
 */
struct alint_config;

/**
 * Read and check a configuration file.
 * @param out receives the configuration, NULL on failure
 * @param errbuf receives a message on failure, "FILE:LINE:COL: why" for
 *        a bad key or value (may be NULL when errlen is 0)
 * @return 0, ALINT_EIO (unreadable), ALINT_EPARSE (not YAML),
 *         ALINT_EINVAL (unknown key or bad value) or ALINT_ENOMEM
 */
ALINT_EXTERN int alint_config_load(struct alint_config **out,
				   const char *path, char *errbuf,
				   size_t errlen);

/** Free a configuration. NULL is a harmless no-op. */
ALINT_EXTERN void alint_config_free(struct alint_config *cfg);

/** The path the configuration was loaded from. */
ALINT_EXTERN const char *alint_config_path(const struct alint_config *cfg);

/** istio-version as ALINT_ISTIO_VERSION(); 0 when not set. */
ALINT_EXTERN unsigned int
alint_config_istio_version(const struct alint_config *cfg);

/** root-namespace and namespace; NULL when not set. */
ALINT_EXTERN const char *
alint_config_root_namespace(const struct alint_config *cfg);
ALINT_EXTERN const char *
alint_config_namespace(const struct alint_config *cfg);

/** rules.enable and rules.disable, NULL-terminated; NULL when not set. */
ALINT_EXTERN const char *const *
alint_config_rules_enable(const struct alint_config *cfg);
ALINT_EXTERN const char *const *
alint_config_rules_disable(const struct alint_config *cfg);

/** Number of rules.severity entries, in file order. */
ALINT_EXTERN size_t
alint_config_severity_count(const struct alint_config *cfg);

/**
 * Entry idx of rules.severity: a rule pattern and its severity.
 * @return 0 or ALINT_EINVAL (idx out of range)
 */
ALINT_EXTERN int alint_config_severity_get(const struct alint_config *cfg,
					   size_t idx, const char **rule,
					   enum alint_severity *sev);

/** exclude, NULL-terminated; an empty list when not set. */
ALINT_EXTERN const char *const *
alint_config_exclude(const struct alint_config *cfg);

/** Number of overrides, in file order. */
ALINT_EXTERN size_t
alint_config_override_count(const struct alint_config *cfg);

/** files of override idx (NULL-terminated); NULL when out of range. */
ALINT_EXTERN const char *const *
alint_config_override_files(const struct alint_config *cfg, size_t idx);

/** rules.disable of override idx; NULL when not set. */
ALINT_EXTERN const char *const *
alint_config_override_disable(const struct alint_config *cfg, size_t idx);

/** Number of rules.severity entries of override idx. */
ALINT_EXTERN size_t
alint_config_override_severity_count(const struct alint_config *cfg,
				     size_t idx);

/**
 * Entry j of rules.severity of override idx.
 * @return 0 or ALINT_EINVAL (out of range)
 */
ALINT_EXTERN int
alint_config_override_severity_get(const struct alint_config *cfg,
				   size_t idx, size_t j, const char **rule,
				   enum alint_severity *sev);

/** rules.enable of override idx; NULL when not set. */
ALINT_EXTERN const char *const *
alint_config_override_enable(const struct alint_config *cfg, size_t idx);

/** The directory of the configuration file, resolved (realpath(3)). */
ALINT_EXTERN const char *alint_config_dir(const struct alint_config *cfg);

/**
 * Whether the exclude patterns of cfg match path (a file or directory;
 * relative to the current directory, or absolute). A path outside the
 * configuration's directory is never excluded; one that does not exist
 * (such as a name given to standard input) is taken as it is written.
 * @return 1, 0, or ALINT_EINVAL or ALINT_ENOMEM
 */
ALINT_EXTERN int alint_config_excluded(const struct alint_config *cfg,
				       const char *path);

/** alint_config_ruleset(): the context's select list wins over
 * rules.enable (and overrides cannot turn on a rule it leaves out). */
#define ALINT_CONFIG_KEEP_SELECT (1u << 0)
/** alint_config_ruleset(): the context's ignore list wins over
 * rules.disable (and overrides cannot turn on a rule it names). */
#define ALINT_CONFIG_KEEP_IGNORE (1u << 1)

/**
 * The ruleset that cfg gives the input path: starting from the context's
 * selection, rules.enable and rules.disable replace the context's select
 * and ignore lists (unless flags keep them), rules.severity applies,
 * then every override whose files match path, in file order: its
 * enable, its disable, its severity. path may be NULL (no override
 * applies). Run-wide settings (istio-version, root-namespace, namespace)
 * are not part of a ruleset: they are options of the context.
 * @param out receives the ruleset, owned by the caller
 * @return 0, ALINT_ENOTFOUND (a pattern of cfg matches no rule; the
 *         message names the file, the key and the pattern), ALINT_EINVAL
 *         or ALINT_ENOMEM
 */
ALINT_EXTERN int alint_config_ruleset(struct alint_ruleset **out,
				      struct alint_ctx *ctx,
				      const struct alint_config *cfg,
				      const char *path, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif /* AMBIENTLINT_H */
