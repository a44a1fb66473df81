/*
 * qusptrus.h - Retrieve Pointer to User Space (QSYSINC/H QUSPTRUS).
 *
 *   QUSPTRUS(qualified name CHAR(20), pointer to the space (void **)
 *            [, error code])
 *
 * The space is mapped shared: changes through the pointer reach the space
 * (and other jobs mapping it); they are made durable by the system's
 * write-back, or at once with QUSCHGUS force '2'.
 */
#ifndef QUSPTRUS_h
#define QUSPTRUS_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_nargs.h>

#ifdef __cplusplus
extern "C" {
#endif

void qshim_QUSPTRUS(int nargs, void *, void *, ...);
#define QUSPTRUS(...) qshim_QUSPTRUS(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
