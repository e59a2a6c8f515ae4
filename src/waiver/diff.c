/* diff.c - the findings of two declarations of one plan, matched by fingerprint. */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "diff.h"
#include "../util/sort.h"

const char *tlcheck_change_name(tlcheck_change c)
{
	switch (c) {
	case TLCHECK_CHANGE_NEW: return "new";
	case TLCHECK_CHANGE_RESOLVED: return "resolved";
	case TLCHECK_CHANGE_NOT_RECHECKED: return "not_rechecked";
	default: return "unchanged";
	}
}

typedef struct fp_ref {
	const char *fp;
	size_t idx;
} fp_ref;

static int cmp_ref(const void *pa, const void *pb)
{
	const fp_ref *a = pa, *b = pb;
	int d = strcmp(a->fp, b->fp);
	if (d)
		return d;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Index into `refs` (sorted) of the entry with fingerprint fp, or -1. */
static long find_ref(const fp_ref *refs, size_t n, const char *fp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(refs[mid].fp, fp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(refs[lo].fp, fp) == 0 ? (long)lo : -1;
}

static void add(tlcheck_diff *d, tlcheck_change c, const tlcheck_finding *f, const tlcheck_finding *old,
                const char *stable, const char *fp)
{
	tlcheck_diff_entry *e = &d->items[d->count++];
	e->change = c;
	e->finding = f;
	e->old = old;
	e->stable_path = stable;
	e->fingerprint = fp;
	d->counts[c]++;
}

/* An old finding absent from the new result is resolved only when its rule
 * checked the new declaration: not when the new file could not be loaded, or
 * when its check stopped before the rule's stage, nor when the rule was left
 * out (--rule, --clause). */
static tlcheck_change gone(const tlcheck_result *new_res, const tlcheck_finding *f)
{
	tlcheck_rule_status st = f->rule_index >= 0 ? tlcheck_result_rule_status(new_res, (size_t)f->rule_index)
	                                            : TLCHECK_PASS;
	if (st == TLCHECK_NOT_SELECTED || tl_result_rule_skipped(new_res, f->rule_index))
		return TLCHECK_CHANGE_NOT_RECHECKED;
	return TLCHECK_CHANGE_RESOLVED;
}

/* The fingerprints `check` reports for the findings of `res` (with its plan's
 * scope), from the stable paths `f` already holds: no path is walked again. */
static const char **check_fps(const tl_fps *f, const tlcheck_result *res, tl_arena *a)
{
	uint64_t *h = malloc((f->n ? f->n : 1) * sizeof(*h));
	if (!h)
		return NULL;
	const char *scope = tl_fp_scope(res);
	for (size_t i = 0; i < f->n; i++)
		h[i] = tl_fp_hash(tlcheck_result_finding(res, i)->rule, scope, f->stable[i]);
	const char **fp = tl_fp_number(h, f->n, a);
	free(h);
	return fp;
}

int tlcheck_diff_results(tlcheck_diff **out, const tlcheck_result *old_res,
                         const tlcheck_result *new_res)
{
	tlcheck_diff *d = calloc(1, sizeof(*d));
	tl_fps fo, fn;
	const char **so, **sn;
	fp_ref *refs = NULL;
	size_t *old_match = NULL;
	int rc = TLCHECK_ENOMEM;

	*out = NULL;
	if (!d)
		return TLCHECK_ENOMEM;
	d->old_res = old_res;
	d->new_res = new_res;
	/* The same plan: its id is the scope of both, and a file renamed from one
	 * year to the next must not make every finding new. So no scope at all. */
	if (tl_fps_compute(&fo, old_res, "", &d->arena) != 0 || tl_fps_compute(&fn, new_res, "", &d->arena) != 0)
		goto out;
	/* What is shown is each finding's fingerprint as `check` reports it (with
	 * its plan's scope), so that diff's output matches check's JSON and SARIF. */
	if (!(so = check_fps(&fo, old_res, &d->arena)) || !(sn = check_fps(&fn, new_res, &d->arena)))
		goto out;
	d->items = tl_arena_alloc(&d->arena, (fo.n + fn.n + 1) * sizeof(*d->items));
	refs = malloc((fo.n + 1) * sizeof(*refs));
	old_match = calloc(fo.n + 1, sizeof(*old_match));
	if (!d->items || !refs || !old_match)
		goto out;
	for (size_t i = 0; i < fo.n; i++) {
		refs[i].fp = fo.fp[i];
		refs[i].idx = i;
	}
	tl_sort(refs, fo.n, sizeof(*refs), cmp_ref);
	/* old_match[i]: 1 + the new finding that matched old finding i. The
	 * occurrence number in a fingerprint makes each match one to one. */
	for (size_t i = 0; i < fn.n; i++) {
		long r = find_ref(refs, fo.n, fn.fp[i]);
		if (r >= 0)
			old_match[refs[r].idx] = i + 1;
	}
	size_t *new_match = calloc(fn.n + 1, sizeof(*new_match));
	if (!new_match)
		goto out;
	for (size_t i = 0; i < fo.n; i++)
		if (old_match[i])
			new_match[old_match[i] - 1] = i + 1;
	for (size_t i = 0; i < fn.n; i++)
		if (!new_match[i])
			add(d, TLCHECK_CHANGE_NEW, tlcheck_result_finding(new_res, i), NULL, fn.stable[i], sn[i]);
	for (size_t i = 0; i < fo.n; i++)
		if (!old_match[i])
			add(d, gone(new_res, tlcheck_result_finding(old_res, i)),
			    tlcheck_result_finding(old_res, i), NULL, fo.stable[i], so[i]);
	for (size_t i = 0; i < fn.n; i++)
		if (new_match[i])
			add(d, TLCHECK_CHANGE_UNCHANGED, tlcheck_result_finding(new_res, i),
			    tlcheck_result_finding(old_res, new_match[i] - 1), fn.stable[i], sn[i]);
	free(new_match);
	*out = d;
	d = NULL;
	rc = 0;
out:
	free(refs);
	free(old_match);
	tlcheck_diff_free(d);
	return rc;
}

size_t tlcheck_diff_count(const tlcheck_diff *d)
{
	return d ? d->count : 0;
}

const tlcheck_diff_entry *tlcheck_diff_get(const tlcheck_diff *d, size_t i)
{
	return d && i < d->count ? &d->items[i] : NULL;
}

size_t tlcheck_diff_changes(const tlcheck_diff *d, tlcheck_change c)
{
	return d && (unsigned)c < 4 ? d->counts[c] : 0;
}

void tlcheck_diff_free(tlcheck_diff *d)
{
	if (!d)
		return;
	tl_arena_clear(&d->arena);
	free(d);
}
