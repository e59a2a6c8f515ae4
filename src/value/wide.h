/* wide.h - fixed-width unsigned integers wide enough for exact decimal intermediates. */
#ifndef TL_WIDE_H
#define TL_WIDE_H

#include <stdbool.h>
#include <stdint.h>

__extension__ typedef unsigned __int128 tl_u128;

/* 13 × 32 bits = 416 bits > 10^125: holds a 38-digit coefficient scaled by up to
 * 10^87, which covers every intermediate the decimal module forms (the largest is a
 * dividend of 10^38 × 10^76). Little-endian limbs; plain value type, no allocation. */
#define TL_WIDE_LIMBS 13

typedef struct tl_wide {
	uint32_t limb[TL_WIDE_LIMBS];
} tl_wide;

void tl_wide_from_u128(tl_wide *out, tl_u128 v);
/* False (and *out unspecified) when the value does not fit 128 bits. */
bool tl_wide_to_u128(tl_u128 *out, const tl_wide *w);
bool tl_wide_is_zero(const tl_wide *w);
int tl_wide_cmp(const tl_wide *a, const tl_wide *b);

/* Each returns false on overflow of the 416 bits; *w is then unspecified. */
bool tl_wide_mul_u32(tl_wide *w, uint32_t m);
bool tl_wide_mul_pow10(tl_wide *w, int64_t k);
bool tl_wide_add(tl_wide *out, const tl_wide *a, const tl_wide *b);
bool tl_wide_mul(tl_wide *out, const tl_wide *a, const tl_wide *b);
/* out = a - b; requires a >= b. */
void tl_wide_sub(tl_wide *out, const tl_wide *a, const tl_wide *b);

/* w /= d in place, returning the remainder; d != 0. */
uint32_t tl_wide_divmod_u32(tl_wide *w, uint32_t d);
/* q = n / d, r = n % d; 0 < d < 2^415 (the top bit must stay clear so that the
 * running remainder can be doubled). q or r may be NULL and may alias n or d. */
void tl_wide_divmod(tl_wide *q, tl_wide *r, const tl_wide *n, const tl_wide *d);

#endif
