/*
 * qsys/mime/mime.h - building and checking Internet messages (RFC 5322/2045).
 *
 * Owns: the MIME writer every sending path uses (QtmsCreateSendEmail,
 * SNDSMTPEMM, non-delivery reports) and the strict header reader that
 * QtmmSendMail and the engine use to decide whether a caller-built file is an
 * Internet-ready message.
 *
 * Always holds for what the writer produces: every line ends in CRLF and is at
 * most 78 characters (RFC 5322 §2.1.1) except base64/QP bodies, which are at
 * most 76; header fields are pure US-ASCII (non-ASCII text goes through RFC
 * 2047 encoded words or RFC 2231 parameters); no caller-supplied CR or LF ever
 * reaches a header (header injection is refused with an error, never
 * "cleaned").  Text is UTF-8 on input; conversion from other CCSIDs is the
 * caller's job (ccsid/).
 *
 * The reader never copies: it hands out (pointer, length) views into the
 * caller's message.
 */
#ifndef QS_MIME_MIME_H
#define QS_MIME_MIME_H

#include <stddef.h>
#include <time.h>

struct qs_buf;
struct qs_err;

/* ---- encoders (append to out; 0 or -1 with errno E2BIG/ENOMEM) -------- */

/* Base64, CRLF after every 76 output characters and at the end. */
int qs_mime_base64(struct qs_buf *out, const void *data, size_t len);
/* Base64 on one line, no CRLF (for AUTH, encoded words). */
int qs_mime_base64_raw(struct qs_buf *out, const void *data, size_t len);
/* Decode base64 (whitespace ignored); -1 on a byte outside the alphabet. */
int qs_mime_unbase64(struct qs_buf *out, const char *s, size_t len);
/* Quoted-printable (RFC 2045 §6.7) of text whose line ends are CRLF or LF;
 * output lines are CRLF terminated, soft breaks keep them <= 76. */
int qs_mime_qp(struct qs_buf *out, const void *data, size_t len);

/* 1 if p[0..n) is all US-ASCII printable or WSP (no control chars). */
int qs_mime_is_plain(const char *p, size_t n);

/*
 * Append an unstructured header "Name: value\r\n", folded at white space to
 * keep lines <= 78; non-ASCII values become RFC 2047 "=?UTF-8?B?...?="
 * words (never splitting a UTF-8 sequence).  Fails (TCP5345) if the value
 * holds CR, LF or NUL, or is not valid UTF-8.
 */
int qs_mime_hdr_text(struct qs_buf *out, const char *name, const char *value,
                     size_t vlen, struct qs_err *err);

struct qs_mime_addr {
    const char *name;   /* display name, UTF-8, may be NULL */
    const char *addr;   /* addr-spec local@domain, ASCII */
};

/* Append "Name: a, b, c\r\n" for the list (display names quoted or encoded,
 * folded between addresses).  Fails (TCP5345/TCP5346) on a bad address. */
int qs_mime_hdr_addrs(struct qs_buf *out, const char *name,
                      const struct qs_mime_addr *a, size_t n, struct qs_err *err);

/* 0 if addr is a plausible addr-spec: local@domain, printable ASCII, no
 * space, <> , ; " or backslash outside what RFC 5321 allows, total <= 256. */
int qs_mime_addr_check(const char *addr, size_t len);

/* "Wed, 25 Nov 2026 17:36:06 +0000" for t (local offset of the process). */
int qs_mime_date(struct qs_buf *out, time_t t);
/* "<random.time@domain>" (domain "localhost" when NULL). */
int qs_mime_msgid(struct qs_buf *out, const char *domain);
/* A fresh multipart boundary, 40 chars, into b[QS_MIME_BOUNDARY_SIZE]. */
#define QS_MIME_BOUNDARY_SIZE 48
void qs_mime_boundary(char b[QS_MIME_BOUNDARY_SIZE]);
/* Random bytes (getrandom); aborts only if the kernel cannot supply any. */
void qs_mime_random(void *p, size_t n);

