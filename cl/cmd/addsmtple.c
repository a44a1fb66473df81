/* cl/cmd/addsmtple.c - ADDSMTPLE: add an SMTP list entry: *ACCEPT relay
 * list, *REJECT connection list (IPv4: INTNETADR + SUBNETMASK; IPv6:
 * *ACCEPTIP6 / *REJECTIP6 with IP6NETADR + IP6PFX), *DOMAIN local domain,
 * the content filters *FTRSUBJECT / *FTRORIGIN / *FTRFILNAME / *FTRTYPE
 * with an FTRDATA pattern (`*` wildcards), and *HOSTAUTH credentials the
 * SMTP client presents to a relay host (HOSTNAME USERNAME PASSWORD).  Takes
 * effect at the next SMTP start (lists) or the next message MSF processes
 * (filters, *HOSTAUTH). */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/smtpc/smtpc.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 11, .flags = QS_CL_REQUIRED,
      .rstd = QS_CL_VALUES("*ACCEPT", "*REJECT", "*DOMAIN", "*ACCEPTIP6", "*REJECTIP6",
                           "*FTRSUBJECT", "*FTRORIGIN", "*FTRFILNAME", "*FTRTYPE", "*HOSTAUTH"),
      .prompt = "Type" },
    { .kwd = "INTNETADR", .type = QS_CL_CHAR, .len = 15, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Internet address" },
    { .kwd = "SUBNETMASK", .type = QS_CL_CHAR, .len = 15, .dft = "'255.255.255.255'",
      .prompt = "Subnet mask" },
    { .kwd = "HOSTNAME", .type = QS_CL_CHAR, .len = 255, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Host or domain name" },
    { .kwd = "FTRDATA", .type = QS_CL_CHAR, .len = 255, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Filter data" },
    { .kwd = "IP6NETADR", .type = QS_CL_CHAR, .len = 45, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "IPv6 network address" },
    { .kwd = "IP6PFX", .type = QS_CL_INT4, .min = 0, .max = 128, .dft = "128",
      .prompt = "IPv6 prefix length" },
    { .kwd = "USERNAME", .type = QS_CL_CHAR, .len = 255, .dft = "*NONE", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "User name" },
    { .kwd = "PASSWORD", .type = QS_CL_CHAR, .len = 255, .dft = "*NONE", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Password" },
};

static int missing(struct qs_err *err, const char *kwd)
{
    return qs_err_set(err, "CPD0072", "0", kwd, (const char *)NULL);
}

static int addsmtple_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *type = qs_cl_str(c->args, "TYPE");
    if (qs_cl_is(c->args, "TYPE", "*HOSTAUTH")) {
        static const char *const req[] = { "HOSTNAME", "USERNAME", "PASSWORD" };
        for (size_t i = 0; i < 3; i++)
            if (qs_cl_is(c->args, req[i], "*NONE"))
                return missing(err, req[i]);
        return qs_smtpc_hostauth_set(qs_cl_str(c->args, "HOSTNAME"), qs_cl_str(c->args, "USERNAME"),
                                     qs_cl_str(c->args, "PASSWORD"), err);
    }
    if (qs_cl_is(c->args, "TYPE", "*DOMAIN")) {
        if (qs_cl_is(c->args, "HOSTNAME", "*NONE"))
            return missing(err, "HOSTNAME");
        return qs_mailcfg_add_le(type, qs_cl_str(c->args, "HOSTNAME"), NULL, err);
    }
    if (qs_mailcfg_ftr_type(type) >= 0) {
        if (qs_cl_is(c->args, "FTRDATA", "*NONE"))
            return missing(err, "FTRDATA");
        return qs_mailcfg_add_le(type, qs_cl_str(c->args, "FTRDATA"), NULL, err);
    }
    if (qs_cl_is(c->args, "TYPE", "*ACCEPTIP6") || qs_cl_is(c->args, "TYPE", "*REJECTIP6")) {
        if (qs_cl_is(c->args, "IP6NETADR", "*NONE"))
            return missing(err, "IP6NETADR");
        char pfx[8];
        snprintf(pfx, sizeof pfx, "%lld", qs_cl_int(c->args, "IP6PFX"));
        return qs_mailcfg_add_le(type, qs_cl_str(c->args, "IP6NETADR"), pfx, err);
    }
    if (qs_cl_is(c->args, "INTNETADR", "*NONE"))
        return missing(err, "INTNETADR");
    return qs_mailcfg_add_le(type, qs_cl_str(c->args, "INTNETADR"),
                             qs_cl_str(c->args, "SUBNETMASK"), err);
}

QS_CL_COMMAND(addsmtple) = { .name = "ADDSMTPLE", .text = "Add SMTP List Entry",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = addsmtple_run };
