/*
 * qsys/mime/mime_parse.c - strict reader of a message's header section.
 *
 * Policy (what QtmmSendMail accepts from a caller's file, and what the engine
 * trusts before signing): lines end in CRLF, never a bare CR or LF; header
 * bytes are US-ASCII without NUL; a field name is printable ASCII up to the
 * colon with no white space before it; a continuation line starts with SP or
 * HT and never comes first; no line passes 998 bytes.  Everything is refused
 * with a message naming the line, nothing is repaired.
 */
#include "qsys/mime/mime.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <stdio.h>
#include <string.h>

#define MAX_LINE 998

static size_t line_no(const char *msg, size_t pos)
{
    size_t n = 1;
    for (size_t i = 0; i < pos; i++)
        if (msg[i] == '\n')
            n++;
    return n;
}

static int line_err(struct qs_err *err, const char *id, const char *msg, size_t pos)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", line_no(msg, pos));
    return qs_err_set(err, id, num, (const char *)NULL);
}

/* Check one physical line starting at p; *len_r = bytes before CRLF. */
static int scan_line(const char *msg, size_t start, size_t end, size_t *len_r, struct qs_err *err)
{
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)msg[i];
        if (c == '\r') {
            if (i + 1 >= end || msg[i + 1] != '\n')
                return line_err(err, "TCP5343", msg, start);
            *len_r = i - start;
            if (*len_r > MAX_LINE)
                return line_err(err, "TCP5349", msg, start);
            return 0;
        }
        if (c == '\n')
            return line_err(err, "TCP5343", msg, start);
        if (c == 0 || c > 127)
            return line_err(err, "TCP5342", msg, start);
    }
    return line_err(err, "TCP5343", msg, start);
}

int qs_mime_field_next(const char *msg, size_t hdr_len, size_t *pos,
                       struct qs_mime_field *f, struct qs_err *err)
{
    size_t p = *pos;
    if (p >= hdr_len)
        return 0;
    size_t ll;
    if (scan_line(msg, p, hdr_len, &ll, err) < 0)
        return -1;
    if (ll == 0 || msg[p] == ' ' || msg[p] == '\t')
        return line_err(err, "TCP5344", msg, p);
    size_t k = p;
    while (k < p + ll && msg[k] != ':') {
        unsigned char c = (unsigned char)msg[k];
        if (c < 33 || c > 126)
            return line_err(err, "TCP5344", msg, p);
        k++;
    }
    if (k == p || k == p + ll)
        return line_err(err, "TCP5344", msg, p);
    f->name = msg + p;
    f->name_len = k - p;
    f->value = msg + k + 1;
    size_t e = p + ll;           /* end of value so far (before CRLF) */
    size_t q = e + 2;
    while (q < hdr_len && (msg[q] == ' ' || msg[q] == '\t')) {
        if (scan_line(msg, q, hdr_len, &ll, err) < 0)
            return -1;
        e = q + ll;
        q = e + 2;
    }
    f->value_len = e - (k + 1);
    *pos = q;
    return 1;
}

static const char *const once_fields[] = {
    "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID", "In-Reply-To",
    "References", "Subject", "Date", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding",
};
#define NONCE (sizeof once_fields / sizeof once_fields[0])

int qs_mime_validate(const char *msg, size_t len, struct qs_mime_info *info_r,
                     struct qs_err *err)
{
    struct qs_mime_info info;
    memset(&info, 0, sizeof info);
    size_t hdr_len;
    if (len >= 2 && msg[0] == '\r' && msg[1] == '\n') {
        hdr_len = 0;                   /* no header fields at all */
        info.body_off = 2;
    } else {
        const char *e = memmem(msg, len, "\r\n\r\n", 4);
        if (!e)
            return qs_err_set(err, "TCP5341", (const char *)NULL);
        hdr_len = (size_t)(e - msg) + 2;
        info.body_off = hdr_len + 2;
    }
    info.hdr_len = hdr_len;
    unsigned seen[NONCE] = { 0 };
    size_t pos = 0;
    struct qs_mime_field f;
    int r;
    while ((r = qs_mime_field_next(msg, hdr_len, &pos, &f, err)) > 0) {
        info.nfields++;
        for (size_t i = 0; i < NONCE; i++) {
            if (!qs_memcaseeq(f.name, f.name_len, once_fields[i]))
                continue;
            if (seen[i]++)
                return qs_err_set(err, "TCP5348", once_fields[i], (const char *)NULL);
        }
        if (qs_memcaseeq(f.name, f.name_len, "From")) info.has_from = 1;
        if (qs_memcaseeq(f.name, f.name_len, "Date")) info.has_date = 1;
        if (qs_memcaseeq(f.name, f.name_len, "Message-ID")) info.has_msgid = 1;
        if (qs_memcaseeq(f.name, f.name_len, "MIME-Version")) info.has_mime_version = 1;
        if (qs_memcaseeq(f.name, f.name_len, "Bcc")) info.has_bcc = 1;
    }
    if (r < 0)
        return -1;
    if (!info.has_from)
        return qs_err_set(err, "TCP5347", (const char *)NULL);
    if (info_r)
        *info_r = info;
    return 0;
}

int qs_mime_find(const char *msg, size_t hdr_len, const char *name, struct qs_mime_field *f)
{
    size_t pos = 0;
    int r;
    while ((r = qs_mime_field_next(msg, hdr_len, &pos, f, NULL)) > 0)
        if (qs_memcaseeq(f->name, f->name_len, name))
            return 1;
    return 0;
}

int qs_mime_unfold(struct qs_buf *out, const char *v, size_t n)
{
    size_t s = 0, e = n;
    while (s < e && (v[s] == ' ' || v[s] == '\t'))
        s++;
    while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
        e--;
    for (size_t i = s; i < e; i++) {
        if (v[i] == '\r' && i + 1 < e && v[i + 1] == '\n') {
            i++;
            continue;
        }
        if (qs_buf_addc(out, v[i]) < 0)
            return -1;
    }
    return 0;
}
