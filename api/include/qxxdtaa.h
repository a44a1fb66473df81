/*
 * qxxdtaa.h - ILE C data area functions (QSYSINC/H QXXDTAA).
 *
 *   QXXCHGDA(name, offset, length, data)  change *CHAR data area bytes
 *   QXXRTVDA(name, offset, length, data)  retrieve them
 *
 * offset is 1-based.  dtaa_name may be "*LDA"; dtaa_lib "*LIBL" or a name.
 * Errors are signalled as escape messages (CPF1015, CPF1088, …): monitor
 * them with QS_MONITOR (qshim_monitor.h) as you would with
 * #pragma exception_handler on IBM i.
 */
#ifndef QXXDTAA_h
#define QXXDTAA_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _DTAA_NAME_T {
    char dtaa_name[10];
    char dtaa_lib[10];
} _DTAA_NAME_T;

void QXXCHGDA(_DTAA_NAME_T dtaname, short int offset, short int len, char *dtaptr);
void QXXRTVDA(_DTAA_NAME_T dtaname, short int offset, short int len, char *dtaptr);

#ifdef __cplusplus
}
#endif
#endif
