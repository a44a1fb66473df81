/*
 * qlpd - the LPD server (RFC 1179): an lpr client's job lands as a spooled
 * file QLPD on the output queue named by the queue (QPRINT → QGPL/QPRINT).
 *
 *   qlpd [--port N] [--bind ADDR]
 *
 * Port: --port, else the service table's "lpd" entry, else 515; 0 picks a
 * free port.  Prints "qlpd: listening lpd=<port>"; SIGTERM/SIGINT stop it.
 */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"
#include "qsys/netsrv/netsrv.h"
#include "qsys/srvtbl/srvtbl.h"
#include "spool/lpd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
    struct qs_err err = QS_ERR_INIT;
    const char *bind = "127.0.0.1";
    int port = 515;
    long long v;
    qs_log_open("qlpd", NULL, 0);
    if (qs_srvtbl_port("lpd", "tcp", &port, NULL) < 0)
        port = 515;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            goto usage;
        if (strcmp(argv[i], "--port") == 0) {
            if (qs_parse_ll(argv[i + 1], strlen(argv[i + 1]), 0, 65535, &v) < 0)
                goto usage;
            port = (int)v;
        } else if (strcmp(argv[i], "--bind") == 0) {
            bind = argv[i + 1];
        } else {
            goto usage;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    if (qs_netsrv_new(&srv, &lpd_proto, NULL, &err) < 0)
        goto fail;
    int p = qs_netsrv_listen(srv, bind, port, 0, 0, &err);
    if (p < 0)
        goto fail;
    qs_netsrv_set_timeout(srv, 60);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    printf("qlpd: listening lpd=%d\n", p);
    fflush(stdout);
    int rc = qs_netsrv_run(srv);
    qs_netsrv_free(&srv);
    return rc < 0 ? 1 : 0;
fail:
    fprintf(stderr, "qlpd: %s %s\n", err.msgid, err.text ? err.text : "");
    qs_err_clear(&err);
    qs_netsrv_free(&srv);
    return 1;
usage:
    fputs("usage: qlpd [--port N] [--bind ADDR]\n", stderr);
    return 2;
}
