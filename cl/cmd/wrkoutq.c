/*
 * cl/cmd/wrkoutq.c - WRKOUTQ: list the spooled files on an output queue
 * (printed list; OUTQ(*ALL) lists the queues).
 */
#include "outqcmd.h"
#include "splflist.h"
#include "qsys/base/err.h"
#include "qsys/obj/obj.h"

static const struct qs_cl_parm wq_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*ALL"), .prompt = "Output queue" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "OUTQ", .type = QS_CL_NAME, QS_CL_QUAL(wq_q), .dft = "*ALL", .prompt = "Output queue" },
};

struct qlist {
    FILE       *out;
    const char *lib;
};

static int count_cb(const struct qs_splf_attr *a, void *arg)
{
    (void)a;
    (*(unsigned *)arg)++;
    return 0;
}

static int queue_row(const struct qs_objdesc *d, void *arg)
{
    struct qlist *q = arg;
    struct qs_splf_filter f = { .outq = d->name, .outqlib = d->lib };
    unsigned n = 0;
    struct qs_err e = QS_ERR_INIT;
    qs_splf_list(&f, count_cb, &n, &e);
    qs_err_clear(&e);
    fprintf(q->out, "%-10s %-10s %6u  %s\n", d->name, d->lib, n, d->text);
    return 0;
}

static int wrkoutq_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_cl_is(c->args, "OUTQ", "*ALL")) {
        static const char *const libs[] = { "QGPL", "QUSRSYS" };
        fprintf(c->out, "%-10s %-10s %6s  %s\n", "Queue", "Library", "Files", "Text");
        for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
            struct qlist q = { c->out, libs[i] };
            if (qs_lib_exists(libs[i]) && qs_obj_list(libs[i], "*OUTQ", queue_row, &q, err) < 0)
                return -1;
        }
        return 0;
    }
    const char *lib = outqcmd_lib(c->args, "OUTQ"), *name = qs_cl_qual(c->args, "OUTQ", 0);
    if (!qs_outq_exists(lib, name))
        return qs_err_set(err, "CPF3357", name, lib, (const char *)NULL);
    fprintf(c->out, "Output queue: %s/%s\n", lib, name);
    splflist_head(c->out);
    struct splflist l = { c->out, 0 };
    struct qs_splf_filter f = { .outq = name, .outqlib = lib };
    if (qs_splf_list(&f, splflist_row, &l, err) < 0)
        return -1;
    fprintf(c->out, "%u spooled files\n", l.n);
    return 0;
}

QS_CL_COMMAND(wrkoutq) = { .name = "WRKOUTQ", .text = "Work with Output Queue", QS_CL_PARMS(parms),
                           .run = wrkoutq_run };
