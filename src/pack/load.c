/* load.c - reading a rule pack's manifest and compiling the whole pack. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/utf8.h"
#include "load_ctx.h"
#include "source.h"

/* Both formats take the same arguments; neither can be checked against them
 * by the compiler, so every caller passes string literals. */
void tl_pk_error(tl_pk *pk, const tl_node *at, const char *en, const char *ja, ...)
{
	tl_error err;
	va_list ap;

	va_start(ap, ja);
	tl_error_setv_both(&err, TL_EINVALID, at ? at->start : (tl_pos){0, 0}, en, ja, ap);
	va_end(ap);
	tl_diags_add(pk->diags, pk->file, &err, pk->data, pk->len);
	pk->nerr++;
}

void tl_pk_check_keys(tl_pk *pk, const tl_node *map, const char *what, const char *const *allowed)
{
	if (!map || map->kind != TL_NODE_MAPPING)
		return;
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tl_node *k = map->u.map.pairs[i].key;
		const char *name = tl_node_text(k);
		bool ok = false;
		for (size_t j = 0; name && allowed[j]; j++)
			if (strcmp(allowed[j], name) == 0)
				ok = true;
		if (!ok) {
			tl_buf list = TL_BUF_INIT;
			for (size_t j = 0; allowed[j]; j++)
				tl_buf_printf(&list, "%s%s", j ? ", " : "", allowed[j]);
			tl_pk_error(pk, k, "unknown key `%s` in %s (known keys: %s)",
			            "%2$s に不明なキー `%1$s` があります (使えるキー: %3$s)",
			            name ? name : "?", what, list.data ? list.data : "");
			tl_buf_free(&list);
		}
	}
}

static const char *kind_name(int kind, bool ja)
{
	switch (kind) {
	case TL_NODE_MAPPING: return ja ? "マッピング" : "a mapping";
	case TL_NODE_SEQUENCE: return ja ? "リスト" : "a list";
	default: return ja ? "スカラー値" : "a scalar value";
	}
}

const tl_node *tl_pk_need(tl_pk *pk, const tl_node *map, const char *key, int kind)
{
	const tl_node *n = tl_node_get(map, key);
	if (!n || (n->kind == TL_NODE_SCALAR && n->u.scalar.style == TL_STYLE_PLAIN &&
	           (n->u.scalar.len == 0 || strcmp(n->u.scalar.text, "null") == 0 ||
	            strcmp(n->u.scalar.text, "~") == 0))) {
		tl_pk_error(pk, map, "missing required key `%s`", "必須のキー `%s` がありません", key);
		return NULL;
	}
	if (kind >= 0 && (int)n->kind != kind) {
		tl_pk_error(pk, n, "`%s` must be %s", "`%s` は%sでなければなりません", key,
		            kind_name(kind, false), kind_name(kind, true));
		return NULL;
	}
	return n;
}

const char *tl_pk_string(tl_pk *pk, const tl_node *n)
{
	if (!n)
		return NULL;
	if (n->kind != TL_NODE_SCALAR) {
		tl_pk_error(pk, n, "expected text here, found %s", "ここにはテキストが必要ですが、%sがあります",
		            kind_name((int)n->kind, false), kind_name((int)n->kind, true));
		return NULL;
	}
	return tl_arena_strndup(&pk->pack->arena, n->u.scalar.text, n->u.scalar.len);
}

bool tl_pk_text(tl_pk *pk, const tl_node *n, tl_text *out)
{
	static const char *const keys[] = {"en", "ja", NULL};
	out->en = out->ja = "";
	if (!n)
		return false;
	if (n->kind != TL_NODE_MAPPING) {
		tl_pk_error(pk, n, "expected a mapping with `en` and `ja` texts",
		            "`en` と `ja` のテキストを持つマッピングが必要です");
		return false;
	}
	tl_pk_check_keys(pk, n, "a text", keys);
	const tl_node *en = tl_pk_need(pk, n, "en", TL_NODE_SCALAR);
	const tl_node *ja = tl_pk_need(pk, n, "ja", TL_NODE_SCALAR);
	if (en)
		out->en = tl_pk_string(pk, en);
	if (ja)
		out->ja = tl_pk_string(pk, ja);
	if (!out->en)
		out->en = "";
	if (!out->ja)
		out->ja = "";
	return en && ja;
}

