/*
 * qsys/smtp/smtpd.c - SMTP server sessions (see smtpd.h).
 *
 * A session is a small state machine driven by the netsrv loop: command
 * lines are parsed and answered in order (so PIPELINING just works: replies
 * queue up and go out together), DATA bytes go through qs_data_feed() into
 * an MSF draft, and the end of DATA pauses the session until the commit
 * thread says the message is durable.  What must hold:
 *   - nothing is acknowledged with 250 before qs_msf_draft_commit() returned 0;
 *   - after STARTTLS every buffered byte is dropped and the session forgets
 *     HELO, AUTH and the transaction (RFC 3207 §4.2);
 *   - a recipient outside our domains is accepted only if the relay policy
 *     allows it for this client (addresses with %, !, quotes or routes never
 *     match a local user, so they are refused, not relayed);
 *   - a path holding UTF-8 is accepted only in a transaction whose MAIL
 *     declared SMTPUTF8 (553 5.6.7 otherwise); the flag rides on the
 *     envelope to delivery, the outbound client and reports (docs/msf.md);
 *   - every error counts toward the bad-command limit;
 *   - the loop never waits for DNS: with RBLSVR zones a new session is
 *     created paused and without its greeting, a resolver thread
 *     (smtpd_rbl.c) runs the look-ups, and the verdict (220 or 554) comes
 *     back through qs_netsrv_post(); other sessions go on meanwhile.
 */
#include "qsys/smtp/smtpd.h"
#include "qsys/smtp/smtpd_data.h"
#include "qsys/smtp/smtpd_parse.h"
#include "qsys/smtp/smtpd_rbl.h"
#include "qsys/netsrv/netsrv.h"
#include "qsys/msf/msf.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/jrn/jrn.h"
#include "qsys/usrprf/usrprf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"

#include <errno.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_BAD 20
#define MAX_AUTH_FAIL 3
#define AUTH_FAIL_DELAY_MS 1000
#define CMD_LINE_MAX 2048u      /* RFC 5321 512 + room for extension parameters */
#define RBL_THREADS 4           /* concurrent DNSBL look-ups */
#define SMTPD_COMMITTERS 4      /* commit threads: groups syncing at the same time */

struct commit_item {
    struct sess          *s;
    struct qs_conn       *c;
    struct qs_msf_draft  *draft;
    int                   rc;
    struct commit_item   *next;
};

struct qs_smtpd {
    const struct qs_mailcfg *cfg;
    struct qs_netsrv *srv;
    SSL_CTX *tls;
    int ports[3];
    int (*signon)(const char *, const char *);
    pthread_t committer[SMTPD_COMMITTERS];
    int committer_on;       /* how many were started */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct commit_item *queue;
    int stopping;
    struct qs_msf_runner *runner;
    struct qs_rbl_pool *rbl;        /* resolver threads (RBLSVR)            */
    struct rbl_wait *rbl_waits;     /* look-ups in flight (loop thread only) */
};

/* A session waiting for its DNSBL verdict (paused, no greeting yet). */
struct rbl_wait {
    struct qs_smtpd *d;
    struct qs_conn  *c;
    int              hit;
    struct rbl_wait *prev, *next;
};

enum { AUTH_NONE, AUTH_PLAIN_WAIT, AUTH_LOGIN_USER, AUTH_LOGIN_PASS };

struct sess {
    struct qs_smtpd *d;
    struct qs_conn  *c;
    char  *helo;
    int    esmtp;
    char  *auth_user;
    int    auth_state;
    char  *login_user;
    int    auth_fail;
    int    in_mail;
    struct qs_msf_env env;
    int    in_data;
    struct qs_data dp;
    struct qs_msf_draft *draft;
    char  *scratch;         /* DATA output, 2 * 64 KiB + 2 (qs_data_feed) */
    char  *line;            /* current command line, CMD_LINE_MAX + 1 */
    int    discarding;
    int    bad;
    uint32_t ip4;
    int    is6;
    uint8_t ip6[16];
};

static const char *host(const struct sess *s) { return s->d->cfg->hostname; }

static void jrn(const struct sess *s, const char *type, const char *rcpt, const char *text)
{
    if (s->d->cfg->journal)
        qs_jrn_mail(type, s->env.id[0] ? s->env.id : NULL, s->in_mail ? s->env.from : NULL,
                    rcpt, qs_conn_peer(s->c), text);
}

static void reply(struct sess *s, const char *text)
{
    qs_conn_write(s->c, text, strlen(text));
    qs_conn_write(s->c, "\r\n", 2);
}

/* An error reply; counts toward the limit and ends hopeless sessions. */
static void fail(struct sess *s, const char *text)
{
    reply(s, text);
    if (++s->bad >= MAX_BAD) {
        qs_conn_printf(s->c, "421 4.7.0 %s Error: too many errors\r\n", host(s));
        qs_conn_close(s->c);
    }
}

static void reset_tx(struct sess *s)
{
    qs_msf_env_clear(&s->env);
    s->in_mail = 0;
    s->in_data = 0;
    qs_msf_draft_free(&s->draft);
}

/* --- commit threads -----------------------------------------------------------
 * Each takes every sealed draft waiting and commits them as one group.  There
 * are several, so that drafts sealed while one group is syncing start their
 * own sync at once instead of waiting for it: concurrent syncs cost the disk
 * little more than one (qsys/base/syncall.h). */

