/* test_expr_api.c - the rule language's API: positions, document views, limits, tlcheck eval, threads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "expr/expr.h"
#include "yaml/doc.h"

/* Under valgrind (the memcheck variants of the unit tests set
 * TLCHECK_UNTIMED) time means nothing: the bounds of pathological inputs are
 * asserted in the plain runs only. */
static int untimed(void)
{
	return getenv("TLCHECK_UNTIMED") != NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * n + tl + 1), *p = s;
	assert_non_null(s);
	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < n; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

/* Compiles `src` (expecting failure) and returns the error. */
static tl_error compile_fail(const char *src, const tl_expr_opts *opts, int code)
{
	tl_expr *e = NULL;
	tl_error err;
	tl_error_clear(&err);
	int rc = tl_expr_compile(&e, &err, src, strlen(src), opts);
	assert_null(e);
	assert_int_equal(rc, code);
	assert_int_equal(err.code, code);
	assert_true(err.msg_ja[0] != '\0');
	return err;
}

static tl_value eval_ok(tl_eval *ev, tl_expr **keep, const char *src, const tl_expr_opts *opts,
                        const tl_value *vars)
{
	tl_error err;
	tl_value v;
	int rc = tl_expr_compile(keep, &err, src, strlen(src), opts);
	if (rc)
		fail_msg("%s: %s", src, err.msg);
	assert_int_equal(tl_expr_eval(&v, *keep, ev, vars), 0);
	return v;
}

/* ---- positions ------------------------------------------------------------ */

/* An expression taken from a YAML block scalar: every byte has its own place
 * in the rule file (line 42 onwards, indented by 6). */
static void test_posmap_block_scalar(void **state)
{
	const char *src = "decl.partners.all(p,\n  p.holds && (p.name == \"x\"\n)";
	size_t len = strlen(src);
	tl_pos *map = calloc(len + 1, sizeof(*map));
	uint32_t line = 42, col = 7;
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	const char *vars[] = {"decl"};
	(void)state;
	for (size_t i = 0; i <= len; i++) {
		map[i] = (tl_pos){line, col};
		if (i < len && src[i] == '\n') {
			line++;
			col = 7;
		} else {
			col++;
		}
	}
	opts.file = "rules/d-transfer.yaml";
	opts.posmap = map;
	opts.vars = vars;
	opts.nvars = 1;
	tl_error err = compile_fail(src, &opts, TL_ESYNTAX);
	/* The ')' on line 44 closes the '(' of line 43, so the one of line 42 is open. */
	assert_int_equal(err.pos.line, 44);
	assert_int_equal(err.pos.col, 8);
	assert_string_equal(err.msg, "expected ')' to close '(' opened at 42:24");
	free(map);
}

static void test_origin_positions(void **state)
{
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	tl_expr *e;
	tl_error err;
	tl_eval *ev = tl_eval_new();
	tl_value v;
	(void)state;
	opts.origin = (tl_pos){10, 12};
	opts.file = "pack.yaml";
	/* Same line: columns count on from the origin; later lines start at 1. */
	err = compile_fail("1 +", &opts, TL_ESYNTAX);
	assert_int_equal(err.pos.line, 10);
	assert_int_equal(err.pos.col, 15);
	err = compile_fail("1 +\n  (2", &opts, TL_ESYNTAX);
	assert_int_equal(err.pos.line, 11);
	assert_int_equal(err.pos.col, 5);
	assert_string_equal(err.msg, "expected ')' to close '(' opened at 11:3");
	err = compile_fail("1 +\r\n\"日本\" +", &opts, TL_ESYNTAX);
	assert_int_equal(err.pos.line, 11);
	assert_int_equal(err.pos.col, 7);
	assert_int_equal(tl_expr_compile(&e, &err, "1 +\n 1 / 0", 10, &opts), 0);
	assert_int_equal(tl_expr_pos(e).line, 10);
	assert_int_equal(tl_expr_pos(e).col, 12);
	assert_int_equal(tl_expr_eval(&v, e, ev, NULL), 0);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_string_equal(v.u.err->file, "pack.yaml");
	assert_int_equal(v.u.err->pos.line, 11);
	assert_int_equal(v.u.err->pos.col, 4);
	assert_string_equal(v.u.err->msg, "division by zero");
	tl_expr_free(e);
	/* NULL options: defaults, position 1:1. */
	err = compile_fail(")", NULL, TL_ESYNTAX);
	assert_int_equal(err.pos.line, 1);
	assert_int_equal(err.pos.col, 1);
	tl_eval_free(ev);
}

static void test_bad_utf8(void **state)
{
	tl_error err;
	(void)state;
	err = compile_fail("\"ab\xff\"", NULL, TL_ESYNTAX);
	assert_int_equal(err.pos.col, 4);
	assert_non_null(strstr(err.msg, "not valid UTF-8"));
	err = compile_fail("'\xe3\x81'", NULL, TL_ESYNTAX);
	assert_int_equal(err.pos.col, 2);
	tl_expr *e = NULL;
	/* An embedded NUL is not part of the language. */
	assert_int_equal(tl_expr_compile(&e, &err, "1\0", 2, NULL), TL_ESYNTAX);
	assert_non_null(strstr(err.msg, "unexpected byte 0x00"));
}

