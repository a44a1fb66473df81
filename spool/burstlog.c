/*
 * spool/burstlog.c - append-only, fdatasync'ed progress log of a burst run
 * (format and invariants in burstlog.h).
 */
#include "spool/burstlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/str.h"

#define MAX_LOG (256u * 1024 * 1024)

struct qs_burstlog {
    int            fd;
    size_t         n;
    unsigned char *st;
    char         (*id)[QS_BURSTLOG_ID_LEN + 1];
    int            done;
};

void qs_burstlog_free(struct qs_burstlog **l)
{
    if (!l || !*l)
        return;
    if ((*l)->fd >= 0)
        close((*l)->fd);             /* releases the flock */
    free((*l)->st);
    free((*l)->id);
    free(*l);
    *l = NULL;
}

static int append_nosync(struct qs_burstlog *l, const char *s, size_t n, struct qs_err *err)
{
    if (qs_write_all(l->fd, s, n) < 0)
        return qs_err_sys(err, errno);
    return 0;
}

static int append(struct qs_burstlog *l, const char *s, size_t n, struct qs_err *err)
{
    if (append_nosync(l, s, n, err) < 0 || fdatasync(l->fd) < 0)
        return qs_err_sys(err, errno);
    return 0;
}

int qs_burstlog_sync(struct qs_burstlog *l, struct qs_err *err)
{
    return fdatasync(l->fd) < 0 ? qs_err_sys(err, errno) : 0;
}

static int valid_id(const char *s, size_t n)
{
    if (n != QS_BURSTLOG_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return 1;
}

/* One record (without its '\n'); 0 or -1 when it is not one we wrote. */
static int apply(struct qs_burstlog *l, const char *p, size_t n)
{
    static const struct { const char *w; enum qs_burstlog_state st; } kw[] = {
        { "pdf ", QS_BL_PDF }, { "sealed ", QS_BL_SEALED }, { "queued ", QS_BL_QUEUED },
        { "errq ", QS_BL_ERRQ }, { "failed ", QS_BL_FAILED },
    };
    if (n == 4 && memcmp(p, "done", 4) == 0) {
        l->done = 1;
        return 0;
    }
    for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++) {
        size_t wl = strlen(kw[k].w);
        if (n <= wl || memcmp(p, kw[k].w, wl) != 0)
            continue;
        const char *a = p + wl, *sp = memchr(a, ' ', n - wl);
        size_t al = sp ? (size_t)(sp - a) : n - wl;
        long long i;
        if (qs_parse_ll(a, al, 0, (long long)l->n - 1, &i) < 0)
            return -1;
        int with_id = kw[k].st == QS_BL_SEALED || kw[k].st == QS_BL_QUEUED;
        if (with_id != (sp != NULL))
            return -1;
        if (with_id) {
            size_t il = (size_t)(p + n - (sp + 1));
            if (!valid_id(sp + 1, il))
                return -1;
            memcpy(l->id[i], sp + 1, il);
            l->id[i][il] = '\0';
        }
        if (kw[k].st == QS_BL_FAILED)
            return 0;
        if (kw[k].st > l->st[i] || kw[k].st == QS_BL_ERRQ)
            l->st[i] = (unsigned char)kw[k].st;
        return 0;
    }
    return -1;
}