/* Append `; filename="x"` (ASCII) or `; filename*=UTF-8''%..` with RFC 2231
 * continuations (filename*0*=...) for long or non-ASCII names. */
int qs_mime_param_filename(struct qs_buf *out, const char *param, const char *fname,
                           size_t flen, struct qs_err *err);

/* ---- message builder --------------------------------------------------- */

struct qs_mime_attach {
    const char *filename;  /* UTF-8 base name shown to the recipient */
    const char *ctype;     /* "application/pdf"; NULL = application/octet-stream */
    const void *data;
    size_t      len;
};

struct qs_mime_msg {
    struct qs_mime_addr        from;
    const struct qs_mime_addr *to;   size_t nto;
    const struct qs_mime_addr *cc;   size_t ncc;   /* BCC never appears */
    const char *subject;             /* UTF-8, may be NULL */
    const char *text;  size_t text_len;  /* UTF-8 body, LF or CRLF lines */
    const char *text_subtype;        /* "plain" (default), "html", "xml" */
    const char *alt_html; size_t alt_html_len; /* if set with text: multipart/alternative */
    const struct qs_mime_attach *att; size_t natt;
    time_t      date;                /* 0 = now */
    const char *msgid_domain;        /* NULL = from's domain */
};

/* The outer headers: From, To, Cc, Subject, Date, Message-ID, MIME-Version. */
int qs_mime_build_headers(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err);
/* The content entity: Content-Type (+ Content-Transfer-Encoding) headers, the
 * empty line and the body; text parts are quoted-printable when they hold
 * 8-bit or long lines, 7bit otherwise; attachments are base64; with
 * attachments the entity is multipart/mixed. */
int qs_mime_build_entity(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err);
/* headers + entity: a complete message. */
int qs_mime_build(const struct qs_mime_msg *m, struct qs_buf *out, struct qs_err *err);

/* ---- strict reader ----------------------------------------------------- */

struct qs_mime_field {
    const char *name;  size_t name_len;
    const char *value; size_t value_len;  /* raw, after "name:", folding kept, no final CRLF */
};

/*
 * Next header field of the header section msg[0..hdr_len) starting at *pos.
 * Returns 1 with *f filled, 0 at the end, -1 (err: TCP5342/TCP5343/TCP5344)
 * on a syntax error: a line that does not end in CRLF, a bare CR or LF, a
 * byte that is not US-ASCII or is NUL, a field name not made of printable
 * ASCII, a missing colon, a continuation line first, a line over 998 bytes.
 */
int qs_mime_field_next(const char *msg, size_t hdr_len, size_t *pos,
                       struct qs_mime_field *f, struct qs_err *err);

struct qs_mime_info {
    size_t hdr_len;     /* bytes of the header section incl. the final CRLF of the last field */
    size_t body_off;    /* offset of the body (after CRLFCRLF) */
    size_t nfields;
    int    has_from, has_date, has_msgid, has_mime_version, has_bcc;
};

/*
 * Validate a whole message as IBM's QtmmSendMail troubleshooting list asks:
 * a CRLFCRLF ends the headers (TCP5341), headers are US-ASCII with valid
 * syntax (TCP5342-4), exactly one From (TCP5347), at most one of the fields
 * RFC 5322 allows once.  The body is not examined.
 */
int qs_mime_validate(const char *msg, size_t len, struct qs_mime_info *info_r,
                     struct qs_err *err);

/* First field named `name` (case-insensitive) in msg[0..hdr_len): 1 found, 0 not. */
int qs_mime_find(const char *msg, size_t hdr_len, const char *name, struct qs_mime_field *f);
/* Append the value unfolded (CRLF WSP -> WSP) with leading/trailing WSP trimmed. */
int qs_mime_unfold(struct qs_buf *out, const char *v, size_t n);

#endif
