/*
 * cl/qcapcmd.c - QCAPCMD, the Process Commands API.
 *
 * Runs or only checks one command (CPOP0100 Command_Process_Type) and
 * reports through the error code parameter (api/errcode.h).  The changed
 * command string is the source string: qshim has no prompter to change it.
 */
#include <string.h>

#include <qcapcmd.h>

#include "api/errcode.h"
#include "cl/parse.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

static _Thread_local struct qs_err held = QS_ERR_INIT;

static int check_only(struct qs_cl_env *env, const char *cmd, size_t len, struct qs_err *err)
{
    struct qs_cl_stmt *st = NULL;
    struct qs_cl_args *a = NULL;
    struct qs_cl_pos pos;
    int rc = -1;
    if (qs_cl_stmt_parse(cmd, len, &st, &pos, err) < 0)
        goto diag;
    if (!st->name) {
        rc = 0;
        goto out;
    }
    const struct qs_cl_cmd *c = qs_cl_cmd_find(st->name, st->namelen);
    if (!c) {
        char nm[11];
        qs_cl_stmt_cmdname(st, nm);
        qs_err_set(err, "CPD0030", nm, "*LIBL", (const char *)NULL);
        goto diag;
    }
    if (qs_cl_bind(c, st, NULL, &a, &pos, err) < 0)
        goto diag;
    rc = 0;
    goto out;
diag:
    qs_cl_send_err(env, QS_MSG_DIAG, "*", err);
    qs_err_set(err, "CPF0006", (const char *)NULL);
out:
    qs_cl_args_free(&a);
    qs_cl_stmt_free(&st);
    return rc;
}

void QCAPCMD(void *Source_Cmd, int Source_Cmd_Len, void *Options_Ctl_Blk,
             int Options_Ctl_Blk_Len, void *Options_Ctl_Blk_Format, void *Changed_Cmd,
             int Changed_Cmd_Len_Avail, int *Changed_Cmd_Len, void *Error_Code)
{
    struct qs_err err = QS_ERR_INIT;
    struct qs_cl_env env;
    Qca_PCMD_CPOP0100_t opt;
    int rc = 0;

    if (qs_ec_begin(Error_Code, "QCAPCMD") < 0)
        return;
    if (!Options_Ctl_Blk_Format || memcmp(Options_Ctl_Blk_Format, "CPOP0100", 8) != 0) {
        char f[9] = "";
        if (Options_Ctl_Blk_Format)
            memcpy(f, Options_Ctl_Blk_Format, 8);
        qs_err_set(&err, "CPF3C21", f, (const char *)NULL);
        goto report;
    }
    if (Source_Cmd_Len < 0 || (size_t)Source_Cmd_Len > QS_MAX_CL_COMMAND || !Source_Cmd) {
        qs_err_set(&err, "CPF3C1D", "2", (const char *)NULL);
        goto report;
    }
    if (Options_Ctl_Blk_Len < 20 || !Options_Ctl_Blk) {
        qs_err_set(&err, "CPF3C1D", "4", (const char *)NULL);
        goto report;
    }
    if (Changed_Cmd_Len_Avail < 0 || (Changed_Cmd_Len_Avail > 0 && !Changed_Cmd)) {
        qs_err_set(&err, "CPF3C1D", "7", (const char *)NULL);
        goto report;
    }
    memcpy(&opt, Options_Ctl_Blk, sizeof opt);
    if (opt.Command_Process_Type < 0 || opt.Command_Process_Type > 10) {
        qs_err_set(&err, "CPF3C3C", "3", (const char *)NULL);
        goto report;
    }
    size_t len = (size_t)Source_Cmd_Len;
    while (len > 0 && ((const char *)Source_Cmd)[len - 1] == ' ')
        len--;
    qs_cl_env_init(&env, stdout, NULL);
    if (opt.Command_Process_Type == 0 || opt.Command_Process_Type == 2)
        rc = qs_cl_qcmdexc(&env, Source_Cmd, len, &err);
    else
        rc = check_only(&env, Source_Cmd, len, &err);
    qs_cl_env_free(&env);
    fflush(stdout);
    if (Changed_Cmd_Len)
        *Changed_Cmd_Len = (int)len;
    if (Changed_Cmd_Len_Avail > 0)
        memcpy(Changed_Cmd, Source_Cmd,
               len < (size_t)Changed_Cmd_Len_Avail ? len : (size_t)Changed_Cmd_Len_Avail);
    if (rc == 0)
        return;
report:
    /* an escape (Bytes_Provided 0) does not come back: keep err reachable */
    qs_err_move(&held, &err);
    qs_ec_report(Error_Code, &held, "QCAPCMD");
    qs_err_clear(&held);
}
