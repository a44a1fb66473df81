/*
 * qsys/base/spare.c - a pool of used files kept for reuse (see spare.h).
 */
#include "qsys/base/spare.h"
#include "qsys/base/limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* a directory scan (for files other processes gave) at most this often */
#define SCAN_EVERY_S   1
/* files renamed into the pool this recently may still be unpublished by
 * their giver (another process): a scan leaves them alone */
#define SCAN_MIN_AGE_S 5
/* a take tries this many names before giving up */
#define TAKE_TRIES     4

struct qs_spare {
    pthread_mutex_t mu;
    char           *dir;
    char           *prefix;
    size_t          max, keep;
    char          **name;       /* known, takeable names: a stack */
    size_t          n;
    size_t          out;        /* given but held (unpublished) */
    time_t          scanned;
    unsigned long   counter;
    long            stamp;      /* this process's start, in the names */
};

struct qs_spare *qs_spare_new(const char *dir, const char *prefix, size_t max, size_t keep)
{
    struct qs_spare *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->dir = strdup(dir);
    s->prefix = strdup(prefix);
    s->name = calloc(max ? max : 1, sizeof *s->name);
    if (!s->dir || !s->prefix || !s->name || strlen(prefix) > 8) {
        qs_spare_free(&s);
        errno = ENOMEM;
        return NULL;
    }
    pthread_mutex_init(&s->mu, NULL);
    s->max = max;
    s->keep = keep;
    s->stamp = (long)time(NULL);
    return s;
}

void qs_spare_free(struct qs_spare **sp)
{
    struct qs_spare *s = *sp;
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->name[i]);
    if (s->name)
        pthread_mutex_destroy(&s->mu);
    free(s->name);
    free(s->dir);
    free(s->prefix);
    free(s);
    *sp = NULL;
}

const char *qs_spare_dir(const struct qs_spare *s)
{
    return s->dir;
}

size_t qs_spare_count(struct qs_spare *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->n;
    pthread_mutex_unlock(&s->mu);
    return n;
}

static int pool_path(const struct qs_spare *s, const char *name, char *out, size_t outsz)
{
    int k = snprintf(out, outsz, "%s/%s", s->dir, name);
    return k > 0 && (size_t)k < outsz ? 0 : -1;
}

/* Under mu: learn the names other processes gave (or this one left at its
 * last run).  Runs only when the list is empty, at most once a second.  A
 * name a thread of this process is taking at this moment may be listed
 * again: the second taker then loses at the flock or the rename. */
static void scan(struct qs_spare *s)
{
    time_t now = time(NULL);
    if (s->n > 0 || now - s->scanned < SCAN_EVERY_S)
        return;
    s->scanned = now;
    int dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        return;
    }
    size_t pl = strlen(s->prefix);
    struct dirent *de;
    while (s->n + s->out < s->max && (de = readdir(d))) {
        struct stat st;
        if (strncmp(de->d_name, s->prefix, pl) != 0 || strlen(de->d_name) >= QS_SPARE_NAME_MAX ||
            fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
            now - st.st_ctime < SCAN_MIN_AGE_S)
            continue;
        char *c = strdup(de->d_name);
        if (!c)
            break;
        s->name[s->n++] = c;
    }
    closedir(d);
}

/* under mu: add a takeable name (the file stays unlisted when out of room or
 * memory; a later scan finds it) */
static void push(struct qs_spare *s, const char *name)
{
    char *c = strdup(name);
    if (c && s->n < s->max)
        s->name[s->n++] = c;
    else
        free(c);
}

int qs_spare_take(struct qs_spare *s, const char *path)
{
    for (int tries = 0; tries < TAKE_TRIES; tries++) {
        pthread_mutex_lock(&s->mu);
        scan(s);
        char *name = s->n ? s->name[--s->n] : NULL;
        pthread_mutex_unlock(&s->mu);
        if (!name)
            return -1;
        char from[QS_MAX_PATH];
        int fd = -1;
        if (pool_path(s, name, from, sizeof from) == 0)
            fd = open(from, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
            /* held for a moment by someone who opened it under an older
             * name: leave it in the pool, at the bottom of the stack */
            close(fd);
            pthread_mutex_lock(&s->mu);
            if (s->n < s->max) {
                memmove(s->name + 1, s->name, s->n * sizeof *s->name);
                s->name[0] = name;
                s->n++;
                name = NULL;
            }
            pthread_mutex_unlock(&s->mu);
            free(name);
            continue;
        }
        free(name);
        if (fd < 0)
            continue;                 /* gone: taken by another process */
        /* the rename decides who owns it; only the owner writes */
        if (rename(from, path) < 0) {
            int e = errno;
            close(fd);
            if (e != EXDEV)
                continue;
            /* `path` is on another file system: the pool cannot serve it */
            pthread_mutex_lock(&s->mu);
            push(s, strrchr(from, '/') + 1);
            pthread_mutex_unlock(&s->mu);
            errno = EXDEV;
            return -1;
        }
        return fd;
    }
    return -1;
}

int qs_spare_give(struct qs_spare *s, const char *path, int fd, char *held)
{
    if (held)
        held[0] = '\0';
    struct stat st;
    int ok = (fd >= 0 ? fstat(fd, &st) : lstat(path, &st)) == 0 && S_ISREG(st.st_mode) &&
             st.st_nlink == 1 && (uint64_t)st.st_size <= s->keep;
    char name[QS_SPARE_NAME_MAX], to[QS_MAX_PATH];
    if (ok) {
        pthread_mutex_lock(&s->mu);
        ok = s->n + s->out < s->max;
        unsigned long c = ++s->counter;
        if (ok && held)
            s->out++;
        pthread_mutex_unlock(&s->mu);
        ok = ok && snprintf(name, sizeof name, "%s%lx-%lx-%lx", s->prefix, (long)getpid(),
                            s->stamp, c) < (int)sizeof name &&
             pool_path(s, name, to, sizeof to) == 0;
        if (ok && rename(path, to) < 0) {
            if (held) {
                pthread_mutex_lock(&s->mu);
                s->out--;
                pthread_mutex_unlock(&s->mu);
            }
            ok = 0;
        }
    }
    if (!ok) {
        int rc = unlink(path);
        int e = errno;
        if (fd >= 0)
            close(fd);
        errno = e;
        return rc < 0 ? -1 : 0;
    }
    if (fd >= 0)
        close(fd);
    if (held) {
        memcpy(held, name, strlen(name) + 1);
    } else {
        pthread_mutex_lock(&s->mu);
        push(s, name);
        pthread_mutex_unlock(&s->mu);
    }
    return 1;
}

void qs_spare_publish(struct qs_spare *s, const char *held)
{
    if (held == NULL || held[0] == '\0')
        return;
    pthread_mutex_lock(&s->mu);
    if (s->out > 0)
        s->out--;
    push(s, held);
    pthread_mutex_unlock(&s->mu);
}
