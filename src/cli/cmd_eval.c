/* cmd_eval.c - tlcheck eval: try a rule-language expression, as `opa eval` does. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage_eval(FILE *fp)
{
	fputs(T("Usage: tlcheck eval [--input FILE] [--lang ja|en] EXPR\n"
	        "Evaluate an expression of the rule language and print its value as JSON.\n"
	        "With --input, each top-level key of the YAML or JSON mapping in FILE is a variable.\n"
	        "Exit status: 0 a value, 1 an evaluation error, 2 a syntax or usage error.\n"
	        "-h, --help: show this help.\n",
	        "使い方: tlcheck eval [--input FILE] [--lang ja|en] EXPR\n"
	        "ルール言語の式を評価し、値を JSON で出力します。--input を指定すると FILE の\n"
	        "YAML/JSON マッピングの各キーが変数になります。\n"
	        "終了ステータス: 0 値を出力、1 評価エラー、2 構文・使い方の誤り。\n"
	        "-h, --help: この説明を表示します。\n"),
	      fp);
}

int cmd_eval(int argc, char **argv)
{
	const char *input = NULL, *expr = NULL, *v;
	int r;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_eval(stdout);
			return EXIT_CLEAN;
		}
		if ((r = cli_opt(argc, argv, &i, "--input", &input)) ||
		    (r = cli_opt(argc, argv, &i, "--lang", &v))) {
			if (r < 0)
				return EXIT_TROUBLE;
		} else if (strcmp(a, "--") == 0 && i + 1 < argc && !expr) {
			expr = argv[++i];
		} else if (a[0] == '-' && a[1] == '-') {
			cli_error("unknown option `%s`", "不明なオプション `%s` です", a);
			return EXIT_TROUBLE;
		} else if (!expr) {
			expr = a;
		} else {
			cli_error("eval takes one expression (quote it)", "eval に渡す式は一つです (引用符で囲んでください)");
			return EXIT_TROUBLE;
		}
	}
	if (!expr) {
		cli_error("eval needs an expression (try tlcheck eval --help)",
		          "eval には式が必要です (tlcheck eval --help を参照)");
		return EXIT_TROUBLE;
	}
	char *data = NULL;
	size_t len = 0;
	if (input) {
		data = cli_read_file(input, &len);
		if (!data) {
			cli_error("cannot read %s", "%s を読み込めません", input);
			return EXIT_TROUBLE;
		}
	}
	char *json = NULL, *err = NULL;
	int rc = tlcheck_eval(&json, &err, expr, data, len, input ? input : "<input>", cli_lang());
	free(data);
	if (rc == 0) {
		printf("%s\n", json);
		free(json);
		return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	if (err)
		fprintf(stderr, "%s\n", err);
	free(err);
	free(json);
	return rc == TLCHECK_EEVAL ? EXIT_FINDINGS : EXIT_TROUBLE;
}
