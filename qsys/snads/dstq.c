/*
 * qsys/snads/dstq.c - distribution queues: HLDDSTQ, RLSDSTQ, SNDDSTQ, WRKDSTQ.
 *
 * A queue is a directory with a `state` file (held flags per priority) and
 * one item file per waiting note under N/ (normal) or H/ (high).  An item is
 * a key=value record: the distribution id, its sender, the envelope sender,
 * the Internet recipients and the MIME note.  Everything is on disk before
 * the call returns, so a held queue and its notes survive kill -9.
 *
 * QSMTPQ is built in; ADDDSTQ adds queues (dstq/<Q>/def: type *SNADS,
 * *SVDS or *RPDS, remote location, text), RMVDSTQ removes an empty one.
 * Nothing routes distributions to them yet (qshim has no SNADS next system),
 * but they can be held, released, sent and listed like QSMTPQ.
 *
 * Sending hands an item to the Mail Server Framework and then removes it;
 * a crash between the two can send that note twice (never lose it).
 */
#include "qsys/snads/store.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/kvrec.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ITEM_MAX (QS_SNADS_MAX_DOC * 3)

/* QSMTPQ is built in; other queues are made by ADDDSTQ: dstq/<Q>/def. */
static int def_exists(const char *q)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    int ok = qs_snads_path(&p, NULL, "dstq/%s/def", q) == 0 && access(p.data, F_OK) == 0;
    qs_buf_free(&p);
    return ok;
}

/* Upper-case and check a queue name (1-10 of A-Z 0-9 $ # @ _) into out;
 * with must_exist, CPF8802 unless it is QSMTPQ or an ADDDSTQ queue. */
static int queue_name2(const char *in, char out[11], int must_exist, struct qs_err *err)
{
    char n[11];
    size_t l = qs_fixed_len(in, strlen(in));
    if (l == 0 || l > 10)
        goto unknown;
    memcpy(n, in, l);
    n[l] = '\0';
    qs_str_upper(n);
    for (size_t i = 0; i < l; i++)
        if (!((n[i] >= 'A' && n[i] <= 'Z') || (n[i] >= '0' && n[i] <= '9') || strchr("$#@_", n[i])))
            goto unknown;
    if (!must_exist || !strcmp(n, QS_DSTQ_SMTP) || def_exists(n)) {
        memcpy(out, n, l + 1);
        return 0;
    }
unknown:;
    char shown[24];
    qs_sanitize(shown, sizeof shown, in, strlen(in));
    return qs_err_set(err, "CPF8802", shown, (const char *)NULL);
}

static int queue_name(const char *in, char out[11], struct qs_err *err)
{
    return queue_name2(in, out, 1, err);
}

struct qdef { char type[8]; char rmtloc[9]; char text[51]; };

static int def_cb(void *arg, const char *k, const char *v, size_t vlen)
{
    struct qdef *d = arg;
    (void)vlen;
    if (k && !strcmp(k, "type"))
        qs_strlcpy(d->type, v, sizeof d->type);
    else if (k && !strcmp(k, "rmtlocname"))
        qs_strlcpy(d->rmtloc, v, sizeof d->rmtloc);
    else if (k && !strcmp(k, "text"))
        qs_strlcpy(d->text, v, sizeof d->text);
    return 0;
}

static void def_get(const char *q, struct qdef *d)
{
    memset(d, 0, sizeof *d);
    qs_strlcpy(d->type, "*SNADS", sizeof d->type);
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 1024);
    if (qs_snads_path(&p, NULL, "dstq/%s/def", q) == 0 && access(p.data, F_OK) == 0 &&
        qs_file_read(p.data, 1024, &b, NULL) == 0 && b.len)
        qs_kv_parse(b.data, b.len, def_cb, d, NULL);
    qs_buf_free(&p);
    qs_buf_free(&b);
}

static char pdir(enum qs_dst_level pty)
{
    return pty == QS_LVL_HIGH ? 'H' : 'N';
}

struct qstate { int held_n, held_h; };

static int st_cb(void *arg, const char *k, const char *v, size_t vlen)
{
    struct qstate *s = arg;
    if (k && !strcmp(k, "heldnormal"))
        s->held_n = !strcmp(v, "1");
    else if (k && !strcmp(k, "heldhigh"))
        s->held_h = !strcmp(v, "1");
    return 0;
}

