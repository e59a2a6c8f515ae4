/* sarif.c - SARIF 2.1.0: one run, every rule of the pack, one result per finding. */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "escape.h"
#include "../waiver/internal.h"
#include "writer.h"

/* Fingerprints that stay stable across runs and machines: they hash what a
 * finding is about (rule, plan, path), never where the file lies or which line
 * the finding is on. Bump the name when the recipe changes. */
#define FINGERPRINT_NAME "tlcheck/v1"

typedef struct sarif_state {
	tl_spool artifacts;          /* the run's artifacts, written after the results */
	tl_buf artifact;             /* one file's, on its way to the spool */
	const tlcheck_result *fps_of; /* the result whose fingerprints `fps` holds */
	tl_fps fps;
	tl_arena scratch;            /* holds `fps`; cleared per file */
	size_t nemitted;             /* results written so far */
	/* The artifacts so far, by path: a file given twice (overlapping
	 * folders) is one artifact, as the schema wants them unique. */
	tl_arena names;
	const char **slots;          /* open addressing, a power of two; NULL: free */
	size_t *index, cap, nartifacts;
} sarif_state;

/* The artifact index of `file`, adding it when new (*added). Returns
 * SIZE_MAX when out of memory. */
static size_t artifact_index(sarif_state *st, const char *file, bool *added)
{
	*added = false;
	if (st->nartifacts * 2 >= st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		const char **slots = calloc(cap, sizeof(*slots));
		size_t *index = calloc(cap, sizeof(*index));
		if (!slots || !index) {
			free(slots);
			free(index);
			return SIZE_MAX;
		}
		for (size_t i = 0; i < st->cap; i++) {
			if (!st->slots[i])
				continue;
			size_t h = (size_t)tl_fnv1a(TL_FNV1A_INIT, st->slots[i], strlen(st->slots[i]));
			while (slots[h & (cap - 1)])
				h++;
			slots[h & (cap - 1)] = st->slots[i];
			index[h & (cap - 1)] = st->index[i];
		}
		free(st->slots);
		free(st->index);
		st->slots = slots;
		st->index = index;
		st->cap = cap;
	}
	size_t h = (size_t)tl_fnv1a(TL_FNV1A_INIT, file, strlen(file));
	for (;; h++) {
		const char *s = st->slots[h & (st->cap - 1)];
		if (!s)
			break;
		if (strcmp(s, file) == 0)
			return st->index[h & (st->cap - 1)];
	}
	const char *copy = tl_arena_strdup(&st->names, file);
	if (!copy)
		return SIZE_MAX;
	st->slots[h & (st->cap - 1)] = copy;
	st->index[h & (st->cap - 1)] = st->nartifacts;
	*added = true;
	return st->nartifacts++;
}

/* A JSON string holding the path as a URI reference. */
static void uri(tl_buf *b, const char *path)
{
	tl_buf tmp = TL_BUF_INIT;
	tl_esc_uri(&tmp, path);
	if (tmp.oom)
		b->oom = true;
	tl_buf_json_str(b, tmp.data ? tmp.data : "", tmp.len);
	tl_buf_free(&tmp);
}

/* The members of an artifactLocation; relative paths are relative to the
 * folder tlcheck ran in, which SARIF consumers (GitHub, VS Code) call %SRCROOT%. */
static void artifact_uri(tl_buf *b, const char *file)
{
	tl_buf_puts(b, "\"uri\": ");
	uri(b, file);
	if (file[0] != '/')
		tl_buf_puts(b, ", \"uriBaseId\": \"%SRCROOT%\"");
}

static const char *level(tlcheck_severity s)
{
	switch (s) {
	case TLCHECK_ERROR: return "error";
	case TLCHECK_WARNING: return "warning";
	default: return "note";
	}
}

/* reportingDescriptor.name: the English title in PascalCase ("No NDA with a
 * partner" -> "NoNDAWithAPartner"), the form SARIF viewers expect. */
