/* decimal.c - exact decimal arithmetic on 38-digit coefficients, via 416-bit intermediates. */
#include "decimal.h"

#include <string.h>

#include "wide.h"

#define MAX_SCALE 38

static tl_u128 pow10_u128(int k)
{
	tl_u128 v = 1;
	while (k-- > 0)
		v *= 10;
	return v;
}

/* |coef| as unsigned, negated in unsigned arithmetic so that even a value that
 * breaks the |coef| < 10^38 invariant cannot overflow. */
static tl_u128 magnitude(const tl_decimal *a)
{
	return a->coef < 0 ? (tl_u128)0 - (tl_u128)a->coef : (tl_u128)a->coef;
}

static bool valid(const tl_decimal *a)
{
	return a->scale >= 0 && a->scale <= MAX_SCALE &&
	       magnitude(a) < pow10_u128(TL_DECIMAL_DIGITS);
}

/* Stores sign × mag / 10^scale, dropping trailing zeros only as far as needed to
 * bring the coefficient under 10^38 and the scale under 39, so that 12.50 keeps
 * its written scale when it fits. */
static int finish(tl_decimal *out, bool negative, tl_wide mag, int64_t scale)
{
	tl_wide limit;
	tl_wide_from_u128(&limit, pow10_u128(TL_DECIMAL_DIGITS));
	while (scale > 0 && (scale > MAX_SCALE || tl_wide_cmp(&mag, &limit) >= 0)) {
		tl_wide t = mag;
		if (tl_wide_divmod_u32(&t, 10) != 0)
			break;
		mag = t;
		scale--;
	}
	if (scale > MAX_SCALE || tl_wide_cmp(&mag, &limit) >= 0)
		return TL_DEC_OVERFLOW;
	tl_u128 m;
	(void)tl_wide_to_u128(&m, &mag);
	out->coef = negative ? -(tl_i128)m : (tl_i128)m;
	out->scale = (int32_t)scale;
	return TL_DEC_OK;
}

/* |a| × 10^k into a wide integer; k <= 76 never overflows 416 bits. */
static tl_wide scaled(const tl_decimal *a, int64_t k)
{
	tl_wide w;
	tl_wide_from_u128(&w, magnitude(a));
	(void)tl_wide_mul_pow10(&w, k);
	return w;
}

void tl_decimal_from_int(tl_decimal *out, int64_t v)
{
	out->coef = v;
	out->scale = 0;
}

static int add_signed(tl_decimal *out, const tl_decimal *a, const tl_decimal *b, bool negate_b)
{
	if (!valid(a) || !valid(b))
		return TL_DEC_OVERFLOW;
	int32_t scale = a->scale > b->scale ? a->scale : b->scale;
	tl_wide ma = scaled(a, scale - a->scale);
	tl_wide mb = scaled(b, scale - b->scale);
	bool na = a->coef < 0;
	bool nb = (b->coef < 0) != negate_b && b->coef != 0;
	tl_wide sum;
	bool negative;
	if (na == nb) {
		(void)tl_wide_add(&sum, &ma, &mb);
		negative = na;
	} else if (tl_wide_cmp(&ma, &mb) >= 0) {
		tl_wide_sub(&sum, &ma, &mb);
		negative = na;
	} else {
		tl_wide_sub(&sum, &mb, &ma);
		negative = nb;
	}
	return finish(out, negative && !tl_wide_is_zero(&sum), sum, scale);
}

int tl_decimal_add(tl_decimal *out, const tl_decimal *a, const tl_decimal *b)
{
	return add_signed(out, a, b, false);
}

int tl_decimal_sub(tl_decimal *out, const tl_decimal *a, const tl_decimal *b)
{
	return add_signed(out, a, b, true);
}

int tl_decimal_mul(tl_decimal *out, const tl_decimal *a, const tl_decimal *b)
{
	if (!valid(a) || !valid(b))
		return TL_DEC_OVERFLOW;
	tl_wide ma = scaled(a, 0), mb = scaled(b, 0), prod;
	(void)tl_wide_mul(&prod, &ma, &mb);
	bool negative = (a->coef < 0) != (b->coef < 0) && !tl_wide_is_zero(&prod);
	return finish(out, negative, prod, (int64_t)a->scale + b->scale);
}

/* |a| / |b| as a fraction n / d of wide integers with the result's scale folded
 * in: value × 10^places = n / d. */
static void quotient_terms(tl_wide *n, tl_wide *d, const tl_decimal *a,
                           const tl_decimal *b, int places)
{
	*n = scaled(a, (int64_t)b->scale + places);
	*d = scaled(b, a->scale);
}

