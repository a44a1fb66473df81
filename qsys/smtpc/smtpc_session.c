/*
 * qsys/smtpc/smtpc_session.c - one delivery attempt: session set-up
 * (greeting, EHLO, STARTTLS, AUTH), the transaction (MAIL, RCPT, DATA, with
 * PIPELINING when offered), verdicts, and the connection cache.
 *
 * Host order: every host the route gives is tried until one of them has
 * answered MAIL FROM; after that the verdicts stand (a 4xx from a reachable
 * server defers, it does not move on to a worse MX).
 */
#include "qsys/smtpc/smtpc.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"
#include "qsys/mime/mime.h"
#include "qsys/smtpc/smtpc_conn.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POOL_MAX 8

struct qs_smtpc_pool {
    struct qs_smtpc_conn *list;
    size_t n;
    struct qs_smtpc_stats st;
};

struct qs_smtpc_pool *qs_smtpc_pool_new(void)
{
    return calloc(1, sizeof(struct qs_smtpc_pool));
}

static void quit_close(struct qs_smtpc_conn **c)
{
    if (*c && !(*c)->broken) {
        struct qs_smtp_reply r;
        if (qs_smtpc_conn_write(*c, "QUIT\r\n", 6, NULL) == 0)
            qs_smtpc_conn_reply(*c, &r, NULL);
    }
    qs_smtpc_conn_close(c);
}

void qs_smtpc_pool_free(struct qs_smtpc_pool **pp)
{
    struct qs_smtpc_pool *p = *pp;
    if (!p)
        return;
    while (p->list) {
        struct qs_smtpc_conn *c = p->list;
        p->list = c->next;
        quit_close(&c);
    }
    free(p);
    *pp = NULL;
}

void qs_smtpc_pool_stats(const struct qs_smtpc_pool *p, struct qs_smtpc_stats *s)
{
    *s = p->st;
}

static struct qs_smtpc_conn *pool_take(struct qs_smtpc_pool *p, const char *host, int port)
{
    for (struct qs_smtpc_conn **pc = &p->list; *pc; pc = &(*pc)->next) {
        if ((*pc)->port == port && qs_strcaseeq((*pc)->host, host)) {
            struct qs_smtpc_conn *c = *pc;
            *pc = c->next;
            c->next = NULL;
            p->n--;
            return c;
        }
    }
    return NULL;
}

static void pool_put(struct qs_smtpc_pool *p, struct qs_smtpc_conn *c)
{
    if (!p || c->broken || p->n >= POOL_MAX) {
        quit_close(&c);
        return;
    }
    c->next = p->list;
    p->list = c;
    p->n++;
}

int qs_smtpc_dotstuff(struct qs_buf *out, const char *d, size_t n)
{
    int bol = 1;
    for (size_t i = 0; i < n; i++) {
        char ch = d[i];
        if (ch == '\r' || ch == '\n') {
            /* CRLF, bare CR and bare LF all become one CRLF */
            if (ch == '\r' && i + 1 < n && d[i + 1] == '\n')
                i++;
            if (qs_buf_add(out, "\r\n", 2) < 0)
                return -1;
            bol = 1;
            continue;
        }
        if (bol && ch == '.' && qs_buf_addc(out, '.') < 0)
            return -1;
        if (qs_buf_addc(out, ch) < 0)
            return -1;
        bol = 0;
    }
    if (!bol && qs_buf_add(out, "\r\n", 2) < 0)
        return -1;
    return qs_buf_add(out, ".\r\n", 3);
}

/* ---- verdicts ---------------------------------------------------------- */

/* snprintf that may cut (diagnostics are bounded) and turns control
 * characters from the server into '?'. */
