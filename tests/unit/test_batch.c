/* test_batch.c - the batch runner: input order and identical bytes for every --jobs, a bounded window, stopping, unreadable files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tlcheck/batch.h"
#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"

#include "batch_corpus.h"

/* ---- a consumer that writes a JSON report and checks the order ------------- */

typedef struct consumer {
	const char *const *paths;
	size_t next;             /* the index expected next */
	size_t delivered;
	size_t progress_calls, last_done, last_total;
	bool progress_ok;
	size_t stop_at;          /* return 42 from this index (SIZE_MAX: never) */
	bool load_failed[NFILES + 8];
	tlcheck_report *rep;
} consumer;

static int on_result(void *ud, size_t index, tlcheck_result *res)
{
	consumer *c = ud;
	assert_non_null(res);
	assert_int_equal(index, c->next);
	assert_string_equal(tlcheck_result_file(res), c->paths[index]);
	c->next++;
	c->delivered++;
	if (index < sizeof(c->load_failed))
		c->load_failed[index] = tlcheck_result_load_failed(res);
	if (c->rep)
		assert_int_equal(tlcheck_report_add(c->rep, res), 0);
	tlcheck_result_free(res);
	return index == c->stop_at ? 42 : 0;
}

static void on_progress(void *ud, size_t done, size_t total)
{
	consumer *c = ud;
	/* Called after each delivery, on this thread, counting up by one. */
	if (done != c->delivered || done != c->last_done + 1)
		c->progress_ok = false;
	c->progress_calls++;
	c->last_done = done;
	c->last_total = total;
}

static void consumer_init(consumer *c, char *const *paths)
{
	memset(c, 0, sizeof(*c));
	c->paths = (const char *const *)paths;
	c->stop_at = SIZE_MAX;
	c->progress_ok = true;
}

/* Runs the batch into a JSON report; returns the bytes (malloc'd). */
static char *run_json(fixture *fx, unsigned jobs, consumer *c, int *rc)
{
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	mem_report m;

	mem_report_open(&m, fx->pack);
	c->rep = m.rep;
	*rc = tlcheck_check_files_ex(fx->pack, (const char *const *)fx->paths, NFILES, &co, jobs,
	                             on_result, c, on_progress, c);
	c->rep = NULL;
	return mem_report_close(&m);
}

/* ---- tests ------------------------------------------------------------------- */

static const unsigned JOBS[] = {1, 2, 4, 8, 0};

