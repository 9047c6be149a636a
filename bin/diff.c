/*
 * diff.c - unified diffs of a text and its fixed version, for --diff
 *
 * A line is its bytes with its terminator, so "a\r\n" and "a\n" differ
 * and CRLF lines are printed as they are; only the last line of a text
 * can lack the newline, and it is then followed by the marker
 * "\ No newline at end of file", as diff(1) and patch(1) expect.
 *
 * The lines common to the start and to the end of both texts are set
 * aside first (a fix changes a few lines of a long file). The rest is
 * diffed with Myers' greedy O(ND) algorithm (Myers 1986, "An O(ND)
 * Difference Algorithm and Its Variations"), on line numbers interned
 * from the line contents. Its memory grows with D squared, so D is
 * capped, and so is its work: when a region needs more, it is split at
 * the lines that occur exactly once on each side (patience diff's
 * anchors, kept in order by a longest increasing subsequence) and each
 * piece is diffed alone; a piece that is still too hard, or that has no
 * such line, becomes one block of removed and added lines. The result
 * is always a correct diff, if not always the shortest.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CONTEXT 3		/* lines of context around a change */
#define MYERS_DMAX 1024		/* largest D diffed in one piece */
#define SPLIT_DEPTH 6		/* nested splits at unique lines */

/* A text cut into lines: line i is [start[i], start[i + 1]). */
struct lines {
	const char *p;
	size_t len;
	size_t *start;
	size_t n;
};

struct differ {
	struct lines a, b;
	uint32_t *ida, *idb;	/* interned line of each line */
	unsigned char *del;	/* del[i]: line i of a is removed */
	unsigned char *ins;	/* ins[j]: line j of b is added */
	size_t nids;
	/* patience anchors */
	unsigned char *cnta, *cntb;	/* per id, saturated at 2 */
	size_t *posb;		/* per id, its last line in b */
	/* Myers */
	long *trace;
	size_t trace_cap;
};

static int split_lines(struct lines *l, const char *p, size_t len)
{
	const char *nl, *end = p + len, *s;
	size_t n = 0;

	l->p = p;
	l->len = len;
	for (s = p; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n++;
		if (!nl)
			break;
	}
	l->start = malloc((n + 1) * sizeof(*l->start));
	if (!l->start)
		return -1;
	l->n = n;
	n = 0;
	for (s = p; s < end; s = nl + 1) {
		l->start[n++] = (size_t)(s - p);
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			break;
	}
	l->start[n] = len;
	return 0;
}

static size_t line_len(const struct lines *l, size_t i)
{
	return l->start[i + 1] - l->start[i];
}

static int same_line(const struct lines *a, size_t i, const struct lines *b,
		     size_t j)
{
	size_t n = line_len(a, i);

	return n == line_len(b, j) &&
	       memcmp(a->p + a->start[i], b->p + b->start[j], n) == 0;
}

/* ---- interning ------------------------------------------------------- */

/*
 * The distinct lines seen so far: an open-addressing table of id + 1 (0 is
 * an empty slot), grown to keep it at most half full, and per id its hash
 * and a line that has it (the line number, LINE_IN_B set for b).
 */
#define LINE_IN_B ((uint32_t)1 << 31)

struct interner {
	uint32_t *tab;
	size_t size;
	uint64_t *hash;
	uint32_t *rep;
	size_t cap;
};

/* A hash of a line, eight bytes at a time (any byte order will do). */
static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
	return h ^ (h >> 29);
}

static int grow_table(struct interner *in, size_t nids)
{
	uint32_t *tab;
	size_t size = in->size ? in->size * 2 : 4096, mask = size - 1, id, k;

	tab = calloc(size, sizeof(*tab));
	if (!tab)
		return -1;
	for (id = 0; id < nids; id++) {
		for (k = (size_t)in->hash[id] & mask; tab[k];
		     k = (k + 1) & mask)
			;
		tab[k] = (uint32_t)(id + 1);
	}
	free(in->tab);
	in->tab = tab;
	in->size = size;
	return 0;
}

