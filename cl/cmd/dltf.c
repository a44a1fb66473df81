/* cl/cmd/dltf.c - DLTF: delete a file - a physical file (object and
 * records, qsys/dbf) or a printer file (spool/prtf.h). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/dbf/pf.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

#include <string.h>

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED,
      .prompt = "File" },
};

static int dltf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *file = qs_cl_qual(c->args, "FILE", 0);
    const char *lib = qs_cl_qual(c->args, "FILE", 1);
    char found[QS_NAME_LEN + 1];
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_obj_resolve(&j->libl, strcmp(lib, "*CURLIB") == 0 ? "*LIBL" : lib, file, "*FILE",
                       found, &e2) < 0) {
        qs_err_clear(&e2);
        return qs_err_set(err, "CPF2105", file, lib, "*FILE", (const char *)NULL);
    }
    struct qs_objdesc d;
    if (qs_obj_read(found, file, "*FILE", &d, NULL, err) < 0)
        return -1;
    int rc = strcmp(d.attr, "PF") == 0 ? qs_pf_delete(j, found, file, err)
                                       : qs_obj_delete(found, file, "*FILE", err);
    if (rc == 0)
        qs_cl_comp(c, "CPC2191", file, found, "*FILE", (const char *)NULL);
    return rc;
}

QS_CL_COMMAND(dltf) = { .name = "DLTF", .text = "Delete File", QS_CL_PARMS(parms),
                        .run = dltf_run };
