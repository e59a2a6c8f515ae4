/* waivers.h - the reviewer's workflow: waivers with expiry, fingerprints, baselines and diffs.
 *
 * A reviewer accepts some findings on purpose, for a reason and for a time:
 *
 *     tlcheck_waivers *w;
 *     tlcheck_diags *diags = NULL;
 *     if (tlcheck_waivers_load_file(&w, "waivers.yaml", "2025-06-30", pack, &diags) != 0)
 *         ... print every diag (file:line:col), stop ...
 *     ... for each result: tlcheck_waivers_apply(w, res); tlcheck_report_add(rep, res); ...
 *     for (size_t i = 0; i < tlcheck_waivers_count(w); i++) {
 *         char *notice = tlcheck_waivers_notice(w, i, "en");   // expired or unused
 *         if (notice) { fprintf(stderr, "%s\n", notice); free(notice); }
 *     }
 *     tlcheck_waivers_free(w);
 *
 * The file format is tlcheck-waivers(5). A finding keeps every field when it
 * is waived: it is only marked, and reports show it with the waiver's reason.
 *
 * Fingerprints identify a finding across runs and across versions of a
 * declaration: they hash the rule, the plan and the finding's path in which
 * list indexes are replaced by the item's `id` (else its `name`), so that
 * reordering partners or acts changes nothing. Baselines (an earlier JSON
 * report) and diffs (two declarations of one plan) match findings by them.
 */
#ifndef TLCHECK_WAIVERS_H
#define TLCHECK_WAIVERS_H

#include "report.h"
#include "tlcheck.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- marking a finding ------------------------------------------------------------ */

/* Marks finding `i` of `res` waived, copying the three strings into the result
 * (NULL is taken as ""). Returns 0, TLCHECK_EINVALID when there is no finding
 * `i`, or TLCHECK_ENOMEM. Not thread-safe for one result. */
TLCHECK_API int tlcheck_result_waive(tlcheck_result *res, size_t i, const char *reason,
                                     const char *approved_by, const char *expires);

/* ---- waiver files ----------------------------------------------------------------- */

typedef struct tlcheck_waivers tlcheck_waivers;

typedef enum tlcheck_waiver_status {
	TLCHECK_WAIVER_ACTIVE = 0,   /* in force and waived at least one finding */
	TLCHECK_WAIVER_UNUSED = 1,   /* in force but matched no finding (so far) */
	TLCHECK_WAIVER_EXPIRED = 2   /* its date has passed: it waives nothing */
} tlcheck_waiver_status;

/* "active", "unused", "expired". Static; do not free. */
TLCHECK_API const char *tlcheck_waiver_status_name(tlcheck_waiver_status s);

/* One entry of a waiver file. Strings are owned by the waiver set. */
typedef struct tlcheck_waiver {
	const char *source;          /* the waiver file, as named when loading */
	uint32_t line, column;       /* where the entry starts in it (1-based) */
	const char *rule;            /* exact rule id */
	const char *plan;            /* plan id it applies to, or NULL */
	const char *file;            /* or the declaration file (see tlcheck-waivers(5)), or NULL */
	const char *path;            /* finding path, or NULL for any path */
	const char *reason;
	const char *approved_by;
	const char *expires;         /* YYYY-MM-DD; valid through this day inclusive */
	tlcheck_waiver_status status;
	size_t waived;               /* findings waived by it so far */
	size_t expired_matches;      /* findings it would have waived but for its expiry */
	long rule_index;             /* its rule in the pack it was loaded with, or -1 (no pack) */
	/* Checks on which its rule did not run for its plan: the rule was not
	 * selected (counted on every check: the selection is the run's, so the
	 * rule checked no plan), or the check of its plan stopped before it. Not
	 * 0: it could not match, and is not unused. */
	size_t unchecked;
} tlcheck_waiver;

/* Loads and validates a waiver file against `today` (YYYY-MM-DD; NULL: the
 * current local date): a waiver whose `expires` is before `today` is expired.
 * When `pack` is not NULL, every rule id must be one of its rules, and not
 * one whose finding stops the check of a file (a load-error rule, or one a
 * stage halts on: the later rules did not check such a file, so waived it
 * would count as clean); without a pack, neither is checked.
 * Every problem is reported with file:line:col in *diags (free with
 * tlcheck_diags_free; NULL when there are none), as a rule pack's are.
 * `pack` is only read during the call. Returns 0; TLCHECK_EIO (unreadable),
 * TLCHECK_EINVALID (malformed; also a malformed `today`), TLCHECK_ENOMEM.
 * Free the set with tlcheck_waivers_free(). */
