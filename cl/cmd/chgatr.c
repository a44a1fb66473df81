/*
 * cl/cmd/chgatr.c - CHGATR: change an attribute of a stream file.
 * Only ATR(*CCSID) is supported: the CCSID tag kept by ccsid/filetag.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ccsid/ccsid.h"
#include "ccsid/filetag.h"
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "OBJ", .type = QS_CL_PNAME, .len = 1024, .flags = QS_CL_REQUIRED,
      .prompt = "Object" },
    { .kwd = "ATR", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_REQUIRED,
      .rstd = QS_CL_VALUES("*CCSID"), .prompt = "Attribute" },
    { .kwd = "VALUE", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "New value" },
};

static int chgatr_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *path = qs_cl_str(c->args, "OBJ");
    const char *v = qs_cl_str(c->args, "VALUE");
    long long ccsid;
    if (qs_parse_ll(v, strlen(v), 1, 65535, &ccsid) != 0 || qs_ccsid_info((int)ccsid, NULL) != 0)
        return qs_err_set(err, "CPF3C3C", "VALUE", (const char *)NULL);
    return qs_file_ccsid_set(path, (int)ccsid, err);
}

QS_CL_COMMAND(chgatr) = { .name = "CHGATR", .text = "Change Attribute",
                          QS_CL_PARMS(parms), .run = chgatr_run };
