/*
 * qsys/smtpc/smtpc_queue.c - the outbound snap-in: consume MSF's remote
 * hand-off queue (docs/msf.md "Outbound hand-off").
 *
 * For each due job: read the content, add DKIM signatures when the From
 * domain has keys (signing is the last change made to a message), deliver
 * per destination domain (or all at once through the mail router), and
 * report per recipient: delivered -> FORWARDED; permanent failure -> NONDEL
 * (MSF sends the RFC 3464 report); temporary -> REMOTE with the next retry
 * time of RTYMIN/RTYHOUR/RTYDAY, or NONDEL with 4.4.7 once the retries are
 * used up.
 *
 * With CHGSMTPA JOURNAL(*YES) every step is journaled in QZMF with IBM's SMTP
 * client entry types: 8B job taken for processing, 88 delivered, 83
 * undeliverable, 8C / 8D put on the first / second-level retry queue.
 */
#include "qsys/smtpc/smtpc.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/dkim/dkim.h"
#include "qsys/jrn/jrn.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char *domain_of(const char *addr)
{
    const char *at = strrchr(addr, '@');
    return at ? at + 1 : "";
}

/* Per-destination counters for RATE, one minute windows, for one run. */
#define MAX_THROTTLE 256
struct throttle {
    char     dest[256];
    time_t   start;
    unsigned sent;
};
struct run_state {
    int journal;
    pthread_mutex_t mu;             /* the throttle table and the counters */
    struct throttle t[MAX_THROTTLE];
    size_t nt;
    /* the workers */
    const struct qs_smtpc_cfg *cfg;
    struct qs_smtpc_pool *pool;
    int handled, failed;
    struct qs_err err;
};

/* 0 = may send now (counted), else the time the destination opens again. */
static time_t throttle_take(const struct qs_smtpc_cfg *cfg, struct run_state *rs,
                            const char *dest, time_t now)
{
    unsigned lim = qs_smtpc_rate_for(cfg, dest);
    if (!lim)
        return 0;
    struct throttle *t = NULL;
    for (size_t i = 0; i < rs->nt && !t; i++)
        if (qs_strcaseeq(rs->t[i].dest, dest))
            t = &rs->t[i];
    if (!t) {
        if (rs->nt == MAX_THROTTLE)
            return 0;
        t = &rs->t[rs->nt++];
        qs_strlcpy(t->dest, dest, sizeof t->dest);
        t->start = now;
        t->sent = 0;
    }
    if (now - t->start >= 60) {
        t->start = now;
        t->sent = 0;
    }
    if (t->sent >= lim)
        return t->start + 60;
    t->sent++;
    return 0;
}

static void jrn(int on, const char *type, const struct qs_msf_env *env, const char *rcpt,
                const char *text)
{
    if (on)
        qs_jrn_mail(type, env->id, env->from, rcpt, NULL, text);
}

/*
 * NOTIFY=DELAY warnings (DLYWRN).  At most one per message: with the
 * default the first deferral warns (attempts == 0, nothing to remember);
 * with DLYWRN(hours) the first deferral after the message has waited that
 * long does, and mail/dlywrn/<id> records it (made with O_EXCL before the
 * report is queued, so a crash can lose a warning but never send two).
 * The record goes when no recipient of the message is left to retry.
 */
static int dlywrn_path(struct qs_buf *p, const char *id, struct qs_err *err)
{
    size_t mark = p->len;
    if (qs_root_path(p, err, "mail/dlywrn") < 0 || qs_mkdir_p(p->data + mark, 0700, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%s", id) < 0 ? qs_err_sys(err, ENAMETOOLONG) : 0;
}

/* 1 when this job's deferred NOTIFY=DELAY recipients are to be warned now. */
static int dlywrn_due(const struct qs_smtpc_cfg *cfg, const struct qs_msf_env *env, time_t now)
{
    if (cfg->dlywrn == 0)
        return env->attempts == 0;
    if (cfg->dlywrn < 0 || now - (time_t)env->received < cfg->dlywrn)
        return 0;
    struct qs_buf p;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&p, QS_MAX_PATH);
    int fd = dlywrn_path(&p, env->id, &e) < 0 ? -1 : open(p.data, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno != EEXIST)
        qs_log(QS_LOG_WARN, "smtpc: %s: no delay warning: %s", env->id,
               e.text ? e.text : strerror(errno));
    if (fd >= 0) {
        close(fd);
        qs_fsync_dir(p.data);
    }
    qs_err_clear(&e);
    qs_buf_free(&p);
    return fd >= 0;
}

static void dlywrn_forget(const char *id)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (dlywrn_path(&p, id, NULL) == 0)
        unlink(p.data);
    qs_buf_free(&p);
}