static void fmt_into(char *dst, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void fmt_into(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
    for (char *p = dst; *p; p++)
        if ((unsigned char)*p < 32 || *p == 127)
            *p = '?';
}

static void set_verdict(struct qs_smtpc_rcpt *r, int code, const char *enh, const char *text,
                        const char *host)
{
    r->code = code;
    r->verdict = code >= 200 && code < 300 ? QS_DLV_OK : code >= 500 ? QS_DLV_FAIL : QS_DLV_DEFER;
    char t[200];
    qs_sanitize(t, sizeof t, text, strlen(text));
    const char *dflt = r->verdict == QS_DLV_OK ? "2.0.0" : r->verdict == QS_DLV_FAIL ? "5.0.0" : "4.0.0";
    if (code)
        fmt_into(r->diag, sizeof r->diag, "%s %d %s (%s)", enh && *enh ? enh : dflt, code, t, host);
    else
        fmt_into(r->diag, sizeof r->diag, "%s %s (%s)", enh && *enh ? enh : dflt, t, host);
}

static void set_all(struct qs_smtpc_msg *m, int only_pending, int code, const char *enh,
                    const char *text, const char *host)
{
    for (size_t i = 0; i < m->nrcpt; i++)
        if (!only_pending || m->rcpt[i].verdict == QS_DLV_DEFER)
            set_verdict(&m->rcpt[i], code, enh, text, host);
}

static void defer_all(struct qs_smtpc_msg *m, const char *enh, const char *why, const char *host)
{
    for (size_t i = 0; i < m->nrcpt; i++) {
        m->rcpt[i].verdict = QS_DLV_DEFER;
        m->rcpt[i].code = 0;
        fmt_into(m->rcpt[i].diag, sizeof m->rcpt[i].diag, "%s %s (%s)", enh, why, host);
    }
}

static const char *reply_text(const struct qs_smtp_reply *r)
{
    const char *t = r->text;
    size_t k = strlen(r->enh);
    if (k && strncmp(t, r->enh, k) == 0)
        t += k;
    while (*t == ' ')
        t++;
    return t;
}

/* ---- session set-up ---------------------------------------------------- */

static int cmd(struct qs_smtpc_conn *c, struct qs_smtp_reply *r, struct qs_err *err,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int cmd(struct qs_smtpc_conn *c, struct qs_smtp_reply *r, struct qs_err *err,
               const char *fmt, ...)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_SMTP_CMDLINE * 4);
    va_list ap;
    va_start(ap, fmt);
    int rc = qs_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (rc < 0 || qs_buf_add(&b, "\r\n", 2) < 0) {
        qs_buf_free(&b);
        return qs_err_sys(err, E2BIG);
    }
    rc = qs_smtpc_conn_write(c, b.data, b.len, err);
    if (b.data)
        memset(b.data, 0, b.len);       /* may hold credentials */
    qs_buf_free(&b);
    if (rc < 0)
        return -1;
    return qs_smtpc_conn_reply(c, r, err);
}

static void parse_ehlo(struct qs_smtpc_conn *c, const struct qs_smtp_reply *r)
{
    c->esmtp = 1;
    c->pipelining = c->starttls = c->auth_plain = c->auth_login = c->eightbit = c->dsn = 0;
    c->size_max = 0;
    const char *t = r->text, *end = r->text + r->text_len;
    int first = 1;
    while (t < end) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        size_t n = nl ? (size_t)(nl - t) : (size_t)(end - t);
        if (!first) {
            size_t kw = 0;
            while (kw < n && t[kw] != ' ' && t[kw] != '=')
                kw++;
            if (qs_memcaseeq(t, kw, "PIPELINING")) c->pipelining = 1;
            else if (qs_memcaseeq(t, kw, "STARTTLS")) c->starttls = 1;
            else if (qs_memcaseeq(t, kw, "8BITMIME")) c->eightbit = 1;
            else if (qs_memcaseeq(t, kw, "DSN")) c->dsn = 1;
            else if (qs_memcaseeq(t, kw, "SIZE") && kw + 1 < n) {
                long long v;
                if (qs_parse_ll(t + kw + 1, n - kw - 1, 0, (long long)1 << 50, &v) == 0)
                    c->size_max = (uint64_t)v;
            } else if (qs_memcaseeq(t, kw, "AUTH")) {
                for (size_t i = kw; i < n;) {
                    while (i < n && (t[i] == ' ' || t[i] == '='))
                        i++;
                    size_t j = i;
                    while (j < n && t[j] != ' ')
                        j++;
                    if (qs_memcaseeq(t + i, j - i, "PLAIN")) c->auth_plain = 1;
                    if (qs_memcaseeq(t + i, j - i, "LOGIN")) c->auth_login = 1;
                    i = j;
                }
            }
        }
        first = 0;
        t += n + 1;
    }
}

static int is_loopback(const char *h)
{
    return strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0;
}

static const struct qs_smtpc_auth *find_auth(const struct qs_smtpc_cfg *cfg, const char *host)
{
    for (size_t i = 0; i < cfg->nauth; i++)
        if (qs_strcaseeq(cfg->auth[i].host, host))
            return &cfg->auth[i];
    return NULL;
}

