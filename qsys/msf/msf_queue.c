/*
 * qsys/msf/msf_queue.c - writing messages into the MSF queue durably, with
 * group commit, and recovering the queue after a crash.
 *
 * Layout under $QSYS_ROOT/mail/queue (docs/msf.md):
 *   tmp/<id>.c, tmp/<id>.e   a draft being written (flocked by its writer)
 *   msg/<id>                 content, CRLF
 *   msg/<id>.e               envelope of a sealed draft, not yet committed
 *                            (beside its content, so that one directory
 *                            fsync makes both names durable)
 *   incoming/<id>            the same, as written before that change: still
 *                            recovered, no longer written
 *   active/<id>              envelope of a committed message (runner input)
 *   st/<id>                  per-recipient status log of the runner
 *   remote/<id>, <id>.msg    outbound hand-off
 *   msg/.s<pid>-<t>-<n>      a used queue file kept for reuse (qsys/base/spare.h)
 *
 * What must hold: a draft's envelope reaches active/ only after its content,
 * its envelope and both directory entries were fsynced; the writer holds an
 * flock on the envelope from creation until it is in active/, so recovery
 * never touches a live draft; the envelope carries the content's size and
 * crc32, so recovery can tell a complete message from one cut by a crash
 * before its fsync (which was therefore never acknowledged).
 *
 * Reuse: a finished message's envelope and content are renamed into the pool
 * (msg/.s*) instead of unlinked, and a new draft renames its two files out of
 * it and overwrites them, cutting them to length at seal, so a steady queue
 * allocates and frees no inodes and few blocks (see spare.h for why that
 * matters).  The pool lives in msg/ because msg/ is fsynced by every
 * commit: the fsync that makes a draft's msg/<id> durable also makes the
 * removal of the pool names it took durable, so after a power loss no pool
 * name can still point at a file a committed message uses.  A finished
 * envelope leaves active/ for the pool, and its name is published for reuse
 * only after the fsync of active/ (finish_batch), for the same reason.
 */
#include "qsys/msf/msf.h"
#include "qsys/msf/msf_int.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/root.h"
#include "qsys/base/spare.h"
#include "qsys/base/str.h"
#include "qsys/base/syncall.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

struct qs_msf_draft {
    char     id[QS_MSF_ID_LEN + 1];
    int      cfd, efd;
    uint64_t size;
    uint32_t crc;
    int      sealed;
    int      synced;       /* set by the group-commit leader, under gc_mu */
    int      sync_rc;      /* set by the group-commit leader */
    int      sync_errno;
    char    *qdir;
    struct qs_msf_draft *next_pending;
};

int qs_msf_qpath(struct qs_buf *out, struct qs_err *err, const char *sub, const char *id,
                 const char *suffix)
{
    if (qs_root_path(out, err, "mail/queue/%s", sub) < 0)
        return -1;
    if (id)
        qs_buf_addf(out, "/%s%s", id, suffix ? suffix : "");
    return 0;
}

/* The queue directories of the last root they were made for: creating them
 * costs a mkdir per path component, so it is done once per root and again
 * only when an open finds them gone (qinit_forget). */
static pthread_mutex_t qinit_mu = PTHREAD_MUTEX_INITIALIZER;
static char *qinit_done;

/* The reuse pool of each root this process used (normally one); kept for
 * the life of the process, since threads may hold a pointer. */
struct pool_ent {
    struct qs_spare *pool;
    struct pool_ent *next;
};
static struct pool_ent *pools;
static struct qs_spare *qspare;      /* the pool of qinit_done, or NULL */

/* under qinit_mu */
static void pool_select(const char *qdir)
{
    size_t l = strlen(qdir);
    qspare = NULL;
    for (struct pool_ent *e = pools; e; e = e->next) {
        const char *d = qs_spare_dir(e->pool);
        if (strncmp(d, qdir, l) == 0 && strcmp(d + l, "msg") == 0) {
            qspare = e->pool;
            return;
        }
    }
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    struct pool_ent *e = malloc(sizeof *e);
    if (e && qs_buf_addf(&p, "%smsg", qdir) == 0 &&
        (e->pool = qs_spare_new(p.data, ".s", QS_MSF_SPARE_MAX, QS_MSF_SPARE_KEEP)) != NULL) {
        e->next = pools;
        pools = e;
        qspare = e->pool;
    } else {
        free(e);
    }
    qs_buf_free(&p);
}

