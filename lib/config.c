/*
 * config.c - the .ambient-lint.yaml configuration file
 *
 * Reads a configuration file with the library's own YAML parser into a
 * small read-only structure for applications (alint_config_*). Every
 * unknown key and bad value is an error naming its file, line and column.
 *
 * Rulesets (alint_ruleset_*) are the per-input rule settings of a run:
 * which rules run and with what severity, computed once per rule when
 * the ruleset is built. alint_config_ruleset() builds the one a
 * configuration gives a file (its rules, then its overrides that match
 * the file), and alint_run_set_ruleset() hands it to the inputs of a
 * run, where the engine applies it while linting: a rule turned off does
 * not run on the input, so none of its fixes are applied either.
 */
/* realpath() is an XSI function; the build only sets _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <config.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Largest configuration file read (1 MiB). */
#define CONFIG_MAX_SIZE ((size_t)1 << 20)

/* Oldest Istio release with ambient mode. */
#define CONFIG_ISTIO_MIN ALINT_ISTIO_VERSION(1, 18)

/* A rules: block, at the top or in an override. */
struct config_rules {
	const char **enable;		/* NULL-terminated; NULL: unset */
	const char **disable;
	const char **sev_rule;		/* severity: keys */
	enum alint_severity *sev;	/* and their values */
	size_t nsev;
};

struct config_override {
	const char **files;		/* NULL-terminated, never NULL */
	struct config_rules rules;
};

struct alint_config {
	char *path;			/* malloc'ed */
	char *dir;			/* its directory, resolved; malloc'ed */
	unsigned int istio_version;	/* 0: unset */
	const char *root_namespace;	/* NULL: unset */
	const char *namespace_name;
	const char **exclude;		/* NULL-terminated, never NULL */
	struct config_rules rules;
	struct config_override *overrides;
	size_t noverrides;
	struct alint__arena arena;	/* every string and array */
};

/* The state of one load. */
struct loader {
	struct alint_config *cfg;
	struct alint_source *src;
	char *errbuf;
	size_t errlen;
	int error;			/* set by the first failure */
};

static const char *const no_strings[] = { NULL };

static int
fail_at(struct loader *l, size_t offset, const char *fmt, ...)
	ALINT_PRINTF(3, 4);

/* Report a bad key or value at byte offset of the file. */
static int
fail_at(struct loader *l, size_t offset, const char *fmt, ...)
{
	struct alint_pos pos;
	va_list ap;
	char msg[384];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	alint__source_pos(l->src, offset, &pos);
	if (l->errlen)
		snprintf(l->errbuf, l->errlen, "%s:%zu:%zu: %s", l->cfg->path,
			 pos.line, pos.column, msg);
	l->error = ALINT_EINVAL;
	return ALINT_EINVAL;
}

static int
nomem(struct loader *l)
{
	if (l->errlen)
		snprintf(l->errbuf, l->errlen, "%s: out of memory",
			 l->cfg->path);
	l->error = ALINT_ENOMEM;
	return ALINT_ENOMEM;
}

static const char *
kind_name(const struct alint_node *n)
{
	switch (n->kind) {
	case ALINT_NODE_MAPPING:
		return "a mapping";
	case ALINT_NODE_SEQUENCE:
		return "a list";
	case ALINT_NODE_ALIAS:
		return "an alias";
	default:
		return "a scalar";
	}
}

/* A copy of a string scalar; NULL (error set) for anything else. */
static const char *
string_of(struct loader *l, const struct alint_node *n, const char *what)
{
	const char *s;

	if (n->kind != ALINT_NODE_SCALAR) {
		fail_at(l, n->start, "%s must be a string, not %s", what,
			kind_name(n));
		return NULL;
	}
	if (n->y11 == ALINT_Y11_NULL || alint__node_len(n) == 0) {
		fail_at(l, n->start, "%s must not be empty", what);
		return NULL;
	}
	if (n->y11 != ALINT_Y11_STR) {
		fail_at(l, n->start, "%s must be a string, not %s: quote it",
			what, n->y11 == ALINT_Y11_BOOL ? "a boolean" :
			"a number");
		return NULL;
	}
	if (memchr(alint__node_text(n), '\0', alint__node_len(n))) {
		fail_at(l, n->start, "%s must not hold a NUL byte", what);
		return NULL;
	}
	s = alint__arena_strndup(&l->cfg->arena, alint__node_text(n),
				 alint__node_len(n));
	if (!s)
		nomem(l);
	return s;
}

