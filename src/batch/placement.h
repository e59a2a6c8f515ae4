/* placement.h - starting threads on processors of their own.
 *
 * Left to itself, the kernel may queue a new thread on the processor of the
 * thread that created it, busy with that thread's own share of the work, while
 * another processor is idle: the new thread then waits for its creator's time
 * slice to end. tl_thread_start() creates thread k on a processor of its own,
 * the ones after the creator's in turn (the creator's last, when there are more
 * threads than processors); the thread gives itself back every processor the
 * creator may use by calling tl_placement_release() first, so that from then
 * on the scheduler moves it freely. With glibc only (pthread_attr_setaffinity_np);
 * elsewhere, and with one processor, threads start where the kernel puts them.
 */
#ifndef TL_PLACEMENT_H
#define TL_PLACEMENT_H

#if defined(__linux__) && !defined(_GNU_SOURCE)
#error "placement.h needs _GNU_SOURCE defined before the first system header"
#endif

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__GLIBC__) && defined(CPU_COUNT)
#define TL_PLACE_THREADS 1
#else
#define TL_PLACE_THREADS 0
#endif

typedef struct tl_placement {
#if TL_PLACE_THREADS
	cpu_set_t allowed;     /* the creator's processors, every thread's in the end */
	int creator;           /* the processor the creator was on; -1 unknown */
#endif
	bool on;               /* false: threads start where the kernel puts them */
} tl_placement;

/* Takes the processors the calling thread may run on, and the one it is on. */
void tl_placement_init(tl_placement *pl);

/* pthread_create() of thread k (0, 1, ...) with a stack of `stack` bytes (0:
 * the default), on its own processor; where that is refused (a processor gone
 * offline, a container's limits), where the kernel puts it. */
int tl_thread_start(pthread_t *t, size_t stack, const tl_placement *pl, unsigned k,
                    void *(*fn)(void *), void *arg);

/* The first thing a thread started by tl_thread_start() does: it may then run
 * on any of the creator's processors. */
void tl_placement_release(const tl_placement *pl);

#endif
