/* check.c - one declaration through the pack's stages: load, schema, rules, findings. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../pack/pack.h"
#include "../schema/schema.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "result.h"

typedef struct run {
	const tlcheck_pack *pack;
	const tlcheck_check_options *opts;
	tlcheck_result *res;
	tl_eval *ev;
	const tl_doc *doc;
	const tl_node *root;
	unsigned char *marks;        /* TL_MARK_HIDDEN, _TEXT, _INT, by node id */
	size_t nmarks;               /* the document's nodes */
	bool any_hidden;             /* some node is hidden */
	bool any_retype;             /* some scalar is read as the schema takes it */
	tl_value vars_fixed[TL_VAR_FIXED];
	int lang;                    /* 0 en, 1 ja */
	int cap;                     /* -1 unknown, 0 no, 1 yes */
	bool *fired;                 /* per rule: produced a finding */
	bool schema_done;
	int rc;                      /* TL_ENOMEM once memory ran out */
	tl_buf buf;
	struct memo *memos;          /* per shared let (tl_let.shared - 1) */
	tl_value *lists;             /* per shared for_each list (tl_case.shared_list - 1) */
	unsigned char *have_list;    /* ... 1 once computed for this document */
	/* The variables and let flags of the case being evaluated: one case at a
	 * time, so one allocation serves every case of the document. */
	tl_value *case_vars;
	unsigned char *case_bound;
	size_t case_cap;
	/* What the bookkeeping of this document needs (hidden nodes, memos,
	 * lists, the cases' variables): the context's scratch arena, emptied
	 * when the document is done. */
	tl_arena *scratch;
} run;

/* The values of one shared let for this document, by item index (one value
 * when it does not read the item). */
typedef struct memo {
	tl_value *v;
	unsigned char *have;
	size_t n;
} memo;

/* What the lets of one item are bound from. */
typedef struct item {
	tl_value *vars;
	unsigned char *bound;        /* per let */
	size_t index, count;         /* of the item in the for_each list (0 of 1 without) */
} item;

static bool selected(const run *r, const tl_rule *rule)
{
	const char *const *rules = r->opts->rules, *const *clauses = r->opts->clauses;
	/* A file that cannot be loaded, or whose check a rule stops (halt_on:
	 * not a declaration, an unknown material), is reported whatever the
	 * selection: the selected rules did not check it, and hidden it would
	 * count as clean. */
	if (tl_rule_stops_check(rule))
		return true;
	return tlcheck_pack_rule_selected(r->pack, (size_t)(rule - r->pack->rules), rules, clauses);
}

static bool capped(run *r, const tl_rule *rule)
{
	if (!rule->capped || !r->pack->cap_when)
		return false;
	if (r->cap < 0) {
		tl_value v;
		r->cap = 0;
		int rc = tl_expr_eval(&v, r->pack->cap_when, r->ev, r->vars_fixed);
		if (rc != 0)
			r->rc = TL_ENOMEM; /* uncapped would be another result: fail, and be retried */
		else if (tl_value_is_true(&v))
			r->cap = 1;
	}
	return r->cap == 1;
}

static tlcheck_severity severity_of(run *r, const tl_rule *rule)
{
	if (rule->severity == r->pack->cap_from && capped(r, rule))
		return r->pack->cap_to;
	return rule->severity;
}

/* A child of `n` by key or index. A value that is written counts, even when
 * it is null or not valid (hidden: DECL-003 made it not declared): a finding
 * about it points at it, not at the mapping around it. */
static const tl_node *child(const tl_node *n, const char *key, size_t klen, long idx)
{
	const tl_node *c = NULL;
	if (idx >= 0) {
		if (n->kind == TL_NODE_SEQUENCE && (size_t)idx < n->u.seq.count)
			c = n->u.seq.items[idx];
	} else if (n->kind == TL_NODE_MAPPING) {
		for (size_t i = 0; i < n->u.map.count; i++) {
			const tl_node *k = n->u.map.pairs[i].key;
			if (k->kind == TL_NODE_SCALAR && k->u.scalar.len == klen &&
			    memcmp(k->u.scalar.text, key, klen) == 0) {
				c = n->u.map.pairs[i].value;
				break;
			}
		}
	}
	return c;
}

/* Resolves `at` (a.b[0].c) from `base`: the deepest existing node gives the
 * position; the path is base's path followed by `at` in full. */
