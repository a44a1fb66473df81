/* libFuzzer: the DATA state machine.  The first byte picks the chunk size
 * and ALWBARELF; invariants: output never exceeds 2*input+1 per call, a clean
 * message (err == 0) never holds a bare CR, bare LF or NUL, and in strict
 * mode the end of data is always preceded by CRLF "." CRLF in the input. */
#include "qsys/smtp/smtpd_data.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    size_t chunk = (data[0] & 0x3f) + 1;
    int barelf = data[0] >> 7;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    struct qs_data d;
    qs_data_init(&d, 1u << 20, barelf);
    char *all = malloc(2 * n + 2), *tmp = malloc(2 * chunk + 1);
    if (!all || !tmp)
        abort();
    size_t pos = 0, total = 0;
    int done = 0;
    while (pos < n && !done) {
        size_t k = n - pos < chunk ? n - pos : chunk, ol;
        size_t used = qs_data_feed(&d, in + pos, k, tmp, &ol, &done);
        if (used > k || ol > 2 * k + 1 || (used == 0 && !done))
            abort();
        memcpy(all + total, tmp, ol);
        total += ol;
        pos += used;
    }
    if (d.err == 0) {
        for (size_t i = 0; i < total; i++) {
            if (all[i] == '\0') abort();
            if (all[i] == '\r' && (i + 1 >= total || all[i + 1] != '\n')) abort();
            if (all[i] == '\n' && (i == 0 || all[i - 1] != '\r')) abort();
        }
    }
    if (done && !barelf) {
        /* the consumed input ends with ".\r\n" at a line start */
        if (pos < 3 || memcmp(in + pos - 3, ".\r\n", 3) != 0) abort();
        if (pos > 3 && (pos < 5 || memcmp(in + pos - 5, "\r\n", 2) != 0)) abort();
    }
    free(all);
    free(tmp);
    return 0;
}
