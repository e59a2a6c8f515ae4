/* load.c - reading and validating a waiver file (tlcheck-waivers(5)), every problem positioned. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../check/check.h"
#include "../pack/pack.h"
#include "../util/diags.h"
#include "../value/scalar.h"
#include "internal.h"

#define WAIVERS_FORMAT "tlcheck-waivers/1"

/* A waiver file is small; this is only a guard against a wrong file given. */
#define WAIVERS_MAX_BYTES ((size_t)16 << 20)

typedef struct wl {
	tlcheck_waivers *w;
	tlcheck_diags *diags;
	const tlcheck_pack *pack;
	const char *name;
	const char *data;
	size_t len;
	int nerr;
	size_t cap;
} wl;

static const char *const top_keys[] = {"format", "waivers", NULL};
static const char *const entry_keys[] = {"rule",        "plan",    "file", "path", "reason",
                                         "approved_by", "expires", NULL};

/* Both formats take the same arguments and every caller passes literals. */
static void problem(wl *c, tl_pos pos, const char *en, const char *ja, ...)
{
	tl_error err;
	va_list ap;

	va_start(ap, ja);
	tl_error_setv_both(&err, TL_EINVALID, pos, en, ja, ap);
	va_end(ap);
	tl_diags_add(c->diags, c->name, &err, c->data, c->len);
	c->nerr++;
}

/* Edit distance of two short ASCII keys, for "did you mean"; TOO_LONG for
 * keys of 31 characters or more. */
#define TOO_LONG ((size_t)99)
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[32];
	if (la >= 31 || lb >= 31)
		return TOO_LONG;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/* Whether `a` is `b` without its last words (`approved` for `approved_by`). */
static bool first_words_of(const char *a, const char *b)
{
	size_t la = strlen(a);
	return la && strncmp(a, b, la) == 0 && b[la] == '_';
}

/* Reports keys of `map` not in `allowed`, naming the nearest known key, so
 * that a typo (`expiry:`) never silently drops a field: as the one meant
 * ("did you mean") when it is a few edits away or the same words cut short
 * (`approved`, `plan_id`), else as the nearest. */
static void check_keys(wl *c, const tl_node *map, bool top, const char *const *allowed)
{
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tl_node *k = map->u.map.pairs[i].key;
		const char *name = tl_node_text(k);
		const char *near = NULL, *meant = NULL;
		size_t best = SIZE_MAX;
		bool ok = false;
		for (size_t j = 0; name && allowed[j]; j++) {
			if (strcmp(allowed[j], name) == 0)
				ok = true;
			size_t d = distance(name, allowed[j]);
			if (d < best && d != TOO_LONG) {
				best = d;
				near = allowed[j];
			}
			if (!meant && (first_words_of(name, allowed[j]) || first_words_of(allowed[j], name)))
				meant = allowed[j];
		}
		if (ok)
			continue;
		if (best < 3)
			meant = near;
		tl_buf list = TL_BUF_INIT;
		for (size_t j = 0; allowed[j]; j++)
			tl_buf_printf(&list, "%s%s", j ? ", " : "", allowed[j]);
		const char *known = list.data ? list.data : "";
		name = name ? name : "?";
		if (meant && top)
			problem(c, k->start, "unknown key `%s` in the waiver file: did you mean `%s`? (known keys: %s)",
			        "免除ファイルに不明なキー `%s` があります。`%s` の誤りではありませんか (使えるキー: %s)",
			        name, meant, known);
		else if (meant)
			problem(c, k->start, "unknown key `%s` in a waiver: did you mean `%s`? (known keys: %s)",
			        "免除に不明なキー `%s` があります。`%s` の誤りではありませんか (使えるキー: %s)",
			        name, meant, known);
		else if (near && top)
			problem(c, k->start,
			        "unknown key `%s` in the waiver file: the nearest known key is `%s` (known keys: %s)",
			        "免除ファイルに不明なキー `%s` があります。最も近い既知のキーは `%s` です (使えるキー: %s)",
			        name, near, known);
		else if (near)
			problem(c, k->start, "unknown key `%s` in a waiver: the nearest known key is `%s` (known keys: %s)",
			        "免除に不明なキー `%s` があります。最も近い既知のキーは `%s` です (使えるキー: %s)",
			        name, near, known);
		else if (top)
			problem(c, k->start, "unknown key `%s` in the waiver file (known keys: %s)",
			        "免除ファイルに不明なキー `%s` があります (使えるキー: %s)", name, known);
		else
			problem(c, k->start, "unknown key `%s` in a waiver (known keys: %s)",
			        "免除に不明なキー `%s` があります (使えるキー: %s)", name, known);
		tl_buf_free(&list);
	}
}

