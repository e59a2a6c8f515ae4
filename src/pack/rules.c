/* rules.c - reading one rule file: defaults, rules, their expressions and messages. */
#include <ctype.h>
#include <string.h>

#include "../util/buf.h"
#include "load_ctx.h"

static const char *const rule_keys[] = {
	"id", "kind", "stage", "clause", "severity", "title", "checks", "remediation", "example",
	"for_each", "as", "index", "let", "when", "at", "message", "keywords", "formats", "hides",
	"also", "remediation_by_cause", NULL};

static const char *const keyword_names[] = {
	"required", "additionalProperties", "type", "enum", "const", "pattern",
	"minimum", "maximum", "minLength", "format", "minItems", NULL};

/* A key of the rule, else of the file's defaults. */
static const tl_node *get(const tl_node *rule, const tl_node *defaults, const char *key)
{
	const tl_node *n = tl_node_get(rule, key);
	return n || !defaults ? n : tl_node_get(defaults, key);
}

static bool valid_ident(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

static bool add_var(tl_pk *pk, tl_case *c, const tl_node *at, const char *name)
{
	for (size_t i = 0; i < c->nvars; i++)
		if (strcmp(c->vars[i], name) == 0) {
			tl_pk_error(pk, at, "`%s` is already a variable of this rule",
			            "`%s` はこのルールで既に変数として使われています", name);
			return false;
		}
	c->vars[c->nvars++] = name;
	return true;
}

static const char *ident(tl_pk *pk, const tl_node *n, const char *what)
{
	const char *s = tl_pk_string(pk, n);
	if (s && !valid_ident(s)) {
		tl_pk_error(pk, n, "`%s` must be a name (letters, digits, _)",
		            "`%s` には名前 (英数字と _) を記載してください", what);
		return NULL;
	}
	return s;
}

/* Marks the lets that read the item or its index, directly or through the
 * lets they read: an item computes these again. (Which lets an item computes
 * at all is decided as it is checked: those its expressions read.) */
static void let_per_item(tlcheck_pack *p, tl_case *c)
{
	size_t base = c->nvars - c->nlets;
	unsigned char *reads = tl_arena_alloc(&p->arena, c->nvars + 1);
	for (size_t i = 0; i < c->nlets; i++) {
		if (!reads) {
			c->lets[i].per_item = true; /* out of memory: always right, only slower */
			continue;
		}
		memset(reads, 0, c->nvars);
		tl_expr_vars(c->lets[i].expr, reads, c->nvars);
		for (size_t s = TL_VAR_FIXED; s < base + i; s++)
			if (reads[s] && (s < base || c->lets[s - base].per_item))
				c->lets[i].per_item = true;
	}
	unsigned char *keep = tl_arena_alloc(&p->arena, c->nlets + 1);
	for (size_t i = 0; keep && i < c->nlets; i++)
		keep[i] = !c->lets[i].per_item;
	c->item_keep = keep;
}

/* Compiles one case of a rule: `n` holds its keys, `file_defaults` those of
 * the file; `also` cases take nothing from the defaults but their lets. */
static void load_case(tl_pk *pk, tl_rule *r, tl_case *c, const tl_node *n,
                      const tl_node *file_defaults, bool also)
{
	tlcheck_pack *p = pk->pack;
	const tl_node *defaults = also ? NULL : file_defaults;
	const tl_node *let_blocks[2] = {tl_node_get(file_defaults, "let"), tl_node_get(n, "let")};
	size_t nlets = 0;
	/* The defaults' lets have the same values in every case that iterates
	 * the same way as the defaults do. */
	bool shares = true;
	static const char *const iteration[] = {"for_each", "as", "index"};
	for (int k = 0; k < 3; k++)
		if (get(n, defaults, iteration[k]) != tl_node_get(file_defaults, iteration[k]))
			shares = false;

	for (int b = 0; b < 2; b++) {
		const tl_node *l = let_blocks[b];
		if (!l)
			continue;
		if (l->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, l, "`let` must be a mapping of names to expressions",
			            "`let` は名前から式へのマッピングで記載してください");
			let_blocks[b] = NULL;
		} else {
			nlets += l->u.map.count;
		}
	}
	c->vars = tl_arena_alloc(&p->arena, (TL_VAR_FIXED + 3 + nlets) * sizeof(char *));
	c->lets = tl_arena_alloc(&p->arena, (nlets + 1) * sizeof(tl_let));
	if (!c->vars || !c->lets)
		return;
	c->vars[0] = "decl";
	c->vars[1] = "params";
	c->vars[2] = "materials";
	c->nvars = TL_VAR_FIXED;

	if (r->kind == TL_RULE_SCHEMA) {
		add_var(pk, c, n, "v");
	} else if (r->kind == TL_RULE_LOAD_ERROR) {
		add_var(pk, c, n, "error");
	} else {
		const tl_node *fe = get(n, defaults, "for_each");
		if (fe) {
			const tl_node *asn = get(n, defaults, "as");
			const tl_node *ixn = get(n, defaults, "index");
			c->as = asn ? ident(pk, asn, "as") : "item";
			if (shares && pk->have_shared_for_each) {
				c->for_each = pk->shared_for_each;
			} else {
				c->for_each = tl_pk_compile(pk, fe, c->vars, c->nvars);
				if (shares) {
					pk->shared_for_each = c->for_each;
					pk->have_shared_for_each = true;
				}
			}
			c->shared_list = shares ? pk->shared_list : 0;
			if (c->as)
				add_var(pk, c, asn ? asn : fe, c->as);
			if (ixn) {
				c->index = ident(pk, ixn, "index");
				if (c->index)
					add_var(pk, c, ixn, c->index);
			}
		}
		for (int b = 0; b < 2; b++) {
			const tl_node *l = let_blocks[b];
			for (size_t i = 0; l && i < l->u.map.count; i++) {
				const char *name = ident(pk, l->u.map.pairs[i].key, "let");
				if (!name)
					continue;
				bool cached = b == 0 && shares && i < pk->nshared_lets;
				tl_expr *e;
				if (cached && pk->have_shared_let[i]) {
					e = pk->shared_lets[i];
				} else {
					e = tl_pk_compile(pk, l->u.map.pairs[i].value, c->vars, c->nvars);
					if (cached) {
						pk->shared_lets[i] = e;
						pk->have_shared_let[i] = true;
					}
				}
				if (!add_var(pk, c, l->u.map.pairs[i].key, name))
					continue;
				c->lets[c->nlets].name = name;
				c->lets[c->nlets].expr = e;
				c->lets[c->nlets].shared = b == 0 && shares ? pk->share_base + i + 1 : 0;
				c->nlets++;
			}
		}
		c->when = tl_pk_compile(pk, tl_pk_need(pk, n, "when", TL_NODE_SCALAR), c->vars, c->nvars);
		const tl_node *at = get(n, defaults, "at");
		c->at = at ? tl_pk_string(pk, at) : "";
		if (!c->at)
			c->at = "";
	}

	const tl_node *msg = get(n, defaults, "message");
	if (!msg) {
		tl_pk_error(pk, n, "missing required key `message`", "必須のキー `message` がありません");
	} else if (msg->kind != TL_NODE_MAPPING) {
		tl_pk_error(pk, msg, "`message` must have `en` and `ja` texts",
		            "`message` には `en` と `ja` のテキストが必要です");
	} else {
		static const char *const keys[] = {"en", "ja", NULL};
		tl_pk_check_keys(pk, msg, "message", keys);
		tl_pk_template(pk, tl_pk_need(pk, msg, "en", TL_NODE_SCALAR), &c->msg[0], c->vars, c->nvars);
		tl_pk_template(pk, tl_pk_need(pk, msg, "ja", TL_NODE_SCALAR), &c->msg[1], c->vars, c->nvars);
	}
	if (r->kind == TL_RULE_EXPR)
		let_per_item(p, c);
}

