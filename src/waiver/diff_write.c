/* diff_write.c - a diff of two declarations as text, JSON or a self-contained HTML page. */
#include <stdio.h>
#include <string.h>

#include "../check/result.h"
#include "../report/escape.h"
#include "../util/term.h"
#include "diff.h"

/* HTML text: escaped as the HTML report escapes it (report/escape.h). */
static void html(tl_buf *b, const char *s)
{
	tl_esc_xml_str(b, s, false);
}

static const char *change_label(tlcheck_change c, bool ja)
{
	switch (c) {
	case TLCHECK_CHANGE_NEW: return ja ? "新規" : "new";
	case TLCHECK_CHANGE_RESOLVED: return ja ? "解消" : "resolved";
	case TLCHECK_CHANGE_NOT_RECHECKED: return ja ? "未再検査" : "not re-checked";
	default: return ja ? "継続" : "unchanged";
	}
}

static const tlcheck_result *owner(const tlcheck_diff *d, const tlcheck_diff_entry *e)
{
	return e->change == TLCHECK_CHANGE_RESOLVED || e->change == TLCHECK_CHANGE_NOT_RECHECKED
	           ? d->old_res : d->new_res;
}

static void counts_text(tl_buf *b, const tlcheck_diff *d, bool ja)
{
	size_t nr = d->counts[TLCHECK_CHANGE_NOT_RECHECKED];
	if (ja)
		tl_buf_printf(b, "新規 %zu 件、解消 %zu 件、継続 %zu 件", d->counts[TLCHECK_CHANGE_NEW],
		              d->counts[TLCHECK_CHANGE_RESOLVED], d->counts[TLCHECK_CHANGE_UNCHANGED]);
	else
		tl_buf_printf(b, "%zu new, %zu resolved, %zu unchanged", d->counts[TLCHECK_CHANGE_NEW],
		              d->counts[TLCHECK_CHANGE_RESOLVED], d->counts[TLCHECK_CHANGE_UNCHANGED]);
	/* Said only when there are some: the new file was not checked in full. */
	if (nr && ja)
		tl_buf_printf(b, "、未再検査 %zu 件（新しい申告書を最後まで検査できなかったため）", nr);
	else if (nr)
		tl_buf_printf(b, ", %zu not re-checked (the new declaration could not be checked in full)", nr);
}

static void side_text(tl_buf *b, const char *mark, const tlcheck_result *r)
{
	const char *plan = tlcheck_result_plan(r);
	/* The file name and the plan id are escaped as the text report escapes
	 * them: a declaration cannot write a line of its own. */
	tl_buf_printf(b, "%s ", mark);
	tl_term_escape_str(b, tlcheck_result_file(r));
	if (plan[0]) {
		tl_buf_puts(b, " (");
		tl_term_escape_str(b, plan);
		tl_buf_putc(b, ')');
	}
	tl_buf_putc(b, '\n');
}

/* Unified-diff marks on compiler-style lines, so editors jump to them:
 * + new, - resolved (a line of the old file), = unchanged, ? not re-checked
 * (a line of the old file). */
static void write_text(tl_buf *b, const tlcheck_diff *d, bool ja)
{
	static const char marks[] = {'+', '-', '=', '?'};
	side_text(b, "---", d->old_res);
	side_text(b, "+++", d->new_res);
	for (size_t i = 0; i < d->count; i++) {
		const tlcheck_diff_entry *e = &d->items[i];
		const tlcheck_finding *f = e->finding;
		tl_buf_printf(b, "%c ", marks[e->change]);
		tl_term_escape_str(b, tlcheck_result_file(owner(d, e)));
		tl_buf_printf(b, ":%u:%u: %s[%s]", f->line, f->column,
		              tlcheck_severity_name(f->severity), f->rule);
		if (f->clause[0])
			tl_buf_printf(b, " %s", f->clause);
		tl_buf_putc(b, ' ');
		tl_term_escape_str(b, f->message);
		tl_buf_putc(b, '\n');
	}
	counts_text(b, d, ja);
	tl_buf_putc(b, '\n');
}

