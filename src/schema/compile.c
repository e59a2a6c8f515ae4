/* compile.c - turns a schema's YAML tree into the compiled form, reporting every problem with its position. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../value/scalar.h"
#include "internal.h"

#define DRAFT_2020_12 "https://json-schema.org/draft/2020-12/schema"
#define REF_PREFIX "#/$defs/"

typedef struct cctx {
	tl_schema *s;
	void (*on_error)(void *ud, const tl_error *err);
	void *ud;
	const char *file;
	int nerr;
	bool oom;
	tl_sch *refs;      /* schemas holding a $ref, resolved once all is compiled */
} cctx;

typedef enum kw {
	KW_SCHEMA, KW_ID, KW_DEFS, KW_REF, KW_TITLE, KW_DESCRIPTION, KW_EXAMPLES,
	KW_DEFAULT, KW_TYPE, KW_PROPERTIES, KW_REQUIRED, KW_ADDITIONAL, KW_ITEMS,
	KW_ENUM, KW_CONST, KW_PATTERN, KW_MINIMUM, KW_MAXIMUM, KW_MINLENGTH,
	KW_FORMAT, KW_IF, KW_THEN, KW_ELSE, KW_MINITEMS, KW_COUNT
} kw;

static const char *const KEYWORDS[KW_COUNT] = {
	"$schema", "$id", "$defs", "$ref", "title", "description", "examples",
	"default", "type", "properties", "required", "additionalProperties", "items",
	"enum", "const", "pattern", "minimum", "maximum", "minLength",
	"format", "if", "then", "else", "minItems"
};

static const char *const TYPE_NAMES[] = {
	"null", "boolean", "integer", "number", "string", "array", "object"
};

const char *const tl_sch_format_names[TL_FMT_COUNT] = {NULL, "date", "country", "jp-corporate-number",
                                                       "filled-text"};

static tl_sch *compile_schema(cctx *c, const tl_node *n, bool is_root);

static void emit(cctx *c, tl_error *e)
{
	c->nerr++;
	if (c->on_error)
		c->on_error(c->ud, e);
}

static tl_pos pos_of(const tl_node *n)
{
	tl_pos none = {0, 0};
	return n ? n->start : none;
}

