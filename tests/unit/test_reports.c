/* test_reports.c - the SARIF, JUnit, CSV and HTML writers and their escaping helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/result.h"
#include "report/escape.h"
#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"
#include "util/buf.h"

/* ---- escaping: tables of input -> expected --------------------------------- */

typedef struct esc_case {
	const char *in;
	size_t len;                  /* 0: strlen(in) */
	const char *text;            /* tl_esc_xml, attr = false */
	const char *attr;            /* tl_esc_xml, attr = true */
} esc_case;

static const esc_case xml_cases[] = {
	{"plain", 0, "plain", "plain"},
	{"<a href=\"x\">&'</a>", 0, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
	 "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"},
	{"]]>", 0, "]]&gt;", "]]&gt;"},
	/* whitespace: kept in text (CR as a reference), all references in attributes */
	{"a\tb\nc\rd", 0, "a\tb\nc&#13;d", "a&#9;b&#10;c&#13;d"},
	/* C0 controls other than TAB/LF/CR are not XML 1.0 characters, DEL is
	 * none in HTML: written as the text report writes them; U+0020 and ~
	 * are kept: each side of both boundaries */
	{"x\x01y\x1Fz\x20~\x7F", 0, "x\\x01y\\x1fz ~\\x7f", "x\\x01y\\x1fz ~\\x7f"},
	/* C1 controls, the line and paragraph separators and direction marks
	 * likewise (U+00A0 and U+2027 are kept) */
	{"a\xC2\x85" "b\xE2\x80\xAE" "c\xC2\xA0\xE2\x80\xA7\xE2\x80\xA8\xE2\x80\xA9", 0,
	 "a\\u0085b\\u202ec\xC2\xA0\xE2\x80\xA7\\u2028\\u2029",
	 "a\\u0085b\\u202ec\xC2\xA0\xE2\x80\xA7\\u2028\\u2029"},
	/* U+FFFD is kept, U+FFFE and U+FFFF are not characters; U+10FFFF is */
	{"\xEF\xBF\xBD|\xEF\xBF\xBE|\xEF\xBF\xBF|\xF4\x8F\xBF\xBF", 0,
	 "\xEF\xBF\xBD|\\ufffe|\\uffff|\xF4\x8F\xBF\xBF",
	 "\xEF\xBF\xBD|\\ufffe|\\uffff|\xF4\x8F\xBF\xBF"},
	/* invalid UTF-8: one U+FFFD per byte, as the JSON writer does */
	{"a\xC3(b\xFF", 0, "a\xEF\xBF\xBD(b\xEF\xBF\xBD", "a\xEF\xBF\xBD(b\xEF\xBF\xBD"},
	{"株式会社", 0, "株式会社", "株式会社"},
	/* an explicit length: the embedded NUL and what follows are not read */
	{"ab\0cd", 2, "ab", "ab"},
};

static void test_esc_xml(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(xml_cases) / sizeof(xml_cases[0]); i++) {
		const esc_case *c = &xml_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		tl_buf t = TL_BUF_INIT, a = TL_BUF_INIT;
		tl_esc_xml(&t, c->in, len, false);
		tl_esc_xml(&a, c->in, len, true);
		if (strcmp(t.data ? t.data : "", c->text) != 0 || strcmp(a.data ? a.data : "", c->attr) != 0)
			fail_msg("case %zu: text [%s] attr [%s]", i, t.data, a.data);
		tl_buf_free(&t);
		tl_buf_free(&a);
	}
	tl_buf b = TL_BUF_INIT;
	tl_esc_xml_str(&b, NULL, true);
	assert_int_equal(b.len, 0);
	tl_buf_free(&b);
}

static const struct {
	const char *in, *out;
} uri_cases[] = {
	{"decls/semi-012.yaml", "decls/semi-012.yaml"},
	{"a b/c#d?e%f.yaml", "a%20b/c%23d%3Fe%25f.yaml"},
	/* a colon in a relative path would read as a scheme */
	{"c:x.yaml", "c%3Ax.yaml"},
	{"./x~_-.yml", "./x~_-.yml"},
	{"申告.yaml", "%E7%94%B3%E5%91%8A.yaml"},
	{"/abs/path x.yaml", "file:///abs/path%20x.yaml"},
	{"a\\b", "a%5Cb"},
	{"", ""},
};

