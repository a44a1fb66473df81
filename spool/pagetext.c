/*
 * spool/pagetext.c - page to plain text (see pagetext.h).
 */
#include "spool/pagetext.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#define WIDE_TAIL 0xFFFFFFFFu      /* second position of a wide character */

static void utf8(struct qs_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    qs_buf_add(b, u, n);
}

int qs_page_text(const struct qs_page *pg, struct qs_buf *out)
{
    unsigned L = pg->length, W = pg->width;
    unsigned maxline = 0;
    for (size_t r = 0; r < pg->nruns; r++)
        if (pg->runs[r].line > maxline)
            maxline = pg->runs[r].line;
    if (maxline > L)
        L = maxline;
    uint32_t *grid = NULL;
    if (L && W) {
        grid = malloc((size_t)L * W * sizeof *grid);
        if (!grid) {
            errno = ENOMEM;
            return -1;
        }
        for (size_t i = 0; i < (size_t)L * W; i++)
            grid[i] = ' ';
    }
    unsigned last = 0;
    for (size_t r = 0; r < pg->nruns; r++) {
        const struct qs_page_run *run = &pg->runs[r];
        if (run->line < 1)
            continue;
        uint32_t *row = grid + (size_t)(run->line - 1) * W;
        unsigned col = run->col;
        for (unsigned i = 0; i < run->len; i++) {
            uint32_t cp = pg->text[run->off + i];
            unsigned w = qs_cp_width(cp);
            if (col >= 1 && col + w - 1 <= W && cp != ' ' &&
                (row[col - 1] == ' ' || row[col - 1] == WIDE_TAIL || w == 1)) {
                if (row[col - 1] == ' ' || w == 2) {
                    row[col - 1] = cp;
                    if (w == 2)
                        row[col] = WIDE_TAIL;
                }
                if (run->line > last)
                    last = run->line;
            }
            col += w;
        }
    }
    int rc = 0;
    for (unsigned l = 1; l <= last && rc == 0; l++) {
        uint32_t *row = grid + (size_t)(l - 1) * W;
        unsigned end = W;
        while (end > 0 && row[end - 1] == ' ')
            end--;
        for (unsigned c = 0; c < end; c++)
            if (row[c] != WIDE_TAIL)
                utf8(out, row[c]);
        rc = qs_buf_addc(out, '\n');
    }
    if (rc == 0)
        rc = qs_buf_addc(out, '\f');
    free(grid);
    return rc;
}

int qs_page_text_emit(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    if (qs_page_text(pg, ctx) < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    return 0;
}
