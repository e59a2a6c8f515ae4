/* html_summary.c - the HTML report's head, style sheet and batch summary with SVG charts. */
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "audit.h"
#include "escape.h"
#include "html.h"

/* Chart labels longer than this many cells (a wide character takes two) are
 * cut; the bar's <title> holds the whole name. */
#define LABEL_MAX_CELLS 26

/* Inline, so that the page needs nothing else; readable when printed. */
static const char style[] =
	":root{--err:#b42318;--warn:#b54708;--info:#175cd3;--ok:#067647;--muted:#475467;"
	"--line:#d0d5dd;--bg-soft:#f9fafb}\n"
	"body{font-family:system-ui,-apple-system,\"Hiragino Sans\",\"Noto Sans CJK JP\","
	"\"Yu Gothic\",Meiryo,sans-serif;line-height:1.5;color:#101828;margin:0 auto;"
	"max-width:1200px;padding:1rem 1.5rem}\n"
	"h1{font-size:1.6rem;margin:.5rem 0}h2{border-bottom:2px solid var(--line);"
	"padding-bottom:.2rem;margin-top:2rem}h3{margin-top:1.5rem}h5{font-size:1rem;margin:0 0 .3rem}\n"
	"code,pre{font-family:ui-monospace,\"Noto Sans Mono CJK JP\",Menlo,Consolas,monospace;"
	"font-size:.9em}\n"
	".meta-line{color:var(--muted);margin:.2rem 0}\n"
	"dl.counts{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}\n"
	"dl.counts>div{border:1px solid var(--line);border-radius:8px;padding:.4rem .8rem;"
	"min-width:7.5rem;background:var(--bg-soft)}\n"
	"dl.counts dt{font-size:.8rem;color:var(--muted)}dl.counts dd{margin:0;font-size:1.5rem;"
	"font-weight:600}\n"
	"dl.counts .c-error dd{color:var(--err)}dl.counts .c-warning dd{color:var(--warn)}"
	"dl.counts .c-info dd{color:var(--info)}\n"
	"table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}"
	"th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}"
	"thead th{background:var(--bg-soft)}td.num,th.num{text-align:right;"
	"font-variant-numeric:tabular-nums}\n"
	".charts{display:flex;flex-wrap:wrap;gap:1.5rem}.charts figure{margin:0}"
	".charts figcaption{font-weight:600;margin-bottom:.3rem}\n"
	"svg.chart text{font-size:13px;fill:#101828}svg.chart rect.bar{fill:#2e90fa}"
	"svg.chart rect.bar.zero{fill:none}\n"
	".badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;"
	"font-weight:600;color:#fff;background:var(--muted)}\n"
	".badge.sev-error{background:var(--err)}.badge.sev-warning{background:var(--warn)}"
	".badge.sev-info{background:var(--info)}.badge.waived{background:#667085}"
	".badge.clean{background:var(--ok)}\n"
	"section.decl{border-top:3px solid var(--line);margin-top:2rem}"
	"section.decl.worst-error{border-top-color:var(--err)}"
	"section.decl.worst-warning{border-top-color:var(--warn)}\n"
	"dl.meta{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;margin:.3rem 0}"
	"dl.meta dt{font-weight:600;display:inline}dl.meta dd{display:inline;margin:0 0 0 .4rem}\n"
	"article.finding{border:1px solid var(--line);border-left:5px solid var(--muted);"
	"border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}\n"
	"article.sev-error{border-left-color:var(--err)}article.sev-warning{border-left-color:"
	"var(--warn)}article.sev-info{border-left-color:var(--info)}article.waived{opacity:.75}\n"
	"p.message{margin:.2rem 0;font-weight:500}p.where{margin:.2rem 0;color:var(--muted)}\n"
	"pre.excerpt{background:var(--bg-soft);border:1px solid var(--line);padding:.4rem .6rem;"
	"overflow-x:auto;margin:.4rem 0}\n"
	"pre.excerpt .hit{background:#fef0c7}"
	"pre.excerpt .ln{display:inline-block;min-width:3em;color:var(--muted);"
	"user-select:none}\n"
	"mark{background:#fda29b;color:inherit}p.remediation{margin:.2rem 0}"
	"p.unreadable{color:var(--err);font-weight:600}\n"
	"blockquote{margin:.3rem 0 .3rem 1rem;color:var(--muted);white-space:pre-wrap}\n"
	".status{font-weight:600}.st-pass{color:var(--ok)}.st-fail{color:var(--err)}"
	".st-error{color:var(--warn)}.st-not_applicable,.st-not_selected{color:var(--muted)}\n"
	"details>summary{cursor:pointer}footer{margin-top:3rem;color:var(--muted);"
	"font-size:.85rem}\n"
	"@media print{details>*{display:block}section.decl{break-before:page}}\n";

