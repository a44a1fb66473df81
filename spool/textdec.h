/*
 * spool/textdec.h - decoding spooled print data to Unicode code points.
 *
 * A spooled file's text is bytes in its CCSID.  This decoder walks those
 * bytes one character at a time and never reads past the length it is
 * given.  It is built on the ccsid/ layer: a single-byte CCSID (EBCDIC or
 * ASCII based) becomes a 256-entry table made once at init; UTF-8 is decoded
 * inline; the double-byte half of a mixed EBCDIC CCSID (930, 935, 937, 939 …:
 * the bytes between SO and SI in SCS) is converted pair by pair with a
 * cache.  Other multi-byte CCSIDs (PC DBCS, UTF-16) are converted to UTF-8
 * as a whole before rendering (render.h).
 *
 * Invariant: qs_textdec_next() consumes at least 1 and at most n bytes and
 * always yields a code point (U+FFFD for bytes that do not decode).
 */
#ifndef QS_SPOOL_TEXTDEC_H
#define QS_SPOOL_TEXTDEC_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;

enum qs_textdec_kind {
    QS_DEC_SBCS,        /* table */
    QS_DEC_UTF8,
    QS_DEC_MIXED,       /* EBCDIC SBCS table + DBCS pairs between SO and SI */
    QS_DEC_CONVERT      /* convert the whole data to UTF-8 first */
};

struct qs_textdec {
    int                   ccsid;
    enum qs_textdec_kind  kind;
    int                   ebcdic;       /* controls follow EBCDIC (NL = X'15') */
    uint16_t              sb[256];      /* byte → code point (single bytes) */
    uint32_t             *dbcs_cache;   /* pair → code point + 1, lazily made */
};

/* 0, or -1 (CPF9897) when the CCSID is not one qshim converts. */
int    qs_textdec_init(struct qs_textdec *d, int ccsid, struct qs_err *err);
void   qs_textdec_free(struct qs_textdec *d);
size_t qs_textdec_next(const struct qs_textdec *d, const unsigned char *p, size_t n,
                       uint32_t *cp_r);
/* The code point of a DBCS pair (mixed CCSIDs); U+FFFD otherwise. */
uint32_t qs_textdec_dbcs(struct qs_textdec *d, unsigned char b1, unsigned char b2);

/* qs_textdec_next with the common cases inline (single-byte table, ASCII). */
static inline size_t qs_textdec_fast(const struct qs_textdec *d, const unsigned char *p,
                                     size_t n, uint32_t *cp_r)
{
    if (d->kind != QS_DEC_UTF8) {
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
