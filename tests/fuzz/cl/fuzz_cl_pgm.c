/* tests/fuzz/cl/fuzz_cl_pgm.c - the CL program compiler and interpreter on
 * arbitrary source.  Programs that compile are run with an operation limit
 * (no endless loops), without a job, and may run only message commands and
 * DSPCMD, so nothing outside the process is touched.  Errors must come back
 * as message ids. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm.h"
#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"

static int allow(const struct qs_cl_cmd *cmd)
{
    return !strcmp(cmd->name, "SNDPGMMSG") || !strcmp(cmd->name, "RCVMSG") ||
           !strcmp(cmd->name, "DSPCMD");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    struct qs_cl_prog *p = NULL;
    struct qs_cl_pos pos;
    struct qs_err err = QS_ERR_INIT;

    if (!null)
        null = fopen("/dev/null", "w");
    if (qs_cl_prog_compile("FUZZ", (const char *)data, size, &p, &pos, &err) < 0) {
        if (!err.msgid[0])
            abort();
        qs_err_clear(&err);
        return 0;
    }
    struct qs_cl_env env;
    qs_cl_env_init(&env, null, NULL);
    env.job = NULL;
    env.allow = allow;
    qs_cl_pgm_set_op_limit(&env, 20000);
    static const char *const texts[] = { "ABC", "12.5", "1", "x", "", "99999" };
    size_t n = p->nparm <= 6 ? p->nparm : 0;
    if (qs_cl_prog_run(&env, p, NULL, 0, n == p->nparm ? texts : NULL, n, &err) < 0 && !err.msgid[0])
        abort();
    qs_err_clear(&err);
    qs_cl_env_free(&env);
    qs_cl_prog_free(&p);
    return 0;
}
