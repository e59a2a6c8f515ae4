/* writer.h - the interface every output format implements, driven by report.c. */
#ifndef TL_WRITER_H
#define TL_WRITER_H

#include <stdio.h>

#include "../pack/pack.h"
#include "../util/buf.h"
#include "tlcheck/report.h"

typedef struct tl_report_stats {
	/* per rule of the pack: how many findings (not waived) */
	size_t *by_rule;
	size_t nrules;
	/* per material code: files and findings */
	struct tl_mat_count {
		const char *code;
		size_t files, findings, errors;   /* errors: error findings */
		size_t files_with_errors;
		size_t files_failing;   /* with an open error, or unreadable */
	} *by_material;
	size_t nmaterials, capmaterials;
	tl_arena arena;
} tl_report_stats;

struct tlcheck_report {
	tlcheck_report_options opts;
	FILE *fp;
	const struct tl_writer *w;
	void *state;                 /* the writer's own */
	tl_buf out;                  /* writers append here; report.c flushes it */
	bool mid_line;               /* the last byte written is not a line break */
	bool io_error;
	bool ja;
	size_t nresults;             /* results added so far */
	tlcheck_summary sum;
	tl_report_stats stats;
	struct tl_audit *audit;      /* audit numbers, fingerprints, baseline, waivers (audit.h) */
};

typedef struct tl_writer {
	int (*begin)(tlcheck_report *rep);
	int (*file)(tlcheck_report *rep, const tlcheck_result *res);
	int (*end)(tlcheck_report *rep, int exit_status);
	void (*free)(tlcheck_report *rep);
} tl_writer;

extern const tl_writer tl_writer_text, tl_writer_json, tl_writer_sarif, tl_writer_junit,
	tl_writer_csv, tl_writer_html;

/* Writes what the writer appended to rep->out and empties it. */
void tl_report_flush(tlcheck_report *rep);

/* Text a writer sets aside until what goes before it is written (a summary at
 * the top, a list after all the results): in a temporary file, so that memory
 * does not grow with the batch, or in memory when tmpfile() is unavailable. */
typedef struct tl_spool {
	FILE *fp;
	tl_buf mem;
} tl_spool;

void tl_spool_open(tl_spool *sp);
/* Appends `len` bytes; TLCHECK_ENOMEM, or 0 with rep->io_error set when the
 * temporary file could not take them. */
int tl_spool_put(tlcheck_report *rep, tl_spool *sp, const char *data, size_t len);
/* Writes rep->out, then the spool's text, to the report's file (rep->io_error
 * set on an error). */
void tl_spool_copy(tlcheck_report *rep, tl_spool *sp);
void tl_spool_free(tl_spool *sp);

/* Helpers shared by the writers. */
const char *tl_report_rule_title(const tlcheck_report *rep, long rule_index);
bool tl_finding_fails(const tlcheck_report *rep, const tlcheck_finding *f);

#endif
