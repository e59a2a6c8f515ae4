/* test_schema.c - the JSON Schema subset validator: compile errors, every keyword on both sides, formats, order, and the real declaration schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>

#include "schema/internal.h"
#include "schema/schema.h"
#include "util/buf.h"
#include "yaml/doc.h"

/* ---- helpers ---------------------------------------------------------------- */

static tl_doc *load(const char *yaml)
{
	tl_doc *doc = NULL;
	tl_error err;
	int rc = tl_doc_load(&doc, &err, yaml, strlen(yaml), NULL);
	if (rc != 0)
		fail_msg("YAML did not load (%s): %s", err.msg, yaml);
	return doc;
}

typedef struct errs {
	int n;
	tl_error first;
	tl_buf all;   /* "line:col: msg\n" for each */
} errs;

static void on_error(void *ud, const tl_error *e)
{
	errs *es = ud;
	if (es->n++ == 0)
		es->first = *e;
	tl_buf_printf(&es->all, "%u:%u: %s | %s\n", e->pos.line, e->pos.col, e->msg, e->msg_ja);
}

static tl_schema *compile(const char *yaml)
{
	tl_doc *doc = load(yaml);
	tl_schema *s = NULL;
	errs es = {0};
	int rc = tl_schema_compile(&s, tl_doc_root(doc), "test.schema.yaml", on_error, &es);
	if (rc != 0)
		fail_msg("schema did not compile: %s\n%s", yaml, es.all.data);
	tl_buf_free(&es.all);
	tl_doc_free(doc);
	return s;
}

static const char *const KW_NAMES[] = {
	"required", "additional", "type", "enum", "const", "pattern",
	"minimum", "maximum", "minLength", "format", "minItems"
};

/* What the callback saw, rendered: "keyword@path" for each violation, ';'-joined,
 * and the first violation's fields. */
typedef struct seen {
	tl_buf list;
	tl_buf keys;  /* every violation's key, ';'-joined */
	int n;
	char en[1024], ja[1024], key[128], suggestion[128], nearest[128], title[256], format[64];
	tl_pos pos;
} seen;

static void seen_free(seen *s)
{
	tl_buf_free(&s->list);
	tl_buf_free(&s->keys);
}

static void on_violation(void *ud, const tl_violation *v)
{
	seen *s = ud;
	char path[256];

	tl_node_path(v->node, path, sizeof(path));
	if (s->n > 0)
		tl_buf_putc(&s->list, ';');
	tl_buf_printf(&s->list, "%s@%s", KW_NAMES[v->keyword], path);
	tl_buf_printf(&s->keys, "%s%s", s->n > 0 ? ";" : "", v->key ? v->key : "");
	assert_non_null(v->detail_en);
	assert_non_null(v->detail_ja);
	assert_true(v->detail_en[0] != '\0');
	assert_true(v->detail_ja[0] != '\0');
	assert_int_equal(v->format != NULL, v->keyword == TL_SV_FORMAT);
	if (s->n++ > 0)
		return;
	snprintf(s->en, sizeof(s->en), "%s", v->detail_en);
	snprintf(s->ja, sizeof(s->ja), "%s", v->detail_ja);
	snprintf(s->key, sizeof(s->key), "%s", v->key ? v->key : "");
	snprintf(s->suggestion, sizeof(s->suggestion), "%s", v->suggestion ? v->suggestion : "");
	snprintf(s->nearest, sizeof(s->nearest), "%s", v->nearest ? v->nearest : "");
	snprintf(s->title, sizeof(s->title), "%s", v->title ? v->title : "");
	snprintf(s->format, sizeof(s->format), "%s", v->format ? v->format : "");
	s->pos = v->node->start;
}

static void run(const tl_schema *s, const char *doc_yaml, seen *out)
{
	tl_doc *doc = load(doc_yaml);
	tl_scalar_memo memo = TL_SCALAR_MEMO_INIT;
	memset(out, 0, sizeof(*out));
	assert_int_equal(tl_schema_validate(s, tl_doc_root(doc), NULL, on_violation, NULL, out), 0);
	tl_buf_putc(&out->list, '\0');
	/* Typing through a memo changes nothing, the first time (the memo fills)
	 * and the second (every type comes from it). */
	tl_scalar_memo_begin(&memo, tl_doc_node_count(doc));
	assert_int_equal(memo.count, tl_doc_node_count(doc));
	for (int k = 0; k < 2; k++) {
		seen again;
		memset(&again, 0, sizeof(again));
		assert_int_equal(tl_schema_validate(s, tl_doc_root(doc), &memo, on_violation, NULL, &again), 0);
		tl_buf_putc(&again.list, '\0');
		assert_string_equal(again.list.data, out->list.data);
		seen_free(&again);
	}
	tl_scalar_memo_free(&memo);
	tl_doc_free(doc);
}

/* ---- every keyword on both sides ---------------------------------------------- */

typedef struct vcase {
	const char *schema;
	const char *doc;
	const char *expect;   /* "" when the document is valid */
	const char *en;       /* a substring of the first detail_en, or NULL */
	const char *ja;       /* a substring of the first detail_ja, or NULL */
} vcase;

#define OBJ(p) "{type: object, properties: " p "}"

