/*
 * qsys/msf/msf_run.c - the MSF runner: takes committed messages from
 * queue/active/ through the exit-point stage table.
 *
 * A worker takes up to RUN_BATCH messages at a time (flock on each
 * active/<id>), runs the stages on each, and only then makes the batch's
 * local deliveries durable together (qs_mbox_batch_commit: one fdatasync per
 * file, all issued at once, one fsync per mailbox directory).  Messages
 * finished by the batch lose their active/ entry (one fsync of active/ for
 * the batch) before their content and status log are removed.
 *
 * Exactly-once delivery (docs/msf.md): an action comes first and is made
 * durable, its record second.  Local deliveries are idempotent by name (fixed
 * Maildir file name per message+recipient), so a finished message needs no
 * record at all -- redoing it after a crash finds every file; a message left
 * unfinished gets its local statuses appended to st/<id>.  Hand-offs
 * (tombstone), reports, filter results and content changes are recorded in
 * st/<id> (fdatasync) as soon as they are done.
 */
#include "qsys/msf/msf.h"
#include "qsys/exitpgm/exitpgm.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf_filter.h"
#include "qsys/msf/qrn.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/snads/inbound.h"
#include "qsys/jrn/jrn.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/spare.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RUN_BATCH 64          /* messages per round of delivery syncs */
#define RUN_PASS_MAX 4096     /* active/ entries looked at per pass   */

/* One message in a worker's batch; what a stage sees behind ctx->run. */
struct msg_work {
    struct qs_msf_ctx   ctx;
    struct qs_msf_env   env;
    struct qs_mailcfg  *cfg;
    struct qs_mbox_batch *mb;     /* the worker's delivery batch (shared) */
    const char         *qdir;
    char                id[QS_MSF_ID_LEN + 1];
    char               *content_path;
    int                 lock_fd;
    int                 content_fd;
    int                 st_fd;     /* opened when the first record is written */
    struct qs_buf       tags;      /* content changes already applied: "\n<tag>\n"... */
    int                *item;      /* per recipient: index in mb, or -1 */
    size_t              nitem;     /* recipients item covers (exit programs add some) */
    int                 failed;    /* a stage failed: retry in a later pass */
    int                 end_job;   /* a program returned 2: end this MSF job */
    char                held[QS_SPARE_NAME_MAX]; /* its envelope in the reuse pool,
                                      published once active/ is fsynced */
};

static struct msg_work *W(struct qs_msf_ctx *c) { return c->run; }

static int qfile(struct qs_buf *b, const char *qdir, const char *sub, const char *id,
                 const char *sfx)
{
    qs_buf_reset(b);
    return qs_buf_addf(b, "%s%s/%s%s", qdir, sub, id, sfx);
}

/* Append lines to st/<id> durably (creating it on the first record). */
static int st_write(struct msg_work *w, const char *lines, size_t n)
{
    if (w->st_fd < 0) {
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        qfile(&p, w->qdir, "st", w->id, "");
        w->st_fd = open(p.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        qs_buf_free(&p);
        if (w->st_fd < 0)
            return -1;
    }
    return qs_write_all(w->st_fd, lines, n) < 0 || fdatasync(w->st_fd) < 0 ? -1 : 0;
}

/* Append "idx status\n" to st/<id> durably. */
static int st_record(struct msg_work *w, size_t idx, int status)
{
    char line[48];
    int n = snprintf(line, sizeof line, "%zu %d\n", idx, status);
    if (st_write(w, line, (size_t)n) < 0)
        return -1;
    w->ctx.env->rcpt[idx].status = status;
    return 0;
}

/* Content change records "x <tag> <crc> <size>" (see work_commit): the
 * last one whose crc matches the content on disk, and all before it, were
 * applied; a later one was prepared but its rename never happened. */
static void tags_apply(struct msg_work *w, const char *log, size_t n)
{
    uint32_t crc;
    uint64_t size;
    if (!memmem(log, n, "x ", 2) || qs_msf_file_crc(w->content_fd, &crc, &size) < 0)
        return;
    const char *p = log, *end = log + n, *applied = NULL;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        const char *sp = p[0] == 'x' && p[1] == ' ' ? memchr(p + 2, ' ', (size_t)(nl - p - 2)) : NULL;
        char hex[9];
        if (sp && nl - sp > 9) {
            snprintf(hex, sizeof hex, "%08x", (unsigned)crc);
            if (!memcmp(sp + 1, hex, 8))
                applied = nl;
        }
        p = nl + 1;
    }
    for (p = log; applied && p < applied;) {
        const char *nl = memchr(p, '\n', (size_t)(applied + 1 - p));
        if (!nl)
            break;
        const char *sp = p[0] == 'x' && p[1] == ' ' ? memchr(p + 2, ' ', (size_t)(nl - p - 2)) : NULL;
        if (sp) {
            qs_buf_add(&w->tags, "\n", 1);
            qs_buf_add(&w->tags, p + 2, (size_t)(sp - p - 2));
            qs_buf_add(&w->tags, "\n", 1);
        }
        p = nl + 1;
    }
    if (applied) {
        w->ctx.env->size = size;
        w->ctx.env->crc = crc;
    }
}

