/* sanitizer.h - whether AddressSanitizer instruments this build, and its poisoning of memory kept for reuse. */
#ifndef TL_SANITIZER_H
#define TL_SANITIZER_H

#if defined(__SANITIZE_ADDRESS__)
#define TL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_ASAN 1
#endif
#endif

#ifdef TL_ASAN
#include <sanitizer/asan_interface.h>
#define TL_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define TL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define TL_POISON(p, n) ((void)(p), (void)(n))
#define TL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#endif
