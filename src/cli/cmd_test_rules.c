/* cmd_test_rules.c - tlcheck test-rules: every rule fires where it must and stays silent where it must. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "../util/sort.h"

static void usage_test_rules(FILE *fp)
{
	fputs(T("Usage: tlcheck test-rules [--rules DIR] [--lang ja|en] [FIXTURES-DIR]\n"
	        "Run a rule pack's fixtures (default folder: fixtures/rules). For every rule ID the\n"
	        "folder FIXTURES-DIR/ID/ holds declarations named fire-*.yaml, on which the rule must\n"
	        "fire, and pass-*.yaml, on which it must stay silent. Comment lines at the top of a\n"
	        "fixture refine it:\n"
	        "  # expect: PATH [SEVERITY]   a finding of the rule at PATH (all of them, exactly)\n"
	        "  # param: NAME=VALUE         check the fixture with this parameter\n"
	        "  # says: TEXT                a finding of the rule says TEXT (# says-ja: in Japanese,\n"
	        "                              checked with --lang ja)\n"
	        "A rule without both kinds of fixture fails.\n"
	        "-h, --help: show this help.\n",
	        "使い方: tlcheck test-rules [--rules DIR] [--lang ja|en] [FIXTURES-DIR]\n"
	        "ルールパックのフィクスチャを実行します (既定: fixtures/rules)。各ルール ID のフォルダ\n"
	        "FIXTURES-DIR/ID/ に、ルールが指摘すべき fire-*.yaml と、指摘してはならない\n"
	        "pass-*.yaml を置きます。先頭のコメント行で条件を指定できます:\n"
	        "  # expect: PATH [SEVERITY]   PATH に対するこのルールの指摘 (すべてを列挙)\n"
	        "  # param: NAME=VALUE         このパラメータで検査する\n"
	        "  # says: TEXT                このルールの指摘が TEXT を含む (日本語は # says-ja:、\n"
	        "                              --lang ja で確認)\n"
	        "両方の種類のフィクスチャがないルールは失敗とします。\n"
	        "-h, --help: この説明を表示します。\n"),
	      fp);
}

typedef struct expect {
	char path[640];
	char severity[16];
	bool matched;
} expect;

typedef struct fixture_meta {
	expect exp[64];
	int nexp;
	char *params[16];
	int nparams;
	/* Texts a finding of the rule must say, by language (0 en, 1 ja). */
	char says[2][8][600];
	int nsays[2];
	bool bad_says;               /* a says line that could not be kept */
} fixture_meta;

/* A `# says:` or `# says-ja:` line: the rest of the line, kept when there is room. */
static void add_says(fixture_meta *m, int lang, const char *s, size_t n)
{
	while (n && *s == ' ') {
		s++;
		n--;
	}
	if (n == 0 || n >= sizeof(m->says[0][0]) || m->nsays[lang] >= 8) {
		m->bad_says = true; /* empty, too long or too many: not silently dropped */
		return;
	}
	snprintf(m->says[lang][m->nsays[lang]++], sizeof(m->says[0][0]), "%.*s", (int)n, s);
}

static void read_meta(const char *data, size_t len, fixture_meta *m)
{
	const char *p = data, *end = data + len;
	memset(m, 0, sizeof(*m));
	/* A fixture saved with a byte order mark keeps its header lines. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] != '#') {
			if (n && p[0] != '#')
				break; /* the header ends at the first line of YAML */
		} else if (n > 9 && strncmp(p, "# expect:", 9) == 0 && m->nexp < 64) {
			char line[600];
			size_t k = n - 9 < sizeof(line) - 1 ? n - 9 : sizeof(line) - 1;
			memcpy(line, p + 9, k);
			line[k] = '\0';
			char *s = line;
			while (*s == ' ')
				s++;
			char *sp = strchr(s, ' ');
			expect *e = &m->exp[m->nexp++];
			if (sp) {
				*sp = '\0';
				char *sev = sp + 1;
				while (*sev == ' ')
					sev++;
				snprintf(e->severity, sizeof(e->severity), "%s", sev);
			}
			snprintf(e->path, sizeof(e->path), "%s", strcmp(s, "(root)") == 0 ? "" : s);
		} else if (n >= 7 && strncmp(p, "# says:", 7) == 0) {
			add_says(m, 0, p + 7, n - 7);
		} else if (n >= 10 && strncmp(p, "# says-ja:", 10) == 0) {
			add_says(m, 1, p + 10, n - 10);
		} else if (n > 8 && strncmp(p, "# param:", 8) == 0 && m->nparams < 16) {
			const char *s = p + 8;
			while (*s == ' ')
				s++;
			m->params[m->nparams++] = strndup(s, (size_t)(p + n - s));
		}
		p = nl ? nl + 1 : end;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one fixture; returns true when it behaves. Prints why not. */
