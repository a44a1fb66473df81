/*
 * api/qzmfrtvmailmsg.c - QzmfRtvMailMsg (RTVM0100), Retrieve Mail Message: fill the
 * caller's receiver descriptors (ORGL0100, RCPL0100, ATTL0100, ...) for the
 * message an exit program was called for.
 * Valid only inside an exit program (IBM's rule); the work is in
 * api/zmfmsg.c.
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

void QzmfRtvMailMsg(void *Msg_Id, void *Msg_Desc_Attrs, int *Num_Msg_Desc_Attrs,
                    char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfRtvMailMsg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1];
    if (!Msg_Desc_Attrs || !Num_Msg_Desc_Attrs)
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    else if (qs_zmf_id_in(Msg_Id, id, &err) == 0 && qs_zmf_format(Format_Name, "RTVM0100", &err) == 0)
        qs_zmf_retrieve(id, Msg_Desc_Attrs, *Num_Msg_Desc_Attrs, &err);
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfRtvMailMsg");
    qs_err_clear(&err);
}