struct qs_spare *qs_msf_spare(void)
{
    pthread_mutex_lock(&qinit_mu);
    struct qs_spare *s = qspare;
    pthread_mutex_unlock(&qinit_mu);
    return s;
}

static void qinit_forget(void)
{
    pthread_mutex_lock(&qinit_mu);
    free(qinit_done);
    qinit_done = NULL;
    qspare = NULL;
    pthread_mutex_unlock(&qinit_mu);
}

int qs_msf_qinit(struct qs_err *err)
{
    static const char *const subs[] = { "tmp", "msg", "incoming", "active", "st", "remote" };
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_msf_qpath(&p, err, "", NULL, NULL) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    pthread_mutex_lock(&qinit_mu);
    int rc = 0;
    if (!qinit_done || strcmp(qinit_done, p.data) != 0) {
        char *q = qs_buf_detach(&p, NULL);
        for (size_t i = 0; rc == 0 && i < sizeof subs / sizeof subs[0]; i++) {
            qs_buf_reset(&p);
            if (qs_buf_addf(&p, "%s%s", q, subs[i]) < 0 || qs_mkdir_p(p.data, 0700, err) < 0)
                rc = -1;
        }
        free(qinit_done);
        qinit_done = rc == 0 ? q : NULL;
        if (rc < 0)
            free(q);
        else
            pool_select(q);
    }
    pthread_mutex_unlock(&qinit_mu);
    qs_buf_free(&p);
    return rc;
}

/* 32 characters of 0-9A-F: microseconds, pid, counter, random. */
void qs_msf_new_id(char id[QS_MSF_ID_LEN + 1])
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static unsigned counter;
    static unsigned seed;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    pthread_mutex_lock(&mu);
    if (!seed)
        seed = (unsigned)tv.tv_usec ^ (unsigned)getpid() << 16;
    unsigned c = ++counter;
    unsigned r = (unsigned)rand_r(&seed);
    pthread_mutex_unlock(&mu);
    unsigned long long us = (unsigned long long)tv.tv_sec * 1000000ull + (unsigned long long)tv.tv_usec;
    snprintf(id, QS_MSF_ID_LEN + 1, "%014llX%06X%06X%06X", us & 0xFFFFFFFFFFFFFull,
             (unsigned)getpid() & 0xFFFFFF, c & 0xFFFFFF, r & 0xFFFFFF);
}

/* A new draft, under a fresh id or under `fixed` (then never from the reuse
 * pool, whose rename would replace an existing file).  0, 1 when a draft
 * with id `fixed` exists already (nothing done), -1. */
