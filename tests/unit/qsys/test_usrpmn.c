/* tests/unit/qsys/test_usrpmn.c - GRTUSRPMN / RVKUSRPMN data (qsys/sdd/usrpmn). */
#include "testlib.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/sdd/sdd.h"
#include "qsys/sdd/usrpmn.h"

#include <stdlib.h>

static void add(const char *u, const char *prf)
{
    struct qs_sdd_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.user, sizeof e.user, "%s", u);
    snprintf(e.addr, sizeof e.addr, "HQ");
    snprintf(e.usrprf, sizeof e.usrprf, "%s", prf);
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_sdd_add(&e, &err), 0);
}

static void test_grant_revoke(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    add("BOSS", "BOSS");
    add("CLERK", "CLERK");
    add("TEMP", "TEMP");
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_usrpmn_grant("NOBODY", "BOSS", &err), -1);
    assert_string_equal(err.msgid, "CPF9006");
    qs_err_clear(&err);
    assert_int_equal(qs_usrpmn_grant("clerk", "boss", &err), 0);
    assert_int_equal(qs_usrpmn_grant("CLERK", "BOSS", &err), 0);     /* again: no error */
    assert_int_equal(qs_usrpmn_grant("TEMP", "BOSS", &err), 0);
    assert_int_equal(qs_usrpmn_grant("../X", "BOSS", &err), -1);
    qs_err_clear(&err);
    assert_true(qs_usrpmn_check("CLERK", "BOSS"));
    assert_true(qs_usrpmn_check("BOSS", "BOSS"));                      /* oneself */
    assert_false(qs_usrpmn_check("BOSS", "CLERK"));                    /* not symmetric */
    struct qs_usrpmn *v;
    size_t n, gone;
    assert_int_equal(qs_usrpmn_list(&v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].touser, "CLERK");
    free(v);
    assert_int_equal(qs_usrpmn_revoke("TEMP", "BOSS", &gone, &err), 0);
    assert_int_equal(gone, 1);
    assert_int_equal(qs_usrpmn_revoke("TEMP", "BOSS", &gone, &err), 0);
    assert_int_equal(gone, 0);
    assert_int_equal(qs_usrpmn_grant("TEMP", "BOSS", &err), 0);
    assert_int_equal(qs_usrpmn_revoke("*ALL", "BOSS", &gone, &err), 0);
    assert_int_equal(gone, 2);
    assert_false(qs_usrpmn_check("CLERK", "BOSS"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grant_revoke),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
