/*
 * api/zmfmsg.c - QzmfRtvMailMsg and QzmfChgMailMsg: reading and changing
 * the message an exit program was called for, and the VLD_TYP validation
 * QzmfCrtMailMsg / QzmfChgMailMsg run.
 *
 * IBM allows Rtv/Chg only while an exit program runs for the message
 * (QZMFARTV.htm).  On qshim that is the child process of a contained call
 * (qsys/exitpgm): qs_exitpgm_current() gives the message.  Retrieval fills
 * the caller's receivers; changes are recorded for the framework, which
 * applies them when the program returns (not on BACKOUT).  What qshim can
 * change (UNCONFIRMED beyond IBM's CPFAF8A text): RCPL0100 entries — a
 * recipient's Status by Unique_Id, or a new recipient with Unique_Id -1
 * (QZMF_UNIQUE_ID_ADD_ENTRY) at LST_EXP and ADR_RSL only.  Everything else
 * is CPFAF8A reason 64 ("list cannot be expanded or replaced").
 *
 * CPFAF83 reason codes added here: 44 attribute count < 1 or > 64, 50 not
 * called from an exit program for this message, 51 Unique_Id not known,
 * 52 status not valid, 60 rejected by a VLD_TYP program.
 */
#include "api/zmf.h"
#include "api/zmfcfg.h"
#include "qsys/exitpgm/exitpgm.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/msf/msf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static int reason(struct qs_err *err, const char *id, int code)
{
    char r[16];
    snprintf(r, sizeof r, "%d", code);
    return qs_err_set(err, id, r, (const char *)NULL);
}

static const struct qs_exitpgm_cur *current(const char *id, struct qs_err *err)
{
    const struct qs_exitpgm_cur *c = qs_exitpgm_current();
    if (!c || strncmp(c->msg_id, id, QS_ZMF_ID_LEN) != 0) {
        reason(err, "CPFAF83", 50);
        return NULL;
    }
    return c;
}

/* Type group of an entry's type field (QZMF_TYPE_GROUP_*). */
static const char *group_of(enum qs_zmf_kind k)
{
    return k == QS_ZMF_ENVL ? "03" : k == QS_ZMF_ATTL ? "04" : "01";
}

int qs_zmf_validate(const char *id, const struct qs_zmf_parsed *p, struct qs_err *err)
{
    int configured = 0;
    for (size_t i = 0; i < p->n && !configured; i++) {
        char value[4] = { ' ', ' ', ' ', ' ' };
        memcpy(value, p->v[i].type, strnlen(p->v[i].type, 4));
        int h = qs_zmfcfg_has(group_of(p->v[i].kind), value, err);
        if (h < 0)
            return -1;
        configured = h;
    }
    return configured ? qs_exitpgm_validate(id, p, err) : 0;
}

/* Copy a descriptor into the caller's receiver: the header and as many
 * whole entries as fit; Total_Length = bytes returned, Bytes_Available =
 * the whole descriptor. */
static void copy_out(const char *desc, unsigned char *rcv, size_t rlen)
{
    struct qs_zmf_hdr h;
    memcpy(&h, desc, sizeof h);
    size_t off = (size_t)h.first_off, used = off, n = 0;
    for (int32_t i = 0; i < h.count; i++) {
        int32_t el;
        memcpy(&el, desc + off, 4);
        if (used + (size_t)el > rlen)
            break;
        used += (size_t)el;
        off += (size_t)el;
        n++;
    }
    size_t body = used - (size_t)h.first_off;
    if ((size_t)h.first_off <= rlen)
        memcpy(rcv + h.first_off, desc + h.first_off, body);
    struct qs_zmf_hdr out = h;
    out.bytes_avail = h.total_len;
    out.total_len = (int32_t)used;
    out.count = (int32_t)n;
    memcpy(rcv, &out, sizeof out);
}

