/*
 * api/qzmfcrtmailmsg.c - QzmfCrtMailMsg: create a mail message in the Mail
 * Server Framework from message descriptors (format CRTM0100).  The work is
 * in api/zmf.c; this file checks the parameters and reports errors.
 */
#include "api/errcode.h"
#include "api/zmf.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/base/err.h"

#include <qusec.h>
#include <qzmf.h>

#include <stddef.h>
#include <string.h>

/* <qzmf.h> and the internal layouts must be the same bytes. */
_Static_assert(sizeof(Qzmf_Msg_Desc_Attr_t) == sizeof(struct qs_zmf_attr), "attr");
_Static_assert(offsetof(Qzmf_Msg_Desc_Attr_t, Msg_Desc_Length) == 16, "attr len @16");
_Static_assert(offsetof(Qzmf_Msg_Desc_Attr_t, Msg_Desc_Format_Name) == 20, "attr fmt @20");
_Static_assert(offsetof(Qzmf_Msg_Desc_Attr_t, Reserved) == 28, "attr rsv @28");
_Static_assert(sizeof(Qzmf_Msg_Desc_Hdr0100_t) == sizeof(struct qs_zmf_hdr), "hdr");
_Static_assert(sizeof(Qzmf_ORGL0100_t) == sizeof(struct qs_zmf_addr_ent), "orgl");
_Static_assert(sizeof(Qzmf_ORCL0100_t) == sizeof(struct qs_zmf_orc_ent), "orcl");
_Static_assert(sizeof(Qzmf_ENVL0100_t) == sizeof(struct qs_zmf_data_ent), "envl");
_Static_assert(sizeof(Qzmf_ATTL0100_t) == sizeof(struct qs_zmf_data_ent), "attl");
_Static_assert(sizeof(Qzmf_RCPL0100_t) == sizeof(struct qs_zmf_rcp_ent), "rcpl");
_Static_assert(offsetof(Qzmf_RCPL0100_t, Status) == offsetof(struct qs_zmf_rcp_ent, status), "rcpl st");
_Static_assert(sizeof(Qzmf_ROAL0100_t) == sizeof(struct qs_zmf_roa_ent), "roal");

void QzmfCrtMailMsg(void *Msg_Id, void *Rsv_Msg_Id, char *Creation_Msg_Type,
                    void *Msg_Desc_Attrs, int *Num_Msg_Desc_Attrs, char *Format_Name,
                    void *Error_Code)
{
    if (qs_ec_begin(Error_Code, "QzmfCrtMailMsg") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_ZMF_ID_LEN + 1];
    if (!Msg_Id || !Creation_Msg_Type || !Num_Msg_Desc_Attrs || !Format_Name ||
        (*Num_Msg_Desc_Attrs > 0 && !Msg_Desc_Attrs)) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (memcmp(Format_Name, "CRTM0100", 8)) {
        char f[9];
        memcpy(f, Format_Name, 8);
        f[8] = '\0';
        qs_err_set(&err, "CPF3C21", f, (const char *)NULL);
    } else if (qs_zmf_create(Rsv_Msg_Id, Msg_Desc_Attrs, *Num_Msg_Desc_Attrs, id, &err) == 0) {
        memcpy(Msg_Id, id, QS_ZMF_ID_LEN);
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfCrtMailMsg");
    qs_err_clear(&err);
}
