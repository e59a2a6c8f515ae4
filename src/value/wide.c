/* wide.c - 416-bit unsigned arithmetic for the exact decimal module. */
#include "wide.h"

#include <string.h>

void tl_wide_from_u128(tl_wide *out, tl_u128 v)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < 4; i++) {
		out->limb[i] = (uint32_t)v;
		v >>= 32;
	}
}

bool tl_wide_to_u128(tl_u128 *out, const tl_wide *w)
{
	for (int i = 4; i < TL_WIDE_LIMBS; i++)
		if (w->limb[i] != 0)
			return false;
	tl_u128 v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 32) | w->limb[i];
	*out = v;
	return true;
}

bool tl_wide_is_zero(const tl_wide *w)
{
	for (int i = 0; i < TL_WIDE_LIMBS; i++)
		if (w->limb[i] != 0)
			return false;
	return true;
}

int tl_wide_cmp(const tl_wide *a, const tl_wide *b)
{
	for (int i = TL_WIDE_LIMBS - 1; i >= 0; i--) {
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	}
	return 0;
}

bool tl_wide_mul_u32(tl_wide *w, uint32_t m)
{
	uint64_t carry = 0;
	for (int i = 0; i < TL_WIDE_LIMBS; i++) {
		uint64_t t = (uint64_t)w->limb[i] * m + carry;
		w->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
	return carry == 0;
}

bool tl_wide_mul_pow10(tl_wide *w, int64_t k)
{
	/* 10^9 is the largest power of ten in a limb: fewer passes than ×10 each. */
	while (k >= 9) {
		if (!tl_wide_mul_u32(w, 1000000000u))
			return false;
		k -= 9;
	}
	uint32_t m = 1;
	while (k-- > 0)
		m *= 10;
	return tl_wide_mul_u32(w, m);
}

bool tl_wide_add(tl_wide *out, const tl_wide *a, const tl_wide *b)
{
	uint64_t carry = 0;
	for (int i = 0; i < TL_WIDE_LIMBS; i++) {
		uint64_t t = (uint64_t)a->limb[i] + b->limb[i] + carry;
		out->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
	return carry == 0;
}

void tl_wide_sub(tl_wide *out, const tl_wide *a, const tl_wide *b)
{
	uint64_t borrow = 0;
	for (int i = 0; i < TL_WIDE_LIMBS; i++) {
		uint64_t t = (uint64_t)a->limb[i] - b->limb[i] - borrow;
		out->limb[i] = (uint32_t)t;
		borrow = (t >> 32) & 1;
	}
}

bool tl_wide_mul(tl_wide *out, const tl_wide *a, const tl_wide *b)
{
	uint32_t acc[2 * TL_WIDE_LIMBS] = {0};
	for (int i = 0; i < TL_WIDE_LIMBS; i++) {
		uint64_t carry = 0;
		if (a->limb[i] == 0)
			continue;
		for (int j = 0; j < TL_WIDE_LIMBS; j++) {
			uint64_t t = (uint64_t)a->limb[i] * b->limb[j] + acc[i + j] + carry;
			acc[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		acc[i + TL_WIDE_LIMBS] = (uint32_t)carry;
	}
	for (int i = TL_WIDE_LIMBS; i < 2 * TL_WIDE_LIMBS; i++)
		if (acc[i] != 0)
			return false;
	memcpy(out->limb, acc, sizeof out->limb);
	return true;
}

uint32_t tl_wide_divmod_u32(tl_wide *w, uint32_t d)
{
	uint64_t rem = 0;
	for (int i = TL_WIDE_LIMBS - 1; i >= 0; i--) {
		uint64_t cur = (rem << 32) | w->limb[i];
		w->limb[i] = (uint32_t)(cur / d);
		rem = cur % d;
	}
	return (uint32_t)rem;
}

static int wide_bit_length(const tl_wide *w)
{
	for (int i = TL_WIDE_LIMBS - 1; i >= 0; i--) {
		if (w->limb[i] != 0) {
			int bits = 0;
			uint32_t v = w->limb[i];
			while (v != 0) {
				bits++;
				v >>= 1;
			}
			return i * 32 + bits;
		}
	}
	return 0;
}

/* Shift-and-subtract long division: not the fastest, but short, obviously right,
 * and fast enough for the few hundred bits decimals need. */
void tl_wide_divmod(tl_wide *q, tl_wide *r, const tl_wide *n, const tl_wide *d)
{
	tl_wide quot, rem;
	memset(&quot, 0, sizeof quot);
	memset(&rem, 0, sizeof rem);
	for (int bit = wide_bit_length(n) - 1; bit >= 0; bit--) {
		/* rem = rem * 2 + bit; rem < d before the shift, so it cannot overflow
		 * as long as d leaves its top bit clear, which every caller's d does. */
		uint32_t carry = (n->limb[bit / 32] >> (bit % 32)) & 1u;
		for (int i = 0; i < TL_WIDE_LIMBS; i++) {
			uint32_t next = rem.limb[i] >> 31;
			rem.limb[i] = (rem.limb[i] << 1) | carry;
			carry = next;
		}
		if (tl_wide_cmp(&rem, d) >= 0) {
			tl_wide_sub(&rem, &rem, d);
			quot.limb[bit / 32] |= 1u << (bit % 32);
		}
	}
	if (q != NULL)
		*q = quot;
	if (r != NULL)
		*r = rem;
}
