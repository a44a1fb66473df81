/*
 * qsys/pop/pop3d.c - POP3 sessions (see pop3d.h).
 *
 * RETR and TOP stream the message in slices: the session queues up to
 * PUMP_HIGH bytes, byte-stuffing lines that start with '.', and the
 * netsrv "drained" callback asks for the next slice; commands pipelined
 * behind it wait in the input buffer until the message is out.
 */
#include "qsys/pop/pop3d.h"
#include "qsys/netsrv/netsrv.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/usrprf/usrprf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_BAD 10
#define MAX_LOGIN_FAIL 3
#define PUMP_HIGH (256u * 1024)
#define SLICE (64u * 1024)

struct qs_pop3d {
    const struct qs_mailcfg *cfg;
    struct qs_netsrv *srv;
    SSL_CTX *tls;
    int ports[2];
    int (*signon)(const char *, const char *);
    int fail_delay_ms;
};

enum { ST_AUTH, ST_TRANS };

struct psess {
    struct qs_pop3d *d;
    struct qs_conn *c;
    int state;
    char *user;
    int bad, login_fail;
    struct qs_mbox mb;
    int mb_open;
    /* streaming RETR/TOP */
    int   fd;
    int   bol;             /* at a line start in the message */
    int   in_body;         /* TOP: past the header */
    long  lines_left;      /* TOP: body lines still to send, -1 = all */
    int   last_crlf;       /* the message so far ends with CRLF */
    char  lastc;
    int   discarding;
    char *slice;           /* SLICE bytes */
    char *line;            /* QS_MAX_POP_CMDLINE + 1 */
};

static void ok(struct psess *s, const char *t) { qs_conn_printf(s->c, "+OK %s\r\n", t); }

static void err(struct psess *s, const char *t)
{
    qs_conn_printf(s->c, "-ERR %s\r\n", t);
    if (++s->bad >= MAX_BAD) {
        qs_conn_printf(s->c, "-ERR too many errors\r\n");
        qs_conn_close(s->c);
    }
}

unsigned long qs_pop_msgno(const char *s, unsigned long max)
{
    long long v;
    if (!s || !*s || *s == '+' || *s == '-' || qs_parse_ll(s, strlen(s), 1, 1000000000, &v) < 0)
        return 0;
    return (unsigned long)v <= max ? (unsigned long)v : 0;
}

/* A message number argument that names a message not marked deleted. */
static long msg_arg(struct psess *s, const char *a)
{
    unsigned long n = qs_pop_msgno(a, s->mb.n);
    if (n == 0 || s->mb.msg[n - 1].deleted) {
        err(s, "no such message");
        return -1;
    }
    return (long)n - 1;
}

static void finish_stream(struct psess *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    if (!s->last_crlf)
        qs_conn_write(s->c, "\r\n", 2);
    qs_conn_write(s->c, ".\r\n", 3);
}

/* Queue the next part of the message; returns 1 when the stream ended. */
static int pump(struct psess *s)
{
    while (s->fd >= 0 && qs_conn_outlen(s->c) < PUMP_HIGH) {
        ssize_t r = read(s->fd, s->slice, SLICE);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            finish_stream(s);
            return 1;
        }
        size_t start = 0;
        for (size_t i = 0; i < (size_t)r; i++) {
            char ch = s->slice[i];
            if (s->bol) {
                if (s->in_body && s->lines_left == 0) {
                    qs_conn_write(s->c, s->slice + start, i - start);
                    finish_stream(s);
                    return 1;
                }
                if (ch == '.') {           /* byte-stuff */
                    qs_conn_write(s->c, s->slice + start, i - start);
                    qs_conn_write(s->c, ".", 1);
                    start = i;
                }
                if (!s->in_body && ch == '\r' && i + 1 < (size_t)r && s->slice[i + 1] == '\n')
                    s->in_body = 2;        /* the empty line: body starts after it */
            }
            s->last_crlf = ch == '\n' && s->lastc == '\r';
            s->lastc = ch;
            if (ch == '\n') {
                s->bol = 1;
                if (s->in_body == 2)
                    s->in_body = 1;
                else if (s->in_body == 1 && s->lines_left > 0)
                    s->lines_left--;
            } else {
                s->bol = 0;
            }
        }
        qs_conn_write(s->c, s->slice + start, (size_t)r - start);
    }
    return s->fd < 0;
}

