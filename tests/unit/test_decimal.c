/* test_decimal.c - exact decimal arithmetic, driven by tests/data/decimal_cases.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "value/decimal.h"
#include "value_case_reader.h"

static const char *status_name(int st)
{
	switch (st) {
	case TL_DEC_OK: return "OK";
	case TL_DEC_SYNTAX: return "SYNTAX";
	case TL_DEC_OVERFLOW: return "OVERFLOW";
	case TL_DEC_DIVZERO: return "DIVZERO";
	case TL_DEC_INEXACT: return "INEXACT";
	default: return "?";
	}
}

static bool invariant_holds(const tl_decimal *d)
{
	tl_i128 limit = 1;
	for (int i = 0; i < TL_DECIMAL_DIGITS; i++)
		limit *= 10;
	return d->scale >= 0 && d->scale <= TL_DECIMAL_DIGITS && d->coef < limit && d->coef > -limit;
}

/* Text of a result: the canonical form, or the status name on failure. */
static void describe(char *buf, size_t cap, int st, const tl_decimal *d)
{
	if (st != TL_DEC_OK)
		snprintf(buf, cap, "%s", status_name(st));
	else
		tl_decimal_format(buf, cap, d);
}


static bool operand(const case_line *cl, int i, tl_decimal *out)
{
	int st = tl_decimal_parse(out, cl->tok[i].text, cl->tok[i].len);
	if (st != TL_DEC_OK)
		failf(cl, "operand %s does not parse (%s)", cl->tok[i].text, status_name(st));
	return st == TL_DEC_OK;
}

static bool int_operand(const case_line *cl, int i, long *out)
{
	char *end;
	*out = strtol(cl->tok[i].text, &end, 10);
	if (cl->tok[i].len == 0 || *end != '\0') {
		failf(cl, "operand %s is not an integer", cl->tok[i].text);
		return false;
	}
	return true;
}

/* Checks a decimal result against the expected token and any `scale=N` after it. */
static void expect_result(const case_line *cl, int st, const tl_decimal *d)
{
	char got[64];
	const case_token *want = &cl->tok[cl->nargs];
	describe(got, sizeof got, st, d);
	if (!tok_is(want, got)) {
		failf(cl, "%s: expected %s, got %s", cl->tok[0].text, want->text, got);
		return;
	}
	if (st != TL_DEC_OK)
		return;
	if (!invariant_holds(d))
		failf(cl, "result %s breaks the coefficient/scale invariant", got);
	for (int i = cl->nargs + 1; i < cl->ntok; i++) {
		long scale;
		if (strncmp(cl->tok[i].text, "scale=", 6) == 0) {
			scale = strtol(cl->tok[i].text + 6, NULL, 10);
			if (d->scale != scale)
				failf(cl, "expected scale %ld, got %d", scale, (int)d->scale);
		}
	}
}

static void expect_text(const case_line *cl, const char *got)
{
	const case_token *want = &cl->tok[cl->nargs];
	if (!tok_is(want, got))
		failf(cl, "%s: expected %s, got %s", cl->tok[0].text, want->text, got);
}

typedef int (*binop)(tl_decimal *, const tl_decimal *, const tl_decimal *);

static void run_binop(const case_line *cl, binop op, bool commutes)
{
	tl_decimal a, b, r, r2;
	if (cl->nargs != 3 || !operand(cl, 1, &a) || !operand(cl, 2, &b))
		return;
	memset(&r, 0, sizeof r);
	int st = op(&r, &a, &b);
	expect_result(cl, st, &r);
	if (commutes) {
		memset(&r2, 0, sizeof r2);
		int st2 = op(&r2, &b, &a);
		if (st2 != st || (st == TL_DEC_OK && tl_decimal_cmp(&r, &r2) != 0))
			failf(cl, "%s does not commute", cl->tok[0].text);
	}
}

