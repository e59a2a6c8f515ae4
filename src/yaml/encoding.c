/* encoding.c - refuses input that is not UTF-8 before libyaml sees it, naming UTF-16 and Shift_JIS. */
#include "yaml_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"

#define HOWTO_EN(from) \
	"save it as UTF-8: in Notepad, 名前を付けて保存 → 文字コード: UTF-8; " \
	"or run: iconv -f " from " -t UTF-8 in.yaml > out.yaml"
#define HOWTO_JA(from) \
	"UTF-8 で保存し直してください。メモ帳では「名前を付けて保存」→「文字コード: UTF-8」、" \
	"または iconv -f " from " -t UTF-8 in.yaml > out.yaml を実行します"

/* Byte-order marks and the NUL patterns of ASCII text in UTF-16/32 without
 * one; a YAML file almost always starts with an ASCII character. */
static const char *wide_encoding(const unsigned char *s, size_t len, bool *bom)
{
	*bom = true;
	if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)
		return "UTF-32";
	if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)
		return "UTF-32";
	if (len >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) || (s[0] == 0xFF && s[1] == 0xFE)))
		return "UTF-16";
	*bom = false;
	if (len >= 4 && s[0] && !s[1] && !s[2] && !s[3])
		return "UTF-32";
	if (len >= 4 && !s[0] && !s[1] && !s[2] && s[3])
		return "UTF-32";
	if (len >= 2 && ((s[0] && !s[1]) || (!s[0] && s[1])) && s[0] < 0x80 && s[1] < 0x80)
		return "UTF-16";
	return NULL;
}

static int wide_error(tl_error *err, const char *enc, bool bom)
{
	tl_pos p = {1, 1};
	if (strcmp(enc, "UTF-16") == 0) {
		tl_error_set(err, TL_EENCODING, p,
		             "the file is encoded in UTF-16%s, not UTF-8; " HOWTO_EN("UTF-16"),
		             bom ? " (it starts with a UTF-16 byte-order mark)" : "");
		tl_error_set_ja(err, "ファイルが UTF-8 ではなく UTF-16 で保存されています%s。" HOWTO_JA("UTF-16"),
		                bom ? "（UTF-16 の BOM で始まっています）" : "");
	} else {
		tl_error_set(err, TL_EENCODING, p,
		             "the file is encoded in UTF-32%s, not UTF-8; " HOWTO_EN("UTF-32"),
		             bom ? " (it starts with a UTF-32 byte-order mark)" : "");
		tl_error_set_ja(err, "ファイルが UTF-8 ではなく UTF-32 で保存されています%s。" HOWTO_JA("UTF-32"),
		                bom ? "（UTF-32 の BOM で始まっています）" : "");
	}
	return TL_EENCODING;
}

/* Shift_JIS when its two-byte characters explain the non-ASCII bytes better
 * than UTF-8 does. Japanese UTF-8 also parses as many SJIS pairs, hence the
 * comparison with the number of valid UTF-8 sequences. */
static bool looks_sjis(const unsigned char *s, size_t len)
{
	size_t pairs = 0, bad = 0, high = 0, invalid = 0, i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		bool lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
		if (lead && i + 1 < len && s[i + 1] >= 0x40 && s[i + 1] <= 0xFC && s[i + 1] != 0x7F) {
			pairs++;
			i += 2;
		} else if (c >= 0xA1 && c <= 0xDF) {
			i++; /* half-width katakana */
		} else {
			bad++;
			i++;
		}
	}
	for (i = 0; i < len;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = tl_utf8_valid_prefix((const char *)s + i, len - i);
		if (n) {
			high += n;
			i += n;
		} else {
			high++;
			invalid++;
			i++;
		}
	}
	/* Japanese UTF-8 also reads as Shift_JIS byte pairs, so the pairs alone
	 * prove nothing: Shift_JIS text leaves most of its high bytes outside any
	 * UTF-8 character, while UTF-8 with one stray byte leaves almost none. */
	return pairs > 0 && bad * 10 <= pairs && invalid * 2 > high;
}

