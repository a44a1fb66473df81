/*
 * api/quslspl.c - QUSLSPL, List Spooled Files (see quslspl.h).
 *
 * The selection runs over the spool layer's listing (job directories by
 * name, files by number); each match becomes one fixed-size entry, then the
 * whole list is written behind the generic header (uslist.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/splfapi.h"
#include "api/uslist.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "spool/splf.h"

#include <quslspl.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(Qus_SPLF0100_t) == 88, "SPLF0100 size");
_Static_assert(sizeof(Qus_SPLF0300_t) == 136, "SPLF0300 size");
_Static_assert(offsetof(Qus_SPLF0300_t, Total_Pages) == 120, "SPLF0300 layout");
_Static_assert(sizeof(Qus_SPLF_I_t) == 108, "SPLF input section");
_Static_assert(sizeof(Qus_SPLF_H_t) == 76, "SPLF header section");
_Static_assert(sizeof(Qus_LSPL_Key_Info_t) == 16, "SPLF0200 key info");

#define LSPL_KEYS_MAX 64            /* keys per call (IBM has ~20 distinct) */

enum ktype { KC, KB };              /* character / binary(4) */
struct keydef {
    int        key;
    enum ktype type;
    int        len;
};
/* SPLF0200 keys (quslspl.h: numbering UNCONFIRMED) */
static const struct keydef keydefs[] = {
    { 201, KC, 10 }, { 202, KC, 10 }, { 203, KC, 10 }, { 204, KC, 6 },  { 205, KB, 4 },
    { 206, KC, 10 }, { 207, KC, 10 }, { 208, KC, 10 }, { 209, KC, 10 }, { 210, KC, 10 },
    { 211, KB, 4 },  { 212, KB, 4 },  { 213, KB, 4 },  { 214, KC, 10 }, { 215, KC, 2 },
    { 216, KC, 7 },  { 217, KC, 6 },  { 218, KC, 16 }, { 219, KC, 16 },
};

static const struct keydef *keydef(int key)
{
    for (size_t i = 0; i < sizeof keydefs / sizeof keydefs[0]; i++)
        if (keydefs[i].key == key)
            return &keydefs[i];
    return NULL;
}

static size_t key_entry_len(const struct keydef *k)
{
    return (sizeof(Qus_LSPL_Key_Info_t) + (size_t)k->len + 3) & ~(size_t)3;
}

struct sel {
    struct qs_job *j;
    char  user[11], outq[11], outqlib[11], formtype[11], usrdta[11];
    char  job[11], jobuser[11], jobnbr[7];
    char  from[14], to[14];          /* CYYMMDDHHMMSS, "" = open */
    int   fmt;                       /* 100, 200, 300 */
    int   keys[LSPL_KEYS_MAX];
    int   nkeys;
    struct qs_api_list list;
    int   full;                      /* the list reached its size limit */
};

static int want(const char *sel, const char *have)
{
    return !sel[0] || strcmp(sel, "*ALL") == 0 || strcmp(sel, have) == 0;
}

static void key_data(const struct sel *s, const struct qs_splf_attr *a, int key, char *c,
                     int *b)
{
    const struct qs_job *j = s->j;
    char d[8], h[7], ij[16], is[16];
    *b = 0;
    switch (key) {
    case 201: qs_api_field_out(j, c, 10, a->file); break;
    case 202: qs_api_field_out(j, c, 10, a->job); break;
    case 203: qs_api_field_out(j, c, 10, a->user); break;
    case 204: qs_api_field_out(j, c, 6, a->jobnbr); break;
    case 205: *b = a->number; break;
    case 206: qs_api_field_out(j, c, 10, a->outq); break;
    case 207: qs_api_field_out(j, c, 10, a->outqlib); break;
    case 208: qs_api_field_out(j, c, 10, a->ro.ctlchar == QS_CTL_SCS ? "*SCS" : "*USERASCII"); break;
    case 209: qs_api_field_out(j, c, 10, a->usrdta); break;
    case 210: qs_api_field_out(j, c, 10, a->status); break;
    case 211: *b = (int)a->pages; break;
    case 212: *b = 0; break;
    case 213: *b = 1; break;
    case 214: qs_api_field_out(j, c, 10, a->formtype[0] ? a->formtype : "*STD"); break;
    case 215: qs_api_field_out(j, c, 2, "5"); break;
    case 216:
    case 217:
        qs_api_cyymmdd(a->created, d, h);
        qs_api_field_out(j, c, key == 216 ? 7 : 6, key == 216 ? d : h);
        break;
    case 218:
    case 219:
        qs_api_splf_ids(j, a, ij, is);
        memcpy(c, key == 218 ? ij : is, 16);
        break;
    }
}

