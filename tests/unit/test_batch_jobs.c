/* test_batch_jobs.c - how many threads a batch starts: with jobs 0, one per
 * processor the process may run on (its CPU affinity, as under taskset or in a
 * container), the calling thread among them; never more than the files.
 *
 * pthread_create is routed through the wrapper below at link time
 * (tests/batch_jobs.cmake), which counts the threads started. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "tlcheck/batch.h"
#include "tlcheck/tlcheck.h"

#include "batch_corpus.h"

static atomic_int started;

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	atomic_fetch_add(&started, 1);
	return __real_pthread_create(t, a, fn, arg);
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

/* With the process allowed on `n` of the processors it may use now, jobs 0
 * starts n - 1 workers; the affinity is restored after. */
static void expect_workers_on(fixture *fx, int n)
{
	cpu_set_t all, some;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	CPU_ZERO(&some);
	for (int cpu = 0, k = 0; cpu < CPU_SETSIZE && k < n; cpu++)
		if (CPU_ISSET(cpu, &all)) {
			CPU_SET(cpu, &some);
			k++;
		}
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_follows_affinity),
		cmocka_unit_test(test_explicit_jobs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
