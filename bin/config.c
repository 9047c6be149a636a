/*
 * config.c - the configuration files of the ambient-lint command
 *
 * Every input is governed by the .ambient-lint.yaml found from its own
 * directory upward (or the --config file, or none with --no-config).
 * This file finds and caches them; libambientlint reads them, matches
 * their exclude patterns and turns their rules and overrides into the
 * ruleset of each input, which the engine applies while linting.
 */
/* realpath() is an XSI function; the build only sets _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ambientlint.h>

#include "cli.h"

#define CONFIG_NAME ".ambient-lint.yaml"

/* dir "/" name, malloc'ed; "." gives name alone. */
static char *
join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *s;

	if (strcmp(dir, ".") == 0)
		dl = 0;
	s = malloc(dl + nl + 2);
	if (!s)
		return NULL;
	memcpy(s, dir, dl);
	if (dl && dir[dl - 1] != '/')
		s[dl++] = '/';
	memcpy(s + dl, name, nl + 1);
	return s;
}

/* The directory part of path ("." when it has none), malloc'ed. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *s;

	if (!slash)
		return strdup(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, path, n);
	s[n] = '\0';
	return s;
}

static int
exists(const char *dir, const char *name)
{
	struct stat st;
	char *p = join(dir, name);
	int r;

	if (!p)
		return -1;
	r = stat(p, &st) == 0;
	free(p);
	return r;
}

/*
 * Look for CONFIG_NAME from start upward. *out gets its path, as seen
 * from the current directory (start, then start/.., ...), or NULL.
 * 0, or -1 when out of memory.
 */
