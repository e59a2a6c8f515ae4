/* html.c - the HTML report: one self-contained page, a section per declaration. */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "../util/utf8.h"
#include "audit.h"
#include "escape.h"
#include "html.h"

/* A line longer than this is cut in excerpts (a declaration's lines are short;
 * a minified or binary file should not make the page unreadable). */
#define EXCERPT_MAX_BYTES 400
/* Lines of context shown above and below a finding's line. */
#define EXCERPT_CONTEXT 2

void tl_html_text(tl_buf *b, const char *s)
{
	tl_esc_xml_str(b, s, true);
}

const char *tl_html_material_name(const tlcheck_report *rep, const char *code)
{
	const tlcheck_pack *p = rep->opts.pack;
	if (!code || !code[0])
		return html_l(rep, "(not declared)", "(記載なし)");
	for (size_t i = 0; i < tlcheck_pack_material_count(p); i++) {
		tlcheck_material_info mi;
		if (tlcheck_pack_material(&mi, p, i, rep->ja ? "ja" : "en") == 0 &&
		    strcmp(mi.code, code) == 0)
			return mi.name;
	}
	return code;
}

static const char *severity_label(const tlcheck_report *rep, tlcheck_severity s)
{
	return tl_severity_label(s, rep->ja);
}

static const char *status_label(const tlcheck_report *rep, tlcheck_rule_status s)
{
	switch (s) {
	case TLCHECK_PASS: return html_l(rep, "pass", "適合");
	case TLCHECK_FAIL: return html_l(rep, "fail", "不適合");
	case TLCHECK_NOT_APPLICABLE: return html_l(rep, "not applicable", "対象外");
	case TLCHECK_RULE_ERROR: return html_l(rep, "rule error", "評価エラー");
	default: return html_l(rep, "not selected", "未選択");
	}
}

/* Appends `len` bytes of a source line, escaped, with the character at
 * `column` (1-based, counting characters) marked when column is not 0. */
static void source_text(tl_buf *b, const char *text, size_t len, uint32_t column)
{
	bool cut = false;
	if (len > EXCERPT_MAX_BYTES) {
		len = EXCERPT_MAX_BYTES;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--; /* not in the middle of a character */
		cut = true;
	}
	size_t off = 0;
	uint32_t col = 1;
	while (column && col < column && off < len) {
		size_t n = tl_utf8_valid_prefix(text + off, len - off);
		off += n ? n : 1;
		col++;
	}
	tl_esc_xml(b, text, off, false);
	if (column && off < len) {
		size_t n = tl_utf8_valid_prefix(text + off, len - off);
		n = n ? n : 1;
		tl_buf_puts(b, "<mark>");
		tl_esc_xml(b, text + off, n, false);
		tl_buf_puts(b, "</mark>");
		off += n;
	} else if (column) {
		tl_buf_puts(b, "<mark class=\"eol\"> </mark>"); /* the column is past the end */
	}
	tl_esc_xml(b, text + off, len - off, false);
	if (cut)
		tl_buf_puts(b, "<span class=\"cut\">…</span>");
}

static void excerpt(tl_buf *b, const tlcheck_result *res, const tlcheck_finding *f)
{
	uint32_t from = f->line > EXCERPT_CONTEXT ? f->line - EXCERPT_CONTEXT : 1;
	uint32_t to = f->line + EXCERPT_CONTEXT;
	bool any = false;
	for (uint32_t ln = from; ln <= to; ln++) {
		const char *text;
		size_t len;
		if (!tlcheck_result_source_line(res, ln, &text, &len))
			continue;
		while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			len--;
		if (!any)
			tl_buf_puts(b, "<pre class=\"excerpt\">");
		any = true;
		tl_buf_printf(b, "<span class=\"%s\"><span class=\"ln\">%u</span>",
		              ln == f->line ? "src hit" : "src", ln);
		source_text(b, text, len, ln == f->line ? f->column : 0);
		tl_buf_puts(b, "</span>\n");
	}
	if (any)
		tl_buf_puts(b, "</pre>\n");
}

