/* utf8.h - UTF-8 validation and decoding helpers. */
#ifndef TL_UTF8_H
#define TL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the valid UTF-8 sequence at s, or 0 if the bytes there are
 * not valid UTF-8 (overlongs, surrogates and values above U+10FFFF are invalid). */
size_t tl_utf8_valid_prefix(const char *s, size_t len);

/* Decodes one code point; returns its length or 0 when invalid. */
size_t tl_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Offset of the first invalid byte, or len when all of s is valid UTF-8. */
size_t tl_utf8_check(const char *s, size_t len);

/* Display width in columns of the text (East Asian wide characters count 2),
 * used to place carets under Japanese text. */
size_t tl_utf8_width(const char *s, size_t len);

/* Appends the encoding of cp to out (at least 4 bytes); returns its length. */
size_t tl_utf8_encode(uint32_t cp, char *out);

/* The value of an ASCII hexadecimal digit (0-9, a-f, A-F), or -1: for the
 * \x and \u escapes of the languages read here. */
static inline int tl_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
