/* main.c - tlcheck: dispatch to subcommands, --help, --version, language. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli.h"
#include "../util/buf.h"
#include "../util/errtext.h"
#include "../util/term.h"

bool cli_ja;

const char *T(const char *en, const char *ja)
{
	return cli_ja ? ja : en;
}

const char *cli_lang(void)
{
	return cli_ja ? "ja" : "en";
}

const char *cli_strerror(int e)
{
	return tl_strerror(e, cli_ja);
}

void cli_error(const char *fmt_en, const char *fmt_ja, ...)
{
	va_list ap;
	char small[512], *msg = small;
	va_start(ap, fmt_ja);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof(small), cli_ja ? fmt_ja : fmt_en, ap);
	if (n >= (int)sizeof(small) && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, cli_ja ? fmt_ja : fmt_en, again);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	va_end(again);
	va_end(ap);
	if (!msg)
		msg = small; /* cut short rather than lost */
	/* The values in a message (file names, plan ids, option values) are shown
	 * as the text report shows them: they cannot act on the terminal. */
	tl_buf b = TL_BUF_INIT;
	tl_term_escape_str(&b, n < 0 ? "?" : msg);
	fprintf(stderr, "tlcheck: %s\n", b.data && !b.oom ? b.data : msg);
	tl_buf_free(&b);
	if (msg != small)
		free(msg);
}

/* Standard input, output and error that were closed when tlcheck started are
 * opened on /dev/null the wrong way round (output for reading), so that no file
 * tlcheck opens takes their numbers (a report spooled to a file that became
 * descriptor 1 would be "written" and lost) and writing to them fails as it
 * should, with "cannot write". */
static void reserve_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (got >= 0 && got != fd)
			close(got); /* a lower one was free after all */
	}
}

int cli_stdout_written(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write to standard output: %s", "標準出力に書き込めません: %s",
		          cli_strerror(errno ? errno : EIO));
		return EXIT_TROUBLE;
	}
	return status;
}

