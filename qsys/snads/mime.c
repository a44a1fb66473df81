/*
 * qsys/snads/mime.c - the Internet copy of a distribution: an RFC 5322 /
 * MIME note built from it, as the SMTP/MIME gateway of SNADS does.
 *
 * Text (MSG, LONGMSG) goes in a text/plain UTF-8 part, quoted-printable so no
 * line exceeds 76 characters whatever the user typed; a FILE or DOC body is a
 * base64 application/octet-stream attachment.  Header values never carry CR
 * or LF (control bytes become blanks) and non-ASCII text is an RFC 2047
 * encoded word, so no value can inject a header.
 */
#include "qsys/snads/store.h"
#include "qsys/mime/mime.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A header value: plain when printable ASCII, else one encoded word. */
static int add_hval(struct qs_buf *b, const char *s)
{
    int plain = 1;
    struct qs_buf t;
    qs_buf_init(&t, 4096);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p > 0x7f)
            plain = 0;
        if (qs_buf_addc(&t, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p) < 0)
            break;
    }
    if (plain) {
        int prc = qs_buf_add(b, qs_buf_str(&t), t.len);
        qs_buf_free(&t);
        return prc;
    }
    int rc = qs_buf_adds(b, "=?UTF-8?B?");
    if (rc == 0)
        rc = qs_mime_base64_raw(b, qs_buf_str(&t), t.len);
    if (rc == 0)
        rc = qs_buf_adds(b, "?=");
    qs_buf_free(&t);
    return rc;
}

static int add_qp(struct qs_buf *b, const char *s)
{
    static const char hx[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
            if (*p == '\r')
                p++;
            if (qs_buf_add(b, "\r\n", 2) < 0)
                return -1;
            col = 0;
            continue;
        }
        char e[3];
        size_t n = 1;
        int last = p[1] == '\0' || p[1] == '\n' || p[1] == '\r';
        if ((*p >= 33 && *p <= 126 && *p != '=') || (*p == ' ' && !last)) {
            e[0] = (char)*p;
        } else {
            e[0] = '='; e[1] = hx[*p >> 4]; e[2] = hx[*p & 15]; n = 3;
        }
        if (col + n > 75) {
            if (qs_buf_add(b, "=\r\n", 3) < 0)
                return -1;
            col = 0;
        }
        if (qs_buf_add(b, e, n) < 0)
            return -1;
        col += n;
    }
    return qs_buf_add(b, "\r\n", 2);
}

static int add_list(struct qs_buf *b, const char *name, const char *const *v, size_t n)
{
    if (!n)
        return 0;
    if (qs_buf_addf(b, "%s: ", name) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (qs_buf_addf(b, "%s<%s>", i ? ",\r\n " : "", v[i]) < 0)
            return -1;
    return qs_buf_add(b, "\r\n", 2);
}

int qs_snads_mime(struct qs_buf *b, const struct qs_dst *d, const char *from,
                  const char *const *to, size_t nto, const char *const *cc, size_t ncc,
                  time_t now, struct qs_err *err)
{
    char date[64];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    const char *dom = strchr(from, '@');
    char idf[QS_DSTID_LEN + 1];
    qs_snads_idfile(idf, d->dstid);
    const char *subj = d->subject && *d->subject ? d->subject : d->dstd ? d->dstd : "";
    const char *text = d->longmsg ? d->longmsg : d->msg ? d->msg : "";
    static const char *const sens[] = { NULL, "Personal", "Private", "Company-Confidential" };
    static const char *const level[] = { NULL, "low", "high" };
    static const char *const prio[] = { NULL, "non-urgent", "urgent" };
    int rc = 0;
    rc |= qs_buf_addf(b, "From: <%s>\r\n", from);
    rc |= add_list(b, "To", to, nto);
    rc |= add_list(b, "Cc", cc, ncc);
    if (!nto && !ncc)
        rc |= qs_buf_adds(b, "To: undisclosed-recipients:;\r\n");
    rc |= qs_buf_adds(b, "Subject: ");
    rc |= add_hval(b, subj);
    rc |= qs_buf_addf(b, "\r\nDate: %s\r\nMessage-ID: <%s.%02d.%ld@%s>\r\n", date, idf,
                      d->ext, (long)d->created, dom ? dom + 1 : "localhost");
    if (sens[d->sensitiv])
        rc |= qs_buf_addf(b, "Sensitivity: %s\r\n", sens[d->sensitiv]);
    if (level[d->importance])
        rc |= qs_buf_addf(b, "Importance: %s\r\n", level[d->importance]);
    if (prio[d->pty])
        rc |= qs_buf_addf(b, "Priority: %s\r\n", prio[d->pty]);
    if (d->cfmdel)
        rc |= qs_buf_addf(b, "Disposition-Notification-To: <%s>\r\n", from);
    rc |= qs_buf_addf(b, "X-Qshim-Dstid: %s\r\nMIME-Version: 1.0\r\n", idf);
    const char *tp = "Content-Type: text/plain; charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    if (!d->doc) {
        rc |= qs_buf_adds(b, tp);
        rc |= add_qp(b, text);
    } else {
        char bnd[64];
        snprintf(bnd, sizeof bnd, "=_qshim_%s_%ld", idf, (long)now);
        for (char *p = bnd; *p; p++)
            if (*p == '.')
                *p = '_';
        rc |= qs_buf_addf(b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", bnd);
        rc |= qs_buf_addf(b, "--%s\r\n%s", bnd, tp);
        rc |= add_qp(b, text);
        rc |= qs_buf_addf(b, "--%s\r\nContent-Type: application/octet-stream\r\n"
                             "Content-Transfer-Encoding: base64\r\n"
                             "Content-Disposition: attachment; filename=\"", bnd);
        for (const char *p = d->doc_name ? d->doc_name : "document"; *p; p++)
            rc |= qs_buf_addc(b, (*p < 0x20 || *p == '"' || *p == '\\' || *p == 0x7f) ? '_' : *p);
        rc |= qs_buf_adds(b, "\"\r\n\r\n");
        rc |= qs_mime_base64(b, d->doc, d->doc_len);
        rc |= qs_buf_addf(b, "--%s--\r\n", bnd);
    }
    return rc ? qs_err_sys(err, errno ? errno : E2BIG) : 0;
}
