/*
 * qsys/base/fileio.h - durable file helpers.
 *
 * All persistent state in qshim is written with qs_file_write_atomic():
 * temp file in the same directory, write, fsync, rename over the target,
 * fsync the directory.  After a crash the target holds either the old or the
 * new content, never a mix, and a caller that got 0 back knows the new
 * content is on disk.
 */
#ifndef QS_BASE_FILEIO_H
#define QS_BASE_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

struct qs_err;
struct qs_buf;

int qs_file_write_atomic(const char *path, const void *data, size_t len,
                         mode_t mode, struct qs_err *err);
/* Read the whole file into out (appending); fails with E2BIG past `max`. */
int qs_file_read(const char *path, size_t max, struct qs_buf *out, struct qs_err *err);
/* write() all of it, retrying on EINTR/short writes. 0 or -1 (errno set). */
int qs_write_all(int fd, const void *p, size_t n);
/* fsync the directory holding `path` (or `path` itself if it is a directory). */
int qs_fsync_dir(const char *path);
/* mkdir -p with mode for every created component. */
int qs_mkdir_p(const char *path, mode_t mode, struct qs_err *err);
/* Remove a tree (for QTEMP and tests); 0 or -1. */
int qs_rm_rf(const char *path);
/* Lock a whole file: flock; exclusive or shared; wait or fail with EWOULDBLOCK. */
int qs_lock_fd(int fd, int exclusive, int wait);
/* Open (creating) path and lock it; returns the fd or -1. */
int qs_lock_path(const char *path, int exclusive, int wait, struct qs_err *err);

#endif
