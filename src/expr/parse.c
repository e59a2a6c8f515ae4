/* parse.c - recursive-descent parser of the rule language; resolves names while it parses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "internal.h"

typedef struct scope {
	const char *name;
	size_t len;
} scope;

typedef struct parser {
	lexer lx;
	tok cur;
	tl_expr *e;
	tl_error *err;
	const char *const *vars;
	size_t nvars;
	size_t max_depth;
	size_t depth;
	scope *scopes;        /* comprehension variables in scope, innermost last */
	size_t nscopes;
	tl_expr_names *names; /* where field names go (NULL: the expression's arena) */
	size_t fields_slot;   /* the variable of tl_expr_opts.fields_of, or SIZE_MAX */
	const char *const *fields;
	size_t nfields;
} parser;

static int parse_expr(parser *p, const ast **out);

static int advance(parser *p)
{
	return tl_lex_next(&p->lx, &p->cur);
}

static int too_deep(parser *p, tl_pos pos)
{
	tl_error_set(p->err, TL_ELIMIT, pos,
	             "the expression is nested more than %zu levels deep", p->max_depth);
	tl_error_set_ja(p->err, "式の入れ子が %zu 段を超えています", p->max_depth);
	return TL_ELIMIT;
}

static ast *new_node(parser *p, ast_kind kind, tl_pos pos)
{
	ast *n = tl_arena_alloc(&p->e->arena, sizeof(*n));
	if (n) {
		n->kind = (uint8_t)kind;
		n->pos = pos;
		n->height = 1;
	}
	return n;
}

/* Sets the node's height from its children and enforces the depth limit, so
 * that evaluating the tree recurses a bounded number of times. */
static int finish(parser *p, ast *n)
{
	uint32_t h = 0;
	const ast *kids[3] = {n->a, n->b, n->c};
	for (int i = 0; i < 3; i++)
		if (kids[i] && kids[i]->height > h)
			h = kids[i]->height;
	for (uint32_t i = 0; i < n->nargs; i++)
		if (n->args[i]->height > h)
			h = n->args[i]->height;
	n->height = h + 1;
	if (n->height > p->max_depth)
		return too_deep(p, n->pos);
	return 0;
}

/* The current token as each language's message names it. */
static void describe_cur(parser *p, char *en, char *ja, size_t cap)
{
	tl_tok_describe(&p->cur, p->lx.src, en, cap, false);
	tl_tok_describe(&p->cur, p->lx.src, ja, cap, true);
}

static int expected(parser *p, const char *what_en, const char *what_ja)
{
	char d[96], dj[96];
	describe_cur(p, d, dj, sizeof(d));
	tl_error_set(p->err, TL_ESYNTAX, p->cur.pos, "expected %s but found %s", what_en, d);
	tl_error_set_ja(p->err, "%sが必要ですが、%sがあります", what_ja, dj);
	return TL_ESYNTAX;
}

/* Expects the closing bracket `close` of the `open` bracket at `at`. */
static int expect_close(parser *p, tok_kind kind, char open, char close, tl_pos at)
{
	if (p->cur.kind == kind)
		return advance(p);
	tl_error_set(p->err, TL_ESYNTAX, p->cur.pos, "expected '%c' to close '%c' opened at %u:%u",
	             close, open, (unsigned)at.line, (unsigned)at.col);
	tl_error_set_ja(p->err, "%u:%u の '%c' を閉じる '%c' がありません", (unsigned)at.line,
	                (unsigned)at.col, open, close);
	return TL_ESYNTAX;
}

/* Collects nodes into an arena array that grows by doubling. */
typedef struct nodes {
	const ast **v;
	uint32_t n, cap;
} nodes;

static int push(parser *p, nodes *ns, const ast *n)
{
	if (ns->n == ns->cap) {
		uint32_t cap = ns->cap ? ns->cap * 2 : 4;
		const ast **v = tl_arena_grow(&p->e->arena, (void *)ns->v, ns->n * sizeof(*v),
		                              cap * sizeof(*v));
		if (!v)
			return TL_ENOMEM;
		ns->v = v;
		ns->cap = cap;
	}
	ns->v[ns->n++] = n;
	return 0;
}

