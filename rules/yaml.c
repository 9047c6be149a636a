/*
 * yaml.c - the parse-level rules: findings made while reading and parsing
 * an input, before any Kubernetes rule runs
 *
 * These rules have no check callback: lib/parserules.c maps each parse
 * issue (struct alint__issue) to one of them, so that they can be
 * selected, ignored and explained like every other rule.
 */
#include <config.h>

#include "internal.h"

const struct alint_rule alint__rule_io_error = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0000",
	.name = "io-error",
	.severity = ALINT_SEV_ERROR,
	.summary = "an input could not be read",
	.doc = "The file could not be opened or read: it does not exist, "
	    "permissions forbid reading it, it is not a regular file, or it "
	    "is larger than --max-file-size. Nothing in it was linted, and "
	    "ambient-lint exits with status 2.\n"
	    "\n"
	    "This rule has no examples: it is about files, not YAML.",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_yaml_syntax = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0001",
	.name = "yaml-syntax",
	.severity = ALINT_SEV_ERROR,
	.summary = "the input is not well-formed YAML",
	.doc = "The YAML parser (libfyaml) stopped at this position. kubectl "
	    "cannot apply the file either. Documents before the error are "
	    "still linted; the rest of the stream is not.",
	.example_bad = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: settings\n"
	    "data:\n"
	    "  ports: [9080, 9443\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: settings\n"
	    "data:\n"
	    "  ports: \"[9080, 9443]\"\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_duplicate_key = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0002",
	.name = "duplicate-key",
	.severity = ALINT_SEV_ERROR,
	.summary = "a mapping has the same key twice",
	.doc = "Two keys of one mapping are equal as Kubernetes reads them "
	    "(YAML 1.1: yes and true are the same boolean key). kubectl "
	    "keeps only the last value without a word, so half of what the "
	    "author wrote is silently lost; strict decoders reject the "
	    "object. A frequent cause is two resources pasted into one "
	    "document without a --- line between them.",
	.example_bad = "apiVersion: v1\n"
	    "kind: Service\n"
	    "metadata:\n"
	    "  name: reviews\n"
	    "  name: ratings\n",
	.example_good = "apiVersion: v1\n"
	    "kind: Service\n"
	    "metadata:\n"
	    "  name: reviews\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_invalid_utf8 = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0003",
	.name = "invalid-utf8",
	.severity = ALINT_SEV_ERROR,
	.summary = "the input is not valid UTF-8",
	.doc = "YAML streams must be Unicode. kubectl (go-yaml) rejects a "
	    "file with invalid UTF-8 (\"invalid leading UTF-8 octet\" or "
	    "similar), so it cannot be applied. The first bad byte is "
	    "reported and the file is not linted further: libfyaml 0.7.12 "
	    "can loop forever on such bytes, so it is never given them.",
	.example_bad = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: caf\xe9\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: cafe\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_nesting_too_deep = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0004",
	.name = "nesting-too-deep",
	.severity = ALINT_SEV_ERROR,
	.summary = "collections nested deeper than 512 levels",
	.doc = "No Kubernetes object nests anywhere near 512 levels; such "
	    "input is hostile or broken. ambient-lint stops building the "
	    "tree there to keep time and memory bounded, and does not lint "
	    "the rest of the stream.",
	.example_bad = "x: "
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    ,
	.example_good = "x: [[[1]]]\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_yaml11_line_break = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0005",
	.name = "yaml11-line-break",
	.severity = ALINT_SEV_ERROR,
	.summary = "U+0085, U+2028 or U+2029 in the input",
	.doc = "YAML 1.2 parsers such as libfyaml read these characters as "
	    "text, but YAML 1.1 parsers (go-yaml, so kubectl) read them as "
	    "line breaks: kubectl fails with \"could not find expected ':'\" "
	    "or, worse, reads a different value. Replace them with a plain "
	    "space or an escape in a double-quoted string.",
	.example_bad = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: greeting\n"
	    "data:\n"
	    "  text: hello\xe2\x80\xa8world\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: greeting\n"
	    "data:\n"
	    "  text: \"hello\\u2028world\"\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_kubectl_rejects = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0006",
	.name = "kubectl-rejects",
	.severity = ALINT_SEV_ERROR,
	.summary = "kubectl's YAML parser rejects input libfyaml accepts",
	.doc = "ambient-lint parses with libfyaml and checks every input "
	    "again with libyaml, of which go-yaml (used by kubectl) is a "
	    "port. Where libyaml fails, kubectl fails the same way, with the "
	    "message shown. A common case is a tab where YAML 1.1 expects "
	    "indentation, for example at the start of a line of a block "
	    "scalar. The second parse costs about a quarter of a lint run's "
	    "time: when this rule is not selected for a file (--ignore, or "
	    "the configuration), linting skips it. Fixing never does: a "
	    "file that kubectl rejects or reads otherwise is never fixed.",
	.example_bad = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: scripts\n"
	    "data:\n"
	    "  start.sh: |\n"
	    "   \texec server\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: scripts\n"
	    "data:\n"
	    "  start.sh: |\n"
	    "    exec server\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_binary_file = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0007",
	.name = "binary-file",
	.severity = ALINT_SEV_ERROR,
	.summary = "the input contains NUL bytes: a binary file",
	.doc = "A NUL byte never occurs in a YAML manifest. The file is "
	    "reported once and not parsed.\n"
	    "\n"
	    "This rule has no examples: a NUL byte cannot be written in one.",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_template_not_yaml = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0008",
	.name = "template-not-yaml",
	.severity = ALINT_SEV_ERROR,
	.summary = "a Helm or Go template, not YAML",
	.doc = "The file holds {{ }} template actions that do not parse as "
	    "YAML: it is a Helm chart or Go template, to be rendered first "
	    "(helm template ... | ambient-lint -). Lint the rendered "
	    "manifests instead.",
	.example_bad = "{{- if .Values.enabled }}\n"
	    "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: {{ .Release.Name }}\n"
	    "{{- end }}\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: settings\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_unused_suppression = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0009",
	.name = "unused-suppression",
	.severity = ALINT_SEV_WARNING,
	.summary = "an inline suppression comment suppresses nothing",
	.doc = "A comment such as \"# ambient-lint: disable-line=AL2001\" "
	    "names a rule that reports nothing where the comment applies: "
	    "the problem was fixed, or the comment is on the wrong line. "
	    "Remove the comment, or the rule from its list, so that it does "
	    "not hide a later finding. A suppression of a rule that is not "
	    "enabled (--select, --ignore) is not reported, nor any in an "
	    "input with a syntax error. Findings of this rule cannot be "
	    "suppressed inline: use --ignore AL0009. See SUPPRESSIONS in "
	    "ambient-lint(1) for the comment syntax.",
	.example_bad = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: settings # ambient-lint: disable-line=all -- legacy\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: settings\n",
	.phase = ALINT_PHASE_NONE,
};

const struct alint_rule alint__rule_invalid_suppression = {
	.version = ALINT_RULE_VERSION,
	.id = "AL0010",
	.name = "invalid-suppression",
	.severity = ALINT_SEV_WARNING,
	.summary = "a suppression comment is malformed or names no rule",
	.doc = "A comment that starts with \"# ambient-lint:\" is a "
	    "suppression, but this one does not follow the syntax "
	    "(\"# ambient-lint: DIRECTIVE=RULE[,RULE...] [-- reason]\"), "
	    "names a rule id or name that does not exist, or enables a rule "
	    "that no disable comment before it turned off. It suppresses "
	    "nothing. Findings of this rule cannot be suppressed inline: use "
	    "--ignore AL0010. See SUPPRESSIONS in ambient-lint(1).",
	.example_bad = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  # ambient-lint: disable-next-line=no-such-rule\n"
	    "  name: settings\n",
	.example_good = "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata:\n"
	    "  name: settings\n",
	.phase = ALINT_PHASE_NONE,
};
