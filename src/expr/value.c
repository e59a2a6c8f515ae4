/* value.c - rule-language values: constructors, views over YAML nodes, equality, ordering, text. */
#include <inttypes.h>
#include <string.h>

#include "../util/utf8.h"
#include "../value/scalar.h"
#include "internal.h"

tl_value tl_value_null(void)
{
	tl_value v;
	memset(&v, 0, sizeof(v));
	v.kind = TL_V_NULL;
	return v;
}

tl_value tl_value_bool(bool b)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_BOOL;
	v.u.b = b;
	return v;
}

tl_value tl_value_int(int64_t i)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_INT;
	v.u.i = i;
	return v;
}

tl_value tl_value_decimal(const tl_decimal *d)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_DECIMAL;
	v.u.d = *d;
	return v;
}

tl_value tl_value_date(tl_date d)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_DATE;
	v.u.date = d;
	return v;
}

tl_value tl_value_string(const char *s, size_t len)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_STRING;
	v.u.str.s = s;
	v.u.str.len = len;
	return v;
}

tl_value tl_value_list(const tl_value *items, size_t count)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_LIST;
	v.u.list.items = items;
	v.u.list.count = count;
	return v;
}

tl_value tl_value_map(const tl_mapent *ents, size_t count)
{
	tl_value v = tl_value_null();
	v.kind = TL_V_MAP;
	v.u.map.ents = ents;
	v.u.map.count = count;
	return v;
}

/* The null and bool spellings of scalar.h: 0 false, 1 true, 2 null, -1 none. */
static int special_word(const char *t, size_t len)
{
	if (len == 4) {
		switch (t[0]) {
		case 't': return memcmp(t, "true", 4) == 0 ? 1 : -1;
		case 'T': return memcmp(t, "True", 4) == 0 || memcmp(t, "TRUE", 4) == 0 ? 1 : -1;
		case 'n': return memcmp(t, "null", 4) == 0 ? 2 : -1;
		case 'N': return memcmp(t, "Null", 4) == 0 || memcmp(t, "NULL", 4) == 0 ? 2 : -1;
		default: return -1;
		}
	}
	if (len == 5) {
		switch (t[0]) {
		case 'f': return memcmp(t, "false", 5) == 0 ? 0 : -1;
		case 'F': return memcmp(t, "False", 5) == 0 || memcmp(t, "FALSE", 5) == 0 ? 0 : -1;
		default: return -1;
		}
	}
	return -1;
}

/* Types a scalar without the full resolver when scalar.h's rules decide at a
 * glance: quoted and block scalars are strings; a plain one is null or bool
 * when spelled so, and a string when it starts with something no null,
 * number or date starts with. Returns false when the resolver must decide
 * (tags, and text that may be a number or a date). Every field access types
 * its key and its value, and most of them are decided here. */
static bool quick_scalar(const tl_node *n, tl_value *v)
{
	const char *t = n->u.scalar.text;
	size_t len = n->u.scalar.len;
	char c;
	int w;

	if (n->tag)
		return false;
	if (n->u.scalar.style == TL_STYLE_PLAIN) {
		if (len == 0)
			return false;
		c = t[0];
		if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == '~')
			return false;
		if ((w = special_word(t, len)) >= 0) {
			v->kind = w == 2 ? TL_V_NULL : TL_V_BOOL;
			v->u.b = w == 1;
			return true;
		}
	}
	v->kind = TL_V_STRING;
	v->u.str.s = t;
	v->u.str.len = len;
	return true;
}

/* A key is a string key: true unless the resolver types it otherwise. */
static bool is_string_key(const tl_node *k)
{
	tl_value v;
	if (!quick_scalar(k, &v))
		v = tl_value_from_node(k);
	return v.kind == TL_V_STRING;
}

