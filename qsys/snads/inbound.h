/*
 * qsys/snads/inbound.h - Internet mail into distribution queues (inbound.c).
 * Kept apart from snads.h so that the Mail Server Framework can call it
 * without snads.h's names (QS_LOG_IN/OUT/ERR clash with qsys/base/log.h).
 */
#ifndef QS_SNADS_INBOUND_H
#define QS_SNADS_INBOUND_H

#include <stddef.h>
#include <time.h>

struct qs_err;

/* Mail from the Internet for rcpt (local@domain): when rcpt is the SMTP name
 * of a directory entry with MSFSRVLVL(*USRIDX), the message becomes
 * distributions in that user's incoming log (text -> a *LMSG note, every
 * other part -> a *DOC distribution; see qsys/snads/inbound.c) and 1 is
 * returned; 0 when rcpt is no such user (nothing done); -1 on error (nothing
 * or only whole distributions written).  now 0 = time(NULL). */
int qs_snads_inbound(const char *rcpt, const char *env_from, const char *msg, size_t len,
                     time_t now, struct qs_err *err);
/* The same, reading the message from fd (pread, from offset 0). */
int qs_snads_inbound_fd(const char *rcpt, const char *env_from, int fd, time_t now,
                        struct qs_err *err);

#endif
