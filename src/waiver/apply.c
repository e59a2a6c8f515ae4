/* apply.c - waiving the findings a waiver in force matches, and the notices for stale waivers. */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "../util/term.h"
#include "internal.h"

const char *tlcheck_waiver_status_name(tlcheck_waiver_status s)
{
	switch (s) {
	case TLCHECK_WAIVER_ACTIVE: return "active";
	case TLCHECK_WAIVER_EXPIRED: return "expired";
	default: return "unused";
	}
}

/* `file: semi-012.yaml` names decls/semi-012.yaml too: a waiver file is kept
 * apart from the declarations and cannot know where they will be checked from. */
static bool file_matches(const char *checked, const char *named)
{
	while (strncmp(checked, "./", 2) == 0)
		checked += 2;
	size_t lc = strlen(checked), ln = strlen(named);
	if (lc == ln)
		return strcmp(checked, named) == 0;
	return lc > ln && checked[lc - ln - 1] == '/' && strcmp(checked + lc - ln, named) == 0;
}

static bool scope_matches(const tlcheck_waiver *wv, const tlcheck_result *res)
{
	if (wv->plan)
		return strcmp(wv->plan, tlcheck_result_plan(res)) == 0;
	return wv->file && file_matches(tlcheck_result_file(res), wv->file);
}

/* The path a waiver names and finding f's, compared; the stable form of f's
 * path ([id=ACT1], which survives reordering) is computed into `stable` the
 * first time a waiver needs it. Sets *rc on running out of memory. */
typedef struct path_match {
	const tl_node *root;
	tl_buf stable;
	tl_path_index ix;
	bool have_stable;
} path_match;

static bool waiver_matches(const tlcheck_waiver *wv, const tlcheck_finding *f,
                           const tlcheck_result *res, path_match *pm, int *rc)
{
	if (strcmp(wv->rule, f->rule) != 0 || !scope_matches(wv, res))
		return false;
	if (!wv->path || strcmp(wv->path, f->path) == 0)
		return true;
	if (!pm->have_stable) {
		tl_buf_reset(&pm->stable);
		if (!tl_path_stabilize_ix(&pm->stable, pm->root, f->path, &pm->ix)) {
			tl_buf_reset(&pm->stable);
			tl_buf_puts(&pm->stable, f->path);
		}
		tl_buf_putc(&pm->stable, '\0');
		pm->have_stable = true;
	}
	if (pm->stable.oom) {
		*rc = TLCHECK_ENOMEM;
		return false;
	}
	return strcmp(wv->path, pm->stable.data) == 0;
}

int tlcheck_waivers_apply(tlcheck_waivers *w, tlcheck_result *res)
{
	if (!w || !res || w->count == 0)
		return 0;
	size_t n = tlcheck_result_finding_count(res);
	path_match pm = {res->doc ? tl_doc_root(res->doc) : NULL, TL_BUF_INIT, TL_PATH_INDEX_INIT,
	                 false};
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		long best = -1;
		bool expired = false;
		pm.have_stable = false;
		for (size_t k = 0; k < w->count && rc == 0; k++) {
			tlcheck_waiver *wv = &w->items[k];
			if (!waiver_matches(wv, f, res, &pm, &rc))
				continue;
			if (wv->status == TLCHECK_WAIVER_EXPIRED) {
				expired = true;
				continue;
			}
			wv->status = TLCHECK_WAIVER_ACTIVE;
			/* A waiver naming the path is more precise than one for any path. */
			if (best < 0 || (wv->path && !w->items[best].path))
				best = (long)k;
		}
		if (rc == 0 && best >= 0) {
			tlcheck_waiver *wv = &w->items[best];
			rc = tlcheck_result_waive(res, i, wv->reason, wv->approved_by, wv->expires);
			if (rc == 0)
				wv->waived++;
		} else if (rc == 0 && expired) {
			/* Not waived: the expired waivers it matches say so (one a waiver
			 * in force still waives is no loss to report). */
			for (size_t k = 0; k < w->count && rc == 0; k++) {
				tlcheck_waiver *wv = &w->items[k];
				if (wv->status == TLCHECK_WAIVER_EXPIRED && waiver_matches(wv, f, res, &pm, &rc))
					wv->expired_matches++;
			}
		}
	}
	tl_buf_free(&pm.stable);
	tl_path_index_free(&pm.ix);
	/* A waiver whose rule did not run on its plan could not match: not unused.
	 * A rule left out by --rule or --clause is left out of the whole run, so
	 * it checked no plan, this waiver's whether or not it is in the batch; a
	 * check that stopped before the rule's stage is this plan's alone. */
	for (size_t k = 0; k < w->count && rc == 0; k++) {
		tlcheck_waiver *wv = &w->items[k];
		if (wv->rule_index < 0)
			continue;
		if (tlcheck_result_rule_status(res, (size_t)wv->rule_index) == TLCHECK_NOT_SELECTED ||
		    (scope_matches(wv, res) && tl_result_rule_skipped(res, wv->rule_index)))
			wv->unchecked++;
	}
	return rc;
}