/* The node's text for a message, cut short so that one error stays one line. */
static void shown(char *out, size_t cap, const tl_node *n)
{
	const char *t = tl_node_text(n);
	size_t len = t ? n->u.scalar.len : 0;
	size_t i = 0, o = 0;

	if (!t) {
		snprintf(out, cap, "%s", n && n->kind == TL_NODE_SEQUENCE ? "(a list)" : "(a mapping)");
		return;
	}
	while (i < len && o + 8 < cap && i < 60) {
		unsigned char ch = (unsigned char)t[i];
		out[o++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
		i++;
	}
	/* Do not leave half a UTF-8 sequence behind: back off to its lead byte. */
	while (o > 0 && i < len && ((unsigned char)t[i] & 0xC0) == 0x80) {
		o--;
		i--;
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static void err_must(cctx *c, const tl_node *val, const char *kwname, const char *what_en,
                     const char *what_ja)
{
	tl_error e;
	tl_error_set(&e, TL_EINVALID, pos_of(val), "the value of \"%s\" must be %s", kwname,
	             what_en);
	tl_error_set_ja(&e, "\"%s\" の値には%sを指定してください", kwname, what_ja);
	emit(c, &e);
}

static char *dup(cctx *c, const char *s, size_t len)
{
	char *p = tl_arena_strndup(&c->s->arena, s, len);
	if (!p)
		c->oom = true;
	return p;
}

static void *alloc(cctx *c, size_t size)
{
	void *p = tl_arena_alloc(&c->s->arena, size ? size : 1);
	if (!p)
		c->oom = true;
	return p;
}

/* A string in the JSON sense: a scalar typed as a string or a date (a date is
 * a string once the schema is JSON). */
static bool get_string(const tl_node *n, const char **text, size_t *len)
{
	tl_scalar sc;
	if (!tl_scalar_resolve(n, &sc))
		return false;
	if (sc.type != TL_SCALAR_STRING && sc.type != TL_SCALAR_DATE)
		return false;
	*text = n->u.scalar.text;
	*len = n->u.scalar.len;
	return true;
}

static bool get_number(const tl_node *n, tl_decimal *out)
{
	tl_scalar sc;
	if (!tl_scalar_resolve(n, &sc))
		return false;
	if (sc.type == TL_SCALAR_INT) {
		tl_decimal_from_int(out, sc.u.i);
		return true;
	}
	if (sc.type == TL_SCALAR_DECIMAL) {
		*out = sc.u.d;
		return true;
	}
	return false;
}

static bool compile_value(cctx *c, const tl_node *n, const char *kwname, tl_sch_value *out)
{
	tl_scalar sc;

	if (!tl_scalar_resolve(n, &sc)) {
		err_must(c, n, kwname, "a scalar (lists and mappings are not supported here)",
		         "スカラー値（リストやマッピングはここでは使用できません）");
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->text = dup(c, n->u.scalar.text, n->u.scalar.len);
	out->len = n->u.scalar.len;
	switch (sc.type) {
	case TL_SCALAR_NULL: out->kind = TL_CV_NULL; break;
	case TL_SCALAR_BOOL: out->kind = TL_CV_BOOL; out->b = sc.u.b; break;
	case TL_SCALAR_INT:
		out->kind = TL_CV_NUM;
		tl_decimal_from_int(&out->num, sc.u.i);
		break;
	case TL_SCALAR_DECIMAL: out->kind = TL_CV_NUM; out->num = sc.u.d; break;
	case TL_SCALAR_DATE:
	case TL_SCALAR_STRING: out->kind = TL_CV_STR; break;
	}
	return out->text != NULL;
}

static int keyword_of(const char *t, size_t len)
{
	for (int k = 0; k < KW_COUNT; k++)
		if (strlen(KEYWORDS[k]) == len && memcmp(KEYWORDS[k], t, len) == 0)
			return k;
	return -1;
}

static void err_unknown_keyword(cctx *c, const tl_node *key)
{
	char name[96];
	const char *best = NULL;
	size_t bestd = SIZE_MAX;
	const char *t = tl_node_text(key);
	size_t len = t ? key->u.scalar.len : 0;
	tl_error e;

	shown(name, sizeof(name), key);
	for (int k = 0; t && k < KW_COUNT; k++) {
		size_t d = tl_schema_distance(t, len, KEYWORDS[k], strlen(KEYWORDS[k]));
		if (d < bestd) {
			bestd = d;
			best = KEYWORDS[k];
		}
	}
	if (best && bestd <= 2) {
		tl_error_set(&e, TL_EINVALID, pos_of(key),
		             "unknown schema keyword \"%s\" (did you mean \"%s\"?)", name, best);
		tl_error_set_ja(&e, "スキーマのキーワード \"%s\" は使用できません（\"%s\" の誤りではありませんか）",
		                name, best);
	} else {
		tl_error_set(&e, TL_EINVALID, pos_of(key),
		             "unknown schema keyword \"%s\": this validator supports only the keywords "
		             "of its documented subset", name);
		tl_error_set_ja(&e, "スキーマのキーワード \"%s\" は使用できません（このバリデータが対応するキーワードのみ使用できます）",
		                name);
	}
	emit(c, &e);
}

static void compile_type(cctx *c, tl_sch *s, const tl_node *v)
{
	size_t n = 1;
	const tl_node *const *items = &v;

	if (v->kind == TL_NODE_SEQUENCE) {
		n = v->u.seq.count;
		items = v->u.seq.items;
		if (n == 0) {
			err_must(c, v, "type", "a type name or a non-empty list of them",
			         "型名または型名の空でないリスト");
			return;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *t;
		size_t len;
		unsigned bit = 0;
		if (get_string(items[i], &t, &len))
			for (unsigned k = 0; k < sizeof(TYPE_NAMES) / sizeof(TYPE_NAMES[0]); k++)
				if (strlen(TYPE_NAMES[k]) == len && memcmp(TYPE_NAMES[k], t, len) == 0)
					bit = 1u << k;
		if (!bit) {
			err_must(c, items[i], "type",
			         "null, boolean, integer, number, string, array or object",
			         "null、boolean、integer、number、string、array、object のいずれか");
			continue;
		}
		if (s->types & bit) {
			tl_error e;
			tl_error_set(&e, TL_EINVALID, pos_of(items[i]), "\"type\" lists a type twice");
			tl_error_set_ja(&e, "\"type\" に同じ型が重複して指定されています");
			emit(c, &e);
		}
		s->types |= bit;
	}
}

/* Compiles a mapping of name → schema ($defs, properties). */
static void compile_named(cctx *c, const tl_node *v, const char *kwname, tl_sch_prop **out,
                          size_t *nout)
{
	if (v->kind != TL_NODE_MAPPING) {
		err_must(c, v, kwname, "a mapping of names to schemas", "名前とスキーマのマッピング");
		return;
	}
	*out = alloc(c, v->u.map.count * sizeof(**out));
	if (!*out)
		return;
	for (size_t i = 0; i < v->u.map.count; i++) {
		const tl_pair *p = &v->u.map.pairs[i];
		const char *t;
		size_t len;
		if (!get_string(p->key, &t, &len)) {
			err_must(c, p->key, kwname, "names written as text", "文字列の名前");
			continue;
		}
		tl_sch_prop *dst = &(*out)[(*nout)++];
		dst->name = dup(c, t, len);
		dst->len = len;
		dst->required = -1;
		dst->schema = compile_schema(c, p->value, false);
	}
}

static void compile_required(cctx *c, tl_sch *s, const tl_node *v)
{
	if (v->kind != TL_NODE_SEQUENCE) {
		err_must(c, v, "required", "a list of key names", "項目名のリスト");
		return;
	}
	s->required = alloc(c, v->u.seq.count * sizeof(*s->required));
	if (!s->required)
		return;
	for (size_t i = 0; i < v->u.seq.count; i++) {
		const char *t;
		size_t len;
		if (!get_string(v->u.seq.items[i], &t, &len)) {
			err_must(c, v->u.seq.items[i], "required", "a list of key names", "項目名のリスト");
			continue;
		}
		for (size_t j = 0; j < s->nrequired; j++) {
			if (strlen(s->required[j]) == len && memcmp(s->required[j], t, len) == 0) {
				tl_error e;
				tl_error_set(&e, TL_EINVALID, pos_of(v->u.seq.items[i]),
				             "\"required\" lists a key twice");
				tl_error_set_ja(&e, "\"required\" に同じ項目が重複して指定されています");
				emit(c, &e);
			}
		}
		s->required[s->nrequired++] = dup(c, t, len);
	}
}

static void compile_enum(cctx *c, tl_sch *s, const tl_node *v)
{
	if (v->kind != TL_NODE_SEQUENCE || v->u.seq.count == 0) {
		err_must(c, v, "enum", "a non-empty list of values", "値の空でないリスト");
		return;
	}
	s->enums = alloc(c, v->u.seq.count * sizeof(*s->enums));
	if (!s->enums)
		return;
	for (size_t i = 0; i < v->u.seq.count; i++)
		if (compile_value(c, v->u.seq.items[i], "enum", &s->enums[s->nenums]))
			s->nenums++;
}

static void compile_pattern(cctx *c, tl_sch *s, const tl_node *v)
{
	const char *t;
	size_t len;
	int errcode;
	PCRE2_SIZE erroff;

	if (!get_string(v, &t, &len)) {
		err_must(c, v, "pattern", "a regular expression written as text", "文字列で書いた正規表現");
		return;
	}
	s->pattern = dup(c, t, len);
	/* ECMA-262 semantics where PCRE2 differs by default: `$` matches only at
	 * the very end, and \d, \w stay ASCII (no PCRE2_UCP). */
	s->re = pcre2_compile((PCRE2_SPTR)t, len, PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &errcode,
	                      &erroff, NULL);
	if (!s->re) {
		PCRE2_UCHAR msg[160];
		tl_error e;
		tl_pos p = pos_of(v);
		if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", errcode);
		tl_error_set(&e, TL_EINVALID, p, "invalid pattern: %s (at offset %zu of the pattern)",
		             (const char *)msg, (size_t)erroff);
		tl_error_set_ja(&e, "正規表現が正しくありません: %s（パターンの %zu バイト目）",
		                (const char *)msg, (size_t)erroff);
		emit(c, &e);
		return;
	}
	/* Compiled to machine code once, as the rule language's patterns are: the
	 * interpreter cost ~900 instructions a match, and every id is matched.
	 * Without JIT support pcre2_match interprets, with the same results. */
	(void)pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE);
	s->next_re = c->s->patterns;
	c->s->patterns = s;
}

static void compile_format(cctx *c, tl_sch *s, const tl_node *v)
{
	const char *t;
	size_t len;
	char name[96];
	tl_error e;

	if (get_string(v, &t, &len)) {
		for (unsigned k = 1; k < TL_FMT_COUNT; k++) {
			if (strlen(tl_sch_format_names[k]) == len && memcmp(tl_sch_format_names[k], t, len) == 0) {
				s->format = (tl_sch_format)k;
				return;
			}
		}
	}
	shown(name, sizeof(name), v);
	tl_error_set(&e, TL_EINVALID, pos_of(v),
	             "unknown format \"%s\": the known formats are date, country, "
	             "jp-corporate-number and filled-text", name);
	tl_error_set_ja(&e, "フォーマット \"%s\" は使用できません（使用できるのは date、country、jp-corporate-number、filled-text です）",
	                name);
	emit(c, &e);
}

static void compile_ref(cctx *c, tl_sch *s, const tl_node *v)
{
	const char *t;
	size_t len, plen = strlen(REF_PREFIX);
	char name[96];
	tl_error e;

	if (!get_string(v, &t, &len)) {
		err_must(c, v, "$ref", "a reference written as text (\"#/$defs/NAME\")",
		         "文字列で書いた参照（\"#/$defs/NAME\"）");
		return;
	}
	if (len <= plen || memcmp(t, REF_PREFIX, plen) != 0 ||
	    memchr(t + plen, '/', len - plen) || memchr(t + plen, '~', len - plen) ||
	    memchr(t + plen, '%', len - plen)) {
		shown(name, sizeof(name), v);
		tl_error_set(&e, TL_EINVALID, pos_of(v),
		             "unsupported $ref \"%s\": only references of the form \"#/$defs/NAME\" "
		             "to a definition of this schema are supported", name);
		tl_error_set_ja(&e, "$ref \"%s\" には対応していません（このスキーマ内の定義を指す \"#/$defs/NAME\" の形式のみ使用できます）",
		                name);
		emit(c, &e);
		return;
	}
	s->ref_name = dup(c, t + plen, len - plen);
	s->ref_pos = pos_of(v);
	s->next_ref = c->refs;
	c->refs = s;
}

static void compile_keyword(cctx *c, tl_sch *s, int k, const tl_node *v, bool is_root)
{
	const char *t;
	size_t len;
	tl_decimal d;
	tl_scalar sc;

	switch ((kw)k) {
	case KW_SCHEMA:
		if (!get_string(v, &t, &len) || len != strlen(DRAFT_2020_12) ||
		    memcmp(t, DRAFT_2020_12, len) != 0)
			err_must(c, v, "$schema", "\"" DRAFT_2020_12 "\" (draft 2020-12)",
			         "\"" DRAFT_2020_12 "\"（draft 2020-12）");
		break;
	case KW_ID:
		if (!get_string(v, &t, &len))
			err_must(c, v, "$id", "a URI written as text", "文字列で書いた URI");
		break;
	case KW_DEFS:
		if (is_root) {
			compile_named(c, v, "$defs", &c->s->defs, &c->s->ndefs);
		} else {
			tl_sch_prop *ignored = NULL;
			size_t nignored = 0;
			/* Checked, but unreachable: references name the root's $defs. */
			compile_named(c, v, "$defs", &ignored, &nignored);
		}
		break;
	case KW_REF: compile_ref(c, s, v); break;
	case KW_TITLE:
	case KW_DESCRIPTION:
		if (!get_string(v, &t, &len)) {
			err_must(c, v, KEYWORDS[k], "text", "文字列");
		} else if (k == KW_TITLE || !s->title) {
			s->title = dup(c, t, len);
		}
		break;
	case KW_EXAMPLES:
		if (v->kind != TL_NODE_SEQUENCE)
			err_must(c, v, "examples", "a list of example values", "例示する値のリスト");
		break;
	case KW_DEFAULT: break;
	case KW_TYPE: compile_type(c, s, v); break;
	case KW_PROPERTIES: compile_named(c, v, "properties", &s->props, &s->nprops); break;
	case KW_REQUIRED: compile_required(c, s, v); break;
	case KW_ADDITIONAL: s->additional = compile_schema(c, v, false); break;
	case KW_ITEMS:
		if (v->kind == TL_NODE_SEQUENCE)
			err_must(c, v, "items", "one schema for every item (draft 2020-12 has no list form)",
			         "全要素に適用する 1 つのスキーマ（draft 2020-12 ではリスト形式は使用できません）");
		else
			s->items = compile_schema(c, v, false);
		break;
	case KW_ENUM: compile_enum(c, s, v); break;
	case KW_CONST: s->has_const = compile_value(c, v, "const", &s->konst); break;
	case KW_PATTERN: compile_pattern(c, s, v); break;
	case KW_MINIMUM:
	case KW_MAXIMUM:
		if (!get_number(v, &d)) {
			err_must(c, v, KEYWORDS[k], "a number", "数値");
		} else if (k == KW_MINIMUM) {
			s->has_min = true;
			s->min = d;
		} else {
			s->has_max = true;
			s->max = d;
		}
		break;
	case KW_MINLENGTH:
		if (!tl_scalar_resolve(v, &sc) || sc.type != TL_SCALAR_INT || sc.u.i < 0) {
			err_must(c, v, "minLength", "a whole number of 0 or more", "0 以上の整数");
		} else {
			s->has_minlen = true;
			s->minlen = (uint64_t)sc.u.i;
		}
		break;
	case KW_MINITEMS:
		if (!tl_scalar_resolve(v, &sc) || sc.type != TL_SCALAR_INT || sc.u.i < 0) {
			err_must(c, v, "minItems", "a whole number of 0 or more", "0 以上の整数");
		} else {
			s->has_minitems = true;
			s->minitems = (uint64_t)sc.u.i;
		}
		break;
	case KW_FORMAT: compile_format(c, s, v); break;
	case KW_IF: s->if_s = compile_schema(c, v, false); break;
	case KW_THEN: s->then_s = compile_schema(c, v, false); break;
	case KW_ELSE: s->else_s = compile_schema(c, v, false); break;
	case KW_COUNT: break;
	}
}

/* Marks each property that is required with its index in `required`, and
 * says whether every required key is a property. */
static void link_required(tl_sch *s)
{
	size_t linked = 0;
	for (size_t i = 0; i < s->nrequired; i++) {
		size_t len = strlen(s->required[i]);
		for (size_t j = 0; j < s->nprops; j++) {
			if (s->props[j].len == len && memcmp(s->props[j].name, s->required[i], len) == 0) {
				s->props[j].required = (int)i;
				linked++;
				break;
			}
		}
	}
	s->required_props = linked == s->nrequired && s->nrequired <= TL_SCH_REQUIRED_IN_PASS;
}

static tl_sch *compile_schema(cctx *c, const tl_node *n, bool is_root)
{
	tl_sch *s = alloc(c, sizeof(*s));
	tl_scalar sc;
	const tl_node *then_key = NULL, *else_key = NULL;

	if (!s)
		return NULL;
	s->boolean = -1;
	if (n->kind == TL_NODE_SCALAR && tl_scalar_resolve(n, &sc) && sc.type == TL_SCALAR_BOOL) {
		s->boolean = sc.u.b ? 1 : 0;
		return s;
	}
	if (n->kind != TL_NODE_MAPPING) {
		tl_error e;
		tl_error_set(&e, TL_EINVALID, pos_of(n), "a schema must be a mapping, true or false");
		tl_error_set_ja(&e, "スキーマにはマッピング、true、false のいずれかを指定してください");
		emit(c, &e);
		s->boolean = 1;
		return s;
	}
	for (size_t i = 0; i < n->u.map.count && !c->oom; i++) {
		const tl_pair *p = &n->u.map.pairs[i];
		const char *t = tl_node_text(p->key);
		int k = t ? keyword_of(t, p->key->u.scalar.len) : -1;
		if (k < 0) {
			err_unknown_keyword(c, p->key);
			continue;
		}
		if (k == KW_THEN)
			then_key = p->key;
		if (k == KW_ELSE)
			else_key = p->key;
		compile_keyword(c, s, k, p->value, is_root);
	}
	link_required(s);
	if (!s->if_s && (then_key || else_key)) {
		tl_error e;
		const tl_node *at = then_key ? then_key : else_key;
		tl_error_set(&e, TL_EINVALID, pos_of(at),
		             "\"%s\" has no effect without \"if\" in the same schema",
		             then_key ? "then" : "else");
		tl_error_set_ja(&e, "\"%s\" は同じスキーマに \"if\" がなければ効果がありません",
		                then_key ? "then" : "else");
		emit(c, &e);
	}
	return s;
}

static tl_sch *find_def(const tl_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ndefs; i++)
		if (s->defs[i].name && strcmp(s->defs[i].name, name) == 0)
			return s->defs[i].schema;
	return NULL;
}

/* Schemas applied at the same place of the document ($ref, if, then, else)
 * must not lead back to themselves, or validation would never end. */
static bool same_place_cycle(tl_sch *s)
{
	tl_sch *next[4];
	bool found = false;

	if (!s || s->mark == 2)
		return false;
	if (s->mark == 1)
		return true;
	s->mark = 1;
	next[0] = s->ref;
	next[1] = s->if_s;
	next[2] = s->then_s;
	next[3] = s->else_s;
	for (int i = 0; i < 4 && !found; i++)
		found = same_place_cycle(next[i]);
	s->mark = 2;
	return found;
}

/* A schema that says nothing but `$ref` (and a title): what it refers to. */
static bool only_ref(const tl_sch *s)
{
	return s->ref && s->boolean == -1 && !s->types && !s->nprops && !s->nrequired &&
	       !s->additional && !s->items && !s->nenums && !s->has_const && !s->re &&
	       !s->has_min && !s->has_max && !s->has_minlen && !s->has_minitems &&
	       s->format == TL_FMT_NONE && !s->if_s;
}

static void resolve_refs(cctx *c)
{
	tl_sch *rev = NULL;

	/* The chain was built newest first: restore document order so that
	 * errors come out in the order of the file. */
	while (c->refs) {
		tl_sch *next = c->refs->next_ref;
		c->refs->next_ref = rev;
		rev = c->refs;
		c->refs = next;
	}
	c->refs = rev;
	for (tl_sch *s = c->refs; s; s = s->next_ref) {
		s->ref = find_def(c->s, s->ref_name);
		s->bare_ref = only_ref(s);
		if (!s->ref) {
			tl_error e;
			tl_error_set(&e, TL_EINVALID, s->ref_pos,
			             "$ref names \"%s\", which is not defined in the $defs of the schema",
			             s->ref_name);
			tl_error_set_ja(&e, "$ref が指す \"%s\" はスキーマの $defs に定義されていません",
			                s->ref_name);
			emit(c, &e);
		}
	}
	if (c->nerr)
		return;
	for (tl_sch *s = c->refs; s; s = s->next_ref) {
		if (same_place_cycle(s)) {
			tl_error e;
			tl_error_set(&e, TL_EINVALID, s->ref_pos,
			             "$ref \"#/$defs/%s\" leads back to itself without descending into the "
			             "document", s->ref_name);
			tl_error_set_ja(&e, "$ref \"#/$defs/%s\" は文書の下位の値に進まないまま自身を参照しています（循環参照）",
			                s->ref_name);
			emit(c, &e);
			break;
		}
	}
}

int tl_schema_compile(tl_schema **out, const tl_node *root, const char *file,
                      void (*on_error)(void *ud, const tl_error *err), void *ud)
{
	cctx c = {0};
	int rc = TL_OK;

	*out = NULL;
	c.s = calloc(1, sizeof(*c.s));
	if (!c.s)
		return TL_ENOMEM;
	c.on_error = on_error;
	c.ud = ud;
	c.file = file ? file : "schema";
	if (!root) {
		tl_error e;
		tl_pos none = {0, 0};
		tl_error_set(&e, TL_EINVALID, none, "%s: the schema document is empty", c.file);
		tl_error_set_ja(&e, "%s: スキーマの文書が空です", c.file);
		emit(&c, &e);
		rc = TL_EINVALID;
		goto out;
	}
	c.s->root = compile_schema(&c, root, true);
	if (!c.oom && c.nerr == 0)
		resolve_refs(&c);
	if (!c.oom && c.nerr == 0) {
		c.s->mctx = pcre2_match_context_create(NULL);
		if (!c.s->mctx) {
			c.oom = true;
		} else {
			pcre2_set_match_limit(c.s->mctx, TL_SCHEMA_MATCH_LIMIT);
			pcre2_set_depth_limit(c.s->mctx, TL_SCHEMA_DEPTH_LIMIT);
		}
	}
	if (c.oom)
		rc = TL_ENOMEM;
	else if (c.nerr)
		rc = TL_EINVALID;
out:
	if (rc != TL_OK)
		tl_schema_free(c.s);
	else
		*out = c.s;
	return rc;
}

void tl_schema_free(tl_schema *s)
{
	if (!s)
		return;
	for (tl_sch *p = s->patterns; p; p = p->next_re)
		pcre2_code_free(p->re);
	pcre2_match_context_free(s->mctx);
	tl_arena_clear(&s->arena);
	free(s);
}
