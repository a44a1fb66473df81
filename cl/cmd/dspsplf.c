/*
 * cl/cmd/dspsplf.c - DSPSPLF: show a spooled file's pages as text.
 *
 * The print data is rendered with the file's own attributes (CTLCHAR,
 * PAGESIZE, CCSID); each page is headed by its number, so a report reads as
 * it would print.  Rendering diagnostics (bad controls) follow the text.
 */
#include <errno.h>

#include "splfcmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/limits.h"
#include "spool/pagetext.h"

static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
};

struct show {
    FILE         *out;
    struct qs_buf page;
};

static int show_page(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    struct show *s = ctx;
    qs_buf_reset(&s->page);
    if (qs_page_text(pg, &s->page) < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    fprintf(s->out, "--- page %u ---\n", pg->number);
    /* drop the form feed that ends the page text */
    fwrite(s->page.data, 1, s->page.len ? s->page.len - 1 : 0, s->out);
    return 0;
}

static int dspsplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_splf_attr a;
    if (splfcmd_get(c, &a, err) < 0)
        return -1;
    fprintf(c->out, "File: %s  Number: %d  Job: %s/%s/%s  Pages: %u  Status: %s\n",
            a.file, a.number, a.jobnbr, a.user, a.job, a.pages, a.status);
    struct show s = { c->out, { 0 } };
    struct qs_buf diags;
    qs_buf_init(&s.page, QS_MAX_TEXT_FILE);
    qs_buf_init(&diags, 64u * 1024);
    int rc = qs_splf_render(&a, show_page, &s, &diags, err);
    if (rc == 0 && diags.len)
        fprintf(c->out, "--- rendering diagnostics ---\n%s", diags.data);
    qs_buf_free(&s.page);
    qs_buf_free(&diags);
    return rc;
}

QS_CL_COMMAND(dspsplf) = { .name = "DSPSPLF", .text = "Display Spooled File", QS_CL_PARMS(parms),
                           .run = dspsplf_run };
