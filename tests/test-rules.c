/*
 * test-rules.c - cmocka tests of the built-in rules
 *
 * The first group walks the registry: ids, names, summaries, docs, and the
 * rule's own examples (example_bad must trigger it, example_good must
 * not). The others lint realistic manifests with one rule selected and
 * check where each finding points, line and column.
 */
#include <config.h>

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "internal.h"

#define MAX_DIAGS 64

/* The findings of one rule in one lint. */
struct result {
	struct alint_ctx *ctx;
	struct alint_report *rep;
	const struct alint_diag *d[MAX_DIAGS];
	size_t n;
};

/*
 * Lint yaml with only the rule select (an id) enabled, for a target Istio
 * version (0: the latest).
 */
static void lint_v(struct result *r, const char *select, const char *yaml,
		   unsigned int istio_version)
{
	const char *sel[2];
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const struct alint_diag *d;
	size_t i;

	memset(r, 0, sizeof(*r));
	sel[0] = select;
	sel[1] = NULL;
	opts.select = sel;
	opts.istio_version = istio_version;
	assert_int_equal(alint_ctx_new(&r->ctx, &opts), 0);
	assert_int_equal(alint_lint_buffer(&r->rep, r->ctx, "test.yaml", yaml,
					   strlen(yaml)), 0);
	for (i = 0; i < alint_report_count(r->rep); i++) {
		d = alint_report_get(r->rep, i);
		assert_non_null(d);
		if (strcmp(d->rule_id, select) != 0)
			continue;
		assert_true(r->n < MAX_DIAGS);
		r->d[r->n++] = d;
	}
}

static void lint(struct result *r, const char *select, const char *yaml)
{
	lint_v(r, select, yaml, 0);
}

static void done(struct result *r)
{
	alint_report_free(r->rep);
	alint_ctx_free(r->ctx);
	memset(r, 0, sizeof(*r));
}

/* Finding i starts at line:col and, when end_col is not 0, ends there. */
static void at(const struct result *r, size_t i, size_t line, size_t col,
	       size_t end_col)
{
	assert_true(i < r->n);
	if (r->d[i]->start.line != line || r->d[i]->start.column != col)
		print_error("finding %zu (%s) at %zu:%zu, expected %zu:%zu\n",
			    i, r->d[i]->message, r->d[i]->start.line,
			    r->d[i]->start.column, line, col);
	assert_int_equal(r->d[i]->start.line, line);
	assert_int_equal(r->d[i]->start.column, col);
	if (end_col != 0) {
		assert_int_equal(r->d[i]->end.line, line);
		assert_int_equal(r->d[i]->end.column, end_col);
	}
}

static void says(const struct result *r, size_t i, const char *text)
{
	assert_true(i < r->n);
	if (strstr(r->d[i]->message, text) == NULL)
		print_error("message \"%s\" lacks \"%s\"\n", r->d[i]->message,
			    text);
	assert_non_null(strstr(r->d[i]->message, text));
}

static void related_at(const struct result *r, size_t i, size_t j,
		       size_t line, size_t col)
{
	assert_true(i < r->n);
	assert_true(j < r->d[i]->nrelated);
	assert_int_equal(r->d[i]->related[j].start.line, line);
	assert_int_equal(r->d[i]->related[j].start.column, col);
}

static void expect_none(const char *select, const char *yaml)
{
	struct result r;
	size_t i;

	lint(&r, select, yaml);
	for (i = 0; i < r.n; i++)
		print_error("unexpected %s at %zu:%zu: %s\n", select,
			    r.d[i]->start.line, r.d[i]->start.column,
			    r.d[i]->message);
	assert_int_equal(r.n, 0);
	done(&r);
}

/*
 * Finding i has a fix of that safety, and yaml with its edits applied is
 * expected.
 */
static void fixes(const struct result *r, size_t i, const char *yaml,
		  enum alint_fix_safety safety, const char *expected)
{
	const struct alint_fix *fx;
	const struct alint_edit *e;
	size_t k, pos = 0, n = 0, len = strlen(yaml), cap;
	char *out;

	assert_true(i < r->n);
	fx = r->d[i]->fix;
	if (fx == NULL)
		print_error("finding %zu (%s) has no fix\n", i,
			    r->d[i]->message);
	assert_non_null(fx);
	assert_int_equal(fx->safety, safety);
	assert_true(strlen(fx->description) > 5);
	cap = len + 1;
	for (k = 0; k < fx->nedits; k++)
		cap += fx->edits[k].text_len;
	out = malloc(cap);
	assert_non_null(out);
	for (k = 0; k < fx->nedits; k++) {
		e = &fx->edits[k];
		assert_true(e->start >= pos && e->end <= len);
		memcpy(out + n, yaml + pos, e->start - pos);
		n += e->start - pos;
		memcpy(out + n, e->text, e->text_len);
		n += e->text_len;
		pos = e->end;
	}
	memcpy(out + n, yaml + pos, len - pos);
	n += len - pos;
	out[n] = '\0';
	if (strcmp(out, expected) != 0)
		print_error("--- expected\n%s--- got\n%s---\n", expected, out);
	assert_string_equal(out, expected);
	free(out);
}

static void no_fix(const struct result *r, size_t i)
{
	assert_true(i < r->n);
	assert_null(r->d[i]->fix);
}

/* ---- the registry -------------------------------------------------------- */

static bool valid_id(const char *id)
{
	size_t i;

	if (strlen(id) != 6 || id[0] != 'A' || id[1] != 'L')
		return false;
	for (i = 2; i < 6; i++)
		if (id[i] < '0' || id[i] > '9')
			return false;
	return true;
}

static bool valid_name(const char *name)
{
	const char *p;

	if (name[0] < 'a' || name[0] > 'z')
		return false;
	for (p = name; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			continue;
		if (*p == '-' && p[1] != '\0' && p[1] != '-')
			continue;
		return false;
	}
	return true;
}

