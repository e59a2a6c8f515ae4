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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tlcheck/batch.h"
#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"

#define NFILES 50
/* Entries of the batch that are not readable declarations. */
#define MISSING_AT 7      /* no such file */
#define DIRECTORY_AT 23   /* a directory */
#define BROKEN_AT 31      /* not well-formed YAML */

typedef struct fixture {
	char dir[64];
	char *paths[NFILES];
	tlcheck_pack *pack;
} fixture;

/* ---- a small corpus, varied in size so that workers finish out of order ---- */

static void write_decl(FILE *f, int i)
{
	static const char *const materials[] = {"semiconductors", "storage_batteries", "fertilizer",
	                                        "aircraft_parts", "cloud_programs"};
	fprintf(f,
	        "format: tlcheck-declaration/1\n"
	        "declared_on: 2025-06-30\n"
	        "plan:\n  id: P-%d\n  material: %s\n  stage: certified\n  certified_on: 2024-09-30\n"
	        "applicant:\n  name: 株式会社テスト%d\n  corporate_number: \"%s\"\n"
	        "core_technologies:\n  - id: CT1\n    name: 微細接合技術\n    public: false\n"
	        "access_control:\n  business_employees: 850\n  authorized_employees: %d\n"
	        "  organization:\n    officer: 技術管理担当役員\n"
	        "  regulations:\n    - title: コア技術管理規程\n      established_on: 2024-04-01\n"
	        "  register_reviewed_on: 2025-04-01\n",
	        i, materials[i % 5], i, i % 6 == 1 ? "1180301018772" : "1180301018771",
	        i % 7 == 3 ? 400 : 12);
	if (i % 9 == 4)
		fputs("  registr_reviewed_on: 2025-04-01\n", f);
	fputs("employees:\n  treatment_measures:\n    - kind: wage\n      description: 手当の増額\n"
	      "  exit_pledge:\n    required: true\n    departures: 3\n",
	      f);
	fprintf(f, "    pledges_obtained: %d\n", i % 4 == 2 ? 1 : 3);
	fputs("  non_compete:\n    efforts: true\n    period_months: 12\npartners:\n", f);
	int npartners = (i * 7) % 23 + 1;
	for (int p = 0; p < npartners; p++) {
		fprintf(f,
		        "  - name: 取引先%d-%d\n    country: JP\n    holds_core_technology: true\n"
		        "    technologies: [CT1]\n    disclosed_on: 2024-05-10\n",
		        i, p);
		if (i % 5 == 2 && p == 0)
			fputs("    nda: null\n", f);
		else
			fputs("    nda:\n      signed_on: 2024-05-01\n      covers_holding_fact: true\n"
			      "      covers_details: true\n",
			      f);
		fputs("    equivalent_measures_required: true\n"
		      "    review:\n      interval_months: 12\n      last_reviewed_on: 2025-03-15\n",
		      f);
	}
	if (i % 4 == 3)
		fputs("planned_acts:\n  - id: ACT1\n    actor: applicant\n    kind: provision\n"
		      "    technologies: [CT1]\n    planned_on: 2026-04-01\n    country: TH\n"
		      "    counterparty:\n      name: Example Co., Ltd.\n      country: TH\n"
		      "      foreign_government_influence: true\n"
		      "    consultation:\n      held_on: 2026-05-01\n",
		      f);
	else
		fputs("planned_acts: []\n", f);
	fputs(i % 8 == 5 ? "leakage_incidents:\n  - on: 2025-01-10\n    description: 持ち出し\n"
	                 : "leakage_incidents: []\n",
	      f);
}

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	tlcheck_diags *diags = NULL;

	if (!fx)
		return -1;
	*state = fx; /* the teardown removes whatever was made, also after a failure */
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/tlcheck-batch-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	for (int i = 0; i < NFILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "d%02d.yaml", i);
		fx->paths[i] = path_in(fx->dir, name);
		if (i == MISSING_AT)
			continue;
		if (i == DIRECTORY_AT) {
			if (mkdir(fx->paths[i], 0700) != 0)
				return -1;
			continue;
		}
		FILE *f = fopen(fx->paths[i], "w");
		if (!f)
			return -1;
		if (i == BROKEN_AT)
			fputs("format: tlcheck-declaration/1\nplan: [unclosed\n", f);
		else
			write_decl(f, i);
		fclose(f);
	}
	if (tlcheck_pack_load_default(&fx->pack, &diags) != 0) {
		for (size_t k = 0; k < tlcheck_diags_count(diags); k++)
			fprintf(stderr, "%s\n", tlcheck_diags_get(diags, k)->rendered);
		tlcheck_diags_free(diags);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	if (!fx)
		return 0;
	for (int i = 0; i < NFILES && fx->paths[i]; i++) {
		if (i == DIRECTORY_AT)
			rmdir(fx->paths[i]);
		else
			unlink(fx->paths[i]);
		free(fx->paths[i]);
	}
	if (fx->dir[0])
		rmdir(fx->dir);
	tlcheck_pack_free(fx->pack);
	free(fx);
	return 0;
}

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
	char *bytes = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&bytes, &len);
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;

	assert_non_null(fp);
	ro.format = TLCHECK_FORMAT_JSON;
	ro.pack = fx->pack;
	assert_int_equal(tlcheck_report_new(&c->rep, fp, &ro), 0);
	*rc = tlcheck_check_files_ex(fx->pack, (const char *const *)fx->paths, NFILES, &co, jobs,
	                             on_result, c, on_progress, c);
	assert_int_equal(tlcheck_report_finish(c->rep, 0), 0);
	tlcheck_report_free(c->rep);
	c->rep = NULL;
	fclose(fp);
	return bytes;
}

