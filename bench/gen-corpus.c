/*
 * gen-corpus.c - deterministic generator of benchmark manifests
 *
 * Writes realistic Istio/Kubernetes YAML for a mesh in sidecar mode:
 * Namespaces with injection labels, Deployments, StatefulSets and
 * CronJobs (pod-template labels and annotations, env lists, probes,
 * resources, folded and literal block scalars, flow collections,
 * comments), Services, ServiceAccounts, ConfigMaps, AuthorizationPolicies,
 * PeerAuthentications, DestinationRules, VirtualServices and Sidecars.
 *
 * Usage:
 *   gen-corpus --out DIR --size BYTES --files N [--seed S] [--lines L]
 *
 * N files totalling about BYTES are written to DIR (created if needed)
 * as DIR/NNNNN-NAMESPACE.yaml, each a multi-document stream. With
 * --lines, each file stops at the first document boundary at or after
 * L lines instead of at a byte count. The output depends only on the
 * arguments: the PRNG is xoshiro256** seeded through splitmix64, so it
 * does not depend on the C library. A summary line goes to stdout.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#if defined(__GNUC__)
#define GC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GC_NORETURN __attribute__((noreturn))
#else
#define GC_PRINTF(f, a)
#define GC_NORETURN
#endif

/* Bump when the output for given arguments changes (run.sh keys on it). */
#define GEN_CORPUS_FORMAT 1

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(g, a) ((a)[rnd_below(&(g)->rng, NELEM(a))])

/* ---- PRNG ---------------------------------------------------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	size_t i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in [0, n); the modulo bias is irrelevant for n this small. */
static size_t rnd_below(struct rng *r, size_t n)
{
	return (size_t)((rng_next(r) >> 11) % n);
}

static int rnd_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rnd_below(r, (size_t)(hi - lo + 1));
}

static bool rnd_pct(struct rng *r, unsigned int pct)
{
	return rnd_below(r, 100) < pct;
}

/* ---- output buffer ------------------------------------------------------- */

struct out {
	char *buf;
	size_t len;
	size_t cap;
	size_t lines;
	bool dash;	/* the next indent() opens a sequence item */
};

static GC_NORETURN void die(const char *what)
{
	fprintf(stderr, "gen-corpus: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void reserve(struct out *o, size_t more)
{
	size_t cap = o->cap ? o->cap : 65536;
	char *p = NULL;

	if (o->len + more + 1 <= o->cap)
		return;
	while (cap < o->len + more + 1)
		cap *= 2;
	p = realloc(o->buf, cap);
	if (!p)
		die("realloc");
	o->buf = p;
	o->cap = cap;
}

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);
	size_t i;

	reserve(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			o->lines++;
}

static void vputf(struct out *o, const char *fmt, va_list ap)
{
	char tmp[1024];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);

	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		fprintf(stderr, "gen-corpus: internal: line too long\n");
		exit(2);
	}
	put(o, tmp);
}

static GC_PRINTF(2, 3) void putf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vputf(o, fmt, ap);
	va_end(ap);
}

/*
 * Start a line at column n. After item(), the line instead starts with
 * "- " at column n - 2, so the first key of a sequence item shares the
 * dash's line, as kubectl and Helm write it.
 */
static void indent(struct out *o, int n)
{
	static const char sp[] = "                                        "
		"                                        ";
	int k = o->dash ? n - 2 : n;

	if (k < 0 || (size_t)k >= sizeof(sp)) {
		fprintf(stderr, "gen-corpus: internal: indent %d\n", n);
		exit(2);
	}
	reserve(o, (size_t)k + 2);
	memcpy(o->buf + o->len, sp, (size_t)k);
	o->len += (size_t)k;
	if (o->dash) {
		memcpy(o->buf + o->len, "- ", 2);
		o->len += 2;
		o->dash = false;
	}
}

static void item(struct out *o)
{
	o->dash = true;
}

/* "key:" opening a nested block. */
static void key(struct out *o, int n, const char *k)
{
	indent(o, n);
	put(o, k);
	put(o, ":\n");
}

/* "key: value" where the value is formatted. */
static GC_PRINTF(4, 5) void kv(struct out *o, int n, const char *k,
	const char *fmt, ...)
{
	va_list ap;

	indent(o, n);
	put(o, k);
	put(o, ": ");
	va_start(ap, fmt);
	vputf(o, fmt, ap);
	va_end(ap);
	put(o, "\n");
}

/* A whole line at column n, formatted. */
static GC_PRINTF(3, 4) void line(struct out *o, int n, const char *fmt, ...)
{
	va_list ap;

	indent(o, n);
	va_start(ap, fmt);
	vputf(o, fmt, ap);
	va_end(ap);
	put(o, "\n");
}

/* ---- vocabulary ---------------------------------------------------------- */

static const char *const teams[] = {
	"payments", "checkout", "catalog", "inventory", "shipping",
	"billing", "accounts", "search", "reviews", "ratings", "orders",
	"cart", "identity", "auth", "notifications", "email", "ledger",
	"fraud", "pricing", "recommendations", "media", "analytics",
	"reporting", "frontend", "profile", "session", "audit", "geo",
	"loyalty", "support",
};

static const char *const envs[] = {
	"prod", "staging", "dev", "qa", "perf", "eu", "us-east", "canary",
};

static const char *const roles[] = {
	"api", "worker", "svc", "server", "consumer", "sync", "web", "grpc",
	"gateway", "indexer", "scheduler", "cache", "proxy", "backend",
};

static const char *const registries[] = {
	"registry.example.com", "ghcr.io/acme", "gcr.io/acme-prod",
	"docker.io/acmecorp", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
};

static const char *const sentences[] = {
	"Handles card authorisation and forwards settlement events",
	"to the ledger service over gRPC with mutual TLS.",
	"Owned by the platform team; page the on-call engineer",
	"before scaling this workload below two replicas.",
	"Reads from the primary database and caches hot keys",
	"in Redis for up to five minutes.",
	"Exposes a REST API to the storefront and a gRPC API",
	"to internal batch jobs.",
	"Migrated from the legacy monolith in the last quarter;",
	"see the runbook for the rollback procedure.",
	"Traffic is mirrored to the canary subset during releases.",
	"Depends on the identity service for token introspection.",
};

static const char *const log_levels[] = {
	"debug", "info", "warn", "error",
};

