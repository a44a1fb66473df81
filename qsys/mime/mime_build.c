/*
 * qsys/mime/mime_build.c - header fields and MIME entities.
 *
 * Header text is written through a small "folder" that tracks the column and
 * breaks before a token that would pass 78 characters; tokens are never split,
 * so folding only ever replaces a separating space by CRLF SP, which
 * unfolding (RFC 5322 §2.2.3) turns back into the same space.
 */
#include "qsys/mime/mime.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define LINE_SOFT 78
#define EW_PREFIX "=?UTF-8?B?"
#define EW_OVERHEAD 12      /* "=?UTF-8?B?" + "?=" */
#define EW_MAX 75           /* RFC 2047 §2 */

static int oom(struct qs_err *err)
{
    return qs_err_sys(err, errno ? errno : ENOMEM);
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if not valid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static int utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_seq(p + i, n - i);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

struct folder {
    struct qs_buf *out;
    size_t col;      /* characters on the current line */
    int    fresh;    /* nothing after "Name: " yet */
};

static int fold_start(struct folder *f, struct qs_buf *out, const char *name)
{
    f->out = out;
    f->fresh = 1;
    size_t n = strlen(name);
    f->col = n + 1;
    if (qs_buf_add(out, name, n) < 0 || qs_buf_addc(out, ':') < 0)
        return -1;
    return 0;
}

/* Emit token t[0..n) preceded by one space (folded if the line would pass 78). */
static int fold_tok(struct folder *f, const char *t, size_t n)
{
    if (!f->fresh && n && f->col + 1 + n > LINE_SOFT) {
        if (qs_buf_add(f->out, "\r\n ", 3) < 0)
            return -1;
        f->col = 1;
    } else {
        if (qs_buf_addc(f->out, ' ') < 0)
            return -1;
        f->col++;
    }
    f->fresh = 0;
    if (qs_buf_add(f->out, t, n) < 0)
        return -1;
    f->col += n;
    return 0;
}

static int fold_end(struct folder *f)
{
    return qs_buf_add(f->out, "\r\n", 2);
}

/* RFC 2047 B-encoded words for s[0..n), each <= 75 chars, each holding only
 * whole UTF-8 sequences, emitted as separate tokens (a decoder joins
 * adjacent encoded words without the space between them). */
static int fold_encoded(struct folder *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    struct qs_buf w;
    qs_buf_init(&w, EW_MAX + 1);
    size_t i = 0;
    int rc = 0;
    do {
        /* 45 raw bytes -> 60 base64 chars -> 72-char word; use the rest of
         * the current line when it can hold a useful word */
        size_t room = 45, take = 0;
        if (f->col + 1 + EW_OVERHEAD + 16 <= LINE_SOFT) {
            size_t r = (LINE_SOFT - f->col - 1 - EW_OVERHEAD) / 4 * 3;
            room = r < room ? r : room;
        }
        while (i + take < n) {
            size_t l = utf8_seq(p + i + take, n - i - take);
            if (!l)
                l = 1;              /* already validated by the caller */
            if (take + l > room)
                break;
            take += l;
        }
        qs_buf_reset(&w);
        if (qs_buf_adds(&w, EW_PREFIX) < 0 || qs_mime_base64_raw(&w, p + i, take) < 0 ||
            qs_buf_adds(&w, "?=") < 0 || fold_tok(f, w.data, w.len) < 0) {
            rc = -1;
            break;
        }
        i += take;
    } while (i < n);
    qs_buf_free(&w);
    return rc;
}

/* Plain text needs encoding if it has non-ASCII bytes, controls, something
 * that looks like an encoded word, or a word too long for a line. */
static int needs_encoding(const char *s, size_t n)
{
    if (!qs_mime_is_plain(s, n))
        return 1;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=' && i + 1 < n && s[i + 1] == '?')
            return 1;
        run = (s[i] == ' ' || s[i] == '\t') ? 0 : run + 1;
        if (run > LINE_SOFT - 10)
            return 1;
    }
    return 0;
}

