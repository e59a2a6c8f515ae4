/* arena.h - bump allocator: one free releases everything allocated from it. */
#ifndef TL_ARENA_H
#define TL_ARENA_H

#include <stddef.h>

typedef struct tl_arena_block tl_arena_block;

typedef struct tl_arena {
	tl_arena_block *head;  /* newest block first */
	size_t used;           /* bytes handed out, for limits and statistics */
	size_t limit;          /* 0 = unlimited; allocations beyond it fail */
	size_t block;          /* size of a new block; 0 = 16 KiB. Small for the
	                          many small arenas of a rule pack's expressions */
} tl_arena;

#define TL_ARENA_INIT {NULL, 0, 0, 0}

/* Returns zeroed, max-aligned memory owned by the arena, or NULL when out of
 * memory or past `limit`. Never free the result on its own. */
void *tl_arena_alloc(tl_arena *a, size_t size);

/* Copies `len` bytes of `s` and adds a NUL. Owned by the arena. */
char *tl_arena_strndup(tl_arena *a, const char *s, size_t len);
char *tl_arena_strdup(tl_arena *a, const char *s);

/* Grows an array owned by the arena: returns a new block holding the old
 * contents (the old block is simply abandoned to the arena). */
void *tl_arena_grow(tl_arena *a, void *old, size_t old_size, size_t new_size);

/* Frees every block; the arena is empty and reusable afterwards. */
void tl_arena_clear(tl_arena *a);

/* Empties the arena but keeps one block of the usual size for what comes
 * next: an arena filled and emptied once per document of a batch then asks
 * malloc for nothing while a document fits in that block. */
void tl_arena_reset(tl_arena *a);

/* Blocks the arena holds (for tests and statistics). */
size_t tl_arena_blocks(const tl_arena *a);

#endif
