/* error.h - errors are values: a code, a position and a message in each language. */
#ifndef TL_ERROR_H
#define TL_ERROR_H

#include <stdarg.h>
#include <stdint.h>

typedef enum tl_status {
	TL_OK = 0,
	TL_ENOMEM = -1,
	TL_EIO = -2,        /* a file could not be read or written */
	TL_ESYNTAX = -3,    /* YAML or expression syntax */
	TL_EENCODING = -4,  /* not UTF-8 (Shift_JIS, UTF-16, stray bytes) */
	TL_ELIMIT = -5,     /* a configured limit was exceeded */
	TL_EDUPKEY = -6,    /* a mapping repeats a key */
	TL_EMULTIDOC = -7,  /* not exactly one YAML document */
	TL_EINVALID = -8,   /* well-formed but not acceptable (a pack, a waiver file, ...) */
	TL_EEVAL = -9,      /* expression evaluation */
	TL_EUSAGE = -10,
	TL_EMEMORY = -11    /* a file needs more memory than the process may use: reported, not fatal */
} tl_status;

/* 1-based line and column; the column counts Unicode characters (code points)
 * from the start of the line, as libyaml does and as SARIF's
 * "unicodeCodePoints" column kind says; 0 means unknown. */
typedef struct tl_pos {
	uint32_t line;
	uint32_t col;
} tl_pos;

#define TL_ERROR_MSG_MAX 512

typedef struct tl_error {
	int code;                      /* a tl_status */
	tl_pos pos;
	char msg[TL_ERROR_MSG_MAX];    /* English */
	char msg_ja[TL_ERROR_MSG_MAX]; /* Japanese; empty means: use msg */
} tl_error;

#if defined(__GNUC__)
#define TL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TL_PRINTF(a, b)
#endif

/* What kind of trouble a load error is, by the name a rule pack gives it its
 * own remediation under (remediation_by_cause): "read", "limit", "encoding",
 * "syntax", "duplicate-key", "documents", "memory". TL_LOAD_CAUSES names them in that
 * order, NULL-terminated; tl_load_cause() gives the index of a status, or -1
 * for one that is not a load error. */
enum { TL_NLOAD_CAUSES = 7 };
extern const char *const TL_LOAD_CAUSES[TL_NLOAD_CAUSES + 1];
int tl_load_cause(int code);

/* Sets code, position and the English message; clears the Japanese one. */
void tl_error_set(tl_error *e, int code, tl_pos pos, const char *fmt, ...) TL_PRINTF(4, 5);
/* Sets the Japanese message of an error already set. */
void tl_error_set_ja(tl_error *e, const char *fmt, ...) TL_PRINTF(2, 3);
/* Sets code, position and both messages from two formats that take the same
 * arguments `ap` (the bilingual diagnostics of rule packs and waiver files). */
void tl_error_setv_both(tl_error *e, int code, tl_pos pos, const char *en, const char *ja,
                        va_list ap);
/* The message in the language asked for ("ja" or anything else for English). */
const char *tl_error_message(const tl_error *e, const char *lang);
void tl_error_clear(tl_error *e);

#endif
