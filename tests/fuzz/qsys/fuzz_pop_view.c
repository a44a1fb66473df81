/* tests/fuzz/qsys/fuzz_pop_view.c - the POP view (CHGPOPA MSGSPLIT and
 * MIMECCSID, qsys/pop/pop3_view.c) of an arbitrary stored message.  The
 * first byte picks the options (split size 1-4 KB or none, label or not,
 * *ALWAYS or *BESTFIT) and a slice size for the wire encoder; the rest is
 * the Maildir file.  Invariants: the items cover the file in order without
 * gaps or overlap, no part's wire form is larger than the split size, UIDs
 * are valid POP UIDs; and what RETR sends of each item (qsys/pop/pop3_wire.c,
 * fed in slices) is the same for every slice size, is CRLF lines only, and
 * without its byte-stuffing is exactly the LIST size. */
#include "qsys/pop/pop3_view.h"
#include "qsys/pop/pop3_wire.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[64];

static void rm_root(void)
{
    qs_rm_rf(root);
}

static void setup_root(void)
{
    static int done;
    if (done)
        return;
    snprintf(root, sizeof root, "/tmp/qshim-fuzzview-XXXXXX");
    if (!mkdtemp(root))
        abort();
    setenv("QSYS_ROOT", root, 1);
    atexit(rm_root);
    done = 1;
}

/* Encode n bytes in slices of `step`; returns the output (malloc'd). */
static char *encode(const char *p, size_t n, size_t step, size_t *len_r)
{
    char *out = malloc(QS_POP_ENC_ROOM(n) + 1);
    struct qs_pop_enc e;
    size_t o = 0;
    if (!out)
        abort();
    qs_pop_enc_init(&e, -1);
    for (size_t at = 0; at < n; at += step) {
        size_t k = n - at < step ? n - at : step, used;
        o += qs_pop_enc(&e, p + at, k, out + o, &used);
        if (used != k)
            abort();
    }
    *len_r = o;
    return out;
}

/* What RETR sends of item it (before ".\r\n"), checked against its size. */
static void check_wire(const char *file, const struct qs_pop_item *it, size_t step)
{
    size_t n = it->prefix_len + it->len, a, b;
    char *raw = malloc(n + 1);
    if (!raw)
        abort();
    if (it->prefix_len)
        memcpy(raw, it->prefix, it->prefix_len);
    memcpy(raw + it->prefix_len, file + it->off, it->len);
    char *w1 = encode(raw, n, n ? n : 1, &a), *w2 = encode(raw, n, step, &b);
    if (a != b || memcmp(w1, w2, a) != 0)
        abort();
    uint64_t stuffed = 0;
    for (size_t i = 0; i < a; i++) {
        if (w1[i] == '\n' && (i == 0 || w1[i - 1] != '\r'))
            abort();                        /* a bare LF on the wire */
        if ((i == 0 || w1[i - 1] == '\n') && w1[i] == '.') {
            if (i + 1 >= a || w1[i + 1] != '.')
                abort();                    /* a '.' line start not stuffed */
            stuffed++;
            i++;
        }
    }
    if (a - stuffed != it->size)
        abort();
    free(w1);
    free(w2);
    free(raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    setup_root();
    struct qs_pop_view_opts o = { (data[0] & 3u) ? (data[0] & 3u) : 0, (data[0] & 4) ? 819 : 0,
                                  (data[0] & 8) != 0 };
    size_t step = 1 + (data[0] >> 4);
    data++;
    size--;
    struct qs_err e = QS_ERR_INIT;
    static unsigned n;
    char name[32];
    snprintf(name, sizeof name, "%u.M1R0.qshim", ++n);
    FILE *f = tmpfile();
    if (!f || (size && fwrite(data, 1, size, f) != size) || fflush(f) != 0)
        abort();
    if (qs_mbox_deliver("FUZZ", name, "", 0, fileno(f), &e) < 0)
        abort();
    fclose(f);
    struct qs_mbox mb;
    memset(&mb, 0, sizeof mb);
    mb.lock_fd = -1;
    if (qs_mbox_open(&mb, "FUZZ", &e) != 0 || mb.n != 1)
        abort();
    struct qs_pop_view v;
    if (qs_pop_view_build(&v, &mb, &o) < 0)
        abort();
    uint64_t next = 0;
    for (size_t k = 0; k < v.n; k++) {
        const struct qs_pop_item *it = &v.it[k];
        int cr = 0;
        uint64_t wire = it->len + qs_pop_bare_lf((const char *)data + it->off, it->len, &cr);
        if (it->off != next || it->size != it->prefix_len + wire)
            abort();
        if (o.msgsplit_kb && v.n > 1 && wire > (uint64_t)o.msgsplit_kb * 1024)
            abort();
        check_wire((const char *)data, it, step);
        size_t ul = strlen(it->uid);
        if (ul == 0 || ul > 70)
            abort();
        for (size_t i = 0; i < ul; i++)
            if (it->uid[i] < 0x21 || it->uid[i] > 0x7e)
                abort();
        next += it->len;
    }
    if (next != size)
        abort();
    for (size_t k = 0; k < v.n; k++)
        v.it[k].deleted = 1;
    qs_pop_view_apply_deletes(&v, &mb);
    qs_pop_view_free(&v);
    qs_mbox_expunge(&mb);
    qs_mbox_close(&mb);
    qs_err_clear(&e);
    return 0;
}