static int draft_open(struct qs_msf_draft **d_r, const char *fixed, struct qs_err *err)
{
    *d_r = NULL;
    if (qs_msf_qinit(err) < 0)
        return -1;
    struct qs_msf_draft *d = calloc(1, sizeof *d);
    if (!d)
        return qs_err_sys(err, ENOMEM);
    d->cfd = d->efd = -1;
    if (fixed)
        memcpy(d->id, fixed, QS_MSF_ID_LEN + 1);
    else
        qs_msf_new_id(d->id);
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_msf_qpath(&p, err, "", NULL, NULL) < 0) {
        free(d);
        qs_buf_free(&p);
        return -1;
    }
    d->qdir = qs_buf_detach(&p, NULL);
    qs_buf_addf(&p, "%stmp/%s.e", d->qdir, d->id);
    /* the envelope temp is created (or taken from the reuse pool) first and
     * locked: it marks the draft live */
    struct qs_spare *sp = fixed ? NULL : qs_msf_spare();
    d->efd = sp ? qs_spare_take(sp, p.data) : -1;
    if (d->efd < 0) {
        d->efd = open(p.data, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (d->efd < 0 && errno == EEXIST && fixed) {
            d->sealed = 2;                        /* not ours: leave it alone */
            qs_buf_free(&p);
            qs_msf_draft_free(&d);
            return 1;
        }
        if (d->efd < 0 && errno == ENOENT) {      /* the queue was removed under us */
            qinit_forget();
            if (qs_msf_qinit(err) < 0)
                goto fail_err;
            sp = NULL;
            d->efd = open(p.data, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        }
        if (d->efd < 0 || flock(d->efd, LOCK_EX) < 0)
            goto fail;
    }
    qs_buf_reset(&p);
    qs_buf_addf(&p, "%stmp/%s.c", d->qdir, d->id);
    d->cfd = sp ? qs_spare_take(sp, p.data) : -1;
    if (d->cfd < 0)
        d->cfd = open(p.data, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (d->cfd < 0)
        goto fail;
    qs_buf_free(&p);
    *d_r = d;
    return 0;
fail:
    qs_err_sys(err, errno);
fail_err:
    qs_buf_free(&p);
    qs_msf_draft_free(&d);
    return -1;
}

int qs_msf_draft_open(struct qs_msf_draft **d_r, struct qs_err *err)
{
    return draft_open(d_r, NULL, err) < 0 ? -1 : 0;
}

int qs_msf_draft_write(struct qs_msf_draft *d, const void *p, size_t n, struct qs_err *err)
{
    if (d->sealed || d->cfd < 0)
        return qs_err_set(err, "CPFAF82", (const char *)NULL);
    if (d->size + n > QS_MAX_MAIL_MSG) {
        errno = E2BIG;
        return qs_err_set(err, "CPFAF83", "4", (const char *)NULL);
    }
    if (qs_write_all(d->cfd, p, n) < 0)
        return qs_err_sys(err, errno);
    d->crc = (uint32_t)crc32(d->crc, (const Bytef *)p, (uInt)n);
    d->size += n;
    return 0;
}

uint64_t qs_msf_draft_size(const struct qs_msf_draft *d)
{
    return d->size;
}

int qs_msf_draft_committed(const struct qs_msf_draft *d)
{
    return d->sealed == 2;
}

const char *qs_msf_draft_id(const struct qs_msf_draft *d)
{
    return d->id;
}

int qs_msf_draft_seal(struct qs_msf_draft *d, struct qs_msf_env *env, struct qs_err *err)
{
    if (d->sealed)
        return qs_err_set(err, "CPFAF82", (const char *)NULL);
    if (env->nrcpt == 0)
        return qs_err_set(err, "CPFAF83", "2", (const char *)NULL);
    memcpy(env->id, d->id, sizeof env->id);
    env->size = d->size;
    env->crc = d->crc;
    if (!env->received)
        env->received = (int64_t)time(NULL);
    if (!env->from && qs_msf_env_set(&env->from, "", err) < 0)
        return -1;
    struct qs_buf e, from, to;
    qs_buf_init(&e, QS_MAX_MAIL_MSG);
    qs_buf_init(&from, QS_MAX_PATH);
    qs_buf_init(&to, QS_MAX_PATH);
    int rc = -1;
    /* files from the reuse pool hold an old message past what was written:
     * cut both to their own length (keeping the blocks they still use) */
    if (qs_msf_env_format(env, &e) < 0 || qs_write_all(d->efd, e.data, e.len) < 0 ||
        ftruncate(d->efd, (off_t)e.len) < 0 || ftruncate(d->cfd, (off_t)d->size) < 0) {
        qs_err_sys(err, errno ? errno : ENOMEM);
        goto out;
    }
    qs_buf_addf(&from, "%stmp/%s.c", d->qdir, d->id);
    qs_buf_addf(&to, "%smsg/%s", d->qdir, d->id);
    if (rename(from.data, to.data) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    qs_buf_reset(&from);
    qs_buf_reset(&to);
    qs_buf_addf(&from, "%stmp/%s.e", d->qdir, d->id);
    qs_buf_addf(&to, "%smsg/%s.e", d->qdir, d->id);
    if (rename(from.data, to.data) < 0) {
        qs_err_sys(err, errno);
        qs_buf_reset(&from);
        qs_buf_addf(&from, "%smsg/%s", d->qdir, d->id);
        unlink(from.data);
        goto out;
    }
    d->sealed = 1;
    rc = 0;
out:
    qs_buf_free(&e);
    qs_buf_free(&from);
    qs_buf_free(&to);
    return rc;
}

/* --- group commit ----------------------------------------------------------
 * Committers put their drafts on `pending`.  A committer that finds drafts
 * pending and fewer than GC_LEADERS groups syncing becomes a leader: it takes
 * the whole pending list and syncs it as one group (every file and the two
 * directories, concurrently).  Everyone sleeps until each of its own drafts
 * has been synced by some leader.  Several leaders may sync at once, so a
 * draft sealed while a group is syncing does not wait for that group. */

#define GC_LEADERS 4

static pthread_mutex_t gc_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gc_cv = PTHREAD_COND_INITIALIZER;
static struct qs_msf_draft *gc_pending;
static int gc_leaders;
static void (*commit_hook)(void *);
static void *commit_hook_arg;

void qs_msf_set_commit_hook(void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&gc_mu);
    commit_hook = fn;
    commit_hook_arg = arg;
    pthread_mutex_unlock(&gc_mu);
}

static int open_dir(const char *qdir, const char *sub)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%s%s", qdir, sub);
    int fd = p.data ? open(p.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    qs_buf_free(&p);
    return fd;
}

/* Make every draft of the batch durable: its two files and their two msg/
 * entries, all synced concurrently (qs_sync_all). */
static void sync_batch(struct qs_msf_draft *list)
{
    if (!list)
        return;
    size_t n = 1;
    for (struct qs_msf_draft *d = list; d; d = d->next_pending)
        n += 2;
    struct qs_sync_req *v = calloc(n, sizeof *v);
    int dfd = open_dir(list->qdir, "msg");
    if (!v || dfd < 0) {
        int e = v ? errno : ENOMEM;
        for (struct qs_msf_draft *d = list; d; d = d->next_pending) {
            d->sync_rc = -1;
            d->sync_errno = e;
        }
        goto out;
    }
    size_t k = 0;
    v[k++] = (struct qs_sync_req){ dfd, 1, 0 };
    for (struct qs_msf_draft *d = list; d; d = d->next_pending) {
        v[k++] = (struct qs_sync_req){ d->cfd, 0, 0 };
        v[k++] = (struct qs_sync_req){ d->efd, 0, 0 };
    }
    qs_sync_all(v, n);
    int dir_err = v[0].err;
    k = 1;
    for (struct qs_msf_draft *d = list; d; d = d->next_pending, k += 2) {
        int e = v[k].err ? v[k].err : v[k + 1].err ? v[k + 1].err : dir_err;
        if (e) {
            d->sync_rc = -1;
            d->sync_errno = e;
        }
    }
out:
    if (dfd >= 0)
        close(dfd);
    free(v);
}

/* Move a durable draft's envelope to active/ and release it.  Not fsynced:
 * recovery moves msg/<id>.e to active/ after validating. */
static int activate(struct qs_msf_draft *d)
{
    struct qs_buf from, to;
    qs_buf_init(&from, QS_MAX_PATH);
    qs_buf_init(&to, QS_MAX_PATH);
    qs_buf_addf(&from, "%smsg/%s.e", d->qdir, d->id);
    qs_buf_addf(&to, "%sactive/%s", d->qdir, d->id);
    int rc = rename(from.data, to.data);
    qs_buf_free(&from);
    qs_buf_free(&to);
    return rc;
}

int qs_msf_draft_commit(struct qs_msf_draft **ds, size_t n, struct qs_err *err)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!ds[i]->sealed)
            return qs_err_set(err, "CPFAF82", (const char *)NULL);
    pthread_mutex_lock(&gc_mu);
    for (size_t i = 0; i < n; i++) {
        ds[i]->sync_rc = 0;
        ds[i]->synced = 0;
        ds[i]->next_pending = gc_pending;
        gc_pending = ds[i];
    }
    for (size_t i = 0; i < n; ) {
        if (ds[i]->synced) {
            i++;
            continue;
        }
        if (!gc_pending || gc_leaders >= GC_LEADERS) {
            pthread_cond_wait(&gc_cv, &gc_mu);
            continue;
        }
        gc_leaders++;
        struct qs_msf_draft *batch = gc_pending;
        gc_pending = NULL;
        pthread_mutex_unlock(&gc_mu);
        sync_batch(batch);
        pthread_mutex_lock(&gc_mu);
        for (struct qs_msf_draft *d = batch; d; d = d->next_pending)
            d->synced = 1;
        gc_leaders--;
        pthread_cond_broadcast(&gc_cv);
    }
    void (*hook)(void *) = commit_hook;
    void *harg = commit_hook_arg;
    pthread_mutex_unlock(&gc_mu);

    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct qs_msf_draft *d = ds[i];
        if (d->sync_rc < 0) {
            rc = qs_err_sys(err, d->sync_errno);
            continue;
        }
        if (activate(d) < 0)
            qs_log(QS_LOG_WARN, "msf: %s stays in msg/ (%s); recovery will move it",
                   d->id, strerror(errno));
        close(d->efd);        /* releases the draft lock */
        close(d->cfd);
        d->efd = d->cfd = -1;
        d->sealed = 2;        /* committed: free() must not unlink */
    }
    if (hook)
        hook(harg);
    return rc;
}

