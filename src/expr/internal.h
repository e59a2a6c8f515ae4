/* internal.h - private structures of the rule language: tokens, AST, compiled expressions, evaluation contexts. */
#ifndef TL_EXPR_INTERNAL_H
#define TL_EXPR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../util/arena.h"
#include "../util/error.h"
#include "expr.h"
#include "value.h"

/* ---- limits ------------------------------------------------------------- */
#define TL_EXPR_DEFAULT_DEPTH 128
/* The parser and evaluator recurse once per AST level (about 1.4 KiB of stack
 * per level when parsing, optimised): a caller asking for more than this is given
 * this, so that no option can make them overflow a worker thread's stack. */
#define TL_EXPR_HARD_DEPTH 256
#define TL_EXPR_DEFAULT_LEN ((size_t)64 * 1024)
/* Memory one evaluation may take from the context's arena. */
#define TL_EVAL_MEM_LIMIT ((size_t)16 << 20)
/* Comprehension iterations one evaluation may run. */
#define TL_EVAL_MAX_STEPS ((uint64_t)10000000)
/* PCRE2 limits for one match: calls of its internal match() and backtracking depth. */
#define TL_REGEX_MATCH_LIMIT 1000000u
#define TL_REGEX_DEPTH_LIMIT 10000u
/* Steps of one whole matches() call, over every place of the text it starts
 * from (tl_regex_step): PCRE2's match limit holds for each of those places
 * alone, so a pattern that takes a little under it at each place of a long
 * text ran for hours. About 0.1 s. */
#define TL_REGEX_TOTAL_STEPS 10000000u
/* Arguments a function may take (divide has three). */
#define TL_FN_MAX_ARGS 3

/* ---- tokens ------------------------------------------------------------- */
typedef enum tok_kind {
	T_EOF,
	T_INT,
	T_DEC,
	T_STR,
	T_IDENT,
	T_TRUE,
	T_FALSE,
	T_NULL,
	T_IN,
	T_LPAREN,
	T_RPAREN,
	T_LBRACK,
	T_RBRACK,
	T_LBRACE,
	T_RBRACE,
	T_DOT,
	T_COMMA,
	T_COLON,
	T_QUESTION,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_PERCENT,
	T_NOT,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_AND,
	T_OR
} tok_kind;

typedef struct tok {
	tok_kind kind;
	size_t off, len;     /* bytes of the source */
	tl_pos pos;
	uint64_t u;          /* T_INT: magnitude (at most 2^63) */
	tl_decimal d;        /* T_DEC */
	const char *s;       /* T_STR: decoded text (expression arena); T_IDENT: source */
	size_t slen;
} tok;

typedef struct lexer {
	const char *src;
	size_t len;
	size_t off;              /* next byte to read */
	const tl_pos *posmap;
	tl_pos origin;
	size_t pos_off;          /* lazily computed position of byte pos_off */
	tl_pos pos_cur;
	tl_arena *arena;         /* decoded strings go here */
	tl_error *err;
} lexer;

void tl_lex_init(lexer *lx, const char *src, size_t len, const tl_pos *posmap,
                 tl_pos origin, tl_arena *arena, tl_error *err);
/* Reads the next token into *t. Returns 0, or TL_ESYNTAX / TL_ENOMEM with err set. */
int tl_lex_next(lexer *lx, tok *t);
/* Position of byte `off` (offsets must not go backwards between calls without a posmap). */
tl_pos tl_lex_pos(lexer *lx, size_t off);
/* Words for a token in messages: "')'", "the name `foo`", "the end of the expression". */
void tl_tok_describe(const tok *t, const char *src, char *buf, size_t cap, bool ja);

/* ---- AST ---------------------------------------------------------------- */
typedef enum ast_kind {
	A_LIT,      /* lit */
	A_VAR,      /* slot = variable index */
	A_LOCAL,    /* slot = comprehension variable slot */
	A_SELECT,   /* a.name */
	A_HAS,      /* has(a.name) */
	A_INDEX,    /* a[b] */
	A_LIST,     /* [args...] */
	A_MAP,      /* {args[0]: args[1], ...}: nargs is 2 × entries */
	A_NOT,      /* !a */
	A_NEG,      /* -a */
	A_BIN,      /* a op b */
	A_AND,      /* a && b */
	A_OR,       /* a || b */
	A_COND,     /* a ? b : c */
	A_CALL,     /* fn(args...), a receiver is args[0] */
	A_COMP      /* a.op(slot, b[, c]) */
} ast_kind;

