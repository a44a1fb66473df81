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

int qs_mbox_deliver(const char *user, const char *name, const void *hdr, size_t hlen,
                    int content_fd, struct qs_err *err)
{
    if (!*name || strchr(name, '/') || strchr(name, ':'))
        return qs_err_set(err, "CPF9898", "Mailbox file name not valid", (const char *)NULL);
    if (qs_mbox_create(user, err) < 0)
        return -1;
    struct qs_buf md, tmp, nw, cur;
    qs_buf_init(&md, QS_MAX_PATH);
    qs_buf_init(&tmp, QS_MAX_PATH);
    qs_buf_init(&nw, QS_MAX_PATH);
    qs_buf_init(&cur, QS_MAX_PATH);
    int rc = -1, fd = -1;
    if (qs_mbox_path(&md, user, err) < 0)
        goto out;
    qs_buf_addf(&tmp, "%s/tmp/%s.%ld", md.data, name, (long)getpid());
    qs_buf_addf(&nw, "%s/new/%s", md.data, name);
    qs_buf_addf(&cur, "%s/cur/%s:2,", md.data, name);
    struct stat st;
    if (lstat(nw.data, &st) == 0 || lstat(cur.data, &st) == 0) {
        rc = 1;
        goto out;
    }
    fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || qs_write_all(fd, hdr, hlen) < 0 || copy_fd(fd, content_fd) < 0 ||
        fsync(fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    close(fd);
    fd = -1;
    if (link(tmp.data, nw.data) < 0) {
        if (errno != EEXIST) {
            qs_err_sys(err, errno);
            unlink(tmp.data);
            goto out;
        }
        rc = 1;
    } else {
        rc = 0;
    }
    unlink(tmp.data);
    if (qs_fsync_dir(nw.data) < 0) {
        rc = qs_err_sys(err, errno);
        goto out;
    }
out:
    if (fd >= 0) {
        close(fd);
        unlink(tmp.data);
    }
    qs_buf_free(&md);
    qs_buf_free(&tmp);
    qs_buf_free(&nw);
    qs_buf_free(&cur);
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
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_mbox_create(user, err) < 0 || qs_mbox_path(&p, user, err) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    mb->dir = qs_buf_detach(&p, NULL);
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
    free(mb->dir);
    if (mb->lock_fd >= 0)
        close(mb->lock_fd);
    memset(mb, 0, sizeof *mb);
    mb->lock_fd = -1;
}

int qs_mbox_open_msg(const struct qs_mbox *mb, size_t i)
{
    if (i >= mb->n)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_addf(&p, "%s/%s", mb->dir, mb->msg[i].file);
    int fd = open(p.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    qs_buf_free(&p);
    return fd;
}