/* ---- names ------------------------------------------------------------- */

static const char *const type_names[] = {
	"int", "decimal", "string", "bool", "null_type", "list", "map", "date", "type"
};

/* Notes that the expression reads variable `slot` (tl_expr_vars answers from
 * the list, without walking the tree). */
static int note_read(parser *p, uint32_t slot)
{
	tl_expr *e = p->e;
	for (uint32_t i = 0; i < e->nreads; i++)
		if (e->reads[i] == slot)
			return 0;
	uint32_t *r = tl_arena_grow(&e->arena, e->reads, e->nreads * sizeof(*r),
	                            (e->nreads + 1) * sizeof(*r));
	if (!r)
		return TL_ENOMEM;
	r[e->nreads++] = slot;
	e->reads = r;
	return 0;
}

static int resolve_ident(parser *p, const tok *t, const ast **out)
{
	ast *n;
	for (size_t i = p->nscopes; i-- > 0;) {
		if (p->scopes[i].len == t->slen && memcmp(p->scopes[i].name, t->s, t->slen) == 0) {
			if (!(n = new_node(p, A_LOCAL, t->pos)))
				return TL_ENOMEM;
			n->slot = (uint32_t)i;
			*out = n;
			return 0;
		}
	}
	for (size_t i = 0; i < p->nvars; i++) {
		if (strlen(p->vars[i]) == t->slen && memcmp(p->vars[i], t->s, t->slen) == 0) {
			if (!(n = new_node(p, A_VAR, t->pos)) || note_read(p, (uint32_t)i) != 0)
				return TL_ENOMEM;
			n->slot = (uint32_t)i;
			*out = n;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (strlen(type_names[i]) == t->slen && memcmp(type_names[i], t->s, t->slen) == 0) {
			if (!(n = new_node(p, A_LIT, t->pos)))
				return TL_ENOMEM;
			n->lit.kind = TL_V_TYPE;
			n->lit.u.type_name = type_names[i];
			*out = n;
			return 0;
		}
	}
	/* Suggest among the variables and the comprehension variables in scope. */
	const char *cands[64];
	size_t nc = 0;
	for (size_t i = 0; i < p->nvars && nc < 64; i++)
		cands[nc++] = p->vars[i];
	const char *hint = tl_suggest(t->s, t->slen, cands, nc);
	for (size_t i = 0; !hint && i < p->nscopes; i++) {
		char nm[65];
		if (p->scopes[i].len < sizeof(nm) &&
		    tl_edit_distance(t->s, t->slen, p->scopes[i].name, p->scopes[i].len) <= 1) {
			/* A comprehension variable lives in the source: use it there. */
			memcpy(nm, p->scopes[i].name, p->scopes[i].len);
			nm[p->scopes[i].len] = '\0';
			tl_error_set(p->err, TL_ESYNTAX, t->pos, "unknown variable `%.*s`; did you mean `%s`?",
			             (int)t->slen, t->s, nm);
			tl_error_set_ja(p->err, "変数 `%.*s` はありません。`%s` のことですか？",
			                (int)t->slen, t->s, nm);
			return TL_ESYNTAX;
		}
	}
	if (hint) {
		tl_error_set(p->err, TL_ESYNTAX, t->pos, "unknown variable `%.*s`; did you mean `%s`?",
		             (int)t->slen, t->s, hint);
		tl_error_set_ja(p->err, "変数 `%.*s` はありません。`%s` のことですか？", (int)t->slen,
		                t->s, hint);
	} else {
		tl_error_set(p->err, TL_ESYNTAX, t->pos, "unknown variable `%.*s`", (int)t->slen, t->s);
		tl_error_set_ja(p->err, "変数 `%.*s` はありません", (int)t->slen, t->s);
	}
	return TL_ESYNTAX;
}

/* ---- calls --------------------------------------------------------------- */

static bool is_macro_name(const char *s, size_t len, comp_kind *kind)
{
	static const struct { const char *name; comp_kind k; } m[] = {
		{"all", C_ALL}, {"exists", C_EXISTS}, {"exists_one", C_EXISTS_ONE},
		{"filter", C_FILTER}, {"map", C_MAP}
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		if (strlen(m[i].name) == len && memcmp(m[i].name, s, len) == 0) {
			*kind = m[i].k;
			return true;
		}
	}
	return false;
}

/* Arguments after '(' (already consumed, opened at `open`) up to ')'. */
static int parse_args(parser *p, nodes *ns, tl_pos open)
{
	int rc;
	if (p->cur.kind != T_RPAREN) {
		for (;;) {
			const ast *a;
			if ((rc = parse_expr(p, &a)) != 0 || (rc = push(p, ns, a)) != 0)
				return rc;
			if (p->cur.kind != T_COMMA)
				break;
			if ((rc = advance(p)) != 0)
				return rc;
		}
	}
	return expect_close(p, T_RPAREN, '(', ')', open);
}

/* range.all(x, p), range.map(x, [p,] t), ...: the variable is in scope only
 * inside the call. */
static int parse_comprehension(parser *p, const ast *range, const tok *name, comp_kind kind,
                               tl_pos open, const ast **out)
{
	int rc;
	ast *n;
	tok var;
	nodes ns = {0};

	if (p->cur.kind != T_IDENT) {
		tl_error_set(p->err, TL_ESYNTAX, p->cur.pos,
		             "expected a variable name as the first argument of %.*s(), as in "
		             "list.%.*s(x, x > 0)",
		             (int)name->slen, name->s, (int)name->slen, name->s);
		tl_error_set_ja(p->err, "%.*s() の最初の引数には変数名が必要です（例: list.%.*s(x, x > 0)）",
		                (int)name->slen, name->s, (int)name->slen, name->s);
		return TL_ESYNTAX;
	}
	var = p->cur;
	if ((rc = advance(p)) != 0)
		return rc;
	if (p->cur.kind != T_COMMA)
		return expected(p, "',' after the variable name", "変数名の後に ','");
	if ((rc = advance(p)) != 0)
		return rc;
	if (p->nscopes >= p->max_depth)
		return too_deep(p, var.pos);
	p->scopes[p->nscopes].name = var.s;
	p->scopes[p->nscopes].len = var.slen;
	p->nscopes++;
	if (p->nscopes > p->e->nlocals)
		p->e->nlocals = p->nscopes;
	rc = parse_args(p, &ns, open);
	p->nscopes--;
	if (rc)
		return rc;
	if (ns.n < 1 || ns.n > (kind == C_MAP ? 2u : 1u)) {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "%.*s() takes %s", (int)name->slen, name->s,
		             kind == C_MAP ? "2 or 3 arguments: map(x, expr) or map(x, filter, expr)"
		                           : "2 arguments: a variable name and a condition");
		tl_error_set_ja(p->err, "%.*s() の引数は %s", (int)name->slen, name->s,
		                kind == C_MAP ? "2 個か 3 個です: map(x, 式) または map(x, 条件, 式)"
		                              : "2 個（変数名と条件）です");
		return TL_ESYNTAX;
	}
	if (!(n = new_node(p, A_COMP, name->pos)))
		return TL_ENOMEM;
	n->op = (uint8_t)(kind == C_MAP && ns.n == 2 ? C_MAP3 : kind);
	n->slot = (uint32_t)p->nscopes;
	n->a = range;
	n->b = ns.v[0];
	n->c = ns.n == 2 ? ns.v[1] : NULL;
	*out = n;
	return finish(p, n);
}

