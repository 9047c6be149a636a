/*
 * test-engine.c - contexts, the rule registry, resources, the cross-file
 * index, the engine and reports
 *
 * A third-party rule registered by the tests records what the engine
 * hands it, so the tests can check the resource view and the index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- a probe rule ------------------------------------------------------ */

struct probe {
	char seen[4096];	/* "kind/ns/name;" per resource */
	int freed;
	int calls;
};

static void
probe_free(void *p)
{
	((struct probe *)p)->freed++;
}

static void
append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s", s);
}

/*
 * Records every resource, reports each Deployment's pod-template labels
 * with the Service that selects them (related span and a fix).
 */
static int
probe_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	    void *payload)
{
	struct probe *p = payload;
	const struct alint_index *idx = alint_rule_ctx_index(rctx);
	const struct alint_node *tpl, *labels, *sel;
	const struct alint_resource *svc;
	struct alint_finding *f;
	char line[256];
	size_t i;

	p->calls++;
	snprintf(line, sizeof(line), "%s/%s/%s%s;", alint_resource_kind(res),
		 alint_resource_namespace(res), alint_resource_name(res),
		 alint_resource_pod_template(res) ? "+tpl" : "");
	append(p->seen, sizeof(p->seen), line);
	if (strcmp(alint_resource_kind(res), "Deployment") != 0)
		return 0;
	tpl = alint_resource_pod_template(res);
	labels = alint_node_path(tpl, "metadata", "labels", NULL);
	for (i = 0; i < alint_index_count(idx, ALINT_INDEX_SERVICE); i++) {
		svc = alint_index_get(idx, ALINT_INDEX_SERVICE, i);
		if (strcmp(alint_resource_namespace(svc),
			   alint_resource_namespace(res)) != 0)
			continue;
		sel = alint_node_path(alint_resource_root(svc), "spec",
				      "selector", NULL);
		if (!alint_labels_match(sel, labels))
			continue;
		f = alint_rule_report(rctx, labels, "selected by %s",
				      alint_resource_name(svc));
		if (!f)
			return ALINT_ENOMEM;
		if (alint_finding_related(f, svc, NULL, "service %s",
					  alint_resource_name(svc)) < 0)
			return ALINT_ENOMEM;
		if (alint_finding_fix(f, ALINT_FIX_SAFE, "rename") < 0)
			return ALINT_ENOMEM;
		if (alint_finding_edit(f, alint_node_start(labels),
				       alint_node_start(labels), "x", 1) < 0)
			return ALINT_ENOMEM;
	}
	return 0;
}

static const struct alint_rule probe_rule = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9901",
	.name = "test-probe",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_OPT_IN,
	.summary = "records the resources it sees",
	.doc = "A rule for the engine tests.",
	.check = probe_check,
};

static struct alint_ctx *
probe_ctx(struct probe *p, unsigned int threads, const char *defns)
{
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const char *const sel[] = { "test-probe", NULL };
	struct alint_ctx *ctx = NULL;

	opts.threads = threads;
	opts.default_namespace = defns;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &probe_rule, p,
						 probe_free), 0);
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	return ctx;
}

/* ---- context and registry ------------------------------------------------ */

static void
test_options(void **state)
{
	struct alint_options opts;
	struct alint_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(alint_options_init(&opts, 0), ALINT_EINVAL);
	assert_int_equal(alint_options_init(&opts, 99), ALINT_EINVAL);
	assert_int_equal(alint_options_init(&opts, ALINT_OPTIONS_VERSION), 0);
	assert_int_equal(opts.version, ALINT_OPTIONS_VERSION);
	opts.version = 42;
	assert_int_equal(alint_ctx_new(&ctx, &opts), ALINT_EINVAL);
	assert_null(ctx);
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_non_null(ctx);
	assert_string_equal(alint_ctx_errmsg(ctx), "");
	assert_int_equal(ctx->opts.istio_version, ALINT_ISTIO_VERSION_LATEST);
	assert_string_equal(ctx->default_namespace, "default");
	assert_string_equal(ctx->root_namespace, "istio-system");
	alint_ctx_free(ctx);
	alint_ctx_free(NULL);
	assert_string_equal(alint_strerror(ALINT_ENOMEM), "out of memory");
}

