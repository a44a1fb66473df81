/*
 * qsys/snads/store.c - distribution records on disk (layout in snads.h).
 *
 * A record is one key=value file (qsys/base/kvrec.h).  Recipients are
 * repeated `rcpt` keys whose value is "kind status confirmed when user addr
 * inet" with '-' standing for an empty user/addr/inet.
 */
#include "qsys/snads/store.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/kvrec.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REC_MAX (QS_SNADS_MAX_DOC * 2 + 4u * 1024 * 1024)

int qs_dst_status_parse(const char *s, enum qs_dst_status *r);

static const char *const log_dir[] = { "in", "out", "err" };

int qs_snads_path(struct qs_buf *out, struct qs_err *err, const char *fmt, ...)
{
    if (qs_root_path(out, err, "snads/") < 0)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int rc = qs_buf_vaddf(out, fmt, ap);
    va_end(ap);
    return rc < 0 ? qs_err_sys(err, errno) : 0;
}

int qs_snads_lock(struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    int fd = qs_snads_path(&p, err, "%s", "");
    if (fd == 0)
        fd = qs_mkdir_p(p.data, 0700, err);
    if (fd == 0 && qs_buf_adds(&p, "lock") < 0)
        fd = qs_err_sys(err, errno);
    if (fd == 0)
        fd = qs_lock_path(p.data, 1, 1, err);
    qs_buf_free(&p);
    return fd;
}

void qs_snads_idfile(char out[QS_DSTID_LEN + 1], const char *dstid)
{
    for (size_t i = 0; i < QS_DSTID_LEN; i++)
        out[i] = dstid[i] == ' ' ? '.' : dstid[i];
    out[QS_DSTID_LEN] = '\0';
}

int qs_snads_rec_path(struct qs_buf *out, enum qs_dst_log log, const char *user,
                      const char *addr, const char *dstid, int ext, struct qs_err *err)
{
    char f[QS_DSTID_LEN + 1];
    qs_snads_idfile(f, dstid);
    if (log == QS_LOG_OUT)
        return qs_snads_path(out, err, "out/%s.%s/%s", user, addr, f);
    return qs_snads_path(out, err, "%s/%s.%s/%s.%02d", log_dir[log], user, addr, f, ext);
}

int qs_snads_rec_exists(enum qs_dst_log log, const char *user, const char *addr,
                        const char *dstid, int ext)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    int r = qs_snads_rec_path(&p, log, user, addr, dstid, ext, NULL) == 0 &&
            access(p.data, F_OK) == 0;
    qs_buf_free(&p);
    return r;
}

/* --- serialize -------------------------------------------------------------- */

static int add_opt(struct qs_buf *b, const char *k, const char *v)
{
    return v ? qs_kv_adds(b, k, v) : 0;
}