/* Apply st/<id> (if there is one) to the envelope; torn last lines are
 * ignored. */
static void st_apply(struct msg_work *w, const char *path, struct qs_msf_env *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    struct qs_buf b;
    qs_buf_init(&b, 64u * 1024 * 1024);
    char buf[8192];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0)
        if (qs_buf_add(&b, buf, (size_t)r) < 0)
            break;
    close(fd);
    const char *p = qs_buf_str(&b);
    for (;;) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        const char *sp = memchr(p, ' ', (size_t)(nl - p));
        long long idx, st;
        if (p[0] == 'a' && sp == p + 1 && nl - p > 4 && p[3] == ' ' && p[2] >= '0' && p[2] <= '2') {
            /* a recipient an exit program added (qs_msf_ctx_add_rcpt) */
            char *addr = strndup(p + 4, (size_t)(nl - p - 4));
            struct qs_err aerr = QS_ERR_INIT;
            if (addr)
                qs_msf_env_add_rcpt(e, addr, p[2] - '0', 0, NULL, &aerr);
            qs_err_clear(&aerr);
            free(addr);
        } else if (sp && qs_parse_ll(p, (size_t)(sp - p), 0, (long long)e->nrcpt - 1, &idx) == 0 &&
            qs_parse_ll(sp + 1, (size_t)(nl - sp - 1), -1, 6, &st) == 0)
            e->rcpt[idx].status = (int)st;
        p = nl + 1;
    }
    tags_apply(w, b.data ? b.data : "", b.len);
    qs_buf_free(&b);
}

static void jrn(struct msg_work *w, const char *entt, const struct qs_msf_rcpt *r)
{
    if (!w->cfg->journal)
        return;
    const struct qs_msf_env *e = w->ctx.env;
    qs_jrn_mail(entt, e->id, e->from, r ? r->addr : NULL, e->client_addr, NULL);
}

/* --- stages ------------------------------------------------------------------ */

static void set_diag(struct qs_msf_rcpt *r, const char *d)
{
    free(r->diag);
    r->diag = strdup(d);
}

/* QIBM_QZMFMSF_ADR_RSL: local user or remote, by the SMTP directory. */
static int stage_resolve(struct qs_msf_ctx *c, struct qs_err *err)
{
    struct msg_work *w = W(c);
    for (size_t i = 0; i < c->env->nrcpt; i++) {
        struct qs_msf_rcpt *r = &c->env->rcpt[i];
        if (r->user || (r->status != QS_MSF_RS_PENDING && r->status != QS_MSF_RS_REPROCESS))
            continue;
        r->status = QS_MSF_RS_PENDING;
        const char *at = strrchr(r->addr, '@');
        char *local = at ? strndup(r->addr, (size_t)(at - r->addr)) : strdup(r->addr);
        const char *dom = at ? at + 1 : w->cfg->hostname;
        if (!local)
            return qs_err_sys(err, ENOMEM);
        if (!qs_mailcfg_is_local(w->cfg, dom)) {
            free(local);
            continue;                              /* remote */
        }
        char user[11];
        int f = qs_smtpdir_lookup(w->cfg, local, dom, user, err);

        if (f == 0 && qs_strcaseeq(local, "postmaster")) {
            f = qs_smtpdir_lookup(w->cfg, "NONDELIVERY", dom, user, err);
            if (f == 0) {
                qs_strlcpy(user, "QSECOFR", sizeof user);
                f = 1;
            }
        }
        free(local);
        if (f < 0)
            return -1;
        if (f == 1) {
            r->user = strdup(user);
            if (!r->user)
                return qs_err_sys(err, ENOMEM);
        } else {
            r->status = QS_MSF_RS_NONDEL;
            set_diag(r, "5.1.1 Recipient address rejected: user unknown");
        }
    }
    return QS_MSF_CONTINUE;
}

/* CHGSMTPA VFYID(*YES), first step of QIBM_QZMFMSF_SEC_AUT: mail a job created
 * (QtmmSendMail, QzmfCrtMailMsg, SNDSMTPEMM: origin API, auth_user = the
 * job's user) must carry an originator the directory gives to that user;
 * otherwise every recipient gets status 5 (security violation) and nothing
 * is delivered.  SMTP AUTH senders are checked by the SMTP server at MAIL. */
static int vfyid_check(struct qs_msf_ctx *c, struct qs_err *err)
{
    struct msg_work *w = W(c);
    struct qs_msf_env *e = c->env;
    if (!w->cfg->vfyid || e->origin != QS_MSF_ORIGIN_API || !e->auth_user || !*e->from)
        return QS_MSF_CONTINUE;
    int f = qs_mailcfg_sender_owned(w->cfg, e->from, e->auth_user, err);
    if (f < 0)
        return -1;
    if (f == 1)
        return QS_MSF_CONTINUE;
    qs_log(QS_LOG_WARN, "msf: %s: originator not owned by %s (VFYID); not delivered", e->id,
           e->auth_user);
    for (size_t i = 0; i < e->nrcpt; i++) {
        struct qs_msf_rcpt *r = &e->rcpt[i];
        if (r->status != QS_MSF_RS_PENDING)
            continue;
        set_diag(r, "5.7.1 Originator not owned by the sending user (VFYID)");
        if (st_record(w, i, QS_MSF_RS_SECURITY) < 0)
            return qs_err_sys(err, errno);
    }
    return QS_MSF_END_MSG;
}

