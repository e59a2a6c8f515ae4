/* fingerprint.c - finding identities that survive reordering: stable paths and their hashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "../util/utf8.h"
#include "../value/scalar.h"
#include "internal.h"
#include "../util/sort.h"

/* Bumped whenever the recipe changes, so that old and new never match by chance. */
#define FP_RECIPE "tlcheck-fp/1"

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* An id as declaration.md defines it: [A-Za-z0-9][A-Za-z0-9_.-]*. Such a value
 * is written bare in a stable path; anything else is quoted. */
static bool is_bare_id(const char *s, size_t len)
{
	if (len == 0 || !(is_alpha((unsigned char)s[0]) || is_digit((unsigned char)s[0])) || s[0] == '_')
		return false;
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-')
			return false;
	}
	return true;
}

/* Quoted the way tl_node_path quotes keys, so that one reader parses both. */
static void put_quoted(tl_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	tl_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			tl_buf_putc(b, '\\');
			tl_buf_putc(b, (char)c);
		} else if (c == '\n') {
			tl_buf_puts(b, "\\n");
		} else if (c == '\t') {
			tl_buf_puts(b, "\\t");
		} else if (c == '\r') {
			tl_buf_puts(b, "\\r");
		} else if (c < 0x20 || c == 0x7F) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			tl_buf_put(b, e, 6);
		} else {
			tl_buf_putc(b, (char)c);
		}
	}
	tl_buf_putc(b, '"');
}

/* Reads a quoted string at *pp (on its opening quote) into `val`; leaves *pp
 * after the closing quote. False when it is not well-formed. */
static bool read_quoted(const char **pp, tl_buf *val)
{
	const char *p = *pp + 1;
	tl_buf_reset(val);
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (c == '\0')
			return false;
		if (c == '"')
			break;
		if (c != '\\') {
			tl_buf_putc(val, (char)c);
			p++;
			continue;
		}
		c = (unsigned char)p[1];
		switch (c) {
		case '"': case '\\': tl_buf_putc(val, (char)c); p += 2; break;
		case 'n': tl_buf_putc(val, '\n'); p += 2; break;
		case 't': tl_buf_putc(val, '\t'); p += 2; break;
		case 'r': tl_buf_putc(val, '\r'); p += 2; break;
		case 'u': {
			uint32_t cp = 0;
			for (int k = 2; k < 6; k++) {
				int h = tl_hex_digit(p[k]);
				if (h < 0)
					return false;
				cp = cp * 16 + (uint32_t)h;
			}
			char enc[4];
			size_t n = tl_utf8_encode(cp, enc);
			if (n == 0)
				return false;
			tl_buf_put(val, enc, n);
			p += 6;
			break;
		}
		default: return false;
		}
	}
	*pp = p + 1;
	return true;
}

/* ---- lookups by key, indexed for many paths of one document ---- */

/* A mapping of more keys than this is indexed the first time a path reads it. */
#define INDEX_FROM 16

struct tl_pix_slot {
	const tl_node *map;    /* NULL: empty slot */
	const tl_node *key;    /* NULL: the mark that `map` is indexed */
	const tl_node *value;
	uint64_t h;
};

static uint64_t key_hash(const tl_node *map, const char *s, size_t len, bool mark)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325) ^ ((uint64_t)(uintptr_t)map * UINT64_C(0x9E3779B97F4A7C15));
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return mark ? ~h : h;
}

static bool ix_put(tl_path_index *ix, const tl_node *map, const tl_node *key, const tl_node *value,
                   uint64_t h)
{
	size_t mask = ix->cap - 1, i = (size_t)(h ^ (h >> 29)) & mask;
	while (ix->slots[i].map)
		i = (i + 1) & mask;
	ix->slots[i] = (struct tl_pix_slot){map, key, value, h};
	ix->used++;
	return true;
}

/* Room for `more` entries at a load of at most one half. */
static bool ix_reserve(tl_path_index *ix, size_t more)
{
	if (ix->used + more <= ix->cap / 2)
		return true;
	size_t ncap = ix->cap ? ix->cap : 64;
	while (ix->used + more > ncap / 2) {
		if (ncap > SIZE_MAX / 4 / sizeof(struct tl_pix_slot))
			return false;
		ncap *= 2;
	}
	struct tl_pix_slot *old = ix->slots, *ns = calloc(ncap, sizeof(*ns));
	size_t ocap = ix->cap;
	if (!ns)
		return false;
	ix->slots = ns;
	ix->cap = ncap;
	ix->used = 0;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].map)
			ix_put(ix, old[i].map, old[i].key, old[i].value, old[i].h);
	free(old);
	return true;
}

