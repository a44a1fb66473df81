/*
 * spool/page.c - the render state shared by the *FCFC, SCS and plain-text
 * interpreters: current position, page breaks, clipping, diagnostics.
 *
 * Position model: `line` is the line the next text lands on (0 before the
 * first movement of a page), `col` the print position.  A page is emitted
 * when something ends it (eject, movement past its length, end of input) and
 * it was touched; an untouched page is never emitted, so a form feed at the
 * very start or two skips in a row make no empty pages.
 */
#include "spool/page.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/err.h"

void qs_render_opts_default(struct qs_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->page_len = 66;
    o->page_width = 132;
    o->overflow = 60;
    o->lpi10 = 60;
    o->cpi10 = 100;
    o->chlval[1] = 1;
    o->ccsid = 37;
    o->ctlchar = QS_CTL_NONE;
}

static int bad_opt(struct qs_err *err, const char *what, unsigned v)
{
    char msg[96];
    snprintf(msg, sizeof msg, "Value %u for %s is not valid", v, what);
    return qs_err_set(err, "CPF9897", msg, (const char *)NULL);
}

int qs_render_opts_check(const struct qs_render_opts *o, struct qs_err *err)
{
    if (o->page_len < 1 || o->page_len > QS_SPOOL_MAX_PAGE_LEN)
        return bad_opt(err, "page length", o->page_len);
    if (o->page_width < 1 || o->page_width > QS_SPOOL_MAX_PAGE_WIDTH)
        return bad_opt(err, "page width", o->page_width);
    if (o->overflow > o->page_len)
        return bad_opt(err, "overflow line", o->overflow);
    if (o->lpi10 < 10 || o->lpi10 > 240)
        return bad_opt(err, "lines per inch (tenths)", o->lpi10);
    if (o->cpi10 < 10 || o->cpi10 > 300)
        return bad_opt(err, "characters per inch (tenths)", o->cpi10);
    for (unsigned c = 1; c <= QS_SPOOL_CHANNELS; c++)
        if (o->chlval[c] > o->page_len)
            return bad_opt(err, "channel line", o->chlval[c]);
    return 0;
}

static void page_start(struct qs_render *r)
{
    struct qs_page *pg = &r->page;
    pg->number = r->pages + 1;
    pg->length = r->opts.page_len;
    pg->width = r->opts.page_width;
    pg->lpi10 = r->opts.lpi10;
    pg->cpi10 = r->opts.cpi10;
    pg->nruns = 0;
    pg->ntext = 0;
    r->line = 0;
    r->col = 1;
    r->touched = 0;
}

int qs_render_init(struct qs_render *r, const struct qs_render_opts *o,
                   qs_page_emit_fn *emit, void *ctx, struct qs_err *err)
{
    memset(r, 0, sizeof *r);
    if (qs_render_opts_check(o, err) < 0)
        return -1;
    if (qs_textdec_init(&r->dec, o->ccsid, err) < 0)
        return -1;
    r->opts = *o;
    r->emit = emit;
    r->emit_ctx = ctx;
    r->err = err;
    qs_buf_init(&r->diags, 64u * 1024);
    page_start(r);
    return 0;
}

void qs_render_free(struct qs_render *r)
{
    free(r->page.runs);
    free(r->page.text);
    r->page.runs = NULL;
    r->page.text = NULL;
    qs_buf_free(&r->diags);
    qs_textdec_free(&r->dec);
}

void qs_render_diag(struct qs_render *r, size_t off, const char *fmt, ...)
{
    r->ndiags++;
    if (r->ndiags > QS_SPOOL_MAX_DIAGS)
        return;
    va_list ap;
    qs_buf_addf(&r->diags, "offset %zu: ", off);
    va_start(ap, fmt);
    qs_buf_vaddf(&r->diags, fmt, ap);
    va_end(ap);
    qs_buf_addc(&r->diags, '\n');
    if (r->ndiags == QS_SPOOL_MAX_DIAGS)
        qs_buf_adds(&r->diags, "(further diagnostics suppressed)\n");
}

