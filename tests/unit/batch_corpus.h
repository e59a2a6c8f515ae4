/* batch_corpus.h - the batch tests' corpus: NFILES declarations in a temporary
 * folder, varied in size so that workers finish out of order, with a missing
 * file, a directory and a broken file among them; and the default pack.
 * Include after cmocka.h: setup() asserts with it. */
#ifndef BATCH_CORPUS_H
#define BATCH_CORPUS_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"

#define NFILES 50
/* Entries of the batch that are not readable declarations. */
#define MISSING_AT 7      /* no such file */
#define DIRECTORY_AT 23   /* a directory */
#define BROKEN_AT 31      /* not well-formed YAML */

typedef struct fixture {
	char dir[64];
	char *paths[NFILES];
	tlcheck_pack *pack;
} fixture;

static void write_decl(FILE *f, int i)
{
	static const char *const materials[] = {"semiconductors", "storage_batteries", "fertilizer",
	                                        "aircraft_parts", "cloud_programs"};
	fprintf(f,
	        "format: tlcheck-declaration/1\n"
	        "declared_on: 2025-06-30\n"
	        "plan:\n  id: P-%d\n  material: %s\n  stage: certified\n  certified_on: 2024-09-30\n"
	        "applicant:\n  name: 株式会社テスト%d\n  corporate_number: \"%s\"\n"
	        "core_technologies:\n  - id: CT1\n    name: 微細接合技術\n    public: false\n"
	        "access_control:\n  business_employees: 850\n  authorized_employees: %d\n"
	        "  organization:\n    officer: 技術管理担当役員\n"
	        "  regulations:\n    - title: コア技術管理規程\n      established_on: 2024-04-01\n"
	        "  register_reviewed_on: 2025-04-01\n",
	        i, materials[i % 5], i, i % 6 == 1 ? "1180301018772" : "1180301018771",
	        i % 7 == 3 ? 400 : 12);
	if (i % 9 == 4)
		fputs("  registr_reviewed_on: 2025-04-01\n", f);
	fputs("employees:\n  treatment_measures:\n    - kind: wage\n      description: 手当の増額\n"
	      "  exit_pledge:\n    required: true\n    departures: 3\n",
	      f);
	fprintf(f, "    pledges_obtained: %d\n", i % 4 == 2 ? 1 : 3);
	fputs("  non_compete:\n    efforts: true\n    period_months: 12\npartners:\n", f);
	int npartners = (i * 7) % 23 + 1;
	for (int p = 0; p < npartners; p++) {
		fprintf(f,
		        "  - name: 取引先%d-%d\n    country: JP\n    holds_core_technology: true\n"
		        "    technologies: [CT1]\n    disclosed_on: 2024-05-10\n",
		        i, p);
		if (i % 5 == 2 && p == 0)
			fputs("    nda: null\n", f);
		else
			fputs("    nda:\n      signed_on: 2024-05-01\n      covers_holding_fact: true\n"
			      "      covers_details: true\n",
			      f);
		fputs("    equivalent_measures_required: true\n"
		      "    review:\n      interval_months: 12\n      last_reviewed_on: 2025-03-15\n",
		      f);
	}
	if (i % 4 == 3)
		fputs("planned_acts:\n  - id: ACT1\n    actor: applicant\n    kind: provision\n"
		      "    technologies: [CT1]\n    planned_on: 2026-04-01\n    country: TH\n"
		      "    counterparty:\n      name: Example Co., Ltd.\n      country: TH\n"
		      "      foreign_government_influence: true\n"
		      "    consultation:\n      held_on: 2026-05-01\n",
		      f);
	else
		fputs("planned_acts: []\n", f);
	fputs(i % 8 == 5 ? "leakage_incidents:\n  - on: 2025-01-10\n    description: 持ち出し\n"
	                 : "leakage_incidents: []\n",
	      f);
}

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	tlcheck_diags *diags = NULL;

	if (!fx)
		return -1;
	*state = fx; /* the teardown removes whatever was made, also after a failure */
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/tlcheck-batch-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	for (int i = 0; i < NFILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "d%02d.yaml", i);
		fx->paths[i] = path_in(fx->dir, name);
		if (i == MISSING_AT)
			continue;
		if (i == DIRECTORY_AT) {
			if (mkdir(fx->paths[i], 0700) != 0)
				return -1;
			continue;
		}
		FILE *f = fopen(fx->paths[i], "w");
		if (!f)
			return -1;
		if (i == BROKEN_AT)
			fputs("format: tlcheck-declaration/1\nplan: [unclosed\n", f);
		else
			write_decl(f, i);
		fclose(f);
	}
	if (tlcheck_pack_load_default(&fx->pack, &diags) != 0) {
		for (size_t k = 0; k < tlcheck_diags_count(diags); k++)
			fprintf(stderr, "%s\n", tlcheck_diags_get(diags, k)->rendered);
		tlcheck_diags_free(diags);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	if (!fx)
		return 0;
	for (int i = 0; i < NFILES && fx->paths[i]; i++) {
		if (i == DIRECTORY_AT)
			rmdir(fx->paths[i]);
		else
			unlink(fx->paths[i]);
		free(fx->paths[i]);
	}
	/* And whatever a test made there and left behind when it failed. */
	DIR *d = fx->dir[0] ? opendir(fx->dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
	if (fx->dir[0])
		rmdir(fx->dir);
	tlcheck_pack_free(fx->pack);
	free(fx);
	return 0;
}

/* A JSON report written to memory: mem_report_open() before a batch whose
 * callback adds to `rep`, mem_report_close() after, which returns the bytes
 * (malloc'd). */
typedef struct mem_report {
	char *bytes;
	size_t len;
	FILE *fp;
	tlcheck_report *rep;
} mem_report;

static inline void mem_report_open(mem_report *m, const tlcheck_pack *pack)
{
	tlcheck_report_options ro = TLCHECK_REPORT_OPTIONS_INIT;
	memset(m, 0, sizeof(*m));
	m->fp = open_memstream(&m->bytes, &m->len);
	assert_non_null(m->fp);
	ro.format = TLCHECK_FORMAT_JSON;
	ro.pack = pack;
	assert_int_equal(tlcheck_report_new(&m->rep, m->fp, &ro), 0);
}

static inline char *mem_report_close(mem_report *m)
{
	assert_int_equal(tlcheck_report_finish(m->rep, 0), 0);
	tlcheck_report_free(m->rep);
	m->rep = NULL;
	fclose(m->fp);
	return m->bytes;
}

#endif
