/* test_check_nomem.c - a check that runs out of memory says so (TLCHECK_ENOMEM),
 * or gives exactly the findings it gives with memory: never other ones. A batch
 * relies on it: a file whose check ran short is checked again, and a result
 * delivered must be the one a run with memory gives.
 *
 * The n-th allocation of a check fails, for every n the check makes; after
 * each, the same evaluation context checks the file again with memory (as a
 * batch worker goes on to its next file) and must give the reference too.
 * The program is linked with -Wl,--wrap for malloc, calloc and realloc
 * (tests/check_nomem.cmake). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "expr/expr.h"
#include "tlcheck/tlcheck.h"

#include "batch_corpus.h"

/* Allocations left before the one that fails (0: none fails). */
static long countdown;
static bool failed;

static bool should_fail(size_t size, bool resize)
{
	(void)size;
	(void)resize;
	if (countdown <= 0 || --countdown > 0)
		return false;
	failed = true;
	return true;
}

#include "alloc_wrap.h"

/* The findings of a result as text, in a buffer of the caller's (snprintf
 * into fixed space: nothing allocated while a failure is armed). */
static void findings_text(const tlcheck_result *res, char *buf, size_t cap)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < tlcheck_result_finding_count(res) && used < cap; k++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, k);
		int n = snprintf(buf + used, cap - used, "%s %d %u:%u %s | %s\n", f->rule,
		                 (int)f->severity, (unsigned)f->line, (unsigned)f->column, f->path,
		                 f->message);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	assert_true(used < cap); /* else the comparison would be of a cut text */
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *data = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return data;
}

enum { TEXT_CAP = 1 << 16 };

/* Checks one file of the corpus with its n-th allocation failing, for every
 * n; returns how many allocations a check of it makes. With `fresh`, each
 * failing check runs on a new context, as the first file of a batch does:
 * a context that has checked a file keeps memory for the next (its arenas'
 * blocks, its tables), which the check then no longer asks for. */
static long check_each_failure(const fixture *fx, const char *file, const char *lang, bool fresh)
{
	static char want[TEXT_CAP], got[TEXT_CAP];
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	tlcheck_result *res = NULL;
	size_t len;
	char *data = read_all(file, &len);
	tl_eval *ev = tl_eval_new();
	assert_non_null(ev);
	co.lang = lang;

	assert_int_equal(tl_check_buffer(&res, ev, fx->pack, file, data, len, &co), 0);
	findings_text(res, want, sizeof(want));
	tlcheck_result_free(res);

	long n = 1;
	for (;; n++) {
		tl_eval *use = ev;
		if (fresh) {
			use = tl_eval_new();
			assert_non_null(use);
		}
		res = NULL;
		failed = false;
		countdown = n;
		int rc = tl_check_buffer(&res, use, fx->pack, file, data, len, &co);
		countdown = 0;
		if (rc == 0) {
			findings_text(res, got, sizeof(got));
			if (strcmp(got, want) != 0)
				fail_msg("%s (%s), allocation %ld failed: the check gave other findings "
				         "instead of running out of memory.\nwith memory:\n%swithout:\n%s",
				         file, lang, n, want, got);
		} else {
			assert_int_equal(rc, TLCHECK_ENOMEM);
			assert_null(res);
		}
		tlcheck_result_free(res);
		/* The context that ran short checks the next file as it should. */
		res = NULL;
		assert_int_equal(tl_check_buffer(&res, use, fx->pack, file, data, len, &co), 0);
		findings_text(res, got, sizeof(got));
		assert_string_equal(got, want);
		tlcheck_result_free(res);
		if (fresh)
			tl_eval_free(use);
		if (!failed)
			break; /* the check made fewer than n allocations */
	}
	tl_eval_free(ev);
	free(data);
	return n - 1;
}

/* Files of the batch corpus with the most kinds of finding between them (see
 * batch_corpus.h): a covered act consulted late, an unknown key with its
 * suggestion, a missing NDA, a wrong check digit, pledges short of departures,
 * an incident; in English and in Japanese. */
static void test_check_runs_short_anywhere(void **state)
{
	const fixture *fx = *state;
	static const int files[] = {3, 4, 37};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		long made = check_each_failure(fx, fx->paths[files[i]], "en", false);
		/* Every one was made to fail: the document's and the result's arenas,
		 * buffers, the sort (libyaml's own allocations are not wrapped). */
		assert_true(made > 20);
		/* On a new context the check also asks for what a used one keeps:
		 * the first blocks of its arenas, its selection table. */
		long first = check_each_failure(fx, fx->paths[files[i]], "en", true);
		assert_true(first > made);
		check_each_failure(fx, fx->paths[files[i]], "ja", false);
	}
	/* A plan certified before the measures applied: its TL errors are capped
	 * at warning, by an expression of the pack that can run short too. */
	check_each_failure(fx, TLCHECK_SOURCE_DIR "/fixtures/rules/TL-C-001/fire-capped.yaml", "en", false);
	check_each_failure(fx, TLCHECK_SOURCE_DIR "/fixtures/rules/TL-C-001/fire-capped.yaml", "en", true);
}

/* A pack of its own whose severity cap is an expression that allocates (a
 * string built): when that runs short, the finding is not left uncapped. */