/* The value of a typed scalar node. */
static tl_value scalar_value(const tl_node *n, const tl_scalar *s)
{
	switch (s->type) {
	case TL_SCALAR_NULL: return (tl_value){.kind = TL_V_NULL, .node = n};
	case TL_SCALAR_BOOL: return (tl_value){.kind = TL_V_BOOL, .node = n, .u.b = s->u.b};
	case TL_SCALAR_INT: return (tl_value){.kind = TL_V_INT, .node = n, .u.i = s->u.i};
	case TL_SCALAR_DECIMAL: return (tl_value){.kind = TL_V_DECIMAL, .node = n, .u.d = s->u.d};
	case TL_SCALAR_DATE: return (tl_value){.kind = TL_V_DATE, .node = n, .u.date = s->u.date};
	case TL_SCALAR_STRING: break;
	}
	return (tl_value){.kind = TL_V_STRING, .node = n,
	                  .u.str = {n->u.scalar.text, n->u.scalar.len}};
}

/* The value of a document node; scalars are typed through `memo` (may be NULL). */
static tl_value node_value(tl_scalar_memo *memo, const tl_node *n)
{
	if (!n)
		return tl_value_null();
	switch (n->kind) {
	case TL_NODE_SEQUENCE: return (tl_value){.kind = TL_V_LIST, .node = n};
	case TL_NODE_MAPPING: return (tl_value){.kind = TL_V_MAP, .node = n};
	case TL_NODE_SCALAR: break;
	}
	tl_value v = {.node = n};
	if (quick_scalar(n, &v))
		return v;
	const tl_scalar *m = tl_scalar_memo_get(memo, n);
	if (m)
		return scalar_value(n, m);
	tl_scalar s;
	if (!tl_scalar_resolve(n, &s))
		return (tl_value){.kind = TL_V_STRING, .node = n,
		                  .u.str = {n->u.scalar.text, n->u.scalar.len}};
	return scalar_value(n, &s);
}

tl_value tl_value_from_node(const tl_node *n)
{
	return node_value(NULL, n);
}

/* A scalar of the document as the schema took it (tl_eval_set_retype). */
static tl_value retyped(const tl_eval *ev, const tl_node *n, tl_value v)
{
	unsigned char mark = ev->retype[n->id];
	int64_t i;
	if (v.kind == TL_V_DATE && (mark & TL_MARK_TEXT))
		return (tl_value){.kind = TL_V_STRING, .node = n,
		                  .u.str = {n->u.scalar.text, n->u.scalar.len}};
	if (v.kind == TL_V_DECIMAL && (mark & TL_MARK_INT) &&
	    tl_decimal_to_int64(&i, &v.u.d) == TL_DEC_OK)
		return (tl_value){.kind = TL_V_INT, .node = n, .u.i = i};
	return v;
}

/* The same, typed once per node of the document `ev` reads; a scalar the
 * schema takes as another type than its form says is read as the schema
 * takes it. */
static tl_value ev_node_value(const tl_eval *ev, const tl_node *n)
{
	tl_value v = node_value(ev ? ev->memo : NULL, n);
	if ((v.kind == TL_V_DATE || v.kind == TL_V_DECIMAL) && ev && ev->retype &&
	    n->id < ev->nretype)
		return retyped(ev, n, v);
	return v;
}

/* ---- document views -------------------------------------------------------- */

static bool is_hidden(const tl_eval *ev, const tl_node *n)
{
	return ev && ev->hidden && n->id < ev->nhidden && (ev->hidden[n->id] & TL_MARK_HIDDEN);
}

/* A plain untagged scalar is null when spelled as YAML 1.2's core schema says
 * (the rule of scalar.h, checked here directly because every map access asks). */
static bool is_null_node(const tl_node *n)
{
	tl_scalar s;
	if (n->kind != TL_NODE_SCALAR)
		return false;
	if (!n->tag) {
		const char *t = n->u.scalar.text;
		size_t len = n->u.scalar.len;
		if (n->u.scalar.style != TL_STYLE_PLAIN)
			return false;
		return len == 0 || (len == 1 && t[0] == '~') ||
		       (len == 4 && (memcmp(t, "null", 4) == 0 || memcmp(t, "Null", 4) == 0 ||
		                     memcmp(t, "NULL", 4) == 0));
	}
	return tl_scalar_resolve(n, &s) && s.type == TL_SCALAR_NULL;
}

bool tl_doc_live_value(const tl_eval *ev, const tl_node *n)
{
	return !is_hidden(ev, n) && !is_null_node(n);
}

bool tl_doc_live_item(const tl_eval *ev, const tl_node *n)
{
	return !is_hidden(ev, n);
}

