/* html.h - the HTML report's private parts: its state, and the summary written last. */
#ifndef TL_REPORT_HTML_H
#define TL_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "../util/buf.h"
#include "writer.h"

/* What the summary says of one declaration: its row in the table of plans,
 * and its section's heading. Strings are the result's. */
typedef struct html_file_sum {
	const char *file, *plan, *material;
	size_t findings[3];          /* open findings by tlcheck_severity */
	size_t waived;
	bool load_failed;
	size_t index;                /* position in the batch: the section's id is file-<index> */
} html_file_sum;

/* Rows of the table of plans are ranked: errors (or unreadable), warnings,
 * info, clean; within a rank, in the order of the batch. */
#define HTML_RANKS 4

/* Nothing in the state grows with the batch but the spools, on disk. */
typedef struct html_state {
	tl_spool body;               /* the declarations' sections, written after the summary */
	tl_spool plans[HTML_RANKS];  /* the rows of the table of plans, by rank */
} html_state;

/* The fixed text of the report in its language. */
static inline const char *html_l(const tlcheck_report *rep, const char *en, const char *ja)
{
	return rep->ja ? ja : en;
}

/* Appends text (NULL as "") escaped for HTML text and attribute values. */
void tl_html_text(tl_buf *b, const char *s);

/* The name of a material code in the report's language; the code itself when
 * the pack does not know it; a placeholder for "". Owned by the pack. */
const char *tl_html_material_name(const tlcheck_report *rep, const char *code);

/* Writes everything before the declarations' sections: the document head with
 * its style sheet, the page header and the batch summary with its charts (the
 * table of plans copied from st's spools). */
void tl_html_head_and_summary(tlcheck_report *rep, html_state *st, int exit_status);

#endif
