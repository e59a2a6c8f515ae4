/* cli.h - shared pieces of the command-line tool (which uses only the public API). */
#ifndef TL_CLI_H
#define TL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "tlcheck/report.h"
#include "tlcheck/tlcheck.h"

/* Exit statuses (interfaces.md). */
enum {
	EXIT_CLEAN = 0,     /* no finding at or above --fail-on */
	EXIT_FINDINGS = 1,  /* at least one such finding */
	EXIT_TROUBLE = 2    /* bad usage, invalid pack, or an input that could not be read */
};

extern bool cli_ja;   /* messages in Japanese */

/* The message in the current language. */
const char *T(const char *en, const char *ja);
/* "tlcheck: message" on stderr, in the current language (printf formats). */
void cli_error(const char *fmt_en, const char *fmt_ja, ...);
/* The system's reason for errno value `e` in the language of the messages. */
const char *cli_strerror(int e);
/* Flushes standard output: `status` when all of it was written, else (after
 * saying why) EXIT_TROUBLE. */
int cli_stdout_written(int status);
/* Decides the language from --lang, else LC_ALL, LC_MESSAGES, LANG. */
void cli_set_lang(const char *lang_opt);
const char *cli_lang(void);

/* Matches `--name VALUE` or `--name=VALUE` at argv[*i]; advances *i. Returns
 * 1 and sets *val when it matched, 0 when argv[*i] is another option, -1 (after
 * an error message) when the value is missing. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* The same for an option that may be given once (--output, --rules, --waivers,
 * --baseline): a second one is a usage error (-1), not a silent replacement. */
int cli_opt_once(int argc, char **argv, int *i, const char *name, const char **val);

/* Loads the pack (built-in, or --rules DIR) and applies --param overrides;
 * prints every problem. NULL on failure. */
tlcheck_pack *cli_load_pack(const char *rules_dir, const char **params, int nparams);

/* Reads a whole file (at most 64 MiB) into a malloc'd buffer (free it); NULL
 * when it cannot be read or is larger. */
char *cli_read_file(const char *path, size_t *len);

/* Atomic output: a temporary file beside `path` (or the file its symbolic links
 * lead to), renamed over it on commit. A target that exists and is not a regular
 * file (/dev/null, a pipe, a terminal) is written to directly; a folder is an error. */
typedef struct cli_output {
	FILE *fp;
	char *path;      /* as given; NULL: standard output */
	char *target;    /* the file renamed over: path, or where its symbolic links lead */
	char *tmp;       /* the temporary file beside target; NULL when written directly */
	bool direct;     /* path is not a regular file (a device, a pipe): written to as it is */
	char *buf;      /* the temporary file's stdio buffer (glibc ignores a size without one) */
	unsigned ticks;  /* cli_output_tick calls since the last write-back was started */
} cli_output;

int cli_output_open(cli_output *o, const char *path);
/* True, after saying so, when `path` (--output) is one of the `n` files the
 * command reads: the same file, by device and inode, whatever the names and
 * links on the way; the report would replace it. NULL entries are skipped.
 * Costs a stat() per input, and none when `path` does not exist yet: for the
 * declarations of a batch, check compares each result's file identity with
 * cli_output_target's instead. */
bool cli_output_is_input(const char *path, const char *const *inputs, size_t n);
/* A file by device and inode, whatever the links to it. */
typedef struct cli_file_id {
	unsigned long long dev, ino;
} cli_file_id;
/* The file --output `path` would replace: false when there is none (no such
 * file yet, standard output, not a regular file). */
bool cli_output_target(const char *path, cli_file_id *id);
/* Whether `path` leads to the file `target` (false when it cannot be stat()ed). */
bool cli_output_same_file(const cli_file_id *target, const char *path);
/* Says that --output `path` is the input `input` (cli_output_is_input's words). */
void cli_output_refuse_input(const char *path, const char *input);
int cli_output_commit(cli_output *o);
/* Called as a report grows (once a file): now and then asks the system to
 * start writing what is already in the temporary file, so that the fsync of
 * the commit waits for little (Linux; elsewhere it does nothing). */
void cli_output_tick(cli_output *o);
void cli_output_abort(cli_output *o);

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test_rules(int argc, char **argv);
int cmd_diff(int argc, char **argv);

void usage_main(FILE *fp);

#endif
