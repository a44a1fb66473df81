/*
 * qsys/smtpc/smtp_reply.h - strict reader of SMTP server replies (RFC 5321
 * §4.2, RFC 3463 enhanced status codes).
 *
 * The reader is incremental: it is handed whatever bytes have arrived and
 * either says "need more" or consumes exactly one complete reply.  A reply
 * is complete only at the CRLF of a line whose code is followed by SP (or by
 * nothing), so "250-" continuation lines and a final line split across reads
 * are never taken for a whole reply.
 *
 * Policy: every line of a reply carries the same three-digit code, first
 * digit 2-5 and second 0-5; lines end in CRLF (a bare LF is accepted as a
 * line end, a bare CR is an error); at most QS_SMTP_REPLY_MAX_LINE bytes a
 * line, QS_SMTP_REPLY_MAX_LINES lines, and the text is kept only up to
 * QS_SMTP_REPLY_MAX_TEXT bytes.  An enhanced code is recognised only in the
 * complete form class.subject.detail with the class equal to the reply's
 * first digit; "250 2.0 ok" or "550 5.1" simply have none.
 */
#ifndef QS_SMTPC_SMTP_REPLY_H
#define QS_SMTPC_SMTP_REPLY_H

#include <stddef.h>
#include <sys/types.h>

struct qs_err;

#define QS_SMTP_REPLY_MAX_LINE  2048u
#define QS_SMTP_REPLY_MAX_LINES 200u
#define QS_SMTP_REPLY_MAX_TEXT  4096u

struct qs_smtp_reply {
    int    code;           /* 200..559 */
    char   enh[16];        /* "5.1.1", or "" */
    size_t nlines;
    char   text[QS_SMTP_REPLY_MAX_TEXT + 1];  /* lines after the code, joined by '\n' */
    size_t text_len;
};

/* > 0: one reply parsed, that many bytes consumed; 0: incomplete, feed more;
 * -1: not a valid reply (err TCP5381 with the offending line, sanitized). */
ssize_t qs_smtp_reply_parse(const char *buf, size_t len, struct qs_smtp_reply *r,
                            struct qs_err *err);

/* Enhanced code at the start of text t[0..n) for a reply of class c
 * ('2', '4', '5'): its length (5..11), or 0 when none. */
size_t qs_smtp_enhcode(const char *t, size_t n, char c);

#endif
