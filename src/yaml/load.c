/* load.c - builds the immutable document tree from libyaml events, in one pass, within limits. */
#include "doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "../util/arena.h"
#include "yaml_int.h"

/* Mappings up to this many keys are checked for duplicates by a linear scan;
 * bigger ones get a hash set so that a million keys stay linear. */
#define LINEAR_KEYS 16

typedef struct keyslot {
	uint32_t hash; /* low bits of the key's hash, to skip most comparisons */
	uint32_t off1; /* 1 + offset of the key in the frame's kids; 0 = empty */
} keyslot;

typedef struct keyset {
	keyslot *slots; /* malloc'd; freed when the mapping ends */
	size_t cap;     /* a power of two, or 0 before the mapping outgrows LINEAR_KEYS */
	size_t used;
} keyset;

/* An open collection. */
typedef struct frame {
	tl_node *node;
	size_t base;        /* its first child in loader.kids */
	uint32_t kid_height;
	bool flow;
	size_t anchor;      /* 1 + index in loader.anchors, or 0 */
	tl_pos last_end;    /* where the last child's text ended */
	keyset keys;
} frame;

typedef struct anchor {
	const char *name;
	size_t len;
	const tl_node *node;
	size_t size;        /* nodes in its subtree, once complete */
	uint32_t height;    /* collection levels in its subtree, once complete */
	bool complete;
} anchor;

typedef struct loader {
	tl_doc *doc;
	tl_error *err;
	tl_yaml_text text;
	size_t max_depth, max_nodes, max_alias_nodes;
	tl_arena scratch;   /* anchor names; freed when loading ends */
	/* The arrays below are malloc'd (realloc grows them without zeroing or
	 * copying pages again) and freed when loading ends. */
	frame *frames;
	size_t nframes, cframes;
	tl_node **kids;     /* children of all open collections, in order */
	size_t nkids, ckids;
	anchor *anchors;
	size_t nanchors, canchors;
	uint32_t *amap;     /* hash of anchor names: 1 + index in anchors */
	size_t amap_cap, amap_used;
	void *cstack;       /* work stack of alias copies */
	size_t ccstack;
	const char *last_tag; /* tags repeat: share the copy of the last one */
	size_t alias_nodes;
	uint32_t next_id;
	unsigned docs;
	tl_node *root;
	/* Byte offsets, in order, of the '#' that follow neither white space nor
	 * a line break (check_hashes), the next one to check, and where the text
	 * between the last event and the next begins. */
	size_t *hashes;
	size_t nhashes, chashes, next_hash;
	size_t gap_from;
	size_t comment_end;   /* where the comment line last found by in_comment ends */
} loader;

static int oom(loader *ld)
{
	tl_error_set(ld->err, TL_ENOMEM, (tl_pos){0, 0}, "out of memory while loading the YAML");
	tl_error_set_ja(ld->err, "YAML の読み込み中にメモリが不足しました");
	return TL_ENOMEM;
}

