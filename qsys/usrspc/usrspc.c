/*
 * qsys/usrspc/usrspc.c - user spaces (see usrspc.h).
 *
 * Owns the *USRSPC payload and the data file beside it.  Reads and writes
 * go through pread/pwrite under the object lock (shared / exclusive);
 * QUSPTRUS maps the whole 16 MB window once per space and process.
 */
#include "qsys/usrspc/usrspc.h"
#include "qsys/job/job.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define US_TYPE    "*USRSPC"
#define US_LOCK_MS 30000
#define US_MAP_LEN ((size_t)QS_USRSPC_MAX + 4096u)

struct attrs {
    size_t size;
    char   extattr[QS_NAME_LEN + 1];
    int    auto_extend;
};

struct mapping {
    char            lib[QS_NAME_LEN + 1], name[QS_NAME_LEN + 1];
    void           *addr;
    struct mapping *next;
};

static pthread_mutex_t map_mu = PTHREAD_MUTEX_INITIALIZER;
static struct mapping *maps;

static int num(struct qs_err *err, const char *id, long long v)
{
    char b[24];
    snprintf(b, sizeof b, "%lld", v);
    return qs_err_set(err, id, b, (const char *)NULL);
}

static int data_path(struct qs_buf *p, const char *lib, const char *name, struct qs_err *err)
{
    if (qs_lib_path(p, lib, err) < 0)
        return -1;
    if (qs_buf_addf(p, "/%s.USRSPC.data", name) < 0)
        return qs_err_sys(err, errno);
    return 0;
}

static int parse_attrs(const char *s, size_t n, struct attrs *a)
{
    char line[64];
    if (n == 0 || n >= sizeof line)
        return -1;
    memcpy(line, s, n);
    line[n] = '\0';
    char *sp1 = strchr(line, ' ');
    char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp1 || !sp2)
        return -1;
    *sp1 = *sp2 = '\0';
    long long sz, ae;
    if (qs_parse_ll(line, strlen(line), 1, QS_USRSPC_MAX, &sz) < 0 ||
        qs_parse_ll(sp2 + 1, strlen(sp2 + 1), 0, 1, &ae) < 0 || strlen(sp1 + 1) > QS_NAME_LEN)
        return -1;
    a->size = (size_t)sz;
    a->auto_extend = (int)ae;
    qs_strlcpy(a->extattr, strcmp(sp1 + 1, "-") ? sp1 + 1 : "", sizeof a->extattr);
    return 0;
}

static int fmt_attrs(const struct attrs *a, char *out, size_t n)
{
    return snprintf(out, n, "%zu %s %d", a->size, a->extattr[0] ? a->extattr : "-",
                    a->auto_extend);
}

/* Resolve and check names; read description + attributes. */
static int load(struct qs_job *j, const char *lib_in, const char *name_in, char lib[11],
                char name[11], struct qs_objdesc *d, struct attrs *a, enum qs_aut need,
                struct qs_err *err)
{
    if (qs_name_check(name_in, name, "USRSPC", err) < 0 ||
        qs_obj_resolve(j ? &j->libl : NULL, lib_in, name, US_TYPE, lib, err) < 0)
        return -1;
    struct qs_buf b;
    qs_buf_init(&b, 256);
    int rc = -1;
    if (qs_obj_read(lib, name, US_TYPE, d, &b, err) < 0)
        goto out;
    if (parse_attrs(qs_buf_str(&b), b.len, a) < 0) {
        qs_err_set(err, "CPF8105", US_TYPE, name, lib, (const char *)NULL);
        goto out;
    }
    if (j && qs_job_check_aut(j, d, need, err) < 0)
        goto out;
    rc = 0;
out:
    qs_buf_free(&b);
    return rc;
}

