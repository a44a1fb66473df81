/* tests/unit/qsys/test_tbl.c - *TBL conversion tables: built-in IBM tables,
 * user tables on the library list, hex sources, damage and not-found ids. */
#include "testlib.h"
#include "ccsid/conv.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/job/job.h"
#include "qsys/tbl/tbl.h"

static struct qs_job *start(void)
{
    qs_test_root();
    qs_root_reset();
    unsetenv("QSHIM_USER");
    struct qs_err e = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&e);
    assert_non_null(j);
    return j;
}

static void test_builtin(void **st)
{
    (void)st;
    uint8_t t[256], u[256];
    assert_int_equal(qs_tbl_builtin("QTCPASC", t), 0);
    assert_int_equal(t[0xC1], 'A');
    assert_int_equal(t[0x25], 0x0A);
    assert_int_equal(qs_tbl_builtin("qtcpebc", u), 0);
    for (int b = 0; b < 256; b++)
        assert_int_equal(u[t[b]], b);   /* 37 <-> 819 is one-to-one */
    assert_int_equal(qs_tbl_builtin("NOSUCH", t), -1);
}

static void test_user_table(void **st)
{
    (void)st;
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    uint8_t t[256], r[256];
    for (int b = 0; b < 256; b++)
        t[b] = (uint8_t)(255 - b);
    assert_int_equal(qs_tbl_create(j, "QGPL", "REV", t, "reverse", &e), 0);
    assert_int_equal(qs_tbl_get(j, "*LIBL", "rev", r, &e), 0);
    assert_memory_equal(t, r, 256);
    assert_int_equal(qs_tbl_create(j, "QGPL", "REV", t, "", &e), -1);
    assert_string_equal(e.msgid, "CPF9870");
    qs_err_clear(&e);
    /* a user table named like a built-in one wins on the library list */
    assert_int_equal(qs_tbl_create(j, "QGPL", "QTCPASC", t, "", &e), 0);
    assert_int_equal(qs_tbl_get(j, "", "QTCPASC", r, &e), 0);
    assert_memory_equal(t, r, 256);
    assert_int_equal(qs_tbl_delete(j, "*LIBL", "QTCPASC", &e), 0);
    assert_int_equal(qs_tbl_get(j, "QUSRSYS", "QTCPASC", r, &e), 0);
    assert_int_equal(r[0xC1], 'A');
    assert_int_equal(qs_tbl_delete(j, "QGPL", "REV", &e), 0);
    assert_int_equal(qs_tbl_get(j, "*LIBL", "REV", r, &e), -1);
    assert_string_equal(e.msgid, "CPF9801");
    qs_err_clear(&e);
    assert_int_equal(qs_tbl_get(j, "*LIBL", "1BAD", r, &e), -1);
    assert_true(qs_err_isset(&e));
    qs_err_clear(&e);
}

static void test_hex(void **st)
{
    (void)st;
    struct qs_err e = QS_ERR_INIT;
    uint8_t t[256];
    char src[600];
    size_t n = 0;
    for (int b = 0; b < 256; b++) {
        n += (size_t)snprintf(src + n, sizeof src - n, "%02x", b ^ 0x20);
        if (b % 32 == 31)
            src[n++] = '\n';
    }
    assert_int_equal(qs_tbl_parse_hex(src, n, t, &e), 0);
    assert_int_equal(t[0x41], 0x61);
    assert_int_equal(qs_tbl_parse_hex(src, n - 3, t, &e), -1);   /* short */
    assert_string_equal(e.msgid, "CPF9897");
    qs_err_clear(&e);
    src[5] = 'g';
    assert_int_equal(qs_tbl_parse_hex(src, n, t, &e), -1);       /* not hex */
    qs_err_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_user_table),
        cmocka_unit_test(test_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