void qs_msf_draft_free(struct qs_msf_draft **dp)
{
    struct qs_msf_draft *d = *dp;
    if (!d)
        return;
    if (d->cfd >= 0) close(d->cfd);
    if (d->efd >= 0) close(d->efd);
    if (d->sealed != 2 && d->qdir) {
        /* discard: whatever exists of it goes back to the pool or away */
        struct qs_spare *sp = qs_msf_spare();
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        const char *names[][2] = { { "tmp/", ".c" }, { "tmp/", ".e" }, { "msg/", ".e" },
                                   { "msg/", "" } };
        for (size_t i = 0; i < 4; i++) {
            qs_buf_reset(&p);
            qs_buf_addf(&p, "%s%s%s%s", d->qdir, names[i][0], d->id, names[i][1]);
            if (sp)
                qs_spare_give(sp, p.data, -1, NULL);
            else
                unlink(p.data);
        }
        qs_buf_free(&p);
    }
    free(d->qdir);
    free(d);
    *dp = NULL;
}

static int enqueue(struct qs_msf_env *env, const void *content, size_t len, const char *fixed,
                   char id_r[QS_MSF_ID_LEN + 1], struct qs_err *err)
{
    struct qs_msf_draft *d;
    int rc = draft_open(&d, fixed, err);
    if (rc != 0)
        return rc;
    if (qs_msf_draft_write(d, content, len, err) < 0 || qs_msf_draft_seal(d, env, err) < 0 ||
        qs_msf_draft_commit(&d, 1, err) < 0) {
        qs_msf_draft_free(&d);
        return -1;
    }
    if (id_r)
        memcpy(id_r, d->id, QS_MSF_ID_LEN + 1);
    qs_msf_draft_free(&d);
    return 0;
}