static void start_stream(struct psess *s, long i, long lines)
{
    s->fd = qs_mbox_open_msg(&s->mb, (size_t)i);
    if (s->fd < 0) {
        err(s, "message not available");
        return;
    }
    s->bol = 1;
    s->in_body = 0;
    s->lines_left = lines;
    s->last_crlf = 1;
    s->lastc = '\n';
    if (lines >= 0)
        ok(s, "top of message follows");
    else
        qs_conn_printf(s->c, "+OK %llu octets\r\n", (unsigned long long)s->mb.msg[i].size);
    pump(s);
}

static void login_failed(struct qs_conn *c, void *arg)
{
    struct psess *s = arg;
    if (++s->login_fail >= MAX_LOGIN_FAIL) {
        qs_conn_printf(c, "-ERR [AUTH] too many failures\r\n");
        qs_conn_close(c);
    } else {
        err(s, "[AUTH] authentication failed");
    }
    qs_conn_resume(c);
}

static void do_pass(struct psess *s, const char *pw)
{
    if (!s->user) {
        err(s, "send USER first");
        return;
    }
    char *u = s->user;
    s->user = NULL;
    char name[11];
    int good = strlen(u) <= 10 && pw && s->d->signon(u, pw) == 0;
    if (good) {
        qs_strlcpy(name, u, sizeof name);
        qs_str_upper(name);
    }
    free(u);
    if (!good) {
        qs_conn_pause(s->c);
        qs_netsrv_post_after(qs_conn_server(s->c), s->c, s->d->fail_delay_ms, login_failed, s);
        return;
    }
    struct qs_err e = QS_ERR_INIT;
    int r = qs_mbox_open(&s->mb, name, &e);
    if (r != 0) {
        qs_err_clear(&e);
        err(s, r == 1 ? "[IN-USE] mailbox is locked by another session"
                      : "[SYS/TEMP] mailbox not available");
        return;
    }
    s->mb_open = 1;
    s->state = ST_TRANS;
    if (qs_conn_peer4(s->c))
        qs_popwdw_note(qs_conn_peer4(s->c));
    uint64_t total = 0;
    for (size_t i = 0; i < s->mb.n; i++)
        total += s->mb.msg[i].size;
    qs_conn_printf(s->c, "+OK %zu messages (%llu octets)\r\n", s->mb.n, (unsigned long long)total);
}

static int plain_allowed(const struct psess *s)
{
    return s->d->cfg->alwssl != 2 || qs_conn_is_tls(s->c);
}

void qs_pop_split(char *line, char **arg_r, char **arg2_r)
{
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = '\0';
    char *arg2 = arg ? strchr(arg, ' ') : NULL;
    if (arg2)
        *arg2++ = '\0';
    *arg_r = arg;
    *arg2_r = arg2;
}

