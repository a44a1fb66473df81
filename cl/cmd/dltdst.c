/* cl/cmd/dltdst.c - DLTDST: delete distributions from a mail log. */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/err.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "DSTID", .type = QS_CL_CHAR, .len = 20, .max_rep = 50, .flags = QS_CL_REQUIRED,
      .prompt = "Distribution identifier" },
    { .kwd = "OPTION", .type = QS_CL_CHAR, .len = 4, .dft = "*IN",
      .rstd = QS_CL_VALUES("*IN", "*OUT", "*ERR"), .prompt = "Option" },
    { .kwd = "USRID", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT"), .prompt = "User identifier" },
    { .kwd = "DSTIDEXN", .type = QS_CL_INT4, .min = 1, .max = 99, .max_rep = 50, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "Distribution ID extension" },
};

static int dltdst_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_snads_ctx ctx;
    if (qs_dstcmd_ctx(&ctx, err) < 0)
        return -1;
    if (qs_dstcmd_usrid(c->args, &ctx, ctx.user, ctx.addr, err) < 0)
        return -1;
    const struct qs_cl_val *ids = qs_cl_arg(c->args, "DSTID");
    const struct qs_cl_val *ext = qs_cl_arg(c->args, "DSTIDEXN");
    struct qs_dltdst_id v[50];
    unsigned n = qs_cl_val_count(ids);
    if (n == 0) {                                   /* one id given without parentheses */
        v[0].dstid = qs_cl_val_str(ids);
        v[0].ext = qs_cl_val_count(ext) ? (int)qs_cl_val_int(qs_cl_val_item(ext, 0)) : 0;
        n = 1;
    } else {
        for (unsigned i = 0; i < n && i < 50; i++) {
            v[i].dstid = qs_cl_val_str(qs_cl_val_item(ids, i));
            v[i].ext = i < qs_cl_val_count(ext) ? (int)qs_cl_val_int(qs_cl_val_item(ext, i)) : 0;
        }
    }
    enum qs_dst_log log = qs_cl_is(c->args, "OPTION", "*OUT") ? QS_LOG_OUT
                        : qs_cl_is(c->args, "OPTION", "*ERR") ? QS_LOG_ERR : QS_LOG_IN;
    if (qs_dltdst(&ctx, log, v, n, err) < 0)
        return -1;
    fprintf(c->out, "%u distributions deleted.\n", n);
    return 0;
}

QS_CL_COMMAND(dltdst) = { .name = "DLTDST", .text = "Delete Distribution",
                          QS_CL_PARMS(parms), .run = dltdst_run };
