/*
 * qsys/snads/rcvdst.c - the receiving side: QRYDST, RCVDST, DLTDST, and the
 * confirmation of delivery (CFMDEL) written back into the sender's outgoing
 * log when a recipient opens or deletes a distribution.
 */
#include "qsys/snads/store.h"
#include "qsys/sdd/sdd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_damaged(const struct qs_dst *d)
{
    return d->errtext && !strcmp(d->errtext, "damaged") && !d->from_user[0];
}

static int any_rcpt(const struct qs_dst *d, enum qs_dst_status a, enum qs_dst_status b)
{
    for (size_t i = 0; i < d->nrcpt; i++)
        if (d->rcpt[i].status == a || d->rcpt[i].status == b)
            return 1;
    return 0;
}

static int matches(const struct qs_dst *d, enum qs_dst_log log, enum qs_dst_filter f)
{
    if (f == QS_FLT_ALL)
        return 1;
    if (f == QS_FLT_DAMAGED)
        return is_damaged(d);
    if (is_damaged(d))
        return 0;
    if (f == QS_FLT_NEW)
        return d->status == QS_ST_NEW;
    if (f == QS_FLT_OLD)
        return d->status == QS_ST_OLD;
    if (log != QS_LOG_OUT) {
        switch (f) {
        case QS_FLT_OPENED:   return d->status == QS_ST_OPENED;
        case QS_FLT_UNOPENED: return d->status == QS_ST_NEW || d->status == QS_ST_OLD;
        case QS_FLT_LOCAL:    return 1;   /* every incoming record came from this system */
        default:              return 0;   /* REMOTE, FILEPND, DELETED */
        }
    }
    switch (f) {
    case QS_FLT_OPENED:   return any_rcpt(d, QS_ST_OPENED, QS_ST_OPENED);
    case QS_FLT_UNOPENED: return any_rcpt(d, QS_ST_LOCAL, QS_ST_LOCAL);
    case QS_FLT_LOCAL:    return any_rcpt(d, QS_ST_LOCAL, QS_ST_OPENED);
    case QS_FLT_REMOTE:   return any_rcpt(d, QS_ST_REMOTE, QS_ST_QUEUED);
    case QS_FLT_DELETED:  return any_rcpt(d, QS_ST_DELETED, QS_ST_DELETED);
    default:              return 0;   /* FILEPND: qshim never files pending */
    }
}

static int all_final(const struct qs_dst *d)
{
    for (size_t i = 0; i < d->nrcpt; i++) {
        enum qs_dst_status s = d->rcpt[i].status;
        if (s != QS_ST_OPENED && s != QS_ST_DELETED && s != QS_ST_REMOTE && s != QS_ST_ERROR)
            return 0;
    }
    return 1;
}

static int owner(struct qs_snads_ctx *ctx, const char *user, const char *addr,
                 char u[9], char a[9], struct qs_err *err)
{
    if (!user || !addr) {
        user = ctx->user;
        addr = ctx->addr;
    }
    return qs_sdd_norm_id(user, u, "USRID user ID", err) < 0 ||
           qs_sdd_norm_id(addr, a, "USRID address", err) < 0 ? -1 : 0;
}

int qs_qrydst(struct qs_snads_ctx *ctx, const char *user, const char *addr,
              enum qs_dst_log log, enum qs_dst_filter flt, int dltsts,
              struct qs_dst ***v_r, size_t *n_r, struct qs_err *err)
{
    char u[9], a[9];
    *v_r = NULL;
    *n_r = 0;
    if (owner(ctx, user, addr, u, a, err) < 0)
        return -1;
    struct qs_sdd_entry e;
    if (qs_sdd_find(u, a, &e, err) < 0)
        return -1;
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    struct qs_dst **v;
    size_t n, k = 0, i;
    int rc = qs_snads_rec_list(log, u, a, &v, &n, err);
    for (i = 0; rc == 0 && i < n; i++) {
        if (!matches(v[i], log, flt) || (ctx && ctx->behalf && v[i]->personal)) {
            qs_dst_free(&v[i]);
            continue;
        }
        struct qs_dst *d = v[i];
        v[k++] = d;
        if (is_damaged(d))
            continue;
        if (log == QS_LOG_OUT && dltsts && all_final(d)) {
            rc = qs_snads_rec_remove(d, err);
        } else if (d->status == QS_ST_NEW) {
            d->status = QS_ST_OLD;         /* listed once: no longer new */
            rc = qs_snads_rec_write(d, err);
            d->status = QS_ST_NEW;         /* the listing shows what it was */
        }
    }
    close(fd);
    if (rc < 0) {
        for (; i < n; i++)          /* the unvisited ones */
            qs_dst_free(&v[i]);
        qs_dst_list_free(v, k);
        return -1;
    }
    *v_r = v;
    *n_r = k;
    return 0;
}

