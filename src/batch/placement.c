/* placement.c - starting threads on processors of their own (see placement.h). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getcpu, CPU_COUNT, pthread_attr_setaffinity_np */
#endif
#include "placement.h"

void tl_placement_init(tl_placement *pl)
{
	pl->on = false;
#if TL_PLACE_THREADS
	if (sched_getaffinity(0, sizeof(pl->allowed), &pl->allowed) != 0 ||
	    CPU_COUNT(&pl->allowed) < 2)
		return;
	pl->creator = sched_getcpu();
	if (pl->creator < 0 || pl->creator >= CPU_SETSIZE || !CPU_ISSET(pl->creator, &pl->allowed))
		pl->creator = -1;
	pl->on = true;
#endif
}

#if TL_PLACE_THREADS
/* The processor thread k starts on: the allowed ones after the creator's, in
 * turn (the creator's last). */
static int processor_for(const tl_placement *pl, unsigned k)
{
	unsigned skip = k % (unsigned)CPU_COUNT(&pl->allowed);
	for (int i = 1; i <= CPU_SETSIZE; i++) {
		int cpu = (pl->creator + i) % CPU_SETSIZE;
		if (CPU_ISSET(cpu, &pl->allowed) && skip-- == 0)
			return cpu;
	}
	return -1; /* not reached: the set holds CPU_COUNT processors */
}
#endif

/* pthread_create() with a stack of `stack` bytes (0: the default), on
 * processor `cpu` alone when it is 0 or more. */
static int create(pthread_t *t, size_t stack, int cpu, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc = -1;

	if (pthread_attr_init(&attr) != 0)
		return cpu < 0 ? pthread_create(t, NULL, fn, arg) : -1;
	if (stack)
		pthread_attr_setstacksize(&attr, stack);
	bool ok = cpu < 0; /* nothing to set, or set below */
#if TL_PLACE_THREADS
	if (cpu >= 0) {
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		ok = pthread_attr_setaffinity_np(&attr, sizeof(one), &one) == 0;
	}
#endif
	if (ok)
		rc = pthread_create(t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return rc;
}

int tl_thread_start(pthread_t *t, size_t stack, const tl_placement *pl, unsigned k,
                    void *(*fn)(void *), void *arg)
{
#if TL_PLACE_THREADS
	int cpu = pl->on ? processor_for(pl, k) : -1;
	if (cpu >= 0 && create(t, stack, cpu, fn, arg) == 0)
		return 0;
#else
	(void)pl;
	(void)k;
#endif
	return create(t, stack, -1, fn, arg);
}

void tl_placement_release(const tl_placement *pl)
{
#if TL_PLACE_THREADS
	if (pl->on)
		pthread_setaffinity_np(pthread_self(), sizeof(pl->allowed), &pl->allowed);
#else
	(void)pl;
#endif
}
