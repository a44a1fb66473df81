/*
 * tests/unit/spool/spooltest.h - render print data to page text for tests.
 */
#ifndef QS_SPOOLTEST_H
#define QS_SPOOLTEST_H

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "spool/pagetext.h"
#include "spool/render.h"

struct rendered {
    struct qs_buf text;     /* pages as text, "\f" after each */
    unsigned      pages;
    unsigned      ndiags;
    char         *diags;
};

static void rendered_free(struct rendered *out)
{
    qs_buf_free(&out->text);
    free(out->diags);
    out->diags = NULL;
}

/* Render n bytes with opts (NULL: defaults with the given ctlchar/ccsid). */
static void render_with(const struct qs_render_opts *opts, const void *data, size_t n,
                        struct rendered *out)
{
    struct qs_render r;
    struct qs_err err = QS_ERR_INIT;
    qs_buf_init(&out->text, 16u * 1024 * 1024);
    assert_int_equal(qs_render_init(&r, opts, qs_page_text_emit, &out->text, &err), 0);
    /* copy to an exact-size heap block so ASan sees any over-read */
    unsigned char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, data, n);
    assert_int_equal(qs_render_data(&r, copy, n), 0);
    free(copy);
    out->pages = r.pages;
    out->ndiags = r.ndiags;
    out->diags = strdup(qs_buf_str(&r.diags));
    qs_render_free(&r);
    qs_err_clear(&err);
}

static void render(enum qs_ctlchar ctl, int ccsid, const void *data, size_t n,
                   struct rendered *out)
{
    struct qs_render_opts o;
    qs_render_opts_default(&o);
    o.ctlchar = ctl;
    o.ccsid = ccsid;
    render_with(&o, data, n, out);
}

#endif
