/*
 * scalar.c - YAML 1.1 typing of plain scalars, as go-yaml v2 does it
 *
 * kubectl reads manifests with sigs.k8s.io/yaml, which is built on go-yaml
 * v2 (2.4.0): a plain scalar is typed by resolve() in its resolve.go, and
 * the YAML-to-JSON conversion then turns typed mapping keys back into
 * strings. Neither libfyaml nor libyaml types scalars, so both steps are
 * reimplemented here, rule for rule:
 *
 *  - the first byte gives a hint; a scalar whose first byte is not one of
 *    "+-0123456789.yYnNtTfFoO~" is a string, and so is one that starts
 *    with '<' ("<<" is only a merge key when it is a mapping key);
 *  - a fixed table: the YAML 1.1 booleans (y, yes, on, true, n, no, off,
 *    false in three spellings each), the nulls ("", ~, null, Null, NULL)
 *    and .inf/.nan in their spellings;
 *  - a leading '.': Go's strconv.ParseFloat on the text;
 *  - a leading sign or digit: every '_' is removed, then Go's
 *    strconv.ParseInt(text, 0, 64) (0x, 0o, 0b and a leading-0 octal),
 *    then ParseUint, then ParseFloat if the text matches
 *    ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, then a "0b"
 *    or "-0b" prefix with a signed binary number;
 *  - everything else, timestamps included (go-yaml hands those to an
 *    interface{} as strings), is a string.
 *
 * A float that overflows makes ParseFloat fail, so "1e400" is a string.
 */
#include <config.h>

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Longest scalar that is stripped of '_' on the stack; longer: malloc. */
#define STRIP_STACK 128

/* A resolved scalar, with the value when the JSON key text needs it. */
struct y11_val {
	enum alint_y11_type type;
	bool neg;		/* INT: the value is -mag */
	uint64_t mag;		/* INT: magnitude */
	int special;		/* FLOAT: 0 finite, 1 +inf, -1 -inf, 2 nan */
	bool bval;		/* BOOL */
};

struct y11_word {
	const char *text;
	unsigned char len;
	unsigned char type;	/* enum alint_y11_type */
	signed char val;	/* BOOL: 0/1; FLOAT: special */
};

static const struct y11_word words[] = {
	{ "y", 1, ALINT_Y11_BOOL, 1 }, { "Y", 1, ALINT_Y11_BOOL, 1 },
	{ "yes", 3, ALINT_Y11_BOOL, 1 }, { "Yes", 3, ALINT_Y11_BOOL, 1 },
	{ "YES", 3, ALINT_Y11_BOOL, 1 }, { "true", 4, ALINT_Y11_BOOL, 1 },
	{ "True", 4, ALINT_Y11_BOOL, 1 }, { "TRUE", 4, ALINT_Y11_BOOL, 1 },
	{ "on", 2, ALINT_Y11_BOOL, 1 }, { "On", 2, ALINT_Y11_BOOL, 1 },
	{ "ON", 2, ALINT_Y11_BOOL, 1 },
	{ "n", 1, ALINT_Y11_BOOL, 0 }, { "N", 1, ALINT_Y11_BOOL, 0 },
	{ "no", 2, ALINT_Y11_BOOL, 0 }, { "No", 2, ALINT_Y11_BOOL, 0 },
	{ "NO", 2, ALINT_Y11_BOOL, 0 }, { "false", 5, ALINT_Y11_BOOL, 0 },
	{ "False", 5, ALINT_Y11_BOOL, 0 }, { "FALSE", 5, ALINT_Y11_BOOL, 0 },
	{ "off", 3, ALINT_Y11_BOOL, 0 }, { "Off", 3, ALINT_Y11_BOOL, 0 },
	{ "OFF", 3, ALINT_Y11_BOOL, 0 },
	{ "~", 1, ALINT_Y11_NULL, 0 }, { "null", 4, ALINT_Y11_NULL, 0 },
	{ "Null", 4, ALINT_Y11_NULL, 0 }, { "NULL", 4, ALINT_Y11_NULL, 0 },
	{ ".nan", 4, ALINT_Y11_FLOAT, 2 }, { ".NaN", 4, ALINT_Y11_FLOAT, 2 },
	{ ".NAN", 4, ALINT_Y11_FLOAT, 2 },
	{ ".inf", 4, ALINT_Y11_FLOAT, 1 }, { ".Inf", 4, ALINT_Y11_FLOAT, 1 },
	{ ".INF", 4, ALINT_Y11_FLOAT, 1 },
	{ "+.inf", 5, ALINT_Y11_FLOAT, 1 }, { "+.Inf", 5, ALINT_Y11_FLOAT, 1 },
	{ "+.INF", 5, ALINT_Y11_FLOAT, 1 },
	{ "-.inf", 5, ALINT_Y11_FLOAT, -1 },
	{ "-.Inf", 5, ALINT_Y11_FLOAT, -1 },
	{ "-.INF", 5, ALINT_Y11_FLOAT, -1 },
};

