/*
 * ccsid/sbcs.h - single-byte CCSID tables at run time.
 *
 * to-Unicode is the generated 256-entry table; from-Unicode is rebuilt on
 * first use by inverting it and applying the generated exceptions, as a
 * two-level table (256 pages of 256 code points, shared "unmapped" page).
 * Results equal ICU's with default callbacks (the oracle test checks every
 * byte and every BMP code point).
 */
#ifndef QS_CCSID_SBCS_H
#define QS_CCSID_SBCS_H

#include <stdint.h>

#include "ccsid/tables/tables.h"

enum { QS_FU_OK = 0, QS_FU_SUB = 1, QS_FU_DROP = 2 };

struct qs_sbcs {
    const struct qs_sbcs_def *def;
    const uint8_t *page[256];   /* from-Unicode byte per code point */
    const uint8_t *stat[256];   /* QS_FU_* per code point */
};

/* The runtime table for generated definition `idx` (built once, shared,
 * never freed); NULL only when out of memory. */
const struct qs_sbcs *qs_sbcs_get(unsigned idx);

static inline int qs_sbcs_bad(const struct qs_sbcs_def *d, unsigned b)
{
    return (d->bad[b >> 3] >> (b & 7)) & 1;
}

/* from-Unicode: QS_FU_OK with *b set, QS_FU_SUB with *b = substitution,
 * or QS_FU_DROP (ICU writes nothing). */
static inline int qs_sbcs_fromu(const struct qs_sbcs *s, uint32_t cp, uint8_t *b)
{
    if (cp > 0xFFFF) {
        extern int qs_sbcs_supp(const struct qs_sbcs *s, uint32_t cp, uint8_t *b);
        return qs_sbcs_supp(s, cp, b);
    }
    *b = s->page[cp >> 8][cp & 0xFF];
    return s->stat[cp >> 8][cp & 0xFF];
}

#endif
