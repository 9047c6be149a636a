/*
 * ambientlint/rule.h - API for rule authors, built-in and third-party
 *
 * A rule is a const struct alint_rule with its metadata and a check
 * callback. The engine calls check once per Kubernetes resource (one YAML
 * document, or one item of a kind: List) whose kind is in rule->kinds.
 * The callback reads the resource through the YAML tree (struct
 * alint_node) and the cross-file index, and reports findings.
 *
 * Every pointer handed to a check callback is borrowed for the duration of
 * the lint run.
 */
#ifndef AMBIENTLINT_RULE_H
#define AMBIENTLINT_RULE_H

#include <stddef.h>
#include <ambientlint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct alint_node;
struct alint_resource;
struct alint_index;
struct alint_rule_ctx;
struct alint_finding;

/* ---- YAML tree --------------------------------------------------------- */

enum alint_node_kind {
	ALINT_NODE_SCALAR = 0,
	ALINT_NODE_MAPPING = 1,
	ALINT_NODE_SEQUENCE = 2,
	ALINT_NODE_ALIAS = 3
};

enum alint_node_style {
	ALINT_STYLE_PLAIN = 0,
	ALINT_STYLE_SINGLE_QUOTED = 1,
	ALINT_STYLE_DOUBLE_QUOTED = 2,
	ALINT_STYLE_LITERAL = 3,
	ALINT_STYLE_FOLDED = 4,
	ALINT_STYLE_BLOCK = 5,	/**< block mapping or sequence */
	ALINT_STYLE_FLOW = 6	/**< {...} or [...] */
};

/** How go-yaml v2 (and so kubectl) types a scalar, YAML 1.1 rules. */
enum alint_y11_type {
	ALINT_Y11_STR = 0,
	ALINT_Y11_NULL = 1,
	ALINT_Y11_BOOL = 2,
	ALINT_Y11_INT = 3,
	ALINT_Y11_FLOAT = 4
};

ALINT_EXTERN enum alint_node_kind alint_node_kind(const struct alint_node *n);
ALINT_EXTERN enum alint_node_style
alint_node_style(const struct alint_node *n);

/**
 * Decoded text of a scalar (escapes resolved, folding applied), or the
 * anchor name of an alias; NULL for collections. Not NUL-terminated in
 * general: use len. An implicit empty value ("key:") gives "" and 0.
 */
ALINT_EXTERN const char *alint_node_value(const struct alint_node *n,
					  size_t *len);

/** Compare a scalar's decoded text with a C string. */
ALINT_EXTERN int alint_node_equals(const struct alint_node *n, const char *s);

/** YAML 1.1 type of a scalar as kubectl reads it (quoted: always STR). */
ALINT_EXTERN enum alint_y11_type alint_node_y11(const struct alint_node *n);

/**
 * Byte span [start, end) in the input: quotes, block-scalar headers,
 * anchors, tags and the '*' of an alias included; block collections end
 * at the end of their last child.
 */
ALINT_EXTERN size_t alint_node_start(const struct alint_node *n);
ALINT_EXTERN size_t alint_node_end(const struct alint_node *n);

ALINT_EXTERN const struct alint_node *
alint_node_parent(const struct alint_node *n);

/** Number of items (sequence) or key/value pairs (mapping); 0 otherwise. */
ALINT_EXTERN size_t alint_node_count(const struct alint_node *n);

/**
 * First child of a collection. Mapping children alternate key, value,
 * key, value...; walk them with alint_node_next().
 */
ALINT_EXTERN const struct alint_node *
alint_node_first(const struct alint_node *n);
ALINT_EXTERN const struct alint_node *
alint_node_next(const struct alint_node *n);

/** Item idx of a sequence; NULL when out of range. */
ALINT_EXTERN const struct alint_node *
alint_node_item(const struct alint_node *seq, size_t idx);

/** Value of key in a mapping (aliases not followed); NULL if absent. */
ALINT_EXTERN const struct alint_node *
alint_node_get(const struct alint_node *map, const char *key);

