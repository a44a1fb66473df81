/*
 * spool/scs.c - the SCS (SNA character string) interpreter.
 *
 * Walks an EBCDIC print stream with a cursor and never reads past its end.
 * Single-byte controls (X'00'..X'3F'):
 *   NL 15, RNL/IRS 1E, NNL 06   new line (down 1, column to left margin)
 *   CR 0D   to the left margin         LF 25   down 1, same column
 *   FF 0C, RFF 3A   new page at the top margin
 *   VT 0B   to the next vertical tab stop (SVF), else as LF
 *   HT 05   to the next horizontal tab stop (SHF), else one position
 *   BS 16   back one position          SO 0E / SI 0F  DBCS shift (one blank
 *   position each; the pairs between are decoded through the file's mixed
 *   CCSID, e.g. 930/939 Japanese, and take two positions)
 *   TRN 35 nn <nn bytes>   transparent: the bytes print as characters
 *   VCS 04 vv   skipped              SUB 3F   prints as a blank
 *   IGS 1D, IUS 1F   print a blank
 *   NUL 00, BEL 2F, ENP 14, INP 24, EM 19, SPS 09, SBS 38, RPT 0A, WUS 23,
 *   SW 2A, 36, 3E   no effect on the text
 *   PP 34 xx nn   presentation position: C0 absolute column, C4 absolute
 *   line, C8 relative column, 4C relative line  (codes UNCONFIRMED by an IBM
 *   text; they are the ones 5250 printer emulators act on)
 * Multi-byte controls 2B cc nn … (nn counts itself and what follows):
 *   SHF 2BC1 nn MPP LM RM tabs…    page width, margins, tab stops
 *   SVF 2BC2 nn MPL TM BM tabs…    page length, margins, vertical tabs
 *   SLD 2BC6 nn ld                 line density in 1/72 inch → LPI
 *   SCG 2BD1 06 01 gcgid cpgid     code page (noted; only CP 37 decodes)
 *   SCGL 2BD1 03 81 id, BES/EES 2BD1 nn 8A/8E, SCD 2BD2 nn 29 (CPI),
 *   SSLD 2BD2 nn 15 (line spacing in 1/1440 inch, UNCONFIRMED), PPM 2BD2 nn 48,
 *   SIC 2BD2 nn 45, BUS/EUS 2BD4 nn 0A/0E, SGEA 2BC8 …  and any other 2Bxx:
 *   skipped by their length.
 * Anything else below X'40' is skipped with a diagnostic; a command cut off
 * by the end of the data ends the render with a diagnostic.  Bytes from X'40'
 * up are characters in the current code page.
 */
#include "spool/render.h"

#include <string.h>

#include "qsys/base/err.h"

#define MAX_TABS 255

struct scs {
    struct qs_render *r;
    unsigned lm, rm, tm;                 /* margins, 1-based                */
    unsigned char htab[QS_SPOOL_MAX_PAGE_WIDTH + 2]; /* 1 = tab stop at col */
    unsigned char vtab[QS_SPOOL_MAX_PAGE_LEN + 2];
    int      have_htab, have_vtab;
    int      dbcs;                       /* between SO and SI               */
    uint32_t run[512];                   /* characters waiting to be put    */
    size_t   nrun, run_at;
};

static int flush(struct scs *s)
{
    /* blanks at either end only move the position: a run is what prints */
    size_t a = 0, b = s->nrun;
    while (a < b && s->run[a] == ' ')
        a++;
    while (b > a && s->run[b - 1] == ' ')
        b--;
    s->r->col += (unsigned)a;
    int rc = 0;
    if (b > a)
        rc = qs_render_put(s->r, s->run + a, b - a, s->run_at);
    if (s->r->col <= QS_SPOOL_MAX_PAGE_WIDTH + 1)
        s->r->col += (unsigned)(s->nrun - b);
    s->nrun = 0;
    return rc;
}

static int addc(struct scs *s, uint32_t cp, size_t at)
{
    if (s->nrun == sizeof s->run / sizeof s->run[0] && flush(s) < 0)
        return -1;
    if (s->nrun == 0)
        s->run_at = at;
    s->run[s->nrun++] = cp;
    return 0;
}

static int new_line(struct scs *s)
{
    if (flush(s) < 0 || qs_render_down(s->r, 1) < 0)
        return -1;
    s->r->col = s->lm;
    return 0;
}

static int form_feed(struct scs *s)
{
    if (flush(s) < 0 || qs_render_eject(s->r, s->tm > 1 ? s->tm : 0) < 0)
        return -1;
    s->r->col = s->lm;
    return 0;
}

static void set_col(struct scs *s, unsigned c)
{
    if (c < 1)
        c = 1;
    if (c > s->r->opts.page_width + 1)
        c = s->r->opts.page_width + 1;
    s->r->col = c;
}

