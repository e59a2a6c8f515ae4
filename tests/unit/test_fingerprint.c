/* test_fingerprint.c - stable paths, fingerprints, diffs of two declarations and baselines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"
#include "tlcheck/waivers.h"
#include "waiver/internal.h"
#include "yaml/doc.h"

#define DATA TLCHECK_SOURCE_DIR "/tests/data/waivers/"

static tlcheck_pack *pack;

static int setup(void **state)
{
	(void)state;
	return tlcheck_pack_load_default(&pack, NULL);
}

static int teardown(void **state)
{
	(void)state;
	tlcheck_pack_free(pack);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static tlcheck_result *check_as(const char *path, const char *name)
{
	size_t len;
	char *data = slurp(path, &len);
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_buffer(&res, pack, name, data, len, NULL), 0);
	free(data);
	return res;
}

/* ---- stable paths ---- */

typedef struct path_case {
	const char *yaml;
	const char *path;
	const char *stable;   /* NULL: the path is not well-formed */
} path_case;

static const path_case path_cases[] = {
	{"partners:\n  - name: A\n  - name: B\n", "partners[1].nda", "partners[name=B].nda"},
	{"acts:\n  - id: ACT1\n    name: x\n", "acts[0].kind", "acts[id=ACT1].kind"},
	{"acts:\n  - id: null\n    name: N\n", "acts[0]", "acts[name=N]"},
	{"acts:\n  - id: 7\n", "acts[0].kind", "acts[id=7].kind"},
	{"xs:\n  - title: t\n", "xs[0].title", "xs[0].title"},
	{"xs:\n  - [1, 2]\n", "xs[0][1]", "xs[0][1]"},
	{"xs:\n  - a: 1\n", "xs[5].a", "xs[5].a"},
	{"xs: {}\n", "xs[0].a", "xs[0].a"},
	{"p:\n  - name: 株式会社 A\n", "p[0].nda", "p[name=\"株式会社 A\"].nda"},
	{"p:\n  - name: 'a\"b\\c'\n", "p[0]", "p[name=\"a\\\"b\\\\c\"]"},
	{"a:\n  - id: X\n    b:\n      - name: Y\n", "a[0].b[0].c", "a[id=X].b[name=Y].c"},
	{"\"k y\":\n  - id: Z\n", "[\"k y\"][0]", "[\"k y\"][id=Z]"},
	{"a: 1\n", "", ""},
	{"acts:\n  - id: ACT1\n", "acts[id=ACT1].kind", "acts[id=ACT1].kind"},
	{"p:\n  - name: B\n    x: [{id: Q}]\n", "p[name=\"B\"].x[0]", "p[name=\"B\"].x[id=Q]"},
	{"a: 1\n", "a[", NULL},
	{"a: 1\n", "a..b", NULL},
	{"a: 1\n", ".a", NULL},
	{"a: 1\n", "a.", NULL},
	{"a: 1\n", "a[01]", NULL},
	{"a: 1\n", "a[x]", NULL},
	{"a: 1\n", "a[id=bad value]", NULL},
	{"a: 1\n", "[\"open]", NULL},
	{"a: 1\n", "a b", NULL},
	{"a: 1\n", "a[99999999999]", NULL},
};

static void test_stable_paths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		const path_case *c = &path_cases[i];
		tl_doc *doc = NULL;
		tl_error err;
		assert_int_equal(tl_doc_load(&doc, &err, c->yaml, strlen(c->yaml), NULL), 0);
		tl_buf b = TL_BUF_INIT;
		bool ok = tl_path_stabilize(&b, tl_doc_root(doc), c->path);
		tl_buf_putc(&b, '\0');
		if (ok != (c->stable != NULL) || (ok && strcmp(b.data, c->stable) != 0))
			fail_msg("case %zu `%s`: got %s `%s`", i, c->path, ok ? "ok" : "invalid", b.data);
		/* Without a document, a well-formed path is kept as it is. */
		tl_buf_reset(&b);
		assert_int_equal(tl_path_stabilize(&b, NULL, c->path), ok);
		tl_buf_putc(&b, '\0');
		if (ok)
			assert_string_equal(b.data, c->path);
		tl_buf_free(&b);
		tl_doc_free(doc);
	}
}

/* ---- fingerprints ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The fingerprints of a result, sorted (malloc'd strings in a malloc'd array). */
static char **fingerprints(const tlcheck_result *res, size_t *n)
{
	*n = tlcheck_result_finding_count(res);
	char **fp = calloc(*n + 1, sizeof(*fp));
	for (size_t i = 0; i < *n; i++) {
		fp[i] = tlcheck_finding_fingerprint(res, i);
		assert_non_null(fp[i]);
		size_t len = strlen(fp[i]);
		assert_true(len > 17 && fp[i][16] == ':');
		assert_int_equal(strspn(fp[i], "0123456789abcdef"), 16);
	}
	qsort(fp, *n, sizeof(*fp), cmp_str);
	return fp;
}