static int state_get(const char *q, struct qstate *s, struct qs_err *err)
{
    memset(s, 0, sizeof *s);
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 1024);
    int rc = qs_snads_path(&p, err, "dstq/%s/state", q);
    if (rc == 0 && access(p.data, F_OK) == 0) {
        rc = qs_file_read(p.data, 1024, &b, err);
        if (rc == 0 && b.len && qs_kv_parse(b.data, b.len, st_cb, s, err) < 0)
            rc = -1;
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

static int state_put(const char *q, const struct qstate *s, struct qs_err *err)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 1024);
    int rc = qs_snads_path(&p, err, "dstq/%s", q);
    if (rc == 0)
        rc = qs_mkdir_p(p.data, 0700, err);
    if (rc == 0 && (qs_buf_adds(&p, "/state") < 0 || qs_kv_addll(&b, "heldnormal", s->held_n) < 0 ||
                    qs_kv_addll(&b, "heldhigh", s->held_h) < 0))
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data, b.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

int qs_snads_dstq_put(struct qs_snads_ctx *ctx, const char *q, const struct qs_dst *d,
                      const char *from, const char *const *rcpts, size_t n,
                      const char *data, size_t len, struct qs_err *err)
{
    char idf[QS_DSTID_LEN + 1];
    qs_snads_idfile(idf, d->dstid);
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, ITEM_MAX);
    int rc = qs_snads_path(&p, err, "dstq/%s/%c", q, pdir(d->pty));
    if (rc == 0)
        rc = qs_mkdir_p(p.data, 0700, err);
    size_t base = p.len;
    /* item names sort in arrival order: creation time, then id */
    int k = 0;
    do {
        qs_buf_truncate(&p, base);
        if (qs_buf_addf(&p, "/%012lld.%s.%02d", (long long)d->created, idf, k) < 0)
            rc = qs_err_sys(err, errno);
    } while (rc == 0 && access(p.data, F_OK) == 0 && ++k < 100);
    if (rc == 0 && k >= 100)
        rc = qs_err_sys(err, EEXIST);
    if (rc == 0 && (qs_kv_adds(&b, "dstid", d->dstid) < 0 ||
                    qs_kv_adds(&b, "owneruser", d->owner_user) < 0 ||
                    qs_kv_adds(&b, "owneraddr", d->owner_addr) < 0 ||
                    qs_kv_adds(&b, "from", from) < 0))
        rc = qs_err_sys(err, errno);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (qs_kv_adds(&b, "rcpt", rcpts[i]) < 0)
            rc = qs_err_sys(err, errno);
    if (rc == 0 && qs_kv_add(&b, "data", data, len) < 0)
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data, b.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    if (rc == 0) {
        /* like a queue with send depth 1: go now unless held or no MSF */
        struct qs_err ferr = QS_ERR_INIT;
        size_t sent;
        qs_snads_dstq_flush(ctx, q, d->pty, 0, &sent, &ferr);
        qs_err_clear(&ferr);
    }
    return rc;
}

struct item {
    char dstid[QS_DSTID_LEN + 1];
    char user[9], addr[9];
    char *from, *data;
    size_t dlen;
    const char **rcpt;
    size_t nrcpt;
    int bad;
};

