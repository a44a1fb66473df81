/*
 * qsys/exitpgm/zmfdesc.c - MSF message descriptors (see zmfdesc.h).
 *
 * CPFAF83 reason codes given by the parser:
 *   21 attribute Reserved not 0        22 unknown descriptor format
 *   23 descriptor pointer is null      24 attribute length out of range
 *   25 header format differs           26 header total length not valid
 *   27 entry count not valid           28 first entry offset not valid
 *   29 entry header past the end       30 entry length not valid
 *   31 data displacement/length        32 address too long
 *   33 SPIN displacement/length        34 too many attribute entries
 */
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const formats[QS_ZMF_NKINDS] = {
    "ORGL0100", "ENVL0100", "RCPL0100", "ROAL0100", "RTAL0100",
    "RPYL0100", "ORCL0100", "ATTL0100"
};

const char *qs_zmf_kind_format(enum qs_zmf_kind k)
{
    return (unsigned)k < QS_ZMF_NKINDS ? formats[k] : "";
}

static size_t fixed_size(enum qs_zmf_kind k)
{
    switch (k) {
    case QS_ZMF_ORGL: case QS_ZMF_RTAL: case QS_ZMF_RPYL: return sizeof(struct qs_zmf_addr_ent);
    case QS_ZMF_ORCL: return sizeof(struct qs_zmf_orc_ent);
    case QS_ZMF_ENVL: case QS_ZMF_ATTL: return sizeof(struct qs_zmf_data_ent);
    case QS_ZMF_RCPL: return sizeof(struct qs_zmf_rcp_ent);
    case QS_ZMF_ROAL: return sizeof(struct qs_zmf_roa_ent);
    default: return 0;
    }
}

static int reason(struct qs_err *err, int code)
{
    char r[16];
    snprintf(r, sizeof r, "%d", code);
    return qs_err_set(err, "CPFAF83", r, (const char *)NULL);
}

static int in_entry(int64_t disp, int64_t len, int64_t fixed, int64_t entry_len)
{
    if (len == 0)
        return 1;
    return disp >= fixed && len > 0 && disp + len <= entry_len;
}

static int add_item(struct qs_zmf_parsed *r, const struct qs_zmf_item *it)
{
    if (r->n % 64 == 0) {
        struct qs_zmf_item *nv = realloc(r->v, (r->n + 64) * sizeof *nv);
        if (!nv)
            return -1;
        r->v = nv;
    }
    r->v[r->n++] = *it;
    return 0;
}

