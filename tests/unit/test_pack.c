/* test_pack.c - rule-pack loading: a minimal valid pack, then every kind of problem with its position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "pack/pack.h"
#include "util/diags.h"
#include "tlcheck/tlcheck.h"
#include "yaml/doc.h"

/* A manifest up to its stages (and schema, and files). */
#define MANIFEST_HEAD \
	"pack: test\n" \
	"version: 0.1\n" \
	"legal_text:\n" \
	"  name: {en: Test, ja: テスト}\n" \
	"  revision: 2024-03\n" \
	"  checked_on: 2026-11-25\n" \
	"parameters:\n" \
	"  threshold: {type: decimal, default: 10, meaning: {en: a limit, ja: 上限}}\n" \
	"materials:\n" \
	"  - {code: semiconductors, name: {en: semiconductors, ja: 半導体}, ministry: {en: METI, ja: 経済産業省}}\n" \
	"clauses:\n" \
	"  - {id: \"(ア)\", title: {en: A, ja: ア}, text_ja: 原文, text_en: text}\n"

static const char *MANIFEST =
	MANIFEST_HEAD
	"stages:\n"
	"  - name: all\n"
	"files: [r.yaml]\n";

static const char *RULE_OK =
	"rules:\n"
	"  - id: T-001\n"
	"    stage: all\n"
	"    clause: \"(ア)\"\n"
	"    severity: warning\n"
	"    title: {en: Too big, ja: 大きすぎる}\n"
	"    checks: {en: x is small, ja: x が小さい}\n"
	"    remediation: {en: make it smaller, ja: 小さくする}\n"
	"    when: has(decl.x) && decl.x > params.threshold\n"
	"    at: x\n"
	"    message: {en: \"x is {decl.x} > {params.threshold}\", ja: \"x が {decl.x} です\"}\n";

static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tlcheck-pack-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Loads the pack and returns every diagnostic as "file:line:col: message" lines. */
static char *load(tlcheck_pack **out, int *rc)
{
	tlcheck_diags *d = NULL;
	*rc = tlcheck_pack_load_dir(out, dir, &d);
	size_t cap = 8192, len = 0;
	char *all = calloc(1, cap);
	for (size_t i = 0; i < tlcheck_diags_count(d); i++) {
		const tlcheck_diag *g = tlcheck_diags_get(d, i);
		const char *file = strrchr(g->file, '/') ? strrchr(g->file, '/') + 1 : g->file;
		len += (size_t)snprintf(all + len, cap - len, "%s:%u:%u: %s\n", file, g->line, g->column,
		                        g->message);
	}
	tlcheck_diags_free(d);
	return all;
}

/* Loads the pack, which must be valid. */
static tlcheck_pack *load_ok(void)
{
	tlcheck_pack *p = NULL;
	int rc;
	char *all = load(&p, &rc);
	if (rc != 0)
		fail_msg("%s", all);
	free(all);
	return p;
}

static void expect_error(const char *manifest, const char *rule, const char *want)
{
	tlcheck_pack *p = NULL;
	int rc;
	write_file("pack.yaml", manifest);
	write_file("r.yaml", rule);
	char *all = load(&p, &rc);
	if (rc == 0 || !strstr(all, want))
		fail_msg("want `%s`, got rc %d and:\n%s", want, rc, all);
	assert_null(p);
	free(all);
}

static void test_valid_pack(void **state)
{
	(void)state;
	tlcheck_pack *p = NULL;
	int rc;
	write_file("pack.yaml", MANIFEST);
	write_file("r.yaml", RULE_OK);
	char *all = load(&p, &rc);
	if (rc != 0)
		fail_msg("%s", all);
	free(all);
	assert_int_equal(tlcheck_pack_rule_count(p), 1);
	tlcheck_rule_info ri;
	assert_int_equal(tlcheck_pack_rule(&ri, p, 0, "ja"), 0);
	assert_string_equal(ri.id, "T-001");
	assert_string_equal(ri.title, "大きすぎる");
	assert_string_equal(ri.params, "threshold");

	/* The rule works, and a parameter changes its verdict with no rebuild. */
	tlcheck_result *res = NULL;
	const char *decl = "x: 10.5\n";
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), NULL), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 1);
	const tlcheck_finding *f = tlcheck_result_finding(res, 0);
	assert_string_equal(f->message, "x is 10.5 > 10");
	assert_string_equal(f->path, "x");
	assert_int_equal(f->line, 1);
	assert_int_equal(f->column, 4);
	assert_int_equal(f->severity, TLCHECK_WARNING);
	tlcheck_result_free(res);

	char *msg = NULL;
	assert_int_equal(tlcheck_pack_set_param(p, "threshold", "11", "en", &msg), 0);
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), NULL), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 0);
	tlcheck_result_free(res);
	assert_int_not_equal(tlcheck_pack_set_param(p, "threshold", "eleven", "en", &msg), 0);
	assert_non_null(strstr(msg, "not a decimal"));
	free(msg);
	assert_int_not_equal(tlcheck_pack_set_param(p, "nosuch", "1", "en", &msg), 0);
	assert_non_null(strstr(msg, "threshold"));
	free(msg);
	tlcheck_pack_free(p);
}

