/*
 * json.c - a small, strict and bounded JSON reader
 *
 * Used for the baseline file and the messages of the language server.
 * Strings are checked UTF-8 without NUL; nesting is bounded by
 * JSON_MAX_DEPTH; duplicate member names are refused.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"

void
json_free(struct jvalue *j)
{
	size_t i;

	free(j->str);
	for (i = 0; i < j->n; i++) {
		if (j->v)
			json_free(&j->v[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	memset(j, 0, sizeof(*j));
}

void
json_error_at(struct jparser *p, size_t line, size_t col, const char *msg)
{
	if (p->failed)
		return;
	p->failed = 1;
	p->error = msg;
	p->error_line = line;
	p->error_col = col;
	if (p->file)
		cli_error("invalid %s %s:%zu:%zu: %s", p->what, p->file, line,
			  col, msg);
}

static void
jerror(struct jparser *p, const char *msg)
{
	json_error_at(p, p->line, p->pos - p->line_start + 1, msg);
}

static void
skip_ws(struct jparser *p)
{
	char c;

	while (p->pos < p->len) {
		c = p->s[p->pos];
		if (c == '\n') {
			p->line++;
			p->line_start = p->pos + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			break;
		}
		p->pos++;
	}
}

static int
peek(const struct jparser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int
hex4(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t
put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* A string at p->pos (the opening quote); NUL is refused. */
static int
parse_string(struct jparser *p, char **out, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)p->s;
	unsigned long cp, lo;
	size_t start = ++p->pos, end, n, k;
	char *o;

	/* find the end first: the decoded text is never longer */
	for (end = start; end < p->len && s[end] != '"'; end++)
		if (s[end] == '\\')
			end++;
	if (end >= p->len) {
		jerror(p, "unterminated string");
		return -1;
	}
	o = malloc(end - start + 1);
	if (!o) {
		cli_error("out of memory");
		p->failed = 1;
		return -1;
	}
	n = 0;
	while (p->pos < end) {
		if (s[p->pos] < 0x20) {
			jerror(p, "control character in a string");
			goto fail;
		}
		if (s[p->pos] != '\\') {
			k = utf8_seq(s + p->pos, end - p->pos);
			if (!k) {
				jerror(p, "invalid UTF-8 in a string");
				goto fail;
			}
			memcpy(o + n, s + p->pos, k);
			n += k;
			p->pos += k;
			continue;
		}
		p->pos++;
		switch (s[p->pos]) {
		case '"':
		case '\\':
		case '/':
			o[n++] = (char)s[p->pos++];
			continue;
		case 'b':
			o[n++] = '\b';
			p->pos++;
			continue;
		case 'f':
			o[n++] = '\f';
			p->pos++;
			continue;
		case 'n':
			o[n++] = '\n';
			p->pos++;
			continue;
		case 'r':
			o[n++] = '\r';
			p->pos++;
			continue;
		case 't':
			o[n++] = '\t';
			p->pos++;
			continue;
		case 'u':
			break;
		default:
			jerror(p, "invalid escape in a string");
			goto fail;
		}
		if (end - p->pos < 5 || hex4(p->s + p->pos + 1, &cp) < 0) {
			jerror(p, "invalid \\u escape");
			goto fail;
		}
		p->pos += 5;
		if (cp >= 0xDC00 && cp <= 0xDFFF) {
			jerror(p, "unpaired surrogate in a \\u escape");
			goto fail;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (end - p->pos < 6 || s[p->pos] != '\\' ||
			    s[p->pos + 1] != 'u' ||
			    hex4(p->s + p->pos + 2, &lo) < 0 ||
			    lo < 0xDC00 || lo > 0xDFFF) {
				jerror(p, "unpaired surrogate in a \\u "
				       "escape");
				goto fail;
			}
			p->pos += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		if (cp == 0) {
			jerror(p, "\\u0000 in a string");
			goto fail;
		}
		/* six escaped bytes make at most four */
		n += put_utf8(o + n, cp);
	}
	p->pos = end + 1;
	o[n] = '\0';
	*out = o;
	*outlen = n;
	return 0;
fail:
	free(o);
	return -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
parse_number(struct jparser *p, struct jvalue *j)
{
	size_t start = p->pos;

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
	} else if (is_digit(peek(p))) {
		while (is_digit(peek(p)))
			p->pos++;
	} else {
		jerror(p, "invalid number");
		return -1;
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!is_digit(peek(p))) {
			jerror(p, "invalid number");
			return -1;
		}
		while (is_digit(peek(p)))
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p))) {
			jerror(p, "invalid number");
			return -1;
		}
		while (is_digit(peek(p)))
			p->pos++;
	}
	j->len = p->pos - start;
	j->str = malloc(j->len + 1);
	if (!j->str) {
		cli_error("out of memory");
		p->failed = 1;
		return -1;
	}
	memcpy(j->str, p->s + start, j->len);
	j->str[j->len] = '\0';
	j->type = J_NUMBER;
	return 0;
}