size_t tlcheck_waivers_count(const tlcheck_waivers *w)
{
	return w ? w->count : 0;
}

const tlcheck_waiver *tlcheck_waivers_get(const tlcheck_waivers *w, size_t i)
{
	return w && i < w->count ? &w->items[i] : NULL;
}

char *tlcheck_waivers_notice(const tlcheck_waivers *w, size_t i, const char *lang)
{
	const tlcheck_waiver *wv = tlcheck_waivers_get(w, i);
	if (!wv || wv->status == TLCHECK_WAIVER_ACTIVE)
		return NULL;
	bool ja = lang && strcmp(lang, "ja") == 0;
	const char *on = wv->plan ? wv->plan : wv->file;
	tl_buf b = TL_BUF_INIT;

	/* For a terminal: the plan id and the path may be copied from a
	 * declaration, and are escaped as the text report escapes them. */
	tl_term_escape_str(&b, wv->source);
	tl_buf_printf(&b, ":%u:%u: %s: ", wv->line, wv->column, ja ? "警告" : "warning");
	if (ja) {
		tl_term_escape_str(&b, on);
		tl_buf_putc(&b, ' ');
		if (wv->path) {
			tl_buf_puts(&b, "の ");
			tl_term_escape_str(&b, wv->path[0] ? wv->path : "(ルート)");
			tl_buf_putc(&b, ' ');
		}
		tl_buf_printf(&b, "の %s に対する免除", wv->rule);
		if (wv->status == TLCHECK_WAIVER_EXPIRED) {
			tl_buf_printf(&b, "は %s に期限切れです", wv->expires);
			if (wv->expired_matches)
				tl_buf_printf(&b, " (該当する指摘 %zu 件は免除されません)", wv->expired_matches);
		} else {
			tl_buf_puts(&b, wv->unchecked
			                    ? "は、そのルールが今回この計画を検査しなかった (選択されなかった、または検査が途中で止まった) ため使われていません。削除せずに残してください"
			                    : "に該当する指摘がありません。指摘が解消したなら削除してください");
		}
	} else {
		tl_buf_printf(&b, "waiver for %s on ", wv->rule);
		tl_term_escape_str(&b, on);
		if (wv->path) {
			tl_buf_puts(&b, " at ");
			tl_term_escape_str(&b, wv->path[0] ? wv->path : "(the root)");
		}
		if (wv->status == TLCHECK_WAIVER_EXPIRED) {
			tl_buf_printf(&b, " expired on %s", wv->expires);
			if (wv->expired_matches)
				tl_buf_printf(&b, " (%zu matching finding%s no longer waived)", wv->expired_matches,
				              wv->expired_matches == 1 ? " is" : "s are");
		} else {
			tl_buf_puts(&b, wv->unchecked
			                    ? " was not used: its rule did not check this plan this time (not selected, "
			                      "or the check stopped before it); keep it"
			                    : " matched no finding; remove it if the finding was fixed");
		}
	}
	if (b.oom) {
		tl_buf_free(&b);
		return NULL;
	}
	return tl_buf_detach(&b);
}