/* ---- limits ---------------------------------------------------------------- */

static void test_deep_nesting(void **state)
{
	(void)state;
	char *src = repeat("", "(", 10000, "1");
	double t0 = now();
	tl_error err = compile_fail(src, NULL, TL_ELIMIT);
	assert_true(untimed() || now() - t0 < 1.0);
	assert_int_equal(err.pos.line, 1);
	assert_int_equal(err.pos.col, 129);
	assert_non_null(strstr(err.msg, "nested more than 128 levels"));
	free(src);

	/* Chains that nest without brackets are limited too. */
	const char *chains[] = {"!", "-", "[", "{1:"};
	for (size_t i = 0; i < 4; i++) {
		src = repeat("", chains[i], 10000, "1");
		compile_fail(src, NULL, i == 0 || i == 1 ? TL_ELIMIT : TL_ELIMIT);
		free(src);
	}
	src = repeat("1", " + 1", 10000, "");
	compile_fail(src, NULL, TL_ELIMIT);
	free(src);
	src = repeat("x", ".a", 10000, "");
	compile_fail(src, NULL, TL_ESYNTAX); /* x is unknown: found before the depth */
	free(src);
	src = repeat("true", " ? 1 : true", 10000, " ? 1 : 2");
	compile_fail(src, NULL, TL_ELIMIT);
	free(src);

	/* 100 levels are fine by default; a caller may ask for less. */
	tl_expr *e;
	tl_error e2;
	src = repeat("", "(", 100, "1");
	char *full = repeat(src, ")", 100, "");
	assert_int_equal(tl_expr_compile(&e, &e2, full, strlen(full), NULL), 0);
	tl_expr_free(e);
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	opts.max_depth = 50;
	compile_fail(full, &opts, TL_ELIMIT);
	free(src);
	free(full);
	/* Asking for more than the hard limit gets the hard limit: 256 levels,
	 * whatever a caller sets, so that no option can overflow the C stack. */
	opts.max_depth = 1000000;
	src = repeat("", "(", 1000, "1");
	tl_error hard = compile_fail(src, &opts, TL_ELIMIT);
	assert_non_null(strstr(hard.msg, "nested more than 256 levels"));
	free(src);
}

static void test_max_len(void **state)
{
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	(void)state;
	char *src = repeat("1", " + 1", 20000, ""); /* 80 KB */
	tl_error err = compile_fail(src, NULL, TL_ELIMIT);
	assert_non_null(strstr(err.msg, "the limit is 65536 bytes"));
	opts.max_len = 10;
	compile_fail("1 + 1 + 1 + 1", &opts, TL_ELIMIT);
	free(src);
	/* A long flat list is fine. */
	src = repeat("[1", ", 1", 10000, "].size()");
	tl_expr *e;
	tl_eval *ev = tl_eval_new();
	tl_value v = eval_ok(ev, &e, src, NULL, NULL);
	assert_int_equal(v.kind, TL_V_INT);
	assert_int_equal(v.u.i, 10001);
	tl_expr_free(e);
	tl_eval_free(ev);
	free(src);
}

