/* text.c - lines, byte-order marks and the mapping from libyaml marks to positions. */
#include "yaml_int.h"

#include <stdint.h>
#include <string.h>

#include "../util/utf8.h"

size_t tl_yaml_break_len(const char *str, size_t len, size_t i)
{
	const unsigned char *s = (const unsigned char *)str;
	if (i >= len)
		return 0;
	switch (s[i]) {
	case '\n':
		return 1;
	case '\r':
		return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
	default:
		return 0;
	}
}

size_t tl_yaml_bom_len(const char *s, size_t len)
{
	size_t n = 0;
	while (len - n >= 3 && memcmp(s + n, "\xEF\xBB\xBF", 3) == 0)
		n += 3;
	return n;
}

static uint32_t clamp32(size_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

tl_pos tl_yaml_pos_scan(const char *s, size_t len, size_t off)
{
	size_t line = 1, start = 0, i = 0;
	if (off > len)
		off = len;
	while (i < off) {
		size_t b = tl_yaml_break_len(s, len, i);
		if (b == 0) {
			i++;
			continue;
		}
		/* An offset inside a break belongs to the line the break ends. */
		if (i + b > off)
			break;
		i += b;
		line++;
		start = i;
	}
	/* Columns count characters; a stray byte counts as one. */
	size_t col = 1;
	for (i = start; i < off;) {
		size_t n = tl_utf8_valid_prefix(s + i, len - i);
		i += n ? n : 1;
		col++;
	}
	return (tl_pos){clamp32(line), clamp32(col)};
}

/* Length of the UTF-8 sequence led by c; the text was validated before. */
static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static unsigned popcount64(uint64_t v)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_popcountll(v);
#else
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
#endif
}

static bool is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t tl_yaml_text_byte(tl_yaml_text *t, size_t index)
{
	if (t->ascii)
		return index < t->len ? index : t->len;
	/* Marks arrive nearly in order, so walking from the last one is linear
	 * over a whole load. Invariant: cur_byte is the start of a character
	 * (or the end) and cur_char counts the characters before it. */
	const unsigned char *s = (const unsigned char *)t->s;
	size_t len = t->len, ch = t->cur_char, by = t->cur_byte;
	if (ch < index) {
		/* Eight bytes at a time: a character starts at each byte that is
		 * not a continuation byte (10xxxxxx). */
		while (index - ch >= 8 && len - by >= 8) {
			uint64_t w;
			memcpy(&w, s + by, 8);
			unsigned starts = 8 - popcount64(w & ~(w << 1) & UINT64_C(0x8080808080808080));
			if (starts > index - ch)
				break;
			by += 8;
			ch += starts;
		}
		while (by < len && is_cont(s[by]))
			by++; /* the window may have ended inside a character */
		while (ch < index && by < len) {
			by += seq_len(s[by]);
			ch++;
		}
	}
	while (ch > index && by > 0) {
		by--;
		while (by > 0 && is_cont(s[by]))
			by--;
		ch--;
	}
	if (by > len)
		by = len;
	t->cur_char = ch;
	t->cur_byte = by;
	return by;
}

static size_t line_of(const tl_yaml_text *t, size_t off, size_t hint)
{
	if (hint < t->nlines && t->lines[hint] <= off &&
	    (hint + 1 == t->nlines || off < t->lines[hint + 1]))
		return hint;
	size_t lo = 0, hi = t->nlines; /* lines[lo] <= off < lines[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Columns count characters (error.h): the characters of the line before `off`. */
static size_t char_column(const tl_yaml_text *t, size_t lstart, size_t off)
{
	if (t->ascii)
		return off - lstart + 1;
	size_t col = 1, i = lstart;
	while (i < off && i < t->len) {
		size_t n = tl_utf8_valid_prefix(t->s + i, t->len - i);
		i += n ? n : 1; /* a stray byte counts as one character */
		col++;
	}
	return col;
}

tl_pos tl_yaml_text_pos_at(const tl_yaml_text *t, size_t off)
{
	size_t l = line_of(t, off, SIZE_MAX);
	return (tl_pos){clamp32(l + 1), clamp32(char_column(t, t->lines[l], off))};
}

tl_pos tl_yaml_text_pos(tl_yaml_text *t, const yaml_mark_t *m)
{
	size_t off = tl_yaml_text_byte(t, m->index);
	size_t l = line_of(t, off, m->line);
	/* libyaml's own column already counts characters from the line start;
	 * scanning the line again would make a long flow line quadratic. */
	if (l == m->line && !t->breaks_11)
		return (tl_pos){clamp32(l + 1), clamp32(m->column + 1)};
	/* libyaml also ends a line at NEL, LS and PS (YAML 1.1); after one its
	 * lines and columns are not the file's. Count from the last mark on the
	 * same line instead (marks come nearly in order: linear over a load). */
	size_t from = t->lines[l], col = 1;
	if (t->col_line == l && t->col_off >= from && t->col_off <= off) {
		from = t->col_off;
		col = t->col;
	}
	col += char_column(t, from, off) - 1;
	t->col_line = l;
	t->col_off = off;
	t->col = col;
	return (tl_pos){clamp32(l + 1), clamp32(col)};
}

void tl_yaml_quote(char *out, size_t cap, const char *s, size_t len, size_t max)
{
	size_t o = 0, i = 0;
	if (cap == 0)
		return;
	while (i < len) {
		char tmp[8];
		size_t n = 0, adv = 1;
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			tmp[n++] = '\\';
			tmp[n++] = (char)c;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			tmp[n++] = '\\';
			tmp[n++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		} else if (c < 0x20 || c == 0x7F) {
			static const char hex[] = "0123456789ABCDEF";
			tmp[n++] = '\\';
			tmp[n++] = 'x';
			tmp[n++] = hex[c >> 4];
			tmp[n++] = hex[c & 15];
		} else {
			/* Keep a whole character together (or one stray byte). */
			adv = c < 0x80 ? 1 : seq_len(c);
			if (adv > len - i)
				adv = 1;
			memcpy(tmp, s + i, adv);
			n = adv;
		}
		if (o + n > max || o + n + 4 > cap) {
			/* "..." marks the cut; room for it is kept by the +4 above. */
			if (o + 4 <= cap) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(out + o, tmp, n);
		o += n;
		i += adv;
	}
	out[o < cap ? o : cap - 1] = '\0';
}
