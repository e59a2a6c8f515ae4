/* validate.c - applies a compiled schema to a document and reports every violation in document order. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../util/sort.h"

typedef struct vrec {
	tl_violation v;
	size_t seq;        /* order of discovery: ties between violations on one node */
} vrec;

typedef struct vctx {
	const tl_schema *s;
	tl_arena arena;    /* the strings of the violations */
	vrec *list;
	size_t n, cap;
	bool oom;
	int silent;        /* > 0 while evaluating an `if`: failures are counted only */
	size_t fails;
	pcre2_match_data *md;
	tl_scalar_memo *memo; /* the document's typed scalars (may be NULL) */
	tl_retype_cb on_retype; /* may be NULL */
	void *ud;
	tl_buf en, ja;     /* scratch for the details */
} vctx;

static void validate(vctx *c, const tl_sch *s, const tl_node *n, const char *title);

/* Counts a failure; true when it must also be reported (not inside an `if`). */
static bool failed(vctx *c)
{
	c->fails++;
	if (c->silent || c->oom)
		return false;
	tl_buf_reset(&c->en);
	tl_buf_reset(&c->ja);
	return true;
}

static const char *keep(vctx *c, const char *s, size_t len)
{
	char *p;
	if (!s)
		return NULL;
	p = tl_arena_strndup(&c->arena, s, len);
	if (!p)
		c->oom = true;
	return p;
}

/* Records a violation whose details are in c->en and c->ja. */
static void add(vctx *c, tl_sv_keyword kw, tl_sch_format fmt, const tl_node *n, const char *key,
                size_t keylen, const char *suggestion, const char *title)
{
	vrec *r;

	if (c->en.oom || c->ja.oom)
		c->oom = true;
	if (c->oom)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		vrec *p = realloc(c->list, cap * sizeof(*p));
		if (!p) {
			c->oom = true;
			return;
		}
		c->list = p;
		c->cap = cap;
	}
	r = &c->list[c->n];
	memset(r, 0, sizeof(*r));
	r->seq = c->n;
	r->v.keyword = kw;
	r->v.format = tl_sch_format_names[fmt];
	r->v.node = n;
	r->v.key = key ? keep(c, key, keylen) : NULL;
	r->v.suggestion = suggestion;  /* points into the schema, which outlives the call */
	r->v.detail_en = keep(c, c->en.data ? c->en.data : "", c->en.len);
	r->v.detail_ja = keep(c, c->ja.data ? c->ja.data : "", c->ja.len);
	r->v.title = title;            /* likewise */
	if (!c->oom)
		c->n++;
}

static void inspect(vctx *c, const tl_node *n, tl_inst *in)
{
	/* No memset: `sc` is read only when `scalar` is true, and clearing the
	 * whole record cost more than the rest of this function. */
	in->n = n;
	in->scalar = false;
	in->types = 0;
	in->bad_bool = false;
	if (n->kind == TL_NODE_MAPPING) {
		in->types = TL_JT_OBJECT;
		return;
	}
	if (n->kind == TL_NODE_SEQUENCE) {
		in->types = TL_JT_ARRAY;
		return;
	}
	in->scalar = tl_scalar_resolve_memo(c->memo, n, &in->sc);
	if (!in->scalar) {
		in->types = TL_JT_STRING;
		return;
	}
	switch (in->sc.type) {
	case TL_SCALAR_NULL: in->types = TL_JT_NULL; break;
	case TL_SCALAR_BOOL:
		in->types = TL_JT_BOOLEAN;
		in->bad_bool = !tl_scalar_is_canonical_bool(&in->sc);
		break;
	case TL_SCALAR_INT: in->types = TL_JT_INTEGER | TL_JT_NUMBER; break;
	case TL_SCALAR_DECIMAL:
		in->types = TL_JT_NUMBER;
		if (tl_decimal_is_integer(&in->sc.u.d))
			in->types |= TL_JT_INTEGER;
		break;
	case TL_SCALAR_DATE:
	case TL_SCALAR_STRING: in->types = TL_JT_STRING; break;
	}
}

static bool value_equal(const tl_sch_value *v, const tl_inst *in)
{
	tl_decimal d;

	if (!in->scalar)
		return false;
	switch (in->sc.type) {
	case TL_SCALAR_NULL: return v->kind == TL_CV_NULL;
	case TL_SCALAR_BOOL: return v->kind == TL_CV_BOOL && v->b == in->sc.u.b;
	case TL_SCALAR_INT:
		tl_decimal_from_int(&d, in->sc.u.i);
		return v->kind == TL_CV_NUM && tl_decimal_cmp(&v->num, &d) == 0;
	case TL_SCALAR_DECIMAL:
		return v->kind == TL_CV_NUM && tl_decimal_cmp(&v->num, &in->sc.u.d) == 0;
	case TL_SCALAR_DATE:
	case TL_SCALAR_STRING:
		return v->kind == TL_CV_STR && v->len == in->n->u.scalar.len &&
		       memcmp(v->text, in->n->u.scalar.text, v->len) == 0;
	}
	return false;
}

