/* cl/cmd/strtcpsvr.c - STRTCPSVR / ENDTCPSVR: start and end the SMTP and
 * POP3 servers (qsmtpd, qpop3d daemons; pid files in $QSYS_ROOT/run).
 * *AUTOSTART means the servers whose AUTOSTART attribute is *YES. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/netsrv/svrctl.h"

#include <string.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "SERVER", .type = QS_CL_CHAR, .len = 10, .max_rep = 2, .dft = "*AUTOSTART",
      .sngval = QS_CL_VALUES("*AUTOSTART", "*ALL"), .rstd = QS_CL_VALUES("*SMTP", "*POP"),
      .prompt = "Server application" },
};

/* Which servers: bit 1 SMTP, bit 2 POP. */
static unsigned servers(struct qs_cl_call *c, const struct qs_mailcfg *cfg)
{
    const struct qs_cl_val *v = qs_cl_arg(c->args, "SERVER");
    if (qs_cl_val_is(v, "*ALL"))
        return 3;
    if (qs_cl_val_is(v, "*AUTOSTART"))
        return (cfg->autostart ? 1u : 0u) | (cfg->pop_autostart ? 2u : 0u);
    unsigned bits = 0, n = qs_cl_val_count(v);
    for (unsigned i = 0; i < (n ? n : 1); i++) {
        const char *s = n ? qs_cl_val_str(qs_cl_val_item(v, i)) : qs_cl_val_str(v);
        bits |= strcmp(s, "*SMTP") == 0 ? 1u : 2u;
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
    qs_mailcfg_free(&cfg);
    if ((b & 1) && start_one("qsmtpd", err) < 0)
        return -1;
    if ((b & 2) && start_one("qpop3d", err) < 0)
        return -1;
    return 0;
}

static int endtcpsvr_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, err) < 0)
        return -1;
    unsigned b = qs_cl_is(c->args, "SERVER", "*AUTOSTART") ? 3 : servers(c, &cfg);
    qs_mailcfg_free(&cfg);
    if ((b & 1) && qs_svr_end("qsmtpd", 30, err) < 0)
        return -1;
    if ((b & 2) && qs_svr_end("qpop3d", 30, err) < 0)
        return -1;
    return 0;
}

QS_CL_COMMAND(strtcpsvr) = { .name = "STRTCPSVR", .text = "Start TCP/IP Server",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = strtcpsvr_run };
QS_CL_COMMAND(endtcpsvr) = { .name = "ENDTCPSVR", .text = "End TCP/IP Server",
                             QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = endtcpsvr_run };
