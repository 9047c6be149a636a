/*
 * test-authz.c - the AuthorizationPolicy classifier of rules/authz.c
 *
 * Each case is the spec of a policy, classified as istiod translates it
 * for ztunnel (istio-ambient.md §3.2): the field table, the clause rule
 * for DENY (a clause with nothing L4 left never matches), the action.
 */
#include <config.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <ambientlint.h>
#include <ambientlint/rule.h>

#include "internal.h"
#include "../rules/authz.h"

/* Parse one document and return its spec mapping (src to free). */
static const struct alint_node *spec_of(struct alint_source **src,
					const char *yaml)
{
	size_t len = strlen(yaml);
	char *copy = malloc(len + 1);
	const struct alint_node *spec;

	assert_non_null(copy);
	memcpy(copy, yaml, len + 1);
	assert_int_equal(alint__source_new(src, "test.yaml", copy, len), 0);
	assert_false((*src)->fatal);
	assert_true((*src)->ndocs >= 1);
	spec = alint_node_get((*src)->docs[0].root, "spec");
	assert_non_null(spec);
	return spec;
}

static enum authz_ztunnel classify(const char *yaml)
{
	struct alint_source *src = NULL;
	enum authz_ztunnel c = authz_classify(spec_of(&src, yaml));

	alint__source_free(src);
	return c;
}

static void test_l4(void **state)
{
	(void)state;
	/* the migration guide's L4 policy (migrate-policies--04.yaml) */
	assert_int_equal(classify(
		"spec:\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app: reviews\n"
		"  action: ALLOW\n"
		"  rules:\n"
		"  - from:\n"
		"    - source:\n"
		"        principals:\n"
		"        - \"cluster.local/ns/bookinfo/sa/productpage\"\n"),
		AUTHZ_L4);
	/* every L4 field and the five L4 when keys */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - from:\n"
		"    - source:\n"
		"        notPrincipals: [\"a\"]\n"
		"        namespaces: [\"b\"]\n"
		"        notNamespaces: [\"c\"]\n"
		"        serviceAccounts: [\"d\"]\n"
		"        notServiceAccounts: [\"e\"]\n"
		"        ipBlocks: [\"10.0.0.0/8\"]\n"
		"        notIpBlocks: [\"10.1.0.0/16\"]\n"
		"    to:\n"
		"    - operation:\n"
		"        ports: [\"8080\"]\n"
		"        notPorts: [\"9090\"]\n"
		"    when:\n"
		"    - key: source.ip\n"
		"      values: [\"10.0.0.1\"]\n"
		"    - key: source.namespace\n"
		"      values: [\"b\"]\n"
		"    - key: source.principal\n"
		"      notValues: [\"x\"]\n"
		"    - key: destination.ip\n"
		"      values: [\"10.0.0.2\"]\n"
		"    - key: destination.port\n"
		"      values: [\"8080\"]\n"),
		AUTHZ_L4);
	/* the waypoint-bypass guard (migrate-policies--07.yaml) */
	assert_int_equal(classify(
		"spec:\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app: reviews\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - from:\n"
		"    - source:\n"
		"        notPrincipals:\n"
		"        - \"cluster.local/ns/bookinfo/sa/waypoint\"\n"),
		AUTHZ_L4);
	/* match-all, match-nothing, empty L7 lists */
	assert_int_equal(classify("spec:\n  rules:\n  - {}\n"), AUTHZ_L4);
	assert_int_equal(classify("spec:\n  action: DENY\n"), AUTHZ_L4);
	assert_int_equal(classify("spec:\n  action: DENY\n  rules: []\n"),
			 AUTHZ_L4);
	assert_int_equal(classify(
		"spec:\n"
		"  rules:\n"
		"  - to:\n"
		"    - operation: {methods: [], ports: [\"80\"]}\n"),
		AUTHZ_L4);
}

