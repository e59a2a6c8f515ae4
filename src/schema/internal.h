/* internal.h - the compiled form of a schema, shared by the compiler and the validator. */
#ifndef TL_SCHEMA_INTERNAL_H
#define TL_SCHEMA_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../value/decimal.h"
#include "../value/scalar.h"
#include "schema.h"

/* JSON types as a bit set; a schema without `type` has types == 0 (any). */
enum {
	TL_JT_NULL = 1u << 0,
	TL_JT_BOOLEAN = 1u << 1,
	TL_JT_INTEGER = 1u << 2,
	TL_JT_NUMBER = 1u << 3,
	TL_JT_STRING = 1u << 4,
	TL_JT_ARRAY = 1u << 5,
	TL_JT_OBJECT = 1u << 6
};

typedef enum tl_sch_format {
	TL_FMT_NONE,
	TL_FMT_DATE,
	TL_FMT_COUNTRY,
	TL_FMT_CORPNUM,
	TL_FMT_FILLED,
	TL_FMT_COUNT
} tl_sch_format;

/* The names the schema gives the formats, by tl_sch_format (0: none). */
extern const char *const tl_sch_format_names[TL_FMT_COUNT];

/* A scalar constant of `enum` or `const`. Dates compare as their text, as
 * they do once the document is JSON; numbers compare by exact value. */
typedef enum tl_sch_vkind {
	TL_CV_NULL,
	TL_CV_BOOL,
	TL_CV_NUM,
	TL_CV_STR
} tl_sch_vkind;

typedef struct tl_sch_value {
	tl_sch_vkind kind;
	bool b;
	tl_decimal num;
	const char *text;   /* as written (for messages); the string itself for TL_CV_STR */
	size_t len;
} tl_sch_value;

typedef struct tl_sch tl_sch;

typedef struct tl_sch_prop {
	const char *name;
	size_t len;
	tl_sch *schema;
	int required;       /* its index in the schema's `required`, or -1: not required */
} tl_sch_prop;

/* Required keys that check_object can see in its one pass over a mapping's
 * keys (when every one is also a property): more are looked up one by one. */
#define TL_SCH_REQUIRED_IN_PASS 64

struct tl_sch {
	/* What every application reads comes first: one or two cache lines. */
	int boolean;            /* -1: a mapping schema; 0/1: the schema `false`/`true` */
	unsigned types;         /* TL_JT_* bits; 0 = any type */
	bool bare_ref;          /* says nothing but $ref (and a title): validate the definition */
	bool has_const;
	bool has_minlen;
	bool has_minitems;
	bool has_min, has_max;
	tl_sch_format format;
	const char *title;      /* `title`, else `description`, else NULL */
	tl_sch *ref;
	tl_sch *if_s, *then_s, *else_s;
	pcre2_code *re;
	size_t nenums;
	tl_sch_prop *props;
	size_t nprops;
	const char **required;
	size_t nrequired;
	bool required_props;    /* every required key is a property (tl_sch_prop.required) */
	tl_sch *additional;     /* NULL: any additional property is fine */
	tl_sch *items;
	tl_sch_value *enums;
	tl_sch_value konst;
	const char *pattern;
	tl_decimal min, max;
	uint64_t minitems;
	uint64_t minlen;
	const char *ref_name;   /* the definition's name, from "#/$defs/NAME" */
	tl_pos ref_pos;
	tl_sch *next_re;        /* chain of schemas holding a compiled pattern, to free */
	tl_sch *next_ref;       /* chain of schemas holding a $ref, to resolve */
	int mark;               /* compile-time cycle detection */
};

struct tl_schema {
	tl_arena arena;         /* every tl_sch and string */
	tl_sch *root;
	tl_sch_prop *defs;      /* the root's $defs */
	size_t ndefs;
	tl_sch *patterns;       /* head of the next_re chain */
	pcre2_match_context *mctx;
};

/* Limits on a single pattern match, so that a hostile document cannot make a
 * pattern backtrack for minutes. */
#define TL_SCHEMA_MATCH_LIMIT 1000000u
#define TL_SCHEMA_DEPTH_LIMIT 10000u

/* A document node as the validator sees it. */
typedef struct tl_inst {
	const tl_node *n;
	bool scalar;        /* sc is valid */
	tl_scalar sc;
	unsigned types;     /* TL_JT_* bits the node satisfies */
	bool bad_bool;      /* a bool spelled other than true/false (True, FALSE, ...) */
} tl_inst;

/* Messages (messages.c). Each writes the English text to `en` and the
 * Japanese text to `ja`, appending. */
void tl_sm_quote(tl_buf *b, const char *s, size_t len);
void tl_sm_value(tl_buf *b, const tl_sch_value *v);
void tl_sm_type(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in);
void tl_sm_false(tl_buf *en, tl_buf *ja);
void tl_sm_required(tl_buf *en, tl_buf *ja, const char *key);
void tl_sm_unknown_key(tl_buf *en, tl_buf *ja, const char *key, size_t len,
                       const char *suggestion, bool allowed_nowhere);
void tl_sm_enum(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in);
void tl_sm_const(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in);
void tl_sm_pattern(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in, int pcre_rc);
void tl_sm_minmax(tl_buf *en, tl_buf *ja, const tl_sch *s, const tl_inst *in, bool is_min);
void tl_sm_minlength(tl_buf *en, tl_buf *ja, const tl_sch *s, size_t have);
void tl_sm_minitems(tl_buf *en, tl_buf *ja, const tl_sch *s, size_t have);
/* Checks a string-typed value against a format; false (and the messages)
 * when it does not satisfy it. */
bool tl_sm_format(tl_buf *en, tl_buf *ja, tl_sch_format f, const tl_inst *in);

/* Damerau-Levenshtein (optimal string alignment) distance over code points,
 * or SIZE_MAX when either text is too long to compare cheaply. */
size_t tl_schema_distance(const char *a, size_t alen, const char *b, size_t blen);
/* Number of code points (an invalid byte counts as one). */
size_t tl_schema_cplen(const char *s, size_t len);
/* The same, counting no further than `max` (min(code points, max)). */
size_t tl_schema_cplen_max(const char *s, size_t len, uint64_t max);
/* The expected check digit of a 13-digit corporate number whose 12-digit base
 * starts at s[1]; -1 when the base is not 12 ASCII digits. */
int tl_corpnum_check_digit(const char *s, size_t len);

#endif
