/* functions.c - the rule language's built-in functions (the man page's function list is this table). */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* memmem */
#endif

/*
 * Function            Receiver / arguments           Result    Meaning
 * ------------------- ------------------------------ --------- ------------------------------------------
 * size(x), x.size()   string | list | map            int       code points of a string; items of a
 *                                                              list; entries of a map (null and hidden
 *                                                              entries of a document do not count)
 * s.startsWith(p)     string, string                 bool      s begins with p
 * s.endsWith(p)       string, string                 bool      s ends with p
 * s.contains(p)       string, string                 bool      p occurs in s
 * s.matches(re),      string, string                 bool      the regular expression re (PCRE2, UTF-8)
 * matches(s, re)                                               matches somewhere in s; anchor with ^ and
 *                                                              $ for a whole-string match. A constant
 *                                                              pattern is compiled once when the rule
 *                                                              pack loads (a bad one is a load error);
 *                                                              a match that needs too many steps is an
 *                                                              evaluation error, never a hang
 * type(x)             any                            type      the type of x: int, decimal, string, bool,
 *                                                              null_type, list, map, date or type, so
 *                                                              that `type(x) == map` works
 * int(x)              int | decimal | string         int       a decimal is cut toward zero; a string must
 *                                                              be a whole number ("42", "-7"); out of
 *                                                              range is an error
 * decimal(x)          int | decimal | string         decimal   exact; "12.50" and "1e3" are accepted
 * string(x)           any scalar                     string    decimals canonical (12.5), dates
 *                                                              YYYY-MM-DD, bools true/false
 * bool(x)             bool | string                  bool      "true"/"false" (also True, TRUE, t, f,
 *                                                              1, 0)
 * dyn(x)              any                            any       x itself (CEL compatibility)
 * date(s)             string | date                  date      s is YYYY-MM-DD and a real calendar day,
 *                                                              else an error (a constant string is
 *                                                              checked when the pack loads)
 * d.addDays(n)        date, int                      date      n days later (n may be negative)
 * d.addMonths(n)      date, int                      date      n calendar months later, the day clamped
 *                                                              to the month's end: date("2024-08-31")
 *                                                              .addMonths(6) == date("2025-02-28")
 * d.addYears(n)       date, int                      date      n years later, clamped likewise:
 *                                                              date("2028-02-29").addYears(-5) ==
 *                                                              date("2023-02-28")
 * daysBetween(a, b)   date, date                     int       b − a in days (negative when b is
 *                                                              before a)
 * d.year()            date                           int       the year (1 to 9999)
 * d.month()           date                           int       the month (1 to 12)
 * d.day()             date                           int       the day of the month (1 to 31)
 * round(x, places)    int | decimal, int             decimal   x rounded half-to-even to `places`
 *                                                              (0 to 38) fraction digits
 * divide(a, b, places) int | decimal ×2, int         decimal   a / b rounded half-to-even to `places`
 *                                                              fraction digits, for showing shares and
 *                                                              percentages; b = 0 is an error. (The
 *                                                              operator / on decimals is exact or an
 *                                                              error.)
 * l.flatten()         list                           list      one level of nested lists spliced in:
 *                                                              [[1], 2, [3, [4]]] -> [1, 2, 3, [4]]
 * l.slice(i, j)       list, int, int                 list      items i (inclusive) to j (exclusive), as
 *                                                              CEL's lists extension; 0 <= i <= j <=
 *                                                              size(l), else an error
 * l.join(), l.join(s) list of strings, string        string    the items joined with s (default ""),
 *                                                              as CEL's strings extension
 *
 * Macros (the variable is visible only inside the call):
 * has(x.f)                        bool   x has the key f (in a document: present and not null)
 * l.all(x, p)                     bool   p holds for every item (map: every key); a false wins
 *                                        over errors from other items
 * l.exists(x, p)                  bool   p holds for some item; a true wins over errors
 * l.exists_one(x, p)              bool   p holds for exactly one item; any error is the result
 * l.filter(x, p)                  list   the items for which p holds (document items keep their
 *                                        place in the document, for findings)
 * l.map(x, e)                     list   e for every item
 * l.map(x, p, e)                  list   e for every item for which p holds
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"
#include "internal.h"

static tl_value no_overload(tl_eval *ev, const ast *n, const tl_value *args, size_t k)
{
	return tl_ev_no_overload(ev, n->pos, false, n->fn->name, args, k);
}

static tl_value fn_size(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	if (a[0].kind == TL_V_STRING || a[0].kind == TL_V_LIST || a[0].kind == TL_V_MAP)
		return tl_value_int((int64_t)tl_value_size(&a[0], ev));
	return no_overload(ev, n, a, k);
}

/* memmem() (glibc's and musl's two-way search) takes time in proportion to
 * the text and the needle together: comparing the needle at every place of
 * the text took time in proportion to their product, which the evaluation's
 * step limit does not count (a 100 KB needle in a 1 MB text: a second a call). */
