/* buf.h - growable byte buffer for building strings and output documents. */
#ifndef TL_BUF_H
#define TL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct tl_buf {
	char *data;     /* NUL-terminated when non-NULL; owned (free with tl_buf_free) */
	size_t len;
	size_t cap;
	bool oom;       /* set once an allocation failed; later appends are ignored */
} tl_buf;

#define TL_BUF_INIT {NULL, 0, 0, false}

/* Appends when there is no room yet (or memory ran out): tl_buf_put's slow half. */
void tl_buf_put_grow(tl_buf *b, const char *s, size_t len);

/* Appends `len` bytes. Inline: reports append thousands of short pieces, and
 * most of them fit in the room already there. */
static inline void tl_buf_put(tl_buf *b, const char *s, size_t len)
{
	if (len < b->cap - b->len && !b->oom) {
		if (len)
			memcpy(b->data + b->len, s, len);
		b->len += len;
		b->data[b->len] = '\0';
		return;
	}
	tl_buf_put_grow(b, s, len);
}

static inline void tl_buf_puts(tl_buf *b, const char *s)
{
	tl_buf_put(b, s, strlen(s));
}

static inline void tl_buf_putc(tl_buf *b, char c)
{
	tl_buf_put(b, &c, 1);
}

/* Appends `v` in decimal (what printf("%llu") writes, without its cost). */
void tl_buf_put_uint(tl_buf *b, unsigned long long v);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void tl_buf_printf(tl_buf *b, const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
void tl_buf_vprintf(tl_buf *b, const char *fmt, va_list ap);
/* JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD. */
void tl_buf_json_str(tl_buf *b, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL is written as "". */
void tl_buf_json_cstr(tl_buf *b, const char *s);
void tl_buf_reset(tl_buf *b);       /* len = 0, keeps memory */
void tl_buf_free(tl_buf *b);
/* Hands the string to the caller (free() it); the buffer becomes empty. */
char *tl_buf_detach(tl_buf *b);

#endif
