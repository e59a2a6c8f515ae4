/* read_file.c - reading an input file whole, within a size limit (declarations, waivers, baselines). */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/errtext.h"
#include "../yaml/doc.h"

/* Why folder `path` cannot be listed in full (readdir() failing part way), or 0
 * when it can: a batch keeps such a folder in its list to report it. *opened
 * says whether it could be opened at all. */
static int list_error(const char *path, bool *opened)
{
	DIR *d = opendir(path);
	int e = 0;
	*opened = d != NULL;
	if (!d)
		return errno;
	for (;;) {
		errno = 0;
		if (!readdir(d)) {
			e = errno;
			break;
		}
	}
	closedir(d);
	return e;
}

int tl_read_file(char **data, size_t *len, const char *path, size_t max_bytes, tl_error *err,
                 tl_file_id *id)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t cap, got = 0;

	*data = NULL;
	*len = 0;
	if (id)
		id->known = false;
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (id)
		*id = (tl_file_id){true, (uint64_t)st.st_dev, (uint64_t)st.st_ino};
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!max_bytes)
		max_bytes = TL_DEFAULT_MAX_BYTES;
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
		tl_error_set(err, TL_ELIMIT, (tl_pos){1, 1},
		             "the file is %jd bytes, more than the limit of %zu bytes (max_bytes)",
		             (intmax_t)st.st_size, max_bytes);
		tl_error_set_ja(err, "ファイルが %jd バイトあり、上限 %zu バイト (max_bytes) を超えています",
		                (intmax_t)st.st_size, max_bytes);
		close(fd);
		return TL_ELIMIT;
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	buf = malloc(cap);
	if (!buf)
		goto nomem;
	for (;;) {
		if (got == cap) {
			if (cap > max_bytes) {
				tl_error_set(err, TL_ELIMIT, (tl_pos){1, 1},
				             "the input is larger than the limit of %zu bytes (max_bytes)", max_bytes);
				tl_error_set_ja(err, "入力が上限 %zu バイト (max_bytes) を超えています", max_bytes);
				free(buf);
				close(fd);
				return TL_ELIMIT;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				goto nomem;
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = got;
	return 0;
nomem:
	free(buf);
	if (fd >= 0)
		close(fd);
	return TL_ENOMEM;
fail:;
	int e = errno;
	/* A folder of a batch that could not be opened, or whose files could not
	 * all be listed, is in the list in its place; any other folder was given
	 * where a file is needed. A folder that cannot be opened again now (out of
	 * descriptors, say) is named with that reason, below. */
	bool opened = false;
	if (e == EISDIR && (e = list_error(path, &opened)) != 0 && opened) {
		tl_error_set(err, TL_EIO, (tl_pos){0, 0},
		             "cannot read the folder: its files could not all be listed: %s",
		             tl_strerror(e, false));
		tl_error_set_ja(err, "フォルダを読み込めません: ファイルの一覧をすべては読み取れませんでした: %s",
		                tl_strerror(e, true));
	} else if (e == 0) {
		tl_error_set(err, TL_EIO, (tl_pos){0, 0}, "it is a folder, not a file");
		tl_error_set_ja(err, "ファイルではなくフォルダです");
	} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		tl_error_set(err, TL_EIO, (tl_pos){0, 0}, "cannot read the folder: %s",
		             tl_strerror(e, false));
		tl_error_set_ja(err, "フォルダを読み込めません: %s", tl_strerror(e, true));
	} else {
		tl_error_set(err, TL_EIO, (tl_pos){0, 0}, "cannot read the file: %s",
		             tl_strerror(e, false));
		tl_error_set_ja(err, "ファイルを読み込めません: %s", tl_strerror(e, true));
	}
	free(buf);
	if (fd >= 0)
		close(fd);
	return TL_EIO;
}
