/* tlcheck.h - check declarations against Japan's technology-leakage prevention measures.
 *
 * The library behind the `tlcheck` tool. A submission portal or a batch job:
 *
 *     tlcheck_pack *pack;
 *     tlcheck_diags *diags = NULL;
 *     if (tlcheck_pack_load_default(&pack, &diags) != 0) ...   // once
 *     tlcheck_check_options opts = TLCHECK_CHECK_OPTIONS_INIT;
 *     opts.lang = "ja";
 *     tlcheck_result *res;
 *     tlcheck_check_buffer(&res, pack, "upload.yaml", data, len, &opts);
 *     for (size_t i = 0; i < tlcheck_result_finding_count(res); i++) {
 *         const tlcheck_finding *f = tlcheck_result_finding(res, i);
 *         ... f->rule, f->line, f->message ...
 *     }
 *     tlcheck_result_free(res);
 *     tlcheck_pack_free(pack);
 *
 * Conventions (libgit2's): functions return 0 on success and a negative
 * tlcheck_error_code on failure; an out-parameter comes first and is named
 * `out`; option structs carry a version and have an _INIT macro. A loaded pack
 * may be shared by any number of threads checking files: it does not change,
 * but that the built-in pack compiles each message the first time one is
 * rendered, under a lock of its own (so a process forked while another thread
 * checks files should load its own pack).
 *
 * Ownership, everywhere in this API:
 *   - an object made by tlcheck_X_new/_load/_check... is freed with its own
 *     tlcheck_X_free(), which accepts NULL;
 *   - `const char *` and struct pointers returned by an accessor are borrowed
 *     from the object they came from and stay valid until it is freed; never
 *     free them;
 *   - `char *` returned (or stored through `char **`) is malloc'd and the
 *     caller frees it with free();
 *   - a result points into the pack that produced it (rule ids, clauses,
 *     remediation): free every result before the pack;
 *   - input buffers are never kept: the library copies what it needs.
 *
 * Option structs: always start from the _INIT macro, then set the fields you
 * need. The macro sets `version` to the version of this header; new fields
 * are only ever added at the end, with the version increased, so that code
 * written against this header keeps compiling and meaning the same.
 */
#ifndef TLCHECK_TLCHECK_H
#define TLCHECK_TLCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TLCHECK_BUILDING)
#define TLCHECK_API __attribute__((visibility("default")))
#else
#define TLCHECK_API
#endif

#define TLCHECK_VERSION "1.0.0"

/* Error codes returned by library functions (0 = success). */
typedef enum tlcheck_error_code {
	TLCHECK_OK = 0,
	TLCHECK_ENOMEM = -1,
	TLCHECK_EIO = -2,
	TLCHECK_ESYNTAX = -3,
	TLCHECK_EENCODING = -4,
	TLCHECK_ELIMIT = -5,
	TLCHECK_EDUPKEY = -6,
	TLCHECK_EMULTIDOC = -7,
	TLCHECK_EINVALID = -8,
	TLCHECK_EEVAL = -9,
	TLCHECK_EUSAGE = -10
} tlcheck_error_code;

typedef enum tlcheck_severity {
	TLCHECK_INFO = 0,
	TLCHECK_WARNING = 1,
	TLCHECK_ERROR = 2
} tlcheck_severity;

/* "error", "warning", "info". Static; do not free. */
TLCHECK_API const char *tlcheck_severity_name(tlcheck_severity s);
/* The same in words of language `lang` ("ja" or "en"): 「エラー」, "error". */
TLCHECK_API const char *tlcheck_severity_label(tlcheck_severity s, const char *lang);
/* Parses "error", "warning", "info"; returns -1 for anything else. */
TLCHECK_API int tlcheck_severity_parse(const char *s);

/* The library's version string ("1.0.0"). Static; do not free. */
TLCHECK_API const char *tlcheck_version(void);

/* ---- diagnostics: problems in a rule pack, a waiver file, ... ---------------- */

