/*
 * qsys/msf/qrn.h - the filter quarantine: mail a content filter kept
 * (CHGSMTPA FTRACN(*KEEP)), listed, released into MSF or deleted by the
 * administrator (WRKSMTPQRN, RLSSMTPQRN, DLTSMTPQRN; docs/msf.md).
 *
 * Layout, $QSYS_ROOT/mail/quarantine/:
 *   <id>.msg   the content (a hard link of the queue file, else a copy)
 *   <id>.env   the envelope: only the recipients the filter stopped, status
 *              pending, plus "ftrhit" (which filter matched what)
 * The .env file is the entry; a .msg without one is debris (removed by
 * the next release or delete of that id).
 *
 * What must hold: a released message is delivered exactly once, whatever
 * crash happens.  Release gives the message a fresh MSF id, writes the
 * envelope (flagged ftr_released, so the filters pass it) durably in place,
 * links the content into queue/msg/, and then RENAMES <id>.env into
 * queue/active/: that one rename takes the entry out of the quarantine and
 * puts the message in front of the runner at the same instant.  Redoing a
 * half-done release repeats only idempotent steps.
 */
#ifndef QS_MSF_QRN_H
#define QS_MSF_QRN_H

#include "qsys/msf/msf.h"

struct qs_err;

/* Keep a copy of queue message env/content_path in the quarantine (the
 * recipients whose status is PENDING; `hit` describes the match).  Done
 * already (same id) counts as success.  Durable on return. */
int qs_qrn_put(const struct qs_msf_env *env, const char *content_path, const char *hit,
               struct qs_err *err);

/* One quarantine entry as listed. */
struct qs_qrn_entry {
    const char *id;                  /* entry id (the original message id) */
    const struct qs_msf_env *env;
    const char *subject;             /* decoded Subject, "" if none        */
    unsigned long long size;
};
/* Call fn for each entry (sorted by id, i.e. by arrival); fn returns
 * nonzero to stop.  Returns the number listed, or -1. */
int qs_qrn_list(int (*fn)(const struct qs_qrn_entry *e, void *arg), void *arg,
                struct qs_err *err);

/* Release entry `id` into MSF; new_id_r (may be NULL) gets the message's
 * new queue id.  CPF9898 when there is no such entry. */
int qs_qrn_release(const char *id, char new_id_r[QS_MSF_ID_LEN + 1], struct qs_err *err);
/* Delete entry `id` for good. */
int qs_qrn_delete(const char *id, struct qs_err *err);

/* Tests only: make qs_qrn_release() end the process (_exit) right after
 * its step 1 (new id written), 2 (content linked) or 3 (renamed); 0 off. */
void qs_qrn_test_crash_after(int step);

#endif
