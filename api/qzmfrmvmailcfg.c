/*
 * api/qzmfrmvmailcfg.c - QzmfRmvMailCfg (DLTC0100): remove a configured MSF
 * type (CPFAFB3 when none matches).  Store: api/zmfcfg.c.
 */
#include "api/errcode.h"
#include "api/zmfcfg.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

#include <string.h>

_Static_assert(sizeof(Qzmf_DLTC0100_t) == 18, "DLTC0100");

void QzmfRmvMailCfg(void *Type_Cfg, char *Format_Name, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfRmvMailCfg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    if (qs_zmfcfg_parm(Type_Cfg, Format_Name, "DLTC0100", (int)sizeof(Qzmf_DLTC0100_t), &err) == 0) {
        Qzmf_DLTC0100_t in;
        memcpy(&in, Type_Cfg, sizeof in);
        qs_zmfcfg_remove(in.Type_Group, in.Type_Value, in.Type_Name, &err);
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfRmvMailCfg");
    qs_err_clear(&err);
}
