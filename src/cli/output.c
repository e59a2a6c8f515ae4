/* output.c - --output written atomically: a temporary file renamed into place
 * (through symbolic links; a terminal, device or pipe, or a descriptor named
 * through /proc such as /dev/stdout, is written to directly). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sync_file_range */
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define OUTPUT_BUFFER ((size_t)1 << 20)
/* Files reported between two requests to start writing the temporary file. */
#define WRITEBACK_EVERY 64

/* The temporary file to remove if a signal ends the run. */
static volatile sig_atomic_t have_tmp;
static char tmp_for_signal[4096];

static void on_signal(int sig)
{
	if (have_tmp)
		unlink(tmp_for_signal);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The file a report for `path` replaces: `path` itself, or where the symbolic
 * links at `path` lead (the links stay), whether that file exists or not.
 * NULL with errno set (ELOOP for a cycle, ENOMEM). */
static char *follow_links(const char *path)
{
	char *cur = strdup(path);
	for (int depth = 0; cur; depth++) {
		struct stat st;
		char link[PATH_MAX];
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		ssize_t n = depth < 40 ? readlink(cur, link, sizeof(link) - 1) : -1;
		if (n < 0) {
			if (depth >= 40)
				errno = ELOOP;
			free(cur);
			return NULL;
		}
		link[n] = '\0';
		/* A relative link is read from the folder the link is in. */
		const char *slash = strrchr(cur, '/');
		size_t dirlen = link[0] != '/' && slash ? (size_t)(slash - cur) + 1 : 0;
		char *next = malloc(dirlen + (size_t)n + 1);
		if (next) {
			memcpy(next, cur, dirlen);
			memcpy(next + dirlen, link, (size_t)n + 1);
		}
		free(cur);
		cur = next;
	}
	errno = ENOMEM;
	return NULL;
}

/* True for a path that names an open file through /proc: /dev/stdout,
 * /dev/fd/N, /proc/self/fd/N. Its link leads to whatever the descriptor is
 * (a pipe, a terminal, or a log opened to append to): the report is written
 * through it, never renamed over what it leads to. */
static bool through_proc(const char *path)
{
	char link[PATH_MAX], dir[PATH_MAX], real[PATH_MAX];
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n >= 6 && strncmp(link, "/proc/", 6) == 0)
		return true;
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	if (len == 0 || len >= sizeof(dir))
		return slash == path && strncmp(path, "/proc/", 6) == 0;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return realpath(dir, real) && strncmp(real, "/proc/", 6) == 0;
}

/* Opens a target that is not a regular file (a terminal, /dev/null, a pipe),
 * or one named through /proc, in `mode`: there is nothing to rename over it,
 * so the report is written to it. */
static int open_direct(cli_output *o, const char *path, const char *mode)
{
	o->fp = fopen(path, mode);
	if (!o->fp) {
		cli_error("cannot write %s: %s", "%s に書き込めません: %s", path, cli_strerror(errno));
		cli_output_abort(o);
		return -1;
	}
	return 0;
}

