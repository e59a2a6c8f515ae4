/* params.c - pack parameters: types, defaults, --param overrides, the `params` map. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/diags.h"
#include "load_ctx.h"

static const char *const type_names[] = {"decimal", "int", "date", "string", "bool", "list"};

const char *tl_param_type_name(tl_param_type t)
{
	return type_names[t];
}

static int parse_list(tl_value *out, tlcheck_pack *pack, const char *s)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		if (*p == ',')
			n++;
	if (!*s)
		n = 0;
	tl_value *items = tl_arena_alloc(&pack->arena, (n + 1) * sizeof(tl_value));
	if (!items)
		return TL_ENOMEM;
	size_t k = 0;
	const char *p = s;
	while (n && *p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		while (len && (*p == ' ')) {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (len) {
			const char *copy = tl_arena_strndup(&pack->arena, p, len);
			if (!copy)
				return TL_ENOMEM;
			items[k++] = tl_value_string(copy, len);
		}
		if (!c)
			break;
		p = c + 1;
	}
	*out = tl_value_list(items, k);
	return 0;
}

int tl_param_parse(tl_value *out, const char **text, tlcheck_pack *pack, tl_param_type type,
                   const char *s, tl_error *err)
{
	tl_pos nopos = {0, 0};
	size_t len = strlen(s);

	switch (type) {
	case TL_PARAM_DECIMAL: {
		tl_decimal d;
		int drc = tl_decimal_parse(&d, s, len);
		if (drc == TL_DEC_OVERFLOW) {
			/* A number all the same: say what is wrong with it. */
			tl_error_set(err, TL_EINVALID, nopos,
			             "`%s` has too many digits, or is too large or too small, to be held "
			             "exactly: written out, a decimal has at most %d digits (at most %d of "
			             "them after the point)", s, TL_DECIMAL_DIGITS, TL_DECIMAL_DIGITS);
			tl_error_set_ja(err, "`%s` は桁数が多すぎるか値が大きすぎる・小さすぎるため、正確に扱えません"
			                " (小数は書き表して %d 桁まで、うち小数点以下も %d 桁まで)",
			                s, TL_DECIMAL_DIGITS, TL_DECIMAL_DIGITS);
			return TL_EINVALID;
		}
		if (drc != TL_DEC_OK) {
			tl_error_set(err, TL_EINVALID, nopos, "`%s` is not a decimal number", s);
			tl_error_set_ja(err, "`%s` は数値 (10 進数) ではありません", s);
			return TL_EINVALID;
		}
		*out = tl_value_decimal(&d);
		break;
	}
	case TL_PARAM_INT: {
		char *end = NULL;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (len && !*end && errno == ERANGE) {
			/* A whole number all the same: say what is wrong with it. */
			tl_error_set(err, TL_EINVALID, nopos,
			             "`%s` is a whole number too large to be a value here", s);
			tl_error_set_ja(err, "`%s` は値として大きすぎる整数です", s);
			return TL_EINVALID;
		}
		if (!len || *end || errno) {
			tl_error_set(err, TL_EINVALID, nopos, "`%s` is not a whole number", s);
			tl_error_set_ja(err, "`%s` は整数ではありません", s);
			return TL_EINVALID;
		}
		*out = tl_value_int(v);
		break;
	}
	case TL_PARAM_DATE: {
		tl_date d;
		if (tl_date_parse(&d, s, len) != TL_DATE_OK) {
			tl_error_set(err, TL_EINVALID, nopos, "`%s` is not a date (YYYY-MM-DD)", s);
			tl_error_set_ja(err, "`%s` は日付 (YYYY-MM-DD) ではありません", s);
			return TL_EINVALID;
		}
		*out = tl_value_date(d);
		break;
	}
	case TL_PARAM_BOOL:
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) {
			tl_error_set(err, TL_EINVALID, nopos, "`%s` is not true or false", s);
			tl_error_set_ja(err, "`%s` は true でも false でもありません", s);
			return TL_EINVALID;
		}
		*out = tl_value_bool(s[0] == 't');
		break;
	case TL_PARAM_STRING: {
		const char *copy = tl_arena_strndup(&pack->arena, s, len);
		if (!copy)
			return TL_ENOMEM;
		*out = tl_value_string(copy, len);
		break;
	}
	case TL_PARAM_LIST:
		if (parse_list(out, pack, s) != 0)
			return TL_ENOMEM;
		break;
	}
	*text = tl_arena_strdup(&pack->arena, s);
	return *text ? 0 : TL_ENOMEM;
}

