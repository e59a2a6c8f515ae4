/* freeze.c - a loaded document written out as bytes and read back without
 * parsing: the built-in rule pack is frozen at build time (tools/embed.c), so
 * that starting a check does not parse its YAML again. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "yaml_int.h"

/* Format: the magic, the node count, then every node in document order
 * (pre-order: a mapping's key before its value, earlier pairs first), each
 *   byte      kind | style << 2 | has_tag << 5
 *   varint    start line, start column, end line, end column
 *   [varint   tag length, tag bytes]          when has_tag
 *   varint    scalar: text length, text bytes; collection: child count
 * followed, for a collection, by its children (a mapping's as key, value,
 * key, value ...). Integers are unsigned LEB128, so the bytes do not depend
 * on the machine. Ids, depths, parents, indexes and is_key follow from the
 * order, and freezing checks that the document agrees. */
static const char MAGIC[8] = {'T', 'L', 'D', 'O', 'C', 0, 0, 1};

#define MAX_DEPTH 1024  /* far beyond the loader's own limit */

static void put_varint(tl_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	do {
		unsigned char byte = v & 0x7F;
		v >>= 7;
		tmp[n++] = (unsigned char)(byte | (v ? 0x80 : 0));
	} while (v);
	tl_buf_put(b, (const char *)tmp, n);
}

typedef struct freezer {
	tl_buf *out;
	uint32_t next_id;
} freezer;

static int freeze_node(freezer *f, const tl_node *n, const tl_node *parent, uint32_t index,
                       bool is_key, uint32_t depth)
{
	if (depth > MAX_DEPTH || n->id != f->next_id || n->parent != parent || n->depth != depth ||
	    (parent && (n->index != index || n->is_key != is_key)))
		return TL_EINVALID;
	f->next_id++;
	unsigned style = n->kind == TL_NODE_SCALAR ? (unsigned)n->u.scalar.style : 0;
	unsigned char head = (unsigned char)((unsigned)n->kind | style << 2 | (n->tag ? 1u : 0u) << 5);
	tl_buf_put(f->out, (const char *)&head, 1);
	put_varint(f->out, n->start.line);
	put_varint(f->out, n->start.col);
	put_varint(f->out, n->end.line);
	put_varint(f->out, n->end.col);
	if (n->tag) {
		size_t len = strlen(n->tag);
		put_varint(f->out, len);
		tl_buf_put(f->out, n->tag, len);
	}
	switch (n->kind) {
	case TL_NODE_SCALAR:
		put_varint(f->out, n->u.scalar.len);
		if (n->u.scalar.len)
			tl_buf_put(f->out, n->u.scalar.text, n->u.scalar.len);
		return 0;
	case TL_NODE_SEQUENCE:
		put_varint(f->out, n->u.seq.count);
		for (size_t i = 0; i < n->u.seq.count; i++) {
			int rc = freeze_node(f, n->u.seq.items[i], n, (uint32_t)i, false, depth + 1);
			if (rc)
				return rc;
		}
		return 0;
	case TL_NODE_MAPPING:
		put_varint(f->out, n->u.map.count);
		for (size_t i = 0; i < n->u.map.count; i++) {
			int rc = freeze_node(f, n->u.map.pairs[i].key, n, (uint32_t)i, true, depth + 1);
			if (!rc)
				rc = freeze_node(f, n->u.map.pairs[i].value, n, (uint32_t)i, false, depth + 1);
			if (rc)
				return rc;
		}
		return 0;
	}
	return TL_EINVALID;
}

int tl_doc_freeze(const tl_doc *doc, tl_buf *out)
{
	freezer f = {out, 0};
	if (!doc || !doc->root)
		return TL_EINVALID;
	tl_buf_put(out, MAGIC, sizeof(MAGIC));
	put_varint(out, doc->node_count);
	int rc = freeze_node(&f, doc->root, NULL, 0, false, 0);
	if (rc == 0 && f.next_id != doc->node_count)
		rc = TL_EINVALID;
	if (rc == 0 && out->oom)
		rc = TL_ENOMEM;
	return rc;
}

/* ---- thawing ----------------------------------------------------------- */

typedef struct thawer {
	const unsigned char *p, *end;
	tl_doc *doc;
	uint64_t count;      /* nodes the header announces */
	uint64_t pending;    /* nodes announced (by the header or an open collection)
	                        and not read yet: each needs six bytes at least */
	uint32_t next_id;
	const char *last_tag;
	int rc;
} thawer;

static bool get_varint(thawer *t, uint64_t *v)
{
	uint64_t r = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (t->p == t->end)
			return false;
		unsigned char byte = *t->p++;
		r |= (uint64_t)(byte & 0x7F) << shift;
		if (!(byte & 0x80)) {
			*v = r;
			return true;
		}
	}
	return false;
}