static int arity_error(parser *p, const tok *name, const fn_def *fn, bool method)
{
	unsigned lo = fn->min_args - (method ? 1 : 0), hi = fn->max_args - (method ? 1 : 0);
	char range[32];
	if (lo == hi)
		snprintf(range, sizeof(range), "%u argument%s", lo, lo == 1 ? "" : "s");
	else
		snprintf(range, sizeof(range), "%u to %u arguments", lo, hi);
	tl_error_set(p->err, TL_ESYNTAX, name->pos, "%s%.*s() takes %s", method ? "the method " : "",
	             (int)name->slen, name->s, range);
	if (lo == hi)
		tl_error_set_ja(p->err, "%.*s() の引数は %u 個です", (int)name->slen, name->s, lo);
	else
		tl_error_set_ja(p->err, "%.*s() の引数は %u 個から %u 個です", (int)name->slen, name->s, lo, hi);
	return TL_ESYNTAX;
}

static int unknown_function(parser *p, const tok *name)
{
	comp_kind k;
	if (is_macro_name(name->s, name->slen, &k) || (name->slen == 3 && memcmp(name->s, "has", 3) == 0)) {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "%.*s() is called on a list or map: write "
		             "items.%.*s(x, ...)", (int)name->slen, name->s, (int)name->slen, name->s);
		tl_error_set_ja(p->err, "%.*s() はリストやマップに対して呼びます（例: items.%.*s(x, ...)）",
		                (int)name->slen, name->s, (int)name->slen, name->s);
		if (name->slen == 3 && memcmp(name->s, "has", 3) == 0) {
			tl_error_set(p->err, TL_ESYNTAX, name->pos, "has() is written has(x.field)");
			tl_error_set_ja(p->err, "has() は has(x.field) の形で書きます");
		}
		return TL_ESYNTAX;
	}
	size_t nn;
	const char *const *names = tl_fn_names(&nn);
	const char *hint = tl_suggest(name->s, name->slen, names, nn);
	if (hint) {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "unknown function `%.*s`; did you mean `%s`?",
		             (int)name->slen, name->s, hint);
		tl_error_set_ja(p->err, "関数 `%.*s` はありません。`%s` のことですか？", (int)name->slen,
		                name->s, hint);
	} else {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "unknown function `%.*s`", (int)name->slen,
		             name->s);
		tl_error_set_ja(p->err, "関数 `%.*s` はありません", (int)name->slen, name->s);
	}
	return TL_ESYNTAX;
}