/* QIBM_QZMFMSF_SEC_AUT: the content filters (ADDSMTPLE *FTR...).  A match
 * keeps the message in the quarantine (FTRACN(*KEEP), made durable first)
 * or drops it (*DISCARD); either way its pending recipients are recorded
 * as IBM's status 2 "ignore" so later stages pass them by.  Released
 * messages and our own reports are not filtered.  VFYID is checked first. */
static int stage_security(struct qs_msf_ctx *c, struct qs_err *err)
{
    struct msg_work *w = W(c);
    struct qs_msf_env *e = c->env;
    int v = vfyid_check(c, err);
    if (v != QS_MSF_CONTINUE)
        return v;
    if (!w->cfg->nftr || e->ftr_released || e->origin == QS_MSF_ORIGIN_NDR)
        return QS_MSF_CONTINUE;
    size_t pending = 0;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (e->rcpt[i].status == QS_MSF_RS_PENDING)
            pending++;
    struct stat st;
    if (!pending || fstat(w->content_fd, &st) < 0 || st.st_size == 0)
        return QS_MSF_CONTINUE;
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, w->content_fd, 0);
    if (map == MAP_FAILED)
        return qs_err_sys(err, errno);
    struct qs_buf what;
    qs_buf_init(&what, QS_MAX_LOG_FIELD + 1);
    int hit = qs_msf_filter_check(w->cfg->ftr, w->cfg->nftr, e->from, map, (size_t)st.st_size,
                                  &what);
    munmap(map, (size_t)st.st_size);
    if (hit < 0) {
        qs_buf_free(&what);
        return QS_MSF_CONTINUE;
    }
    struct qs_buf desc;
    qs_buf_init(&desc, 1024);
    const struct qs_mailftr *f = &w->cfg->ftr[hit];
    qs_buf_addf(&desc, "%s(%s) matched '%s'", qs_mailcfg_ftr_name(f->type), f->data,
                qs_buf_str(&what));
    qs_buf_free(&what);
    int keep = w->cfg->ftracn == QS_FTRACN_KEEP;
    if (keep && qs_qrn_put(e, c->content_path, desc.data, err) < 0) {
        qs_buf_free(&desc);
        return -1;
    }
    qs_log(QS_LOG_INFO, "msf: %s: %s: %s", e->id, keep ? "kept in quarantine" : "discarded",
           desc.data);
    if (w->cfg->journal)
        qs_jrn_mail(keep ? "OQ" : "OD", e->id, e->from, NULL, e->client_addr, desc.data);
    qs_buf_free(&desc);
    for (size_t i = 0; i < e->nrcpt; i++)
        if (e->rcpt[i].status == QS_MSF_RS_PENDING && st_record(w, i, QS_MSF_RS_IGNORE) < 0)
            return qs_err_sys(err, errno);
    return QS_MSF_CONTINUE;
}

/* QIBM_QZMFMSF_LCL_DEL: into the user's Maildir, once.  The file is written
 * now and made durable with the rest of the batch (finish_batch), which then
 * journals the delivery and sends NOTIFY=SUCCESS reports; until then the
 * recipient's status is LOCAL only tentatively. */
static int stage_local(struct qs_msf_ctx *c, struct qs_err *err)
{
    struct msg_work *w = W(c);
    struct qs_msf_env *e = c->env;
    for (size_t i = 0; i < e->nrcpt; i++) {
        struct qs_msf_rcpt *r = &e->rcpt[i];
        if (!r->user || r->status != QS_MSF_RS_PENDING)
            continue;
        /* DIRTYPE(*SDD) and a directory user with MSFSRVLVL(*USRIDX): into
         * the distribution queue (QRYDST/RCVDST) instead of the mailbox */
        struct qs_err e1 = QS_ERR_INIT;
        int dst = w->cfg->dirtype != QS_DIR_SDD ? 0 :
                  qs_snads_inbound_fd(r->addr, e->from, w->content_fd, e->received, &e1);
        if (dst != 0) {
            if (dst < 0) {
                qs_log(QS_LOG_WARN, "msf: %s: distribution for %s failed: %s", e->id, r->addr,
                       e1.text ? e1.text : "?");
                if (e1.sys_errno == 0) {
                    r->status = QS_MSF_RS_NONDEL;
                    set_diag(r, "5.2.0 Distribution queue unavailable");
                }
                qs_err_clear(&e1);
                continue;
            }
            if (st_record(w, i, QS_MSF_RS_LOCAL) < 0)
                return qs_err_sys(err, errno);
            jrn(w, "82", r);
            continue;
        }
        struct qs_buf hdr;
        char name[128];
        qs_buf_init(&hdr, QS_MAX_SMTP_ADDR * 4);
        qs_buf_addf(&hdr, "Return-Path: <%s>\r\nDelivered-To: %s\r\n", e->from, r->addr);
        snprintf(name, sizeof name, "%lld.M%sR%zu.qshim", (long long)e->received, e->id, i);
        struct qs_err e2 = QS_ERR_INIT;
        int k = qs_mbox_batch_add(w->mb, r->user, name, hdr.data, hdr.len, w->content_fd, &e2);
        qs_buf_free(&hdr);
        if (k < 0) {
            qs_log(QS_LOG_WARN, "msf: %s: delivery to %s failed: %s", e->id, r->user,
                   e2.text ? e2.text : "?");
            if (e2.sys_errno == 0) {          /* not a transient system error */
                r->status = QS_MSF_RS_NONDEL;
                set_diag(r, "5.2.0 Mailbox unavailable");
            }
            qs_err_clear(&e2);
            continue;
        }
        if (i >= w->nitem) {                  /* an exit program added recipients */
            int *v = realloc(w->item, e->nrcpt * sizeof *v);
            if (!v)
                return qs_err_sys(err, ENOMEM);   /* the staged file goes with the batch */
            while (w->nitem < e->nrcpt)
                v[w->nitem++] = -1;
            w->item = v;
        }
        w->item[i] = k;
        r->status = QS_MSF_RS_LOCAL;
    }
    return QS_MSF_CONTINUE;
}