static const char *title_of(const tl_sch *s)
{
	if (!s)
		return NULL;
	if (s->title)
		return s->title;
	return s->ref ? s->ref->title : NULL;
}

static const tl_sch_prop *find_prop(const tl_sch *s, const char *key, size_t len)
{
	for (size_t i = 0; i < s->nprops; i++)
		if (s->props[i].len == len && memcmp(s->props[i].name, key, len) == 0)
			return &s->props[i];
	return NULL;
}

static bool ascii_caseeq(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* The nearest allowed key within max(2, len/3) edits, or NULL; *nearest is
 * set to the nearest allowed key at any distance (NULL when there is none). */
static const char *suggest(const tl_sch *s, const char *key, size_t len, const char **nearest)
{
	size_t best = SIZE_MAX, limit = tl_schema_cplen(key, len) / 3;
	const char *pick = NULL;

	if (limit < 2)
		limit = 2;
	for (size_t i = 0; i < s->nprops; i++) {
		const tl_sch_prop *p = &s->props[i];
		size_t d = ascii_caseeq(key, len, p->name, p->len)
		               ? 0 : tl_schema_distance(key, len, p->name, p->len);
		if (d < best) {
			best = d;
			pick = p->name;
		}
	}
	*nearest = best == SIZE_MAX ? NULL : pick;
	if (best <= limit)
		return pick;
	/* A key written without its suffix (`signed` for `signed_on`), then
	 * without its prefix (`incidents` for `leakage_incidents`). */
	for (size_t i = 0; i < s->nprops; i++) {
		const tl_sch_prop *p = &s->props[i];
		if (p->len > len + 1 && memcmp(p->name, key, len) == 0 && p->name[len] == '_')
			return p->name;
	}
	for (size_t i = 0; i < s->nprops; i++) {
		const tl_sch_prop *p = &s->props[i];
		if (len && p->len > len + 1 && memcmp(p->name + p->len - len, key, len) == 0 &&
		    p->name[p->len - len - 1] == '_')
			return p->name;
	}
	return NULL;
}

/* A null value: the key is written but nothing is declared. */
static bool is_null(vctx *c, const tl_node *v)
{
	if (v->kind != TL_NODE_SCALAR)
		return false;
	const tl_scalar *m = tl_scalar_memo_get(c->memo, v);
	if (m)
		return m->type == TL_SCALAR_NULL;
	tl_scalar sc;
	return tl_scalar_resolve(v, &sc) && sc.type == TL_SCALAR_NULL;
}

/* declaration.md: "absent or null both mean not declared", so a required
 * key whose value is null is missing (one DECL-002, not a type error). */
static bool has_key(vctx *c, const tl_node *map, const char *key)
{
	size_t len = strlen(key);
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tl_node *k = map->u.map.pairs[i].key;
		if (k->kind == TL_NODE_SCALAR && k->u.scalar.len == len &&
		    memcmp(k->u.scalar.text, key, len) == 0)
			return !is_null(c, map->u.map.pairs[i].value);
	}
	return false;
}

/* Levels of nested objects whose required keys stand for a missing one
 * (below): one, so that what is reported grows with the schema, not with a
 * power of it (a schema whose objects require each other). */
#define MISSING_DEPTH 1

/* Reports required key `key` of schema `s` missing from `n`, named
 * `prefix.key` (or `key` without a prefix). A key whose schema is an object
 * with required keys of its own stands for those: rules.md counts one
 * DECL-002 per missing field, and a missing `applicant` is a missing
 * applicant.name and applicant.corporate_number. Written as null, the key is
 * where they are missing (named from it); absent, they are missing from `n`. */
