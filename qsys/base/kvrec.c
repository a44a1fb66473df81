/*
 * qsys/base/kvrec.c - key=value records (see kvrec.h).
 */
#include "qsys/base/kvrec.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <string.h>

static const char hexd[] = "0123456789ABCDEF";

int qs_kv_add(struct qs_buf *b, const char *key, const void *val, size_t len)
{
    const unsigned char *p = val;
    size_t start = b->len;
    if (qs_buf_adds(b, key) < 0 || qs_buf_addc(b, '=') < 0)
        goto fail;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        char esc[4] = { '\\', 0, 0, 0 };
        size_t n = 2;
        if (c == '\\')      esc[1] = '\\';
        else if (c == '\n') esc[1] = 'n';
        else if (c == '\r') esc[1] = 'r';
        else if (c < 0x20 || c == 0x7f) {
            esc[1] = 'x'; esc[2] = hexd[c >> 4]; esc[3] = hexd[c & 15]; n = 4;
        } else {
            if (qs_buf_addc(b, (char)c) < 0)
                goto fail;
            continue;
        }
        if (qs_buf_add(b, esc, n) < 0)
            goto fail;
    }
    if (qs_buf_addc(b, '\n') < 0)
        goto fail;
    return 0;
fail:
    qs_buf_truncate(b, start);
    return -1;
}

int qs_kv_adds(struct qs_buf *b, const char *key, const char *val)
{
    return qs_kv_add(b, key, val ? val : "", val ? strlen(val) : 0);
}

int qs_kv_addll(struct qs_buf *b, const char *key, long long v)
{
    size_t start = b->len;
    if (qs_buf_addf(b, "%s=%lld\n", key, v) < 0) {
        qs_buf_truncate(b, start);
        return -1;
    }
    return 0;
}

int qs_kv_end(struct qs_buf *b)
{
    return qs_buf_addc(b, '\n');
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int damaged(struct qs_err *err)
{
    return qs_err_set(err, "CPF9898", "Stored record damaged", (const char *)NULL);
}

int qs_kv_parse(char *data, size_t len, qs_kv_cb cb, void *arg, struct qs_err *err)
{
    size_t i = 0;
    int in_rec = 0;
    while (i < len) {
        char *line = data + i;
        char *nl = memchr(line, '\n', len - i);
        size_t ll = nl ? (size_t)(nl - line) : len - i;
        i += ll + (nl ? 1 : 0);
        if (ll == 0) {
            if (in_rec) {
                in_rec = 0;
                int rc = cb(arg, NULL, NULL, 0);
                if (rc)
                    return rc;
            }
            continue;
        }
        char *eq = memchr(line, '=', ll);
        if (!eq || eq == line)
            return damaged(err);
        *eq = '\0';
        char *v = eq + 1, *end = line + ll, *w = v;
        for (char *r = v; r < end; r++) {
            if (*r != '\\') {
                *w++ = *r;
                continue;
            }
            if (++r >= end)
                return damaged(err);
            switch (*r) {
            case '\\': *w++ = '\\'; break;
            case 'n':  *w++ = '\n'; break;
            case 'r':  *w++ = '\r'; break;
            case 'x': {
                int h = r + 2 < end ? hexval(r[1]) : -1;
                int l = h >= 0 ? hexval(r[2]) : -1;
                if (l < 0)
                    return damaged(err);
                *w++ = (char)(h << 4 | l);
                r += 2;
                break;
            }
            default:
                return damaged(err);
            }
        }
        size_t vlen = (size_t)(w - v);
        *w = '\0';   /* w <= end, and *end was '\n' or past-the-data NUL */
        in_rec = 1;
        int rc = cb(arg, line, v, vlen);
        if (rc)
            return rc;
    }
    if (in_rec)
        return cb(arg, NULL, NULL, 0);
    return 0;
}
