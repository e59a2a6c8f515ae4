/* junit.c - JUnit XML: a test suite per declaration, a test case per rule of the pack. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../check/result.h"
#include "../util/term.h"
#include "escape.h"
#include "writer.h"

/* The document is valid under both the strict Ant schema (JUnit.xsd) and the
 * Jenkins xUnit one, so <testsuites> has no attributes, and every suite has a
 * timestamp, hostname, <properties>, <system-out> and <system-err>. */

typedef struct junit_state {
	char timestamp[32];          /* YYYY-MM-DDTHH:MM:SS, UTC, no zone (as JUnit.xsd wants) */
} junit_state;

/* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the timestamp, so that the
 * same inputs can give the same bytes. A value that is not a whole number of
 * seconds from 1970 to the end of 9999 (a four-digit year, as the JUnit
 * schemas' xs:dateTime without a zone wants) is ignored, as an unset one. */
#define LAST_SECOND_OF_9999 253402300799LL

static void set_timestamp(junit_state *st)
{
	time_t now = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde >= '0' && *sde <= '9') {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && errno == 0 && v <= LAST_SECOND_OF_9999)
			now = (time_t)v;
	}
	struct tm tm;
	if (!gmtime_r(&now, &tm) ||
	    strftime(st->timestamp, sizeof(st->timestamp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		memcpy(st->timestamp, "1970-01-01T00:00:00", 20);
}

static void attr(tl_buf *b, const char *name, const char *value)
{
	tl_buf_printf(b, " %s=\"", name);
	tl_esc_xml_str(b, value, true);
	tl_buf_putc(b, '"');
}

static void property(tl_buf *b, const char *name, const char *value)
{
	tl_buf_puts(b, "      <property");
	attr(b, "name", name);
	attr(b, "value", value);
	tl_buf_puts(b, "/>\n");
}

/* One finding as text: the text format's first line, then its path, waiver and
 * remediation. Every finding of a file is written once, in a <failure>, an
 * <error> or the suite's <system-out>. What comes from the declaration, a file
 * name or a waiver is escaped as the text report escapes it (tlcheck(1)): a
 * line break in a key cannot start a line that reads as another finding. */
static void finding_text(tlcheck_report *rep, const tlcheck_result *res, const tlcheck_finding *f)
{
	tl_buf line = TL_BUF_INIT;
	tl_term_escape_str(&line, res->file);
	tl_buf_printf(&line, ":%u:%u: %s[%s]", f->line, f->column, tlcheck_severity_name(f->severity),
	              f->rule);
	if (f->clause[0])
		tl_buf_printf(&line, " %s", f->clause);
	tl_buf_putc(&line, ' ');
	tl_term_escape_str(&line, f->message);
	tl_buf_puts(&line, rep->ja ? "\n  パス: " : "\n  path: ");
	tl_term_escape_str(&line, f->path[0] ? f->path : "(root)");
	tl_buf_putc(&line, '\n');
	if (f->waived) {
		tl_buf_puts(&line, rep->ja ? "  免除: " : "  waived: ");
		tl_term_escape_str(&line, f->waiver_reason);
		tl_buf_puts(&line, rep->ja ? " (承認 " : " (approved by ");
		tl_term_escape_str(&line, f->waiver_approver);
		tl_buf_puts(&line, rep->ja ? "、期限 " : ", expires ");
		tl_term_escape_str(&line, f->waiver_expires);
		tl_buf_puts(&line, ")\n");
	}
	if (f->remediation && f->remediation[0]) {
		tl_buf_puts(&line, rep->ja ? "  対応: " : "  help: ");
		tl_term_escape_str(&line, f->remediation);
		tl_buf_putc(&line, '\n');
	}
	if (line.oom)
		rep->out.oom = true;
	tl_esc_xml(&rep->out, line.data ? line.data : "", line.len, false);
	tl_buf_free(&line);
}

typedef enum case_kind { CASE_PASS, CASE_FAILURE, CASE_ERROR, CASE_SKIPPED } case_kind;

/* How a rule's test case ends: a failure only when one of its findings fails
 * the check (--fail-on, waivers), so that the JUnit verdict matches the exit
 * status; findings that do not fail go to <system-out>. */
static case_kind case_of(const tlcheck_report *rep, const tlcheck_result *res, size_t rule)
{
	switch (tlcheck_result_rule_status(res, rule)) {
	case TLCHECK_PASS: return CASE_PASS;
	case TLCHECK_RULE_ERROR: return CASE_ERROR;
	case TLCHECK_NOT_APPLICABLE:
	case TLCHECK_NOT_SELECTED: return CASE_SKIPPED;
	case TLCHECK_FAIL: break;
	}
	bool any = false;
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		if (f->rule_index != (long)rule)
			continue;
		any = true;
		if (tl_finding_fails(rep, f))
			return CASE_FAILURE;
	}
	return any ? CASE_PASS : CASE_FAILURE;
}

/* The message attribute: the first finding's message, and how many more. */
static void headline(tlcheck_report *rep, const tlcheck_result *res, size_t rule)
{
	const tlcheck_finding *first = NULL;
	size_t n = 0;
	for (size_t i = 0; i < res->nfindings; i++) {
		if (res->findings[i].rule_index != (long)rule)
			continue;
		if (!first)
			first = &res->findings[i];
		n++;
	}
	tl_buf *b = &rep->out;
	tl_buf_puts(b, " message=\"");
	tl_esc_xml_str(b, first ? first->message : tl_report_rule_title(rep, (long)rule), true);
	if (n > 1)
		tl_buf_printf(b, rep->ja ? " (他 %zu 件)" : " (+%zu more)", n - 1);
	tl_buf_putc(b, '"');
}

static const char *worst_severity(const tlcheck_result *res, size_t rule)
{
	tlcheck_severity worst = TLCHECK_INFO;
	for (size_t i = 0; i < res->nfindings; i++)
		if (res->findings[i].rule_index == (long)rule && res->findings[i].severity > worst)
			worst = res->findings[i].severity;
	return tlcheck_severity_name(worst);
}

static void findings_of(tlcheck_report *rep, const tlcheck_result *res, size_t rule)
{
	for (size_t i = 0; i < res->nfindings; i++)
		if (res->findings[i].rule_index == (long)rule)
			finding_text(rep, res, &res->findings[i]);
}

static void test_case(tlcheck_report *rep, const tlcheck_result *res, size_t rule, case_kind k)
{
	tl_buf *b = &rep->out;
	const tlcheck_pack *p = rep->opts.pack;
	const char *plan = tlcheck_result_plan(res);
	tl_buf_puts(b, "    <testcase");
	attr(b, "classname", plan[0] ? plan : res->file);
	tl_buf_puts(b, " name=\"");
	tl_esc_xml_str(b, p->rules[rule].id, true);
	tl_buf_putc(b, ' ');
	tl_esc_xml_str(b, tl_report_rule_title(rep, (long)rule), true);
	tl_buf_puts(b, "\" time=\"0\"");
	switch (k) {
	case CASE_PASS:
		tl_buf_puts(b, "/>\n");
		return;
	case CASE_SKIPPED: {
		bool na = tlcheck_result_rule_status(res, rule) == TLCHECK_NOT_APPLICABLE;
		tl_buf_puts(b, ">\n      <skipped");
		attr(b, "message", na ? (rep->ja ? "対象外" : "not applicable")
		                      : (rep->ja ? "選択されていません" : "not selected"));
		tl_buf_puts(b, "/>\n    </testcase>\n");
		return;
	}
	case CASE_FAILURE:
		tl_buf_puts(b, ">\n      <failure");
		attr(b, "type", worst_severity(res, rule));
		headline(rep, res, rule);
		tl_buf_puts(b, ">");
		findings_of(rep, res, rule);
		tl_buf_puts(b, "</failure>\n    </testcase>\n");
		return;
	case CASE_ERROR:
		tl_buf_puts(b, ">\n      <error type=\"rule_error\"");
		headline(rep, res, rule);
		tl_buf_puts(b, ">");
		findings_of(rep, res, rule);
		tl_buf_puts(b, "</error>\n    </testcase>\n");
		return;
	}
}

static int junit_begin(tlcheck_report *rep)
{
	junit_state *st = calloc(1, sizeof(*st));
	if (!st)
		return TLCHECK_ENOMEM;
	set_timestamp(st);
	rep->state = st;
	tl_buf_puts(&rep->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	return 0;
}

static int junit_file(tlcheck_report *rep, const tlcheck_result *res)
{
	junit_state *st = rep->state;
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	size_t counts[4] = {0, 0, 0, 0};
	case_kind *kinds = malloc((p->nrules ? p->nrules : 1) * sizeof(*kinds));
	if (!kinds)
		return TLCHECK_ENOMEM;
	for (size_t r = 0; r < p->nrules; r++) {
		kinds[r] = case_of(rep, res, r);
		counts[kinds[r]]++;
	}
	tl_buf_puts(b, "  <testsuite");
	attr(b, "name", res->file);
	tl_buf_printf(b,
	              " package=\"tlcheck\" id=\"%zu\" timestamp=\"%s\" hostname=\"localhost\" "
	              "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"0\">\n",
	              rep->nresults, st->timestamp, p->nrules, counts[CASE_FAILURE],
	              counts[CASE_ERROR], counts[CASE_SKIPPED]);
	tl_buf_puts(b, "    <properties>\n");
	property(b, "plan", tlcheck_result_plan(res));
	property(b, "material", tlcheck_result_material(res));
	property(b, "ministry", tlcheck_result_ministry(res));
	property(b, "loaded", res->load_failed ? "false" : "true");
	property(b, "rulepack", p->name);
	property(b, "rulepack_version", p->version);
	property(b, "tlcheck_version", tlcheck_version());
	tl_buf_puts(b, "    </properties>\n");
	for (size_t r = 0; r < p->nrules; r++)
		test_case(rep, res, r, kinds[r]);
	/* Findings of rules whose test case passed (below --fail-on, or waived). */
	tl_buf_puts(b, "    <system-out>");
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		bool listed = f->rule_index >= 0 && (size_t)f->rule_index < p->nrules &&
		              (kinds[f->rule_index] == CASE_FAILURE || kinds[f->rule_index] == CASE_ERROR);
		if (!listed)
			finding_text(rep, res, f);
	}
	tl_buf_puts(b, "</system-out>\n    <system-err></system-err>\n  </testsuite>\n");
	free(kinds);
	return 0;
}

static int junit_end(tlcheck_report *rep, int exit_status)
{
	(void)exit_status;
	tl_buf_puts(&rep->out, "</testsuites>\n");
	return 0;
}

static void junit_free(tlcheck_report *rep)
{
	free(rep->state);
	rep->state = NULL;
}

const tl_writer tl_writer_junit = {junit_begin, junit_file, junit_end, junit_free};