static int check_value(const char *name, const char *v, size_t n, struct qs_err *err)
{
    if (memchr(v, '\r', n) || memchr(v, '\n', n) || memchr(v, '\0', n) || !utf8_valid(v, n))
        return qs_err_set(err, "TCP5345", name, (const char *)NULL);
    return 0;
}

int qs_mime_hdr_text(struct qs_buf *out, const char *name, const char *value,
                     size_t vlen, struct qs_err *err)
{
    if (check_value(name, value, vlen, err) < 0)
        return -1;
    struct folder f;
    size_t mark = out->len;
    if (fold_start(&f, out, name) < 0)
        goto fail;
    if (needs_encoding(value, vlen)) {
        if (vlen && fold_encoded(&f, value, vlen) < 0)
            goto fail;
    } else {
        /* split at single spaces; runs of spaces give empty tokens, kept in place */
        for (size_t i = 0;;) {
            size_t j = i;
            while (j < vlen && value[j] != ' ')
                j++;
            if (fold_tok(&f, value + i, j - i) < 0)
                goto fail;
            if (j >= vlen)
                break;
            i = j + 1;
        }
    }
    if (fold_end(&f) < 0)
        goto fail;
    return 0;
fail:
    qs_buf_truncate(out, mark);
    return oom(err);
}

int qs_mime_addr_check(const char *a, size_t n)
{
    if (n == 0 || n > QS_MAX_SMTP_ADDR)
        return -1;
    const char *at = NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c <= 32 || c >= 127 || strchr("<>()[],;:\"\\", c))
            return -1;
        if (c == '@') {
            if (at)
                return -1;
            at = a + i;
        }
    }
    if (!at || at == a || at == a + n - 1)
        return -1;
    size_t llen = (size_t)(at - a), dlen = n - llen - 1;
    const char *d = at + 1;
    if (a[0] == '.' || a[llen - 1] == '.' || memmem(a, llen, "..", 2))
        return -1;
    for (size_t i = 0; i < dlen; i++) {
        char c = d[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return -1;
    }
    if (d[0] == '.' || d[0] == '-' || d[dlen - 1] == '.' || memmem(d, dlen, "..", 2))
        return -1;
    return 0;
}

int qs_mime_hdr_addrs(struct qs_buf *out, const char *name,
                      const struct qs_mime_addr *a, size_t n, struct qs_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!a[i].addr || qs_mime_addr_check(a[i].addr, strlen(a[i].addr)) < 0)
            return qs_err_set(err, "TCP5346", a[i].addr ? a[i].addr : "", (const char *)NULL);
        if (a[i].name && check_value(name, a[i].name, strlen(a[i].name), err) < 0)
            return -1;
    }
    size_t mark = out->len;
    struct qs_buf tok;
    qs_buf_init(&tok, QS_MAX_SMTP_ADDR * 4 + 16);
    struct folder f;
    if (fold_start(&f, out, name) < 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const char *nm = a[i].name;
        size_t nl = nm ? strlen(nm) : 0;
        qs_buf_reset(&tok);
        if (nl && needs_encoding(nm, nl)) {
            if (fold_encoded(&f, nm, nl) < 0)
                goto fail;
        } else if (nl) {
            if (qs_buf_addc(&tok, '"') < 0)
                goto fail;
            for (size_t k = 0; k < nl; k++)
                if ((nm[k] == '"' || nm[k] == '\\' ? qs_buf_addc(&tok, '\\') : 0) < 0 ||
                    qs_buf_addc(&tok, nm[k]) < 0)
                    goto fail;
            if (qs_buf_addc(&tok, '"') < 0 || fold_tok(&f, tok.data, tok.len) < 0)
                goto fail;
            qs_buf_reset(&tok);
        }
        if (qs_buf_addf(&tok, nl ? "<%s>%s" : "%s%s", a[i].addr, i + 1 < n ? "," : "") < 0 ||
            fold_tok(&f, tok.data, tok.len) < 0)
            goto fail;
    }
    if (fold_end(&f) < 0)
        goto fail;
    qs_buf_free(&tok);
    return 0;
fail:
    qs_buf_free(&tok);
    qs_buf_truncate(out, mark);
    return oom(err);
}