static void
test_registry(void **state)
{
	struct alint_ctx *ctx = NULL;
	const struct alint_rule *r = NULL, *prev = NULL;
	const char *const bad[] = { "no-such-rule", NULL };
	const char *const al0[] = { "AL0", NULL };
	const char *const syn[] = { "yaml-syntax", NULL };
	size_t i, n;

	(void)state;
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	n = alint_ctx_rule_count(ctx);
	assert_true(n >= 9);
	for (i = 0; i < n; i++) {
		r = alint_ctx_rule_get(ctx, i);
		assert_null(alint__rule_validate(r));
		if (prev)
			assert_true(strcmp(prev->id, r->id) < 0);
		prev = r;
	}
	assert_null(alint_ctx_rule_get(ctx, n));
	assert_int_equal(alint_ctx_rule_lookup(&r, ctx, "AL0001"), 0);
	assert_string_equal(alint_rule_name(r), "yaml-syntax");
	assert_int_equal(alint_ctx_rule_lookup(&r, ctx, "duplicate-key"), 0);
	assert_string_equal(alint_rule_id(r), "AL0002");
	assert_int_equal(alint_ctx_rule_lookup(&r, ctx, "nope"),
			 ALINT_ENOTFOUND);

	assert_int_equal(alint_ctx_set_filters(ctx, bad, NULL),
			 ALINT_ENOTFOUND);
	assert_non_null(strstr(alint_ctx_errmsg(ctx), "no-such-rule"));
	/* select by prefix, ignore by name: ignore wins */
	assert_int_equal(alint_ctx_set_filters(ctx, al0, syn), 0);
	alint_ctx_rule_lookup(&r, ctx, "AL0001");
	assert_false(alint_ctx_rule_enabled(ctx, r));
	alint_ctx_rule_lookup(&r, ctx, "AL0002");
	assert_true(alint_ctx_rule_enabled(ctx, r));
	alint_ctx_free(ctx);
}

static void
test_register_rule(void **state)
{
	struct probe p;
	struct alint_ctx *ctx = NULL;
	struct alint_rule bad = probe_rule;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	/* payload_free runs even when registration fails */
	bad.name = "Not Kebab";
	assert_int_equal(alint_ctx_register_rule(ctx, &bad, &p, probe_free),
			 ALINT_EINVAL);
	assert_int_equal(p.freed, 1);
	assert_int_equal(alint_ctx_register_rule(ctx, &probe_rule, &p,
						 probe_free), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &probe_rule, &p,
						 probe_free), ALINT_EEXISTS);
	assert_int_equal(p.freed, 2);
	/* opt-in: off until selected */
	assert_false(alint_ctx_rule_enabled(ctx, &probe_rule));
	alint_ctx_free(ctx);
	assert_int_equal(p.freed, 3);
}

/* ---- resources, index, engine -------------------------------------------- */

static const char stream[] =
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: shop\n"
	"spec:\n"
	"  selector:\n"
	"    app: reviews\n"
	"---\n"
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata: {name: reviews-v1, namespace: shop}\n"
	"spec:\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"
	"        version: v1\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: List\n"
	"items:\n"
	"- apiVersion: batch/v1\n"
	"  kind: CronJob\n"
	"  metadata:\n"
	"    name: nightly\n"
	"  spec:\n"
	"    jobTemplate:\n"
	"      spec:\n"
	"        template:\n"
	"          metadata: {labels: {app: batch}}\n"
	"- apiVersion: v1\n"
	"  kind: Namespace\n"
	"  metadata:\n"
	"    name: shop\n"
	"...\n"
	"---\n"
	"# an empty document\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: solo\n";