static void test_unknown_key(void **state)
{
	(void)state;
	char rule[2048];
	snprintf(rule, sizeof(rule), "%s    severty: error\n", RULE_OK);
	expect_error(MANIFEST, rule, "r.yaml:12:5: unknown key `severty` in a rule");
}

static void test_missing_id(void **state)
{
	(void)state;
	expect_error(MANIFEST, "rules:\n  - stage: all\n    severity: error\n"
	             "    title: {en: t, ja: t}\n    checks: {en: c, ja: c}\n    remediation: {en: r, ja: r}\n"
	             "    when: 'true'\n    message: {en: m, ja: m}\n",
	             "r.yaml:2:5: missing required key `id`");
}

static void test_duplicate_id(void **state)
{
	(void)state;
	char rule[4096];
	snprintf(rule, sizeof(rule), "%s%s", RULE_OK, strstr(RULE_OK, "  - id"));
	expect_error(MANIFEST, rule, "r.yaml:12:9: duplicate rule id `T-001` (first defined in");
}

static void test_bad_severity(void **state)
{
	(void)state;
	char rule[2048];
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	memcpy(strstr(rule, "warning"), "fatal  ", 7);
	expect_error(MANIFEST, rule, "r.yaml:5:15: bad severity `fatal`");
}

/* A load-error rule with its own remediation for two kinds of trouble. */
static const char *RULE_LOAD =
	"rules:\n"
	"  - id: T-000\n"
	"    kind: load-error\n"
	"    stage: all\n"
	"    severity: error\n"
	"    title: {en: Unreadable, ja: 読めない}\n"
	"    checks: {en: readable, ja: 読める}\n"
	"    remediation: {en: fix the file, ja: ファイルを直す}\n"
	"    remediation_by_cause:\n"
	"      read: {en: check the path, ja: パスを確認}\n"
	"      duplicate-key: {en: write the key once, ja: キーは一度}\n"
	"    message: {en: \"{error}\", ja: \"{error}\"}\n";

/* The remediation a load error's finding carries: its kind's, else the
 * rule's own; the kinds are listed for `explain`; a kind the loader does not
 * know, or the key on another kind of rule, is an error of the pack. */
static void test_load_error_remediation_by_cause(void **state)
{
	(void)state;
	write_file("pack.yaml", MANIFEST);
	write_file("r.yaml", RULE_LOAD);
	tlcheck_pack *p = load_ok();
	static const struct {
		const char *text;
		const char *fix;
	} cases[] = {
		{"a: 1\na: 2\n", "write the key once"},
		{"a: [1\n", "fix the file"},
		{"a: 1\n---\nb: 2\n", "fix the file"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tlcheck_result *res = NULL;
		assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", cases[i].text,
		                                      strlen(cases[i].text), NULL), 0);
		assert_int_equal(tlcheck_result_finding_count(res), 1);
		assert_string_equal(tlcheck_result_finding(res, 0)->remediation, cases[i].fix);
		tlcheck_result_free(res);
	}
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/no-such-file.yaml", dir);
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_file(&res, p, missing, NULL), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 1);
	assert_string_equal(tlcheck_result_finding(res, 0)->remediation, "check the path");
	tlcheck_result_free(res);
	tlcheck_check_options ja = TLCHECK_CHECK_OPTIONS_INIT;
	ja.lang = "ja";
	assert_int_equal(tlcheck_check_file(&res, p, missing, &ja), 0);
	assert_string_equal(tlcheck_result_finding(res, 0)->remediation, "パスを確認");
	tlcheck_result_free(res);

	const char *cause, *text;
	assert_int_equal(tlcheck_pack_rule_cause_fix(p, 0, 0, "en", &cause, &text), 0);
	assert_string_equal(cause, "read");
	assert_string_equal(text, "check the path");
	assert_int_equal(tlcheck_pack_rule_cause_fix(p, 0, 1, "ja", &cause, &text), 0);
	assert_string_equal(cause, "duplicate-key");
	assert_string_equal(text, "キーは一度");
	assert_int_equal(tlcheck_pack_rule_cause_fix(p, 0, 2, "en", &cause, &text), TLCHECK_EINVALID);
	tlcheck_pack_free(p);

	char rule[2048];
	snprintf(rule, sizeof(rule), "%s", RULE_LOAD);
	memcpy(strstr(rule, "read:"), "reed:", 5);
	expect_error(MANIFEST, rule, "r.yaml:10:7: unknown key `reed` in remediation_by_cause");
	snprintf(rule, sizeof(rule), "%s    remediation_by_cause: {read: {en: a, ja: b}}\n", RULE_OK);
	expect_error(MANIFEST, rule, "r.yaml:12:5: only a load-error rule takes `remediation_by_cause`");
}

