/*
 * tests/fuzz/spool/fuzz_fcfc.c - the *FCFC interpreter on arbitrary bytes (ASCII and EBCDIC),
 * rendered through the page-text emitter and the PDF writer's content
 * builder (via a page count only, to stay fast).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "spool/pagetext.h"
#include "spool/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct qs_render_opts o;
    struct qs_render r;
    struct qs_err err = QS_ERR_INIT;
    struct qs_buf text;
    qs_render_opts_default(&o);
    o.ctlchar = QS_CTL_FCFC;
    o.ccsid = 1208;
    if (size > 0) {                       /* ASCII, EBCDIC, PC DBCS, mixed EBCDIC */
        static const int cc[] = { 1208, 37, 943, 939, 1252, 1200 };
        o.ccsid = cc[data[0] % 6];
    }
    if (size > 0) {                       /* first byte picks a page shape */
        o.page_len = 1 + data[0] % 80;
        o.page_width = 1 + (data[0] * 7u) % QS_SPOOL_MAX_PAGE_WIDTH;
        o.overflow = 0;
        o.chlval[2] = 1 + data[0] % o.page_len;
        o.chlval[12] = o.page_len;
        data++;
        size--;
    }
    qs_buf_init(&text, 64u << 20);
    if (qs_render_init(&r, &o, qs_page_text_emit, &text, &err) == 0) {
        if (qs_render_data(&r, data, size) != 0)
            abort();
        qs_render_free(&r);
    }
    qs_buf_free(&text);
    qs_err_clear(&err);
    return 0;
}
