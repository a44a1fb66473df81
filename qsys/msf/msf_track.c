/*
 * qsys/msf/msf_track.c - e-mail tracking (CHGSMTPA KEEPUNTIL) and the cold
 * start (CHGSMTPA COLDSTART, STRMSF MSGOPT(*CLEAR)).
 *
 * Tracking: when MSF finishes a message, and when the outbound snap-in
 * reaches a verdict for remote recipients, the envelope with its final
 * per-recipient statuses is kept as $ROOT/mail/track/<id>.<tag> (tag "m" for
 * MSF, "rN" for outbound attempt N).  WRKSMTPEMM QUEUE(*DLV) / (*ERR) lists
 * them.  Records older than KEEPUNTIL days are removed by the runner (every
 * minute and at each start); KEEPUNTIL(*NONE) keeps nothing.  A record is
 * written with a rename but without fsync: tracking is history, and losing
 * the last second of it in a crash costs no mail.
 *
 * Cold start: every message in the MSF queue (active, incoming, drafts,
 * outbound) is destroyed, as IBM's cold start destroys all unprocessed SMTP
 * distributions.  Tracking history and mailboxes are kept.
 */
#include "qsys/msf/msf.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/root.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TRACK_MAX_ENV (4u * 1024 * 1024)

static int track_dir(struct qs_buf *p, struct qs_err *err)
{
    return qs_root_path(p, err, "mail/track");
}

int qs_msf_track_note(const struct qs_msf_env *e, const char *tag, int keepuntil)
{
    if (keepuntil <= 0)
        return 0;
    int any = 0;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (e->rcpt[i].status == QS_MSF_RS_LOCAL || e->rcpt[i].status == QS_MSF_RS_FORWARDED ||
            e->rcpt[i].status == QS_MSF_RS_NONDEL || e->rcpt[i].status == QS_MSF_RS_SECURITY)
            any = 1;
    if (!any)
        return 0;
    struct qs_buf dir, body, path, tmp;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&body, TRACK_MAX_ENV);
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&tmp, QS_MAX_PATH);
    int rc = -1, fd = -1;
    if (track_dir(&dir, NULL) < 0 || qs_mkdir_p(dir.data, 0700, NULL) < 0 ||
        qs_msf_env_format(e, &body) < 0)
        goto out;
    qs_buf_addf(&path, "%s/%s.%s", dir.data, e->id, tag);
    qs_buf_addf(&tmp, "%s/.%s.%s.%ld", dir.data, e->id, tag, (long)getpid());
    fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || qs_write_all(fd, body.data, body.len) < 0)
        goto out;
    close(fd);
    fd = -1;
    rc = rename(tmp.data, path.data);
out:
    if (fd >= 0)
        close(fd);
    if (rc < 0 && tmp.data)
        unlink(tmp.data);
    qs_buf_free(&dir);
    qs_buf_free(&body);
    qs_buf_free(&path);
    qs_buf_free(&tmp);
    return rc;
}

int qs_msf_track_expire(int keepuntil, time_t now)
{
    struct qs_buf dir, p;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    int removed = 0;
    DIR *d = NULL;
    if (track_dir(&dir, NULL) < 0 || !(d = opendir(dir.data)))
        goto out;
    time_t limit = keepuntil > 0 ? now - (time_t)keepuntil * 86400 : now + 1;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        qs_buf_reset(&p);
        qs_buf_addf(&p, "%s/%s", dir.data, de->d_name);
        struct stat st;
        /* leftover temp files of a crashed writer go after an hour */
        time_t lim = de->d_name[0] == '.' ? (now - 3600 < limit ? now - 3600 : limit) : limit;
        if (lstat(p.data, &st) == 0 && st.st_mtime < lim && unlink(p.data) == 0)
            removed++;
    }
    closedir(d);
out:
    qs_buf_free(&dir);
    qs_buf_free(&p);
    return removed;
}

/* Which tracked bucket a recipient status belongs to, or -1. */
static int bucket_of(int status)
{
    if (status == QS_MSF_RS_LOCAL || status == QS_MSF_RS_FORWARDED)
        return QS_MSF_Q_DLV;
    if (status == QS_MSF_RS_NONDEL || status == QS_MSF_RS_SECURITY)
        return QS_MSF_Q_ERR;
    return -1;
}

int qs_msf_track_list(int (*fn)(const struct qs_msf_env *e, int bucket, void *arg), void *arg,
                      struct qs_err *err)
{
    struct qs_buf dir, p;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    int n = 0, stop = 0;
    DIR *d = NULL;
    if (track_dir(&dir, err) < 0) {
        n = -1;
        goto out;
    }
    if (!(d = opendir(dir.data)))
        goto out;                           /* nothing tracked yet */
    struct dirent *de;
    while (!stop && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        qs_buf_reset(&p);
        qs_buf_addf(&p, "%s/%s", dir.data, de->d_name);
        struct qs_msf_env e;
        qs_msf_env_init(&e);
        struct qs_err e2 = QS_ERR_INIT;
        if (qs_msf_read_env(p.data, &e, &e2) < 0) {
            qs_err_clear(&e2);
            continue;
        }
        /* one call per bucket, with only that bucket's recipients */
        struct qs_msf_rcpt *all = e.rcpt, *sub = calloc(e.nrcpt ? e.nrcpt : 1, sizeof *sub);
        size_t nall = e.nrcpt;
        for (int b = QS_MSF_Q_DLV; sub && !stop && b <= QS_MSF_Q_ERR; b++) {
            size_t k = 0;
            for (size_t i = 0; i < nall; i++)
                if (bucket_of(all[i].status) == b)
                    sub[k++] = all[i];
            if (!k)
                continue;
            e.rcpt = sub;
            e.nrcpt = k;
            n++;
            stop = fn(&e, b, arg) != 0;
        }
        e.rcpt = all;
        e.nrcpt = nall;
        free(sub);
        qs_msf_env_clear(&e);
    }
    closedir(d);
out:
    qs_buf_free(&dir);
    qs_buf_free(&p);
    return n;
}

int qs_msf_coldstart(struct qs_err *err)
{
    struct qs_buf q;
    qs_buf_init(&q, QS_MAX_PATH);
    int rc = qs_root_path(&q, err, "mail/queue");
    if (rc == 0) {
        qs_rm_rf(q.data);
        rc = qs_msf_qinit(err);
    }
    qs_buf_free(&q);
    if (rc == 0)
        qs_log(QS_LOG_INFO, "msf: cold start: every queued message was removed");
    return rc;
}