static void finding(tlcheck_report *rep, const tlcheck_result *res, size_t i)
{
	tl_buf *b = &rep->out;
	const tlcheck_finding *f = &res->findings[i];
	const char *sev = tlcheck_severity_name(f->severity);
	tl_buf_printf(b, "<article class=\"finding sev-%s%s\" id=\"f-%zu-%zu\" data-rule=\"", sev,
	              f->waived ? " waived" : "", rep->nresults, i);
	tl_html_text(b, f->rule);
	tl_buf_printf(b, "\" data-severity=\"%s\" data-clause=\"", sev);
	tl_html_text(b, f->clause);
	tl_buf_printf(b, "\" data-line=\"%u\" data-column=\"%u\" data-path=\"", f->line, f->column);
	tl_html_text(b, f->path);
	tl_buf_printf(b, "\" data-status=\"%s\">\n", f->waived ? "waived" : "open");
	tl_buf_printf(b, "<h5><span class=\"badge sev-%s\">%s</span> <code class=\"rule\">", sev,
	              severity_label(rep, f->severity));
	tl_html_text(b, f->rule);
	tl_buf_puts(b, "</code> <span class=\"title\">");
	tl_html_text(b, tl_report_rule_title(rep, f->rule_index));
	tl_buf_puts(b, "</span>");
	if (f->rule_severity != f->severity) {
		tl_buf_printf(b, " <span class=\"capped\">(%s: %s)</span>",
		              html_l(rep, "rule severity", "ルール上の重大度"),
		              severity_label(rep, f->rule_severity));
	}
	if (f->waived)
		tl_buf_printf(b, " <span class=\"badge waived\">%s</span>", html_l(rep, "waived", "免除"));
	tl_audit_html_badge(rep, i);
	tl_buf_puts(b, "</h5>\n<p class=\"message\">");
	tl_html_text(b, f->message);
	tl_buf_puts(b, "</p>\n<p class=\"where\"><code class=\"loc\">");
	tl_html_text(b, res->file);
	tl_buf_printf(b, ":%u:%u</code> <code class=\"path\">", f->line, f->column);
	tl_html_text(b, f->path[0] ? f->path : "(root)");
	tl_buf_puts(b, "</code></p>\n");
	excerpt(b, res, f);
	if (f->waived) {
		tl_buf_printf(b, "<p class=\"waiver\"><strong>%s</strong> ",
		              html_l(rep, "Waived:", "免除:"));
		tl_html_text(b, f->waiver_reason);
		tl_buf_printf(b, " (%s ", html_l(rep, "approved by", "承認"));
		tl_html_text(b, f->waiver_approver);
		tl_buf_printf(b, "%s", html_l(rep, ", expires ", "、期限 "));
		tl_html_text(b, f->waiver_expires);
		tl_buf_puts(b, ")</p>\n");
	}
	if (f->remediation && f->remediation[0]) {
		tl_buf_printf(b, "<p class=\"remediation\"><strong>%s</strong> ",
		              html_l(rep, "How to fix:", "対応:"));
		tl_html_text(b, f->remediation);
		tl_buf_puts(b, "</p>\n");
	}
	tl_buf_puts(b, "</article>\n");
}

/* A group of findings under one clause: `clause` is a clause id, or NULL for
 * every finding whose clause is not one of the pack's. */
