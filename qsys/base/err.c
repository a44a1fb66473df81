/*
 * qsys/base/err.c - recording errors as IBM messages (see err.h).
 *
 * Replacement data is laid out exactly as IBM lays out message data: *CHAR n
 * fields blank-padded to n bytes, *BIN 2/4 and *UBIN 4 as big-endian
 * integers (IBM i is big-endian and exception data is copied to the caller
 * byte for byte, so we keep that byte order).
 */
#include "qsys/base/err.h"
#include "qsys/base/msgtab.h"
#include "qsys/base/buf.h"
#include "qsys/base/limits.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 32

struct field {
    char   type;     /* 'C' char, 'B' bin, 'U' ubin */
    size_t len;
};

static size_t parse_fields(const char *spec, struct field *f, size_t max)
{
    size_t n = 0;
    const char *p = spec;
    while (p && *p && n < max) {
        while (*p == ' ' || *p == ';')
            p++;
        if (!*p)
            break;
        char type = 'C';
        if (strncmp(p, "*CHAR", 5) == 0)
            type = 'C', p += 5;
        else if (strncmp(p, "*BIN", 4) == 0)
            type = 'B', p += 4;
        else if (strncmp(p, "*UBIN", 5) == 0)
            type = 'U', p += 5;
        else
            break;
        while (*p == ' ')
            p++;
        size_t len = 0;
        while (*p >= '0' && *p <= '9' && len < 100000)
            len = len * 10 + (size_t)(*p++ - '0');
        if (len == 0)
            len = type == 'C' ? 1 : 4;
        f[n].type = type;
        f[n].len = len;
        n++;
        while (*p && *p != ';')
            p++;
    }
    return n;
}

static void put_be(unsigned char *d, size_t len, long long v)
{
    for (size_t i = 0; i < len; i++)
        d[len - 1 - i] = (unsigned char)((unsigned long long)v >> (8 * i));
}

static long long get_be(const unsigned char *d, size_t len, int is_signed)
{
    unsigned long long v = 0;
    for (size_t i = 0; i < len; i++)
        v = (v << 8) | d[i];
    if (is_signed && len < 8 && (v >> (8 * len - 1)) & 1)
        v |= ~0ULL << (8 * len);
    return (long long)v;
}

unsigned char *qs_msg_data(const char *msgid, const char *const *vals, size_t n, size_t *len_r)
{
    const struct qs_msgdesc *d = qs_msgdesc_find(msgid);
    struct field f[MAX_FIELDS];
    size_t nf = d ? parse_fields(d->fields, f, MAX_FIELDS) : 0;
    size_t total = 0;
    for (size_t i = 0; i < nf; i++)
        total += f[i].len;
    if (total > QS_MAX_MSG_DATA)
        total = QS_MAX_MSG_DATA;
    unsigned char *out = malloc(total ? total : 1);
    if (!out) {
        *len_r = 0;
        return NULL;
    }
    size_t off = 0;
    for (size_t i = 0; i < nf && off + f[i].len <= total; i++) {
        const char *v = i < n && vals[i] ? vals[i] : NULL;
        if (f[i].type == 'C') {
            size_t vl = v ? strlen(v) : 0;
            if (vl > f[i].len)
                vl = f[i].len;
            memset(out + off, ' ', f[i].len);
            if (vl)
                memcpy(out + off, v, vl);
        } else {
            long long x = v ? strtoll(v, NULL, 10) : 0;
            put_be(out + off, f[i].len, x);
        }
        off += f[i].len;
    }
    *len_r = off;
    return out;
}

/* Value of field k (1-based) as text, trimmed of trailing blanks. */
static void field_text(struct qs_buf *b, const struct field *f, size_t nf,
                       const unsigned char *data, size_t data_len, size_t k)
{
    size_t off = 0;
    for (size_t i = 0; i < nf; i++) {
        if (i + 1 == k) {
            if (off + f[i].len > data_len)
                return;
            if (f[i].type == 'C') {
                size_t l = f[i].len;
                while (l > 0 && (data[off + l - 1] == ' ' || data[off + l - 1] == '\0'))
                    l--;
                qs_buf_add(b, data + off, l);
            } else {
                qs_buf_addf(b, "%lld", get_be(data + off, f[i].len, f[i].type == 'B'));
            }
            return;
        }
        off += f[i].len;
    }
}