static void
test_resources(void **state)
{
	struct probe p;
	struct alint_ctx *ctx;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;

	(void)state;
	memset(&p, 0, sizeof(p));
	ctx = probe_ctx(&p, 1, "team-a");
	assert_int_equal(alint_lint_buffer(&rep, ctx, "mesh.yaml", stream,
					   strlen(stream)), 0);
	assert_string_equal(p.seen,
			    "Service/shop/reviews;"
			    "Deployment/shop/reviews-v1+tpl;"
			    "CronJob/team-a/nightly+tpl;"
			    "Namespace/shop/shop;"
			    "Pod/team-a/solo+tpl;");
	assert_int_equal(alint_report_documents(rep), 5);
	assert_int_equal(alint_report_count(rep), 1);
	d = alint_report_get(rep, 0);
	assert_string_equal(d->rule_id, "AL9901");
	assert_string_equal(d->message, "selected by reviews");
	assert_string_equal(d->file, "mesh.yaml");
	/* the labels mapping of the pod template: line 17, column 9 */
	assert_int_equal(d->start.line, 17);
	assert_int_equal(d->start.column, 9);
	assert_int_equal(d->end.line, 18);
	assert_int_equal(d->end.column, 20);
	assert_string_equal(d->path, "/spec/template/metadata/labels");
	assert_int_equal(d->document, 1);
	assert_string_equal(d->kind, "Deployment");
	assert_string_equal(d->api_version, "apps/v1");
	assert_string_equal(d->namespace_name, "shop");
	assert_string_equal(d->name, "reviews-v1");
	assert_int_equal(d->nrelated, 1);
	assert_string_equal(d->related[0].message, "service reviews");
	assert_int_equal(d->related[0].start.line, 1);
	assert_non_null(d->fix);
	assert_int_equal(d->fix->nedits, 1);
	assert_int_equal(d->fix->edits[0].start, d->start.offset);
	assert_string_equal(d->fix->edits[0].text, "x");
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

/* Two files: the Service in one, the Deployment in the other. */
static char *
lint_two_files(unsigned int threads)
{
	static const char svc[] =
		"apiVersion: v1\nkind: Service\nmetadata:\n"
		"  name: ratings\n  namespace: shop\n"
		"spec:\n  selector: {app: ratings}\n";
	static const char dep[] =
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
		"  name: ratings-v1\n  namespace: shop\n"
		"spec:\n  template:\n    metadata:\n"
		"      labels: {app: ratings}\n";
	struct probe p;
	struct alint_ctx *ctx;
	struct alint_run *run = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	char *out = calloc(1, 4096);
	size_t i;
	int k;

	memset(&p, 0, sizeof(p));
	ctx = probe_ctx(&p, threads, NULL);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	for (k = 0; k < 8; k++) {
		assert_int_equal(alint_run_add_buffer(run, "dep.yaml", dep,
						      strlen(dep)), 0);
		assert_int_equal(alint_run_add_buffer(run, "svc.yaml", svc,
						      strlen(svc)), 0);
	}
	assert_int_equal(alint_run_lint(&rep, run), 0);
	assert_int_equal(alint_report_inputs(rep), 16);
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		snprintf(out + strlen(out), 4096 - strlen(out),
			 "%s:%zu:%zu %s -> %s:%zu\n", d->file, d->start.line,
			 d->start.column, d->message, d->related[0].file,
			 d->related[0].start.line);
	}
	alint_report_free(rep);
	alint_run_free(run);
	alint_ctx_free(ctx);
	return out;
}

static void
test_cross_file_and_threads(void **state)
{
	char *one, *two;

	(void)state;
	one = lint_two_files(1);
	two = lint_two_files(2);
	/* each of the 8 Deployments is selected by each of 8 Services */
	assert_non_null(strstr(one, "dep.yaml:9:15 selected by ratings -> "
			       "svc.yaml:1\n"));
	assert_string_equal(one, two);
	free(one);
	free(two);
}

/*
 * Reports per resource a warning with a related span, a fix, an edit and
 * a declared path, and an info.
 */
static int
bulk_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	   void *payload)
{
	const struct alint_node *name;
	struct alint_finding *f;

	(void)payload;
	name = alint_node_path(alint_resource_root(res), "metadata", "name",
			       NULL);
	f = alint_rule_report(rctx, name, "first of %s",
			      alint_resource_name(res));
	if (!f || alint_finding_related(f, res, NULL, "itself") < 0 ||
	    alint_finding_fix(f, ALINT_FIX_SAFE, "rename") < 0 ||
	    alint_finding_edit(f, alint_node_start(name),
			       alint_node_end(name), "x", 1) < 0 ||
	    alint_finding_fix_path(f, "/metadata/name") < 0)
		return ALINT_ENOMEM;
	f = alint_rule_report(rctx, NULL, "second of %s",
			      alint_resource_name(res));
	if (!f)
		return ALINT_ENOMEM;
	return alint_finding_set_severity(f, ALINT_SEV_INFO);
}

static const struct alint_rule bulk_rule = {
	.version = ALINT_RULE_VERSION,
	.id = "AL9902",
	.name = "test-bulk",
	.severity = ALINT_SEV_WARNING,
	.flags = ALINT_RULE_OPT_IN,
	.summary = "reports every resource twice",
	.doc = "A rule for the engine tests.",
	.check = bulk_check,
};

/*
 * The report of ndocs ConfigMaps in big.yaml and one in small.yaml, read
 * after the run is freed. Linted, *took tells whether the report took the
 * findings of big.yaml over rather than copying them (build_report()).
 * Fixed (took NULL), every name becomes "x" and the report is the one of
 * the fixed texts.
 */
