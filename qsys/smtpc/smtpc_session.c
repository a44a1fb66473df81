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
#include "qsys/base/utf8.h"
#include "qsys/mime/mime.h"
#include "qsys/smtpc/smtpc_conn.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POOL_MAX 32         /* idle connections kept, all hosts together */
#define MAX_DESTS 1024      /* host:port pairs with connections counted */

/*
 * The pool is shared by the queue's worker threads.  It keeps idle sessions
 * for reuse and counts every open session (idle or busy) per host:port, so
 * that no more than cfg->concurrency are open to one destination at once: a
 * worker that finds the destination full waits for a session to come back
 * (and then reuses it) or to close.
 */
struct dest {
    char host[256];
    int  port;
    int  open;              /* idle + busy sessions */
};

struct qs_smtpc_pool {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    struct qs_smtpc_conn *list;     /* idle */
    size_t n;
    struct dest *dests;
    size_t ndests;
    struct qs_smtpc_stats st;
};

struct qs_smtpc_pool *qs_smtpc_pool_new(void)
{
    struct qs_smtpc_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->dests = calloc(MAX_DESTS, sizeof *p->dests);
    if (!p->dests || pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p->dests);
        free(p);
        return NULL;
    }
    pthread_cond_init(&p->cv, NULL);
    return p;
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
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->dests);
    free(p);
    *pp = NULL;
}

void qs_smtpc_pool_stats(const struct qs_smtpc_pool *p, struct qs_smtpc_stats *s)
{
    pthread_mutex_lock((pthread_mutex_t *)&p->mu);
    *s = p->st;
    pthread_mutex_unlock((pthread_mutex_t *)&p->mu);
}

static void stat_add(struct qs_smtpc_pool *p, unsigned *field)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    (*field)++;
    pthread_mutex_unlock(&p->mu);
}

/* Caller holds mu.  NULL when the table is full (then no limit applies). */
static struct dest *dest_find(struct qs_smtpc_pool *p, const char *host, int port)
{
    struct dest *freeslot = NULL;
    for (size_t i = 0; i < p->ndests; i++) {
        struct dest *d = &p->dests[i];
        if (d->port == port && qs_strcaseeq(d->host, host))
            return d;
        if (!freeslot && d->open == 0)
            freeslot = d;
    }
    if (!freeslot && p->ndests < MAX_DESTS)
        freeslot = &p->dests[p->ndests++];
    if (freeslot) {
        qs_strlcpy(freeslot->host, host, sizeof freeslot->host);
        freeslot->port = port;
        freeslot->open = 0;
    }
    return freeslot;
}

/* Caller holds mu. */
static struct qs_smtpc_conn *idle_take(struct qs_smtpc_pool *p, const char *host, int port)
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

/* Caller holds mu: one session to host:port is gone. */
static void dest_closed(struct qs_smtpc_pool *p, const char *host, int port)
{
    struct dest *d = dest_find(p, host, port);
    if (d && d->open > 0)
        d->open--;
    pthread_cond_broadcast(&p->cv);
}

/*
 * A session to host:port: a cached one that is still usable (returned,
 * *reused = 1), or NULL with a slot reserved for a new one (the caller opens
 * it, and calls pool_put, or pool_unreserve if opening failed).  Waits while
 * `limit` sessions to the destination are busy.
 */
static struct qs_smtpc_conn *pool_acquire(struct qs_smtpc_pool *p, const char *host, int port,
                                          int limit, int *reused)
{
    *reused = 0;
    if (!p)
        return NULL;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        struct qs_smtpc_conn *c = idle_take(p, host, port);
        if (c) {
            if (qs_smtpc_conn_idle_ok(c)) {
                p->st.reuses++;
                pthread_mutex_unlock(&p->mu);
                *reused = 1;
                return c;
            }
            /* the server closed it meanwhile */
            c->broken = 1;
            qs_smtpc_conn_close(&c);
            dest_closed(p, host, port);
            continue;
        }
        struct dest *d = dest_find(p, host, port);
        if (!d || limit <= 0 || d->open < limit) {
            if (d)
                d->open++;
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        pthread_cond_wait(&p->cv, &p->mu);
    }
}

static void pool_unreserve(struct qs_smtpc_pool *p, const char *host, int port)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    dest_closed(p, host, port);
    pthread_mutex_unlock(&p->mu);
}

