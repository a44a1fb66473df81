/*
 * qsys/smtpc/smtp_reply.c - SMTP reply reader (see smtp_reply.h).
 */
#include "qsys/smtpc/smtp_reply.h"

#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <string.h>

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1-3 digits, no leading zeros beyond a single 0 (RFC 3463: 1*3digit). */
static size_t num3(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && i < 4 && digit(t[i]))
        i++;
    if (i == 0 || i > 3)
        return 0;
    return i;
}

size_t qs_smtp_enhcode(const char *t, size_t n, char c)
{
    if (n < 5 || t[0] != c || t[1] != '.')
        return 0;
    size_t i = 2, k = num3(t + i, n - i);
    if (!k)
        return 0;
    i += k;
    if (i >= n || t[i] != '.')
        return 0;
    i++;
    k = num3(t + i, n - i);
    if (!k)
        return 0;
    i += k;
    /* must end the token */
    if (i < n && t[i] != ' ' && t[i] != '\t')
        return 0;
    return i;
}

static ssize_t bad(const char *line, size_t n, struct qs_err *err)
{
    char s[120];
    qs_sanitize(s, sizeof s, line, n);
    qs_err_set(err, "TCP5381", s, (const char *)NULL);
    return -1;
}

ssize_t qs_smtp_reply_parse(const char *buf, size_t len, struct qs_smtp_reply *r,
                            struct qs_err *err)
{
    size_t pos = 0;
    int code = 0;
    r->code = 0;
    r->enh[0] = '\0';
    r->nlines = 0;
    r->text_len = 0;
    r->text[0] = '\0';
    for (;;) {
        /* find the end of this line */
        size_t e = pos;
        while (e < len && buf[e] != '\n') {
            if (buf[e] == '\r' && e + 1 < len && buf[e + 1] != '\n')
                return bad(buf + pos, e - pos, err);
            if (buf[e] == '\0')
                return bad(buf + pos, e - pos, err);
            e++;
        }
        if (e - pos > QS_SMTP_REPLY_MAX_LINE)
            return bad(buf + pos, 60, err);
        if (e >= len)
            return 0;                        /* incomplete line */
        size_t ll = e - pos;                 /* without LF */
        if (ll && buf[pos + ll - 1] == '\r')
            ll--;
        const char *l = buf + pos;
        if (ll < 3 || !digit(l[0]) || !digit(l[1]) || !digit(l[2]) ||
            l[0] < '2' || l[0] > '5' || l[1] > '5' || (ll > 3 && l[3] != ' ' && l[3] != '-'))
            return bad(l, ll, err);
        int c = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
        if (code && c != code)
            return bad(l, ll, err);
        code = c;
        if (++r->nlines > QS_SMTP_REPLY_MAX_LINES)
            return bad(l, ll, err);
        size_t tl = ll > 4 ? ll - 4 : 0;
        const char *t = l + 4;
        if (r->nlines == 1) {
            size_t k = qs_smtp_enhcode(t, tl, l[0]);
            if (k && k < sizeof r->enh) {
                memcpy(r->enh, t, k);
                r->enh[k] = '\0';
            }
        }
        if (r->nlines > 1 && r->text_len < QS_SMTP_REPLY_MAX_TEXT)
            r->text[r->text_len++] = '\n';
        size_t room = QS_SMTP_REPLY_MAX_TEXT - r->text_len;
        size_t take = tl < room ? tl : room;
        memcpy(r->text + r->text_len, t, take);
        r->text_len += take;
        r->text[r->text_len] = '\0';
        pos = e + 1;
        if (ll == 3 || l[3] == ' ') {
            r->code = code;
            return (ssize_t)pos;
        }
    }
}
