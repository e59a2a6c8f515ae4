/* fuzz_pack_load.c - fuzz target: loading a rule pack whose manifest and one rule file are the input. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pack/embedded.h"
#include "tlcheck/tlcheck.h"

/* The public API loads packs from folders only, so one folder per process
 * holds a copy of the default pack, and each input overwrites two of its
 * files. An input is `MANIFEST NUL RULES`: the bytes before the first NUL
 * become pack.yaml and those after it RULE_FILE; an input without a NUL is
 * RULE_FILE alone, with the default manifest cut down to name only that file
 * (loading the whole default pack for every input would be slow). */
#define RULE_FILE "fu.yaml"

static char dir[4096];
static char *default_manifest;
static size_t default_manifest_len;

static void cleanup(void)
{
	char path[4200];
	for (const tl_embedded_file *f = tl_embedded_pack; f->name; f++) {
		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		unlink(path);
	}
	rmdir(dir);
	free(default_manifest);
}

static int write_file(const char *name, const char *data, size_t len)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return close(fd);
}

static void init(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/tlcheck-fuzz-pack.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_ASSERT(mkdtemp(dir) != NULL);
	for (const tl_embedded_file *f = tl_embedded_pack; f->name; f++) {
		FUZZ_ASSERT(strchr(f->name, '/') == NULL);
		FUZZ_ASSERT(write_file(f->name, f->data, f->len) == 0);
		if (strcmp(f->name, "pack.yaml") != 0)
			continue;
		static const char files_key[] = "\nfiles:\n";
		static const char only[] = "files:\n  - " RULE_FILE "\n";
		const char *cut = strstr(f->data, files_key);
		FUZZ_ASSERT(cut != NULL);
		size_t keep = (size_t)(cut - f->data) + 1;
		default_manifest = malloc(keep + sizeof(only));
		FUZZ_ASSERT(default_manifest != NULL);
		memcpy(default_manifest, f->data, keep);
		memcpy(default_manifest + keep, only, sizeof(only));
		default_manifest_len = keep + sizeof(only) - 1;
	}
	FUZZ_ASSERT(default_manifest != NULL);
	atexit(cleanup);
}

static void touch_diags(const tlcheck_diags *diags)
{
	size_t n = tlcheck_diags_count(diags);
	FUZZ_ASSERT(n > 0);
	for (size_t i = 0; i < n; i++) {
		const tlcheck_diag *d = tlcheck_diags_get(diags, i);
		FUZZ_ASSERT(d && d->file && d->message && d->message[0] != '\0');
		FUZZ_ASSERT(d->rendered && d->rendered_ja && d->message_ja);
	}
}

/* A pack that loads is used: described, and run on its own template. */
static void use_pack(tlcheck_pack *pack)
{
	tlcheck_rule_info ri;
	tlcheck_param_info pi;
	tlcheck_material_info mi;
	tlcheck_check_options opts = TLCHECK_CHECK_OPTIONS_INIT;

	(void)tlcheck_pack_name(pack);
	(void)tlcheck_pack_version(pack);
	(void)tlcheck_pack_legal_text(pack, "ja");
	for (size_t i = 0; i < tlcheck_pack_rule_count(pack); i++) {
		FUZZ_ASSERT(tlcheck_pack_rule(&ri, pack, i, "ja") == 0);
		FUZZ_ASSERT(tlcheck_pack_find_rule(pack, ri.id) >= 0);
		tlcheck_clause_info ci;
		(void)tlcheck_pack_clause(&ci, pack, ri.clause, "en");
	}
	for (size_t i = 0; i < tlcheck_pack_param_count(pack); i++)
		FUZZ_ASSERT(tlcheck_pack_param(&pi, pack, i, "en") == 0);
	for (size_t i = 0; i < tlcheck_pack_material_count(pack); i++)
		FUZZ_ASSERT(tlcheck_pack_material(&mi, pack, i, "ja") == 0);
	char *tpl = tlcheck_pack_template(pack, "semiconductors");
	if (tpl) {
		tlcheck_result *res = NULL;
		if (tlcheck_check_buffer(&res, pack, "template.yaml", tpl, strlen(tpl), &opts) == 0)
			tlcheck_result_free(res);
		free(tpl);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *in = (const char *)data;
	const char *nul = memchr(in, '\0', size);

	if (!ready) {
		init();
		ready = 1;
	}
	int ok = nul ? write_file("pack.yaml", in, (size_t)(nul - in)) == 0 &&
	                       write_file(RULE_FILE, nul + 1, size - (size_t)(nul - in) - 1) == 0
	             : write_file("pack.yaml", default_manifest, default_manifest_len) == 0 &&
	                       write_file(RULE_FILE, in, size) == 0;
	FUZZ_ASSERT(ok);

	tlcheck_pack *pack = NULL;
	tlcheck_diags *diags = NULL;
	int rc = tlcheck_pack_load_dir(&pack, dir, &diags);
	if (rc == 0) {
		FUZZ_ASSERT(pack != NULL);
		use_pack(pack);
		tlcheck_pack_free(pack);
	} else {
		FUZZ_ASSERT(pack == NULL && diags != NULL);
		touch_diags(diags);
	}
	tlcheck_diags_free(diags);
	return 0;
}
