/*
 * cl/cmd/cpypcd.c - CPYTOPCD and CPYFRMPCD: a database member to a folder
 * document and back (qsys/pf, qsys/dlo).
 *
 *   CPYTOPCD FROMFILE(QGPL/REPORT) TOFLR(MAIL) FROMMBR(*FIRST) TODOC(*FROMMBR)
 *            REPLACE(*YES) TRNTBL(*DFT) TRNFMT(*TEXT)
 *   CPYFRMPCD FROMFLR(MAIL) TOFILE(QGPL/REPORT) FROMDOC(Q3.TXT) TOMBR(*FIRST)
 *             MBROPT(*REPLACE) TRNTBL(*DFT) TRNFMT(*TEXT)
 *
 * Translation, as IBM describes it: TRNTBL(*DFT) is the table QASCII
 * (EBCDIC to ASCII) for CPYTOPCD and QEBCDIC (ASCII to EBCDIC) for
 * CPYFRMPCD; *NONE copies the bytes; a named *TBL object (CRTTBL) is used as
 * it is.  Format (qshim's reading of IBM's text):
 *   CPYTOPCD TRNFMT(*TEXT): trailing blanks of each record are removed and
 *     CR LF ends it (in the target code: 0D 0A after translation, EBCDIC
 *     0D 25 with TRNTBL(*NONE)).  *NOTRN: the records one after another.
 *   CPYFRMPCD TRNFMT(*TEXT): the document is read as lines (CR LF or LF; an
 *     end-of-file byte 1A ends it); each line is padded with blanks to the
 *     record length, a longer one is cut and counted (IWS1603 after the
 *     copy).  *NOTEXT: the bytes cut into records, the last one padded.
 * TOMBR(*FROMDOC) names the member after the document (before the '.');
 * a missing member is added.  Failures are IWS1611 with the cause's
 * message id in the text.
 */