static int
literal(struct jparser *p, const char *word, enum jtype type,
	struct jvalue *j)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
		jerror(p, "invalid value");
		return -1;
	}
	p->pos += n;
	j->type = type;
	return 0;
}

static int parse_value(struct jparser *p, struct jvalue *j, int depth);

/* Make room for one more item of an array or object. */
static int
grow(struct jparser *p, struct jvalue *j, size_t *cap, int object)
{
	struct jvalue *v;
	char **keys;
	size_t c;

	if (j->n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	v = realloc(j->v, c * sizeof(*v));
	if (!v)
		goto nomem;
	j->v = v;
	if (object) {
		keys = realloc(j->keys, c * sizeof(*keys));
		if (!keys)
			goto nomem;
		j->keys = keys;
	}
	*cap = c;
	return 0;
nomem:
	cli_error("out of memory");
	p->failed = 1;
	return -1;
}

/* An array or an object, at its opening bracket. */
static int
parse_container(struct jparser *p, struct jvalue *j, int depth)
{
	int object = p->s[p->pos] == '{';
	int close = object ? '}' : ']';
	size_t cap = 0, i, len, line, col;
	char *key;

	j->type = object ? J_OBJECT : J_ARRAY;
	if (depth >= JSON_MAX_DEPTH) {
		jerror(p, "nested too deeply");
		return -1;
	}
	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		skip_ws(p);
		key = NULL;
		if (object) {
			if (peek(p) != '"') {
				jerror(p, "expected a member name");
				return -1;
			}
			line = p->line;
			col = p->pos - p->line_start + 1;
			if (parse_string(p, &key, &len) < 0)
				return -1;
			for (i = 0; i < j->n; i++) {
				if (strcmp(j->keys[i], key) == 0) {
					free(key);
					json_error_at(p, line, col,
						  "duplicate member name");
					return -1;
				}
			}
			skip_ws(p);
			if (peek(p) != ':') {
				free(key);
				jerror(p, "expected ':'");
				return -1;
			}
			p->pos++;
		}
		if (grow(p, j, &cap, object) < 0) {
			free(key);
			return -1;
		}
		if (object)
			j->keys[j->n] = key;
		memset(&j->v[j->n], 0, sizeof(j->v[j->n]));
		j->n++;
		if (parse_value(p, &j->v[j->n - 1], depth + 1) < 0)
			return -1;
		skip_ws(p);
		if (peek(p) == close) {
			p->pos++;
			return 0;
		}
		if (peek(p) != ',') {
			jerror(p, object ? "expected ',' or '}'" :
			       "expected ',' or ']'");
			return -1;
		}
		p->pos++;
	}
}

static int
parse_value(struct jparser *p, struct jvalue *j, int depth)
{
	skip_ws(p);
	j->line = p->line;
	j->col = p->pos - p->line_start + 1;
	switch (peek(p)) {
	case '{':
	case '[':
		return parse_container(p, j, depth);
	case '"':
		j->type = J_STRING;
		return parse_string(p, &j->str, &j->len);
	case 't':
		return literal(p, "true", J_TRUE, j);
	case 'f':
		return literal(p, "false", J_FALSE, j);
	case 'n':
		return literal(p, "null", J_NULL, j);
	case -1:
		jerror(p, "unexpected end of file");
		return -1;
	default:
		if (peek(p) == '-' || is_digit(peek(p)))
			return parse_number(p, j);
		jerror(p, "invalid value");
		return -1;
	}
}

const struct jvalue *
json_member(const struct jvalue *obj, const char *key)
{
	size_t i;

	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return &obj->v[i];
	return NULL;
}
int
json_parse(struct jparser *p, struct jvalue *root)
{
	memset(root, 0, sizeof(*root));
	if (p->line == 0)
		p->line = 1;
	if (parse_value(p, root, 0) < 0)
		return -1;
	skip_ws(p);
	if (p->pos < p->len) {
		jerror(p, "unexpected data after the value");
		return -1;
	}
	return 0;
}
