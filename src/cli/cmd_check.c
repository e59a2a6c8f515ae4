/* cmd_check.c - tlcheck check: files in, one report out, an exit status. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "tlcheck/batch.h"
#include "tlcheck/waivers.h"

static void usage_check(FILE *fp)
{
	fputs(T("Usage: tlcheck check [OPTIONS] PATH...\n"
	        "Check declaration files; a directory is searched recursively for *.yaml and *.yml.\n"
	        "\n"
	        "Options:\n"
	        "  --format FORMAT     text (default), json, sarif, junit, csv or html\n"
	        "  --output FILE       write the report to FILE (atomically) instead of standard output\n"
	        "  --rules DIR         use the rule pack in DIR instead of the built-in one\n"
	        "  --param NAME=VALUE  override a rule-pack parameter (repeatable)\n"
	        "  --lang ja|en        message language (default: LC_ALL, LC_MESSAGES, LANG; else en)\n"
	        "  --fail-on LEVEL     error (default), warning, info or never: the lowest severity\n"
	        "                      that makes the exit status 1\n"
	        "  --jobs N            threads checking files (default: the processors it may use)\n"
	        "  --rule ID           report only this rule's findings (repeatable; TL-C-*\n"
	        "                      patterns); every rule is still evaluated\n"
	        "  --clause C          report only the findings of this clause's rules\n"
	        "                      (repeatable; e.g. ウ); with --rule, the rules in both\n"
	        "  --color WHEN        auto (default), always or never (NO_COLOR disables colour)\n"
	        "  --no-summary        no closing summary lines in text output\n"
	        "  -q, --quiet         no progress line on standard error\n"
	        "  --max-bytes N       refuse input files larger than N bytes (default 8 MiB)\n"
	        "  --waivers FILE      waive the findings FILE lists (tlcheck-waivers(5)); expired\n"
	        "                      and unused waivers are reported on standard error\n"
	        "  --today DATE        the date waivers are judged against, YYYY-MM-DD (default:\n"
	        "                      today); a waiver is valid through its expiry date\n"
	        "  --baseline FILE     compare with an earlier --format json report: findings new,\n"
	        "                      unchanged or resolved\n"
	        "  -h, --help          show this help\n",
	        "使い方: tlcheck check [オプション] PATH...\n"
	        "申告書を検査します。ディレクトリは *.yaml と *.yml を再帰的に探します。\n"
	        "\n"
	        "オプション:\n"
	        "  --format FORMAT     text (既定)、json、sarif、junit、csv、html\n"
	        "  --output FILE       結果を標準出力ではなく FILE に書く (途中で止まっても壊れない)\n"
	        "  --rules DIR         組み込みではなく DIR のルールパックを使う\n"
	        "  --param NAME=VALUE  ルールパックのパラメータを変更 (複数指定可)\n"
	        "  --lang ja|en        メッセージの言語 (既定: LC_ALL、LC_MESSAGES、LANG、なければ en)\n"
	        "  --fail-on LEVEL     error (既定)、warning、info、never: 終了ステータス 1 となる最低の重大度\n"
	        "  --jobs N            並列に検査するスレッド数 (既定: 使用できるプロセッサ数)\n"
	        "  --rule ID           このルールの指摘だけを報告 (複数指定可、TL-C-* の形も可。\n"
	        "                      ルールはすべて評価されます)\n"
	        "  --clause C          この条項のルールの指摘だけを報告 (複数指定可、例: ウ)。\n"
	        "                      --rule と併用すると両方に該当するルール\n"
	        "  --color WHEN        auto (既定)、always、never (NO_COLOR があれば色なし)\n"
	        "  --no-summary        テキスト出力の最後の集計行を出さない\n"
	        "  -q, --quiet         標準エラーに進捗を表示しない\n"
	        "  --max-bytes N       N バイトを超える入力ファイルを拒否 (既定 8 MiB)\n"
	        "  --waivers FILE      FILE に記載された指摘を免除 (tlcheck-waivers(5))。期限切れや\n"
	        "                      該当のない免除は標準エラーに警告\n"
	        "  --today DATE        免除の期限を判定する日付 YYYY-MM-DD (既定: 今日)。\n"
	        "                      免除は期限日まで (当日を含む) 有効\n"
	        "  --baseline FILE     以前の --format json の結果と比較し、指摘を新規・継続・解消に分類\n"
	        "  -h, --help          このヘルプ\n"),
	      fp);
}

typedef struct check_run {
	tlcheck_report *rep;
	bool progress;              /* a progress line on standard error (a terminal) */
	bool progress_drawn;        /* ... and it is on the screen now */
	bool report_on_screen;      /* the report goes to a terminal too: the line is
	                               erased before each result's text */
	size_t total, done;
	struct timespec start, last;
	tlcheck_severity fail_on;
	bool fail_never;
	bool any_fail;
	bool any_load_failed;
	tlcheck_waivers *waivers;   /* --waivers, applied to each result before it counts */
	cli_output *out;            /* where the report goes */
	/* The file --output would replace, when there is one: a declaration
	 * found to be it as it is read stops the run (`self`: its index). */
	bool have_target;
	cli_file_id target;
	size_t self;
	int rc;
} check_run;

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "[ 120/1000] 240 files/s, 4 s left" on standard error, redrawn at most ten
 * times a second; cleared at the end so that it never mixes into a report. */
