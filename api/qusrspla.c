/*
 * api/qusrspla.c - QUSRSPLA, Retrieve Spooled File Attributes (see
 * qusrspla.h), and the internal ids the spooled file APIs share (splfapi.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/splfapi.h"
#include "api/uslist.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
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
/* SPLA0200 offsets = IBM's RPG from-positions minus one */
_Static_assert(offsetof(Qus_SPLA0200_t, Splf_Number) == 84, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Ptr_Dev_Type) == 326, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Page_Length) == 432, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Overflow_Line_Nm) == 444, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Ctrl_Char) == 580, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Channel_Code1) == 896, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Flg_File_Open) == 1018, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Native_AFPDS) == 2856, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, CCSID_of_Job) == 2976, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, CCSID) == 3316, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, User_Text) == 3320, "SPLA0200 layout");
_Static_assert(offsetof(Qus_SPLA0200_t, Job_System_Name) == 3816, "SPLA0200 layout");
_Static_assert(sizeof(Qus_SPLA0200_t) == 3841, "SPLA0200 size");

/* ---- internal ids (splfapi.h) -------------------------------------------- */

void qs_api_splf_ids(const struct qs_job *j, const struct qs_splf_attr *a, void *intjob,
                     void *intsplf)
{
    char v[40];
    snprintf(v, sizeof v, "%-6.6s%-10.10s", a->jobnbr, a->user);
    qs_api_field_out(j, intjob, 16, v);
    snprintf(v, sizeof v, "%-10.10s%06d", a->file, a->number);
    qs_api_field_out(j, intsplf, 16, v);
}

int qs_api_splf_by_ids(const struct qs_job *j, const void *intjob, const void *intsplf,
                       struct qs_splf_attr *a_r, struct qs_err *err)
{
    char ji[17], si[17], nbr[7], user[11], file[11];
    long long n;
    qs_api_field_in(j, intjob, 16, ji);
    qs_api_field_in(j, intsplf, 16, si);
    size_t sl = strlen(si);
    if (strlen(ji) < 7 || sl < 7 || qs_parse_ll(si + sl - 6, 6, 1, QS_SPLF_NUMBER_MAX, &n) < 0)
        return qs_err_set(err, "CPF3303", si, "", "", "*INT", (const char *)NULL);
    qs_fixed_get(nbr, ji, 6);
    qs_fixed_get(user, ji + 6, strlen(ji + 6) < 10 ? strlen(ji + 6) : 10);
    qs_fixed_get(file, si, sl - 6 < 10 ? sl - 6 : 10);
    return qs_splf_get("*ALL", user, nbr, file, (int)n, a_r, err);
}

int qs_api_splf_status_code(const char *s)
{
    static const char *const codes[] = { "*RDY", "*OPN", "*CLO", "*SAV", "*WTR", "*HLD",
                                         "*MSGW", "*PND", "*PRT", "*FIN", "*SND", "*DFR" };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(s, codes[i]) == 0)
            return (int)i + 1;
    return 0;
}

/* ---- formats ------------------------------------------------------------- */

static const char *ptr_dev_type(const struct qs_splf_attr *a)
{
    if (a->devtype[0])
        return a->devtype;
    return a->ro.ctlchar == QS_CTL_SCS ? "*SCS" : "*USERASCII";
}

static const char *ctl_char(const struct qs_splf_attr *a)
{
    return a->ro.ctlchar == QS_CTL_FCFC ? "*FCFC" : "*NONE";
}

/* The fields SPLA0100 and SPLA0200 share, under the same names and in the
 * same order (a macro: the two formats are distinct struct types). */
#define FILL_COMMON_HEAD(j, a, s)                                                     \
    do {                                                                              \
        qs_api_splf_ids(j, a, (s)->Int_Job_ID, (s)->Int_Splf_ID);                     \
        qs_api_field_out(j, (s)->Job_Name, 10, (a)->job);                             \
        qs_api_field_out(j, (s)->Usr_Name, 10, (a)->user);                            \
        qs_api_field_out(j, (s)->Job_Number, 6, (a)->jobnbr);                         \
        qs_api_field_out(j, (s)->Splf_Name, 10, (a)->file);                           \
        (s)->Splf_Number = (a)->number;                                               \
        qs_api_field_out(j, (s)->Form_Type, 10, (a)->formtype[0] ? (a)->formtype : "*STD"); \
        qs_api_field_out(j, (s)->Usr_Data, 10, (a)->usrdta);                          \
        qs_api_field_out(j, (s)->Status, 10, (a)->status);                            \
    } while (0)
