/*
 * cl/cmd/dstcmd.c - helpers of the SNADS command family (dstcmd.h).
 */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"
#include "qsys/sdd/sdd.h"
#include "qsys/sdd/usrpmn.h"

#include <errno.h>
#include <string.h>

const struct qs_cl_parm qs_dstcmd_usrid_e[2] = {
    { .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED, .prompt = "User ID" },
    { .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED, .prompt = "Address" },
};
const struct qs_cl_parm qs_dstcmd_outfile_q[2] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File to receive output" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
const struct qs_cl_parm qs_dstcmd_outmbr_e[2] = {
    { .type = QS_CL_NAME, .len = 10, .dft = "*FIRST", .spcval = QS_CL_VALUES("*FIRST"),
      .prompt = "Member to receive output" },
    { .type = QS_CL_CHAR, .len = 8, .dft = "*REPLACE", .rstd = QS_CL_VALUES("*REPLACE", "*ADD"),
      .prompt = "Replace or add records" },
};

int qs_dstcmd_ctx(struct qs_snads_ctx *ctx, struct qs_err *err)
{
    memset(ctx, 0, sizeof *ctx);
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_sdd_entry e;
    if (qs_sdd_find_usrprf(j->user, &e, err) < 0)
        return -1;
    memcpy(ctx->user, e.user, sizeof ctx->user);
    memcpy(ctx->addr, e.addr, sizeof ctx->addr);
    qs_snads_msf_default(&ctx->msf);
    return 0;
}

int qs_dstcmd_usrid(const struct qs_cl_args *a, struct qs_snads_ctx *ctx,
                    char user[9], char addr[9], struct qs_err *err)
{
    const struct qs_cl_val *v = qs_cl_arg(a, "USRID");
    char u[9], ad[9];
    memcpy(u, ctx->user, 9);
    memcpy(ad, ctx->addr, 9);
    if (v && qs_cl_val_count(v) >= 2) {
        const char *gu = qs_cl_val_str(qs_cl_val_item(v, 0));
        const char *ga = qs_cl_val_str(qs_cl_val_item(v, 1));
        if (!qs_strcaseeq(gu, ctx->user) || !qs_strcaseeq(ga, ctx->addr)) {
            /* on behalf of another user: GRTUSRPMN must have allowed it */
            struct qs_sdd_entry e;
            struct qs_job *j = qs_job_current(err);
            if (!j || qs_sdd_find(gu, ga, &e, err) < 0)
                return -1;
            if (!e.usrprf[0] || !qs_usrpmn_check(j->user, e.usrprf))
                return qs_err_set(err, "CPF90A9", e.user, e.addr, (const char *)NULL);
            memcpy(u, e.user, 9);
            memcpy(ad, e.addr, 9);
            ctx->behalf = 1;
        }
    }
    memcpy(user, u, 9);
    memcpy(addr, ad, 9);
    return 0;
}

int qs_dstcmd_outfile(const struct qs_cl_args *a, struct qs_buf *path, char table[11],
                      int *replace, struct qs_err *err)
{
    const struct qs_cl_val *v = qs_cl_arg(a, "OUTFILE");
    *replace = 1;
    if (!v || qs_cl_val_count(v) == 0)
        return 0;                                 /* *NONE */
    const char *file = qs_cl_val_str(qs_cl_val_item(v, 0));
    const char *lib = qs_cl_val_str(qs_cl_val_item(v, 1));
    if (!lib || !*lib || !strcmp(lib, "*LIBL") || !strcmp(lib, "*CURLIB"))
        lib = "QGPL";
    const struct qs_cl_val *m = qs_cl_arg(a, "OUTMBR");
    const char *mbr = m ? qs_cl_val_str(qs_cl_val_item(m, 0)) : "*FIRST";
    const char *opt = m ? qs_cl_val_str(qs_cl_val_item(m, 1)) : "*REPLACE";
    qs_strlcpy(table, !mbr || !*mbr || !strcmp(mbr, "*FIRST") ? file : mbr, 11);
    *replace = !opt || strcmp(opt, "*ADD") != 0;
    /* as DSPJRN OUTFILE: a library is the database $QSYS_ROOT/db/<LIB>.sqlite,
     * a file (or a member other than *FIRST) its table */
    if (qs_root_path(path, err, "db") < 0 || qs_mkdir_p(path->data, 0700, err) < 0)
        return -1;
    if (qs_buf_addf(path, "/%s.sqlite", lib) < 0)
        return qs_err_sys(err, errno);
    return 0;
}