TLCHECK_API int tlcheck_waivers_load_file(tlcheck_waivers **out, const char *path,
                                          const char *today, const tlcheck_pack *pack,
                                          tlcheck_diags **diags);

/* The same from memory; `name` is used in positions and notices. `data` is
 * not kept. */
TLCHECK_API int tlcheck_waivers_load_buffer(tlcheck_waivers **out, const char *name,
                                            const char *data, size_t len, const char *today,
                                            const tlcheck_pack *pack, tlcheck_diags **diags);

/* Frees the set and every string of its entries; NULL is allowed. Free the
 * reports it was given to (tlcheck_report_set_waivers) first. */
TLCHECK_API void tlcheck_waivers_free(tlcheck_waivers *w);

/* The date the set is judged against (YYYY-MM-DD). Owned by the set. */
TLCHECK_API const char *tlcheck_waivers_today(const tlcheck_waivers *w);

/* Waives every finding of `res` that a waiver in force matches: same rule,
 * same plan (or file), and same path when the waiver names one (a path as
 * findings show it, or its stable form with [id=...]). When several match,
 * one naming a path wins over one that does not, then the earlier in the
 * file. Counts matches in the set (expired waivers count but do not waive).
 * Returns 0 or TLCHECK_ENOMEM. Not thread-safe for one set: call it where the
 * results are delivered (tlcheck_check_files' callback runs on one thread). */
TLCHECK_API int tlcheck_waivers_apply(tlcheck_waivers *w, tlcheck_result *res);

/* Entries in file order, with their status after the results applied so far.
 * Owned by the set: valid until tlcheck_waivers_free(); NULL when i is out of
 * range. */
TLCHECK_API size_t tlcheck_waivers_count(const tlcheck_waivers *w);
TLCHECK_API const tlcheck_waiver *tlcheck_waivers_get(const tlcheck_waivers *w, size_t i);

/* The warning for waiver `i` when it needs attention (expired, or matched
 * nothing over the results applied): `waivers.yaml:12:3: warning: waiver for
 * TL-C-001 on SEMI-2024-012 expired on 2025-03-31`, in `lang` ("ja" or "en").
 * malloc'd (free it); NULL when the waiver is active (or out of memory). */
TLCHECK_API char *tlcheck_waivers_notice(const tlcheck_waivers *w, size_t i, const char *lang);

/* ---- fingerprints ------------------------------------------------------------------- */

/* The finding's path with each list index replaced by the item's id or name
 * when it has one: `partners[name="株式会社部材パートナー"].nda`,
 * `planned_acts[id=ACT1].consultation`; indexes of items with neither stay.
 * malloc'd (free it); NULL when `i` is out of range or memory runs out. */
TLCHECK_API char *tlcheck_finding_stable_path(const tlcheck_result *res, size_t i);

/* "<16 hex digits>:<n>": a 64-bit FNV-1a hash of the rule id, the plan id (or,
 * without one, the file's base name) and the stable path, then the occurrence
 * among the result's findings with the same hash. Same declaration content,
 * same fingerprint, whatever the file is called, where it lies, the line a
 * finding is on or the order of list items with ids or names.
 * malloc'd (free it); NULL when `i` is out of range or memory runs out. */
TLCHECK_API char *tlcheck_finding_fingerprint(const tlcheck_result *res, size_t i);

/* ---- baselines: an earlier JSON report -------------------------------------------------- */

typedef struct tlcheck_baseline tlcheck_baseline;

/* Reads a report written by `tlcheck check --format json` (any version: a
 * report without fingerprints is matched by rule, plan and path as written).
 * Problems go to *diags with positions (free with tlcheck_diags_free; NULL
 * when there are none). Returns 0, TLCHECK_EIO, TLCHECK_EINVALID (not such a
 * report) or TLCHECK_ENOMEM. Free the baseline with tlcheck_baseline_free(). */
TLCHECK_API int tlcheck_baseline_load_file(tlcheck_baseline **out, const char *path,
                                           tlcheck_diags **diags);
/* Frees the baseline; NULL is allowed. Free the report it was given to first. */
TLCHECK_API void tlcheck_baseline_free(tlcheck_baseline *b);

/* Findings of the baseline in all. */
TLCHECK_API size_t tlcheck_baseline_finding_count(const tlcheck_baseline *b);
/* The rule pack the earlier report names (its `rulepack.name`; *version its
 * version), or "" when it names none. Owned by the baseline. */