static int do_auth(struct qs_smtpc_conn *c, const struct qs_smtpc_auth *a, struct qs_smtp_reply *r,
                   struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, 4096);
    int rc;
    if (c->auth_plain) {
        struct qs_buf raw;
        qs_buf_init(&raw, 2048);
        rc = (qs_buf_addc(&raw, '\0') < 0 || qs_buf_adds(&raw, a->user) < 0 ||
              qs_buf_addc(&raw, '\0') < 0 || qs_buf_adds(&raw, a->password) < 0 ||
              qs_mime_base64_raw(&b, raw.data, raw.len) < 0) ? qs_err_sys(err, E2BIG)
                                                             : cmd(c, r, err, "AUTH PLAIN %s", b.data);
        if (raw.data)
            memset(raw.data, 0, raw.len);
        qs_buf_free(&raw);
    } else {
        rc = cmd(c, r, err, "AUTH LOGIN");
        if (rc == 0 && r->code == 334) {
            rc = qs_mime_base64_raw(&b, a->user, strlen(a->user)) < 0 ? qs_err_sys(err, E2BIG)
                                                                      : cmd(c, r, err, "%s", b.data);
            qs_buf_reset(&b);
            if (rc == 0 && r->code == 334)
                rc = qs_mime_base64_raw(&b, a->password, strlen(a->password)) < 0
                         ? qs_err_sys(err, E2BIG) : cmd(c, r, err, "%s", b.data);
        }
    }
    if (b.data)
        memset(b.data, 0, b.len);
    qs_buf_free(&b);
    return rc;
}

/* Open and set up a session.  On failure returns NULL, with *why describing
 * it, *permanent set when the server refused us with 5xx. */
static struct qs_smtpc_conn *session_open(const struct qs_smtpc_cfg *cfg, struct qs_smtpc_pool *pool,
                                          const struct qs_smtpc_host *h, int no_tls,
                                          char *why, size_t whysz, int *tls_failed)
{
    struct qs_err e = QS_ERR_INIT;
    struct qs_smtp_reply r;
    *tls_failed = 0;
    struct qs_smtpc_conn *c = qs_smtpc_conn_open(h->name, h->port, cfg->timeout, &e);
    if (!c) {
        fmt_into(why, whysz, "4.4.1 %s", e.text ? e.text : "cannot connect");
        qs_err_clear(&e);
        return NULL;
    }
    if (pool)
        pool->st.connects++;
    const char *helo = cfg->helo;
    char hn[256];
    if (!helo) {
        if (gethostname(hn, sizeof hn) != 0 || !strchr(hn, '.'))
            qs_strlcpy(hn, "localhost.localdomain", sizeof hn);
        hn[sizeof hn - 1] = '\0';
        helo = hn;
    }
    if (qs_smtpc_conn_reply(c, &r, &e) < 0)
        goto io_fail;
    if (r.code != 220) {
        fmt_into(why, whysz, "%s greeting %d %s", r.code >= 500 ? "5.0.0" : "4.0.0", r.code, reply_text(&r));
        goto fail;
    }
    if (cmd(c, &r, &e, "EHLO %s", helo) < 0)
        goto io_fail;
    if (r.code == 250) {
        parse_ehlo(c, &r);
    } else {
        if (cmd(c, &r, &e, "HELO %s", helo) < 0)
            goto io_fail;
        if (r.code != 250) {
            fmt_into(why, whysz, "4.0.0 HELO refused: %d %s", r.code, reply_text(&r));
            goto fail;
        }
    }
    int verify = cfg->tls_verify >= 0 ? cfg->tls_verify : cfg->tls == QS_TLS_REQUIRED;
    if (cfg->tls == QS_TLS_REQUIRED && !c->starttls) {
        fmt_into(why, whysz, "4.7.4 TLS is required but the server does not offer STARTTLS");
        goto fail;
    }
    if (cfg->tls != QS_TLS_NONE && c->starttls && !no_tls) {
        if (cmd(c, &r, &e, "STARTTLS") < 0)
            goto io_fail;
        if (r.code != 220) {
            if (cfg->tls == QS_TLS_REQUIRED) {
                fmt_into(why, whysz, "4.7.4 STARTTLS refused: %d %s", r.code, reply_text(&r));
                goto fail;
            }
        } else {
            if (qs_smtpc_conn_tls(c, verify, cfg->cafile, &e) < 0) {
                *tls_failed = cfg->tls == QS_TLS_OPTIONAL && !verify;
                fmt_into(why, whysz, "4.7.5 %s", e.text ? e.text : "TLS failed");
                goto fail;
            }
            if (pool)
                pool->st.tls++;
            if (cmd(c, &r, &e, "EHLO %s", helo) < 0)
                goto io_fail;
            if (r.code != 250) {
                fmt_into(why, whysz, "4.0.0 EHLO after STARTTLS refused: %d", r.code);
                goto fail;
            }
            parse_ehlo(c, &r);
        }
    }
    const struct qs_smtpc_auth *a = find_auth(cfg, h->name);
    if (a && (c->auth_plain || c->auth_login)) {
        if (!c->ssl && !is_loopback(h->name)) {
            fmt_into(why, whysz, "4.7.0 credentials for %s are only sent over TLS", h->name);
            goto fail;
        }
        if (do_auth(c, a, &r, &e) < 0)
            goto io_fail;
        if (r.code != 235) {
            fmt_into(why, whysz, "4.7.0 authentication as %s refused: %d %s", a->user, r.code,
                     reply_text(&r));
            goto fail;
        }
    }
    qs_err_clear(&e);
    return c;
io_fail:
    fmt_into(why, whysz, "4.4.2 %s", e.text ? e.text : "connection failed");
fail:
    qs_err_clear(&e);
    c->broken = 1;
    qs_smtpc_conn_close(&c);
    return NULL;
}

