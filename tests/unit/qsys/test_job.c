/* tests/unit/qsys/test_job.c - jobs, program messages, job log, DSPMSGD. */
#include "testlib.h"
#include "qsys/job/job.h"
#include "qsys/job/joblog.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

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

static void test_identity(void **st)
{
    struct qs_job *j = start();
    assert_int_equal(strlen(j->number), 6);
    assert_string_equal(j->name, "TEST_JOB");
    assert_true(j->spcaut != 0);
    assert_int_equal(j->ccsid, QS_JOB_CCSID_NATIVE);
    struct stat sb;
    assert_int_equal(stat(j->qtemp, &sb), 0);
    char *qt = strdup(j->qtemp);
    char first[7];
    memcpy(first, j->number, 7);
    qs_job_end();
    assert_int_equal(stat(qt, &sb), -1);   /* QTEMP removed */
    free(qt);
    j = start();
    assert_string_not_equal(j->number, first);

    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_job_set_ccsid(j, 37, &e), 0);
    assert_true(qs_job_is_ebcdic(j));
    assert_int_equal(qs_job_set_ccsid(j, 1208, &e), 0);
    assert_false(qs_job_is_ebcdic(j));
    assert_int_equal(qs_job_set_ccsid(j, 65535, &e), 0);
    assert_int_equal(j->ccsid, QS_JOB_CCSID_NATIVE);
    assert_int_equal(qs_job_set_ccsid(j, 70000, &e), -1);
    assert_string_equal(e.msgid, "CPF1B65");
    qs_err_clear(&e);
}

static void test_number_wraps(void **st)
{
    start();
    struct qs_err e = QS_ERR_INIT;
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    qs_root_path(&p, &e, "run/jobnum");
    assert_int_equal(qs_file_write_atomic(qs_buf_str(&p), "999999\n", 7, 0600, &e), 0);
    char n[7];
    assert_int_equal(qs_job_next_number(n, &e), 0);
    assert_string_equal(n, "000001");
    assert_int_equal(qs_file_write_atomic(qs_buf_str(&p), "garbage", 7, 0600, &e), 0);
    assert_int_equal(qs_job_next_number(n, &e), 0);
    assert_string_equal(n, "000001");
    qs_buf_free(&p);
}

static void test_messages(void **st)
{
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_job_push_pgm(j, "CALLER"), 0);
    assert_int_equal(qs_job_push_pgm(j, "CALLEE"), 0);
    /* escape to the caller, info to self */
    qs_err_set(&e, "CPF9801", "*DTAARA", "NOPE", "QGPL", (const char *)NULL);
    assert_int_equal(qs_job_send_err(j, &e, QS_MSG_ESCAPE, "*PRV", NULL), 0);
    qs_err_clear(&e);
    const char hi[] = "Hello from CALLEE";
    unsigned key;
    assert_int_equal(qs_job_sndpgmmsg(j, NULL, hi, strlen(hi), QS_MSG_INFO, "*", 0, &key, &e), 0);
    assert_true(key > 0);
    assert_int_equal(qs_job_sndpgmmsg(j, "XXX9999", "", 0, QS_MSG_INFO, "*", 0, NULL, &e), -1);
    assert_string_equal(e.msgid, "CPF2419");
    qs_err_clear(&e);
    assert_int_equal(qs_job_sndpgmmsg(j, NULL, "x", 1, QS_MSG_INFO, "NOTONSTACK", 0, NULL, &e), -1);
    assert_string_equal(e.msgid, "CPF2469");
    qs_err_clear(&e);

    struct qs_jobmsg m;
    assert_int_equal(qs_job_rcvmsg(j, QS_MSG_ESCAPE, 1, &m), 0);   /* not ours */
    assert_int_equal(qs_job_rcvmsg(j, -1, 1, &m), 1);
    assert_string_equal(m.text, hi);
    qs_jobmsg_free(&m);
    qs_job_pop_pgm(j);
    assert_int_equal(qs_job_rcvmsg(j, QS_MSG_ESCAPE, 0, &m), 1);
    assert_string_equal(m.msgid, "CPF9801");
    assert_string_equal(m.text, "Object NOPE in library QGPL not found.");
    assert_string_equal(m.from_pgm, "CALLEE");
    qs_jobmsg_free(&m);
    assert_int_equal(qs_job_rcvmsg(j, QS_MSG_ESCAPE, 1, &m), 1);
    qs_jobmsg_free(&m);
    assert_int_equal(qs_job_rcvmsg(j, QS_MSG_ESCAPE, 1, &m), 0);
    qs_job_pop_pgm(j);

    /* the job log has all of it, IBM-like */
    struct qs_buf out;
    qs_buf_init(&out, 1 << 20);
    assert_int_equal(qs_joblog_format(j, NULL, 1, &out, &e), 0);
    const char *s = qs_buf_str(&out);
    assert_non_null(strstr(s, "Display Job Log"));
    assert_non_null(strstr(s, "CPF1124    Completion"));
    assert_non_null(strstr(s, "CPF9801    Escape                  40"));
    assert_non_null(strstr(s, "Message . . . . :   Object NOPE in library QGPL not found."));
    assert_non_null(strstr(s, "Hello from CALLEE"));
    /* another job's log by number */
    char num[7];
    memcpy(num, j->number, 7);
    qs_buf_reset(&out);
    assert_int_equal(qs_joblog_format(NULL, num, 0, &out, &e), 0);
    assert_non_null(strstr(qs_buf_str(&out), "CPF9801"));
    assert_int_equal(qs_joblog_format(NULL, "12x456", 0, &out, &e), -1);
    assert_string_equal(e.msgid, "CPF1070");
    qs_err_clear(&e);
    qs_buf_free(&out);
}