/* Give a session back: kept for reuse, or closed (its slot freed). */
static void pool_put(struct qs_smtpc_pool *p, struct qs_smtpc_conn *c)
{
    if (!p) {
        quit_close(&c);
        return;
    }
    pthread_mutex_lock(&p->mu);
    if (!c->broken && p->n < POOL_MAX) {
        c->next = p->list;
        p->list = c;
        p->n++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        return;
    }
    dest_closed(p, c->host, c->port);
    pthread_mutex_unlock(&p->mu);
    quit_close(&c);
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
    c->smtputf8 = 0;
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
            else if (qs_memcaseeq(t, kw, "SMTPUTF8")) c->smtputf8 = 1;
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
    stat_add(pool, pool ? &pool->st.connects : NULL);
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
            stat_add(pool, pool ? &pool->st.tls : NULL);
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
    /* RFC 6533: a UTF-8 address goes as "utf-8;" utf-8-addr-xtext, which
     * any server takes; a unitext ORCPT received is passed on as xtext */
    int u8 = qs_utf8_class(rc->orcpt ? rc->orcpt : rc->addr,
                           strlen(rc->orcpt ? rc->orcpt : rc->addr)) == 1;
    if (rc->orcpt && u8 && qs_memcaseeq(rc->orcpt, 6, "utf-8;"))
        return qs_buf_adds(b, " ORCPT=utf-8;") < 0 ? -1
             : qs_utf8_addr_encode(b, rc->orcpt + 6, 0);
    if (rc->orcpt)
        return dsn_token(rc->orcpt) ? qs_buf_addf(b, " ORCPT=%s", rc->orcpt) : 0;
    if (u8)
        return qs_buf_adds(b, " ORCPT=utf-8;") < 0 ? -1 : qs_utf8_addr_encode(b, rc->addr, 0);
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
    /* RFC 6531: UTF-8 in an envelope address needs SMTPUTF8 from the next
     * hop, else the recipients bounce (no downgrade exists); UTF-8 header
     * fields ask for it when offered and otherwise go as 8-bit data */
    int utf8 = m->utf8 & QS_SMTPC_UTF8_ENVELOPE;
    int u8hdr = m->smtputf8 && (m->utf8 & QS_SMTPC_UTF8_HEADERS);
    if ((utf8 || u8hdr) && !c->smtputf8) {
        set_all(m, 0, 0, "5.6.7", utf8 ? "SMTPUTF8 is required for a non-ASCII address, "
                "but the server does not offer it" : "SMTPUTF8 is required for UTF-8 "
                "header fields, but the server does not offer it", host);
        for (size_t i = 0; i < m->nrcpt; i++)
            m->rcpt[i].verdict = QS_DLV_FAIL;
        answered = 1;
        goto out;
    }
    if (c->smtputf8 && (m->utf8 || m->smtputf8))
        utf8 = 1;
    if (qs_buf_addf(&out, "MAIL FROM:<%s>", m->from) < 0 ||
        (utf8 && qs_buf_adds(&out, " SMTPUTF8") < 0) ||
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

unsigned qs_smtpc_utf8_needs(const struct qs_smtpc_msg *m)
{
    unsigned f = 0;
    int k = qs_utf8_class(m->from, strlen(m->from));
    for (size_t i = 0; i < m->nrcpt && k >= 0; i++) {
        int kr = qs_utf8_class(m->rcpt[i].addr, strlen(m->rcpt[i].addr));
        k = kr < 0 ? kr : k | kr;
    }
    if (k < 0)
        return QS_SMTPC_UTF8_BAD;
    if (k)
        f |= QS_SMTPC_UTF8_ENVELOPE;
    /* the header section: up to the first empty line */
    for (size_t i = 0; i < m->len; i++) {
        if (m->data[i] == '\n' && (i + 1 >= m->len || m->data[i + 1] == '\n' ||
                                   (m->data[i + 1] == '\r' && i + 2 < m->len && m->data[i + 2] == '\n')))
            break;
        if ((unsigned char)m->data[i] >= 0x80) {
            f |= QS_SMTPC_UTF8_HEADERS;
            break;
        }
    }
    return f;
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
    m->utf8 = qs_smtpc_utf8_needs(m);
    if (m->utf8 & QS_SMTPC_UTF8_BAD) {
        for (size_t i = 0; i < m->nrcpt; i++) {
            m->rcpt[i].verdict = QS_DLV_FAIL;
            fmt_into(m->rcpt[i].diag, sizeof m->rcpt[i].diag,
                     "5.1.7 address is neither ASCII nor valid UTF-8");
        }
        return 0;
    }
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
        int reused;
        struct qs_smtpc_conn *c = pool_acquire(pool, hosts[h].name, hosts[h].port,
                                               cfg->concurrency, &reused);
        for (int attempt = 0; attempt < 2; attempt++) {
            int tls_failed = 0;
            if (!c)
                c = session_open(cfg, pool, &hosts[h], 0, why, sizeof why, &tls_failed);
            if (!c && tls_failed)  /* opportunistic TLS broke: once more in the clear */
                c = session_open(cfg, pool, &hosts[h], 1, why, sizeof why, &tls_failed);
            if (!c) {
                pool_unreserve(pool, hosts[h].name, hosts[h].port);
                break;
            }
            int done = transaction(cfg, c, m, &wire);
            int retry = !done && reused && c->broken;
            pool_put(pool, c);
            c = NULL;
            if (done)
                goto out;
            if (!retry)
                break;
            for (size_t i = 0; i < m->nrcpt; i++) {
                m->rcpt[i].verdict = QS_DLV_DEFER;
                m->rcpt[i].code = 0;
                m->rcpt[i].diag[0] = '\0';
            }
            c = pool_acquire(pool, hosts[h].name, hosts[h].port, cfg->concurrency, &reused);
            reused = 0;         /* no third try */
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
