/* tests/unit/qsys/test_dtaara.c - data areas: types, substrings, *LDA,
 * authority, and the data-area message ids. */
#include "testlib.h"
#include <sys/wait.h>
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

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

static void expect(struct qs_err *e, const char *id)
{
    assert_string_equal(e->msgid, id);
    qs_err_clear(e);
}

static void test_char(void **st)
{
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    struct qs_dtaara d;
    char out[2048];
    assert_int_equal(qs_dtaara_create(j, "QGPL", "cfg", QS_DTAARA_CHAR, 10, 0, "hello",
                                      "Config", QS_AUT_CHANGE, &e), 0);
    assert_int_equal(qs_dtaara_create(j, "QGPL", "CFG", QS_DTAARA_CHAR, 10, 0, NULL, NULL,
                                      QS_AUT_CHANGE, &e), -1);
    expect(&e, "CPF1023");
    assert_int_equal(qs_dtaara_retrieve(j, "*LIBL", "CFG", &d, &e), 0);
    assert_string_equal(d.lib, "QGPL");
    assert_int_equal(qs_dtaara_value_text(&d, 0, 0, out, sizeof out, &e), 0);
    assert_string_equal(out, "hello     ");
    assert_string_equal(d.text, "Config");
    /* substring change */
    assert_int_equal(qs_dtaara_change(j, "QGPL", "CFG", 7, 4, "WXYZ", 4, &e), 0);
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "CFG", &d, &e), 0);
    assert_int_equal(qs_dtaara_value_text(&d, 0, 0, out, sizeof out, &e), 0);
    assert_string_equal(out, "hello WXYZ");
    assert_int_equal(qs_dtaara_value_text(&d, 7, 2, out, sizeof out, &e), 0);
    assert_string_equal(out, "WX");
    assert_int_equal(qs_dtaara_change(j, "QGPL", "CFG", 11, 1, "x", 1, &e), -1);
    expect(&e, "CPF1088");
    assert_int_equal(qs_dtaara_change(j, "QGPL", "CFG", 8, 4, "x", 1, &e), -1);
    expect(&e, "CPF1089");
    /* whole value, longer than the area: cut */
    assert_int_equal(qs_dtaara_change(j, "QGPL", "CFG", 0, 0, "0123456789AB", 12, &e), 0);
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "CFG", &d, &e), 0);
    assert_int_equal(d.value_len, 10);
    assert_memory_equal(d.value, "0123456789", 10);

    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "NONE", &d, &e), -1);
    expect(&e, "CPF1015");
    assert_int_equal(qs_dtaara_retrieve(j, "NOLIB", "CFG", &d, &e), -1);
    expect(&e, "CPF1021");
    assert_int_equal(qs_dtaara_create(j, "QGPL", "BIG", QS_DTAARA_CHAR, 2001, 0, NULL, NULL,
                                      QS_AUT_CHANGE, &e), -1);
    expect(&e, "CPF1026");
    assert_int_equal(qs_dtaara_create(j, "QGPL", "9BAD", QS_DTAARA_CHAR, 1, 0, NULL, NULL,
                                      QS_AUT_CHANGE, &e), -1);
    expect(&e, "CPD0078");
    assert_int_equal(qs_dtaara_delete(j, "QGPL", "CFG", &e), 0);
    assert_int_equal(qs_dtaara_delete(j, "QGPL", "CFG", &e), -1);
    expect(&e, "CPF1015");
}