/* Whether `map` is in the index, indexing it now if it is not. */
static bool ix_ready(tl_path_index *ix, const tl_node *map)
{
	uint64_t m = key_hash(map, "", 0, true);
	if (ix->cap) {
		size_t mask = ix->cap - 1;
		for (size_t i = (size_t)(m ^ (m >> 29)) & mask; ix->slots[i].map; i = (i + 1) & mask)
			if (ix->slots[i].map == map && !ix->slots[i].key)
				return true;
	}
	if (ix->oom || !ix_reserve(ix, map->u.map.count + 1)) {
		ix->oom = true;
		return false;
	}
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tl_node *k = map->u.map.pairs[i].key;
		/* Keys are distinct (the loader refuses a repeated key). */
		if (k->kind == TL_NODE_SCALAR)
			ix_put(ix, map, k, map->u.map.pairs[i].value,
			       key_hash(map, k->u.scalar.text, k->u.scalar.len, false));
	}
	return ix_put(ix, map, NULL, NULL, m);
}

void tl_path_index_free(tl_path_index *ix)
{
	free(ix->slots);
	*ix = (tl_path_index)TL_PATH_INDEX_INIT;
}

static const tl_node *map_get(tl_path_index *ix, const tl_node *map, const char *key, size_t len)
{
	if (!map || map->kind != TL_NODE_MAPPING)
		return NULL;
	if (ix && map->u.map.count > INDEX_FROM && ix_ready(ix, map)) {
		uint64_t h = key_hash(map, key, len, false);
		size_t mask = ix->cap - 1;
		for (size_t i = (size_t)(h ^ (h >> 29)) & mask; ix->slots[i].map; i = (i + 1) & mask) {
			const struct tl_pix_slot *sl = &ix->slots[i];
			if (sl->h == h && sl->map == map && sl->key && sl->key->u.scalar.len == len &&
			    memcmp(sl->key->u.scalar.text, key, len) == 0)
				return sl->value;
		}
		return NULL;
	}
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tl_node *k = map->u.map.pairs[i].key;
		if (k->kind == TL_NODE_SCALAR && k->u.scalar.len == len && memcmp(k->u.scalar.text, key, len) == 0)
			return map->u.map.pairs[i].value;
	}
	return NULL;
}

/* The text of a scalar that is not null, or NULL. */
static const char *label_text(const tl_node *n, size_t *len)
{
	tl_scalar s;
	if (!n || n->kind != TL_NODE_SCALAR || !tl_scalar_resolve(n, &s) || s.type == TL_SCALAR_NULL ||
	    n->u.scalar.len == 0)
		return NULL;
	*len = n->u.scalar.len;
	return n->u.scalar.text;
}

/* [id=ACT1], [name="..."], else [index]. */
static void put_item_label(tl_path_index *ix, tl_buf *out, const tl_node *item, uint32_t index)
{
	static const char *const keys[] = {"id", "name"};
	for (size_t k = 0; item && item->kind == TL_NODE_MAPPING && k < 2; k++) {
		size_t len;
		const char *t = label_text(map_get(ix, item, keys[k], strlen(keys[k])), &len);
		if (!t)
			continue;
		tl_buf_putc(out, '[');
		tl_buf_puts(out, keys[k]);
		tl_buf_putc(out, '=');
		if (is_bare_id(t, len))
			tl_buf_put(out, t, len);
		else
			put_quoted(out, t, len);
		tl_buf_putc(out, ']');
		return;
	}
	tl_buf_putc(out, '[');
	tl_buf_put_uint(out, index);
	tl_buf_putc(out, ']');
}

/* The item of sequence `seq` whose `key` has text `val`, or NULL. */
static const tl_node *item_by_label(tl_path_index *ix, const tl_node *seq, const char *key,
                                    const tl_buf *val)
{
	if (!seq || seq->kind != TL_NODE_SEQUENCE)
		return NULL;
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		const tl_node *it = seq->u.seq.items[i];
		size_t len;
		const char *t = it->kind == TL_NODE_MAPPING ? label_text(map_get(ix, it, key, strlen(key)), &len)
		                                            : NULL;
		if (t && len == val->len && memcmp(t, val->data, len) == 0)
			return it;
	}
	return NULL;
}