static void test_severity_cap_runs_short(void **state)
{
	(void)state;
	static char want[TEXT_CAP], got[TEXT_CAP];
	char dir[64], path[128];
	snprintf(dir, sizeof(dir), "/tmp/tlcheck-capnomem-XXXXXX");
	assert_non_null(mkdtemp(dir));
	static const char *const files[][2] = {
		{"pack.yaml",
		 "pack: capped\nversion: 0.1\n"
		 "legal_text: {name: {en: T, ja: T}, revision: 2024-03, checked_on: 2026-11-25}\n"
		 "parameters: {}\n"
		 "materials:\n  - {code: m, name: {en: m, ja: m}, ministry: {en: M, ja: M}}\n"
		 "clauses:\n  - {id: \"(ア)\", title: {en: A, ja: ア}, text_ja: 原文, text_en: text}\n"
		 "stages:\n  - name: all\n"
		 "severity_cap: {when: \"has(decl.x) && decl.x + \\\"-old\\\" == \\\"plan-old\\\"\", "
		 "rules: [T-001], from: error, to: warning}\n"
		 "files: [r.yaml]\n"},
		{"r.yaml",
		 "rules:\n  - id: T-001\n    stage: all\n    clause: \"(ア)\"\n    severity: error\n"
		 "    title: {en: Too big, ja: 大きすぎる}\n    checks: {en: y is small, ja: y が小さい}\n"
		 "    remediation: {en: make it smaller, ja: 小さくする}\n"
		 "    when: has(decl.y) && decl.y > 1\n    at: y\n"
		 "    message: {en: \"y is {decl.y}\", ja: \"y は {decl.y}\"}\n"},
	};
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(files[i][1], f);
		fclose(f);
	}
	tlcheck_pack *p = NULL;
	tlcheck_diags *d = NULL;
	int rc = tlcheck_pack_load_dir(&p, dir, &d);
	for (size_t i = 0; rc != 0 && i < tlcheck_diags_count(d); i++)
		print_error("%s\n", tlcheck_diags_get(d, i)->rendered);
	tlcheck_diags_free(d);
	assert_int_equal(rc, 0);
	static const char doc[] = "x: plan\ny: 5\n";
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	co.lang = "en";
	tl_eval *ev = tl_eval_new();
	assert_non_null(ev);
	tlcheck_result *res = NULL;
	assert_int_equal(tl_check_buffer(&res, ev, p, "d.yaml", doc, strlen(doc), &co), 0);
	findings_text(res, want, sizeof(want));
	tlcheck_result_free(res);
	assert_non_null(strstr(want, "T-001 1 ")); /* warning: capped */
	long n = 1;
	for (;; n++) {
		res = NULL;
		failed = false;
		countdown = n;
		rc = tl_check_buffer(&res, ev, p, "d.yaml", doc, strlen(doc), &co);
		countdown = 0;
		if (rc == 0) {
			findings_text(res, got, sizeof(got));
			if (strcmp(got, want) != 0)
				fail_msg("allocation %ld failed: other findings.\nwith memory:\n%swithout:\n%s", n,
				         want, got);
		} else {
			assert_int_equal(rc, TLCHECK_ENOMEM);
		}
		tlcheck_result_free(res);
		if (!failed)
			break;
	}
	tl_eval_free(ev);
	tlcheck_pack_free(p);
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	rmdir(dir);
}

/* Evaluation errors quote the value at fault: when the quote cannot be
 * written, the evaluation runs out of memory rather than quote "?". */
static void test_error_quotes_run_short(void **state)
{
	(void)state;
	static const struct {
		const char *src, *want;
	} cases[] = {
		{"int(s)", "int(): \"not a number\" is not a whole number"},
		{"date(s)", "date(): \"not a number\" is not a date in the form YYYY-MM-DD"},
		{"m[s]", "no such key \"not a number\""},
		{"{s: 1, s: 2}", "duplicate map key \"not a number\""},
	};
	const char *names[] = {"s", "m"};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tl_expr_opts opts = TL_EXPR_OPTS_INIT;
		tl_expr *e = NULL;
		tl_error err;
		tl_value v, ents_kv[2];
		tl_mapent ent = {&ents_kv[0], &ents_kv[1]};
		ents_kv[0] = tl_value_string("a", 1);
		ents_kv[1] = tl_value_int(1);
		tl_value vars[2] = {tl_value_string("not a number", 12), tl_value_map(&ent, 1)};
		opts.vars = names;
		opts.nvars = 2;
		tl_error_clear(&err);
		assert_int_equal(tl_expr_compile(&e, &err, cases[i].src, strlen(cases[i].src), &opts), 0);
		tl_eval *ev = tl_eval_new();
		assert_non_null(ev);
		assert_int_equal(tl_expr_eval(&v, e, ev, vars), 0);
		assert_int_equal(v.kind, TL_V_ERROR);
		if (!strstr(v.u.err->msg, cases[i].want))
			fail_msg("`%s`: \"%s\" lacks \"%s\"", cases[i].src, v.u.err->msg, cases[i].want);
		long n = 1;
		for (;; n++) {
			tl_eval_reset(ev);
			failed = false;
			countdown = n;
			int rc = tl_expr_eval(&v, e, ev, vars);
			countdown = 0;
			if (rc == 0) {
				assert_int_equal(v.kind, TL_V_ERROR);
				if (!strstr(v.u.err->msg, cases[i].want))
					fail_msg("`%s`, allocation %ld failed: \"%s\" instead of running out of "
					         "memory", cases[i].src, n, v.u.err->msg);
			} else {
				assert_int_equal(rc, TL_ENOMEM);
			}
			if (!failed)
				break;
		}
		assert_true(n > 1); /* the quote was made to fail */
		tl_eval_free(ev);
		tl_expr_free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_quotes_run_short),
		cmocka_unit_test(test_check_runs_short_anywhere),
		cmocka_unit_test(test_severity_cap_runs_short),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