static bool find(const char *h, size_t hl, const char *nd, size_t nl)
{
	return nl == 0 || (nl <= hl && memmem(h, hl, nd, nl) != NULL);
}

static tl_value fn_strop(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	if (a[0].kind != TL_V_STRING || a[1].kind != TL_V_STRING)
		return no_overload(ev, n, a, k);
	const char *s = a[0].u.str.s, *p = a[1].u.str.s;
	size_t sl = a[0].u.str.len, pl = a[1].u.str.len;
	if (pl > sl)
		return tl_value_bool(false);
	switch (n->fn->name[0]) {
	case 's': /* startsWith */
		return tl_value_bool(pl == 0 || memcmp(s, p, pl) == 0);
	case 'e': /* endsWith */
		return tl_value_bool(pl == 0 || memcmp(s + sl - pl, p, pl) == 0);
	default: /* contains */
		return tl_value_bool(find(s, sl, p, pl));
	}
}

int tl_regex_step(pcre2_callout_block *cb, void *data)
{
	size_t *steps = data;
	(void)cb;
	return ++*steps > TL_REGEX_TOTAL_STEPS ? PCRE2_ERROR_MATCHLIMIT : 0;
}

pcre2_code *tl_regex_compile(const char *pat, size_t len, char *en, char *ja, size_t cap,
                             size_t *erroff)
{
	int code;
	PCRE2_SIZE off = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len,
	                               PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_AUTO_CALLOUT, &code,
	                               &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		*erroff = off;
		snprintf(en, cap, "invalid regular expression: %s (at offset %zu of the pattern)",
		         (const char *)msg, (size_t)off);
		snprintf(ja, cap, "正規表現が不正です: %s（パターンの %zu バイト目）", (const char *)msg,
		         (size_t)off);
		return NULL;
	}
	/* JIT is an optimisation: when it is unavailable the interpreter runs, under
	 * the same match limit. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static tl_value fn_matches(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	pcre2_code *re = n->re, *own = NULL;
	int rc;

	if (a[0].kind != TL_V_STRING || a[1].kind != TL_V_STRING)
		return no_overload(ev, n, a, k);
	if (!re) {
		char en[256], ja[256];
		size_t off;
		own = re = tl_regex_compile(a[1].u.str.s, a[1].u.str.len, en, ja, sizeof(en), &off);
		if (!re)
			return tl_ev_error(ev, n->pos, tl_ev_printf(ev, "%s", en), tl_ev_printf(ev, "%s", ja));
	}
	ev->rx_steps = 0;
	rc = pcre2_match(re, (PCRE2_SPTR)a[0].u.str.s, a[0].u.str.len, 0, 0, ev->md, ev->mctx);
	if (own)
		pcre2_code_free(own);
	if (rc >= 0)
		return tl_value_bool(true);
	if (rc == PCRE2_ERROR_NOMATCH)
		return tl_value_bool(false);
	if (rc == PCRE2_ERROR_NOMEMORY)
		return tl_ev_alloc_failed(ev, n->pos);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return tl_ev_error(ev, n->pos,
		                   "the regular expression needs too many steps on this text "
		                   "(its match limit was reached): simplify the pattern",
		                   "この文字列に対して正規表現の照合手順が多すぎます（照合の上限に達しました）。"
		                   "パターンを簡単にしてください");
	PCRE2_UCHAR msg[160];
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", rc);
	return tl_ev_error(ev, n->pos, tl_ev_printf(ev, "regular expression match failed: %s", (char *)msg),
	                   tl_ev_printf(ev, "正規表現の照合に失敗しました: %s", (char *)msg));
}

static tl_value fn_type(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_TYPE;
	v.u.type_name = tl_value_type_name(&a[0]);
	return v;
}

static tl_value fn_dyn(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	return a[0];
}

static tl_value conv_error(tl_eval *ev, const ast *n, const tl_value *v, const char *what_en,
                           const char *what_ja)
{
	tl_buf b = TL_BUF_INIT;
	tl_value_format_max(&b, v, ev, 64); /* 60 bytes are quoted */
	if (b.oom) {
		/* Not a message quoting less than the value: out of memory. */
		tl_buf_free(&b);
		return tl_ev_alloc_failed(ev, n->pos);
	}
	int w = (int)tl_utf8_check(b.data ? b.data : "", b.len > 60 ? 60 : b.len);
	tl_value e = tl_ev_error(ev, n->pos,
	                         tl_ev_printf(ev, "%s(): \"%.*s\" is not %s", n->fn->name, w,
	                                      b.data ? b.data : "", what_en),
	                         tl_ev_printf(ev, "%s(): \"%.*s\" は%sではありません", n->fn->name, w,
	                                      b.data ? b.data : "", what_ja));
	tl_buf_free(&b);
	return e;
}