int qs_usrspc_create(struct qs_job *j, const char *lib_in, const char *name_in,
                     const char *extattr, size_t size, unsigned char init, enum qs_aut pubaut,
                     const char *text, int replace, struct qs_err *err)
{
    char lib[11], name[11];
    if (!lib_in || !*lib_in || qs_strcaseeq(lib_in, "*CURLIB") || qs_strcaseeq(lib_in, "*LIBL"))
        lib_in = "QGPL";
    if (qs_name_check(name_in, name, "USRSPC", err) < 0 || qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    if (size < 1 || size > QS_USRSPC_MAX)
        return num(err, "CPF3C1A", (long long)size);
    if (replace && qs_obj_exists(lib, name, US_TYPE) &&
        qs_usrspc_delete(j, lib, name, err) < 0)
        return -1;
    struct attrs a = { size, "", 0 };
    if (extattr)
        qs_strlcpy(a.extattr, extattr, sizeof a.extattr);
    for (char *p = a.extattr; *p; p++)
        if (*p == ' ')
            *p = '_';
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    int rc = -1, fd = -1;
    if (data_path(&path, lib, name, err) < 0)
        goto out;
    /* the data first: a crash leaves an orphan data file, never an object
     * without its data */
    fd = open(qs_buf_str(&path), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == ENOENT)
            qs_err_set(err, "CPF9810", lib, (const char *)NULL);
        else
            qs_err_sys(err, errno);
        goto out;
    }
    if (init != 0) {
        unsigned char blk[8192];
        memset(blk, init, sizeof blk);
        for (size_t off = 0; off < size; off += sizeof blk)
            if (qs_write_all(fd, blk, size - off < sizeof blk ? size - off : sizeof blk) < 0) {
                qs_err_sys(err, errno);
                goto out;
            }
    } else if (ftruncate(fd, (off_t)size) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    if (fsync(fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    struct qs_objdesc d;
    qs_objdesc_init(&d, lib, name, US_TYPE, j ? j->user : "QSYS");
    qs_strlcpy(d.attr, a.extattr, sizeof d.attr);
    qs_strlcpy(d.text, text ? text : "", sizeof d.text);
    d.pubaut = pubaut;
    char line[64];
    int ll = fmt_attrs(&a, line, sizeof line);
    if (qs_obj_create(&d, line, (size_t)ll, err) < 0) {
        if (!(err && !strcmp(err->msgid, "CPF9870")))
            unlink(qs_buf_str(&path));
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    qs_buf_free(&path);
    return rc;
}

/* Open the data file of a loaded space. */
static int open_data(const char *lib, const char *name, int flags, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int fd = -1;
    if (data_path(&p, lib, name, err) == 0) {
        fd = open(qs_buf_str(&p), flags | O_CLOEXEC);
        if (fd < 0)
            qs_err_set(err, "CPF8105", US_TYPE, name, lib, (const char *)NULL);
    }
    qs_buf_free(&p);
    return fd;
}

static int check_range(const struct attrs *a, size_t start, size_t len, int writing,
                       struct qs_err *err)
{
    if (start < 1 || start > QS_USRSPC_MAX)
        return num(err, "CPF3C13", (long long)start);
    if (len > QS_USRSPC_MAX || start - 1 + len > QS_USRSPC_MAX)
        return num(err, "CPF3C14", (long long)len);
    if (start - 1 + len > a->size && !(writing && a->auto_extend)) {
        if (start > a->size)
            return num(err, "CPF3C13", (long long)start);
        return num(err, "CPF3C14", (long long)len);
    }
    return 0;
}

int qs_usrspc_read(struct qs_job *j, const char *lib_in, const char *name_in, size_t start,
                   size_t len, void *out, struct qs_err *err)
{
    char lib[11], name[11];
    struct qs_objdesc d;
    struct attrs a;
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_name_check(name_in, name, "USRSPC", err) < 0)
        return -1;
    int rc = -1, fd = -1;
    if (load(j, lib_in, name, lib, name, &d, &a, QS_AUT_USE, err) < 0 ||
        check_range(&a, start, len, 0, err) < 0 ||
        qs_obj_lock(lib, name, US_TYPE, QS_LOCK_SHARED, US_LOCK_MS, &lk, err) < 0 ||
        (fd = open_data(lib, name, O_RDONLY, err)) < 0)
        goto out;
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fd, (char *)out + got, len - got, (off_t)(start - 1 + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            qs_err_set(err, "CPF8105", US_TYPE, name, lib, (const char *)NULL);
            goto out;
        }
        got += (size_t)r;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    qs_obj_unlock(&lk);
    return rc;
}

static int store_attrs(struct qs_objdesc *d, const struct attrs *a, struct qs_err *err)
{
    char line[64];
    int ll = fmt_attrs(a, line, sizeof line);
    return qs_obj_update(d, line, (size_t)ll, err);
}

int qs_usrspc_write(struct qs_job *j, const char *lib_in, const char *name_in, size_t start,
                    size_t len, const void *data, int force, struct qs_err *err)
{
    char lib[11], name[11];
    struct qs_objdesc d;
    struct attrs a;
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_name_check(name_in, name, "USRSPC", err) < 0)
        return -1;
    int rc = -1, fd = -1;
    if (load(j, lib_in, name, lib, name, &d, &a, QS_AUT_CHANGE, err) < 0 ||
        qs_obj_lock(lib, name, US_TYPE, QS_LOCK_EXCL, US_LOCK_MS, &lk, err) < 0 ||
        load(j, lib, name, lib, name, &d, &a, QS_AUT_CHANGE, err) < 0 ||   /* under lock */
        check_range(&a, start, len, 1, err) < 0 ||
        (fd = open_data(lib, name, O_RDWR, err)) < 0)
        goto out;
    if (start - 1 + len > a.size) {   /* auto-extend */
        if (ftruncate(fd, (off_t)(start - 1 + len)) < 0 || fsync(fd) < 0) {
            qs_err_sys(err, errno);
            goto out;
        }
        a.size = start - 1 + len;
        if (store_attrs(&d, &a, err) < 0)
            goto out;
    }
    size_t put = 0;
    while (put < len) {
        ssize_t w = pwrite(fd, (const char *)data + put, len - put, (off_t)(start - 1 + put));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            qs_err_sys(err, w < 0 ? errno : EIO);
            goto out;
        }
        put += (size_t)w;
    }
    if (force && fsync(fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    qs_obj_unlock(&lk);
    return rc;
}

int qs_usrspc_ptr(struct qs_job *j, const char *lib_in, const char *name_in, void **p_r,
                  size_t *size_r, struct qs_err *err)
{
    char lib[11], name[11];
    struct qs_objdesc d;
    struct attrs a;
    if (qs_name_check(name_in, name, "USRSPC", err) < 0 ||
        load(j, lib_in, name, lib, name, &d, &a, QS_AUT_CHANGE, err) < 0)
        return -1;
    if (size_r)
        *size_r = a.size;
    pthread_mutex_lock(&map_mu);
    for (struct mapping *m = maps; m; m = m->next)
        if (!strcmp(m->lib, lib) && !strcmp(m->name, name)) {
            *p_r = m->addr;
            pthread_mutex_unlock(&map_mu);
            return 0;
        }
    pthread_mutex_unlock(&map_mu);
    int fd = open_data(lib, name, O_RDWR, err);
    if (fd < 0)
        return -1;
    void *addr = mmap(NULL, US_MAP_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int e = errno;
    close(fd);
    if (addr == MAP_FAILED)
        return qs_err_sys(err, e);
    struct mapping *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(addr, US_MAP_LEN);
        return qs_err_sys(err, ENOMEM);
    }
    qs_strlcpy(m->lib, lib, sizeof m->lib);
    qs_strlcpy(m->name, name, sizeof m->name);
    m->addr = addr;
    pthread_mutex_lock(&map_mu);
    m->next = maps;
    maps = m;
    pthread_mutex_unlock(&map_mu);
    *p_r = addr;
    return 0;
}

int qs_usrspc_set_attr(struct qs_job *j, const char *lib_in, const char *name_in, size_t size,
                       int auto_extend, struct qs_err *err)
{
    char lib[11], name[11];
    struct qs_objdesc d;
    struct attrs a;
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_name_check(name_in, name, "USRSPC", err) < 0)
        return -1;
    if (size > QS_USRSPC_MAX)
        return num(err, "CPF3C1A", (long long)size);
    int rc = -1, fd = -1;
    if (load(j, lib_in, name, lib, name, &d, &a, QS_AUT_CHANGE, err) < 0 ||
        qs_obj_lock(lib, name, US_TYPE, QS_LOCK_EXCL, US_LOCK_MS, &lk, err) < 0 ||
        (fd = open_data(lib, name, O_RDWR, err)) < 0)
        goto out;
    if (size) {
        if (ftruncate(fd, (off_t)size) < 0 || fsync(fd) < 0) {
            qs_err_sys(err, errno);
            goto out;
        }
        a.size = size;
    }
    if (auto_extend >= 0)
        a.auto_extend = auto_extend != 0;
    rc = store_attrs(&d, &a, err);
out:
    if (fd >= 0)
        close(fd);
    qs_obj_unlock(&lk);
    return rc;
}

int qs_usrspc_delete(struct qs_job *j, const char *lib_in, const char *name_in, struct qs_err *err)
{
    char lib[11], name[11];
    struct qs_objdesc d;
    struct attrs a;
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_name_check(name_in, name, "USRSPC", err) < 0)
        return -1;
    int rc = -1;
    if (load(j, lib_in, name, lib, name, &d, &a, QS_AUT_ALL, err) < 0 ||
        qs_obj_lock(lib, name, US_TYPE, QS_LOCK_EXCL, US_LOCK_MS, &lk, err) < 0 ||
        qs_obj_delete(lib, name, US_TYPE, err) < 0)
        goto out;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (data_path(&p, lib, name, NULL) == 0)
        unlink(qs_buf_str(&p));
    qs_buf_free(&p);
    pthread_mutex_lock(&map_mu);
    for (struct mapping **mp = &maps; *mp; mp = &(*mp)->next)
        if (!strcmp((*mp)->lib, lib) && !strcmp((*mp)->name, name)) {
            struct mapping *m = *mp;
            *mp = m->next;
            munmap(m->addr, US_MAP_LEN);
            free(m);
            break;
        }
    pthread_mutex_unlock(&map_mu);
    rc = 0;
out:
    qs_obj_unlock(&lk);
    return rc;
}