/* Collects the names of parameters mentioned as `params.NAME` in the rule. */
static void scan_params(tl_buf *out, const tlcheck_pack *p, const tl_node *n)
{
	if (!n)
		return;
	if (n->kind == TL_NODE_MAPPING) {
		for (size_t i = 0; i < n->u.map.count; i++)
			scan_params(out, p, n->u.map.pairs[i].value);
		return;
	}
	if (n->kind == TL_NODE_SEQUENCE) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			scan_params(out, p, n->u.seq.items[i]);
		return;
	}
	const char *t = n->u.scalar.text;
	for (const char *s = strstr(t, "params."); s; s = strstr(s + 1, "params.")) {
		const char *name = s + 7;
		size_t len = 0;
		while (isalnum((unsigned char)name[len]) || name[len] == '_')
			len++;
		for (size_t i = 0; i < p->nparams; i++) {
			const char *pn = p->params[i].name;
			if (strlen(pn) != len || strncmp(pn, name, len) != 0)
				continue;
			/* Only once. */
			bool seen = false;
			for (const char *q = out->data ? out->data : ""; *q;) {
				const char *c = strchr(q, ',');
				size_t ql = c ? (size_t)(c - q) : strlen(q);
				if (ql == len && strncmp(q, name, len) == 0)
					seen = true;
				q += ql + (c ? 1 : 0);
			}
			if (!seen)
				tl_buf_printf(out, "%s%.*s", out->len ? "," : "", (int)len, name);
		}
	}
}

