/* scalar.c - types a YAML scalar by the YAML 1.2 core schema, extended with dates and exact decimals. */
#include "scalar.h"

#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A word with its length known at compile time: typing runs for every
 * scalar a rule or the schema reads, and strlen showed in its profile. */
typedef struct word {
	const char *s;
	size_t len;
} word;

#define WORD(lit) {lit, sizeof(lit) - 1}

static bool text_is(const char *s, size_t len, word w)
{
	return len == w.len && memcmp(s, w.s, len) == 0;
}

static bool text_is_any(const char *s, size_t len, const word *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (text_is(s, len, words[i]))
			return true;
	return false;
}

static bool resolve_null(const char *s, size_t len)
{
	static const word words[] = {WORD(""), WORD("~"), WORD("null"), WORD("Null"), WORD("NULL")};
	return text_is_any(s, len, words, sizeof(words) / sizeof(words[0]));
}

static bool resolve_bool(const char *s, size_t len, bool *out)
{
	static const word yes[] = {WORD("true"), WORD("True"), WORD("TRUE")};
	static const word no[] = {WORD("false"), WORD("False"), WORD("FALSE")};
	if (text_is_any(s, len, yes, sizeof(yes) / sizeof(yes[0]))) {
		*out = true;
		return true;
	}
	if (text_is_any(s, len, no, sizeof(no) / sizeof(no[0]))) {
		*out = false;
		return true;
	}
	return false;
}

static int digit_value(char c, unsigned base)
{
	int v = -1;
	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	return v >= 0 && (unsigned)v < base ? v : -1;
}

/* Accumulates digits of `base` as a magnitude up to `limit`; false on a foreign
 * character, an empty run, or a value beyond the limit. */
static bool parse_magnitude(const char *s, size_t len, unsigned base, uint64_t limit,
                            uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		int dv = digit_value(s[i], base);
		if (dv < 0 || v > (limit - (uint64_t)dv) / base)
			return false;
		v = v * base + (uint64_t)dv;
	}
	*out = v;
	return true;
}

static bool all_decimal_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ within int64. A decimal-digit integer
 * beyond int64 becomes an exact decimal when it fits 38 digits. */
static bool resolve_int(const char *s, size_t len, tl_scalar *out)
{
	uint64_t mag;
	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		if (!parse_magnitude(s + 2, len - 2, s[1] == 'o' ? 8 : 16, INT64_MAX, &mag))
			return false;
		out->type = TL_SCALAR_INT;
		out->u.i = (int64_t)mag;
		return true;
	}
	bool negative = len > 0 && s[0] == '-';
	size_t skip = len > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
	if (!all_decimal_digits(s + skip, len - skip))
		return false;
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (parse_magnitude(s + skip, len - skip, 10, limit, &mag)) {
		out->type = TL_SCALAR_INT;
		/* -2^63 has no positive int64 counterpart to negate. */
		if (!negative)
			out->u.i = (int64_t)mag;
		else if (mag == (uint64_t)INT64_MAX + 1)
			out->u.i = INT64_MIN;
		else
			out->u.i = -(int64_t)mag;
		return true;
	}
	if (tl_decimal_parse(&out->u.d, s, len) != TL_DEC_OK)
		return false;
	out->type = TL_SCALAR_DECIMAL;
	return true;
}

static bool resolve_decimal(const char *s, size_t len, tl_scalar *out)
{
	if (tl_decimal_parse(&out->u.d, s, len) != TL_DEC_OK)
		return false;
	out->type = TL_SCALAR_DECIMAL;
	return true;
}

static bool resolve_date(const char *s, size_t len, tl_scalar *out)
{
	if (tl_date_parse(&out->u.date, s, len) != TL_DATE_OK)
		return false;
	out->type = TL_SCALAR_DATE;
	return true;
}

/* Whether `c` can begin a number or a date; a null or a bool. Most plain
 * scalars are words, decided by their first byte without trying each type. */
static bool numeric_start(char c)
{
	return is_digit(c) || c == '+' || c == '-' || c == '.';
}

static bool word_start(char c)
{
	return c == '~' || c == 'n' || c == 'N' || c == 't' || c == 'T' || c == 'f' || c == 'F';
}

