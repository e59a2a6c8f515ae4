/* test_yaml_load.c - the YAML loader: tree and positions, duplicate keys, encodings, documents, syntax errors, aliases. */
#include "yaml_test_util.h"

/* Characters (code points) in UTF-8 text: columns count these. */
static uint32_t tl_utf8_chars(const char *s, size_t len)
{
	uint32_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- tree and positions ------------------------------------------------------ */

static const char BASIC[] = "plan: SEMI-2024-012\n"
                            "partners:\n"
                            "  - name: Alpha\n"
                            "    nda:\n"
                            "      signed_on: 2025-01-10\n"
                            "  - name: 'Beta'\n"
                            "    tags: [a, \"b\"]\n"
                            "note: |\n"
                            "  two\n"
                            "  lines\n"
                            "flag: !!str true\n";

static void check_basic(const tl_doc *d)
{
	const tl_node *root = tl_doc_root(d);
	check_tree(d);
	assert_int_equal(root->kind, TL_NODE_MAPPING);
	assert_int_equal(root->u.map.count, 4);
	assert_pos(root->start, 1, 1);
	assert_pos(root->end, 11, 17);

	const tl_node *plan = at(root, "plan");
	assert_string_equal(tl_node_text(plan), "SEMI-2024-012");
	assert_int_equal(plan->u.scalar.style, TL_STYLE_PLAIN);
	assert_null(plan->tag);
	assert_pos(plan->start, 1, 7);
	assert_pos(plan->end, 1, 20);
	assert_pos(key_of(root, "plan")->start, 1, 1);
	assert_pos(key_of(root, "plan")->end, 1, 5);
	assert_true(key_of(root, "plan")->is_key);

	const tl_node *partners = at(root, "partners");
	assert_int_equal(partners->kind, TL_NODE_SEQUENCE);
	assert_int_equal(partners->u.seq.count, 2);
	assert_pos(partners->start, 3, 3);
	assert_pos(partners->end, 7, 19); /* where its last item ends */
	assert_int_equal(partners->index, 1);
	assert_int_equal(partners->depth, 1);

	const tl_node *signed_on = at(at(item(partners, 0), "nda"), "signed_on");
	assert_string_equal(tl_node_text(signed_on), "2025-01-10");
	assert_pos(signed_on->start, 5, 18);
	assert_pos(signed_on->end, 5, 28);
	assert_int_equal(signed_on->depth, 4);
	assert_string_equal(path_of(signed_on), "partners[0].nda.signed_on");

	const tl_node *beta = at(item(partners, 1), "name");
	assert_int_equal(beta->u.scalar.style, TL_STYLE_SINGLE_QUOTED);
	assert_string_equal(tl_node_text(beta), "Beta");
	assert_pos(beta->start, 6, 11);
	assert_pos(beta->end, 6, 17);

	const tl_node *tags = at(item(partners, 1), "tags");
	assert_pos(tags->start, 7, 11);
	assert_pos(tags->end, 7, 19); /* just past ']' */
	assert_int_equal(item(tags, 1)->u.scalar.style, TL_STYLE_DOUBLE_QUOTED);
	assert_pos(item(tags, 1)->start, 7, 15);
	assert_string_equal(path_of(item(tags, 1)), "partners[1].tags[1]");

	const tl_node *note = at(root, "note");
	assert_int_equal(note->u.scalar.style, TL_STYLE_LITERAL);
	assert_string_equal(tl_node_text(note), "two\nlines\n");
	assert_pos(note->start, 8, 7);

	const tl_node *flag = at(root, "flag");
	assert_string_equal(flag->tag, "tag:yaml.org,2002:str");
	assert_string_equal(tl_node_text(flag), "true");
	assert_pos(flag->start, 11, 7); /* the tag is part of the node */
}

static void test_tree_and_positions(void **state)
{
	(void)state;
	tl_doc *d = load_ok(BASIC);
	check_basic(d);
	const tl_node *root = tl_doc_root(d);
	assert_int_equal(root->id, 0);
	assert_int_equal(key_of(root, "plan")->id, 1);
	assert_int_equal(at(root, "plan")->id, 2);
	assert_int_equal(tl_doc_node_count(d), 23);
	tl_doc_free(d);
}

/* Replaces every "\n" of s with "\r\n" (and prefixes a BOM when asked). */
static char *variant(const char *s, bool crlf, bool bom)
{
	tl_buf b = TL_BUF_INIT;
	if (bom)
		tl_buf_puts(&b, "\xEF\xBB\xBF");
	for (; *s; s++) {
		if (*s == '\n' && crlf)
			tl_buf_putc(&b, '\r');
		tl_buf_putc(&b, *s);
	}
	return tl_buf_detach(&b);
}

static void test_bom_and_crlf(void **state)
{
	(void)state;
	for (int v = 1; v < 4; v++) {
		char *s = variant(BASIC, v & 1, v & 2);
		tl_doc *d = load_ok(s);
		check_basic(d); /* the same positions and texts: no \r anywhere */
		const char *line;
		size_t len;
		assert_true(tl_doc_line(d, 1, &line, &len));
		assert_int_equal(len, 19);
		assert_memory_equal(line, "plan: SEMI-2024-012", 19);
		assert_true(tl_doc_line(d, 11, &line, &len));
		assert_int_equal(len, 16);
		assert_null(memchr(line, '\r', len));
		assert_false(tl_doc_line(d, 12, &line, &len)); /* after the final break */
		assert_false(tl_doc_line(d, 0, &line, &len));
		tl_doc_free(d);
		free(s);
	}
}

static void test_japanese_positions(void **state)
{
	(void)state;
	const char *s = "会社: 株式会社テスト\n"
	                "担当:\n"
	                "  - 名前: \"山田 太郎\"\n"
	                "    役職: [部長, 課長]\n";
	for (int bom = 0; bom < 2; bom++) {
		char *v = variant(s, bom, bom);
		tl_doc *d = load_ok(v);
		const tl_node *root = tl_doc_root(d);
		const tl_node *company = at(root, "会社");
		assert_pos(key_of(root, "会社")->start, 1, 1);
		assert_pos(key_of(root, "会社")->end, 1, 3); /* columns count characters */
		assert_pos(company->start, 1, 5);
		assert_pos(company->end, 1, 12);
		const tl_node *p = item(at(root, "担当"), 0);
		assert_pos(at(p, "名前")->start, 3, 9);
		assert_pos(at(p, "名前")->end, 3, 16);
		const tl_node *roles = at(p, "役職");
		assert_pos(roles->start, 4, 9);
		assert_pos(item(roles, 1)->start, 4, 14);
		assert_pos(item(roles, 1)->end, 4, 16);
		assert_pos(roles->end, 4, 17);
		assert_string_equal(path_of(item(roles, 1)), "[\"担当\"][0][\"役職\"][1]");
		tl_doc_free(d);
		free(v);
	}
}

/* YAML 1.2's line breaks are LF, CR and CR LF, as editors count lines:
 * NEL, LS and PS are characters of their line (libyaml, reading them as YAML
 * 1.1 breaks, counts lines and columns otherwise). */
static void test_yaml12_line_breaks(void **state)
{
	(void)state;
	/* LS on line 1, PS on line 2, two LS on line 3 before a key of the same
	 * line: lines after the characters and marks after them on the same line. */
	tl_doc *d = load_ok("a: \"x\xE2\x80\xA8y\"\n"
	                    "b: [1, \"p\xE2\x80\xA9q\", 3]\n"
	                    "c: {k: \"\xC3\xA9\xE2\x80\xA8\xE2\x80\xA8\", d: 4}\n"
	                    "e: 5\n");
	const tl_node *root = tl_doc_root(d);
	assert_pos(at(root, "a")->start, 1, 4);
	assert_pos(at(root, "a")->end, 1, 9);
	const tl_node *b = at(root, "b");
	assert_pos(item(b, 0)->start, 2, 5);
	assert_pos(item(b, 1)->start, 2, 8);
	assert_pos(item(b, 2)->start, 2, 15);
	assert_pos(b->end, 2, 17);
	const tl_node *c = at(root, "c");
	assert_pos(at(c, "k")->start, 3, 8);
	assert_pos(at(c, "d")->start, 3, 18);
	assert_pos(key_of(root, "e")->start, 4, 1);
	assert_pos(at(root, "e")->start, 4, 4);
	const char *line;
	size_t len;
	assert_true(tl_doc_line(d, 2, &line, &len));
	assert_int_equal(len, strlen("b: [1, \"p\xE2\x80\xA9q\", 3]"));
	assert_false(tl_doc_line(d, 5, &line, &len));
	tl_doc_free(d);
}

/* Every one-line plain scalar of a large mixed document sits where the
 * loader says: the source line holds its text at its column. */
static void test_positions_everywhere(void **state)
{
	(void)state;
	tl_buf b = TL_BUF_INIT;
	tl_buf_puts(&b, "\xEF\xBB\xBF");
	for (int i = 0; i < 3000; i++) {
		const char *eol = i % 3 ? "\n" : "\r\n";
		tl_buf_printf(&b, "k%d:%s", i, eol);
		tl_buf_printf(&b, "  名前%d: 値%d 株式会社%s", i, i, eol);
		tl_buf_printf(&b, "  list: [x%d, 日本%d, {a%d: b}, y]%s", i, i, i, eol);
		tl_buf_printf(&b, "  q: \"é%d\" # comment ✓%s", i, eol);
	}
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = b.len;
	tl_doc *d = load_ok_n(b.data, b.len, &lim);
	check_tree(d);
	size_t checked = 0;
	const tl_node *root = tl_doc_root(d);
	const tl_node **stack = malloc(tl_doc_node_count(d) * sizeof(*stack));
	size_t n = 0;
	stack[n++] = root;
	while (n) {
		const tl_node *x = stack[--n];
		if (x->kind == TL_NODE_SCALAR) {
			const char *line;
			size_t len;
			assert_true(tl_doc_line(d, x->start.line, &line, &len));
			size_t off = 0, tl = x->u.scalar.len;
			for (uint32_t c = 1; c < x->start.col && off < len; c++) /* characters to bytes */
				for (off++; off < len && ((unsigned char)line[off] & 0xC0) == 0x80; off++)
					;
			if (x->u.scalar.style == TL_STYLE_PLAIN) {
				assert_true(off + tl <= len);
				assert_memory_equal(line + off, x->u.scalar.text, tl);
				assert_int_equal(x->end.line, x->start.line);
				assert_int_equal(x->end.col, x->start.col + tl_utf8_chars(x->u.scalar.text, tl));
				checked++;
			} else {
				assert_int_equal(line[off], '"');
			}
			continue;
		}
		size_t count = x->kind == TL_NODE_SEQUENCE ? x->u.seq.count : x->u.map.count;
		for (size_t i = 0; i < count; i++) {
			if (x->kind == TL_NODE_SEQUENCE) {
				stack[n++] = x->u.seq.items[i];
			} else {
				stack[n++] = x->u.map.pairs[i].key;
				stack[n++] = x->u.map.pairs[i].value;
			}
		}
	}
	if (checked < 30000)
		fail_msg("only %zu scalars checked", checked);
	free(stack);
	tl_doc_free(d);
	tl_buf_free(&b);
}

static void test_scalars(void **state)
{
	(void)state;
	tl_doc *d = load_ok("a: \"x\\0y\"\n"
	                    "b: >\n  folded\n  text\n"
	                    "c:\n"
	                    "d: ~\n"
	                    "e: '0.33'\n"
	                    "f: 0.33\n"
	                    "g: !custom x\n"
	                    "? [k]\n: v\n");
	const tl_node *root = tl_doc_root(d);
	const tl_node *a = at(root, "a");
	assert_int_equal(a->u.scalar.len, 3);
	assert_memory_equal(a->u.scalar.text, "x\0y", 4);
	assert_int_equal(at(root, "b")->u.scalar.style, TL_STYLE_FOLDED);
	assert_string_equal(tl_node_text(at(root, "b")), "folded text\n");
	const tl_node *c = at(root, "c");
	assert_string_equal(tl_node_text(c), "");
	assert_pos(c->start, 5, 3); /* an empty value sits after its ':' */
	assert_int_equal(at(root, "e")->u.scalar.style, TL_STYLE_SINGLE_QUOTED);
	assert_string_equal(tl_node_text(at(root, "f")), "0.33");
	assert_string_equal(at(root, "g")->tag, "!custom");
	const tl_node *cv = root->u.map.pairs[7].value;
	assert_int_equal(root->u.map.pairs[7].key->kind, TL_NODE_SEQUENCE);
	assert_string_equal(path_of(cv), "[?]");
	assert_null(tl_node_text(root));
	assert_null(tl_node_get(a, "x"));
	assert_null(tl_node_get(root, "zz"));
	assert_null(tl_node_get(NULL, "a"));
	tl_doc_free(d);

	d = load_ok("---\n");
	assert_int_equal(tl_doc_root(d)->kind, TL_NODE_SCALAR);
	assert_string_equal(tl_node_text(tl_doc_root(d)), "");
	assert_string_equal(path_of(tl_doc_root(d)), "");
	tl_doc_free(d);
}

/* ---- duplicate keys ------------------------------------------------------------ */

static void test_duplicate_keys(void **state)
{
	(void)state;
	tl_buf b = TL_BUF_INIT;
	for (int i = 1; i <= 11; i++)
		tl_buf_printf(&b, "k%d: %d\n", i, i);
	tl_buf_puts(&b, "partners: []\nother: 1\n\"partners\": [x]\n");
	tl_error e = load_err(b.data, TL_EDUPKEY, 14, 1);
	assert_string_equal(e.msg, "duplicate key \"partners\" (first at 12:1)");
	assert_string_equal(e.msg_ja, "キー \"partners\" が重複しています（最初は 12:1）");
	tl_buf_free(&b);

	load_err("a:\n  b: 1\n  'b': 2\n", TL_EDUPKEY, 3, 3);
	load_err("x: [{a: 1, a: 2}]\n", TL_EDUPKEY, 1, 12);
	load_err("s: &s k\nm:\n  k: 1\n  *s : 2\n", TL_EDUPKEY, 4, 3); /* an alias key */
	e = load_err("\"a\\nb\": 1\n? |-\n  a\n  b\n: 2\n", TL_EDUPKEY, 2, 3);
	assert_string_equal(e.msg, "duplicate key \"a\\nb\" (first at 1:1)");
	/* Equal text, different keys: not duplicates. */
	tl_doc_free(load_ok("a: 1\nA: 2\n\"a \": 3\n[a]: 4\n[a]: 5\n\"\": 6\n"));
	tl_doc_free(load_ok("a: {k: 1}\nb: {k: 1}\n"));
}

static char *many_keys(size_t n, size_t dup_at, size_t *len)
{
	tl_buf b = TL_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		tl_buf_printf(&b, "key%zu: %zu\n", i, i);
	if (dup_at != SIZE_MAX)
		tl_buf_printf(&b, "key%zu: again\n", dup_at);
	*len = b.len;
	return tl_buf_detach(&b);
}

static void test_duplicate_keys_large(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = 64u << 20;
	lim.max_nodes = 2000000;
	size_t len;
	/* Each side of the switch from a linear scan to a hash set. */
	size_t sizes[] = {15, 16, 17, 18, 33, 64, 65, 1000};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		char *s = many_keys(n, SIZE_MAX, &len);
		tl_doc *d = load_ok_n(s, len, &lim);
		assert_int_equal(tl_doc_root(d)->u.map.count, n);
		tl_doc_free(d);
		free(s);
		for (size_t dup = 0; dup < n; dup += n / 4 + 1) {
			s = many_keys(n, dup, &len);
			tl_error e = load_err_n(s, len, &lim, TL_EDUPKEY, (uint32_t)n + 1, 1);
			char want[128];
			snprintf(want, sizeof(want), "duplicate key \"key%zu\" (first at %zu:1)", dup, dup + 1);
			assert_string_equal(e.msg, want);
			free(s);
		}
	}
	/* A large mapping: a quadratic duplicate check would take many minutes
	 * here and trip the test's timeout (speed itself is measured in bench/,
	 * never asserted in a unit test). */
	char *s = many_keys(300000, SIZE_MAX, &len);
	tl_doc *d = load_ok_n(s, len, &lim);
	assert_int_equal(tl_doc_root(d)->u.map.count, 300000);
	tl_doc_free(d);
	free(s);
	s = many_keys(300000, 299998, &len);
	load_err_n(s, len, &lim, TL_EDUPKEY, 300001, 1);
	free(s);
}