/* remediation_by_cause of a load-error rule: a text for each cause named. */
static void read_cause_fix(tl_pk *pk, tl_rule *r, const tl_node *n)
{
	if (!n)
		return;
	if (r->kind != TL_RULE_LOAD_ERROR) {
		/* At the key: the rule's kind is what is wrong, not the texts. */
		const tl_node *key = tl_node_key_of(n);
		tl_pk_error(pk, key ? key : n, "only a load-error rule takes `remediation_by_cause`",
		            "`remediation_by_cause` は load-error のルールにしか書けません");
		return;
	}
	if (n->kind != TL_NODE_MAPPING) {
		tl_buf kinds = TL_BUF_INIT;
		for (size_t i = 0; TL_LOAD_CAUSES[i]; i++)
			tl_buf_printf(&kinds, "%s%s", i ? ", " : "", TL_LOAD_CAUSES[i]);
		tl_pk_error(pk, n, "`remediation_by_cause` must be a mapping from causes (%s) to texts",
		            "`remediation_by_cause` は原因 (%s) からテキストへのマッピングにしてください",
		            kinds.data ? kinds.data : "");
		tl_buf_free(&kinds);
		return;
	}
	tl_pk_check_keys(pk, n, "remediation_by_cause", TL_LOAD_CAUSES);
	r->cause_fix = tl_arena_alloc(&pk->pack->arena, TL_NLOAD_CAUSES * sizeof(*r->cause_fix));
	if (!r->cause_fix)
		return;
	for (size_t i = 0; i < TL_NLOAD_CAUSES; i++) {
		r->cause_fix[i] = (tl_text){NULL, NULL};
		const tl_node *t = tl_node_get(n, TL_LOAD_CAUSES[i]);
		if (t && !tl_pk_text(pk, t, &r->cause_fix[i]))
			r->cause_fix[i] = (tl_text){NULL, NULL};
	}
}