static void show_progress(check_run *cr, bool final)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (final) {
		if (cr->progress_drawn)
			fputs("\r\033[K", stderr);
		cr->progress_drawn = false;
		return;
	}
	/* A report on the same screen that stopped inside a line (JSON's `}`
	 * waits for its `,`) would share the row, and lose it to the erasing:
	 * the line waits for a row of its own. */
	if (cr->report_on_screen && tlcheck_report_mid_line(cr->rep))
		return;
	if (cr->done != cr->total && seconds_between(&cr->last, &now) < 0.1)
		return;
	cr->last = now;
	double el = seconds_between(&cr->start, &now);
	double rate = el > 0 ? (double)cr->done / el : 0;
	double left = rate > 0 ? (double)(cr->total - cr->done) / rate : 0;
	if (cli_ja)
		fprintf(stderr, "\r\033[K[%zu/%zu] %.0f ファイル/秒、残り %.0f 秒", cr->done, cr->total,
		        rate, left);
	else
		fprintf(stderr, "\r\033[K[%zu/%zu] %.0f files/s, %.0f s left", cr->done, cr->total, rate,
		        left);
	fflush(stderr);
	cr->progress_drawn = true;
}

/* Whether the declaration of `res` is the file --output would replace. The
 * file the check read is known by device and inode; one that could not be
 * opened is looked up by its path (it may exist all the same, unreadable). */
static bool is_target(const check_run *cr, const tlcheck_result *res)
{
	unsigned long long dev, ino;
	if (tlcheck_result_file_id(res, &dev, &ino))
		return dev == cr->target.dev && ino == cr->target.ino;
	return cli_output_same_file(&cr->target, tlcheck_result_file(res));
}

static int on_result(void *ud, size_t index, tlcheck_result *res)
{
	check_run *cr = ud;
	if (cr->have_target && is_target(cr, res)) {
		cr->self = index;
		return TLCHECK_EINVALID; /* stops the batch: nothing is written */
	}
	if (cr->waivers && tlcheck_waivers_apply(cr->waivers, res) != 0)
		return TLCHECK_ENOMEM;
	if (tlcheck_result_load_failed(res))
		cr->any_load_failed = true;
	for (size_t i = 0; i < tlcheck_result_finding_count(res); i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		if (!cr->fail_never && !f->waived && f->severity >= cr->fail_on)
			cr->any_fail = true;
	}
	/* On a shared screen, the report's lines replace the progress line, which
	 * is drawn again below them: never a report line after it on its row. */
	if (cr->report_on_screen && cr->progress_drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		cr->progress_drawn = false;
	}
	int rc = tlcheck_report_add(cr->rep, res);
	if (cr->report_on_screen)
		fflush(stdout);
	cli_output_tick(cr->out);
	cr->done++;
	if (cr->progress)
		show_progress(cr, false);
	return rc;
}

