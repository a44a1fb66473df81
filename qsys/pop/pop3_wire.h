/*
 * qsys/pop/pop3_wire.h - stored message bytes to the POP3 wire form.
 *
 * RFC 1939 §3: a multi-line response is CRLF lines, a line that starts with
 * '.' gets one more '.', and ".\r\n" ends it.  A Maildir file may hold LF
 * line ends (mail copied in by other tools); every LF not preceded by CR
 * goes out as CRLF, so the size a session announces (LIST, STAT, RETR's
 * "+OK n octets") is the stored size plus the count of such LFs
 * (qs_pop_bare_lf), byte-stuffing not counted.  A bare CR is sent as is.
 *
 * The encoder works on slices of any size (state carries across calls),
 * scans with memchr, and writes straight into the caller's output buffer.
 */
#ifndef QS_POP_POP3_WIRE_H
#define QS_POP_POP3_WIRE_H

#include <stddef.h>
#include <stdint.h>

struct qs_pop_enc {
    int      bol;          /* at the start of a line                         */
    int      cr;           /* the last byte taken was CR                     */
    int      in_body;      /* past the empty line that ends the header       */
    int      done;         /* TOP has sent its lines                         */
    long     lines_left;   /* TOP: body lines still to send; -1 = all (RETR) */
    uint64_t line_len;     /* bytes of the current line taken so far         */
};

/* Start a message; top_lines < 0 sends it whole (RETR). */
void qs_pop_enc_init(struct qs_pop_enc *e, long top_lines);
/* Encode in[0..n) into out, which has room for QS_POP_ENC_ROOM(n) bytes.
 * Returns the bytes written; *used_r is the input taken (less than n only
 * once e->done). */
size_t qs_pop_enc(struct qs_pop_enc *e, const char *in, size_t n, char *out, size_t *used_r);
#define QS_POP_ENC_ROOM(n) (2 * (n) + 1)

/* How many LFs of p[0..n) have no CR before them; *cr carries the last
 * byte's CR-ness from one call to the next (start with 0). */
uint64_t qs_pop_bare_lf(const char *p, size_t n, int *cr);

#endif
