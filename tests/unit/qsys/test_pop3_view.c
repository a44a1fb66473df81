/* Unit tests for qsys/pop/pop3_view.c: CHGPOPA MSGSPLIT parts (sizes,
 * line-end cuts, a line longer than a part, the join) and MIMECCSID labels,
 * against a real Maildir; LF-only messages (wire sizes) and the size cache
 * of qsys/pop/pop3_sizes.c. */
#include "testlib.h"

#include "qsys/pop/pop3_view.h"
#include "qsys/pop/pop3_sizes.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *user_name(void)
{
    static unsigned n;
    static char u[11];
    snprintf(u, sizeof u, "VIEW%u", ++n);
    return u;
}

/* A fresh mailbox holding one message with `body`; opened into mb. */
static const char *one_message(struct qs_mbox *mb, const char *body, size_t len)
{
    qs_test_root();
    qs_root_reset();
    struct qs_err e = QS_ERR_INIT;
    const char *u = user_name();
    char tmpl[] = "/tmp/qshim-view-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(qs_write_all(fd, body, len), 0);
    unlink(tmpl);
    assert_int_equal(qs_mbox_create(u, &e), 0);
    assert_int_equal(qs_mbox_deliver(u, "1.M1R0.qshim", "", 0, fd, &e), 0);
    close(fd);
    memset(mb, 0, sizeof *mb);
    mb->lock_fd = -1;
    assert_int_equal(qs_mbox_open(mb, u, &e), 0);
    assert_int_equal(mb->n, 1);
    return u;
}

/* The item's bytes as RETR sends them (before byte-stuffing). */
static void item_bytes(const struct qs_mbox *mb, const struct qs_pop_item *it, struct qs_buf *out)
{
    qs_buf_reset(out);
    if (it->prefix_len)
        qs_buf_add(out, it->prefix, it->prefix_len);
    int fd = qs_mbox_open_msg(mb, it->mi);
    assert_true(fd >= 0);
    char *b = malloc(it->len + 1);
    assert_int_equal(pread(fd, b, it->len, (off_t)it->off), (ssize_t)it->len);
    qs_buf_add(out, b, it->len);
    free(b);
    close(fd);
}

