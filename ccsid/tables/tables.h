/*
 * ccsid/tables/tables.h - shapes of the generated CCSID tables.
 *
 * The *.c files beside this header are written by tools/gen_ccsid_tables.c
 * from ICU's IBM tables (see that file for how they are derived) and are
 * committed; the normal build never needs ICU.  Only ccsid/sbcs.c and
 * ccsid/mbcs.c read them.
 */
#ifndef QS_CCSID_TABLES_H
#define QS_CCSID_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* A from-Unicode result that inverting the byte table does not give. */
struct qs_sbcs_fx {
    uint16_t cp;
    uint8_t  byte;
    uint8_t  unmapped;   /* 1: ICU substitutes this byte; 2: ICU writes nothing */
};

struct qs_sbcs_def {
    uint16_t ccsid;
    uint16_t esid;
    const char *name;           /* ICU's canonical converter name */
    uint8_t  subchar;           /* from-Unicode substitution byte */
    uint16_t nfx;
    const uint16_t *tou;        /* [256] byte -> UTF-16, substitutions included */
    uint8_t  bad[32];           /* bitmap: ICU reports the byte as an error */
    const struct qs_sbcs_fx *fx;
};

extern const struct qs_sbcs_def qs_sbcs_defs[];
extern const unsigned qs_sbcs_ndefs;

/* A deflated varint stream; format described in tools/gen_ccsid_tables.c
 * and decoded by ccsid/mbcs.c. */
struct qs_mbcs_blob {
    const unsigned char *z;
    size_t zlen;
    size_t rawlen;
};

struct qs_mbcs_def {
    uint16_t ccsid;
    uint16_t esid;
    const char *name;           /* ICU's canonical converter name */
    const char *label;
    uint8_t  stateful;          /* EBCDIC mixed: SO 0x0E / SI 0x0F */
    uint8_t  maxlen;            /* longest character, bytes (SO/SI counted as ICU does) */
    uint8_t  sublen;            /* length of the substitution character */
    uint8_t  sub[2];
    int16_t  sub1;              /* single-byte substitution, -1 if none */
    const struct qs_mbcs_blob *blob;
};

extern const struct qs_mbcs_def qs_mbcs_defs[];
extern const unsigned qs_mbcs_ndefs;

#endif