/* ---- encodings ---------------------------------------------------------------- */

static void test_invalid_utf8(void **state)
{
	(void)state;
	static const char bad[] = "a: 1\nb: \xE6\xA0\xAA\xFF x\n";
	tl_error e = load_err_n(bad, sizeof(bad) - 1, NULL, TL_EENCODING, 2, 5); /* characters */
	assert_string_equal(e.msg, "the file is not valid UTF-8: the byte 0xFF here does not belong "
	                           "to a UTF-8 character; save the file as UTF-8");
	assert_null(strstr(e.msg, "Shift_JIS"));
	/* Japanese UTF-8 with one stray Latin-1 byte is not mistaken for Shift_JIS. */
	static const char latin[] = "name: \xE6\xA0\xAA\xE5\xBC\x8F\xE4\xBC\x9A\xE7\xA4\xBE\xC9\n";
	e = load_err_n(latin, sizeof(latin) - 1, NULL, TL_EENCODING, 1, 11);
	assert_null(strstr(e.msg, "Shift_JIS"));
	/* After a BOM, columns count from the first character after it. */
	static const char bom[] = "\xEF\xBB\xBFx: \xC3\x28\n";
	load_err_n(bom, sizeof(bom) - 1, NULL, TL_EENCODING, 1, 4);
	static const char overlong[] = "x: \xC0\xAF\n";
	load_err_n(overlong, sizeof(overlong) - 1, NULL, TL_EENCODING, 1, 4);
	static const char surrogate[] = "x:\r\n  \xED\xA0\x80\n";
	load_err_n(surrogate, sizeof(surrogate) - 1, NULL, TL_EENCODING, 2, 3);
	static const char truncated[] = "x: \xE6\xA0";
	load_err_n(truncated, sizeof(truncated) - 1, NULL, TL_EENCODING, 1, 4);
}