/* A syntax error names what it found in the message's own language. */
static void test_syntax_error_languages(void **state)
{
	static const struct {
		const char *src, *en, *ja;
	} cases[] = {
		{"1 +", "expected an expression but found the end of the expression",
		 "式が必要ですが、式の終わりがあります"},
		{"1 2", "expected an operator or the end of the expression but found the number 2",
		 "演算子か式の終わりが必要ですが、数値 2があります"},
		{"true ? 1", "expected ':' for the '?' at 1:6 but found the end of the expression",
		 "1:6 の '?' に対応する ':' が必要ですが、式の終わりがあります"},
		{"1 \"s\"", "expected an operator or the end of the expression but found a string",
		 "演算子か式の終わりが必要ですが、文字列があります"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tl_error err = compile_fail(cases[i].src, NULL, TL_ESYNTAX);
		assert_string_equal(err.msg, cases[i].en);
		assert_string_equal(err.msg_ja, cases[i].ja);
	}
}

static void test_step_limit(void **state)
{
	tl_expr *e;
	tl_eval *ev = tl_eval_new();
	(void)state;
	/* 100^4 iterations: stopped after ten million, and `|| true` cannot hide it. */
	const char *src =
	    "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,"
	    "30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,"
	    "58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,"
	    "86,87,88,89,90,91,92,93,94,95,96,97,98,99].all(a, a >= 0 && [0,1,2,3,4,5,6,7,8,9,10,"
	    "11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,"
	    "39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,"
	    "67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,"
	    "95,96,97,98,99].all(b, [0,1,2,3,4,5,6,7,8,9].all(c, [0,1,2,3,4,5,6,7,8,9].all(d, "
	    "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19].all(f, f >= 0))))) || true";
	double t0 = now();
	tl_value v = eval_ok(ev, &e, src, NULL, NULL);
	/* Bounded time: generous enough for valgrind. */
	assert_true(untimed() || now() - t0 < 120.0);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_non_null(strstr(v.u.err->msg, "10,000,000 steps"));
	assert_true(v.u.err->pos.line == 1 && v.u.err->pos.col > 0);
	/* The context is usable again afterwards. */
	tl_expr_free(e);
	v = eval_ok(ev, &e, "[1, 2].all(x, x > 0)", NULL, NULL);
	assert_true(tl_value_is_true(&v));
	tl_expr_free(e);
	tl_eval_free(ev);
}

/* A value built by a macro may hold one list many times over: sixteen
 * `.map(s, [s, s, s, s])` stand for 4^16 items in a few kilobytes. Comparing
 * two of them stops at the step limit, and writing one out (a message, eval's
 * JSON) stops at a bound, in bounded time, instead of running for minutes. */
static void test_shared_items_bounded(void **state)
{
	char src[1024], cmp[2 * sizeof(src) + 16];
	size_t n = (size_t)snprintf(src, sizeof(src), "[\"a\"]");
	tl_eval *ev = tl_eval_new();
	tl_expr *e;
	tl_buf b = TL_BUF_INIT;
	(void)state;
	for (int i = 0; i < 16; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, ".map(s, [s, s, s, s])");
	snprintf(cmp, sizeof(cmp), "%s == %s || true", src, src);

	double t0 = now();
	tl_value v = eval_ok(ev, &e, cmp, NULL, NULL);
	assert_true(untimed() || now() - t0 < 60.0);
	assert_int_equal(v.kind, TL_V_ERROR); /* `|| true` cannot hide it */
	assert_non_null(strstr(v.u.err->msg, "10,000,000 steps comparing"));
	tl_expr_free(e);

	v = eval_ok(ev, &e, src, NULL, NULL);
	assert_int_equal(v.kind, TL_V_LIST);
	t0 = now();
	assert_false(tl_value_format(&b, &v, ev));
	assert_true(b.len <= ((size_t)16 << 20) + 64);
	assert_non_null(strstr(b.data, "…"));
	tl_buf_reset(&b);
	assert_false(tl_value_to_json(&b, &v, ev));
	assert_true(untimed() || now() - t0 < 60.0);
	tl_expr_free(e);

	/* An error quoting such a value on each of 3,000 items writes only
	 * the words it quotes, not the value up to the bound each time. */
	char *loop = malloc(8192);
	assert_non_null(loop);
	n = (size_t)snprintf(loop, 8192, "[");
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(loop + n, 8192 - n, i ? ",%d" : "%d", i % 10);
	n += (size_t)snprintf(loop + n, 8192 - n, "].exists(x, {}[[[1]]");
	for (int i = 0; i < 9; i++)
		n += (size_t)snprintf(loop + n, 8192 - n, ".map(s, [s, s, s, s])");
	snprintf(loop + n, 8192 - n, "] == x)");
	t0 = now();
	v = eval_ok(ev, &e, loop, NULL, NULL);
	assert_true(untimed() || now() - t0 < 60.0);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_non_null(strstr(v.u.err->msg, "no such key [[[["));
	assert_true(strlen(v.u.err->msg) < 120);
	tl_expr_free(e);
	free(loop);

	/* Values within the bounds are written whole. */
	tl_buf_reset(&b);
	v = eval_ok(ev, &e, "[[1, 2], {\"k\": [3]}]", NULL, NULL);
	assert_true(tl_value_to_json(&b, &v, ev));
	assert_string_equal(b.data, "[[1,2],{\"k\":[3]}]");
	tl_expr_free(e);
	tl_buf_free(&b);
	tl_eval_free(ev);
}

static void test_memory_limit(void **state)
{
	tl_expr *e;
	tl_eval *ev = tl_eval_new();
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	const char *names[] = {"s"};
	size_t n = 1 << 20;
	char *big = malloc(n);
	(void)state;
	memset(big, 'a', n);
	tl_value vars[] = {tl_value_string(big, n)};
	opts.vars = names;
	opts.nvars = 1;
	/* 20 strings of 2 MiB: past 16 MiB, an error no `|| true` absorbs. */
	tl_value v = eval_ok(ev, &e,
	                     "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]"
	                     ".map(x, s + s).size() > 0 || true",
	                     &opts, vars);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_non_null(strstr(v.u.err->msg, "16 MiB"));
	assert_true(v.u.err->pos.line == 1);
	tl_expr_free(e);
	/* Each evaluation has its own budget. */
	for (int i = 0; i < 20; i++) {
		v = eval_ok(ev, &e, "[1,2,3,4].map(x, s + s).size()", &opts, vars);
		assert_int_equal(v.kind, TL_V_INT);
		tl_expr_free(e);
	}
	tl_eval_reset(ev);
	tl_eval_free(ev);
	free(big);
}

/* ---- variables bound on first read ------------------------------------------- */

typedef struct lazy_env {
	tl_eval *ev;
	tl_value *vars;
	unsigned char bound[5];
	tl_expr *defs[5];
	int calls[5];
	bool fail;
} lazy_env;

static int lazy_bind(void *ud, size_t i)
{
	lazy_env *z = ud;
	z->calls[i]++;
	if (z->fail || tl_expr_eval(&z->vars[2 + i], z->defs[i], z->ev, z->vars) != 0)
		return -1;
	z->bound[i] = 1;
	return 0;
}

/* A variable is computed when an evaluation first reads it, once, inside the
 * evaluation that reads it: with its own comprehension variables, its own
 * memory budget, and an out-of-memory that fails the reader. */
static void test_lazy_vars(void **state)
{
	(void)state;
	const char *names[] = {"n", "s", "big", "limit", "boom", "ten", "tenlen"};
	const char *defs[] = {"[10, 20, 30].map(y, y + n)[1]", "big - 20", "1 / 0",
	                      "[s, s, s, s, s, s, s, s, s, s].join(\"\")", "size(ten)"};
	size_t mib = 1 << 20;
	char *s = malloc(mib);
	assert_non_null(s);
	memset(s, 'a', mib);
	tl_value vars[7] = {tl_value_int(3), tl_value_string(s, mib)};
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	opts.vars = names;
	opts.nvars = 7;
	lazy_env z = {.ev = tl_eval_new(), .vars = vars};
	tl_error err;
	tl_expr *e;
	assert_non_null(z.ev);
	for (int i = 0; i < 5; i++)
		assert_int_equal(tl_expr_compile(&z.defs[i], &err, defs[i], strlen(defs[i]), &opts), 0);
	tl_eval_lazy(z.ev, 2, z.bound, lazy_bind, &z);

	/* Not read, not computed: `false && boom` is false, and boom's division
	 * by zero never happens. */
	tl_value v = eval_ok(z.ev, &e, "n > 5 && boom > 0", &opts, vars);
	assert_true(v.kind == TL_V_BOOL && !v.u.b);
	assert_int_equal(z.calls[2], 0);
	tl_expr_free(e);

	/* Read inside a comprehension, computed through another variable that has
	 * a comprehension of its own: the reader's `x` is not disturbed, and each
	 * variable is computed once. limit = (20 + 3) - 20 = 3. */
	v = eval_ok(z.ev, &e, "[1, 2, 3, 4].filter(x, limit < x) == [4] && limit == 3", &opts, vars);
	assert_true(tl_value_is_true(&v));
	assert_int_equal(z.calls[0], 1);
	assert_int_equal(z.calls[1], 1);
	tl_expr_free(e);

	/* Read once bound: an error value like any other value. */
	v = eval_ok(z.ev, &e, "n > 1 && boom > 0", &opts, vars);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_int_equal(z.calls[2], 1);
	tl_expr_free(e);

	/* 10 MiB made by `ten` and 10 MiB by the reader: each within its own
	 * 16 MiB, as if `ten` had been computed before. */
	v = eval_ok(z.ev, &e, "size(ten) + size([s, s, s, s, s, s, s, s, s, s].join(\"\"))", &opts, vars);
	assert_int_equal(v.kind, TL_V_INT);
	assert_int_equal(v.u.i, 20 * (int64_t)mib);
	tl_expr_free(e);
	/* The same through a variable that reads `ten`: what the inner ones made
	 * is not the reader's either. */
	memset(z.bound, 0, sizeof(z.bound));
	v = eval_ok(z.ev, &e, "tenlen + size([s, s, s, s, s, s, s, s, s, s].join(\"\"))", &opts, vars);
	assert_int_equal(v.kind, TL_V_INT);
	assert_int_equal(v.u.i, 20 * (int64_t)mib);
	tl_expr_free(e);

	/* The binder running out of memory fails the evaluation that read it. */
	memset(z.bound, 0, sizeof(z.bound));
	z.fail = true;
	assert_int_equal(tl_expr_compile(&e, &err, "n + big", 7, &opts), 0);
	assert_int_equal(tl_expr_eval(&v, e, z.ev, vars), TL_ENOMEM);
	tl_expr_free(e);

	/* Off again: the slots are plain variables. */
	tl_eval_lazy_off(z.ev);
	vars[2] = tl_value_int(7);
	v = eval_ok(z.ev, &e, "big + n", &opts, vars);
	assert_int_equal(v.u.i, 10);
	tl_expr_free(e);

	for (int i = 0; i < 5; i++)
		tl_expr_free(z.defs[i]);
	tl_eval_free(z.ev);
	free(s);
}

static void test_regex_limit_time(void **state)
{
	tl_expr *e;
	tl_eval *ev = tl_eval_new();
	(void)state;
	double t0 = now();
	tl_value v = eval_ok(ev, &e,
	                     "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(a+)+$') "
	                     "|| 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(a|aa)+$') "
	                     "|| 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(.*a){20}$')",
	                     NULL, NULL);
	assert_true(untimed() || now() - t0 < 2.0);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_non_null(strstr(v.u.err->msg, "match limit"));
	tl_expr_free(e);
	tl_eval_free(ev);
}

/* PCRE2's match limit holds for each place of the text a match starts from:
 * a pattern that stays under it at each of 4,000 places took minutes in all.
 * The whole call has a budget too (TL_REGEX_TOTAL_STEPS). */
static void test_regex_limit_whole_text(void **state)
{
	tl_expr *e;
	tl_eval *ev = tl_eval_new();
	char src[4200];
	(void)state;
	size_t n = 0;
	src[n++] = '\'';
	for (int i = 0; i < 4000; i++)
		src[n++] = 'a';
	snprintf(src + n, sizeof(src) - n, "b'.matches('a{1,50}a{1,50}a{1,50}a{1,50}(?:c|d)')");
	tl_value v = eval_ok(ev, &e, src, NULL, NULL);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_non_null(strstr(v.u.err->msg, "match limit"));
	tl_expr_free(e);
	/* A pattern that matches, or fails at once, is not counted against. */
	v = eval_ok(ev, &e, "'ab  c'.matches('[^\\\\s\\\\x{3000}]') && !'   '.matches('[^\\\\s]')",
	            NULL, NULL);
	assert_true(v.kind == TL_V_BOOL && v.u.b);
	tl_expr_free(e);
	tl_eval_free(ev);
}

/* ---- document views --------------------------------------------------------- */

static const char doc_text[] =
    "partners:\n"
    "  - name: A\n"
    "    holds: true\n"
    "  - name: B\n"
    "    holds: false\n"
    "  - name: C\n"
    "    holds: true\n"
    "plan:\n"
    "  id: P-1\n"
    "  stage: certified\n"
    "  note: ~\n";

/* One compiled selection, one evaluation context, documents whose keys come
 * in different orders, with and without shared names (with them the context
 * remembers the document's answers): every answer is the one the document
 * gives, whatever came before. */
static void test_selection_across_key_orders(void **state)
{
	static const struct {
		const char *doc, *json;
	} cases[] = {
		{"a: 1\nb: 2\nc: {d: x}\n", "[2,\"x\",true]"},
		{"c: {e: 0, d: y}\nb: 3\na: 4\n", "[3,\"y\",true]"},
		{"b: 5\n", "[5,null,false]"},
		{"a: 6\nc: {d: z}\nb: 7\n", "[7,\"z\",true]"},
		/* A key with the text True that is the bool true, not the string. */
		{"a: 1\nTrue: 8\nc: {d: w}\n", "null"},
		{"a: 1\n'True': 9\nb: 10\nc: {d: v}\n", "[10,\"v\",true]"},
		{"a: 1\nb: null\nc: {d: u}\n", "null"},
	};
	const char *names[] = {"decl"};
	tl_error err;
	(void)state;
	for (int shared = 0; shared < 2; shared++) {
		tl_eval *ev = tl_eval_new();
		tl_expr_opts opts = TL_EXPR_OPTS_INIT;
		tl_expr *pick, *has_true;
		opts.vars = names;
		opts.nvars = 1;
		opts.names = shared ? tl_expr_names_new() : NULL;
		const char *src =
			"has(decl.b) ? [decl.b, has(decl.c) && has(decl.c.d) ? decl.c.d : null, has(decl.c)] : null";
		assert_int_equal(tl_expr_compile(&pick, &err, src, strlen(src), &opts), 0);
		src = "has(decl.True) ? decl.True : 0";
		assert_int_equal(tl_expr_compile(&has_true, &err, src, strlen(src), &opts), 0);
		for (int round = 0; round < 2; round++) {
			for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
				tl_doc *doc;
				tl_value v;
				tl_buf b = TL_BUF_INIT;
				assert_int_equal(tl_doc_load(&doc, &err, cases[i].doc, strlen(cases[i].doc), NULL), 0);
				tl_value vars[] = {tl_value_from_node(tl_doc_root(doc))};
				tl_eval_set_doc(ev, tl_doc_node_count(doc));
				assert_int_equal(tl_expr_eval(&v, pick, ev, vars), 0);
				tl_value_to_json(&b, &v, ev);
				if (strcmp(b.data, cases[i].json) != 0)
					fail_msg("document %zu (round %d, shared %d): %s, expected %s", i, round,
					         shared, b.data, cases[i].json);
				tl_buf_free(&b);
				assert_int_equal(tl_expr_eval(&v, has_true, ev, vars), 0);
				assert_int_equal(v.kind, TL_V_INT);
				assert_int_equal(v.u.i, i == 5 ? 9 : 0);
				tl_eval_set_doc(ev, 0);
				tl_eval_reset(ev);
				tl_doc_free(doc);
			}
		}
		tl_expr_free(pick);
		tl_expr_free(has_true);
		tl_expr_names_free(opts.names);
		tl_eval_free(ev);
	}
}