static void test_dec_lgl(void **st)
{
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    struct qs_dtaara d;
    char out[64];
    assert_int_equal(qs_dtaara_create(j, "QGPL", "AMT", QS_DTAARA_DEC, 7, 2, "-123.4", NULL,
                                      QS_AUT_CHANGE, &e), 0);
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "AMT", &d, &e), 0);
    assert_int_equal(d.value_len, 4);
    const unsigned char pk[] = { 0x00, 0x12, 0x34, 0x0d };
    assert_memory_equal(d.value, pk, 4);
    assert_int_equal(qs_dtaara_value_text(&d, 0, 0, out, sizeof out, &e), 0);
    assert_string_equal(out, "-123.40");
    assert_int_equal(qs_dtaara_change(j, "QGPL", "AMT", 0, 0, "99999.99", 8, &e), 0);
    assert_int_equal(qs_dtaara_change(j, "QGPL", "AMT", 0, 0, "100000", 6, &e), -1);
    expect(&e, "CPF1062");
    assert_int_equal(qs_dtaara_change(j, "QGPL", "AMT", 0, 0, "abc", 3, &e), -1);
    expect(&e, "CPF1062");
    assert_int_equal(qs_dtaara_change(j, "QGPL", "AMT", 1, 1, "1", 1, &e), -1);
    expect(&e, "CPF1087");
    assert_int_equal(qs_dtaara_create(j, "QGPL", "D15", QS_DTAARA_DEC, 0, -1, NULL, NULL,
                                      QS_AUT_CHANGE, &e), 0);
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "D15", &d, &e), 0);
    assert_int_equal(d.len, 15);
    assert_int_equal(d.dec, 5);
    assert_int_equal(qs_dtaara_create(j, "QGPL", "D3", QS_DTAARA_DEC, 3, 4, NULL, NULL,
                                      QS_AUT_CHANGE, &e), -1);
    expect(&e, "CPF1026");

    assert_int_equal(qs_dtaara_create(j, "QGPL", "FLAG", QS_DTAARA_LGL, 1, 0, "1", NULL,
                                      QS_AUT_CHANGE, &e), 0);
    assert_int_equal(qs_dtaara_change(j, "QGPL", "FLAG", 0, 0, "2", 1, &e), -1);
    expect(&e, "CPF1062");
    assert_int_equal(qs_dtaara_change(j, "QGPL", "FLAG", 0, 0, "0", 1, &e), 0);
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "FLAG", &d, &e), 0);
    assert_int_equal(d.value[0], '0');
}

static void test_lda_and_authority(void **st)
{
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    struct qs_dtaara d;
    assert_int_equal(qs_dtaara_retrieve(j, NULL, "*LDA", &d, &e), 0);
    assert_int_equal(d.len, 1024);
    assert_int_equal(qs_dtaara_change(j, NULL, "*lda", 1, 5, "ORDER", 5, &e), 0);
    assert_int_equal(qs_dtaara_retrieve(j, NULL, "*LDA", &d, &e), 0);
    assert_memory_equal(d.value, "ORDER ", 6);
    assert_int_equal(qs_dtaara_delete(j, NULL, "*LDA", &e), -1);
    expect(&e, "CPF1016");

    /* an object owned by someone else with *USE public: no change, no delete */
    assert_int_equal(qs_dtaara_create(j, "QGPL", "RO", QS_DTAARA_CHAR, 5, 0, "abc", NULL,
                                      QS_AUT_USE, &e), 0);
    unsigned saved = j->spcaut;
    char user[11];
    memcpy(user, j->user, sizeof user);
    j->spcaut = 0;
    qs_strlcpy(j->user, "OTHER", sizeof j->user);
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "RO", &d, &e), 0);
    assert_int_equal(qs_dtaara_change(j, "QGPL", "RO", 0, 0, "x", 1, &e), -1);
    expect(&e, "CPF1016");
    assert_int_equal(qs_dtaara_delete(j, "QGPL", "RO", &e), -1);
    expect(&e, "CPF1016");
    j->spcaut = saved;
    memcpy(j->user, user, sizeof user);
    assert_int_equal(qs_dtaara_change(j, "QGPL", "RO", 0, 0, "x", 1, &e), 0);
}

/* Four jobs change their own byte of one data area 40 times each: the
 * exclusive lock around read-modify-write must not lose any update. */
static void test_concurrent_substrings(void **st)
{
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_dtaara_create(j, "QGPL", "SHARED", QS_DTAARA_CHAR, 4, 0, "....", NULL,
                                      QS_AUT_CHANGE, &e), 0);
    pid_t pids[4];
    for (int k = 0; k < 4; k++) {
        pids[k] = fork();
        if (pids[k] == 0) {
            struct qs_err ce = QS_ERR_INIT;
            for (int i = 0; i < 40; i++) {
                char c = (char)('A' + (i % 26));
                if (qs_dtaara_change(NULL, "QGPL", "SHARED", k + 1, 1, &c, 1, &ce) < 0)
                    _exit(1);
            }
            _exit(0);
        }
    }
    for (int k = 0; k < 4; k++) {
        int status;
        waitpid(pids[k], &status, 0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    struct qs_dtaara d;
    assert_int_equal(qs_dtaara_retrieve(j, "QGPL", "SHARED", &d, &e), 0);
    assert_memory_equal(d.value, "NNNN", 4);   /* 'A' + 39 % 26 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_char),
        cmocka_unit_test(test_dec_lgl),
        cmocka_unit_test(test_lda_and_authority),
        cmocka_unit_test(test_concurrent_substrings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