static void command(struct psess *s, char *line)
{
    char *arg, *arg2;
    qs_pop_split(line, &arg, &arg2);
    const char *v = line;
    if (qs_strcaseeq(v, "QUIT")) {
        if (s->state == ST_TRANS) {
            int bad = qs_mbox_expunge(&s->mb);
            if (bad)
                qs_conn_printf(s->c, "-ERR some deleted messages not removed\r\n");
            else
                ok(s, "bye");
        } else {
            ok(s, "bye");
        }
        qs_conn_close(s->c);
        return;
    }
    if (qs_strcaseeq(v, "CAPA")) {
        qs_conn_printf(s->c, "+OK capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\n"
                             "PIPELINING\r\n%s%sIMPLEMENTATION qshim\r\n.\r\n",
                       s->state == ST_AUTH && plain_allowed(s) ? "USER\r\n" : "",
                       s->state == ST_AUTH && qs_conn_tls_possible(s->c) && !qs_conn_is_tls(s->c)
                           ? "STLS\r\n" : "");
        return;
    }
    if (qs_strcaseeq(v, "NOOP")) { ok(s, ""); return; }
    if (s->state == ST_AUTH) {
        if (qs_strcaseeq(v, "STLS")) {
            if (qs_conn_is_tls(s->c) || !qs_conn_tls_possible(s->c)) {
                err(s, "TLS not available");
                return;
            }
            ok(s, "begin TLS negotiation");
            qs_conn_starttls(s->c);
            return;
        }
        if (qs_strcaseeq(v, "USER")) {
            if (!plain_allowed(s)) { err(s, "[AUTH] plaintext login not allowed; use STLS"); return; }
            if (!arg || !*arg || arg2) { err(s, "syntax: USER name"); return; }
            free(s->user);
            s->user = strdup(arg);
            ok(s, "send PASS");
            return;
        }
        if (qs_strcaseeq(v, "PASS")) {
            if (!plain_allowed(s)) { err(s, "[AUTH] plaintext login not allowed; use STLS"); return; }
            if (arg2) arg2[-1] = ' ';   /* passwords may contain blanks */
            do_pass(s, arg);
            return;
        }
        err(s, "command not valid in this state");
        return;
    }
    /* TRANSACTION */
    if (qs_strcaseeq(v, "STAT")) {
        size_t n = 0;
        uint64_t t = 0;
        for (size_t i = 0; i < s->mb.n; i++)
            if (!s->mb.msg[i].deleted) { n++; t += s->mb.msg[i].size; }
        qs_conn_printf(s->c, "+OK %zu %llu\r\n", n, (unsigned long long)t);
    } else if (qs_strcaseeq(v, "LIST") || qs_strcaseeq(v, "UIDL")) {
        int uidl = v[0] == 'U' || v[0] == 'u';
        if (arg) {
            long i = msg_arg(s, arg);
            if (i < 0) return;
            if (uidl) qs_conn_printf(s->c, "+OK %ld %s\r\n", i + 1, s->mb.msg[i].uid);
            else qs_conn_printf(s->c, "+OK %ld %llu\r\n", i + 1, (unsigned long long)s->mb.msg[i].size);
            return;
        }
        ok(s, "listing follows");
        for (size_t i = 0; i < s->mb.n; i++) {
            if (s->mb.msg[i].deleted) continue;
            if (uidl) qs_conn_printf(s->c, "%zu %s\r\n", i + 1, s->mb.msg[i].uid);
            else qs_conn_printf(s->c, "%zu %llu\r\n", i + 1, (unsigned long long)s->mb.msg[i].size);
        }
        qs_conn_write(s->c, ".\r\n", 3);
    } else if (qs_strcaseeq(v, "RETR")) {
        long i = msg_arg(s, arg);
        if (i >= 0) start_stream(s, i, -1);
    } else if (qs_strcaseeq(v, "TOP")) {
        long i = msg_arg(s, arg);
        if (i < 0) return;
        long long nl;
        if (!arg2 || *arg2 == '+' || qs_parse_ll(arg2, strlen(arg2), 0, 1000000000, &nl) < 0) {
            err(s, "syntax: TOP msg lines");
            return;
        }
        start_stream(s, i, (long)nl);
    } else if (qs_strcaseeq(v, "DELE")) {
        long i = msg_arg(s, arg);
        if (i >= 0) {
            s->mb.msg[i].deleted = 1;
            ok(s, "marked for deletion");
        }
    } else if (qs_strcaseeq(v, "RSET")) {
        for (size_t i = 0; i < s->mb.n; i++)
            s->mb.msg[i].deleted = 0;
        ok(s, "");
    } else {
        err(s, "command not recognized");
    }
}

static void p_input(void *arg, struct qs_conn *c)
{
    struct psess *s = arg;
    struct qs_buf *in = qs_conn_in(c);
    while (qs_conn_accepting(c) && s->fd < 0 && in->len > 0) {
        char *nl = memchr(in->data, '\n', in->len);
        if (!nl) {
            if (in->len > QS_MAX_POP_CMDLINE) {
                qs_buf_reset(in);
                if (!s->discarding)
                    err(s, "line too long");
                s->discarding = 1;
            }
            return;
        }
        size_t n = (size_t)(nl - in->data), used = n + 1;
        if (n > 0 && in->data[n - 1] == '\r')
            n--;
        if (s->discarding || n > QS_MAX_POP_CMDLINE) {
            if (!s->discarding)
                err(s, "line too long");
            s->discarding = 0;
            qs_buf_consume(in, used);
            continue;
        }
        memcpy(s->line, in->data, n);
        s->line[n] = '\0';
        qs_buf_consume(in, used);
        if (memchr(s->line, '\0', n) || memchr(s->line, '\r', n)) {
            err(s, "bad characters in command");
            continue;
        }
        command(s, s->line);
    }
}

