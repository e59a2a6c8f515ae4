/* result.c - one file's result: findings in stable order and rule statuses. */
#include "result.h"
#include "../util/sort.h"

#include <stdlib.h>
#include <string.h>

tlcheck_finding *tl_result_add(tlcheck_result *res, const tl_rule *rule, long rule_index,
                               tlcheck_severity sev, const char *path, tl_pos pos,
                               const char *message, const char *remediation)
{
	if (res->nfindings == res->capfindings) {
		size_t cap = res->capfindings ? res->capfindings * 2 : 16;
		tlcheck_finding *f = tl_arena_grow(&res->arena, res->findings,
		                                   res->nfindings * sizeof(*f), cap * sizeof(*f));
		if (!f)
			return NULL;
		res->findings = f;
		res->capfindings = cap;
	}
	tlcheck_finding *f = &res->findings[res->nfindings];
	memset(f, 0, sizeof(*f));
	f->rule = rule->id;
	f->rule_index = rule_index;
	f->severity = sev;
	f->rule_severity = rule->severity;
	f->clause = rule->clause;
	f->path = tl_arena_strdup(&res->arena, path ? path : "");
	f->line = pos.line ? pos.line : 1;
	f->column = pos.col ? pos.col : 1;
	f->message = tl_arena_strdup(&res->arena, message ? message : "");
	f->remediation = remediation ? remediation : "";
	if (!f->path || !f->message)
		return NULL;
	res->nfindings++;
	return f;
}

typedef struct keyed {
	const tlcheck_finding *f;
	size_t idx;
} keyed;

static int cmp_finding(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	if (a->f->line != b->f->line)
		return a->f->line < b->f->line ? -1 : 1;
	if (a->f->column != b->f->column)
		return a->f->column < b->f->column ? -1 : 1;
	int c = strcmp(a->f->rule, b->f->rule);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

int tl_result_sort(tlcheck_result *res)
{
	size_t n = res->nfindings;
	int rc = TL_ENOMEM;
	if (n < 2)
		return 0;
	keyed *k = malloc(n * sizeof(*k));
	tlcheck_finding *copy = malloc(n * sizeof(*copy));
	if (!k || !copy)
		goto out;
	for (size_t i = 0; i < n; i++) {
		k[i].f = &res->findings[i];
		k[i].idx = i;
	}
	tl_sort(k, n, sizeof(*k), cmp_finding);
	for (size_t i = 0; i < n; i++)
		copy[i] = *k[i].f;
	memcpy(res->findings, copy, n * sizeof(*copy));
	rc = 0;
out:
	free(k);
	free(copy);
	return rc;
}

void tlcheck_result_free(tlcheck_result *res)
{
	if (!res)
		return;
	tl_doc_free(res->doc);
	tl_arena_clear(&res->arena);
	free(res);
}

const char *tlcheck_result_file(const tlcheck_result *res)
{
	return res->file;
}

bool tlcheck_result_file_id(const tlcheck_result *res, unsigned long long *dev,
                            unsigned long long *ino)
{
	if (!res->id.known)
		return false;
	*dev = res->id.dev;
	*ino = res->id.ino;
	return true;
}

const char *tlcheck_result_plan(const tlcheck_result *res)
{
	return res->plan ? res->plan : "";
}

const char *tlcheck_result_material(const tlcheck_result *res)
{
	return res->material ? res->material : "";
}

const char *tlcheck_result_ministry(const tlcheck_result *res)
{
	return res->ministry ? res->ministry : "";
}

bool tlcheck_result_load_failed(const tlcheck_result *res)
{
	return res->load_failed;
}

size_t tlcheck_result_finding_count(const tlcheck_result *res)
{
	return res->nfindings;
}

const tlcheck_finding *tlcheck_result_finding(const tlcheck_result *res, size_t i)
{
	return i < res->nfindings ? &res->findings[i] : NULL;
}

tlcheck_rule_status tlcheck_result_rule_status(const tlcheck_result *res, size_t rule)
{
	return rule < res->nrules ? (tlcheck_rule_status)res->status[rule] : TLCHECK_NOT_SELECTED;
}

bool tlcheck_result_source_line(const tlcheck_result *res, uint32_t line, const char **text,
                                size_t *len)
{
	if (res->doc)
		return tl_doc_line(res->doc, line, text, len);
	if (res->err_line && line == res->err_line_no) {
		*text = res->err_line;
		*len = strlen(res->err_line);
		return true;
	}
	return false;
}
