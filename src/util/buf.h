/* buf.h - growable byte buffer for building strings and output documents. */
#ifndef TL_BUF_H
#define TL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct tl_buf {
	char *data;     /* NUL-terminated when non-NULL; owned (free with tl_buf_free) */
	size_t len;
	size_t cap;
	bool oom;       /* set once an allocation failed; later appends are ignored */
} tl_buf;

#define TL_BUF_INIT {NULL, 0, 0, false}

void tl_buf_put(tl_buf *b, const char *s, size_t len);
void tl_buf_puts(tl_buf *b, const char *s);
/* Appends `v` in decimal (what printf("%llu") writes, without its cost). */
void tl_buf_put_uint(tl_buf *b, unsigned long long v);
void tl_buf_putc(tl_buf *b, char c);
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
