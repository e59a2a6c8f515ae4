/* audit.h - what a follow-up needs beyond the findings: counts per ministry and clause,
 * fingerprints, the comparison with a baseline and the state of the waivers. */
#ifndef TL_REPORT_AUDIT_H
#define TL_REPORT_AUDIT_H

#include "../waiver/internal.h"
#include "writer.h"

/* Files of one material or ministry, by outcome (open findings only). */
typedef struct tl_group {
	const char *key;
	size_t files, findings, errors, waived;
	size_t clean, with_warnings, with_errors;
} tl_group;

typedef struct tl_groups {
	tl_group *items;
	size_t count, cap;
} tl_groups;

typedef struct tl_audit {
	tl_arena arena;              /* keys and scopes, for the whole report */
	tl_arena scratch;            /* the current result's fingerprints */
	tl_groups ministries, materials;
	const tlcheck_waivers *waivers;
	tlcheck_baseline *baseline;
	/* The result being written: fingerprints and, with a baseline, the change
	 * of each finding (tlcheck_change). */
	tl_fps fps;
	unsigned char *change;
	bool have_fps;
	/* Baseline counts; resolved ones are known at the end. */
	size_t n_new, n_unchanged, n_resolved, n_not_rechecked, plans_new;
	bool resolved_done;
	const char **scopes;         /* plans checked (scopes), sorted at the end */
	size_t nscopes, capscopes;
	/* The rules this run did not select (--rule, --clause), by id, sorted: an
	 * earlier finding of one was not looked for again, so it is not resolved.
	 * Taken from the first result: a run selects the same rules for all. */
	const char **unselected;
	size_t nunselected;
	bool selection_known;
} tl_audit;

/* Counts one result and prepares its fingerprints; called by tlcheck_report_add
 * before the writer sees the result. Returns 0 or TLCHECK_ENOMEM. */
int tl_audit_add(tlcheck_report *rep, const tlcheck_result *res);
void tl_audit_free(tlcheck_report *rep);

/* JSON pieces, each appended where json.c calls it:
 * - the members added to finding `i` of the result being written;
 * - the members added to the summary (by_ministry, outcomes_by_material,
 *   by_clause, waiver and baseline counts);
 * - the top-level members after the summary ("waivers", "baseline"). */
void tl_audit_json_finding(tlcheck_report *rep, size_t i);
void tl_audit_json_summary(tlcheck_report *rep);
void tl_audit_json_tail(tlcheck_report *rep);

/* Text lines after the summary line: per ministry and clause (batches), the
 * waivers and the baseline comparison (when set). */
void tl_audit_text(tlcheck_report *rep);

/* HTML: the summary's tables per ministry, the baseline counts and the waivers
 * (html_summary.c), and the "new" badge of finding `i` with a baseline (html.c). */
void tl_audit_html(tlcheck_report *rep);
void tl_audit_html_badge(tlcheck_report *rep, size_t i);

/* The change of finding `i` of the result being written, or -1 without a baseline. */
int tl_audit_change(const tlcheck_report *rep, size_t i);

#endif
