/*
 * json.h - the small JSON reader of bin/json.c
 */
#ifndef AMBIENT_LINT_JSON_H
#define AMBIENT_LINT_JSON_H

#include <stddef.h>

/* Nesting of arrays and objects, at most. */
#define JSON_MAX_DEPTH 32

enum jtype {
	J_NULL,
	J_FALSE,
	J_TRUE,
	J_NUMBER,
	J_STRING,
	J_ARRAY,
	J_OBJECT
};

struct jvalue {
	enum jtype type;
	size_t line, col;	/* where it starts, 1-based */
	char *str;		/* J_STRING: decoded; J_NUMBER: the text */
	size_t len;
	struct jvalue *v;	/* J_ARRAY items, J_OBJECT values */
	char **keys;		/* J_OBJECT keys, NUL-free */
	size_t n;
};

struct jparser {
	const char *s;
	size_t len;
	size_t pos;
	size_t line;
	size_t line_start;	/* pos of the first byte of the line */
	/*
	 * What is read ("baseline") and its file name: errors are told on
	 * stderr as "invalid WHAT FILE:LINE:COL: MSG"; file NULL: quiet
	 */
	const char *what;
	const char *file;
	int failed;
	const char *error;	/* the first error, static */
	size_t error_line, error_col;
};

/*
 * Parse the whole text p->s (p->len bytes) as one value into *root,
 * which json_free() must release whatever the outcome.
 * @return 0, or -1 (p->error set, told when p->file is not NULL)
 */
int json_parse(struct jparser *p, struct jvalue *root);

void json_free(struct jvalue *j);

/* Record (and tell) an error at line, col; only the first counts. */
void json_error_at(struct jparser *p, size_t line, size_t col,
		   const char *msg);

/* The value of member key of an object, or NULL. */
const struct jvalue *json_member(const struct jvalue *obj, const char *key);

#endif /* AMBIENT_LINT_JSON_H */
