/* buf.c - growable byte buffer. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static bool reserve(tl_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->oom = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void tl_buf_put_grow(tl_buf *b, const char *s, size_t len)
{
	if (!reserve(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void tl_buf_put_uint(tl_buf *b, unsigned long long v)
{
	char d[20];
	size_t n = sizeof(d);
	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	tl_buf_put(b, d + n, sizeof(d) - n);
}

void tl_buf_vprintf(tl_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void tl_buf_printf(tl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* True when none of the 8 bytes at `s` needs a look of its own in JSON
 * text: no control character, no quote, no backslash, no DEL and nothing
 * outside ASCII (the classic "has a zero / a byte below n" bit tricks, exact
 * for "is there such a byte"). */
static bool json_plain8(const char *s)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
	uint64_t x;
	memcpy(&x, s, 8);
	uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\'), del = x ^ (ones * 0x7f);
	uint64_t special = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs) |
	                   ((del - ones) & ~del) | x;
	return (special & highs) == 0;
}

void tl_buf_json_str(tl_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	tl_buf_putc(b, '"');
	while (i < len) {
		/* Reports are mostly text that needs no escape, ASCII or not: copy
		 * each run of it at once, eight plain ASCII bytes at a time. */
		size_t run = i;
		while (len - run >= 8 && json_plain8(s + run))
			run += 8;
		while (run < len) {
			unsigned char c = (unsigned char)s[run];
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
				run++;
			} else if (c >= 0x80) {
				size_t n = tl_utf8_valid_prefix(s + run, len - run);
				if (n == 0)
					break;
				run += n;
			} else {
				break;
			}
		}
		if (run > i) {
			tl_buf_put(b, s + i, run - i);
			i = run;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			/* Not UTF-8: the replacement character. */
			tl_buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		switch (c) {
		case '"': tl_buf_puts(b, "\\\""); break;
		case '\\': tl_buf_puts(b, "\\\\"); break;
		case '\n': tl_buf_puts(b, "\\n"); break;
		case '\r': tl_buf_puts(b, "\\r"); break;
		case '\t': tl_buf_puts(b, "\\t"); break;
		case '\b': tl_buf_puts(b, "\\b"); break;
		case '\f': tl_buf_puts(b, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
				tl_buf_put(b, u, 6);
			} else {
				tl_buf_putc(b, (char)c);
			}
		}
		i++;
	}
	tl_buf_putc(b, '"');
}

void tl_buf_json_cstr(tl_buf *b, const char *s)
{
	tl_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

void tl_buf_reset(tl_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void tl_buf_free(tl_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

char *tl_buf_detach(tl_buf *b)
{
	char *p = b->data;
	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
