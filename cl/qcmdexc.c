/*
 * cl/qcmdexc.c - QCMDEXC and qshim_system(): CL commands from C programs.
 *
 * Each call runs one command in a command environment of its own (listings
 * to stdout, messages to the job log).  A command that fails validation is
 * reported as CPF0006 after its CPD diagnostic; a command that fails is
 * reported with its own escape message.  QCMDEXC signals the error as an
 * escape (api/errcode.h); qshim_system() returns 1 and sets _EXCP_MSGID.
 * CALL QCMDEXC from a CL program runs the command in that program's
 * environment (pgm_run.c), with the same rules.
 */
#include <string.h>

#include <qcmdexc.h>

#include "api/errcode.h"
#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/packed.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

char _EXCP_MSGID[8];

/* The escape being signalled: qs_escape() may longjmp to a QS_MONITOR, so
 * the error lives here (one per thread, freed by the next one). */
static _Thread_local struct qs_err escaping = QS_ERR_INIT;

static _Noreturn void escape(struct qs_err *err)
{
    qs_err_move(&escaping, err);
    qs_escape(&escaping, "QCMDEXC");
}

int qs_cl_qcmdexc(struct qs_cl_env *env, const char *cmd, size_t len, struct qs_err *err)
{
    while (len > 0 && (cmd[len - 1] == ' ' || cmd[len - 1] == '\0'))
        len--;
    if (len > QS_MAX_CL_COMMAND) {
        char lim[16];
        snprintf(lim, sizeof lim, "%u", QS_MAX_CL_COMMAND);
        qs_err_set(err, "CPD0074", "0", "CMD", "", lim, (const char *)NULL);
        qs_cl_send_err(env, QS_MSG_DIAG, "*", err);
        return qs_err_set(err, "CPF0006", (const char *)NULL);
    }
    env->validation_failed = 0;
    if (qs_cl_run_text(env, cmd, len, NULL, err) == 0)
        return 0;
    if (env->validation_failed)
        qs_err_set(err, "CPF0006", (const char *)NULL);
    return -1;
}

static void run_or_escape(const void *cmd, long long len)
{
    struct qs_cl_env env;
    struct qs_err err = QS_ERR_INIT;
    int rc;
    if (!cmd || len < 0) {
        qs_err_set(&err, "CPF0006", (const char *)NULL);
        escape(&err);
    }
    qs_cl_env_init(&env, stdout, NULL);
    rc = qs_cl_qcmdexc(&env, cmd, (size_t)len, &err);
    qs_cl_env_free(&env);
    fflush(stdout);
    if (rc < 0)
        escape(&err);   /* does not return */
}

void (QCMDEXC)(const void *cmd, const void *len)
{
    long long n = -1;
    struct qs_err err = QS_ERR_INIT;
    if (!len || qs_packed_to_ll(len, 15, &n, &err) < 0) {
        if (!qs_err_isset(&err))
            qs_err_set(&err, "MCH1202", (const char *)NULL);
        escape(&err);
    }
    run_or_escape(cmd, n / 100000);
}

void qshim_qcmdexc_int(const void *cmd, long long len)
{
    run_or_escape(cmd, len);
}

void qshim_qcmdexc_dec(const void *cmd, _Decimal(15, 5) len)
{
    (QCMDEXC)(cmd, &len);
}

int qshim_system(const char *cmd)
{
    struct qs_cl_env env;
    struct qs_err err = QS_ERR_INIT;
    int rc;
    memset(_EXCP_MSGID, 0, sizeof _EXCP_MSGID);
    if (!cmd)
        return -1;
    qs_cl_env_init(&env, stdout, NULL);
    rc = qs_cl_qcmdexc(&env, cmd, strlen(cmd), &err);
    qs_cl_env_free(&env);
    fflush(stdout);
    if (rc == 0)
        return 0;
    qs_strlcpy(_EXCP_MSGID, err.msgid, sizeof _EXCP_MSGID);
    qs_err_clear(&err);
    return 1;
}
