/*
 * api/quschgus.c - QUSCHGUS, Change User Space (see quschgus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <quschgus.h>

#include <stdarg.h>
#include <stdio.h>

void qshim_QUSCHGUS(int nargs, void *qname, int start, int len, void *data, void *force, ...)
{
    void *errcode = NULL;
    if (nargs >= 6) {
        va_list ap;
        va_start(ap, force);
        errcode = va_arg(ap, void *);
        va_end(ap);
    }
    qs_ec_begin(errcode, "QUSCHGUS");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    if (j && (!qname || !data || !force)) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (j && len < 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", len);
        qs_err_set(&err, "CPF3C14", v, (const char *)NULL);
    } else if (j) {
        char name[11], lib[11], f[2];
        qs_api_field_in(j, qname, 10, name);
        qs_api_field_in(j, (const char *)qname + 10, 10, lib);
        qs_api_field_in(j, force, 1, f);
        if (f[0] != '0' && f[0] != '1' && f[0] != '2')
            qs_err_set(&err, "CPF3C3C", "FORCE", (const char *)NULL);
        else
            rc = qs_usrspc_write(j, lib, name, start < 1 ? 0 : (size_t)start, (size_t)len, data,
                                 f[0] == '2', &err);
    }
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSCHGUS");
    qs_err_clear(&err);
}