static int utf8_error(tl_error *err, const char *s, size_t len, size_t off)
{
	tl_pos p = tl_yaml_pos_scan(s, len, off);
	unsigned byte = (unsigned char)s[off];
	if (looks_sjis((const unsigned char *)s, len)) {
		tl_error_set(err, TL_EENCODING, p,
		             "the file is not UTF-8: it appears to be Shift_JIS, as saved by "
		             "Japanese Excel or Notepad; " HOWTO_EN("SHIFT_JIS"));
		tl_error_set_ja(err, "ファイルが UTF-8 ではありません。日本語版の Excel やメモ帳が保存する "
		                     "Shift_JIS のようです。" HOWTO_JA("SHIFT_JIS"));
	} else {
		tl_error_set(err, TL_EENCODING, p,
		             "the file is not valid UTF-8: the byte 0x%02X here does not belong to "
		             "a UTF-8 character; save the file as UTF-8",
		             byte);
		tl_error_set_ja(err, "ファイルが正しい UTF-8 ではありません。この位置のバイト 0x%02X は "
		                     "UTF-8 の文字になりません。UTF-8 で保存し直してください",
		                byte);
	}
	return TL_EENCODING;
}

static int nul_error(tl_error *err, const char *s, size_t len, size_t off)
{
	tl_error_set(err, TL_EENCODING, tl_yaml_pos_scan(s, len, off),
	             "the file contains a NUL byte (0x00), which YAML text cannot hold: is it a "
	             "binary file, or UTF-16 without a byte-order mark?");
	tl_error_set_ja(err, "ファイルに NUL バイト（0x00）が含まれていますが、YAML のテキストには"
	                     "使えません。バイナリファイルか、BOM のない UTF-16 ではありませんか？");
	return TL_EENCODING;
}

static bool push_line(size_t **lines, size_t *n, size_t *cap, size_t start)
{
	if (*n == *cap) {
		size_t ncap = *cap * 2;
		size_t *p = ncap > *cap && ncap < SIZE_MAX / sizeof(size_t)
		                    ? realloc(*lines, ncap * sizeof(size_t))
		                    : NULL;
		if (!p)
			return false;
		*lines = p;
		*cap = ncap;
	}
	(*lines)[(*n)++] = start;
	return true;
}

/* True when one of the 8 bytes is >= 0x80 or < 0x0E (NUL, CR, LF and other
 * controls): such a word needs a closer look; others are skipped whole. */
static bool word_special(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	return ((w & high) | ((w - ones * 0x0E) & ~w & high)) != 0;
}

int tl_yaml_scan_text(tl_error *err, const char *raw, size_t rawlen, size_t **lines_out,
                      size_t *nlines, bool *ascii, bool *breaks_11)
{
	bool bom;
	const char *enc = wide_encoding((const unsigned char *)raw, rawlen, &bom);
	*lines_out = NULL;
	if (enc) /* without a BOM, enc is only set when NUL bytes are present */
		return wide_error(err, enc, bom);

	size_t skip = tl_yaml_bom_len(raw, rawlen);
	const unsigned char *s = (const unsigned char *)raw + skip;
	size_t len = rawlen - skip, i = 0, n = 0, cap = 64;
	bool only_ascii = true, breaks = false;
	size_t *lines = malloc(cap * sizeof(*lines));
	int rc = TL_ENOMEM;
	if (!lines)
		goto fail;
	lines[n++] = 0;
	while (i < len) {
		while (len - i >= 8 && !word_special(s + i))
			i += 8;
		if (i == len)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			if (c == '\r' && i < len && s[i] == '\n')
				i++;
			else if (c == 0) {
				rc = nul_error(err, (const char *)s, len, i - 1);
				goto fail;
			} else if (c != '\n' && c != '\r')
				continue;
			if (!push_line(&lines, &n, &cap, i))
				goto fail;
			continue;
		}
		uint32_t cp;
		size_t k = tl_utf8_decode((const char *)s + i, len - i, &cp);
		if (k == 0) {
			rc = utf8_error(err, (const char *)s, len, i);
			goto fail;
		}
		only_ascii = false;
		i += k;
		if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
			breaks = true;
	}
	*lines_out = lines;
	*nlines = n;
	*ascii = only_ascii;
	*breaks_11 = breaks;
	return 0;
fail:
	if (rc == TL_ENOMEM) {
		tl_error_set(err, TL_ENOMEM, (tl_pos){0, 0}, "out of memory while loading the YAML");
		tl_error_set_ja(err, "YAML の読み込み中にメモリが不足しました");
	}
	free(lines);
	return rc;
}
