/* Fuzz the strict header reader (qs_mime_validate, field iteration, unfold)
 * and check what it reports holds: fields lie inside the header section. */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/mime/mime.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *msg = (const char *)data;
    struct qs_err err = QS_ERR_INIT;
    struct qs_mime_info info;
    if (qs_mime_validate(msg, size, &info, &err) == 0) {
        if (info.hdr_len > size || info.body_off > size)
            abort();
        size_t pos = 0;
        struct qs_mime_field f;
        struct qs_buf u;
        qs_buf_init(&u, 1 << 20);
        size_t n = 0;
        while (qs_mime_field_next(msg, info.hdr_len, &pos, &f, &err) == 1) {
            if (f.name < msg || f.value + f.value_len > msg + info.hdr_len || !f.name_len)
                abort();
            qs_buf_reset(&u);
            qs_mime_unfold(&u, f.value, f.value_len);
            if (memchr(u.data ? u.data : "", '\n', u.len))
                abort();
            n++;
        }
        if (n != info.nfields)
            abort();
        qs_buf_free(&u);
    }
    qs_err_clear(&err);
    return 0;
}