/* Byte offset in pk->data where 1-based line `line` starts (after a BOM). */
static size_t line_offset(const tl_pk *pk, uint32_t line)
{
	if (line == 0 || !pk->line_start)
		return 0;
	return line <= pk->nlines ? pk->line_start[line - 1] : pk->len;
}

/* Byte offset of a 1-based (line, character column) position. */
static size_t pos_offset(const tl_pk *pk, tl_pos pos)
{
	size_t off = line_offset(pk, pos.line);
	for (uint32_t c = 1; c < pos.col && off < pk->len && pk->data[off] != '\n'; c++) {
		size_t n = tl_utf8_valid_prefix(pk->data + off, pk->len - off);
		off += n ? n : 1;
	}
	return off;
}

/* A double-quoted YAML escape at `p` (a backslash): sets *srclen to its
 * length in the source and *vallen to the bytes of its value (UTF-8), and
 * returns true. Every escape is taken whole, \\ too, so that its second
 * backslash is not read as the start of another (`\\x41` is a backslash,
 * then `x41`). False for an escaped line break, which has no value, and
 * anything malformed (libyaml refused those). */
static bool dq_escape(const char *p, size_t avail, size_t *srclen, size_t *vallen)
{
	if (avail < 2)
		return false;
	size_t digits = 0;
	switch (p[1]) {
	case '0': case 'a': case 'b': case 't': case '\t': case 'n': case 'v': case 'f': case 'r':
	case 'e': case '\\': case '"': case '/': case ' ':
		*srclen = 2;
		*vallen = 1;
		return true;
	case 'N': case '_': /* U+0085, U+00A0 */
		*srclen = 2;
		*vallen = 2;
		return true;
	case 'L': case 'P': /* U+2028, U+2029 */
		*srclen = 2;
		*vallen = 3;
		return true;
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default: return false;
	}
	if (avail < 2 + digits)
		return false;
	uint32_t cp = 0;
	for (size_t k = 0; k < digits; k++) {
		int v = tl_hex_digit(p[2 + k]);
		if (v < 0)
			return false;
		cp = cp << 4 | (uint32_t)v;
	}
	*srclen = 2 + digits;
	*vallen = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	return true;
}

tl_pos *tl_pk_posmap(tl_pk *pk, const tl_node *n)
{
	size_t len = n->u.scalar.len;
	const char *t = n->u.scalar.text;
	tl_pos *map = malloc((len + 1) * sizeof(tl_pos));
	if (!map)
		return NULL;
	size_t s = pos_offset(pk, n->start), end = pos_offset(pk, n->end);
	tl_pos cur = n->start;

	if (end > pk->len || end < s)
		end = pk->len;
	/* Step past the opening quote or the block indicator line. */
	if (n->u.scalar.style == TL_STYLE_SINGLE_QUOTED || n->u.scalar.style == TL_STYLE_DOUBLE_QUOTED) {
		if (s < end) {
			s++;
			cur.col++;
		}
	} else if (n->u.scalar.style == TL_STYLE_LITERAL || n->u.scalar.style == TL_STYLE_FOLDED) {
		while (s < end && pk->data[s] != '\n')
			s++;
	}
	/* Align the value with the source: every non-blank byte of the value is
	 * found, in order, in the source text; blanks take the position reached.
	 * A double-quoted escape is read whole instead (\u0074 for `t` would not
	 * be found): its value's bytes take the backslash's place. */
	bool dq = n->u.scalar.style == TL_STYLE_DOUBLE_QUOTED;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		size_t srclen, vallen;
		if (dq && s < end && pk->data[s] == '\\' &&
		    dq_escape(pk->data + s, end - s, &srclen, &vallen) && vallen <= len - i) {
			for (size_t k = 0; k < vallen; k++)
				map[i + k] = cur;
			i += vallen - 1;
			s += srclen;
			cur.col += (uint32_t)srclen; /* an escape is ASCII */
			continue;
		}
		if (c == ' ' || c == '\n' || c == '\t') {
			if (s < end && (unsigned char)pk->data[s] == c) {
				map[i] = cur;
				goto advance;
			}
			map[i] = cur;
			continue;
		}
		while (s < end && (unsigned char)pk->data[s] != c) {
			if (pk->data[s] == '\n') {
				cur.line++;
				cur.col = 1;
			} else if (((unsigned char)pk->data[s] & 0xC0) != 0x80) {
				cur.col++;
			}
			s++;
		}
		map[i] = cur;
	advance:
		if (s < end) {
			if (pk->data[s] == '\n') {
				cur.line++;
				cur.col = 1;
			} else if (s + 1 >= pk->len || ((unsigned char)pk->data[s + 1] & 0xC0) != 0x80) {
				cur.col++;
			}
			s++;
		}
	}
	map[len] = cur;
	return map;
}