static const tl_node *locate(run *r, const tl_node *base, const char *at, tl_buf *path)
{
	const tl_node *n = base;
	bool deep = true;
	char tmp[1024];

	if (strncmp(at, "decl.", 5) == 0 || strcmp(at, "decl") == 0) {
		n = r->root;
		at += at[4] ? 5 : 4;
	}
	tl_buf_reset(path);
	size_t need = tl_node_path(n, tmp, sizeof(tmp));
	if (need >= sizeof(tmp)) {
		char *big = malloc(need + 1);
		if (big) {
			tl_node_path(n, big, need + 1);
			tl_buf_puts(path, big);
			free(big);
		}
	} else {
		tl_buf_puts(path, tmp);
	}
	const char *p = at;
	while (*p) {
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 10);
			if (*end != ']')
				break;
			tl_buf_printf(path, "[%ld]", idx);
			if (deep) {
				const tl_node *c = child(n, NULL, 0, idx);
				if (c)
					n = c;
				else
					deep = false;
			}
			p = end + 1;
			continue;
		}
		size_t len = strcspn(p, ".[");
		if (path->len)
			tl_buf_putc(path, '.');
		tl_buf_put(path, p, len);
		if (deep) {
			const tl_node *c = child(n, p, len, -1);
			if (c)
				n = c;
			else
				deep = false;
		}
		p += len;
	}
	return n;
}

static void add_finding(run *r, const tl_rule *rule, size_t ri, const tl_node *node,
                        const char *path, const char *msg, bool rule_error)
{
	tlcheck_severity sev = rule_error ? TLCHECK_ERROR : severity_of(r, rule);
	const char *rem = r->lang ? rule->remediation.ja : rule->remediation.en;
	tlcheck_finding *f = tl_result_add(r->res, rule, (long)ri, sev, path,
	                                   node ? node->start : (tl_pos){1, 1}, msg, rem);
	if (!f) {
		r->rc = TL_ENOMEM;
		return;
	}
	f->rule_error = rule_error;
	r->fired[ri] = true;
}

static void rule_error(run *r, const tl_rule *rule, size_t ri, const tl_node *node,
                       const char *path, const tl_value *err)
{
	const tl_verror *e = err->u.err;
	tl_buf m = TL_BUF_INIT;
	const char *emsg = r->lang && e->msg_ja && *e->msg_ja ? e->msg_ja : e->msg;
	if (r->lang)
		tl_buf_printf(&m, "ルール %s を評価できませんでした: %s (%s:%u:%u)", rule->id,
		              emsg ? emsg : "", e->file ? e->file : rule->file, e->pos.line, e->pos.col);
	else
		tl_buf_printf(&m, "rule %s could not be evaluated: %s (%s:%u:%u)", rule->id,
		              emsg ? emsg : "", e->file ? e->file : rule->file, e->pos.line, e->pos.col);
	if (m.oom)
		r->rc = TL_ENOMEM;
	add_finding(r, rule, ri, node, path, m.data ? m.data : "", true);
	r->res->status[ri] = TLCHECK_RULE_ERROR;
	tl_buf_free(&m);
}

/* Forgets the shared lets' and lists' values: hiding nodes changes what they see. */
static void memos_clear(run *r)
{
	if (r->have_list)
		memset(r->have_list, 0, r->pack->nshared_lists);
	/* The values stay in the scratch arena until the document is done. */
	if (r->memos)
		memset(r->memos, 0, r->pack->nshared * sizeof(*r->memos));
}

/* Where the document keeps the value of shared let `l` for `it`; NULL when it
 * is not shared (or memory ran out: it is then simply computed). */
static tl_value *memo_at(run *r, const tl_let *l, const item *it, bool *have)
{
	if (!l->shared || !r->memos)
		return NULL;
	memo *m = &r->memos[l->shared - 1];
	size_t i = l->per_item ? it->index : 0;
	if (!m->v) {
		size_t n = l->per_item ? it->count : 1;
		if (n <= SIZE_MAX / sizeof(tl_value))
			m->v = tl_arena_alloc(r->scratch, n * sizeof(tl_value));
		m->have = tl_arena_alloc(r->scratch, n);
		if (!m->v || !m->have) {
			*m = (memo){NULL, NULL, 0};
			return NULL;
		}
		m->n = n;
	}
	if (i >= m->n)
		return NULL;
	*have = m->have[i];
	m->have[i] = 1;
	return &m->v[i];
}

