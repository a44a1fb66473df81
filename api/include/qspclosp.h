/*
 * qspclosp.h - Close Spooled File (QSYSINC/H QSPCLOSP).
 *
 *   QSPCLOSP(spool handle, error code)
 *
 * A handle from QSPCRTSP: the spooled file becomes *RDY on its output queue.
 * A handle from QSPOPNSP: it is released.  The handle is invalid afterwards.
 */
#ifndef QSPCLOSP_h
#define QSPCLOSP_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QSPCLOSP(int handle, void *errcode);

#ifdef __cplusplus
}
#endif
#endif