int tl_decimal_div(tl_decimal *out, const tl_decimal *a, const tl_decimal *b)
{
	if (!valid(a) || !valid(b))
		return TL_DEC_OVERFLOW;
	if (b->coef == 0)
		return TL_DEC_DIVZERO;
	tl_wide n, d, q, r, limit;
	quotient_terms(&n, &d, a, b, 0);
	tl_wide_divmod(&q, &r, &n, &d);
	tl_wide_from_u128(&limit, pow10_u128(TL_DECIMAL_DIGITS));
	if (tl_wide_cmp(&q, &limit) >= 0)
		return TL_DEC_OVERFLOW;
	/* Long division one fraction digit at a time until the remainder vanishes;
	 * a quotient that needs a 39th digit has no exact representation. */
	int scale = 0;
	while (!tl_wide_is_zero(&r)) {
		if (scale == MAX_SCALE)
			return TL_DEC_INEXACT;
		/* r < d, so the next digit is r × 10 / d < 10: a few subtractions
		 * beat a general division. */
		uint32_t digit = 0;
		(void)tl_wide_mul_u32(&r, 10);
		while (tl_wide_cmp(&r, &d) >= 0) {
			tl_wide_sub(&r, &r, &d);
			digit++;
		}
		tl_wide digit_w;
		tl_wide_from_u128(&digit_w, digit);
		(void)tl_wide_mul_u32(&q, 10);
		(void)tl_wide_add(&q, &q, &digit_w);
		scale++;
		if (tl_wide_cmp(&q, &limit) >= 0)
			return TL_DEC_INEXACT;
	}
	bool negative = (a->coef < 0) != (b->coef < 0) && !tl_wide_is_zero(&q);
	return finish(out, negative, q, scale);
}

/* Rounds n / d half-to-even and stores it with `places` fraction digits. */
static int round_quotient(tl_decimal *out, bool negative, const tl_wide *n,
                          const tl_wide *d, int places)
{
	tl_wide q, r, twice_r;
	tl_wide_divmod(&q, &r, n, d);
	(void)tl_wide_add(&twice_r, &r, &r);
	int c = tl_wide_cmp(&twice_r, d);
	if (c > 0 || (c == 0 && (q.limb[0] & 1u) != 0)) {
		tl_wide one;
		tl_wide_from_u128(&one, 1);
		(void)tl_wide_add(&q, &q, &one);
	}
	return finish(out, negative && !tl_wide_is_zero(&q), q, places);
}

int tl_decimal_div_round(tl_decimal *out, const tl_decimal *a, const tl_decimal *b, int places)
{
	if (!valid(a) || !valid(b) || places < 0 || places > MAX_SCALE)
		return TL_DEC_OVERFLOW;
	if (b->coef == 0)
		return TL_DEC_DIVZERO;
	tl_wide n, d;
	quotient_terms(&n, &d, a, b, places);
	return round_quotient(out, (a->coef < 0) != (b->coef < 0), &n, &d, places);
}

int tl_decimal_round(tl_decimal *out, const tl_decimal *a, int places)
{
	if (!valid(a) || places < 0 || places > MAX_SCALE)
		return TL_DEC_OVERFLOW;
	if (places >= a->scale) {
		*out = *a;
		return TL_DEC_OK;
	}
	tl_wide n = scaled(a, 0), d;
	tl_wide_from_u128(&d, pow10_u128(a->scale - places));
	return round_quotient(out, a->coef < 0, &n, &d, places);
}

void tl_decimal_neg(tl_decimal *out, const tl_decimal *a)
{
	out->coef = -a->coef;
	out->scale = a->scale;
}