static void run_case(const case_line *cl)
{
	const char *op = cl->tok[0].text;
	tl_decimal a, b, r;
	long n;
	char got[64];
	memset(&r, 0, sizeof r);
	if (cl->ntok <= cl->nargs) {
		failf(cl, "no expected value");
	} else if (strcmp(op, "parse") == 0 && cl->nargs == 2) {
		int st = tl_decimal_parse(&r, cl->tok[1].text, cl->tok[1].len);
		expect_result(cl, st, &r);
	} else if (strcmp(op, "add") == 0) {
		run_binop(cl, tl_decimal_add, true);
	} else if (strcmp(op, "sub") == 0) {
		run_binop(cl, tl_decimal_sub, false);
	} else if (strcmp(op, "mul") == 0) {
		run_binop(cl, tl_decimal_mul, true);
	} else if (strcmp(op, "div") == 0) {
		run_binop(cl, tl_decimal_div, false);
	} else if (strcmp(op, "divround") == 0 && cl->nargs == 4) {
		if (operand(cl, 1, &a) && operand(cl, 2, &b) && int_operand(cl, 3, &n))
			expect_result(cl, tl_decimal_div_round(&r, &a, &b, (int)n), &r);
	} else if (strcmp(op, "round") == 0 && cl->nargs == 3) {
		if (operand(cl, 1, &a) && int_operand(cl, 2, &n))
			expect_result(cl, tl_decimal_round(&r, &a, (int)n), &r);
	} else if (strcmp(op, "neg") == 0 && cl->nargs == 2) {
		if (operand(cl, 1, &a)) {
			tl_decimal_neg(&r, &a);
			expect_result(cl, TL_DEC_OK, &r);
		}
	} else if (strcmp(op, "cmp") == 0 && cl->nargs == 3) {
		if (operand(cl, 1, &a) && operand(cl, 2, &b)) {
			int c = tl_decimal_cmp(&a, &b);
			snprintf(got, sizeof got, "%d", c);
			expect_text(cl, got);
			if (tl_decimal_cmp(&b, &a) != -c)
				failf(cl, "cmp is not antisymmetric");
		}
	} else if (strcmp(op, "sign") == 0 && cl->nargs == 2) {
		if (operand(cl, 1, &a)) {
			snprintf(got, sizeof got, "%d", tl_decimal_sign(&a));
			expect_text(cl, got);
			if (tl_decimal_is_zero(&a) != (tl_decimal_sign(&a) == 0))
				failf(cl, "is_zero disagrees with sign");
		}
	} else if (strcmp(op, "isint") == 0 && cl->nargs == 2) {
		if (operand(cl, 1, &a))
			expect_text(cl, tl_decimal_is_integer(&a) ? "true" : "false");
	} else if (strcmp(op, "toint") == 0 && cl->nargs == 2) {
		if (operand(cl, 1, &a)) {
			int64_t v = 0;
			int st = tl_decimal_to_int64(&v, &a);
			if (st == TL_DEC_OK)
				snprintf(got, sizeof got, "%lld", (long long)v);
			else
				snprintf(got, sizeof got, "%s", status_name(st));
			expect_text(cl, got);
		}
	} else {
		failf(cl, "unknown case '%s' with %d arguments", op, cl->nargs - 1);
	}
}

static void test_case_table(void **state)
{
	(void)state;
	case_run_table("decimal_cases.txt", run_case, 101);
}

static void test_from_int(void **state)
{
	(void)state;
	const int64_t values[] = {0, 1, -1, INT64_MAX, INT64_MIN};
	const char *texts[] = {"0", "1", "-1", "9223372036854775807", "-9223372036854775808"};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		tl_decimal d;
		char buf[TL_DECIMAL_BUFSZ];
		int64_t back = 0;
		tl_decimal_from_int(&d, values[i]);
		tl_decimal_format(buf, sizeof buf, &d);
		assert_string_equal(buf, texts[i]);
		assert_int_equal(tl_decimal_to_int64(&back, &d), TL_DEC_OK);
		assert_true(back == values[i]);
	}
}

static void test_format_truncates(void **state)
{
	(void)state;
	tl_decimal d;
	char buf[8];
	const char *text = "-0.00000000000000000000000000000000000001";
	assert_int_equal(tl_decimal_parse(&d, text, strlen(text)), TL_DEC_OK);
	/* The longest canonical text: sign, "0.", 38 fraction digits. */
	assert_int_equal(tl_decimal_format(buf, sizeof buf, &d), 41);
	assert_string_equal(buf, "-0.0000");
	assert_int_equal(tl_decimal_format(buf, 1, &d), 41);
	assert_string_equal(buf, "");
	assert_int_equal(tl_decimal_format(NULL, 0, &d), 41);
}

