/* embedded.h - the default rule pack, compiled into the library (see tools/embed.c). */
#ifndef TL_EMBEDDED_H
#define TL_EMBEDDED_H

#include <stddef.h>

typedef struct tl_embedded_file {
	const char *name;   /* relative to rules/, e.g. "pack.yaml"; NULL ends the list */
	const char *data;
	size_t len;
	const unsigned char *frozen; /* its YAML tree (tl_doc_thaw), or NULL */
	size_t frozen_len;
} tl_embedded_file;

extern const tl_embedded_file tl_embedded_pack[];

#endif
