/* render.c - an error as a compiler shows one: file:line:col: message, the source line, a caret.
 * Lines are joined by '\n' with none after the last, so callers print it like a message. */
#include "doc.h"

#include <string.h>

#include "../util/buf.h"
#include "../util/term.h"
#include "../util/utf8.h"
#include "yaml_int.h"

/* Lines longer than this are shown as a window around the column, so that a
 * 10 MB line does not become a 10 MB message. */
#define WINDOW 120

/* Finds 1-based line `line` of raw input, split as the loader splits it. */
static bool find_line(const char *data, size_t len, uint32_t line, size_t *start, size_t *end)
{
	size_t i = tl_yaml_bom_len(data, len), cur = 1;
	size_t s = i;
	while (cur < line) {
		if (i >= len)
			return false;
		size_t b = tl_yaml_break_len(data, len, i);
		if (b) {
			i += b;
			cur++;
			s = i;
		} else {
			i++;
		}
	}
	/* The empty "line" after a final line break (or of an empty file) is
	 * not shown: a caret under nothing says nothing. */
	if (s == len)
		return false;
	size_t e = s;
	while (e < len && !tl_yaml_break_len(data, len, e))
		e++;
	*start = s;
	*end = e;
	return true;
}

/* One character of the source line as shown: tabs kept (the caret line takes
 * a tab too, so it lines up whatever the tab width), invalid bytes and other
 * control characters as U+FFFD. Returns the bytes consumed; *width is the
 * display width, 0 for a tab. */
static size_t show(tl_buf *out, const char *s, size_t len, size_t *width)
{
	uint32_t cp;
	size_t n = tl_utf8_decode(s, len, &cp);
	if (n == 1 && cp == '\t') {
		tl_buf_putc(out, '\t');
		*width = 0;
		return 1;
	}
	/* Controls, and direction marks that would reorder the line on the
	 * terminal: the characters the text report escapes (util/term.h). */
	if (n == 0 || tl_term_control(cp)) {
		tl_buf_puts(out, "\xEF\xBF\xBD");
		*width = 1;
		return n ? n : 1;
	}
	tl_buf_put(out, s, n);
	*width = tl_utf8_width(s, n);
	return n;
}

static size_t back_to_char(const char *s, size_t lo, size_t i)
{
	while (i > lo && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

char *tl_render_error(const char *file, const tl_error *err, const char *lang,
                      const char *data, size_t len)
{
	tl_buf b = TL_BUF_INIT, caret = TL_BUF_INIT;
	const char *msg = err ? tl_error_message(err, lang) : "";
	tl_pos pos = err ? err->pos : (tl_pos){0, 0};
	size_t s, e;

	if (!file)
		file = "<input>";
	tl_term_escape_str(&b, file);
	if (pos.line == 0)
		tl_buf_puts(&b, ": ");
	else if (pos.col == 0)
		tl_buf_printf(&b, ":%u: ", (unsigned)pos.line);
	else
		tl_buf_printf(&b, ":%u:%u: ", (unsigned)pos.line, (unsigned)pos.col);
	/* A message may quote the input (a waiver's path, a value): shown on a
	 * terminal, its control characters are escaped as the excerpt's are replaced. */
	tl_term_escape_str(&b, msg);
	if (!data || pos.line == 0 || pos.col == 0 || !find_line(data, len, pos.line, &s, &e))
		goto out;

	/* The column counts characters: walk to the byte where it starts (past
	 * the end, the caret goes just after the line). */
	size_t at = s;
	for (uint32_t c = 1; c < pos.col && at < e; c++) {
		size_t n = tl_utf8_valid_prefix(data + at, e - at);
		at += n ? n : 1; /* a stray byte counts as one character */
	}
	size_t from = s, to = e;
	bool cut_left = false, cut_right = false;
	if (e - s > 2 * WINDOW) {
		if (at - s > WINDOW) {
			from = back_to_char(data, s, at - WINDOW);
			cut_left = true;
		}
		if (e - at > WINDOW) {
			to = back_to_char(data, at, at + WINDOW);
			cut_right = true;
		}
	}
	tl_buf_putc(&b, '\n');
	if (cut_left) {
		tl_buf_puts(&b, "...");
		tl_buf_puts(&caret, "   ");
	}
	size_t i = from;
	while (i < to) {
		size_t w, n = show(&b, data + i, to - i, &w);
		if (i < at) {
			if (w == 0)
				tl_buf_putc(&caret, '\t');
			for (size_t k = 0; k < w; k++)
				tl_buf_putc(&caret, ' ');
		}
		i += n;
	}
	if (cut_right)
		tl_buf_puts(&b, "...");
	tl_buf_putc(&b, '\n');
	tl_buf_putc(&caret, '^');
	tl_buf_put(&b, caret.data, caret.len);
out:
	tl_buf_free(&caret);
	if (b.oom) {
		tl_buf_free(&b);
		return NULL;
	}
	return tl_buf_detach(&b);
}