/* Compares two values of a decimal or int parameter. */
static int compare(const tl_param *pa, const tl_value *a, const tl_value *b)
{
	if (pa->type == TL_PARAM_INT)
		return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
	return tl_decimal_cmp(&a->u.d, &b->u.d);
}

/* Whether parameter `pa` may take value `v` (text `text`): false, with the
 * reason in *err, when it is below `min`, above `max`, or an item is not a
 * material code of the pack. */
static bool value_allowed(const tlcheck_pack *p, const tl_param *pa, const tl_value *v,
                          const char *text, tl_error *err)
{
	tl_pos nopos = {0, 0};
	if (pa->has_min && compare(pa, v, &pa->min) < 0) {
		tl_error_set(err, TL_EINVALID, nopos, "`%s` is below the minimum, %s", text, pa->min_text);
		tl_error_set_ja(err, "`%s` は最小値 %s を下回っています", text, pa->min_text);
		return false;
	}
	if (pa->has_max && compare(pa, v, &pa->max) > 0) {
		tl_error_set(err, TL_EINVALID, nopos, "`%s` is above the maximum, %s", text, pa->max_text);
		tl_error_set_ja(err, "`%s` は最大値 %s を超えています", text, pa->max_text);
		return false;
	}
	/* `--param materials=` (an empty variable, say) would take every
	 * leakage rule off every material, unnoticed. */
	if (pa->items_material && v->u.list.count == 0) {
		tl_error_set(err, TL_EINVALID, nopos, "`%s` names no material: give at least one code", text);
		tl_error_set_ja(err, "`%s` に物資コードがありません。少なくとも一つ記載してください", text);
		return false;
	}
	for (size_t i = 0; pa->items_material && i < v->u.list.count; i++) {
		const tl_value *it = &v->u.list.items[i];
		bool known = false;
		for (size_t m = 0; m < p->nmaterials && !known; m++)
			known = strlen(p->materials[m].code) == it->u.str.len &&
			        memcmp(p->materials[m].code, it->u.str.s, it->u.str.len) == 0;
		if (known)
			continue;
		tl_buf codes = TL_BUF_INIT;
		for (size_t m = 0; m < p->nmaterials; m++)
			tl_buf_printf(&codes, "%s%s", m ? ", " : "", p->materials[m].code);
		tl_error_set(err, TL_EINVALID, nopos, "`%.*s` is not a material code of the pack (%s)",
		             (int)it->u.str.len, it->u.str.s, codes.data ? codes.data : "");
		tl_error_set_ja(err, "`%.*s` はこのパックの物資コードではありません (%s)",
		                (int)it->u.str.len, it->u.str.s, codes.data ? codes.data : "");
		tl_buf_free(&codes);
		return false;
	}
	return true;
}

/* A parameter's `min` or `max` (decimal and int only); false after an error. */
static bool load_bound(tl_pk *pk, const tl_node *v, tl_param *pa, const char *key, tl_value *out,
                       const char **text)
{
	const tl_node *n = tl_node_get(v, key);
	if (!n)
		return false;
	if (pa->type != TL_PARAM_DECIMAL && pa->type != TL_PARAM_INT) {
		tl_pk_error(pk, n, "`%s` is for decimal and int parameters, not for `%s` (%s)",
		            "`%s` は decimal・int 型のパラメータにだけ使えます (`%s` は %s 型)", key, pa->name,
		            type_names[pa->type]);
		return false;
	}
	tl_error err;
	tl_error_clear(&err);
	if (n->kind != TL_NODE_SCALAR ||
	    tl_param_parse(out, text, pk->pack, pa->type, n->u.scalar.text, &err) != 0) {
		tl_pk_error(pk, n, "the %s of parameter `%s` is not a %s", "%s (パラメータ `%s`) が %s 型ではありません",
		            key, pa->name, type_names[pa->type]);
		return false;
	}
	return true;
}

