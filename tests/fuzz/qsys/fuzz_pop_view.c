/* tests/fuzz/qsys/fuzz_pop_view.c - the POP view (CHGPOPA MSGSPLIT and
 * MIMECCSID, qsys/pop/pop3_view.c) of an arbitrary stored message.  The
 * first byte picks the options (split size 1-4 KB or none, label or not,
 * *ALWAYS or *BESTFIT); the rest is the Maildir file.  Invariants: the
 * items cover the file in order without gaps or overlap, no part holds more
 * than the split size, LIST sizes add up, UIDs are valid POP UIDs. */
#include "qsys/pop/pop3_view.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    setup_root();
    struct qs_pop_view_opts o = { (data[0] & 3u) ? (data[0] & 3u) : 0, (data[0] & 4) ? 819 : 0,
                                  (data[0] & 8) != 0 };
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
        if (it->off != next || it->size != it->prefix_len + it->len)
            abort();
        if (o.msgsplit_kb && v.n > 1 && it->len > (uint64_t)o.msgsplit_kb * 1024)
            abort();
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
