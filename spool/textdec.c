/*
 * spool/textdec.c - decode spooled print data (see textdec.h).
 */
#include "spool/textdec.h"

#include <stdio.h>
#include <stdlib.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

/* The one code point a short UTF-8 string holds, or U+FFFD. */
static uint32_t utf8_one(const unsigned char *s, size_t n)
{
    uint32_t cp = 0xFFFD;
    if (n == 0)
        return cp;
    struct qs_textdec u = { .kind = QS_DEC_UTF8 };
    if (qs_textdec_next(&u, s, n, &cp) != n)
        return 0xFFFD;
    return cp;
}

static uint32_t conv_one(int ccsid, const unsigned char *in, size_t n)
{
    struct qs_buf out;
    size_t bad;
    uint32_t cp = 0xFFFD;
    qs_buf_init(&out, 64);
    if (qs_conv_buf(QS_CCSID_UTF8, ccsid, QS_CONV_SUBST, in, n, &out, &bad, NULL) == 0)
        cp = utf8_one((const unsigned char *)out.data, out.len);
    qs_buf_free(&out);
    return cp;
}

int qs_textdec_init(struct qs_textdec *d, int ccsid, struct qs_err *err)
{
    struct qs_ccsid_info ci;
    d->ccsid = ccsid;
    d->kind = QS_DEC_SBCS;
    d->ebcdic = 0;
    d->dbcs_cache = NULL;
    if (qs_ccsid_info(ccsid, &ci) < 0) {
        char msg[80];
        snprintf(msg, sizeof msg, "CCSID %d is not supported for spooled print data", ccsid);
        return qs_err_set(err, "CPF9897", msg, (const char *)NULL);
    }
    d->ebcdic = ci.ebcdic;
    for (unsigned b = 0; b < 256; b++)
        d->sb[b] = (uint16_t)(b < 0x80 ? b : 0xFFFD);
    switch (ci.kind) {
    case QS_CK_UTF8:
        d->kind = QS_DEC_UTF8;
        return 0;
    case QS_CK_SBCS:
    case QS_CK_MIXED:
        d->kind = ci.kind == QS_CK_SBCS ? QS_DEC_SBCS : QS_DEC_MIXED;
        for (unsigned b = 0; b < 256; b++) {
            unsigned char c = (unsigned char)b;
            if (ci.kind == QS_CK_MIXED && (c == 0x0E || c == 0x0F)) {
                d->sb[b] = ' ';
                continue;
            }
            uint32_t cp = conv_one(ccsid, &c, 1);
            d->sb[b] = (uint16_t)(cp > 0xFFFF ? 0xFFFD : cp);
        }
        return 0;
    case QS_CK_NONE:                      /* 65535: show bytes as Latin-1 */
        for (unsigned b = 0; b < 256; b++)
            d->sb[b] = (uint16_t)b;
        return 0;
    default:
        d->kind = QS_DEC_CONVERT;
        return 0;
    }
}

void qs_textdec_free(struct qs_textdec *d)
{
    free(d->dbcs_cache);
    d->dbcs_cache = NULL;
}

uint32_t qs_textdec_dbcs(struct qs_textdec *d, unsigned char b1, unsigned char b2)
{
    if (d->kind != QS_DEC_MIXED)
        return 0xFFFD;
    unsigned k = (unsigned)b1 << 8 | b2;
    if (!d->dbcs_cache)
        d->dbcs_cache = calloc(0x10000, sizeof *d->dbcs_cache);
    if (d->dbcs_cache && d->dbcs_cache[k])
        return d->dbcs_cache[k] - 1;
    const unsigned char seq[4] = { 0x0E, b1, b2, 0x0F };
    uint32_t cp = conv_one(d->ccsid, seq, sizeof seq);
    if (d->dbcs_cache)
        d->dbcs_cache[k] = cp + 1;
    return cp;
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