/*
 * Environment variables. In the values, @A stands for the app name, @N
 * for the namespace, @T for the team and @D for a number (see expand()).
 */
static const char *const env_vars[][2] = {
	{ "LOG_FORMAT", "json" },
	{ "HTTP_PORT", "\"@D\"" },
	{ "DB_HOST", "@T-db.@N.svc.cluster.local" },
	{ "DB_PORT", "\"5432\"" },
	{ "DB_NAME", "@T" },
	{ "REDIS_URL", "redis://@T-redis.@N:6379/0" },
	{ "KAFKA_BROKERS", "kafka-0.kafka.data:9092,kafka-1.kafka.data:9092" },
	{ "FEATURE_FLAGS", "'{\"newCheckout\": true, \"beta\": false}'" },
	{ "OTEL_EXPORTER_OTLP_ENDPOINT",
		"http://otel-collector.observability:4317" },
	{ "OTEL_SERVICE_NAME", "@A" },
	{ "JAVA_OPTS", "\"-Xms256m -Xmx@Dm -XX:+UseG1GC\"" },
	{ "GOMAXPROCS", "\"2\"" },
	{ "CACHE_TTL", "@Ds" },
	{ "REGION", "eu-west-1" },
	{ "TZ", "Etc/UTC" },
	{ "MAX_CONNECTIONS", "\"@D\"" },
	{ "UPSTREAM_URL", "http://@T-api.@N.svc.cluster.local:80" },
};

static const char *const http_paths[] = {
	"/api/v1/orders", "/api/v1/*", "/api/v2/items/*", "/healthz",
	"/metrics", "/admin/*", "/v1/payments", "/graphql", "/login",
	"/static/*", "/internal/*", "/.well-known/*",
};

static const char *const prefixes[] = {
	"/api", "/api/v2", "/v1", "/static", "/admin", "/graphql", "/",
};

static const char *const methods[] = {
	"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
};

/* ---- model --------------------------------------------------------------- */

enum wl_kind {
	WL_DEPLOYMENT,
	WL_STATEFULSET,
	WL_CRONJOB
};

enum inj_mode {
	INJ_ENABLED,
	INJ_DISABLED,
	INJ_REVISION,
	INJ_NONE
};

struct ns {
	char name[96];
	const char *team;
	enum inj_mode inj;
};

struct app {
	char name[96];
	const struct ns *ns;
	const char *version;
	const char *proto;	/* http, grpc or tcp */
	enum wl_kind kind;
	int port;		/* container port */
	int svc_port;
	int metrics_port;
};

struct gen {
	struct rng rng;
	struct out o;
	int sq;			/* sequence indent: 0 or 2 */
	unsigned long docs;
	/* --lines: where the first document past the limit started */
	size_t max_lines;
	size_t cut_len;
	size_t cut_lines;
	unsigned long cut_docs;
};

/* Every document begins here: note the cut point for --lines. */
static void doc_sep(struct gen *g)
{
	struct out *o = &g->o;

	if (g->max_lines && !g->cut_len && o->lines >= g->max_lines) {
		g->cut_len = o->len;
		g->cut_lines = o->lines;
		g->cut_docs = g->docs;
	}
	put(o, "---\n");
	g->docs++;
}

/* Start a document; returns with apiVersion/kind written. */
static void doc_start(struct gen *g, const char *src, const char *api,
	const char *kind)
{
	struct out *o = &g->o;

	doc_sep(g);
	if (src && rnd_pct(&g->rng, 40))
		putf(o, "# Source: %s\n", src);
	g->sq = rnd_pct(&g->rng, 65) ? 0 : 2;
	kv(o, 0, "apiVersion", "%s", api);
	kv(o, 0, "kind", "%s", kind);
}

static void metadata(struct gen *g, const char *name, const char *ns)
{
	struct out *o = &g->o;

	key(o, 0, "metadata");
	kv(o, 2, "name", "%s", name);
	if (ns)
		kv(o, 2, "namespace", "%s", ns);
}

/* Column of the items of a sequence whose key is at column n. */
static int seq(const struct gen *g, int n)
{
	return n + g->sq + 2;
}

static void folded(struct gen *g, int n, const char *k)
{
	struct out *o = &g->o;
	int i, count = rnd_range(&g->rng, 2, 4);

	indent(o, n);
	putf(o, "%s: %s\n", k, rnd_pct(&g->rng, 50) ? ">-" : ">");
	for (i = 0; i < count; i++)
		line(o, n + 2, "%s", PICK(g, sentences));
}

/* ---- Namespace, PeerAuthentication, namespace-wide policy ---------------- */

static void gen_namespace(struct gen *g, const struct ns *ns)
{
	struct out *o = &g->o;

	doc_start(g, NULL, "v1", "Namespace");
	metadata(g, ns->name, NULL);
	key(o, 2, "labels");
	switch (ns->inj) {
	case INJ_ENABLED:
		kv(o, 4, "istio-injection", "enabled");
		break;
	case INJ_DISABLED:
		line(o, 4, "# batch jobs only, no mesh");
		kv(o, 4, "istio-injection", "disabled");
		break;
	case INJ_REVISION:
		kv(o, 4, "istio.io/rev", "%s",
			rnd_pct(&g->rng, 50) ? "1-22-3" : "canary");
		break;
	case INJ_NONE:
		break;
	}
	kv(o, 4, "kubernetes.io/metadata.name", "%s", ns->name);
	kv(o, 4, "team", "%s", ns->team);
	if (rnd_pct(&g->rng, 40)) {
		key(o, 2, "annotations");
		kv(o, 4, "owner", "\"%s-team@example.com\"", ns->team);
		kv(o, 4, "scheduler.alpha.kubernetes.io/node-selector",
			"pool=%s", ns->team);
	}
}

static void gen_peerauth(struct gen *g, const struct ns *ns,
	const struct app *a)
{
	struct out *o = &g->o;
	static const char *const modes[] = {
		"STRICT", "STRICT", "PERMISSIVE", "DISABLE", "UNSET",
	};

	doc_start(g, NULL, rnd_pct(&g->rng, 50) ?
		"security.istio.io/v1beta1" : "security.istio.io/v1",
		"PeerAuthentication");
	metadata(g, a ? a->name : "default", ns->name);
	key(o, 0, "spec");
	if (a) {
		key(o, 2, "selector");
		key(o, 4, "matchLabels");
		kv(o, 6, "app", "%s", a->name);
	}
	key(o, 2, "mtls");
	kv(o, 4, "mode", "%s", a ? "STRICT" : PICK(g, modes));
	if (a && rnd_pct(&g->rng, 60)) {
		line(o, 2, "# the metrics port is scraped without mTLS");
		key(o, 2, "portLevelMtls");
		key(o, 4, rnd_pct(&g->rng, 50) ? "9090" : "15020");
		kv(o, 6, "mode", "%s", rnd_pct(&g->rng, 70) ?
			"DISABLE" : "PERMISSIVE");
	}
}