#define FILL_COMMON_PRINT(j, a, s)                                                    \
    do {                                                                              \
        char d_[8], h_[7];                                                            \
        (s)->Total_Pages = (int)(a)->pages;                                           \
        (s)->Total_Copies = 1;                                                        \
        (s)->Lines_Per_Inch = (int)(a)->ro.lpi10;                                     \
        (s)->Char_Per_Inch = (int)(a)->ro.cpi10;                                      \
        qs_api_field_out(j, (s)->Output_Priority, 2, "5");                            \
        qs_api_field_out(j, (s)->Outq_Name, 10, (a)->outq);                           \
        qs_api_field_out(j, (s)->Outq_Lib, 10, (a)->outqlib);                         \
        qs_api_cyymmdd((a)->created, d_, h_);                                         \
        qs_api_field_out(j, (s)->Date_File_Open, 7, d_);                              \
        qs_api_field_out(j, (s)->Time_File_Open, 6, h_);                              \
        qs_api_field_out(j, (s)->Dev_File_Name, 10, (a)->prtf[0] ? (a)->prtf : (a)->file); \
        qs_api_field_out(j, (s)->Dev_File_Lib, 10, (a)->prtf[0] ? (a)->prtflib : "QSYS"); \
    } while (0)

static void fill0100(const struct qs_job *j, const struct qs_splf_attr *a, Qus_SPLA0100_t *s)
{
    char num[40];
    memset(s, 0, sizeof *s);
    s->Bytes_Avail = (int)sizeof *s;
    FILL_COMMON_HEAD(j, a, s);
    qs_api_field_out(j, s->Reserved_110, sizeof s->Reserved_110, "");
    FILL_COMMON_PRINT(j, a, s);
    qs_api_field_out(j, s->Pgm_Name, 10, "");
    qs_api_field_out(j, s->Pgm_Lib, 10, "");
    s->Record_Length = (int)a->ro.page_width + (a->ro.ctlchar == QS_CTL_FCFC);
    qs_api_field_out(j, s->Dev_Type, 10, "PRINTER");
    qs_api_field_out(j, s->Ptr_Dev_Type, 10, ptr_dev_type(a));
    s->Page_Length = (int)a->ro.page_len;
    s->Page_Width = (int)a->ro.page_width;
    s->Overflow_Line_Nm = (int)a->ro.overflow;
    snprintf(num, sizeof num, "%d", a->ro.ccsid);
    qs_api_field_out(j, s->Code_Page, 10, num);
    qs_api_field_out(j, s->Ctrl_Char, 10, ctl_char(a));
    s->CCSID = a->ro.ccsid;
    qs_api_field_out(j, s->User_Text, 100, a->usrtext);
    qs_api_field_out(j, s->Job_System_Name, 8, "QSHIM");
    qs_api_field_out(j, s->Splf_Expiration_Date, 7, "");
}

/* Blank every character field of SPLA0200 that qshim has no value for:
 * fields are blank-padded text on IBM i, never NULs. */
#define BLANK(f) qs_api_field_out(j, s->f, sizeof s->f, "")