static void load_rule(tl_pk *pk, const tl_node *rn, const tl_node *defaults)
{
	tlcheck_pack *p = pk->pack;
	tl_rule *r = &p->rules[p->nrules];
	int before = pk->nerr;

	memset(r, 0, sizeof(*r));
	if (rn->kind != TL_NODE_MAPPING) {
		tl_pk_error(pk, rn, "a rule must be a mapping", "ルールはマッピングで記載してください");
		return;
	}
	tl_pk_check_keys(pk, rn, "a rule", rule_keys);
	r->file = pk->file;
	r->pos = rn->start;
	const tl_node *idn = tl_pk_need(pk, rn, "id", TL_NODE_SCALAR);
	r->id = tl_pk_string(pk, idn);
	if (!r->id)
		return;
	if (!r->id[0]) {
		tl_pk_error(pk, idn, "a rule id cannot be empty", "ルール ID が空です");
		return;
	}
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].id, r->id) == 0) {
			tl_pk_error(pk, idn, "duplicate rule id `%s` (first defined in %s at line %u)",
			            "ルール ID `%s` が重複しています (最初の定義: %s の %u 行目)", r->id,
			            p->rules[i].file, p->rules[i].pos.line);
			return;
		}

	const char *kind = tl_node_text(get(rn, defaults, "kind"));
	if (!kind || strcmp(kind, "expression") == 0)
		r->kind = TL_RULE_EXPR;
	else if (strcmp(kind, "schema") == 0)
		r->kind = TL_RULE_SCHEMA;
	else if (strcmp(kind, "load-error") == 0)
		r->kind = TL_RULE_LOAD_ERROR;
	else
		tl_pk_error(pk, get(rn, defaults, "kind"),
		            "unknown rule kind `%s` (expression, schema or load-error)",
		            "ルールの種類 `%s` は使えません (expression, schema, load-error)", kind);

	if (!get(rn, defaults, "stage"))
		tl_pk_error(pk, rn, "missing required key `stage`", "必須のキー `stage` がありません");
	const char *stage = tl_node_text(get(rn, defaults, "stage"));
	r->stage = (size_t)-1;
	for (size_t i = 0; stage && i < p->nstages; i++)
		if (strcmp(p->stages[i].name, stage) == 0)
			r->stage = i;
	if (stage && r->stage == (size_t)-1)
		tl_pk_error(pk, get(rn, defaults, "stage"), "unknown stage `%s`",
		            "段階 `%s` は pack.yaml に定義されていません", stage);
	else if (!stage && get(rn, defaults, "stage"))
		/* A list or a mapping: no stage, which later code would index. */
		tl_pk_error(pk, get(rn, defaults, "stage"), "`stage` must be the name of a stage of pack.yaml",
		            "`stage` には pack.yaml の段階の名前を書いてください");

	const tl_node *sev = get(rn, defaults, "severity");
	const char *sevt = tl_node_text(sev);
	int s = sevt ? tlcheck_severity_parse(sevt) : -1;
	if (!sev)
		tl_pk_error(pk, rn, "missing required key `severity`", "必須のキー `severity` がありません");
	else if (s < 0)
		tl_pk_error(pk, sev, "bad severity `%s`: use error, warning or info",
		            "重大度 `%s` は使えません: error、warning、info のいずれかです",
		            sevt ? sevt : "?");
	r->severity = s < 0 ? TLCHECK_ERROR : (tlcheck_severity)s;

	const tl_node *cl = get(rn, defaults, "clause");
	r->clause = cl ? tl_pk_string(pk, cl) : "";
	if (r->clause && r->clause[0]) {
		bool known = false;
		for (size_t i = 0; i < p->nclauses; i++)
			if (strcmp(p->clauses[i].id, r->clause) == 0)
				known = true;
		if (!known)
			tl_pk_error(pk, cl, "unknown clause `%s`", "条項 `%s` は pack.yaml に定義されていません",
			            r->clause);
	}
	if (!r->clause)
		r->clause = "";
	tl_pk_text(pk, tl_pk_need(pk, rn, "title", TL_NODE_MAPPING), &r->title);
	tl_pk_text(pk, get(rn, defaults, "checks") ? get(rn, defaults, "checks")
	                                           : tl_pk_need(pk, rn, "checks", TL_NODE_MAPPING),
	           &r->checks);
	tl_pk_text(pk, get(rn, defaults, "remediation") ? get(rn, defaults, "remediation")
	                                                : tl_pk_need(pk, rn, "remediation", TL_NODE_MAPPING),
	           &r->remediation);
	read_cause_fix(pk, r, tl_node_get(rn, "remediation_by_cause"));
	r->example = tl_node_get(rn, "example") ? tl_pk_string(pk, tl_node_get(rn, "example")) : "";
	if (!r->example)
		r->example = "";

	if (r->kind == TL_RULE_SCHEMA) {
		const tl_node *kw = tl_pk_need(pk, rn, "keywords", TL_NODE_SEQUENCE);
		for (size_t i = 0; kw && i < kw->u.seq.count; i++) {
			const char *k = tl_node_text(kw->u.seq.items[i]);
			int found = -1;
			for (int j = 0; k && keyword_names[j]; j++)
				if (strcmp(keyword_names[j], k) == 0)
					found = j;
			if (found < 0)
				tl_pk_error(pk, kw->u.seq.items[i], "unknown schema keyword `%s`",
				            "スキーマのキーワード `%s` は使えません", k ? k : "?");
			else
				r->keywords |= 1u << found;
		}
		const tl_node *fm = tl_node_get(rn, "formats");
		if (fm && fm->kind == TL_NODE_SEQUENCE) {
			r->formats = tl_arena_alloc(&p->arena, (fm->u.seq.count + 1) * sizeof(char *));
			for (size_t i = 0; r->formats && i < fm->u.seq.count; i++) {
				const char *f = tl_pk_string(pk, fm->u.seq.items[i]);
				if (f)
					r->formats[r->nformats++] = f;
			}
		}
		const char *h = tl_node_text(tl_node_get(rn, "hides"));
		r->hides = h && strcmp(h, "true") == 0;
	}

	const tl_node *also = tl_node_get(rn, "also");
	size_t nalso = 0;
	if (also && (also->kind != TL_NODE_SEQUENCE || r->kind != TL_RULE_EXPR)) {
		tl_pk_error(pk, also, "`also` must be a list of further cases of an expression rule",
		            "`also` は expression ルールの追加の検査のリストで記載してください");
		also = NULL;
	}
	if (also)
		nalso = also->u.seq.count;
	r->cases = tl_arena_alloc(&p->arena, (nalso + 1) * sizeof(tl_case));
	if (!r->cases)
		return;
	load_case(pk, r, &r->cases[0], rn, defaults, false);
	r->ncases = 1;
	for (size_t i = 0; i < nalso; i++) {
		static const char *const case_keys[] = {"for_each", "as", "index", "let", "when", "at",
		                                        "message", NULL};
		const tl_node *cn = also->u.seq.items[i];
		if (cn->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, cn, "a case in `also` must be a mapping",
			            "`also` の各要素はマッピングで記載してください");
			continue;
		}
		tl_pk_check_keys(pk, cn, "a case of `also`", case_keys);
		load_case(pk, r, &r->cases[r->ncases++], cn, defaults, true);
	}

	tl_buf used = TL_BUF_INIT;
	scan_params(&used, p, rn);
	scan_params(&used, p, defaults);
	r->params_used = tl_arena_strdup(&p->arena, used.data ? used.data : "");
	tl_buf_free(&used);

	if (pk->nerr == before)
		p->nrules++;
}