void cli_set_lang(const char *lang_opt)
{
	const char *v = lang_opt;
	if (!v) {
		static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
		for (int i = 0; i < 3 && !v; i++) {
			const char *e = getenv(vars[i]);
			if (e && *e)
				v = e;
		}
	}
	cli_ja = v && strncmp(v, "ja", 2) == 0;
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_error("option %s needs a value", "オプション %s には値が必要です", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int cli_opt_once(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *before = *val;
	int r = cli_opt(argc, argv, i, name, val);
	if (r == 1 && before) {
		cli_error("%s is given twice (%s and %s): give it once", "%s が二回指定されています (%s と %s)。一回にしてください",
		          name, before, *val);
		return -1;
	}
	return r;
}

tlcheck_pack *cli_load_pack(const char *rules_dir, const char **params, int nparams)
{
	tlcheck_pack *pack = NULL;
	tlcheck_diags *diags = NULL;
	int rc = rules_dir ? tlcheck_pack_load_dir(&pack, rules_dir, &diags)
	                   : tlcheck_pack_load_default(&pack, &diags);
	for (size_t i = 0; i < tlcheck_diags_count(diags); i++) {
		const tlcheck_diag *d = tlcheck_diags_get(diags, i);
		fprintf(stderr, "%s\n", cli_ja ? d->rendered_ja : d->rendered);
	}
	tlcheck_diags_free(diags);
	if (rc != 0) {
		cli_error("the rule pack %s is invalid", "ルールパック %s が不正です",
		          rules_dir ? rules_dir : T("(built in)", "(組み込み)"));
		return NULL;
	}
	for (int i = 0; i < nparams; i++) {
		const char *eq = strchr(params[i], '=');
		char *msg = NULL;
		if (!eq) {
			cli_error("--param takes NAME=VALUE, not `%s`", "--param は NAME=VALUE の形式です: `%s`",
			          params[i]);
			tlcheck_pack_free(pack);
			return NULL;
		}
		char *name = strndup(params[i], (size_t)(eq - params[i]));
		if (!name || tlcheck_pack_set_param(pack, name, eq + 1, cli_lang(), &msg) != 0) {
			if (msg)
				fprintf(stderr, "tlcheck: %s\n", msg);
			free(msg);
			free(name);
			tlcheck_pack_free(pack);
			return NULL;
		}
		free(name);
	}
	return pack;
}

void usage_main(FILE *fp)
{
	fputs(T("Usage: tlcheck COMMAND [OPTIONS] [ARGS]\n"
	        "Check declarations against Japan's technology-leakage prevention measures\n"
	        "(技術流出防止措置) of the Economic Security Promotion Act.\n"
	        "\n"
	        "Commands:\n"
	        "  check [OPTIONS] PATH...   check declaration files (directories: *.yaml, *.yml)\n"
	        "  rules [--material M]      list the rules of the pack in use\n"
	        "  rules --materials         list the material codes\n"
	        "  explain RULE-ID           the rule, its clause, parameters and how to fix a finding\n"
	        "  init --material M         print a commented template declaration\n"
	        "  eval [--input FILE] EXPR  evaluate a rule-language expression\n"
	        "  test-rules [DIR]          run a rule pack's fixtures (pass/fail cases)\n"
	        "  diff [OPTIONS] OLD NEW    compare two declarations of one plan: findings new,\n"
	        "                            resolved and unchanged\n"
	        "\n"
	        "Options:\n"
	        "  -h, --help                show this help (tlcheck COMMAND --help for a command)\n"
	        "  -V, --version             show the version\n"
	        "\n"
	        "Exit status: 0 clean, 1 findings at or above --fail-on, 2 trouble.\n"
	        "See tlcheck(1), tlcheck-declaration(5), tlcheck-rules(5).\n",
	        "使い方: tlcheck コマンド [オプション] [引数]\n"
	        "経済安全保障推進法の技術流出防止措置について申告書を検査します。\n"
	        "\n"
	        "コマンド:\n"
	        "  check [OPTIONS] PATH...   申告書を検査 (ディレクトリは *.yaml, *.yml を再帰的に)\n"
	        "  rules [--material M]      使用するルールパックのルール一覧\n"
	        "  rules --materials         物資コードの一覧\n"
	        "  explain RULE-ID           ルールの内容・条項・パラメータ・対応方法\n"
	        "  init --material M         コメント付きの申告書の雛形を出力\n"
	        "  eval [--input FILE] EXPR  ルール言語の式を評価\n"
	        "  test-rules [DIR]          ルールパックのフィクスチャを実行\n"
	        "  diff [OPTIONS] OLD NEW    同じ計画の二つの申告書を比較 (指摘の新規・解消・継続)\n"
	        "\n"
	        "オプション:\n"
	        "  -h, --help                このヘルプ (各コマンドは tlcheck COMMAND --help)\n"
	        "  -V, --version             バージョンを表示\n"
	        "\n"
	        "終了ステータス: 0 問題なし、1 --fail-on 以上の指摘あり、2 エラー。\n"
	        "tlcheck(1)、tlcheck-declaration(5)、tlcheck-rules(5) を参照。\n"),
	      fp);
}

int main(int argc, char **argv)
{
#if defined(__GLIBC__)
	/* glibc gives every thread its own heap arena, each reserving 64 MiB of
	 * address space: with many --jobs under a memory limit that alone can
	 * fail. Our allocations are few and large (arenas), so a few heaps
	 * shared by the workers cost no speed. */
	mallopt(M_ARENA_MAX, 2);
	/* Each file's tree and values are freed before the next file is read:
	 * glibc would hand that memory back to the kernel (trimming the heap, or
	 * unmapping blocks above its mmap threshold) only to fault it in again,
	 * some 6 page faults a file. Keeping up to 16 MiB costs no peak memory:
	 * the next file reuses it. */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
	reserve_std_fds();
	/* The language first: --lang anywhere on the line wins over the locale. */
	const char *lang = NULL;
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			lang = argv[i + 1];
	}
	if (lang && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0) {
		cli_set_lang(NULL); /* the message in the locale's language */
		cli_error("--lang takes ja or en, not `%s`", "--lang は ja か en です: `%s`", lang);
		return EXIT_TROUBLE;
	}
	cli_set_lang(lang);

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_TROUBLE;
	}
	const char *cmd = argv[1];
	/* `tlcheck help check` is `tlcheck check --help`. */
	static char help_opt[] = "--help";
	if (strcmp(cmd, "help") == 0 && argc == 3) {
		argv[1] = argv[2];
		argv[2] = help_opt;
		cmd = argv[1];
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage_main(stdout);
		return cli_stdout_written(EXIT_CLEAN);
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("tlcheck %s\n", tlcheck_version());
		return cli_stdout_written(EXIT_CLEAN);
	}
	/* check and diff write through cli_output, which says when it cannot;
	 * their --help is checked here. */
	if (strcmp(cmd, "check") == 0) {
		int st = cmd_check(argc - 1, argv + 1);
		return st == EXIT_TROUBLE ? st : cli_stdout_written(st);
	}
	if (strcmp(cmd, "diff") == 0) {
		int st = cmd_diff(argc - 1, argv + 1);
		return st == EXIT_TROUBLE ? st : cli_stdout_written(st);
	}
	int status;
	if (strcmp(cmd, "rules") == 0)
		status = cmd_rules(argc - 1, argv + 1);
	else if (strcmp(cmd, "explain") == 0)
		status = cmd_explain(argc - 1, argv + 1);
	else if (strcmp(cmd, "init") == 0)
		status = cmd_init(argc - 1, argv + 1);
	else if (strcmp(cmd, "eval") == 0)
		status = cmd_eval(argc - 1, argv + 1);
	else if (strcmp(cmd, "test-rules") == 0)
		status = cmd_test_rules(argc - 1, argv + 1);
	else {
		cli_error("unknown command `%s` (try tlcheck --help)",
		          "不明なコマンド `%s` です (tlcheck --help を参照)", cmd);
		return EXIT_TROUBLE;
	}
	/* What was printed must have reached its file: `tlcheck init ... >
	 * plan.yaml` on a full disk is not a template. */
	return cli_stdout_written(status);
}
