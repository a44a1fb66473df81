/*
 * api/qsp.c - the spool APIs QSPCRTSP, QSPPUTSP, QSPCLOSP, QSPOPNSP and
 * QSPGETSP (qspcrtsp.h … qspgetsp.h).
 *
 * A spool handle is a small positive int naming a slot in this process's
 * handle table.  A slot holds either a spooled file being created (the
 * spool layer's open handle) or an opened, closed spooled file: its print
 * data, read once at open, and the position of the next QSPGETSP buffer.
 * Slots are reused after QSPCLOSP; a stale or foreign handle is CPF3C3C.
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/splfapi.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"
#include "spool/prtf.h"
#include "spool/splf.h"

#include <qspclosp.h>
#include <qspcrtsp.h>
#include <qspgetsp.h>
#include <qspopnsp.h>
#include <qspputsp.h>
#include <qusrspla.h>

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(Qsp_SPFRH_t) == 128, "SPFRH size");
_Static_assert(offsetof(Qsp_SPFRH_t, Offset_First_Buffer) == 92, "SPFRH layout");
_Static_assert(sizeof(Qsp_SPFRB_t) == 40, "SPFRB size");

#define QSP_HANDLES_MAX 1024             /* open spool handles per process */

enum qsp_kind { QSP_FREE, QSP_CREATE, QSP_OPEN };

struct qsp_slot {
    enum qsp_kind kind;
    struct qs_splf *out;                 /* QSP_CREATE */
    struct qs_buf data;                  /* QSP_OPEN: the print data */
    size_t pos;                          /* next byte for QSPGETSP -1 */
    int nbuffers;                        /* buffers per QSPGETSP, 0 = all */
    struct qs_splf_attr attr;
};

static pthread_mutex_t qsp_lock = PTHREAD_MUTEX_INITIALIZER;
static struct qsp_slot *qsp_slots;
static size_t qsp_nslots;

/* Take a free slot for *init (its kind set): the handle, or -1 with CPF9898
 * when the table is full or memory is short. */
static int slot_new(const struct qsp_slot *init, struct qs_err *err)
{
    size_t i;
    pthread_mutex_lock(&qsp_lock);
    for (i = 0; i < qsp_nslots; i++)
        if (qsp_slots[i].kind == QSP_FREE)
            break;
    if (i == qsp_nslots) {
        size_t n = qsp_nslots ? qsp_nslots * 2 : 8;
        struct qsp_slot *s = qsp_nslots >= QSP_HANDLES_MAX ? NULL : realloc(qsp_slots, n * sizeof *s);
        if (!s) {
            pthread_mutex_unlock(&qsp_lock);
            return qs_err_set(err, "CPF9898", "Too many spool handles open in this job",
                              (const char *)NULL);
        }
        memset(s + qsp_nslots, 0, (n - qsp_nslots) * sizeof *s);
        qsp_slots = s;
        qsp_nslots = n;
    }
    qsp_slots[i] = *init;
    pthread_mutex_unlock(&qsp_lock);
    return (int)i + 1;
}

/* The slot of handle h when it is of kind (or any used kind for QSP_FREE). */
static struct qsp_slot *slot_get(int h, enum qsp_kind kind, struct qs_err *err)
{
    if (h >= 1 && (size_t)h <= qsp_nslots) {
        struct qsp_slot *s = &qsp_slots[h - 1];
        if (s->kind != QSP_FREE && (kind == QSP_FREE || s->kind == kind))
            return s;
    }
    qs_err_set(err, "CPF3C3C", "handle", (const char *)NULL);
    return NULL;
}

static void slot_free(struct qsp_slot *s)
{
    if (s->kind == QSP_CREATE && s->out)
        qs_splf_abort(&s->out);
    qs_buf_free(&s->data);
    memset(s, 0, sizeof *s);
}

/* ---- QSPCRTSP ---------------------------------------------------------- */