static void clause_group(tlcheck_report *rep, const tlcheck_result *res, const tl_clause *clause)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	size_t n = 0;
	for (size_t i = 0; i < res->nfindings; i++) {
		const char *c = res->findings[i].clause;
		bool in = false;
		if (clause) {
			in = strcmp(c, clause->id) == 0;
		} else {
			in = true;
			for (size_t k = 0; k < p->nclauses; k++)
				if (strcmp(c, p->clauses[k].id) == 0)
					in = false;
		}
		if (!in)
			continue;
		if (n++ == 0) {
			tl_buf_puts(b, "<section class=\"clause\" data-clause=\"");
			tl_html_text(b, clause ? clause->id : "");
			tl_buf_puts(b, "\">\n<h4>");
			if (clause) {
				tl_html_text(b, clause->id);
				tl_buf_putc(b, ' ');
				tl_html_text(b, rep->ja && clause->title.ja[0] ? clause->title.ja
				                                               : clause->title.en);
				tl_buf_printf(b, "</h4>\n<details class=\"legal\"><summary>%s</summary>\n"
				                 "<blockquote lang=\"ja\">",
				              html_l(rep, "Text of the measure", "措置の原文"));
				tl_html_text(b, clause->text_ja);
				tl_buf_puts(b, "</blockquote>\n");
				if (!rep->ja && clause->text_en && clause->text_en[0]) {
					tl_buf_puts(b, "<blockquote lang=\"en\">");
					tl_html_text(b, clause->text_en);
					tl_buf_puts(b, "</blockquote>\n");
				}
				tl_buf_puts(b, "</details>\n");
			} else {
				tl_buf_printf(b, "%s</h4>\n",
				              html_l(rep, "Format, content and scope of the declaration",
				                     "申告書の形式・内容・適用範囲"));
			}
		}
		finding(rep, res, i);
	}
	if (n)
		tl_buf_puts(b, "</section>\n");
}

/* Every rule of the pack with its status on this file: the evidence that a
 * clause was checked, not only where it failed. */
static void evidence(tlcheck_report *rep, const tlcheck_result *res)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	size_t counts[5] = {0, 0, 0, 0, 0};
	for (size_t r = 0; r < p->nrules; r++) {
		tlcheck_rule_status s = tlcheck_result_rule_status(res, r);
		counts[s <= TLCHECK_NOT_SELECTED ? s : TLCHECK_NOT_SELECTED]++;
	}
	tl_buf_printf(b, "<details class=\"evidence\" open><summary>%s (%zu): ",
	              html_l(rep, "Rules evaluated", "検査したルール"), p->nrules);
	for (int s = 0; s < 5; s++)
		tl_buf_printf(b, "%s%s %zu", s ? " · " : "", status_label(rep, (tlcheck_rule_status)s),
		              counts[s]);
	tl_buf_printf(b, "</summary>\n<table class=\"evidence\">\n<thead><tr><th>%s</th><th>%s</th>"
	                 "<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
	              html_l(rep, "Rule", "ルール"), html_l(rep, "Title", "内容"),
	              html_l(rep, "Clause", "条項"), html_l(rep, "Status", "結果"));
	for (size_t r = 0; r < p->nrules; r++) {
		tlcheck_rule_status s = tlcheck_result_rule_status(res, r);
		const char *name = tlcheck_rule_status_name(s);
		tl_buf_puts(b, "<tr data-rule=\"");
		tl_html_text(b, p->rules[r].id);
		tl_buf_printf(b, "\" data-status=\"%s\"><td><code>", name);
		tl_html_text(b, p->rules[r].id);
		tl_buf_puts(b, "</code></td><td>");
		tl_html_text(b, tl_report_rule_title(rep, (long)r));
		tl_buf_puts(b, "</td><td>");
		tl_html_text(b, p->rules[r].clause);
		tl_buf_printf(b, "</td><td><span class=\"status st-%s\">%s</span></td></tr>\n", name,
		              status_label(rep, s));
	}
	tl_buf_puts(b, "</tbody>\n</table>\n</details>\n");
}