static int serialize(struct qs_buf *b, const struct qs_dst *d)
{
    if (qs_kv_adds(b, "dstid", d->dstid) < 0 || qs_kv_addll(b, "ext", d->ext) < 0 ||
        qs_kv_addll(b, "log", d->log) < 0 ||
        qs_kv_adds(b, "type", qs_dst_type_name(d->type)) < 0 ||
        qs_kv_adds(b, "status", qs_dst_status_name(d->status)) < 0 ||
        qs_kv_adds(b, "fromuser", d->from_user) < 0 ||
        qs_kv_adds(b, "fromaddr", d->from_addr) < 0 ||
        qs_kv_adds(b, "owneruser", d->owner_user) < 0 ||
        qs_kv_adds(b, "owneraddr", d->owner_addr) < 0 ||
        qs_kv_adds(b, "kind", qs_dst_kind_name(d->kind)) < 0 ||
        add_opt(b, "dstd", d->dstd) < 0 || add_opt(b, "msg", d->msg) < 0 ||
        add_opt(b, "longmsg", d->longmsg) < 0 || add_opt(b, "subject", d->subject) < 0 ||
        add_opt(b, "docname", d->doc_name) < 0 || add_opt(b, "frominet", d->from_inet) < 0 || add_opt(b, "errtext", d->errtext) < 0 ||
        (d->doc && qs_kv_add(b, "doc", d->doc, d->doc_len) < 0) ||
        qs_kv_addll(b, "cfmdel", d->cfmdel) < 0 || qs_kv_addll(b, "personal", d->personal) < 0 ||
        qs_kv_adds(b, "sensitiv", qs_dst_sens_name(d->sensitiv)) < 0 ||
        qs_kv_adds(b, "importance", qs_dst_level_name(d->importance)) < 0 ||
        qs_kv_adds(b, "pty", qs_dst_level_name(d->pty)) < 0 ||
        qs_kv_addll(b, "created", (long long)d->created) < 0 ||
        qs_kv_addll(b, "received", (long long)d->received) < 0)
        return -1;
    for (size_t i = 0; i < d->nrcpt; i++) {
        const struct qs_dst_rcpt *r = &d->rcpt[i];
        size_t start = b->len;
        if (qs_buf_addf(b, "rcpt=%s %s %d %lld %s %s ", qs_dst_kind_name(r->kind),
                        qs_dst_status_name(r->status), r->confirmed, (long long)r->when,
                        r->user[0] ? r->user : "-", r->addr[0] ? r->addr : "-") < 0) {
            qs_buf_truncate(b, start);
            return -1;
        }
        /* the Internet address was validated: no blanks or control bytes */
        if (qs_buf_adds(b, r->inet ? r->inet : "-") < 0 || qs_buf_addc(b, '\n') < 0) {
            qs_buf_truncate(b, start);
            return -1;
        }
    }
    return 0;
}

int qs_snads_rec_write(const struct qs_dst *d, struct qs_err *err)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, REC_MAX);
    int rc = qs_snads_rec_path(&p, d->log, d->owner_user, d->owner_addr, d->dstid, d->ext, err);
    if (rc == 0) {
        char *slash = strrchr(p.data, '/');
        *slash = '\0';
        rc = qs_mkdir_p(p.data, 0700, err);
        *slash = '/';
    }
    if (rc == 0 && serialize(&b, d) < 0)
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data, b.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

int qs_snads_rec_remove(const struct qs_dst *d, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    int rc = qs_snads_rec_path(&p, d->log, d->owner_user, d->owner_addr, d->dstid, d->ext, err);
    if (rc == 0 && unlink(p.data) < 0 && errno != ENOENT)
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        qs_fsync_dir(p.data);
    qs_buf_free(&p);
    return rc;
}

/* --- parse ------------------------------------------------------------------ */

static int setid(char *dst, size_t sz, const char *v, size_t vlen)
{
    if (vlen >= sz)
        return -1;
    memcpy(dst, v, vlen + 1);
    return 0;
}

static int setstr(char **dst, const char *v, size_t vlen)
{
    free(*dst);
    *dst = malloc(vlen + 1);
    if (!*dst)
        return -1;
    memcpy(*dst, v, vlen + 1);
    return 0;
}

static int parse_ll(const char *v, size_t vlen, long long lo, long long hi, long long *r)
{
    return qs_parse_ll(v, vlen, lo, hi, r);
}

static int parse_rcpt(struct qs_dst *d, char *v)
{
    char *f[7];
    char *p = v;
    for (size_t i = 0; i < 6; i++) {     /* six blank-ended fields, then inet */
        char *sp = strchr(p, ' ');
        if (!sp)
            return -1;
        *sp = '\0';
        f[i] = p;
        p = sp + 1;
    }
    f[6] = p;
    struct qs_dst_rcpt r;
    memset(&r, 0, sizeof r);
    long long conf, when;
    if (qs_dst_kind_parse(f[0], &r.kind) < 0 || qs_dst_status_parse(f[1], &r.status) < 0 ||
        parse_ll(f[2], strlen(f[2]), 0, 1, &conf) < 0 ||
        parse_ll(f[3], strlen(f[3]), 0, (long long)1 << 40, &when) < 0)
        return -1;
    r.confirmed = (int)conf;
    r.when = (time_t)when;
    if (strcmp(f[4], "-") && setid(r.user, sizeof r.user, f[4], strlen(f[4])) < 0)
        return -1;
    if (strcmp(f[5], "-") && setid(r.addr, sizeof r.addr, f[5], strlen(f[5])) < 0)
        return -1;
    if (strcmp(f[6], "-") && !(r.inet = strdup(f[6])))
        return -1;
    struct qs_dst_rcpt *nv = realloc(d->rcpt, (d->nrcpt + 1) * sizeof *nv);
    if (!nv) {
        free(r.inet);
        return -1;
    }
    d->rcpt = nv;
    d->rcpt[d->nrcpt++] = r;
    return 0;
}

