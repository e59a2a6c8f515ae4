/* check.h - applying a compiled pack to one document (internal entry for batches). */
#ifndef TL_CHECK_H
#define TL_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "../expr/expr.h"
#include "../util/error.h"
#include "tlcheck/tlcheck.h"

/* Checks `data` with an evaluation context the caller keeps per thread (so a
 * batch worker reuses it across files). Same contract as tlcheck_check_buffer. */
int tl_check_buffer(tlcheck_result **out, tl_eval *ev, const tlcheck_pack *pack,
                    const char *filename, const char *data, size_t len,
                    const tlcheck_check_options *opts);

/* A result for a file that could not be read: its load-error finding. */
int tl_check_failed(tlcheck_result **out, tl_eval *ev, const tlcheck_pack *pack,
                    const char *filename, const tl_error *err, const tlcheck_check_options *opts);

/* Which file was opened: its device and inode (`known` once it was opened). */
typedef struct tl_file_id {
	bool known;
	uint64_t dev, ino;
} tl_file_id;

/* Reads a whole file into a malloc'd buffer, refusing more than max_bytes
 * (the loader's limit is then reported with the file's real size). Sets *id
 * (when not NULL) to the file it opened, also when reading it then fails. */
int tl_read_file(char **data, size_t *len, const char *path, size_t max_bytes, tl_error *err,
                 tl_file_id *id);

#endif
