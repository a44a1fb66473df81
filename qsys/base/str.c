/*
 * qsys/base/str.c - string helpers (see str.h).
 */
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

size_t qs_strlcpy(char *dst, const char *src, size_t n)
{
    size_t l = strlen(src);
    if (n) {
        size_t c = l < n - 1 ? l : n - 1;
        memcpy(dst, src, c);
        dst[c] = '\0';
    }
    return l;
}

int qs_fixed_set(char *dst, size_t n, const char *s, size_t slen)
{
    if (slen > n)
        return -1;
    memcpy(dst, s, slen);
    memset(dst + slen, ' ', n - slen);
    return 0;
}

int qs_fixed_set_trunc(char *dst, size_t n, const char *s, size_t slen)
{
    int cut = slen > n;
    qs_fixed_set(dst, n, s, cut ? n : slen);
    return cut;
}

size_t qs_fixed_len(const char *f, size_t n)
{
    while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\0'))
        n--;
    return n;
}

void qs_fixed_get(char *dst, const char *f, size_t n)
{
    size_t l = qs_fixed_len(f, n);
    /* a NUL inside the field ends it, as a C caller would expect */
    const char *z = memchr(f, '\0', l);
    if (z)
        l = (size_t)(z - f);
    memcpy(dst, f, l);
    dst[l] = '\0';
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int qs_strcaseeq(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b))
        a++, b++;
    return *a == '\0' && *b == '\0';
}

int qs_memcaseeq(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (l != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

void qs_str_upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 32);
}

int qs_parse_ll(const char *s, size_t len, long long min, long long max, long long *r)
{
    size_t i = 0;
    int neg = 0;
    if (len == 0)
        return -1;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
        if (len == 1)
            return -1;
    }
    unsigned long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    long long x;
    if (neg) {
        if (v > (unsigned long long)LLONG_MAX + 1)
            return -1;
        x = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
    } else {
        if (v > (unsigned long long)LLONG_MAX)
            return -1;
        x = (long long)v;
    }
    if (x < min || x > max)
        return -1;
    *r = x;
    return 0;
}

void qs_sanitize(char *dst, size_t dstsz, const void *p, size_t n)
{
    qs_sanitize_to(dst, dstsz, p, n, 0);     /* one implementation: utf8.c */
}
