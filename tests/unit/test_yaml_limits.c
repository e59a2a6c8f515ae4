/* test_yaml_limits.c - the loader's limits: bytes, depth, nodes, alias expansion, and pathological input. */
#include "yaml_test_util.h"

static void test_limit_bytes(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = 10;
	tl_doc_free(load_ok_n("abc: 12345", 10, &lim));
	tl_error e = load_err_n("abc: 123456", 11, &lim, TL_ELIMIT, 1, 1);
	assert_string_equal(e.msg, "the file is larger than 10 bytes (limit max_bytes)");
	assert_string_equal(e.msg_ja, "ファイルが 10 バイトを超えています（上限 max_bytes）");
	/* The default, on each side. */
	size_t n = TL_DEFAULT_MAX_BYTES;
	char *big = malloc(n + 1);
	memset(big, ' ', n + 1);
	big[0] = 'x';
	tl_doc_free(load_ok_n(big, n, NULL));
	e = load_err_n(big, n + 1, NULL, TL_ELIMIT, 1, 1);
	assert_string_equal(e.msg, "the file is larger than 8388608 bytes (limit max_bytes)");
	free(big);
}

static void test_limit_depth(void **state)
{
	(void)state;
	/* 64 levels load; 65 do not. */
	char *closing = repeat("]", 64, "");
	char *ok = repeat("[", 64, closing);
	tl_doc *d = load_ok(ok);
	check_tree(d);
	tl_doc_free(d);
	free(ok);
	free(closing);
	closing = repeat("]", 65, "");
	char *bad = repeat("[", 65, closing);
	tl_error e = load_err(bad, TL_ELIMIT, 1, 65);
	assert_string_equal(e.msg, "nesting deeper than 64 levels (limit max_depth)");
	assert_string_equal(e.msg_ja, "入れ子が 64 段を超えています（上限 max_depth）");
	free(bad);
	free(closing);

	/* 100,000 unclosed '[': our limit fires, at once. */
	char *flood = repeat("[", 100000, "");
	double t0 = now();
	e = load_err(flood, TL_ELIMIT, 1, 65);
	assert_true(untimed() || now() - t0 < 1.0);
	assert_string_equal(e.msg, "nesting deeper than 64 levels (limit max_depth)");
	free(flood);
	flood = repeat("{a: ", 100000, "");
	load_err(flood, TL_ELIMIT, 1, 4 * 64 + 1);
	free(flood);

	/* 10,000 nested block mappings: 50 MB, over max_bytes by default. */
	tl_buf b = TL_BUF_INIT;
	for (int i = 0; i < 10000; i++) {
		for (int k = 0; k < i; k++)
			tl_buf_putc(&b, ' ');
		tl_buf_puts(&b, "a:\n");
	}
	assert_false(b.oom);
	e = load_err_n(b.data, b.len, NULL, TL_ELIMIT, 1, 1);
	assert_non_null(strstr(e.msg, "max_bytes"));
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = b.len;
	t0 = now();
	e = load_err_n(b.data, b.len, &lim, TL_ELIMIT, 65, 65);
	assert_true(untimed() || now() - t0 < 1.0);
	assert_string_equal(e.msg, "nesting deeper than 64 levels (limit max_depth)");
	tl_buf_free(&b);

	/* A limit of our choosing, counted by collection levels. */
	lim = (tl_load_limits)TL_LOAD_LIMITS_INIT;
	lim.max_depth = 3;
	const char *three = "a:\n  b:\n    - x\n", *four = "a:\n  b:\n    - [x]\n";
	tl_doc_free(load_ok_n(three, strlen(three), &lim));
	e = load_err_n(four, strlen(four), &lim, TL_ELIMIT, 3, 7);
	assert_string_equal(e.msg, "nesting deeper than 3 levels (limit max_depth)");
	/* ... and an alias may not build deeper than that either. */
	const char *alias = "a: &x [[1]]\nb: *x\nc: [*x]\n";
	e = load_err_n(alias, strlen(alias), &lim, TL_ELIMIT, 3, 5);
	assert_non_null(strstr(e.msg, "max_depth"));
	lim.max_depth = 4;
	tl_doc_free(load_ok_n(alias, strlen(alias), &lim));
}

static void test_limit_nodes(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_nodes = 5;
	tl_doc *d = load_ok_n("[1, 2, 3, 4]", 12, &lim);
	assert_int_equal(tl_doc_node_count(d), 5);
	tl_doc_free(d);
	tl_error e = load_err_n("[1, 2, 3, 4, 5]", 15, &lim, TL_ELIMIT, 1, 14);
	assert_string_equal(e.msg, "the document has more than 5 nodes (limit max_nodes)");
	assert_string_equal(e.msg_ja, "文書のノードが 5 個を超えています（上限 max_nodes）");
	/* Copies count too, before they are made. */
	const char *seven = "- &a [1, 2]\n- *a\n", *eight = "- &a [1, 2]\n- *a\n- 3\n";
	lim.max_nodes = 7;
	d = load_ok_n(seven, strlen(seven), &lim);
	assert_int_equal(tl_doc_node_count(d), 7);
	tl_doc_free(d);
	load_err_n(eight, strlen(eight), &lim, TL_ELIMIT, 3, 3);
	lim.max_nodes = 6;
	load_err_n(seven, strlen(seven), &lim, TL_ELIMIT, 2, 3);
}

static void test_limit_alias_nodes(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	const char *s = "a: &x [1, 2]\nb: *x\nc: *x\n";
	lim.max_alias_nodes = 6;
	tl_doc_free(load_ok_n(s, strlen(s), &lim));
	lim.max_alias_nodes = 5;
	tl_error e = load_err_n(s, strlen(s), &lim, TL_ELIMIT, 3, 4);
	assert_string_equal(e.msg, "expanding the alias *x would copy more than 5 nodes in all "
	                           "(limit max_alias_nodes)");
	assert_non_null(strstr(e.msg_ja, "max_alias_nodes"));

	/* Billion laughs: refused before anything is copied. */
	tl_buf b = TL_BUF_INIT;
	tl_buf_puts(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		tl_buf_printf(&b, "%c: &%c [", c, c);
		for (int k = 0; k < 9; k++)
			tl_buf_printf(&b, "%s*%c", k ? ", " : "", c - 1);
		tl_buf_puts(&b, "]\n");
	}
	double t0 = now();
	e = load_err_n(b.data, b.len, NULL, TL_ELIMIT, 5, 8);
	assert_true(untimed() || now() - t0 < 0.5);
	assert_string_equal(e.msg, "expanding the alias *d would copy more than 10000 nodes in all "
	                           "(limit max_alias_nodes)");
	/* Even with every other limit lifted, memory stays bounded by the budget. */
	lim = (tl_load_limits)TL_LOAD_LIMITS_INIT;
	lim.max_nodes = SIZE_MAX;
	lim.max_alias_nodes = 1000000;
	t0 = now();
	e = load_err_n(b.data, b.len, &lim, TL_ELIMIT, 7, 8);
	assert_true(untimed() || now() - t0 < 2.0);
	tl_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_bytes),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_nodes),
		cmocka_unit_test(test_limit_alias_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
