/* lex.c - tokens of the rule language: CEL's lexis, with exact decimal literals. */
#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"
#include "internal.h"

void tl_lex_init(lexer *lx, const char *src, size_t len, const tl_pos *posmap,
                 tl_pos origin, tl_arena *arena, tl_error *err)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->len = len;
	lx->posmap = posmap;
	if (origin.line == 0)
		origin = (tl_pos){1, 1};
	lx->origin = origin;
	lx->pos_cur = origin;
	lx->arena = arena;
	lx->err = err;
}

tl_pos tl_lex_pos(lexer *lx, size_t off)
{
	if (off > lx->len)
		off = lx->len;
	if (lx->posmap)
		return lx->posmap[off];
	if (off < lx->pos_off) {
		lx->pos_off = 0;
		lx->pos_cur = lx->origin;
	}
	while (lx->pos_off < off) {
		char c = lx->src[lx->pos_off++];
		/* \r\n counts once: the \r moves on, the \n does not move again. */
		if (c == '\n' && lx->pos_off >= 2 && lx->src[lx->pos_off - 2] == '\r')
			continue;
		if (c == '\n' || c == '\r') {
			lx->pos_cur.line++;
			lx->pos_cur.col = 1;
		} else if (((unsigned char)c & 0xC0) != 0x80) {
			/* Columns count code points (error.h): continuation bytes do not move. */
			lx->pos_cur.col++;
		}
	}
	return lx->pos_cur;
}

static int fail(lexer *lx, size_t off, const char *en, const char *ja)
{
	tl_error_set(lx->err, TL_ESYNTAX, tl_lex_pos(lx, off), "%s", en);
	tl_error_set_ja(lx->err, "%s", ja);
	return TL_ESYNTAX;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#define WORD(s) {s, sizeof(s) - 1}
static const struct {
	const char *s;
	size_t len;
} reserved[] = {
	WORD("as"), WORD("break"), WORD("const"), WORD("continue"), WORD("else"), WORD("for"),
	WORD("function"), WORD("if"), WORD("import"), WORD("let"), WORD("loop"), WORD("package"),
	WORD("namespace"), WORD("return"), WORD("var"), WORD("void"), WORD("while")
};
#undef WORD

static int lex_number(lexer *lx, tok *t)
{
	const char *s = lx->src;
	size_t i = lx->off, n = lx->len;
	bool is_dec = false;

	if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < n &&
	    tl_hex_digit(s[i + 2]) >= 0) {
		uint64_t v = 0;
		i += 2;
		for (; i < n && tl_hex_digit(s[i]) >= 0; i++) {
			if (v > ((uint64_t)1 << 63) >> 4)
				return fail(lx, t->off, "integer literal out of range (an int holds -2^63 to 2^63-1)",
				            "整数リテラルが範囲外です（int は -2^63 から 2^63-1 まで）");
			v = v * 16 + (uint64_t)tl_hex_digit(s[i]);
		}
		if (v > (uint64_t)1 << 63)
			return fail(lx, t->off, "integer literal out of range (an int holds -2^63 to 2^63-1)",
			            "整数リテラルが範囲外です（int は -2^63 から 2^63-1 まで）");
		t->kind = T_INT;
		t->u = v;
		goto suffix;
	}
	while (i < n && is_digit(s[i]))
		i++;
	if (i < n && s[i] == '.' && i + 1 < n && is_digit(s[i + 1])) {
		is_dec = true;
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < n && is_digit(s[j])) {
			is_dec = true;
			i = j;
			while (i < n && is_digit(s[i]))
				i++;
		}
	}
	if (is_dec) {
		int rc = tl_decimal_parse(&t->d, s + lx->off, i - lx->off);
		if (rc != TL_DEC_OK)
			return fail(lx, t->off,
			            "decimal literal out of range: written out, it needs more than 38 digits "
			            "(a decimal holds 38 digits in all, at most 38 of them after the point)",
			            "小数リテラルが範囲外です（小数は全体で 38 桁まで、うち小数点以下も 38 桁まで）");
		t->kind = T_DEC;
	} else {
		uint64_t v = 0;
		for (size_t k = lx->off; k < i; k++) {
			uint64_t d = (uint64_t)(s[k] - '0');
			if (v > (((uint64_t)1 << 63) - d) / 10)
				return fail(lx, t->off,
				            "integer literal out of range (an int holds -2^63 to 2^63-1)",
				            "整数リテラルが範囲外です（int は -2^63 から 2^63-1 まで）");
			v = v * 10 + d;
		}
		t->kind = T_INT;
		t->u = v;
	}