static bool is_null(const tl_node *n)
{
	tl_scalar s;
	return !n || (n->kind == TL_NODE_SCALAR && tl_scalar_resolve(n, &s) && s.type == TL_SCALAR_NULL);
}

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

/* The text of `key` in a waiver entry, copied into the set; NULL when absent
 * (reported when `required`) or not acceptable (reported). */
static const char *text_field(wl *c, const tl_node *entry, const char *key, bool required,
                              bool allow_empty)
{
	const tl_node *n = tl_node_get(entry, key);
	if (is_null(n)) {
		/* Both formats take the same arguments: the reason's hint is a
		 * message of its own in each language. */
		if (required && strcmp(key, "reason") == 0)
			problem(c, entry->start, "this waiver has no `reason`: say why the finding is accepted",
			        "この免除には `reason` がありません。指摘を受け入れる理由を書いてください");
		else if (required)
			problem(c, entry->start, "this waiver has no `%s`", "この免除には `%s` がありません", key);
		return NULL;
	}
	if (n->kind != TL_NODE_SCALAR) {
		problem(c, n->start, "`%s` must be text, not %s", "`%s` はテキストでなければなりません (%s)", key,
		        n->kind == TL_NODE_MAPPING ? "a mapping" : "a list",
		        n->kind == TL_NODE_MAPPING ? "マッピングがあります" : "リストがあります");
		return NULL;
	}
	if (!allow_empty && is_blank(n->u.scalar.text, n->u.scalar.len)) {
		problem(c, n->start, "`%s` is empty", "`%s` が空です", key);
		return NULL;
	}
	if (memchr(n->u.scalar.text, '\0', n->u.scalar.len)) {
		problem(c, n->start, "`%s` holds a NUL character", "`%s` に NUL 文字があります", key);
		return NULL;
	}
	const char *s = tl_arena_strndup(&c->w->arena, n->u.scalar.text, n->u.scalar.len);
	if (!s)
		c->nerr++;
	return s;
}

static const char *date_field(wl *c, const tl_node *entry, const char *key)
{
	const tl_node *n = tl_node_get(entry, key);
	const char *s = text_field(c, entry, key, true, false);
	tl_date d;
	if (!s)
		return NULL;
	switch (tl_date_parse(&d, s, strlen(s))) {
	case TL_DATE_OK: return s;
	case TL_DATE_INVALID:
		problem(c, n->start, "`%s` is not a real calendar day: %s", "`%s` は実在しない日付です: %s", key, s);
		return NULL;
	default:
		problem(c, n->start, "`%s` must be a date written YYYY-MM-DD, not `%s`",
		        "`%s` は YYYY-MM-DD 形式の日付でなければなりません: `%s`", key, s);
		return NULL;
	}
}

