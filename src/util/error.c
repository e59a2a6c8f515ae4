/* error.c - filling error values. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* vsnprintf may cut a message in the middle of a UTF-8 sequence: drop the
 * incomplete tail so that messages stay valid UTF-8. */
static void trim_utf8(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && (unsigned char)s[i - 1] >= 0xC0) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (n - (i - 1) < want)
			s[i - 1] = '\0';
	}
}

void tl_error_set(tl_error *e, int code, tl_pos pos, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return;
	e->code = code;
	e->pos = pos;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	trim_utf8(e->msg);
	e->msg_ja[0] = '\0';
}

void tl_error_set_ja(tl_error *e, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg_ja, sizeof(e->msg_ja), fmt, ap);
	va_end(ap);
	trim_utf8(e->msg_ja);
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
void tl_error_setv_both(tl_error *e, int code, tl_pos pos, const char *en, const char *ja,
                        va_list ap)
{
	va_list ap2;
	if (!e)
		return;
	va_copy(ap2, ap);
	e->code = code;
	e->pos = pos;
	vsnprintf(e->msg, sizeof(e->msg), en, ap);
	trim_utf8(e->msg);
	vsnprintf(e->msg_ja, sizeof(e->msg_ja), ja, ap2);
	trim_utf8(e->msg_ja);
	va_end(ap2);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

const char *const TL_LOAD_CAUSES[TL_NLOAD_CAUSES + 1] = {
	"read", "limit", "encoding", "syntax", "duplicate-key", "documents", "memory", NULL};

int tl_load_cause(int code)
{
	switch (code) {
	case TL_EIO: return 0;
	case TL_ELIMIT: return 1;
	case TL_EENCODING: return 2;
	case TL_ESYNTAX: return 3;
	case TL_EDUPKEY: return 4;
	case TL_EMULTIDOC: return 5;
	case TL_EMEMORY: return 6;
	default: return -1;
	}
}

const char *tl_error_message(const tl_error *e, const char *lang)
{
	if (lang && strcmp(lang, "ja") == 0 && e->msg_ja[0])
		return e->msg_ja;
	return e->msg;
}

void tl_error_clear(tl_error *e)
{
	if (!e)
		return;
	memset(e, 0, sizeof(*e));
}