/* The pack takes `e`; false (e freed) when out of memory. */
static bool own_expr(tl_pk *pk, tl_expr *e)
{
	tlcheck_pack *p = pk->pack;
	if (p->nexprs == p->capexprs) {
		size_t cap = p->capexprs ? p->capexprs * 2 : 64;
		tl_expr **a = realloc(p->owned_exprs, cap * sizeof(*a));
		if (!a) {
			tl_expr_free(e);
			pk->nerr++;
			return false;
		}
		p->owned_exprs = a;
		p->capexprs = cap;
	}
	p->owned_exprs[p->nexprs++] = e;
	return true;
}

static tl_expr *compile_text(tl_pk *pk, const char *src, size_t len, const tl_pos *posmap,
                             tl_pos origin, const char *const *vars, size_t nvars)
{
	tl_expr *e = NULL;
	tl_error err;
	tl_expr_opts o = TL_EXPR_OPTS_INIT;
	o.file = pk->file;
	o.names = pk->pack->names;
	o.posmap = posmap;
	o.origin = origin;
	o.vars = vars;
	o.nvars = nvars;
	if (pk->pack->param_names && nvars > TL_VAR_PARAMS) {
		o.fields_of = vars[TL_VAR_PARAMS]; /* `params`, whose fields are the parameters */
		o.fields = pk->pack->param_names;
		o.nfields = pk->pack->nparams;
	}
	tl_error_clear(&err);
	if (tl_expr_compile(&e, &err, src, len, &o) != 0) {
		tl_diags_add(pk->diags, pk->file, &err, pk->data, pk->len);
		pk->nerr++;
		return NULL;
	}
	return own_expr(pk, e) ? e : NULL;
}

tl_expr *tl_pk_compile(tl_pk *pk, const tl_node *n, const char *const *vars, size_t nvars)
{
	if (!n)
		return NULL;
	if (n->kind != TL_NODE_SCALAR) {
		tl_pk_error(pk, n, "expected an expression (text), found %s",
		            "式 (テキスト) が必要ですが、%sがあります", kind_name((int)n->kind, false),
		            kind_name((int)n->kind, true));
		return NULL;
	}
	tl_pos *map = tl_pk_posmap(pk, n);
	tl_expr *e = compile_text(pk, n->u.scalar.text, n->u.scalar.len, map, n->start, vars, nvars);
	free(map);
	return e;
}

/* What compiling a waiting message needs: the file it is in, as the loader
 * read it, and the variables of its case. Lives in the pack's arena. */
struct tl_tpl_lazy {
	atomic_bool ready;         /* `done` is set: read it after an acquire load */
	tl_template done;
	const tl_node *node;
	const char *const *vars;
	size_t nvars;
	const char *file, *data;
	size_t len;
	const size_t *line_start;
	size_t nlines;
	tlcheck_pack *pack;        /* whose lock, arena and names the compilation uses */
	tl_tpl_lazy *next;         /* in tlcheck_pack.lazy */
};

