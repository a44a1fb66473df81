/*
 * spool/pdf_ttf.h - just enough TrueType for embedding a font in a PDF.
 *
 * Loads a .ttf (glyf outlines), maps code points to glyph ids through its
 * Unicode cmap (formats 4 and 12), and writes a subset font program that
 * keeps glyph ids unchanged (unused glyphs become empty), so a PDF can use
 * CIDFontType2 with CIDToGIDMap /Identity.  Every read of the font file is
 * bounds-checked: a damaged font yields glyph 0, never an over-read.
 */
#ifndef QS_SPOOL_PDF_TTF_H
#define QS_SPOOL_PDF_TTF_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;
struct qs_buf;

#define QS_TTF_MAX_FILE (64u * 1024 * 1024)

struct qs_ttf_table {
    uint32_t off, len;
};

struct qs_ttf {
    unsigned char      *data;
    size_t              len;
    struct qs_ttf_table head, hhea, hmtx, maxp, loca, glyf, cmap, cvt, fpgm, prep, os2;
    unsigned            nglyphs;
    int                 loca_long;
    unsigned            upem;
    int                 ascent, descent, cap_height;
    int                 bbox[4];
    uint32_t            cmap_off;      /* chosen subtable, absolute     */
    unsigned            cmap_fmt;      /* 4 or 12, 0 = none             */
};

int  qs_ttf_load(struct qs_ttf *f, const char *path, struct qs_err *err);
void qs_ttf_free(struct qs_ttf *f);
/* Glyph id for a code point, 0 (.notdef) when the font has none. */
unsigned qs_ttf_gid(const struct qs_ttf *f, uint32_t cp);
/* Append a font program holding only the glyphs whose bit is set in
 * used[nglyphs/8+1] (plus glyph 0 and composite parts) to out.  0 or -1. */
int qs_ttf_subset(const struct qs_ttf *f, const unsigned char *used, struct qs_buf *out,
                  struct qs_err *err);

#endif