suffix:
	if (i < n && (s[i] == 'u' || s[i] == 'U') && t->kind == T_INT)
		return fail(lx, i, "unsigned integers (1u) are not supported: write the number without 'u'",
		            "符号なし整数（1u）は使えません。u を付けずに書いてください");
	lx->off = i;
	return 0;
}

/* Appends code point cp, checking it is a Unicode scalar value. */
static int put_cp(lexer *lx, size_t at, uint32_t cp, char *out, size_t *o)
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return fail(lx, at, "invalid escape: not a Unicode character (surrogate or above U+10FFFF)",
		            "不正なエスケープです：Unicode の文字ではありません（サロゲートまたは U+10FFFF 超）");
	*o += tl_utf8_encode(cp, out + *o);
	return 0;
}

static int lex_escape(lexer *lx, size_t *ip, char *out, size_t *o)
{
	const char *s = lx->src;
	size_t i = *ip, n = lx->len, at = i; /* s[i] is the backslash */
	char c;
	int rc;

	if (i + 1 >= n)
		return fail(lx, at, "string not closed: the input ends after '\\'",
		            "文字列が閉じられていません：'\\' の後で入力が終わっています");
	c = s[i + 1];
	switch (c) {
	case 'a': out[(*o)++] = '\a'; break;
	case 'b': out[(*o)++] = '\b'; break;
	case 'f': out[(*o)++] = '\f'; break;
	case 'n': out[(*o)++] = '\n'; break;
	case 'r': out[(*o)++] = '\r'; break;
	case 't': out[(*o)++] = '\t'; break;
	case 'v': out[(*o)++] = '\v'; break;
	case '\\': case '?': case '"': case '\'': case '`':
		out[(*o)++] = c;
		break;
	case 'x': case 'X': case 'u': case 'U': {
		size_t digits = (c == 'x' || c == 'X') ? 2 : c == 'u' ? 4 : 8;
		uint32_t cp = 0;
		for (size_t k = 0; k < digits; k++) {
			int h = i + 2 + k < n ? tl_hex_digit(s[i + 2 + k]) : -1;
			if (h < 0) {
				tl_error_set(lx->err, TL_ESYNTAX, tl_lex_pos(lx, at),
				             "invalid escape: '\\%c' needs %zu hexadecimal digits", c, digits);
				tl_error_set_ja(lx->err, "不正なエスケープです：'\\%c' の後には 16 進数字が %zu 桁必要です",
				                c, digits);
				return TL_ESYNTAX;
			}
			cp = cp * 16 + (uint32_t)h;
		}
		if ((rc = put_cp(lx, at, cp, out, o)) != 0)
			return rc;
		*ip = i + 2 + digits;
		return 0;
	}
	case '0': case '1': case '2': case '3': {
		uint32_t cp = (uint32_t)(c - '0');
		for (size_t k = 0; k < 2; k++) {
			char d = i + 2 + k < n ? s[i + 2 + k] : '\0';
			if (d < '0' || d > '7')
				return fail(lx, at, "invalid escape: an octal escape needs three digits 000 to 377",
				            "不正なエスケープです：8 進エスケープは 000 から 377 の 3 桁です");
			cp = cp * 8 + (uint32_t)(d - '0');
		}
		if ((rc = put_cp(lx, at, cp, out, o)) != 0)
			return rc;
		*ip = i + 4;
		return 0;
	}
	default: {
		size_t cl = tl_utf8_valid_prefix(s + i + 1, n - i - 1);
		if (cl == 0)
			cl = 1;
		tl_error_set(lx->err, TL_ESYNTAX, tl_lex_pos(lx, at),
		             "invalid escape sequence '\\%.*s' (write '\\\\' for a backslash)", (int)cl, s + i + 1);
		tl_error_set_ja(lx->err, "不正なエスケープシーケンス '\\%.*s' です（バックスラッシュ自体は '\\\\' と書きます）",
		                (int)cl, s + i + 1);
		return TL_ESYNTAX;
	}
	}
	*ip = i + 2;
	return 0;
}