#include "cl/cmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/pf/pf.h"
#include "qsys/dlo/dlo.h"
#include "qsys/job/job.h"
#include "qsys/tbl/tbl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm tbl_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Translate table" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm to_parms[] = {
    { .kwd = "FROMFILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED,
      .prompt = "From file" },
    { .kwd = "TOFLR", .type = QS_CL_CHAR, .len = 63, .flags = QS_CL_REQUIRED, .prompt = "To folder" },
    { .kwd = "FROMMBR", .type = QS_CL_NAME, .len = 10, .dft = "*FIRST", .spcval = QS_CL_VALUES("*FIRST"),
      .prompt = "From member" },
    { .kwd = "TODOC", .type = QS_CL_CHAR, .len = 12, .dft = "*FROMMBR", .spcval = QS_CL_VALUES("*FROMMBR"),
      .prompt = "To document" },
    { .kwd = "REPLACE", .type = QS_CL_CHAR, .len = 4, .dft = "*NO", .rstd = QS_CL_VALUES("*NO", "*YES"),
      .prompt = "Replace document" },
    { .kwd = "TRNTBL", .type = QS_CL_NAME, QS_CL_QUAL(tbl_q), .dft = "*DFT",
      .sngval = QS_CL_VALUES("*DFT", "*NONE"), .prompt = "Translate table" },
    { .kwd = "TRNFMT", .type = QS_CL_CHAR, .len = 6, .dft = "*NOTRN", .rstd = QS_CL_VALUES("*NOTRN", "*TEXT"),
      .prompt = "Format of PC data" },
};
static const struct qs_cl_parm from_parms[] = {
    { .kwd = "FROMFLR", .type = QS_CL_CHAR, .len = 63, .flags = QS_CL_REQUIRED, .prompt = "From folder" },
    { .kwd = "TOFILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED, .prompt = "To file" },
    { .kwd = "FROMDOC", .type = QS_CL_CHAR, .len = 12, .flags = QS_CL_REQUIRED, .prompt = "From document" },
    { .kwd = "TOMBR", .type = QS_CL_NAME, .len = 10, .dft = "*FIRST",
      .spcval = QS_CL_VALUES("*FIRST", "*FROMDOC"), .prompt = "To member" },
    { .kwd = "MBROPT", .type = QS_CL_CHAR, .len = 8, .dft = "*REPLACE", .rstd = QS_CL_VALUES("*REPLACE", "*ADD"),
      .prompt = "Replace or add records" },
    { .kwd = "TRNTBL", .type = QS_CL_NAME, QS_CL_QUAL(tbl_q), .dft = "*DFT",
      .sngval = QS_CL_VALUES("*DFT", "*NONE"), .prompt = "Translate table" },
    { .kwd = "TRNFMT", .type = QS_CL_CHAR, .len = 7, .dft = "*NOTEXT", .rstd = QS_CL_VALUES("*TEXT", "*NOTEXT"),
      .prompt = "Format of PC data" },
};

/* The translate table: 1 = use tab, 0 = none, -1 = error. */
static int trntbl(struct qs_job *j, const struct qs_cl_args *a, const char *dflt, uint8_t tab[256],
                  struct qs_err *err)
{
    const struct qs_cl_val *v = qs_cl_arg(a, "TRNTBL");
    if (qs_cl_val_is(v, "*NONE"))
        return 0;
    if (qs_cl_val_is(v, "*DFT"))
        return qs_tbl_get(j, "QSYS", dflt, tab, err) < 0 ? -1 : 1;
    return qs_tbl_get(j, qs_cl_qual(a, "TRNTBL", 1), qs_cl_qual(a, "TRNTBL", 0), tab, err) < 0 ? -1 : 1;
}

static int not_copied(struct qs_err *err, const char *what)
{
    char cause[QS_MAX_MSG_TEXT];
    snprintf(cause, sizeof cause, "%s (%s: %s)", what, err->msgid[0] ? err->msgid : "?",
             err->text ? err->text : "");
    qs_err_clear(err);
    return qs_err_set(err, "IWS1611", cause, (const char *)NULL);
}

static int cpytopcd_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_pf f;
    uint8_t tab[256];
    char mbr[11];
    int trn = -1;
    if (qs_pf_open(j, qs_cl_qual(a, "FROMFILE", 1), qs_cl_qual(a, "FROMFILE", 0), &f, err) < 0 ||
        qs_pf_member(&f, qs_cl_str(a, "FROMMBR"), mbr, err) < 0 ||
        (trn = trntbl(j, a, "QASCII", tab, err)) < 0)
        return not_copied(err, qs_cl_qual(a, "FROMFILE", 0));
    const char *doc = qs_cl_is(a, "TODOC", "*FROMMBR") ? mbr : qs_cl_str(a, "TODOC");
    char *data;
    size_t len, n;
    if (qs_pf_read(&f, mbr, &data, &len, &n, err) < 0)
        return not_copied(err, doc);
    int text = qs_cl_is(a, "TRNFMT", "*TEXT");
    unsigned char blank = (unsigned char)qs_pf_blank(f.ccsid);
    struct qs_buf out;
    qs_buf_init(&out, QS_DLO_MAX_DOC);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const unsigned char *r = (const unsigned char *)data + i * (size_t)f.rcdlen;
        size_t l = (size_t)f.rcdlen;
        if (text)
            while (l && r[l - 1] == blank)
                l--;
        for (size_t k = 0; rc == 0 && k < l; k++)
            rc = qs_buf_addc(&out, (char)(trn ? tab[r[k]] : r[k]));
        if (rc == 0 && text)      /* CR LF in the document's code */
            rc = trn ? qs_buf_add(&out, "\r\n", 2) : qs_buf_add(&out, "\x0d\x25", 2);
    }
    if (rc < 0)
        rc = qs_err_set(err, "CPF90A3", "document", "?", "67108864", (const char *)NULL);
    if (rc == 0)
        rc = qs_doc_write(qs_cl_str(a, "TOFLR"), doc, out.data, out.len, qs_cl_is(a, "REPLACE", "*YES"),
                          err);
    free(data);
    qs_buf_free(&out);
    if (rc < 0)
        return not_copied(err, doc);
    fprintf(c->out, "Member %s copied to document %s in folder %s (%zu records, %zu bytes).\n", mbr,
            doc, qs_cl_str(a, "TOFLR"), n, out.len);
    return 0;
}

