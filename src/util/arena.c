/* arena.c - bump allocator behind documents, packs and check results. */
#include "arena.h"
#include "sanitizer.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tl_arena_block {
	tl_arena_block *next;
	size_t size;
	size_t off;
	alignas(max_align_t) unsigned char data[];
};

#define ALIGN (alignof(max_align_t))
#define MIN_BLOCK ((size_t)16384 - sizeof(tl_arena_block))

void *tl_arena_alloc(tl_arena *a, size_t size)
{
	tl_arena_block *b = a->head;
	size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);

	if (need < size)
		return NULL;
	if (a->limit && (need > a->limit || a->used > a->limit - need))
		return NULL;
	if (!b || b->size - b->off < need) {
		size_t min = a->block ? a->block : MIN_BLOCK;
		size_t bsize = need > min ? need : min;
		if (bsize > SIZE_MAX - sizeof(*b))
			return NULL;
		b = malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		b->off = 0;
		/* A large one-off block goes behind the current one so the
		 * current block's free space is not wasted. */
		if (a->head && need > min) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->off;
	b->off += need;
	a->used += need;
	TL_UNPOISON(p, need);
	memset(p, 0, size);
	return p;
}

char *tl_arena_strndup(tl_arena *a, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = tl_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *tl_arena_strdup(tl_arena *a, const char *s)
{
	return tl_arena_strndup(a, s, strlen(s));
}

void *tl_arena_grow(tl_arena *a, void *old, size_t old_size, size_t new_size)
{
	void *p = tl_arena_alloc(a, new_size);
	if (p && old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

void tl_arena_reset(tl_arena *a)
{
	size_t min = a->block ? a->block : MIN_BLOCK;
	tl_arena_block *keep = NULL, *b = a->head;
	while (b) {
		tl_arena_block *next = b->next;
		if (!keep && b->size == min) {
			keep = b;
		} else {
			TL_UNPOISON(b->data, b->size);
			free(b);
		}
		b = next;
	}
	if (keep) {
		keep->next = NULL;
		keep->off = 0;
		/* Under ASan, until it is handed out again: a pointer kept past
		 * the reset is a use after free, reported as one, as it was when
		 * every block was freed. */
		TL_POISON(keep->data, keep->size);
	}
	a->head = keep;
	a->used = 0;
}

size_t tl_arena_blocks(const tl_arena *a)
{
	size_t n = 0;
	for (const tl_arena_block *b = a->head; b; b = b->next)
		n++;
	return n;
}

void tl_arena_clear(tl_arena *a)
{
	tl_arena_block *b = a->head;
	while (b) {
		tl_arena_block *next = b->next;
		TL_UNPOISON(b->data, b->size);
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}
