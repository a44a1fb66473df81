/*
 * cl/cmd/chkobj.c - CHKOBJ: does an object exist, and may this job use it?
 *
 * Completes silently when the object exists (through the library list for
 * *LIBL) and the job's user has the authority asked for; otherwise sends
 * the escape shop CL monitors: CPF9801 object not found, CPF9810 library
 * not found, CPF9802 not authorized.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

static const struct qs_cl_parm obj_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Object" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "OBJ", .type = QS_CL_NAME, QS_CL_QUAL(obj_q), .flags = QS_CL_REQUIRED,
      .prompt = "Object" },
    { .kwd = "OBJTYPE", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "Object type" },
    { .kwd = "MBR", .type = QS_CL_NAME, .len = 10, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE", "*FIRST"), .prompt = "Member, if data base file" },
    { .kwd = "AUT", .type = QS_CL_CHAR, .len = 10, .dft = "*NONE",
      .rstd = QS_CL_VALUES("*NONE", "*USE", "*CHANGE", "*ALL", "*EXCLUDE"),
      .prompt = "Authority" },
};

static int chkobj_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    char type[QS_NAME_LEN + 1], lib[QS_NAME_LEN + 1];
    const char *name = qs_cl_qual(c->args, "OBJ", 0);
    struct qs_objdesc *d;
    enum qs_aut need = QS_AUT_EXCLUDE;
    int rc;

    if (!j || qs_objtype_check(qs_cl_str(c->args, "OBJTYPE"), type, err) < 0)
        return -1;
    if (qs_obj_resolve(&j->libl, qs_cl_qual(c->args, "OBJ", 1), name, type, lib, err) < 0)
        return -1;
    if (qs_cl_is(c->args, "AUT", "*NONE") || qs_cl_is(c->args, "AUT", "*EXCLUDE"))
        return 0;
    qs_aut_parse(qs_cl_str(c->args, "AUT"), &need);
    if (!(d = malloc(sizeof *d)))
        return qs_err_sys(err, ENOMEM);
    rc = qs_obj_read(lib, name, type, d, NULL, err);
    if (rc == 0)
        rc = qs_job_check_aut(j, d, need, err);
    free(d);
    return rc;
}

QS_CL_COMMAND(chkobj) = { .name = "CHKOBJ", .text = "Check Object", QS_CL_PARMS(parms),
                          .run = chkobj_run };