/* One problem. Every string is owned by the tlcheck_diags it came from. */
typedef struct tlcheck_diag {
	const char *file;      /* file the problem is in (may be "" when none) */
	uint32_t line;         /* 1-based; 0 when unknown */
	uint32_t column;       /* 1-based; 0 when unknown */
	const char *message;   /* English */
	const char *message_ja;
	const char *rendered;  /* `file:line:col: message` + source line + caret, English */
	const char *rendered_ja;
} tlcheck_diag;

typedef struct tlcheck_diags tlcheck_diags;

/* Number of problems; 0 for NULL (no problem was found). */
TLCHECK_API size_t tlcheck_diags_count(const tlcheck_diags *d);
/* Owned by `d`; valid until tlcheck_diags_free(d). NULL when i is out of range. */
TLCHECK_API const tlcheck_diag *tlcheck_diags_get(const tlcheck_diags *d, size_t i);
/* Frees the list and every string in it; NULL is allowed. */
TLCHECK_API void tlcheck_diags_free(tlcheck_diags *d);

/* ---- rule packs ----------------------------------------------------------------- */

typedef struct tlcheck_pack tlcheck_pack;

/* Loads the rule pack compiled into the library. On failure (only if the
 * embedded pack were broken) returns TLCHECK_EINVALID and, when `diags` is not
 * NULL, sets *diags to the problems (free with tlcheck_diags_free; it is set to
 * NULL when there are none). Free the pack with tlcheck_pack_free(). */
TLCHECK_API int tlcheck_pack_load_default(tlcheck_pack **out, tlcheck_diags **diags);

/* Loads a rule pack from a folder holding pack.yaml and the files it names.
 * Every problem is reported with file:line:col in *diags (when `diags` is not
 * NULL: free it with tlcheck_diags_free; it is set to NULL when there are
 * none). Loading never runs anything and never reads a file outside `dir`.
 * Returns 0, TLCHECK_EINVALID (*out is then NULL) or TLCHECK_ENOMEM. Free the
 * pack with tlcheck_pack_free(). */
TLCHECK_API int tlcheck_pack_load_dir(tlcheck_pack **out, const char *dir, tlcheck_diags **diags);

/* Frees the pack and every string its accessors returned; NULL is allowed.
 * Free the results checked with it, and reports that name it, first. */
TLCHECK_API void tlcheck_pack_free(tlcheck_pack *pack);

/* Overrides a parameter (`--param NAME=VALUE`) before the pack is used: the
 * text is read by the parameter's type (decimal, int, date, string, bool, or a
 * comma-separated list of strings). On failure returns TLCHECK_EINVALID and
 * sets *errmsg to a malloc'd message (free it) when errmsg is not NULL. Not
 * thread-safe: call before sharing the pack. */
TLCHECK_API int tlcheck_pack_set_param(tlcheck_pack *pack, const char *name, const char *value,
                                       const char *lang, char **errmsg);

/* The pack's `pack` and `version` keys. Owned by the pack. */
TLCHECK_API const char *tlcheck_pack_name(const tlcheck_pack *pack);
TLCHECK_API const char *tlcheck_pack_version(const tlcheck_pack *pack);

/* Rules of the pack, in catalogue order. Strings are owned by the pack and
 * valid until tlcheck_pack_free(). */
typedef struct tlcheck_rule_info {
	const char *id;
	const char *clause;          /* "(ウ)"; "" for rules about the file itself */
	tlcheck_severity severity;   /* default severity */
	const char *title;           /* in the language asked for */
	const char *checks;          /* what the rule checks */
	const char *remediation;     /* how to fix a finding */
	const char *example;         /* an example declaration fragment, or "" */
	const char *stage;           /* the evaluation stage it belongs to */
	bool covered_only;           /* only for materials the measures cover */
	const char *file;            /* rule file and position in it */
	uint32_t line;
	const char *params;          /* names of parameters it uses, comma-separated, or "" */
} tlcheck_rule_info;

/* The number of rules of the pack, numbered 0 to count - 1. */
TLCHECK_API size_t tlcheck_pack_rule_count(const tlcheck_pack *pack);
/* Fills *out for rule i in language `lang` ("ja" or "en"). Returns 0, or
 * TLCHECK_EINVALID when i is out of range. */
