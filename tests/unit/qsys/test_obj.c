/* tests/unit/qsys/test_obj.c - the object store: names, create/read/update,
 * damage detection, *LIBL, authorities, locks. */
#include "testlib.h"
#include "qsys/obj/obj.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <fcntl.h>
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static void setup_root(void)
{
    qs_test_root();
    qs_root_reset();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_obj_init_system(&e), 0);
}

static void test_names(void **st)
{
    static const struct { const char *in; const char *out; } good[] = {
        { "abc", "ABC" }, { "$X", "$X" }, { "#A1_", "#A1_" }, { "@", "@" },
        { "ABCDEFGHIJ", "ABCDEFGHIJ" },
    };
    static const char *const bad[] = { "", "1ABC", "_A", "ABCDEFGHIJK", "A.B", "A/B", "..",
                                       "A B", "Ä", "A\n" };
    char out[11];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(qs_name_check(good[i].in, out, "X", NULL), 0);
        assert_string_equal(out, good[i].out);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct qs_err e = QS_ERR_INIT;
        assert_int_equal(qs_name_check(bad[i], out, "OBJ", &e), -1);
        assert_string_equal(e.msgid, "CPD0078");
        assert_non_null(strstr(e.text, "OBJ"));
        qs_err_clear(&e);
    }
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_objtype_check("*dtaara", out, &e), 0);
    assert_string_equal(out, "*DTAARA");
    assert_int_equal(qs_objtype_check("DTAARA", out, &e), -1);
    assert_string_equal(e.msgid, "CPF2160");
    qs_err_clear(&e);
}

