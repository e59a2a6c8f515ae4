/* files.c - reading a whole input file for the commands that need one in memory. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

char *cli_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			/* Too large, or out of memory: nothing rather than a part. */
			char *nb = cap < ((size_t)64 << 20) ? realloc(buf, cap ? cap * 2 : 4096) : NULL;
			if (!nb) {
				fclose(f);
				free(buf);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf ? buf : calloc(1, 1);
}
