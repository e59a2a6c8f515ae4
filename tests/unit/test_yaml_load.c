/* test_yaml_load.c - the YAML loader: tree and positions, encodings, limits, errors, paths, rendering. */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "yaml/doc.h"

/* ---- helpers ------------------------------------------------------------ */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static tl_doc *load_ok_n(const char *s, size_t len, const tl_load_limits *lim)
{
	tl_doc *d = NULL;
	tl_error e;
	tl_error_clear(&e);
	int rc = tl_doc_load(&d, &e, s, len, lim);
	if (rc != 0)
		fail_msg("load failed (%d) at %u:%u: %s", rc, e.pos.line, e.pos.col, e.msg);
	assert_non_null(d);
	return d;
}

static tl_doc *load_ok(const char *s)
{
	return load_ok_n(s, strlen(s), NULL);
}

/* Loads s expecting failure; returns the error for further checks. */
static tl_error load_err_n(const char *s, size_t len, const tl_load_limits *lim, int code,
                           uint32_t line, uint32_t col)
{
	tl_doc *d = (tl_doc *)1;
	tl_error e;
	tl_error_clear(&e);
	int rc = tl_doc_load(&d, &e, s, len, lim);
	if (rc != code || e.code != code || e.pos.line != line || e.pos.col != col)
		fail_msg("expected %d at %u:%u, got %d at %u:%u: %s", code, line, col, rc, e.pos.line,
		         e.pos.col, e.msg);
	assert_null(d);
	assert_true(e.msg[0] != '\0');
	assert_true(e.msg_ja[0] != '\0');
	return e;
}

static tl_error load_err(const char *s, int code, uint32_t line, uint32_t col)
{
	return load_err_n(s, strlen(s), NULL, code, line, col);
}

static void assert_pos(tl_pos p, uint32_t line, uint32_t col)
{
	if (p.line != line || p.col != col)
		fail_msg("expected %u:%u, got %u:%u", line, col, p.line, p.col);
}

static const tl_node *at(const tl_node *n, const char *key)
{
	const tl_node *v = tl_node_get(n, key);
	if (!v)
		fail_msg("no key %s", key);
	return v;
}

static const tl_node *item(const tl_node *n, size_t i)
{
	assert_int_equal(n->kind, TL_NODE_SEQUENCE);
	assert_true(i < n->u.seq.count);
	return n->u.seq.items[i];
}

static const tl_node *key_of(const tl_node *map, const char *key)
{
	for (size_t i = 0; i < map->u.map.count; i++)
		if (map->u.map.pairs[i].key->kind == TL_NODE_SCALAR &&
		    strcmp(map->u.map.pairs[i].key->u.scalar.text, key) == 0)
			return map->u.map.pairs[i].key;
	fail_msg("no key %s", key);
	return NULL;
}

static char *path_of(const tl_node *n)
{
	static char buf[256];
	size_t need = tl_node_path(n, buf, sizeof(buf));
	assert_true(need < sizeof(buf));
	assert_int_equal(strlen(buf), need);
	return buf;
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *s = malloc(u * times + t + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * times, tail, t + 1);
	return s;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	tl_buf b = TL_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tl_buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	if (!b.data)
		return calloc(1, 1);
	return tl_buf_detach(&b);
}