static void test_create_read_update(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_objdesc d, r;
    qs_objdesc_init(&d, "QGPL", "mydata", "*DTAARA", "JOE");
    qs_strlcpy(d.text, "line\nbreak text", sizeof d.text);
    assert_int_equal(qs_obj_create(&d, "hello\0world", 11, &e), 0);
    assert_int_equal(qs_obj_create(&d, "x", 1, &e), -1);
    assert_string_equal(e.msgid, "CPF9870");
    qs_err_clear(&e);

    struct qs_buf b;
    qs_buf_init(&b, 1024);
    assert_int_equal(qs_obj_read("qgpl", "MYDATA", "*DTAARA", &r, &b, &e), 0);
    assert_int_equal(b.len, 11);
    assert_memory_equal(b.data, "hello\0world", 11);
    assert_string_equal(r.owner, "JOE");
    assert_string_equal(r.text, "line break text");
    assert_int_equal(r.pubaut, QS_AUT_CHANGE);

    assert_int_equal(qs_objdesc_set_prvaut(&r, "bob", QS_AUT_USE, &e), 0);
    r.pubaut = QS_AUT_EXCLUDE;
    assert_int_equal(qs_obj_update(&r, "", 0, &e), 0);
    qs_buf_reset(&b);
    assert_int_equal(qs_obj_read("QGPL", "MYDATA", "*DTAARA", &d, &b, &e), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(d.nprv, 1);
    assert_int_equal(qs_obj_authority(&d, "BOB", 0), QS_AUT_USE);
    assert_int_equal(qs_obj_authority(&d, "JOE", 0), QS_AUT_ALL);
    assert_int_equal(qs_obj_authority(&d, "EVE", 0), QS_AUT_EXCLUDE);
    assert_int_equal(qs_obj_authority(&d, "EVE", 1), QS_AUT_ALL);
    assert_int_equal(qs_obj_check_aut(&d, "BOB", 0, QS_AUT_CHANGE, &e), -1);
    assert_string_equal(e.msgid, "CPF9802");
    qs_err_clear(&e);
    assert_int_equal(qs_obj_check_aut(&d, "BOB", 0, QS_AUT_USE, &e), 0);

    /* not found / library not found / bad names */
    assert_int_equal(qs_obj_read("QGPL", "NOPE", "*DTAARA", &r, NULL, &e), -1);
    assert_string_equal(e.msgid, "CPF9801");
    qs_err_clear(&e);
    assert_int_equal(qs_obj_read("NOLIB", "X", "*DTAARA", &r, NULL, &e), -1);
    assert_string_equal(e.msgid, "CPF9810");
    qs_err_clear(&e);
    assert_int_equal(qs_obj_read("QGPL", "../X", "*DTAARA", &r, NULL, &e), -1);
    assert_string_equal(e.msgid, "CPD0078");
    qs_err_clear(&e);
    qs_strlcpy(r.name, "GONE", sizeof r.name);
    assert_int_equal(qs_obj_update(&r, "", 0, &e), -1);
    assert_string_equal(e.msgid, "CPF9801");
    qs_err_clear(&e);

    /* *LIBL */
    char lib[11];
    assert_int_equal(qs_obj_resolve(NULL, "*LIBL", "mydata", "*DTAARA", lib, &e), 0);
    assert_string_equal(lib, "QGPL");
    assert_int_equal(qs_obj_resolve(NULL, "*LIBL", "none", "*DTAARA", lib, &e), -1);
    assert_string_equal(e.msgid, "CPF9801");
    qs_err_clear(&e);

    assert_int_equal(qs_obj_delete("QGPL", "MYDATA", "*DTAARA", &e), 0);
    assert_int_equal(qs_obj_delete("QGPL", "MYDATA", "*DTAARA", &e), -1);
    assert_string_equal(e.msgid, "CPF9801");
    qs_err_clear(&e);
    qs_buf_free(&b);
}

/* Every truncation and a flipped byte anywhere must give CPF8105, never a crash. */
static void test_damaged(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_objdesc d;
    qs_objdesc_init(&d, "QGPL", "DMG", "*DTAARA", "JOE");
    assert_int_equal(qs_obj_create(&d, "payload-bytes", 13, &e), 0);
    struct qs_buf path, raw;
    qs_buf_init(&path, 4096);
    qs_buf_init(&raw, 1 << 20);
    qs_root_path(&path, &e, "QSYS.LIB/QGPL.LIB/DMG.DTAARA");
    assert_int_equal(qs_file_read(qs_buf_str(&path), 1 << 20, &raw, &e), 0);
    for (size_t cut = 0; cut < raw.len; cut++) {
        assert_int_equal(qs_file_write_atomic(qs_buf_str(&path), raw.data, cut, 0600, &e), 0);
        assert_int_equal(qs_obj_read("QGPL", "DMG", "*DTAARA", &d, NULL, &e), -1);
        assert_string_equal(e.msgid, "CPF8105");
        qs_err_clear(&e);
    }
    /* flip the last payload byte: CRC catches it */
    raw.data[raw.len - 1] ^= 1;
    assert_int_equal(qs_file_write_atomic(qs_buf_str(&path), raw.data, raw.len, 0600, &e), 0);
    assert_int_equal(qs_obj_read("QGPL", "DMG", "*DTAARA", &d, NULL, &e), -1);
    assert_string_equal(e.msgid, "CPF8105");
    qs_err_clear(&e);
    qs_buf_free(&path);
    qs_buf_free(&raw);
}

static int count_cb(const struct qs_objdesc *d, void *arg)
{
    (*(int *)arg)++;
    return 0;
}

static void test_libs_and_list(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_lib_create("MYLIB", "Mine", "JOE", &e), 0);
    assert_int_equal(qs_lib_create("MYLIB", "Mine", "JOE", &e), -1);
    assert_string_equal(e.msgid, "CPF2111");
    qs_err_clear(&e);
    struct qs_objdesc d;
    const char *names[] = { "B", "A", "C" };
    for (int i = 0; i < 3; i++) {
        qs_objdesc_init(&d, "MYLIB", names[i], i == 2 ? "*MSGF" : "*DTAARA", "JOE");
        assert_int_equal(qs_obj_create(&d, "x", 1, &e), 0);
    }
    int n = 0;
    assert_int_equal(qs_obj_list("MYLIB", "*DTAARA", count_cb, &n, &e), 0);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(qs_obj_list("MYLIB", "*ALL", count_cb, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(qs_lib_delete("QSYS", &e), -1);
    assert_string_equal(e.msgid, "CPF2182");
    qs_err_clear(&e);
    assert_int_equal(qs_lib_delete("MYLIB", &e), 0);
    assert_false(qs_lib_exists("MYLIB"));
    assert_int_equal(qs_lib_delete("MYLIB", &e), -1);
    assert_string_equal(e.msgid, "CPF9810");
    qs_err_clear(&e);
}

static void test_locks(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_objlock a = QS_OBJLOCK_INIT, b = QS_OBJLOCK_INIT;
    assert_int_equal(qs_obj_lock("QGPL", "LK", "*DTAARA", QS_LOCK_SHARED, 0, &a, &e), 0);
    /* a child cannot take it exclusively while we hold it shared */
    pid_t pid = fork();
    if (pid == 0) {
        struct qs_err ce = QS_ERR_INIT;
        struct qs_objlock c = QS_OBJLOCK_INIT;
        int rc = qs_obj_lock("QGPL", "LK", "*DTAARA", QS_LOCK_EXCL, 30, &c, &ce);
        int ok = rc == -1 && strcmp(ce.msgid, "CPF9803") == 0;
        rc = qs_obj_lock("QGPL", "LK", "*DTAARA", QS_LOCK_SHARED, 0, &c, &ce);
        _exit(ok && rc == 0 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    qs_obj_unlock(&a);
    assert_int_equal(qs_obj_lock("QGPL", "LK", "*DTAARA", QS_LOCK_EXCL, 0, &b, &e), 0);
    qs_obj_unlock(&b);
    qs_obj_unlock(&b);
}

static void test_qtemp(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_objdesc d;
    qs_objdesc_init(&d, "QTEMP", "T", "*DTAARA", "JOE");
    qs_obj_set_qtemp(NULL);
    assert_int_equal(qs_obj_create(&d, "x", 1, &e), -1);
    assert_string_equal(e.msgid, "CPF9810");
    qs_err_clear(&e);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/qtemp-test", qs_test_root());
    assert_int_equal(qs_mkdir_p(dir, 0700, &e), 0);
    qs_obj_set_qtemp(dir);
    assert_int_equal(qs_obj_create(&d, "x", 1, &e), 0);
    char lib[11];
    assert_int_equal(qs_obj_resolve(NULL, NULL, "T", "*DTAARA", lib, &e), 0);
    assert_string_equal(lib, "QTEMP");
    qs_obj_set_qtemp(NULL);
}

/* kill -9 a writer in the middle of updates: the object must always read back
 * as one complete version (old or new), never damaged. */
static void test_kill9_during_write(void **st)
{
    setup_root();
    struct qs_err e = QS_ERR_INIT;
    const size_t big = 2u * 1024 * 1024;
    unsigned char *buf = malloc(big);
    assert_non_null(buf);
    memset(buf, 'A', big);
    struct qs_objdesc d;
    qs_objdesc_init(&d, "QGPL", "K9", "*USRSPC", "JOE");
    assert_int_equal(qs_obj_create(&d, buf, big, &e), 0);
    for (int round = 0; round < 8; round++) {
        int pfd[2];
        assert_int_equal(pipe(pfd), 0);
        pid_t pid = fork();
        if (pid == 0) {
            close(pfd[0]);
            struct qs_objdesc cd = d;
            for (unsigned char v = 'B';; v = v == 'Z' ? 'B' : (unsigned char)(v + 1)) {
                memset(buf, v, big);
                qs_obj_update(&cd, buf, big, NULL);
                if (write(pfd[1], "x", 1) < 0)   /* tell the parent one landed */
                    _exit(1);
            }
        }
        close(pfd[1]);
        char c;
        assert_int_equal(read(pfd[0], &c, 1), 1);   /* at least one update done */
        /* let it get into the next write, at a different point each round */
        struct timespec ts = { 0, (long)(round + 1) * 3 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        close(pfd[0]);
        struct qs_buf b;
        qs_buf_init(&b, big + 1);
        struct qs_objdesc r;
        assert_int_equal(qs_obj_read("QGPL", "K9", "*USRSPC", &r, &b, &e), 0);
        assert_int_equal(b.len, big);
        for (size_t i = 1; i < big; i++)
            if (b.data[i] != b.data[0])
                fail_msg("mixed versions at byte %zu", i);
        qs_buf_free(&b);
    }
    free(buf);
    /* listing the library sweeps the killed writers' temp files */
    int n = 0;
    assert_int_equal(qs_obj_list("QGPL", "*ALL", count_cb, &n, &e), 0);
    struct qs_buf dir;
    qs_buf_init(&dir, 4096);
    qs_root_path(&dir, &e, "QSYS.LIB/QGPL.LIB");
    DIR *dp = opendir(qs_buf_str(&dir));
    assert_non_null(dp);
    struct dirent *de;
    while ((de = readdir(dp)) != NULL)
        assert_null(strstr(de->d_name, ".tmp."));
    closedir(dp);
    qs_buf_free(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_create_read_update),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_libs_and_list),
        cmocka_unit_test(test_locks),
        cmocka_unit_test(test_qtemp),
        cmocka_unit_test(test_kill9_during_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
