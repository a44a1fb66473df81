/*
 * cl/cmd/cpysplf.c - CPYSPLF: copy a spooled file to a stream file, as text
 * or as PDF.
 *
 *   CPYSPLF FILE(QSYSPRT) TOFILE(*TOSTMF) JOB(*) SPLNBR(*LAST)
 *           TOSTMF('/home/x/report.pdf') WSCST(*PDF) STMFOPT(*REPLACE)
 *
 * WSCST(*PDF) renders the print data with the file's attributes (PAGESIZE,
 * LPI, CPI, CTLCHAR, CCSID) into a PDF (spool/pdf_writer.h).  WSCST(*NONE)
 * writes the text, UTF-8: CTLCHAR(*NONE) copies the non-blank print lines
 * (IBM: all-blank lines are not copied); CTLCHAR(*FCFC) puts an ANSI
 * control in column 1 ('1' new page, ' ' '0' '-' spacing) so the layout
 * can be printed again.  The stream file is written to a temporary file,
 * synced and renamed; STMFOPT(*NONE) refuses an existing file (CPFA0A0).
 *
 * TOFILE(lib/file) TOMBR(*FIRST|name) MBROPT(*REPLACE|*ADD) copies the
 * print lines into a physical file made with CRTPF, or a one-field table
 * made with RUNSQL CREATE TABLE (one CHAR(n)/VARCHAR(n) column; others are
 * refused with CPF2817) (qsys/dbf/pf.h; none: CPF9812, as IBM - CPYSPLF
 * does not create the file).  The record length must exceed the control
 * characters (CPF2817).  Each record is blank-padded (CHAR) or cut to the
 * file's record length:
 *   CTLCHAR(*NONE)   the print line;
 *   CTLCHAR(*FCFC)   1 byte ANSI control, then the line ('1' first line of
 *                    a page, ' ' '0' '-' space 1, 2, 3 before; a gap of
 *                    more than 3 lines is made of blank '-' records);
 *   CTLCHAR(*PRTCTL) 4 bytes: skip-before line (3 digits, e.g. "005") and
 *                    a blank, or three blanks and the space-before count
 *                    ('1'..'3'), then the line.  The first line of a page
 *                    and any line more than 3 below the previous one skip.
 *                    (The split of the 4 bytes is UNCONFIRMED.)
 * All-blank print lines are not copied (IBM).  The copy is one database
 * transaction.  CTLCHAR(*S36FMT) is not supported (CPF9897).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "splfcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "spool/pagetext.h"
#include "spool/pdf_writer.h"
#include "qsys/dbf/pf.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm tofile_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*TOSTMF"), .prompt = "To data base file" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm wscst_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*NONE", "*PDF"),
      .prompt = "Workstation customizing object" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    { .kwd = "TOFILE", .type = QS_CL_NAME, QS_CL_QUAL(tofile_q), .flags = QS_CL_REQUIRED,
      .prompt = "To data base file" },
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
    { .kwd = "TOMBR", .type = QS_CL_NAME, .len = 10, .dft = "*FIRST",
      .spcval = QS_CL_VALUES("*FIRST"), .prompt = "To member" },
    { .kwd = "MBROPT", .type = QS_CL_CHAR, .len = 8, .dft = "*REPLACE",
      .rstd = QS_CL_VALUES("*REPLACE", "*ADD"), .prompt = "Replace or add records" },
    { .kwd = "CTLCHAR", .type = QS_CL_CHAR, .len = 7, .dft = "*NONE",
      .rstd = QS_CL_VALUES("*NONE", "*FCFC", "*PRTCTL", "*S36FMT"), .prompt = "Control character" },
    { .kwd = "TOSTMF", .type = QS_CL_PNAME, .len = 1024, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE, .prompt = "To stream file" },
    { .kwd = "WSCST", .type = QS_CL_NAME, QS_CL_QUAL(wscst_q), .dft = "*NONE",
      .prompt = "Workstation customizing object" },
    { .kwd = "STMFOPT", .type = QS_CL_CHAR, .len = 8, .dft = "*NONE",
      .rstd = QS_CL_VALUES("*NONE", "*REPLACE"), .prompt = "Stream file option" },
};

/* Page text → the records CPYSPLF writes, each handed to a sink. */
enum ctl_mode { CTL_NONE, CTL_FCFC, CTL_PRTCTL };
typedef int rec_sink_fn(void *sink, const char *ctl, size_t cl, const char *p, size_t n,
                        struct qs_err *err);