static void commit_done(struct qs_conn *c, void *arg)
{
    struct commit_item *it = arg;
    struct sess *s = it->s;
    if (it->rc == 0) {
        qs_conn_printf(c, "250 2.0.0 Ok: queued as %s\r\n", qs_msf_draft_id(it->draft));
        jrn(s, "91", NULL, "accepted");
    } else {
        reply(s, "451 4.3.0 Error: queue file write error");
    }
    qs_msf_draft_free(&it->draft);
    free(it);
    reset_tx(s);
    qs_conn_resume(c);
}

static void *committer(void *arg)
{
    struct qs_smtpd *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        while (!d->queue && !d->stopping)
            pthread_cond_wait(&d->cv, &d->mu);
        if (!d->queue && d->stopping)
            break;
        struct commit_item *batch = d->queue;
        d->queue = NULL;
        pthread_mutex_unlock(&d->mu);
        size_t n = 0;
        for (struct commit_item *i = batch; i; i = i->next) n++;
        struct qs_msf_draft **ds = calloc(n, sizeof *ds);
        size_t k = 0;
        for (struct commit_item *i = batch; i; i = i->next) ds[k++] = i->draft;
        struct qs_err err = QS_ERR_INIT;
        int rc = ds ? qs_msf_draft_commit(ds, n, &err) : -1;
        if (rc < 0)
            qs_log(QS_LOG_ERR, "smtpd: commit failed: %s", err.text ? err.text : "out of memory");
        qs_err_clear(&err);
        free(ds);
        /* per-draft result: a committed draft no longer has its tmp files */
        for (struct commit_item *i = batch, *nx; i; i = nx) {
            nx = i->next;
            i->rc = qs_msf_draft_committed(i->draft) ? 0 : -1;
            qs_netsrv_post(d->srv, i->c, commit_done, i);
        }
        pthread_mutex_lock(&d->mu);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

static void submit(struct sess *s)
{
    struct commit_item *it = calloc(1, sizeof *it);
    if (!it) {
        reply(s, "451 4.3.0 Error: out of memory");
        reset_tx(s);
        return;
    }
    it->s = s;
    it->c = s->c;
    it->draft = s->draft;
    s->draft = NULL;
    qs_conn_pause(s->c);
    pthread_mutex_lock(&s->d->mu);
    it->next = s->d->queue;
    s->d->queue = it;
    pthread_cond_signal(&s->d->cv);
    pthread_mutex_unlock(&s->d->mu);
}

/* --- policy ------------------------------------------------------------------- */

int qs_smtpd_may_relay(const struct qs_mailcfg *c, uint32_t ip4, int authed)
{
    return qs_smtpd_may_relay6(c, ip4, NULL, authed);
}

int qs_smtpd_may_relay6(const struct qs_mailcfg *c, uint32_t ip4, const uint8_t *ip6,
                        int authed)
{
    if (authed && (c->alwauth & QS_ALWAUTH_RELAY))
        return 1;
    if (ip6) {             /* IPv6: the *ACCEPTIP6 list and the POP window */
        switch (c->alwrly) {
        case QS_RLY_ALL: return 1;
        case QS_RLY_BYIPADR: return qs_mailcfg_in_list6(c->accept6, c->naccept6, ip6);
        case QS_RLY_POPWDW: return qs_popwdw_check6(ip6, c->popwdw);
        case QS_RLY_BYIPPOP:
            return qs_mailcfg_in_list6(c->accept6, c->naccept6, ip6) ||
                   qs_popwdw_check6(ip6, c->popwdw);
        default: return 0;
        }
    }
    switch (c->alwrly) {
    case QS_RLY_ALL: return 1;
    case QS_RLY_BYIPADR: return ip4 && qs_mailcfg_in_list(c->accept, c->naccept, ip4);
    case QS_RLY_POPWDW: return ip4 && qs_popwdw_check(ip4, c->popwdw);
    case QS_RLY_BYIPPOP:
        return ip4 && (qs_mailcfg_in_list(c->accept, c->naccept, ip4) ||
                       qs_popwdw_check(ip4, c->popwdw));
    default: return 0;
    }
}

static int auth_offered(const struct sess *s)
{
    const struct qs_mailcfg *c = s->d->cfg;
    return (c->alwauth & (QS_ALWAUTH_LOCAL | QS_ALWAUTH_RELAY)) &&
           (qs_conn_is_tls(s->c) || (c->alwauth & QS_ALWAUTH_PLAIN));
}

/* --- commands ------------------------------------------------------------------ */

static void do_helo(struct sess *s, const char *arg, size_t n, int esmtp)
{
    if (n == 0 || !qs_smtp_domain_ok(arg, n)) {
        /* be lenient about the name's form, strict about its bytes */
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)arg[i] <= ' ' || (unsigned char)arg[i] > '~') n = 0;
        if (n == 0 || n > 255) {
            fail(s, "501 5.5.4 Syntax: HELO hostname");
            return;
        }
    }
    reset_tx(s);
    free(s->helo);
    s->helo = strndup(arg, n);
    s->esmtp = esmtp;
    if (!esmtp) {
        qs_conn_printf(s->c, "250 %s\r\n", host(s));
        return;
    }
    qs_conn_printf(s->c, "250-%s Hello %s [%s]\r\n250-SIZE %llu\r\n250-8BITMIME\r\n"
                   "250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250-SMTPUTF8\r\n",
                   host(s), s->helo, qs_conn_peer(s->c),
                   (unsigned long long)s->d->cfg->maxemmsize);
    if (qs_conn_tls_possible(s->c) && !qs_conn_is_tls(s->c))
        reply(s, "250-STARTTLS");
    if (auth_offered(s) && !s->auth_user)
        reply(s, "250-AUTH PLAIN LOGIN");
    reply(s, "250 HELP");
}

