/*
 * api/quschgus.c - QUSCHGUS, Change User Space (see quschgus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/usrspc_parm.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <quschgus.h>

#include <stdarg.h>

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
    char name[11], lib[11];
    size_t off;
    if (j && qs_api_usrspc_parms(j, qname && data && force, qname, start, len, name, lib, &off,
                                 &err) == 0) {
        char f[2];
        qs_api_field_in(j, force, 1, f);
        if (f[0] != '0' && f[0] != '1' && f[0] != '2')
            qs_err_set(&err, "CPF3C3C", "FORCE", (const char *)NULL);
        else
            rc = qs_usrspc_write(j, lib, name, off, (size_t)len, data, f[0] == '2', &err);
    }
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSCHGUS");
    qs_err_clear(&err);
}
