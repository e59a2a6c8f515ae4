/* eval.c - the tree-walking evaluator: operators, field access, logic and macros, errors as values. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* Every operator's function evaluates its operands through its own copy of the
 * dispatch below (eval_node, inlined): a switch per call site predicts the
 * kind of the next node far better than one shared indirect jump. */
static tl_value select_field(tl_eval *ev, const ast *n);
static tl_value index_value(tl_eval *ev, const ast *n);
static tl_value make_list(tl_eval *ev, const ast *n);
static tl_value make_map(tl_eval *ev, const ast *n);
static tl_value eval_not(tl_eval *ev, const ast *n);
static tl_value eval_neg(tl_eval *ev, const ast *n);
static tl_value eval_binary(tl_eval *ev, const ast *n);
static tl_value logic(tl_eval *ev, const ast *n);
static tl_value eval_cond(tl_eval *ev, const ast *n);
static tl_value call(tl_eval *ev, const ast *n);
static tl_value comprehension(tl_eval *ev, const ast *n);

static tl_value lazy_var(tl_eval *ev, const ast *n);

static ALWAYS_INLINE tl_value eval_node(tl_eval *ev, const ast *n)
{
	switch ((ast_kind)n->kind) {
	case A_LIT:
		return n->lit;
	case A_VAR:
		if (n->slot >= ev->lazy_from)
			return lazy_var(ev, n);
		return ev->vars[n->slot];
	case A_LOCAL:
		return ev->locals[n->slot];
	case A_SELECT:
	case A_HAS:
		return select_field(ev, n);
	case A_INDEX:
		return index_value(ev, n);
	case A_LIST:
		return make_list(ev, n);
	case A_MAP:
		return make_map(ev, n);
	case A_NOT:
		return eval_not(ev, n);
	case A_NEG:
		return eval_neg(ev, n);
	case A_BIN:
		return eval_binary(ev, n);
	case A_AND:
	case A_OR:
		return logic(ev, n);
	case A_COND:
		return eval_cond(ev, n);
	case A_CALL:
		return call(ev, n);
	case A_COMP:
		return comprehension(ev, n);
	}
	return tl_value_null();
}


static const tl_verror oom_error = {NULL, {0, 0}, "out of memory", "メモリが足りません"};

static tl_value err_value(const tl_verror *e)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_ERROR;
	v.u.err = e;
	return v;
}

/* A limit error ends the whole evaluation: it is remembered so that no
 * operator can absorb it (`false && <out of steps>` must not become false). */
static void set_fatal(tl_eval *ev, tl_pos pos, const char *en, const char *ja)
{
	tl_verror *e;
	if (ev->fatal)
		return;
	e = tl_arena_alloc(&ev->arena, sizeof(*e));
	if (!e) {
		ev->oom = true;
		return;
	}
	e->file = ev->expr ? ev->expr->file : NULL;
	e->pos = pos;
	e->msg = en;
	e->msg_ja = ja;
	ev->fatal = e;
}

void *tl_ev_alloc(tl_eval *ev, size_t size)
{
	void *p;
	if (ev->fatal || ev->oom)
		return NULL;
	if (size > TL_EVAL_MEM_LIMIT || ev->arena.used - ev->mem_base > TL_EVAL_MEM_LIMIT - size) {
		set_fatal(ev, (tl_pos){0, 0},
		          "the evaluation needs more than 16 MiB of memory",
		          "評価に 16 MiB を超えるメモリが必要です");
		return NULL;
	}
	p = tl_arena_alloc(&ev->arena, size ? size : 1);
	if (!p)
		ev->oom = true;
	return p;
}

char *tl_ev_printf(tl_eval *ev, const char *fmt, ...)
{
	va_list ap;
	char small[256], *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = tl_ev_alloc(ev, (size_t)n + 1);
	if (!p)
		return NULL;
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return p;
}

tl_value tl_ev_alloc_failed(tl_eval *ev, tl_pos pos)
{
	if (ev->fatal) {
		/* The allocator does not know where it was called from: the first
		 * node that learns of the failure names its position. */
		if (ev->fatal->pos.line == 0)
			((tl_verror *)ev->fatal)->pos = pos;
		return err_value(ev->fatal);
	}
	ev->oom = true;
	return err_value(&oom_error);
}

