/* qsys/msf/msf_qrn.c - the filter quarantine (see qrn.h). */
#include "qsys/msf/qrn.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/mime/mime_walk.h"
#include "qsys/jrn/jrn.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/root.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define HDR_PEEK (64u * 1024)   /* bytes read for the listing's Subject */

/* Tests only: end the process right after release step n (1-3). */
static int crash_after;

void qs_qrn_test_crash_after(int step)
{
    crash_after = step;
}

#define STEP_DONE(n) do { if (crash_after == (n)) _exit(0); } while (0)

static int qrn_path(struct qs_buf *out, const char *id, const char *sfx, struct qs_err *err)
{
    if (id)
        return qs_root_path(out, err, "mail/quarantine/%s%s", id, sfx);
    return qs_root_path(out, err, "mail/quarantine");
}

static int id_ok(const char *id)
{
    if (!id || strlen(id) != QS_MSF_ID_LEN)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    return 1;
}

static int not_found(struct qs_err *err, const char *id)
{
    char t[120];
    snprintf(t, sizeof t, "Message %.40s not found in the SMTP quarantine", id ? id : "");
    return qs_err_set(err, "CPF9898", t, (const char *)NULL);
}

static void journal(const char *type, const struct qs_msf_env *e, const char *text)
{
    struct qs_mailcfg c;
    if (qs_mailcfg_load(&c, NULL) < 0)
        return;
    if (c.journal)
        qs_jrn_mail(type, e->id, e->from, NULL, e->client_addr, text);
    qs_mailcfg_free(&c);
}

/* A deep copy of e keeping only the recipients still pending. */
static int copy_pending(const struct qs_msf_env *e, struct qs_msf_env *o, const char *hit,
                        struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MAIL_MSG);
    struct qs_msf_env tmp = *e;
    tmp.nrcpt = 0;                       /* recipients are added below */
    tmp.rcpt = NULL;
    int rc = qs_msf_env_format(&tmp, &b) < 0 ? qs_err_sys(err, errno)
                                              : qs_msf_env_parse(b.data, b.len, o, err);
    qs_buf_free(&b);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < e->nrcpt; i++) {
        const struct qs_msf_rcpt *r = &e->rcpt[i];
        if (r->status != QS_MSF_RS_PENDING && r->status != QS_MSF_RS_REPROCESS)
            continue;
        int k = qs_msf_env_add_rcpt(o, r->addr, r->dist, r->notify, r->orcpt, err);
        if (k < 0)
            goto fail;
        if (r->user && !(o->rcpt[k].user = strdup(r->user))) {   /* for listings */
            qs_err_sys(err, ENOMEM);
            goto fail;
        }
    }
    if (qs_msf_env_set(&o->ftr_hit, hit, err) < 0)
        goto fail;
    o->ftr_released = 0;
    return 0;
fail:
    qs_msf_env_clear(o);
    return -1;
}

static int write_env(const char *path, const struct qs_msf_env *e, struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MAIL_MSG);
    int rc = qs_msf_env_format(e, &b) < 0 ? qs_err_sys(err, errno)
                                           : qs_file_write_atomic(path, b.data, b.len, 0600, err);
    qs_buf_free(&b);
    return rc;
}

int qs_qrn_put(const struct qs_msf_env *env, const char *content_path, const char *hit,
               struct qs_err *err)
{
    struct qs_buf dir, ep, mp, data;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&ep, QS_MAX_PATH);
    qs_buf_init(&mp, QS_MAX_PATH);
    qs_buf_init(&data, QS_MAX_MAIL_MSG);
    struct qs_msf_env q;
    qs_msf_env_init(&q);
    int rc = -1;
    struct stat st;
    if (qrn_path(&dir, NULL, NULL, err) < 0 || qs_mkdir_p(dir.data, 0700, err) < 0 ||
        qrn_path(&ep, env->id, ".env", err) < 0 || qrn_path(&mp, env->id, ".msg", err) < 0)
        goto out;
    if (stat(ep.data, &st) == 0) {              /* kept before a crash: done */
        rc = 0;
        goto out;
    }
    if (link(content_path, mp.data) < 0 && errno != EEXIST) {
        /* another file system: copy it */
        if (qs_file_read(content_path, QS_MAX_MAIL_MSG, &data, err) < 0 ||
            qs_file_write_atomic(mp.data, data.data, data.len, 0600, err) < 0)
            goto out;
    }
    if (copy_pending(env, &q, hit, err) < 0)
        goto out;
    rc = write_env(ep.data, &q, err);   /* its directory fsync covers the link */
