/* cl/cmd/rcvdst.c - RCVDST: receive an incoming distribution.  DOC(name)
 * FLR(folder) files its document in the document library (qsys/dlo);
 * DOC(name) FLR(*NONE) files it in no folder, under a library-assigned
 * document name (DOCID) that SNDDST DOC(*DOCID) and DLTDLO DLO(*DOCID)
 * take.  The folder and the name are checked before anything is received
 * (IBM: the document name "must not exist"). */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/dlo/dlo.h"

#include <stdio.h>
#include <string.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "DSTID", .type = QS_CL_CHAR, .len = 20, .flags = QS_CL_REQUIRED,
      .prompt = "Distribution identifier" },
    { .kwd = "USRID", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT"), .prompt = "User identifier" },
    { .kwd = "DOC", .type = QS_CL_CHAR, .len = 12, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Document" },
    { .kwd = "FLR", .type = QS_CL_CHAR, .len = 63, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Folder" },
    { .kwd = "OUTFILE", .type = QS_CL_NAME, QS_CL_QUAL(qs_dstcmd_outfile_q), .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "File to receive output" },
    { .kwd = "OUTMBR", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_outmbr_e), .prompt = "Output member options" },
    { .kwd = "OUTDTATYP", .type = QS_CL_CHAR, .len = 10, .max_rep = 24, .dft = "*DFT",
      .sngval = QS_CL_VALUES("*DFT", "*ALL"),
      .rstd = QS_CL_VALUES("*DSTINFO", "*MSG", "*DOCD", "*CRTDATE", "*EXPDATE", "*DOCDATE",
                           "*FILDATE", "*CHGDATE", "*ACTDATE", "*CMPDATE", "*AUTHOR", "*CPYLST",
                           "*DOCCLS", "*FILCAB", "*SUBJECT", "*KWD", "*REF", "*STATUS", "*PROJECT",
                           "*RPYDATE", "*AUTUSR", "*DSTEXPDATE", "*IDP", "*DOC"),
      .prompt = "Output data type" },
    { .kwd = "ACKRCV", .type = QS_CL_CHAR, .len = 4, .dft = "*YES", .rstd = QS_CL_VALUES("*YES", "*NO"),
      .prompt = "Acknowledge receipt" },
    { .kwd = "DSTIDEXN", .type = QS_CL_INT4, .min = 1, .max = 99, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Distribution ID extension" },
    { .kwd = "KEEP", .type = QS_CL_CHAR, .len = 4, .dft = "*NO", .rstd = QS_CL_VALUES("*NO", "*YES"),
      .prompt = "Keep in mail log" },
};

static unsigned outdtatyp(const struct qs_cl_args *a)
{
    static const struct { const char *v; unsigned bit; } map[] = {
        { "*DSTINFO", QS_OUTDTA_DSTINFO }, { "*STATUS", QS_OUTDTA_DSTINFO },
        { "*MSG", QS_OUTDTA_MSG }, { "*DOCD", QS_OUTDTA_DOCD },
        { "*SUBJECT", QS_OUTDTA_SUBJECT }, { "*DOC", QS_OUTDTA_DOC },
    };
    const struct qs_cl_val *v = qs_cl_arg(a, "OUTDTATYP");
    if (!v || qs_cl_val_is(v, "*DFT"))
        return QS_OUTDTA_DFT;
    if (qs_cl_val_is(v, "*ALL"))
        return QS_OUTDTA_ALL;
    unsigned sel = 0;
    for (unsigned i = 0; i < qs_cl_val_count(v); i++)
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
            if (!strcmp(qs_cl_val_str(qs_cl_val_item(v, i)), map[k].v))
                sel |= map[k].bit;
    return sel;
}

static int rcvdst_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_snads_ctx ctx;
    if (qs_dstcmd_ctx(&ctx, err) < 0)
        return -1;
    static const char *const others[] = { "USRID", "DOC", "FLR", "OUTFILE", "OUTMBR", "OUTDTATYP",
                                          "ACKRCV", "DSTIDEXN", "KEEP" };
    int only = 1;
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (qs_cl_given(a, others[i]))
            only = 0;
    if (qs_dstcmd_usrid(a, &ctx, ctx.user, ctx.addr, err) < 0)
        return -1;
    struct qs_rcvdst_req r = {
        .dstid = qs_cl_str(a, "DSTID"),
        .ext = qs_cl_is(a, "DSTIDEXN", "*NONE") ? 0 : (int)qs_cl_int(a, "DSTIDEXN"),
        .keep = qs_cl_is(a, "KEEP", "*YES"),
        .ackrcv = qs_cl_is(a, "ACKRCV", "*YES"),
        .only_dstid = only,
    };
    struct qs_buf db;
    qs_buf_init(&db, 4096);
    char table[11];
    int replace;
    struct qs_dst *d = NULL;
    int rc = qs_dstcmd_outfile(a, &db, table, &replace, err);
    const char *doc = qs_cl_is(a, "DOC", "*NONE") ? NULL : qs_cl_str(a, "DOC");
    const char *flr = qs_cl_is(a, "FLR", "*NONE") ? NULL : qs_cl_str(a, "FLR");
    if (rc == 0 && !doc && flr)
        rc = qs_err_set(err, "CPF90A6", "DOC(*NONE)", "RCVDST", (const char *)NULL);
    if (rc == 0 && doc)                     /* checked before anything is received */
        rc = qs_doc_check_new(flr, doc, err);
    if (rc == 0)
        rc = qs_rcvdst(&ctx, &r, &d, err);
    if (rc == 0 && doc && !d->doc)
        rc = qs_err_set(err, "CPF90A6", "DOC", qs_dst_type_name(d->type), (const char *)NULL);
    if (rc == 0 && doc && flr) {
        rc = qs_doc_write(flr, doc, d->doc, d->doc_len, 0, err);
        if (rc == 0)
            fprintf(c->out, "Document filed as %s in folder %s.\n", doc, flr);
    } else if (rc == 0 && doc) {
        char docid[QS_DOCID_LEN + 1];
        rc = qs_doc_file_unfiled(doc, d->doc, d->doc_len, docid, err);
        if (rc == 0)
            fprintf(c->out, "Document filed as %s in no folder, library-assigned name %s.\n",
                    doc, docid);
    }
    if (rc == 0 && db.len) {
        rc = qs_dst_outfile_sel(db.data, table, QS_LOG_IN, 1, outdtatyp(a), &d, 1, replace, err);
    } else if (rc == 0) {
        FILE *o = c->out;
        fprintf(o, "Distribution . . . :   %s  %d\n", d->dstid, d->ext);
        fprintf(o, "Type . . . . . . . :   %s\n", qs_dst_type_name(d->type));
        fprintf(o, "From . . . . . . . :   %s %s\n", d->from_user, d->from_addr);
        fprintf(o, "Description  . . . :   %s\n", d->dstd ? d->dstd : "");
        if (d->subject)
            fprintf(o, "Subject  . . . . . :   %s\n", d->subject);
        fprintf(o, "Sensitivity  . . . :   %s\n", qs_dst_sens_name(d->sensitiv));
        fprintf(o, "Importance . . . . :   %s\n", qs_dst_level_name(d->importance));
        for (size_t i = 0; i < d->nrcpt; i++)
            fprintf(o, "Recipient  . . . . :   %s %s %s\n", d->rcpt[i].inet ? d->rcpt[i].inet : d->rcpt[i].user,
                    d->rcpt[i].inet ? "" : d->rcpt[i].addr, qs_dst_kind_name(d->rcpt[i].kind));
        if (d->msg)
            fprintf(o, "Message  . . . . . :   %s\n", d->msg);
        if (d->longmsg)
            fprintf(o, "\n%s\n", d->longmsg);
        if (d->doc)
            fprintf(o, "Document . . . . . :   %s (%zu bytes)\n", d->doc_name ? d->doc_name : "", d->doc_len);
    }
    qs_dst_free(&d);
    qs_buf_free(&db);
    return rc;
}

QS_CL_COMMAND(rcvdst) = { .name = "RCVDST", .text = "Receive Distribution", .maxpos = 1,
                          QS_CL_PARMS(parms), .run = rcvdst_run };
