/* diags.h - a list of positioned problems (rule packs, waiver files). */
#ifndef TL_DIAGS_H
#define TL_DIAGS_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "tlcheck/tlcheck.h"

struct tlcheck_diags {
	tl_arena arena;
	tlcheck_diag *items;
	size_t count, cap;
};

/* Creates an empty list; NULL when out of memory. */
tlcheck_diags *tl_diags_new(void);
/* Adds a problem in `file`; `data`/`len` (may be NULL) is the file's text,
 * used to render the source line under the message. */
void tl_diags_add(tlcheck_diags *d, const char *file, const tl_error *err,
                  const char *data, size_t len);

#endif
