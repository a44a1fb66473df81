/* Fuzz the lenient received-message reader and the filter evaluation built
 * on it (qsys/mime/mime_walk, qsys/msf/msf_filter): no read outside the
 * input (ASan), depth within the limit, decoded names within their cap. */
#include "qsys/base/buf.h"
#include "qsys/mime/mime_walk.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf_filter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int check(const struct qs_mime_part *p, void *arg)
{
    (void)arg;
    if (p->depth > QS_MAX_MIME_DEPTH || !p->type || !strchr(p->type, '/'))
        abort();
    if (p->filename && strlen(p->filename) >= QS_MAX_MIME_TEXT)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* copy so that a read past the end hits the allocation's redzone */
    char *msg = malloc(size ? size : 1);
    if (!msg)
        return 0;
    memcpy(msg, data, size);
    qs_mime_walk(msg, size, check, NULL);
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MIME_TEXT);
    qs_mime_header_decoded(msg, size, "Subject", &b);
    qs_buf_reset(&b);
    qs_mime_param(msg, size, "filename", &b);
    qs_buf_free(&b);
    struct qs_mailftr f[] = {
        { QS_FTR_SUBJECT, (char *)"*a*b*" }, { QS_FTR_ORIGIN, (char *)"*@x" },
        { QS_FTR_FILNAME, (char *)"*.exe" }, { QS_FTR_TYPE, (char *)"zz/*" },
    };
    qs_buf_init(&b, 512);
    int hit = qs_msf_filter_check(f, 4, "a@b", msg, size, &b);
    if (hit < -1 || hit > 3)
        abort();
    qs_buf_free(&b);
    free(msg);
    return 0;
}
