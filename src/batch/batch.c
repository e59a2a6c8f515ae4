/* batch.c - checking many files; results reach the caller in input order. */
#include <stdlib.h>

#include "../check/check.h"
#include "../util/error.h"
#include "tlcheck/tlcheck.h"

int tlcheck_check_files(const tlcheck_pack *pack, const char *const *paths, size_t count,
                        const tlcheck_check_options *opts, unsigned jobs, tlcheck_result_cb cb,
                        void *ud)
{
	(void)jobs;
	tl_eval *ev = tl_eval_new();
	int rc = 0;
	if (!ev)
		return TLCHECK_ENOMEM;
	for (size_t i = 0; i < count && rc == 0; i++) {
		tlcheck_result *res = NULL;
		char *data = NULL;
		size_t len = 0;
		tl_error err;
		tl_error_clear(&err);
		int r = tl_read_file(&data, &len, paths[i], opts ? opts->max_bytes : 0, &err);
		if (r == TL_ENOMEM)
			rc = TLCHECK_ENOMEM;
		else if (r != 0)
			rc = tl_check_failed(&res, ev, pack, paths[i], &err, opts);
		else
			rc = tl_check_buffer(&res, ev, pack, paths[i], data, len, opts);
		free(data);
		if (rc == 0)
			rc = cb(ud, i, res);
	}
	tl_eval_free(ev);
	return rc;
}
