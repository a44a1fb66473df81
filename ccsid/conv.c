/*
 * ccsid/conv.c - conversion descriptors: the fast paths and the pivot.
 *
 * Paths, fastest first:
 *   65535 on either side        copy
 *   SBCS -> SBCS                one composed 256-byte table, SIMD lookup
 *   SBCS -> UTF-8               SIMD lookup while the output is ASCII, the
 *                               pivot for the rest
 *   UTF-8 -> SBCS               SIMD lookup while the input is ASCII, the
 *                               pivot for the rest
 *   DBCS/mixed -> UTF-8         a direct table loop, the pivot for what it
 *                               does not handle (errors, multi-code-point
 *                               characters, truncation)
 *   anything else               the pivot: decode a chunk to code points,
 *                               encode them (codec.h)
 * Every fast path gives the same bytes as the pivot would (tests compare).
 */
#include "ccsid/conv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccsid/codec.h"
#include "ccsid/simd.h"

#define CHUNK 1024

enum path { P_PIVOT = 0, P_COPY, P_SBCS2SBCS, P_SBCS2UTF8, P_UTF82SBCS, P_MBCS2UTF8 };

struct qs_conv {
    struct qs_side src, dst;
    enum path path;
    unsigned flags;
    int from_ccsid, to_ccsid;
    /* P_SBCS2SBCS */
    uint8_t tab[256];
    uint8_t cls[256];      /* 0 ok, 1 substituted, 2 dropped, 3 error */
    int tab_plain;         /* every byte class 0 */
    /* P_SBCS2UTF8 / P_UTF82SBCS: ASCII lookup (0x80 = take the pivot) */
    uint8_t asc[256];
    int asc_ok;
    /* P_SBCS2UTF8: each byte's UTF-8 form; length 0 = take the pivot */
    uint8_t u8[256][4];
    uint8_t u8len[256];
    /* ... and split for the AVX-512 VBMI2 kernel (simd.h) */
    uint8_t lead[256], cont[256];
    int wide;
    /* P_UTF82SBCS: U+0000..U+07FF by table; lat_ok: U+0000..U+00FF all map */
    uint8_t two[2048], two_ok[2048];
    int lat_wide;
};

/* ----------------------------------------------------------- opening */

static int side_init(struct qs_side *s, int ccsid, unsigned flags, struct qs_err *err)
{
    struct qs_ccsid_info ci;
    char num[48];
    memset(s, 0, sizeof *s);
    if (qs_ccsid_info(ccsid, &ci) != 0) {
        snprintf(num, sizeof num, "CCSID %d not supported", ccsid);
        errno = EINVAL;
        qs_err_set(err, "CPF9897", num, (const char *)NULL);
        if (err)
            err->sys_errno = EINVAL;
        return -1;
    }
    s->kind = ci.kind;
    s->ccsid = ccsid;
    if (ci.kind == QS_CK_SBCS) {
        s->sb = qs_sbcs_get((unsigned)ci.table_index);
        if (!s->sb)
            return qs_err_sys(err, ENOMEM);
    } else if (ci.kind == QS_CK_MBCS || ci.kind == QS_CK_MIXED) {
        s->mb = qs_mbcs_get((unsigned)ci.table_index);
        if (!s->mb)
            return qs_err_sys(err, ENOMEM);
    }
    s->em = flags & QS_CONV_SUBST ? QS_EM_SUBST : flags & QS_CONV_DROP ? QS_EM_DROP : QS_EM_STRICT;
    s->text = (flags & QS_CONV_TEXT) && ci.ebcdic;
    return 0;
}

/* Unicode after the text-mode rules of both sides */
static uint32_t text_map(const struct qs_conv *cd, uint32_t c)
{
    if (cd->src.text && c == 0x85)
        c = 0x0A;
    if (cd->dst.text && c == 0x0A)
        c = 0x85;
    return c;
}

static void build_sbcs2sbcs(struct qs_conv *cd)
{
    const struct qs_sbcs_def *sd = cd->src.sb->def;
    cd->tab_plain = 1;
    for (unsigned b = 0; b < 256; b++) {
        uint8_t cls = 0, out = 0;
        if (qs_sbcs_bad(sd, b))
            cls = cd->src.em == QS_EM_STRICT ? 3 : cd->src.em == QS_EM_DROP ? 2 : 1;
        if (cls < 2) {
            int r = qs_sbcs_fromu(cd->dst.sb, text_map(cd, sd->tou[b]), &out);
            if (r != QS_FU_OK) {
                uint8_t c2 = cd->dst.em == QS_EM_STRICT ? 3 : (r == QS_FU_DROP || cd->dst.em == QS_EM_DROP) ? 2 : 1;
                if (c2 > cls)
                    cls = c2;
            }
        }
        cd->tab[b] = out;
        cd->cls[b] = cls;
        if (cls)
            cd->tab_plain = 0;
    }
}