TLCHECK_API int tlcheck_pack_rule(tlcheck_rule_info *out, const tlcheck_pack *pack, size_t i,
                                  const char *lang);

/* Whether rule i is in the selection `rules` (ids, or patterns ending in '*';
 * letter case does not matter) and `clauses` ("ウ" or "(ウ)"): in a rule list
 * when one of them names it, in a clause list when one is its clause; each
 * list NULL-terminated, NULL or empty for every rule. The selection of
 * tlcheck_check_options. */
TLCHECK_API bool tlcheck_pack_rule_selected(const tlcheck_pack *pack, size_t i,
                                            const char *const *rules,
                                            const char *const *clauses);
/* A load-error rule's own remediation for one kind of load error (its
 * `remediation_by_cause`): the k-th kind it gives one for, in the order
 * read, limit, encoding, syntax, duplicate-key, documents. Returns 0 and sets
 * *cause to the kind's name and *text to the remediation in `lang` (both
 * owned by the pack, valid until tlcheck_pack_free()), or TLCHECK_EINVALID
 * past the last (or for another kind of rule). */
TLCHECK_API int tlcheck_pack_rule_cause_fix(const tlcheck_pack *pack, size_t i, size_t k,
                                            const char *lang, const char **cause,
                                            const char **text);
/* Index of a rule by id, or -1. */
TLCHECK_API long tlcheck_pack_find_rule(const tlcheck_pack *pack, const char *id);

/* Strings are owned by the pack. */
typedef struct tlcheck_clause_info {
	const char *id;        /* "(ア)" */
	const char *title;     /* in the language asked for */
	const char *text_ja;   /* the original Japanese wording */
	const char *text_en;   /* an English rendering */
} tlcheck_clause_info;

/* Fills *out for the clause `id` ("(ウ)"). Returns 0, or TLCHECK_EINVALID when
 * the pack has no such clause. */
TLCHECK_API int tlcheck_pack_clause(tlcheck_clause_info *out, const tlcheck_pack *pack,
                                    const char *id, const char *lang);

/* Strings are owned by the pack (a value replaced by tlcheck_pack_set_param
 * stays valid too, until the pack is freed). */
typedef struct tlcheck_param_info {
	const char *name;
	const char *type;      /* "decimal", "int", "date", "string", "bool", "list" */
	const char *value;     /* current value as text (after --param) */
	const char *default_value;
	const char *meaning;   /* in the language asked for */
} tlcheck_param_info;

/* The number of parameters of the pack, numbered 0 to count - 1. */
TLCHECK_API size_t tlcheck_pack_param_count(const tlcheck_pack *pack);
/* Fills *out for parameter i. Returns 0, or TLCHECK_EINVALID when i is out of range. */
TLCHECK_API int tlcheck_pack_param(tlcheck_param_info *out, const tlcheck_pack *pack, size_t i,
                                   const char *lang);

/* Strings are owned by the pack. */
typedef struct tlcheck_material_info {
	const char *code;
	const char *name;      /* in the language asked for */
	const char *ministry;
	bool covered;          /* the leakage measures apply (parameter `materials`) */
	long certified_plans;  /* as published, or -1 */
} tlcheck_material_info;

/* The number of materials the pack knows, numbered 0 to count - 1. */
TLCHECK_API size_t tlcheck_pack_material_count(const tlcheck_pack *pack);
/* Fills *out for material i. Returns 0, or TLCHECK_EINVALID when i is out of range. */
TLCHECK_API int tlcheck_pack_material(tlcheck_material_info *out, const tlcheck_pack *pack,
                                      size_t i, const char *lang);

/* The name of the legal text the pack encodes, in the language asked for.
 * Owned by the pack. */
TLCHECK_API const char *tlcheck_pack_legal_text(const tlcheck_pack *pack, const char *lang);

/* The pack's declaration template for `material` (tlcheck init), malloc'd (free
 * it); NULL when the material is unknown. */
TLCHECK_API char *tlcheck_pack_template(const tlcheck_pack *pack, const char *material);

/* ---- checking ---------------------------------------------------------------------- */

/* Options of a check. Start from TLCHECK_CHECK_OPTIONS_INIT. The strings and
 * lists are read during the call only; they are not kept. */
