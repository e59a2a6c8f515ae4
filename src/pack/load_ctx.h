/* load_ctx.h - shared state while one rule pack loads (private to src/pack). */
#ifndef TL_PACK_LOAD_CTX_H
#define TL_PACK_LOAD_CTX_H

#include <stdbool.h>

#include "../util/diags.h"
#include "pack.h"

typedef struct tl_pk {
	tlcheck_pack *pack;
	tlcheck_diags *diags;
	int nerr;
	const char *dir;        /* NULL: the embedded pack */
	/* The file being read. */
	const char *file;
	const char *data;
	size_t len;
	const size_t *line_start;  /* byte offset of each line (index 0: line 1), after a BOM */
	size_t nlines;
	const tl_doc *doc;
	size_t share_base;      /* tl_let.shared of the file's first defaults let, minus 1 */
	size_t shared_list;     /* tl_case.shared_list of the file's defaults for_each, or 0 */
	/* The file's defaults for_each and lets, compiled for the first case that
	 * iterates as the defaults do and taken as they are by the next ones
	 * (the same text with the same variables before it). */
	tl_expr *shared_for_each;
	bool have_shared_for_each;
	tl_expr **shared_lets;  /* by index in the defaults' let */
	bool *have_shared_let;
	size_t nshared_lets;
} tl_pk;

void tl_pk_error(tl_pk *pk, const tl_node *at, const char *en, const char *ja, ...);
/* Reports keys of `map` not in the NULL-terminated `allowed` list. */
void tl_pk_check_keys(tl_pk *pk, const tl_node *map, const char *what, const char *const *allowed);
/* A required key of kind `kind` (or any kind when kind < 0). Reports and returns NULL if absent. */
const tl_node *tl_pk_need(tl_pk *pk, const tl_node *map, const char *key, int kind);
const char *tl_pk_string(tl_pk *pk, const tl_node *n);        /* scalar text copied to the pack */
bool tl_pk_text(tl_pk *pk, const tl_node *n, tl_text *out);   /* {en, ja} */
tl_expr *tl_pk_compile(tl_pk *pk, const tl_node *n, const char *const *vars, size_t nvars);
bool tl_pk_template(tl_pk *pk, const tl_node *n, tl_template *out,
                    const char *const *vars, size_t nvars);
/* Builds the per-byte position map of a scalar node's text (len + 1 entries),
 * needed only while compiling it: free() it after. NULL when out of memory. */
tl_pos *tl_pk_posmap(tl_pk *pk, const tl_node *n);

int tl_pk_load_params(tl_pk *pk, const tl_node *params);
int tl_pk_load_rules_file(tl_pk *pk, const tl_node *root);

#endif
