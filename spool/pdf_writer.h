/*
 * spool/pdf_writer.h - a direct, streaming PDF writer for rendered spool pages.
 *
 * Pages arrive one at a time (qs_pdf_page is a qs_page_emit_fn) and are
 * written at once, so memory stays flat however long the report is.  Text
 * stays text: Latin text uses the built-in Courier with WinAnsiEncoding (no
 * font in the file); any other character (Greek, Cyrillic, CJK …) uses an
 * embedded TrueType subset (CIDFontType2, Identity-H, with a ToUnicode CMap so
 * that copy/paste and pdftotext give the text back).  Every character sits
 * at its print position: column c of line l lands at the same x,y whatever
 * font draws it, so pdftotext -layout gives back the report's columns.
 * Content streams are zlib-compressed; the document carries Title/Author/
 * Creator/Producer/CreationDate and one outline item per page group.  With a
 * user password the whole file is AES-256 encrypted (pdf_crypt.h).
 */
#ifndef QS_SPOOL_PDF_WRITER_H
#define QS_SPOOL_PDF_WRITER_H

#include <stddef.h>

#include "spool/page.h"

struct qs_err;
struct qs_pdf;

enum qs_pdf_media { QS_PDF_A4, QS_PDF_LETTER, QS_PDF_SPOOL };
enum qs_pdf_orient { QS_PDF_AUTO, QS_PDF_PORTRAIT, QS_PDF_LANDSCAPE };

#define QS_PDF_DEFAULT_FONT     "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
#define QS_PDF_DEFAULT_CJK_FONT "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

struct qs_pdf_opts {
    enum qs_pdf_media  media;
    enum qs_pdf_orient orient;       /* AUTO: landscape when a page is wider than 85 columns */
    const char *title, *author, *subject;   /* UTF-8, may be NULL */
    const char *creator;             /* default "qshim" */
    int         zlevel;              /* zlib level 0..9; default 1 (speed) */
    unsigned    group_pages;         /* automatic outline item every N pages; 0 = none */
    const char *font_path;           /* monospace TrueType for non-WinAnsi text */
    const char *cjk_font_path;       /* fallback for glyphs the first lacks */
    const char *user_password;       /* non-NULL: AES-256 encryption (R6) */
    const char *owner_password;      /* NULL: a random one */
};

void qs_pdf_opts_default(struct qs_pdf_opts *o);

/* Write to fd (not closed by the writer). NULL with err set on failure. */
struct qs_pdf *qs_pdf_new(int fd, const struct qs_pdf_opts *o, struct qs_err *err);
/* Add one page; ctx is the struct qs_pdf *.  0 or -1. */
int  qs_pdf_page(void *ctx, const struct qs_page *pg, struct qs_err *err);
/* Start an outline item (page group) at the next page, titled (UTF-8). */
int  qs_pdf_group(struct qs_pdf *pdf, const char *title, struct qs_err *err);
/* Write fonts, outline, info, xref and trailer.  0 or -1. */
int  qs_pdf_finish(struct qs_pdf *pdf, struct qs_err *err);
void qs_pdf_free(struct qs_pdf **pdf);
/* Pages written so far. */
unsigned qs_pdf_pages(const struct qs_pdf *pdf);

#endif