static void resolve_plain(const char *s, size_t len, tl_scalar *out)
{
	out->type = TL_SCALAR_STRING;
	if (len == 0 || word_start(s[0])) {
		if (resolve_null(s, len))
			out->type = TL_SCALAR_NULL;
		else if (resolve_bool(s, len, &out->u.b))
			out->type = TL_SCALAR_BOOL;
	} else if (numeric_start(s[0])) {
		if (!resolve_int(s, len, out) && !resolve_decimal(s, len, out))
			(void)resolve_date(s, len, out);
	}
}

/* The suffix after "tag:yaml.org,2002:" or its "!!" shorthand, or NULL when the
 * tag is outside the YAML namespace. */
static const char *core_tag_name(const char *tag)
{
	static const char long_prefix[] = "tag:yaml.org,2002:";
	if (strncmp(tag, long_prefix, sizeof long_prefix - 1) == 0)
		return tag + sizeof long_prefix - 1;
	if (strncmp(tag, "!!", 2) == 0)
		return tag + 2;
	return NULL;
}

/* An explicit tag decides the type; text that the tag's type cannot take, and
 * tags we do not know, leave a string. */
static void resolve_tagged(const char *tag, const char *s, size_t len, tl_scalar *out)
{
	const char *name = core_tag_name(tag);
	out->type = TL_SCALAR_STRING;
	if (name == NULL)
		return;
	if (strcmp(name, "null") == 0) {
		if (resolve_null(s, len))
			out->type = TL_SCALAR_NULL;
	} else if (strcmp(name, "bool") == 0) {
		if (resolve_bool(s, len, &out->u.b))
			out->type = TL_SCALAR_BOOL;
	} else if (strcmp(name, "int") == 0) {
		if (!resolve_int(s, len, out))
			out->type = TL_SCALAR_STRING;
	} else if (strcmp(name, "float") == 0) {
		(void)resolve_decimal(s, len, out);
	} else if (strcmp(name, "timestamp") == 0) {
		(void)resolve_date(s, len, out);
	}
}

bool tl_scalar_resolve(const tl_node *n, tl_scalar *out)
{
	if (n == NULL || n->kind != TL_NODE_SCALAR)
		return false;
	memset(out, 0, sizeof *out);
	out->text = n->u.scalar.text != NULL ? n->u.scalar.text : "";
	out->len = n->u.scalar.text != NULL ? n->u.scalar.len : 0;
	if (n->tag != NULL)
		resolve_tagged(n->tag, out->text, out->len, out);
	else if (n->u.scalar.style == TL_STYLE_PLAIN)
		resolve_plain(out->text, out->len, out);
	else
		out->type = TL_SCALAR_STRING;
	return true;
}

void tl_scalar_memo_begin(tl_scalar_memo *m, size_t nodes)
{
	m->count = 0;
	if (nodes == 0 || nodes > TL_SCALAR_MEMO_MAX_NODES)
		return;
	if (nodes > m->cap) {
		tl_scalar *t = malloc(nodes * sizeof(*t));
		unsigned char *st = malloc(nodes);
		if (!t || !st) {
			free(t);
			free(st);
			return;
		}
		free(m->typed);
		free(m->state);
		m->typed = t;
		m->state = st;
		m->cap = nodes;
	}
	memset(m->state, 0, nodes);
	m->count = nodes;
}

void tl_scalar_memo_end(tl_scalar_memo *m)
{
	m->count = 0;
}

void tl_scalar_memo_free(tl_scalar_memo *m)
{
	free(m->typed);
	free(m->state);
	*m = (tl_scalar_memo)TL_SCALAR_MEMO_INIT;
}

const tl_scalar *tl_scalar_memo_fill(tl_scalar_memo *m, const tl_node *n)
{
	tl_scalar_resolve(n, &m->typed[n->id]);
	m->state[n->id] = 1;
	return &m->typed[n->id];
}

bool tl_scalar_canonical_bool(const tl_node *n)
{
	tl_scalar s;
	return tl_scalar_resolve(n, &s) && tl_scalar_is_canonical_bool(&s);
}

bool tl_scalar_is_canonical_bool(const tl_scalar *s)
{
	return s->type == TL_SCALAR_BOOL &&
	       (text_is(s->text, s->len, (word)WORD("true")) || text_is(s->text, s->len, (word)WORD("false")));
}