static void count_box(tl_buf *b, const char *id, const char *cls, const char *label, size_t n)
{
	tl_buf_printf(b, "<div class=\"%s\"><dt>%s</dt><dd><span id=\"%s\">%zu</span></dd></div>\n",
	              cls, label, id, n);
}

typedef struct bar {
	const char *key;             /* data-key: a clause id or a material code */
	const char *label;           /* short label left of the bar */
	const char *name;            /* full name, in the bar's <title> */
	size_t value;
} bar;

static void chart_label(tl_buf *b, const char *label)
{
	size_t len = strlen(label), off = 0;
	if (tl_utf8_width(label, len) <= LABEL_MAX_CELLS) {
		tl_html_text(b, label);
		return;
	}
	while (off < len) {
		size_t n = tl_utf8_valid_prefix(label + off, len - off);
		n = n ? n : 1;
		if (tl_utf8_width(label, off + n) > LABEL_MAX_CELLS - 1)
			break;
		off += n;
	}
	tl_esc_xml(b, label, off, true);
	tl_buf_puts(b, "…");
}

/* A horizontal bar chart: readable without script, described for screen
 * readers by its <title> and <desc>, each bar with its own <title>. */
static void bar_chart(tlcheck_report *rep, const char *id, const char *title, const bar *bars,
                      size_t n)
{
	tl_buf *b = &rep->out;
	const unsigned label_w = 190, bar_max = 300, row_h = 28, top = 8;
	unsigned height = top * 2 + row_h * (unsigned)(n ? n : 1);
	size_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	tl_buf_printf(b, "<figure>\n<figcaption id=\"%s-caption\">%s</figcaption>\n", id, title);
	tl_buf_printf(b, "<svg class=\"chart\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
	                 "role=\"img\" aria-labelledby=\"%s-title %s-desc\" width=\"%u\" "
	                 "height=\"%u\" viewBox=\"0 0 %u %u\">\n<title id=\"%s-title\">%s</title>\n"
	                 "<desc id=\"%s-desc\">",
	              id, id, id, label_w + bar_max + 60, height, label_w + bar_max + 60, height, id,
	              title, id);
	for (size_t i = 0; i < n; i++) {
		tl_buf_puts(b, i ? html_l(rep, "; ", "、") : "");
		tl_html_text(b, bars[i].name);
		tl_buf_printf(b, rep->ja ? ": %zu 件" : ": %zu", bars[i].value);
	}
	if (n == 0)
		tl_buf_puts(b, html_l(rep, "No data.", "データなし。"));
	tl_buf_puts(b, "</desc>\n");
	for (size_t i = 0; i < n; i++) {
		unsigned y = top + row_h * (unsigned)i;
		unsigned w = max ? (unsigned)((double)bars[i].value * bar_max / (double)max + 0.5) : 0;
		tl_buf_puts(b, "<g class=\"bar\" data-key=\"");
		tl_html_text(b, bars[i].key);
		tl_buf_printf(b, "\" data-value=\"%zu\"><title>", bars[i].value);
		tl_html_text(b, bars[i].name);
		tl_buf_printf(b, ": %zu</title>\n<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", bars[i].value,
		              label_w - 8, y + 18);
		chart_label(b, bars[i].label);
		tl_buf_printf(b, "</text><rect class=\"bar%s\" x=\"%u\" y=\"%u\" width=\"%u\" "
		                 "height=\"18\" rx=\"2\"/><text x=\"%u\" y=\"%u\">%zu</text></g>\n",
		              w ? "" : " zero", label_w, y + 4, w, label_w + w + 6, y + 18, bars[i].value);
	}
	tl_buf_puts(b, "</svg>\n</figure>\n");
}

