/*
 * test_ccsid_filetag.c - file CCSID tags and converting copies.
 */
#include "testlib.h"

#include <errno.h>

#include "ccsid/conv.h"
#include "ccsid/filetag.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

static char *path_in_root(const char *name)
{
    struct qs_buf b;
    qs_buf_init(&b, 4096);
    qs_buf_addf(&b, "%s/%s", qs_test_root(), name);
    return qs_buf_detach(&b, NULL);
}

static void test_tag(void **state)
{
    (void)state;
    char *p = path_in_root("tagged.txt");
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_file_write_atomic(p, "x", 1, 0644, NULL), 0);
    int c = -1;
    assert_int_equal(qs_file_ccsid_get(p, &c, &err), 0);
    assert_int_equal(c, 0);
    assert_int_equal(qs_file_ccsid_set(p, 37, &err), 0);
    assert_int_equal(qs_file_ccsid_get(p, &c, &err), 0);
    assert_int_equal(c, 37);
    assert_int_equal(qs_file_ccsid_set(p, 1208, &err), 0);
    assert_int_equal(qs_file_ccsid_get(p, &c, &err), 0);
    assert_int_equal(c, 1208);
    assert_int_equal(qs_file_ccsid_set(p, 0, &err), 0);
    assert_int_equal(qs_file_ccsid_get(p, &c, &err), 0);
    assert_int_equal(c, 0);
    assert_int_equal(qs_file_ccsid_set(p, 12345, &err), -1);
    assert_string_equal(err.msgid, "CPF9897");
    qs_err_clear(&err);
    char *missing = path_in_root("nope.txt");
    assert_int_equal(qs_file_ccsid_get(missing, &c, &err), -1);
    assert_true(qs_err_isset(&err));
    qs_err_clear(&err);
    free(missing);
    free(p);
}

static void test_copy(void **state)
{
    (void)state;
    char *src = path_in_root("ebcdic.txt"), *dst = path_in_root("utf8.txt");
    struct qs_err err = QS_ERR_INIT;
    /* "Grüße" + NL in CCSID 273 */
    static const char e273[] = "\xC7\x99\xD0\xA1\x85\x15";
    assert_int_equal(qs_file_write_atomic(src, e273, 6, 0644, NULL), 0);
    assert_int_equal(qs_file_ccsid_set(src, 273, &err), 0);
    assert_int_equal(qs_file_copy_conv(src, 0, dst, 1208, QS_CONV_TEXT, &err), 0);
    struct qs_buf b;
    qs_buf_init(&b, 1024);
    assert_int_equal(qs_file_read(dst, 1024, &b, NULL), 0);
    assert_string_equal(b.data, "Gr\xC3\xBC\xC3\x9F" "e\n");
    int c;
    assert_int_equal(qs_file_ccsid_get(dst, &c, &err), 0);
    assert_int_equal(c, 1208);
    /* bad UTF-8 back to 37: offset named, destination untouched */
    char *bad = path_in_root("bad.txt"), *out = path_in_root("out.txt");
    assert_int_equal(qs_file_write_atomic(bad, "abc\xFF", 4, 0644, NULL), 0);
    assert_int_equal(qs_file_copy_conv(bad, 1208, out, 37, 0, &err), -1);
    assert_non_null(strstr(err.text, "offset 3"));
    assert_int_not_equal(access(out, F_OK), 0);
    qs_err_clear(&err);
    qs_buf_free(&b);
    free(src); free(dst); free(bad); free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag),
        cmocka_unit_test(test_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