static int
discover(char **out, const char *start)
{
	char *shown, *real, *up, *slash;
	int r;

	*out = NULL;
	shown = strdup(start);
	real = realpath(start, NULL);
	if (!shown || !real) {
		free(shown);
		free(real);
		/* a start that does not exist has no configuration */
		return errno == ENOMEM ? -1 : 0;
	}
	for (;;) {
		r = exists(shown, CONFIG_NAME);
		if (r > 0) {
			*out = join(shown, CONFIG_NAME);
			break;
		}
		if (r < 0 || exists(shown, ".git") != 0 ||
		    strcmp(real, "/") == 0)
			break;
		up = strcmp(shown, ".") == 0 ? strdup("..") :
			join(shown, "..");
		if (!up) {
			r = -1;
			break;
		}
		free(shown);
		shown = up;
		slash = strrchr(real, '/');
		if (slash == real)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(shown);
	free(real);
	if (r < 0 || (r > 0 && !*out))
		return -1;
	return 0;
}


/* The loaded configuration whose file resolves to real, or NULL. */
static struct alint_config *
loaded(const struct cli_configs *cs, const char *real)
{
	size_t i;

	for (i = 0; i < cs->nloaded; i++)
		if (strcmp(cs->loaded[i].real, real) == 0)
			return cs->loaded[i].cfg;
	return NULL;
}

/* Load path (shown as given) unless loaded already. 0 or -1 (told). */
static int
load(struct cli_configs *cs, struct alint_config **out, const char *path)
{
	struct cli_config_file *v;
	char err[512], *real;
	int error;

	*out = NULL;
	real = realpath(path, NULL);
	if (real) {
		*out = loaded(cs, real);
		if (*out) {
			free(real);
			return 0;
		}
	}
	v = realloc(cs->loaded, (cs->nloaded + 1) * sizeof(*v));
	if (!v) {
		free(real);
		cli_error("out of memory");
		return -1;
	}
	cs->loaded = v;
	error = alint_config_load(out, path, err, sizeof(err));
	if (error) {
		cli_error("%s", err[0] ? err : alint_strerror(error));
		free(real);
		return -1;
	}
	memset(&v[cs->nloaded], 0, sizeof(*v));
	v[cs->nloaded].cfg = *out;
	v[cs->nloaded].real = real ? real : strdup(path);
	if (!v[cs->nloaded].real) {
		alint_config_free(*out);
		cli_error("out of memory");
		return -1;
	}
	cs->nloaded++;
	if (cs->ctx && cli_config_check(*out, cs->ctx) < 0)
		return -1;
	return 0;
}

/*
 * The configuration governing the files of directory dir (as seen from
 * the current directory): cached by resolved directory.
 */
static int
for_dir(struct cli_configs *cs, struct alint_config **out, const char *dir)
{
	struct cli_config_dir *v;
	char *real, *found = NULL;
	size_t i;

	*out = NULL;
	real = realpath(dir, NULL);
	if (!real) {
		if (errno == ENOMEM) {
			cli_error("out of memory");
			return -1;
		}
		/* a directory that does not exist: the current one's */
		return strcmp(dir, ".") == 0 ? 0 : for_dir(cs, out, ".");
	}
	for (i = 0; i < cs->ndirs; i++) {
		if (strcmp(cs->dirs[i].real, real) == 0) {
			free(real);
			*out = cs->dirs[i].cfg;
			return 0;
		}
	}
	if (discover(&found, dir) < 0 || (found && load(cs, out, found) < 0)) {
		if (!found)
			cli_error("out of memory");
		free(found);
		free(real);
		return -1;
	}
	free(found);
	v = realloc(cs->dirs, (cs->ndirs + 1) * sizeof(*v));
	if (!v) {
		free(real);
		cli_error("out of memory");
		return -1;
	}
	cs->dirs = v;
	v[cs->ndirs].real = real;
	v[cs->ndirs].cfg = *out;
	cs->ndirs++;
	return 0;
}

int
cli_configs_open(struct cli_configs *cs, const char *path, int none,
		 const char *first)
{
	struct stat st;
	char *start;
	int r;

	memset(cs, 0, sizeof(*cs));
	cs->none = none;
	if (none)
		return 0;
	if (path) {
		if (load(cs, &cs->forced, path) < 0)
			return -1;
		cs->first = cs->forced;
		return 0;
	}
	if (!first || strcmp(first, "-") == 0)
		start = strdup(".");
	else if (stat(first, &st) == 0 && S_ISDIR(st.st_mode))
		start = strdup(first);
	else
		start = dir_of(first);
	if (!start) {
		cli_error("out of memory");
		return -1;
	}
	r = for_dir(cs, &cs->first, start);
	free(start);
	return r;
}

int
cli_configs_for(struct cli_configs *cs, struct alint_config **out,
		const char *path)
{
	char *dir;
	int r;

	*out = NULL;
	if (cs->none)
		return 0;
	if (cs->forced) {
		*out = cs->forced;
		return 0;
	}
	dir = dir_of(path);
	if (!dir) {
		cli_error("out of memory");
		return -1;
	}
	/* the files of a directory come together: no realpath() each */
	if (cs->last_dir && strcmp(cs->last_dir, dir) == 0) {
		free(dir);
		*out = cs->last_cfg;
		return 0;
	}
	r = for_dir(cs, out, dir);
	free(cs->last_dir);
	cs->last_dir = r < 0 ? NULL : dir;
	cs->last_cfg = *out;
	if (r < 0)
		free(dir);
	return r;
}

int
cli_configs_excluded(struct cli_configs *cs, const char *path)
{
	struct alint_config *cfg;
	int r;

	if (cli_configs_for(cs, &cfg, path) < 0)
		return -1;
	if (!cfg)
		return 0;
	r = alint_config_excluded(cfg, path);
	if (r == ALINT_ENOMEM) {
		cli_error("out of memory");
		return -1;
	}
	return r > 0;
}

int
cli_configs_set_ctx(struct cli_configs *cs, struct alint_ctx *ctx,
		    unsigned int flags)
{
	size_t i;

	cs->ctx = ctx;
	cs->flags = flags;
	for (i = 0; i < cs->nloaded; i++)
		if (cli_config_check(cs->loaded[i].cfg, ctx) < 0)
			return -1;
	return 0;
}

int
cli_configs_apply(struct cli_configs *cs, struct alint_run *run,
		  const char *path)
{
	struct alint_config *cfg;
	struct cli_config_file *f = NULL;
	struct alint_ruleset *rs = NULL;
	size_t i;
	int error;

	if (cli_configs_for(cs, &cfg, path) < 0)
		return ALINT_ERROR;
	if (!cfg)
		return alint_run_set_ruleset(run, NULL);
	for (i = 0; i < cs->nloaded; i++)
		if (cs->loaded[i].cfg == cfg)
			f = &cs->loaded[i];
	/* without overrides, one ruleset serves every file */
	if (f && f->ruleset)
		return alint_run_set_ruleset(run, f->ruleset);
	error = alint_config_ruleset(&rs, cs->ctx, cfg, path, cs->flags);
	if (error) {
		cli_error("%s", *alint_ctx_errmsg(cs->ctx) ?
			  alint_ctx_errmsg(cs->ctx) : alint_strerror(error));
		return ALINT_ERROR;
	}
	error = alint_run_set_ruleset(run, rs);
	if (error)
		cli_error("%s", alint_ctx_errmsg(cs->ctx));
	if (f && alint_config_override_count(cfg) == 0)
		f->ruleset = rs;
	else
		alint_ruleset_free(rs);
	return error ? ALINT_ERROR : 0;
}

void
cli_configs_close(struct cli_configs *cs)
{
	size_t i;

	for (i = 0; i < cs->nloaded; i++) {
		alint_ruleset_free(cs->loaded[i].ruleset);
		alint_config_free(cs->loaded[i].cfg);
		free(cs->loaded[i].real);
	}
	for (i = 0; i < cs->ndirs; i++)
		free(cs->dirs[i].real);
	free(cs->loaded);
	free(cs->dirs);
	free(cs->last_dir);
	memset(cs, 0, sizeof(*cs));
}

/* Whether pattern matches a rule of ctx. */
static int
known(const struct alint_ctx *ctx, const char *pattern)
{
	const struct alint_rule *r;
	size_t i, n = alint_ctx_rule_count(ctx);

	for (i = 0; i < n; i++) {
		r = alint_ctx_rule_get(ctx, i);
		if (alint_rule_pattern_matches(pattern, alint_rule_id(r),
					       alint_rule_name(r)))
			return 1;
	}
	return 0;
}

static int
unknown(const struct alint_config *cfg, const char *what,
	const char *pattern)
{
	cli_error("%s: %s: '%s' matches no rule", alint_config_path(cfg),
		  what, pattern);
	fputs("Try '" CLI_NAME " --list-rules' for the list of rules.\n",
	      stderr);
	return -1;
}

/* Every pattern of list is known; what names the key. */
static int
check_list(const struct alint_config *cfg, const struct alint_ctx *ctx,
	   const char *const *list, const char *what)
{
	size_t j;

	for (j = 0; list && list[j]; j++)
		if (!known(ctx, list[j]))
			return unknown(cfg, what, list[j]);
	return 0;
}

int
cli_config_check(const struct alint_config *cfg, const struct alint_ctx *ctx)
{
	const char *rule;
	enum alint_severity sev;
	size_t j, k, n;

	if (check_list(cfg, ctx, alint_config_rules_enable(cfg),
		       "rules.enable") < 0 ||
	    check_list(cfg, ctx, alint_config_rules_disable(cfg),
		       "rules.disable") < 0)
		return -1;
	n = alint_config_severity_count(cfg);
	for (j = 0; j < n; j++)
		if (alint_config_severity_get(cfg, j, &rule, &sev) == 0 &&
		    !known(ctx, rule))
			return unknown(cfg, "rules.severity", rule);
	for (k = 0; k < alint_config_override_count(cfg); k++) {
		if (check_list(cfg, ctx, alint_config_override_enable(cfg, k),
			       "overrides: rules.enable") < 0 ||
		    check_list(cfg, ctx,
			       alint_config_override_disable(cfg, k),
			       "overrides: rules.disable") < 0)
			return -1;
		n = alint_config_override_severity_count(cfg, k);
		for (j = 0; j < n; j++)
			if (alint_config_override_severity_get(cfg, k, j,
							       &rule,
							       &sev) == 0 &&
			    !known(ctx, rule))
				return unknown(cfg, "overrides: rules.severity",
					       rule);
	}
	return 0;
}

/*
 * Print one disagreement with the run-wide settings; set: whether the
 * first configuration sets the key.
 */
static void
differs(const struct alint_config *cfg, const struct alint_config *first,
	int set, const char *key, const char *theirs, const char *ours)
{
	fprintf(stderr, CLI_NAME ": warning: %s: %s %s is not used: it is "
		"a run-wide setting, and this run has %s (%s); lint that "
		"tree in a run of its own to use it\n", alint_config_path(cfg),
		key, theirs, ours, set ? alint_config_path(first) :
		"the default");
}

void
cli_configs_warn(const struct cli_configs *cs, unsigned int istio_version,
		 const char *root_namespace, const char *namespace_name,
		 unsigned int from_cli)
{
	const struct alint_config *cfg;
	unsigned int v;
	const char *s;
	char a[32], b[32];
	size_t i;

	for (i = 0; i < cs->nloaded; i++) {
		cfg = cs->loaded[i].cfg;
		if (cfg == cs->first)
			continue;
		v = alint_config_istio_version(cfg);
		if (v && v != istio_version && !(from_cli & 1)) {
			snprintf(a, sizeof(a), "%u.%u", v / 100, v % 100);
			snprintf(b, sizeof(b), "%u.%u", istio_version / 100,
				 istio_version % 100);
			differs(cfg, cs->first, cs->first &&
				alint_config_istio_version(cs->first),
				"istio-version", a, b);
		}
		s = alint_config_root_namespace(cfg);
		if (s && strcmp(s, root_namespace) != 0 && !(from_cli & 2))
			differs(cfg, cs->first, cs->first &&
				alint_config_root_namespace(cs->first),
				"root-namespace", s, root_namespace);
		s = alint_config_namespace(cfg);
		if (s && strcmp(s, namespace_name) != 0 && !(from_cli & 4))
			differs(cfg, cs->first, cs->first &&
				alint_config_namespace(cs->first),
				"namespace", s, namespace_name);
	}
}
