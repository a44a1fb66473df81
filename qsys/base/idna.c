/*
 * qsys/base/idna.c - Punycode (RFC 3492 §6.3) and domain comparison (see
 * idna.h).
 */
#include "qsys/base/idna.h"
#include "qsys/base/buf.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"

#include <stdint.h>
#include <string.h>

enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72,
       INITIAL_N = 128, LABEL_MAX = QS_MAX_DNS_LABEL };

static uint32_t adapt(uint32_t delta, uint32_t numpoints, int first)
{
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / numpoints;
    uint32_t k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
        delta /= BASE - TMIN;
        k += BASE;
    }
    return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static char digit(uint32_t d)
{
    return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

static uint32_t lower(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 0x20;
    return cp;
}

/* Punycode of the label cp[0..len) (len <= LABEL_MAX) into o[0..cap):
 * its length, or 0 when it does not fit. */
static size_t encode(const uint32_t *cp, size_t len, char *o, size_t cap)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++)
        if (cp[i] < 0x80) {
            if (out >= cap)
                return 0;
            o[out++] = (char)cp[i];
        }
    uint32_t h = (uint32_t)out, b = (uint32_t)out;
    if (b > 0) {
        if (out >= cap)
            return 0;
        o[out++] = '-';
    }
    uint32_t n = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
    while (h < len) {
        uint32_t m = UINT32_MAX;
        for (size_t i = 0; i < len; i++)
            if (cp[i] >= n && cp[i] < m)
                m = cp[i];
        /* code points <= 0x10FFFF and len <= 63: no overflow */
        delta += (m - n) * (h + 1);
        n = m;
        for (size_t i = 0; i < len; i++) {
            if (cp[i] < n)
                delta++;
            if (cp[i] != n)
                continue;
            uint32_t q = delta;
            for (uint32_t k = BASE;; k += BASE) {
                uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
                if (q < t)
                    break;
                if (out >= cap)
                    return 0;
                o[out++] = digit(t + (q - t) % (BASE - t));
                q = (q - t) / (BASE - t);
            }
            if (out >= cap)
                return 0;
            o[out++] = digit(q);
            bias = adapt(delta, h + 1, h == b);
            delta = 0;
            h++;
        }
        delta++;
        n++;
    }
    return out;
}

int qs_idna_to_ascii(const char *s, size_t n, struct qs_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i <= n) {
        size_t e = i;
        while (e < n && s[e] != '.')
            e++;
        uint32_t cp[LABEL_MAX];
        size_t len = 0;
        int ascii = 1;
        for (size_t j = i; j < e;) {
            uint32_t c;
            size_t k = qs_utf8_seq(u + j, e - j, &c);
            if (!k || len >= LABEL_MAX)
                return -1;
            cp[len++] = lower(c);
            ascii &= k == 1;
            j += k;
        }
        char lab[LABEL_MAX + 1];
        size_t ll = 0;
        if (ascii) {
            for (size_t j = 0; j < len; j++)
                lab[ll++] = (char)cp[j];
        } else {
            memcpy(lab, "xn--", 4);
            size_t pl = encode(cp, len, lab + 4, LABEL_MAX - 4);
            if (pl == 0)
                return -1;
            ll = pl + 4;
        }
        if (qs_buf_add(out, lab, ll) < 0 || (e < n && qs_buf_add(out, ".", 1) < 0))
            return -1;
        i = e + 1;
    }
    return 0;
}

static int has_8bit(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

int qs_domain_eq(const char *a, const char *b)
{
    if (qs_strcaseeq(a, b))
        return 1;
    if (!has_8bit(a) && !has_8bit(b))
        return 0;
    struct qs_buf x, y;
    qs_buf_init(&x, 512);
    qs_buf_init(&y, 512);
    int eq = qs_idna_to_ascii(a, strlen(a), &x) == 0 && qs_idna_to_ascii(b, strlen(b), &y) == 0 &&
             qs_strcaseeq(qs_buf_str(&x), qs_buf_str(&y));
    qs_buf_free(&x);
    qs_buf_free(&y);
    return eq;
}
