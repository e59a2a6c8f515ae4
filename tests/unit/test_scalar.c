/* test_scalar.c - typing YAML scalars (core schema + dates + exact decimals) on hand-built nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "value/scalar.h"

#define PLAIN TL_STYLE_PLAIN
#define SQ TL_STYLE_SINGLE_QUOTED
#define DQ TL_STYLE_DOUBLE_QUOTED
#define LIT TL_STYLE_LITERAL
#define FOLD TL_STYLE_FOLDED

typedef struct scalar_case {
	tl_scalar_style style;
	const char *tag;
	const char *text;
	tl_scalar_type type;
	/* The value as text: "true"/"false", the int, the canonical decimal, the date;
	 * unused for null and string. */
	const char *value;
} scalar_case;

static const scalar_case cases[] = {
	/* null */
	{PLAIN, NULL, "", TL_SCALAR_NULL, NULL},
	{PLAIN, NULL, "~", TL_SCALAR_NULL, NULL},
	{PLAIN, NULL, "null", TL_SCALAR_NULL, NULL},
	{PLAIN, NULL, "Null", TL_SCALAR_NULL, NULL},
	{PLAIN, NULL, "NULL", TL_SCALAR_NULL, NULL},
	{PLAIN, NULL, "nULL", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "nil", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "None", TL_SCALAR_STRING, NULL},
	{SQ, NULL, "", TL_SCALAR_STRING, NULL},
	{DQ, NULL, "null", TL_SCALAR_STRING, NULL},
	/* bool: YAML 1.2 spellings only */
	{PLAIN, NULL, "true", TL_SCALAR_BOOL, "true"},
	{PLAIN, NULL, "True", TL_SCALAR_BOOL, "true"},
	{PLAIN, NULL, "TRUE", TL_SCALAR_BOOL, "true"},
	{PLAIN, NULL, "false", TL_SCALAR_BOOL, "false"},
	{PLAIN, NULL, "False", TL_SCALAR_BOOL, "false"},
	{PLAIN, NULL, "FALSE", TL_SCALAR_BOOL, "false"},
	{PLAIN, NULL, "tRUE", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "yes", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "no", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "on", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "off", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "y", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "n", TL_SCALAR_STRING, NULL},
	{SQ, NULL, "true", TL_SCALAR_STRING, NULL},
	{DQ, NULL, "false", TL_SCALAR_STRING, NULL},
	/* int */
	{PLAIN, NULL, "0", TL_SCALAR_INT, "0"},
	{PLAIN, NULL, "-0", TL_SCALAR_INT, "0"},
	{PLAIN, NULL, "42", TL_SCALAR_INT, "42"},
	{PLAIN, NULL, "+42", TL_SCALAR_INT, "42"},
	{PLAIN, NULL, "-42", TL_SCALAR_INT, "-42"},
	{PLAIN, NULL, "007", TL_SCALAR_INT, "7"},
	{PLAIN, NULL, "9223372036854775807", TL_SCALAR_INT, "9223372036854775807"},
	{PLAIN, NULL, "-9223372036854775808", TL_SCALAR_INT, "-9223372036854775808"},
	{PLAIN, NULL, "0o17", TL_SCALAR_INT, "15"},
	{PLAIN, NULL, "0o777777777777777777777", TL_SCALAR_INT, "9223372036854775807"},
	{PLAIN, NULL, "0o1000000000000000000000", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0o8", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0o", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0x1F", TL_SCALAR_INT, "31"},
	{PLAIN, NULL, "0xff", TL_SCALAR_INT, "255"},
	{PLAIN, NULL, "0x7FFFFFFFFFFFFFFF", TL_SCALAR_INT, "9223372036854775807"},
	{PLAIN, NULL, "0x8000000000000000", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0x", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0xG", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "-0x10", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0X10", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0b101", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "1_000", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "1,000", TL_SCALAR_STRING, NULL},
	{SQ, NULL, "42", TL_SCALAR_STRING, NULL},
	{DQ, NULL, "42", TL_SCALAR_STRING, NULL},
	{LIT, NULL, "42", TL_SCALAR_STRING, NULL},
	{FOLD, NULL, "42", TL_SCALAR_STRING, NULL},
	/* an int beyond int64 becomes an exact decimal while it fits 38 digits */
	{PLAIN, NULL, "9223372036854775808", TL_SCALAR_DECIMAL, "9223372036854775808"},
	{PLAIN, NULL, "-9223372036854775809", TL_SCALAR_DECIMAL, "-9223372036854775809"},
	{PLAIN, NULL, "99999999999999999999999999999999999999", TL_SCALAR_DECIMAL,
	 "99999999999999999999999999999999999999"},
	{PLAIN, NULL, "100000000000000000000000000000000000000", TL_SCALAR_STRING, NULL},
	/* decimal */
	{PLAIN, NULL, "12.5", TL_SCALAR_DECIMAL, "12.5"},
	{PLAIN, NULL, "12.50", TL_SCALAR_DECIMAL, "12.5"},
	{PLAIN, NULL, "-7.25", TL_SCALAR_DECIMAL, "-7.25"},
	{PLAIN, NULL, "+0.5", TL_SCALAR_DECIMAL, "0.5"},
	{PLAIN, NULL, ".5", TL_SCALAR_DECIMAL, "0.5"},
	{PLAIN, NULL, "5.", TL_SCALAR_DECIMAL, "5"},
	{PLAIN, NULL, "1e3", TL_SCALAR_DECIMAL, "1000"},
	{PLAIN, NULL, "1.5E-2", TL_SCALAR_DECIMAL, "0.015"},
	{PLAIN, NULL, "84.999999999999999999", TL_SCALAR_DECIMAL, "84.999999999999999999"},
	{PLAIN, NULL, "1e-40", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "1e", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, ".", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "1.2.3", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, ".inf", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "-.inf", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, ".nan", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, ".NaN", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "85%", TL_SCALAR_STRING, NULL},
	{DQ, NULL, "12.5", TL_SCALAR_STRING, NULL},
	/* date */
	{PLAIN, NULL, "2025-06-30", TL_SCALAR_DATE, "2025-06-30"},
	{PLAIN, NULL, "2024-02-29", TL_SCALAR_DATE, "2024-02-29"},
	{PLAIN, NULL, "2025-02-30", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "2023-02-29", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "0000-01-01", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "2025-6-30", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "2025-06-30T10:00:00Z", TL_SCALAR_STRING, NULL},
	{SQ, NULL, "2025-06-30", TL_SCALAR_STRING, NULL},
	/* anything else */
	{PLAIN, NULL, "hello", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "株式会社", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, " 1", TL_SCALAR_STRING, NULL},
	/* a first byte that cannot begin a null, bool, number or date (and one that can) */
	{PLAIN, NULL, "e1", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "_1", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "x2025-01-01", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "NUL", TL_SCALAR_STRING, NULL},
	{PLAIN, NULL, "+.5", TL_SCALAR_DECIMAL, "0.5"},
	{PLAIN, NULL, "9", TL_SCALAR_INT, "9"},
	/* an explicit tag wins, in either spelling */
	{PLAIN, "tag:yaml.org,2002:str", "42", TL_SCALAR_STRING, NULL},
	{PLAIN, "!!str", "true", TL_SCALAR_STRING, NULL},
	{PLAIN, "tag:yaml.org,2002:str", "", TL_SCALAR_STRING, NULL},
	{PLAIN, "tag:yaml.org,2002:str", "2025-06-30", TL_SCALAR_STRING, NULL},
	{PLAIN, "tag:yaml.org,2002:int", "42", TL_SCALAR_INT, "42"},
	{DQ, "tag:yaml.org,2002:int", "42", TL_SCALAR_INT, "42"},
	{PLAIN, "!!int", "0x10", TL_SCALAR_INT, "16"},
	{PLAIN, "!!int", "12.5", TL_SCALAR_STRING, NULL},
	{PLAIN, "!!int", "abc", TL_SCALAR_STRING, NULL},
	{PLAIN, "!!int", "9223372036854775808", TL_SCALAR_DECIMAL, "9223372036854775808"},
	{PLAIN, "tag:yaml.org,2002:float", "12.5", TL_SCALAR_DECIMAL, "12.5"},
	{PLAIN, "!!float", "12", TL_SCALAR_DECIMAL, "12"},
	{SQ, "!!float", "0.03", TL_SCALAR_DECIMAL, "0.03"},
	{PLAIN, "!!float", ".inf", TL_SCALAR_STRING, NULL},
	{PLAIN, "!!float", "abc", TL_SCALAR_STRING, NULL},
	{PLAIN, "tag:yaml.org,2002:bool", "true", TL_SCALAR_BOOL, "true"},
	{DQ, "!!bool", "False", TL_SCALAR_BOOL, "false"},
	{PLAIN, "!!bool", "yes", TL_SCALAR_STRING, NULL},
	{PLAIN, "tag:yaml.org,2002:null", "", TL_SCALAR_NULL, NULL},
	{PLAIN, "!!null", "~", TL_SCALAR_NULL, NULL},
	{PLAIN, "!!null", "nothing", TL_SCALAR_STRING, NULL},
	{PLAIN, "!!timestamp", "2025-06-30", TL_SCALAR_DATE, "2025-06-30"},
	{PLAIN, "!!timestamp", "2025-02-30", TL_SCALAR_STRING, NULL},
	{PLAIN, "!", "42", TL_SCALAR_STRING, NULL},
	{PLAIN, "!custom", "42", TL_SCALAR_STRING, NULL},
	{PLAIN, "tag:example.com,2025:money", "12.5", TL_SCALAR_STRING, NULL},
};

static tl_node scalar_node(tl_scalar_style style, const char *tag, const char *text, size_t len)
{
	tl_node n;
	memset(&n, 0, sizeof n);
	n.kind = TL_NODE_SCALAR;
	n.tag = tag;
	n.u.scalar.text = text;
	n.u.scalar.len = len;
	n.u.scalar.style = style;
	return n;
}

static const char *type_name(tl_scalar_type t)
{
	switch (t) {
	case TL_SCALAR_NULL: return "null";
	case TL_SCALAR_BOOL: return "bool";
	case TL_SCALAR_INT: return "int";
	case TL_SCALAR_DECIMAL: return "decimal";
	case TL_SCALAR_DATE: return "date";
	case TL_SCALAR_STRING: return "string";
	}
	return "?";
}

static void value_text(char *buf, size_t cap, const tl_scalar *s)
{
	buf[0] = '\0';
	switch (s->type) {
	case TL_SCALAR_BOOL:
		snprintf(buf, cap, "%s", s->u.b ? "true" : "false");
		break;
	case TL_SCALAR_INT:
		snprintf(buf, cap, "%lld", (long long)s->u.i);
		break;
	case TL_SCALAR_DECIMAL:
		tl_decimal_format(buf, cap, &s->u.d);
		break;
	case TL_SCALAR_DATE:
		if (cap >= TL_DATE_BUFSZ)
			tl_date_format(buf, s->u.date);
		break;
	default:
		break;
	}
}

static void test_resolve_table(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const scalar_case *c = &cases[i];
		tl_node n = scalar_node(c->style, c->tag, c->text, strlen(c->text));
		tl_scalar s;
		char got[64];
		if (!tl_scalar_resolve(&n, &s)) {
			fprintf(stderr, "case %zu '%s': not resolved\n", i, c->text);
			failures++;
			continue;
		}
		value_text(got, sizeof got, &s);
		if (s.type != c->type || (c->value != NULL && strcmp(got, c->value) != 0)) {
			fprintf(stderr, "case %zu '%s' (tag %s): expected %s %s, got %s %s\n", i,
			        c->text, c->tag ? c->tag : "none", type_name(c->type),
			        c->value ? c->value : "", type_name(s.type), got);
			failures++;
		}
		if (s.text != c->text || s.len != strlen(c->text)) {
			fprintf(stderr, "case %zu '%s': text not kept\n", i, c->text);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void test_embedded_nul_is_string(void **state)
{
	(void)state;
	static const char text[] = "12\0" "3";
	tl_node n = scalar_node(PLAIN, NULL, text, 4);
	tl_scalar s;
	assert_true(tl_scalar_resolve(&n, &s));
	assert_int_equal(s.type, TL_SCALAR_STRING);
	assert_int_equal(s.len, 4);
	n = scalar_node(PLAIN, NULL, "true", 0);
	assert_true(tl_scalar_resolve(&n, &s));
	assert_int_equal(s.type, TL_SCALAR_NULL);
}

static void test_non_scalar_is_false(void **state)
{
	(void)state;
	tl_node seq, map;
	tl_scalar s;
	memset(&seq, 0, sizeof seq);
	memset(&map, 0, sizeof map);
	seq.kind = TL_NODE_SEQUENCE;
	map.kind = TL_NODE_MAPPING;
	assert_false(tl_scalar_resolve(&seq, &s));
	assert_false(tl_scalar_resolve(&map, &s));
	assert_false(tl_scalar_resolve(NULL, &s));
	assert_false(tl_scalar_canonical_bool(&seq));
	assert_false(tl_scalar_canonical_bool(NULL));
}

static void test_canonical_bool(void **state)
{
	(void)state;
	static const struct {
		tl_scalar_style style;
		const char *tag;
		const char *text;
		bool canonical;
	} bools[] = {
		{PLAIN, NULL, "true", true},
		{PLAIN, NULL, "false", true},
		{PLAIN, NULL, "True", false},
		{PLAIN, NULL, "FALSE", false},
		{PLAIN, NULL, "yes", false},
		{PLAIN, NULL, "1", false},
		{SQ, NULL, "true", false},
		{DQ, NULL, "false", false},
		{PLAIN, "tag:yaml.org,2002:bool", "true", true},
		{PLAIN, "!!str", "true", false},
	};
	for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		tl_node n = scalar_node(bools[i].style, bools[i].tag, bools[i].text,
		                        strlen(bools[i].text));
		if (tl_scalar_canonical_bool(&n) != bools[i].canonical)
			fail_msg("canonical_bool('%s', style %d) should be %d", bools[i].text,
			         (int)bools[i].style, (int)bools[i].canonical);
		tl_scalar s;
		assert_true(tl_scalar_resolve(&n, &s));
		if (tl_scalar_is_canonical_bool(&s) != bools[i].canonical)
			fail_msg("is_canonical_bool('%s', style %d) should be %d", bools[i].text,
			         (int)bools[i].style, (int)bools[i].canonical);
	}
}

/* The memo gives what tl_scalar_resolve gives, for every case of the table,
 * each node typed once and then read back; a new document forgets the old. */
static void test_memo_same_answers(void **state)
{
	(void)state;
	enum { N = sizeof cases / sizeof cases[0] };
	static tl_node nodes[N + 1];
	tl_scalar_memo memo = TL_SCALAR_MEMO_INIT;

	for (size_t i = 0; i < N; i++) {
		nodes[i] = scalar_node(cases[i].style, cases[i].tag, cases[i].text, strlen(cases[i].text));
		nodes[i].id = (uint32_t)i;
	}
	memset(&nodes[N], 0, sizeof(nodes[N]));
	nodes[N].kind = TL_NODE_SEQUENCE;
	nodes[N].id = N;
	tl_scalar_memo_begin(&memo, N + 1);
	assert_int_equal(memo.count, N + 1);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i <= N; i++) {
			tl_scalar want, got;
			char a[64], b[64];
			bool ok = tl_scalar_resolve(&nodes[i], &want);
			assert_int_equal(tl_scalar_resolve_memo(&memo, &nodes[i], &got), ok);
			if (!ok)
				continue;
			value_text(a, sizeof a, &want);
			value_text(b, sizeof b, &got);
			if (want.type != got.type || strcmp(a, b) != 0 || want.text != got.text ||
			    want.len != got.len)
				fail_msg("round %d, case %zu '%s': the memo answers %s %s, not %s %s", round,
				         i, cases[i].text, type_name(got.type), b, type_name(want.type), a);
		}
	}
	/* The same ids in another document: typed anew, not read from the old one. */
	tl_node other = scalar_node(PLAIN, NULL, "2025-02-28", 10);
	other.id = 0;
	tl_scalar_memo_begin(&memo, 1);
	tl_scalar got;
	assert_true(tl_scalar_resolve_memo(&memo, &other, &got));
	assert_int_equal(got.type, TL_SCALAR_DATE);
	/* Too many nodes, or none: the memo is off, typing still answers. */
	tl_scalar_memo_begin(&memo, TL_SCALAR_MEMO_MAX_NODES + 1);
	assert_int_equal(memo.count, 0);
	assert_true(tl_scalar_resolve_memo(&memo, &other, &got));
	assert_int_equal(got.type, TL_SCALAR_DATE);
	assert_true(tl_scalar_resolve_memo(NULL, &other, &got));
	tl_scalar_memo_free(&memo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_table),
		cmocka_unit_test(test_embedded_nul_is_string),
		cmocka_unit_test(test_non_scalar_is_false),
		cmocka_unit_test(test_canonical_bool),
		cmocka_unit_test(test_memo_same_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
