/*
 * test_ccsid_conv.c - conversion descriptor behaviour: streaming with exact
 * resume, error offsets, 65535, text mode, NUL stop, every SIMD level
 * identical to the scalar path, fast paths identical to the pivot, the
 * registry, and DBCS round trips of Japanese, Chinese and Korean text.
 */
#include "testlib.h"

#include <errno.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"
#include "ccsid/simd.h"

static struct qs_conv *open_or_die(int to, int from, unsigned flags)
{
    struct qs_conv *cd;
    assert_int_equal(qs_conv_open(&cd, to, from, flags, NULL), 0);
    return cd;
}

/* convert with an output window of `step` bytes at a time */
static size_t conv_steps(int to, int from, unsigned flags, const void *in, size_t n,
                         uint8_t *out, size_t cap, size_t step)
{
    struct qs_conv *cd = open_or_die(to, from, flags);
    const char *ip = in;
    size_t il = n, total = 0;
    size_t win = step;
    for (;;) {
        char *op = (char *)out + total;
        const char *ip0 = ip;
        size_t room = win < cap - total ? win : cap - total, r0 = room;
        size_t r = qs_conv(cd, &ip, &il, &op, &room);
        total += r0 - room;
        if (r != (size_t)-1)
            break;
        assert_int_equal(errno, E2BIG);
        assert_true(total < cap);
        /* no room for even one character: E2BIG without progress; widen */
        win = (ip == ip0 && r0 == room) ? win + 1 : step;
    }
    assert_int_equal(il, 0);
    for (;;) {
        char *op = (char *)out + total;
        size_t room = step < cap - total ? step : cap - total, r0 = room;
        size_t r = qs_conv(cd, NULL, NULL, &op, &room);
        total += r0 - room;
        if (r != (size_t)-1)
            break;
    }
    qs_conv_free(&cd);
    return total;
}

static const char *samples[] = {
    "日本語のテキスト：東京都千代田区、カタカナとひらがな。ABC 123.",
    "简体中文文本：北京市海淀区，中华人民共和国。",
    "繁體中文文本：臺北市，中華民國。",
    "한국어 텍스트: 서울특별시, 대한민국. 漢字도 있다.",
};
static const struct { int ccsid; int sample; } dbcs_cases[] = {
    { 930, 0 }, { 939, 0 }, { 1390, 0 }, { 1399, 0 }, { 5026, 0 }, { 5035, 0 },
    { 932, 0 }, { 943, 0 }, { 954, 0 },
    { 935, 1 }, { 1388, 1 }, { 1386, 1 },
    { 937, 2 }, { 1371, 2 }, { 950, 2 }, { 964, 2 },
    { 933, 3 }, { 1364, 3 }, { 949, 3 }, { 970, 3 },
};

static void test_dbcs_roundtrip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dbcs_cases / sizeof dbcs_cases[0]; i++) {
        const char *s = samples[dbcs_cases[i].sample];
        int cc = dbcs_cases[i].ccsid;
        uint8_t a[1024], b[1024], c[1024];
        size_t n = strlen(s);
        size_t an = conv_steps(cc, 1208, QS_CONV_STRICT, s, n, a, sizeof a, sizeof a);
        size_t bn = conv_steps(1208, cc, QS_CONV_STRICT, a, an, b, sizeof b, sizeof b);
        if (bn != n || memcmp(b, s, n) != 0)
            fail_msg("round trip through CCSID %d changed the text", cc);
        /* every output window size gives the same bytes */
        for (size_t step = 1; step <= 7; step++) {
            size_t cn = conv_steps(cc, 1208, QS_CONV_STRICT, s, n, c, sizeof c, step);
            assert_int_equal(cn, an);
            assert_memory_equal(c, a, an);
        }
    }
}

static void test_mixed_shift(void **state)
{
    (void)state;
    /* SO before the first DBCS character, SI before the next SBCS one and at the end */
    uint8_t out[64];
    size_t n = conv_steps(930, 1208, 0, "A\xE6\x97\xA5" "B\xE6\x97\xA5", 8, out, sizeof out, 64);
    static const uint8_t want[] = { 0xC1, 0x0E, 0x45, 0x62, 0x0F, 0xC2, 0x0E, 0x45, 0x62, 0x0F };
    assert_int_equal(n, sizeof want);
    assert_memory_equal(out, want, n);
    struct qs_conv *cd;
    const char *ip;
    size_t il, room;
    char buf[32], *op;
    /* the cut pair: input ends inside a character -> EINVAL at that pair */
    cd = open_or_die(1208, 930, 0);
    ip = (const char *)want; il = 3; op = buf; room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), (size_t)-1);
    assert_int_equal(errno, EINVAL);
    assert_ptr_equal(ip, (const char *)want + 2);
    il = sizeof want - 2;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), 0);
    assert_int_equal(sizeof buf - room, 1 + 3 + 1 + 3);
    assert_memory_equal(buf, "A\xE6\x97\xA5" "B\xE6\x97\xA5", 8);
    qs_conv_free(&cd);
}