/* assert_true() that names the rule that fails */
#define RULE_CHECK(r, cond)						\
	do {								\
		if (!(cond))						\
			print_error("rule %s: %s\n", (r)->id, #cond);	\
		assert_true(cond);					\
	} while (0)

/* Non-empty text that ends with a newline. */
static bool ends_line(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && s[len - 1] == '\n';
}

static void test_registry_metadata(void **state)
{
	const struct alint_rule *const *rules;
	const struct alint_rule *r, *o;
	size_t n, i, j, len;

	rules = alint__builtin_rules(&n);
	assert_true(n >= 8);
	for (i = 0; i < n; i++) {
		r = rules[i];
		assert_non_null(r);
		assert_int_equal(r->version, ALINT_RULE_VERSION);
		assert_non_null(r->id);
		assert_non_null(r->name);
		if (!valid_id(r->id) || !valid_name(r->name))
			print_error("bad id or name: %s %s\n", r->id, r->name);
		RULE_CHECK(r, valid_id(r->id));
		RULE_CHECK(r, valid_name(r->name));
		assert_null(alint__rule_validate(r));
		RULE_CHECK(r, r->severity <= ALINT_SEV_ERROR);
		/*
		 * Input and YAML rules (AL0xxx, AL1xxx) are not a migration
		 * step; every migration rule (AL2xxx and up) has its phase.
		 */
		if (strncmp(r->id, "AL0", 3) == 0 ||
		    strncmp(r->id, "AL1", 3) == 0)
			RULE_CHECK(r, alint_rule_phase(r) == ALINT_PHASE_NONE);
		else
			RULE_CHECK(r, alint_rule_phase(r) != ALINT_PHASE_NONE);
		RULE_CHECK(r, strcmp(alint_phase_name(alint_rule_phase(r)),
				     "none") != 0 ||
			   alint_rule_phase(r) == ALINT_PHASE_NONE);
		/* only parse-level rules (AL0xxx) have no check */
		RULE_CHECK(r, r->check != NULL ||
			   strncmp(r->id, "AL0", 3) == 0);

		/* one line, no trailing period */
		assert_non_null(r->summary);
		len = strlen(r->summary);
		RULE_CHECK(r, len > 10 && len <= 80);
		assert_null(strchr(r->summary, '\n'));
		RULE_CHECK(r, r->summary[len - 1] != '.');

		/* a few paragraphs that end in a full stop */
		assert_non_null(r->doc);
		len = strlen(r->doc);
		RULE_CHECK(r, len > (r->check != NULL ? 200 : 40));
		RULE_CHECK(r, r->doc[len - 1] == '.');
		assert_null(strstr(r->doc, "\n\n\n"));
		RULE_CHECK(r, r->doc[0] != '\n' && r->doc[0] != ' ');

		/* whole YAML documents (parse-level rules may lack them) */
		if (r->check != NULL) {
			assert_non_null(r->example_bad);
			assert_non_null(r->example_good);
			RULE_CHECK(r, ends_line(r->example_bad));
			RULE_CHECK(r, ends_line(r->example_good));
		}

		/* rules.def is sorted by id; ids and names are unique */
		if (i > 0)
			RULE_CHECK(r, strcmp(rules[i - 1]->id, r->id) < 0);
		for (j = 0; j < n; j++) {
			o = rules[j];
			if (j == i)
				continue;
			assert_string_not_equal(o->id, r->id);
			/*
			 * select and ignore match name prefixes: no name may
			 * be a prefix of another, or selecting one rule
			 * would select two.
			 */
			if (strncmp(o->name, r->name, strlen(r->name)) == 0)
				print_error("name %s is a prefix of %s\n",
					    r->name, o->name);
			RULE_CHECK(r, strncmp(o->name, r->name,
					      strlen(r->name)) != 0);
		}
	}
}

/* The public view of the registry agrees with the built-in table. */
static void test_registry_public(void **state)
{
	const struct alint_rule *const *rules;
	const struct alint_rule *r = NULL, *prev;
	struct alint_ctx *ctx = NULL;
	size_t n, i, count;

	rules = alint__builtin_rules(&n);
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	count = alint_ctx_rule_count(ctx);
	assert_true(count >= n);
	for (i = 0; i < n; i++) {
		assert_int_equal(alint_ctx_rule_lookup(&r, ctx, rules[i]->id),
				 0);
		assert_ptr_equal(r, rules[i]);
		assert_int_equal(alint_ctx_rule_lookup(&r, ctx,
						       rules[i]->name), 0);
		assert_ptr_equal(r, rules[i]);
		assert_string_equal(alint_rule_id(r), rules[i]->id);
		assert_string_equal(alint_rule_name(r), rules[i]->name);
		assert_int_equal(alint_rule_severity(r), rules[i]->severity);
		assert_string_equal(alint_rule_summary(r), rules[i]->summary);
		assert_ptr_equal(alint_rule_doc(r), rules[i]->doc);
		assert_true(alint_ctx_rule_enabled(ctx, r) ==
			    !(rules[i]->flags & ALINT_RULE_OPT_IN));
	}
	for (i = 1; i < count; i++) {
		prev = alint_ctx_rule_get(ctx, i - 1);
		r = alint_ctx_rule_get(ctx, i);
		assert_true(strcmp(alint_rule_id(prev), alint_rule_id(r)) < 0);
	}
	alint_ctx_free(ctx);
}

/* Parse-level findings (AL0xxx) in a lint with every rule on. */
static size_t parse_issues(const char *name, const char *yaml)
{
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	size_t i, n = 0;

	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, name, yaml,
					   strlen(yaml)), 0);
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		if (strncmp(d->rule_id, "AL0", 3) == 0) {
			print_error("%s:%zu:%zu: %s [%s]\n", name,
				    d->start.line, d->start.column,
				    d->message, d->rule_id);
			n++;
		}
	}
	alint_report_free(rep);
	alint_ctx_free(ctx);
	return n;
}

/* Findings of a rule in a lint with only that rule on. */
static size_t count_findings(const char *id, const char *yaml)
{
	struct result r;
	size_t n;

	lint(&r, id, yaml);
	n = r.n;
	done(&r);
	return n;
}

/*
 * Every rule's example_bad triggers it and example_good does not. Every
 * rule is tried before the test fails, so that one broken example does
 * not hide another.
 */
static void test_registry_examples(void **state)
{
	const struct alint_rule *const *rules;
	const struct alint_rule *rule;
	struct result r;
	size_t n, i, j, bad = 0;

	rules = alint__builtin_rules(&n);
	for (i = 0; i < n; i++) {
		rule = rules[i];
		if (rule->example_bad == NULL || rule->example_good == NULL)
			continue;	/* a parse-level rule */
		lint(&r, rule->id, rule->example_bad);
		if (r.n == 0) {
			print_error("example_bad of %s does not trigger it\n",
				    rule->id);
			bad++;
		}
		for (j = 0; j < r.n; j++) {
			assert_string_equal(r.d[j]->rule_name, rule->name);
			assert_int_equal(r.d[j]->severity, rule->severity);
			if (rule->check != NULL)
				assert_true(strlen(r.d[j]->message) > 40);
			assert_true(r.d[j]->start.line > 0);
		}
		done(&r);
		if (count_findings(rule->id, rule->example_good) != 0) {
			print_error("example_good of %s triggers it\n",
				    rule->id);
			bad++;
		}
		if (strncmp(rule->id, "AL0", 3) == 0)
			continue;
		bad += parse_issues(rule->id, rule->example_bad);
		bad += parse_issues(rule->id, rule->example_good);
	}
	assert_int_equal(bad, 0);
}

/* ---- examples/ ----------------------------------------------------------- */

static void add_dir(struct alint_run *run, const char *dir, size_t *nfiles)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	char path[4096];
	size_t len;

	d = opendir(dir);
	assert_non_null(d);
	for (e = readdir(d); e != NULL; e = readdir(d)) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			add_dir(run, path, nfiles);
			continue;
		}
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		assert_int_equal(alint_run_add_file(run, path), 0);
		(*nfiles)++;
	}
	closedir(d);
}

/* The example mesh parses cleanly and exercises every rule. */
static void test_examples_dir(void **state)
{
	static const char *const ids[] = {
		"AL1001", "AL1002", "AL2001", "AL2002", "AL2003", "AL2004",
		"AL2005", "AL2006", "AL2007", NULL
	};
	struct alint_ctx *ctx = NULL;
	struct alint_run *run = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	size_t i, j, nfiles = 0, hits;

	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	add_dir(run, TOP_SRCDIR "/examples", &nfiles);
	assert_true(nfiles >= 8);
	assert_int_equal(alint_run_lint(&rep, run), 0);
	assert_int_equal(alint_report_io_errors(rep), 0);
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		if (strncmp(d->rule_id, "AL0", 3) == 0)
			print_error("%s:%zu: %s\n", d->file, d->start.line,
				    d->message);
		assert_true(strncmp(d->rule_id, "AL0", 3) != 0);
	}
	for (j = 0; ids[j] != NULL; j++) {
		hits = 0;
		for (i = 0; i < alint_report_count(rep); i++)
			if (strcmp(alint_report_get(rep, i)->rule_id,
				   ids[j]) == 0)
				hits++;
		if (hits == 0)
			print_error("no %s finding in examples/\n", ids[j]);
		assert_true(hits > 0);
	}
	alint_report_free(rep);
	alint_run_free(run);
	alint_ctx_free(ctx);
}

/* ---- AL1001 label-value-not-string --------------------------------------- */

static const char deploy_typed[] =
	"apiVersion: apps/v1\n"				/* 1 */
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"			/* 5 */
	"  labels:\n"
	"    app: reviews\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"				/* 10 */
	"      app: reviews\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"			/* 15 */
	"        version: 1.10\n"
	"      annotations:\n"
	"        sidecar.istio.io/inject: false\n"
	"        proxy.istio.io/config: '{\"holdApplicationUntilProxyStarts\":"
	" true}'\n"
	"        prometheus.io/port: 15020\n"		/* 20 */
	"        prometheus.io/scrape: \"true\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reviews\n"
	"        image: registry.example.com/bookstore/reviews:1.10.2\n";