/* The SPLA0200 fields QSPCRTSP reads, moved to their SPLA0100 places. */
static void spla200_to_100(const Qus_SPLA0200_t *t, Qus_SPLA0100_t *s)
{
    memset(s, 0, sizeof *s);
#define MV(f) memcpy(&s->f, &t->f, sizeof s->f)
    MV(Splf_Name);
    MV(Form_Type);
    MV(Usr_Data);
    MV(Outq_Name);
    MV(Outq_Lib);
    MV(User_Text);
    MV(Lines_Per_Inch);
    MV(Char_Per_Inch);
    MV(Page_Length);
    MV(Page_Width);
    MV(Overflow_Line_Nm);
    MV(CCSID);
    MV(Ptr_Dev_Type);
    MV(Ctrl_Char);
    MV(Dev_File_Name);
    MV(Dev_File_Lib);
#undef MV
}

static void attr_from_spla(const struct qs_job *j, const void *p, struct qs_splf_attr *a)
{
    char f[101];
    Qus_SPLA0100_t conv;
    const Qus_SPLA0100_t *s = p;
    const Qus_SPLA0200_t *s2 = NULL;
    qs_api_field_in(j, (const char *)p + 8, 8, f);
    if (strcmp(f, "SPLA0200") == 0) {
        s2 = p;
        spla200_to_100(s2, &conv);
        s = &conv;
    }
    /* defaults < printer file (Dev_File_Name, QSYSPRT when blank) <
     * overrides < the fields given here */
    char prtf[11], prtflib[11];
    qs_api_field_in(j, s->Dev_File_Name, sizeof s->Dev_File_Name, prtf);
    qs_api_field_in(j, s->Dev_File_Lib, sizeof s->Dev_File_Lib, prtflib);
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_prtf_open_attr((struct qs_job *)j, prtflib, prtf[0] ? prtf : "QSYSPRT", a, &e2) < 0)
        qs_splf_attr_default(a);
    qs_err_clear(&e2);
    qs_prtf_apply_overrides(prtf[0] ? prtf : "QSYSPRT", a);
#define TEXT(field, dst)                                          \
    do {                                                          \
        qs_api_field_in(j, s->field, sizeof s->field, f);         \
        if (f[0])                                                 \
            snprintf(dst, sizeof dst, "%.*s", (int)sizeof dst - 1, f); \
    } while (0)
    TEXT(Splf_Name, a->file);
    TEXT(Form_Type, a->formtype);
    TEXT(Usr_Data, a->usrdta);
    TEXT(Outq_Name, a->outq);
    TEXT(Outq_Lib, a->outqlib);
    TEXT(User_Text, a->usrtext);
#undef TEXT
    if (strcmp(a->outqlib, "*LIBL") == 0 || strcmp(a->outqlib, "*CURLIB") == 0)
        snprintf(a->outqlib, sizeof a->outqlib, "QGPL");
    if (s->Lines_Per_Inch > 0)
        a->ro.lpi10 = (unsigned)s->Lines_Per_Inch;
    if (s->Char_Per_Inch > 0)
        a->ro.cpi10 = (unsigned)s->Char_Per_Inch;
    if (s->Page_Length > 0)
        a->ro.page_len = (unsigned)s->Page_Length;
    if (s->Page_Width > 0)
        a->ro.page_width = (unsigned)s->Page_Width;
    if (s->Overflow_Line_Nm > 0)
        a->ro.overflow = (unsigned)s->Overflow_Line_Nm;
    else if (a->ro.overflow > a->ro.page_len)   /* default for a short page */
        a->ro.overflow = a->ro.page_len > 6 ? a->ro.page_len - 6 : a->ro.page_len;
    if (s->CCSID > 0)
        a->ro.ccsid = s->CCSID;
    qs_api_field_in(j, s->Ptr_Dev_Type, sizeof s->Ptr_Dev_Type, f);
    if (strcmp(f, "*SCS") == 0)
        a->ro.ctlchar = QS_CTL_SCS;
    qs_api_field_in(j, s->Ctrl_Char, sizeof s->Ctrl_Char, f);
    if (strcmp(f, "*FCFC") == 0)
        a->ro.ctlchar = QS_CTL_FCFC;
    else if (strcmp(f, "*NONE") == 0 && a->ro.ctlchar == QS_CTL_FCFC)
        a->ro.ctlchar = QS_CTL_NONE;
    if (s2) {                                     /* CHLVAL: channel 1..12 lines */
        for (unsigned c = 1; c <= 12 && c <= QS_SPOOL_CHANNELS; c++) {
            int v;
            memcpy(&v, (const char *)s2 + offsetof(Qus_SPLA0200_t, Channel_Code1) + (c - 1) * 4, 4);
            if (v > 0 && (unsigned)v <= a->ro.page_len)
                a->ro.chlval[c] = (unsigned)v;
        }
    }
}