/* ---- the transaction --------------------------------------------------- */

/* An ENVID/ORCPT value we pass on: printable ASCII without blanks or '=',
 * as RFC 3461 xtext is after the server that gave it to us checked it. */
static int dsn_token(const char *v)
{
    if (!v || !*v || strlen(v) > 500)
        return 0;
    for (const char *p = v; *p; p++)
        if (*p <= ' ' || *p >= 127)
            return 0;
    return 1;
}

static int add_notify(struct qs_buf *b, unsigned n)
{
    if (n & QS_SMTPC_NOTIFY_NEVER)
        return qs_buf_adds(b, " NOTIFY=NEVER");
    const char *sep = " NOTIFY=";
    static const struct { unsigned bit; const char *kw; } k[] = {
        { QS_SMTPC_NOTIFY_SUCCESS, "SUCCESS" }, { QS_SMTPC_NOTIFY_FAILURE, "FAILURE" },
        { QS_SMTPC_NOTIFY_DELAY, "DELAY" },
    };
    for (size_t i = 0; i < 3; i++) {
        if (!(n & k[i].bit))
            continue;
        if (qs_buf_addf(b, "%s%s", sep, k[i].kw) < 0)
            return -1;
        sep = ",";
    }
    return 0;
}

/* ORCPT: passed on as received, else the address we were given (RFC 3461
 * §4.2: a relay adds it when absent), xtext-encoded. */
static int add_orcpt(struct qs_buf *b, const struct qs_smtpc_rcpt *rc)
{
    if (rc->orcpt)
        return dsn_token(rc->orcpt) ? qs_buf_addf(b, " ORCPT=%s", rc->orcpt) : 0;
    if (qs_buf_adds(b, " ORCPT=rfc822;") < 0)
        return -1;
    for (const unsigned char *p = (const unsigned char *)rc->addr; *p; p++) {
        int rc2 = *p < 33 || *p > 126 || *p == '+' || *p == '='
                      ? qs_buf_addf(b, "+%02X", *p) : qs_buf_addc(b, (char)*p);
        if (rc2 < 0)
            return -1;
    }
    return 0;
}

/* Run MAIL/RCPT/DATA on c.  Returns 1 when the server answered MAIL (the
 * verdicts are final for this attempt), 0 when the host should be skipped. */
