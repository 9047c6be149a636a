/*
 * config.c - the configuration file of the ambient-lint command
 *
 * Finds .ambient-lint.yaml (or takes --config), has libambientlint read
 * it, and applies what the library does not: the exclude patterns while
 * walking directories, and rules.severity and the per-path overrides to
 * the findings of the report. Patterns are matched with fnmatch(3) and
 * FNM_PATHNAME against paths relative to the configuration file's
 * directory.
 */
/* realpath() is an XSI function; the build only sets _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <config.h>

#include <errno.h>
#include <fnmatch.h>
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

int
cli_config_open(struct cli_config *cc, const char *path, const char *first)
{
	struct stat st;
	char *found = NULL, *start, *dir;
	char err[512];
	int error;

	memset(cc, 0, sizeof(*cc));
	if (!path) {
		if (!first || strcmp(first, "-") == 0)
			start = strdup(".");
		else if (stat(first, &st) == 0 && S_ISDIR(st.st_mode))
			start = strdup(first);
		else
			start = dir_of(first);
		if (!start || discover(&found, start) < 0) {
			free(start);
			cli_error("out of memory");
			return -1;
		}
		free(start);
		if (!found)
			return 0;
		path = found;
	}
	error = alint_config_load(&cc->cfg, path, err, sizeof(err));
	if (error) {
		cli_error("%s", err[0] ? err : alint_strerror(error));
		free(found);
		return -1;
	}
	dir = dir_of(path);
	cc->dir = dir ? realpath(dir, NULL) : NULL;
	if (!cc->dir)
		cli_error("%s: %s", dir ? dir : path, strerror(errno));
	free(dir);
	free(found);
	if (!cc->dir) {
		cli_config_close(cc);
		return -1;
	}
	return 0;
}

void
cli_config_close(struct cli_config *cc)
{
	alint_config_free(cc->cfg);
	free(cc->dir);
	memset(cc, 0, sizeof(*cc));
}

/*
 * path relative to the configuration's directory, malloc'ed; NULL when
 * it is outside (or out of memory). A path that does not exist (the
 * name of standard input) is taken relative to the current directory.
 */
static char *
relative(const struct cli_config *cc, const char *path)
{
	char *real, *cwd, *rel;
	size_t n = strlen(cc->dir);

	real = realpath(path, NULL);
	if (!real && path[0] != '/') {
		cwd = realpath(".", NULL);
		real = cwd ? join(cwd, path) : NULL;
		free(cwd);
	}
	if (!real)
		return NULL;
	if (strcmp(cc->dir, "/") == 0)
		n = 0;
	if (strncmp(real, cc->dir, n) != 0 || real[n] != '/') {
		free(real);
		return NULL;
	}
	rel = strdup(real + n + 1);
	free(real);
	return rel;
}

static int
matches_any(const char *const *globs, const char *rel)
{
	size_t i;

	for (i = 0; globs && globs[i]; i++)
		if (fnmatch(globs[i], rel, FNM_PATHNAME) == 0)
			return 1;
	return 0;
}

int
cli_config_excluded(const struct cli_config *cc, const char *path)
{
	const char *const *ex;
	char *rel;
	int r;

	if (!cc->cfg)
		return 0;
	ex = alint_config_exclude(cc->cfg);
	if (!ex[0])
		return 0;
	rel = relative(cc, path);
	if (!rel)
		return 0;
	r = matches_any(ex, rel);
	free(rel);
	return r;
}

static int
matches_rule(const char *const *patterns, const struct alint_diag *d)
{
	size_t i;

	for (i = 0; patterns && patterns[i]; i++)
		if (alint_rule_pattern_matches(patterns[i], d->rule_id,
					       d->rule_name))
			return 1;
	return 0;
}

/* Apply override k to finding i (d), whose file matched its globs. */
static void
apply_override(const struct alint_config *cfg, size_t k,
	       const struct alint_diag *d, size_t i, unsigned char *hidden,
	       enum alint_severity *severity)
{
	const char *rule;
	enum alint_severity sev;
	size_t j, n = alint_config_override_severity_count(cfg, k);