static int item_cb(void *arg, const char *k, const char *v, size_t vlen)
{
    struct item *it = arg;
    if (!k)
        return 0;
    if (!strcmp(k, "dstid"))
        it->bad |= qs_strlcpy(it->dstid, v, sizeof it->dstid) != QS_DSTID_LEN;
    else if (!strcmp(k, "owneruser"))
        it->bad |= qs_strlcpy(it->user, v, sizeof it->user) >= sizeof it->user;
    else if (!strcmp(k, "owneraddr"))
        it->bad |= qs_strlcpy(it->addr, v, sizeof it->addr) >= sizeof it->addr;
    else if (!strcmp(k, "from"))
        it->from = (char *)v;
    else if (!strcmp(k, "data")) {
        it->data = (char *)v;
        it->dlen = vlen;
    } else if (!strcmp(k, "rcpt")) {
        const char **nv = realloc(it->rcpt, (it->nrcpt + 1) * sizeof *nv);
        if (!nv)
            return 1;
        it->rcpt = nv;
        it->rcpt[it->nrcpt++] = v;
    }
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted item names of one queue directory; *v_r freed by the caller. */
static int item_names(const char *dir, char ***v_r, size_t *n_r, struct qs_err *err)
{
    *v_r = NULL;
    *n_r = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : qs_err_sys(err, errno);
    char **v = NULL;
    size_t n = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp."))
            continue;
        char **nv = realloc(v, (n + 1) * sizeof *nv);
        if (!nv || !(nv[n] = strdup(de->d_name))) {
            if (nv)
                v = nv;
            rc = qs_err_sys(err, ENOMEM);
            break;
        }
        v = nv;
        n++;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmp_name);
    *v_r = v;
    *n_r = n;
    return rc;
}

static void names_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void mark_remote(const struct item *it, time_t now)
{
    struct qs_dst *o = NULL;
    if (qs_snads_rec_find(QS_LOG_OUT, it->user, it->addr, it->dstid, 0, &o, NULL) < 0)
        return;
    for (size_t i = 0; i < o->nrcpt; i++)
        for (size_t j = 0; j < it->nrcpt; j++)
            if (o->rcpt[i].inet && !strcmp(o->rcpt[i].inet, it->rcpt[j]) &&
                o->rcpt[i].status == QS_ST_QUEUED) {
                o->rcpt[i].status = QS_ST_REMOTE;
                o->rcpt[i].when = now;
            }
    qs_snads_rec_write(o, NULL);
    qs_dst_free(&o);
}

