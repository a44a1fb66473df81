/*
 * tests/unit/api/test_recio.c - _Ropen/_Rwrite/_Rclose on a printer file
 * make a spooled file.
 */
#include "testlib.h"

#include <errno.h>

#include <recio.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "spool/pagetext.h"
#include "spool/splf.h"

static void test_print(void **state)
{
    (void)state;
    _RFILE *fp = _Ropen("QSYSPRT", "wr, ctlchar=*fcfc, usrdta=INV0001, lrecl=20");
    assert_non_null(fp);
    char line[40];
    memcpy(line, "1INVOICE 1", 10);
    assert_int_equal(_Rwrite(fp, line, 10)->num_bytes, 10);
    memcpy(line, " total\nnext line is long xxxxxxxxxxxxx", 38);
    _RIOFB_T *fb = _Rwrite(fp, line, 38);
    assert_int_equal(fb->num_bytes, 20);            /* cut at lrecl */
    assert_int_equal(fb->rrn, 2);
    assert_int_equal(_Rwrite(fp, "1INVOICE 2", 10)->num_bytes, 10);
    assert_int_equal(_Rclose(fp), 0);

    struct qs_splf_attr a;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_splf_get("*", NULL, NULL, "QSYSPRT", QS_SPLF_LAST, &a, &err), 0);
    assert_int_equal(a.pages, 2);
    assert_string_equal(a.usrdta, "INV0001");
    assert_string_equal(a.status, "*RDY");
    struct qs_buf text;
    qs_buf_init(&text, 1 << 20);
    assert_int_equal(qs_splf_render(&a, qs_page_text_emit, &text, NULL, &err), 0);
    assert_string_equal(qs_buf_str(&text), "INVOICE 1\ntotal next line is\n\fINVOICE 2\n\f");
    qs_buf_free(&text);
}

static void test_errors(void **state)
{
    (void)state;
    errno = 0;
    assert_null(_Ropen("QSYSPRT", "rr"));
    assert_int_equal(errno, ENOTSUP);
    assert_null(_Ropen("QSYSPRT", "wr, lrecl=abc"));
    assert_int_equal(errno, EINVAL);
    assert_null(_Ropen("QSYSPRT", "wr, outq=QGPL/NOSUCHQ"));
    assert_int_not_equal(errno, 0);
    assert_int_equal(_Rclose(NULL), EOF);
}

int main(void)
{
    qs_test_root();
    qs_root_reset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
