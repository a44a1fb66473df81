/* api/usrspc_parm.c - parameters shared by QUSCHGUS and QUSRTVUS. */
#include "api/usrspc_parm.h"
#include "api/apiparm.h"
#include "qsys/base/err.h"

#include <stdio.h>

int qs_api_usrspc_parms(const struct qs_job *j, int ptrs_ok, const void *qname, int start,
                        int len, char *name, char *lib, size_t *start_r, struct qs_err *err)
{
    if (!ptrs_ok)
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    if (len < 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", len);
        return qs_err_set(err, "CPF3C14", v, (const char *)NULL);
    }
    qs_api_field_in(j, qname, 10, name);
    qs_api_field_in(j, (const char *)qname + 10, 10, lib);
    *start_r = start < 1 ? 0 : (size_t)start;
    return 0;
}