static int add_cb(const struct qs_splf_attr *a, void *arg)
{
    struct sel *s = arg;
    const struct qs_job *j = s->j;
    const char *ft = a->formtype[0] ? a->formtype : "*STD";
    if (!want(s->formtype, ft) || !want(s->usrdta, a->usrdta))
        return 0;
    if (s->from[0] || s->to[0]) {
        char d[8], h[7], when[14];
        qs_api_cyymmdd(a->created, d, h);
        snprintf(when, sizeof when, "%s%s", d, h);
        if ((s->from[0] && strcmp(when, s->from) < 0) || (s->to[0] && strcmp(when, s->to) > 0))
            return 0;
    }
    unsigned char *e = qs_api_list_add(&s->list);
    if (!e) {
        s->full = 1;
        return 1;
    }
    char d[8], h[7];
    if (s->fmt == 100) {
        Qus_SPLF0100_t *x = (Qus_SPLF0100_t *)e;
        qs_api_field_out(j, x->User_Name, 10, a->user);
        qs_api_field_out(j, x->Output_Queue, 10, a->outq);
        qs_api_field_out(j, x->Output_Queue_Lib, 10, a->outqlib);
        qs_api_field_out(j, x->Form_Type, 10, ft);
        qs_api_field_out(j, x->User_Data, 10, a->usrdta);
        qs_api_splf_ids(j, a, x->Int_Job_ID, x->Int_Splf_ID);
        qs_api_field_out(j, x->Reserved, 2, "");
        x->Auxiliary_Storage_Pool = 1;
    } else if (s->fmt == 300) {
        Qus_SPLF0300_t *x = (Qus_SPLF0300_t *)e;
        qs_api_field_out(j, x->Job_Name, 10, a->job);
        qs_api_field_out(j, x->User_Name, 10, a->user);
        qs_api_field_out(j, x->Job_Number, 6, a->jobnbr);
        qs_api_field_out(j, x->Splf_Name, 10, a->file);
        x->Splf_Number = a->number;
        x->Splf_Status = qs_api_splf_status_code(a->status);
        qs_api_cyymmdd(a->created, d, h);
        qs_api_field_out(j, x->Date_Opened, 7, d);
        qs_api_field_out(j, x->Time_Opened, 6, h);
        qs_api_field_out(j, x->Splf_Schedule, 1, "2");   /* *FILEEND */
        qs_api_field_out(j, x->Splf_System_Name, 10, "QSHIM");
        qs_api_field_out(j, x->User_Data, 10, a->usrdta);
        qs_api_field_out(j, x->Form_Type, 10, ft);
        qs_api_field_out(j, x->Output_Queue_Name, 10, a->outq);
        qs_api_field_out(j, x->Output_Queue_Lib, 10, a->outqlib);
        x->Auxiliary_Storage_Pool = 1;
        if (a->size <= 0x7fffffff) {
            x->Splf_Size = (int)a->size;
            x->Splf_Size_Multiplier = 1;
        } else {
            x->Splf_Size = (int)(a->size / 1024 + 1);
            x->Splf_Size_Multiplier = 1024;
        }
        x->Total_Pages = (int)a->pages;
        x->Copies_Left_To_Produce = 1;
        qs_api_field_out(j, x->Priority, 1, "5");
        qs_api_field_out(j, x->Reserved, 3, "");
    } else {
        Qus_SPLF0200_t *x = (Qus_SPLF0200_t *)e;
        x->Num_Fields_Retd = s->nkeys;
        unsigned char *q = e + sizeof *x;
        for (int i = 0; i < s->nkeys; i++) {
            const struct keydef *k = keydef(s->keys[i]);
            Qus_LSPL_Key_Info_t ki;
            size_t el = key_entry_len(k);
            memset(&ki, 0, sizeof ki);
            ki.Len_Field_Info_Retd = (int)el;
            ki.Key_Field_for_Field_Retd = k->key;
            qs_api_field_out(j, ki.Type_of_Data, 1, k->type == KB ? "B" : "C");
            qs_api_field_out(j, ki.Reserv3, 3, "");
            ki.Data_Length = k->len;
            memcpy(q, &ki, sizeof ki);
            int bin;
            char c[16];
            key_data(s, a, k->key, c, &bin);
            if (k->type == KB)
                memcpy(q + sizeof ki, &bin, 4);
            else
                memcpy(q + sizeof ki, c, (size_t)k->len);
            q += el;
        }
    }
    return 0;
}