static void fill0200(const struct qs_job *j, const struct qs_splf_attr *a, Qus_SPLA0200_t *s)
{
    char num[40];
    memset(s, 0, sizeof *s);
    s->Bytes_Avail = (int)sizeof *s;
    qs_api_field_out(j, s->Format_Name, 8, "SPLA0200");
    FILL_COMMON_HEAD(j, a, s);
    qs_api_field_out(j, s->File_Avail, 10, "*FILEEND");
    qs_api_field_out(j, s->Hold_File, 10, "*NO");
    qs_api_field_out(j, s->Save_File, 10, a->save ? "*YES" : "*NO");
    s->Start_Page = 1;
    s->End_Page = 0;                        /* *END */
    s->Copies_Rem = 1;
    FILL_COMMON_PRINT(j, a, s);
    BLANK(Pgm_Name);
    BLANK(Pgm_Lib);
    BLANK(Count_Code);
    BLANK(Print_Text);
    s->Record_Length = (int)a->ro.page_width + (a->ro.ctlchar == QS_CTL_FCFC);
    qs_api_field_out(j, s->Dev_Type, 10, "PRINTER");
    qs_api_field_out(j, s->Ptr_Dev_Type, 10, ptr_dev_type(a));
    BLANK(Doc_Name);
    BLANK(Folder_Name);
    BLANK(S36_Proc_Name);
    qs_api_field_out(j, s->Print_Fidel, 10, "*CONTENT");
    qs_api_field_out(j, s->Repl_Unprint, 1, "Y");
    qs_api_field_out(j, s->Repl_Char, 1, "");
    s->Page_Length = (int)a->ro.page_len;
    s->Page_Width = (int)a->ro.page_width;
    s->Overflow_Line_Nm = (int)a->ro.overflow;
    qs_api_field_out(j, s->DBCS_Data, 10, "*NO");
    BLANK(DBCS_Ext_Chars);
    BLANK(DBCS_SOSI);
    BLANK(DBCS_Char_Rotate);
    BLANK(Grph_Char_Set);
    snprintf(num, sizeof num, "%d", a->ro.ccsid);
    qs_api_field_out(j, s->Code_Page, 10, num);
    BLANK(Form_Def_Name);
    BLANK(Form_Def_Lib);
    s->Source_Drawer = 1;
    BLANK(Print_Font);
    BLANK(S36_Spl_ID);
    qs_api_field_out(j, s->Duplex, 10, "*NO");
    qs_api_field_out(j, s->Fold, 10, "*NO");
    qs_api_field_out(j, s->Ctrl_Char, 10, ctl_char(a));
    qs_api_field_out(j, s->Align_Forms, 10, "*NO");
    qs_api_field_out(j, s->Print_Quality, 10, "*STD");
    qs_api_field_out(j, s->Form_Feed, 10, "*AUTOCUT");
    BLANK(Disk_Volume);
    BLANK(Disk_Label);
    BLANK(Exch_Type);
    BLANK(Char_Code);
    s->Multiup = 1;
    BLANK(Frnt_Ovrly_Name);
    BLANK(Frnt_Ovrly_Lib_Name);
    BLANK(Bck_Ovrly_Name);
    BLANK(Bck_Ovrly_Lib_Name);
    qs_api_field_out(j, s->Unit_Measure, 10, "*INCH");
    BLANK(Page_Definition);
    BLANK(Page_Definition_Lib);
    BLANK(Line_Spacing);
    s->Max_Data_Record_Size = s->Record_Length;
    BLANK(File_Level);
    BLANK(Coded_Font_Array);
    qs_api_field_out(j, s->Channel_Mode, 10, "*NORMAL");
    /* Channel_Code1..12 are consecutive ints (offsets 896..940) */
    for (unsigned c = 1; c <= 12 && c <= QS_SPOOL_CHANNELS; c++) {
        int v = (int)a->ro.chlval[c];
        memcpy((char *)s + offsetof(Qus_SPLA0200_t, Channel_Code1) + (c - 1) * 4, &v, 4);
    }
    BLANK(Graphics_Tokenl);
    BLANK(Record_Format);
    s->Number_Buffers = 1;
    s->Max_Form_Width = (int)a->ro.page_width;
    qs_api_field_out(j, s->Flg_File_Open, 1, strcmp(a->status, "*OPN") == 0 ? "Y" : "N");
    qs_api_field_out(j, s->Flg_Scs_Data, 1, a->ro.ctlchar == QS_CTL_SCS ? "Y" : "N");
    qs_api_field_out(j, s->Flg_Carriage_Control, 1, a->ro.ctlchar == QS_CTL_FCFC ? "Y" : "N");
    BLANK(Decimal_Format_Used);
    BLANK(Date_File_Last_Accessed);
    BLANK(Font_Resolution);
    BLANK(Measure_Method);
    BLANK(Font_Char_Set);
    BLANK(Font_Char_Set_Lib);
    BLANK(Code_Page_Name);
    BLANK(Code_Page_Lib);
    BLANK(Coded_Font_Name);
    BLANK(Coded_Font_Lib);
    BLANK(DBCS_Coded_Font_Name);
    BLANK(DBCS_Coded_Font_Lib);
    BLANK(User_Defined_File);
    qs_api_field_out(j, s->Reduce_Output, 10, "*TEXT");
    s->Output_Bin = 0;                      /* *DEVD */
    s->CCSID = a->ro.ccsid;
    s->CCSID_of_Job = qs_job_is_ebcdic(j) ? j->ccsid : 1208;
    qs_api_field_out(j, s->User_Text, 100, a->usrtext);
    qs_api_field_out(j, s->Original_System, 8, "QSHIM");
    BLANK(Original_Net_ID);
    qs_api_field_out(j, s->Splf_Creator, 10, a->user);
    BLANK(Usr_Defined_Data);
    BLANK(Usr_Def_Object_Name);
    BLANK(Usr_Def_Object_Lib);
    BLANK(Usr_Def_Object_Type);
    s->Spooled_File_ASP = 1;
    /* size in bytes = Spooled_File_Size × Splf_Size_Multiplier */
    if (a->size <= 0x7fffffff) {
        s->Spooled_File_Size = (int)a->size;
        s->Splf_Size_Multiplier = 1;
    } else {
        s->Spooled_File_Size = (int)(a->size / 1024 + 1);
        s->Splf_Size_Multiplier = 1024;
    }
    BLANK(Wtr_Begin_Process_Date);
    BLANK(Wtr_Begin_Process_Time);
    BLANK(Wtr_Complete_Proc_Date);
    BLANK(Wtr_Complete_Proc_Time);
    qs_api_field_out(j, s->Job_System_Name, 8, "QSHIM");
    BLANK(Splf_ASP_Device_Name);
    qs_api_field_out(j, s->Splf_Expiration_Date, 7, "");
}
#undef BLANK
#undef FILL_COMMON_HEAD
#undef FILL_COMMON_PRINT