/* The answers a context remembers for a document (shared names) are forgotten
 * when the hidden values change and when the next document comes, although
 * its nodes have the same ids; two expressions that select the same name
 * share the answer, and one compiled without the table still answers alone. */
static void test_selection_cache_invalidation(void **state)
{
	const char *names[] = {"decl"};
	const char *one = "a: {x: 1, y: 2}\n", *two = "a: {x: 3}\n";
	tl_expr_names *table = tl_expr_names_new();
	tl_eval *ev = tl_eval_new();
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	tl_expr *has_x, *get_x, *alone;
	tl_error err;
	tl_doc *doc;
	tl_value v;
	(void)state;
	opts.vars = names;
	opts.nvars = 1;
	opts.names = table;
	assert_int_equal(tl_expr_compile(&has_x, &err, "has(decl.a.x)", 13, &opts), 0);
	assert_int_equal(tl_expr_compile(&get_x, &err, "decl.a.x", 8, &opts), 0);
	opts.names = NULL;
	assert_int_equal(tl_expr_compile(&alone, &err, "has(decl.a.y) ? decl.a.y : 0", 28, &opts), 0);

	assert_int_equal(tl_doc_load(&doc, &err, one, strlen(one), NULL), 0);
	size_t count = tl_doc_node_count(doc);
	unsigned char *hidden = calloc(count, 1);
	tl_value vars[] = {tl_value_from_node(tl_doc_root(doc))};
	tl_eval_set_hidden(ev, hidden, count);
	tl_eval_set_doc(ev, count);
	assert_int_equal(tl_expr_eval(&v, has_x, ev, vars), 0);
	assert_true(v.kind == TL_V_BOOL && v.u.b);
	assert_int_equal(tl_expr_eval(&v, get_x, ev, vars), 0);
	assert_true(v.kind == TL_V_INT && v.u.i == 1);
	assert_int_equal(tl_expr_eval(&v, alone, ev, vars), 0);
	assert_true(v.kind == TL_V_INT && v.u.i == 2);
	/* Hide a.x and a.y: after tl_eval_set_hidden neither is there. */
	const tl_node *a = tl_node_get(tl_doc_root(doc), "a");
	hidden[tl_node_get(a, "x")->id] = 1;
	hidden[tl_node_get(a, "y")->id] = 1;
	tl_eval_set_hidden(ev, hidden, count);
	assert_int_equal(tl_expr_eval(&v, has_x, ev, vars), 0);
	assert_true(v.kind == TL_V_BOOL && !v.u.b);
	assert_int_equal(tl_expr_eval(&v, get_x, ev, vars), 0);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_int_equal(tl_expr_eval(&v, alone, ev, vars), 0);
	assert_true(v.kind == TL_V_INT && v.u.i == 0);
	tl_eval_set_hidden(ev, NULL, 0);
	tl_eval_set_doc(ev, 0);
	tl_eval_reset(ev);
	tl_doc_free(doc);
	free(hidden);

	/* The next document: same node ids, other values. */
	assert_int_equal(tl_doc_load(&doc, &err, two, strlen(two), NULL), 0);
	vars[0] = tl_value_from_node(tl_doc_root(doc));
	tl_eval_set_doc(ev, tl_doc_node_count(doc));
	assert_int_equal(tl_expr_eval(&v, get_x, ev, vars), 0);
	assert_true(v.kind == TL_V_INT && v.u.i == 3);
	assert_int_equal(tl_expr_eval(&v, alone, ev, vars), 0);
	assert_true(v.kind == TL_V_INT && v.u.i == 0);
	tl_eval_set_doc(ev, 0);
	tl_doc_free(doc);

	tl_expr_free(has_x);
	tl_expr_free(get_x);
	tl_expr_free(alone);
	tl_expr_names_free(table);
	tl_eval_free(ev);
}

