/* messages.c - the wording of schema violations, in English and in the register of Japanese ministry guidance. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"
#include "../value/date.h"
#include "internal.h"

/* Longest value shown in a message, in code points. */
#define SHOW_MAX 60

static size_t cut_len(const char *s, size_t len, bool *cut)
{
	size_t i = 0, n = 0;
	while (i < len && n < SHOW_MAX) {
		size_t k = tl_utf8_valid_prefix(s + i, len - i);
		i += k ? k : 1;
		n++;
	}
	*cut = i < len;
	return i;
}

void tl_sm_quote(tl_buf *b, const char *s, size_t len)
{
	bool cut;
	size_t n = cut_len(s, len, &cut);
	tl_buf_json_str(b, s, n);
	if (cut && !b->oom && b->len > 0) {
		b->len--;  /* reopen the closing quote */
		tl_buf_puts(b, "...\"");
	}
}

/* A value the reader wrote, shown as written when that is unambiguous
 * (yes, 2025-02-30), quoted otherwise. */
static void shown(tl_buf *b, const char *s, size_t len)
{
	bool plain = len > 0 && s[0] != ' ' && s[len - 1] != ' ';
	for (size_t i = 0; plain && i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '"')
			plain = false;
	if (plain && tl_schema_cplen(s, len) <= SHOW_MAX)
		tl_buf_put(b, s, len);
	else
		tl_sm_quote(b, s, len);
}

void tl_sm_value(tl_buf *b, const tl_sch_value *v)
{
	switch (v->kind) {
	case TL_CV_NULL: tl_buf_puts(b, "null"); break;
	case TL_CV_BOOL: tl_buf_puts(b, v->b ? "true" : "false"); break;
	case TL_CV_NUM: shown(b, v->text, v->len); break;
	case TL_CV_STR: shown(b, v->text, v->len); break;
	}
}

static bool is_string(const tl_inst *in)
{
	return in->scalar && (in->sc.type == TL_SCALAR_STRING || in->sc.type == TL_SCALAR_DATE);
}

static const char *text_of(const tl_inst *in, size_t *len)
{
	*len = in->n->u.scalar.len;
	return in->n->u.scalar.text;
}

/* What the document holds, for "found ..." */
static void describe(tl_buf *en, tl_buf *ja, const tl_inst *in)
{
	size_t len;
	const char *t;

	if (!in->scalar) {
		bool map = in->n->kind == TL_NODE_MAPPING;
		tl_buf_puts(en, map ? "a mapping" : "a list");
		tl_buf_puts(ja, map ? "マッピング" : "リスト");
		return;
	}
	t = text_of(in, &len);
	switch (in->sc.type) {
	case TL_SCALAR_NULL:
		tl_buf_puts(en, "no value (null)");
		tl_buf_puts(ja, "値なし (null)");
		return;
	case TL_SCALAR_BOOL:
		tl_buf_puts(en, "the boolean ");
		tl_buf_puts(ja, "真偽値 ");
		break;
	case TL_SCALAR_INT:
	case TL_SCALAR_DECIMAL:
		tl_buf_puts(en, "the number ");
		tl_buf_puts(ja, "数値 ");
		break;
	case TL_SCALAR_DATE:
		tl_buf_puts(en, "the date ");
		tl_buf_puts(ja, "日付 ");
		break;
	case TL_SCALAR_STRING:
		tl_buf_puts(en, "the text ");
		tl_buf_puts(ja, "文字列 ");
		tl_sm_quote(en, t, len);
		tl_sm_quote(ja, t, len);
		return;
	}
	shown(en, t, len);
	shown(ja, t, len);
}

