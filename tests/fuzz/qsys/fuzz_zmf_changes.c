/*
 * tests/fuzz/qsys/fuzz_zmf_changes.c - the QzmfChgMailMsg change records an
 * exit program leaves in shared memory ("s <unique id> <status>",
 * "a <dist> <address>"), applied by the framework after the call.  The
 * child may write anything there: the parser must never read past n bytes,
 * never index a recipient out of range and never add a bad address.
 * Byte 0 selects the exit point (even: ADR_RSL, adds allowed; odd: LCL_DEL).
 */
#include "qsys/exitpgm/exitpgm.h"
#include "qsys/msf/msf.h"
#include "qsys/base/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct qs_exitpgm_reg reg;
    memset(&reg, 0, sizeof reg);
    snprintf(reg.exit_point, sizeof reg.exit_point, "%s", data[0] & 1 ? "QIBM_QZMFMSF_LCL_DEL" : "QIBM_QZMFMSF_ADR_RSL");
    snprintf(reg.pgm, sizeof reg.pgm, "QGPL/FUZZ");
    struct qs_msf_env env;
    struct qs_err err = QS_ERR_INIT;
    qs_msf_env_init(&env);
    qs_msf_env_set(&env.from, "a@b.example", &err);
    qs_msf_env_add_rcpt(&env, "one@b.example", 0, 0, NULL, &err);
    qs_msf_env_add_rcpt(&env, "two@b.example", 1, 0, NULL, &err);
    char *p = malloc(size - 1 ? size - 1 : 1);    /* exact size: ASan sees overreads */
    if (p) {
        memcpy(p, data + 1, size - 1);
        qs_exitpgm_apply_changes(&reg, NULL, &env, p, size - 1);
        for (size_t i = 0; i < env.nrcpt; i++)
            if (env.rcpt[i].status < -1 || env.rcpt[i].status > 6 || strpbrk(env.rcpt[i].addr, "\r\n"))
                abort();
        free(p);
    }
    qs_err_clear(&err);
    qs_msf_env_clear(&env);
    return 0;
}
