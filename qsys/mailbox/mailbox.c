/*
 * qsys/mailbox/mailbox.c - Maildir delivery and POP3 access (see mailbox.h).
 */
#include "qsys/mailbox/mailbox.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/base/syncall.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int valid_user(const char *u)
{
    size_t n = strlen(u);
    if (n == 0 || n > 10)
        return 0;
    for (; *u; u++)
        if (!((*u >= 'A' && *u <= 'Z') || (*u >= '0' && *u <= '9') || strchr("#$@_", *u)))
            return 0;
    return 1;
}

int qs_mbox_path(struct qs_buf *out, const char *user, struct qs_err *err)
{
    if (!valid_user(user))
        return qs_err_set(err, "CPF9898", "User profile name not valid for a mailbox",
                          (const char *)NULL);
    return qs_root_path(out, err, "mail/box/%s/Maildir", user);
}

int qs_mbox_create(const char *user, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = -1;
    if (qs_mbox_path(&p, user, err) < 0)
        goto out;
    size_t base = p.len;
    static const char *const sub[] = { "/tmp", "/new", "/cur" };
    for (int i = 0; i < 3; i++) {
        qs_buf_truncate(&p, base);
        qs_buf_adds(&p, sub[i]);
        if (qs_mkdir_p(p.data, 0700, err) < 0)
            goto out;
    }
    rc = 0;
out:
    qs_buf_free(&p);
    return rc;
}

static int copy_fd(int out, int in)
{
    char buf[65536];
    if (lseek(in, 0, SEEK_SET) < 0)
        return -1;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0)
            return 0;
        if (qs_write_all(out, buf, (size_t)r) < 0)
            return -1;
    }
}

/* --- batched delivery --------------------------------------------------------
 * Each add() writes one tmp/ file and keeps it open; commit() starts write-back
 * of every file before waiting for any (so the file system can put them in one
 * journal commit), fdatasyncs each, links each into new/, and fsyncs every
 * distinct new/ directory once.  A delivery counts as done only when its file
 * and its new/ entry were both synced. */

struct mbox_item {
    char *tmp;        /* tmp/ path, NULL once unlinked or when nothing staged */
    char *nw;         /* new/ path */
    int   fd;
    int   rc;         /* 0 delivered, 1 already there, -1 failed */
    int   sys_errno;
};

struct qs_mbox_batch {
    struct mbox_item *v;
    size_t n, cap;
    char  *last_user;   /* the Maildir known to exist */
};

int qs_mbox_batch_new(struct qs_mbox_batch **b_r, struct qs_err *err)
{
    *b_r = calloc(1, sizeof **b_r);
    return *b_r ? 0 : qs_err_sys(err, ENOMEM);
}

static void item_drop(struct mbox_item *it)
{
    if (it->fd >= 0)
        close(it->fd);
    if (it->tmp)
        unlink(it->tmp);
    free(it->tmp);
    free(it->nw);
    it->fd = -1;
    it->tmp = it->nw = NULL;
}

static void batch_clear(struct qs_mbox_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        item_drop(&b->v[i]);
    b->n = 0;
}

void qs_mbox_batch_free(struct qs_mbox_batch **bp)
{
    struct qs_mbox_batch *b = *bp;
    if (!b)
        return;
    batch_clear(b);
    free(b->v);
    free(b->last_user);
    free(b);
    *bp = NULL;
}

size_t qs_mbox_batch_count(const struct qs_mbox_batch *b)
{
    return b->n;
}

