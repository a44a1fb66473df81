/*
 * qsys/mime/mime_enc.c - transfer encodings and small generators
 * (base64, quoted-printable, Date, Message-ID, boundaries).
 *
 * Every function appends to a qs_buf and fails only when the buffer's cap
 * or memory runs out, so callers choose the largest message they accept.
 */
#include "qsys/mime/mime.h"

#include "qsys/base/buf.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static const char b64tab[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Pairs of base64 digits for every 12-bit value: two table loads per
 * three input bytes instead of four (built once). */
static uint16_t b64pair[4096];
static pthread_once_t b64pair_once = PTHREAD_ONCE_INIT;

static void b64pair_init(void)
{
    for (unsigned v = 0; v < 4096; v++) {
        unsigned char two[2] = { (unsigned char)b64tab[v >> 6], (unsigned char)b64tab[v & 63] };
        memcpy(&b64pair[v], two, 2);
    }
}

static int b64_encode(struct qs_buf *out, const unsigned char *p, size_t len, int wrap)
{
    size_t groups = (len + 2) / 3;
    size_t need = groups * 4 + (wrap ? (groups / 19 + 1) * 2 : 0);
    if (qs_buf_reserve(out, need) < 0)
        return -1;
    pthread_once(&b64pair_once, b64pair_init);
    char *w = out->data + out->len;
    size_t i = 0, full = len / 3 * 3;
    /* whole lines: 57 input bytes -> 76 digits and CRLF */
    while (wrap && full - i >= 57) {
        for (size_t end = i + 57; i < end; i += 3) {
            uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
            memcpy(w, &b64pair[v >> 12], 2);
            memcpy(w + 2, &b64pair[v & 4095], 2);
            w += 4;
        }
        *w++ = '\r';
        *w++ = '\n';
    }
    for (; !wrap && i < full; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        memcpy(w, &b64pair[v >> 12], 2);
        memcpy(w + 2, &b64pair[v & 4095], 2);
        w += 4;
    }
    size_t col = 0;
    for (; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        size_t rem = len - i;
        if (rem > 1)
            v |= (uint32_t)p[i + 1] << 8;
        if (rem > 2)
            v |= p[i + 2];
        *w++ = b64tab[(v >> 18) & 63];
        *w++ = b64tab[(v >> 12) & 63];
        *w++ = rem > 1 ? b64tab[(v >> 6) & 63] : '=';
        *w++ = rem > 2 ? b64tab[v & 63] : '=';
        col += 4;
        if (wrap && col == 76) {
            *w++ = '\r';
            *w++ = '\n';
            col = 0;
        }
    }
    if (wrap && col) {
        *w++ = '\r';
        *w++ = '\n';
    }
    out->len = (size_t)(w - out->data);
    out->data[out->len] = '\0';
    return 0;
}

int qs_mime_base64(struct qs_buf *out, const void *data, size_t len)
{
    return b64_encode(out, data, len, 1);
}

int qs_mime_base64_raw(struct qs_buf *out, const void *data, size_t len)
{
    return b64_encode(out, data, len, 0);
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int qs_mime_unbase64(struct qs_buf *out, const char *s, size_t len)
{
    uint32_t acc = 0;
    int n = 0, pad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad) {
            errno = EINVAL;
            return -1;
        }
        acc = acc << 6 | (uint32_t)v;
        if (++n == 4) {
            unsigned char t[3] = { (unsigned char)(acc >> 16), (unsigned char)(acc >> 8),
                                   (unsigned char)acc };
            if (qs_buf_add(out, t, 3) < 0)
                return -1;
            n = 0;
            acc = 0;
        }
    }
    if (n == 1 || pad > 2) {
        errno = EINVAL;
        return -1;
    }
    if (n == 2) {
        unsigned char t = (unsigned char)(acc >> 4);
        return qs_buf_add(out, &t, 1);
    }
    if (n == 3) {
        unsigned char t[2] = { (unsigned char)(acc >> 10), (unsigned char)(acc >> 2) };
        return qs_buf_add(out, t, 2);
    }
    return 0;
}

/* Quoted-printable: each logical line (split on LF, a CR before it dropped)
 * is encoded on its own; soft breaks keep output lines at most 76 chars. */
int qs_mime_qp(struct qs_buf *out, const void *data, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = data;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && p[e] != '\n')
            e++;
        size_t end = e;
        if (end > i && p[end - 1] == '\r')
            end--;
        size_t col = 0;
        for (size_t k = i; k < end; k++) {
            unsigned char c = p[k];
            char tok[3];
            size_t tl;
            int last = (k + 1 == end);
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
                tok[0] = (char)c;
                tl = 1;
            } else {
                tok[0] = '=';
                tok[1] = hex[c >> 4];
                tok[2] = hex[c & 15];
                tl = 3;
            }
            /* room for a trailing '=' soft break unless this is the last token */
            size_t limit = last ? 76 : 75;
            if (col + tl > limit) {
                if (qs_buf_add(out, "=\r\n", 3) < 0)
                    return -1;
                col = 0;
            }
            if (qs_buf_add(out, tok, tl) < 0)
                return -1;
            col += tl;
        }
        if (qs_buf_add(out, "\r\n", 2) < 0)
            return -1;
        i = e < len ? e + 1 : e;
    }
    return 0;
}

int qs_mime_is_plain(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\t')
            continue;
        if (c < 32 || c > 126)
            return 0;
    }
    return 1;
}

void qs_mime_random(void *p, size_t n)
{
    unsigned char *b = p;
    while (n) {
        ssize_t r = getrandom(b, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            abort();
        }
        b += r;
        n -= (size_t)r;
    }
}

static void hexify(char *dst, const unsigned char *src, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        dst[2 * i] = hex[src[i] >> 4];
        dst[2 * i + 1] = hex[src[i] & 15];
    }
    dst[2 * n] = '\0';
}

void qs_mime_boundary(char b[QS_MIME_BOUNDARY_SIZE])
{
    unsigned char r[15];
    qs_mime_random(r, sizeof r);
    memcpy(b, "=_qs_", 5);
    hexify(b + 5, r, sizeof r);   /* 5 + 30 = 35 chars, '=' '_' never occur in QP/base64 output */
}

int qs_mime_date(struct qs_buf *out, time_t t)
{
    static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        errno = EINVAL;
        return -1;
    }
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    return qs_buf_addf(out, "%s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld",
                       wd[tm.tm_wday % 7], tm.tm_mday, mo[tm.tm_mon % 12], tm.tm_year + 1900,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

int qs_mime_msgid(struct qs_buf *out, const char *domain)
{
    unsigned char r[12];
    char hx[2 * sizeof r + 1];
    qs_mime_random(r, sizeof r);
    hexify(hx, r, sizeof r);
    if (!domain || !*domain || !qs_mime_is_plain(domain, strlen(domain)) ||
        strpbrk(domain, " \t<>@"))
        domain = "localhost";
    return qs_buf_addf(out, "<%s.%lld@%s>", hx, (long long)time(NULL), domain);
}