/* The report of the whole corpus checked on one thread. */
static char *reference_json(fixture *fx)
{
	consumer c;
	int rc;
	consumer_init(&c, fx->paths);
	char *ref = run_json(fx, 1, &c, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(c.delivered, NFILES);
	return ref;
}

static void test_order_and_bytes_every_jobs(void **state)
{
	fixture *fx = *state;
	consumer c;
	int rc;
	char *ref = reference_json(fx);

	/* The corpus makes rules fire: the comparison below is about findings too. */
	assert_non_null(strstr(ref, "\"TL-C-001\""));
	assert_non_null(strstr(ref, "\"DECL-004\""));
	assert_non_null(strstr(ref, "\"TL-D-003\""));
	for (size_t j = 1; j < sizeof(JOBS) / sizeof(JOBS[0]); j++) {
		for (int rep = 0; rep < 3; rep++) {
			consumer_init(&c, fx->paths);
			char *got = run_json(fx, JOBS[j], &c, &rc);
			assert_int_equal(rc, 0);
			assert_int_equal(c.delivered, NFILES);
			assert_string_equal(got, ref);
			assert_true(c.progress_ok);
			assert_int_equal(c.progress_calls, NFILES);
			assert_int_equal(c.last_total, NFILES);
			free(got);
		}
	}
	free(ref);
}

static void test_unreadable_files_delivered_in_order(void **state)
{
	fixture *fx = *state;
	for (size_t j = 0; j < sizeof(JOBS) / sizeof(JOBS[0]); j++) {
		consumer c;
		consumer_init(&c, fx->paths);
		int rc = tlcheck_check_files(fx->pack, (const char *const *)fx->paths, NFILES, NULL,
		                             JOBS[j], on_result, &c);
		assert_int_equal(rc, 0);
		assert_int_equal(c.delivered, NFILES);
		for (size_t i = 0; i < NFILES; i++)
			assert_int_equal(c.load_failed[i],
			                 i == MISSING_AT || i == DIRECTORY_AT || i == BROKEN_AT);
	}
}

static void test_callback_stops_the_batch(void **state)
{
	fixture *fx = *state;
	static const size_t STOPS[] = {0, 10, NFILES - 1};
	for (size_t j = 0; j < sizeof(JOBS) / sizeof(JOBS[0]); j++) {
		for (size_t s = 0; s < sizeof(STOPS) / sizeof(STOPS[0]); s++) {
			consumer c;
			consumer_init(&c, fx->paths);
			c.stop_at = STOPS[s];
			int rc = tlcheck_check_files_ex(fx->pack, (const char *const *)fx->paths, NFILES,
			                                NULL, JOBS[j], on_result, &c, on_progress, &c);
			/* The callback's value comes back; nothing after it is delivered, and
			 * the results checked ahead are freed (the sanitizers see any leak). */
			assert_int_equal(rc, 42);
			assert_int_equal(c.delivered, STOPS[s] + 1);
			assert_int_equal(c.progress_calls, STOPS[s]);
		}
	}
}

/* Each result knows the file its check opened (device and inode, as stat()
 * sees it through its path); a file that could not be opened has none, nor
 * has a result made from a buffer. */
static int on_identity(void *ud, size_t index, tlcheck_result *res)
{
	const char *const *paths = ud;
	unsigned long long dev = 7, ino = 7;
	struct stat st;
	bool known = tlcheck_result_file_id(res, &dev, &ino);
	if (index == MISSING_AT) {
		assert_false(known);
		assert_true(dev == 7 && ino == 7);
	} else {
		assert_true(known);
		assert_int_equal(stat(paths[index], &st), 0);
		assert_true(dev == (unsigned long long)st.st_dev);
		assert_true(ino == (unsigned long long)st.st_ino);
	}
	tlcheck_result_free(res);
	return 0;
}

static void test_file_identity(void **state)
{
	fixture *fx = *state;
	for (size_t j = 0; j < sizeof(JOBS) / sizeof(JOBS[0]); j++)
		assert_int_equal(tlcheck_check_files(fx->pack, (const char *const *)fx->paths, NFILES,
		                                     NULL, JOBS[j], on_identity, fx->paths), 0);

	unsigned long long dev, ino;
	struct stat st;
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_file(&res, fx->pack, fx->paths[0], NULL), 0);
	assert_true(tlcheck_result_file_id(res, &dev, &ino));
	assert_int_equal(stat(fx->paths[0], &st), 0);
	assert_true(dev == (unsigned long long)st.st_dev && ino == (unsigned long long)st.st_ino);
	tlcheck_result_free(res);
	assert_int_equal(tlcheck_check_file(&res, fx->pack, fx->paths[MISSING_AT], NULL), 0);
	assert_false(tlcheck_result_file_id(res, &dev, &ino));
	tlcheck_result_free(res);
	assert_int_equal(tlcheck_check_buffer(&res, fx->pack, "upload.yaml", "a: 1\n", 5, NULL), 0);
	assert_false(tlcheck_result_file_id(res, &dev, &ino));
	tlcheck_result_free(res);
}

static void test_no_files(void **state)
{
	fixture *fx = *state;
	for (size_t j = 0; j < sizeof(JOBS) / sizeof(JOBS[0]); j++) {
		consumer c;
		consumer_init(&c, fx->paths);
		assert_int_equal(tlcheck_check_files_ex(fx->pack, NULL, 0, NULL, JOBS[j], on_result, &c,
		                                        on_progress, &c),
		                 0);
		assert_int_equal(c.delivered, 0);
		assert_int_equal(c.progress_calls, 0);
	}
}

static void test_more_jobs_than_files(void **state)
{
	fixture *fx = *state;
	for (size_t n = 1; n <= 3; n++) {
		consumer c;
		consumer_init(&c, fx->paths);
		assert_int_equal(tlcheck_check_files_ex(fx->pack, (const char *const *)fx->paths, n, NULL,
		                                        64, on_result, &c, on_progress, &c),
		                 0);
		assert_int_equal(c.delivered, n);
		assert_int_equal(c.last_total, n);
	}
}

/* ---- the window: FIFOs show which files the workers have opened ------------- */

/* src/batch/batch.c's window, in files per job: WINDOW_MAX_PER_JOB while the
 * files whose results wait come to less than 1 MiB, WINDOW_PER_JOB from
 * 1 MiB, one from WINDOW_BIG_BYTES. */