/* Does the MAIL parameter list p[0..n) hold SMTPUTF8 (after EHLO)? */
static int has_smtputf8(const struct sess *s, const char *p, size_t n)
{
    const char *end = p + n, *k, *v;
    size_t kl, vl;
    while (s->esmtp && qs_smtp_param(&p, end, &k, &kl, &v, &vl) == 1)
        if (qs_memcaseeq(k, kl, "SMTPUTF8"))
            return 1;
    return 0;
}

static void do_mail(struct sess *s, const char *arg, size_t n)
{
    if (!s->helo) { fail(s, "503 5.5.1 Error: send HELO/EHLO first"); return; }
    if (s->in_mail) { fail(s, "503 5.5.1 Error: nested MAIL command"); return; }
    if (qs_conn_tag(s->c) == QS_SMTPD_TAG_SUBMISSION && !s->auth_user) {
        fail(s, "530 5.7.0 Authentication required");
        return;
    }
    struct qs_smtp_addr a;
    const char *rest;
    size_t rl;
    int code = qs_smtp_path(arg, n, "FROM:", 1, &a, &rest, &rl);
    if (code) {
        fail(s, code == 501 ? "501 5.5.4 Syntax: MAIL FROM:<address>"
                            : "553 5.1.7 Sender address rejected: not valid");
        return;
    }
    /* RFC 6531 §3.4: a UTF-8 reverse path needs the SMTPUTF8 parameter,
     * which follows it: look for it before anything else */
    if (a.utf8 && !has_smtputf8(s, rest, rl)) {
        qs_smtp_addr_free(&a);
        fail(s, "553 5.6.7 Must declare SMTPUTF8 to send unicode address");
        return;
    }
    /* CHGSMTPA VFYID(*YES): an authenticated user may only send as an
     * address the directory (DIRTYPE) gives to his profile */
    if (s->d->cfg->vfyid && s->auth_user && a.addr[0] &&
        qs_mailcfg_sender_owned(s->d->cfg, a.addr, s->auth_user, NULL) != 1) {
        jrn(s, "9A", a.addr, "sender not owned (VFYID)");
        qs_smtp_addr_free(&a);
        fail(s, "553 5.7.1 Sender address rejected: not owned by the authenticated user");
        return;
    }
    qs_msf_env_clear(&s->env);
    s->env.origin = QS_MSF_ORIGIN_SMTP;
    qs_msf_env_set(&s->env.from, a.addr, NULL);
    qs_smtp_addr_free(&a);
    const char *p = rest, *end = rest + rl, *k, *v;
    size_t kl, vl;
    int r;
    while ((r = qs_smtp_param(&p, end, &k, &kl, &v, &vl)) == 1) {
        if (qs_memcaseeq(k, kl, "SIZE") && v) {
            long long sz;
            if (qs_parse_ll(v, vl, 0, INT64_MAX, &sz) < 0) goto bad;
            if ((uint64_t)sz > s->d->cfg->maxemmsize) {
                qs_msf_env_clear(&s->env);
                fail(s, "552 5.3.4 Message size exceeds fixed limit");
                return;
            }
        } else if (qs_memcaseeq(k, kl, "BODY") && v) {
            if (qs_memcaseeq(v, vl, "8BITMIME")) s->env.body8bit = 1;
            else if (!qs_memcaseeq(v, vl, "7BIT")) goto bad;
        } else if (qs_memcaseeq(k, kl, "RET") && v) {
            if (qs_memcaseeq(v, vl, "HDRS")) s->env.ret_hdrs = 1;
            else if (!qs_memcaseeq(v, vl, "FULL")) goto bad;
        } else if (qs_memcaseeq(k, kl, "ENVID") && v) {
            if (vl > 100 || !qs_smtp_xtext_ok(v, vl)) goto bad;
            char *e = strndup(v, vl);
            qs_msf_env_set(&s->env.envid, e, NULL);
            free(e);
        } else if (qs_memcaseeq(k, kl, "AUTH") && v) {
            /* RFC 4954 §5: accepted, not trusted */
        } else if (qs_memcaseeq(k, kl, "SMTPUTF8") && s->esmtp) {
            if (v) goto bad;            /* RFC 6531 §3.4: no value */
            s->env.utf8 = 1;
        } else {
            qs_msf_env_clear(&s->env);
            fail(s, "555 5.5.4 Unsupported option");
            return;
        }
    }
    if (r < 0)
        goto bad;
    s->in_mail = 1;
    reply(s, "250 2.1.0 Ok");
    return;
bad:
    qs_msf_env_clear(&s->env);
    fail(s, "501 5.5.4 Bad MAIL parameter");
}

static unsigned parse_notify(const char *v, size_t vl, int *ok)
{
    unsigned bits = 0;
    *ok = 1;
    size_t i = 0;
    while (i < vl) {
        size_t j = i;
        while (j < vl && v[j] != ',') j++;
        if (qs_memcaseeq(v + i, j - i, "NEVER")) bits |= QS_MSF_NOTIFY_NEVER;
        else if (qs_memcaseeq(v + i, j - i, "SUCCESS")) bits |= QS_MSF_NOTIFY_SUCCESS;
        else if (qs_memcaseeq(v + i, j - i, "FAILURE")) bits |= QS_MSF_NOTIFY_FAILURE;
        else if (qs_memcaseeq(v + i, j - i, "DELAY")) bits |= QS_MSF_NOTIFY_DELAY;
        else *ok = 0;
        i = j + 1;
    }
    if ((bits & QS_MSF_NOTIFY_NEVER) && bits != QS_MSF_NOTIFY_NEVER)
        *ok = 0;
    return bits;
}

