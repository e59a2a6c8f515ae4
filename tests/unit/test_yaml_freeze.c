/* test_yaml_freeze.c - a frozen document thaws into the tree the loader made;
 * damaged bytes are refused, never trusted; the built-in pack's frozen trees
 * are its files' trees. */
#include "yaml_test_util.h"

#include "pack/embedded.h"
#include "pack/source.h"

/* The program is linked with -Wl,--wrap=malloc (tests/yaml_freeze.cmake): the
 * library's malloc calls pass through here and are counted while asked. */
void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);
static bool counting;
static size_t counted;

void *__wrap_malloc(size_t n)
{
	if (counting)
		counted += n;
	return __real_malloc(n);
}

/* Every field of every node, and the shape: what a frozen tree must give back.
 * Texts are compared by content (a thawed alias copy has its own). */
static void assert_same_node(const tl_node *a, const tl_node *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->depth, b->depth);
	assert_int_equal(a->start.line, b->start.line);
	assert_int_equal(a->start.col, b->start.col);
	assert_int_equal(a->end.line, b->end.line);
	assert_int_equal(a->end.col, b->end.col);
	assert_int_equal(a->index, b->index);
	assert_int_equal(a->is_key, b->is_key);
	assert_int_equal(a->parent == NULL, b->parent == NULL);
	if (a->parent)
		assert_int_equal(a->parent->id, b->parent->id);
	assert_int_equal(a->tag == NULL, b->tag == NULL);
	if (a->tag)
		assert_string_equal(a->tag, b->tag);
	switch (a->kind) {
	case TL_NODE_SCALAR:
		assert_int_equal(a->u.scalar.style, b->u.scalar.style);
		assert_int_equal(a->u.scalar.len, b->u.scalar.len);
		assert_memory_equal(a->u.scalar.text, b->u.scalar.text, a->u.scalar.len + 1);
		break;
	case TL_NODE_SEQUENCE:
		assert_int_equal(a->u.seq.count, b->u.seq.count);
		for (size_t i = 0; i < a->u.seq.count; i++)
			assert_same_node(a->u.seq.items[i], b->u.seq.items[i]);
		break;
	case TL_NODE_MAPPING:
		assert_int_equal(a->u.map.count, b->u.map.count);
		for (size_t i = 0; i < a->u.map.count; i++) {
			assert_same_node(a->u.map.pairs[i].key, b->u.map.pairs[i].key);
			assert_same_node(a->u.map.pairs[i].value, b->u.map.pairs[i].value);
		}
		break;
	}
}

static void assert_same_doc(const tl_doc *a, const tl_doc *b)
{
	assert_int_equal(tl_doc_node_count(a), tl_doc_node_count(b));
	assert_same_node(tl_doc_root(a), tl_doc_root(b));
}

static tl_buf frozen_of(const char *yaml, size_t len, tl_doc **doc)
{
	tl_buf b = TL_BUF_INIT;
	*doc = load_ok_n(yaml, len, NULL);
	assert_int_equal(tl_doc_freeze(*doc, &b), 0);
	assert_non_null(b.data);
	return b;
}

/* Shapes the loader makes: styles, tags, aliases (copies with fresh ids),
 * flow and block collections, NUL and multi-byte text, collection keys, an
 * empty value, a scalar document. */
static const char *const DOCS[] = {
	"plan: SEMI-2024-012\n"
	"partners:\n"
	"  - name: Alpha\n"
	"    nda: {signed_on: 2025-01-10, covers_details: true}\n"
	"  - name: 'Beta'\n"
	"    tags: [a, \"b\\0c\", ~]\n"
	"note: |\n  two\n  lines\n"
	"folded: >\n  one\n  two\n"
	"flag: !!str true\n"
	"custom: !mine {a: 1}\n"
	"empty:\n",
	"base: &b {x: 1, y: [2, 3]}\n"
	"copy: *b\n"
	"more: *b\n"
	"? [complex, key]\n: value\n",
	"名前: 株式会社テスト\n説明: \"改行\\nあり\"\n",
	"just a scalar\n",
	"- - - deep\n    - er\n  - x\n- {}\n- []\n",
};

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(DOCS) / sizeof(DOCS[0]); i++) {
		tl_doc *doc, *thawed = NULL;
		tl_buf b = frozen_of(DOCS[i], strlen(DOCS[i]), &doc);
		assert_int_equal(tl_doc_thaw(&thawed, (const unsigned char *)b.data, b.len), 0);
		assert_same_doc(doc, thawed);
		/* No source text comes with it. */
		const char *t;
		size_t n;
		assert_false(tl_doc_line(thawed, 1, &t, &n));
		/* Freezing the thawed tree gives the same bytes. */
		tl_buf again = TL_BUF_INIT;
		assert_int_equal(tl_doc_freeze(thawed, &again), 0);
		assert_int_equal(again.len, b.len);
		assert_memory_equal(again.data, b.data, b.len);
		tl_buf_free(&again);
		tl_doc_free(thawed);
		tl_doc_free(doc);
		tl_buf_free(&b);
	}
}

/* Damaged bytes: every truncation and every single-byte change is either
 * refused with TL_EINVALID or thaws into a tree (a changed text or position
 * is still a tree); nothing reads past the end (ASan, valgrind). */
