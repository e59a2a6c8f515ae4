/* test_date.c - calendar dates, driven by tests/data/date_cases.txt plus an exhaustive walk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "value/date.h"
#include "value_case_reader.h"


static const char *status_name(int st)
{
	switch (st) {
	case TL_DATE_OK: return "OK";
	case TL_DATE_SYNTAX: return "SYNTAX";
	case TL_DATE_INVALID: return "INVALID";
	case TL_DATE_RANGE: return "RANGE";
	default: return "?";
	}
}

static bool date_operand(const case_line *cl, int i, tl_date *out)
{
	int st = tl_date_parse(out, cl->tok[i].text, cl->tok[i].len);
	if (st != TL_DATE_OK)
		failf(cl, "operand %s is not a date (%s)", cl->tok[i].text, status_name(st));
	return st == TL_DATE_OK;
}

static bool int_operand(const case_line *cl, int i, long long *out)
{
	char *end;
	*out = strtoll(cl->tok[i].text, &end, 10);
	if (cl->tok[i].len == 0 || *end != '\0') {
		failf(cl, "operand %s is not an integer", cl->tok[i].text);
		return false;
	}
	return true;
}

static void expect(const case_line *cl, const char *got)
{
	if (!tok_is(&cl->tok[cl->nargs], got))
		failf(cl, "%s: expected %s, got %s", cl->tok[0].text, cl->tok[cl->nargs].text, got);
}

static void expect_date(const case_line *cl, int st, tl_date d)
{
	char got[32];
	if (st == TL_DATE_OK)
		tl_date_format(got, d);
	else
		snprintf(got, sizeof got, "%s", status_name(st));
	expect(cl, got);
}

typedef int (*shift_fn)(tl_date *, tl_date, int64_t);

static void run_shift(const case_line *cl, shift_fn fn)
{
	tl_date d, r = {0};
	long long n;
	if (cl->nargs == 3 && date_operand(cl, 1, &d) && int_operand(cl, 2, &n))
		expect_date(cl, fn(&r, d, (int64_t)n), r);
	else if (cl->nargs != 3)
		failf(cl, "%s takes a date and a count", cl->tok[0].text);
}

static void run_case(const case_line *cl)
{
	const char *op = cl->tok[0].text;
	char got[64];
	tl_date a, b, r = {0};
	long long y, m, d;
	if (cl->ntok <= cl->nargs) {
		failf(cl, "no expected value");
	} else if (strcmp(op, "parse") == 0 && cl->nargs == 2) {
		expect_date(cl, tl_date_parse(&r, cl->tok[1].text, cl->tok[1].len), r);
	} else if (strcmp(op, "looks") == 0 && cl->nargs == 2) {
		expect(cl, tl_date_looks_like(cl->tok[1].text, cl->tok[1].len) ? "true" : "false");
	} else if (strcmp(op, "ymd") == 0 && cl->nargs == 4) {
		if (int_operand(cl, 1, &y) && int_operand(cl, 2, &m) && int_operand(cl, 3, &d))
			expect_date(cl, tl_date_from_ymd(&r, (int)y, (int)m, (int)d), r);
	} else if (strcmp(op, "days") == 0 && cl->nargs == 2) {
		if (date_operand(cl, 1, &a)) {
			snprintf(got, sizeof got, "%ld", (long)a.days);
			expect(cl, got);
		}
	} else if (strcmp(op, "fromdays") == 0 && cl->nargs == 2) {
		if (int_operand(cl, 1, &d)) {
			r.days = (int32_t)d;
			expect_date(cl, TL_DATE_OK, r);
		}
	} else if (strcmp(op, "add_months") == 0) {
		run_shift(cl, tl_date_add_months);
	} else if (strcmp(op, "add_years") == 0) {
		run_shift(cl, tl_date_add_years);
	} else if (strcmp(op, "add_days") == 0) {
		run_shift(cl, tl_date_add_days);
	} else if (strcmp(op, "between") == 0 && cl->nargs == 3) {
		if (date_operand(cl, 1, &a) && date_operand(cl, 2, &b)) {
			snprintf(got, sizeof got, "%lld", (long long)tl_date_days_between(a, b));
			expect(cl, got);
			if (tl_date_days_between(b, a) != -tl_date_days_between(a, b))
				failf(cl, "between is not antisymmetric");
		}
	} else if (strcmp(op, "cmp") == 0 && cl->nargs == 3) {
		if (date_operand(cl, 1, &a) && date_operand(cl, 2, &b)) {
			snprintf(got, sizeof got, "%d", tl_date_cmp(a, b));
			expect(cl, got);
			if (tl_date_cmp(b, a) != -tl_date_cmp(a, b))
				failf(cl, "cmp is not antisymmetric");
		}
	} else if (strcmp(op, "leap") == 0 && cl->nargs == 2) {
		if (int_operand(cl, 1, &y))
			expect(cl, tl_is_leap_year((int)y) ? "true" : "false");
	} else if (strcmp(op, "dim") == 0 && cl->nargs == 3) {
		if (int_operand(cl, 1, &y) && int_operand(cl, 2, &m)) {
			snprintf(got, sizeof got, "%d", tl_days_in_month((int)y, (int)m));
			expect(cl, got);
		}
	} else {
		failf(cl, "unknown case '%s' with %d arguments", op, cl->nargs - 1);
	}
}

static void test_case_table(void **state)
{
	(void)state;
	case_run_table("date_cases.txt", run_case, 51);
}

/* Walks every day of years 1..9999 with a naive day-by-day calendar and checks
 * that the day numbers, ymd conversion, parse and format agree with it. */
static void test_every_day(void **state)
{
	(void)state;
	int y = 1, m = 1, d = 1;
	tl_date first;
	assert_int_equal(tl_date_from_ymd(&first, 1, 1, 1), TL_DATE_OK);
	for (int32_t days = first.days;; days++) {
		tl_date t = {days}, back;
		int ty, tm, td;
		char buf[TL_DATE_BUFSZ];
		tl_date_to_ymd(t, &ty, &tm, &td);
		if (ty != y || tm != m || td != d)
			fail_msg("day %ld is %d-%d-%d, expected %d-%d-%d", (long)days, ty, tm, td, y, m, d);
		assert_int_equal(tl_date_from_ymd(&back, y, m, d), TL_DATE_OK);
		assert_int_equal(back.days, days);
		tl_date_format(buf, t);
		assert_int_equal(tl_date_parse(&back, buf, strlen(buf)), TL_DATE_OK);
		assert_int_equal(back.days, days);
		if (++d > tl_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				if (++y > 9999)
					break;
			}
		}
	}
}

static void test_parse_respects_len(void **state)
{
	(void)state;
	tl_date d;
	assert_int_equal(tl_date_parse(&d, "2024-02-29junk", 10), TL_DATE_OK);
	assert_int_equal(tl_date_parse(&d, "2024-02-29junk", 14), TL_DATE_SYNTAX);
	assert_int_equal(tl_date_parse(&d, "2024-02-2\0", 10), TL_DATE_SYNTAX);
	assert_false(tl_date_looks_like(NULL, 0));
	assert_int_equal(tl_date_parse(&d, NULL, 10), TL_DATE_SYNTAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_table),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_parse_respects_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
