/*
 * api/qzmfaddmailcfg.c - QzmfAddMailCfg (ADDC0100): configure an MSF type
 * (group, value, name, text) used to validate messages: a message carrying
 * a configured type is checked by the QIBM_QZMFMSF_VLD_TYP programs.
 * Store and error choices: api/zmfcfg.c.
 */
#include "api/errcode.h"
#include "api/zmfcfg.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

#include <string.h>

_Static_assert(sizeof(Qzmf_ADDC0100_t) == 124, "ADDC0100");

void QzmfAddMailCfg(void *Type_Cfg, char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfAddMailCfg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    if (qs_zmfcfg_parm(Type_Cfg, Format_Name, "ADDC0100", (int)sizeof(Qzmf_ADDC0100_t), &err) == 0) {
        Qzmf_ADDC0100_t in;
        memcpy(&in, Type_Cfg, sizeof in);
        if (memcmp(in.Reserved, "  ", 2)) {
            qs_zmfcfg_parm_reason(&err, 5);
        } else {
            struct qs_zmfcfg_type t;
            memcpy(t.group, in.Type_Group, 2);
            memcpy(t.value, in.Type_Value, 4);
            memcpy(t.name, in.Type_Name, 8);
            t.ccsid = in.Type_Text_CCSID;
            memcpy(t.text, in.Type_Text, 100);
            qs_zmfcfg_add(&t, &err);
        }
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfAddMailCfg");
    qs_err_clear(&err);
}