static void do_rcpt(struct sess *s, const char *arg, size_t n)
{
    if (!s->in_mail) { fail(s, "503 5.5.1 Error: need MAIL command"); return; }
    if (s->env.nrcpt >= (size_t)s->d->cfg->maxrcpt) {
        reply(s, "452 4.5.3 Error: too many recipients");
        return;
    }
    struct qs_smtp_addr a;
    const char *rest;
    size_t rl;
    int code = qs_smtp_path(arg, n, "TO:", 0, &a, &rest, &rl);
    if (code) {
        fail(s, code == 501 ? "501 5.5.4 Syntax: RCPT TO:<address>"
                            : "553 5.1.3 Recipient address rejected: not valid");
        return;
    }
    if (a.utf8 && !s->env.utf8) {
        qs_smtp_addr_free(&a);
        fail(s, "553 5.6.7 Must declare SMTPUTF8 to send unicode address");
        return;
    }
    unsigned notify = 0;
    char *orcpt = NULL;
    const char *p = rest, *end = rest + rl, *k, *v;
    size_t kl, vl;
    int r, ok = 1;
    while (ok && (r = qs_smtp_param(&p, end, &k, &kl, &v, &vl)) == 1) {
        if (qs_memcaseeq(k, kl, "NOTIFY") && v)
            notify = parse_notify(v, vl, &ok);
        else if (qs_memcaseeq(k, kl, "ORCPT") && v && vl <= 500 && !orcpt)
            ok = (orcpt = strndup(v, vl)) != NULL && memchr(v, ';', vl) != NULL &&
                 (qs_smtp_xtext_ok(v, vl) ||
                  (s->env.utf8 && qs_smtp_orcpt_unitext_ok(v, vl)));   /* RFC 6533 */
        else
            ok = 0;
    }
    if (!ok || r < 0) {
        free(orcpt);
        qs_smtp_addr_free(&a);
        fail(s, "501 5.5.4 Bad RCPT parameter");
        return;
    }
    const char *at = a.addr + a.local_len;
    const char *dom = *at == '@' ? at + 1 : s->d->cfg->hostname;
    int local = !a.ip_literal && qs_mailcfg_is_local(s->d->cfg, dom);
    if (local) {
        char *lp = strndup(a.addr, a.local_len);
        char user[11];
        int f = lp ? qs_smtpdir_lookup(s->d->cfg, lp, dom, user, NULL) : -1;
        if (f == 0 && lp && qs_strcaseeq(lp, "postmaster"))
            f = 1;
        free(lp);
        if (f <= 0) {
            jrn(s, "9U", a.addr, "unknown user");
            qs_smtp_addr_free(&a);
            free(orcpt);
            fail(s, f < 0 ? "451 4.3.0 Error: directory lookup failed"
                          : "550 5.1.1 Recipient address rejected: user unknown");
            return;
        }
    } else if (!qs_smtpd_may_relay6(s->d->cfg, s->ip4, s->is6 ? s->ip6 : NULL,
                                    s->auth_user != NULL)) {
        jrn(s, "9V", a.addr, "relay refused");
        qs_smtp_addr_free(&a);
        free(orcpt);
        fail(s, "550 5.7.1 Relay access denied");
        return;
    }
    struct qs_err err = QS_ERR_INIT;
    if (qs_msf_env_add_rcpt(&s->env, a.addr, QS_MSF_TO, notify, orcpt, &err) < 0) {
        qs_err_clear(&err);
        fail(s, "553 5.1.3 Recipient address rejected: not valid");
    } else {
        reply(s, "250 2.1.5 Ok");
    }
    qs_smtp_addr_free(&a);
    free(orcpt);
}

static void do_data(struct sess *s, size_t argn)
{
    if (argn) { fail(s, "501 5.5.4 Syntax: DATA"); return; }
    if (!s->in_mail) { fail(s, "503 5.5.1 Error: need MAIL command"); return; }
    if (s->env.nrcpt == 0) { fail(s, "554 5.5.1 Error: no valid recipients"); return; }
    struct qs_err err = QS_ERR_INIT;
    if (qs_msf_draft_open(&s->draft, &err) < 0) {
        qs_log(QS_LOG_ERR, "smtpd: cannot open a queue file: %s", err.text ? err.text : "");
        qs_err_clear(&err);
        reply(s, "451 4.3.0 Error: queue file write error");
        return;
    }
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    /* RFC 3848 protocol names; RFC 6531 §4.3 UTF8SMTP* under SMTPUTF8 */
    static const char *const protos[2][4] = {
        { "ESMTP", "ESMTPA", "ESMTPS", "ESMTPSA" },
        { "UTF8SMTP", "UTF8SMTPA", "UTF8SMTPS", "UTF8SMTPSA" } };
    const char *proto = !s->esmtp ? "SMTP"
        : protos[s->env.utf8 != 0][(qs_conn_is_tls(s->c) ? 2 : 0) + (s->auth_user ? 1 : 0)];
    struct qs_buf h;
    qs_buf_init(&h, 4096);
    qs_buf_addf(&h, "Received: from %s ([%s])\r\n\tby %s (qshim) with %s id %s",
                s->helo, qs_conn_peer(s->c), host(s), proto, qs_msf_draft_id(s->draft));
    if (s->env.nrcpt == 1)
        qs_buf_addf(&h, "\r\n\tfor <%s>", s->env.rcpt[0].addr);
    qs_buf_addf(&h, "; %s\r\n", date);
    if (h.len > 998 * 3 || qs_msf_draft_write(s->draft, h.data, h.len, &err) < 0) {
        qs_err_clear(&err);
        qs_buf_free(&h);
        qs_msf_draft_free(&s->draft);
        reply(s, "451 4.3.0 Error: queue file write error");
        return;
    }
    qs_buf_free(&h);
    qs_data_init(&s->dp, s->d->cfg->maxemmsize, s->d->cfg->alwbarelf);
    s->in_data = 1;
    reply(s, "354 End data with <CR><LF>.<CR><LF>");
}