#define WINDOW_PER_JOB 4
#define WINDOW_MAX_PER_JOB 16
#define WINDOW_BIG_BYTES (4 << 20)

/* Opens a FIFO for writing once a reader has it open, waiting up to `ms`;
 * returns the descriptor or -1 when no reader came. */
static int wait_for_reader(const char *fifo, int ms)
{
	for (int t = 0; t <= ms; t += 5) {
		int fd = open(fifo, O_WRONLY | O_NONBLOCK);
		if (fd >= 0)
			return fd;
		assert_int_equal(errno, ENXIO);
		nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
	}
	return -1;
}

static void feed(int fd, int i)
{
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	write_decl(f, i);
	fclose(f);
}

typedef struct window_probe {
	consumer c;
	size_t window;
	char *last_in;           /* FIFO at index `window`: inside the window */
	char *first_out;         /* FIFO at index `window` + 1: outside it */
	bool inside_opened, outside_opened_early, outside_fed;
	pthread_t feeder, late_feeder;
	bool feeding, late_feeding;
} window_probe;

/* Feeds a FIFO whose reader is (or is about to be) waiting; false when none came. */
static bool feed_when_read(const char *fifo, int ms)
{
	int fd = wait_for_reader(fifo, ms);
	if (fd < 0)
		return false;
	feed(fd, 1);
	return true;
}

/* Feeds the FIFO outside the window once someone reads it. On its own thread:
 * the reader may be the calling thread, which checks files too. */
static void *feed_first_out(void *arg)
{
	window_probe *wp = arg;
	wp->outside_fed = feed_when_read(wp->first_out, 10000);
	return NULL;
}

/* Feeds the FIFO inside the window when it was not opened in time (the test
 * has failed then), so that the batch still ends. */
static void *feed_last_in(void *arg)
{
	window_probe *wp = arg;
	(void)feed_when_read(wp->last_in, 60000);
	return NULL;
}

static int on_window_result(void *ud, size_t index, tlcheck_result *res)
{
	window_probe *wp = ud;
	if (index == 0) {
		/* While the caller holds result 0 (one result handed over), workers may
		 * open files up to index `window`, and none beyond it. The caller is in
		 * this callback, so the reader of `last_in` is a worker. */
		wp->inside_opened = feed_when_read(wp->last_in, 10000);
		if (!wp->inside_opened) {
			assert_int_equal(pthread_create(&wp->late_feeder, NULL, feed_last_in, wp), 0);
			wp->late_feeding = true;
		}
		nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
		int fd = open(wp->first_out, O_WRONLY | O_NONBLOCK);
		wp->outside_opened_early = fd >= 0;
		if (fd >= 0) {
			feed(fd, 1);
			wp->outside_fed = true;
		} else {
			assert_int_equal(pthread_create(&wp->feeder, NULL, feed_first_out, wp), 0);
			wp->feeding = true;
		}
	}
	return on_result(&wp->c, index, res);
}


/* Directories are searched for *.yaml and *.yml, links to files included,
 * every other kind of entry (links named otherwise, FIFOs, other names)
 * left out, subdirectories walked; each argument's files come in byte order
 * and the arguments in the order given. */
static void test_collect_paths(void **state)
{
	(void)state;
	char dir[] = "/tmp/tlcheck-collect-XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const char *const files[] = {"b.yml", "a.yaml", "c.txt", "sub/d.yaml", "sub/deeper/e.yml",
	                                    ".hidden.yaml", "yaml", "f.yaml.bak"};
	char path[512], target[512];
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sub/deeper", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fclose(f);
	}
	snprintf(target, sizeof(target), "%s/a.yaml", dir);
	snprintf(path, sizeof(path), "%s/link.yaml", dir);
	assert_int_equal(symlink(target, path), 0);
	snprintf(target, sizeof(target), "%s/sub", dir);
	snprintf(path, sizeof(path), "%s/dirlink", dir);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof(path), "%s/fifo.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);

	static const char *const want[] = {"/.hidden.yaml", "/a.yaml", "/b.yml", "/link.yaml",
	                                   "/sub/d.yaml", "/sub/deeper/e.yml", "extra.yaml"};
	const char *args[] = {dir, "extra.yaml"};
	char **paths = NULL, *msg = NULL;
	size_t n = 0;
	assert_int_equal(tlcheck_collect_paths(&paths, &n, args, 2, &msg), 0);
	assert_null(msg);
	if (n != sizeof(want) / sizeof(want[0]))
		fail_msg("%zu paths, expected %zu", n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		char expect[512];
		if (i + 1 < n)
			snprintf(expect, sizeof(expect), "%s%s", dir, want[i]);
		else
			snprintf(expect, sizeof(expect), "%s", want[i]);
		assert_string_equal(paths[i], expect);
	}
	tlcheck_paths_free(paths, n);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}