int qs_rcvdst(struct qs_snads_ctx *ctx, const struct qs_rcvdst_req *req,
              struct qs_dst **d_r, struct qs_err *err)
{
    char id[QS_DSTID_LEN + 1];
    *d_r = NULL;
    if (!req->dstid || qs_dstid_norm(req->dstid, id, err) < 0)
        return req->dstid ? -1 : qs_err_set(err, "CPF90A7", "*NONE", (const char *)NULL);
    if (req->ext < 0 || req->ext > 99)
        return qs_err_set(err, "CPF9083", "DSTIDEXN", "?", (const char *)NULL);
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    struct qs_dst *d = NULL;
    time_t now = qs_snads_now(ctx);
    int rc = qs_snads_rec_find(QS_LOG_IN, ctx->user, ctx->addr, id, req->ext, &d, err);
    if (rc == 0 && ctx->behalf && d->personal) {
        char shown[QS_DSTID_LEN + 8];
        snprintf(shown, sizeof shown, "%s %d", id, req->ext);
        rc = qs_err_set(err, "CPF90A7", shown, (const char *)NULL);  /* private */
    }
    if (rc == 0) {
        int del = req->only_dstid || !req->keep;
        int confirm = d->cfmdel && (req->only_dstid || req->ackrcv);
        if (del) {
            rc = qs_snads_rec_remove(d, err);
        } else {
            enum qs_dst_status was = d->status;
            d->status = QS_ST_OPENED;
            rc = qs_snads_rec_write(d, err);
            d->status = was;
        }
        if (rc == 0)
            rc = qs_snads_out_update(d, QS_ST_OPENED, confirm, now, err);
        if (rc == 0) {
            int on = qs_snads_jrn_on();
            qs_snads_jrn(on, "HR", d, d->owner_user, d->owner_addr, NULL,
                         del ? "KEEP(*NO)" : "KEEP(*YES)");
            if (del)
                qs_snads_jrn(on, "HD", d, d->owner_user, d->owner_addr, NULL, "RCVDST");
            if (confirm)
                qs_snads_jrn(on, "HC", d, d->owner_user, d->owner_addr, NULL, NULL);
        }
    }
    close(fd);
    if (rc < 0) {
        qs_dst_free(&d);
        return -1;
    }
    *d_r = d;
    return 0;
}

