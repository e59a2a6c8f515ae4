/* test_batch_nomem.c - a batch whose workers run out of memory still delivers
 * every result, in order, the same as a serial run: the file a worker could not
 * check is checked again on the calling thread, and when that fails too while
 * workers hold memory, the workers are retired and the rest is checked there.
 * Every test runs twice: results given to the callback (tlcheck_check_files)
 * and lent to it (tlcheck_check_files_lend, whose workers free their own).
 *
 * The program is linked with -Wl,--wrap for malloc, calloc and realloc
 * (tests/batch_nomem.cmake): the library's own allocations then pass through
 * the wrappers below, which fail on demand, by thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>

#include "tlcheck/batch.h"
#include "tlcheck/tlcheck.h"

#include "batch_corpus.h"

/* ---- allocation failures on demand ------------------------------------------ */

static pthread_t main_thread;
/* Allocations still to fail on worker threads (-1: every one). */
static atomic_int worker_failures;
/* Allocations still to fail on the calling thread once a worker has failed (-1: every one). */
static atomic_int main_failures;
static atomic_bool worker_failed;
static atomic_int failed_on_worker, failed_on_main;

static bool take(atomic_int *budget)
{
	int left = atomic_load(budget);
	while (left != 0) {
		if (left < 0)
			return true;
		if (atomic_compare_exchange_weak(budget, &left, left - 1))
			return true;
	}
	return false;
}

/* Allocations of at least this many bytes fail, on every thread. */
static atomic_size_t fail_from_size = SIZE_MAX;

static bool should_fail(size_t size, bool resize)
{
	(void)resize;
	if (size >= atomic_load(&fail_from_size))
		return true;
	if (!pthread_equal(pthread_self(), main_thread)) {
		if (!take(&worker_failures))
			return false;
		atomic_fetch_add(&failed_on_worker, 1);
		atomic_store(&worker_failed, true);
		return true;
	}
	if (!atomic_load(&worker_failed) || !take(&main_failures))
		return false;
	atomic_fetch_add(&failed_on_main, 1);
	return true;
}

#include "alloc_wrap.h"

static void inject(int on_workers, int on_main)
{
	atomic_store(&worker_failures, on_workers);
	atomic_store(&main_failures, on_main);
	atomic_store(&worker_failed, false);
	atomic_store(&failed_on_worker, 0);
	atomic_store(&failed_on_main, 0);
}

/* ---- what each delivered result said, without allocating -------------------- */

typedef struct seen {
	size_t delivered;
	uint64_t digest[NFILES];
	/* The findings as text (cut at the buffer's size), to show a difference:
	 * written with snprintf into this fixed space, no allocation. */
	char text[NFILES][1024];
} seen;

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (h ^ 0xff) * 1099511628211u;
}

/* Results lent (the batch frees them) rather than given. */
static bool lend;

/* Keeps a digest of the file's findings; allocates nothing, so that an
 * injected failure on this thread lands in the library. */
static int on_result(void *ud, size_t index, tlcheck_result *res)
{
	seen *s = ud;
	if (index != s->delivered || !res) {
		if (!lend)
			tlcheck_result_free(res);
		return 99;
	}
	uint64_t h = 14695981039346656037u;
	h = fnv(h, tlcheck_result_file(res));
	for (size_t k = 0; k < tlcheck_result_finding_count(res); k++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, k);
		char pos[32];
		snprintf(pos, sizeof(pos), "%u:%u", (unsigned)f->line, (unsigned)f->column);
		h = fnv(fnv(fnv(fnv(h, f->rule), f->path), pos), f->message);
		size_t used = strlen(s->text[index]);
		snprintf(s->text[index] + used, sizeof(s->text[index]) - used, "%s %s %s %.80s\n",
		         f->rule, pos, f->path, f->message);
	}
	s->digest[index] = h;
	s->delivered++;
	if (!lend)
		tlcheck_result_free(res);
	return 0;
}

static int run(fixture *fx, unsigned jobs, seen *s)
{
	memset(s, 0, sizeof(*s));
	if (lend)
		return tlcheck_check_files_lend(fx->pack, (const char *const *)fx->paths, NFILES, NULL,
		                                jobs, on_result, s, NULL, NULL);
	return tlcheck_check_files(fx->pack, (const char *const *)fx->paths, NFILES, NULL, jobs,
	                           on_result, s);
}

static void reference(fixture *fx, seen *ref)
{
	inject(0, 0);
	assert_int_equal(run(fx, 1, ref), 0);
	assert_int_equal(ref->delivered, NFILES);
}

static int setup_nomem(void **state)
{
	main_thread = pthread_self();
	inject(0, 0);
	return setup(state);
}

/* ---- tests ------------------------------------------------------------------- */

/* Runs the batch as injected: every result is delivered, as in the serial run. */
static void expect_complete(fixture *fx, const seen *ref, unsigned jobs)
{
	static seen got;
	assert_int_equal(run(fx, jobs, &got), 0);
	assert_int_equal(got.delivered, NFILES);
	/* A difference is shown with what was injected and both findings lists. */
	for (size_t i = 0; i < NFILES; i++)
		if (got.digest[i] != ref->digest[i])
			fail_msg("--jobs %u, results %s, %d allocation(s) failed on workers and %d on the "
			         "calling thread: file %zu differs from the serial run.\nserial:\n%sgot:\n%s",
			         jobs, lend ? "lent" : "given", atomic_load(&failed_on_worker),
			         atomic_load(&failed_on_main), i, ref->text[i], got.text[i]);
}

