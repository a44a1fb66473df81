/*
 * ccsid/ignorable.h - code points a from-Unicode substitution drops.
 *
 * ICU's substitution callback writes nothing (instead of the substitution
 * character) for an unmappable default-ignorable code point: soft hyphen,
 * joiners, bidi controls, variation selectors, BOM, tags.  qshim does the
 * same so that its output is ICU's byte for byte.  Shared by the table
 * generator (tools/gen_ccsid_tables.c) and ccsid/sbcs.c, ccsid/mbcs.c.
 */
#ifndef QS_CCSID_IGNORABLE_H
#define QS_CCSID_IGNORABLE_H

#include <stdint.h>

static inline int qs_ccsid_ignorable(uint32_t c)
{
    return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 ||
           (c >= 0x17B4 && c <= 0x17B5) || (c >= 0x180B && c <= 0x180F) ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) ||
           c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8) ||
           (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
           (c >= 0xE0000 && c <= 0xE0FFF);
}

#endif