static void
lint_bulk(size_t ndocs, bool *took)
{
	struct alint_fixed *fixed = NULL;
	static const char small[] =
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm0\n";
	const char *const sel[] = { "test-bulk", NULL };
	struct alint_options opts = ALINT_OPTIONS_INIT;
	const struct alint__findings *fs;
	struct alint_ctx *ctx = NULL;
	struct alint_run *run = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	char *buf, name[32], msg[64];
	size_t i, len = 0, cap = ndocs * 64 + 1;

	opts.min_severity = ALINT_SEV_WARNING;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &bulk_rule, NULL, NULL),
			 0);
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	buf = malloc(cap);
	assert_non_null(buf);
	for (i = 0; i < ndocs; i++)
		len += (size_t)snprintf(buf + len, cap - len,
					"---\napiVersion: v1\nkind: ConfigMap\n"
					"metadata:\n  name: cm%zu\n", i);
	assert_int_equal(alint_run_new(&run, ctx), 0);
	assert_int_equal(alint_run_add_buffer(run, "big.yaml", buf, len), 0);
	free(buf);
	assert_int_equal(alint_run_add_buffer(run, "small.yaml", small,
					      strlen(small)), 0);
	if (took) {
		assert_int_equal(alint__run_lint_phases(run), 0);
		fs = &run->inputs[0].findings;
		assert_int_equal(fs->n, 2 * ndocs);
		/* only fixing reads the paths a fix declares */
		assert_true(fs->items[0]->has_fix);
		assert_int_equal(fs->items[0]->npaths, 0);
		*took = fs->arena.left <= fs->arena.total / 4;
		assert_int_equal(alint__run_report(&rep, run), 0);
	} else {
		/* changed: the fix declared its path, verification passed */
		assert_int_equal(alint_run_fix(&fixed, &rep, run, NULL), 0);
		assert_int_equal(alint_fixed_count(fixed), 2);
		assert_true(alint_fixed_get(fixed, 0)->changed);
		alint_fixed_free(fixed);
	}
	alint_run_free(run);
	assert_int_equal(alint_report_count(rep), ndocs + 1);
	for (i = 0; i <= ndocs; i++) {
		d = alint_report_get(rep, i);
		snprintf(name, sizeof(name), "cm%zu", i < ndocs ? i : 0);
		if (!took)
			snprintf(name, sizeof(name), "x");
		snprintf(msg, sizeof(msg), "first of %s", name);
		assert_string_equal(d->file, i < ndocs ? "big.yaml" :
				    "small.yaml");
		assert_string_equal(d->message, msg);
		assert_string_equal(d->path, "/metadata/name");
		assert_string_equal(d->kind, "ConfigMap");
		assert_string_equal(d->name, name);
		assert_int_equal(d->nrelated, 1);
		assert_string_equal(d->related[0].file, d->file);
		assert_string_equal(d->related[0].message, "itself");
		assert_non_null(d->fix);
		assert_string_equal(d->fix->description, "rename");
		assert_int_equal(d->fix->nedits, 1);
		assert_string_equal(d->fix->edits[0].text, "x");
	}
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

/* A report outlives its run, whether it took findings over or copied. */
static void
test_report_after_run(void **state)
{
	static const size_t sizes[] = { 1, 100, 300, 700, 1500, 3000 };
	bool took, any_took = false, any_copied = false;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		lint_bulk(sizes[i], &took);
		any_took |= took;
		any_copied |= !took;
	}
	assert_true(any_took);
	assert_true(any_copied);
	lint_bulk(3000, NULL);
}