static void test_param_type(void **state)
{
	(void)state;
	char man[4096];
	snprintf(man, sizeof(man), "%s", MANIFEST);
	char *d = strstr(man, "default: 10");
	memcpy(d, "default: xx", 11);
	expect_error(man, RULE_OK, "pack.yaml:8:39: the default of parameter `threshold` is not a decimal");
	snprintf(man, sizeof(man), "%s", MANIFEST);
	memcpy(strstr(man, "type: decimal"), "type: float  ", 13);
	expect_error(man, RULE_OK, "pack.yaml:8:21: unknown parameter type `float`");
}

/* A parameter's min, max and items: the default is held to them (a pack
 * error at the default), and so is every --param; each key only where it
 * means something. */
static void test_param_bounds(void **state)
{
	(void)state;
	char man[4096];
	const char *bounded = "  threshold: {type: decimal, default: 10, min: 0, max: 100, "
	                      "meaning: {en: a limit, ja: 上限}}\n"
	                      "  days: {type: int, default: 90, min: 1, meaning: {en: d, ja: 日}}\n"
	                      "  mats: {type: list, default: [semiconductors], items: material, "
	                      "meaning: {en: m, ja: 物資}}\n";
	const char *line = "  threshold: {type: decimal, default: 10, meaning: {en: a limit, ja: 上限}}\n";
	char *at;

	snprintf(man, sizeof(man), "%s", MANIFEST);
	at = strstr(man, line);
	char rest[2048];
	snprintf(rest, sizeof(rest), "%s", at + strlen(line));
	snprintf(at, sizeof(man) - (size_t)(at - man), "%s%s", bounded, rest);
	write_file("pack.yaml", man);
	write_file("r.yaml", RULE_OK);
	int rc;
	tlcheck_pack *p = NULL;
	char *all = load(&p, &rc);
	if (rc != 0)
		fail_msg("%s", all);
	free(all);
	char *msg = NULL;
	assert_int_equal(tlcheck_pack_set_param(p, "threshold", "100", "en", &msg), 0);
	assert_int_equal(tlcheck_pack_set_param(p, "threshold", "0", "en", &msg), 0);
	assert_int_equal(tlcheck_pack_set_param(p, "threshold", "-0.001", "en", &msg), TLCHECK_EINVALID);
	assert_string_equal(msg, "--param threshold: `-0.001` is below the minimum, 0 (type decimal)");
	free(msg);
	assert_int_equal(tlcheck_pack_set_param(p, "threshold", "100.0000001", "ja", &msg),
	                 TLCHECK_EINVALID);
	assert_non_null(strstr(msg, "`100.0000001` は最大値 100 を超えています"));
	free(msg);
	assert_int_equal(tlcheck_pack_set_param(p, "days", "0", "en", &msg), TLCHECK_EINVALID);
	assert_non_null(strstr(msg, "`0` is below the minimum, 1"));
	free(msg);
	assert_int_equal(tlcheck_pack_set_param(p, "mats", "semiconductors", "en", &msg), 0);
	assert_int_equal(tlcheck_pack_set_param(p, "mats", "semiconductors,semiconductor", "en", &msg),
	                 TLCHECK_EINVALID);
	assert_string_equal(msg, "--param mats: `semiconductor` is not a material code of the pack "
	                         "(semiconductors) (type list)");
	free(msg);
	/* A refused value leaves the one before. */
	tlcheck_param_info pi;
	assert_int_equal(tlcheck_pack_param(&pi, p, 0, "en"), 0);
	assert_string_equal(pi.value, "0");
	tlcheck_pack_free(p);

	/* The default out of bounds, and keys where they mean nothing. */
	at = strstr(man, "default: 10, min: 0");
	memcpy(at, "default: -1, min: 0", 19);
	expect_error(man, RULE_OK, "pack.yaml:8:39: the default of parameter `threshold` is not allowed: "
	                           "`-1` is below the minimum, 0");
	memcpy(at, "default: 10, min: 0", 19);
	at = strstr(man, "default: [semiconductors]");
	memcpy(at, "default: [semiconductorz]", 25);
	expect_error(man, RULE_OK, "is not allowed: `semiconductorz` is not a material code of the pack");
	memcpy(at, "default: [semiconductors]", 25);
	at = strstr(man, "items: material");
	memcpy(at, "items: materia ", 15);
	expect_error(man, RULE_OK, "`items` is for list parameters, and can only be `material`");
	memcpy(at, "items: material", 15);
	at = strstr(man, "default: 90, min: 1");
	memcpy(at, "default: 90, min: x", 19);
	expect_error(man, RULE_OK, "the min of parameter `days` is not a int");
	snprintf(man, sizeof(man), "%s", MANIFEST);
	at = strstr(man, "default: 10, meaning");
	snprintf(rest, sizeof(rest), "%s", at + strlen("default: 10, "));
	snprintf(at, sizeof(man) - (size_t)(at - man), "default: 10, items: material, %s", rest);
	expect_error(man, RULE_OK, "`items` is for list parameters");
	snprintf(man, sizeof(man), "%s", MANIFEST);
	at = strstr(man, "type: decimal");
	memcpy(at, "type: string ", 13);
	at = strstr(man, "default: 10, meaning");
	snprintf(rest, sizeof(rest), "%s", at + strlen("default: 10, "));
	snprintf(at, sizeof(man) - (size_t)(at - man), "default: 10, max: 5, %s", rest);
	expect_error(man, RULE_OK, "`max` is for decimal and int parameters, not for `threshold` (string)");
}

