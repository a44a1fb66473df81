/*
 * qsys/smtp/smtpd_data.h - the SMTP DATA state machine (no I/O).
 *
 * Consumes the bytes a client sends after "354", removes dot-stuffing, and
 * finds the end of data.  The end is ONLY <CRLF>.<CRLF> (the CRLF ending the
 * DATA command counts as the first one); a bare LF, a bare CR or a NUL
 * anywhere in the message marks it bad (rejected at the end), so the
 * smuggling sequences "\n.\n", "\n.\r\n", "\r.\r\n", "\r\n\x00.\r\n" can
 * never end a message early.  With ALWBARELF(*YES) a bare LF counts as a
 * line end (IBM compatibility; this also lets "\n.\n" end the data, which is
 * why it is off by default).  Lines over 1000 octets with CRLF and content
 * over the size limit also mark the message bad; consumption continues to
 * the real end so the session stays in step with the client.
 */
#ifndef QS_SMTP_SMTPD_DATA_H
#define QS_SMTP_SMTPD_DATA_H

#include <stddef.h>
#include <stdint.h>

enum qs_data_err {
    QS_DATA_OK = 0,
    QS_DATA_BARE_LF = 1,
    QS_DATA_BARE_CR = 2,
    QS_DATA_NUL = 4,
    QS_DATA_LONG_LINE = 8,
    QS_DATA_TOO_BIG = 16,
};

struct qs_data {
    int      state;
    int      alwbarelf;
    unsigned err;          /* QS_DATA_* bits */
    uint64_t max;          /* content limit (bytes after un-stuffing) */
    uint64_t size;         /* content bytes produced so far */
    size_t   linelen;
};

void qs_data_init(struct qs_data *d, uint64_t max, int alwbarelf);
/*
 * Feed in[0..n).  Content is written to out (out needs room for 2n+1
 * bytes: a carried-over CR, and with ALWBARELF each bare LF becoming CRLF)
 * and its length stored in *outlen.
 * Returns the number of input bytes consumed; *done is set when the end of
 * data was reached (the bytes after it belong to the command stream).
 * Once d->err is nonzero, no content is produced any more.
 */
size_t qs_data_feed(struct qs_data *d, const char *in, size_t n, char *out,
                    size_t *outlen, int *done);

#endif