static void test_shift_jis(void **state)
{
	(void)state;
	/* 会社: 株式会社テスト, as Japanese Notepad saves it. */
	static const char sjis[] = "\x89\xEF\x8E\xD0: \x8A\x94\x8E\xAE\x89\xEF\x8E\xD0"
	                           "\x83\x65\x83\x58\x83\x67\n";
	tl_error e = load_err_n(sjis, sizeof(sjis) - 1, NULL, TL_EENCODING, 1, 1);
	assert_non_null(strstr(e.msg, "Shift_JIS"));
	assert_non_null(strstr(e.msg, "iconv -f SHIFT_JIS -t UTF-8 in.yaml > out.yaml"));
	assert_non_null(strstr(e.msg, "文字コード: UTF-8"));
	assert_non_null(strstr(e.msg_ja, "Shift_JIS"));
	assert_non_null(strstr(e.msg_ja, "UTF-8 で保存し直してください"));

	size_t len;
	char *f = read_file(TLCHECK_SOURCE_DIR "/tests/data/yaml/shift_jis.yaml", &len);
	assert_non_null(f);
	e = load_err_n(f, len, NULL, TL_EENCODING, 1, 3);
	assert_non_null(strstr(e.msg, "Shift_JIS"));
	free(f);

	/* Half-width katakana and a few kanji after ASCII keys. */
	static const char kana[] = "name: \xB1\xB2\xB3\nk: \x93\xFA\x96\x7B\n";
	e = load_err_n(kana, sizeof(kana) - 1, NULL, TL_EENCODING, 1, 7);
	assert_non_null(strstr(e.msg, "Shift_JIS"));
	/* Latin-1 is not Shift_JIS. */
	static const char latin1[] = "caf\xE9: cr\xE8me\n";
	e = load_err_n(latin1, sizeof(latin1) - 1, NULL, TL_EENCODING, 1, 4);
	assert_null(strstr(e.msg, "Shift_JIS"));
}