static int run_job(const struct qs_smtpc_cfg *cfg, struct qs_smtpc_pool *pool,
                   struct qs_msf_remote_job *job, struct run_state *rs, time_t *retry_r,
                   struct qs_err *err)
{
    int journal = rs->journal, attempted = 0, warn = -1;   /* warn: not yet asked */
    time_t held_until = 0;
    struct qs_msf_env *env = &job->env;
    struct qs_buf content, signed_msg;
    qs_buf_init(&content, QS_MAX_MAIL_MSG);
    qs_buf_init(&signed_msg, QS_MAX_MAIL_MSG);
    struct qs_smtpc_rcpt *r = calloc(env->nrcpt ? env->nrcpt : 1, sizeof *r);
    char *done = calloc(env->nrcpt ? env->nrcpt : 1, 1);
    int rc = -1;
    if (!r || !done) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    jrn(journal, "8B", env, NULL, NULL);
    if (qs_file_read(job->content_path, QS_MAX_MAIL_MSG, &content, err) < 0)
        goto out;
    /* DKIM: a failure to sign is logged and the message goes unsigned */
    struct qs_err de = QS_ERR_INIT;
    const char *data = content.data ? content.data : "";
    size_t len = content.len;
    int ns = qs_dkim_sign_auto(data, len, &signed_msg, &de);
    if (ns > 0 && qs_buf_add(&signed_msg, data, len) == 0) {
        data = signed_msg.data;
        len = signed_msg.len;
    } else if (ns < 0) {
        qs_log(QS_LOG_WARN, "smtpc: message %s not DKIM-signed: %s %s", env->id, de.msgid,
               de.text ? de.text : "");
    }
    qs_err_clear(&de);

    time_t now = time(NULL);
    time_t next = qs_smtpc_next_retry(cfg, env->attempts + 1, now);
    *retry_r = next;
    for (size_t i = 0; i < env->nrcpt; i++) {
        if (done[i] || env->rcpt[i].status != QS_MSF_RS_REMOTE)
            continue;
        const char *dom = domain_of(env->rcpt[i].addr);
        size_t m = 0;
        size_t idx[QS_MAX_SMTP_RCPTS];
        for (size_t j = i; j < env->nrcpt && m < QS_MAX_SMTP_RCPTS; j++) {
            if (done[j] || env->rcpt[j].status != QS_MSF_RS_REMOTE)
                continue;
            if (!cfg->mailrouter && strcasecmp(domain_of(env->rcpt[j].addr), dom) != 0)
                continue;
            r[m].addr = env->rcpt[j].addr;
            r[m].notify = env->rcpt[j].notify;
            r[m].orcpt = env->rcpt[j].orcpt;
            idx[m++] = j;
            done[j] = 1;
        }
        pthread_mutex_lock(&rs->mu);
        time_t open_at = throttle_take(cfg, rs, cfg->mailrouter ? cfg->mailrouter : dom, now);
        pthread_mutex_unlock(&rs->mu);
        if (open_at) {
            /* RATE reached: these recipients wait, and it is not an attempt */
            for (size_t k = 0; k < m; k++)
                env->rcpt[idx[k]].status = QS_MSF_RS_REMOTE;
            if (!held_until || open_at < held_until)
                held_until = open_at;
            continue;
        }
        attempted = 1;
        struct qs_smtpc_msg sm = { .from = env->from ? env->from : "", .rcpt = r, .nrcpt = m,
                                   .data = data, .len = len, .body8bit = env->body8bit,
                                   .envid = env->envid, .ret_hdrs = env->ret_hdrs,
                                   .smtputf8 = env->utf8 };
        if (qs_smtpc_deliver(cfg, pool, dom, &sm, err) < 0)
            goto out;
        for (size_t k = 0; k < m; k++) {
            struct qs_msf_rcpt *x = &env->rcpt[idx[k]];
            char diag[400];
            if (r[k].verdict == QS_DLV_OK) {
                x->status = QS_MSF_RS_FORWARDED;
                /* NOTIFY=SUCCESS: a DSN-capable next hop reports from now
                 * on; otherwise MSF reports "relayed" (as Postfix does) */
                if (!r[k].dsn_passed) {
                    x->dsn = QS_MSF_DSN_RELAYED;
                    qs_msf_env_set(&x->diag, r[k].diag, NULL);
                }
                qs_log(QS_LOG_INFO, "smtpc: %s to=<%s> sent: %s", env->id, x->addr, r[k].diag);
                jrn(journal, "88", env, x->addr, r[k].diag);
                continue;
            }
            if (r[k].verdict == QS_DLV_DEFER && next) {
                x->status = QS_MSF_RS_REMOTE;
                if ((x->notify & QS_MSF_NOTIFY_DELAY) && warn < 0)
                    warn = dlywrn_due(cfg, env, now);
                if (warn > 0)               /* NOTIFY=DELAY: one warning (DLYWRN) */
                    x->dsn = QS_MSF_DSN_DELAYED;
                qs_log(QS_LOG_INFO, "smtpc: %s to=<%s> deferred: %s", env->id, x->addr, r[k].diag);
                jrn(journal, env->attempts + 1 <= cfg->rty[0][0] ? "8C" : "8D", env, x->addr,
                    r[k].diag);
                snprintf(diag, sizeof diag, "%s", r[k].diag);
            } else {
                x->status = QS_MSF_RS_NONDEL;
                if (r[k].verdict == QS_DLV_DEFER)
                    snprintf(diag, sizeof diag, "4.4.7 retries exhausted after %d attempts; last: %.300s",
                             env->attempts + 1, r[k].diag);
                else
                    snprintf(diag, sizeof diag, "%s", r[k].diag);
                qs_log(QS_LOG_INFO, "smtpc: %s to=<%s> failed: %s", env->id, x->addr, diag);
                jrn(journal, "83", env, x->addr, diag);
            }
            if (qs_msf_env_set(&x->diag, diag, err) < 0)
                goto out;
        }
    }
    if (!attempted && held_until) {
        env->attempts--;            /* finish() adds one back: throttling is no attempt */
        *retry_r = held_until;
    } else if (held_until && (!*retry_r || held_until < *retry_r)) {
        *retry_r = held_until;
    }
    rc = 0;
out:
    free(r);
    free(done);
    qs_buf_free(&content);
    qs_buf_free(&signed_msg);
    return rc;
}