static void build_sbcs2utf8(struct qs_conv *cd)
{
    const struct qs_sbcs_def *sd = cd->src.sb->def;
    for (unsigned b = 0; b < 256; b++) {
        uint32_t c = text_map(cd, sd->tou[b]);
        int ok = !qs_sbcs_bad(sd, b);
        cd->asc[b] = (c < 0x80 && ok) ? (uint8_t)c : 0x80;
        uint8_t *u = cd->u8[b];
        memset(u, 0, 4);
        if (!ok) {
            cd->u8len[b] = 0;
        } else if (c < 0x80) {
            u[0] = (uint8_t)c;
            cd->u8len[b] = 1;
        } else if (c < 0x800) {
            u[0] = (uint8_t)(0xC0 | c >> 6);
            u[1] = (uint8_t)(0x80 | (c & 0x3F));
            cd->u8len[b] = 2;
        } else {
            u[0] = (uint8_t)(0xE0 | c >> 12);
            u[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            u[2] = (uint8_t)(0x80 | (c & 0x3F));
            cd->u8len[b] = 3;
        }
        cd->lead[b] = u[0];
        cd->cont[b] = cd->u8len[b] == 2 ? u[1] : cd->u8len[b] == 1 ? 0 : 0xFF;
    }
    cd->asc_ok = 1;
    cd->wide = qs_simd_has_vbmi2();
}

static void build_utf82sbcs(struct qs_conv *cd)
{
    int lat = 1;
    cd->asc_ok = 1;
    for (unsigned b = 0; b < 256; b++) {
        uint8_t out = 0;
        if (b < 0x80 && qs_sbcs_fromu(cd->dst.sb, text_map(cd, b), &out) != QS_FU_OK)
            cd->asc_ok = 0;
        cd->asc[b] = out;
    }
    for (unsigned c = 0; c < 2048; c++) {
        uint8_t out = 0;
        cd->two_ok[c] = qs_sbcs_fromu(cd->dst.sb, text_map(cd, c), &out) == QS_FU_OK;
        cd->two[c] = out;
        if (c < 256 && !cd->two_ok[c])
            lat = 0;
    }
    cd->lat_wide = lat && qs_simd_has_vbmi2();
}

int qs_conv_open(struct qs_conv **cd_r, int to_ccsid, int from_ccsid, unsigned flags,
                 struct qs_err *err)
{
    *cd_r = NULL;
    struct qs_conv *cd = calloc(1, sizeof *cd);
    if (!cd)
        return qs_err_sys(err, ENOMEM);
    if (side_init(&cd->src, from_ccsid, flags, err) != 0 ||
        side_init(&cd->dst, to_ccsid, flags, err) != 0) {
        free(cd);
        return -1;
    }
    cd->flags = flags;
    cd->from_ccsid = from_ccsid;
    cd->to_ccsid = to_ccsid;
    cd->src.nul_stop = (flags & QS_CONV_NULSTOP) != 0;
    enum qs_ccsid_kind sk = cd->src.kind, dk = cd->dst.kind;
    if (sk == QS_CK_NONE || dk == QS_CK_NONE) {
        cd->path = P_COPY;
    } else if (sk == QS_CK_SBCS && dk == QS_CK_SBCS) {
        cd->path = P_SBCS2SBCS;
        build_sbcs2sbcs(cd);
    } else if (sk == QS_CK_SBCS && dk == QS_CK_UTF8) {
        cd->path = P_SBCS2UTF8;
        build_sbcs2utf8(cd);
    } else if ((sk == QS_CK_MIXED || sk == QS_CK_MBCS) && dk == QS_CK_UTF8 &&
               !cd->src.text && !(flags & QS_CONV_NULSTOP)) {
        cd->path = P_MBCS2UTF8;
    } else if (sk == QS_CK_UTF8 && dk == QS_CK_SBCS) {
        build_utf82sbcs(cd);
        cd->path = cd->asc_ok ? P_UTF82SBCS : P_PIVOT;
    } else {
        cd->path = P_PIVOT;
    }
    *cd_r = cd;
    return 0;
}

void qs_conv_free(struct qs_conv **cd)
{
    if (cd && *cd) {
        free(*cd);
        *cd = NULL;
    }
}

void qs_conv_reset(struct qs_conv *cd)
{
    cd->src.shift = 0;
    cd->dst.shift = 0;
}

int qs_conv_from_ccsid(const struct qs_conv *cd) { return cd->from_ccsid; }
int qs_conv_to_ccsid(const struct qs_conv *cd) { return cd->to_ccsid; }

/* ----------------------------------------------------------- converting */

/* The pivot over in[0..n): returns QS_ST_* and advances *ip / *op. */
static int pivot(struct qs_conv *cd, const uint8_t **ip, size_t *inleft, uint8_t **op,
                 size_t *outleft)
{
    uint32_t cps[CHUNK], ends[CHUNK];
    const uint8_t *in = *ip;
    uint8_t *out = *op;
    size_t n = *inleft, room = *outleft;
    int rc = QS_ST_OK;
    while (n > 0) {
        int saved_shift = cd->src.shift;
        size_t ncp, nout;
        int dst_, est;
        size_t used_in = qs_dec(&cd->src, in, n, cps, ends, CHUNK, &ncp, &dst_);
        if (cd->src.text || cd->dst.text)
            for (size_t i = 0; i < ncp; i++)
                cps[i] = text_map(cd, cps[i]);
        size_t used = qs_enc(&cd->dst, cps, ends, ncp, out, room, &nout, &est);
        out += nout;
        room -= nout;
        if (used == ncp) {
            in += used_in;
            n -= used_in;
            if (dst_ != QS_ST_OK) {
                rc = dst_;
                break;
            }
            if (used_in == 0 && ncp == 0) {
                rc = QS_ST_ILLEGAL;   /* cannot happen; never spin */
                break;
            }
            continue;
        }
        size_t adv = 0;
        if (used > 0) {
            adv = ends[used - 1] & ~QS_END_DBCS;
            cd->src.shift = (ends[used - 1] & QS_END_DBCS) != 0;
        } else {
            cd->src.shift = saved_shift;
        }
        in += adv;
        n -= adv;
        rc = est;
        break;
    }
    *ip = in;
    *inleft = n;
    *op = out;
    *outleft = room;
    return rc;
}

static int run_sbcs2sbcs(struct qs_conv *cd, const uint8_t **ip, size_t *inleft, uint8_t **op,
                         size_t *outleft)
{
    const uint8_t *in = *ip;
    uint8_t *out = *op;
    size_t n = *inleft, room = *outleft;
    int rc = QS_ST_OK;
    if (cd->tab_plain) {
        size_t k = n < room ? n : room;
        qs_lut(cd->tab, in, out, k, QS_LUT_ALL);
        in += k; out += k; n -= k; room -= k;
        if (n)
            rc = QS_ST_FULL;
    } else {
        while (n > 0) {
            uint8_t c = cd->cls[*in];
            if (c == 3) { rc = QS_ST_ILLEGAL; break; }
            if (c == 2) { cd->dst.irrev++; in++; n--; continue; }
            if (!room) { rc = QS_ST_FULL; break; }
            if (c == 1) cd->dst.irrev++;
            *out++ = cd->tab[*in++];
            n--; room--;
        }
    }
    *ip = in; *inleft = n; *op = out; *outleft = room;
    return rc;
}

/* The pivot over a window of `seg` bytes; the hot loops' cursors stay in
 * registers because only these copies have their address taken. */
static int pivot_window(struct qs_conv *cd, const uint8_t **in, size_t seg, size_t *used_r,
                        uint8_t **out, size_t *room)
{
    const uint8_t *i = *in;
    uint8_t *o = *out;
    size_t left = seg, r = *room;
    int rc = pivot(cd, &i, &left, &o, &r);
    *in = i;
    *out = o;
    *room = r;
    *used_r = seg - left;
    return rc;
}

/* 64 bytes, all below 0x80? */
static inline int ascii64(const uint8_t *p)
{
    uint64_t acc = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t w;
        memcpy(&w, p + 8 * i, 8);
        acc |= w;
    }
    return !(acc & 0x8080808080808080ull);
}

