/* sort.h - qsort and bsearch for arrays that may be empty, and then NULL. */
#ifndef TL_SORT_H
#define TL_SORT_H

#include <stdlib.h>

/* qsort(base, n, size, cmp), but nothing for fewer than two elements: the C
 * library declares `base` non-null even when `n` is 0, and an empty array is
 * often a NULL pointer here (UBSan reports the call). */
static inline void tl_sort(void *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* bsearch(key, base, n, size, cmp), but NULL for an empty array without
 * calling it (the same non-null declaration). */
static inline void *tl_search(const void *key, const void *base, size_t n, size_t size,
                              int (*cmp)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
