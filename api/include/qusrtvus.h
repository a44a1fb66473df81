/*
 * qusrtvus.h - Retrieve User Space (QSYSINC/H QUSRTVUS).
 *
 *   QUSRTVUS(qualified name CHAR(20), starting position (1-based),
 *            length of data, receiver [, error code])
 *
 * The error code is optional, as on IBM i: QUSRTVUS is a macro passing the
 * argument count (qshim_nargs.h); without it errors are escape messages.
 */
#ifndef QUSRTVUS_h
#define QUSRTVUS_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_nargs.h>

#ifdef __cplusplus
extern "C" {
#endif

void qshim_QUSRTVUS(int nargs, void *, int, int, void *, ...);
#define QUSRTVUS(...) qshim_QUSRTVUS(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