static bool get_u32(thawer *t, uint32_t *v)
{
	/* Most numbers of a tree (columns, counts, short lengths) take one byte. */
	if (t->p != t->end && *t->p < 0x80) {
		*v = *t->p++;
		return true;
	}
	uint64_t x;
	if (!get_varint(t, &x) || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool get_len(thawer *t, size_t *len)
{
	uint64_t x;
	if (!get_varint(t, &x) || x > (uint64_t)(t->end - t->p))
		return false;
	*len = (size_t)x;
	return true;
}

static tl_node *thaw_node(thawer *t, const tl_node *parent, uint32_t index, bool is_key,
                          uint32_t depth)
{
	tl_pos start, end;
	size_t taglen = 0, len = 0;
	const unsigned char *tag = NULL;
	uint64_t count = 0;

	if (depth > MAX_DEPTH || t->p == t->end || t->next_id >= t->count || t->pending == 0) {
		t->rc = TL_EINVALID;
		return NULL;
	}
	t->pending--;
	unsigned char head = *t->p++;
	unsigned kind = head & 3, style = (head >> 2) & 7;
	if (kind > TL_NODE_MAPPING || style > TL_STYLE_FOLDED || (head >> 6) ||
	    (kind != TL_NODE_SCALAR && style) || !get_u32(t, &start.line) || !get_u32(t, &start.col) ||
	    !get_u32(t, &end.line) || !get_u32(t, &end.col)) {
		t->rc = TL_EINVALID;
		return NULL;
	}
	if (head & 0x20) {
		if (!get_len(t, &taglen)) {
			t->rc = TL_EINVALID;
			return NULL;
		}
		tag = t->p;
		t->p += taglen;
	}
	/* Every node announced and not read yet takes six bytes at least: the
	 * children a collection announces must fit in what is left with those, so
	 * what is allocated for them stays in proportion to the input. */
	if (kind == TL_NODE_SCALAR) {
		if (!get_len(t, &len)) {
			t->rc = TL_EINVALID;
			return NULL;
		}
	} else {
		uint64_t room = (uint64_t)(t->end - t->p) / 6;
		if (!get_varint(t, &count) || count > room || count > SIZE_MAX / sizeof(tl_pair)) {
			t->rc = TL_EINVALID;
			return NULL;
		}
		uint64_t kids = kind == TL_NODE_MAPPING ? 2 * count : count;
		if (t->pending + kids > room || t->pending + kids > t->count - t->next_id - 1) {
			t->rc = TL_EINVALID;
			return NULL;
		}
		t->pending += kids;
	}
	tl_node *n = tl_arena_alloc(&t->doc->arena, sizeof(*n) + (kind == TL_NODE_SCALAR ? len + 1 : 0));
	if (!n) {
		t->rc = TL_ENOMEM;
		return NULL;
	}
	n->kind = (tl_node_kind)kind;
	n->id = t->next_id++;
	n->depth = depth;
	n->start = start;
	n->end = end;
	n->parent = parent;
	n->index = index;
	n->is_key = is_key;
	if (tag) {
		/* Nodes in a row often carry one tag: share its copy, as the loader does. */
		if (!t->last_tag || strlen(t->last_tag) != taglen || memcmp(t->last_tag, tag, taglen) != 0)
			t->last_tag = tl_arena_strndup(&t->doc->arena, (const char *)tag, taglen);
		if (!t->last_tag) {
			t->rc = TL_ENOMEM;
			return NULL;
		}
		n->tag = t->last_tag;
	}
	if (kind == TL_NODE_SCALAR) {
		char *text = (char *)(n + 1);
		if (len)
			memcpy(text, t->p, len);
		text[len] = '\0';
		t->p += len;
		n->u.scalar.text = text;
		n->u.scalar.len = len;
		n->u.scalar.style = (tl_scalar_style)style;
		return n;
	}
	if (kind == TL_NODE_SEQUENCE) {
		const tl_node **items = tl_arena_alloc(&t->doc->arena, (size_t)count * sizeof(*items) + 1);
		if (!items) {
			t->rc = TL_ENOMEM;
			return NULL;
		}
		for (uint64_t i = 0; i < count; i++)
			if (!(items[i] = thaw_node(t, n, (uint32_t)i, false, depth + 1)))
				return NULL;
		n->u.seq.items = items;
		n->u.seq.count = (size_t)count;
		return n;
	}
	tl_pair *pairs = tl_arena_alloc(&t->doc->arena, (size_t)count * sizeof(*pairs) + 1);
	if (!pairs) {
		t->rc = TL_ENOMEM;
		return NULL;
	}
	for (uint64_t i = 0; i < count; i++) {
		if (!(pairs[i].key = thaw_node(t, n, (uint32_t)i, true, depth + 1)) ||
		    !(pairs[i].value = thaw_node(t, n, (uint32_t)i, false, depth + 1)))
			return NULL;
	}
	n->u.map.pairs = pairs;
	n->u.map.count = (size_t)count;
	return n;
}

int tl_doc_thaw(tl_doc **out, const unsigned char *data, size_t len)
{
	thawer t = {.p = data, .end = data + len};

	*out = NULL;
	if (len < sizeof(MAGIC) || memcmp(data, MAGIC, sizeof(MAGIC)) != 0)
		return TL_EINVALID;
	t.p += sizeof(MAGIC);
	if (!get_varint(&t, &t.count) || t.count == 0 || t.count > UINT32_MAX)
		return TL_EINVALID;
	if (!(t.doc = calloc(1, sizeof(*t.doc))))
		return TL_ENOMEM;
	t.rc = TL_OK;
	t.pending = 1;  /* the root */
	t.doc->root = thaw_node(&t, NULL, 0, false, 0);
	if (t.rc == TL_OK && (t.p != t.end || t.next_id != t.count))
		t.rc = TL_EINVALID;
	if (t.rc != TL_OK) {
		tl_doc_free(t.doc);
		return t.rc;
	}
	t.doc->node_count = t.count;
	*out = t.doc;
	return TL_OK;
}
