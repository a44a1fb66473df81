/*
 * api/qshburst.c - QshBurstSplf: burst a spooled file and mail the parts
 * (qshim extension; the work is in api/burst_run.c).
 */
#include <qshburst.h>

#include <stdio.h>
#include <string.h>

#include "api/burst_run.h"
#include "api/errcode.h"
#include "qsys/base/err.h"

void QshBurstSplf(const Qsh_Burst_Opts_t *opts, Qsh_Burst_Result_t *result, void *errcode)
{
    Qsh_Burst_Result_t scratch;
    if (qs_ec_begin(errcode, "QshBurstSplf") < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    if (!opts)
        qs_err_set(&err, "CPF3C3C", "opts", (const char *)NULL);
    else if (qs_burst_run(opts, result ? result : &scratch, NULL, &err) == 0 &&
             (result ? result : &scratch)->failed) {
        char n[16];
        snprintf(n, sizeof n, "%u", (result ? result : &scratch)->failed);
        qs_err_set(&err, "BRS0109", n, opts->file ? opts->file : "QSYSPRT", (const char *)NULL);
    }
    if (qs_err_isset(&err))
        qs_ec_report(errcode, &err, "QshBurstSplf");
    qs_err_clear(&err);
}
