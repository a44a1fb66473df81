/*
 * spool/splf.c - spooled files on disk and output queues (see splf.h).
 */
#include "spool/splf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/filemap.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"
#include "spool/render.h"

#define ATTR_MAGIC "QSHIMSPLF 1\n"
#define ATTR_MAX   (16u * 1024)

struct qs_splf {
    struct qs_splf_attr a;
    int                 fd;
    int                 listed;             /* the *OPN .attr has been written */
    struct qs_buf       tmp, final, attr;   /* host paths */
};

/* ---- names and paths ---------------------------------------------------- */

static int job_dir(struct qs_buf *out, const struct qs_splf_attr *a, struct qs_err *err)
{
    return qs_root_path(out, err, "spool/%s-%s-%s", a->jobnbr, a->user, a->job);
}

static int file_path(struct qs_buf *out, const struct qs_splf_attr *a, const char *suffix,
                     struct qs_err *err)
{
    if (qs_root_path(out, err, "spool/%s-%s-%s/%s.%06d.%s", a->jobnbr, a->user, a->job,
                     a->file, a->number, suffix) < 0)
        return -1;
    return 0;
}

static int jobnbr_ok(const char *s)
{
    if (strlen(s) != 6)
        return 0;
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int check_ids(struct qs_splf_attr *a, struct qs_err *err)
{
    if (qs_name_check(a->file, a->file, "FILE", err) < 0 ||
        qs_name_check(a->job, a->job, "JOB", err) < 0 ||
        qs_name_check(a->user, a->user, "USER", err) < 0)
        return -1;
    if (!jobnbr_ok(a->jobnbr))
        return qs_err_set(err, "CPD0078", a->jobnbr, "JOB", (const char *)NULL);
    return 0;
}

static void set_field(char *dst, size_t cap, const char *v)
{
    qs_strlcpy(dst, v ? v : "", cap);
}

/* ---- attributes --------------------------------------------------------- */

void qs_splf_attr_default(struct qs_splf_attr *a)
{
    memset(a, 0, sizeof *a);
    set_field(a->file, sizeof a->file, "QSYSPRT");
    set_field(a->outq, sizeof a->outq, "QPRINT");
    set_field(a->outqlib, sizeof a->outqlib, "QGPL");
    set_field(a->formtype, sizeof a->formtype, "*STD");
    set_field(a->status, sizeof a->status, "*OPN");
    qs_render_opts_default(&a->ro);
}

static const char *ctl_name(enum qs_ctlchar c)
{
    return c == QS_CTL_FCFC ? "*FCFC" : c == QS_CTL_SCS ? "*SCS" : "*NONE";
}

int qs_splf_attr_encode(const struct qs_splf_attr *a, struct qs_buf *out)
{
    qs_buf_adds(out, ATTR_MAGIC);
    qs_buf_addf(out, "file=%s\nnumber=%d\njob=%s\nuser=%s\njobnbr=%s\noutq=%s\noutqlib=%s\n"
                "usrdta=%s\nformtype=%s\nstatus=%s\nsave=%d\npages=%u\nsize=%zu\n",
                a->file, a->number, a->job, a->user, a->jobnbr, a->outq, a->outqlib,
                a->usrdta, a->formtype, a->status, a->save ? 1 : 0, a->pages, a->size);
    qs_buf_addf(out, "ccsid=%d\nctlchar=%s\npagelen=%u\npagewidth=%u\nlpi10=%u\ncpi10=%u\n"
                "overflow=%u\nchlval=", a->ro.ccsid, ctl_name(a->ro.ctlchar), a->ro.page_len,
                a->ro.page_width, a->ro.lpi10, a->ro.cpi10, a->ro.overflow);
    int first = 1;
    for (unsigned c = 1; c <= QS_SPOOL_CHANNELS; c++)
        if (a->ro.chlval[c]) {
            qs_buf_addf(out, "%s%u:%u", first ? "" : ",", c, a->ro.chlval[c]);
            first = 0;
        }
    if (a->opn_hold)
        qs_buf_adds(out, "\nopnhold=1");
    if (a->prtf[0])
        qs_buf_addf(out, "\nprtf=%s\nprtflib=%s", a->prtf, a->prtflib);
    if (a->devtype[0])
        qs_buf_addf(out, "\ndevtype=%s", a->devtype);
    /* user text may hold anything but a new line */
    qs_buf_addf(out, "\ncreated=%lld\nusrtext=", (long long)a->created);
    for (const char *q = a->usrtext; *q; q++)
        qs_buf_addc(out, *q == '\n' || *q == '\r' ? ' ' : *q);
    return qs_buf_addc(out, '\n');
}

static int damaged(struct qs_err *err, const char *what)
{
    return qs_err_set(err, "CPF8105", "*SPLF", what, "SPOOL", (const char *)NULL);
}

static int put_str(char *dst, size_t cap, const char *v, size_t vl)
{
    if (vl >= cap || memchr(v, '\0', vl))
        return 1;
    memcpy(dst, v, vl);
    dst[vl] = '\0';
    return 0;
}

static int num_field(const char *v, size_t n, long long lo, long long hi, long long *r)
{
    return qs_parse_ll(v, n, lo, hi, r);
}

int qs_splf_attr_decode(const char *p, size_t n, struct qs_splf_attr *a_r, struct qs_err *err)
{
    struct qs_splf_attr a;
    qs_splf_attr_default(&a);
    memset(a.ro.chlval, 0, sizeof a.ro.chlval);
    size_t ml = strlen(ATTR_MAGIC);
    if (n < ml || memcmp(p, ATTR_MAGIC, ml) != 0)
        return damaged(err, "header");
    unsigned seen = 0;
    size_t i = ml;
    while (i < n) {
        const char *line = p + i, *nl = memchr(line, '\n', n - i);
        if (!nl)
            return damaged(err, "line");
        size_t len = (size_t)(nl - line);
        i += len + 1;
        const char *eq = memchr(line, '=', len);
        if (!eq)
            return damaged(err, "line");
        size_t kl = (size_t)(eq - line), vl = len - kl - 1;
        const char *v = eq + 1;
        long long x;
#define KEY(k) (kl == sizeof(k) - 1 && memcmp(line, k, kl) == 0)
#define STR(k, f, bit) else if (KEY(k)) { bad = put_str(a.f, sizeof a.f, v, vl); seen |= bit; }
#define NUM(k, lo, hi, dst, bit) \
        else if (KEY(k)) { bad = num_field(v, vl, lo, hi, &x) < 0; dst = x; seen |= bit; }
        int bad = 0;
        x = 0;
        if (0) {
        }
        STR("file", file, 1u)
        NUM("number", 1, QS_SPLF_NUMBER_MAX, a.number, 2u)
        STR("job", job, 4u)
        STR("user", user, 8u)
        STR("jobnbr", jobnbr, 16u)
        STR("outq", outq, 32u)
        STR("outqlib", outqlib, 0u)
        STR("usrdta", usrdta, 0u)
        STR("formtype", formtype, 0u)
        STR("status", status, 64u)
        NUM("save", 0, 1, a.save, 0u)
        NUM("opnhold", 0, 1, a.opn_hold, 0u)
        STR("prtf", prtf, 0u)
        STR("prtflib", prtflib, 0u)
        STR("devtype", devtype, 0u)
        NUM("pages", 0, 1000000000, a.pages, 0u)
        NUM("size", 0, QS_SPLF_MAX_DATA, a.size, 0u)
        NUM("ccsid", 1, 65535, a.ro.ccsid, 0u)
        NUM("pagelen", 1, QS_SPOOL_MAX_PAGE_LEN, a.ro.page_len, 0u)
        NUM("pagewidth", 1, QS_SPOOL_MAX_PAGE_WIDTH, a.ro.page_width, 0u)
        NUM("lpi10", 10, 240, a.ro.lpi10, 0u)
        NUM("cpi10", 10, 300, a.ro.cpi10, 0u)
        NUM("overflow", 0, QS_SPOOL_MAX_PAGE_LEN, a.ro.overflow, 0u)
        NUM("created", 0, 1LL << 40, a.created, 0u)
        STR("usrtext", usrtext, 0u)
        else if (KEY("ctlchar")) {
            if (vl == 5 && memcmp(v, "*FCFC", 5) == 0)
                a.ro.ctlchar = QS_CTL_FCFC;
            else if (vl == 4 && memcmp(v, "*SCS", 4) == 0)
                a.ro.ctlchar = QS_CTL_SCS;
            else if (vl == 5 && memcmp(v, "*NONE", 5) == 0)
                a.ro.ctlchar = QS_CTL_NONE;
            else
                return damaged(err, "ctlchar");
        } else if (KEY("chlval")) {
            size_t k = 0;
            while (k < vl) {
                const char *c = v + k, *end = memchr(c, ',', vl - k), *colon;
                size_t el = end ? (size_t)(end - c) : vl - k;
                long long ch, ln;
                colon = memchr(c, ':', el);
                if (!colon || num_field(c, (size_t)(colon - c), 1, QS_SPOOL_CHANNELS, &ch) < 0 ||
                    num_field(colon + 1, el - (size_t)(colon - c) - 1, 1, QS_SPOOL_MAX_PAGE_LEN, &ln) < 0)
                    return damaged(err, "chlval");
                a.ro.chlval[ch] = (unsigned)ln;
                k += el + 1;
            }
        }
#undef KEY
#undef STR
#undef NUM
        if (bad)
            return damaged(err, "field");
        /* unknown keys are ignored: a newer qshim may add some */
    }
    if (seen != 127u || qs_render_opts_check(&a.ro, NULL) < 0)
        return damaged(err, a.file[0] ? a.file : "attributes");
    *a_r = a;
    return 0;
}

static int attr_store(const struct qs_splf_attr *a, struct qs_err *err)
{
    struct qs_buf path, text;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&text, ATTR_MAX);
    int rc = -1;
    if (file_path(&path, a, "attr", err) == 0) {
        if (qs_splf_attr_encode(a, &text) < 0)
            qs_err_sys(err, E2BIG);
        else
            rc = qs_file_write_atomic(path.data, text.data, text.len, 0600, err);
    }
    qs_buf_free(&path);
    qs_buf_free(&text);
    return rc;
}

