/*
 * api/qusdltus.c - QUSDLTUS, Delete User Space (see qusdltus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusdltus.h>

void QUSDLTUS(void *qname, void *errcode)
{
    qs_ec_begin(errcode, "QUSDLTUS");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    if (j && !qname) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (j) {
        char name[11], lib[11];
        qs_api_field_in(j, qname, 10, name);
        qs_api_field_in(j, (const char *)qname + 10, 10, lib);
        rc = qs_usrspc_delete(j, lib, name, &err);
    }
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSDLTUS");
    qs_err_clear(&err);
}