static const vcase VCASES[] = {
	/* type */
	{"{type: string}", "abc", "", NULL, NULL},
	{"{type: string}", "12", "type@", "expected a text, found the number 12",
	 "文字列 を記載してください（数値 12 が書かれています）"},
	{"{type: integer}", "3", "", NULL, NULL},
	{"{type: integer}", "3.0", "", NULL, NULL},
	{"{type: integer}", "3.5", "type@", "expected a whole number, found the number 3.5", NULL},
	{"{type: integer}", "'3'", "type@", "found the text \"3\"", NULL},
	/* A number no exact 38-digit decimal holds: said as such, not "the text". */
	{"{type: number}", "84.9999999999999999999999999999999999999", "type@",
	 "84.9999999999999999999999999999999999999 has too many digits, or is too large or too small, "
	 "to be held exactly: written out, a number has at most 38 digits (at most 38 of them after "
	 "the point); write it with fewer digits", NULL},
	{"{type: [number, 'null']}", "1e99999", "type@", "1e99999 has too many digits, or is too large", NULL},
	{"{type: integer}", "!!int 999999999999999999999999999999999999999", "type@",
	 "999999999999999999999999999999999999999 has too many digits", NULL},
	{"{type: number}", "84.999999999999999999999999999999999999", "", NULL, NULL},
	{"{type: number}", "'84.9999999999999999999999999999999999999'", "type@", "found the text", NULL},
	{"{type: number}", "3.5", "", NULL, NULL},
	{"{type: number}", "3", "", NULL, NULL},
	{"{type: number}", "x", "type@", "expected a number", "数値"},
	{"{type: boolean}", "true", "", NULL, NULL},
	{"{type: boolean}", "false", "", NULL, NULL},
	{"{type: boolean}", "yes", "type@", "yes is not a boolean: write true or false",
	 "yes は真偽値ではありません。true または false と記載してください"},
	{"{type: boolean}", "off", "type@", "off is not a boolean: write true or false", NULL},
	{"{type: boolean}", "True", "type@", "write true or false", "true または false と記載"},
	{"{type: boolean}", "FALSE", "type@", "FALSE is not accepted as a boolean", NULL},
	{"{type: boolean}", "\"true\"", "type@", "without quotes", "引用符を付けずに"},
	{"{type: boolean}", "1", "type@", "expected true or false, found the number 1", NULL},
	{"{}", "True", "", NULL, NULL},
	{"{type: \"null\"}", "~", "", NULL, NULL},
	{"{type: \"null\"}", "Null", "", NULL, NULL},
	{"{type: \"null\"}", "0", "type@", "expected null", NULL},
	{"{type: [string, \"null\"]}", "null", "", NULL, NULL},
	{"{type: [string, \"null\"]}", "x", "", NULL, NULL},
	{"{type: [string, \"null\"]}", "[1]", "type@", "expected a text or null, found a list",
	 "文字列 または null を記載してください（リスト が書かれています）"},
	{"{type: array}", "[]", "", NULL, NULL},
	{"{type: array}", "{}", "type@", "expected a list, found a mapping", NULL},
	{"{type: object}", "{}", "", NULL, NULL},
	{"{type: object}", "x", "type@", "expected a mapping, found the text \"x\"", NULL},
	{"{type: [integer, number]}", "x", "type@", "expected a number, found", NULL},
	/* a date scalar is a string */
	{"{type: string}", "2025-06-30", "", NULL, NULL},
	{"{type: integer}", "2025-06-30", "type@", "found the date 2025-06-30", "日付 2025-06-30"},
	/* a failed type hides the other keywords of the same schema */
	{"{type: string, minLength: 5, pattern: '^a', format: date}", "1", "type@", NULL, NULL},
	/* properties, additionalProperties */
	{"{type: object, additionalProperties: false, properties: {partners: {}, plan: {}}}",
	 "{partners: 1, plan: 2}", "", NULL, NULL},
	{"{type: object, additionalProperties: false, properties: {partners: {}, plan: {}}}",
	 "{partnrs: 1}", "additional@partnrs", "unknown key \"partnrs\" (did you mean \"partners\"?)",
	 "\"partnrs\" は定義されていない項目です（\"partners\" の誤りではありませんか）"},
	{"{type: object, additionalProperties: false, properties: {partners: {}}}",
	 "{zzzzzz: 1}", "additional@zzzzzz", "unknown key \"zzzzzz\"", NULL},
	/* a key written without its suffix: `signed` for `signed_on` */
	{"{type: object, additionalProperties: false, properties: {signed_on: {}, covers_details: {}}}",
	 "{signed: 1}", "additional@signed", "(did you mean \"signed_on\"?)", NULL},
	{"{additionalProperties: {type: string}, properties: {a: {type: integer}}}",
	 "{a: 1, b: x, c: 2}", "type@c", "expected a text", NULL},
	{"{properties: {a: false}}", "{a: 1}", "additional@a", "the key \"a\" is not allowed here",
	 NULL},
	{"{properties: {a: {type: string}}}", "{a: 1}", "type@a", NULL, NULL},
	{"{properties: {a: {type: string}}}", "[1]", "", NULL, NULL},
	/* required: the node is the mapping that lacks the key */
	{OBJ("{m: {required: [id, name]}}"), "{m: {id: 1, name: 2}}", "", NULL, NULL},
	{OBJ("{m: {required: [id, name]}}"), "{m: {name: 2}}", "required@m",
	 "the required key \"id\" is missing", "必須項目 \"id\" が記載されていません"},
	{OBJ("{m: {required: [id, name]}}"), "{m: {}}", "required@m;required@m", NULL, NULL},
	{"{required: [id]}", "[1]", "", NULL, NULL},
	/* required keys that are properties are seen in the one pass over the keys:
	 * still reported in the order `required` lists them, a null one as missing */
	{"{properties: {id: {}, name: {}}, required: [name, id]}", "{}", "required@;required@",
	 "\"name\" is missing", NULL},
	{"{properties: {id: {}, name: {}}, required: [name, id]}", "{id: 1}", "required@",
	 "\"name\" is missing", NULL},
	{"{properties: {id: {type: string}}, required: [id]}", "{id: ~}", "required@",
	 "\"id\" is missing", NULL},
	{"{properties: {id: {type: string}}, required: [id]}", "{id: 1}", "type@id", NULL, NULL},
	/* one required key is not a property: each is looked up */
	{"{properties: {a: {}}, required: [a, b]}", "{a: ~}", "required@;required@",
	 "\"a\" is missing", NULL},
	/* items */
	{"{items: {type: integer}}", "[1, 2]", "", NULL, NULL},
	{"{items: {type: integer}}", "[1, a, 3, b]", "type@[1];type@[3]", NULL, NULL},
	/* enum */
	{"{enum: [application, certified]}", "certified", "", NULL, NULL},
	{"{enum: [application, certified]}", "certifed", "enum@",
	 "\"certifed\" is not one of the allowed values: application, certified (did you mean certified?)",
	 "application、certified のいずれかを記載してください（certified の誤りではありませんか）"},
	{"{enum: [application, certified]}", "zebra", "enum@", NULL, NULL},
	{"{enum: [wage, other, null]}", "~", "", NULL, NULL},
	{"{enum: [wage, other, null]}", "salary", "enum@", "allowed values: wage, other", NULL},
	{"{enum: [1, 2.5]}", "2.50", "", NULL, NULL},
	{"{enum: [1, 2.5]}", "1.0", "", NULL, NULL},
	{"{enum: [1, 2.5]}", "'1'", "enum@", NULL, NULL},
	{"{enum: [true]}", "true", "", NULL, NULL},
	{"{enum: [true]}", "false", "enum@", NULL, NULL},
	{"{enum: [2025-06-30]}", "'2025-06-30'", "", NULL, NULL},
	/* const */
	{"{const: certified}", "certified", "", NULL, NULL},
	{"{const: certified}", "application", "const@", "expected certified, found \"application\"",
	 "certified と記載してください（\"application\" が書かれています）"},
	{"{const: 10}", "10.0", "", NULL, NULL},
	{"{const: 10}", "[10]", "const@", NULL, NULL},
	/* pattern: a search, with ECMA-262's `$` */
	{"{pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$'}", "CT-1.a_b", "", NULL, NULL},
	{"{pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$'}", "'CT 1'", "pattern@",
	 "\"CT 1\" does not match the required pattern ^[A-Za-z0-9][A-Za-z0-9_.-]*$", "所定の形式"},
	{"{pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$'}", "\"CT1\\n\"", "pattern@", NULL, NULL},
	{"{pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$'}", "-CT1", "pattern@", NULL, NULL},
	{"{pattern: 'b'}", "abc", "", NULL, NULL},
	{"{pattern: '^.{3}$'}", "日本語", "", NULL, NULL},
	{"{pattern: '^a'}", "12", "", NULL, NULL},
	/* minimum / maximum, exactly */
	{"{minimum: 0}", "0", "", NULL, NULL},
	{"{minimum: 0}", "-1", "minimum@", "-1 is less than the minimum 0",
	 "-1 は下限の 0 を下回っています"},
	{"{minimum: 0}", "-0.000000000000000000001", "minimum@", NULL, NULL},
	{"{minimum: 0.1}", "0.1", "", NULL, NULL},
	{"{minimum: 0.1}", "0.09999999999999999999", "minimum@", NULL, NULL},
	{"{maximum: 100}", "100", "", NULL, NULL},
	{"{maximum: 100}", "100.0", "", NULL, NULL},
	{"{maximum: 100}", "100.00000000000000000001", "maximum@",
	 "100.00000000000000000001 is more than the maximum 100", "上限の 100 を超えています"},
	{"{minimum: 0, maximum: 100}", "abc", "", NULL, NULL},
	/* minItems counts the items of a list, on both sides of the minimum */
	{"{type: array, minItems: 1}", "[a]", "", NULL, NULL},
	{"{type: array, minItems: 1}", "[]", "minItems@", "the list is empty", "リストが空です"},
	{"{type: array, minItems: 2}", "[a]", "minItems@", "at least 2 items are required (found 1)", NULL},
	/* minLength counts code points */
	{"{minLength: 1}", "a", "", NULL, NULL},
	{"{minLength: 1}", "''", "minLength@", "the text is empty", "空欄にはできません"},
	{"{minLength: 3}", "日本語", "", NULL, NULL},
	{"{minLength: 3}", "日本", "minLength@", "the text has 2 characters, fewer than the minimum of 3",
	 "3 文字以上で記載してください（現在 2 文字）"},
	{"{minLength: 3}", "7", "", NULL, NULL},
	/* format: date */
	{"{type: string, format: date}", "2025-06-30", "", NULL, NULL},
	{"{type: string, format: date}", "2024-02-29", "", NULL, NULL},
	{"{type: string, format: date}", "\"2025-06-30\"", "format@",
	 "dates are written unquoted: 2025-06-30", "日付は引用符で囲まずに 2025-06-30 と記載してください"},
	{"{type: string, format: date}", "2025-02-30", "format@",
	 "2025-02-30 is not a real calendar date", "2025-02-30 は存在しない日付です"},
	{"{type: string, format: date}", "2023-02-29", "format@", "not a real calendar date", NULL},
	{"{type: string, format: date}", "2025/06/30", "format@",
	 "\"2025/06/30\" is not written as YYYY-MM-DD: write 2025-06-30",
	 "2025-06-30 と記載してください"},
	{"{type: string, format: date}", "June 30", "format@",
	 "expected a date YYYY-MM-DD, found the text \"June 30\"",
	 "日付は YYYY-MM-DD の形式で記載してください"},
	{"{type: string, format: date}", "20250630", "type@",
	 "expected a date YYYY-MM-DD, found the number 20250630", NULL},
	{"{type: [string, \"null\"], format: date}", "~", "", NULL, NULL},
	{"{format: date}", "12", "", NULL, NULL},
	/* format: country */
	{"{type: string, format: country}", "JP", "", NULL, NULL},
	{"{type: string, format: country}", "TH", "", NULL, NULL},
	{"{type: string, format: country}", "jp", "format@", "country codes are written in upper case: JP",
	 "国コードは大文字で JP と記載してください"},
	{"{type: string, format: country}", "UK", "format@", "the United Kingdom is GB", "英国は GB"},
	{"{type: string, format: country}", "XX", "format@",
	 "\"XX\" is not an ISO 3166-1 alpha-2 country code", NULL},
	{"{type: string, format: country}", "JPN", "format@", NULL, NULL},
	/* A number or a date as an applicant's keyboard wrote it: the message says
	 * what it means (full-width digits, %, thousands separators, slashes, 年月日). */
	{"{type: integer}", "'\uFF18\uFF15\uFF10'", "type@", "is written with full-width characters: write 850",
	 "850 と半角で記載してください"},
	{"{type: number}", "'85%'", "type@", "\"85%\" has a percent sign: write 85", "% が付いています"},
	{"{type: number}", "'12.5\uFF05'", "type@", "is written with full-width characters: write 12.5", NULL},
	{"{type: integer}", "'1,200'", "type@", "\"1,200\" has separators: write 1200", "区切りのカンマ"},
	{"{type: integer}", "'1,2,3'", "type@", "found the text \"1,2,3\"", NULL},
	{"{type: integer}", "'12 people'", "type@", "found the text", NULL},
	{"{type: string, format: date}", "'2025/6/30'", "format@", "\"2025/6/30\" is not written as YYYY-MM-DD: write 2025-06-30",
	 "2025-06-30 と記載してください"},
	{"{type: string, format: date}", "'2025\u5E744\u67081\u65E5'", "format@", "write 2025-04-01", NULL},
	{"{type: string, format: date}", "'2025/02/30'", "format@", NULL, NULL},
	/* format: filled-text: the template's <...> placeholder is not filled in */
	{"{type: string, format: filled-text}", "'<会社名 / company name>'", "format@",
	 "\"<会社名 / company name>\" is the template's placeholder, not filled in", "雛形の記入欄のまま"},
	{"{type: string, format: filled-text}", "'  <x>\u3000'", "format@", "placeholder", NULL},
	{"{type: string, format: filled-text}", "'<>'", "format@", "placeholder", NULL},
	{"{type: string, format: filled-text}", "'株式会社 <仮称>'", "", NULL, NULL},
	{"{type: string, format: filled-text}", "'<B> Corp.'", "", NULL, NULL},
	{"{type: string, format: filled-text}", "'<'", "", NULL, NULL},
	{"{type: string, format: filled-text}", "'x>'", "", NULL, NULL},
	{"{type: [string, 'null'], format: filled-text}", "null", "", NULL, NULL},
	/* ... and a value of another type names what was expected: a text */
	{"{type: string, format: filled-text}", "5", "type@", "expected a text, found the number 5", "文字列"},
	{"{type: [string, 'null'], format: filled-text}", "[a]", "type@", "expected a text or null", NULL},
	/* format: jp-corporate-number */
	{"{type: string, format: jp-corporate-number}", "\"1180301018771\"", "", NULL, NULL},
	{"{type: string, format: jp-corporate-number}", "'7000012050002'", "", NULL, NULL},
	{"{type: string, format: jp-corporate-number}", "\"1180301018772\"", "format@",
	 "the check digit of \"1180301018772\" does not match the other 12 digits: a digit was "
	 "probably mistyped", "いずれかの桁の写し間違い"},
	{"{type: string, format: jp-corporate-number}", "\"118030101877\"", "format@",
	 "a corporate number has 13 digits, \"118030101877\" has 12", "法人番号は 13 桁です"},
	{"{type: string, format: jp-corporate-number}", "\"1180-3010-18771\"", "format@",
	 "with no spaces, hyphens", "空白やハイフンなどを含めずに"},
	{"{type: string, format: jp-corporate-number}", "1180301018771", "type@",
	 "corporate numbers are written in quotes: \"1180301018771\"",
	 "法人番号は \"1180301018771\" のように引用符で囲んで記載してください"},
	{"{type: [string, \"null\"], format: jp-corporate-number}", "~", "", NULL, NULL},
	/* $ref applies beside the referrer's own keywords */
	{"{$defs: {d: {type: string, format: date}}, properties: {a: {$ref: '#/$defs/d', "
	 "description: A day}}}", "{a: 2025-06-30}", "", NULL, NULL},
	{"{$defs: {d: {type: string, format: date}}, properties: {a: {$ref: '#/$defs/d', "
	 "description: A day}}}", "{a: 7}", "type@a", NULL, NULL},
	{"{$defs: {s: {type: string}}, properties: {a: {$ref: '#/$defs/s', minLength: 3}}}",
	 "{a: ab}", "minLength@a", NULL, NULL},
	/* the same fact found by a $ref and its referrer is reported once */
	{"{$defs: {s: {type: string}}, properties: {a: {$ref: '#/$defs/s', type: string}}}",
	 "{a: 1}", "type@a", NULL, NULL},
	/* if / then / else: the `if` itself never reports */
	{"{if: {required: [stage], properties: {stage: {const: certified}}}, then: {required: [on]}}",
	 "{stage: certified, on: 2024-01-01}", "", NULL, NULL},
	{"{if: {required: [stage], properties: {stage: {const: certified}}}, then: {required: [on]}}",
	 "{stage: certified}", "required@", "\"on\"", NULL},
	{"{if: {required: [stage], properties: {stage: {const: certified}}}, then: {required: [on]}}",
	 "{stage: application}", "", NULL, NULL},
	{"{if: {required: [stage], properties: {stage: {const: certified}}}, then: {required: [on]}}",
	 "{}", "", NULL, NULL},
	{"{if: {type: integer}, then: {minimum: 10}, else: {minLength: 2}}", "12", "", NULL, NULL},
	{"{if: {type: integer}, then: {minimum: 10}, else: {minLength: 2}}", "9", "minimum@", NULL, NULL},
	{"{if: {type: integer}, then: {minimum: 10}, else: {minLength: 2}}", "a", "minLength@", NULL,
	 NULL},
	{"{if: {type: integer}, then: {minimum: 10}}", "a", "", NULL, NULL},
	/* boolean schemas */
	{"true", "{a: 1}", "", NULL, NULL},
	{"{items: false}", "[1]", "type@[0]", "no value is allowed here", NULL},
	/* keywords that only annotate */
	{"{title: T, description: D, examples: [1], default: 2, $id: 'urn:x', "
	 "$schema: 'https://json-schema.org/draft/2020-12/schema'}", "1", "", NULL, NULL},
};

