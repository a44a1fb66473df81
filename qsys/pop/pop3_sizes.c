/*
 * qsys/pop/pop3_sizes.c - wire sizes of a mailbox's messages, cached in
 * the Maildir (see pop3_sizes.h).
 *
 * File format (text):
 *   qshim-pop-sizes 1
 *   <inode> <size> <mtime ns> <ctime ns> <wire size> <name>      one per message
 *   end <entries> <FNV-1a 64 of every byte before this line, hex>
 */
#include "qsys/pop/pop3_sizes.h"
#include "qsys/pop/pop3_wire.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/base/buf.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIZES_FILE "qshim-pop.sizes"
#define SIZES_TMP  "qshim-pop.sizes.tmp"
#define MAGIC      "qshim-pop-sizes 1\n"
#define READ_SZ    (64u * 1024)

struct ent {
    const char *uid;
    uint64_t ino, size, wire;
    int64_t  mt, ct;
};

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Decimal (optionally negative) followed by one blank; advances *pp. */
static int num(const char **pp, const char *end, int neg_ok, uint64_t *v_r, int *neg_r)
{
    const char *p = *pp;
    int neg = 0;
    uint64_t v = 0;
    if (neg_ok && p < end && *p == '-') {
        neg = 1;
        p++;
    }
    const char *d = p;
    while (p < end && *p >= '0' && *p <= '9') {
        if (v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*p++ - '0');
    }
    if (p == d || p - d > 20 || p >= end || *p != ' ')
        return -1;
    *pp = p + 1;
    *v_r = v;
    if (neg_r)
        *neg_r = neg;
    return 0;
}