static void test_expression_positions(void **state)
{
	(void)state;
	/* A syntax error inside a block scalar points into the block. */
	char rule[2048];
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	char *w = strstr(rule, "    when:");
	const char *block = "    when: >-\n      has(decl.x) &&\n      (decl.x > params.threshold\n";
	char rest[1024];
	snprintf(rest, sizeof(rest), "%s", strstr(w, "    at:"));
	snprintf(w, sizeof(rule) - (size_t)(w - rule), "%s%s", block, rest);
	expect_error(MANIFEST, rule, "r.yaml:11:33: expected ')' to close '(' opened at 11:7");
	/* An unknown variable is named, with a suggestion. */
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	w = strstr(rule, "params.threshold");
	memcpy(w, "pram ", 5);
	expect_error(MANIFEST, rule, "r.yaml:9:35: unknown variable `pram`; did you mean `params`?");
	/* In a double-quoted scalar, an escape whose value is another character
	 * (\u0068 for `h`, \u65E5 for three bytes of 日) keeps the columns after
	 * it those of the rule file. */
	static const struct {
		const char *when, *want;
	} escaped[] = {
		{"    when: \"\\u0068as(decl.x) && \\x41\"\n", "r.yaml:9:32: unknown variable `A`"},
		{"    when: \"'\\u65E5' == 1 && nope\"\n", "r.yaml:9:29: unknown variable `nope`"},
		{"    when: \"\\\"a\\\" == \\t nope\"\n", "r.yaml:9:24: unknown variable `nope`"},
		/* \\ is one escape: its second backslash does not start `\x41` */
		{"    when: \"'\\\\x41' == 'a' && nope\"\n", "r.yaml:9:30: unknown variable `nope`"},
	};
	for (size_t i = 0; i < sizeof(escaped) / sizeof(escaped[0]); i++) {
		snprintf(rule, sizeof(rule), "%s", RULE_OK);
		w = strstr(rule, "    when:");
		snprintf(rest, sizeof(rest), "%s", strstr(w, "    at:"));
		snprintf(w, sizeof(rule) - (size_t)(w - rule), "%s%s", escaped[i].when, rest);
		expect_error(MANIFEST, rule, escaped[i].want);
	}
	/* A field of `params` that is not a parameter of the pack is found when it
	 * loads, with the nearest parameter, in a condition as in a message. */
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	w = strstr(rule, "params.threshold");
	memcpy(w, "params.thresold ", 16);
	expect_error(MANIFEST, rule,
	             "r.yaml:9:42: `params` has no field `thresold`; did you mean `threshold`?");
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	w = strstr(rule, "{params.threshold}");
	memcpy(w, "{params.zzz     }", 17);
	expect_error(MANIFEST, rule, "`params` has no field `zzz`\n");
	/* A placeholder that is not closed. */
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	w = strstr(rule, "{params.threshold}");
	w[17] = ' ';
	expect_error(MANIFEST, rule, "expected '}' to close the placeholder");
}

static void test_files_stay_inside(void **state)
{
	(void)state;
	char man[4096];
	snprintf(man, sizeof(man), "%s", MANIFEST);
	char *f = strstr(man, "files: [r.yaml]");
	snprintf(f, sizeof(man) - (size_t)(f - man), "files: [../r.yaml]\n");
	/* Reported at the manifest's line that names the file. */
	expect_error(man, RULE_OK, "pack.yaml:15:9: cannot use `../r.yaml`: file name `../r.yaml` leaves "
	                           "the rule pack's folder");
	snprintf(f, sizeof(man) - (size_t)(f - man), "files: [/etc/passwd]\n");
	expect_error(man, RULE_OK, "leaves the rule pack's folder");
	/* A symbolic link out of the folder is refused too. */
	char link[256];
	snprintf(link, sizeof(link), "%s/out.yaml", dir);
	unlink(link);
	assert_int_equal(symlink("/etc/hostname", link), 0);
	snprintf(f, sizeof(man) - (size_t)(f - man), "files: [out.yaml]\n");
	expect_error(man, RULE_OK, "symbolic link");
	unlink(link);
	/* So is a folder on the way that is a symbolic link. */
	snprintf(link, sizeof(link), "%s/sub", dir);
	assert_int_equal(symlink("/etc", link), 0);
	snprintf(f, sizeof(man) - (size_t)(f - man), "files: [sub/hostname]\n");
	expect_error(man, RULE_OK, "is reached through a symbolic link");
	unlink(link);
}