typedef enum binop {
	B_ADD, B_SUB, B_MUL, B_DIV, B_MOD,
	B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE, B_IN
} binop;

typedef enum comp_kind {
	C_ALL, C_EXISTS, C_EXISTS_ONE, C_FILTER, C_MAP, C_MAP3
} comp_kind;

struct fn_def;

typedef struct ast ast;
struct ast {
	/* A literal's value and the other kinds' operands share their place: a
	 * node is one or the other (a list or map of literals, or date("..."),
	 * is folded into a literal after its operands are read), and at 96 bytes
	 * instead of 144 more of a rule pack's nodes stay in the first-level
	 * cache while a document is checked (1,000 declarations: 1 to 1.5%
	 * faster). */
	uint8_t kind;             /* ast_kind */
	uint8_t op;               /* binop, comp_kind */
	bool big;                 /* int literal 2^63, waiting for a unary minus */
	bool shared_name;         /* A_SELECT/A_HAS: `name` is from a tl_expr_names table */
	uint32_t slot;            /* A_VAR, A_LOCAL: variable slot */
	uint32_t height;          /* 1 for a leaf */
	uint32_t nargs;           /* of `args`; 0 for a literal */
	tl_pos pos;               /* of the operator, function name, field or literal */
	union {
		struct {              /* every kind but A_LIT */
			const ast *a, *b, *c;
			const char *name;         /* A_SELECT/A_HAS field, NUL-terminated */
			uint32_t name_len;
			uint32_t name_hash;       /* A_SELECT/A_HAS with shared_name */
			const ast **args;
			const struct fn_def *fn;  /* A_CALL */
			pcre2_code *re;           /* A_CALL of matches() with a constant pattern */
		};
		tl_value lit;             /* A_LIT */
	};
};
_Static_assert(sizeof(ast) <= 96, "an AST node grew past 96 bytes (see above)");

/* ---- compiled expressions ------------------------------------------------- */
typedef struct regex_ref {
	pcre2_code *code;
	struct regex_ref *next;
} regex_ref;

struct tl_expr {
	tl_arena arena;           /* AST, literals, names */
	const ast *root;
	const char *file;
	tl_pos pos;
	size_t nvars;
	size_t nlocals;           /* comprehension variable slots needed */
	regex_ref *regexes;       /* to free */
	uint32_t *reads;          /* the variable slots it reads, each once (expression arena) */
	uint32_t nreads;
};

/* Parses and checks `src` into e->root (parse.c). Returns 0 or a tl_status with err set. */
int tl_parse(tl_expr *e, tl_error *err, const char *src, size_t len, const tl_expr_opts *opts);
/* Nearest of `names` to `s` when close enough to be a likely typo, else NULL
 * (suggest.c). */
const char *tl_suggest(const char *s, size_t len, const char *const *names, size_t n);
/* Levenshtein distance of two names of at most 64 bytes; SIZE_MAX for longer ones. */
size_t tl_edit_distance(const char *a, size_t la, const char *b, size_t lb);
/* fold.c: a list or map literal of literals becomes one literal value. */
int tl_fold_aggregate(tl_expr *e, ast *n);
/* fold.c: compiles a constant matches() pattern once; checks a constant
 * date("...") and turns it into a date. TL_ESYNTAX with err set on a bad one. */
int tl_fold_call(tl_expr *e, tl_error *err, ast *n);

/* ---- evaluation ------------------------------------------------------------ */
/* The answers of field selections in the current document, by mapping node
 * and shared name (expr.h, tl_expr_names): in a rule pack most selections
 * repeat one already made (`p.nda` in every rule about partners). A slot
 * belongs to the generation that filled it; a new document or a new hidden
 * set starts a new generation, which empties the table at once. */
#define TL_SELECT_CACHE 1024