int qs_zmf_retrieve(const char *id, struct qs_zmf_attr *attrs, long n, struct qs_err *err)
{
    if (n < 1 || n > QS_ZMF_MAX_ATTRS)
        return reason(err, "CPFAF83", 44);
    const struct qs_exitpgm_cur *c = current(id, err);
    if (!c)
        return -1;
    for (long i = 0; i < n; i++) {                 /* check every receiver first */
        struct qs_zmf_attr a;
        memcpy(&a, &attrs[i], sizeof a);
        int known = 0;
        for (int k = 0; k < QS_ZMF_NKINDS; k++)
            if (!memcmp(a.format, qs_zmf_kind_format((enum qs_zmf_kind)k), 8))
                known = 1;
        if (a.reserved != 0)
            return reason(err, "CPFAF83", 21);
        if (!known)
            return reason(err, "CPFAF83", 22);
        if (!a.desc.ptr)
            return reason(err, "CPFAF83", 23);
        if (a.len < (int32_t)sizeof(struct qs_zmf_hdr) || a.len > QS_ZMF_MAX_DESC_SIZE)
            return reason(err, "CPFAF83", 24);
    }
    struct qs_buf b;
    qs_buf_init(&b, QS_ZMF_MAX_DESC_SIZE);
    int na = qs_exitpgm_describe(c->env, c->content, &b);
    if (na < 0) {
        qs_buf_free(&b);
        return qs_err_sys(err, errno ? errno : E2BIG);
    }
    const struct qs_zmf_attr *have = (const struct qs_zmf_attr *)b.data;
    for (long i = 0; i < n; i++) {
        struct qs_zmf_attr a;
        memcpy(&a, &attrs[i], sizeof a);
        const char *src = NULL;
        for (int k = 0; k < na; k++)
            if (!memcmp(have[k].format, a.format, 8))
                src = have[k].desc.ptr;
        if (src) {
            copy_out(src, a.desc.ptr, (size_t)a.len);
        } else {                                   /* nothing of this kind */
            struct qs_zmf_hdr h = { (int32_t)sizeof h, (int32_t)sizeof h, { 0 },
                                    (int32_t)sizeof h, 0, 0 };
            memcpy(h.format, a.format, 8);
            memcpy(a.desc.ptr, &h, sizeof h);
        }
    }
    qs_buf_free(&b);
    return 0;
}

static int cannot_expand(struct qs_err *err)
{
    return reason(err, "CPFAF8A", 64);
}

int qs_zmf_change(const char *id, const struct qs_zmf_attr *attrs, long n, struct qs_err *err)
{
    if (n < 1 || n > QS_ZMF_MAX_ATTRS)
        return reason(err, "CPFAF83", 44);
    const struct qs_exitpgm_cur *c = current(id, err);
    if (!c)
        return -1;
    struct qs_zmf_parsed p;
    if (qs_zmf_parse(attrs, n, &p, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < p.n; i++) {    /* all or nothing: check first */
        const struct qs_zmf_item *it = &p.v[i];
        if (it->kind != QS_ZMF_RCPL)
            rc = cannot_expand(err);
        else if (it->unique_id == -1 && !qs_exitpgm_point_expands(c->exit_point))
            rc = cannot_expand(err);
        else if (it->unique_id == -1 && (it->len == 0 || it->dist_type < 0 || it->dist_type > 2))
            rc = reason(err, "CPFAF83", 31);
        else if (it->unique_id != -1 && (it->unique_id < 1 || (size_t)it->unique_id > c->env->nrcpt))
            rc = reason(err, "CPFAF83", 51);
        else if (it->unique_id != -1 && (it->status < -1 || it->status > 5))
            rc = reason(err, "CPFAF83", 52);
    }
    if (rc == 0)
        rc = qs_zmf_validate(id, &p, err);
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        const struct qs_zmf_item *it = &p.v[i];
        struct qs_buf rec;
        qs_buf_init(&rec, QS_ZMF_MAX_ADDR + 32);
        if (it->unique_id == -1)
            rc = qs_buf_addf(&rec, "a %d %.*s\n", (int)it->dist_type, (int)it->len, it->data);
        else
            rc = qs_buf_addf(&rec, "s %d %d\n", (int)it->unique_id, (int)it->status);
        if (rc == 0 && (memchr(rec.data + 2, '\n', rec.len - 3) || memchr(rec.data, '\0', rec.len)))
            rc = reason(err, "CPFAF83", 31);       /* a line end inside an address */
        else if (rc < 0 || qs_exitpgm_note_change(rec.data, rec.len) < 0)
            rc = qs_err_set(err, "CPFAF82", (const char *)NULL);
        else if (it->unique_id != -1)
            c->env->rcpt[it->unique_id - 1].status = it->status;   /* later Rtv sees it */
        qs_buf_free(&rec);
    }
    qs_zmf_parsed_free(&p);
    return rc;
}