static void rule_name(tl_buf *b, const char *title)
{
	tl_buf tmp = TL_BUF_INIT;
	bool upper = true;
	for (const char *p = title ? title : ""; *p; p++) {
		char c = *p;
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum) {
			upper = true;
			continue;
		}
		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		tl_buf_putc(&tmp, c);
		upper = false;
	}
	if (tmp.oom)
		b->oom = true;
	tl_buf_json_str(b, tmp.data ? tmp.data : "", tmp.len);
	tl_buf_free(&tmp);
}

static void text_prop(tl_buf *b, const char *key, const char *text)
{
	if (!text || !text[0])
		return;
	tl_buf_printf(b, ", \"%s\": {\"text\": ", key);
	tl_buf_json_cstr(b, text);
	tl_buf_putc(b, '}');
}

static void rule_descriptor(tlcheck_report *rep, size_t i)
{
	tl_buf *b = &rep->out;
	const tlcheck_pack *p = rep->opts.pack;
	const char *lang = rep->ja ? "ja" : "en";
	tlcheck_rule_info ri;
	tlcheck_clause_info ci;
	if (tlcheck_pack_rule(&ri, p, i, lang) != 0)
		return;
	bool have_clause = ri.clause[0] && tlcheck_pack_clause(&ci, p, ri.clause, lang) == 0;
	tl_buf_puts(b, i ? ",\n          {\"id\": " : "\n          {\"id\": ");
	tl_buf_json_cstr(b, ri.id);
	tl_buf_puts(b, ", \"name\": ");
	rule_name(b, p->rules[i].title.en);
	tl_buf_puts(b, ", \"shortDescription\": {\"text\": ");
	tl_buf_json_cstr(b, ri.title);
	tl_buf_putc(b, '}');
	text_prop(b, "fullDescription", ri.checks);
	text_prop(b, "help", ri.remediation);
	tl_buf_printf(b, ", \"defaultConfiguration\": {\"level\": \"%s\"}", level(ri.severity));
	tl_buf_puts(b, ", \"properties\": {\"clause\": ");
	tl_buf_json_cstr(b, ri.clause);
	if (have_clause) {
		tl_buf_puts(b, ", \"clause_title\": ");
		tl_buf_json_cstr(b, ci.title);
		tl_buf_puts(b, ", \"clause_text_ja\": ");
		tl_buf_json_cstr(b, ci.text_ja);
		tl_buf_puts(b, ", \"clause_text_en\": ");
		tl_buf_json_cstr(b, ci.text_en);
	}
	tl_buf_puts(b, ", \"severity\": ");
	tl_buf_json_cstr(b, tlcheck_severity_name(ri.severity));
	tl_buf_puts(b, ", \"stage\": ");
	tl_buf_json_cstr(b, ri.stage);
	tl_buf_puts(b, ", \"tags\": [\"tlcheck\"");
	if (ri.clause[0]) {
		tl_buf_puts(b, ", ");
		tl_buf_json_cstr(b, ri.clause);
	}
	tl_buf_puts(b, "]}}");
}

static int sarif_begin(tlcheck_report *rep)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	sarif_state *st = calloc(1, sizeof(*st));
	if (!st)
		return TLCHECK_ENOMEM;
	rep->state = st;
	tl_spool_open(&st->artifacts);
	const char *lang = rep->ja ? "ja" : "en";
	tl_buf_puts(b, "{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/"
	               "os/schemas/sarif-schema-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
	               "  \"runs\": [\n    {\n      \"tool\": {\"driver\": {\"name\": \"tlcheck\", "
	               "\"version\": ");
	tl_buf_json_cstr(b, tlcheck_version());
	tl_buf_puts(b, ", \"semanticVersion\": ");
	tl_buf_json_cstr(b, tlcheck_version());
	tl_buf_printf(b, ", \"language\": \"%s\",\n        \"properties\": {\"rulepack\": {\"name\": ",
	              lang);
	tl_buf_json_cstr(b, p->name);
	tl_buf_puts(b, ", \"version\": ");
	tl_buf_json_cstr(b, p->version);
	tl_buf_puts(b, "}},\n        \"rules\": [");
	for (size_t i = 0; i < p->nrules; i++)
		rule_descriptor(rep, i);
	tl_buf_printf(b, "%s]}},\n      \"language\": \"%s\",\n      \"columnKind\": "
	                 "\"unicodeCodePoints\",\n      \"results\": [",
	              p->nrules ? "\n        " : "", lang);
	return 0;
}