/* Every structural promise of doc.h, checked on a whole tree. */
static void check_tree(const tl_doc *d)
{
	size_t total = tl_doc_node_count(d);
	unsigned char *seen = calloc(total ? total : 1, 1);
	const tl_node **stack = malloc((total + 1) * sizeof(*stack));
	size_t n = 0, visited = 0;
	assert_non_null(seen);
	assert_non_null(stack);
	const tl_node *root = tl_doc_root(d);
	assert_non_null(root);
	assert_null(root->parent);
	assert_int_equal(root->depth, 0);
	stack[n++] = root;
	while (n) {
		const tl_node *x = stack[--n];
		assert_true(x->id < total);
		assert_false(seen[x->id]);
		seen[x->id] = 1;
		visited++;
		assert_true(x->start.line >= 1 && x->start.col >= 1);
		assert_true(x->end.line >= 1 && x->end.col >= 1);
		if (x->kind == TL_NODE_SCALAR) {
			assert_non_null(x->u.scalar.text);
			assert_int_equal(x->u.scalar.text[x->u.scalar.len], '\0');
			continue;
		}
		size_t count = x->kind == TL_NODE_SEQUENCE ? x->u.seq.count : x->u.map.count * 2;
		for (size_t i = 0; i < count; i++) {
			const tl_node *c;
			if (x->kind == TL_NODE_SEQUENCE) {
				c = x->u.seq.items[i];
				assert_int_equal(c->index, i);
				assert_false(c->is_key);
			} else {
				c = i % 2 ? x->u.map.pairs[i / 2].value : x->u.map.pairs[i / 2].key;
				assert_int_equal(c->index, i / 2);
				assert_int_equal(c->is_key, i % 2 == 0);
			}
			assert_ptr_equal(c->parent, x);
			assert_int_equal(c->depth, x->depth + 1);
			assert_true(c->id > x->id); /* created after its parent */
			stack[n++] = c;
		}
	}
	assert_int_equal(visited, total);
	free(seen);
	free(stack);
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
		assert_pos(key_of(root, "会社")->end, 1, 7); /* columns count bytes */
		assert_pos(company->start, 1, 9);
		assert_pos(company->end, 1, 30);
		const tl_node *p = item(at(root, "担当"), 0);
		assert_pos(at(p, "名前")->start, 3, 13);
		assert_pos(at(p, "名前")->end, 3, 28);
		const tl_node *roles = at(p, "役職");
		assert_pos(roles->start, 4, 13);
		assert_pos(item(roles, 1)->start, 4, 22);
		assert_pos(item(roles, 1)->end, 4, 28);
		assert_pos(roles->end, 4, 29);
		assert_string_equal(path_of(item(roles, 1)), "[\"担当\"][0][\"役職\"][1]");
		tl_doc_free(d);
		free(v);
	}
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
			size_t off = x->start.col - 1, tl = x->u.scalar.len;
			if (x->u.scalar.style == TL_STYLE_PLAIN) {
				assert_true(off + tl <= len);
				assert_memory_equal(line + off, x->u.scalar.text, tl);
				assert_int_equal(x->end.line, x->start.line);
				assert_int_equal(x->end.col, x->start.col + tl);
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

/* ---- paths ------------------------------------------------------------------ */

static void test_paths(void **state)
{
	(void)state;
	tl_doc *d = load_ok("partners:\n"
	                    "  - name: x\n"
	                    "  - nda: {signed_on: 2025-01-01}\n"
	                    "\"b c\": {\"q\\\"\\\\\": [1, [2]]}\n"
	                    "_ok9: {\"9a\": 1, \"\": 2, a-b: 3, \"tab\\t\": 4}\n");
	const tl_node *root = tl_doc_root(d);
	assert_string_equal(path_of(root), "");
	const tl_node *so = at(at(item(at(root, "partners"), 1), "nda"), "signed_on");
	assert_string_equal(path_of(so), "partners[1].nda.signed_on");
	assert_string_equal(path_of(key_of(at(item(at(root, "partners"), 1), "nda"), "signed_on")),
	                    "partners[1].nda.signed_on");
	const tl_node *deep = item(item(at(at(root, "b c"), "q\"\\"), 1), 0);
	assert_string_equal(path_of(deep), "[\"b c\"][\"q\\\"\\\\\"][1][0]");
	const tl_node *ok = at(root, "_ok9");
	assert_string_equal(path_of(ok), "_ok9");
	assert_string_equal(path_of(at(ok, "9a")), "_ok9[\"9a\"]");
	assert_string_equal(path_of(at(ok, "")), "_ok9[\"\"]");
	assert_string_equal(path_of(at(ok, "a-b")), "_ok9[\"a-b\"]");
	assert_string_equal(path_of(at(ok, "tab\t")), "_ok9[\"tab\\t\"]");

	/* Cut to the room given, NUL-terminated, full length returned. */
	char small[8];
	memset(small, 'x', sizeof(small));
	assert_int_equal(tl_node_path(so, small, sizeof(small)), 25);
	assert_string_equal(small, "partner");
	assert_int_equal(tl_node_path(so, NULL, 0), 25);
	char one[1] = {'x'};
	assert_int_equal(tl_node_path(so, one, 1), 25);
	assert_int_equal(one[0], '\0');
	tl_doc_free(d);

	/* A cut never leaves half a UTF-8 character. */
	d = load_ok("株式: 1\n");
	char cut[5];
	assert_int_equal(tl_node_path(at(tl_doc_root(d), "株式"), cut, sizeof(cut)), 10);
	assert_string_equal(cut, "[\"");
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
	/* A large mapping stays linear: quadratic would take minutes. */
	char *s = many_keys(300000, SIZE_MAX, &len);
	double t0 = now();
	tl_doc *d = load_ok_n(s, len, &lim);
	double t = now() - t0;
	assert_int_equal(tl_doc_root(d)->u.map.count, 300000);
	assert_true(t < 10.0);
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
	tl_error e = load_err_n(bad, sizeof(bad) - 1, NULL, TL_EENCODING, 2, 7);
	assert_string_equal(e.msg, "the file is not valid UTF-8: the byte 0xFF here does not belong "
	                           "to a UTF-8 character; save the file as UTF-8");
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
	{"名前: 山田: 太郎\n", 1, 15,
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

/* ---- limits ------------------------------------------------------------------------- */

static void test_limit_bytes(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = 10;
	tl_doc_free(load_ok_n("abc: 12345", 10, &lim));
	tl_error e = load_err_n("abc: 123456", 11, &lim, TL_ELIMIT, 1, 1);
	assert_string_equal(e.msg, "the file is larger than 10 bytes (limit max_bytes)");
	assert_string_equal(e.msg_ja, "ファイルが 10 バイトを超えています（上限 max_bytes）");
	/* The default, on each side. */
	size_t n = TL_DEFAULT_MAX_BYTES;
	char *big = malloc(n + 1);
	memset(big, ' ', n + 1);
	big[0] = 'x';
	tl_doc_free(load_ok_n(big, n, NULL));
	e = load_err_n(big, n + 1, NULL, TL_ELIMIT, 1, 1);
	assert_string_equal(e.msg, "the file is larger than 8388608 bytes (limit max_bytes)");
	free(big);
}

static void test_limit_depth(void **state)
{
	(void)state;
	/* 64 levels load; 65 do not. */
	char *closing = repeat("]", 64, "");
	char *ok = repeat("[", 64, closing);
	tl_doc *d = load_ok(ok);
	check_tree(d);
	tl_doc_free(d);
	free(ok);
	free(closing);
	closing = repeat("]", 65, "");
	char *bad = repeat("[", 65, closing);
	tl_error e = load_err(bad, TL_ELIMIT, 1, 65);
	assert_string_equal(e.msg, "nesting deeper than 64 levels (limit max_depth)");
	assert_string_equal(e.msg_ja, "入れ子が 64 段を超えています（上限 max_depth）");
	free(bad);
	free(closing);

	/* 100,000 unclosed '[': our limit fires, at once. */
	char *flood = repeat("[", 100000, "");
	double t0 = now();
	e = load_err(flood, TL_ELIMIT, 1, 65);
	assert_true(now() - t0 < 1.0);
	assert_string_equal(e.msg, "nesting deeper than 64 levels (limit max_depth)");
	free(flood);
	flood = repeat("{a: ", 100000, "");
	load_err(flood, TL_ELIMIT, 1, 4 * 64 + 1);
	free(flood);

	/* 10,000 nested block mappings: 50 MB, over max_bytes by default. */
	tl_buf b = TL_BUF_INIT;
	for (int i = 0; i < 10000; i++) {
		for (int k = 0; k < i; k++)
			tl_buf_putc(&b, ' ');
		tl_buf_puts(&b, "a:\n");
	}
	assert_false(b.oom);
	e = load_err_n(b.data, b.len, NULL, TL_ELIMIT, 1, 1);
	assert_non_null(strstr(e.msg, "max_bytes"));
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = b.len;
	t0 = now();
	e = load_err_n(b.data, b.len, &lim, TL_ELIMIT, 65, 65);
	assert_true(now() - t0 < 1.0);
	assert_string_equal(e.msg, "nesting deeper than 64 levels (limit max_depth)");
	tl_buf_free(&b);

	/* A limit of our choosing, counted by collection levels. */
	lim = (tl_load_limits)TL_LOAD_LIMITS_INIT;
	lim.max_depth = 3;
	const char *three = "a:\n  b:\n    - x\n", *four = "a:\n  b:\n    - [x]\n";
	tl_doc_free(load_ok_n(three, strlen(three), &lim));
	e = load_err_n(four, strlen(four), &lim, TL_ELIMIT, 3, 7);
	assert_string_equal(e.msg, "nesting deeper than 3 levels (limit max_depth)");
	/* ... and an alias may not build deeper than that either. */
	const char *alias = "a: &x [[1]]\nb: *x\nc: [*x]\n";
	e = load_err_n(alias, strlen(alias), &lim, TL_ELIMIT, 3, 5);
	assert_non_null(strstr(e.msg, "max_depth"));
	lim.max_depth = 4;
	tl_doc_free(load_ok_n(alias, strlen(alias), &lim));
}

static void test_limit_nodes(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_nodes = 5;
	tl_doc *d = load_ok_n("[1, 2, 3, 4]", 12, &lim);
	assert_int_equal(tl_doc_node_count(d), 5);
	tl_doc_free(d);
	tl_error e = load_err_n("[1, 2, 3, 4, 5]", 15, &lim, TL_ELIMIT, 1, 14);
	assert_string_equal(e.msg, "the document has more than 5 nodes (limit max_nodes)");
	assert_string_equal(e.msg_ja, "文書のノードが 5 個を超えています（上限 max_nodes）");
	/* Copies count too, before they are made. */
	const char *seven = "- &a [1, 2]\n- *a\n", *eight = "- &a [1, 2]\n- *a\n- 3\n";
	lim.max_nodes = 7;
	d = load_ok_n(seven, strlen(seven), &lim);
	assert_int_equal(tl_doc_node_count(d), 7);
	tl_doc_free(d);
	load_err_n(eight, strlen(eight), &lim, TL_ELIMIT, 3, 3);
	lim.max_nodes = 6;
	load_err_n(seven, strlen(seven), &lim, TL_ELIMIT, 2, 3);
}

static void test_limit_alias_nodes(void **state)
{
	(void)state;
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	const char *s = "a: &x [1, 2]\nb: *x\nc: *x\n";
	lim.max_alias_nodes = 6;
	tl_doc_free(load_ok_n(s, strlen(s), &lim));
	lim.max_alias_nodes = 5;
	tl_error e = load_err_n(s, strlen(s), &lim, TL_ELIMIT, 3, 4);
	assert_string_equal(e.msg, "expanding the alias *x would copy more than 5 nodes in all "
	                           "(limit max_alias_nodes)");
	assert_non_null(strstr(e.msg_ja, "max_alias_nodes"));

	/* Billion laughs: refused before anything is copied. */
	tl_buf b = TL_BUF_INIT;
	tl_buf_puts(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		tl_buf_printf(&b, "%c: &%c [", c, c);
		for (int k = 0; k < 9; k++)
			tl_buf_printf(&b, "%s*%c", k ? ", " : "", c - 1);
		tl_buf_puts(&b, "]\n");
	}
	double t0 = now();
	e = load_err_n(b.data, b.len, NULL, TL_ELIMIT, 5, 8);
	assert_true(now() - t0 < 0.5);
	assert_string_equal(e.msg, "expanding the alias *d would copy more than 10000 nodes in all "
	                           "(limit max_alias_nodes)");
	/* Even with every other limit lifted, memory stays bounded by the budget. */
	lim = (tl_load_limits)TL_LOAD_LIMITS_INIT;
	lim.max_nodes = SIZE_MAX;
	lim.max_alias_nodes = 1000000;
	t0 = now();
	e = load_err_n(b.data, b.len, &lim, TL_ELIMIT, 7, 8);
	assert_true(now() - t0 < 2.0);
	tl_buf_free(&b);
}

/* ---- rendering ------------------------------------------------------------------------ */

static char *render(const char *file, tl_pos pos, const char *msg, const char *lang,
                    const char *data)
{
	tl_error e;
	tl_error_clear(&e);
	tl_error_set(&e, TL_ESYNTAX, pos, "%s", msg);
	tl_error_set_ja(&e, "日本語: %s", msg);
	char *r = tl_render_error(file, &e, lang, data, data ? strlen(data) : 0);
	assert_non_null(r);
	assert_int_equal(tl_utf8_check(r, strlen(r)), strlen(r));
	return r;
}

static void expect_render(const char *file, tl_pos pos, const char *lang, const char *data,
                          const char *want)
{
	char *r = render(file, pos, "msg", lang, data);
	if (strcmp(r, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", r, want);
	free(r);
}

static void test_render(void **state)
{
	(void)state;
	expect_render("d.yaml", (tl_pos){2, 4}, "en", "a: 1\nb: [x\n", "d.yaml:2:4: msg\nb: [x\n   ^");
	expect_render("d.yaml", (tl_pos){2, 4}, "ja", "a: 1\nb: [x\n",
	              "d.yaml:2:4: 日本語: msg\nb: [x\n   ^");
	/* Wide characters before the column take two cells each. */
	expect_render("d.yaml", (tl_pos){1, 15}, "en", "名前: 山田: 太郎\n",
	              "d.yaml:1:15: msg\n名前: 山田: 太郎\n          ^");
	expect_render("d.yaml", (tl_pos){1, 1}, "en", "名前: x", "d.yaml:1:1: msg\n名前: x\n^");
	/* A tab stays a tab, under it too, so the caret lines up. */
	expect_render("t.yaml", (tl_pos){1, 5}, "en", "x:\tfoo bar\n", "t.yaml:1:5: msg\nx:\tfoo bar\n  \t ^");
	/* BOM and CRLF are not shown; the column may be just past the end. */
	expect_render("b.yaml", (tl_pos){2, 3}, "en", "\xEF\xBB\xBF" "a\r\nbc\r\nd",
	              "b.yaml:2:3: msg\nbc\n  ^");
	expect_render("b.yaml", (tl_pos){2, 9}, "en", "a\nbc\n", "b.yaml:2:9: msg\nbc\n  ^");
	/* No source to show: only the first line. */
	expect_render("n.yaml", (tl_pos){3, 1}, "en", NULL, "n.yaml:3:1: msg");
	expect_render("n.yaml", (tl_pos){3, 1}, "en", "a\nb\n", "n.yaml:3:1: msg");
	expect_render("n.yaml", (tl_pos){1, 1}, "en", "", "n.yaml:1:1: msg");
	expect_render("n.yaml", (tl_pos){0, 0}, "en", "a\n", "n.yaml: msg");
	expect_render("n.yaml", (tl_pos){1, 0}, "en", "a\n", "n.yaml:1: msg");
	expect_render(NULL, (tl_pos){1, 2}, "en", "ab", "<input>:1:2: msg\nab\n ^");
	/* Bytes that are not text are shown as U+FFFD, one cell each. */
	expect_render("s.yaml", (tl_pos){1, 5}, "en", "a: \x82\xA0x",
	              "s.yaml:1:5: msg\na: \xEF\xBF\xBD\xEF\xBF\xBDx\n    ^");
	/* A very long line is shown as a window around the column. */
	char *line = repeat("a", 1000, "\n");
	char *r = render("l.yaml", (tl_pos){1, 501}, "msg", "en", line);
	char *want = malloc(2000);
	int n = snprintf(want, 2000, "l.yaml:1:501: msg\n...");
	memset(want + n, 'a', 240);
	n += 240;
	n += snprintf(want + n, 2000 - (size_t)n, "...\n");
	memset(want + n, ' ', 123);
	snprintf(want + n + 123, 2000 - (size_t)n - 123, "^");
	assert_string_equal(r, want);
	free(r);
	free(want);
	free(line);
}

static void test_render_load_errors(void **state)
{
	(void)state;
	const char *in = "会社: 株式会社\n役員: [山田, 佐藤\n";
	tl_doc *d = (tl_doc *)1;
	tl_error e;
	assert_int_equal(tl_doc_load(&d, &e, in, strlen(in), NULL), TL_ESYNTAX);
	char *r = tl_render_error("decl.yaml", &e, "en", in, strlen(in));
	assert_string_equal(r, "decl.yaml:3:1: expected ',' or ']' in a [ ] list: is a comma or the "
	                       "closing ']' missing? (in the [ ] list that starts at 2:9)");
	free(r);
	in = "会社: 株式会社\n役員: [山田, 佐藤 }\n";
	assert_int_equal(tl_doc_load(&d, &e, in, strlen(in), NULL), TL_ESYNTAX);
	r = tl_render_error("decl.yaml", &e, "ja", in, strlen(in));
	assert_string_equal(r, "decl.yaml:2:25: [ ] のリストの中に ',' か ']' が必要です。カンマか閉じる "
	                       "']' が抜けていないか確認してください（2:9 から始まる [ ] のリスト）\n"
	                       "役員: [山田, 佐藤 }\n"
	                       "                  ^");
	free(r);
}

/* ---- threads ------------------------------------------------------------------------ */

static void *load_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		tl_doc *d = NULL;
		tl_error e;
		if (tl_doc_load(&d, &e, BASIC, strlen(BASIC), NULL) != 0)
			return (void *)1;
		const tl_node *so =
		        tl_node_get(tl_node_get(tl_doc_root(d)->u.map.pairs[1].value->u.seq.items[0], "nda"),
		                    "signed_on");
		bool ok = so && so->start.line == 5 && so->start.col == 18;
		tl_doc_free(d);
		if (!ok || tl_doc_load(&d, &e, "a: [1,\n", 7, NULL) != TL_ESYNTAX || e.pos.line != 2)
			return (void *)1;
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, load_many, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
}

/* ---- the YAML test suite ---------------------------------------------------------------- */

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

typedef struct suite_stats {
	int cases, loaded, refused;
} suite_stats;

/* Whether the libyaml baseline says both the suite and libyaml reject it. */
static bool baseline_error(const char *tsv, const char *id)
{
	char key[600];
	snprintf(key, sizeof(key), "\n%s\terror\terror\t", id);
	return strstr(tsv, key) != NULL;
}

static void suite_case(const char *dir, const char *id, const char *tsv, suite_stats *st)
{
	char path[1600];
	snprintf(path, sizeof(path), "%s/in.yaml", dir);
	size_t len;
	char *data = read_file(path, &len);
	if (!data)
		return;
	st->cases++;
	tl_doc *d = NULL;
	tl_error e;
	tl_error_clear(&e);
	int rc = tl_doc_load(&d, &e, data, len, NULL);
	if (rc == 0) {
		check_tree(d);
		tl_doc_free(d);
		st->loaded++;
		if (tsv && baseline_error(tsv, id))
			fail_msg("%s: loaded, but the suite and libyaml reject it", id);
	} else {
		st->refused++;
		if (e.pos.line < 1 || !e.msg[0] || !e.msg_ja[0] || e.code != rc)
			fail_msg("%s: error without position or message (%d %u:%u)", id, rc, e.pos.line,
			         e.pos.col);
		char *r = tl_render_error(path, &e, "ja", data, len);
		assert_non_null(r);
		assert_int_equal(tl_utf8_check(r, strlen(r)), strlen(r));
		free(r);
	}
	free(data);
}

static void test_yaml_test_suite(void **state)
{
	(void)state;
	const char *base = TLCHECK_SHARED_DIR "/conformance/yaml-test-suite";
	char cases[1024];
	snprintf(cases, sizeof(cases), "%s/cases", base);
	if (!exists(cases)) {
		skip();
		return;
	}
	char tsvpath[1024];
	snprintf(tsvpath, sizeof(tsvpath), "%s/libyaml-0.2.5-baseline.tsv", base);
	size_t tlen;
	char *tsv0 = read_file(tsvpath, &tlen);
	char *tsv = NULL;
	if (tsv0) { /* a leading newline lets every row be found as "\nID\t" */
		tsv = malloc(tlen + 2);
		tsv[0] = '\n';
		memcpy(tsv + 1, tsv0, tlen + 1);
		free(tsv0);
	}
	suite_stats st = {0, 0, 0};
	DIR *top = opendir(cases);
	assert_non_null(top);
	struct dirent *de;
	while ((de = readdir(top))) {
		if (de->d_name[0] == '.')
			continue;
		char dir[1280], probe[1300];
		snprintf(dir, sizeof(dir), "%s/%s", cases, de->d_name);
		snprintf(probe, sizeof(probe), "%s/in.yaml", dir);
		if (exists(probe)) {
			suite_case(dir, de->d_name, tsv, &st);
			continue;
		}
		DIR *sub = opendir(dir);
		if (!sub)
			continue;
		struct dirent *se;
		while ((se = readdir(sub))) {
			if (se->d_name[0] == '.')
				continue;
			char sdir[1536], id[512];
			snprintf(sdir, sizeof(sdir), "%s/%s", dir, se->d_name);
			snprintf(id, sizeof(id), "%s-%s", de->d_name, se->d_name);
			suite_case(sdir, id, tsv, &st);
		}
		closedir(sub);
	}
	closedir(top);
	free(tsv);
	print_message("yaml-test-suite: %d cases, %d loaded, %d refused\n", st.cases, st.loaded,
	              st.refused);
	assert_true(st.cases >= 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_and_positions),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_japanese_positions),
		cmocka_unit_test(test_positions_everywhere),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_keys_large),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_shift_jis),
		cmocka_unit_test(test_utf16_and_nul),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_limit_bytes),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_nodes),
		cmocka_unit_test(test_limit_alias_nodes),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_render_load_errors),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_yaml_test_suite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