/* lx->off is at the opening quote. */
static int lex_string(lexer *lx, tok *t, bool raw)
{
	const char *s = lx->src;
	size_t n = lx->len, i = lx->off, start;
	char q = s[i];
	bool triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q;
	size_t o = 0;
	char *out;
	int rc;

	i += triple ? 3 : 1;
	start = i;
	/* Escapes only shrink the text, so the raw length bounds the decoded one. */
	out = tl_arena_alloc(lx->arena, n - start + 1);
	if (!out)
		return TL_ENOMEM;
	for (;;) {
		if (i >= n) {
			tl_pos p = tl_lex_pos(lx, t->off);
			tl_error_set(lx->err, TL_ESYNTAX, tl_lex_pos(lx, n),
			             "expected %s to close the string opened at %u:%u",
			             triple ? (q == '"' ? "\"\"\"" : "'''") : (q == '"' ? "'\"'" : "\"'\""),
			             (unsigned)p.line, (unsigned)p.col);
			tl_error_set_ja(lx->err, "%u:%u で始まる文字列を閉じる %s がありません",
			                (unsigned)p.line, (unsigned)p.col,
			                triple ? (q == '"' ? "\"\"\"" : "'''") : (q == '"' ? "'\"'" : "\"'\""));
			return TL_ESYNTAX;
		}
		char c = s[i];
		if (c == q && (!triple || (i + 2 < n && s[i + 1] == q && s[i + 2] == q)))
			break;
		if (!triple && (c == '\n' || c == '\r')) {
			tl_pos p = tl_lex_pos(lx, t->off);
			tl_error_set(lx->err, TL_ESYNTAX, tl_lex_pos(lx, i),
			             "the string opened at %u:%u is not closed on its line "
			             "(use ''' or \"\"\" for a string of several lines)",
			             (unsigned)p.line, (unsigned)p.col);
			tl_error_set_ja(lx->err, "%u:%u で始まる文字列がその行で閉じられていません"
			                "（複数行の文字列には ''' か \"\"\" を使います）",
			                (unsigned)p.line, (unsigned)p.col);
			return TL_ESYNTAX;
		}
		if (c == '\\' && !raw) {
			if ((rc = lex_escape(lx, &i, out, &o)) != 0)
				return rc;
			continue;
		}
		out[o++] = c;
		i++;
	}
	out[o] = '\0';
	t->kind = T_STR;
	t->s = out;
	t->slen = o;
	lx->off = i + (triple ? 3 : 1);
	return 0;
}

