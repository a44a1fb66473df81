/*
 * qsys/base/qclx.h - the command line that runs a CL program in a child
 * process: `qcl -x TARGET spec ...` (the protocol is cl/callx.h).
 *
 * For C code below cl/ that contains a CL exit program (MSF exit points,
 * BRSSPLF address exits): it builds the argv, the child execs it, and the
 * parent reads the exit status and the "TAG=value" lines.
 */
#ifndef QS_BASE_QCLX_H
#define QS_BASE_QCLX_H

#include <stddef.h>

/* The qcl to run: $QSHIM_QCL, else this program when it is a qcl (a
 * command run by qcl uses the same one), else "qcl" from $PATH. */
const char *qs_qclx_path(void);

/* malloc'd spec "[tag]c<n>:<text>" for a CHAR(n) parameter: tag is NULL
 * or "TAG=" (printed back after the call), text len bytes (at most n are
 * used).  NULL when out of memory. */
char *qs_qclx_char(const char *tag, size_t n, const char *text, size_t len);

#endif
