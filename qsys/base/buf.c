/*
 * qsys/base/buf.c - growable byte buffer with a hard cap (see buf.h).
 */
#include "qsys/base/buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void qs_buf_init(struct qs_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void qs_buf_free(struct qs_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void qs_buf_reset(struct qs_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int qs_buf_reserve(struct qs_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra) {
        errno = E2BIG;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (ncap > b->max + 1)
        ncap = b->max + 1 > need ? b->max + 1 : need;
    char *p = realloc(b->data, ncap);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    if (!b->data)
        p[0] = '\0';
    b->data = p;
    b->cap = ncap;
    return 0;
}

int qs_buf_add(struct qs_buf *b, const void *p, size_t n)
{
    if (qs_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int qs_buf_addc(struct qs_buf *b, char c)
{
    return qs_buf_add(b, &c, 1);
}

int qs_buf_adds(struct qs_buf *b, const char *s)
{
    return qs_buf_add(b, s, strlen(s));
}

int qs_buf_vaddf(struct qs_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        errno = EINVAL;
        return -1;
    }
    if (qs_buf_reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int qs_buf_addf(struct qs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = qs_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void qs_buf_truncate(struct qs_buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->data[n] = '\0';
    }
}

void qs_buf_consume(struct qs_buf *b, size_t n)
{
    if (n >= b->len) {
        qs_buf_reset(b);
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
    b->data[b->len] = '\0';
}

char *qs_buf_detach(struct qs_buf *b, size_t *len_r)
{
    char *p = b->data;
    if (len_r)
        *len_r = b->len;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

const char *qs_buf_str(const struct qs_buf *b)
{
    return b->data ? b->data : "";
}