/* QIBM_QZMFMSF_MSG_FWD: remote recipients go to the outbound queue. */
static int stage_forward(struct qs_msf_ctx *c, struct qs_err *err)
{
    struct msg_work *w = W(c);
    struct qs_msf_env *e = c->env;
    size_t n = 0;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (!e->rcpt[i].user && e->rcpt[i].status == QS_MSF_RS_PENDING)
            n++;
    if (n == 0)
        return QS_MSF_CONTINUE;
    if (qs_msf_remote_handoff(e, c->content_path, err) < 0)
        return -1;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (!e->rcpt[i].user && e->rcpt[i].status == QS_MSF_RS_REMOTE) {
            if (st_record(w, i, QS_MSF_RS_REMOTE) < 0)
                return qs_err_sys(err, errno);
            jrn(w, "7O", &e->rcpt[i]);
        }
    return QS_MSF_CONTINUE;
}

/* QIBM_QZMFMSF_NON_DEL: report failures to the sender. */
static int stage_nondel(struct qs_msf_ctx *c, struct qs_err *err)
{
    struct msg_work *w = W(c);
    struct qs_msf_env *e = c->env;
    int any = 0;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (e->rcpt[i].status == QS_MSF_RS_NONDEL && e->rcpt[i].diag)
            any = 1;   /* diag set in this run = not yet reported */
    if (!any)
        return QS_MSF_CONTINUE;
    if (qs_msf_ndr_send(e, c->content_path, err) < 0)
        return -1;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (e->rcpt[i].status == QS_MSF_RS_NONDEL && e->rcpt[i].diag) {
            if (st_record(w, i, QS_MSF_RS_NONDEL) < 0)
                return qs_err_sys(err, errno);
            jrn(w, "83", &e->rcpt[i]);
        }
    return QS_MSF_CONTINUE;
}

/* Exit points with no built-in work: only the programs registered there
 * run (qsys/exitpgm), in this place of the pipeline. */
static int stage_exits_only(struct qs_msf_ctx *c, struct qs_err *err)
{
    (void)c;
    (void)err;
    return QS_MSF_CONTINUE;
}

/*
 * The pipeline (docs/msf.md "The pipeline" says why in this order):
 * list expansion before address resolution, so expanded recipients are
 * resolved; envelope processing and attachment conversion once the
 * recipients are known and before any copy leaves; security before
 * delivery; attachment management and accounting last, seeing the final
 * recipient statuses.
 */
const struct qs_msf_stage qs_msf_default_stages[] = {
    { "QIBM_QZMFMSF_LST_EXP", stage_exits_only },
    { "QIBM_QZMFMSF_ADR_RSL", stage_resolve },
    { "QIBM_QZMFMSF_ENL_PSS", stage_exits_only },
    { "QIBM_QZMFMSF_ATT_CNV", stage_exits_only },
    { "QIBM_QZMFMSF_SEC_AUT", stage_security },
    { "QIBM_QZMFMSF_LCL_DEL", stage_local },
    { "QIBM_QZMFMSF_MSG_FWD", stage_forward },
    { "QIBM_QZMFMSF_NON_DEL", stage_nondel },
    { "QIBM_QZMFMSF_ATT_MGT", stage_exits_only },
    { "QIBM_QZMFMSF_ACT", stage_exits_only },
};
const size_t qs_msf_default_nstages = sizeof qs_msf_default_stages / sizeof qs_msf_default_stages[0];

/* --- content changes by exit programs ------------------------------------------ */

static void work_path(struct msg_work *w, struct qs_buf *out)
{
    qs_buf_reset(out);
    qs_buf_addf(out, "%stmp/%s.w", w->qdir, w->ctx.env->id);
}

