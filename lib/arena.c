/*
 * arena.c - bump allocator for objects that are freed together
 *
 * The YAML tree, findings and reports hold many small objects whose
 * lifetime is that of their owner. An arena hands them out from large
 * chunks: an allocation is a pointer bump, and alint__arena_free() returns
 * every chunk at once.
 *
 * Chunks grow geometrically: the first is 64 KiB, each new one is as large
 * as everything obtained so far, capped at 4 MiB. A request larger than a
 * quarter of the next chunk gets a chunk of its own, linked behind the
 * current one, so that the free space of the current chunk is not lost.
 * Every pointer is 8-byte aligned.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ARENA_ALIGN		8u
#define ARENA_FIRST_CHUNK	((size_t)64 << 10)
#define ARENA_MAX_CHUNK		((size_t)4 << 20)

struct alint__chunk {
	struct alint__chunk *next;
	size_t size;			/* usable bytes after the header */
	/* data follows, aligned (the header is 16 bytes) */
};

#define CHUNK_HDR ((sizeof(struct alint__chunk) + ARENA_ALIGN - 1) & \
	~(size_t)(ARENA_ALIGN - 1))

void
alint__arena_init(struct alint__arena *a)
{
	a->head = NULL;
	a->cur = NULL;
	a->left = 0;
	a->total = 0;
}

void
alint__arena_free(struct alint__arena *a)
{
	struct alint__chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	alint__arena_init(a);
}

/*
 * Move every chunk of src into dst, behind dst's current chunk, which
 * keeps serving dst's allocations; src is left empty. Pointers into src
 * stay valid, now until alint__arena_free(dst).
 */
void
alint__arena_take(struct alint__arena *dst, struct alint__arena *src)
{
	struct alint__chunk *tail;

	if (!src->head)
		return;
	if (!dst->head) {
		*dst = *src;
		alint__arena_init(src);
		return;
	}
	for (tail = src->head; tail->next; tail = tail->next)
		;
	tail->next = dst->head->next;
	dst->head->next = src->head;
	dst->total += src->total;
	alint__arena_init(src);
}

static struct alint__chunk *
chunk_new(size_t size)
{
	struct alint__chunk *c;

	if (size > SIZE_MAX - CHUNK_HDR)
		return NULL;
	c = malloc(CHUNK_HDR + size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size;
	return c;
}

void *
alint__arena_alloc(struct alint__arena *a, size_t size)
{
	struct alint__chunk *c;
	size_t next_size;
	char *p;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (size <= a->left) {
		p = a->cur;
		a->cur += size;
		a->left -= size;
		return p;
	}

	next_size = a->total;
	if (next_size < ARENA_FIRST_CHUNK)
		next_size = ARENA_FIRST_CHUNK;
	if (next_size > ARENA_MAX_CHUNK)
		next_size = ARENA_MAX_CHUNK;

	if (size > next_size / 4) {
		/* A chunk of its own, behind the current one. */
		c = chunk_new(size);
		if (!c)
			return NULL;
		a->total += CHUNK_HDR + size;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			a->head = c;
		}
		return (char *)c + CHUNK_HDR;
	}

	c = chunk_new(next_size);
	if (!c)
		return NULL;
	a->total += CHUNK_HDR + next_size;
	c->next = a->head;
	a->head = c;
	p = (char *)c + CHUNK_HDR;
	a->cur = p + size;
	a->left = next_size - size;
	return p;
}

char *
alint__arena_strndup(struct alint__arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = alint__arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
alint__arena_vprintf(struct alint__arena *a, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	p = alint__arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
alint__arena_printf(struct alint__arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = alint__arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *
alint__grow(void *p, size_t *cap, size_t n, size_t sz)
{
	void *np;
	size_t c;

	if (n < *cap)
		return p;
	c = *cap ? *cap * 2 : 16;
	if (c <= n)
		c = n + 1;
	np = realloc(p, c * sz);
	if (np)
		*cap = c;
	return np;
}
