/* doc.h - an immutable YAML document tree with a position on every node. */
#ifndef TL_DOC_H
#define TL_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

typedef enum tl_node_kind {
	TL_NODE_SCALAR,
	TL_NODE_SEQUENCE,
	TL_NODE_MAPPING
} tl_node_kind;

typedef enum tl_scalar_style {
	TL_STYLE_PLAIN,
	TL_STYLE_SINGLE_QUOTED,
	TL_STYLE_DOUBLE_QUOTED,
	TL_STYLE_LITERAL,  /* | */
	TL_STYLE_FOLDED    /* > */
} tl_scalar_style;

typedef struct tl_node tl_node;

typedef struct tl_pair {
	const tl_node *key;
	const tl_node *value;
} tl_pair;

struct tl_node {
	/* What a lookup reads (kind, and a key's text and length) first, in the
	 * node's first cache line; where the node is, after. */
	tl_node_kind kind;
	uint32_t id;            /* 0 .. tl_doc_node_count()-1, unique in its document */
	union {
		struct {
			const char *text;  /* the value after YAML escapes/folding, NUL-terminated;
			                      may contain NUL bytes (then len tells) */
			size_t len;
			tl_scalar_style style;
		} scalar;
		struct {
			const tl_node *const *items;
			size_t count;
		} seq;
		struct {
			const tl_pair *pairs;
			size_t count;
		} map;
	} u;
	uint32_t depth;         /* 0 for the root */
	/* Where this node sits in its parent: for a sequence item, its index; for a
	 * mapping value or key, the index of its pair. */
	uint32_t index;
	bool is_key;            /* true when this node is a mapping key */
	tl_pos start;           /* 1-based, first character of the node (its tag or anchor
	                           if any, else the value) */
	tl_pos end;             /* 1-based, just past the node's last character */
	const char *tag;        /* the tag as written and resolved (e.g.
	                           "tag:yaml.org,2002:str"), or NULL when none was written */
	const tl_node *parent;  /* NULL for the root */
};

/* Limits a caller may set; each is checked while loading, and exceeding one
 * fails the load with TL_ELIMIT and a message naming the limit. Zero means
 * "use the default". */
typedef struct tl_load_limits {
	unsigned version;        /* TL_LOAD_LIMITS_VERSION */
	size_t max_bytes;        /* input size; default 8 MiB */
	uint32_t max_depth;      /* nesting of collections; default 64 */
	size_t max_nodes;        /* nodes after alias expansion; default 1,000,000 */
	size_t max_alias_nodes;  /* nodes created by expanding aliases; default 10,000 */
} tl_load_limits;

#define TL_LOAD_LIMITS_VERSION 1
#define TL_LOAD_LIMITS_INIT {TL_LOAD_LIMITS_VERSION, 0, 0, 0, 0}

#define TL_DEFAULT_MAX_BYTES ((size_t)8 << 20)
#define TL_DEFAULT_MAX_DEPTH 64
#define TL_DEFAULT_MAX_NODES ((size_t)1000000)
#define TL_DEFAULT_MAX_ALIAS_NODES ((size_t)10000)

typedef struct tl_doc tl_doc;

/* Loads exactly one YAML document from `data` (which need not be NUL-terminated
 * and is not kept: the document copies what it needs).
 * On success returns 0 and sets *out; free it with tl_doc_free().
 * On failure returns a negative tl_status, sets *out to NULL and fills `err`
 * (position 1-based; message in English and Japanese):
 *   TL_ESYNTAX    YAML syntax error (our own wording, never libyaml's alone)
 *   TL_EENCODING  not UTF-8; Shift_JIS and UTF-16 are recognised and named,
 *                 with how to save the file as UTF-8
 *   TL_EDUPKEY    a mapping repeats a key (both positions in the message)
 *   TL_ELIMIT     a limit was exceeded (the message names it and its value)
 *   TL_EMULTIDOC  no document, or more than one
 *   TL_ENOMEM
 * A UTF-8 byte-order mark is skipped; CRLF line ends are accepted.
 * An empty or comment-only input is TL_EMULTIDOC ("the file holds no YAML document").
 * Aliases are expanded by copying the anchored subtree (copies keep the
 * anchored nodes' positions), counted against max_alias_nodes and max_nodes.
 * Thread-safe: touches no global state. `limits` may be NULL for defaults. */
int tl_doc_load(tl_doc **out, tl_error *err, const char *data, size_t len,
                const tl_load_limits *limits);

void tl_doc_free(tl_doc *doc);

/* Appends `doc` to `out` as bytes that tl_doc_thaw() turns back into the same
 * tree (every node's kind, position, tag, text, style and place) without
 * parsing: the built-in rule pack is frozen at build time. TL_EINVALID when
 * the tree is not one the loader makes, TL_ENOMEM. */
struct tl_buf;
int tl_doc_freeze(const tl_doc *doc, struct tl_buf *out);

/* The document tl_doc_freeze() wrote into `data`. It keeps no source text:
 * tl_doc_line() finds no line in it. TL_EINVALID for bytes that are not such
 * a document (checked, never trusted), TL_ENOMEM. */
int tl_doc_thaw(tl_doc **out, const unsigned char *data, size_t len);

const tl_node *tl_doc_root(const tl_doc *doc);
size_t tl_doc_node_count(const tl_doc *doc);

/* The text of 1-based line `line` of the input (BOM and line end excluded);
 * returns false when there is no such line. Points into the document. */
bool tl_doc_line(const tl_doc *doc, uint32_t line, const char **text, size_t *len);

/* Looks a key up in a mapping node by its scalar text; NULL when absent or when
 * `map` is not a mapping. Linear scan: mappings in declarations are small. */
const tl_node *tl_node_get(const tl_node *map, const char *key);

/* The key of a mapping value (the node `partners:` names for its list), or
 * NULL when `value` is not the value of a mapping pair. */
const tl_node *tl_node_key_of(const tl_node *value);

/* The scalar text of a node, or NULL if it is not a scalar. */
const char *tl_node_text(const tl_node *n);

/* Appends the dotted path of a node (0-based indexes: `partners[1].nda.signed_on`;
 * the root is the empty string) to `out`, NUL-terminated, cut to `cap`; returns the
 * full length it would need. Keys that are not simple identifiers are quoted:
 * `a["b c"]`. */
size_t tl_node_path(const tl_node *n, char *out, size_t cap);

/* Renders `file:line:col: message` then the source line and a caret under the
 * column, as a compiler does, into a malloc'd string (free it). `doc_text` is the
 * raw input (may be NULL when unavailable: then only the first line is made). */
char *tl_render_error(const char *file, const tl_error *err, const char *lang,
                      const char *data, size_t len);

#endif