/* Doubles a malloc'd scratch array until it holds `need` elements. */
static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return false;
		ncap *= 2;
	}
	void *p = realloc(*arr, ncap * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	/* Similar keys (k1, k2, ...) differ in few bits: mix them all in
	 * before masking, or linear probing clusters. */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

/* ---- duplicate keys ------------------------------------------------------ */

static bool same_text(const tl_node *a, const tl_node *b)
{
	return a->u.scalar.len == b->u.scalar.len &&
	       memcmp(a->u.scalar.text, b->u.scalar.text, a->u.scalar.len) == 0;
}

static bool keyset_insert(loader *ld, frame *f, size_t off, const tl_node **dup);

/* Moves the keys to a table of ncap slots; on first use (no table yet) it
 * takes the scalar keys among the first `upto` kids of the frame. */
static bool keyset_rehash(loader *ld, frame *f, size_t ncap, size_t upto)
{
	keyslot *slots = calloc(ncap, sizeof(*slots));
	if (!slots)
		return false;
	keyslot *old = f->keys.slots;
	size_t ocap = f->keys.cap;
	size_t mask = ncap - 1;
	f->keys.slots = slots;
	f->keys.cap = ncap;
	f->keys.used = 0;
	if (old) {
		/* The keys are distinct and their hashes known: just place them. */
		for (size_t i = 0; i < ocap; i++) {
			if (!old[i].off1)
				continue;
			size_t j = old[i].hash & mask;
			while (slots[j].off1)
				j = (j + 1) & mask;
			slots[j] = old[i];
			f->keys.used++;
		}
		free(old);
		return true;
	}
	const tl_node *dup;
	for (size_t off = 0; off < upto; off += 2)
		if (ld->kids[f->base + off]->kind == TL_NODE_SCALAR && !keyset_insert(ld, f, off, &dup))
			return false;
	return true;
}

/* Adds the scalar key at kids[base + off]; sets *dup to an earlier equal key
 * instead when there is one. Returns false when out of memory. */
static bool keyset_insert(loader *ld, frame *f, size_t off, const tl_node **dup)
{
	const tl_node *k = ld->kids[f->base + off];
	*dup = NULL;
	if ((f->keys.used + 1) * 2 > f->keys.cap && !keyset_rehash(ld, f, f->keys.cap * 2, 0))
		return false;
	/* Slots keep 32 bits of the hash; a table never exceeds 2^32 slots
	 * (ids are 32-bit), so those bits also place the key. */
	uint32_t h = (uint32_t)hash_bytes(k->u.scalar.text, k->u.scalar.len);
	size_t mask = f->keys.cap - 1;
	size_t i = h & mask;
	while (f->keys.slots[i].off1) {
		if (f->keys.slots[i].hash == h) {
			const tl_node *o = ld->kids[f->base + f->keys.slots[i].off1 - 1];
			if (same_text(o, k)) {
				*dup = o;
				return true;
			}
		}
		i = (i + 1) & mask;
	}
	f->keys.slots[i] = (keyslot){h, (uint32_t)(off + 1)};
	f->keys.used++;
	return true;
}

static int dup_error(loader *ld, const tl_node *key, tl_pos where, const tl_node *first)
{
	char q[200];
	tl_yaml_quote(q, sizeof(q), key->u.scalar.text, key->u.scalar.len, 80);
	tl_error_set(ld->err, TL_EDUPKEY, where, "duplicate key \"%s\" (first at %u:%u)", q,
	             (unsigned)first->start.line, (unsigned)first->start.col);
	tl_error_set_ja(ld->err, "キー \"%s\" が重複しています（最初は %u:%u）", q,
	                (unsigned)first->start.line, (unsigned)first->start.col);
	return TL_EDUPKEY;
}

/* Checks the scalar key just pushed at kids[base + off] against the others;
 * `where` is where it was written (an alias copy keeps the anchor's start). */
static int check_key(loader *ld, frame *f, size_t off, tl_pos where)
{
	const tl_node *k = ld->kids[f->base + off];
	const tl_node *dup = NULL;
	if (k->kind != TL_NODE_SCALAR)
		return 0; /* collections as keys: rare, and compared by nobody */
	if (off / 2 < LINEAR_KEYS && !f->keys.cap) {
		for (size_t o = 0; o < off; o += 2) {
			const tl_node *p = ld->kids[f->base + o];
			if (p->kind == TL_NODE_SCALAR && same_text(p, k)) {
				dup = p;
				break;
			}
		}
	} else {
		if (!f->keys.cap && !keyset_rehash(ld, f, 4 * LINEAR_KEYS, off))
			return oom(ld);
		if (!keyset_insert(ld, f, off, &dup))
			return oom(ld);
	}
	return dup ? dup_error(ld, k, where, dup) : 0;
}

/* ---- nodes ------------------------------------------------------------ */

static int nodes_error(loader *ld, tl_pos pos)
{
	tl_error_set(ld->err, TL_ELIMIT, pos, "the document has more than %zu nodes (limit max_nodes)",
	             ld->max_nodes);
	tl_error_set_ja(ld->err, "文書のノードが %zu 個を超えています（上限 max_nodes）",
	                ld->max_nodes);
	return TL_ELIMIT;
}

static int depth_error(loader *ld, tl_pos pos)
{
	tl_error_set(ld->err, TL_ELIMIT, pos, "nesting deeper than %zu levels (limit max_depth)",
	             ld->max_depth);
	tl_error_set_ja(ld->err, "入れ子が %zu 段を超えています（上限 max_depth）", ld->max_depth);
	return TL_ELIMIT;
}

/* A new node, with `extra` bytes after it for a scalar's text (one
 * allocation instead of two: most nodes are small scalars). */
static int new_node(loader *ld, tl_node **out, tl_node_kind kind, tl_pos start, tl_pos end,
                    const unsigned char *tag, size_t extra)
{
	if (ld->next_id >= ld->max_nodes)
		return nodes_error(ld, start);
	if (extra > SIZE_MAX - sizeof(tl_node))
		return oom(ld);
	tl_node *n = tl_arena_alloc(&ld->doc->arena, sizeof(*n) + extra);
	if (!n)
		return oom(ld);
	n->kind = kind;
	n->id = ld->next_id++;
	n->start = start;
	n->end = end;
	if (tag) {
		if (!ld->last_tag || strcmp(ld->last_tag, (const char *)tag) != 0)
			ld->last_tag = tl_arena_strdup(&ld->doc->arena, (const char *)tag);
		if (!ld->last_tag)
			return oom(ld);
		n->tag = ld->last_tag;
	}
	*out = n;
	return 0;
}

/* Hangs a finished or opening node under the innermost open collection;
 * [where, text_end) is the text that wrote it. */
static int attach(loader *ld, tl_node *n, tl_pos where, tl_pos text_end)
{
	if (ld->nframes == 0) {
		ld->root = n;
		return 0;
	}
	frame *f = &ld->frames[ld->nframes - 1];
	size_t off = ld->nkids - f->base;
	if (!grow((void **)&ld->kids, &ld->ckids, ld->nkids + 1, sizeof(*ld->kids)))
		return oom(ld);
	ld->kids[ld->nkids++] = n;
	n->parent = f->node;
	n->depth = f->node->depth + 1;
	f->last_end = text_end;
	if (f->node->kind == TL_NODE_SEQUENCE) {
		n->index = (uint32_t)off;
		return 0;
	}
	n->index = (uint32_t)(off / 2);
	n->is_key = off % 2 == 0;
	return n->is_key ? check_key(ld, f, off, where) : 0;
}

/* ---- anchors ---------------------------------------------------------- */

static anchor *find_anchor(loader *ld, const char *name, size_t len)
{
	if (!ld->amap_cap)
		return NULL;
	size_t mask = ld->amap_cap - 1, i = (size_t)hash_bytes(name, len) & mask;
	while (ld->amap[i]) {
		anchor *a = &ld->anchors[ld->amap[i] - 1];
		if (a->len == len && memcmp(a->name, name, len) == 0)
			return a;
		i = (i + 1) & mask;
	}
	return NULL;
}

static void amap_put(loader *ld, size_t idx)
{
	const anchor *a = &ld->anchors[idx];
	size_t mask = ld->amap_cap - 1, i = (size_t)hash_bytes(a->name, a->len) & mask;
	while (ld->amap[i]) {
		const anchor *o = &ld->anchors[ld->amap[i] - 1];
		if (o->len == a->len && memcmp(o->name, a->name, a->len) == 0)
			break; /* redefined: the later anchor wins, as YAML says */
		i = (i + 1) & mask;
	}
	if (!ld->amap[i])
		ld->amap_used++;
	ld->amap[i] = (uint32_t)(idx + 1);
}

/* Records an anchor on node n; returns 1 + its index, or 0 when out of memory. */
static size_t add_anchor(loader *ld, const unsigned char *name, const tl_node *n, bool complete)
{
	size_t len = strlen((const char *)name);
	if (!grow((void **)&ld->anchors, &ld->canchors, ld->nanchors + 1, sizeof(anchor)))
		return 0;
	if ((ld->amap_used + 1) * 2 > ld->amap_cap) {
		size_t ncap = ld->amap_cap ? ld->amap_cap * 2 : 64;
		uint32_t *m = calloc(ncap, sizeof(*m));
		if (!m)
			return 0;
		free(ld->amap);
		ld->amap = m;
		ld->amap_cap = ncap;
		ld->amap_used = 0;
		/* Re-adding in order keeps the latest definition of each name. */
		for (size_t i = 0; i < ld->nanchors; i++)
			amap_put(ld, i);
	}
	anchor *a = &ld->anchors[ld->nanchors];
	if (!(a->name = tl_arena_strndup(&ld->scratch, (const char *)name, len)))
		return 0;
	a->len = len;
	a->node = n;
	a->size = 1;
	a->height = 0;
	a->complete = complete;
	amap_put(ld, ld->nanchors);
	return ++ld->nanchors;
}

/* ---- events ----------------------------------------------------------- */

static int on_scalar(loader *ld, const yaml_event_t *ev)
{
	tl_node *n;
	tl_pos start = tl_yaml_text_pos(&ld->text, &ev->start_mark);
	tl_pos end = tl_yaml_text_pos(&ld->text, &ev->end_mark);
	size_t len = ev->data.scalar.length;
	if (len == SIZE_MAX)
		return oom(ld);
	int rc = new_node(ld, &n, TL_NODE_SCALAR, start, end, ev->data.scalar.tag, len + 1);
	if (rc)
		return rc;
	static const tl_scalar_style styles[] = {
		[YAML_ANY_SCALAR_STYLE] = TL_STYLE_PLAIN,
		[YAML_PLAIN_SCALAR_STYLE] = TL_STYLE_PLAIN,
		[YAML_SINGLE_QUOTED_SCALAR_STYLE] = TL_STYLE_SINGLE_QUOTED,
		[YAML_DOUBLE_QUOTED_SCALAR_STYLE] = TL_STYLE_DOUBLE_QUOTED,
		[YAML_LITERAL_SCALAR_STYLE] = TL_STYLE_LITERAL,
		[YAML_FOLDED_SCALAR_STYLE] = TL_STYLE_FOLDED,
	};
	yaml_scalar_style_t st = ev->data.scalar.style;
	n->u.scalar.style = (size_t)st < sizeof(styles) / sizeof(styles[0]) ? styles[st]
	                                                                     : TL_STYLE_PLAIN;
	char *text = (char *)(n + 1);
	if (len)
		memcpy(text, ev->data.scalar.value, len);
	text[len] = '\0';
	n->u.scalar.text = text;
	n->u.scalar.len = len;
	if (ev->data.scalar.anchor && !add_anchor(ld, ev->data.scalar.anchor, n, true))
		return oom(ld);
	return attach(ld, n, start, end);
}

static int on_start(loader *ld, const yaml_event_t *ev, tl_node_kind kind)
{
	tl_pos start = tl_yaml_text_pos(&ld->text, &ev->start_mark);
	/* Our limit, checked before libyaml's own (a process-wide constant in
	 * newer versions) can be reached. */
	if (ld->nframes >= ld->max_depth)
		return depth_error(ld, start);
	const unsigned char *tag, *anchor_name;
	bool flow;
	if (kind == TL_NODE_SEQUENCE) {
		tag = ev->data.sequence_start.tag;
		anchor_name = ev->data.sequence_start.anchor;
		flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	} else {
		tag = ev->data.mapping_start.tag;
		anchor_name = ev->data.mapping_start.anchor;
		flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	}
	tl_node *n;
	int rc = new_node(ld, &n, kind, start, start, tag, 0);
	if (rc)
		return rc;
	size_t a = 0;
	if (anchor_name && !(a = add_anchor(ld, anchor_name, n, false)))
		return oom(ld);
	if ((rc = attach(ld, n, start, start)))
		return rc;
	if (!grow((void **)&ld->frames, &ld->cframes, ld->nframes + 1, sizeof(frame)))
		return oom(ld);
	ld->frames[ld->nframes++] = (frame){.node = n, .base = ld->nkids, .flow = flow,
	                                    .anchor = a, .last_end = start};
	return 0;
}

static int on_end(loader *ld, const yaml_event_t *ev)
{
	frame *f = &ld->frames[--ld->nframes];
	tl_node *n = f->node;
	size_t count = ld->nkids - f->base;
	tl_node **kids = count ? ld->kids + f->base : NULL;
	/* A block collection ends where its last child does; libyaml's end mark
	 * is at the next token, possibly lines below. */
	n->end = f->flow ? tl_yaml_text_pos(&ld->text, &ev->end_mark) : f->last_end;
	if (n->kind == TL_NODE_SEQUENCE) {
		const tl_node **items = tl_arena_alloc(&ld->doc->arena, count * sizeof(*items) + 1);
		if (!items)
			return oom(ld);
		if (count)
			memcpy(items, kids, count * sizeof(*items));
		n->u.seq.items = items;
		n->u.seq.count = count;
	} else {
		tl_pair *pairs = tl_arena_alloc(&ld->doc->arena, count / 2 * sizeof(*pairs) + 1);
		if (!pairs)
			return oom(ld);
		for (size_t i = 0; i + 1 < count; i += 2)
			pairs[i / 2] = (tl_pair){kids[i], kids[i + 1]};
		n->u.map.pairs = pairs;
		n->u.map.count = count / 2;
	}
	ld->nkids = f->base;
	free(f->keys.slots);
	f->keys.slots = NULL;
	uint32_t height = f->kid_height + 1;
	if (f->anchor) {
		anchor *a = &ld->anchors[f->anchor - 1];
		a->size = ld->next_id - n->id;
		a->height = height;
		a->complete = true;
	}
	if (ld->nframes) {
		frame *p = &ld->frames[ld->nframes - 1];
		if (p->kid_height < height)
			p->kid_height = height;
		p->last_end = n->end;
	}
	return 0;
}

/* Copies the complete subtree under src (whose root copy `dst` is already
 * attached) with fresh ids in creation order; positions are kept. */
static int copy_children(loader *ld, const tl_node *src, tl_node *dst)
{
	typedef struct cframe {
		const tl_node *src;
		tl_node *dst;
		size_t next;
	} cframe;
	cframe *st = ld->cstack;
	size_t n = 0;

	for (;;) {
		if (dst) {
			/* dst is a fresh copy of src: give it its own child arrays. */
			tl_arena *arena = &ld->doc->arena;
			if (src->kind == TL_NODE_SEQUENCE) {
				void *p = tl_arena_alloc(arena, src->u.seq.count * sizeof(tl_node *) + 1);
				if (!p)
					return oom(ld);
				dst->u.seq.items = p;
			} else if (src->kind == TL_NODE_MAPPING) {
				void *p = tl_arena_alloc(arena, src->u.map.count * sizeof(tl_pair) + 1);
				if (!p)
					return oom(ld);
				dst->u.map.pairs = p;
			}
			if (src->kind != TL_NODE_SCALAR) {
				if (!grow(&ld->cstack, &ld->ccstack, n + 1, sizeof(*st)))
					return oom(ld);
				st = ld->cstack;
				st[n++] = (cframe){src, dst, 0};
			}
		}
		if (n == 0)
			return 0;
		cframe *cf = &st[n - 1];
		bool seq = cf->src->kind == TL_NODE_SEQUENCE;
		size_t total = seq ? cf->src->u.seq.count : cf->src->u.map.count * 2;
		if (cf->next == total) {
			n--;
			dst = NULL;
			continue;
		}
		size_t k = cf->next++;
		const tl_node *sc;
		if (seq)
			sc = cf->src->u.seq.items[k];
		else
			sc = k % 2 ? cf->src->u.map.pairs[k / 2].value : cf->src->u.map.pairs[k / 2].key;
		tl_node *dc = tl_arena_alloc(&ld->doc->arena, sizeof(*dc));
		if (!dc)
			return oom(ld);
		*dc = *sc;
		dc->id = ld->next_id++;
		dc->parent = cf->dst;
		dc->depth = cf->dst->depth + 1;
		if (seq) {
			((const tl_node **)cf->dst->u.seq.items)[k] = dc;
		} else {
			tl_pair *pairs = (tl_pair *)cf->dst->u.map.pairs;
			if (k % 2)
				pairs[k / 2].value = dc;
			else
				pairs[k / 2].key = dc;
		}
		src = sc;
		dst = dc;
	}
}

static int on_alias(loader *ld, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t len = strlen(name);
	tl_pos start = tl_yaml_text_pos(&ld->text, &ev->start_mark);
	tl_pos end = tl_yaml_text_pos(&ld->text, &ev->end_mark);
	const anchor *a = find_anchor(ld, name, len);
	char q[120];
	tl_yaml_quote(q, sizeof(q), name, len, 64);
	if (!a) {
		tl_error_set(ld->err, TL_ESYNTAX, start,
		             "the alias *%s refers to no anchor: &%s is not defined before it", q, q);
		tl_error_set_ja(ld->err, "エイリアス *%s が指すアンカーがありません。&%s がこれより前に"
		                         "定義されていません", q, q);
		return TL_ESYNTAX;
	}
	if (!a->complete) {
		tl_error_set(ld->err, TL_ESYNTAX, start,
		             "the alias *%s is inside the node it refers to (&%s at %u:%u): a "
		             "recursive structure cannot be loaded", q, q,
		             (unsigned)a->node->start.line, (unsigned)a->node->start.col);
		tl_error_set_ja(ld->err, "エイリアス *%s が、それ自身が指すノード（%u:%u の &%s）の中に"
		                         "あります。再帰的な構造は読み込めません", q,
		                (unsigned)a->node->start.line, (unsigned)a->node->start.col, q);
		return TL_ESYNTAX;
	}
	/* Every limit is checked against the whole copy before anything is
	 * copied, so an alias bomb is refused at once. */
	if (a->height && ld->nframes + a->height > ld->max_depth)
		return depth_error(ld, start);
	if (a->size > ld->max_alias_nodes - ld->alias_nodes) {
		tl_error_set(ld->err, TL_ELIMIT, start,
		             "expanding the alias *%s would copy more than %zu nodes in all "
		             "(limit max_alias_nodes)", q, ld->max_alias_nodes);
		tl_error_set_ja(ld->err, "エイリアス *%s を展開すると、複製されるノードが合計 %zu 個を"
		                         "超えます（上限 max_alias_nodes）", q, ld->max_alias_nodes);
		return TL_ELIMIT;
	}
	if (a->size > ld->max_nodes - ld->next_id)
		return nodes_error(ld, start);
	ld->alias_nodes += a->size;

	tl_node *root = tl_arena_alloc(&ld->doc->arena, sizeof(*root));
	if (!root)
		return oom(ld);
	*root = *a->node;
	root->id = ld->next_id++;
	root->parent = NULL;
	root->index = 0;
	root->is_key = false;
	root->depth = 0;
	int rc = attach(ld, root, start, end);
	if (rc)
		return rc;
	if (ld->nframes) {
		frame *p = &ld->frames[ld->nframes - 1];
		if (p->kid_height < a->height)
			p->kid_height = a->height;
	}
	return copy_children(ld, a->node, root);
}

/* ---- comments ---------------------------------------------------------- */

static bool is_white(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the bytes before s[i] end white space or a line break: also NEL,
 * LS and PS, which libyaml takes for line breaks (YAML 1.1). */
static bool white_before(const char *s, size_t i)
{
	if (i == 0 || is_white(s[i - 1]))
		return true;
	const unsigned char *u = (const unsigned char *)s;
	return (i >= 2 && u[i - 2] == 0xC2 && u[i - 1] == 0x85) ||
	       (i >= 3 && u[i - 3] == 0xE2 && u[i - 2] == 0x80 && (u[i - 1] == 0xA8 || u[i - 1] == 0xA9));
}

/* Collects the '#' that follow neither white space nor a line break: most
 * files have none (a comment is written after a space), so that checking
 * them costs one memchr() over the file. */
static int find_hashes(loader *ld)
{
	const char *s = ld->text.s, *end = s + ld->text.len, *p = s;
	while ((p = memchr(p, '#', (size_t)(end - p)))) {
		if (!white_before(s, (size_t)(p - s))) {
			if (!grow((void **)&ld->hashes, &ld->chashes, ld->nhashes + 1, sizeof(*ld->hashes)))
				return oom(ld);
			ld->hashes[ld->nhashes++] = (size_t)(p - s);
		}
		p++;
	}
	return 0;
}

/* Whether the '#' at byte h, between two events, is inside a comment: one
 * begun earlier on its line, after `from`, by a '#' after white space. The
 * end of the comment line found is remembered, so that the next '#' of the
 * same comment (`# a#b#c`) is answered at once: each byte is looked at once,
 * however many '#' a comment holds. */
static bool in_comment(loader *ld, size_t from, size_t h)
{
	const char *s = ld->text.s;
	if (h < ld->comment_end && ld->comment_end != SIZE_MAX)
		return true;
	for (size_t q = h; q > from;) {
		q--;
		if (s[q] == '\n' || s[q] == '\r')
			return false;
		if (s[q] == '#' && white_before(s, q)) {
			size_t e = h;
			while (e < ld->text.len && s[e] != '\n' && s[e] != '\r')
				e++;
			ld->comment_end = e;
			return true;
		}
	}
	return false;
}

/* Whether the '#' at byte h, inside a block scalar that begins at byte
 * `from`, comes right after the scalar's indicators on its header line
 * (`|#`, `>-#`, `|2#`): libyaml reads a comment there. The indicator is the
 * first `|` or `>` of the scalar (after its tag or anchor, which hold
 * neither); a `|#` further on is the text of the header's own comment. */
static bool after_block_header(const loader *ld, size_t from, size_t h)
{
	const char *s = ld->text.s;
	size_t q = from;
	while (q < h && s[q] != '|' && s[q] != '>' && s[q] != '\n' && s[q] != '\r')
		q++;
	if (q == h || (s[q] != '|' && s[q] != '>'))
		return false;
	for (q++; q < h; q++)
		if (!((s[q] >= '0' && s[q] <= '9') || s[q] == '+' || s[q] == '-'))
			return false;
	return true;
}

/* YAML (1.2, and 1.1 before it) begins a comment at a '#' after white space,
 * or at the start of a line, only. libyaml also takes `[a, b]#note`,
 * `"text"#note`, `a,#note` and `|#note` for comments, where other YAML readers
 * stop with an error: such a file is not well-formed, and a declaration
 * another tool cannot read is refused here too. Between two events there are
 * only indicators, white space and comments, so a '#' there that does not
 * follow white space must be inside a comment begun before it on its line; a
 * '#' inside an event belongs to a scalar, a tag or an anchor, unless it
 * follows a block scalar's indicators. */
static int check_hashes(loader *ld, const yaml_event_t *ev)
{
	size_t from = tl_yaml_text_byte(&ld->text, ev->start_mark.index);
	size_t to = tl_yaml_text_byte(&ld->text, ev->end_mark.index);
	bool block = ev->type == YAML_SCALAR_EVENT &&
	             (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	              ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE);
	if (to < from)
		to = from;
	for (; ld->next_hash < ld->nhashes; ld->next_hash++) {
		size_t h = ld->hashes[ld->next_hash];
		if (h >= to)
			break;
		bool bad = h < from ? h >= ld->gap_from && !in_comment(ld, ld->gap_from, h)
		                    : block && after_block_header(ld, from, h);
		if (bad) {
			tl_error_set(ld->err, TL_ESYNTAX, tl_yaml_text_pos_at(&ld->text, h),
			             "a comment must be separated from what comes before it by a space: "
			             "write a space before `#`");
			tl_error_set_ja(ld->err, "コメントの `#` の前には空白が必要です。`#` の前に空白を"
			                         "入れてください");
			return TL_ESYNTAX;
		}
	}
	if (to > ld->gap_from)
		ld->gap_from = to;
	return 0;
}

/* ---- the loop ---------------------------------------------------------- */

static int on_event(loader *ld, const yaml_event_t *ev, bool *done)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (ld->docs++ == 0)
			return 0;
		tl_error_set(ld->err, TL_EMULTIDOC, tl_yaml_text_pos(&ld->text, &ev->start_mark),
		             "the file holds more than one YAML document: a second one starts here "
		             "(one document per file)");
		tl_error_set_ja(ld->err, "ファイルに YAML の文書が 2 つ以上あります。ここから 2 つ目が"
		                         "始まっています（1 ファイルに 1 文書です）");
		return TL_EMULTIDOC;
	case YAML_STREAM_END_EVENT:
		*done = true;
		if (ld->docs)
			return 0;
		tl_error_set(ld->err, TL_EMULTIDOC, (tl_pos){1, 1}, "the file holds no YAML document");
		tl_error_set_ja(ld->err, "ファイルに YAML の文書がありません");
		return TL_EMULTIDOC;
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(ld, ev, TL_NODE_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return on_start(ld, ev, TL_NODE_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return ld->nframes ? on_end(ld, ev) : 0;
	case YAML_ALIAS_EVENT:
		return on_alias(ld, ev);
	default:
		return 0;
	}
}

static int parse(loader *ld)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;
	int rc = 0;

	if (!yaml_parser_initialize(&parser))
		return oom(ld);
	yaml_parser_set_input_string(&parser, (const unsigned char *)ld->text.s, ld->text.len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = tl_yaml_parser_error(ld->err, &parser, &ld->text);
			goto out;
		}
		rc = ld->next_hash < ld->nhashes ? check_hashes(ld, &ev) : 0;
		if (!rc)
			rc = on_event(ld, &ev, &done);
		yaml_event_delete(&ev);
		if (rc)
			goto out;
	}
out:
	yaml_parser_delete(&parser);
	return rc;
}