static void test_errors(void **state)
{
    (void)state;
    struct qs_conv *cd = open_or_die(37, 1208, QS_CONV_STRICT);
    const char *in = "abc\xC3\x28xyz";
    const char *ip = in;
    size_t il = 8;
    char buf[32], *op = buf;
    size_t room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), (size_t)-1);
    assert_int_equal(errno, EILSEQ);
    assert_int_equal(ip - in, 3);
    assert_int_equal(sizeof buf - room, 3);
    qs_conv_free(&cd);
    /* truncated UTF-8 at the end: EINVAL, pointing at the lead byte */
    cd = open_or_die(37, 1208, QS_CONV_STRICT);
    in = "abc\xE6\x97";
    ip = in; il = 5; op = buf; room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), (size_t)-1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(ip - in, 3);
    qs_conv_free(&cd);
    /* unmappable in strict mode: EILSEQ at the character; substituted otherwise */
    cd = open_or_die(37, 1208, QS_CONV_STRICT);
    in = "ab\xE2\x82\xAC";   /* euro: not in 37 */
    ip = in; il = 5; op = buf; room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), (size_t)-1);
    assert_int_equal(errno, EILSEQ);
    assert_int_equal(ip - in, 2);
    qs_conv_free(&cd);
    cd = open_or_die(37, 1208, QS_CONV_SUBST);
    ip = in; il = 5; op = buf; room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), 1);
    assert_int_equal(sizeof buf - room, 3);
    assert_int_equal((uint8_t)buf[2], 0x3F);
    qs_conv_free(&cd);
    cd = open_or_die(37, 1208, QS_CONV_DROP);
    ip = in; il = 5; op = buf; room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), 1);
    assert_int_equal(sizeof buf - room, 2);
    qs_conv_free(&cd);
    /* qs_conv_buf reports the offset */
    struct qs_buf b;
    qs_buf_init(&b, 1024);
    size_t off = 99;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_conv_buf(37, 1208, 0, "xyz\xFF", 4, &b, &off, &err), -1);
    assert_int_equal(off, 3);
    assert_string_equal(err.msgid, "CPF9897");
    qs_err_clear(&err);
    qs_buf_free(&b);
    /* unknown CCSID */
    assert_int_equal(qs_conv_open(&cd, 37, 12345, 0, &err), -1);
    assert_string_equal(err.msgid, "CPF9897");
    qs_err_clear(&err);
}

static void test_hex_text_nul(void **state)
{
    (void)state;
    uint8_t out[16];
    assert_int_equal(conv_steps(37, 65535, 0, "\x01\xFF\x15", 3, out, sizeof out, 16), 3);
    assert_memory_equal(out, "\x01\xFF\x15", 3);
    /* NL stays NEL, LF stays LF */
    assert_int_equal(conv_steps(1208, 37, 0, "\x15\x25", 2, out, sizeof out, 16), 3);
    assert_memory_equal(out, "\xC2\x85\x0A", 3);
    /* text mode: NL -> LF; LF -> NL on the way back */
    assert_int_equal(conv_steps(1208, 37, QS_CONV_TEXT, "\x15\x25", 2, out, sizeof out, 16), 2);
    assert_memory_equal(out, "\x0A\x0A", 2);
    assert_int_equal(conv_steps(37, 1208, QS_CONV_TEXT, "a\n", 2, out, sizeof out, 16), 2);
    assert_memory_equal(out, "\x81\x15", 2);
    assert_int_equal(conv_steps(37, 819, QS_CONV_TEXT, "a\x0A", 2, out, sizeof out, 16), 2);
    assert_memory_equal(out, "\x81\x15", 2);
    /* NUL stop */
    struct qs_conv *cd = open_or_die(37, 819, QS_CONV_NULSTOP);
    const char *ip = "ab\0cd";
    size_t il = 5;
    char buf[8], *op = buf;
    size_t room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), 0);
    assert_int_equal(sizeof buf - room, 3);
    assert_memory_equal(buf, "\x81\x82\x00", 3);
    qs_conv_free(&cd);
    cd = open_or_die(1200, 930, QS_CONV_NULSTOP);
    ip = "\xC1\x00\xC2"; il = 3; op = buf; room = sizeof buf;
    assert_int_equal(qs_conv(cd, &ip, &il, &op, &room), 0);
    assert_int_equal(sizeof buf - room, 4);
    qs_conv_free(&cd);
}

