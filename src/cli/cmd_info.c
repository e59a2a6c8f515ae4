/* cmd_info.c - tlcheck rules, explain and init: what the pack knows, for people. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* Common options of the informational commands: --rules, --param, --lang. */
typedef struct info_opts {
	const char *rules;
	const char **params;
	int nparams;
	const char *material;
	bool materials;
	const char *arg;
} info_opts;

static int parse_info(int argc, char **argv, info_opts *o, void (*usage)(FILE *), bool want_arg)
{
	const char *v;
	int r;
	memset(o, 0, sizeof(*o));
	o->params = calloc((size_t)argc + 1, sizeof(char *));
	if (!o->params)
		return EXIT_TROUBLE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return -1;
		}
		if ((r = cli_opt(argc, argv, &i, "--rules", &o->rules)) ||
		    (r = cli_opt(argc, argv, &i, "--material", &o->material)) ||
		    (r = cli_opt(argc, argv, &i, "--lang", &v))) {
			if (r < 0)
				return EXIT_TROUBLE;
		} else if ((r = cli_opt(argc, argv, &i, "--param", &v))) {
			if (r < 0)
				return EXIT_TROUBLE;
			o->params[o->nparams++] = v;
		} else if (strcmp(a, "--materials") == 0) {
			o->materials = true;
		} else if (a[0] == '-') {
			cli_error("unknown option `%s`", "不明なオプション `%s` です", a);
			return EXIT_TROUBLE;
		} else if (want_arg && !o->arg) {
			o->arg = a;
		} else {
			cli_error("unexpected argument `%s`", "余分な引数 `%s` があります", a);
			return EXIT_TROUBLE;
		}
	}
	return 0;
}

static void usage_rules(FILE *fp)
{
	fputs(T("Usage: tlcheck rules [--material M | --materials] [--rules DIR] [--param NAME=VALUE]\n"
	        "                    [--lang ja|en]\n"
	        "List the rules of the pack in use (id, severity, clause, title); with --material,\n"
	        "only those that apply to that material; --materials lists the material codes.\n"
	        "-h, --help: show this help.\n",
	        "使い方: tlcheck rules [--material M | --materials] [--rules DIR] [--param NAME=VALUE]\n"
	        "                     [--lang ja|en]\n"
	        "使用するルールパックのルール (ID、重大度、条項、名称) を一覧します。--material で\n"
	        "その物資に適用されるものだけ、--materials で物資コードの一覧を表示します。\n"
	        "-h, --help: この説明を表示します。\n"),
	      fp);
}

static long find_material(const tlcheck_pack *pack, const char *code, tlcheck_material_info *mi)
{
	for (size_t i = 0; i < tlcheck_pack_material_count(pack); i++) {
		tlcheck_pack_material(mi, pack, i, cli_lang());
		if (strcmp(mi->code, code) == 0)
			return (long)i;
	}
	return -1;
}

int cmd_rules(int argc, char **argv)
{
	info_opts o;
	int rc = parse_info(argc, argv, &o, usage_rules, false);
	tlcheck_pack *pack = NULL;
	if (rc != 0)
		goto out;
	rc = EXIT_TROUBLE;
	if (o.materials && o.material) {
		cli_error("--material and --materials are alternatives: give one",
		          "--material と --materials はどちらか一方を指定してください");
		goto out;
	}
	pack = cli_load_pack(o.rules, o.params, o.nparams);
	if (!pack)
		goto out;
	if (o.materials) {
		for (size_t i = 0; i < tlcheck_pack_material_count(pack); i++) {
			tlcheck_material_info mi;
			tlcheck_pack_material(&mi, pack, i, cli_lang());
			printf("%-32s %-8s %s%s\n", mi.code, mi.ministry, mi.name,
			       mi.covered ? T("  [leakage measures apply]", "  [技術流出防止措置の対象]") : "");
		}
		rc = EXIT_CLEAN;
		goto out;
	}
	tlcheck_material_info mi = {0};
	if (o.material && find_material(pack, o.material, &mi) < 0) {
		cli_error("unknown material `%s` (see tlcheck rules --materials)",
		          "物資コード `%s` はありません (tlcheck rules --materials を参照)", o.material);
		goto out;
	}
	for (size_t i = 0; i < tlcheck_pack_rule_count(pack); i++) {
		tlcheck_rule_info ri;
		tlcheck_pack_rule(&ri, pack, i, cli_lang());
		if (o.material && ri.covered_only && !mi.covered)
			continue;
		printf("%-10s %-8s %-6s %s\n", ri.id, tlcheck_severity_name(ri.severity),
		       ri.clause[0] ? ri.clause : "-", ri.title);
	}
	rc = EXIT_CLEAN;
out:
	tlcheck_pack_free(pack);
	free(o.params);
	return rc < 0 ? EXIT_CLEAN : rc;
}

