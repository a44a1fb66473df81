/*
 * spool/textdec.h - decoding spooled print data to Unicode code points.
 *
 * A spooled file's text is bytes in its CCSID.  This decoder walks those bytes
 * one character at a time and never reads past the length it is given.  It
 * knows the CCSIDs a print stream arrives in here: 37 (US EBCDIC, for SCS and
 * EBCDIC *FCFC data), 819/1252 (Latin-1 / Windows Latin), 367 (ASCII) and 1208
 * (UTF-8).  This is a private stop-gap until the ccsid/ layer lands; then
 * this file becomes a thin adapter onto it.
 *
 * Invariant: qs_textdec_next() consumes at least 1 and at most n bytes and
 * always yields a code point (U+FFFD for bytes that do not decode).
 */
#ifndef QS_SPOOL_TEXTDEC_H
#define QS_SPOOL_TEXTDEC_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;

enum qs_textdec_kind { QS_DEC_SBCS, QS_DEC_UTF8 };

struct qs_textdec {
    int                   ccsid;
    enum qs_textdec_kind  kind;
    int                   ebcdic;       /* controls follow EBCDIC (NL = X'15') */
    const uint16_t       *sb;           /* byte → code point, for QS_DEC_SBCS */
};

/* 0, or -1 (CPF9897) when the CCSID is not one this decoder knows. */
int    qs_textdec_init(struct qs_textdec *d, int ccsid, struct qs_err *err);
size_t qs_textdec_next(const struct qs_textdec *d, const unsigned char *p, size_t n,
                       uint32_t *cp_r);
/* qs_textdec_next with the common cases inline (single-byte table, ASCII). */
static inline size_t qs_textdec_fast(const struct qs_textdec *d, const unsigned char *p,
                                     size_t n, uint32_t *cp_r)
{
    if (d->kind == QS_DEC_SBCS) {
        *cp_r = d->sb[p[0]];
        return 1;
    }
    if (p[0] < 0x80) {
        *cp_r = p[0];
        return 1;
    }
    return qs_textdec_next(d, p, n, cp_r);
}

/* Decode a single byte of a single-byte CCSID (U+FFFD for UTF-8 lead bytes). */
uint32_t qs_textdec_byte(const struct qs_textdec *d, unsigned char b);

#endif