static void expected_part(tl_buf *en, tl_buf *ja, unsigned bit, tl_sch_format f, int *nth)
{
	/* By tl_sch_format: one entry each, checked at compile time. */
	static const char *const fmt_en[] = {
		"a text", "a date YYYY-MM-DD",
		"a country code (ISO 3166-1 alpha-2, such as JP)",
		"a corporate number (13 digits, in quotes)",
		"a text"
	};
	static const char *const fmt_ja[] = {
		"文字列", "日付 (YYYY-MM-DD)",
		"国コード（ISO 3166-1 alpha-2、例: JP）",
		"法人番号（13 桁の数字を引用符で囲んだもの）",
		"文字列"
	};
	_Static_assert(sizeof(fmt_en) / sizeof(fmt_en[0]) == TL_FMT_COUNT, "one name per format");
	_Static_assert(sizeof(fmt_ja) / sizeof(fmt_ja[0]) == TL_FMT_COUNT, "one name per format");
	const char *e = NULL, *j = NULL;

	switch (bit) {
	case TL_JT_BOOLEAN: e = "true or false"; j = "true または false"; break;
	case TL_JT_INTEGER: e = "a whole number"; j = "整数"; break;
	case TL_JT_NUMBER: e = "a number"; j = "数値"; break;
	case TL_JT_STRING: e = fmt_en[f]; j = fmt_ja[f]; break;
	case TL_JT_ARRAY: e = "a list"; j = "リスト"; break;
	case TL_JT_OBJECT: e = "a mapping"; j = "マッピング"; break;
	case TL_JT_NULL: e = "null"; j = "null"; break;
	default: return;
	}
	if ((*nth)++ > 0) {
		tl_buf_puts(en, " or ");
		tl_buf_puts(ja, " または ");
	}
	tl_buf_puts(en, e);
	tl_buf_puts(ja, j);
}

static void expected(tl_buf *en, tl_buf *ja, unsigned types, tl_sch_format f)
{
	static const unsigned order[] = {
		TL_JT_BOOLEAN, TL_JT_INTEGER, TL_JT_NUMBER, TL_JT_STRING,
		TL_JT_ARRAY, TL_JT_OBJECT, TL_JT_NULL
	};
	int nth = 0;

	/* Every integer is a number: "a number" says it all. */
	if (types & TL_JT_NUMBER)
		types &= ~(unsigned)TL_JT_INTEGER;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (types & order[i])
			expected_part(en, ja, order[i], f, &nth);
}

/* How an applicant often writes a number or a date that the format does not
 * take: full-width digits (an IME's ８５０), a percent sign (85%), thousands
 * separators (1,200), slashes or 年月日 in a date (2025/6/30, 2025年6月30日).
 * Writes into out (NUL-terminated, cap bytes) the ASCII form those become:
 * digits, '.', '-', and for a date YYYY-MM-DD. Returns false when the text
 * holds anything else. */
enum { NORM_WIDE = 1, NORM_PERCENT = 2, NORM_SEPARATOR = 4, NORM_DATE = 8 };

static bool normalized(const char *t, size_t len, bool date, char *out, size_t cap, unsigned *how)
{
	size_t n = 0;
	unsigned parts[3] = {0, 0, 0}, np = 0, digits = 0;
	*how = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)t[i];
		char a = 0;
		size_t step = 1;
		if (c >= '0' && c <= '9') {
			a = (char)c;
		} else if (len - i >= 3 && c == 0xEF && (unsigned char)t[i + 1] == 0xBC &&
		           (unsigned char)t[i + 2] >= 0x90 && (unsigned char)t[i + 2] <= 0x99) {
			a = (char)('0' + ((unsigned char)t[i + 2] - 0x90)); /* U+FF10..FF19 */
			step = 3;
			*how |= NORM_WIDE;
		} else if (!date && c == '.') {
			a = '.';
		} else if (!date && c == '%' && i + 1 == len) {
			*how |= NORM_PERCENT;
			i++;
			continue;
		} else if (!date && len - i == 3 && memcmp(t + i, "\xEF\xBC\x85", 3) == 0) { /* ％ */
			*how |= NORM_PERCENT | NORM_WIDE;
			break;
		} else if (!date && c == ',' && n > 0 && len - i >= 4 && t[i + 1] >= '0' && t[i + 1] <= '9' &&
		           t[i + 2] >= '0' && t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9' &&
		           (len - i == 4 || t[i + 4] == ',' || t[i + 4] == '.' || t[i + 4] == '%')) {
			/* A thousands separator: three digits follow it. */
			*how |= NORM_SEPARATOR;
			i++;
			continue;
		} else if (date && (c == '/' || c == '-' || (len - i >= 3 && (memcmp(t + i, "年", 3) == 0 ||
		                                                              memcmp(t + i, "月", 3) == 0)))) {
			step = c == '/' || c == '-' ? 1 : 3;
			if (np < 2)
				np++;
			else
				return false;
			if (c != '-')
				*how |= NORM_DATE;
			i += step;
			continue;
		} else if (date && len - i == 3 && memcmp(t + i, "日", 3) == 0) {
			*how |= NORM_DATE;
			break;
		} else {
			return false;
		}
		if (date) {
			if (a < '0' || a > '9' || parts[np] > 9999)
				return false;
			parts[np] = parts[np] * 10 + (unsigned)(a - '0');
			digits++;
		} else {
			if (n + 1 >= cap)
				return false;
			out[n++] = a;
		}
		i += step;
	}
	if (date) {
		if (np != 2 || digits < 6 || parts[0] < 1 || parts[0] > 9999 || parts[1] > 99 || parts[2] > 99)
			return false;
		snprintf(out, cap, "%04u-%02u-%02u", parts[0], parts[1], parts[2]);
		return *how != 0;
	}
	out[n] = '\0';
	return n > 0 && *how != 0;
}