struct text_out {
    enum ctl_mode mode;
    rec_sink_fn  *sink;
    void         *sink_arg;
    struct qs_buf page;
};

static int text_page(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    struct text_out *t = ctx;
    qs_buf_reset(&t->page);
    if (qs_page_text(pg, &t->page) < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    const char *p = t->page.data, *end = p + t->page.len;
    unsigned gap = 0, line = 0, last = 0;
    int first = 1;
    char ctl[8];
    while (p < end && *p != '\f') {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        if (len == 0) {
            gap++;
        } else if (t->mode == CTL_NONE) {
            if (t->sink(t->sink_arg, "", 0, p, len, err) < 0)
                return -1;
        } else if (t->mode == CTL_PRTCTL) {
            if (first || line - last > 3)
                snprintf(ctl, sizeof ctl, "%03u ", line);
            else
                snprintf(ctl, sizeof ctl, "   %u", line - last);
            if (t->sink(t->sink_arg, ctl, 4, p, len, err) < 0)
                return -1;
            first = 0;
            last = line;
        } else {
            if (first && gap > 0) {              /* top of form, blank line 1 */
                if (t->sink(t->sink_arg, "1", 1, "", 0, err) < 0)
                    return -1;
                first = 0;
                gap--;
            }
            while (!first && gap >= 3) {         /* an empty record spaced 3 */
                if (t->sink(t->sink_arg, "-", 1, "", 0, err) < 0)
                    return -1;
                gap -= 3;
            }
            ctl[0] = first ? '1' : gap == 0 ? ' ' : gap == 1 ? '0' : '-';
            if (t->sink(t->sink_arg, ctl, 1, p, len, err) < 0)
                return -1;
            gap = 0;
            first = 0;
        }
        p += len + 1;
    }
    return 0;
}

/* Stream file sink: control, line, new line. */
static int text_sink(void *sink, const char *ctl, size_t cl, const char *p, size_t n,
                     struct qs_err *err)
{
    struct qs_buf *b = sink;
    if (qs_buf_add(b, ctl, cl) < 0 || qs_buf_add(b, p, n) < 0 || qs_buf_addc(b, '\n') < 0)
        return qs_err_sys(err, errno);
    return 0;
}

/* Database file sink: one record. */
struct db_sink {
    struct qs_pf_writer *w;
    struct qs_buf         rec;
    unsigned long         n;
};

static int db_sink(void *sink, const char *ctl, size_t cl, const char *p, size_t n,
                   struct qs_err *err)
{
    struct db_sink *d = sink;
    qs_buf_reset(&d->rec);
    if (qs_buf_add(&d->rec, ctl, cl) < 0 || qs_buf_add(&d->rec, p, n) < 0)
        return qs_err_sys(err, errno);
    d->n++;
    return qs_pf_write(d->w, d->rec.data, d->rec.len, err);
}

static enum ctl_mode ctl_mode(struct qs_cl_call *c)
{
    const char *ctl = qs_cl_str(c->args, "CTLCHAR");
    return strcmp(ctl, "*FCFC") == 0 ? CTL_FCFC : strcmp(ctl, "*PRTCTL") == 0 ? CTL_PRTCTL
                                                                               : CTL_NONE;
}

/* CPYSPLF TOFILE(lib/file): into a member of a physical file. */
static int to_dbfile(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *file = qs_cl_qual(c->args, "TOFILE", 0);
    const char *lib = qs_cl_qual(c->args, "TOFILE", 1);
    const char *mbr = qs_cl_str(c->args, "TOMBR");
    struct qs_splf_attr a;
    struct db_sink d = { NULL, { 0 }, 0 };
    if (splfcmd_get(c, &a, err) < 0 ||
        qs_pf_write_begin(j, lib, file, mbr, qs_cl_is(c->args, "MBROPT", "*REPLACE"), &d.w,
                           err) < 0)
        return -1;
    enum ctl_mode m = ctl_mode(c);
    unsigned ctlw = m == CTL_FCFC ? 1 : m == CTL_PRTCTL ? 4 : 0;
    if (qs_pf_write_rcdlen(d.w) <= ctlw) {              /* no room for the line */
        qs_pf_write_end(&d.w, 0, NULL);
        return qs_err_set(err, "CPF2817", file, lib,
                          "the record length does not exceed the control characters",
                          (const char *)NULL);
    }
    qs_buf_init(&d.rec, (size_t)QS_PF_RCDLEN_MAX * 4);
    struct text_out t = { m, db_sink, &d, { 0 } };
    qs_buf_init(&t.page, QS_MAX_TEXT_FILE);
    int rc = qs_splf_render(&a, text_page, &t, NULL, err);
    qs_buf_free(&t.page);
    qs_buf_free(&d.rec);
    if (qs_pf_write_end(&d.w, rc == 0, rc == 0 ? err : NULL) < 0)
        rc = -1;
    return rc;
}

static int cpysplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_cl_is(c->args, "CTLCHAR", "*S36FMT"))
        return qs_err_set(err, "CPF9897", "CTLCHAR(*S36FMT) is not supported",
                          (const char *)NULL);
    if (!qs_cl_is(c->args, "TOFILE", "*TOSTMF"))
        return to_dbfile(c, err);
    const char *stmf = qs_cl_str(c->args, "TOSTMF");
    if (qs_cl_is(c->args, "TOSTMF", "*NONE") || !*stmf)
        return qs_err_set(err, "CPD0072", "0", "TOSTMF", (const char *)NULL);
    int pdf_out = qs_cl_is(c->args, "WSCST", "*PDF");
    if (!pdf_out && !qs_cl_is(c->args, "WSCST", "*NONE"))
        return qs_err_set(err, "CPF9897", "Only WSCST(*NONE) and WSCST(*PDF) are supported",
                          (const char *)NULL);
    int replace = qs_cl_is(c->args, "STMFOPT", "*REPLACE");

    struct qs_splf_attr a;
    if (splfcmd_get(c, &a, err) < 0)
        return -1;
    if (!replace && access(stmf, F_OK) == 0)
        return qs_err_set(err, "CPFA0A0", stmf, (const char *)NULL);

    struct qs_buf tmp, text;
    qs_buf_init(&tmp, QS_MAX_PATH);
    qs_buf_init(&text, QS_MAX_TEXT_FILE);
    struct qs_pdf *pdf = NULL;
    int fd = -1, rc = -1;
    if (qs_buf_addf(&tmp, "%s.tmpXXXXXX", stmf) < 0) {
        qs_err_sys(err, ENAMETOOLONG);
        goto out;
    }
    fd = mkstemp(tmp.data);
    if (fd < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    fchmod(fd, 0644);
    if (pdf_out) {
        struct qs_pdf_opts po;
        char title[64];
        qs_pdf_opts_default(&po);
        snprintf(title, sizeof title, "%s %s/%s/%s #%d", a.file, a.jobnbr, a.user, a.job, a.number);
        po.title = title;
        po.author = a.user;
        po.creator = "qshim CPYSPLF";
        po.group_pages = 1;
        if (!(pdf = qs_pdf_new(fd, &po, err)) ||
            qs_splf_render(&a, qs_pdf_page, pdf, NULL, err) < 0 || qs_pdf_finish(pdf, err) < 0)
            goto out;
    } else {
        struct text_out t = { ctl_mode(c), text_sink, &text, { 0 } };
        qs_buf_init(&t.page, QS_MAX_TEXT_FILE);
        int r2 = qs_splf_render(&a, text_page, &t, NULL, err);
        qs_buf_free(&t.page);
        if (r2 < 0)
            goto out;
        if (qs_write_all(fd, text.data, text.len) < 0) {
            qs_err_sys(err, errno);
            goto out;
        }
    }
    if (fsync(fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    close(fd);
    fd = -1;
    if (!replace && link(tmp.data, stmf) < 0) {   /* no replace: fail if it appeared */
        int e = errno;
        if (e == EEXIST)
            qs_err_set(err, "CPFA0A0", stmf, (const char *)NULL);
        else
            qs_err_sys(err, e);
        goto out;
    }
    if (replace && rename(tmp.data, stmf) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    qs_fsync_dir(stmf);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (tmp.len)
        unlink(tmp.data);                 /* after link() or a failure */
    qs_pdf_free(&pdf);
    qs_buf_free(&tmp);
    qs_buf_free(&text);
    return rc;
}

QS_CL_COMMAND(cpysplf) = { .name = "CPYSPLF", .text = "Copy Spooled File", QS_CL_PARMS(parms),
                           .run = cpysplf_run };
