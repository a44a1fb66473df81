/* cl/cmd/wrkobj.c - WRKOBJ: list objects of a library (non-interactive). */
#include <string.h>
#include <time.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

static const struct qs_cl_parm obj_q[] = {
    { .type = QS_CL_GENERIC, .len = 10, .spcval = QS_CL_VALUES("*ALL"), .prompt = "Object" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "OBJ", .type = QS_CL_GENERIC, QS_CL_QUAL(obj_q), .flags = QS_CL_REQUIRED,
      .prompt = "Object" },
    { .kwd = "OBJTYPE", .type = QS_CL_CHAR, .len = 10, .dft = "*ALL", .prompt = "Object type" },
};

struct ctx {
    FILE       *out;
    const char *pat;
};

static int match(const char *pat, const char *name)
{
    size_t n = strlen(pat);
    if (!strcmp(pat, "*ALL"))
        return 1;
    if (n && pat[n - 1] == '*')
        return strncmp(pat, name, n - 1) == 0;
    return strcmp(pat, name) == 0;
}

static int one(const struct qs_objdesc *d, void *arg)
{
    struct ctx *x = arg;
    if (!match(x->pat, d->name))
        return 0;
    struct tm tm;
    char when[24];
    localtime_r(&d->changed, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    fprintf(x->out, " %-10s  %-10s  %-8s  %-10s  %-8s  %8zu  %s  %s\n", d->name, d->lib, d->type,
            d->attr, d->owner, d->size, when, d->text);
    return 0;
}

static int wrkobj_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct ctx x = { c->out, qs_cl_qual(c->args, "OBJ", 0) };
    const char *lib = qs_cl_qual(c->args, "OBJ", 1);
    const char *type = qs_cl_str(c->args, "OBJTYPE");
    fprintf(c->out, " Object      Library     Type      Attribute   Owner         Size  Changed"
                    "           Text\n");
    if (strcmp(lib, "*LIBL") != 0)
        return qs_obj_list(lib, type, one, &x, err);
    for (size_t i = 0; i < j->libl.n; i++) {
        if (!qs_lib_exists(j->libl.lib[i]))
            continue;
        if (qs_obj_list(j->libl.lib[i], type, one, &x, err) < 0)
            return -1;
    }
    return 0;
}

QS_CL_COMMAND(wrkobj) = { .name = "WRKOBJ", .text = "Work with Objects", QS_CL_PARMS(parms),
                          .run = wrkobj_run };