/* The finding's fingerprint, the same as JSON's "fingerprint" (src/waiver):
 * rule, plan (or file name) and the stable path, in which list items with an
 * id or a name are named by it, so reordering them keeps every fingerprint. */
static int fingerprint(tlcheck_report *rep, sarif_state *st, const tlcheck_result *res, size_t i)
{
	/* Results are freed after each file, so an address can come back: start
	 * afresh at every file's first finding. */
	if (i == 0 || st->fps_of != res) {
		tl_arena_clear(&st->scratch);
		st->fps_of = NULL;
		if (tl_fps_compute(&st->fps, res, NULL, &st->scratch) != 0)
			return TLCHECK_ENOMEM;
		st->fps_of = res;
	}
	if (i >= st->fps.n)
		return TLCHECK_EINVALID;
	tl_buf_json_cstr(&rep->out, st->fps.fp[i]);
	return 0;
}

static void context_region(tl_buf *b, const tlcheck_result *res, uint32_t line)
{
	const char *text;
	size_t len;
	if (!tlcheck_result_source_line(res, line, &text, &len) || len > 1000)
		return;
	tl_buf_printf(b, ", \"contextRegion\": {\"startLine\": %u, \"snippet\": {\"text\": ", line);
	tl_buf_json_str(b, text, len);
	tl_buf_puts(b, "}}");
}

static int result(tlcheck_report *rep, sarif_state *st, const tlcheck_result *res, size_t i,
                  size_t artifact)
{
	tl_buf *b = &rep->out;
	const tlcheck_finding *f = &res->findings[i];
	tl_buf_puts(b, st->nemitted++ ? ",\n        {\"ruleId\": " : "\n        {\"ruleId\": ");
	tl_buf_json_cstr(b, f->rule);
	if (f->rule_index >= 0)
		tl_buf_printf(b, ", \"ruleIndex\": %ld", f->rule_index);
	tl_buf_printf(b, ", \"level\": \"%s\", \"message\": {\"text\": ", level(f->severity));
	tl_buf_json_cstr(b, f->message);
	tl_buf_puts(b, "},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {");
	artifact_uri(b, res->file);
	tl_buf_printf(b, ", \"index\": %zu}", artifact);
	tl_buf_printf(b, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}", f->line, f->column);
	context_region(b, res, f->line);
	tl_buf_puts(b, "}, \"logicalLocations\": [{\"fullyQualifiedName\": ");
	tl_buf_json_cstr(b, f->path);
	tl_buf_puts(b, "}]}],\n         \"partialFingerprints\": {\"" FINGERPRINT_NAME "\": ");
	int rc = fingerprint(rep, st, res, i);
	if (rc != 0)
		return rc;
	tl_buf_puts(b, "}");
	if (f->waived) {
		tl_buf_puts(b, ",\n         \"suppressions\": [{\"kind\": \"external\", \"status\": "
		               "\"accepted\", \"justification\": ");
		tl_buf_json_cstr(b, f->waiver_reason);
		tl_buf_puts(b, ", \"properties\": {\"approved_by\": ");
		tl_buf_json_cstr(b, f->waiver_approver);
		tl_buf_puts(b, ", \"expires\": ");
		tl_buf_json_cstr(b, f->waiver_expires);
		tl_buf_puts(b, "}}]");
	}
	tl_buf_puts(b, ",\n         \"properties\": {\"severity\": ");
	tl_buf_json_cstr(b, tlcheck_severity_name(f->severity));
	if (f->rule_severity != f->severity) {
		tl_buf_puts(b, ", \"rule_severity\": ");
		tl_buf_json_cstr(b, tlcheck_severity_name(f->rule_severity));
	}
	tl_buf_puts(b, ", \"clause\": ");
	tl_buf_json_cstr(b, f->clause);
	tl_buf_puts(b, ", \"plan\": ");
	tl_buf_json_cstr(b, tlcheck_result_plan(res));
	tl_buf_puts(b, ", \"material\": ");
	tl_buf_json_cstr(b, tlcheck_result_material(res));
	if (f->rule_error)
		tl_buf_puts(b, ", \"rule_error\": true");
	tl_buf_puts(b, ", \"remediation\": ");
	tl_buf_json_cstr(b, f->remediation);
	tl_buf_puts(b, "}}");
	return 0;
}

