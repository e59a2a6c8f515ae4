/* fuzz.h - the libFuzzer entry point every target defines, and small checks they share. */
#ifndef TL_FUZZ_H
#define TL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs one input; libFuzzer (or replay.c) calls it. Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test failed: abort() so that both libFuzzer
 * and the replay programs record it as a crash, with the reason on stderr. */
#define FUZZ_ASSERT(cond)                                                               \
	do {                                                                              \
		if (!(cond)) {                                                                \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                  \
		}                                                                             \
	} while (0)

#endif
