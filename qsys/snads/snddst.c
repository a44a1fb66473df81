/*
 * qsys/snads/snddst.c - SNDDST: validate everything, then write the incoming
 * records of local recipients, the sender's outgoing record, and the MIME
 * note for Internet recipients on QSMTPQ.
 *
 * Local recipients whose directory entry says MSFSRVLVL(*SYSMS) and who have
 * an SMTP name get the Internet copy (MSF delivers it to their mailbox)
 * instead of an incoming distribution record.
 */
#include "qsys/snads/store.h"
#include "qsys/sdd/sdd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int too_long(struct qs_err *err, const char *kw, size_t n, size_t max)
{
    char a[24], b[24];
    snprintf(a, sizeof a, "%zu", n);
    snprintf(b, sizeof b, "%zu", max);
    return qs_err_set(err, "CPF90A3", kw, a, b, (const char *)NULL);
}

static int not_with_type(struct qs_err *err, const char *kw, enum qs_dst_type t)
{
    return qs_err_set(err, "CPF90A6", kw, qs_dst_type_name(t), (const char *)NULL);
}

/* local@domain, printable ASCII, no blanks or specials that could break a
 * header or an SMTP command; no source routes or bang paths. */
static int inet_ok(const char *a)
{
    size_t n = strlen(a);
    const char *at = strrchr(a, '@');
    if (n == 0 || n > QS_SNADS_MAX_INET || !at || at == a || !at[1] || strchr(a, '@') != at)
        return 0;
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
            strchr("<>()[]\\,;:\"!%", *p))
            return 0;
    for (const char *p = at + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
            return 0;
    return at[1] != '.' && a[n - 1] != '.';
}

struct plan {
    struct qs_dst d;                 /* the shared content; rcpt = full list */
    struct qs_sdd_entry sender;
    size_t nlocal;                   /* rcpt[0..nlocal) are local */
    int *to_mime;                    /* per rcpt: goes by the Internet copy */
};

static int add_rcpt(struct plan *pl, const char *user, const char *addr, const char *inet,
                    enum qs_dst_kind kind, enum qs_dst_status st, time_t now)
{
    struct qs_dst_rcpt *nv = realloc(pl->d.rcpt, (pl->d.nrcpt + 1) * sizeof *nv);
    int *nm = realloc(pl->to_mime, (pl->d.nrcpt + 1) * sizeof *nm);
    if (nv)
        pl->d.rcpt = nv;
    if (nm)
        pl->to_mime = nm;
    if (!nv || !nm)
        return -1;
    struct qs_dst_rcpt *r = &pl->d.rcpt[pl->d.nrcpt];
    memset(r, 0, sizeof *r);
    qs_strlcpy(r->user, user, sizeof r->user);
    qs_strlcpy(r->addr, addr, sizeof r->addr);
    r->kind = kind;
    r->status = st;
    r->when = now;
    if (inet && !(r->inet = strdup(inet)))
        return -1;
    pl->to_mime[pl->d.nrcpt] = inet != NULL;
    pl->d.nrcpt++;
    return 0;
}