int qs_msf_ctx_work_copy(struct qs_msf_ctx *c, struct qs_buf *path_r, struct qs_err *err)
{
    struct msg_work *w = c->run;
    if (!w || w->content_fd < 0)
        return 1;
    work_path(w, path_r);
    int fd = open(path_r->data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return qs_err_sys(err, errno);
    char buf[65536];
    ssize_t r;
    off_t off = 0;
    while ((r = pread(w->content_fd, buf, sizeof buf, off)) > 0) {
        if (qs_write_all(fd, buf, (size_t)r) < 0)
            break;
        off += r;
    }
    int e = errno;
    close(fd);
    if (r != 0) {
        unlink(path_r->data);
        return qs_err_sys(err, e ? e : EIO);
    }
    return 0;
}

void qs_msf_ctx_work_abort(struct qs_msf_ctx *c)
{
    struct msg_work *w = c->run;
    if (!w)
        return;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    work_path(w, &p);
    unlink(p.data);
    qs_buf_free(&p);
}

int qs_msf_ctx_work_commit(struct qs_msf_ctx *c, const char *tag, struct qs_err *err)
{
    struct msg_work *w = c->run;
    struct qs_msf_env *e = c->env;
    if (!w)
        return 0;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    work_path(w, &p);
    int rc = -1, fd = open(p.data, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    uint32_t crc;
    uint64_t size;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        rc = qs_err_set(err, "CPF9898", "exit program left no regular content file", (const char *)NULL);
    } else if ((uint64_t)st.st_size > QS_MAX_MAIL_MSG) {
        rc = qs_err_set(err, "CPF9898", "exit program made the message too large", (const char *)NULL);
    } else if (qs_msf_file_crc(fd, &crc, &size) < 0) {
        rc = qs_err_sys(err, errno);
    } else if (size == e->size && crc == e->crc) {
        rc = 0;                                   /* unchanged */
    } else {
        /* the new content is durable, then the record, then the rename:
         * tags_apply() tells after a crash whether the rename happened */
        char line[160];
        int n = snprintf(line, sizeof line, "x %s %08x %llu\n", tag, (unsigned)crc,
                         (unsigned long long)size);
        struct qs_buf cp;
        qs_buf_init(&cp, QS_MAX_PATH);
        qs_buf_addf(&cp, "%smsg/%s", w->qdir, e->id);
        int nfd = -1;
        if (n <= 0 || (size_t)n >= sizeof line || strchr(tag, ' ') || fsync(fd) < 0 ||
            st_write(w, line, (size_t)n) < 0 ||
            rename(p.data, cp.data) < 0 || qs_fsync_dir(cp.data) < 0 ||
            (nfd = open(cp.data, O_RDONLY | O_CLOEXEC)) < 0) {
            rc = qs_err_sys(err, errno ? errno : EINVAL);
        } else {
            close(w->content_fd);
            w->content_fd = nfd;
            e->size = size;
            e->crc = crc;
            qs_buf_addf(&w->tags, "\n%s\n", tag);
            rc = 1;
        }
        qs_buf_free(&cp);
    }
    if (fd >= 0)
        close(fd);
    if (rc != 1)
        unlink(p.data);
    qs_buf_free(&p);
    return rc;
}

int qs_msf_ctx_add_rcpt(struct qs_msf_ctx *c, const char *addr, int dist, struct qs_err *err)
{
    struct qs_msf_env *e = c->env;
    for (size_t i = 0; i < e->nrcpt; i++)
        if (!strcmp(e->rcpt[i].addr, addr))
            return 0;
    size_t before = e->nrcpt;
    if (qs_msf_env_add_rcpt(e, addr, dist, 0, NULL, err) < 0)
        return -1;
    struct msg_work *w = c->run;
    if (!w)
        return 0;
    struct qs_buf line;
    qs_buf_init(&line, QS_MAX_SMTP_ADDR * 4 + 16);
    int rc = qs_buf_addf(&line, "a %d %s\n", dist, addr) < 0 ? qs_err_sys(err, E2BIG) : 0;
    if (rc == 0 && st_write(w, line.data, line.len) < 0)
        rc = qs_err_sys(err, errno);
    qs_buf_free(&line);
    if (rc < 0) {                          /* not durable: not added */
        free(e->rcpt[before].addr);
        e->rcpt[before].addr = NULL;
        e->nrcpt = before;
    }
    return rc;
}

int qs_msf_ctx_tag_done(struct qs_msf_ctx *c, const char *tag)
{
    struct msg_work *w = c->run;
    if (!w || !w->tags.len)
        return 0;
    char pat[160];
    int n = snprintf(pat, sizeof pat, "\n%s\n", tag);
    return n > 0 && (size_t)n < sizeof pat && memmem(w->tags.data, w->tags.len, pat, (size_t)n) != NULL;
}

/* --- a batch of messages ----------------------------------------------------- */

static int is_final(int st)
{
    return st != QS_MSF_RS_PENDING && st != QS_MSF_RS_REPROCESS;
}

static void work_free(struct msg_work *w)
{
    if (w->content_fd >= 0) close(w->content_fd);
    if (w->st_fd >= 0) close(w->st_fd);
    if (w->lock_fd >= 0) close(w->lock_fd);     /* releases the message */
    qs_msf_env_clear(&w->env);
    qs_buf_free(&w->tags);
    free(w->content_path);
    free(w->item);
    memset(w, 0, sizeof *w);
    w->lock_fd = w->content_fd = w->st_fd = -1;
}

/* Take active/<name> if no other worker has it and run the stages on it.
 * 1 = taken (w filled; keep it until finish_batch), 0 = not taken. */
static int take(struct msg_work *w, const char *qdir, const char *name,
                const struct qs_msf_run_opts *o, struct qs_mailcfg *cfg,
                struct qs_mbox_batch *mb)
{
    memset(w, 0, sizeof *w);
    w->lock_fd = w->content_fd = w->st_fd = -1;
    qs_msf_env_init(&w->env);
    qs_buf_init(&w->tags, 1024 * 1024);
    if (strlen(name) != QS_MSF_ID_LEN) {
        work_free(w);
        return 0;
    }
    memcpy(w->id, name, QS_MSF_ID_LEN + 1);
    w->qdir = qdir;
    w->cfg = cfg;
    w->mb = mb;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    struct qs_err err = QS_ERR_INIT;
    qfile(&p, qdir, "active", name, "");
    w->lock_fd = open(p.data, O_RDONLY | O_CLOEXEC);
    if (w->lock_fd < 0 || flock(w->lock_fd, LOCK_EX | LOCK_NB) < 0)
        goto skip;
    if (access(p.data, F_OK) != 0)            /* finished by another worker */
        goto skip;
    if (qs_msf_read_env(p.data, &w->env, &err) < 0) {
        qs_log(QS_LOG_ERR, "msf: damaged envelope %s: %s", name, err.text ? err.text : "");
        qs_err_clear(&err);
        goto skip;
    }
    qfile(&p, qdir, "msg", name, "");
    w->content_fd = open(p.data, O_RDONLY | O_CLOEXEC);
    w->content_path = strdup(p.data);
    w->item = malloc((w->env.nrcpt ? w->env.nrcpt : 1) * sizeof *w->item);
    if (w->content_fd < 0 || !w->content_path || !w->item) {
        qs_log(QS_LOG_ERR, "msf: %s: %s", name, strerror(errno));
        goto skip;
    }
    for (size_t i = 0; i < w->env.nrcpt; i++)
        w->item[i] = -1;
    w->nitem = w->env.nrcpt;
    w->ctx.env = &w->env;
    w->ctx.content_path = w->content_path;
    w->ctx.run = w;
    qfile(&p, qdir, "st", name, "");
    st_apply(w, p.data, &w->env);
    qs_buf_free(&p);
    const struct qs_msf_stage *st = o && o->stages ? o->stages : qs_msf_default_stages;
    size_t ns = o && o->stages ? o->nstages : qs_msf_default_nstages;
    for (size_t s = 0; s < ns; s++) {
        /* user exit programs registered here run first (qsys/exitpgm) */
        int u = qs_exitpgm_run_point(st[s].exit_point, &w->ctx, &err);
        if (u < 0)
            qs_err_clear(&err);
        if (u == QS_MSF_END_MSG || u == QS_MSF_END_JOB) {
            w->end_job = u == QS_MSF_END_JOB;
            break;
        }
        int r = st[s].fn(&w->ctx, &err);
        if (r < 0) {
            qs_log(QS_LOG_ERR, "msf: %s at %s: %s", name, st[s].exit_point,
                   err.text ? err.text : "");
            qs_err_clear(&err);
            w->failed = 1;
            break;
        }
        if (r == QS_MSF_END_MSG || r == QS_MSF_END_JOB) {
            w->end_job = r == QS_MSF_END_JOB;
            break;
        }
    }
    close(w->content_fd);          /* the delivery files are written; save fds */
    w->content_fd = -1;
    return 1;
skip:
    qs_buf_free(&p);
    work_free(w);
    return 0;
}

/* Make the batch's deliveries durable, then settle every message: finished
 * ones leave the queue, the others keep a record of what was done. */
static int finish_batch(struct msg_work *ws, size_t n, struct qs_mbox_batch *mb,
                        const char *qdir)
{
    qs_mbox_batch_commit(mb);
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int done = 0;
    for (size_t m = 0; m < n; m++) {
        struct msg_work *w = &ws[m];
        struct qs_msf_env *e = &w->env;
        struct qs_buf lines;
        qs_buf_init(&lines, 64u * 1024 * 1024);
        for (size_t i = 0; i < w->nitem && i < e->nrcpt; i++) {
            if (w->item[i] < 0)
                continue;
            int se = 0;
            if (qs_mbox_batch_result(mb, (size_t)w->item[i], &se) < 0) {
                qs_log(QS_LOG_WARN, "msf: %s: delivery to %s failed: %s", e->id,
                       e->rcpt[i].user, strerror(se));
                e->rcpt[i].status = QS_MSF_RS_PENDING;       /* retried later */
                continue;
            }
            qs_buf_addf(&lines, "%zu %d\n", i, QS_MSF_RS_LOCAL);
            e->rcpt[i].dsn = QS_MSF_DSN_DELIVERED;
            jrn(w, "82", &e->rcpt[i]);
        }
        /* NOTIFY=SUCCESS: report the deliveries made durable now (a crash
         * after delivery and before this report loses the report, never mail) */
        struct qs_err de = QS_ERR_INIT;
        if (qs_msf_dsn_send(e, w->content_path, QS_MSF_DSN_DELIVERED, &de) < 0)
            qs_log(QS_LOG_WARN, "msf: %s: success report not queued: %s", e->id,
                   de.text ? de.text : de.msgid);
        qs_err_clear(&de);
        for (size_t i = 0; i < e->nrcpt; i++)
            e->rcpt[i].dsn = QS_MSF_DSN_NONE;
        int fin = !w->failed;
        for (size_t i = 0; fin && i < e->nrcpt; i++)
            if (!is_final(e->rcpt[i].status))
                fin = 0;
        if (fin) {
            /* the envelope goes first, so a crash leaves only orphans */
            qs_msf_track_note(e, qs_mailcfg_track_days(w->cfg));
            qfile(&p, qdir, "active", w->id, "");
            struct qs_spare *sp = qs_msf_spare();
            if (sp ? qs_spare_give(sp, p.data, -1, w->held) >= 0 : unlink(p.data) == 0) {
                done++;
                w->failed = -1;                 /* marks "finished" below */
            }
        } else if (lines.len && st_write(w, lines.data, lines.len) < 0) {
            qs_log(QS_LOG_WARN, "msf: %s: status log: %s", e->id, strerror(errno));
        }
        qs_buf_free(&lines);
    }
    if (done) {
        qs_buf_reset(&p);
        qs_buf_addf(&p, "%sactive", qdir);
        qs_fsync_dir(p.data);
    }
    for (size_t m = 0; m < n; m++) {
        struct msg_work *w = &ws[m];
        char held[QS_SPARE_NAME_MAX];
        held[0] = '\0';
        struct qs_spare *sp = qs_msf_spare();
        if (w->failed == -1) {
            qfile(&p, qdir, "msg", w->id, "");
            if (sp)
                qs_spare_give(sp, p.data, -1, NULL);
            else
                unlink(p.data);
            memcpy(held, w->held, sizeof held);
            qfile(&p, qdir, "st", w->id, "");
            unlink(p.data);
            qfile(&p, qdir, "remote", w->id, ".done");
            unlink(p.data);
            qfile(&p, qdir, "tmp", w->id, ".w");
            unlink(p.data);
        }
        work_free(w);                   /* closes the envelope's lock */
        if (sp)
            qs_spare_publish(sp, held);
    }
    qs_mbox_batch_reset(mb);
    qs_buf_free(&p);
    return done;
}

struct names {
    char **v;
    size_t n;
};

static int collect(const char *qdir, const char *name, void *arg)
{
    (void)qdir;
    struct names *l = arg;
    if (l->n >= RUN_PASS_MAX || strlen(name) != QS_MSF_ID_LEN)
        return -1;
    char *d = strdup(name);
    if (!d)
        return -1;
    l->v[l->n++] = d;
    return 0;
}

/* One pass over active/: returns how many messages were finished, or -1.
 * An exit program that returns 2 (end the MSF job) ends the pass after the
 * message it was called for; *end_job tells the caller to end the job. */
static int run_pass(const struct qs_msf_run_opts *o, struct qs_mbox_batch *mb,
                    volatile int *stop, int *end_job, struct qs_err *err)
{
    struct qs_mailcfg cfg;
    struct names l = { calloc(RUN_PASS_MAX, sizeof(char *)), 0 };
    struct msg_work *ws = calloc(RUN_BATCH, sizeof *ws);
    struct qs_buf q;
    qs_buf_init(&q, QS_MAX_PATH);
    int done = -1;
    if (!l.v || !ws) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (qs_msf_qpath(&q, err, "", NULL, NULL) < 0 || qs_mailcfg_load(&cfg, err) < 0)
        goto out;
    qs_msf_each("active", collect, &l);
    done = 0;
    size_t nw = 0;
    *end_job = 0;
    for (size_t i = 0; i < l.n && !(stop && *stop) && !*end_job; i++) {
        if (take(&ws[nw], q.data, l.v[i], o, &cfg, mb))
            *end_job = ws[nw++].end_job;
        if (nw == RUN_BATCH) {
            done += finish_batch(ws, nw, mb, q.data);
            nw = 0;
        }
    }
    if (nw)
        done += finish_batch(ws, nw, mb, q.data);
    qs_mailcfg_free(&cfg);
out:
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    free(ws);
    qs_buf_free(&q);
    return done;
}

static int run_passes(const struct qs_msf_run_opts *o, volatile int *stop, struct qs_err *err)
{
    struct qs_mbox_batch *mb;
    if (qs_mbox_batch_new(&mb, err) < 0)
        return -1;
    int total = 0, n, end_job = 0;
    /* NDRs made in a pass are processed by the next one */
    while (!end_job && (n = run_pass(o, mb, stop, &end_job, err)) > 0)
        total += n;
    if (end_job)
        qs_log(QS_LOG_WARN, "msf: MSF job ended by an exit program (return code 2)");
    qs_mbox_batch_free(&mb);
    return n < 0 ? -1 : total;
}

/* KEEPUNTIL: drop tracking records that are too old. */
static void expire_tracking(void)
{
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, NULL) < 0)
        return;
    qs_msf_track_expire(cfg.keepuntil, time(NULL));
    qs_mailcfg_free(&cfg);
}