static int sarif_file(tlcheck_report *rep, const tlcheck_result *res)
{
	sarif_state *st = rep->state;
	tl_buf *a = &st->artifact;
	bool added;
	size_t artifact = artifact_index(st, res->file, &added);
	if (artifact == SIZE_MAX)
		return TLCHECK_ENOMEM;
	for (size_t i = 0; i < res->nfindings; i++) {
		int rc = result(rep, st, res, i, artifact);
		if (rc != 0)
			return rc;
	}
	if (!added)
		return 0;
	tl_buf_puts(a, artifact ? ",\n        {\"location\": " : "\n        {\"location\": ");
	tl_buf_putc(a, '{');
	artifact_uri(a, res->file);
	tl_buf_puts(a, "}, \"properties\": {\"plan\": ");
	tl_buf_json_cstr(a, tlcheck_result_plan(res));
	tl_buf_puts(a, ", \"material\": ");
	tl_buf_json_cstr(a, tlcheck_result_material(res));
	tl_buf_puts(a, ", \"ministry\": ");
	tl_buf_json_cstr(a, tlcheck_result_ministry(res));
	tl_buf_printf(a, ", \"loaded\": %s}}", res->load_failed ? "false" : "true");
	int rc = a->oom ? TLCHECK_ENOMEM : tl_spool_put(rep, &st->artifacts, a->data, a->len);
	tl_buf_reset(a);
	return rc;
}

static int sarif_end(tlcheck_report *rep, int exit_status)
{
	sarif_state *st = rep->state;
	tl_buf *b = &rep->out;
	tl_buf_puts(b, st->nemitted ? "\n      ],\n" : "],\n");
	tl_buf_puts(b, "      \"artifacts\": [");
	tl_spool_copy(rep, &st->artifacts);
	tl_buf_puts(b, st->nartifacts ? "\n      ],\n" : "],\n");
	/* A finding is what the run is for; only trouble (exit status 2: an
	 * unreadable input, a write error) makes the execution unsuccessful. */
	tl_buf_printf(b,
	              "      \"invocations\": [{\"executionSuccessful\": %s, \"exitCode\": %d}]\n"
	              "    }\n  ]\n}\n",
	              exit_status == 0 || exit_status == 1 ? "true" : "false", exit_status);
	return 0;
}

static void sarif_free(tlcheck_report *rep)
{
	sarif_state *st = rep->state;
	if (!st)
		return;
	tl_spool_free(&st->artifacts);
	tl_buf_free(&st->artifact);
	tl_arena_clear(&st->scratch);
	tl_arena_clear(&st->names);
	free(st->slots);
	free(st->index);
	free(st);
	rep->state = NULL;
}

const tl_writer tl_writer_sarif = {sarif_begin, sarif_file, sarif_end, sarif_free};