static void test_document_nodes_and_hidden(void **state)
{
	tl_doc *doc;
	tl_error err;
	tl_eval *ev = tl_eval_new();
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	const char *names[] = {"decl"};
	tl_expr *e;
	tl_value v, item;
	(void)state;
	assert_int_equal(tl_doc_load(&doc, &err, doc_text, sizeof(doc_text) - 1, NULL), 0);
	const tl_node *root = tl_doc_root(doc);
	tl_value vars[] = {tl_value_from_node(root)};
	opts.vars = names;
	opts.nvars = 1;

	/* filter returns the document's own items, which keep their nodes. */
	v = eval_ok(ev, &e, "decl.partners.filter(p, p.holds)", &opts, vars);
	assert_int_equal(v.kind, TL_V_LIST);
	assert_int_equal(tl_value_size(&v, ev), 2);
	assert_true(tl_value_list_at(&item, &v, 1, ev));
	assert_non_null(item.node);
	assert_int_equal(item.node->start.line, 6);
	assert_false(tl_value_list_at(&item, &v, 2, ev));
	tl_expr_free(e);

	/* A selected field keeps its value node. */
	v = eval_ok(ev, &e, "decl.plan.stage", &opts, vars);
	assert_int_equal(v.kind, TL_V_STRING);
	assert_non_null(v.node);
	assert_int_equal(v.node->start.line, 10);
	assert_int_equal(v.node->start.col, 10);
	tl_expr_free(e);
	v = eval_ok(ev, &e, "decl.partners", &opts, vars);
	assert_int_equal(tl_value_size(&v, ev), 3);
	assert_true(tl_value_list_at(&item, &v, 2, ev));
	assert_int_equal(item.node->start.line, 6);
	tl_expr_free(e);

	/* Hide partner B (the second item) and plan.stage. */
	const tl_node *partners = tl_node_get(root, "partners");
	const tl_node *plan = tl_node_get(root, "plan");
	size_t count = tl_doc_node_count(doc);
	unsigned char *hidden = calloc(count, 1);
	hidden[partners->u.seq.items[1]->id] = 1;
	hidden[tl_node_get(plan, "stage")->id] = 1;
	tl_eval_set_hidden(ev, hidden, count);
	v = eval_ok(ev, &e, "decl.partners.map(p, p.name)", &opts, vars);
	tl_buf b = TL_BUF_INIT;
	tl_value_to_json(&b, &v, ev);
	assert_string_equal(b.data, "[\"A\",\"C\"]");
	tl_expr_free(e);
	v = eval_ok(ev, &e, "decl.partners", &opts, vars);
	assert_int_equal(tl_value_size(&v, ev), 2);
	assert_true(tl_value_list_at(&item, &v, 1, ev));
	assert_int_equal(item.node->start.line, 6);
	assert_false(tl_value_list_at(&item, &v, 2, ev));
	/* The iterator sees the same items, in order. */
	tl_list_iter li = {&v, 0};
	size_t seen_items = 0;
	while (tl_list_iter_next(&li, ev, &item)) {
		tl_value at;
		assert_true(tl_value_list_at(&at, &v, seen_items, ev));
		assert_ptr_equal(item.node, at.node);
		seen_items++;
	}
	assert_int_equal(seen_items, 2);
	tl_expr_free(e);
	const char *absent[] = {
		"!has(decl.plan.stage)", "!('stage' in decl.plan)", "size(decl.plan) == 1",
		"decl.partners.size() == 2", "decl.partners[1].name == 'C'",
		"decl.plan == {'id': 'P-1'}", "!has(decl.plan.note)"};
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		v = eval_ok(ev, &e, absent[i], &opts, vars);
		if (!tl_value_is_true(&v))
			fail_msg("%s is not true", absent[i]);
		tl_expr_free(e);
	}
	v = eval_ok(ev, &e, "decl.plan.stage", &opts, vars);
	assert_int_equal(v.kind, TL_V_ERROR);
	assert_string_equal(v.u.err->msg, "no such key `stage`");
	tl_expr_free(e);

	/* Formatting for messages. */
	tl_buf_reset(&b);
	v = eval_ok(ev, &e, "[decl.plan, 1.50, date('2025-01-02'), 'x', null, true]", &opts, vars);
	tl_value_format(&b, &v, ev);
	assert_string_equal(b.data, "[{id: P-1}, 1.5, 2025-01-02, x, null, true]");
	tl_expr_free(e);

	tl_eval_set_hidden(ev, NULL, 0);
	v = eval_ok(ev, &e, "size(decl.plan) == 2 && decl.partners.size() == 3", &opts, vars);
	assert_true(tl_value_is_true(&v));
	tl_expr_free(e);
	tl_buf_free(&b);
	free(hidden);
	tl_eval_free(ev);
	tl_doc_free(doc);
}