static void gen_deny_all(struct gen *g, const struct ns *ns)
{
	struct out *o = &g->o;

	doc_start(g, NULL, "security.istio.io/v1", "AuthorizationPolicy");
	metadata(g, rnd_pct(&g->rng, 50) ? "deny-all" : "allow-nothing",
		ns->name);
	if (rnd_pct(&g->rng, 50)) {
		line(o, 0, "# an empty spec denies every request");
		kv(o, 0, "spec", "{}");
	} else {
		key(o, 0, "spec");
		kv(o, 2, "action", "ALLOW");
	}
}

/* ---- workloads ----------------------------------------------------------- */

/* Write template t, replacing @A, @N, @T and @D (see env_vars). */
static void expand(struct out *o, const char *t, const struct app *a,
	int num)
{
	char one[2] = { 0, 0 };

	for (; *t; t++) {
		if (t[0] == '@' && t[1] == 'A')
			put(o, a->name);
		else if (t[0] == '@' && t[1] == 'N')
			put(o, a->ns->name);
		else if (t[0] == '@' && t[1] == 'T')
			put(o, a->ns->team);
		else if (t[0] == '@' && t[1] == 'D')
			putf(o, "%d", num);
		else {
			one[0] = *t;
			put(o, one);
			continue;
		}
		t++;
	}
}

static void env_list(struct gen *g, int n, const struct app *a)
{
	struct out *o = &g->o;
	int s = seq(g, n);
	int i, count = rnd_range(&g->rng, 2, 9);

	key(o, n, "env");
	if (rnd_pct(&g->rng, 70)) {
		item(o);
		kv(o, s, "name", "LOG_LEVEL");
		kv(o, s, "value", "%s", PICK(g, log_levels));
	}
	for (i = 0; i < count; i++) {
		const char *const *ev = env_vars[rnd_below(&g->rng,
			NELEM(env_vars))];

		item(o);
		kv(o, s, "name", "%s", ev[0]);
		indent(o, s);
		put(o, "value: ");
		expand(o, ev[1], a, 256 * rnd_range(&g->rng, 1, 16));
		put(o, "\n");
	}
	item(o);
	kv(o, s, "name", "POD_NAME");
	key(o, s, "valueFrom");
	key(o, s + 2, "fieldRef");
	kv(o, s + 4, "fieldPath", "metadata.name");
	if (rnd_pct(&g->rng, 60)) {
		item(o);
		kv(o, s, "name", "DB_PASSWORD");
		key(o, s, "valueFrom");
		indent(o, s + 2);
		putf(o, "secretKeyRef: {name: %s-db, key: password}\n",
			a->name);
	}
}

static void probe(struct gen *g, int n, const char *k, const struct app *a)
{
	struct out *o = &g->o;
	unsigned int how = (unsigned int)rnd_below(&g->rng, 3);

	key(o, n, k);
	if (how == 0 && strcmp(a->proto, "tcp")) {
		key(o, n + 2, "httpGet");
		kv(o, n + 4, "path", "/healthz/%s",
			k[0] == 'r' ? "ready" : "live");
		kv(o, n + 4, "port", "%d", a->port);
	} else if (how == 1) {
		key(o, n + 2, "exec");
		indent(o, n + 4);
		putf(o, "command: [/bin/sh, -c, \"curl -sf "
			"http://localhost:%d/healthz || exit 1\"]\n", a->port);
	} else {
		key(o, n + 2, "tcpSocket");
		kv(o, n + 4, "port", "%d", a->port);
	}
	kv(o, n + 2, "initialDelaySeconds", "%d", rnd_range(&g->rng, 0, 30));
	kv(o, n + 2, "periodSeconds", "%d", 5 * rnd_range(&g->rng, 1, 6));
	if (rnd_pct(&g->rng, 50))
		kv(o, n + 2, "failureThreshold", "%d",
			rnd_range(&g->rng, 1, 5));
}

static void resources(struct gen *g, int n, bool anchor)
{
	struct out *o = &g->o;
	int cpu = 50 * rnd_range(&g->rng, 1, 20);
	int mem = 64 * rnd_range(&g->rng, 1, 32);

	if (rnd_pct(&g->rng, 50)) {
		indent(o, n);
		putf(o, "resources: %s{requests: {cpu: %dm, memory: %dMi}, "
			"limits: {memory: %dMi}}\n",
			anchor ? "&res " : "", cpu, mem, mem * 2);
		return;
	}
	indent(o, n);
	put(o, anchor ? "resources: &res\n" : "resources:\n");
	key(o, n + 2, "requests");
	kv(o, n + 4, "cpu", "%dm", cpu);
	kv(o, n + 4, "memory", "%dMi", mem);
	key(o, n + 2, "limits");
	if (rnd_pct(&g->rng, 50))
		kv(o, n + 4, "cpu", "\"%d\"", rnd_range(&g->rng, 1, 4));
	kv(o, n + 4, "memory", "%dMi", mem * 2);
}