static void
test_io_error(void **state)
{
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;

	(void)state;
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	assert_int_equal(alint_lint_file(&rep, ctx, "/nonexistent/x.yaml"),
			 0);
	assert_int_equal(alint_report_io_errors(rep), 1);
	assert_int_equal(alint_report_count(rep), 1);
	d = alint_report_get(rep, 0);
	assert_string_equal(d->rule_id, "AL0000");
	assert_string_equal(d->file, "/nonexistent/x.yaml");
	assert_non_null(strstr(d->message, "No such file"));
	alint_report_free(rep);
	/* a directory is not read */
	assert_int_equal(alint_lint_file(&rep, ctx, "/"), 0);
	assert_int_equal(alint_report_io_errors(rep), 1);
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

static void
test_parse_findings(void **state)
{
	static const char text[] =
		"apiVersion: v1\n"
		"kind: ConfigMap\n"
		"metadata:\n"
		"  name: a\n"
		"  name: b\n";
	struct alint_options opts = ALINT_OPTIONS_INIT;
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;

	(void)state;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, "cm.yaml", text,
					   strlen(text)), 0);
	assert_int_equal(alint_report_count(rep), 1);
	d = alint_report_get(rep, 0);
	assert_string_equal(d->rule_name, "duplicate-key");
	assert_int_equal(d->start.line, 5);
	assert_int_equal(d->start.column, 3);
	assert_int_equal(d->nrelated, 1);
	assert_int_equal(d->related[0].start.line, 4);
	alint_report_free(rep);
	alint_ctx_free(ctx);

	/* min_severity drops it */
	opts.min_severity = ALINT_SEV_ERROR;
	assert_int_equal(alint_ctx_new(&ctx, &opts), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, "ok.yaml",
					   "a: 1\n", 5), 0);
	assert_int_equal(alint_report_count(rep), 0);
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

static void
test_edits(void **state)
{
	struct alint_finding f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(alint_finding_edit(&f, 0, 1, "a", 1), ALINT_EINVAL);
	assert_int_equal(alint_finding_fix(&f, ALINT_FIX_SAFE, "d"), 0);
	assert_int_equal(alint_finding_fix(&f, ALINT_FIX_SAFE, "d"),
			 ALINT_EINVAL);
	assert_int_equal(alint_finding_edit(&f, 10, 20, "a", 1), 0);
	assert_int_equal(alint_finding_edit(&f, 0, 5, "b", 1), 0);
	assert_int_equal(alint_finding_edit(&f, 15, 25, "c", 1),
			 ALINT_ECONFLICT);
	assert_int_equal(alint_finding_edit(&f, 5, 10, "d", 1), 0);
	/* an insert where an edit starts is fine once, not twice */
	assert_int_equal(alint_finding_edit(&f, 20, 20, "e", 1), 0);
	assert_int_equal(alint_finding_edit(&f, 20, 20, "f", 1),
			 ALINT_ECONFLICT);
	assert_int_equal(f.nedits, 4);
	assert_int_equal(f.edits[0].start, 0);
	assert_int_equal(f.edits[1].start, 5);
	assert_int_equal(f.edits[2].start, 10);
	assert_int_equal(f.edits[3].start, 20);
	alint__finding_release(&f);
}

static void
test_labels_match(void **state)
{
	static const char text[] =
		"sel: {app: a, v: \"1\"}\n"
		"lab: {app: a, v: \"1\", extra: x}\n"
		"other: {app: a}\n"
		"empty: {}\n";
	struct alint_source *src = calloc(1, sizeof(*src));
	const struct alint_node *root;

	(void)state;
	alint__arena_init(&src->arena);
	src->buf = strdup(text);
	src->len = strlen(text);
	src->name = strdup("t.yaml");
	assert_int_equal(alint__yaml_parse(src), 0);
	root = src->docs[0].root;
	assert_true(alint_labels_match(alint_node_get(root, "sel"),
				       alint_node_get(root, "lab")));
	assert_false(alint_labels_match(alint_node_get(root, "sel"),
					alint_node_get(root, "other")));
	assert_true(alint_labels_match(alint_node_get(root, "empty"),
				       alint_node_get(root, "other")));
	assert_false(alint_labels_match(alint_node_get(root, "other"), NULL));
	alint__source_free(src);
}

/* ---- phases and flags ---------------------------------------------------- */

static int
report_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	     void *payload)
{
	(void)res;
	(void)payload;
	return alint_rule_report(rctx, NULL, "seen") ? 0 : ALINT_ENOMEM;
}

/* Reports twice: the second finding does not block and needs a waypoint. */
static int
flags_check(struct alint_rule_ctx *rctx, const struct alint_resource *res,
	    void *payload)
{
	struct alint_finding *f;

	(void)res;
	(void)payload;
	if (!alint_rule_report(rctx, NULL, "blocks"))
		return ALINT_ENOMEM;
	f = alint_rule_report(rctx, NULL, "does not block");
	if (!f)
		return ALINT_ENOMEM;
	assert_int_equal(alint_finding_set_flags(f, ALINT_RULE_OPT_IN),
			 ALINT_EINVAL);
	assert_int_equal(alint_finding_set_flags(NULL, 0), ALINT_EINVAL);
	return alint_finding_set_flags(f, ALINT_RULE_WAYPOINT);
}

