/* term.h - text made safe to show on a terminal. */
#ifndef TL_TERM_H
#define TL_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Appends `len` bytes of `s` for a terminal: C0 controls, DEL, C1 controls,
 * the line and paragraph separators (U+2028, U+2029: JavaScript and Python's
 * splitlines() end a line there) and the bidirectional formatting characters
 * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are written as
 * escapes (\n, \r, \t, \x1b, \u2028, \u202e), and each
 * byte of invalid UTF-8 as \xHH: text from a declaration cannot move the
 * cursor, clear the screen, begin a line of its own or reorder what is shown.
 * A backslash stays as it is. */
void tl_term_escape(tl_buf *b, const char *s, size_t len);

/* The same for a NUL-terminated string; NULL is taken as "". */
void tl_term_escape_str(tl_buf *b, const char *s);

/* True for the code points tl_term_escape() escapes: C0 controls, DEL, C1
 * controls, U+2028, U+2029 and the bidirectional formatting characters. */
bool tl_term_control(uint32_t cp);

#endif