/*
 * SBCS -> UTF-8: while the output stays ASCII, the SIMD lookup; otherwise a
 * table of each byte's UTF-8 form (one 4-byte store per byte).  Bytes the
 * table cannot do (errors, substitutions) go through the pivot.
 */
static int run_sbcs2utf8(struct qs_conv *cd, const uint8_t **ip, size_t *inleft, uint8_t **op,
                         size_t *outleft)
{
    const uint8_t *in = *ip;
    uint8_t *out = *op;
    size_t n = *inleft, room = *outleft;
    int rc = QS_ST_OK, simd = 1;
    while (n > 0) {
        size_t blk = n < 256 ? n : 256;
        if (cd->wide) {
            size_t prod, k = qs_sbcs_utf8_wide(cd->lead, cd->cont, in, n, out, room, &prod);
            in += k; n -= k; out += prod; room -= prod;
            if (!n)
                break;
            blk = n < 32 ? n : 32;   /* the block that stopped it, by table */
        } else if (simd && n >= 64 && room >= 64) {
            size_t lim = n < room ? n : room;
            size_t k = qs_lut(cd->asc, in, out, lim, QS_LUT_OUT_ASCII);
            in += k; out += k; n -= k; room -= k;
            if (k < 256)
                simd = 0;   /* short ASCII runs: the table loop is faster */
            if (!n)
                break;
            blk = n < 256 ? n : 256;
        }
        unsigned wide = 0;
        while (blk > 0) {
            unsigned b = *in, l = cd->u8len[b];
            if (l == 0) {
                const uint8_t *pi = in;
                uint8_t *po = out;
                size_t used, r = room;
                rc = pivot_window(cd, &pi, 1, &used, &po, &r);
                in = pi; out = po; room = r;
                if (rc != QS_ST_OK)
                    goto done;
                n--; blk--;
                continue;
            }
            if (room >= 4) {
                memcpy(out, cd->u8[b], 4);
            } else if (room >= l) {
                for (unsigned j = 0; j < l; j++)
                    out[j] = cd->u8[b][j];
            } else {
                rc = QS_ST_FULL;
                goto done;
            }
            out += l; room -= l; in++; n--; blk--;
            wide |= l - 1;
        }
        if (!wide)
            simd = 1;
    }
done:
    *ip = in; *inleft = n; *op = out; *outleft = room;
    return rc;
}