static void test_stage_and_clause_refs(void **state)
{
	(void)state;
	char rule[2048];
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	memcpy(strstr(rule, "stage: all"), "stage: any", 10);
	expect_error(MANIFEST, rule, "r.yaml:3:12: unknown stage `any`");
	/* Not a name (a list, a mapping): an error, not a rule without a stage
	 * (tlcheck rules then read stages[-1]). */
	static const char *const not_names[] = {"stage: []", "stage: {}"};
	for (size_t i = 0; i < 2; i++) {
		snprintf(rule, sizeof(rule), "%s", RULE_OK);
		memcpy(strstr(rule, "stage: all"), not_names[i], 9);
		strstr(rule, not_names[i])[9] = ' ';
		expect_error(MANIFEST, rule, "r.yaml:3:12: `stage` must be the name of a stage of pack.yaml");
	}
	snprintf(rule, sizeof(rule), "%s", RULE_OK);
	memcpy(strstr(rule, "(ア)"), "(ン)", strlen("(ア)"));
	expect_error(MANIFEST, rule, "unknown clause `(ン)`");
}

/* An error that decides a verdict is a finding against the rule, with the
 * rule file's position: never a silent pass. Statuses are evidence. */
static void test_rule_error_is_a_finding(void **state)
{
	(void)state;
	tlcheck_pack *p = NULL;
	int rc;
	char rule[2048];
	const char *cond = "decl.x > params.threshold";
	const char *at = strstr(RULE_OK, cond);
	snprintf(rule, sizeof(rule), "%.*sdecl.x / 0 > params.threshold%s", (int)(at - RULE_OK), RULE_OK,
	         at + strlen(cond));
	write_file("pack.yaml", MANIFEST);
	write_file("r.yaml", rule);
	char *all = load(&p, &rc);
	if (rc != 0)
		fail_msg("%s", all);
	free(all);
	tlcheck_result *res = NULL;
	const char *decl = "x: 3\n";
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), NULL), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 1);
	const tlcheck_finding *f = tlcheck_result_finding(res, 0);
	assert_true(f->rule_error);
	assert_int_equal(f->severity, TLCHECK_ERROR);
	if (!strstr(f->message, "could not be evaluated") || !strstr(f->message, "r.yaml:9:"))
		fail_msg("%s", f->message);
	assert_int_equal(tlcheck_result_rule_status(res, 0), TLCHECK_RULE_ERROR);
	tlcheck_result_free(res);
	/* Where the guard is false, the error is absorbed: a pass. */
	decl = "y: 3\n";
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), NULL), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 0);
	assert_int_equal(tlcheck_result_rule_status(res, 0), TLCHECK_PASS);
	tlcheck_result_free(res);
	/* Options of an unknown layout are refused, not misread. */
	tlcheck_check_options bad = TLCHECK_CHECK_OPTIONS_INIT;
	bad.version = TLCHECK_CHECK_OPTIONS_VERSION + 1;
	res = NULL;
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), &bad),
	                 TLCHECK_EINVALID);
	assert_null(res);
	/* A rule left out by selection says so. */
	tlcheck_check_options o = TLCHECK_CHECK_OPTIONS_INIT;
	const char *only[] = {"X-*", NULL};
	o.rules = only;
	decl = "x: 3\n";
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), &o), 0);
	assert_int_equal(tlcheck_result_finding_count(res), 0);
	assert_int_equal(tlcheck_result_rule_status(res, 0), TLCHECK_NOT_SELECTED);
	tlcheck_result_free(res);
	tlcheck_pack_free(p);
}

/* A finding a test expects: its rule, path and message (or the message's
 * beginning). */
typedef struct want_finding {
	const char *rule, *path, *message;
} want_finding;

/* Checks `decl` with `p` and compares the findings, in order, with `want`. */
static void expect_findings(const tlcheck_pack *p, const char *decl, const want_finding *want,
                            size_t w)
{
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", decl, strlen(decl), NULL), 0);
	size_t n = tlcheck_result_finding_count(res);
	for (size_t i = 0; i < n || i < w; i++) {
		const tlcheck_finding *f = i < n ? tlcheck_result_finding(res, i) : NULL;
		if (!f || i >= w || strcmp(f->rule, want[i].rule) != 0 ||
		    strcmp(f->path, want[i].path) != 0 ||
		    strncmp(f->message, want[i].message, strlen(want[i].message)) != 0)
			fail_msg("finding %zu: got %s %s \"%s\", want %s %s \"%s\"", i,
			         f ? f->rule : "none", f ? f->path : "", f ? f->message : "",
			         i < w ? want[i].rule : "none", i < w ? want[i].path : "",
			         i < w ? want[i].message : "");
	}
	tlcheck_result_free(res);
}

