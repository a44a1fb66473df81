/*
 * qsys/pop/pop3_view.c - CHGPOPA MSGSPLIT and MIMECCSID as a view of the
 * mailbox (see pop3_view.h).  The Maildir files are never changed: labels
 * and part headers are generated at login, and RETR sends them in front of
 * a byte range of the file.  Sizes are wire sizes (pop3_wire.h): a file
 * with LF line ends is split and counted as the CRLF lines RETR sends.
 */
#include "qsys/pop/pop3_view.h"
#include "qsys/pop/pop3_sizes.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HDR_MAX   (64u * 1024)   /* header bytes looked at */
#define FIELD_MAX 200u           /* a copied header value, in the part header */
#define READ_SZ   (64u * 1024)

static int push(struct qs_pop_view *v, size_t *cap, const struct qs_pop_item *it)
{
    if (v->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct qs_pop_item *x = realloc(v->it, nc * sizeof *x);
        if (!x)
            return -1;
        v->it = x;
        *cap = nc;
    }
    v->it[v->n++] = *it;
    return 0;
}

/* Length of the header in h through its last field's line end (the empty
 * line, CRLF or LF, not counted); 0 while no empty line is in h. */
static size_t header_end(const struct qs_buf *h)
{
    const char *p = h->data, *end = p ? p + h->len : NULL;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return 0;
        size_t ll = (size_t)(nl - p);
        if (ll == 0 || (ll == 1 && *p == '\r'))
            return (size_t)(p - h->data);
        p = nl + 1;
    }
    return 0;
}

/* The header of fd (up to the empty line, at most HDR_MAX bytes) into h. */
static void read_header(int fd, struct qs_buf *h)
{
    char buf[4096];
    ssize_t r;
    off_t at = 0;
    while (h->len < HDR_MAX && (r = pread(fd, buf, sizeof buf, at)) > 0) {
        qs_buf_add(h, buf, (size_t)r);
        at += r;
        if (header_end(h))
            break;
    }
    size_t e = header_end(h);
    if (e)
        h->len = e;
}

/* Value of the first `name:` field of header h (first line only,
 * printable ASCII, at most FIELD_MAX bytes) into out; 0 if absent.
 * Lenient on purpose: stored mail may carry raw 8-bit header bytes, where
 * qsys/mime's strict reader (qs_mime_find) stops at the first of them. */
static int field(const struct qs_buf *h, const char *name, char *out, size_t outsz)
{
    size_t nl = strlen(name), i = 0;
    while (h->data && i < h->len) {
        const char *line = h->data + i;
        const char *end = memchr(line, '\n', h->len - i);
        size_t ll = end ? (size_t)(end - line) : h->len - i;
        if (ll > nl && qs_memcaseeq(line, nl, name) && line[nl] == ':') {
            const char *p = line + nl + 1;
            size_t k = 0;
            while (p < line + ll && (*p == ' ' || *p == '\t'))
                p++;
            for (; p < line + ll && k + 1 < outsz && k < FIELD_MAX; p++)
                if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
                    out[k++] = *p;
            out[k] = '\0';
            return 1;
        }
        i += ll + 1;
    }
    return 0;
}

/* Any byte >= 0x80 in the file? */
static int has_8bit(int fd)
{
    char *buf = malloc(READ_SZ);
    ssize_t r;
    off_t at = 0;
    int found = 0;
    while (buf && !found && (r = pread(fd, buf, READ_SZ, at)) > 0) {
        for (ssize_t i = 0; i < r; i++)
            if ((unsigned char)buf[i] >= 0x80) {
                found = 1;
                break;
            }
        at += r;
    }
    free(buf);
    return found;
}

/* Cut [0, size) into ranges whose wire form (pop3_wire.h) is at most
 * `first` bytes (the first) and `rest` (the others), each ending after a LF
 * when the range holds one, never between a CR and its LF.  Appends
 * (off, len, wire) triples to cuts; returns the count, or -1. */
