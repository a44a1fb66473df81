/*
 * qsys/snads/inbound.h - Internet mail into distribution queues (inbound.c).
 * Kept apart from snads.h so that the Mail Server Framework can call it
 * without snads.h's names (QS_LOG_IN/OUT/ERR clash with qsys/base/log.h).
 */
#ifndef QS_SNADS_INBOUND_H
#define QS_SNADS_INBOUND_H

#include <stddef.h>
#include <time.h>

#include "qsys/base/buf.h"

struct qs_err;

#define QS_SNADS_MAX_INPARTS 50    /* documents kept from one message */

/* The message taken apart (qs_snads_inmail_parse). */
struct qs_snads_inpart {
    char *name;                    /* filename as sent, or PARTnn.EXT */
    char *ctype;                   /* "text/csv" */
    char *data;  size_t len;       /* decoded bytes */
};
struct qs_snads_inmail {
    struct qs_buf note;            /* the text, UTF-8, LF line ends */
    int have_note;
    char *subject;                 /* RFC 2047 words decoded, UTF-8 */
    char *from;                    /* From's address, else the envelope's */
    size_t hdr_len;
    struct qs_snads_inpart parts[QS_SNADS_MAX_INPARTS];
    size_t nparts, dropped;        /* dropped: parts over the limit or too big */
};

/* Parse msg[0..len) (untrusted): never reads outside it.  0, or -1 (ENOMEM;
 * cv freed).  Free with qs_snads_inmail_free. */
int qs_snads_inmail_parse(const char *msg, size_t len, const char *env_from,
                          struct qs_snads_inmail *cv);
void qs_snads_inmail_free(struct qs_snads_inmail *cv);

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
