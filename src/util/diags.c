/* diags.c - positioned problem lists handed to library users. */
#include "diags.h"

#include <stdlib.h>
#include <string.h>

#include "../yaml/doc.h"

tlcheck_diags *tl_diags_new(void)
{
	return calloc(1, sizeof(tlcheck_diags));
}

void tl_diags_add(tlcheck_diags *d, const char *file, const tl_error *err,
                  const char *data, size_t len)
{
	if (!d)
		return;
	/* The same problem reached twice (a shared `let` compiled for each rule
	 * of a file) is reported once. */
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].line == err->pos.line && d->items[i].column == err->pos.col &&
		    strcmp(d->items[i].file, file ? file : "") == 0 &&
		    strcmp(d->items[i].message, err->msg) == 0)
			return;
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		tlcheck_diag *p = tl_arena_grow(&d->arena, d->items, d->count * sizeof(*p),
		                                cap * sizeof(*p));
		if (!p)
			return;
		d->items = p;
		d->cap = cap;
	}
	tlcheck_diag *g = &d->items[d->count];
	g->file = tl_arena_strdup(&d->arena, file ? file : "");
	g->line = err->pos.line;
	g->column = err->pos.col;
	g->message = tl_arena_strdup(&d->arena, err->msg);
	g->message_ja = tl_arena_strdup(&d->arena, err->msg_ja[0] ? err->msg_ja : err->msg);
	char *r = tl_render_error(file, err, "en", data, len);
	char *rj = tl_render_error(file, err, "ja", data, len);
	g->rendered = r ? tl_arena_strdup(&d->arena, r) : g->message;
	g->rendered_ja = rj ? tl_arena_strdup(&d->arena, rj) : g->message_ja;
	free(r);
	free(rj);
	if (g->file && g->message && g->message_ja && g->rendered && g->rendered_ja)
		d->count++;
}

size_t tlcheck_diags_count(const tlcheck_diags *d)
{
	return d ? d->count : 0;
}

const tlcheck_diag *tlcheck_diags_get(const tlcheck_diags *d, size_t i)
{
	return d && i < d->count ? &d->items[i] : NULL;
}

void tlcheck_diags_free(tlcheck_diags *d)
{
	if (!d)
		return;
	tl_arena_clear(&d->arena);
	free(d);
}