static bool is_doc_list(const tl_value *v)
{
	return v->node && v->node->kind == TL_NODE_SEQUENCE;
}

static bool is_doc_map(const tl_value *v)
{
	return v->node && v->node->kind == TL_NODE_MAPPING;
}

bool tl_vlist_next(vit *it, const tl_eval *ev, tl_value *out)
{
	const tl_value *v = it->v;
	if (is_doc_list(v)) {
		const tl_node *n = v->node;
		while (it->i < n->u.seq.count) {
			const tl_node *item = n->u.seq.items[it->i++];
			if (tl_doc_live_item(ev, item)) {
				*out = ev_node_value(ev, item);
				return true;
			}
		}
		return false;
	}
	if (it->i < v->u.list.count) {
		*out = v->u.list.items[it->i++];
		return true;
	}
	return false;
}

bool tl_vmap_next(vit *it, const tl_eval *ev, tl_value *key, tl_value *val)
{
	const tl_value *v = it->v;
	if (is_doc_map(v)) {
		const tl_node *n = v->node;
		while (it->i < n->u.map.count) {
			const tl_pair *pr = &n->u.map.pairs[it->i++];
			if (tl_doc_live_value(ev, pr->value)) {
				if (key)
					*key = ev_node_value(ev, pr->key);
				if (val)
					*val = ev_node_value(ev, pr->value);
				return true;
			}
		}
		return false;
	}
	if (it->i < v->u.map.count) {
		const tl_mapent *e = &v->u.map.ents[it->i++];
		if (key)
			*key = *e->key;
		if (val)
			*val = *e->val;
		return true;
	}
	return false;
}

static bool key_is(const tl_node *k, const char *s, size_t len)
{
	return k->kind == TL_NODE_SCALAR && k->u.scalar.len == len &&
	       memcmp(k->u.scalar.text, s, len) == 0;
}

/* The index of the pair of document mapping `n` whose key is the string `s`,
 * or SIZE_MAX. The loader refuses a mapping with two keys of the same text,
 * so the first key with the text is the only one. */
static size_t doc_key_index(const tl_node *n, const char *s, size_t len)
{
	for (size_t i = 0; i < n->u.map.count; i++) {
		const tl_node *k = n->u.map.pairs[i].key;
		if (key_is(k, s, len))
			/* Same text; it must also be a string key (`1:` is the int 1). */
			return is_string_key(k) ? i : SIZE_MAX;
	}
	return SIZE_MAX;
}

/* The value of pair i of document mapping `n`, as a map access sees it. */
static bool doc_pair_value(const tl_node *n, size_t i, const tl_eval *ev, tl_value *out)
{
	const tl_pair *pr = &n->u.map.pairs[i];
	if (!tl_doc_live_value(ev, pr->value))
		return false;
	if (out)
		*out = ev_node_value(ev, pr->value);
	return true;
}

/* The lookup the cache of tl_vmap_select saves. */
static bool doc_select(const tl_node *n, const ast *sel, tl_eval *ev, tl_value *out)
{
	size_t i = doc_key_index(n, sel->name, sel->name_len);
	return i != SIZE_MAX && doc_pair_value(n, i, ev, out);
}

bool tl_vmap_select_fill(const tl_value *m, const ast *sel, tl_eval *ev, tl_sel_entry *e,
                         tl_value *out)
{
	if (!is_doc_map(m))
		return tl_vmap_get_str(m, sel->name, sel->name_len, ev, out);
	if (!e)
		return doc_select(m->node, sel, ev, out);
	e->found = doc_select(m->node, sel, ev, &e->v);
	e->gen = ev->sel_gen;
	e->node = m->node;
	e->name = sel->name;
	if (e->found && out)
		*out = e->v;
	return e->found;
}

bool tl_vmap_get_str(const tl_value *m, const char *s, size_t len, const tl_eval *ev,
                     tl_value *out)
{
	if (is_doc_map(m)) {
		size_t i = doc_key_index(m->node, s, len);
		return i != SIZE_MAX && doc_pair_value(m->node, i, ev, out);
	}
	for (size_t i = 0; i < m->u.map.count; i++) {
		const tl_value *k = m->u.map.ents[i].key;
		if (k->kind == TL_V_STRING && k->u.str.len == len && memcmp(k->u.str.s, s, len) == 0) {
			if (out)
				*out = *m->u.map.ents[i].val;
			return true;
		}
	}
	return false;
}