typedef struct tlcheck_check_options {
	unsigned version;           /* TLCHECK_CHECK_OPTIONS_VERSION; any other value makes
	                               every check return TLCHECK_EINVALID */
	const char *lang;           /* "en" (default) or "ja" */
	size_t max_bytes;           /* 0: default limits of the loader */
	uint32_t max_depth;
	size_t max_nodes;
	size_t max_alias_nodes;
	/* Rule selection (--rule / --clause): NULL-terminated lists, or NULL for all.
	 * Rule patterns may end in '*' ("TL-C-*"). */
	const char *const *rules;
	const char *const *clauses;
} tlcheck_check_options;

#define TLCHECK_CHECK_OPTIONS_VERSION 1
#define TLCHECK_CHECK_OPTIONS_INIT {TLCHECK_CHECK_OPTIONS_VERSION, "en", 0, 0, 0, 0, NULL, NULL}

typedef enum tlcheck_rule_status {
	TLCHECK_PASS = 0,
	TLCHECK_FAIL = 1,
	TLCHECK_NOT_APPLICABLE = 2,
	TLCHECK_RULE_ERROR = 3,
	TLCHECK_NOT_SELECTED = 4
} tlcheck_rule_status;

/* "pass", "fail", "not_applicable", "error", "not_selected". Static; do not free. */
TLCHECK_API const char *tlcheck_rule_status_name(tlcheck_rule_status s);

/* One finding. Owned by its result: the strings are valid until
 * tlcheck_result_free() (rule, clause and remediation point into the pack,
 * which must outlive the result anyway). */
typedef struct tlcheck_finding {
	const char *rule;            /* the rule id, as in rules.md */
	long rule_index;             /* index in the pack */
	tlcheck_severity severity;   /* after the pack's severity cap */
	tlcheck_severity rule_severity; /* as the rule declares it */
	const char *clause;          /* "(ウ)" or "" */
	const char *path;            /* "partners[1].nda.signed_on"; "" for the root */
	uint32_t line, column;       /* 1-based */
	const char *message;         /* in the language of the check */
	const char *remediation;
	bool rule_error;             /* the rule could not be evaluated (message says why) */
	/* Waivers: set by tlcheck_result_waive(). */
	bool waived;
	const char *waiver_reason;
	const char *waiver_approver;
	const char *waiver_expires;
} tlcheck_finding;

typedef struct tlcheck_result tlcheck_result;

/* Checks one declaration held in memory; `filename` is only used in findings.
 * `data` is not kept (the result copies what it needs); `opts` may be NULL
 * for the defaults. Always produces a result (a file that cannot be parsed
 * has its load-error finding) unless memory runs out: returns 0 or
 * TLCHECK_ENOMEM (*out is then NULL).
 * Free the result with tlcheck_result_free(), before the pack.
 * Thread-safe for a shared pack. */
TLCHECK_API int tlcheck_check_buffer(tlcheck_result **out, const tlcheck_pack *pack,
                                     const char *filename, const char *data, size_t len,
                                     const tlcheck_check_options *opts);

/* Reads and checks a file; a file that cannot be read has a load-error
 * finding. As tlcheck_check_buffer(): free the result with tlcheck_result_free(). */
TLCHECK_API int tlcheck_check_file(tlcheck_result **out, const tlcheck_pack *pack,
                                   const char *path, const tlcheck_check_options *opts);

/* Frees the result, its findings and every string of them; NULL is allowed. */
TLCHECK_API void tlcheck_result_free(tlcheck_result *res);

/* The strings below are owned by the result: valid until tlcheck_result_free(). */
TLCHECK_API const char *tlcheck_result_file(const tlcheck_result *res);
/* The device and inode number of the file the result's check read, as
 * fstat() gave them: a caller can tell which file it was whatever the links
 * and spellings of its path (tlcheck --output refuses to replace an input
 * so). False, leaving both alone, when the file could not be opened or the
 * result was not made from a file (tlcheck_check_buffer). */
TLCHECK_API bool tlcheck_result_file_id(const tlcheck_result *res, unsigned long long *dev,
                                        unsigned long long *ino);
