/* cl/cmd/dspdtaara.c - DSPDTAARA: display a data area (IBM-like listing). */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm dtaara_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*LDA", "*GDA", "*PDA"),
      .prompt = "Data area" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "DTAARA", .type = QS_CL_NAME, QS_CL_QUAL(dtaara_q), .flags = QS_CL_REQUIRED,
      .prompt = "Data area" },
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
    { .kwd = "OUTFMT", .type = QS_CL_CHAR, .len = 5, .dft = "*CHAR",
      .rstd = QS_CL_VALUES("*CHAR", "*HEX"), .prompt = "Output format" },
};

static int dspdtaara_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *name = qs_cl_qual(c->args, "DTAARA", 0);
    const char *lib = qs_cl_qual(c->args, "DTAARA", 1);
    if (!strcmp(name, "*GDA") || !strcmp(name, "*PDA"))
        return qs_err_set(err, "CPF1015", name, "*LIBL", (const char *)NULL);
    struct qs_dtaara d;
    if (qs_dtaara_retrieve(j, lib, name, &d, err) < 0)
        return -1;
    int lda = !strcmp(name, "*LDA");
    FILE *o = c->out;
    fprintf(o, "                           Display Data Area\n\n");
    fprintf(o, " Data area . . . . . . . :   %s\n", lda ? "*LDA" : d.name);
    fprintf(o, "   Library . . . . . . . :     %s\n", lda ? "" : d.lib);
    fprintf(o, " Type  . . . . . . . . . :   %s\n", qs_dtaara_type_name(d.type));
    fprintf(o, " Length  . . . . . . . . :   %d", d.len);
    if (d.type == QS_DTAARA_DEC)
        fprintf(o, "  %d", d.dec);
    fprintf(o, "\n Text  . . . . . . . . . :   %s\n\n", d.text);
    if (d.type != QS_DTAARA_CHAR) {
        char v[64];
        if (qs_dtaara_value_text(&d, 0, 0, v, sizeof v, err) < 0)
            return -1;
        fprintf(o, " Value . . . . . . . . . :   %s\n", v);
        return 0;
    }
    int hex = qs_cl_is(c->args, "OUTFMT", "*HEX");
    fprintf(o, " Offset      Value\n");
    fputs(hex ? "            *...+....1....+....2....+....3....+....4\n"
              : "            *...+....1....+....2....+....3....+....4....+....5\n", o);
    size_t step = hex ? 20 : 50;
    for (size_t off = 0; off < d.value_len; off += step) {
        size_t n = d.value_len - off < step ? d.value_len - off : step;
        fprintf(o, " %5zu      '", off);
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = d.value[off + i];
            if (hex)
                fprintf(o, "%02X", ch);
            else
                fputc(ch >= 0x20 && ch < 0x7f ? ch : '.', o);
        }
        fprintf(o, "'\n");
    }
    return 0;
}

QS_CL_COMMAND(dspdtaara) = { .name = "DSPDTAARA", .text = "Display Data Area",
                             QS_CL_PARMS(parms), .run = dspdtaara_run };
