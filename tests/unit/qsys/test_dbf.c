/* tests/unit/qsys/test_dbf.c - database files: RUNSQL's naming rewrite
 * (LIB/FILE outside quotes and comments only, the default library as main,
 * other libraries attached), all-or-nothing strings, finding a file by
 * *LIBL, reading named fields (trailing blanks dropped, NULL kept) and the
 * not-found ids. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/dbf/dbf.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

#include <string.h>

struct rows {
    char got[1024];
};

static int collect(void *arg, const char *const *v, struct qs_err *err)
{
    (void)err;
    struct rows *r = arg;
    size_t n = strlen(r->got);
    snprintf(r->got + n, sizeof r->got - n, "[%s|%s]", v[0] ? v[0] : "(null)", v[1] ? v[1] : "(null)");
    return 0;
}

static void test_naming_and_read(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_obj_init_system(&err), 0);
    assert_int_equal(qs_lib_create("ARLIB", "", "QSECOFR", &err), 0);
    long long rows = 0;
    assert_int_equal(qs_dbf_exec("QGPL",
        "CREATE TABLE ARLIB/MAP (K CHAR(8), A VARCHAR(64)); "
        "INSERT INTO ARLIB/MAP VALUES ('C1  ', 'x/y -- not a comment'); "
        "-- QGPL/NOPE in a comment is left alone\n"
        "INSERT INTO arlib.map VALUES ('C2', NULL); "
        "CREATE TABLE QGPL/LOCAL (K CHAR(1)); INSERT INTO LOCAL VALUES ('z')",
        QS_DBF_SYS, &rows, &err), 0);
    assert_int_equal(rows, 3);

    struct qs_buf db;
    char lib[11];
    qs_buf_init(&db, 4096);
    assert_int_equal(qs_dbf_find(NULL, "ARLIB", "MAP", &db, lib, &err), 0);
    assert_string_equal(lib, "ARLIB");
    const char *cols[] = { "K", "A" };
    struct rows r = { "" };
    assert_int_equal(qs_dbf_select(db.data, "map", cols, 2, collect, &r, &err), 0);
    assert_string_equal(r.got, "[C1|x/y -- not a comment][C2|(null)]");

    /* *LIBL (QGPL when no list is given) finds LOCAL, not MAP */
    qs_buf_reset(&db);
    assert_int_equal(qs_dbf_find(NULL, "*LIBL", "LOCAL", &db, lib, &err), 0);
    assert_string_equal(lib, "QGPL");
    qs_buf_reset(&db);
    assert_int_equal(qs_dbf_find(NULL, "*LIBL", "MAP", &db, lib, &err), -1);
    assert_string_equal(err.msgid, "CPF9812");
    qs_err_clear(&err);

    /* a field that is not there: SQL0206, not a string literal */
    qs_buf_reset(&db);
    assert_int_equal(qs_dbf_find(NULL, "ARLIB", "MAP", &db, lib, &err), 0);
    const char *bad[] = { "K", "NOPE" };
    assert_int_equal(qs_dbf_select(db.data, "MAP", bad, 2, collect, &r, &err), -1);
    assert_string_equal(err.msgid, "SQL0206");
    qs_err_clear(&err);

    /* all or nothing: the second statement fails, the first is undone */
    assert_int_equal(qs_dbf_exec("QGPL", "INSERT INTO ARLIB/MAP VALUES ('C3', 'c'); INSERT INTO NOSUCH VALUES (1)",
                                 QS_DBF_SYS, NULL, &err), -1);
    assert_string_equal(err.msgid, "SQL9010");
    qs_err_clear(&err);
    memset(r.got, 0, sizeof r.got);
    assert_int_equal(qs_dbf_select(db.data, "MAP", cols, 2, collect, &r, &err), 0);
    assert_null(strstr(r.got, "C3"));

    /* *SQL naming does not turn a / into a qualifier */
    assert_int_equal(qs_dbf_exec("QGPL", "SELECT 4/2", QS_DBF_SQL, NULL, &err), 0);
    /* an unknown default library */
    assert_int_equal(qs_dbf_exec("NOLIB", "SELECT 1", QS_DBF_SYS, NULL, &err), -1);
    assert_string_equal(err.msgid, "CPF9810");
    qs_err_clear(&err);
    qs_buf_free(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_naming_and_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