static void test_keywords(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(VCASES) / sizeof(VCASES[0]); i++) {
		const vcase *c = &VCASES[i];
		tl_schema *s = compile(c->schema);
		seen out;
		run(s, c->doc, &out);
		if (strcmp(out.list.data, c->expect) != 0)
			fail_msg("case %zu: schema %s doc %s: expected [%s], got [%s] (%s)", i, c->schema,
			         c->doc, c->expect, out.list.data, out.en);
		if (c->en && !strstr(out.en, c->en))
			fail_msg("case %zu: detail_en [%s] lacks [%s]", i, out.en, c->en);
		if (c->ja && !strstr(out.ja, c->ja))
			fail_msg("case %zu: detail_ja [%s] lacks [%s]", i, out.ja, c->ja);
		seen_free(&out);
		tl_schema_free(s);
	}
}

/* ---- fields of a violation ------------------------------------------------------ */

static void test_violation_fields(void **state)
{
	tl_schema *s = compile(
		"type: object\n"
		"additionalProperties: false\n"
		"required: [plan]\n"
		"properties:\n"
		"  plan:\n"
		"    description: The plan. / 計画\n"
		"    type: object\n"
		"  partners:\n"
		"    description: Partners. / 取引先\n"
		"    type: array\n"
		"  declared_on:\n"
		"    $ref: '#/$defs/date'\n"
		"    description: The date this declaration speaks for. / この申告の基準日\n"
		"$defs:\n"
		"  date: {title: date, type: string, format: date}\n");
	seen out;
	(void)state;

	run(s, "plan: {}\npartnrs: []\n", &out);
	assert_string_equal(out.list.data, "additional@partnrs");
	assert_string_equal(out.key, "partnrs");
	assert_string_equal(out.suggestion, "partners");
	assert_int_equal(out.pos.line, 2);
	assert_int_equal(out.pos.col, 1);
	seen_free(&out);

	/* A missing key: the node is the mapping, the title the missing key's. */
	run(s, "partners: []\n", &out);
	assert_string_equal(out.list.data, "required@");
	assert_string_equal(out.key, "plan");
	assert_string_equal(out.title, "The plan. / 計画");
	seen_free(&out);

	/* The title of the place (the property), not of the definition behind $ref. */
	run(s, "plan: {}\ndeclared_on: 2025-02-30\n", &out);
	assert_string_equal(out.list.data, "format@declared_on");
	assert_string_equal(out.format, "date");
	assert_string_equal(out.title, "The date this declaration speaks for. / この申告の基準日");
	assert_int_equal(out.pos.line, 2);
	assert_int_equal(out.pos.col, 14);
	seen_free(&out);
	tl_schema_free(s);
}

