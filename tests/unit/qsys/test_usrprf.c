/* tests/unit/qsys/test_usrprf.c - profiles and the sign-on check. */
#include "testlib.h"
#include "qsys/usrprf/usrprf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <sys/stat.h>

static void setup_root(void)
{
    qs_test_root();
    qs_root_reset();
}

static void make(const char *name, const char *pw)
{
    struct qs_err e = QS_ERR_INIT;
    struct qs_usrprf p;
    qs_usrprf_init(&p, name);
    assert_int_equal(qs_usrprf_set_password(&p, pw, &e), 0);
    assert_int_equal(qs_usrprf_create(&p, &e), 0);
}

static void test_create_retrieve(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_usrprf p, r;
    qs_usrprf_init(&p, "mailusr");
    p.spcaut = QS_SPCAUT_IOSYSCFG | QS_SPCAUT_JOBCTL;
    p.ccsid = 37;
    qs_strlcpy(p.text, "Mail user", sizeof p.text);
    assert_int_equal(qs_usrprf_set_password(&p, "Secret1!", &e), 0);
    assert_int_equal(strncmp(p.pwhash, "$y$", 3), 0);
    assert_int_equal(qs_usrprf_create(&p, &e), 0);
    assert_int_equal(qs_usrprf_create(&p, &e), -1);
    assert_string_equal(e.msgid, "CPF2214");
    qs_err_clear(&e);

    assert_int_equal(qs_usrprf_retrieve("MAILUSR", &r, &e), 0);
    assert_string_equal(r.name, "MAILUSR");
    assert_int_equal(r.spcaut, QS_SPCAUT_IOSYSCFG | QS_SPCAUT_JOBCTL);
    assert_int_equal(r.ccsid, 37);
    assert_string_equal(r.text, "Mail user");
    assert_true(r.enabled);

    /* the file holds no clear password and is 0600 */
    struct qs_buf path, raw;
    qs_buf_init(&path, 4096);
    qs_buf_init(&raw, 65536);
    qs_root_path(&path, &e, "QSYS.LIB/QSYS.LIB/MAILUSR.USRPRF");
    struct stat sb;
    assert_int_equal(stat(qs_buf_str(&path), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(qs_file_read(qs_buf_str(&path), 65536, &raw, &e), 0);
    assert_null(strstr(raw.data, "Secret1!"));
    qs_buf_free(&path);
    qs_buf_free(&raw);

    assert_int_equal(qs_usrprf_retrieve("NOBODY", &r, &e), -1);
    assert_string_equal(e.msgid, "CPF2204");
    qs_err_clear(&e);
    assert_int_equal(qs_usrprf_retrieve("1BAD", &r, &e), -1);
    assert_string_equal(e.msgid, "CPD0078");
    qs_err_clear(&e);

    r.enabled = 0;
    assert_int_equal(qs_usrprf_change(&r, &e), 0);
    assert_int_equal(qs_usrprf_retrieve("MAILUSR", &p, &e), 0);
    assert_false(p.enabled);
    assert_int_equal(qs_usrprf_delete("MAILUSR", &e), 0);
    assert_int_equal(qs_usrprf_delete("MAILUSR", &e), -1);
    assert_string_equal(e.msgid, "CPF2204");
    qs_err_clear(&e);
}

static void test_bad_passwords(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_usrprf p;
    qs_usrprf_init(&p, "X");
    char longpw[200];
    memset(longpw, 'a', sizeof longpw - 1);
    longpw[sizeof longpw - 1] = '\0';
    const char *bad[] = { "", "a\nb", longpw };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(qs_usrprf_set_password(&p, bad[i], &e), -1);
        assert_string_equal(e.msgid, "CPF2203");
        assert_null(strstr(e.text, "a\nb"));
        qs_err_clear(&e);
    }
}

static void test_signon(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    make("ALICE", "right");
    make("NOPW", NULL);
    assert_int_equal(qs_usrprf_signon("alice", "right", &e), 0);
    assert_int_equal(qs_usrprf_signon("ALICE", "Right", &e), -1);
    assert_string_equal(e.msgid, "CPF22E2");
    qs_err_clear(&e);
    /* success resets the count */
    assert_int_equal(qs_usrprf_signon("ALICE", "right", &e), 0);
    struct qs_usrprf p;
    assert_int_equal(qs_usrprf_retrieve("ALICE", &p, &e), 0);
    assert_int_equal(p.invalid_signons, 0);
    assert_true(p.last_signon > 0);

    /* three wrong passwords disable it; then even the right one is refused */
    for (int i = 0; i < QS_USRPRF_QMAXSIGN; i++) {
        assert_int_equal(qs_usrprf_signon("ALICE", "wrong", &e), -1);
        assert_string_equal(e.msgid, "CPF22E2");
        qs_err_clear(&e);
    }
    assert_int_equal(qs_usrprf_signon("ALICE", "right", &e), -1);
    assert_string_equal(e.msgid, "CPF22E3");
    qs_err_clear(&e);
    assert_int_equal(qs_usrprf_retrieve("ALICE", &p, &e), 0);
    assert_false(p.enabled);
    p.enabled = 1;
    p.invalid_signons = 0;
    assert_int_equal(qs_usrprf_change(&p, &e), 0);
    assert_int_equal(qs_usrprf_signon("ALICE", "right", &e), 0);

    assert_int_equal(qs_usrprf_signon("NOPW", "", &e), -1);
    assert_string_equal(e.msgid, "CPF22E5");
    qs_err_clear(&e);
    assert_int_equal(qs_usrprf_signon("GHOST", "x", &e), -1);
    assert_string_equal(e.msgid, "CPF2204");
    qs_err_clear(&e);
    assert_int_equal(qs_usrprf_signon("../../etc", "x", &e), -1);
    assert_string_equal(e.msgid, "CPD0078");
    qs_err_clear(&e);
    assert_int_equal(qs_usrprf_signon("ALICE", NULL, &e), -1);
    qs_err_clear(&e);

    p.pwdexp = 1;
    assert_int_equal(qs_usrprf_change(&p, &e), 0);
    assert_int_equal(qs_usrprf_signon("ALICE", "right", &e), -1);
    assert_string_equal(e.msgid, "CPF22E4");
    qs_err_clear(&e);
}

/* The in-memory cache of verified passwords (pwcache.h) never lets an old
 * or wrong password in. */
static void test_signon_cache(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    make("CACHED", "first1");
    assert_int_equal(qs_usrprf_signon("CACHED", "first1", &e), 0);
    assert_int_equal(qs_usrprf_signon("CACHED", "first1", &e), 0);     /* from the cache */
    assert_int_equal(qs_usrprf_signon("CACHED", "first2", &e), -1);    /* wrong: still counted */
    assert_string_equal(e.msgid, "CPF22E2");
    qs_err_clear(&e);
    struct qs_usrprf p;
    assert_int_equal(qs_usrprf_retrieve("CACHED", &p, &e), 0);
    assert_int_equal(p.invalid_signons, 1);
    assert_int_equal(qs_usrprf_set_password(&p, "second", &e), 0);
    p.invalid_signons = 0;
    assert_int_equal(qs_usrprf_change(&p, &e), 0);
    assert_int_equal(qs_usrprf_signon("CACHED", "first1", &e), -1);    /* the old one */
    assert_string_equal(e.msgid, "CPF22E2");
    qs_err_clear(&e);
    assert_int_equal(qs_usrprf_signon("CACHED", "second", &e), 0);
    assert_int_equal(qs_usrprf_signon("CACHED", "second", &e), 0);
    assert_int_equal(qs_usrprf_retrieve("CACHED", &p, &e), 0);
    assert_int_equal(p.invalid_signons, 0);
    (void)st;
}

static void test_host_user(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_usrprf p;
    unsetenv("QSHIM_USER");
    assert_int_equal(qs_usrprf_current(&p, &e), 0);
    assert_true(p.spcaut & QS_SPCAUT_ALLOBJ);
    assert_string_equal(p.usrcls, "*SECOFR");
    setenv("QSHIM_USER", "nosuch", 1);
    assert_int_equal(qs_usrprf_current(&p, &e), -1);
    assert_string_equal(e.msgid, "CPF2204");
    qs_err_clear(&e);
    make("NOSUCH", "pw");
    assert_int_equal(qs_usrprf_current(&p, &e), 0);
    assert_string_equal(p.name, "NOSUCH");
    assert_false(p.spcaut & QS_SPCAUT_ALLOBJ);
    unsetenv("QSHIM_USER");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_retrieve),
        cmocka_unit_test(test_bad_passwords),
        cmocka_unit_test(test_signon),
        cmocka_unit_test(test_signon_cache),
        cmocka_unit_test(test_host_user),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
