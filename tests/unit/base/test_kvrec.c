/* tests/unit/base/test_kvrec.c - key=value records round-trip any bytes. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/kvrec.h"

struct seen { int n, ends; char key[8][16]; struct qs_buf val[8]; };

static int cb(void *arg, const char *key, const char *val, size_t vlen)
{
    struct seen *s = arg;
    if (!key) { s->ends++; return 0; }
    if (s->n >= 8) return 1;
    snprintf(s->key[s->n], sizeof s->key[0], "%s", key);
    qs_buf_init(&s->val[s->n], 4096);
    qs_buf_add(&s->val[s->n], val, vlen);
    s->n++;
    return 0;
}

static void test_roundtrip(void **st)
{
    (void)st;
    static const char bin[] = "a\\b\nc\rd\0e\x01\x7f=f";
    struct qs_buf b;
    qs_buf_init(&b, 4096);
    assert_int_equal(qs_kv_add(&b, "bin", bin, sizeof bin - 1), 0);
    assert_int_equal(qs_kv_adds(&b, "empty", ""), 0);
    assert_int_equal(qs_kv_addll(&b, "num", -42), 0);
    assert_int_equal(qs_kv_end(&b), 0);
    assert_int_equal(qs_kv_adds(&b, "second", "x"), 0);
    assert_null(memchr(b.data, '\r', b.len));
    struct seen s = {0};
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_kv_parse(b.data, b.len, cb, &s, &err), 0);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.ends, 2);
    assert_string_equal(s.key[0], "bin");
    assert_int_equal(s.val[0].len, sizeof bin - 1);
    assert_memory_equal(s.val[0].data, bin, sizeof bin - 1);
    assert_int_equal(s.val[1].len, 0);
    assert_string_equal(s.val[2].data, "-42");
    for (int i = 0; i < s.n; i++) qs_buf_free(&s.val[i]);
    qs_buf_free(&b);
}

static void test_damaged(void **st)
{
    (void)st;
    static const char *const bad[] = { "novalue\n", "=x\n", "k=\\q\n", "k=\\x4\n", "k=\\" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct qs_buf b;
        qs_buf_init(&b, 100);
        qs_buf_adds(&b, bad[i]);
        struct seen s = {0};
        struct qs_err err = QS_ERR_INIT;
        assert_int_equal(qs_kv_parse(b.data, b.len, cb, &s, &err), -1);
        assert_string_equal(err.msgid, "CPF9898");
        qs_err_clear(&err);
        for (int j = 0; j < s.n; j++) qs_buf_free(&s.val[j]);
        qs_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
