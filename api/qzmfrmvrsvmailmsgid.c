/*
 * api/qzmfrmvrsvmailmsgid.c - QzmfRmvRsvMailMsgId (RMVF0100): give back a
 * reserved identifier that was not used.  A used one is CPFAF8D, one that
 * was never reserved CPFAF8B.
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

#include <string.h>

void QzmfRmvRsvMailMsgId(void *Rsv_Msg_Id, char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfRmvRsvMailMsgId") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1];
    if (!Rsv_Msg_Id || !Format_Name) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (memcmp(Format_Name, "RMVF0100", 8)) {
        char f[9];
        memcpy(f, Format_Name, 8);
        f[8] = '\0';
        qs_err_set(&err, "CPF3C21", f, (const char *)NULL);
    } else {
        memcpy(id, Rsv_Msg_Id, QS_ZMF_ID_LEN);
        id[QS_ZMF_ID_LEN] = '\0';
        qs_zmf_unreserve(id, &err);
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfRmvRsvMailMsgId");
    qs_err_clear(&err);
}