static void free_fps(char **fp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fp[i]);
	free(fp);
}

static void assert_same_fps(tlcheck_result *a, tlcheck_result *b)
{
	size_t na, nb;
	char **fa = fingerprints(a, &na), **fb = fingerprints(b, &nb);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(fa[i], fb[i]);
	free_fps(fa, na);
	free_fps(fb, nb);
}

static void test_fingerprint_survives_reorder_and_rename(void **state)
{
	(void)state;
	tlcheck_result *a = check_as(DATA "old.yaml", "2024/semi.yaml");
	tlcheck_result *b = check_as(DATA "reordered.yaml", "/elsewhere/2025/semi-renamed.yaml");
	assert_int_equal(tlcheck_result_finding_count(a), 4);
	assert_same_fps(a, b);
	/* And the same file checked twice gives the same bytes. */
	tlcheck_result *c = check_as(DATA "old.yaml", "2024/semi.yaml");
	assert_same_fps(a, c);
	char *s = tlcheck_finding_stable_path(b, 0);
	assert_string_equal(s, "partners[name=\"株式会社ベータ\"].review.last_reviewed_on");
	free(s);
	assert_null(tlcheck_finding_fingerprint(a, 99));
	assert_null(tlcheck_finding_stable_path(a, 99));
	tlcheck_result_free(a);
	tlcheck_result_free(b);
	tlcheck_result_free(c);
}

/* Without a plan id the file's base name identifies the declaration. */
static void test_fingerprint_scope_without_plan(void **state)
{
	(void)state;
	const char *text = "format: tlcheck-declaration/1\n";
	tlcheck_result *r[3];
	const char *names[] = {"a/x.yaml", "/b/x.yaml", "y.yaml"};
	for (int k = 0; k < 3; k++)
		assert_int_equal(tlcheck_check_buffer(&r[k], pack, names[k], text, strlen(text), NULL), 0);
	char *f0 = tlcheck_finding_fingerprint(r[0], 0), *f1 = tlcheck_finding_fingerprint(r[1], 0);
	char *f2 = tlcheck_finding_fingerprint(r[2], 0);
	assert_string_equal(f0, f1);
	assert_string_not_equal(f0, f2);
	free(f0);
	free(f1);
	free(f2);
	for (int k = 0; k < 3; k++)
		tlcheck_result_free(r[k]);
}

static void test_occurrence_numbers(void **state)
{
	(void)state;
	uint64_t h[] = {5, 7, 5, 5};
	tl_arena a = TL_ARENA_INIT;
	const char **fp = tl_fp_number(h, 4, &a);
	assert_string_equal(fp[0], "0000000000000005:1");
	assert_string_equal(fp[1], "0000000000000007:1");
	assert_string_equal(fp[2], "0000000000000005:2");
	assert_string_equal(fp[3], "0000000000000005:3");
	/* Every hex digit, and an occurrence of two digits. */
	uint64_t big[12];
	for (int i = 0; i < 12; i++)
		big[i] = UINT64_C(0xfedcba9876543210);
	fp = tl_fp_number(big, 12, &a);
	assert_string_equal(fp[0], "fedcba9876543210:1");
	assert_string_equal(fp[9], "fedcba9876543210:10");
	assert_string_equal(fp[11], "fedcba9876543210:12");
	tl_arena_clear(&a);
	/* Each part of the identity counts, and the parts cannot slide into each other. */
	assert_true(tl_fp_hash("ab", "c", "d") != tl_fp_hash("a", "bc", "d"));
	assert_true(tl_fp_hash("a", "b", "c") == tl_fp_hash("a", "b", "c"));
}

/* ---- diffs ---- */

static void test_diff_reordered_is_unchanged(void **state)
{
	(void)state;
	tlcheck_result *o = check_as(DATA "old.yaml", "old.yaml");
	tlcheck_result *n = check_as(DATA "reordered.yaml", "reordered.yaml");
	tlcheck_diff *d = NULL;
	assert_int_equal(tlcheck_diff_results(&d, o, n), 0);
	assert_int_equal(tlcheck_diff_changes(d, TLCHECK_CHANGE_NEW), 0);
	assert_int_equal(tlcheck_diff_changes(d, TLCHECK_CHANGE_RESOLVED), 0);
	assert_int_equal(tlcheck_diff_changes(d, TLCHECK_CHANGE_UNCHANGED), 4);
	for (size_t i = 0; i < tlcheck_diff_count(d); i++) {
		const tlcheck_diff_entry *e = tlcheck_diff_get(d, i);
		assert_non_null(e->old);
		assert_string_equal(e->old->rule, e->finding->rule);
	}
	tlcheck_diff_free(d);
	tlcheck_result_free(o);
	tlcheck_result_free(n);
}