bool tl_vmap_get(const tl_value *m, const tl_value *key, tl_eval *ev, tl_value *out)
{
	vit it = {m, 0};
	tl_value k, v;

	if (key->kind == TL_V_STRING)
		return tl_vmap_get_str(m, key->u.str.s, key->u.str.len, ev, out);
	while (tl_vmap_next(&it, ev, &k, &v)) {
		if (tl_value_eq(&k, key, ev)) {
			if (out)
				*out = v;
			return true;
		}
	}
	return false;
}

size_t tl_value_size(const tl_value *v, const tl_eval *ev)
{
	vit it = {v, 0};
	size_t n = 0;

	switch (v->kind) {
	case TL_V_STRING:
		return tl_str_codepoints(v->u.str.s, v->u.str.len);
	case TL_V_LIST:
		if (!is_doc_list(v))
			return v->u.list.count;
		if (!ev || !ev->hidden)
			return v->node->u.seq.count;
		/* Counting asks only whether each item is visible: no value is made. */
		for (size_t i = 0; i < v->node->u.seq.count; i++)
			n += tl_doc_live_item(ev, v->node->u.seq.items[i]);
		return n;
	case TL_V_MAP:
		if (!is_doc_map(v))
			return v->u.map.count;
		while (tl_vmap_next(&it, ev, NULL, NULL))
			n++;
		return n;
	default:
		return 0;
	}
}

bool tl_value_list_at(tl_value *out, const tl_value *v, size_t i, struct tl_eval *ev)
{
	if (v->kind != TL_V_LIST)
		return false;
	if (!is_doc_list(v)) {
		if (i >= v->u.list.count)
			return false;
		*out = v->u.list.items[i];
		return true;
	}
	if (!ev || !ev->hidden) {
		if (i >= v->node->u.seq.count)
			return false;
		*out = ev_node_value(ev, v->node->u.seq.items[i]);
		return true;
	}
	/* Count visible items on the nodes themselves, building one value. */
	const tl_node *seq = v->node;
	for (size_t k = 0; k < seq->u.seq.count; k++) {
		if (!tl_doc_live_item(ev, seq->u.seq.items[k]))
			continue;
		if (i-- == 0) {
			*out = ev_node_value(ev, seq->u.seq.items[k]);
			return true;
		}
	}
	return false;
}

bool tl_list_iter_next(tl_list_iter *it, const struct tl_eval *ev, tl_value *out)
{
	if (!it->list || it->list->kind != TL_V_LIST)
		return false;
	vit v = {it->list, it->i};
	bool ok = tl_vlist_next(&v, ev, out);
	it->i = v.i;
	return ok;
}