/* Findings (not waived) per clause of the pack, plus the rules without one. */
static size_t clause_count(const tlcheck_report *rep, const char *id)
{
	const tlcheck_pack *p = rep->opts.pack;
	size_t n = 0;
	for (size_t r = 0; r < p->nrules; r++) {
		bool match;
		if (id) {
			match = strcmp(p->rules[r].clause, id) == 0;
		} else {
			match = true;
			for (size_t k = 0; k < p->nclauses; k++)
				if (strcmp(p->rules[r].clause, p->clauses[k].id) == 0)
					match = false;
		}
		if (match)
			n += rep->stats.by_rule[r];
	}
	return n;
}

static const char *clause_title(const tlcheck_report *rep, const tl_clause *c)
{
	return rep->ja && c->title.ja[0] ? c->title.ja : c->title.en;
}

static const char *other_clause(const tlcheck_report *rep)
{
	return html_l(rep, "other (format, content, scope)", "その他 (形式・内容・範囲)");
}

/* The bars of the clause chart: every clause of the pack, then "other" when
 * something is in it. Returns how many. */
static size_t clause_bars(const tlcheck_report *rep, bar *bars)
{
	const tlcheck_pack *p = rep->opts.pack;
	size_t n = 0;
	for (size_t k = 0; k <= p->nclauses; k++) {
		const tl_clause *c = k < p->nclauses ? &p->clauses[k] : NULL;
		size_t count = clause_count(rep, c ? c->id : NULL);
		if (!c && count == 0)
			continue;
		bars[n].key = c ? c->id : "";
		bars[n].label = c ? c->id : html_l(rep, "other", "その他");
		bars[n].name = c ? c->id : other_clause(rep);
		bars[n].value = count;
		n++;
	}
	return n;
}

static void by_clause(tlcheck_report *rep, const bar *bars, size_t n)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	tl_buf_printf(b, "<h3>%s</h3>\n<table id=\"by-clause\">\n<thead><tr><th>%s</th><th>%s</th>"
	                 "<th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
	              html_l(rep, "Findings per clause", "条項別の指摘"), html_l(rep, "Clause", "条項"),
	              html_l(rep, "Measure", "措置"), html_l(rep, "Findings", "指摘"));
	for (size_t i = 0; i < n; i++) {
		const tl_clause *c = NULL;
		for (size_t k = 0; k < p->nclauses && bars[i].key[0]; k++)
			if (strcmp(p->clauses[k].id, bars[i].key) == 0)
				c = &p->clauses[k];
		tl_buf_puts(b, "<tr data-clause=\"");
		tl_html_text(b, bars[i].key);
		tl_buf_printf(b, "\" data-count=\"%zu\"><th>", bars[i].value);
		tl_html_text(b, bars[i].name);
		tl_buf_puts(b, "</th><td>");
		tl_html_text(b, c ? clause_title(rep, c) : "");
		tl_buf_printf(b, "</td><td class=\"num\">%zu</td></tr>\n", bars[i].value);
	}
	tl_buf_puts(b, "</tbody>\n</table>\n");
}

static void material_bars(const tlcheck_report *rep, bar *bars)
{
	const tl_report_stats *s = &rep->stats;
	for (size_t i = 0; i < s->nmaterials; i++) {
		const char *name = tl_html_material_name(rep, s->by_material[i].code);
		bars[i].key = s->by_material[i].code;
		bars[i].label = name;
		bars[i].name = name;
		bars[i].value = s->by_material[i].findings;
	}
}