static void test_simd_levels(void **state)
{
    (void)state;
    enum qs_simd_level top = qs_simd_level();
    uint8_t tab[256], in[4099], ref[4099], out[4099];
    srand(7);
    for (int t = 0; t < 20; t++) {
        for (int i = 0; i < 256; i++)
            tab[i] = (uint8_t)rand();
        for (size_t i = 0; i < sizeof in; i++)
            in[i] = (uint8_t)(t & 1 ? rand() : rand() % 0x80);
        for (int mode = 0; mode < 3; mode++) {
            for (size_t n = 0; n < sizeof in; n += 1 + n / 3) {
                size_t rr = qs_lut_at(QS_SIMD_SCALAR, tab, in, ref, n, mode);
                for (int l = 1; l <= (int)top; l++) {
                    memset(out, 0, sizeof out);
                    size_t r = qs_lut_at(l, tab, in, out, n, mode);
                    assert_int_equal(r, rr);
                    assert_memory_equal(out, ref, rr);
                }
            }
        }
    }
}

/* the fast paths against the pivot (through UTF-16) */
static void test_fast_equals_pivot(void **state)
{
    (void)state;
    static const int cc[] = { 37, 273, 500, 1047, 1140, 819, 1252, 420, 290 };
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof cc / sizeof cc[0]; i++) {
        for (unsigned fl = 0; fl < 3; fl++) {
            unsigned flags = fl == 0 ? QS_CONV_SUBST : fl == 1 ? QS_CONV_DROP : QS_CONV_SUBST | QS_CONV_TEXT;
            uint8_t a[2048], u16[2048], b[2048];
            size_t an = conv_steps(1208, cc[i], flags, all, 256, a, sizeof a, sizeof a);
            size_t un = conv_steps(1200, cc[i], flags, all, 256, u16, sizeof u16, sizeof u16);
            size_t bn = conv_steps(1208, 1200, flags, u16, un, b, sizeof b, sizeof b);
            assert_int_equal(an, bn);
            assert_memory_equal(a, b, an);
            /* and back, via the UTF-8 fast path and the pivot */
            size_t cn = conv_steps(cc[i], 1208, flags, a, an, b, sizeof b, 5);
            size_t dn = conv_steps(cc[i], 1200, flags, u16, un, u16 + 1024, 1024, 1024);
            assert_int_equal(cn, dn);
            assert_memory_equal(b, u16 + 1024, cn);
            /* SBCS -> SBCS table against the pivot */
            size_t en = conv_steps(37, cc[i], flags, all, 256, a, sizeof a, 3);
            size_t fn = conv_steps(37, 1200, flags, u16, un, b, sizeof b, sizeof b);
            assert_int_equal(en, fn);
            assert_memory_equal(a, b, en);
        }
    }
}