static void test_utf16_and_nul(void **state)
{
	(void)state;
	static const char le[] = "\xFF\xFE" "a\0:\0 \0" "1\0\n\0";
	tl_error e = load_err_n(le, sizeof(le) - 1, NULL, TL_EENCODING, 1, 1);
	assert_string_equal(e.msg, "the file is encoded in UTF-16 (it starts with a UTF-16 "
	                           "byte-order mark), not UTF-8; save it as UTF-8: in Notepad, "
	                           "名前を付けて保存 → 文字コード: UTF-8; or run: iconv -f UTF-16 -t "
	                           "UTF-8 in.yaml > out.yaml");
	assert_non_null(strstr(e.msg_ja, "UTF-16"));
	static const char be[] = "\xFE\xFF" "\0a\0:";
	e = load_err_n(be, sizeof(be) - 1, NULL, TL_EENCODING, 1, 1);
	assert_non_null(strstr(e.msg, "UTF-16"));
	static const char nobom[] = "a\0:\0 \0" "1\0";
	e = load_err_n(nobom, sizeof(nobom) - 1, NULL, TL_EENCODING, 1, 1);
	assert_non_null(strstr(e.msg, "UTF-16"));
	static const char u32[] = "\xFF\xFE\0\0" "a\0\0\0";
	e = load_err_n(u32, sizeof(u32) - 1, NULL, TL_EENCODING, 1, 1);
	assert_non_null(strstr(e.msg, "UTF-32"));

	size_t len;
	char *f = read_file(TLCHECK_SOURCE_DIR "/tests/data/yaml/utf16.yaml", &len);
	assert_non_null(f);
	load_err_n(f, len, NULL, TL_EENCODING, 1, 1);
	free(f);

	static const char nul[] = "a: 1\nb: \0\n";
	e = load_err_n(nul, sizeof(nul) - 1, NULL, TL_EENCODING, 2, 4);
	assert_non_null(strstr(e.msg, "NUL byte"));
	static const char nul_crlf[] = "\xEF\xBB\xBFx:\r\n  - y\0";
	load_err_n(nul_crlf, sizeof(nul_crlf) - 1, NULL, TL_EENCODING, 2, 6);
}

