/* test_arena.c - tl_arena: a reset keeps one block for what comes next, zeroed, and frees the rest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/sanitizer.h"

/* After a reset the first allocation comes from the block the arena kept:
 * the same memory as before, and zeroed again (what the last document left
 * in it is not seen by the next). */
static void test_reset_reuses_block(void **state)
{
	(void)state;
	tl_arena a = TL_ARENA_INIT;
	unsigned char *p = tl_arena_alloc(&a, 100);
	assert_non_null(p);
	memset(p, 0xAB, 100);
	assert_int_equal(a.used, 112);
	tl_arena_reset(&a);
	assert_int_equal(a.used, 0);
	assert_int_equal(tl_arena_blocks(&a), 1);
	/* Had the block been freed, this would most likely be given it (and
	 * under ASan it would never be handed out again). */
	void *hog = malloc(16384);
	assert_non_null(hog);
	unsigned char *q = tl_arena_alloc(&a, 100);
	free(hog);
	assert_ptr_equal(q, p);
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(q[i], 0);
	tl_arena_clear(&a);
	assert_null(a.head);
	assert_int_equal(tl_arena_blocks(&a), 0);
}

/* Of several blocks, the newest of the usual size is kept, and only it; a
 * large one-off block is freed (it would hold memory one document needed
 * for the rest of the batch). */
static void test_reset_keeps_one_usual_block(void **state)
{
	(void)state;
	tl_arena a = TL_ARENA_INIT;
	a.block = 1024;
	unsigned char *first = tl_arena_alloc(&a, 800);
	unsigned char *big = tl_arena_alloc(&a, 64 * 1024);
	unsigned char *second = tl_arena_alloc(&a, 800);
	assert_non_null(first);
	assert_non_null(big);
	assert_non_null(second);
	assert_int_equal(tl_arena_blocks(&a), 3);
	tl_arena_reset(&a);
	assert_int_equal(tl_arena_blocks(&a), 1);
	assert_ptr_equal(tl_arena_alloc(&a, 800), second);
	/* The kept block is full again: the next allocation takes a new one. */
	assert_non_null(tl_arena_alloc(&a, 800));
	assert_int_equal(tl_arena_blocks(&a), 2);
	tl_arena_reset(&a);
	assert_int_equal(a.used, 0);
	assert_int_equal(tl_arena_blocks(&a), 1);
	tl_arena_clear(&a);
}

/* An arena that never had a block of the usual size keeps none. */
static void test_reset_without_usual_block(void **state)
{
	(void)state;
	tl_arena a = TL_ARENA_INIT;
	a.block = 256;
	assert_non_null(tl_arena_alloc(&a, 4096));
	tl_arena_reset(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	tl_arena_reset(&a);
	assert_non_null(tl_arena_alloc(&a, 16));
	tl_arena_clear(&a);
}

/* Under ASan the kept block is poisoned until it is handed out again, so a
 * pointer used after the reset that emptied its arena is still reported as
 * a use after free, as when every block was freed. */
static void test_reset_poisons_kept_block(void **state)
{
	(void)state;
#ifdef TL_ASAN
	tl_arena a = TL_ARENA_INIT;
	unsigned char *p = tl_arena_alloc(&a, 64);
	assert_non_null(p);
	assert_false(__asan_address_is_poisoned(p));
	tl_arena_reset(&a);
	assert_true(__asan_address_is_poisoned(p));
	assert_true(__asan_address_is_poisoned(p + 63));
	unsigned char *q = tl_arena_alloc(&a, 32);
	assert_ptr_equal(q, p);
	assert_false(__asan_address_is_poisoned(q));
	assert_false(__asan_address_is_poisoned(q + 31));
	assert_true(__asan_address_is_poisoned(q + 32)); /* not handed out yet */
	tl_arena_clear(&a);
#else
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_reuses_block),
		cmocka_unit_test(test_reset_keeps_one_usual_block),
		cmocka_unit_test(test_reset_without_usual_block),
		cmocka_unit_test(test_reset_poisons_kept_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