static tl_value fn_int(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	switch (a[0].kind) {
	case TL_V_INT:
		return a[0];
	case TL_V_DECIMAL: {
		tl_i128 c = a[0].u.d.coef;
		for (int32_t s = 0; s < a[0].u.d.scale; s++)
			c /= 10; /* toward zero, as CEL's int(double) */
		if (c > INT64_MAX || c < INT64_MIN)
			return tl_ev_error(ev, n->pos, "int(): the value is outside the int range",
			                   "int(): 値が int の範囲外です");
		return tl_value_int((int64_t)c);
	}
	case TL_V_STRING: {
		const char *s = a[0].u.str.s;
		size_t len = a[0].u.str.len, i = 0;
		bool neg = false;
		uint64_t v = 0, lim;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			neg = s[i++] == '-';
		if (i == len)
			return conv_error(ev, n, &a[0], "a whole number", "整数");
		lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
		for (; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return conv_error(ev, n, &a[0], "a whole number", "整数");
			uint64_t d = (uint64_t)(s[i] - '0');
			if (v > (lim - d) / 10)
				return tl_ev_error(ev, n->pos, "int(): the value is outside the int range",
				                   "int(): 値が int の範囲外です");
			v = v * 10 + d;
		}
		if (neg)
			return tl_value_int(v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v);
		return tl_value_int((int64_t)v);
	}
	default:
		return no_overload(ev, n, a, k);
	}
}

static tl_value fn_decimal(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	tl_decimal d;
	switch (a[0].kind) {
	case TL_V_DECIMAL:
		return a[0];
	case TL_V_INT:
		tl_decimal_from_int(&d, a[0].u.i);
		return tl_value_decimal(&d);
	case TL_V_STRING: {
		int rc = tl_decimal_parse(&d, a[0].u.str.s, a[0].u.str.len);
		if (rc == TL_DEC_OK)
			return tl_value_decimal(&d);
		if (rc == TL_DEC_SYNTAX)
			return conv_error(ev, n, &a[0], "a decimal number", "小数");
		return tl_ev_error(ev, n->pos,
		                   "decimal(): written out, the number needs more than 38 digits",
		                   "decimal(): 数を書き表すのに 38 桁を超える桁が必要です");
	}
	default:
		return no_overload(ev, n, a, k);
	}
}

