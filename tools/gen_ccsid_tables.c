/*
 * tools/gen_ccsid_tables.c - write the ccsid/tables sources from ICU's IBM tables.
 *
 * Development tool, not part of the normal build (ICU stays a dev/test
 * dependency).  Run tools/gen_ccsid_tables.sh after an ICU upgrade.
 *
 * For every CCSID this asks ICU (ucnv_openCCSID, default callbacks, default
 * fallback setting) what it does and records exactly that:
 *
 *  SBCS   the 256 byte → UTF-16 results (substitutions included), a bitmap of
 *         the bytes ICU reports as errors, and the from-Unicode results that
 *         are not implied by inverting the round-trip bytes ("exceptions"),
 *         over all of U+0000..U+FFFF.  The runtime rebuilds from-Unicode by
 *         inversion + exceptions (ccsid/sbcs.c), so the tables stay small.
 *
 *  MBCS   (DBCS, mixed EBCDIC with SO/SI, PC and EUC multibyte): every byte
 *         sequence ICU accepts (probed exhaustively over 1-, 2-, 3- and
 *         4-byte shapes), whether it round-trips, and every code point
 *         U+0000..U+10FFFF whose from-Unicode result is not implied by the
 *         round trips.  The result is a varint stream, deflated, emitted as a
 *         C string (ccsid/mbcs.c inflates it on first use).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <zlib.h>

#include "ccsid/ignorable.h"

#define DIE(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

/* ------------------------------------------------------------------ util */

struct vbuf { unsigned char *p; size_t n, cap; };

static void vb_byte(struct vbuf *b, unsigned c)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 65536;
        b->p = realloc(b->p, b->cap);
        if (!b->p) DIE("oom");
    }
    b->p[b->n++] = (unsigned char)c;
}

static void vb_var(struct vbuf *b, uint32_t v)
{
    while (v >= 0x80) { vb_byte(b, (v & 0x7f) | 0x80); v >>= 7; }
    vb_byte(b, v);
}

static uint32_t zz(int32_t v) { return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31); }

static void emit_blob(FILE *f, const char *name, const unsigned char *p, size_t n)
{
    fprintf(f, "static const unsigned char %s[%zu] =\n\"", name, n + 1);
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
            /* a printable char right after an octal escape is fine: octal
             * escapes are always 3 digits here */
            fputc((int)c, f);
            col++;
        } else {
            fprintf(f, "\\%03o", c);
            col += 4;
        }
        if (col >= 76 && i + 1 < n) { fputs("\"\n\"", f); col = 0; }
    }
    fputs("\";\n", f);
}

/* ------------------------------------------------------------- callbacks */

static int g_err;           /* set by the recording callbacks */
static int g_err_len;
static int g_err_reason;

static void rec_toU(const void *ctx, UConverterToUnicodeArgs *a, const char *cu,
                    int32_t len, UConverterCallbackReason r, UErrorCode *e)
{
    if (r <= UCNV_IRREGULAR) { g_err = 1; g_err_len = len; g_err_reason = (int)r; }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(ctx, a, cu, len, r, e);
}

static void rec_fromU(const void *ctx, UConverterFromUnicodeArgs *a, const UChar *cu,
                      int32_t len, UChar32 cp, UConverterCallbackReason r, UErrorCode *e)
{
    if (r <= UCNV_IRREGULAR) g_err = 1;
    UCNV_FROM_U_CALLBACK_SUBSTITUTE(ctx, a, cu, len, cp, r, e);
}

static UConverter *open_rec(int ccsid)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *u = ucnv_openCCSID(ccsid, UCNV_IBM, &e);
    if (U_FAILURE(e)) return NULL;
    ucnv_setToUCallBack(u, (UConverterToUCallback)rec_toU, NULL, NULL, NULL, &e);
    ucnv_setFromUCallBack(u, (UConverterFromUCallback)rec_fromU, NULL, NULL, NULL, &e);
    if (U_FAILURE(e)) DIE("callbacks %d", ccsid);
    return u;
}