	if (matches_rule(alint_config_override_disable(cfg, k), d))
		hidden[i] = 1;
	for (j = 0; j < n; j++)
		if (alint_config_override_severity_get(cfg, k, j, &rule,
						       &sev) == 0 &&
		    alint_rule_pattern_matches(rule, d->rule_id,
					       d->rule_name))
			severity[i] = sev;
}

int
cli_config_apply(const struct cli_config *cc,
		 const struct alint_report *report, unsigned char *hidden,
		 enum alint_severity *severity)
{
	const struct alint_config *cfg = cc->cfg;
	const struct alint_diag *d;
	const char *rule, *last = NULL;
	char *rel = NULL;
	enum alint_severity sev;
	size_t i, j, k, n = alint_report_count(report);
	size_t nsev, nover;

	for (i = 0; i < n; i++)
		severity[i] = alint_report_get(report, i)->severity;
	if (!cfg)
		return 0;
	nsev = alint_config_severity_count(cfg);
	nover = alint_config_override_count(cfg);
	for (i = 0; i < n; i++) {
		d = alint_report_get(report, i);
		for (j = 0; j < nsev; j++)
			if (alint_config_severity_get(cfg, j, &rule,
						      &sev) == 0 &&
			    alint_rule_pattern_matches(rule, d->rule_id,
						       d->rule_name))
				severity[i] = sev;
		if (!nover || !d->file)
			continue;
		/* the findings of a file come together */
		if (!last || strcmp(last, d->file) != 0) {
			free(rel);
			errno = 0;
			rel = relative(cc, d->file);
			if (!rel && errno == ENOMEM) {
				cli_error("out of memory");
				return -1;
			}
			last = d->file;
		}
		for (k = 0; rel && k < nover; k++)
			if (matches_any(alint_config_override_files(cfg, k),
					rel))
				apply_override(cfg, k, d, i, hidden,
					       severity);
	}
	free(rel);
	return 0;
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
unknown(const struct cli_config *cc, const char *what, const char *pattern)
{
	cli_error("%s: %s: '%s' matches no rule",
		  alint_config_path(cc->cfg), what, pattern);
	fputs("Try '" CLI_NAME " --list-rules' for the list of rules.\n",
	      stderr);
	return -1;
}

int
cli_config_check(const struct cli_config *cc, const struct alint_ctx *ctx)
{
	const struct alint_config *cfg = cc->cfg;
	const char *const *dis;
	const char *rule;
	enum alint_severity sev;
	size_t j, k, n;

	if (!cfg)
		return 0;
	dis = alint_config_rules_enable(cfg);
	for (j = 0; dis && dis[j]; j++)
		if (!known(ctx, dis[j]))
			return unknown(cc, "rules.enable", dis[j]);
	dis = alint_config_rules_disable(cfg);
	for (j = 0; dis && dis[j]; j++)
		if (!known(ctx, dis[j]))
			return unknown(cc, "rules.disable", dis[j]);
	n = alint_config_severity_count(cfg);
	for (j = 0; j < n; j++)
		if (alint_config_severity_get(cfg, j, &rule, &sev) == 0 &&
		    !known(ctx, rule))
			return unknown(cc, "rules.severity", rule);
	for (k = 0; k < alint_config_override_count(cfg); k++) {
		dis = alint_config_override_disable(cfg, k);
		for (j = 0; dis && dis[j]; j++)
			if (!known(ctx, dis[j]))
				return unknown(cc, "overrides: rules.disable",
					       dis[j]);
		n = alint_config_override_severity_count(cfg, k);
		for (j = 0; j < n; j++)
			if (alint_config_override_severity_get(cfg, k, j,
							       &rule,
							       &sev) == 0 &&
			    !known(ctx, rule))
				return unknown(cc, "overrides: rules.severity",
					       rule);
	}
	return 0;
}
