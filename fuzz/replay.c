/* replay.c - runs a fuzz target over saved inputs, for builds without libFuzzer (as libgit2 does). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads a whole file into a malloc'd buffer (a NUL is added past the end, not
 * counted, so that a target that wrongly expects one is caught by ASan only
 * when it reads further). Returns NULL on failure. */
static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			unsigned char *nb = realloc(buf, ncap + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
		goto out;
	}
	*len = n;
out:
	fclose(f);
	return buf;
}

static int run_file(const char *path)
{
	size_t len = 0;
	unsigned char *data = read_all(path, &len);
	if (!data) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* An exact-size copy, so that ASan sees a read past the input's end. */
	unsigned char *exact = malloc(len ? len : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	memcpy(exact, data, len);
	free(data);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of `dir` whose name does not start with '.', in byte
 * order of the names so that a failure is reproducible. A missing folder is
 * not an error (a target may have no regression yet); *count gets the number run. */
static int run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "replay: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof(*nn));
			if (!nn) {
				rc = -1;
				goto out;
			}
			names = nn;
			cap = ncap;
		}
		size_t need = strlen(dir) + strlen(de->d_name) + 2;
		names[n] = malloc(need);
		if (!names[n]) {
			rc = -1;
			goto out;
		}
		snprintf(names[n], need, "%s/%s", dir, de->d_name);
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;
		if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		rc = run_file(names[i]);
		if (rc == 0)
			(*count)++;
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR-OR-FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int rc;
		if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode)) {
			rc = run_file(argv[i]);
			count += rc == 0;
		} else {
			rc = run_dir(argv[i], &count);
		}
		if (rc != 0)
			return 1;
	}
	printf("replayed %zu inputs\n", count);
	return 0;
}