/* The head of a rule file whose defaults iterate over decl.items as `it`. */
#define ITEM_DEFAULTS \
	"defaults:\n" \
	"  stage: all\n" \
	"  severity: warning\n" \
	"  checks: {en: c, ja: c}\n" \
	"  remediation: {en: r, ja: r}\n" \
	"  for_each: decl.items\n" \
	"  as: it\n"

/* A file's default lets are computed once per item for the rules that iterate
 * as the defaults do, lazily: a rule with its own for_each sees its own items,
 * a let nobody reads cannot fail a rule, and the rule's own lets follow. */
static void test_default_lets(void **state)
{
	(void)state;
	static const char *const rules =
		ITEM_DEFAULTS
		"  let:\n"
		"    dbl: it.v * 2\n"
		"    total: decl.items.map(i, i.v).size()\n"
		"    broken: it.v / 0\n"
		"  message: {en: \"{it.v}: {dbl} of {total}\", ja: \"{dbl}\"}\n"
		"rules:\n"
		"  - {id: T-OWN, title: {en: t, ja: t}, for_each: decl.others, when: dbl > 10}\n"
		"  - {id: T-DEF, title: {en: t, ja: t}, when: dbl > 10}\n"
		"  - {id: T-IDX, title: {en: t, ja: t}, index: k, when: dbl > 10 && k == 1}\n"
		"  - id: T-LET\n"
		"    title: {en: t, ja: t}\n"
		"    let: {tri: dbl + it.v}\n"
		"    when: tri > 9 && total == 2\n"
		"    message: {en: \"{tri}\", ja: \"{tri}\"}\n"
		"  - {id: T-BAD, title: {en: t, ja: t}, when: broken > 0}\n";
	static const want_finding want[] = {
		{"T-BAD", "items[0]", "rule T-BAD could not be evaluated"},
		{"T-BAD", "items[1]", "rule T-BAD could not be evaluated"},
		{"T-DEF", "items[1]", "6: 12 of 2"},
		{"T-IDX", "items[1]", "6: 12 of 2"},
		{"T-LET", "items[1]", "18"},
		{"T-OWN", "others[0]", "20: 40 of 2"},
	};
	write_file("pack.yaml", MANIFEST);
	write_file("r.yaml", rules);
	tlcheck_pack *p = load_ok();
	expect_findings(p, "items: [{v: 3}, {v: 6}]\nothers: [{v: 20}, {v: 1}]\n", want,
	                sizeof(want) / sizeof(want[0]));
	tlcheck_pack_free(p);
}

/* Lets are computed when `when` or a message first reads them, inside that
 * evaluation: a let read within a comprehension, itself computed with a
 * comprehension, leaves the reader's variable alone; a let only a message
 * reads is there for the message; one nothing reads (`never`, a division by
 * zero) makes no rule error. */
static void test_lets_bound_when_read(void **state)
{
	(void)state;
	static const char *const rules =
		ITEM_DEFAULTS
		"  let:\n"
		"    limit: \"[5, 6].map(v, v + 0)[0]\"\n"
		"    over: decl.items.filter(i, limit < i.v).size()\n"
		"    never: it.v / 0\n"
		"rules:\n"
		"  - id: T-LAZY\n"
		"    title: {en: t, ja: t}\n"
		"    when: \"decl.items.all(j, limit < j.v || j.v == 3) && limit < it.v || it.v == 0 && never > 0\"\n"
		"    message: {en: \"{it.v} > {limit} ({over} over)\", ja: \"{over}\"}\n";
	static const want_finding want[] = {
		{"T-LAZY", "items[0]", "7 > 5 (2 over)"},
		{"T-LAZY", "items[2]", "9 > 5 (2 over)"},
	};
	write_file("pack.yaml", MANIFEST);
	write_file("r.yaml", rules);
	tlcheck_pack *p = load_ok();
	expect_findings(p, "items: [{v: 7}, {v: 3}, {v: 9}]\n", want, sizeof(want) / sizeof(want[0]));
	tlcheck_pack_free(p);
}

/* The defaults' for_each is computed once per document for the rules that
 * iterate as the defaults do, and again once the schema has hidden a value:
 * a rule of a later stage never sees an item as it was before the hiding.
 * A rule with its own for_each walks its own list. */
