/* yaml2json.c - build-time tool: converts a YAML file to pretty JSON (publishes the declaration schema). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "value/scalar.h"
#include "yaml/doc.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	tl_buf b = TL_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = -1;

	if (!f)
		goto out;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tl_buf_put(&b, chunk, n);
	if (ferror(f) || b.oom)
		goto out;
	*len = b.len;
	*data = tl_buf_detach(&b);
	rc = 0;
out:
	if (f)
		fclose(f);
	tl_buf_free(&b);
	return rc;
}

static void indent(tl_buf *out, unsigned level)
{
	for (unsigned i = 0; i < level; i++)
		tl_buf_puts(out, "  ");
}

/* Writes one scalar as JSON: typed as YAML 1.2 core (tl_scalar_resolve),
 * dates as strings, decimals in their canonical text (exact, no float). */
static void emit_scalar(tl_buf *out, const tl_node *n)
{
	tl_scalar sc;
	char tmp[TL_DECIMAL_BUFSZ > TL_DATE_BUFSZ ? TL_DECIMAL_BUFSZ : TL_DATE_BUFSZ];

	if (!tl_scalar_resolve(n, &sc)) {
		tl_buf_json_str(out, n->u.scalar.text, n->u.scalar.len);
		return;
	}
	switch (sc.type) {
	case TL_SCALAR_NULL: tl_buf_puts(out, "null"); break;
	case TL_SCALAR_BOOL: tl_buf_puts(out, sc.u.b ? "true" : "false"); break;
	case TL_SCALAR_INT: tl_buf_printf(out, "%" PRId64, sc.u.i); break;
	case TL_SCALAR_DECIMAL:
		tl_decimal_format(tmp, sizeof(tmp), &sc.u.d);
		tl_buf_puts(out, tmp);
		break;
	case TL_SCALAR_DATE:
		tl_date_format(tmp, sc.u.date);
		tl_buf_json_str(out, tmp, strlen(tmp));
		break;
	case TL_SCALAR_STRING: tl_buf_json_str(out, n->u.scalar.text, n->u.scalar.len); break;
	}
}

/* Returns 0, or -1 with the offending node in *bad (a key that is not a scalar). */
static int emit(tl_buf *out, const tl_node *n, unsigned level, const tl_node **bad)
{
	if (n->kind == TL_NODE_SCALAR) {
		emit_scalar(out, n);
		return 0;
	}
	if (n->kind == TL_NODE_SEQUENCE) {
		if (n->u.seq.count == 0) {
			tl_buf_puts(out, "[]");
			return 0;
		}
		tl_buf_puts(out, "[\n");
		for (size_t i = 0; i < n->u.seq.count; i++) {
			indent(out, level + 1);
			if (emit(out, n->u.seq.items[i], level + 1, bad) != 0)
				return -1;
			tl_buf_puts(out, i + 1 < n->u.seq.count ? ",\n" : "\n");
		}
		indent(out, level);
		tl_buf_putc(out, ']');
		return 0;
	}
	if (n->u.map.count == 0) {
		tl_buf_puts(out, "{}");
		return 0;
	}
	tl_buf_puts(out, "{\n");
	for (size_t i = 0; i < n->u.map.count; i++) {
		const tl_pair *p = &n->u.map.pairs[i];
		if (p->key->kind != TL_NODE_SCALAR) {
			*bad = p->key;
			return -1;
		}
		indent(out, level + 1);
		/* JSON keys are strings: the key as written, whatever YAML would type it. */
		tl_buf_json_str(out, p->key->u.scalar.text, p->key->u.scalar.len);
		tl_buf_puts(out, ": ");
		if (emit(out, p->value, level + 1, bad) != 0)
			return -1;
		tl_buf_puts(out, i + 1 < n->u.map.count ? ",\n" : "\n");
	}
	indent(out, level);
	tl_buf_putc(out, '}');
	return 0;
}

/* A complete file or none: write a temporary file beside the target, then
 * rename it over the target. */
static int write_atomically(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof(".tmp.XXXXXX"));
	FILE *f = NULL;
	int fd = -1, rc = -1;

	if (!tmp)
		return -1;
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", sizeof(".tmp.XXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0)
		goto out;
	/* mkstemp creates 0600; a published schema is for everyone to read. */
	if (fchmod(fd, 0644) != 0)
		goto out;
	f = fdopen(fd, "wb");
	if (!f)
		goto out;
	fd = -1;
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto out;
	if (fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		int saved = errno;
		if (f)
			fclose(f);
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		errno = saved;
	}
	free(tmp);
	return rc;
}

int main(int argc, char **argv)
{
	char *data = NULL, *rendered = NULL;
	size_t len = 0;
	tl_doc *doc = NULL;
	tl_error err;
	tl_buf out = TL_BUF_INIT;
	const tl_node *bad = NULL;
	int status = EXIT_FAIL;

	if (argc != 3) {
		fprintf(stderr, "usage: tlcheck-yaml2json IN.yaml OUT.json\n");
		return EXIT_USAGE;
	}
	if (read_file(argv[1], &data, &len) != 0) {
		fprintf(stderr, "%s: cannot read: %s\n", argv[1], strerror(errno));
		goto out;
	}
	tl_error_clear(&err);
	if (tl_doc_load(&doc, &err, data, len, NULL) != 0) {
		rendered = tl_render_error(argv[1], &err, "en", data, len);
		fprintf(stderr, "%s\n", rendered ? rendered : err.msg);
		goto out;
	}
	if (emit(&out, tl_doc_root(doc), 0, &bad) != 0) {
		fprintf(stderr, "%s:%" PRIu32 ":%" PRIu32 ": a mapping key must be a scalar to become "
		        "a JSON key\n", argv[1], bad->start.line, bad->start.col);
		goto out;
	}
	tl_buf_putc(&out, '\n');
	if (out.oom) {
		fprintf(stderr, "%s: out of memory\n", argv[1]);
		goto out;
	}
	if (write_atomically(argv[2], out.data, out.len) != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", argv[2], strerror(errno));
		goto out;
	}
	status = EXIT_OK;
out:
	free(rendered);
	tl_buf_free(&out);
	if (doc)
		tl_doc_free(doc);
	free(data);
	return status;
}