/* ---- order: document order, whatever the order of the schema ---------------------- */

static void test_document_order(void **state)
{
	tl_schema *s = compile(
		"type: object\n"
		"additionalProperties: false\n"
		"required: [z_required]\n"
		"properties:\n"
		"  z_required: {}\n"
		"  list:\n"
		"    items:\n"
		"      type: object\n"
		"      additionalProperties: false\n"
		"      required: [id]\n"
		"      properties:\n"
		"        id: {type: string}\n"
		"        n: {type: integer, minimum: 0}\n"
		"      if: {required: [n]}\n"
		"      then: {properties: {n: {maximum: 5}}}\n"
		"  a: {type: string}\n");
	seen out;
	(void)state;

	run(s,
	    "a: 1\n"
	    "list:\n"
	    "  - {id: x, n: -1}\n"
	    "  - {n: 9, idd: y}\n"
	    "  - {id: 3}\n"
	    "b: 2\n",
	    &out);
	assert_string_equal(out.list.data,
	                    "required@;type@a;minimum@list[0].n;required@list[1];maximum@list[1].n;"
	                    "additional@list[1].idd;type@list[2].id;additional@b");
	seen_free(&out);
	tl_schema_free(s);
}

/* An alias copies its anchored subtree; the copy is checked where it is used. */
static void test_aliases(void **state)
{
	tl_schema *s = compile("{properties: {a: {type: string}, b: {type: integer}}}");
	seen out;
	(void)state;

	run(s, "a: &x 5\nb: *x\n", &out);
	assert_string_equal(out.list.data, "type@a");
	seen_free(&out);
	tl_schema_free(s);
}

