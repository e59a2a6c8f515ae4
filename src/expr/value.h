/* value.h - runtime values of the rule language (CEL with exact decimals and dates). */
#ifndef TL_VALUE_H
#define TL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "../value/date.h"
#include "../value/decimal.h"
#include "../yaml/doc.h"

typedef enum tl_vkind {
	TL_V_NULL,
	TL_V_BOOL,
	TL_V_INT,
	TL_V_DECIMAL,
	TL_V_STRING,
	TL_V_DATE,
	TL_V_LIST,
	TL_V_MAP,
	TL_V_TYPE,   /* a type denotation: int, string, list, ... (CEL's type(x)) */
	TL_V_ERROR
} tl_vkind;

struct tl_eval;
typedef struct tl_value tl_value;
typedef struct tl_verror tl_verror;

typedef struct tl_mapent {
	tl_value *key;   /* points to a value */
	tl_value *val;
} tl_mapent;

/* A value is small and copied by value. Strings, lists and maps point to
 * memory owned by the document, the pack, or the evaluation context's arena.
 * A value read from a YAML document remembers its node (`node`), which gives
 * findings their path and position; lists and maps read from a document are
 * views over the node and are typed element by element on access. */
struct tl_value {
	tl_vkind kind;
	const tl_node *node;          /* document node this value came from, or NULL */
	union {
		bool b;
		int64_t i;
		tl_decimal d;
		tl_date date;
		struct { const char *s; size_t len; } str;    /* UTF-8, not NUL-terminated */
		struct { const tl_value *items; size_t count; } list; /* when node == NULL */
		struct { const tl_mapent *ents; size_t count; } map;  /* when node == NULL */
		const char *type_name;                        /* TL_V_TYPE */
		const tl_verror *err;                         /* TL_V_ERROR */
	} u;
};

/* The error carried by an error value: message and where in the rule source the
 * failing sub-expression is. */
struct tl_verror {
	const char *file;    /* rule file, as given to tl_expr_compile (may be NULL) */
	tl_pos pos;          /* 1-based position of the failing sub-expression */
	const char *msg;     /* English */
	const char *msg_ja;  /* Japanese */
};

/* Constructors. Strings and arrays are not copied: they must outlive the value. */
tl_value tl_value_null(void);
tl_value tl_value_bool(bool b);
tl_value tl_value_int(int64_t i);
tl_value tl_value_decimal(const tl_decimal *d);
tl_value tl_value_date(tl_date d);
tl_value tl_value_string(const char *s, size_t len);
tl_value tl_value_list(const tl_value *items, size_t count);
tl_value tl_value_map(const tl_mapent *ents, size_t count);
/* A value over a document node: scalars are typed by tl_scalar_resolve();
 * sequences and mappings become list and map views. */
tl_value tl_value_from_node(const tl_node *n);

/* Document view semantics (declaration.md: "absent or null both mean not
 * declared"): in a map read from a document, an entry whose value is null, or
 * whose value node is hidden (see tl_eval_set_hidden), does not exist: has() is
 * false, `in` is false, selecting it is a "no such key" error, iteration and
 * size() skip it. Hidden items of a document list are skipped likewise. */

/* Size of a list or map as the language sees it (hidden/null entries skipped). */
size_t tl_value_size(const tl_value *v, const struct tl_eval *ev);
/* i-th element of a list (0-based, after skipping hidden items). */
bool tl_value_list_at(tl_value *out, const tl_value *v, size_t i, struct tl_eval *ev);
/* The elements of a list in order, hidden items skipped: O(1) a step, where
 * tl_value_list_at() on a document list with hidden nodes counts from the
 * start. Start with {list, 0}. */
typedef struct tl_list_iter {
	const tl_value *list;
	size_t i;
} tl_list_iter;
bool tl_list_iter_next(tl_list_iter *it, const struct tl_eval *ev, tl_value *out);

bool tl_value_is_error(const tl_value *v);
/* Truth of a condition result: true only for TL_V_BOOL true. */
bool tl_value_is_true(const tl_value *v);

/* Human text for messages: strings as they are, decimals canonical (12.5),
 * dates YYYY-MM-DD, null as "null", lists "[a, b]", maps "{k: v}". A value of
 * more than a million items in all, or 16 MiB of text, is cut with "…":
 * false then. */
bool tl_value_format(tl_buf *out, const tl_value *v, struct tl_eval *ev);
/* The same, cut with "…" after max_bytes of text (a message that quotes a
 * value in a few words need not write a large one out). */
bool tl_value_format_max(tl_buf *out, const tl_value *v, struct tl_eval *ev, size_t max_bytes);
/* JSON text: decimals as JSON numbers in canonical form, dates as strings.
 * False, with the text incomplete, past the same bounds. */
bool tl_value_to_json(tl_buf *out, const tl_value *v, struct tl_eval *ev);
/* CEL type name of a value: "int", "decimal", "string", "date", ... */
const char *tl_value_type_name(const tl_value *v);

#endif
