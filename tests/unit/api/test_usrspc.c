/* tests/unit/api/test_usrspc.c - user spaces through the IBM APIs. */
#include "testlib.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusec.h>
#include <quscrtus.h>
#include <qusrtvus.h>
#include <quschgus.h>
#include <qusptrus.h>
#include <qusdltus.h>
#include <qshim_monitor.h>

#include <sys/wait.h>

struct ec {
    Qus_EC_t ec;
    char data[64];
};

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

#define SPC "LISTSPC   QGPL      "
/* fixed IBM fields: TEXT is CHAR(50), extended attribute CHAR(10) */
#define TXT "List space                                        "
#define NOTXT "                                                  "

static void test_create_rw(void **st)
{
    start();
    struct ec e;
    memset(&e, 0, sizeof e);
    e.ec.Bytes_Provided = sizeof e;
    QUSCRTUS(SPC, "LIST      ", 1000, "\0", "*ALL      ", TXT, "*NO       ", &e);
    assert_int_equal(e.ec.Bytes_Available, 0);
    QUSCRTUS(SPC, "LIST      ", 1000, "\0", "*ALL      ", TXT, "*NO       ", &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF9870", 7);
    QUSCRTUS(SPC, "LIST      ", 1000, " ", "*ALL      ", TXT, "*YES      ", &e);
    assert_int_equal(e.ec.Bytes_Available, 0);

    char buf[16];
    QUSRTVUS(SPC, 1, 4, buf, &e);
    assert_int_equal(e.ec.Bytes_Available, 0);
    assert_memory_equal(buf, "    ", 4);   /* initial value blank */
    QUSCHGUS(SPC, 997, 4, "ABCD", "2", &e);
    assert_int_equal(e.ec.Bytes_Available, 0);
    QUSRTVUS(SPC, 995, 6, buf, &e);
    assert_memory_equal(buf, "  ABCD", 6);
    QUSCHGUS(SPC, 998, 4, "ABCD", "0", &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF3C14", 7);
    QUSRTVUS(SPC, 0, 1, buf, &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF3C13", 7);
    QUSCHGUS(SPC, 1, 1, "x", "9", &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF3C3C", 7);
    QUSCRTUS("BAD       QGPL      ", "          ", 0, "\0", "*ALL      ", NOTXT, "*NO       ", &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF3C1A", 7);
    QUSCRTUS("X         NOLIB     ", "          ", 10, "\0", "*ALL      ", NOTXT, "*NO       ", &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF9810", 7);

    /* the error code is optional: without it, an escape */
    volatile int reached = 0;
    QS_MONITOR {
        QUSRTVUS("NOSUCH    QGPL      ", 1, 1, buf);
        reached = 1;
    } QS_ON_ERROR {
        assert_string_equal(QS_MSGID, "CPF9801");
    } QS_END_MONITOR;
    assert_int_equal(reached, 0);
    QUSRTVUS(SPC, 1, 1, buf);   /* fine without it too */
}

static void test_pointer(void **st)
{
    struct qs_job *j = start();
    struct ec e;
    memset(&e, 0, sizeof e);
    e.ec.Bytes_Provided = sizeof e;
    QUSCRTUS("PSPC      QGPL      ", "          ", 4096, "\0", "*ALL      ", NOTXT, "*YES      ", &e);
    char *p = NULL;
    QUSPTRUS("PSPC      QGPL      ", &p, &e);
    assert_int_equal(e.ec.Bytes_Available, 0);
    assert_non_null(p);
    memcpy(p + 100, "via pointer", 11);
    char buf[16];
    QUSRTVUS("PSPC      QGPL      ", 101, 11, buf, &e);
    assert_memory_equal(buf, "via pointer", 11);
    char *p2 = NULL;
    QUSPTRUS("PSPC      QGPL      ", &p2);
    assert_ptr_equal(p, p2);
    /* another job (process) sees the change and its change is seen here */
    pid_t pid = fork();
    if (pid == 0) {
        char b[12];
        struct qs_err qe = QS_ERR_INIT;
        int ok = qs_usrspc_read(NULL, "QGPL", "PSPC", 101, 11, b, &qe) == 0 &&
                 memcmp(b, "via pointer", 11) == 0 &&
                 qs_usrspc_write(NULL, "QGPL", "PSPC", 1, 5, "child", 0, &qe) == 0;
        _exit(ok ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_memory_equal(p, "child", 5);

    /* auto-extend: a write past the end grows the space */
    struct qs_err qe = QS_ERR_INIT;
    assert_int_equal(qs_usrspc_set_attr(j, "QGPL", "PSPC", 0, 1, &qe), 0);
    QUSCHGUS("PSPC      QGPL      ", 8000, 3, "end", "1", &e);
    assert_int_equal(e.ec.Bytes_Available, 0);
    assert_memory_equal(p + 7999, "end", 3);

    QUSDLTUS("PSPC      QGPL      ", &e);
    assert_int_equal(e.ec.Bytes_Available, 0);
    QUSDLTUS("PSPC      QGPL      ", &e);
    assert_memory_equal(e.ec.Exception_Id, "CPF9801", 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_rw),
        cmocka_unit_test(test_pointer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