static tl_value fn_string(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	char buf[TL_DECIMAL_BUFSZ > 24 ? TL_DECIMAL_BUFSZ : 24];
	size_t len;
	char *s;

	switch (a[0].kind) {
	case TL_V_STRING:
		return a[0];
	case TL_V_INT:
		snprintf(buf, sizeof(buf), "%" PRId64, a[0].u.i);
		break;
	case TL_V_DECIMAL:
		tl_decimal_format(buf, sizeof(buf), &a[0].u.d);
		break;
	case TL_V_DATE:
		tl_date_format(buf, a[0].u.date);
		break;
	case TL_V_BOOL:
		return a[0].u.b ? tl_value_string("true", 4) : tl_value_string("false", 5);
	default:
		return no_overload(ev, n, a, k);
	}
	/* Messages call string() often: format on the stack, keep it in the arena. */
	len = strlen(buf);
	s = tl_ev_alloc(ev, len + 1);
	if (!s)
		return tl_ev_alloc_failed(ev, n->pos);
	memcpy(s, buf, len + 1);
	return tl_value_string(s, len);
}

static tl_value fn_bool(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	static const char *const yes[] = {"true", "True", "TRUE", "t", "1"};
	static const char *const no[] = {"false", "False", "FALSE", "f", "0"};
	if (a[0].kind == TL_V_BOOL)
		return a[0];
	if (a[0].kind != TL_V_STRING)
		return no_overload(ev, n, a, k);
	for (size_t i = 0; i < 5; i++) {
		if (a[0].u.str.len == strlen(yes[i]) && memcmp(a[0].u.str.s, yes[i], a[0].u.str.len) == 0)
			return tl_value_bool(true);
		if (a[0].u.str.len == strlen(no[i]) && memcmp(a[0].u.str.s, no[i], a[0].u.str.len) == 0)
			return tl_value_bool(false);
	}
	return conv_error(ev, n, &a[0], "true or false", "true か false");
}

static tl_value date_range_error(tl_eval *ev, const ast *n)
{
	return tl_ev_error(ev, n->pos, "the date is outside the years 1 to 9999",
	                   "日付が 1 年から 9999 年の範囲外です");
}

static tl_value fn_date(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	tl_date d;
	if (a[0].kind == TL_V_DATE)
		return a[0];
	if (a[0].kind != TL_V_STRING)
		return no_overload(ev, n, a, k);
	int rc = tl_date_parse(&d, a[0].u.str.s, a[0].u.str.len);
	if (rc == TL_DATE_OK)
		return tl_value_date(d);
	if (rc == TL_DATE_INVALID)
		return conv_error(ev, n, &a[0], "a real calendar date", "実在する日付");
	return conv_error(ev, n, &a[0], "a date in the form YYYY-MM-DD", "YYYY-MM-DD 形式の日付");
}

static tl_value fn_date_add(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	tl_date d;
	int rc;
	if (a[0].kind != TL_V_DATE || a[1].kind != TL_V_INT)
		return no_overload(ev, n, a, k);
	switch (n->fn->name[3]) {
	case 'D': rc = tl_date_add_days(&d, a[0].u.date, a[1].u.i); break;
	case 'M': rc = tl_date_add_months(&d, a[0].u.date, a[1].u.i); break;
	default: rc = tl_date_add_years(&d, a[0].u.date, a[1].u.i); break;
	}
	if (rc != TL_DATE_OK)
		return date_range_error(ev, n);
	return tl_value_date(d);
}

static tl_value fn_date_part(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	int y, m, d;
	if (a[0].kind != TL_V_DATE)
		return no_overload(ev, n, a, k);
	tl_date_to_ymd(a[0].u.date, &y, &m, &d);
	return tl_value_int(n->fn->name[0] == 'y' ? y : n->fn->name[0] == 'm' ? m : d);
}

static tl_value fn_days_between(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	if (a[0].kind != TL_V_DATE || a[1].kind != TL_V_DATE)
		return no_overload(ev, n, a, k);
	return tl_value_int(tl_date_days_between(a[0].u.date, a[1].u.date));
}

static bool to_dec(const tl_value *v, tl_decimal *d)
{
	if (v->kind == TL_V_INT) {
		tl_decimal_from_int(d, v->u.i);
		return true;
	}
	if (v->kind == TL_V_DECIMAL) {
		*d = v->u.d;
		return true;
	}
	return false;
}

