/* syntax.c - says what went wrong when libyaml stops, in our words (English and Japanese). */
#include "yaml_int.h"

#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"

typedef struct problem_text {
	const char *problem; /* libyaml's words, matched exactly */
	const char *en;
	const char *ja;
} problem_text;

static const problem_text problems[] = {
	{"mapping values are not allowed in this context",
	 "a ':' here starts a mapping value where none is allowed: is a key missing, or should "
	 "the value be quoted?",
	 "ここの ':' はマッピングの値を始めていますが、この位置には置けません。キーが抜けていないか、"
	 "値を引用符で囲むべきでないか確認してください"},
	{"found unexpected ':'",
	 "a ':' here starts a mapping value where none is allowed: is a key missing, or should "
	 "the value be quoted?",
	 "ここの ':' はマッピングの値を始めていますが、この位置には置けません。キーが抜けていないか、"
	 "値を引用符で囲むべきでないか確認してください"},
	{"did not find expected key",
	 "expected a key at this indentation: is this line indented like the other keys of "
	 "its mapping?",
	 "この字下げ位置にはキーが必要です。この行の字下げが同じマッピングの他のキーとそろっているか"
	 "確認してください"},
	{"did not find expected '-' indicator",
	 "expected a list item ('- ') at this indentation: is this line indented like the "
	 "other items of its list?",
	 "この字下げ位置にはリストの項目（'- '）が必要です。この行の字下げが同じリストの他の項目と"
	 "そろっているか確認してください"},
	{"did not find expected ',' or ']'",
	 "expected ',' or ']' in a [ ] list: is a comma or the closing ']' missing?",
	 "[ ] のリストの中に ',' か ']' が必要です。カンマか閉じる ']' が抜けていないか確認してください"},
	{"did not find expected ',' or '}'",
	 "expected ',' or '}' in a { } mapping: is a comma or the closing '}' missing?",
	 "{ } のマッピングの中に ',' か '}' が必要です。カンマか閉じる '}' が抜けていないか確認して"
	 "ください"},
	{"could not find expected ':'",
	 "a key is not followed by ':' (a key must fit on one line and be followed by ': ')",
	 "キーの後に ':' がありません（キーは 1 行に収め、後に ': ' を続けます）"},
	{"block sequence entries are not allowed in this context",
	 "a list item ('- ') is not allowed here: write the list on the lines below its key, "
	 "indented",
	 "ここにはリストの項目（'- '）を置けません。リストはキーの次の行から字下げして書いてください"},
	{"mapping keys are not allowed in this context",
	 "an explicit key ('? ') is not allowed here",
	 "ここには明示的なキー（'? '）を置けません"},
	{"did not find expected node content",
	 "a value is missing here",
	 "ここに値がありません"},
	{"found unexpected document indicator",
	 "a line starting with '---' or '...' is inside a quoted string: is the closing quote "
	 "missing?",
	 "引用符で囲まれた文字列の中に '---' か '...' で始まる行があります。閉じる引用符が抜けて"
	 "いませんか？"},
	{"found unknown escape character",
	 "unknown escape sequence in a double-quoted string: write a backslash as '\\\\', or "
	 "use single quotes",
	 "二重引用符の文字列に不明なエスケープがあります。バックスラッシュは '\\\\' と書くか、"
	 "単一引用符で囲んでください"},
	{"did not find expected hexdecimal number",
	 "an escape sequence (\\x, \\u, \\U) needs hexadecimal digits here",
	 "エスケープ（\\x、\\u、\\U）のこの位置には 16 進数の数字が必要です"},
	{"found invalid Unicode character escape code",
	 "this escape sequence does not name a valid Unicode character",
	 "このエスケープは正しい Unicode 文字を表していません"},
	{"did not find expected <document start>",
	 "unexpected content after the end of the document: is there an unmatched ']' or '}', "
	 "or is '---' missing?",
	 "文書の終わりの後に余分な内容があります。対応しない ']' や '}' がないか、'---' が抜けて"
	 "いないか確認してください"},
	{"did not find expected comment or line break",
	 "unexpected text here: only a comment ('# ...') may follow on this line",
	 "ここに余分な文字があります。この行のこの後にはコメント（'# ...'）しか書けません"},
	{"found a tab character that violates indentation",
	 "a tab is used for indentation: YAML indentation must use spaces",
	 "字下げにタブが使われています。YAML の字下げには空白を使ってください"},
	{"found a tab character where an indentation space is expected",
	 "a tab is used for indentation: YAML indentation must use spaces",
	 "字下げにタブが使われています。YAML の字下げには空白を使ってください"},
	{"did not find expected alphabetic or numeric character",
	 "an anchor or alias name ('&name', '*name') is empty or starts with a character it "
	 "cannot hold",
	 "アンカーやエイリアスの名前（'&名前'、'*名前'）が空か、使えない文字で始まっています"},
	{"found undefined tag handle",
	 "this tag uses a handle that no %TAG directive defines",
	 "このタグのハンドルはどの %TAG ディレクティブでも定義されていません"},
	{"did not find the expected '>'",
	 "a verbatim tag ('!<...>') is missing its closing '>'",
	 "'!<...>' 形式のタグに閉じる '>' がありません"},
	{"found unknown directive name",
	 "unknown directive: only %YAML and %TAG exist (a value starting with '%' must be "
	 "quoted)",
	 "不明なディレクティブです。使えるのは %YAML と %TAG だけです（'%' で始まる値は引用符で囲んで"
	 "ください）"},
	{"could not find expected directive name",
	 "unknown directive: only %YAML and %TAG exist (a value starting with '%' must be "
	 "quoted)",
	 "不明なディレクティブです。使えるのは %YAML と %TAG だけです（'%' で始まる値は引用符で囲んで"
	 "ください）"},
	{"found unexpected non-alphabetical character",
	 "unknown directive: only %YAML and %TAG exist (a value starting with '%' must be "
	 "quoted)",
	 "不明なディレクティブです。使えるのは %YAML と %TAG だけです（'%' で始まる値は引用符で囲んで"
	 "ください）"},
	{"found incompatible YAML document",
	 "this %YAML version is not supported: write %YAML 1.2 or leave the directive out",
	 "この %YAML のバージョンには対応していません。%YAML 1.2 と書くか、この行を削除してください"},
	{"found duplicate %YAML directive",
	 "the %YAML directive is repeated",
	 "%YAML ディレクティブが重複しています"},
	{"found duplicate %TAG directive",
	 "a %TAG directive for this handle is repeated",
	 "同じハンドルの %TAG ディレクティブが重複しています"},
	{"did not find expected whitespace or line break",
	 "a space or the end of the line must follow here",
	 "ここには空白か行末が必要です"},
	{"found an indentation indicator equal to 0",
	 "the indentation indicator of a block text ('|' or '>') must be from 1 to 9",
	 "ブロック文字列（'|' か '>'）の字下げ指示子は 1 から 9 です"},
};