int qs_msf_run_once(const struct qs_msf_run_opts *o, struct qs_err *err)
{
    if (qs_msf_recover(err) < 0)
        return -1;
    expire_tracking();
    return run_passes(o, NULL, err);
}

/* --- the threaded runner ----------------------------------------------------- */

struct qs_msf_runner {
    struct qs_msf_run_opts opts;
    pthread_t  *th;
    int         nth;
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    unsigned long   kicks;
    volatile int    stop;
    int         ino_fd;
};

void qs_msf_run_kick(struct qs_msf_runner *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    r->kicks++;
    pthread_cond_signal(&r->cv);      /* one idle worker is enough; a busy one
                                         runs another pass anyway */
    pthread_mutex_unlock(&r->mu);
}

static void kick_hook(void *arg)
{
    qs_msf_run_kick(arg);
}

static void *worker(void *arg)
{
    struct qs_msf_runner *r = arg;
    unsigned long seen = 0;
    time_t last_sweep = time(NULL);
    struct qs_mbox_batch *mb = NULL;
    struct qs_err e0 = QS_ERR_INIT;
    if (qs_mbox_batch_new(&mb, &e0) < 0) {
        qs_log(QS_LOG_ERR, "msf: worker: %s", e0.text ? e0.text : "out of memory");
        qs_err_clear(&e0);
        return NULL;
    }
    while (!r->stop) {
        pthread_mutex_lock(&r->mu);
        seen = r->kicks;
        pthread_mutex_unlock(&r->mu);
        struct qs_err err = QS_ERR_INIT;
        int end_job = 0;
        int n = run_pass(&r->opts, mb, &r->stop, &end_job, &err);
        qs_err_clear(&err);
        if (end_job) {          /* as on IBM i: this MSF job ends, the others go on */
            qs_log(QS_LOG_WARN, "msf: an MSF job ended at an exit program's request "
                   "(return code 2); STRMSF starts it again");
            break;
        }
        if (r->ino_fd >= 0) {               /* drain change notices from other processes */
            char buf[4096];
            while (read(r->ino_fd, buf, sizeof buf) > 0) n = n > 0 ? n : 1;
        }
        if (time(NULL) - last_sweep > 60) {
            qs_msf_remote_sweep();
            expire_tracking();
            last_sweep = time(NULL);
        }
        if (n > 0)
            continue;
        pthread_mutex_lock(&r->mu);
        if (r->kicks == seen && !r->stop) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 200 * 1000 * 1000;     /* other processes' commits: inotify/poll */
            if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
            pthread_cond_timedwait(&r->cv, &r->mu, &ts);
        }
        pthread_mutex_unlock(&r->mu);
    }
    qs_mbox_batch_free(&mb);
    return NULL;
}