/* A list of strings; a single string is a list of one. */
static const char **
list_of(struct loader *l, const struct alint_node *n, const char *what)
{
	const struct alint_node *it;
	const char **v;
	size_t i = 0;

	if (n->kind == ALINT_NODE_SCALAR) {
		v = alint__arena_alloc(&l->cfg->arena, 2 * sizeof(*v));
		if (!v) {
			nomem(l);
			return NULL;
		}
		v[0] = string_of(l, n, what);
		v[1] = NULL;
		return v[0] ? v : NULL;
	}
	if (n->kind != ALINT_NODE_SEQUENCE) {
		fail_at(l, n->start, "%s must be a list of strings, not %s",
			what, kind_name(n));
		return NULL;
	}
	v = alint__arena_alloc(&l->cfg->arena,
			       (alint__node_count(n) + 1) * sizeof(*v));
	if (!v) {
		nomem(l);
		return NULL;
	}
	for (it = alint__node_first(n); it; it = alint__node_next(it)) {
		v[i] = string_of(l, it, what);
		if (!v[i])
			return NULL;
		i++;
	}
	v[i] = NULL;
	return v;
}

/* Check that n is a mapping whose keys are plain strings. */
static int
check_mapping(struct loader *l, const struct alint_node *n, const char *what)
{
	const struct alint_node *k, *v;

	if (n->kind != ALINT_NODE_MAPPING)
		return fail_at(l, n->start, "%s must be a mapping, not %s",
			       what, kind_name(n));
	for (k = alint__node_first(n); k; k = alint__pair_next(k)) {
		if (k->kind != ALINT_NODE_SCALAR)
			return fail_at(l, k->start, "a key of %s must be a "
				       "string, not %s", what, kind_name(k));
		v = alint__node_next(k);
		if (v && v->kind == ALINT_NODE_ALIAS)
			return fail_at(l, v->start, "aliases are not "
				       "allowed in a configuration file");
	}
	return 0;
}

/* The key as a NUL-terminated string, for messages (truncated). */
static const char *
key_text(const struct alint_node *k, char *buf, size_t len)
{
	size_t n = alint__node_len(k) < len - 1 ? alint__node_len(k) : len - 1;

	memcpy(buf, alint__node_text(k), n);
	buf[n] = '\0';
	return buf;
}

static int
parse_severity_map(struct loader *l, struct config_rules *r,
		   const struct alint_node *n)
{
	const struct alint_node *k, *v;
	const char *name;
	size_t i = 0, cnt;

	if (check_mapping(l, n, "rules.severity") < 0)
		return l->error;
	cnt = alint__node_count(n) + 1;
	r->sev_rule = alint__arena_alloc(&l->cfg->arena, cnt * sizeof(char *));
	r->sev = alint__arena_alloc(&l->cfg->arena, cnt * sizeof(*r->sev));
	if (!r->sev_rule || !r->sev)
		return nomem(l);
	for (k = alint__node_first(n); k && alint__node_next(k);
	     k = alint__pair_next(k)) {
		v = alint__node_next(k);
		r->sev_rule[i] = string_of(l, k, "a rule of rules.severity");
		if (!r->sev_rule[i])
			return l->error;
		name = v->kind == ALINT_NODE_SCALAR && v->y11 == ALINT_Y11_STR ?
			alint__arena_strndup(&l->cfg->arena,
					     alint__node_text(v),
					     alint__node_len(v)) : "";
		if (!name)
			return nomem(l);
		if (alint_severity_parse(&r->sev[i], name) < 0)
			return fail_at(l, v->start, "invalid severity for "
				       "%s: use error, warning or info",
				       r->sev_rule[i]);
		i++;
	}
	r->nsev = i;
	return 0;
}

/* A rules: mapping, at the top or in an override. */
static int
parse_rules(struct loader *l, struct config_rules *r,
	    const struct alint_node *n, int in_override)
{
	const struct alint_node *k, *v;
	char kb[64];

	(void)in_override;
	if (check_mapping(l, n, "rules") < 0)
		return l->error;
	for (k = alint__node_first(n); k && alint__node_next(k);
	     k = alint__pair_next(k)) {
		v = alint__node_next(k);
		if (alint_node_equals(k, "enable")) {
			r->enable = list_of(l, v, "rules.enable");
			if (!r->enable)
				return l->error;
		} else if (alint_node_equals(k, "disable")) {
			r->disable = list_of(l, v, "rules.disable");
			if (!r->disable)
				return l->error;
		} else if (alint_node_equals(k, "severity")) {
			if (parse_severity_map(l, r, v) < 0)
				return l->error;
		} else {
			return fail_at(l, k->start, "unknown key '%s' in "
				       "rules: expected enable, disable or "
				       "severity",
				       key_text(k, kb, sizeof(kb)));
		}
	}
	return 0;
}