static int valid_attr(const struct qs_splf_attr *a, struct qs_err *err)
{
    const char *bad = NULL;
    if (a->ro.page_len > 255)
        bad = "Page_Length";
    else if (a->ro.page_width > 378)
        bad = "Page_Width";
    else if (a->ro.overflow > a->ro.page_len)
        bad = "Overflow_Line_Nm";
    else if (a->ro.lpi10 > 120 || a->ro.cpi10 > 300)
        bad = a->ro.lpi10 > 120 ? "Lines_Per_Inch" : "Char_Per_Inch";
    else if (a->ro.ccsid > 65535)
        bad = "CCSID";
    if (bad)
        qs_err_set(err, "CPF3C3C", bad, (const char *)NULL);
    return bad ? -1 : 0;
}

void QSPCRTSP(int *handle, void *splf_attributes, void *errcode)
{
    qs_ec_begin(errcode, "QSPCRTSP");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    if (!j)
        goto out;
    if (!handle || !splf_attributes) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    struct qs_splf_attr a;
    attr_from_spla(j, splf_attributes, &a);
    if (valid_attr(&a, &err) < 0)
        goto out;
    struct qs_splf *out = NULL;
    if (qs_splf_create(&a, &out, &err) < 0)
        goto out;
    struct qsp_slot init = { .kind = QSP_CREATE, .out = out, .attr = *qs_splf_handle_attr(out) };
    int h = slot_new(&init, &err);
    if (h < 0) {
        qs_splf_abort(&out);
        goto out;
    }
    *handle = h;
    rc = 0;
out:
    if (rc < 0)
        qs_ec_report(errcode, &err, "QSPCRTSP");
    qs_err_clear(&err);
}

/* ---- QSPPUTSP ---------------------------------------------------------- */

