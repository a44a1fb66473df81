/*
 * qlpd - the LPD server (RFC 1179): an lpr client's job lands as a spooled
 * file QLPD on the output queue named by the queue (QPRINT → QGPL/QPRINT).
 *
 *   qlpd [--port N] [--bind ADDR] [--pidfile PATH] [--log PATH]
 *
 * Port: --port, else the service table's "printer" entry (the IANA name of
 * 515), else its "lpd" entry, else 515; 0 picks a free port.  Binds
 * 127.0.0.1 unless --bind says otherwise.  Prints "qlpd: listening
 * lpd=<port>", writes the pid file once listening (STRTCPSVR SERVER(*LPD)
 * waits for it) and logs each job to --log (default stderr);
 * SIGTERM/SIGINT stop it and remove the pid file.
 */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"
#include "qsys/netsrv/netsrv.h"
#include "qsys/netsrv/svrargs.h"
#include "qsys/srvtbl/srvtbl.h"
#include "spool/lpd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct qs_netsrv *srv;

static void on_signal(int sig)
{
    (void)sig;
    if (srv)
        qs_netsrv_stop(srv);
}

static void *lpd_open(struct qs_conn *c, void *arg)
{
    (void)c;
    (void)arg;
    return qs_lpd_new(qs_lpd_spool, qs_lpd_outq_exists, NULL);
}

static void lpd_input(void *sess, struct qs_conn *c)
{
    struct qs_buf *in = qs_conn_in(c);
    struct qs_buf out;
    qs_buf_init(&out, 64 * 1024);
    long used = qs_lpd_input(sess, in->data, in->len, &out);
    if (out.len)
        qs_conn_write(c, out.data, out.len);
    qs_buf_free(&out);
    if (used < 0) {
        qs_conn_close(c);
        return;
    }
    qs_buf_consume(in, (size_t)used);
}

static void lpd_quiet(void *sess, struct qs_conn *c)
{
    (void)sess;
    qs_conn_close(c);
}

static void lpd_close(void *sess)
{
    struct qs_lpd *l = sess;
    qs_lpd_free(&l);
}

static const struct qs_netsrv_proto lpd_proto = {
    .open = lpd_open, .input = lpd_input, .timeout = lpd_quiet,
    .shutdown = lpd_quiet, .close = lpd_close,
};

static void usage(void)
{
    fputs("usage: qlpd [--port N] [--bind ADDR] [--pidfile PATH] [--log PATH]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    struct qs_err err = QS_ERR_INIT;
    char *nocert = NULL, *nokey = NULL;
    struct qs_svrargs sa = { .bind = "127.0.0.1", .certfile = &nocert, .keyfile = &nokey };
    int port = 515;
    qs_log_open("qlpd", NULL, 0);
    if (qs_srvtbl_port("printer", "tcp", &port, NULL) < 0 &&
        qs_srvtbl_port("lpd", "tcp", &port, NULL) < 0)
        port = 515;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            usage();
        const char *a = argv[i], *v = argv[i + 1];
        if (strcmp(a, "--port") == 0) {
            if (qs_svrargs_num(v, 0, 65535, &port) < 0)
                usage();
        } else if (strcmp(a, "--cert") == 0 || strcmp(a, "--key") == 0 ||
                   !qs_svrargs_take(&sa, a, v)) {
            usage();                          /* LPD has no TLS */
        }
    }
    if (sa.logfile)
        qs_log_open("qlpd", sa.logfile, 0);
    signal(SIGPIPE, SIG_IGN);
    if (qs_netsrv_new(&srv, &lpd_proto, NULL, &err) < 0)
        goto fail;
    int p = qs_netsrv_listen(srv, sa.bind, port, 0, 0, &err);
    if (p < 0)
        goto fail;
    qs_netsrv_set_timeout(srv, 60);
    struct sigaction sig;
    memset(&sig, 0, sizeof sig);
    sig.sa_handler = on_signal;
    sigaction(SIGTERM, &sig, NULL);
    sigaction(SIGINT, &sig, NULL);
    qs_svrargs_write_pid(&sa);
    qs_log(QS_LOG_INFO, "listening on %s port %d", sa.bind, p);
    printf("qlpd: listening lpd=%d\n", p);
    fflush(stdout);
    int rc = qs_netsrv_run(srv);
    qs_netsrv_free(&srv);
    if (sa.pidfile)
        unlink(sa.pidfile);
    qs_log(QS_LOG_INFO, "ended");
    return rc < 0 ? 1 : 0;
fail:
    fprintf(stderr, "qlpd: %s %s\n", err.msgid, err.text ? err.text : "");
    qs_log(QS_LOG_ERR, "cannot start: %s %s", err.msgid, err.text ? err.text : "");
    qs_err_clear(&err);
    qs_netsrv_free(&srv);
    return 1;
}
