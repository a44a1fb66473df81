/*
 * api/sendmail_parse.c - caller structures of the mail APIs (see
 * sendmail_parse.h).  Reads are done with memcpy (the caller's structures
 * need not be aligned) and never go past `avail`.
 */
#include "api/sendmail_parse.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/job/job.h"
#include "qsys/mime/mime.h"

#if defined(__has_include)
#if __has_include("ccsid/conv.h")
#include "ccsid/conv.h"
#define HAVE_CCSID_LAYER 1
#endif
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int get4(const void *base, size_t avail, size_t off, int *v)
{
    if (off > avail || avail - off < 4)
        return -1;
    memcpy(v, (const char *)base + off, 4);
    return 0;
}

/* Entry i of a table of 16-byte entries (four Binary(4) fields: CCSID and
 * three more): v[0..3].  -1 when it is not inside the avail bytes. */
static int get_entry(const void *arr, size_t avail, int i, int v[4])
{
    size_t o = (size_t)i * 16;
    for (int k = 0; k < 4; k++)
        if (get4(arr, avail, o + (size_t)k * 4, &v[k]) < 0)
            return -1;
    return 0;
}

static int num_err(struct qs_err *err, const char *id, long long a, const char *why)
{
    char n[24];
    snprintf(n, sizeof n, "%lld", a);
    return qs_err_set(err, id, n, why, (const char *)NULL);
}

/* TCP5308 unless ccsid is 0 (the job's) or 37-65535. */
static int ccsid_check(int ccsid, struct qs_err *err)
{
    if (ccsid < 0 || (ccsid > 0 && ccsid < 37) || ccsid > 65535)
        return num_err(err, "TCP5308", ccsid, NULL);
    return 0;
}

int qs_sm_ccsid_is_ebcdic(int ccsid)
{
    if (ccsid <= 0 || ccsid >= 65535 || ccsid == 1208 || ccsid == 367 || ccsid == 819)
        return 0;
#ifdef HAVE_CCSID_LAYER
    struct qs_buf b;
    qs_buf_init(&b, 256);     /* qs_conv_buf reserves 4 bytes per input byte + 16 */
    size_t bad;
    int r = qs_conv_buf(ccsid, 1208, QS_CONV_STRICT, "A", 1, &b, &bad, NULL) == 0 && b.len == 1 &&
            (unsigned char)b.data[0] == 0xC1;
    qs_buf_free(&b);
    return r;
#else
    return 0;
#endif
}

int qs_sm_to_utf8(int ccsid, const void *p, size_t n, struct qs_buf *out, struct qs_err *err)
{
    if (ccsid == 0) {
        struct qs_job *j = qs_job_current(NULL);
        ccsid = j && j->ccsid != QS_JOB_CCSID_NATIVE ? j->ccsid : 1208;
    }
    const unsigned char *s = p;
    switch (ccsid) {
    case 1208:
    case 65535:
        return qs_buf_add(out, s, n) < 0 ? qs_err_sys(err, errno) : 0;
    case 367:
        for (size_t i = 0; i < n; i++)
            if (s[i] > 127)
                return num_err(err, "TCP5308", ccsid, NULL);
        return qs_buf_add(out, s, n) < 0 ? qs_err_sys(err, errno) : 0;
    case 819:
        for (size_t i = 0; i < n; i++) {
            int rc = s[i] < 128 ? qs_buf_addc(out, (char)s[i])
                                : (qs_buf_addc(out, (char)(0xC0 | s[i] >> 6)) < 0 ? -1
                                   : qs_buf_addc(out, (char)(0x80 | (s[i] & 0x3F))));
            if (rc < 0)
                return qs_err_sys(err, errno);
        }
        return 0;
    default:
        break;
    }
#ifdef HAVE_CCSID_LAYER
    if (ccsid > 0 && ccsid < 65535) {
        size_t bad, mark = out->len;
        if (qs_conv_buf(1208, ccsid, QS_CONV_STRICT, p, n, out, &bad, NULL) == 0)
            return 0;
        qs_buf_truncate(out, mark);
    }
#endif
    return num_err(err, "TCP5308", ccsid, NULL);
}

