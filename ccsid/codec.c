/*
 * ccsid/codec.c - the decoders and encoders of the pivot (see codec.h) for
 * SBCS and the Unicode forms; the DBCS/mixed halves are in mbcs.c.
 *
 * Invariants: a decoder never emits a surrogate code point or one above
 * U+10FFFF; in strict mode it stops at the first ill-formed sequence with
 * the return value pointing at it; an encoder stops only on a boundary.
 */
#include "ccsid/codec.h"

#include <string.h>

/* ----------------------------------------------------------- decoders */

static size_t dec_sbcs(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps,
                       uint32_t *ends, size_t max, size_t *ncp_r, int *st)
{
    const struct qs_sbcs_def *d = s->sb->def;
    size_t i = 0, k = 0;
    *st = QS_ST_OK;
    for (; i < n && k < max; i++) {
        unsigned b = in[i];
        if (qs_sbcs_bad(d, b)) {
            if (s->em == QS_EM_STRICT) {
                *st = QS_ST_ILLEGAL;
                break;
            }
            s->irrev++;
            if (s->em == QS_EM_DROP)
                continue;
        }
        cps[k] = d->tou[b];
        ends[k++] = (uint32_t)(i + 1);
        if (b == 0 && s->nul_stop) {
            i++;
            *st = QS_ST_NUL;
            break;
        }
    }
    *ncp_r = k;
    return i;
}