static int
parse_overrides(struct loader *l, const struct alint_node *n)
{
	const struct alint_node *it, *k, *v;
	struct config_override *o;
	char kb[64];

	if (n->kind != ALINT_NODE_SEQUENCE)
		return fail_at(l, n->start, "overrides must be a list of "
			       "mappings, not %s", kind_name(n));
	l->cfg->overrides = alint__arena_alloc(&l->cfg->arena,
		(alint__node_count(n) + 1) * sizeof(*l->cfg->overrides));
	if (!l->cfg->overrides)
		return nomem(l);
	for (it = alint__node_first(n); it; it = alint__node_next(it)) {
		o = &l->cfg->overrides[l->cfg->noverrides];
		memset(o, 0, sizeof(*o));
		if (check_mapping(l, it, "an override") < 0)
			return l->error;
		for (k = alint__node_first(it); k && alint__node_next(k);
		     k = alint__pair_next(k)) {
			v = alint__node_next(k);
			if (alint_node_equals(k, "files")) {
				o->files = list_of(l, v, "files");
				if (!o->files)
					return l->error;
			} else if (alint_node_equals(k, "rules")) {
				if (parse_rules(l, &o->rules, v, 1) < 0)
					return l->error;
			} else {
				return fail_at(l, k->start, "unknown key '%s' "
					       "in an override: expected "
					       "files or rules",
					       key_text(k, kb, sizeof(kb)));
			}
		}
		if (!o->files)
			return fail_at(l, it->start, "an override needs "
				       "files: a list of glob patterns");
		l->cfg->noverrides++;
	}
	return 0;
}

/* "1.24": MAJOR.MINOR, from the first ambient release to the newest. */
static int
parse_istio_version(struct loader *l, const struct alint_node *n)
{
	unsigned int major = 0, minor = 0;
	const char *s;
	size_t i, dots = 0, digits = 0;

	if (n->kind == ALINT_NODE_SCALAR && (n->y11 == ALINT_Y11_FLOAT ||
					     n->y11 == ALINT_Y11_INT))
		return fail_at(l, n->start, "istio-version must be a "
			       "string: quote it (\"%.*s\"), unquoted it is a "
			       "number and 1.10 would read as 1.1",
			       (int)(alint__node_len(n) < 32 ?
				     alint__node_len(n) : 32),
			       alint__node_text(n));
	s = string_of(l, n, "istio-version");
	if (!s)
		return l->error;
	for (i = 0; s[i]; i++) {
		if (s[i] == '.' && digits > 0 && dots == 0) {
			dots++;
			digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9' && digits < 2) {
			if (dots)
				minor = minor * 10 + (unsigned int)(s[i] - '0');
			else
				major = major * 10 + (unsigned int)(s[i] - '0');
			digits++;
		} else {
			break;
		}
	}
	if (s[i] || dots != 1 || digits == 0)
		return fail_at(l, n->start, "invalid istio-version '%s': "
			       "expected MAJOR.MINOR, like \"1.24\"", s);
	l->cfg->istio_version = ALINT_ISTIO_VERSION(major, minor);
	if (l->cfg->istio_version < CONFIG_ISTIO_MIN ||
	    l->cfg->istio_version > ALINT_ISTIO_VERSION_LATEST)
		return fail_at(l, n->start, "istio-version %s is not "
			       "supported: use 1.%u (the first with ambient "
			       "mode) to %u.%u (the newest known)", s,
			       CONFIG_ISTIO_MIN % 100,
			       ALINT_ISTIO_VERSION_LATEST / 100,
			       ALINT_ISTIO_VERSION_LATEST % 100);
	return 0;
}

/* A Kubernetes namespace name: an RFC 1123 label. */
static const char *
namespace_of(struct loader *l, const struct alint_node *n, const char *what)
{
	const char *s = string_of(l, n, what);
	size_t i, len;

	if (!s)
		return NULL;
	len = strlen(s);
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			break;
	if (i < len || len > 63 || s[0] == '-' || s[len - 1] == '-') {
		fail_at(l, n->start, "invalid %s '%s': not a namespace name "
			"(RFC 1123 label)", what, s);
		return NULL;
	}
	return s;
}

