/*
 * qmhsndpm.h - Send Program Message (QSYSINC/H QMHSNDPM).
 *
 *   QMHSNDPM(message id CHAR(7), qualified message file CHAR(20),
 *            message data, length of message data, message type CHAR(10),
 *            call stack entry CHAR(10), call stack counter, message key
 *            CHAR(4) output, error code)
 *
 * Message types *INFO *COMP *DIAG *ESCAPE *NOTIFY *STATUS.  An *ESCAPE
 * message is signalled: the job log gets it, then the innermost QS_MONITOR
 * receives it or the program ends (see docs/errors.md).  A blank message id
 * with *INFO, *COMP or *DIAG sends the message data as impromptu text.  Only
 * QCPFMSG is available as message file (the ids qshim describes).
 */
#ifndef QMHSNDPM_h
#define QMHSNDPM_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QMHSNDPM(void *, void *, void *, int, void *, void *, int, void *, void *, ...);

#ifdef __cplusplus
}
#endif
#endif