static void
test_rule_phase(void **state)
{
	static const char *const kinds[] = { "Service", NULL };
	/* a version-1 rule: its phase member is not read */
	struct alint_rule v1 = {
		.version = 1, .id = "AL9911", .name = "old-rule",
		.severity = ALINT_SEV_INFO, .summary = "a version-1 rule",
		.doc = "Written before phases.", .kinds = kinds,
		.check = report_check, .phase = ALINT_PHASE_CLEANUP,
	};
	struct alint_rule v2 = {
		.version = 2, .id = "AL9912", .name = "new-rule",
		.severity = ALINT_SEV_ERROR,
		.flags = ALINT_RULE_BLOCKER | ALINT_RULE_WAYPOINT,
		.summary = "a version-2 rule", .doc = "Has a phase.",
		.kinds = kinds, .check = report_check,
		.phase = ALINT_PHASE_WAYPOINTS,
	};
	struct alint_rule v3 = {
		.version = 2, .id = "AL9914", .name = "flags-rule",
		.severity = ALINT_SEV_ERROR,
		.flags = ALINT_RULE_BLOCKER | ALINT_RULE_OPT_IN,
		.summary = "findings with their own flags", .doc = "Blocks.",
		.kinds = kinds, .check = flags_check,
		.phase = ALINT_PHASE_INSTALL,
	};
	struct alint_rule bad = v2;
	const char *const sel[] = { "AL991", NULL };
	struct alint_ctx *ctx = NULL;
	struct alint_report *rep = NULL;
	const struct alint_diag *d;
	size_t i, seen = 0;

	(void)state;
	assert_string_equal(alint_phase_name(ALINT_PHASE_ENROL), "enrol");
	assert_string_equal(alint_phase_name((enum alint_phase)42), "none");
	assert_int_equal(alint_ctx_new(&ctx, NULL), 0);
	bad.id = "AL9913";
	bad.phase = (enum alint_phase)6;
	assert_int_equal(alint_ctx_register_rule(ctx, &bad, NULL, NULL),
			 ALINT_EINVAL);
	assert_int_equal(alint_ctx_register_rule(ctx, &v1, NULL, NULL), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &v2, NULL, NULL), 0);
	assert_int_equal(alint_ctx_register_rule(ctx, &v3, NULL, NULL), 0);
	assert_int_equal(alint_rule_phase(&v1), ALINT_PHASE_NONE);
	assert_int_equal(alint_rule_phase(&v2), ALINT_PHASE_WAYPOINTS);
	assert_int_equal(alint_ctx_set_filters(ctx, sel, NULL), 0);
	assert_int_equal(alint_lint_buffer(&rep, ctx, "mesh.yaml", stream,
					   sizeof(stream) - 1), 0);
	for (i = 0; i < alint_report_count(rep); i++) {
		d = alint_report_get(rep, i);
		if (strcmp(d->rule_id, "AL9911") == 0) {
			assert_int_equal(d->phase, ALINT_PHASE_NONE);
			assert_int_equal(d->rule_flags, 0);
			seen |= 1;
		} else if (strcmp(d->rule_id, "AL9912") == 0) {
			assert_int_equal(d->phase, ALINT_PHASE_WAYPOINTS);
			assert_int_equal(d->rule_flags, ALINT_RULE_BLOCKER |
					 ALINT_RULE_WAYPOINT);
			seen |= 2;
		} else if (strcmp(d->message, "blocks") == 0) {
			/* the rule's flags, OPT_IN kept */
			assert_int_equal(d->rule_flags, ALINT_RULE_BLOCKER |
					 ALINT_RULE_OPT_IN);
			seen |= 4;
		} else if (strcmp(d->rule_id, "AL9914") == 0) {
			assert_int_equal(d->rule_flags, ALINT_RULE_WAYPOINT |
					 ALINT_RULE_OPT_IN);
			seen |= 8;
		}
	}
	assert_int_equal(seen, 15);
	alint_report_free(rep);
	alint_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_register_rule),
		cmocka_unit_test(test_resources),
		cmocka_unit_test(test_cross_file_and_threads),
		cmocka_unit_test(test_report_after_run),
		cmocka_unit_test(test_io_error),
		cmocka_unit_test(test_parse_findings),
		cmocka_unit_test(test_edits),
		cmocka_unit_test(test_labels_match),
		cmocka_unit_test(test_rule_phase),
	};

	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