static void test_value_pod_template(void **state)
{
	struct result r;

	lint(&r, "AL1001", deploy_typed);
	assert_int_equal(r.n, 3);
	at(&r, 0, 16, 18, 22);		/* 1.10 */
	says(&r, 0, "pod template label version");
	says(&r, 0, "floating-point");
	says(&r, 0, "write \"1.10\"");
	at(&r, 1, 18, 34, 39);		/* false */
	says(&r, 1, "pod template annotation sidecar.istio.io/inject");
	says(&r, 1, "boolean");
	says(&r, 1, "rejects");
	says(&r, 1, "write \"false\"");
	at(&r, 2, 20, 29, 34);		/* 15020 */
	says(&r, 2, "integer");
	assert_string_equal(r.d[0]->kind, "Deployment");
	assert_string_equal(r.d[0]->name, "reviews");
	done(&r);
}

static const char yaml11_values[] =
	"apiVersion: v1\n"				/* 1 */
	"kind: ConfigMap\n"
	"metadata:\n"
	"  name: flags\n"
	"  labels:\n"					/* 5 */
	"    a: yes\n"
	"    b: On\n"
	"    c: 010\n"
	"    d: 0x1F\n"
	"    e: ~\n"					/* 10 */
	"    f:\n"
	"    g: .inf\n"
	"    h: 1_000\n"
	"    i: yesterday\n"
	"    j: 'no'\n"					/* 15 */
	"    k: |\n"
	"      true\n"
	"    l: v1.10\n"
	"    m: \"\"\n"
	"    n: 1:20\n"					/* 20 */
	"    o: 2024-06-01\n"
	"data:\n"
	"  mode: on\n";

/* The YAML 1.1 forms; strings, quotes and block scalars are fine. */
static void test_value_yaml11(void **state)
{
	struct result r;

	lint(&r, "AL1001", yaml11_values);
	assert_int_equal(r.n, 8);
	at(&r, 0, 6, 8, 11);
	says(&r, 0, "label a has the unquoted value yes");
	says(&r, 0, "boolean");
	at(&r, 1, 7, 8, 10);
	says(&r, 1, "boolean");
	at(&r, 2, 8, 8, 11);
	says(&r, 2, "integer");
	at(&r, 3, 9, 8, 12);
	says(&r, 3, "integer");
	at(&r, 4, 10, 8, 9);
	says(&r, 4, "null");
	/* an empty value has no span of its own: the key */
	at(&r, 5, 11, 5, 6);
	says(&r, 5, "empty value");
	says(&r, 5, "write \"\"");
	at(&r, 6, 12, 8, 12);
	says(&r, 6, "floating-point");
	at(&r, 7, 13, 8, 13);
	done(&r);
}

static const char list_typed[] =
	"apiVersion: v1\n"				/* 1 */
	"kind: List\n"
	"items:\n"
	"- apiVersion: v1\n"
	"  kind: Service\n"				/* 5 */
	"  metadata:\n"
	"    name: ratings\n"
	"    annotations:\n"
	"      networking.istio.io/exportTo: .\n"
	"  spec:\n"					/* 10 */
	"    selector:\n"
	"      app: ratings\n"
	"      canary: false\n"
	"    ports:\n"
	"    - port: 9080\n"				/* 15 */
	"      name: http\n"
	"- apiVersion: apps/v1\n"
	"  kind: StatefulSet\n"
	"  metadata:\n"
	"    name: ratings-db\n"			/* 20 */
	"  spec:\n"
	"    serviceName: ratings-db\n"
	"    selector:\n"
	"      matchLabels: {app: ratings-db, tier: 2}\n"
	"    template:\n"				/* 25 */
	"      metadata:\n"
	"        labels: {app: ratings-db, tier: \"2\"}\n"
	"      spec:\n"
	"        nodeSelector:\n"
	"          disktype: ssd\n"			/* 30 */
	"          dedicated: yes\n"
	"        affinity:\n"
	"          podAntiAffinity:\n"
	"            requiredDuringSchedulingIgnoredDuringExecution:\n"
	"            - topologyKey: kubernetes.io/hostname\n" /* 35 */
	"              labelSelector:\n"
	"                matchLabels:\n"
	"                  app: ratings-db\n"
	"                  primary: true\n"
	"        containers:\n"				/* 40 */
	"        - name: mongodb\n"
	"          image: docker.io/library/mongo:7.0\n"
	"    volumeClaimTemplates:\n"
	"    - metadata:\n"
	"        name: data\n"				/* 45 */
	"        annotations:\n"
	"          backup.example.com/enabled: on\n"
	"      spec:\n"
	"        accessModes: [ReadWriteOnce]\n";

/* List items, selectors, nodeSelector, volume claim templates. */
static void test_value_list_selectors(void **state)
{
	struct result r;

	lint(&r, "AL1001", list_typed);
	assert_int_equal(r.n, 5);
	at(&r, 0, 13, 15, 20);
	says(&r, 0, "selector label canary");
	assert_string_equal(r.d[0]->kind, "Service");
	at(&r, 1, 24, 44, 45);
	says(&r, 1, "matchLabels label tier");
	assert_string_equal(r.d[1]->kind, "StatefulSet");
	at(&r, 2, 31, 22, 25);
	says(&r, 2, "nodeSelector label dedicated");
	at(&r, 3, 39, 28, 32);
	says(&r, 3, "matchLabels label primary");
	at(&r, 4, 47, 39, 41);
	says(&r, 4, "volume claim template annotation");
	done(&r);
}

static const char istio_selectors[] =
	"apiVersion: security.istio.io/v1\n"		/* 1 */
	"kind: AuthorizationPolicy\n"
	"metadata:\n"
	"  name: ledger-allow\n"
	"  namespace: payments\n"			/* 5 */
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: ledger\n"
	"      version: 2.0\n"				/* 10 */
	"  action: ALLOW\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: Sidecar\n"
	"metadata:\n"					/* 15 */
	"  name: ledger\n"
	"  namespace: payments\n"
	"spec:\n"
	"  workloadSelector:\n"
	"    labels:\n"					/* 20 */
	"      app: ledger\n"
	"      legacy: True\n"
	"---\n"
	"apiVersion: networking.istio.io/v1\n"
	"kind: Gateway\n"				/* 25 */
	"metadata:\n"
	"  name: public\n"
	"spec:\n"
	"  selector:\n"
	"    istio: ingressgateway\n"			/* 30 */
	"    external: 1\n"
	"  servers: []\n";

static void test_value_istio_selectors(void **state)
{
	struct result r;

	lint(&r, "AL1001", istio_selectors);
	assert_int_equal(r.n, 3);
	at(&r, 0, 10, 16, 19);
	says(&r, 0, "matchLabels label version");
	at(&r, 1, 22, 15, 19);
	says(&r, 1, "workloadSelector label legacy");
	at(&r, 2, 31, 15, 16);
	says(&r, 2, "selector label external");
	done(&r);
}

static const char odd_values[] =
	"apiVersion: batch/v1\n"			/* 1 */
	"kind: CronJob\n"
	"metadata:\n"
	"  name: reindex\n"
	"  labels: &common\n"				/* 5 */
	"    app: reindex\n"
	"    release: &rel 2.10\n"
	"spec:\n"
	"  schedule: \"0 3 * * *\"\n"
	"  jobTemplate:\n"				/* 10 */
	"    metadata:\n"
	"      labels:\n"
	"        <<: *common\n"
	"        release: *rel\n"
	"        owner:\n"				/* 15 */
	"          team: search\n"
	"    spec:\n"
	"      template:\n"
	"        metadata:\n"
	"          annotations:\n"			/* 20 */
	"            example.com/ports: [8080, 8081]\n"
	"        spec:\n"
	"          restartPolicy: Never\n"
	"          containers:\n"
	"          - name: reindex\n"			/* 25 */
	"            image: registry.example.com/search/reindex:2.10\n";

/* Aliases, merge keys and collections as values. */
static void test_value_aliases_collections(void **state)
{
	struct result r;

	lint(&r, "AL1001", odd_values);
	assert_int_equal(r.n, 4);
	at(&r, 0, 7, 14, 23);		/* the anchored 2.10, anchor included */
	says(&r, 0, "label release");
	at(&r, 1, 14, 18, 22);		/* *rel */
	says(&r, 1, "job template label release");
	at(&r, 2, 16, 11, 0);		/* a mapping */
	says(&r, 2, "mapping");
	at(&r, 3, 21, 32, 44);
	says(&r, 3, "pod template annotation example.com/ports");
	says(&r, 3, "sequence");
	done(&r);
}

