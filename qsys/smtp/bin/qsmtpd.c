/*
 * qsmtpd - the SMTP server program (STRTCPSVR SERVER(*SMTP)).
 *
 *   qsmtpd [--port N] [--submission N] [--smtps N] [--bind ADDR]
 *          [--cert PEM --key PEM] [--msf] [--pidfile PATH] [--log PATH]
 *
 * Configuration comes from $QSYS_ROOT/mail/smtpa.conf (CHGSMTPA); ports
 * from the service table (smtp, submission, smtps; smtps only with
 * ALWIMPSSL(*YES)); flags override ports and TLS files.  A port of 0 binds an ephemeral port; the
 * bound ports are printed as "qsmtpd: listening smtp=N submission=N smtps=N".
 * --msf also runs NBRMSFJOB MSF workers in this process (STRMSF).
 * SIGTERM/SIGINT: 421 to every client, then exit (ENDTCPSVR).
 */
#include "qsys/smtp/smtpd.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/jrn/jrn.h"
#include "qsys/srvtbl/srvtbl.h"
#include "qsys/netsrv/svrargs.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct qs_smtpd *srv;

static void on_signal(int sig)
{
    (void)sig;
    if (srv)
        qs_smtpd_stop(srv);
}

static void usage(void)
{
    fprintf(stderr, "usage: qsmtpd [--port N] [--submission N] [--smtps N] [--bind ADDR]\n"
                    "              [--cert PEM --key PEM] [--msf] [--pidfile PATH] [--log PATH]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct qs_mailcfg cfg;
    struct qs_err err = QS_ERR_INIT;
    qs_log_open("qsmtpd", NULL, 0);
    qs_jrn_set_program("QTSMTPSRVR");
    if (qs_mailcfg_load(&cfg, &err) < 0) {
        fprintf(stderr, "qsmtpd: %s %s\n", err.msgid, err.text);
        return 1;
    }
    struct qs_smtpd_opts o;
    memset(&o, 0, sizeof o);
    o.cfg = &cfg;
    o.port = cfg.port;
    o.subm_port = cfg.subm_port ? cfg.subm_port : -1;
    o.smtps_port = cfg.alwimpssl && cfg.smtps_port ? cfg.smtps_port : -1;
    int p;
    if (qs_srvtbl_port("smtp", "tcp", &p, NULL) == 0) o.port = p;
    if (qs_srvtbl_port("submission", "tcp", &p, NULL) == 0) o.subm_port = p;
    if (cfg.alwimpssl && qs_srvtbl_port("smtps", "tcp", &p, NULL) == 0) o.smtps_port = p;
    struct qs_svrargs sa = { .certfile = &cfg.certfile, .keyfile = &cfg.keyfile };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--msf") == 0) { o.run_msf = 1; continue; }
        if (!v) usage();
        i++;
        if (strcmp(a, "--port") == 0) { if (qs_svrargs_num(v, -1, 65535, &o.port) < 0) usage(); }
        else if (strcmp(a, "--submission") == 0) { if (qs_svrargs_num(v, -1, 65535, &o.subm_port) < 0) usage(); }
        else if (strcmp(a, "--smtps") == 0) { if (qs_svrargs_num(v, -1, 65535, &o.smtps_port) < 0) usage(); }
        else if (!qs_svrargs_take(&sa, a, v)) usage();
    }
    o.bind = sa.bind;
    qs_svrargs_apply(&sa, "qsmtpd");
    if (qs_smtpd_new(&srv, &o, &err) < 0) {
        fprintf(stderr, "qsmtpd: %s %s\n", err.msgid, err.text ? err.text : "");
        qs_mailcfg_free(&cfg);
        return 1;
    }
    char line[96];
    snprintf(line, sizeof line, "qsmtpd: listening smtp=%d submission=%d smtps=%d",
             qs_smtpd_port(srv, 0), qs_smtpd_port(srv, 1), qs_smtpd_port(srv, 2));
    qs_svrargs_started(&sa, on_signal, line);
    qs_log(QS_LOG_INFO, "started");
    int rc = qs_smtpd_run(srv);
    qs_smtpd_free(&srv);
    qs_mailcfg_free(&cfg);
    qs_svrargs_finish(&sa);
    qs_log(QS_LOG_INFO, "ended");
    return rc < 0 ? 1 : 0;
}
