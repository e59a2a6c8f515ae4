/* test_waivers.c - waiver files: loading with positioned problems, matching, expiry on both sides of the date, orphans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tlcheck/tlcheck.h"
#include "tlcheck/waivers.h"

#define ERRORS_YAML TLCHECK_SOURCE_DIR "/tests/data/cli/errors.yaml"
#define OLD_YAML TLCHECK_SOURCE_DIR "/tests/data/waivers/old.yaml"

/* errors.yaml (plan SEMI-2024-012) has two findings:
 *   TL-B-003 at employees.exit_pledge.pledges_obtained
 *   TL-C-001 at partners[0].nda (partner 株式会社部材パートナー) */

static tlcheck_pack *pack;

static int setup(void **state)
{
	(void)state;
	return tlcheck_pack_load_default(&pack, NULL);
}

static int teardown(void **state)
{
	(void)state;
	tlcheck_pack_free(pack);
	return 0;
}

static tlcheck_result *check(const char *path)
{
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_file(&res, pack, path, NULL), 0);
	return res;
}

static tlcheck_waivers *load(const char *text, const char *today)
{
	tlcheck_waivers *w = NULL;
	tlcheck_diags *d = NULL;
	int rc = tlcheck_waivers_load_buffer(&w, "w.yaml", text, strlen(text), today, pack, &d);
	for (size_t i = 0; i < tlcheck_diags_count(d); i++)
		fprintf(stderr, "%s\n", tlcheck_diags_get(d, i)->rendered);
	assert_int_equal(rc, 0);
	assert_null(d);
	return w;
}

static const tlcheck_finding *find_rule(const tlcheck_result *res, const char *rule)
{
	for (size_t i = 0; i < tlcheck_result_finding_count(res); i++)
		if (strcmp(tlcheck_result_finding(res, i)->rule, rule) == 0)
			return tlcheck_result_finding(res, i);
	fail_msg("no finding of %s", rule);
	return NULL;
}

#define HEAD "format: tlcheck-waivers/1\nwaivers:\n"
#define NDA_WAIVER                                                                          \
	"  - rule: TL-C-001\n    plan: SEMI-2024-012\n    path: partners[0].nda\n"              \
	"    reason: NDA being renegotiated\n    approved_by: 山田\n    expires: 2025-03-31\n"

/* ---- expiry: valid through the expiry date inclusive ---- */

static void expiry_case(const char *today, bool waived, tlcheck_waiver_status status)
{
	tlcheck_waivers *w = load(HEAD NDA_WAIVER, today);
	tlcheck_result *res = check(ERRORS_YAML);
	assert_int_equal(tlcheck_waivers_apply(w, res), 0);
	const tlcheck_finding *f = find_rule(res, "TL-C-001");
	assert_int_equal(f->waived, waived);
	assert_false(find_rule(res, "TL-B-003")->waived);
	const tlcheck_waiver *wv = tlcheck_waivers_get(w, 0);
	assert_int_equal(wv->status, status);
	assert_int_equal(wv->waived, waived ? 1 : 0);
	assert_int_equal(wv->expired_matches, waived ? 0 : 1);
	char *notice = tlcheck_waivers_notice(w, 0, "en");
	if (waived) {
		assert_null(notice);
		assert_string_equal(f->waiver_reason, "NDA being renegotiated");
		assert_string_equal(f->waiver_approver, "山田");
		assert_string_equal(f->waiver_expires, "2025-03-31");
	} else {
		assert_non_null(notice);
		assert_string_equal(notice, "w.yaml:3:5: warning: waiver for TL-C-001 on SEMI-2024-012 at "
		                            "partners[0].nda expired on 2025-03-31 (1 matching finding is no "
		                            "longer waived)");
	}
	free(notice);
	tlcheck_result_free(res);
	tlcheck_waivers_free(w);
}

static void test_expiry_day_before(void **state)
{
	(void)state;
	expiry_case("2025-03-30", true, TLCHECK_WAIVER_ACTIVE);
}

static void test_expiry_day_itself(void **state)
{
	(void)state;
	expiry_case("2025-03-31", true, TLCHECK_WAIVER_ACTIVE);
}

static void test_expiry_day_after(void **state)
{
	(void)state;
	expiry_case("2025-04-01", false, TLCHECK_WAIVER_EXPIRED);
}

