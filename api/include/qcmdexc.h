/*
 * qcmdexc.h - QCMDEXC, run a CL command from a program (QSYSINC/H QCMDEXC),
 * and the ILE C system() equivalent.
 *
 *   QCMDEXC(cmd, len)   runs the command in cmd[0..len).  On IBM i, len is
 *                       packed decimal (15,5) passed by reference.  Here the
 *                       call accepts what real programs pass: an integer
 *                       (QCMDEXC(cmd, strlen(cmd))), a _Decimal(15,5)
 *                       variable, or its address.  The function itself,
 *                       (QCMDEXC)(cmd, &packed), takes the IBM form.
 *   Errors are escape messages, as on IBM i: CPF0006 "Errors occurred in
 *   command" after the CPD diagnostics when the command is not valid, or the
 *   command's own escape (CPF9801, …) when it fails.  Catch them with
 *   QS_MONITOR (qshim_monitor.h); unmonitored, the program ends (exit 1).
 *
 *   qshim_system(cmd)   like ILE C system(): 0 when the command ran, 1 when
 *                       it ended in error with the message id in _EXCP_MSGID
 *                       (no escape), -1 when cmd is NULL.  Define
 *                       QSHIM_SYSTEM_IS_CL before including this header to
 *                       make system() mean it, as in an ILE C program.
 */
#ifndef QCMDEXC_h
#define QCMDEXC_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The IBM entry point: len points to packed decimal (15,5). */
void (QCMDEXC)(const void *cmd, const void *len);
void qshim_qcmdexc_int(const void *cmd, long long len);
void qshim_qcmdexc_dec(const void *cmd, _Decimal(15, 5) len);

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define QCMDEXC(cmd, len) _Generic((len),                  \
        _Decimal(15, 5): qshim_qcmdexc_dec,                \
        _Decimal(15, 5) *: (QCMDEXC),                      \
        const _Decimal(15, 5) *: (QCMDEXC),                \
        void *: (QCMDEXC),                                 \
        const void *: (QCMDEXC),                           \
        unsigned char *: (QCMDEXC),                        \
        char *: (QCMDEXC),                                 \
        default: qshim_qcmdexc_int)((cmd), (len))
#endif

extern char _EXCP_MSGID[8];
int qshim_system(const char *cmd);
#ifdef QSHIM_SYSTEM_IS_CL
#define system(cmd) qshim_system(cmd)
#endif

#ifdef __cplusplus
}
#endif
#endif
