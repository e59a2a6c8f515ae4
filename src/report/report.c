/* report.c - one walk over results that drives every output format. */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "audit.h"
#include "writer.h"

static const char *const format_names[] = {"text", "json", "sarif", "junit", "csv", "html"};

int tlcheck_format_parse(const char *name)
{
	for (int i = 0; i < 6; i++)
		if (strcmp(format_names[i], name) == 0)
			return i;
	return -1;
}

static const tl_writer *writer_for(tlcheck_format f)
{
	switch (f) {
	case TLCHECK_FORMAT_TEXT: return &tl_writer_text;
	case TLCHECK_FORMAT_JSON: return &tl_writer_json;
	case TLCHECK_FORMAT_SARIF: return &tl_writer_sarif;
	case TLCHECK_FORMAT_JUNIT: return &tl_writer_junit;
	case TLCHECK_FORMAT_CSV: return &tl_writer_csv;
	case TLCHECK_FORMAT_HTML: return &tl_writer_html;
	}
	return NULL;
}

void tl_report_flush(tlcheck_report *rep)
{
	if (rep->out.oom)
		rep->io_error = true;
	if (rep->out.len && fwrite(rep->out.data, 1, rep->out.len, rep->fp) != rep->out.len)
		rep->io_error = true;
	if (rep->out.len)
		rep->mid_line = rep->out.data[rep->out.len - 1] != '\n';
	tl_buf_reset(&rep->out);
}

void tl_spool_open(tl_spool *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->fp = tmpfile();
}

int tl_spool_put(tlcheck_report *rep, tl_spool *sp, const char *data, size_t len)
{
	if (!sp->fp) {
		tl_buf_put(&sp->mem, data, len);
		return sp->mem.oom ? TLCHECK_ENOMEM : 0;
	}
	if (fwrite(data, 1, len, sp->fp) != len)
		rep->io_error = true;
	return 0;
}

void tl_spool_copy(tlcheck_report *rep, tl_spool *sp)
{
	tl_report_flush(rep);
	if (!sp->fp) {
		if (sp->mem.len && fwrite(sp->mem.data, 1, sp->mem.len, rep->fp) != sp->mem.len)
			rep->io_error = true;
		if (sp->mem.len)
			rep->mid_line = sp->mem.data[sp->mem.len - 1] != '\n';
		return;
	}
	char chunk[16384];
	size_t n;
	if (fflush(sp->fp) != 0 || fseek(sp->fp, 0, SEEK_SET) != 0) {
		rep->io_error = true;
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), sp->fp)) > 0) {
		if (fwrite(chunk, 1, n, rep->fp) != n)
			rep->io_error = true;
		rep->mid_line = chunk[n - 1] != '\n';
	}
	if (ferror(sp->fp))
		rep->io_error = true;
}

void tl_spool_free(tl_spool *sp)
{
	if (sp->fp)
		fclose(sp->fp);
	tl_buf_free(&sp->mem);
	memset(sp, 0, sizeof(*sp));
}

const char *tl_report_rule_title(const tlcheck_report *rep, long rule_index)
{
	const tlcheck_pack *p = rep->opts.pack;
	if (!p || rule_index < 0 || (size_t)rule_index >= p->nrules)
		return "";
	const tl_rule *r = &p->rules[rule_index];
	return rep->ja && r->title.ja[0] ? r->title.ja : r->title.en;
}

bool tl_finding_fails(const tlcheck_report *rep, const tlcheck_finding *f)
{
	if (rep->opts.fail_never || f->waived)
		return false;
	return f->severity >= rep->opts.fail_on;
}