static const char crd_schema[] =
	"apiVersion: apiextensions.k8s.io/v1\n"
	"kind: CustomResourceDefinition\n"
	"metadata:\n"
	"  name: widgets.example.com\n"
	"  labels:\n"
	"    app.kubernetes.io/version: \"1.10\"\n"
	"spec:\n"
	"  group: example.com\n"
	"  names: {kind: Widget, plural: widgets}\n"
	"  scope: Namespaced\n"
	"  versions:\n"
	"  - name: v1\n"
	"    served: true\n"
	"    storage: true\n"
	"    schema:\n"
	"      openAPIV3Schema:\n"
	"        type: object\n"
	"        properties:\n"
	"          matchLabels:\n"
	"            type: object\n"
	"            maxProperties: 4096\n"
	"            additionalProperties:\n"
	"              type: string\n";

static const char template_values[] =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: etcd\n"
	"  labels:\n"
	"    component: etcd\n"
	"    cell: {{cell}}\n"
	"spec:\n"
	"  ports:\n"
	"  - port: 4001\n";

static void test_value_clean(void **state)
{
	/* a template placeholder is AL0008's business */
	expect_none("AL1001", template_values);
	/* a CRD describes matchLabels without holding one */
	expect_none("AL1001", crd_schema);
	expect_none("AL1001", alint__rule_label_value_not_string.example_good);
}

/* ---- AL1002 label-key-not-string ----------------------------------------- */

static const char typed_keys[] =
	"apiVersion: v1\n"				/* 1 */
	"kind: Service\n"
	"metadata:\n"
	"  name: storefront\n"
	"  namespace: bookstore\n"			/* 5 */
	"  labels:\n"
	"    app: storefront\n"
	"    NO: enabled\n"
	"    \"SE\": enabled\n"
	"    true: x\n"					/* 10 */
	"    42: x\n"
	"    010: x\n"
	"    0x1F: x\n"
	"    1.10: x\n"
	"    ~: x\n"					/* 15 */
	"    'on': x\n"
	"spec:\n"
	"  selector:\n"
	"    app: storefront\n"
	"    y: \"1\"\n"				/* 20 */
	"  ports:\n"
	"  - port: 80\n";

static void test_keys(void **state)
{
	struct result r;

	lint(&r, "AL1002", typed_keys);
	assert_int_equal(r.n, 6);
	at(&r, 0, 8, 5, 7);
	says(&r, 0, "label key NO");
	says(&r, 0, "becomes \"false\"");
	says(&r, 0, "quote it: \"NO\"");
	at(&r, 1, 12, 5, 8);
	says(&r, 1, "becomes \"8\"");
	at(&r, 2, 13, 5, 9);
	says(&r, 2, "becomes \"31\"");
	at(&r, 3, 14, 5, 9);
	says(&r, 3, "floating-point");
	at(&r, 4, 15, 5, 6);
	says(&r, 4, "null");
	at(&r, 5, 20, 5, 6);
	says(&r, 5, "selector label key y");
	says(&r, 5, "becomes \"true\"");
	done(&r);
	expect_none("AL1002", deploy_typed);
}

/* ---- AL2001 namespace-injection-label ------------------------------------ */

static const char namespaces[] =
	"apiVersion: v1\n"				/* 1 */
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  labels:\n"					/* 5 */
	"    team: books\n"
	"    istio-injection: enabled\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"				/* 10 */
	"metadata:\n"
	"  name: payments\n"
	"  labels: {istio.io/rev: canary}\n"
	"---\n"
	"apiVersion: v1\n"				/* 15 */
	"kind: Namespace\n"
	"metadata:\n"
	"  name: legacy\n"
	"  labels:\n"
	"    istio.io/rev: stable\n"			/* 20 */
	"    istio-injection: enabled\n"
	"    istio.io/dataplane-mode: none\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"				/* 25 */
	"metadata:\n"
	"  name: batch\n"
	"  labels:\n"
	"    istio-injection: disabled\n"
	"    istio.io/rev: canary\n"			/* 30 */
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: storefront\n"				/* 35 */
	"  labels:\n"
	"    istio.io/dataplane-mode: ambient\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Namespace\n"				/* 40 */
	"metadata:\n"
	"  name: tools\n"
	"  labels:\n"
	"    istio.io/rev: \"\"\n"
	"---\n"						/* 45 */
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: search\n"
	"  labels:\n"					/* 50 */
	"    istio-injection: enabled\n"
	"    istio.io/dataplane-mode: ambient\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: ConfigMap\n"				/* 55 */
	"metadata:\n"
	"  name: not-a-namespace\n"
	"  labels:\n"
	"    istio-injection: enabled\n";

static void test_namespace_label(void **state)
{
	struct result r;

	lint(&r, "AL2001", namespaces);
	assert_int_equal(r.n, 3);
	at(&r, 0, 7, 5, 20);
	says(&r, 0, "namespace bookstore");
	says(&r, 0, "istio-injection=enabled");
	says(&r, 0, "istio.io/dataplane-mode=ambient");
	assert_int_equal(r.d[0]->nrelated, 0);
	assert_string_equal(r.d[0]->kind, "Namespace");
	at(&r, 1, 13, 12, 24);
	says(&r, 1, "istio.io/rev=canary");
	says(&r, 1, "remove istio.io/rev");
	/* istio-injection wins over istio.io/rev */
	at(&r, 2, 21, 5, 20);
	says(&r, 2, "namespace legacy");
	says(&r, 2, "remove istio-injection");
	assert_int_equal(r.d[2]->nrelated, 2);
	related_at(&r, 2, 0, 20, 5);
	related_at(&r, 2, 1, 22, 5);
	done(&r);
}

/* ---- AL2002 namespace-injection-and-ambient ------------------------------ */

static void test_namespace_and_ambient(void **state)
{
	struct result r;

	lint(&r, "AL2002", namespaces);
	assert_int_equal(r.n, 1);
	at(&r, 0, 51, 5, 20);
	says(&r, 0, "namespace search");
	says(&r, 0, "sidecar wins");
	assert_int_equal(r.d[0]->nrelated, 1);
	related_at(&r, 0, 0, 52, 5);
	assert_string_equal(r.d[0]->related[0].file, "test.yaml");
	done(&r);

	lint(&r, "AL2002", alint__rule_namespace_injection_and_ambient
	     .example_bad);
	assert_int_equal(r.n, 1);
	at(&r, 0, 7, 5, 17);
	says(&r, 0, "istio.io/rev=canary");
	related_at(&r, 0, 0, 6, 5);
	done(&r);
}

/* ---- AL2003 pod-sidecar-inject ------------------------------------------- */

static const char inject_true[] =
	"apiVersion: v1\n"				/* 1 */
	"kind: Pod\n"
	"metadata:\n"
	"  name: debug-shell\n"
	"  labels:\n"					/* 5 */
	"    sidecar.istio.io/inject: \"True\"\n"
	"spec:\n"
	"  containers:\n"
	"  - name: shell\n"
	"    image: docker.io/library/busybox:1.36\n"	/* 10 */
	"---\n"
	"apiVersion: batch/v1\n"
	"kind: CronJob\n"
	"metadata:\n"
	"  name: sitemap\n"				/* 15 */
	"spec:\n"
	"  schedule: \"@hourly\"\n"
	"  jobTemplate:\n"
	"    spec:\n"
	"      template:\n"				/* 20 */
	"        metadata:\n"
	"          annotations:\n"
	"            sidecar.istio.io/inject: true\n"
	"        spec:\n"
	"          restartPolicy: Never\n"		/* 25 */
	"          containers:\n"
	"          - name: sitemap\n"
	"            image: registry.example.com/sitemap:1.2\n"
	"---\n"
	"apiVersion: argoproj.io/v1alpha1\n"		/* 30 */
	"kind: Rollout\n"
	"metadata:\n"
	"  name: checkout\n"
	"spec:\n"
	"  selector:\n"					/* 35 */
	"    matchLabels: {app: checkout}\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: checkout\n"			/* 40 */
	"        sidecar.istio.io/inject: \"true\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: checkout\n"
	"        image: registry.example.com/checkout:5.0\n" /* 45 */
	"  strategy:\n"
	"    canary: {steps: [{setWeight: 20}]}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"				/* 50 */
	"metadata:\n"
	"  name: istio-ingressgateway\n"
	"  namespace: istio-ingress\n"
	"spec:\n"
	"  selector:\n"					/* 55 */
	"    matchLabels: {istio: ingressgateway}\n"
	"  template:\n"
	"    metadata:\n"
	"      annotations:\n"
	"        inject.istio.io/templates: gateway\n"	/* 60 */
	"      labels:\n"
	"        istio: ingressgateway\n"
	"        sidecar.istio.io/inject: \"true\"\n"
	"    spec:\n"
	"      containers:\n"				/* 65 */
	"      - name: istio-proxy\n"
	"        image: auto\n";