static int
parse_top(struct loader *l, const struct alint_node *root)
{
	struct alint_config *cfg = l->cfg;
	const struct alint_node *k, *v;
	char kb[64];

	if (check_mapping(l, root, "the configuration") < 0)
		return l->error;
	for (k = alint__node_first(root); k && alint__node_next(k);
	     k = alint__pair_next(k)) {
		v = alint__node_next(k);
		if (alint_node_equals(k, "rules")) {
			if (parse_rules(l, &cfg->rules, v, 0) < 0)
				return l->error;
		} else if (alint_node_equals(k, "istio-version")) {
			if (parse_istio_version(l, v) < 0)
				return l->error;
		} else if (alint_node_equals(k, "root-namespace")) {
			cfg->root_namespace = namespace_of(l, v,
							   "root-namespace");
			if (!cfg->root_namespace)
				return l->error;
		} else if (alint_node_equals(k, "namespace")) {
			cfg->namespace_name = namespace_of(l, v, "namespace");
			if (!cfg->namespace_name)
				return l->error;
		} else if (alint_node_equals(k, "exclude")) {
			cfg->exclude = list_of(l, v, "exclude");
			if (!cfg->exclude)
				return l->error;
		} else if (alint_node_equals(k, "overrides")) {
			if (parse_overrides(l, v) < 0)
				return l->error;
		} else {
			return fail_at(l, k->start, "unknown key '%s': "
				       "expected rules, istio-version, "
				       "root-namespace, namespace, exclude "
				       "or overrides",
				       key_text(k, kb, sizeof(kb)));
		}
	}
	return 0;
}

