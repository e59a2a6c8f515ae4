/* pending.c - formats not written yet report themselves as unavailable. */
#include "writer.h"

static int unavailable(tlcheck_report *rep)
{
	(void)rep;
	return TLCHECK_EINVALID;
}

const tl_writer tl_writer_sarif = {unavailable, NULL, NULL, NULL};
const tl_writer tl_writer_junit = {unavailable, NULL, NULL, NULL};
const tl_writer tl_writer_csv = {unavailable, NULL, NULL, NULL};
const tl_writer tl_writer_html = {unavailable, NULL, NULL, NULL};