static void end_data(struct sess *s)
{
    s->in_data = 0;
    unsigned e = s->dp.err;
    if (e) {
        qs_msf_draft_free(&s->draft);
        if (e & QS_DATA_TOO_BIG)
            reply(s, "552 5.3.4 Error: message too big");
        else if (e & (QS_DATA_BARE_LF | QS_DATA_BARE_CR | QS_DATA_NUL))
            reply(s, "550 5.6.0 Error: bare CR, bare LF or NUL in message "
                     "(RFC 5321 section 2.3.8)");
        else
            reply(s, "550 5.6.0 Error: line longer than 1000 octets");
        jrn(s, "92", NULL, "content refused");
        reset_tx(s);
        return;
    }
    s->env.origin = QS_MSF_ORIGIN_SMTP;
    qs_msf_env_set(&s->env.client_addr, qs_conn_peer(s->c), NULL);
    qs_msf_env_set(&s->env.client_helo, s->helo, NULL);
    qs_msf_env_set(&s->env.auth_user, s->auth_user, NULL);
    s->env.tls = qs_conn_is_tls(s->c);
    struct qs_err err = QS_ERR_INIT;
    if (qs_msf_draft_seal(s->draft, &s->env, &err) < 0) {
        qs_log(QS_LOG_ERR, "smtpd: seal failed: %s", err.text ? err.text : "");
        qs_err_clear(&err);
        reply(s, "451 4.3.0 Error: queue file write error");
        reset_tx(s);
        return;
    }
    submit(s);
}

static void auth_failed(struct qs_conn *c, void *arg)
{
    struct sess *s = arg;
    if (++s->auth_fail >= MAX_AUTH_FAIL) {
        qs_conn_printf(c, "421 4.7.0 %s Error: too many authentication failures\r\n", host(s));
        qs_conn_close(c);
    } else {
        fail(s, "535 5.7.8 Error: authentication failed");
    }
    qs_conn_resume(c);
}

static void auth_check(struct sess *s, const char *user, const char *pass)
{
    int ok = user && *user && strlen(user) <= 10 && pass && s->d->signon(user, pass) == 0;
    if (ok) {
        char u[11];
        qs_strlcpy(u, user, sizeof u);
        qs_str_upper(u);
        free(s->auth_user);
        s->auth_user = strdup(u);
        reply(s, "235 2.7.0 Authentication successful");
        return;
    }
    jrn(s, "9A", NULL, "authentication failed");
    /* answer after a delay, with pipelined input held back meanwhile */
    qs_conn_pause(s->c);
    qs_netsrv_post_after(qs_conn_server(s->c), s->c, AUTH_FAIL_DELAY_MS, auth_failed, s);
}

/* "authzid NUL authcid NUL passwd" */
static void auth_plain(struct sess *s, const char *b64, size_t n)
{
    unsigned char *buf = malloc(n + 4);
    long l = buf ? qs_b64_decode(b64, n, buf) : -1;
    if (l < 0) {
        free(buf);
        fail(s, "501 5.5.2 Error: invalid base64 data");
        return;
    }
    const char *authz = (const char *)buf;
    const char *z1 = memchr(buf, 0, (size_t)l);
    const char *z2 = z1 ? memchr(z1 + 1, 0, (size_t)(l - (z1 + 1 - authz))) : NULL;
    if (!z1 || !z2) {
        free(buf);
        fail(s, "501 5.5.2 Error: invalid PLAIN response");
        return;
    }
    const char *user = z1 + 1, *pass = z2 + 1;
    if (*authz && !qs_strcaseeq(authz, user)) {
        free(buf);
        fail(s, "535 5.7.8 Error: authorization identity not allowed");
        return;
    }
    auth_check(s, user, pass);
    memset(buf, 0, (size_t)l);
    free(buf);
}

static void do_auth(struct sess *s, const char *arg, size_t n)
{
    if (!(s->d->cfg->alwauth & (QS_ALWAUTH_LOCAL | QS_ALWAUTH_RELAY))) {
        fail(s, "502 5.5.1 Error: authentication not enabled");
        return;
    }
    if (!qs_conn_is_tls(s->c) && !(s->d->cfg->alwauth & QS_ALWAUTH_PLAIN)) {
        fail(s, "538 5.7.11 Encryption required for requested authentication mechanism");
        return;
    }
    if (!s->helo) { fail(s, "503 5.5.1 Error: send HELO/EHLO first"); return; }
    if (s->auth_user) { fail(s, "503 5.5.1 Error: already authenticated"); return; }
    if (s->in_mail) { fail(s, "503 5.5.1 Error: MAIL transaction in progress"); return; }
    const char *sp = memchr(arg, ' ', n);
    size_t ml = sp ? (size_t)(sp - arg) : n;
    const char *ir = sp ? sp + 1 : NULL;
    size_t irl = sp ? n - ml - 1 : 0;
    if (qs_memcaseeq(arg, ml, "PLAIN")) {
        if (!ir) {
            s->auth_state = AUTH_PLAIN_WAIT;
            reply(s, "334 ");
        } else if (irl == 1 && *ir == '=') {
            auth_plain(s, "", 0);
        } else {
            auth_plain(s, ir, irl);
        }
    } else if (qs_memcaseeq(arg, ml, "LOGIN")) {
        if (ir) {
            unsigned char *u = malloc(irl + 4);
            if (!u || qs_b64_decode(ir, irl, u) < 0) {
                free(u);
                fail(s, "501 5.5.2 Error: invalid base64 data");
                return;
            }
            s->login_user = (char *)u;
            s->auth_state = AUTH_LOGIN_PASS;
            reply(s, "334 UGFzc3dvcmQ6");
        } else {
            s->auth_state = AUTH_LOGIN_USER;
            reply(s, "334 VXNlcm5hbWU6");
        }
    } else {
        fail(s, "504 5.5.4 Error: unsupported authentication mechanism");
    }
}

