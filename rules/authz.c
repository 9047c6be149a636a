/*
 * authz.c - what ztunnel makes of an AuthorizationPolicy (see authz.h)
 *
 * The field table is istiod's (istio-ambient.md §3.2, from
 * pilot/pkg/serviceregistry/ambient/authorization.go): handleRule keeps
 * ports, principals, namespaces, serviceAccounts, ipBlocks (and their not*
 * forms) and five when keys; anything HTTP is flagged and left out;
 * trustDomains is neither translated nor flagged.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "authz.h"
#include "common.h"

struct field_class {
	const char *name;
	enum authz_attr cls;
};

static const struct field_class source_fields[] = {
	{ "principals", AUTHZ_ATTR_L4 },
	{ "notPrincipals", AUTHZ_ATTR_L4 },
	{ "namespaces", AUTHZ_ATTR_L4 },
	{ "notNamespaces", AUTHZ_ATTR_L4 },
	{ "serviceAccounts", AUTHZ_ATTR_L4 },
	{ "notServiceAccounts", AUTHZ_ATTR_L4 },
	{ "ipBlocks", AUTHZ_ATTR_L4 },
	{ "notIpBlocks", AUTHZ_ATTR_L4 },
	{ "remoteIpBlocks", AUTHZ_ATTR_L7 },
	{ "notRemoteIpBlocks", AUTHZ_ATTR_L7 },
	{ "requestPrincipals", AUTHZ_ATTR_L7 },
	{ "notRequestPrincipals", AUTHZ_ATTR_L7 },
	{ "trustDomains", AUTHZ_ATTR_NEVER },
	{ "notTrustDomains", AUTHZ_ATTR_NEVER },
	{ NULL, AUTHZ_ATTR_UNKNOWN }
};

static const struct field_class operation_fields[] = {
	{ "ports", AUTHZ_ATTR_L4 },
	{ "notPorts", AUTHZ_ATTR_L4 },
	{ "hosts", AUTHZ_ATTR_L7 },
	{ "notHosts", AUTHZ_ATTR_L7 },
	{ "methods", AUTHZ_ATTR_L7 },
	{ "notMethods", AUTHZ_ATTR_L7 },
	{ "paths", AUTHZ_ATTR_L7 },
	{ "notPaths", AUTHZ_ATTR_L7 },
	{ NULL, AUTHZ_ATTR_UNKNOWN }
};

/* l4WhenAttributes */
static const char *const l4_when_keys[] = {
	"source.ip", "source.namespace", "source.principal", "destination.ip",
	"destination.port", NULL
};

static enum authz_attr lookup(const struct field_class *t, const char *name,
			      size_t len)
{
	for (; t->name != NULL; t++)
		if (strlen(t->name) == len && memcmp(t->name, name, len) == 0)
			return t->cls;
	return AUTHZ_ATTR_UNKNOWN;
}

enum authz_attr authz_source_field(const char *name, size_t len)
{
	return lookup(source_fields, name, len);
}

enum authz_attr authz_operation_field(const char *name, size_t len)
{
	return lookup(operation_fields, name, len);
}

enum authz_attr authz_when_key(const char *key, size_t len)
{
	size_t i;

	for (i = 0; l4_when_keys[i] != NULL; i++)
		if (strlen(l4_when_keys[i]) == len &&
		    memcmp(l4_when_keys[i], key, len) == 0)
			return AUTHZ_ATTR_L4;
	return AUTHZ_ATTR_L7;
}

enum authz_action authz_action(const struct alint_node *spec)
{
	const struct alint_node *a = alint_node_get(spec, "action");
	size_t len;

	if (a == NULL || text_of(a, &len) == NULL || len == 0 ||
	    alint_node_y11(a) == ALINT_Y11_NULL || text_is(a, "ALLOW"))
		return AUTHZ_ACTION_ALLOW;
	if (text_is(a, "DENY"))
		return AUTHZ_ACTION_DENY;
	if (text_is(a, "CUSTOM"))
		return AUTHZ_ACTION_CUSTOM;
	if (text_is(a, "AUDIT"))
		return AUTHZ_ACTION_AUDIT;
	return AUTHZ_ACTION_OTHER;
}

/* ---- clauses ----------------------------------------------------------- */

static bool is_digits(const char *t, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	return true;
}

/*
 * Whether a field value is non-empty as istiod sees it (anyNonEmpty): a
 * sequence with items. A port list counts for ztunnel only with a numeric
 * item: stringToPort drops the others.
 */