/** The key node of key in a mapping; NULL if absent. */
ALINT_EXTERN const struct alint_node *
alint_node_get_key(const struct alint_node *map, const char *key);

/**
 * Follow a path of keys: alint_node_path(root, "metadata", "labels", NULL).
 * Stops at the first missing key or non-mapping and returns NULL.
 */
ALINT_EXTERN const struct alint_node *
alint_node_path(const struct alint_node *n, ...);

/** The node an alias refers to (the last earlier anchor); NULL if none. */
ALINT_EXTERN const struct alint_node *
alint_node_deref(const struct alint_node *alias);

/* ---- resources --------------------------------------------------------- */

/** The root mapping of the resource (the document or the List item). */
ALINT_EXTERN const struct alint_node *
alint_resource_root(const struct alint_resource *r);
ALINT_EXTERN const char *alint_resource_kind(const struct alint_resource *r);
/** "networking.istio.io/v1"; "" when absent. */
ALINT_EXTERN const char *
alint_resource_api_version(const struct alint_resource *r);
/** API group ("" for the core group) and version. */
ALINT_EXTERN const char *alint_resource_group(const struct alint_resource *r);
ALINT_EXTERN const char *
alint_resource_version(const struct alint_resource *r);
/** metadata.name, "" when absent. */
ALINT_EXTERN const char *alint_resource_name(const struct alint_resource *r);
/**
 * metadata.namespace, or the run's default namespace when absent; for a
 * Namespace object, its own name; "" for a cluster-scoped kind
 * (GatewayClass, ClusterRole...) without metadata.namespace.
 */
ALINT_EXTERN const char *
alint_resource_namespace(const struct alint_resource *r);
/** metadata.labels and metadata.annotations mappings, or NULL. */
ALINT_EXTERN const struct alint_node *
alint_resource_labels(const struct alint_resource *r);
ALINT_EXTERN const struct alint_node *
alint_resource_annotations(const struct alint_resource *r);
/**
 * The pod template of a workload: the mapping with metadata and spec of
 * the pods (spec.template, spec.jobTemplate.spec.template for CronJob,
 * the object itself for Pod); NULL for other kinds or when absent.
 */
ALINT_EXTERN const struct alint_node *
alint_resource_pod_template(const struct alint_resource *r);
/** The file the resource came from, and its document index. */
ALINT_EXTERN const char *alint_resource_file(const struct alint_resource *r);
ALINT_EXTERN size_t alint_resource_document(const struct alint_resource *r);

/**
 * Whether the labels of a label-selector mapping (matchLabels style: every
 * key/value must be present in labels) select the labels mapping. An
 * empty or NULL selector selects everything.
 */
ALINT_EXTERN int alint_labels_match(const struct alint_node *selector,
				    const struct alint_node *labels);

/* ---- cross-file index ---------------------------------------------------- */

enum alint_index_class {
	ALINT_INDEX_NAMESPACE = 0,	/**< Namespace objects */
	ALINT_INDEX_SERVICE = 1,	/**< Services */
	ALINT_INDEX_WORKLOAD = 2,	/**< objects with a pod template */
	ALINT_INDEX_GATEWAY = 3,	/**< Gateways (waypoints included) */
	ALINT_INDEX_POLICY = 4,		/**< security, telemetry, extensions */
	ALINT_INDEX_ROUTE = 5,		/**< VirtualService, HTTPRoute... */
	ALINT_INDEX_OTHER = 6,
	ALINT_INDEX_NCLASSES = 7
};

ALINT_EXTERN size_t alint_index_count(const struct alint_index *idx,
				      enum alint_index_class cls);
ALINT_EXTERN const struct alint_resource *
alint_index_get(const struct alint_index *idx, enum alint_index_class cls,
		size_t i);
/** Find by namespace and name (namespace ignored for Namespace objects). */
ALINT_EXTERN const struct alint_resource *
alint_index_find(const struct alint_index *idx, enum alint_index_class cls,
		 const char *namespace_name, const char *name);
/** Whether a namespace name is known (Namespace object or any resource). */
ALINT_EXTERN int alint_index_has_namespace(const struct alint_index *idx,
					   const char *namespace_name);

