/* expr.c - the public face of the rule language: compiling, evaluation contexts, `tlcheck eval`. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int tl_expr_compile(tl_expr **out, tl_error *err, const char *src, size_t len,
                    const tl_expr_opts *opts)
{
	static const tl_expr_opts defaults = TL_EXPR_OPTS_INIT;
	tl_expr *e;
	size_t max_len;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	max_len = opts->max_len ? opts->max_len : TL_EXPR_DEFAULT_LEN;
	e = calloc(1, sizeof(*e));
	if (e)
		/* A pack holds hundreds of expressions of a few hundred bytes each:
		 * 16 KiB blocks would spread them over megabytes, faulted in at
		 * start-up and scattered in the cache when rules run. A compiled
		 * expression takes some 20 bytes per byte of source (at most 72 in
		 * the default pack): the first block is sized to that, so that the
		 * many short ones (`{t.id}` in a message) do not take 2 KiB each
		 * (a longer one takes more blocks of that size). */
		e->arena.block = len < 56 ? 256 + 32 * len : 2048;
	if (!e) {
		tl_error_set(err, TL_ENOMEM, (tl_pos){0, 0}, "out of memory");
		tl_error_set_ja(err, "メモリが足りません");
		return TL_ENOMEM;
	}
	e->file = opts->file;
	e->nvars = opts->nvars;
	if (len > max_len) {
		tl_pos p = opts->posmap ? opts->posmap[0] : opts->origin;
		if (p.line == 0)
			p = (tl_pos){1, 1};
		tl_error_set(err, TL_ELIMIT, p, "the expression is %zu bytes long; the limit is %zu bytes",
		             len, max_len);
		tl_error_set_ja(err, "式の長さが %zu バイトあります。上限は %zu バイトです", len, max_len);
		rc = TL_ELIMIT;
		goto fail;
	}
	rc = tl_parse(e, err, src, len, opts);
	if (rc == TL_ENOMEM) {
		tl_error_set(err, TL_ENOMEM, e->pos, "out of memory");
		tl_error_set_ja(err, "メモリが足りません");
	}
	if (rc)
		goto fail;
	*out = e;
	return 0;
fail:
	tl_expr_free(e);
	return rc;
}

void tl_expr_free(tl_expr *e)
{
	if (!e)
		return;
	for (regex_ref *r = e->regexes; r; r = r->next)
		pcre2_code_free(r->code);
	tl_arena_clear(&e->arena);
	free(e);
}

tl_pos tl_expr_pos(const tl_expr *e)
{
	return e->pos;
}

size_t tl_expr_vars(const tl_expr *e, unsigned char *used, size_t nvars)
{
	size_t marked = 0;
	for (uint32_t i = 0; e && i < e->nreads; i++) {
		uint32_t s = e->reads[i];
		if (s < nvars && !used[s]) {
			used[s] = 1;
			marked++;
		}
	}
	return marked;
}

tl_eval *tl_eval_new(void)
{
	tl_eval *ev = calloc(1, sizeof(*ev));
	if (!ev)
		return NULL;
	ev->memo = &ev->memo_store;
	ev->lazy_from = SIZE_MAX;
	ev->mctx = pcre2_match_context_create(NULL);
	ev->md = pcre2_match_data_create(1, NULL);
	if (!ev->mctx || !ev->md) {
		tl_eval_free(ev);
		return NULL;
	}
	pcre2_set_match_limit(ev->mctx, TL_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(ev->mctx, TL_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(ev->mctx, 20 * 1024); /* KiB */
	pcre2_set_callout(ev->mctx, tl_regex_step, &ev->rx_steps);
	/* A JIT stack of our own, not the machine stack of whatever thread runs
	 * the match: its size is the same everywhere, and a match that needs
	 * more fails with PCRE2_ERROR_JIT_STACKLIMIT, an evaluation error. */
	ev->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (ev->jit_stack)
		pcre2_jit_stack_assign(ev->mctx, NULL, ev->jit_stack);
	return ev;
}

void tl_eval_free(tl_eval *ev)
{
	if (!ev)
		return;
	free(ev->sel);
	pcre2_match_data_free(ev->md);
	pcre2_match_context_free(ev->mctx);
	pcre2_jit_stack_free(ev->jit_stack);
	tl_arena_clear(&ev->arena);
	tl_arena_clear(&ev->scratch);
	tl_scalar_memo_free(&ev->memo_store);
	free(ev->locals_store);
	free(ev);
}

void tl_eval_lazy(tl_eval *ev, size_t from, const unsigned char *bound, tl_lazy_fn fn, void *ud)
{
	ev->lazy_from = fn && bound ? from : SIZE_MAX;
	ev->lazy_bound = bound;
	ev->lazy_fn = fn;
	ev->lazy_ud = ud;
}

void tl_eval_lazy_off(tl_eval *ev)
{
	tl_eval_lazy(ev, SIZE_MAX, NULL, NULL, NULL);
}

void tl_eval_reset(tl_eval *ev)
{
	tl_arena_reset(&ev->arena);
	tl_arena_reset(&ev->scratch);
	ev->mem_base = 0;
}

tl_arena *tl_eval_scratch(tl_eval *ev)
{
	return &ev->scratch;
}

/* Empties the selection cache: a new generation. */
static void sel_forget(tl_eval *ev)
{
	if (++ev->sel_gen == 0) {
		if (ev->sel)
			memset(ev->sel, 0, TL_SELECT_CACHE * sizeof(*ev->sel));
		ev->sel_gen = 1;
	}
}

void tl_eval_set_hidden(tl_eval *ev, const unsigned char *hidden, size_t count)
{
	ev->hidden = hidden;
	ev->nhidden = hidden ? count : 0;
	sel_forget(ev);
}

void tl_eval_set_retype(tl_eval *ev, const unsigned char *marks, size_t count)
{
	ev->retype = marks;
	ev->nretype = marks ? count : 0;
	sel_forget(ev);
}

void tl_eval_set_doc(tl_eval *ev, size_t nodes)
{
	sel_forget(ev);
	if (nodes) {
		tl_scalar_memo_begin(&ev->memo_store, nodes);
		/* Without its table the context simply selects every time. */
		if (!ev->sel)
			ev->sel = calloc(TL_SELECT_CACHE, sizeof(*ev->sel));
		ev->sel_on = ev->sel != NULL;
	} else {
		tl_scalar_memo_end(&ev->memo_store);
		ev->sel_on = false;
	}
}

/* ---- shared field names ---------------------------------------------------- */

uint32_t tl_name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

tl_expr_names *tl_expr_names_new(void)
{
	return calloc(1, sizeof(tl_expr_names));
}

void tl_expr_names_free(tl_expr_names *names)
{
	if (!names)
		return;
	tl_arena_clear(&names->arena);
	free(names->slots);
	free(names->hashes);
	free(names);
}

static bool names_grow(tl_expr_names *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	const char **slots = calloc(cap, sizeof(*slots));
	uint32_t *hashes = calloc(cap, sizeof(*hashes));
	if (!slots || !hashes) {
		free(slots);
		free(hashes);
		return false;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i])
			continue;
		size_t j = t->hashes[i] & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = t->slots[i];
		hashes[j] = t->hashes[i];
	}
	free(t->slots);
	free(t->hashes);
	t->slots = slots;
	t->hashes = hashes;
	t->cap = cap;
	return true;
}

