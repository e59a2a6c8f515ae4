/* fold.c - compile-time work on constant sub-expressions: literal lists and maps, date("..."), regexes. */
#include <string.h>

#include "../util/utf8.h"
#include "internal.h"

static bool all_literal(const ast *n)
{
	for (uint32_t i = 0; i < n->nargs; i++)
		if (n->args[i]->kind != A_LIT || n->args[i]->big)
			return false;
	return true;
}

static bool valid_key(const tl_value *k)
{
	return k->kind == TL_V_INT || k->kind == TL_V_STRING || k->kind == TL_V_BOOL;
}

/* A list or map literal of literals becomes one constant, so evaluating it
 * costs nothing. Maps with a bad or repeated key stay as they are: the error
 * is CEL's evaluation error. */
int tl_fold_aggregate(tl_expr *e, ast *n)
{
	tl_value value;
	if (!all_literal(n))
		return 0;
	if (n->kind == A_LIST) {
		tl_value *items = NULL;
		if (n->nargs) {
			items = tl_arena_alloc(&e->arena, n->nargs * sizeof(*items));
			if (!items)
				return TL_ENOMEM;
		}
		for (uint32_t i = 0; i < n->nargs; i++)
			items[i] = n->args[i]->lit;
		value = tl_value_list(items, n->nargs);
	} else {
		size_t cnt = n->nargs / 2;
		tl_mapent *ents = NULL;
		tl_value *kv = NULL;
		for (size_t i = 0; i < cnt; i++) {
			if (!valid_key(&n->args[2 * i]->lit))
				return 0;
			for (size_t j = 0; j < i; j++)
				if (tl_value_eq(&n->args[2 * i]->lit, &n->args[2 * j]->lit, NULL))
					return 0;
		}
		if (cnt) {
			ents = tl_arena_alloc(&e->arena, cnt * sizeof(*ents));
			kv = tl_arena_alloc(&e->arena, 2 * cnt * sizeof(*kv));
			if (!ents || !kv)
				return TL_ENOMEM;
		}
		for (size_t i = 0; i < cnt; i++) {
			kv[2 * i] = n->args[2 * i]->lit;
			kv[2 * i + 1] = n->args[2 * i + 1]->lit;
			ents[i].key = &kv[2 * i];
			ents[i].val = &kv[2 * i + 1];
		}
		value = tl_value_map(ents, cnt);
	}
	/* The value is written over the operands (struct ast): last. */
	n->kind = A_LIT;
	n->nargs = 0;
	n->height = 1;
	n->lit = value;
	return 0;
}

/* Compile-time work on a call with constant arguments: regular expressions
 * are compiled once here, and date("...") is checked and becomes a date. */
int tl_fold_call(tl_expr *e, tl_error *err, ast *n)
{
	if (n->fn->id == F_MATCHES && n->args[1]->kind == A_LIT &&
	    n->args[1]->lit.kind == TL_V_STRING) {
		char en[256], ja[256];
		size_t off = 0;
		const tl_value *pat = &n->args[1]->lit;
		pcre2_code *re = tl_regex_compile(pat->u.str.s, pat->u.str.len, en, ja, sizeof(en), &off);
		if (!re) {
			tl_error_set(err, TL_ESYNTAX, n->args[1]->pos, "%s", en);
			tl_error_set_ja(err, "%s", ja);
			return TL_ESYNTAX;
		}
		regex_ref *r = tl_arena_alloc(&e->arena, sizeof(*r));
		if (!r) {
			pcre2_code_free(re);
			return TL_ENOMEM;
		}
		r->code = re;
		r->next = e->regexes;
		e->regexes = r;
		n->re = re;
	}
	if (n->fn->id == F_DATE && n->nargs == 1 && n->args[0]->kind == A_LIT &&
	    n->args[0]->lit.kind == TL_V_STRING) {
		const tl_value *s = &n->args[0]->lit;
		tl_date d;
		int rc = tl_date_parse(&d, s->u.str.s, s->u.str.len);
		if (rc != TL_DATE_OK) {
			int w = (int)tl_utf8_check(s->u.str.s, s->u.str.len > 40 ? 40 : s->u.str.len);
			if (rc == TL_DATE_INVALID) {
				tl_error_set(err, TL_ESYNTAX, n->args[0]->pos,
				             "\"%.*s\" is not a real calendar date", w, s->u.str.s);
				tl_error_set_ja(err, "\"%.*s\" は実在しない日付です", w, s->u.str.s);
			} else {
				tl_error_set(err, TL_ESYNTAX, n->args[0]->pos,
				             "\"%.*s\" is not a date: write YYYY-MM-DD", w, s->u.str.s);
				tl_error_set_ja(err, "\"%.*s\" は日付ではありません。YYYY-MM-DD の形で書いてください",
				                w, s->u.str.s);
			}
			return TL_ESYNTAX;
		}
		n->kind = A_LIT;
		n->nargs = 0;
		n->height = 1;
		n->lit = tl_value_date(d); /* over the operands (struct ast): last */
	}
	return 0;
}