static void container(struct gen *g, int s, const struct app *a,
	bool anchor_res)
{
	struct out *o = &g->o;
	int ps;

	item(o);
	kv(o, s, "name", "%s", a->name);
	kv(o, s, "image", "%s/%s/%s:%d.%d.%d", PICK(g, registries),
		a->ns->team, a->name, rnd_range(&g->rng, 0, 3),
		rnd_range(&g->rng, 0, 40), rnd_range(&g->rng, 0, 20));
	kv(o, s, "imagePullPolicy", "%s", rnd_pct(&g->rng, 70) ?
		"IfNotPresent" : "Always");
	if (a->kind == WL_CRONJOB) {
		key(o, s, "command");
		ps = seq(g, s);
		item(o);
		line(o, ps, "/bin/sh");
		item(o);
		line(o, ps, "-c");
		item(o);
		line(o, ps, "|");
		line(o, ps + 2, "set -eu");
		line(o, ps + 2, "echo \"starting %s at $(date -u)\"", a->name);
		line(o, ps + 2, "/app/%s --once --batch-size=%d", a->name,
			100 * rnd_range(&g->rng, 1, 50));
		line(o, ps + 2, "# tell the sidecar to exit so the job ends");
		line(o, ps + 2, "curl -fsS -X POST "
			"http://localhost:15020/quitquitquit || true");
	} else if (rnd_pct(&g->rng, 60)) {
		indent(o, s);
		putf(o, "args: [\"--port=%d\", \"--log-format=json\", "
			"--metrics-port=%d]\n", a->port, a->metrics_port);
	}
	if (a->kind != WL_CRONJOB) {
		key(o, s, "ports");
		ps = seq(g, s);
		item(o);
		kv(o, ps, "name", "%s", a->proto);
		kv(o, ps, "containerPort", "%d", a->port);
		kv(o, ps, "protocol", "TCP");
		item(o);
		kv(o, ps, "name", "metrics");
		kv(o, ps, "containerPort", "%d", a->metrics_port);
	}
	env_list(g, s, a);
	if (a->kind != WL_CRONJOB) {
		probe(g, s, "readinessProbe", a);
		if (rnd_pct(&g->rng, 70))
			probe(g, s, "livenessProbe", a);
	}
	resources(g, s, anchor_res);
	if (rnd_pct(&g->rng, 50)) {
		key(o, s, "securityContext");
		kv(o, s + 2, "allowPrivilegeEscalation", "false");
		kv(o, s + 2, "readOnlyRootFilesystem", "true");
		indent(o, s + 2);
		put(o, "capabilities: {drop: [ALL]}\n");
	}
	if (rnd_pct(&g->rng, 40)) {
		key(o, s, "volumeMounts");
		ps = seq(g, s);
		item(o);
		kv(o, ps, "name", "config");
		kv(o, ps, "mountPath", "/etc/%s", a->name);
		kv(o, ps, "readOnly", "true");
	}
}

/* The pod template (metadata + spec) at column n. */
static void pod_template(struct gen *g, int n, const struct app *a)
{
	struct out *o = &g->o;
	bool anchor = rnd_pct(&g->rng, 3);
	int s;

	key(o, n, "template");
	key(o, n + 2, "metadata");
	key(o, n + 4, "labels");
	kv(o, n + 6, "app", "%s", a->name);
	kv(o, n + 6, "version", "%s", a->version);
	if (rnd_pct(&g->rng, 15))
		kv(o, n + 6, "sidecar.istio.io/inject", "\"%s\"",
			rnd_pct(&g->rng, 50) ? "true" : "false");
	if (rnd_pct(&g->rng, 30))
		kv(o, n + 6, "app.kubernetes.io/part-of", "%s", a->ns->team);
	key(o, n + 4, "annotations");
	if (a->kind == WL_CRONJOB || rnd_pct(&g->rng, 12))
		kv(o, n + 6, "sidecar.istio.io/inject", "\"false\"");
	if (rnd_pct(&g->rng, 60)) {
		kv(o, n + 6, "prometheus.io/scrape", "\"true\"");
		kv(o, n + 6, "prometheus.io/port", "\"%d\"", a->metrics_port);
		kv(o, n + 6, "prometheus.io/path", "/metrics");
	}
	if (rnd_pct(&g->rng, 25)) {
		kv(o, n + 6, "proxy.istio.io/config", "|");
		line(o, n + 8, "holdApplicationUntilProxyStarts: true");
		line(o, n + 8, "terminationDrainDuration: %ds",
			5 * rnd_range(&g->rng, 1, 12));
		if (rnd_pct(&g->rng, 50)) {
			line(o, n + 8, "proxyMetadata:");
			line(o, n + 10, "ISTIO_META_DNS_CAPTURE: \"true\"");
		}
	}
	if (rnd_pct(&g->rng, 20))
		kv(o, n + 6, "traffic.sidecar.istio.io/excludeOutboundPorts",
			"\"%d,%d\"", 5432, 6379);
	if (rnd_pct(&g->rng, 15)) {
		kv(o, n + 6, "sidecar.istio.io/proxyCPU", "%dm",
			50 * rnd_range(&g->rng, 1, 10));
		kv(o, n + 6, "sidecar.istio.io/proxyMemory", "%dMi",
			64 * rnd_range(&g->rng, 1, 8));
	}
	if (rnd_pct(&g->rng, 10))
		kv(o, n + 6, "traffic.sidecar.istio.io/includeInboundPorts",
			"\"%d\"", a->port);
	kv(o, n + 6, "kubectl.kubernetes.io/restartedAt",
		"\"2024-%02d-%02dT%02d:%02d:00Z\"", rnd_range(&g->rng, 1, 12),
		rnd_range(&g->rng, 1, 28), rnd_range(&g->rng, 0, 23),
		rnd_range(&g->rng, 0, 59));

	key(o, n + 2, "spec");
	kv(o, n + 4, "serviceAccountName", "%s", a->name);
	if (a->kind == WL_CRONJOB)
		kv(o, n + 4, "restartPolicy", "OnFailure");
	if (rnd_pct(&g->rng, 50)) {
		key(o, n + 4, "securityContext");
		kv(o, n + 6, "runAsNonRoot", "true");
		kv(o, n + 6, "runAsUser", "%d", 1000 + rnd_range(&g->rng, 0,
			9000));
		kv(o, n + 6, "fsGroup", "2000");
	}
	if (rnd_pct(&g->rng, 20)) {
		indent(o, n + 4);
		putf(o, "nodeSelector: {kubernetes.io/os: linux, pool: %s}\n",
			a->ns->team);
	}
	key(o, n + 4, "containers");
	s = seq(g, n + 4);
	container(g, s, a, anchor);
	if (anchor) {
		item(o);
		kv(o, s, "name", "log-shipper");
		kv(o, s, "image", "docker.io/fluent/fluent-bit:2.2");
		kv(o, s, "resources", "*res");
	}
	if (rnd_pct(&g->rng, 40)) {
		key(o, n + 4, "volumes");
		s = seq(g, n + 4);
		item(o);
		kv(o, s, "name", "config");
		key(o, s, "configMap");
		kv(o, s + 2, "name", "%s-config", a->name);
	}
	if (rnd_pct(&g->rng, 25)) {
		key(o, n + 4, "tolerations");
		s = seq(g, n + 4);
		item(o);
		kv(o, s, "key", "dedicated");
		kv(o, s, "operator", "Equal");
		kv(o, s, "value", "%s", a->ns->team);
		kv(o, s, "effect", "NoSchedule");
	}
}