static void p_drained(void *arg, struct qs_conn *c)
{
    struct psess *s = arg;
    if (s->fd >= 0 && pump(s))
        p_input(s, c);             /* commands pipelined behind RETR */
}

static void *p_open(struct qs_conn *c, void *arg)
{
    struct qs_pop3d *d = arg;
    struct psess *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->slice = malloc(SLICE);
    s->line = malloc(QS_MAX_POP_CMDLINE + 1);
    if (!s->slice || !s->line) {
        free(s->slice);
        free(s->line);
        free(s);
        return NULL;
    }
    s->d = d;
    s->c = c;
    s->fd = -1;
    s->mb.lock_fd = -1;
    ok(s, "qshim POP3 server ready");
    return s;
}

static void p_timeout(void *arg, struct qs_conn *c)
{
    (void)arg;
    qs_conn_printf(c, "-ERR autologout; idle for too long\r\n");
}

static void p_shutdown(void *arg, struct qs_conn *c)
{
    (void)arg;
    qs_conn_printf(c, "-ERR server shutting down\r\n");
}

static void p_tls_ready(void *arg, struct qs_conn *c)
{
    struct psess *s = arg;
    (void)c;
    free(s->user);
    s->user = NULL;
}

static void p_close(void *arg)
{
    struct psess *s = arg;
    if (s->fd >= 0)
        close(s->fd);
    if (s->mb_open)
        qs_mbox_close(&s->mb);     /* no QUIT: nothing is deleted */
    free(s->user);
    free(s->slice);
    free(s->line);
    free(s);
}

static const struct qs_netsrv_proto pop_proto = {
    p_open, p_input, p_timeout, p_shutdown, p_tls_ready, p_drained, p_close
};

static int default_signon(const char *user, const char *password)
{
    struct qs_err e = QS_ERR_INIT;
    int rc = qs_usrprf_signon(user, password, &e);
    qs_err_clear(&e);
    return rc;
}

int qs_pop3d_new(struct qs_pop3d **d_r, const struct qs_pop3d_opts *o, struct qs_err *err_r)
{
    *d_r = NULL;
    struct qs_pop3d *d = calloc(1, sizeof *d);
    if (!d)
        return qs_err_sys(err_r, ENOMEM);
    d->cfg = o->cfg;
    d->signon = o->signon ? o->signon : default_signon;
    d->fail_delay_ms = o->fail_delay_ms > 0 ? o->fail_delay_ms : 2000;
    d->ports[0] = d->ports[1] = -1;
    if (qs_netsrv_new(&d->srv, &pop_proto, d, err_r) < 0)
        goto fail;
    qs_netsrv_set_timeout(d->srv, d->cfg->pop_inacttimo);
    if (d->cfg->certfile && d->cfg->keyfile) {
        d->tls = qs_tls_server_ctx(d->cfg->certfile, d->cfg->keyfile, err_r);
        if (!d->tls)
            goto fail;
        qs_netsrv_set_tls(d->srv, d->tls);
    }
    const char *bind = o->bind ? o->bind : d->cfg->pop_bndadr;
    if (o->port >= 0 && (d->ports[0] = qs_netsrv_listen(d->srv, bind, o->port, 0, 0, err_r)) < 0)
        goto fail;
    if (o->pops_port >= 0 && d->tls &&
        (d->ports[1] = qs_netsrv_listen(d->srv, bind, o->pops_port, 1, 1, err_r)) < 0)
        goto fail;
    *d_r = d;
    return 0;
fail:
    qs_pop3d_free(&d);
    return -1;
}

int qs_pop3d_port(const struct qs_pop3d *d, int tls) { return d->ports[tls ? 1 : 0]; }
int qs_pop3d_run(struct qs_pop3d *d) { return qs_netsrv_run(d->srv); }
void qs_pop3d_stop(struct qs_pop3d *d) { qs_netsrv_stop(d->srv); }

void qs_pop3d_free(struct qs_pop3d **dp)
{
    struct qs_pop3d *d = *dp;
    if (!d)
        return;
    qs_netsrv_free(&d->srv);
    if (d->tls)
        SSL_CTX_free(d->tls);
    free(d);
    *dp = NULL;
}