static int attr_load(const char *path, struct qs_splf_attr *a_r, struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, ATTR_MAX);
    int rc = qs_file_read(path, ATTR_MAX, &b, err);
    if (rc == 0)
        rc = qs_splf_attr_decode(b.data ? b.data : "", b.len, a_r, err);
    qs_buf_free(&b);
    return rc;
}

/* ---- output queues ------------------------------------------------------ */

int qs_outq_exists(const char *lib, const char *name)
{
    return qs_obj_exists(lib, name, "*OUTQ");
}

int qs_outq_create(const char *lib, const char *name, const char *text, struct qs_err *err)
{
    char l[QS_NAME_LEN + 1], n[QS_NAME_LEN + 1];
    if (qs_name_check(lib, l, "OUTQ", err) < 0 || qs_name_check(name, n, "OUTQ", err) < 0)
        return -1;
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_objdesc d;
    qs_objdesc_init(&d, l, n, "*OUTQ", j->user);
    set_field(d.text, sizeof d.text, text);
    return qs_obj_create(&d, "", 0, err);
}

int qs_outq_default(struct qs_err *err)
{
    if (qs_outq_exists("QGPL", "QPRINT"))
        return 0;
    if (qs_obj_init_system(err) < 0)
        return -1;
    struct qs_err e2 = QS_ERR_INIT;
    int rc = qs_outq_create("QGPL", "QPRINT", "Default output queue", &e2);
    if (rc < 0 && strcmp(e2.msgid, "CPF9870") == 0)
        rc = 0;                            /* created meanwhile by another job */
    if (rc < 0)
        qs_err_move(err, &e2);
    qs_err_clear(&e2);
    return rc;
}

