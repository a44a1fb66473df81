/*
 * qsys/mime/mime_walk.c - the lenient received-message reader (see
 * mime_walk.h).  Every scan advances a cursor inside [p, end); values are
 * handed around as (pointer, length) views and only decoded text is copied,
 * into capped buffers.
 */
#include "qsys/mime/mime_walk.h"
#include "qsys/mime/mime.h"
#include "qsys/base/buf.h"
#include "qsys/base/str.h"

#include <string.h>

/* --- lines and header fields ------------------------------------------------ */

/* Next line at *p (without CR LF / LF); 0 at the end. */
static int next_line(const char **p, const char *end, const char **l, size_t *ln)
{
    if (*p >= end)
        return 0;
    const char *s = *p;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *l = s;
    *ln = (size_t)(e - s);
    if (*ln && s[*ln - 1] == '\r')
        (*ln)--;
    *p = nl ? nl + 1 : end;
    return 1;
}

/* Next field of the header section at *p: name and raw (folded) value.
 * At the empty line that ends the section, *p moves past it and 0 is
 * returned; lines without a colon are skipped. */
static int next_field(const char **p, const char *end, const char **name, size_t *nl,
                      const char **val, size_t *vl)
{
    for (;;) {
        const char *l;
        size_t ln;
        if (!next_line(p, end, &l, &ln) || ln == 0)
            return 0;
        if (l[0] == ' ' || l[0] == '\t')
            continue;                         /* continuation of a skipped line */
        const char *vend = l + ln;
        while (*p < end && (**p == ' ' || **p == '\t')) {
            const char *cl;
            size_t cn;
            next_line(p, end, &cl, &cn);
            vend = cl + cn;
        }
        const char *colon = memchr(l, ':', ln);
        if (!colon)
            continue;
        size_t n = (size_t)(colon - l);
        while (n && (l[n - 1] == ' ' || l[n - 1] == '\t'))
            n--;
        *name = l;
        *nl = n;
        *val = colon + 1;
        *vl = (size_t)(vend - (colon + 1));
        return 1;
    }
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int is_wsp(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* --- charsets ------------------------------------------------------------------ */

static int is_latin1(const char *cs, size_t n)
{
    return qs_memcaseeq(cs, n, "iso-8859-1") || qs_memcaseeq(cs, n, "latin1") ||
           qs_memcaseeq(cs, n, "iso_8859-1") || qs_memcaseeq(cs, n, "windows-1252") ||
           qs_memcaseeq(cs, n, "cp1252");
}

/* Append bytes of charset cs to out as UTF-8 (see the header for which). */
static int add_charset(struct qs_buf *out, const char *cs, size_t csn, const char *s, size_t n)
{
    const char *star = memchr(cs, '*', csn);          /* RFC 2231 §5 language */
    if (star)
        csn = (size_t)(star - cs);
    if (!is_latin1(cs, csn))
        return qs_buf_add(out, s, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int rc = ch < 0x80 ? qs_buf_addc(out, (char)ch)
                           : qs_buf_add(out, (char[]){ (char)(0xc0 | ch >> 6),
                                                        (char)(0x80 | (ch & 0x3f)) }, 2);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* --- RFC 2047 encoded words ----------------------------------------------------- */

/* Try an encoded word at s[0..n): "=?cs?E?text?=".  On success the decoded
 * text is appended and its length in the input returned; 0 = not a word. */
static size_t encoded_word(struct qs_buf *out, const char *s, size_t n, int *full)
{
    *full = 0;
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return 0;
    const char *cs = s + 2, *end = s + n;
    const char *q1 = memchr(cs, '?', (size_t)(end - cs));
    if (!q1 || q1 == cs || end - q1 < 4 || q1[2] != '?')
        return 0;
    char enc = (char)lower((unsigned char)q1[1]);
    if (enc != 'b' && enc != 'q')
        return 0;
    const char *t = q1 + 3, *te = t;
    while (te + 1 < end && !(te[0] == '?' && te[1] == '=')) {
        if (is_wsp(*te))
            return 0;
        te++;
    }
    if (te + 1 >= end)
        return 0;
    struct qs_buf raw;
    qs_buf_init(&raw, QS_MAX_MIME_TEXT);
    int rc = 0;
    if (enc == 'b') {
        rc = qs_mime_unbase64(&raw, t, (size_t)(te - t));
    } else {
        for (const char *c = t; c < te && rc == 0; c++) {
            int h1, h2;
            if (*c == '_')
                rc = qs_buf_addc(&raw, ' ');
            else if (*c == '=' && te - c >= 3 && (h1 = hexval(c[1])) >= 0 &&
                     (h2 = hexval(c[2])) >= 0) {
                rc = qs_buf_addc(&raw, (char)(h1 << 4 | h2));
                c += 2;
            } else
                rc = qs_buf_addc(&raw, *c);
        }
    }
    size_t used = 0;
    if (rc == 0) {
        if (add_charset(out, cs, (size_t)(q1 - cs), raw.data ? raw.data : "", raw.len) < 0)
            *full = 1;
        used = (size_t)(te + 2 - s);
    } else if (raw.len >= QS_MAX_MIME_TEXT - 1) {
        *full = 1;
    }
    qs_buf_free(&raw);
    return used;
}

int qs_mime_decode_words(struct qs_buf *out, const char *v, size_t n)
{
    size_t i = 0, ws_start = 0;
    int after_word = 0;
    while (i < n) {
        if (is_wsp(v[i])) {
            ws_start = i;
            while (i < n && is_wsp(v[i]))
                i++;
            if (i < n && v[i] == '=' && after_word) {
                int full;
                size_t w = encoded_word(out, v + i, n - i, &full);
                if (full)
                    return -1;
                if (w) {                    /* white space between words dropped */
                    i += w;
                    continue;
                }
            }
            for (size_t k = ws_start; k < i; k++)          /* unfold: CR/LF go */
                if (v[k] != '\r' && v[k] != '\n' && qs_buf_addc(out, v[k]) < 0)
                    return -1;
            after_word = 0;
            continue;
        }
        if (v[i] == '=') {
            int full;
            size_t w = encoded_word(out, v + i, n - i, &full);
            if (full)
                return -1;
            if (w) {
                i += w;
                after_word = 1;
                continue;
            }
        }
        if (qs_buf_addc(out, v[i]) < 0)
            return -1;
        after_word = 0;
        i++;
    }
    return 0;
}

/* Append the unfolded, trimmed, decoded value. */
static int add_value(struct qs_buf *out, const char *v, size_t n)
{
    while (n && is_wsp(*v)) { v++; n--; }
    while (n && is_wsp(v[n - 1])) n--;
    return qs_mime_decode_words(out, v, n);
}

int qs_mime_header_decoded(const char *msg, size_t len, const char *name, struct qs_buf *out)
{
    const char *p = msg, *end = msg + len, *fn, *fv;
    size_t fnl, fvl;
    while (next_field(&p, end, &fn, &fnl, &fv, &fvl))
        if (qs_memcaseeq(fn, fnl, name)) {
            add_value(out, fv, fvl);
            return 1;
        }
    return 0;
}

/* --- parameters (RFC 2045 §5.1, RFC 2231) -------------------------------------- */

#define MAX_SEGS 64

struct seg { const char *p; size_t n; int quoted, encoded, set; };

/* The value at *p: quoted-string or token.  Advances *p. */
static void param_value(const char **p, const char *end, struct seg *s)
{
    const char *c = *p;
    while (c < end && is_wsp(*c)) c++;
    s->quoted = c < end && *c == '"';
    if (s->quoted) {
        const char *b = ++c;
        while (c < end && *c != '"') {
            if (*c == '\\' && c + 1 < end)
                c++;
            c++;
        }
        s->p = b;
        s->n = (size_t)(c - b);
        if (c < end) c++;
    } else {
        const char *b = c;
        while (c < end && *c != ';' && !is_wsp(*c)) c++;
        s->p = b;
        s->n = (size_t)(c - b);
    }
    *p = c;
}

static int add_unquoted(struct qs_buf *out, const struct seg *s)
{
    if (!s->quoted)
        return qs_buf_add(out, s->p, s->n);
    for (size_t i = 0; i < s->n; i++) {
        if (s->p[i] == '\\' && i + 1 < s->n)
            i++;
        if (s->p[i] != '\r' && s->p[i] != '\n' && qs_buf_addc(out, s->p[i]) < 0)
            return -1;
    }
    return 0;
}

static int add_pct(struct qs_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int h1, h2;
        if (s[i] == '%' && i + 2 < n &&
            (h1 = hexval(s[i + 1])) >= 0 && (h2 = hexval(s[i + 2])) >= 0) {
            if (qs_buf_addc(out, (char)(h1 << 4 | h2)) < 0)
                return -1;
            i += 2;
        } else if (qs_buf_addc(out, s[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

int qs_mime_param(const char *v, size_t n, const char *name, struct qs_buf *out)
{
    const char *p = v, *end = v + n;
    size_t nl = strlen(name);
    struct seg plain = { 0 }, ext = { 0 }, segs[MAX_SEGS];
    memset(segs, 0, sizeof segs);
    int any_seg = 0;
    /* skip the type (or disposition) itself */
    while (p < end && *p != ';') {
        if (*p == '"') {                         /* no quotes expected; be safe */
            struct seg skip;
            param_value(&p, end, &skip);
            continue;
        }
        p++;
    }
    while (p < end) {
        while (p < end && (*p == ';' || is_wsp(*p))) p++;
        const char *a = p;
        while (p < end && *p != '=' && *p != ';' && !is_wsp(*p)) p++;
        size_t al = (size_t)(p - a);
        while (p < end && is_wsp(*p)) p++;
        if (p >= end || *p != '=') {
            while (p < end && *p != ';') p++;
            continue;
        }
        p++;
        struct seg val = { 0 };
        param_value(&p, end, &val);
        val.set = 1;
        if (al < nl || !qs_memcaseeq(a, nl, name))
            continue;
        const char *r = a + nl;
        size_t rl = al - nl;
        if (rl == 0) {
            plain = val;
        } else if (rl == 1 && r[0] == '*') {
            ext = val;
            ext.encoded = 1;
        } else if (r[0] == '*') {
            size_t k = 1;
            unsigned idx = 0;
            while (k < rl && r[k] >= '0' && r[k] <= '9' && idx < MAX_SEGS)
                idx = idx * 10 + (unsigned)(r[k++] - '0');
            int enc = k < rl && r[k] == '*';
            if (k == 1 || idx >= MAX_SEGS || k + (size_t)enc != rl)
                continue;
            segs[idx] = val;
            segs[idx].encoded = enc;
            any_seg = 1;
        }
    }
    if (!ext.set && !any_seg) {
        if (!plain.set)
            return 0;
        struct qs_buf raw;
        qs_buf_init(&raw, QS_MAX_MIME_TEXT);
        add_unquoted(&raw, &plain);
        qs_mime_decode_words(out, raw.data ? raw.data : "", raw.len);
        qs_buf_free(&raw);
        return 1;
    }
    /* RFC 2231: charset'language'%xx in the first encoded piece */
    struct qs_buf raw;
    qs_buf_init(&raw, QS_MAX_MIME_TEXT);
    const char *cs = "us-ascii";
    size_t csn = 8;
    struct seg one[1];
    const struct seg *list = segs;
    size_t count = MAX_SEGS;
    if (!any_seg) {
        one[0] = ext;
        list = one;
        count = 1;
    }
    for (size_t i = 0; i < count && list[i].set; i++) {
        const struct seg *s = &list[i];
        if (!s->encoded) {
            add_unquoted(&raw, s);
            continue;
        }
        const char *b = s->p;
        size_t bn = s->n;
        if (i == 0) {
            const char *q1 = memchr(b, '\'', bn);
            const char *q2 = q1 ? memchr(q1 + 1, '\'', bn - (size_t)(q1 + 1 - b)) : NULL;
            if (q2) {
                cs = b;
                csn = (size_t)(q1 - b);
                bn -= (size_t)(q2 + 1 - b);
                b = q2 + 1;
            }
        }
        add_pct(&raw, b, bn);
    }
    add_charset(out, cs, csn, raw.data ? raw.data : "", raw.len);
    qs_buf_free(&raw);
    return 1;
}

/* --- the walk -------------------------------------------------------------------- */

struct walker {
    int (*fn)(const struct qs_mime_part *p, void *arg);
    void *arg;
    unsigned nparts;
    int cut;
};

/* "type/subtype" of a Content-Type value, lower case, into t; 0 if none. */
static int media_type(const char *v, size_t n, struct qs_buf *t)
{
    size_t i = 0;
    while (i < n && is_wsp(v[i])) i++;
    size_t b = i;
    while (i < n && v[i] != ';' && v[i] != '(' && !is_wsp(v[i])) i++;
    const char *slash = memchr(v + b, '/', i - b);
    if (!slash || slash == v + b || slash == v + i - 1)
        return 0;
    for (size_t k = b; k < i; k++) {
        unsigned char ch = (unsigned char)v[k];
        if (ch <= ' ' || ch >= 0x7f || qs_buf_addc(t, (char)lower(ch)) < 0)
            return 0;                       /* not a token: no type */
    }
    return 1;
}

/* Is the line l[0..ln) the delimiter "--b" (or the close "--b--")?
 * 1 delimiter, 2 close, 0 neither.  Transport padding (WSP) is allowed. */
static int delimiter(const char *l, size_t ln, const char *b, size_t bl)
{
    if (ln < bl + 2 || l[0] != '-' || l[1] != '-' || memcmp(l + 2, b, bl) != 0)
        return 0;
    size_t i = bl + 2;
    int close = 0;
    if (ln - i >= 2 && l[i] == '-' && l[i + 1] == '-') {
        close = 1;
        i += 2;
    }
    for (; i < ln; i++)
        if (l[i] != ' ' && l[i] != '\t')
            return 0;
    return close ? 2 : 1;
}

static int walk_entity(struct walker *w, const char *p, const char *end, unsigned depth,
                       int in_digest);

static int walk_multipart(struct walker *w, const char *body, const char *end,
                          const char *b, size_t bl, unsigned depth, int digest)
{
    const char *p = body, *part = NULL, *prev_eol = body;
    const char *l;
    size_t ln;
    for (;;) {
        const char *ls = p;
        if (!next_line(&p, end, &l, &ln))
            break;
        int d = delimiter(l, ln, b, bl);
        if (d) {
            if (part) {
                const char *pe = ls > part ? prev_eol : part;   /* CRLF before "--" is the delimiter's */
                int rc = walk_entity(w, part, pe < part ? part : pe, depth + 1, digest);
                if (rc)
                    return rc;
            }
            if (d == 2)
                return 0;
            part = p;
        }
        /* where this line's EOL starts: the end of a part ending here */
        prev_eol = l + ln;
    }
    if (part && part < end)                     /* unterminated last part */
        return walk_entity(w, part, end, depth + 1, digest);
    return 0;
}

static int walk_entity(struct walker *w, const char *p, const char *end, unsigned depth,
                       int in_digest)
{
    if (depth > QS_MAX_MIME_DEPTH || w->nparts >= QS_MAX_MIME_PARTS) {
        w->cut = 1;
        return 0;
    }
    w->nparts++;
    const char *ct = NULL, *cd = NULL, *fn, *fv;
    size_t ctl = 0, cdl = 0, fnl, fvl;
    const char *q = p;
    while (next_field(&q, end, &fn, &fnl, &fv, &fvl)) {
        if (!ct && qs_memcaseeq(fn, fnl, "Content-Type")) { ct = fv; ctl = fvl; }
        else if (!cd && qs_memcaseeq(fn, fnl, "Content-Disposition")) { cd = fv; cdl = fvl; }
    }
    const char *body = q;
    struct qs_buf type, fname;
    qs_buf_init(&type, 256);
    qs_buf_init(&fname, QS_MAX_MIME_TEXT);
    if (!ct || !media_type(ct, ctl, &type)) {
        qs_buf_reset(&type);
        qs_buf_adds(&type, in_digest ? "message/rfc822" : "text/plain");
    }
    int have_name = (cd && qs_mime_param(cd, cdl, "filename", &fname)) ||
                    (ct && qs_mime_param(ct, ctl, "name", &fname));
    struct qs_mime_part part = { depth, type.data, have_name ? qs_buf_str(&fname) : NULL };
    int rc = w->fn(&part, w->arg);
    qs_buf_free(&fname);
    if (rc == 0 && strncmp(type.data, "multipart/", 10) == 0) {
        struct qs_buf b;
        qs_buf_init(&b, 256);
        if (qs_mime_param(ct, ctl, "boundary", &b) && b.len > 0)
            rc = walk_multipart(w, body, end, b.data, b.len, depth,
                                strcmp(type.data, "multipart/digest") == 0);
        qs_buf_free(&b);
    } else if (rc == 0 && (strcmp(type.data, "message/rfc822") == 0 ||
                           strcmp(type.data, "message/global") == 0)) {
        rc = walk_entity(w, body, end, depth + 1, 0);
    }
    qs_buf_free(&type);
    return rc;
}

int qs_mime_walk(const char *msg, size_t len,
                 int (*fn)(const struct qs_mime_part *p, void *arg), void *arg)
{
    struct walker w = { fn, arg, 0, 0 };
    int rc = walk_entity(&w, msg, msg + len, 0, 0);
    if (rc)
        return rc;
    return w.cut ? 0 : 1;
}
