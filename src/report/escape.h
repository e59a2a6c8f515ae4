/* escape.h - escaping shared by the report writers: XML and HTML text, URIs, CSV fields. */
#ifndef TL_REPORT_ESCAPE_H
#define TL_REPORT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

/* Appends `len` bytes of `s` escaped for XML 1.0 and HTML: & < > " ' become
 * references, and CR too (an XML parser would turn a raw CR into LF). With `attr`
 * also TAB and LF, which attribute-value normalisation would turn into spaces.
 * Characters XML 1.0 forbids (C0 controls other than TAB, LF and CR; U+FFFE;
 * U+FFFF), DEL, C1 controls and the direction marks the text report escapes
 * (tl_term_control) are written as that report writes them, \x07 or \u202e:
 * nothing is lost and no mark can reorder the page. Invalid UTF-8 becomes
 * U+FFFD, one per byte, as tl_buf_json_str does. */
void tl_esc_xml(tl_buf *b, const char *s, size_t len, bool attr);

/* The same for a NUL-terminated string; NULL is taken as "". */
void tl_esc_xml_str(tl_buf *b, const char *s, bool attr);

/* Appends a file path as a URI reference (RFC 3986). A relative path stays
 * relative: every byte but the unreserved characters and '/' is
 * percent-encoded (so a ':' cannot be read as a scheme). An absolute path
 * becomes a file:/// URI. */
void tl_esc_uri(tl_buf *b, const char *path);

/* Appends one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
 * comma, a quote, CR or LF. Invalid UTF-8 becomes U+FFFD. With `guard`, a field
 * beginning with =, +, -, @, TAB or CR is given a leading apostrophe so that a
 * spreadsheet shows it as text instead of running it as a formula. */
void tl_esc_csv(tl_buf *b, const char *s, bool guard);

/* True when a CSV field with this text would get the formula guard. */
bool tl_csv_needs_guard(const char *s);

/* 64-bit FNV-1a of `len` bytes, continuing from `h` (start with TL_FNV1A_INIT). */
#define TL_FNV1A_INIT UINT64_C(0xcbf29ce484222325)
uint64_t tl_fnv1a(uint64_t h, const void *data, size_t len);

#endif
