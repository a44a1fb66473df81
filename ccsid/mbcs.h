/*
 * ccsid/mbcs.h - DBCS, mixed EBCDIC (SO/SI) and PC/EUC multibyte tables at
 * run time.
 *
 * A table is inflated from its generated blob on first use and kept for the
 * life of the process.  Byte sequences are organised in "planes": plane 0
 * holds single bytes (for mixed EBCDIC: the SBCS state), plane 1 double
 * bytes (for mixed EBCDIC: the DBCS state), planes 2.. the EUC sequences
 * with a 0x8E/0x8F prefix.
 */
#ifndef QS_CCSID_MBCS_H
#define QS_CCSID_MBCS_H

#include <stdint.h>

#include "ccsid/tables/tables.h"

#define QS_MB_ILLEGAL    0xFFFFu   /* to-Unicode: not a character, consume 1 byte */
#define QS_MB_UNASSIGNED 0xFFFEu   /* well formed but unmapped: consume it, substitute */
/* to-Unicode values 0xD800..0xDFFF index qs_mbcs.spec */
#define QS_MB_MAXPLANES 24

struct qs_mbcs_plane {
    uint8_t pfxlen;
    uint8_t pfx[2];
    uint8_t codelen;
};

struct qs_mbcs_spec {
    uint8_t  n;
    uint32_t cp[4];
};

/* from-Unicode entry: 0 default (substitute, or drop an ignorable),
 * 1 substitute, 2 single-byte substitute, 3 drop, else 4 + (plane << 16 | code) */
#define QS_MBF_DEFAULT 0u
#define QS_MBF_SUB     1u
#define QS_MBF_SUB1    2u
#define QS_MBF_DROP    3u
#define QS_MBF_CODE    4u

/* a sequence of code points that maps to one code (from-Unicode) */
struct qs_mbcs_seq {
    uint8_t  n;
    uint32_t cp[4];
    uint32_t val;      /* QS_MBF_CODE + (plane << 16 | code) */
};

struct qs_mbcs {
    const struct qs_mbcs_def *def;
    unsigned np;
    struct qs_mbcs_plane pl[QS_MB_MAXPLANES];
    uint16_t sb[256];                          /* plane 0 */
    uint16_t *dbl[QS_MB_MAXPLANES][256];       /* plane p >= 1: page per first code byte */
    uint8_t lead[256];                         /* stateless: 1 = first byte of a plane 1 code,
                                                  2 = first byte of a prefixed code */
    struct qs_mbcs_spec *spec;
    unsigned nspec;
    struct qs_mbcs_seq *seq;                   /* sorted by cp[0] */
    unsigned nseq;
    uint32_t seq_min, seq_max;                 /* range of cp[0] */
    uint16_t fu_idx[0x1100];                   /* page of from-Unicode per cp >> 8, 0 none */
    uint32_t *fu;                              /* pages of 256 entries; page 0 unused */
};

const struct qs_mbcs *qs_mbcs_get(unsigned idx);

static inline uint32_t qs_mbcs_fromu(const struct qs_mbcs *m, uint32_t cp)
{
    if (cp > 0x10FFFF)
        return QS_MBF_SUB;
    unsigned pg = m->fu_idx[cp >> 8];
    return pg ? m->fu[(size_t)pg * 256 + (cp & 0xFF)] : QS_MBF_DEFAULT;
}

#endif
