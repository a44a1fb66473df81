/*
 * qsys/snads/inbound.c - Internet mail for a directory user whose entry says
 * MSFSRVLVL(*USRIDX) becomes distributions in that user's incoming log
 * (QRYDST/RCVDST), the way IBM's MIME-to-SNADS conversion treats such users.
 *
 * The conversion (qshim's reading; IBM's exact rules were not available):
 *   - the text of the message (the first text/plain part that is not an
 *     attachment; in multipart/alternative the plain one) becomes the note of
 *     a TYPE(*LMSG) distribution: SUBJECT and DSTD from Subject, at most
 *     5,000 characters, with the whole text also kept as document NOTE.TXT
 *     when it is longer;
 *   - every other part (attachments, HTML-only bodies, nested messages)
 *     becomes a TYPE(*DOC) distribution of its own carrying the decoded bytes
 *     as its document, named after the part's filename; its MSG says which
 *     note it belongs to.  RCVDST DOC/FLR files it in the document library.
 * The sender of these distributions is the SMTP route entry (CHGDSTA
 * SMTPRTE) or, without one, INTERNET/QSMTPGW; the Internet originator is
 * kept as the record's from_inet.  Importance and Sensitivity headers map to
 * IMPORTANCE/SENSITIV.  Charsets: UTF-8 and US-ASCII text is kept, ISO-8859-1
 * is converted to UTF-8; other text parts are kept as bytes.
 *
 * Bounds: at most QS_SNADS_MAX_INPARTS parts (the rest are counted in the
 * note), MIME nesting depth 8, each document QS_SNADS_MAX_DOC bytes.
 */
#include "qsys/snads/inbound.h"
#include "qsys/snads/store.h"
#include "qsys/sdd/sdd.h"
#include "qsys/mime/mime.h"
#include "qsys/mime/mime_walk.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 8
#define MAX_INMSG (QS_SNADS_MAX_DOC * 2u)

/* --- header access ------------------------------------------------------------ */

static size_t line_end(const char *p, size_t n, size_t i, size_t *next)
{
    const char *nl = memchr(p + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - p) : n;
    *next = nl ? e + 1 : n;
    return e > i && p[e - 1] == '\r' ? e - 1 : e;
}

/* Split an entity into header section and body. */
static void split(const char *p, size_t n, size_t *hlen, size_t *body)
{
    size_t i = 0, next;
    while (i < n) {
        size_t e = line_end(p, n, i, &next);
        if (e == i) {
            *hlen = i;
            *body = next;
            return;
        }
        i = next;
    }
    *hlen = n;
    *body = n;
}

/* The unfolded value of header `name` (malloc'ed) or NULL. */
static char *header(const char *p, size_t hlen, const char *name)
{
    size_t nl = strlen(name), i = 0, next;
    while (i < hlen) {
        size_t e = line_end(p, hlen, i, &next);
        if (e - i > nl && p[i + nl] == ':' && !strncasecmp(p + i, name, nl)) {
            struct qs_buf v;
            qs_buf_init(&v, 16384);
            qs_buf_add(&v, p + i + nl + 1, e - i - nl - 1);
            while (next < hlen && (p[next] == ' ' || p[next] == '\t')) {
                size_t j = next;
                e = line_end(p, hlen, j, &next);
                qs_buf_add(&v, p + j, e - j);
            }
            size_t len;
            char *s = qs_buf_detach(&v, &len);
            if (!s)
                return strdup("");
            size_t a = 0;
            while (s[a] == ' ' || s[a] == '\t')
                a++;
            memmove(s, s + a, len - a + 1);
            len -= a;
            while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
                s[--len] = '\0';
            return s;
        }
        i = next;
    }
    return NULL;
}

/* Parameter `name` of a structured value (qs_mime_param: quoted, RFC 2231,
 * RFC 2047), malloc'ed, or NULL. */
static char *param(const char *v, const char *name)
{
    if (!v)
        return NULL;
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MIME_TEXT);
    if (qs_mime_param(v, strlen(v), name, &b) != 1) {
        qs_buf_free(&b);
        return NULL;
    }
    size_t len;
    char *s = qs_buf_detach(&b, &len);
    return s ? s : strdup("");
}

