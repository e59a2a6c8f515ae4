/* portal.c - tlcheck embedded as a submission portal would: one pack, many uploads.
 *
 * A portal loads the rule pack once at start-up, checks each uploaded
 * declaration from memory (it never touches the disk), shows the applicant
 * every finding with its line, rule, clause and remedy, and accepts the upload
 * only when no error remains. Build it against an installed tlcheck:
 *
 *     cc portal.c $(pkg-config --cflags --libs tlcheck) -o portal
 *
 * or with CMake: find_package(tlcheck) and link tlcheck::tlcheck.
 * Run `portal ja` for messages in Japanese.
 */
#include <stdio.h>
#include <string.h>

#include <tlcheck/tlcheck.h>

/* An upload as the portal receives it: the applicant forgot the NDA of a
 * partner that holds core technology, and its review interval. */
static const char upload[] =
	"format: tlcheck-declaration/1\n"
	"declared_on: 2025-06-30\n"
	"plan:\n"
	"  id: SEMI-2024-012\n"
	"  material: semiconductors\n"
	"  stage: application\n"
	"applicant:\n"
	"  name: 株式会社サンプル半導体\n"
	"  corporate_number: \"1180301018771\"\n"
	"core_technologies:\n"
	"  - {id: CT1, name: 先端パッケージ向け微細接合技術, public: false}\n"
	"access_control:\n"
	"  business_employees: 850\n"
	"  authorized_employees: 12\n"
	"  organization: {officer: 技術管理担当役員}\n"
	"  regulations:\n"
	"    - {title: コア技術管理規程, established_on: 2024-04-01}\n"
	"  register_reviewed_on: 2025-04-01\n"
	"employees:\n"
	"  treatment_measures:\n"
	"    - {kind: wage, description: 技術職手当の増額}\n"
	"  exit_pledge: {required: true, departures: 3, pledges_obtained: 3}\n"
	"  non_compete: {efforts: true, period_months: 12}\n"
	"partners:\n"
	"  - name: 株式会社部材パートナー\n"
	"    holds_core_technology: true\n"
	"    technologies: [CT1]\n"
	"    disclosed_on: 2024-05-10\n"
	"    equivalent_measures_required: true\n"
	"leakage_incidents: []\n";

/* Prints one result the way the portal's upload page would, and tells
 * whether the upload can be accepted (no error left). */
static bool show(const tlcheck_result *res)
{
	size_t errors = 0;
	size_t n = tlcheck_result_finding_count(res);

	printf("%s (plan %s, %s, %s): %zu finding(s)\n", tlcheck_result_file(res),
	       tlcheck_result_plan(res), tlcheck_result_material(res), tlcheck_result_ministry(res), n);
	for (size_t i = 0; i < n; i++) {
		/* Owned by the result: nothing to free here. */
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		if (f->severity == TLCHECK_ERROR && !f->waived)
			errors++;
		printf("  line %u, column %u: %s %s%s%s\n    %s\n", (unsigned)f->line,
		       (unsigned)f->column, tlcheck_severity_name(f->severity), f->rule,
		       f->clause[0] ? " " : "", f->clause, f->message);
		if (f->path[0])
			printf("    at: %s\n", f->path);
		if (f->remediation[0])
			printf("    fix: %s\n", f->remediation);
	}
	return errors == 0;
}

int main(int argc, char **argv)
{
	tlcheck_pack *pack = NULL;
	tlcheck_diags *diags = NULL;
	tlcheck_result *res = NULL;
	int status = 2;

	/* Once, at start-up: the pack is immutable and may be shared by every
	 * worker thread of the portal. */
	if (tlcheck_pack_load_default(&pack, &diags) != 0) {
		for (size_t i = 0; i < tlcheck_diags_count(diags); i++)
			fprintf(stderr, "%s\n", tlcheck_diags_get(diags, i)->rendered);
		goto out;
	}
	printf("tlcheck %s, rule pack %s %s (%zu rules)\n", tlcheck_version(),
	       tlcheck_pack_name(pack), tlcheck_pack_version(pack), tlcheck_pack_rule_count(pack));

	/* For each upload. */
	tlcheck_check_options opts = TLCHECK_CHECK_OPTIONS_INIT;
	opts.lang = argc > 1 && strcmp(argv[1], "ja") == 0 ? "ja" : "en";
	opts.max_bytes = 1 << 20; /* what the upload form allows */
	if (tlcheck_check_buffer(&res, pack, "upload.yaml", upload, sizeof(upload) - 1, &opts) != 0) {
		fprintf(stderr, "portal: out of memory\n");
		goto out;
	}
	if (tlcheck_result_load_failed(res))
		printf("The upload is not a readable declaration.\n");
	bool accepted = show(res);
	printf("%s\n", accepted ? "accepted" : "rejected: please correct the errors above");
	status = 0;

out:
	/* The result holds pointers into the pack: free it first. */
	tlcheck_result_free(res);
	tlcheck_pack_free(pack);
	tlcheck_diags_free(diags);
	return status;
}