static int emit_page(struct qs_render *r)
{
    if (r->failed)
        return -1;
    if (r->emit && r->emit(r->emit_ctx, &r->page, r->err) < 0) {
        r->failed = 1;
        return -1;
    }
    r->pages++;
    return 0;
}

int qs_render_eject(struct qs_render *r, unsigned l)
{
    if (r->touched && emit_page(r) < 0)
        return -1;
    page_start(r);
    if (l > r->opts.page_len)
        l = r->opts.page_len;
    r->line = l;
    r->touched = l > 1;
    return 0;
}

int qs_render_down(struct qs_render *r, unsigned n)
{
    unsigned target = r->line + n;
    r->touched = 1;
    if (target <= r->opts.page_len) {
        r->line = target;
        return 0;
    }
    /* continuous forms: the spacing carries on to the next page */
    unsigned rest = target - r->opts.page_len;
    unsigned col = r->col;
    if (qs_render_eject(r, rest < 1 ? 1 : rest) < 0)
        return -1;
    r->touched = 1;
    r->col = col;
    return 0;
}

int qs_render_skip_to(struct qs_render *r, unsigned l, int eject_if_equal)
{
    if (l < 1)
        l = 1;
    if (l > r->opts.page_len)
        l = r->opts.page_len;
    if (l > r->line || (l == r->line && !eject_if_equal)) {
        r->line = l;
        r->touched = 1;
        return 0;
    }
    if (qs_render_eject(r, l) < 0)
        return -1;
    r->touched = 1;
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

unsigned qs_cp_width(uint32_t cp)
{
    if (cp < 0x1100)
        return 1;
    if ((cp <= 0x115F) ||
        (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xA000 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

int qs_render_put(struct qs_render *r, const uint32_t *cp, size_t n, size_t at)
{
    struct qs_page *pg = &r->page;
    if (n == 0)
        return 0;
    if (r->line == 0)
        r->line = 1;
    r->touched = 1;
    /* keep what fits; wide characters must fit whole */
    size_t keep = 0;
    unsigned col = r->col;
    while (keep < n) {
        unsigned w = QS_CP_WIDTH(cp[keep]);
        if (col + w - 1 > r->opts.page_width)
            break;
        col += w;
        keep++;
    }
    if (keep < n)
        qs_render_diag(r, at, "line %u: text past print position %u clipped",
                       r->line, r->opts.page_width);
    if (keep == 0) {
        r->col = col;
        return 0;
    }
    /* extend the previous run when this text continues it */
    struct qs_page_run *last = pg->nruns ? &pg->runs[pg->nruns - 1] : NULL;
    int extend = last && last->line == r->line && last->off + last->len == pg->ntext;
    if (extend)
        extend = last->col + last->cols == r->col;
    if (grow((void **)&pg->text, &pg->text_cap, pg->ntext + keep, sizeof *pg->text) < 0 ||
        (!extend && grow((void **)&pg->runs, &pg->runs_cap, pg->nruns + 1, sizeof *pg->runs) < 0)) {
        r->failed = 1;
        return qs_err_sys(r->err, ENOMEM);
    }
    memcpy(pg->text + pg->ntext, cp, keep * sizeof *cp);
    if (extend) {
        last->len += (unsigned)keep;
        last->cols += col - r->col;
    } else {
        struct qs_page_run *run = &pg->runs[pg->nruns++];
        run->line = r->line;
        run->col = r->col;
        run->off = (unsigned)pg->ntext;
        run->len = (unsigned)keep;
        run->cols = col - r->col;
    }
    pg->ntext += keep;
    r->col = col;
    return 0;
}

int qs_render_finish(struct qs_render *r)
{
    if (r->failed)
        return -1;
    if (r->touched && emit_page(r) < 0)
        return -1;
    page_start(r);
    return 0;
}
