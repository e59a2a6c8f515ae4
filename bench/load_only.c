/* load_only.c - the benchmark's floor: read and parse every file, check nothing.
 *
 * usage: load_only [--events] PATH...
 *   (default)  read each file and load it into tlcheck's document tree with
 *              tl_doc_load (the libyaml event loop plus building the tree), then
 *              free it: what any checker built on libyaml has to pay at least.
 *   --events   read each file and only pull libyaml's events (yaml_parser_parse),
 *              building nothing: a second, lower floor for reference.
 * Paths are expanded as `tlcheck check` expands them (directories searched for
 * *.yaml and *.yml in byte order), so both programs see the same files in the
 * same order. Prints one line on standard error: files, bytes, nodes or events,
 * and files that failed to load (expected: the corpus has broken files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <yaml.h>

#include "check/check.h"
#include "tlcheck/tlcheck.h"
#include "util/error.h"
#include "yaml/doc.h"

/* Pulls every libyaml event of one buffer; returns the number of events, or
 * -1 on a parse error. */
static long count_events(const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	long n = 0;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			n = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		n++;
	}
	yaml_parser_delete(&parser);
	return n;
}

int main(int argc, char **argv)
{
	bool events = false;
	int first = 1, status = 1;
	char **paths = NULL, *errmsg = NULL;
	size_t count = 0, bytes = 0, units = 0, failed = 0;

#if defined(__GLIBC__)
	/* The allocator settings tlcheck's main() makes (src/cli/main.c): without
	 * them glibc hands each file's memory back to the kernel and faults it in
	 * again for the next, some 6 page faults a file, and the floor would be
	 * slower than what any checker tuned the same way pays. */
	mallopt(M_ARENA_MAX, 2);
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
	if (argc > 1 && strcmp(argv[1], "--events") == 0) {
		events = true;
		first = 2;
	}
	if (first >= argc) {
		fputs("usage: load_only [--events] PATH...\n", stderr);
		return 2;
	}
	if (tlcheck_collect_paths(&paths, &count, (const char *const *)argv + first,
	                          (size_t)(argc - first), &errmsg) != 0) {
		fprintf(stderr, "load_only: cannot read %s\n", errmsg ? errmsg : "the paths");
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		char *data = NULL;
		size_t len = 0;
		tl_error err;
		tl_error_clear(&err);
		if (tl_read_file(&data, &len, paths[i], 0, &err) != 0) {
			failed++;
			continue;
		}
		bytes += len;
		if (events) {
			long n = count_events(data, len);
			if (n < 0)
				failed++;
			else
				units += (size_t)n;
		} else {
			tl_doc *doc = NULL;
			if (tl_doc_load(&doc, &err, data, len, NULL) != 0) {
				failed++;
			} else {
				units += tl_doc_node_count(doc);
				tl_doc_free(doc);
			}
		}
		free(data);
	}
	fprintf(stderr, "load_only%s: %zu files, %zu bytes, %zu %s, %zu failed to load\n",
	        events ? " --events" : "", count, bytes, units, events ? "events" : "nodes", failed);
	status = 0;
out:
	free(errmsg);
	tlcheck_paths_free(paths, count);
	return status;
}
