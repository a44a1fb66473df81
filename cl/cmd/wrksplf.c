/*
 * cl/cmd/wrksplf.c - WRKSPLF: list spooled files (printed list), selected
 * by user, output queue, form type and user data; status by STATUS (a
 * qshim addition, since the list is not interactive).
 */
#include "outqcmd.h"
#include "splflist.h"
#include <string.h>
#include "qsys/base/err.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm select_e[] = {
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURRENT", .spcval = QS_CL_VALUES("*CURRENT", "*ALL"),
      .prompt = "User" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "Output queue" },
    { .type = QS_CL_CHAR, .len = 10, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL", "*STD"),
      .prompt = "Form type" },
    { .type = QS_CL_CHAR, .len = 10, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .flags = QS_CL_MIXED_CASE, .prompt = "User data" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "SELECT", .type = QS_CL_CHAR, QS_CL_ELEMS(select_e), .prompt = "Select" },
    { .kwd = "STATUS", .type = QS_CL_CHAR, .len = 4, .dft = "*ALL",
      .rstd = QS_CL_VALUES("*ALL", "*RDY", "*HLD", "*SAV"), .prompt = "Status" },
};

struct form_filter {
    const char     *formtype, *usrdta;
    struct splflist l;
};

static int row(const struct qs_splf_attr *a, void *arg)
{
    struct form_filter *f = arg;
    if (strcmp(f->formtype, "*ALL") != 0 && strcmp(f->formtype, a->formtype) != 0)
        return 0;
    if (strcmp(f->usrdta, "*ALL") != 0 && strcmp(f->usrdta, a->usrdta) != 0)
        return 0;
    return splflist_row(a, &f->l);
}

static int wrksplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_val *sel = qs_cl_arg(c->args, "SELECT");
    const char *user = qs_cl_val_str(qs_cl_val_item(sel, 0));
    const char *outq = qs_cl_val_str(qs_cl_val_item(sel, 1));
    struct form_filter ff = { qs_cl_val_str(qs_cl_val_item(sel, 2)),
                              qs_cl_val_str(qs_cl_val_item(sel, 3)), { c->out, 0 } };
    if (!*user || strcmp(user, "*CURRENT") == 0) {
        struct qs_job *j = qs_job_current(err);
        if (!j)
            return -1;
        user = j->user;
    }
    if (!*ff.formtype)
        ff.formtype = "*ALL";
    if (!*ff.usrdta)
        ff.usrdta = "*ALL";
    struct qs_splf_filter f = { .user = user, .outq = outq,
                                .status = qs_cl_str(c->args, "STATUS") };
    splflist_head(c->out);
    if (qs_splf_list(&f, row, &ff, err) < 0)
        return -1;
    fprintf(c->out, "%u spooled files\n", ff.l.n);
    return 0;
}

QS_CL_COMMAND(wrksplf) = { .name = "WRKSPLF", .text = "Work with Spooled Files", QS_CL_PARMS(parms),
                           .run = wrksplf_run };