static int parse_entry(enum qs_zmf_kind k, const char *e, int64_t elen,
                       struct qs_zmf_item *it, struct qs_err *err)
{
    int64_t fx = (int64_t)fixed_size(k);
    memset(it, 0, sizeof *it);
    it->kind = k;
    int64_t disp, len, sdisp = 0, slen = 0;
    char type[4];
    if (k == QS_ZMF_RCPL) {
        struct qs_zmf_rcp_ent h;
        memcpy(&h, e, sizeof h);
        disp = h.rcpt_disp; len = h.addr_len; sdisp = h.spin_disp; slen = h.spin_len;
        memcpy(type, h.addr_type, 4);
        it->ccsid = h.ccsid; it->reason = h.reason; it->diag = h.diag;
        it->status = h.status; it->dist_type = h.dist_type; it->unique_id = h.unique_id;
    } else if (k == QS_ZMF_ROAL) {
        struct qs_zmf_roa_ent h;
        memcpy(&h, e, sizeof h);
        disp = h.rcpt_disp; len = h.addr_len; sdisp = h.spin_disp; slen = h.spin_len;
        memcpy(type, h.addr_type, 4);
        it->ccsid = h.ccsid; it->reason = h.reason; it->diag = h.diag; it->unique_id = h.unique_id;
    } else if (k == QS_ZMF_ENVL || k == QS_ZMF_ATTL) {
        struct qs_zmf_data_ent h;
        memcpy(&h, e, sizeof h);
        disp = h.disp; len = h.data_len; memcpy(type, h.data_type, 4); it->unique_id = h.unique_id;
    } else if (k == QS_ZMF_ORCL) {
        struct qs_zmf_orc_ent h;
        memcpy(&h, e, sizeof h);
        disp = h.disp; len = h.addr_len; memcpy(type, h.addr_type, 4);
        it->ccsid = h.ccsid; it->unique_id = h.unique_id;
        it->dist_type = h.dist_type; it->reply_req = h.reply_req;
    } else {
        struct qs_zmf_addr_ent h;
        memcpy(&h, e, sizeof h);
        disp = h.disp; len = h.addr_len; memcpy(type, h.addr_type, 4);
        it->ccsid = h.ccsid; it->unique_id = h.unique_id;
    }
    memcpy(it->type, type, 4);
    it->type[4] = '\0';
    if (len < 0 || !in_entry(disp, len, fx, elen))
        return reason(err, 31);
    if (k != QS_ZMF_ENVL && k != QS_ZMF_ATTL && len > QS_ZMF_MAX_ADDR)
        return reason(err, 32);
    if (slen < 0 || slen > QS_ZMF_MAX_SPIN || !in_entry(sdisp, slen, fx, elen))
        return reason(err, 33);
    it->data = len ? e + disp : "";
    it->len = (size_t)len;
    it->spin = slen ? e + sdisp : NULL;
    it->spin_len = (size_t)slen;
    return 0;
}

int qs_zmf_parse(const struct qs_zmf_attr *attrs, long n, struct qs_zmf_parsed *r,
                 struct qs_err *err)
{
    memset(r, 0, sizeof *r);
    if (n < 0 || n > QS_ZMF_MAX_ATTRS || (n > 0 && !attrs))
        return reason(err, 34);
    for (long i = 0; i < n; i++) {
        struct qs_zmf_attr a;
        memcpy(&a, &attrs[i], sizeof a);
        enum qs_zmf_kind k = QS_ZMF_NKINDS;
        for (int j = 0; j < QS_ZMF_NKINDS; j++)
            if (!memcmp(a.format, formats[j], 8))
                k = (enum qs_zmf_kind)j;
        int rc = 0;
        if (a.reserved != 0)
            rc = reason(err, 21);
        else if (k == QS_ZMF_NKINDS)
            rc = reason(err, 22);
        else if (!a.desc.ptr)
            rc = reason(err, 23);
        else if (a.len < (int32_t)sizeof(struct qs_zmf_hdr) || a.len > QS_ZMF_MAX_DESC_SIZE)
            rc = reason(err, 24);
        if (rc < 0)
            goto fail;
        const char *d = a.desc.ptr;
        struct qs_zmf_hdr h;
        memcpy(&h, d, sizeof h);
        if (memcmp(h.format, a.format, 8)) {
            reason(err, 25);
            goto fail;
        }
        if (h.total_len < (int32_t)sizeof h || h.total_len > a.len) {
            reason(err, 26);
            goto fail;
        }
        if (h.count < 0 || h.count > QS_ZMF_MAX_ENTRIES) {
            reason(err, 27);
            goto fail;
        }
        if (h.first_off < (int32_t)sizeof h || h.first_off > h.total_len) {
            reason(err, 28);
            goto fail;
        }
        int64_t off = h.first_off, total = h.total_len, fx = (int64_t)fixed_size(k);
        for (int32_t e = 0; e < h.count; e++) {
            if (off + fx > total) {
                reason(err, 29);
                goto fail;
            }
            int32_t elen;
            memcpy(&elen, d + off, sizeof elen);
            if (elen < fx || off + elen > total) {
                reason(err, 30);
                goto fail;
            }
            struct qs_zmf_item it;
            if (parse_entry(k, d + off, elen, &it, err) < 0)
                goto fail;
            if (add_item(r, &it) < 0) {
                qs_err_sys(err, ENOMEM);
                goto fail;
            }
            off += elen;
        }
    }
    return 0;
fail:
    qs_zmf_parsed_free(r);
    return -1;
}