static void test_value_helpers(void **state)
{
	tl_value vals[2] = {tl_value_int(1), tl_value_string("é", 2)};
	tl_value l = tl_value_list(vals, 2), x;
	tl_buf b = TL_BUF_INIT;
	(void)state;
	assert_int_equal(tl_value_size(&l, NULL), 2);
	assert_true(tl_value_list_at(&x, &l, 1, NULL));
	assert_int_equal(tl_value_size(&x, NULL), 1);
	assert_false(tl_value_list_at(&x, &l, 2, NULL));
	tl_list_iter li = {&l, 0};
	assert_true(tl_list_iter_next(&li, NULL, &x));
	assert_int_equal(x.u.i, 1);
	assert_true(tl_list_iter_next(&li, NULL, &x));
	assert_int_equal(x.kind, TL_V_STRING);
	assert_false(tl_list_iter_next(&li, NULL, &x));
	tl_list_iter not_a_list = {&vals[0], 0};
	assert_false(tl_list_iter_next(&not_a_list, NULL, &x));
	assert_string_equal(tl_value_type_name(&l), "list");
	assert_false(tl_value_is_true(&vals[0]));
	assert_false(tl_value_is_error(&vals[0]));
	tl_value_to_json(&b, &l, NULL);
	assert_string_equal(b.data, "[1,\"é\"]");
	tl_buf_free(&b);
	x = tl_value_from_node(NULL);
	assert_int_equal(x.kind, TL_V_NULL);
}

