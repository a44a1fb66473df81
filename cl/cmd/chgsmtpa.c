/* cl/cmd/chgsmtpa.c - CHGSMTPA: change SMTP attributes.  Server keywords
 * go to mail/smtpa.conf; the SMTP client's (MAILROUTER, RTYMIN/RTYHOUR/
 * RTYDAY and qshim's CLT* and DLYWRN keywords, docs/sendmail.md) to
 * mail/smtpc.conf.
 * Changes take effect the next time the server starts or processes mail. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/smtpc/smtpc.h"

#include <arpa/inet.h>
#include <string.h>

/* RBLSVR((server answer mask)): answer *ANY = any A record in 127/8; the
 * mask element is qshim's (IBM documents server and answer address). */
static const struct qs_cl_parm rbl_e[] = {
    { .type = QS_CL_CHAR, .len = 128, .prompt = "Server" },
    { .type = QS_CL_CHAR, .len = 15, .dft = "*ANY", .spcval = QS_CL_VALUES("*ANY"),
      .prompt = "Answer address" },
    { .type = QS_CL_CHAR, .len = 15, .dft = "'255.255.255.255'", .prompt = "Answer mask" },
};

static const struct qs_cl_parm rty_e[] = {
    { .type = QS_CL_INT4, .min = 0, .max = 99, .prompt = "Number of retries" },
    { .type = QS_CL_INT4, .min = 0, .max = 99, .prompt = "Time interval" },
};
static const struct qs_cl_parm rtyday_e[] = {
    { .type = QS_CL_INT4, .min = 0, .max = 9, .prompt = "Number of retries" },
    { .type = QS_CL_INT4, .min = 0, .max = 9, .prompt = "Time interval" },
};

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
    { .kwd = "BNDADR", .type = QS_CL_CHAR, .len = 45, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .spcval = QS_CL_VALUES("*SAME", "*ALL"), .prompt = "Bind address" },
    { .kwd = "RBLSVR", .type = QS_CL_CHAR, QS_CL_ELEMS(rbl_e), .max_rep = 3, .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*NONE"), .flags = QS_CL_KEYWORD,
      .prompt = "Real-time black list servers" },
    { .kwd = "FTRACN", .type = QS_CL_CHAR, .len = 8, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*KEEP", "*DISCARD"), .prompt = "Filter action" },
    /* the SMTP client (mail/smtpc.conf) */
    { .kwd = "MAILROUTER", .type = QS_CL_CHAR, .len = 255, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .spcval = QS_CL_VALUES("*SAME", "*NONE"), .prompt = "Mail router" },
    { .kwd = "RTYMIN", .type = QS_CL_INT4, QS_CL_ELEMS(rty_e), .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*DFT"), .flags = QS_CL_KEYWORD, .prompt = "Retries by minute" },
    { .kwd = "RTYHOUR", .type = QS_CL_INT4, QS_CL_ELEMS(rty_e), .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*DFT"), .flags = QS_CL_KEYWORD, .prompt = "Retries by hour" },
    { .kwd = "RTYDAY", .type = QS_CL_INT4, QS_CL_ELEMS(rtyday_e), .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*DFT"), .flags = QS_CL_KEYWORD, .prompt = "Retries by day" },
    { .kwd = "CLTTLS", .type = QS_CL_CHAR, .len = 9, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*OPTIONAL", "*REQUIRED", "*NONE"),
      .prompt = "Client STARTTLS" },
    { .kwd = "CLTVFYCERT", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*DFT", "*YES", "*NO"),
      .prompt = "Client verifies certificates" },
    { .kwd = "CLTCAFILE", .type = QS_CL_PNAME, .len = 1024, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .spcval = QS_CL_VALUES("*SAME", "*SYSTEM"), .prompt = "Client trusted CA file" },
    { .kwd = "CLTMAXCNN", .type = QS_CL_INT4, .min = 1, .max = 100, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME", "*DFT"), .flags = QS_CL_KEYWORD,
      .prompt = "Client connections per host" },
    { .kwd = "DLYWRN", .type = QS_CL_INT4, .min = 1, .max = QS_SMTPC_MAX_DLYWRN_HOURS, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME", "*DFT", "*NONE"), .flags = QS_CL_KEYWORD,
      .prompt = "Delay warning (hours)" },
    { .kwd = "COLDSTART", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Clear e-mail on start-up" },
    { .kwd = "DIRTYPE", .type = QS_CL_CHAR, .len = 8, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*SMTP", "*SMTPMSF", "*SDD"), .prompt = "E-mail directory type" },
    { .kwd = "KEEPUNTIL", .type = QS_CL_INT4, .min = 1, .max = QS_KEEPUNTIL_MAX, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME", "*DFT", "*NONE"), .flags = QS_CL_KEYWORD,
      .prompt = "Keep until (days)" },
    { .kwd = "VFYID", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Verify identification" },
};

static int is_ip4(const char *s)
{
    struct in_addr a;
    return inet_pton(AF_INET, s, &a) == 1;
}

static int shorthand(const struct qs_cl_val *it)
{
    const struct qs_cl_val *ans = qs_cl_val_item(it, 1);
    return ans && qs_cl_val_given(ans) && !qs_cl_val_is(ans, "*ANY") &&
           !is_ip4(qs_cl_val_str(ans));
}

/* CHGSMTPA keyword -> smtpc.conf keyword; "*DFT"-like values remove it. */
static int client_apply(struct qs_cl_call *c, struct qs_err *err)
{
    static const struct { const char *cl, *conf, *dflt; } map[] = {
        { "MAILROUTER", "MAILROUTER", NULL }, { "RTYMIN", "RTYMIN", "*DFT" },
        { "RTYHOUR", "RTYHOUR", "*DFT" },     { "RTYDAY", "RTYDAY", "*DFT" },
        { "CLTTLS", "TLS", NULL },            { "CLTVFYCERT", "TLSVERIFY", "*DFT" },
        { "CLTCAFILE", "CAFILE", "*SYSTEM" }, { "CLTMAXCNN", "CONCURRENCY", "*DFT" },
        { "DLYWRN", "DLYWRN", "*DFT" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (!qs_cl_given(c->args, map[i].cl) || qs_cl_is(c->args, map[i].cl, "*SAME"))
            continue;
        if (map[i].dflt && qs_cl_is(c->args, map[i].cl, map[i].dflt)) {
            if (qs_smtpc_cfg_set(map[i].conf, NULL, err) < 0)
                return -1;
            continue;
        }
        const struct qs_cl_val *v = qs_cl_arg(c->args, map[i].cl);
        char val[1100];
        if (qs_cl_val_count(v) == 2)
            snprintf(val, sizeof val, "%lld %lld", qs_cl_val_int(qs_cl_val_item(v, 0)),
                     qs_cl_val_int(qs_cl_val_item(v, 1)));
        else
            snprintf(val, sizeof val, "%s", qs_cl_val_str(v));
        if (qs_smtpc_cfg_set(map[i].conf, val, err) < 0)
            return -1;
    }
    return 0;
}

static int chgsmtpa_run(struct qs_cl_call *c, struct qs_err *err)
{
    static const char *const kw[] = { "AUTOSTART", "ALWRLY", "POPWDW", "ALWAUTH", "MAXEMMSIZE",
                                      "ALWBARELF", "ALWIMPSSL", "JOURNAL", "BNDADR", "FTRACN",
                                      "COLDSTART", "DIRTYPE", "KEEPUNTIL", "VFYID", NULL };
    if (qs_cl_mail_apply(c, "smtpa.conf", kw, err) < 0 || client_apply(c, err) < 0)
        return -1;
    if (!qs_cl_given(c->args, "RBLSVR") || qs_cl_is(c->args, "RBLSVR", "*SAME"))
        return 0;
    /* stored as "zone[=answer[/mask]] ..." (qsys/msf/mailcfg.c) */
    const struct qs_cl_val *v = qs_cl_arg(c->args, "RBLSVR");
    unsigned n = qs_cl_val_count(v);
    struct qs_buf b;
    qs_buf_init(&b, 2048);
    if (n == 0)
        qs_buf_adds(&b, qs_cl_val_str(v));                 /* *NONE */
    if (n == 1 && shorthand(qs_cl_val_item(v, 0))) {
        /* RBLSVR('zone1' 'zone2' ...): one mixed list whose "answer" is not
         * an address: the zone list of earlier qshim releases */
        const struct qs_cl_val *it = qs_cl_val_item(v, 0);
        for (unsigned k = 0; k < qs_cl_val_count(it); k++) {
            const struct qs_cl_val *z = qs_cl_val_item(it, k);
            if (qs_cl_val_given(z))
                qs_buf_addf(&b, "%s%s", k ? " " : "", qs_cl_val_str(z));
        }
        n = 0;
    }
    for (unsigned i = 0; i < n; i++) {
        const struct qs_cl_val *it = qs_cl_val_item(v, i);
        const struct qs_cl_val *zone = qs_cl_val_count(it) ? qs_cl_val_item(it, 0) : it;
        const struct qs_cl_val *ans = qs_cl_val_item(it, 1), *mask = qs_cl_val_item(it, 2);
        qs_buf_addf(&b, "%s%s", i ? " " : "", qs_cl_val_str(zone));
        if (ans && !qs_cl_val_is(ans, "*ANY")) {
            qs_buf_addf(&b, "=%s", qs_cl_val_str(ans));
            if (mask && strcmp(qs_cl_val_str(mask), "255.255.255.255") != 0)
                qs_buf_addf(&b, "/%s", qs_cl_val_str(mask));
        }
    }
    int rc = qs_mailcfg_set("smtpa.conf", "RBLSVR", qs_buf_str(&b), err);
    qs_buf_free(&b);
    return rc;
}

QS_CL_COMMAND(chgsmtpa) = { .name = "CHGSMTPA", .text = "Change SMTP Attributes",
                            QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = chgsmtpa_run };