static void test_pod_inject(void **state)
{
	struct result r;

	lint(&r, "AL2003", inject_true);
	assert_int_equal(r.n, 3);
	at(&r, 0, 6, 5, 28);
	says(&r, 0, "pod label sidecar.istio.io/inject=true");
	says(&r, 0, "sidecar wins");
	at(&r, 1, 23, 13, 36);
	says(&r, 1, "pod template annotation");
	says(&r, 1, "deprecated");
	assert_string_equal(r.d[1]->kind, "CronJob");
	at(&r, 2, 41, 9, 32);
	assert_string_equal(r.d[2]->kind, "Rollout");
	done(&r);
	expect_none("AL2003", alint__rule_pod_sidecar_opt_out.example_bad);
}

/* ---- AL2004 pod-sidecar-opt-out ------------------------------------------ */

static const char inject_false[] =
	"apiVersion: batch/v1\n"			/* 1 */
	"kind: Job\n"
	"metadata:\n"
	"  name: db-migrate\n"
	"  namespace: payments\n"			/* 5 */
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: db-migrate\n"			/* 10 */
	"        sidecar.istio.io/inject: \"false\"\n"
	"      annotations:\n"
	"        sidecar.istio.io/inject: FALSE\n"
	"    spec:\n"
	"      restartPolicy: Never\n"			/* 15 */
	"      containers:\n"
	"      - name: migrate\n"
	"        image: registry.example.com/payments/migrate:7\n"
	"---\n"
	"apiVersion: apps/v1\n"				/* 20 */
	"kind: Deployment\n"
	"metadata:\n"
	"  name: waypoint\n"
	"  namespace: payments\n"
	"spec:\n"					/* 25 */
	"  selector:\n"
	"    matchLabels:\n"
	"      gateway.networking.k8s.io/gateway-name: waypoint\n"
	"  template:\n"
	"    metadata:\n"				/* 30 */
	"      labels:\n"
	"        gateway.networking.k8s.io/gateway-name: waypoint\n"
	"        istio.io/dataplane-mode: none\n"
	"        sidecar.istio.io/inject: \"false\"\n"
	"    spec:\n"					/* 35 */
	"      containers:\n"
	"      - name: istio-proxy\n"
	"        image: docker.io/istio/proxyv2:1.24.2\n"
	"        args: [proxy, waypoint]\n"
	"---\n"						/* 40 */
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: edge-gateway\n"
	"  namespace: istio-ingress\n"			/* 45 */
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {istio: edge}\n"
	"  template:\n"
	"    metadata:\n"				/* 50 */
	"      labels:\n"
	"        istio: edge\n"
	"        istio.io/dataplane-mode: ambient\n"
	"        sidecar.istio.io/inject: \"false\"\n"
	"    spec:\n"					/* 55 */
	"      containers:\n"
	"      - name: istio-proxy\n"
	"        image: docker.io/istio/proxyv2:1.24.2\n"
	"        args: [proxy, router]\n";

static void test_pod_opt_out(void **state)
{
	struct result r;

	lint(&r, "AL2004", inject_false);
	assert_int_equal(r.n, 2);
	at(&r, 0, 11, 9, 32);
	says(&r, 0, "pod template label sidecar.istio.io/inject=false");
	says(&r, 0, "istio.io/dataplane-mode: none");
	at(&r, 1, 13, 9, 32);
	says(&r, 1, "deprecated");
	assert_int_equal(r.d[0]->severity, ALINT_SEV_INFO);
	done(&r);
	expect_none("AL2004", inject_true);
}

/* ---- AL2005 pod-already-injected ----------------------------------------- */

static const char injected[] =
	"apiVersion: apps/v1\n"				/* 1 */
	"kind: Deployment\n"
	"metadata:\n"
	"  name: inventory\n"
	"  namespace: bookstore\n"			/* 5 */
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {app: inventory}\n"
	"  template:\n"
	"    metadata:\n"				/* 10 */
	"      labels:\n"
	"        app: inventory\n"
	"        security.istio.io/tlsMode: istio\n"
	"      annotations:\n"
	"        sidecar.istio.io/status: '{\"initContainers\":"	/* 15 */
	"[\"istio-init\"],\"containers\":[\"istio-proxy\"]}'\n"
	"    spec:\n"
	"      initContainers:\n"
	"      - name: istio-init\n"
	"        image: docker.io/istio/proxyv2:1.22.3\n"
	"      containers:\n"				/* 20 */
	"      - name: inventory\n"
	"        image: registry.example.com/inventory:3.0\n"
	"      - name: istio-proxy\n"
	"        image: docker.io/istio/proxyv2:1.22.3\n"
	"        args:\n"				/* 25 */
	"        - proxy\n"
	"        - sidecar\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Pod\n"					/* 30 */
	"metadata:\n"
	"  name: hello\n"
	"spec:\n"
	"  initContainers:\n"
	"  - name: istio-validation\n"			/* 35 */
	"    image: docker.io/istio/proxyv2:1.24.2\n"
	"  - name: istio-proxy\n"
	"    image: docker.io/istio/proxyv2:1.24.2\n"
	"    restartPolicy: Always\n"
	"  containers:\n"				/* 40 */
	"  - name: hello\n"
	"    image: registry.example.com/hello:1.0\n"
	"---\n"
	"apiVersion: batch/v1\n"
	"kind: Job\n"					/* 45 */
	"metadata:\n"
	"  name: warmup\n"
	"spec:\n"
	"  template:\n"
	"    spec:\n"					/* 50 */
	"      restartPolicy: Never\n"
	"      initContainers:\n"
	"      - name: istio-validation\n"
	"        image: docker.io/istio/proxyv2:1.24.2\n"
	"      containers:\n"				/* 55 */
	"      - name: warmup\n"
	"        image: registry.example.com/warmup:1.0\n";

static void test_injected(void **state)
{
	struct result r;

	lint(&r, "AL2005", injected);
	assert_int_equal(r.n, 3);
	at(&r, 0, 15, 9, 32);
	says(&r, 0, "pod template already contains an injected Istio "
	     "sidecar (sidecar.istio.io/status annotation, istio-proxy "
	     "container, istio-init init container)");
	says(&r, 0, "leaves it out of ambient");
	assert_int_equal(r.d[0]->nrelated, 2);
	related_at(&r, 0, 0, 23, 15);
	related_at(&r, 0, 1, 18, 15);
	/* native sidecar: the proxy first, then the CNI init container */
	at(&r, 1, 37, 11, 22);
	says(&r, 1, "pod already contains");
	says(&r, 1, "istio-proxy native sidecar, istio-validation");
	assert_int_equal(r.d[1]->nrelated, 1);
	related_at(&r, 1, 0, 35, 11);
	at(&r, 2, 53, 15, 31);
	assert_int_equal(r.d[2]->nrelated, 0);
	done(&r);
}

