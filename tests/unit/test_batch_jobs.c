/* test_batch_jobs.c - how many threads a batch starts: with jobs 0, one per
 * processor the process may run on (its CPU affinity, as under taskset or in a
 * container), the calling thread among them; never more than the files. And
 * where they start: each worker on a processor of its own, the caller's set of
 * processors given back to it once it runs; where the kernel puts it when a
 * processor is refused.
 *
 * pthread_create is routed through the wrapper below at link time
 * (tests/batch_jobs.cmake), which counts the threads started and records,
 * for each, the processor its attributes name, the one it first ran on and
 * its processors when it ended. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "tlcheck/batch.h"
#include "tlcheck/tlcheck.h"

#include "batch_corpus.h"

#define MAX_SEEN 8

/* What the wrapper saw of one thread. */
typedef struct seen {
	int named;        /* the one processor its attributes named, -1 none */
	int first;        /* the processor it first ran on */
	cpu_set_t last;   /* its processors when its function returned */
} seen;

static atomic_int started;
static atomic_int refused;
static bool refuse_placed; /* fail creations whose attributes name processors */
static seen threads_seen[MAX_SEEN];

typedef struct trampoline {
	void *(*fn)(void *);
	void *arg;
	seen *s;
} trampoline;

static void *run(void *arg)
{
	trampoline t = *(trampoline *)arg;
	free(arg);
	if (t.s)
		t.s->first = sched_getcpu();
	void *r = t.fn(t.arg);
	if (t.s)
		sched_getaffinity(0, sizeof(t.s->last), &t.s->last);
	return r;
}

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	cpu_set_t set;
	int named = -1;
	/* Attributes that name no processor give every one. */
	if (a && pthread_attr_getaffinity_np(a, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1) {
		if (refuse_placed) {
			atomic_fetch_add(&refused, 1);
			return EINVAL;
		}
		for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, &set))
				named = cpu;
	}
	trampoline *tr = malloc(sizeof(*tr));
	if (!tr)
		return EAGAIN;
	int k = atomic_load(&started);
	*tr = (trampoline){fn, arg, k < MAX_SEEN ? &threads_seen[k] : NULL};
	if (tr->s)
		tr->s->named = named;
	int rc = __real_pthread_create(t, a, run, tr);
	if (rc == 0)
		atomic_fetch_add(&started, 1);
	else
		free(tr);
	return rc;
}

static int on_result(void *ud, size_t index, tlcheck_result *res)
{
	size_t *n = ud;
	(void)index;
	(*n)++;
	tlcheck_result_free(res);
	return 0;
}

/* Threads started by a batch of `count` files with `jobs`, all results delivered. */
static int threads_for(fixture *fx, unsigned jobs, size_t count)
{
	size_t delivered = 0;
	atomic_store(&started, 0);
	assert_int_equal(tlcheck_check_files(fx->pack, (const char *const *)fx->paths, count, NULL,
	                                     jobs, on_result, &delivered),
	                 0);
	assert_int_equal(delivered, count);
	return atomic_load(&started);
}

/* The first `n` processors the calling thread may run on, in `some`. */
static int first_processors(cpu_set_t *some, const cpu_set_t *all, int n)
{
	int k = 0;
	CPU_ZERO(some);
	for (int cpu = 0; cpu < CPU_SETSIZE && k < n; cpu++)
		if (CPU_ISSET(cpu, all)) {
			CPU_SET(cpu, some);
			k++;
		}
	return k;
}

/* With the process allowed on `n` of the processors it may use now, jobs 0
 * starts n - 1 workers; the affinity is restored after. */
static void expect_workers_on(fixture *fx, int n)
{
	cpu_set_t all, some;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	first_processors(&some, &all, n);
	assert_int_equal(sched_setaffinity(0, sizeof(some), &some), 0);
	int got = threads_for(fx, 0, NFILES);
	assert_int_equal(sched_setaffinity(0, sizeof(all), &all), 0);
	assert_int_equal(got, n - 1);
}

static void test_default_follows_affinity(void **state)
{
	fixture *fx = *state;
	cpu_set_t all;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	int cpus = CPU_COUNT(&all);
	/* One processor: the calling thread alone, whatever the machine has. */
	expect_workers_on(fx, 1);
	if (cpus >= 2)
		expect_workers_on(fx, 2);
	else
		print_message("only one processor available: the 2-processor case is skipped\n");
}

static void test_explicit_jobs(void **state)
{
	fixture *fx = *state;
	assert_int_equal(threads_for(fx, 1, NFILES), 0);
	assert_int_equal(threads_for(fx, 3, NFILES), 2);
	/* Never more threads than files. */
	assert_int_equal(threads_for(fx, 8, 2), 1);
}

/* On two processors, each worker is created on one of them, the one after
 * the caller's first: with --jobs 3, the two workers on different ones. Each
 * first runs there, and has both again once it runs. */
static void test_workers_start_apart(void **state)
{
	fixture *fx = *state;
	cpu_set_t all, two;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	if (first_processors(&two, &all, 2) < 2) {
		print_message("only one processor available: where workers start is not tested\n");
		return;
	}
	assert_int_equal(sched_setaffinity(0, sizeof(two), &two), 0);
	for (unsigned jobs = 2; jobs <= 3; jobs++) {
		memset(threads_seen, 0, sizeof(threads_seen));
		assert_int_equal(threads_for(fx, jobs, NFILES), (int)jobs - 1);
		for (unsigned k = 0; k < jobs - 1; k++) {
			seen *s = &threads_seen[k];
			assert_true(s->named >= 0 && CPU_ISSET(s->named, &two));
			assert_int_equal(s->first, s->named);
			assert_true(CPU_EQUAL(&s->last, &two));
		}
		if (jobs == 3)
			assert_int_not_equal(threads_seen[0].named, threads_seen[1].named);
	}
	assert_int_equal(sched_setaffinity(0, sizeof(all), &all), 0);
}

/* With one processor there is no choice to make: no worker is placed. */
static void test_one_processor_places_nothing(void **state)
{
	fixture *fx = *state;
	cpu_set_t all, one;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	first_processors(&one, &all, 1);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	memset(threads_seen, 0, sizeof(threads_seen));
	int got = threads_for(fx, 2, NFILES);
	assert_int_equal(sched_setaffinity(0, sizeof(all), &all), 0);
	assert_int_equal(got, 1);
	assert_int_equal(threads_seen[0].named, -1);
}

/* A processor refused (gone offline, outside a container's set): the worker
 * starts where the kernel puts it, and the batch is whole. */
static void test_refused_placement(void **state)
{
	fixture *fx = *state;
	cpu_set_t all;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	if (CPU_COUNT(&all) < 2) {
		print_message("only one processor available: no worker is placed to refuse\n");
		return;
	}
	refuse_placed = true;
	atomic_store(&refused, 0);
	memset(threads_seen, 0, sizeof(threads_seen));
	int got = threads_for(fx, 3, NFILES);
	refuse_placed = false;
	assert_int_equal(atomic_load(&refused), 2);
	assert_int_equal(got, 2);
	assert_int_equal(threads_seen[0].named, -1);
	assert_int_equal(threads_seen[1].named, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_follows_affinity),
		cmocka_unit_test(test_explicit_jobs),
		cmocka_unit_test(test_workers_start_apart),
		cmocka_unit_test(test_one_processor_places_nothing),
		cmocka_unit_test(test_refused_placement),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
