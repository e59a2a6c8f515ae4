/* value_case_reader.h - reads the whitespace-separated case tables in tests/data for the value tests. */
#ifndef TL_VALUE_CASE_READER_H
#define TL_VALUE_CASE_READER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* One line: `op arg... = expected [extra...]`. A token may be written "quoted" to
 * hold spaces or be empty; inside quotes \" \\ \t and \0 are escapes. Blank lines
 * and lines starting with # are skipped. */
#define CASE_MAX_TOKENS 8
#define CASE_TOKEN_CAP 256

typedef struct case_token {
	char text[CASE_TOKEN_CAP];
	size_t len;
} case_token;

typedef struct case_line {
	int lineno;
	case_token tok[CASE_MAX_TOKENS];
	int ntok;     /* all tokens, the '=' excluded */
	int nargs;    /* tokens before '=' (the op included) */
} case_line;

typedef struct case_file {
	FILE *f;
	int lineno;
	char path[1024];
} case_file;

static inline bool case_open(case_file *cf, const char *name)
{
	cf->lineno = 0;
	snprintf(cf->path, sizeof cf->path, "%s/tests/data/%s", TLCHECK_SOURCE_DIR, name);
	cf->f = fopen(cf->path, "r");
	return cf->f != NULL;
}

static inline void case_close(case_file *cf)
{
	if (cf->f != NULL)
		fclose(cf->f);
	cf->f = NULL;
}

static inline bool case_tokenize(case_line *cl, const char *p)
{
	cl->ntok = 0;
	cl->nargs = -1;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (p[0] == '=' && (p[1] == ' ' || p[1] == '\t' || p[1] == '\0' || p[1] == '\n')) {
			cl->nargs = cl->ntok;
			p++;
			continue;
		}
		if (cl->ntok == CASE_MAX_TOKENS)
			return false;
		case_token *t = &cl->tok[cl->ntok++];
		t->len = 0;
		if (*p == '"') {
			p++;
			while (*p != '"') {
				char c = *p;
				if (c == '\0' || t->len + 1 >= CASE_TOKEN_CAP)
					return false;
				if (c == '\\') {
					p++;
					c = *p == 't' ? '\t' : *p == '0' ? '\0' : *p;
					if (c == '\0' && *p != '0')
						return false;
				}
				t->text[t->len++] = c;
				p++;
			}
			p++;
		} else {
			while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
				if (t->len + 1 >= CASE_TOKEN_CAP)
					return false;
				t->text[t->len++] = *p++;
			}
		}
		t->text[t->len] = '\0';
	}
	return true;
}

/* Next case line; false at end of file. A malformed line comes back with
 * ntok == -1 so that the caller reports it with its line number. */
static inline bool case_next(case_file *cf, case_line *cl)
{
	char line[2048];
	while (fgets(line, sizeof line, cf->f) != NULL) {
		cf->lineno++;
		cl->lineno = cf->lineno;
		if (!case_tokenize(cl, line) || (cl->ntok > 0 && cl->nargs < 1)) {
			cl->ntok = -1;
			return true;
		}
		if (cl->ntok > 0)
			return true;
	}
	return false;
}

static inline bool tok_is(const case_token *t, const char *s)
{
	return t->len == strlen(s) && memcmp(t->text, s, t->len) == 0;
}

/* Failures of the current table: every failing line is reported, then the
 * test fails once at the end. */
static int case_failures;
static const char *case_table_name = "";

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void failf(const case_line *cl, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", case_table_name, cl->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	case_failures++;
}

/* Runs every line of the table `name` through `run` and fails the test if
 * any line failed or the table holds fewer than `min_cases` lines. */
static inline void case_run_table(const char *name, void (*run)(const case_line *cl), int min_cases)
{
	case_file cf;
	case_line cl;
	int count = 0;
	if (!case_open(&cf, name))
		fail_msg("cannot open %s", cf.path);
	case_table_name = name;
	case_failures = 0;
	while (case_next(&cf, &cl)) {
		if (cl.ntok < 0)
			failf(&cl, "malformed line");
		else
			run(&cl);
		count++;
	}
	case_close(&cf);
	assert_true(count >= min_cases);
	assert_int_equal(case_failures, 0);
}

#endif