static int i64(const char **pp, const char *end, int64_t *v_r)
{
    uint64_t v;
    int neg;
    if (num(pp, end, 1, &v, &neg) < 0 || v > (uint64_t)INT64_MAX)
        return -1;
    *v_r = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

static int by_uid(const void *a, const void *b)
{
    return strcmp(((const struct ent *)a)->uid, ((const struct ent *)b)->uid);
}

/* Read and check the cache into raw; entries point into raw.  Returns the
 * count (0 when absent or not valid), or -1 (out of memory). */
static long load(int dir_fd, struct qs_buf *raw, struct ent **e_r)
{
    *e_r = NULL;
    int fd = openat(dir_fd, SIZES_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size >= QS_MAX_POP_SIZES ||
        qs_buf_reserve(raw, (size_t)st.st_size + 1) < 0) {
        close(fd);
        return 0;
    }
    ssize_t r;
    while (raw->len < raw->max && (r = read(fd, raw->data + raw->len, raw->cap - raw->len - 1)) > 0) {
        raw->len += (size_t)r;
        raw->data[raw->len] = '\0';
        if (raw->len + 1 >= raw->cap && qs_buf_reserve(raw, READ_SZ) < 0)
            break;
    }
    close(fd);
    char *p = raw->data, *end = p + raw->len;
    size_t ml = sizeof MAGIC - 1;
    if (raw->len < ml || memcmp(p, MAGIC, ml) != 0)
        return 0;
    /* the last line: "end <count> <checksum>" */
    if (end[-1] != '\n')
        return 0;
    char *last = end - 1;
    while (last > p && last[-1] != '\n')
        last--;
    const char *q = last;
    uint64_t count, sum;
    if (end - last < 5 || memcmp(last, "end ", 4) != 0)
        return 0;
    q += 4;
    if (num(&q, end, 0, &count, NULL) < 0 || count > raw->len)
        return 0;
    char *hx_end;
    errno = 0;
    sum = strtoull(q, &hx_end, 16);
    if (errno || hx_end != end - 1 || hx_end == q || sum != fnv1a(p, (size_t)(last - p)))
        return 0;
    struct ent *e = count ? calloc((size_t)count, sizeof *e) : NULL;
    if (count && !e)
        return -1;
    size_t n = 0;
    for (char *line = p + ml; line < last; n++) {
        char *nl = memchr(line, '\n', (size_t)(last - line));
        q = line;
        if (!nl || n >= count || num(&q, nl, 0, &e[n].ino, NULL) < 0 ||
            num(&q, nl, 0, &e[n].size, NULL) < 0 || i64(&q, nl, &e[n].mt) < 0 ||
            i64(&q, nl, &e[n].ct) < 0 || num(&q, nl, 0, &e[n].wire, NULL) < 0 || q >= nl) {
            free(e);
            return 0;
        }
        *nl = '\0';
        e[n].uid = q;
        line = nl + 1;
    }
    if (n != count) {
        free(e);
        return 0;
    }
    if (n > 1)
        qsort(e, n, sizeof *e, by_uid);
    *e_r = e;
    return (long)n;
}

/* Read message i: its wire size into *wire_r.  0, or -1 (not readable). */
static int measure(const struct qs_mbox *mb, size_t i, char *buf, uint64_t *wire_r)
{
    int fd = qs_mbox_open_msg(mb, i);
    if (fd < 0)
        return -1;
    uint64_t total = 0, bare = 0;
    int cr = 0;
    ssize_t r;
    while ((r = read(fd, buf, READ_SZ)) > 0 || (r < 0 && errno == EINTR)) {
        if (r < 0)
            continue;
        bare += qs_pop_bare_lf(buf, (size_t)r, &cr);
        total += (uint64_t)r;
    }
    close(fd);
    if (r < 0 || total != mb->msg[i].size)
        return -1;                 /* changed under us: do not remember */
    *wire_r = total + bare;
    return 0;
}

/* Write the cache: every message with known[i]. */
static void save(const struct qs_mbox *mb, const uint64_t *wire, const char *known)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_POP_SIZES);
    size_t n = 0;
    int bad = qs_buf_adds(&b, MAGIC) < 0;
    for (size_t i = 0; i < mb->n && !bad; i++) {
        const struct qs_mbox_msg *m = &mb->msg[i];
        if (!known[i] || strchr(m->uid, '\n'))
            continue;
        bad = qs_buf_addf(&b, "%llu %llu %lld %lld %llu %s\n", (unsigned long long)m->ino,
                          (unsigned long long)m->size, (long long)m->mtime_ns,
                          (long long)m->ctime_ns, (unsigned long long)wire[i], m->uid) < 0;
        n++;
    }
    if (!bad)
        bad = qs_buf_addf(&b, "end %zu %016llx\n", n, (unsigned long long)fnv1a(b.data, b.len)) < 0;
    int fd = bad ? -1 : openat(mb->dir_fd, SIZES_TMP,
                               O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
        int ok = qs_write_all(fd, b.data, b.len) == 0;
        if (close(fd) < 0)
            ok = 0;
        if (!ok || renameat(mb->dir_fd, SIZES_TMP, mb->dir_fd, SIZES_FILE) < 0)
            unlinkat(mb->dir_fd, SIZES_TMP, 0);
    }
    qs_buf_free(&b);
}

int qs_pop_sizes(const struct qs_mbox *mb, uint64_t *wire_r)
{
    struct qs_buf raw;
    qs_buf_init(&raw, QS_MAX_POP_SIZES);
    struct ent *e = NULL;
    long ne = mb->dir_fd >= 0 ? load(mb->dir_fd, &raw, &e) : 0;
    char *known = calloc(mb->n ? mb->n : 1, 1), *buf = NULL;
    int rc = -1;
    if (ne < 0 || !known)
        goto out;
    size_t hits = 0, misses = 0;
    for (size_t i = 0; i < mb->n; i++) {
        const struct qs_mbox_msg *m = &mb->msg[i];
        struct ent key = { .uid = m->uid };
        const struct ent *f = ne > 0 ? bsearch(&key, e, (size_t)ne, sizeof *e, by_uid) : NULL;
        if (f && f->ino == m->ino && f->size == m->size && f->mt == m->mtime_ns &&
            f->ct == m->ctime_ns && f->wire >= m->size && f->wire <= 2 * m->size) {
            wire_r[i] = f->wire;
            known[i] = 1;
            hits++;
            continue;
        }
        if (!buf && !(buf = malloc(READ_SZ)))
            goto out;
        known[i] = measure(mb, i, buf, &wire_r[i]) == 0;
        if (!known[i])
            wire_r[i] = m->size;
        misses++;
    }
    if (misses || hits != (size_t)ne)
        save(mb, wire_r, known);
    rc = 0;
out:
    free(buf);
    free(known);
    free(e);
    qs_buf_free(&raw);
    return rc;
}
