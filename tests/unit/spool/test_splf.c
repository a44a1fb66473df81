/*
 * tests/unit/spool/test_splf.c - spooled files on disk and output queues.
 */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "spool/pagetext.h"
#include "spool/splf.h"

static const char report[] = "1PAGE ONE\n LINE 2\n1PAGE TWO\n";

static int make_splf(const char *file, const char *outq, int hold, struct qs_splf_attr *a_r)
{
    struct qs_err err = QS_ERR_INIT;
    struct qs_splf_attr a;
    struct qs_splf *h;
    qs_splf_attr_default(&a);
    qs_strlcpy(a.file, file, sizeof a.file);
    if (outq)
        qs_strlcpy(a.outq, outq, sizeof a.outq);
    a.ro.ctlchar = QS_CTL_FCFC;
    a.ro.ccsid = 1208;
    qs_strlcpy(a.usrdta, "INV0001", sizeof a.usrdta);
    if (qs_splf_create(&a, &h, &err) < 0)
        fail_msg("create: %s %s", err.msgid, err.text);
    assert_int_equal(qs_splf_write(h, report, 10, &err), 0);
    assert_int_equal(qs_splf_write(h, report + 10, sizeof report - 11, &err), 0);
    *a_r = *qs_splf_handle_attr(h);
    assert_int_equal(qs_splf_close(&h, hold, &err), 0);
    assert_null(h);
    qs_err_clear(&err);
    return a_r->number;
}

static int count_cb(const struct qs_splf_attr *a, void *arg)
{
    (void)a;
    (*(int *)arg)++;
    return 0;
}

static int count(const char *outq, const char *status)
{
    struct qs_splf_filter f = { .outq = outq, .status = status };
    struct qs_err err = QS_ERR_INIT;
    int n = 0;
    assert_int_equal(qs_splf_list(&f, count_cb, &n, &err), 0);
    return n;
}

static void test_lifecycle(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    struct qs_splf_attr a, g;
    int n1 = make_splf("INVOICES", NULL, 0, &a);
    int n2 = make_splf("INVOICES", NULL, 1, &a);
    assert_int_equal(n2, n1 + 1);
    /* attributes came back from disk */
    assert_int_equal(qs_splf_get("*", NULL, NULL, "invoices", QS_SPLF_LAST, &g, &err), 0);
    assert_int_equal(g.number, n2);
    assert_string_equal(g.status, "*HLD");
    assert_int_equal(g.pages, 2);
    assert_int_equal(g.size, sizeof report - 1);
    assert_string_equal(g.usrdta, "INV0001");
    assert_int_equal(g.ro.ctlchar, QS_CTL_FCFC);
    assert_string_equal(g.outq, "QPRINT");
    assert_int_equal(qs_splf_get("*", NULL, NULL, "INVOICES", n1, &g, &err), 0);
    assert_string_equal(g.status, "*RDY");
    /* *ONLY with two files */
    assert_int_equal(qs_splf_get("*", NULL, NULL, "INVOICES", QS_SPLF_ONLY, &g, &err), -1);
    assert_string_equal(err.msgid, "CPF3340");
    qs_err_clear(&err);
    assert_int_equal(qs_splf_get("*", NULL, NULL, "NOSUCH", QS_SPLF_LAST, &g, &err), -1);
    assert_string_equal(err.msgid, "CPF3303");
    qs_err_clear(&err);
    /* data and rendering */
    struct qs_buf data, text;
    qs_buf_init(&data, 1 << 20);
    qs_buf_init(&text, 1 << 20);
    assert_int_equal(qs_splf_read(&g, &data, &err), 0);
    assert_string_equal(qs_buf_str(&data), report);
    assert_int_equal(qs_splf_render(&g, qs_page_text_emit, &text, NULL, &err), 0);
    assert_string_equal(qs_buf_str(&text), "PAGE ONE\nLINE 2\n\fPAGE TWO\n\f");
    /* change: move to another queue, release */
    assert_int_equal(qs_outq_create("QGPL", "ERROR", "Failed mails", &err), 0);
    qs_strlcpy(g.outq, "ERROR", sizeof g.outq);
    assert_int_equal(qs_splf_change(&g, &err), 0);
    assert_int_equal(count("ERROR", NULL), 1);
    qs_strlcpy(g.outq, "NOQ", sizeof g.outq);
    assert_int_equal(qs_splf_change(&g, &err), -1);
    assert_string_equal(err.msgid, "CPF3357");
    qs_err_clear(&err);
    qs_strlcpy(g.outq, "ERROR", sizeof g.outq);
    qs_strlcpy(g.status, "*BOGUS", sizeof g.status);
    assert_int_equal(qs_splf_change(&g, &err), -1);
    qs_err_clear(&err);
    /* a queue with files cannot be deleted; clearing empties it */
    assert_int_equal(qs_outq_delete("QGPL", "ERROR", &err), -1);
    assert_string_equal(err.msgid, "CPF3428");
    qs_err_clear(&err);
    unsigned cleared = 0;
    assert_int_equal(qs_outq_clear("QGPL", "ERROR", &cleared, &err), 0);
    assert_int_equal(cleared, 1);
    assert_int_equal(qs_outq_delete("QGPL", "ERROR", &err), 0);
    assert_int_equal(qs_outq_delete("QGPL", "ERROR", &err), -1);
    assert_string_equal(err.msgid, "CPF3357");
    qs_err_clear(&err);
    /* delete the other */
    assert_int_equal(qs_splf_get("*", NULL, NULL, "INVOICES", QS_SPLF_ONLY, &g, &err), 0);
    assert_int_equal(qs_splf_delete(&g, &err), 0);
    assert_int_equal(qs_splf_delete(&g, &err), -1);
    assert_string_equal(err.msgid, "CPF3344");
    qs_err_clear(&err);
    assert_int_equal(count(NULL, NULL), 0);
    qs_buf_free(&data);
    qs_buf_free(&text);
}