static tl_value places_error(tl_eval *ev, const ast *n)
{
	return tl_ev_error(ev, n->pos,
	                   tl_ev_printf(ev, "%s(): places must be 0 to 38", n->fn->name),
	                   tl_ev_printf(ev, "%s(): 桁数は 0 から 38 です", n->fn->name));
}

static tl_value dec_status(tl_eval *ev, const ast *n, int st)
{
	if (st == TL_DEC_DIVZERO)
		return tl_ev_error(ev, n->pos, "division by zero", "ゼロで割っています");
	return tl_ev_error(ev, n->pos, "decimal overflow: written out, the result needs more than 38 digits",
	                   "小数のオーバーフロー：結果を書き表すのに 38 桁を超える桁が必要です");
}

static tl_value fn_round(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	tl_decimal x, r;
	int st;
	if (!to_dec(&a[0], &x) || a[1].kind != TL_V_INT)
		return no_overload(ev, n, a, k);
	if (a[1].u.i < 0 || a[1].u.i > 38)
		return places_error(ev, n);
	if ((st = tl_decimal_round(&r, &x, (int)a[1].u.i)) != TL_DEC_OK)
		return dec_status(ev, n, st);
	return tl_value_decimal(&r);
}

static tl_value fn_divide(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	tl_decimal x, y, r;
	int st;
	if (!to_dec(&a[0], &x) || !to_dec(&a[1], &y) || a[2].kind != TL_V_INT)
		return no_overload(ev, n, a, k);
	if (a[2].u.i < 0 || a[2].u.i > 38)
		return places_error(ev, n);
	if ((st = tl_decimal_div_round(&r, &x, &y, (int)a[2].u.i)) != TL_DEC_OK)
		return dec_status(ev, n, st);
	return tl_value_decimal(&r);
}

static tl_value fn_flatten(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	vit it = {&a[0], 0};
	tl_value x, *out;
	size_t total = 0, o = 0;

	if (a[0].kind != TL_V_LIST)
		return no_overload(ev, n, a, k);
	while (tl_vlist_next(&it, ev, &x))
		total += x.kind == TL_V_LIST ? tl_value_size(&x, ev) : 1;
	if (total > SIZE_MAX / sizeof(*out))
		return tl_ev_alloc_failed(ev, n->pos);
	out = tl_ev_alloc(ev, total * sizeof(*out));
	if (!out)
		return tl_ev_alloc_failed(ev, n->pos);
	it.i = 0;
	while (tl_vlist_next(&it, ev, &x)) {
		if (x.kind == TL_V_LIST) {
			vit in = {&x, 0};
			while (o < total && tl_vlist_next(&in, ev, &out[o]))
				o++;
		} else if (o < total) {
			out[o++] = x;
		}
	}
	return tl_value_list(out, o);
}

static tl_value fn_slice(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	if (a[0].kind != TL_V_LIST || a[1].kind != TL_V_INT || a[2].kind != TL_V_INT)
		return no_overload(ev, n, a, k);
	size_t size = tl_value_size(&a[0], ev);
	int64_t i = a[1].u.i, j = a[2].u.i;
	if (i < 0 || j < i || (uint64_t)j > size)
		return tl_ev_error(ev, n->pos,
		                   tl_ev_printf(ev, "slice(%" PRId64 ", %" PRId64 ") is outside a list of %zu items",
		                                i, j, size),
		                   tl_ev_printf(ev, "slice(%" PRId64 ", %" PRId64 ") が要素数 %zu のリストの範囲外です",
		                                i, j, size));
	/* Values never change: a slice of a list the evaluation built is a view
	 * of the same items. A document's list is read once, in order (its
	 * hidden items are not counted). */
	if (!a[0].node) /* an empty list may have no items at all (NULL) */
		return tl_value_list(j > i ? a[0].u.list.items + i : a[0].u.list.items, (size_t)(j - i));
	tl_value *out = tl_ev_alloc(ev, ((size_t)(j - i) + 1) * sizeof(*out));
	if (!out)
		return tl_ev_alloc_failed(ev, n->pos);
	tl_list_iter li = {&a[0], 0};
	tl_value x;
	for (int64_t at = 0; at < j && tl_list_iter_next(&li, ev, &x); at++)
		if (at >= i)
			out[at - i] = x;
	return tl_value_list(out, (size_t)(j - i));
}

