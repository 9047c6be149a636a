/*
 * metadata.c - Kubernetes-core rules (AL1xxx) on label and annotation maps
 *
 * kubectl reads a manifest with go-yaml's YAML 1.1 rules and converts it
 * to JSON before the API server decodes it, so an unquoted true, 1.10 or
 * ~ in a map[string]string is a JSON boolean, number or null, not the
 * text that was written. AL1001 reports such values, AL1002 such keys.
 *
 * Both rules visit the same maps: the labels and annotations of every
 * ObjectMeta in the resource (the object, the pod template, a CronJob's
 * job template, StatefulSet volume claim templates) and the label maps of
 * selectors (matchLabels anywhere under spec, the selector of a Service,
 * ReplicationController or Istio Gateway, workloadSelector.labels, the pod
 * nodeSelector).
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "common.h"


/* Called for each label-like map; what names its entries in messages. */
typedef int (*map_fn)(struct alint_rule_ctx *rctx,
		      const struct alint_node *map, const char *what);





/* fn on map when it is a mapping */
static int visit_map(struct alint_rule_ctx *rctx, const struct alint_node *map,
		     const char *what, map_fn fn)
{
	return is_mapping(map) ? fn(rctx, map, what) : 0;
}

/* labels and annotations of an ObjectMeta mapping */
static int visit_meta(struct alint_rule_ctx *rctx,
		      const struct alint_node *meta, const char *labels_what,
		      const char *annotations_what, map_fn fn)
{
	int rc;

	if (!is_mapping(meta))
		return 0;
	rc = visit_map(rctx, alint_node_get(meta, "labels"), labels_what, fn);
	if (rc < 0)
		return rc;
	return visit_map(rctx, alint_node_get(meta, "annotations"),
			 annotations_what, fn);
}

/*
 * matchLabels and workloadSelector.labels anywhere below n. Aliases are
 * not followed: the anchored node is visited where it is written.
 */
