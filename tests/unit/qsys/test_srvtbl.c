/* tests/unit/qsys/test_srvtbl.c - the service table. */
#include "testlib.h"
#include "qsys/srvtbl/srvtbl.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

static void setup_root(void)
{
    qs_test_root();
    qs_root_reset();
}

static int count(const struct qs_srvtble *e, void *arg)
{
    (*(int *)arg)++;
    return 0;
}

static void test_defaults(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    static const struct { const char *s; int p; } want[] = {
        { "smtp", 25 }, { "submission", 587 }, { "smtps", 465 },
        { "pop3", 110 }, { "pop3s", 995 }, { "lpd", 515 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int port = 0;
        assert_int_equal(qs_srvtbl_port(want[i].s, "tcp", &port, &e), 0);
        assert_int_equal(port, want[i].p);
    }
    int port;
    assert_int_equal(qs_srvtbl_port("smtp", "udp", &port, &e), -1);
    assert_string_equal(e.msgid, "TCP1902");
    qs_err_clear(&e);
}

static void test_add_remove(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_srvtble x;
    memset(&x, 0, sizeof x);
    qs_strlcpy(x.service, "qsmtptest", sizeof x.service);
    qs_strlcpy(x.protocol, "TCP", sizeof x.protocol);
    qs_strlcpy(x.aliases[0], "qtest", sizeof x.aliases[0]);
    x.naliases = 1;
    x.port = 24025;
    assert_int_equal(qs_srvtbl_add(&x, &e), 0);
    assert_int_equal(qs_srvtbl_add(&x, &e), -1);
    assert_string_equal(e.msgid, "TCP1901");
    qs_err_clear(&e);
    int port = 0, n = 0;
    assert_int_equal(qs_srvtbl_port("qtest", NULL, &port, &e), 0);
    assert_int_equal(port, 24025);
    assert_int_equal(qs_srvtbl_list(count, &n, &e), 0);
    assert_int_equal(n, 7);
    assert_int_equal(qs_srvtbl_set_port("smtp", "tcp", 24026, &e), 0);
    assert_int_equal(qs_srvtbl_port("smtp", "tcp", &port, &e), 0);
    assert_int_equal(port, 24026);
    assert_int_equal(qs_srvtbl_remove("qsmtptest", 0, "tcp", &e), 0);
    assert_int_equal(qs_srvtbl_remove("qsmtptest", 0, "tcp", &e), -1);
    assert_string_equal(e.msgid, "TCP1902");
    qs_err_clear(&e);

    /* bad values change nothing */
    const char *bad_svc[] = { "", "a b", "a\tb", "a,b",
                              "0123456789012345678901234567890123" };
    for (size_t i = 0; i < sizeof bad_svc / sizeof bad_svc[0]; i++) {
        memset(&x, 0, sizeof x);
        qs_strlcpy(x.service, bad_svc[i], sizeof x.service);
        qs_strlcpy(x.protocol, "tcp", sizeof x.protocol);
        x.port = 1;
        if (strlen(bad_svc[i]) > QS_SRV_NAME_MAX)
            continue;
        assert_int_equal(qs_srvtbl_add(&x, &e), -1);
        assert_string_equal(e.msgid, "TCP1903");
        qs_err_clear(&e);
    }
    memset(&x, 0, sizeof x);
    qs_strlcpy(x.service, "ok", sizeof x.service);
    qs_strlcpy(x.protocol, "tcp", sizeof x.protocol);
    x.port = 65536;
    assert_int_equal(qs_srvtbl_add(&x, &e), -1);
    assert_string_equal(e.msgid, "TCP1903");
    qs_err_clear(&e);
    n = 0;
    assert_int_equal(qs_srvtbl_list(count, &n, &e), 0);
    assert_int_equal(n, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_add_remove),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