static void shf(struct scs *s, const unsigned char *a, size_t na, size_t at)
{
    struct qs_render *r = s->r;
    if (na >= 1 && a[0] != 0) {
        unsigned mpp = a[0];
        if (mpp > QS_SPOOL_MAX_PAGE_WIDTH)
            mpp = QS_SPOOL_MAX_PAGE_WIDTH;
        r->opts.page_width = mpp;
        r->page.width = mpp;
    }
    s->lm = 1;
    s->rm = r->opts.page_width;
    if (na >= 2 && a[1] != 0) {
        if (a[1] <= r->opts.page_width)
            s->lm = a[1];
        else
            qs_render_diag(r, at, "SHF left margin %u past maximum print position %u",
                           a[1], r->opts.page_width);
    }
    if (na >= 3 && a[2] != 0 && a[2] >= s->lm && a[2] <= r->opts.page_width)
        s->rm = a[2];
    memset(s->htab, 0, sizeof s->htab);
    s->have_htab = 0;
    for (size_t i = 3; i < na; i++) {
        if (a[i] != 0 && a[i] >= s->lm && a[i] <= r->opts.page_width) {
            s->htab[a[i]] = 1;
            s->have_htab = 1;
        }
    }
}

static void svf(struct scs *s, const unsigned char *a, size_t na, size_t at)
{
    struct qs_render *r = s->r;
    if (na >= 1 && a[0] != 0) {
        r->opts.page_len = a[0];
        r->page.length = a[0];
        if (r->line > a[0])
            r->line = a[0];
    }
    s->tm = 1;
    if (na >= 2 && a[1] != 0) {
        if (a[1] <= r->opts.page_len)
            s->tm = a[1];
        else
            qs_render_diag(r, at, "SVF top margin %u past maximum print line %u",
                           a[1], r->opts.page_len);
    }
    memset(s->vtab, 0, sizeof s->vtab);
    s->have_vtab = 0;
    for (size_t i = 3; i < na; i++) {
        if (a[i] != 0 && a[i] <= r->opts.page_len) {
            s->vtab[a[i]] = 1;
            s->have_vtab = 1;
        }
    }
}

/* A 2Bxx command: p points at X'2B', `len` = 2 + nn bytes, all present. */
static int cmd_2b(struct scs *s, const unsigned char *p, size_t len, size_t at)
{
    struct qs_render *r = s->r;
    const unsigned char *a = p + 3;      /* parameters after the count     */
    size_t na = len - 3;
    if (flush(s) < 0)
        return -1;
    switch (p[1]) {
    case 0xC1: shf(s, a, na, at); return 0;
    case 0xC2: svf(s, a, na, at); return 0;
    case 0xC6:                            /* SLD */
        if (na >= 1 && a[0] != 0)
            r->opts.lpi10 = r->page.lpi10 = 720u / a[0] ? 720u / a[0] : 1;
        return 0;
    case 0xD2:
        if (na >= 3 && a[0] == 0x29) {    /* SCD: characters per inch */
            unsigned v = (unsigned)a[1] << 8 | a[2];
            if (v >= 5 && v <= 30)
                r->opts.cpi10 = r->page.cpi10 = v * 10;
            else if (v > 30 && v <= 1440)  /* distance in 1/1440 inch */
                r->opts.cpi10 = r->page.cpi10 = 14400u / v;
        } else if (na >= 3 && a[0] == 0x15) { /* SSLD, 1/1440 inch */
            unsigned v = (unsigned)a[1] << 8 | a[2];
            if (v >= 60 && v <= 1440)
                r->opts.lpi10 = r->page.lpi10 = 14400u / v;
        }
        return 0;
    case 0xD1:
        if (na >= 5 && a[0] == 0x01) {    /* SCG */
            unsigned cpgid = (unsigned)a[3] << 8 | a[4];
            if (cpgid != 0 && cpgid != 0xFFFF && (int)cpgid != r->dec.ccsid)
                qs_render_diag(r, at, "SCG code page %u not loaded; text stays in CCSID %d",
                               cpgid, r->dec.ccsid);
        }
        return 0;
    default:
        return 0;                         /* SCGL, BES, EES, SIC, PPM, SGEA, … */
    }
}

static int pp(struct scs *s, unsigned char kind, unsigned v, size_t at)
{
    struct qs_render *r = s->r;
    if (flush(s) < 0)
        return -1;
    switch (kind) {
    case 0xC0: set_col(s, v); return 0;
    case 0xC8: set_col(s, r->col + v); return 0;
    case 0x4C: return qs_render_down(r, v);
    case 0xC4: {
        if (v == 0)
            v = 1;
        unsigned col = r->col;
        int rc = qs_render_skip_to(r, v, r->line != 0);
        r->col = col;
        return rc;
    }
    default:
        qs_render_diag(r, at, "presentation position X'34%02X' not known; skipped", kind);
        return 0;
    }
}