static const char not_injected[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: customised\n"
	"spec:\n"
	"  containers:\n"
	"  - name: hello\n"
	"    image: docker.io/library/alpine:3.20\n"
	"  - name: istio-proxy\n"
	"    image: auto\n"
	"    resources:\n"
	"      requests: {cpu: 100m}\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: DaemonSet\n"
	"metadata:\n"
	"  name: ztunnel\n"
	"  namespace: istio-system\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {app: ztunnel}\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: ztunnel, sidecar.istio.io/inject: \"false\"}\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: istio-proxy\n"
	"        image: docker.io/istio/ztunnel:1.24.2-distroless\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: productpage-waypoint\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {gateway.networking.k8s.io/gateway-name: pp}\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        gateway.networking.k8s.io/gateway-name: pp\n"
	"        istio.io/dataplane-mode: none\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: istio-proxy\n"
	"        image: docker.io/istio/proxyv2:1.24.2\n"
	"        args: [proxy, waypoint, --domain, cluster.local]\n"
	"      - name: debug\n"
	"        image: docker.io/library/busybox:1.36\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: hello\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {app: hello}\n"
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: hello}\n"
	"    spec:\n"
	"      initContainers:\n"
	"      - name: istio-init\n"
	"        image: registry.example.com/custom-init:1.0\n"
	"      containers:\n"
	"      - name: hello\n"
	"        image: registry.example.com/hello:1.0\n"
	"      - name: istio-proxy\n"
	"        image: auto\n"
	"        resources:\n"
	"          limits: {cpu: 3000m}\n";

static void test_not_injected(void **state)
{
	expect_none("AL2005", not_injected);
	expect_none("AL2005", inject_true);
	expect_none("AL2005", inject_false);
}

/* ---- AL2006 workload-sidecar-inject-ignored ------------------------------ */

static const char misplaced[] =
	"apiVersion: apps/v1\n"				/* 1 */
	"kind: Deployment\n"
	"metadata:\n"
	"  name: ledger\n"
	"  namespace: payments\n"			/* 5 */
	"  labels:\n"
	"    app: ledger\n"
	"    sidecar.istio.io/inject: \"false\"\n"
	"  annotations:\n"
	"    sidecar.istio.io/inject: \"true\"\n"	/* 10 */
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {app: ledger}\n"
	"  template:\n"
	"    metadata:\n"				/* 15 */
	"      labels: {app: ledger}\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: ledger\n"
	"        image: registry.example.com/ledger:2.0\n" /* 20 */
	"---\n"
	"apiVersion: batch/v1\n"
	"kind: CronJob\n"
	"metadata:\n"
	"  name: settle\n"				/* 25 */
	"spec:\n"
	"  schedule: \"0 1 * * *\"\n"
	"  jobTemplate:\n"
	"    metadata:\n"
	"      labels:\n"				/* 30 */
	"        sidecar.istio.io/inject: \"false\"\n"
	"    spec:\n"
	"      template:\n"
	"        spec:\n"
	"          restartPolicy: Never\n"		/* 35 */
	"          containers:\n"
	"          - name: settle\n"
	"            image: registry.example.com/settle:1.0\n";

static void test_workload_inject(void **state)
{
	struct result r;

	lint(&r, "AL2006", misplaced);
	assert_int_equal(r.n, 3);
	at(&r, 0, 8, 5, 28);
	says(&r, 0, "on the Deployment's own labels has no effect");
	says(&r, 0, "not opted out");
	at(&r, 1, 10, 5, 28);
	says(&r, 1, "Deployment's own annotations");
	at(&r, 2, 31, 9, 32);
	says(&r, 2, "CronJob's job template labels");
	done(&r);
	/* a Pod's own metadata is the pod's */
	expect_none("AL2006", inject_true);
	expect_none("AL2006", inject_false);
}

/* ---- fixes --------------------------------------------------------------- */