int tl_decimal_cmp(const tl_decimal *a, const tl_decimal *b)
{
	int sa = tl_decimal_sign(a), sb = tl_decimal_sign(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	int32_t scale = a->scale > b->scale ? a->scale : b->scale;
	tl_wide ma = scaled(a, scale - a->scale);
	tl_wide mb = scaled(b, scale - b->scale);
	int c = tl_wide_cmp(&ma, &mb);
	return sa < 0 ? -c : c;
}

bool tl_decimal_is_zero(const tl_decimal *a)
{
	return a->coef == 0;
}

bool tl_decimal_is_integer(const tl_decimal *a)
{
	if (a->scale > MAX_SCALE)  /* outside the invariant: 10^scale would wrap */
		return false;
	return a->scale <= 0 || a->coef % (tl_i128)pow10_u128(a->scale) == 0;
}

int tl_decimal_sign(const tl_decimal *a)
{
	return a->coef < 0 ? -1 : a->coef > 0 ? 1 : 0;
}

int tl_decimal_to_int64(int64_t *out, const tl_decimal *a)
{
	if (!valid(a))
		return TL_DEC_OVERFLOW;
	if (!tl_decimal_is_integer(a))
		return TL_DEC_INEXACT;
	tl_i128 v = a->coef / (tl_i128)pow10_u128(a->scale);
	if (v < INT64_MIN || v > INT64_MAX)
		return TL_DEC_OVERFLOW;
	*out = (int64_t)v;
	return TL_DEC_OK;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Checks the literal's shape and returns where its parts are, so that the value
 * pass below never meets an unexpected character. */
typedef struct literal {
	bool negative;
	const char *mant, *mant_end;  /* digits and at most one '.' */
	const char *exp, *exp_end;    /* exponent digits, or NULL */
	bool exp_negative;
} literal;

static bool scan_literal(literal *lit, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	memset(lit, 0, sizeof *lit);
	if (p < end && (*p == '+' || *p == '-'))
		lit->negative = *p++ == '-';
	lit->mant = p;
	size_t digits = 0;
	while (p < end && is_digit(*p)) {
		p++;
		digits++;
	}
	if (p < end && *p == '.') {
		p++;
		while (p < end && is_digit(*p)) {
			p++;
			digits++;
		}
	}
	lit->mant_end = p;
	if (digits == 0)
		return false;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			lit->exp_negative = *p++ == '-';
		lit->exp = p;
		while (p < end && is_digit(*p))
			p++;
		lit->exp_end = p;
		if (lit->exp == p)
			return false;
	}
	return p == end;
}

/* Larger than any exponent that could still give a representable value, and
 * small enough that adding a length to it cannot overflow. */
#define EXP_CAP ((int64_t)1 << 40)

int tl_decimal_parse(tl_decimal *out, const char *s, size_t len)
{
	literal lit;
	if (s == NULL || !scan_literal(&lit, s, len))
		return TL_DEC_SYNTAX;

	/* coef holds the significant digits up to the last nonzero one; the zeros
	 * after it are only counted, so that they can be dropped when needed. */
	tl_u128 coef = 0;
	int64_t sig = 0, zeros = 0, frac = 0;
	bool in_frac = false;
	for (const char *p = lit.mant; p < lit.mant_end; p++) {
		if (*p == '.') {
			in_frac = true;
			continue;
		}
		if (in_frac)
			frac++;
		if (*p == '0') {
			if (coef != 0)
				zeros++;
			continue;
		}
		if (sig + zeros + 1 > TL_DECIMAL_DIGITS)
			return TL_DEC_OVERFLOW;
		coef = coef * pow10_u128((int)zeros) * 10 + (tl_u128)(*p - '0');
		sig += zeros + 1;
		zeros = 0;
	}
	int64_t exp = 0;
	for (const char *p = lit.exp; p != NULL && p < lit.exp_end; p++) {
		if (exp < EXP_CAP)
			exp = exp * 10 + (*p - '0');
	}
	if (lit.exp_negative)
		exp = -exp;

	/* value = coef × 10^zeros × 10^-scale */
	int64_t scale = frac - exp;
	if (coef == 0) {
		out->coef = 0;
		out->scale = (int32_t)(scale < 0 ? 0 : scale > MAX_SCALE ? MAX_SCALE : scale);
		return TL_DEC_OK;
	}
	if (scale < 0) {
		zeros -= scale;
		scale = 0;
	}
	int64_t drop = 0;
	if (sig + zeros > TL_DECIMAL_DIGITS)
		drop = sig + zeros - TL_DECIMAL_DIGITS;
	if (scale - MAX_SCALE > drop)
		drop = scale - MAX_SCALE;
	if (drop > zeros || drop > scale)
		return TL_DEC_OVERFLOW;
	zeros -= drop;
	scale -= drop;
	coef *= pow10_u128((int)zeros);
	out->coef = lit.negative ? -(tl_i128)coef : (tl_i128)coef;
	out->scale = (int32_t)scale;
	return TL_DEC_OK;
}

size_t tl_decimal_format(char *buf, size_t cap, const tl_decimal *a)
{
	char digits[TL_DECIMAL_BUFSZ];
	char text[TL_DECIMAL_BUFSZ];
	tl_u128 m = magnitude(a);
	int scale = a->scale < 0 ? 0 : a->scale > MAX_SCALE ? MAX_SCALE : a->scale;
	while (scale > 0 && m % 10 == 0) {
		m /= 10;
		scale--;
	}
	int nd = 0;
	do {
		digits[nd++] = (char)('0' + (int)(m % 10));
		m /= 10;
	} while (m != 0 && nd < TL_DECIMAL_BUFSZ - 1);

	size_t n = 0;
	if (a->coef < 0)
		text[n++] = '-';
	if (nd <= scale) {
		text[n++] = '0';
		text[n++] = '.';
		for (int i = nd; i < scale; i++)
			text[n++] = '0';
		while (nd > 0)
			text[n++] = digits[--nd];
	} else {
		while (nd > 0) {
			if (nd == scale)
				text[n++] = '.';
			text[n++] = digits[--nd];
		}
	}
	if (cap > 0) {
		size_t w = n < cap - 1 ? n : cap - 1;
		memcpy(buf, text, w);
		buf[w] = '\0';
	}
	return n;
}
