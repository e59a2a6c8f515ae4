/* test_batch_lend.c - results lent to the callback: the batch frees each once,
 * after its callback, on the thread that made it.
 *
 * tlcheck_result_free is routed through the wrapper below at link time
 * (tests/batch_lend.cmake), which counts on which thread each result is freed
 * and whether the callback is still using it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "tlcheck/batch.h"
#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"

#include "batch_corpus.h"

/* ---- where results are freed ------------------------------------------------- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t caller;
static size_t freed_by_caller, freed_by_worker;
static const tlcheck_result *in_callback; /* the result `cb` is reading */
static bool freed_in_use;

void __real_tlcheck_result_free(tlcheck_result *res);
void __wrap_tlcheck_result_free(tlcheck_result *res);

void __wrap_tlcheck_result_free(tlcheck_result *res)
{
	if (res) {
		pthread_mutex_lock(&mu);
		if (pthread_equal(pthread_self(), caller))
			freed_by_caller++;
		else
			freed_by_worker++;
		if (res == in_callback)
			freed_in_use = true;
		pthread_mutex_unlock(&mu);
	}
	__real_tlcheck_result_free(res);
}

static void reset_counts(void)
{
	pthread_mutex_lock(&mu);
	caller = pthread_self();
	freed_by_caller = freed_by_worker = 0;
	in_callback = NULL;
	freed_in_use = false;
	pthread_mutex_unlock(&mu);
}

/* ---- a consumer that reads each result and writes a JSON report --------------- */

typedef struct consumer {
	size_t delivered;        /* also the index expected next */
	size_t slow;             /* the first `slow` callbacks take 2 ms each */
	size_t stop_at;          /* return 42 from this index (SIZE_MAX: never) */
	tlcheck_report *rep;
} consumer;

static int on_result(void *ud, size_t index, tlcheck_result *res)
{
	consumer *c = ud;
	assert_non_null(res);
	assert_int_equal(index, c->delivered);
	pthread_mutex_lock(&mu);
	in_callback = res;
	pthread_mutex_unlock(&mu);
	/* While the caller is slow here, workers check the files ahead and wait
	 * for the window to move: each delivery lets one claim another file. */
	if (index < c->slow)
		nanosleep(&(struct timespec){0, 2000000}, NULL);
	if (c->rep)
		assert_int_equal(tlcheck_report_add(c->rep, res), 0);
	(void)tlcheck_result_finding_count(res);
	pthread_mutex_lock(&mu);
	in_callback = NULL;
	pthread_mutex_unlock(&mu);
	c->delivered++;
	return index == c->stop_at ? 42 : 0;
}

/* A callback given its results frees them: every one on the calling thread,
 * none by the batch. (The consumer above does not free, so the batch must.) */
static int on_result_given(void *ud, size_t index, tlcheck_result *res)
{
	int rc = on_result(ud, index, res);
	tlcheck_result_free(res);
	return rc;
}

/* Runs the corpus into a JSON report, results lent (else given, and freed by
 * the callback); returns the bytes (malloc'd). */
static char *run_json(fixture *fx, unsigned jobs, bool lend, consumer *c, int *rc)
{
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	mem_report m;

	mem_report_open(&m, fx->pack);
	c->rep = m.rep;
	reset_counts();
	if (lend)
		*rc = tlcheck_check_files_lend(fx->pack, (const char *const *)fx->paths, NFILES, &co,
		                               jobs, on_result, c, NULL, NULL);
	else
		*rc = tlcheck_check_files(fx->pack, (const char *const *)fx->paths, NFILES, &co, jobs,
		                          on_result_given, c);
	c->rep = NULL;
	return mem_report_close(&m);
}

static void consumer_init(consumer *c)
{
	memset(c, 0, sizeof(*c));
	c->stop_at = SIZE_MAX;
}

/* ---- tests ------------------------------------------------------------------- */

/* One thread: the batch frees each result after its callback, on that thread;
 * the report is the one tlcheck_check_files gives. */
