/* eval_api.c - tlcheck_eval(): one expression against an optional input document. */
#include <stdlib.h>
#include <string.h>

#include "../expr/expr.h"
#include "../util/buf.h"
#include "../yaml/doc.h"
#include "tlcheck/tlcheck.h"

int tlcheck_eval(char **json, char **errmsg, const char *expr, const char *input,
                 size_t input_len, const char *input_name, const char *lang)
{
	tl_doc *doc = NULL;
	tl_error err;
	int rc;

	*json = NULL;
	*errmsg = NULL;
	tl_error_clear(&err);
	if (input) {
		rc = tl_doc_load(&doc, &err, input, input_len, NULL);
		if (rc == TL_ENOMEM)
			return TLCHECK_ENOMEM;
		if (rc != 0) {
			*errmsg = tl_render_error(input_name, &err, lang, input, input_len);
			return TLCHECK_ESYNTAX;
		}
		if (tl_doc_root(doc)->kind != TL_NODE_MAPPING) {
			tl_buf b = TL_BUF_INIT;
			tl_buf_printf(&b, lang && strcmp(lang, "ja") == 0
			                      ? "%s: --input にはキーと値のマッピングが必要です"
			                      : "%s: --input must hold a mapping of names to values",
			              input_name);
			*errmsg = tl_buf_detach(&b);
			tl_doc_free(doc);
			return TLCHECK_ESYNTAX;
		}
	}
	rc = tl_expr_eval_json(json, &err, expr, strlen(expr), doc ? tl_doc_root(doc) : NULL);
	if (rc == TL_ESYNTAX || rc == TL_ELIMIT) {
		*errmsg = tl_render_error("<expression>", &err, lang, expr, strlen(expr));
		rc = TLCHECK_ESYNTAX;
	} else if (rc == TL_EEVAL) {
		tl_buf b = TL_BUF_INIT;
		tl_buf_printf(&b, "<expression>:%u:%u: %s", err.pos.line, err.pos.col,
		              tl_error_message(&err, lang));
		*errmsg = tl_buf_detach(&b);
		rc = TLCHECK_EEVAL;
	} else if (rc != 0) {
		rc = TLCHECK_ENOMEM;
	}
	tl_doc_free(doc);
	return rc;
}
