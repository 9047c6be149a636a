/*
 * registry.c - the rule registry of a context
 *
 * Built-in rules come from the X-macro list rules/rules.def; each context
 * copies them into its own registry, so there is no global mutable state.
 * Third-party rules are added per context with alint_ctx_register_rule().
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define ALINT_RULE(sym) &alint__rule_##sym,
static const struct alint_rule *const builtin_rules[] = {
#include "../rules/rules.def"
};
#undef ALINT_RULE

const struct alint_rule *const *
alint__builtin_rules(size_t *n)
{
	*n = sizeof(builtin_rules) / sizeof(builtin_rules[0]);
	return builtin_rules;
}

/* "AL" and four digits. */
static bool
valid_id(const char *id)
{
	size_t i;

	if (strncmp(id, "AL", 2) != 0 || strlen(id) != 6)
		return false;
	for (i = 2; i < 6; i++)
		if (!isdigit((unsigned char)id[i]))
			return false;
	return true;
}

/* Lower-case words joined by single '-'. */
static bool
valid_name(const char *name)
{
	const char *p;

	if (!islower((unsigned char)name[0]))
		return false;
	for (p = name; *p; p++) {
		if (islower((unsigned char)*p) || isdigit((unsigned char)*p))
			continue;
		if (*p == '-' && p[1] && p[1] != '-')
			continue;
		return false;
	}
	return true;
}

const char *
alint__rule_validate(const struct alint_rule *rule)
{
	if (!rule)
		return "rule is NULL";
	if (rule->version == 0 || rule->version > ALINT_RULE_VERSION)
		return "unknown rule version";
	if (!rule->id || !valid_id(rule->id))
		return "rule id must be AL and four digits";
	if (!rule->name || !valid_name(rule->name))
		return "rule name must be kebab-case";
	if (rule->severity > ALINT_SEV_ERROR)
		return "bad default severity";
	if (rule->version >= 2 && rule->phase > ALINT_PHASE_CLEANUP)
		return "bad phase";
	if (!rule->summary || !rule->summary[0] || strchr(rule->summary, '\n'))
		return "rule summary must be one non-empty line";
	if (!rule->doc || !rule->doc[0])
		return "rule doc is missing";
	return NULL;
}

bool
alint__rule_matches_pattern(const struct alint_rule *rule,
			    const char *pattern)
{
	return alint_rule_pattern_matches(pattern, rule->id, rule->name);
}

static bool
matches_any(const struct alint_rule *rule, char **list)
{
	size_t i;

	for (i = 0; list && list[i]; i++)
		if (alint__rule_matches_pattern(rule, list[i]))
			return true;
	return false;
}

/*
 * The rules that say an input could not be linted at all. A selection
 * such as --select AL2 must not hide that a file was never read or
 * parsed; only an ignore that names them exactly turns them off.
 */
static bool
input_level(const struct alint_rule *rule)
{
	return rule == &alint__rule_io_error ||
	       rule == &alint__rule_yaml_syntax ||
	       rule == &alint__rule_nesting_too_deep ||
	       rule == &alint__rule_binary_file ||
	       rule == &alint__rule_template_not_yaml;
}

static bool
named_exactly(const struct alint_rule *rule, char **list)
{
	size_t i;

	for (i = 0; list && list[i]; i++)
		if (strcasecmp(list[i], rule->id) == 0 ||
		    strcmp(list[i], rule->name) == 0)
			return true;
	return false;
}

bool
alint__rule_selected(const struct alint_rule *rule, char **select,
		     char **ignore)
{
	bool on;

	if (input_level(rule))
		return !named_exactly(rule, ignore);
	if (select)
		on = matches_any(rule, select);
	else
		on = !(rule->flags & ALINT_RULE_OPT_IN);
	return on && !matches_any(rule, ignore);
}

bool
alint__rule_input_level(const struct alint_rule *rule)
{
	return input_level(rule);
}

int
alint__registry_apply_filters(struct alint_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nrules; i++)
		ctx->rules[i].enabled = alint__rule_selected(ctx->rules[i].rule,
							     ctx->select,
							     ctx->ignore);
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct alint__rule_entry *x = a, *y = b;

	return strcmp(x->rule->id, y->rule->id);
}

static int
add_entry(struct alint_ctx *ctx, const struct alint_rule *rule,
	  void *payload, void (*payload_free)(void *))
{
	struct alint__rule_entry *rules;
	size_t cap;

	if (ctx->nrules == ctx->rules_cap) {
		cap = ctx->rules_cap ? ctx->rules_cap * 2 : 32;
		rules = realloc(ctx->rules, cap * sizeof(*rules));
		if (!rules)
			return ALINT_ENOMEM;
		ctx->rules = rules;
		ctx->rules_cap = cap;
	}
	ctx->rules[ctx->nrules].rule = rule;
	ctx->rules[ctx->nrules].payload = payload;
	ctx->rules[ctx->nrules].payload_free = payload_free;
	ctx->rules[ctx->nrules].enabled = !(rule->flags & ALINT_RULE_OPT_IN);
	ctx->nrules++;
	return 0;
}