/* ---- rules ------------------------------------------------------------- */

/**
 * Check one resource. Report with alint_rule_report(); return 0, or a
 * negative enum alint_error to abort the run.
 */
typedef int (*alint_check_fn)(struct alint_rule_ctx *rctx,
			      const struct alint_resource *res,
			      void *payload);

/*
 * Version 2 added phase. Version-1 rules are still accepted (their phase
 * is ALINT_PHASE_NONE).
 */
#define ALINT_RULE_VERSION 2

/** The rule is off unless selected by id, name or prefix. */
#define ALINT_RULE_OPT_IN (1u << 0)
/**
 * The rule's findings are migration blockers: the namespace of the
 * resource must stay in sidecar mode until they are resolved.
 */
#define ALINT_RULE_BLOCKER (1u << 1)
/** The rule's findings mean that their namespace needs a waypoint. */
#define ALINT_RULE_WAYPOINT (1u << 2)

struct alint_rule {
	unsigned int version;		/**< ALINT_RULE_VERSION */
	const char *id;			/**< "AL2001"; never reused */
	const char *name;		/**< kebab-case */
	enum alint_severity severity;	/**< default severity */
	unsigned int flags;		/**< ALINT_RULE_OPT_IN */
	const char *summary;		/**< one line */
	const char *doc;		/**< paragraphs, plain text */
	const char *const *kinds;	/**< NULL-terminated; NULL = all */
	alint_check_fn check;
	const char *example_bad;	/**< YAML that must trigger it */
	const char *example_good;	/**< YAML that must not */
	/* version 2 */
	enum alint_phase phase;		/**< migration step of its findings */
};

/**
 * Register a third-party rule in ctx. rule is stored as is and must
 * outlive ctx and every report made with it. payload_free (may be NULL) is
 * called with payload when ctx is freed, and also when this call fails.
 * @return 0, ALINT_EINVAL (bad version or metadata) or ALINT_EEXISTS
 */
ALINT_EXTERN int alint_ctx_register_rule(struct alint_ctx *ctx,
					 const struct alint_rule *rule,
					 void *payload,
					 void (*payload_free)(void *payload));

/** The cross-file index of the run. */
ALINT_EXTERN const struct alint_index *
alint_rule_ctx_index(const struct alint_rule_ctx *rctx);
/** Target Istio version (ALINT_ISTIO_VERSION). */
ALINT_EXTERN unsigned int
alint_rule_ctx_istio_version(const struct alint_rule_ctx *rctx);
ALINT_EXTERN const char *
alint_rule_ctx_root_namespace(const struct alint_rule_ctx *rctx);
/**
 * The ALINT_OPT_* flags of the run's options (ALINT_OPT_MIGRATE_BLOCKED:
 * fixes may migrate namespaces that have a migration blocker).
 */
ALINT_EXTERN unsigned int
alint_rule_ctx_flags(const struct alint_rule_ctx *rctx);

/**
 * Report a finding at node (NULL: the resource root) with the rule's
 * severity. The message says what is wrong and what happens in ambient
 * mode.
 * @return the finding, to add related spans and fixes; NULL when out of
 *         memory (the run then fails) or when the finding is suppressed
 */
ALINT_EXTERN struct alint_finding *
alint_rule_report(struct alint_rule_ctx *rctx, const struct alint_node *node,
		  const char *fmt, ...) ALINT_PRINTF(3, 4);

/** Report at an explicit byte span of the resource's input. */
ALINT_EXTERN struct alint_finding *
alint_rule_report_span(struct alint_rule_ctx *rctx, size_t start, size_t end,
		       const char *fmt, ...) ALINT_PRINTF(4, 5);

/**
 * Give finding f another severity than its rule's default, for a rule
 * whose findings weigh differently by case (the target Istio version,
 * say). Call it right after reporting. A severity that the user
 * configures for the rule (a configuration file, a ruleset) still wins
 * over it, and min_severity is applied to the result.
 * @return 0, or ALINT_EINVAL (f NULL or sev out of range)
 */