char *qs_msg_format(const char *msgid, int second_level,
                    const unsigned char *data, size_t data_len)
{
    const struct qs_msgdesc *d = qs_msgdesc_find(msgid);
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MSG_TEXT);
    if (!d) {
        qs_buf_addf(&b, "Message %s not found in message file QCPFMSG.", msgid ? msgid : "");
        if (!b.data)
            return NULL;
        return qs_buf_detach(&b, NULL);
    }
    struct field f[MAX_FIELDS];
    size_t nf = parse_fields(d->fields, f, MAX_FIELDS);
    const char *t = second_level ? d->help : d->text;
    for (const char *p = t; *p; p++) {
        if (*p == '&' && p[1] >= '1' && p[1] <= '9') {
            size_t k = (size_t)(p[1] - '0');
            if (p[2] >= '0' && p[2] <= '9') {
                k = k * 10 + (size_t)(p[2] - '0');
                p++;
            }
            field_text(&b, f, nf, data, data_len, k);
            p++;
        } else if (second_level && *p == '&' && (p[1] == 'N' || p[1] == 'P' || p[1] == 'B')) {
            qs_buf_adds(&b, p[1] == 'N' ? "\n" : "\n  ");
            p++;
        } else {
            qs_buf_addc(&b, *p);
        }
    }
    if (!b.data)
        qs_buf_adds(&b, "");
    return qs_buf_detach(&b, NULL);
}

void qs_err_init(struct qs_err *err)
{
    memset(err, 0, sizeof *err);
}

void qs_err_clear(struct qs_err *err)
{
    if (!err)
        return;
    free(err->text);
    free(err->data);
    qs_err_init(err);
}

int qs_err_isset(const struct qs_err *err)
{
    return err && err->msgid[0] != '\0';
}

int qs_err_setv(struct qs_err *err, const char *msgid, const char *const *vals, size_t n)
{
    if (!err)
        return -1;
    int saved = errno;
    qs_err_clear(err);
    snprintf(err->msgid, sizeof err->msgid, "%.7s", msgid);
    err->data = qs_msg_data(msgid, vals, n, &err->data_len);
    err->text = qs_msg_format(msgid, 0, err->data, err->data_len);
    if (!err->text)
        err->text = strdup("");
    errno = saved;
    return -1;
}

int qs_err_set(struct qs_err *err, const char *msgid, ...)
{
    const char *vals[MAX_FIELDS];
    size_t n = 0;
    va_list ap;
    va_start(ap, msgid);
    const char *v;
    while (n < MAX_FIELDS && (v = va_arg(ap, const char *)) != NULL)
        vals[n++] = v;
    va_end(ap);
    return qs_err_setv(err, msgid, vals, n);
}

int qs_err_sys(struct qs_err *err, int errnum)
{
    const char *id;
    switch (errnum) {
    case ENOENT: case ENOTDIR: id = "CPE3025"; break;
    case EACCES: case EPERM:   id = "CPE3401"; break;
    case EFAULT:               id = "CPE3408"; break;
    case ENOMEM:               id = "CPE3460"; break;
    default:                   id = "CPE3474"; break;
    }
    char num[24];
    snprintf(num, sizeof num, "%d", errnum);
    qs_err_set(err, id, num, (const char *)NULL);
    if (err)
        err->sys_errno = errnum;
    return -1;
}

void qs_err_move(struct qs_err *dst, struct qs_err *src)
{
    if (!dst || dst == src) {
        qs_err_clear(src);
        return;
    }
    qs_err_clear(dst);
    if (src) {
        *dst = *src;
        qs_err_init(src);
    }
}