/* Give every line of a[a0, a1) and b[b0, b1) the number of its contents. */
static int intern(struct differ *d, size_t a0, size_t a1, size_t b0,
		  size_t b1)
{
	struct interner in;
	const struct lines *l, *o;
	size_t k, line, id, cap, end, mask;
	uint32_t *ids, r, *nr;
	uint64_t h, *nh;
	int side, rc = -1;

	memset(&in, 0, sizeof(in));
	d->nids = 0;
	if (grow_table(&in, 0) < 0)
		return -1;
	for (side = 0; side < 2; side++) {
		l = side ? &d->b : &d->a;
		ids = side ? d->idb : d->ida;
		line = side ? b0 : a0;
		end = side ? b1 : a1;
		for (; line < end; line++) {
			h = hash_bytes(l->p + l->start[line],
				       line_len(l, line));
			mask = in.size - 1;
			for (k = (size_t)h & mask; in.tab[k];
			     k = (k + 1) & mask) {
				id = in.tab[k] - 1;
				r = in.rep[id];
				o = r & LINE_IN_B ? &d->b : &d->a;
				if (in.hash[id] == h &&
				    same_line(l, line, o, r & ~LINE_IN_B))
					break;
			}
			if (in.tab[k]) {
				ids[line] = in.tab[k] - 1;
				continue;
			}
			id = d->nids++;
			if (id == in.cap) {
				cap = in.cap ? in.cap * 2 : 4096;
				nh = realloc(in.hash, cap * sizeof(*nh));
				if (nh)
					in.hash = nh;
				nr = realloc(in.rep, cap * sizeof(*nr));
				if (nr)
					in.rep = nr;
				if (!nh || !nr)
					goto out;
				in.cap = cap;
			}
			in.hash[id] = h;
			in.rep[id] = (uint32_t)line | (side ? LINE_IN_B : 0);
			in.tab[k] = (uint32_t)(id + 1);
			ids[line] = (uint32_t)id;
			if (d->nids * 2 > in.size &&
			    grow_table(&in, d->nids) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	free(in.tab);
	free(in.hash);
	free(in.rep);
	return rc;
}

/* ---- Myers ----------------------------------------------------------- */

/*
 * The shortest edit script of a[a0, a0 + n) to b[b0, b0 + m), marked in
 * del and ins. Trace entry (d, k), for diagonals k = -d, -d + 2, ..., d,
 * is the furthest x reached on diagonal k with d edits, -1 if none.
 * @return 0, 1 when D or the work would pass their caps, -1 (ENOMEM)
 */
static int myers(struct differ *d, size_t a0, size_t n, size_t b0,
		 size_t m)
{
	const uint32_t *a = d->ida + a0, *b = d->idb + b0;
	long ln = (long)n, lm = (long)m, x, y, k, xd, xr, best, *prev, *t;
	size_t dmax, step, need, cap, base, work = 0, budget;

	dmax = n + m < MYERS_DMAX ? n + m : MYERS_DMAX;
	budget = 1000000 + 32 * (n + m);
	if (n > (size_t)1 << 30 || m > (size_t)1 << 30)
		return 1;
	for (step = 0; step <= dmax; step++) {
		base = step * (step + 1) / 2;
		need = base + step + 1;
		if (need > d->trace_cap) {
			cap = d->trace_cap ? d->trace_cap * 2 : 4096;
			while (cap < need)
				cap *= 2;
			t = realloc(d->trace, cap * sizeof(*t));
			if (!t)
				return -1;
			d->trace = t;
			d->trace_cap = cap;
		}
		t = d->trace + base;
		prev = step ? d->trace + base - step : NULL;
		for (k = -(long)step; k <= (long)step; k += 2) {
			best = -1;
			if (step == 0) {
				best = 0;
			} else {
				/* down from k + 1: adds b[y - 1] */
				if (k + 1 <= (long)step - 1) {
					xd = prev[(k + 1 + (long)step - 1) / 2];
					if (xd >= 0 && xd - k <= lm)
						best = xd;
				}
				/* right from k - 1: removes a[x - 1] */
				if (k - 1 >= -((long)step - 1)) {
					xr = prev[(k - 1 + (long)step - 1) / 2];
					if (xr >= 0 && xr + 1 <= ln &&
					    xr + 1 > best)
						best = xr + 1;
				}
			}
			work++;
			if (best < 0) {
				t[(k + (long)step) / 2] = -1;
				continue;
			}
			x = best;
			y = x - k;
			while (x < ln && y < lm && a[x] == b[y]) {
				x++;
				y++;
			}
			work += (size_t)(x - best);
			t[(k + (long)step) / 2] = x;
			if (x == ln && y == lm)
				goto found;
		}
		if (work > budget)
			return 1;
	}
	return 1;

found:
	/* walk back from (n, m) through the trace */
	x = ln;
	k = ln - lm;
	for (; step > 0; step--) {
		prev = d->trace + (step - 1) * step / 2;
		best = -1;
		xd = xr = -1;
		if (k + 1 <= (long)step - 1) {
			xd = prev[(k + 1 + (long)step - 1) / 2];
			if (xd >= 0 && xd - k <= lm)
				best = xd;
		}
		if (k - 1 >= -((long)step - 1)) {
			xr = prev[(k - 1 + (long)step - 1) / 2];
			if (xr >= 0 && xr + 1 <= ln && xr + 1 > best)
				best = xr + 1;
			else
				xr = -1;
		}
		if (xr >= 0) {
			d->del[a0 + (size_t)xr] = 1;
			x = xr;
			k--;
		} else {
			/* down from (xd, xd - k - 1) */
			d->ins[b0 + (size_t)(xd - k - 1)] = 1;
			x = xd;
			k++;
		}
	}
	(void)x;
	return 0;
}

/* ---- splitting at unique lines ---------------------------------------- */

static void mark_block(struct differ *d, size_t a0, size_t a1, size_t b0,
		       size_t b1)
{
	if (a1 > a0)
		memset(d->del + a0, 1, a1 - a0);
	if (b1 > b0)
		memset(d->ins + b0, 1, b1 - b0);
}

static int solve(struct differ *d, size_t a0, size_t a1, size_t b0,
		 size_t b1, int depth);

/*
 * Split [a0, a1) x [b0, b1) at the lines found exactly once on each side,
 * the longest chain of them in the same order on both, and solve the
 * pieces between them.
 * @return 0, 1 when there is no such line, -1 (ENOMEM)
 */
static int split(struct differ *d, size_t a0, size_t a1, size_t b0,
		 size_t b1, int depth)
{
	size_t i, j, np = 0, len = 0, lo, hi, mid, *pa = NULL, *pb = NULL;
	size_t *tails = NULL, *back = NULL, *chain = NULL, pa0, pb0, c;
	uint32_t id;
	int rc = -1;

	for (i = a0; i < a1; i++)
		if (d->cnta[d->ida[i]] < 2)
			d->cnta[d->ida[i]]++;
	for (j = b0; j < b1; j++) {
		if (d->cntb[d->idb[j]] < 2)
			d->cntb[d->idb[j]]++;
		d->posb[d->idb[j]] = j;
	}
	pa = malloc((a1 - a0) * sizeof(*pa));
	pb = malloc((a1 - a0) * sizeof(*pb));
	tails = malloc((a1 - a0 + 1) * sizeof(*tails));
	back = malloc((a1 - a0) * sizeof(*back));
	if (!pa || !pb || !tails || !back)
		goto out;
	for (i = a0; i < a1; i++) {
		id = d->ida[i];
		if (d->cnta[id] == 1 && d->cntb[id] == 1) {
			pa[np] = i;
			pb[np] = d->posb[id];
			np++;
		}
	}
	/* longest increasing run of pb, pa being increasing already */
	for (i = 0; i < np; i++) {
		lo = 0;
		hi = len;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (pb[tails[mid]] < pb[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		back[i] = lo ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	for (i = a0; i < a1; i++)
		d->cnta[d->ida[i]] = 0;
	for (j = b0; j < b1; j++)
		d->cntb[d->idb[j]] = 0;
	if (len == 0) {
		rc = 1;
		goto out;
	}
	chain = malloc(len * sizeof(*chain));
	if (!chain)
		goto out;
	for (c = len, i = tails[len - 1]; c > 0; i = back[i])
		chain[--c] = i;
	/* not needed in the pieces, which may split again */
	free(tails);
	free(back);
	tails = back = NULL;
	pa0 = a0;
	pb0 = b0;
	for (c = 0; c < len; c++) {
		i = chain[c];
		if (solve(d, pa0, pa[i], pb0, pb[i], depth + 1) < 0)
			goto out;
		pa0 = pa[i] + 1;
		pb0 = pb[i] + 1;
	}
	if (solve(d, pa0, a1, pb0, b1, depth + 1) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		for (i = a0; i < a1; i++)
			d->cnta[d->ida[i]] = 0;
		for (j = b0; j < b1; j++)
			d->cntb[d->idb[j]] = 0;
	}
	free(pa);
	free(pb);
	free(tails);
	free(back);
	free(chain);
	return rc;
}

static int solve(struct differ *d, size_t a0, size_t a1, size_t b0,
		 size_t b1, int depth)
{
	int rc;

	while (a0 < a1 && b0 < b1 && d->ida[a0] == d->idb[b0]) {
		a0++;
		b0++;
	}
	while (a0 < a1 && b0 < b1 && d->ida[a1 - 1] == d->idb[b1 - 1]) {
		a1--;
		b1--;
	}
	if (a0 == a1 || b0 == b1) {
		mark_block(d, a0, a1, b0, b1);
		return 0;
	}
	rc = myers(d, a0, a1 - a0, b0, b1 - b0);
	if (rc <= 0)
		return rc;
	if (depth < SPLIT_DEPTH) {
		rc = split(d, a0, a1, b0, b1, depth);
		if (rc <= 0)
			return rc;
	}
	mark_block(d, a0, a1, b0, b1);
	return 0;
}

/* ---- printing -------------------------------------------------------- */

/* "--- a/NAME", the name quoted the way git quotes names that need it. */
static void put_name(FILE *f, const char *header, const char *side,
		     const char *name)
{
	const unsigned char *s;
	int quote = 0;

	for (s = (const unsigned char *)name; *s; s++)
		if (*s < 0x20 || *s == 0x7F || *s == '"' || *s == '\\')
			quote = 1;
	fputs(header, f);
	if (quote)
		putc('"', f);
	/* "a//abs/path" would be odd: "a/abs/path", as git prints it */
	fputs(side, f);
	if (*name != '/')
		putc('/', f);
	for (s = (const unsigned char *)name; *s; s++) {
		if (!quote) {
			putc(*s, f);
			continue;
		}
		switch (*s) {
		case '"':
		case '\\':
			putc('\\', f);
			putc(*s, f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20 || *s == 0x7F)
				fprintf(f, "\\%03o", (unsigned int)*s);
			else
				putc(*s, f);
			break;
		}
	}
	if (quote)
		putc('"', f);
	putc('\n', f);
}

static void put_line(FILE *f, char mark, const struct lines *l, size_t i)
{
	size_t n = line_len(l, i);

	putc(mark, f);
	fwrite(l->p + l->start[i], 1, n, f);
	if (n == 0 || l->p[l->start[i] + n - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", f);
}

/* "-START,COUNT" as diff -u writes it: ",1" left out, START 0-based if 0. */
static void put_range(FILE *f, char sign, size_t lo, size_t count)
{
	if (count == 1)
		fprintf(f, "%c%zu", sign, lo + 1);
	else
		fprintf(f, "%c%zu,%zu", sign, count ? lo + 1 : lo, count);
}

/* A change: lines [a0, a1) of a replaced by [b0, b1) of b. */
struct change {
	size_t a0, a1, b0, b1;
};

static void put_hunk(FILE *f, const struct differ *d,
		     const struct change *c, size_t nc)
{
	size_t alo, ahi, blo, bhi, pre, post, i, k;

	pre = c[0].a0 < CONTEXT ? c[0].a0 : CONTEXT;
	post = d->a.n - c[nc - 1].a1;
	if (post > CONTEXT)
		post = CONTEXT;
	alo = c[0].a0 - pre;
	blo = c[0].b0 - pre;
	ahi = c[nc - 1].a1 + post;
	bhi = c[nc - 1].b1 + post;
	fputs("@@ ", f);
	put_range(f, '-', alo, ahi - alo);
	putc(' ', f);
	put_range(f, '+', blo, bhi - blo);
	fputs(" @@\n", f);
	i = alo;
	for (k = 0; k < nc; k++) {
		for (; i < c[k].a0; i++)
			put_line(f, ' ', &d->a, i);
		for (; i < c[k].a1; i++)
			put_line(f, '-', &d->a, i);
		for (i = c[k].b0; i < c[k].b1; i++)
			put_line(f, '+', &d->b, i);
		i = c[k].a1;
	}
	for (; i < ahi; i++)
		put_line(f, ' ', &d->a, i);
}

/* Print the changes marked in d as hunks; 0 or -1 (ENOMEM). */
static int put_hunks(FILE *f, struct differ *d)
{
	struct change *c = NULL, *nc;
	size_t i = 0, j = 0, n = 0, cap = 0, first;

	while (i < d->a.n || j < d->b.n) {
		if (i < d->a.n && j < d->b.n && !d->del[i] && !d->ins[j]) {
			i++;
			j++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nc = realloc(c, cap * sizeof(*c));
			if (!nc) {
				free(c);
				return -1;
			}
			c = nc;
		}
		c[n].a0 = i;
		c[n].b0 = j;
		while (i < d->a.n && d->del[i])
			i++;
		while (j < d->b.n && d->ins[j])
			j++;
		if (i == c[n].a0 && j == c[n].b0) {
			/* unpaired lines left on one side: cannot happen */
			i = d->a.n;
			j = d->b.n;
		}
		c[n].a1 = i;
		c[n].b1 = j;
		n++;
	}
	for (first = 0, i = 1; i <= n; i++) {
		if (i < n && c[i].a0 - c[i - 1].a1 <= 2 * CONTEXT)
			continue;
		put_hunk(f, d, c + first, i - first);
		first = i;
	}
	free(c);
	return 0;
}

int cli_diff(FILE *f, const char *name, const char *a, size_t alen,
	     const char *b, size_t blen)
{
	struct differ d;
	size_t a0 = 0, b0 = 0, a1, b1, nids;
	int rc = -1;

	if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
		return 0;
	memset(&d, 0, sizeof(d));
	if (split_lines(&d.a, a ? a : "", alen) < 0 ||
	    split_lines(&d.b, b ? b : "", blen) < 0)
		goto out;
	d.del = calloc(d.a.n + 1, 1);
	d.ins = calloc(d.b.n + 1, 1);
	d.ida = malloc((d.a.n + 1) * sizeof(*d.ida));
	d.idb = malloc((d.b.n + 1) * sizeof(*d.idb));
	if (!d.del || !d.ins || !d.ida || !d.idb)
		goto out;

	/* the common head and tail need no interning */
	a1 = d.a.n;
	b1 = d.b.n;
	while (a0 < a1 && b0 < b1 && same_line(&d.a, a0, &d.b, b0)) {
		a0++;
		b0++;
	}
	while (a0 < a1 && b0 < b1 && same_line(&d.a, a1 - 1, &d.b, b1 - 1)) {
		a1--;
		b1--;
	}
	if (a0 == a1 || b0 == b1 || d.a.n >= LINE_IN_B ||
	    d.b.n >= LINE_IN_B) {
		/* nothing to align, or too many lines to number */
		mark_block(&d, a0, a1, b0, b1);
	} else {
		if (intern(&d, a0, a1, b0, b1) < 0)
			goto out;
		nids = d.nids ? d.nids : 1;
		d.cnta = calloc(nids, 1);
		d.cntb = calloc(nids, 1);
		d.posb = malloc(nids * sizeof(*d.posb));
		if (!d.cnta || !d.cntb || !d.posb)
			goto out;
		if (solve(&d, a0, a1, b0, b1, 0) < 0)
			goto out;
	}
	put_name(f, "--- ", "a", name);
	put_name(f, "+++ ", "b", name);
	rc = put_hunks(f, &d);
out:
	free(d.a.start);
	free(d.b.start);
	free(d.del);
	free(d.ins);
	free(d.ida);
	free(d.idb);
	free(d.cnta);
	free(d.cntb);
	free(d.posb);
	free(d.trace);
	return rc;
}