static void workload_meta(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;

	metadata(g, a->name, a->ns->name);
	key(o, 2, "labels");
	kv(o, 4, "app", "%s", a->name);
	kv(o, 4, "app.kubernetes.io/name", "%s", a->name);
	kv(o, 4, "app.kubernetes.io/managed-by", "%s",
		rnd_pct(&g->rng, 50) ? "Helm" : "kustomize");
	kv(o, 4, "version", "%s", a->version);
	if (rnd_pct(&g->rng, 50)) {
		key(o, 2, "annotations");
		kv(o, 4, "deployment.kubernetes.io/revision", "\"%d\"",
			rnd_range(&g->rng, 1, 60));
		if (rnd_pct(&g->rng, 60))
			folded(g, 4, "description");
	}
}

static void gen_workload(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;
	char src[160];

	switch (a->kind) {
	case WL_DEPLOYMENT:
		snprintf(src, sizeof(src), "%s/templates/deployment.yaml",
			a->ns->team);
		doc_start(g, src, "apps/v1", "Deployment");
		workload_meta(g, a);
		key(o, 0, "spec");
		if (rnd_pct(&g->rng, 50))
			kv(o, 2, "replicas", "%d  # managed by the HPA",
				rnd_range(&g->rng, 2, 6));
		else
			kv(o, 2, "replicas", "%d", rnd_range(&g->rng, 1, 12));
		kv(o, 2, "revisionHistoryLimit", "%d",
			rnd_range(&g->rng, 2, 10));
		key(o, 2, "selector");
		key(o, 4, "matchLabels");
		kv(o, 6, "app", "%s", a->name);
		kv(o, 6, "version", "%s", a->version);
		key(o, 2, "strategy");
		kv(o, 4, "type", "RollingUpdate");
		kv(o, 4, "rollingUpdate",
			"{maxSurge: 25%%, maxUnavailable: 0}");
		pod_template(g, 2, a);
		break;
	case WL_STATEFULSET:
		snprintf(src, sizeof(src), "%s/templates/statefulset.yaml",
			a->ns->team);
		doc_start(g, src, "apps/v1", "StatefulSet");
		workload_meta(g, a);
		key(o, 0, "spec");
		kv(o, 2, "serviceName", "%s-headless", a->name);
		kv(o, 2, "replicas", "%d", rnd_range(&g->rng, 1, 5));
		kv(o, 2, "podManagementPolicy", "Parallel");
		key(o, 2, "selector");
		key(o, 4, "matchLabels");
		kv(o, 6, "app", "%s", a->name);
		pod_template(g, 2, a);
		key(o, 2, "volumeClaimTemplates");
		item(o);
		key(o, seq(g, 2), "metadata");
		kv(o, seq(g, 2) + 2, "name", "data");
		key(o, seq(g, 2), "spec");
		kv(o, seq(g, 2) + 2, "accessModes", "[ReadWriteOnce]");
		kv(o, seq(g, 2) + 2, "storageClassName", "ssd");
		kv(o, seq(g, 2) + 2, "resources",
			"{requests: {storage: %dGi}}",
			10 * rnd_range(&g->rng, 1, 50));
		break;
	case WL_CRONJOB:
		snprintf(src, sizeof(src), "%s/templates/cronjob.yaml",
			a->ns->team);
		doc_start(g, src, "batch/v1", "CronJob");
		workload_meta(g, a);
		key(o, 0, "spec");
		kv(o, 2, "schedule", "\"%d */%d * * *\"",
			rnd_range(&g->rng, 0, 59), rnd_range(&g->rng, 1, 12));
		kv(o, 2, "concurrencyPolicy", "Forbid");
		kv(o, 2, "successfulJobsHistoryLimit", "3");
		key(o, 2, "jobTemplate");
		key(o, 4, "spec");
		kv(o, 6, "backoffLimit", "%d", rnd_range(&g->rng, 0, 6));
		kv(o, 6, "activeDeadlineSeconds", "%d",
			60 * rnd_range(&g->rng, 5, 120));
		pod_template(g, 6, a);
		break;
	}
}

/* ---- Service, ServiceAccount, ConfigMap ---------------------------------- */

static void gen_service(struct gen *g, const struct app *a, bool headless)
{
	struct out *o = &g->o;
	char name[120];
	int s;

	snprintf(name, sizeof(name), "%s%s", a->name,
		headless ? "-headless" : "");
	doc_start(g, NULL, "v1", "Service");
	metadata(g, name, a->ns->name);
	if (rnd_pct(&g->rng, 50))
		kv(o, 2, "labels", "{app: %s, service: %s}", a->name, name);
	key(o, 0, "spec");
	if (headless)
		kv(o, 2, "clusterIP", "None");
	else
		kv(o, 2, "type", "%s", rnd_pct(&g->rng, 90) ?
			"ClusterIP" : "LoadBalancer");
	key(o, 2, "selector");
	kv(o, 4, "app", "%s", a->name);
	key(o, 2, "ports");
	s = seq(g, 2);
	item(o);
	/* Istio protocol selection: by name prefix, appProtocol, or none. */
	switch (rnd_below(&g->rng, 3)) {
	case 0:
		kv(o, s, "name", "%s-%s", a->proto, a->ns->team);
		break;
	case 1:
		kv(o, s, "name", "%s", a->proto);
		kv(o, s, "appProtocol", "%s", a->proto);
		break;
	default:
		kv(o, s, "name", "web");
		break;
	}
	kv(o, s, "port", "%d", a->svc_port);
	kv(o, s, "targetPort", "%d", a->port);
	if (rnd_pct(&g->rng, 40)) {
		indent(o, s - 2);
		putf(o, "- {name: http-metrics, port: %d, targetPort: %d}\n",
			a->metrics_port, a->metrics_port);
	}
}

