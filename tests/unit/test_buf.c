/* test_buf.c - tl_buf: JSON string escaping (plain runs, escapes, control bytes, UTF-8) and decimal integers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"

static void test_json_str(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;       /* 0: strlen(in) */
		const char *want;
	} cases[] = {
		{"", 0, "\"\""},
		{"plain text", 0, "\"plain text\""},
		{"\"", 0, "\"\\\"\""},
		{"a\"b\\c", 0, "\"a\\\"b\\\\c\""},
		{"\\end", 0, "\"\\\\end\""},
		{"\n\r\t\b\f", 0, "\"\\n\\r\\t\\b\\f\""},
		{"x\x01y\x1fz", 0, "\"x\\u0001y\\u001fz\""},
		{" ~\x7f", 0, "\" ~\\u007f\""},
		{"caf\xC3\xA9 \xE8\xA3\xBD", 0, "\"caf\xC3\xA9 \xE8\xA3\xBD\""},
		{"a\xFF" "b", 0, "\"a\xEF\xBF\xBD" "b\""},
		{"a\0b", 3, "\"a\\u0000b\""},
		/* Japanese text is copied in runs; an escape inside it, a truncated
		 * or an overlong sequence are still handled byte by byte. */
		{"\xE6\x97\xA5\xE6\x9C\xAC\"\xE8\xAA\x9E\n", 0, "\"\xE6\x97\xA5\xE6\x9C\xAC\\\"\xE8\xAA\x9E\\n\""},
		{"x\xE8\xA3", 0, "\"x\xEF\xBF\xBD\xEF\xBF\xBD\""},
		{"\xC0\xAF\xE8\xA3\xBD", 0, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xE8\xA3\xBD\""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tl_buf b = TL_BUF_INIT;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		tl_buf_json_str(&b, cases[i].in, len);
		if (!b.data || strcmp(b.data, cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i, b.data ? b.data : "(null)", cases[i].want);
		tl_buf_free(&b);
	}
}

/* Plain ASCII is copied eight bytes at a time: a byte that needs a look of
 * its own is found at every place of a 24-byte text, and at the edges of
 * the eight-byte steps. */
static void test_json_str_every_place(void **state)
{
	(void)state;
	static const struct {
		const char *byte;  /* what is put at the place */
		size_t len;
		const char *out;   /* what JSON has there */
	} specials[] = {
		{"\"", 1, "\\\""}, {"\\", 1, "\\\\"}, {"\n", 1, "\\n"}, {"\x01", 1, "\\u0001"},
		{"\x1f", 1, "\\u001f"}, {"\x7f", 1, "\\u007f"}, {"\0", 1, "\\u0000"},
		{"\xC3\xA9", 2, "\xC3\xA9"}, {"\xFF", 1, "\xEF\xBF\xBD"},
		{" ", 1, " "}, {"~", 1, "~"}, {"!", 1, "!"}, {"[", 1, "["}, {"]", 1, "]"},
	};
	const char *plain = "abcdefghijklmnopqrstuvwx";
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
		for (size_t at = 0; at < 24; at++) {
			char in[32], want[64];
			size_t n = 0, w = 0;
			memcpy(in, plain, at);
			n = at;
			memcpy(in + n, specials[k].byte, specials[k].len);
			n += specials[k].len;
			memcpy(in + n, plain + at, 24 - at);
			n += 24 - at;
			want[w++] = '"';
			memcpy(want + w, plain, at);
			w += at;
			memcpy(want + w, specials[k].out, strlen(specials[k].out));
			w += strlen(specials[k].out);
			memcpy(want + w, plain + at, 24 - at);
			w += 24 - at;
			want[w++] = '"';
			want[w] = '\0';
			tl_buf b = TL_BUF_INIT;
			tl_buf_json_str(&b, in, n);
			if (!b.data || strcmp(b.data, want) != 0)
				fail_msg("special %zu at %zu: got %s, want %s", k, at, b.data ? b.data : "(null)",
				         want);
			tl_buf_free(&b);
		}
	}
}

/* tl_buf_put_uint writes what printf's %llu writes. */
static void test_put_uint(void **state)
{
	(void)state;
	static const unsigned long long cases[] = {0, 1, 9, 10, 99, 100, 4294967295ull,
	                                           4294967296ull, 18446744073709551615ull};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tl_buf b = TL_BUF_INIT;
		char want[32];
		tl_buf_puts(&b, "x=");
		tl_buf_put_uint(&b, cases[i]);
		snprintf(want, sizeof(want), "x=%llu", cases[i]);
		assert_non_null(b.data);
		assert_string_equal(b.data, want);
		tl_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_json_str_every_place),
		cmocka_unit_test(test_put_uint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
