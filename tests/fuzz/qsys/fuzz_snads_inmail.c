/*
 * tests/fuzz/qsys/fuzz_snads_inmail.c - the MIME walk that turns Internet
 * mail into distributions (qs_snads_inmail_parse): any bytes, copied to a
 * block of exactly their size so ASan sees a read past the end.
 */
#include "qsys/snads/inbound.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *m = malloc(size ? size : 1);
    if (!m)
        return 0;
    memcpy(m, data, size);
    struct qs_snads_inmail r;
    if (qs_snads_inmail_parse(m, size, "e@example.org", &r) == 0)
        qs_snads_inmail_free(&r);
    free(m);
    return 0;
}