/* One worker: claim due jobs until none is left. */
static void *worker(void *arg)
{
    struct run_state *rs = arg;
    for (;;) {
        struct qs_msf_remote_job *job = NULL;
        struct qs_err ce = QS_ERR_INIT;
        int c = qs_msf_remote_claim(&job, &ce);
        if (c <= 0) {
            pthread_mutex_lock(&rs->mu);
            if (c < 0 && !rs->failed++)
                qs_err_move(&rs->err, &ce);
            pthread_mutex_unlock(&rs->mu);
            qs_err_clear(&ce);
            return NULL;
        }
        time_t next = 0;
        struct qs_err je = QS_ERR_INIT;
        if (run_job(rs->cfg, rs->pool, job, rs, &next, &je) < 0) {
            /* local trouble: keep every recipient for a later attempt */
            qs_log(QS_LOG_ERR, "smtpc: job %s: %s %s", job->env.id, je.msgid, je.text ? je.text : "");
            for (size_t i = 0; i < job->env.nrcpt; i++)
                if (job->env.rcpt[i].status != QS_MSF_RS_FORWARDED)
                    job->env.rcpt[i].status = QS_MSF_RS_REMOTE;
            next = time(NULL) + 300;
        }
        qs_err_clear(&je);
        char id[QS_MSF_ID_LEN + 1];
        int pending = 0;
        for (size_t i = 0; i < job->env.nrcpt; i++)
            pending |= job->env.rcpt[i].status == QS_MSF_RS_REMOTE;
        qs_strlcpy(id, job->env.id, sizeof id);
        int frc = qs_msf_remote_finish(&job, (int64_t)next, &ce);
        if (frc == 0 && !pending && rs->cfg->dlywrn > 0)
            dlywrn_forget(id);
        pthread_mutex_lock(&rs->mu);
        if (frc < 0 && !rs->failed++)
            qs_err_move(&rs->err, &ce);
        rs->handled++;
        int stop = rs->failed;
        pthread_mutex_unlock(&rs->mu);
        qs_err_clear(&ce);
        if (stop)
            return NULL;
    }
}

int qs_smtpc_run_queue(const struct qs_smtpc_cfg *cfg, struct qs_smtpc_pool *pool,
                       struct qs_err *err)
{
    if (!qs_smtpc_in_window(cfg, time(NULL)))
        return 0;                   /* WINDOW: the queue waits */
    struct run_state *rs = calloc(1, sizeof *rs);
    if (!rs)
        return qs_err_sys(err, ENOMEM);
    pthread_mutex_init(&rs->mu, NULL);
    rs->cfg = cfg;
    rs->pool = pool;
    struct qs_mailcfg mc;
    if (qs_mailcfg_load(&mc, NULL) == 0) {
        rs->journal = mc.journal;
        qs_mailcfg_free(&mc);
    }
    /* several jobs at once (each worker claims its own); the pool keeps
     * each destination within CONCURRENCY sessions.  Without a pool there
     * is no limit to enforce, so one worker. */
    int nw = pool ? cfg->workers : 1;
    pthread_t th[QS_SMTPC_MAX_WORKERS];
    int started = 0;
    for (int i = 1; i < nw && i < QS_SMTPC_MAX_WORKERS; i++) {
        if (pthread_create(&th[started], NULL, worker, rs) != 0)
            break;
        started++;
    }
    worker(rs);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    int n = rs->handled;
    if (rs->failed) {
        qs_err_move(err, &rs->err);
        n = -1;
    }
    qs_err_clear(&rs->err);
    pthread_mutex_destroy(&rs->mu);
    free(rs);
    return n;
}
