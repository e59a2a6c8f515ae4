/* source.h - reading a rule pack's files from the embedded copy or a folder. */
#ifndef TL_PACK_SOURCE_H
#define TL_PACK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"

/* Largest rule-pack file accepted. */
#define TL_PACK_MAX_FILE ((size_t)4 << 20)

/* Reads `name` (relative, e.g. "tl-c.yaml") from the folder `dir`, or from the
 * embedded pack when dir is NULL, into memory owned by `arena`. A name that is
 * absolute, holds "..", or leads through a symbolic link is refused: a pack
 * cannot reach outside its folder. Returns 0 or a negative tl_status with err. */
int tl_pack_read(const char **data, size_t *len, tl_arena *arena, const char *dir,
                 const char *name, tl_error *err);

/* The tree the build froze for the embedded file `name` (tl_doc_thaw), when
 * there is one. */
bool tl_pack_frozen(const char *name, const unsigned char **data, size_t *len);

#endif
