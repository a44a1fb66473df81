/*
 * tests/fuzz/api/fuzz_zmf_desc.c - the QZMF message descriptor parser.
 *
 * Input: byte 0 = number of attribute entries (mod 5); then per entry 10
 * bytes: format index (mod 9; 8 = unknown), reserved (0 or not), offset
 * (u32 LE) and length (u32 LE) into the region; the rest is the region,
 * copied to a block of exactly its size so ASan sees any read past it.  The
 * harness keeps the caller's promise (ptr + len inside the region); the
 * parser must never read outside [ptr, ptr + len).
 */
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/base/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const fmts[9] = {
    "ORGL0100", "ENVL0100", "RCPL0100", "ROAL0100", "RTAL0100",
    "RPYL0100", "ORCL0100", "ATTL0100", "XXXX0100"
};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n = data[0] % 5, hdr = 1 + n * 10;
    if (size < hdr)
        return 0;
    size_t rlen = size - hdr;
    char *region = malloc(rlen ? rlen : 1);
    if (!region)
        return 0;
    memcpy(region, data + hdr, rlen);
    struct qs_zmf_attr attrs[4];
    memset(attrs, 0, sizeof attrs);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *a = data + 1 + i * 10;
        memcpy(attrs[i].format, fmts[a[0] % 9], 8);
        attrs[i].reserved = a[1] & 1;
        size_t off = le32(a + 2) % (rlen + 1);
        size_t len = le32(a + 6);
        if (len > rlen - off)
            len = rlen - off;
        attrs[i].desc.ptr = region + off;
        attrs[i].len = (int32_t)len;
    }
    struct qs_zmf_parsed p;
    struct qs_err err = QS_ERR_INIT;
    if (qs_zmf_parse(attrs, (long)n, &p, &err) == 0) {
        size_t sum = 0;
        for (size_t i = 0; i < p.n; i++) {     /* touch what it returned */
            for (size_t k = 0; k < p.v[i].len; k++)
                sum += (unsigned char)p.v[i].data[k];
            for (size_t k = 0; k < p.v[i].spin_len; k++)
                sum += (unsigned char)p.v[i].spin[k];
        }
        (void)sum;
        qs_zmf_parsed_free(&p);
    }
    qs_err_clear(&err);
    free(region);
    return 0;
}
