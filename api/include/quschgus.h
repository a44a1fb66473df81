/*
 * quschgus.h - Change User Space (QSYSINC/H QUSCHGUS).
 *
 *   QUSCHGUS(qualified name CHAR(20), starting position (1-based),
 *            length of data, input data, force changes CHAR(1)
 *            ('0' no, '1' asynchronously, '2' synchronously: fsync)
 *            [, error code])
 */
#ifndef QUSCHGUS_h
#define QUSCHGUS_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_nargs.h>

#ifdef __cplusplus
extern "C" {
#endif

void qshim_QUSCHGUS(int nargs, void *, int, int, void *, void *, ...);
#define QUSCHGUS(...) qshim_QUSCHGUS(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
