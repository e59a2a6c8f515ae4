/* text.c - compiler-style text: file:line:col: severity[RULE] (clause) message, excerpt, caret. */
#include <stdint.h>
#include <string.h>

#include "../check/result.h"
#include "../util/term.h"
#include "../util/utf8.h"
#include "audit.h"
#include "writer.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"

static const char *sev_color(tlcheck_severity s)
{
	switch (s) {
	case TLCHECK_ERROR: return "\033[1;31m";
	case TLCHECK_WARNING: return "\033[1;33m";
	default: return "\033[1;36m";
	}
}

/* Part of a source line as the terminal is to show it: tabs as single spaces
 * (so that the caret lines up), other control characters escaped. Returns
 * the columns it takes. */
static size_t line_part(tl_buf *out, const char *text, size_t len)
{
	size_t start = out->len, i = 0;
	while (i < len) {
		size_t n = 0;
		while (i + n < len && text[i + n] != '\t')
			n++;
		tl_term_escape(out, text + i, n);
		i += n;
		if (i < len) {
			tl_buf_putc(out, ' ');
			i++;
		}
	}
	return out->oom ? 0 : tl_utf8_width(out->data + start, out->len - start);
}

/* The excerpt: the source line and a caret under the column (columns count
 * characters; wide characters take two cells, an escaped one its escape's). */
static void excerpt(tlcheck_report *rep, const tlcheck_result *res, const tlcheck_finding *f)
{
	const char *text;
	size_t len;
	if (!tlcheck_result_source_line(res, f->line, &text, &len))
		return;
	if (len > 400)
		return; /* a huge line helps nobody in a terminal */
	char num[16];
	int w = snprintf(num, sizeof(num), "%u", f->line);
	tl_buf_printf(&rep->out, " %s | ", num);
	size_t off = 0, col = 1;
	while (col < f->column && off < len) {
		size_t n = tl_utf8_valid_prefix(text + off, len - off);
		off += n ? n : 1;
		col++;
	}
	size_t cells = line_part(&rep->out, text, off);
	line_part(&rep->out, text + off, len - off);
	tl_buf_printf(&rep->out, "\n %*s | ", w, "");
	for (size_t i = 0; i < cells; i++)
		tl_buf_putc(&rep->out, ' ');
	if (rep->opts.color)
		tl_buf_printf(&rep->out, "%s^%s\n", sev_color(f->severity), C_RESET);
	else
		tl_buf_puts(&rep->out, "^\n");
}

static int text_file(tlcheck_report *rep, const tlcheck_result *res)
{
	bool color = rep->opts.color;
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		const char *sev = tlcheck_severity_name(f->severity);
		/* What comes from a declaration, a file name or a waiver is escaped:
		 * it cannot start a line that reads as a finding of its own. */
		if (color)
			tl_buf_puts(&rep->out, C_BOLD);
		tl_term_escape_str(&rep->out, res->file);
		if (color)
			tl_buf_printf(&rep->out, ":%u:%u:" C_RESET " %s%s" C_RESET "[%s]", f->line,
			              f->column, sev_color(f->severity), sev, f->rule);
		else
			tl_buf_printf(&rep->out, ":%u:%u: %s[%s]", f->line, f->column, sev, f->rule);
		if (f->clause[0])
			tl_buf_printf(&rep->out, " %s", f->clause);
		tl_buf_putc(&rep->out, ' ');
		tl_term_escape_str(&rep->out, f->message);
		tl_buf_putc(&rep->out, '\n');
		excerpt(rep, res, f);
		if (f->waived) {
			tl_buf_puts(&rep->out, rep->ja ? " = 免除: " : " = waived: ");
			tl_term_escape_str(&rep->out, f->waiver_reason);
			tl_buf_puts(&rep->out, rep->ja ? " (承認 " : " (approved by ");
			tl_term_escape_str(&rep->out, f->waiver_approver);
			tl_buf_puts(&rep->out, rep->ja ? "、期限 " : ", expires ");
			tl_term_escape_str(&rep->out, f->waiver_expires);
			tl_buf_puts(&rep->out, ")\n");
		}
		if (f->remediation && f->remediation[0])
			tl_buf_printf(&rep->out, rep->ja ? " = 対応: %s\n" : " = help: %s\n", f->remediation);
	}
	return 0;
}

