/* test_yaml_render.c - dotted paths of nodes, and errors rendered with the source line and a caret. */
#include "util/utf8.h"
#include "yaml_test_util.h"

/* ---- paths ------------------------------------------------------------------ */

static void test_paths(void **state)
{
	(void)state;
	tl_doc *d = load_ok("partners:\n"
	                    "  - name: x\n"
	                    "  - nda: {signed_on: 2025-01-01}\n"
	                    "\"b c\": {\"q\\\"\\\\\": [1, [2]]}\n"
	                    "_ok9: {\"9a\": 1, \"\": 2, a-b: 3, \"tab\\t\": 4}\n");
	const tl_node *root = tl_doc_root(d);
	assert_string_equal(path_of(root), "");
	const tl_node *so = at(at(item(at(root, "partners"), 1), "nda"), "signed_on");
	assert_string_equal(path_of(so), "partners[1].nda.signed_on");
	assert_string_equal(path_of(key_of(at(item(at(root, "partners"), 1), "nda"), "signed_on")),
	                    "partners[1].nda.signed_on");
	const tl_node *deep = item(item(at(at(root, "b c"), "q\"\\"), 1), 0);
	assert_string_equal(path_of(deep), "[\"b c\"][\"q\\\"\\\\\"][1][0]");
	const tl_node *ok = at(root, "_ok9");
	assert_string_equal(path_of(ok), "_ok9");
	assert_string_equal(path_of(at(ok, "9a")), "_ok9[\"9a\"]");
	assert_string_equal(path_of(at(ok, "")), "_ok9[\"\"]");
	assert_string_equal(path_of(at(ok, "a-b")), "_ok9[\"a-b\"]");
	assert_string_equal(path_of(at(ok, "tab\t")), "_ok9[\"tab\\t\"]");

	/* Cut to the room given, NUL-terminated, full length returned. */
	char small[8];
	memset(small, 'x', sizeof(small));
	assert_int_equal(tl_node_path(so, small, sizeof(small)), 25);
	assert_string_equal(small, "partner");
	assert_int_equal(tl_node_path(so, NULL, 0), 25);
	char one[1] = {'x'};
	assert_int_equal(tl_node_path(so, one, 1), 25);
	assert_int_equal(one[0], '\0');
	tl_doc_free(d);

	/* A cut never leaves half a UTF-8 character. */
	d = load_ok("株式: 1\n");
	char cut[5];
	assert_int_equal(tl_node_path(at(tl_doc_root(d), "株式"), cut, sizeof(cut)), 10);
	assert_string_equal(cut, "[\"");
	tl_doc_free(d);
}

/* ---- rendering ------------------------------------------------------------------------ */

static char *render(const char *file, tl_pos pos, const char *msg, const char *lang,
                    const char *data)
{
	tl_error e;
	tl_error_clear(&e);
	tl_error_set(&e, TL_ESYNTAX, pos, "%s", msg);
	tl_error_set_ja(&e, "日本語: %s", msg);
	char *r = tl_render_error(file, &e, lang, data, data ? strlen(data) : 0);
	assert_non_null(r);
	assert_int_equal(tl_utf8_check(r, strlen(r)), strlen(r));
	return r;
}

