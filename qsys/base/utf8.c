/*
 * qsys/base/utf8.c - strict UTF-8 checks (see utf8.h).
 */
#include "qsys/base/utf8.h"
#include "qsys/base/buf.h"

#include <string.h>

size_t qs_utf8_seq(const unsigned char *p, size_t n, uint32_t *cp_r)
{
    if (n == 0)
        return 0;
    unsigned c = p[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80) { len = 1; cp = c; }
    else if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    /* the second byte's range rules out overlongs, surrogates and > U+10FFFF */
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
        (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
        return 0;
    if (cp_r)
        *cp_r = cp;
    return len;
}

static int classify(const unsigned char *s, size_t n, int addr)
{
    int any = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = qs_utf8_seq(s + i, n - i, &cp);
        if (!k || (addr && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))))
            return -1;
        any |= k > 1;
        i += k;
    }
    return any;
}

int qs_utf8_class(const void *p, size_t n)
{
    return classify(p, n, 0);
}

int qs_utf8_addr_class(const void *p, size_t n)
{
    return classify(p, n, 1);
}

int qs_utf8_is_latin1(const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = qs_utf8_seq(s + i, n - i, &cp);
        if (!k || cp > 0xFF)
            return 0;
        i += k;
    }
    return 1;
}

static uint32_t fold(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 0x20;
    return cp;
}

int qs_utf8_latin1_caseeq(const char *a, size_t an, const char *b, size_t bn)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        uint32_t ca, cb;
        size_t ka = qs_utf8_seq(x + i, an - i, &ca), kb = qs_utf8_seq(y + j, bn - j, &cb);
        if (!ka || !kb || fold(ca) != fold(cb))
            return 0;
        i += ka;
        j += kb;
    }
    return i == an && j == bn;
}

void qs_sanitize_to(char *dst, size_t dstsz, const void *p, size_t n, int keep_utf8)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = p;
    size_t o = 0;
    if (dstsz == 0)
        return;
    for (size_t i = 0; i < n;) {
        uint32_t cp = s[i];
        size_t k = keep_utf8 ? qs_utf8_seq(s + i, n - i, &cp) : cp < 0x80;
        int keep = k && cp >= 0x20 && cp != '\\' && (cp < 0x7F || cp > 0x9F);
        size_t need = keep ? k : 4;
        if (o + need + 4 > dstsz) {
            if (dstsz >= 4) {
                size_t at = o < dstsz - 4 ? o : dstsz - 4;
                memcpy(dst + at, "...", 3);
                o = at + 3;
            }
            break;
        }
        if (keep) {
            memcpy(dst + o, s + i, k);
            o += k;
            i += k;
        } else {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[s[i] >> 4];
            dst[o++] = hex[s[i] & 15];
            i++;
        }
    }
    dst[o < dstsz ? o : dstsz - 1] = '\0';
}

void qs_sanitize_utf8(char *dst, size_t dstsz, const void *p, size_t n)
{
    qs_sanitize_to(dst, dstsz, p, n, 1);
}

int qs_utf8_addr_encode(struct qs_buf *out, const char *s, int unitext)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = p[i];
        size_t k = qs_utf8_seq(p + i, n - i, &cp);
        if (!k) {               /* not UTF-8: escape the byte */
            k = 1;
            cp = p[i];
        }
        int keep = k == 1 ? cp > 0x20 && cp < 0x7F && cp != '+' && cp != '=' &&
                            (cp != '\\' || (i + 2 < n && p[i + 1] == 'x' && p[i + 2] == '{'))
                          : unitext && cp > 0x9F;
        int rc = keep ? qs_buf_add(out, p + i, k) : qs_buf_addf(out, "\\x{%02X}", (unsigned)cp);
        if (rc < 0)
            return -1;
        i += k;
    }
    return 0;
}
