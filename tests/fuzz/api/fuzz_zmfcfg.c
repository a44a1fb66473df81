/*
 * tests/fuzz/api/fuzz_zmfcfg.c - the MSF type configuration: the store file
 * parser (bytes from disk) and the ADDC0100/DLTC0100 field check (bytes
 * from an API caller).  Neither may read past its input; a parsed type must
 * pass the same check the API applies.
 */
#include "api/zmfcfg.h"
#include "qsys/base/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 14) {
        char *f = malloc(14);
        if (f) {
            memcpy(f, data, 14);
            (void)qs_zmfcfg_check(f, f + 2, f + 6);
            free(f);
        }
    }
    char *p = malloc(size ? size : 1);
    if (!p)
        return 0;
    memcpy(p, data, size);
    struct qs_zmfcfg_type *v;
    size_t n;
    struct qs_err err = QS_ERR_INIT;
    if (qs_zmfcfg_parse(p, size, &v, &n, &err) == 0) {
        for (size_t i = 0; i < n; i++)
            if (qs_zmfcfg_check(v[i].group, v[i].value, v[i].name) != 0)
                abort();
        free(v);
    }
    qs_err_clear(&err);
    free(p);
    return 0;
}
