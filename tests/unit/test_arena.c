/* test_arena.c - tl_arena: a reset keeps one block for what comes next, zeroed, and frees the rest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"

/* After a reset the first allocation comes from the block the arena kept:
 * the same memory as before, handed out zeroed again. */
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
}

/* Of several blocks, one of the usual size is kept, whichever was filled
 * last; a large one-off block is not (it would hold memory a document
 * needed once for the rest of the batch). */
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
	tl_arena_reset(&a);
	unsigned char *p = tl_arena_alloc(&a, 800);
	assert_true(p == first || p == second);
	/* The kept block is empty: a second allocation needs another block,
	 * and the first is still the kept one's. */
	unsigned char *r = tl_arena_alloc(&a, 800);
	assert_non_null(r);
	assert_ptr_not_equal(r, p);
	tl_arena_reset(&a);
	assert_int_equal(a.used, 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_reuses_block),
		cmocka_unit_test(test_reset_keeps_one_usual_block),
		cmocka_unit_test(test_reset_without_usual_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
