/* yaml_test_util.h - helpers shared by the YAML loader's tests: loading, expecting errors, walking trees. */
#ifndef TL_YAML_TEST_UTIL_H
#define TL_YAML_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "util/buf.h"
#include "yaml/doc.h"

/* Under valgrind (the memcheck variants of the unit tests set
 * TLCHECK_UNTIMED) time means nothing: the bounds of pathological inputs are
 * asserted in the plain runs only. */
static inline int untimed(void)
{
	return getenv("TLCHECK_UNTIMED") != NULL;
}

static inline double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static inline tl_doc *load_ok_n(const char *s, size_t len, const tl_load_limits *lim)
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

static inline tl_doc *load_ok(const char *s)
{
	return load_ok_n(s, strlen(s), NULL);
}

/* Loads s expecting failure; returns the error for further checks. */
static inline tl_error load_err_n(const char *s, size_t len, const tl_load_limits *lim, int code,
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

static inline tl_error load_err(const char *s, int code, uint32_t line, uint32_t col)
{
	return load_err_n(s, strlen(s), NULL, code, line, col);
}

static inline void assert_pos(tl_pos p, uint32_t line, uint32_t col)
{
	if (p.line != line || p.col != col)
		fail_msg("expected %u:%u, got %u:%u", line, col, p.line, p.col);
}

static inline const tl_node *at(const tl_node *n, const char *key)
{
	const tl_node *v = tl_node_get(n, key);
	if (!v)
		fail_msg("no key %s", key);
	return v;
}

static inline const tl_node *item(const tl_node *n, size_t i)
{
	assert_int_equal(n->kind, TL_NODE_SEQUENCE);
	assert_true(i < n->u.seq.count);
	return n->u.seq.items[i];
}

static inline const tl_node *key_of(const tl_node *map, const char *key)
{
	for (size_t i = 0; i < map->u.map.count; i++)
		if (map->u.map.pairs[i].key->kind == TL_NODE_SCALAR &&
		    strcmp(map->u.map.pairs[i].key->u.scalar.text, key) == 0)
			return map->u.map.pairs[i].key;
	fail_msg("no key %s", key);
	return NULL;
}

static inline char *path_of(const tl_node *n)
{
	static char buf[256];
	size_t need = tl_node_path(n, buf, sizeof(buf));
	assert_true(need < sizeof(buf));
	assert_int_equal(strlen(buf), need);
	return buf;
}

static inline char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *s = malloc(u * times + t + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * times, tail, t + 1);
	return s;
}

static inline char *read_file(const char *path, size_t *len)
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
static inline void check_tree(const tl_doc *d)
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

#endif