int qs_dltdst(struct qs_snads_ctx *ctx, enum qs_dst_log log,
              const struct qs_dltdst_id *ids, size_t n, struct qs_err *err)
{
    if (n == 0 || n > QS_SNADS_MAX_DLT) {
        char c[24];
        snprintf(c, sizeof c, "%zu", n);
        return qs_err_set(err, "CPF90A2", "DSTID", c, "50", (const char *)NULL);
    }
    int fd = qs_snads_lock(err);
    if (fd < 0)
        return -1;
    struct qs_dst **found = calloc(n, sizeof *found);
    int rc = found ? 0 : qs_err_sys(err, ENOMEM);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char id[QS_DSTID_LEN + 1];
        if (!ids[i].dstid || qs_dstid_norm(ids[i].dstid, id, err) < 0) {
            rc = ids[i].dstid ? -1 : qs_err_set(err, "CPF90A7", "*NONE", (const char *)NULL);
            break;
        }
        if (ids[i].ext < 0 || ids[i].ext > 99) {
            rc = qs_err_set(err, "CPF9083", "DSTIDEXN", "?", (const char *)NULL);
            break;
        }
        rc = qs_snads_rec_find(log, ctx->user, ctx->addr, id, ids[i].ext, &found[i], err);
        if (rc == 0 && ctx->behalf && found[i]->personal) {
            rc = qs_err_set(err, "CPF90A7", id, (const char *)NULL);   /* private */
            break;
        }
        if (rc < 0 && !found[i]) {
            /* a damaged record can still be deleted */
            if (strcmp(err->msgid, "CPF9898") == 0 && ids[i].ext > 0 &&
                (found[i] = calloc(1, sizeof **found))) {
                memcpy(found[i]->dstid, id, sizeof id);
                found[i]->ext = log == QS_LOG_OUT ? 0 : ids[i].ext;
                found[i]->log = log;
                memcpy(found[i]->owner_user, ctx->user, 9);
                memcpy(found[i]->owner_addr, ctx->addr, 9);
                qs_err_clear(err);
                rc = 0;
            }
        }
    }
    time_t now = qs_snads_now(ctx);
    int on = rc == 0 ? qs_snads_jrn_on() : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!found[i])
            continue;
        rc = qs_snads_rec_remove(found[i], err);
        if (rc == 0)
            qs_snads_jrn(on, "HD", found[i], found[i]->owner_user, found[i]->owner_addr, NULL,
                         log == QS_LOG_IN ? "*IN" : log == QS_LOG_OUT ? "*OUT" : "*ERR");
        if (rc == 0 && log == QS_LOG_IN && found[i]->from_user[0] &&
            found[i]->status != QS_ST_OPENED)
            rc = qs_snads_out_update(found[i], QS_ST_DELETED, 0, now, err);
        qs_dst_free(&found[i]);   /* the same id twice: second finds nothing */
    }
    if (found)
        for (size_t i = 0; i < n; i++)
            qs_dst_free(&found[i]);
    free(found);
    close(fd);
    return rc;
}

/* --- listing ----------------------------------------------------------------- */

static void stamp(char out[20], time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

int qs_dst_format_list(struct qs_buf *out, enum qs_dst_log log,
                       struct qs_dst *const *v, size_t n)
{
    int rc = 0;
    if (log == QS_LOG_OUT)
        rc |= qs_buf_adds(out, "Distribution ID       Type   Date              "
                               "Recipient                        Status  Cfm  Description\n");
    else
        rc |= qs_buf_adds(out, "Distribution ID      Ext Type   Date              "
                               "Sender            Status  Description\n");
    for (size_t i = 0; i < n; i++) {
        const struct qs_dst *d = v[i];
        char when[20];
        stamp(when, d->received ? d->received : d->created);
        const char *desc = d->dstd ? d->dstd : d->subject ? d->subject : "";
        if (log != QS_LOG_OUT) {
            rc |= qs_buf_addf(out, "%-20s %3d %-6s %s %-8s %-8s %-7s %s\n", d->dstid, d->ext,
                              qs_dst_type_name(d->type), when, d->from_user, d->from_addr,
                              is_damaged(d) ? "DAMAGED" : qs_dst_status_name(d->status), desc);
            continue;
        }
        if (!d->nrcpt)
            rc |= qs_buf_addf(out, "%-20s  %-6s %s %-32s %-7s %-4s %s\n", d->dstid,
                              qs_dst_type_name(d->type), when, "", "DAMAGED", "", desc);
        for (size_t k = 0; k < d->nrcpt; k++) {
            const struct qs_dst_rcpt *r = &d->rcpt[k];
            char who[48];
            if (r->inet)
                snprintf(who, sizeof who, "%.32s", r->inet);
            else
                snprintf(who, sizeof who, "%-8s %-8s %s", r->user, r->addr,
                         qs_dst_kind_name(r->kind));
            rc |= qs_buf_addf(out, "%-20s  %-6s %s %-32s %-7s %-4s %s\n",
                              k ? "" : d->dstid, k ? "" : qs_dst_type_name(d->type),
                              k ? "                " : when, who,
                              qs_dst_status_name(r->status), r->confirmed ? "YES" : "",
                              k ? "" : desc);
        }
    }
    return rc ? -1 : 0;
}