/* name(args) or recv.name(args); `recv` is NULL for a global call. */
static int parse_call(parser *p, const ast *recv, const tok *name, const ast **out)
{
	int rc;
	tl_pos open = p->cur.pos;
	comp_kind ck;
	nodes ns = {0};
	ast *n;

	if ((rc = advance(p)) != 0) /* '(' */
		return rc;
	if (recv && is_macro_name(name->s, name->slen, &ck))
		return parse_comprehension(p, recv, name, ck, open, out);
	if (!recv && name->slen == 3 && memcmp(name->s, "has", 3) == 0) {
		if ((rc = parse_args(p, &ns, open)) != 0)
			return rc;
		if (ns.n != 1 || ns.v[0]->kind != A_SELECT) {
			tl_error_set(p->err, TL_ESYNTAX, name->pos,
			             "has() takes one field selection, as in has(x.field)");
			tl_error_set_ja(p->err, "has() の引数はフィールドの選択 1 つです（例: has(x.field)）");
			return TL_ESYNTAX;
		}
		ast *h = (ast *)ns.v[0];
		h->kind = A_HAS;
		*out = h;
		return 0;
	}
	const fn_def *fn = tl_fn_lookup(name->s, name->slen);
	if (!fn)
		return unknown_function(p, name);
	if (recv && !(fn->style & FN_METHOD)) {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "%.*s() is not a method: write %.*s(x, ...)",
		             (int)name->slen, name->s, (int)name->slen, name->s);
		tl_error_set_ja(p->err, "%.*s() はメソッドではありません。%.*s(x, ...) と書きます",
		                (int)name->slen, name->s, (int)name->slen, name->s);
		return TL_ESYNTAX;
	}
	if (!recv && !(fn->style & FN_GLOBAL)) {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "%.*s() is a method: write x.%.*s(...)",
		             (int)name->slen, name->s, (int)name->slen, name->s);
		tl_error_set_ja(p->err, "%.*s() はメソッドです。x.%.*s(...) と書きます",
		                (int)name->slen, name->s, (int)name->slen, name->s);
		return TL_ESYNTAX;
	}
	if (recv && (rc = push(p, &ns, recv)) != 0)
		return rc;
	if ((rc = parse_args(p, &ns, open)) != 0)
		return rc;
	if (ns.n < fn->min_args || ns.n > fn->max_args)
		return arity_error(p, name, fn, recv != NULL);
	if (!(n = new_node(p, A_CALL, name->pos)))
		return TL_ENOMEM;
	n->fn = fn;
	n->args = ns.v;
	n->nargs = ns.n;
	if ((rc = finish(p, n)) != 0 || (rc = tl_fold_call(p->e, p->err, n)) != 0)
		return rc;
	*out = n;
	return 0;
}