/* ---- compile errors, with their positions --------------------------------------- */

typedef struct ccase {
	const char *schema;
	int nerr;
	uint32_t line, col;   /* of the first error */
	const char *msg;      /* a substring of its English message */
	const char *msg_ja;   /* a substring of its Japanese message, or NULL */
} ccase;

static const ccase CCASES[] = {
	{"type: object\nmaxItems: 1\n", 1, 2, 1, "unknown schema keyword \"maxItems\"",
	 "\"maxItems\" は使用できません"},
	{"minItems: -1\n", 1, 1, 11, "0 or more", NULL},
	{"type: object\nproperties:\n  a:\n    tyep: string\n", 1, 4, 5,
	 "unknown schema keyword \"tyep\" (did you mean \"type\"?)", "\"type\" の誤りではありませんか"},
	{"format: email\n", 1, 1, 9, "unknown format \"email\"", "フォーマット \"email\""},
	{"$ref: '#/definitions/x'\n", 1, 1, 7, "only references of the form \"#/$defs/NAME\"", NULL},
	{"$ref: 'other.json#/$defs/x'\n", 1, 1, 7, "unsupported $ref", NULL},
	{"properties:\n  a:\n    $ref: '#/$defs/missing'\n", 1, 3, 11,
	 "\"missing\", which is not defined", "定義されていません"},
	{"$defs:\n  a: {$ref: '#/$defs/b'}\n  b: {if: true, then: {$ref: '#/$defs/a'}}\n"
	 "$ref: '#/$defs/a'\n", 1, 2, 13, "leads back to itself", "循環参照"},
	{"$defs:\n  a: {items: {$ref: '#/$defs/a'}}\n$ref: '#/$defs/a'\n", 0, 0, 0, NULL, NULL},
	{"pattern: '[a-'\n", 1, 1, 10, "invalid pattern", "正規表現が正しくありません"},
	{"type: strng\n", 1, 1, 7, "null, boolean, integer, number, string, array or object", NULL},
	{"type: [string, string]\n", 1, 1, 16, "lists a type twice", NULL},
	{"type: []\n", 1, 1, 7, "non-empty list", NULL},
	{"minimum: abc\n", 1, 1, 10, "\"minimum\" must be a number", "\"minimum\" の値には数値を指定してください"},
	{"maximum: '5'\n", 1, 1, 10, "\"maximum\" must be a number", NULL},
	{"minLength: -1\n", 1, 1, 12, "0 or more", NULL},
	{"minLength: 1.5\n", 1, 1, 12, "0 or more", NULL},
	{"then: {required: [a]}\n", 1, 1, 1, "\"then\" has no effect without \"if\"", NULL},
	{"else: {}\n", 1, 1, 1, "\"else\" has no effect", NULL},
	{"$schema: http://json-schema.org/draft-07/schema#\n", 1, 1, 10, "draft 2020-12", NULL},
	{"properties:\n  a: 3\n", 1, 2, 6, "a schema must be a mapping, true or false",
	 "スキーマにはマッピング"},
	{"required: a\n", 1, 1, 11, "a list of key names", NULL},
	{"required: [a, a]\n", 1, 1, 15, "lists a key twice", NULL},
	{"enum: []\n", 1, 1, 7, "non-empty list", NULL},
	{"enum: [{a: 1}]\n", 1, 1, 8, "a scalar", NULL},
	{"const: [1]\n", 1, 1, 8, "a scalar", NULL},
	{"items: [{type: string}]\n", 1, 1, 8, "no list form", NULL},
	{"title: 3\n", 1, 1, 8, "\"title\" must be text", NULL},
	{"examples: 3\n", 1, 1, 11, "a list of example values", NULL},
	{"properties: [a]\n", 1, 1, 13, "a mapping of names to schemas", NULL},
	{"- 1\n", 1, 1, 1, "a schema must be a mapping", NULL},
	/* every problem is reported, in the order of the file */
	{"tyep: string\nformat: email\nminLength: x\n", 3, 1, 1, "\"tyep\"", NULL},
};