void qshim_QUSRSPLA(int nargs, void *rcv, int rcvlen, char *format, void *qualjob,
                    void *intjob, void *intsplf, void *splfname, int splfnbr, ...)
{
    void *errcode = NULL;
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
    int f200 = strcmp(fmt, "SPLA0200") == 0;
    if (!f200 && strcmp(fmt, "SPLA0100") != 0) {
        qs_err_set(&err, "CPF3C21", fmt, (const char *)NULL);
        goto out;
    }
    qs_api_field_in(j, qualjob, 10, job);
    qs_api_field_in(j, (const char *)qualjob + 10, 10, user);
    qs_api_field_in(j, (const char *)qualjob + 20, 6, nbr);
    qs_api_field_in(j, splfname, 10, file);
    struct qs_splf_attr a;
    if (strcmp(job, "*INT") == 0) {
        if (!intjob || !intsplf) {
            qs_err_set(&err, "CPF24B4", (const char *)NULL);
            goto out;
        }
        if (qs_api_splf_by_ids(j, intjob, intsplf, &a, &err) < 0)
            goto out;
    } else {
        if (splfnbr < -1 || splfnbr > QS_SPLF_NUMBER_MAX) {
            snprintf(v, sizeof v, "%d", splfnbr);
            qs_err_set(&err, "CPF3344", file, v, (const char *)NULL);
            goto out;
        }
        if (qs_splf_get(strcmp(job, "*") == 0 ? NULL : job, user, nbr, file,
                        splfnbr == -1 ? QS_SPLF_LAST : splfnbr, &a, &err) < 0)
            goto out;
    }
    union {
        Qus_SPLA0100_t s1;
        Qus_SPLA0200_t s2;
    } u;
    size_t full;
    if (f200) {
        fill0200(j, &a, &u.s2);
        full = sizeof u.s2;
    } else {
        fill0100(j, &a, &u.s1);
        full = sizeof u.s1;
    }
    size_t n = (size_t)rcvlen < full ? (size_t)rcvlen : full;
    if (f200)
        u.s2.Bytes_Return = (int)n;
    else
        u.s1.Bytes_Return = (int)n;
    memcpy(rcv, &u, n);
    rc = 0;
out:
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSRSPLA");
    qs_err_clear(&err);
}