static int visit_selectors(struct alint_rule_ctx *rctx,
			   const struct alint_node *n, map_fn fn)
{
	const struct alint_node *c, *k, *v;
	int rc;

	switch (alint_node_kind(n)) {
	case ALINT_NODE_SEQUENCE:
		for (c = alint_node_first(n); c != NULL;
		     c = alint_node_next(c)) {
			rc = visit_selectors(rctx, c, fn);
			if (rc < 0)
				return rc;
		}
		return 0;
	case ALINT_NODE_MAPPING:
		break;
	default:
		return 0;
	}
	for (k = alint_node_first(n); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		if (!is_mapping(v) && alint_node_kind(v) != ALINT_NODE_SEQUENCE)
			continue;
		if (alint_node_equals(k, "matchLabels") && is_mapping(v)) {
			rc = fn(rctx, v, "matchLabels label");
		} else if (alint_node_equals(k, "workloadSelector") &&
			   is_mapping(alint_node_get(v, "labels"))) {
			rc = fn(rctx, alint_node_get(v, "labels"),
				"workloadSelector label");
		} else {
			rc = visit_selectors(rctx, v, fn);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Every label-like map of the resource, in a fixed order. */
static int foreach_label_map(struct alint_rule_ctx *rctx,
			     const struct alint_resource *res, map_fn fn)
{
	const struct alint_node *root = alint_resource_root(res);
	const struct alint_node *tmpl, *spec, *n, *c;
	int rc;

	if (!is_mapping(root))
		return 0;
	rc = visit_meta(rctx, alint_node_get(root, "metadata"), "label",
			"annotation", fn);
	if (rc < 0)
		return rc;

	tmpl = pod_template(res);
	if (tmpl != NULL && tmpl != root) {
		rc = visit_meta(rctx, alint_node_get(tmpl, "metadata"),
				"pod template label", "pod template annotation",
				fn);
		if (rc < 0)
			return rc;
	}
	if (kind_is(res, "CronJob")) {
		n = alint_node_path(root, "spec", "jobTemplate", "metadata",
				    NULL);
		rc = visit_meta(rctx, n, "job template label",
				"job template annotation", fn);
		if (rc < 0)
			return rc;
	}
	if (kind_is(res, "StatefulSet")) {
		n = alint_node_path(root, "spec", "volumeClaimTemplates", NULL);
		if (n != NULL && alint_node_kind(n) == ALINT_NODE_SEQUENCE) {
			for (c = alint_node_first(n); c != NULL;
			     c = alint_node_next(c)) {
				if (!is_mapping(c))
					continue;
				rc = visit_meta(rctx,
					alint_node_get(c, "metadata"),
					"volume claim template label",
					"volume claim template annotation", fn);
				if (rc < 0)
					return rc;
			}
		}
	}

	/* selectors that are plain label maps */
	spec = alint_node_get(root, "spec");
	if (!is_mapping(spec))
		return 0;
	if (kind_is(res, "Service") || kind_is(res, "ReplicationController") ||
	    (kind_is(res, "Gateway") &&
	     strcmp(alint_resource_group(res), "networking.istio.io") == 0)) {
		rc = visit_map(rctx, alint_node_get(spec, "selector"),
			       "selector label", fn);
		if (rc < 0)
			return rc;
	}
	if (tmpl != NULL) {
		n = alint_node_path(tmpl, "spec", "nodeSelector", NULL);
		rc = visit_map(rctx, n, "nodeSelector label", fn);
		if (rc < 0)
			return rc;
	}
	/* a CRD's schema describes matchLabels, it does not hold one */
	if (kind_is(res, "CustomResourceDefinition"))
		return 0;
	return visit_selectors(rctx, spec, fn);
}

static const char *y11_noun(enum alint_y11_type t)
{
	switch (t) {
	case ALINT_Y11_BOOL:
		return "a boolean";
	case ALINT_Y11_INT:
		return "an integer";
	case ALINT_Y11_FLOAT:
		return "a floating-point number";
	case ALINT_Y11_NULL:
		return "null";
	case ALINT_Y11_STR:
		break;
	}
	return "a string";
}

static bool is_merge_key(const struct alint_node *k)
{
	return alint_node_style(k) == ALINT_STYLE_PLAIN &&
	       alint_node_equals(k, "<<");
}

/* ---- AL1001 label-value-not-string ------------------------------------ */

/*
 * A Helm or Go template placeholder such as {{ .Values.tag }} parses as a
 * flow mapping whose key is itself a flow mapping; AL0008 reports the
 * file, and "the value is a mapping" would only confuse.
 */
static bool template_placeholder(const struct alint_node *n)
{
	const struct alint_node *k;

	if (!is_mapping(n) || alint_node_style(n) != ALINT_STYLE_FLOW)
		return false;
	k = alint_node_first(n);
	return k != NULL && alint_node_kind(k) == ALINT_NODE_MAPPING &&
	       alint_node_style(k) == ALINT_STYLE_FLOW;
}

/*
 * The fix of AL1001: the value written in double quotes, its text kept
 * exactly (true becomes "true", 1.10 "1.10"), so that kubectl reads the
 * string that was written. A null (~, null, or nothing) becomes "": the
 * API server stores a null map value as the empty string, so "" keeps
 * the object as it was applied. Only a plain scalar written in place
 * gets a fix (not an alias, whose anchor may serve elsewhere).
 */
static int quote_value(struct alint_finding *f, const struct alint_node *v)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *val;
	char *q;
	size_t len, i, n = 0;
	unsigned char ch;
	int rc;

	if (f == NULL || alint_node_kind(v) != ALINT_NODE_SCALAR)
		return 0;
	val = alint_node_value(v, &len);
	if (alint_node_y11(v) == ALINT_Y11_NULL)
		len = 0;
	q = malloc(len * 4 + 3);
	if (q == NULL)
		return ALINT_ENOMEM;
	q[n++] = '"';
	for (i = 0; i < len; i++) {
		ch = (unsigned char)val[i];
		if (ch == '"' || ch == '\\') {
			q[n++] = '\\';
			q[n++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			q[n++] = '\\';
			q[n++] = 'x';
			q[n++] = hex[ch >> 4];
			q[n++] = hex[ch & 15];
		} else {
			q[n++] = (char)ch;
		}
	}
	q[n++] = '"';
	q[n] = '\0';
	rc = alint_finding_fix(f, ALINT_FIX_SAFE, "quote the value");
	if (rc == 0)
		rc = alint_fix_replace_value(f, v, q);
	free(q);
	return rc == ALINT_ENOMEM ? rc : 0;
}

static int check_values(struct alint_rule_ctx *rctx,
			const struct alint_node *map, const char *what)
{
	const struct alint_node *k, *v, *t;
	struct alint_finding *f;
	const char *key, *val;
	size_t klen, vlen;
	enum alint_y11_type y;
	int rc;

	for (k = alint_node_first(map); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		if (alint_node_kind(k) != ALINT_NODE_SCALAR || is_merge_key(k))
			continue;
		key = alint_node_value(k, &klen);
		t = v;
		if (alint_node_kind(v) == ALINT_NODE_ALIAS) {
			t = alint_node_deref(v);
			if (t == NULL)	/* unknown anchor: a parse issue */
				continue;
		}
		if (template_placeholder(t))
			continue;
		if (alint_node_kind(t) != ALINT_NODE_SCALAR) {
			alint_rule_report(rctx, v,
				"%s %.*s has a %s as its value, not a string: "
				"the API server rejects the whole object, so "
				"it is never applied or migrated",
				what, msg_len(klen), key,
				alint_node_kind(t) == ALINT_NODE_MAPPING ?
				"mapping" : "sequence");
			continue;
		}
		if (alint_node_style(t) != ALINT_STYLE_PLAIN)
			continue;
		y = alint_node_y11(t);
		if (y == ALINT_Y11_STR)
			continue;
		val = alint_node_value(t, &vlen);
		if (y == ALINT_Y11_NULL && vlen == 0)
			f = alint_rule_report(rctx,
				alint_node_end(v) > alint_node_start(v) ? v : k,
				"%s %.*s has an empty value, which kubectl "
				"reads as null, not a string: the value is not "
				"stored as written; write \"\" for an empty "
				"value", what, msg_len(klen), key);
		else if (y == ALINT_Y11_NULL)
			f = alint_rule_report(rctx, v,
				"%s %.*s has the value %.*s, which kubectl "
				"reads as null, not a string: the value is not "
				"stored as written; write \"\" for an empty "
				"value", what, msg_len(klen), key,
				msg_len(vlen), val);
		else
			f = alint_rule_report(rctx, v,
				"%s %.*s has the unquoted value %.*s, which "
				"kubectl reads as %s, not a string: the API "
				"server rejects the whole object, so it is "
				"never applied or migrated; write \"%.*s\"",
				what, msg_len(klen), key, msg_len(vlen), val,
				y11_noun(y), msg_len(vlen), val);
		rc = quote_value(f, v);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_label_values(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res, void *payload)
{
	return foreach_label_map(rctx, res, check_values);
}

const struct alint_rule alint__rule_label_value_not_string = {
	.version = ALINT_RULE_VERSION,
	.id = "AL1001",
	.name = "label-value-not-string",
	.severity = ALINT_SEV_ERROR,
	.flags = 0,
	.summary = "label or annotation value that kubectl does not read as "
		"a string",
	.doc =
	"Label and annotation values are strings in the Kubernetes API. "
	"kubectl does not read a manifest the way YAML 1.2 tools do: it "
	"converts the YAML to JSON with go-yaml's YAML 1.1 rules first, and "
	"only then is the JSON decoded into the typed object. An unquoted "
	"value that YAML 1.1 resolves to something other than a string "
	"becomes a JSON boolean, number or null, and the API server rejects "
	"the whole object: \"json: cannot unmarshal bool into Go struct "
	"field ObjectMeta.metadata.annotations of type string\".\n"
	"\n"
	"Plain scalars that are not strings under YAML 1.1 include true and "
	"false, and also yes, no, on, off, y and n in their lower, "
	"capitalised and upper case forms; integers such as 1, 010 (octal, "
	"so 8), 0x1F, 1_000 and +12; floating-point numbers such as 1.10 "
	"(read as 1.1: a version label loses its last digit), 1e3 and .inf; "
	"and the nulls ~, null and an empty value. A null is never stored "
	"as written. Quoted values (\"false\", '1.10') and block scalars are "
	"always strings.\n"
	"\n"
	"During a migration this hides in plain sight: sidecar.istio.io/"
	"inject: false without quotes is a common sight in Helm values and "
	"copied snippets, and tools that read YAML 1.2 (most linters and "
	"editors) see the string \"false\". The object is rejected, so "
	"neither the old setting nor its ambient replacement is ever "
	"applied. The rules that read these keys (AL2003, AL2004) still "
	"recognise such a value, and this rule reports its type.\n"
	"\n"
	"The rule checks the labels and annotations of the object, of its "
	"pod template (spec.template, or spec.jobTemplate.spec.template of "
	"a CronJob), of a CronJob's job template and of a StatefulSet's "
	"volume claim templates; and the label maps of selectors: "
	"matchLabels anywhere under spec, the selector of a Service, "
	"ReplicationController or Istio Gateway, workloadSelector.labels and "
	"the nodeSelector of the pod. A value that is itself a mapping or a "
	"sequence is reported too, unless it is a template placeholder such "
	"as {{ .Values.tag }} (AL0008 reports those files). Merge keys (<<) "
	"are not followed. The "
	"finding points at the value (at the key when the value is empty). "
	"Quote the value. Keys are checked by AL1002.\n"
	"\n"
	"The fix (safe) writes the value in double quotes with its text "
	"kept: true becomes \"true\", 1.10 becomes \"1.10\". A null (~, null "
	"or an empty value) becomes \"\", which is what the API server "
	"stores for a null map value. Values that are mappings, sequences "
	"or aliases get no fix.",
	.kinds = NULL,
	.check = check_label_values,
	.example_bad =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"
	"        version: 1.10\n"
	"      annotations:\n"
	"        sidecar.istio.io/inject: false\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reviews\n"
	"        image: registry.example.com/bookstore/reviews:1.10.2\n",
	.example_good =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: reviews\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: reviews\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: reviews\n"
	"        version: \"1.10\"\n"
	"      annotations:\n"
	"        sidecar.istio.io/inject: \"false\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: reviews\n"
	"        image: registry.example.com/bookstore/reviews:1.10.2\n",
	.phase = ALINT_PHASE_NONE,
};

/* ---- AL1002 label-key-not-string -------------------------------------- */

/* Whether a plain scalar is a canonical decimal integer ("0", "-42"). */
static bool canonical_int(const char *s, size_t len)
{
	size_t i = 0;

	if (len > 0 && s[0] == '-')
		i = 1;
	if (i == len || len - i > 18)
		return false;
	if (s[i] == '0')
		return len - i == 1;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The text a YAML 1.1 boolean key becomes: "true" or "false". */
static const char *bool_text(const char *s, size_t len)
{
	static const char *const yes[] = {
		"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
		"on", "On", "ON", NULL
	};
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (strlen(yes[i]) == len && memcmp(yes[i], s, len) == 0)
			return "true";
	return "false";
}

/*
 * The decimal text of a YAML 1.1 integer key, as Go's ParseInt(s, 0, 64)
 * gives it after go-yaml removed the underscores. 0 when it cannot be
 * worked out here (the message is then less precise).
 */
static int int_text(char *out, size_t outsz, const char *s, size_t len)
{
	char buf[72];
	const char *p;
	char *end;
	size_t i, n = 0;
	int base = 10;
	bool neg = false;
	unsigned long long v;

	for (i = 0; i < len && n + 1 < sizeof(buf); i++)
		if (s[i] != '_')
			buf[n++] = s[i];
	if (i < len || n == 0)
		return 0;
	buf[n] = '\0';
	p = buf;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) {
		base = 8;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
		base = 2;
		p += 2;
	} else if (p[0] == '0' && p[1] != '\0') {
		base = 8;
		p += 1;
	}
	if (*p == '\0' || *p == '+' || *p == '-')
		return 0;
	v = strtoull(p, &end, base);
	if (*end != '\0' || v > 9223372036854775807ULL)
		return 0;
	if (v == 0)
		neg = false;
	snprintf(out, outsz, "%s%llu", neg ? "-" : "", v);
	return 1;
}

static int check_keys(struct alint_rule_ctx *rctx,
		      const struct alint_node *map, const char *what)
{
	const struct alint_node *k, *v;
	const char *key;
	size_t klen;
	enum alint_y11_type y;
	char conv[80];

	for (k = alint_node_first(map); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (alint_node_kind(k) != ALINT_NODE_SCALAR ||
		    alint_node_style(k) != ALINT_STYLE_PLAIN || is_merge_key(k))
			goto next;
		y = alint_node_y11(k);
		key = alint_node_value(k, &klen);
		switch (y) {
		case ALINT_Y11_STR:
			break;
		case ALINT_Y11_BOOL:
			if ((klen == 4 && memcmp(key, "true", 4) == 0) ||
			    (klen == 5 && memcmp(key, "false", 5) == 0))
				break;
			alint_rule_report(rctx, k,
				"%s key %.*s is read by kubectl as a boolean "
				"and silently becomes \"%s\": the object gets "
				"a different key than the one written; quote "
				"it: \"%.*s\"",
				what, msg_len(klen), key,
				bool_text(key, klen), msg_len(klen), key);
			break;
		case ALINT_Y11_INT:
			if (canonical_int(key, klen))
				break;
			if (int_text(conv, sizeof(conv), key, klen)) {
				alint_rule_report(rctx, k,
					"%s key %.*s is read by kubectl as an "
					"integer and silently becomes \"%s\": "
					"the object gets a different key than "
					"the one written; quote it: \"%.*s\"",
					what, msg_len(klen), key, conv,
					msg_len(klen), key);
				break;
			}
			/* fall through */
		case ALINT_Y11_FLOAT:
			alint_rule_report(rctx, k,
				"%s key %.*s is read by kubectl as %s and "
				"converted back to text, which need not be the "
				"text written (1.10 becomes \"1.1\"); quote "
				"it: \"%.*s\"",
				what, msg_len(klen), key, y11_noun(y),
				msg_len(klen), key);
			break;
		case ALINT_Y11_NULL:
			alint_rule_report(rctx, k,
				"%s key %.*s is read by kubectl as null, "
				"which cannot be a JSON key: kubectl rejects "
				"the object; quote it: \"%.*s\"",
				what, msg_len(klen), key, msg_len(klen), key);
			break;
		}
next:
		if (v == NULL)
			break;
	}
	return 0;
}

static int check_label_keys(struct alint_rule_ctx *rctx,
			    const struct alint_resource *res, void *payload)
{
	return foreach_label_map(rctx, res, check_keys);
}

const struct alint_rule alint__rule_label_key_not_string = {
	.version = ALINT_RULE_VERSION,
	.id = "AL1002",
	.name = "label-key-not-string",
	.severity = ALINT_SEV_WARNING,
	.flags = 0,
	.summary = "label or annotation key that kubectl silently rewrites",
	.doc =
	"The keys of label, annotation and selector maps are typed by the "
	"same YAML 1.1 rules as their values (see AL1001). When kubectl "
	"converts the manifest to JSON it turns a key that is not a string "
	"back into text, but not necessarily into the text that was "
	"written: on, yes and y become \"true\"; off, no and n become "
	"\"false\" (the country code NO is the classic case); 010 becomes "
	"\"8\", 0x1F \"31\", and 1.10 \"1.1\".\n"
	"\n"
	"The object is accepted, with a label or annotation that is not "
	"the one in the file. Selectors, policies, waypoint and migration "
	"tooling that look for the written key do not find it, and nothing "
	"reports the difference. A null key (~) cannot become a JSON key at "
	"all, and kubectl rejects the object.\n"
	"\n"
	"Keys that convert to their own text (true, false, 42) are not "
	"reported. The rule checks the same maps as AL1001 and points at "
	"the key. Quote the key.",
	.kinds = NULL,
	.check = check_label_keys,
	.example_bad =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: storefront\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: storefront\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: storefront\n"
	"        SE: \"enabled\"\n"
	"        NO: \"enabled\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: storefront\n"
	"        image: registry.example.com/bookstore/storefront:2.3.0\n",
	.example_good =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: storefront\n"
	"  namespace: bookstore\n"
	"spec:\n"
	"  selector:\n"
	"    matchLabels:\n"
	"      app: storefront\n"
	"  template:\n"
	"    metadata:\n"
	"      labels:\n"
	"        app: storefront\n"
	"        SE: \"enabled\"\n"
	"        \"NO\": \"enabled\"\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: storefront\n"
	"        image: registry.example.com/bookstore/storefront:2.3.0\n",
	.phase = ALINT_PHASE_NONE,
};