static void test_esc_uri(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(uri_cases) / sizeof(uri_cases[0]); i++) {
		tl_buf b = TL_BUF_INIT;
		tl_esc_uri(&b, uri_cases[i].in);
		assert_string_equal(b.data ? b.data : "", uri_cases[i].out);
		tl_buf_free(&b);
	}
}

static const struct {
	const char *in;
	bool guard;
	const char *out;
} csv_cases[] = {
	{"plain", true, "plain"},
	{"", true, ""},
	{"a,b", true, "\"a,b\""},
	{"say \"hi\"", true, "\"say \"\"hi\"\"\""},
	{"two\nlines", true, "\"two\nlines\""},
	{"cr\rhere", true, "\"cr\rhere\""},
	/* formula guard: each of = + - @ TAB CR at the start, and not elsewhere */
	{"=1+2", true, "'=1+2"},
	{"+81", true, "'+81"},
	{"-1", true, "'-1"},
	{"@SUM(A1)", true, "'@SUM(A1)"},
	{"\tx", true, "'\tx"},
	{"\rx", true, "\"'\rx\""},
	{"a=1", true, "a=1"},
	{"=1,2", true, "\"'=1,2\""},
	{"=1", false, "=1"},
	{"'quoted'", true, "'quoted'"},
	{"bad\xFF", true, "bad\xEF\xBF\xBD"},
	{"株式会社,X", true, "\"株式会社,X\""},
};

static void test_esc_csv(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(csv_cases) / sizeof(csv_cases[0]); i++) {
		tl_buf b = TL_BUF_INIT;
		tl_esc_csv(&b, csv_cases[i].in, csv_cases[i].guard);
		if (strcmp(b.data ? b.data : "", csv_cases[i].out) != 0)
			fail_msg("case %zu: [%s], expected [%s]", i, b.data, csv_cases[i].out);
		tl_buf_free(&b);
	}
	assert_true(tl_csv_needs_guard("-"));
	assert_false(tl_csv_needs_guard(""));
	assert_false(tl_csv_needs_guard(NULL));
}