/* ---- primary and member expressions --------------------------------------- */

static int parse_aggregate(parser *p, bool is_map, const ast **out)
{
	tl_pos open = p->cur.pos;
	nodes ns = {0};
	ast *n;
	int rc;
	tok_kind close = is_map ? T_RBRACE : T_RBRACK;

	if ((rc = advance(p)) != 0)
		return rc;
	while (p->cur.kind != close) {
		const ast *a;
		if ((rc = parse_expr(p, &a)) != 0 || (rc = push(p, &ns, a)) != 0)
			return rc;
		if (is_map) {
			if (p->cur.kind != T_COLON)
				return expected(p, "':' after the map key", "マップのキーの後に ':'");
			if ((rc = advance(p)) != 0 || (rc = parse_expr(p, &a)) != 0 ||
			    (rc = push(p, &ns, a)) != 0)
				return rc;
		}
		if (p->cur.kind != T_COMMA)
			break;
		if ((rc = advance(p)) != 0)
			return rc;
	}
	if ((rc = expect_close(p, close, is_map ? '{' : '[', is_map ? '}' : ']', open)) != 0)
		return rc;
	if (!(n = new_node(p, is_map ? A_MAP : A_LIST, open)))
		return TL_ENOMEM;
	n->args = ns.v;
	n->nargs = ns.n;
	if ((rc = finish(p, n)) != 0 || (rc = tl_fold_aggregate(p->e, n)) != 0)
		return rc;
	*out = n;
	return 0;
}

static int parse_primary(parser *p, const ast **out)
{
	tok t = p->cur;
	ast *n;
	int rc;

	switch (t.kind) {
	case T_INT:
	case T_DEC:
	case T_STR:
	case T_TRUE:
	case T_FALSE:
	case T_NULL:
		if (!(n = new_node(p, A_LIT, t.pos)))
			return TL_ENOMEM;
		if (t.kind == T_INT) {
			if (t.u > (uint64_t)INT64_MAX)
				n->big = true;
			else
				n->lit = tl_value_int((int64_t)t.u);
		} else if (t.kind == T_DEC) {
			n->lit = tl_value_decimal(&t.d);
		} else if (t.kind == T_STR) {
			n->lit = tl_value_string(t.s, t.slen);
		} else if (t.kind == T_NULL) {
			n->lit = tl_value_null();
		} else {
			n->lit = tl_value_bool(t.kind == T_TRUE);
		}
		*out = n;
		return advance(p);
	case T_LPAREN:
		if ((rc = advance(p)) != 0 || (rc = parse_expr(p, out)) != 0)
			return rc;
		return expect_close(p, T_RPAREN, '(', ')', t.pos);
	case T_LBRACK:
		return parse_aggregate(p, false, out);
	case T_LBRACE:
		return parse_aggregate(p, true, out);
	case T_IDENT:
		if ((rc = advance(p)) != 0)
			return rc;
		if (p->cur.kind == T_LPAREN)
			return parse_call(p, NULL, &t, out);
		return resolve_ident(p, &t, out);
	case T_DOT:
		tl_error_set(p->err, TL_ESYNTAX, t.pos,
		             "a name starting with '.' is not supported: remove the '.'");
		tl_error_set_ja(p->err, "'.' で始まる名前は使えません。'.' を取り除いてください");
		return TL_ESYNTAX;
	default:
		return expected(p, "an expression", "式");
	}
}

static int big_literal(parser *p, tl_pos pos)
{
	tl_error_set(p->err, TL_ESYNTAX, pos,
	             "integer literal out of range (an int holds -2^63 to 2^63-1)");
	tl_error_set_ja(p->err, "整数リテラルが範囲外です（int は -2^63 から 2^63-1 まで）");
	return TL_ESYNTAX;
}