static void test_control_characters(void **state)
{
	(void)state;
	tl_error e = load_err("a: 1\nb: x\x01y\n", TL_ESYNTAX, 2, 5);
	assert_string_equal(e.msg, "the control character U+0001 is not allowed in YAML text");
	e = load_err("a: \xC2\x80\n", TL_ESYNTAX, 1, 4);
	assert_string_equal(e.msg, "the control character U+0080 is not allowed in YAML text");
}

/* ---- documents ----------------------------------------------------------------- */

static void test_documents(void **state)
{
	(void)state;
	const char *none[] = {"", "\n\n", "   \n", "# only a comment\n", "\xEF\xBB\xBF",
	                      "# a\r\n# b"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		tl_error e = load_err(none[i], TL_EMULTIDOC, 1, 1);
		assert_string_equal(e.msg, "the file holds no YAML document");
		assert_string_equal(e.msg_ja, "ファイルに YAML の文書がありません");
	}
	tl_error e = load_err("a: 1\n---\nb: 2\n", TL_EMULTIDOC, 2, 1);
	assert_string_equal(e.msg, "the file holds more than one YAML document: a second one starts "
	                           "here (one document per file)");
	load_err("--- a\n# x\n--- b\n", TL_EMULTIDOC, 3, 1);
	/* libyaml wants '---' before a document that follows '...'. */
	load_err("a: 1\n...\nb: 2\n", TL_ESYNTAX, 3, 1);
	load_err("a: 1\n...\n---\nb: 2\n", TL_EMULTIDOC, 3, 1);
	load_err("\xEF\xBB\xBF---\r\nx\r\n---\r\n", TL_EMULTIDOC, 3, 1);
	/* One document, however it is marked. */
	tl_doc_free(load_ok("--- a\n"));
	tl_doc_free(load_ok("%YAML 1.1\n---\na: 1\n...\n"));
	tl_doc_free(load_ok("a: 1\n...\n# trailing comment\n"));
	tl_doc *d = NULL;
	tl_error err;
	assert_int_equal(tl_doc_load(&d, &err, NULL, 0, NULL), TL_EMULTIDOC);
	assert_null(d);
	assert_int_equal(tl_doc_load(&d, &err, NULL, 5, NULL), TL_EMULTIDOC);
	assert_null(d);
}