static void test_lent_on_one_thread(void **state)
{
	fixture *fx = *state;
	consumer c;
	int rc;

	consumer_init(&c);
	char *ref = run_json(fx, 1, false, &c, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(freed_by_caller, NFILES);

	consumer_init(&c);
	char *got = run_json(fx, 1, true, &c, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(c.delivered, NFILES);
	assert_string_equal(got, ref);
	assert_int_equal(freed_by_caller, NFILES);
	assert_int_equal(freed_by_worker, 0);
	assert_false(freed_in_use);
	free(got);
	free(ref);
}

/* Workers: every result is freed once, never while its callback runs, and
 * those a worker made are freed by that worker (when it next claims a file:
 * those delivered after its last claim are freed by the calling thread once
 * the worker is gone, so the window, 16 files per job, must be well short of
 * the NFILES files for workers to claim files after deliveries began); the
 * bytes do not change. */
static void test_lent_freed_by_their_maker(void **state)
{
	fixture *fx = *state;
	static const unsigned jobs_list[] = {2, 2, 2};
	consumer c;
	int rc;

	consumer_init(&c);
	char *ref = run_json(fx, 1, true, &c, &rc);
	assert_int_equal(rc, 0);
	for (size_t j = 0; j < sizeof(jobs_list) / sizeof(jobs_list[0]); j++) {
		consumer_init(&c);
		c.slow = 30;
		char *got = run_json(fx, jobs_list[j], true, &c, &rc);
		assert_int_equal(rc, 0);
		assert_int_equal(c.delivered, NFILES);
		assert_string_equal(got, ref);
		assert_false(freed_in_use);
		if (freed_by_caller + freed_by_worker != NFILES)
			fail_msg("--jobs %u: %zu results freed by the caller and %zu by workers, for %d",
			         jobs_list[j], freed_by_caller, freed_by_worker, NFILES);
		if (freed_by_worker == 0)
			fail_msg("--jobs %u: every result was freed by the calling thread", jobs_list[j]);
		free(got);
	}
	free(ref);
}

/* A callback that stops the batch: the result it was lent and every result
 * checked ahead are freed by the batch (the leak checkers of .ci/test run
 * this), none twice. */
static void test_lent_stop(void **state)
{
	fixture *fx = *state;
	static const unsigned jobs_list[] = {1, 2, 3};
	consumer c;
	int rc;

	for (size_t j = 0; j < sizeof(jobs_list) / sizeof(jobs_list[0]); j++) {
		consumer_init(&c);
		c.stop_at = 10;
		char *got = run_json(fx, jobs_list[j], true, &c, &rc);
		assert_int_equal(rc, 42);
		assert_int_equal(c.delivered, 11);
		assert_false(freed_in_use);
		/* Delivered ones, and those checked ahead and dropped. */
		assert_true(freed_by_caller + freed_by_worker >= 11);
		assert_true(freed_by_caller + freed_by_worker <= NFILES);
		free(got);
	}
}

/* Results of files of 1 MiB or more are freed by the calling thread as soon
 * as their callback returns, not kept for the worker that made them: with
 * large files those kept would hold most of the batch's memory. Six
 * declarations, each padded to 1.1 MB with comment lines. */
static void test_lent_large_freed_at_once(void **state)
{
	fixture *fx = *state;
	enum { NBIG = 6 };
	char *paths[NBIG];
	char line[128];

	memset(line, '#', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	for (int i = 0; i < NBIG; i++) {
		char name[32];
		snprintf(name, sizeof(name), "big%d.yaml", i);
		paths[i] = path_in(fx->dir, name);
		FILE *f = fopen(paths[i], "w");
		assert_non_null(f);
		write_decl(f, i);
		for (int k = 0; k < 1100000 / (int)(sizeof(line) - 1); k++)
			fputs(line, f);
		assert_int_equal(fclose(f), 0);
	}
	for (int run = 0; run < 3; run++) {
		consumer c;
		tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
		consumer_init(&c);
		c.slow = NBIG;
		reset_counts();
		int rc = tlcheck_check_files_lend(fx->pack, (const char *const *)paths, NBIG, &co, 2,
		                                  on_result, &c, NULL, NULL);
		assert_int_equal(rc, 0);
		assert_int_equal(c.delivered, NBIG);
		assert_false(freed_in_use);
		if (freed_by_caller != NBIG || freed_by_worker != 0)
			fail_msg("files of 1.1 MB: %zu results freed by the caller and %zu by the worker, "
			         "expected all %d by the caller", freed_by_caller, freed_by_worker, NBIG);
	}
	for (int i = 0; i < NBIG; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lent_on_one_thread),
		cmocka_unit_test(test_lent_freed_by_their_maker),
		cmocka_unit_test(test_lent_stop),
		cmocka_unit_test(test_lent_large_freed_at_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