int tl_lex_next(lexer *lx, tok *t)
{
	const char *s = lx->src;
	size_t n = lx->len;

	memset(t, 0, sizeof(*t));
	for (;;) {
		while (lx->off < n && (s[lx->off] == ' ' || s[lx->off] == '\t' || s[lx->off] == '\n' ||
		                       s[lx->off] == '\r' || s[lx->off] == '\f'))
			lx->off++;
		if (lx->off + 1 < n && s[lx->off] == '/' && s[lx->off + 1] == '/') {
			while (lx->off < n && s[lx->off] != '\n' && s[lx->off] != '\r')
				lx->off++;
			continue;
		}
		break;
	}
	t->off = lx->off;
	t->pos = tl_lex_pos(lx, lx->off);
	if (lx->off >= n) {
		t->kind = T_EOF;
		return 0;
	}
	char c = s[lx->off];
	char c1 = lx->off + 1 < n ? s[lx->off + 1] : '\0';
	int rc = 0;

	if (is_digit(c) || (c == '.' && is_digit(c1))) {
		rc = lex_number(lx, t);
	} else if (c == '"' || c == '\'') {
		rc = lex_string(lx, t, false);
	} else if (is_ident_start(c)) {
		size_t i = lx->off;
		while (i < n && (is_ident_start(s[i]) || is_digit(s[i])))
			i++;
		size_t len = i - lx->off;
		const char *id = s + lx->off;
		char nx = i < n ? s[i] : '\0';
		if (nx == '"' || nx == '\'') {
			if (len == 1 && (id[0] == 'r' || id[0] == 'R')) {
				lx->off = i;
				rc = lex_string(lx, t, true); /* t->off stays at the prefix */
				goto done;
			}
			if ((len == 1 && (id[0] == 'b' || id[0] == 'B')) ||
			    (len == 2 && (id[0] == 'b' || id[0] == 'B') && (id[1] == 'r' || id[1] == 'R')))
				return fail(lx, lx->off, "bytes literals (b\"...\") are not supported: use a string",
				            "バイト列リテラル（b\"...\"）は使えません。文字列を使ってください");
		}
		lx->off = i;
		t->s = id;
		t->slen = len;
		t->kind = T_IDENT;
		if (len == 4 && memcmp(id, "true", 4) == 0)
			t->kind = T_TRUE;
		else if (len == 5 && memcmp(id, "false", 5) == 0)
			t->kind = T_FALSE;
		else if (len == 4 && memcmp(id, "null", 4) == 0)
			t->kind = T_NULL;
		else if (len == 2 && memcmp(id, "in", 2) == 0)
			t->kind = T_IN;
		for (size_t k = 0; k < sizeof(reserved) / sizeof(reserved[0]); k++) {
			if (reserved[k].len == len && memcmp(reserved[k].s, id, len) == 0) {
				tl_error_set(lx->err, TL_ESYNTAX, t->pos,
				             "`%s` is a reserved word and cannot be used as a name", reserved[k].s);
				tl_error_set_ja(lx->err, "`%s` は予約語のため名前には使えません", reserved[k].s);
				return TL_ESYNTAX;
			}
		}
	} else {
		tok_kind k;
		size_t w = 1;
		switch (c) {
		case '(': k = T_LPAREN; break;
		case ')': k = T_RPAREN; break;
		case '[': k = T_LBRACK; break;
		case ']': k = T_RBRACK; break;
		case '{': k = T_LBRACE; break;
		case '}': k = T_RBRACE; break;
		case '.': k = T_DOT; break;
		case ',': k = T_COMMA; break;
		case ':': k = T_COLON; break;
		case '?': k = T_QUESTION; break;
		case '+': k = T_PLUS; break;
		case '-': k = T_MINUS; break;
		case '*': k = T_STAR; break;
		case '/': k = T_SLASH; break;
		case '%': k = T_PERCENT; break;
		case '!':
			k = c1 == '=' ? T_NE : T_NOT;
			w = c1 == '=' ? 2 : 1;
			break;
		case '=':
			if (c1 != '=')
				return fail(lx, lx->off, "unexpected '=': write '==' to compare",
				            "'=' は使えません。比較には '==' と書きます");
			k = T_EQ;
			w = 2;
			break;
		case '<':
			k = c1 == '=' ? T_LE : T_LT;
			w = c1 == '=' ? 2 : 1;
			break;
		case '>':
			k = c1 == '=' ? T_GE : T_GT;
			w = c1 == '=' ? 2 : 1;
			break;
		case '&':
			if (c1 != '&')
				return fail(lx, lx->off, "unexpected '&': write '&&' for a logical and",
				            "'&' は使えません。論理積は '&&' と書きます");
			k = T_AND;
			w = 2;
			break;
		case '|':
			if (c1 != '|')
				return fail(lx, lx->off, "unexpected '|': write '||' for a logical or",
				            "'|' は使えません。論理和は '||' と書きます");
			k = T_OR;
			w = 2;
			break;
		default: {
			size_t cl = tl_utf8_valid_prefix(s + lx->off, n - lx->off);
			if ((unsigned char)c < 0x20 || c == 0x7f || cl == 0) {
				tl_error_set(lx->err, TL_ESYNTAX, t->pos, "unexpected byte 0x%02X",
				             (unsigned)(unsigned char)c);
				tl_error_set_ja(lx->err, "予期しないバイト 0x%02X があります",
				                (unsigned)(unsigned char)c);
			} else {
				tl_error_set(lx->err, TL_ESYNTAX, t->pos, "unexpected character '%.*s'",
				             (int)cl, s + lx->off);
				tl_error_set_ja(lx->err, "予期しない文字 '%.*s' があります", (int)cl, s + lx->off);
			}
			return TL_ESYNTAX;
		}
		}
		t->kind = k;
		lx->off += w;
	}
done:
	t->len = lx->off - t->off;
	return rc;
}

void tl_tok_describe(const tok *t, const char *src, char *buf, size_t cap, bool ja)
{
	switch (t->kind) {
	case T_EOF:
		snprintf(buf, cap, ja ? "式の終わり" : "the end of the expression");
		break;
	case T_IDENT:
		snprintf(buf, cap, ja ? "名前 `%.*s`" : "the name `%.*s`",
		         (int)(t->len > 40 ? 40 : t->len), src + t->off);
		break;
	case T_INT:
	case T_DEC:
		snprintf(buf, cap, ja ? "数値 %.*s" : "the number %.*s",
		         (int)(t->len > 40 ? 40 : t->len), src + t->off);
		break;
	case T_STR:
		snprintf(buf, cap, ja ? "文字列" : "a string");
		break;
	default:
		snprintf(buf, cap, "'%.*s'", (int)t->len, src + t->off);
		break;
	}
}