/*
 * UTF-8 -> SBCS: ASCII by table (SIMD over long runs), two- and three-byte
 * sequences decoded inline; anything else (errors, unmapped characters,
 * four-byte sequences) one character at a time through the pivot.
 */
static int run_utf82sbcs(struct qs_conv *cd, const uint8_t **ip, size_t *inleft, uint8_t **op,
                         size_t *outleft)
{
    const uint8_t *in = *ip;
    uint8_t *out = *op;
    size_t n = *inleft, room = *outleft;
    const struct qs_sbcs *sb = cd->dst.sb;
    const uint8_t *simd_after = in;
    int rc = QS_ST_OK;
    while (n > 0) {
        if (!room) {
            rc = QS_ST_FULL;
            break;
        }
        unsigned b = in[0];
        if (b < 0x80) {
            uint64_t w;
            if (n >= 8 && room >= 8 && (memcpy(&w, in, 8), !(w & 0x8080808080808080ull))) {
                if (cd->lat_wide && n >= 65 && room >= 64) {
                    size_t prod, k = qs_utf8_latin_wide(cd->two, in, n, out, room, &prod);
                    if (k) {
                        in += k; n -= k; out += prod; room -= prod;
                        continue;
                    }
                }
                if (in >= simd_after && n >= 64 && room >= 64 && ascii64(in)) {
                    size_t lim = n < room ? n : room;
                    size_t k = qs_lut(cd->asc, in, out, lim, QS_LUT_IN_ASCII);
                    in += k; out += k; n -= k; room -= k;
                    continue;
                }
                if (in >= simd_after)
                    simd_after = in + 64;   /* short run: do not look again soon */
                for (int j = 0; j < 8; j++)
                    out[j] = cd->asc[in[j]];
                in += 8; out += 8; n -= 8; room -= 8;
                continue;
            }
            *out++ = cd->asc[b];
            in++; n--; room--;
            continue;
        }
        uint32_t cp = 0;
        size_t len = 0;
        if (b >= 0xC2 && b <= 0xDF) {
            if (n >= 2 && (in[1] & 0xC0) == 0x80) {
                cp = (b & 0x1Fu) << 6 | (in[1] & 0x3Fu);
                len = 2;
            }
        } else if (b >= 0xE0 && b <= 0xEF && n >= 3) {
            unsigned lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
            if (in[1] >= lo && in[1] <= hi && (in[2] & 0xC0) == 0x80) {
                cp = (b & 0x0Fu) << 12 | (in[1] & 0x3Fu) << 6 | (in[2] & 0x3Fu);
                len = 3;
            }
        }
        if (len == 2 && cd->two_ok[cp]) {
            *out++ = cd->two[cp];
            in += 2; n -= 2; room--;
            if (cd->lat_wide && n >= 65 && room >= 64) {
                size_t prod, k = qs_utf8_latin_wide(cd->two, in, n, out, room, &prod);
                in += k; n -= k; out += prod; room -= prod;
            }
            continue;
        }
        if (len == 3) {
            uint8_t o;
            if (qs_sbcs_fromu(sb, cp, &o) == QS_FU_OK) {
                *out++ = o;
                in += len; n -= len; room--;
                continue;
            }
        }
        size_t seg = n < 4 ? n : 4, used, r = room;
        const uint8_t *pi = in;
        uint8_t *po = out;
        rc = pivot_window(cd, &pi, seg, &used, &po, &r);
        in = pi; out = po; room = r;
        if (rc == QS_ST_INCOMPLETE && seg < n)
            rc = QS_ST_OK;   /* the window cut a following character */
        n -= used;
        if (rc != QS_ST_OK)
            break;
    }
    *ip = in; *inleft = n; *op = out; *outleft = room;
    return rc;
}

