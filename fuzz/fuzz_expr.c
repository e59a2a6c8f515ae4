/* fuzz_expr.c - fuzz target: compiling and evaluating rule-language expressions over a small document. */
#include <string.h>

#include "expr/expr.h"
#include "fuzz.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "yaml/doc.h"

/* The variables: each top-level key of this document. Strings long enough
 * to make a careless regular expression backtrack; every scalar type. */
static const char DOC[] =
        "decl:\n"
        "  plan: {id: SEMI-2024-012, material: semiconductors, certified_on: 2023-06-01}\n"
        "  partners:\n"
        "    - {name: Alpha, holds: true, country: JP, nda: {signed_on: 2024-01-10}}\n"
        "    - {name: Beta, holds: false, nda: null}\n"
        "    - {name: \"株式会社ガンマ\", holds: true, share: 33.333}\n"
        "  count: 3\n"
        "  share: 12.50\n"
        "  when: 2025-04-01\n"
        "  tag: \"2025-04-01\"\n"
        "  quoted: \"12\"\n"
        "  empty: ~\n"
        "  big: 99999999999999999999999999999999999999\n"
        "params: {capacity_increase_threshold: 10, local_consumption_exemption: 85,\n"
        "  violation_lookback_years: 5, consultation_lead_days: 90, max_authorized_share: 20,\n"
        "  non_compete_max_months: 24, access_review_max_months: 12, effective_from: 2024-03-01,\n"
        "  materials: [semiconductors, storage_batteries]}\n"
        "materials: [{code: semiconductors, ministry: METI, covered: true, certified_plans: 26}]\n"
        "n: 7\n"
        "neg: -9223372036854775808\n"
        "s: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n"
        "l: [1, 2.5, x, 2024-02-29, [1, 2], {k: v}, null, true]\n";

#define MAX_VARS 8

static tl_doc *doc;
static tl_eval *ev;
static const char *names[MAX_VARS];
static tl_value values[MAX_VARS];
static size_t nvars;

static void cleanup(void)
{
	tl_eval_free(ev);
	tl_doc_free(doc);
}

static void init(void)
{
	tl_error err;
	if (tl_doc_load(&doc, &err, DOC, sizeof(DOC) - 1, NULL) != 0) {
		fprintf(stderr, "fuzz_expr: the fixed document does not load: %s\n", err.msg);
		abort();
	}
	const tl_node *root = tl_doc_root(doc);
	for (size_t i = 0; i < root->u.map.count && nvars < MAX_VARS; i++, nvars++) {
		names[nvars] = root->u.map.pairs[i].key->u.scalar.text;
		values[nvars] = tl_value_from_node(root->u.map.pairs[i].value);
	}
	ev = tl_eval_new();
	FUZZ_ASSERT(ev != NULL);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	tl_expr_opts opts = TL_EXPR_OPTS_INIT;
	tl_expr *e = NULL;
	tl_error err;

	if (!ready) {
		init();
		ready = 1;
	}
	opts.file = "fuzz.yaml";
	opts.vars = names;
	opts.nvars = nvars;
	tl_error_clear(&err);
	int rc = tl_expr_compile(&e, &err, (const char *)data, size, &opts);
	if (rc != 0) {
		/* A refusal is positioned and says what is wrong, in both languages. */
		FUZZ_ASSERT(e == NULL && err.code == rc);
		FUZZ_ASSERT(rc == TL_ESYNTAX || rc == TL_ELIMIT || rc == TL_ENOMEM);
		FUZZ_ASSERT(err.pos.line >= 1 && err.msg[0] != '\0');
		FUZZ_ASSERT(tl_utf8_check(err.msg, strlen(err.msg)) == strlen(err.msg));
		return 0;
	}
	tl_value v;
	tl_eval_reset(ev);
	rc = tl_expr_eval(&v, e, ev, values);
	FUZZ_ASSERT(rc == 0 || rc == TL_ENOMEM);
	if (rc == 0) {
		tl_buf b = TL_BUF_INIT;
		if (tl_value_is_error(&v)) {
			FUZZ_ASSERT(v.u.err && v.u.err->msg && v.u.err->msg[0] != '\0');
			FUZZ_ASSERT(v.u.err->pos.line >= 1);
		}
		tl_value_format(&b, &v, ev);
		tl_buf_reset(&b);
		tl_value_to_json(&b, &v, ev);
		/* JSON text is always valid UTF-8 (invalid bytes become U+FFFD). */
		FUZZ_ASSERT(b.oom || !b.data || tl_utf8_check(b.data, b.len) == b.len);
		tl_buf_free(&b);
		(void)tl_value_type_name(&v);
	}
	tl_expr_free(e);
	return 0;
}