static int transaction(const struct qs_smtpc_cfg *cfg, struct qs_smtpc_conn *c,
                       struct qs_smtpc_msg *m, const struct qs_buf *wire)
{
    struct qs_err e = QS_ERR_INIT;
    struct qs_smtp_reply r;
    struct qs_buf out;
    qs_buf_init(&out, (size_t)QS_MAX_SMTP_RCPTS * (QS_MAX_SMTP_ADDR + 16) + 1024);
    const char *host = c->host;
    int answered = 0;
    if (c->size_max && m->len > c->size_max) {
        char t[100];
        snprintf(t, sizeof t, "message size %zu exceeds the server limit %llu", m->len,
                 (unsigned long long)c->size_max);
        set_all(m, 0, 552, "5.3.4", t, host);
        answered = 1;
        goto out;
    }
    if (qs_buf_addf(&out, "MAIL FROM:<%s>", m->from) < 0 ||
        (c->esmtp && qs_buf_addf(&out, " SIZE=%zu", m->len) < 0) ||
        (c->eightbit && m->body8bit && qs_buf_adds(&out, " BODY=8BITMIME") < 0) ||
        (c->dsn && m->ret_hdrs && qs_buf_adds(&out, " RET=HDRS") < 0) ||
        (c->dsn && dsn_token(m->envid) && qs_buf_addf(&out, " ENVID=%s", m->envid) < 0) ||
        qs_buf_adds(&out, "\r\n") < 0)
        goto local_fail;
    size_t mail_end = out.len;
    int pipe = c->pipelining;
    for (size_t i = 0; i < m->nrcpt; i++) {
        const struct qs_smtpc_rcpt *rc = &m->rcpt[i];
        if (qs_buf_addf(&out, "RCPT TO:<%s>", rc->addr) < 0 ||
            (c->dsn && rc->notify && add_notify(&out, rc->notify) < 0) ||
            (c->dsn && add_orcpt(&out, rc) < 0) ||
            qs_buf_adds(&out, "\r\n") < 0)
            goto local_fail;
    }
    if (qs_buf_adds(&out, "DATA\r\n") < 0)
        goto local_fail;

    /* MAIL */
    if (qs_smtpc_conn_write(c, out.data, pipe ? out.len : mail_end, &e) < 0 ||
        qs_smtpc_conn_reply(c, &r, &e) < 0)
        goto io_fail;
    answered = 1;
    int mail_ok = r.code == 250;
    if (!mail_ok)
        set_all(m, 0, r.code, r.enh, reply_text(&r), host);
    /* RCPT */
    size_t good = 0;
    const char *p = out.data + mail_end;
    for (size_t i = 0; i < m->nrcpt; i++) {
        const char *nl = strchr(p, '\n');
        if (!pipe && !mail_ok)
            break;
        if (!pipe && qs_smtpc_conn_write(c, p, (size_t)(nl + 1 - p), &e) < 0)
            goto io_fail;
        p = nl + 1;
        if (qs_smtpc_conn_reply(c, &r, &e) < 0)
            goto io_fail;
        if (!mail_ok)
            continue;
        if (r.code == 250 || r.code == 251) {
            good++;
            m->rcpt[i].verdict = QS_DLV_DEFER;     /* pending until the final dot */
            m->rcpt[i].code = -1;
        } else {
            set_verdict(&m->rcpt[i], r.code, r.enh, reply_text(&r), host);
        }
    }
    /* DATA */
    if (!pipe && (!mail_ok || !good)) {
        if (cmd(c, &r, &e, "RSET") < 0)
            goto io_fail;
        goto out;
    }
    if (!pipe && qs_smtpc_conn_write(c, "DATA\r\n", 6, &e) < 0)
        goto io_fail;
    if (qs_smtpc_conn_reply(c, &r, &e) < 0)
        goto io_fail;
    if (r.code != 354) {
        if (mail_ok && good)
            for (size_t i = 0; i < m->nrcpt; i++)
                if (m->rcpt[i].code == -1)
                    set_verdict(&m->rcpt[i], r.code, r.enh, reply_text(&r), host);
        if (cmd(c, &r, &e, "RSET") < 0)
            goto io_fail;
        goto out;
    }
    if (!mail_ok || !good) {
        /* 354 with nothing accepted: end the (empty) data at once */
        if (qs_smtpc_conn_write(c, ".\r\n", 3, &e) < 0 || qs_smtpc_conn_reply(c, &r, &e) < 0)
            goto io_fail;
        goto out;
    }
    if (qs_smtpc_conn_write(c, wire->data, wire->len, &e) < 0 || qs_smtpc_conn_reply(c, &r, &e) < 0)
        goto io_fail;
    for (size_t i = 0; i < m->nrcpt; i++)
        if (m->rcpt[i].code == -1) {
            set_verdict(&m->rcpt[i], r.code, r.enh, reply_text(&r), host);
            m->rcpt[i].dsn_passed = c->dsn;
        }
    goto out;
io_fail:
    c->broken = 1;
    for (size_t i = 0; i < m->nrcpt; i++)
        if (m->rcpt[i].code == -1 ||
            (m->rcpt[i].verdict == QS_DLV_DEFER && m->rcpt[i].diag[0] == '\0')) {
            m->rcpt[i].code = 0;
            m->rcpt[i].verdict = QS_DLV_DEFER;
            fmt_into(m->rcpt[i].diag, sizeof m->rcpt[i].diag, "4.4.2 %s",
                     e.text ? e.text : "connection lost");
        }
    goto out;
local_fail:
    defer_all(m, "4.3.0", "local error building the transaction", host);
    answered = 1;
out:
    for (size_t i = 0; i < m->nrcpt; i++)
        if (m->rcpt[i].code == -1)
            m->rcpt[i].code = 0;
    qs_err_clear(&e);
    qs_buf_free(&out);
    return answered;
}

