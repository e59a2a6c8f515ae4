/* baseline.c - an earlier JSON report read back, its findings indexed by fingerprint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check/check.h"
#include "../util/diags.h"
#include "internal.h"
#include "../util/sort.h"

/* A yearly report over every plan is large: the loader's limits for
 * declarations do not fit it. */
#define BASELINE_MAX_BYTES ((size_t)1 << 30)
#define BASELINE_MAX_NODES ((size_t)200000000)

typedef struct bl {
	tlcheck_baseline *b;
	tlcheck_diags *diags;
	const char *name, *data;
	size_t len;
	int nerr;
	size_t cap, capscopes;
	tl_arena tmp;
} bl;

static void problem(bl *c, const tl_node *at, const char *en, const char *ja)
{
	tl_error err;
	tl_error_set(&err, TL_EINVALID, at ? at->start : (tl_pos){0, 0}, "%s", en);
	tl_error_set_ja(&err, "%s", ja);
	tl_diags_add(c->diags, c->name, &err, c->data, c->len);
	c->nerr++;
}

/* A string member of a mapping, "" when absent or not a scalar. */
static const char *member(const tl_node *map, const char *key)
{
	const char *t = tl_node_text(tl_node_get(map, key));
	return t ? t : "";
}

static uint32_t number(const tl_node *map, const char *key)
{
	const char *t = member(map, key);
	char *end;
	unsigned long v = strtoul(t, &end, 10);
	return *t && !*end && v <= UINT32_MAX ? (uint32_t)v : 0;
}

static const char *keep(bl *c, const char *s)
{
	const char *k = tl_arena_strdup(&c->b->arena, s);
	if (!k)
		c->nerr++;
	return k ? k : "";
}

static int add_scope(bl *c, const char *scope)
{
	tlcheck_baseline *b = c->b;
	if (b->nscopes == c->capscopes) {
		size_t cap = c->capscopes ? c->capscopes * 2 : 64;
		const char **s = tl_arena_grow(&b->arena, b->scopes, b->nscopes * sizeof(*s), cap * sizeof(*s));
		if (!s)
			return TLCHECK_ENOMEM;
		b->scopes = s;
		c->capscopes = cap;
	}
	b->scopes[b->nscopes++] = scope;
	return 0;
}

static int add_finding(bl *c, const tl_base_finding *f)
{
	tlcheck_baseline *b = c->b;
	if (b->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		tl_base_finding *it = tl_arena_grow(&b->arena, b->items, b->count * sizeof(*it), cap * sizeof(*it));
		if (!it)
			return TLCHECK_ENOMEM;
		b->items = it;
		c->cap = cap;
	}
	b->items[b->count++] = *f;
	return 0;
}

/* One result of the earlier report. Findings without a fingerprint (a report
 * of an earlier version) get one from the path as written. */
static int load_result(bl *c, const tl_node *r)
{
	if (r->kind != TL_NODE_MAPPING) {
		problem(c, r, "each result of a report must be a mapping", "レポートの各結果はマッピングです");
		return 0;
	}
	const char *file = keep(c, member(r, "file"));
	const char *plan = keep(c, member(r, "plan"));
	const char *scope = plan;
	if (!plan[0]) {
		const char *slash = strrchr(file, '/');
		scope = slash ? slash + 1 : file;
	}
	if (add_scope(c, scope) != 0)
		return TLCHECK_ENOMEM;
	/* A report of a rule selection cannot say what the other rules found. */
	const tl_node *rs = tl_node_get(r, "rules");
	size_t nr = rs && rs->kind == TL_NODE_SEQUENCE ? rs->u.seq.count : 0;
	for (size_t i = 0; i < nr && !c->b->partial; i++)
		c->b->partial = strcmp(member(rs->u.seq.items[i], "status"), "not_selected") == 0;
	const tl_node *fs = tl_node_get(r, "findings");
	if (!fs)
		return 0;
	if (fs->kind != TL_NODE_SEQUENCE) {
		problem(c, fs, "`findings` must be a list", "`findings` はリストでなければなりません");
		return 0;
	}
	size_t n = fs->u.seq.count;
	uint64_t *h = calloc(n ? n : 1, sizeof(*h));
	if (!h)
		return TLCHECK_ENOMEM;
	for (size_t i = 0; i < n; i++)
		h[i] = tl_fp_hash(member(fs->u.seq.items[i], "rule"), scope, member(fs->u.seq.items[i], "path"));
	const char **numbered = tl_fp_number(h, n, &c->tmp);
	free(h);
	if (!numbered)
		return TLCHECK_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const tl_node *f = fs->u.seq.items[i];
		tl_base_finding bf;
		if (f->kind != TL_NODE_MAPPING || !tl_node_get(f, "rule")) {
			problem(c, f, "a finding of the report has no `rule`", "レポートの指摘に `rule` がありません");
			continue;
		}
		memset(&bf, 0, sizeof(bf));
		const char *fp = member(f, "fingerprint");
		if (!fp[0]) {
			fp = numbered[i];
			c->b->legacy = true;
		}
		bf.fp = keep(c, fp);
		bf.scope = scope;
		bf.file = file;
		bf.plan = plan;
		bf.rule = keep(c, member(f, "rule"));
		bf.severity = keep(c, member(f, "severity"));
		bf.clause = keep(c, member(f, "clause"));
		bf.path = keep(c, member(f, "path"));
		bf.message = keep(c, member(f, "message"));
		bf.order = c->b->count;
		bf.line = number(f, "line");
		bf.column = number(f, "column");
		if (add_finding(c, &bf) != 0)
			return TLCHECK_ENOMEM;
	}
	return 0;
}

