/* fuzz_check.c - fuzz target: the whole check of one declaration against the default pack, and its report. */
#include <string.h>

#include "fuzz.h"
#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"
#include "util/utf8.h"

static tlcheck_pack *pack;
static FILE *sink;

static void cleanup(void)
{
	tlcheck_pack_free(pack);
	if (sink)
		fclose(sink);
}

static void init(void)
{
	tlcheck_diags *diags = NULL;
	if (tlcheck_pack_load_default(&pack, &diags) != 0) {
		fprintf(stderr, "fuzz_check: the default pack does not load\n");
		abort();
	}
	tlcheck_diags_free(diags);
	sink = fopen("/dev/null", "w");
	FUZZ_ASSERT(sink != NULL);
	atexit(cleanup);
}

/* Writes the result in one of the six formats, chosen by the input's length
 * so that every format sees every kind of input over a run. */
static void report(const tlcheck_result *res, size_t size)
{
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	tlcheck_report *rep = NULL;

	ro.format = (tlcheck_format)(size % 6);
	ro.lang = size % 12 < 6 ? "en" : "ja";
	ro.pack = pack;
	if (tlcheck_report_new(&rep, sink, &ro) != 0)
		return;
	FUZZ_ASSERT(tlcheck_report_add(rep, res) == 0);
	tlcheck_summary sum;
	tlcheck_report_summary(rep, &sum);
	FUZZ_ASSERT(sum.files == 1);
	(void)tlcheck_report_finish(rep, 0);
	tlcheck_report_free(rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	tlcheck_check_options opts = TLCHECK_CHECK_OPTIONS_INIT;
	tlcheck_result *res = NULL;

	if (!ready) {
		init();
		ready = 1;
	}
	opts.lang = size % 2 ? "ja" : "en";
	int rc = tlcheck_check_buffer(&res, pack, "fuzz.yaml", (const char *)data, size, &opts);
	FUZZ_ASSERT(rc == 0 || rc == TLCHECK_ENOMEM);
	if (rc != 0)
		return 0;
	size_t n = tlcheck_result_finding_count(res);
	bool load_failed = tlcheck_result_load_failed(res);
	/* A file that cannot be loaded gets its positioned DECL-000 finding. */
	bool decl000 = false;
	for (size_t i = 0; i < n; i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		FUZZ_ASSERT(f && f->rule && f->message && f->path && f->clause);
		FUZZ_ASSERT(f->line >= 1);
		FUZZ_ASSERT(tl_utf8_check(f->message, strlen(f->message)) == strlen(f->message));
		if (strcmp(f->rule, "DECL-000") == 0)
			decl000 = true;
		const char *text;
		size_t len;
		(void)tlcheck_result_source_line(res, f->line, &text, &len);
		if (i > 0) { /* stable order: line, column, rule */
			const tlcheck_finding *p = tlcheck_result_finding(res, i - 1);
			FUZZ_ASSERT(p->line < f->line || (p->line == f->line && p->column <= f->column));
		}
	}
	FUZZ_ASSERT(!load_failed || decl000);
	(void)tlcheck_result_plan(res);
	(void)tlcheck_result_material(res);
	(void)tlcheck_result_ministry(res);
	for (size_t r = 0; r < tlcheck_pack_rule_count(pack); r++)
		(void)tlcheck_result_rule_status(res, r);
	report(res, size);
	tlcheck_result_free(res);
	return 0;
}
