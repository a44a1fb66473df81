/*
 * qsys/msf/msf_track.c - e-mail tracking (CHGSMTPA KEEPUNTIL) and the cold
 * start (CHGSMTPA COLDSTART, STRMSF MSGOPT(*CLEAR)).
 *
 * Tracking: when MSF finishes a message, and when the outbound snap-in
 * reaches a verdict for remote recipients, the envelope with its final
 * per-recipient statuses is appended to the day file
 * $ROOT/mail/track/YYYYMMDD.trk (UTC) as "R <len>\n<envelope>", one write
 * with O_APPEND.  WRKSMTPEMM QUEUE(*DLV) / (*ERR) lists them.  A day file
 * whose last record is older than KEEPUNTIL days is removed by the runner
 * (every minute and at each start); KEEPUNTIL(*NONE) keeps nothing.  No
 * fsync: tracking is history, and losing the last second of it in a crash
 * costs no mail.  (One file per message cost a quarter of the delivery
 * rate; appending costs no directory update.)
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
#include "qsys/base/str.h"

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

int qs_msf_track_note(const struct qs_msf_env *e, int keepuntil)
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
    struct qs_buf dir, env, rec;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&env, TRACK_MAX_ENV);
    qs_buf_init(&rec, TRACK_MAX_ENV + 32);
    int rc = -1;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    if (track_dir(&dir, NULL) < 0 || qs_msf_env_format(e, &env) < 0)
        goto out;
    size_t dlen = dir.len;
    qs_buf_addf(&dir, "/%04d%02d%02d.trk", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    /* one write(2) with O_APPEND per record, so records of concurrent
     * writers do not interleave */
    qs_buf_addf(&rec, "R %zu\n", env.len);
    qs_buf_add(&rec, env.data, env.len);
    int fd = open(dir.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0 && errno == ENOENT) {
        /* the directory is made on the first record only: mkdir -p on
         * every message cost a handful of system calls each */
        dir.data[dlen] = '\0';
        int mk = qs_mkdir_p(dir.data, 0700, NULL);
        dir.data[dlen] = '/';
        if (mk == 0)
            fd = open(dir.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
    if (fd >= 0) {
        rc = qs_write_all(fd, rec.data, rec.len);
        close(fd);
    }
out:
    qs_buf_free(&dir);
    qs_buf_free(&env);
    qs_buf_free(&rec);
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

/* Call fn for each bucket of one tracked envelope; 1 when fn asked to stop. */
static int list_env(struct qs_msf_env *e, int (*fn)(const struct qs_msf_env *, int, void *),
                    void *arg, int *n)
{
    struct qs_msf_rcpt *all = e->rcpt, *sub = calloc(e->nrcpt ? e->nrcpt : 1, sizeof *sub);
    size_t nall = e->nrcpt;
    int stop = 0;
    for (int b = QS_MSF_Q_DLV; sub && !stop && b <= QS_MSF_Q_ERR; b++) {
        size_t k = 0;
        for (size_t i = 0; i < nall; i++)
            if (bucket_of(all[i].status) == b)
                sub[k++] = all[i];            /* shallow: e still owns the strings */
        if (!k)
            continue;
        e->rcpt = sub;
        e->nrcpt = k;
        (*n)++;
        stop = fn(e, b, arg) != 0;
    }
    e->rcpt = all;
    e->nrcpt = nall;
    free(sub);
    return stop;
}

int qs_msf_track_list(int (*fn)(const struct qs_msf_env *e, int bucket, void *arg), void *arg,
                      struct qs_err *err)
{
    struct qs_buf dir, p, d;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&d, QS_MAX_TEXT_FILE);
    int n = 0, stop = 0;
    DIR *dh = NULL;
    if (track_dir(&dir, err) < 0) {
        n = -1;
        goto out;
    }
    if (!(dh = opendir(dir.data)))
        goto out;                           /* nothing tracked yet */
    struct dirent *de;
    while (!stop && (de = readdir(dh))) {
        if (de->d_name[0] == '.')
            continue;
        qs_buf_reset(&p);
        qs_buf_addf(&p, "%s/%s", dir.data, de->d_name);
        qs_buf_reset(&d);
        struct qs_err e2 = QS_ERR_INIT;
        if (qs_file_read(p.data, QS_MAX_TEXT_FILE, &d, &e2) < 0) {
            qs_err_clear(&e2);
            continue;
        }
        /* records: "R <len>\n" then <len> bytes of envelope; a torn or
         * damaged record ends the file */
        size_t off = 0;
        while (!stop && d.data && off + 3 < d.len && d.data[off] == 'R' && d.data[off + 1] == ' ') {
            const char *nl = memchr(d.data + off, '\n', d.len - off);
            long long len;
            if (!nl || qs_parse_ll(d.data + off + 2, (size_t)(nl - d.data - off - 2), 1,
                                   TRACK_MAX_ENV, &len) < 0 ||
                (size_t)(nl - d.data) + 1 + (size_t)len > d.len)
                break;
            const char *body = nl + 1;
            struct qs_msf_env e;
            if (qs_msf_env_parse(body, (size_t)len, &e, &e2) == 0) {
                stop = list_env(&e, fn, arg, &n);
                qs_msf_env_clear(&e);
            } else {
                qs_err_clear(&e2);
            }
            off = (size_t)(body - d.data) + (size_t)len;
        }
    }
    closedir(dh);
out:
    qs_buf_free(&dir);
    qs_buf_free(&p);
    qs_buf_free(&d);
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
