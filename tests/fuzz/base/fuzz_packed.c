/* tests/fuzz/base/fuzz_packed.c - packed/zoned readers on arbitrary bytes.
 * Byte 0 picks digits and scale; the rest is packed data, zoned data and
 * decimal text.  Every successful parse must survive a round trip. */
#include "qsys/base/packed.h"
#include "qsys/base/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int digits = data[0] % 63 + 1;
    int scale = data[1] % (digits + 1);
    data += 2;
    size -= 2;
    struct qs_err e = QS_ERR_INIT;
    unsigned char p[QS_PACKED_LEN(QS_DEC_MAX_DIGITS)], p2[sizeof p], z[QS_DEC_MAX_DIGITS];
    char t[QS_DEC_MAX_DIGITS + 4], t2[sizeof t];
    long long v;
    if (size >= QS_PACKED_LEN(digits)) {
        if (qs_packed_to_text(data, digits, scale, t, sizeof t, &e) == 0) {
            if (qs_packed_from_text(p2, digits, scale, t, strlen(t), &e) != 0)
                abort();
            if (qs_packed_to_text(p2, digits, scale, t2, sizeof t2, &e) != 0 || strcmp(t, t2))
                abort();
        }
        qs_err_clear(&e);
        if (qs_packed_to_ll(data, digits, &v, &e) == 0) {
            if (qs_packed_from_ll(p, digits, v, &e) != 0)
                abort();
        }
        qs_err_clear(&e);
    }
    if (size >= (size_t)digits) {
        if (qs_zoned_to_ll(data, digits, &v, &e) == 0 && qs_zoned_from_ll(z, digits, v, &e) != 0)
            abort();
        qs_err_clear(&e);
    }
    if (qs_packed_from_text(p, digits, scale, (const char *)data, size, &e) == 0) {
        if (qs_packed_to_text(p, digits, scale, t, sizeof t, &e) != 0)
            abort();
        if (qs_zoned_from_text(z, digits, scale, t, strlen(t), &e) != 0 ||
            qs_zoned_to_text(z, digits, scale, t2, sizeof t2, &e) != 0 || strcmp(t, t2))
            abort();
    }
    qs_err_clear(&e);
    return 0;
}
