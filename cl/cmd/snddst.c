/*
 * cl/cmd/snddst.c - SNDDST: send a distribution (qsys/snads).
 *
 * TYPE(*DOC) DOC(name) FLR(folder): a document of the document library
 * (qsys/dlo); DOC(*DOCID) DOCID(id): a document filed in no folder (RCVDST
 * DOC(name) FLR(*NONE)); a FLR starting with '/' is taken as a host
 * directory (qshim extension).  TYPE(*FILE) DOCFILE(lib/file) DOCMBR(mbr): a physical file
 * member (qsys/dbf/pf.h), sent as text: one line a record, trailing blanks
 * removed, named <member>.TXT.  STMF('/path') sends a stream file instead (qshim).
 */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "cl/cmd/pfrec.h"
#include "qsys/dlo/dlo.h"
#include "qsys/job/job.h"

#include <stdlib.h>
#include <string.h>

static const struct qs_cl_parm to_e[] = {
    { .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED, .prompt = "User ID" },
    { .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED, .prompt = "Address" },
    { .type = QS_CL_CHAR, .len = 4, .dft = "*PRI", .rstd = QS_CL_VALUES("*PRI", "*CC", "*BCC"),
      .prompt = "Recipient type" },
};
static const struct qs_cl_parm inet_e[] = {
    { .type = QS_CL_CHAR, .len = 256, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Internet address" },
    { .type = QS_CL_CHAR, .len = 4, .dft = "*PRI", .rstd = QS_CL_VALUES("*PRI", "*CC", "*BCC"),
      .prompt = "Recipient type" },
};
static const struct qs_cl_parm docfile_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Document file" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 6, .flags = QS_CL_REQUIRED,
      .rstd = QS_CL_VALUES("*MSG", "*LMSG", "*FILE", "*DOC", "*DSTID"), .prompt = "Type" },
    { .kwd = "TOUSRID", .type = QS_CL_NAME, QS_CL_ELEMS(to_e), .max_rep = 300, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "Recipient" },
    { .kwd = "DSTD", .type = QS_CL_CHAR, .len = 44, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Description" },
    { .kwd = "TOINTNET", .type = QS_CL_CHAR, QS_CL_ELEMS(inet_e), .max_rep = 300, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .flags = QS_CL_KEYWORD, .prompt = "Internet recipient" },
    { .kwd = "MSG", .type = QS_CL_CHAR, .len = 256, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE", "*DSTIDMSG"), .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD,
      .prompt = "Message" },
    { .kwd = "LONGMSG", .type = QS_CL_CHAR, .len = 5000, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD,
      .prompt = "Long message" },
    { .kwd = "SUBJECT", .type = QS_CL_CHAR, .len = 60, .dft = "*DSTD",
      .spcval = QS_CL_VALUES("*DSTD"), .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD,
      .prompt = "Subject" },
    { .kwd = "CFMDEL", .type = QS_CL_CHAR, .len = 4, .dft = "*NO", .rstd = QS_CL_VALUES("*NO", "*YES"),
      .flags = QS_CL_KEYWORD, .prompt = "Confirmation of delivery" },
    { .kwd = "SENSITIV", .type = QS_CL_CHAR, .len = 13, .dft = "*NONE",
      .rstd = QS_CL_VALUES("*NONE", "*PRIVATE", "*PERSONAL", "*CONFIDENTIAL"),
      .flags = QS_CL_KEYWORD, .prompt = "Sensitivity" },
    { .kwd = "PERSONAL", .type = QS_CL_CHAR, .len = 4, .dft = "*NO", .rstd = QS_CL_VALUES("*NO", "*YES"),
      .flags = QS_CL_KEYWORD, .prompt = "Personal" },
    { .kwd = "IMPORTANCE", .type = QS_CL_CHAR, .len = 7, .dft = "*NORMAL",
      .rstd = QS_CL_VALUES("*NORMAL", "*LOW", "*HIGH"), .flags = QS_CL_KEYWORD, .prompt = "Content importance" },
    { .kwd = "PTY", .type = QS_CL_CHAR, .len = 7, .dft = "*NORMAL",
      .rstd = QS_CL_VALUES("*NORMAL", "*HIGH", "*LOW"), .flags = QS_CL_KEYWORD, .prompt = "Priority" },
    { .kwd = "DOC", .type = QS_CL_CHAR, .len = 12, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE", "*DOCID"),
      .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD, .prompt = "Document" },
    { .kwd = "FLR", .type = QS_CL_PNAME, .len = 1024, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_KEYWORD, .prompt = "In folder" },
    { .kwd = "DOCID", .type = QS_CL_CHAR, .len = 24, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_KEYWORD, .prompt = "Document identifier" },
    { .kwd = "DOCFILE", .type = QS_CL_NAME, QS_CL_QUAL(docfile_q), .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .flags = QS_CL_KEYWORD, .prompt = "Document file" },
    { .kwd = "DOCMBR", .type = QS_CL_NAME, .len = 10, .dft = "*FIRST", .spcval = QS_CL_VALUES("*FIRST"),
      .flags = QS_CL_KEYWORD, .prompt = "Document member" },
    { .kwd = "STMF", .type = QS_CL_PNAME, .len = 1024, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_KEYWORD, .prompt = "Stream file (TYPE(*FILE), qshim)" },
    { .kwd = "USRID", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT"), .flags = QS_CL_KEYWORD, .prompt = "User identifier" },
    { .kwd = "DSTID", .type = QS_CL_CHAR, .len = 20, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_KEYWORD, .prompt = "Distribution identifier" },
    { .kwd = "DSTIDEXN", .type = QS_CL_INT4, .min = 1, .max = 99, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_KEYWORD, .prompt = "Distribution ID extension" },
};

static const char *opt(const struct qs_cl_args *a, const char *kwd, const char *none)
{
    const char *s = qs_cl_str(a, kwd);
    return !s || !strcmp(s, none) ? NULL : s;
}

/* A member as text: one UTF-8 line a record, trailing blanks removed. */
static int member_text(const struct qs_cl_args *a, struct qs_buf *out, char name[16],
                       struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    struct qs_pfrecs r;
    if (!j || qs_pfrecs_read(j, qs_cl_qual(a, "DOCFILE", 1), qs_cl_qual(a, "DOCFILE", 0),
                             qs_cl_str(a, "DOCMBR"), &r, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r.n; i++)
        if (qs_buf_adds(out, r.rec[i]) < 0 || qs_buf_addc(out, '\n') < 0)
            rc = qs_err_set(err, "CPF90A3", "DOCFILE", "?", "16777216", (const char *)NULL);
    snprintf(name, 16, "%s.TXT", r.mbr);
    qs_pfrecs_free(&r);
    return rc;
}

static int snddst_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_snads_ctx ctx;
    if (qs_dstcmd_ctx(&ctx, err) < 0 || qs_dstcmd_usrid(a, &ctx, ctx.user, ctx.addr, err) < 0)
        return -1;
    struct qs_snddst_req r;
    memset(&r, 0, sizeof r);
    qs_dst_type_parse(qs_cl_str(a, "TYPE"), &r.type);
    const struct qs_cl_val *to = qs_cl_arg(a, "TOUSRID"), *in = qs_cl_arg(a, "TOINTNET");
    unsigned nto = qs_cl_val_count(to), nin = qs_cl_val_count(in);
    struct qs_dst_to *tv = calloc(nto + 1, sizeof *tv);
    struct qs_dst_inet *iv = calloc(nin + 1, sizeof *iv);
    char docpath[QS_MAX_PATH];
    int rc = (!tv || !iv) ? qs_err_sys(err, 12) : 0;
    for (unsigned i = 0; rc == 0 && i < nto; i++) {
        const struct qs_cl_val *e = qs_cl_val_item(to, i);
        snprintf(tv[i].user, sizeof tv[i].user, "%s", qs_cl_val_str(qs_cl_val_item(e, 0)));
        snprintf(tv[i].addr, sizeof tv[i].addr, "%s", qs_cl_val_str(qs_cl_val_item(e, 1)));
        qs_dst_kind_parse(qs_cl_val_str(qs_cl_val_item(e, 2)), &tv[i].kind);
    }
    for (unsigned i = 0; rc == 0 && i < nin; i++) {
        const struct qs_cl_val *e = qs_cl_val_item(in, i);
        iv[i].addr = qs_cl_val_str(qs_cl_val_item(e, 0));
        qs_dst_kind_parse(qs_cl_val_str(qs_cl_val_item(e, 1)), &iv[i].kind);
    }
    r.to = tv; r.nto = nto;
    r.inet = iv; r.ninet = nin;
    r.dstd = opt(a, "DSTD", "*NONE");
    r.msg = opt(a, "MSG", "*NONE");
    if (r.msg && !strcmp(r.msg, "*DSTIDMSG"))
        r.msg = NULL;
    r.longmsg = opt(a, "LONGMSG", "*NONE");
    r.subject = opt(a, "SUBJECT", "*DSTD");
    r.cfmdel = qs_cl_is(a, "CFMDEL", "*YES");
    r.personal = qs_cl_is(a, "PERSONAL", "*YES");
    qs_dst_sens_parse(qs_cl_str(a, "SENSITIV"), &r.sensitiv);
    qs_dst_level_parse(qs_cl_str(a, "IMPORTANCE"), &r.importance);
    qs_dst_level_parse(qs_cl_str(a, "PTY"), &r.pty);
    const char *doc = opt(a, "DOC", "*NONE"), *flr = opt(a, "FLR", "*NONE");
    const char *stmf = opt(a, "STMF", "*NONE");
    struct qs_buf docdata;
    qs_buf_init(&docdata, QS_SNADS_MAX_DOC);
    char mbrname[16], docname[QS_DLO_NAME_LEN + 1];
    if (rc == 0 && r.type == QS_DST_DOC && doc && !strcmp(doc, "*DOCID")) {
        const char *docid = opt(a, "DOCID", "*NONE");   /* a document in no folder */
        rc = docid ? qs_doc_read_docid(docid, QS_SNADS_MAX_DOC, &docdata, docname, err)
                   : qs_err_set(err, "CPD0072", "0", "DOCID", (const char *)NULL);
        r.doc_data = docdata.data ? docdata.data : "";
        r.doc_len = docdata.len;
        r.doc_name = docname;
    } else if (rc == 0 && r.type == QS_DST_DOC && doc && flr && flr[0] == '/') {
        snprintf(docpath, sizeof docpath, "%s/%s", flr, doc);
        r.doc_path = docpath;
        r.doc_name = doc;
    } else if (rc == 0 && r.type == QS_DST_DOC && doc && flr) {
        rc = qs_doc_read(flr, doc, QS_SNADS_MAX_DOC, &docdata, err);
        r.doc_data = docdata.data ? docdata.data : "";
        r.doc_len = docdata.len;
        r.doc_name = doc;
    } else if (rc == 0 && r.type == QS_DST_FILE && !qs_cl_is(a, "DOCFILE", "*NONE")) {
        rc = member_text(a, &docdata, mbrname, err);
        r.doc_data = docdata.data ? docdata.data : "";
        r.doc_len = docdata.len;
        r.doc_name = mbrname;
    } else if (rc == 0 && r.type == QS_DST_FILE && stmf) {
        r.doc_path = stmf;
    }
    r.fwd_dstid = opt(a, "DSTID", "*NONE");
    r.fwd_ext = qs_cl_is(a, "DSTIDEXN", "*NONE") ? 0 : (int)qs_cl_int(a, "DSTIDEXN");
    char id[QS_DSTID_LEN + 1];
    if (rc == 0)
        rc = qs_snddst(&ctx, &r, id, err);
    if (rc == 0)
        fprintf(c->out, "Distribution %s sent.\n", id);
    free(tv);
    free(iv);
    qs_buf_free(&docdata);
    return rc;
}

QS_CL_COMMAND(snddst) = { .name = "SNDDST", .text = "Send Distribution", .maxpos = 3,
                          QS_CL_PARMS(parms), .run = snddst_run };