/* bytes -> UTF-16 (flush), recording errors */
static int to_u(UConverter *u, const unsigned char *in, int n, UChar *out, int cap)
{
    UErrorCode e = U_ZERO_ERROR;
    g_err = 0; g_err_len = 0;
    ucnv_resetToUnicode(u);
    int r = ucnv_toUChars(u, out, cap, (const char *)in, n, &e);
    if (U_FAILURE(e)) DIE("toUChars %s", u_errorName(e));
    return r;
}

static int from_u(UConverter *u, const UChar *in, int n, unsigned char *out, int cap)
{
    UErrorCode e = U_ZERO_ERROR;
    g_err = 0;
    ucnv_resetFromUnicode(u);
    int r = ucnv_fromUChars(u, (char *)out, cap, in, n, &e);
    if (U_FAILURE(e) && e != U_STRING_NOT_TERMINATED_WARNING) DIE("fromUChars %s", u_errorName(e));
    return r;
}

/* ------------------------------------------------------------------ SBCS */

static const int sbcs_extra[] = { 367, 819 };   /* algorithmic in ICU, SBCS shaped */

static int esid_sbcs(const uint16_t *tou, const unsigned char *bad)
{
    if (tou[0x40] == 0x20 && tou[0xC1] == 'A') return 1100;       /* EBCDIC */
    int high_bad = 1, c1 = 1;
    for (int b = 0x80; b < 0x100; b++) if (!(bad[b >> 3] & (1u << (b & 7)))) high_bad = 0;
    if (high_bad) return 5100;                                    /* ISO-7 */
    for (int b = 0x80; b < 0xA0; b++) if (tou[b] != b) c1 = 0;
    return c1 ? 4100 : 2100;                                      /* ISO-8 / PC */
}

static void gen_sbcs_one(FILE *f, int ccsid, UConverter *u, FILE *idx)
{
    unsigned char in[1];
    UChar o[8];
    uint16_t tou[256];
    unsigned char bad[32] = { 0 };
    UErrorCode e = U_ZERO_ERROR;

    for (int b = 0; b < 256; b++) {
        in[0] = (unsigned char)b;
        int n = to_u(u, in, 1, o, 8);
        if (n != 1) DIE("ccsid %d byte %02x gives %d units", ccsid, b, n);
        tou[b] = o[0];
        if (g_err) bad[b >> 3] |= (unsigned char)(1u << (b & 7));
    }
    /* from-Unicode over the BMP, per code point */
    static unsigned char fromu[65536];
    static unsigned char unm[65536];
    int subcount[256] = { 0 };
    for (int c = 0; c < 65536; c++) {
        if (c >= 0xD800 && c < 0xE000) { fromu[c] = 0; unm[c] = 2; continue; }
        UChar uc = (UChar)c;
        unsigned char ob[8];
        int n = from_u(u, &uc, 1, ob, 8);
        if (n == 0 && g_err) { fromu[c] = 0; unm[c] = 3; continue; }   /* ICU drops it */
        if (n != 1) DIE("ccsid %d U+%04X gives %d bytes", ccsid, c, n);
        fromu[c] = ob[0];
        unm[c] = (unsigned char)g_err;
        if (g_err) subcount[ob[0]]++;
    }
    int sub = 0;
    for (int b = 0; b < 256; b++) if (subcount[b] > subcount[sub]) sub = b;
    /* supplementary code points must all substitute */
    for (UChar32 c = 0x10000; c < 0x110000; c += (c < 0x30000 || (c >= 0xE0000 && c < 0xE1000)) ? 1 : 0x100) {
        UChar s[2] = { U16_LEAD(c), U16_TRAIL(c) };
        unsigned char ob[8];
        int n = from_u(u, s, 2, ob, 8);
        int drop = qs_ccsid_ignorable((uint32_t)c);
        if (!g_err || (drop ? n != 0 : (n != 1 || ob[0] != sub)))
            DIE("ccsid %d: supplementary U+%04X not as the runtime assumes", ccsid, (unsigned)c);
    }
    /* the runtime's inversion: first valid byte wins */
    static int inv[65536];
    for (int c = 0; c < 65536; c++) inv[c] = -1;
    for (int b = 0; b < 256; b++)
        if (!(bad[b >> 3] & (1u << (b & 7))) && inv[tou[b]] < 0) inv[tou[b]] = b;

    fprintf(f, "/* %d: %s */\n", ccsid, ucnv_getName(u, &e));
    fprintf(f, "static const uint16_t tou_%d[256] = {\n", ccsid);
    for (int b = 0; b < 256; b++)
        fprintf(f, "%s0x%04x,%s", b % 8 ? " " : "    ", tou[b], b % 8 == 7 ? "\n" : "");
    fprintf(f, "};\n");
    int nfx = 0;
    fprintf(f, "static const struct qs_sbcs_fx fx_%d[] = {\n", ccsid);
    for (int c = 0; c < 65536; c++) {
        if (unm[c] == 2) continue;
        int want_b = fromu[c], want_unm = unm[c] == 3 ? 2 : unm[c];
        int have_b = inv[c] >= 0 ? inv[c] : sub;
        int have_unm = inv[c] >= 0 ? 0 : qs_ccsid_ignorable((uint32_t)c) ? 2 : 1;
        if (have_unm == 2) have_b = 0;
        if (want_b != have_b || want_unm != have_unm) {
            fprintf(f, "    { 0x%04x, 0x%02x, %d },\n", c, want_b, want_unm);
            nfx++;
        }
    }
    if (!nfx) fprintf(f, "    { 0, 0, 0 }\n");
    fprintf(f, "};\n");
    fprintf(idx, "    { %d, %d, \"%s\", 0x%02x, %d, tou_%d, {", ccsid, esid_sbcs(tou, bad),
            ucnv_getName(u, &e), sub, nfx, ccsid);
    for (int i = 0; i < 32; i++) fprintf(idx, "%s0x%02x", i ? "," : "", bad[i]);
    fprintf(idx, "}, fx_%d },\n", ccsid);
}

