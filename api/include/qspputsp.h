/*
 * qspputsp.h - Put Spooled File Data (QSYSINC/H QSPPUTSP).
 *
 *   QSPPUTSP(spool handle from QSPCRTSP, qualified user space CHAR(20),
 *            error code)
 *
 * The user space holds SPFR0200 data as QSPGETSP writes it (qspgetsp.h);
 * SPFR0300 (header + print data) is accepted too.  Every offset and size is
 * checked against the space before data is appended.
 */
#ifndef QSPPUTSP_h
#define QSPPUTSP_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qspgetsp.h>

#ifdef __cplusplus
extern "C" {
#endif

void QSPPUTSP(int handle, void *qual_usrspc, void *errcode);

#ifdef __cplusplus
}
#endif
#endif
