/*
 * qsys/snads/store.h - internal: the on-disk records of qsys/snads (layout in
 * snads.h).  Callers hold the snads lock (qs_snads_lock) around any change.
 */
#ifndef QS_SNADS_STORE_H
#define QS_SNADS_STORE_H

#include "qsys/snads/snads.h"
#include "qsys/base/limits.h"

#define QS_SNADS_PATH_MAX QS_MAX_PATH

struct qs_buf;

/* Take the exclusive lock of the whole store; returns the fd to close(). */
int qs_snads_lock(struct qs_err *err);
/* out = root/snads/<fmt...>; creates nothing. */
int qs_snads_path(struct qs_buf *out, struct qs_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The id as a file name (blanks → '.') into out[21]. */
void qs_snads_idfile(char out[QS_DSTID_LEN + 1], const char *dstid);

/* Path of a record: in/err: <log>/<USER>.<ADDR>/<id>.<ext>; out: .../<id>. */
int qs_snads_rec_path(struct qs_buf *out, enum qs_dst_log log, const char *user,
                      const char *addr, const char *dstid, int ext, struct qs_err *err);
/* Write d at its path (owner/log/id/ext), creating directories. */
int qs_snads_rec_write(const struct qs_dst *d, struct qs_err *err);
/* Read one record file; *r is NULL-free on failure. */
int qs_snads_rec_read(const char *path, struct qs_dst **r, struct qs_err *err);
/* Does the record exist? */
int qs_snads_rec_exists(enum qs_dst_log log, const char *user, const char *addr,
                        const char *dstid, int ext);
int qs_snads_rec_remove(const struct qs_dst *d, struct qs_err *err);
/* All records of a user's log, by creation time then id.  Damaged files come
 * back as records with status QS_ST_ERROR and errtext "damaged". */
int qs_snads_rec_list(enum qs_dst_log log, const char *user, const char *addr,
                      struct qs_dst ***v_r, size_t *n_r, struct qs_err *err);
/* Find the record with this id (ext 0: lowest extension). */
int qs_snads_rec_find(enum qs_dst_log log, const char *user, const char *addr,
                      const char *dstid, int ext, struct qs_dst **r, struct qs_err *err);

/* Next sequence number (1..9999, wrapping) of a sender; under the lock. */
int qs_snads_seq_next(const char *addr, const char *user, unsigned *r, struct qs_err *err);

/* Update the sender's *OUT record: recipient user/addr gets status st
 * (confirm sets its confirmed flag).  A missing out record is no error. */
int qs_snads_out_update(const struct qs_dst *in, enum qs_dst_status st, int confirm,
                        time_t now, struct qs_err *err);

/* Build the MIME note for the Internet copy of a distribution. */
int qs_snads_mime(struct qs_buf *out, const struct qs_dst *d, const char *from,
                  const char *const *to, size_t nto, const char *const *cc, size_t ncc,
                  time_t now, struct qs_err *err);

/* Put a note on queue q (priority from d->pty) for the given recipients. */
int qs_snads_dstq_put(struct qs_snads_ctx *ctx, const char *q, const struct qs_dst *d,
                      const char *from, const char *const *rcpts, size_t n,
                      const char *data, size_t len, struct qs_err *err);
/* Send what waits on q at pty if not held (lock held by caller). */
int qs_snads_dstq_flush(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                        int force, size_t *sent_r, struct qs_err *err);

/* QZMF journal (qsys/snads/jrn.c): on = CHGSMTPA JOURNAL(*YES), read once per
 * operation; an entry of `type` for d and one recipient (user/addr or inet). */
int qs_snads_jrn_on(void);
void qs_snads_jrn(int on, const char *type, const struct qs_dst *d, const char *ruser,
                  const char *raddr, const char *inet, const char *text);

static inline time_t qs_snads_now(const struct qs_snads_ctx *ctx)
{
    return ctx && ctx->now ? ctx->now : time(NULL);
}

#endif
