/*
 * api/qusrspla.c - QUSRSPLA, Retrieve Spooled File Attributes (see qusrspla.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "spool/splf.h"

#include <qusrspla.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

_Static_assert(offsetof(Qus_SPLA0100_t, Ptr_Dev_Type) == 318, "SPLA0100 layout");
_Static_assert(offsetof(Qus_SPLA0100_t, Page_Width) == 428, "SPLA0100 layout");
_Static_assert(offsetof(Qus_SPLA0100_t, Overflow_Line_Nm) == 436, "SPLA0100 layout");
_Static_assert(offsetof(Qus_SPLA0100_t, CCSID) == 1012, "SPLA0100 layout");
_Static_assert(sizeof(Qus_SPLA0100_t) == 1537, "SPLA0100 size");

static void fill(const struct qs_job *j, const struct qs_splf_attr *a, Qus_SPLA0100_t *s)
{
    char num[40];
    memset(s, 0, sizeof *s);
    s->Bytes_Avail = (int)sizeof *s;
    /* internal ids: the job number and the file number, readable */
    snprintf(num, sizeof num, "%s%s", a->jobnbr, a->user);
    qs_api_field_out(j, s->Int_Job_ID, sizeof s->Int_Job_ID, num);
    snprintf(num, sizeof num, "%s%06d", a->file, a->number);
    qs_api_field_out(j, s->Int_Splf_ID, sizeof s->Int_Splf_ID, num);
    qs_api_field_out(j, s->Job_Name, 10, a->job);
    qs_api_field_out(j, s->Usr_Name, 10, a->user);
    qs_api_field_out(j, s->Job_Number, 6, a->jobnbr);
    qs_api_field_out(j, s->Splf_Name, 10, a->file);
    s->Splf_Number = a->number;
    qs_api_field_out(j, s->Form_Type, 10, a->formtype);
    qs_api_field_out(j, s->Usr_Data, 10, a->usrdta);
    qs_api_field_out(j, s->Status, 10, a->status);
    qs_api_field_out(j, s->Reserved_110, sizeof s->Reserved_110, "");
    s->Total_Pages = (int)a->pages;
    s->Total_Copies = 1;
    s->Lines_Per_Inch = (int)a->ro.lpi10;
    s->Char_Per_Inch = (int)a->ro.cpi10;
    qs_api_field_out(j, s->Output_Priority, 2, "5");
    qs_api_field_out(j, s->Outq_Name, 10, a->outq);
    qs_api_field_out(j, s->Outq_Lib, 10, a->outqlib);
    struct tm tm;
    time_t t = a->created;
    char d[40] = "0000000", h[40] = "000000";
    if (localtime_r(&t, &tm)) {
        snprintf(d, sizeof d, "%d%02d%02d%02d", tm.tm_year >= 100 ? 1 : 0, tm.tm_year % 100,
                 tm.tm_mon + 1, tm.tm_mday);
        snprintf(h, sizeof h, "%02d%02d%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    qs_api_field_out(j, s->Date_File_Open, 7, d);
    qs_api_field_out(j, s->Time_File_Open, 6, h);
    qs_api_field_out(j, s->Dev_File_Name, 10, a->file);
    qs_api_field_out(j, s->Dev_File_Lib, 10, "QSYS");
    qs_api_field_out(j, s->Pgm_Name, 10, "");
    qs_api_field_out(j, s->Pgm_Lib, 10, "");
    s->Record_Length = (int)a->ro.page_width + (a->ro.ctlchar == QS_CTL_FCFC);
    qs_api_field_out(j, s->Dev_Type, 10, "PRINTER");
    qs_api_field_out(j, s->Ptr_Dev_Type, 10, a->ro.ctlchar == QS_CTL_SCS ? "*SCS" : "*USERASCII");
    s->Page_Length = (int)a->ro.page_len;
    s->Page_Width = (int)a->ro.page_width;
    s->Overflow_Line_Nm = (int)a->ro.overflow;
    snprintf(num, sizeof num, "%d", a->ro.ccsid);
    qs_api_field_out(j, s->Code_Page, 10, num);
    qs_api_field_out(j, s->Ctrl_Char, 10, a->ro.ctlchar == QS_CTL_FCFC ? "*FCFC" : "*NONE");
    s->CCSID = a->ro.ccsid;
    qs_api_field_out(j, s->User_Text, 100, a->usrtext);
    qs_api_field_out(j, s->Job_System_Name, 8, "QSHIM");
    qs_api_field_out(j, s->Splf_Expiration_Date, 7, "");
}

void qshim_QUSRSPLA(int nargs, void *rcv, int rcvlen, char *format, void *qualjob,
                    void *intjob, void *intsplf, void *splfname, int splfnbr, ...)
{
    void *errcode = NULL;
    (void)intjob;
    (void)intsplf;
    if (nargs >= 9) {
        va_list ap;
        va_start(ap, splfnbr);
        errcode = va_arg(ap, void *);
        va_end(ap);
    }
    qs_ec_begin(errcode, "QUSRSPLA");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    char fmt[9], job[11], user[11], nbr[7], file[11], v[16];
    if (!j)
        goto out;
    if (!rcv || !format || !qualjob || !splfname) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    if (rcvlen < 8) {
        snprintf(v, sizeof v, "%d", rcvlen);
        qs_err_set(&err, "CPF3C24", v, (const char *)NULL);
        goto out;
    }
    qs_api_field_in(j, format, 8, fmt);
    if (strcmp(fmt, "SPLA0100") != 0) {
        qs_err_set(&err, "CPF3C21", fmt, (const char *)NULL);
        goto out;
    }
    qs_api_field_in(j, qualjob, 10, job);
    qs_api_field_in(j, (const char *)qualjob + 10, 10, user);
    qs_api_field_in(j, (const char *)qualjob + 20, 6, nbr);
    qs_api_field_in(j, splfname, 10, file);
    if (splfnbr < -1 || splfnbr > QS_SPLF_NUMBER_MAX) {
        snprintf(v, sizeof v, "%d", splfnbr);
        qs_err_set(&err, "CPF3344", file, v, (const char *)NULL);
        goto out;
    }
    struct qs_splf_attr a;
    if (qs_splf_get(strcmp(job, "*") == 0 ? NULL : job, user, nbr, file,
                    splfnbr == -1 ? QS_SPLF_LAST : splfnbr, &a, &err) < 0)
        goto out;
    Qus_SPLA0100_t s;
    fill(j, &a, &s);
    size_t n = (size_t)rcvlen < sizeof s ? (size_t)rcvlen : sizeof s;
    s.Bytes_Return = (int)n;
    memcpy(rcv, &s, n);
    rc = 0;
out:
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSRSPLA");
    qs_err_clear(&err);
}