/* ---- syntax errors ------------------------------------------------------------------ */

typedef struct syntax_case {
	const char *in;
	uint32_t line, col;
	const char *msg;
} syntax_case;

static const syntax_case syntax_cases[] = {
	{"a: b: c\n", 1, 5,
	 "a ':' here starts a mapping value where none is allowed: is a key missing, or should the "
	 "value be quoted?"},
	{"名前: 山田: 太郎\n", 1, 7,
	 "a ':' here starts a mapping value where none is allowed: is a key missing, or should the "
	 "value be quoted?"},
	{"a:\n  b: 1\n c: 2\n", 3, 2,
	 "expected a key at this indentation: is this line indented like the other keys of its "
	 "mapping? (in the mapping that starts at 1:1)"},
	{"a:\n  - b\n  c: d\n", 3, 3,
	 "expected a list item ('- ') at this indentation: is this line indented like the other "
	 "items of its list? (in the list that starts at 2:3)"},
	{"a: @x\n", 1, 4, "the character '@' cannot start a value: put the value in quotes"},
	{"a: `x\n", 1, 4, "the character '`' cannot start a value: put the value in quotes"},
	{"a:\n\tb: 1\n", 2, 1, "a tab character is not allowed here: YAML indentation must use spaces"},
	{"a: >\n\tb\n", 2, 1,
	 "a tab is used for indentation: YAML indentation must use spaces (in the block text that "
	 "starts at 1:4)"},
	{"a: \"abc\n", 2, 1,
	 "the file ends inside a quoted string: is the closing quote missing? (in the quoted string "
	 "that starts at 1:4)"},
	{"a: 'abc", 1, 8,
	 "the file ends inside a quoted string: is the closing quote missing? (in the quoted string "
	 "that starts at 1:4)"},
	{"\"a\n---\n\"\n", 2, 1,
	 "a line starting with '---' or '...' is inside a quoted string: is the closing quote "
	 "missing? (in the quoted string that starts at 1:1)"},
	{"a: [1, 2\nb: c\n", 2, 2,
	 "expected ',' or ']' in a [ ] list: is a comma or the closing ']' missing? (in the [ ] list "
	 "that starts at 1:4)"},
	{"a: {x: 1\n", 2, 1,
	 "expected ',' or '}' in a { } mapping: is a comma or the closing '}' missing? (in the { } "
	 "mapping that starts at 1:4)"},
	{"[a, b]]\n", 1, 7,
	 "unexpected content after the end of the document: is there an unmatched ']' or '}', or is "
	 "'---' missing?"},
	{"a: 1\nb\nc: 2\n", 3, 1,
	 "a key is not followed by ':' (a key must fit on one line and be followed by ': ') (in the "
	 "key that starts at 2:1)"},
	{"a: - b\n", 1, 4,
	 "a list item ('- ') is not allowed here: write the list on the lines below its key, "
	 "indented"},
	{"key: \"\\q\"\n", 1, 7,
	 "unknown escape sequence in a double-quoted string: write a backslash as '\\\\', or use "
	 "single quotes (in the quoted string that starts at 1:6)"},
	{"x: \"a\\xZZ\"\n", 1, 8,
	 "an escape sequence (\\x, \\u, \\U) needs hexadecimal digits here (in the quoted string that "
	 "starts at 1:4)"},
	{"a: |x\n  b\n", 1, 5,
	 "unexpected text here: only a comment ('# ...') may follow on this line (in the block text "
	 "that starts at 1:4)"},
	{"%FOO\n---\na\n", 1, 5,
	 "unknown directive: only %YAML and %TAG exist (a value starting with '%' must be quoted) (in "
	 "the directive that starts at 1:1)"},
	{"a: &\n", 1, 5,
	 "an anchor or alias name ('&name', '*name') is empty or starts with a character it cannot "
	 "hold (in the anchor that starts at 1:4)"},
	{"a: !<x y\n", 1, 7,
	 "a verbatim tag ('!<...>') is missing its closing '>' (in the tag that starts at 1:4)"},
	{"a: !x!y z\n", 1, 4, "this tag uses a handle that no %TAG directive defines"},
	{"%YAML 1.3\n---\nx\n", 1, 1,
	 "this %YAML version is not supported: write %YAML 1.2 or leave the directive out"},
	{"a: *x\n", 1, 4, "the alias *x refers to no anchor: &x is not defined before it"},
	{"a: &x [1, *x]\n", 1, 11,
	 "the alias *x is inside the node it refers to (&x at 1:4): a recursive structure cannot "
	 "be loaded"},
	{"a: [*b, &b 1]\n", 1, 5, "the alias *b refers to no anchor: &b is not defined before it"},
	{"\xEF\xBB\xBF" "a: b: c\r\n", 1, 5,
	 "a ':' here starts a mapping value where none is allowed: is a key missing, or should the "
	 "value be quoted?"},
	{"x:\r\n  y: 1\r\n z: 2\r\n", 3, 2,
	 "expected a key at this indentation: is this line indented like the other keys of its "
	 "mapping? (in the mapping that starts at 1:1)"},
};

