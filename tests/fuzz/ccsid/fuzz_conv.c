/*
 * fuzz_conv.c - random bytes through every converter.
 *
 * Input: byte 0 picks the source CCSID, byte 1 the target (indexes into the
 * registry), byte 2 the flags and the output window, the rest is data.
 * Checks: no crash or sanitizer report; the streaming result with a small
 * output window equals the one-shot result; and where the mapping is
 * one-to-one (source text that converts to UTF-16 and back unchanged in
 * strict mode) the round trip gives the input back.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"

static size_t run(int to, int from, unsigned flags, const uint8_t *in, size_t n, uint8_t *out,
                  size_t cap, size_t win, int *err_r)
{
    struct qs_conv *cd;
    *err_r = 0;
    if (qs_conv_open(&cd, to, from, flags, NULL) != 0)
        abort();
    const char *ip = (const char *)in;
    size_t il = n, total = 0;
    for (;;) {
        char *op = (char *)out + total;
        size_t room = win < cap - total ? win : cap - total, r0 = room;
        const char *ip0 = ip;
        size_t r = qs_conv(cd, &ip, &il, &op, &room);
        total += r0 - room;
        if (r != (size_t)-1)
            break;
        if (errno != E2BIG) {
            *err_r = errno;
            break;
        }
        if (ip == ip0 && r0 == room) {
            if (win >= cap - total)
                abort();   /* no progress with all the room there is */
            win++;
        }
    }
    if (!*err_r) {
        char *op = (char *)out + total;
        size_t room = cap - total;
        if (qs_conv(cd, NULL, NULL, &op, &room) == (size_t)-1)
            abort();
        total = cap - room;
    }
    qs_conv_free(&cd);
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    size_t nreg = qs_ccsid_count();
    struct qs_ccsid_info fi, ti;
    qs_ccsid_at(data[0] % nreg, &fi);
    qs_ccsid_at(data[1] % nreg, &ti);
    static const unsigned fl[] = { QS_CONV_STRICT, QS_CONV_SUBST, QS_CONV_DROP,
                                   QS_CONV_SUBST | QS_CONV_TEXT, QS_CONV_NULSTOP };
    unsigned flags = fl[data[2] % 5];
    size_t win = 1 + data[2] / 5;
    const uint8_t *in = data + 3;
    size_t n = size - 3;
    size_t cap = n * 8 + 64;
    uint8_t *a = malloc(cap), *b = malloc(cap), *c = malloc(cap);
    int ea, eb;
    size_t an = run(ti.ccsid, fi.ccsid, flags, in, n, a, cap, cap, &ea);
    size_t bn = run(ti.ccsid, fi.ccsid, flags, in, n, b, cap, win, &eb);
    if (ea != eb || (!ea && (an != bn || memcmp(a, b, an) != 0)))
        abort();
    /* one-to-one round trip through UTF-16 */
    int e1, e2;
    size_t un = run(1200, fi.ccsid, QS_CONV_STRICT, in, n, a, cap, cap, &e1);
    if (!e1 && fi.kind != QS_CK_NONE) {
        size_t rn = run(fi.ccsid, 1200, QS_CONV_STRICT, a, un, c, cap, cap, &e2);
        /* Unicode forms, and SBCS bytes, come back unchanged; mixed EBCDIC
         * may drop redundant SO/SI, so it is only required to convert */
        if (!e2 && (fi.kind != QS_CK_MIXED && fi.kind != QS_CK_MBCS) &&
            (rn != n || memcmp(c, in, n) != 0)) {
            /* SBCS with two bytes for one code point (fallbacks) may differ */
            if (fi.kind != QS_CK_SBCS)
                abort();
        }
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
