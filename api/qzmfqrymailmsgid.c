/*
 * api/qzmfqrymailmsgid.c - QzmfQryMailMsgId (QRYF0100): the state of a mail
 * message identifier, '0' unknown … '4' reserved (QZMF_MSGID_* in qzmf.h).
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

#include <string.h>

void QzmfQryMailMsgId(void *Msg_Id, char *Format_Name, char *Status, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfQryMailMsgId") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1], st = '0';
    if (!Msg_Id || !Format_Name || !Status) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (memcmp(Format_Name, "QRYF0100", 8)) {
        char f[9];
        memcpy(f, Format_Name, 8);
        f[8] = '\0';
        qs_err_set(&err, "CPF3C21", f, (const char *)NULL);
    } else {
        memcpy(id, Msg_Id, QS_ZMF_ID_LEN);
        id[QS_ZMF_ID_LEN] = '\0';
        if (qs_zmf_query(id, &st, &err) == 0)
            *Status = st;
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfQryMailMsgId");
    qs_err_clear(&err);
}