/* ---- tlcheck eval ------------------------------------------------------------ */

static void test_eval_json(void **state)
{
	tl_doc *doc;
	tl_error err;
	char *json;
	const char *in = "n: 7\nname: tlcheck\nwhen: 2025-01-31\n";
	(void)state;
	assert_int_equal(tl_doc_load(&doc, &err, in, strlen(in), NULL), 0);
	assert_int_equal(tl_expr_eval_json(&json, &err, "[n + 1, name, when.addMonths(1)]", 32,
	                                   tl_doc_root(doc)),
	                 0);
	assert_string_equal(json, "[8,\"tlcheck\",\"2025-02-28\"]");
	free(json);
	assert_int_equal(tl_expr_eval_json(&json, &err, "n / 0", 5, tl_doc_root(doc)), TL_EEVAL);
	assert_null(json);
	assert_int_equal(err.code, TL_EEVAL);
	assert_int_equal(err.pos.col, 3);
	assert_string_equal(err.msg, "division by zero");
	assert_string_equal(err.msg_ja, "ゼロで割っています");
	assert_int_equal(tl_expr_eval_json(&json, &err, "n +", 3, tl_doc_root(doc)), TL_ESYNTAX);
	assert_int_equal(err.pos.col, 4);
	assert_int_equal(tl_expr_eval_json(&json, &err, "((((((((((1", 11, NULL), TL_ESYNTAX);
	assert_int_equal(tl_expr_eval_json(&json, &err, "m", 1, tl_doc_root(doc)), TL_ESYNTAX);
	assert_non_null(strstr(err.msg, "did you mean `n`?"));
	assert_int_equal(tl_expr_eval_json(&json, &err, "{'a': [1.50, null]}", 19, NULL), 0);
	assert_string_equal(json, "{\"a\":[1.5,null]}");
	free(json);
	tl_doc_free(doc);
	assert_int_equal(tl_doc_load(&doc, &err, "[1]", 3, NULL), 0);
	assert_int_equal(tl_expr_eval_json(&json, &err, "1", 1, tl_doc_root(doc)), TL_EINVALID);
	tl_doc_free(doc);
}

