/* tests/fuzz/qsys/fuzz_objfile.c - the object file decoder and the job log
 * record parser on arbitrary bytes (both read files a crash or another
 * process may have left in any state).  A decoded object must re-encode to
 * something that decodes to the same description. */
#include "qsys/obj/obj.h"
#include "qsys/job/joblog.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct qs_objdesc *d = calloc(1, sizeof *d), *d2 = calloc(1, sizeof *d2);
    if (!d || !d2)
        abort();
    size_t off;
    if (qs_obj_decode((const char *)data, size, d, &off, NULL) == 0) {
        if (off > size || size - off != d->size)
            abort();
        struct qs_buf b;
        qs_buf_init(&b, size + 65536);
        if (qs_obj_encode(d, data + off, d->size, &b, NULL) != 0)
            abort();
        size_t off2;
        if (qs_obj_decode(b.data, b.len, d2, &off2, NULL) != 0 || d2->size != d->size ||
            strcmp(d2->owner, d->owner) || d2->nprv != d->nprv || d2->pubaut != d->pubaut)
            abort();
        qs_buf_free(&b);
    }
    struct qs_jobmsg m;
    if (qs_joblog_parse((const char *)data, size, &m) == 0)
        qs_jobmsg_free(&m);
    free(d);
    free(d2);
    return 0;
}
