/* info.c - what a loaded pack tells its users: rules, clauses, parameters, materials. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "pack.h"
#include "tl_version.h"

static bool is_ja(const char *lang)
{
	return lang && strcmp(lang, "ja") == 0;
}

static const char *pick(const tl_text *t, const char *lang)
{
	const char *s = is_ja(lang) ? t->ja : t->en;
	return s && *s ? s : (t->en ? t->en : "");
}

const char *tlcheck_version(void)
{
	return TLCHECK_VERSION_STRING;
}

const char *tlcheck_severity_name(tlcheck_severity s)
{
	switch (s) {
	case TLCHECK_ERROR: return "error";
	case TLCHECK_WARNING: return "warning";
	default: return "info";
	}
}

const char *tlcheck_severity_label(tlcheck_severity s, const char *lang)
{
	return tl_severity_label(s, lang && strcmp(lang, "ja") == 0);
}

const char *tl_severity_label(tlcheck_severity s, bool ja)
{
	switch (s) {
	case TLCHECK_ERROR: return ja ? "エラー" : "error";
	case TLCHECK_WARNING: return ja ? "警告" : "warning";
	default: return ja ? "情報" : "info";
	}
}

int tlcheck_severity_parse(const char *s)
{
	if (strcmp(s, "error") == 0)
		return TLCHECK_ERROR;
	if (strcmp(s, "warning") == 0)
		return TLCHECK_WARNING;
	if (strcmp(s, "info") == 0)
		return TLCHECK_INFO;
	return -1;
}

const char *tlcheck_rule_status_name(tlcheck_rule_status s)
{
	switch (s) {
	case TLCHECK_PASS: return "pass";
	case TLCHECK_FAIL: return "fail";
	case TLCHECK_NOT_APPLICABLE: return "not_applicable";
	case TLCHECK_RULE_ERROR: return "error";
	default: return "not_selected";
	}
}

const char *tlcheck_pack_name(const tlcheck_pack *pack)
{
	return pack->name;
}

const char *tlcheck_pack_version(const tlcheck_pack *pack)
{
	return pack->version;
}

size_t tlcheck_pack_rule_count(const tlcheck_pack *pack)
{
	return pack->nrules;
}

int tlcheck_pack_rule(tlcheck_rule_info *out, const tlcheck_pack *pack, size_t i, const char *lang)
{
	if (i >= pack->nrules)
		return TLCHECK_EINVALID;
	const tl_rule *r = &pack->rules[i];
	out->id = r->id;
	out->clause = r->clause;
	out->severity = r->severity;
	out->title = pick(&r->title, lang);
	out->checks = pick(&r->checks, lang);
	out->remediation = pick(&r->remediation, lang);
	out->example = r->example;
	out->stage = pack->stages[r->stage].name;
	out->covered_only = pack->stages[r->stage].covered_only;
	out->file = r->file;
	out->line = r->pos.line;
	out->params = r->params_used;
	return 0;
}

int tlcheck_pack_rule_cause_fix(const tlcheck_pack *pack, size_t i, size_t k, const char *lang,
                                const char **cause, const char **text)
{
	if (i >= pack->nrules || !pack->rules[i].cause_fix)
		return TLCHECK_EINVALID;
	const tl_text *fix = pack->rules[i].cause_fix;
	for (size_t c = 0; c < TL_NLOAD_CAUSES; c++) {
		if (!fix[c].en || k-- > 0)
			continue;
		*cause = TL_LOAD_CAUSES[c];
		*text = pick(&fix[c], lang);
		return 0;
	}
	return TLCHECK_EINVALID;
}

long tlcheck_pack_find_rule(const tlcheck_pack *pack, const char *id)
{
	for (size_t i = 0; i < pack->nrules; i++)
		if (strcmp(pack->rules[i].id, id) == 0)
			return (long)i;
	return -1;
}

int tlcheck_pack_clause(tlcheck_clause_info *out, const tlcheck_pack *pack, const char *id,
                        const char *lang)
{
	for (size_t i = 0; i < pack->nclauses; i++) {
		const tl_clause *c = &pack->clauses[i];
		if (strcmp(c->id, id) != 0)
			continue;
		out->id = c->id;
		out->title = pick(&c->title, lang);
		out->text_ja = c->text_ja;
		out->text_en = c->text_en;
		return 0;
	}
	return TLCHECK_EINVALID;
}

size_t tlcheck_pack_param_count(const tlcheck_pack *pack)
{
	return pack->nparams;
}

int tlcheck_pack_param(tlcheck_param_info *out, const tlcheck_pack *pack, size_t i, const char *lang)
{
	if (i >= pack->nparams)
		return TLCHECK_EINVALID;
	const tl_param *p = &pack->params[i];
	out->name = p->name;
	out->type = tl_param_type_name(p->type);
	out->value = p->text;
	out->default_value = p->default_text;
	out->meaning = pick(&p->meaning, lang);
	return 0;
}

size_t tlcheck_pack_material_count(const tlcheck_pack *pack)
{
	return pack->nmaterials;
}

/* Whether `code` is in the list parameter `materials` (the covered materials). */
static bool covered(const tlcheck_pack *pack, const char *code)
{
	for (size_t i = 0; i < pack->nparams; i++) {
		const tl_param *p = &pack->params[i];
		if (p->type != TL_PARAM_LIST || strcmp(p->name, "materials") != 0)
			continue;
		for (size_t j = 0; j < p->value.u.list.count; j++) {
			const tl_value *v = &p->value.u.list.items[j];
			if (v->u.str.len == strlen(code) && memcmp(v->u.str.s, code, v->u.str.len) == 0)
				return true;
		}
	}
	return false;
}

int tlcheck_pack_material(tlcheck_material_info *out, const tlcheck_pack *pack, size_t i,
                          const char *lang)
{
	if (i >= pack->nmaterials)
		return TLCHECK_EINVALID;
	const tl_material *m = &pack->materials[i];
	out->code = m->code;
	out->name = pick(&m->name, lang);
	out->ministry = pick(&m->ministry, lang);
	out->covered = covered(pack, m->code);
	out->certified_plans = m->certified_plans;
	return 0;
}

const char *tlcheck_pack_legal_text(const tlcheck_pack *pack, const char *lang)
{
	return pick(&pack->legal_name, lang);
}

char *tlcheck_pack_template(const tlcheck_pack *pack, const char *material)
{
	bool known = false;
	for (size_t i = 0; i < pack->nmaterials; i++)
		if (strcmp(pack->materials[i].code, material) == 0)
			known = true;
	if (!known || !pack->template_text)
		return NULL;
	tl_buf b = TL_BUF_INIT;
	const char *t = pack->template_text;
	for (const char *m; (m = strstr(t, "{material}")); t = m + 10) {
		tl_buf_put(&b, t, (size_t)(m - t));
		tl_buf_puts(&b, material);
	}
	tl_buf_puts(&b, t);
	if (b.oom) {
		tl_buf_free(&b);
		return NULL;
	}
	return tl_buf_detach(&b);
}