static void test_expired_notice_ja_and_without_match(void **state)
{
	(void)state;
	tlcheck_waivers *w = load(HEAD "  - rule: TL-A-003\n    plan: OTHER-1\n    reason: r\n"
	                               "    approved_by: a\n    expires: 2024-12-31\n",
	                          "2025-01-01");
	char *n = tlcheck_waivers_notice(w, 0, "ja");
	assert_string_equal(n, "w.yaml:3:5: 警告: OTHER-1 の TL-A-003 に対する免除は 2024-12-31 に期限切れです");
	free(n);
	assert_string_equal(tlcheck_waivers_today(w), "2025-01-01");
	tlcheck_waivers_free(w);
}

/* ---- orphans: a waiver in force that matched nothing over the batch ---- */

static void test_orphan_over_batch(void **state)
{
	(void)state;
	tlcheck_waivers *w = load(HEAD "  - rule: TL-B-003\n    plan: SEMI-2024-012\n    reason: r\n"
	                               "    approved_by: a\n    expires: 2030-01-01\n"
	                               "  - rule: TL-C-006\n    plan: SEMI-2024-012\n    reason: r\n"
	                               "    approved_by: a\n    expires: 2030-01-01\n",
	                          "2025-06-30");
	/* Unused until a result gives it something: the status follows the batch. */
	assert_int_equal(tlcheck_waivers_get(w, 0)->status, TLCHECK_WAIVER_UNUSED);
	tlcheck_result *r1 = check(ERRORS_YAML);
	tlcheck_result *r2 = check(ERRORS_YAML);
	assert_int_equal(tlcheck_waivers_apply(w, r1), 0);
	assert_int_equal(tlcheck_waivers_apply(w, r2), 0);
	assert_int_equal(tlcheck_waivers_get(w, 0)->status, TLCHECK_WAIVER_ACTIVE);
	assert_int_equal(tlcheck_waivers_get(w, 0)->waived, 2);
	assert_int_equal(tlcheck_waivers_get(w, 1)->status, TLCHECK_WAIVER_UNUSED);
	char *n = tlcheck_waivers_notice(w, 1, "en");
	assert_string_equal(n, "w.yaml:8:5: warning: waiver for TL-C-006 on SEMI-2024-012 matched no "
	                       "finding; remove it if the finding was fixed");
	free(n);
	assert_null(tlcheck_waivers_notice(w, 0, "en"));
	tlcheck_result_free(r1);
	tlcheck_result_free(r2);
	tlcheck_waivers_free(w);
}

/* ---- matching: plan or file, any path, plain or stable path, precedence ---- */

typedef struct match_case {
	const char *entry;      /* one waiver, after "  - rule: X\n" */
	const char *rule;
	bool waived;
} match_case;

#define TAIL "    reason: r\n    approved_by: a\n    expires: 2030-01-01\n"

static const match_case match_cases[] = {
	{"    plan: SEMI-2024-012\n" TAIL, "TL-B-003", true},
	{"    plan: SEMI-2024-013\n" TAIL, "TL-B-003", false},
	{"    file: errors.yaml\n" TAIL, "TL-B-003", true},
	{"    file: cli/errors.yaml\n" TAIL, "TL-B-003", true},
	{"    file: ./cli/errors.yaml\n" TAIL, "TL-B-003", true},
	{"    file: rrors.yaml\n" TAIL, "TL-B-003", false},
	{"    plan: SEMI-2024-012\n    path: employees.exit_pledge.pledges_obtained\n" TAIL, "TL-B-003", true},
	{"    plan: SEMI-2024-012\n    path: employees.exit_pledge\n" TAIL, "TL-B-003", false},
	{"    plan: SEMI-2024-012\n    path: \"\"\n" TAIL, "TL-B-003", false},
	{"    plan: SEMI-2024-012\n    path: partners[0].nda\n" TAIL, "TL-C-001", true},
	{"    plan: SEMI-2024-012\n    path: partners[name=\"株式会社部材パートナー\"].nda\n" TAIL, "TL-C-001", true},
	{"    plan: SEMI-2024-012\n    path: partners[name=\"株式会社ほか\"].nda\n" TAIL, "TL-C-001", false},
	{"    plan: SEMI-2024-012\n    path: partners[1].nda\n" TAIL, "TL-C-001", false},
};

