/*
 * spool/burstlog.h - the durable progress log of a burst run.
 *
 * One log per burst of one spooled file, a text file appended to and
 * fdatasync'ed after every record (or, for records written in batches,
 * before what depends on them), so that a rerun after a crash knows
 * exactly what was done:
 *
 *   qshim-burst 1 <fingerprint> <parts>      header (the plan it belongs to)
 *   pdf <i>                                  part i's PDF is written (no
 *                                            decision depends on it)
 *   sealed <i> <msf-id>                      part i's mail was started as MSF
 *                                            draft <id>; it may or may not
 *                                            have reached the queue
 *   queued <i> <msf-id>                      part i's mail is in MSF (durable)
 *   errq <i>                                 part i went to the error queue
 *   failed <i>                               part i's address exit failed;
 *                                            the part is not done (a rerun
 *                                            retries it)
 *   done                                     every part is final
 *
 * Invariants: a record is written only after what it describes is durable;
 * a torn last record (crash mid-write) is cut off when the log is opened;
 * an open log is held under an exclusive lock (one run at a time); a log
 * whose fingerprint differs from the caller's plan is refused (BRS0107).
 */
#ifndef QS_SPOOL_BURSTLOG_H
#define QS_SPOOL_BURSTLOG_H

#include <stddef.h>

struct qs_err;
struct qs_burstlog;

enum qs_burstlog_state {
    QS_BL_NONE = 0, QS_BL_PDF, QS_BL_SEALED, QS_BL_QUEUED, QS_BL_ERRQ,
    QS_BL_FAILED            /* recorded, but leaves the part's state as it was */
};

#define QS_BURSTLOG_ID_LEN 32

/* Open (create) `path` for a plan of nparts parts with `fingerprint`
 * (a short token without blanks).  BRS0108 when another run holds it. */
int  qs_burstlog_open(const char *path, const char *fingerprint, size_t nparts,
                      struct qs_burstlog **l_r, struct qs_err *err);
void qs_burstlog_free(struct qs_burstlog **l);

enum qs_burstlog_state qs_burstlog_state(const struct qs_burstlog *l, size_t i);
/* MSF id of a sealed or queued part ("" otherwise). */
const char *qs_burstlog_id(const struct qs_burstlog *l, size_t i);
int  qs_burstlog_done(const struct qs_burstlog *l);

/* Append a record and make it durable.  id only for SEALED/QUEUED. */
int  qs_burstlog_mark(struct qs_burstlog *l, size_t i, enum qs_burstlog_state st,
                      const char *id, struct qs_err *err);
/* Append a record without syncing: it is durable after the next
 * qs_burstlog_sync (or synced mark).  For records written in batches. */
int  qs_burstlog_mark_lazy(struct qs_burstlog *l, size_t i, enum qs_burstlog_state st,
                           const char *id, struct qs_err *err);
int  qs_burstlog_sync(struct qs_burstlog *l, struct qs_err *err);
int  qs_burstlog_mark_done(struct qs_burstlog *l, struct qs_err *err);

#endif
