/* diff.h - the layout of a diff, shared by its computation and its writers. */
#ifndef TL_WAIVER_DIFF_H
#define TL_WAIVER_DIFF_H

#include "internal.h"

struct tlcheck_diff {
	tl_arena arena;              /* entries, stable paths and fingerprints */
	const tlcheck_result *old_res, *new_res;
	tlcheck_diff_entry *items;
	size_t count;
	size_t counts[4];            /* by tlcheck_change */
};

#endif