static void load_entry(wl *c, const tl_node *e, tl_date today)
{
	tlcheck_waiver wv;
	int before = c->nerr;

	if (e->kind != TL_NODE_MAPPING) {
		problem(c, e->start, "each waiver must be a mapping with rule, plan, reason, approved_by and expires",
		        "免除は rule、plan、reason、approved_by、expires を持つマッピングでなければなりません");
		return;
	}
	memset(&wv, 0, sizeof(wv));
	check_keys(c, e, false, entry_keys);
	wv.line = e->start.line;
	wv.column = e->start.col;
	wv.rule = text_field(c, e, "rule", true, false);
	long ri = wv.rule && c->pack ? tlcheck_pack_find_rule(c->pack, wv.rule) : -1;
	if (wv.rule && strchr(wv.rule, '*'))
		problem(c, tl_node_get(e, "rule")->start,
		        "a waiver names one rule exactly: `%s` is a pattern", "免除ではルールを一つ正確に指定します: `%s` はパターンです",
		        wv.rule);
	else if (wv.rule && c->pack && ri < 0)
		problem(c, tl_node_get(e, "rule")->start, "unknown rule `%s` (tlcheck rules lists them)",
		        "ルール `%s` はありません (tlcheck rules で一覧できます)", wv.rule);
	else if (ri >= 0 && tl_rule_stops_check(&c->pack->rules[ri]))
		/* Waived, a file the later rules did not check would count as clean. */
		problem(c, tl_node_get(e, "rule")->start,
		        "`%s` stops the check of the declaration it reports (the rules after it do not run): "
		        "it cannot be waived; correct the declaration, then remove this waiver",
		        "`%s` が報告した申告書には以降のルールが実行されないため、免除できません。申告書を直し、"
		        "この免除を削除してください",
		        wv.rule);
	wv.rule_index = ri;
	wv.plan = text_field(c, e, "plan", false, false);
	wv.file = text_field(c, e, "file", false, false);
	if (wv.plan && wv.file)
		problem(c, tl_node_get(e, "file")->start,
		        "give either `plan` or `file`, not both", "`plan` と `file` はどちらか一方だけを指定します");
	else if (!wv.plan && !wv.file && is_null(tl_node_get(e, "plan")) && is_null(tl_node_get(e, "file")))
		problem(c, e->start, "this waiver has no `plan` (or `file`): a waiver applies to one plan",
		        "この免除には `plan` (または `file`) がありません: 免除は一つの計画に適用されます");
	while (wv.file && strncmp(wv.file, "./", 2) == 0)
		wv.file += 2;
	wv.path = text_field(c, e, "path", false, true);
	if (wv.path && !tl_path_stabilize(NULL, NULL, wv.path))
		problem(c, tl_node_get(e, "path")->start,
		        "`path` is not a finding path such as `partners[0].nda` or `planned_acts[id=ACT1]`: %s",
		        "`path` は `partners[0].nda` や `planned_acts[id=ACT1]` のような指摘のパスではありません: %s",
		        wv.path);
	wv.reason = text_field(c, e, "reason", true, false);
	wv.approved_by = text_field(c, e, "approved_by", true, false);
	wv.expires = date_field(c, e, "expires");
	if (c->nerr != before)
		return;
	tl_date exp;
	tl_date_parse(&exp, wv.expires, strlen(wv.expires));
	/* Valid through the expiry date inclusive: a waiver that expires today
	 * still waives today, and is expired from tomorrow. */
	wv.status = tl_date_cmp(exp, today) < 0 ? TLCHECK_WAIVER_EXPIRED : TLCHECK_WAIVER_UNUSED;
	tlcheck_waivers *w = c->w;
	if (w->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		tlcheck_waiver *items = tl_arena_grow(&w->arena, w->items, w->count * sizeof(*items),
		                                      cap * sizeof(*items));
		if (!items) {
			c->nerr++;
			return;
		}
		w->items = items;
		c->cap = cap;
	}
	w->items[w->count++] = wv;
}

static void load_doc(wl *c, const tl_node *root, tl_date today)
{
	if (root->kind != TL_NODE_MAPPING) {
		problem(c, root->start, "a waiver file is a mapping with `format: " WAIVERS_FORMAT "` and `waivers:`",
		        "免除ファイルは `format: " WAIVERS_FORMAT "` と `waivers:` を持つマッピングです");
		return;
	}
	check_keys(c, root, true, top_keys);
	const tl_node *fmt = tl_node_get(root, "format");
	const char *f = tl_node_text(fmt);
	if (is_null(fmt))
		problem(c, root->start, "missing `format: " WAIVERS_FORMAT "`",
		        "`format: " WAIVERS_FORMAT "` がありません");
	else if (!f || strcmp(f, WAIVERS_FORMAT) != 0)
		problem(c, fmt->start, "`format` must be `" WAIVERS_FORMAT "`, not `%s`",
		        "`format` は `" WAIVERS_FORMAT "` でなければなりません: `%s`", f ? f : "?");
	const tl_node *list = tl_node_get(root, "waivers");
	if (!list) {
		problem(c, root->start, "missing `waivers:` (a list; write `waivers: []` for none)",
		        "`waivers:` がありません (リストです。免除がなければ `waivers: []`)");
		return;
	}
	if (is_null(list))
		return;
	if (list->kind != TL_NODE_SEQUENCE) {
		problem(c, list->start, "`waivers` must be a list", "`waivers` はリストでなければなりません");
		return;
	}
	for (size_t i = 0; i < list->u.seq.count; i++)
		load_entry(c, list->u.seq.items[i], today);
}