/* *bare: the result is a number literal with nothing applied to it. */
/* A field of the variable whose fields are known (tl_expr_opts.fields_of):
 * one of them, or a compile error that names the nearest. */
static int check_field(parser *p, const tok *name)
{
	for (size_t i = 0; i < p->nfields; i++)
		if (strlen(p->fields[i]) == name->slen && memcmp(p->fields[i], name->s, name->slen) == 0)
			return 0;
	const char *var = p->vars[p->fields_slot];
	const char *hint = tl_suggest(name->s, name->slen, p->fields, p->nfields);
	if (hint) {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "`%s` has no field `%.*s`; did you mean `%s`?",
		             var, (int)name->slen, name->s, hint);
		tl_error_set_ja(p->err, "`%s` にフィールド `%.*s` はありません。`%s` のことですか？", var,
		                (int)name->slen, name->s, hint);
	} else {
		tl_error_set(p->err, TL_ESYNTAX, name->pos, "`%s` has no field `%.*s`", var,
		             (int)name->slen, name->s);
		tl_error_set_ja(p->err, "`%s` にフィールド `%.*s` はありません", var, (int)name->slen,
		                name->s);
	}
	return TL_ESYNTAX;
}

static int parse_member(parser *p, const ast **out, bool *bare)
{
	const ast *n = NULL;
	int rc;
	tok_kind first = p->cur.kind;

	if ((rc = parse_primary(p, &n)) != 0)
		return rc;
	*bare = (first == T_INT || first == T_DEC) && n->kind == A_LIT;
	for (;;) {
		if (p->cur.kind != T_DOT && p->cur.kind != T_LBRACK)
			break;
		if (n->big)
			return big_literal(p, n->pos);
		*bare = false;
		if (p->cur.kind == T_DOT) {
			if ((rc = advance(p)) != 0)
				return rc;
			if (p->cur.kind != T_IDENT)
				return expected(p, "a field or method name after '.'", "'.' の後にフィールド名かメソッド名");
			tok name = p->cur;
			if ((rc = advance(p)) != 0)
				return rc;
			if (p->cur.kind == T_LPAREN) {
				if ((rc = parse_call(p, n, &name, &n)) != 0)
					return rc;
				continue;
			}
			if (n->kind == A_VAR && n->slot == p->fields_slot &&
			    (rc = check_field(p, &name)) != 0)
				return rc;
			ast *s = new_node(p, A_SELECT, name.pos);
			const char *nm = NULL;
			if (s && p->names) {
				s->name_hash = tl_name_hash(name.s, name.slen);
				nm = tl_expr_names_intern(p->names, name.s, name.slen, s->name_hash);
				s->shared_name = true;
			} else if (s) {
				nm = tl_arena_strndup(&p->e->arena, name.s, name.slen);
			}
			if (!nm)
				return TL_ENOMEM;
			s->a = n;
			s->name = nm;
			s->name_len = (uint32_t)name.slen;
			if ((rc = finish(p, s)) != 0)
				return rc;
			n = s;
		} else {
			tl_pos open = p->cur.pos;
			const ast *idx;
			if ((rc = advance(p)) != 0 || (rc = parse_expr(p, &idx)) != 0 ||
			    (rc = expect_close(p, T_RBRACK, '[', ']', open)) != 0)
				return rc;
			ast *x = new_node(p, A_INDEX, open);
			if (!x)
				return TL_ENOMEM;
			x->a = n;
			x->b = idx;
			if ((rc = finish(p, x)) != 0)
				return rc;
			n = x;
		}
	}
	*out = n;
	return 0;
}

/* CEL: "!" {"!"} Member | "-" {"-"} Member. A minus directly before a number
 * literal is part of the literal, which is how -9223372036854775808 is written. */