/* The first parse issue that makes the file unusable, or NULL. */
static const struct alint__issue *
fatal_issue(const struct alint_source *src)
{
	size_t i;

	for (i = 0; i < src->nissues; i++)
		if (src->issues[i].kind != ALINT__ISSUE_KUBECTL)
			return &src->issues[i];
	return NULL;
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

/* Resolve the directory of the configuration, for its patterns. */
static int
config_dir(struct alint_config *cfg, char *errbuf, size_t errlen)
{
	char *dir = dir_of(cfg->path);

	if (!dir) {
		if (errlen)
			snprintf(errbuf, errlen, "%s: out of memory",
				 cfg->path);
		return ALINT_ENOMEM;
	}
	cfg->dir = realpath(dir, NULL);
	if (!cfg->dir) {
		if (errlen)
			snprintf(errbuf, errlen, "%s: %s", dir,
				 strerror(errno));
		free(dir);
		return errno == ENOMEM ? ALINT_ENOMEM : ALINT_EIO;
	}
	free(dir);
	return 0;
}

int
alint_config_load(struct alint_config **out, const char *path, char *errbuf,
		  size_t errlen)
{
	struct loader l;
	const struct alint__issue *issue;
	struct alint_pos pos;
	char *buf = NULL, *why = NULL;
	size_t len = 0;
	int error;

	if (errlen)
		errbuf[0] = '\0';
	if (!out || !path)
		return ALINT_EINVAL;
	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.errbuf = errbuf;
	l.errlen = errlen;
	l.cfg = calloc(1, sizeof(*l.cfg));
	if (!l.cfg)
		return ALINT_ENOMEM;
	alint__arena_init(&l.cfg->arena);
	l.cfg->exclude = (const char **)no_strings;
	l.cfg->path = strdup(path);
	if (!l.cfg->path) {
		error = ALINT_ENOMEM;
		goto fail;
	}
	error = alint__read_file(&buf, &len, path, CONFIG_MAX_SIZE, &why);
	if (error < 0) {
		if (errlen)
			snprintf(errbuf, errlen, "%s", why ? why :
				 alint_strerror(error));
		free(why);
		goto fail;
	}
	l.src = calloc(1, sizeof(*l.src));
	if (!l.src) {
		free(buf);
		error = ALINT_ENOMEM;
		goto fail;
	}
	alint__arena_init(&l.src->arena);
	l.src->buf = buf;
	l.src->len = len;
	l.src->name = strdup(path);
	if (!l.src->name) {
		error = ALINT_ENOMEM;
		goto fail;
	}
	error = alint__yaml_parse(l.src);
	if (error < 0)
		goto fail;
	issue = fatal_issue(l.src);
	if (issue && issue->kind == ALINT__ISSUE_DUPLICATE_KEY &&
	    issue->has_related) {
		alint__source_pos(l.src, issue->related, &pos);
		fail_at(&l, issue->start, "duplicate key (first on line %zu)",
			pos.line);
		error = ALINT_EINVAL;
		goto fail;
	} else if (issue) {
		fail_at(&l, issue->start, "%s", issue->message);
		error = ALINT_EPARSE;
		goto fail;
	}
	if (l.src->ndocs > 1) {
		error = fail_at(&l, l.src->docs[1].start, "a configuration "
				"file holds one YAML document");
		goto fail;
	}
	if (l.src->ndocs == 1 && l.src->docs[0].root) {
		error = parse_top(&l, l.src->docs[0].root);
		if (error < 0)
			goto fail;
	}
	alint__source_free(l.src);
	error = config_dir(l.cfg, errbuf, errlen);
	if (error < 0) {
		alint_config_free(l.cfg);
		return error;
	}
	*out = l.cfg;
	return 0;
fail:
	if (error == ALINT_ENOMEM && errlen && !errbuf[0])
		snprintf(errbuf, errlen, "%s: out of memory", path);
	alint__source_free(l.src);
	alint_config_free(l.cfg);
	return error;
}

void
alint_config_free(struct alint_config *cfg)
{
	if (!cfg)
		return;
	alint__arena_free(&cfg->arena);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}

const char *
alint_config_path(const struct alint_config *cfg)
{
	return cfg->path;
}

unsigned int
alint_config_istio_version(const struct alint_config *cfg)
{
	return cfg->istio_version;
}

const char *
alint_config_root_namespace(const struct alint_config *cfg)
{
	return cfg->root_namespace;
}

const char *
alint_config_namespace(const struct alint_config *cfg)
{
	return cfg->namespace_name;
}

const char *const *
alint_config_rules_enable(const struct alint_config *cfg)
{
	return cfg->rules.enable;
}

const char *const *
alint_config_rules_disable(const struct alint_config *cfg)
{
	return cfg->rules.disable;
}

size_t
alint_config_severity_count(const struct alint_config *cfg)
{
	return cfg->rules.nsev;
}

int
alint_config_severity_get(const struct alint_config *cfg, size_t idx,
			  const char **rule, enum alint_severity *sev)
{
	if (idx >= cfg->rules.nsev)
		return ALINT_EINVAL;
	*rule = cfg->rules.sev_rule[idx];
	*sev = cfg->rules.sev[idx];
	return 0;
}

const char *const *
alint_config_exclude(const struct alint_config *cfg)
{
	return cfg->exclude;
}

size_t
alint_config_override_count(const struct alint_config *cfg)
{
	return cfg->noverrides;
}

const char *const *
alint_config_override_files(const struct alint_config *cfg, size_t idx)
{
	return idx < cfg->noverrides ? cfg->overrides[idx].files : NULL;
}

const char *const *
alint_config_override_disable(const struct alint_config *cfg, size_t idx)
{
	return idx < cfg->noverrides ? cfg->overrides[idx].rules.disable :
		NULL;
}

size_t
alint_config_override_severity_count(const struct alint_config *cfg,
				     size_t idx)
{
	return idx < cfg->noverrides ? cfg->overrides[idx].rules.nsev : 0;
}

int
alint_config_override_severity_get(const struct alint_config *cfg,
				   size_t idx, size_t j, const char **rule,
				   enum alint_severity *sev)
{
	if (idx >= cfg->noverrides || j >= cfg->overrides[idx].rules.nsev)
		return ALINT_EINVAL;
	*rule = cfg->overrides[idx].rules.sev_rule[j];
	*sev = cfg->overrides[idx].rules.sev[j];
	return 0;
}

const char *const *
alint_config_override_enable(const struct alint_config *cfg, size_t idx)
{
	return idx < cfg->noverrides ? cfg->overrides[idx].rules.enable :
		NULL;
}

const char *
alint_config_dir(const struct alint_config *cfg)
{
	return cfg->dir;
}

/*
 * path relative to the directory of cfg, malloc'ed in *out; NULL when it
 * is outside. A path that does not exist (the name of standard input) is
 * taken relative to the current directory.
 */
static int
relative(char **out, const struct alint_config *cfg, const char *path)
{
	char *real, *cwd;
	size_t n = strlen(cfg->dir), cl;

	*out = NULL;
	real = realpath(path, NULL);
	if (!real && errno == ENOMEM)
		return ALINT_ENOMEM;
	if (!real && path[0] != '/') {
		cwd = realpath(".", NULL);
		if (!cwd)
			return errno == ENOMEM ? ALINT_ENOMEM : 0;
		cl = strlen(cwd);
		real = malloc(cl + strlen(path) + 2);
		if (real)
			snprintf(real, cl + strlen(path) + 2, "%s%s%s", cwd,
				 cl && cwd[cl - 1] == '/' ? "" : "/", path);
		free(cwd);
		if (!real)
			return ALINT_ENOMEM;
	}
	if (!real) {
		real = strdup(path);
		if (!real)
			return ALINT_ENOMEM;
	}
	if (strcmp(cfg->dir, "/") == 0)
		n = 0;
	if (strncmp(real, cfg->dir, n) == 0 && real[n] == '/') {
		*out = strdup(real + n + 1);
		if (!*out) {
			free(real);
			return ALINT_ENOMEM;
		}
	}
	free(real);
	return 0;
}

static int
globs_match(const char *const *globs, const char *rel)
{
	size_t i;

	for (i = 0; globs && globs[i]; i++)
		if (fnmatch(globs[i], rel, FNM_PATHNAME) == 0)
			return 1;
	return 0;
}

int
alint_config_excluded(const struct alint_config *cfg, const char *path)
{
	char *rel;
	int error, r;

	if (!cfg || !path)
		return ALINT_EINVAL;
	if (!cfg->exclude[0])
		return 0;
	error = relative(&rel, cfg, path);
	if (error < 0)
		return error;
	r = rel ? globs_match(cfg->exclude, rel) : 0;
	free(rel);
	return r;
}

/* ---- rulesets --------------------------------------------------------- */

struct alint_ruleset {
	struct alint_ctx *ctx;
	size_t nrules;			/* ctx->nrules when made */
	unsigned char *state;		/* ALINT__RS_* per rule of ctx */
};

int
alint_ruleset_new(struct alint_ruleset **out, struct alint_ctx *ctx)
{
	struct alint_ruleset *rs;
	size_t i;

	if (!out || !ctx)
		return ALINT_EINVAL;
	*out = NULL;
	rs = calloc(1, sizeof(*rs));
	if (rs)
		rs->state = malloc(ctx->nrules ? ctx->nrules : 1);
	if (!rs || !rs->state) {
		free(rs);
		return alint__error(ctx, ALINT_ENOMEM, "out of memory");
	}
	rs->ctx = ctx;
	rs->nrules = ctx->nrules;
	for (i = 0; i < ctx->nrules; i++)
		rs->state[i] = ctx->rules[i].enabled ? ALINT__RS_ON : 0;
	*out = rs;
	return 0;
}

void
alint_ruleset_free(struct alint_ruleset *rs)
{
	if (!rs)
		return;
	free(rs->state);
	free(rs);
}

/* The ruleset is still about the rules of its context. */
static int
ruleset_check(struct alint_ruleset *rs)
{
	if (rs->nrules != rs->ctx->nrules)
		return alint__error(rs->ctx, ALINT_EINVAL, "a rule was "
				    "registered after the ruleset was made");
	return 0;
}

/* Every pattern of list matches a rule of ctx. */
static int
ruleset_known(struct alint_ruleset *rs, const char *const *list,
	      const char *what)
{
	size_t i, j;

	for (i = 0; list && list[i]; i++) {
		for (j = 0; j < rs->nrules; j++)
			if (alint__rule_matches_pattern(rs->ctx->rules[j].rule,
							list[i]))
				break;
		if (j == rs->nrules)
			return alint__error(rs->ctx, ALINT_ENOTFOUND,
					    "%s: no rule matches '%s'", what,
					    list[i]);
	}
	return 0;
}

int
alint_ruleset_select(struct alint_ruleset *rs, const char *const *select,
		     const char *const *ignore)
{
	struct alint_ctx *ctx;
	char **sel, **ign;
	size_t i;
	int error;

	if (!rs)
		return ALINT_EINVAL;
	ctx = rs->ctx;
	alint__error_clear(ctx);
	error = ruleset_check(rs);
	if (!error)
		error = ruleset_known(rs, select, "select");
	if (!error)
		error = ruleset_known(rs, ignore, "ignore");
	if (error)
		return error;
	/* the registry reads the lists; it does not change them */
	sel = select ? (char **)(uintptr_t)select : ctx->select;
	ign = ignore ? (char **)(uintptr_t)ignore : ctx->ignore;
	for (i = 0; i < rs->nrules; i++) {
		rs->state[i] &= (unsigned char)~ALINT__RS_ON;
		if (alint__rule_selected(ctx->rules[i].rule, sel, ign))
			rs->state[i] |= ALINT__RS_ON;
	}
	return 0;
}

/*
 * Apply one pattern: on (1), off (0) or a severity (sev >= 0). Rules
 * that say an input could not be linted are turned off only when named
 * exactly, as with an ignore list.
 */
static int
ruleset_apply(struct alint_ruleset *rs, const char *pattern, int on,
	      int sev)
{
	const struct alint_rule *rule;
	size_t i, hits = 0;
	int error;

	if (!rs || !pattern || sev > (int)ALINT_SEV_ERROR)
		return ALINT_EINVAL;
	alint__error_clear(rs->ctx);
	error = ruleset_check(rs);
	if (error)
		return error;
	for (i = 0; i < rs->nrules; i++) {
		rule = rs->ctx->rules[i].rule;
		if (!alint__rule_matches_pattern(rule, pattern))
			continue;
		hits++;
		if (sev >= 0) {
			rs->state[i] = (unsigned char)((rs->state[i] &
							ALINT__RS_ON) |
						       ALINT__RS_SEV |
						       (unsigned int)sev);
		} else if (on) {
			rs->state[i] |= ALINT__RS_ON;
		} else if (!alint__rule_input_level(rule) ||
			   strcasecmp(pattern, rule->id) == 0 ||
			   strcmp(pattern, rule->name) == 0) {
			rs->state[i] &= (unsigned char)~ALINT__RS_ON;
		}
	}
	if (!hits)
		return alint__error(rs->ctx, ALINT_ENOTFOUND,
				    "no rule matches '%s'", pattern);
	return 0;
}

int
alint_ruleset_enable(struct alint_ruleset *rs, const char *pattern)
{
	return ruleset_apply(rs, pattern, 1, -1);
}

int
alint_ruleset_disable(struct alint_ruleset *rs, const char *pattern)
{
	return ruleset_apply(rs, pattern, 0, -1);
}

int
alint_ruleset_severity(struct alint_ruleset *rs, const char *pattern,
		       enum alint_severity sev)
{
	return ruleset_apply(rs, pattern, 0, (int)sev);
}

int
alint_ruleset_rule_enabled(const struct alint_ruleset *rs,
			   const struct alint_rule *rule)
{
	size_t i;

	if (!rs || !rule)
		return 0;
	for (i = 0; i < rs->nrules && i < rs->ctx->nrules; i++)
		if (rs->ctx->rules[i].rule == rule)
			return (rs->state[i] & ALINT__RS_ON) != 0;
	return 0;
}

int
alint_ruleset_rule_severity(enum alint_severity *out,
			    const struct alint_ruleset *rs,
			    const struct alint_rule *rule)
{
	size_t i;

	if (!out || !rs || !rule)
		return ALINT_EINVAL;
	for (i = 0; i < rs->nrules && i < rs->ctx->nrules; i++) {
		if (rs->ctx->rules[i].rule != rule)
			continue;
		*out = (rs->state[i] & ALINT__RS_SEV) ?
			(enum alint_severity)(rs->state[i] & 3u) :
			rule->severity;
		return 0;
	}
	return ALINT_ENOTFOUND;
}

int
alint_run_set_ruleset(struct alint_run *run, const struct alint_ruleset *rs)
{
	unsigned char *copy, **v;
	size_t n;

	if (!run)
		return ALINT_EINVAL;
	if (!rs) {
		run->cur_rules = NULL;
		return 0;
	}
	if (rs->ctx != run->ctx || rs->nrules != run->ctx->nrules)
		return alint__error(run->ctx, ALINT_EINVAL, "the ruleset is "
				    "not about the rules of the run's "
				    "context");
	n = rs->nrules ? rs->nrules : 1;
	/* consecutive inputs with the same settings share one copy */
	if (run->nrulesets &&
	    memcmp(run->rulesets[run->nrulesets - 1], rs->state, n) == 0) {
		run->cur_rules = run->rulesets[run->nrulesets - 1];
		return 0;
	}
	copy = malloc(n);
	v = copy ? realloc(run->rulesets, (run->nrulesets + 1) *
			   sizeof(*v)) : NULL;
	if (!v) {
		free(copy);
		return alint__error(run->ctx, ALINT_ENOMEM, "out of memory");
	}
	memcpy(copy, rs->state, n);
	run->rulesets = v;
	run->rulesets[run->nrulesets++] = copy;
	run->cur_rules = copy;
	return 0;
}

/* Apply a rules: block of cfg to rs; what names the block in messages. */
static int
apply_rules(struct alint_ruleset *rs, const struct alint_config *cfg,
	    const struct config_rules *r, const char *what, int top,
	    unsigned int flags)
{
	const char *const *sel = r->enable, *const *ign = r->disable;
	size_t i;
	int error = 0;

	if (top) {
		/* the top-level lists replace the context's selection */
		if (flags & ALINT_CONFIG_KEEP_SELECT)
			sel = NULL;
		if (flags & ALINT_CONFIG_KEEP_IGNORE)
			ign = NULL;
		if (sel || ign)
			error = alint_ruleset_select(rs, sel, ign);
		if (error)
			goto fail;
	} else {
		/* overrides: enable, then disable, as the lists do */
		for (i = 0; r->enable && r->enable[i] && !error; i++)
			error = alint_ruleset_enable(rs, r->enable[i]);
		for (i = 0; r->disable && r->disable[i] && !error; i++)
			error = alint_ruleset_disable(rs, r->disable[i]);
		if (error)
			goto fail;
	}
	for (i = 0; i < r->nsev && !error; i++)
		error = alint_ruleset_severity(rs, r->sev_rule[i], r->sev[i]);
	if (!error)
		return 0;
fail:
	if (error == ALINT_ENOTFOUND) {
		char msg[sizeof(rs->ctx->errmsg)];

		snprintf(msg, sizeof(msg), "%s", rs->ctx->errmsg);
		alint__error(rs->ctx, error, "%s: %s: %s", cfg->path, what,
			     msg);
	}
	return error;
}

/*
 * Turn off the rules that list leaves out (select, in_list 1) or names
 * (ignore, 0), as alint__rule_selected() would.
 */
static void
keep_within(struct alint_ruleset *rs, char **list, int in_list)
{
	const struct alint_rule *rule;
	size_t i, j;
	bool off;

	for (i = 0; i < rs->nrules; i++) {
		rule = rs->ctx->rules[i].rule;
		off = in_list && !alint__rule_selected(rule, list, NULL);
		for (j = 0; !in_list && list[j] && !off; j++)
			off = alint__rule_input_level(rule) ?
			      strcasecmp(list[j], rule->id) == 0 ||
			      strcmp(list[j], rule->name) == 0 :
			      alint__rule_matches_pattern(rule, list[j]);
		if (off)
			rs->state[i] &= (unsigned char)~ALINT__RS_ON;
	}
}

int
alint_config_ruleset(struct alint_ruleset **out, struct alint_ctx *ctx,
		     const struct alint_config *cfg, const char *path,
		     unsigned int flags)
{
	struct alint_ruleset *rs = NULL;
	char *rel = NULL;
	size_t k;
	int error;

	if (!out || !ctx || !cfg ||
	    (flags & ~(ALINT_CONFIG_KEEP_SELECT | ALINT_CONFIG_KEEP_IGNORE)))
		return ALINT_EINVAL;
	*out = NULL;
	error = alint_ruleset_new(&rs, ctx);
	if (error)
		return error;
	error = apply_rules(rs, cfg, &cfg->rules, "rules", 1, flags);
	if (!error && path && cfg->noverrides) {
		error = relative(&rel, cfg, path);
		if (error)
			alint__error(ctx, error, "out of memory");
	}
	for (k = 0; !error && rel && k < cfg->noverrides; k++)
		if (globs_match(cfg->overrides[k].files, rel))
			error = apply_rules(rs, cfg, &cfg->overrides[k].rules,
					    "overrides: rules", 0, flags);
	free(rel);
	/* the context's lists that are kept win over overrides too */
	if (!error && (flags & ALINT_CONFIG_KEEP_SELECT) && ctx->select)
		keep_within(rs, ctx->select, 1);
	if (!error && (flags & ALINT_CONFIG_KEEP_IGNORE) && ctx->ignore)
		keep_within(rs, ctx->ignore, 0);
	if (error) {
		alint_ruleset_free(rs);
		return error;
	}
	*out = rs;
	return 0;
}

int
alint_rule_pattern_matches(const char *pattern, const char *rule_id,
			   const char *rule_name)
{
	size_t n = strlen(pattern);

	if (n == 0)
		return 0;
	if (strcasecmp(pattern, "ALL") == 0)
		return 1;
	if (strncasecmp(rule_id, pattern, n) == 0)
		return 1;
	return strncmp(rule_name, pattern, n) == 0;
}