/* Today's local date. */
static void local_today(char *buf)
{
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm) == NULL || strftime(buf, TL_DATE_BUFSZ, "%Y-%m-%d", &tm) != 10)
		snprintf(buf, TL_DATE_BUFSZ, "1970-01-01");
}

static int finish(wl *c, int rc, tlcheck_waivers **out, tlcheck_diags **diags)
{
	if (rc == 0 && c->nerr)
		rc = TLCHECK_EINVALID;
	if (rc == 0) {
		*out = c->w;
	} else {
		tlcheck_waivers_free(c->w);
	}
	if (diags && tlcheck_diags_count(c->diags))
		*diags = c->diags;
	else
		tlcheck_diags_free(c->diags);
	return rc;
}

int tlcheck_waivers_load_buffer(tlcheck_waivers **out, const char *name, const char *data,
                                size_t len, const char *today, const tlcheck_pack *pack,
                                tlcheck_diags **diags)
{
	wl c;
	tl_doc *doc = NULL;
	tl_error err;
	tl_date t;
	int rc = 0;

	*out = NULL;
	if (diags)
		*diags = NULL;
	memset(&c, 0, sizeof(c));
	c.name = name ? name : "<waivers>";
	c.data = data;
	c.len = len;
	c.pack = pack;
	c.diags = tl_diags_new();
	c.w = calloc(1, sizeof(*c.w));
	if (!c.diags || !c.w) {
		rc = TLCHECK_ENOMEM;
		goto out;
	}
	if (today) {
		if (strlen(today) != 10 || tl_date_parse(&t, today, 10) != TL_DATE_OK) {
			problem(&c, (tl_pos){0, 0}, "the date waivers are judged against must be YYYY-MM-DD, not `%s`",
			        "免除の期限を判定する日付は YYYY-MM-DD 形式です: `%s`", today);
			goto out;
		}
		memcpy(c.w->today, today, 10);
	} else {
		local_today(c.w->today);
		if (tl_date_parse(&t, c.w->today, 10) != TL_DATE_OK)
			tl_date_from_ymd(&t, 1970, 1, 1);
	}
	/* A source name shared by every entry: kept once in the arena. */
	const char *src = tl_arena_strdup(&c.w->arena, c.name);
	if (!src) {
		rc = TLCHECK_ENOMEM;
		goto out;
	}
	tl_error_clear(&err);
	tl_load_limits lim = TL_LOAD_LIMITS_INIT;
	lim.max_bytes = WAIVERS_MAX_BYTES;
	rc = tl_doc_load(&doc, &err, data, len, &lim);
	if (rc == TL_ENOMEM) {
		rc = TLCHECK_ENOMEM;
		goto out;
	}
	if (rc != 0) {
		tl_diags_add(c.diags, c.name, &err, data, len);
		c.nerr++;
		rc = 0;
		goto out;
	}
	load_doc(&c, tl_doc_root(doc), t);
	for (size_t i = 0; i < c.w->count; i++)
		c.w->items[i].source = src;
out:
	tl_doc_free(doc);
	return finish(&c, rc, out, diags);
}

int tlcheck_waivers_load_file(tlcheck_waivers **out, const char *path, const char *today,
                              const tlcheck_pack *pack, tlcheck_diags **diags)
{
	char *data = NULL;
	size_t len = 0;
	tl_error err;

	*out = NULL;
	if (diags)
		*diags = NULL;
	tl_error_clear(&err);
	int rc = tl_read_file(&data, &len, path, WAIVERS_MAX_BYTES, &err, NULL);
	if (rc == TL_ENOMEM)
		return TLCHECK_ENOMEM;
	if (rc != 0) {
		tlcheck_diags *d = tl_diags_new();
		if (!d)
			return TLCHECK_ENOMEM;
		tl_diags_add(d, path, &err, NULL, 0);
		if (diags)
			*diags = d;
		else
			tlcheck_diags_free(d);
		return rc == TL_EIO ? TLCHECK_EIO : TLCHECK_EINVALID;
	}
	rc = tlcheck_waivers_load_buffer(out, path, data, len, today, pack, diags);
	free(data);
	return rc;
}

void tlcheck_waivers_free(tlcheck_waivers *w)
{
	if (!w)
		return;
	tl_arena_clear(&w->arena);
	free(w);
}

const char *tlcheck_waivers_today(const tlcheck_waivers *w)
{
	return w ? w->today : "";
}