/* ---- threads ------------------------------------------------------------------ */

typedef struct job {
	const tl_expr *e;
	int ok;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	tl_eval *ev = tl_eval_new();
	char buf[64] = {0}; /* JIT reads whole words: keep the tail defined for valgrind */
	for (int i = 0; i < 2000; i++) {
		int len = snprintf(buf, sizeof(buf), "id-%d", i);
		tl_value vars[] = {tl_value_string(buf, (size_t)len)};
		tl_value v;
		if (tl_expr_eval(&v, j->e, ev, vars) != 0 || v.kind != TL_V_BOOL ||
		    v.u.b != (i % 10 == 7))
			j->ok = 0;
		tl_eval_reset(ev);
	}
	tl_eval_free(ev);
	return NULL;
}

static void test_threads(void **state)
{
	tl_expr *e;
	tl_error err;
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	const char *names[] = {"s"};
	const char *src = "s.matches('^id-[0-9]*7$') && [1, 2].all(x, x > 0)";
	pthread_t t[4];
	job jobs[4];
	(void)state;
	opts.vars = names;
	opts.nvars = 1;
	assert_int_equal(tl_expr_compile(&e, &err, src, strlen(src), &opts), 0);
	for (int i = 0; i < 4; i++) {
		jobs[i] = (job){e, 1};
		assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(jobs[i].ok);
	}
	tl_expr_free(e);
}

/* tl_expr_vars: which variable slots an expression reads, in every kind of
 * node; comprehension variables and fields named like a variable are not reads. */
static void test_expr_vars(void **state)
{
	(void)state;
	static const char *const names[] = {"a", "b", "c", "d"};
	static const struct {
		const char *src;
		const char *want;   /* 1 per slot read */
		size_t count;
	} cases[] = {
		{"1 + 2", "0000", 0},
		{"a", "1000", 1},
		{"a + a * a", "1000", 1},
		{"b.c", "0100", 1},
		{"has(d.a)", "0001", 1},
		{"a[c]", "1010", 2},
		{"[a, 1, d]", "1001", 2},
		{"{\"k\": b, c: 1}", "0110", 2},
		{"!a || -b > 0 && c", "1110", 3},
		{"a ? b : d", "1101", 3},
		{"size(c) + a.size()", "1010", 2},
		{"a.map(x, x + b)", "1100", 2},
		{"a.exists(b, b > 1)", "1000", 1},
		{"d.filter(x, x in c)", "0011", 2},
		{"a.map(x, x > b, x + c)", "1110", 3},
		{"[1, 2, 3].exists(x, x == 2)", "0000", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tl_expr_opts opts = TL_EXPR_OPTS_INIT;
		tl_expr *e = NULL;
		tl_error err;
		unsigned char used[5] = {0};
		char got[5] = "";
		opts.vars = names;
		opts.nvars = 4;
		if (tl_expr_compile(&e, &err, cases[i].src, strlen(cases[i].src), &opts) != 0)
			fail_msg("%s: %s", cases[i].src, err.msg);
		size_t n = tl_expr_vars(e, used, 4);
		for (int k = 0; k < 4; k++)
			got[k] = used[k] ? '1' : '0';
		if (strcmp(got, cases[i].want) != 0 || n != cases[i].count)
			fail_msg("%s: read %s (%zu), want %s (%zu)", cases[i].src, got, n, cases[i].want,
			         cases[i].count);
		/* Already marked slots are not counted again; fewer slots are respected. */
		assert_int_equal(tl_expr_vars(e, used, 4), 0);
		memset(used, 0, sizeof(used));
		tl_expr_vars(e, used, 1);
		assert_int_equal(used[1] | used[2] | used[3], 0);
		tl_expr_free(e);
	}
	assert_int_equal(tl_expr_vars(NULL, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_posmap_block_scalar),
		cmocka_unit_test(test_origin_positions),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_max_len),
		cmocka_unit_test(test_syntax_error_languages),
		cmocka_unit_test(test_step_limit),
		cmocka_unit_test(test_shared_items_bounded),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_regex_limit_time),
		cmocka_unit_test(test_regex_limit_whole_text),
		cmocka_unit_test(test_document_nodes_and_hidden),
		cmocka_unit_test(test_selection_across_key_orders),
		cmocka_unit_test(test_selection_cache_invalidation),
		cmocka_unit_test(test_value_helpers),
		cmocka_unit_test(test_eval_json),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_expr_vars),
		cmocka_unit_test(test_lazy_vars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
