/* test_expr.c - the rule language, driven by the case files tests/data/expr/ (every .txt file). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "expr/expr.h"
#include "yaml/doc.h"

/*
 * Case files: one case per line, `EXPR ==> EXPECTED` (the last " ==> " splits).
 * EXPECTED is one of
 *   JSON                       the value, as tl_value_to_json writes it
 *   ERROR [L:C] text           an error value whose message contains `text`
 *   SYNTAX [L:C] text          compiling fails with TL_ESYNTAX
 *   LIMIT [L:C] text           compiling fails with TL_ELIMIT
 * Lines starting with '#' and blank lines are ignored. A line
 *   %input YAML                makes each key of the YAML mapping a variable for
 *                              the cases that follow (`%input` alone: none)
 */

typedef struct suite {
	int cases, failures;
	tl_doc *input;
	tl_eval *ev;
} suite;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void case_fail(suite *s, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	s->failures++;
}

/* Parses an optional "L:C " prefix; returns the rest. */
static const char *parse_pos(const char *p, tl_pos *pos, int *has)
{
	unsigned l, c;
	int n = 0;
	*has = 0;
	if (sscanf(p, "%u:%u%n", &l, &c, &n) == 2 && n > 0 && (p[n] == ' ' || p[n] == '\0')) {
		pos->line = l;
		pos->col = c;
		*has = 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return p;
}

static void run_case(suite *s, const char *file, int line, const char *src, const char *want)
{
	const char *names[64];
	tl_value vals[64];
	size_t n = 0;
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	tl_expr *e = NULL;
	tl_error err;
	tl_value v;
	tl_buf out = TL_BUF_INIT;
	int rc;

	s->cases++;
	if (s->input) {
		const tl_node *root = tl_doc_root(s->input);
		for (size_t i = 0; i < root->u.map.count && n < 64; i++) {
			names[n] = root->u.map.pairs[i].key->u.scalar.text;
			vals[n] = tl_value_from_node(root->u.map.pairs[i].value);
			n++;
		}
	}
	opts.file = "case.cel";
	opts.vars = names;
	opts.nvars = n;
	tl_error_clear(&err);
	rc = tl_expr_compile(&e, &err, src, strlen(src), &opts);

	int want_syntax = strncmp(want, "SYNTAX", 6) == 0, want_limit = strncmp(want, "LIMIT", 5) == 0;
	if (want_syntax || want_limit) {
		tl_pos pos = {0, 0};
		int has;
		const char *text = parse_pos(want + (want_syntax ? 6 : 5) + 1, &pos, &has);
		if (rc == 0) {
			case_fail(s, file, line, "`%s`: compiled, expected a compile error", src);
		} else if (rc != (want_syntax ? TL_ESYNTAX : TL_ELIMIT)) {
			case_fail(s, file, line, "`%s`: compile status %d (%s)", src, rc, err.msg);
		} else if (has && (err.pos.line != pos.line || err.pos.col != pos.col)) {
			case_fail(s, file, line, "`%s`: error at %u:%u, expected %u:%u (%s)", src,
			     (unsigned)err.pos.line, (unsigned)err.pos.col, (unsigned)pos.line,
			     (unsigned)pos.col, err.msg);
		} else if (!strstr(err.msg, text)) {
			case_fail(s, file, line, "`%s`: message \"%s\" lacks \"%s\"", src, err.msg, text);
		} else if (!err.msg_ja[0]) {
			case_fail(s, file, line, "`%s`: no Japanese message", src);
		}
		goto out;
	}
	if (rc != 0) {
		case_fail(s, file, line, "`%s`: compile error %u:%u %s", src, (unsigned)err.pos.line,
		     (unsigned)err.pos.col, err.msg);
		goto out;
	}
	if (tl_expr_eval(&v, e, s->ev, vals) != 0) {
		case_fail(s, file, line, "`%s`: out of memory", src);
		goto out;
	}
	if (strncmp(want, "ERROR", 5) == 0) {
		tl_pos pos = {0, 0};
		int has;
		const char *text = parse_pos(want + 5 + (want[5] == ' '), &pos, &has);
		if (v.kind != TL_V_ERROR) {
			tl_value_to_json(&out, &v, s->ev);
			case_fail(s, file, line, "`%s`: got %s, expected an error", src, out.data);
		} else if (has && (v.u.err->pos.line != pos.line || v.u.err->pos.col != pos.col)) {
			case_fail(s, file, line, "`%s`: error at %u:%u, expected %u:%u (%s)", src,
			     (unsigned)v.u.err->pos.line, (unsigned)v.u.err->pos.col, (unsigned)pos.line,
			     (unsigned)pos.col, v.u.err->msg);
		} else if (!strstr(v.u.err->msg, text)) {
			case_fail(s, file, line, "`%s`: message \"%s\" lacks \"%s\"", src, v.u.err->msg, text);
		} else if (!v.u.err->msg_ja || !v.u.err->msg_ja[0] || !v.u.err->file ||
		           strcmp(v.u.err->file, "case.cel") != 0) {
			case_fail(s, file, line, "`%s`: error lacks its file or Japanese message", src);
		}
		goto out;
	}
	tl_value_to_json(&out, &v, s->ev);
	if (v.kind == TL_V_ERROR)
		case_fail(s, file, line, "`%s`: error at %u:%u: %s", src, (unsigned)v.u.err->pos.line,
		     (unsigned)v.u.err->pos.col, v.u.err->msg);
	else if (strcmp(out.data ? out.data : "", want) != 0)
		case_fail(s, file, line, "`%s`: got %s, expected %s", src, out.data, want);
out:
	tl_buf_free(&out);
	tl_expr_free(e);
	tl_eval_reset(s->ev);
}

static void run_file(suite *s, const char *dir, const char *name)
{
	char path[1024], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (strncmp(line, "%input", 6) == 0) {
			tl_error err;
			tl_doc_free(s->input);
			s->input = NULL;
			if (line[6] == ' ') {
				int rc = tl_doc_load(&s->input, &err, line + 7, strlen(line + 7), NULL);
				if (rc != 0 || tl_doc_root(s->input)->kind != TL_NODE_MAPPING)
					case_fail(s, name, lineno, "bad %%input: %s", rc ? err.msg : "not a mapping");
			}
			continue;
		}
		char *sep = NULL;
		for (char *p = strstr(line, " ==> "); p; p = strstr(p + 1, " ==> "))
			sep = p;
		if (!sep) {
			case_fail(s, name, lineno, "no ' ==> ' in the line");
			continue;
		}
		*sep = '\0';
		run_case(s, name, lineno, line, sep + 5);
	}
	free(line);
	fclose(f);
	tl_doc_free(s->input);
	s->input = NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_case_files(void **state)
{
	const char *dir = TLCHECK_SOURCE_DIR "/tests/data/expr";
	char *names[256];
	size_t n = 0;
	suite s = {0};
	DIR *d = opendir(dir);
	struct dirent *de;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	s.ev = tl_eval_new();
	assert_non_null(s.ev);
	for (size_t i = 0; i < n; i++) {
		int before = s.cases, fails = s.failures;
		run_file(&s, dir, names[i]);
		printf("%-32s %4d cases, %d failed\n", names[i], s.cases - before, s.failures - fails);
		free(names[i]);
	}
	printf("total: %d cases, %d failed\n", s.cases, s.failures);
	tl_eval_free(s.ev);
	assert_true(s.cases > 0);
	assert_int_equal(s.failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
