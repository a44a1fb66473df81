/*
 * api/qxxdtaa.c - QXXCHGDA / QXXRTVDA, the ILE C data area functions.
 *
 * They have no error code parameter: every error is an escape message.
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

#include <qxxdtaa.h>

#include <stdlib.h>
#include <string.h>

static struct qs_job *names(_DTAA_NAME_T *dn, char name[11], char lib[11], struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return NULL;
    qs_api_field_in(j, dn->dtaa_name, 10, name);
    qs_api_field_in(j, dn->dtaa_lib, 10, lib);
    return j;
}

void QXXCHGDA(_DTAA_NAME_T dtaname, short int offset, short int len, char *dtaptr)
{
    struct qs_err err = QS_ERR_INIT;
    char name[11], lib[11];
    struct qs_job *j = names(&dtaname, name, lib, &err);
    if (!j)
        qs_escape(&err, "QXXCHGDA");
    if (!dtaptr || len < 1) {
        qs_err_set(&err, "CPF1089", name, lib, (const char *)NULL);
        qs_escape(&err, "QXXCHGDA");
    }
    if (qs_dtaara_change(j, lib, name, offset, len, dtaptr, (size_t)len, &err) < 0)
        qs_escape(&err, "QXXCHGDA");
}

void QXXRTVDA(_DTAA_NAME_T dtaname, short int offset, short int len, char *dtaptr)
{
    struct qs_err err = QS_ERR_INIT;
    char name[11], lib[11];
    struct qs_job *j = names(&dtaname, name, lib, &err);
    if (!j)
        qs_escape(&err, "QXXRTVDA");
    struct qs_dtaara *d = malloc(sizeof *d);
    if (!d) {
        qs_err_sys(&err, 12);
        qs_escape(&err, "QXXRTVDA");
    }
    if (qs_dtaara_retrieve(j, lib, name, d, &err) < 0) {
        free(d);
        qs_escape(&err, "QXXRTVDA");
    }
    if (!dtaptr || offset < 1 || offset > (int)d->value_len || len < 1 ||
        len > (int)d->value_len - offset + 1) {
        qs_err_set(&err, offset < 1 || offset > (int)d->value_len ? "CPF1088" : "CPF1089",
                   name, d->lib, (const char *)NULL);
        free(d);
        qs_escape(&err, "QXXRTVDA");
    }
    memcpy(dtaptr, d->value + offset - 1, (size_t)len);
    free(d);
}
