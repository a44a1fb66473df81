/* cl/cmd/qrydst.c - QRYDST: list incoming or outgoing distributions. */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRID", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT"), .prompt = "User identifier" },
    { .kwd = "OPTION", .type = QS_CL_CHAR, .len = 4, .dft = "*IN", .rstd = QS_CL_VALUES("*IN", "*OUT"),
      .prompt = "Incoming or outgoing" },
    { .kwd = "DLTSTS", .type = QS_CL_CHAR, .len = 4, .dft = "*NO", .rstd = QS_CL_VALUES("*NO", "*YES"),
      .prompt = "Delete status" },
    { .kwd = "OUTFILE", .type = QS_CL_NAME, QS_CL_QUAL(qs_dstcmd_outfile_q), .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "File to receive output" },
    { .kwd = "OUTMBR", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_outmbr_e), .prompt = "Output member options" },
    { .kwd = "STATUS", .type = QS_CL_CHAR, .len = 9, .dft = "*ALL",
      .rstd = QS_CL_VALUES("*ALL", "*NEW", "*OLD", "*OPENED", "*UNOPENED", "*LOCAL", "*REMOTE",
                           "*FILEPND", "*DELETED", "*DAMAGED"), .prompt = "Status" },
};

static int qrydst_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_snads_ctx ctx;
    if (qs_dstcmd_ctx(&ctx, err) < 0)
        return -1;
    char user[9], addr[9], table[11];
    if (qs_dstcmd_usrid(c->args, &ctx, user, addr, err) < 0)
        return -1;
    enum qs_dst_log log = qs_cl_is(c->args, "OPTION", "*OUT") ? QS_LOG_OUT : QS_LOG_IN;
    enum qs_dst_filter f = QS_FLT_ALL;
    qs_dst_filter_parse(qs_cl_str(c->args, "STATUS"), &f);
    struct qs_buf db;
    qs_buf_init(&db, 4096);
    int replace;
    if (qs_dstcmd_outfile(c->args, &db, table, &replace, err) < 0) {
        qs_buf_free(&db);
        return -1;
    }
    struct qs_dst **v;
    size_t n;
    int rc = qs_qrydst(&ctx, user, addr, log, f, qs_cl_is(c->args, "DLTSTS", "*YES"), &v, &n, err);
    if (rc == 0 && db.len) {
        rc = qs_dst_outfile(db.data, table, log, 0, v, n, replace, err);
    } else if (rc == 0) {
        struct qs_buf out;
        qs_buf_init(&out, 64u * 1024 * 1024);
        qs_dst_format_list(&out, log, v, n);
        fputs(qs_buf_str(&out), c->out);
        qs_buf_free(&out);
    }
    if (rc == 0)
        fprintf(c->out, "%zu distributions listed.\n", n);
    qs_dst_list_free(v, rc == 0 ? n : 0);
    qs_buf_free(&db);
    return rc;
}

QS_CL_COMMAND(qrydst) = { .name = "QRYDST", .text = "Query Distribution",
                          QS_CL_PARMS(parms), .run = qrydst_run };