/* Every allocation on a worker fails: each worker leaves after its first file,
 * and the calling thread checks them all. */
static void test_workers_never_get_memory(void **state)
{
	fixture *fx = *state;
	seen ref;
	reference(fx, &ref);
	for (unsigned jobs = 2; jobs <= 8; jobs *= 2) {
		inject(-1, 0);
		expect_complete(fx, &ref, jobs);
		assert_true(atomic_load(&failed_on_worker) > 0);
	}
}

/* One worker allocation fails, then the calling thread's next allocation fails
 * too (checking a file of its own, or that worker's file again) while the
 * other workers hold memory: they are retired, and the calling thread checks
 * the rest. */
static void test_retry_fails_while_workers_run(void **state)
{
	fixture *fx = *state;
	seen ref;
	reference(fx, &ref);
	inject(1, 1);
	expect_complete(fx, &ref, 4);
	assert_int_equal(atomic_load(&failed_on_worker), 1);
	assert_int_equal(atomic_load(&failed_on_main), 1);
}

/* When the calling thread cannot get memory either, once no worker is left,
 * the batch reports it: every result before the failing file was delivered in
 * order, none after, and nothing hangs or leaks. */
static void test_no_memory_anywhere(void **state)
{
	fixture *fx = *state;
	seen ref, got;
	reference(fx, &ref);
	inject(-1, -1);
	assert_int_equal(run(fx, 4, &got), TLCHECK_ENOMEM);
	inject(0, 0);
	assert_true(got.delivered < NFILES);
	assert_memory_equal(got.digest, ref.digest, got.delivered * sizeof(ref.digest[0]));
}

/* Some worker allocations fail, then maybe some of the calling thread's: at
 * whatever point of a file that lands, the results are the serial run's (and,
 * under the leak checkers of .ci/test, every result is freed once). */
static void test_failures_anywhere(void **state)
{
	fixture *fx = *state;
	static const int on_workers[] = {1, 3, 10, 30};
	seen ref;
	reference(fx, &ref);
	for (unsigned jobs = 2; jobs <= 4; jobs += 2)
		for (size_t w = 0; w < sizeof(on_workers) / sizeof(on_workers[0]); w++)
			for (int m = 0; m <= 1; m++) {
				inject(on_workers[w], m);
				expect_complete(fx, &ref, jobs);
			}
}

/* A file that cannot be checked in the memory there is, even on the calling
 * thread holding nothing else, is reported as not checked (DECL-000) and the
 * batch goes on: never a batch that ends silently shorter. Here the file's
 * own bytes are more than may be allocated. */
static void test_file_too_big_for_memory(void **state)
{
	fixture *fx = *state;
	seen ref;
	reference(fx, &ref);
	char *big = path_in(fx->dir, "big.yaml");
	FILE *f = fopen(big, "w");
	assert_non_null(f);
	write_decl(f, 0);
	for (int i = 0; i < 20000; i++)
		fputs("# a long comment line, to make the file larger than may be allocated\n", f);
	fclose(f);
	const char *paths[3] = {fx->paths[0], big, fx->paths[1]};
	for (unsigned jobs = 1; jobs <= 2; jobs++) {
		static seen got;
		memset(&got, 0, sizeof(got));
		inject(0, 0);
		atomic_store(&fail_from_size, (size_t)1 << 20);
		int rc = lend ? tlcheck_check_files_lend(fx->pack, paths, 3, NULL, jobs, on_result, &got,
		                                         NULL, NULL)
		              : tlcheck_check_files(fx->pack, paths, 3, NULL, jobs, on_result, &got);
		atomic_store(&fail_from_size, SIZE_MAX);
		assert_int_equal(rc, 0);
		assert_int_equal(got.delivered, 3);
		assert_true(got.digest[0] == ref.digest[0] && got.digest[2] == ref.digest[1]);
		static const char want[] = "DECL-000 1:1  there is not enough memory to check this file";
		const char *nl = strchr(got.text[1], '\n');
		/* That one finding only. */
		if (strncmp(got.text[1], want, strlen(want)) != 0 || !nl || nl[1] != '\0')
			fail_msg("--jobs %u: %s", jobs, got.text[1]);
	}
	unlink(big);
	free(big);
}

/* Each test with results given, then lent. */
static void test_given_and_lent(void **state, void (*test)(void **))
{
	lend = false;
	test(state);
	lend = true;
	test(state);
	lend = false;
}

static void given_and_lent_never(void **state)
{
	test_given_and_lent(state, test_workers_never_get_memory);
}

static void given_and_lent_retry(void **state)
{
	test_given_and_lent(state, test_retry_fails_while_workers_run);
}

static void given_and_lent_nowhere(void **state)
{
	test_given_and_lent(state, test_no_memory_anywhere);
}

static void given_and_lent_anywhere(void **state)
{
	test_given_and_lent(state, test_failures_anywhere);
}

static void given_and_lent_too_big(void **state)
{
	test_given_and_lent(state, test_file_too_big_for_memory);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(given_and_lent_never),
		cmocka_unit_test(given_and_lent_retry),
		cmocka_unit_test(given_and_lent_nowhere),
		cmocka_unit_test(given_and_lent_anywhere),
		cmocka_unit_test(given_and_lent_too_big),
	};
	return cmocka_run_group_tests(tests, setup_nomem, teardown);
}
