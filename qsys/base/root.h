/*
 * qsys/base/root.h - where the system lives on the host.
 *
 * The system root is $QSYS_ROOT, or ~/.qshim when unset; it is created (mode
 * 0700) on first use.  Top-level layout (each owner documents its part):
 *
 *   QSYS.LIB/<LIB>.LIB/<OBJ>.<TYPE>   libraries and objects   (qsys/obj)
 *   run/                              pid files, sockets      (daemons)
 *   log/                              host-side logs          (daemons)
 *   mail/                             MSF queue, mailboxes    (qsys/msf, smtp, pop)
 *   spool/                            spooled file data       (spool)
 *   tmp/                              scratch, QTEMP of jobs
 *
 * IFS paths given to APIs are host paths and do not live under the root.
 */
#ifndef QS_BASE_ROOT_H
#define QS_BASE_ROOT_H

#include <stddef.h>

struct qs_err;
struct qs_buf;

/* The root directory (no trailing slash), created if missing; NULL with err set
 * when it cannot be created.  The value is computed once per process unless
 * qs_root_reset() is called (tests that switch QSYS_ROOT). */
const char *qs_root(struct qs_err *err);
void qs_root_reset(void);
/* Append root + "/" + formatted relative path to out. 0 or -1. */
int qs_root_path(struct qs_buf *out, struct qs_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
