/*
 * cl/cmd/usrprf_parm.c - applying user profile parameters (usrprf_parm.h).
 */
#include <string.h>

#include "cl/cmd/usrprf_parm.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

int qs_cl_usrprf_may_admin(const struct qs_job *j, const char *name, struct qs_err *err)
{
    if (j->spcaut & (QS_SPCAUT_SECADM | QS_SPCAUT_ALLOBJ))
        return 0;
    return qs_err_set(err, "CPF2217", name, (const char *)NULL);
}

int qs_cl_usrprf_apply(struct qs_cl_call *c, const struct qs_job *j, struct qs_usrprf *p,
                       int creating, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    if (qs_cl_given(a, "PASSWORD") || creating) {
        const char *pw = qs_cl_str(a, "PASSWORD");
        if (qs_cl_is(a, "PASSWORD", "*USRPRF"))
            pw = p->name;
        if (!qs_cl_is(a, "PASSWORD", "*SAME") &&
            qs_usrprf_set_password(p, qs_cl_is(a, "PASSWORD", "*NONE") ? NULL : pw, err) < 0)
            return -1;
    }
    if (qs_cl_given(a, "STATUS") && !qs_cl_is(a, "STATUS", "*SAME")) {
        p->enabled = qs_cl_is(a, "STATUS", "*ENABLED");
        if (p->enabled)
            p->invalid_signons = 0;
    }
    if ((qs_cl_given(a, "USRCLS") || creating) && !qs_cl_is(a, "USRCLS", "*SAME"))
        qs_strlcpy(p->usrcls, qs_cl_str(a, "USRCLS"), sizeof p->usrcls);
    if ((qs_cl_given(a, "SPCAUT") || creating) && !qs_cl_is(a, "SPCAUT", "*SAME")) {
        const struct qs_cl_val *v = qs_cl_arg(a, "SPCAUT");
        unsigned bits = 0;
        if (qs_cl_val_is(v, "*USRCLS")) {
            if (!strcmp(p->usrcls, "*SECOFR"))
                bits = QS_SPCAUT_ALLOBJ | QS_SPCAUT_AUDIT | QS_SPCAUT_IOSYSCFG |
                       QS_SPCAUT_JOBCTL | QS_SPCAUT_SAVSYS | QS_SPCAUT_SECADM |
                       QS_SPCAUT_SERVICE | QS_SPCAUT_SPLCTL;
            else if (!strcmp(p->usrcls, "*SECADM"))
                bits = QS_SPCAUT_SECADM;
            else if (!strcmp(p->usrcls, "*SYSOPR"))
                bits = QS_SPCAUT_JOBCTL | QS_SPCAUT_SAVSYS;
        } else if (!qs_cl_val_is(v, "*NONE")) {
            unsigned n = qs_cl_val_count(v);
            for (unsigned i = 0; i < (n ? n : 1); i++) {
                unsigned bit = 0;
                const struct qs_cl_val *it = n ? qs_cl_val_item(v, i) : v;
                if (qs_spcaut_parse(qs_cl_val_str(it), &bit) == 0)
                    bits |= bit;
            }
        }
        /* only a profile holding *ALLOBJ and *SECADM may grant special authorities */
        if ((bits & ~p->spcaut) && (j->spcaut & (QS_SPCAUT_ALLOBJ | QS_SPCAUT_SECADM)) !=
                                       (QS_SPCAUT_ALLOBJ | QS_SPCAUT_SECADM))
            return qs_err_set(err, "CPF2217", p->name, (const char *)NULL);
        p->spcaut = bits;
    }
    if (qs_cl_given(a, "CCSID") && !qs_cl_is(a, "CCSID", "*SAME"))
        p->ccsid = qs_cl_is(a, "CCSID", "*SYSVAL") ? QS_CCSID_SYSVAL : (int)qs_cl_int(a, "CCSID");
    if (qs_cl_given(a, "PWDEXP") && !qs_cl_is(a, "PWDEXP", "*SAME"))
        p->pwdexp = qs_cl_is(a, "PWDEXP", "*YES");
    if ((qs_cl_given(a, "TEXT") || creating) && !qs_cl_is(a, "TEXT", "*SAME"))
        qs_strlcpy(p->text, qs_cl_is(a, "TEXT", "*BLANK") ? "" : qs_cl_str(a, "TEXT"),
                   sizeof p->text);
    return 0;
}