static void test_damaged(void **state)
{
	(void)state;
	tl_doc *doc, *t = NULL;
	tl_buf b = frozen_of(DOCS[1], strlen(DOCS[1]), &doc);
	for (size_t len = 0; len < b.len; len++) {
		/* A copy of exactly `len` bytes, so that a read past it is caught. */
		unsigned char *cut = malloc(len ? len : 1);
		assert_non_null(cut);
		memcpy(cut, b.data, len);
		assert_int_equal(tl_doc_thaw(&t, cut, len), TL_EINVALID);
		assert_null(t);
		free(cut);
	}
	unsigned char *copy = malloc(b.len);
	assert_non_null(copy);
	static const unsigned char flips[] = {0x01, 0x80, 0xFF, 0x20, 0x40};
	for (size_t i = 0; i < b.len; i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			memcpy(copy, b.data, b.len);
			copy[i] ^= flips[f];
			int rc = tl_doc_thaw(&t, copy, b.len);
			assert_true(rc == 0 || rc == TL_EINVALID);
			if (rc == 0) {
				assert_non_null(t);
				tl_doc_free(t);
			} else {
				assert_null(t);
			}
			t = NULL;
		}
	}
	/* Trailing bytes are not ignored. */
	tl_buf longer = TL_BUF_INIT;
	tl_buf_put(&longer, b.data, b.len);
	tl_buf_putc(&longer, 0);
	assert_int_equal(tl_doc_thaw(&t, (const unsigned char *)longer.data, longer.len), TL_EINVALID);
	/* A huge count is refused before anything is allocated for it. */
	static const unsigned char huge[] = {'T', 'L', 'D', 'O', 'C', 0, 0, 1, 0x02,
	                                     TL_NODE_SEQUENCE, 1, 1, 1, 1,
	                                     0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
	assert_int_equal(tl_doc_thaw(&t, huge, sizeof(huge)), TL_EINVALID);
	tl_buf_free(&longer);
	free(copy);
	tl_doc_free(doc);
	tl_buf_free(&b);
}

/* Collections nested inside each other, each announcing thousands of
 * children the bytes left could hold one at a time but not all together:
 * refused before allocating for them, so that what thawing allocates stays in
 * proportion to its input (without the check, 64 KiB a level: 64 MiB). */
static void test_damaged_counts_allocate_little(void **state)
{
	(void)state;
	tl_buf b = TL_BUF_INIT;
	static const unsigned char magic[] = {'T', 'L', 'D', 'O', 'C', 0, 0, 1};
	tl_buf_put(&b, (const char *)magic, sizeof(magic));
	tl_buf_put(&b, "\xA0\x8D\x06", 3);  /* 100,000 nodes */
	for (int level = 0; level < 1100; level++) {
		/* a mapping at 1:1-1:1 announcing 4,000 pairs; its first key is the next level */
		static const unsigned char m[] = {TL_NODE_MAPPING, 1, 1, 1, 1, 0xA0, 0x1F};
		tl_buf_put(&b, (const char *)m, sizeof(m));
	}
	for (int i = 0; i < 24000; i++)
		tl_buf_putc(&b, 0);
	assert_false(b.oom);
	tl_doc *t = NULL;
	counted = 0;
	counting = true;
	int rc = tl_doc_thaw(&t, (const unsigned char *)b.data, b.len);
	counting = false;
	assert_int_equal(rc, TL_EINVALID);
	assert_null(t);
	if (counted > 4 * b.len + 65536)
		fail_msg("thawing %zu bytes asked malloc for %zu", b.len, counted);
	tl_buf_free(&b);
}

/* A tree the loader would not make (ids out of document order) is not frozen:
 * thawing could not give it back. */
static void test_freeze_refuses_foreign_tree(void **state)
{
	(void)state;
	tl_doc *doc = load_ok_n("a: 1\nb: 2\n", 10, NULL);
	tl_node *b = (tl_node *)tl_doc_root(doc)->u.map.pairs[1].key;
	uint32_t id = b->id;
	b->id = 99;
	tl_buf out = TL_BUF_INIT;
	assert_int_equal(tl_doc_freeze(doc, &out), TL_EINVALID);
	b->id = id;
	tl_buf_free(&out);
	tl_doc_free(doc);
}

/* The trees the build froze into the binary are the trees of the pack's files
 * as they are embedded: the built-in pack thaws what parsing would give. */
static void test_embedded_pack(void **state)
{
	(void)state;
	size_t nfrozen = 0;
	for (const tl_embedded_file *f = tl_embedded_pack; f->name; f++) {
		const unsigned char *data;
		size_t len;
		tl_doc *parsed = load_ok_n(f->data, f->len, NULL), *thawed = NULL;
		assert_true(tl_pack_frozen(f->name, &data, &len));
		assert_int_equal(tl_doc_thaw(&thawed, data, len), 0);
		assert_same_doc(parsed, thawed);
		tl_doc_free(thawed);
		tl_doc_free(parsed);
		nfrozen++;
	}
	assert_true(nfrozen >= 3);
	const unsigned char *data;
	size_t len;
	assert_false(tl_pack_frozen("no-such-file.yaml", &data, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_damaged_counts_allocate_little),
		cmocka_unit_test(test_freeze_refuses_foreign_tree),
		cmocka_unit_test(test_embedded_pack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
