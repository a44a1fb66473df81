/* tests/unit/base/test_packed.c - packed and zoned decimal, table-driven. */
#include "testlib.h"
#include "qsys/base/packed.h"
#include "qsys/base/err.h"

#include <limits.h>

static void test_packed_ll(void **st)
{
    static const struct {
        int digits;
        long long v;
        const char *hex;
    } t[] = {
        { 1, 0, "0c" },        { 1, 7, "7c" },          { 1, -7, "7d" },
        { 2, 12, "012c" },     { 3, 123, "123c" },      { 5, -12345, "12345d" },
        { 7, 1234567, "1234567c" },
        { 18, 999999999999999999LL, "0999999999999999999c" },
        { 19, LLONG_MAX, "9223372036854775807c" },
        { 19, LLONG_MIN, "9223372036854775808d" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        unsigned char p[32], want[32];
        size_t n = QS_PACKED_LEN(t[i].digits);
        for (size_t k = 0; k < n; k++) {
            unsigned v;
            char h[3] = { t[i].hex[2 * k], t[i].hex[2 * k + 1], 0 };
            v = (unsigned)strtoul(h, NULL, 16);
            want[k] = (unsigned char)v;
        }
        struct qs_err e = QS_ERR_INIT;
        assert_int_equal(qs_packed_from_ll(p, t[i].digits, t[i].v, &e), 0);
        assert_memory_equal(p, want, n);
        long long back;
        assert_int_equal(qs_packed_to_ll(p, t[i].digits, &back, &e), 0);
        assert_true(back == t[i].v);
    }
}

static void test_packed_errors(void **st)
{
    struct qs_err e = QS_ERR_INIT;
    unsigned char p[8];
    long long v;
    /* overflow */
    assert_int_equal(qs_packed_from_ll(p, 3, 1000, &e), -1);
    assert_string_equal(e.msgid, "MCH1210");
    qs_err_clear(&e);
    memset(p, 0x5a, sizeof p);
    assert_int_equal(qs_packed_from_ll(p, 3, -1000, &e), -1);
    assert_int_equal(p[0], 0x5a);   /* receiver untouched */
    qs_err_clear(&e);
    /* bad sign, bad digit, bad pad nibble */
    static const unsigned char bad[][3] = { { 0x12, 0x34 }, { 0x1a, 0x3c }, { 0xa1, 0x2c } };
    static const int bd[] = { 3, 3, 2 };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(qs_packed_to_ll(bad[i], bd[i], &v, &e), -1);
        assert_string_equal(e.msgid, "MCH1202");
        qs_err_clear(&e);
    }
    /* F is a valid positive sign, B negative */
    const unsigned char f[] = { 0x12, 0x3f }, b[] = { 0x12, 0x3b };
    assert_int_equal(qs_packed_to_ll(f, 3, &v, &e), 0);
    assert_int_equal(v, 123);
    assert_int_equal(qs_packed_to_ll(b, 3, &v, &e), 0);
    assert_int_equal(v, -123);
    /* beyond int64 */
    unsigned char big[16];
    assert_int_equal(qs_packed_from_text(big, 25, 0, "12345678901234567890123", 23, &e), 0);
    assert_int_equal(qs_packed_to_ll(big, 25, &v, &e), -1);
    assert_string_equal(e.msgid, "MCH1210");
    qs_err_clear(&e);
    /* digits out of range */
    assert_int_equal(qs_packed_from_ll(p, 0, 1, &e), -1);
    qs_err_clear(&e);
    assert_int_equal(qs_packed_from_ll(p, 64, 1, &e), -1);
    qs_err_clear(&e);
}

static void test_text(void **st)
{
    static const struct {
        int digits, scale;
        const char *in, *out;   /* out NULL: must fail with id */
        const char *id;
    } t[] = {
        { 7, 2, "123.45", "123.45", NULL },
        { 7, 2, "  -0.5 ", "-0.50", NULL },
        { 7, 2, "-0", "0.00", NULL },
        { 7, 2, "12345.678", "12345.67", NULL },   /* fraction truncated */
        { 7, 2, "123456", NULL, "MCH1210" },
        { 7, 2, "000012345.1", "12345.10", NULL },
        { 5, 0, "+42", "42", NULL },
        { 5, 5, ".12345", "0.12345", NULL },
        { 5, 0, "", NULL, "MCH1202" },
        { 5, 0, "-", NULL, "MCH1202" },
        { 5, 0, "1 2", NULL, "MCH1202" },
        { 5, 0, "12a", NULL, "MCH1202" },
        { 5, 0, "1e3", NULL, "MCH1202" },
        { 63, 0, "999999999999999999999999999999999999999999999999999999999999999",
          "999999999999999999999999999999999999999999999999999999999999999", NULL },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        unsigned char p[40], z[70];
        char out[80];
        struct qs_err e = QS_ERR_INIT;
        int rc = qs_packed_from_text(p, t[i].digits, t[i].scale, t[i].in, strlen(t[i].in), &e);
        int rz = qs_zoned_from_text(z, t[i].digits, t[i].scale, t[i].in, strlen(t[i].in), NULL);
        if (!t[i].out) {
            assert_int_equal(rc, -1);
            assert_int_equal(rz, -1);
            assert_string_equal(e.msgid, t[i].id);
            qs_err_clear(&e);
            continue;
        }
        assert_int_equal(rc, 0);
        assert_int_equal(qs_packed_to_text(p, t[i].digits, t[i].scale, out, sizeof out, &e), 0);
        assert_string_equal(out, t[i].out);
        assert_int_equal(rz, 0);
        assert_int_equal(qs_zoned_to_text(z, t[i].digits, t[i].scale, out, sizeof out, &e), 0);
        assert_string_equal(out, t[i].out);
    }
}

static void test_zoned(void **st)
{
    struct qs_err e = QS_ERR_INIT;
    unsigned char z[5];
    long long v;
    assert_int_equal(qs_zoned_from_ll(z, 5, -123, &e), 0);
    const unsigned char want[] = { 0xf0, 0xf0, 0xf1, 0xf2, 0xd3 };
    assert_memory_equal(z, want, 5);
    assert_int_equal(qs_zoned_to_ll(z, 5, &v, &e), 0);
    assert_int_equal(v, -123);
    /* ASCII form */
    assert_int_equal(qs_zoned_to_ll((const unsigned char *)"00123", 5, &v, &e), 0);
    assert_int_equal(v, 123);
    assert_int_equal(qs_zoned_to_ll((const unsigned char *)"0012s", 5, &v, &e), 0);
    assert_int_equal(v, -123);   /* 's' = 0x73: ASCII negative zone */
    assert_int_equal(qs_zoned_to_ll((const unsigned char *)"00 23", 5, &v, &e), -1);
    assert_string_equal(e.msgid, "MCH1202");
    qs_err_clear(&e);
    assert_int_equal(qs_zoned_from_ll(z, 2, 100, &e), -1);
    assert_string_equal(e.msgid, "MCH1210");
    qs_err_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packed_ll),
        cmocka_unit_test(test_packed_errors),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_zoned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