/* YYYY-MM-DD naming a real day (--today). */
static bool is_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	if (s[10] != '\0')
		return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return false;
	return true;
}

static void print_diags(tlcheck_diags *diags)
{
	for (size_t i = 0; i < tlcheck_diags_count(diags); i++) {
		const tlcheck_diag *d = tlcheck_diags_get(diags, i);
		fprintf(stderr, "%s\n", cli_ja ? d->rendered_ja : d->rendered);
	}
	tlcheck_diags_free(diags);
}

/* A malformed waiver file stops the check (exit 2), as an invalid pack does:
 * checking without the waivers meant would fail on findings accepted on purpose. */
static int load_waivers(tlcheck_waivers **out, const char *file, const char *today,
                        const tlcheck_pack *pack)
{
	tlcheck_diags *diags = NULL;
	int rc = tlcheck_waivers_load_file(out, file, today, pack, &diags);
	print_diags(diags);
	if (rc != 0)
		cli_error("the waiver file %s is invalid", "免除ファイル %s が不正です", file);
	return rc;
}

static int load_baseline(tlcheck_baseline **out, const char *file)
{
	tlcheck_diags *diags = NULL;
	int rc = tlcheck_baseline_load_file(out, file, &diags);
	print_diags(diags);
	if (rc != 0)
		cli_error("cannot use %s as a baseline (a report of tlcheck check --format json)",
		          "%s を比較元にできません (tlcheck check --format json の結果が必要です)", file);
	return rc;
}

/* A path as the batch compares it: without leading "./" and repeated '/'. */
static size_t path_key(const char *p, char *out)
{
	size_t n = 0;
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	for (; *p; p++)
		if (!(*p == '/' && n && out[n - 1] == '/'))
			out[n++] = *p;
	out[n] = '\0';
	return n;
}

/* Drops the later of two paths that name the same file the same way (a file
 * also found under a folder given before it: `tlcheck check decls decls/a.yaml`):
 * it is checked, reported and counted once, where it first came. Returns the
 * new count, or (size_t)-1 when out of memory. */
static size_t drop_repeats(char **files, size_t n)
{
	size_t cap = 16, kept = 0;
	while (cap < n * 2)
		cap *= 2;
	char **slot = calloc(cap, sizeof(*slot));
	char **keys = calloc(n ? n : 1, sizeof(*keys));
	bool oom = !slot || !keys;
	/* Every key first: out of memory, the list is left as it was. */
	for (size_t i = 0; i < n && !oom; i++)
		if (!(keys[i] = malloc(strlen(files[i]) + 1)))
			oom = true;
	for (size_t i = 0; i < n && !oom; i++) {
		size_t len = path_key(files[i], keys[i]);
		uint64_t h = UINT64_C(14695981039346656037);
		for (size_t j = 0; j < len; j++)
			h = (h ^ (unsigned char)keys[i][j]) * UINT64_C(1099511628211);
		size_t at = (size_t)(h ^ (h >> 31)) & (cap - 1);
		while (slot[at] && strcmp(slot[at], keys[i]) != 0)
			at = (at + 1) & (cap - 1);
		if (slot[at]) {
			cli_error("warning: %s is given twice: it is checked once",
			          "警告: %s が二回指定されています。検査は一回です", files[i]);
			free(files[i]);
			continue;
		}
		slot[at] = keys[i];
		files[kept++] = files[i];
	}
	for (size_t i = 0; keys && i < n; i++)
		free(keys[i]);
	free(keys);
	free(slot);
	return oom ? (size_t)-1 : kept;
}

