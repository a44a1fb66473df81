/* tests/unit/qsys/test_dlo.c - the document library: names, folders,
 * documents. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/dlo/dlo.h"
#include "qsys/obj/obj.h"

#include <stdlib.h>
#include <sys/stat.h>

static int setup(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_obj_init_system(&err), 0);
    return 0;
}

static void expect(int rc, struct qs_err *err, const char *id)
{
    assert_int_equal(rc, -1);
    assert_string_equal(err->msgid, id);
    qs_err_clear(err);
}

static void test_names(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    char out[QS_DLO_NAME_LEN + 1];
    static const char *good[] = { "a", "REPORT", "q3.txt", "ABCDEFGH.XYZ", "$#@_-.1" };
    static const char *bad[] = { "", ".txt", "ABCDEFGHI", "A.TOOLONG", "A..B", "A.B.C", "../x",
                                 "a/b", "a b", "x.", "\xc3\xa9" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(qs_dlo_name_check(good[i], out, "DOC", &err), 0);
    assert_int_equal(qs_dlo_name_check("q3.txt", out, "DOC", &err), 0);
    assert_string_equal(out, "Q3.TXT");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect(qs_dlo_name_check(bad[i], out, "DOC", &err), &err, "CPF8AA3");
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    expect(qs_flr_path(&p, "A/../B", 0, &err), &err, "CPF8AA3");
    qs_buf_reset(&p);
    expect(qs_flr_path(&p, "A//B", 0, &err), &err, "CPF8AA3");
    qs_buf_reset(&p);
    expect(qs_flr_path(&p, "AAAAAAAA/BBBBBBBB/CCCCCCCC/DDDDDDDD/EEEEEEEE/FFFFFFFF/GGGGGGGG/HH", 0, &err),
           &err, "CPF8AA3");
    qs_buf_free(&p);
}

static void test_folders_documents(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_flr_create("mail", NULL, "Outgoing", &err), 0);
    expect(qs_flr_create("MAIL", NULL, NULL, &err), &err, "CPF8AA1");
    expect(qs_flr_create("SUB", "NOPE", NULL, &err), &err, "CPF8A77");
    assert_int_equal(qs_flr_create("sub", "mail", NULL, &err), 0);
    assert_int_equal(qs_doc_write("MAIL", "a.txt", "hello", 5, 0, &err), 0);
    expect(qs_doc_write("MAIL", "A.TXT", "x", 1, 0, &err), &err, "CPF8AA2");
    assert_int_equal(qs_doc_write("MAIL", "A.TXT", "bye", 3, 1, &err), 0);
    expect(qs_doc_write("NOPE", "A.TXT", "x", 1, 1, &err), &err, "CPF8A77");
    expect(qs_doc_write("MAIL", "SUB", "x", 1, 1, &err), &err, "CPF8AA2");  /* a folder */
    struct qs_buf b;
    qs_buf_init(&b, 100);
    assert_int_equal(qs_doc_read("mail", "a.txt", 100, &b, &err), 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "bye", 3);
    qs_buf_free(&b);
    qs_buf_init(&b, 100);
    expect(qs_doc_read("MAIL", "NONE.TXT", 100, &b, &err), &err, "CPF8A82");
    expect(qs_doc_read("MAIL", "SUB", 100, &b, &err), &err, "CPF8A82");
    qs_buf_free(&b);

    struct qs_dlo_info *v;
    size_t n;
    assert_int_equal(qs_flr_list(NULL, &v, &n, &err), 0);      /* first-level folders */
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, "MAIL");
    assert_string_equal(v[0].text, "Outgoing");
    assert_int_equal(v[0].size, 2);
    free(v);
    assert_int_equal(qs_flr_list("MAIL", &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].name, "A.TXT");
    assert_false(v[0].is_folder);
    assert_int_equal(v[0].size, 3);
    assert_true(v[1].is_folder);
    free(v);

    expect(qs_doc_delete("MAIL", "SUB", &err), &err, "CPF8A82");
    assert_int_equal(qs_doc_delete("MAIL", "A.TXT", &err), 0);
    expect(qs_doc_delete("MAIL", "A.TXT", &err), &err, "CPF8A82");
    assert_int_equal(qs_flr_delete("MAIL", NULL, &err), 0);
    expect(qs_flr_delete("MAIL", NULL, &err), &err, "CPF8A77");
    assert_int_equal(qs_flr_list(NULL, &v, &n, &err), 0);
    assert_int_equal(n, 0);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_folders_documents),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