static void test_default_for_each_shared(void **state)
{
	(void)state;
	static const char *const manifest =
		MANIFEST_HEAD
		"stages:\n"
		"  - name: first\n"
		"  - name: checked\n"
		"  - name: last\n"
		"schema: s.yaml\n"
		"files: [r.yaml]\n";
	static const char *const schema =
		"type: object\n"
		"properties:\n"
		"  items:\n"
		"    type: array\n"
		"    items:\n"
		"      type: object\n"
		"      properties:\n"
		"        v: {type: integer}\n";
	static const char *const rules =
		"defaults:\n"
		"  severity: warning\n"
		"  checks: {en: c, ja: c}\n"
		"  remediation: {en: r, ja: r}\n"
		"  for_each: \"has(decl.items) ? decl.items.filter(i, has(i.v)) : []\"\n"
		"  as: it\n"
		"  message: {en: \"{it.v}\", ja: \"{it.v}\"}\n"
		"rules:\n"
		"  - {id: T-1, stage: first, title: {en: t, ja: t}, when: \"true\"}\n"
		"  - {id: T-2, stage: first, title: {en: t, ja: t}, when: \"true\"}\n"
		"  - id: T-TYPE\n"
		"    kind: schema\n"
		"    stage: checked\n"
		"    keywords: [type]\n"
		"    hides: true\n"
		"    title: {en: t, ja: t}\n"
		"    message: {en: \"{v.path}\", ja: \"{v.path}\"}\n"
		"  - {id: T-3, stage: last, title: {en: t, ja: t}, when: \"true\"}\n"
		"  - {id: T-OWN, stage: last, title: {en: t, ja: t}, for_each: decl.more, when: \"true\"}\n";
	static const want_finding want[] = {
		/* In document order; T-3 no longer sees items[1], whose v is hidden. */
		{"T-1", "items[0]", "1"},
		{"T-2", "items[0]", "1"},
		{"T-3", "items[0]", "1"},
		{"T-1", "items[1]", "x"},
		{"T-2", "items[1]", "x"},
		{"T-TYPE", "items[1].v", "items[1].v"},
		{"T-OWN", "more[0]", "7"},
	};
	write_file("pack.yaml", manifest);
	write_file("s.yaml", schema);
	write_file("r.yaml", rules);
	tlcheck_pack *p = load_ok();
	expect_findings(p, "items: [{v: 1}, {v: x}]\nmore: [{v: 7}]\n", want,
	                sizeof(want) / sizeof(want[0]));
	tlcheck_pack_free(p);
}

/* The defaults' for_each and lets are compiled once for all the rules that
 * iterate as the defaults do (start-up compiled the TL-D lets eight times);
 * a rule that iterates otherwise compiles its own, its variables being
 * others. */
static void test_default_lets_compiled_once(void **state)
{
	(void)state;
	static const char *const rules =
		"defaults:\n"
		"  stage: all\n"
		"  severity: warning\n"
		"  checks: {en: c, ja: c}\n"
		"  remediation: {en: r, ja: r}\n"
		"  message: {en: \"{it.v}\", ja: \"{it.v}\"}\n"
		"  for_each: decl.items\n"
		"  as: it\n"
		"  let:\n"
		"    dbl: it.v * 2\n"
		"    big: dbl > 4\n"
		"rules:\n"
		"  - {id: T-1, title: {en: t, ja: t}, when: big}\n"
		"  - {id: T-2, title: {en: t, ja: t}, let: {neg: -dbl}, when: neg < -4}\n"
		"  - {id: T-3, title: {en: t, ja: t}, index: k, when: big && k == 1}\n";
	static const want_finding want[] = {
		{"T-1", "items[1]", "3"},
		{"T-2", "items[1]", "3"},
		{"T-3", "items[1]", "3"},
	};
	write_file("pack.yaml", MANIFEST);
	write_file("r.yaml", rules);
	tlcheck_pack *p = load_ok();
	assert_int_equal(p->nrules, 3);
	const tl_case *c1 = &p->rules[0].cases[0], *c2 = &p->rules[1].cases[0],
	              *c3 = &p->rules[2].cases[0];
	assert_ptr_equal(c1->for_each, c2->for_each);
	assert_ptr_equal(c1->lets[0].expr, c2->lets[0].expr);
	assert_ptr_equal(c1->lets[1].expr, c2->lets[1].expr);
	assert_ptr_not_equal(c1->lets[0].expr, c3->lets[0].expr);
	assert_ptr_not_equal(c1->for_each, c3->for_each);
	expect_findings(p, "items: [{v: 1}, {v: 3}]\n", want, sizeof(want) / sizeof(want[0]));
	tlcheck_pack_free(p);
}

