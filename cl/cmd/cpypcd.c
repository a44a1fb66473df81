/*
 * cl/cmd/cpypcd.c - CPYTOPCD and CPYFRMPCD: a database member to a folder
 * document and back (qsys/dbf/pf.h, qsys/dlo).  The records are kept as
 * text; IBM i holds them in EBCDIC, so the copy works on their CCSID 37
 * form, which is what the IBM tables translate.
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
 * TOMBR(*FIRST) is the member named like the file (CRTPF's), *FROMDOC the
 * document's name before the '.'.  Failures are IWS1611 with the cause's
 * message id in the text.
 */
#include "cl/cmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "cl/cmd/pfrec.h"
#include "ccsid/conv.h"
#include "qsys/dbf/pf.h"
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

#define EBCDIC 37

static int cpytopcd_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_pfrecs r;
    uint8_t tab[256];
    int trn = -1;
    if (qs_pfrecs_read(j, qs_cl_qual(a, "FROMFILE", 1), qs_cl_qual(a, "FROMFILE", 0),
                       qs_cl_str(a, "FROMMBR"), &r, err) < 0)
        return not_copied(err, qs_cl_qual(a, "FROMFILE", 0));
    if ((trn = trntbl(j, a, "QASCII", tab, err)) < 0) {
        qs_pfrecs_free(&r);
        return not_copied(err, qs_cl_qual(a, "FROMFILE", 0));
    }
    const char *doc = qs_cl_is(a, "TODOC", "*FROMMBR") ? r.mbr : qs_cl_str(a, "TODOC");
    int text = qs_cl_is(a, "TRNFMT", "*TEXT");
    struct qs_buf out, e;
    qs_buf_init(&out, QS_DLO_MAX_DOC);
    qs_buf_init(&e, (size_t)r.rcdlen * 4 + 16);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        qs_buf_reset(&e);
        rc = qs_conv_buf(EBCDIC, 1208, 0, r.rec[i], strlen(r.rec[i]), &e, NULL, err);
        size_t l = e.len;
        if (rc == 0 && !text)                  /* the whole record, blank padded */
            for (; rc == 0 && l < r.rcdlen; l++)
                rc = qs_buf_addc(&e, 0x40) < 0 ? qs_err_sys(err, 7) : 0;
        const unsigned char *p = (const unsigned char *)(e.data ? e.data : "");
        for (size_t k = 0; rc == 0 && k < e.len; k++)
            if (qs_buf_addc(&out, (char)(trn ? tab[p[k]] : p[k])) < 0)
                rc = qs_err_sys(err, 7 /* E2BIG */);
        if (rc == 0 && text &&      /* CR LF in the document's code */
            (trn ? qs_buf_add(&out, "\r\n", 2) : qs_buf_add(&out, "\x0d\x25", 2)) < 0)
            rc = qs_err_sys(err, 7);
    }
    if (rc == 0)
        rc = qs_doc_write(qs_cl_str(a, "TOFLR"), doc, out.data, out.len, qs_cl_is(a, "REPLACE", "*YES"),
                          err);
    size_t nrec = r.n, bytes = out.len;
    char shown[QS_DLO_NAME_LEN + 1];
    qs_strlcpy(shown, doc, sizeof shown);
    qs_buf_free(&out);
    qs_buf_free(&e);
    if (rc == 0)
        fprintf(c->out, "Member %s copied to document %s in folder %s (%zu records, %zu bytes).\n",
                r.mbr, shown, qs_cl_str(a, "TOFLR"), nrec, bytes);
    qs_pfrecs_free(&r);
    return rc < 0 ? not_copied(err, shown) : 0;
}

/* One record: bytes (already translated to EBCDIC) -> UTF-8 into w;
 * *cut_r counts records longer than rcdlen. */
static int put_rec(struct qs_pf_writer *w, const unsigned char *p, size_t n, unsigned rcdlen,
                   struct qs_buf *u, size_t *cut_r, struct qs_err *err)
{
    if (n > rcdlen) {
        n = rcdlen;
        (*cut_r)++;
    }
    qs_buf_reset(u);
    if (qs_conv_buf(1208, EBCDIC, 0, p, n, u, NULL, err) < 0)
        return -1;
    return qs_pf_write(w, u->data ? u->data : "", u->len, err);
}