static int rec_cb(void *arg, const char *k, const char *v, size_t vlen)
{
    struct qs_dst *d = arg;
    long long n;
    int rc = 0;
    if (!k)
        return 0;
    if (!strcmp(k, "dstid"))
        rc = vlen == QS_DSTID_LEN ? setid(d->dstid, sizeof d->dstid, v, vlen) : -1;
    else if (!strcmp(k, "ext"))
        rc = parse_ll(v, vlen, 0, 99, &n) < 0 ? -1 : (d->ext = (int)n, 0);
    else if (!strcmp(k, "log"))
        rc = parse_ll(v, vlen, 0, 2, &n) < 0 ? -1 : (d->log = (enum qs_dst_log)n, 0);
    else if (!strcmp(k, "type"))      rc = qs_dst_type_parse(v, &d->type);
    else if (!strcmp(k, "status"))    rc = qs_dst_status_parse(v, &d->status);
    else if (!strcmp(k, "fromuser"))  rc = setid(d->from_user, 9, v, vlen);
    else if (!strcmp(k, "fromaddr"))  rc = setid(d->from_addr, 9, v, vlen);
    else if (!strcmp(k, "owneruser")) rc = setid(d->owner_user, 9, v, vlen);
    else if (!strcmp(k, "owneraddr")) rc = setid(d->owner_addr, 9, v, vlen);
    else if (!strcmp(k, "kind"))      rc = qs_dst_kind_parse(v, &d->kind);
    else if (!strcmp(k, "dstd"))      rc = setstr(&d->dstd, v, vlen);
    else if (!strcmp(k, "msg"))       rc = setstr(&d->msg, v, vlen);
    else if (!strcmp(k, "longmsg"))   rc = setstr(&d->longmsg, v, vlen);
    else if (!strcmp(k, "subject"))   rc = setstr(&d->subject, v, vlen);
    else if (!strcmp(k, "docname"))   rc = setstr(&d->doc_name, v, vlen);
    else if (!strcmp(k, "frominet"))  rc = setstr(&d->from_inet, v, vlen);
    else if (!strcmp(k, "errtext"))   rc = setstr(&d->errtext, v, vlen);
    else if (!strcmp(k, "doc"))       rc = setstr(&d->doc, v, vlen) < 0 ? -1 : (d->doc_len = vlen, 0);
    else if (!strcmp(k, "cfmdel"))
        rc = parse_ll(v, vlen, 0, 1, &n) < 0 ? -1 : (d->cfmdel = (int)n, 0);
    else if (!strcmp(k, "personal"))
        rc = parse_ll(v, vlen, 0, 1, &n) < 0 ? -1 : (d->personal = (int)n, 0);
    else if (!strcmp(k, "sensitiv"))   rc = qs_dst_sens_parse(v, &d->sensitiv);
    else if (!strcmp(k, "importance")) rc = qs_dst_level_parse(v, &d->importance);
    else if (!strcmp(k, "pty"))        rc = qs_dst_level_parse(v, &d->pty);
    else if (!strcmp(k, "created"))
        rc = parse_ll(v, vlen, 0, (long long)1 << 40, &n) < 0 ? -1 : (d->created = (time_t)n, 0);
    else if (!strcmp(k, "received"))
        rc = parse_ll(v, vlen, 0, (long long)1 << 40, &n) < 0 ? -1 : (d->received = (time_t)n, 0);
    else if (!strcmp(k, "rcpt"))
        rc = parse_rcpt(d, (char *)v);
    return rc < 0 ? 1 : 0;
}

