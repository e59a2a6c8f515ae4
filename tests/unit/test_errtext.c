/* test_errtext.c - tl_strerror: the system's reason in English, or in Japanese for the common ones. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/errtext.h"

/* strerror()'s text, copied: the text of an unknown value lasts only until
 * the next call. */
static const char *sys(int e)
{
	static char copy[256];
	snprintf(copy, sizeof(copy), "%s", strerror(e));
	return copy;
}

/* English is the system's own text, for every value. */
static void test_english_is_strerror(void **state)
{
	(void)state;
	static const int all[] = {ENOENT, EACCES, ENOSPC, EIO, ENOMEM, EPROTO, 0, 99999};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *want = sys(all[i]);
		assert_string_equal(tl_strerror(all[i], false), want);
	}
}

/* The reasons met reading declarations and writing reports read in Japanese:
 * no ASCII letter in them, each its own words. */
static void test_japanese(void **state)
{
	(void)state;
	static const int common[] = {ENOENT, EACCES, EPERM, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG,
	                             EMFILE, ENFILE, ENOSPC, EROFS, EIO, ENOMEM, EFBIG};
	size_t n = sizeof(common) / sizeof(common[0]);
	for (size_t i = 0; i < n; i++) {
		const char *s = tl_strerror(common[i], true);
		assert_non_null(s);
		assert_string_not_equal(s, sys(common[i]));
		for (const char *p = s; *p; p++)
			assert_false((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s, tl_strerror(common[j], true));
	}
	assert_string_equal(tl_strerror(ENOENT, true), "ファイルまたはフォルダが存在しません");
	assert_string_equal(tl_strerror(ENOSPC, true), "ディスクの空き容量がありません");
}

/* A rare reason keeps the system's text rather than none. */
static void test_japanese_falls_back(void **state)
{
	(void)state;
	const char *want = sys(EPROTO);
	assert_string_equal(tl_strerror(EPROTO, true), want);
	want = sys(99999);
	assert_string_equal(tl_strerror(99999, true), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_is_strerror),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_japanese_falls_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