/* What the lets of an item are bound from while its case is evaluated. */
typedef struct lazy_ctx {
	run *r;
	const tl_case *c;
	const item *it;
} lazy_ctx;

/* Binds let i of the item when an evaluation first reads it (tl_eval_lazy):
 * from the document's memo when an earlier rule computed it, else by
 * evaluating it; the lets it reads are bound the same way as it reads them.
 * A let nothing reads is never computed: `covered && trigger` computes
 * `trigger` only for an item that is covered. Returns 0 or TL_ENOMEM. */
static int bind_let(void *ud, size_t i)
{
	const lazy_ctx *z = ud;
	const tl_case *c = z->c;
	const tl_let *l = &c->lets[i];
	bool have = false;
	tl_value *v = &z->it->vars[c->nvars - c->nlets + i], *m = memo_at(z->r, l, z->it, &have);
	if (have)
		*v = *m;
	else if (tl_expr_eval(v, l->expr, z->r->ev, z->it->vars) != 0)
		return TL_ENOMEM;
	else if (m)
		*m = *v;
	z->it->bound[i] = 1;
	return 0;
}

/* Evaluates one item (or the document) against a case of an expression rule.
 * Lets are bound lazily and the finding's path is built only for a finding:
 * most items of most rules find nothing. */
static void eval_item(run *r, const tl_rule *rule, const tl_case *c, size_t ri, const item *it,
                      const tl_node *base)
{
	tl_value cond;
	/* Lets that do not read the item keep their values from the last one. */
	if (c->item_keep) {
		/* Eight flags at a time (TL-D's defaults have 35 lets). */
		size_t i = 0;
		for (; i + 8 <= c->nlets; i += 8) {
			uint64_t b, k;
			memcpy(&b, it->bound + i, 8);
			memcpy(&k, c->item_keep + i, 8);
			b &= k;
			memcpy(it->bound + i, &b, 8);
		}
		for (; i < c->nlets; i++)
			it->bound[i] &= c->item_keep[i];
	} else {
		memset(it->bound, 0, c->nlets); /* out of memory at load: only slower */
	}
	if (tl_expr_eval(&cond, c->when, r->ev, it->vars) != 0) {
		r->rc = TL_ENOMEM;
		return;
	}
	if (cond.kind == TL_V_BOOL && !cond.u.b)
		return;
	tl_buf path = TL_BUF_INIT;
	const tl_node *at = locate(r, base, c->at, &path);
	if (path.oom)
		r->rc = TL_ENOMEM; /* a finding is never kept with its path cut short */
	if (tl_value_is_error(&cond)) {
		rule_error(r, rule, ri, at, path.data ? path.data : "", &cond);
	} else if (cond.kind != TL_V_BOOL) {
		tl_verror e = {rule->file, tl_expr_pos(c->when),
		               "the condition `when` gave a value that is not a bool",
		               "条件 `when` の値が真偽値ではありません"};
		tl_value ev = {TL_V_ERROR, NULL, {.err = &e}};
		rule_error(r, rule, ri, at, path.data ? path.data : "", &ev);
	} else {
		tl_buf_reset(&r->buf);
		if (tl_template_render(&r->buf, &c->msg[r->lang], r->ev, it->vars) != 0)
			r->rc = TL_ENOMEM;
		add_finding(r, rule, ri, at, path.data ? path.data : "", r->buf.data ? r->buf.data : "",
		            false);
	}
	tl_buf_free(&path);
}