out:
    qs_msf_env_clear(&q);
    qs_buf_free(&dir);
    qs_buf_free(&ep);
    qs_buf_free(&mp);
    qs_buf_free(&data);
    return rc;
}

/* --- listing ---------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int qs_qrn_list(int (*fn)(const struct qs_qrn_entry *e, void *arg), void *arg,
                struct qs_err *err)
{
    struct qs_buf dir;
    qs_buf_init(&dir, QS_MAX_PATH);
    if (qrn_path(&dir, NULL, NULL, err) < 0) {
        qs_buf_free(&dir);
        return -1;
    }
    DIR *d = opendir(dir.data);
    if (!d) {
        int e = errno;
        qs_buf_free(&dir);
        return e == ENOENT ? 0 : qs_err_sys(err, e);
    }
    char **ids = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l != QS_MSF_ID_LEN + 4 || strcmp(de->d_name + QS_MSF_ID_LEN, ".env") != 0)
            continue;
        char **x = realloc(ids, (n + 1) * sizeof *x);
        if (!x || !(x[n] = strndup(de->d_name, QS_MSF_ID_LEN))) {
            free(x ? x : ids);
            ids = NULL;
            n = 0;
            break;
        }
        ids = x;
        n++;
    }
    closedir(d);
    if (n)
        qsort(ids, n, sizeof *ids, cmp_str);
    int count = 0, stop = 0;
    for (size_t i = 0; i < n; i++) {
        struct qs_buf p, hdr, subj;
        qs_buf_init(&p, QS_MAX_PATH);
        qs_buf_init(&hdr, HDR_PEEK + 1);
        qs_buf_init(&subj, QS_MAX_MIME_TEXT);
        struct qs_msf_env e;
        qs_buf_addf(&p, "%s/%s.env", dir.data, ids[i]);
        if (!stop && qs_msf_read_env(p.data, &e, NULL) == 0) {
            qs_buf_reset(&p);
            qs_buf_addf(&p, "%s/%s.msg", dir.data, ids[i]);
            int fd = open(p.data, O_RDONLY | O_CLOEXEC);
            struct stat st;
            unsigned long long size = 0;
            if (fd >= 0) {
                if (fstat(fd, &st) == 0)
                    size = (unsigned long long)st.st_size;
                if (qs_buf_reserve(&hdr, HDR_PEEK) == 0) {
                    ssize_t r = read(fd, hdr.data, HDR_PEEK);
                    if (r > 0) {
                        hdr.len = (size_t)r;
                        hdr.data[hdr.len] = '\0';
                    }
                }
                close(fd);
            }
            qs_mime_header_decoded(hdr.data ? hdr.data : "", hdr.len, "Subject", &subj);
            struct qs_qrn_entry ent = { ids[i], &e, qs_buf_str(&subj), size };
            count++;
            if (fn(&ent, arg))
                stop = 1;
            qs_msf_env_clear(&e);
        }
        qs_buf_free(&p);
        qs_buf_free(&hdr);
        qs_buf_free(&subj);
        free(ids[i]);
    }
    free(ids);
    qs_buf_free(&dir);
    return count;
}

/* --- release and delete ------------------------------------------------------------ */

/* Open and lock <id>.msg (the entry's lock: it is never replaced). */
static int lock_entry(const char *id, struct qs_buf *ep, struct qs_buf *mp, struct qs_err *err)
{
    if (!id_ok(id))
        return not_found(err, id), -1;
    if (qrn_path(ep, id, ".env", err) < 0 || qrn_path(mp, id, ".msg", err) < 0)
        return -1;
    int fd = open(mp->data, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return not_found(err, id), -1;
        return qs_err_sys(err, errno), -1;
    }
    if (flock(fd, LOCK_EX) < 0) {
        qs_err_sys(err, errno);
        close(fd);
        return -1;
    }
    if (access(ep->data, F_OK) != 0) {      /* released or deleted meanwhile */
        close(fd);
        unlink(mp->data);
        return not_found(err, id), -1;
    }
    return fd;
}