static void test_compile_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(CCASES) / sizeof(CCASES[0]); i++) {
		const ccase *c = &CCASES[i];
		tl_doc *doc = load(c->schema);
		tl_schema *s = NULL;
		errs es = {0};
		int rc = tl_schema_compile(&s, tl_doc_root(doc), "t.yaml", on_error, &es);
		if (es.n != c->nerr)
			fail_msg("case %zu: %s: expected %d errors, got %d:\n%s", i, c->schema, c->nerr,
			         es.n, es.all.data ? es.all.data : "");
		if (c->nerr == 0) {
			assert_int_equal(rc, 0);
			assert_non_null(s);
		} else {
			assert_int_equal(rc, TL_EINVALID);
			assert_null(s);
			assert_int_equal(es.first.code, TL_EINVALID);
			if (es.first.pos.line != c->line || es.first.pos.col != c->col)
				fail_msg("case %zu: expected %u:%u, got %s", i, c->line, c->col, es.all.data);
			if (!strstr(es.first.msg, c->msg))
				fail_msg("case %zu: message [%s] lacks [%s]", i, es.first.msg, c->msg);
			if (c->msg_ja && !strstr(es.first.msg_ja, c->msg_ja))
				fail_msg("case %zu: message [%s] lacks [%s]", i, es.first.msg_ja, c->msg_ja);
		}
		tl_schema_free(s);
		tl_buf_free(&es.all);
		tl_doc_free(doc);
	}
}

/* ---- built-in formats -------------------------------------------------------------- */

static void test_corporate_numbers(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{"1180301018771", true},   /* the examples of declaration.md */
		{"7000012050002", true},
		{"1180301018772", false},
		{"2180301018771", false},  /* each side of the check digit */
		{"0180301018771", false},
		{"9000000000000", true},   /* a zero base: the check digit is 9 */
		{"0000000000000", false},  /* the check digit is never 0 */
		{"8000000000001", true},   /* P_1 = 1, Q_1 = 1: 9 - 1 */
		{"7000000000010", true},   /* P_2 = 1, Q_2 = 2: 9 - 2 */
		{"9000000000009", true},   /* 9 mod 9 = 0: 9 - 0 */
		{"118030101877", false},   /* 12 digits */
		{"11803010187711", false}, /* 14 digits */
		{"118030101877a", false},
		{"", false},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (tl_format_jp_corporate_number(cases[i].s, strlen(cases[i].s)) != cases[i].ok)
			fail_msg("%s: expected %s", cases[i].s, cases[i].ok ? "valid" : "invalid");
	/* Exactly one check digit fits each base. */
	for (int d = 0; d <= 9; d++) {
		char n[14] = "0180301018771";
		n[0] = (char)('0' + d);
		assert_int_equal(tl_format_jp_corporate_number(n, 13), d == 1);
	}
	assert_int_equal(tl_corpnum_check_digit("1180301018772", 13), 9);
	assert_int_equal(tl_corpnum_check_digit("1180301018771", 13), 1);
	assert_int_equal(tl_corpnum_check_digit("11803010187x2", 13), -1);
}

static void test_countries(void **state)
{
	static const char *const valid[] = {"AD", "AX", "BQ", "CW", "GB", "JP", "NL", "SS", "SX",
	                                    "TH", "TW", "US", "ZW"};
	static const char *const invalid[] = {"UK", "EU", "XK", "AA", "ZZ", "jp", "Jp", "J", "JPN",
	                                      "", "AN", "YU", "CS"};
	size_t count = 0;
	char prev[3] = "";
	(void)state;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!tl_format_country(valid[i], strlen(valid[i])))
			fail_msg("%s should be a country", valid[i]);
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (tl_format_country(invalid[i], strlen(invalid[i])))
			fail_msg("%s should not be a country", invalid[i]);
	/* The table holds the 249 assigned codes (the search would miss any out of order). */
	for (char a = 'A'; a <= 'Z'; a++) {
		for (char b = 'A'; b <= 'Z'; b++) {
			char cc[3] = {a, b, 0};
			if (tl_format_country(cc, 2)) {
				count++;
				assert_true(strcmp(prev, cc) < 0);
				memcpy(prev, cc, 3);
			}
		}
	}
	assert_int_equal(count, 249);
}

static void test_distance(void **state)
{
	static const struct {
		const char *a, *b;
		size_t d;
	} cases[] = {
		{"partnrs", "partners", 1},
		{"plna", "plan", 1},          /* a transposition is one edit */
		{"declared_no", "declared_on", 1},
		{"", "abc", 3},
		{"abc", "abc", 0},
		{"申告日", "申請日", 1},        /* code points, not bytes */
		{"kitten", "sitting", 3},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(tl_schema_distance(cases[i].a, strlen(cases[i].a), cases[i].b,
		                                    strlen(cases[i].b)), cases[i].d);
}

static void test_suggestions(void **state)
{
	static const struct {
		const char *key, *suggestion;
	} cases[] = {
		{"partnrs", "partners"},
		{"PARTNERS", "partners"},             /* case only: 8 edits, but the same word */
		{"core_technology", "core_technologies"},
		{"leakage_incident", "leakage_incidents"},
		{"plna", "plan"},
		{"pla", "plan"},
		{"xyz", ""},                          /* 3 edits > max(2, 3/3) */
		{"employes", "employees"},
		{"accesscontrol", "access_control"},
		{"unrelated_key_name", ""},
		{"incidents", "leakage_incidents"},   /* the name without its prefix */
		{"control", "access_control"},
		{"technologies", "core_technologies"},
		{"ncidents", ""},                     /* a suffix only at a word's start */
	};
	tl_schema *s = compile(
		"{additionalProperties: false, properties: {plan: {}, partners: {}, employees: {}, "
		"core_technologies: {}, leakage_incidents: {}, access_control: {}}}");
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char yaml[128];
		seen out;
		snprintf(yaml, sizeof(yaml), "{%s: 1}", cases[i].key);
		run(s, yaml, &out);
		assert_int_equal(out.n, 1);
		if (strcmp(out.suggestion, cases[i].suggestion) != 0)
			fail_msg("%s: expected [%s], got [%s]", cases[i].key, cases[i].suggestion,
			         out.suggestion);
		seen_free(&out);
	}
	tl_schema_free(s);
}

