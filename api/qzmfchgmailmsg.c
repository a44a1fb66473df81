/*
 * api/qzmfchgmailmsg.c - QzmfChgMailMsg (CHGM0100), Change Mail Message: change
 * recipient statuses or add recipients of the message an exit program was
 * called for.
 * Valid only inside an exit program (IBM's rule); the work is in
 * api/zmfmsg.c.
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

void QzmfChgMailMsg(void *Msg_Id, void *Msg_Desc_Attrs, int *Num_Msg_Desc_Attrs,
                    char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfChgMailMsg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1];
    if (!Msg_Desc_Attrs || !Num_Msg_Desc_Attrs)
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    else if (qs_zmf_id_in(Msg_Id, id, &err) == 0 && qs_zmf_format(Format_Name, "CHGM0100", &err) == 0)
        qs_zmf_change(id, Msg_Desc_Attrs, *Num_Msg_Desc_Attrs, &err);
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfChgMailMsg");
    qs_err_clear(&err);
}