void qs_dst_free(struct qs_dst **dp)
{
    struct qs_dst *d = dp ? *dp : NULL;
    if (!d)
        return;
    free(d->dstd);
    free(d->msg);
    free(d->longmsg);
    free(d->subject);
    free(d->doc_name);
    free(d->from_inet);
    free(d->errtext);
    free(d->doc);
    for (size_t i = 0; i < d->nrcpt; i++)
        free(d->rcpt[i].inet);
    free(d->rcpt);
    free(d);
    *dp = NULL;
}

void qs_dst_list_free(struct qs_dst **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        qs_dst_free(&v[i]);
    free(v);
}

int qs_snads_rec_read(const char *path, struct qs_dst **r, struct qs_err *err)
{
    *r = NULL;
    struct qs_buf b;
    qs_buf_init(&b, REC_MAX);
    if (qs_file_read(path, REC_MAX, &b, err) < 0) {
        qs_buf_free(&b);
        return -1;
    }
    struct qs_dst *d = calloc(1, sizeof *d);
    if (!d) {
        qs_buf_free(&b);
        return qs_err_sys(err, ENOMEM);
    }
    struct qs_err perr = QS_ERR_INIT;
    int rc = b.len ? qs_kv_parse(b.data, b.len, rec_cb, d, &perr) : 1;
    qs_err_clear(&perr);
    qs_buf_free(&b);
    if (rc != 0 || !d->dstid[0]) {
        qs_dst_free(&d);
        return qs_err_set(err, "CPF9898", "Distribution record damaged", (const char *)NULL);
    }
    *r = d;
    return 0;
}

/* --- listing ---------------------------------------------------------------- */

static int cmp_dst(const void *a, const void *b)
{
    const struct qs_dst *x = *(struct qs_dst *const *)a, *y = *(struct qs_dst *const *)b;
    time_t tx = x->received ? x->received : x->created;
    time_t ty = y->received ? y->received : y->created;
    if (tx != ty)
        return tx < ty ? -1 : 1;
    int c = strcmp(x->dstid, y->dstid);
    return c ? c : x->ext - y->ext;
}

/* A file name that looks like "<20 chars>[.NN]" back to id and ext. */
static int name_to_id(const char *name, enum qs_dst_log log, char id[QS_DSTID_LEN + 1], int *ext)
{
    size_t n = strlen(name);
    if (n != QS_DSTID_LEN + (log == QS_LOG_OUT ? 0 : 3))
        return -1;
    for (size_t i = 0; i < QS_DSTID_LEN; i++)
        id[i] = name[i] == '.' ? ' ' : name[i];
    id[QS_DSTID_LEN] = '\0';
    *ext = 0;
    if (log != QS_LOG_OUT) {
        long long e;
        if (name[QS_DSTID_LEN] != '.' || qs_parse_ll(name + QS_DSTID_LEN + 1, 2, 1, 99, &e) < 0)
            return -1;
        *ext = (int)e;
    }
    return 0;
}

int qs_snads_rec_list(enum qs_dst_log log, const char *user, const char *addr,
                      struct qs_dst ***v_r, size_t *n_r, struct qs_err *err)
{
    *v_r = NULL;
    *n_r = 0;
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    if (qs_snads_path(&p, err, "%s/%s.%s", log_dir[log], user, addr) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    DIR *dir = opendir(p.data);
    if (!dir) {
        int e = errno;
        qs_buf_free(&p);
        return e == ENOENT ? 0 : qs_err_sys(err, e);
    }
    size_t base = p.len, n = 0, cap = 0;
    struct qs_dst **v = NULL;
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(dir))) {
        char id[QS_DSTID_LEN + 1];
        int ext;
        if (name_to_id(de->d_name, log, id, &ext) < 0)
            continue;   /* ".", "..", temp files */
        qs_buf_truncate(&p, base);
        if (qs_buf_addf(&p, "/%s", de->d_name) < 0) {
            rc = qs_err_sys(err, errno);
            break;
        }
        struct qs_dst *d = NULL;
        struct qs_err rerr = QS_ERR_INIT;
        if (qs_snads_rec_read(p.data, &d, &rerr) < 0) {
            if (rerr.sys_errno == ENOENT) {    /* removed meanwhile */
                qs_err_clear(&rerr);
                continue;
            }
            qs_err_clear(&rerr);
            d = calloc(1, sizeof *d);
            if (!d) {
                rc = qs_err_sys(err, ENOMEM);
                break;
            }
            memcpy(d->dstid, id, sizeof d->dstid);
            d->ext = ext;
            d->log = log;
            d->status = QS_ST_ERROR;
            d->errtext = strdup("damaged");
            qs_strlcpy(d->owner_user, user, sizeof d->owner_user);
            qs_strlcpy(d->owner_addr, addr, sizeof d->owner_addr);
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct qs_dst **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                qs_dst_free(&d);
                rc = qs_err_sys(err, ENOMEM);
                break;
            }
            v = nv;
        }
        v[n++] = d;
    }
    closedir(dir);
    qs_buf_free(&p);
    if (rc < 0) {
        qs_dst_list_free(v, n);
        return -1;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_dst);
    *v_r = v;
    *n_r = n;
    return 0;
}