/* After the batch: each expired waiver and each waiver that matched nothing,
 * so that stale waivers do not pile up. Warnings: the exit status stays. */
static void print_notices(const tlcheck_waivers *w)
{
	for (size_t i = 0; i < tlcheck_waivers_count(w); i++) {
		char *n = tlcheck_waivers_notice(w, i, cli_lang());
		if (n)
			fprintf(stderr, "%s\n", n);
		free(n);
	}
}

int cmd_check(int argc, char **argv)
{
	const char *format = "text", *output = NULL, *rules = NULL, *fail_on = "error";
	const char *jobs_s = NULL, *color = "auto", *max_bytes_s = NULL, *v = NULL;
	const char *waivers = NULL, *today = NULL, *baseline_file = NULL;
	tlcheck_baseline *baseline = NULL;
	const char **params = calloc((size_t)argc + 1, sizeof(char *));
	const char **paths = calloc((size_t)argc + 1, sizeof(char *));
	const char **sel_rules = calloc((size_t)argc + 1, sizeof(char *));
	const char **sel_clauses = calloc((size_t)argc + 1, sizeof(char *));
	int nparams = 0, npaths = 0, nrules = 0, nclauses = 0, r, status = EXIT_TROUBLE;
	bool summary = true, end_of_options = false, quiet = false;
	tlcheck_pack *pack = NULL;
	char **files = NULL;
	size_t nfiles = 0;
	cli_output out = {0};
	check_run cr;

	memset(&cr, 0, sizeof(cr));
	if (!params || !paths || !sel_rules || !sel_clauses)
		goto done;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (end_of_options || a[0] != '-' || strcmp(a, "-") == 0) {
			paths[npaths++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			end_of_options = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_check(stdout);
			status = EXIT_CLEAN;
			goto done;
		} else if ((r = cli_opt(argc, argv, &i, "--format", &format)) ||
		           (r = cli_opt_once(argc, argv, &i, "--output", &output)) ||
		           (r = cli_opt_once(argc, argv, &i, "--rules", &rules)) ||
		           (r = cli_opt(argc, argv, &i, "--fail-on", &fail_on)) ||
		           (r = cli_opt(argc, argv, &i, "--jobs", &jobs_s)) ||
		           (r = cli_opt(argc, argv, &i, "--color", &color)) ||
		           (r = cli_opt(argc, argv, &i, "--max-bytes", &max_bytes_s)) ||
		           (r = cli_opt_once(argc, argv, &i, "--waivers", &waivers)) ||
		           (r = cli_opt(argc, argv, &i, "--today", &today)) ||
		           (r = cli_opt_once(argc, argv, &i, "--baseline", &baseline_file)) ||
		           (r = cli_opt(argc, argv, &i, "--lang", &v))) {
			if (r < 0)
				goto done;
		} else if ((r = cli_opt(argc, argv, &i, "--param", &v))) {
			if (r < 0)
				goto done;
			params[nparams++] = v;
		} else if ((r = cli_opt(argc, argv, &i, "--rule", &v))) {
			if (r < 0)
				goto done;
			sel_rules[nrules++] = v;
		} else if ((r = cli_opt(argc, argv, &i, "--clause", &v))) {
			if (r < 0)
				goto done;
			sel_clauses[nclauses++] = v;
		} else if (strcmp(a, "--no-summary") == 0) {
			summary = false;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			quiet = true;
		} else {
			cli_error("unknown option `%s` (try tlcheck check --help)",
			          "不明なオプション `%s` です (tlcheck check --help を参照)", a);
			goto done;
		}
	}
	int fmt = tlcheck_format_parse(format);
	if (fmt < 0) {
		cli_error("unknown format `%s`: use text, json, sarif, junit, csv or html",
		          "形式 `%s` は使えません: text、json、sarif、junit、csv、html のいずれかです", format);
		goto done;
	}
	if (strcmp(fail_on, "never") == 0) {
		cr.fail_never = true;
	} else {
		int s = tlcheck_severity_parse(fail_on);
		if (s < 0) {
			cli_error("--fail-on takes error, warning, info or never, not `%s`",
			          "--fail-on は error、warning、info、never のいずれかです: `%s`", fail_on);
			goto done;
		}
		cr.fail_on = (tlcheck_severity)s;
	}
	unsigned jobs = 0;
	if (jobs_s) {
		char *end;
		long j = strtol(jobs_s, &end, 10);
		if (*end || j < 1 || j > 1024) {
			cli_error("--jobs takes a number from 1 to 1024, not `%s`",
			          "--jobs は 1〜1024 の数です: `%s`", jobs_s);
			goto done;
		}
		jobs = (unsigned)j;
	}
	size_t max_bytes = 0;
	if (max_bytes_s) {
		char *end;
		errno = 0;
		/* strtoull() would take "-5" as 2^64 - 5: digits only. */
		unsigned long long mb = strtoull(max_bytes_s, &end, 10);
		if (max_bytes_s[0] < '0' || max_bytes_s[0] > '9' || *end || mb == 0 || errno == ERANGE ||
		    mb > SIZE_MAX) {
			cli_error("--max-bytes takes a whole number of bytes from 1 to %zu, not `%s`",
			          "--max-bytes は 1〜%zu のバイト数です: `%s`", (size_t)SIZE_MAX, max_bytes_s);
			goto done;
		}
		max_bytes = (size_t)mb;
	}
	bool use_color;
	if (strcmp(color, "always") == 0)
		use_color = true;
	else if (strcmp(color, "never") == 0)
		use_color = false;
	else if (strcmp(color, "auto") == 0)
		use_color = !output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else {
		cli_error("--color takes auto, always or never", "--color は auto、always、never のいずれかです");
		goto done;
	}
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		use_color = false;
	if (today && !is_date(today)) {
		cli_error("--today takes a date YYYY-MM-DD, not `%s`",
		          "--today は YYYY-MM-DD 形式の日付です: `%s`", today);
		goto done;
	}
	if (npaths == 0) {
		cli_error("no file to check (try tlcheck check --help)",
		          "検査するファイルが指定されていません (tlcheck check --help を参照)");
		goto done;
	}

	pack = cli_load_pack(rules, params, nparams);
	if (!pack)
		goto done;
	for (int i = 0; i < nrules; i++) {
		const char *one[] = {sel_rules[i], NULL};
		bool any = false;
		for (size_t k = 0; k < tlcheck_pack_rule_count(pack) && !any; k++)
			any = tlcheck_pack_rule_selected(pack, k, one, NULL);
		if (!any) {
			cli_error("--rule %s matches no rule of the pack (see tlcheck rules)",
			          "--rule %s に一致するルールがありません (tlcheck rules を参照)", sel_rules[i]);
			goto done;
		}
	}
	for (int i = 0; i < nclauses; i++) {
		/* "ウ" names "(ウ)" too, as the selection does. */
		char paren[64];
		tlcheck_clause_info ci;
		snprintf(paren, sizeof(paren), "(%s)", sel_clauses[i]);
		if (tlcheck_pack_clause(&ci, pack, sel_clauses[i], "en") != 0 &&
		    (strlen(sel_clauses[i]) + 3 > sizeof(paren) ||
		     tlcheck_pack_clause(&ci, pack, paren, "en") != 0)) {
			cli_error("--clause %s matches no clause of the pack (tlcheck rules lists each rule's)",
			          "--clause %s に一致する条項がありません (tlcheck rules で各ルールの条項を確認できます)",
			          sel_clauses[i]);
			goto done;
		}
	}
	if (nrules && nclauses) {
		/* Each matches something, but a rule must be in both. */
		bool any = false;
		for (size_t k = 0; k < tlcheck_pack_rule_count(pack) && !any; k++)
			any = tlcheck_pack_rule_selected(pack, k, sel_rules, sel_clauses);
		if (!any) {
			cli_error("--rule and --clause select no rule together: a rule is checked when "
			          "both name it (--rule its id, --clause its clause)",
			          "--rule と --clause の両方に該当するルールがありません。検査されるのは、"
			          "--rule が ID を、--clause が条項を指定するルールです");
			goto done;
		}
	}
	if (waivers && load_waivers(&cr.waivers, waivers, today, pack) != 0)
		goto done;
	if (baseline_file && load_baseline(&baseline, baseline_file) != 0)
		goto done;
	if (baseline) {
		/* Another pack's rules may fire differently: the comparison still
		 * runs, and says so. */
		const char *bv, *bn = tlcheck_baseline_rulepack(baseline, &bv);
		if (bn[0] && (strcmp(bn, tlcheck_pack_name(pack)) != 0 ||
		              strcmp(bv, tlcheck_pack_version(pack)) != 0))
			cli_error("warning: the baseline %s was made with rule pack %s %s, this run uses %s %s: "
			          "findings of rules that changed may show as new or resolved",
			          "警告: 比較元 %s はルールパック %s %s で作成されていますが、今回は %s %s を使います。"
			          "変更されたルールの指摘は新規・解消と表示されることがあります",
			          baseline_file, bn, bv, tlcheck_pack_name(pack), tlcheck_pack_version(pack));
		if (tlcheck_baseline_partial(baseline))
			cli_error("warning: the baseline %s was made with --rule or --clause: this run's "
			          "findings of the rules it left out have nothing to match there and count as new",
			          "警告: 比較元 %s は --rule または --clause で作成されています。"
			          "比較元で対象外だったルールの今回の指摘は、照合できないため新規として数えます",
			          baseline_file);
	}
	/* Path by path, so that a folder holding no declaration is named; the list
	 * grows by doubling (a shell may pass thousands of files). */
	size_t capfiles = 0;
	for (int i = 0; i < npaths; i++) {
		char **found = NULL, *msg = NULL;
		size_t nfound = 0;
		int crc = tlcheck_collect_paths(&found, &nfound, &paths[i], 1, &msg);
		if (crc != 0) {
			if (crc == TLCHECK_ENOMEM)
				cli_error("out of memory", "メモリが足りません");
			else
				cli_error("cannot read %s", "読み込めません: %s", msg ? msg : paths[i]);
			free(msg);
			goto done;
		}
		free(msg);
		if (nfiles + nfound > capfiles) {
			size_t cap = capfiles ? capfiles * 2 : 64;
			while (cap < nfiles + nfound)
				cap *= 2;
			char **all = realloc(files, cap * sizeof(*files));
			if (!all) {
				tlcheck_paths_free(found, nfound);
				cli_error("out of memory", "メモリが足りません");
				goto done;
			}
			files = all;
			capfiles = cap;
		}
		if (nfound) /* found is NULL when nothing was: no memcpy of NULL */
			memcpy(files + nfiles, found, nfound * sizeof(*found));
		nfiles += nfound;
		free(found);
		if (nfound == 0 && npaths > 1)
			cli_error("warning: no *.yaml or *.yml file in %s", "警告: %s に *.yaml / *.yml ファイルがありません",
			          paths[i]);
	}
	if (npaths > 1) {
		size_t kept = drop_repeats(files, nfiles);
		if (kept == (size_t)-1) {
			cli_error("out of memory", "メモリが足りません");
			goto done;
		}
		nfiles = kept;
	}
	if (nfiles == 0) {
		cli_error("no *.yaml or *.yml file found in the paths given",
		          "指定されたパスに *.yaml / *.yml ファイルがありません");
		goto done;
	}
	/* The report must not replace a declaration, the waivers or the baseline.
	 * The declarations are told from it as they are read, by the identity
	 * of the file each check opened (a stat() of every one first took 1.4%
	 * of the time of a 1,000-file batch); the waivers and the baseline, now. */
	const char *other[2] = {waivers, baseline_file};
	if (cli_output_is_input(output, other, 2))
		goto done;
	cr.have_target = cli_output_target(output, &cr.target);
	cr.self = SIZE_MAX;
	if (cli_output_open(&out, output) != 0) {
		/* Said too, as it was before anything else when checked first. */
		if (cr.have_target)
			cli_output_is_input(output, (const char *const *)files, nfiles);
		goto done;
	}
	/* Written as it comes (an open file named through /proc, such as
	 * /dev/stdout), the report would reach a declaration before that one is
	 * read: checked first, then. */
	if (cr.have_target && out.direct &&
	    cli_output_is_input(output, (const char *const *)files, nfiles)) {
		cli_output_abort(&out);
		goto done;
	}
	cr.out = &out;

	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	ro.format = (tlcheck_format)fmt;
	ro.lang = cli_lang();
	ro.color = use_color && fmt == TLCHECK_FORMAT_TEXT;
	ro.summary = summary;
	ro.pack = pack;
	ro.fail_on = cr.fail_on;
	ro.fail_never = cr.fail_never;
	int rc = tlcheck_report_new(&cr.rep, out.fp, &ro);
	if (rc == 0 && cr.waivers)
		rc = tlcheck_report_set_waivers(cr.rep, cr.waivers);
	if (rc == 0 && baseline)
		rc = tlcheck_report_set_baseline(cr.rep, baseline);
	if (rc != 0) {
		cli_error("cannot produce the %s format", "%s 形式を出力できません", format);
		cli_output_abort(&out);
		goto done;
	}
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	co.lang = cli_lang();
	co.max_bytes = max_bytes;
	sel_rules[nrules] = NULL;
	sel_clauses[nclauses] = NULL;
	co.rules = nrules ? sel_rules : NULL;
	co.clauses = nclauses ? sel_clauses : NULL;
	cr.total = nfiles;
	cr.progress = !quiet && nfiles > 1 && isatty(STDERR_FILENO);
	cr.report_on_screen = cr.progress && out.fp == stdout && isatty(STDOUT_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &cr.start);
	/* Results are lent: the batch frees each on the thread that made it. */
	rc = tlcheck_check_files_lend(pack, (const char *const *)files, nfiles, &co, jobs, on_result,
	                              &cr, NULL, NULL);
	if (cr.progress)
		show_progress(&cr, true);
	if (cr.self != SIZE_MAX) {
		cli_output_refuse_input(output, files[cr.self]);
		cli_output_abort(&out);
		goto done;
	}
	if (rc == 0)
		print_notices(cr.waivers);
	int exit_status = cr.any_load_failed ? EXIT_TROUBLE : cr.any_fail ? EXIT_FINDINGS : EXIT_CLEAN;
	if (rc != 0) {
		cli_error("the check failed (out of memory or a write error)",
		          "検査に失敗しました (メモリ不足または書き込みエラー)");
		exit_status = EXIT_TROUBLE;
	}
	errno = 0;
	if (tlcheck_report_finish(cr.rep, exit_status) != 0 || rc != 0) {
		int e = errno;
		if (rc == 0 && e)
			cli_error("cannot write the report: %s", "結果を書き込めません: %s", cli_strerror(e));
		else if (rc == 0)
			cli_error("cannot write the report", "結果を書き込めません");
		cli_output_abort(&out);
		status = EXIT_TROUBLE;
		goto done;
	}
	if (cli_output_commit(&out) != 0) {
		status = EXIT_TROUBLE;
		goto done;
	}
	status = exit_status;
done:
	tlcheck_report_free(cr.rep);
	tlcheck_waivers_free(cr.waivers);
	tlcheck_baseline_free(baseline);
	tlcheck_paths_free(files, nfiles);
	tlcheck_pack_free(pack);
	free(params);
	free(paths);
	free(sel_rules);
	free(sel_clauses);
	return status;
}