static void file_section(tlcheck_report *rep, const tlcheck_result *res, const html_file_sum *fs)
{
	tl_buf *b = &rep->out;
	const tlcheck_pack *p = rep->opts.pack;
	const char *plan = tlcheck_result_plan(res);
	const char *worst = fs->findings[TLCHECK_ERROR] ? "error"
	                    : fs->findings[TLCHECK_WARNING] ? "warning"
	                    : fs->findings[TLCHECK_INFO] ? "info" : "clean";
	tl_buf_printf(b, "<section class=\"decl worst-%s\" id=\"file-%zu\" data-file=\"", worst,
	              rep->nresults);
	tl_html_text(b, res->file);
	tl_buf_puts(b, "\" data-plan=\"");
	tl_html_text(b, plan);
	tl_buf_puts(b, "\" data-material=\"");
	tl_html_text(b, tlcheck_result_material(res));
	tl_buf_printf(b, "\" data-findings=\"%zu\" data-loaded=\"%s\">\n<h3>", res->nfindings,
	              res->load_failed ? "false" : "true");
	tl_html_text(b, plan[0] ? plan : html_l(rep, "(no plan id)", "(計画番号なし)"));
	tl_buf_puts(b, " <code class=\"file\">");
	tl_html_text(b, res->file);
	tl_buf_puts(b, "</code></h3>\n<dl class=\"meta\">\n");
	tl_buf_printf(b, "<div><dt>%s</dt><dd>", html_l(rep, "Material", "物資"));
	tl_html_text(b, tl_html_material_name(rep, tlcheck_result_material(res)));
	if (tlcheck_result_material(res)[0]) {
		tl_buf_puts(b, " (<code>");
		tl_html_text(b, tlcheck_result_material(res));
		tl_buf_puts(b, "</code>)");
	}
	tl_buf_printf(b, "</dd></div>\n<div><dt>%s</dt><dd>", html_l(rep, "Ministry", "所管省庁"));
	tl_html_text(b, tlcheck_result_ministry(res));
	tl_buf_printf(b, "</dd></div>\n<div><dt>%s</dt><dd>", html_l(rep, "Findings", "指摘"));
	for (int s = TLCHECK_ERROR; s >= TLCHECK_INFO; s--)
		tl_buf_printf(b, "<span class=\"badge sev-%s\">%s <span class=\"n\">%zu</span></span> ",
		              tlcheck_severity_name((tlcheck_severity)s),
		              severity_label(rep, (tlcheck_severity)s), fs->findings[s]);
	tl_buf_printf(b, "<span class=\"badge waived\">%s <span class=\"n\">%zu</span></span>",
	              html_l(rep, "waived", "免除"), fs->waived);
	tl_buf_puts(b, "</dd></div>\n</dl>\n");
	if (res->load_failed)
		tl_buf_printf(b, "<p class=\"unreadable\">%s</p>\n",
		              html_l(rep, "This file could not be read or parsed; no other rule was "
		                          "evaluated.",
		                     "このファイルは読み込めなかったため、他のルールは評価していません。"));
	if (res->nfindings == 0)
		tl_buf_printf(b, "<p class=\"no-findings\">%s</p>\n",
		              html_l(rep, "No findings.", "指摘はありません。"));
	for (size_t k = 0; k < p->nclauses; k++)
		clause_group(rep, res, &p->clauses[k]);
	clause_group(rep, res, NULL);
	evidence(rep, res);
	tl_buf_puts(b, "</section>\n");
}

static int html_begin(tlcheck_report *rep)
{
	html_state *st = calloc(1, sizeof(*st));
	if (!st)
		return TLCHECK_ENOMEM;
	rep->state = st;
	/* The sections and the rows of the table of plans wait on disk rather
	 * than in memory: a batch may be large. */
	tl_spool_open(&st->body);
	for (int r = 0; r < HTML_RANKS; r++)
		tl_spool_open(&st->plans[r]);
	return 0;
}

static int rank(const html_file_sum *f)
{
	if (f->load_failed || f->findings[TLCHECK_ERROR])
		return 0;
	if (f->findings[TLCHECK_WARNING])
		return 1;
	return f->findings[TLCHECK_INFO] ? 2 : 3;
}