static const char ns_fix_in[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: bookstore\n"
	"  labels:\n"
	"    # sidecar mode\n"
	"    istio-injection: \"enabled\"  # on\n"
	"    istio.io/rev: canary\n"
	"    team: books\n";

static void test_fix_namespace(void **state)
{
	struct result r;
	static const char rev[] =
		"kind: Namespace\n"
		"metadata:\n"
		"  name: payments\n"
		"  labels: {istio.io/rev: canary, team: pay}\n";
	static const char none[] =
		"kind: Namespace\n"
		"metadata:\n"
		"  name: tools\n"
		"  labels:\n"
		"    istio-injection: enabled\n"
		"    istio.io/dataplane-mode: none\n";
	static const char both[] =
		"kind: Namespace\n"
		"metadata:\n"
		"  name: search\n"
		"  labels:\n"
		"    istio-injection: enabled\n"
		"    istio.io/rev: canary\n"
		"    istio.io/dataplane-mode: ambient\n";

	/* AL2001: relabelled in place, the inert istio.io/rev removed */
	lint(&r, "AL2001", ns_fix_in);
	assert_int_equal(r.n, 1);
	fixes(&r, 0, ns_fix_in, ALINT_FIX_SAFE,
	      "apiVersion: v1\n"
	      "kind: Namespace\n"
	      "metadata:\n"
	      "  name: bookstore\n"
	      "  labels:\n"
	      "    # sidecar mode\n"
	      "    istio.io/dataplane-mode: \"ambient\"  # on\n"
	      "    team: books\n");
	done(&r);
	lint(&r, "AL2001", rev);
	assert_int_equal(r.n, 1);
	fixes(&r, 0, rev, ALINT_FIX_SAFE,
	      "kind: Namespace\n"
	      "metadata:\n"
	      "  name: payments\n"
	      "  labels: {istio.io/dataplane-mode: ambient, team: pay}\n");
	done(&r);
	/* an explicit none is the owner's call */
	lint(&r, "AL2001", none);
	assert_int_equal(r.n, 1);
	no_fix(&r, 0);
	done(&r);

	/* AL2002: the injection label and the istio.io/rev it hid */
	lint(&r, "AL2002", both);
	assert_int_equal(r.n, 1);
	fixes(&r, 0, both, ALINT_FIX_SAFE,
	      "kind: Namespace\n"
	      "metadata:\n"
	      "  name: search\n"
	      "  labels:\n"
	      "    istio.io/dataplane-mode: ambient\n");
	done(&r);
}

static const char pod_true_in[] =
	"apiVersion: v1\n"
	"kind: Namespace\n"
	"metadata:\n"
	"  name: shop\n"
	"  labels:\n"
	"    istio-injection: enabled\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: cart\n"
	"  namespace: shop\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {app: cart}\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: cart\n"
	"        sidecar.istio.io/inject: \"true\"\n"
	"      annotations:\n"
	"        sidecar.istio.io/inject: \"true\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: cart\n"
	"        image: cart:1\n";

static void test_fix_pod_inject(void **state)
{
	struct result r;
	static const char other_ns[] =
		"apiVersion: v1\n"
		"kind: Pod\n"
		"metadata:\n"
		"  name: debug\n"
		"  namespace: elsewhere\n"
		"  labels:\n"
		"    sidecar.istio.io/inject: \"true\"\n"
		"    app: debug\n"
		"spec:\n"
		"  containers:\n"
		"  - name: debug\n"
		"    image: busybox\n";
	static const char selected[] =
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: cart\n"
		"spec:\n"
		"  selector:\n"
		"    matchLabels: {sidecar.istio.io/inject: \"true\"}\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        sidecar.istio.io/inject: \"true\"\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: cart\n"
		"        image: cart:1\n";

	lint(&r, "AL2003", pod_true_in);
	assert_int_equal(r.n, 2);
	/* the label: the namespace injects anyway, so it is safe */
	fixes(&r, 0, pod_true_in, ALINT_FIX_SAFE,
	      "apiVersion: v1\n"
	      "kind: Namespace\n"
	      "metadata:\n"
	      "  name: shop\n"
	      "  labels:\n"
	      "    istio-injection: enabled\n"
	      "---\n"
	      "apiVersion: apps/v1\n"
	      "kind: Deployment\n"
	      "metadata:\n"
	      "  name: cart\n"
	      "  namespace: shop\n"
	      "spec:\n"
	      "  selector:\n"
	      "    matchLabels: {app: cart}\n"
	      "  template:\n"
	      "    metadata:\n"
	      "      labels:\n"
	      "        app: cart\n"
	      "      annotations:\n"
	      "        sidecar.istio.io/inject: \"true\"\n"
	      "    spec:\n"
	      "      containers:\n"
	      "      - name: cart\n"
	      "        image: cart:1\n");
	/* the annotation alone: "{}" */
	fixes(&r, 1, pod_true_in, ALINT_FIX_SAFE,
	      "apiVersion: v1\n"
	      "kind: Namespace\n"
	      "metadata:\n"
	      "  name: shop\n"
	      "  labels:\n"
	      "    istio-injection: enabled\n"
	      "---\n"
	      "apiVersion: apps/v1\n"
	      "kind: Deployment\n"
	      "metadata:\n"
	      "  name: cart\n"
	      "  namespace: shop\n"
	      "spec:\n"
	      "  selector:\n"
	      "    matchLabels: {app: cart}\n"
	      "  template:\n"
	      "    metadata:\n"
	      "      labels:\n"
	      "        app: cart\n"
	      "        sidecar.istio.io/inject: \"true\"\n"
	      "      annotations: {}\n"
	      "    spec:\n"
	      "      containers:\n"
	      "      - name: cart\n"
	      "        image: cart:1\n");
	done(&r);

	/* a namespace not in the inputs: the label may be what injects */
	lint(&r, "AL2003", other_ns);
	assert_int_equal(r.n, 1);
	fixes(&r, 0, other_ns, ALINT_FIX_UNSAFE,
	      "apiVersion: v1\n"
	      "kind: Pod\n"
	      "metadata:\n"
	      "  name: debug\n"
	      "  namespace: elsewhere\n"
	      "  labels:\n"
	      "    app: debug\n"
	      "spec:\n"
	      "  containers:\n"
	      "  - name: debug\n"
	      "    image: busybox\n");
	done(&r);

	/* the selector uses it: no fix */
	lint(&r, "AL2003", selected);
	assert_int_equal(r.n, 1);
	no_fix(&r, 0);
	done(&r);
}

static void test_fix_opt_out(void **state)
{
	struct result r;
	static const char both[] =
		"apiVersion: batch/v1\n"
		"kind: Job\n"
		"metadata:\n"
		"  name: migrate\n"
		"spec:\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        sidecar.istio.io/inject: \"false\"  # never ends\n"
		"      annotations:\n"
		"        sidecar.istio.io/inject: \"false\"\n"
		"    spec:\n"
		"      restartPolicy: Never\n"
		"      containers:\n"
		"      - name: migrate\n"
		"        image: migrate:1\n";
	static const char both_fixed[] =
		"apiVersion: batch/v1\n"
		"kind: Job\n"
		"metadata:\n"
		"  name: migrate\n"
		"spec:\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        sidecar.istio.io/inject: \"false\"  # never ends\n"
		"        istio.io/dataplane-mode: none\n"
		"      annotations:\n"
		"        sidecar.istio.io/inject: \"false\"\n"
		"    spec:\n"
		"      restartPolicy: Never\n"
		"      containers:\n"
		"      - name: migrate\n"
		"        image: migrate:1\n";
	static const char no_meta[] =
		"apiVersion: v1\n"
		"kind: PodTemplate\n"
		"metadata:\n"
		"  name: runner\n"
		"  annotations:\n"
		"    note: x\n"
		"template:\n"
		"  metadata:\n"
		"    annotations: {sidecar.istio.io/inject: \"false\"}\n"
		"  spec:\n"
		"    containers:\n"
		"    - name: runner\n"
		"      image: runner:1\n";

	/* the label and the annotation: one fix, offered on both */
	lint(&r, "AL2004", both);
	assert_int_equal(r.n, 2);
	fixes(&r, 0, both, ALINT_FIX_SAFE, both_fixed);
	fixes(&r, 1, both, ALINT_FIX_SAFE, both_fixed);
	done(&r);

	/* no labels yet: the mapping is created */
	lint(&r, "AL2004", no_meta);
	assert_int_equal(r.n, 1);
	fixes(&r, 0, no_meta, ALINT_FIX_SAFE,
	      "apiVersion: v1\n"
	      "kind: PodTemplate\n"
	      "metadata:\n"
	      "  name: runner\n"
	      "  annotations:\n"
	      "    note: x\n"
	      "template:\n"
	      "  metadata:\n"
	      "    annotations: {sidecar.istio.io/inject: \"false\"}\n"
	      "    labels:\n"
	      "      istio.io/dataplane-mode: none\n"
	      "  spec:\n"
	      "    containers:\n"
	      "    - name: runner\n"
	      "      image: runner:1\n");
	done(&r);
}

static void test_fix_workload(void **state)
{
	struct result r;
	static const char in[] =
		"apiVersion: apps/v1\n"
		"kind: StatefulSet\n"
		"metadata:\n"
		"  name: db\n"
		"  labels:\n"
		"    app: db\n"
		"    sidecar.istio.io/inject: \"false\"\n"
		"  annotations:\n"
		"    sidecar.istio.io/inject: \"true\"\n"
		"spec:\n"
		"  selector:\n"
		"    matchLabels: {app: db}\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        app: db\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: db\n"
		"        image: postgres:16\n";

	lint(&r, "AL2006", in);
	assert_int_equal(r.n, 2);
	fixes(&r, 0, in, ALINT_FIX_UNSAFE,
	      "apiVersion: apps/v1\n"
	      "kind: StatefulSet\n"
	      "metadata:\n"
	      "  name: db\n"
	      "  labels:\n"
	      "    app: db\n"
	      "  annotations:\n"
	      "    sidecar.istio.io/inject: \"true\"\n"
	      "spec:\n"
	      "  selector:\n"
	      "    matchLabels: {app: db}\n"
	      "  template:\n"
	      "    metadata:\n"
	      "      labels:\n"
	      "        app: db\n"
	      "        istio.io/dataplane-mode: none\n"
	      "    spec:\n"
	      "      containers:\n"
	      "      - name: db\n"
	      "        image: postgres:16\n");
	fixes(&r, 1, in, ALINT_FIX_SAFE,
	      "apiVersion: apps/v1\n"
	      "kind: StatefulSet\n"
	      "metadata:\n"
	      "  name: db\n"
	      "  labels:\n"
	      "    app: db\n"
	      "    sidecar.istio.io/inject: \"false\"\n"
	      "  annotations: {}\n"
	      "spec:\n"
	      "  selector:\n"
	      "    matchLabels: {app: db}\n"
	      "  template:\n"
	      "    metadata:\n"
	      "      labels:\n"
	      "        app: db\n"
	      "    spec:\n"
	      "      containers:\n"
	      "      - name: db\n"
	      "        image: postgres:16\n");
	done(&r);
}

static void test_fix_values(void **state)
{
	struct result r;
	static const char in[] =
		"metadata:\n"
		"  name: x\n"
		"  labels:\n"
		"    version: 1.10\n"
		"    empty:\n"
		"    tilde: ~  # c\n"
		"    on: on\n"
		"    ref: *a\n"
		"  annotations: &a {k: 0x1F}\n";

	lint(&r, "AL1001", in);
	assert_int_equal(r.n, 5);
	fixes(&r, 0, in, ALINT_FIX_SAFE,
	      "metadata:\n  name: x\n  labels:\n    version: \"1.10\"\n"
	      "    empty:\n    tilde: ~  # c\n    on: on\n    ref: *a\n"
	      "  annotations: &a {k: 0x1F}\n");
	fixes(&r, 1, in, ALINT_FIX_SAFE,
	      "metadata:\n  name: x\n  labels:\n    version: 1.10\n"
	      "    empty: \"\"\n    tilde: ~  # c\n    on: on\n    ref: *a\n"
	      "  annotations: &a {k: 0x1F}\n");
	fixes(&r, 2, in, ALINT_FIX_SAFE,
	      "metadata:\n  name: x\n  labels:\n    version: 1.10\n"
	      "    empty:\n    tilde: \"\"  # c\n    on: on\n    ref: *a\n"
	      "  annotations: &a {k: 0x1F}\n");
	fixes(&r, 3, in, ALINT_FIX_SAFE,
	      "metadata:\n  name: x\n  labels:\n    version: 1.10\n"
	      "    empty:\n    tilde: ~  # c\n    on: \"on\"\n    ref: *a\n"
	      "  annotations: &a {k: 0x1F}\n");
	fixes(&r, 4, in, ALINT_FIX_SAFE,
	      "metadata:\n  name: x\n  labels:\n    version: 1.10\n"
	      "    empty:\n    tilde: ~  # c\n    on: on\n    ref: *a\n"
	      "  annotations: &a {k: \"0x1F\"}\n");
	done(&r);
}

/* ---- AL2007 sidecar-only-annotation -------------------------------------- */

static const char sidecar_ann[] =
	"apiVersion: v1\n"				/* 1 */
	"kind: Namespace\n"
	"metadata:\n"
	"  name: virt\n"
	"  labels:\n"					/* 5 */
	"    istio-injection: enabled\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"					/* 10 */
	"  name: bridge\n"
	"  namespace: virt\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels: {app: bridge}\n"		/* 15 */
	"  template:\n"
	"    metadata:\n"
	"      labels: {app: bridge}\n"
	"      annotations:\n"
	"        sidecar.istio.io/proxyCPU: 100m\n"	/* 20 */
	"        sidecar.istio.io/inject: \"true\"\n"
	"        traffic.sidecar.istio.io/kubevirtInterfaces: k6t-eth0\n"
	"        istio.io/reroute-virtual-interfaces: net1\n"
	"        proxy.istio.io/config: '{}'\n"
	"    spec:\n"					/* 25 */
	"      containers:\n"
	"      - name: bridge\n"
	"        image: bridge:1\n"
	"---\n"
	"apiVersion: v1\n"				/* 30 */
	"kind: Namespace\n"
	"metadata:\n"
	"  name: outside\n"
	"---\n"
	"apiVersion: v1\n"				/* 35 */
	"kind: Pod\n"
	"metadata:\n"
	"  name: plain\n"
	"  namespace: outside\n"
	"  annotations:\n"				/* 40 */
	"    sidecar.istio.io/logLevel: debug\n"
	"spec:\n"
	"  containers:\n"
	"  - name: plain\n"
	"    image: plain:1\n"				/* 45 */
	"---\n"
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: opted-in\n"				/* 50 */
	"  namespace: outside\n"
	"  labels: {istio.io/dataplane-mode: ambient}\n"
	"  annotations:\n"
	"    status.sidecar.istio.io/port: \"0\"\n"
	"spec:\n"					/* 55 */
	"  containers:\n"
	"  - name: opted-in\n"
	"    image: plain:1\n"
	"---\n"
	"apiVersion: v1\n"				/* 60 */
	"kind: Pod\n"
	"metadata:\n"
	"  name: unknown-namespace\n"
	"  namespace: nowhere\n"
	"  annotations:\n"				/* 65 */
	"    readiness.status.sidecar.istio.io/periodSeconds: \"5\"\n"
	"    inject.istio.io/templates: sidecar,spire\n"
	"    owner: team-a\n"
	"spec:\n"
	"  containers:\n"				/* 70 */
	"  - name: unknown\n"
	"    image: plain:1\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Pod\n"					/* 75 */
	"metadata:\n"
	"  name: kept-out\n"
	"  namespace: nowhere\n"
	"  labels: {istio.io/dataplane-mode: none}\n"
	"  annotations:\n"				/* 80 */
	"    sidecar.istio.io/logLevel: debug\n"
	"spec:\n"
	"  containers:\n"
	"  - name: kept-out\n"
	"    image: plain:1\n"				/* 85 */
	"---\n"
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: waypoint\n"				/* 90 */
	"  namespace: virt\n"
	"  annotations:\n"
	"    proxy.istio.io/config: '{}'\n"
	"spec:\n"
	"  containers:\n"				/* 95 */
	"  - name: istio-proxy\n"
	"    image: proxyv2\n"
	"    args: [proxy, waypoint]\n";

/* text without its lines a and b (1-based); malloc'ed */
static char *drop_lines(const char *text, size_t a, size_t b)
{
	char *out = malloc(strlen(text) + 1);
	const char *p = text, *nl;
	size_t line = 1, n = 0;

	assert_non_null(out);
	for (; *p != '\0'; p = nl, line++) {
		nl = strchr(p, '\n');
		nl = nl != NULL ? nl + 1 : p + strlen(p);
		if (line == a || line == b)
			continue;
		memcpy(out + n, p, (size_t)(nl - p));
		n += (size_t)(nl - p);
	}
	out[n] = '\0';
	return out;
}

static const char kubevirt[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: vm\n"
	"  annotations:\n"
	"    traffic.sidecar.istio.io/kubevirtInterfaces: k6t-eth0\n"
	"spec:\n"
	"  containers:\n"
	"  - name: vm\n"
	"    image: vm:1\n";

static void test_sidecar_annotations(void **state)
{
	struct result r;
	char *expected;

	lint(&r, "AL2007", sidecar_ann);
	assert_int_equal(r.n, 6);
	at(&r, 0, 20, 9, 34);
	says(&r, 0, "pod template annotation sidecar.istio.io/proxyCPU");
	says(&r, 0, "no sidecar");
	assert_int_equal(r.d[0]->severity, ALINT_SEV_INFO);
	/* kubevirtInterfaces: replaced, but the new key is there already */
	at(&r, 1, 22, 9, 0);
	says(&r, 1, "istio.io/reroute-virtual-interfaces");
	no_fix(&r, 1);
	at(&r, 2, 24, 9, 0);
	/* a namespace in the inputs that is not in the mesh: not reported */
	at(&r, 3, 54, 5, 0);
	says(&r, 3, "pod annotation status.sidecar.istio.io/port");
	/* a namespace not in the inputs: reported */
	at(&r, 4, 66, 5, 0);
	at(&r, 5, 67, 5, 0);
	/* one fix for all of a pod's annotations, on each finding */
	expected = drop_lines(sidecar_ann, 20, 24);
	fixes(&r, 0, sidecar_ann, ALINT_FIX_UNSAFE, expected);
	fixes(&r, 2, sidecar_ann, ALINT_FIX_UNSAFE, expected);
	free(expected);
	/*
	 * The pod's spire template is a migration blocker of its namespace:
	 * the namespace keeps its sidecars, so no fix, and the blocker named
	 */
	no_fix(&r, 4);
	no_fix(&r, 5);
	says(&r, 4, "Pod nowhere/unknown-namespace uses SPIRE");
	done(&r);

	/* kubevirtInterfaces alone is renamed, from Istio 1.25 on */
	lint(&r, "AL2007", kubevirt);
	assert_int_equal(r.n, 1);
	fixes(&r, 0, kubevirt, ALINT_FIX_SAFE,
	      "apiVersion: v1\n"
	      "kind: Pod\n"
	      "metadata:\n"
	      "  name: vm\n"
	      "  annotations:\n"
	      "    istio.io/reroute-virtual-interfaces: k6t-eth0\n"
	      "spec:\n"
	      "  containers:\n"
	      "  - name: vm\n"
	      "    image: vm:1\n");
	done(&r);
	lint_v(&r, "AL2007", kubevirt, ALINT_ISTIO_VERSION(1, 24));
	assert_int_equal(r.n, 1);
	no_fix(&r, 0);
	done(&r);

	expect_none("AL2007", alint__rule_sidecar_only_annotation
		    .example_good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_metadata),
		cmocka_unit_test(test_registry_public),
		cmocka_unit_test(test_registry_examples),
		cmocka_unit_test(test_examples_dir),
		cmocka_unit_test(test_value_pod_template),
		cmocka_unit_test(test_value_yaml11),
		cmocka_unit_test(test_value_list_selectors),
		cmocka_unit_test(test_value_istio_selectors),
		cmocka_unit_test(test_value_aliases_collections),
		cmocka_unit_test(test_value_clean),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_namespace_label),
		cmocka_unit_test(test_namespace_and_ambient),
		cmocka_unit_test(test_pod_inject),
		cmocka_unit_test(test_pod_opt_out),
		cmocka_unit_test(test_injected),
		cmocka_unit_test(test_not_injected),
		cmocka_unit_test(test_workload_inject),
		cmocka_unit_test(test_fix_namespace),
		cmocka_unit_test(test_fix_pod_inject),
		cmocka_unit_test(test_fix_opt_out),
		cmocka_unit_test(test_fix_workload),
		cmocka_unit_test(test_fix_values),
		cmocka_unit_test(test_sidecar_annotations),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