/* length of a UTF-8 sequence's valid prefix; *cp set when complete */
static size_t utf8_one(const uint8_t *p, size_t n, uint32_t *cp, int *incomplete)
{
    unsigned b = p[0];
    *incomplete = 0;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    uint32_t c;
    if (b >= 0xC2 && b <= 0xDF) { need = 2; c = b & 0x1F; }
    else if (b >= 0xE0 && b <= 0xEF) {
        need = 3; c = b & 0x0F;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4; c = b & 0x07;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else {
        return 0;   /* invalid lead: maximal subpart is this byte */
    }
    size_t i = 1;
    for (; i < need; i++) {
        if (i >= n) {
            *incomplete = 1;
            return i;
        }
        unsigned t = p[i];
        if (t < lo || t > hi)
            return 0x100 | i;   /* invalid after i bytes */
        lo = 0x80; hi = 0xBF;
        c = c << 6 | (t & 0x3F);
    }
    *cp = c;
    return need;
}

static size_t dec_utf8(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps,
                       uint32_t *ends, size_t max, size_t *ncp_r, int *st)
{
    size_t i = 0, k = 0;
    *st = QS_ST_OK;
    while (i < n && k < max) {
        uint32_t cp = 0;
        int inc;
        size_t r = utf8_one(in + i, n - i, &cp, &inc);
        if (inc) {
            *st = QS_ST_INCOMPLETE;
            break;
        }
        if (r == 0 || (r & 0x100)) {
            size_t bad = r ? r & 0xFF : 1;
            if (s->em == QS_EM_STRICT) {
                *st = QS_ST_ILLEGAL;
                break;
            }
            s->irrev++;
            i += bad;
            if (s->em == QS_EM_SUBST) {
                cps[k] = 0xFFFD;
                ends[k++] = (uint32_t)i;
            }
            continue;
        }
        i += r;
        cps[k] = cp;
        ends[k++] = (uint32_t)i;
        if (cp == 0 && s->nul_stop) {
            *st = QS_ST_NUL;
            break;
        }
    }
    *ncp_r = k;
    return i;
}

static size_t dec_utf16(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps,
                        uint32_t *ends, size_t max, size_t *ncp_r, int *st)
{
    const int le = s->kind == QS_CK_UTF16LE;
    size_t i = 0, k = 0;
    *st = QS_ST_OK;
    while (i < n && k < max) {
        if (i + 2 > n) {
            *st = QS_ST_INCOMPLETE;
            break;
        }
        uint32_t u = le ? (uint32_t)(in[i] | in[i + 1] << 8) : (uint32_t)(in[i] << 8 | in[i + 1]);
        size_t len = 2;
        int bad = 0;
        if (u >= 0xD800 && u < 0xDC00) {
            if (i + 4 > n) {
                *st = QS_ST_INCOMPLETE;
                break;
            }
            uint32_t u2 = le ? (uint32_t)(in[i + 2] | in[i + 3] << 8)
                             : (uint32_t)(in[i + 2] << 8 | in[i + 3]);
            if (u2 >= 0xDC00 && u2 < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
                len = 4;
            } else {
                bad = 1;
            }
        } else if (u >= 0xDC00 && u < 0xE000) {
            bad = 1;
        }
        if (bad) {
            if (s->em == QS_EM_STRICT) {
                *st = QS_ST_ILLEGAL;
                break;
            }
            s->irrev++;
            i += 2;
            if (s->em == QS_EM_SUBST) {
                cps[k] = 0xFFFD;
                ends[k++] = (uint32_t)i;
            }
            continue;
        }
        i += len;
        cps[k] = u;
        ends[k++] = (uint32_t)i;
        if (u == 0 && s->nul_stop) {
            *st = QS_ST_NUL;
            break;
        }
    }
    *ncp_r = k;
    return i;
}

static size_t dec_utf32(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps,
                        uint32_t *ends, size_t max, size_t *ncp_r, int *st)
{
    const int le = s->kind == QS_CK_UTF32LE;
    size_t i = 0, k = 0;
    *st = QS_ST_OK;
    while (i < n && k < max) {
        if (i + 4 > n) {
            *st = QS_ST_INCOMPLETE;
            break;
        }
        uint32_t u = le ? (uint32_t)in[i] | (uint32_t)in[i + 1] << 8 | (uint32_t)in[i + 2] << 16 |
                              (uint32_t)in[i + 3] << 24
                        : (uint32_t)in[i] << 24 | (uint32_t)in[i + 1] << 16 |
                              (uint32_t)in[i + 2] << 8 | in[i + 3];
        i += 4;
        if (u > 0x10FFFF || (u >= 0xD800 && u < 0xE000)) {
            if (s->em == QS_EM_STRICT) {
                i -= 4;
                *st = QS_ST_ILLEGAL;
                break;
            }
            s->irrev++;
            if (s->em == QS_EM_SUBST) {
                cps[k] = 0xFFFD;
                ends[k++] = (uint32_t)i;
            }
            continue;
        }
        cps[k] = u;
        ends[k++] = (uint32_t)i;
        if (u == 0 && s->nul_stop) {
            *st = QS_ST_NUL;
            break;
        }
    }
    *ncp_r = k;
    return i;
}

size_t qs_dec(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps, uint32_t *ends,
              size_t max, size_t *ncp_r, int *st)
{
    switch (s->kind) {
    case QS_CK_SBCS: return dec_sbcs(s, in, n, cps, ends, max, ncp_r, st);
    case QS_CK_MBCS:
    case QS_CK_MIXED: return qs_mbcs_dec(s, in, n, cps, ends, max, ncp_r, st);
    case QS_CK_UTF8: return dec_utf8(s, in, n, cps, ends, max, ncp_r, st);
    case QS_CK_UTF16BE:
    case QS_CK_UTF16LE: return dec_utf16(s, in, n, cps, ends, max, ncp_r, st);
    case QS_CK_UTF32BE:
    case QS_CK_UTF32LE: return dec_utf32(s, in, n, cps, ends, max, ncp_r, st);
    default: break;
    }
    *ncp_r = 0;
    *st = QS_ST_ILLEGAL;
    return 0;
}

/* ----------------------------------------------------------- encoders */

static size_t enc_sbcs(struct qs_side *s, const uint32_t *cps, const uint32_t *ends, size_t ncp,
                       uint8_t *out, size_t room, size_t *nout_r, int *st)
{
    size_t o = 0, commit_i = 0, commit_o = 0;
    *st = QS_ST_OK;
    for (size_t i = 0; i < ncp; i++) {
        uint8_t b;
        int r = qs_sbcs_fromu(s->sb, cps[i], &b);
        if (r != QS_FU_OK) {
            if (s->em == QS_EM_STRICT) {
                *st = QS_ST_ILLEGAL;
                break;
            }
            s->irrev++;
            if (r == QS_FU_DROP || s->em == QS_EM_DROP)
                goto next;
        }
        if (o >= room) {
            *st = QS_ST_FULL;
            break;
        }
        out[o++] = b;
    next:
        if (ends[i] != QS_NB) {
            commit_i = i + 1;
            commit_o = o;
        }
    }
    *nout_r = commit_o;
    return commit_i;
}

static size_t enc_utf(struct qs_side *s, const uint32_t *cps, const uint32_t *ends, size_t ncp,
                      uint8_t *out, size_t room, size_t *nout_r, int *st)
{
    size_t o = 0, commit_i = 0, commit_o = 0;
    const enum qs_ccsid_kind kd = s->kind;
    *st = QS_ST_OK;
    for (size_t i = 0; i < ncp; i++) {
        uint32_t c = cps[i];
        uint8_t b[4];
        size_t len;
        if (kd == QS_CK_UTF8) {
            if (c < 0x80 && o < room) {
                out[o++] = (uint8_t)c;
                goto next;
            }
            if (c < 0x80) { b[0] = (uint8_t)c; len = 1; }
            else if (c < 0x800) { b[0] = (uint8_t)(0xC0 | c >> 6); b[1] = (uint8_t)(0x80 | (c & 0x3F)); len = 2; }
            else if (c < 0x10000) {
                b[0] = (uint8_t)(0xE0 | c >> 12); b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
                b[2] = (uint8_t)(0x80 | (c & 0x3F)); len = 3;
            } else {
                b[0] = (uint8_t)(0xF0 | c >> 18); b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
                b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)); b[3] = (uint8_t)(0x80 | (c & 0x3F));
                len = 4;
            }
        } else if (kd == QS_CK_UTF16BE || kd == QS_CK_UTF16LE) {
            uint32_t u1 = c, u2 = 0;
            len = 2;
            if (c >= 0x10000) {
                u1 = 0xD800 + ((c - 0x10000) >> 10);
                u2 = 0xDC00 + ((c - 0x10000) & 0x3FF);
                len = 4;
            }
            if (kd == QS_CK_UTF16BE) {
                b[0] = (uint8_t)(u1 >> 8); b[1] = (uint8_t)u1; b[2] = (uint8_t)(u2 >> 8); b[3] = (uint8_t)u2;
            } else {
                b[0] = (uint8_t)u1; b[1] = (uint8_t)(u1 >> 8); b[2] = (uint8_t)u2; b[3] = (uint8_t)(u2 >> 8);
            }
        } else {
            len = 4;
            if (kd == QS_CK_UTF32BE) {
                b[0] = (uint8_t)(c >> 24); b[1] = (uint8_t)(c >> 16); b[2] = (uint8_t)(c >> 8); b[3] = (uint8_t)c;
            } else {
                b[0] = (uint8_t)c; b[1] = (uint8_t)(c >> 8); b[2] = (uint8_t)(c >> 16); b[3] = (uint8_t)(c >> 24);
            }
        }
        if (o + len > room) {
            *st = QS_ST_FULL;
            break;
        }
        out[o] = b[0];
        for (size_t j = 1; j < len; j++)
            out[o + j] = b[j];
        o += len;
    next:
        if (ends[i] != QS_NB) {
            commit_i = i + 1;
            commit_o = o;
        }
    }
    *nout_r = commit_o;
    return commit_i;
}

size_t qs_enc(struct qs_side *s, const uint32_t *cps, const uint32_t *ends, size_t ncp,
              uint8_t *out, size_t room, size_t *nout_r, int *st)
{
    switch (s->kind) {
    case QS_CK_SBCS: return enc_sbcs(s, cps, ends, ncp, out, room, nout_r, st);
    case QS_CK_MBCS:
    case QS_CK_MIXED: return qs_mbcs_enc(s, cps, ends, ncp, out, room, nout_r, st);
    default: return enc_utf(s, cps, ends, ncp, out, room, nout_r, st);
    }
}

int qs_enc_flush(struct qs_side *s, uint8_t *out, size_t room, size_t *nout_r)
{
    *nout_r = 0;
    if (s->kind == QS_CK_MIXED && s->shift) {
        if (room < 1)
            return -1;
        out[0] = 0x0F;
        *nout_r = 1;
        s->shift = 0;
    }
    return 0;
}