static void report_missing(vctx *c, const tl_sch *s, const tl_node *n, const char *prefix,
                           const char *key, const char *title, int depth)
{
	const tl_sch_prop *p = find_prop(s, key, strlen(key));
	const tl_sch *sub = p ? p->schema : NULL;
	while (sub && sub->bare_ref)
		sub = sub->ref;
	tl_buf name = TL_BUF_INIT;
	if (prefix)
		tl_buf_printf(&name, "%s.%s", prefix, key);
	else
		tl_buf_puts(&name, key);
	if (name.oom) {
		c->oom = true;
		return;
	}
	if (sub && sub->boolean == -1 && sub->nrequired &&
	    (!sub->types || (sub->types & TL_JT_OBJECT)) && depth < MISSING_DEPTH) {
		const tl_node *written = !prefix && n->kind == TL_NODE_MAPPING ? tl_node_get(n, key) : NULL;
		for (size_t i = 0; i < sub->nrequired && !c->oom; i++)
			report_missing(c, sub, written ? written : n, written ? NULL : name.data,
			               sub->required[i], title, depth + 1);
		tl_buf_free(&name);
		return;
	}
	const char *t = p ? title_of(p->schema) : NULL;
	tl_buf_reset(&c->en);
	tl_buf_reset(&c->ja);
	tl_sm_required(&c->en, &c->ja, name.data);
	add(c, TL_SV_REQUIRED, TL_FMT_NONE, n, name.data, name.len, NULL, t ? t : title);
	tl_buf_free(&name);
}

/* Reports the required keys that are missing: those not present[i], or,
 * without `present`, those not found in the mapping. */
static void check_required(vctx *c, const tl_sch *s, const tl_node *n, const char *title,
                           const bool *present)
{
	for (size_t i = 0; i < s->nrequired; i++) {
		if ((present ? present[i] : has_key(c, n, s->required[i])) || !failed(c))
			continue;
		report_missing(c, s, n, NULL, s->required[i], title, 0);
	}
}

static void check_object(vctx *c, const tl_sch *s, const tl_node *n, const char *title)
{
	/* When every required key is a property, the pass over the keys below
	 * finds them (the mapping is read once); else each is looked up first.
	 * Either way the missing ones are reported before what is found below
	 * them, on other nodes: the order in which they are sorted is the same. */
	bool present[TL_SCH_REQUIRED_IN_PASS];
	bool in_pass = s->required_props;
	if (in_pass)
		memset(present, 0, s->nrequired * sizeof(*present));
	else
		check_required(c, s, n, title, NULL);
	for (size_t i = 0; i < n->u.map.count; i++) {
		const tl_pair *pair = &n->u.map.pairs[i];
		const char *key = pair->key->kind == TL_NODE_SCALAR ? pair->key->u.scalar.text : NULL;
		size_t len = key ? pair->key->u.scalar.len : 0;
		const tl_sch_prop *p = key ? find_prop(s, key, len) : NULL;

		if (p) {
			/* A required key left null is reported once, as missing. */
			bool null = is_null(c, pair->value);
			if (in_pass && p->required >= 0)
				present[p->required] = !null;
			if (!(null && p->required >= 0))
				validate(c, p->schema, pair->value, NULL);
		} else if (s->additional && s->additional->boolean == 0) {
			if (!failed(c))
				continue;
			if (!key) {
				key = "?";
				len = 1;
			}
			const char *nearest = NULL, *sug = suggest(s, key, len, &nearest);
			size_t before = c->n;
			tl_sm_unknown_key(&c->en, &c->ja, key, len, sug, false);
			add(c, TL_SV_ADDITIONAL, TL_FMT_NONE, pair->key, key, len, sug, title);
			if (c->n > before)
				c->list[before].v.nearest = nearest; /* in the schema, as the suggestion */
		} else if (s->additional) {
			validate(c, s->additional, pair->value, NULL);
		}
	}
	if (in_pass)
		check_required(c, s, n, title, present);
}

static void check_string(vctx *c, const tl_sch *s, const tl_inst *in, const char *title)
{
	const char *t = in->n->u.scalar.text;
	size_t len = in->n->u.scalar.len;

	if (s->re) {
		int rc = pcre2_match(s->re, (PCRE2_SPTR)t, len, 0, 0, c->md, c->s->mctx);
		if (rc == PCRE2_ERROR_NOMEMORY)
			c->oom = true; /* not a finding: the check fails with TL_ENOMEM */
		else if (rc < 0 && failed(c)) {
			tl_sm_pattern(&c->en, &c->ja, s, in, rc);
			add(c, TL_SV_PATTERN, TL_FMT_NONE, in->n, NULL, 0, NULL, title);
		}
	}
	if (s->has_minlen) {
		/* Counting stops at the minimum: past it the length is not needed. */
		size_t have = tl_schema_cplen_max(t, len, s->minlen);
		if (have < s->minlen && failed(c)) {
			tl_sm_minlength(&c->en, &c->ja, s, have);
			add(c, TL_SV_MINLENGTH, TL_FMT_NONE, in->n, NULL, 0, NULL, title);
		}
	}
	if (s->format != TL_FMT_NONE) {
		tl_buf en = TL_BUF_INIT, ja = TL_BUF_INIT;
		if (!tl_sm_format(&en, &ja, s->format, in) && failed(c)) {
			tl_buf_put(&c->en, en.data ? en.data : "", en.len);
			tl_buf_put(&c->ja, ja.data ? ja.data : "", ja.len);
			if (en.oom || ja.oom)
				c->oom = true;
			add(c, TL_SV_FORMAT, s->format, in->n, NULL, 0, NULL, title);
		}
		tl_buf_free(&en);
		tl_buf_free(&ja);
	}
}