static void json_side(tl_buf *b, const char *name, const tlcheck_result *r)
{
	tl_buf_printf(b, "  \"%s\": {\"file\": ", name);
	tl_buf_json_cstr(b, tlcheck_result_file(r));
	tl_buf_puts(b, ", \"plan\": ");
	tl_buf_json_cstr(b, tlcheck_result_plan(r));
	tl_buf_puts(b, ", \"material\": ");
	tl_buf_json_cstr(b, tlcheck_result_material(r));
	tl_buf_printf(b, ", \"loaded\": %s},\n", tlcheck_result_load_failed(r) ? "false" : "true");
}

static void write_json(tl_buf *b, const tlcheck_diff *d, const tlcheck_pack *pack)
{
	tl_buf_puts(b, "{\n  \"tool\": {\"name\": \"tlcheck\", \"version\": ");
	tl_buf_json_cstr(b, tlcheck_version());
	tl_buf_puts(b, "},\n");
	if (pack) {
		tl_buf_puts(b, "  \"rulepack\": {\"name\": ");
		tl_buf_json_cstr(b, tlcheck_pack_name(pack));
		tl_buf_puts(b, ", \"version\": ");
		tl_buf_json_cstr(b, tlcheck_pack_version(pack));
		tl_buf_puts(b, "},\n");
	}
	json_side(b, "old", d->old_res);
	json_side(b, "new", d->new_res);
	tl_buf_puts(b, "  \"findings\": [");
	for (size_t i = 0; i < d->count; i++) {
		const tlcheck_diff_entry *e = &d->items[i];
		const tlcheck_finding *f = e->finding;
		tl_buf_puts(b, i ? ",\n    {\"change\": " : "\n    {\"change\": ");
		tl_buf_json_cstr(b, tlcheck_change_name(e->change));
		tl_buf_puts(b, ", \"rule\": ");
		tl_buf_json_cstr(b, f->rule);
		tl_buf_puts(b, ", \"severity\": ");
		tl_buf_json_cstr(b, tlcheck_severity_name(f->severity));
		tl_buf_puts(b, ", \"clause\": ");
		tl_buf_json_cstr(b, f->clause);
		tl_buf_puts(b, ", \"path\": ");
		tl_buf_json_cstr(b, f->path);
		tl_buf_puts(b, ", \"stable_path\": ");
		tl_buf_json_cstr(b, e->stable_path);
		tl_buf_puts(b, ", \"file\": ");
		tl_buf_json_cstr(b, tlcheck_result_file(owner(d, e)));
		tl_buf_printf(b, ", \"line\": %u, \"column\": %u, \"message\": ", f->line, f->column);
		tl_buf_json_cstr(b, f->message);
		tl_buf_puts(b, ", \"fingerprint\": ");
		tl_buf_json_cstr(b, e->fingerprint);
		if (e->old) {
			tl_buf_puts(b, ", \"old\": {\"path\": ");
			tl_buf_json_cstr(b, e->old->path);
			tl_buf_printf(b, ", \"line\": %u, \"column\": %u, \"severity\": ", e->old->line, e->old->column);
			tl_buf_json_cstr(b, tlcheck_severity_name(e->old->severity));
			tl_buf_puts(b, "}");
		}
		tl_buf_putc(b, '}');
	}
	tl_buf_printf(b, "%s],\n  \"summary\": {\"new\": %zu, \"resolved\": %zu, \"unchanged\": %zu, "
	                 "\"not_rechecked\": %zu}\n}\n",
	              d->count ? "\n  " : "", d->counts[TLCHECK_CHANGE_NEW],
	              d->counts[TLCHECK_CHANGE_RESOLVED], d->counts[TLCHECK_CHANGE_UNCHANGED],
	              d->counts[TLCHECK_CHANGE_NOT_RECHECKED]);
}

static const char html_style[] =
	"body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1d2939}"
	"h1{font-size:1.4em}table{border-collapse:collapse;width:100%}"
	"th,td{border-bottom:1px solid #d0d5dd;padding:.35em .5em;text-align:left;vertical-align:top}"
	"code{font-size:.92em}.badge{border-radius:4px;color:#fff;padding:0 .45em;white-space:nowrap}"
	".badge.new{background:#b42318}.badge.resolved{background:#027a48}.badge.unchanged{background:#667085}"
	".badge.not_rechecked{background:#b54708}"
	".counts span{margin-right:1em}";