/* Folders are searched at any depth, one open at a time: a declaration 100
 * folders down is found (it was left out past 64 levels), and running out of
 * file descriptors is still the run's trouble, named with the folder. */
static void test_collect_deep(void **state)
{
	fixture *fx = *state;
	char dir[] = "/tmp/tlcheck-deep-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[1024];
	size_t len = (size_t)snprintf(path, sizeof(path), "%s", dir);
	for (int i = 0; i < 100; i++) {
		len += (size_t)snprintf(path + len, sizeof(path) - len, "/d");
		assert_int_equal(mkdir(path, 0700), 0);
		if (i == 0 || i == 99) {
			char f[1100];
			snprintf(f, sizeof(f), "%s/x%d.yaml", path, i);
			FILE *fp = fopen(f, "w");
			assert_non_null(fp);
			fclose(fp);
		}
	}
	const char *args[] = {dir};
	char **paths = NULL, *msg = NULL;
	size_t n = 0;
	assert_int_equal(tlcheck_collect_paths(&paths, &n, args, 1, &msg), 0);
	assert_null(msg);
	assert_int_equal(n, 2);
	/* Byte order: "/d/d/..." sorts before "/d/x0.yaml". */
	assert_non_null(strstr(paths[0], "/d/d/d/"));
	assert_non_null(strstr(paths[0], "/x99.yaml"));
	snprintf(path, sizeof(path), "%s/d/x0.yaml", dir);
	assert_string_equal(paths[1], path);
	tlcheck_paths_free(paths, n);

	/* Every descriptor taken: the folder cannot be opened, and that is not
	 * the folder's fault (no DECL-000 that would hide its files). */
	struct rlimit old, low;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = 256;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	int fds[256], nfds = 0;
	while (nfds < 256 && (fds[nfds] = dup(0)) >= 0)
		nfds++;
	assert_int_equal(errno, EMFILE);
	int rc = tlcheck_collect_paths(&paths, &n, args, 1, &msg);
	/* One descriptor free: the folder opens as a file, but cannot be opened
	 * again to be listed: named with that reason, not as a listing cut short. */
	close(fds[--nfds]);
	tlcheck_result *r1 = NULL;
	assert_int_equal(tlcheck_check_file(&r1, fx->pack, dir, NULL), 0);
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(tlcheck_result_finding_count(r1), 1);
	assert_non_null(strstr(tlcheck_result_finding(r1, 0)->message, "cannot read the folder: "));
	assert_non_null(strstr(tlcheck_result_finding(r1, 0)->message, strerror(EMFILE)));
	assert_null(strstr(tlcheck_result_finding(r1, 0)->message, "listed"));
	tlcheck_result_free(r1);
	assert_int_equal(rc, TLCHECK_EIO);
	assert_non_null(msg);
	assert_non_null(strstr(msg, dir));
	assert_non_null(strstr(msg, strerror(EMFILE)));
	free(msg);

	/* A folder given where a declaration is needed, and listed in full, is
	 * named as such (one whose listing fails part way, as a batch keeps it,
	 * says that its files could not all be listed). */
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_file(&res, fx->pack, dir, NULL), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 1);
	assert_string_equal(tlcheck_result_finding(res, 0)->rule, "DECL-000");
	assert_non_null(strstr(tlcheck_result_finding(res, 0)->message, "it is a folder, not a file"));
	tlcheck_result_free(res);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Checks the batch with FIFOs at indexes `window` and `window` + 1, `filler`
 * before them and a small file after: the workers open the first, not the
 * second. */