int qs_msf_enqueue(struct qs_msf_env *env, const void *content, size_t len,
                   char id_r[QS_MSF_ID_LEN + 1], struct qs_err *err)
{
    return enqueue(env, content, len, NULL, id_r, err);
}

int qs_msf_enqueue_once(struct qs_msf_env *env, const void *content, size_t len,
                        const char id[QS_MSF_ID_LEN + 1], struct qs_err *err)
{
    if (strlen(id) != QS_MSF_ID_LEN || strspn(id, "0123456789ABCDEF") != QS_MSF_ID_LEN)
        return qs_err_sys(err, EINVAL);
    if (qs_msf_qinit(err) < 0)
        return -1;
    /* queued already (sealed, committed)?  A draft in tmp/ is caught by the
     * exclusive create in draft_open */
    static const char *const where[][2] = { { "active", "" }, { "msg", ".e" }, { "incoming", "" } };
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int there = 0;
    for (size_t i = 0; !there && i < sizeof where / sizeof where[0]; i++) {
        qs_buf_reset(&p);
        struct stat st;
        there = qs_msf_qpath(&p, NULL, where[i][0], id, where[i][1]) == 0 &&
                lstat(p.data, &st) == 0;
    }
    qs_buf_free(&p);
    return there ? 1 : enqueue(env, content, len, id, NULL, err);
}

/* --- recovery ---------------------------------------------------------------- */

int qs_msf_file_crc(int fd, uint32_t *crc_r, uint64_t *size_r)
{
    uLong c = 0;
    uint64_t n = 0;
    char buf[65536];
    ssize_t r;
    off_t off = 0;
    while ((r = pread(fd, buf, sizeof buf, off)) > 0) {
        c = crc32(c, (const Bytef *)buf, (uInt)r);
        n += (uint64_t)r;
        off += r;
    }
    *crc_r = (uint32_t)c;
    *size_r = n;
    return r == 0 ? 0 : -1;
}