/* "Text/Plain; x" -> "text/plain" (malloc'ed). */
static char *media_type(const char *v, const char *dflt)
{
    if (!v)
        return strdup(dflt);
    size_t n = strcspn(v, "; \t");
    char *s = strndup(v, n);
    for (char *c = s; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return s;
}

/* --- decoding ------------------------------------------------------------------ */

static int hexv(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 :
           c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int unqp(struct qs_buf *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '=' && i + 2 < n && hexv(p[i + 1]) >= 0 && hexv(p[i + 2]) >= 0) {
            if (qs_buf_addc(out, (char)(hexv(p[i + 1]) * 16 + hexv(p[i + 2]))) < 0)
                return -1;
            i += 2;
        } else if (p[i] == '=' && (i + 1 == n || p[i + 1] == '\r' || p[i + 1] == '\n')) {
            while (i + 1 < n && (p[i + 1] == '\r' || p[i + 1] == '\n')) {    /* soft break */
                i++;
                if (p[i] == '\n')
                    break;
            }
        } else if (qs_buf_addc(out, p[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Body bytes by Content-Transfer-Encoding; a bad base64 body is kept raw. */
static int decode(struct qs_buf *out, const char *cte, const char *p, size_t n)
{
    if (cte && !strcasecmp(cte, "base64")) {
        size_t mark = out->len;
        if (qs_mime_unbase64(out, p, n) == 0)
            return 0;
        qs_buf_truncate(out, mark);
        return qs_buf_add(out, p, n);
    }
    if (cte && !strcasecmp(cte, "quoted-printable"))
        return unqp(out, p, n);
    return qs_buf_add(out, p, n);
}

/* Text to UTF-8 with LF line ends: ISO-8859-1 is widened, the rest kept. */
static int text_utf8(struct qs_buf *out, const char *charset, const char *p, size_t n)
{
    int latin1 = charset && (!strcasecmp(charset, "iso-8859-1") || !strcasecmp(charset, "latin1") ||
                             !strcasecmp(charset, "windows-1252"));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        int rc;
        if (c == '\r' && i + 1 < n && p[i + 1] == '\n')
            continue;
        if (latin1 && c >= 0x80)
            rc = qs_buf_addc(out, (char)(0xC0 | (c >> 6))) < 0 ? -1 :
                 qs_buf_addc(out, (char)(0x80 | (c & 0x3F)));
        else
            rc = qs_buf_addc(out, (char)c);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* A header value with RFC 2047 words decoded (qs_mime_decode_words), control
 * characters as blanks; malloc'ed. */
static char *words(const char *v)
{
    struct qs_buf out;
    qs_buf_init(&out, QS_MAX_MIME_TEXT);
    qs_mime_decode_words(&out, v, strlen(v));      /* a full buffer keeps what fit */
    size_t len;
    char *s = qs_buf_detach(&out, &len);
    for (size_t i = 0; s && i < len; i++)
        if ((unsigned char)s[i] < 0x20)
            s[i] = ' ';
    return s ? s : strdup("");
}

/* --- walking the MIME tree ------------------------------------------------------- */

static void add_part(struct qs_snads_inmail *cv, const char *name, const char *ctype, struct qs_buf *data)
{
    if (cv->nparts >= QS_SNADS_MAX_INPARTS) {
        cv->dropped++;
        return;
    }
    struct qs_snads_inpart *pt = &cv->parts[cv->nparts++];
    pt->name = name ? strdup(name) : NULL;
    pt->ctype = strdup(ctype);
    pt->data = qs_buf_detach(data, &pt->len);
    if (!pt->data)
        pt->data = strdup("");
}

static int walk(struct qs_snads_inmail *cv, const char *p, size_t n, int depth, int in_alt,
                const char *dflt_type);

static int walk_multipart(struct qs_snads_inmail *cv, const char *p, size_t n, const char *boundary,
                          int depth, int alt, const char *dflt)
{
    size_t bl = strlen(boundary), i = 0, next, start = 0;
    int inside = 0;
    while (i < n) {
        size_t e = line_end(p, n, i, &next);
        /* RFC 2046 §5.1.1: "--" boundary, "--" on the last one, then only
         * white space (so boundary L1 is not found in a line "--L10") */
        int delim = e - i >= bl + 2 && p[i] == '-' && p[i + 1] == '-' &&
                    !memcmp(p + i + 2, boundary, bl);
        int last = delim && e - i >= bl + 4 && p[i + bl + 2] == '-' && p[i + bl + 3] == '-';
        for (size_t k = i + bl + 2 + (last ? 2 : 0); delim && k < e; k++)
            if (p[k] != ' ' && p[k] != '\t')
                delim = 0;
        if (delim) {
            if (inside) {
                size_t end = i;            /* the CRLF before the delimiter belongs to it */
                if (end > start && p[end - 1] == '\n')
                    end--;
                if (end > start && p[end - 1] == '\r')
                    end--;
                if (walk(cv, p + start, end - start, depth + 1, alt, dflt) < 0)
                    return -1;
            }
            if (last)
                return 0;
            inside = 1;
            start = next;
        }
        i = next;
    }
    if (inside && start < n)              /* no closing delimiter: take what is there */
        return walk(cv, p + start, n - start, depth + 1, alt, dflt);
    return 0;
}

static int walk(struct qs_snads_inmail *cv, const char *p, size_t n, int depth, int in_alt,
                const char *dflt_type)
{
    size_t hlen, body;
    split(p, n, &hlen, &body);
    char *ct = header(p, hlen, "Content-Type");
    char *cte = header(p, hlen, "Content-Transfer-Encoding");
    char *cd = header(p, hlen, "Content-Disposition");
    char *type = media_type(ct, dflt_type);
    char *fname = param(cd, "filename");
    if (!fname)
        fname = param(ct, "name");
    int rc = type ? 0 : -1;
    if (rc == 0 && !strncmp(type, "multipart/", 10) && depth < MAX_DEPTH) {
        char *b = param(ct, "boundary");
        int usable = b && *b && strlen(b) <= 70;   /* else: one opaque part */
        if (usable)
            rc = walk_multipart(cv, p + body, n - body, b, depth,
                                !strcmp(type, "multipart/alternative"),
                                !strcmp(type, "multipart/digest") ? "message/rfc822" : "text/plain");
        free(b);
        if (usable)
            goto out;
    }
    if (rc < 0)
        goto out;
    struct qs_buf data;
    qs_buf_init(&data, QS_SNADS_MAX_DOC);
    if (decode(&data, cte, p + body, n - body) < 0) {
        qs_buf_free(&data);
        cv->dropped++;                    /* too big to keep */
        goto out;
    }
    int attach = fname || (cd && !strncasecmp(cd, "attachment", 10));
    if (!strcmp(type, "text/plain") && !attach && !cv->have_note) {
        char *cs = param(ct, "charset");
        rc = text_utf8(&cv->note, cs, data.data ? data.data : "", data.len) < 0 ? -1 : 0;
        free(cs);
        cv->have_note = 1;
        qs_buf_free(&data);
    } else if (in_alt && cv->have_note) {
        qs_buf_free(&data);               /* another rendering of the note */
    } else {
        char dflt[32];
        snprintf(dflt, sizeof dflt, "PART%02zu.%s", cv->nparts + 1,
                 !strncmp(type, "text/", 5) ? (!strcmp(type, "text/html") ? "HTM" : "TXT") :
                 !strcmp(type, "message/rfc822") ? "EML" : "BIN");
        add_part(cv, fname ? fname : dflt, type, &data);
        qs_buf_free(&data);
    }
out:
    free(ct);
    free(cte);
    free(cd);
    free(type);
    free(fname);
    return rc;
}

/* --- building the distributions ------------------------------------------------ */

/* Header value cut to max bytes without splitting a UTF-8 sequence. */
static char *cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return strndup(s, n);
}

/* A document name a folder can hold: the base name, 1-64 bytes of printable
 * ASCII (others become '_'), never "." or "..". */
static char *doc_name(const char *in)
{
    const char *b = in;
    for (const char *c = in; *c; c++)
        if (*c == '/' || *c == '\\')
            b = c + 1;
    char out[65];
    size_t n = 0;
    for (; *b && n < sizeof out - 1; b++)
        out[n++] = ((unsigned char)*b > 0x20 && (unsigned char)*b < 0x7f && *b != '"') ? *b : '_';
    out[n] = '\0';
    if (!n || !strcmp(out, ".") || !strcmp(out, ".."))
        return strdup("ATTACH.BIN");
    return strdup(out);
}

static void map_headers(struct qs_dst *d, const char *p, size_t hlen)
{
    char *imp = header(p, hlen, "Importance"), *sens = header(p, hlen, "Sensitivity");
    char *pri = header(p, hlen, "X-Priority");
    if (imp && !strcasecmp(imp, "high"))
        d->importance = QS_LVL_HIGH;
    else if (imp && !strcasecmp(imp, "low"))
        d->importance = QS_LVL_LOW;
    else if (pri && (pri[0] == '1' || pri[0] == '2'))
        d->importance = QS_LVL_HIGH;
    if (sens && !strcasecmp(sens, "personal"))
        d->sensitiv = QS_SENS_PERSONAL;
    else if (sens && !strcasecmp(sens, "private"))
        d->sensitiv = QS_SENS_PRIVATE;
    else if (sens && !strcasecmp(sens, "company-confidential"))
        d->sensitiv = QS_SENS_CONFIDENTIAL;
    free(imp);
    free(sens);
    free(pri);
}

/* The originator shown: the From address (angle part) or the envelope. */
static char *originator(const char *p, size_t hlen, const char *env_from)
{
    char *f = header(p, hlen, "From");
    if (f) {
        char *lt = strrchr(f, '<'), *gt = lt ? strchr(lt, '>') : NULL;
        char *a = lt && gt ? strndup(lt + 1, (size_t)(gt - lt - 1)) : strdup(f);
        free(f);
        if (a && *a && !qs_mime_addr_check(a, strlen(a)))
            return a;
        free(a);
    }
    return strdup(env_from && *env_from ? env_from : "<>");
}

/* What every distribution made from the message shares. */
static void start(struct qs_dst *d, enum qs_dst_type type, const char *msg, size_t hlen,
                  const char *from, const char *subject)
{
    memset(d, 0, sizeof *d);
    d->type = type;
    map_headers(d, msg, hlen);
    d->from_inet = (char *)from;      /* borrowed: reset before any free */
    d->dstd = cut(subject, QS_SNADS_MAX_DSTD);
}

static int store(struct qs_dst *d, const struct qs_sdd_entry *to, const char *gw_user,
                 const char *gw_addr, time_t now, int jon, struct qs_err *err)
{
    unsigned seq;
    if (qs_snads_seq_next(gw_addr, gw_user, &seq, err) < 0)
        return -1;
    qs_dstid_make(d->dstid, gw_addr, gw_user, seq);
    memcpy(d->from_user, gw_user, 9);
    memcpy(d->from_addr, gw_addr, 9);
    memcpy(d->owner_user, to->user, 9);
    memcpy(d->owner_addr, to->addr, 9);
    d->log = QS_LOG_IN;
    d->status = QS_ST_NEW;
    d->kind = QS_RCPT_PRI;
    d->created = d->received = now;
    d->ext = 1;
    while (d->ext < 99 && qs_snads_rec_exists(QS_LOG_IN, to->user, to->addr, d->dstid, d->ext))
        d->ext++;
    if (qs_snads_rec_write(d, err) < 0)
        return -1;
    qs_snads_jrn(jon, "HI", d, to->user, to->addr, NULL, qs_dst_type_name(d->type));
    return 0;
}

int qs_snads_inmail_parse(const char *msg, size_t len, const char *env_from,
                          struct qs_snads_inmail *cv)
{
    memset(cv, 0, sizeof *cv);
    qs_buf_init(&cv->note, QS_SNADS_MAX_DOC);
    size_t body;
    split(msg, len, &cv->hdr_len, &body);
    char *subj_raw = header(msg, cv->hdr_len, "Subject");
    cv->subject = words(subj_raw ? subj_raw : "");
    free(subj_raw);
    cv->from = originator(msg, cv->hdr_len, env_from);
    if (!cv->subject || !cv->from || walk(cv, msg, len, 0, 0, "text/plain") < 0) {
        qs_snads_inmail_free(cv);
        return -1;
    }
    return 0;
}

void qs_snads_inmail_free(struct qs_snads_inmail *cv)
{
    for (size_t i = 0; i < cv->nparts; i++) {
        free(cv->parts[i].name);
        free(cv->parts[i].ctype);
        free(cv->parts[i].data);
    }
    cv->nparts = 0;
    qs_buf_free(&cv->note);
    free(cv->subject);
    free(cv->from);
    cv->subject = cv->from = NULL;
}

int qs_snads_inbound(const char *rcpt, const char *env_from, const char *msg, size_t len,
                     time_t now, struct qs_err *err)
{
    if (!now)
        now = time(NULL);
    const char *at = rcpt ? strrchr(rcpt, '@') : NULL;
    if (!at || at == rcpt || (size_t)(at - rcpt) > QS_SDD_SMTPUSR_LEN)
        return 0;
    char local[QS_SDD_SMTPUSR_LEN + 1];
    memcpy(local, rcpt, (size_t)(at - rcpt));
    local[at - rcpt] = '\0';
    struct qs_sdd_entry to;
    struct qs_err ferr = QS_ERR_INIT;
    if (qs_sdd_find_smtp(local, at + 1, &to, &ferr) < 0) {
        int missing = !strcmp(ferr.msgid, "CPF9006");
        if (!missing)
            qs_err_move(err, &ferr);
        qs_err_clear(&ferr);
        return missing ? 0 : -1;
    }
    if (to.msflvl != QS_SDD_MSF_USRIDX)
        return 0;
    if (len > MAX_INMSG)
        return qs_err_set(err, "CPF90A3", "message", "?", "33554432", (const char *)NULL);

    struct qs_dsta attrs;
    if (qs_dsta_get(&attrs, err) < 0)
        return -1;
    char gw_user[9] = "QSMTPGW", gw_addr[9] = "INTERNET";
    if (attrs.smtprte_user[0]) {
        memcpy(gw_user, attrs.smtprte_user, 9);
        memcpy(gw_addr, attrs.smtprte_addr, 9);
    }

    struct qs_snads_inmail cv;
    int rc = qs_snads_inmail_parse(msg, len, env_from, &cv) < 0 ? qs_err_sys(err, ENOMEM) : 0;
    size_t hlen = cv.hdr_len;
    const char *subject = cv.subject ? cv.subject : "";
    const char *from = cv.from;

    int fd = rc == 0 ? qs_snads_lock(err) : -1;
    if (fd < 0)
        rc = -1;
    int jon = rc == 0 ? qs_snads_jrn_on() : 0;
    char note_id[QS_DSTID_LEN + 1] = "";
    if (rc == 0) {
        struct qs_dst d;
        start(&d, QS_DST_LMSG, msg, hlen, from, subject);
        d.subject = cut(subject, QS_SNADS_MAX_SUBJECT);
        const char *text = cv.note.data ? cv.note.data : "";
        size_t chars = 0, cutat = cv.note.len;
        for (size_t i = 0; i < cv.note.len; i++)        /* count characters, not bytes */
            if (((unsigned char)text[i] & 0xC0) != 0x80 && ++chars > QS_SNADS_MAX_LONGMSG) {
                cutat = i;
                break;
            }
        d.longmsg = strndup(text, cutat);
        if (cutat < cv.note.len) {                     /* the whole text as a document */
            d.doc = malloc(cv.note.len + 1);
            if (d.doc) {
                memcpy(d.doc, text, cv.note.len + 1);
                d.doc_len = cv.note.len;
            }
            d.doc_name = strdup("NOTE.TXT");
        }
        if (cv.nparts || cv.dropped) {
            char m[QS_SNADS_MAX_MSG + 1];
            snprintf(m, sizeof m, "%zu attachment(s) follow as documents%s", cv.nparts,
                     cv.dropped ? "; some parts were not kept" : "");
            d.msg = strdup(m);
        }
        if (!d.subject || !d.dstd || !d.longmsg)
            rc = qs_err_sys(err, ENOMEM);
        if (rc == 0)
            rc = store(&d, &to, gw_user, gw_addr, now, jon, err);
        memcpy(note_id, d.dstid, sizeof note_id);
        d.from_inet = NULL;
        free(d.subject);
        free(d.dstd);
        free(d.longmsg);
        free(d.doc);
        free(d.doc_name);
        free(d.msg);
    }
    for (size_t i = 0; rc == 0 && i < cv.nparts; i++) {
        struct qs_dst d;
        start(&d, QS_DST_DOC, msg, hlen, from, subject);
        char m[QS_SNADS_MAX_MSG + 1];
        snprintf(m, sizeof m, "Attachment %zu of %zu (%s) of %s", i + 1, cv.nparts,
                 cv.parts[i].ctype, note_id);
        d.msg = strdup(m);
        d.doc_name = doc_name(cv.parts[i].name);
        d.doc = cv.parts[i].data;
        d.doc_len = cv.parts[i].len;
        if (!d.dstd || !d.msg || !d.doc_name || !d.doc)
            rc = qs_err_sys(err, ENOMEM);
        if (rc == 0)
            rc = store(&d, &to, gw_user, gw_addr, now, jon, err);
        free(d.dstd);
        free(d.msg);
        free(d.doc_name);
    }
    if (fd >= 0)
        close(fd);
    qs_snads_inmail_free(&cv);
    return rc < 0 ? -1 : 1;
}

int qs_snads_inbound_fd(const char *rcpt, const char *env_from, int fd, time_t now,
                        struct qs_err *err)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return qs_err_sys(err, errno);
    if ((unsigned long long)st.st_size > MAX_INMSG)
        return qs_err_set(err, "CPF90A3", "message", "?", "33554432", (const char *)NULL);
    size_t n = (size_t)st.st_size, got = 0;
    char *m = malloc(n + 1);
    if (!m)
        return qs_err_sys(err, ENOMEM);
    while (got < n) {
        ssize_t r = pread(fd, m + got, n - got, (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(m);
            return qs_err_sys(err, r < 0 ? errno : EIO);
        }
        got += (size_t)r;
    }
    m[n] = '\0';
    int rc = qs_snads_inbound(rcpt, env_from, m, n, now, err);
    free(m);
    return rc;
}
