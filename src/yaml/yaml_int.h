/* yaml_int.h - internals shared by the files of the YAML loader; not an interface for other stages. */
#ifndef TL_YAML_INT_H
#define TL_YAML_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "../util/arena.h"
#include "../util/error.h"

/* The document behind the opaque tl_doc of doc.h. Everything it points to
 * lives in its arena. */
struct tl_doc {
	tl_arena arena;
	const struct tl_node *root;
	size_t node_count;
	char *text;            /* the input without its BOM, NUL-terminated; malloc'd */
	size_t text_len;
	size_t *lines;         /* byte offset where each line starts; malloc'd */
	size_t nlines;
};

/* The loader's view of the input text (BOM removed), with a line table and a
 * cursor that turns libyaml's character-counted marks into byte positions.
 * Nothing here is owned: `s` and `lines` belong to the document. */
typedef struct tl_yaml_text {
	const char *s;
	size_t len;
	const size_t *lines;   /* byte offset where each line starts; lines[0] == 0 */
	size_t nlines;         /* at least 1 */
	bool ascii;            /* no byte >= 0x80: character index == byte offset */
	size_t cur_char;       /* cursor: character index ... */
	size_t cur_byte;       /* ... and the byte offset where it starts */
	bool breaks_11;        /* holds NEL, LS or PS, which libyaml counts as breaks */
	size_t col_line, col_off, col; /* the last column counted: line, offset, column */
} tl_yaml_text;

/* Length of the line break starting at s[i] (2 for CR LF, 1 for CR or LF), or
 * 0 when none starts there. These are YAML 1.2's breaks, as editors count
 * them; NEL, LS and PS are characters of their line (libyaml counts them as
 * breaks too, as YAML 1.1 did: tl_yaml_text_pos puts its marks right). */
size_t tl_yaml_break_len(const char *s, size_t len, size_t i);

/* Bytes of leading UTF-8 byte-order marks (all of them: libyaml would skip a
 * second one silently and shift every mark). */
size_t tl_yaml_bom_len(const char *s, size_t len);

/* Position of byte `off` of s, found by counting breaks from the start
 * (for one-off error positions; the document uses its line table). */
tl_pos tl_yaml_pos_scan(const char *s, size_t len, size_t off);

/* Checks that raw input is UTF-8 YAML can read: no UTF-16/32, no NUL byte,
 * valid UTF-8 (naming Shift_JIS when the bytes look like it), and finds the
 * line starts of the text after the BOM in the same pass (tl_yaml_break_len's
 * breaks). On success sets *lines (malloc'd: the caller frees it), *nlines (at
 * least 1), *ascii and *breaks_11 (the text holds NEL, LS or PS) and returns
 * 0; otherwise fills err and returns TL_EENCODING or TL_ENOMEM. */
int tl_yaml_scan_text(tl_error *err, const char *raw, size_t len, size_t **lines,
                      size_t *nlines, bool *ascii, bool *breaks_11);

/* Byte offset of the character with libyaml index `index` (moves the cursor). */
size_t tl_yaml_text_byte(tl_yaml_text *t, size_t index);
/* 1-based position of a libyaml mark, as a byte column on our line table. */
tl_pos tl_yaml_text_pos(tl_yaml_text *t, const yaml_mark_t *m);
/* 1-based position of byte offset `off`. */
tl_pos tl_yaml_text_pos_at(const tl_yaml_text *t, size_t off);

/* Turns the error a libyaml parser stopped with into our wording (English and
 * Japanese, positioned). Returns the tl_status it set. */
int tl_yaml_parser_error(tl_error *err, const yaml_parser_t *p, tl_yaml_text *t);

/* Writes a short display form of s (at most about `max` bytes, cut on a
 * character boundary, control characters escaped, '"' and '\' escaped) into
 * out[cap], NUL-terminated. For names and keys quoted in messages. */
void tl_yaml_quote(char *out, size_t cap, const char *s, size_t len, size_t max);

#endif