static void gen_sbcs(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/sbcs_data.c", dir);
    FILE *f = fopen(path, "w");
    FILE *idx = tmpfile();
    if (!f || !idx) DIE("open %s", path);
    fprintf(f, "/* generated by tools/gen_ccsid_tables.c from ICU %s: do not edit. */\n",
            U_ICU_VERSION);
    fprintf(f, "#include \"ccsid/tables/tables.h\"\n\n");
    int count = 0;
    for (int c = 1; c < 65534; c++) {
        UConverter *u = open_rec(c);
        if (!u) continue;
        int t = ucnv_getType(u);
        int take = t == UCNV_SBCS;
        for (size_t i = 0; i < sizeof sbcs_extra / sizeof sbcs_extra[0]; i++)
            if (sbcs_extra[i] == c) take = 1;
        if (take) { gen_sbcs_one(f, c, u, idx); count++; }
        ucnv_close(u);
    }
    fprintf(f, "\nconst struct qs_sbcs_def qs_sbcs_defs[] = {\n");
    rewind(idx);
    int ch;
    while ((ch = fgetc(idx)) != EOF) fputc(ch, f);
    fprintf(f, "};\nconst unsigned qs_sbcs_ndefs = %d;\n", count);
    fclose(idx);
    fclose(f);
    fprintf(stderr, "sbcs: %d CCSIDs\n", count);
}

/* ------------------------------------------------------------------ MBCS */

/*
 * Blob layout (all integers varints):
 *   nplanes, then per plane: prefix length (0..2), prefix bytes,
 *     code length after prefix (1 or 2)
 *   to-Unicode stream, per plane: sequence of runs over the code space of the
 *     plane (256 or 65536 codes):
 *        kind<<? : run = (status, count); status 0 illegal, 1 unassigned
 *        (whole sequence consumed, substituted), 2 mapped (then per code:
 *        zigzag(cp - prevcp)<<2 | flags; flags 1 = not round trip, 2 =
 *        multi (then n-1 further cps as varints))
 *   from-Unicode exceptions: count, then per entry zigzag(cp-prev),
 *        value: 0 = substitute with subchar, 1 = substitute with subchar1,
 *        2 = write nothing (ICU skips default-ignorables it cannot map),
 *        else 3 + (plane << 16 | code)
 */
