/* pack.h - a compiled rule pack: manifest, parameters, stages, rules, schema. */
#ifndef TL_PACK_H
#define TL_PACK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "../expr/expr.h"
#include "../schema/schema.h"
#include "../util/arena.h"
#include "../util/error.h"
#include "../yaml/doc.h"
#include "tlcheck/tlcheck.h"

typedef struct tl_text {
	const char *en;
	const char *ja;
} tl_text;

/* A message template: literal text with {expression} placeholders. */
typedef struct tl_tpl_part {
	const char *lit;       /* literal text (when expr == NULL) */
	size_t len;
	tl_expr *expr;
} tl_tpl_part;

/* A message of the built-in pack waiting to be compiled (load.c): checked
 * when the binary was built, and compiled the first time it is rendered. */
typedef struct tl_tpl_lazy tl_tpl_lazy;

typedef struct tl_template {
	tl_tpl_part *parts;
	size_t count;
	tl_tpl_lazy *lazy;     /* when not NULL, the parts are there once compiled */
} tl_template;

typedef enum tl_rule_kind {
	TL_RULE_EXPR,        /* for_each / let / when expressions */
	TL_RULE_SCHEMA,      /* violations of the declaration schema */
	TL_RULE_LOAD_ERROR   /* the file cannot be read or parsed */
} tl_rule_kind;

typedef struct tl_let {
	const char *name;
	tl_expr *expr;
	/* 1 + the let's index among all the pack's shared lets, or 0. A let of a
	 * file's `defaults` is shared when the case also takes for_each, as and
	 * index from the defaults: it then has the same value for the same item in
	 * every rule of the file, and a document computes it once per item. */
	size_t shared;
	bool per_item;             /* reads the item or its index, directly or not */
} tl_let;

typedef enum tl_param_type {
	TL_PARAM_DECIMAL,
	TL_PARAM_INT,
	TL_PARAM_DATE,
	TL_PARAM_STRING,
	TL_PARAM_BOOL,
	TL_PARAM_LIST
} tl_param_type;

typedef struct tl_param {
	const char *name;
	tl_param_type type;
	tl_value value;
	const char *text;          /* current value as text */
	const char *default_text;
	tl_text meaning;
	/* What a value may be (the default's and every --param's): at least
	 * `min`, at most `max` (decimal and int), each item a material code of
	 * the pack (list with `items: material`). */
	bool has_min, has_max, items_material;
	tl_value min, max;
	const char *min_text, *max_text;
} tl_param;

typedef struct tl_material {
	const char *code;
	tl_text name;
	tl_text ministry;
	long certified_plans;
} tl_material;

typedef struct tl_clause {
	const char *id;
	tl_text title;
	const char *text_ja;
	const char *text_en;
} tl_clause;

typedef struct tl_stage {
	const char *name;
	tl_expr *when;             /* NULL: always */
	const char **halt_on;      /* rule ids whose findings stop later stages */
	size_t nhalt;
	bool covered_only;         /* documentation: runs only for covered materials */
	/* Its rules, by index in the pack, in pack order, and whether one is a
	 * schema rule: a check reads only these, not every rule of the pack
	 * once per stage. */
	uint32_t *rules;
	size_t nrules;
	bool has_schema;
} tl_stage;

/* One way a rule looks at the declaration: most rules have one; a rule whose
 * fact shows in several places (DECL-006: duplicate ids, dangling references)
 * adds more with `also:`. */
typedef struct tl_case {
	tl_expr *for_each;         /* NULL: once per document */
	/* 1 + the index of for_each among the pack's shared lists, or 0. A case
	 * whose for_each, as and index are its file's defaults walks the same
	 * list as every other such case of the file: a document computes it once. */
	size_t shared_list;
	const char *as;            /* the item's variable name */
	const char *index;         /* the item's index variable name, or NULL */
	tl_let *lets;
	size_t nlets;
	/* Per let: 1 when its value holds for every item (not per_item), else 0;
	 * an item's flags of bound lets are and-ed with these. */
	const unsigned char *item_keep;
	tl_expr *when;
	const char *at;            /* path of the finding, relative to the item (or root) */
	tl_template msg[2];        /* [0] en, [1] ja */
	/* Variables visible to this case's expressions, in slot order:
	 * decl, params, materials, [item], [index], lets... (schema rules: v;
	 * load-error rules: error). */
	const char **vars;
	size_t nvars;
} tl_case;