static void auth_continue(struct sess *s, const char *line, size_t n)
{
    int st = s->auth_state;
    s->auth_state = AUTH_NONE;
    if (n == 1 && line[0] == '*') {
        free(s->login_user);
        s->login_user = NULL;
        fail(s, "501 5.7.0 Error: authentication aborted");
        return;
    }
    if (st == AUTH_PLAIN_WAIT) {
        auth_plain(s, line, n);
        return;
    }
    unsigned char *v = malloc(n + 4);
    if (!v || qs_b64_decode(line, n, v) < 0) {
        free(v);
        free(s->login_user);
        s->login_user = NULL;
        fail(s, "501 5.5.2 Error: invalid base64 data");
        return;
    }
    if (st == AUTH_LOGIN_USER) {
        s->login_user = (char *)v;
        s->auth_state = AUTH_LOGIN_PASS;
        reply(s, "334 UGFzc3dvcmQ6");
        return;
    }
    auth_check(s, s->login_user, (char *)v);
    memset(v, 0, strlen((char *)v));
    free(v);
    free(s->login_user);
    s->login_user = NULL;
}

static void do_vrfy(struct sess *s, const char *arg, size_t n)
{
    /* RFC 6531 §3.7.4.2: "VRFY name SMTPUTF8" may ask about a UTF-8 name */
    const char *sp = n ? memrchr(arg, ' ', n) : NULL;
    int utf8 = sp && s->esmtp && qs_memcaseeq(sp + 1, n - (size_t)(sp + 1 - arg), "SMTPUTF8");
    if (utf8)
        n = (size_t)(sp - arg);
    if (n == 0) { fail(s, "501 5.5.4 Syntax: VRFY address"); return; }
    int cls = qs_utf8_addr_class(arg, n);
    if (cls < 0) { fail(s, "501 5.5.4 Syntax: VRFY address"); return; }
    if (cls > 0 && !utf8) {
        fail(s, "553 5.6.7 Must declare SMTPUTF8 to send unicode address");
        return;
    }
    if (!s->d->cfg->vrfy) {
        reply(s, "252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery");
        return;
    }
    char *q = strndup(arg, n);
    char *at = q ? strchr(q, '@') : NULL;
    if (at) *at = '\0';
    char user[11];
    int f = q ? qs_smtpdir_lookup(s->d->cfg, q, at ? at + 1 : s->d->cfg->hostname, user, NULL) : -1;
    free(q);
    if (f == 1)
        reply(s, "250 2.1.5 Ok");
    else
        fail(s, "550 5.1.1 User unknown");
}

static void command(struct sess *s, const char *line, size_t n)
{
    const char *arg;
    size_t argn;
    switch (qs_smtp_verb(line, n, &arg, &argn)) {
    case QS_V_HELO: do_helo(s, arg, argn, 0); break;
    case QS_V_EHLO: do_helo(s, arg, argn, 1); break;
    case QS_V_MAIL: do_mail(s, arg, argn); break;
    case QS_V_RCPT: do_rcpt(s, arg, argn); break;
    case QS_V_DATA: do_data(s, argn); break;
    case QS_V_RSET: reset_tx(s); reply(s, "250 2.0.0 Ok"); break;
    case QS_V_NOOP: reply(s, "250 2.0.0 Ok"); break;
    case QS_V_QUIT:
        qs_conn_printf(s->c, "221 2.0.0 %s closing connection\r\n", host(s));
        qs_conn_close(s->c);
        break;
    case QS_V_HELP:
        reply(s, "214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT HELP VRFY "
                 "STARTTLS AUTH");
        break;
    case QS_V_VRFY: do_vrfy(s, arg, argn); break;
    case QS_V_STARTTLS:
        if (argn) { fail(s, "501 5.5.4 Syntax: STARTTLS"); break; }
        if (qs_conn_is_tls(s->c)) { fail(s, "503 5.5.1 Error: TLS already active"); break; }
        if (!qs_conn_tls_possible(s->c)) { fail(s, "502 5.5.1 Error: TLS not available"); break; }
        reply(s, "220 2.0.0 Ready to start TLS");
        qs_conn_starttls(s->c);       /* drops anything pipelined after it */
        break;
    case QS_V_AUTH: do_auth(s, arg, argn); break;
    case QS_V_EXPN: case QS_V_SAML: case QS_V_SEND: case QS_V_SOML: case QS_V_TURN:
    case QS_V_BDAT: case QS_V_ETRN:
        fail(s, "502 5.5.1 Error: command not implemented");
        break;
    default:
        fail(s, "500 5.5.2 Error: command not recognized");
        break;
    }
}