typedef struct tl_sel_entry {
	const char *name;         /* the shared name (compared by address) */
	const tl_node *node;      /* the mapping node (compared by address: a hit
	                             need not read the node) */
	uint32_t gen;             /* 0: never filled */
	bool found;
	tl_value v;               /* the value when found */
} tl_sel_entry;

struct tl_expr_names {
	tl_arena arena;           /* the names */
	const char **slots;       /* open addressing, a power of two */
	uint32_t *hashes;
	size_t cap, used;
};

uint32_t tl_name_hash(const char *s, size_t len);
/* The table's copy of `s` (added when new), or NULL when out of memory. */
const char *tl_expr_names_intern(tl_expr_names *names, const char *s, size_t len, uint32_t hash);

struct tl_eval {
	tl_arena arena;
	tl_arena scratch;         /* tl_eval_scratch */
	const unsigned char *hidden;  /* TL_MARK_HIDDEN */
	size_t nhidden;
	const unsigned char *retype;  /* TL_MARK_TEXT, TL_MARK_INT */
	size_t nretype;
	tl_scalar_memo *memo;     /* points at memo_store: typing through a const tl_eval * */
	tl_scalar_memo memo_store;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	size_t rx_steps;          /* tl_regex_step's count for the match in progress */
	pcre2_jit_stack *jit_stack;
	tl_value *locals;         /* locals_store + locals_off: this evaluation's */
	tl_value *locals_store;   /* comprehension variables of the evaluations in progress */
	size_t locals_off, locals_cap;
	const tl_value *vars;
	size_t lazy_from;         /* variable slots from here are bound on first read */
	const unsigned char *lazy_bound;
	tl_lazy_fn lazy_fn;
	void *lazy_ud;
	const tl_expr *expr;      /* being evaluated: error values name its file */
	size_t mem_base;          /* arena.used when the evaluation started */
	uint64_t steps;
	const tl_verror *fatal;   /* a limit was hit: the whole evaluation is this error */
	bool oom;
	tl_sel_entry *sel;        /* TL_SELECT_CACHE entries, or NULL */
	uint32_t sel_gen;         /* current generation; the cache is on when sel_on */
	bool sel_on;
};

/* Evaluates one node. */
tl_value tl_ev_eval(tl_eval *ev, const ast *n);

/* Memory for values, counted against the evaluation's limit. NULL when the
 * limit is hit (ev->fatal set) or malloc failed (ev->oom set). */
void *tl_ev_alloc(tl_eval *ev, size_t size);
/* printf into the arena (NULL on failure). */
char *tl_ev_printf(tl_eval *ev, const char *fmt, ...) TL_PRINTF(2, 3);
/* An error value at `pos` with both messages (NULL messages fall back to
 * "out of memory"). */
tl_value tl_ev_error(tl_eval *ev, tl_pos pos, const char *en, const char *ja);
/* "no function `name` for (int, string)" / "no operator `+` for ...". */
tl_value tl_ev_no_overload(tl_eval *ev, tl_pos pos, bool op, const char *name,
                           const tl_value *args, size_t n);
/* The error that stops the evaluation: the fatal limit error when one was hit,
 * else an out-of-memory error. Used after tl_ev_alloc returned NULL. */
tl_value tl_ev_alloc_failed(tl_eval *ev, tl_pos pos);
/* Counts one comprehension step; false (and ev->fatal set) past the limit. */
bool tl_ev_step(tl_eval *ev, tl_pos pos);
/* Counts one item a comparison of lists or maps visits, against the same
 * limit: a value built by a macro may hold one list many times over
 * (`.map(s, [s, s, s, s])` sixteen deep stands for 4^16 items in a few
 * kilobytes). False (and ev->fatal set) past it; always true without `ev`. */
bool tl_ev_compare_step(tl_eval *ev);

/* ---- values (value.c) ---------------------------------------------------- */
/* Document-view rules: is this entry value / list item visible? */
bool tl_doc_live_value(const tl_eval *ev, const tl_node *n);
bool tl_doc_live_item(const tl_eval *ev, const tl_node *n);