/* Does the content file match the envelope's size and crc? */
static int content_ok(const char *path, const struct qs_msf_env *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    uint32_t c;
    uint64_t n;
    int r = qs_msf_file_crc(fd, &c, &n);
    close(fd);
    return r == 0 && n == e->size && c == e->crc;
}

int qs_msf_read_env(const char *path, struct qs_msf_env *e, struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MAIL_MSG);
    int rc = qs_file_read(path, QS_MAX_MAIL_MSG, &b, err);
    if (rc == 0)
        rc = qs_msf_env_parse(qs_buf_str(&b), b.len, e, err);
    qs_buf_free(&b);
    return rc;
}

/* Entries of queue subdirectory `sub`, calling fn(name) for each. */
int qs_msf_each(const char *sub, int (*fn)(const char *qdir, const char *name, void *arg),
                void *arg)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_msf_qpath(&p, NULL, "", NULL, NULL) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    char *qdir = qs_buf_detach(&p, NULL);
    qs_buf_addf(&p, "%s%s", qdir, sub);
    DIR *d = opendir(p.data);
    qs_buf_free(&p);
    if (!d) {
        free(qdir);
        return errno == ENOENT ? 0 : -1;
    }
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (fn(qdir, de->d_name, arg) == 0)
            n++;
    }
    closedir(d);
    free(qdir);
    return n;
}

static int try_lock_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void unlink_q(const char *qdir, const char *sub, const char *name, const char *sfx)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%s%s/%s%s", qdir, sub, name, sfx);
    unlink(p.data);
    qs_buf_free(&p);
}

static int recover_tmp(const char *qdir, const char *name, void *arg)
{
    (void)arg;
    size_t l = strlen(name);
    if (l != QS_MSF_ID_LEN + 2 || name[l - 2] != '.' || name[l - 1] != 'e')
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%stmp/%s", qdir, name);
    int fd = try_lock_file(p.data);
    qs_buf_free(&p);
    if (fd < 0)
        return -1;           /* its writer is alive */
    char id[QS_MSF_ID_LEN + 1];
    memcpy(id, name, QS_MSF_ID_LEN);
    id[QS_MSF_ID_LEN] = '\0';
    unlink_q(qdir, "tmp", id, ".c");
    unlink_q(qdir, "tmp", id, ".e");
    close(fd);
    return 0;
}

/* A sealed envelope, msg/<id>.e (arg "msg") or the older incoming/<id>
 * (arg "incoming"): promoted when its content is complete, else discarded. */
static int recover_sealed(const char *qdir, const char *fname, void *arg)
{
    const char *sub = arg;
    int legacy = !strcmp(sub, "incoming");
    size_t l = strlen(fname);
    if (legacy ? l != QS_MSF_ID_LEN
               : l != QS_MSF_ID_LEN + 2 || fname[l - 2] != '.' || fname[l - 1] != 'e')
        return -1;
    char name[QS_MSF_ID_LEN + 1];
    memcpy(name, fname, QS_MSF_ID_LEN);
    name[QS_MSF_ID_LEN] = '\0';
    struct qs_buf p, c, a;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&c, QS_MAX_PATH);
    qs_buf_init(&a, QS_MAX_PATH);
    qs_buf_addf(&p, "%s%s/%s", qdir, sub, fname);
    qs_buf_addf(&c, "%smsg/%s", qdir, name);
    qs_buf_addf(&a, "%sactive/%s", qdir, name);
    int fd = try_lock_file(p.data), rc = -1;
    if (fd >= 0) {
        struct qs_msf_env e;
        int parsed = qs_msf_read_env(p.data, &e, NULL) == 0;
        int complete = parsed && strcmp(e.id, name) == 0 && content_ok(c.data, &e);
        if (parsed)
            qs_msf_env_clear(&e);
        if (complete) {
            /* complete: make it durable in active/ */
            int f2 = open(c.data, O_RDONLY | O_CLOEXEC);
            if (f2 >= 0) { fsync(f2); close(f2); }
            fsync(fd);
            if (rename(p.data, a.data) == 0) {
                qs_fsync_dir(a.data);
                rc = 0;
            }
        } else {
            qs_log(QS_LOG_WARN, "msf: discarding incomplete message %s", name);
            unlink(c.data);
            unlink(p.data);
            rc = 0;
        }
        close(fd);
    }
    qs_buf_free(&p);
    qs_buf_free(&c);
    qs_buf_free(&a);
    return rc;
}

