/* cl/cmd/chgpopa.c - CHGPOPA: change POP server attributes (mail/popa.conf).
 * Changes take effect at the next start of the POP server. */
#include "cl/cmd/mailcmd.h"

static const struct qs_cl_parm mimeccsid_e[] = {
    { .type = QS_CL_INT4, .min = 1, .max = 65533, .spcval = QS_CL_VALUES("*DFT"),
      .prompt = "Coded character set identifier" },
    { .type = QS_CL_CHAR, .len = 8, .dft = "*BESTFIT", .rstd = QS_CL_VALUES("*BESTFIT", "*ALWAYS"),
      .prompt = "When to use" },
};

static const struct qs_cl_parm parms[] = {
    { .kwd = "AUTOSTART", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Autostart servers" },
    { .kwd = "INACTTIMO", .type = QS_CL_INT4, .min = 10, .max = 65535, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME"), .flags = QS_CL_KEYWORD, .prompt = "Inactivity timeout" },
    { .kwd = "MSGSPLIT", .type = QS_CL_INT4, .min = 32, .max = 2048, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME", "*DFT", "*NOMAX"), .flags = QS_CL_KEYWORD,
      .prompt = "Message split size (KB)" },
    { .kwd = "MIMECCSID", .type = QS_CL_INT4, QS_CL_ELEMS(mimeccsid_e), .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME"), .flags = QS_CL_KEYWORD, .prompt = "MIME CCSID" },
    { .kwd = "ALWSSL", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO", "*ONLY"), .prompt = "Allow SSL" },
    { .kwd = "BNDADR", .type = QS_CL_CHAR, .len = 45, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .spcval = QS_CL_VALUES("*SAME", "*ALL"), .prompt = "Bind address" },
};

static int chgpopa_run(struct qs_cl_call *c, struct qs_err *err)
{
    /* CHGPOPA keywords are stored with a POP_ prefix where CHGSMTPA has the same name */
    if (qs_cl_given(c->args, "AUTOSTART") && !qs_cl_is(c->args, "AUTOSTART", "*SAME") &&
        qs_mailcfg_set("popa.conf", "POP_AUTOSTART", qs_cl_str(c->args, "AUTOSTART"), err) < 0)
        return -1;
    if (qs_cl_given(c->args, "INACTTIMO") && !qs_cl_is(c->args, "INACTTIMO", "*SAME") &&
        qs_mailcfg_set("popa.conf", "POP_INACTTIMO", qs_cl_str(c->args, "INACTTIMO"), err) < 0)
        return -1;
    if (qs_cl_given(c->args, "BNDADR") && !qs_cl_is(c->args, "BNDADR", "*SAME") &&
        qs_mailcfg_set("popa.conf", "POP_BNDADR", qs_cl_str(c->args, "BNDADR"), err) < 0)
        return -1;
    static const char *const kw[] = { "ALWSSL", "MSGSPLIT", "MIMECCSID", NULL };
    return qs_cl_mail_apply(c, "popa.conf", kw, err);
}

QS_CL_COMMAND(chgpopa) = { .name = "CHGPOPA", .text = "Change POP Server Attributes",
                           QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = chgpopa_run };
