/*
 * authz.h - what ztunnel makes of an AuthorizationPolicy, and which policy
 * resources need a waypoint in ambient mode
 *
 * istiod translates the spec of every selector, namespace-wide or
 * mesh-wide AuthorizationPolicy for ztunnel (istio-ambient.md §3.2): L4
 * attributes are kept, L7 ("HTTP") attributes are not. In an ALLOW policy
 * a rule with an L7 attribute is dropped whole; in a DENY policy the L7
 * attributes are dropped and the rest is enforced, and a rule left with a
 * clause (the to list, the from list, each when) holding nothing L4 never
 * matches. CUSTOM and AUDIT policies are not sent at all.
 */
#ifndef ALINT_RULES_AUTHZ_H
#define ALINT_RULES_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>

#include <ambientlint/rule.h>

/*
 * What ztunnel does with an AuthorizationPolicy's spec
 * (istio-ambient.md §3.2).
 */
enum authz_ztunnel {
	/* enforced as written (ALLOW/DENY, L4 fields only) */
	AUTHZ_L4 = 0,
	/* ALLOW with rules holding L7 attributes: those rules are dropped */
	AUTHZ_ALLOW_L7,
	/* DENY enforced without its L7 attributes: broader */
	AUTHZ_DENY_BROADER,
	/*
	 * DENY of which no rule with L7 attributes can match at ztunnel:
	 * fail-open for them (the whole policy when every rule is such)
	 */
	AUTHZ_DENY_NOOP,
	/* CUSTOM or AUDIT: not sent to ztunnel */
	AUTHZ_NOT_SENT
};

enum authz_ztunnel authz_classify(const struct alint_node *spec);

/*
 * Whether a policy resource (AuthorizationPolicy, RequestAuthentication,
 * WasmPlugin, Telemetry) with a selector or namespace-wide scope needs a
 * waypoint to keep working once its workloads are in ambient mode (L7 or
 * CUSTOM/AUDIT AuthorizationPolicy; any RequestAuthentication,
 * WasmPlugin; selector Telemetry), or already has targetRefs/targetRef
 * (it is a waypoint policy).
 */
bool authz_needs_waypoint(const struct alint_resource *res);

/* ---- details, for messages --------------------------------------------- */

enum authz_action {
	AUTHZ_ACTION_ALLOW = 0,	/* also when action is absent */
	AUTHZ_ACTION_DENY,
	AUTHZ_ACTION_CUSTOM,
	AUTHZ_ACTION_AUDIT,
	AUTHZ_ACTION_OTHER	/* a value Istio rejects */
};

enum authz_action authz_action(const struct alint_node *spec);

/* How an attribute (a field of source or operation, or a when key) fares. */
enum authz_attr {
	AUTHZ_ATTR_L4 = 0,	/* translated for ztunnel */
	AUTHZ_ATTR_L7,		/* HTTP: not translated, flagged */
	AUTHZ_ATTR_NEVER,	/* trustDomains: not translated, not flagged */
	AUTHZ_ATTR_UNKNOWN	/* not an attribute of the API */
};

/* Class of a field of from[].source ("principals", "remoteIpBlocks"...). */
enum authz_attr authz_source_field(const char *name, size_t len);
/* Class of a field of to[].operation ("ports", "methods"...). */
enum authz_attr authz_operation_field(const char *name, size_t len);
/* Class of a when key ("source.ip", "request.headers[x-user]"...). */
enum authz_attr authz_when_key(const char *key, size_t len);

/* One rule of spec.rules as ztunnel sees it. */
struct authz_rule_info {
	const struct alint_node *rule;	/* the rules[i] mapping */
	size_t nl7;			/* L7 attributes in it */
	const struct alint_node *first_l7;	/* key (or when key) node */
	/*
	 * After the L7 attributes are dropped, a clause (the to list, the
	 * from list, one when entry) is left with nothing L4: the rule never
	 * matches at ztunnel.
	 */
	bool never_matches;
	size_t ntrust;			/* trustDomains, notTrustDomains */
	const struct alint_node *first_trust;	/* key node */
};

/*
 * Describe rules[i] of spec; false when there is no such rule mapping.
 */
bool authz_rule_info(const struct alint_node *spec, size_t i,
		     struct authz_rule_info *info);

/*
 * Call fn for each L7 attribute of spec (the key node of a source or
 * operation field, or the key value node of a when entry), with the index
 * of its rule. Stops when fn returns non-zero and returns that value.
 */
int authz_for_each_l7(const struct alint_node *spec,
		      int (*fn)(const struct alint_node *attr, size_t rule,
				void *arg),
		      void *arg);

/*
 * Write into buf what the L4 part of a rule matches once its L7
 * attributes are dropped ("traffic to port 8080 from namespace legacy",
 * "all traffic"). Returns buf.
 */
const char *authz_l4_text(const struct alint_node *rule, char *buf,
			  size_t len);

#endif /* ALINT_RULES_AUTHZ_H */
