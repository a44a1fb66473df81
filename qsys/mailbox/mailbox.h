/*
 * qsys/mailbox/mailbox.h - local mailboxes: one Maildir per user profile at
 * $QSYS_ROOT/mail/box/<USER>/Maildir (tmp/ new/ cur/).
 *
 * Files hold the message exactly as POP3 serves it: CRLF line ends, not
 * dot-stuffed.  Delivery is idempotent: the caller names the file
 * (deterministically, from the MSF message id and recipient index), the data
 * is fsynced in tmp/, then link()ed into new/ and new/ is fsynced; a second
 * delivery of the same name finds it and does nothing.  POP3 never renames
 * files, so a delivered name stays in new/ until the user deletes it.
 */
#ifndef QS_MAILBOX_MAILBOX_H
#define QS_MAILBOX_MAILBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct qs_err;
struct qs_buf;

/* Append the Maildir path of `user` (upper-cased profile name) to out. */
int qs_mbox_path(struct qs_buf *out, const char *user, struct qs_err *err);
/* Create the Maildir (tmp, new, cur) if missing. */
int qs_mbox_create(const char *user, struct qs_err *err);
/* Deliver hdr[0..hlen) followed by the whole of content_fd (from offset 0)
 * as file `name` (no '/' or ':').  0 = delivered now, 1 = was already there,
 * -1 = error. */
int qs_mbox_deliver(const char *user, const char *name, const void *hdr, size_t hlen,
                    int content_fd, struct qs_err *err);

/* Batched delivery (the MSF runner): add() writes each file into tmp/ and
 * returns its index (or -1); commit() makes them durable together -- one
 * fdatasync per file with write-back started for all first, link() into new/,
 * one fsync per distinct new/ directory; result(i) is then 0 delivered, 1 was
 * already there, -1 failed (*sys_errno_r set).  reset() empties the batch
 * (unlinking anything not committed); the object can be reused. */
struct qs_mbox_batch;
int    qs_mbox_batch_new(struct qs_mbox_batch **b_r, struct qs_err *err);
int    qs_mbox_batch_add(struct qs_mbox_batch *b, const char *user, const char *name,
                         const void *hdr, size_t hlen, int content_fd, struct qs_err *err);
size_t qs_mbox_batch_count(const struct qs_mbox_batch *b);
void   qs_mbox_batch_commit(struct qs_mbox_batch *b);
int    qs_mbox_batch_result(const struct qs_mbox_batch *b, size_t i, int *sys_errno_r);
void   qs_mbox_batch_reset(struct qs_mbox_batch *b);
void   qs_mbox_batch_free(struct qs_mbox_batch **b);

struct qs_mbox_msg {
    char    *file;     /* path relative to the Maildir: "new/NAME" or "cur/NAME:2,S" */
    char    *uid;      /* unique id: NAME (before ':'), stable across sessions */
    uint64_t size;     /* octets as stored (CRLF)                        */
    int64_t  mtime;
    int      deleted;  /* marked by POP DELE in this session            */
    uint64_t ino;      /* with size and the two times: is it the same file? */
    int64_t  mtime_ns, ctime_ns;
};
struct qs_mbox {
    char   *dir;       /* Maildir path */
    int     lock_fd;   /* exclusive session lock, -1 when none */
    int     dir_fd;    /* the Maildir, open while the session is (-1 when not) */
    size_t  n;
    struct qs_mbox_msg *msg;
};
/* Lock the mailbox for a session (exclusive, non-blocking) and list its
 * messages, oldest first.  1 = busy (locked by another session), 0 = ok. */
int qs_mbox_open(struct qs_mbox *mb, const char *user, struct qs_err *err);
/* Unlink every message marked deleted; returns how many could not be. */
int qs_mbox_expunge(struct qs_mbox *mb);
void qs_mbox_close(struct qs_mbox *mb);
/* Open a message for reading; fd or -1. */
int qs_mbox_open_msg(const struct qs_mbox *mb, size_t i);

#endif
