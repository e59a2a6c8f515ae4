/* source.c - a rule pack's files, from the binary or from a folder, never beyond it. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/errtext.h"
#include "embedded.h"

static int name_is_safe(const char *name)
{
	if (!*name || name[0] == '/' || strchr(name, '\\'))
		return 0;
	/* Reject any ".." component and empty components. */
	const char *p = name;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

static const tl_embedded_file *embedded(const char *name)
{
	for (const tl_embedded_file *f = tl_embedded_pack; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

bool tl_pack_frozen(const char *name, const unsigned char **data, size_t *len)
{
	const tl_embedded_file *f = embedded(name);
	if (!f || !f->frozen)
		return false;
	*data = f->frozen;
	*len = f->frozen_len;
	return true;
}

int tl_pack_read(const char **data, size_t *len, tl_arena *arena, const char *dir,
                 const char *name, tl_error *err)
{
	tl_pos nopos = {0, 0};
	int fd = -1, rc = TL_EIO;
	char *buf = NULL;

	if (!name_is_safe(name)) {
		tl_error_set(err, TL_EINVALID, nopos,
		             "file name `%s` leaves the rule pack's folder: use a relative name "
		             "without `..`", name);
		tl_error_set_ja(err, "ファイル名 `%s` はルールパックのフォルダの外を指しています。"
		                "`..` を含まない相対名にしてください", name);
		return TL_EINVALID;
	}
	if (!dir) {
		const tl_embedded_file *f = embedded(name);
		if (f) {
			*data = f->data;
			*len = f->len;
			return 0;
		}
		tl_error_set(err, TL_EIO, nopos, "the built-in rule pack has no file `%s`", name);
		tl_error_set_ja(err, "組み込みルールパックにファイル `%s` がありません", name);
		return TL_EIO;
	}

	/* Open every component relative to the pack folder without following
	 * symbolic links, so that neither `..` nor a link can leave it. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		int e = errno;
		tl_error_set(err, TL_EIO, nopos, "cannot open rule pack folder %s: %s", dir,
		             tl_strerror(e, false));
		tl_error_set_ja(err, "ルールパックのフォルダ %s を開けません: %s", dir, tl_strerror(e, true));
		return TL_EIO;
	}
	const char *p = name;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char comp[256];
		if (n >= sizeof(comp)) {
			errno = ENAMETOOLONG;
			goto fail_errno;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : 0);
		int nfd = openat(dfd, comp, flags);
		if (nfd < 0) {
			int e = errno;
			struct stat lst;
			/* O_NOFOLLOW says ELOOP for a link as the last component, and
			 * O_DIRECTORY says ENOTDIR for a link to a folder on the way. */
			if (e == ELOOP ||
			    (e == ENOTDIR && fstatat(dfd, comp, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
			     S_ISLNK(lst.st_mode))) {
				close(dfd);
				dfd = -1;
				goto symlink;
			}
			close(dfd);
			dfd = -1;
			errno = e;
			goto fail_errno;
		}
		close(dfd);
		dfd = -1;
		if (!slash) {
			fd = nfd;
			break;
		}
		dfd = nfd;
		p = slash + 1;
	}

	struct stat st;
	if (fstat(fd, &st) != 0)
		goto fail_errno;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail_errno;
	}
	if ((size_t)st.st_size > TL_PACK_MAX_FILE) {
		tl_error_set(err, TL_ELIMIT, nopos, "rule pack file %s/%s is larger than %zu bytes",
		             dir, name, TL_PACK_MAX_FILE);
		tl_error_set_ja(err, "ルールパックのファイル %s/%s が %zu バイトを超えています", dir,
		                name, TL_PACK_MAX_FILE);
		rc = TL_ELIMIT;
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0;
	buf = tl_arena_alloc(arena, size + 1);
	if (!buf) {
		rc = TL_ENOMEM;
		goto out;
	}
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail_errno;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*data = buf;
	*len = got;
	rc = 0;
	goto out;

symlink:
	tl_error_set(err, TL_EINVALID, nopos,
	             "%s/%s is reached through a symbolic link: a rule pack cannot include files "
	             "from outside its folder", dir, name);
	tl_error_set_ja(err, "%s/%s はシンボリックリンクを経由しています。ルールパックは自分のフォルダ"
	                "の外のファイルを読み込めません", dir, name);
	rc = TL_EINVALID;
	goto out;
fail_errno:;
	int e = errno;
	tl_error_set(err, TL_EIO, nopos, "cannot read %s/%s: %s", dir, name, tl_strerror(e, false));
	tl_error_set_ja(err, "%s/%s を読み込めません: %s", dir, name, tl_strerror(e, true));
	rc = TL_EIO;
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	return rc;
}