size_t tl_str_codepoints(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

bool tl_value_is_error(const tl_value *v)
{
	return v->kind == TL_V_ERROR;
}

bool tl_value_is_true(const tl_value *v)
{
	return v->kind == TL_V_BOOL && v->u.b;
}

const char *tl_value_type_name(const tl_value *v)
{
	switch (v->kind) {
	case TL_V_NULL: return "null_type";
	case TL_V_BOOL: return "bool";
	case TL_V_INT: return "int";
	case TL_V_DECIMAL: return "decimal";
	case TL_V_STRING: return "string";
	case TL_V_DATE: return "date";
	case TL_V_LIST: return "list";
	case TL_V_MAP: return "map";
	case TL_V_TYPE: return "type";
	case TL_V_ERROR: return "error";
	}
	return "error";
}

/* ---- equality and ordering ----------------------------------------------------- */

static bool is_num(const tl_value *v)
{
	return v->kind == TL_V_INT || v->kind == TL_V_DECIMAL;
}

static int num_cmp(const tl_value *a, const tl_value *b)
{
	tl_decimal x, y;
	if (a->kind == TL_V_INT && b->kind == TL_V_INT)
		return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
	if (a->kind == TL_V_INT)
		tl_decimal_from_int(&x, a->u.i);
	else
		x = a->u.d;
	if (b->kind == TL_V_INT)
		tl_decimal_from_int(&y, b->u.i);
	else
		y = b->u.d;
	return tl_decimal_cmp(&x, &y);
}

bool tl_value_eq(const tl_value *a, const tl_value *b, tl_eval *ev)
{
	if (is_num(a) && is_num(b))
		return num_cmp(a, b) == 0;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case TL_V_NULL:
		return true;
	case TL_V_BOOL:
		return a->u.b == b->u.b;
	case TL_V_STRING:
		return a->u.str.len == b->u.str.len &&
		       (a->u.str.len == 0 || memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0);
	case TL_V_DATE:
		return a->u.date.days == b->u.date.days;
	case TL_V_TYPE:
		return strcmp(a->u.type_name, b->u.type_name) == 0;
	case TL_V_LIST: {
		if (tl_value_size(a, ev) != tl_value_size(b, ev))
			return false;
		vit ia = {a, 0}, ib = {b, 0};
		tl_value x, y;
		while (tl_vlist_next(&ia, ev, &x) && tl_vlist_next(&ib, ev, &y))
			if (!tl_ev_compare_step(ev) || !tl_value_eq(&x, &y, ev))
				return false;
		return true;
	}
	case TL_V_MAP: {
		if (tl_value_size(a, ev) != tl_value_size(b, ev))
			return false;
		vit ia = {a, 0};
		tl_value k, x, y;
		while (tl_vmap_next(&ia, ev, &k, &x))
			if (!tl_ev_compare_step(ev) || !tl_vmap_get(b, &k, ev, &y) ||
			    !tl_value_eq(&x, &y, ev))
				return false;
		return true;
	}
	default:
		return false;
	}
}

bool tl_value_cmp(const tl_value *a, const tl_value *b, int *cmp)
{
	if (is_num(a) && is_num(b)) {
		*cmp = num_cmp(a, b);
		return true;
	}
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case TL_V_BOOL:
		*cmp = (int)a->u.b - (int)b->u.b;
		return true;
	case TL_V_STRING: {
		size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
		int c = n ? memcmp(a->u.str.s, b->u.str.s, n) : 0;
		if (c == 0)
			c = a->u.str.len < b->u.str.len ? -1 : a->u.str.len > b->u.str.len;
		*cmp = c < 0 ? -1 : c > 0;
		return true;
	}
	case TL_V_DATE:
		*cmp = a->u.date.days < b->u.date.days ? -1 : a->u.date.days > b->u.date.days;
		return true;
	default:
		return false;
	}
}

/* ---- text ------------------------------------------------------------------ */

static void put_scalar(tl_buf *out, const tl_value *v)
{
	char buf[TL_DECIMAL_BUFSZ];
	switch (v->kind) {
	case TL_V_NULL:
		tl_buf_puts(out, "null");
		break;
	case TL_V_BOOL:
		tl_buf_puts(out, v->u.b ? "true" : "false");
		break;
	case TL_V_INT:
		tl_buf_printf(out, "%" PRId64, v->u.i);
		break;
	case TL_V_DECIMAL:
		tl_decimal_format(buf, sizeof(buf), &v->u.d);
		tl_buf_puts(out, buf);
		break;
	case TL_V_DATE:
		tl_date_format(buf, v->u.date);
		tl_buf_puts(out, buf);
		break;
	default:
		break;
	}
}

/* Writing a value out is bounded: a list built by a macro may hold one list
 * many times over (`.map(s, [s, s, s, s])` sixteen deep stands for 4^16
 * items in a few kilobytes), so a walk stops after this many items or once
 * the text is this long. */
#define WRITE_MAX_ITEMS ((size_t)1000000)
#define WRITE_MAX_BYTES ((size_t)16 << 20)

typedef struct writer {
	tl_buf *out;
	tl_eval *ev;
	size_t items;      /* visited so far */
	size_t max_items, max_bytes;
	bool json;
	bool cut;          /* stopped at a bound */
} writer;

static void write_cut(writer *w)
{
	w->cut = true;
	if (!w->json)
		tl_buf_puts(w->out, "…");
}

/* Counts one more item; false once a bound is reached (the text then ends
 * with "…" for a message, and JSON is abandoned). */
static bool write_item(writer *w)
{
	if (w->cut)
		return false;
	if (++w->items > w->max_items || w->out->len > w->max_bytes) {
		write_cut(w);
		return false;
	}
	return true;
}

