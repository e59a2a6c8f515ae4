/* alloc_wrap.h - malloc, calloc and realloc of the whole program routed
 * through the test's `static bool should_fail(size_t size, bool resize)`, which
 * the including file defines first: true makes the call fail (NULL). The
 * program must be linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * (see tests/batch_nomem.cmake and tests/pack_nomem.cmake). */
#ifndef ALLOC_WRAP_H
#define ALLOC_WRAP_H

#include <stdbool.h>
#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n)
{
	return should_fail(n, false) ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	return should_fail(k * n, false) ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail(n, true) ? NULL : __real_realloc(p, n);
}

#endif