static int cpyfrmpcd_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *doc = qs_cl_str(a, "FROMDOC");
    uint8_t tab[256];
    char lib[11];
    unsigned rcdlen = 0;
    int trn = -1;
    struct qs_buf in, u;
    qs_buf_init(&in, QS_DLO_MAX_DOC);
    qs_buf_init(&u, 4u * QS_PF_RCDLEN_MAX + 16);
    int rc = 0;
    if (qs_pf_find(j, qs_cl_qual(a, "TOFILE", 1), qs_cl_qual(a, "TOFILE", 0), lib, &rcdlen, err) < 0 ||
        (trn = trntbl(j, a, "QEBCDIC", tab, err)) < 0 ||
        qs_doc_read(qs_cl_str(a, "FROMFLR"), doc, QS_DLO_MAX_DOC, &in, err) < 0)
        rc = -1;
    char mbr[11] = "*FIRST";
    if (rc == 0 && qs_cl_is(a, "TOMBR", "*FROMDOC")) {
        size_t k = strcspn(doc, ".");
        snprintf(mbr, sizeof mbr, "%.*s", (int)(k < 10 ? k : 10), doc);
        qs_str_upper(mbr);
    } else if (rc == 0 && !qs_cl_is(a, "TOMBR", "*FIRST")) {
        qs_strlcpy(mbr, qs_cl_str(a, "TOMBR"), sizeof mbr);
    }
    struct qs_pf_writer *w = NULL;
    if (rc == 0)
        rc = qs_pf_write_begin(j, lib, qs_cl_qual(a, "TOFILE", 0), mbr,
                               qs_cl_is(a, "MBROPT", "*REPLACE"), &w, err);
    unsigned char *p = (unsigned char *)(in.data ? in.data : "");
    size_t len = in.len, cut = 0, nrec = 0;
    for (size_t i = 0; trn > 0 && i < len; i++)       /* translate the whole document */
        p[i] = tab[p[i]];
    if (rc == 0 && qs_cl_is(a, "TRNFMT", "*TEXT")) {
        /* lines end in LF (0A ASCII, 25 EBCDIC after QEBCDIC) with an
         * optional CR before; an end-of-file byte (1A ASCII, 3F EBCDIC) ends
         * the data */
        unsigned char lf = trn ? 0x25 : 0x0a, eofb = trn ? 0x3f : 0x1a;
        const unsigned char *eof = memchr(p, eofb, len);
        if (eof)
            len = (size_t)(eof - p);
        for (size_t i = 0; rc == 0 && i < len; nrec++) {
            const unsigned char *nl = memchr(p + i, lf, len - i);
            size_t e = nl ? (size_t)(nl - p) : len, next = nl ? e + 1 : len;
            if (e > i && p[e - 1] == 0x0d)
                e--;
            rc = put_rec(w, p + i, e - i, rcdlen, &u, &cut, err);
            i = next;
        }
    } else {
        for (size_t i = 0; rc == 0 && i < len; i += rcdlen, nrec++)
            rc = put_rec(w, p + i, len - i < rcdlen ? len - i : rcdlen, rcdlen, &u, &cut, err);
    }
    if (w && qs_pf_write_end(&w, rc == 0, rc == 0 ? err : NULL) < 0)
        rc = -1;
    qs_buf_free(&in);
    qs_buf_free(&u);
    if (rc < 0)
        return not_copied(err, doc);
    if (cut) {
        char n6[24];
        snprintf(n6, sizeof n6, "%zu", cut);
        return qs_err_set(err, "IWS1603", doc, "", "", "", "", n6, (const char *)NULL);
    }
    fprintf(c->out, "Document %s copied to file %s member %s (%zu records).\n", doc,
            qs_cl_qual(a, "TOFILE", 0), mbr, nrec);
    return 0;
}

QS_CL_COMMAND(cpytopcd) = { .name = "CPYTOPCD", .text = "Copy To PC Document", .maxpos = 4,
                            QS_CL_PARMS(to_parms), .run = cpytopcd_run };
QS_CL_COMMAND(cpyfrmpcd) = { .name = "CPYFRMPCD", .text = "Copy From PC Document", .maxpos = 5,
                             QS_CL_PARMS(from_parms), .run = cpyfrmpcd_run };