static void test_missing_outq_and_abort(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    struct qs_splf_attr a;
    struct qs_splf *h = NULL;
    qs_splf_attr_default(&a);
    qs_strlcpy(a.outq, "NOWHERE", sizeof a.outq);
    assert_int_equal(qs_splf_create(&a, &h, &err), -1);
    assert_string_equal(err.msgid, "CPF3357");
    qs_err_clear(&err);
    qs_splf_attr_default(&a);
    qs_strlcpy(a.file, "bad/name", sizeof a.file);
    assert_int_equal(qs_splf_create(&a, &h, &err), -1);
    assert_string_equal(err.msgid, "CPD0078");
    qs_err_clear(&err);
    /* an open file is listed as *OPN; an aborted one disappears */
    qs_splf_attr_default(&a);
    int before = count(NULL, NULL), opn = count(NULL, "*OPN");
    assert_int_equal(qs_splf_create(&a, &h, &err), 0);
    assert_int_equal(qs_splf_write(h, "x", 1, &err), 0);
    assert_int_equal(count(NULL, NULL), before + 1);
    assert_int_equal(count(NULL, "*OPN"), opn + 1);
    qs_splf_abort(&h);
    assert_null(h);
    assert_int_equal(count(NULL, NULL), before);
}

/* Changes made while a file is open survive its close; a file deleted
 * while open is dropped at close. */
static void test_open_file(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    struct qs_splf_attr a, g;
    struct qs_splf *h = NULL;
    struct qs_buf data;
    qs_splf_attr_default(&a);
    qs_strlcpy(a.file, "OPENONE", sizeof a.file);
    assert_int_equal(qs_splf_create(&a, &h, &err), 0);
    assert_int_equal(qs_splf_write(h, "line 1\n", 7, &err), 0);
    assert_int_equal(qs_splf_get("*", NULL, NULL, "OPENONE", QS_SPLF_LAST, &g, &err), 0);
    assert_string_equal(g.status, "*OPN");
    qs_buf_init(&data, 1024);
    assert_int_equal(qs_splf_read(&g, &data, &err), 0);    /* as far as written */
    assert_int_equal(data.len, 7);
    qs_buf_free(&data);
    qs_strlcpy(g.usrdta, "CHANGED", sizeof g.usrdta);
    qs_strlcpy(g.status, "*HLD", sizeof g.status);
    assert_int_equal(qs_splf_change(&g, &err), 0);
    assert_int_equal(qs_splf_get("*", NULL, NULL, "OPENONE", QS_SPLF_LAST, &g, &err), 0);
    assert_string_equal(g.status, "*OPN");                 /* still open */
    assert_int_equal(qs_splf_close(&h, 0, &err), 0);
    assert_int_equal(qs_splf_get("*", NULL, NULL, "OPENONE", QS_SPLF_LAST, &g, &err), 0);
    assert_string_equal(g.usrdta, "CHANGED");
    assert_string_equal(g.status, "*HLD");                 /* held while open */

    qs_strlcpy(a.file, "OPENTWO", sizeof a.file);
    assert_int_equal(qs_splf_create(&a, &h, &err), 0);
    assert_int_equal(qs_splf_get("*", NULL, NULL, "OPENTWO", QS_SPLF_LAST, &g, &err), 0);
    assert_int_equal(qs_splf_delete(&g, &err), 0);
    assert_int_equal(qs_splf_write(h, "x\n", 2, &err), 0);
    assert_int_equal(qs_splf_close(&h, 0, &err), 0);
    assert_int_equal(qs_splf_get("*", NULL, NULL, "OPENTWO", QS_SPLF_LAST, &g, &err), -1);
    assert_string_equal(err.msgid, "CPF3303");
    qs_err_clear(&err);
}

static void test_attr_decode(void **state)
{
    (void)state;
    struct qs_splf_attr a, b;
    struct qs_buf t;
    struct qs_err err = QS_ERR_INIT;
    qs_splf_attr_default(&a);
    memcpy(a.job, "QPADEV0001", 11);
    memcpy(a.user, "QPGMR", 6);
    memcpy(a.jobnbr, "123456", 7);
    a.number = 7;
    a.ro.chlval[2] = 12;
    qs_strlcpy(a.usrtext, "two\nlines", sizeof a.usrtext);
    qs_buf_init(&t, 1 << 16);
    assert_int_equal(qs_splf_attr_encode(&a, &t), 0);
    assert_int_equal(qs_splf_attr_decode(t.data, t.len, &b, &err), 0);
    assert_int_equal(b.number, 7);
    assert_int_equal(b.ro.chlval[2], 12);
    assert_string_equal(b.usrtext, "two lines");
    /* every truncation is damaged or complete, never a crash */
    for (size_t n = 0; n < t.len; n++) {
        char *cut = malloc(n + 1);
        memcpy(cut, t.data, n);
        int rc = qs_splf_attr_decode(cut, n, &b, &err);
        if (rc < 0) {
            assert_string_equal(err.msgid, "CPF8105");
            qs_err_clear(&err);
        }
        free(cut);
    }
    const char *bad = "QSHIMSPLF 1\nfile=X\nnumber=0\n";
    assert_int_equal(qs_splf_attr_decode(bad, strlen(bad), &b, &err), -1);
    qs_err_clear(&err);
    qs_buf_free(&t);
}

int main(void)
{
    qs_test_root();
    qs_root_reset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifecycle),
        cmocka_unit_test(test_missing_outq_and_abort),
        cmocka_unit_test(test_open_file),
        cmocka_unit_test(test_attr_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