void qs_zmf_parsed_free(struct qs_zmf_parsed *p)
{
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

/* --- building ----------------------------------------------------------------- */

static void put32(struct qs_buf *b, size_t off, int32_t v)
{
    memcpy(b->data + off, &v, sizeof v);
}

static int pad(struct qs_buf *b)
{
    while (b->len % 4)
        if (qs_buf_addc(b, '\0') < 0)
            return -1;
    return 0;
}

static void finish_desc(struct qs_zmf_builder *zb)
{
    if (zb->cur_attr == 0)
        return;
    struct qs_buf *b = zb->b;
    size_t ai = zb->cur_attr - 1;
    int32_t total = (int32_t)(b->len - zb->hdr_off);
    put32(b, zb->hdr_off + offsetof(struct qs_zmf_hdr, total_len), total);
    put32(b, zb->hdr_off + offsetof(struct qs_zmf_hdr, bytes_avail), total);
    put32(b, ai * sizeof(struct qs_zmf_attr) + offsetof(struct qs_zmf_attr, len), total);
}

int qs_zmf_begin(struct qs_zmf_builder *zb, struct qs_buf *b, size_t nattrs)
{
    memset(zb, 0, sizeof *zb);
    zb->b = b;
    zb->nattrs = nattrs;
    if (qs_buf_reserve(b, nattrs * sizeof(struct qs_zmf_attr) + 1) < 0)
        return -1;
    memset(b->data + b->len, 0, nattrs * sizeof(struct qs_zmf_attr));
    b->len += nattrs * sizeof(struct qs_zmf_attr);
    b->data[b->len] = '\0';
    return 0;
}

int qs_zmf_desc(struct qs_zmf_builder *zb, enum qs_zmf_kind k)
{
    if (zb->cur_attr >= zb->nattrs || (unsigned)k >= QS_ZMF_NKINDS)
        return -1;
    finish_desc(zb);
    struct qs_buf *b = zb->b;
    if (pad(b) < 0)
        return -1;
    size_t ai = zb->cur_attr++;
    uint64_t off = b->len;
    char *a = b->data + ai * sizeof(struct qs_zmf_attr);
    memcpy(a + offsetof(struct qs_zmf_attr, desc), &off, sizeof off);
    memcpy(a + offsetof(struct qs_zmf_attr, format), formats[k], 8);
    struct qs_zmf_hdr h;
    memset(&h, 0, sizeof h);
    memcpy(h.format, formats[k], 8);
    h.first_off = (int32_t)sizeof h;
    zb->hdr_off = b->len;
    return qs_buf_add(b, &h, sizeof h);
}

int qs_zmf_add(struct qs_zmf_builder *zb, const struct qs_zmf_item *it)
{
    struct qs_buf *b = zb->b;
    if (zb->cur_attr == 0 || pad(b) < 0)
        return -1;
    char fmt[8];
    memcpy(fmt, b->data + zb->hdr_off + offsetof(struct qs_zmf_hdr, format), 8);
    enum qs_zmf_kind k = QS_ZMF_NKINDS;
    for (int j = 0; j < QS_ZMF_NKINDS; j++)
        if (!memcmp(fmt, formats[j], 8))
            k = (enum qs_zmf_kind)j;
    size_t fx = fixed_size(k);
    size_t elen = fx + it->len + it->spin_len;
    elen = (elen + 3) & ~(size_t)3;
    if (elen > QS_ZMF_MAX_DESC_SIZE)
        return -1;
    size_t start = b->len;
    if (qs_buf_reserve(b, elen + 1) < 0)
        return -1;
    memset(b->data + start, 0, elen);
    b->len += elen;
    b->data[b->len] = '\0';
    char *e = b->data + start;
    int32_t el = (int32_t)elen, dl = (int32_t)it->len, dp = (int32_t)fx;
    int32_t sl = (int32_t)it->spin_len, sp = it->spin_len ? (int32_t)(fx + it->len) : 0;
    char type[4] = { ' ', ' ', ' ', ' ' };
    memcpy(type, it->type, strnlen(it->type, 4));
    if (k == QS_ZMF_RCPL) {
        struct qs_zmf_rcp_ent h = { el, sp, sl, dp, dl, {0}, it->ccsid, it->reason, it->diag,
                                    {' ', ' ', ' ', ' '}, it->status, it->dist_type, it->unique_id, 0 };
        memcpy(h.addr_type, type, 4);
        memcpy(e, &h, sizeof h);
    } else if (k == QS_ZMF_ROAL) {
        struct qs_zmf_roa_ent h = { el, sp, sl, dp, dl, {0}, it->ccsid, it->reason, it->diag,
                                    it->unique_id, 0, 0 };
        memcpy(h.addr_type, type, 4);
        memcpy(e, &h, sizeof h);
    } else if (k == QS_ZMF_ENVL || k == QS_ZMF_ATTL) {
        struct qs_zmf_data_ent h = { el, dp, dl, {0}, it->unique_id, 0, 0 };
        memcpy(h.data_type, type, 4);
        memcpy(e, &h, sizeof h);
    } else if (k == QS_ZMF_ORCL) {
        struct qs_zmf_orc_ent h = { el, dp, dl, {0}, it->ccsid, it->unique_id, 0, 0,
                                    it->dist_type, it->reply_req };
        memcpy(h.addr_type, type, 4);
        memcpy(e, &h, sizeof h);
    } else if (k != QS_ZMF_NKINDS) {
        struct qs_zmf_addr_ent h = { el, dp, dl, {0}, it->ccsid, it->unique_id, 0, 0 };
        memcpy(h.addr_type, type, 4);
        memcpy(e, &h, sizeof h);
    } else {
        return -1;
    }
    if (it->len)
        memcpy(e + fx, it->data, it->len);
    if (it->spin_len)
        memcpy(e + fx + it->len, it->spin, it->spin_len);
    int32_t cnt;
    size_t coff = zb->hdr_off + offsetof(struct qs_zmf_hdr, count);
    memcpy(&cnt, b->data + coff, sizeof cnt);
    put32(b, coff, cnt + 1);
    return 0;
}

int qs_zmf_end(struct qs_zmf_builder *zb)
{
    finish_desc(zb);
    return 0;
}

void qs_zmf_relocate(void *block, size_t nattrs)
{
    char *base = block;
    for (size_t i = 0; i < nattrs; i++) {
        char *a = base + i * sizeof(struct qs_zmf_attr);
        uint64_t off;
        memcpy(&off, a, sizeof off);
        void *p = base + off;
        memset(a, 0, 16);
        memcpy(a, &p, sizeof p);
    }
}

int qs_zmf_rebuild(struct qs_buf *b, const struct qs_zmf_parsed *p, size_t *nattrs_r)
{
    size_t nk = 0;
    int used[QS_ZMF_NKINDS] = { 0 };
    for (size_t i = 0; i < p->n; i++)
        if (!used[p->v[i].kind]++)
            nk++;
    struct qs_zmf_builder zb;
    if (qs_zmf_begin(&zb, b, nk) < 0)
        return -1;
    for (int k = 0; k < QS_ZMF_NKINDS; k++) {
        if (!used[k])
            continue;
        if (qs_zmf_desc(&zb, (enum qs_zmf_kind)k) < 0)
            return -1;
        for (size_t i = 0; i < p->n; i++)
            if (p->v[i].kind == (enum qs_zmf_kind)k && qs_zmf_add(&zb, &p->v[i]) < 0)
                return -1;
    }
    *nattrs_r = nk;
    return qs_zmf_end(&zb);
}