/* Every unknown key is given the nearest allowed key, however far: the
 * suggestion above says which ones are likely misspellings of it. */
static void test_nearest_key(void **state)
{
	static const struct {
		const char *schema, *key, *nearest, *suggestion;
	} cases[] = {
		/* plan is 4 edits away, every other key more: named, but no "did you mean" */
		{"{additionalProperties: false, properties: {plan: {}, partners: {}, employees: {}}}",
		 "xyz", "plan", ""},
		/* a close key is both */
		{"{additionalProperties: false, properties: {plan: {}, partners: {}}}", "partnrs",
		 "partners", "partners"},
		/* among keys as far as each other, the first in the schema's order */
		{"{additionalProperties: false, properties: {bbbbbb: {}, aaaaaa: {}}}", "zzzzzz",
		 "bbbbbb", ""},
		{"{additionalProperties: false, properties: {aaaaaa: {}, bbbbbb: {}}}", "zzzzzz",
		 "aaaaaa", ""},
		/* a mapping that allows no named key has no nearest one */
		{"{additionalProperties: false}", "xyz", "", ""},
		/* a key too long to compare (over 64 characters) has none either */
		{"{additionalProperties: false, properties: {plan: {}}}",
		 "k123456789012345678901234567890123456789012345678901234567890123456789", "", ""},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tl_schema *s = compile(cases[i].schema);
		char yaml[256];
		seen out;
		snprintf(yaml, sizeof(yaml), "{%s: 1}", cases[i].key);
		run(s, yaml, &out);
		assert_int_equal(out.n, 1);
		if (strcmp(out.nearest, cases[i].nearest) != 0 ||
		    strcmp(out.suggestion, cases[i].suggestion) != 0)
			fail_msg("%s: expected nearest [%s] suggestion [%s], got [%s] [%s]", cases[i].key,
			         cases[i].nearest, cases[i].suggestion, out.nearest, out.suggestion);
		seen_free(&out);
		tl_schema_free(s);
	}
}

/* A missing object stands for its required keys one level down only: a
 * schema whose objects require each other reports as much as it is long. */
static void test_missing_object_one_level(void **state)
{
	tl_schema *s = compile("{$defs: {n: {type: object, required: [x, y], properties: "
	                       "{x: {$ref: '#/$defs/n'}, y: {$ref: '#/$defs/n'}}}}, "
	                       "type: object, required: [a], properties: {a: {$ref: '#/$defs/n'}}}");
	seen out;
	(void)state;
	run(s, "{}", &out);
	assert_string_equal(out.keys.data, "a.x;a.y");
	seen_free(&out);
	tl_schema_free(s);
}

/* A pattern that backtracks catastrophically stops at the match limit and is
 * reported, instead of running for minutes. */
static void test_pattern_limits(void **state)
{
	tl_schema *s = compile("{pattern: '^(a+)+$'}");
	tl_buf doc = TL_BUF_INIT;
	seen out;
	(void)state;

	for (int i = 0; i < 40; i++)
		tl_buf_putc(&doc, 'a');
	tl_buf_putc(&doc, 'b');
	run(s, doc.data, &out);
	assert_string_equal(out.list.data, "pattern@");
	assert_non_null(strstr(out.en, "could not be checked"));
	seen_free(&out);
	tl_buf_free(&doc);
	tl_schema_free(s);
}

/* ---- the real schema and the fixtures ------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	tl_buf b = TL_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tl_buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return tl_buf_detach(&b);
}

static tl_schema *real_schema(void)
{
	size_t len;
	char *text = slurp(TLCHECK_SOURCE_DIR "/rules/declaration.schema.yaml", &len);
	tl_doc *doc;
	tl_schema *s = NULL;
	errs es = {0};

	assert_non_null(text);
	doc = load(text);
	if (tl_schema_compile(&s, tl_doc_root(doc), "declaration.schema.yaml", on_error, &es) != 0)
		fail_msg("rules/declaration.schema.yaml does not compile:\n%s", es.all.data);
	tl_buf_free(&es.all);
	tl_doc_free(doc);
	free(text);
	return s;
}

static void on_retype(void *ud, const tl_node *n, tl_retype as)
{
	char path[256];
	tl_buf *b = ud;
	tl_node_path(n, path, sizeof(path));
	tl_buf_printf(b, "%s%s%s", b->len ? ";" : "", as == TL_RETYPE_INT ? "int:" : "", path);
}

/* The scalars written as dates where the schema asks for text, and the whole
 * numbers written as decimals where it asks for a whole number, and those
 * alone: not a date field, not a quoted text, not a decimal field, not a
 * field the schema does not know. */
static void test_text_written_as_date(void **state)
{
	tl_schema *s = real_schema();
	tl_doc *doc = load("format: tlcheck-declaration/1\n"
	                   "declared_on: 2025-06-30\n"
	                   "plan: {id: 2024-01-01, material: semiconductors, stage: application}\n"
	                   "access_control:\n"
	                   "  business_employees: 1e3\n"
	                   "  authorized_employees: 12\n"
	                   "  organization: {officer: 2024-01-01, department: \"2024-01-02\"}\n"
	                   "  regulations: [{title: 2024-02-29, established_on: 2024-04-01}]\n"
	                   "  register_reviewed_on: 2025-01-01\n"
	                   "core_technologies: [{id: 2024-03-01, name: 2024-03-02, public: false}]\n"
	                   "planned_acts:\n"
	                   "  - {id: A1, actor: applicant, kind: provision, technologies: [2024-03-01],\n"
	                   "     planned_on: 2026-04-01, dependency_assessment: 2025-10-01,\n"
	                   "     production: {capacity_before: 10.0, capacity_after: 12,\n"
	                   "                  local_consumption_percent: 50.0}}\n"
	                   "partners: [{name: P, holds_core_technology: true, review: {interval_months: 12.0}}]\n"
	                   "leakage_incidents: [{on: 2025-01-10, description: 2025-01-01}]\n"
	                   "unknown_key: 2024-01-01\n");
	tl_buf b = TL_BUF_INIT;
	(void)state;
	assert_int_equal(tl_schema_validate(s, tl_doc_root(doc), NULL, NULL, on_retype, &b), 0);
	tl_buf_putc(&b, '\0');
	assert_string_equal(b.data, "plan.id;int:access_control.business_employees;"
	                            "access_control.organization.officer;"
	                            "access_control.regulations[0].title;core_technologies[0].id;"
	                            "core_technologies[0].name;planned_acts[0].technologies[0];"
	                            "planned_acts[0].dependency_assessment;"
	                            "int:partners[0].review.interval_months;"
	                            "leakage_incidents[0].description");
	tl_buf_free(&b);
	tl_doc_free(doc);
	tl_schema_free(s);
}

