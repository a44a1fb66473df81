/* cl/cmd/addexitpgm.c - ADDEXITPGM: register an MSF exit program
 * (qsys/exitpgm).  PGM(lib/name) names it as IBM does; what runs is given
 * by the qshim keywords PGMTYPE, PGMPATH and PGMENTRY (docs/exitpgm.md). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/exitpgm/exitpgm.h"

#include <stdio.h>
#include <string.h>

static const struct qs_cl_parm pgm_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Exit program" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "EXITPNT", .type = QS_CL_CHAR, .len = 20, .flags = QS_CL_REQUIRED, .prompt = "Exit point" },
    { .kwd = "FORMAT", .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED, .prompt = "Exit point format" },
    { .kwd = "PGMNBR", .type = QS_CL_INT4, .min = 1, .max = 2147483647, .flags = QS_CL_REQUIRED,
      .spcval = QS_CL_VALUES("*LOW", "*HIGH"), .prompt = "Program number" },
    { .kwd = "PGM", .type = QS_CL_NAME, QS_CL_QUAL(pgm_q), .flags = QS_CL_REQUIRED, .prompt = "Program" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Text 'description'" },
    { .kwd = "PGMTYPE", .type = QS_CL_CHAR, .len = 7, .dft = "*SRVPGM",
      .rstd = QS_CL_VALUES("*SRVPGM", "*CLPGM"), .flags = QS_CL_KEYWORD,
      .prompt = "Program kind (qshim)" },
    { .kwd = "PGMPATH", .type = QS_CL_PNAME, .len = 1024, .flags = QS_CL_REQUIRED | QS_CL_KEYWORD,
      .prompt = "Shared object or CL source (qshim)" },
    { .kwd = "PGMENTRY", .type = QS_CL_CHAR, .len = 127, .dft = "*PGM", .spcval = QS_CL_VALUES("*PGM"),
      .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD, .prompt = "Entry point symbol (qshim)" },
    { .kwd = "TIMEOUT", .type = QS_CL_INT4, .min = 1, .max = 3600, .dft = "30", .flags = QS_CL_KEYWORD,
      .prompt = "Seconds per call (qshim)" },
};

static int addexitpgm_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_exitpgm_reg r;
    memset(&r, 0, sizeof r);
    qs_strlcpy(r.exit_point, qs_cl_str(a, "EXITPNT"), sizeof r.exit_point);
    qs_strlcpy(r.format, qs_cl_str(a, "FORMAT"), sizeof r.format);
    r.pgmnbr = qs_cl_is(a, "PGMNBR", "*LOW") ? -1 : qs_cl_is(a, "PGMNBR", "*HIGH") ? -2
             : (int)qs_cl_int(a, "PGMNBR");
    const char *name = qs_cl_qual(a, "PGM", 0), *lib = qs_cl_qual(a, "PGM", 1);
    snprintf(r.pgm, sizeof r.pgm, "%s/%s", lib, name);
    const char *text = qs_cl_str(a, "TEXT");
    qs_strlcpy(r.text, qs_cl_is(a, "TEXT", "*BLANK") ? "" : text, sizeof r.text);
    r.kind = qs_cl_is(a, "PGMTYPE", "*CLPGM") ? QS_EXIT_CLPGM : QS_EXIT_SO;
    if (qs_strlcpy(r.path, qs_cl_str(a, "PGMPATH"), sizeof r.path) >= sizeof r.path)
        return qs_err_set(err, "CPF9083", "PGMPATH", "too long", (const char *)NULL);
    if (qs_cl_is(a, "PGMENTRY", "*PGM")) {
        qs_strlcpy(r.symbol, name, sizeof r.symbol);
        for (char *p = r.symbol; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    } else {
        qs_strlcpy(r.symbol, qs_cl_str(a, "PGMENTRY"), sizeof r.symbol);
    }
    r.timeout = (int)qs_cl_int(a, "TIMEOUT");
    int nbr;
    if (qs_exitpgm_add(&r, &nbr, err) < 0)
        return -1;
    fprintf(c->out, "Exit program %s added to exit point %s as number %d.\n", r.pgm, r.exit_point, nbr);
    return 0;
}

QS_CL_COMMAND(addexitpgm) = { .name = "ADDEXITPGM", .text = "Add Exit Program", .maxpos = 4,
                              QS_CL_PARMS(parms), .run = addexitpgm_run };