/* Returns the number of items the case looked at (1 without for_each). */
static size_t eval_case(run *r, const tl_rule *rule, const tl_case *c, size_t ri)
{
	size_t n = 1, need = (c->nvars > c->nlets ? c->nvars : c->nlets) + 1;
	if (need > r->case_cap) {
		/* The smaller arrays are left to the scratch arena. */
		tl_value *v = tl_arena_alloc(r->scratch, need * sizeof(*v));
		unsigned char *b = tl_arena_alloc(r->scratch, need);
		if (!v || !b) {
			r->rc = TL_ENOMEM;
			return 0;
		}
		r->case_vars = v;
		r->case_bound = b;
		r->case_cap = need;
	}
	tl_value *vars = r->case_vars;
	unsigned char *bound = r->case_bound;
	/* The lets' slots are read only once bound (tl_eval_lazy): only the item's
	 * and its index's need a value before the first item. */
	memset(vars + TL_VAR_FIXED, 0, (c->nvars - c->nlets - TL_VAR_FIXED) * sizeof(*vars));
	memset(bound, 0, c->nlets + 1);
	item it = {vars, bound, 0, 1};
	lazy_ctx lazy = {r, c, &it};
	memcpy(vars, r->vars_fixed, sizeof(r->vars_fixed));
	if (!c->for_each) {
		tl_eval_lazy(r->ev, c->nvars - c->nlets, bound, bind_let, &lazy);
		eval_item(r, rule, c, ri, &it, r->root);
		goto out;
	}
	tl_value list;
	size_t sl = c->shared_list && r->lists ? c->shared_list : 0;
	if (sl && r->have_list[sl - 1]) {
		list = r->lists[sl - 1];
	} else if (tl_expr_eval(&list, c->for_each, r->ev, vars) != 0) {
		r->rc = TL_ENOMEM;
		goto out;
	} else if (sl) {
		r->lists[sl - 1] = list;
		r->have_list[sl - 1] = 1;
	}
	if (tl_value_is_error(&list)) {
		rule_error(r, rule, ri, r->root, "", &list);
		goto out;
	}
	if (list.kind != TL_V_LIST) {
		tl_verror e = {rule->file, tl_expr_pos(c->for_each),
		               "`for_each` gave a value that is not a list",
		               "`for_each` の値がリストではありません"};
		tl_value ev = {TL_V_ERROR, NULL, {.err = &e}};
		rule_error(r, rule, ri, r->root, "", &ev);
		goto out;
	}
	n = tl_value_size(&list, r->ev);
	it.count = n;
	tl_list_iter li = {&list, 0};
	tl_value v;
	tl_eval_lazy(r->ev, c->nvars - c->nlets, bound, bind_let, &lazy);
	for (size_t i = 0; i < n && r->rc == 0 && tl_list_iter_next(&li, r->ev, &v); i++) {
		vars[TL_VAR_FIXED] = v;
		if (c->index)
			vars[TL_VAR_FIXED + 1] = tl_value_int((int64_t)i);
		it.index = i;
		eval_item(r, rule, c, ri, &it, v.node ? v.node : r->root);
	}
out:
	tl_eval_lazy_off(r->ev);
	return n;
}

static void eval_expr_rule(run *r, const tl_rule *rule, size_t ri)
{
	size_t seen = 0;
	for (size_t i = 0; i < rule->ncases && r->rc == 0; i++)
		seen += eval_case(r, rule, &rule->cases[i], ri);
	if (seen == 0 && r->res->status[ri] == TLCHECK_PASS)
		r->res->status[ri] = TLCHECK_NOT_APPLICABLE;
}

/* ---- schema violations ------------------------------------------------------- */

typedef struct schema_ctx {
	run *r;
} schema_ctx;

static bool takes(const tl_rule *rule, const tl_violation *v)
{
	if (rule->kind != TL_RULE_SCHEMA || !(rule->keywords & (1u << v->keyword)))
		return false;
	if (v->keyword == TL_SV_FORMAT && rule->formats) {
		for (size_t i = 0; i < rule->nformats; i++)
			if (v->format && strcmp(rule->formats[i], v->format) == 0)
				return true;
		return false;
	}
	return true;
}

static tl_value str_value(run *r, const char *s)
{
	/* Strings handed over by the validator live only during the callback:
	 * messages are rendered inside it, so no copy is needed. */
	(void)r;
	return tl_value_string(s ? s : "", s ? strlen(s) : 0);
}