/* "\"８５０\" is written with full-width digits: write 850" and the like, or
 * false when the text is not one of those slips. */
static bool number_hint(tl_buf *en, tl_buf *ja, const tl_inst *in, bool date)
{
	size_t len;
	const char *t = text_of(in, &len);
	char fixed[64];
	unsigned how;
	tl_decimal d;
	tl_date dt;
	if (!normalized(t, len, date, fixed, sizeof(fixed), &how))
		return false;
	if (date ? tl_date_parse(&dt, fixed, strlen(fixed)) != TL_DATE_OK
	         : tl_decimal_parse(&d, fixed, strlen(fixed)) != TL_DEC_OK)
		return false;
	tl_sm_quote(en, t, len);
	tl_sm_quote(ja, t, len);
	tl_buf_puts(en, how & NORM_DATE ? " is not written as YYYY-MM-DD"
	                : how & NORM_WIDE ? " is written with full-width characters"
	                : how & NORM_PERCENT ? " has a percent sign" : " has separators");
	tl_buf_puts(ja, how & NORM_DATE ? " は YYYY-MM-DD の形式ではありません"
	                : how & NORM_WIDE ? " は全角で書かれています"
	                : how & NORM_PERCENT ? " には % が付いています" : " には区切りのカンマが入っています");
	tl_buf_printf(en, ": write %s", fixed);
	tl_buf_printf(ja, date ? "。%s と記載してください" : "。%s と半角で記載してください", fixed);
	return true;
}

static void generic_type(tl_buf *en, tl_buf *ja, unsigned types, tl_sch_format f,
                         const tl_inst *in)
{
	tl_buf_puts(en, "expected ");
	expected(en, ja, types, f);
	tl_buf_puts(en, ", found ");
	tl_buf_puts(ja, " を記載してください（");
	describe(en, ja, in);
	tl_buf_puts(ja, " が書かれています）");
}

