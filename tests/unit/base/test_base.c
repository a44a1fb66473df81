/* Unit tests for qsys/base: buffers, errors and message data, strings, files. */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/msgtab.h"
#include "qsys/base/str.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"

#include <errno.h>
#include <sys/stat.h>

static void buf_grows_to_cap_and_refuses_more(void **state)
{
    (void)state;
    struct qs_buf b;
    qs_buf_init(&b, 10);
    assert_int_equal(qs_buf_adds(&b, "hello"), 0);
    assert_int_equal(qs_buf_addf(&b, "%d", 12345), 0);
    assert_string_equal(qs_buf_str(&b), "hello12345");
    errno = 0;
    assert_int_equal(qs_buf_addc(&b, 'x'), -1);
    assert_int_equal(errno, E2BIG);
    assert_int_equal(b.len, 10);
    qs_buf_consume(&b, 5);
    assert_string_equal(b.data, "12345");
    size_t l;
    char *p = qs_buf_detach(&b, &l);
    assert_int_equal(l, 5);
    free(p);
    assert_null(b.data);
    qs_buf_free(&b);
}

static void err_lays_out_replacement_data(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    assert_false(qs_err_isset(&e));
    assert_int_equal(qs_err_set(&e, "CPF9898", "Disk on fire", (const char *)NULL), -1);
    assert_true(qs_err_isset(&e));
    assert_string_equal(e.msgid, "CPF9898");
    assert_string_equal(e.text, "Disk on fire.");
    assert_int_equal(e.data_len, 512);
    assert_memory_equal(e.data, "Disk on fire   ", 15);
    qs_err_sys(&e, ENOENT);
    assert_string_equal(e.msgid, "CPE3025");
    assert_int_equal(e.sys_errno, ENOENT);
    qs_err_sys(&e, EBADF);
    assert_string_equal(e.msgid, "CPE3474");
    /* *BIN 4 is big-endian in the data, decimal in the text */
    assert_int_equal(e.data_len, 4);
    assert_int_equal(e.data[3], EBADF);
    char *help = qs_msg_format("CPE3474", 1, e.data, e.data_len);
    assert_non_null(strstr(help, "errno 9"));
    free(help);
    qs_err_clear(&e);
    assert_false(qs_err_isset(&e));
    assert_int_equal(qs_err_set(NULL, "CPF9898", "x", (const char *)NULL), -1);
}

static void msgtab_is_sorted_and_unique(void **state)
{
    (void)state;
    size_t n = qs_msgdesc_count();
    assert_true(n > 0);
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(qs_msgdesc_at(i - 1)->id, qs_msgdesc_at(i)->id) < 0);
    assert_non_null(qs_msgdesc_find("CPF3CF1"));
    assert_null(qs_msgdesc_find("XYZ9999"));
    char *t = qs_msg_format("XYZ9999", 0, NULL, 0);
    assert_string_equal(t, "Message XYZ9999 not found in message file QCPFMSG.");
    free(t);
}

static void fixed_fields(void **state)
{
    (void)state;
    char f[10], out[11];
    assert_int_equal(qs_fixed_set(f, 10, "QGPL", 4), 0);
    assert_memory_equal(f, "QGPL      ", 10);
    assert_int_equal(qs_fixed_len(f, 10), 4);
    qs_fixed_get(out, f, 10);
    assert_string_equal(out, "QGPL");
    assert_int_equal(qs_fixed_set(f, 10, "ABCDEFGHIJK", 11), -1);
    assert_memory_equal(f, "QGPL      ", 10);
    assert_int_equal(qs_fixed_set_trunc(f, 10, "ABCDEFGHIJK", 11), 1);
    assert_memory_equal(f, "ABCDEFGHIJ", 10);
    long long v;
    assert_int_equal(qs_parse_ll("-42", 3, -100, 100, &v), 0);
    assert_int_equal(v, -42);
    assert_int_equal(qs_parse_ll("101", 3, -100, 100, &v), -1);
    assert_int_equal(qs_parse_ll("99999999999999999999", 20, 0, 100, &v), -1);
    assert_int_equal(qs_parse_ll("1a", 2, 0, 100, &v), -1);
    assert_int_equal(qs_parse_ll("-", 1, -5, 5, &v), -1);
    assert_true(qs_memcaseeq("ehlo", 4, "EHLO"));
    assert_true(qs_strcaseeq("Mail", "MAIL"));
    char s[16];
    qs_sanitize(s, sizeof s, "a\r\nb", 4);
    assert_string_equal(s, "a\\x0d\\x0ab");
    qs_sanitize(s, sizeof s, "0123456789abcdefghij", 20);
    assert_int_equal(strlen(s), 15);
    assert_string_equal(s + 12, "...");
}

static void atomic_write_and_read(void **state)
{
    (void)state;
    const char *root = qs_test_root();
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/a/b/c", root);
    assert_int_equal(qs_mkdir_p(dir, 0700, NULL), 0);
    snprintf(path, sizeof path, "%s/obj", dir);
    assert_int_equal(qs_file_write_atomic(path, "one", 3, 0600, NULL), 0);
    assert_int_equal(qs_file_write_atomic(path, "two!", 4, 0600, NULL), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    struct qs_buf b;
    qs_buf_init(&b, 100);
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_file_read(path, 100, &b, &e), 0);
    assert_string_equal(b.data, "two!");
    qs_buf_reset(&b);
    assert_int_equal(qs_file_read(path, 2, &b, &e), -1);
    assert_int_equal(e.sys_errno, E2BIG);
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(qs_file_read(path, 100, &b, &e), -1);
    assert_string_equal(e.msgid, "CPE3025");
    qs_err_clear(&e);
    qs_buf_free(&b);
    int fd = qs_lock_path(path, 1, 0, NULL);
    assert_true(fd >= 0);
    close(fd);
}

static void root_from_env(void **state)
{
    (void)state;
    const char *t = qs_test_root();
    qs_root_reset();
    assert_string_equal(qs_root(NULL), t);
    struct qs_buf b;
    qs_buf_init(&b, 4096);
    assert_int_equal(qs_root_path(&b, NULL, "run/%s.pid", "smtp"), 0);
    assert_non_null(strstr(b.data, "/run/smtp.pid"));
    assert_memory_equal(b.data, t, strlen(t));
    qs_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_grows_to_cap_and_refuses_more),
        cmocka_unit_test(err_lays_out_replacement_data),
        cmocka_unit_test(msgtab_is_sorted_and_unique),
        cmocka_unit_test(fixed_fields),
        cmocka_unit_test(atomic_write_and_read),
        cmocka_unit_test(root_from_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