void qshim_QUSLSPL(int nargs, void *usrspc, char *format, char *username, void *qualoutq,
                   char *formtype, char *usrdta, ...)
{
    void *errcode = NULL, *qualjob = NULL, *keys = NULL, *nkeys = NULL;
    const char *crt[4] = { NULL, NULL, NULL, NULL };
    va_list ap;
    va_start(ap, usrdta);
    if (nargs >= 7)
        errcode = va_arg(ap, void *);
    if (nargs >= 10) {
        qualjob = va_arg(ap, void *);
        keys = va_arg(ap, void *);
        nkeys = va_arg(ap, void *);
    }
    if (nargs >= 11)
        (void)va_arg(ap, void *);                   /* ASP: one ASP here */
    if (nargs >= 16) {
        (void)va_arg(ap, void *);                   /* job system name */
        for (int i = 0; i < 4; i++)
            crt[i] = va_arg(ap, const char *);
    }
    va_end(ap);
    qs_ec_begin(errcode, "QUSLSPL");
    struct qs_err err = QS_ERR_INIT;
    struct sel s;
    memset(&s, 0, sizeof s);
    qs_api_list_init(&s.list, "QUSLSPL", "");
    int rc = -1;
    char fmt[9], us[11], uslib[11], v[24];
    s.j = qs_job_current(&err);
    if (!s.j)
        goto out;
    if (!usrspc || !format || !username || !qualoutq || !formtype || !usrdta ||
        (nargs == 8 || nargs == 9) || (nargs >= 10 && (!qualjob || !nkeys)) || nargs == 12 ||
        nargs == 13 || nargs == 14 || nargs == 15 || nargs > 16) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    const struct qs_job *j = s.j;
    qs_api_field_in(j, format, 8, fmt);
    s.fmt = strcmp(fmt, "SPLF0100") == 0 ? 100 : strcmp(fmt, "SPLF0200") == 0 ? 200
          : strcmp(fmt, "SPLF0300") == 0 ? 300 : 0;
    if (!s.fmt) {
        qs_err_set(&err, "CPF3C21", fmt, (const char *)NULL);
        goto out;
    }
    s.list.format = s.fmt == 100 ? "SPLF0100" : s.fmt == 200 ? "SPLF0200" : "SPLF0300";
    qs_api_field_in(j, usrspc, 10, us);
    qs_api_field_in(j, (const char *)usrspc + 10, 10, uslib);
    qs_api_field_in(j, username, 10, s.user);
    qs_api_field_in(j, qualoutq, 10, s.outq);
    qs_api_field_in(j, (const char *)qualoutq + 10, 10, s.outqlib);
    qs_api_field_in(j, formtype, 10, s.formtype);
    qs_api_field_in(j, usrdta, 10, s.usrdta);
    if (!s.user[0] || strcmp(s.user, "*CURRENT") == 0)
        qs_strlcpy(s.user, j->user, sizeof s.user);
    if (strcmp(s.outq, "*ALL") == 0)
        s.outqlib[0] = '\0';
    else if (!s.outqlib[0] || strcmp(s.outqlib, "*LIBL") == 0 || strcmp(s.outqlib, "*CURLIB") == 0)
        qs_strlcpy(s.outqlib, "QGPL", sizeof s.outqlib);
    if (qualjob) {
        qs_api_field_in(j, qualjob, 10, s.job);
        qs_api_field_in(j, (const char *)qualjob + 10, 10, s.jobuser);
        qs_api_field_in(j, (const char *)qualjob + 20, 6, s.jobnbr);
        if (strcmp(s.job, "*") == 0) {
            qs_strlcpy(s.job, j->name, sizeof s.job);
            qs_strlcpy(s.jobuser, j->user, sizeof s.jobuser);
            qs_strlcpy(s.jobnbr, j->number, sizeof s.jobnbr);
        }
        if (s.job[0])                       /* a job replaces the user selection */
            s.user[0] = '\0';
    }
    if (crt[0] && crt[1] && crt[2] && crt[3]) {
        char d[8], t[7];
        qs_api_field_in(j, crt[0], 7, d);
        qs_api_field_in(j, crt[1], 6, t);
        if (d[0] && strcmp(d, "*FIRST") != 0)
            snprintf(s.from, sizeof s.from, "%s%s", d, t[0] && t[0] != '*' ? t : "000000");
        qs_api_field_in(j, crt[2], 7, d);
        qs_api_field_in(j, crt[3], 6, t);
        if (d[0] && strcmp(d, "*LAST") != 0)
            snprintf(s.to, sizeof s.to, "%s%s", d, t[0] && t[0] != '*' ? t : "999999");
    }
    int nk = nkeys ? *(const int *)nkeys : 0;
    if (s.fmt == 200) {
        if (nk < 1 || nk > LSPL_KEYS_MAX || !keys) {
            snprintf(v, sizeof v, "%d", nk);
            qs_err_set(&err, "CPF3C82", v, "QUSLSPL", (const char *)NULL);
            goto out;
        }
        size_t el = sizeof(Qus_SPLF0200_t);
        for (int i = 0; i < nk; i++) {
            int k = ((const int *)keys)[i];
            const struct keydef *d = keydef(k);
            if (!d) {
                snprintf(v, sizeof v, "%d", k);
                qs_err_set(&err, "CPF3C82", v, "QUSLSPL", (const char *)NULL);
                goto out;
            }
            s.keys[i] = k;
            el += key_entry_len(d);
        }
        s.nkeys = nk;
        s.list.entry_size = el;
    } else {
        s.list.entry_size = s.fmt == 100 ? sizeof(Qus_SPLF0100_t) : sizeof(Qus_SPLF0300_t);
    }
    /* input and header sections, as IBM lays them out */
    Qus_SPLF_I_t in;
    memset(&in, 0, sizeof in);
    qs_api_field_out(j, in.User_Space, 10, us);
    qs_api_field_out(j, in.User_Space_Lib, 10, uslib);
    qs_api_field_out(j, in.Format_Name, 8, fmt);
    memcpy(in.User_Name, username, 10);
    memcpy(in.Output_Queue_Name, qualoutq, 20);
    memcpy(in.Form_Type, formtype, 10);
    memcpy(in.User_Data, usrdta, 10);
    if (qualjob)
        memcpy(in.Qual_Job_Name, qualjob, 26);
    else
        qs_api_field_out(j, in.Qual_Job_Name, 26, "");
    in.Num_Keys_Spec = s.nkeys;
    Qus_SPLF_H_t hd;
    qs_api_field_out(j, hd.User_Name, 10, s.user[0] ? s.user : "*ALL");
    qs_api_field_out(j, hd.Output_Queue_Name, 10, s.outq[0] ? s.outq : "*ALL");
    qs_api_field_out(j, hd.Output_Queue_Lib, 10, s.outqlib);
    qs_api_field_out(j, hd.UsrSpc_Name, 10, us);
    qs_api_field_out(j, hd.UsrSpc_Lib, 10, uslib[0] && uslib[0] != '*' ? uslib : "QGPL");
    if (qualjob)
        memcpy(hd.Qualified_Job_Name, qualjob, 26);
    else
        qs_api_field_out(j, hd.Qualified_Job_Name, 26, "");
    if (qs_buf_add(&s.list.input, &in, sizeof in) < 0 ||
        qs_buf_add(&s.list.input, s.keys, (size_t)s.nkeys * sizeof(int)) < 0 ||
        qs_buf_add(&s.list.header, &hd, sizeof hd) < 0) {
        qs_err_sys(&err, ENOMEM);
        goto out;
    }
    struct qs_splf_filter f = {
        .user = s.user, .outq = s.outq, .outqlib = s.outqlib,
        .job = s.job, .jobnbr = s.jobnbr,
    };
    if (s.job[0] && s.jobuser[0])
        f.user = s.jobuser;
    if (qs_splf_list(&f, add_cb, &s, &err) < 0)
        goto out;
    rc = qs_api_list_write(s.j, uslib, us, &s.list, &err);
out:
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSLSPL");
    qs_api_list_free(&s.list);
    qs_err_clear(&err);
}