typedef struct vit {
	const tl_value *v;
	size_t i;
} vit;
/* Iterates a list's items or a map's entries (key and value; key may be NULL). */
bool tl_vlist_next(vit *it, const tl_eval *ev, tl_value *out);
bool tl_vmap_next(vit *it, const tl_eval *ev, tl_value *key, tl_value *val);
/* Map lookup by value / by string; true when found. */
bool tl_vmap_get(const tl_value *m, const tl_value *key, tl_eval *ev, tl_value *out);
bool tl_vmap_get_str(const tl_value *m, const char *s, size_t len, const tl_eval *ev,
                     tl_value *out);
/* tl_vmap_select's miss: selects without the cache, and fills entry `e`
 * with the answer when it is not NULL. */
bool tl_vmap_select_fill(const tl_value *m, const ast *sel, tl_eval *ev, tl_sel_entry *e,
                         tl_value *out);

/* The cache slot of a selection of `sel->name` in map `m`, or NULL when the
 * selection is not cached (not a document mapping, or the name not shared).
 * A map value with a node is a view of a document mapping (tl_value_map
 * makes the others, without one). */
static inline tl_sel_entry *tl_sel_slot(const tl_value *m, const ast *sel, tl_eval *ev)
{
	if (m->kind == TL_V_MAP && m->node && ev->sel_on && sel->shared_name) {
		uint32_t h = ((uint32_t)((uintptr_t)m->node >> 4) * UINT32_C(0x9E3779B1)) ^ sel->name_hash;
		return &ev->sel[(h ^ (h >> 16)) & (TL_SELECT_CACHE - 1)];
	}
	return NULL;
}

/* Whether slot `e` holds the answer for this mapping and name in the current
 * document (and hidden set). */
static inline bool tl_sel_hit(const tl_sel_entry *e, const tl_value *m, const ast *sel,
                              const tl_eval *ev)
{
	return e && e->gen == ev->sel_gen && e->node == m->node && e->name == sel->name;
}

/* Selects field `sel->name` of map `m` into *out (when out is not NULL);
 * false when there is no such field. A document mapping's answer comes from
 * the context's cache when the same mapping and name were selected before in
 * this document (and hidden set): inline, as that is most selections. */
static inline bool tl_vmap_select(const tl_value *m, const ast *sel, tl_eval *ev, tl_value *out)
{
	tl_sel_entry *e = tl_sel_slot(m, sel, ev);
	if (tl_sel_hit(e, m, sel, ev)) {
		if (e->found && out)
			*out = e->v;
		return e->found;
	}
	return tl_vmap_select_fill(m, sel, ev, e, out);
}
/* CEL equality: heterogeneous (values of different types are unequal, except
 * int and decimal which compare by value). */
bool tl_value_eq(const tl_value *a, const tl_value *b, tl_eval *ev);
/* Ordering: false when the pair has no ordering (no overload); else *cmp is -1/0/1. */
bool tl_value_cmp(const tl_value *a, const tl_value *b, int *cmp);
/* Code points of a string value. */
size_t tl_str_codepoints(const char *s, size_t len);

/* ---- functions (functions.c) ------------------------------------------------ */
typedef tl_value (*fn_impl)(tl_eval *ev, const ast *call, tl_value *args, size_t n);

enum fn_style { FN_GLOBAL = 1, FN_METHOD = 2 };

typedef struct fn_def {
	const char *name;
	unsigned style;       /* FN_GLOBAL | FN_METHOD */
	unsigned min_args;    /* counting the receiver */
	unsigned max_args;
	fn_impl impl;
	int id;               /* fn_id, for compile-time handling */
} fn_def;

enum fn_id { F_OTHER, F_MATCHES, F_DATE };

const fn_def *tl_fn_lookup(const char *name, size_t len);
/* Names of all functions, for "did you mean" hints. */
const char *const *tl_fn_names(size_t *n);
/* Compiles a pattern for matches(); NULL with a message in en/ja (each of `cap`
 * bytes) on failure. JIT-compiled when available. */
/* The callout of every compiled pattern (PCRE2_AUTO_CALLOUT: one before each
 * item of the pattern): counts a step in *data (a size_t, the evaluation's),
 * and stops the match with PCRE2_ERROR_MATCHLIMIT past TL_REGEX_TOTAL_STEPS. */
int tl_regex_step(pcre2_callout_block *cb, void *data);
pcre2_code *tl_regex_compile(const char *pat, size_t len, char *en, char *ja, size_t cap,
                             size_t *erroff);

#endif
