/* csv.c - CSV for spreadsheets: RFC 4180, UTF-8 with a byte-order mark, one row per finding. */
#include "../check/result.h"
#include "escape.h"
#include "writer.h"

/* The byte-order mark makes Excel (notably on Japanese Windows, whose default
 * code page is Shift_JIS) read the file as UTF-8. The header names are fixed
 * in English whatever --lang is: scripts select columns by them. */
static int csv_begin(tlcheck_report *rep)
{
	tl_buf_puts(&rep->out, "\xEF\xBB\xBF"
	                       "file,plan,material,rule,severity,clause,path,line,column,message,status,"
	                       "waiver_reason,waiver_approved_by,waiver_expires\r\n");
	return 0;
}

/* Text that comes from a declaration or a rule pack may begin with a character
 * a spreadsheet takes for a formula: those fields get the guard. */
static int csv_file(tlcheck_report *rep, const tlcheck_result *res)
{
	tl_buf *b = &rep->out;
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		tl_esc_csv(b, res->file, true);
		tl_buf_putc(b, ',');
		tl_esc_csv(b, tlcheck_result_plan(res), true);
		tl_buf_putc(b, ',');
		tl_esc_csv(b, tlcheck_result_material(res), true);
		tl_buf_putc(b, ',');
		tl_esc_csv(b, f->rule, true);
		tl_buf_putc(b, ',');
		tl_buf_puts(b, tlcheck_severity_name(f->severity));
		tl_buf_putc(b, ',');
		tl_esc_csv(b, f->clause, true);
		tl_buf_putc(b, ',');
		tl_esc_csv(b, f->path, true);
		tl_buf_printf(b, ",%u,%u,", f->line, f->column);
		tl_esc_csv(b, f->message, true);
		/* A waived finding carries its waiver, as in every report. */
		tl_buf_puts(b, f->waived ? ",waived," : ",open,");
		tl_esc_csv(b, f->waived ? f->waiver_reason : "", true);
		tl_buf_putc(b, ',');
		tl_esc_csv(b, f->waived ? f->waiver_approver : "", true);
		tl_buf_putc(b, ',');
		tl_esc_csv(b, f->waived ? f->waiver_expires : "", true);
		tl_buf_puts(b, "\r\n");
	}
	return 0;
}

const tl_writer tl_writer_csv = {csv_begin, csv_file, NULL, NULL};