static void test_default_pack(void **state)
{
	(void)state;
	tlcheck_pack *p = NULL;
	tlcheck_diags *d = NULL;
	assert_int_equal(tlcheck_pack_load_default(&p, &d), 0);
	assert_null(d);
	/* Every rule id of rules.md. */
	static const char *const ids[] = {
		"DECL-000", "DECL-001", "DECL-002", "DECL-003", "DECL-004", "DECL-005", "DECL-006",
		"DECL-007", "DECL-008", "SCOPE-001", "SCOPE-002", "SCOPE-003", "TL-A-001", "TL-A-002",
		"TL-A-003", "TL-A-004", "TL-A-005", "TL-A-006", "TL-B-001", "TL-B-002", "TL-B-003",
		"TL-B-004", "TL-B-005", "TL-C-001", "TL-C-002", "TL-C-003", "TL-C-004", "TL-C-005",
		"TL-C-006", "TL-D-001", "TL-D-002", "TL-D-003", "TL-D-004", "TL-D-005", "TL-D-006",
		"TL-D-007", "TL-D-008", "FU-001"};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (tlcheck_pack_find_rule(p, ids[i]) < 0)
			fail_msg("rule %s is missing from the default pack", ids[i]);
	assert_int_equal(tlcheck_pack_rule_count(p), sizeof(ids) / sizeof(ids[0]));
	/* explain shows an example for every rule, and each is YAML. */
	for (size_t i = 0; i < tlcheck_pack_rule_count(p); i++) {
		tlcheck_rule_info ri;
		tlcheck_pack_rule(&ri, p, i, "en");
		if (!ri.example[0] || !ri.title[0] || !ri.checks[0] || !ri.remediation[0])
			fail_msg("rule %s lacks an example, title, checks or remediation", ri.id);
		tl_doc *doc = NULL;
		tl_error e;
		int rc = tl_doc_load(&doc, &e, ri.example, strlen(ri.example), NULL);
		if (rc != 0 && strcmp(ri.id, "DECL-000") != 0)
			fail_msg("the example of %s is not YAML: %u:%u: %s", ri.id, e.pos.line, e.pos.col, e.msg);
		tl_doc_free(doc);
		tlcheck_pack_rule(&ri, p, i, "ja");
		if (!ri.title[0] || !ri.checks[0] || !ri.remediation[0])
			fail_msg("rule %s lacks Japanese texts", ri.id);
	}
	tlcheck_pack_free(p);
}

/* The built-in pack's messages are compiled when first rendered, not as it
 * loads: a one-file check renders a few of some 80. All of them compile
 * (this is what checks them, as loading a pack from a directory does). */
static void test_default_messages_lazy(void **state)
{
	(void)state;
	tlcheck_pack *p = NULL;
	tlcheck_diags *d = NULL;
	assert_int_equal(tlcheck_pack_load_default(&p, &d), 0);
	assert_null(d);
	const tl_rule *decl5 = &p->rules[tlcheck_pack_find_rule(p, "DECL-005")];
	size_t waiting = 0;
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].ncases; k++)
			for (int l = 0; l < 2; l++)
				waiting += !tl_template_ready(&p->rules[i].cases[k].msg[l]);
	assert_true(waiting > 70);
	assert_false(tl_template_ready(&decl5->cases[0].msg[0]));

	/* A finding of DECL-005 in English compiles that message, and no other. */
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	co.lang = "en";
	static const char doc[] = "format: tlcheck-declaration/1\ndeclared_on: 2025-01-10\n"
	                          "plan: {id: P-1, material: semiconductor, stage: application}\n"
	                          "applicant: {name: A, corporate_number: \"1234567890123\"}\n";
	tlcheck_result *res = NULL;
	assert_int_equal(tlcheck_check_buffer(&res, p, "d.yaml", doc, strlen(doc), &co), 0);
	bool found = false;
	for (size_t i = 0; i < tlcheck_result_finding_count(res); i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		if (strcmp(f->rule, "DECL-005") == 0) {
			found = true;
			assert_non_null(strstr(f->message, "`plan.material` is `semiconductor`"));
		}
	}
	assert_true(found);
	tlcheck_result_free(res);
	assert_true(tl_template_ready(&decl5->cases[0].msg[0]));
	assert_false(tl_template_ready(&decl5->cases[0].msg[1]));

	/* Every message of the built-in pack compiles. */
	d = tl_diags_new();
	assert_non_null(d);
	assert_int_equal(tl_pack_compile_messages(p, d), 0);
	assert_int_equal(tlcheck_diags_count(d), 0);
	tlcheck_diags_free(d);
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].ncases; k++)
			for (int l = 0; l < 2; l++)
				assert_true(tl_template_ready(&p->rules[i].cases[k].msg[l]));
	tlcheck_pack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_pack),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_id),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_bad_severity),
		cmocka_unit_test(test_load_error_remediation_by_cause),
		cmocka_unit_test(test_param_bounds),
		cmocka_unit_test(test_param_type),
		cmocka_unit_test(test_expression_positions),
		cmocka_unit_test(test_files_stay_inside),
		cmocka_unit_test(test_stage_and_clause_refs),
		cmocka_unit_test(test_rule_error_is_a_finding),
		cmocka_unit_test(test_default_lets),
		cmocka_unit_test(test_lets_bound_when_read),
		cmocka_unit_test(test_default_for_each_shared),
		cmocka_unit_test(test_default_lets_compiled_once),
		cmocka_unit_test(test_default_pack),
		cmocka_unit_test(test_default_messages_lazy),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