static void test_matching_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		const match_case *c = &match_cases[i];
		char text[1024];
		snprintf(text, sizeof(text), HEAD "  - rule: %s\n%s", c->rule, c->entry);
		tlcheck_waivers *w = load(text, "2025-06-30");
		tlcheck_result *res = check(ERRORS_YAML);
		assert_int_equal(tlcheck_waivers_apply(w, res), 0);
		if (find_rule(res, c->rule)->waived != c->waived)
			fail_msg("case %zu: waived is %d\n%s", i, !c->waived, text);
		tlcheck_result_free(res);
		tlcheck_waivers_free(w);
	}
}

static void test_precise_waiver_wins(void **state)
{
	(void)state;
	tlcheck_waivers *w = load(HEAD "  - rule: TL-C-001\n    plan: SEMI-2024-012\n    reason: any path\n"
	                               "    approved_by: a\n    expires: 2030-01-01\n"
	                               "  - rule: TL-C-001\n    plan: SEMI-2024-012\n    path: partners[0].nda\n"
	                               "    reason: this partner\n    approved_by: b\n    expires: 2030-01-01\n",
	                          "2025-06-30");
	tlcheck_result *res = check(ERRORS_YAML);
	assert_int_equal(tlcheck_waivers_apply(w, res), 0);
	assert_string_equal(find_rule(res, "TL-C-001")->waiver_reason, "this partner");
	/* Both matched, so neither is reported as matching nothing. */
	assert_int_equal(tlcheck_waivers_get(w, 0)->status, TLCHECK_WAIVER_ACTIVE);
	assert_int_equal(tlcheck_waivers_get(w, 1)->status, TLCHECK_WAIVER_ACTIVE);
	assert_int_equal(tlcheck_waivers_get(w, 1)->waived, 1);
	tlcheck_result_free(res);
	tlcheck_waivers_free(w);
}

/* An expired waiver and one in force for the same finding: the one in force waives. */
static void test_renewed_waiver(void **state)
{
	(void)state;
	tlcheck_waivers *w = load(HEAD NDA_WAIVER "  - rule: TL-C-001\n    plan: SEMI-2024-012\n"
	                                          "    reason: renewed\n    approved_by: a\n    expires: 2026-03-31\n",
	                          "2025-06-30");
	tlcheck_result *res = check(ERRORS_YAML);
	assert_int_equal(tlcheck_waivers_apply(w, res), 0);
	assert_string_equal(find_rule(res, "TL-C-001")->waiver_reason, "renewed");
	assert_int_equal(tlcheck_waivers_get(w, 0)->status, TLCHECK_WAIVER_EXPIRED);
	tlcheck_result_free(res);
	tlcheck_waivers_free(w);
}

static void test_result_waive(void **state)
{
	(void)state;
	tlcheck_result *res = check(ERRORS_YAML);
	size_t n = tlcheck_result_finding_count(res);
	assert_int_equal(tlcheck_result_waive(res, n, "r", "a", "2030-01-01"), TLCHECK_EINVALID);
	assert_int_equal(tlcheck_result_waive(res, 0, NULL, NULL, NULL), 0);
	assert_true(tlcheck_result_finding(res, 0)->waived);
	assert_string_equal(tlcheck_result_finding(res, 0)->waiver_reason, "");
	tlcheck_result_free(res);
}

/* ---- malformed waiver files: every problem with its position ---- */

typedef struct bad_case {
	const char *text;
	const char *want[4];   /* "line:col: start of the message" */
} bad_case;