static int cmp_item(const void *pa, const void *pb)
{
	const tl_base_finding *a = pa, *b = pb;
	int d = strcmp(a->fp, b->fp);
	if (d)
		return d;
	/* Equal fingerprints (one plan checked twice) keep report order. */
	return a->line < b->line ? -1 : a->line > b->line;
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

int tlcheck_baseline_load_file(tlcheck_baseline **out, const char *path, tlcheck_diags **diags)
{
	bl c;
	char *data = NULL;
	size_t len = 0;
	tl_doc *doc = NULL;
	tl_error err;
	int rc;

	*out = NULL;
	if (diags)
		*diags = NULL;
	memset(&c, 0, sizeof(c));
	c.name = path;
	c.diags = tl_diags_new();
	c.b = calloc(1, sizeof(*c.b));
	if (!c.diags || !c.b) {
		rc = TLCHECK_ENOMEM;
		goto out;
	}
	tl_error_clear(&err);
	rc = tl_read_file(&data, &len, path, BASELINE_MAX_BYTES, &err, NULL);
	if (rc != 0) {
		if (rc != TL_ENOMEM)
			tl_diags_add(c.diags, path, &err, NULL, 0);
		rc = rc == TL_ENOMEM ? TLCHECK_ENOMEM : rc == TL_EIO ? TLCHECK_EIO : TLCHECK_EINVALID;
		goto out;
	}
	c.data = data;
	c.len = len;
	c.b->name = tl_arena_strdup(&c.b->arena, path);
	/* JSON is YAML: the document loader reads it, with limits for a report. */
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = BASELINE_MAX_BYTES;
	lim.max_nodes = BASELINE_MAX_NODES;
	lim.max_depth = 16;
	rc = tl_doc_load(&doc, &err, data, len, &lim);
	if (rc != 0) {
		if (rc != TL_ENOMEM)
			tl_diags_add(c.diags, path, &err, data, len);
		rc = rc == TL_ENOMEM ? TLCHECK_ENOMEM : TLCHECK_EINVALID;
		goto out;
	}
	const tl_node *root = tl_doc_root(doc);
	const tl_node *results = tl_node_get(root, "results");
	if (root->kind != TL_NODE_MAPPING || !results || results->kind != TL_NODE_SEQUENCE) {
		problem(&c, root, "not a report of `tlcheck check --format json` (no `results` list)",
		        "`tlcheck check --format json` のレポートではありません (`results` のリストがありません)");
		rc = TLCHECK_EINVALID;
		goto out;
	}
	/* A report of another tool (its `tool.name`) is not one to compare with. */
	const tl_node *tname = tl_node_get(tl_node_get(root, "tool"), "name");
	if (tname && (tname->kind != TL_NODE_SCALAR || strcmp(tname->u.scalar.text, "tlcheck") != 0)) {
		problem(&c, tname, "not a report of tlcheck: its `tool.name` is not \"tlcheck\"",
		        "tlcheck のレポートではありません (`tool.name` が \"tlcheck\" ではありません)");
		rc = TLCHECK_EINVALID;
		goto out;
	}
	const tl_node *pk = tl_node_get(root, "rulepack");
	c.b->pack_name = tl_arena_strdup(&c.b->arena, member(pk, "name"));
	c.b->pack_version = tl_arena_strdup(&c.b->arena, member(pk, "version"));
	if (!c.b->pack_name || !c.b->pack_version) {
		rc = TLCHECK_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < results->u.seq.count && rc == 0; i++)
		rc = load_result(&c, results->u.seq.items[i]);
	if (rc == 0 && c.nerr)
		rc = TLCHECK_EINVALID;
	if (rc != 0)
		goto out;
	tl_sort(c.b->items, c.b->count, sizeof(*c.b->items), cmp_item);
	tl_sort(c.b->scopes, c.b->nscopes, sizeof(*c.b->scopes), cmp_str);
	*out = c.b;
	c.b = NULL;
out:
	tl_doc_free(doc);
	free(data);
	tl_arena_clear(&c.tmp);
	tlcheck_baseline_free(c.b);
	if (diags && tlcheck_diags_count(c.diags))
		*diags = c.diags;
	else
		tlcheck_diags_free(c.diags);
	return rc;
}

void tlcheck_baseline_free(tlcheck_baseline *b)
{
	if (!b)
		return;
	tl_arena_clear(&b->arena);
	free(b);
}

const char *tlcheck_baseline_rulepack(const tlcheck_baseline *b, const char **version)
{
	if (version)
		*version = b ? b->pack_version : "";
	return b ? b->pack_name : "";
}

size_t tlcheck_baseline_finding_count(const tlcheck_baseline *b)
{
	return b ? b->count : 0;
}

tl_base_finding *tl_baseline_find(tlcheck_baseline *b, const char *fp)
{
	size_t lo = 0, hi = b->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(b->items[mid].fp, fp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < b->count && strcmp(b->items[i].fp, fp) == 0; i++)
		if (!b->items[i].matched)
			return &b->items[i];
	return NULL;
}

bool tlcheck_baseline_partial(const tlcheck_baseline *b)
{
	return b && b->partial;
}

bool tl_baseline_has_scope(const tlcheck_baseline *b, const char *scope)
{
	return tl_search(&scope, b->scopes, b->nscopes, sizeof(*b->scopes), cmp_str) != NULL;
}