int qs_scs_render(struct qs_render *r, const unsigned char *p, size_t n)
{
    struct scs st;
    struct scs *s = &st;
    memset(s, 0, sizeof *s);
    s->r = r;
    s->lm = 1;
    s->tm = 1;
    s->rm = r->opts.page_width;
    size_t i = 0;
    int rc = 0;
    while (i < n && rc == 0 && !r->failed) {
        unsigned char c = p[i];
        if (c >= 0x40) {
            if (s->dbcs) {
                if (c == 0x40 && i + 1 < n && p[i + 1] == 0x40) {
                    rc = addc(s, ' ', i) < 0 ? -1 : addc(s, ' ', i);
                } else if (i + 1 >= n) {
                    rc = addc(s, 0xFFFD, i);
                    qs_render_diag(r, i, "DBCS character cut off by the end of the data");
                } else {
                    rc = addc(s, qs_textdec_dbcs(&r->dec, c, p[i + 1]), i);
                }
                i += 2;
            } else {
                rc = addc(s, qs_textdec_byte(&r->dec, c), i);
                i++;
            }
            continue;
        }
        size_t at = i;
        switch (c) {
        case 0x15: case 0x1E: case 0x06:
            rc = new_line(s); i++; break;
        case 0x0D:
            rc = flush(s); r->col = s->lm; i++; break;
        case 0x25:
            rc = flush(s);
            if (rc == 0)
                rc = qs_render_down(r, 1);
            i++;
            break;
        case 0x0C: case 0x3A:
            rc = form_feed(s); i++; break;
        case 0x0B: {
            rc = flush(s);
            unsigned l = r->line + 1;
            while (s->have_vtab && l <= r->opts.page_len && !s->vtab[l])
                l++;
            if (rc == 0) {
                if (s->have_vtab && l <= r->opts.page_len) {
                    unsigned col = r->col;
                    rc = qs_render_skip_to(r, l, 0);
                    r->col = col;
                } else {
                    rc = qs_render_down(r, 1);
                }
            }
            i++;
            break;
        }
        case 0x05: {
            rc = flush(s);
            unsigned col = r->col + 1;
            while (s->have_htab && col <= r->opts.page_width && !s->htab[col])
                col++;
            set_col(s, col);
            i++;
            break;
        }
        case 0x16:
            rc = flush(s);
            if (r->col > 1)
                r->col--;
            i++;
            break;
        case 0x0E: case 0x0F:
            rc = addc(s, ' ', i);
            s->dbcs = c == 0x0E;
            i++;
            break;
        case 0x1D: case 0x1F: case 0x3F:
            rc = addc(s, ' ', i); i++; break;
        case 0x00: case 0x2F: case 0x14: case 0x24: case 0x19: case 0x09:
        case 0x38: case 0x0A: case 0x23: case 0x2A: case 0x36: case 0x3E:
            i++; break;
        case 0x04:
            if (n - i < 2) {
                qs_render_diag(r, at, "VCS cut off by the end of the data");
                i = n;
            } else {
                i += 2;
            }
            break;
        case 0x35: {
            if (n - i < 2) {
                qs_render_diag(r, at, "TRN cut off by the end of the data");
                i = n;
                break;
            }
            size_t len = p[i + 1], avail = n - i - 2;
            if (len > avail) {
                qs_render_diag(r, at, "TRN of %zu bytes cut off after %zu", len, avail);
                len = avail;
            }
            for (size_t k = 0; k < len && rc == 0; k++)
                rc = addc(s, qs_textdec_byte(&r->dec, p[i + 2 + k]), i + 2 + k);
            i += 2 + len;
            break;
        }
        case 0x34:
            if (n - i < 3) {
                qs_render_diag(r, at, "presentation position cut off by the end of the data");
                i = n;
            } else {
                rc = pp(s, p[i + 1], p[i + 2], at);
                i += 3;
            }
            break;
        case 0x2B: {
            if (n - i < 3) {
                qs_render_diag(r, at, "X'2B' command cut off by the end of the data");
                i = n;
                break;
            }
            size_t nn = p[i + 2];
            if (nn < 1) {
                qs_render_diag(r, at, "X'2B%02X' command with count 0; skipped 3 bytes", p[i + 1]);
                i += 3;
                break;
            }
            if (nn > n - i - 2) {
                qs_render_diag(r, at, "X'2B%02X' command of %zu bytes cut off by the end of the data",
                               p[i + 1], nn + 2);
                i = n;
                break;
            }
            rc = cmd_2b(s, p + i, nn + 2, at);
            i += nn + 2;
            break;
        }
        default:
            qs_render_diag(r, at, "SCS control X'%02X' not known; skipped", c);
            i++;
            break;
        }
    }
    if (rc == 0)
        rc = flush(s);
    return rc < 0 || r->failed ? -1 : 0;
}
