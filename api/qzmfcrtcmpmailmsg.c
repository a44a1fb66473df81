/*
 * api/qzmfcrtcmpmailmsg.c - QzmfCrtCmpMailMsg (CCMP0100), Complete Creation
 * Sequence: the message of a reserved id has been created; the id leaves
 * the reserved list.  CPFAF8C if no message was created with it yet,
 * CPFAF8B if it is not a reserved id.
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

void QzmfCrtCmpMailMsg(void *Rsv_Msg_Id, char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfCrtCmpMailMsg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1];
    if (qs_zmf_id_in(Rsv_Msg_Id, id, &err) == 0 && qs_zmf_format(Format_Name, "CCMP0100", &err) == 0)
        qs_zmf_complete(id, &err);
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfCrtCmpMailMsg");
    qs_err_clear(&err);
}
