/* fuzz_yaml_load.c - fuzz target: the declaration loader (tl_doc_load) and what reads its tree. */
#include <string.h>

#include "fuzz.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "yaml/doc.h"

/* Checks the invariants doc.h promises for one node and its subtree. The
 * loader's depth limit bounds the recursion. */
static void walk(const tl_doc *doc, const tl_node *n, const tl_node *parent, size_t count)
{
	char path[64];

	FUZZ_ASSERT(n->id < count);
	FUZZ_ASSERT(n->parent == parent);
	FUZZ_ASSERT(n->depth == (parent ? parent->depth + 1 : 0));
	FUZZ_ASSERT(n->start.line >= 1 && n->start.col >= 1);
	FUZZ_ASSERT(n->end.line > n->start.line ||
	            (n->end.line == n->start.line && n->end.col >= n->start.col));
	/* A cut path loses at most the 3 bytes of a character it would split. */
	size_t need = tl_node_path(n, path, sizeof(path));
	size_t cut = need < sizeof(path) ? need : sizeof(path) - 1;
	FUZZ_ASSERT(strlen(path) <= cut && strlen(path) + 3 >= cut);
	/* The loader takes UTF-8 only and the path escapes control characters. */
	FUZZ_ASSERT(tl_utf8_check(path, strlen(path)) == strlen(path));
	const char *text;
	size_t len;
	/* A node starts on a line of the input, except an empty scalar at the very
	 * end (`? key` with no value, after the last line break): libyaml places it
	 * at the start of the line after the last one. */
	FUZZ_ASSERT(tl_doc_line(doc, n->start.line, &text, &len) ||
	            (n->kind == TL_NODE_SCALAR && n->u.scalar.len == 0 && n->start.col == 1 &&
	             n->start.line > 1 && tl_doc_line(doc, n->start.line - 1, &text, &len)));
	switch (n->kind) {
	case TL_NODE_SCALAR:
		FUZZ_ASSERT(n->u.scalar.text && n->u.scalar.text[n->u.scalar.len] == '\0');
		FUZZ_ASSERT(tl_node_text(n) == n->u.scalar.text);
		break;
	case TL_NODE_SEQUENCE:
		for (size_t i = 0; i < n->u.seq.count; i++) {
			FUZZ_ASSERT(n->u.seq.items[i]->index == i && !n->u.seq.items[i]->is_key);
			walk(doc, n->u.seq.items[i], n, count);
		}
		break;
	case TL_NODE_MAPPING:
		for (size_t i = 0; i < n->u.map.count; i++) {
			const tl_pair *p = &n->u.map.pairs[i];
			FUZZ_ASSERT(p->key->is_key && p->key->index == i && p->value->index == i);
			walk(doc, p->key, n, count);
			walk(doc, p->value, n, count);
			/* Keys are unique, so looking a scalar key up finds this pair. */
			if (p->key->kind == TL_NODE_SCALAR && strlen(p->key->u.scalar.text) == p->key->u.scalar.len)
				FUZZ_ASSERT(tl_node_get(n, p->key->u.scalar.text) == p->value);
		}
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_doc *doc = NULL;
	tl_error err;

	tl_error_clear(&err);
	int rc = tl_doc_load(&doc, &err, (const char *)data, size, NULL);
	if (rc == 0) {
		FUZZ_ASSERT(doc != NULL);
		const tl_node *root = tl_doc_root(doc);
		FUZZ_ASSERT(root != NULL && tl_doc_node_count(doc) >= 1);
		walk(doc, root, NULL, tl_doc_node_count(doc));
		tl_doc_free(doc);
		return 0;
	}
	/* Every refusal is a positioned error with a message in both languages. */
	FUZZ_ASSERT(doc == NULL);
	FUZZ_ASSERT(rc < 0 && err.code == rc);
	if (rc == TL_ENOMEM)
		return 0;
	FUZZ_ASSERT(err.pos.line >= 1 && err.pos.col >= 1);
	FUZZ_ASSERT(err.msg[0] != '\0' && err.msg_ja[0] != '\0');
	FUZZ_ASSERT(tl_utf8_check(err.msg, strlen(err.msg)) == strlen(err.msg));
	FUZZ_ASSERT(tl_utf8_check(err.msg_ja, strlen(err.msg_ja)) == strlen(err.msg_ja));
	for (int ja = 0; ja < 2; ja++) {
		char *r = tl_render_error("fuzz.yaml", &err, ja ? "ja" : "en", (const char *)data, size);
		FUZZ_ASSERT(r != NULL);
		free(r);
	}
	return 0;
}