/* One bracketed segment at *pp ('['). Appends its stable form, moves *n. */
static bool bracket(tl_path_index *ix, tl_buf *out, const char **pp, const tl_node **n, tl_buf *val)
{
	const char *p = *pp + 1;
	const tl_node *cur = *n;
	if (*p == '"') {
		if (!read_quoted(&p, val) || *p != ']')
			return false;
		*n = map_get(ix, cur, val->data ? val->data : "", val->len);
	} else if (is_digit((unsigned char)*p)) {
		uint64_t idx = 0;
		int digits = 0;
		while (is_digit((unsigned char)*p)) {
			if (++digits > 10)
				return false;
			idx = idx * 10 + (uint64_t)(*p++ - '0');
		}
		if (*p != ']' || (digits > 1 && (*pp)[1] == '0'))
			return false;
		const tl_node *item = cur && cur->kind == TL_NODE_SEQUENCE && idx < cur->u.seq.count
		                          ? cur->u.seq.items[idx]
		                          : NULL;
		if (out && item)
			put_item_label(ix, out, item, (uint32_t)idx);
		else if (out)
			tl_buf_put(out, *pp, (size_t)(p - *pp) + 1);
		*n = item;
		*pp = p + 1;
		return true;
	} else if (strncmp(p, "id=", 3) == 0 || strncmp(p, "name=", 5) == 0) {
		const char *key = *p == 'i' ? "id" : "name";
		p += strlen(key) + 1;
		if (*p == '"') {
			if (!read_quoted(&p, val))
				return false;
		} else {
			const char *s = p;
			while (*p && *p != ']')
				p++;
			if (!is_bare_id(s, (size_t)(p - s)))
				return false;
			tl_buf_reset(val);
			tl_buf_put(val, s, (size_t)(p - s));
		}
		if (*p != ']')
			return false;
		*n = item_by_label(ix, cur, key, val);
	} else if (*p == '?' && p[1] == ']') {
		p++;
		*n = NULL;
	} else {
		return false;
	}
	if (out)
		tl_buf_put(out, *pp, (size_t)(p - *pp) + 1);
	*pp = p + 1;
	return true;
}

bool tl_path_stabilize(tl_buf *out, const tl_node *root, const char *path)
{
	return tl_path_stabilize_ix(out, root, path, NULL);
}

bool tl_path_stabilize_ix(tl_buf *out, const tl_node *root, const char *path, tl_path_index *ix)
{
	const char *p = path;
	const tl_node *n = root;
	tl_buf val = TL_BUF_INIT;
	bool first = true, ok = true;

	while (*p && ok) {
		if (*p == '[') {
			ok = bracket(ix, out, &p, &n, &val);
		} else {
			if (!first) {
				if (*p != '.') {
					ok = false;
					break;
				}
				p++;
			}
			const char *s = p;
			if (!is_alpha((unsigned char)*p)) {
				ok = false;
				break;
			}
			while (is_alpha((unsigned char)*p) || is_digit((unsigned char)*p))
				p++;
			n = map_get(ix, n, s, (size_t)(p - s));
			if (out) {
				if (!first)
					tl_buf_putc(out, '.');
				tl_buf_put(out, s, (size_t)(p - s));
			}
		}
		first = false;
	}
	tl_buf_free(&val);
	return ok;
}

const char *tl_fp_scope(const tlcheck_result *res)
{
	const char *plan = tlcheck_result_plan(res);
	if (plan[0])
		return plan;
	const char *file = tlcheck_result_file(res);
	if (!file)
		return "";
	const char *slash = strrchr(file, '/');
	return slash ? slash + 1 : file;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	/* The NUL is hashed too, so that ("ab", "c") and ("a", "bc") differ. */
	size_t len = strlen(s) + 1;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

uint64_t tl_fp_hash(const char *rule, const char *scope, const char *stable_path)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	h = fnv1a(h, FP_RECIPE);
	h = fnv1a(h, rule ? rule : "");
	h = fnv1a(h, scope ? scope : "");
	return fnv1a(h, stable_path ? stable_path : "");
}

typedef struct hashed {
	uint64_t h;
	size_t idx;
} hashed;

