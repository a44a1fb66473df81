/* Unit tests for qsys/pop/pop3_view.c: CHGPOPA MSGSPLIT parts (sizes,
 * line-end cuts, a line longer than a part, the join) and MIMECCSID labels,
 * against a real Maildir. */
#include "testlib.h"

#include "qsys/pop/pop3_view.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"

#include <fcntl.h>
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
static void one_message(struct qs_mbox *mb, const char *body, size_t len)
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_parts),
        cmocka_unit_test(labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