static int get_int(const unsigned char *p)
{
    int v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Is [off, off+len) inside a space of size n?  (ints from the space) */
static int in_space(int off, int len, size_t n)
{
    return off >= 0 && len >= 0 && (size_t)off <= n && (size_t)len <= n - (size_t)off;
}

static int bad_space(const char *field, struct qs_err *err)
{
    qs_err_set(err, "CPF3C3C", field, (const char *)NULL);
    return -1;
}

/* Append the print data of the SPFR0200/SPFR0300 data in sp[0..n) to out. */
static int put_space(struct qs_splf *out, const unsigned char *sp, size_t n, struct qs_err *err)
{
    char fmt[9];
    if (n < sizeof(Qsp_SPFRH_t))
        return bad_space("user space", err);
    memcpy(fmt, sp + offsetof(Qsp_SPFRH_t, Format_Name), 8);
    fmt[8] = '\0';
    int first = get_int(sp + offsetof(Qsp_SPFRH_t, Offset_First_Buffer));
    if (strcmp(fmt, "SPFR0300") == 0) {
        int size = get_int(sp + offsetof(Qsp_SPFRH_t, Size_Print_Data300));
        if (!in_space(first, size, n))
            return bad_space("Size_Print_Data300", err);
        return qs_splf_write(out, sp + first, (size_t)size, err);
    }
    if (strcmp(fmt, "SPFR0200") != 0) {
        qs_err_set(err, "CPF3C21", fmt, (const char *)NULL);
        return -1;
    }
    int nbuf = get_int(sp + offsetof(Qsp_SPFRH_t, Buffers_Returned));
    if (nbuf < 0)
        return bad_space("Buffers_Returned", err);
    size_t off = (size_t)first;
    for (int i = 0; i < nbuf; i++) {
        if (first < 0 || !in_space((int)off, (int)sizeof(Qsp_SPFRB_t), n))
            return bad_space("Offset_First_Buffer", err);
        const unsigned char *b = sp + off;
        int len = get_int(b + offsetof(Qsp_SPFRB_t, Length_Buffer_Info));
        int poff = get_int(b + offsetof(Qsp_SPFRB_t, Offset_Print_Data));
        int psize = get_int(b + offsetof(Qsp_SPFRB_t, Size_Print_Data));
        if (!in_space(poff, psize, n))
            return bad_space("Size_Print_Data", err);
        if (qs_splf_write(out, sp + poff, (size_t)psize, err) < 0)
            return -1;
        if (i + 1 < nbuf) {
            if (len < (int)sizeof(Qsp_SPFRB_t) || (size_t)len > n - off)
                return bad_space("Length_Buffer_Info", err);
            off += (size_t)len;
        }
    }
    return 0;
}

void QSPPUTSP(int handle, void *qual_usrspc, void *errcode)
{
    qs_ec_begin(errcode, "QSPPUTSP");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    char name[11], lib[11];
    void *p = NULL;
    size_t n = 0;
    if (!j)
        goto out;
    if (!qual_usrspc) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    qs_api_field_in(j, qual_usrspc, 10, name);
    qs_api_field_in(j, (const char *)qual_usrspc + 10, 10, lib);
    if (strcmp(lib, "*LIBL") == 0 || strcmp(lib, "*CURLIB") == 0)
        snprintf(lib, sizeof lib, "QGPL");
    if (qs_usrspc_ptr(j, lib, name, &p, &n, &err) < 0)
        goto out;
    pthread_mutex_lock(&qsp_lock);
    struct qsp_slot *s = slot_get(handle, QSP_CREATE, &err);
    if (s)
        rc = put_space(s->out, p, n, &err);
    pthread_mutex_unlock(&qsp_lock);
out:
    if (rc < 0)
        qs_ec_report(errcode, &err, "QSPPUTSP");
    qs_err_clear(&err);
}

/* ---- QSPCLOSP ---------------------------------------------------------- */

void QSPCLOSP(int handle, void *errcode)
{
    qs_ec_begin(errcode, "QSPCLOSP");
    struct qs_err err = QS_ERR_INIT;
    int rc = -1;
    pthread_mutex_lock(&qsp_lock);
    struct qsp_slot *s = slot_get(handle, QSP_FREE, &err);
    if (s && s->kind == QSP_CREATE) {
        rc = qs_splf_close(&s->out, 0, &err);
        s->out = NULL;                   /* freed by close either way */
    } else if (s) {
        rc = 0;
    }
    if (s)
        slot_free(s);
    pthread_mutex_unlock(&qsp_lock);
    if (rc < 0)
        qs_ec_report(errcode, &err, "QSPCLOSP");
    qs_err_clear(&err);
}

/* ---- QSPOPNSP ---------------------------------------------------------- */

static int valid_nbuffers(int n)
{
    return n == -1 || (n >= 1 && n <= 8) || n == 16 || n == 24 || (n >= 32 && n % 32 == 0);
}

void qshim_QSPOPNSP(int nargs, int *handle, void *qual_job, void *int_job_id,
                    void *int_splf_id, char *splf_name, int splf_number,
                    int nbr_buffers, void *errcode, ...)
{
    (void)nargs;                         /* trailing job system name etc. ignored */
    qs_ec_begin(errcode, "QSPOPNSP");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    char job[11], user[11], nbr[7], file[11], v[16];
    if (!j)
        goto out;
    if (!handle || !qual_job || !splf_name) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    qs_api_field_in(j, qual_job, 10, job);
    qs_api_field_in(j, (const char *)qual_job + 10, 10, user);
    qs_api_field_in(j, (const char *)qual_job + 20, 6, nbr);
    qs_api_field_in(j, splf_name, 10, file);
    int byid = strcmp(job, "*INT") == 0;     /* the internal ids name the file */
    if (!byid && (splf_number < -1 || splf_number > QS_SPLF_NUMBER_MAX)) {
        snprintf(v, sizeof v, "%d", splf_number);
        qs_err_set(&err, "CPF3344", file, v, (const char *)NULL);
        goto out;
    }
    if (!valid_nbuffers(nbr_buffers)) {
        qs_err_set(&err, "CPF3C3C", "number of buffers", (const char *)NULL);
        goto out;
    }
    struct qs_splf_attr a;
    if (byid && (!int_job_id || !int_splf_id)) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    if (byid ? qs_api_splf_by_ids(j, int_job_id, int_splf_id, &a, &err) < 0
             : qs_splf_get(strcmp(job, "*") == 0 ? NULL : job, user, nbr, file,
                           splf_number == -1 ? QS_SPLF_LAST : splf_number, &a, &err) < 0)
        goto out;
    struct qs_buf data;
    qs_buf_init(&data, QS_SPLF_MAX_DATA);
    if (qs_splf_read(&a, &data, &err) < 0) {
        qs_buf_free(&data);
        goto out;
    }
    struct qsp_slot init = { .kind = QSP_OPEN, .data = data, .attr = a,
                             .nbuffers = nbr_buffers < 0 ? 0 : nbr_buffers };
    int h = slot_new(&init, &err);
    if (h < 0) {
        qs_buf_free(&data);
        goto out;
    }
    *handle = h;
    rc = 0;
out:
    if (rc < 0)
        qs_ec_report(errcode, &err, "QSPOPNSP");
    qs_err_clear(&err);
}

/* ---- QSPGETSP ---------------------------------------------------------- */

static void put_int(struct qs_buf *b, size_t off, int v)
{
    memcpy(b->data + off, &v, sizeof v);
}

/* Lay out buffers [first, first+count) of s's data in SPFR0200 or SPFR0300
 * form into b. */
static int build_spfr(const struct qsp_slot *s, int spfr300, size_t first, size_t count,
                      struct qs_buf *b)
{
    size_t total = s->data.len;
    size_t start = first * QSP_BUFFER_SIZE;
    size_t end = start + count * QSP_BUFFER_SIZE;
    if (start > total)
        start = total;
    if (end > total)
        end = total;
    size_t nbuf = (end - start + QSP_BUFFER_SIZE - 1) / QSP_BUFFER_SIZE;
    Qsp_SPFRH_t h;
    memset(&h, 0, sizeof h);
    memset(h.User_Data, ' ', sizeof h.User_Data);
    h.Header_Size = (int)sizeof h;
    memcpy(h.Struc_Level, "0001", 4);
    memcpy(h.Spooled_File_Level, "V5R4M0", 6);
    memcpy(h.Format_Name, spfr300 ? "SPFR0300" : "SPFR0200", 8);
    h.Info_Complete_Ind = 'C';
    h.Reserved1 = ' ';
    h.Offset_First_Buffer = (int)sizeof h;
    h.Buffers_Requested = (int)count;
    h.Buffers_Returned = (int)nbuf;
    h.Nbr_Comp_Pages = (int)s->attr.pages;
    h.First_Page_Nbr = 1;
    if (spfr300)
        h.Size_Print_Data300 = (int)(end - start);
    if (qs_buf_add(b, &h, sizeof h) < 0)
        return -1;
    if (spfr300)
        return qs_buf_add(b, s->data.data + start, end - start);
    for (size_t i = 0; i < nbuf; i++) {
        size_t dbeg = start + i * QSP_BUFFER_SIZE;
        size_t dlen = end - dbeg < QSP_BUFFER_SIZE ? end - dbeg : QSP_BUFFER_SIZE;
        size_t at = b->len;
        Qsp_SPFRB_t fb;
        Qsp_SPFRG_t g;
        memset(&fb, 0, sizeof fb);
        memset(&g, 0, sizeof g);
        fb.Length_Buffer_Info = (int)(sizeof fb + sizeof g + dlen);
        fb.Buffer_Number = (int)(first + i + 1);
        fb.Offset_General_Info = (int)(at + sizeof fb);
        fb.Size_General_Info = (int)sizeof g;
        fb.Offset_Page_Data = (int)(at + sizeof fb + sizeof g);
        fb.Size_Page_Entry = (int)sizeof(Qsp_SPFRP_t);
        fb.Offset_Print_Data = (int)(at + sizeof fb + sizeof g);
        fb.Size_Print_Data = (int)dlen;
        g.Print_Data_Size = (int)dlen;
        memcpy(g.State, "*CLOSED   ", 10);
        g.Last_Page_Continues = g.Advanced_Print_Func = '0';
        g.Error_Recovery_Info = g.Load_Font = g.IPDS_Data = '0';
        g.Zero_Pages = total == 0 ? '1' : '0';
        memset(g.LAC_Flags, '0', sizeof g.LAC_Flags);
        if (qs_buf_add(b, &fb, sizeof fb) < 0 || qs_buf_add(b, &g, sizeof g) < 0 ||
            qs_buf_add(b, s->data.data + dbeg, dlen) < 0)
            return -1;
    }
    put_int(b, offsetof(Qsp_SPFRH_t, User_Space_Used), (int)b->len);
    return 0;
}

void QSPGETSP(int handle, void *qual_usrspc, char *format, int ordinal_buffer,
              char *end_of_open_splf, void *errcode)
{
    (void)end_of_open_splf;              /* only closed files are opened */
    qs_ec_begin(errcode, "QSPGETSP");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    char name[11], lib[11], fmt[9];
    struct qs_buf b;
    qs_buf_init(&b, QS_USRSPC_MAX);
    if (!j)
        goto out;
    if (!qual_usrspc || !format) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
        goto out;
    }
    qs_api_field_in(j, qual_usrspc, 10, name);
    qs_api_field_in(j, (const char *)qual_usrspc + 10, 10, lib);
    if (strcmp(lib, "*LIBL") == 0 || strcmp(lib, "*CURLIB") == 0)
        snprintf(lib, sizeof lib, "QGPL");
    qs_api_field_in(j, format, 8, fmt);
    int spfr300 = strcmp(fmt, "SPFR0300") == 0;
    if (!spfr300 && strcmp(fmt, "SPFR0200") != 0) {
        qs_err_set(&err, "CPF3C21", fmt, (const char *)NULL);
        goto out;
    }
    pthread_mutex_lock(&qsp_lock);
    struct qsp_slot *s = slot_get(handle, QSP_OPEN, &err);
    size_t first = 0, count = 0, nbuf_all = 0;
    if (s) {
        nbuf_all = (s->data.len + QSP_BUFFER_SIZE - 1) / QSP_BUFFER_SIZE;
        count = s->nbuffers ? (size_t)s->nbuffers : nbuf_all;
        if (ordinal_buffer == -1) {
            first = s->pos;
        } else if (ordinal_buffer >= 1 && (size_t)ordinal_buffer <= nbuf_all) {
            first = (size_t)ordinal_buffer - 1;
            count = 1;
        } else {
            qs_err_set(&err, "CPF3C3C", "ordinal buffer number", (const char *)NULL);
            s = NULL;
        }
    }
    if (s && build_spfr(s, spfr300, first, count, &b) < 0) {
        qs_err_set(&err, "CPF3C1A", "16773120", (const char *)NULL);
        s = NULL;
    }
    if (s && ordinal_buffer == -1)
        s->pos = first + count < nbuf_all ? first + count : nbuf_all;
    pthread_mutex_unlock(&qsp_lock);
    if (!s)
        goto out;
    rc = qs_usrspc_write(j, lib, name, 1, b.len, b.data, 0, &err);
out:
    qs_buf_free(&b);
    if (rc < 0)
        qs_ec_report(errcode, &err, "QSPGETSP");
    qs_err_clear(&err);
}