int qs_sm_parse_addt0100(const void *first, size_t avail, int count,
                         struct qs_sm_rcpt **r_r, struct qs_err *err)
{
    *r_r = NULL;
    if (count < 1 || count > QS_SM_MAX_RCPTS)
        return num_err(err, "TCP5332", count, NULL);
    if (!first)
        return qs_err_set(err, "CPF3C3C", "RECIPIENT", (const char *)NULL);
    struct qs_sm_rcpt *r = calloc((size_t)count, sizeof *r);
    if (!r)
        return qs_err_sys(err, ENOMEM);
    struct qs_buf a;
    qs_buf_init(&a, QS_MAX_SMTP_ADDR * 4);
    size_t off = 0;
    for (int i = 0; i < count; i++) {
        int next, alen, dist;
        if (get4(first, avail, off, &next) < 0 || get4(first, avail, off + 4, &alen) < 0 ||
            get4(first, avail, off + 16, &dist) < 0 || avail - off < 24) {
            num_err(err, "TCP5333", i + 1, "entry outside the recipient list");
            goto bad;
        }
        const char *e = (const char *)first + off;
        if (memcmp(e + 8, "ADDR0100", 8) != 0 && memcmp(e + 8, "ADDT0100", 8) != 0) {
            num_err(err, "TCP5333", i + 1, "format name is not ADDR0100");
            goto bad;
        }
        if (alen < 1 || alen > (int)QS_MAX_SMTP_ADDR || (size_t)alen > avail - off - 24) {
            num_err(err, "TCP5333", i + 1, "address length not 1 to 256");
            goto bad;
        }
        if (dist < 0 || dist > 2) {
            num_err(err, "TCP5333", i + 1, "distribution type not 0, 1 or 2");
            goto bad;
        }
        /* in the job's CCSID, like the originator (EBCDIC in an EBCDIC job) */
        qs_buf_reset(&a);
        if (qs_sm_to_utf8(0, e + 24, (size_t)alen, &a, err) < 0)
            goto bad;
        if (a.len > QS_MAX_SMTP_ADDR || strlen(qs_buf_str(&a)) != a.len ||
            qs_mime_addr_check(a.data, a.len) < 0) {
            qs_err_set(err, "TCP5346", qs_buf_str(&a), (const char *)NULL);
            goto bad;
        }
        memcpy(r[i].addr, a.data, a.len + 1);
        r[i].dist = dist;
        if (i + 1 < count) {
            /* relative to this entry; must step over this entry's address */
            if (next < 24 + alen || (size_t)next > avail - off) {
                num_err(err, "TCP5333", i + 1, "offset to the next entry not valid");
                goto bad;
            }
            off += (size_t)next;
        }
    }
    qs_buf_free(&a);
    *r_r = r;
    return 0;
bad:
    qs_buf_free(&a);
    free(r);
    return -1;
}

int qs_sm_parse_rcpt0100(const void *arr, size_t avail, int count,
                         struct qs_sm_rcpt **r_r, struct qs_err *err)
{
    *r_r = NULL;
    if (count < 1 || count > QS_SM_MAX_RCPTS)
        return num_err(err, "TCP5332", count, NULL);
    if (!arr)
        return qs_err_set(err, "CPF3C3C", "RCPT", (const char *)NULL);
    struct qs_sm_rcpt *r = calloc((size_t)count, sizeof *r);
    struct qs_buf a;
    qs_buf_init(&a, QS_MAX_SMTP_ADDR * 4);
    if (!r)
        return qs_err_sys(err, ENOMEM);
    size_t table = (size_t)count * 16;
    /* every entry's CCSID first: with the addresses interleaved after each
     * entry, entry 2 onwards holds address bytes there (TCP5308, as IBM) */
    for (int i = 0; i < count; i++) {
        int ccsid;
        if (get4(arr, avail, (size_t)i * 16, &ccsid) < 0) {
            num_err(err, "TCP5333", i + 1, "entry outside the recipient array");
            goto bad;
        }
        if (ccsid_check(ccsid, err) < 0)
            goto bad;
    }
    for (int i = 0; i < count; i++) {
        int v[4];
        if (get_entry(arr, avail, i, v) < 0) {
            num_err(err, "TCP5333", i + 1, "entry outside the recipient array");
            goto bad;
        }
        int ccsid = v[0], type = v[1], aoff = v[2], alen = v[3];
        /* the CCSID first: interleaved addresses show up here (TCP5308) */
        if (ccsid_check(ccsid, err) < 0)
            goto bad;
        if (type < 0 || type > 2) {
            num_err(err, "TCP5333", i + 1, "recipient type not 0, 1 or 2");
            goto bad;
        }
        if (alen < 1 || alen > (int)QS_MAX_SMTP_ADDR) {
            num_err(err, "TCP5333", i + 1, "address length not 1 to 256");
            goto bad;
        }
        if (aoff < 0 || (size_t)aoff < table || (size_t)aoff > avail || avail - (size_t)aoff < (size_t)alen) {
            num_err(err, "TCP5333", i + 1, "offset to the address not valid");
            goto bad;
        }
        qs_buf_reset(&a);
        if (qs_sm_to_utf8(ccsid, (const char *)arr + aoff, (size_t)alen, &a, err) < 0)
            goto bad;
        if (a.len > QS_MAX_SMTP_ADDR || qs_mime_addr_check(a.data, a.len) < 0 ||
            strlen(a.data) != a.len) {
            qs_err_set(err, "TCP5346", qs_buf_str(&a), (const char *)NULL);
            goto bad;
        }
        memcpy(r[i].addr, a.data, a.len + 1);
        r[i].dist = type;
    }
    qs_buf_free(&a);
    *r_r = r;
    return 0;
bad:
    qs_buf_free(&a);
    free(r);
    return -1;
}