static const bad_case bad_cases[] = {
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: r\n    approved_by: a\n    expiry: 2025-03-31\n",
	 {"7:5: unknown key `expiry` in a waiver: did you mean `expires`?", "3:5: this waiver has no `expires`"}},
	/* The same words cut short are meant too; a far key gets the nearest. */
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: r\n    approved: a\n    expires: 2025-03-31\n",
	 {"6:5: unknown key `approved` in a waiver: did you mean `approved_by`?"}},
	{HEAD "  - rule: TL-C-001\n    plan_id: P\n    reason: r\n    approved_by: a\n"
	      "    expires: 2025-03-31\n",
	 {"4:5: unknown key `plan_id` in a waiver: did you mean `plan`?"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: r\n    approved_by: a\n"
	      "    expires_on: 2025-03-31\n",
	 {"7:5: unknown key `expires_on` in a waiver: did you mean `expires`?"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: r\n    approved_by: a\n"
	      "    expires: 2025-03-31\n    comment: x\n",
	 {"8:5: unknown key `comment` in a waiver: the nearest known key is `rule` (known keys: "}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    approved_by: a\n    expires: 2025-03-31\n",
	 {"3:5: this waiver has no `reason`: say why the finding is accepted"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: \" \"\n    approved_by: a\n    expires: 2025-03-31\n",
	 {"5:13: `reason` is empty"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: r\n    approved_by: a\n    expires: 31/03/2025\n",
	 {"7:14: `expires` must be a date written YYYY-MM-DD, not `31/03/2025`"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    reason: r\n    approved_by: a\n    expires: 2025-02-29\n",
	 {"7:14: `expires` is not a real calendar day: 2025-02-29"}},
	{HEAD "  - rule: TL-C-001\n    reason: r\n    approved_by: [a]\n    expires: 2025-03-31\n",
	 {"3:5: this waiver has no `plan` (or `file`)", "5:18: `approved_by` must be text, not a list"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    file: f.yaml\n    reason: r\n    approved_by: a\n"
	      "    expires: 2025-03-31\n",
	 {"5:11: give either `plan` or `file`, not both"}},
	{HEAD "  - rule: TL-C-*\n    plan: P\n    reason: r\n    approved_by: a\n    expires: 2025-03-31\n",
	 {"3:11: a waiver names one rule exactly: `TL-C-*` is a pattern"}},
	{HEAD "  - rule: TL-C-099\n    plan: P\n    reason: r\n    approved_by: a\n    expires: 2025-03-31\n",
	 {"3:11: unknown rule `TL-C-099`"}},
	/* A file that could not be loaded, or that is not a declaration, was not
	 * checked by the later rules: waived, it would count as clean. */
	{HEAD "  - rule: DECL-000\n    file: broken.yaml\n    reason: r\n    approved_by: a\n"
	      "    expires: 2025-03-31\n",
	 {"3:11: `DECL-000` stops the check of the declaration it reports (the rules after it do "
	  "not run): it cannot be waived"}},
	{HEAD "  - rule: DECL-001\n    file: list.yaml\n    reason: r\n    approved_by: a\n"
	      "    expires: 2025-03-31\n",
	 {"3:11: `DECL-001` stops the check of the declaration it reports"}},
	{HEAD "  - rule: TL-C-001\n    plan: P\n    path: partners[0\n    reason: r\n    approved_by: a\n"
	      "    expires: 2025-03-31\n",
	 {"5:11: `path` is not a finding path"}},
	{HEAD "  - just text\n", {"3:5: each waiver must be a mapping"}},
	{"format: tlcheck-waivers/2\nwaivers: []\n", {"1:9: `format` must be `tlcheck-waivers/1`, not `tlcheck-waivers/2`"}},
	{"waivers: {}\n", {"1:1: missing `format: tlcheck-waivers/1`", "1:10: `waivers` must be a list"}},
	{"format: tlcheck-waivers/1\nwaiver: []\n",
	 {"2:1: unknown key `waiver` in the waiver file: did you mean `waivers`?", "1:1: missing `waivers:`"}},
	{"- rule: TL-C-001\n", {"1:1: a waiver file is a mapping"}},
	{"format: [\n", {"2:1: "}},
	{"", {"the file holds no YAML document"}},
};

static void test_malformed_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const bad_case *c = &bad_cases[i];
		tlcheck_waivers *w = (tlcheck_waivers *)&w;
		tlcheck_diags *d = NULL;
		int rc = tlcheck_waivers_load_buffer(&w, "bad.yaml", c->text, strlen(c->text), "2025-06-30",
		                                     pack, &d);
		if (rc != TLCHECK_EINVALID || w != NULL || d == NULL)
			fail_msg("case %zu: rc %d", i, rc);
		for (size_t k = 0; k < 4 && c->want[k]; k++) {
			bool found = false;
			for (size_t j = 0; j < tlcheck_diags_count(d) && !found; j++) {
				const tlcheck_diag *g = tlcheck_diags_get(d, j);
				char got[1024];
				snprintf(got, sizeof(got), "%u:%u: %s", g->line, g->column, g->message);
				found = strstr(got, c->want[k]) != NULL;
				/* Positioned problems are rendered with the file name and a caret. */
				if (found && g->line)
					assert_non_null(strstr(g->rendered, "bad.yaml:"));
			}
			if (!found) {
				for (size_t j = 0; j < tlcheck_diags_count(d); j++)
					fprintf(stderr, "  got: %s\n", tlcheck_diags_get(d, j)->rendered);
				fail_msg("case %zu: no diagnostic `%s`", i, c->want[k]);
			}
		}
		tlcheck_diags_free(d);
	}
}

static void test_japanese_diagnostics(void **state)
{
	(void)state;
	const char *text = HEAD "  - rule: TL-C-001\n    plan: P\n    approved_by: a\n    expires: 2025-03-31\n";
	tlcheck_waivers *w = NULL;
	tlcheck_diags *d = NULL;
	assert_int_equal(tlcheck_waivers_load_buffer(&w, "bad.yaml", text, strlen(text), NULL, pack, &d),
	                 TLCHECK_EINVALID);
	assert_int_equal(tlcheck_diags_count(d), 1);
	assert_non_null(strstr(tlcheck_diags_get(d, 0)->message_ja, "`reason` がありません"));
	tlcheck_diags_free(d);
}

static void test_bad_today_and_unreadable(void **state)
{
	(void)state;
	tlcheck_waivers *w = NULL;
	tlcheck_diags *d = NULL;
	const char *text = HEAD;
	assert_int_equal(tlcheck_waivers_load_buffer(&w, "w.yaml", text, strlen(text), "2025-13-01", pack, &d),
	                 TLCHECK_EINVALID);
	assert_null(w);
	assert_non_null(strstr(tlcheck_diags_get(d, 0)->message, "must be YYYY-MM-DD"));
	tlcheck_diags_free(d);
	assert_int_equal(tlcheck_waivers_load_file(&w, TLCHECK_SOURCE_DIR "/no/such/waivers.yaml", NULL, NULL, &d),
	                 TLCHECK_EIO);
	assert_null(w);
	assert_int_equal(tlcheck_diags_count(d), 1);
	tlcheck_diags_free(d);
	/* Without a pack, rule ids are not checked; without today, today's date is used. */
	const char *ok = HEAD "  - rule: NOT-A-RULE\n    plan: P\n    reason: r\n    approved_by: a\n"
	                      "    expires: 9999-12-31\n";
	assert_int_equal(tlcheck_waivers_load_buffer(&w, "w.yaml", ok, strlen(ok), NULL, NULL, NULL), 0);
	assert_int_equal(strlen(tlcheck_waivers_today(w)), 10);
	assert_int_equal(tlcheck_waivers_get(w, 0)->status, TLCHECK_WAIVER_UNUSED);
	tlcheck_waivers_free(w);
	const char *none = HEAD;
	assert_int_equal(tlcheck_waivers_load_buffer(&w, "w.yaml", none, strlen(none), NULL, NULL, NULL), 0);
	assert_int_equal(tlcheck_waivers_count(w), 0);
	tlcheck_waivers_free(w);
}

/* A waiver keeps matching after the items are reordered when it names the
 * stable path. */
static void test_stable_path_waiver_survives_reorder(void **state)
{
	(void)state;
	tlcheck_waivers *w = load(HEAD "  - rule: TL-D-002\n    plan: SEMI-2024-012\n"
	                               "    path: planned_acts[id=ACT2].consultation\n" TAIL,
	                          "2025-06-30");
	const char *files[] = {OLD_YAML, TLCHECK_SOURCE_DIR "/tests/data/waivers/reordered.yaml"};
	for (int k = 0; k < 2; k++) {
		tlcheck_result *res = check(files[k]);
		assert_int_equal(tlcheck_waivers_apply(w, res), 0);
		assert_true(find_rule(res, "TL-D-002")->waived);
		tlcheck_result_free(res);
	}
	assert_int_equal(tlcheck_waivers_get(w, 0)->waived, 2);
	tlcheck_waivers_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expiry_day_before),
		cmocka_unit_test(test_expiry_day_itself),
		cmocka_unit_test(test_expiry_day_after),
		cmocka_unit_test(test_expired_notice_ja_and_without_match),
		cmocka_unit_test(test_orphan_over_batch),
		cmocka_unit_test(test_matching_table),
		cmocka_unit_test(test_precise_waiver_wins),
		cmocka_unit_test(test_renewed_waiver),
		cmocka_unit_test(test_result_waive),
		cmocka_unit_test(test_malformed_table),
		cmocka_unit_test(test_japanese_diagnostics),
		cmocka_unit_test(test_bad_today_and_unreadable),
		cmocka_unit_test(test_stable_path_waiver_survives_reorder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