/* RFC 2231 attribute-char: ALPHA DIGIT and !#$&+-.^_`|~ */
static int attr_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("!#$&+-.^_`|~", c) != NULL;
}

int qs_mime_param_filename(struct qs_buf *out, const char *param, const char *fname,
                           size_t flen, struct qs_err *err)
{
    if (!flen || check_value(param, fname, flen, err) < 0)
        return flen ? -1 : qs_err_set(err, "TCP5345", param, (const char *)NULL);
    size_t mark = out->len;
    int quoted_ok = qs_mime_is_plain(fname, flen) && flen <= 60;
    if (quoted_ok) {
        if (qs_buf_addf(out, ";\r\n %s=\"", param) < 0)
            goto fail;
        for (size_t i = 0; i < flen; i++)
            if ((fname[i] == '"' || fname[i] == '\\' ? qs_buf_addc(out, '\\') : 0) < 0 ||
                qs_buf_addc(out, fname[i]) < 0)
                goto fail;
        if (qs_buf_addc(out, '"') < 0)
            goto fail;
        return 0;
    }
    /* filename*0*=UTF-8''%..; filename*1*=%..; each line <= 78 */
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)fname;
    size_t i = 0;
    for (unsigned part = 0; i < flen; part++) {
        if (qs_buf_addf(out, ";\r\n %s*%u*=%s", param, part, part ? "" : "UTF-8''") < 0)
            goto fail;
        size_t col = 0;
        while (i < flen && col < 48) {
            size_t l = utf8_seq(p + i, flen - i);
            if (!l)
                l = 1;
            for (size_t k = 0; k < l; k++) {
                unsigned char c = p[i + k];
                char e[3] = { '%', hex[c >> 4], hex[c & 15] };
                if (attr_char(c) ? qs_buf_addc(out, (char)c) < 0 : qs_buf_add(out, e, 3) < 0)
                    goto fail;
                col += attr_char(c) ? 1 : 3;
            }
            i += l;
        }
    }
    return 0;
fail:
    qs_buf_truncate(out, mark);
    return oom(err);
}

/* ---- the message ------------------------------------------------------- */

int qs_mime_build_headers(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err)
{
    size_t mark = out->len;
    if (qs_mime_hdr_addrs(out, "From", &m->from, 1, err) < 0)
        return -1;
    if (m->nto && qs_mime_hdr_addrs(out, "To", m->to, m->nto, err) < 0)
        goto bad;
    if (m->ncc && qs_mime_hdr_addrs(out, "Cc", m->cc, m->ncc, err) < 0)
        goto bad;
    if (m->subject && qs_mime_hdr_text(out, "Subject", m->subject, strlen(m->subject), err) < 0)
        goto bad;
    const char *dom = m->msgid_domain;
    if (!dom) {
        dom = strchr(m->from.addr, '@');
        dom = dom ? dom + 1 : NULL;
    }
    if (qs_buf_adds(out, "Date: ") < 0 || qs_mime_date(out, m->date ? m->date : time(NULL)) < 0 ||
        qs_buf_adds(out, "\r\nMessage-ID: ") < 0 || qs_mime_msgid(out, dom) < 0 ||
        qs_buf_adds(out, "\r\nMIME-Version: 1.0\r\n") < 0) {
        oom(err);
        goto bad;
    }
    return 0;
bad:
    qs_buf_truncate(out, mark);
    return -1;
}

/* Does the text need QP: 8-bit bytes, NUL/controls, lines > 998, bare CR. */
static int text_needs_qp(const char *t, size_t n)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\n') {
            col = 0;
            continue;
        }
        if (c == '\r' && i + 1 < n && t[i + 1] == '\n')
            continue;
        if ((c < 32 && c != '\t') || c > 126)
            return 1;
        if (++col > 998)
            return 1;
    }
    return 0;
}

/* Body text with LF -> CRLF and a final line end. */
static int add_crlf_text(struct qs_buf *out, const char *t, size_t n)
{
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] != '\n')
            continue;
        size_t e = i;
        if (e > s && t[e - 1] == '\r')
            e--;
        if (qs_buf_add(out, t + s, e - s) < 0 || qs_buf_add(out, "\r\n", 2) < 0)
            return -1;
        s = i + 1;
    }
    if (s < n && (qs_buf_add(out, t + s, n - s) < 0 || qs_buf_add(out, "\r\n", 2) < 0))
        return -1;
    return 0;
}

