/*
 * spool/textdec.c - decode spooled print data (see textdec.h).
 */
#include "spool/textdec.h"

#include <stdio.h>

#include "qsys/base/err.h"

#include "spool/textdec_tab.inc"

static uint16_t latin1_tab[256];
static uint16_t ascii_tab[256];

static void tables_init(void)
{
    /* idempotent and race-free in effect: every thread writes the same values */
    for (unsigned i = 0; i < 256; i++) {
        latin1_tab[i] = (uint16_t)i;
        ascii_tab[i] = (uint16_t)(i < 0x80 ? i : 0xFFFD);
    }
}

int qs_textdec_init(struct qs_textdec *d, int ccsid, struct qs_err *err)
{
    d->ccsid = ccsid;
    d->kind = QS_DEC_SBCS;
    d->ebcdic = 0;
    tables_init();
    switch (ccsid) {
    case 37:
        d->sb = cp37_tab;
        d->ebcdic = 1;
        return 0;
    case 819:
        d->sb = latin1_tab;
        return 0;
    case 1252:
        d->sb = cp1252_tab;
        return 0;
    case 367:
        d->sb = ascii_tab;
        return 0;
    case 1208:
        d->sb = latin1_tab;
        d->kind = QS_DEC_UTF8;
        return 0;
    default: {
        char msg[80];
        snprintf(msg, sizeof msg, "CCSID %d is not supported for spooled print data", ccsid);
        return qs_err_set(err, "CPF9897", msg, (const char *)NULL);
    }
    }
}

uint32_t qs_textdec_byte(const struct qs_textdec *d, unsigned char b)
{
    if (d->kind == QS_DEC_UTF8)
        return b < 0x80 ? b : 0xFFFD;
    return d->sb[b];
}

size_t qs_textdec_next(const struct qs_textdec *d, const unsigned char *p, size_t n,
                       uint32_t *cp_r)
{
    if (d->kind != QS_DEC_UTF8 || p[0] < 0x80) {
        *cp_r = qs_textdec_byte(d, p[0]);
        return 1;
    }
    unsigned char c = p[0];
    size_t need;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1; cp = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; cp = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; cp = c & 0x07; min = 0x10000;
    } else {
        *cp_r = 0xFFFD;
        return 1;
    }
    if (n <= need) {
        *cp_r = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp_r = 0xFFFD;
            return 1;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *cp_r = 0xFFFD;
        return 1;
    }
    *cp_r = cp;
    return need + 1;
}
