/*
 * qsys/msf/msf_remote.c - the outbound hand-off queue (queue/remote/).
 *
 * remote/<id>       envelope with only the remote recipients (status 6)
 * remote/<id>.msg   hard link to the content
 * remote/<id>.done  tombstone left by qs_msf_remote_finish, so the runner
 *                   can tell "already handed off" from "not yet" after a
 *                   crash; swept once the message left active/.
 * A job is claimed by flock on remote/<id>; a dead claimer's lock vanishes.
 */
#include "qsys/msf/msf.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int qs_msf_remote_handoff(struct qs_msf_env *env, const char *content_path,
                          struct qs_err *err)
{
    struct qs_buf p, t, body;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&t, QS_MAX_PATH);
    qs_buf_init(&body, QS_MAX_MAIL_MSG);
    int rc = -1;
    struct stat st;
    if (qs_msf_qpath(&p, err, "remote", env->id, NULL) < 0 ||
        qs_msf_qpath(&t, err, "remote", env->id, ".done") < 0)
        goto out;
    if (stat(p.data, &st) != 0 && stat(t.data, &st) != 0) {
        /* not handed off yet */
        struct qs_msf_env r;
        qs_msf_env_init(&r);
        memcpy(r.id, env->id, sizeof r.id);
        r.origin = env->origin;
        r.ret_hdrs = env->ret_hdrs;
        r.body8bit = env->body8bit;
        r.utf8 = env->utf8;
        r.received = env->received;
        r.size = env->size;
        r.crc = env->crc;
        r.tls = env->tls;
        int bad = qs_msf_env_set(&r.from, env->from, err) < 0 ||
                  qs_msf_env_set(&r.envid, env->envid, err) < 0 ||
                  qs_msf_env_set(&r.auth_user, env->auth_user, err) < 0;
        for (size_t i = 0; !bad && i < env->nrcpt; i++) {
            const struct qs_msf_rcpt *x = &env->rcpt[i];
            if (x->status != QS_MSF_RS_PENDING || x->user)
                continue;
            int k = qs_msf_env_add_rcpt(&r, x->addr, x->dist, x->notify, x->orcpt, err);
            if (k < 0) bad = 1;
            else r.rcpt[k].status = QS_MSF_RS_REMOTE;
        }
        qs_buf_reset(&t);
        qs_msf_qpath(&t, NULL, "remote", env->id, ".msg");
        if (!bad && link(content_path, t.data) < 0 && errno != EEXIST) {
            qs_err_sys(err, errno);
            bad = 1;
        }
        if (!bad && r.nrcpt > 0 && (qs_msf_env_format(&r, &body) < 0 ||
            qs_file_write_atomic(p.data, body.data, body.len, 0600, err) < 0))
            bad = 1;
        qs_msf_env_clear(&r);
        if (bad)
            goto out;
    }
    for (size_t i = 0; i < env->nrcpt; i++)
        if (env->rcpt[i].status == QS_MSF_RS_PENDING && !env->rcpt[i].user)
            env->rcpt[i].status = QS_MSF_RS_REMOTE;
    rc = 0;
out:
    qs_buf_free(&p);
    qs_buf_free(&t);
    qs_buf_free(&body);
    return rc;
}

struct claim {
    struct qs_msf_remote_job *job;
    int64_t now;
};

static int try_claim(const char *qdir, const char *name, void *arg)
{
    struct claim *c = arg;
    if (c->job || strlen(name) != QS_MSF_ID_LEN)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%sremote/%s", qdir, name);
    int fd = open(p.data, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if (fd >= 0) close(fd);
        qs_buf_free(&p);
        return -1;
    }
    struct qs_msf_remote_job *j = calloc(1, sizeof *j);
    struct stat st1, st2;
    /* the file may have been replaced or finished between open and lock */
    if (!j || fstat(fd, &st1) < 0 || stat(p.data, &st2) < 0 || st1.st_ino != st2.st_ino ||
        qs_msf_read_env(p.data, &j->env, NULL) < 0 || j->env.next_try > c->now) {
        if (j && j->env.id[0]) qs_msf_env_clear(&j->env);
        free(j);
        close(fd);
        qs_buf_free(&p);
        return -1;
    }
    j->lock_fd = fd;
    j->env_path = qs_buf_detach(&p, NULL);
    qs_buf_addf(&p, "%s.msg", j->env_path);
    j->content_path = qs_buf_detach(&p, NULL);
    c->job = j;
    return 0;
}

int qs_msf_remote_claim(struct qs_msf_remote_job **job_r, struct qs_err *err)
{
    *job_r = NULL;
    if (qs_msf_qinit(err) < 0)
        return -1;
    struct claim c = { NULL, (int64_t)time(NULL) };
    qs_msf_each("remote", try_claim, &c);
    *job_r = c.job;
    return c.job ? 1 : 0;
}

