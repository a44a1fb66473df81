/*
 * api/qzmfrsvmailmsgid.c - QzmfRsvMailMsgId (RSVF0100): reserve a mail
 * message identifier that one later QzmfCrtMailMsg may use.
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

#include <string.h>

void QzmfRsvMailMsgId(void *Rsv_Msg_Id, char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfRsvMailMsgId") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1];
    if (!Rsv_Msg_Id || !Format_Name) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (memcmp(Format_Name, "RSVF0100", 8)) {
        char f[9];
        memcpy(f, Format_Name, 8);
        f[8] = '\0';
        qs_err_set(&err, "CPF3C21", f, (const char *)NULL);
    } else if (qs_zmf_reserve(id, &err) == 0) {
        memcpy(Rsv_Msg_Id, id, QS_ZMF_ID_LEN);
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfRsvMailMsgId");
    qs_err_clear(&err);
}