static void plural(tl_buf *b, size_t n, const char *one, const char *many)
{
	tl_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* For a batch: files by material and the rules that fired most. */
static void batch_summary(tlcheck_report *rep)
{
	const tl_report_stats *st = &rep->stats;
	const tlcheck_pack *p = rep->opts.pack;
	const tlcheck_summary *s = &rep->sum;

	tl_buf_printf(&rep->out, rep->ja ? "  問題なし %zu、警告あり %zu、エラーあり %zu\n"
	                                 : "  %zu clean, %zu with warnings, %zu with errors\n",
	              s->files_clean, s->files_with_warnings, s->files_with_errors);
	tl_buf_puts(&rep->out, rep->ja ? "  物資別:" : "  by material:");
	for (size_t i = 0; i < st->nmaterials; i++) {
		const struct tl_mat_count *m = &st->by_material[i];
		tl_buf_puts(&rep->out, i ? ", " : " ");
		/* A plan whose material is not declared (or not text) has none. */
		tl_term_escape_str(&rep->out, m->code[0] ? m->code : rep->ja ? "(記載なし)" : "(not declared)");
		tl_buf_printf(&rep->out, rep->ja ? " %zu 件 (エラーあり %zu)" : " %zu (%zu with errors)",
		              m->files, m->files_with_errors);
	}
	tl_buf_putc(&rep->out, '\n');
	/* The five rules with the most findings, most first, ties by pack order. */
	size_t shown = 0;
	bool used[4096] = {false};
	while (shown < 5) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < st->nrules && i < 4096; i++)
			if (!used[i] && st->by_rule[i] && (best == SIZE_MAX || st->by_rule[i] > st->by_rule[best]))
				best = i;
		if (best == SIZE_MAX)
			break;
		used[best] = true;
		tl_buf_printf(&rep->out, "%s %s ×%zu", shown ? "," : (rep->ja ? "  多い指摘:" : "  most frequent:"),
		              p->rules[best].id, st->by_rule[best]);
		shown++;
	}
	if (shown)
		tl_buf_putc(&rep->out, '\n');
}

static int text_end(tlcheck_report *rep, int exit_status)
{
	const tlcheck_summary *s = &rep->sum;
	if (!rep->opts.summary)
		return 0;
	if (rep->ja) {
		tl_buf_printf(&rep->out, "%zu ファイルを検査: エラー %zu 件、警告 %zu 件、情報 %zu 件",
		              s->files, s->findings[TLCHECK_ERROR], s->findings[TLCHECK_WARNING],
		              s->findings[TLCHECK_INFO]);
		if (s->waived)
			tl_buf_printf(&rep->out, "、免除 %zu 件", s->waived);
		if (s->failed_files)
			tl_buf_printf(&rep->out, " (読み込めなかったファイル %zu 件)", s->failed_files);
	} else {
		plural(&rep->out, s->files, "file", "files");
		tl_buf_puts(&rep->out, " checked: ");
		plural(&rep->out, s->findings[TLCHECK_ERROR], "error", "errors");
		tl_buf_puts(&rep->out, ", ");
		plural(&rep->out, s->findings[TLCHECK_WARNING], "warning", "warnings");
		tl_buf_printf(&rep->out, ", %zu info", s->findings[TLCHECK_INFO]);
		if (s->waived)
			tl_buf_printf(&rep->out, ", %zu waived", s->waived);
		if (s->failed_files) {
			tl_buf_puts(&rep->out, " (");
			plural(&rep->out, s->failed_files, "file", "files");
			tl_buf_puts(&rep->out, " could not be read)");
		}
	}
	tl_buf_putc(&rep->out, '\n');
	if (s->files > 1)
		batch_summary(rep);
	tl_audit_text(rep);
	(void)exit_status;
	return 0;
}

const tl_writer tl_writer_text = {NULL, text_file, text_end, NULL};