static void test_syntax_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(syntax_cases) / sizeof(syntax_cases[0]); i++) {
		const syntax_case *c = &syntax_cases[i];
		tl_error e = load_err(c->in, TL_ESYNTAX, c->line, c->col);
		if (strcmp(e.msg, c->msg) != 0)
			fail_msg("case %zu: got \"%s\"", i, e.msg);
		assert_null(strstr(e.msg_ja, "libyaml"));
	}
	tl_error e = load_err("a: b: c\n", TL_ESYNTAX, 1, 5);
	assert_string_equal(e.msg_ja, "ここの ':' はマッピングの値を始めていますが、この位置には"
	                              "置けません。キーが抜けていないか、値を引用符で囲むべきでないか"
	                              "確認してください");
	e = load_err("a: [1, 2\nb: c\n", TL_ESYNTAX, 2, 2);
	assert_string_equal(e.msg_ja, "[ ] のリストの中に ',' か ']' が必要です。カンマか閉じる ']' "
	                              "が抜けていないか確認してください（1:4 から始まる [ ] のリスト）");
	/* Words we have no sentence for still come with ours around them. */
	e = load_err("- !!str, xxx\n", TL_ESYNTAX, 1, 8);
	assert_string_equal(e.msg, "a space or the end of the line must follow here (in the tag "
	                           "that starts at 1:3)");
}

/* A comment begins at a '#' after white space or at a line's start only
 * (YAML 1.2); libyaml takes the ones below for comments too. */
