/* cmd_diff.c - tlcheck diff: last year's and this year's declaration of one plan, compared. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tlcheck/waivers.h"

static void usage_diff(FILE *fp)
{
	fputs(T("Usage: tlcheck diff [OPTIONS] OLD NEW\n"
	        "Check two declarations of the same plan (e.g. last year's and this year's) and\n"
	        "show which findings are new, resolved or unchanged (or not re-checked, when NEW\n"
	        "could not be checked in full). Findings are matched by rule and path, with list\n"
	        "items named by their id (else name), so reordering partners or acts changes\n"
	        "nothing.\n"
	        "\n"
	        "Options:\n"
	        "  --format FORMAT     text (default), json or html (a self-contained page)\n"
	        "  --output FILE       write to FILE (atomically) instead of standard output\n"
	        "  --rules DIR         use the rule pack in DIR instead of the built-in one\n"
	        "  --param NAME=VALUE  override a rule-pack parameter (repeatable)\n"
	        "  --lang ja|en        message language (default: LC_ALL, LC_MESSAGES, LANG; else en)\n"
	        "  --fail-on LEVEL     error (default), warning, info or never: the lowest severity\n"
	        "                      of a new finding that makes the exit status 1\n"
	        "  -h, --help          show this help\n"
	        "\n"
	        "Exit status: 0 no new finding at or above --fail-on, 1 such a new finding,\n"
	        "2 trouble (bad usage, or a declaration that could not be read or parsed).\n",
	        "使い方: tlcheck diff [オプション] OLD NEW\n"
	        "同じ計画の二つの申告書 (例: 昨年と今年) を検査し、指摘を新規・解消・継続\n"
	        "(NEW を最後まで検査できなかったときは未再検査) に分けて示します。指摘は\n"
	        "ルールとパスで対応づけ、リストの項目は id (なければ name) で識別するため、\n"
	        "取引先や行為の並べ替えでは変化しません。\n"
	        "\n"
	        "オプション:\n"
	        "  --format FORMAT     text (既定)、json、html (単独で表示できるページ)\n"
	        "  --output FILE       標準出力ではなく FILE に書く (途中で止まっても壊れない)\n"
	        "  --rules DIR         組み込みではなく DIR のルールパックを使う\n"
	        "  --param NAME=VALUE  ルールパックのパラメータを変更 (複数指定可)\n"
	        "  --lang ja|en        メッセージの言語 (既定: LC_ALL、LC_MESSAGES、LANG、なければ en)\n"
	        "  --fail-on LEVEL     error (既定)、warning、info、never: 終了ステータス 1 となる\n"
	        "                      新規の指摘の最低の重大度\n"
	        "  -h, --help          このヘルプ\n"
	        "\n"
	        "終了ステータス: 0 --fail-on 以上の新規の指摘なし、1 あり、2 エラー (使い方の誤り、\n"
	        "読み込めない申告書)。\n"),
	      fp);
}

int cmd_diff(int argc, char **argv)
{
	const char *format = "text", *output = NULL, *rules = NULL, *fail_on = "error", *v = NULL;
	const char **params = calloc((size_t)argc + 1, sizeof(char *));
	const char *files[2] = {NULL, NULL};
	int nparams = 0, nfiles = 0, r, status = EXIT_TROUBLE;
	bool end_of_options = false, fail_never = false;
	tlcheck_severity fail_level = TLCHECK_ERROR;
	tlcheck_pack *pack = NULL;
	tlcheck_result *res[2] = {NULL, NULL};
	tlcheck_diff *d = NULL;
	cli_output out = {0};

	if (!params)
		goto done;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (end_of_options || a[0] != '-' || strcmp(a, "-") == 0) {
			if (nfiles == 2) {
				cli_error("diff compares two declarations: OLD and NEW (try tlcheck diff --help)",
				          "diff は二つの申告書 OLD と NEW を比較します (tlcheck diff --help を参照)");
				goto done;
			}
			files[nfiles++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			end_of_options = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_diff(stdout);
			status = EXIT_CLEAN;
			goto done;
		} else if ((r = cli_opt(argc, argv, &i, "--format", &format)) ||
		           (r = cli_opt(argc, argv, &i, "--output", &output)) ||
		           (r = cli_opt(argc, argv, &i, "--rules", &rules)) ||
		           (r = cli_opt(argc, argv, &i, "--fail-on", &fail_on)) ||
		           (r = cli_opt(argc, argv, &i, "--lang", &v))) {
			if (r < 0)
				goto done;
		} else if ((r = cli_opt(argc, argv, &i, "--param", &v))) {
			if (r < 0)
				goto done;
			params[nparams++] = v;
		} else {
			cli_error("unknown option `%s` (try tlcheck diff --help)",
			          "不明なオプション `%s` です (tlcheck diff --help を参照)", a);
			goto done;
		}
	}
	int fmt = tlcheck_format_parse(format);
	if (fmt != TLCHECK_FORMAT_TEXT && fmt != TLCHECK_FORMAT_JSON && fmt != TLCHECK_FORMAT_HTML) {
		cli_error("unknown diff format `%s`: use text, json or html",
		          "diff の形式 `%s` は使えません: text、json、html のいずれかです", format);
		goto done;
	}
	if (strcmp(fail_on, "never") == 0) {
		fail_never = true;
	} else {
		int s = tlcheck_severity_parse(fail_on);
		if (s < 0) {
			cli_error("--fail-on takes error, warning, info or never, not `%s`",
			          "--fail-on は error、warning、info、never のいずれかです: `%s`", fail_on);
			goto done;
		}
		fail_level = (tlcheck_severity)s;
	}
	if (nfiles != 2) {
		cli_error("diff compares two declarations: OLD and NEW (try tlcheck diff --help)",
		          "diff は二つの申告書 OLD と NEW を比較します (tlcheck diff --help を参照)");
		goto done;
	}
	pack = cli_load_pack(rules, params, nparams);
	if (!pack)
		goto done;
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	co.lang = cli_lang();
	for (int k = 0; k < 2; k++)
		if (tlcheck_check_file(&res[k], pack, files[k], &co) != 0) {
			cli_error("out of memory", "メモリが不足しています");
			goto done;
		}
	const char *p0 = tlcheck_result_plan(res[0]), *p1 = tlcheck_result_plan(res[1]);
	if (p0[0] && p1[0] && strcmp(p0, p1) != 0)
		cli_error("warning: %s declares plan %s and %s plan %s: the diff compares two different plans",
		          "警告: %s は計画 %s、%s は計画 %s の申告書です: 別の計画を比較しています", files[0], p0,
		          files[1], p1);
	if (tlcheck_diff_results(&d, res[0], res[1]) != 0) {
		cli_error("out of memory", "メモリが不足しています");
		goto done;
	}
	if (cli_output_is_input(output, (const char *const *)files, 2) ||
	    cli_output_open(&out, output) != 0)
		goto done;
	if (tlcheck_diff_write(out.fp, d, (tlcheck_format)fmt, pack, cli_lang()) != 0) {
		cli_error("cannot write the diff", "差分を書き込めません");
		cli_output_abort(&out);
		goto done;
	}
	if (cli_output_commit(&out) != 0)
		goto done;
	status = EXIT_CLEAN;
	for (size_t i = 0; i < tlcheck_diff_count(d); i++) {
		const tlcheck_diff_entry *e = tlcheck_diff_get(d, i);
		if (e->change == TLCHECK_CHANGE_NEW && !fail_never && e->finding->severity >= fail_level)
			status = EXIT_FINDINGS;
	}
	if (tlcheck_result_load_failed(res[0]) || tlcheck_result_load_failed(res[1]))
		status = EXIT_TROUBLE;
done:
	tlcheck_diff_free(d);
	tlcheck_result_free(res[0]);
	tlcheck_result_free(res[1]);
	tlcheck_pack_free(pack);
	free(params);
	return status;
}
