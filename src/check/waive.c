/* waive.c - marking a finding waived, its waiver's words copied into the result. */
#include <string.h>

#include "result.h"
#include "tlcheck/waivers.h"

int tlcheck_result_waive(tlcheck_result *res, size_t i, const char *reason,
                         const char *approved_by, const char *expires)
{
	if (!res || i >= res->nfindings)
		return TLCHECK_EINVALID;
	/* Copies, not pointers: the waiver set may be freed before the result is
	 * reported (a library user applies waivers and drops them). */
	const char *r = tl_arena_strdup(&res->arena, reason ? reason : "");
	const char *a = tl_arena_strdup(&res->arena, approved_by ? approved_by : "");
	const char *e = tl_arena_strdup(&res->arena, expires ? expires : "");
	if (!r || !a || !e)
		return TLCHECK_ENOMEM;
	tlcheck_finding *f = &res->findings[i];
	f->waived = true;
	f->waiver_reason = r;
	f->waiver_approver = a;
	f->waiver_expires = e;
	return 0;
}