/* --- netsrv callbacks ----------------------------------------------------------- */

static void greet(struct qs_conn *c, const struct qs_smtpd *d)
{
    qs_conn_printf(c, "220 %s ESMTP qshim\r\n", d->cfg->hostname);
}

/* Loop thread: the DNSBL verdict for a paused session. */
static void rbl_done(struct qs_conn *c, void *arg)
{
    struct rbl_wait *w = arg;
    struct qs_smtpd *d = w->d;
    if (w->prev) w->prev->next = w->next;
    else d->rbl_waits = w->next;
    if (w->next) w->next->prev = w->prev;
    if (w->hit >= 0) {
        qs_conn_printf(c, "554 5.7.1 Service unavailable; client host [%s] blocked using %s\r\n",
                       qs_conn_peer(c), d->cfg->rbl[w->hit]);
        qs_conn_close(c);
        qs_log(QS_LOG_INFO, "connection from %s refused: listed in %s", qs_conn_peer(c),
               d->cfg->rbl[w->hit]);
        if (d->cfg->journal)
            qs_jrn_mail("9S", NULL, NULL, NULL, qs_conn_peer(c), "connection refused (RBL)");
    } else {
        greet(c, d);
    }
    free(w);
    qs_conn_resume(c);
}

/* Resolver thread: hand the verdict to the loop. */
static void rbl_answered(void *arg, int hit)
{
    struct rbl_wait *w = arg;
    w->hit = hit;
    qs_netsrv_post(w->d->srv, w->c, rbl_done, w);
}

static void *s_open(struct qs_conn *c, void *arg)
{
    struct qs_smtpd *d = arg;
    struct qs_rbl_client cl;
    memset(&cl, 0, sizeof cl);
    cl.ip4 = qs_conn_peer4(c);
    cl.is6 = qs_conn_peer6(c, cl.ip6);
    if ((cl.ip4 && qs_mailcfg_in_list(d->cfg->reject, d->cfg->nreject, cl.ip4)) ||
        (cl.is6 && qs_mailcfg_in_list6(d->cfg->reject6, d->cfg->nreject6, cl.ip6))) {
        qs_conn_printf(c, "554 5.7.1 %s connection refused\r\n", d->cfg->hostname);
        qs_conn_close(c);
        if (d->cfg->journal)
            qs_jrn_mail("9S", NULL, NULL, NULL, qs_conn_peer(c), "connection refused");
        return NULL;
    }
    struct sess *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->scratch = malloc(2 * 64u * 1024 + 2);
    s->line = malloc(CMD_LINE_MAX + 1);
    if (!s->scratch || !s->line) {
        free(s->scratch);
        free(s->line);
        free(s);
        return NULL;
    }
    s->d = d;
    s->c = c;
    s->ip4 = cl.ip4;
    s->is6 = cl.is6;
    memcpy(s->ip6, cl.ip6, sizeof s->ip6);
    qs_msf_env_init(&s->env);
    if (d->rbl && (cl.ip4 || cl.is6)) {
        /* the greeting waits for the DNSBL verdict; the loop does not */
        struct rbl_wait *w = calloc(1, sizeof *w);
        if (w) {
            w->d = d;
            w->c = c;
            w->hit = -1;
            qs_conn_pause(c);
            if (qs_rbl_pool_submit(d->rbl, &cl, rbl_answered, w) == 0) {
                w->next = d->rbl_waits;
                if (w->next) w->next->prev = w;
                d->rbl_waits = w;
                return s;
            }
            qs_conn_resume(c);
            free(w);
        }
    }
    greet(c, d);
    return s;
}

static void s_input(void *arg, struct qs_conn *c)
{
    struct sess *s = arg;
    struct qs_buf *in = qs_conn_in(c);
    while (qs_conn_accepting(c) && in->len > 0) {
        if (s->in_data) {
            size_t outlen;
            int done;
            size_t take = in->len > 64u * 1024 ? 64u * 1024 : in->len;
            size_t used = qs_data_feed(&s->dp, in->data, take, s->scratch, &outlen, &done);
            qs_buf_consume(in, used);
            if (outlen && !s->dp.err) {
                struct qs_err err = QS_ERR_INIT;
                if (qs_msf_draft_write(s->draft, s->scratch, outlen, &err) < 0) {
                    s->dp.err |= QS_DATA_TOO_BIG;
                    qs_err_clear(&err);
                }
            }
            if (done)
                end_data(s);
            continue;
        }
        char *nl = memchr(in->data, '\n', in->len);
        if (!nl) {
            if (in->len > CMD_LINE_MAX) {
                qs_buf_reset(in);
                if (!s->discarding)
                    fail(s, "500 5.5.2 Error: line too long");
                s->discarding = 1;
            }
            break;
        }
        size_t n = (size_t)(nl - in->data), used = n + 1;
        int crlf = n > 0 && in->data[n - 1] == '\r';
        if (crlf) n--;
        if (s->discarding) {
            s->discarding = 0;
            qs_buf_consume(in, used);
            continue;
        }
        if (n > CMD_LINE_MAX) {
            qs_buf_consume(in, used);
            fail(s, "500 5.5.2 Error: line too long");
            continue;
        }
        /* copy the line out: handlers may write replies but not touch input */
        char *line = s->line;
        memcpy(line, in->data, n);
        line[n] = '\0';
        qs_buf_consume(in, used);
        if ((!crlf && !s->d->cfg->alwbarelf) || memchr(line, '\0', n) || memchr(line, '\r', n)) {
            s->auth_state = AUTH_NONE;
            fail(s, "500 5.5.2 Error: bare CR, bare LF or NUL in command");
            continue;
        }
        if (s->auth_state != AUTH_NONE)
            auth_continue(s, line, n);
        else
            command(s, line, n);
    }
}