/* A schema applied only to decide an `if` takes nothing as text or as an
 * int: the property it types as a string is a date for the schema that
 * applies, and a count it types as an integer is a decimal field. */
static void test_retype_not_from_if(void **state)
{
	(void)state;
	tl_schema *s = compile("type: object\n"
	                       "properties:\n"
	                       "  kind: {type: string}\n"
	                       "  on: {type: string, format: date}\n"
	                       "  amount: {type: number}\n"
	                       "if: {properties: {on: {type: string}, amount: {type: integer}}}\n"
	                       "then: {required: [kind]}\n");
	tl_doc *doc = load("kind: 2024-01-01\non: 2024-01-02\namount: 12.0\n");
	tl_buf b = TL_BUF_INIT;
	assert_int_equal(tl_schema_validate(s, tl_doc_root(doc), NULL, NULL, on_retype, &b), 0);
	tl_buf_putc(&b, '\0');
	assert_string_equal(b.data, "kind");
	tl_buf_free(&b);
	tl_doc_free(doc);
	tl_schema_free(s);
}

static void test_real_schema(void **state)
{
	tl_schema *s = real_schema();
	seen out;
	(void)state;

	run(s,
	    "format: tlcheck-declaration/1\n"
	    "declared_on: 2025-06-30\n"
	    "plan: {id: P-1, material: semiconductors, stage: certified}\n"
	    "applicant: {name: 株式会社サンプル, corporate_number: 1180301018771}\n"
	    "partnrs: []\n"
	    "planned_acts:\n"
	    "  - {id: ACT1, actor: group_company, kind: provision, technologies: [CT1],\n"
	    "     planned_on: 2026-04-01}\n"
	    "  - {id: ACT2, actor: applicant, kind: provision, technologies: [CT1],\n"
	    "     planned_on: 2026-04-01, actor_name: null}\n",
	    &out);
	assert_string_equal(out.list.data,
	                    "required@plan;type@applicant.corporate_number;additional@partnrs;"
	                    "required@planned_acts[0]");
	assert_string_equal(out.key, "certified_on");
	/* The description of the missing key, from the `then` that requires it. */
	assert_non_null(strstr(out.title, "The date the plan was certified"));
	seen_free(&out);

	/* A missing section is its missing fields (rules.md: one DECL-002 per
	 * missing field); absent, they are missing from the root; written as
	 * null, from the null. */
	run(s, "format: tlcheck-declaration/1\n", &out);
	assert_string_equal(out.list.data,
	                    "required@;required@;required@;required@;required@;required@");
	assert_string_equal(out.keys.data, "declared_on;plan.id;plan.material;plan.stage;"
	                                   "applicant.name;applicant.corporate_number");
	seen_free(&out);
	run(s, "declared_on: 2025-06-30\nplan: ~\napplicant: {name: A, corporate_number: \"1180301018771\"}\n",
	    &out);
	assert_string_equal(out.list.data, "required@plan;required@plan;required@plan");
	assert_string_equal(out.keys.data, "id;material;stage");
	assert_string_equal(out.title, "The plan's identifier, such as SEMI-2024-012. / "
	                               "計画の識別子（例: SEMI-2024-012）");
	seen_free(&out);
	tl_schema_free(s);
}

/* The first line of a schema-invalid fixture names the keyword it breaks:
 * `# schema-error: KEYWORD` (JSON Schema's name, as python-jsonschema reports it). */
static const char *expected_keyword(const char *text)
{
	static const struct {
		const char *json, *ours;
	} map[] = {
		{"additionalProperties", "additional"}, {"required", "required"}, {"type", "type"},
		{"enum", "enum"}, {"const", "const"}, {"pattern", "pattern"}, {"minimum", "minimum"},
		{"maximum", "maximum"}, {"minLength", "minLength"}, {"format", "format"},
	};
	const char *p = strstr(text, "# schema-error: ");
	if (!p)
		return NULL;
	p += strlen("# schema-error: ");
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(p, map[i].json, strlen(map[i].json)) == 0 &&
		    (p[strlen(map[i].json)] == '\n' || p[strlen(map[i].json)] == ' '))
			return map[i].ours;
	return NULL;
}

static int check_dir(const tl_schema *s, const char *dir, bool valid)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	if (!d)
		fail_msg("cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);
		char path[1024];
		size_t len;
		if (nl < 6 || strcmp(e->d_name + nl - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		char *text = slurp(path, &len);
		assert_non_null(text);
		seen out;
		run(s, text, &out);
		if (valid && out.n != 0)
			fail_msg("%s: expected no violation, got %s (%s)", path, out.list.data, out.en);
		if (!valid) {
			const char *kw = expected_keyword(text);
			char want[64];
			if (!kw)
				fail_msg("%s: no '# schema-error: KEYWORD' line", path);
			snprintf(want, sizeof(want), "%s@", kw);
			if (out.n == 0 || !strstr(out.list.data, want))
				fail_msg("%s: expected a %s violation, got [%s]", path, kw, out.list.data);
		}
		seen_free(&out);
		free(text);
		files++;
	}
	closedir(d);
	return files;
}

static void test_fixtures(void **state)
{
	tl_schema *s = real_schema();
	(void)state;
	assert_true(check_dir(s, TLCHECK_SOURCE_DIR "/fixtures/valid", true) >= 1);
	assert_true(check_dir(s, TLCHECK_SOURCE_DIR "/fixtures/schema-invalid", false) >= 5);
	tl_schema_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_violation_fields),
		cmocka_unit_test(test_document_order),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_corporate_numbers),
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_nearest_key),
		cmocka_unit_test(test_missing_object_one_level),
		cmocka_unit_test(test_pattern_limits),
		cmocka_unit_test(test_real_schema),
		cmocka_unit_test(test_text_written_as_date),
		cmocka_unit_test(test_retype_not_from_if),
		cmocka_unit_test(test_fixtures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
