/*
 * resource.c - the typed Kubernetes view of a YAML document
 *
 * A resource is a document whose root is a mapping, or an item of a
 * kind: List. This file extracts apiVersion, kind, metadata and the pod
 * template of each, with their nodes, and implements the public
 * alint_resource_* accessors.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Kinds whose pod template is spec.template. */
static const char *const template_kinds[] = {
	"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "Job", "Rollout", "DeploymentConfig",
	NULL
};

/* The scalar text of n as an arena string, or "" for anything else. */
static const char *
scalar_str(struct alint_source *src, const struct alint_node *n)
{
	char *s;

	if (!n || n->kind != ALINT_NODE_SCALAR)
		return "";
	s = alint__arena_strndup(&src->arena, alint__node_text(n),
				 alint__node_len(n));
	return s ? s : NULL;
}

static const struct alint_node *
mapping_or_null(const struct alint_node *n)
{
	return n && n->kind == ALINT_NODE_MAPPING ? n : NULL;
}

static const struct alint_node *
find_pod_template(const struct alint_resource *r)
{
	const struct alint_node *root = r->root;

	if (strcmp(r->kind, "Pod") == 0)
		return root;
	if (alint__str_in_list(r->kind, template_kinds))
		return mapping_or_null(alint_node_path(root, "spec",
						       "template", NULL));
	if (strcmp(r->kind, "CronJob") == 0)
		return mapping_or_null(alint_node_path(root, "spec",
						       "jobTemplate", "spec",
						       "template", NULL));
	if (strcmp(r->kind, "PodTemplate") == 0)
		return mapping_or_null(alint_node_get(root, "template"));
	return NULL;
}

/*
 * Kinds of cluster-scoped objects, sorted (Namespace aside: it is its own
 * namespace). They have no namespace, and get none from --namespace.
 */
static const char *const cluster_kinds[] = {
	"APIService", "CSIDriver", "CSINode", "CertificateSigningRequest",
	"ClusterFederatedTrustDomain", "ClusterIssuer", "ClusterRole",
	"ClusterRoleBinding", "ClusterSPIFFEID", "ClusterStaticEntry",
	"CustomResourceDefinition", "FlowSchema", "GatewayClass",
	"IngressClass", "MutatingAdmissionPolicy",
	"MutatingAdmissionPolicyBinding", "MutatingWebhookConfiguration",
	"Node", "PersistentVolume", "PodSecurityPolicy", "PriorityClass",
	"PriorityLevelConfiguration", "RuntimeClass", "StorageClass",
	"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
	"ValidatingWebhookConfiguration", "VolumeAttachment"
};