static int cpyfrmpcd_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *doc = qs_cl_str(a, "FROMDOC");
    struct qs_pf f;
    uint8_t tab[256];
    int trn = -1;
    struct qs_buf in, out;
    qs_buf_init(&in, QS_DLO_MAX_DOC);
    qs_buf_init(&out, QS_PF_MAX_BYTES);
    int rc = 0;
    if (qs_pf_open(j, qs_cl_qual(a, "TOFILE", 1), qs_cl_qual(a, "TOFILE", 0), &f, err) < 0 ||
        (trn = trntbl(j, a, "QEBCDIC", tab, err)) < 0 ||
        qs_doc_read(qs_cl_str(a, "FROMFLR"), doc, QS_DLO_MAX_DOC, &in, err) < 0)
        rc = -1;
    char mbr[11] = "*FIRST";
    if (rc == 0 && qs_cl_is(a, "TOMBR", "*FROMDOC")) {
        size_t k = strcspn(doc, ".");
        snprintf(mbr, sizeof mbr, "%.*s", (int)(k < 10 ? k : 10), doc);
        for (char *p = mbr; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
    } else if (rc == 0 && !qs_cl_is(a, "TOMBR", "*FIRST")) {
        qs_strlcpy(mbr, qs_cl_str(a, "TOMBR"), sizeof mbr);
    }
    size_t rl = (size_t)f.rcdlen, cut = 0, nrec = 0;
    /* padding: a blank of the file's CCSID */
    char pad = (char)qs_pf_blank(f.ccsid);
    const unsigned char *p = (const unsigned char *)(in.data ? in.data : "");
    size_t len = in.len;
    if (rc == 0 && qs_cl_is(a, "TRNFMT", "*TEXT")) {
        const unsigned char *eof = memchr(p, 0x1a, len);
        if (eof)
            len = (size_t)(eof - p);
        for (size_t i = 0; rc == 0 && i < len;) {
            const unsigned char *nl = memchr(p + i, '\n', len - i);
            size_t e = nl ? (size_t)(nl - p) : len, next = nl ? e + 1 : len;
            if (e > i && p[e - 1] == '\r')
                e--;
            size_t l = e - i;
            if (l > rl) {
                l = rl;
                cut++;
            }
            for (size_t k = 0; rc == 0 && k < l; k++)
                rc = qs_buf_addc(&out, (char)(trn ? tab[p[i + k]] : p[i + k]));
            for (size_t k = l; rc == 0 && k < rl; k++)
                rc = qs_buf_addc(&out, pad);
            nrec++;
            i = next;
        }
    } else if (rc == 0) {
        for (size_t i = 0; rc == 0 && i < len; i += rl) {
            size_t l = len - i < rl ? len - i : rl;
            for (size_t k = 0; rc == 0 && k < l; k++)
                rc = qs_buf_addc(&out, (char)(trn ? tab[p[i + k]] : p[i + k]));
            for (size_t k = l; rc == 0 && k < rl; k++)
                rc = qs_buf_addc(&out, pad);
            nrec++;
        }
    }
    if (rc < 0 && !err->msgid[0])
        qs_err_sys(err, 7 /* E2BIG */);
    if (rc == 0)
        rc = qs_pf_write(&f, mbr, out.data, out.len, qs_cl_is(a, "MBROPT", "*REPLACE"), err);
    qs_buf_free(&in);
    qs_buf_free(&out);
    if (rc < 0)
        return not_copied(err, doc);
    if (cut) {
        char n6[24];
        snprintf(n6, sizeof n6, "%zu", cut);
        return qs_err_set(err, "IWS1603", doc, "", "", "", "", n6, (const char *)NULL);
    }
    fprintf(c->out, "Document %s copied to file %s member %s (%zu records).\n", doc, f.file, mbr, nrec);
    return 0;
}

QS_CL_COMMAND(cpytopcd) = { .name = "CPYTOPCD", .text = "Copy To PC Document", .maxpos = 4,
                            QS_CL_PARMS(to_parms), .run = cpytopcd_run };
QS_CL_COMMAND(cpyfrmpcd) = { .name = "CPYFRMPCD", .text = "Copy From PC Document", .maxpos = 5,
                             QS_CL_PARMS(from_parms), .run = cpyfrmpcd_run };