/* go-yaml's resolveTable: 'S' sign, 'D' digit, 'M' in map, '.' float. */
static char
hint_of(unsigned char c)
{
	if (c == '+' || c == '-')
		return 'S';
	if (c >= '0' && c <= '9')
		return 'D';
	if (c == '.')
		return '.';
	switch (c) {
	case 'y': case 'Y': case 'n': case 'N': case 't': case 'T':
	case 'f': case 'F': case 'o': case 'O': case '~':
		return 'M';
	default:
		return 0;
	}
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/*
 * Go strconv.ParseUint(s, base, 64) on text without '_': true when it
 * succeeds (no syntax and no range error). Base 0 detects the prefix.
 */
static bool
go_parse_uint(const char *s, size_t n, int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	int d;

	if (n == 0)
		return false;
	if (base == 0) {
		base = 10;
		if (s[0] == '0') {
			if (n >= 3 && lower(s[1]) == 'b') {
				base = 2;
				s += 2;
				n -= 2;
			} else if (n >= 3 && lower(s[1]) == 'o') {
				base = 8;
				s += 2;
				n -= 2;
			} else if (n >= 3 && lower(s[1]) == 'x') {
				base = 16;
				s += 2;
				n -= 2;
			} else {
				base = 8;
				s += 1;
				n -= 1;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if (is_digit(s[i]))
			d = s[i] - '0';
		else if (lower(s[i]) >= 'a' && lower(s[i]) <= 'z')
			d = lower(s[i]) - 'a' + 10;
		else
			return false;
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* Go strconv.ParseInt(s, base, 64): sign, then ParseUint, then range. */
static bool
go_parse_int(const char *s, size_t n, int base, bool *neg, uint64_t *mag)
{
	uint64_t v;

	*neg = false;
	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		*neg = s[0] == '-';
		s++;
		n--;
	}
	if (!go_parse_uint(s, n, base, &v))
		return false;
	if (!*neg && v > (uint64_t)INT64_MAX)
		return false;
	if (*neg && v > (uint64_t)INT64_MAX + 1)
		return false;
	*mag = v;
	return true;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool
yaml_style_float(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < n && s[i] == '.') {
		i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return false;
	} else {
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return false;
		if (i < n && s[i] == '.')
			for (i++; i < n && is_digit(s[i]); i++)
				;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return false;
	}
	return i == n;
}

/*
 * Go's strconv underscoreOK: '_' only between digits (a base prefix
 * counts as a digit; there is none in decimal floats).
 */
static bool
go_underscore_ok(const char *s, size_t n)
{
	char saw = '^';
	size_t i = 0;

	if (n >= 1 && (s[0] == '-' || s[0] == '+'))
		i = 1;
	for (; i < n; i++) {
		if (is_digit(s[i])) {
			saw = '0';
			continue;
		}
		if (s[i] == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

/*
 * Go strconv.ParseFloat syntax for a text that starts with '.':
 * .digits[e[+-]digits], with '_' between digits.
 */
static bool
go_dot_float_syntax(const char *s, size_t n)
{
	size_t i = 1;
	bool digits = false, underscores = false;

	for (; i < n && (is_digit(s[i]) || s[i] == '_'); i++) {
		if (s[i] == '_')
			underscores = true;
		else
			digits = true;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return false;
		for (; i < n && (is_digit(s[i]) || s[i] == '_'); i++)
			if (s[i] == '_')
				underscores = true;
	}
	if (i != n)
		return false;
	return !underscores || go_underscore_ok(s, n);
}

/* strtod in the C locale, whatever the application's LC_NUMERIC. */
static double
c_strtod(const char *s)
{
	locale_t c, old;
	double d;

	c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		return strtod(s, NULL);
	old = uselocale(c);
	d = strtod(s, NULL);
	uselocale(old);
	freelocale(c);
	return d;
}

/*
 * Whether a syntactically valid decimal float (digits, at most one '.',
 * '_' ignored, optional exponent) overflows a double, which makes Go's
 * ParseFloat fail. Decided from the decimal exponent; the rare texts
 * near DBL_MAX are converted.
 */
static bool
float_overflows(const char *s, size_t n)
{
	long long e10 = 0, exp = 0;
	bool seen_nonzero = false, dot = false, eneg = false;
	char buf[STRIP_STACK];
	char *copy = NULL;
	size_t i, j;
	double d;

	for (i = 0; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
		if (s[i] == '.') {
			dot = true;
		} else if (is_digit(s[i])) {
			if (!seen_nonzero && s[i] != '0')
				seen_nonzero = true;
			if (seen_nonzero && !dot)
				e10++;
			else if (!seen_nonzero && dot)
				e10--;
		}
	}
	if (!seen_nonzero)
		return false;
	if (i < n) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < n; i++) {
			if (!is_digit(s[i]))
				continue;
			if (exp < 100000)
				exp = exp * 10 + (s[i] - '0');
		}
	}
	/* the value is 0.d1d2... * 10^e10, d1 its first digit that is not 0 */
	e10 += eneg ? -exp : exp;
	if (e10 <= 308)
		return false;
	if (e10 >= 310)
		return true;
	/* 10^308 <= value < 10^309: convert (never on real input) */
	if (n < sizeof(buf)) {
		copy = buf;
	} else {
		copy = malloc(n + 1);
		if (!copy)
			return false;
	}
	for (i = 0, j = 0; i < n; i++)
		if (s[i] != '_')
			copy[j++] = s[i];
	copy[j] = '\0';
	d = c_strtod(copy);
	if (copy != buf)
		free(copy);
	return isinf(d);
}

static void
resolve(const char *s, size_t len, struct y11_val *v)
{
	char buf[STRIP_STACK];
	char *plain = NULL;
	size_t i, n;
	uint64_t u;
	char hint;
	int base;

	memset(v, 0, sizeof(*v));
	v->type = ALINT_Y11_STR;
	if (len == 0) {
		v->type = ALINT_Y11_NULL;
		return;
	}
	hint = hint_of((unsigned char)s[0]);
	if (!hint)
		return;
	if (len <= 5) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			if (words[i].len != len || words[i].text[0] != s[0] ||
			    memcmp(words[i].text, s, len) != 0)
				continue;
			v->type = (enum alint_y11_type)words[i].type;
			v->bval = words[i].val == 1;
			v->special = words[i].val;
			return;
		}
	}
	switch (hint) {
	case 'M':
		return;
	case '.':
		if (go_dot_float_syntax(s, len) && !float_overflows(s, len))
			v->type = ALINT_Y11_FLOAT;
		return;
	default:
		break;
	}

	/* plain decimal digits, the common case: no need to copy */
	if (hint == 'D' && len <= 18) {
		for (i = 0; i < len && is_digit(s[i]); i++)
			;
		if (i == len) {
			/* a leading 0 is octal: 8 or 9 makes it a float */
			base = s[0] == '0' ? 8 : 10;
			for (i = 0; i < len && s[i] - '0' < base; i++)
				v->mag = v->mag * (uint64_t)base +
					(uint64_t)(s[i] - '0');
			v->type = i < len ? ALINT_Y11_FLOAT : ALINT_Y11_INT;
			return;
		}
	}

	/* 'D' or 'S': strip every '_' first, as go-yaml does */
	if (len < sizeof(buf)) {
		plain = buf;
	} else {
		plain = malloc(len + 1);
		if (!plain)
			return;	/* out of memory: call it a string */
	}
	for (i = 0, n = 0; i < len; i++)
		if (s[i] != '_')
			plain[n++] = s[i];
	plain[n] = '\0';

	if (go_parse_int(plain, n, 0, &v->neg, &v->mag)) {
		v->type = ALINT_Y11_INT;
	} else if (go_parse_uint(plain, n, 0, &u)) {
		v->type = ALINT_Y11_INT;
		v->mag = u;
	} else if (yaml_style_float(plain, n) && !float_overflows(plain, n)) {
		v->type = ALINT_Y11_FLOAT;
	} else if (n >= 2 && plain[0] == '0' && plain[1] == 'b') {
		/* ParseInt(plain[2:], 2), then ParseUint: "0b-101" is -5 */
		if (go_parse_int(plain + 2, n - 2, 2, &v->neg, &v->mag)) {
			v->type = ALINT_Y11_INT;
		} else if (go_parse_uint(plain + 2, n - 2, 2, &u)) {
			v->type = ALINT_Y11_INT;
			v->mag = u;
		}
	} else if (n >= 3 && memcmp(plain, "-0b", 3) == 0) {
		/* ParseInt("-" + plain[3:], 2) */
		plain[2] = '-';
		if (go_parse_int(plain + 2, n - 2, 2, &v->neg, &v->mag))
			v->type = ALINT_Y11_INT;
	}
	if (plain != buf)
		free(plain);
}

enum alint_y11_type
alint__y11_resolve(const char *s, size_t len)
{
	struct y11_val v;
	char hint;

	/* most keys and values start with a letter outside the table, or
	 * are longer than its words */
	if (len > 0) {
		hint = hint_of((unsigned char)s[0]);
		if (!hint || (hint == 'M' && len > 5))
			return ALINT_Y11_STR;
	}
	resolve(s, len, &v);
	return v.type;
}

/*
 * Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that
 * give back the same float32, in %e form when the decimal exponent is
 * below -4 or at least 6, else in %f form.
 */
static char *
go_format_float32(struct alint__arena *a, double d)
{
	char digits[32], tmp[48], out[64];
	float f = (float)d;
	int p, nd, exp10, dp, i, k = 0, e;
	const char *m;
	char *end;

	if (isnan(f))
		return alint__arena_strndup(a, ".nan", 4);
	if (isinf(f))
		return f > 0 ? alint__arena_strndup(a, ".inf", 4) :
			alint__arena_strndup(a, "-.inf", 5);
	if (f == 0.0f)
		return signbit(f) ? alint__arena_strndup(a, "-0", 2) :
			alint__arena_strndup(a, "0", 1);
	for (p = 1; p <= 9; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, (double)f);
		if ((float)c_strtod(tmp) == f)
			break;
	}
	/* tmp is [-]d[.ddd]e[+-]xx */
	m = tmp;
	if (*m == '-') {
		out[k++] = '-';
		m++;
	}
	nd = 0;
	for (; *m && *m != 'e'; m++)
		if (is_digit(*m) && nd < (int)sizeof(digits) - 1)
			digits[nd++] = *m;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	exp10 = (int)strtol(m + 1, &end, 10);
	dp = exp10 + 1;
	if (exp10 < -4 || exp10 >= 6) {
		out[k++] = digits[0];
		if (nd > 1) {
			out[k++] = '.';
			for (i = 1; i < nd; i++)
				out[k++] = digits[i];
		}
		out[k++] = 'e';
		out[k++] = exp10 < 0 ? '-' : '+';
		e = exp10 < 0 ? -exp10 : exp10;
		if (e >= 100)
			out[k++] = (char)('0' + e / 100);
		out[k++] = (char)('0' + (e / 10) % 10);
		out[k++] = (char)('0' + e % 10);
	} else {
		if (dp > 0) {
			for (i = 0; i < dp; i++)
				out[k++] = i < nd ? digits[i] : '0';
		} else {
			out[k++] = '0';
		}
		if (nd > dp) {
			out[k++] = '.';
			for (i = dp; i < nd; i++)
				out[k++] = i < 0 ? '0' : digits[i];
		}
	}
	return alint__arena_strndup(a, out, (size_t)k);
}

/* Float value of a resolved FLOAT scalar (finite case). */
static double
float_value(const char *s, size_t len)
{
	char buf[STRIP_STACK];
	char *copy;
	size_t i, j;
	double d;

	if (len < sizeof(buf)) {
		copy = buf;
	} else {
		copy = malloc(len + 1);
		if (!copy)
			return 0.0;
	}
	for (i = 0, j = 0; i < len; i++)
		if (s[i] != '_')
			copy[j++] = s[i];
	copy[j] = '\0';
	d = c_strtod(copy);
	if (copy != buf)
		free(copy);
	return d;
}

const char *
alint__y11_key_text(struct alint__arena *a, const char *s, size_t len,
		    size_t *outlen)
{
	struct y11_val v;
	char num[32];
	const char *t = s;
	int n;

	resolve(s, len, &v);
	switch (v.type) {
	case ALINT_Y11_STR:
		*outlen = len;
		return s;
	case ALINT_Y11_NULL:
		*outlen = 4;
		return "null";
	case ALINT_Y11_BOOL:
		*outlen = v.bval ? 4 : 5;
		return v.bval ? "true" : "false";
	case ALINT_Y11_INT:
		if (v.neg && v.mag)
			n = snprintf(num, sizeof(num), "-%llu",
				     (unsigned long long)v.mag);
		else
			n = snprintf(num, sizeof(num), "%llu",
				     (unsigned long long)v.mag);
		t = alint__arena_strndup(a, num, (size_t)n);
		break;
	case ALINT_Y11_FLOAT:
		if (v.special == 2)
			t = ".nan";
		else if (v.special == 1)
			t = ".inf";
		else if (v.special == -1)
			t = "-.inf";
		else
			t = go_format_float32(a, float_value(s, len));
		break;
	}
	if (!t)
		return NULL;
	*outlen = strlen(t);
	return t;
}