static int cmp_hashed(const void *pa, const void *pb)
{
	const hashed *a = pa, *b = pb;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* "%016llx:%lu" of the hash and its occurrence, in the arena (what snprintf
 * wrote, without its cost: a report has a fingerprint per finding). */
static const char *fp_text(tl_arena *a, uint64_t h, unsigned long occurrence)
{
	static const char hex[] = "0123456789abcdef";
	char buf[48], dec[24];
	size_t n = 0, d = 0;
	for (int shift = 60; shift >= 0; shift -= 4)
		buf[n++] = hex[(h >> shift) & 15];
	buf[n++] = ':';
	do {
		dec[d++] = (char)('0' + occurrence % 10);
		occurrence /= 10;
	} while (occurrence);
	while (d)
		buf[n++] = dec[--d];
	return tl_arena_strndup(a, buf, n);
}

const char **tl_fp_number(const uint64_t *hashes, size_t n, tl_arena *a)
{
	const char **fp = tl_arena_alloc(a, (n ? n : 1) * sizeof(*fp));
	hashed *k = malloc((n ? n : 1) * sizeof(*k));
	const char **ret = NULL;
	if (!fp || !k)
		goto out;
	/* Sorting by (hash, index) numbers equal hashes in finding order in
	 * O(n log n): a file with many findings stays fast. */
	for (size_t i = 0; i < n; i++) {
		k[i].h = hashes[i];
		k[i].idx = i;
	}
	tl_sort(k, n, sizeof(*k), cmp_hashed);
	unsigned long occurrence = 0;
	for (size_t i = 0; i < n; i++) {
		occurrence = i > 0 && k[i - 1].h == k[i].h ? occurrence + 1 : 1;
		fp[k[i].idx] = fp_text(a, k[i].h, occurrence);
		if (!fp[k[i].idx])
			goto out;
	}
	ret = fp;
out:
	free(k);
	return ret;
}

int tl_fps_compute(tl_fps *out, const tlcheck_result *res, const char *scope, tl_arena *a)
{
	size_t n = tlcheck_result_finding_count(res);
	const tl_node *root = res->doc ? tl_doc_root(res->doc) : NULL;
	uint64_t *h = malloc((n ? n : 1) * sizeof(*h));
	tl_buf b = TL_BUF_INIT;
	tl_path_index ix = TL_PATH_INDEX_INIT;
	int rc = TLCHECK_ENOMEM;

	memset(out, 0, sizeof(*out));
	out->stable = tl_arena_alloc(a, (n ? n : 1) * sizeof(*out->stable));
	if (!h || !out->stable)
		goto out;
	if (!scope)
		scope = tl_fp_scope(res);
	for (size_t i = 0; i < n; i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		tl_buf_reset(&b);
		/* A path no walker can read (none is made that way) is kept as written. */
		if (!tl_path_stabilize_ix(&b, root, f->path, &ix)) {
			tl_buf_reset(&b);
			tl_buf_puts(&b, f->path);
		}
		if (b.oom)
			goto out;
		out->stable[i] = tl_arena_strndup(a, b.data ? b.data : "", b.len);
		if (!out->stable[i])
			goto out;
		h[i] = tl_fp_hash(f->rule, scope, out->stable[i]);
	}
	out->fp = tl_fp_number(h, n, a);
	if (!out->fp)
		goto out;
	out->n = n;
	rc = 0;
out:
	tl_buf_free(&b);
	tl_path_index_free(&ix);
	free(h);
	return rc;
}

char *tlcheck_finding_stable_path(const tlcheck_result *res, size_t i)
{
	if (!res || i >= tlcheck_result_finding_count(res))
		return NULL;
	const tlcheck_finding *f = tlcheck_result_finding(res, i);
	tl_buf b = TL_BUF_INIT;
	if (!tl_path_stabilize(&b, res->doc ? tl_doc_root(res->doc) : NULL, f->path)) {
		tl_buf_reset(&b);
		tl_buf_puts(&b, f->path);
	}
	if (b.oom) {
		tl_buf_free(&b);
		return NULL;
	}
	return b.data ? tl_buf_detach(&b) : strdup("");
}

char *tlcheck_finding_fingerprint(const tlcheck_result *res, size_t i)
{
	if (!res || i >= tlcheck_result_finding_count(res))
		return NULL;
	tl_arena a = TL_ARENA_INIT;
	tl_fps fps;
	char *ret = NULL;
	if (tl_fps_compute(&fps, res, NULL, &a) == 0)
		ret = strdup(fps.fp[i]);
	tl_arena_clear(&a);
	return ret;
}