ALINT_EXTERN int alint_finding_set_severity(struct alint_finding *f,
					    enum alint_severity sev);

/**
 * Give finding f other flags (ALINT_RULE_BLOCKER, ALINT_RULE_WAYPOINT)
 * than its rule's, for a rule whose findings block the migration, or
 * need a waypoint, in some cases only (a topology that a newer Istio
 * supports, say). Readers of alint_diag.rule_flags (the CLI's readiness
 * table) then count the finding as it is.
 * @return 0, or ALINT_EINVAL (f NULL or an unknown flag)
 */
ALINT_EXTERN int alint_finding_set_flags(struct alint_finding *f,
					 unsigned int flags);

/**
 * Add a related location: node of resource res (possibly in another
 * file).
 * @return 0 or ALINT_ENOMEM
 */
ALINT_EXTERN int alint_finding_related(struct alint_finding *f,
				       const struct alint_resource *res,
				       const struct alint_node *node,
				       const char *fmt, ...) ALINT_PRINTF(4, 5);

/**
 * Start the fix of a finding (one fix per finding). Add its edits with
 * alint_finding_edit(); offsets are into the finding's input.
 * @return 0, ALINT_ENOMEM or ALINT_EINVAL (a fix exists already)
 */
ALINT_EXTERN int alint_finding_fix(struct alint_finding *f,
				   enum alint_fix_safety safety,
				   const char *description);
/** @return 0, ALINT_ENOMEM, ALINT_EINVAL or ALINT_ECONFLICT (overlap) */
ALINT_EXTERN int alint_finding_edit(struct alint_finding *f, size_t start,
				    size_t end, const char *text,
				    size_t text_len);

/**
 * Declare a path that the fix changes, in the finding's document
 * ("/metadata/labels/istio-injection", JSON-pointer escapes ~0 and ~1;
 * "" for the whole document). Verification of a rewritten file ignores
 * differences at and under declared paths, and fails on any other. The
 * edit builders below declare their paths themselves.
 * @return 0, ALINT_ENOMEM or ALINT_EINVAL (no fix started)
 */
ALINT_EXTERN int alint_finding_fix_path(struct alint_finding *f,
					const char *path);

/*
 * Edit builders. Each adds the edits of one change to the finding's fix
 * (started with alint_finding_fix()) and declares its path. New text
 * follows the file's own style: its indentation unit and sequence
 * indentation, its line ending (LF or CRLF), flow or block style of the
 * mapping it edits. Text passed as YAML is a block-style fragment
 * indented from column 0 with two spaces per level; the builders
 * re-indent it. Each returns 0, ALINT_ENOMEM, ALINT_EINVAL or
 * ALINT_ECONFLICT.
 *
 * Style, from the input: the line ending is "\r\n" when the first line
 * ends so, else "\n"; the indentation unit is the step between a block
 * mapping and a block mapping nested in it (looked for in the mapping
 * edited, its ancestors, its document, the input; 2 when there is none);
 * a block sequence under a key is written at the key's column plus the
 * step the input uses for them (0 for "key:\n- a"; the unit when the
 * input has none). Offsets are raw bytes: a BOM is never touched, and
 * comments, quoting, blank lines and document markers outside the edited
 * bytes stay as they are.
 *
 * A removal or insertion of a pair of a block mapping (or of a List item,
 * or an item appended to a sequence) also claims the first byte of the
 * collection's first key (or '-', or '['): when no edit of the fix
 * touches that byte, a one-byte edit writes it again, unchanged. Two
 * fixes that change the entries of one collection then overlap, and
 * fixing applies them in successive passes, each computed on the text
 * the other left: computed alone, two removals could together empty a
 * mapping into a null ("labels:" instead of "labels: {}").
 *
 * A fix is whole or nothing: when a builder fails (a bad argument, a
 * fragment that is not clean YAML, a layout it cannot edit safely, an
 * overlap with an edit already in the fix, no memory), the finding's
 * whole fix is withdrawn (its edits, paths and description), the finding
 * stays, and alint_finding_fix() may start another. A fragment must
 * parse as one clean document. Layouts the builders do not edit
 * (ALINT_EINVAL): anything inside a collection used as a key; anything
 * under an anchor that an alias copies, or an edit that would delete an
 * anchor an alias still uses; mappings with explicit ("? k"), multi-line
 * or merge ("<<") keys.
 */