/* The declaration's row in the table of plans, linking to its section. */
static void plan_row(tlcheck_report *rep, tl_buf *b, const html_file_sum *f)
{
	static const char *const rank_class[] = {"error", "warning", "info", "clean"};
	tl_buf_printf(b, "<tr class=\"plan\" data-rank=\"%s\" data-loaded=\"%s\" data-file=\"",
	              rank_class[rank(f)], f->load_failed ? "false" : "true");
	tl_html_text(b, f->file);
	tl_buf_printf(b, "\" data-errors=\"%zu\" data-warnings=\"%zu\" data-info=\"%zu\" "
	                 "data-waived=\"%zu\"><td><a href=\"#file-%zu\">",
	              f->findings[TLCHECK_ERROR], f->findings[TLCHECK_WARNING],
	              f->findings[TLCHECK_INFO], f->waived, f->index);
	tl_html_text(b, f->plan[0] ? f->plan : html_l(rep, "(no plan id)", "(計画番号なし)"));
	tl_buf_puts(b, "</a>");
	if (f->load_failed)
		tl_buf_printf(b, " <span class=\"badge sev-error\">%s</span>",
		              html_l(rep, "unreadable", "読込不可"));
	tl_buf_puts(b, "</td><td><code>");
	tl_html_text(b, f->file);
	tl_buf_puts(b, "</code></td><td>");
	tl_html_text(b, tl_html_material_name(rep, f->material));
	tl_buf_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
	                 "<td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
	              f->findings[TLCHECK_ERROR], f->findings[TLCHECK_WARNING],
	              f->findings[TLCHECK_INFO], f->waived);
}

static int html_file(tlcheck_report *rep, const tlcheck_result *res)
{
	html_state *st = rep->state;
	html_file_sum fs = {res->file, tlcheck_result_plan(res), tlcheck_result_material(res),
	                    {0, 0, 0}, 0, res->load_failed, rep->nresults};
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		if (f->waived)
			fs.waived++;
		else
			fs.findings[f->severity]++;
	}
	/* The row, set aside by rank; then the section, set aside for after the
	 * summary. report.c flushes rep->out, which is left empty. */
	plan_row(rep, &rep->out, &fs);
	if (rep->out.oom)
		return TLCHECK_ENOMEM;
	int rc = tl_spool_put(rep, &st->plans[rank(&fs)], rep->out.data, rep->out.len);
	tl_buf_reset(&rep->out);
	if (rc != 0)
		return rc;
	file_section(rep, res, &fs);
	if (rep->out.oom)
		return TLCHECK_ENOMEM;
	rc = tl_spool_put(rep, &st->body, rep->out.data, rep->out.len);
	tl_buf_reset(&rep->out);
	return rc;
}

static int html_end(tlcheck_report *rep, int exit_status)
{
	html_state *st = rep->state;
	tl_html_head_and_summary(rep, st, exit_status);
	tl_buf_printf(&rep->out, "<section id=\"declarations\">\n<h2>%s</h2>\n",
	              html_l(rep, "Declarations", "申告書ごとの結果"));
	tl_spool_copy(rep, &st->body);
	tl_buf_printf(&rep->out, "</section>\n</main>\n<footer><p>%s tlcheck ",
	              html_l(rep, "Generated by", "作成:"));
	tl_html_text(&rep->out, tlcheck_version());
	tl_buf_puts(&rep->out, "</p></footer>\n</body>\n</html>\n");
	return 0;
}

static void html_free(tlcheck_report *rep)
{
	html_state *st = rep->state;
	if (!st)
		return;
	tl_spool_free(&st->body);
	for (int r = 0; r < HTML_RANKS; r++)
		tl_spool_free(&st->plans[r]);
	free(st);
	rep->state = NULL;
}

const tl_writer tl_writer_html = {html_begin, html_file, html_end, html_free};