static size_t or_default(size_t v, size_t def)
{
	return v ? v : def;
}

int tl_doc_load(tl_doc **out, tl_error *err, const char *data, size_t len,
                const tl_load_limits *limits)
{
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	loader ld = {.err = err, .scratch = TL_ARENA_INIT, .comment_end = SIZE_MAX};
	tl_error scratch_err;
	bool ascii = true, breaks_11 = false;
	int rc;

	*out = NULL;
	if (!err)
		ld.err = err = &scratch_err;
	if (limits)
		lim = *limits;
	ld.max_depth = or_default(lim.max_depth, TL_DEFAULT_MAX_DEPTH);
	ld.max_nodes = or_default(lim.max_nodes, TL_DEFAULT_MAX_NODES);
	if (ld.max_nodes > UINT32_MAX)
		ld.max_nodes = UINT32_MAX; /* ids are 32-bit */
	ld.max_alias_nodes = or_default(lim.max_alias_nodes, TL_DEFAULT_MAX_ALIAS_NODES);
	size_t max_bytes = or_default(lim.max_bytes, TL_DEFAULT_MAX_BYTES);

	if (len > max_bytes) {
		tl_error_set(err, TL_ELIMIT, (tl_pos){1, 1},
		             "the file is larger than %zu bytes (limit max_bytes)", max_bytes);
		tl_error_set_ja(err, "ファイルが %zu バイトを超えています（上限 max_bytes）", max_bytes);
		return TL_ELIMIT;
	}
	if (!data) {
		data = "";
		len = 0;
	}
	ld.doc = calloc(1, sizeof(*ld.doc));
	if (!ld.doc) {
		rc = oom(&ld);
		goto out;
	}
	if ((rc = tl_yaml_scan_text(err, data, len, &ld.doc->lines, &ld.doc->nlines, &ascii,
	                            &breaks_11)))
		goto out;
	size_t bom = tl_yaml_bom_len(data, len);
	ld.doc->text_len = len - bom;
	/* malloc, not the arena: the arena would zero it before the copy. */
	if (!(ld.doc->text = malloc(ld.doc->text_len + 1))) {
		rc = oom(&ld);
		goto out;
	}
	memcpy(ld.doc->text, data + bom, ld.doc->text_len);
	ld.doc->text[ld.doc->text_len] = '\0';
	ld.text = (tl_yaml_text){.s = ld.doc->text, .len = ld.doc->text_len,
	                         .lines = ld.doc->lines, .nlines = ld.doc->nlines, .ascii = ascii,
	                         .breaks_11 = breaks_11, .col_line = SIZE_MAX};
	if ((rc = find_hashes(&ld)) || (rc = parse(&ld)))
		goto out;
	ld.doc->root = ld.root;
	ld.doc->node_count = ld.next_id;
	*out = ld.doc;
	ld.doc = NULL;
out:
	for (size_t i = 0; i < ld.nframes; i++)
		free(ld.frames[i].keys.slots);
	free(ld.frames);
	free(ld.kids);
	free(ld.anchors);
	free(ld.amap);
	free(ld.cstack);
	free(ld.hashes);
	tl_arena_clear(&ld.scratch);
	tl_doc_free(ld.doc);
	return rc;
}

void tl_doc_free(tl_doc *doc)
{
	if (!doc)
		return;
	tl_arena_clear(&doc->arena);
	free(doc->text);
	free(doc->lines);
	free(doc);
}