static int text_part(struct qs_buf *out, const char *subtype, const char *t, size_t n,
                     struct qs_err *err)
{
    if (!utf8_valid(t, n))
        return qs_err_set(err, "TCP5345", "text", (const char *)NULL);
    int qp = text_needs_qp(t, n);
    if (qs_buf_addf(out, "Content-Type: text/%s; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: %s\r\n\r\n",
                    subtype, qp ? "quoted-printable" : "7bit") < 0 ||
        (qp ? qs_mime_qp(out, t, n) : add_crlf_text(out, t, n)) < 0)
        return oom(err);
    return 0;
}

static int valid_ctype(const char *c)
{
    size_t n = strlen(c);
    const char *slash = memchr(c, '/', n);
    return n && n < 200 && slash && slash != c && qs_mime_is_plain(c, n) && !strchr(c, '"');
}

static int body_part(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err)
{
    const char *sub = m->text_subtype ? m->text_subtype : "plain";
    if (!m->alt_html)
        return text_part(out, sub, m->text ? m->text : "", m->text ? m->text_len : 0, err);
    char bnd[QS_MIME_BOUNDARY_SIZE];
    qs_mime_boundary(bnd);
    if (qs_buf_addf(out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
                         "--%s\r\n", bnd, bnd) < 0)
        return oom(err);
    if (text_part(out, "plain", m->text ? m->text : "", m->text ? m->text_len : 0, err) < 0)
        return -1;
    if (qs_buf_addf(out, "\r\n--%s\r\n", bnd) < 0)
        return oom(err);
    if (text_part(out, "html", m->alt_html, m->alt_html_len, err) < 0)
        return -1;
    if (qs_buf_addf(out, "\r\n--%s--\r\n", bnd) < 0)
        return oom(err);
    return 0;
}

int qs_mime_build_entity(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err)
{
    size_t mark = out->len;
    if (!m->natt) {
        if (body_part(m, out, err) < 0)
            goto bad;
        return 0;
    }
    char bnd[QS_MIME_BOUNDARY_SIZE];
    qs_mime_boundary(bnd);
    if (qs_buf_addf(out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n"
                         "This is a multi-part message in MIME format.\r\n\r\n--%s\r\n", bnd, bnd) < 0) {
        oom(err);
        goto bad;
    }
    if (body_part(m, out, err) < 0)
        goto bad;
    for (size_t i = 0; i < m->natt; i++) {
        const struct qs_mime_attach *a = &m->att[i];
        const char *ct = a->ctype ? a->ctype : "application/octet-stream";
        if (!valid_ctype(ct)) {
            qs_err_set(err, "TCP5345", "Content-Type", (const char *)NULL);
            goto bad;
        }
        const char *fn = a->filename ? a->filename : "attachment";
        if (qs_buf_addf(out, "\r\n--%s\r\nContent-Type: %s", bnd, ct) < 0 ||
            qs_mime_param_filename(out, "name", fn, strlen(fn), err) < 0 ||
            qs_buf_adds(out, "\r\nContent-Disposition: attachment") < 0 ||
            qs_mime_param_filename(out, "filename", fn, strlen(fn), err) < 0 ||
            qs_buf_adds(out, "\r\nContent-Transfer-Encoding: base64\r\n\r\n") < 0 ||
            qs_mime_base64(out, a->data, a->len) < 0) {
            if (!qs_err_isset(err))
                oom(err);
            goto bad;
        }
    }
    if (qs_buf_addf(out, "\r\n--%s--\r\n", bnd) < 0) {
        oom(err);
        goto bad;
    }
    return 0;
bad:
    qs_buf_truncate(out, mark);
    return -1;
}

int qs_mime_build(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err)
{
    size_t mark = out->len;
    if (qs_mime_build_headers(m, out, err) < 0)
        return -1;
    if (qs_mime_build_entity(m, out, err) < 0) {
        qs_buf_truncate(out, mark);
        return -1;
    }
    return 0;
}