int qs_burstlog_open(const char *path, const char *fp, size_t nparts,
                     struct qs_burstlog **l_r, struct qs_err *err)
{
    struct qs_burstlog *l = calloc(1, sizeof *l);
    struct qs_buf b;
    qs_buf_init(&b, MAX_LOG);
    *l_r = NULL;
    if (!l)
        return qs_err_sys(err, ENOMEM);
    l->n = nparts;
    l->st = calloc(nparts ? nparts : 1, 1);
    l->id = calloc(nparts ? nparts : 1, sizeof *l->id);
    l->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (!l->st || !l->id || l->fd < 0) {
        qs_err_sys(err, l->fd < 0 ? errno : ENOMEM);
        goto fail;
    }
    if (flock(l->fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK)
            qs_err_set(err, "BRS0108", path, (const char *)NULL);
        else
            qs_err_sys(err, errno);
        goto fail;
    }
    if (qs_file_read(path, MAX_LOG, &b, err) < 0)
        goto fail;
    char hdr[160];
    int hl = snprintf(hdr, sizeof hdr, "qshim-burst 1 %s %zu\n", fp, nparts);
    if (hl < 0 || (size_t)hl >= sizeof hdr) {
        qs_err_set(err, "CPF9897", "burst: fingerprint too long", (const char *)NULL);
        goto fail;
    }
    if (b.len == 0 || !memchr(b.data, '\n', b.len)) {
        /* new (or torn before its header was complete) */
        if (ftruncate(l->fd, 0) < 0 || append(l, hdr, (size_t)hl, err) < 0)
            goto fail;
        qs_fsync_dir(path);
        qs_buf_free(&b);
        *l_r = l;
        return 0;
    }
    if (b.len < (size_t)hl || memcmp(b.data, hdr, (size_t)hl) != 0) {
        qs_err_set(err, "BRS0107", path, (const char *)NULL);
        goto fail;
    }
    size_t off = (size_t)hl;
    while (off < b.len) {
        const char *p = b.data + off, *nl = memchr(p, '\n', b.len - off);
        if (!nl) {                       /* torn last record: cut it off */
            if (ftruncate(l->fd, (off_t)off) < 0 || fdatasync(l->fd) < 0) {
                qs_err_sys(err, errno);
                goto fail;
            }
            break;
        }
        if (apply(l, p, (size_t)(nl - p)) < 0) {
            qs_err_set(err, "BRS0107", path, (const char *)NULL);
            goto fail;
        }
        off += (size_t)(nl - p) + 1;
    }
    qs_buf_free(&b);
    *l_r = l;
    return 0;
fail:
    qs_buf_free(&b);
    qs_burstlog_free(&l);
    return -1;
}

enum qs_burstlog_state qs_burstlog_state(const struct qs_burstlog *l, size_t i)
{
    return i < l->n ? (enum qs_burstlog_state)l->st[i] : QS_BL_NONE;
}

const char *qs_burstlog_id(const struct qs_burstlog *l, size_t i)
{
    return i < l->n ? l->id[i] : "";
}

int qs_burstlog_done(const struct qs_burstlog *l)
{
    return l->done;
}

static int mark(struct qs_burstlog *l, size_t i, enum qs_burstlog_state st, const char *id,
                int sync, struct qs_err *err)
{
    static const char *const word[] = { "", "pdf", "sealed", "queued", "errq", "failed" };
    char line[96];
    int with_id = st == QS_BL_SEALED || st == QS_BL_QUEUED;
    if (i >= l->n || st == QS_BL_NONE || (with_id && (!id || !valid_id(id, strlen(id)))))
        return qs_err_set(err, "CPF9897", "burst log: bad record", (const char *)NULL);
    int n = with_id ? snprintf(line, sizeof line, "%s %zu %s\n", word[st], i, id)
                    : snprintf(line, sizeof line, "%s %zu\n", word[st], i);
    if ((sync ? append(l, line, (size_t)n, err) : append_nosync(l, line, (size_t)n, err)) < 0)
        return -1;
    if (st == QS_BL_FAILED)
        return 0;
    l->st[i] = (unsigned char)st;
    if (with_id) {
        memcpy(l->id[i], id, QS_BURSTLOG_ID_LEN);
        l->id[i][QS_BURSTLOG_ID_LEN] = '\0';
    }
    return 0;
}

int qs_burstlog_mark(struct qs_burstlog *l, size_t i, enum qs_burstlog_state st,
                     const char *id, struct qs_err *err)
{
    return mark(l, i, st, id, 1, err);
}

int qs_burstlog_mark_lazy(struct qs_burstlog *l, size_t i, enum qs_burstlog_state st,
                          const char *id, struct qs_err *err)
{
    return mark(l, i, st, id, 0, err);
}

int qs_burstlog_mark_done(struct qs_burstlog *l, struct qs_err *err)
{
    if (append(l, "done\n", 5, err) < 0)
        return -1;
    l->done = 1;
    return 0;
}