static void split_parts(void **state)
{
    (void)state;
    struct qs_buf msg, got, joined;
    qs_buf_init(&msg, 1u << 22);
    qs_buf_init(&got, 1u << 22);
    qs_buf_init(&joined, 1u << 22);
    qs_buf_adds(&msg, "From: a@b.c\r\nSubject: big\r\n\r\n");
    for (int i = 0; i < 1500; i++)
        qs_buf_addf(&msg, "%04d %s\r\n", i, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
    for (int i = 0; i < 40000; i++)            /* one line longer than a part */
        qs_buf_addc(&msg, 'z');
    qs_buf_adds(&msg, "\r\nlast\r\n");
    struct qs_mbox mb;
    one_message(&mb, msg.data, msg.len);
    struct qs_pop_view v;
    struct qs_pop_view_opts o = { 32, 0, 0 };
    assert_int_equal(qs_pop_view_build(&v, &mb, &o), 0);
    assert_true(v.n >= 4);
    for (size_t k = 0; k < v.n; k++) {
        const struct qs_pop_item *it = &v.it[k];
        assert_int_equal(it->part, k + 1);
        assert_int_equal(it->nparts, v.n);
        assert_true(it->len <= 32 * 1024);
        assert_int_equal(it->size, it->prefix_len + it->len);
        item_bytes(&mb, it, &got);
        assert_int_equal(got.len, it->size);
        assert_non_null(strstr(got.data, "Content-Type: message/partial; id=\"1.M1R0.qshim@qshim\""));
        assert_non_null(strstr(got.data, "Subject: big (part "));
        /* parts end after a LF, except one cut inside the long line */
        char last = msg.data[it->off + it->len - 1];
        assert_true(last == '\n' || msg.data[it->off + it->len] == 'z');
        char uid[64];
        snprintf(uid, sizeof uid, "1.M1R0.qshim.%zu", k + 1);
        assert_string_equal(it->uid, uid);
        qs_buf_add(&joined, msg.data + it->off, it->len);
    }
    assert_int_equal(joined.len, msg.len);
    assert_memory_equal(joined.data, msg.data, msg.len);
    /* deleting all but one part keeps the file; all of them removes it */
    for (size_t k = 0; k + 1 < v.n; k++)
        v.it[k].deleted = 1;
    qs_pop_view_apply_deletes(&v, &mb);
    assert_int_equal(mb.msg[0].deleted, 0);
    v.it[v.n - 1].deleted = 1;
    qs_pop_view_apply_deletes(&v, &mb);
    assert_int_equal(mb.msg[0].deleted, 1);
    qs_pop_view_free(&v);
    qs_mbox_close(&mb);
    qs_buf_free(&msg);
    qs_buf_free(&got);
    qs_buf_free(&joined);
}

static void labels(void **state)
{
    (void)state;
    static const struct {
        const char *msg;
        int ccsid, always;
        const char *want;      /* substring of the label, or NULL: none */
    } t[] = {
        { "Subject: x\r\n\r\ncaf\xe9\r\n", 912, 0, "charset=ISO-8859-2\r\nContent-Transfer-Encoding: 8bit" },
        { "Subject: x\r\n\r\nascii\r\n", 912, 0, NULL },
        { "Subject: x\r\n\r\nascii\r\n", 819, 1, "charset=ISO-8859-1\r\nContent-Transfer-Encoding: 7bit" },
        { "MIME-Version: 1.0\r\nSubject: x\r\n\r\ncaf\xe9\r\n", 819, 1, NULL },
        { "mime-version: 1.0\r\n\r\n\xe9\r\n", 923, 1, NULL },
        { "Subject: x\r\n\r\n\xe9\r\n", 0, 1, NULL },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_mbox mb;
        one_message(&mb, t[i].msg, strlen(t[i].msg));
        struct qs_pop_view v;
        struct qs_pop_view_opts o = { 0, t[i].ccsid, t[i].always };
        assert_int_equal(qs_pop_view_build(&v, &mb, &o), 0);
        assert_int_equal(v.n, 1);
        if (t[i].want) {
            assert_non_null(v.it[0].prefix);
            assert_non_null(strstr(v.it[0].prefix, t[i].want));
        } else {
            assert_null(v.it[0].prefix);
        }
        assert_int_equal(v.it[0].size, v.it[0].prefix_len + strlen(t[i].msg));
        qs_pop_view_free(&v);
        qs_mbox_close(&mb);
    }
}

/* LF line ends: sizes count the CRLF that RETR sends; parts stay within
 * the split size on the wire and join back to the file. */
static void lf_messages(void **state)
{
    (void)state;
    struct qs_buf msg, joined;
    qs_buf_init(&msg, 1u << 22);
    qs_buf_init(&joined, 1u << 22);
    qs_buf_adds(&msg, "From: a@b.c\nSubject: lf\n\n");
    for (int i = 0; i < 900; i++)
        qs_buf_addf(&msg, "%04d %s\n", i, "lf lines only, as other tools write them");
    size_t lines = 3 + 900;
    struct qs_mbox mb;
    one_message(&mb, msg.data, msg.len);
    struct qs_pop_view v;
    struct qs_pop_view_opts plain = { 0, 0, 0 }, split = { 8, 0, 0 };
    assert_int_equal(qs_pop_view_build(&v, &mb, &plain), 0);
    assert_int_equal(v.n, 1);
    assert_int_equal(v.it[0].size, msg.len + lines);
    qs_pop_view_free(&v);
    assert_int_equal(qs_pop_view_build(&v, &mb, &split), 0);
    assert_true(v.n >= 5);
    uint64_t total = 0;
    for (size_t k = 0; k < v.n; k++) {
        const struct qs_pop_item *it = &v.it[k];
        uint64_t wire = it->size - it->prefix_len, lf = 0;
        for (uint64_t i = 0; i < it->len; i++)
            lf += msg.data[it->off + i] == '\n';
        assert_int_equal(wire, it->len + lf);
        assert_true(wire <= 8 * 1024);
        assert_int_equal(msg.data[it->off + it->len - 1], '\n');
        qs_buf_add(&joined, msg.data + it->off, it->len);
        total += wire;
    }
    assert_int_equal(total, msg.len + lines);
    assert_memory_equal(joined.data, msg.data, msg.len);
    qs_pop_view_free(&v);
    qs_mbox_close(&mb);
    qs_buf_free(&msg);
    qs_buf_free(&joined);
}

static uint64_t fnv(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static void sizes_cache(void **state)
{
    (void)state;
    static const char body[] = "Subject: c\n\none\ntwo\n";      /* 4 LFs */
    struct qs_mbox mb;
    const char *u = one_message(&mb, body, strlen(body));
    struct qs_buf path, f;
    qs_buf_init(&path, 4096);
    qs_buf_init(&f, 1u << 20);
    qs_buf_addf(&path, "%s/qshim-pop.sizes", mb.dir);
    uint64_t w = 0;
    assert_int_equal(qs_pop_sizes(&mb, &w), 0);
    assert_int_equal(w, strlen(body) + 4);
    struct stat st;
    assert_int_equal(stat(path.data, &st), 0);                  /* written */
    assert_int_equal(st.st_mode & 0777, 0600);

    /* a well-formed entry is believed: proof that the file is used */
    const struct qs_mbox_msg *m = &mb.msg[0];
    qs_buf_addf(&f, "qshim-pop-sizes 1\n%llu %llu %lld %lld %llu %s\n",
                (unsigned long long)m->ino, (unsigned long long)m->size, (long long)m->mtime_ns,
                (long long)m->ctime_ns, (unsigned long long)m->size + 3, m->uid);
    size_t good_len = f.len;
    qs_buf_addf(&f, "end 1 %016llx\n", (unsigned long long)fnv(f.data, f.len));
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_file_write_atomic(path.data, f.data, f.len, 0600, &e), 0);
    assert_int_equal(qs_pop_sizes(&mb, &w), 0);
    assert_int_equal(w, strlen(body) + 3);

    /* torn (no end line), bad checksum, wrong count: ignored and rewritten */
    for (int i = 0; i < 3; i++) {
        qs_buf_truncate(&f, good_len);
        unsigned long long sum = fnv(f.data, f.len);
        if (i == 1)
            qs_buf_addf(&f, "end 1 %016llx\n", sum ^ 1);
        else if (i == 2)
            qs_buf_addf(&f, "end 2 %016llx\n", sum);
        assert_int_equal(qs_file_write_atomic(path.data, f.data, f.len, 0600, &e), 0);
        assert_int_equal(qs_pop_sizes(&mb, &w), 0);
        assert_int_equal(w, strlen(body) + 4);
    }

    /* the file replaced by one of the same size (other inode, times): the
     * old entry is not used */
    static const char crlf[] = "Subject: c\r\n\r\none\r\n\n";      /* same length, 1 bare LF */
    assert_int_equal(sizeof crlf, sizeof body);
    qs_buf_reset(&f);
    qs_buf_addf(&f, "%s/%s", mb.dir, m->file);
    assert_int_equal(qs_file_write_atomic(f.data, crlf, strlen(crlf), 0600, &e), 0);
    qs_mbox_close(&mb);
    assert_int_equal(qs_mbox_open(&mb, u, &e), 0);
    assert_int_equal(qs_pop_sizes(&mb, &w), 0);
    assert_int_equal(w, strlen(crlf) + 1);
    qs_mbox_close(&mb);
    qs_buf_free(&path);
    qs_buf_free(&f);
}

/* A mailbox emptied by DELE: the cache is rewritten with no entries, and
 * the next session, with new mail, reads that file. */
static void sizes_cache_empty(void **state)
{
    (void)state;
    struct qs_mbox mb;
    struct qs_err e = QS_ERR_INIT;
    const char *u = one_message(&mb, "x\n", 2);
    uint64_t w = 0;
    assert_int_equal(qs_pop_sizes(&mb, &w), 0);      /* one entry */
    assert_int_equal(w, 3);
    mb.msg[0].deleted = 1;
    assert_int_equal(qs_mbox_expunge(&mb), 0);
    qs_mbox_close(&mb);
    assert_int_equal(qs_mbox_open(&mb, u, &e), 0);
    assert_int_equal(mb.n, 0);
    assert_int_equal(qs_pop_sizes(&mb, &w), 0);      /* rewritten: no entries */
    qs_mbox_close(&mb);
    char tmpl[] = "/tmp/qshim-view-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(qs_write_all(fd, "a\n\nb\n", 5), 0);
    unlink(tmpl);
    assert_int_equal(qs_mbox_deliver(u, "2.M1R0.qshim", "", 0, fd, &e), 0);
    close(fd);
    assert_int_equal(qs_mbox_open(&mb, u, &e), 0);
    assert_int_equal(qs_pop_sizes(&mb, &w), 0);
    assert_int_equal(w, 8);
    qs_mbox_close(&mb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_parts),
        cmocka_unit_test(labels),
        cmocka_unit_test(lf_messages),
        cmocka_unit_test(sizes_cache),
        cmocka_unit_test(sizes_cache_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