int qs_mbox_batch_add(struct qs_mbox_batch *b, const char *user, const char *name,
                      const void *hdr, size_t hlen, int content_fd, struct qs_err *err)
{
    if (!*name || strchr(name, '/') || strchr(name, ':'))
        return qs_err_set(err, "CPF9898", "Mailbox file name not valid", (const char *)NULL);
    if (!b->last_user || strcmp(b->last_user, user) != 0) {
        if (qs_mbox_create(user, err) < 0)
            return -1;
        free(b->last_user);
        b->last_user = strdup(user);
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        struct mbox_item *v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return qs_err_sys(err, ENOMEM);
        b->v = v;
        b->cap = cap;
    }
    struct mbox_item *it = &b->v[b->n];
    memset(it, 0, sizeof *it);
    it->fd = -1;
    struct qs_buf md, p;
    qs_buf_init(&md, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = -1;
    if (qs_mbox_path(&md, user, err) < 0)
        goto out;
    struct stat st;
    qs_buf_addf(&p, "%s/cur/%s:2,", md.data, name);
    int there = lstat(p.data, &st) == 0;
    qs_buf_reset(&p);
    qs_buf_addf(&p, "%s/new/%s", md.data, name);
    it->nw = qs_buf_detach(&p, NULL);
    if (!it->nw) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (there || lstat(it->nw, &st) == 0) {
        it->rc = 1;                       /* an earlier run delivered it */
        rc = (int)b->n++;
        goto out;
    }
    qs_buf_addf(&p, "%s/tmp/%s.%ld", md.data, name, (long)getpid());
    it->tmp = qs_buf_detach(&p, NULL);
    if (!it->tmp) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    it->fd = open(it->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (it->fd < 0 && errno == ENOENT) {  /* the Maildir was removed since we made it */
        free(b->last_user);
        b->last_user = NULL;
        if (qs_mbox_create(user, err) < 0)
            goto out;
        it->fd = open(it->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    }
    if (it->fd < 0 || qs_write_all(it->fd, hdr, hlen) < 0 || copy_fd(it->fd, content_fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = (int)b->n++;
out:
    if (rc < 0)
        item_drop(it);
    qs_buf_free(&md);
    qs_buf_free(&p);
    return rc;
}

static int same_dir(const char *a, const char *b)
{
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    return sa - a == sb - b && memcmp(a, b, (size_t)(sa - a)) == 0;
}

void qs_mbox_batch_commit(struct qs_mbox_batch *b)
{
    struct qs_sync_req *v = calloc(b->n ? b->n : 1, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].fd >= 0) {
            if (v)
                v[k] = (struct qs_sync_req){ b->v[i].fd, 0, 0 };
            k++;
        }
    if (v)
        qs_sync_all(v, k);
    k = 0;
    for (size_t i = 0; i < b->n; i++) {
        struct mbox_item *it = &b->v[i];
        if (it->fd < 0)
            continue;
        int e = v ? v[k++].err : ENOMEM;
        if (e) {
            it->rc = -1;
            it->sys_errno = e;
        } else if (link(it->tmp, it->nw) < 0) {
            it->rc = errno == EEXIST ? 1 : -1;
            it->sys_errno = errno == EEXIST ? 0 : errno;
        } else {
            it->rc = 0;
        }
        close(it->fd);
        it->fd = -1;
        unlink(it->tmp);
        free(it->tmp);
        it->tmp = NULL;
    }
    free(v);
    /* one fsync per distinct new/ directory, also where an earlier run's file
     * was found (that run may have died before syncing the directory) */
    for (size_t i = 0; i < b->n; i++) {
        if (b->v[i].rc < 0)
            continue;
        size_t j = 0;
        while (j < i && !(b->v[j].rc >= 0 && same_dir(b->v[j].nw, b->v[i].nw)))
            j++;
        if (j < i)
            continue;                       /* that directory was synced already */
        if (qs_fsync_dir(b->v[i].nw) < 0) {
            int e = errno;
            for (size_t m = i; m < b->n; m++)
                if (b->v[m].rc >= 0 && same_dir(b->v[m].nw, b->v[i].nw)) {
                    b->v[m].rc = -1;
                    b->v[m].sys_errno = e;
                }
        }
    }
}

int qs_mbox_batch_result(const struct qs_mbox_batch *b, size_t i, int *sys_errno_r)
{
    if (sys_errno_r)
        *sys_errno_r = b->v[i].sys_errno;
    return b->v[i].rc;
}

void qs_mbox_batch_reset(struct qs_mbox_batch *b)
{
    batch_clear(b);
}

int qs_mbox_deliver(const char *user, const char *name, const void *hdr, size_t hlen,
                    int content_fd, struct qs_err *err)
{
    struct qs_mbox_batch *b;
    if (qs_mbox_batch_new(&b, err) < 0)
        return -1;
    int i = qs_mbox_batch_add(b, user, name, hdr, hlen, content_fd, err), rc = -1;
    if (i >= 0) {
        qs_mbox_batch_commit(b);
        int e = 0;
        rc = qs_mbox_batch_result(b, (size_t)i, &e);
        if (rc < 0)
            qs_err_sys(err, e);
    }
    qs_mbox_batch_free(&b);
    return rc;
}

static int by_time(const void *a, const void *b)
{
    const struct qs_mbox_msg *x = a, *y = b;
    if (x->mtime != y->mtime)
        return x->mtime < y->mtime ? -1 : 1;
    return strcmp(x->uid, y->uid);
}

static int scan(struct qs_mbox *mb, const char *sub)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%s/%s", mb->dir, sub);
    DIR *d = opendir(p.data);
    if (!d) {
        qs_buf_free(&p);
        return errno == ENOENT ? 0 : -1;
    }
    int dfd = dirfd(d);
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
            continue;
        struct qs_mbox_msg *m = realloc(mb->msg, (mb->n + 1) * sizeof *m);
        if (!m) { rc = -1; break; }
        mb->msg = m;
        m += mb->n;
        memset(m, 0, sizeof *m);
        size_t fl = strlen(sub) + strlen(de->d_name) + 2;
        m->file = malloc(fl);
        const char *colon = strchr(de->d_name, ':');
        m->uid = strndup(de->d_name, colon ? (size_t)(colon - de->d_name) : strlen(de->d_name));
        if (!m->file || !m->uid) {
            free(m->file);
            free(m->uid);
            rc = -1;
            break;
        }
        snprintf(m->file, fl, "%s/%s", sub, de->d_name);
        m->size = (uint64_t)st.st_size;
        m->mtime = (int64_t)st.st_mtime;
        m->ino = (uint64_t)st.st_ino;
        m->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        m->ctime_ns = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
        mb->n++;
    }
    closedir(d);
    qs_buf_free(&p);
    return rc;
}

int qs_mbox_open(struct qs_mbox *mb, const char *user, struct qs_err *err)
{
    memset(mb, 0, sizeof *mb);
    mb->lock_fd = -1;
    mb->dir_fd = -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_mbox_path(&p, user, err) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    mb->dir = qs_buf_detach(&p, NULL);
    /* made on first use only: no mkdir walk at every POP login */
    mb->dir_fd = open(mb->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (mb->dir_fd < 0 && (errno != ENOENT || qs_mbox_create(user, err) < 0 ||
                           (mb->dir_fd = open(mb->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)) {
        if (!err->msgid[0])
            qs_err_sys(err, errno);
        qs_mbox_close(mb);
        return -1;
    }
    qs_buf_addf(&p, "%s/../.poplock", mb->dir);
    struct qs_err e2 = QS_ERR_INIT;
    mb->lock_fd = qs_lock_path(p.data, 1, 0, &e2);
    qs_buf_free(&p);
    if (mb->lock_fd < 0) {
        int busy = e2.sys_errno == EWOULDBLOCK;
        if (busy)
            qs_err_clear(&e2);
        else
            qs_err_move(err, &e2);
        qs_mbox_close(mb);
        return busy ? 1 : -1;
    }
    if (scan(mb, "new") < 0 || scan(mb, "cur") < 0) {
        qs_err_sys(err, errno);
        qs_mbox_close(mb);
        return -1;
    }
    if (mb->n > 1)
        qsort(mb->msg, mb->n, sizeof *mb->msg, by_time);
    return 0;
}

int qs_mbox_expunge(struct qs_mbox *mb)
{
    int bad = 0, any = 0;
    for (size_t i = 0; i < mb->n; i++) {
        if (!mb->msg[i].deleted)
            continue;
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        qs_buf_addf(&p, "%s/%s", mb->dir, mb->msg[i].file);
        if (unlink(p.data) < 0 && errno != ENOENT)
            bad++;
        else
            any = 1;
        qs_buf_free(&p);
    }
    if (any) {
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        qs_buf_addf(&p, "%s/new", mb->dir);
        qs_fsync_dir(p.data);
        qs_buf_reset(&p);
        qs_buf_addf(&p, "%s/cur", mb->dir);
        qs_fsync_dir(p.data);
        qs_buf_free(&p);
    }
    return bad;
}

void qs_mbox_close(struct qs_mbox *mb)
{
    for (size_t i = 0; i < mb->n; i++) {
        free(mb->msg[i].file);
        free(mb->msg[i].uid);
    }
    free(mb->msg);
    if (mb->dir && mb->dir_fd >= 0)    /* dir_fd is set whenever dir is */
        close(mb->dir_fd);
    free(mb->dir);
    if (mb->lock_fd >= 0)
        close(mb->lock_fd);
    memset(mb, 0, sizeof *mb);
    mb->lock_fd = -1;
    mb->dir_fd = -1;
}

int qs_mbox_open_msg(const struct qs_mbox *mb, size_t i)
{
    if (i >= mb->n || mb->dir_fd < 0)
        return -1;
    return openat(mb->dir_fd, mb->msg[i].file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
}
