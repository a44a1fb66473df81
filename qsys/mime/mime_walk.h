/*
 * qsys/mime/mime_walk.h - a lenient reader of RECEIVED messages, for the
 * content filters (ADDSMTPLE *FTRSUBJECT / *FTRORIGIN / *FTRFILNAME /
 * *FTRTYPE).
 *
 * Unlike the strict reader in mime.h (which decides whether a caller-built
 * message is acceptable), this one must make sense of whatever arrived from
 * the network: CRLF or bare LF line ends, folded and RFC 2047-encoded header
 * values, RFC 2231 parameters with continuations and charsets, parts nested
 * in multiparts and in attached messages (message/rfc822).  It never fails
 * on bad syntax; it reports what it could read.
 *
 * What always holds:
 *   - no read outside msg[0..len);
 *   - recursion is bounded by QS_MAX_MIME_DEPTH and the number of parts by
 *     QS_MAX_MIME_PARTS (parts past the limit are not reported, and the walk
 *     says so with a return of 0 instead of 1);
 *   - decoded text is appended to a capped qs_buf (QS_MAX_MIME_TEXT), as
 *     UTF-8 for the charsets UTF-8, US-ASCII and ISO-8859-1 (other charsets:
 *     the raw bytes, which still match ASCII patterns).
 */
#ifndef QS_MIME_MIME_WALK_H
#define QS_MIME_MIME_WALK_H

#include <stddef.h>

struct qs_buf;

#define QS_MAX_MIME_DEPTH  16u        /* nested multiparts / attached messages */
#define QS_MAX_MIME_PARTS  1000u      /* entities reported per message         */
#define QS_MAX_MIME_TEXT   4096u      /* one decoded header value or file name */

/* One entity of the message. */
struct qs_mime_part {
    unsigned    depth;      /* 0 = the message itself                        */
    const char *type;       /* "type/subtype", lower case, NUL-terminated     */
    const char *filename;   /* decoded file name (Content-Disposition
                               filename, else Content-Type name), or NULL      */
};

/*
 * Call fn for every entity, depth first (the message, then its parts).  fn
 * returns nonzero to stop.  Returns 1 when every entity was visited, 0 when
 * a limit cut the walk short, and fn's nonzero value when fn stopped it.
 */
int qs_mime_walk(const char *msg, size_t len,
                 int (*fn)(const struct qs_mime_part *p, void *arg), void *arg);

/*
 * The first header field `name` of the message's top-level header section,
 * unfolded, trimmed and RFC 2047-decoded, appended to out.  1 found, 0 not.
 */
int qs_mime_header_decoded(const char *msg, size_t len, const char *name, struct qs_buf *out);

/* Append v[0..n) with RFC 2047 encoded words decoded (white space between
 * adjacent words dropped, as §6.2 says).  0, or -1 when out is full. */
int qs_mime_decode_words(struct qs_buf *out, const char *v, size_t n);

/*
 * Parameter `name` of a structured header value (Content-Type,
 * Content-Disposition): "name=token", "name=\"quoted\"" (then RFC 2047
 * decoded, as mail programs write them), or RFC 2231 "name*=charset''%xx",
 * "name*0=..", "name*1*=%xx.." continuations.  Appended to out decoded.
 * 1 found, 0 not.
 */
int qs_mime_param(const char *v, size_t n, const char *name, struct qs_buf *out);

#endif