int qs_msf_run_start(struct qs_msf_runner **r_r, const struct qs_msf_run_opts *o,
                     struct qs_err *err)
{
    *r_r = NULL;
    if (qs_msf_recover(err) < 0)
        return -1;
    expire_tracking();
    struct qs_msf_runner *r = calloc(1, sizeof *r);
    if (!r)
        return qs_err_sys(err, ENOMEM);
    if (o)
        r->opts = *o;
    r->nth = r->opts.nbrmsfjob > 0 && r->opts.nbrmsfjob <= 99 ? r->opts.nbrmsfjob : 3;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    r->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (r->ino_fd >= 0) {
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        qs_msf_qpath(&p, NULL, "active", NULL, NULL);
        inotify_add_watch(r->ino_fd, p.data, IN_MOVED_TO | IN_CREATE);
        qs_buf_free(&p);
    }
    r->th = calloc((size_t)r->nth, sizeof *r->th);
    if (!r->th) {
        free(r);
        return qs_err_sys(err, ENOMEM);
    }
    for (int i = 0; i < r->nth; i++)
        if (pthread_create(&r->th[i], NULL, worker, r) != 0) {
            r->nth = i;
            break;
        }
    qs_msf_set_commit_hook(kick_hook, r);
    *r_r = r;
    return 0;
}

void qs_msf_run_stop(struct qs_msf_runner **rp, int immed)
{
    struct qs_msf_runner *r = *rp;
    if (!r)
        return;
    (void)immed;   /* workers stop between messages either way */
    qs_msf_set_commit_hook(NULL, NULL);
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    for (int i = 0; i < r->nth; i++)
        pthread_join(r->th[i], NULL);
    if (r->ino_fd >= 0)
        close(r->ino_fd);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    free(r->th);
    free(r);
    *rp = NULL;
}