static void on_violation(void *ud, const tl_violation *v)
{
	run *r = ud;
	const tlcheck_pack *p = r->pack;
	for (size_t ri = 0; ri < p->nrules; ri++) {
		const tl_rule *rule = &p->rules[ri];
		if (!takes(rule, v))
			continue;
		if (rule->hides && v->node && v->node->id < r->nmarks) {
			r->marks[v->node->id] |= TL_MARK_HIDDEN;
			r->any_hidden = true;
		}
		tl_buf path = TL_BUF_INIT;
		char tmp[1024];
		const tl_node *pathnode = v->node;
		if (v->keyword == TL_SV_ADDITIONAL && v->node && v->node->parent)
			pathnode = v->node->parent;
		if (pathnode) {
			size_t need = tl_node_path(pathnode, tmp, sizeof(tmp));
			if (need < sizeof(tmp))
				tl_buf_puts(&path, tmp);
		}
		if ((v->keyword == TL_SV_REQUIRED || v->keyword == TL_SV_ADDITIONAL) && v->key) {
			if (path.len)
				tl_buf_putc(&path, '.');
			tl_buf_puts(&path, v->key);
		}
		static const char *const names[] = {"path", "key", "detail", "suggestion", "nearest",
		                                    "title"};
		enum { NV = sizeof(names) / sizeof(names[0]) };
		tl_value kv[2 * NV];
		tl_mapent ents[NV];
		/* Schema descriptions are "English / 日本語": keep the reader's half. */
		char title[512] = "";
		if (v->title) {
			const char *sep = strstr(v->title, " / ");
			const char *t = sep && r->lang ? sep + 3 : v->title;
			size_t tl = sep && !r->lang ? (size_t)(sep - v->title) : strlen(t);
			if (tl >= sizeof(title))
				tl = sizeof(title) - 1;
			memcpy(title, t, tl);
			title[tl] = '\0';
			while (tl && (title[tl - 1] == '.' || title[tl - 1] == ' '))
				title[--tl] = '\0';
		}
		const char *vals[NV] = {path.data ? path.data : "", v->key,
		                        r->lang ? v->detail_ja : v->detail_en, v->suggestion, v->nearest,
		                        title};
		for (int i = 0; i < NV; i++) {
			kv[2 * i] = tl_value_string(names[i], strlen(names[i]));
			kv[2 * i + 1] = str_value(r, vals[i]);
			ents[i].key = &kv[2 * i];
			ents[i].val = &kv[2 * i + 1];
		}
		tl_value *vars = calloc(rule->cases[0].nvars + 1, sizeof(tl_value));
		if (!vars) {
			r->rc = TL_ENOMEM;
			tl_buf_free(&path);
			return;
		}
		memcpy(vars, r->vars_fixed, sizeof(r->vars_fixed));
		vars[TL_VAR_FIXED] = tl_value_map(ents, NV);
		tl_buf_reset(&r->buf);
		if (tl_template_render(&r->buf, &rule->cases[0].msg[r->lang], r->ev, vars) != 0 ||
		    path.oom)
			r->rc = TL_ENOMEM;
		/* A required key written with null (`corporate_number: ~`) is
		 * missing where it is written: the finding points at the null,
		 * as an expression rule's finding on a null value does. */
		const tl_node *at = v->node;
		if (v->keyword == TL_SV_REQUIRED && v->key && v->node &&
		    v->node->kind == TL_NODE_MAPPING) {
			const tl_node *written = tl_node_get(v->node, v->key);
			if (written)
				at = written;
		}
		add_finding(r, rule, ri, at, path.data ? path.data : "",
		            r->buf.data ? r->buf.data : "", false);
		free(vars);
		tl_buf_free(&path);
		return;
	}
}

/* A scalar written as a date where the schema asks for text (an officer
 * named 2024-01-01) is read by the rules as that text: `matches()` and the
 * messages take it as they take any other name. A whole number written 12.0
 * where the schema asks for one is read as the int 12: `addMonths()` takes it
 * as it takes any other count. */
static void on_retype(void *ud, const tl_node *n, tl_retype as)
{
	run *r = ud;
	if (n->id < r->nmarks) {
		r->marks[n->id] |= as == TL_RETYPE_TEXT ? TL_MARK_TEXT : TL_MARK_INT;
		r->any_retype = true;
	}
}

static void run_schema(run *r)
{
	if (r->schema_done || !r->pack->schema)
		return;
	r->schema_done = true;
	if (tl_schema_validate(r->pack->schema, r->root, tl_eval_scalar_memo(r->ev), on_violation,
	                       on_retype, r) != 0)
		r->rc = TL_ENOMEM;
	/* The violations hid values: what was computed before no longer holds,
	 * nor do the selections the evaluation context remembers. With nothing
	 * hidden, the context is told so: it then reads lists and mappings as
	 * they are, without asking of every item whether it is hidden. */
	if (r->any_hidden)
		tl_eval_set_hidden(r->ev, r->marks, r->nmarks);
	else
		tl_eval_set_hidden(r->ev, NULL, 0);
	tl_eval_set_retype(r->ev, r->any_retype ? r->marks : NULL, r->nmarks);
	memos_clear(r);
}