static void check_number(vctx *c, const tl_sch *s, const tl_inst *in, const char *title)
{
	tl_decimal d;

	if (in->sc.type == TL_SCALAR_INT)
		tl_decimal_from_int(&d, in->sc.u.i);
	else
		d = in->sc.u.d;
	if (s->has_min && tl_decimal_cmp(&d, &s->min) < 0 && failed(c)) {
		tl_sm_minmax(&c->en, &c->ja, s, in, true);
		add(c, TL_SV_MINIMUM, TL_FMT_NONE, in->n, NULL, 0, NULL, title);
	}
	if (s->has_max && tl_decimal_cmp(&d, &s->max) > 0 && failed(c)) {
		tl_sm_minmax(&c->en, &c->ja, s, in, false);
		add(c, TL_SV_MAXIMUM, TL_FMT_NONE, in->n, NULL, 0, NULL, title);
	}
}

/* A value where the schema `false` stands: for a mapping value, the key is
 * what is not allowed. */
static void check_false(vctx *c, const tl_node *n, const char *title)
{
	const tl_node *key = tl_node_key_of(n);

	if (!failed(c))
		return;
	if (key) {
		const char *t = tl_node_text(key);
		size_t len = t ? key->u.scalar.len : 1;
		if (!t)
			t = "?";
		tl_sm_unknown_key(&c->en, &c->ja, t, len, NULL, true);
		add(c, TL_SV_ADDITIONAL, TL_FMT_NONE, key, t, len, NULL, title);
		return;
	}
	tl_sm_false(&c->en, &c->ja);
	add(c, TL_SV_TYPE, TL_FMT_NONE, n, NULL, 0, NULL, title);
}

static void validate(vctx *c, const tl_sch *s, const tl_node *n, const char *title)
{
	tl_inst in;

	if (!s || c->oom || s->boolean == 1)
		return;
	if (!title)
		title = s->title;
	/* Most properties are a bare $ref to a definition: skip the empty
	 * application of the referrer itself. */
	while (s->bare_ref) {
		s = s->ref;
		if (!title)
			title = s->title;
	}
	if (s->boolean == 1)
		return;
	if (s->boolean == 0) {
		check_false(c, n, title);
		return;
	}
	if (s->ref)
		validate(c, s->ref, n, title);
	inspect(c, n, &in);
	if ((s->types && !(s->types & in.types)) ||
	    (in.bad_bool && (s->types & TL_JT_BOOLEAN))) {
		/* The other keywords of this schema would only restate this. */
		if (failed(c)) {
			tl_sm_type(&c->en, &c->ja, s, &in);
			add(c, TL_SV_TYPE, TL_FMT_NONE, n, NULL, 0, NULL, title);
		}
		return;
	}
	if (s->nenums) {
		bool ok = false;
		for (size_t i = 0; i < s->nenums && !ok; i++)
			ok = value_equal(&s->enums[i], &in);
		if (!ok && failed(c)) {
			tl_sm_enum(&c->en, &c->ja, s, &in);
			add(c, TL_SV_ENUM, TL_FMT_NONE, n, NULL, 0, NULL, title);
		}
	}
	if (s->has_const && !value_equal(&s->konst, &in) && failed(c)) {
		tl_sm_const(&c->en, &c->ja, s, &in);
		add(c, TL_SV_CONST, TL_FMT_NONE, n, NULL, 0, NULL, title);
	}
	/* YAML 1.2 has no dates: an unquoted 2024-01-01 is text that this
	 * program reads as a date where one is due. Where text is due (an
	 * officer, a title, a description) it is the text it looks like. And
	 * 12.0 is a whole number (JSON Schema's integer): where one is due (a
	 * count of months) it is that number, not a decimal. */
	if (c->on_retype && !c->silent && in.scalar) {
		if (in.sc.type == TL_SCALAR_DATE && (s->types & TL_JT_STRING) &&
		    s->format != TL_FMT_DATE)
			c->on_retype(c->ud, n, TL_RETYPE_TEXT);
		else if (in.sc.type == TL_SCALAR_DECIMAL && (in.types & TL_JT_INTEGER) &&
		         (s->types & TL_JT_INTEGER) && !(s->types & TL_JT_NUMBER))
			c->on_retype(c->ud, n, TL_RETYPE_INT);
	}
	if (in.scalar && (in.types & TL_JT_STRING))
		check_string(c, s, &in, title);
	else if (in.scalar && (in.types & TL_JT_NUMBER))
		check_number(c, s, &in, title);
	else if (n->kind == TL_NODE_MAPPING)
		check_object(c, s, n, title);
	else if (n->kind == TL_NODE_SEQUENCE) {
		if (s->has_minitems && n->u.seq.count < s->minitems && failed(c)) {
			tl_sm_minitems(&c->en, &c->ja, s, n->u.seq.count);
			add(c, TL_SV_MINITEMS, TL_FMT_NONE, n, NULL, 0, NULL, title);
		}
		for (size_t i = 0; s->items && i < n->u.seq.count; i++)
			validate(c, s->items, n->u.seq.items[i], NULL);
	}
	if (s->if_s) {
		size_t before = c->fails;
		c->silent++;
		validate(c, s->if_s, n, NULL);
		c->silent--;
		validate(c, c->fails == before ? s->then_s : s->else_s, n, title);
	}
}

