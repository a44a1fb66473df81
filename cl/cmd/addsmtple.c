/* cl/cmd/addsmtple.c - ADDSMTPLE: add an SMTP list entry (*ACCEPT relay
 * list, *REJECT connection list, *DOMAIN local domain).  Takes effect at the
 * next SMTP start. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 8, .flags = QS_CL_REQUIRED,
      .rstd = QS_CL_VALUES("*ACCEPT", "*REJECT", "*DOMAIN"), .prompt = "Type" },
    { .kwd = "INTNETADR", .type = QS_CL_CHAR, .len = 15, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Internet address" },
    { .kwd = "SUBNETMASK", .type = QS_CL_CHAR, .len = 15, .dft = "'255.255.255.255'",
      .prompt = "Subnet mask" },
    { .kwd = "HOSTNAME", .type = QS_CL_CHAR, .len = 255, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Host or domain name" },
};

static int addsmtple_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *type = qs_cl_str(c->args, "TYPE");
    if (qs_cl_is(c->args, "TYPE", "*DOMAIN")) {
        if (qs_cl_is(c->args, "HOSTNAME", "*NONE"))
            return qs_err_set(err, "CPD0072", "0", "HOSTNAME", (const char *)NULL);
        return qs_mailcfg_add_le(type, qs_cl_str(c->args, "HOSTNAME"), NULL, err);
    }
    if (qs_cl_is(c->args, "INTNETADR", "*NONE"))
        return qs_err_set(err, "CPD0072", "0", "INTNETADR", (const char *)NULL);
    return qs_mailcfg_add_le(type, qs_cl_str(c->args, "INTNETADR"),
                             qs_cl_str(c->args, "SUBNETMASK"), err);
}

QS_CL_COMMAND(addsmtple) = { .name = "ADDSMTPLE", .text = "Add SMTP List Entry",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = addsmtple_run };
