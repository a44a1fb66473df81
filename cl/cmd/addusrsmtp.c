/* cl/cmd/addusrsmtp.c - ADDUSRSMTP: add a user profile to the SMTP mailbox
 * directory (alias@domain -> profile), used by SMTP and POP3. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/usrprf/usrprf.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
    { .kwd = "ALIAS", .type = QS_CL_CHAR, .len = 50, .dft = "*NONE", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "SMTP user ID (alias)" },
    { .kwd = "DOMAIN", .type = QS_CL_CHAR, .len = 255, .dft = "*DFT", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*DFT"), .prompt = "SMTP domain" },
};

static int addusrsmtp_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *user = qs_cl_str(c->args, "USRPRF");
    struct qs_usrprf p;
    if (qs_usrprf_retrieve(user, &p, err) < 0)
        return -1;
    const char *alias = qs_cl_is(c->args, "ALIAS", "*NONE") ? user : qs_cl_str(c->args, "ALIAS");
    return qs_smtpdir_add(user, alias, qs_cl_str(c->args, "DOMAIN"), err);
}

QS_CL_COMMAND(addusrsmtp) = { .name = "ADDUSRSMTP", .text = "Add User to SMTP",
                              QS_CL_PARMS(parms), .run = addusrsmtp_run };
