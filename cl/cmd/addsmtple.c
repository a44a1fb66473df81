/* cl/cmd/addsmtple.c - ADDSMTPLE / RMVSMTPLE: add or remove an SMTP list
 * entry (RMVSMTPLE takes the same parameters): *ACCEPT relay
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
      .rstd = QS_CL_VALUES(QS_SMTPLE_TYPES),
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

/* The entry the parameters describe: type, value, mask (NULL if none). */
static int entry(struct qs_cl_call *c, const char **value, const char **mask, char pfx[8],
                 struct qs_err *err)
{
    const char *type = qs_cl_str(c->args, "TYPE");
    *mask = NULL;
    if (qs_cl_is(c->args, "TYPE", "*DOMAIN")) {
        if (qs_cl_is(c->args, "HOSTNAME", "*NONE"))
            return missing(err, "HOSTNAME");
        *value = qs_cl_str(c->args, "HOSTNAME");
    } else if (qs_mailcfg_ftr_type(type) >= 0) {
        if (qs_cl_is(c->args, "FTRDATA", "*NONE"))
            return missing(err, "FTRDATA");
        *value = qs_cl_str(c->args, "FTRDATA");
    } else if (qs_cl_is(c->args, "TYPE", "*ACCEPTIP6") ||
               qs_cl_is(c->args, "TYPE", "*REJECTIP6")) {
        if (qs_cl_is(c->args, "IP6NETADR", "*NONE"))
            return missing(err, "IP6NETADR");
        snprintf(pfx, 8, "%lld", qs_cl_int(c->args, "IP6PFX"));
        *value = qs_cl_str(c->args, "IP6NETADR");
        *mask = pfx;
    } else {
        if (qs_cl_is(c->args, "INTNETADR", "*NONE"))
            return missing(err, "INTNETADR");
        *value = qs_cl_str(c->args, "INTNETADR");
        *mask = qs_cl_str(c->args, "SUBNETMASK");
    }
    return 0;
}

static int addsmtple_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_cl_is(c->args, "TYPE", "*HOSTAUTH")) {
        static const char *const req[] = { "HOSTNAME", "USERNAME", "PASSWORD" };
        for (size_t i = 0; i < 3; i++)
            if (qs_cl_is(c->args, req[i], "*NONE"))
                return missing(err, req[i]);
        return qs_smtpc_hostauth_set(qs_cl_str(c->args, "HOSTNAME"), qs_cl_str(c->args, "USERNAME"),
                                     qs_cl_str(c->args, "PASSWORD"), err);
    }
    const char *value, *mask;
    char pfx[8];
    if (entry(c, &value, &mask, pfx, err) < 0)
        return -1;
    return qs_mailcfg_add_le(qs_cl_str(c->args, "TYPE"), value, mask, err);
}

static int rmvsmtple_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_cl_is(c->args, "TYPE", "*HOSTAUTH")) {
        if (qs_cl_is(c->args, "HOSTNAME", "*NONE"))
            return missing(err, "HOSTNAME");
        return qs_smtpc_hostauth_set(qs_cl_str(c->args, "HOSTNAME"), NULL, NULL, err);
    }
    const char *value, *mask;
    char pfx[8];
    if (entry(c, &value, &mask, pfx, err) < 0)
        return -1;
    return qs_mailcfg_rmv_le(qs_cl_str(c->args, "TYPE"), value, mask, err);
}

QS_CL_COMMAND(addsmtple) = { .name = "ADDSMTPLE", .text = "Add SMTP List Entry",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = addsmtple_run };
QS_CL_COMMAND(rmvsmtple) = { .name = "RMVSMTPLE", .text = "Remove SMTP List Entry",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = rmvsmtple_run };
