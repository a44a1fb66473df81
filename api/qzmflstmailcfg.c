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
 * The list goes into the user space after a generic header 0300 (IBM's
 * common list layout for service-program APIs): input parameter section,
 * no header section, then one 120-byte Qzmf_LSTL0100_t per type.
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/usrspc_parm.h"
#include "api/zmfcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusec.h>
#include <qzmf.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Static_assert(sizeof(Qzmf_LSTL0100_t) == 120, "LSTL0100");

#define GENHDR_SIZE 576        /* generic header 0300 */

static void put32(unsigned char *p, size_t off, int v)
{
    memcpy(p + off, &v, 4);
}

static void putc_(unsigned char *p, size_t off, size_t n, const char *s)
{
    size_t l = strlen(s);
    memset(p + off, ' ', n);
    memcpy(p + off, s, l < n ? l : n);
}

/* Header + input section + entries, as the user space receives them. */
static int format_list(struct qs_buf *out, const void *qname, const Qzmf_LSTC0100_t *sel,
                       const struct qs_zmfcfg_type *v, size_t n)
{
    size_t in_off = GENHDR_SIZE, in_size = 20 + 8 + 8 + sizeof *sel;
    size_t list_off = (in_off + in_size + 15) & ~(size_t)15;
    size_t total = list_off + n * sizeof(Qzmf_LSTL0100_t);
    if (qs_buf_reserve(out, total + 1) < 0)
        return -1;
    unsigned char *p = (unsigned char *)out->data;
    memset(p, 0, total);
    out->len = total;
    put32(p, 64, GENHDR_SIZE);
    putc_(p, 68, 4, "0100");
    putc_(p, 72, 8, "LSTL0100");
    putc_(p, 80, 10, "");
    time_t now = time(NULL);
    struct tm tm;
    char ts[64];
    localtime_r(&now, &tm);
    snprintf(ts, sizeof ts, "%d%02d%02d%02d%02d%02d%02d", tm.tm_year >= 100 ? 1 : 0,
             tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    putc_(p, 90, 13, ts);
    p[103] = 'C';                                   /* complete and accurate */
    put32(p, 104, (int)total);
    put32(p, 108, (int)in_off);
    put32(p, 112, (int)in_size);
    put32(p, 116, (int)list_off);                   /* no header section */
    put32(p, 120, 0);
    put32(p, 124, (int)list_off);
    put32(p, 128, (int)(n * sizeof(Qzmf_LSTL0100_t)));
    put32(p, 132, (int)n);
    put32(p, 136, (int)sizeof(Qzmf_LSTL0100_t));
    put32(p, 140, 0);
    putc_(p, 144, 2, "US");
    putc_(p, 146, 3, "ENU");
    p[149] = 'N';                                   /* not subsetted */
    putc_(p, 192, 256, "QzmfLstMailCfg");
    memcpy(p + in_off, qname, 20);
    memcpy(p + in_off + 20, "LSTL0100LSTC0100", 16);
    memcpy(p + in_off + 36, sel, sizeof *sel);
    for (size_t i = 0; i < n; i++) {
        Qzmf_LSTL0100_t e;
        memcpy(e.Type_Group, v[i].group, 2);
        memcpy(e.Type_Value, v[i].value, 4);
        memcpy(e.Type_Name, v[i].name, 8);
        memcpy(e.Reserved, "  ", 2);
        e.Type_Text_CCSID = v[i].ccsid;
        memcpy(e.Type_Text, v[i].text, 100);
        memcpy(p + list_off + i * sizeof e, &e, sizeof e);
    }
    return 0;
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
        struct qs_buf out;
        qs_buf_init(&out, QS_USRSPC_MAX);
        if (qs_zmfcfg_list(sel.Type_Group, sel.Type_Value, sel.Type_Name, &v, &n, &err) == 0) {
            if (format_list(&out, Qual_User_Space, &sel, v, n) < 0)
                qs_err_sys(&err, E2BIG);
            else if (qs_usrspc_write(j, lib, name, 1, out.len, out.data, 0, &err) < 0 &&
                     !strcmp(err.msgid, "CPF3C14")) {
                /* like IBM's list APIs, grow a space that is too small */
                qs_err_clear(&err);
                if (qs_usrspc_set_attr(j, lib, name, out.len, -1, &err) == 0)
                    qs_usrspc_write(j, lib, name, 1, out.len, out.data, 0, &err);
            }
        }
        qs_buf_free(&out);
        free(v);
    }
    if (qs_err_isset(&err))
        qs_ec_report(Error_Code, &err, "QzmfLstMailCfg");
    qs_err_clear(&err);
}