static void test_allow_l7(void **state)
{
	static const char *const l7[] = {
		"to: [{operation: {hosts: [a.example.com]}}]",
		"to: [{operation: {notHosts: [a.example.com]}}]",
		"to: [{operation: {methods: [GET]}}]",
		"to: [{operation: {notMethods: [GET]}}]",
		"to: [{operation: {paths: [/a]}}]",
		"to: [{operation: {notPaths: [/a]}}]",
		"from: [{source: {remoteIpBlocks: [1.2.3.4]}}]",
		"from: [{source: {notRemoteIpBlocks: [1.2.3.4]}}]",
		"from: [{source: {requestPrincipals: [\"*\"]}}]",
		"from: [{source: {notRequestPrincipals: [\"*\"]}}]",
		"when: [{key: \"request.headers[x-user]\", values: [a]}]",
		"when: [{key: \"request.auth.claims[iss]\", values: [a]}]",
		"when: [{key: remote.ip, values: [1.2.3.4]}]",
		"when: [{key: source.serviceAccount, values: [a]}]",
		"when: [{key: connection.sni, values: [a]}]",
		NULL
	};
	char yaml[512];
	size_t i;

	(void)state;
	for (i = 0; l7[i] != NULL; i++) {
		snprintf(yaml, sizeof(yaml), "spec:\n  rules:\n  - %s\n",
			 l7[i]);
		if (classify(yaml) != AUTHZ_ALLOW_L7)
			fail_msg("not L7: %s", l7[i]);
		snprintf(yaml, sizeof(yaml),
			 "spec:\n  action: DENY\n  rules:\n  - %s\n", l7[i]);
		if (classify(yaml) != AUTHZ_DENY_NOOP)
			fail_msg("DENY not a no-op: %s", l7[i]);
	}
	/* migrate-policies--05.yaml */
	assert_int_equal(classify(
		"spec:\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app: reviews\n"
		"  action: ALLOW\n"
		"  rules:\n"
		"  - to:\n"
		"    - operation:\n"
		"        methods: [\"GET\"]\n"), AUTHZ_ALLOW_L7);
	/* one L7 rule among L4 ones is enough */
	assert_int_equal(classify(
		"spec:\n"
		"  rules:\n"
		"  - from: [{source: {namespaces: [a]}}]\n"
		"  - to: [{operation: {ports: [\"80\"], paths: [/x]}}]\n"),
		AUTHZ_ALLOW_L7);
}

