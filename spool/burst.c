/*
 * spool/burst.c - where the parts of a burst run begin, and their keys.
 *
 * Owns the split rules of burst.h.  Works on page text only (what
 * qs_page_text makes), one page at a time, so a report of any length is
 * planned in flat memory apart from the part list itself.
 */
#include "spool/burst.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"

int qs_burst_rule_check(const struct qs_burst_rule *r, struct qs_err *err)
{
    switch (r->split) {
    case QS_BURST_PAGES:
        if (r->pages < 1)
            return qs_err_set(err, "CPF9897", "burst: pages per part must be at least 1",
                              (const char *)NULL);
        break;
    case QS_BURST_KEYPOS:
        if (r->key.line < 1 || r->key.col < 1)
            return qs_err_set(err, "CPF9897", "burst: key position needs a line and a column",
                              (const char *)NULL);
        break;
    case QS_BURST_KEYSTR:
        if (!r->keystr || !*r->keystr || strlen(r->keystr) > QS_BURST_MAX_FIELD)
            return qs_err_set(err, "CPF9897", "burst: key string must be 1-256 bytes",
                              (const char *)NULL);
        break;
    default:
        return qs_err_set(err, "CPF9897", "burst: unknown split rule", (const char *)NULL);
    }
    if (r->addr.line && r->addr.col < 1)
        return qs_err_set(err, "CPF9897", "burst: address position needs a column",
                          (const char *)NULL);
    return 0;
}

/* Line l (1-based) of the page: *s_r, length in *n_r; 0 when absent. */
static int page_line(const char *text, size_t n, unsigned l, const char **s_r, size_t *n_r)
{
    const char *p = text, *end = text + n;
    for (unsigned i = 1; p < end && *p != '\f'; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *ff = memchr(p, '\f', len);
        if (ff)
            len = (size_t)(ff - p);
        if (i == l) {
            *s_r = p;
            *n_r = len;
            return 1;
        }
        if (!nl || ff)
            break;
        p = nl + 1;
    }
    return 0;
}

/* Byte offset of character c (0-based) in UTF-8 s[0..n), n when past. */
static size_t char_off(const char *s, size_t n, unsigned c)
{
    size_t i = 0;
    while (i < n && c > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c--;
    }
    return i;
}

static int add_trimmed(struct qs_buf *out, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n > QS_BURST_MAX_FIELD) {
        n = QS_BURST_MAX_FIELD;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;                         /* do not cut a character in two */
    }
    return qs_buf_add(out, s, n);
}

int qs_burst_field(const char *text, size_t n, const struct qs_burst_pos *pos, struct qs_buf *out)
{
    const char *s;
    size_t len;
    if (pos->line < 1 || pos->col < 1 || !page_line(text, n, pos->line, &s, &len))
        return 0;
    size_t a = char_off(s, len, pos->col - 1);
    size_t b = pos->len ? a + char_off(s + a, len - a, pos->len) : len;
    return add_trimmed(out, s + a, b - a);
}

int qs_burst_keystr(const char *text, size_t n, const char *str, struct qs_buf *out)
{
    size_t sl = strlen(str);
    const char *end = text + n;
    const char *ff = memchr(text, '\f', n);
    if (ff)
        end = ff;
    if (sl == 0)
        return 0;
    for (const char *p = text; (size_t)(end - p) >= sl;) {
        const char *hit = memchr(p, str[0], (size_t)(end - p) - sl + 1);
        if (!hit)
            return 0;
        if (memcmp(hit, str, sl) == 0) {
            const char *w = hit + sl;
            while (w < end && (*w == ' ' || *w == '\t'))
                w++;
            const char *we = w;
            while (we < end && *we != ' ' && *we != '\t' && *we != '\n')
                we++;
            if (we == w)
                return 0;
            return add_trimmed(out, w, (size_t)(we - w)) < 0 ? -1 : 1;
        }
        p = hit + 1;
    }
    return 0;
}

void qs_burst_plan_init(struct qs_burst_plan *p)
{
    memset(p, 0, sizeof *p);
}

void qs_burst_plan_free(struct qs_burst_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->part[i].key);
        free(p->part[i].addr);
    }
    free(p->part);
    qs_burst_plan_init(p);
}

static int new_part(struct qs_burst_plan *p, const char *key, size_t kl, struct qs_err *err)
{
    if (p->n >= QS_BURST_MAX_PARTS)
        return qs_err_set(err, "CPF9897", "burst: more than 1000000 parts", (const char *)NULL);
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 64;
        struct qs_burst_part *np = realloc(p->part, nc * sizeof *np);
        if (!np)
            return qs_err_sys(err, ENOMEM);
        p->part = np;
        p->cap = nc;
    }
    struct qs_burst_part *pt = &p->part[p->n];
    memset(pt, 0, sizeof *pt);
    pt->first = p->pages;
    pt->key = strndup(key, kl);
    pt->addr = strdup("");
    if (!pt->key || !pt->addr) {
        free(pt->key);
        free(pt->addr);
        return qs_err_sys(err, ENOMEM);
    }
    p->n++;
    return 0;
}

int qs_burst_plan_page(struct qs_burst_plan *p, const struct qs_burst_rule *r,
                       const char *text, size_t n, struct qs_err *err)
{
    struct qs_buf v;
    qs_buf_init(&v, QS_BURST_MAX_FIELD + 8);
    int rc = -1, found = 0;
    p->pages++;
    switch (r->split) {
    case QS_BURST_PAGES:
        if (p->n == 0 || p->part[p->n - 1].npages >= r->pages) {
            char num[16];
            int l = snprintf(num, sizeof num, "%zu", p->n + 1);
            if (new_part(p, num, (size_t)l, err) < 0)
                goto out;
        }
        found = 1;
        break;
    case QS_BURST_KEYPOS:
    case QS_BURST_KEYSTR: {
        int k = r->split == QS_BURST_KEYPOS ? (qs_burst_field(text, n, &r->key, &v) < 0 ? -1 : v.len > 0)
                                            : qs_burst_keystr(text, n, r->keystr, &v);
        if (k < 0) {
            qs_err_sys(err, ENOMEM);
            goto out;
        }
        found = k;
        const char *key = v.len ? v.data : "";
        int same = p->n > 0 && strlen(p->part[p->n - 1].key) == v.len &&
                   memcmp(p->part[p->n - 1].key, key, v.len) == 0;
        /* a new part on a (different) key; blank pages continue a part */
        if (p->n == 0 || (found && !same))
            if (new_part(p, key, v.len, err) < 0)
                goto out;
        break;
    }
    }
    if (found)
        p->keyed++;
    struct qs_burst_part *pt = &p->part[p->n - 1];
    pt->npages++;
    if (r->addr.line && !pt->addr[0]) {
        qs_buf_reset(&v);
        if (qs_burst_field(text, n, &r->addr, &v) < 0) {
            qs_err_sys(err, ENOMEM);
            goto out;
        }
        if (v.len) {
            char *a = strndup(v.data, v.len);
            if (!a) {
                qs_err_sys(err, ENOMEM);
                goto out;
            }
            free(pt->addr);
            pt->addr = a;
        }
    }
    rc = 0;
out:
    qs_buf_free(&v);
    return rc;
}

long qs_burst_plan_find(const struct qs_burst_plan *p, unsigned pg)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct qs_burst_part *pt = &p->part[mid];
        if (pg < pt->first)
            hi = mid;
        else if (pg >= pt->first + pt->npages)
            lo = mid + 1;
        else
            return (long)mid;
    }
    return -1;
}