static tl_value fn_join(tl_eval *ev, const ast *n, tl_value *a, size_t k)
{
	vit it = {&a[0], 0};
	tl_value x;
	size_t total = 0, o = 0, seplen = 0;
	const char *sep = "";

	if (a[0].kind != TL_V_LIST || (k == 2 && a[1].kind != TL_V_STRING))
		return no_overload(ev, n, a, k);
	if (k == 2) {
		sep = a[1].u.str.s;
		seplen = a[1].u.str.len;
	}
	while (tl_vlist_next(&it, ev, &x)) {
		if (x.kind != TL_V_STRING)
			return tl_ev_error(ev, n->pos,
			                   tl_ev_printf(ev, "join() needs a list of strings, found %s",
			                                tl_value_type_name(&x)),
			                   tl_ev_printf(ev, "join() には文字列のリストが必要ですが、%s があります",
			                                tl_value_type_name(&x)));
		total += x.u.str.len + seplen;
	}
	char *out = tl_ev_alloc(ev, total + 1);
	if (!out)
		return tl_ev_alloc_failed(ev, n->pos);
	it.i = 0;
	bool first = true;
	while (tl_vlist_next(&it, ev, &x)) {
		if (!first) {
			memcpy(out + o, sep, seplen);
			o += seplen;
		}
		memcpy(out + o, x.u.str.s, x.u.str.len);
		o += x.u.str.len;
		first = false;
	}
	return tl_value_string(out, o);
}

#define G FN_GLOBAL
#define M FN_METHOD

static const fn_def fns[] = {
	{"size", G | M, 1, 1, fn_size, F_OTHER},
	{"startsWith", M, 2, 2, fn_strop, F_OTHER},
	{"endsWith", M, 2, 2, fn_strop, F_OTHER},
	{"contains", M, 2, 2, fn_strop, F_OTHER},
	{"matches", G | M, 2, 2, fn_matches, F_MATCHES},
	{"type", G, 1, 1, fn_type, F_OTHER},
	{"dyn", G, 1, 1, fn_dyn, F_OTHER},
	{"int", G, 1, 1, fn_int, F_OTHER},
	{"decimal", G, 1, 1, fn_decimal, F_OTHER},
	{"string", G, 1, 1, fn_string, F_OTHER},
	{"bool", G, 1, 1, fn_bool, F_OTHER},
	{"date", G, 1, 1, fn_date, F_DATE},
	{"addDays", M, 2, 2, fn_date_add, F_OTHER},
	{"addMonths", M, 2, 2, fn_date_add, F_OTHER},
	{"addYears", M, 2, 2, fn_date_add, F_OTHER},
	{"year", M, 1, 1, fn_date_part, F_OTHER},
	{"month", M, 1, 1, fn_date_part, F_OTHER},
	{"day", M, 1, 1, fn_date_part, F_OTHER},
	{"daysBetween", G, 2, 2, fn_days_between, F_OTHER},
	{"round", G, 2, 2, fn_round, F_OTHER},
	{"divide", G, 3, 3, fn_divide, F_OTHER},
	{"flatten", M, 1, 1, fn_flatten, F_OTHER},
	{"slice", M, 3, 3, fn_slice, F_OTHER},
	{"join", M, 1, 2, fn_join, F_OTHER},
};

#undef G
#undef M

#define NFNS (sizeof(fns) / sizeof(fns[0]))

static const char *const fn_name_list[] = {
	"size", "startsWith", "endsWith", "contains", "matches", "type", "dyn", "int", "decimal",
	"string", "bool", "date", "addDays", "addMonths", "addYears", "year", "month", "day",
	"daysBetween", "round", "divide", "flatten", "slice", "join", "has", "all", "exists", "exists_one", "filter",
	"map"
};

const fn_def *tl_fn_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < NFNS; i++)
		if (strlen(fns[i].name) == len && memcmp(fns[i].name, name, len) == 0)
			return &fns[i];
	return NULL;
}

const char *const *tl_fn_names(size_t *n)
{
	*n = sizeof(fn_name_list) / sizeof(fn_name_list[0]);
	return fn_name_list;
}