/* ---- the stages ------------------------------------------------------------------ */

static const char *scalar_at(const tl_node *root, const char *dotted, tl_arena *a)
{
	const tl_node *n = root;
	const char *p = dotted;
	while (n && *p) {
		size_t len = strcspn(p, ".");
		char key[128];
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		n = tl_node_get(n, key);
		p += len;
		if (*p == '.')
			p++;
	}
	if (!n || n->kind != TL_NODE_SCALAR)
		return NULL;
	return tl_arena_strndup(a, n->u.scalar.text, strlen(n->u.scalar.text));
}

static void run_stages(run *r)
{
	const tlcheck_pack *p = r->pack;
	bool halted = false;

	for (size_t si = 0; si < p->nstages && r->rc == 0; si++) {
		const tl_stage *st = &p->stages[si];
		bool applicable = !halted;
		tl_value gate = tl_value_bool(true);
		if (applicable && st->when) {
			if (tl_expr_eval(&gate, st->when, r->ev, r->vars_fixed) != 0) {
				r->rc = TL_ENOMEM;
				return;
			}
			applicable = tl_value_is_true(&gate);
		}
		if (applicable && st->has_schema)
			run_schema(r);
		bool gate_error_reported = false;
		for (size_t k = 0; k < st->nrules && r->rc == 0; k++) {
			size_t ri = st->rules[k];
			const tl_rule *rule = &p->rules[ri];
			if (tl_value_is_error(&gate)) {
				/* The stage could not be decided: every rule in it says so. */
				if (!gate_error_reported)
					rule_error(r, rule, ri, r->root, "", &gate);
				gate_error_reported = true;
				r->res->status[ri] = TLCHECK_RULE_ERROR;
				continue;
			}
			if (!applicable || rule->kind == TL_RULE_LOAD_ERROR) {
				r->res->status[ri] = applicable ? TLCHECK_PASS : TLCHECK_NOT_APPLICABLE;
				r->res->skipped[ri] = halted;
				continue;
			}
			r->res->status[ri] = TLCHECK_PASS;
			if (rule->kind == TL_RULE_EXPR)
				eval_expr_rule(r, rule, ri);
		}
		for (size_t k = 0; k < st->nrules; k++) {
			size_t ri = st->rules[k];
			const tl_rule *rule = &p->rules[ri];
			if (r->fired[ri] && r->res->status[ri] != TLCHECK_RULE_ERROR)
				r->res->status[ri] = TLCHECK_FAIL;
			for (size_t h = 0; h < st->nhalt; h++)
				if (r->fired[ri] && strcmp(st->halt_on[h], rule->id) == 0)
					halted = r->res->halted = true;
		}
	}
}

/* Drops findings of rules that were not selected (they were evaluated all the
 * same, so that selection never changes what the others decide). */
static void apply_selection(run *r)
{
	tlcheck_result *res = r->res;
	size_t k = 0;
	for (size_t i = 0; i < r->pack->nrules; i++)
		if (!selected(r, &r->pack->rules[i]))
			res->status[i] = TLCHECK_NOT_SELECTED;
	for (size_t i = 0; i < res->nfindings; i++) {
		tlcheck_finding *f = &res->findings[i];
		if (res->status[f->rule_index] != TLCHECK_NOT_SELECTED)
			res->findings[k++] = *f;
	}
	res->nfindings = k;
}

