/* format.c - the built-in formats (country, jp-corporate-number) and the key-distance measure. */
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "internal.h"

/* ISO 3166-1 alpha-2, the 249 officially assigned codes, sorted: two bytes each. */
static const char COUNTRIES[] =
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZ"
	"BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ"
	"CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ"
	"DEDJDKDMDODZ"
	"ECEEEGEHERESET"
	"FIFJFKFMFOFR"
	"GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY"
	"HKHMHNHRHTHU"
	"IDIEILIMINIOIQIRISIT"
	"JEJMJOJP"
	"KEKGKHKIKMKNKPKRKWKYKZ"
	"LALBLCLILKLRLSLTLULVLY"
	"MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ"
	"NANCNENFNGNINLNONPNRNUNZ"
	"OM"
	"PAPEPFPGPHPKPLPMPNPRPSPTPWPY"
	"QA"
	"RERORSRURW"
	"SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ"
	"TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ"
	"UAUGUMUSUYUZ"
	"VAVCVEVGVIVNVU"
	"WFWS"
	"YEYT"
	"ZAZMZW";

#define NCOUNTRIES ((sizeof(COUNTRIES) - 1) / 2)

/* Spaces a filled-in text may have around it: ASCII, and U+3000. */
static size_t space_at(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
		return 1;
	if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static size_t space_before(const char *s, size_t len)
{
	if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
		return 1;
	if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

bool tl_format_filled_text(const char *s, size_t len)
{
	size_t n;
	while ((n = space_at(s, len)) != 0) {
		s += n;
		len -= n;
	}
	while ((n = space_before(s, len)) != 0)
		len -= n;
	return !(len >= 2 && s[0] == '<' && s[len - 1] == '>');
}

bool tl_format_country(const char *s, size_t len)
{
	size_t lo = 0, hi = NCOUNTRIES;

	if (!s || len != 2)
		return false;
	/* Two bytes compared as one number, most significant first: the order
	 * of the table, without a call per step. */
	unsigned key = (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = (const unsigned char *)COUNTRIES + 2 * mid;
		unsigned c = (unsigned)e[0] << 8 | e[1];
		if (key == c)
			return true;
		if (key < c)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

int tl_corpnum_check_digit(const char *s, size_t len)
{
	unsigned sum = 0;

	if (!s || len != 13)
		return -1;
	/* P_n is the n-th digit of the 12-digit base counted from the right:
	 * s[12] is P_1, s[1] is P_12; Q_n is 1 for odd n and 2 for even n. */
	for (unsigned n = 1; n <= 12; n++) {
		char c = s[13 - n];
		if (c < '0' || c > '9')
			return -1;
		sum += (unsigned)(c - '0') * ((n % 2) ? 1u : 2u);
	}
	return (int)(9 - sum % 9);
}

bool tl_format_jp_corporate_number(const char *s, size_t len)
{
	int check = tl_corpnum_check_digit(s, len);
	return check >= 0 && s[0] == (char)('0' + check);
}

size_t tl_schema_cplen(const char *s, size_t len)
{
	return tl_schema_cplen_max(s, len, SIZE_MAX);
}

size_t tl_schema_cplen_max(const char *s, size_t len, uint64_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		size_t k = tl_utf8_valid_prefix(s + i, len - i);
		i += k ? k : 1;
		n++;
	}
	return n;
}

/* Keys longer than this are not worth a suggestion and would cost a
 * quadratic table. */
#define DIST_MAX_CP 64

static size_t decode_all(const char *s, size_t len, uint32_t *out)
{
	size_t n = 0, i = 0;
	while (i < len && n < DIST_MAX_CP + 1) {
		uint32_t cp;
		size_t k = tl_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		out[n++] = cp;
		i += k;
	}
	return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t tl_schema_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t ca[DIST_MAX_CP + 1], cb[DIST_MAX_CP + 1];
	/* Three rows of the optimal-string-alignment table: i-2, i-1 and i. */
	size_t rows[3][DIST_MAX_CP + 1];
	size_t n = decode_all(a, alen, ca), m = decode_all(b, blen, cb);

	if (n > DIST_MAX_CP || m > DIST_MAX_CP)
		return SIZE_MAX;
	for (size_t j = 0; j <= m; j++)
		rows[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *cur = rows[i % 3], *up = rows[(i - 1) % 3], *up2 = rows[(i + 1) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = ca[i - 1] == cb[j - 1] ? 0 : 1;
			cur[j] = min3(up[j] + 1, cur[j - 1] + 1, up[j - 1] + cost);
			if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
			    up2[j - 2] + 1 < cur[j])
				cur[j] = up2[j - 2] + 1;
		}
	}
	return rows[n % 3][m];
}