static void test_parse_stops_at_len(void **state)
{
	(void)state;
	tl_decimal d;
	char buf[TL_DECIMAL_BUFSZ];
	/* len, not the NUL, ends the literal: "12.5x" read as 4 bytes is 12.5. */
	assert_int_equal(tl_decimal_parse(&d, "12.5x", 4), TL_DEC_OK);
	tl_decimal_format(buf, sizeof buf, &d);
	assert_string_equal(buf, "12.5");
	assert_int_equal(tl_decimal_parse(&d, "12.5x", 5), TL_DEC_SYNTAX);
	assert_int_equal(tl_decimal_parse(&d, "1\0" "2", 3), TL_DEC_SYNTAX);
	assert_int_equal(tl_decimal_parse(&d, NULL, 0), TL_DEC_SYNTAX);
}

/* Values that break the |coef| < 10^38, 0 <= scale <= 38 invariant are refused
 * rather than read out of range. */
static void test_invalid_operands(void **state)
{
	(void)state;
	tl_decimal big = {1, 0}, deep = {1, 39}, far = {1, 200}, one = {1, 0}, r;
	int64_t v;
	for (int i = 0; i < TL_DECIMAL_DIGITS; i++)
		big.coef *= 10;
	assert_int_equal(tl_decimal_add(&r, &big, &one), TL_DEC_OVERFLOW);
	assert_int_equal(tl_decimal_sub(&r, &one, &deep), TL_DEC_OVERFLOW);
	assert_int_equal(tl_decimal_mul(&r, &far, &one), TL_DEC_OVERFLOW);
	assert_int_equal(tl_decimal_div(&r, &one, &big), TL_DEC_OVERFLOW);
	assert_int_equal(tl_decimal_div_round(&r, &deep, &one, 2), TL_DEC_OVERFLOW);
	assert_int_equal(tl_decimal_round(&r, &far, 2), TL_DEC_OVERFLOW);
	assert_int_equal(tl_decimal_to_int64(&v, &far), TL_DEC_OVERFLOW);
	assert_false(tl_decimal_is_integer(&far));
}

/* A small deterministic generator, so that a failure reproduces exactly. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void random_decimal(tl_decimal *d)
{
	char text[64];
	size_t n = 0;
	int digits = 1 + (int)(rng() % 38);
	int point = (int)(rng() % (uint64_t)(digits + 1));
	if (rng() % 2)
		text[n++] = '-';
	for (int i = 0; i < digits; i++) {
		if (i == point && i > 0)
			text[n++] = '.';
		/* Mostly nines and zeros: they sit on the carry and overflow edges. */
		uint64_t r = rng() % 4;
		text[n++] = (char)(r == 0 ? '0' : r == 1 ? '9' : (char)('0' + rng() % 10));
	}
	assert_int_equal(tl_decimal_parse(d, text, n), TL_DEC_OK);
}

/* Algebraic identities that must hold exactly whenever the operations succeed:
 * an independent check of the arithmetic beyond the hand-written table. */
static void test_identities(void **state)
{
	(void)state;
	for (int i = 0; i < 20000; i++) {
		tl_decimal a, b, s, back, p, q, d1, d2;
		random_decimal(&a);
		random_decimal(&b);
		if (tl_decimal_add(&s, &a, &b) == TL_DEC_OK) {
			assert_int_equal(tl_decimal_sub(&back, &s, &b), TL_DEC_OK);
			assert_int_equal(tl_decimal_cmp(&back, &a), 0);
		}
		if (tl_decimal_sub(&d1, &a, &b) == TL_DEC_OK) {
			assert_int_equal(tl_decimal_sub(&d2, &b, &a), TL_DEC_OK);
			tl_decimal_neg(&d2, &d2);
			assert_int_equal(tl_decimal_cmp(&d1, &d2), 0);
			assert_int_equal(tl_decimal_sign(&d1), tl_decimal_cmp(&a, &b));
		}
		if (tl_decimal_mul(&p, &a, &b) == TL_DEC_OK && !tl_decimal_is_zero(&b)) {
			assert_int_equal(tl_decimal_div(&q, &p, &b), TL_DEC_OK);
			assert_int_equal(tl_decimal_cmp(&q, &a), 0);
		}
		if (!tl_decimal_is_zero(&b) && tl_decimal_div(&q, &a, &b) == TL_DEC_OK) {
			assert_int_equal(tl_decimal_mul(&p, &q, &b), TL_DEC_OK);
			assert_int_equal(tl_decimal_cmp(&p, &a), 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_table),
		cmocka_unit_test(test_from_int),
		cmocka_unit_test(test_format_truncates),
		cmocka_unit_test(test_parse_stops_at_len),
		cmocka_unit_test(test_invalid_operands),
		cmocka_unit_test(test_identities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