static void load_failed(run *r, const tl_error *err, const char *data, size_t len)
{
	const tlcheck_pack *p = r->pack;
	tlcheck_result *res = r->res;
	const char *msg = tl_error_message(err, r->lang ? "ja" : "en");

	res->load_failed = true;
	/* Keep the offending line for excerpts. */
	if (data && err->pos.line) {
		size_t off = 0;
		if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
			off = 3;
		for (uint32_t l = 1; l < err->pos.line && off < len; off++)
			if (data[off] == '\n')
				l++;
		size_t e = off;
		while (e < len && data[e] != '\n' && e - off < 4096)
			e++;
		if (e > off && data[e - 1] == '\r')
			e--;
		if (off < len && tl_utf8_check(data + off, e - off) == e - off &&
		    !memchr(data + off, '\0', e - off)) {
			res->err_line = tl_arena_strndup(&res->arena, data + off, e - off);
			res->err_line_no = err->pos.line;
		}
	}
	for (size_t ri = 0; ri < p->nrules; ri++) {
		const tl_rule *rule = &p->rules[ri];
		res->status[ri] = TLCHECK_NOT_APPLICABLE;
		res->skipped[ri] = rule->kind != TL_RULE_LOAD_ERROR;
		if (rule->kind != TL_RULE_LOAD_ERROR)
			continue;
		tl_value vars[TL_VAR_FIXED + 1];
		vars[TL_VAR_DECL] = tl_value_null();
		vars[TL_VAR_PARAMS] = p->params_value;
		vars[TL_VAR_MATERIALS] = p->materials_value;
		vars[TL_VAR_FIXED] = tl_value_string(msg, strlen(msg));
		tl_buf_reset(&r->buf);
		if (tl_template_render(&r->buf, &rule->cases[0].msg[r->lang], r->ev, vars) != 0)
			r->rc = TL_ENOMEM;
		/* The rule's remediation for this kind of trouble, if it has one. */
		const tl_text *fix = &rule->remediation;
		int cause = tl_load_cause(err->code);
		if (rule->cause_fix && cause >= 0 && rule->cause_fix[cause].en)
			fix = &rule->cause_fix[cause];
		tlcheck_finding *f = tl_result_add(res, rule, (long)ri, rule->severity, "",
		                                   err->pos.line ? err->pos : (tl_pos){1, 1},
		                                   r->buf.data ? r->buf.data : msg,
		                                   r->lang ? fix->ja : fix->en);
		if (!f)
			r->rc = TL_ENOMEM;
		res->status[ri] = TLCHECK_FAIL;
	}
}

