/* load_only.c - the benchmark's floor: read and parse every file, check nothing.
 *
 * usage: load_only [--events | --libyaml-tree] [--jobs N] PATH...
 *   (default)  read each file and load it into tlcheck's document tree with
 *              tl_doc_load (the libyaml event loop plus building the tree), then
 *              free it: what any checker built on libyaml has to pay at least.
 *   --events   read each file and only pull libyaml's events (yaml_parser_parse),
 *              building nothing: a second, lower floor for reference.
 *   --libyaml-tree
 *              read each file and load it into libyaml's own document tree
 *              (yaml_parser_load), then free it: the other tree a checker built
 *              on libyaml could start from, for reference.
 *   --jobs N   the same work on N threads (the calling thread one of them), files
 *              handed out one at a time as tlcheck hands them out, each thread
 *              started on a processor of its own as tlcheck starts its workers:
 *              how much this machine speeds up the parsing alone with N threads,
 *              nothing shared but the counter. The default is 1.
 * Paths are expanded as `tlcheck check` expands them (directories searched for
 * *.yaml and *.yml in byte order), so both programs see the same files in the
 * same order. Prints one line on standard error: files, bytes, nodes or events,
 * and files that failed to load (expected: the corpus has broken files).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* batch/placement.h */
#endif
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <yaml.h>

#include "batch/placement.h"
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

/* Loads one buffer into libyaml's own document tree and frees it; returns the
 * number of nodes, or -1 on a parse error. */
static long count_libyaml_nodes(const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	long n = -1;

	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (yaml_parser_load(&parser, &doc)) {
		n = (long)(doc.nodes.top - doc.nodes.start);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	return n;
}

#define MAX_JOBS 64

/* One thread's counts, on a cache line of its own (no false sharing). */
typedef struct job {
	alignas(64) pthread_t thread;
	size_t bytes, units, failed;
} job;

static char **paths;
static size_t count;
/* What each file is loaded into. */
static enum { MODE_TREE, MODE_EVENTS, MODE_LIBYAML_TREE } mode;
static atomic_size_t next_file;
static tl_placement place;

/* Loads files until none is left; what it counts stays in its own `job`. */
static void *load_files(void *arg)
{
	job *jb = arg;
	for (;;) {
		size_t i = atomic_fetch_add_explicit(&next_file, 1, memory_order_relaxed);
		if (i >= count)
			break;
		char *data = NULL;
		size_t len = 0;
		tl_error err;
		tl_error_clear(&err);
		if (tl_read_file(&data, &len, paths[i], 0, &err, NULL) != 0) {
			jb->failed++;
			continue;
		}
		jb->bytes += len;
		if (mode != MODE_TREE) {
			long n = mode == MODE_EVENTS ? count_events(data, len)
			                             : count_libyaml_nodes(data, len);
			if (n < 0)
				jb->failed++;
			else
				jb->units += (size_t)n;
		} else {
			tl_doc *doc = NULL;
			if (tl_doc_load(&doc, &err, data, len, NULL) != 0) {
				jb->failed++;
			} else {
				jb->units += tl_doc_node_count(doc);
				tl_doc_free(doc);
			}
		}
		free(data);
	}
	return NULL;
}

/* A thread of its own: placed as tlcheck places its workers. */
static void *load_files_thread(void *arg)
{
	tl_placement_release(&place);
	return load_files(arg);
}

int main(int argc, char **argv)
{
	int first = 1, status = 1;
	char *errmsg = NULL, *end;
	unsigned long jobs = 1;
	job jb[MAX_JOBS] = {0};

#if defined(__GLIBC__)
	/* The allocator settings tlcheck's main() makes (src/cli/main.c): without
	 * them glibc hands each file's memory back to the kernel and faults it in
	 * again for the next, some 6 page faults a file, and the floor would be
	 * slower than what any checker tuned the same way pays. */
	mallopt(M_ARENA_MAX, 2);
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--events") == 0) {
			mode = MODE_EVENTS;
		} else if (strcmp(argv[first], "--libyaml-tree") == 0) {
			mode = MODE_LIBYAML_TREE;
		} else if (strcmp(argv[first], "--jobs") == 0) {
			if (first + 1 == argc) {
				first = argc; /* no value: the usage below */
				break;
			}
			jobs = strtoul(argv[++first], &end, 10);
			if (*end || jobs < 1 || jobs > MAX_JOBS) {
				fprintf(stderr, "load_only: --jobs takes 1 to %d\n", MAX_JOBS);
				return 2;
			}
		} else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			fprintf(stderr, "load_only: unknown option %s\n", argv[first]);
			first = argc; /* the usage below */
			break;
		}
	}
	if (first >= argc) {
		fputs("usage: load_only [--events | --libyaml-tree] [--jobs N] PATH...\n", stderr);
		return 2;
	}
	if (tlcheck_collect_paths(&paths, &count, (const char *const *)argv + first,
	                          (size_t)(argc - first), &errmsg) != 0) {
		fprintf(stderr, "load_only: cannot read %s\n", errmsg ? errmsg : "the paths");
		goto out;
	}
	unsigned long started = 1;
	tl_placement_init(&place);
	for (; started < jobs; started++)
		if (tl_thread_start(&jb[started].thread, 0, &place, (unsigned)started - 1,
		                    load_files_thread, &jb[started]) != 0)
			break;
	load_files(&jb[0]);
	size_t bytes = jb[0].bytes, units = jb[0].units, failed = jb[0].failed;
	for (unsigned long t = 1; t < started; t++) {
		pthread_join(jb[t].thread, NULL);
		bytes += jb[t].bytes;
		units += jb[t].units;
		failed += jb[t].failed;
	}
	fprintf(stderr, "load_only%s: %zu files, %zu bytes, %zu %s, %zu failed to load, %lu thread(s)\n",
	        mode == MODE_EVENTS ? " --events" : mode == MODE_LIBYAML_TREE ? " --libyaml-tree" : "",
	        count, bytes, units, mode == MODE_EVENTS ? "events" : "nodes", failed, started);
	status = 0;
out:
	free(errmsg);
	tlcheck_paths_free(paths, count);
	return status;
}