static bool field_present(const struct alint_node *v, bool ports)
{
	const struct alint_node *it;
	const char *t;
	size_t len;

	if (v != NULL && alint_node_kind(v) == ALINT_NODE_ALIAS)
		v = alint_node_deref(v);
	if (v == NULL || alint_node_kind(v) != ALINT_NODE_SEQUENCE ||
	    alint_node_count(v) == 0)
		return false;
	if (!ports)
		return true;
	for (it = alint_node_first(v); it != NULL; it = alint_node_next(it)) {
		t = text_of(it, &len);
		if (t != NULL && is_digits(t, len))
			return true;
	}
	return false;
}

/*
 * The class of the pair k: v of a source (or operation) mapping when v
 * holds values, else AUTHZ_ATTR_UNKNOWN.
 */
static enum authz_attr present_field(const struct alint_node *k,
				     const struct alint_node *v,
				     bool operation)
{
	enum authz_attr cls;
	const char *t;
	size_t len;

	t = text_of(k, &len);
	if (t == NULL)
		return AUTHZ_ATTR_UNKNOWN;
	cls = operation ? authz_operation_field(t, len) :
		authz_source_field(t, len);
	return field_present(v, cls == AUTHZ_ATTR_L4 && operation) ? cls :
		AUTHZ_ATTR_UNKNOWN;
}

/* Counts of one source or operation mapping. */
struct entry_count {
	size_t l4, l7, trust;
	const struct alint_node *first_l7, *first_trust;
};

static void count_entry(const struct alint_node *m, bool operation,
			struct entry_count *c)
{
	const struct alint_node *k, *v;

	memset(c, 0, sizeof(*c));
	if (!is_mapping(m))
		return;
	for (k = alint_node_first(m); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		switch (present_field(k, v, operation)) {
		case AUTHZ_ATTR_L4:
			c->l4++;
			break;
		case AUTHZ_ATTR_L7:
			if (c->first_l7 == NULL)
				c->first_l7 = k;
			c->l7++;
			break;
		case AUTHZ_ATTR_NEVER:
			if (c->first_trust == NULL)
				c->first_trust = k;
			c->trust++;
			break;
		default:
			break;
		}
	}
}

/* Whether a when entry has values or notValues. */
static bool when_has_values(const struct alint_node *w)
{
	return field_present(alint_node_get(w, "values"), false) ||
		field_present(alint_node_get(w, "notValues"), false);
}

/*
 * Walk the to or from list of a rule: add its L7 and trustDomains fields
 * to info; return whether the clause exists (a non-empty list) and holds
 * nothing L4.
 */
static bool list_clause(const struct alint_node *rule, const char *list,
			const char *inner, bool operation,
			struct authz_rule_info *info)
{
	const struct alint_node *seq = seq_get(rule, list), *it;
	struct entry_count c;
	size_t l4 = 0;

	if (seq == NULL || alint_node_count(seq) == 0)
		return false;
	for (it = alint_node_first(seq); it != NULL;
	     it = alint_node_next(it)) {
		if (alint_node_kind(it) == ALINT_NODE_ALIAS)
			it = alint_node_deref(it);
		count_entry(map_get(it, inner), operation, &c);
		l4 += c.l4;
		info->nl7 += c.l7;
		if (info->first_l7 == NULL)
			info->first_l7 = c.first_l7;
		info->ntrust += c.trust;
		if (info->first_trust == NULL)
			info->first_trust = c.first_trust;
	}
	return l4 == 0;
}

bool authz_rule_info(const struct alint_node *spec, size_t i,
		     struct authz_rule_info *info)
{
	const struct alint_node *rule, *w, *key;
	const char *t;
	size_t len;
	bool never = false;

	memset(info, 0, sizeof(*info));
	rule = alint_node_item(seq_get(spec, "rules"), i);
	if (rule != NULL && alint_node_kind(rule) == ALINT_NODE_ALIAS)
		rule = alint_node_deref(rule);
	if (!is_mapping(rule))
		return false;
	info->rule = rule;
	if (list_clause(rule, "to", "operation", true, info))
		never = true;
	if (list_clause(rule, "from", "source", false, info))
		never = true;
	for (w = alint_node_first(seq_get(rule, "when")); w != NULL;
	     w = alint_node_next(w)) {
		const struct alint_node *m = w;

		if (alint_node_kind(m) == ALINT_NODE_ALIAS)
			m = alint_node_deref(m);
		key = alint_node_get(m, "key");
		t = text_of(key, &len);
		if (t == NULL)
			continue;
		if (authz_when_key(t, len) == AUTHZ_ATTR_L7) {
			info->nl7++;
			if (info->first_l7 == NULL)
				info->first_l7 = key;
			never = true;
		} else if (!when_has_values(m)) {
			never = true;
		}
	}
	info->never_matches = never;
	return true;
}