static bool compile_template(tl_pk *pk, const tl_node *n, tl_template *out,
                             const char *const *vars, size_t nvars)
{
	const char *t = n->u.scalar.text;
	size_t len = n->u.scalar.len, cap = 8, i = 0;
	tl_pos *map = tl_pk_posmap(pk, n);
	tl_tpl_part *parts = tl_arena_alloc(&pk->pack->arena, cap * sizeof(*parts));
	tl_buf lit = TL_BUF_INIT;
	bool ok = parts && map;
	int nerr = pk->nerr;

	while (ok && i <= len) {
		bool flush = i == len;
		size_t close = 0;
		if (!flush && t[i] == '{' && i + 1 < len && t[i + 1] == '{') {
			tl_buf_putc(&lit, '{');
			i += 2;
			continue;
		}
		if (!flush && t[i] == '}' && i + 1 < len && t[i + 1] == '}') {
			tl_buf_putc(&lit, '}');
			i += 2;
			continue;
		}
		if (!flush && t[i] == '{') {
			/* The placeholder ends at the matching '}' outside string literals. */
			int depth = 0;
			char q = 0;
			for (close = i + 1; close < len; close++) {
				char c = t[close];
				if (q) {
					if (c == '\\')
						close++;
					else if (c == q)
						q = 0;
				} else if (c == '"' || c == '\'') {
					q = c;
				} else if (c == '{') {
					depth++;
				} else if (c == '}') {
					if (depth-- == 0)
						break;
				}
			}
			if (close >= len) {
				tl_error err;
				tl_error_set(&err, TL_ESYNTAX, map[i],
				             "expected '}' to close the placeholder opened here");
				tl_error_set_ja(&err, "ここで始まる差し込み `{` を閉じる `}` がありません");
				tl_diags_add(pk->diags, pk->file, &err, pk->data, pk->len);
				pk->nerr++;
				ok = false;
				break;
			}
			flush = true;
		} else if (!flush) {
			tl_buf_putc(&lit, t[i]);
			i++;
			continue;
		}
		if (out->count + 2 > cap) {
			tl_tpl_part *np = tl_arena_grow(&pk->pack->arena, parts, cap * sizeof(*parts),
			                                cap * 2 * sizeof(*parts));
			if (!np) {
				ok = false;
				break;
			}
			parts = np;
			cap *= 2;
		}
		if (lit.oom) {
			ok = false;
			break;
		}
		if (lit.len) {
			parts[out->count].lit = tl_arena_strndup(&pk->pack->arena, lit.data, lit.len);
			parts[out->count].len = lit.len;
			if (!parts[out->count].lit) {
				ok = false;
				break;
			}
			out->count++;
			tl_buf_reset(&lit);
		}
		if (i == len)
			break;
		tl_expr *e = compile_text(pk, t + i + 1, close - i - 1, map + i + 1, map[i + 1], vars,
		                          nvars);
		if (!e)
			ok = false;
		parts[out->count].expr = e;
		out->count++;
		i = close + 1;
	}
	tl_buf_free(&lit);
	free(map);
	/* Running out of memory is an error of the load too: a message is
	 * never kept with a part missing. */
	if (!ok && pk->nerr == nerr)
		pk->nerr++;
	out->parts = parts;
	return ok;
}

bool tl_pk_template(tl_pk *pk, const tl_node *n, tl_template *out,
                    const char *const *vars, size_t nvars)
{
	out->parts = NULL;
	out->count = 0;
	out->lazy = NULL;
	if (!n || n->kind != TL_NODE_SCALAR) {
		if (n)
			tl_pk_error(pk, n, "expected a message (text)", "メッセージ (テキスト) が必要です");
		return false;
	}
	/* The built-in pack's messages were checked when it was built (its
	 * tests compile every one): most are never rendered in a run (the
	 * other language's, the rules that find nothing), so each is compiled
	 * the first time it is. A pack read from a directory is checked, and
	 * so compiled, as it loads. */
	if (!pk->dir && pk->pack->have_lazy_mu) {
		tl_tpl_lazy *lz = tl_arena_alloc(&pk->pack->arena, sizeof(*lz));
		if (!lz) {
			pk->nerr++;
			return false;
		}
		atomic_init(&lz->ready, false);
		lz->node = n;
		lz->vars = vars;
		lz->nvars = nvars;
		lz->file = pk->file;
		lz->data = pk->data;
		lz->len = pk->len;
		lz->line_start = pk->line_start;
		lz->nlines = pk->nlines;
		lz->pack = pk->pack;
		lz->next = pk->pack->lazy;
		pk->pack->lazy = lz;
		out->lazy = lz;
		return true;
	}
	return compile_template(pk, n, out, vars, nvars);
}

/* Compiles a waiting message once, whichever thread renders it first.
 * Returns 0 when it is ready, else TL_ENOMEM (it is tried again next time);
 * with diags, its errors are reported there. */
