/*
 * qusdltus.h - Delete User Space (QSYSINC/H QUSDLTUS).
 *
 *   QUSDLTUS(qualified name CHAR(20), error code)
 */
#ifndef QUSDLTUS_h
#define QUSDLTUS_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QUSDLTUS(void *, void *);

#ifdef __cplusplus
}
#endif
#endif