static void html_side(tl_buf *b, const char *label, const tlcheck_result *r)
{
	tl_buf_printf(b, "<p><strong>%s</strong> <code>", label);
	html(b, tlcheck_result_file(r));
	tl_buf_puts(b, "</code>");
	if (tlcheck_result_plan(r)[0]) {
		tl_buf_puts(b, " (");
		html(b, tlcheck_result_plan(r));
		tl_buf_putc(b, ')');
	}
	tl_buf_puts(b, "</p>\n");
}

static void write_html(tl_buf *b, const tlcheck_diff *d, const tlcheck_pack *pack, bool ja)
{
	tl_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                 "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>%s</h1>\n",
	              ja ? "ja" : "en", ja ? "tlcheck 差分" : "tlcheck diff", html_style,
	              ja ? "申告書の差分" : "Changes between two declarations");
	html_side(b, ja ? "旧:" : "Old:", d->old_res);
	html_side(b, ja ? "新:" : "New:", d->new_res);
	tl_buf_puts(b, "<p class=\"counts\">");
	for (int c = 0; c < 4; c++) {
		tl_buf_printf(b, "<span><span class=\"badge %s\">%s</span> <span id=\"count-%s\">%zu</span></span>",
		              tlcheck_change_name((tlcheck_change)c), change_label((tlcheck_change)c, ja),
		              tlcheck_change_name((tlcheck_change)c), d->counts[c]);
	}
	tl_buf_puts(b, "</p>\n");
	tl_buf_printf(b, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
	              ja ? "変化" : "Change", ja ? "ルール" : "Rule", ja ? "場所" : "Where",
	              ja ? "パス" : "Path", ja ? "内容" : "Message");
	for (size_t i = 0; i < d->count; i++) {
		const tlcheck_diff_entry *e = &d->items[i];
		const tlcheck_finding *f = e->finding;
		const char *name = tlcheck_change_name(e->change);
		tl_buf_printf(b, "<tr class=\"%s\" data-change=\"%s\"><td><span class=\"badge %s\">%s</span></td><td><code>",
		              name, name, name, change_label(e->change, ja));
		html(b, f->rule);
		tl_buf_printf(b, "</code> %s", tl_severity_label(f->severity, ja));
		if (f->clause[0]) {
			tl_buf_putc(b, ' ');
			html(b, f->clause);
		}
		long ri = pack ? tlcheck_pack_find_rule(pack, f->rule) : -1;
		tlcheck_rule_info info;
		if (ri >= 0 && tlcheck_pack_rule(&info, pack, (size_t)ri, ja ? "ja" : "en") == 0) {
			tl_buf_puts(b, "<br>");
			html(b, info.title);
		}
		tl_buf_puts(b, "</td><td><code>");
		html(b, tlcheck_result_file(owner(d, e)));
		tl_buf_printf(b, ":%u:%u</code></td><td><code>", f->line, f->column);
		html(b, e->stable_path);
		tl_buf_puts(b, "</code></td><td>");
		html(b, f->message);
		tl_buf_puts(b, "</td></tr>\n");
	}
	tl_buf_puts(b, "</tbody>\n</table>\n</body>\n</html>\n");
}

int tlcheck_diff_write(FILE *fp, const tlcheck_diff *d, tlcheck_format format,
                       const tlcheck_pack *pack, const char *lang)
{
	tl_buf b = TL_BUF_INIT;
	bool ja = lang && strcmp(lang, "ja") == 0;
	int rc = 0;

	if (!fp || !d)
		return TLCHECK_EINVALID;
	switch (format) {
	case TLCHECK_FORMAT_TEXT: write_text(&b, d, ja); break;
	case TLCHECK_FORMAT_JSON: write_json(&b, d, pack); break;
	case TLCHECK_FORMAT_HTML: write_html(&b, d, pack, ja); break;
	default: return TLCHECK_EINVALID;
	}
	if (b.oom)
		rc = TLCHECK_ENOMEM;
	else if (b.len && fwrite(b.data, 1, b.len, fp) != b.len)
		rc = TLCHECK_EIO;
	tl_buf_free(&b);
	return rc;
}