static void gen_service_account(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;

	doc_start(g, NULL, "v1", "ServiceAccount");
	metadata(g, a->name, a->ns->name);
	if (rnd_pct(&g->rng, 30)) {
		key(o, 2, "annotations");
		kv(o, 4, "eks.amazonaws.com/role-arn",
			"arn:aws:iam::123456789012:role/%s", a->name);
	}
	if (rnd_pct(&g->rng, 20))
		kv(o, 0, "automountServiceAccountToken", "false");
}

static void gen_configmap(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;
	char name[120];
	int i, count;

	snprintf(name, sizeof(name), "%s-config", a->name);
	doc_start(g, NULL, "v1", "ConfigMap");
	metadata(g, name, a->ns->name);
	key(o, 2, "labels");
	kv(o, 4, "app", "%s", a->name);
	key(o, 0, "data");
	kv(o, 2, "LOG_LEVEL", "%s", PICK(g, log_levels));
	kv(o, 2, "\"cache.ttl\"", "\"%ds\"", 30 * rnd_range(&g->rng, 1, 20));
	if (rnd_pct(&g->rng, 60)) {
		kv(o, 2, "application.properties", "|-");
		line(o, 4, "server.port=%d", a->port);
		line(o, 4, "spring.application.name=%s", a->name);
		line(o, 4, "management.endpoints.web.exposure.include=health,"
			"prometheus");
		count = rnd_range(&g->rng, 2, 12);
		for (i = 0; i < count; i++)
			line(o, 4, "%s.%s.timeout-ms=%d", a->ns->team,
				PICK(g, roles),
				100 * rnd_range(&g->rng, 1, 50));
	}
	if (rnd_pct(&g->rng, 40)) {
		kv(o, 2, "nginx.conf", "|");
		line(o, 4, "worker_processes auto;");
		line(o, 4, "events { worker_connections 1024; }");
		line(o, 4, "http {");
		line(o, 6, "# upstream is the local app behind the sidecar");
		line(o, 6, "upstream app { server 127.0.0.1:%d; }", a->port);
		line(o, 6, "server {");
		line(o, 8, "listen 80;");
		line(o, 8, "location / { proxy_pass http://app; }");
		line(o, 6, "}");
		line(o, 4, "}");
	}
	if (rnd_pct(&g->rng, 40)) {
		kv(o, 2, "settings.json", "|");
		line(o, 4, "{");
		line(o, 6, "\"service\": \"%s\",", a->name);
		line(o, 6, "\"retries\": %d,", rnd_range(&g->rng, 0, 5));
		line(o, 6, "\"endpoints\": [\"%s.%s:%d\", \"ledger:443\"]",
			a->name, a->ns->name, a->svc_port);
		line(o, 4, "}");
	}
}

/* ---- Istio networking and security --------------------------------------- */

static void gen_authz(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;
	char name[120];
	int s, s2, s3, r, nrules;
	bool l7 = rnd_pct(&g->rng, 60);

	snprintf(name, sizeof(name), "%s-%s", a->name, l7 ? "http" : "allow");
	doc_start(g, NULL, rnd_pct(&g->rng, 50) ? "security.istio.io/v1" :
		"security.istio.io/v1beta1", "AuthorizationPolicy");
	metadata(g, name, a->ns->name);
	key(o, 0, "spec");
	line(o, 2, "# selects the %s pods; needs a waypoint in ambient mode",
		a->name);
	key(o, 2, "selector");
	key(o, 4, "matchLabels");
	kv(o, 6, "app", "%s", a->name);
	kv(o, 2, "action", "%s", rnd_pct(&g->rng, 85) ? "ALLOW" : "DENY");
	key(o, 2, "rules");
	s = seq(g, 2);
	nrules = rnd_range(&g->rng, 1, 3);
	for (r = 0; r < nrules; r++) {
		item(o);
		key(o, s, "from");
		s2 = seq(g, s);
		item(o);
		key(o, s2, "source");
		if (rnd_pct(&g->rng, 70)) {
			indent(o, s2 + 2);
			putf(o, "principals: [\"cluster.local/ns/%s-%s/sa/"
				"%s-%s\"]\n", PICK(g, teams), PICK(g, envs),
				PICK(g, teams), PICK(g, roles));
		} else {
			key(o, s2 + 2, "namespaces");
			item(o);
			line(o, seq(g, s2 + 2), "%s", a->ns->name);
			item(o);
			line(o, seq(g, s2 + 2), "istio-system");
		}
		if (rnd_pct(&g->rng, 15))
			kv(o, s2 + 2, "ipBlocks", "[\"10.%d.0.0/16\"]",
				rnd_range(&g->rng, 0, 255));
		key(o, s, "to");
		s2 = seq(g, s);
		item(o);
		key(o, s2, "operation");
		s3 = s2 + 2;
		if (l7) {
			indent(o, s3);
			putf(o, "methods: [\"%s\", \"%s\"]\n", PICK(g, methods),
				PICK(g, methods));
			key(o, s3, "paths");
			item(o);
			line(o, seq(g, s3), "\"%s\"", PICK(g, http_paths));
			if (rnd_pct(&g->rng, 50)) {
				item(o);
				line(o, seq(g, s3), "\"%s\"",
					PICK(g, http_paths));
			}
		}
		kv(o, s3, "ports", "[\"%d\"]", a->port);
		if (l7 && rnd_pct(&g->rng, 30)) {
			key(o, s, "when");
			s2 = seq(g, s);
			item(o);
			kv(o, s2, "key", "request.headers[x-tenant]");
			kv(o, s2, "values", "[\"acme\", \"globex\"]");
		}
	}
}