static void job_free(struct qs_msf_remote_job *j)
{
    qs_msf_env_clear(&j->env);
    free(j->content_path);
    free(j->env_path);
    if (j->lock_fd >= 0)
        close(j->lock_fd);
    free(j);
}

int qs_msf_remote_finish(struct qs_msf_remote_job **job_r, int64_t retry_at,
                         struct qs_err *err)
{
    struct qs_msf_remote_job *j = *job_r;
    if (!j)
        return 0;
    int rc = 0, failed = 0, deferred = 0;
    for (size_t i = 0; i < j->env.nrcpt; i++) {
        if (j->env.rcpt[i].status == QS_MSF_RS_NONDEL) failed++;
        else if (j->env.rcpt[i].status == QS_MSF_RS_REMOTE) deferred++;
    }
    if (failed && qs_msf_ndr_send(&j->env, j->content_path, err) < 0)
        rc = -1;
    if (rc == 0 && (size_t)deferred < j->env.nrcpt) {    /* KEEPUNTIL tracking */
        struct qs_mailcfg cfg;
        if (qs_mailcfg_load(&cfg, NULL) == 0) {
            qs_msf_track_note(&j->env, qs_mailcfg_track_days(&cfg));
            qs_mailcfg_free(&cfg);
        }
    }
    /* success ("relayed") and delay reports the snap-in asked for; a report
     * that cannot be queued is logged, it does not hold the job back */
    static const int extra[] = { QS_MSF_DSN_DELIVERED, QS_MSF_DSN_DELAYED };
    for (size_t k = 0; rc == 0 && k < 2; k++) {
        struct qs_err de = QS_ERR_INIT;
        if (qs_msf_dsn_send(&j->env, j->content_path, extra[k], &de) < 0)
            qs_log(QS_LOG_WARN, "msf: %s: delivery report not queued: %s", j->env.id,
                   de.text ? de.text : de.msgid);
        qs_err_clear(&de);
    }
    if (rc == 0 && deferred) {
        struct qs_msf_env keep;
        qs_msf_env_init(&keep);
        memcpy(keep.id, j->env.id, sizeof keep.id);
        keep.origin = j->env.origin;
        keep.received = j->env.received;
        keep.size = j->env.size;
        keep.crc = j->env.crc;
        keep.ret_hdrs = j->env.ret_hdrs;
        keep.body8bit = j->env.body8bit;
        keep.utf8 = j->env.utf8;
        keep.attempts = j->env.attempts + 1;
        keep.next_try = retry_at;
        qs_msf_env_set(&keep.from, j->env.from, NULL);
        qs_msf_env_set(&keep.envid, j->env.envid, NULL);
        for (size_t i = 0; i < j->env.nrcpt; i++) {
            const struct qs_msf_rcpt *x = &j->env.rcpt[i];
            if (x->status != QS_MSF_RS_REMOTE)
                continue;
            int k = qs_msf_env_add_rcpt(&keep, x->addr, x->dist, x->notify, x->orcpt, NULL);
            if (k >= 0) keep.rcpt[k].status = QS_MSF_RS_REMOTE;
        }
        struct qs_buf b;
        qs_buf_init(&b, QS_MAX_MAIL_MSG);
        if (qs_msf_env_format(&keep, &b) < 0 ||
            qs_file_write_atomic(j->env_path, b.data, b.len, 0600, err) < 0)
            rc = -1;
        qs_buf_free(&b);
        qs_msf_env_clear(&keep);
    } else if (rc == 0) {
        struct qs_buf t;
        qs_buf_init(&t, QS_MAX_PATH);
        qs_buf_addf(&t, "%s.done", j->env_path);
        if (rename(j->env_path, t.data) < 0 || qs_fsync_dir(t.data) < 0)
            rc = qs_err_sys(err, errno);
        else
            unlink(j->content_path);
        qs_buf_free(&t);
    }
    job_free(j);
    *job_r = NULL;
    return rc;
}

static int count_job(const char *qdir, const char *name, void *arg)
{
    (void)qdir;
    (void)arg;
    return strlen(name) == QS_MSF_ID_LEN ? 0 : -1;
}

size_t qs_msf_remote_count(void)
{
    int n = qs_msf_each("remote", count_job, NULL);
    return n > 0 ? (size_t)n : 0;
}

static int sweep_one(const char *qdir, const char *name, void *arg)
{
    (void)arg;
    size_t l = strlen(name);
    if (l != QS_MSF_ID_LEN + 5 || strcmp(name + QS_MSF_ID_LEN, ".done") != 0)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%sactive/%.*s", qdir, (int)QS_MSF_ID_LEN, name);
    struct stat st;
    int gone = stat(p.data, &st) != 0;
    qs_buf_reset(&p);
    qs_buf_addf(&p, "%sremote/%s", qdir, name);
    if (gone)
        unlink(p.data);
    qs_buf_free(&p);
    return gone ? 0 : -1;
}

void qs_msf_remote_sweep(void)
{
    qs_msf_each("remote", sweep_one, NULL);
}