int tl_pk_load_rules_file(tl_pk *pk, const tl_node *root)
{
	static const char *const keys[] = {"defaults", "rules", NULL};
	static const char *const default_keys[] = {
		"kind", "stage", "clause", "severity", "checks", "remediation", "for_each", "as", "index",
		"let", "at", "message", NULL};
	tlcheck_pack *p = pk->pack;

	tl_pk_check_keys(pk, root, "a rule file", keys);
	const tl_node *defaults = tl_node_get(root, "defaults");
	if (defaults) {
		if (defaults->kind != TL_NODE_MAPPING) {
			tl_pk_error(pk, defaults, "`defaults` must be a mapping",
			            "`defaults` はマッピングで記載してください");
			defaults = NULL;
		} else {
			tl_pk_check_keys(pk, defaults, "defaults", default_keys);
		}
	}
	const tl_node *rules = tl_pk_need(pk, root, "rules", TL_NODE_SEQUENCE);
	if (!rules)
		return TL_EINVALID;
	tl_rule *grown = tl_arena_grow(&p->arena, p->rules, p->nrules * sizeof(tl_rule),
	                               (p->nrules + rules->u.seq.count + 1) * sizeof(tl_rule));
	if (!grown)
		return TL_ENOMEM;
	p->rules = grown;
	const tl_node *lets_d = tl_node_get(defaults, "let");
	pk->share_base = p->nshared;
	if (lets_d && lets_d->kind == TL_NODE_MAPPING)
		p->nshared += lets_d->u.map.count;
	pk->shared_list = tl_node_get(defaults, "for_each") ? ++p->nshared_lists : 0;
	pk->have_shared_for_each = false;
	pk->nshared_lets = lets_d && lets_d->kind == TL_NODE_MAPPING ? lets_d->u.map.count : 0;
	pk->shared_lets = tl_arena_alloc(&p->arena, (pk->nshared_lets + 1) * sizeof(*pk->shared_lets));
	pk->have_shared_let = tl_arena_alloc(&p->arena, pk->nshared_lets + 1);
	if (!pk->shared_lets || !pk->have_shared_let)
		pk->nshared_lets = 0; /* each case compiles its own */
	for (size_t i = 0; i < rules->u.seq.count; i++)
		load_rule(pk, rules->u.seq.items[i], defaults);
	return 0;
}