static void test_deny(void **state)
{
	(void)state;
	/* istio-ambient.md's example: methods + ports -> all of port 8080 */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to:\n"
		"    - operation:\n"
		"        methods: [\"POST\"]\n"
		"        ports: [\"8080\"]\n"), AUTHZ_DENY_BROADER);
	/* an L7-only entry next to an L4 one: the clause still matches */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to:\n"
		"    - operation: {methods: [POST]}\n"
		"    - operation: {ports: [\"9090\"]}\n"), AUTHZ_DENY_BROADER);
	/* an L4 to clause, an L7-only from clause: never matches */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to: [{operation: {ports: [\"8080\"]}}]\n"
		"    from: [{source: {requestPrincipals: [\"*\"]}}]\n"),
		AUTHZ_DENY_NOOP);
	/* an HTTP when clause sinks the rule however L4 the rest is */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to: [{operation: {ports: [\"8080\"]}}]\n"
		"    when:\n"
		"    - {key: \"request.auth.claims[role]\", values: [x]}\n"),
		AUTHZ_DENY_NOOP);
	/* an L4 when next to HTTP fields: broader */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to: [{operation: {paths: [/admin], ports: [\"80\"]}}]\n"
		"    when: [{key: source.ip, values: [10.0.0.1]}]\n"),
		AUTHZ_DENY_BROADER);
	/* non-numeric ports are dropped: nothing L4 is left */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to: [{operation: {ports: [http], methods: [POST]}}]\n"),
		AUTHZ_DENY_NOOP);
	/* a no-op rule and a broader one: broader wins */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to: [{operation: {paths: [/a]}}]\n"
		"  - to: [{operation: {paths: [/b], ports: [\"80\"]}}]\n"),
		AUTHZ_DENY_BROADER);
	/* a no-op HTTP rule next to a pure L4 rule */
	assert_int_equal(classify(
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - to: [{operation: {paths: [/a]}}]\n"
		"  - from: [{source: {namespaces: [legacy]}}]\n"),
		AUTHZ_DENY_NOOP);
}

static void test_action(void **state)
{
	(void)state;
	assert_int_equal(classify("spec:\n  action: CUSTOM\n"
				  "  provider: {name: opa}\n"
				  "  rules: [{}]\n"), AUTHZ_NOT_SENT);
	assert_int_equal(classify("spec:\n  action: AUDIT\n"
				  "  rules: [{to: [{operation: "
				  "{ports: [\"80\"]}}]}]\n"), AUTHZ_NOT_SENT);
	assert_int_equal(classify("spec:\n  action: \"DENY\"\n"
				  "  rules: [{to: [{operation: "
				  "{methods: [GET], ports: [\"1\"]}}]}]\n"),
			 AUTHZ_DENY_BROADER);
}

static void test_rule_info(void **state)
{
	struct alint_source *src = NULL;
	const struct alint_node *spec;
	struct authz_rule_info ri;
	char buf[200];

	(void)state;
	spec = spec_of(&src,
		"spec:\n"
		"  action: DENY\n"
		"  rules:\n"
		"  - from:\n"
		"    - source:\n"
		"        trustDomains: [\"partner.example.com\"]\n"
		"  - from:\n"
		"    - source:\n"
		"        notNamespaces: [\"bookstore\"]\n"
		"        principals: [a, b, c, d]\n"
		"    to:\n"
		"    - operation:\n"
		"        methods: [\"POST\"]\n"
		"        ports: [\"9080\"]\n"
		"  - {}\n");
	assert_true(authz_rule_info(spec, 0, &ri));
	assert_int_equal(ri.nl7, 0);
	assert_int_equal(ri.ntrust, 1);
	assert_true(ri.never_matches);
	assert_true(alint_node_equals(ri.first_trust, "trustDomains"));
	assert_true(authz_rule_info(spec, 1, &ri));
	assert_int_equal(ri.nl7, 1);
	assert_false(ri.never_matches);
	assert_true(alint_node_equals(ri.first_l7, "methods"));
	assert_string_equal(authz_l4_text(ri.rule, buf, sizeof(buf)),
			    "traffic to port 9080 from principals a, b, c and "
			    "1 more and namespaces other than bookstore");
	assert_true(authz_rule_info(spec, 2, &ri));
	assert_false(ri.never_matches);
	assert_string_equal(authz_l4_text(ri.rule, buf, sizeof(buf)),
			    "all traffic");
	assert_false(authz_rule_info(spec, 3, &ri));
	/* a tiny buffer is cut, never overrun */
	assert_true(authz_rule_info(spec, 1, &ri));
	authz_l4_text(ri.rule, buf, 8);
	assert_string_equal(buf, "traffic");
	alint__source_free(src);
}

static void test_fields(void **state)
{
	(void)state;
	assert_int_equal(authz_when_key("source.ip", 9), AUTHZ_ATTR_L4);
	assert_int_equal(authz_when_key("destination.port", 16),
			 AUTHZ_ATTR_L4);
	assert_int_equal(authz_when_key("source.ipx", 10), AUTHZ_ATTR_L7);
	assert_int_equal(authz_when_key("source.trustDomain", 18),
			 AUTHZ_ATTR_L7);
	assert_int_equal(authz_source_field("trustDomains", 12),
			 AUTHZ_ATTR_NEVER);
	assert_int_equal(authz_source_field("notTrustDomains", 15),
			 AUTHZ_ATTR_NEVER);
	assert_int_equal(authz_source_field("serviceAccounts", 15),
			 AUTHZ_ATTR_L4);
	assert_int_equal(authz_source_field("principal", 9),
			 AUTHZ_ATTR_UNKNOWN);
	assert_int_equal(authz_operation_field("notPorts", 8), AUTHZ_ATTR_L4);
	assert_int_equal(authz_operation_field("hosts", 5), AUTHZ_ATTR_L7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l4),
		cmocka_unit_test(test_allow_l7),
		cmocka_unit_test(test_deny),
		cmocka_unit_test(test_action),
		cmocka_unit_test(test_rule_info),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