static void by_material(tlcheck_report *rep)
{
	tl_buf *b = &rep->out;
	const tl_report_stats *s = &rep->stats;
	tl_buf_printf(b, "<h3>%s</h3>\n<table id=\"by-material\">\n<thead><tr><th>%s</th><th>%s</th>"
	                 "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
	                 "</tr></thead>\n<tbody>\n",
	              html_l(rep, "Plans by material", "物資別の計画"), html_l(rep, "Material", "物資"),
	              html_l(rep, "Code", "コード"), html_l(rep, "Plans", "計画数"),
	              html_l(rep, "Plans with errors", "エラーのある計画"),
	              html_l(rep, "Findings", "指摘"));
	for (size_t i = 0; i < s->nmaterials; i++) {
		const struct tl_mat_count *m = &s->by_material[i];
		size_t with_errors = m->files_failing;
		tl_buf_puts(b, "<tr data-material=\"");
		tl_html_text(b, m->code);
		tl_buf_printf(b, "\" data-files=\"%zu\" data-with-errors=\"%zu\" data-findings=\"%zu\"><th>",
		              m->files, with_errors, m->findings);
		tl_html_text(b, tl_html_material_name(rep, m->code));
		tl_buf_puts(b, "</th><td><code>");
		tl_html_text(b, m->code);
		tl_buf_printf(b, "</code></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
		                 "<td class=\"num\">%zu</td></tr>\n",
		              m->files, with_errors, m->findings);
	}
	tl_buf_puts(b, "</tbody>\n</table>\n");
}

/* Every plan, those with errors first (then warnings, info, clean), each
 * linking to its section: the rows set aside by rank as the results came. */
static void plans(tlcheck_report *rep, html_state *st)
{
	tl_buf *b = &rep->out;
	tl_buf_printf(b, "<h3>%s</h3>\n<table id=\"plans\">\n<thead><tr><th>%s</th><th>%s</th>"
	                 "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
	                 "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
	              html_l(rep, "Plans (those with errors first)", "計画一覧 (エラーのある計画が先)"),
	              html_l(rep, "Plan", "計画"), html_l(rep, "File", "ファイル"),
	              html_l(rep, "Material", "物資"), html_l(rep, "Errors", "エラー"),
	              html_l(rep, "Warnings", "警告"), html_l(rep, "Info", "情報"),
	              html_l(rep, "Waived", "免除"));
	for (int r = 0; r < HTML_RANKS; r++)
		tl_spool_copy(rep, &st->plans[r]);
	tl_buf_puts(b, "</tbody>\n</table>\n");
}

static void by_rule(tlcheck_report *rep)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	bool any = false;
	tl_buf_printf(b, "<h3>%s</h3>\n", html_l(rep, "Findings per rule", "ルール別の指摘"));
	for (size_t r = 0; r < p->nrules; r++) {
		if (!rep->stats.by_rule[r])
			continue;
		if (!any)
			tl_buf_printf(b, "<table id=\"by-rule\">\n<thead><tr><th>%s</th><th>%s</th>"
			                 "<th>%s</th><th>%s</th><th class=\"num\">%s</th></tr></thead>\n"
			                 "<tbody>\n",
			              html_l(rep, "Rule", "ルール"), html_l(rep, "Title", "内容"),
			              html_l(rep, "Clause", "条項"), html_l(rep, "Severity", "重大度"),
			              html_l(rep, "Findings", "指摘"));
		any = true;
		const char *sev = tlcheck_severity_name(p->rules[r].severity);
		tl_buf_puts(b, "<tr data-rule=\"");
		tl_html_text(b, p->rules[r].id);
		tl_buf_printf(b, "\" data-count=\"%zu\"><td><code>", rep->stats.by_rule[r]);
		tl_html_text(b, p->rules[r].id);
		tl_buf_puts(b, "</code></td><td>");
		tl_html_text(b, tl_report_rule_title(rep, (long)r));
		tl_buf_puts(b, "</td><td>");
		tl_html_text(b, p->rules[r].clause);
		tl_buf_printf(b, "</td><td><span class=\"badge sev-%s\">%s</span></td>"
		                 "<td class=\"num\">%zu</td></tr>\n",
		              sev, tl_severity_label(p->rules[r].severity, rep->ja), rep->stats.by_rule[r]);
	}
	if (any)
		tl_buf_puts(b, "</tbody>\n</table>\n");
	else
		tl_buf_printf(b, "<p id=\"by-rule\" class=\"no-findings\">%s</p>\n",
		              html_l(rep, "No findings.", "指摘はありません。"));
}

