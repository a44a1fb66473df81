/*
 * spool/pdf_ttf.c - TrueType loading, cmap lookup and subsetting (pdf_ttf.h).
 *
 * The subset keeps the tables a PDF consumer needs to draw glyphs by id
 * (head hhea hmtx maxp loca glyf, and cvt/fpgm/prep for hinting) and drops
 * cmap, name and the rest: the PDF maps text to glyph ids itself.
 */
#include "spool/pdf_ttf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"

static uint32_t rd16(const struct qs_ttf *f, size_t off)
{
    if (off + 2 > f->len)
        return 0;
    return (uint32_t)f->data[off] << 8 | f->data[off + 1];
}

static uint32_t rd32(const struct qs_ttf *f, size_t off)
{
    if (off + 4 > f->len)
        return 0;
    return (uint32_t)f->data[off] << 24 | (uint32_t)f->data[off + 1] << 16 |
           (uint32_t)f->data[off + 2] << 8 | f->data[off + 3];
}

static int16_t s16(const struct qs_ttf *f, size_t off)
{
    return (int16_t)(uint16_t)rd16(f, off);
}

static int bad_font(struct qs_err *err, const char *path, const char *why)
{
    char msg[512];
    snprintf(msg, sizeof msg, "Font %s cannot be used: %s", path, why);
    return qs_err_set(err, "CPF9897", msg, (const char *)NULL);
}

int qs_ttf_load(struct qs_ttf *f, const char *path, struct qs_err *err)
{
    struct qs_buf b;
    memset(f, 0, sizeof *f);
    qs_buf_init(&b, QS_TTF_MAX_FILE);
    if (qs_file_read(path, QS_TTF_MAX_FILE, &b, err) < 0) {
        qs_buf_free(&b);
        return -1;
    }
    f->data = (unsigned char *)qs_buf_detach(&b, &f->len);
    if (!f->data || f->len < 12)
        goto bad;
    uint32_t ver = rd32(f, 0);
    if (ver != 0x00010000 && ver != 0x74727565)
        return qs_ttf_free(f), bad_font(err, path, "not a TrueType font (glyf outlines)");
    unsigned ntab = rd16(f, 4);
    for (unsigned i = 0; i < ntab; i++) {
        size_t e = 12 + 16 * (size_t)i;
        if (e + 16 > f->len)
            goto bad;
        uint32_t tag = rd32(f, e), off = rd32(f, e + 8), len = rd32(f, e + 12);
        if (off > f->len || len > f->len - off)
            goto bad;
        struct qs_ttf_table t = { off, len };
        switch (tag) {
        case 0x68656164: f->head = t; break;   /* head */
        case 0x68686561: f->hhea = t; break;   /* hhea */
        case 0x686D7478: f->hmtx = t; break;   /* hmtx */
        case 0x6D617870: f->maxp = t; break;   /* maxp */
        case 0x6C6F6361: f->loca = t; break;   /* loca */
        case 0x676C7966: f->glyf = t; break;   /* glyf */
        case 0x636D6170: f->cmap = t; break;   /* cmap */
        case 0x63767420: f->cvt = t; break;    /* cvt  */
        case 0x6670676D: f->fpgm = t; break;   /* fpgm */
        case 0x70726570: f->prep = t; break;   /* prep */
        case 0x4F532F32: f->os2 = t; break;    /* OS/2 */
        default: break;
        }
    }
    if (!f->head.len || !f->hhea.len || !f->hmtx.len || !f->maxp.len || !f->loca.len ||
        !f->glyf.len || !f->cmap.len || f->head.len < 54)
        return qs_ttf_free(f), bad_font(err, path, "a required table is missing");
    f->upem = rd16(f, f->head.off + 18);
    if (f->upem < 16)
        goto bad;
    for (int k = 0; k < 4; k++)
        f->bbox[k] = s16(f, f->head.off + 36 + 2 * (size_t)k);
    f->loca_long = s16(f, f->head.off + 50) == 1;
    f->nglyphs = rd16(f, f->maxp.off + 4);
    if (f->loca.len < (size_t)(f->nglyphs + 1) * (f->loca_long ? 4 : 2))
        goto bad;
    f->ascent = s16(f, f->hhea.off + 4);
    f->descent = s16(f, f->hhea.off + 6);
    f->cap_height = f->ascent;
    if (f->os2.len >= 90)
        f->cap_height = s16(f, f->os2.off + 88);
    /* prefer a full-Unicode subtable (3,10 fmt 12), then BMP (3,1 / 0,x fmt 4) */
    unsigned nsub = rd16(f, f->cmap.off + 2);
    int best = 0;
    for (unsigned i = 0; i < nsub; i++) {
        size_t e = f->cmap.off + 4 + 8 * (size_t)i;
        unsigned pid = rd16(f, e), eid = rd16(f, e + 2);
        uint32_t off = f->cmap.off + rd32(f, e + 4);
        unsigned fmt = rd16(f, off);
        int score = 0;
        if (fmt == 12 && (pid == 0 || (pid == 3 && eid == 10)))
            score = 2;
        else if (fmt == 4 && (pid == 0 || (pid == 3 && eid == 1)))
            score = 1;
        if (score > best) {
            best = score;
            f->cmap_off = off;
            f->cmap_fmt = fmt;
        }
    }
    if (!best)
        return qs_ttf_free(f), bad_font(err, path, "no Unicode cmap");
    return 0;
bad:
    qs_ttf_free(f);
    return bad_font(err, path, "damaged");
}

