/* cl/cmd/wrksmtple.c - WRKSMTPLE: list the SMTP list entries ADDSMTPLE
 * made (a printed list; the interactive panel is not implemented), all of
 * them or one TYPE, with the fields each type has: INTNETADR / SUBNETMASK,
 * IP6NETADR / IP6PFX, HOSTNAME (*DOMAIN, *HOSTAUTH), FTRDATA, USERNAME.
 * A *HOSTAUTH password is never shown.  OUTPUT(*PRINT) spools the list. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/smtpc/smtpc.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 11, .dft = "*ALL",
      .rstd = QS_CL_VALUES("*ALL", QS_SMTPLE_TYPES), .prompt = "Type" },
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
};

struct lctx {
    FILE *o;
    const char *type;   /* NULL = *ALL */
    int shown;
};

/* A field padded to width; control bytes (only in a hand-edited file: the
 * commands refuse them) print as '?'.  UTF-8 text passes (CCSID 1208). */
static void field(FILE *o, const char *s, int width)
{
    int n = 0;
    for (; s && *s; s++, n++)
        putc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, o);
    for (; n < width; n++)
        putc(' ', o);
}

/* One row: Type, then the address (INTNETADR / IP6NETADR) and its mask or
 * prefix, then the name (HOSTNAME or FTRDATA), then USERNAME; no blanks
 * after the last field. */
static void row(struct lctx *l, const char *type, const char *adr, const char *mask,
                const char *name, const char *user)
{
    static const int width[] = { 39, 15, 25, 0 };
    const char *f[] = { adr, mask, name, user };
    int last = 3;
    while (last > 0 && !f[last])
        last--;
    fprintf(l->o, " %-11s", type);
    for (int i = 0; i <= last; i++) {
        putc(' ', l->o);
        field(l->o, f[i], i < last ? width[i] : 0);
    }
    putc('\n', l->o);
    l->shown++;
}

static int le(const char *type, const char *value, const char *mask, void *arg)
{
    struct lctx *l = arg;
    if (l->type && !qs_strcaseeq(type, l->type))
        return 0;
    if (qs_strcaseeq(type, "*DOMAIN") || qs_mailcfg_ftr_type(type) >= 0)
        row(l, type, NULL, NULL, value, NULL);
    else
        row(l, type, value, mask ? mask : qs_strcaseeq(type, "*ACCEPT") ||
                                           qs_strcaseeq(type, "*REJECT")
                                          ? "255.255.255.255" : "128", NULL, NULL);
    return 0;
}

static int wrksmtple_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct lctx l = { c->out, qs_cl_is(c->args, "TYPE", "*ALL") ? NULL : qs_cl_str(c->args, "TYPE"),
                      0 };
    fprintf(l.o, "                          Work with SMTP List Entries\n\n"
                 " Type        Internet address                        Mask/prefix     "
                 "Host name or filter data  User name\n");
    if (!l.type || !qs_strcaseeq(l.type, "*HOSTAUTH")) {
        if (qs_mailcfg_each_le(le, &l, err) < 0)
            return -1;
    }
    if (!l.type || qs_strcaseeq(l.type, "*HOSTAUTH")) {
        struct qs_smtpc_cfg sc;
        if (qs_smtpc_cfg_load(&sc, err) < 0)
            return -1;
        for (size_t i = 0; i < sc.nauth; i++)
            row(&l, "*HOSTAUTH", NULL, NULL, sc.auth[i].host, sc.auth[i].user);
        qs_smtpc_cfg_free(&sc);
    }
    fprintf(l.o, "\n %d %s\n", l.shown, l.shown == 1 ? "entry" : "entries");
    return 0;
}

QS_CL_COMMAND(wrksmtple) = { .name = "WRKSMTPLE", .text = "Work with SMTP List Entries",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = wrksmtple_run };