static int
cmp_kind(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool
cluster_scoped(const char *kind)
{
	return bsearch(kind, cluster_kinds,
		       sizeof(cluster_kinds) / sizeof(cluster_kinds[0]),
		       sizeof(cluster_kinds[0]), cmp_kind) != NULL;
}

static int
fill(struct alint_resource *r, struct alint_source *src,
     struct alint_doc *doc, const struct alint_node *root,
     const char *default_namespace, bool list_item)
{
	const struct alint_node *meta, *ns;
	const char *slash;

	memset(r, 0, sizeof(*r));
	r->root = root;
	r->src = src;
	r->doc = doc;
	r->list_item = list_item;
	r->api_version = scalar_str(src, alint_node_get(root, "apiVersion"));
	r->kind = scalar_str(src, alint_node_get(root, "kind"));
	meta = mapping_or_null(alint_node_get(root, "metadata"));
	r->name = scalar_str(src, alint_node_get(meta, "name"));
	if (!r->api_version || !r->kind || !r->name)
		return ALINT_ENOMEM;
	slash = strchr(r->api_version, '/');
	if (slash) {
		r->group = alint__arena_strndup(&src->arena, r->api_version,
						(size_t)(slash -
							 r->api_version));
		r->version = slash + 1;
	} else {
		r->group = "";
		r->version = r->api_version;
	}
	if (!r->group)
		return ALINT_ENOMEM;
	ns = alint_node_get(meta, "namespace");
	if (ns && ns->kind == ALINT_NODE_SCALAR && alint__node_len(ns) > 0) {
		r->namespace_node = ns;
		r->namespace_name = scalar_str(src, ns);
	} else if (strcmp(r->kind, "Namespace") == 0) {
		r->namespace_name = r->name;
	} else if (cluster_scoped(r->kind)) {
		r->namespace_name = "";
	} else {
		r->namespace_name = default_namespace;
	}
	if (!r->namespace_name)
		return ALINT_ENOMEM;
	r->labels = mapping_or_null(alint_node_get(meta, "labels"));
	r->annotations = mapping_or_null(alint_node_get(meta, "annotations"));
	r->pod_template = find_pod_template(r);
	return 0;
}

/* The items of a "kind: List" document root, or NULL. */
static const struct alint_node *
list_items(const struct alint_node *root)
{
	const struct alint_node *items = alint_node_get(root, "items");

	if (alint_node_equals(alint_node_get(root, "kind"), "List") &&
	    items && items->kind == ALINT_NODE_SEQUENCE)
		return items;
	return NULL;
}

/* Append the resource of mapping m of document doc to *arr. */
static int
add_resource(struct alint_resource **arr, size_t *cap, size_t *cnt,
	     struct alint_source *src, struct alint_doc *doc,
	     const struct alint_node *m, const char *default_namespace,
	     bool in_list)
{
	struct alint_resource *a;
	int error;

	a = alint__grow(*arr, cap, *cnt, sizeof(*a));
	if (!a)
		return ALINT_ENOMEM;
	*arr = a;
	error = fill(&a[*cnt], src, doc, m, default_namespace, in_list);
	if (error < 0)
		return error;
	(*cnt)++;
	return 0;
}

int
alint__resources_extract(struct alint_resource **out, size_t *n,
			 struct alint_source *src,
			 const char *default_namespace)
{
	struct alint_resource *arr = NULL;
	const struct alint_node *root, *items, *it;
	size_t cap = 0, cnt = 0, d;
	int error = 0;

	*out = NULL;
	*n = 0;
	for (d = 0; d < src->ndocs && error == 0; d++) {
		root = src->docs[d].root;
		if (!root || root->kind != ALINT_NODE_MAPPING)
			continue;
		items = list_items(root);
		if (!items) {
			error = add_resource(&arr, &cap, &cnt, src,
					     &src->docs[d], root,
					     default_namespace, false);
			continue;
		}
		for (it = alint__node_first(items); it && error == 0;
		     it = alint__node_next(it))
			if (it->kind == ALINT_NODE_MAPPING)
				error = add_resource(&arr, &cap, &cnt, src,
						     &src->docs[d], it,
						     default_namespace, true);
	}
	if (error < 0) {
		free(arr);
		return error;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

const struct alint_node *
alint_resource_root(const struct alint_resource *r)
{
	return r ? r->root : NULL;
}

const char *
alint_resource_kind(const struct alint_resource *r)
{
	return r ? r->kind : "";
}

const char *
alint_resource_api_version(const struct alint_resource *r)
{
	return r ? r->api_version : "";
}

const char *
alint_resource_group(const struct alint_resource *r)
{
	return r ? r->group : "";
}

const char *
alint_resource_version(const struct alint_resource *r)
{
	return r ? r->version : "";
}

const char *
alint_resource_name(const struct alint_resource *r)
{
	return r ? r->name : "";
}

const char *
alint_resource_namespace(const struct alint_resource *r)
{
	return r ? r->namespace_name : "";
}

const struct alint_node *
alint_resource_labels(const struct alint_resource *r)
{
	return r ? r->labels : NULL;
}

const struct alint_node *
alint_resource_annotations(const struct alint_resource *r)
{
	return r ? r->annotations : NULL;
}

const struct alint_node *
alint_resource_pod_template(const struct alint_resource *r)
{
	return r ? r->pod_template : NULL;
}

const char *
alint_resource_file(const struct alint_resource *r)
{
	return r ? r->src->name : "";
}

size_t
alint_resource_document(const struct alint_resource *r)
{
	return r ? r->doc->index : 0;
}

/* Compare two scalars' decoded text. */
static bool
same_text(const struct alint_node *a, const struct alint_node *b)
{
	return a->kind == ALINT_NODE_SCALAR && b->kind == ALINT_NODE_SCALAR &&
	       alint__node_len(a) == alint__node_len(b) &&
	       memcmp(alint__node_text(a), alint__node_text(b),
		      alint__node_len(a)) == 0;
}

int
alint_labels_match(const struct alint_node *selector,
		   const struct alint_node *labels)
{
	const struct alint_node *k, *v, *lk, *lv;
	bool found;

	if (!selector || selector->kind != ALINT_NODE_MAPPING)
		return 1;
	if (alint__node_count(selector) == 0)
		return 1;
	if (!labels || labels->kind != ALINT_NODE_MAPPING)
		return 0;
	for (k = alint__node_first(selector); k && alint__node_next(k);
	     k = alint__node_next(v)) {
		v = alint__node_next(k);
		found = false;
		for (lk = alint__node_first(labels);
		     lk && alint__node_next(lk) && !found;
		     lk = alint__node_next(lv)) {
			lv = alint__node_next(lk);
			found = same_text(k, lk) && same_text(v, lv);
		}
		if (!found)
			return 0;
	}
	return 1;
}
