/* cl/cmd/dspmsgd.c - DSPMSGD: show a message description of QCPFMSG. */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/msgtab.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm msgf_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Message file" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "RANGE", .type = QS_CL_CHAR, .len = 7, .flags = QS_CL_REQUIRED,
      .spcval = QS_CL_VALUES("*ALL"), .prompt = "Message identifier" },
    { .kwd = "MSGF", .type = QS_CL_NAME, QS_CL_QUAL(msgf_q), .dft = "QCPFMSG",
      .prompt = "Message file" },
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
};

static int dspmsgd_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *msgf = qs_cl_qual(c->args, "MSGF", 0);
    if (strcmp(msgf, "QCPFMSG") != 0)
        return qs_err_set(err, "CPF2407", msgf, qs_cl_qual(c->args, "MSGF", 1), (const char *)NULL);
    if (qs_cl_is(c->args, "RANGE", "*ALL")) {
        for (size_t i = 0; i < qs_msgdesc_count(); i++) {
            const struct qs_msgdesc *d = qs_msgdesc_at(i);
            fprintf(c->out, "%-7s  %02d  %s\n", d->id, d->severity, d->text);
        }
        return 0;
    }
    struct qs_buf out;
    qs_buf_init(&out, 1u << 20);
    int rc = qs_msgd_format(qs_cl_str(c->args, "RANGE"), &out, err);
    if (rc == 0)
        fwrite(qs_buf_str(&out), 1, out.len, c->out);
    qs_buf_free(&out);
    return rc;
}

QS_CL_COMMAND(dspmsgd) = { .name = "DSPMSGD", .text = "Display Message Description",
                           QS_CL_PARMS(parms), .run = dspmsgd_run };
