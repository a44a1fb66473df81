/*
 * tests/fuzz/spool/fuzz_lpd.c - the LPD state machine on arbitrary bytes,
 * fed in slices whose sizes come from the input, delivering to a sink that
 * checks what it is handed and refuses every third file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/buf.h"
#include "spool/lpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned nfiles;

static int sink(void *arg, const struct qs_lpd_file *f)
{
    (void)arg;
    if (f->len > QS_LPD_FILE_MAX || strlen(f->outq) > 10 || strlen(f->outqlib) > 10 ||
        strlen(f->user) > 10 || strlen(f->title) > 100)
        abort();
    volatile char c = f->len ? f->data[f->len - 1] : 0;   /* the bytes are readable */
    (void)c;
    return ++nfiles % 3 == 0 ? -1 : 0;
}

static int outq_ok(void *arg, const char *lib, const char *name)
{
    (void)arg;
    (void)lib;
    return name[0] != 'X';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct qs_lpd *l = qs_lpd_new(sink, outq_ok, NULL);
    struct qs_buf in, out;
    if (!l)
        return 0;
    qs_buf_init(&in, 1u << 20);
    qs_buf_init(&out, 1u << 20);
    size_t slice = size ? (size_t)data[0] % 17 + 1 : 1;
    for (size_t at = 0; at < size; at += slice) {
        size_t n = size - at < slice ? size - at : slice;
        if (qs_buf_add(&in, data + at, n) < 0)
            break;
        long used = qs_lpd_input(l, in.data, in.len, &out);
        if (used < 0)
            break;
        if ((size_t)used > in.len)
            abort();
        qs_buf_consume(&in, (size_t)used);
        qs_buf_reset(&out);
    }
    qs_buf_free(&in);
    qs_buf_free(&out);
    qs_lpd_free(&l);
    return 0;
}