/* Text of a string value, as much of it as the bound leaves room for. */
static void write_text(writer *w, const char *s, size_t len)
{
	size_t room = w->out->len < w->max_bytes ? w->max_bytes - w->out->len : 0;
	if (len <= room) {
		tl_buf_put(w->out, s, len);
		return;
	}
	while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
		room--; /* not inside a character */
	tl_buf_put(w->out, s, room);
	write_cut(w);
}

static void write_value(writer *w, const tl_value *v)
{
	tl_buf *out = w->out;
	vit it = {v, 0};
	tl_value k, x;
	bool first = true;
	char buf[TL_DECIMAL_BUFSZ];

	switch (v->kind) {
	case TL_V_STRING:
		if (w->json)
			tl_buf_json_str(out, v->u.str.s, v->u.str.len);
		else
			write_text(w, v->u.str.s, v->u.str.len);
		break;
	case TL_V_DATE:
		if (!w->json) {
			put_scalar(out, v);
			break;
		}
		tl_date_format(buf, v->u.date);
		tl_buf_json_str(out, buf, strlen(buf));
		break;
	case TL_V_TYPE:
		if (w->json)
			tl_buf_json_str(out, v->u.type_name, strlen(v->u.type_name));
		else
			tl_buf_puts(out, v->u.type_name);
		break;
	case TL_V_ERROR:
		if (!w->json) {
			tl_buf_puts(out, v->u.err->msg);
			break;
		}
		tl_buf_puts(out, "{\"error\":");
		tl_buf_json_str(out, v->u.err->msg, strlen(v->u.err->msg));
		tl_buf_putc(out, '}');
		break;
	case TL_V_LIST:
		tl_buf_putc(out, '[');
		while (tl_vlist_next(&it, w->ev, &x) && write_item(w)) {
			if (!first)
				tl_buf_puts(out, w->json ? "," : ", ");
			first = false;
			write_value(w, &x);
		}
		if (!w->cut)
			tl_buf_putc(out, ']');
		break;
	case TL_V_MAP:
		tl_buf_putc(out, '{');
		while (tl_vmap_next(&it, w->ev, &k, &x) && write_item(w)) {
			if (!first)
				tl_buf_puts(out, w->json ? "," : ", ");
			first = false;
			if (!w->json) {
				write_value(w, &k);
				tl_buf_puts(out, ": ");
			} else if (k.kind == TL_V_STRING) {
				tl_buf_json_str(out, k.u.str.s, k.u.str.len);
				tl_buf_putc(out, ':');
			} else {
				/* JSON keys are strings: other keys are written as their text. */
				tl_buf kb = TL_BUF_INIT;
				writer kw = {&kb, w->ev, 0, w->max_items, w->max_bytes, false, false};
				write_value(&kw, &k);
				tl_buf_json_str(out, kb.data ? kb.data : "", kb.len);
				if (kb.oom)
					out->oom = true;
				tl_buf_free(&kb);
				tl_buf_putc(out, ':');
			}
			write_value(w, &x);
		}
		if (!w->cut)
			tl_buf_putc(out, '}');
		break;
	default:
		put_scalar(out, v);
		break;
	}
}

bool tl_value_format(tl_buf *out, const tl_value *v, struct tl_eval *ev)
{
	return tl_value_format_max(out, v, ev, WRITE_MAX_BYTES);
}

bool tl_value_format_max(tl_buf *out, const tl_value *v, struct tl_eval *ev, size_t max_bytes)
{
	size_t cap = out->len + (max_bytes < WRITE_MAX_BYTES ? max_bytes : WRITE_MAX_BYTES);
	writer w = {out, ev, 0, max_bytes < WRITE_MAX_ITEMS ? max_bytes + 1 : WRITE_MAX_ITEMS, cap,
	            false, false};
	write_value(&w, v);
	return !w.cut;
}

bool tl_value_to_json(tl_buf *out, const tl_value *v, struct tl_eval *ev)
{
	writer w = {out, ev, 0, WRITE_MAX_ITEMS, out->len + WRITE_MAX_BYTES, true, false};
	write_value(&w, v);
	return !w.cut;
}