static int count_cb(const struct qs_splf_attr *a, void *arg)
{
    (void)a;
    (*(unsigned *)arg)++;
    return 0;
}

/* lib/name checked and upper-cased into l, n; CPF3357 when the queue is not there. */
static int outq_existing(const char *lib, const char *name, char l[QS_NAME_LEN + 1],
                         char n[QS_NAME_LEN + 1], struct qs_err *err)
{
    if (qs_name_check(lib, l, "OUTQ", err) < 0 || qs_name_check(name, n, "OUTQ", err) < 0)
        return -1;
    if (!qs_outq_exists(l, n))
        return qs_err_set(err, "CPF3357", n, l, (const char *)NULL);
    return 0;
}

int qs_outq_delete(const char *lib, const char *name, struct qs_err *err)
{
    char l[QS_NAME_LEN + 1], n[QS_NAME_LEN + 1];
    if (outq_existing(lib, name, l, n, err) < 0)
        return -1;
    struct qs_splf_filter f = { .outq = n, .outqlib = l };
    unsigned cnt = 0;
    if (qs_splf_list(&f, count_cb, &cnt, err) < 0)
        return -1;
    if (cnt)
        return qs_err_set(err, "CPF3428", n, l, (const char *)NULL);
    return qs_obj_delete(l, n, "*OUTQ", err);
}