int tlcheck_report_new(tlcheck_report **out, FILE *fp, const tlcheck_report_options *opts)
{
	tlcheck_report *rep;
	*out = NULL;
	if (!opts || !opts->pack || opts->version != TLCHECK_REPORT_OPTIONS_VERSION)
		return TLCHECK_EINVALID;
	const tl_writer *w = writer_for(opts->format);
	if (!w)
		return TLCHECK_EINVALID;
	rep = calloc(1, sizeof(*rep));
	if (!rep)
		return TLCHECK_ENOMEM;
	rep->opts = *opts;
	rep->fp = fp;
	rep->w = w;
	rep->ja = opts->lang && strcmp(opts->lang, "ja") == 0;
	rep->stats.nrules = opts->pack->nrules;
	rep->stats.by_rule = calloc(opts->pack->nrules + 1, sizeof(size_t));
	if (!rep->stats.by_rule) {
		free(rep);
		return TLCHECK_ENOMEM;
	}
	int rc = w->begin ? w->begin(rep) : 0;
	tl_report_flush(rep);
	if (rc != 0) {
		tlcheck_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

static struct tl_mat_count *material_slot(tlcheck_report *rep, const char *code)
{
	tl_report_stats *s = &rep->stats;
	for (size_t i = 0; i < s->nmaterials; i++)
		if (strcmp(s->by_material[i].code, code) == 0)
			return &s->by_material[i];
	if (s->nmaterials == s->capmaterials) {
		size_t cap = s->capmaterials ? s->capmaterials * 2 : 16;
		struct tl_mat_count *m = tl_arena_grow(&s->arena, s->by_material,
		                                       s->nmaterials * sizeof(*m), cap * sizeof(*m));
		if (!m)
			return NULL;
		s->by_material = m;
		s->capmaterials = cap;
	}
	struct tl_mat_count *m = &s->by_material[s->nmaterials];
	memset(m, 0, sizeof(*m));
	m->code = tl_arena_strdup(&s->arena, code);
	if (!m->code)
		return NULL;
	s->nmaterials++;
	return m;
}

int tlcheck_report_add(tlcheck_report *rep, const tlcheck_result *res)
{
	tlcheck_summary *s = &rep->sum;
	bool err = false, warn = false;
	size_t nf = 0, nerr = 0;

	s->files++;
	if (res->load_failed)
		s->failed_files++;
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		if (f->waived) {
			s->waived++;
			continue;
		}
		s->findings[f->severity]++;
		nf++;
		if (f->severity == TLCHECK_ERROR) {
			err = true;
			nerr++;
		} else if (f->severity == TLCHECK_WARNING) {
			warn = true;
		}
		if (f->rule_index >= 0 && (size_t)f->rule_index < rep->stats.nrules)
			rep->stats.by_rule[f->rule_index]++;
	}
	if (err)
		s->files_with_errors++;
	else if (warn)
		s->files_with_warnings++;
	else
		s->files_clean++;
	struct tl_mat_count *m = material_slot(rep, res->material ? res->material : "");
	if (m) {
		m->files++;
		m->findings += nf;
		m->errors += nerr;
		if (nerr)
			m->files_with_errors++;
		if (nerr || res->load_failed)
			m->files_failing++;
	}
	int rc = tl_audit_add(rep, res);
	if (rc == 0 && rep->w->file)
		rc = rep->w->file(rep, res);
	rep->nresults++;
	tl_report_flush(rep);
	return rc;
}

bool tlcheck_report_mid_line(const tlcheck_report *rep)
{
	return rep && rep->mid_line;
}

int tlcheck_report_finish(tlcheck_report *rep, int exit_status)
{
	int rc = rep->w->end ? rep->w->end(rep, exit_status) : 0;
	tl_report_flush(rep);
	if (fflush(rep->fp) != 0 || ferror(rep->fp))
		rep->io_error = true;
	if (rc == 0 && rep->io_error)
		rc = TLCHECK_EIO;
	return rc;
}

void tlcheck_report_summary(const tlcheck_report *rep, tlcheck_summary *out)
{
	*out = rep->sum;
}

void tlcheck_report_free(tlcheck_report *rep)
{
	if (!rep)
		return;
	if (rep->w && rep->w->free)
		rep->w->free(rep);
	tl_buf_free(&rep->out);
	free(rep->stats.by_rule);
	tl_arena_clear(&rep->stats.arena);
	tl_audit_free(rep);
	free(rep);
}