static long split_ranges(int fd, uint64_t size, uint64_t first, uint64_t rest, uint64_t **cuts)
{
    char *buf = malloc(READ_SZ);
    size_t cap = 0;
    long n = 0;
    uint64_t start = 0, lf = 0, w = 0, w_lf = 0, budget = first, pos = 0;
    char prev = 0;
    *cuts = NULL;
    if (!buf)
        return -1;
    while (pos < size) {
        ssize_t r = pread(fd, buf, READ_SZ, (off_t)pos);
        if (r <= 0)
            break;
        for (ssize_t i = 0; i < r; i++) {
            uint64_t q = pos + (uint64_t)i;          /* offset of this byte */
            char ch = buf[i];
            uint64_t c = ch == '\n' && prev != '\r' ? 2 : 1;
            while (w + c > budget && q > start) {
                uint64_t cut = q, cw = w;
                if (lf > start) {
                    cut = lf;
                    cw = w_lf;
                } else if (prev == '\r' && ch == '\n' && q - 1 > start) {
                    cut = q - 1;
                    cw = w - 1;
                }
                if ((size_t)n * 3 + 6 > cap) {
                    cap = cap ? cap * 2 : 48;
                    uint64_t *x = realloc(*cuts, cap * sizeof *x);
                    if (!x) { free(buf); return -1; }
                    *cuts = x;
                }
                (*cuts)[3 * n] = start;
                (*cuts)[3 * n + 1] = cut - start;
                (*cuts)[3 * n + 2] = cw;
                n++;
                w -= cw;
                start = cut;
                lf = start;
                budget = rest;
            }
            w += c;
            prev = ch;
            if (ch == '\n') {
                lf = q + 1;
                w_lf = w;
            }
        }
        pos += (uint64_t)r;
    }
    free(buf);
    if ((size_t)n * 3 + 3 > cap) {
        uint64_t *x = realloc(*cuts, ((size_t)n * 3 + 3) * sizeof *x);
        if (!x) return -1;
        *cuts = x;
    }
    (*cuts)[3 * n] = start;
    (*cuts)[3 * n + 1] = size - start;
    (*cuts)[3 * n + 2] = w;
    return n + 1;
}

static char *detach(struct qs_buf *b, size_t *len_r)
{
    *len_r = b->len;
    return qs_buf_detach(b, NULL);
}

