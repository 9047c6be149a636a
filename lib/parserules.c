/*
 * parserules.c - which rule reports each kind of parse issue
 */
#include <config.h>

#include "internal.h"

const struct alint_rule *
alint__issue_rule(enum alint__issue_kind kind)
{
	switch (kind) {
	case ALINT__ISSUE_SYNTAX:
		return &alint__rule_yaml_syntax;
	case ALINT__ISSUE_DUPLICATE_KEY:
		return &alint__rule_duplicate_key;
	case ALINT__ISSUE_INVALID_UTF8:
		return &alint__rule_invalid_utf8;
	case ALINT__ISSUE_DEPTH:
		return &alint__rule_nesting_too_deep;
	case ALINT__ISSUE_LINE_BREAK:
		return &alint__rule_yaml11_line_break;
	case ALINT__ISSUE_KUBECTL:
		return &alint__rule_kubectl_rejects;
	case ALINT__ISSUE_NUL:
		return &alint__rule_binary_file;
	case ALINT__ISSUE_TEMPLATE:
		return &alint__rule_template_not_yaml;
	case ALINT__ISSUE_NKINDS:
		break;
	}
	return &alint__rule_yaml_syntax;
}