void tl_sm_type(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in)
{
	size_t len;
	const char *t;
	bool wants_bool = (s->types & TL_JT_BOOLEAN) != 0;

	if (in->bad_bool && wants_bool) {
		t = text_of(in, &len);
		shown(en, t, len);
		tl_buf_puts(en, " is not accepted as a boolean: write true or false");
		shown(ja, t, len);
		tl_buf_puts(ja, " は真偽値として使用できません。true または false と記載してください");
		return;
	}
	if (wants_bool && !(s->types & TL_JT_STRING) && is_string(in)) {
		t = text_of(in, &len);
		if (in->n->u.scalar.style != TL_STYLE_PLAIN &&
		    ((len == 4 && memcmp(t, "true", 4) == 0) || (len == 5 && memcmp(t, "false", 5) == 0))) {
			tl_sm_quote(en, t, len);
			tl_buf_puts(en, " is a quoted text, not a boolean: write true or false without quotes");
			tl_sm_quote(ja, t, len);
			tl_buf_puts(ja, " は引用符で囲まれた文字列で、真偽値ではありません。引用符を付けずに true または false と記載してください");
			return;
		}
		shown(en, t, len);
		tl_buf_puts(en, " is not a boolean: write true or false");
		shown(ja, t, len);
		tl_buf_puts(ja, " は真偽値ではありません。true または false と記載してください");
		return;
	}
	if (s->format == TL_FMT_CORPNUM && (s->types & TL_JT_STRING) && in->scalar &&
	    (in->sc.type == TL_SCALAR_INT || in->sc.type == TL_SCALAR_DECIMAL)) {
		t = text_of(in, &len);
		tl_buf_puts(en, "corporate numbers are written in quotes: ");
		tl_sm_quote(en, t, len);
		tl_buf_puts(ja, "法人番号は ");
		tl_sm_quote(ja, t, len);
		tl_buf_puts(ja, " のように引用符で囲んで記載してください");
		return;
	}
	const char *tag = in->n->tag;
	if ((s->types & (TL_JT_NUMBER | TL_JT_INTEGER)) && is_string(in) &&
	    in->n->u.scalar.style == TL_STYLE_PLAIN &&
	    (!tag || strcmp(tag, "tag:yaml.org,2002:int") == 0 ||
	     strcmp(tag, "tag:yaml.org,2002:float") == 0)) {
		/* Written as a number, but one no exact decimal of 38 digits holds:
		 * "found the text" would puzzle whoever wrote it. */
		tl_decimal d;
		t = text_of(in, &len);
		if (tl_decimal_parse(&d, t, len) == TL_DEC_OVERFLOW) {
			shown(en, t, len);
			tl_buf_printf(en, " has too many digits, or is too large or too small, to be held "
			                  "exactly: written out, a number has at most %d digits (at most "
			                  "%d of them after the point); write it with fewer digits",
			              TL_DECIMAL_DIGITS, TL_DECIMAL_DIGITS);
			shown(ja, t, len);
			tl_buf_printf(ja, " は桁数が多すぎるか値が大きすぎる・小さすぎるため、正確に扱えません"
			                  " (数値は書き表して %d 桁まで、うち小数点以下も %d 桁まで)。"
			                  "桁数を減らして記載してください",
			              TL_DECIMAL_DIGITS, TL_DECIMAL_DIGITS);
			return;
		}
	}
	/* A number written as an applicant's keyboard wrote it (８５０, 85%, 1,200). */
	if ((s->types & (TL_JT_NUMBER | TL_JT_INTEGER)) && !(s->types & TL_JT_STRING) && is_string(in) &&
	    number_hint(en, ja, in, false))
		return;
	generic_type(en, ja, s->types, s->types & TL_JT_STRING ? s->format : TL_FMT_NONE, in);
}

void tl_sm_false(tl_buf *en, tl_buf *ja)
{
	tl_buf_puts(en, "no value is allowed here");
	tl_buf_puts(ja, "ここには値を記載できません");
}

void tl_sm_required(tl_buf *en, tl_buf *ja, const char *key)
{
	size_t len = strlen(key);
	tl_buf_puts(en, "the required key ");
	tl_sm_quote(en, key, len);
	tl_buf_puts(en, " is missing");
	tl_buf_puts(ja, "必須項目 ");
	tl_sm_quote(ja, key, len);
	tl_buf_puts(ja, " が記載されていません");
}

