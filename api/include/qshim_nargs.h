/*
 * qshim_nargs.h - counting arguments at compile time (qshim internal to
 * the public headers).
 *
 * Some IBM APIs have optional trailing parameters (QUSRTVUS's error code):
 * on IBM i the callee learns how many were passed; in C it cannot.  Their
 * headers therefore define the API name as a macro that passes the count,
 * QSHIM_NARGS(...), to the real entry point.  Up to 16 arguments.
 */
#ifndef QSHIM_NARGS_H
#define QSHIM_NARGS_H

#define QSHIM_NARGS(...) QSHIM_NARGS_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, \
                                      4, 3, 2, 1, 0)
#define QSHIM_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, \
                     n, ...) n

#endif
