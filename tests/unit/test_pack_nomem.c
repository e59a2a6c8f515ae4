/* test_pack_nomem.c - a built-in message compiled when first rendered, with
 * memory running out anywhere on the way: the check either gives the whole
 * message or says it ran out of memory, and the next check, with memory, gives
 * the message whole (never one compiled with a part missing).
 *
 * The program is linked with -Wl,--wrap for malloc, calloc and realloc
 * (tests/pack_nomem.cmake): the library's allocations pass through the
 * wrappers below, which fail the n-th one once armed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pack/pack.h"
#include "util/buf.h"
#include "tlcheck/tlcheck.h"

/* Allocations left before the one that fails (0: none fails). */
static long countdown;
static bool failed;
/* A realloc to exactly this many bytes fails once (0: none). */
static size_t fail_realloc_size;

static bool should_fail(size_t size, bool resize)
{
	if (resize && fail_realloc_size && size == fail_realloc_size) {
		fail_realloc_size = 0;
		failed = true;
		return true;
	}
	if (countdown <= 0 || --countdown > 0)
		return false;
	failed = true;
	return true;
}

#include "alloc_wrap.h"

/* A declaration whose only rule finding is DECL-005, with a message of
 * literal text around placeholders. */
static const char DOC[] = "format: tlcheck-declaration/1\n"
                          "declared_on: 2025-01-10\n"
                          "plan: {id: P-1, material: semiconductor, stage: application}\n"
                          "applicant: {name: A, corporate_number: \"1234567890123\"}\n";

/* Checks DOC; returns the check's status and copies DECL-005's message. */
static int check(tlcheck_pack *p, char *msg, size_t cap)
{
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	tlcheck_result *res = NULL;
	co.lang = "en";
	msg[0] = '\0';
	int rc = tlcheck_check_buffer(&res, p, "d.yaml", DOC, strlen(DOC), &co);
	for (size_t i = 0; rc == 0 && i < tlcheck_result_finding_count(res); i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		if (strcmp(f->rule, "DECL-005") == 0)
			snprintf(msg, cap, "%s", f->message);
	}
	tlcheck_result_free(res);
	return rc;
}

/* DECL-005's message with memory enough, from a pack of its own. */
static void reference_message(char *want, size_t cap)
{
	tlcheck_pack *p = NULL;
	tlcheck_diags *d = NULL;
	assert_int_equal(tlcheck_pack_load_default(&p, &d), 0);
	assert_int_equal(check(p, want, cap), 0);
	assert_non_null(strstr(want, "`plan.material` is `semiconductor`, which is not a specified"));
	tlcheck_pack_free(p);
}

static void test_message_compiled_without_memory(void **state)
{
	(void)state;
	char want[1024], got[1024];
	tlcheck_pack *p = NULL;
	tlcheck_diags *d = NULL;

	reference_message(want, sizeof(want));

	/* The n-th allocation of the check fails, for every n the check makes. */
	long n = 1;
	for (;; n++) {
		p = NULL;
		assert_int_equal(tlcheck_pack_load_default(&p, &d), 0);
		failed = false;
		countdown = n;
		int rc = check(p, got, sizeof(got));
		countdown = 0;
		if (rc == 0)
			assert_string_equal(got, want);
		else
			assert_int_equal(rc, TLCHECK_ENOMEM);
		/* With memory again, the message comes out whole. */
		assert_int_equal(check(p, got, sizeof(got)), 0);
		assert_string_equal(got, want);
		tlcheck_pack_free(p);
		if (!failed)
			break; /* the check made fewer than n allocations */
	}
	/* Compiling the message takes dozens (its parts, its expressions). */
	assert_true(n > 30);
}

/* The pack's list of its expressions cannot grow while messages are
 * compiled: that message is not compiled (it is tried again), and no message
 * keeps an expression the pack let go of. */
static void test_expressions_list_cannot_grow(void **state)
{
	(void)state;
	char want[1024], got[1024];
	tlcheck_pack *p = NULL;
	tlcheck_diags *d = NULL;

	reference_message(want, sizeof(want));

	assert_int_equal(tlcheck_pack_load_default(&p, &d), 0);
	/* Compiling every message takes the list past its capacity. */
	assert_true(p->nexprs <= p->capexprs && p->capexprs < 256);
	failed = false;
	fail_realloc_size = p->capexprs * 2 * sizeof(*p->owned_exprs);
	assert_int_equal(tl_pack_compile_messages(p, NULL), 1);
	assert_true(failed);
	fail_realloc_size = 0;
	assert_int_equal(tl_pack_compile_messages(p, NULL), 0);
	/* Every message renders from expressions the pack holds (ASan watches):
	 * with no variables bound, each placeholder is evaluated and gives "?". */
	assert_int_equal(check(p, got, sizeof(got)), 0);
	assert_string_equal(got, want);
	tl_eval *ev = tl_eval_new();
	assert_non_null(ev);
	for (size_t i = 0; i < p->nrules; i++) {
		for (size_t k = 0; k < p->rules[i].ncases; k++) {
			const tl_case *c = &p->rules[i].cases[k];
			tl_value *vars = calloc(c->nvars + 1, sizeof(*vars));
			assert_non_null(vars);
			for (int l = 0; l < 2; l++) {
				tl_buf b = TL_BUF_INIT;
				assert_true(tl_template_ready(&c->msg[l]));
				assert_int_equal(tl_template_render(&b, &c->msg[l], ev, vars), 0);
				assert_true(b.len > 0);
				tl_buf_free(&b);
			}
			free(vars);
		}
	}
	tl_eval_free(ev);
	tlcheck_pack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_compiled_without_memory),
		cmocka_unit_test(test_expressions_list_cannot_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