int tl_pk_load_params(tl_pk *pk, const tl_node *params)
{
	static const char *const keys[] = {"type", "default", "meaning", "min", "max", "items", NULL};
	tlcheck_pack *p = pk->pack;
	if (!params)
		return 0;
	p->params = tl_arena_alloc(&p->arena, (params->u.map.count + 1) * sizeof(tl_param));
	if (!p->params)
		return TL_ENOMEM;
	for (size_t i = 0; i < params->u.map.count; i++) {
		const tl_node *k = params->u.map.pairs[i].key, *v = params->u.map.pairs[i].value;
		tl_param *pa = &p->params[p->nparams];
		pa->name = tl_pk_string(pk, k);
		if (!pa->name)
			continue;
		if (v->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, v, "parameter `%s` must be a mapping with type, default and meaning",
			            "パラメータ `%s` は type・default・meaning を持つマッピングで記載してください",
			            pa->name);
			continue;
		}
		tl_pk_check_keys(pk, v, "a parameter", keys);
		const tl_node *tn = tl_pk_need(pk, v, "type", TL_NODE_SCALAR);
		const tl_node *dn = tl_pk_need(pk, v, "default", -1);
		tl_pk_text(pk, tl_pk_need(pk, v, "meaning", TL_NODE_MAPPING), &pa->meaning);
		if (!tn || !dn)
			continue;
		int type = -1;
		for (int t = 0; t < 6; t++)
			if (strcmp(tl_node_text(tn), type_names[t]) == 0)
				type = t;
		if (type < 0) {
			tl_pk_error(pk, tn, "unknown parameter type `%s` (decimal, int, date, string, bool, list)",
			            "パラメータの型 `%s` は使えません (decimal, int, date, string, bool, list)",
			            tl_node_text(tn));
			continue;
		}
		pa->type = (tl_param_type)type;
		tl_buf text = TL_BUF_INIT;
		if (type == TL_PARAM_LIST) {
			if (dn->kind != TL_NODE_SEQUENCE) {
				tl_pk_error(pk, dn, "the default of list parameter `%s` must be a list",
				            "リスト型パラメータ `%s` の default はリストで記載してください", pa->name);
				continue;
			}
			for (size_t j = 0; j < dn->u.seq.count; j++) {
				const char *t = tl_node_text(dn->u.seq.items[j]);
				if (!t || strchr(t, ',')) {
					tl_pk_error(pk, dn->u.seq.items[j], "list items must be text without commas",
					            "リストの要素はカンマを含まないテキストで記載してください");
					continue;
				}
				tl_buf_printf(&text, "%s%s", j ? "," : "", t);
			}
		} else if (dn->kind != TL_NODE_SCALAR) {
			tl_pk_error(pk, dn, "the default of parameter `%s` must be a %s",
			            "パラメータ `%s` の default は %s 型の値で記載してください", pa->name,
			            type_names[type]);
			continue;
		} else {
			tl_buf_put(&text, dn->u.scalar.text, dn->u.scalar.len);
		}
		pa->has_min = load_bound(pk, v, pa, "min", &pa->min, &pa->min_text);
		pa->has_max = load_bound(pk, v, pa, "max", &pa->max, &pa->max_text);
		const tl_node *items = tl_node_get(v, "items");
		if (items) {
			const char *it = tl_node_text(items);
			if (type != TL_PARAM_LIST || !it || strcmp(it, "material") != 0)
				tl_pk_error(pk, items, "`items` is for list parameters, and can only be `material`",
				            "`items` はリスト型パラメータにだけ使え、値は `material` だけです");
			else
				pa->items_material = true;
		}
		tl_error err;
		tl_error_clear(&err);
		if (tl_param_parse(&pa->value, &pa->text, p, pa->type, text.data ? text.data : "", &err) != 0) {
			tl_pk_error(pk, dn, "the default of parameter `%s` is not a %s: %s",
			            "パラメータ `%s` の default が %s 型ではありません: %s", pa->name,
			            type_names[type], err.msg);
			tl_buf_free(&text);
			continue;
		}
		if (!value_allowed(p, pa, &pa->value, pa->text, &err)) {
			tl_pk_error(pk, dn, "the default of parameter `%s` is not allowed: %s",
			            "パラメータ `%s` の default は使えません: %s", pa->name, err.msg);
			tl_buf_free(&text);
			continue;
		}
		pa->default_text = pa->text;
		tl_buf_free(&text);
		p->nparams++;
	}
	return 0;
}

