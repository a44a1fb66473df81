/*
 * cl/cmd/dire_parm.c - ADDDIRE/CHGDIRE value mapping (dire_parm.h).
 *
 * PREFADR: *USRID, or (field product type) as IBM writes it —
 * (NETUSRID *IBM ATCONTXT) and (SMTP *IBM ATCONTXT) are the two qshim knows.
 * USRDFNFLD((SMTPAUSRID SMTP 'name') (SMTPDMN SMTP 'domain')) sets the SMTP
 * name, as IBM's directory keeps it (SMTPUSRID is accepted too).
 */
#include "cl/cmd/dire_parm.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <string.h>

const struct qs_cl_parm qs_dire_prefadr_e[3] = {
    { .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "Address type field name" },
    { .type = QS_CL_CHAR, .len = 7, .dft = "*IBM", .prompt = "Product ID" },
    { .type = QS_CL_NAME, .len = 8, .dft = "ATCONTXT", .prompt = "Address type" },
};
const struct qs_cl_parm qs_dire_usrdfn_e[3] = {
    { .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "User-defined field" },
    { .type = QS_CL_CHAR, .len = 7, .dft = "SMTP", .prompt = "Product ID" },
    { .type = QS_CL_CHAR, .len = 256, .flags = QS_CL_MIXED_CASE, .prompt = "Field value" },
};

int qs_dire_fill(const struct qs_cl_args *a, struct qs_sdd_entry *e, unsigned *mask,
                 int change, struct qs_err *err)
{
    memset(e, 0, sizeof *e);
    *mask = 0;
    const struct qs_cl_val *u = qs_cl_arg(a, "USRID");
    qs_strlcpy(e->user, qs_cl_val_str(qs_cl_val_item(u, 0)), sizeof e->user);
    qs_strlcpy(e->addr, qs_cl_val_str(qs_cl_val_item(u, 1)), sizeof e->addr);
    const char *d = qs_cl_str(a, "USRD");
    if (!change || strcmp(d, "*SAME")) {
        qs_strlcpy(e->desc, d, sizeof e->desc);
        *mask |= QS_SDD_F_DESC;
    }
    const char *p = qs_cl_str(a, "USER");
    if (!change || strcmp(p, "*SAME")) {
        qs_strlcpy(e->usrprf, strcmp(p, "*NONE") ? p : "", sizeof e->usrprf);
        *mask |= QS_SDD_F_USRPRF;
    }
    const struct qs_cl_val *pa = qs_cl_arg(a, "PREFADR");
    if (qs_cl_val_count(pa) >= 1) {
        const char *f = qs_cl_val_str(qs_cl_val_item(pa, 0));
        if (!strcmp(f, "SMTP"))
            e->prefadr = QS_SDD_PREF_SMTP;
        else if (!strcmp(f, "NETUSRID"))
            e->prefadr = QS_SDD_PREF_NETUSRID;
        else if (!strcmp(f, "USRID"))
            e->prefadr = QS_SDD_PREF_USRID;
        else
            return qs_err_set(err, "CPF9083", "PREFADR", f, (const char *)NULL);
        *mask |= QS_SDD_F_PREFADR;
    } else if (!qs_cl_val_is(pa, "*SAME")) {
        e->prefadr = QS_SDD_PREF_USRID;       /* *USRID */
        *mask |= QS_SDD_F_PREFADR;
    }
    const char *lvl = qs_cl_str(a, "MSFSRVLVL");
    if (!change || strcmp(lvl, "*SAME")) {
        if (qs_sdd_msflvl_parse(lvl, &e->msflvl) < 0)
            return qs_err_set(err, "CPF9083", "MSFSRVLVL", lvl, (const char *)NULL);
        *mask |= QS_SDD_F_MSFLVL;
    }
    const struct qs_cl_val *uf = qs_cl_arg(a, "USRDFNFLD");
    for (unsigned i = 0; i < qs_cl_val_count(uf); i++) {
        const struct qs_cl_val *f = qs_cl_val_item(uf, i);
        const char *name = qs_cl_val_str(qs_cl_val_item(f, 0));
        const char *val = qs_cl_val_str(qs_cl_val_item(f, 2));
        size_t n;
        if (!strcmp(name, "SMTPAUSRID") || !strcmp(name, "SMTPUSRID"))
            n = qs_strlcpy(e->smtp_user, val, sizeof e->smtp_user), n = n >= sizeof e->smtp_user;
        else if (!strcmp(name, "SMTPDMN"))
            n = qs_strlcpy(e->smtp_domain, val, sizeof e->smtp_domain), n = n >= sizeof e->smtp_domain;
        else
            return qs_err_set(err, "CPF9083", "USRDFNFLD", name, (const char *)NULL);
        if (n)
            return qs_err_set(err, "CPF9083", name, val, (const char *)NULL);
        *mask |= QS_SDD_F_SMTP;
    }
    return 0;
}