static void gen_destrule(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;
	int s;

	doc_start(g, NULL, rnd_pct(&g->rng, 60) ?
		"networking.istio.io/v1beta1" : "networking.istio.io/v1",
		"DestinationRule");
	metadata(g, a->name, a->ns->name);
	key(o, 0, "spec");
	kv(o, 2, "host", "%s.%s.svc.cluster.local", a->name, a->ns->name);
	key(o, 2, "trafficPolicy");
	if (rnd_pct(&g->rng, 60)) {
		key(o, 4, "tls");
		kv(o, 6, "mode", "ISTIO_MUTUAL");
	}
	key(o, 4, "connectionPool");
	kv(o, 6, "tcp", "{maxConnections: %d, connectTimeout: 3s}",
		50 * rnd_range(&g->rng, 1, 20));
	key(o, 6, "http");
	kv(o, 8, "http2MaxRequests", "%d", 100 * rnd_range(&g->rng, 1, 20));
	kv(o, 8, "maxRequestsPerConnection", "%d", rnd_range(&g->rng, 1, 20));
	if (rnd_pct(&g->rng, 60)) {
		key(o, 4, "outlierDetection");
		kv(o, 6, "consecutive5xxErrors", "%d",
			rnd_range(&g->rng, 3, 10));
		kv(o, 6, "interval", "%ds", 10 * rnd_range(&g->rng, 1, 6));
		kv(o, 6, "baseEjectionTime", "%ds",
			30 * rnd_range(&g->rng, 1, 4));
	}
	key(o, 4, "loadBalancer");
	kv(o, 6, "simple", "%s", rnd_pct(&g->rng, 50) ?
		"LEAST_REQUEST" : "ROUND_ROBIN");
	key(o, 2, "subsets");
	s = seq(g, 2);
	item(o);
	kv(o, s, "name", "v1");
	key(o, s, "labels");
	kv(o, s + 2, "version", "v1");
	item(o);
	kv(o, s, "name", "v2");
	kv(o, s, "labels", "{version: v2}");
}

static void gen_virtualservice(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;
	int s, s2, w;

	doc_start(g, NULL, rnd_pct(&g->rng, 60) ?
		"networking.istio.io/v1beta1" : "networking.istio.io/v1",
		"VirtualService");
	metadata(g, a->name, a->ns->name);
	key(o, 0, "spec");
	key(o, 2, "hosts");
	s = seq(g, 2);
	item(o);
	line(o, s, "%s", a->name);
	if (rnd_pct(&g->rng, 40)) {
		item(o);
		line(o, s, "%s.example.com", a->name);
		kv(o, 2, "gateways", "[istio-system/public-gateway, mesh]");
	}
	if (!strcmp(a->proto, "tcp")) {
		key(o, 2, "tcp");
		item(o);
		key(o, s, "route");
		s2 = seq(g, s);
		item(o);
		key(o, s2, "destination");
		kv(o, s2 + 2, "host", "%s", a->name);
		kv(o, s2 + 2, "port", "{number: %d}", a->svc_port);
		return;
	}
	key(o, 2, "http");
	item(o);
	kv(o, s, "name", "canary");
	key(o, s, "match");
	s2 = seq(g, s);
	item(o);
	key(o, s2, "headers");
	key(o, s2 + 2, "x-canary");
	kv(o, s2 + 4, "exact", "\"true\"");
	key(o, s, "route");
	item(o);
	key(o, s2, "destination");
	kv(o, s2 + 2, "host", "%s", a->name);
	kv(o, s2 + 2, "subset", "v2");
	item(o);
	kv(o, s, "name", "default");
	if (rnd_pct(&g->rng, 50)) {
		key(o, s, "match");
		item(o);
		key(o, s2, "uri");
		kv(o, s2 + 2, "prefix", "%s", PICK(g, prefixes));
	}
	key(o, s, "route");
	w = 5 * rnd_range(&g->rng, 0, 10);
	item(o);
	key(o, s2, "destination");
	kv(o, s2 + 2, "host", "%s", a->name);
	kv(o, s2 + 2, "subset", "v1");
	kv(o, s2 + 2, "port", "{number: %d}", a->svc_port);
	kv(o, s2, "weight", "%d", 100 - w);
	item(o);
	key(o, s2, "destination");
	kv(o, s2 + 2, "host", "%s", a->name);
	kv(o, s2 + 2, "subset", "v2");
	kv(o, s2, "weight", "%d", w);
	if (rnd_pct(&g->rng, 60)) {
		key(o, s, "retries");
		kv(o, s + 2, "attempts", "%d", rnd_range(&g->rng, 1, 5));
		kv(o, s + 2, "perTryTimeout", "%ds", rnd_range(&g->rng, 1, 5));
		kv(o, s + 2, "retryOn", "5xx,reset,connect-failure");
	}
	kv(o, s, "timeout", "%ds", 5 * rnd_range(&g->rng, 1, 6));
	if (rnd_pct(&g->rng, 15)) {
		key(o, s, "fault");
		key(o, s + 2, "delay");
		kv(o, s + 4, "percentage", "{value: 0.%d}",
			rnd_range(&g->rng, 1, 9));
		kv(o, s + 4, "fixedDelay", "%ds", rnd_range(&g->rng, 1, 7));
	}
	if (rnd_pct(&g->rng, 10)) {
		key(o, s, "headers");
		key(o, s + 2, "request");
		key(o, s + 4, "set");
		kv(o, s + 6, "x-envoy-upstream-rq-timeout-ms", "\"%d\"",
			1000 * rnd_range(&g->rng, 1, 10));
	}
}

static void gen_sidecar(struct gen *g, const struct app *a)
{
	struct out *o = &g->o;
	int s;

	doc_start(g, NULL, "networking.istio.io/v1beta1", "Sidecar");
	metadata(g, a->name, a->ns->name);
	key(o, 0, "spec");
	key(o, 2, "workloadSelector");
	key(o, 4, "labels");
	kv(o, 6, "app", "%s", a->name);
	key(o, 2, "egress");
	s = seq(g, 2);
	item(o);
	key(o, s, "hosts");
	item(o);
	line(o, seq(g, s), "\"./*\"");
	item(o);
	line(o, seq(g, s), "\"istio-system/*\"");
	if (rnd_pct(&g->rng, 40)) {
		kv(o, 2, "outboundTrafficPolicy", "{mode: REGISTRY_ONLY}");
	}
}

/* ---- bundles and files --------------------------------------------------- */

static void make_ns(struct gen *g, struct ns *ns, unsigned long idx)
{
	static const enum inj_mode modes[] = {
		INJ_ENABLED, INJ_ENABLED, INJ_ENABLED, INJ_ENABLED,
		INJ_REVISION, INJ_REVISION, INJ_DISABLED, INJ_NONE,
	};
	unsigned long nt = NELEM(teams), ne = NELEM(envs);

	ns->team = teams[idx % nt];
	if (idx < nt * ne)
		snprintf(ns->name, sizeof(ns->name), "%s-%s", ns->team,
			envs[(idx / nt) % ne]);
	else
		snprintf(ns->name, sizeof(ns->name), "%s-%s-%lu", ns->team,
			envs[(idx / nt) % ne], idx / (nt * ne));
	ns->inj = PICK(g, modes);
}

