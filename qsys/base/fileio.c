/*
 * qsys/base/fileio.c - durable writes, whole-file reads, locks (see fileio.h).
 */
#include "qsys/base/fileio.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int qs_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int qs_fsync_dir(const char *path)
{
    struct stat st;
    char *dir;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        dir = strdup(path);
    } else {
        const char *slash = strrchr(path, '/');
        if (!slash)
            dir = strdup(".");
        else if (slash == path)
            dir = strdup("/");
        else
            dir = strndup(path, (size_t)(slash - path));
    }
    if (!dir)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int qs_file_write_atomic(const char *path, const void *data, size_t len,
                         mode_t mode, struct qs_err *err)
{
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 32);
    if (!tmp)
        return qs_err_sys(err, ENOMEM);
    snprintf(tmp, pl + 32, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return qs_err_sys(err, e);
    }
    if (fchmod(fd, mode) < 0 || qs_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return qs_err_sys(err, e);
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return qs_err_sys(err, e);
    }
    free(tmp);
    if (qs_fsync_dir(path) < 0)
        return qs_err_sys(err, errno);
    return 0;
}

int qs_file_read(const char *path, size_t max, struct qs_buf *out, struct qs_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return qs_err_sys(err, errno);
    char chunk[65536];
    size_t total = 0;
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return qs_err_sys(err, e);
        }
        if (r == 0)
            break;
        total += (size_t)r;
        if (total > max || qs_buf_add(out, chunk, (size_t)r) < 0) {
            int e = errno == ENOMEM ? ENOMEM : E2BIG;
            close(fd);
            return qs_err_sys(err, e);
        }
    }
    close(fd);
    return 0;
}

int qs_mkdir_p(const char *path, mode_t mode, struct qs_err *err)
{
    char *p = strdup(path);
    if (!p)
        return qs_err_sys(err, ENOMEM);
    for (char *s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, mode) < 0 && errno != EEXIST) {
                int e = errno;
                free(p);
                return qs_err_sys(err, e);
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    free(p);
    return 0;
}

int qs_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        char *c = malloc(l);
        if (!c) {
            rc = -1;
            break;
        }
        snprintf(c, l, "%s/%s", path, e->d_name);
        if (qs_rm_rf(c) < 0)
            rc = -1;
        free(c);
    }
    closedir(d);
    if (rmdir(path) < 0)
        rc = -1;
    return rc;
}

int qs_lock_fd(int fd, int exclusive, int wait)
{
    int op = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB);
    while (flock(fd, op) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

int qs_lock_path(const char *path, int exclusive, int wait, struct qs_err *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return qs_err_sys(err, errno);
    if (qs_lock_fd(fd, exclusive, wait) < 0) {
        int e = errno;
        close(fd);
        return qs_err_sys(err, e);
    }
    return fd;
}
