/* json.c - the JSON document of interfaces.md, plus rule statuses (evidence). */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "audit.h"
#include "writer.h"

/* Every file lists every rule with its status: the part of each entry that
 * never changes is rendered once, here. */
typedef struct json_state {
	tl_buf rules;          /* the entries' openings, one after another */
	size_t *start;         /* where rule i's opening begins in `rules`; nrules + 1 */
} json_state;

static int json_begin(tlcheck_report *rep)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	json_state *st = calloc(1, sizeof(*st));

	if (!st)
		return TLCHECK_ENOMEM;
	rep->state = st;
	st->start = malloc((p->nrules + 1) * sizeof(*st->start));
	if (!st->start)
		return TLCHECK_ENOMEM;
	for (size_t i = 0; i < p->nrules; i++) {
		st->start[i] = st->rules.len;
		tl_buf_puts(&st->rules, i ? ",\n        {\"rule\": " : "\n        {\"rule\": ");
		tl_buf_json_cstr(&st->rules, p->rules[i].id);
		tl_buf_puts(&st->rules, ", \"status\": \"");
	}
	st->start[p->nrules] = st->rules.len;
	if (st->rules.oom)
		return TLCHECK_ENOMEM;
	tl_buf_puts(b, "{\n  \"tool\": {\"name\": \"tlcheck\", \"version\": ");
	tl_buf_json_cstr(b, tlcheck_version());
	tl_buf_puts(b, "},\n  \"rulepack\": {\"name\": ");
	tl_buf_json_cstr(b, p->name);
	tl_buf_puts(b, ", \"version\": ");
	tl_buf_json_cstr(b, p->version);
	tl_buf_puts(b, "},\n  \"results\": [");
	return 0;
}

static int json_file(tlcheck_report *rep, const tlcheck_result *res)
{
	tl_buf *b = &rep->out;
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf_puts(b, rep->nresults ? ",\n    {" : "\n    {");
	tl_buf_puts(b, "\n      \"file\": ");
	tl_buf_json_cstr(b, res->file);
	tl_buf_puts(b, ",\n      \"plan\": ");
	tl_buf_json_cstr(b, tlcheck_result_plan(res));
	tl_buf_puts(b, ",\n      \"material\": ");
	tl_buf_json_cstr(b, tlcheck_result_material(res));
	tl_buf_puts(b, ",\n      \"ministry\": ");
	tl_buf_json_cstr(b, tlcheck_result_ministry(res));
	tl_buf_puts(b, res->load_failed ? ",\n      \"loaded\": false" : ",\n      \"loaded\": true");
	tl_buf_puts(b, ",\n      \"findings\": [");
	for (size_t i = 0; i < res->nfindings; i++) {
		const tlcheck_finding *f = &res->findings[i];
		tl_buf_puts(b, i ? ",\n        {" : "\n        {");
		tl_buf_puts(b, "\"rule\": ");
		tl_buf_json_cstr(b, f->rule);
		tl_buf_puts(b, ", \"severity\": ");
		tl_buf_json_cstr(b, tlcheck_severity_name(f->severity));
		tl_buf_puts(b, ", \"clause\": ");
		tl_buf_json_cstr(b, f->clause);
		tl_buf_puts(b, ", \"path\": ");
		tl_buf_json_cstr(b, f->path);
		tl_buf_puts(b, ", \"line\": ");
		tl_buf_put_uint(b, f->line);
		tl_buf_puts(b, ", \"column\": ");
		tl_buf_put_uint(b, f->column);
		tl_buf_puts(b, ", \"message\": ");
		tl_buf_json_cstr(b, f->message);
		if (f->rule_severity != f->severity) {
			tl_buf_puts(b, ", \"rule_severity\": ");
			tl_buf_json_cstr(b, tlcheck_severity_name(f->rule_severity));
		}
		tl_buf_puts(b, ", \"status\": ");
		tl_buf_json_cstr(b, f->waived ? "waived" : "open");
		if (f->waived) {
			tl_buf_puts(b, ", \"waiver\": {\"reason\": ");
			tl_buf_json_cstr(b, f->waiver_reason);
			tl_buf_puts(b, ", \"approved_by\": ");
			tl_buf_json_cstr(b, f->waiver_approver);
			tl_buf_puts(b, ", \"expires\": ");
			tl_buf_json_cstr(b, f->waiver_expires);
			tl_buf_putc(b, '}');
		}
		if (f->rule_error)
			tl_buf_puts(b, ", \"rule_error\": true");
		tl_audit_json_finding(rep, i);
		tl_buf_puts(b, ", \"remediation\": ");
		tl_buf_json_cstr(b, f->remediation);
		tl_buf_putc(b, '}');
	}
	tl_buf_puts(b, res->nfindings ? "\n      ],\n" : "],\n");
	tl_buf_puts(b, "      \"rules\": [");
	const json_state *st = rep->state;
	for (size_t i = 0; i < p->nrules; i++) {
		tl_buf_put(b, st->rules.data + st->start[i], st->start[i + 1] - st->start[i]);
		tl_buf_puts(b, tlcheck_rule_status_name(tlcheck_result_rule_status(res, i)));
		tl_buf_put(b, "\"}", 2);
	}
	tl_buf_puts(b, "\n      ]\n    }");
	return 0;
}

static int json_end(tlcheck_report *rep, int exit_status)
{
	tl_buf *b = &rep->out;
	const tlcheck_summary *s = &rep->sum;
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf_puts(b, rep->nresults ? "\n  ],\n" : "],\n");
	tl_buf_printf(b,
	              "  \"summary\": {\"files\": %zu, \"error\": %zu, \"warning\": %zu, \"info\": %zu, "
	              "\"waived\": %zu, \"unreadable\": %zu, \"clean\": %zu, \"with_warnings\": %zu, "
	              "\"with_errors\": %zu",
	              s->files, s->findings[TLCHECK_ERROR], s->findings[TLCHECK_WARNING],
	              s->findings[TLCHECK_INFO], s->waived, s->failed_files, s->files_clean,
	              s->files_with_warnings, s->files_with_errors);
	tl_buf_puts(b, ",\n    \"by_rule\": {");
	bool first = true;
	for (size_t i = 0; i < p->nrules; i++) {
		if (!rep->stats.by_rule[i])
			continue;
		tl_buf_puts(b, first ? "" : ", ");
		tl_buf_json_cstr(b, p->rules[i].id);
		tl_buf_printf(b, ": %zu", rep->stats.by_rule[i]);
		first = false;
	}
	tl_buf_puts(b, "},\n    \"by_material\": {");
	for (size_t i = 0; i < rep->stats.nmaterials; i++) {
		const struct tl_mat_count *m = &rep->stats.by_material[i];
		tl_buf_puts(b, i ? ", " : "");
		tl_buf_json_cstr(b, m->code);
		tl_buf_printf(b, ": {\"files\": %zu, \"findings\": %zu}", m->files, m->findings);
	}
	tl_buf_putc(b, '}');
	tl_audit_json_summary(rep);
	tl_buf_printf(b, ",\n    \"exit_status\": %d}", exit_status);
	tl_audit_json_tail(rep);
	tl_buf_puts(b, "\n}\n");
	return 0;
}

static void json_free(tlcheck_report *rep)
{
	json_state *st = rep->state;
	if (!st)
		return;
	tl_buf_free(&st->rules);
	free(st->start);
	free(st);
	rep->state = NULL;
}

const tl_writer tl_writer_json = {json_begin, json_file, json_end, json_free};
