/*
 * qsys/smtp/smtpd_parse.c - SMTP command-line parsing (see smtpd_parse.h).
 */
#include "qsys/smtp/smtpd_parse.h"
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int verb; } verbs[] = {
    { "HELO", QS_V_HELO }, { "EHLO", QS_V_EHLO }, { "MAIL", QS_V_MAIL },
    { "RCPT", QS_V_RCPT }, { "DATA", QS_V_DATA }, { "RSET", QS_V_RSET },
    { "NOOP", QS_V_NOOP }, { "QUIT", QS_V_QUIT }, { "HELP", QS_V_HELP },
    { "VRFY", QS_V_VRFY }, { "EXPN", QS_V_EXPN }, { "STARTTLS", QS_V_STARTTLS },
    { "AUTH", QS_V_AUTH }, { "SAML", QS_V_SAML }, { "SEND", QS_V_SEND },
    { "SOML", QS_V_SOML }, { "TURN", QS_V_TURN }, { "BDAT", QS_V_BDAT },
    { "ETRN", QS_V_ETRN },
};

int qs_smtp_verb(const char *line, size_t n, const char **arg, size_t *argn)
{
    size_t vl = 0;
    while (vl < n && line[vl] != ' ')
        vl++;
    size_t a = vl;
    while (a < n && line[a] == ' ')
        a++;
    *arg = line + a;
    *argn = n - a;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (qs_memcaseeq(line, vl, verbs[i].name))
            return verbs[i].verb;
    return QS_V_UNKNOWN;
}

static int is_atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int is_ldh(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* Length of the non-ASCII character at s[0..n) an address may hold
 * (RFC 6531 UTF8-non-ascii: well-formed, not a C1 control), else 0. */
static size_t u8char(const char *s, size_t n)
{
    uint32_t cp;
    size_t k = qs_utf8_seq((const unsigned char *)s, n, &cp);
    return k > 1 && cp > 0x9F ? k : 0;
}

/* Domain: LDH labels separated by dots, no empty label, no trailing dot;
 * with u8 != NULL a label may also hold UTF-8 (a U-label, RFC 6531 §3.3),
 * and *u8 is set when one does.  Limits are in octets. */
static int domain_labels(const char *s, size_t n, int *u8)
{
    if (n == 0 || n > 255)
        return 0;
    size_t lab = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (lab == 0 || s[i - 1] == '-')
                return 0;
            lab = 0;
        } else if (is_ldh(c)) {
            if (lab == 0 && c == '-')
                return 0;
            if (++lab > 63)
                return 0;
        } else {
            size_t k = u8 && c >= 0x80 ? u8char(s + i, n - i) : 0;
            if (!k || (lab += k) > 63)
                return 0;
            *u8 = 1;
            i += k - 1;
        }
    }
    return lab > 0 && s[n - 1] != '-';
}

static int literal_ok(const char *s, size_t n)
{
    if (n < 3 || s[0] != '[' || s[n - 1] != ']')
        return 0;
    for (size_t i = 1; i + 1 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\')
            return 0;
    }
    return 1;
}

int qs_smtp_domain_ok(const char *s, size_t n)
{
    return domain_labels(s, n, NULL) || literal_ok(s, n);
}

void qs_smtp_addr_free(struct qs_smtp_addr *a)
{
    free(a->addr);
    a->addr = NULL;
}