tl_value tl_ev_error(tl_eval *ev, tl_pos pos, const char *en, const char *ja)
{
	tl_verror *e;
	if (!en || !ja)
		return tl_ev_alloc_failed(ev, pos);
	e = tl_ev_alloc(ev, sizeof(*e));
	if (!e)
		return tl_ev_alloc_failed(ev, pos);
	e->file = ev->expr ? ev->expr->file : NULL;
	e->pos = pos;
	e->msg = en;
	e->msg_ja = ja;
	return err_value(e);
}

tl_value tl_ev_no_overload(tl_eval *ev, tl_pos pos, bool op, const char *name,
                           const tl_value *args, size_t n)
{
	char types[128];
	size_t o = 0;
	types[0] = '\0';
	for (size_t i = 0; i < n && o < sizeof(types); i++) {
		int w = snprintf(types + o, sizeof(types) - o, "%s%s", i ? ", " : "",
		                 tl_value_type_name(&args[i]));
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return tl_ev_error(ev, pos,
	                   tl_ev_printf(ev, "no %s `%s` for (%s)", op ? "operator" : "function", name, types),
	                   tl_ev_printf(ev, "(%s) に対する%s `%s` はありません", types,
	                                op ? "演算子" : "関数", name));
}

/* Counts one step against the evaluation's limit; past it, the fatal error
 * says what the steps were. */
static bool count_step(tl_eval *ev, tl_pos pos, const char *en, const char *ja)
{
	if (ev->fatal || ev->oom)
		return false;
	if (++ev->steps > TL_EVAL_MAX_STEPS) {
		set_fatal(ev, pos, en, ja);
		return false;
	}
	return true;
}

bool tl_ev_step(tl_eval *ev, tl_pos pos)
{
	return count_step(ev, pos,
	                  "the evaluation took more than 10,000,000 steps of all/exists/filter/map",
	                  "評価が all/exists/filter/map の 1,000 万ステップを超えました");
}

bool tl_ev_compare_step(tl_eval *ev)
{
	return !ev || count_step(ev, ev->expr ? ev->expr->root->pos : (tl_pos){0, 0},
	                         "the evaluation took more than 10,000,000 steps comparing lists "
	                         "or maps item by item",
	                         "評価がリスト・マップの要素ごとの比較で 1,000 万ステップを超えました");
}

/* Short text of a value for messages (long values cut). */
static const char *short_text(tl_eval *ev, const tl_value *v)
{
	tl_buf b = TL_BUF_INIT;
	char *p;
	/* Only the first 60 bytes are kept: no more is written. */
	if (v->kind == TL_V_STRING) {
		tl_buf_putc(&b, '"');
		tl_value_format_max(&b, v, ev, 64);
		tl_buf_putc(&b, '"');
	} else {
		tl_value_format_max(&b, v, ev, 64);
	}
	if (b.oom) {
		/* A message quoting "?" would differ from the one given with memory:
		 * the evaluation runs out of memory instead. */
		tl_buf_free(&b);
		ev->oom = true;
		return "?";
	}
	size_t len = b.len;
	if (len > 60) {
		len = 57;
		while (len > 0 && ((unsigned char)b.data[len] & 0xC0) == 0x80)
			len--;
	}
	p = tl_ev_alloc(ev, len + 4);
	if (p) {
		memcpy(p, b.data ? b.data : "", len);
		memcpy(p + len, len < b.len ? "..." : "", len < b.len ? 4 : 1);
	}
	tl_buf_free(&b);
	return p ? p : "?";
}

static const char *const binop_names[] = {
	"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in"
};

static tl_value dec_error(tl_eval *ev, tl_pos pos, int st)
{
	switch (st) {
	case TL_DEC_DIVZERO:
		return tl_ev_error(ev, pos, "division by zero", "ゼロで割っています");
	case TL_DEC_INEXACT:
		return tl_ev_error(ev, pos, "the quotient cannot be held exactly; use divide(a, b, places)",
		                   "商を正確に表せません。divide(a, b, 桁数) を使ってください");
	default:
		return tl_ev_error(ev, pos,
		                   "decimal overflow: written out, the result needs more than 38 digits",
		                   "小数のオーバーフロー：結果を書き表すのに 38 桁を超える桁が必要です");
	}
}

static tl_value int_overflow(tl_eval *ev, tl_pos pos)
{
	return tl_ev_error(ev, pos, "integer overflow: the result is outside -2^63 to 2^63-1",
	                   "整数のオーバーフロー：結果が -2^63 から 2^63-1 の範囲外です");
}

static tl_value concat(tl_eval *ev, const ast *n, const tl_value *a, const tl_value *b)
{
	if (a->kind == TL_V_STRING) {
		size_t len = a->u.str.len + b->u.str.len;
		char *s = tl_ev_alloc(ev, len + 1);
		if (!s)
			return tl_ev_alloc_failed(ev, n->pos);
		if (a->u.str.len)
			memcpy(s, a->u.str.s, a->u.str.len);
		if (b->u.str.len)
			memcpy(s + a->u.str.len, b->u.str.s, b->u.str.len);
		return tl_value_string(s, len);
	}
	size_t na = tl_value_size(a, ev), nb = tl_value_size(b, ev);
	if (na + nb > SIZE_MAX / sizeof(tl_value))
		return tl_ev_alloc_failed(ev, n->pos);
	tl_value *items = tl_ev_alloc(ev, (na + nb) * sizeof(*items));
	if (!items)
		return tl_ev_alloc_failed(ev, n->pos);
	size_t k = 0;
	vit ia = {a, 0}, ib = {b, 0};
	while (k < na && tl_vlist_next(&ia, ev, &items[k]))
		k++;
	while (k < na + nb && tl_vlist_next(&ib, ev, &items[k]))
		k++;
	return tl_value_list(items, k);
}

static tl_value arith(tl_eval *ev, const ast *n, const tl_value *a, const tl_value *b)
{
	binop op = (binop)n->op;
	tl_value args[2] = {*a, *b};

	if (a->kind == TL_V_INT && b->kind == TL_V_INT) {
		int64_t x = a->u.i, y = b->u.i, r;
		switch (op) {
		case B_ADD:
			if (__builtin_add_overflow(x, y, &r))
				return int_overflow(ev, n->pos);
			return tl_value_int(r);
		case B_SUB:
			if (__builtin_sub_overflow(x, y, &r))
				return int_overflow(ev, n->pos);
			return tl_value_int(r);
		case B_MUL:
			if (__builtin_mul_overflow(x, y, &r))
				return int_overflow(ev, n->pos);
			return tl_value_int(r);
		case B_DIV:
			if (y == 0)
				return tl_ev_error(ev, n->pos, "division by zero", "ゼロで割っています");
			if (x == INT64_MIN && y == -1)
				return int_overflow(ev, n->pos);
			return tl_value_int(x / y);
		default:
			if (y == 0)
				return tl_ev_error(ev, n->pos, "modulus by zero", "ゼロによる剰余を求めています");
			if (x == INT64_MIN && y == -1)
				return int_overflow(ev, n->pos);
			return tl_value_int(x % y);
		}
	}
	if ((a->kind == TL_V_INT || a->kind == TL_V_DECIMAL) &&
	    (b->kind == TL_V_INT || b->kind == TL_V_DECIMAL) && op != B_MOD) {
		tl_decimal x, y, r;
		int st;
		if (a->kind == TL_V_INT)
			tl_decimal_from_int(&x, a->u.i);
		else
			x = a->u.d;
		if (b->kind == TL_V_INT)
			tl_decimal_from_int(&y, b->u.i);
		else
			y = b->u.d;
		switch (op) {
		case B_ADD: st = tl_decimal_add(&r, &x, &y); break;
		case B_SUB: st = tl_decimal_sub(&r, &x, &y); break;
		case B_MUL: st = tl_decimal_mul(&r, &x, &y); break;
		default: st = tl_decimal_div(&r, &x, &y); break;
		}
		if (st != TL_DEC_OK)
			return dec_error(ev, n->pos, st);
		return tl_value_decimal(&r);
	}
	if (op == B_ADD && a->kind == b->kind && (a->kind == TL_V_STRING || a->kind == TL_V_LIST))
		return concat(ev, n, a, b);
	return tl_ev_no_overload(ev, n->pos, true, binop_names[op], args, 2);
}

static tl_value binary(tl_eval *ev, const ast *n, const tl_value *a, const tl_value *b)
{
	binop op = (binop)n->op;
	int c;

	switch (op) {
	case B_EQ:
		return tl_value_bool(tl_value_eq(a, b, ev));
	case B_NE:
		return tl_value_bool(!tl_value_eq(a, b, ev));
	case B_LT:
	case B_LE:
	case B_GT:
	case B_GE:
		if (!tl_value_cmp(a, b, &c)) {
			tl_value args[2] = {*a, *b};
			return tl_ev_no_overload(ev, n->pos, true, binop_names[op], args, 2);
		}
		return tl_value_bool(op == B_LT ? c < 0 : op == B_LE ? c <= 0 : op == B_GT ? c > 0 : c >= 0);
	case B_IN:
		if (b->kind == TL_V_LIST) {
			vit it = {b, 0};
			tl_value x;
			while (tl_vlist_next(&it, ev, &x))
				if (tl_value_eq(a, &x, ev))
					return tl_value_bool(true);
			return tl_value_bool(false);
		}
		if (b->kind == TL_V_MAP)
			return tl_value_bool(tl_vmap_get(b, a, ev, NULL));
		{
			tl_value args[2] = {*a, *b};
			return tl_ev_no_overload(ev, n->pos, true, "in", args, 2);
		}
	default:
		return arith(ev, n, a, b);
	}
}

static OUT_OF_LINE tl_value select_field(tl_eval *ev, const ast *n)
{
	tl_value o = eval_node(ev, n->a), v;
	if (o.kind == TL_V_ERROR)
		return o;
	if (o.kind != TL_V_MAP) {
		if (n->kind == A_HAS)
			return tl_ev_error(ev, n->pos,
			                   tl_ev_printf(ev, "has() needs a map to look `%s` up in, not a value of type %s",
			                                n->name, tl_value_type_name(&o)),
			                   tl_ev_printf(ev, "has() で `%s` を調べるにはマップが必要ですが、%s 型の値です",
			                                n->name, tl_value_type_name(&o)));
		return tl_ev_error(ev, n->pos,
		                   tl_ev_printf(ev, "no field `%s` on a value of type %s", n->name,
		                                tl_value_type_name(&o)),
		                   tl_ev_printf(ev, "%s 型の値にフィールド `%s` はありません",
		                                tl_value_type_name(&o), n->name));
	}
	if (n->kind == A_HAS)
		return tl_value_bool(tl_vmap_select(&o, n, ev, NULL));
	/* A cached answer is returned from the cache itself: through
	 * tl_vmap_select's `out`, gcc copied it with a slow `rep movs`. */
	tl_sel_entry *e = tl_sel_slot(&o, n, ev);
	if (tl_sel_hit(e, &o, n, ev)) {
		if (e->found)
			return e->v;
	} else if (tl_vmap_select_fill(&o, n, ev, e, &v)) {
		return v;
	}
	return tl_ev_error(ev, n->pos, tl_ev_printf(ev, "no such key `%s`", n->name),
	                   tl_ev_printf(ev, "キー `%s` はありません", n->name));
}

static OUT_OF_LINE tl_value index_value(tl_eval *ev, const ast *n)
{
	tl_value o = eval_node(ev, n->a), i, v;
	if (o.kind == TL_V_ERROR)
		return o;
	i = eval_node(ev, n->b);
	if (i.kind == TL_V_ERROR)
		return i;
	if (o.kind == TL_V_LIST && (i.kind == TL_V_INT || i.kind == TL_V_DECIMAL)) {
		int64_t k;
		if (i.kind == TL_V_DECIMAL && tl_decimal_to_int64(&k, &i.u.d) != TL_DEC_OK)
			return tl_ev_error(ev, n->pos,
			                   tl_ev_printf(ev, "list index %s is not a whole number",
			                                short_text(ev, &i)),
			                   tl_ev_printf(ev, "リストの添字 %s が整数ではありません",
			                                short_text(ev, &i)));
		if (i.kind == TL_V_INT)
			k = i.u.i;
		if (k < 0 || !tl_value_list_at(&v, &o, (size_t)k, ev)) {
			size_t sz = tl_value_size(&o, ev);
			return tl_ev_error(ev, n->pos,
			                   tl_ev_printf(ev, "index %" PRId64 " out of range (the list has %zu item%s)",
			                                k, sz, sz == 1 ? "" : "s"),
			                   tl_ev_printf(ev, "添字 %" PRId64 " が範囲外です（リストの要素は %zu 個）",
			                                k, sz));
		}
		return v;
	}
	if (o.kind == TL_V_MAP) {
		if (tl_vmap_get(&o, &i, ev, &v))
			return v;
		return tl_ev_error(ev, n->pos, tl_ev_printf(ev, "no such key %s", short_text(ev, &i)),
		                   tl_ev_printf(ev, "キー %s はありません", short_text(ev, &i)));
	}
	tl_value args[2] = {o, i};
	return tl_ev_no_overload(ev, n->pos, true, "[]", args, 2);
}

/* CEL's commutative && and ||: a side that decides the result wins over an
 * error (or a non-bool) on the other side. */
static OUT_OF_LINE tl_value logic(tl_eval *ev, const ast *n)
{
	bool is_and = n->kind == A_AND;
	bool decisive = !is_and; /* false decides &&, true decides || */
	tl_value l = eval_node(ev, n->a), r;

	if (l.kind == TL_V_BOOL && l.u.b == decisive)
		return l;
	r = eval_node(ev, n->b);
	if (r.kind == TL_V_BOOL && r.u.b == decisive)
		return r;
	if (l.kind == TL_V_BOOL && r.kind == TL_V_BOOL)
		return l;
	if (l.kind == TL_V_ERROR)
		return l;
	if (r.kind == TL_V_ERROR)
		return r;
	tl_value args[2] = {l, r};
	return tl_ev_no_overload(ev, n->pos, true, is_and ? "&&" : "||", args, 2);
}

static OUT_OF_LINE tl_value make_list(tl_eval *ev, const ast *n)
{
	tl_value *items = tl_ev_alloc(ev, n->nargs * sizeof(*items));
	if (!items)
		return tl_ev_alloc_failed(ev, n->pos);
	for (uint32_t i = 0; i < n->nargs; i++) {
		items[i] = eval_node(ev, n->args[i]);
		if (items[i].kind == TL_V_ERROR)
			return items[i];
	}
	return tl_value_list(items, n->nargs);
}

static OUT_OF_LINE tl_value make_map(tl_eval *ev, const ast *n)
{
	size_t cnt = n->nargs / 2;
	tl_mapent *ents = tl_ev_alloc(ev, cnt * sizeof(*ents));
	tl_value *kv = tl_ev_alloc(ev, n->nargs * sizeof(*kv));
	if (!ents || !kv)
		return tl_ev_alloc_failed(ev, n->pos);
	for (uint32_t i = 0; i < n->nargs; i++) {
		kv[i] = eval_node(ev, n->args[i]);
		if (kv[i].kind == TL_V_ERROR)
			return kv[i];
	}
	for (size_t i = 0; i < cnt; i++) {
		const tl_value *k = &kv[2 * i];
		tl_pos kp = n->args[2 * i]->pos;
		if (k->kind != TL_V_INT && k->kind != TL_V_STRING && k->kind != TL_V_BOOL)
			return tl_ev_error(ev, kp,
			                   tl_ev_printf(ev, "a map key must be an int, a string or a bool, not %s",
			                                tl_value_type_name(k)),
			                   tl_ev_printf(ev, "マップのキーは int、string、bool のいずれかです（%s は使えません）",
			                                tl_value_type_name(k)));
		for (size_t j = 0; j < i; j++)
			if (tl_value_eq(k, &kv[2 * j], ev))
				return tl_ev_error(ev, kp,
				                   tl_ev_printf(ev, "duplicate map key %s", short_text(ev, k)),
				                   tl_ev_printf(ev, "マップのキー %s が重複しています", short_text(ev, k)));
		ents[i].key = &kv[2 * i];
		ents[i].val = &kv[2 * i + 1];
	}
	return tl_value_map(ents, cnt);
}

static const char *const comp_names[] = {"all", "exists", "exists_one", "filter", "map", "map"};

static tl_value not_bool(tl_eval *ev, const ast *n, const tl_value *r)
{
	return tl_ev_error(ev, n->pos,
	                   tl_ev_printf(ev, "the condition of %s() must be a bool, not %s",
	                                comp_names[n->op], tl_value_type_name(r)),
	                   tl_ev_printf(ev, "%s() の条件は bool でなければなりませんが、%s です",
	                                comp_names[n->op], tl_value_type_name(r)));
}

static OUT_OF_LINE tl_value comprehension(tl_eval *ev, const ast *n)
{
	comp_kind k = (comp_kind)n->op;
	tl_value range = eval_node(ev, n->a), x, r;
	tl_value pending = tl_value_null(); /* first error seen by all/exists */
	bool have_pending = false;
	size_t count = 0, cap = 0;
	tl_value *out = NULL;
	vit it;

	if (range.kind == TL_V_ERROR)
		return range;
	if (range.kind != TL_V_LIST && range.kind != TL_V_MAP)
		return tl_ev_error(ev, n->pos,
		                   tl_ev_printf(ev, "%s() works on a list or a map, not on %s",
		                                comp_names[k], tl_value_type_name(&range)),
		                   tl_ev_printf(ev, "%s() はリストかマップに使います（%s には使えません）",
		                                comp_names[k], tl_value_type_name(&range)));
	if (k == C_FILTER || k == C_MAP || k == C_MAP3) {
		cap = tl_value_size(&range, ev);
		if (cap > SIZE_MAX / sizeof(tl_value))
			return tl_ev_alloc_failed(ev, n->pos);
		out = tl_ev_alloc(ev, cap * sizeof(*out));
		if (!out)
			return tl_ev_alloc_failed(ev, n->pos);
	}
	it.v = &range;
	it.i = 0;
	for (;;) {
		bool more = range.kind == TL_V_LIST ? tl_vlist_next(&it, ev, &x)
		                                    : tl_vmap_next(&it, ev, &x, NULL);
		if (!more)
			break;
		if (!tl_ev_step(ev, n->pos))
			return tl_ev_alloc_failed(ev, n->pos);
		ev->locals[n->slot] = x;
		r = eval_node(ev, n->b);
		if (ev->fatal || ev->oom)
			return tl_ev_alloc_failed(ev, n->pos);
		switch (k) {
		case C_ALL:
		case C_EXISTS:
			if (r.kind == TL_V_BOOL) {
				if (r.u.b == (k == C_EXISTS))
					return r;
			} else if (!have_pending) {
				pending = r.kind == TL_V_ERROR ? r : not_bool(ev, n, &r);
				have_pending = true;
			}
			break;
		case C_EXISTS_ONE:
			if (r.kind == TL_V_ERROR)
				return r;
			if (r.kind != TL_V_BOOL)
				return not_bool(ev, n, &r);
			count += r.u.b;
			break;
		case C_FILTER:
		case C_MAP3:
			if (r.kind == TL_V_ERROR)
				return r;
			if (r.kind != TL_V_BOOL)
				return not_bool(ev, n, &r);
			if (!r.u.b)
				break;
			if (k == C_MAP3) {
				r = eval_node(ev, n->c);
				if (r.kind == TL_V_ERROR)
					return r;
			} else {
				r = x; /* the element itself, node and all */
			}
			out[count++] = r;
			break;
		case C_MAP:
			if (r.kind == TL_V_ERROR)
				return r;
			out[count++] = r;
			break;
		}
	}
	switch (k) {
	case C_ALL:
	case C_EXISTS:
		return have_pending ? pending : tl_value_bool(k == C_ALL);
	case C_EXISTS_ONE:
		return tl_value_bool(count == 1);
	default:
		return tl_value_list(out, count);
	}
}

static OUT_OF_LINE tl_value call(tl_eval *ev, const ast *n)
{
	tl_value args[TL_FN_MAX_ARGS];
	for (uint32_t i = 0; i < n->nargs; i++) {
		args[i] = eval_node(ev, n->args[i]);
		if (args[i].kind == TL_V_ERROR)
			return args[i];
	}
	return n->fn->impl(ev, n, args, n->nargs);
}

/* Evaluation recurses through eval_node for every node, so it stays small:
 * leaves are answered at once, everything else has its own function that is
 * kept out of line, so that the common path does not pay for the stack frame
 * of the biggest case. */

static OUT_OF_LINE tl_value eval_not(tl_eval *ev, const ast *n)
{
	tl_value a = eval_node(ev, n->a);
	if (a.kind == TL_V_BOOL)
		return tl_value_bool(!a.u.b);
	if (a.kind == TL_V_ERROR)
		return a;
	return tl_ev_no_overload(ev, n->pos, true, "!", &a, 1);
}

static OUT_OF_LINE tl_value eval_neg(tl_eval *ev, const ast *n)
{
	tl_value a = eval_node(ev, n->a);
	if (a.kind == TL_V_INT) {
		if (a.u.i == INT64_MIN)
			return int_overflow(ev, n->pos);
		return tl_value_int(-a.u.i);
	}
	if (a.kind == TL_V_DECIMAL) {
		tl_decimal d;
		tl_decimal_neg(&d, &a.u.d);
		return tl_value_decimal(&d);
	}
	if (a.kind == TL_V_ERROR)
		return a;
	return tl_ev_no_overload(ev, n->pos, true, "-", &a, 1);
}

static OUT_OF_LINE tl_value eval_binary(tl_eval *ev, const ast *n)
{
	tl_value a = eval_node(ev, n->a), b;
	if (a.kind == TL_V_ERROR)
		return a;
	b = eval_node(ev, n->b);
	if (b.kind == TL_V_ERROR)
		return b;
	return binary(ev, n, &a, &b);
}

static OUT_OF_LINE tl_value eval_cond(tl_eval *ev, const ast *n)
{
	tl_value a = eval_node(ev, n->a);
	if (a.kind == TL_V_BOOL)
		return eval_node(ev, a.u.b ? n->b : n->c);
	if (a.kind == TL_V_ERROR)
		return a;
	return tl_ev_error(ev, n->pos,
	                   tl_ev_printf(ev, "the condition before '?' must be a bool, not %s",
	                                tl_value_type_name(&a)),
	                   tl_ev_printf(ev, "'?' の前の条件は bool でなければなりませんが、%s です",
	                                tl_value_type_name(&a)));
}

tl_value tl_ev_eval(tl_eval *ev, const ast *n)
{
	return eval_node(ev, n);
}

/* A variable bound on first read (tl_eval_lazy). */
static OUT_OF_LINE tl_value lazy_var(tl_eval *ev, const ast *n)
{
	size_t i = n->slot - ev->lazy_from;
	if (!ev->lazy_bound[i] && ev->lazy_fn(ev->lazy_ud, i) != 0) {
		ev->oom = true;
		return err_value(&oom_error);
	}
	return ev->vars[n->slot];
}

int tl_expr_eval(tl_value *out, const tl_expr *e, tl_eval *ev, const tl_value *vars)
{
	/* An evaluation in progress (this one reads a variable bound on first
	 * read) keeps its state; this one's comprehension variables come after
	 * its own. */
	const tl_expr *outer = ev->expr;
	const tl_value *outer_vars = ev->vars;
	size_t outer_base = ev->mem_base, outer_off = ev->locals_off, start = ev->arena.used;
	uint64_t outer_steps = ev->steps;
	const tl_verror *outer_fatal = ev->fatal;
	bool outer_oom = ev->oom;
	size_t off = outer ? outer_off + outer->nlocals : 0;
	tl_value v;
	int rc = 0;

	if (off + e->nlocals > ev->locals_cap) {
		tl_value *l = realloc(ev->locals_store, (off + e->nlocals) * sizeof(*l));
		if (!l) {
			*out = err_value(&oom_error);
			return TL_ENOMEM;
		}
		ev->locals_store = l;
		ev->locals_cap = off + e->nlocals;
	}
	ev->expr = e;
	ev->vars = vars;
	ev->steps = 0;
	ev->fatal = NULL;
	ev->oom = false;
	ev->mem_base = ev->arena.used;
	ev->locals_off = off;
	/* No store yet (nothing has needed a local): NULL + 0 is undefined. */
	ev->locals = ev->locals_store ? ev->locals_store + off : NULL;
	v = eval_node(ev, e->root);
	if (ev->fatal)
		v = err_value(ev->fatal);
	if (ev->oom) {
		v = err_value(&oom_error);
		rc = TL_ENOMEM;
	}
	*out = v;
	/* What this evaluation allocated (with the evaluations inside it) does not
	 * count against the outer one's memory limit: evaluated before it, as it
	 * could have been, it would not. */
	size_t used = ev->arena.used - start;
	ev->expr = outer;
	ev->vars = outer_vars;
	ev->steps = outer_steps;
	ev->fatal = outer_fatal;
	ev->oom = outer_oom;
	ev->mem_base = outer ? outer_base + used : ev->arena.used;
	ev->locals_off = outer_off;
	ev->locals = ev->locals_store ? ev->locals_store + outer_off : NULL;
	return rc;
}