void qs_ttf_free(struct qs_ttf *f)
{
    free(f->data);
    memset(f, 0, sizeof *f);
}

unsigned qs_ttf_gid(const struct qs_ttf *f, uint32_t cp)
{
    size_t o = f->cmap_off;
    unsigned g = 0;
    if (f->cmap_fmt == 12) {
        uint32_t n = rd32(f, o + 12);
        size_t lo = 0, hi = n;
        if (n > (f->len - o) / 12)
            return 0;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2, e = o + 16 + 12 * mid;
            uint32_t start = rd32(f, e), end = rd32(f, e + 4);
            if (cp < start) {
                hi = mid;
            } else if (cp > end) {
                lo = mid + 1;
            } else {
                g = rd32(f, e + 8) + (cp - start);
                break;
            }
        }
    } else if (f->cmap_fmt == 4 && cp <= 0xFFFF) {
        unsigned segx2 = rd16(f, o + 6);
        size_t ends = o + 14, starts = ends + segx2 + 2, deltas = starts + segx2,
               ranges = deltas + segx2;
        size_t lo = 0, hi = segx2 / 2;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            uint32_t end = rd16(f, ends + 2 * mid), start = rd16(f, starts + 2 * mid);
            if (cp > end) {
                lo = mid + 1;
            } else if (cp < start) {
                hi = mid;
            } else {
                unsigned delta = rd16(f, deltas + 2 * mid), ro = rd16(f, ranges + 2 * mid);
                if (ro == 0) {
                    g = (cp + delta) & 0xFFFF;
                } else {
                    size_t ga = ranges + 2 * mid + ro + 2 * (cp - start);
                    g = rd16(f, ga);
                    if (g)
                        g = (g + delta) & 0xFFFF;
                }
                break;
            }
        }
    }
    return g < f->nglyphs ? g : 0;
}

static void glyph_range(const struct qs_ttf *f, unsigned gid, uint32_t *off, uint32_t *len)
{
    uint32_t a, b;
    if (f->loca_long) {
        a = rd32(f, f->loca.off + 4 * (size_t)gid);
        b = rd32(f, f->loca.off + 4 * (size_t)gid + 4);
    } else {
        a = rd16(f, f->loca.off + 2 * (size_t)gid) * 2;
        b = rd16(f, f->loca.off + 2 * (size_t)gid + 2) * 2;
    }
    if (b < a || b > f->glyf.len) {
        *off = 0;
        *len = 0;
        return;
    }
    *off = f->glyf.off + a;
    *len = b - a;
}

/* Mark the parts of composite glyphs; repeat until nothing new. */
static void close_composites(const struct qs_ttf *f, unsigned char *use)
{
    int changed = 1;
    for (int pass = 0; changed && pass < 16; pass++) {
        changed = 0;
        for (unsigned g = 0; g < f->nglyphs; g++) {
            if (!(use[g >> 3] & (1u << (g & 7))))
                continue;
            uint32_t off, len;
            glyph_range(f, g, &off, &len);
            if (len < 10 || s16(f, off) >= 0)
                continue;
            size_t p = off + 10, end = (size_t)off + len;
            for (;;) {
                if (p + 4 > end)
                    break;
                unsigned flags = rd16(f, p), part = rd16(f, p + 2);
                if (part < f->nglyphs && !(use[part >> 3] & (1u << (part & 7)))) {
                    use[part >> 3] |= (unsigned char)(1u << (part & 7));
                    changed = 1;
                }
                p += 4 + ((flags & 0x0001) ? 4 : 2);
                if (flags & 0x0008)
                    p += 2;
                else if (flags & 0x0040)
                    p += 4;
                else if (flags & 0x0080)
                    p += 8;
                if (!(flags & 0x0020))
                    break;
            }
        }
    }
}

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i < n; i += 4) {
        uint32_t w = 0;
        for (size_t k = 0; k < 4; k++)
            w = w << 8 | (i + k < n ? p[i + k] : 0);
        s += w;
    }
    return s;
}