struct plane { int pfxlen; unsigned char pfx[2]; int codelen; };

struct mb_conv {
    int ccsid;
    const char *label;
    int stateful;      /* EBCDIC SO/SI */
};

static const struct mb_conv mb_list[] = {
    { 930, "Japanese Katakana-Kanji mixed EBCDIC", 1 },
    { 939, "Japanese Latin-Kanji mixed EBCDIC", 1 },
    { 1390, "Japanese Katakana-Kanji mixed EBCDIC with euro", 1 },
    { 1399, "Japanese Latin-Kanji mixed EBCDIC with euro", 1 },
    { 933, "Korean mixed EBCDIC", 1 },
    { 1364, "Korean mixed EBCDIC (extended)", 1 },
    { 935, "Simplified Chinese mixed EBCDIC", 1 },
    { 1388, "Simplified Chinese GBK mixed EBCDIC", 1 },
    { 937, "Traditional Chinese mixed EBCDIC", 1 },
    { 1371, "Traditional Chinese mixed EBCDIC with euro", 1 },
    { 932, "Japanese PC mixed (Shift-JIS)", 0 },
    { 943, "Japanese PC mixed (Shift-JIS, IBM-943)", 0 },
    { 954, "Japanese EUC", 0 },
    { 1386, "Simplified Chinese GBK PC", 0 },
    { 949, "Korean PC mixed", 0 },
    { 970, "Korean EUC", 0 },
    { 950, "Traditional Chinese Big5 PC", 0 },
    { 964, "Traditional Chinese EUC (CNS 11643)", 0 },
};

/* status of one probe */
enum { ST_ILLEGAL = 0, ST_UNASSIGNED = 1, ST_MAPPED = 2 };

struct probe { int st; int n; UChar32 cp[4]; int rt; };

static void cps_of(const UChar *o, int n, struct probe *p)
{
    p->n = 0;
    for (int i = 0; i < n && p->n < 4;) {
        UChar32 c;
        U16_NEXT(o, i, n, c);
        p->cp[p->n++] = c;
    }
}

/* Probe one full byte sequence `seq` (for stateful: without SO/SI) */
static void probe_seq(UConverter *u, const struct mb_conv *mc, const unsigned char *seq,
                      int len, int dbcs, struct probe *p)
{
    unsigned char in[8];
    int n = 0;
    if (mc->stateful && dbcs) in[n++] = 0x0E;
    memcpy(in + n, seq, (size_t)len);
    n += len;
    if (mc->stateful && dbcs) in[n++] = 0x0F;
    UChar o[16];
    int k = to_u(u, in, n, o, 16);
    p->rt = 0;
    if (!g_err && k > 0) {
        p->st = ST_MAPPED;
        cps_of(o, k, p);
        /* round trip? */
        unsigned char back[16];
        int m = from_u(u, o, k, back, 16);
        p->rt = !g_err && m == n && memcmp(back, in, (size_t)n) == 0;
    } else if (g_err && g_err_len == len && k == 1) {
        p->st = ST_UNASSIGNED;
    } else {
        p->st = ST_ILLEGAL;
    }
}