void tl_sm_unknown_key(tl_buf *en, tl_buf *ja, const char *key, size_t len,
                       const char *suggestion, bool allowed_nowhere)
{
	if (allowed_nowhere) {
		tl_buf_puts(en, "the key ");
		tl_sm_quote(en, key, len);
		tl_buf_puts(en, " is not allowed here");
		tl_buf_puts(ja, "項目 ");
		tl_sm_quote(ja, key, len);
		tl_buf_puts(ja, " はここには記載できません");
		return;
	}
	tl_buf_puts(en, "unknown key ");
	tl_sm_quote(en, key, len);
	tl_sm_quote(ja, key, len);
	tl_buf_puts(ja, " は定義されていない項目です");
	if (suggestion) {
		tl_buf_puts(en, " (did you mean ");
		tl_sm_quote(en, suggestion, strlen(suggestion));
		tl_buf_puts(en, "?)");
		tl_buf_puts(ja, "（");
		tl_sm_quote(ja, suggestion, strlen(suggestion));
		tl_buf_puts(ja, " の誤りではありませんか）");
	}
}

/* The instance as a value, for enum and const: quoted text, bare numbers. */
static void inst_value(tl_buf *b, const tl_inst *in)
{
	size_t len;
	const char *t;

	if (!in->scalar) {
		tl_buf_puts(b, in->n->kind == TL_NODE_MAPPING ? "a mapping" : "a list");
		return;
	}
	t = text_of(in, &len);
	if (in->sc.type == TL_SCALAR_STRING)
		tl_sm_quote(b, t, len);
	else if (in->sc.type == TL_SCALAR_NULL)
		tl_buf_puts(b, "null");
	else
		shown(b, t, len);
}

static const char *nearest_enum(const tl_sch *s, const tl_inst *in)
{
	size_t len, best = SIZE_MAX, limit;
	const char *t, *pick = NULL;

	if (!in->scalar || in->sc.type != TL_SCALAR_STRING)
		return NULL;
	t = text_of(in, &len);
	limit = tl_schema_cplen(t, len) / 3;
	if (limit < 2)
		limit = 2;
	for (size_t i = 0; i < s->nenums; i++) {
		if (s->enums[i].kind != TL_CV_STR)
			continue;
		size_t d = tl_schema_distance(t, len, s->enums[i].text, s->enums[i].len);
		if (d < best) {
			best = d;
			pick = s->enums[i].text;
		}
	}
	return best <= limit ? pick : NULL;
}

void tl_sm_enum(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in)
{
	const char *near = nearest_enum(s, in);
	size_t shown_n = 0;

	inst_value(en, in);
	tl_buf_puts(en, " is not one of the allowed values: ");
	inst_value(ja, in);
	tl_buf_puts(ja, " は使用できません。");
	for (size_t i = 0; i < s->nenums; i++) {
		/* null in an enum only says the key may be left empty. */
		if (s->enums[i].kind == TL_CV_NULL && s->nenums > 1)
			continue;
		if (shown_n++ > 0) {
			tl_buf_puts(en, ", ");
			tl_buf_puts(ja, "、");
		}
		tl_sm_value(en, &s->enums[i]);
		tl_sm_value(ja, &s->enums[i]);
	}
	tl_buf_puts(ja, shown_n > 1 ? " のいずれかを記載してください" : " と記載してください");
	if (near) {
		tl_buf_printf(en, " (did you mean %s?)", near);
		tl_buf_printf(ja, "（%s の誤りではありませんか）", near);
	}
}

void tl_sm_const(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in)
{
	tl_buf_puts(en, "expected ");
	tl_sm_value(en, &s->konst);
	tl_buf_puts(en, ", found ");
	inst_value(en, in);
	tl_sm_value(ja, &s->konst);
	tl_buf_puts(ja, " と記載してください（");
	inst_value(ja, in);
	tl_buf_puts(ja, " が書かれています）");
}

void tl_sm_pattern(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in, int pcre_rc)
{
	size_t len;
	const char *t = text_of(in, &len);

	tl_sm_quote(en, t, len);
	tl_sm_quote(ja, t, len);
	if (pcre_rc == PCRE2_ERROR_NOMATCH) {
		tl_buf_printf(en, " does not match the required pattern %s", s->pattern);
		tl_buf_printf(ja, " は所定の形式（正規表現 %s）に合っていません", s->pattern);
		return;
	}
	PCRE2_UCHAR msg[160];
	if (pcre2_get_error_message(pcre_rc, msg, sizeof(msg)) < 0)
		msg[0] = 0;
	tl_buf_printf(en, " could not be checked against the pattern %s: %s", s->pattern,
	              (const char *)msg);
	tl_buf_printf(ja, " を所定の形式（正規表現 %s）と照合できませんでした: %s", s->pattern,
	              (const char *)msg);
}

