/* schema.h - a JSON Schema (2020-12 subset) validator over YAML documents. */
#ifndef TL_SCHEMA_H
#define TL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"
#include "../value/scalar.h"
#include "../yaml/doc.h"

typedef struct tl_schema tl_schema;

/* The keyword behind a violation; the rule pack maps these to rule ids. */
typedef enum tl_sv_keyword {
	TL_SV_REQUIRED,
	TL_SV_ADDITIONAL,   /* additionalProperties: false — an unknown key */
	TL_SV_TYPE,
	TL_SV_ENUM,
	TL_SV_CONST,
	TL_SV_PATTERN,
	TL_SV_MINIMUM,
	TL_SV_MAXIMUM,
	TL_SV_MINLENGTH,
	TL_SV_FORMAT,
	TL_SV_MINITEMS      /* minItems: a list with too few items */
} tl_sv_keyword;

typedef struct tl_violation {
	tl_sv_keyword keyword;
	const char *format;      /* TL_SV_FORMAT: "date", "country", "jp-corporate-number", "filled-text" */
	/* The offending node. For TL_SV_REQUIRED: the mapping that lacks the key.
	 * For TL_SV_ADDITIONAL: the unknown key's node. */
	const tl_node *node;
	const char *key;         /* TL_SV_REQUIRED: the missing key; TL_SV_ADDITIONAL: the unknown key */
	/* TL_SV_ADDITIONAL: the allowed key the unknown one is likely a misspelling
	 * of (within a few edits, or it without a prefix or suffix), or NULL. */
	const char *suggestion;
	/* TL_SV_ADDITIONAL: the allowed key fewest edits away, however many (the
	 * first in the schema's order among equals); NULL when the mapping allows
	 * no named key, or the unknown key is too long to compare. */
	const char *nearest;
	/* What was expected and found, for messages, e.g.
	 * en: "expected a date (YYYY-MM-DD), found the text \"2025/06/30\""
	 * ja: "日付 (YYYY-MM-DD) が必要ですが、文字列 \"2025/06/30\" が書かれています" */
	const char *detail_en;
	const char *detail_ja;
	/* The `title` or `description` of the schema at that place, if any. */
	const char *title;
} tl_violation;

typedef void (*tl_violation_cb)(void *ud, const tl_violation *v);

/* What the schema makes of a scalar whose YAML form alone says otherwise. */
typedef enum tl_retype {
	/* An unquoted 2024-01-01 where text is due (a string without `format:
	 * date`: a name, a title, a description): the value is that text. */
	TL_RETYPE_TEXT,
	/* A number written with a point or an exponent but whole (12.0, 1e3)
	 * where a whole number is due (`type: integer`: a count, a number of
	 * months): the value is that whole number. */
	TL_RETYPE_INT
} tl_retype;

/* Told of each scalar the schema takes as `as` (see tl_retype). */
typedef void (*tl_retype_cb)(void *ud, const tl_node *n, tl_retype as);

/* Compiles a schema from its YAML document (`file` names it in errors).
 * Reports every problem (unknown keyword, bad $ref, wrong keyword type) through
 * `on_error` with its position; returns 0 or TL_EINVALID / TL_ENOMEM.
 * The schema keeps no pointer into `root` after this returns. Immutable and
 * shareable between threads once compiled. */
int tl_schema_compile(tl_schema **out, const tl_node *root, const char *file,
                      void (*on_error)(void *ud, const tl_error *err), void *ud);
void tl_schema_free(tl_schema *s);

/* Validates a document, calling `cb` for each violation in document order.
 * Collects all violations (no early stop). Thread-safe for a shared schema.
 * `memo` (may be NULL) types the document's scalars once, shared with the
 * rules that read them afterwards. Strings passed to `cb` live only during
 * the call. `on_retype` (may be NULL) is told of every scalar the schema takes
 * as another type than its YAML form says (tl_retype), so that what reads the
 * document next reads it as the schema does. Returns 0 or TL_ENOMEM. */
int tl_schema_validate(const tl_schema *s, const tl_node *root, tl_scalar_memo *memo,
                       tl_violation_cb cb, tl_retype_cb on_retype, void *ud);

/* The built-in formats, shared with the expression language's functions. */
bool tl_format_jp_corporate_number(const char *s, size_t len);
bool tl_format_country(const char *s, size_t len);
/* Text as a person fills it in: false for the template's placeholder, a text
 * that (spaces aside) begins with '<' and ends with '>' (`<会社名 / company name>`). */
bool tl_format_filled_text(const char *s, size_t len);

#endif
