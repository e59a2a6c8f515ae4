/* test_hostile_messages.c - messages that quote hostile text stay valid UTF-8 wherever they cut it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "expr/expr.h"
#include "util/utf8.h"
#include "yaml/doc.h"
#include "tlcheck/tlcheck.h"

/* `head`, then `pad` ASCII letters, then `tail` and `end`: puts a multi-byte
 * character of `tail` across the byte where a message cuts quoted text. */
static char *build(const char *head, size_t pad, const char *tail, const char *end)
{
	size_t hl = strlen(head), tl = strlen(tail), el = strlen(end);
	char *s = malloc(hl + pad + tl + el + 1);
	assert_non_null(s);
	memcpy(s, head, hl);
	memset(s + hl, 'a', pad);
	memcpy(s + hl + pad, tail, tl);
	memcpy(s + hl + pad + tl, end, el + 1);
	return s;
}

static void assert_utf8(const char *what, const char *msg)
{
	size_t n = strlen(msg), bad = tl_utf8_check(msg, n);
	if (bad != n)
		fail_msg("%s: invalid UTF-8 at byte %zu of \"%s\"", what, bad, msg);
}

/* Quoted text is cut at 40 bytes (compile-time date literals) or 60 bytes
 * (conversion errors); pads around those put 日 (3 bytes) on each side of
 * the cut and across it. */
static const struct {
	const char *head, *end;
	size_t first_pad, last_pad;
	bool compile_error;
} cases[] = {
	{"date(\"", "\")", 36, 41, true},            /* date literal checked when compiled */
	{"int(\"", "\")", 56, 61, false},            /* conversion error at evaluation */
	{"decimal(\"", "\")", 56, 61, false},
	{"date(\"x\" + \"", "\")", 54, 61, false},   /* date() of a computed string */
};

static void test_expression_messages(void **state)
{
	(void)state;
	tl_eval *ev = tl_eval_new();
	assert_non_null(ev);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (size_t pad = cases[c].first_pad; pad <= cases[c].last_pad; pad++) {
			char *src = build(cases[c].head, pad, "日本語の文字列", cases[c].end);
			tl_expr *e = NULL;
			tl_error err;
			tl_error_clear(&err);
			int rc = tl_expr_compile(&e, &err, src, strlen(src), NULL);
			if (cases[c].compile_error) {
				assert_int_equal(rc, TL_ESYNTAX);
				assert_utf8(src, err.msg);
				assert_utf8(src, err.msg_ja);
			} else {
				if (rc != 0)
					fail_msg("%s: %s", src, err.msg);
				tl_value v;
				tl_eval_reset(ev);
				assert_int_equal(tl_expr_eval(&v, e, ev, NULL), 0);
				assert_true(tl_value_is_error(&v));
				assert_utf8(src, v.u.err->msg);
				assert_utf8(src, v.u.err->msg_ja);
				tl_expr_free(e);
			}
			free(src);
		}
	}
	tl_eval_free(ev);
}

/* The loader's messages (a repeated key, quoted in full up to the message
 * size) and every finding of a check, for keys of Japanese text of every length
 * around the 512-byte message buffer. */
static void test_loader_and_check_messages(void **state)
{
	(void)state;
	tlcheck_pack *pack = NULL;
	assert_int_equal(tlcheck_pack_load_default(&pack, NULL), 0);
	for (size_t pad = 380; pad <= 520; pad += 1) {
		char *key = build("", pad, "日本語のキー", "");
		size_t kl = strlen(key);
		size_t cap = 2 * kl + 64;
		char *doc = malloc(cap);
		assert_non_null(doc);
		int n = snprintf(doc, cap, "%s: 1\n%s: 2\n", key, key);
		assert_true(n > 0 && (size_t)n < cap);
		tl_doc *d = NULL;
		tl_error err;
		tl_error_clear(&err);
		assert_int_equal(tl_doc_load(&d, &err, doc, (size_t)n, NULL), TL_EDUPKEY);
		assert_utf8("duplicate key", err.msg);
		assert_utf8("duplicate key", err.msg_ja);
		for (int ja = 0; ja < 2; ja++) {
			tlcheck_check_options opts = TLCHECK_CHECK_OPTIONS_INIT;
			opts.lang = ja ? "ja" : "en";
			tlcheck_result *res = NULL;
			assert_int_equal(tlcheck_check_buffer(&res, pack, "k.yaml", doc, (size_t)n, &opts), 0);
			assert_true(tlcheck_result_finding_count(res) >= 1);
			for (size_t i = 0; i < tlcheck_result_finding_count(res); i++) {
				const tlcheck_finding *f = tlcheck_result_finding(res, i);
				assert_utf8(f->rule, f->message);
				assert_utf8(f->rule, f->path);
			}
			tlcheck_result_free(res);
		}
		/* Unique keys: the check quotes the unknown key in its findings. */
		n = snprintf(doc, cap, "format: tlcheck-declaration/1\n%s: 1\n", key);
		tlcheck_result *res = NULL;
		assert_int_equal(tlcheck_check_buffer(&res, pack, "k.yaml", doc, (size_t)n, NULL), 0);
		for (size_t i = 0; i < tlcheck_result_finding_count(res); i++)
			assert_utf8(tlcheck_result_finding(res, i)->rule, tlcheck_result_finding(res, i)->message);
		tlcheck_result_free(res);
		free(doc);
		free(key);
	}
	tlcheck_pack_free(pack);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expression_messages),
		cmocka_unit_test(test_loader_and_check_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