void tl_sm_minmax(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in, bool is_min)
{
	char bound[TL_DECIMAL_BUFSZ];
	size_t len;
	const char *t = text_of(in, &len);

	tl_decimal_format(bound, sizeof(bound), is_min ? &s->min : &s->max);
	shown(en, t, len);
	shown(ja, t, len);
	if (is_min) {
		tl_buf_printf(en, " is less than the minimum %s", bound);
		tl_buf_printf(ja, " は下限の %s を下回っています", bound);
	} else {
		tl_buf_printf(en, " is more than the maximum %s", bound);
		tl_buf_printf(ja, " は上限の %s を超えています", bound);
	}
}

void tl_sm_minlength(tl_buf *en, tl_buf *ja, const tl_sch *s, size_t have)
{
	if (have == 0 && s->minlen == 1) {
		tl_buf_puts(en, "the text is empty: write something here");
		tl_buf_puts(ja, "空欄にはできません。内容を記載してください");
		return;
	}
	tl_buf_printf(en, "the text has %zu characters, fewer than the minimum of %" PRIu64, have,
	              s->minlen);
	tl_buf_printf(ja, "%" PRIu64 " 文字以上で記載してください（現在 %zu 文字）", s->minlen, have);
}

static bool format_date(tl_buf *en, tl_buf *ja, const tl_inst *in)
{
	size_t len;
	const char *t = text_of(in, &len);
	tl_date d;

	if (in->sc.type == TL_SCALAR_DATE)
		return true;
	if (tl_date_parse(&d, t, len) == TL_DATE_OK) {
		/* Quoted, it is text to YAML and to every editor: say how to write it. */
		tl_buf_puts(en, "dates are written unquoted: ");
		tl_buf_put(en, t, len);
		tl_buf_puts(ja, "日付は引用符で囲まずに ");
		tl_buf_put(ja, t, len);
		tl_buf_puts(ja, " と記載してください");
	} else if (number_hint(en, ja, in, true)) {
		/* 2025/6/30, 2025年6月30日, full-width digits: the date it means. */
	} else if (tl_date_looks_like(t, len)) {
		tl_buf_put(en, t, len);
		tl_buf_puts(en, " is not a real calendar date");
		tl_buf_put(ja, t, len);
		tl_buf_puts(ja, " は存在しない日付です");
	} else {
		tl_buf_puts(en, "expected a date YYYY-MM-DD, found the text ");
		tl_sm_quote(en, t, len);
		tl_buf_puts(ja, "日付は YYYY-MM-DD の形式で記載してください（文字列 ");
		tl_sm_quote(ja, t, len);
		tl_buf_puts(ja, " が書かれています）");
	}
	return false;
}

static bool format_filled(tl_buf *en, tl_buf *ja, const tl_inst *in)
{
	size_t len;
	const char *t = text_of(in, &len);

	if (tl_format_filled_text(t, len))
		return true;
	tl_sm_quote(en, t, len);
	tl_buf_puts(en, " is the template's placeholder, not filled in: write the actual value in its place");
	tl_sm_quote(ja, t, len);
	tl_buf_puts(ja, " は雛形の記入欄のままです。実際の内容に書き換えてください");
	return false;
}