static void head(tlcheck_report *rep, int exit_status)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	const char *title = html_l(rep, "Technology-leakage prevention measures: check report",
	                           "技術流出防止措置 検査報告");
	tl_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                 "<meta name=\"generator\" content=\"tlcheck ",
	              rep->ja ? "ja" : "en");
	tl_html_text(b, tlcheck_version());
	tl_buf_printf(b, "\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	                 "<header>\n<h1>%s</h1>\n<p class=\"meta-line\">",
	              title, style, title);
	tl_html_text(b, tlcheck_pack_legal_text(p, rep->ja ? "ja" : "en"));
	tl_buf_printf(b, "</p>\n<p class=\"meta-line\">%s <code>", html_l(rep, "Rule pack", "ルールパック"));
	tl_html_text(b, p->name);
	tl_buf_puts(b, "</code> ");
	tl_html_text(b, p->version);
	tl_buf_puts(b, " · tlcheck ");
	tl_html_text(b, tlcheck_version());
	tl_buf_printf(b, " · %s <span id=\"exit-status\">%d</span></p>\n</header>\n<main>\n",
	              html_l(rep, "exit status", "終了ステータス"), exit_status);
}

void tl_html_head_and_summary(tlcheck_report *rep, html_state *st, int exit_status)
{
	const tlcheck_pack *p = rep->opts.pack;
	const tlcheck_summary *s = &rep->sum;
	tl_buf *b = &rep->out;
	bar *cbars = calloc(p->nclauses + 1, sizeof(*cbars));
	bar *mbars = calloc(rep->stats.nmaterials + 1, sizeof(*mbars));
	if (!cbars || !mbars) {
		b->oom = true;
		goto out;
	}
	size_t nc = clause_bars(rep, cbars);
	material_bars(rep, mbars);
	head(rep, exit_status);
	tl_buf_printf(b, "<section id=\"summary\">\n<h2>%s</h2>\n<dl class=\"counts\">\n",
	              html_l(rep, "Summary", "集計"));
	count_box(b, "count-files", "c-files", html_l(rep, "Declarations", "申告書"), s->files);
	count_box(b, "count-with-errors", "c-error", html_l(rep, "With errors", "エラーあり"),
	          s->files_with_errors);
	count_box(b, "count-with-warnings", "c-warning", html_l(rep, "With warnings only", "警告のみ"),
	          s->files_with_warnings);
	count_box(b, "count-clean", "c-clean",
	          html_l(rep, "Without error or warning", "エラー・警告なし"), s->files_clean);
	count_box(b, "count-unreadable", "c-error", html_l(rep, "Unreadable", "読込不可"),
	          s->failed_files);
	count_box(b, "count-findings", "c-findings", html_l(rep, "Findings", "指摘"),
	          s->findings[0] + s->findings[1] + s->findings[2]);
	count_box(b, "count-errors", "c-error", html_l(rep, "Errors", "エラー"),
	          s->findings[TLCHECK_ERROR]);
	count_box(b, "count-warnings", "c-warning", html_l(rep, "Warnings", "警告"),
	          s->findings[TLCHECK_WARNING]);
	count_box(b, "count-info", "c-info", html_l(rep, "Info", "情報"), s->findings[TLCHECK_INFO]);
	count_box(b, "count-waived", "c-waived", html_l(rep, "Waived", "免除"), s->waived);
	tl_buf_puts(b, "</dl>\n<div class=\"charts\">\n");
	bar_chart(rep, "chart-clause", html_l(rep, "Findings by clause", "条項別の指摘件数"), cbars, nc);
	bar_chart(rep, "chart-material", html_l(rep, "Findings by material", "物資別の指摘件数"),
	          mbars, rep->stats.nmaterials);
	tl_buf_puts(b, "</div>\n");
	plans(rep, st);
	by_material(rep);
	tl_audit_html(rep);
	by_clause(rep, cbars, nc);
	by_rule(rep);
	tl_buf_puts(b, "</section>\n");
out:
	free(cbars);
	free(mbars);
}
