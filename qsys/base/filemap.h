/*
 * qsys/base/filemap.h - a whole file mapped read-only (no copy: spooled
 * data and reports are large).
 */
#ifndef QS_BASE_FILEMAP_H
#define QS_BASE_FILEMAP_H

#include <stddef.h>

struct qs_err;

/* Map path: *p_r, *n_r (NULL and 0 for an empty file).  A file larger
 * than max (0: no limit) is EFBIG.  With regular_only, a path that is not
 * a regular file (a pipe, a terminal) returns 1 and maps nothing.
 * 0, 1, or -1 with err set. */
int qs_file_map(const char *path, size_t max, int regular_only, const unsigned char **p_r,
                size_t *n_r, struct qs_err *err);
/* Undo qs_file_map (NULL is fine). */
void qs_file_unmap(const unsigned char *p, size_t n);

#endif