static int gen_mbcs_one(FILE *f, const struct mb_conv *mc, int *sub1_r, int *sublen_r,
                        unsigned char sub_r[4], int *maxlen_r, char *name_r, size_t namesz)
{
    UConverter *u = open_rec(mc->ccsid);
    if (!u) { fprintf(stderr, "skip %d: not in ICU\n", mc->ccsid); return -1; }
    UErrorCode e = U_ZERO_ERROR;
    snprintf(name_r, namesz, "%s", ucnv_getName(u, &e));
    *maxlen_r = ucnv_getMaxCharSize(u);
    char sub[8]; int8_t sl = 8;
    ucnv_getSubstChars(u, sub, &sl, &e);
    *sublen_r = sl; memcpy(sub_r, sub, (size_t)(sl > 4 ? 4 : sl));

    struct plane planes[24];
    int np = 0;
    /* plane 0: single bytes (for stateful: SBCS state) */
    planes[np++] = (struct plane){ 0, {0}, 1 };
    /* plane 1: double bytes (for stateful: DBCS state) */
    planes[np++] = (struct plane){ 0, {0}, 2 };
    if (mc->ccsid == 954) planes[np++] = (struct plane){ 1, {0x8F}, 2 };
    if (mc->ccsid == 964)
        for (int b = 0xA1; b <= 0xB0; b++) planes[np++] = (struct plane){ 2, {0x8E, (unsigned char)b}, 2 };

    struct vbuf vb = { 0 };
    vb_var(&vb, (uint32_t)np);
    for (int i = 0; i < np; i++) {
        vb_var(&vb, (uint32_t)planes[i].pfxlen);
        for (int j = 0; j < planes[i].pfxlen; j++) vb_var(&vb, planes[i].pfx[j]);
        vb_var(&vb, (uint32_t)planes[i].codelen);
    }

    /* round-trip map code -> cp for from-U inversion check: key (plane<<16|code) */
    static int32_t rt_of_cp[0x110000];
    for (int c = 0; c < 0x110000; c++) rt_of_cp[c] = -1;
    int nmapped = 0, nmulti = 0;

    for (int pi = 0; pi < np; pi++) {
        const struct plane *pl = &planes[pi];
        int space = pl->codelen == 1 ? 256 : 65536;
        int run_st = -1, run_n = 0;
        struct vbuf codes = { 0 };   /* pending mapped values for the current run */
        UChar32 prev = 0;
        for (int code = 0; code <= space; code++) {
            struct probe p = { ST_ILLEGAL, 0, {0}, 0 };
            if (code < space) {
                unsigned char seq[4]; int len = 0;
                for (int j = 0; j < pl->pfxlen; j++) seq[len++] = pl->pfx[j];
                if (pl->codelen == 2) seq[len++] = (unsigned char)(code >> 8);
                seq[len++] = (unsigned char)code;
                int dbcs = mc->stateful && pi == 1;
                if (mc->stateful && pi == 0 && (code == 0x0E || code == 0x0F)) p.st = ST_ILLEGAL;
                else if (pl->codelen == 2 && pi == 1 && !mc->stateful) {
                    /* a PC/EUC double byte only counts if its first byte is
                     * not a character by itself */
                    unsigned char one = (unsigned char)(code >> 8);
                    struct probe q;
                    probe_seq(u, mc, &one, 1, 0, &q);
                    if (q.st == ST_MAPPED) p.st = ST_ILLEGAL;
                    else probe_seq(u, mc, seq, len, dbcs, &p);
                } else probe_seq(u, mc, seq, len, dbcs, &p);
                if (p.st == ST_MAPPED && pl->pfxlen + pl->codelen > 1 && !mc->stateful) {
                    /* reject splits ICU reads as two characters */
                    if (p.n > 1 && !(p.cp[0] >= 0x80)) p.st = ST_ILLEGAL;
                }
            } else {
                p.st = -2;   /* terminator */
            }
            if (p.st != run_st) {
                if (run_st >= 0) {
                    vb_var(&vb, (uint32_t)run_st);
                    vb_var(&vb, (uint32_t)run_n);
                    for (size_t k = 0; k < codes.n; k++) vb_byte(&vb, codes.p[k]);
                }
                codes.n = 0;
                run_st = p.st; run_n = 0;
            }
            if (p.st < 0) break;
            run_n++;
            if (p.st == ST_MAPPED) {
                nmapped++;
                uint32_t flags = (p.rt ? 0 : 1) | (p.n > 1 ? 2 : 0);
                vb_var(&codes, zz(p.cp[0] - prev) << 2 | flags);
                prev = p.cp[0];
                if (p.n > 1) {
                    nmulti++;
                    vb_var(&codes, (uint32_t)(p.n - 1));
                    for (int k = 1; k < p.n; k++) vb_var(&codes, (uint32_t)p.cp[k]);
                }
                if (p.rt && p.n == 1 && rt_of_cp[p.cp[0]] < 0)
                    rt_of_cp[p.cp[0]] = (int32_t)((pi << 16) | code);
            }
        }
        vb_var(&vb, 9);   /* end of plane marker */
        free(codes.p);
    }

    /* from-Unicode: every code point, compared with the inversion */
    struct vbuf fx = { 0 };
    int nfx = 0;
    UChar32 prevc = 0;
    int sub1 = -1;
    for (UChar32 c = 0; c < 0x110000; c++) {
        if (c >= 0xD800 && c < 0xE000) continue;
        if (c >= 0x30000 && c < 0xE0000) continue;   /* unassigned planes: substitution */
        UChar s[2]; int sn = 0;
        if (c < 0x10000) s[sn++] = (UChar)c; else { s[sn++] = U16_LEAD(c); s[sn++] = U16_TRAIL(c); }
        unsigned char ob[16];
        int n = from_u(u, s, sn, ob, 16);
        int off = 0, end = n;
        if (mc->stateful && n >= 3 && ob[0] == 0x0E && ob[n - 1] == 0x0F) { off = 1; end = n - 1; }
        int len = end - off;
        uint32_t val;   /* 0 = sub, 1 = sub1, 2 = drop, else 3 + (plane<<16 | code) */
        if (g_err && n == 0) {
            val = 2;
        } else if (g_err) {
            if (len == *sublen_r && memcmp(ob + off, sub, (size_t)len) == 0) val = 0;
            else if (len == 1) { val = 1; if (sub1 < 0) sub1 = ob[off]; else if (sub1 != ob[off]) DIE("two sub1"); }
            else DIE("ccsid %d U+%04X odd substitution", mc->ccsid, (unsigned)c);
        } else {
            int pi = -1; uint32_t code = 0;
            if (mc->stateful) {
                if (off == 1) { if (len != 2) DIE("dbcs len"); pi = 1; code = (uint32_t)(ob[1] << 8 | ob[2]); }
                else if (len == 1) { pi = 0; code = ob[0]; }
                else DIE("ccsid %d U+%04X stateful len %d", mc->ccsid, (unsigned)c, n);
            } else {
                for (int k = 0; k < np && pi < 0; k++) {
                    const struct plane *pl = &planes[k];
                    if (len != pl->pfxlen + pl->codelen) continue;
                    if (memcmp(ob, pl->pfx, (size_t)pl->pfxlen) != 0) continue;
                    pi = k;
                    code = pl->codelen == 1 ? ob[len - 1] : (uint32_t)(ob[len - 2] << 8 | ob[len - 1]);
                }
                if (pi < 0) DIE("ccsid %d U+%04X no plane for %d bytes", mc->ccsid, (unsigned)c, len);
            }
            val = 3 + ((uint32_t)pi << 16 | code);
        }
        uint32_t inv = rt_of_cp[c] >= 0 ? 3 + (uint32_t)rt_of_cp[c]
                     : qs_ccsid_ignorable((uint32_t)c) ? 2 : 0;
        if (val != inv) {
            vb_var(&fx, zz(c - prevc));
            vb_var(&fx, val);
            prevc = c;
            nfx++;
        }
    }
    vb_var(&vb, (uint32_t)nfx);
    for (size_t k = 0; k < fx.n; k++) vb_byte(&vb, fx.p[k]);
    free(fx.p);
    *sub1_r = sub1;

    /* deflate */
    uLongf zlen = compressBound(vb.n);
    unsigned char *z = malloc(zlen);
    if (!z || compress2(z, &zlen, vb.p, vb.n, 9) != Z_OK) DIE("deflate");
    char nm[32];
    snprintf(nm, sizeof nm, "blob_%d", mc->ccsid);
    fprintf(f, "/* %d: %s; %d mapped sequences (%d to several code points), "
               "%d from-Unicode exceptions; %zu bytes inflated */\n",
            mc->ccsid, name_r, nmapped, nmulti, nfx, vb.n);
    emit_blob(f, nm, z, zlen);
    fprintf(stderr, "mbcs %d %s: %d mapped, %d fx, %zu -> %lu bytes\n", mc->ccsid, name_r,
            nmapped, nfx, vb.n, (unsigned long)zlen);
    int raw = (int)vb.n;
    free(z);
    free(vb.p);
    ucnv_close(u);
    return raw;
}

