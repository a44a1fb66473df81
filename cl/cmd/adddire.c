/* cl/cmd/adddire.c - ADDDIRE: add directory entry of the system distribution directory. */
#include "cl/cmd/dire_parm.h"
#include "cl/cmd/dstcmd.h"
#include "qsys/base/err.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRID", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .flags = QS_CL_REQUIRED,
      .prompt = "User identifier" },
    { .kwd = "USRD", .type = QS_CL_CHAR, .len = 50, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE, .prompt = "User description" },
    { .kwd = "USER", .type = QS_CL_NAME, .len = 10, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"), .prompt = "User profile" },
    { .kwd = "PREFADR", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dire_prefadr_e), .dft = "*USRID", .sngval = QS_CL_VALUES("*USRID"),
      .flags = QS_CL_KEYWORD, .prompt = "Preferred address" },
    { .kwd = "MSFSRVLVL", .type = QS_CL_CHAR, .len = 7, .dft = "*USRIDX", .rstd = QS_CL_VALUES("*USRIDX", "*SYSMS"), .flags = QS_CL_KEYWORD,
      .prompt = "Mail service level" },
    { .kwd = "USRDFNFLD", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dire_usrdfn_e), .max_rep = 5,
      .dft = "*NONE", .sngval = QS_CL_VALUES("*NONE"), .flags = QS_CL_KEYWORD, .prompt = "User-defined fields" },
};

static int adddire_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_sdd_entry e;
    unsigned mask;
    if (qs_dire_fill(c->args, &e, &mask, 0, err) < 0)
        return -1;
    if (qs_sdd_add(&e, err) < 0)
        return -1;
    fprintf(c->out, "Directory entry %s %s added.\n", e.user, e.addr);
    return 0;
}

QS_CL_COMMAND(adddire) = { .name = "ADDDIRE", .text = "Add Directory Entry", .maxpos = 3,
                          QS_CL_PARMS(parms), .run = adddire_run };