/* A msg/ or st/ file whose envelope is gone and that is older than an hour
 * is left over from a crash between the runner's unlinks. */
static int recover_orphan(const char *qdir, const char *name, void *arg)
{
    const char *sub = arg;
    if (strlen(name) != QS_MSF_ID_LEN)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    struct stat st;
    int rc = -1;
    qs_buf_addf(&p, "%sactive/%s", qdir, name);
    if (stat(p.data, &st) == 0) goto out;
    qs_buf_reset(&p);
    qs_buf_addf(&p, "%sincoming/%s", qdir, name);
    if (stat(p.data, &st) == 0) goto out;
    qs_buf_reset(&p);
    qs_buf_addf(&p, "%smsg/%s.e", qdir, name);
    if (stat(p.data, &st) == 0) goto out;
    qs_buf_reset(&p);
    qs_buf_addf(&p, "%s%s/%s", qdir, sub, name);
    if (stat(p.data, &st) == 0 && time(NULL) - st.st_mtime > 3600) {
        unlink(p.data);
        rc = 0;
    }
out:
    qs_buf_free(&p);
    return rc;
}

int qs_msf_recover(struct qs_err *err)
{
    if (qs_msf_qinit(err) < 0)
        return -1;
    qs_msf_each("tmp", recover_tmp, NULL);
    qs_msf_each("msg", recover_sealed, "msg");
    qs_msf_each("incoming", recover_sealed, "incoming");
    qs_msf_each("msg", recover_orphan, "msg");
    qs_msf_each("st", recover_orphan, "st");
    qs_msf_remote_sweep();
    return 0;
}

/* arg: the suffix an entry has (active/<id>, msg/<id>.e, incoming/<id>) */
static int count_one(const char *qdir, const char *name, void *arg)
{
    (void)qdir;
    const char *sfx = arg;
    size_t l = strlen(name), ls = strlen(sfx);
    return l == QS_MSF_ID_LEN + ls && !strcmp(name + QS_MSF_ID_LEN, sfx) ? 0 : -1;
}

size_t qs_msf_queue_count(void)
{
    int a = qs_msf_each("active", count_one, "");
    int b = qs_msf_each("msg", count_one, ".e");
    int c = qs_msf_each("incoming", count_one, "");
    return (size_t)(a > 0 ? a : 0) + (size_t)(b > 0 ? b : 0) + (size_t)(c > 0 ? c : 0);
}

/* --- listing (WRKSMTPEMM) ---------------------------------------------------- */

struct list_ctx {
    int (*fn)(const struct qs_msf_env *, int, void *);
    void *arg;
    int bucket;
    int stop;
};

static int list_one(const char *qdir, const char *name, void *arg)
{
    struct list_ctx *l = arg;
    if (l->stop || strlen(name) != QS_MSF_ID_LEN)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%s%s/%s", qdir, l->bucket == QS_MSF_Q_MSF ? "active" : "remote", name);
    struct qs_msf_env e;
    int rc = -1;
    if (qs_msf_read_env(p.data, &e, NULL) == 0) {
        int b = l->bucket == QS_MSF_Q_MSF ? QS_MSF_Q_MSF : e.attempts ? QS_MSF_Q_RTY : QS_MSF_Q_PND;
        if (l->fn(&e, b, l->arg))
            l->stop = 1;
        qs_msf_env_clear(&e);
        rc = 0;
    }
    qs_buf_free(&p);
    return rc;
}

int qs_msf_list(int (*fn)(const struct qs_msf_env *e, int bucket, void *arg), void *arg,
                struct qs_err *err)
{
    if (qs_msf_qinit(err) < 0)
        return -1;
    struct list_ctx l = { fn, arg, QS_MSF_Q_MSF, 0 };
    int a = qs_msf_each("active", list_one, &l);
    l.bucket = QS_MSF_Q_PND;
    int b = l.stop ? 0 : qs_msf_each("remote", list_one, &l);
    return (a > 0 ? a : 0) + (b > 0 ? b : 0);
}
