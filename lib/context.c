/*
 * context.c - contexts, options and error messages
 *
 * A context holds the settings of lint runs and its own copy of the rule
 * registry. Every failing public call leaves its message on the context
 * (alint_ctx_errmsg), in the style of sqlite3_errmsg.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *
alint_version(void)
{
	return PACKAGE_VERSION;
}

const char *
alint_strerror(int error)
{
	switch (error) {
	case ALINT_OK:
		return "success";
	case ALINT_ERROR:
		return "error";
	case ALINT_ENOMEM:
		return "out of memory";
	case ALINT_EINVAL:
		return "invalid argument";
	case ALINT_EIO:
		return "input/output error";
	case ALINT_EPARSE:
		return "not well-formed YAML";
	case ALINT_EEXISTS:
		return "already exists";
	case ALINT_ENOTFOUND:
		return "not found";
	case ALINT_ECONFLICT:
		return "conflicting edits";
	case ALINT_ETOOBIG:
		return "input too large";
	default:
		return "unknown error";
	}
}

const char *
alint_severity_name(enum alint_severity sev)
{
	switch (sev) {
	case ALINT_SEV_ERROR:
		return "error";
	case ALINT_SEV_WARNING:
		return "warning";
	case ALINT_SEV_INFO:
		return "info";
	}
	return "unknown";
}

int
alint_severity_parse(enum alint_severity *out, const char *name)
{
	if (!out || !name)
		return ALINT_EINVAL;
	if (strcmp(name, "error") == 0)
		*out = ALINT_SEV_ERROR;
	else if (strcmp(name, "warning") == 0)
		*out = ALINT_SEV_WARNING;
	else if (strcmp(name, "info") == 0)
		*out = ALINT_SEV_INFO;
	else
		return ALINT_EINVAL;
	return 0;
}

int
alint_options_init(struct alint_options *opts, unsigned int version)
{
	struct alint_options def = ALINT_OPTIONS_INIT;

	if (!opts || version == 0 || version > ALINT_OPTIONS_VERSION)
		return ALINT_EINVAL;
	*opts = def;
	opts->version = version;
	return 0;
}

int
alint__error(struct alint_ctx *ctx, int error, const char *fmt, ...)
{
	va_list ap;

	if (ctx) {
		va_start(ap, fmt);
		vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
		va_end(ap);
	}
	return error;
}

void
alint__error_clear(struct alint_ctx *ctx)
{
	if (ctx)
		ctx->errmsg[0] = '\0';
}

const char *
alint_ctx_errmsg(const struct alint_ctx *ctx)
{
	return ctx ? ctx->errmsg : "";
}

static void
free_list(char **list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; list[i]; i++)
		free(list[i]);
	free(list);
}

static int
copy_list(char ***out, const char *const *in)
{
	size_t n = 0, i;
	char **list;

	*out = NULL;
	if (!in)
		return 0;
	while (in[n])
		n++;
	list = calloc(n + 1, sizeof(*list));
	if (!list)
		return ALINT_ENOMEM;
	for (i = 0; i < n; i++) {
		list[i] = strdup(in[i]);
		if (!list[i]) {
			free_list(list);
			return ALINT_ENOMEM;
		}
	}
	*out = list;
	return 0;
}

/* Every select/ignore pattern must match at least one rule. */
static int
check_patterns(struct alint_ctx *ctx, char **list, const char *what)
{
	size_t i, j;
	bool found;

	for (i = 0; list && list[i]; i++) {
		found = false;
		for (j = 0; j < ctx->nrules && !found; j++)
			found = alint__rule_matches_pattern(ctx->rules[j].rule,
							    list[i]);
		if (!found)
			return alint__error(ctx, ALINT_ENOTFOUND,
					    "%s: no rule matches '%s'", what,
					    list[i]);
	}
	return 0;
}

int
alint_ctx_new(struct alint_ctx **out, const struct alint_options *opts)
{
	struct alint_ctx *ctx = NULL;
	struct alint_options def = ALINT_OPTIONS_INIT;
	int error;

	if (!out)
		return ALINT_EINVAL;
	*out = NULL;
	if (!opts)
		opts = &def;
	if (opts->version == 0 || opts->version > ALINT_OPTIONS_VERSION)
		return ALINT_EINVAL;
	if (opts->min_severity > ALINT_SEV_ERROR)
		return ALINT_EINVAL;
	if (opts->flags & ~(ALINT_OPT_NO_INLINE_CONFIG |
			    ALINT_OPT_MIGRATE_BLOCKED))
		return ALINT_EINVAL;
	if (opts->istio_version != 0 &&
	    opts->istio_version < ALINT_ISTIO_VERSION(1, 0))
		return ALINT_EINVAL;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return ALINT_ENOMEM;
	ctx->opts = *opts;
	ctx->opts.select = NULL;
	ctx->opts.ignore = NULL;
	if (ctx->opts.istio_version == 0)
		ctx->opts.istio_version = ALINT_ISTIO_VERSION_LATEST;
	if (ctx->opts.max_file_size == 0)
		ctx->opts.max_file_size = ALINT_MAX_FILE_SIZE_DEFAULT;
	if (ctx->opts.threads == 0)
		ctx->opts.threads = 1;
	ctx->default_namespace = strdup(opts->default_namespace &&
					opts->default_namespace[0] ?
					opts->default_namespace : "default");
	ctx->root_namespace = strdup(opts->root_namespace &&
				     opts->root_namespace[0] ?
				     opts->root_namespace : "istio-system");
	error = ALINT_ENOMEM;
	if (!ctx->default_namespace || !ctx->root_namespace)
		goto out;
	error = copy_list(&ctx->select, opts->select);
	if (error < 0)
		goto out;
	error = copy_list(&ctx->ignore, opts->ignore);
	if (error < 0)
		goto out;
	error = alint__registry_init(ctx);
	if (error < 0)
		goto out;
	error = check_patterns(ctx, ctx->select, "select");
	if (error < 0)
		goto out;
	error = check_patterns(ctx, ctx->ignore, "ignore");
	if (error < 0)
		goto out;
	error = alint__registry_apply_filters(ctx);
	if (error < 0)
		goto out;
	*out = ctx;
	return 0;
out:
	alint_ctx_free(ctx);
	return error;
}

int
alint_ctx_set_filters(struct alint_ctx *ctx, const char *const *select,
		      const char *const *ignore)
{
	char **sel = NULL, **ign = NULL;
	int error;

	if (!ctx)
		return ALINT_EINVAL;
	alint__error_clear(ctx);
	error = copy_list(&sel, select);
	if (error < 0)
		goto out;
	error = copy_list(&ign, ignore);
	if (error < 0)
		goto out;
	error = check_patterns(ctx, sel, "select");
	if (error < 0)
		goto out;
	error = check_patterns(ctx, ign, "ignore");
	if (error < 0)
		goto out;
	free_list(ctx->select);
	free_list(ctx->ignore);
	ctx->select = sel;
	ctx->ignore = ign;
	return alint__registry_apply_filters(ctx);
out:
	free_list(sel);
	free_list(ign);
	return error;
}

void
alint_ctx_free(struct alint_ctx *ctx)
{
	if (!ctx)
		return;
	alint__registry_free(ctx);
	free_list(ctx->select);
	free_list(ctx->ignore);
	free(ctx->default_namespace);
	free(ctx->root_namespace);
	free(ctx);
}

unsigned int
alint_rule_ctx_flags(const struct alint_rule_ctx *rctx)
{
	return rctx ? rctx->run->ctx->opts.flags : 0;
}