/* One message: the label (if any) and the parts (if split). */
static int build_one(struct qs_pop_view *v, size_t *cap, const struct qs_mbox *mb, size_t i,
                     uint64_t wire, const struct qs_pop_view_opts *o)
{
    const struct qs_mbox_msg *m = &mb->msg[i];
    struct qs_pop_item it = { i, 0, 0, 0, m->size, NULL, 0, wire, NULL, 0 };
    uint64_t limit = (uint64_t)o->msgsplit_kb * 1024;
    int fd = qs_mbox_open_msg(mb, i);
    struct qs_buf h, label, pre;
    qs_buf_init(&h, HDR_MAX + 4096);
    qs_buf_init(&label, 512);
    qs_buf_init(&pre, 4096);
    int rc = -1;
    if (fd >= 0)
        read_header(fd, &h);
    char tmp[FIELD_MAX + 1];
    const char *cs = o->mimeccsid ? qs_mimeccsid_charset(o->mimeccsid) : NULL;
    if (fd >= 0 && cs && !field(&h, "MIME-Version", tmp, sizeof tmp)) {
        int eight = has_8bit(fd);
        if (eight || o->always)
            qs_buf_addf(&label, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=%s\r\n"
                                "Content-Transfer-Encoding: %s\r\n", cs, eight ? "8bit" : "7bit");
    }
    if (fd < 0 || !limit || label.len + wire <= limit) {
        it.uid = strdup(m->uid);
        if (label.len)
            it.prefix = detach(&label, &it.prefix_len);
        it.size = it.prefix_len + wire;
        rc = it.uid && push(v, cap, &it) == 0 ? 0 : -1;
        goto out;
    }
    uint64_t *cuts;
    long np = split_ranges(fd, m->size, limit - label.len, limit, &cuts);
    if (np < 0)
        goto out;
    char from[FIELD_MAX + 1] = "", date[FIELD_MAX + 1] = "", subj[FIELD_MAX + 1] = "";
    field(&h, "From", from, sizeof from);
    field(&h, "Date", date, sizeof date);
    field(&h, "Subject", subj, sizeof subj);
    rc = 0;
    for (long p = 0; p < np && rc == 0; p++) {
        struct qs_pop_item x = it;
        x.part = (unsigned)p + 1;
        x.nparts = (unsigned)np;
        x.off = cuts[3 * p];
        x.len = cuts[3 * p + 1];
        qs_buf_reset(&pre);
        if (*from) qs_buf_addf(&pre, "From: %s\r\n", from);
        if (*date) qs_buf_addf(&pre, "Date: %s\r\n", date);
        qs_buf_addf(&pre, "Subject: %s%s(part %u/%u)\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: message/partial; id=\"%s@qshim\"; number=%u; total=%u\r\n\r\n",
                    subj, *subj ? " " : "", x.part, x.nparts, m->uid, x.part, x.nparts);
        if (p == 0 && label.len)
            qs_buf_add(&pre, label.data, label.len);
        x.prefix = detach(&pre, &x.prefix_len);
        x.size = x.prefix_len + cuts[3 * p + 2];
        size_t ul = strlen(m->uid) + 12;
        x.uid = malloc(ul);
        if (x.uid)
            snprintf(x.uid, ul, "%s.%u", m->uid, x.part);
        if (!x.prefix || !x.uid || push(v, cap, &x) < 0) {
            free(x.prefix);
            free(x.uid);
            rc = -1;
        }
    }
    free(cuts);
out:
    if (fd >= 0)
        close(fd);
    qs_buf_free(&h);
    qs_buf_free(&label);
    qs_buf_free(&pre);
    return rc;
}

int qs_pop_view_build(struct qs_pop_view *v, const struct qs_mbox *mb,
                      const struct qs_pop_view_opts *o)
{
    size_t cap = 0;
    v->n = 0;
    v->it = NULL;
    uint64_t *wire = malloc((mb->n ? mb->n : 1) * sizeof *wire);
    if (!wire || qs_pop_sizes(mb, wire) < 0) {
        free(wire);
        return -1;
    }
    for (size_t i = 0; i < mb->n; i++) {
        int rc;
        if (!o->msgsplit_kb && !o->mimeccsid) {      /* nothing to apply: sizes only */
            struct qs_pop_item it = { i, 0, 0, 0, mb->msg[i].size, NULL, 0, wire[i],
                                      strdup(mb->msg[i].uid), 0 };
            rc = it.uid && push(v, &cap, &it) == 0 ? 0 : (free(it.uid), -1);
        } else {
            rc = build_one(v, &cap, mb, i, wire[i], o);
        }
        if (rc < 0) {
            free(wire);
            qs_pop_view_free(v);
            return -1;
        }
    }
    free(wire);
    return 0;
}

void qs_pop_view_apply_deletes(const struct qs_pop_view *v, struct qs_mbox *mb)
{
    for (size_t i = 0; i < mb->n; i++)
        mb->msg[i].deleted = 1;
    for (size_t k = 0; k < v->n; k++)
        if (!v->it[k].deleted)
            mb->msg[v->it[k].mi].deleted = 0;
}

void qs_pop_view_free(struct qs_pop_view *v)
{
    for (size_t k = 0; k < v->n; k++) {
        free(v->it[k].prefix);
        free(v->it[k].uid);
    }
    free(v->it);
    v->it = NULL;
    v->n = 0;
}