struct clear_ctx {
    unsigned       n;
    struct qs_err *err;
    int            rc;
};

static int clear_cb(const struct qs_splf_attr *a, void *arg)
{
    struct clear_ctx *c = arg;
    if (strcmp(a->status, "*OPN") == 0)
        return 0;                          /* still being written */
    if (qs_splf_delete(a, c->err) < 0) {
        c->rc = -1;
        return 1;
    }
    c->n++;
    return 0;
}

int qs_outq_clear(const char *lib, const char *name, unsigned *n_r, struct qs_err *err)
{
    char l[QS_NAME_LEN + 1], n[QS_NAME_LEN + 1];
    if (outq_existing(lib, name, l, n, err) < 0)
        return -1;
    struct qs_splf_filter f = { .outq = n, .outqlib = l };
    struct clear_ctx c = { 0, err, 0 };
    if (qs_splf_list(&f, clear_cb, &c, err) < 0 || c.rc < 0)
        return -1;
    if (n_r)
        *n_r = c.n;
    return 0;
}

static int outq_check(struct qs_splf_attr *a, struct qs_err *err)
{
    if (qs_name_check(a->outq, a->outq, "OUTQ", err) < 0 ||
        qs_name_check(a->outqlib, a->outqlib, "OUTQ", err) < 0)
        return -1;
    if (strcmp(a->outq, "QPRINT") == 0 && strcmp(a->outqlib, "QGPL") == 0 &&
        qs_outq_default(err) < 0)
        return -1;
    if (!qs_outq_exists(a->outqlib, a->outq))
        return qs_err_set(err, "CPF3357", a->outq, a->outqlib, (const char *)NULL);
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

static int next_number(const struct qs_splf_attr *a, int *n_r, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = -1, fd = -1;
    if (job_dir(&p, a, err) < 0 || qs_mkdir_p(p.data, 0700, err) < 0 ||
        qs_buf_adds(&p, "/.seq") < 0)
        goto out;
    fd = qs_lock_path(p.data, 1, 1, err);
    if (fd < 0)
        goto out;
    char num[16] = "";
    ssize_t got = pread(fd, num, sizeof num - 1, 0);
    long long last = 0;
    if (got > 0) {
        size_t k = (size_t)got;
        while (k > 0 && (num[k - 1] == '\n' || num[k - 1] == ' '))
            k--;
        if (qs_parse_ll(num, k, 0, QS_SPLF_NUMBER_MAX, &last) < 0)
            last = 0;
    }
    if (last >= QS_SPLF_NUMBER_MAX) {
        qs_err_set(err, "CPF3344", a->file, "999999", (const char *)NULL);
        goto out;
    }
    int len = snprintf(num, sizeof num, "%lld\n", last + 1);
    if (pwrite(fd, num, (size_t)len, 0) != len || ftruncate(fd, len) < 0 || fsync(fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    *n_r = (int)(last + 1);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    qs_buf_free(&p);
    return rc;
}

int qs_splf_create(struct qs_splf_attr *a, struct qs_splf **h_r, struct qs_err *err)
{
    *h_r = NULL;
    if (!a->job[0] || !a->user[0] || !a->jobnbr[0]) {
        struct qs_job *j = qs_job_current(err);
        if (!j)
            return -1;
        set_field(a->job, sizeof a->job, j->name);
        set_field(a->user, sizeof a->user, j->user);
        set_field(a->jobnbr, sizeof a->jobnbr, j->number);
    }
    if (check_ids(a, err) < 0 || outq_check(a, err) < 0 || qs_render_opts_check(&a->ro, err) < 0)
        return -1;
    struct qs_splf *h = calloc(1, sizeof *h);
    if (!h)
        return qs_err_sys(err, ENOMEM);
    h->fd = -1;
    qs_buf_init(&h->tmp, QS_MAX_PATH);
    qs_buf_init(&h->final, QS_MAX_PATH);
    qs_buf_init(&h->attr, QS_MAX_PATH);
    if (next_number(a, &a->number, err) < 0)
        goto fail;
    a->created = time(NULL);
    a->size = 0;
    a->pages = 0;
    set_field(a->status, sizeof a->status, "*OPN");
    h->a = *a;
    if (file_path(&h->tmp, a, "data.tmp", err) < 0 || file_path(&h->final, a, "data", err) < 0 ||
        file_path(&h->attr, a, "attr", err) < 0)
        goto fail;
    h->fd = open(h->tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (h->fd < 0) {
        qs_err_sys(err, errno);
        goto fail;
    }
    /* The writer holds this lock until the file is closed: a lister that
     * can take it knows the writer is gone (recover_open). */
    if (qs_lock_fd(h->fd, 1, 1) < 0) {
        qs_err_sys(err, errno);
        goto fail;
    }
    /* From here the file is listed, as *OPN, until it is closed. */
    if (attr_store(&h->a, err) < 0)
        goto fail;
    h->listed = 1;
    *h_r = h;
    return 0;
fail:
    qs_splf_abort(&h);
    return -1;
}

const struct qs_splf_attr *qs_splf_handle_attr(const struct qs_splf *h)
{
    return &h->a;
}

int qs_splf_write(struct qs_splf *h, const void *p, size_t n, struct qs_err *err)
{
    if (n > QS_SPLF_MAX_DATA - h->a.size)
        return qs_err_sys(err, EFBIG);
    if (qs_write_all(h->fd, p, n) < 0)
        return qs_err_sys(err, errno);
    h->a.size += n;
    return 0;
}

void qs_splf_abort(struct qs_splf **hp)
{
    struct qs_splf *h = *hp;
    if (!h)
        return;
    /* attributes first, then the data, then the lock: a lister never finds
     * an unlocked *OPN file it could take for a crashed writer's */
    if (h->listed) {
        unlink(h->attr.data);
        qs_fsync_dir(h->attr.data);
    }
    if (h->fd >= 0) {
        unlink(h->tmp.data);
        close(h->fd);
    }
    qs_buf_free(&h->tmp);
    qs_buf_free(&h->final);
    qs_buf_free(&h->attr);
    free(h);
    *hp = NULL;
}

static int count_page(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    (void)pg;
    (void)err;
    (*(unsigned *)ctx)++;
    return 0;
}

static int render_file(const struct qs_splf_attr *a, const char *path, qs_page_emit_fn *emit,
                       void *ctx, struct qs_buf *diags, struct qs_err *err)
{
    const unsigned char *p;
    size_t n;
    if (qs_file_map(path, 0, 0, &p, &n, err) < 0)
        return -1;
    struct qs_render r;
    int rc = qs_render_init(&r, &a->ro, emit, ctx, err);
    if (rc == 0) {
        rc = qs_render_data(&r, p ? p : (const unsigned char *)"", n);
        if (diags && r.diags.len)
            qs_buf_add(diags, r.diags.data, r.diags.len);
        qs_render_free(&r);
    }
    qs_file_unmap(p, n);
    return rc;
}

int qs_splf_close(struct qs_splf **hp, int hold, struct qs_err *err)
{
    struct qs_splf *h = *hp;
    int rc = -1;
    if (!h)
        return 0;
    /* Attributes changed while the file was open (CHGSPLFA, HLDSPLF) are
     * kept; a file deleted while open is dropped with its data. */
    struct qs_splf_attr now;
    struct qs_err e2 = QS_ERR_INIT;
    if (h->listed && attr_load(h->attr.data, &now, &e2) < 0) {
        qs_err_clear(&e2);
        h->listed = 0;
        qs_splf_abort(hp);
        return 0;
    }
    if (h->listed) {
        memcpy(h->a.outq, now.outq, sizeof h->a.outq);
        memcpy(h->a.outqlib, now.outqlib, sizeof h->a.outqlib);
        memcpy(h->a.usrdta, now.usrdta, sizeof h->a.usrdta);
        memcpy(h->a.formtype, now.formtype, sizeof h->a.formtype);
        h->a.save = now.save;
        if (now.opn_hold)
            hold = 1;
        h->a.opn_hold = 0;
    }
    /* The data is renamed and the attributes stored while the lock is
     * held (the fd stays open until the end). */
    int renamed = 0;
    if (fsync(h->fd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    if (rename(h->tmp.data, h->final.data) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    renamed = 1;
    unsigned pages = 0;
    if (render_file(&h->a, h->final.data, count_page, &pages, NULL, err) < 0)
        goto out;
    h->a.pages = pages;
    set_field(h->a.status, sizeof h->a.status, hold ? "*HLD" : "*RDY");
    rc = attr_store(&h->a, err);          /* *OPN becomes *RDY or *HLD here */
    if (rc == 0)
        h->listed = 0;
out:
    if (rc < 0 && renamed)
        unlink(h->final.data);
    qs_splf_abort(hp);
    return rc;
}

/* ---- a crashed writer's file ------------------------------------------- */

/* An *OPN file whose writer is gone (its lock on the data can be taken:
 * the process ended without closing, e.g. kill -9) is closed on its
 * behalf, as IBM i closes the open spooled files of a job that ends: the
 * data written so far is kept, the file becomes *RDY (or *HLD).  *a is
 * updated when that happened.  Any failure leaves the file as it was. */
static void recover_open(struct qs_splf_attr *a, const char *attr_path)
{
    struct qs_buf tmp, fin;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&tmp, QS_MAX_PATH);
    qs_buf_init(&fin, QS_MAX_PATH);
    int fd = -1;
    if (file_path(&tmp, a, "data.tmp", &e) < 0 || file_path(&fin, a, "data", &e) < 0)
        goto out;
    fd = open(tmp.data, O_RDWR | O_CLOEXEC);
    if (fd < 0 || qs_lock_fd(fd, 1, 0) < 0)       /* gone, or its writer lives */
        goto out;
    struct qs_splf_attr now;
    if (attr_load(attr_path, &now, &e) < 0 || strcmp(now.status, "*OPN") != 0)
        goto out;                                 /* finished meanwhile */
    struct stat st;
    if (fsync(fd) < 0 || fstat(fd, &st) < 0 || rename(tmp.data, fin.data) < 0)
        goto out;
    unsigned pages = 0;
    if (render_file(&now, fin.data, count_page, &pages, NULL, &e) < 0) {
        rename(fin.data, tmp.data);
        goto out;
    }
    now.pages = pages;
    now.size = (size_t)st.st_size;
    set_field(now.status, sizeof now.status, now.opn_hold ? "*HLD" : "*RDY");
    now.opn_hold = 0;
    if (attr_store(&now, &e) < 0) {
        rename(fin.data, tmp.data);
        goto out;
    }
    *a = now;
out:
    if (fd >= 0)
        close(fd);
    qs_err_clear(&e);
    qs_buf_free(&tmp);
    qs_buf_free(&fin);
}

/* ---- finding ------------------------------------------------------------ */

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sorted names in dir (not starting with '.'); caller frees each and the array. */
static char **dir_names(const char *dir, size_t *n_r)
{
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t n = 0, cap = 0;
    *n_r = 0;
    if (!d)
        return NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 32;
            char **q = realloc(v, c * sizeof *q);
            if (!q)
                break;
            v = q;
            cap = c;
        }
        if (!(v[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    *n_r = n;
    return v;
}

static void names_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int match(const char *want, const char *have)
{
    return !want || !*want || strcmp(want, "*ALL") == 0 || qs_strcaseeq(want, have);
}

int qs_splf_list(const struct qs_splf_filter *f,
                 int (*fn)(const struct qs_splf_attr *a, void *arg), void *arg,
                 struct qs_err *err)
{
    struct qs_buf base, p;
    qs_buf_init(&base, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_root_path(&base, err, "spool") < 0) {
        qs_buf_free(&base);
        return -1;
    }
    size_t nj;
    char **jobs = dir_names(base.data, &nj);
    int stop = 0;
    for (size_t i = 0; i < nj && !stop; i++) {
        /* <jobnbr>-<user>-<job> */
        char *d1 = strchr(jobs[i], '-'), *d2 = d1 ? strchr(d1 + 1, '-') : NULL;
        if (!d2)
            continue;
        size_t nf;
        qs_buf_reset(&p);
        qs_buf_addf(&p, "%s/%s", base.data, jobs[i]);
        char **files = dir_names(p.data, &nf);
        for (size_t k = 0; k < nf && !stop; k++) {
            size_t l = strlen(files[k]);
            if (l < 5 || strcmp(files[k] + l - 5, ".attr") != 0)
                continue;
            qs_buf_reset(&p);
            qs_buf_addf(&p, "%s/%s/%s", base.data, jobs[i], files[k]);
            struct qs_splf_attr a;
            struct qs_err e2 = QS_ERR_INIT;
            int bad = attr_load(p.data, &a, &e2) < 0;
            qs_err_clear(&e2);
            if (bad)
                continue;
            if (strcmp(a.status, "*OPN") == 0)
                recover_open(&a, p.data);
            if (f && (!match(f->user, a.user) || !match(f->outq, a.outq) ||
                      !match(f->outqlib, a.outqlib) || !match(f->status, a.status) ||
                      !match(f->job, a.job) || !match(f->jobnbr, a.jobnbr) ||
                      !match(f->file, a.file)))
                continue;
            stop = fn(&a, arg) != 0;
        }
        names_free(files, nf);
    }
    names_free(jobs, nj);
    qs_buf_free(&base);
    qs_buf_free(&p);
    return 0;
}

struct get_ctx {
    int                 number;
    unsigned            found;
    struct qs_splf_attr best;
    char                jobkey[40];
    int                 many_jobs;
};

static int get_cb(const struct qs_splf_attr *a, void *arg)
{
    struct get_ctx *g = arg;
    char key[40];
    snprintf(key, sizeof key, "%s/%s/%s", a->jobnbr, a->user, a->job);
    if (g->found && strcmp(key, g->jobkey) != 0) {
        g->many_jobs = 1;
        return 1;
    }
    qs_strlcpy(g->jobkey, key, sizeof g->jobkey);
    if (g->number > 0 && a->number != g->number)
        return 0;
    if (!g->found || a->number > g->best.number)
        g->best = *a;
    g->found++;
    return 0;
}

int qs_splf_get(const char *job, const char *user, const char *jobnbr, const char *file,
                int number, struct qs_splf_attr *a_r, struct qs_err *err)
{
    int cur = (!job || !*job || strcmp(job, "*") == 0);
    char fname[QS_NAME_LEN + 1];
    if (qs_name_check(file, fname, "FILE", err) < 0)
        return -1;
    struct qs_splf_filter f = { .file = fname };
    if (cur) {
        struct qs_job *j = qs_job_current(err);
        if (!j)
            return -1;
        f.job = j->name;
        f.user = j->user;
        f.jobnbr = j->number;
    } else {
        f.job = job;
        f.user = user && *user ? user : NULL;
        f.jobnbr = jobnbr && *jobnbr ? jobnbr : NULL;
    }
    struct get_ctx g;
    memset(&g, 0, sizeof g);
    g.number = number;
    if (qs_splf_list(&f, get_cb, &g, err) < 0)
        return -1;
    const char *jn = f.jobnbr ? f.jobnbr : "", *us = f.user ? f.user : "";
    if (g.many_jobs)
        return qs_err_set(err, "CPF3343", f.job, (const char *)NULL);
    if (!g.found)
        return qs_err_set(err, "CPF3303", fname, jn, us, f.job, (const char *)NULL);
    if (number == QS_SPLF_ONLY && g.found > 1)
        return qs_err_set(err, "CPF3340", fname, g.best.jobnbr, g.best.user, g.best.job,
                          (const char *)NULL);
    *a_r = g.best;
    return 0;
}

/* An open file is read as far as it has been written. */
static const char *data_suffix(const struct qs_splf_attr *a)
{
    return strcmp(a->status, "*OPN") == 0 ? "data.tmp" : "data";
}

int qs_splf_read(const struct qs_splf_attr *a, struct qs_buf *out, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = file_path(&p, a, data_suffix(a), err);
    if (rc == 0)
        rc = qs_file_read(p.data, QS_SPLF_MAX_DATA, out, err);
    qs_buf_free(&p);
    return rc;
}

int qs_splf_render(const struct qs_splf_attr *a, qs_page_emit_fn *emit, void *ctx,
                   struct qs_buf *diags, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = file_path(&p, a, data_suffix(a), err);
    if (rc == 0)
        rc = render_file(a, p.data, emit, ctx, diags, err);
    qs_buf_free(&p);
    return rc;
}

int qs_splf_delete(const struct qs_splf_attr *a, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = file_path(&p, a, "attr", err);
    if (rc == 0 && unlink(p.data) < 0) {
        rc = errno == ENOENT
             ? qs_err_set(err, "CPF3344", a->file, "", (const char *)NULL)
             : qs_err_sys(err, errno);
    }
    if (rc == 0) {
        /* an open file's writer drops its data at close (or never comes back) */
        qs_buf_reset(&p);
        if (file_path(&p, a, data_suffix(a), err) == 0) {
            unlink(p.data);
            qs_fsync_dir(p.data);
        }
    }
    qs_buf_free(&p);
    return rc;
}

int qs_splf_change(const struct qs_splf_attr *a, struct qs_err *err)
{
    struct qs_splf_attr cur, nw = *a;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = file_path(&p, a, "attr", err);
    if (rc == 0 && attr_load(p.data, &cur, err) < 0)
        rc = -1;
    qs_buf_free(&p);
    if (rc < 0)
        return -1;
    /* an open file stays *OPN; HLDSPLF/RLSSPLF take effect at its close */
    if (strcmp(cur.status, "*OPN") == 0 && strcmp(nw.status, "*OPN") != 0) {
        nw.opn_hold = strcmp(nw.status, "*HLD") == 0;
        set_field(nw.status, sizeof nw.status, "*OPN");
    }
    if ((strcmp(cur.outq, nw.outq) != 0 || strcmp(cur.outqlib, nw.outqlib) != 0) &&
        outq_check(&nw, err) < 0)
        return -1;
    if (strcmp(nw.status, "*RDY") != 0 && strcmp(nw.status, "*HLD") != 0 &&
        strcmp(nw.status, "*SAV") != 0 && strcmp(nw.status, "*OPN") != 0)
        return qs_err_set(err, "CPD0084", "0", "STATUS", nw.status, (const char *)NULL);
    if (qs_render_opts_check(&nw.ro, err) < 0)
        return -1;
    return attr_store(&nw, err);
}

int qs_splf_number_parse(const char *s)
{
    long long v;
    if (qs_strcaseeq(s, "*ONLY"))
        return QS_SPLF_ONLY;
    if (qs_strcaseeq(s, "*LAST") || qs_strcaseeq(s, "*ANY"))
        return QS_SPLF_LAST;
    if (qs_parse_ll(s, strlen(s), 1, QS_SPLF_NUMBER_MAX, &v) < 0)
        return -2;
    return (int)v;
}