/* random mixtures of ASCII runs, Latin-1, other BMP, emoji and garbage */
static size_t random_utf8(uint8_t *p, size_t cap, unsigned seed, int garbage)
{
    static const char *const toks[] = {
        "a", "The quick brown fox ", "\xC3\xA9", "\xC3\xBC", "\xC2\xA7", "\xC3\x9F", "\n",
        "\xE2\x82\xAC", "\xE6\x97\xA5", "\xF0\x9F\x98\x80", "\xC2\x85",
        "0123456789012345678901234567890123456789012345678901234567890123456789",
    };
    static const char *const bad[] = { "\xFF", "\x80", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\xC0\xAF" };
    size_t n = 0;
    srand(seed);
    while (n + 80 < cap) {
        const char *t = garbage && rand() % 10 == 0 ? bad[rand() % 6] : toks[rand() % 12];
        size_t l = strlen(t);
        memcpy(p + n, t, l);
        n += l;
    }
    return n;
}

static void test_fast_random(void **state)
{
    (void)state;
    static uint8_t in[20000], a[80000], b[80000], u16[80000];
    static const int cc[] = { 37, 819, 1140, 500 };
    for (unsigned seed = 1; seed <= 24; seed++) {
        int garbage = seed % 2;
        size_t n = random_utf8(in, sizeof in, seed, garbage);
        int c = cc[seed % 4];
        unsigned flags = seed % 3 == 0 ? QS_CONV_DROP : QS_CONV_SUBST;
        size_t an = conv_steps(c, 1208, flags, in, n, a, sizeof a, seed % 5 ? 100000 : 97);
        size_t un = conv_steps(1200, 1208, flags, in, n, u16, sizeof u16, sizeof u16);
        size_t bn = conv_steps(c, 1200, flags, u16, un, b, sizeof b, sizeof b);
        assert_int_equal(an, bn);
        assert_memory_equal(a, b, an);
        /* and back to UTF-8: SBCS fast path against the pivot */
        size_t xn = conv_steps(1208, c, flags, a, an, in, sizeof in, seed % 5 ? 100000 : 61);
        size_t yn = conv_steps(1200, c, flags, a, an, u16, sizeof u16, sizeof u16);
        size_t zn = conv_steps(1208, 1200, flags, u16, yn, b, sizeof b, sizeof b);
        assert_int_equal(xn, zn);
        assert_memory_equal(in, b, xn);
        /* strict mode: the same error offset either way */
        if (garbage) {
            n = random_utf8(in, sizeof in, seed, garbage);
            struct qs_conv *f = open_or_die(c, 1208, 0), *p = open_or_die(1200, 1208, 0);
            const char *fi = (const char *)in, *pi = (const char *)in;
            size_t fl = n, pl = n, fo = sizeof a, po = sizeof u16;
            char *fop = (char *)a, *pop = (char *)u16;
            size_t fr = qs_conv(f, &fi, &fl, &fop, &fo);
            int fe = errno;
            size_t pr = qs_conv(p, &pi, &pl, &pop, &po);
            int pe = errno;
            assert_int_equal(fr, (size_t)-1);
            assert_int_equal(pr, (size_t)-1);
            assert_int_equal(fe, pe);
            /* the fast path may also stop at an unmappable character first */
            assert_true(fi <= pi);
            qs_conv_free(&f);
            qs_conv_free(&p);
        }
    }
}

static void test_registry(void **state)
{
    (void)state;
    struct qs_ccsid_info ci;
    assert_int_equal(qs_ccsid_info(37, &ci), 0);
    assert_int_equal(ci.esid, 1100);
    assert_int_equal(ci.kind, QS_CK_SBCS);
    assert_int_equal(qs_ccsid_info(930, &ci), 0);
    assert_int_equal(ci.esid, 1301);
    assert_true(ci.dbcs);
    assert_int_equal(qs_ccsid_info(1208, &ci), 0);
    assert_int_equal(ci.esid, 7808);
    assert_int_equal(qs_ccsid_info(65535, &ci), 0);
    assert_int_equal(ci.kind, QS_CK_NONE);
    assert_int_equal(qs_ccsid_info(0, &ci), -1);
    assert_int_equal(qs_ccsid_info(819, &ci), 0);
    assert_int_equal(ci.esid, 4100);
    assert_int_equal(qs_ccsid_info(367, &ci), 0);
    assert_int_equal(ci.esid, 5100);
    static const int need[] = { 37, 273, 277, 278, 280, 284, 285, 297, 420, 424, 500, 838, 870,
                                871, 875, 1025, 1026, 1047, 1112, 1122, 1123, 1140,
                                1149, 1153, 1158, 1160, 1164, 367, 819, 912, 915, 813, 916, 920,
                                923, 1250, 1258, 1208, 13488, 1200, 1202, 1232, 1234, 930, 939,
                                1390, 1399, 933, 1364, 935, 1388, 937, 1371, 5026, 5035, 932,
                                943, 954, 1386, 949, 970, 950, 964 };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (qs_ccsid_info(need[i], NULL) != 0)
            fail_msg("CCSID %d missing", need[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dbcs_roundtrip),
        cmocka_unit_test(test_mixed_shift),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hex_text_nul),
        cmocka_unit_test(test_simd_levels),
        cmocka_unit_test(test_fast_equals_pivot),
        cmocka_unit_test(test_fast_random),
        cmocka_unit_test(test_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