/* One (offset, length) text field of NOTE0100. */
static int note_text(const void *note, size_t avail, int ccsid, size_t hdr, size_t off_at,
                     const char *name, size_t max, struct qs_buf *out, struct qs_err *err)
{
    int off, len;
    if (get4(note, avail, off_at, &off) < 0 || get4(note, avail, off_at + 4, &len) < 0)
        return qs_err_set(err, "TCP5335", name, "outside the note", (const char *)NULL);
    if (len == 0)
        return 0;
    if (len < 0 || (size_t)len > max)
        return qs_err_set(err, "TCP5335", name, "length not valid", (const char *)NULL);
    if (off < 0 || (size_t)off < hdr || (size_t)off > avail || avail - (size_t)off < (size_t)len)
        return qs_err_set(err, "TCP5335", name, "offset not valid", (const char *)NULL);
    return qs_sm_to_utf8(ccsid, (const char *)note + off, (size_t)len, out, err);
}

int qs_sm_parse_note0100(const void *note, size_t avail, struct qs_sm_note *n,
                         struct qs_err *err)
{
    int ccsid;
    if (!note)
        return qs_err_set(err, "CPF3C3C", "NOTE", (const char *)NULL);
    if (get4(note, avail, 0, &ccsid) < 0 || get4(note, avail, 28, &n->security) < 0 ||
        get4(note, avail, 32, &n->content) < 0)
        return qs_err_set(err, "TCP5335", "note", "shorter than 36 bytes", (const char *)NULL);
    if (ccsid_check(ccsid, err) < 0)
        return -1;
    if (n->security < 0 || n->security > 3)
        return qs_err_set(err, "TCP5335", "security level", "not 0 to 3", (const char *)NULL);
    if (n->content < 0 || n->content > 2)
        return qs_err_set(err, "TCP5335", "content type", "not 0, 1 or 2", (const char *)NULL);
    if (note_text(note, avail, ccsid, 36, 4, "password", 1024, n->password, err) < 0 ||
        note_text(note, avail, ccsid, 36, 12, "subject", 4096, n->subject, err) < 0 ||
        note_text(note, avail, ccsid, 36, 20, "note", 64u * 1024 * 1024, n->body, err) < 0)
        return -1;
    return 0;
}

void qs_sm_attach_free(struct qs_sm_attach *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        free(a[i].path);
    free(a);
}

static const char *const ctypes[] = {
    "text/plain", "text/html", "text/xml", "application/octet-stream", "application/rtf",
    "application/ogg", "application/pdf", "application/vnd.visio", "application/zip",
    "application/postscript", "application/vnd.lotus-1-2-3", "application/vnd.lotus-freelance",
    "application/vnd.lotus-wordpro", "application/msword", "application/vnd.ms-powerpoint",
    "application/vnd.ms-project", "application/vnd.ms-excel", "audio/ac3", "audio/basic",
    "audio/mpeg", "audio/x-wav", "image/bmp", "image/gif", "image/jpeg", "image/png",
    "video/mpeg", "message/rfc822",
};

const char *qs_sm_content_type(int code)
{
    if (code < 0 || (size_t)code >= sizeof ctypes / sizeof ctypes[0])
        return NULL;
    return ctypes[code];
}

int qs_sm_parse_atch0100(const void *arr, size_t avail, int count,
                         struct qs_sm_attach **a_r, struct qs_err *err)
{
    *a_r = NULL;
    if (count < 0 || count > QS_SM_MAX_ATTACH)
        return num_err(err, "TCP5336", count, "number of attachments not 0 to 100");
    if (count == 0)
        return 0;
    if (!arr)
        return qs_err_set(err, "CPF3C3C", "ATTACHMENT", (const char *)NULL);
    struct qs_sm_attach *a = calloc((size_t)count, sizeof *a);
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (!a)
        return qs_err_sys(err, ENOMEM);
    size_t table = (size_t)count * 16;
    for (int i = 0; i < count; i++) {
        int v[4];
        if (get_entry(arr, avail, i, v) < 0) {
            num_err(err, "TCP5336", i + 1, "entry outside the attachment array");
            goto bad;
        }
        int ccsid = v[0], off = v[1], len = v[2], ct = v[3];
        if (ccsid_check(ccsid, err) < 0)
            goto bad;
        if (!qs_sm_content_type(ct)) {
            num_err(err, "TCP5336", i + 1, "content type not 0 to 26");
            goto bad;
        }
        if (len < 1 || len > 1024 || off < 0 || (size_t)off < table || (size_t)off > avail ||
            avail - (size_t)off < (size_t)len) {
            num_err(err, "TCP5336", i + 1, "offset or length of the file name not valid");
            goto bad;
        }
        qs_buf_reset(&p);
        if (qs_sm_to_utf8(ccsid, (const char *)arr + off, (size_t)len, &p, err) < 0)
            goto bad;
        if (strlen(p.data) != p.len) {
            num_err(err, "TCP5336", i + 1, "file name holds a NUL");
            goto bad;
        }
        a[i].path = qs_buf_detach(&p, NULL);
        a[i].content = ct;
    }
    qs_buf_free(&p);
    *a_r = a;
    return 0;
bad:
    qs_buf_free(&p);
    qs_sm_attach_free(a, (size_t)count);
    return -1;
}
