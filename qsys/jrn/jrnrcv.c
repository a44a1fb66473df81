/*
 * qsys/jrn/jrnrcv.c - the receiver chain of a journal (jrn.h): which
 * receiver is attached, CHGJRN JRNRCV(*GEN), DLTJRNRCV, WRKJRNA's list, and
 * reading a range of receivers.
 *
 * What always holds: the chain file `receivers` lists every receiver of the
 * journal oldest first and only its last line is attached; it is replaced
 * atomically, and only by a holder of the attached receiver's lock, so a
 * writer that holds that lock and still finds its receiver attached may
 * append to it.
 */
#include "qsys/jrn/jrn_int.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHAIN_FILE "receivers"
#define CHAIN_MAX  (1024u * 1024)    /* bytes of the chain file */
#define RCV_DIGITS 6
#define LOCK_TRIES 1000              /* receiver changes raced by one append */

struct chain {
    struct qs_jrn_rcv *r;
    size_t n;
};

static void chain_free(struct chain *c)
{
    free(c->r);
    c->r = NULL;
    c->n = 0;
}

static int chain_push(struct chain *c, const char *name, int64_t att, int64_t det)
{
    struct qs_jrn_rcv *r = realloc(c->r, (c->n + 1) * sizeof *r);
    if (!r)
        return -1;
    c->r = r;
    memset(&r[c->n], 0, sizeof r[c->n]);
    qs_strlcpy(r[c->n].name, name, sizeof r[c->n].name);
    r[c->n].attached = att;
    r[c->n].detached = det;
    c->n++;
    return 0;
}

static int damaged(struct qs_err *err, const char *jrn)
{
    char t[96];
    snprintf(t, sizeof t, "Receiver directory of journal %s damaged", jrn);
    return qs_err_set(err, "CPF9898", t, (const char *)NULL);
}

/* The chain of jrn; without a chain file, <JRN>000001 alone, attached. */
static int chain_load(const char *jrn, struct chain *c, struct qs_err *err)
{
    struct qs_buf p, d;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&d, CHAIN_MAX);
    c->r = NULL;
    c->n = 0;
    int rc = -1;
    if (qs_jrn_dir(&p, jrn, CHAIN_FILE, err) < 0)
        goto out;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(p.data, CHAIN_MAX, &d, &e2) < 0) {
        if (e2.sys_errno != ENOENT) {
            qs_err_move(err, &e2);
            goto out;
        }
        qs_err_clear(&e2);
        char first[16];
        snprintf(first, sizeof first, "%.4s%0*d", jrn, RCV_DIGITS, 1);
        rc = chain_push(c, first, 0, 0) < 0 ? qs_err_sys(err, ENOMEM) : 0;
        goto out;
    }
    for (char *s = d.data ? d.data : (char *)"", *nl; *s; s = nl + 1) {
        nl = strchr(s, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char *f[3];
        int k = 0;
        for (char *t = s; k < 3 && *t;) {
            f[k++] = t;
            t += strcspn(t, " ");
            if (*t)
                *t++ = '\0';
        }
        long long att, det;
        if (k != 3 || !qs_jrn_valid_name(f[0]) ||
            qs_parse_ll(f[1], strlen(f[1]), 0, INT64_MAX, &att) < 0 ||
            qs_parse_ll(f[2], strlen(f[2]), 0, INT64_MAX, &det) < 0) {
            damaged(err, jrn);
            goto out;
        }
        if (chain_push(c, f[0], att, det) < 0) {
            qs_err_sys(err, ENOMEM);
            goto out;
        }
    }
    if (c->n == 0 || c->r[c->n - 1].detached != 0) {
        damaged(err, jrn);
        goto out;
    }
    rc = 0;
out:
    if (rc < 0)
        chain_free(c);
    qs_buf_free(&p);
    qs_buf_free(&d);
    return rc;
}

static int chain_save(const char *jrn, const struct chain *c, struct qs_err *err)
{
    struct qs_buf p, d;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&d, CHAIN_MAX);
    int rc = qs_jrn_dir(&p, jrn, CHAIN_FILE, err);
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        if (qs_buf_addf(&d, "%s %" PRId64 " %" PRId64 "\n", c->r[i].name, c->r[i].attached,
                        c->r[i].detached) < 0)
            rc = qs_err_sys(err, E2BIG);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, d.data, d.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&d);
    return rc;
}

static const char *attached(const struct chain *c)
{
    return c->r[c->n - 1].name;
}