/* Pre-order position of a node in its document: ancestors before
 * descendants, a key before its value, earlier pairs and items first. */
static size_t depth_of(const tl_node *n)
{
	size_t d = 0;
	while (n->parent) {
		n = n->parent;
		d++;
	}
	return d;
}

static size_t rank(const tl_node *n)
{
	return (size_t)n->index * 2 + (n->parent && n->parent->kind == TL_NODE_MAPPING && !n->is_key);
}

static int node_order(const tl_node *a, const tl_node *b)
{
	size_t da, db;

	if (a == b)
		return 0;
	da = depth_of(a);
	db = depth_of(b);
	const tl_node *pa = a, *pb = b;
	for (size_t d = da; d > db; d--)
		pa = pa->parent;
	for (size_t d = db; d > da; d--)
		pb = pb->parent;
	if (pa == pb)
		return da < db ? -1 : 1;
	while (pa->parent != pb->parent) {
		pa = pa->parent;
		pb = pb->parent;
	}
	if (!pa->parent)  /* two roots: cannot happen within one document */
		return pa->id < pb->id ? -1 : 1;
	size_t ra = rank(pa), rb = rank(pb);
	return ra < rb ? -1 : ra > rb ? 1 : 0;
}

static int vrec_cmp(const void *x, const void *y)
{
	const vrec *a = x, *b = y;
	int c = node_order(a->v.node, b->v.node);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool same_fact(const tl_violation *a, const tl_violation *b)
{
	return a->node == b->node && a->keyword == b->keyword && a->format == b->format &&
	       (a->key == b->key || (a->key && b->key && strcmp(a->key, b->key) == 0));
}

int tl_schema_validate(const tl_schema *s, const tl_node *root, tl_scalar_memo *memo,
                       tl_violation_cb cb, tl_retype_cb on_retype, void *ud)
{
	vctx c;
	int rc = TL_OK;
	size_t group = 0;

	memset(&c, 0, sizeof(c));
	if (!s || !root)
		return TL_OK;
	c.s = s;
	c.memo = memo;
	c.on_retype = on_retype;
	c.ud = ud;
	c.md = pcre2_match_data_create(1, NULL);
	if (!c.md) {
		rc = TL_ENOMEM;
		goto out;
	}
	validate(&c, s->root, root, NULL);
	if (c.oom) {
		rc = TL_ENOMEM;
		goto out;
	}
	tl_sort(c.list, c.n, sizeof(*c.list), vrec_cmp);
	for (size_t i = 0; i < c.n; i++) {
		bool dup = false;
		if (i > 0 && c.list[i].v.node != c.list[i - 1].v.node)
			group = i;
		/* Two schemas applied at one place (a $ref and its referrer, if/then)
		 * may find the same fact: report it once. */
		for (size_t j = group; j < i && !dup; j++)
			dup = same_fact(&c.list[j].v, &c.list[i].v);
		if (!dup && cb)
			cb(ud, &c.list[i].v);
	}
out:
	pcre2_match_data_free(c.md);
	free(c.list);
	tl_buf_free(&c.en);
	tl_buf_free(&c.ja);
	tl_arena_clear(&c.arena);
	return rc;
}