enum authz_ztunnel authz_classify(const struct alint_node *spec)
{
	struct authz_rule_info ri;
	size_t i, n, l7_rules = 0, l7_matching = 0;
	enum authz_action act = authz_action(spec);

	if (act == AUTHZ_ACTION_CUSTOM || act == AUTHZ_ACTION_AUDIT)
		return AUTHZ_NOT_SENT;
	n = alint_node_count(seq_get(spec, "rules"));
	for (i = 0; i < n; i++) {
		if (!authz_rule_info(spec, i, &ri) || ri.nl7 == 0)
			continue;
		l7_rules++;
		if (!ri.never_matches)
			l7_matching++;
	}
	if (l7_rules == 0)
		return AUTHZ_L4;
	if (act == AUTHZ_ACTION_DENY)
		return l7_matching > 0 ? AUTHZ_DENY_BROADER : AUTHZ_DENY_NOOP;
	return AUTHZ_ALLOW_L7;
}

bool authz_needs_waypoint(const struct alint_resource *res)
{
	const struct alint_node *spec;
	const char *kind = alint_resource_kind(res);

	spec = map_get(alint_resource_root(res), "spec");
	if (has_target_refs(spec))
		return true;
	if (strcmp(kind, "AuthorizationPolicy") == 0)
		return authz_classify(spec) != AUTHZ_L4;
	if (strcmp(kind, "RequestAuthentication") == 0 ||
	    strcmp(kind, "WasmPlugin") == 0)
		return true;
	if (strcmp(kind, "Telemetry") == 0)
		return alint_node_get(spec, "selector") != NULL;
	return false;
}