static void probe_window(fixture *fx, unsigned jobs, size_t window, char *filler)
{
	window_probe wp;
	char *paths[NFILES];
	memset(&wp, 0, sizeof(wp));
	wp.window = window;
	wp.last_in = path_in(fx->dir, "last-in.yaml");
	wp.first_out = path_in(fx->dir, "first-out.yaml");
	assert_int_equal(mkfifo(wp.last_in, 0600), 0);
	assert_int_equal(mkfifo(wp.first_out, 0600), 0);
	for (size_t i = 0; i < NFILES; i++)
		paths[i] = i == wp.window       ? wp.last_in
		           : i == wp.window + 1 ? wp.first_out
		           : i < wp.window      ? filler
		                                : fx->paths[1];
	consumer_init(&wp.c, paths);
	int rc = tlcheck_check_files(fx->pack, (const char *const *)paths, NFILES, NULL, jobs,
	                             on_window_result, &wp);
	if (wp.feeding)
		pthread_join(wp.feeder, NULL);
	if (wp.late_feeding)
		pthread_join(wp.late_feeder, NULL);
	unlink(wp.last_in);
	unlink(wp.first_out);
	free(wp.last_in);
	free(wp.first_out);
	assert_int_equal(rc, 0);
	assert_true(wp.inside_opened);
	assert_false(wp.outside_opened_early);
	assert_true(wp.outside_fed);
	assert_int_equal(wp.c.delivered, NFILES);
}

/* Small files waiting: the window is WINDOW_MAX_PER_JOB files per job. */
static void test_window_is_bounded(void **state)
{
	fixture *fx = *state;
	static const unsigned jobs_list[] = {2, 3};
	for (size_t j = 0; j < sizeof(jobs_list) / sizeof(jobs_list[0]); j++)
		probe_window(fx, jobs_list[j], (size_t)jobs_list[j] * WINDOW_MAX_PER_JOB, fx->paths[1]);
}

/* A declaration padded with a comment to about `size` bytes. */
static char *padded_decl(fixture *fx, const char *name, size_t size)
{
	char *path = path_in(fx->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	write_decl(f, 1);
	fputs("# ", f);
	for (size_t i = 0; i < size; i++)
		fputc('x', f);
	fputc('\n', f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Large files waiting (1 MiB to 4 MiB in all; 11 files of 300 KB at most):
 * the window is WINDOW_PER_JOB files per job. */
static void test_window_of_large_files(void **state)
{
	fixture *fx = *state;
	char *big = padded_decl(fx, "big.yaml", 300 * 1024);
	static const unsigned jobs_list[] = {2, 3};
	for (size_t j = 0; j < sizeof(jobs_list) / sizeof(jobs_list[0]); j++)
		probe_window(fx, jobs_list[j], (size_t)jobs_list[j] * WINDOW_PER_JOB, big);
	unlink(big);
	free(big);
}

/* Files waiting of 4 MiB or more: one file per job, so that memory stays
 * bounded by jobs x the largest file. While the caller holds result 0, the
 * workers take files 1 to `jobs`, the last of them once one result waits. */
static void test_window_of_very_large_files(void **state)
{
	fixture *fx = *state;
	char *big = padded_decl(fx, "huge.yaml", WINDOW_BIG_BYTES + 64 * 1024);
	static const unsigned jobs_list[] = {2, 3};
	for (size_t j = 0; j < sizeof(jobs_list) / sizeof(jobs_list[0]); j++)
		probe_window(fx, jobs_list[j], jobs_list[j], big);
	unlink(big);
	free(big);
}

/* The built-in pack's messages are compiled by whichever thread renders one
 * first: a fresh pack checked by eight threads at once gives the bytes one
 * thread gives (.ci/test also runs this under ThreadSanitizer). */
static void test_messages_compiled_by_many_threads(void **state)
{
	fixture *fx = *state;
	consumer c;
	int rc;
	char *ref = reference_json(fx);

	for (int rep = 0; rep < 4; rep++) {
		fixture fresh = *fx;
		tlcheck_diags *d = NULL;
		assert_int_equal(tlcheck_pack_load_default(&fresh.pack, &d), 0);
		assert_null(d);
		consumer_init(&c, fx->paths);
		char *got = run_json(&fresh, 8, &c, &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(got, ref);
		free(got);
		tlcheck_pack_free(fresh.pack);
	}
	free(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_bytes_every_jobs),
		cmocka_unit_test(test_messages_compiled_by_many_threads),
		cmocka_unit_test(test_unreadable_files_delivered_in_order),
		cmocka_unit_test(test_callback_stops_the_batch),
		cmocka_unit_test(test_file_identity),
		cmocka_unit_test(test_no_files),
		cmocka_unit_test(test_more_jobs_than_files),
		cmocka_unit_test(test_window_is_bounded),
		cmocka_unit_test(test_window_of_large_files),
		cmocka_unit_test(test_window_of_very_large_files),
		cmocka_unit_test(test_collect_paths),
		cmocka_unit_test(test_collect_deep),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