const char *tl_expr_names_intern(tl_expr_names *t, const char *s, size_t len, uint32_t hash)
{
	if ((t->used + 1) * 2 > t->cap && !names_grow(t))
		return NULL;
	size_t i = hash & (t->cap - 1);
	for (; t->slots[i]; i = (i + 1) & (t->cap - 1))
		if (t->hashes[i] == hash && strlen(t->slots[i]) == len && memcmp(t->slots[i], s, len) == 0)
			return t->slots[i];
	char *copy = tl_arena_strndup(&t->arena, s, len);
	if (!copy)
		return NULL;
	t->slots[i] = copy;
	t->hashes[i] = hash;
	t->used++;
	return copy;
}

tl_scalar_memo *tl_eval_scalar_memo(tl_eval *ev)
{
	return &ev->memo_store;
}

int tl_expr_eval_json(char **json, tl_error *err, const char *src, size_t len,
                      const tl_node *input)
{
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	const char **names = NULL;
	tl_value *vals = NULL, v;
	tl_expr *e = NULL;
	tl_eval *ev = NULL;
	tl_buf out = TL_BUF_INIT;
	size_t n = 0;
	int rc;

	*json = NULL;
	if (input && input->kind != TL_NODE_MAPPING) {
		tl_error_set(err, TL_EINVALID, input->start,
		             "the input must be a mapping: each key is a variable of the expression");
		tl_error_set_ja(err, "入力はマッピングでなければなりません（各キーが式の変数になります）");
		return TL_EINVALID;
	}
	if (input && input->u.map.count) {
		names = calloc(input->u.map.count, sizeof(*names));
		vals = calloc(input->u.map.count, sizeof(*vals));
		if (!names || !vals) {
			rc = TL_ENOMEM;
			goto oom;
		}
		for (size_t i = 0; i < input->u.map.count; i++) {
			const tl_pair *p = &input->u.map.pairs[i];
			if (p->key->kind != TL_NODE_SCALAR)
				continue;
			names[n] = p->key->u.scalar.text;
			vals[n] = tl_value_from_node(p->value);
			n++;
		}
	}
	opts.vars = names;
	opts.nvars = n;
	rc = tl_expr_compile(&e, err, src, len, &opts);
	if (rc == TL_ENOMEM)
		goto out;
	if (rc) {
		err->code = TL_ESYNTAX;
		rc = TL_ESYNTAX;
		goto out;
	}
	if (!(ev = tl_eval_new())) {
		rc = TL_ENOMEM;
		goto oom;
	}
	if ((rc = tl_expr_eval(&v, e, ev, vals)) != 0)
		goto oom;
	if (v.kind == TL_V_ERROR) {
		tl_error_set(err, TL_EEVAL, v.u.err->pos, "%s", v.u.err->msg);
		tl_error_set_ja(err, "%s", v.u.err->msg_ja);
		rc = TL_EEVAL;
		goto out;
	}
	if (!tl_value_to_json(&out, &v, ev) && !out.oom) {
		tl_error_set(err, TL_EEVAL, tl_expr_pos(e),
		             "the value is too large to write out: more than 1,000,000 items or 16 MiB");
		tl_error_set_ja(err, "値が大きすぎて書き出せません (要素 100 万個または 16 MiB を超えます)");
		rc = TL_EEVAL;
		goto out;
	}
	if (out.oom) {
		rc = TL_ENOMEM;
		goto oom;
	}
	*json = tl_buf_detach(&out);
	rc = *json ? 0 : TL_ENOMEM;
	if (rc)
		goto oom;
	goto out;
oom:
	tl_error_set(err, TL_ENOMEM, (tl_pos){0, 0}, "out of memory");
	tl_error_set_ja(err, "メモリが足りません");
out:
	tl_buf_free(&out);
	tl_eval_free(ev);
	tl_expr_free(e);
	free(names);
	free(vals);
	return rc;
}