/*
 * DBCS / mixed -> UTF-8: each character decoded and written in one step;
 * what the loop does not handle (anything but a plain mapping to one BMP
 * code point, a cut character, an EUC prefix) goes through the pivot.
 */
static int run_mbcs2utf8(struct qs_conv *cd, const uint8_t **ip, size_t *inleft, uint8_t **op,
                         size_t *outleft)
{
    const struct qs_mbcs *m = cd->src.mb;
    const int stateful = m->def->stateful;
    const uint8_t *in = *ip;
    uint8_t *out = *op;
    size_t n = *inleft, room = *outleft;
    int shift = cd->src.shift, rc = QS_ST_OK;
    while (n > 0) {
        unsigned b = in[0];
        uint32_t v = QS_MB_ILLEGAL;
        size_t len = 1;
        if (stateful) {
            if (b == 0x0E || b == 0x0F) {
                shift = b == 0x0E;
                in++; n--;
                continue;
            }
            if (!shift) {
                v = m->sb[b];
            } else if (n >= 2) {
                const uint16_t *pg = m->dbl[1][b];
                v = pg ? pg[in[1]] : QS_MB_ILLEGAL;
                len = 2;
            }
        } else if (m->lead[b] == 0) {
            v = m->sb[b];
        } else if (m->lead[b] == 1 && n >= 2) {
            const uint16_t *pg = m->dbl[1][b];
            v = pg ? pg[in[1]] : QS_MB_ILLEGAL;
            len = 2;
        }
        if (v >= 0xD800 && (v < 0xE000 || v >= QS_MB_UNASSIGNED)) {
            /* the pivot, one character's worth (it keeps the shift state) */
            cd->src.shift = shift;
            size_t seg = n < 8 ? n : 8, used, r = room;
            const uint8_t *pi = in;
            uint8_t *po = out;
            rc = pivot_window(cd, &pi, seg, &used, &po, &r);
            in = pi; out = po; room = r;
            shift = cd->src.shift;
            if (rc == QS_ST_INCOMPLETE && seg < n)
                rc = QS_ST_OK;
            n -= used;
            if (rc != QS_ST_OK)
                break;
            continue;
        }
        if (v < 0x80) {
            if (!room) { rc = QS_ST_FULL; break; }
            *out++ = (uint8_t)v;
            room--;
        } else if (v < 0x800) {
            if (room < 2) { rc = QS_ST_FULL; break; }
            out[0] = (uint8_t)(0xC0 | v >> 6);
            out[1] = (uint8_t)(0x80 | (v & 0x3F));
            out += 2; room -= 2;
        } else {
            if (room < 3) { rc = QS_ST_FULL; break; }
            out[0] = (uint8_t)(0xE0 | v >> 12);
            out[1] = (uint8_t)(0x80 | ((v >> 6) & 0x3F));
            out[2] = (uint8_t)(0x80 | (v & 0x3F));
            out += 3; room -= 3;
        }
        in += len; n -= len;
    }
    cd->src.shift = shift;
    *ip = in; *inleft = n; *op = out; *outleft = room;
    return rc;
}