/* Prints text indented by two spaces on every line. */
static void print_indented(const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("  %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void usage_explain(FILE *fp)
{
	fputs(T("Usage: tlcheck explain RULE-ID [--rules DIR] [--param NAME=VALUE] [--lang ja|en]\n"
	        "Show a rule: its clause in Japanese and English, what it checks, its parameters\n"
	        "with their current values, how to fix a finding, and an example.\n"
	        "-h, --help: show this help.\n",
	        "使い方: tlcheck explain RULE-ID [--rules DIR] [--param NAME=VALUE] [--lang ja|en]\n"
	        "ルールの条項 (日本語原文と英語)、検査内容、パラメータと現在の値、対応方法、例を表示します。\n"
	        "-h, --help: この説明を表示します。\n"),
	      fp);
}

int cmd_explain(int argc, char **argv)
{
	info_opts o;
	int rc = parse_info(argc, argv, &o, usage_explain, true);
	tlcheck_pack *pack = NULL;
	if (rc != 0)
		goto out;
	rc = EXIT_TROUBLE;
	if (!o.arg) {
		cli_error("explain needs a rule id (see tlcheck rules)",
		          "explain にはルール ID が必要です (tlcheck rules を参照)");
		goto out;
	}
	pack = cli_load_pack(o.rules, o.params, o.nparams);
	if (!pack)
		goto out;
	long idx = tlcheck_pack_find_rule(pack, o.arg);
	/* Rule ids are upper case; `explain tl-c-001` means TL-C-001. */
	for (size_t i = 0; idx < 0 && i < tlcheck_pack_rule_count(pack); i++) {
		tlcheck_rule_info info;
		if (tlcheck_pack_rule(&info, pack, i, "en") == 0 && strcasecmp(info.id, o.arg) == 0)
			idx = (long)i;
	}
	if (idx < 0) {
		cli_error("no rule `%s` in the pack (see tlcheck rules)",
		          "ルール `%s` はありません (tlcheck rules を参照)", o.arg);
		goto out;
	}
	tlcheck_rule_info ri, other;
	tlcheck_pack_rule(&ri, pack, (size_t)idx, cli_lang());
	tlcheck_pack_rule(&other, pack, (size_t)idx, cli_ja ? "en" : "ja");
	printf("%s  %s\n", ri.id, ri.title);
	if (strcmp(ri.title, other.title) != 0)
		printf("%*s  %s\n", (int)strlen(ri.id), "", other.title);
	if (cli_ja) /* the label, and the name --fail-on takes */
		printf("\n重大度: %s (%s)\n", tlcheck_severity_label(ri.severity, "ja"),
		       tlcheck_severity_name(ri.severity));
	else
		printf("\nSeverity: %s\n", tlcheck_severity_name(ri.severity));
	printf("%s %s:%u\n", T("Defined in:", "定義:"), ri.file, ri.line);
	printf("%s %s%s\n", T("Stage:", "段階:"), ri.stage,
	       ri.covered_only ? T(" (only for materials the leakage measures cover)",
	                           " (技術流出防止措置の対象物資のみ)")
	                       : "");
	tlcheck_clause_info ci;
	if (ri.clause[0] && tlcheck_pack_clause(&ci, pack, ri.clause, cli_lang()) == 0) {
		printf("\n%s %s %s\n", T("Clause:", "条項:"), ci.id, ci.title);
		print_indented(ci.text_ja);
		print_indented(ci.text_en);
	}
	printf("\n%s\n  %s\n", T("What it checks:", "検査内容:"), ri.checks);
	if (ri.params[0]) {
		printf("\n%s\n", T("Parameters:", "パラメータ:"));
		for (size_t i = 0; i < tlcheck_pack_param_count(pack); i++) {
			tlcheck_param_info pi;
			tlcheck_pack_param(&pi, pack, i, cli_lang());
			const char *p = strstr(ri.params, pi.name);
			size_t n = strlen(pi.name);
			if (!p || (p != ri.params && p[-1] != ',') || (p[n] && p[n] != ','))
				continue;
			printf("  %s = %s (%s%s%s)\n    %s\n", pi.name, pi.value, pi.type,
			       strcmp(pi.value, pi.default_value) ? T(", default ", "、既定値 ") : "",
			       strcmp(pi.value, pi.default_value) ? pi.default_value : "", pi.meaning);
		}
	}
	printf("\n%s\n  %s\n", T("How to fix a finding:", "対応方法:"), ri.remediation);
	const char *cause, *fix;
	for (size_t k = 0; tlcheck_pack_rule_cause_fix(pack, (size_t)idx, k, cli_lang(), &cause, &fix) == 0;
	     k++) {
		if (k == 0)
			printf("\n%s\n", T("By kind of trouble:", "原因別:"));
		printf("  %s: %s\n", cause, fix);
	}
	if (ri.example[0])
		printf("\n%s\n%s\n", T("Example:", "例:"), ri.example);
	rc = EXIT_CLEAN;
out:
	tlcheck_pack_free(pack);
	free(o.params);
	return rc < 0 ? EXIT_CLEAN : rc;
}

static void usage_init(FILE *fp)
{
	fputs(T("Usage: tlcheck init --material M [--rules DIR] [--param NAME=VALUE] [--lang ja|en]\n"
	        "Print a template declaration for material M, with comments in Japanese and English\n"
	        "on every field. Fill in the placeholders <...>; then `tlcheck check` passes.\n"
	        "-h, --help: show this help.\n",
	        "使い方: tlcheck init --material M [--rules DIR] [--param NAME=VALUE] [--lang ja|en]\n"
	        "物資 M の申告書の雛形を、全項目に日本語と英語のコメントを付けて出力します。\n"
	        "<...> の箇所を記入すると `tlcheck check` を通過します。\n"
	        "-h, --help: この説明を表示します。\n"),
	      fp);
}

int cmd_init(int argc, char **argv)
{
	info_opts o;
	int rc = parse_info(argc, argv, &o, usage_init, false);
	tlcheck_pack *pack = NULL;
	if (rc != 0)
		goto out;
	rc = EXIT_TROUBLE;
	if (!o.material) {
		cli_error("init needs --material M (see tlcheck rules --materials)",
		          "init には --material M が必要です (tlcheck rules --materials を参照)");
		goto out;
	}
	pack = cli_load_pack(o.rules, o.params, o.nparams);
	if (!pack)
		goto out;
	char *t = tlcheck_pack_template(pack, o.material);
	if (!t) {
		cli_error("unknown material `%s` (see tlcheck rules --materials)",
		          "物資コード `%s` はありません (tlcheck rules --materials を参照)", o.material);
		goto out;
	}
	fputs(t, stdout);
	free(t);
	rc = fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
out:
	tlcheck_pack_free(pack);
	free(o.params);
	return rc < 0 ? EXIT_CLEAN : rc;
}