int qs_smtp_path(const char *s, size_t n, const char *prefix, int allow_null,
                 struct qs_smtp_addr *a, const char **rest, size_t *restn)
{
    memset(a, 0, sizeof a[0]);
    size_t pl = strlen(prefix);
    if (n < pl || !qs_memcaseeq(s, pl, prefix))
        return 501;
    size_t i = pl;
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n || s[i] != '<')
        return 501;
    size_t start = ++i;
    /* find the closing '>' outside quotes */
    size_t end = start;
    int q = 0;
    for (; end < n; end++) {
        char c = s[end];
        if (q && c == '\\' && end + 1 < n) { end++; continue; }
        if (c == '"') q = !q;
        else if (c == '>' && !q) break;
    }
    if (end >= n)
        return 501;
    *rest = s + end + 1;
    *restn = n - end - 1;
    if (*restn && **rest != ' ')
        return 501;
    while (*restn && **rest == ' ') { (*rest)++; (*restn)--; }
    const char *p = s + start;
    size_t len = end - start;
    if (len == 0) {
        if (!allow_null)
            return 553;
        a->addr = strdup("");
        return a->addr ? 0 : 451;
    }
    if (len > 256)
        return 553;
    int u8 = 0;
    /* source route "@a,@b:" is dropped */
    if (*p == '@') {
        const char *colon = memchr(p, ':', len);
        if (!colon)
            return 553;
        const char *r = p;
        while (r < colon) {
            if (*r != '@') return 553;
            const char *e = r + 1;
            while (e < colon && *e != ',') e++;
            size_t rl = (size_t)(e - r - 1);
            if (!domain_labels(r + 1, rl, &u8) && !literal_ok(r + 1, rl)) return 553;
            r = e < colon ? e + 1 : e;
        }
        len -= (size_t)(colon + 1 - p);
        p = colon + 1;
    }
    /* local part */
    size_t j = 0;
    if (j < len && p[j] == '"') {
        j++;
        for (; j < len && p[j] != '"'; j++) {
            unsigned char c = (unsigned char)p[j];
            if (c == '\\') {
                if (++j >= len || (unsigned char)p[j] < 32 || (unsigned char)p[j] > 126)
                    return 553;
            } else if (c >= 0x80) {
                size_t k = u8char(p + j, len - j);
                if (!k) return 553;
                u8 = 1;
                j += k - 1;
            } else if (c < 32 || c > 126) {
                return 553;
            }
        }
        if (j >= len)
            return 553;
        j++;
    } else {
        size_t seg = 0, k;
        for (; j < len && p[j] != '@'; j++) {
            unsigned char c = (unsigned char)p[j];
            if (c == '.') {
                if (seg == 0) return 553;
                seg = 0;
            } else if (is_atext(c)) {
                seg++;
            } else if (c >= 0x80 && (k = u8char(p + j, len - j)) > 0) {
                seg += k;
                u8 = 1;
                j += k - 1;
            } else {
                return 553;
            }
        }
        if (seg == 0)
            return 553;
    }
    size_t local_len = j;
    if (local_len > 64)
        return 553;
    if (j >= len) {
        /* no domain: only "postmaster" is acceptable (RFC 5321 §4.5.1) */
        if (!allow_null && qs_memcaseeq(p, local_len, "postmaster")) {
            a->addr = strndup(p, local_len);
            a->local_len = local_len;
            a->utf8 = u8;
            return a->addr ? 0 : 451;
        }
        return 553;
    }
    if (p[j] != '@')
        return 553;
    const char *dom = p + j + 1;
    size_t dl = len - j - 1;
    if (literal_ok(dom, dl))
        a->ip_literal = 1;
    else if (!domain_labels(dom, dl, &u8))
        return 553;
    a->addr = strndup(p, len);
    a->local_len = local_len;
    a->utf8 = u8;
    return a->addr ? 0 : 451;
}

int qs_smtp_param(const char **p, const char *end, const char **k, size_t *kl,
                  const char **v, size_t *vl)
{
    const char *s = *p;
    while (s < end && *s == ' ')
        s++;
    if (s >= end) {
        *p = s;
        return 0;
    }
    const char *b = s;
    while (s < end && *s != ' ' && *s != '=')
        s++;
    *k = b;
    *kl = (size_t)(s - b);
    *v = NULL;
    *vl = 0;
    if (*kl == 0)
        return -1;
    for (const char *c = b; c < s; c++)
        if (!is_ldh((unsigned char)*c))
            return -1;
    if (s < end && *s == '=') {
        s++;
        *v = s;
        while (s < end && *s != ' ')
            s++;
        *vl = (size_t)(s - *v);
        if (*vl == 0)
            return -1;
    }
    *p = s;
    return 1;
}

static int hexd(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int qs_smtp_xtext_ok(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '+') {
            if (i + 2 >= n || hexd(v[i + 1]) < 0 || hexd(v[i + 2]) < 0) return 0;
            i += 2;
        } else if (c < 33 || c > 126 || c == '=') {
            return 0;
        }
    }
    return 1;
}

int qs_smtp_orcpt_unitext_ok(const char *v, size_t n)
{
    if (n <= 6 || !qs_memcaseeq(v, 6, "utf-8;") || qs_utf8_addr_class(v + 6, n - 6) < 0)
        return 0;
    for (size_t i = 6; i < n; i++)
        if (v[i] == ' ' || v[i] == '+' || v[i] == '=')
            return 0;
    return 1;
}

static int b64v(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

long qs_b64_decode(const char *in, size_t n, unsigned char *out)
{
    if (n % 4)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            unsigned char c = (unsigned char)in[i + k];
            if (c == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
            } else {
                if (pad) return -1;
                v[k] = b64v(c);
                if (v[k] < 0) return -1;
            }
        }
        unsigned long x = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
                          (unsigned long)v[2] << 6 | (unsigned long)v[3];
        out[o++] = (unsigned char)(x >> 16);
        if (pad < 2) out[o++] = (unsigned char)(x >> 8);
        if (pad < 1) out[o++] = (unsigned char)x;
    }
    out[o] = '\0';
    return (long)o;
}