static void test_fnv1a(void **state)
{
	(void)state;
	/* the published FNV-1a 64 test vectors */
	assert_true(tl_fnv1a(TL_FNV1A_INIT, "", 0) == UINT64_C(0xcbf29ce484222325));
	assert_true(tl_fnv1a(TL_FNV1A_INIT, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(tl_fnv1a(TL_FNV1A_INIT, "foobar", 6) == UINT64_C(0x85944171f73967e8));
}

/* ---- writers over real results ------------------------------------------------ */

static tlcheck_pack *pack;

static int setup(void **state)
{
	(void)state;
	tlcheck_diags *d = NULL;
	if (tlcheck_pack_load_default(&pack, &d) != 0) {
		for (size_t i = 0; d && i < tlcheck_diags_count(d); i++)
			fprintf(stderr, "%s\n", tlcheck_diags_get(d, i)->rendered);
		tlcheck_diags_free(d);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tlcheck_pack_free(pack);
	return 0;
}

/* One error (DECL-003, line 2), one info (SCOPE-001, line 5), one warning
 * (DECL-008, line 10): a material the measures do not cover. */
static const char small[] = "format: tlcheck-declaration/1\n"
                            "declared_on: 2025-02-30\n"
                            "plan:\n"
                            "  id: P-1\n"
                            "  material: fertilizer\n"
                            "  stage: application\n"
                            "applicant:\n"
                            "  name: X\n"
                            "  corporate_number: \"1180301018771\"\n"
                            "zzz: 1\n";

typedef struct input {
	const char *name;
	const char *text;
	long waive;                  /* index of a finding to waive, or -1 */
} input;

typedef struct run_opts {
	tlcheck_format format;
	const char *lang;
	tlcheck_severity fail_on;
	bool fail_never;
	int exit_status;
} run_opts;

static tlcheck_result *check(const input *in)
{
	tlcheck_result *res = NULL;
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	assert_int_equal(tlcheck_check_buffer(&res, pack, in->name, in->text, strlen(in->text), &co),
	                 0);
	if (in->waive >= 0) {
		assert_true((size_t)in->waive < res->nfindings);
		tlcheck_finding *f = &res->findings[in->waive];
		f->waived = true;
		f->waiver_reason = "accepted <risk> & \"agreed\"";
		f->waiver_approver = "審査 太郎";
		f->waiver_expires = "2026-12-31";
	}
	return res;
}

/* Writes a report of `n` inputs and returns it (free it). */
static char *run(const run_opts *o, const input *in, size_t n)
{
	char *data = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);
	assert_non_null(fp);
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	ro.format = o->format;
	ro.lang = o->lang ? o->lang : "en";
	ro.pack = pack;
	ro.fail_on = o->fail_on;
	ro.fail_never = o->fail_never;
	tlcheck_report *rep = NULL;
	assert_int_equal(tlcheck_report_new(&rep, fp, &ro), 0);
	for (size_t i = 0; i < n; i++) {
		tlcheck_result *res = check(&in[i]);
		assert_int_equal(tlcheck_report_add(rep, res), 0);
		tlcheck_result_free(res);
	}
	assert_int_equal(tlcheck_report_finish(rep, o->exit_status), 0);
	tlcheck_report_free(rep);
	assert_int_equal(fclose(fp), 0);
	/* A copy: gcc 12's -Wdangling-pointer takes the stream's buffer, whose
	 * address variable the stream held, for the local variable itself once
	 * this is inlined (a Release build then warns in every caller). */
	char *copy = strdup(data);
	assert_non_null(copy);
	free(data);
	return copy;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The value of `"key": "` ... up to the closing quote, after `from`. */
static char *json_value_after(const char *from, const char *key)
{
	const char *p = strstr(from, key);
	assert_non_null(p);
	p += strlen(key);
	const char *e = strchr(p, '"');
	assert_non_null(e);
	return strndup(p, (size_t)(e - p));
}

static void test_sarif_basics(void **state)
{
	(void)state;
	input in[] = {{"dir one/small #1.yaml", small, 2}, {"/abs/small.yaml", small, -1}};
	run_opts o = {TLCHECK_FORMAT_SARIF, "en", TLCHECK_ERROR, false, 1};
	char *out = run(&o, in, 2);
	assert_non_null(strstr(out, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(out, "\"columnKind\": \"unicodeCodePoints\""));
	/* every rule of the pack is described */
	assert_int_equal(count(out, "\"defaultConfiguration\""), tlcheck_pack_rule_count(pack));
	/* a relative path stays relative, percent-encoded; an absolute one is a file URI */
	assert_non_null(strstr(out, "\"uri\": \"dir%20one/small%20%231.yaml\", \"uriBaseId\": "
	                            "\"%SRCROOT%\""));
	assert_non_null(strstr(out, "\"uri\": \"file:///abs/small.yaml\"}"));
	/* levels: error, note (info), warning */
	assert_int_equal(count(out, "\"level\": \"note\", \"message\""), 2);
	assert_int_equal(count(out, "\"level\": \"warning\", \"message\""), 2);
	/* the waived finding (the third of the first file) is suppressed, once */
	assert_int_equal(count(out, "\"suppressions\""), 1);
	assert_non_null(strstr(out, "\"kind\": \"external\", \"status\": \"accepted\", "
	                            "\"justification\": \"accepted <risk> & \\\"agreed\\\"\""));
	assert_non_null(strstr(out, "\"region\": {\"startLine\": 2, \"startColumn\": 14}"));
	assert_non_null(strstr(out, "{\"fullyQualifiedName\": \"declared_on\"}"));
	assert_non_null(strstr(out, "\"executionSuccessful\": true, \"exitCode\": 1"));
	free(out);
}

static void test_sarif_exit_status(void **state)
{
	(void)state;
	input in[] = {{"a.yaml", "format: [\n", -1}};
	static const struct {
		int status;
		const char *expect;
	} cases[] = {
		{0, "\"executionSuccessful\": true, \"exitCode\": 0"},
		{1, "\"executionSuccessful\": true, \"exitCode\": 1"},
		{2, "\"executionSuccessful\": false, \"exitCode\": 2"},
	};
	for (size_t i = 0; i < 3; i++) {
		run_opts o = {TLCHECK_FORMAT_SARIF, "en", TLCHECK_ERROR, false, cases[i].status};
		char *out = run(&o, in, 1);
		assert_non_null(strstr(out, cases[i].expect));
		/* a file that cannot be parsed still gets its DECL-000 result */
		assert_int_equal(count(out, "\"ruleId\": \"DECL-000\""), 1);
		free(out);
	}
}

/* Fingerprints hash rule, plan and path: moving the file or shifting its
 * lines keeps them; another plan changes them. */
static void test_sarif_fingerprints(void **state)
{
	(void)state;
	char shifted[sizeof(small) + 64];
	snprintf(shifted, sizeof(shifted), "# a comment\n\n%s", small);
	char other[sizeof(small) + 8];
	snprintf(other, sizeof(other), "%s", small);
	memcpy(strstr(other, "P-1"), "P-2", 3);
	const input a[] = {{"x/a.yaml", small, -1}}, b[] = {{"/elsewhere/b.yaml", shifted, -1}},
	            c[] = {{"x/a.yaml", other, -1}};
	run_opts o = {TLCHECK_FORMAT_SARIF, "en", TLCHECK_ERROR, false, 1};
	char *oa = run(&o, a, 1), *ob = run(&o, b, 1), *oc = run(&o, c, 1);
	char *fa = json_value_after(oa, "\"tlcheck/v1\": \"");
	char *fb = json_value_after(ob, "\"tlcheck/v1\": \"");
	char *fc = json_value_after(oc, "\"tlcheck/v1\": \"");
	assert_string_equal(fa, fb);
	assert_string_not_equal(fa, fc);
	assert_int_equal(strlen(fa), 18); /* 16 hex digits, ':', occurrence */
	assert_string_equal(fa + 16, ":1");
	free(fa);
	free(fb);
	free(fc);
	free(oa);
	free(ob);
	free(oc);
}

/* Two findings of one rule at one path (a rule may report a path twice, with
 * different messages): occurrence numbers keep them apart. */
static void test_sarif_fingerprint_occurrence(void **state)
{
	(void)state;
	input in = {"d.yaml", small, -1};
	tlcheck_result *res = check(&in);
	const tlcheck_finding f0 = res->findings[0];
	tl_pos pos = {f0.line + 1, 1};
	assert_non_null(tl_result_add(res, &pack->rules[f0.rule_index], f0.rule_index, f0.severity,
	                              f0.path, pos, "again", ""));
	char *data = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	ro.format = TLCHECK_FORMAT_SARIF;
	ro.pack = pack;
	tlcheck_report *rep = NULL;
	assert_int_equal(tlcheck_report_new(&rep, fp, &ro), 0);
	assert_int_equal(tlcheck_report_add(rep, res), 0);
	assert_int_equal(tlcheck_report_finish(rep, 1), 0);
	tlcheck_report_free(rep);
	tlcheck_result_free(res);
	fclose(fp);
	char *first = json_value_after(data, "\"tlcheck/v1\": \"");
	char *again = json_value_after(strstr(data, "\"again\""), "\"tlcheck/v1\": \"");
	assert_string_equal(first + 16, ":1");
	assert_string_equal(again + 16, ":2");
	assert_memory_equal(first, again, 16);
	free(first);
	free(again);
	free(data);
}

static const char *case_of(const char *out, const char *rule)
{
	char key[64];
	snprintf(key, sizeof(key), "name=\"%s ", rule);
	const char *p = strstr(out, key);
	assert_non_null(p);
	return p;
}

/* The JUnit verdict follows --fail-on and waivers, like the exit status. */
static void test_junit_fail_on(void **state)
{
	(void)state;
	input in[] = {{"s.yaml", small, -1}};
	run_opts o = {TLCHECK_FORMAT_JUNIT, "en", TLCHECK_ERROR, false, 1};
	char *out = run(&o, in, 1);
	assert_non_null(strstr(out, "<testsuites>\n  <testsuite name=\"s.yaml\" package=\"tlcheck\" "
	                            "id=\"0\""));
	assert_non_null(strstr(out, "failures=\"1\" errors=\"0\""));
	assert_true(strncmp(strstr(case_of(out, "DECL-003"), "time=\"0\"") + 8, ">\n      <failure "
	                    "type=\"error\" message=\"`declared_on`: 2025-02-30 is not", 60) == 0);
	/* the warning does not fail: it is listed in system-out */
	assert_non_null(strstr(case_of(out, "DECL-008"), "time=\"0\"/>"));
	assert_non_null(strstr(out, "<system-out>s.yaml:5:13: info[SCOPE-001] "));
	assert_non_null(strstr(out, "s.yaml:10:1: warning[DECL-008] Unknown key `zzz`"));
	/* a rule that did not apply is skipped */
	assert_non_null(strstr(case_of(out, "TL-A-001"), "<skipped message=\"not applicable\"/>"));
	free(out);

	o.fail_on = TLCHECK_INFO;
	out = run(&o, in, 1);
	assert_non_null(strstr(out, "failures=\"3\" errors=\"0\""));
	assert_non_null(strstr(out, "<system-out></system-out>"));
	free(out);

	o.fail_never = true;
	out = run(&o, in, 1);
	assert_non_null(strstr(out, "failures=\"0\" errors=\"0\""));
	assert_int_equal(count(out, "<failure"), 0);
	free(out);

	/* a waived error does not fail either, and says it is waived */
	input w[] = {{"s.yaml", small, 0}};
	o.fail_never = false;
	o.fail_on = TLCHECK_ERROR;
	out = run(&o, w, 1);
	assert_int_equal(count(out, "<failure"), 0);
	assert_non_null(strstr(out, "  waived: accepted &lt;risk&gt; &amp; &quot;agreed&quot; "
	                            "(approved by 審査 太郎, expires 2026-12-31)"));
	free(out);
}

static void test_junit_escaping(void **state)
{
	(void)state;
	const char *decl = "format: tlcheck-declaration/1\n"
	                   "plan: {id: \"a<b>&\\\"c\\x01\", material: \"m<&>\\x02\\u0007\"}\n";
	input in[] = {{"e<&>.yaml", decl, -1}};
	run_opts o = {TLCHECK_FORMAT_JUNIT, "ja", TLCHECK_ERROR, false, 1};
	char *out = run(&o, in, 1);
	assert_non_null(strstr(out, "name=\"e&lt;&amp;&gt;.yaml\""));
	/* the control character is shown as the text report shows it */
	assert_non_null(strstr(out, "classname=\"a&lt;b&gt;&amp;&quot;c\\x01\""));
	/* no character XML 1.0 forbids survives */
	for (const char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
			fail_msg("control character %#x at offset %td", *p, p - out);
	free(out);
}

static void test_csv(void **state)
{
	(void)state;
	const char *decl = "format: tlcheck-declaration/1\n"
	                   "declared_on: 2025-02-30\n"
	                   "plan: {id: \"=cmd|' /C calc'!A0\", material: fertilizer}\n";
	input in[] = {{"a,b.yaml", decl, -1}, {"s.yaml", small, 1}, {"clean-but-none.yaml", "", -1}};
	run_opts o = {TLCHECK_FORMAT_CSV, "ja", TLCHECK_ERROR, false, 1};
	char *out = run(&o, in, 3);
	const char header[] = "\xEF\xBB\xBF"
	                      "file,plan,material,rule,severity,clause,path,line,column,message,status,"
	                      "waiver_reason,waiver_approved_by,waiver_expires\r\n";
	assert_memory_equal(out, header, sizeof(header) - 1);
	/* every row ends in CRLF, and there is no bare LF */
	assert_int_equal(count(out, "\n"), count(out, "\r\n"));
	assert_non_null(strstr(out, "\r\n\"a,b.yaml\",'=cmd|' /C calc'!A0,fertilizer,DECL-003,error,,"
	                            "declared_on,2,14,"));
	assert_non_null(strstr(out, "\r\ns.yaml,P-1,fertilizer,SCOPE-001,info,,plan.material,5,13,"));
	/* a waived finding with its waiver; an open one with empty waiver fields */
	assert_non_null(strstr(out, ",waived,\"accepted <risk> & \"\"agreed\"\"\",審査 太郎,2026-12-31\r\n"));
	assert_non_null(strstr(out, ",open,,,\r\n"));
	free(out);
}

static void test_html(void **state)
{
	(void)state;
	/* a warning and an info only; then an unknown material (an error); then
	 * a file that cannot be parsed */
	char warn_only[sizeof(small)];
	snprintf(warn_only, sizeof(warn_only), "%s", small);
	memcpy(strstr(warn_only, "2025-02-30"), "2025-02-28", 10);
	const char *decl = "format: tlcheck-declaration/1\n"
	                   "plan: {id: \"<script>alert(1)</script>\", material: \"x</style>\"}\n";
	input in[] = {{"w.yaml", warn_only, 0}, {"x&y.yaml", decl, -1}, {"bad.yaml", "a: [\n", -1}};
	run_opts o = {TLCHECK_FORMAT_HTML, "ja", TLCHECK_ERROR, false, 2};
	char *out = run(&o, in, 3);
	assert_true(strncmp(out, "<!DOCTYPE html>\n<html lang=\"ja\">", 31) == 0);
	assert_null(strstr(out, "<script"));
	assert_int_equal(count(out, "</style>"), 1);
	assert_non_null(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(out, "<span id=\"count-files\">3</span>"));
	assert_non_null(strstr(out, "<span id=\"count-unreadable\">1</span>"));
	assert_non_null(strstr(out, "<span id=\"count-waived\">1</span>"));
	assert_non_null(strstr(out, "<span id=\"exit-status\">2</span>"));
	/* the summary comes first, then every file's section, in input order */
	const char *sum = strstr(out, "id=\"summary\""), *f0 = strstr(out, "id=\"file-0\""),
	           *f1 = strstr(out, "id=\"file-1\""), *f2 = strstr(out, "id=\"file-2\"");
	assert_true(sum && f0 && f1 && f2 && sum < f0 && f0 < f1 && f1 < f2);
	/* in the plans table, plans with errors come first, in input order */
	const char *plans = strstr(out, "<table id=\"plans\">");
	assert_non_null(plans);
	const char *px = strstr(plans, "data-file=\"x&amp;y.yaml\""),
	           *pb = strstr(plans, "data-file=\"bad.yaml\""),
	           *pw = strstr(plans, "data-file=\"w.yaml\"");
	assert_true(px && pb && pw && px < pb && pb < pw);
	/* one evidence row per rule and file */
	assert_int_equal(count(out, "<tr data-rule=\"DECL-000\" data-status="), 3);
	assert_int_equal(count(out, "<tr data-rule=\"FU-001\" data-status="), 3);
	assert_int_equal(count(out, "<tr data-rule=\"DECL-000\" data-status=\"fail\">"), 1);
	/* the excerpt marks the finding's column: line 5, column 13 */
	assert_non_null(strstr(out, "<span class=\"src hit\"><span class=\"ln\">5</span>"
	                            "  material: <mark>f</mark>ertilizer</span>"));
	/* Japanese labels, and the waiver */
	assert_non_null(strstr(out, "<h2>集計</h2>"));
	assert_non_null(strstr(out, "<strong>免除:</strong> accepted &lt;risk&gt;"));
	free(out);

	o.lang = "en";
	out = run(&o, in, 1);
	assert_true(strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0);
	assert_non_null(strstr(out, "<h2>Summary</h2>"));
	assert_non_null(strstr(out, "<svg class=\"chart\" id=\"chart-clause\""));
	assert_non_null(strstr(out, "<svg class=\"chart\" id=\"chart-material\""));
	free(out);
}

/* Columns count characters: the mark lands on the right character after
 * Japanese text. The finding is placed by hand so that only the writer is
 * tested here. */
static void test_html_wide_column(void **state)
{
	(void)state;
	const char *decl = "format: tlcheck-declaration/1\n"
	                   "plan: {id: 計画一, stage: 認定, material: semiconductors}\n";
	input in = {"w.yaml", decl, -1};
	tlcheck_result *res = check(&in);
	res->nfindings = 0;
	tl_pos pos = {2, 24}; /* 計画一 are three characters (nine bytes) */
	assert_non_null(tl_result_add(res, &pack->rules[3], 3, TLCHECK_ERROR, "plan.stage", pos,
	                              "m", ""));
	tl_pos past = {2, 200}; /* past the end of the line: marked at its end */
	assert_non_null(tl_result_add(res, &pack->rules[3], 3, TLCHECK_ERROR, "plan.stage", past,
	                              "m", ""));
	char *data = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	ro.format = TLCHECK_FORMAT_HTML;
	ro.pack = pack;
	tlcheck_report *rep = NULL;
	assert_int_equal(tlcheck_report_new(&rep, fp, &ro), 0);
	assert_int_equal(tlcheck_report_add(rep, res), 0);
	assert_int_equal(tlcheck_report_finish(rep, 1), 0);
	tlcheck_report_free(rep);
	tlcheck_result_free(res);
	fclose(fp);
	assert_non_null(strstr(data, "stage: <mark>認</mark>定"));
	assert_non_null(strstr(data, "semiconductors}<mark class=\"eol\"> </mark></span>"));
	free(data);
}

/* A stream that cannot be written makes finish() return TLCHECK_EIO. */
static void test_write_error(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	for (int fmt = TLCHECK_FORMAT_SARIF; fmt <= TLCHECK_FORMAT_HTML; fmt++) {
		FILE *f = fopen("/dev/full", "w");
		assert_non_null(f);
		tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
		ro.format = (tlcheck_format)fmt;
		ro.pack = pack;
		tlcheck_report *rep = NULL;
		assert_int_equal(tlcheck_report_new(&rep, f, &ro), 0);
		input in = {"s.yaml", small, -1};
		tlcheck_result *res = check(&in);
		tlcheck_report_add(rep, res);
		tlcheck_result_free(res);
		assert_int_equal(tlcheck_report_finish(rep, 1), TLCHECK_EIO);
		tlcheck_report_free(rep);
		fclose(f);
	}
	fclose(fp);
}

/* A library caller may add one file twice (the command line drops the
 * repeat): SARIF still lists it as one artifact, as uniqueItems wants, and
 * both results point at it. */
static void test_sarif_file_twice(void **state)
{
	(void)state;
	run_opts o = {TLCHECK_FORMAT_SARIF, "en", TLCHECK_ERROR, false, 1};
	input in[] = {{"s.yaml", small, -1}, {"t.yaml", small, -1}, {"s.yaml", small, -1}};
	char *out = run(&o, in, 3);
	assert_int_equal(count(out, "{\"location\": {\"uri\": \"s.yaml\""), 1);
	assert_int_equal(count(out, "{\"location\": {\"uri\": \"t.yaml\""), 1);
	free(out);
}

/* An empty batch is still a valid document in every format. */
static void test_empty_batch(void **state)
{
	(void)state;
	run_opts o = {TLCHECK_FORMAT_SARIF, "en", TLCHECK_ERROR, false, 0};
	char *out = run(&o, NULL, 0);
	assert_non_null(strstr(out, "\"results\": [],\n      \"artifacts\": [],\n"));
	free(out);
	o.format = TLCHECK_FORMAT_JUNIT;
	out = run(&o, NULL, 0);
	assert_string_equal(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
	                         "</testsuites>\n");
	free(out);
	o.format = TLCHECK_FORMAT_CSV;
	out = run(&o, NULL, 0);
	assert_string_equal(out, "\xEF\xBB\xBF"
	                         "file,plan,material,rule,severity,clause,path,line,column,message,"
	                         "status,waiver_reason,waiver_approved_by,waiver_expires\r\n");
	free(out);
	o.format = TLCHECK_FORMAT_HTML;
	out = run(&o, NULL, 0);
	assert_non_null(strstr(out, "<span id=\"count-files\">0</span>"));
	assert_non_null(strstr(out, "</html>\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest escaping[] = {
		cmocka_unit_test(test_esc_xml),
		cmocka_unit_test(test_esc_uri),
		cmocka_unit_test(test_esc_csv),
		cmocka_unit_test(test_fnv1a),
	};
	const struct CMUnitTest writers[] = {
		cmocka_unit_test(test_sarif_basics),
		cmocka_unit_test(test_sarif_exit_status),
		cmocka_unit_test(test_sarif_fingerprints),
		cmocka_unit_test(test_sarif_fingerprint_occurrence),
		cmocka_unit_test(test_junit_fail_on),
		cmocka_unit_test(test_junit_escaping),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_wide_column),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_empty_batch),
		cmocka_unit_test(test_sarif_file_twice),
	};
	int failed = cmocka_run_group_tests_name("escaping", escaping, NULL, NULL);
	failed += cmocka_run_group_tests_name("writers", writers, setup, teardown);
	return failed;
}