/**
 * Remove a key and its value from their mapping, with the comment lines
 * directly above the key and its trailing comment.
 *
 * Block mapping: the lines from the key's line to the end of the value's
 * last line, its line break included. Blank lines after a block scalar
 * value stay. The comment lines directly above are the run of whole
 * lines just above the key's line whose first non-blank character is a
 * '#' at the key's column or further right; a blank line, a line with
 * content, a comment further left, or the end of the node before ends the
 * run. When the key is the first of a sequence item ("- name: x"), the
 * pair and the line break and indentation after it go, so that the next
 * line's content follows the "- ".
 *
 * Removing the last pair of a block mapping leaves "{}" as the value of
 * the parent key, on its line and before its comment ("labels:\n  a: b\n"
 * becomes "labels: {}\n"): the key stays and, for Kubernetes, keeps
 * meaning an empty map. Pairs removed earlier in the same fix count as
 * gone. In a sequence item or a document the pair itself becomes "{}".
 *
 * Flow mapping: "k: v" with the comma after it (or, for the last pair,
 * the comma before it); the only pair leaves "{}".
 *
 * Declares the pair's path (the mapping's path + "/" + the key).
 */
ALINT_EXTERN int alint_fix_remove_pair(struct alint_finding *f,
				       const struct alint_node *key);

/**
 * Insert "key: value" into a mapping, after its last pair. value_yaml is
 * a YAML fragment: a scalar as it should be written ("ambient",
 * "\"true\"") or a block collection.
 *
 * Block mapping: a new line after the last line of the last value (after
 * the last non-blank line of a block scalar, unless it keeps its trailing
 * line breaks with "+"), at the column of the mapping's first key; a line
 * break is added first when the input ends without one. A block
 * collection value goes on the lines below the key, re-indented with the
 * input's unit and sequence indentation. Flow mapping: ", key: value"
 * after the last value, or "{key: value}" for "{}"; the value is then
 * written in flow style, and a value that cannot be is ALINT_EINVAL.
 *
 * The key is written plain when it reads back as the same string (YAML
 * 1.1 and 1.2), else in double quotes ("yes", "a: b", "-x", "1.10").
 * A key already in the mapping (and not removed by the fix) is
 * ALINT_EINVAL. Two insertions into the same mapping in one fix conflict.
 * Declares the mapping's path + "/" + key.
 */
ALINT_EXTERN int alint_fix_insert_pair(struct alint_finding *f,
				       const struct alint_node *map,
				       const char *key,
				       const char *value_yaml);

/**
 * Replace the value node with a YAML fragment, keeping its key.
 *
 * A scalar fragment replaces the value's bytes and keeps the comment
 * after it; a plain fragment that replaces a quoted scalar takes the same
 * quotes ("enabled" becomes "ambient", quotes kept); an empty value
 * ("key:") becomes "key: value". A scalar that replaces a block
 * collection goes on the key's line, before the key's comment. A block
 * collection fragment replaces a collection of the same kind where it
 * was, else goes on the lines below the key, re-indented; in a sequence
 * item it follows the "- ". The value may also be a sequence item.
 * Declares the value's path.
 */
ALINT_EXTERN int alint_fix_replace_value(struct alint_finding *f,
					 const struct alint_node *value,
					 const char *value_yaml);

/**
 * Rename a key, keeping its value and comments: the key's bytes are
 * replaced. A quoted key keeps its quotes (single quotes, unless the new
 * key needs escapes); a plain key stays plain unless the new one needs
 * double quotes. A new key already in the mapping is ALINT_EINVAL.
 * Declares the old path and the new one.
 */
ALINT_EXTERN int alint_fix_rename_key(struct alint_finding *f,
				      const struct alint_node *key,
				      const char *new_key);

