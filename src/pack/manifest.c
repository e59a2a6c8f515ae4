/* manifest.c - pack.yaml: identity, legal text, materials, clauses, stages, files. */
#include <stdlib.h>
#include <string.h>

#include "load_ctx.h"
#include "source.h"

static const char *const fixed_vars[] = {"decl", "params", "materials"};

/* The manifest, for errors about the files it names. */
typedef struct manifest_src {
	const char *file, *data;
	size_t len;
} manifest_src;

/* Reports a file the manifest names but that cannot be read at the manifest's
 * line that names it. */
static void include_error(tl_pk *pk, const manifest_src *m, const tl_node *named_at,
                          const char *name, const tl_error *why)
{
	tl_error err;
	tl_error_set(&err, why->code, named_at->start, "cannot use `%s`: %s", name, why->msg);
	tl_error_set_ja(&err, "`%s` を使えません: %s", name, tl_error_message(why, "ja"));
	tl_diags_add(pk->diags, m->file, &err, m->data, m->len);
	pk->nerr++;
}

/* Where each line of the file starts, so that positions inside expressions
 * are mapped back to the source without rescanning it from the top. */
static int index_lines(tl_pk *pk)
{
	size_t n = 1, off = 0;
	if (!pk->data) {
		pk->data = "";
		pk->len = 0;
	}
	const char *p, *end = pk->data + pk->len;
	if (pk->len >= 3 && memcmp(pk->data, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	for (p = pk->data + off; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		n++;
	size_t *ls = tl_arena_alloc(&pk->pack->arena, n * sizeof(*ls));
	if (!ls)
		return TL_ENOMEM;
	ls[0] = off;
	size_t l = 1;
	for (p = pk->data + off; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		ls[l++] = (size_t)(p - pk->data) + 1;
	pk->line_start = ls;
	pk->nlines = n;
	return 0;
}

static int open_file(tl_pk *pk, const char *name, tl_doc **doc, const manifest_src *m,
                     const tl_node *named_at)
{
	tl_error err;
	const char *data = NULL;
	size_t len = 0;
	const char *fname;

	tl_error_clear(&err);
	if (pk->dir) {
		size_t n = strlen(pk->dir) + strlen(name) + 2;
		char *p = tl_arena_alloc(&pk->pack->arena, n);
		if (!p)
			return TL_ENOMEM;
		memcpy(p, pk->dir, strlen(pk->dir));
		p[strlen(pk->dir)] = '/';
		memcpy(p + strlen(pk->dir) + 1, name, strlen(name) + 1);
		fname = p;
	} else {
		size_t n = strlen(name) + 7;
		char *p = tl_arena_alloc(&pk->pack->arena, n);
		if (!p)
			return TL_ENOMEM;
		memcpy(p, "rules/", 6);
		memcpy(p + 6, name, strlen(name) + 1);
		fname = p;
	}
	pk->file = fname;
	pk->data = NULL;
	pk->len = 0;
	pk->line_start = NULL;
	pk->nlines = 0;
	int rc = tl_pack_read(&data, &len, &pk->pack->arena, pk->dir, name, &err);
	if (rc != 0) {
		if (m && named_at) {
			include_error(pk, m, named_at, name, &err);
		} else {
			tl_diags_add(pk->diags, fname, &err, NULL, 0);
			pk->nerr++;
		}
		return rc;
	}
	pk->data = data;
	pk->len = len;
	if (index_lines(pk) != 0)
		return TL_ENOMEM;
	/* The built-in pack's trees were frozen when it was built: thawing one
	 * is several times faster than parsing its YAML. Should that fail (out
	 * of memory), parsing decides. */
	const unsigned char *frozen;
	size_t frozen_len;
	rc = !pk->dir && tl_pack_frozen(name, &frozen, &frozen_len)
	         ? tl_doc_thaw(doc, frozen, frozen_len) : TL_EINVALID;
	if (rc != 0)
		rc = tl_doc_load(doc, &err, data, len, NULL);
	if (rc != 0) {
		tl_diags_add(pk->diags, fname, &err, data, len);
		pk->nerr++;
		return rc;
	}
	pk->doc = *doc;
	if (tl_doc_root(*doc)->kind != TL_NODE_MAPPING) {
		tl_pk_error(pk, tl_doc_root(*doc), "a rule pack file must be a mapping",
		            "ルールパックのファイルはマッピングでなければなりません");
		return TL_EINVALID;
	}
	return 0;
}

static void load_materials(tl_pk *pk, const tl_node *list)
{
	static const char *const keys[] = {"code", "name", "ministry", "certified_plans", NULL};
	tlcheck_pack *p = pk->pack;
	if (!list)
		return;
	p->materials = tl_arena_alloc(&p->arena, (list->u.seq.count + 1) * sizeof(tl_material));
	if (!p->materials)
		return;
	for (size_t i = 0; i < list->u.seq.count; i++) {
		const tl_node *m = list->u.seq.items[i];
		if (m->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, m, "a material must be a mapping", "物資はマッピングで記載してください");
			continue;
		}
		tl_pk_check_keys(pk, m, "a material", keys);
		tl_material *mt = &p->materials[p->nmaterials];
		mt->code = tl_pk_string(pk, tl_pk_need(pk, m, "code", TL_NODE_SCALAR));
		tl_pk_text(pk, tl_pk_need(pk, m, "name", TL_NODE_MAPPING), &mt->name);
		tl_pk_text(pk, tl_pk_need(pk, m, "ministry", TL_NODE_MAPPING), &mt->ministry);
		mt->certified_plans = -1;
		const tl_node *cp = tl_node_get(m, "certified_plans");
		if (cp) {
			const char *t = tl_node_text(cp);
			char *end = NULL;
			long v = t ? strtol(t, &end, 10) : -1;
			if (!t || !*t || *end || v < 0)
				tl_pk_error(pk, cp, "`certified_plans` must be a whole number",
				            "`certified_plans` は 0 以上の整数で記載してください");
			else
				mt->certified_plans = v;
		}
		if (!mt->code)
			continue;
		for (size_t j = 0; j < p->nmaterials; j++)
			if (strcmp(p->materials[j].code, mt->code) == 0)
				tl_pk_error(pk, m, "material `%s` is listed twice", "物資 `%s` が重複しています",
				            mt->code);
		p->nmaterials++;
	}
}

static void load_clauses(tl_pk *pk, const tl_node *list)
{
	static const char *const keys[] = {"id", "title", "text_ja", "text_en", NULL};
	tlcheck_pack *p = pk->pack;
	if (!list)
		return;
	p->clauses = tl_arena_alloc(&p->arena, (list->u.seq.count + 1) * sizeof(tl_clause));
	if (!p->clauses)
		return;
	for (size_t i = 0; i < list->u.seq.count; i++) {
		const tl_node *c = list->u.seq.items[i];
		if (c->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, c, "a clause must be a mapping", "条項はマッピングで記載してください");
			continue;
		}
		tl_pk_check_keys(pk, c, "a clause", keys);
		tl_clause *cl = &p->clauses[p->nclauses];
		cl->id = tl_pk_string(pk, tl_pk_need(pk, c, "id", TL_NODE_SCALAR));
		tl_pk_text(pk, tl_pk_need(pk, c, "title", TL_NODE_MAPPING), &cl->title);
		cl->text_ja = tl_pk_string(pk, tl_pk_need(pk, c, "text_ja", TL_NODE_SCALAR));
		cl->text_en = tl_pk_string(pk, tl_pk_need(pk, c, "text_en", TL_NODE_SCALAR));
		if (cl->id && cl->text_ja && cl->text_en)
			p->nclauses++;
	}
}

static const char **string_list(tl_pk *pk, const tl_node *n, size_t *count)
{
	*count = 0;
	if (!n)
		return NULL;
	if (n->kind != TL_NODE_SEQUENCE) {
		tl_pk_error(pk, n, "expected a list", "リストが必要です");
		return NULL;
	}
	const char **a = tl_arena_alloc(&pk->pack->arena, (n->u.seq.count + 1) * sizeof(char *));
	if (!a)
		return NULL;
	for (size_t i = 0; i < n->u.seq.count; i++) {
		const char *s = tl_pk_string(pk, n->u.seq.items[i]);
		if (s)
			a[(*count)++] = s;
	}
	return a;
}

static void load_stages(tl_pk *pk, const tl_node *list)
{
	static const char *const keys[] = {"name", "when", "halt_on", "covered_only", NULL};
	tlcheck_pack *p = pk->pack;
	if (!list)
		return;
	p->stages = tl_arena_alloc(&p->arena, (list->u.seq.count + 1) * sizeof(tl_stage));
	if (!p->stages)
		return;
	for (size_t i = 0; i < list->u.seq.count; i++) {
		const tl_node *s = list->u.seq.items[i];
		if (s->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, s, "a stage must be a mapping", "段階はマッピングで記載してください");
			continue;
		}
		tl_pk_check_keys(pk, s, "a stage", keys);
		tl_stage *st = &p->stages[p->nstages];
		st->name = tl_pk_string(pk, tl_pk_need(pk, s, "name", TL_NODE_SCALAR));
		const tl_node *w = tl_node_get(s, "when");
		if (w)
			st->when = tl_pk_compile(pk, w, fixed_vars, TL_VAR_FIXED);
		st->halt_on = string_list(pk, tl_node_get(s, "halt_on"), &st->nhalt);
		const char *co = tl_node_text(tl_node_get(s, "covered_only"));
		st->covered_only = co && strcmp(co, "true") == 0;
		if (st->name)
			p->nstages++;
	}
}

static tlcheck_severity sev_of(tl_pk *pk, const tl_node *n)
{
	const char *t = tl_node_text(n);
	int s = t ? tlcheck_severity_parse(t) : -1;
	if (s < 0) {
		tl_pk_error(pk, n, "severity must be error, warning or info",
		            "重大度は error、warning、info のいずれかです");
		return TLCHECK_ERROR;
	}
	return (tlcheck_severity)s;
}

static void load_cap(tl_pk *pk, const tl_node *cap)
{
	static const char *const keys[] = {"when", "rules", "from", "to", NULL};
	tlcheck_pack *p = pk->pack;
	if (!cap)
		return;
	tl_pk_check_keys(pk, cap, "severity_cap", keys);
	p->cap_when = tl_pk_compile(pk, tl_pk_need(pk, cap, "when", TL_NODE_SCALAR), fixed_vars,
	                            TL_VAR_FIXED);
	p->cap_rules = string_list(pk, tl_pk_need(pk, cap, "rules", TL_NODE_SEQUENCE), &p->ncap_rules);
	const tl_node *f = tl_pk_need(pk, cap, "from", TL_NODE_SCALAR);
	const tl_node *t = tl_pk_need(pk, cap, "to", TL_NODE_SCALAR);
	p->cap_from = f ? sev_of(pk, f) : TLCHECK_ERROR;
	p->cap_to = t ? sev_of(pk, t) : TLCHECK_WARNING;
}

static void on_schema_error(void *ud, const tl_error *err)
{
	tl_pk *pk = ud;
	tl_diags_add(pk->diags, pk->file, err, pk->data, pk->len);
	pk->nerr++;
}

static int load_pack(tlcheck_pack **out, const char *dir, tlcheck_diags **diagsp)
{
	static const char *const keys[] = {"pack", "version", "legal_text", "parameters", "materials",
	                                   "clauses", "stages", "severity_cap", "schema",
	                                   "report", "template", "files", NULL};
	static const char *const legal_keys[] = {"name", "revision", "checked_on", "source", NULL};
	static const char *const report_keys[] = {"plan", "material", NULL};
	tl_pk pk;
	tl_doc *manifest = NULL;
	tl_doc **docs = NULL;
	size_t ndocs = 0;
	int rc = 0;

	memset(&pk, 0, sizeof(pk));
	*out = NULL;
	if (diagsp)
		*diagsp = NULL;
	pk.pack = calloc(1, sizeof(tlcheck_pack));
	pk.diags = tl_diags_new();
	if (pk.pack) {
		pk.pack->names = tl_expr_names_new();
		/* Without its lock, the pack compiles every message as it loads. */
		pk.pack->have_lazy_mu = pthread_mutex_init(&pk.pack->lazy_mu, NULL) == 0;
	}
	if (!pk.pack || !pk.diags || !pk.pack->names) {
		rc = TL_ENOMEM;
		goto out;
	}
	pk.dir = dir;
	tlcheck_pack *p = pk.pack;

	if (open_file(&pk, "pack.yaml", &manifest, NULL, NULL) != 0)
		goto out;
	const tl_node *root = tl_doc_root(manifest);
	manifest_src msrc = {pk.file, pk.data, pk.len};
	tl_pk_check_keys(&pk, root, "pack.yaml", keys);
	p->name = tl_pk_string(&pk, tl_pk_need(&pk, root, "pack", TL_NODE_SCALAR));
	p->version = tl_pk_string(&pk, tl_pk_need(&pk, root, "version", TL_NODE_SCALAR));
	const tl_node *legal = tl_pk_need(&pk, root, "legal_text", TL_NODE_MAPPING);
	if (legal) {
		tl_pk_check_keys(&pk, legal, "legal_text", legal_keys);
		tl_pk_text(&pk, tl_pk_need(&pk, legal, "name", TL_NODE_MAPPING), &p->legal_name);
		p->legal_revision = tl_pk_string(&pk, tl_pk_need(&pk, legal, "revision", TL_NODE_SCALAR));
		p->legal_checked_on = tl_pk_string(&pk, tl_pk_need(&pk, legal, "checked_on", TL_NODE_SCALAR));
	}
	load_materials(&pk, tl_pk_need(&pk, root, "materials", TL_NODE_SEQUENCE));
	load_clauses(&pk, tl_pk_need(&pk, root, "clauses", TL_NODE_SEQUENCE));
	tl_pk_load_params(&pk, tl_pk_need(&pk, root, "parameters", TL_NODE_MAPPING));
	/* Known from here: an expression that names another field of `params`
	 * is a load error. */
	p->param_names = tl_arena_alloc(&p->arena, (p->nparams + 1) * sizeof(*p->param_names));
	for (size_t i = 0; p->param_names && i < p->nparams; i++)
		p->param_names[i] = p->params[i].name;
	load_stages(&pk, tl_pk_need(&pk, root, "stages", TL_NODE_SEQUENCE));
	load_cap(&pk, tl_node_get(root, "severity_cap"));
	const tl_node *rep = tl_node_get(root, "report");
	p->plan_field = "plan.id";
	p->material_field = "plan.material";
	if (rep) {
		tl_pk_check_keys(&pk, rep, "report", report_keys);
		if (tl_node_get(rep, "plan"))
			p->plan_field = tl_pk_string(&pk, tl_node_get(rep, "plan"));
		if (tl_node_get(rep, "material"))
			p->material_field = tl_pk_string(&pk, tl_node_get(rep, "material"));
	}
	const char *schema_name = tl_pk_string(&pk, tl_node_get(root, "schema"));
	const char *template_name = tl_pk_string(&pk, tl_node_get(root, "template"));
	size_t nfiles = 0;
	const tl_node *files_node = tl_pk_need(&pk, root, "files", TL_NODE_SEQUENCE);
	const char **files = string_list(&pk, files_node, &nfiles);

	docs = calloc(nfiles + 2, sizeof(*docs));
	if (!docs) {
		rc = TL_ENOMEM;
		goto out;
	}
	if (schema_name) {
		tl_doc *sd = NULL;
		if (open_file(&pk, schema_name, &sd, &msrc, tl_node_get(root, "schema")) == 0)
			tl_schema_compile(&p->schema, tl_doc_root(sd), pk.file, on_schema_error, &pk);
		docs[ndocs++] = sd;
	}
	if (template_name) {
		const char *data;
		size_t len;
		tl_error err;
		if (tl_pack_read(&data, &len, &p->arena, dir, template_name, &err) == 0) {
			p->template_text = tl_arena_strndup(&p->arena, data, len);
		} else {
			include_error(&pk, &msrc, tl_node_get(root, "template"), template_name, &err);
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		tl_doc *rd = NULL;
		/* string_list() keeps the scalar items in order; every item of
		 * `files` is a scalar once it got here without an error. */
		const tl_node *at = files_node && i < files_node->u.seq.count ? files_node->u.seq.items[i]
		                                                               : NULL;
		if (open_file(&pk, files[i], &rd, &msrc, at) == 0)
			tl_pk_load_rules_file(&pk, tl_doc_root(rd));
		docs[ndocs++] = rd;
	}
	/* Halting rules and capped rules must name rules that exist. */
	pk.file = dir ? "pack.yaml" : "rules/pack.yaml";
	for (size_t i = 0; i < p->nstages; i++)
		for (size_t j = 0; j < p->stages[i].nhalt; j++) {
			long hr = tlcheck_pack_find_rule(p, p->stages[i].halt_on[j]);
			if (hr >= 0) {
				p->rules[hr].halts = true;
				continue;
			}
			tl_error err;
			tl_error_set(&err, TL_EINVALID, (tl_pos){0, 0}, "stage `%s` halts on unknown rule `%s`",
			             p->stages[i].name, p->stages[i].halt_on[j]);
			tl_error_set_ja(&err, "段階 `%s` の halt_on に存在しないルール `%s` があります",
			                p->stages[i].name, p->stages[i].halt_on[j]);
			tl_diags_add(pk.diags, pk.file, &err, NULL, 0);
			pk.nerr++;
		}
	for (size_t i = 0; i < p->nstages && rc == 0; i++) {
		tl_stage *st = &p->stages[i];
		for (size_t ri = 0; ri < p->nrules; ri++)
			st->nrules += p->rules[ri].stage == i;
		st->rules = tl_arena_alloc(&p->arena, (st->nrules + 1) * sizeof(*st->rules));
		if (!st->rules) {
			rc = TL_ENOMEM;
			break;
		}
		st->nrules = 0;
		for (size_t ri = 0; ri < p->nrules; ri++) {
			if (p->rules[ri].stage != i)
				continue;
			st->rules[st->nrules++] = (uint32_t)ri;
			if (p->rules[ri].kind == TL_RULE_SCHEMA)
				st->has_schema = true;
		}
	}
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t j = 0; j < p->ncap_rules; j++)
			if (tl_id_match(p->cap_rules[j], p->rules[i].id))
				p->rules[i].capped = true;
	if (p->nrules == 0 && pk.nerr == 0) {
		tl_error err;
		tl_error_set(&err, TL_EINVALID, (tl_pos){0, 0}, "the rule pack defines no rule");
		tl_error_set_ja(&err, "ルールパックにルールが一つもありません");
		tl_diags_add(pk.diags, pk.file, &err, NULL, 0);
		pk.nerr++;
	}
	if (tl_pack_build_params(p) != 0)
		pk.nerr++;

out:
	/* Expressions and the schema may point into the documents' text: the
	 * pack keeps them for its lifetime. */
	if (pk.pack) {
		pk.pack->docs = docs;
		pk.pack->ndocs = ndocs;
		pk.pack->manifest = manifest;
	} else {
		tl_doc_free(manifest);
		for (size_t i = 0; i < ndocs; i++)
			tl_doc_free(docs[i]);
		free(docs);
	}
	if (rc == 0 && pk.nerr)
		rc = TL_EINVALID;
	if (rc != 0) {
		tlcheck_pack_free(pk.pack);
		pk.pack = NULL;
	}
	*out = pk.pack;
	if (diagsp && pk.diags && pk.diags->count) {
		*diagsp = pk.diags;
		pk.diags = NULL;
	}
	tlcheck_diags_free(pk.diags);
	return rc;
}

int tlcheck_pack_load_default(tlcheck_pack **out, tlcheck_diags **diags)
{
	return load_pack(out, NULL, diags);
}

int tlcheck_pack_load_dir(tlcheck_pack **out, const char *dir, tlcheck_diags **diags)
{
	return load_pack(out, dir, diags);
}

void tlcheck_pack_free(tlcheck_pack *pack)
{
	if (!pack)
		return;
	for (size_t i = 0; i < pack->nexprs; i++)
		tl_expr_free(pack->owned_exprs[i]);
	free(pack->owned_exprs);
	tl_expr_names_free(pack->names);
	tl_schema_free(pack->schema);
	tl_doc_free(pack->manifest);
	for (size_t i = 0; i < pack->ndocs; i++)
		tl_doc_free(pack->docs[i]);
	free(pack->docs);
	tl_arena_clear(&pack->arena);
	if (pack->have_lazy_mu)
		pthread_mutex_destroy(&pack->lazy_mu);
	free(pack);
}
