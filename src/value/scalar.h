/* scalar.h - typing a YAML scalar: YAML 1.2 core schema, plus dates and exact decimals. */
#ifndef TL_SCALAR_H
#define TL_SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../yaml/doc.h"
#include "date.h"
#include "decimal.h"

typedef enum tl_scalar_type {
	TL_SCALAR_NULL,
	TL_SCALAR_BOOL,
	TL_SCALAR_INT,
	TL_SCALAR_DECIMAL,
	TL_SCALAR_DATE,
	TL_SCALAR_STRING
} tl_scalar_type;

typedef struct tl_scalar {
	tl_scalar_type type;
	union {
		bool b;
		int64_t i;
		tl_decimal d;
		tl_date date;
	} u;
	const char *text;   /* the node's text (strings and for messages) */
	size_t len;
} tl_scalar;

/* Resolution, for a plain (unquoted, untagged) scalar:
 *   null: "", ~, null, Null, NULL
 *   bool: true, True, TRUE, false, False, FALSE
 *   int:  [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ that fit int64;
 *         a decimal-digit int beyond int64 becomes a decimal when it fits 38 digits
 *   decimal: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? with a fraction
 *         part or an exponent, held exactly (if it cannot be held: a string)
 *   date: YYYY-MM-DD that is a real calendar day (2025-02-30 stays a string)
 *   anything else (.inf, .nan, yes, no, on, off, ...): string
 * Quoted and block scalars are strings. An explicit tag wins: !!str → string,
 * !!int/!!float/!!bool/!!null → that type if the text allows, else string.
 * A non-scalar node gives false. */
bool tl_scalar_resolve(const tl_node *n, tl_scalar *out);

/* The types of one document's scalars, worked out once each: the schema and
 * every rule read the same values many times. One per thread; a document at
 * a time (tl_scalar_memo_begin forgets the previous one). */
typedef struct tl_scalar_memo {
	tl_scalar *typed;        /* by node id */
	unsigned char *state;    /* by node id: 0 not yet, 1 typed */
	size_t count;            /* nodes of the current document; 0: the memo is off */
	size_t cap;
} tl_scalar_memo;

#define TL_SCALAR_MEMO_INIT {NULL, NULL, 0, 0}
/* Past this many nodes a document is typed without the memo (64 bytes a
 * node): an honest declaration has a few thousand. */
#define TL_SCALAR_MEMO_MAX_NODES ((size_t)1 << 16)

/* Prepares the memo for a document of `nodes` nodes. When memory is short or
 * the document is larger than the limit the memo stays off, which only makes
 * typing slower. */
void tl_scalar_memo_begin(tl_scalar_memo *m, size_t nodes);
void tl_scalar_memo_end(tl_scalar_memo *m);
void tl_scalar_memo_free(tl_scalar_memo *m);
/* Types node `n` into the memo (tl_scalar_memo_get's first use of a node). */
const tl_scalar *tl_scalar_memo_fill(tl_scalar_memo *m, const tl_node *n);

/* The memo's own copy of a scalar node's type, typing it on first use; NULL
 * when the memo is off or `n` is not a scalar (then use tl_scalar_resolve).
 * Inline: the schema and the rules ask for every scalar several times. */
static inline const tl_scalar *tl_scalar_memo_get(tl_scalar_memo *m, const tl_node *n)
{
	if (!m || !n || n->id >= m->count || n->kind != TL_NODE_SCALAR)
		return NULL;
	if (m->state[n->id])
		return &m->typed[n->id];
	return tl_scalar_memo_fill(m, n);
}

/* tl_scalar_resolve() through the memo (which may be NULL): the same answer,
 * computed once per node of the current document. */
static inline bool tl_scalar_resolve_memo(tl_scalar_memo *m, const tl_node *n, tl_scalar *out)
{
	const tl_scalar *s = tl_scalar_memo_get(m, n);
	if (!s)
		return tl_scalar_resolve(n, out);
	*out = *s;
	return true;
}

/* True when a plain bool scalar is spelled exactly `true` or `false`. */
bool tl_scalar_canonical_bool(const tl_node *n);
/* The same for a scalar already resolved (no second typing of the node). */
bool tl_scalar_is_canonical_bool(const tl_scalar *s);

#endif
