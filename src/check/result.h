/* result.h - the findings and rule statuses of one checked file (private layout). */
#ifndef TL_RESULT_H
#define TL_RESULT_H

#include "../pack/pack.h"
#include "../util/arena.h"
#include "../yaml/doc.h"
#include "check.h"
#include "tlcheck/tlcheck.h"

struct tlcheck_result {
	tl_arena arena;
	const char *file;
	const char *plan;
	const char *material;
	const char *ministry;
	bool load_failed;
	bool halted;                 /* a rule that stops the check fired: later stages did not run */
	tl_doc *doc;                 /* NULL when loading failed */
	const char *err_line;        /* the source line of a load error, if any */
	uint32_t err_line_no;
	tlcheck_finding *findings;
	size_t nfindings, capfindings;
	unsigned char *status;       /* tlcheck_rule_status per rule of the pack */
	/* Per rule: 1 when the rule did not check this file because the file was
	 * not loaded or an earlier rule stopped the check (its status is then
	 * not_applicable, as for a rule that ran and found nothing to look at). */
	unsigned char *skipped;
	size_t nrules;
	/* batch.c: the next result lent to the caller and waiting to be freed by
	 * the worker thread that made it. */
	tlcheck_result *lent_next;
	tl_file_id id;               /* the file read, when it could be opened */
};

/* Whether rule `ri` did not check the file (see `skipped`). */
static inline bool tl_result_rule_skipped(const tlcheck_result *res, long ri)
{
	return ri >= 0 && (size_t)ri < res->nrules && res->skipped && res->skipped[ri];
}

/* Adds a finding; strings are copied into the result. Returns NULL when out of memory. */
tlcheck_finding *tl_result_add(tlcheck_result *res, const tl_rule *rule, long rule_index,
                               tlcheck_severity sev, const char *path, tl_pos pos,
                               const char *message, const char *remediation);
/* Sorts findings by line, column, rule id (stable). Returns 0, or TL_ENOMEM
 * with the findings as they were. */
int tl_result_sort(tlcheck_result *res);

#endif
