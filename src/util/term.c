/* term.c - text made safe to show on a terminal. */
#include "term.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

bool tl_term_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void tl_term_escape(tl_buf *b, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			uint32_t cp;
			size_t n = tl_utf8_decode(s + i, len - i, &cp);
			if (n == 0) {
				tl_buf_printf(b, "\\x%02x", c);
				i++;
			} else {
				if (tl_term_control(cp))
					tl_buf_printf(b, "\\u%04x", (unsigned)cp);
				else
					tl_buf_put(b, s + i, n);
				i += n;
			}
			continue;
		}
		if (c == '\n')
			tl_buf_puts(b, "\\n");
		else if (c == '\r')
			tl_buf_puts(b, "\\r");
		else if (c == '\t')
			tl_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7F)
			tl_buf_printf(b, "\\x%02x", c);
		else
			tl_buf_putc(b, (char)c);
		i++;
	}
}

void tl_term_escape_str(tl_buf *b, const char *s)
{
	if (s)
		tl_term_escape(b, s, strlen(s));
}