int cli_output_open(cli_output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	o->path = strdup(path);
	if (!o->path) {
		cli_error("out of memory", "メモリが不足しています");
		return -1;
	}
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		cli_error("cannot write %s: it is a folder", "%s に書き込めません: フォルダです", path);
		cli_output_abort(o);
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		o->direct = true;
		return open_direct(o, path, "w");
	}
	/* Appended to, as the descriptor's own writes would be. */
	if (through_proc(path)) {
		o->direct = true;
		return open_direct(o, path, "a");
	}
	/* The file the links lead to is replaced, not the links. */
	char *target = follow_links(path);
	if (!target) {
		cli_error("cannot write %s: %s", "%s に書き込めません: %s", path, cli_strerror(errno));
		cli_output_abort(o);
		return -1;
	}
	size_t n = strlen(target);
	const char *slash = strrchr(target, '/');
	size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	o->target = target;
	o->tmp = malloc(n + 16);
	if (!o->tmp || n + 16 > sizeof(tmp_for_signal)) {
		/* The temporary file's name would not fit the signal handler's copy. */
		int e = o->tmp ? ENAMETOOLONG : ENOMEM;
		cli_output_abort(o);
		if (e == ENOMEM)
			cli_error("out of memory", "メモリが不足しています");
		else
			cli_error("cannot write %s: %s", "%s に書き込めません: %s", path, cli_strerror(e));
		return -1;
	}
	/* Same folder as the target, so that rename() is atomic. */
	memcpy(o->tmp, target, dirlen);
	o->tmp[dirlen] = '.';
	memcpy(o->tmp + dirlen + 1, target + dirlen, n - dirlen);
	memcpy(o->tmp + n + 1, ".XXXXXX", 8);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		cli_error("cannot write %s: %s", "%s に書き込めません: %s", path, cli_strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		cli_output_abort(o);
		return -1;
	}
	/* A report that replaces a file keeps that file's permissions; a new one
	 * is made 0666 less the umask (mkstemp made it 0600). */
	if (exists) {
		fchmod(fd, st.st_mode & 07777);
	} else {
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	memcpy(tmp_for_signal, o->tmp, strlen(o->tmp) + 1);
	have_tmp = 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, on_signal);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		close(fd);
		cli_output_abort(o);
		return -1;
	}
	/* Nobody reads the temporary file before the rename: write it in large
	 * pieces. Writing the report is the costliest part of a batch beyond
	 * loading and checking: the 36 MB JSON report of 10,000 declarations,
	 * written with a 64 KiB buffer (560 write calls), made `check --jobs 1`
	 * cost 0.10 of the load-only floor more than with the report sent to
	 * /dev/null. A 1 MiB buffer (36 calls) measured 1.5-3% faster overall
	 * than 64 KiB in interleaved pinned runs, at 1,000 and 10,000 files,
	 * and also with a program streaming over 128 MiB on the other core
	 * (8e1c73e had chosen 64 KiB because a simulated 1 MiB L2 cache missed
	 * more with a bigger buffer; the runs measured since do not show it).
	 * It costs 1 MiB of memory, once. */
	o->buf = malloc(OUTPUT_BUFFER);
	if (o->buf)
		setvbuf(o->fp, o->buf, _IOFBF, OUTPUT_BUFFER);
	return 0;
}

bool cli_output_target(const char *path, cli_file_id *id)
{
	struct stat st;
	if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	*id = (cli_file_id){(unsigned long long)st.st_dev, (unsigned long long)st.st_ino};
	return true;
}

bool cli_output_same_file(const cli_file_id *target, const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0 && (unsigned long long)st.st_dev == target->dev &&
	       (unsigned long long)st.st_ino == target->ino;
}

void cli_output_refuse_input(const char *path, const char *input)
{
	cli_error("--output %s is the file %s, which is read: the report would replace it",
	          "--output %s は読み込むファイル %s です。レポートで上書きされてしまいます", path,
	          input);
}

bool cli_output_is_input(const char *path, const char *const *inputs, size_t n)
{
	cli_file_id target;
	if (!cli_output_target(path, &target))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!cli_output_same_file(&target, inputs[i]))
			continue;
		cli_output_refuse_input(path, inputs[i]);
		return true;
	}
	return false;
}

void cli_output_tick(cli_output *o)
{
	if (!o->tmp || ++o->ticks < WRITEBACK_EVERY)
		return;
	o->ticks = 0;
#if defined(__linux__)
	/* Only starts the write-back of the pages written so far; the fsync of
	 * cli_output_commit still makes sure of all of them. */
	(void)sync_file_range(fileno(o->fp), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
}

int cli_output_commit(cli_output *o)
{
	int rc = 0;
	if (!o->path)
		return cli_stdout_written(0) == 0 ? 0 : -1;
	if (o->direct) {
		if (fclose(o->fp) != 0) {
			cli_error("cannot write %s: %s", "%s に書き込めません: %s", o->path, cli_strerror(errno));
			rc = -1;
		}
		o->fp = NULL;
		cli_output_abort(o);
		return rc;
	}
	if (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0)
		rc = -1;
	if (fclose(o->fp) != 0)
		rc = -1;
	o->fp = NULL;
	free(o->buf);
	o->buf = NULL;
	if (rc == 0 && rename(o->tmp, o->target) != 0)
		rc = -1;
	if (rc != 0) {
		cli_error("cannot write %s: %s", "%s に書き込めません: %s", o->path, cli_strerror(errno));
		unlink(o->tmp);
	}
	have_tmp = 0;
	free(o->tmp);
	free(o->target);
	free(o->path);
	o->tmp = o->target = o->path = NULL;
	return rc;
}

void cli_output_abort(cli_output *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	free(o->buf);
	if (o->tmp)
		unlink(o->tmp);
	have_tmp = 0;
	free(o->tmp);
	free(o->target);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