typedef struct context_text {
	const char *context;
	const char *en; /* a noun phrase: "the <en> that starts at L:C" */
	const char *ja;
} context_text;

static const context_text contexts[] = {
	{"while parsing a block mapping", "mapping", "マッピング"},
	{"while parsing a block collection", "list", "リスト"},
	{"while parsing a flow sequence", "[ ] list", " [ ] のリスト"},
	{"while parsing a flow mapping", "{ } mapping", " { } のマッピング"},
	{"while scanning a quoted scalar", "quoted string", "引用符で囲まれた文字列"},
	{"while parsing a quoted scalar", "quoted string", "引用符で囲まれた文字列"},
	{"while scanning a simple key", "key", "キー"},
	{"while scanning a block scalar", "block text", "ブロック文字列"},
	{"while scanning a plain scalar", "value", "値"},
	{"while parsing a block node", "value", "値"},
	{"while parsing a flow node", "value", "値"},
	{"while parsing a node", "value", "値"},
	{"while scanning an anchor", "anchor", "アンカー"},
	{"while scanning an alias", "alias", "エイリアス"},
	{"while scanning a tag", "tag", "タグ"},
	{"while parsing a tag", "tag", "タグ"},
	{"while scanning a directive", "directive", "ディレクティブ"},
	{"while scanning a %YAML directive", "directive", "ディレクティブ"},
	{"while scanning a %TAG directive", "directive", "ディレクティブ"},
	{"while parsing a %TAG directive", "directive", "ディレクティブ"},
	{"while scanning a tag directive", "directive", "ディレクティブ"},
	{"while parsing a tag directive", "directive", "ディレクティブ"},
};

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The character at the problem, shown as 'c' or U+XXXX. */
static void show_char(char *out, size_t cap, const tl_yaml_text *t, size_t off)
{
	uint32_t cp = 0;
	size_t n = off < t->len ? tl_utf8_decode(t->s + off, t->len - off, &cp) : 0;
	if (n == 0)
		snprintf(out, cap, "(end of file)");
	else if (cp >= 0x21 && cp < 0x7F)
		snprintf(out, cap, "'%c'", (char)cp);
	else
		snprintf(out, cap, "U+%04X", (unsigned)cp);
}

