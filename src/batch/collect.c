/* collect.c - turning command-line paths into the ordered list of files to check. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* d_type and DT_* of readdir() */
#endif
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "tlcheck/tlcheck.h"

typedef struct plist {
	char **items;
	size_t count, cap;
} plist;

static int push(plist *l, const char *s)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **n = realloc(l->items, cap * sizeof(*n));
		if (!n)
			return TLCHECK_ENOMEM;
		l->items = n;
		l->cap = cap;
	}
	char *c = strdup(s);
	if (!c)
		return TLCHECK_ENOMEM;
	l->items[l->count++] = c;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Lists the entries of folder `dir`: declarations go to `l`, folders to
 * `todo` (walked after this one is closed, so that one folder is open at a
 * time however deep the tree: no depth limit, no descriptor per level). */
static int list_dir(plist *l, plist *todo, const char *dir, char **errmsg)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	d = opendir(dir);
	if (!d) {
		/* Out of file descriptors or of memory is trouble of the run, not of
		 * the folder: it stops here, saying why. Any other reason (no
		 * permission, a name too long, an I/O error, gone) belongs to the
		 * folder: it is kept in its place, the check reports it as unreadable
		 * (DECL-000), and the rest of the batch is checked. */
		if (errno == ENOMEM)
			return TLCHECK_ENOMEM;
		if (errno != EMFILE && errno != ENFILE)
			return push(l, dir);
		tl_buf b = TL_BUF_INIT;
		tl_buf_printf(&b, "%s: %s", dir, strerror(errno));
		if (errmsg)
			*errmsg = tl_buf_detach(&b);
		else
			tl_buf_free(&b);
		return TLCHECK_EIO;
	}
	for (;;) {
		errno = 0;
		if (rc != 0 || !(e = readdir(d)))
			break;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		/* Most file systems say what an entry is: a batch of thousands of
		 * declarations then costs no lstat() per file. */
		int kind = 0; /* 1 directory, 2 file or link, 3 neither, 0 ask lstat() */
		bool link = false;
#if defined(DT_UNKNOWN)
		if (e->d_type == DT_DIR)
			kind = 1;
		else if (e->d_type == DT_REG || e->d_type == DT_LNK)
			kind = 2;
		else if (e->d_type != DT_UNKNOWN)
			kind = 3;
		link = e->d_type == DT_LNK;
#endif
		if (kind >= 2 && (kind == 3 || !is_yaml(e->d_name)))
			continue;
		tl_buf p = TL_BUF_INIT;
		tl_buf_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		struct stat st;
		if (p.oom) {
			rc = TLCHECK_ENOMEM;
		} else if (kind == 0 && lstat(p.data, &st) == 0) {
			kind = S_ISDIR(st.st_mode) ? 1 : S_ISREG(st.st_mode) || S_ISLNK(st.st_mode) ? 2 : 3;
			link = S_ISLNK(st.st_mode);
		}
		/* A link is not followed into a directory, whatever its name; one
		 * that leads nowhere is kept, to be reported as unreadable. */
		if (rc == 0 && link && stat(p.data, &st) == 0 && S_ISDIR(st.st_mode))
			kind = 3;
		if (rc == 0 && kind == 1)
			rc = push(todo, p.data);
		else if (rc == 0 && kind == 2 && is_yaml(e->d_name))
			rc = push(l, p.data);
		tl_buf_free(&p);
	}
	/* readdir() failing part way (an I/O error): what it listed is checked,
	 * and the folder is reported in its place as not read in full. */
	if (rc == 0 && errno != 0)
		rc = errno == ENOMEM ? TLCHECK_ENOMEM : push(l, dir);
	closedir(d);
	return rc;
}

/* Every declaration under folder `dir`, at any depth. */
static int walk(plist *l, const char *dir, char **errmsg)
{
	plist todo = {NULL, 0, 0};
	int rc = push(&todo, dir);
	while (rc == 0 && todo.count > 0) {
		char *next = todo.items[--todo.count];
		rc = list_dir(l, &todo, next, errmsg);
		free(next);
	}
	tlcheck_paths_free(todo.items, todo.count);
	return rc;
}

int tlcheck_collect_paths(char ***out, size_t *count, const char *const *args, size_t nargs,
                          char **errmsg)
{
	plist l = {NULL, 0, 0};
	int rc = 0;

	*out = NULL;
	*count = 0;
	if (errmsg)
		*errmsg = NULL;
	for (size_t i = 0; i < nargs && rc == 0; i++) {
		struct stat st;
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t start = l.count;
			rc = walk(&l, args[i], errmsg);
			if (l.count > start)
				qsort(l.items + start, l.count - start, sizeof(char *), cmp_str);
		} else {
			rc = push(&l, args[i]);
		}
	}
	if (rc != 0) {
		tlcheck_paths_free(l.items, l.count);
		return rc;
	}
	*out = l.items;
	*count = l.count;
	return 0;
}

void tlcheck_paths_free(char **paths, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
}