static char *dup_opt(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int check_text(struct qs_err *err, const char *kw, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n > max ? too_long(err, kw, n, max) : 0;
}

static int plan_content(struct qs_snads_ctx *ctx, const struct qs_snddst_req *req,
                        struct plan *pl, struct qs_err *err)
{
    struct qs_dst *d = &pl->d;
    if ((unsigned)req->type > QS_DST_DSTID)
        return qs_err_set(err, "CPF90A6", "TYPE", "?", (const char *)NULL);
    if (check_text(err, "DSTD", req->dstd, QS_SNADS_MAX_DSTD) < 0 ||
        check_text(err, "MSG", req->msg, QS_SNADS_MAX_MSG) < 0 ||
        check_text(err, "LONGMSG", req->longmsg, QS_SNADS_MAX_LONGMSG) < 0 ||
        check_text(err, "SUBJECT", req->subject, QS_SNADS_MAX_SUBJECT) < 0)
        return -1;
    if (req->longmsg && req->type != QS_DST_LMSG)
        return not_with_type(err, "LONGMSG", req->type);
    if (req->subject && req->type != QS_DST_LMSG)
        return not_with_type(err, "SUBJECT", req->type);
    if ((req->doc_path || req->doc_data) && req->type != QS_DST_FILE && req->type != QS_DST_DOC)
        return not_with_type(err, "DOC", req->type);
    if (req->fwd_dstid && req->type != QS_DST_DSTID)
        return not_with_type(err, "DSTID", req->type);
    if (ctx->behalf && (req->personal || req->sensitiv == QS_SENS_PERSONAL))
        return qs_err_set(err, "CPF90AC", ctx->user, ctx->addr, (const char *)NULL);
    d->type = req->type;
    d->cfmdel = !!req->cfmdel;
    d->personal = !!req->personal;
    d->sensitiv = req->sensitiv;
    d->importance = req->importance;
    d->pty = req->pty;
    if (req->type == QS_DST_FILE || req->type == QS_DST_DOC) {
        if (!req->doc_path && !req->doc_data)
            return qs_err_set(err, "CPF90A6", "*NONE", qs_dst_type_name(req->type),
                              (const char *)NULL);
        struct qs_buf b;
        qs_buf_init(&b, QS_SNADS_MAX_DOC);
        if (req->doc_data ? qs_buf_add(&b, req->doc_data, req->doc_len) < 0 &&
                                too_long(err, "DOC", req->doc_len, QS_SNADS_MAX_DOC) < 0
                          : qs_file_read(req->doc_path, QS_SNADS_MAX_DOC, &b, err) < 0) {
            qs_buf_free(&b);
            return -1;
        }
        d->doc = qs_buf_detach(&b, &d->doc_len);
        if (!d->doc && !(d->doc = strdup("")))
            return qs_err_sys(err, ENOMEM);
        const char *src = req->doc_path ? req->doc_path : "DOCUMENT";
        const char *base = strrchr(src, '/');
        d->doc_name = strdup(req->doc_name ? req->doc_name : base ? base + 1 : src);
    }
    if (req->type == QS_DST_DSTID) {
        char id[QS_DSTID_LEN + 1];
        struct qs_dst *src = NULL;
        if (!req->fwd_dstid)
            return qs_err_set(err, "CPF90A6", "DSTID(*NONE)", "*DSTID", (const char *)NULL);
        if (qs_dstid_norm(req->fwd_dstid, id, err) < 0 ||
            qs_snads_rec_find(QS_LOG_IN, ctx->user, ctx->addr, id, req->fwd_ext, &src, err) < 0)
            return -1;
        d->type = src->type;
        d->longmsg = src->longmsg; src->longmsg = NULL;
        d->subject = src->subject; src->subject = NULL;
        d->doc = src->doc; src->doc = NULL;
        d->doc_len = src->doc_len;
        d->doc_name = src->doc_name; src->doc_name = NULL;
        if (!req->dstd) { d->dstd = src->dstd; src->dstd = NULL; }
        if (!req->msg) { d->msg = src->msg; src->msg = NULL; }
        qs_dst_free(&src);
    }
    if (req->dstd && !(d->dstd = strdup(req->dstd)))
        return qs_err_sys(err, ENOMEM);
    if (req->msg && !(d->msg = strdup(req->msg)))
        return qs_err_sys(err, ENOMEM);
    if (req->type == QS_DST_LMSG) {
        d->longmsg = dup_opt(req->longmsg ? req->longmsg : "");
        d->subject = dup_opt(req->subject);
    }
    return 0;
}

static int plan_rcpts(struct qs_snads_ctx *ctx, const struct qs_snddst_req *req,
                      struct plan *pl, time_t now, struct qs_err *err)
{
    char n[24];
    if (req->nto + req->ninet == 0)
        return qs_err_set(err, "CPF90A5", (const char *)NULL);
    if (req->nto > QS_SNADS_MAX_RCPT || req->ninet > QS_SNADS_MAX_RCPT) {
        snprintf(n, sizeof n, "%zu", req->nto > req->ninet ? req->nto : req->ninet);
        return qs_err_set(err, "CPF90A2", req->nto > QS_SNADS_MAX_RCPT ? "TOUSRID" : "TOINTNET",
                          n, "300", (const char *)NULL);
    }
    for (size_t i = 0; i < req->nto; i++) {
        struct qs_sdd_entry e;
        struct qs_err ferr = QS_ERR_INIT;
        if ((unsigned)req->to[i].kind > QS_RCPT_BCC)
            return qs_err_set(err, "CPF90A6", "TOUSRID", "?", (const char *)NULL);
        if (qs_sdd_find(req->to[i].user, req->to[i].addr, &e, &ferr) < 0) {
            if (!strcmp(ferr.msgid, "CPF9006"))
                qs_err_set(err, "CPF900B", req->to[i].user, req->to[i].addr, (const char *)NULL);
            else
                qs_err_move(err, &ferr);
            qs_err_clear(&ferr);
            return -1;
        }
        int dup = 0;
        for (size_t j = 0; j < pl->d.nrcpt; j++)
            if (!strcmp(pl->d.rcpt[j].user, e.user) && !strcmp(pl->d.rcpt[j].addr, e.addr))
                dup = 1;
        if (dup)
            continue;
        char inet[QS_SDD_SMTPUSR_LEN + QS_SDD_SMTPDMN_LEN + 2];
        int via_msf = e.msflvl == QS_SDD_MSF_SYSMS && e.smtp_user[0];
        snprintf(inet, sizeof inet, "%s@%s", e.smtp_user, e.smtp_domain);
        if (add_rcpt(pl, e.user, e.addr, NULL, req->to[i].kind,
                     via_msf ? QS_ST_QUEUED : QS_ST_LOCAL, now) < 0)
            return qs_err_sys(err, ENOMEM);
        if (via_msf) {
            pl->to_mime[pl->d.nrcpt - 1] = 1;
            free(pl->d.rcpt[pl->d.nrcpt - 1].inet);
            if (!(pl->d.rcpt[pl->d.nrcpt - 1].inet = strdup(inet)))
                return qs_err_sys(err, ENOMEM);
            /* a local user reached through MSF keeps user/addr for CFMDEL */
        }
    }
    pl->nlocal = pl->d.nrcpt;
    for (size_t i = 0; i < req->ninet; i++) {
        const char *a = req->inet[i].addr ? req->inet[i].addr : "";
        if (!inet_ok(a)) {
            char shown[64];
            qs_sanitize(shown, sizeof shown, a, strlen(a));
            return qs_err_set(err, "CPF90A4", shown, (const char *)NULL);
        }
        if ((unsigned)req->inet[i].kind > QS_RCPT_BCC)
            return qs_err_set(err, "CPF90A6", "TOINTNET", "?", (const char *)NULL);
        if (add_rcpt(pl, "", "", a, req->inet[i].kind, QS_ST_QUEUED, now) < 0)
            return qs_err_sys(err, ENOMEM);
    }
    int any_mime = 0;
    for (size_t i = 0; i < pl->d.nrcpt; i++)
        any_mime |= pl->to_mime[i];
    if (any_mime) {
        struct qs_dsta a;
        if (req->ninet && qs_dsta_get(&a, err) < 0)
            return -1;
        if (req->ninet && !a.smtprte_user[0])
            return qs_err_set(err, "CPF90A1", (const char *)NULL);
        if (!pl->sender.smtp_user[0])
            return qs_err_set(err, "CPF90A8", pl->sender.user, pl->sender.addr,
                              (const char *)NULL);
    }
    (void)ctx;
    return 0;
}

/* The recipients an incoming copy shows, as KEEPRCP says. */
static int kept_rcpts(const struct plan *pl, const struct qs_dst_rcpt *self,
                      enum qs_keeprcp keep, struct qs_dst *in)
{
    size_t n = 0;
    for (size_t i = 0; i < pl->d.nrcpt; i++)
        if (keep == QS_KEEP_ALL || pl->d.rcpt[i].kind != QS_RCPT_BCC || &pl->d.rcpt[i] == self)
            n++;
    if (keep == QS_KEEP_NONE || n > QS_SNADS_KEEPRCP_MAX)
        return 0;
    in->rcpt = calloc(n, sizeof *in->rcpt);
    if (!in->rcpt)
        return -1;
    for (size_t i = 0; i < pl->d.nrcpt; i++) {
        const struct qs_dst_rcpt *r = &pl->d.rcpt[i];
        if (!(keep == QS_KEEP_ALL || r->kind != QS_RCPT_BCC || r == self))
            continue;
        struct qs_dst_rcpt *c = &in->rcpt[in->nrcpt++];
        *c = *r;
        c->status = QS_ST_NEW;
        c->confirmed = 0;
        if (r->inet && !(c->inet = strdup(r->inet)))
            return -1;
    }
    return 0;
}

static int deliver_local(const struct plan *pl, size_t i, enum qs_keeprcp keep, time_t now,
                         struct qs_err *err)
{
    const struct qs_dst_rcpt *r = &pl->d.rcpt[i];
    struct qs_dst in = pl->d;          /* shallow: shares the strings */
    in.rcpt = NULL;
    in.nrcpt = 0;
    in.log = QS_LOG_IN;
    in.status = QS_ST_NEW;
    in.kind = r->kind;
    in.received = now;
    memcpy(in.owner_user, r->user, sizeof in.owner_user);
    memcpy(in.owner_addr, r->addr, sizeof in.owner_addr);
    in.ext = 1;
    while (in.ext < 99 && qs_snads_rec_exists(QS_LOG_IN, r->user, r->addr, in.dstid, in.ext))
        in.ext++;
    int rc = kept_rcpts(pl, r, keep, &in) < 0 ? qs_err_sys(err, ENOMEM) : 0;
    if (rc == 0)
        rc = qs_snads_rec_write(&in, err);
    for (size_t k = 0; k < in.nrcpt; k++)
        free(in.rcpt[k].inet);
    free(in.rcpt);
    return rc;
}

static int send_mime(struct qs_snads_ctx *ctx, const struct plan *pl, time_t now,
                     struct qs_err *err)
{
    const char **to = calloc(pl->d.nrcpt + 1, sizeof *to);
    const char **cc = calloc(pl->d.nrcpt + 1, sizeof *cc);
    const char **all = calloc(pl->d.nrcpt + 1, sizeof *all);
    size_t nto = 0, ncc = 0, nall = 0;
    int rc = (!to || !cc || !all) ? qs_err_sys(err, ENOMEM) : 0;
    for (size_t i = 0; rc == 0 && i < pl->d.nrcpt; i++) {
        const struct qs_dst_rcpt *r = &pl->d.rcpt[i];
        if (!pl->to_mime[i])
            continue;
        all[nall++] = r->inet;
        if (r->kind == QS_RCPT_PRI)
            to[nto++] = r->inet;
        else if (r->kind == QS_RCPT_CC)
            cc[ncc++] = r->inet;
    }
    char from[QS_SDD_SMTPUSR_LEN + QS_SDD_SMTPDMN_LEN + 2];
    snprintf(from, sizeof from, "%s@%s", pl->sender.smtp_user, pl->sender.smtp_domain);
    struct qs_buf note;
    qs_buf_init(&note, QS_SNADS_MAX_DOC * 2);
    if (rc == 0)
        rc = qs_snads_mime(&note, &pl->d, from, to, nto, cc, ncc, now, err);
    if (rc == 0)
        rc = qs_snads_dstq_put(ctx, QS_DSTQ_SMTP, &pl->d, from, all, nall, note.data,
                               note.len, err);
    qs_buf_free(&note);
    free(to);
    free(cc);
    free(all);
    return rc;
}

static void plan_free(struct plan *pl)
{
    struct qs_dst *d = malloc(sizeof *d);
    if (d) {
        *d = pl->d;
        qs_dst_free(&d);
    }
    free(pl->to_mime);
}

int qs_snddst(struct qs_snads_ctx *ctx, const struct qs_snddst_req *req,
              char dstid_r[QS_DSTID_LEN + 1], struct qs_err *err)
{
    struct plan pl;
    memset(&pl, 0, sizeof pl);
    time_t now = qs_snads_now(ctx);
    struct qs_err ferr = QS_ERR_INIT;
    if (qs_sdd_find(ctx->user, ctx->addr, &pl.sender, &ferr) < 0) {
        qs_err_move(err, &ferr);
        return -1;
    }
    struct qs_dsta attrs;
    int rc = qs_dsta_get(&attrs, err);
    if (rc == 0)
        rc = plan_content(ctx, req, &pl, err);
    if (rc == 0)
        rc = plan_rcpts(ctx, req, &pl, now, err);
    int fd = rc == 0 ? qs_snads_lock(err) : -1;
    if (fd < 0)
        rc = -1;
    unsigned seq = 0;
    if (rc == 0)
        rc = qs_snads_seq_next(pl.sender.addr, pl.sender.user, &seq, err);
    if (rc == 0) {
        struct qs_dst *d = &pl.d;
        qs_dstid_make(d->dstid, pl.sender.addr, pl.sender.user, seq);
        memcpy(d->from_user, pl.sender.user, 9);
        memcpy(d->from_addr, pl.sender.addr, 9);
        d->created = now;
        for (size_t i = 0; rc == 0 && i < pl.d.nrcpt; i++)
            if (!pl.to_mime[i])
                rc = deliver_local(&pl, i, attrs.keeprcp, now, err);
    }
    if (rc == 0) {
        struct qs_dst out = pl.d;
        out.log = QS_LOG_OUT;
        out.ext = 0;
        out.status = QS_ST_NEW;
        memcpy(out.owner_user, pl.sender.user, 9);
        memcpy(out.owner_addr, pl.sender.addr, 9);
        rc = qs_snads_rec_write(&out, err);
    }
    int any_mime = 0;
    for (size_t i = 0; i < pl.d.nrcpt; i++)
        any_mime |= pl.to_mime[i];
    if (rc == 0 && any_mime) {
        memcpy(pl.d.owner_user, pl.sender.user, 9);
        memcpy(pl.d.owner_addr, pl.sender.addr, 9);
        rc = send_mime(ctx, &pl, now, err);
    }
    if (rc == 0) {
        memcpy(dstid_r, pl.d.dstid, QS_DSTID_LEN + 1);
        int on = qs_snads_jrn_on();
        qs_snads_jrn(on, "H1", &pl.d, NULL, NULL, NULL, qs_dst_type_name(pl.d.type));
        for (size_t i = 0; i < pl.d.nrcpt; i++) {
            const struct qs_dst_rcpt *r = &pl.d.rcpt[i];
            if (pl.to_mime[i])
                qs_snads_jrn(on, "HQ", &pl.d, NULL, NULL, r->inet, QS_DSTQ_SMTP);
            else
                qs_snads_jrn(on, "H2", &pl.d, r->user, r->addr, NULL, NULL);
        }
    }
    if (fd >= 0)
        close(fd);
    plan_free(&pl);
    return rc;
}