/* plan.id and plan.material as declared, or "" when absent. */
TLCHECK_API const char *tlcheck_result_plan(const tlcheck_result *res);
TLCHECK_API const char *tlcheck_result_material(const tlcheck_result *res);
/* Ministry of the material, per the pack ("" if unknown). */
TLCHECK_API const char *tlcheck_result_ministry(const tlcheck_result *res);
/* True when the file could not be read or parsed (exit status 2). */
TLCHECK_API bool tlcheck_result_load_failed(const tlcheck_result *res);

/* Findings in stable order: by line, column, then rule id. Owned by `res`. */
TLCHECK_API size_t tlcheck_result_finding_count(const tlcheck_result *res);
TLCHECK_API const tlcheck_finding *tlcheck_result_finding(const tlcheck_result *res, size_t i);

/* Status of every rule of the pack on this file (evidence of what passed). */
TLCHECK_API tlcheck_rule_status tlcheck_result_rule_status(const tlcheck_result *res, size_t rule);

/* Source line `line` (1-based) of the checked file, for excerpts: *text (not
 * NUL-terminated; owned by the result) and *len. False when absent. */
TLCHECK_API bool tlcheck_result_source_line(const tlcheck_result *res, uint32_t line,
                                            const char **text, size_t *len);

/* ---- batches ------------------------------------------------------------------------- */

/* Expands command-line paths into the files to check: a directory is searched
 * recursively, at any depth (one directory open at a time), for *.yaml and
 * *.yml (symbolic links to directories are not followed), its files in byte
 * order of their path; any other path is kept as given (a missing file is then
 * reported by the check as unreadable).
 * Sets *out to a malloc'd array of malloc'd strings (free with
 * tlcheck_paths_free) and *count. A directory that cannot be opened (no
 * permission, a name too long, an I/O error, gone), or whose entries cannot all
 * be read, is kept in the list in its place (the check then reports it as
 * unreadable, DECL-000; the files it did list are checked), so that one such
 * folder does not stop a batch. Returns 0; TLCHECK_ENOMEM; or TLCHECK_EIO when
 * the process is out of file descriptors, with *errmsg (malloc'd) naming the
 * directory and the system's reason. */
TLCHECK_API int tlcheck_collect_paths(char ***out, size_t *count, const char *const *args,
                                      size_t nargs, char **errmsg);
/* Frees what tlcheck_collect_paths() returned; NULL is allowed. */
TLCHECK_API void tlcheck_paths_free(char **paths, size_t count);

/* Receives each result, in input order, on the calling thread. It takes
 * ownership of `res` (free it with tlcheck_result_free). Return 0 to go on,
 * non-zero to stop the batch. */
typedef int (*tlcheck_result_cb)(void *ud, size_t index, tlcheck_result *res);

/* Checks `count` files on `jobs` threads, the calling thread among them (0:
 * the number of processors; 1: on the calling thread only), delivering results through `cb`
 * in the order of `paths` whatever `jobs` is. At most a bounded number of
 * results wait for delivery, so memory does not grow with the batch.
 * Returns 0, TLCHECK_ENOMEM, or the callback's non-zero value. Details in
 * batch.h (tlcheck_check_files_ex). */
TLCHECK_API int tlcheck_check_files(const tlcheck_pack *pack, const char *const *paths,
                                    size_t count, const tlcheck_check_options *opts,
                                    unsigned jobs, tlcheck_result_cb cb, void *ud);

/* Evaluates a rule-language expression (tlcheck eval). `input` (may be NULL)
 * is a YAML or JSON mapping whose top-level keys become variables; it is not
 * kept. On success sets *json (malloc'd: free it) and *errmsg to NULL.
 * Returns 0, TLCHECK_ESYNTAX (a syntax error, or input that is not a mapping),
 * TLCHECK_EEVAL (an evaluation error): *json is then NULL and *errmsg a
 * malloc'd positioned message (free it); or TLCHECK_ENOMEM. */
TLCHECK_API int tlcheck_eval(char **json, char **errmsg, const char *expr,
                             const char *input, size_t input_len, const char *input_name,
                             const char *lang);

#ifdef __cplusplus
}
#endif

#endif