size_t qs_conv(struct qs_conv *cd, const char **inp, size_t *inleft, char **outp, size_t *outleft)
{
    if (!inp || !*inp) {
        /* flush: back to the initial shift state */
        cd->src.shift = 0;
        if (outp && *outp && outleft) {
            size_t w;
            if (qs_enc_flush(&cd->dst, (uint8_t *)*outp, *outleft, &w) != 0) {
                errno = E2BIG;
                return (size_t)-1;
            }
            *outp += w;
            *outleft -= w;
        } else {
            cd->dst.shift = 0;
        }
        return 0;
    }
    const uint8_t *in = (const uint8_t *)*inp;
    uint8_t *out = (uint8_t *)*outp;
    size_t n = *inleft, room = *outleft;
    int cut = 0, rc;
    cd->src.irrev = cd->dst.irrev = 0;
    if (cd->path != P_PIVOT && (cd->flags & QS_CONV_NULSTOP)) {
        const uint8_t *z = memchr(in, 0, n);
        if (z) {
            n = (size_t)(z + 1 - in);
            cut = 1;
        }
    }
    switch (cd->path) {
    case P_COPY: {
        size_t k = n < room ? n : room;
        memmove(out, in, k);
        in += k; out += k; n -= k; room -= k;
        rc = n ? QS_ST_FULL : QS_ST_OK;
        break;
    }
    case P_SBCS2SBCS: rc = run_sbcs2sbcs(cd, &in, &n, &out, &room); break;
    case P_SBCS2UTF8: rc = run_sbcs2utf8(cd, &in, &n, &out, &room); break;
    case P_UTF82SBCS: rc = run_utf82sbcs(cd, &in, &n, &out, &room); break;
    case P_MBCS2UTF8: rc = run_mbcs2utf8(cd, &in, &n, &out, &room); break;
    default: rc = pivot(cd, &in, &n, &out, &room); break;
    }
    if (rc == QS_ST_NUL || (cut && rc == QS_ST_OK)) {
        /* the NUL ends the input (QS_CONV_NULSTOP) */
        n = 0;
        rc = QS_ST_OK;
    }
    *inp = (const char *)in;
    *inleft = n;
    *outp = (char *)out;
    *outleft = room;
    switch (rc) {
    case QS_ST_OK: return cd->src.irrev + cd->dst.irrev;
    case QS_ST_FULL: errno = E2BIG; break;
    case QS_ST_INCOMPLETE: errno = EINVAL; break;
    default: errno = EILSEQ; break;
    }
    return (size_t)-1;
}

int qs_conv_buf(int to_ccsid, int from_ccsid, unsigned flags, const void *inv, size_t n,
                struct qs_buf *out, size_t *bad_off_r, struct qs_err *err)
{
    struct qs_conv *cd;
    if (qs_conv_open(&cd, to_ccsid, from_ccsid, flags, err) != 0)
        return -1;
    const char *in = inv;
    size_t left = n;
    int rc = 0;
    if (bad_off_r)
        *bad_off_r = 0;
    for (;;) {
        size_t want = left * 4 + 16;
        if (qs_buf_reserve(out, want < 65536 ? want : 65536) != 0) {
            rc = qs_err_sys(err, errno);
            break;
        }
        char *o = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = left ? qs_conv(cd, &in, &left, &o, &room) : 0;
        if (r == (size_t)-1 && errno != E2BIG) {
            int e = errno;
            out->len = (size_t)(o - out->data);
            out->data[out->len] = '\0';
            if (bad_off_r)
                *bad_off_r = (size_t)(in - (const char *)inv);
            char off[32];
            snprintf(off, sizeof off, "%zu", (size_t)(in - (const char *)inv));
            qs_err_set(err, "CPF9897", e == EINVAL ? "Input ends inside a character" :
                       "Input cannot be converted", (const char *)NULL);
            if (err)
                err->sys_errno = e;
            errno = e;
            rc = -1;
            (void)off;
            break;
        }
        if (r != (size_t)-1 && !(flags & QS_CONV_NOFLUSH)) {
            if (qs_conv(cd, NULL, NULL, &o, &room) == (size_t)-1) {
                out->len = (size_t)(o - out->data);
                continue;
            }
        }
        out->len = (size_t)(o - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1)
            break;
    }
    qs_conv_free(&cd);
    return rc;
}