static void gen_mbcs(const char *dir, int only)
{
    char path[512];
    FILE *idx = NULL;
    snprintf(path, sizeof path, "%s/mbcs_index.c", dir);
    if (!only) {
        idx = fopen(path, "w");
        if (!idx) DIE("open %s", path);
        fprintf(idx, "/* generated by tools/gen_ccsid_tables.c from ICU %s: do not edit. */\n"
                     "#include \"ccsid/tables/tables.h\"\n\n", U_ICU_VERSION);
    }
    struct { int ccsid, raw, zlen, sub1, sublen, maxlen; unsigned char sub[4]; char name[64]; } out[32];
    int nout = 0;
    for (size_t i = 0; i < sizeof mb_list / sizeof mb_list[0]; i++) {
        const struct mb_conv *mc = &mb_list[i];
        if (only && mc->ccsid != only) continue;
        snprintf(path, sizeof path, "%s/mbcs_%d.c", dir, mc->ccsid);
        FILE *f = fopen(path, "w");
        if (!f) DIE("open %s", path);
        fprintf(f, "/* generated by tools/gen_ccsid_tables.c from ICU %s: do not edit. */\n"
                   "#include \"ccsid/tables/tables.h\"\n\n", U_ICU_VERSION);
        int sub1, sublen, maxlen; unsigned char sub[4] = {0}; char name[64];
        int raw = gen_mbcs_one(f, mc, &sub1, &sublen, sub, &maxlen, name, sizeof name);
        if (raw < 0) { fclose(f); remove(path); continue; }
        fprintf(f, "const struct qs_mbcs_blob qs_mbcs_blob_%d = { blob_%d, sizeof blob_%d - 1, %d };\n",
                mc->ccsid, mc->ccsid, mc->ccsid, raw);
        fclose(f);
        out[nout].ccsid = mc->ccsid; out[nout].raw = raw; out[nout].sub1 = sub1;
        out[nout].sublen = sublen; out[nout].maxlen = maxlen;
        memcpy(out[nout].sub, sub, 4);
        snprintf(out[nout].name, sizeof out[nout].name, "%s", name);
        nout++;
    }
    if (!idx) return;
    for (int i = 0; i < nout; i++)
        fprintf(idx, "extern const struct qs_mbcs_blob qs_mbcs_blob_%d;\n", out[i].ccsid);
    fprintf(idx, "\nconst struct qs_mbcs_def qs_mbcs_defs[] = {\n");
    for (int i = 0; i < nout; i++) {
        const struct mb_conv *mc = NULL;
        for (size_t k = 0; k < sizeof mb_list / sizeof mb_list[0]; k++)
            if (mb_list[k].ccsid == out[i].ccsid) mc = &mb_list[k];
        int esid = mc->stateful ? 1301 : (out[i].ccsid == 954 || out[i].ccsid == 970 || out[i].ccsid == 964) ? 4403 : 2300;
        fprintf(idx, "    { %d, %d, \"%s\", \"%s\", %d, %d, %d, { 0x%02x, 0x%02x }, %d, &qs_mbcs_blob_%d },\n",
                out[i].ccsid, esid, out[i].name, mc->label, mc->stateful, out[i].maxlen,
                out[i].sublen, out[i].sub[0], out[i].sub[1], out[i].sub1, out[i].ccsid);
    }
    /* aliases ICU resolves to the same table */
    fprintf(idx, "};\nconst unsigned qs_mbcs_ndefs = %d;\n", nout);
    fclose(idx);
}

int main(int argc, char **argv)
{
    if (argc < 2) DIE("usage: gen_ccsid_tables DIR [sbcs|mbcs [CCSID]]");
    const char *what = argc > 2 ? argv[2] : "all";
    if (!strcmp(what, "all") || !strcmp(what, "sbcs")) gen_sbcs(argv[1]);
    if (!strcmp(what, "all") || !strcmp(what, "mbcs")) gen_mbcs(argv[1], argc > 3 ? (int)strtol(argv[3], NULL, 10) : 0);
    return 0;
}
