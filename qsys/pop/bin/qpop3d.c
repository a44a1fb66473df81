/*
 * qpop3d - the POP3 server program (STRTCPSVR SERVER(*POP)).
 *
 *   qpop3d [--port N] [--pop3s N] [--bind ADDR] [--cert PEM --key PEM]
 *          [--fail-delay MS] [--pidfile PATH] [--log PATH]
 *
 * Configuration: $QSYS_ROOT/mail/popa.conf (CHGPOPA ALWSSL, INACTTIMO …)
 * and the TLS files of smtpa.conf; ports from the service table (pop3,
 * pop3s).  Prints "qpop3d: listening pop3=N pop3s=N".
 */
#include "qsys/pop/pop3d.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/srvtbl/srvtbl.h"
#include "qsys/netsrv/svrargs.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct qs_pop3d *srv;

static void on_signal(int sig)
{
    (void)sig;
    if (srv)
        qs_pop3d_stop(srv);
}

static void usage(void)
{
    fprintf(stderr, "usage: qpop3d [--port N] [--pop3s N] [--bind ADDR] [--cert PEM --key PEM]\n"
                    "              [--fail-delay MS] [--pidfile PATH] [--log PATH]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct qs_mailcfg cfg;
    struct qs_err err = QS_ERR_INIT;
    qs_log_open("qpop3d", NULL, 0);
    if (qs_mailcfg_load(&cfg, &err) < 0) {
        fprintf(stderr, "qpop3d: %s %s\n", err.msgid, err.text);
        return 1;
    }
    struct qs_pop3d_opts o;
    memset(&o, 0, sizeof o);
    o.cfg = &cfg;
    o.port = cfg.pop_port;
    o.pops_port = cfg.pops_port ? cfg.pops_port : -1;
    int p;
    if (qs_srvtbl_port("pop3", "tcp", &p, NULL) == 0) o.port = p;
    if (qs_srvtbl_port("pop3s", "tcp", &p, NULL) == 0) o.pops_port = p;
    struct qs_svrargs sa = { .certfile = &cfg.certfile, .keyfile = &cfg.keyfile };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) usage();
        i++;
        if (strcmp(a, "--port") == 0) { if (qs_svrargs_num(v, -1, 65535, &o.port) < 0) usage(); }
        else if (strcmp(a, "--pop3s") == 0) { if (qs_svrargs_num(v, -1, 65535, &o.pops_port) < 0) usage(); }
        else if (strcmp(a, "--fail-delay") == 0) { if (qs_svrargs_num(v, 1, 60000, &o.fail_delay_ms) < 0) usage(); }
        else if (!qs_svrargs_take(&sa, a, v)) usage();
    }
    o.bind = sa.bind;
    qs_svrargs_apply(&sa, "qpop3d");
    if (qs_pop3d_new(&srv, &o, &err) < 0) {
        fprintf(stderr, "qpop3d: %s %s\n", err.msgid, err.text ? err.text : "");
        qs_mailcfg_free(&cfg);
        return 1;
    }
    char line[64];
    snprintf(line, sizeof line, "qpop3d: listening pop3=%d pop3s=%d", qs_pop3d_port(srv, 0),
             qs_pop3d_port(srv, 1));
    qs_svrargs_started(&sa, on_signal, line);
    int rc = qs_pop3d_run(srv);
    qs_pop3d_free(&srv);
    qs_mailcfg_free(&cfg);
    qs_svrargs_finish(&sa);
    return rc < 0 ? 1 : 0;
}
