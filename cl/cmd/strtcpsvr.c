/* cl/cmd/strtcpsvr.c - STRTCPSVR / ENDTCPSVR: start and end the SMTP,
 * POP3 and LPD servers (qsmtpd, qpop3d, qlpd daemons; pid files in
 * $QSYS_ROOT/run, output in $QSYS_ROOT/log).  A cold start (CHGSMTPA
 * COLDSTART(*YES)) happens here.  *AUTOSTART means the servers whose
 * AUTOSTART attribute is *YES (SMTP, POP; the LPD server has no attributes
 * here, so only *LPD or *ALL start it); ENDTCPSVR *AUTOSTART and *ALL end
 * all three. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf.h"
#include "qsys/netsrv/svrctl.h"

#include <string.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "SERVER", .type = QS_CL_CHAR, .len = 10, .max_rep = 3, .dft = "*AUTOSTART",
      .sngval = QS_CL_VALUES("*AUTOSTART", "*ALL"), .rstd = QS_CL_VALUES("*SMTP", "*POP", "*LPD"),
      .prompt = "Server application" },
};

/* Which servers: bit 1 SMTP, bit 2 POP, bit 4 LPD. */
static unsigned servers(struct qs_cl_call *c, const struct qs_mailcfg *cfg)
{
    const struct qs_cl_val *v = qs_cl_arg(c->args, "SERVER");
    if (qs_cl_val_is(v, "*ALL"))
        return 7;
    if (qs_cl_val_is(v, "*AUTOSTART"))
        return (cfg->autostart ? 1u : 0u) | (cfg->pop_autostart ? 2u : 0u);
    unsigned bits = 0, n = qs_cl_val_count(v);
    for (unsigned i = 0; i < (n ? n : 1); i++) {
        const char *s = n ? qs_cl_val_str(qs_cl_val_item(v, i)) : qs_cl_val_str(v);
        bits |= strcmp(s, "*SMTP") == 0 ? 1u : strcmp(s, "*POP") == 0 ? 2u : 4u;
    }
    return bits;
}

static int start_one(const char *name, struct qs_err *err)
{
    struct qs_buf pf;
    qs_buf_init(&pf, 4096);
    if (qs_svr_pidfile(&pf, name) < 0) {
        qs_buf_free(&pf);
        return qs_err_sys(err, 2);
    }
    char *argv[] = { (char *)name, (char *)"--pidfile", pf.data, NULL };
    int rc = qs_svr_start(name, name, argv, err);
    qs_buf_free(&pf);
    return rc;
}

static int strtcpsvr_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, err) < 0)
        return -1;
    unsigned b = servers(c, &cfg);
    int cold = cfg.coldstart;
    qs_mailcfg_free(&cfg);
    /* CHGSMTPA COLDSTART(*YES) takes effect at this SMTP start (not when
     * SMTP is already running): the queue is cleared, and the attribute
     * goes back to *NO so the next start is warm again (as IBM's
     * QTMSCLEAN data area is deleted after its cleanup). */
    if ((b & 1) && cold && qs_svr_pid("qsmtpd") == 0) {
        if (qs_msf_coldstart(err) < 0 || qs_mailcfg_set("smtpa.conf", "COLDSTART", "*NO", err) < 0)
            return -1;
    }
    if ((b & 1) && start_one("qsmtpd", err) < 0)
        return -1;
    if ((b & 2) && start_one("qpop3d", err) < 0)
        return -1;
    if ((b & 4) && start_one("qlpd", err) < 0)
        return -1;
    return 0;
}

static int endtcpsvr_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, err) < 0)
        return -1;
    unsigned b = qs_cl_is(c->args, "SERVER", "*AUTOSTART") ? 7 : servers(c, &cfg);
    qs_mailcfg_free(&cfg);
    if ((b & 1) && qs_svr_end("qsmtpd", 30, err) < 0)
        return -1;
    if ((b & 2) && qs_svr_end("qpop3d", 30, err) < 0)
        return -1;
    if ((b & 4) && qs_svr_end("qlpd", 30, err) < 0)
        return -1;
    return 0;
}

QS_CL_COMMAND(strtcpsvr) = { .name = "STRTCPSVR", .text = "Start TCP/IP Server",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = strtcpsvr_run };
QS_CL_COMMAND(endtcpsvr) = { .name = "ENDTCPSVR", .text = "End TCP/IP Server",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = endtcpsvr_run };
