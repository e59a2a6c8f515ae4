/* test_yaml_suite.c - every case of the YAML test suite through the loader, and loading from many threads. */
#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>

#include "util/utf8.h"
#include "yaml_test_util.h"

static const char DOC[] = "plan: SEMI-2024-012\n"
                          "partners:\n"
                          "  - name: Alpha\n"
                          "    nda:\n"
                          "      signed_on: 2025-01-10\n";

/* ---- threads ------------------------------------------------------------------------ */

static void *load_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		tl_doc *d = NULL;
		tl_error e;
		if (tl_doc_load(&d, &e, DOC, strlen(DOC), NULL) != 0)
			return (void *)1;
		const tl_node *so =
		        tl_node_get(tl_node_get(tl_doc_root(d)->u.map.pairs[1].value->u.seq.items[0], "nda"),
		                    "signed_on");
		bool ok = so && so->start.line == 5 && so->start.col == 18;
		tl_doc_free(d);
		if (!ok || tl_doc_load(&d, &e, "a: [1,\n", 7, NULL) != TL_ESYNTAX || e.pos.line != 2)
			return (void *)1;
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, load_many, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
}

/* ---- the YAML test suite ---------------------------------------------------------------- */

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

typedef struct suite_stats {
	int cases, loaded, refused;
} suite_stats;

/* Whether the libyaml baseline says both the suite and libyaml reject it. */
static bool baseline_error(const char *tsv, const char *id)
{
	char key[600];
	snprintf(key, sizeof(key), "\n%s\terror\terror\t", id);
	return strstr(tsv, key) != NULL;
}

static void suite_case(const char *dir, const char *id, const char *tsv, suite_stats *st)
{
	char path[1600];
	snprintf(path, sizeof(path), "%s/in.yaml", dir);
	size_t len;
	char *data = read_file(path, &len);
	if (!data)
		return;
	st->cases++;
	tl_doc *d = NULL;
	tl_error e;
	tl_error_clear(&e);
	int rc = tl_doc_load(&d, &e, data, len, NULL);
	if (rc == 0) {
		check_tree(d);
		tl_doc_free(d);
		st->loaded++;
		if (tsv && baseline_error(tsv, id))
			fail_msg("%s: loaded, but the suite and libyaml reject it", id);
	} else {
		st->refused++;
		if (e.pos.line < 1 || !e.msg[0] || !e.msg_ja[0] || e.code != rc)
			fail_msg("%s: error without position or message (%d %u:%u)", id, rc, e.pos.line,
			         e.pos.col);
		char *r = tl_render_error(path, &e, "ja", data, len);
		assert_non_null(r);
		assert_int_equal(tl_utf8_check(r, strlen(r)), strlen(r));
		free(r);
	}
	free(data);
}

static void test_yaml_test_suite(void **state)
{
	(void)state;
	const char *base = TLCHECK_SHARED_DIR "/conformance/yaml-test-suite";
	char cases[1024];
	snprintf(cases, sizeof(cases), "%s/cases", base);
	if (!exists(cases)) {
		skip();
		return;
	}
	char tsvpath[1024];
	snprintf(tsvpath, sizeof(tsvpath), "%s/libyaml-0.2.5-baseline.tsv", base);
	size_t tlen;
	char *tsv0 = read_file(tsvpath, &tlen);
	char *tsv = NULL;
	if (tsv0) { /* a leading newline lets every row be found as "\nID\t" */
		tsv = malloc(tlen + 2);
		tsv[0] = '\n';
		memcpy(tsv + 1, tsv0, tlen + 1);
		free(tsv0);
	}
	suite_stats st = {0, 0, 0};
	DIR *top = opendir(cases);
	assert_non_null(top);
	struct dirent *de;
	while ((de = readdir(top))) {
		if (de->d_name[0] == '.')
			continue;
		char dir[1280], probe[1300];
		snprintf(dir, sizeof(dir), "%s/%s", cases, de->d_name);
		snprintf(probe, sizeof(probe), "%s/in.yaml", dir);
		if (exists(probe)) {
			suite_case(dir, de->d_name, tsv, &st);
			continue;
		}
		DIR *sub = opendir(dir);
		if (!sub)
			continue;
		struct dirent *se;
		while ((se = readdir(sub))) {
			if (se->d_name[0] == '.')
				continue;
			char sdir[1536], id[512];
			snprintf(sdir, sizeof(sdir), "%s/%s", dir, se->d_name);
			snprintf(id, sizeof(id), "%s-%s", de->d_name, se->d_name);
			suite_case(sdir, id, tsv, &st);
		}
		closedir(sub);
	}
	closedir(top);
	free(tsv);
	print_message("yaml-test-suite: %d cases, %d loaded, %d refused\n", st.cases, st.loaded,
	              st.refused);
	assert_true(st.cases >= 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_yaml_test_suite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
