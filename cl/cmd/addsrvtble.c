/* cl/cmd/addsrvtble.c - ADDSRVTBLE: add a service table entry. */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/srvtbl/srvtbl.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "SERVICE", .type = QS_CL_CHAR, .len = 32, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Service" },
    { .kwd = "PORT", .type = QS_CL_INT4, .min = 1, .max = 65535, .flags = QS_CL_REQUIRED,
      .prompt = "Port" },
    { .kwd = "PROTOCOL", .type = QS_CL_CHAR, .len = 32, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Protocol" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE, .prompt = "Text 'description'" },
    { .kwd = "ALIAS", .type = QS_CL_CHAR, .len = 32, .max_rep = 4, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE, .prompt = "Aliases" },
};

static int addsrvtble_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_srvtble e;
    memset(&e, 0, sizeof e);
    qs_strlcpy(e.service, qs_cl_str(c->args, "SERVICE"), sizeof e.service);
    qs_strlcpy(e.protocol, qs_cl_str(c->args, "PROTOCOL"), sizeof e.protocol);
    e.port = (int)qs_cl_int(c->args, "PORT");
    if (!qs_cl_is(c->args, "TEXT", "*BLANK"))
        qs_strlcpy(e.text, qs_cl_str(c->args, "TEXT"), sizeof e.text);
    const struct qs_cl_val *al = qs_cl_arg(c->args, "ALIAS");
    if (!qs_cl_val_is(al, "*NONE")) {
        unsigned n = qs_cl_val_count(al);
        for (unsigned i = 0; i < (n ? n : 1) && e.naliases < QS_SRV_ALIAS_MAX; i++)
            qs_strlcpy(e.aliases[e.naliases++], qs_cl_val_str(n ? qs_cl_val_item(al, i) : al),
                       sizeof e.aliases[0]);
    }
    if (qs_srvtbl_add(&e, err) < 0)
        return -1;
    qs_cl_comp(c, "TCP1904", e.service, (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(addsrvtble) = { .name = "ADDSRVTBLE", .text = "Add Service Table Entry",
                              QS_CL_PARMS(parms), .run = addsrvtble_run };
