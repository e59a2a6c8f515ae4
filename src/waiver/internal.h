/* internal.h - private parts of waivers, fingerprints, baselines and diffs. */
#ifndef TL_WAIVER_INTERNAL_H
#define TL_WAIVER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../value/date.h"
#include "../yaml/doc.h"
#include "tlcheck/waivers.h"

struct tlcheck_waivers {
	tl_arena arena;              /* owns the entries and their strings */
	char today[TL_DATE_BUFSZ];
	tlcheck_waiver *items;
	size_t count;
};

/* ---- paths and fingerprints (fingerprint.c) ---- */

/* Appends the stable form of a finding path to `out` (may be NULL: then the
 * path is only checked): list indexes become [id=...] or [name=...] when the
 * item found by walking `root` (may be NULL) has one. Both the plain form
 * (`partners[0].nda`) and the stable form are accepted as input. Returns
 * false when `path` is not a well-formed path. */
bool tl_path_stabilize(tl_buf *out, const tl_node *root, const char *path);

/* Lookups by key in the mappings of one document, for many paths in a row: a
 * mapping of more than a few keys is indexed the first time a path reads it,
 * so that a mapping of n keys, each with a finding, costs O(n) and not O(n^2).
 * Out of memory, lookups scan as without it. Free with tl_path_index_free(). */
typedef struct tl_path_index {
	struct tl_pix_slot *slots;
	size_t cap, used;
	bool oom;
} tl_path_index;
#define TL_PATH_INDEX_INIT {NULL, 0, 0, false}
bool tl_path_stabilize_ix(tl_buf *out, const tl_node *root, const char *path, tl_path_index *ix);
void tl_path_index_free(tl_path_index *ix);

/* What identifies a declaration across runs: its plan id, else the base name
 * of its file. Points into the result. */
const char *tl_fp_scope(const tlcheck_result *res);

/* The hash of a finding's identity. */
uint64_t tl_fp_hash(const char *rule, const char *scope, const char *stable_path);

/* Stable paths and fingerprints ("hash:occurrence") of every finding of a
 * result, in finding order, allocated in `a`. `scope` NULL: tl_fp_scope(res). */
typedef struct tl_fps {
	const char **stable;
	const char **fp;
	size_t n;
} tl_fps;

int tl_fps_compute(tl_fps *out, const tlcheck_result *res, const char *scope, tl_arena *a);

/* "hash:occurrence" for each of n hashes given in order, into `a`; NULL when
 * out of memory. */
const char **tl_fp_number(const uint64_t *hashes, size_t n, tl_arena *a);

/* ---- baselines (baseline.c) ---- */

typedef struct tl_base_finding {
	const char *fp;
	const char *scope;
	const char *file, *plan, *rule, *severity, *clause, *path, *message;
	uint32_t line, column;
	size_t order;                /* position in the earlier report */
	bool matched;
} tl_base_finding;

struct tlcheck_baseline {
	tl_arena arena;
	const char *name;
	tl_base_finding *items;      /* sorted by fingerprint for lookups */
	size_t count;
	const char **scopes;         /* the earlier report's plans (scopes), sorted */
	size_t nscopes;
	bool legacy;                 /* written without fingerprints: match paths as written */
	bool partial;                /* some rule of a result was not_selected */
	const char *pack_name;       /* the report's rulepack, or "" when it names none */
	const char *pack_version;
};

/* The earlier finding with this fingerprint not matched yet, or NULL. */
tl_base_finding *tl_baseline_find(tlcheck_baseline *b, const char *fp);

/* True when the earlier report holds this scope. */
bool tl_baseline_has_scope(const tlcheck_baseline *b, const char *scope);

#endif