static void s_timeout(void *arg, struct qs_conn *c)
{
    struct sess *s = arg;
    qs_conn_printf(c, "421 4.4.2 %s Error: timeout exceeded\r\n", host(s));
}

static void s_shutdown(void *arg, struct qs_conn *c)
{
    struct sess *s = arg;
    qs_conn_printf(c, "421 4.3.2 %s Service shutting down\r\n", host(s));
}

static void s_tls_ready(void *arg, struct qs_conn *c)
{
    struct sess *s = arg;
    (void)c;
    /* RFC 3207 §4.2: forget everything learned before the handshake */
    reset_tx(s);
    free(s->helo);
    s->helo = NULL;
    free(s->auth_user);
    s->auth_user = NULL;
    s->auth_state = AUTH_NONE;
}

static void s_close(void *arg)
{
    struct sess *s = arg;
    reset_tx(s);
    free(s->helo);
    free(s->auth_user);
    free(s->login_user);
    free(s->scratch);
    free(s->line);
    free(s);
}

static const struct qs_netsrv_proto smtp_proto = {
    s_open, s_input, s_timeout, s_shutdown, s_tls_ready, NULL, s_close
};

/* --- server --------------------------------------------------------------------- */

static int default_signon(const char *user, const char *password)
{
    struct qs_err err = QS_ERR_INIT;
    int rc = qs_usrprf_signon(user, password, &err);
    qs_err_clear(&err);
    return rc;
}

int qs_smtpd_new(struct qs_smtpd **d_r, const struct qs_smtpd_opts *o, struct qs_err *err)
{
    *d_r = NULL;
    struct qs_smtpd *d = calloc(1, sizeof *d);
    if (!d)
        return qs_err_sys(err, ENOMEM);
    d->cfg = o->cfg;
    d->signon = o->signon ? o->signon : default_signon;
    d->ports[0] = d->ports[1] = d->ports[2] = -1;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    if (qs_netsrv_new(&d->srv, &smtp_proto, d, err) < 0)
        goto fail;
    qs_netsrv_set_timeout(d->srv, d->cfg->idle_timeout);
    if (d->cfg->certfile && d->cfg->keyfile) {
        d->tls = qs_tls_server_ctx(d->cfg->certfile, d->cfg->keyfile, err);
        if (!d->tls)
            goto fail;
        qs_netsrv_set_tls(d->srv, d->tls);
    }
    const char *bind = o->bind ? o->bind : d->cfg->bndadr;
    int ports[3] = { o->port, o->subm_port, o->smtps_port };
    for (int t = 0; t < 3; t++) {
        if (ports[t] < 0 || (t == QS_SMTPD_TAG_SMTPS && !d->tls))
            continue;
        d->ports[t] = qs_netsrv_listen(d->srv, bind, ports[t], t, t == QS_SMTPD_TAG_SMTPS, err);
        if (d->ports[t] < 0)
            goto fail;
    }
    if (d->cfg->nrbl && qs_rbl_pool_new(&d->rbl, d->cfg, RBL_THREADS, err) < 0)
        goto fail;
    if (qs_msf_recover(err) < 0)
        goto fail;
    if (o->run_msf) {
        struct qs_msf_run_opts ro = { d->cfg->nbrmsfjob, 0, NULL, 0 };
        if (qs_msf_run_start(&d->runner, &ro, err) < 0)
            goto fail;
    }
    for (; d->committer_on < SMTPD_COMMITTERS; d->committer_on++)
        if (pthread_create(&d->committer[d->committer_on], NULL, committer, d) != 0) {
            qs_err_sys(err, errno);
            goto fail;
        }
    *d_r = d;
    return 0;
fail:
    qs_smtpd_free(&d);
    return -1;
}

int qs_smtpd_port(const struct qs_smtpd *d, int tag)
{
    return tag >= 0 && tag < 3 ? d->ports[tag] : -1;
}

int qs_smtpd_run(struct qs_smtpd *d)
{
    return qs_netsrv_run(d->srv);
}

void qs_smtpd_stop(struct qs_smtpd *d)
{
    qs_netsrv_stop(d->srv);
}

void qs_smtpd_free(struct qs_smtpd **dp)
{
    struct qs_smtpd *d = *dp;
    if (!d)
        return;
    if (d->committer_on) {
        pthread_mutex_lock(&d->mu);
        d->stopping = 1;
        pthread_cond_broadcast(&d->cv);
        pthread_mutex_unlock(&d->mu);
        for (int i = 0; i < d->committer_on; i++)
            pthread_join(d->committer[i], NULL);
    }
    qs_msf_run_stop(&d->runner, 0);
    /* look-ups in flight are abandoned, not waited for (no verdict is posted
     * after this); the waits whose verdict never ran are freed here, verdicts
     * already posted by netsrv_free */
    qs_rbl_pool_free(&d->rbl);
    while (d->rbl_waits) {
        struct rbl_wait *w = d->rbl_waits;
        d->rbl_waits = w->next;
        free(w);
    }
    qs_netsrv_free(&d->srv);
    if (d->tls)
        SSL_CTX_free(d->tls);
    pthread_mutex_destroy(&d->mu);
    pthread_cond_destroy(&d->cv);
    free(d);
    *dp = NULL;
}