static bool run_fixture(const char *rules_dir, const tlcheck_pack *base, const char *rule,
                        const char *path, bool fire)
{
	size_t len = 0;
	char *data = cli_read_file(path, &len);
	fixture_meta m;
	tlcheck_pack *own = NULL;
	tlcheck_result *res = NULL;
	bool ok = false;

	if (!data) {
		printf("  %s: %s\n", path, T("cannot read the fixture", "フィクスチャを読み込めません"));
		return false;
	}
	read_meta(data, len, &m);
	if (m.bad_says) {
		printf("  %s: %s\n", path,
		       T("a `# says:` line is empty, longer than 599 bytes, or one of more than 8",
		         "`# says:` 行が空、599 バイト超、または 8 行を超えています"));
		goto out;
	}
	if (!fire && (m.nsays[0] || m.nsays[1])) {
		printf("  %s: %s\n", path,
		       T("`# says:` lines belong in fire fixtures: a pass fixture has no finding to say it",
		         "`# says:` 行は fire フィクスチャに書きます (pass では指摘がありません)"));
		goto out;
	}
	const tlcheck_pack *pack = base;
	if (m.nparams) {
		own = cli_load_pack(rules_dir, (const char **)m.params, m.nparams);
		if (!own)
			goto out;
		pack = own;
	}
	tlcheck_check_options co = TLCHECK_CHECK_OPTIONS_INIT;
	co.lang = cli_lang();
	if (tlcheck_check_buffer(&res, pack, path, data, len, &co) != 0)
		goto out;
	size_t hits = 0;
	ok = true;
	for (size_t i = 0; i < tlcheck_result_finding_count(res); i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		if (f->rule_error) {
			printf("  %s: %s %s\n", path, T("rule error:", "ルールの評価エラー:"), f->message);
			ok = false;
		}
		if (strcmp(f->rule, rule) != 0)
			continue;
		hits++;
		if (!fire) {
			printf("  %s:%u:%u: %s `%s`: %s\n", path, f->line, f->column,
			       T("fired but must stay silent, at", "指摘してはならないのに指摘:"), f->path,
			       f->message);
			ok = false;
			continue;
		}
		if (m.nexp == 0)
			continue;
		bool found = false;
		for (int e = 0; e < m.nexp && !found; e++) {
			if (m.exp[e].matched || strcmp(m.exp[e].path, f->path) != 0)
				continue;
			if (m.exp[e].severity[0] &&
			    strcmp(m.exp[e].severity, tlcheck_severity_name(f->severity)) != 0)
				continue;
			m.exp[e].matched = found = true;
		}
		if (!found) {
			printf("  %s:%u:%u: %s `%s` (%s): %s\n", path, f->line, f->column,
			       T("unexpected finding at", "想定外の指摘:"), f->path,
			       tlcheck_severity_name(f->severity), f->message);
			ok = false;
		}
	}
	if (fire && hits == 0) {
		printf("  %s: %s\n", path, T("the rule did not fire", "ルールが指摘しませんでした"));
		ok = false;
	}
	/* What the findings must say, in the language of the run. */
	int lang = strcmp(cli_lang(), "ja") == 0;
	for (int k = 0; fire && k < m.nsays[lang]; k++) {
		bool said = false;
		for (size_t i = 0; i < tlcheck_result_finding_count(res) && !said; i++) {
			const tlcheck_finding *f = tlcheck_result_finding(res, i);
			said = strcmp(f->rule, rule) == 0 && strstr(f->message, m.says[lang][k]);
		}
		if (!said) {
			printf("  %s: %s `%s`\n", path, T("no finding says", "次の文言の指摘がありません:"),
			       m.says[lang][k]);
			ok = false;
		}
	}
	for (int e = 0; fire && e < m.nexp; e++)
		if (!m.exp[e].matched) {
			printf("  %s: %s `%s`%s%s\n", path, T("no finding at", "指摘がありません:"),
			       m.exp[e].path, m.exp[e].severity[0] ? " " : "", m.exp[e].severity);
			ok = false;
		}
out:
	for (int i = 0; i < m.nparams; i++)
		free(m.params[i]);
	tlcheck_result_free(res);
	tlcheck_pack_free(own);
	free(data);
	return ok;
}