int tl_pack_build_params(tlcheck_pack *p)
{
	tl_mapent *ents = tl_arena_alloc(&p->arena, (p->nparams + 1) * sizeof(tl_mapent));
	tl_value *vals = tl_arena_alloc(&p->arena, (p->nparams * 2 + 1) * sizeof(tl_value));
	if (!ents || !vals)
		return TL_ENOMEM;
	for (size_t i = 0; i < p->nparams; i++) {
		vals[2 * i] = tl_value_string(p->params[i].name, strlen(p->params[i].name));
		vals[2 * i + 1] = p->params[i].value;
		ents[i].key = &vals[2 * i];
		ents[i].val = &vals[2 * i + 1];
	}
	p->params_value = tl_value_map(ents, p->nparams);

	/* materials: code → {en, ja, ministry_en, ministry_ja} */
	tl_mapent *ments = tl_arena_alloc(&p->arena, (p->nmaterials + 1) * sizeof(tl_mapent));
	tl_value *mvals = tl_arena_alloc(&p->arena, (p->nmaterials * 2 + 1) * sizeof(tl_value));
	if (!ments || !mvals)
		return TL_ENOMEM;
	for (size_t i = 0; i < p->nmaterials; i++) {
		const tl_material *m = &p->materials[i];
		static const char *const names[] = {"en", "ja", "ministry_en", "ministry_ja"};
		const char *texts[4] = {m->name.en, m->name.ja, m->ministry.en, m->ministry.ja};
		tl_mapent *e = tl_arena_alloc(&p->arena, 4 * sizeof(tl_mapent));
		tl_value *v = tl_arena_alloc(&p->arena, 8 * sizeof(tl_value));
		if (!e || !v)
			return TL_ENOMEM;
		for (int j = 0; j < 4; j++) {
			v[2 * j] = tl_value_string(names[j], strlen(names[j]));
			v[2 * j + 1] = tl_value_string(texts[j], strlen(texts[j]));
			e[j].key = &v[2 * j];
			e[j].val = &v[2 * j + 1];
		}
		mvals[2 * i] = tl_value_string(m->code, strlen(m->code));
		mvals[2 * i + 1] = tl_value_map(e, 4);
		ments[i].key = &mvals[2 * i];
		ments[i].val = &mvals[2 * i + 1];
	}
	p->materials_value = tl_value_map(ments, p->nmaterials);
	return 0;
}

int tlcheck_pack_set_param(tlcheck_pack *pack, const char *name, const char *value,
                           const char *lang, char **errmsg)
{
	tl_error err;
	tl_error_clear(&err);
	if (errmsg)
		*errmsg = NULL;
	for (size_t i = 0; i < pack->nparams; i++) {
		tl_param *pa = &pack->params[i];
		if (strcmp(pa->name, name) != 0)
			continue;
		tl_value v;
		const char *text;
		int rc = tl_param_parse(&v, &text, pack, pa->type, value, &err);
		if (rc == TL_ENOMEM)
			return TLCHECK_ENOMEM;
		if (rc == 0 && !value_allowed(pack, pa, &v, text, &err))
			rc = TL_EINVALID;
		if (rc == 0) {
			pa->value = v;
			pa->text = text;
			return tl_pack_build_params(pack) == 0 ? 0 : TLCHECK_ENOMEM;
		}
		if (errmsg) {
			tl_buf b = TL_BUF_INIT;
			if (lang && strcmp(lang, "ja") == 0)
				tl_buf_printf(&b, "--param %s: %s (型: %s)", name, tl_error_message(&err, "ja"),
				              type_names[pa->type]);
			else
				tl_buf_printf(&b, "--param %s: %s (type %s)", name, err.msg, type_names[pa->type]);
			*errmsg = tl_buf_detach(&b);
		}
		return TLCHECK_EINVALID;
	}
	if (errmsg) {
		tl_buf b = TL_BUF_INIT;
		if (lang && strcmp(lang, "ja") == 0)
			tl_buf_printf(&b, "--param: パラメータ `%s` はありません。使えるもの:", name);
		else
			tl_buf_printf(&b, "--param: no parameter `%s`; the pack has:", name);
		for (size_t i = 0; i < pack->nparams; i++)
			tl_buf_printf(&b, " %s", pack->params[i].name);
		*errmsg = tl_buf_detach(&b);
	}
	return TLCHECK_EINVALID;
}