static int reader_error(tl_error *err, const yaml_parser_t *p, tl_yaml_text *t)
{
	size_t off = p->problem_offset < t->len ? p->problem_offset : t->len;
	tl_pos pos = tl_yaml_text_pos_at(t, off);
	int v = p->problem_value;
	/* Our own check let only valid UTF-8 through, so what libyaml's reader
	 * still refuses is a character YAML does not allow (a control). */
	if (v >= 0) {
		bool control = v < 0x20 || (v >= 0x7F && v < 0xA0);
		tl_error_set(err, TL_ESYNTAX, pos, "the %scharacter U+%04X is not allowed in YAML text",
		             control ? "control " : "", (unsigned)v);
		tl_error_set_ja(err, "YAML のテキストには%s U+%04X を使えません",
		                control ? "制御文字" : "文字", (unsigned)v);
	} else {
		tl_error_set(err, TL_ESYNTAX, pos, "the file cannot be read as UTF-8 YAML (libyaml: %s)",
		             p->problem ? p->problem : "?");
		tl_error_set_ja(err, "ファイルを UTF-8 の YAML として読めません（libyaml: %s）",
		                p->problem ? p->problem : "?");
	}
	return TL_ESYNTAX;
}

int tl_yaml_parser_error(tl_error *err, const yaml_parser_t *p, tl_yaml_text *t)
{
	if (p->error == YAML_MEMORY_ERROR) {
		tl_error_set(err, TL_ENOMEM, (tl_pos){0, 0}, "out of memory while reading the YAML");
		tl_error_set_ja(err, "YAML の読み込み中にメモリが不足しました");
		return TL_ENOMEM;
	}
	if (p->error == YAML_READER_ERROR)
		return reader_error(err, p, t);

	tl_pos pos = tl_yaml_text_pos(t, &p->problem_mark);
	size_t off = tl_yaml_text_byte(t, p->problem_mark.index);
	const char *problem = p->problem ? p->problem : "";
	const char *en = NULL, *ja = NULL;
	char enbuf[200], jabuf[200];

	if (same(problem, "found character that cannot start any token")) {
		if (off < t->len && t->s[off] == '\t') {
			en = "a tab character is not allowed here: YAML indentation must use spaces";
			ja = "ここにはタブ文字を使えません。YAML の字下げには空白を使ってください";
		} else {
			char c[32];
			show_char(c, sizeof(c), t, off);
			snprintf(enbuf, sizeof(enbuf),
			         "the character %s cannot start a value: put the value in quotes", c);
			snprintf(jabuf, sizeof(jabuf),
			         "文字 %s で値を始めることはできません。値を引用符で囲んでください", c);
			en = enbuf;
			ja = jabuf;
		}
	} else if (same(problem, "found unexpected end of stream")) {
		if (same(p->context, "while scanning a quoted scalar")) {
			en = "the file ends inside a quoted string: is the closing quote missing?";
			ja = "引用符で囲まれた文字列の途中でファイルが終わっています。閉じる引用符が抜けていませんか？";
		} else {
			en = "the file ends in the middle of a value";
			ja = "値の途中でファイルが終わっています";
		}
	} else {
		for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]); i++) {
			if (same(problem, problems[i].problem)) {
				en = problems[i].en;
				ja = problems[i].ja;
				break;
			}
		}
	}
	if (!en) {
		snprintf(enbuf, sizeof(enbuf), "the YAML is not well-formed here (libyaml: %s)", problem);
		snprintf(jabuf, sizeof(jabuf), "ここで YAML の書き方に誤りがあります（libyaml: %s）",
		         problem);
		en = enbuf;
		ja = jabuf;
	}

	/* Where the construct being read began, when that is somewhere else. */
	char ensuf[96] = "", jasuf[128] = "";
	if (p->context) {
		tl_pos cpos = tl_yaml_text_pos(t, &p->context_mark);
		for (size_t i = 0; i < sizeof(contexts) / sizeof(contexts[0]); i++) {
			if (!same(p->context, contexts[i].context))
				continue;
			if (cpos.line != pos.line || cpos.col != pos.col) {
				snprintf(ensuf, sizeof(ensuf), " (in the %s that starts at %u:%u)",
				         contexts[i].en, (unsigned)cpos.line, (unsigned)cpos.col);
				snprintf(jasuf, sizeof(jasuf), "（%u:%u から始まる%s）", (unsigned)cpos.line,
				         (unsigned)cpos.col, contexts[i].ja);
			}
			break;
		}
	}
	tl_error_set(err, TL_ESYNTAX, pos, "%s%s", en, ensuf);
	tl_error_set_ja(err, "%s%s", ja, jasuf);
	return TL_ESYNTAX;
}
