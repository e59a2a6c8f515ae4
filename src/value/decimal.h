/* decimal.h - exact decimal numbers: coefficient × 10^-scale, up to 38 digits. */
#ifndef TL_DECIMAL_H
#define TL_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 tl_i128;

/* value = coef / 10^scale. |coef| < 10^38, 0 <= scale <= 38. Not normalised:
 * 12.50 keeps scale 2; compare and format treat 12.5 and 12.50 alike. */
typedef struct tl_decimal {
	tl_i128 coef;
	int32_t scale;
} tl_decimal;

#define TL_DECIMAL_DIGITS 38

typedef enum tl_dec_status {
	TL_DEC_OK = 0,
	TL_DEC_SYNTAX = 1,    /* not a decimal literal */
	TL_DEC_OVERFLOW = 2,  /* the exact result needs more than 38 digits written out
	                         or exceeds the range */
	TL_DEC_DIVZERO = 3,
	TL_DEC_INEXACT = 4    /* a quotient that has no exact 38-digit representation */
} tl_dec_status;

/* Parses [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits..., exactly.
 * Trailing zeros of the fraction beyond 38 digits are dropped if they are zeros,
 * otherwise TL_DEC_OVERFLOW. `84.999999999999999999` is held exactly. */
int tl_decimal_parse(tl_decimal *out, const char *s, size_t len);
void tl_decimal_from_int(tl_decimal *out, int64_t v);

int tl_decimal_add(tl_decimal *out, const tl_decimal *a, const tl_decimal *b);
int tl_decimal_sub(tl_decimal *out, const tl_decimal *a, const tl_decimal *b);
int tl_decimal_mul(tl_decimal *out, const tl_decimal *a, const tl_decimal *b);
/* Exact quotient, or TL_DEC_INEXACT (1/3) / TL_DEC_DIVZERO. */
int tl_decimal_div(tl_decimal *out, const tl_decimal *a, const tl_decimal *b);
/* Quotient rounded half-to-even to `places` fraction digits (0..38). */
int tl_decimal_div_round(tl_decimal *out, const tl_decimal *a, const tl_decimal *b, int places);
/* Rounded half-to-even to `places` fraction digits. */
int tl_decimal_round(tl_decimal *out, const tl_decimal *a, int places);
void tl_decimal_neg(tl_decimal *out, const tl_decimal *a);

/* -1, 0, 1. Exact for any two values. */
int tl_decimal_cmp(const tl_decimal *a, const tl_decimal *b);
bool tl_decimal_is_zero(const tl_decimal *a);
bool tl_decimal_is_integer(const tl_decimal *a);
int tl_decimal_sign(const tl_decimal *a);
/* Exact conversion of an integral value in int64 range; TL_DEC_INEXACT when it has
 * a fraction, TL_DEC_OVERFLOW when out of range. */
int tl_decimal_to_int64(int64_t *out, const tl_decimal *a);

/* Canonical text: no exponent, no trailing fraction zeros, no trailing '.',
 * "-0" never appears: 0.03, 12.5, 10, -7.25. Writes at most cap-1 bytes and a
 * NUL; returns the length it needs (<= 42). TL_DECIMAL_BUFSZ always fits. */
#define TL_DECIMAL_BUFSZ 48
size_t tl_decimal_format(char *buf, size_t cap, const tl_decimal *a);

#endif