int qs_smtpc_deliver(const struct qs_smtpc_cfg *cfg, struct qs_smtpc_pool *pool, const char *domain,
                     struct qs_smtpc_msg *m, struct qs_err *err)
{
    for (size_t i = 0; i < m->nrcpt; i++) {
        m->rcpt[i].verdict = QS_DLV_DEFER;
        m->rcpt[i].code = 0;
        m->rcpt[i].diag[0] = '\0';
        m->rcpt[i].dsn_passed = 0;
    }
    if (m->nrcpt == 0)
        return 0;
    if (m->nrcpt > QS_MAX_SMTP_RCPTS || strlen(m->from) > QS_MAX_SMTP_ADDR)
        return qs_err_set(err, "TCP5382", "too many recipients or originator too long",
                          (const char *)NULL);
    struct qs_smtpc_host *hosts = NULL;
    size_t nh = 0;
    struct qs_err re = QS_ERR_INIT;
    if (qs_smtpc_route(cfg, domain, &hosts, &nh, &re) < 0) {
        int perm = strcmp(re.msgid, "TCP5383") == 0;
        for (size_t i = 0; i < m->nrcpt; i++) {
            m->rcpt[i].verdict = perm ? QS_DLV_FAIL : QS_DLV_DEFER;
            fmt_into(m->rcpt[i].diag, sizeof m->rcpt[i].diag, "%s %s", perm ? "5.1.2" : "4.4.3",
                     re.text ? re.text : "no route");
        }
        qs_err_clear(&re);
        return 0;
    }
    struct qs_buf wire;
    qs_buf_init(&wire, m->len + m->len / 16 + 64);
    if (qs_smtpc_dotstuff(&wire, m->data, m->len) < 0) {
        free(hosts);
        qs_buf_free(&wire);
        return qs_err_sys(err, errno);
    }
    char why[300] = "4.4.1 no host could be reached";
    for (size_t h = 0; h < nh; h++) {
        /* a cached session ended its last transaction cleanly (final reply
         * or RSET), so it is reused without a round trip when the server has
         * not closed it meanwhile; if it fails before MAIL is answered, the
         * message is tried once more on a new connection */
        struct qs_smtpc_conn *c = pool ? pool_take(pool, hosts[h].name, hosts[h].port) : NULL;
        if (c && !qs_smtpc_conn_idle_ok(c)) {
            c->broken = 1;
            qs_smtpc_conn_close(&c);
        }
        int reused = c != NULL;
        if (reused)
            pool->st.reuses++;
        for (int attempt = 0; attempt < 2; attempt++) {
            int tls_failed = 0;
            if (!c)
                c = session_open(cfg, pool, &hosts[h], 0, why, sizeof why, &tls_failed);
            if (!c && tls_failed)  /* opportunistic TLS broke: once more in the clear */
                c = session_open(cfg, pool, &hosts[h], 1, why, sizeof why, &tls_failed);
            if (!c)
                break;
            int done = transaction(cfg, c, m, &wire);
            int retry = !done && reused && c->broken;
            pool_put(pool, c);
            c = NULL;
            if (done)
                goto out;
            if (!retry)
                break;
            reused = 0;
            for (size_t i = 0; i < m->nrcpt; i++) {
                m->rcpt[i].verdict = QS_DLV_DEFER;
                m->rcpt[i].code = 0;
                m->rcpt[i].diag[0] = '\0';
            }
        }
    }
    for (size_t i = 0; i < m->nrcpt; i++) {
        m->rcpt[i].verdict = why[0] == '5' ? QS_DLV_FAIL : QS_DLV_DEFER;
        fmt_into(m->rcpt[i].diag, sizeof m->rcpt[i].diag, "%s", why);
    }
out:
    free(hosts);
    qs_buf_free(&wire);
    return 0;
}