/**
 * Append a new document (a YAML fragment at column 0, without "---" or
 * "...") to the end of the finding's stream: a line break if the input
 * does not end with one, then "---" and the text, with the input's line
 * ending. A final "..." stays before the new "---". Declares the path ""
 * of the new document (its index is the input's number of documents).
 * One per fix.
 */
ALINT_EXTERN int alint_fix_append_document(struct alint_finding *f,
					   const char *doc_yaml);

/**
 * Remove the resource's whole document (or its kind: List item).
 *
 * A document goes from its first line to the first line of the next
 * document (or the end of the stream). The first line of a document is
 * its "---" line, or, without one, the first of the comment lines
 * directly above its root: comments separated from the root by a blank
 * line (a file header) stay. A "..." that ends the document goes with it.
 * Declares the path "" in the resource's document.
 *
 * A List item goes with its "- " lines and the comment lines directly
 * above its '-'; the last item left leaves "items: []". Declares its path
 * ("/items/N").
 */
ALINT_EXTERN int alint_fix_remove_resource(struct alint_finding *f,
					   const struct alint_resource *res);

/**
 * Append an item to a sequence, after its last item. item_yaml is a YAML
 * fragment: a scalar as it should be written, or a block collection.
 *
 * Block sequence: new lines after the last line of the last item (after
 * the last non-blank line of a block scalar, unless it keeps its trailing
 * line breaks with "+"), with the '-' at the column of the first item's
 * '-' and as many blanks after it as the first item has ("-   a" gives
 * three; one when the first item starts on the next line); a line break
 * is added first when the input ends without one, and a block scalar
 * that ends the input without one is ALINT_EINVAL. A block collection
 * item is re-indented: its first line follows the "- ", the mappings and
 * sequences inside it take the steps used inside the sequence's items
 * (else the input's, as above), and the '-' of the sequences inside it
 * the blanks after the '-' of the first such sequence in the items (else
 * the sequence's own). Flow sequence: ", item" after the last item, or
 * "[item]" for "[]"; the item is then written in flow style, and one
 * that cannot be is ALINT_EINVAL. Comments and blank lines after the
 * last item stay after the new one.
 *
 * Like an insertion of a pair, it claims the first byte of the sequence
 * (the '-' of its first item, or its '['), flow or block. A sequence
 * that an alias copies, or an alias, is ALINT_EINVAL. Declares the new
 * item's path (the sequence's path + "/" + its index: the number of its
 * items that the fix does not remove).
 */
ALINT_EXTERN int alint_fix_append_item(struct alint_finding *f,
				       const struct alint_node *seq,
				       const char *item_yaml);

/**
 * Make a mapping the one item of a sequence in its place, keeping its
 * pairs, comments and quoting: "ref:\n  kind: A" becomes
 * "ref:\n- kind: A" in a file that writes its lists so (the value of
 * "ref" is now a list).
 *
 * Block mapping (a value on the lines below its key): "- " goes in the
 * blanks before its first key, which must start its line, with the '-'
 * at the column where the input puts a block sequence under a key (see
 * above; the mapping's own step from its key when the input has none).
 * When the mapping's content then sits at another column, each line of
 * the mapping, comment lines inside it included, moves by the same
 * number of spaces; blank lines, and comment lines further left than the
 * mapping, stay as they are. A mapping that must move and holds a block
 * scalar ("|", ">") is ALINT_EINVAL, and so is a move to the left over
 * non-blank text. Flow mapping: "[" before its "{" and "]" after its "}"
 * (the braces are written again).
 *
 * The first byte of the mapping is written again, so that the edit
 * overlaps the claims of fixes that change its pairs. An anchored or
 * tagged mapping, an alias, a document's root, a block mapping that is
 * a sequence item, a flow mapping without braces ("[a: b]"), or the
 * value of an explicit ("? k") or merge ("<<") key is ALINT_EINVAL.
 * Declares the mapping's path (where the sequence now is).
 */
ALINT_EXTERN int alint_fix_wrap_in_sequence(struct alint_finding *f,
					    const struct alint_node *map);

#ifdef __cplusplus
}
#endif

#endif /* AMBIENTLINT_RULE_H */