/* An entry being released or deleted: its paths, envelope and lock. */
struct entry_op {
    struct qs_buf   ep, mp;             /* <id>.env, <id>.msg */
    struct qs_msf_env e;
    int             fd;                 /* the lock (lock_entry), or -1 */
};

static int op_begin(struct entry_op *o, const char *id, struct qs_err *err)
{
    qs_buf_init(&o->ep, QS_MAX_PATH);
    qs_buf_init(&o->mp, QS_MAX_PATH);
    qs_msf_env_init(&o->e);
    o->fd = lock_entry(id, &o->ep, &o->mp, err);
    return o->fd < 0 ? -1 : 0;
}

static void op_end(struct entry_op *o)
{
    if (o->fd >= 0)
        close(o->fd);
    qs_msf_env_clear(&o->e);
    qs_buf_free(&o->ep);
    qs_buf_free(&o->mp);
}

int qs_qrn_release(const char *id, char new_id_r[QS_MSF_ID_LEN + 1], struct qs_err *err)
{
    struct qs_buf qm, qa;
    qs_buf_init(&qm, QS_MAX_PATH);
    qs_buf_init(&qa, QS_MAX_PATH);
    struct entry_op o;
    struct qs_msf_env *const e = &o.e;
    int rc = -1;
    if (op_begin(&o, id, err) < 0 || qs_msf_read_env(o.ep.data, e, err) < 0)
        goto out;
    if (!e->ftr_released) {
        /* step 1: a fresh id and the released flag, durably, still here */
        qs_msf_new_id(e->id);
        e->ftr_released = 1;
        for (size_t i = 0; i < e->nrcpt; i++) {   /* resolved again by the runner */
            e->rcpt[i].status = QS_MSF_RS_PENDING;
            free(e->rcpt[i].user);
            e->rcpt[i].user = NULL;
        }
        if (write_env(o.ep.data, e, err) < 0)
            goto out;
    }
    STEP_DONE(1);
    if (qs_msf_qinit(err) < 0 || qs_msf_qpath(&qm, err, "msg", e->id, NULL) < 0 ||
        qs_msf_qpath(&qa, err, "active", e->id, NULL) < 0)
        goto out;
    /* step 2: the content into the queue; a fresh mtime keeps the orphan
     * sweep (msf_queue.c) off it until step 3 */
    if (link(o.mp.data, qm.data) < 0 && errno != EEXIST) {
        qs_err_sys(err, errno);
        goto out;
    }
    utimensat(AT_FDCWD, qm.data, NULL, 0);
    qs_fsync_dir(qm.data);
    STEP_DONE(2);
    /* step 3, the commit point: the entry leaves the quarantine and enters
     * the runner's queue in one rename */
    if (rename(o.ep.data, qa.data) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    qs_fsync_dir(qa.data);
    qs_fsync_dir(o.ep.data);
    STEP_DONE(3);
    unlink(o.mp.data);
    if (new_id_r)
        memcpy(new_id_r, e->id, QS_MSF_ID_LEN + 1);
    char t[80];
    snprintf(t, sizeof t, "released from quarantine %s", id);
    journal("OR", e, t);
    rc = 0;
out:
    op_end(&o);
    qs_buf_free(&qm);
    qs_buf_free(&qa);
    return rc;
}

int qs_qrn_delete(const char *id, struct qs_err *err)
{
    struct entry_op o;
    int rc = -1;
    if (op_begin(&o, id, err) < 0)
        goto out;
    int have = qs_msf_read_env(o.ep.data, &o.e, NULL) == 0;
    if (unlink(o.ep.data) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    qs_fsync_dir(o.ep.data);
    unlink(o.mp.data);
    if (have)
        journal("OX", &o.e, "deleted from quarantine");
    rc = 0;
out:
    op_end(&o);
    return rc;
}
