/*
 * spool/page.h - the page model every spool interpreter renders into.
 *
 * A render turns spooled print data (*FCFC records, SCS, plain text) into a
 * sequence of pages.  A page is a list of runs: code points placed at a line
 * (1-based) and a print position (column, 1-based).  Overprinting (FCFC '+',
 * SCS CR/BS) is simply a second run on the same line.  The render holds one
 * page at a time and hands each finished page to an emit callback (the PDF
 * writer, a text dump, a page counter), so memory stays flat for any length.
 *
 * Invariants: every run lies within 1..length lines and 1..width columns
 * (text past the width is clipped with a diagnostic, never stored); the
 * text pool holds only printable code points (controls became blanks);
 * diagnostics name the byte offset of the input that caused them.
 */
#ifndef QS_SPOOL_PAGE_H
#define QS_SPOOL_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "qsys/base/buf.h"
#include "spool/textdec.h"

struct qs_err;

#define QS_SPOOL_MAX_PAGE_LEN    255u   /* lines; SVF takes one byte        */
#define QS_SPOOL_MAX_PAGE_WIDTH  378u   /* columns; CRTPRTF PAGESIZE width  */
#define QS_SPOOL_MAX_DIAGS       100u   /* diagnostics kept per render      */
#define QS_SPOOL_CHANNELS        12u

enum qs_ctlchar { QS_CTL_NONE, QS_CTL_FCFC, QS_CTL_SCS };

/* Printer-file attributes that shape a render (CRTPRTF PAGESIZE/LPI/CPI/
 * OVRFLW/CHLVAL); qs_render_opts_default() gives PAGESIZE(66 132), LPI(6),
 * CPI(10), OVRFLW(60), CHLVAL(*NORMAL), CCSID 37. */
struct qs_render_opts {
    unsigned        page_len;            /* lines per page                  */
    unsigned        page_width;          /* print positions per line        */
    unsigned        overflow;            /* overflow line (0: none)         */
    unsigned        lpi10, cpi10;        /* lines / characters per inch ×10 */
    unsigned        chlval[QS_SPOOL_CHANNELS + 1]; /* channel → line, 0 = unset */
    int             ccsid;               /* of the print data               */
    enum qs_ctlchar ctlchar;
};

struct qs_page_run {
    unsigned line, col;       /* 1-based                                   */
    unsigned off, len;        /* code points in page->text                 */
    unsigned cols;            /* print positions the run covers            */
};

struct qs_page {
    unsigned            number;          /* 1-based                         */
    unsigned            length, width;   /* lines, columns                  */
    unsigned            lpi10, cpi10;
    struct qs_page_run *runs;
    size_t              nruns, runs_cap;
    uint32_t           *text;
    size_t              ntext, text_cap;
};

typedef int qs_page_emit_fn(void *ctx, const struct qs_page *pg, struct qs_err *err);

/* The state of one render (one spooled file).  Interpreters drive it with
 * qs_render_* below; the fields are theirs to read. */
struct qs_render {
    struct qs_render_opts opts;
    struct qs_page   page;
    qs_page_emit_fn *emit;
    void            *emit_ctx;
    struct qs_textdec dec;
    unsigned         line, col;          /* current position; line 0 = before the first */
    int              touched;            /* current page moved or printed on */
    unsigned         pages;              /* pages emitted                   */
    int              failed;             /* emit failed: stop feeding       */
    struct qs_buf    diags;              /* "offset N: text\n" lines        */
    unsigned         ndiags;             /* all, including those not kept  */
    struct qs_err   *err;                /* where a failed emit reported    */
};

void qs_render_opts_default(struct qs_render_opts *o);
/* Check and clamp opts (page size 1..max, channels within the page).
 * 0, or -1 with CPF9897 naming the bad value. */
int  qs_render_opts_check(const struct qs_render_opts *o, struct qs_err *err);

int  qs_render_init(struct qs_render *r, const struct qs_render_opts *o,
                    qs_page_emit_fn *emit, void *ctx, struct qs_err *err);
void qs_render_free(struct qs_render *r);

/* Put code points at the current position, advancing the column by each one's
 * width; clipped at the page width (one diagnostic per line). */
int  qs_render_put(struct qs_render *r, const uint32_t *cp, size_t n, size_t at);
/* Move down n lines (n may be 0); past the page length continues on the next
 * form at the corresponding line.  Column is left alone. */
int  qs_render_down(struct qs_render *r, unsigned n);
/* Go to line l (1-based) at or below the current one; a line above (or equal
 * when `eject_if_equal`) means the next page. */
int  qs_render_skip_to(struct qs_render *r, unsigned l, int eject_if_equal);
/* End the page (if it holds anything or was moved on) and start a new one at
 * line `l`. */
int  qs_render_eject(struct qs_render *r, unsigned l);
/* Emit the last page; call once at the end of input.  0 or -1. */
int  qs_render_finish(struct qs_render *r);
/* Record a diagnostic about input byte `off`. */
void qs_render_diag(struct qs_render *r, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Print positions a code point takes: 2 for East Asian wide, else 1. */
unsigned qs_cp_width(uint32_t cp);
#define QS_CP_WIDTH(cp) ((cp) < 0x1100 ? 1u : qs_cp_width(cp))

#endif
