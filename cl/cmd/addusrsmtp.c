/* cl/cmd/addusrsmtp.c - ADDUSRSMTP / CHGUSRSMTP / RMVUSRSMTP: add, change or
 * remove a user profile's entry in the SMTP mailbox directory (alias@domain
 * -> profile), used by SMTP and POP3.  All three need *SECADM (CPF90AA):
 * the directory decides whose mailbox receives mail and who may send as an
 * address (VFYID).  IBM's restriction text for these commands is not in the
 * reference (UNCONFIRMED, docs/msf.md). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/usrprf/usrprf.h"

#define QS_CL_NEEDS_SECADM .spcaut = QS_SPCAUT_SECADM, .spcaut_msgid = "CPF90AA"

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
    { .kwd = "ALIAS", .type = QS_CL_CHAR, .len = 50, .dft = "*NONE", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "SMTP user ID (alias)" },
    { .kwd = "DOMAIN", .type = QS_CL_CHAR, .len = 255, .dft = "*DFT", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*DFT"), .prompt = "SMTP domain" },
};
static const struct qs_cl_parm cparms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
    { .kwd = "ALIAS", .type = QS_CL_CHAR, .len = 50, .dft = "*SAME", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*SAME", "*NONE"), .prompt = "SMTP user ID (alias)" },
    { .kwd = "DOMAIN", .type = QS_CL_CHAR, .len = 255, .dft = "*SAME", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*SAME", "*DFT"), .prompt = "SMTP domain" },
};
static const struct qs_cl_parm rparms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
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

static int chgusrsmtp_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *user = qs_cl_str(c->args, "USRPRF");
    const char *alias = qs_cl_is(c->args, "ALIAS", "*SAME") ? NULL
                      : qs_cl_is(c->args, "ALIAS", "*NONE") ? user : qs_cl_str(c->args, "ALIAS");
    const char *domain = qs_cl_is(c->args, "DOMAIN", "*SAME") ? NULL : qs_cl_str(c->args, "DOMAIN");
    return qs_smtpdir_change(user, alias, domain, err);
}

static int rmvusrsmtp_run(struct qs_cl_call *c, struct qs_err *err)
{
    return qs_smtpdir_remove(qs_cl_str(c->args, "USRPRF"), err);
}

QS_CL_COMMAND(addusrsmtp) = { .name = "ADDUSRSMTP", .text = "Add User to SMTP",
                              QS_CL_PARMS(parms), QS_CL_NEEDS_SECADM, .run = addusrsmtp_run };
QS_CL_COMMAND(chgusrsmtp) = { .name = "CHGUSRSMTP", .text = "Change User SMTP",
                              QS_CL_PARMS(cparms), QS_CL_NEEDS_SECADM, .run = chgusrsmtp_run };
QS_CL_COMMAND(rmvusrsmtp) = { .name = "RMVUSRSMTP", .text = "Remove User from SMTP",
                              QS_CL_PARMS(rparms), QS_CL_NEEDS_SECADM, .run = rmvusrsmtp_run };