static int parse_unary(parser *p, const ast **out)
{
	tok_kind op = p->cur.kind;
	tl_pos pos = p->cur.pos;
	size_t count = 0;
	const ast *m = NULL;
	bool bare;
	int rc;

	if (op == T_NOT || op == T_MINUS) {
		while (p->cur.kind == op) {
			count++;
			if ((rc = advance(p)) != 0)
				return rc;
		}
	}
	if ((rc = parse_member(p, &m, &bare)) != 0)
		return rc;
	if (op == T_MINUS && bare && count % 2 == 1) {
		ast *lit = (ast *)m;
		if (lit->big) {
			lit->big = false;
			lit->lit = tl_value_int(INT64_MIN);
		} else if (lit->lit.kind == TL_V_INT) {
			lit->lit.u.i = -lit->lit.u.i;
		} else {
			tl_decimal d = lit->lit.u.d;
			tl_decimal_neg(&lit->lit.u.d, &d);
		}
		lit->pos = pos;
		count--;
	}
	if (m->big)
		return big_literal(p, m->pos);
	for (size_t i = 0; i < count; i++) {
		ast *n = new_node(p, op == T_NOT ? A_NOT : A_NEG, pos);
		if (!n)
			return TL_ENOMEM;
		n->a = m;
		if ((rc = finish(p, n)) != 0)
			return rc;
		m = n;
	}
	*out = m;
	return 0;
}

typedef int (*sub_parser)(parser *p, const ast **out);

static bool binop_of(tok_kind k, int level, binop *op)
{
	switch (level) {
	case 0: /* multiplication */
		if (k == T_STAR) *op = B_MUL;
		else if (k == T_SLASH) *op = B_DIV;
		else if (k == T_PERCENT) *op = B_MOD;
		else return false;
		return true;
	case 1: /* addition */
		if (k == T_PLUS) *op = B_ADD;
		else if (k == T_MINUS) *op = B_SUB;
		else return false;
		return true;
	default: /* relations */
		switch (k) {
		case T_EQ: *op = B_EQ; return true;
		case T_NE: *op = B_NE; return true;
		case T_LT: *op = B_LT; return true;
		case T_LE: *op = B_LE; return true;
		case T_GT: *op = B_GT; return true;
		case T_GE: *op = B_GE; return true;
		case T_IN: *op = B_IN; return true;
		default: return false;
		}
	}
}

/* Left-associative binary levels: 0 = * / %, 1 = + -, 2 = relations. */
static int parse_binary(parser *p, int level, const ast **out)
{
	const ast *left, *right;
	binop op;
	int rc;

	if ((rc = level == 0 ? parse_unary(p, &left) : parse_binary(p, level - 1, &left)) != 0)
		return rc;
	while (binop_of(p->cur.kind, level, &op)) {
		tl_pos pos = p->cur.pos;
		if ((rc = advance(p)) != 0)
			return rc;
		if ((rc = level == 0 ? parse_unary(p, &right) : parse_binary(p, level - 1, &right)) != 0)
			return rc;
		ast *n = new_node(p, A_BIN, pos);
		if (!n)
			return TL_ENOMEM;
		n->op = (uint8_t)op;
		n->a = left;
		n->b = right;
		if ((rc = finish(p, n)) != 0)
			return rc;
		left = n;
	}
	*out = left;
	return 0;
}

static int parse_logic(parser *p, bool is_or, const ast **out)
{
	const ast *left, *right;
	int rc;
	tok_kind k = is_or ? T_OR : T_AND;

	if ((rc = is_or ? parse_logic(p, false, &left) : parse_binary(p, 2, &left)) != 0)
		return rc;
	while (p->cur.kind == k) {
		tl_pos pos = p->cur.pos;
		if ((rc = advance(p)) != 0)
			return rc;
		if ((rc = is_or ? parse_logic(p, false, &right) : parse_binary(p, 2, &right)) != 0)
			return rc;
		ast *n = new_node(p, is_or ? A_OR : A_AND, pos);
		if (!n)
			return TL_ENOMEM;
		n->a = left;
		n->b = right;
		if ((rc = finish(p, n)) != 0)
			return rc;
		left = n;
	}
	*out = left;
	return 0;
}

/* Expr = ConditionalOr ["?" ConditionalOr ":" Expr]. Every nested expression
 * (parentheses, arguments, elements) comes through here, so counting depth
 * here bounds the parser's recursion. */
