/* html.h - the HTML report's private parts: its state, and the summary written last. */
#ifndef TL_REPORT_HTML_H
#define TL_REPORT_HTML_H

#include <stdio.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "writer.h"

/* What the summary keeps of one declaration (the rest of the result is gone
 * by the time the summary is written). Strings are owned by the state's arena. */
typedef struct html_file_sum {
	const char *file, *plan, *material;
	size_t findings[3];          /* open findings by tlcheck_severity */
	size_t waived;
	bool load_failed;
	size_t index;                /* position in the batch: the section's id is file-<index> */
} html_file_sum;

typedef struct html_state {
	FILE *body;                  /* the declarations' sections, written after the summary */
	tl_buf mem;                  /* holds them instead when tmpfile() is unavailable */
	tl_arena arena;
	html_file_sum *files;
	size_t nfiles, capfiles;
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

/* Appends everything before the declarations' sections: the document head with
 * its style sheet, the page header and the batch summary with its charts. */
void tl_html_head_and_summary(tlcheck_report *rep, const html_state *st, int exit_status);

#endif
