/* batch.h - checking many files with a progress callback (the CLI's progress line).
 *
 * tlcheck_check_files() in tlcheck.h is this function without progress. Both
 * deliver results on the calling thread, in the order of `paths`, whatever
 * `jobs` is; the callbacks are never called from a worker thread, so they need
 * no locking of their own.
 */
#ifndef TLCHECK_BATCH_H
#define TLCHECK_BATCH_H

#include "tlcheck.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Told after each delivered result (after `cb` returned 0): `done` results of
 * `total` have been delivered. Called on the calling thread. */
typedef void (*tlcheck_progress_cb)(void *ud, size_t done, size_t total);

/* tlcheck_check_files() plus `progress` (may be NULL), called with
 * `progress_ud` after each result handed to `cb`.
 *
 * `jobs`: 0 uses the number of processors the process may run on (its CPU
 * affinity, as nproc(1) counts); 1 checks on the calling
 * thread only; more checks on that many threads: jobs - 1 workers, and the
 * calling thread, which checks a file itself whenever the next result is not
 * ready yet (so the callback's work is shared, not added on top). Never more
 * threads than files, nor than one per 16 MiB of an address-space limit
 * (RLIMIT_AS). Each worker is started on a processor of its own, the ones
 * after the calling thread's in turn (with glibc, where the process may use
 * more than one), and may run on any of the calling thread's processors once
 * it runs. Each has its own evaluation context; `pack` is shared
 * read-only. A worker that runs out of memory leaves; the calling thread
 * checks that file again, and every file no worker is left to take. If it
 * cannot get the memory either while workers still run, they are all retired
 * first; if it still cannot, the results checked ahead of it are let go (and
 * checked again on the calling thread in their turn): parallelism never costs
 * a result, only speed. A file that the calling thread, holding nothing else,
 * still cannot check is delivered as not checked: its result has the pack's
 * load-error finding (the default pack's DECL-000) of the cause `memory`, and
 * the batch goes on with the next file.
 * At most 16 x jobs results are being built or waiting for delivery at any
 * time, 4 x jobs once the files of those waiting come to 1 MiB, and jobs once
 * they come to 4 MiB, so memory grows with jobs and the largest file, not
 * with `count` (tlcheck_check_files_lend: up to about as many results again
 * of files under 1 MiB, delivered and waiting for their worker to free
 * them).
 * Results arrive through `cb` as soon as every earlier one has been
 * delivered.
 *
 * Returns 0; TLCHECK_ENOMEM when the calling thread, alone, could not even
 * make the result of a file it could not check (results before it were
 * delivered, none after); or the first non-zero value `cb` returned: the batch then
 * stops, workers finish the file they hold, and every result not delivered
 * is freed here.
 *
 * Ownership: `paths` and `opts` are read during the call only; each result
 * handed to `cb` belongs to the callback (free it with tlcheck_result_free,
 * before the pack). */
TLCHECK_API int tlcheck_check_files_ex(const tlcheck_pack *pack, const char *const *paths,
                                       size_t count, const tlcheck_check_options *opts,
                                       unsigned jobs, tlcheck_result_cb cb, void *ud,
                                       tlcheck_progress_cb progress, void *progress_ud);

/* tlcheck_check_files_ex(), but each result is lent to `cb`, not given: it
 * stays valid until `cb` returns, and the batch frees it afterwards, before
 * this call returns (do not free it, nor keep pointers into it). A result a
 * worker made is freed by that worker when it next takes a file, so that its
 * memory goes back to the worker's own allocator arena (freed on the calling
 * thread, every result would take the lock of the arena the worker is
 * allocating from); those delivered after a worker's last file, and those
 * of files of 1 MiB or more (their memory matters more), are freed by the
 * calling thread. What the CLI uses. */
TLCHECK_API int tlcheck_check_files_lend(const tlcheck_pack *pack, const char *const *paths,
                                         size_t count, const tlcheck_check_options *opts,
                                         unsigned jobs, tlcheck_result_cb cb, void *ud,
                                         tlcheck_progress_cb progress, void *progress_ud);

#ifdef __cplusplus
}
#endif

#endif
