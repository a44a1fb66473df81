/*
 * api/qzmflstmailcfg.c - QzmfLstMailCfg: the configured MSF types matching
 * an LSTC0100 selection, as an LSTL0100 list in a user space.
 *
 * IBM documents CPFAFB0 for a bad type group, a blank type name and a wrong
 * list format, and CPFAFB2 for the 129th type of a group.  qshim also uses
 * CPFAFB0 for a wrong format on Add/Rmv and a short structure (reason
 * codes in zmf.msgs), CPFAFB1 for a duplicate and CPFAFB3 for removing a
 * type that is not configured: those choices are UNCONFIRMED.
 *
 * The list goes into the user space behind the generic header (api/uslist.c):
 * input parameter section (space name, both formats, the LSTC0100), no
 * header section, then one 120-byte Qzmf_LSTL0100_t per type.
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/uslist.h"
#include "api/usrspc_parm.h"
#include "api/zmfcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

#include <qusec.h>
#include <qzmf.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(Qzmf_LSTL0100_t) == 120, "LSTL0100");

/* The LSTL0100 list of the types in v, behind the generic header. */
static int write_list(struct qs_job *j, const char *lib, const char *name, const void *qname,
                      const Qzmf_LSTC0100_t *sel, const struct qs_zmfcfg_type *v, size_t n,
                      struct qs_err *err)
{
    struct qs_api_list l;
    qs_api_list_init(&l, "QzmfLstMailCfg", "LSTL0100");
    l.entry_size = sizeof(Qzmf_LSTL0100_t);
    int rc = qs_buf_add(&l.input, qname, 20) < 0 || qs_buf_add(&l.input, "LSTL0100LSTC0100", 16) < 0 ||
             qs_buf_add(&l.input, sel, sizeof *sel) < 0 ? qs_err_sys(err, ENOMEM) : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        Qzmf_LSTL0100_t e;
        memcpy(e.Type_Group, v[i].group, 2);
        memcpy(e.Type_Value, v[i].value, 4);
        memcpy(e.Type_Name, v[i].name, 8);
        memcpy(e.Reserved, "  ", 2);
        e.Type_Text_CCSID = v[i].ccsid;
        memcpy(e.Type_Text, v[i].text, 100);
        void *slot = qs_api_list_add(&l);
        if (!slot)
            break;                                  /* partial list */
        memcpy(slot, &e, sizeof e);
    }
    if (rc == 0)
        rc = qs_api_list_write(j, lib, name, &l, err);
    qs_api_list_free(&l);
    return rc;
}

void QzmfLstMailCfg(void *Qual_User_Space, char *Format_Name, char *Type_Cfg_Format_Name,
                    void *Type_Cfg, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfLstMailCfg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    char name[11], lib[11];
    size_t start;
    if (!j) {
        /* err set */
    } else if (!Format_Name || memcmp(Format_Name, "LSTL0100", 8)) {
        if (Format_Name)
            qs_zmfcfg_parm_reason(&err, 8);
        else
            qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (qs_zmfcfg_parm(Type_Cfg, Type_Cfg_Format_Name, "LSTC0100", (int)sizeof(Qzmf_LSTC0100_t), &err) == 0 &&
               qs_api_usrspc_parms(j, Qual_User_Space != NULL, Qual_User_Space, 1, 0, name, lib,
                                   &start, &err) == 0) {
        Qzmf_LSTC0100_t sel;
        memcpy(&sel, Type_Cfg, sizeof sel);
        struct qs_zmfcfg_type *v = NULL;
        size_t n = 0;
        if (qs_zmfcfg_list(sel.Type_Group, sel.Type_Value, sel.Type_Name, &v, &n, &err) == 0)
            write_list(j, lib, name, Qual_User_Space, &sel, v, n, &err);
        free(v);
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfLstMailCfg");
    qs_err_clear(&err);
}
