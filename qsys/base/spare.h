/*
 * qsys/base/spare.h - a pool of used files kept for reuse.
 *
 * A queue that creates and deletes a few files per message spends its time
 * in the file system's inode allocator, not in its own code: ext4 without a
 * journal (the machines qshim is benchmarked on) skips every inode freed in
 * the last one to six minutes when it looks for a free one, so each create
 * walks the trail of recent deletes (perf: ~45 % of qsmtpd's CPU at 600
 * msg/s).  Other file systems pay less, but every create/delete pair still
 * costs inode and bitmap updates.  A pool breaks the pair: a finished file is
 * renamed into the pool directory instead of unlinked, and the next writer
 * renames it back out and overwrites it, so the steady state allocates and
 * frees no inodes at all.  Nor blocks: the writer overwrites from offset 0
 * and truncates to its own length at the end, so a file of the same number
 * of blocks keeps them -- on a file system mounted with `discard` (this VM)
 * every freed block is a synchronous discard request (~0.3 ms), which an
 * unlink or a truncate to 0 would pay every time.
 *
 * Safety: a file is given to the pool only when it has one link (so no other
 * name -- a hand-off link, a quarantine copy -- sees it reused).  A taker
 * opens a pool file, takes an exclusive flock on it (LOCK_NB), renames it to
 * its own name and only then writes to it; pool names are never reused, so of
 * several processes racing for one file exactly one rename succeeds and the
 * others close their fd untouched.  The taker keeps the fd (and the flock).
 * Pool files keep their old data until overwritten: the pool directory must
 * be as private as the files that go into it.
 *
 * Several processes may share one pool directory; each keeps its own list of
 * names it knows of (its own gives, plus a directory scan at most once a
 * second when the list is empty), bounded by `max`.  A give finding its list
 * full unlinks instead.
 */
#ifndef QS_BASE_SPARE_H
#define QS_BASE_SPARE_H

#include <stddef.h>

struct qs_spare;

/* A pool in directory `dir` (which must exist), its files named
 * `prefix`<unique> (the prefix keeps them apart from the directory's other
 * entries; a leading '.' hides them from readdir-based scans that skip dot
 * files), keeping at most `max` files of at most `keep` bytes each.  NULL on
 * failure (errno set). */
struct qs_spare *qs_spare_new(const char *dir, const char *prefix, size_t max, size_t keep);
void             qs_spare_free(struct qs_spare **s);
const char      *qs_spare_dir(const struct qs_spare *s);

/* Take a pool file: it is renamed to `path` (which must not exist, same file
 * system) and locked (flock LOCK_EX).  Returns an O_RDWR fd at offset 0 of
 * the OLD content -- the caller writes from there and must ftruncate() to its
 * own length when done -- or -1 when the pool has nothing to give (the
 * caller creates a new file). */
int qs_spare_take(struct qs_spare *s, const char *path);

/* Give `path` to the pool: renamed into it when it is a regular file with
 * exactly one link, no larger than the pool's keep size, and the pool has
 * room; else unlinked.  `fd` (may be -1) is an open descriptor of the file,
 * closed here after the rename.  With `held` NULL the file can be taken at
 * once; otherwise its pool name is written to held[QS_SPARE_NAME_MAX] (or
 * "" when it was unlinked) and nobody in this process takes it until the
 * caller passes the name to qs_spare_publish() -- for a file whose removal
 * from its old directory must be made durable first.  Returns 1 pooled,
 * 0 unlinked, -1 with errno when `path` could be neither moved nor removed
 * (ENOENT: it was already gone). */
#define QS_SPARE_NAME_MAX 64
int  qs_spare_give(struct qs_spare *s, const char *path, int fd, char *held);
void qs_spare_publish(struct qs_spare *s, const char *held);

/* Names the pool knows of (for tests). */
size_t qs_spare_count(struct qs_spare *s);

#endif
