/*
 * api/quscrtus.c - QUSCRTUS, Create User Space (see quscrtus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <quscrtus.h>

#include <string.h>

static int crt(struct qs_job *j, const void *qname, const void *extattr, int size,
               const void *init, const void *aut, const void *text, const void *replace,
               struct qs_err *err)
{
    if (!qname || !extattr || !init || !aut || !text || !replace)
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    char name[11], lib[11], ea[11], a[11], t[51], rep[11];
    qs_api_field_in(j, qname, 10, name);
    qs_api_field_in(j, (const char *)qname + 10, 10, lib);
    qs_api_field_in(j, extattr, 10, ea);
    qs_api_field_in(j, aut, 10, a);
    qs_api_field_in(j, text, 50, t);
    qs_api_field_in(j, replace, 10, rep);
    enum qs_aut pa = QS_AUT_CHANGE;
    if (strcmp(a, "*LIBCRTAUT") != 0 && qs_aut_parse(a, &pa) < 0)
        return qs_err_set(err, "CPF3C3C", "PUBAUT", (const char *)NULL);
    if (strcmp(rep, "*YES") != 0 && strcmp(rep, "*NO") != 0)
        return qs_err_set(err, "CPF3C3C", "REPLACE", (const char *)NULL);
    if (size < 1)
        size = 0;   /* reported as a bad size */
    return qs_usrspc_create(j, lib, name, ea, (size_t)size, *(const unsigned char *)init, pa, t,
                            strcmp(rep, "*YES") == 0, err);
}

void QUSCRTUS(void *qname, void *extattr, int size, void *init, void *aut, void *text,
              void *replace, void *errcode, ...)
{
    qs_ec_begin(errcode, "QUSCRTUS");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    if (!j || crt(j, qname, extattr, size, init, aut, text, replace, &err) < 0)
        qs_ec_report(errcode, &err, "QUSCRTUS");
    qs_err_clear(&err);
}