static int parse_expr(parser *p, const ast **out)
{
	const ast *cond, *then, *els;
	int rc;

	if (++p->depth > p->max_depth)
		return too_deep(p, p->cur.pos);
	if ((rc = parse_logic(p, true, &cond)) != 0)
		return rc;
	if (p->cur.kind == T_QUESTION) {
		tl_pos q = p->cur.pos;
		if ((rc = advance(p)) != 0 || (rc = parse_logic(p, true, &then)) != 0)
			return rc;
		if (p->cur.kind != T_COLON) {
			char d[96], dj[96];
			describe_cur(p, d, dj, sizeof(d));
			tl_error_set(p->err, TL_ESYNTAX, p->cur.pos,
			             "expected ':' for the '?' at %u:%u but found %s", (unsigned)q.line,
			             (unsigned)q.col, d);
			tl_error_set_ja(p->err, "%u:%u の '?' に対応する ':' が必要ですが、%sがあります",
			                (unsigned)q.line, (unsigned)q.col, dj);
			return TL_ESYNTAX;
		}
		if ((rc = advance(p)) != 0 || (rc = parse_expr(p, &els)) != 0)
			return rc;
		ast *n = new_node(p, A_COND, q);
		if (!n)
			return TL_ENOMEM;
		n->a = cond;
		n->b = then;
		n->c = els;
		if ((rc = finish(p, n)) != 0)
			return rc;
		cond = n;
	}
	p->depth--;
	*out = cond;
	return 0;
}

/* The whole expression, then nothing but its end. */
static int parse_top(parser *p)
{
	int rc;
	if ((rc = advance(p)) != 0 || (rc = parse_expr(p, &p->e->root)) != 0)
		return rc;
	if (p->cur.kind != T_EOF) {
		char d[96], dj[96];
		describe_cur(p, d, dj, sizeof(d));
		if (p->cur.kind == T_RPAREN || p->cur.kind == T_RBRACK || p->cur.kind == T_RBRACE) {
			tl_error_set(p->err, TL_ESYNTAX, p->cur.pos, "%s closes nothing", d);
			tl_error_set_ja(p->err, "%s に対応する開き括弧がありません", dj);
		} else {
			tl_error_set(p->err, TL_ESYNTAX, p->cur.pos,
			             "expected an operator or the end of the expression but found %s", d);
			tl_error_set_ja(p->err, "演算子か式の終わりが必要ですが、%sがあります", dj);
		}
		return TL_ESYNTAX;
	}
	return 0;
}

int tl_parse(tl_expr *e, tl_error *err, const char *src, size_t len, const tl_expr_opts *opts)
{
	parser p;
	int rc;
	size_t bad;

	memset(&p, 0, sizeof(p));
	p.e = e;
	p.err = err;
	p.vars = opts->vars;
	p.nvars = opts->nvars;
	p.names = opts->names;
	p.fields_slot = SIZE_MAX;
	for (size_t i = 0; opts->fields_of && i < p.nvars; i++)
		if (strcmp(p.vars[i], opts->fields_of) == 0)
			p.fields_slot = i;
	p.fields = opts->fields;
	p.nfields = opts->nfields;
	p.max_depth = opts->max_depth ? opts->max_depth : TL_EXPR_DEFAULT_DEPTH;
	if (p.max_depth > TL_EXPR_HARD_DEPTH)
		p.max_depth = TL_EXPR_HARD_DEPTH;
	tl_lex_init(&p.lx, src, len, opts->posmap, opts->origin, &e->arena, err);
	e->pos = tl_lex_pos(&p.lx, 0);
	if ((bad = tl_utf8_check(src, len)) < len) {
		tl_error_set(err, TL_ESYNTAX, tl_lex_pos(&p.lx, bad),
		             "the expression is not valid UTF-8 (byte 0x%02X)",
		             (unsigned)(unsigned char)src[bad]);
		tl_error_set_ja(err, "式が UTF-8 として正しくありません（バイト 0x%02X）",
		                (unsigned)(unsigned char)src[bad]);
		return TL_ESYNTAX;
	}
	/* Only while parsing: not kept with the expression. */
	p.scopes = malloc((p.max_depth + 1) * sizeof(*p.scopes));
	if (!p.scopes)
		return TL_ENOMEM;
	rc = parse_top(&p);
	free(p.scopes);
	return rc;
}