static void test_joblog_parse_garbage(void **st)
{
    static const char *const bad[] = {
        "", "x", "1.000000 CPF9801", "1.000000 CPF9801 *BAD 40 A B 1 - -",
        "1.000000 CPF9801 *INFO 40 A B 1 zz -", "1.000000 CPF9801 *INFO 40 A B 1 - 4",
        "1.000000 CPF9801 *INFO 40 A B 1 - 41 extra", "abc.000000 - *INFO 0 A B 1 - -",
        "1.000000 - *INFO 0 ABCDEFGHIJKL B 1 - -",
    };
    struct qs_jobmsg m;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(qs_joblog_parse(bad[i], strlen(bad[i]), &m), -1);
    const char *good = "1.000001 - *INFO 0 A B 7 - 4869";
    assert_int_equal(qs_joblog_parse(good, strlen(good), &m), 0);
    assert_string_equal(m.text, "Hi");
    assert_int_equal(m.key, 7);
    qs_jobmsg_free(&m);
}

static void test_generic_ids(void **st)
{
    assert_true(qs_msgid_matches("CPF0000", "CPF9801"));
    assert_true(qs_msgid_matches("CPF9800", "CPF9801"));
    assert_false(qs_msgid_matches("CPF9800", "CPF9901"));
    assert_true(qs_msgid_matches("CPF9801", "CPF9801"));
    assert_false(qs_msgid_matches("CPF9801", "CPF9802"));
    assert_false(qs_msgid_matches("MCH0000", "CPF9801"));
    assert_false(qs_msgid_matches("CPF", "CPF9801"));
}

static void test_msgd(void **st)
{
    struct qs_err e = QS_ERR_INIT;
    struct qs_buf out;
    qs_buf_init(&out, 65536);
    assert_int_equal(qs_msgd_format("cpf9801", &out, &e), 0);
    assert_non_null(strstr(qs_buf_str(&out), "Message ID . . . . . . . . . :   CPF9801"));
    assert_non_null(strstr(qs_buf_str(&out), "Object &2 in library &3 not found."));
    assert_int_equal(qs_msgd_format("ZZZ9999", &out, &e), -1);
    assert_string_equal(e.msgid, "CPF2419");
    qs_err_clear(&e);
    assert_int_equal(qs_msgd_format("CPF", &out, &e), -1);
    qs_err_clear(&e);
    qs_buf_free(&out);
}

/* A job killed with -9 leaves its QTEMP; the next job start removes it. */
static void test_qtemp_swept_after_kill(void **st)
{
    start();
    qs_job_end();
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct qs_err ce = QS_ERR_INIT;
        struct qs_job *cj = qs_job_current(&ce);
        if (!cj || write(pfd[1], cj->qtemp, strlen(cj->qtemp) + 1) < 0)
            _exit(1);
        pause();
        _exit(0);
    }
    close(pfd[1]);
    char path[1024] = "";
    ssize_t n = read(pfd[0], path, sizeof path - 1);
    assert_true(n > 0);
    close(pfd[0]);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    assert_int_equal(stat(path, &sb), 0);    /* still there after kill -9 */
    start();                                  /* next job sweeps it */
    assert_int_equal(stat(path, &sb), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_number_wraps),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_joblog_parse_garbage),
        cmocka_unit_test(test_generic_ids),
        cmocka_unit_test(test_msgd),
        cmocka_unit_test(test_qtemp_swept_after_kill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
