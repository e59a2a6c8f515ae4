/* errtext.h - the system's reason for a failure, in the reader's language. */
#ifndef TL_ERRTEXT_H
#define TL_ERRTEXT_H

#include <stdbool.h>

/* The reason `errnum` stands for: strerror()'s text, or, with `ja`, Japanese
 * words for the reasons a file or folder is commonly not read or written (no
 * such file, no permission, a full disk, ...), strerror()'s text for the rest.
 * Like strerror()'s, the text of an unknown value lasts only until the next
 * call in the same thread: use it at once. */
const char *tl_strerror(int errnum, bool ja);

#endif