int qs_snads_dstq_flush(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                        int force, size_t *sent_r, struct qs_err *err)
{
    *sent_r = 0;
    struct qstate st;
    if (state_get(q, &st, err) < 0)
        return -1;
    int held = pty == QS_LVL_HIGH ? st.held_h : st.held_n;
    if (held)
        return force ? qs_err_set(err, "CPF8816", q, (const char *)NULL) : 0;
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    if (qs_snads_path(&p, err, "dstq/%s/%c", q, pdir(pty)) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    char **names;
    size_t n;
    int rc = item_names(p.data, &names, &n, err);
    if (rc == 0 && n && !ctx->msf.enqueue)
        rc = force ? qs_err_set(err, "CPF8812", q, (const char *)NULL) : 0;
    size_t base = p.len;
    int jon = -1;
    for (size_t i = 0; rc == 0 && ctx->msf.enqueue && i < n; i++) {
        if (strstr(names[i], ".damaged"))
            continue;
        qs_buf_truncate(&p, base);
        struct qs_buf b;
        qs_buf_init(&b, ITEM_MAX);
        struct item it;
        memset(&it, 0, sizeof it);
        if (qs_buf_addf(&p, "/%s", names[i]) < 0)
            rc = qs_err_sys(err, errno);
        if (rc == 0)
            rc = qs_file_read(p.data, ITEM_MAX, &b, err);
        if (rc == 0 && (!b.len || qs_kv_parse(b.data, b.len, item_cb, &it, err) != 0 ||
                        it.bad || !it.from || !it.data || !it.nrcpt)) {
            /* a damaged item is set aside, never retried forever or lost */
            struct qs_buf bad;
            qs_buf_init(&bad, QS_SNADS_PATH_MAX);
            if (qs_buf_addf(&bad, "%s.damaged", p.data) == 0)
                rename(p.data, bad.data);
            qs_buf_free(&bad);
            qs_err_clear(err);
            free(it.rcpt);
            qs_buf_free(&b);
            continue;
        }
        if (rc == 0)
            rc = ctx->msf.enqueue(ctx->msf.arg, it.from, it.rcpt, it.nrcpt, it.data, it.dlen, err);
        if (rc == 0) {
            if (unlink(p.data) < 0)
                rc = qs_err_sys(err, errno);
            qs_fsync_dir(p.data);
            mark_remote(&it, qs_snads_now(ctx));
            if (jon < 0)
                jon = qs_snads_jrn_on();
            struct qs_dst jd;
            memset(&jd, 0, sizeof jd);
            memcpy(jd.dstid, it.dstid, sizeof jd.dstid);
            memcpy(jd.from_user, it.user, sizeof jd.from_user);
            memcpy(jd.from_addr, it.addr, sizeof jd.from_addr);
            for (size_t k = 0; k < it.nrcpt; k++)
                qs_snads_jrn(jon, "H7", &jd, NULL, NULL, it.rcpt[k], q);
            (*sent_r)++;
        }
        free(it.rcpt);
        qs_buf_free(&b);
    }
    names_free(names, n);
    qs_buf_free(&p);
    return rc;
}

/* IBM: *HIGH is not valid for a *SVDS queue. */
static int svds_high(const char *q, enum qs_dst_level pty, struct qs_err *err)
{
    struct qdef d;
    if (pty != QS_LVL_HIGH || strcmp(q, QS_DSTQ_SMTP) == 0)
        return 0;
    def_get(q, &d);
    return strcmp(d.type, "*SVDS") ? 0 : qs_err_set(err, "CPF9083", "PTY", "*HIGH", (const char *)NULL);
}

static int set_held(struct qs_snads_ctx *ctx, const char *qin, enum qs_dst_level pty,
                    int held, struct qs_err *err)
{
    char q[11];
    if (queue_name(qin, q, err) < 0)
        return -1;
    if (pty != QS_LVL_NORMAL && pty != QS_LVL_HIGH)
        return qs_err_set(err, "CPF9083", "PTY", qs_dst_level_name(pty), (const char *)NULL);
    if (svds_high(q, pty, err) < 0)
        return -1;
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    struct qstate st;
    int rc = state_get(q, &st, err);
    if (rc == 0) {
        if (pty == QS_LVL_HIGH)
            st.held_h = held;
        else
            st.held_n = held;
        rc = state_put(q, &st, err);
    }
    if (rc == 0 && !held) {
        struct qs_err ferr = QS_ERR_INIT;
        size_t sent;
        qs_snads_dstq_flush(ctx, q, pty, 0, &sent, &ferr);   /* best effort */
        qs_err_clear(&ferr);
    }
    close(fd);
    return rc;
}

int qs_dstq_hold(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                 struct qs_err *err)
{
    return set_held(ctx, q, pty, 1, err);
}

int qs_dstq_release(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                    struct qs_err *err)
{
    return set_held(ctx, q, pty, 0, err);
}

int qs_dstq_send(struct qs_snads_ctx *ctx, const char *qin, enum qs_dst_level pty,
                 size_t *sent_r, struct qs_err *err)
{
    char q[11];
    *sent_r = 0;
    if (queue_name(qin, q, err) < 0 || svds_high(q, pty, err) < 0)
        return -1;
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    int rc = qs_snads_dstq_flush(ctx, q, pty, 1, sent_r, err);
    close(fd);
    return rc;
}

static int cmp_q(const void *a, const void *b)
{
    const struct qs_dstq_info *x = a, *y = b;
    int sx = !strcmp(x->name, QS_DSTQ_SMTP), sy = !strcmp(y->name, QS_DSTQ_SMTP);
    return sx != sy ? sy - sx : strcmp(x->name, y->name);    /* QSMTPQ first */
}

int qs_dstq_list(struct qs_dstq_info **v_r, size_t *n_r, struct qs_err *err)
{
    *v_r = NULL;
    *n_r = 0;
    struct qs_dstq_info *v = calloc(1, sizeof *v);
    size_t nq = 1;
    if (!v)
        return qs_err_sys(err, ENOMEM);
    qs_strlcpy(v[0].name, QS_DSTQ_SMTP, sizeof v[0].name);
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    DIR *dir = qs_snads_path(&p, err, "dstq") == 0 ? opendir(p.data) : NULL;
    struct dirent *de;
    while (dir && (de = readdir(dir))) {
        char q[11];
        if (de->d_name[0] == '.' || queue_name2(de->d_name, q, 0, NULL) < 0 ||
            strcmp(q, de->d_name) || !strcmp(q, QS_DSTQ_SMTP) || !def_exists(q))
            continue;
        struct qs_dstq_info *nv = realloc(v, (nq + 1) * sizeof *v);
        if (!nv) {
            closedir(dir);
            free(v);
            qs_buf_free(&p);
            return qs_err_sys(err, ENOMEM);
        }
        v = nv;
        memset(&v[nq], 0, sizeof v[nq]);
        qs_strlcpy(v[nq++].name, q, sizeof v[0].name);
    }
    if (dir)
        closedir(dir);
    qs_buf_free(&p);
    for (size_t i = 0; i < nq; i++) {
        struct qstate st;
        struct qdef d;
        if (state_get(v[i].name, &st, err) < 0) {
            free(v);
            return -1;
        }
        def_get(v[i].name, &d);
        qs_strlcpy(v[i].type, d.type, sizeof v[i].type);
        qs_strlcpy(v[i].rmtloc, d.rmtloc, sizeof v[i].rmtloc);
        v[i].held_normal = st.held_n;
        v[i].held_high = st.held_h;
        for (int h = 0; h < 2; h++) {
            struct qs_buf ip;
            qs_buf_init(&ip, QS_SNADS_PATH_MAX);
            char **names = NULL;
            size_t n = 0;
            if (qs_snads_path(&ip, err, "dstq/%s/%c", v[i].name, h ? 'H' : 'N') == 0 &&
                item_names(ip.data, &names, &n, err) == 0) {
                for (size_t k = 0; k < n; k++)
                    if (!strstr(names[k], ".damaged"))
                        *(h ? &v[i].n_high : &v[i].n_normal) += 1;
            }
            names_free(names, n);
            qs_buf_free(&ip);
        }
    }
    qsort(v, nq, sizeof *v, cmp_q);
    *v_r = v;
    *n_r = nq;
    return 0;
}

int qs_dstq_add(const char *qin, const char *type, const char *rmtloc, const char *text,
                struct qs_err *err)
{
    char q[11];
    if (queue_name2(qin, q, 0, err) < 0)
        return -1;
    if (strcmp(type, "*SNADS") && strcmp(type, "*SVDS") && strcmp(type, "*RPDS"))
        return qs_err_set(err, "CPF9083", "DSTQTYPE", type, (const char *)NULL);
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    int rc = 0;
    if (!strcmp(q, QS_DSTQ_SMTP) || def_exists(q))
        rc = qs_err_set(err, "CPF90AD", q, (const char *)NULL);
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 1024);
    if (rc == 0)
        rc = qs_snads_path(&p, err, "dstq/%s", q);
    if (rc == 0)
        rc = qs_mkdir_p(p.data, 0700, err);
    if (rc == 0 && (qs_buf_adds(&p, "/def") < 0 || qs_kv_adds(&b, "type", type) < 0 ||
                    qs_kv_adds(&b, "rmtlocname", rmtloc ? rmtloc : "") < 0 ||
                    qs_kv_adds(&b, "text", text ? text : "") < 0))
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data, b.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    close(fd);
    return rc;
}

int qs_dstq_remove(const char *qin, struct qs_err *err)
{
    char q[11];
    if (queue_name(qin, q, err) < 0)
        return -1;
    if (!strcmp(q, QS_DSTQ_SMTP))
        return qs_err_set(err, "CPF90AE", q, (const char *)NULL);
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    struct qs_dstq_info *v;
    size_t n;
    int rc = qs_dstq_list(&v, &n, err);
    if (rc == 0) {
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (!strcmp(v[i].name, q) && (v[i].n_normal || v[i].n_high))
                rc = qs_err_set(err, "CPF90AE", q, (const char *)NULL);
        free(v);
    }
    struct qs_buf p;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    if (rc == 0)
        rc = qs_snads_path(&p, err, "dstq/%s/def", q);
    /* the definition goes first: a crash after it leaves only an empty,
     * unlisted directory behind */
    if (rc == 0 && unlink(p.data) < 0)
        rc = qs_err_sys(err, errno);
    if (rc == 0) {
        qs_fsync_dir(p.data);
        qs_buf_truncate(&p, p.len - 4);
        qs_rm_rf(p.data);
    }
    qs_buf_free(&p);
    close(fd);
    return rc;
}