static bool format_country(tl_buf *en, tl_buf *ja, const tl_inst *in)
{
	size_t len;
	const char *t = text_of(in, &len);
	char up[2];

	if (tl_format_country(t, len))
		return true;
	if (len == 2) {
		for (int i = 0; i < 2; i++)
			up[i] = (t[i] >= 'a' && t[i] <= 'z') ? (char)(t[i] - 'a' + 'A') : t[i];
		if (memcmp(up, "UK", 2) == 0) {
			tl_buf_put(en, t, 2);
			tl_buf_puts(en, " is not an ISO 3166-1 code: the United Kingdom is GB");
			tl_buf_put(ja, t, 2);
			tl_buf_puts(ja, " は ISO 3166-1 の国コードではありません。英国は GB と記載してください");
			return false;
		}
		if (tl_format_country(up, 2)) {
			tl_buf_puts(en, "country codes are written in upper case: ");
			tl_buf_put(en, up, 2);
			tl_buf_puts(ja, "国コードは大文字で ");
			tl_buf_put(ja, up, 2);
			tl_buf_puts(ja, " と記載してください");
			return false;
		}
	}
	tl_sm_quote(en, t, len);
	tl_buf_puts(en, " is not an ISO 3166-1 alpha-2 country code: write two upper-case letters "
	                "such as JP");
	tl_sm_quote(ja, t, len);
	tl_buf_puts(ja, " は ISO 3166-1 alpha-2 の国コードではありません。JP のように大文字 2 文字で記載してください");
	return false;
}

static bool format_corpnum(tl_buf *en, tl_buf *ja, const tl_inst *in)
{
	size_t len, digits = 0;
	const char *t = text_of(in, &len);

	if (tl_format_jp_corporate_number(t, len))
		return true;
	for (size_t i = 0; i < len; i++)
		if (t[i] >= '0' && t[i] <= '9')
			digits++;
	if (digits != len) {
		tl_buf_puts(en, "a corporate number is 13 digits 0-9 with no spaces, hyphens or other "
		                "characters, found ");
		tl_sm_quote(en, t, len);
		tl_buf_puts(ja, "法人番号は半角数字 13 桁で、空白やハイフンなどを含めずに記載してください（");
		tl_sm_quote(ja, t, len);
		tl_buf_puts(ja, " が書かれています）");
	} else if (len != 13) {
		tl_buf_puts(en, "a corporate number has 13 digits, ");
		tl_sm_quote(en, t, len);
		tl_buf_printf(en, " has %zu", len);
		tl_buf_puts(ja, "法人番号は 13 桁です（");
		tl_sm_quote(ja, t, len);
		tl_buf_printf(ja, " は %zu 桁です）", len);
	} else {
		/* No digit is suggested: the mistake may be in any digit, and the
		 * number that a corrected check digit makes is another company's
		 * (or nobody's). */
		tl_buf_puts(en, "the check digit of ");
		tl_sm_quote(en, t, len);
		tl_buf_puts(en, " does not match the other 12 digits: a digit was probably mistyped; "
		                "copy the number again from the National Tax Agency's corporate number site");
		tl_buf_puts(ja, "法人番号 ");
		tl_sm_quote(ja, t, len);
		tl_buf_puts(ja, " のチェックデジットが他の 12 桁と合いません。いずれかの桁の写し間違いと考えられます。"
		                "国税庁法人番号公表サイトの番号をもう一度写してください");
	}
	return false;
}

bool tl_sm_format(tl_buf *en, tl_buf *ja, tl_sch_format f, const tl_inst *in)
{
	if (!is_string(in))
		return true;  /* formats constrain strings only */
	switch (f) {
	case TL_FMT_NONE:
	case TL_FMT_COUNT: return true;
	case TL_FMT_DATE: return format_date(en, ja, in);
	case TL_FMT_COUNTRY: return format_country(en, ja, in);
	case TL_FMT_CORPNUM: return format_corpnum(en, ja, in);
	case TL_FMT_FILLED: return format_filled(en, ja, in);
	}
	return true;
}

void tl_sm_minitems(tl_buf *en, tl_buf *ja, const tl_sch *s, size_t have)
{
	if (have == 0 && s->minitems == 1) {
		tl_buf_puts(en, "the list is empty; at least one item is required");
		tl_buf_puts(ja, "リストが空です。1 件以上記載してください");
		return;
	}
	tl_buf_printf(en, "at least %" PRIu64 " items are required (found %zu)", s->minitems, have);
	tl_buf_printf(ja, "%" PRIu64 " 件以上記載してください（現在 %zu 件）", s->minitems, have);
}