TLCHECK_API const char *tlcheck_baseline_rulepack(const tlcheck_baseline *b, const char **version);
/* True when the earlier report left rules out (--rule, --clause: a rule of one
 * of its results is `not_selected`): this run's findings of those rules have
 * nothing to be matched with there, and count as new. */
TLCHECK_API bool tlcheck_baseline_partial(const tlcheck_baseline *b);

/* ---- reports: waivers and baseline ------------------------------------------------------ */

/* Shows the waiver set in the report: JSON carries a top-level "waivers" array
 * with every entry's status and notice, text a line of counts. Call before
 * the first tlcheck_report_add; `w` must outlive the report. */
TLCHECK_API int tlcheck_report_set_waivers(tlcheck_report *rep, const tlcheck_waivers *w);

/* Compares the report's results with `b`: each finding becomes "new" or
 * "unchanged" (JSON: "baseline" on the finding); each earlier finding of a
 * plan checked again but absent now is "resolved" (JSON: a top-level
 * "baseline" object lists them); the summaries count them. Earlier findings of
 * plans not checked this time are counted apart, never as resolved.
 * Call before the first tlcheck_report_add; the report marks `b` as results
 * come (use one baseline with one report), and `b` must outlive it. */
TLCHECK_API int tlcheck_report_set_baseline(tlcheck_report *rep, tlcheck_baseline *b);

/* ---- diffs: two declarations of one plan ------------------------------------------------- */

typedef enum tlcheck_change {
	TLCHECK_CHANGE_NEW = 0,        /* in the new declaration only */
	TLCHECK_CHANGE_RESOLVED = 1,   /* in the old declaration only */
	TLCHECK_CHANGE_UNCHANGED = 2,  /* in both */
	/* in the old declaration only, and its rule did not check the new one:
	 * the new file could not be read, or a rule stopped its check (not a
	 * declaration, an unknown material) before this rule's stage */
	TLCHECK_CHANGE_NOT_RECHECKED = 3
} tlcheck_change;

/* "new", "resolved", "unchanged", "not_rechecked". Static; do not free. */
TLCHECK_API const char *tlcheck_change_name(tlcheck_change c);

typedef struct tlcheck_diff tlcheck_diff;

/* One entry of a diff: the findings point into the two results, the strings
 * are owned by the diff. */
typedef struct tlcheck_diff_entry {
	tlcheck_change change;
	const tlcheck_finding *finding;  /* the new declaration's; the old one's when resolved */
	const tlcheck_finding *old;      /* unchanged: the old declaration's; else NULL */
	const char *stable_path;
	const char *fingerprint;         /* as check reports it: with the plan of its declaration
	                                    (the match itself leaves the plan out) */
} tlcheck_diff_entry;

/* Matches the findings of two results of the same plan by rule and stable
 * path (never by line). Entries: new ones, then resolved, then unchanged, each
 * in its declaration's finding order. The diff points into both results: free
 * it (tlcheck_diff_free) before them. Returns 0 or TLCHECK_ENOMEM. */
TLCHECK_API int tlcheck_diff_results(tlcheck_diff **out, const tlcheck_result *old_res,
                                     const tlcheck_result *new_res);
/* The number of entries of the diff, numbered 0 to count - 1. */
TLCHECK_API size_t tlcheck_diff_count(const tlcheck_diff *d);
/* Owned by the diff; valid until tlcheck_diff_free(). NULL when i is out of range. */
TLCHECK_API const tlcheck_diff_entry *tlcheck_diff_get(const tlcheck_diff *d, size_t i);
/* Entries with this change. */
TLCHECK_API size_t tlcheck_diff_changes(const tlcheck_diff *d, tlcheck_change c);
/* Frees the diff (not the results); NULL is allowed. */
TLCHECK_API void tlcheck_diff_free(tlcheck_diff *d);

/* Writes the diff as text (compiler-style lines marked +, - and =), JSON, or
 * a self-contained HTML page (TLCHECK_FORMAT_TEXT, _JSON, _HTML; other formats
 * give TLCHECK_EINVALID). `pack` (may be NULL) names rules in HTML and JSON.
 * `fp` stays the caller's (not closed). Returns 0 or TLCHECK_EIO when writing
 * failed. */
TLCHECK_API int tlcheck_diff_write(FILE *fp, const tlcheck_diff *d, tlcheck_format format,
                                   const tlcheck_pack *pack, const char *lang);

#ifdef __cplusplus
}
#endif

#endif