static void gen_bundle(struct gen *g, const struct ns *ns, unsigned long k)
{
	static const char *const protos[] = { "http", "http", "grpc", "tcp" };
	struct app a;
	unsigned int kind = (unsigned int)rnd_below(&g->rng, 100);

	memset(&a, 0, sizeof(a));
	a.ns = ns;
	if (k == 0)
		snprintf(a.name, sizeof(a.name), "%s-%s", ns->team,
			PICK(g, roles));
	else
		snprintf(a.name, sizeof(a.name), "%s-%s-%lu", ns->team,
			PICK(g, roles), k);
	a.kind = kind < 70 ? WL_DEPLOYMENT :
		kind < 85 ? WL_STATEFULSET : WL_CRONJOB;
	a.version = rnd_pct(&g->rng, 70) ? "v1" : "v2";
	a.proto = PICK(g, protos);
	a.port = rnd_pct(&g->rng, 60) ? 8080 : rnd_range(&g->rng, 3000, 9999);
	a.svc_port = !strcmp(a.proto, "http") ? 80 : a.port;
	a.metrics_port = rnd_pct(&g->rng, 50) ? 9090 : 8081;

	/* Helm writes a bare "---" for a template that renders empty. */
	if (rnd_pct(&g->rng, 1)) {
		doc_sep(g);
		putf(&g->o, "# Source: %s/templates/hpa.yaml\n", ns->team);
	}
	if (rnd_pct(&g->rng, 50))
		gen_service_account(g, &a);
	if (rnd_pct(&g->rng, 30))
		gen_configmap(g, &a);
	gen_workload(g, &a);
	if (a.kind == WL_CRONJOB)
		return;
	gen_service(g, &a, false);
	if (a.kind == WL_STATEFULSET)
		gen_service(g, &a, true);
	if (rnd_pct(&g->rng, 40))
		gen_destrule(g, &a);
	if (rnd_pct(&g->rng, 35))
		gen_virtualservice(g, &a);
	if (rnd_pct(&g->rng, 50))
		gen_authz(g, &a);
	if (rnd_pct(&g->rng, 10))
		gen_peerauth(g, ns, &a);
	if (rnd_pct(&g->rng, 8))
		gen_sidecar(g, &a);
}

/* Documents that open a namespace's manifests. */
static void gen_ns_head(struct gen *g, const struct ns *ns)
{
	if (rnd_pct(&g->rng, 70))
		gen_namespace(g, ns);
	if (rnd_pct(&g->rng, 50))
		gen_peerauth(g, ns, NULL);
	if (rnd_pct(&g->rng, 25))
		gen_deny_all(g, ns);
}

static void write_file(const char *path, const struct out *o)
{
	FILE *fp = fopen(path, "wb");

	if (!fp)
		die(path);
	if (fwrite(o->buf, 1, o->len, fp) != o->len || fclose(fp) != 0)
		die(path);
}

static void usage(FILE *fp)
{
	fprintf(fp, "usage: gen-corpus --out DIR --size BYTES --files N "
		"[--seed S] [--lines L]\n");
}

static bool parse_num(const char *s, unsigned long long *v)
{
	char *end = NULL;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	unsigned long long size = 0, files = 0, seed = 1, lines = 0, v;
	unsigned long long total = 0, total_lines = 0, f;
	unsigned long ns_idx = 0, bundle = 0;
	struct gen g;
	struct ns ns;
	char path[4096];
	int i;

	/* Every option takes a value, except --help and --version. */
	for (i = 1; i < argc; i += 2) {
		const char *opt = argv[i];
		const char *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(opt, "--version")) {
			printf("gen-corpus format %d\n", GEN_CORPUS_FORMAT);
			return 0;
		} else if (!strcmp(opt, "--out") && arg) {
			dir = arg;
		} else if (!strcmp(opt, "--size") && parse_num(arg, &v)) {
			size = v;
		} else if (!strcmp(opt, "--files") && parse_num(arg, &v)) {
			files = v;
		} else if (!strcmp(opt, "--seed") && parse_num(arg, &v)) {
			seed = v;
		} else if (!strcmp(opt, "--lines") && parse_num(arg, &v)) {
			lines = v;
		} else {
			fprintf(stderr, "gen-corpus: bad argument: %s\n", opt);
			usage(stderr);
			return 2;
		}
	}
	if (!dir || files == 0 || files > 1000000 || (size == 0 && !lines)) {
		usage(stderr);
		return 2;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die(dir);

	memset(&g, 0, sizeof(g));
	rng_seed(&g.rng, seed);
	g.max_lines = (size_t)lines;
	if (files == 1)
		make_ns(&g, &ns, ns_idx++);
	for (f = 0; f < files; f++) {
		/* Spread what is left over the files still to write. */
		unsigned long long want = size > total ?
			(size - total) / (files - f) : 0;

		g.o.len = 0;
		g.o.lines = 0;
		g.cut_len = 0;
		if (files > 1) {
			make_ns(&g, &ns, ns_idx++);
			bundle = 0;
		}
		if (rnd_pct(&g.rng, 30)) {
			put(&g.o, "# Generated by gen-corpus for the "
				"ambient-lint benchmark.\n");
			putf(&g.o, "# Namespace %s, seed %llu.\n", ns.name,
				seed);
		}
		if (bundle == 0)
			gen_ns_head(&g, &ns);
		do {
			gen_bundle(&g, &ns, bundle++);
			/* A single big file moves on to a new namespace. */
			if (files == 1 && bundle >= 24) {
				make_ns(&g, &ns, ns_idx++);
				bundle = 0;
				gen_ns_head(&g, &ns);
			}
		} while (lines ? g.o.lines < lines : g.o.len < want);
		if (g.cut_len) {
			g.o.len = g.cut_len;
			g.o.lines = g.cut_lines;
			g.docs = g.cut_docs;
		}
		if (files == 1)
			snprintf(path, sizeof(path), "%s/all-namespaces.yaml",
				dir);
		else
			snprintf(path, sizeof(path), "%s/%05llu-%s.yaml", dir,
				f, ns.name);
		write_file(path, &g.o);
		total += g.o.len;
		total_lines += g.o.lines;
	}
	printf("files=%llu bytes=%llu documents=%lu lines=%llu seed=%llu\n",
		files, total, g.docs, total_lines, seed);
	free(g.o.buf);
	return 0;
}