int
alint__registry_init(struct alint_ctx *ctx)
{
	size_t i, n;
	int error;

	alint__builtin_rules(&n);
	for (i = 0; i < n; i++) {
		error = add_entry(ctx, builtin_rules[i], NULL, NULL);
		if (error < 0)
			return error;
	}
	qsort(ctx->rules, ctx->nrules, sizeof(*ctx->rules), cmp_entry);
	return 0;
}

void
alint__registry_free(struct alint_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nrules; i++)
		if (ctx->rules[i].payload_free)
			ctx->rules[i].payload_free(ctx->rules[i].payload);
	free(ctx->rules);
	ctx->rules = NULL;
	ctx->nrules = 0;
}

int
alint_ctx_register_rule(struct alint_ctx *ctx, const struct alint_rule *rule,
			void *payload, void (*payload_free)(void *payload))
{
	const char *why;
	size_t i;
	int error;

	if (!ctx) {
		error = ALINT_EINVAL;
		goto fail;
	}
	why = alint__rule_validate(rule);
	if (why) {
		error = alint__error(ctx, ALINT_EINVAL, "%s", why);
		goto fail;
	}
	if (!rule->check) {
		error = alint__error(ctx, ALINT_EINVAL, "rule %s has no check",
				     rule->id);
		goto fail;
	}
	for (i = 0; i < ctx->nrules; i++) {
		if (strcmp(ctx->rules[i].rule->id, rule->id) == 0 ||
		    strcmp(ctx->rules[i].rule->name, rule->name) == 0) {
			error = alint__error(ctx, ALINT_EEXISTS,
					     "rule %s (%s) is already "
					     "registered", rule->id,
					     rule->name);
			goto fail;
		}
	}
	error = add_entry(ctx, rule, payload, payload_free);
	if (error < 0)
		goto fail;
	qsort(ctx->rules, ctx->nrules, sizeof(*ctx->rules), cmp_entry);
	return alint__registry_apply_filters(ctx);
fail:
	if (payload_free)
		payload_free(payload);
	return error;
}

const struct alint__rule_entry *
alint__rule_entry_of(const struct alint_ctx *ctx,
		     const struct alint_rule *rule)
{
	size_t i;

	for (i = 0; i < ctx->nrules; i++)
		if (ctx->rules[i].rule == rule)
			return &ctx->rules[i];
	return NULL;
}

size_t
alint_ctx_rule_count(const struct alint_ctx *ctx)
{
	return ctx ? ctx->nrules : 0;
}

const struct alint_rule *
alint_ctx_rule_get(const struct alint_ctx *ctx, size_t idx)
{
	if (!ctx || idx >= ctx->nrules)
		return NULL;
	return ctx->rules[idx].rule;
}

int
alint_ctx_rule_lookup(const struct alint_rule **out,
		      const struct alint_ctx *ctx, const char *id_or_name)
{
	size_t i;

	if (!out || !ctx || !id_or_name)
		return ALINT_EINVAL;
	*out = NULL;
	for (i = 0; i < ctx->nrules; i++) {
		if (strcasecmp(ctx->rules[i].rule->id, id_or_name) == 0 ||
		    strcmp(ctx->rules[i].rule->name, id_or_name) == 0) {
			*out = ctx->rules[i].rule;
			return 0;
		}
	}
	return ALINT_ENOTFOUND;
}

int
alint_ctx_rule_enabled(const struct alint_ctx *ctx,
		       const struct alint_rule *rule)
{
	size_t i;

	if (!ctx || !rule)
		return 0;
	for (i = 0; i < ctx->nrules; i++)
		if (ctx->rules[i].rule == rule)
			return ctx->rules[i].enabled;
	return 0;
}

const char *
alint_rule_id(const struct alint_rule *rule)
{
	return rule ? rule->id : NULL;
}

const char *
alint_rule_name(const struct alint_rule *rule)
{
	return rule ? rule->name : NULL;
}

enum alint_severity
alint_rule_severity(const struct alint_rule *rule)
{
	return rule ? rule->severity : ALINT_SEV_INFO;
}

const char *
alint_rule_summary(const struct alint_rule *rule)
{
	return rule ? rule->summary : NULL;
}

unsigned int
alint_rule_flags(const struct alint_rule *rule)
{
	return rule ? rule->flags : 0;
}

enum alint_phase
alint_rule_phase(const struct alint_rule *rule)
{
	if (!rule || rule->version < 2 || rule->phase > ALINT_PHASE_CLEANUP)
		return ALINT_PHASE_NONE;
	return rule->phase;
}

const char *
alint_phase_name(enum alint_phase phase)
{
	static const char *const names[] = {
		"none", "install", "waypoints", "policies", "enrol", "cleanup"
	};

	if ((unsigned int)phase >= sizeof(names) / sizeof(names[0]))
		return "none";
	return names[phase];
}

const char *
alint_rule_doc(const struct alint_rule *rule)
{
	return rule ? rule->doc : NULL;
}

const char *
alint_rule_example_bad(const struct alint_rule *rule)
{
	return rule ? rule->example_bad : NULL;
}

const char *
alint_rule_example_good(const struct alint_rule *rule)
{
	return rule ? rule->example_good : NULL;
}