/* ---- tests ------------------------------------------------------------------- */

static const unsigned JOBS[] = {1, 2, 4, 8, 0};

static void test_order_and_bytes_every_jobs(void **state)
{
	fixture *fx = *state;
	consumer c;
	int rc;

	consumer_init(&c, fx->paths);
	char *ref = run_json(fx, 1, &c, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(c.delivered, NFILES);
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

#define WINDOW_PER_JOB 4

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
	bool inside_opened, outside_opened_early, inside_fed, outside_fed;
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

static int on_window_result(void *ud, size_t index, tlcheck_result *res)
{
	window_probe *wp = ud;
	if (index == 0) {
		/* While the caller holds result 0 (one result handed over), workers may
		 * open files up to index `window`, and none beyond it. */
		wp->inside_opened = wp->inside_fed = feed_when_read(wp->last_in, 10000);
		nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
		int fd = open(wp->first_out, O_WRONLY | O_NONBLOCK);
		wp->outside_opened_early = fd >= 0;
		if (fd >= 0) {
			feed(fd, 1);
			wp->outside_fed = true;
		}
	}
	/* Whatever the window, a FIFO next in line gets its content, so that a
	 * failing run ends instead of waiting for ever. */
	if (!wp->inside_fed && index + 1 == wp->window)
		wp->inside_fed = feed_when_read(wp->last_in, 10000);
	if (!wp->outside_fed && index == wp->window)
		wp->outside_fed = feed_when_read(wp->first_out, 10000);
	return on_result(&wp->c, index, res);
}

static void test_window_is_bounded(void **state)
{
	fixture *fx = *state;
	static const unsigned jobs_list[] = {2, 4};
	for (size_t j = 0; j < sizeof(jobs_list) / sizeof(jobs_list[0]); j++) {
		unsigned jobs = jobs_list[j];
		window_probe wp;
		char *paths[NFILES];
		memset(&wp, 0, sizeof(wp));
		wp.window = (size_t)jobs * WINDOW_PER_JOB;
		wp.last_in = path_in(fx->dir, "last-in.yaml");
		wp.first_out = path_in(fx->dir, "first-out.yaml");
		assert_int_equal(mkfifo(wp.last_in, 0600), 0);
		assert_int_equal(mkfifo(wp.first_out, 0600), 0);
		for (size_t i = 0; i < NFILES; i++)
			paths[i] = i == wp.window ? wp.last_in : i == wp.window + 1 ? wp.first_out
			                                                           : fx->paths[1];
		consumer_init(&wp.c, paths);
		int rc = tlcheck_check_files(fx->pack, (const char *const *)paths, NFILES, NULL, jobs,
		                             on_window_result, &wp);
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_bytes_every_jobs),
		cmocka_unit_test(test_unreadable_files_delivered_in_order),
		cmocka_unit_test(test_callback_stops_the_batch),
		cmocka_unit_test(test_no_files),
		cmocka_unit_test(test_more_jobs_than_files),
		cmocka_unit_test(test_window_is_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
