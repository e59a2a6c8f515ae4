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

int tlcheck_waivers_apply(tlcheck_waivers *w, tlcheck_result *res)
{
	if (!w || !res || w->count == 0)
		return 0;
	size_t n = tlcheck_result_finding_count(res);
	const tl_node *root = res->doc ? tl_doc_root(res->doc) : NULL;
	tl_buf stable = TL_BUF_INIT;
	tl_path_index ix = TL_PATH_INDEX_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		bool have_stable = false;
		long best = -1;
		for (size_t k = 0; k < w->count; k++) {
			tlcheck_waiver *wv = &w->items[k];
			if (strcmp(wv->rule, f->rule) != 0 || !scope_matches(wv, res))
				continue;
			if (wv->path && strcmp(wv->path, f->path) != 0) {
				/* The stable form ([id=ACT1]) survives reordering; computed
				 * only when a waiver needs it. */
				if (!have_stable) {
					tl_buf_reset(&stable);
					if (!tl_path_stabilize_ix(&stable, root, f->path, &ix)) {
						tl_buf_reset(&stable);
						tl_buf_puts(&stable, f->path);
					}
					tl_buf_putc(&stable, '\0');
					have_stable = true;
				}
				if (stable.oom) {
					rc = TLCHECK_ENOMEM;
					break;
				}
				if (strcmp(wv->path, stable.data) != 0)
					continue;
			}
			if (wv->status == TLCHECK_WAIVER_EXPIRED) {
				wv->expired_matches++;
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
		}
	}
	tl_buf_free(&stable);
	tl_path_index_free(&ix);
	/* A waiver of this plan whose rule did not run on it (not selected, or the
	 * check stopped before the rule's stage) could not match: not unused. */
	for (size_t k = 0; k < w->count && rc == 0; k++) {
		tlcheck_waiver *wv = &w->items[k];
		if (wv->rule_index < 0 || !scope_matches(wv, res))
			continue;
		if (tlcheck_result_rule_status(res, (size_t)wv->rule_index) == TLCHECK_NOT_SELECTED ||
		    tl_result_rule_skipped(res, wv->rule_index))
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
