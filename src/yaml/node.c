/* node.c - reading a loaded document: root, lines, lookups and the dotted path of a node. */
#include "doc.h"

#include <string.h>

#include "yaml_int.h"

const tl_node *tl_doc_root(const tl_doc *doc)
{
	return doc ? doc->root : NULL;
}

size_t tl_doc_node_count(const tl_doc *doc)
{
	return doc ? doc->node_count : 0;
}

bool tl_doc_line(const tl_doc *doc, uint32_t line, const char **text, size_t *len)
{
	if (!doc || line == 0 || line > doc->nlines)
		return false;
	size_t start = doc->lines[line - 1];
	if (start == doc->text_len)
		return false; /* after the final line break: no line there */
	size_t end = line < doc->nlines ? doc->lines[line] : doc->text_len;
	/* Take the break off: lines[line] is just past it. */
	if (line < doc->nlines) {
		const unsigned char *s = (const unsigned char *)doc->text;
		unsigned char last = s[end - 1];
		if (last == '\n' && end - 1 > start && s[end - 2] == '\r')
			end -= 2;
		else
			end -= 1;
	}
	*text = doc->text + start;
	*len = end - start;
	return true;
}

const tl_node *tl_node_key_of(const tl_node *value)
{
	const tl_node *p = value ? value->parent : NULL;
	if (!p || p->kind != TL_NODE_MAPPING || value->is_key || value->index >= p->u.map.count)
		return NULL;
	return p->u.map.pairs[value->index].key;
}

const tl_node *tl_node_get(const tl_node *map, const char *key)
{
	if (!map || !key || map->kind != TL_NODE_MAPPING)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tl_node *k = map->u.map.pairs[i].key;
		if (k->kind == TL_NODE_SCALAR && k->u.scalar.len == len &&
		    memcmp(k->u.scalar.text, key, len) == 0)
			return map->u.map.pairs[i].value;
	}
	return NULL;
}

const char *tl_node_text(const tl_node *n)
{
	return n && n->kind == TL_NODE_SCALAR ? n->u.scalar.text : NULL;
}

/* ---- paths ------------------------------------------------------------- */

/* Writes bytes into out[at..] only where they fall inside the first cap-1
 * bytes, so that a path can be measured and cut in one walk. */
typedef struct pathw {
	char *out;
	size_t cap;
	size_t at;
} pathw;

static void put(pathw *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, w->at++)
		if (w->out && w->at + 1 < w->cap)
			w->out[w->at] = s[i];
}

static bool is_ident(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
		if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
			return false;
	}
	return true;
}

/* The part of the path that leads from n's parent to n. */
static void segment(pathw *w, const tl_node *n, bool first)
{
	const tl_node *p = n->parent;
	char num[24];
	if (p->kind == TL_NODE_SEQUENCE) {
		size_t k = 0;
		uint32_t v = n->index;
		do {
			num[sizeof(num) - 1 - k++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		put(w, "[", 1);
		put(w, num + sizeof(num) - k, k);
		put(w, "]", 1);
		return;
	}
	const tl_node *key = p->u.map.pairs[n->index].key;
	if (key->kind != TL_NODE_SCALAR) {
		put(w, "[?]", 3);
		return;
	}
	const char *s = key->u.scalar.text;
	size_t len = key->u.scalar.len;
	if (is_ident(s, len)) {
		if (!first)
			put(w, ".", 1);
		put(w, s, len);
		return;
	}
	static const char hex[] = "0123456789abcdef";
	put(w, "[\"", 2);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			put(w, e, 2);
		} else if (c == '\n') {
			put(w, "\\n", 2);
		} else if (c == '\t') {
			put(w, "\\t", 2);
		} else if (c == '\r') {
			put(w, "\\r", 2);
		} else if (c < 0x20 || c == 0x7F) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			put(w, e, 6);
		} else {
			put(w, s + i, 1);
		}
	}
	put(w, "\"]", 2);
}

size_t tl_node_path(const tl_node *n, char *out, size_t cap)
{
	/* Measure each segment from the node up, then write them from the root
	 * down: no recursion and no allocation, whatever the depth. */
	size_t total = 0;
	for (const tl_node *c = n; c && c->parent; c = c->parent) {
		pathw w = {NULL, 0, 0};
		segment(&w, c, c->parent->parent == NULL);
		total += w.at;
	}
	if (out && cap) {
		size_t end = total;
		for (const tl_node *c = n; c && c->parent; c = c->parent) {
			pathw m = {NULL, 0, 0};
			bool first = c->parent->parent == NULL;
			segment(&m, c, first);
			pathw w = {out, cap, end - m.at};
			segment(&w, c, first);
			end -= m.at;
		}
		size_t z = total < cap ? total : cap - 1;
		/* Do not leave half a character at a cut. */
		if (z < total) {
			size_t k = z;
			while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
				k--;
			if (k > 0 && (unsigned char)out[k - 1] >= 0xC0) {
				unsigned char lead = (unsigned char)out[k - 1];
				size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
				if (z - (k - 1) < want)
					z = k - 1;
			}
		}
		out[z] = '\0';
	}
	return total;
}
