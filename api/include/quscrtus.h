/*
 * quscrtus.h - Create User Space (QSYSINC/H QUSCRTUS).
 *
 *   QUSCRTUS(qualified name CHAR(20), extended attribute CHAR(10),
 *            initial size, initial value CHAR(1), public authority
 *            CHAR(10) (*ALL *CHANGE *USE *EXCLUDE *LIBCRTAUT),
 *            text CHAR(50), replace CHAR(10) (*YES *NO), error code
 *            [, domain, transfer size, optimum alignment: accepted, ignored])
 */
#ifndef QUSCRTUS_h
#define QUSCRTUS_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QUSCRTUS(void *, void *, int, void *, void *, void *, void *, void *, ...);

#ifdef __cplusplus
}
#endif
#endif
