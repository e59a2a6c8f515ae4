/* escape.c - escaping shared by the report writers: XML and HTML text, URIs, CSV fields. */
#include "escape.h"

#include <string.h>

#include "../util/term.h"
#include "../util/utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD"

void tl_esc_xml(tl_buf *b, const char *s, size_t len, bool attr)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			uint32_t cp;
			size_t n = tl_utf8_decode(s + i, len - i, &cp);
			if (n == 0) {
				tl_buf_puts(b, REPLACEMENT);
				i++;
				continue;
			}
			/* C1 controls and direction marks as the text report shows
			 * them (\u202e): a browser would let a mark reorder what
			 * the report says; U+FFFE and U+FFFF are not characters. */
			if (tl_term_control(cp) || cp == 0xFFFE || cp == 0xFFFF)
				tl_buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				tl_buf_put(b, s + i, n);
			i += n;
			continue;
		}
		switch (c) {
		case '&': tl_buf_puts(b, "&amp;"); break;
		case '<': tl_buf_puts(b, "&lt;"); break;
		case '>': tl_buf_puts(b, "&gt;"); break;
		case '"': tl_buf_puts(b, "&quot;"); break;
		case '\'': tl_buf_puts(b, "&#39;"); break;
		case '\r': tl_buf_puts(b, "&#13;"); break;
		case '\n':
			if (attr)
				tl_buf_puts(b, "&#10;");
			else
				tl_buf_putc(b, '\n');
			break;
		case '\t':
			if (attr)
				tl_buf_puts(b, "&#9;");
			else
				tl_buf_putc(b, '\t');
			break;
		default:
			/* Other C0 controls cannot appear in XML 1.0, not even as
			 * references, nor DEL in HTML: shown as the text report
			 * shows them (\x07), so that no format loses a character
			 * of a key or a name. */
			if (c < 0x20 || c == 0x7F)
				tl_buf_printf(b, "\\x%02x", c);
			else
				tl_buf_putc(b, (char)c);
		}
		i++;
	}
}

void tl_esc_xml_str(tl_buf *b, const char *s, bool attr)
{
	if (s)
		tl_esc_xml(b, s, strlen(s), attr);
}

static bool uri_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

void tl_esc_uri(tl_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!path)
		return;
	if (path[0] == '/') {
		/* "file://" + "/abs/path": the empty authority is the local host. */
		tl_buf_puts(b, "file://");
	}
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (uri_unreserved(*p) || *p == '/') {
			tl_buf_putc(b, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			tl_buf_put(b, e, 3);
		}
	}
}

bool tl_csv_needs_guard(const char *s)
{
	return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	             s[0] == '\r');
}

void tl_esc_csv(tl_buf *b, const char *s, bool guard)
{
	if (!s)
		s = "";
	size_t len = strlen(s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		tl_buf_putc(b, '"');
	if (guard && tl_csv_needs_guard(s))
		tl_buf_putc(b, '\'');
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			size_t n = tl_utf8_valid_prefix(s + i, len - i);
			if (n == 0) {
				tl_buf_puts(b, REPLACEMENT);
				i++;
			} else {
				tl_buf_put(b, s + i, n);
				i += n;
			}
			continue;
		}
		if (c == '"')
			tl_buf_putc(b, '"');
		tl_buf_putc(b, (char)c);
		i++;
	}
	if (quote)
		tl_buf_putc(b, '"');
}

uint64_t tl_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}