typedef struct tl_rule {
	const char *id;
	tl_rule_kind kind;
	tlcheck_severity severity;
	const char *clause;        /* "(ウ)" or "" */
	size_t stage;
	tl_text title, checks, remediation;
	/* TL_RULE_LOAD_ERROR: the remediation for each cause of TL_LOAD_CAUSES
	 * the rule gives one for (remediation_by_cause), NULL when it gives none;
	 * a cause whose texts are NULL takes `remediation`. */
	tl_text *cause_fix;
	const char *example;
	const char *file;
	tl_pos pos;
	tl_case *cases;
	size_t ncases;
	/* TL_RULE_SCHEMA */
	unsigned keywords;         /* bit (1u << tl_sv_keyword) */
	const char **formats;      /* for TL_SV_FORMAT: the formats this rule takes; NULL: all */
	size_t nformats;
	bool hides;                /* a violating value counts as not declared */
	bool capped;               /* subject to the pack's severity cap */
	bool halts;                /* named in a stage's halt_on: a finding of it stops the
	                            * check of the file (the later stages do not run) */
	const char *params_used;   /* comma-separated parameter names (for explain) */
} tl_rule;

/* True for a rule whose finding means the rest of the pack did not check the
 * file: a load error, or a rule a stage halts on (not a declaration, an
 * unknown material). Such a rule is always selected and never waived. */
static inline bool tl_rule_stops_check(const tl_rule *r)
{
	return r->kind == TL_RULE_LOAD_ERROR || r->halts;
}

/* Fixed variable slots of every rule expression. */
enum { TL_VAR_DECL, TL_VAR_PARAMS, TL_VAR_MATERIALS, TL_VAR_FIXED };

struct tlcheck_pack {
	tl_arena arena;
	tl_expr_names *names;      /* the field names of all its expressions */
	const char *name, *version;
	tl_text legal_name;
	const char *legal_revision, *legal_checked_on;
	tl_param *params;
	size_t nparams;
	tl_material *materials;
	size_t nmaterials;
	tl_clause *clauses;
	size_t nclauses;
	tl_stage *stages;
	size_t nstages;
	tl_rule *rules;
	size_t nrules;
	tl_schema *schema;
	/* The severity cap (plans certified before the measures applied). */
	tl_expr *cap_when;
	const char **cap_rules;    /* id patterns ("TL-*") */
	size_t ncap_rules;
	tlcheck_severity cap_from, cap_to;
	/* Field of the declaration holding the plan id and material (for reports). */
	const char *plan_field, *material_field;
	const char *template_text; /* `tlcheck init` template, with {material} */
	tl_value params_value;     /* map name → value, rebuilt by set_param */
	const char **param_names;  /* the parameters' names: the fields `params` has */
	tl_value materials_value;  /* map code → {ja, en, ministry} */
	tl_doc *manifest;          /* the pack's documents, kept for its lifetime */
	tl_doc **docs;
	size_t ndocs;
	size_t nshared;            /* shared lets (tl_let.shared) */
	size_t nshared_lists;      /* shared for_each lists (tl_case.shared_list) */
	tl_expr **owned_exprs;     /* every compiled expression, freed with the pack */
	size_t nexprs, capexprs;
	/* A message compiled when first rendered (tl_template.lazy) is compiled
	 * under this lock: the threads checking files share the pack. */
	pthread_mutex_t lazy_mu;
	bool have_lazy_mu;
	tl_tpl_lazy *lazy;         /* every waiting message, newest first */
};

/* Renders a template against variables; appends to out. Evaluation errors in a
 * placeholder render as "?" (the rule's verdict is decided elsewhere). Returns
 * 0, or TL_ENOMEM when an evaluation ran out of memory (its part is "?" too),
 * when `out` did (the message is cut short) or when compiling the message on
 * its first use did. */
struct tl_buf;
int tl_template_render(struct tl_buf *out, const tl_template *t, tl_eval *ev,
                       const tl_value *vars);

/* Compiles every message still waiting to be (the built-in pack's are
 * compiled when first rendered). Returns how many failed; their errors go to
 * diags when it is not NULL. For tests and for `tlcheck rules --check`-like
 * uses: checking files never needs it. */
size_t tl_pack_compile_messages(tlcheck_pack *pack, tlcheck_diags *diags);
/* True when the template can be rendered without compiling it first. */
bool tl_template_ready(const tl_template *t);

/* Rebuilds pack->params_value after a change. */
int tl_pack_build_params(tlcheck_pack *pack);
int tl_param_parse(tl_value *out, const char **text, tlcheck_pack *pack, tl_param_type type,
                   const char *s, tl_error *err);
const char *tl_param_type_name(tl_param_type t);
/* A severity as a reader of the language sees it: "error" or 「エラー」. */
const char *tl_severity_label(tlcheck_severity s, bool ja);

/* True when id matches a pattern that may end in '*'. */
bool tl_id_match(const char *pattern, const char *id);

#endif