static void test_diff_new_resolved_unchanged(void **state)
{
	(void)state;
	tlcheck_result *o = check_as(DATA "old.yaml", "old.yaml");
	tlcheck_result *n = check_as(DATA "new.yaml", "new.yaml");
	tlcheck_diff *d = NULL;
	assert_int_equal(tlcheck_diff_results(&d, o, n), 0);
	assert_int_equal(tlcheck_diff_count(d), 5);
	const tlcheck_diff_entry *e = tlcheck_diff_get(d, 0);
	assert_int_equal(e->change, TLCHECK_CHANGE_NEW);
	assert_string_equal(e->finding->rule, "TL-C-001");
	assert_string_equal(e->stable_path, "partners[name=\"株式会社ガンマ\"].nda");
	assert_null(e->old);
	e = tlcheck_diff_get(d, 1);
	assert_int_equal(e->change, TLCHECK_CHANGE_RESOLVED);
	assert_string_equal(e->finding->rule, "TL-C-006");
	assert_string_equal(e->finding->path, "partners[1].review.last_reviewed_on");
	for (size_t i = 2; i < 5; i++)
		assert_int_equal(tlcheck_diff_get(d, i)->change, TLCHECK_CHANGE_UNCHANGED);
	assert_string_equal(tlcheck_change_name(TLCHECK_CHANGE_RESOLVED), "resolved");

	/* Text, JSON, HTML; other formats refused. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(tlcheck_diff_write(f, d, TLCHECK_FORMAT_TEXT, pack, "en"), 0);
	fclose(f);
	assert_non_null(strstr(buf, "--- old.yaml (SEMI-2024-012)\n+++ new.yaml (SEMI-2024-012)\n+ new.yaml:"));
	assert_non_null(strstr(buf, "\n- old.yaml:"));
	assert_non_null(strstr(buf, "1 new, 1 resolved, 3 unchanged\n"));
	free(buf);
	f = open_memstream(&buf, &len);
	assert_int_equal(tlcheck_diff_write(f, d, TLCHECK_FORMAT_JSON, pack, "en"), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"summary\": {\"new\": 1, \"resolved\": 1, \"unchanged\": 3, "
	                            "\"not_rechecked\": 0}"));
	assert_int_equal(tlcheck_diff_changes(d, TLCHECK_CHANGE_NOT_RECHECKED), 0);
	free(buf);
	f = open_memstream(&buf, &len);
	assert_int_equal(tlcheck_diff_write(f, d, TLCHECK_FORMAT_SARIF, pack, "en"), TLCHECK_EINVALID);
	fclose(f);
	free(buf);
	tlcheck_diff_free(d);
	tlcheck_result_free(o);
	tlcheck_result_free(n);
}

/* Nothing from a declaration reaches the HTML page unescaped. */
static void test_diff_html_escapes(void **state)
{
	(void)state;
	size_t len;
	char *data = slurp(DATA "new.yaml", &len);
	char *at = strstr(data, "株式会社ガンマ");
	assert_non_null(at);
	const char *evil = "\"<script>&'\"";
	size_t old_len = strlen("株式会社ガンマ"), new_len = strlen(evil);
	memmove(at + new_len, at + old_len, len - (size_t)(at - data) - old_len + 1);
	memcpy(at, evil, new_len);
	len = len - old_len + new_len;
	tlcheck_result *o = check_as(DATA "old.yaml", "<old>.yaml");
	tlcheck_result *n = NULL;
	assert_int_equal(tlcheck_check_buffer(&n, pack, "new&.yaml", data, len, NULL), 0);
	tlcheck_diff *d = NULL;
	assert_int_equal(tlcheck_diff_results(&d, o, n), 0);
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(tlcheck_diff_write(f, d, TLCHECK_FORMAT_HTML, pack, "ja"), 0);
	fclose(f);
	assert_null(strstr(buf, "<script"));
	assert_null(strstr(buf, "<old>"));
	assert_non_null(strstr(buf, "&lt;script&gt;&amp;&#39;"));
	assert_non_null(strstr(buf, "new&amp;.yaml"));
	assert_non_null(strstr(buf, "<html lang=\"ja\">"));
	assert_non_null(strstr(buf, "</html>\n"));
	free(buf);
	free(data);
	tlcheck_diff_free(d);
	tlcheck_result_free(o);
	tlcheck_result_free(n);
}

/* ---- baselines ---- */

static char *report_json(const char *const *paths, size_t n, tlcheck_baseline *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	ro.format = TLCHECK_FORMAT_JSON;
	ro.pack = pack;
	tlcheck_report *rep = NULL;
	assert_int_equal(tlcheck_report_new(&rep, f, &ro), 0);
	if (b)
		assert_int_equal(tlcheck_report_set_baseline(rep, b), 0);
	for (size_t i = 0; i < n; i++) {
		tlcheck_result *res = check_as(paths[i], paths[i]);
		assert_int_equal(tlcheck_report_add(rep, res), 0);
		tlcheck_result_free(res);
	}
	assert_int_equal(tlcheck_report_finish(rep, 0), 0);
	tlcheck_report_free(rep);
	fclose(f);
	return buf;
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/tlcheck-baseline-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_baseline_counts(void **state)
{
	(void)state;
	const char *year1[] = {DATA "old.yaml", TLCHECK_SOURCE_DIR "/tests/data/cli/fertilizer.yaml"};
	const char *year2[] = {DATA "new.yaml"};
	char *prev = report_json(year1, 2, NULL);
	char *path = write_temp(prev);
	tlcheck_baseline *b = NULL;
	tlcheck_diags *diags = NULL;
	assert_int_equal(tlcheck_baseline_load_file(&b, path, &diags), 0);
	assert_null(diags);
	char *now = report_json(year2, 1, b);
	/* The fertilizer plan was not checked again: its findings are not resolved. */
	assert_non_null(strstr(now, "\"new\": 1, \"unchanged\": 3, \"resolved\": 1"));
	assert_non_null(strstr(now, "\"not_rechecked\": "));
	assert_non_null(strstr(now, "\"baseline\": \"new\""));
	assert_non_null(strstr(now, "\"resolved_findings\": [\n      {\"file\": "));
	assert_non_null(strstr(now, "\"rule\": \"TL-C-006\""));
	tlcheck_baseline_free(b);
	unlink(path);
	free(path);
	free(prev);
	free(now);
}

/* A report without fingerprints (an earlier version) matches paths as written. */
static void test_baseline_without_fingerprints(void **state)
{
	(void)state;
	char *path = write_temp("{\"results\": [{\"file\": \"x.yaml\", \"plan\": \"SEMI-2024-012\", \"findings\": ["
	                        "{\"rule\": \"TL-C-001\", \"path\": \"partners[0].nda\"},"
	                        "{\"rule\": \"TL-C-002\", \"path\": \"partners[0].nda\"}]},"
	                        "{\"file\": \"gone.yaml\", \"plan\": \"GONE-1\", \"findings\": ["
	                        "{\"rule\": \"TL-A-001\", \"path\": \"core_technologies\"}]}]}\n");
	tlcheck_baseline *b = NULL;
	assert_int_equal(tlcheck_baseline_load_file(&b, path, NULL), 0);
	assert_int_equal(tlcheck_baseline_finding_count(b), 3);
	const char *year2[] = {DATA "old.yaml"};
	char *now = report_json(year2, 1, b);
	assert_non_null(strstr(now, "\"new\": 3, \"unchanged\": 1, \"resolved\": 1"));
	assert_non_null(strstr(now, "\"not_rechecked\": 1, \"plans_new\": 0"));
	free(now);
	tlcheck_baseline_free(b);
	unlink(path);
	free(path);
}

static void test_baseline_malformed(void **state)
{
	(void)state;
	const char *bad[] = {"{\"tool\": {}}\n", "[1, 2]\n", "{\"results\": [{\"findings\": [{\"path\": \"a\"}]}]}\n",
	                     "{\"results\": [\n"};
	for (size_t i = 0; i < 4; i++) {
		char *path = write_temp(bad[i]);
		tlcheck_baseline *b = (tlcheck_baseline *)&b;
		tlcheck_diags *d = NULL;
		assert_int_equal(tlcheck_baseline_load_file(&b, path, &d), TLCHECK_EINVALID);
		assert_null(b);
		assert_true(tlcheck_diags_count(d) >= 1);
		assert_non_null(strstr(tlcheck_diags_get(d, 0)->rendered, path));
		tlcheck_diags_free(d);
		unlink(path);
		free(path);
	}
	tlcheck_baseline *b = NULL;
	assert_int_equal(tlcheck_baseline_load_file(&b, "/no/such/report.json", NULL), TLCHECK_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stable_paths),
		cmocka_unit_test(test_fingerprint_survives_reorder_and_rename),
		cmocka_unit_test(test_fingerprint_scope_without_plan),
		cmocka_unit_test(test_occurrence_numbers),
		cmocka_unit_test(test_diff_reordered_is_unchanged),
		cmocka_unit_test(test_diff_new_resolved_unchanged),
		cmocka_unit_test(test_diff_html_escapes),
		cmocka_unit_test(test_baseline_counts),
		cmocka_unit_test(test_baseline_without_fingerprints),
		cmocka_unit_test(test_baseline_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
