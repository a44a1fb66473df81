/* cl/cmd/mailcmd.h - shared by the mail configuration commands. */
#ifndef QS_CL_CMD_MAILCMD_H
#define QS_CL_CMD_MAILCMD_H

#include "cl/cmd.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/usrprf/usrprf.h"

#include <stdio.h>

/* In a QS_CL_COMMAND initializer: the command needs *IOSYSCFG, as IBM's
 * CHGSMTPA, CHGPOPA, ADDSMTPLE, STRTCPSVR, ENDTCPSVR and WRKSMTPEMM do. */
#define QS_CL_NEEDS_IOSYSCFG .spcaut = QS_SPCAUT_IOSYSCFG, .spcaut_msgid = "TCP8050"

/* The ADDSMTPLE / RMVSMTPLE / WRKSMTPLE list types, for QS_CL_VALUES(). */
#define QS_SMTPLE_TYPES                                                                  \
    "*ACCEPT", "*REJECT", "*DOMAIN", "*ACCEPTIP6", "*REJECTIP6", "*FTRSUBJECT",          \
    "*FTRORIGIN", "*FTRFILNAME", "*FTRTYPE", "*HOSTAUTH"

/* For each keyword given with a value other than *SAME, store it in the
 * configuration file (mail/smtpa.conf or popa.conf). */
static inline int qs_cl_mail_apply(struct qs_cl_call *c, const char *file,
                                   const char *const *kwds, struct qs_err *err)
{
    for (; *kwds; kwds++) {
        if (!qs_cl_given(c->args, *kwds) || qs_cl_is(c->args, *kwds, "*SAME"))
            continue;
        const struct qs_cl_val *v = qs_cl_arg(c->args, *kwds);
        unsigned n = qs_cl_val_count(v);
        char buf[512];
        size_t len = 0;
        buf[0] = '\0';
        for (unsigned i = 0; i < (n ? n : 1); i++) {
            const char *s = n ? qs_cl_val_str(qs_cl_val_item(v, i)) : qs_cl_val_str(v);
            int w = snprintf(buf + len, sizeof buf - len, "%s%s", len ? " " : "", s);
            if (w < 0 || (size_t)w >= sizeof buf - len)
                break;
            len += (size_t)w;
        }
        if (qs_mailcfg_set(file, *kwds, buf, err) < 0)
            return -1;
    }
    return 0;
}

#endif