int cmd_test_rules(int argc, char **argv)
{
	const char *rules = NULL, *dir = NULL, *v;
	int r;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_test_rules(stdout);
			return EXIT_CLEAN;
		}
		if ((r = cli_opt(argc, argv, &i, "--rules", &rules)) ||
		    (r = cli_opt(argc, argv, &i, "--lang", &v))) {
			if (r < 0)
				return EXIT_TROUBLE;
		} else if (a[0] == '-') {
			cli_error("unknown option `%s`", "不明なオプション `%s` です", a);
			return EXIT_TROUBLE;
		} else if (!dir) {
			dir = a;
		} else {
			cli_error("unexpected argument `%s`", "余分な引数 `%s` があります", a);
			return EXIT_TROUBLE;
		}
	}
	if (!dir)
		dir = "fixtures/rules";
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cli_error("no fixtures folder %s", "フィクスチャのフォルダ %s がありません", dir);
		return EXIT_TROUBLE;
	}
	tlcheck_pack *pack = cli_load_pack(rules, NULL, 0);
	if (!pack)
		return EXIT_TROUBLE;
	size_t passed = 0, failed = 0;
	for (size_t ri = 0; ri < tlcheck_pack_rule_count(pack); ri++) {
		tlcheck_rule_info info;
		tlcheck_pack_rule(&info, pack, ri, cli_lang());
		char rdir[4096];
		snprintf(rdir, sizeof(rdir), "%s/%s", dir, info.id);
		char *names[512];
		size_t nn = 0;
		DIR *d = opendir(rdir);
		struct dirent *e;
		while (d && (e = readdir(d)) && nn < 512) {
			size_t l = strlen(e->d_name);
			if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0 &&
			    (strncmp(e->d_name, "fire", 4) == 0 || strncmp(e->d_name, "pass", 4) == 0))
				names[nn++] = strdup(e->d_name);
		}
		if (d)
			closedir(d);
		tl_sort(names, nn, sizeof(char *), cmp_str);
		size_t nfire = 0, npass = 0;
		bool ok = true;
		for (size_t i = 0; i < nn; i++) {
			if (!names[i])
				continue;
			bool fire = strncmp(names[i], "fire", 4) == 0;
			char path[4600];
			snprintf(path, sizeof(path), "%s/%s", rdir, names[i]);
			if (!run_fixture(rules, pack, info.id, path, fire))
				ok = false;
			if (fire)
				nfire++;
			else
				npass++;
			free(names[i]);
		}
		if (nfire == 0 || npass == 0) {
			printf("  %s: %s\n", info.id,
			       nfire == 0 ? T("no fixture on which the rule must fire (fire-*.yaml)",
			                      "指摘すべきフィクスチャ (fire-*.yaml) がありません")
			                  : T("no fixture on which the rule must stay silent (pass-*.yaml)",
			                      "指摘してはならないフィクスチャ (pass-*.yaml) がありません"));
			ok = false;
		}
		printf("%s %-10s %zu fire, %zu pass\n", ok ? "ok  " : "FAIL", info.id, nfire, npass);
		if (ok)
			passed++;
		else
			failed++;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	tlcheck_pack_free(pack);
	return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}