static void expect_render(const char *file, tl_pos pos, const char *lang, const char *data,
                          const char *want)
{
	char *r = render(file, pos, "msg", lang, data);
	if (strcmp(r, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", r, want);
	free(r);
}

static void test_render(void **state)
{
	(void)state;
	expect_render("d.yaml", (tl_pos){2, 4}, "en", "a: 1\nb: [x\n", "d.yaml:2:4: msg\nb: [x\n   ^");
	expect_render("d.yaml", (tl_pos){2, 4}, "ja", "a: 1\nb: [x\n",
	              "d.yaml:2:4: 日本語: msg\nb: [x\n   ^");
	/* Wide characters before the column take two cells each. */
	/* Columns count characters; the caret's indent counts display cells. */
	expect_render("d.yaml", (tl_pos){1, 7}, "en", "名前: 山田: 太郎\n",
	              "d.yaml:1:7: msg\n名前: 山田: 太郎\n          ^");
	expect_render("d.yaml", (tl_pos){1, 1}, "en", "名前: x", "d.yaml:1:1: msg\n名前: x\n^");
	/* A tab stays a tab, under it too, so the caret lines up. */
	expect_render("t.yaml", (tl_pos){1, 5}, "en", "x:\tfoo bar\n", "t.yaml:1:5: msg\nx:\tfoo bar\n  \t ^");
	/* BOM and CRLF are not shown; the column may be just past the end. */
	expect_render("b.yaml", (tl_pos){2, 3}, "en", "\xEF\xBB\xBF" "a\r\nbc\r\nd",
	              "b.yaml:2:3: msg\nbc\n  ^");
	expect_render("b.yaml", (tl_pos){2, 9}, "en", "a\nbc\n", "b.yaml:2:9: msg\nbc\n  ^");
	/* No source to show: only the first line. */
	expect_render("n.yaml", (tl_pos){3, 1}, "en", NULL, "n.yaml:3:1: msg");
	expect_render("n.yaml", (tl_pos){3, 1}, "en", "a\nb\n", "n.yaml:3:1: msg");
	expect_render("n.yaml", (tl_pos){1, 1}, "en", "", "n.yaml:1:1: msg");
	expect_render("n.yaml", (tl_pos){0, 0}, "en", "a\n", "n.yaml: msg");
	expect_render("n.yaml", (tl_pos){1, 0}, "en", "a\n", "n.yaml:1: msg");
	expect_render(NULL, (tl_pos){1, 2}, "en", "ab", "<input>:1:2: msg\nab\n ^");
	/* Bytes that are not text are shown as U+FFFD, one cell each. */
	expect_render("s.yaml", (tl_pos){1, 5}, "en", "a: \x82\xA0x",
	              "s.yaml:1:5: msg\na: \xEF\xBF\xBD\xEF\xBF\xBDx\n    ^");
	/* A very long line is shown as a window around the column. */
	char *line = repeat("a", 1000, "\n");
	char *r = render("l.yaml", (tl_pos){1, 501}, "msg", "en", line);
	char *want = malloc(2000);
	int n = snprintf(want, 2000, "l.yaml:1:501: msg\n...");
	memset(want + n, 'a', 240);
	n += 240;
	n += snprintf(want + n, 2000 - (size_t)n, "...\n");
	memset(want + n, ' ', 123);
	snprintf(want + n + 123, 2000 - (size_t)n - 123, "^");
	assert_string_equal(r, want);
	free(r);
	free(want);
	free(line);
}

static void test_render_load_errors(void **state)
{
	(void)state;
	const char *in = "会社: 株式会社\n役員: [山田, 佐藤\n";
	tl_doc *d = (tl_doc *)1;
	tl_error e;
	assert_int_equal(tl_doc_load(&d, &e, in, strlen(in), NULL), TL_ESYNTAX);
	char *r = tl_render_error("decl.yaml", &e, "en", in, strlen(in));
	assert_string_equal(r, "decl.yaml:3:1: expected ',' or ']' in a [ ] list: is a comma or the "
	                       "closing ']' missing? (in the [ ] list that starts at 2:5)");
	free(r);
	in = "会社: 株式会社\n役員: [山田, 佐藤 }\n";
	assert_int_equal(tl_doc_load(&d, &e, in, strlen(in), NULL), TL_ESYNTAX);
	r = tl_render_error("decl.yaml", &e, "ja", in, strlen(in));
	assert_string_equal(r, "decl.yaml:2:13: [ ] のリストの中に ',' か ']' が必要です。カンマか閉じる "
	                       "']' が抜けていないか確認してください（2:5 から始まる [ ] のリスト）\n"
	                       "役員: [山田, 佐藤 }\n"
	                       "                  ^");
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_render_load_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