static void test_comment_needs_space(void **state)
{
	static const struct {
		const char *in;
		uint32_t line, col;
	} bad[] = {
		{"tech: [CT1]#note\n", 1, 12},          /* after a flow sequence (suite 9JBA) */
		{"a: {b: 1}#note\n", 1, 10},            /* after a flow mapping */
		{"key: \"value\"# note\n", 1, 13},      /* after a quoted scalar (SU5Z) */
		{"key: 'value'#note\n", 1, 13},
		{"- [ a, b,#note\n  c ]\n", 1, 10},     /* after a comma (CVW2) */
		{"block: >#note\n  text\n", 1, 9},      /* after a block scalar's indicator (X4QW) */
		{"block: |-2#note\n    text\n", 1, 11},
		{"a: 1\nb: \"株式\"#メモ\n", 2, 8},       /* columns count characters */
		{"a: [x] # ok\nb: [y]#no\n", 2, 7},      /* the first one is fine */
	};
	static const char *const good[] = {
		"tech: [CT1] # note\n",
		"tech: [CT1]\t# note\n",
		"# a comment#with a hash#or two\na: 1 # and#more\n",
		"a: b#c\n",                           /* a plain scalar's own '#' */
		"a: \"x#y\"\nb: 'x#y'\n",
		"a: [b#c, d#e]\n",
		"a: |\n  >#not a comment, text\n  |-2#text too\n",
		"a: |  # a header comment\n  text\n",
		/* a header comment's own text may hold `|#` or `>5#` */
		"a: |  # see a|#b\n  text\n",
		"a: >- # when >5#ok\n  text\n",
		"a: !!str | # a|#b\n  text\n",
		"a: |+ # k|+#\r\n  text\r\n",
		/* libyaml ends a line at NEL and LS (YAML 1.1): a comment may follow */
		"a: ACME\xc2\x85#c\nb: x\xe2\x80\xa8#d\n",
		/* many '#' in one comment */
		"# x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x#x\na: 1 # y#y#y#y\n",
		"a:\n  - 1\n#c#d\nb: 2\n",
		"a: 'it''s'\n#x\n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tl_error e = load_err(bad[i].in, TL_ESYNTAX, bad[i].line, bad[i].col);
		assert_non_null(strstr(e.msg, "write a space before `#`"));
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		tl_doc_free(load_ok(good[i]));
}

/* ---- aliases ---------------------------------------------------------------------- */

static void test_aliases(void **state)
{
	(void)state;
	tl_doc *d = load_ok("base: &b\n"
	                    "  x: 1\n"
	                    "  y: [2, 3]\n"
	                    "copy: *b\n"
	                    "list: [*b, &s str, *s]\n"
	                    "s: &s again\n"
	                    "t: *s\n");
	check_tree(d);
	const tl_node *root = tl_doc_root(d);
	const tl_node *base = at(root, "base"), *copy = at(root, "copy");
	assert_ptr_not_equal(base, copy);
	assert_int_equal(copy->kind, TL_NODE_MAPPING);
	assert_ptr_equal(copy->parent, root);
	assert_int_equal(copy->depth, 1);
	assert_pos(copy->start, 1, 7); /* copies keep the anchored positions */
	const tl_node *y2 = item(at(copy, "y"), 1);
	assert_string_equal(tl_node_text(y2), "3");
	assert_pos(y2->start, 3, 10);
	assert_string_equal(path_of(y2), "copy.y[1]");
	const tl_node *deep = item(at(item(at(root, "list"), 0), "y"), 0);
	assert_int_equal(deep->depth, 4);
	assert_string_equal(path_of(deep), "list[0].y[0]");
	assert_string_equal(tl_node_text(item(at(root, "list"), 2)), "str");
	assert_string_equal(tl_node_text(at(root, "t")), "again"); /* redefined: the later wins */

	/* 16 written nodes, two copies of the 7-node mapping, two scalar copies. */
	assert_int_equal(tl_doc_node_count(d), 16 + 7 + 7 + 1 + 1);
	tl_doc_free(d);

	/* Empty collections, as roots, values and copies. */
	const char *empties[] = {"[]", "{}", "a: []\nb: {}\nc: &z []\nd: *z\n"};
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		d = load_ok(empties[i]);
		check_tree(d);
		tl_doc_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_and_positions),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_japanese_positions),
		cmocka_unit_test(test_positions_everywhere),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_keys_large),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_shift_jis),
		cmocka_unit_test(test_utf16_and_nul),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_yaml12_line_breaks),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_comment_needs_space),
		cmocka_unit_test(test_aliases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