static int check_common(tlcheck_result **out, tl_eval *ev, const tlcheck_pack *pack,
                        const char *filename, const char *data, size_t len,
                        const tlcheck_check_options *opts, const tl_error *read_err)
{
	tlcheck_check_options defaults = TLCHECK_CHECK_OPTIONS_INIT;
	run r;
	tl_doc *doc = NULL;
	tl_error err;
	int rc;

	if (!opts)
		opts = &defaults;
	*out = NULL;
	/* A caller built against another layout of the options: refuse rather
	 * than read fields that are not there. */
	if (opts->version != TLCHECK_CHECK_OPTIONS_VERSION)
		return TLCHECK_EINVALID;
	memset(&r, 0, sizeof(r));
	r.pack = pack;
	r.opts = opts;
	r.ev = ev;
	r.scratch = tl_eval_scratch(ev);
	r.cap = -1;
	r.lang = opts->lang && strcmp(opts->lang, "ja") == 0;
	r.res = calloc(1, sizeof(tlcheck_result));
	r.fired = tl_arena_alloc(r.scratch, (pack->nrules + 1) * sizeof(bool));
	if (!r.res || !r.fired) {
		rc = TL_ENOMEM;
		goto fail;
	}
	r.res->nrules = pack->nrules;
	r.res->file = tl_arena_strdup(&r.res->arena, filename ? filename : "");
	r.res->status = tl_arena_alloc(&r.res->arena, pack->nrules + 1);
	r.res->skipped = tl_arena_alloc(&r.res->arena, pack->nrules + 1);
	if (!r.res->file || !r.res->status || !r.res->skipped) {
		rc = TL_ENOMEM;
		goto fail;
	}

	tl_load_limits limits = TL_LOAD_LIMITS_INIT;
	limits.max_bytes = opts->max_bytes;
	limits.max_depth = opts->max_depth;
	limits.max_nodes = opts->max_nodes;
	limits.max_alias_nodes = opts->max_alias_nodes;
	tl_error_clear(&err);
	if (read_err) {
		err = *read_err;
		rc = read_err->code ? read_err->code : TL_EIO;
	} else {
		rc = tl_doc_load(&doc, &err, data, len, &limits);
	}
	if (rc == TL_ENOMEM)
		goto fail;
	if (rc != 0) {
		load_failed(&r, &err, data, len);
	} else {
		r.res->doc = doc;
		r.doc = doc;
		r.root = tl_doc_root(doc);
		r.nmarks = tl_doc_node_count(doc);
		r.marks = tl_arena_alloc(r.scratch, r.nmarks + 1);
		r.memos = tl_arena_alloc(r.scratch, (pack->nshared + 1) * sizeof(memo));
		r.lists = tl_arena_alloc(r.scratch, (pack->nshared_lists + 1) * sizeof(tl_value));
		r.have_list = tl_arena_alloc(r.scratch, pack->nshared_lists + 1);
		if (!r.marks || !r.memos || !r.lists || !r.have_list) {
			rc = TL_ENOMEM;
			goto fail;
		}
		tl_eval_set_doc(ev, r.nmarks);
		r.vars_fixed[TL_VAR_DECL] = tl_value_from_node(r.root);
		r.vars_fixed[TL_VAR_PARAMS] = pack->params_value;
		r.vars_fixed[TL_VAR_MATERIALS] = pack->materials_value;
		r.res->plan = scalar_at(r.root, pack->plan_field, &r.res->arena);
		r.res->material = scalar_at(r.root, pack->material_field, &r.res->arena);
		for (size_t i = 0; r.res->material && i < pack->nmaterials; i++)
			if (strcmp(pack->materials[i].code, r.res->material) == 0)
				r.res->ministry = r.lang ? pack->materials[i].ministry.ja
				                         : pack->materials[i].ministry.en;
		run_stages(&r);
	}
	if (r.rc != 0) {
		rc = r.rc;
		goto fail;
	}
	apply_selection(&r);
	/* Left unsorted, the result would differ from the one a check with
	 * memory gives: a batch checks the file again instead. */
	if (tl_result_sort(r.res) != 0) {
		rc = TL_ENOMEM;
		goto fail;
	}
	*out = r.res;
	r.res = NULL;
	rc = 0;
fail:
	tl_eval_set_hidden(ev, NULL, 0);
	tl_eval_set_retype(ev, NULL, 0);
	tl_eval_set_doc(ev, 0);
	tl_eval_reset(ev);
	tl_buf_free(&r.buf);
	tlcheck_result_free(r.res);
	return rc;
}

int tl_check_buffer(tlcheck_result **out, tl_eval *ev, const tlcheck_pack *pack,
                    const char *filename, const char *data, size_t len,
                    const tlcheck_check_options *opts)
{
	return check_common(out, ev, pack, filename, data, len, opts, NULL);
}

int tl_check_failed(tlcheck_result **out, tl_eval *ev, const tlcheck_pack *pack,
                    const char *filename, const tl_error *err, const tlcheck_check_options *opts)
{
	return check_common(out, ev, pack, filename, NULL, 0, opts, err);
}

int tlcheck_check_buffer(tlcheck_result **out, const tlcheck_pack *pack, const char *filename,
                         const char *data, size_t len, const tlcheck_check_options *opts)
{
	tl_eval *ev = tl_eval_new();
	if (!ev)
		return TLCHECK_ENOMEM;
	int rc = tl_check_buffer(out, ev, pack, filename, data, len, opts);
	tl_eval_free(ev);
	return rc;
}

int tlcheck_check_file(tlcheck_result **out, const tlcheck_pack *pack, const char *path,
                       const tlcheck_check_options *opts)
{
	char *data = NULL;
	size_t len = 0;
	tl_error err;
	tl_file_id id;
	tl_error_clear(&err);
	int rc = tl_read_file(&data, &len, path, opts ? opts->max_bytes : 0, &err, &id);
	if (rc == TL_ENOMEM)
		return TLCHECK_ENOMEM;
	if (rc != 0) {
		/* Report the read failure through the load-error rule: checking an
		 * empty buffer would say something else, so run the failure path. */
		tl_eval *ev = tl_eval_new();
		if (!ev)
			return TLCHECK_ENOMEM;
		rc = tl_check_failed(out, ev, pack, path, &err, opts);
		tl_eval_free(ev);
	} else {
		rc = tlcheck_check_buffer(out, pack, path, data, len, opts);
		free(data);
	}
	if (rc == 0 && *out)
		(*out)->id = id;
	return rc;
}
