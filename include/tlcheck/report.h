/* report.h - writing check results: text, JSON, SARIF, JUnit, CSV, HTML.
 *
 * One report is one output document. Results are added one at a time, in the
 * order they should appear, and written as soon as the format allows (text,
 * JSON, CSV, JUnit and SARIF stream; HTML keeps a summary and writes it first
 * at the end). A report never reads a declaration again: everything comes from
 * the results.
 */
#ifndef TLCHECK_REPORT_H
#define TLCHECK_REPORT_H

#include "tlcheck.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tlcheck_format {
	TLCHECK_FORMAT_TEXT,
	TLCHECK_FORMAT_JSON,
	TLCHECK_FORMAT_SARIF,
	TLCHECK_FORMAT_JUNIT,
	TLCHECK_FORMAT_CSV,
	TLCHECK_FORMAT_HTML
} tlcheck_format;

/* Parses "text", "json", "sarif", "junit", "csv", "html"; -1 otherwise. */
TLCHECK_API int tlcheck_format_parse(const char *name);

/* Options of a report. Start from TLCHECK_REPORT_OPTIONS_INIT (see the
 * versioning note in tlcheck.h). The struct is copied, but `lang` and `pack`
 * are kept by pointer: both must outlive the report. */
typedef struct tlcheck_report_options {
	unsigned version;            /* TLCHECK_REPORT_OPTIONS_VERSION; any other value makes
	                                tlcheck_report_new() return TLCHECK_EINVALID */
	tlcheck_format format;
	const char *lang;            /* "en" or "ja" */
	bool color;                  /* text only: ANSI colours */
	bool summary;                /* text only: the closing summary line(s) */
	const tlcheck_pack *pack;    /* the pack used (rule metadata); must outlive the report */
	tlcheck_severity fail_on;    /* for JUnit/SARIF: which findings are failures */
	bool fail_never;             /* --fail-on never */
} tlcheck_report_options;

#define TLCHECK_REPORT_OPTIONS_VERSION 1
#define TLCHECK_REPORT_OPTIONS_INIT \
	{TLCHECK_REPORT_OPTIONS_VERSION, TLCHECK_FORMAT_TEXT, "en", false, true, NULL, TLCHECK_ERROR, false}

typedef struct tlcheck_report tlcheck_report;

/* Starts a report written to `fp`, which stays the caller's: the report never
 * closes it, and it must stay open until tlcheck_report_finish(). Sets *out
 * (free it with tlcheck_report_free()). Returns 0, TLCHECK_EINVALID (no pack,
 * or an unknown format; *out is then NULL) or TLCHECK_ENOMEM. */
TLCHECK_API int tlcheck_report_new(tlcheck_report **out, FILE *fp, const tlcheck_report_options *opts);

/* Adds one file's result. The result is not kept: the caller still owns it
 * and may free it as soon as this returns. Returns 0 or TLCHECK_ENOMEM; a
 * failed write is reported by tlcheck_report_finish(). */
TLCHECK_API int tlcheck_report_add(tlcheck_report *rep, const tlcheck_result *res);

/* Ends the document (summary, closing brackets). `exit_status` is recorded in
 * formats that carry it (SARIF's invocation). Returns 0, or TLCHECK_EIO when a
 * write to the stream failed at any point. */
TLCHECK_API int tlcheck_report_finish(tlcheck_report *rep, int exit_status);

/* Whether what the report has written so far ends inside a line (its last
 * byte is not a line break): JSON and SARIF leave a result's closing brace
 * there until the next one. Something drawn on the same screen now, such as
 * a progress line, would share that row, and erasing it would erase the
 * report's text too. */
TLCHECK_API bool tlcheck_report_mid_line(const tlcheck_report *rep);

/* Frees the report (not its stream, nor the pack); NULL is allowed. Freeing a
 * report that was not finished leaves an incomplete document on the stream. */
TLCHECK_API void tlcheck_report_free(tlcheck_report *rep);

/* Counts so far (after tlcheck_report_add calls), copied into *out. */
typedef struct tlcheck_summary {
	size_t files;
	size_t failed_files;         /* could not be read or parsed */
	size_t findings[3];          /* by tlcheck_severity, waived ones excluded */
	size_t waived;
	size_t files_clean, files_with_warnings, files_with_errors;
} tlcheck_summary;

/* Copies the counts so far into *out, the caller's; nothing to free. */
TLCHECK_API void tlcheck_report_summary(const tlcheck_report *rep, tlcheck_summary *out);

#ifdef __cplusplus
}
#endif

#endif