/* Call fn for the L7 fields of one source or operation mapping. */
static int l7_fields(const struct alint_node *m, bool operation, size_t rule,
		     int (*fn)(const struct alint_node *attr, size_t rule,
			       void *arg),
		     void *arg)
{
	const struct alint_node *k, *v;
	int rc;

	for (k = alint_node_first(m); k != NULL; k = alint_node_next(v)) {
		v = alint_node_next(k);
		if (v == NULL)
			break;
		if (present_field(k, v, operation) != AUTHZ_ATTR_L7)
			continue;
		rc = fn(k, rule, arg);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int authz_for_each_l7(const struct alint_node *spec,
		      int (*fn)(const struct alint_node *attr, size_t rule,
				void *arg),
		      void *arg)
{
	const struct alint_node *rules = seq_get(spec, "rules");
	const struct alint_node *rule, *k, *v, *it, *m, *key;
	const char *t;
	size_t i, len;
	int rc;

	for (i = 0; (rule = alint_node_item(rules, i)) != NULL; i++) {
		if (alint_node_kind(rule) == ALINT_NODE_ALIAS)
			rule = alint_node_deref(rule);
		if (!is_mapping(rule))
			continue;
		/* the clauses in the order the rule writes them */
		for (k = alint_node_first(rule); k != NULL;
		     k = alint_node_next(v)) {
			v = alint_node_next(k);
			if (v == NULL)
				break;
			if (v != NULL && alint_node_kind(v) == ALINT_NODE_ALIAS)
				v = alint_node_deref(v);
			if (v == NULL || alint_node_kind(v) !=
			    ALINT_NODE_SEQUENCE)
				continue;
			for (it = alint_node_first(v); it != NULL;
			     it = alint_node_next(it)) {
				m = it;
				if (alint_node_kind(m) == ALINT_NODE_ALIAS)
					m = alint_node_deref(m);
				rc = 0;
				if (text_is(k, "to")) {
					rc = l7_fields(map_get(m, "operation"),
						       true, i, fn, arg);
				} else if (text_is(k, "from")) {
					rc = l7_fields(map_get(m, "source"),
						       false, i, fn, arg);
				} else if (text_is(k, "when")) {
					key = alint_node_get(m, "key");
					t = text_of(key, &len);
					if (t != NULL &&
					    authz_when_key(t, len) ==
					    AUTHZ_ATTR_L7)
						rc = fn(key, i, arg);
				}
				if (rc != 0)
					return rc;
			}
		}
	}
	return 0;
}

/* ---- text of the L4 remainder ------------------------------------------ */

struct sbuf {
	char *buf;
	size_t len, used;
};

static void sb_add(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->used + 1 >= sb->len)
		return;
	if (n > sb->len - sb->used - 1)
		n = sb->len - sb->used - 1;
	memcpy(sb->buf + sb->used, s, n);
	sb->used += n;
	sb->buf[sb->used] = '\0';
}

static void sb_str(struct sbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

/* Up to three values of a sequence, "8080, 9090 and 2 more". */
static void sb_values(struct sbuf *sb, const struct alint_node *seq, bool ports)
{
	const struct alint_node *it;
	const char *t;
	size_t len, n = 0, total = 0;

	for (it = alint_node_first(seq); it != NULL; it = alint_node_next(it)) {
		t = text_of(it, &len);
		if (t == NULL || (ports && !is_digits(t, len)))
			continue;
		total++;
		if (n == 3)
			continue;
		if (n > 0)
			sb_str(sb, ", ");
		sb_add(sb, t, (size_t)msg_len(len));
		n++;
	}
	if (total > n) {
		char more[32];

		snprintf(more, sizeof(more), " and %zu more", total - n);
		sb_str(sb, more);
	}
}

struct l4_word {
	const char *field;
	const char *one, *many;		/* "port", "ports" */
	const char *prefix;		/* " to ", " from " */
};

static const struct l4_word op_words[] = {
	{ "ports", "port", "ports", " to " },
	{ "notPorts", "ports other than", "ports other than", " to " },
	{ NULL, NULL, NULL, NULL }
};

static const struct l4_word src_words[] = {
	{ "principals", "principal", "principals", " from " },
	{ "notPrincipals", "principals other than", "principals other than",
	  " from " },
	{ "namespaces", "namespace", "namespaces", " from " },
	{ "notNamespaces", "namespaces other than", "namespaces other than",
	  " from " },
	{ "serviceAccounts", "service account", "service accounts", " from " },
	{ "notServiceAccounts", "service accounts other than",
	  "service accounts other than", " from " },
	{ "ipBlocks", "IP block", "IP blocks", " from " },
	{ "notIpBlocks", "IP blocks other than", "IP blocks other than",
	  " from " },
	{ NULL, NULL, NULL, NULL }
};

/* The first entry of a to or from list that holds L4 fields, described. */
static void sb_clause(struct sbuf *sb, const struct alint_node *rule,
		      const char *list, const char *inner,
		      const struct l4_word *words, size_t *parts)
{
	const struct alint_node *seq = seq_get(rule, list), *it, *m, *v;
	const struct l4_word *w;
	bool ports = words == op_words, any, first_entry = true;
	size_t n;

	for (it = alint_node_first(seq); it != NULL; it = alint_node_next(it)) {
		if (alint_node_kind(it) == ALINT_NODE_ALIAS)
			it = alint_node_deref(it);
		m = map_get(it, inner);
		any = false;
		for (w = words; w->field != NULL; w++) {
			v = alint_node_get(m, w->field);
			if (v != NULL && alint_node_kind(v) == ALINT_NODE_ALIAS)
				v = alint_node_deref(v);
			if (!field_present(v, ports))
				continue;
			n = alint_node_count(v);
			if (!first_entry && !any)
				sb_str(sb, " or");
			else if (any)
				sb_str(sb, " and");
			sb_str(sb, any || !first_entry ? " " : w->prefix);
			sb_str(sb, n == 1 ? w->one : w->many);
			sb_str(sb, " ");
			sb_values(sb, v, ports);
			any = true;
			(*parts)++;
		}
		if (any)
			first_entry = false;
	}
}

const char *authz_l4_text(const struct alint_node *rule, char *buf,
			  size_t len)
{
	struct sbuf sb = { buf, len, 0 };
	const struct alint_node *w, *key;
	const char *t;
	size_t kl, parts = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	sb_str(&sb, "traffic");
	sb_clause(&sb, rule, "to", "operation", op_words, &parts);
	sb_clause(&sb, rule, "from", "source", src_words, &parts);
	for (w = alint_node_first(seq_get(rule, "when")); w != NULL;
	     w = alint_node_next(w)) {
		key = alint_node_get(w, "key");
		t = text_of(key, &kl);
		if (t == NULL || authz_when_key(t, kl) != AUTHZ_ATTR_L4)
			continue;
		sb_str(&sb, parts == 0 ? " where " : " and where ");
		sb_add(&sb, t, (size_t)msg_len(kl));
		if (field_present(alint_node_get(w, "values"), false)) {
			sb_str(&sb, " is ");
			sb_values(&sb, alint_node_get(w, "values"), false);
		} else {
			sb_str(&sb, " is not ");
			sb_values(&sb, alint_node_get(w, "notValues"), false);
		}
		parts++;
	}
	if (parts == 0)
		snprintf(buf, len, "all traffic");
	return buf;
}
