/*
 * index.c - the cross-file index of a lint run
 *
 * Every resource of every input (reported or context-only) is filed under
 * one class; each class is sorted by namespace, then name, then input
 * order, so lookups are binary searches and iteration order does not
 * depend on the number of threads.
 */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const policy_kinds[] = {
	"AuthorizationPolicy", "PeerAuthentication", "RequestAuthentication",
	"Telemetry", "WasmPlugin", "EnvoyFilter", NULL
};

static const char *const route_kinds[] = {
	"VirtualService", "DestinationRule", "ServiceEntry", "Sidecar",
	"HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", NULL
};

enum alint_index_class
alint__index_class_of(const struct alint_resource *r)
{
	if (strcmp(r->kind, "Namespace") == 0 && r->group[0] == '\0')
		return ALINT_INDEX_NAMESPACE;
	if (strcmp(r->kind, "Service") == 0 && r->group[0] == '\0')
		return ALINT_INDEX_SERVICE;
	if (r->pod_template)
		return ALINT_INDEX_WORKLOAD;
	if (strcmp(r->kind, "Gateway") == 0)
		return ALINT_INDEX_GATEWAY;
	if (alint__str_in_list(r->kind, policy_kinds))
		return ALINT_INDEX_POLICY;
	if (alint__str_in_list(r->kind, route_kinds))
		return ALINT_INDEX_ROUTE;
	return ALINT_INDEX_OTHER;
}

int
alint__index_add(struct alint_index *idx, const struct alint_resource *r)
{
	enum alint_index_class c = alint__index_class_of(r);
	const struct alint_resource **n;
	size_t cap;

	if (idx->count[c] == idx->cap[c]) {
		cap = idx->cap[c] ? idx->cap[c] * 2 : 16;
		n = realloc(idx->items[c], cap * sizeof(*n));
		if (!n)
			return ALINT_ENOMEM;
		idx->items[c] = n;
		idx->cap[c] = cap;
	}
	idx->items[c][idx->count[c]++] = r;
	return 0;
}

static int
cmp_res(const void *a, const void *b)
{
	const struct alint_resource *x = *(const struct alint_resource *
					   const *)a;
	const struct alint_resource *y = *(const struct alint_resource *
					   const *)b;
	int c;

	c = strcmp(x->namespace_name, y->namespace_name);
	if (c)
		return c;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	/* qsort is not stable: fall back to the order of the inputs */
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
alint__index_finish(struct alint_index *idx)
{
	size_t c, i, total = 0, n = 0;
	const char **ns;

	for (c = 0; c < ALINT_INDEX_NCLASSES; c++) {
		if (idx->count[c] > 1)
			qsort(idx->items[c], idx->count[c],
			      sizeof(idx->items[c][0]), cmp_res);
		total += idx->count[c];
	}
	ns = malloc((total ? total : 1) * sizeof(*ns));
	if (!ns)
		return ALINT_ENOMEM;
	for (c = 0; c < ALINT_INDEX_NCLASSES; c++)
		for (i = 0; i < idx->count[c]; i++)
			ns[n++] = idx->items[c][i]->namespace_name;
	qsort(ns, n, sizeof(*ns), cmp_str);
	idx->nnamespaces = 0;
	for (i = 0; i < n; i++)
		if (idx->nnamespaces == 0 ||
		    strcmp(ns[idx->nnamespaces - 1], ns[i]) != 0)
			ns[idx->nnamespaces++] = ns[i];
	free(idx->namespaces);
	idx->namespaces = ns;
	return 0;
}

/* Memos of every index: lookups are rare next to the work they save. */
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

void *
alint__index_memo(const struct alint_index *cidx, const void *key,
		  void *(*build)(void *arg), void *arg,
		  void (*destroy)(void *value))
{
	/* a cache: the index's content does not change */
	struct alint_index *idx = (struct alint_index *)cidx;
	struct alint__memo *m;
	void *value = NULL, *mine;
	size_t i;

	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < idx->nmemos; i++)
		if (idx->memos[i].key == key)
			value = idx->memos[i].value;
	pthread_mutex_unlock(&memo_lock);
	if (value)
		return value;
	mine = build(arg);
	if (!mine)
		return NULL;
	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < idx->nmemos; i++)
		if (idx->memos[i].key == key)
			value = idx->memos[i].value;
	if (!value) {
		m = realloc(idx->memos, (idx->nmemos + 1) * sizeof(*m));
		if (m) {
			idx->memos = m;
			m[idx->nmemos].key = key;
			m[idx->nmemos].value = mine;
			m[idx->nmemos].destroy = destroy;
			idx->nmemos++;
			value = mine;
			mine = NULL;
		}
	}
	pthread_mutex_unlock(&memo_lock);
	if (mine && destroy)
		destroy(mine);
	/* out of memory to store it: the caller works without */
	return value;
}

void
alint__index_clear(struct alint_index *idx)
{
	size_t c;

	for (c = 0; c < idx->nmemos; c++)
		if (idx->memos[c].destroy)
			idx->memos[c].destroy(idx->memos[c].value);
	free(idx->memos);
	for (c = 0; c < ALINT_INDEX_NCLASSES; c++)
		free(idx->items[c]);
	free(idx->namespaces);
	memset(idx, 0, sizeof(*idx));
}

size_t
alint_index_count(const struct alint_index *idx, enum alint_index_class cls)
{
	if (!idx || (unsigned int)cls >= ALINT_INDEX_NCLASSES)
		return 0;
	return idx->count[cls];
}

const struct alint_resource *
alint_index_get(const struct alint_index *idx, enum alint_index_class cls,
		size_t i)
{
	if (!idx || (unsigned int)cls >= ALINT_INDEX_NCLASSES ||
	    i >= idx->count[cls])
		return NULL;
	return idx->items[cls][i];
}

const struct alint_resource *
alint_index_find(const struct alint_index *idx, enum alint_index_class cls,
		 const char *namespace_name, const char *name)
{
	const struct alint_resource *const *items;
	size_t lo = 0, hi, mid;
	int c;

	if (!idx || !name || (unsigned int)cls >= ALINT_INDEX_NCLASSES)
		return NULL;
	items = idx->items[cls];
	hi = idx->count[cls];
	if (cls == ALINT_INDEX_NAMESPACE)
		namespace_name = name;
	if (!namespace_name)
		return NULL;
	/* first element not less than (namespace, name) */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(items[mid]->namespace_name, namespace_name);
		if (c == 0)
			c = strcmp(items[mid]->name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < idx->count[cls] &&
	    strcmp(items[lo]->namespace_name, namespace_name) == 0 &&
	    strcmp(items[lo]->name, name) == 0)
		return items[lo];
	return NULL;
}

int
alint_index_has_namespace(const struct alint_index *idx,
			  const char *namespace_name)
{
	size_t lo = 0, hi, mid;
	int c;

	if (!idx || !namespace_name)
		return 0;
	hi = idx->nnamespaces;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(idx->namespaces[mid], namespace_name);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
