/* cl/cmd/chgsmtpa.c - CHGSMTPA: change SMTP attributes (mail/smtpa.conf).
 * Changes take effect the next time the server starts or processes mail. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/err.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "AUTOSTART", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Autostart server" },
    { .kwd = "ALWRLY", .type = QS_CL_CHAR, .len = 9, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*NONE", "*ALL", "*BYIPADR", "*POPWDW", "*BYIPPOP", "*AUTH"),
      .prompt = "Allow relayed mail" },
    { .kwd = "POPWDW", .type = QS_CL_INT4, .min = 15, .max = 65535, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME"), .flags = QS_CL_KEYWORD, .prompt = "POP server window (minutes)" },
    { .kwd = "ALWAUTH", .type = QS_CL_CHAR, .len = 9, .max_rep = 3, .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*NONE"), .rstd = QS_CL_VALUES("*LOCAL", "*RELAY", "*ALWPLAIN"),
      .flags = QS_CL_KEYWORD, .prompt = "Allow authentication" },
    { .kwd = "MAXEMMSIZE", .type = QS_CL_INT4, .min = 1, .max = 2147483647, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME", "*NOMAX"), .flags = QS_CL_KEYWORD,
      .prompt = "Maximum e-mail size (KB)" },
    { .kwd = "ALWBARELF", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Allow bare line feeds" },
    { .kwd = "ALWIMPSSL", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Allow implicit SSL" },
    { .kwd = "JOURNAL", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Journal" },
    { .kwd = "BNDADR", .type = QS_CL_CHAR, .len = 15, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .spcval = QS_CL_VALUES("*SAME", "*ALL"), .prompt = "Bind address" },
    { .kwd = "RBLSVR", .type = QS_CL_CHAR, .len = 128, .max_rep = 3, .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*NONE"), .flags = QS_CL_KEYWORD,
      .prompt = "Real-time black list zones" },
};

static int chgsmtpa_run(struct qs_cl_call *c, struct qs_err *err)
{
    static const char *const kw[] = { "AUTOSTART", "ALWRLY", "POPWDW", "ALWAUTH", "MAXEMMSIZE",
                                      "ALWBARELF", "ALWIMPSSL", "JOURNAL", "BNDADR", "RBLSVR", NULL };
    return qs_cl_mail_apply(c, "smtpa.conf", kw, err);
}

QS_CL_COMMAND(chgsmtpa) = { .name = "CHGSMTPA", .text = "Change SMTP Attributes",
                            QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = chgsmtpa_run };