static int rcv_path(struct qs_buf *p, const char *jrn, const char *rcv, struct qs_err *err)
{
    if (qs_jrn_dir(p, jrn, NULL, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%s.rcv", rcv) < 0 ? qs_err_sys(err, E2BIG) : 0;
}

int qs_jrn_lock_attached(const char *jrn, char name_r[11], struct qs_err *err)
{
    for (int tries = 0; tries < LOCK_TRIES; tries++) {
        struct chain c;
        if (chain_load(jrn, &c, err) < 0)
            return -1;
        qs_strlcpy(name_r, attached(&c), 11);
        chain_free(&c);
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        if (rcv_path(&p, jrn, name_r, err) < 0) {
            qs_buf_free(&p);
            return -1;
        }
        int fd = open(p.data, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        qs_buf_free(&p);
        if (fd < 0)
            return qs_err_sys(err, errno);
        if (qs_lock_fd(fd, 1, 1) < 0) {
            close(fd);
            return qs_err_sys(err, errno);
        }
        /* still attached, now that nobody can change the chain? */
        if (chain_load(jrn, &c, err) < 0) {
            close(fd);
            return -1;
        }
        int same = strcmp(attached(&c), name_r) == 0;
        chain_free(&c);
        if (same)
            return fd;
        close(fd);
    }
    return qs_err_set(err, "CPF9898", "Journal receiver could not be allocated", (const char *)NULL);
}

long qs_jrn_read_range(const char *jrn, enum qs_jrn_range range, qs_jrn_entry_fn *fn,
                       void *arg, struct qs_err *err)
{
    struct chain c;
    if (chain_load(jrn, &c, err) < 0)
        return -1;
    long n = 0;
    int rc = 0;
    for (size_t i = range == QS_JRN_CURRENT ? c.n - 1 : 0; rc == 0 && i < c.n; i++)
        rc = qs_jrn_read_rcv(jrn, c.r[i].name, fn, arg, &n, err);
    chain_free(&c);
    return rc < 0 ? -1 : n;
}

long qs_jrn_read(const char *jrn, qs_jrn_entry_fn *fn, void *arg, struct qs_err *err)
{
    return qs_jrn_read_range(jrn, QS_JRN_CURCHAIN, fn, arg, err);
}

int qs_jrn_receivers(const char *jrn, struct qs_jrn_rcv **v_r, size_t *n_r,
                     struct qs_err *err)
{
    struct chain c;
    if (chain_load(jrn, &c, err) < 0)
        return -1;
    for (size_t i = 0; i < c.n; i++) {
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        int fd = rcv_path(&p, jrn, c.r[i].name, NULL) < 0 ? -1
               : open(p.data, O_RDONLY | O_CLOEXEC);
        qs_buf_free(&p);
        struct stat st;
        unsigned char b[8];
        if (fd >= 0 && fstat(fd, &st) == 0) {
            c.r[i].size = (uint64_t)st.st_size;
            c.r[i].last_seq = qs_jrn_last_seq(fd);
            if (c.r[i].last_seq && pread(fd, b, 8, 8) == 8)
                for (int k = 7; k >= 0; k--)
                    c.r[i].first_seq = c.r[i].first_seq << 8 | b[k];
        }
        if (fd >= 0)
            close(fd);
    }
    *v_r = c.r;
    *n_r = c.n;
    return 0;
}

/* The next *GEN name: the numeric suffix (up to 6 digits: the journal name
 * may end in a digit too) plus one, same width. */
static int next_name(const char *cur, char next[11])
{
    size_t n = strlen(cur), d = n;
    while (d > 0 && n - d < RCV_DIGITS && cur[d - 1] >= '0' && cur[d - 1] <= '9')
        d--;
    if (d == n || n > 10)
        return -1;
    memcpy(next, cur, n + 1);
    for (size_t i = n; i-- > d;) {
        if (next[i] != '9') {
            next[i]++;
            return 0;
        }
        next[i] = '0';
    }
    return -1;                          /* 999999: IBM wraps; we stop */
}

/* A J entry (journal operation) naming a receiver, with sequence seq. */
static unsigned char *rcv_entry(const char *type, const char *rcv, uint64_t seq, size_t *len)
{
    char esd[64];
    int l = snprintf(esd, sizeof esd, "receiver=%s library=QUSRSYS", rcv);
    return qs_jrn_entry_make('J', type, esd, (size_t)l, seq, len);
}

int qs_jrn_change(const char *jrn, char name_r[11], struct qs_err *err)
{
    char cur[11];
    int fd = qs_jrn_lock_attached(jrn, cur, err);
    if (fd < 0)
        return -1;
    struct chain c;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    unsigned char *nr = NULL, *pr = NULL;
    size_t nrl, prl;
    int rc = -1;
    if (chain_load(jrn, &c, err) < 0)
        goto out0;
    if (next_name(cur, name_r) < 0) {
        qs_err_set(err, "CPF9898", "No receiver name can follow the attached receiver",
                   (const char *)NULL);
        goto out;
    }
    for (size_t i = 0; i < c.n; i++)
        if (strcmp(c.r[i].name, name_r) == 0) {
            qs_err_set(err, "CPF9898", "The next receiver name is in use", (const char *)NULL);
            goto out;
        }
    uint64_t seq = qs_jrn_last_seq(fd);
    int64_t now = (int64_t)time(NULL);
    nr = rcv_entry("NR", name_r, seq + 1, &nrl);
    pr = rcv_entry("PR", cur, seq + 2, &prl);
    if (!nr || !pr) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    /* the old receiver ends with NR (durable), the new one starts with PR,
     * then the chain names the new one attached */
    if (qs_write_all(fd, nr, nrl) < 0 || fsync(fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    if (rcv_path(&p, jrn, name_r, err) < 0 || qs_file_write_atomic(p.data, pr, prl, 0600, err) < 0)
        goto out;
    c.r[c.n - 1].detached = now;
    if (chain_push(&c, name_r, now, 0) < 0) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    rc = chain_save(jrn, &c, err);
out:
    chain_free(&c);
out0:
    free(nr);
    free(pr);
    qs_buf_free(&p);
    close(fd);
    return rc;
}

static int has_rcv(const struct chain *c, const char *rcv)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->r[i].name, rcv) == 0)
            return (int)i;
    return -1;
}

/* The journal whose chain holds rcv: 1 found (name into jrn_r), 0, -1. */
static int find_journal(const char *rcv, char jrn_r[11], struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_root_path(&p, err, "jrn") < 0) {
        qs_buf_free(&p);
        return -1;
    }
    DIR *d = opendir(p.data);
    qs_buf_free(&p);
    if (!d)
        return errno == ENOENT ? 0 : qs_err_sys(err, errno);
    int found = 0;
    for (struct dirent *de; !found && (de = readdir(d)) != NULL;) {
        struct chain c;
        if (!qs_jrn_valid_name(de->d_name) || chain_load(de->d_name, &c, NULL) < 0)
            continue;
        if (has_rcv(&c, rcv) >= 0) {
            qs_strlcpy(jrn_r, de->d_name, 11);
            found = 1;
        }
        chain_free(&c);
    }
    closedir(d);
    return found;
}

int qs_jrn_delete_receiver(const char *rcv, char jrn_r[11], struct qs_err *err)
{
    if (!qs_jrn_valid_name(rcv))
        return qs_err_set(err, "CPF9801", "*JRNRCV", rcv, "QUSRSYS", (const char *)NULL);
    int f = find_journal(rcv, jrn_r, err);
    if (f <= 0)
        return f < 0 ? -1 : qs_err_set(err, "CPF9801", "*JRNRCV", rcv, "QUSRSYS",
                                       (const char *)NULL);
    char cur[11];
    int fd = qs_jrn_lock_attached(jrn_r, cur, err);
    if (fd < 0)
        return -1;
    struct chain c;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = -1;
    if (chain_load(jrn_r, &c, err) < 0)
        goto out0;
    int i = has_rcv(&c, rcv);
    if (i < 0) {
        qs_err_set(err, "CPF9801", "*JRNRCV", rcv, "QUSRSYS", (const char *)NULL);
    } else if ((size_t)i == c.n - 1) {
        qs_err_set(err, "CPF7022", rcv, "QUSRSYS", jrn_r, (const char *)NULL);
    } else if (i != 0) {
        char t[160];
        snprintf(t, sizeof t, "Receiver %s is not the oldest receiver of journal %s; "
                 "delete %s first", rcv, jrn_r, c.r[0].name);
        qs_err_set(err, "CPF9898", t, (const char *)NULL);
    } else {
        /* out of the chain first: a crash then leaves a stray file, never a
         * chain naming a missing receiver */
        memmove(c.r, c.r + 1, (c.n - 1) * sizeof *c.r);
        c.n--;
        if (chain_save(jrn_r, &c, err) == 0 && rcv_path(&p, jrn_r, rcv, err) == 0) {
            if (unlink(p.data) < 0 && errno != ENOENT)
                qs_err_sys(err, errno);
            else
                rc = qs_fsync_dir(p.data) < 0 ? qs_err_sys(err, errno) : 0;
        }
    }
    chain_free(&c);
out0:
    qs_buf_free(&p);
    close(fd);
    return rc;
}