int qs_snads_rec_find(enum qs_dst_log log, const char *user, const char *addr,
                      const char *dstid, int ext, struct qs_dst **r, struct qs_err *err)
{
    *r = NULL;
    int lo = ext, hi = ext;
    if (log == QS_LOG_OUT)
        lo = hi = 0;
    else if (ext == 0) {
        lo = 1;
        hi = 99;
    }
    for (int e = lo; e <= hi; e++) {
        struct qs_buf p;
        qs_buf_init(&p, QS_SNADS_PATH_MAX);
        int rc = qs_snads_rec_path(&p, log, user, addr, dstid, e, err);
        if (rc == 0 && access(p.data, F_OK) == 0) {
            rc = qs_snads_rec_read(p.data, r, err);
            qs_buf_free(&p);
            return rc;
        }
        qs_buf_free(&p);
        if (rc < 0)
            return -1;
    }
    return qs_err_set(err, "CPF90A7", dstid, (const char *)NULL);
}

/* --- sequence numbers ------------------------------------------------------- */

int qs_snads_seq_next(const char *addr, const char *user, unsigned *r, struct qs_err *err)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 64);
    int rc = qs_snads_path(&p, err, "seq");
    if (rc == 0)
        rc = qs_mkdir_p(p.data, 0700, err);
    if (rc == 0 && qs_buf_addf(&p, "/%s.%s", addr, user) < 0)
        rc = qs_err_sys(err, errno);
    long long last = 0;
    if (rc == 0 && access(p.data, F_OK) == 0) {
        rc = qs_file_read(p.data, 32, &b, err);
        while (rc == 0 && b.len && b.data[b.len - 1] == '\n')
            qs_buf_truncate(&b, b.len - 1);
        if (rc == 0 && qs_parse_ll(b.data ? b.data : "", b.len, 0, 9999, &last) < 0)
            last = 0;   /* a damaged counter restarts; ids stay unique by ext */
    }
    unsigned next = (unsigned)(last % 9999) + 1;
    if (rc == 0) {
        char num[16];
        int l = snprintf(num, sizeof num, "%u\n", next);
        rc = qs_file_write_atomic(p.data, num, (size_t)l, 0600, err);
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    if (rc == 0)
        *r = next;
    return rc;
}

/* --- confirmation back to the sender ---------------------------------------- */

int qs_snads_out_update(const struct qs_dst *in, enum qs_dst_status st, int confirm,
                        time_t now, struct qs_err *err)
{
    struct qs_dst *o = NULL;
    struct qs_err ferr = QS_ERR_INIT;
    if (qs_snads_rec_find(QS_LOG_OUT, in->from_user, in->from_addr, in->dstid, 0, &o, &ferr) < 0) {
        qs_err_clear(&ferr);   /* the sender deleted its log entry */
        return 0;
    }
    int changed = 0;
    for (size_t i = 0; i < o->nrcpt; i++) {
        struct qs_dst_rcpt *r = &o->rcpt[i];
        if (!r->inet && !strcmp(r->user, in->owner_user) && !strcmp(r->addr, in->owner_addr)) {
            r->status = st;
            r->when = now;
            if (confirm)
                r->confirmed = 1;
            changed = 1;
        }
    }
    int rc = changed ? qs_snads_rec_write(o, err) : 0;
    qs_dst_free(&o);
    return rc;
}