int qs_ttf_subset(const struct qs_ttf *f, const unsigned char *used, struct qs_buf *out,
                  struct qs_err *err)
{
    size_t nbytes = f->nglyphs / 8 + 1;
    unsigned char *use = malloc(nbytes);
    unsigned char *loca = malloc(((size_t)f->nglyphs + 1) * 4);
    struct qs_buf glyf;
    qs_buf_init(&glyf, QS_TTF_MAX_FILE);
    if (!use || !loca) {
        free(use);
        free(loca);
        return qs_err_sys(err, ENOMEM);
    }
    memcpy(use, used, nbytes);
    use[0] |= 1;                          /* .notdef */
    close_composites(f, use);
    int rc = 0;
    for (unsigned g = 0; g < f->nglyphs && rc == 0; g++) {
        put32(loca + 4 * (size_t)g, (uint32_t)glyf.len);
        if (!(use[g >> 3] & (1u << (g & 7))))
            continue;
        uint32_t off, len;
        glyph_range(f, g, &off, &len);
        static const unsigned char zero[4];
        rc = qs_buf_add(&glyf, f->data + off, len);
        if (rc == 0 && (glyf.len & 3))
            rc = qs_buf_add(&glyf, zero, 4 - (glyf.len & 3));
    }
    put32(loca + 4 * (size_t)f->nglyphs, (uint32_t)glyf.len);

    struct { uint32_t tag; const unsigned char *p; size_t n; } t[9];
    unsigned nt = 0;
    unsigned char head[54];
    memcpy(head, f->data + f->head.off, 54);
    put32(head + 8, 0);
    put16(head + 50, 1);                  /* long loca */
#define ADD(tag_, p_, n_) do { if ((n_) != 0) { t[nt].tag = (tag_); t[nt].p = (p_); t[nt].n = (n_); nt++; } } while (0)
    ADD(0x63767420, f->data + f->cvt.off, f->cvt.len);
    ADD(0x6670676D, f->data + f->fpgm.off, f->fpgm.len);
    ADD(0x676C7966, (const unsigned char *)glyf.data, glyf.len);
    ADD(0x68656164, head, sizeof head);
    ADD(0x68686561, f->data + f->hhea.off, f->hhea.len);
    ADD(0x686D7478, f->data + f->hmtx.off, f->hmtx.len);
    ADD(0x6C6F6361, loca, ((size_t)f->nglyphs + 1) * 4);
    ADD(0x6D617870, f->data + f->maxp.off, f->maxp.len);
    ADD(0x70726570, f->data + f->prep.off, f->prep.len);
#undef ADD
    size_t start = out->len;
    unsigned char dir[12 + 16 * 9];
    unsigned es = 0;
    while ((2u << es) <= nt)
        es++;
    put32(dir, 0x00010000);
    put16(dir + 4, nt);
    put16(dir + 6, 16u << es);
    put16(dir + 8, es);
    put16(dir + 10, nt * 16 - (16u << es));
    size_t off = 12 + 16 * (size_t)nt;
    for (unsigned i = 0; i < nt; i++) {
        unsigned char *e = dir + 12 + 16 * i;
        put32(e, t[i].tag);
        put32(e + 4, checksum(t[i].p, t[i].n));
        put32(e + 8, (uint32_t)off);
        put32(e + 12, (uint32_t)t[i].n);
        off += (t[i].n + 3) & ~(size_t)3;
    }
    if (rc == 0)
        rc = qs_buf_add(out, dir, 12 + 16 * (size_t)nt);
    size_t head_at = 0;
    for (unsigned i = 0; i < nt && rc == 0; i++) {
        static const unsigned char pad[4];
        if (t[i].tag == 0x68656164)
            head_at = out->len;
        rc = qs_buf_add(out, t[i].p, t[i].n);
        if (rc == 0 && (t[i].n & 3))
            rc = qs_buf_add(out, pad, 4 - (t[i].n & 3));
    }
    if (rc == 0 && head_at) {
        uint32_t adj = 0xB1B0AFBAu - checksum((unsigned char *)out->data + start, out->len - start);
        put32((unsigned char *)out->data + head_at + 8, adj);
    }
    free(use);
    free(loca);
    qs_buf_free(&glyf);
    if (rc < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    return 0;
}