static int compile_lazy(tl_tpl_lazy *lz, tlcheck_diags *diags)
{
	tlcheck_pack *pack = lz->pack;
	int rc = 0;
	pthread_mutex_lock(&pack->lazy_mu);
	if (!atomic_load_explicit(&lz->ready, memory_order_relaxed)) {
		tl_pk pk = {0};
		tl_template t = {NULL, 0, NULL};
		pk.pack = pack;
		pk.diags = diags;
		pk.file = lz->file;
		pk.data = lz->data;
		pk.len = lz->len;
		pk.line_start = lz->line_start;
		pk.nlines = lz->nlines;
		size_t nexprs = pack->nexprs;
		if (compile_template(&pk, lz->node, &t, lz->vars, lz->nvars) && pk.nerr == 0) {
			lz->done = t;
			atomic_store_explicit(&lz->ready, true, memory_order_release);
		} else {
			/* Out of memory (the built-in pack's messages all compile): the
			 * expressions of this attempt go, the next render tries again. */
			while (pack->nexprs > nexprs)
				tl_expr_free(pack->owned_exprs[--pack->nexprs]);
			rc = TL_ENOMEM;
		}
	}
	pthread_mutex_unlock(&pack->lazy_mu);
	return rc;
}

bool tl_template_ready(const tl_template *t)
{
	return !t->lazy || atomic_load_explicit(&t->lazy->ready, memory_order_acquire);
}

size_t tl_pack_compile_messages(tlcheck_pack *pack, tlcheck_diags *diags)
{
	size_t failed = 0;
	for (tl_tpl_lazy *lz = pack ? pack->lazy : NULL; lz; lz = lz->next)
		if (!atomic_load_explicit(&lz->ready, memory_order_acquire) &&
		    compile_lazy(lz, diags) != 0)
			failed++;
	return failed;
}

/* A NUL byte in what a message shows (a declaration may write one: "A\0B")
 * would end the message there once it is a C string: it is shown as \0. */
static void show_nuls(tl_buf *out, size_t from)
{
	if (out->oom || !out->data || !memchr(out->data + from, '\0', out->len - from))
		return;
	tl_buf tail = TL_BUF_INIT;
	tl_buf_put(&tail, out->data + from, out->len - from);
	out->len = from;
	for (size_t i = 0; i < tail.len && !tail.oom; i++) {
		if (tail.data[i] == '\0')
			tl_buf_puts(out, "\\0");
		else
			tl_buf_putc(out, tail.data[i]);
	}
	if (tail.oom)
		out->oom = true;
	tl_buf_free(&tail);
}

int tl_template_render(tl_buf *out, const tl_template *t, tl_eval *ev, const tl_value *vars)
{
	int rc = 0;
	size_t from = out->len;
	if (t->lazy) {
		tl_tpl_lazy *lz = t->lazy;
		if (!atomic_load_explicit(&lz->ready, memory_order_acquire) &&
		    compile_lazy(lz, NULL) != 0)
			return TL_ENOMEM;
		t = &lz->done;
	}
	for (size_t i = 0; i < t->count; i++) {
		const tl_tpl_part *p = &t->parts[i];
		if (!p->expr) {
			tl_buf_put(out, p->lit, p->len);
			continue;
		}
		tl_value v;
		if (tl_expr_eval(&v, p->expr, ev, vars) != 0) {
			rc = TL_ENOMEM;
			tl_buf_putc(out, '?');
		} else if (tl_value_is_error(&v)) {
			tl_buf_putc(out, '?');
		} else {
			tl_value_format(out, &v, ev);
		}
	}
	show_nuls(out, from);
	/* A message cut short is no message: out of memory. */
	return out->oom ? TL_ENOMEM : rc;
}

/* Letter case does not matter: rule ids are ASCII, as `explain` takes them. */
bool tl_id_match(const char *pattern, const char *id)
{
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return strncasecmp(pattern, id, n - 1) == 0;
	return strcasecmp(pattern, id) == 0;
}

bool tlcheck_pack_rule_selected(const tlcheck_pack *pack, size_t i, const char *const *rules,
                                const char *const *clauses)
{
	if (i >= pack->nrules)
		return false;
	const tl_rule *rule = &pack->rules[i];
	bool ok_rule = !rules || !rules[0], ok_clause = !clauses || !clauses[0];
	for (size_t k = 0; rules && rules[k]; k++)
		if (tl_id_match(rules[k], rule->id))
			ok_rule = true;
	for (size_t k = 0; clauses && clauses[k]; k++) {
		const char *c = clauses[k], *rc = rule->clause;
		/* "ウ" matches "(ウ)". */
		size_t cl = strlen(c), rl = strlen(rc);
		if (strcmp(c, rc) == 0 || (rl == cl + 2 && rc[0] == '(' && strncmp(rc + 1, c, cl) == 0))
			ok_clause = true;
	}
	return ok_rule && ok_clause;
}
