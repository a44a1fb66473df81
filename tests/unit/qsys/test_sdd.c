/* tests/unit/qsys/test_sdd.c - the system distribution directory. */
#include "testlib.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/sdd/sdd.h"

static struct qs_sdd_entry ent(const char *u, const char *a, const char *su, const char *sd)
{
    struct qs_sdd_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.user, sizeof e.user, "%s", u);
    snprintf(e.addr, sizeof e.addr, "%s", a);
    snprintf(e.smtp_user, sizeof e.smtp_user, "%s", su);
    snprintf(e.smtp_domain, sizeof e.smtp_domain, "%s", sd);
    snprintf(e.desc, sizeof e.desc, "User %s", u);
    return e;
}

static int setup(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    return 0;
}

static void test_add_find_list(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    struct qs_sdd_entry e = ent("smith", "newyork", "jsmith", "example.com");
    snprintf(e.usrprf, sizeof e.usrprf, "jsmith");
    e.prefadr = QS_SDD_PREF_SMTP;
    assert_int_equal(qs_sdd_add(&e, &err), 0);
    struct qs_sdd_entry b = ent("ALLEN", "NEWYORK", "", "");
    b.msflvl = QS_SDD_MSF_SYSMS;
    assert_int_equal(qs_sdd_add(&b, &err), 0);

    struct qs_sdd_entry r;
    assert_int_equal(qs_sdd_find(" Smith", "NEWYORK ", &r, &err), 0);
    assert_string_equal(r.user, "SMITH");
    assert_string_equal(r.usrprf, "JSMITH");
    assert_int_equal(r.prefadr, QS_SDD_PREF_SMTP);
    assert_int_equal(qs_sdd_find_usrprf("jsmith", &r, &err), 0);
    assert_string_equal(r.addr, "NEWYORK");
    assert_int_equal(qs_sdd_find_smtp("JSMITH", "Example.COM", &r, &err), 0);
    assert_string_equal(r.user, "SMITH");

    struct qs_sdd_entry *v; size_t n;
    assert_int_equal(qs_sdd_list(&v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].user, "ALLEN");
    assert_int_equal(v[0].msflvl, QS_SDD_MSF_SYSMS);
    assert_string_equal(v[1].user, "SMITH");
    free(v);

    /* duplicates */
    assert_int_equal(qs_sdd_add(&e, &err), -1);
    assert_string_equal(err.msgid, "CPF9082");
    struct qs_sdd_entry c = ent("OTHER", "NEWYORK", "jsmith", "EXAMPLE.com");
    assert_int_equal(qs_sdd_add(&c, &err), -1);
    assert_string_equal(err.msgid, "CPF9084");
    qs_err_clear(&err);
}

static void test_change_remove(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    struct qs_sdd_entry e = ent("CHG", "LOC", "", "");
    assert_int_equal(qs_sdd_add(&e, &err), 0);
    struct qs_sdd_entry c = ent("chg", "loc", "chg", "x.org");
    snprintf(c.desc, sizeof c.desc, "ignored");
    c.msflvl = QS_SDD_MSF_SYSMS;
    assert_int_equal(qs_sdd_change(&c, QS_SDD_F_SMTP | QS_SDD_F_MSFLVL, &err), 0);
    struct qs_sdd_entry r;
    assert_int_equal(qs_sdd_find("CHG", "LOC", &r, &err), 0);
    assert_string_equal(r.smtp_user, "chg");
    assert_string_equal(r.desc, "User CHG");     /* *SAME */
    assert_int_equal(r.msflvl, QS_SDD_MSF_SYSMS);
    /* a change that would break an invariant changes nothing */
    c.prefadr = QS_SDD_PREF_SMTP;
    c.smtp_user[0] = c.smtp_domain[0] = '\0';
    assert_int_equal(qs_sdd_change(&c, QS_SDD_F_SMTP | QS_SDD_F_PREFADR, &err), -1);
    assert_string_equal(err.msgid, "CPF9083");
    assert_int_equal(qs_sdd_find("CHG", "LOC", &r, &err), 0);
    assert_string_equal(r.smtp_user, "chg");

    assert_int_equal(qs_sdd_remove("chg", "loc", &err), 0);
    assert_int_equal(qs_sdd_find("CHG", "LOC", &r, &err), -1);
    assert_string_equal(err.msgid, "CPF9006");
    assert_int_equal(qs_sdd_remove("chg", "loc", &err), -1);
    assert_string_equal(err.msgid, "CPF9006");
    assert_int_equal(qs_sdd_change(&c, QS_SDD_F_DESC, &err), -1);
    assert_string_equal(err.msgid, "CPF9006");
    qs_err_clear(&err);
}

static void test_bad_values(void **st)
{
    (void)st;
    static const struct { const char *u, *a, *su, *sd, *desc; } bad[] = {
        { "", "A", "", "", "" },
        { "A B", "A", "", "", "" },
        { "A", "ADDR*", "", "", "" },
        { "A", "B", "x@y", "d.com", "" },
        { "A", "B", "x", "", "" },
        { "A", "B", "x", "bad_dom", "" },
        { "A", "B", "", "", "tab\there" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct qs_err err = QS_ERR_INIT;
        struct qs_sdd_entry e = ent(bad[i].u, bad[i].a, bad[i].su, bad[i].sd);
        snprintf(e.desc, sizeof e.desc, "%s", bad[i].desc);
        assert_int_equal(qs_sdd_add(&e, &err), -1);
        assert_string_equal(err.msgid, "CPF9083");
        qs_err_clear(&err);
    }
    struct qs_err err = QS_ERR_INIT;
    char id[9];
    assert_int_equal(qs_sdd_norm_id("TOOLONGID", id, "USRID", &err), -1);
    assert_string_equal(err.msgid, "CPF9083");
    assert_int_equal(qs_sdd_norm_id(" ab$# ", id, "USRID", &err), 0);
    assert_string_equal(id, "AB$#");
    struct qs_sdd_entry e = ent("A", "B", "", "");
    snprintf(e.usrprf, sizeof e.usrprf, "1BAD");
    assert_int_equal(qs_sdd_add(&e, &err), -1);
    assert_string_equal(err.msgid, "CPF9083");
    qs_err_clear(&err);
}

static void test_damaged_file(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    char path[512];
    snprintf(path, sizeof path, "%s/sdd/entries", qs_test_root());
    struct qs_sdd_entry e = ent("D", "D", "", "");
    assert_int_equal(qs_sdd_add(&e, &err), 0);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("garbage line\n", f);
    fclose(f);
    struct qs_sdd_entry r;
    assert_int_equal(qs_sdd_find("D", "D", &r, &err), -1);
    assert_string_equal(err.msgid, "CPF9898");
    assert_int_equal(qs_sdd_add(&e, &err), -1);   /* never overwrites damage */
    unlink(path);
    qs_err_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_find_list),
        cmocka_unit_test(test_change_remove),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_damaged_file),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
