/* expr.h - compiling and evaluating rule-language expressions (a CEL subset). */
#ifndef TL_EXPR_H
#define TL_EXPR_H

#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"
#include "../value/scalar.h"
#include "value.h"

typedef struct tl_expr tl_expr;
typedef struct tl_eval tl_eval;

/* Field names shared by the expressions compiled with the same table (a rule
 * pack's): a selection `x.name` then answers for every selection of `name`
 * of the same mapping in the document being checked (tl_eval_set_doc). Not
 * thread-safe while expressions are compiled; must outlive them. */
typedef struct tl_expr_names tl_expr_names;
tl_expr_names *tl_expr_names_new(void);
void tl_expr_names_free(tl_expr_names *names);

typedef struct tl_expr_opts {
	unsigned version;            /* TL_EXPR_OPTS_VERSION */
	const char *file;            /* shown in error positions; must outlive the expr */
	/* Position of each byte of the source: posmap[i] for byte i (len + 1 entries),
	 * for expressions taken from YAML block scalars; NULL to use `origin`. */
	const tl_pos *posmap;
	tl_pos origin;               /* position of byte 0 when posmap is NULL ({1,1} if 0) */
	/* Variables the expression may reference; variable i is vars[i] at
	 * evaluation. Any other identifier (not a macro variable, a function or a
	 * type name) is a compile error "unknown variable `x`". */
	const char *const *vars;
	size_t nvars;
	size_t max_depth;            /* nesting limit of the AST; default 128 */
	size_t max_len;              /* source length limit; default 64 KiB */
	tl_expr_names *names;        /* field names to share (NULL: none) */
	/* A variable of `vars` whose fields are known when the expression is
	 * compiled (a rule pack's `params`), and those fields: selecting another
	 * field of it (`params.effective_fro`) is a compile error, so that a
	 * misspelt name is found when the pack loads, not in the middle of a
	 * batch. NULL: no such variable. */
	const char *fields_of;
	const char *const *fields;
	size_t nfields;
} tl_expr_opts;

#define TL_EXPR_OPTS_VERSION 1
#define TL_EXPR_OPTS_INIT {TL_EXPR_OPTS_VERSION, NULL, NULL, {1, 1}, NULL, 0, 0, 0, NULL, NULL, NULL, 0}

/* Parses and checks an expression; constant regular expressions in matches()
 * are compiled (JIT where available) here, once.
 * Returns 0 and *out (free with tl_expr_free) or TL_ESYNTAX / TL_ELIMIT /
 * TL_ENOMEM with `err` set: position of the problem and a message that names
 * what was expected in words ("expected ')' to close '(' opened at 42:5").
 * A compiled expression is immutable and may be evaluated from many threads. */
int tl_expr_compile(tl_expr **out, tl_error *err, const char *src, size_t len,
                    const tl_expr_opts *opts);
void tl_expr_free(tl_expr *e);
/* Position of the expression's first byte (for rule-level errors). */
tl_pos tl_expr_pos(const tl_expr *e);

/* Marks used[i] = 1 for each variable slot i < nvars that `e` reads (so that a
 * caller can bind only the variables an expression needs). Returns how many
 * distinct slots were newly marked. `e` may be NULL (nothing is read). */
size_t tl_expr_vars(const tl_expr *e, unsigned char *used, size_t nvars);

/* An evaluation context: one per thread. Owns the arena that holds every value
 * produced by evaluations until tl_eval_reset(); PCRE2 match data; limits. */
tl_eval *tl_eval_new(void);
void tl_eval_free(tl_eval *ev);
/* Frees every value produced since the last reset, and empties the scratch
 * arena. Call between documents. */
void tl_eval_reset(tl_eval *ev);
/* An arena for the caller's own bookkeeping of the document being checked,
 * emptied by tl_eval_reset(): kept with the context, its memory is reused
 * from one document to the next. */
tl_arena *tl_eval_scratch(tl_eval *ev);
/* Marks on the nodes of the document, by tl_node.id: */
#define TL_MARK_HIDDEN 1u /* treated as absent */
#define TL_MARK_TEXT 2u   /* a scalar written as a date, read as the text it is */
#define TL_MARK_INT 4u    /* a whole decimal (12.0), read as an int when one holds it */
/* The nodes (by tl_node.id) marked TL_MARK_HIDDEN are treated as absent;
 * `hidden` must outlive the evaluations (NULL: none). */
void tl_eval_set_hidden(tl_eval *ev, const unsigned char *hidden, size_t count);
/* The scalars (by tl_node.id) marked TL_MARK_TEXT are strings even when
 * written as dates, those marked TL_MARK_INT ints even when written as whole
 * decimals (tl_schema_validate's on_retype; a whole decimal beyond the range
 * of an int stays a decimal); `marks` may be the array given to
 * tl_eval_set_hidden and must outlive the evaluations (NULL: none). */
void tl_eval_set_retype(tl_eval *ev, const unsigned char *marks, size_t count);
/* The document the evaluations read until the next call (nodes: its node
 * count; 0 when done with it): its scalars are typed once, in the context's
 * memo, which the schema validator may share (tl_eval_scalar_memo), and the
 * field selections of expressions compiled with a names table are answered
 * once per mapping and name. The document must not change meanwhile; after
 * changing the bytes of the hidden array, call tl_eval_set_hidden (or
 * tl_eval_set_retype) again. */
void tl_eval_set_doc(tl_eval *ev, size_t nodes);
tl_scalar_memo *tl_eval_scalar_memo(tl_eval *ev);

/* Evaluates `e` with vars[i] bound to the i-th variable name given at compile
 * time. Always produces a value in *out (possibly TL_V_ERROR: errors are
 * values, as in CEL). Returns 0, or TL_ENOMEM. Values live in `ev` until reset.
 * May be called while another evaluation with the same `ev` is in progress
 * (from a tl_lazy_fn): the inner one has its own step and memory limits and
 * comprehension variables, and the outer one goes on as it was. */
int tl_expr_eval(tl_value *out, const tl_expr *e, tl_eval *ev, const tl_value *vars);

/* Variables bound when first read. With `from` set, an evaluation that reads
 * variable slot s >= from while bound[s - from] is 0 first calls fn(ud, s -
 * from), which must store the variable's value in the vars array the
 * evaluation was given and set bound[s - from], or return nonzero (out of
 * memory: the evaluation then fails with TL_ENOMEM). A variable nothing reads
 * is never computed. tl_eval_lazy_off() ends it; `bound` and `ud` must
 * outlive the evaluations in between. */
typedef int (*tl_lazy_fn)(void *ud, size_t index);
void tl_eval_lazy(tl_eval *ev, size_t from, const unsigned char *bound, tl_lazy_fn fn, void *ud);
void tl_eval_lazy_off(tl_eval *ev);

/* `tlcheck eval`: compiles `src` with each top-level key of the mapping
 * `input` (may be NULL) as a variable, evaluates it and sets *json to the
 * value as JSON (malloc'd; free it).
 * Returns 0; TL_ESYNTAX (compile error, err set); TL_EEVAL (evaluation error,
 * err set with the error value's position and message); TL_ENOMEM. */
int tl_expr_eval_json(char **json, tl_error *err, const char *src, size_t len,
                      const tl_node *input);

#endif
