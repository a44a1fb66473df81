/* tests/unit/base/test_utf8.c - strict UTF-8 checks, the UTF-8 sanitizer,
 * Punycode A-labels and domain comparison. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/idna.h"
#include "qsys/base/utf8.h"

#include <string.h>

/* Every 1-4 byte sequence agrees with a decoder written from RFC 3629's
 * table (shortest form, no surrogates, at most U+10FFFF). */
static int ref_len(const unsigned char *p, size_t n, uint32_t *cp)
{
    for (size_t len = 1; len <= 4 && len <= n; len++) {
        uint32_t v;
        if (len == 1) {
            if (p[0] >= 0x80) continue;
            v = p[0];
        } else {
            unsigned lead_bits = 7 - (unsigned)len;
            unsigned mark = (0xFFu << (8 - len)) & 0xFF;
            if ((p[0] & (mark | 1u << lead_bits)) != mark) continue;
            v = p[0] & ((1u << lead_bits) - 1);
            size_t i = 1;
            for (; i < len && (p[i] & 0xC0) == 0x80; i++)
                v = v << 6 | (p[i] & 0x3F);
            if (i < len) continue;
            static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
            if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) continue;
        }
        *cp = v;
        return (int)len;
    }
    return 0;
}

static void seq_matches_reference(void **st)
{
    (void)st;
    unsigned char b[4];
    unsigned long checked = 0;
    /* all 2-byte inputs, and 3/4-byte inputs with a spread of tails */
    for (unsigned x = 0; x < 256; x++)
        for (unsigned y = 0; y < 256; y++)
            for (unsigned z = 0x70; z < 0xC8; z += 0x0F)
                for (unsigned w = 0x78; w < 0xC4; w += 0x13) {
                    b[0] = (unsigned char)x; b[1] = (unsigned char)y;
                    b[2] = (unsigned char)z; b[3] = (unsigned char)w;
                    for (size_t n = 1; n <= 4; n++) {
                        uint32_t a = 0, r = 0;
                        size_t got = qs_utf8_seq(b, n, &a);
                        int want = ref_len(b, n, &r);
                        if ((int)got != want || (want && a != r))
                            fail_msg("%02x %02x %02x %02x n=%zu: got %zu/%x want %d/%x",
                                     x, y, z, w, n, got, a, want, r);
                        checked++;
                    }
                }
    assert_true(checked > 1000000);
}

static void classes(void **st)
{
    (void)st;
    static const struct { const char *s; int cls, addr, latin1; } t[] = {
        { "abc", 0, 0, 1 },
        { "j\xc3\xb6rg", 1, 1, 1 },
        { "\xe2\x82\xac", 1, 1, 0 },
        { "\xf0\x9f\x98\x80", 1, 1, 0 },
        { "a\tb", 0, -1, 1 },              /* C0 */
        { "a\x7f", 0, -1, 1 },              /* DEL */
        { "a\xc2\x85", 1, -1, 1 },          /* C1 */
        { "\xc2\xa0", 1, 1, 1 },            /* U+00A0 is not a control */
        { "\xc0\x80", -1, -1, 0 },          /* overlong NUL */
        { "\xed\xbf\xbf", -1, -1, 0 },      /* surrogate */
        { "\xf4\x8f\xbf\xbf", 1, 1, 0 },    /* U+10FFFF */
        { "\xff", -1, -1, 0 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        size_t n = strlen(t[i].s);
        if (qs_utf8_class(t[i].s, n) != t[i].cls || qs_utf8_addr_class(t[i].s, n) != t[i].addr ||
            qs_utf8_is_latin1(t[i].s, n) != t[i].latin1)
            fail_msg("case %zu", i);
    }
    assert_true(qs_utf8_latin1_caseeq("J\xc3\x96RG", 5, "j\xc3\xb6rg", 5));
    assert_true(qs_utf8_latin1_caseeq("\xc3\x9e", 2, "\xc3\xbe", 2));     /* Þ þ */
    assert_false(qs_utf8_latin1_caseeq("\xc3\x97", 2, "\xc3\xb7", 2));    /* × ÷ */
    assert_false(qs_utf8_latin1_caseeq("\xc3\x9f", 2, "\xc3\xbf", 2));    /* ß ÿ */
    assert_false(qs_utf8_latin1_caseeq("ab", 2, "abc", 3));
    assert_false(qs_utf8_latin1_caseeq("a\xff", 2, "a\xff", 2));
}

static void sanitize_keeps_utf8(void **st)
{
    (void)st;
    char out[64];
    qs_sanitize_utf8(out, sizeof out, "j\xc3\xb6rg\xff\xc2\x85\\\r", 10);
    assert_string_equal(out, "j\xc3\xb6rg\\xff\\xc2\\x85\\x5c\\x0d");
    /* a cut never splits a character */
    char small[10];
    qs_sanitize_utf8(small, sizeof small, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9);
    assert_string_equal(small, "\xe2\x82\xac\xe2\x82\xac...");
}

/* RFC 6533 utf-8-addr-xtext / -unitext. */
static void addr_encode(void **st)
{
    (void)st;
    static const struct { const char *in; int uni; const char *want; } t[] = {
        { "j\xc3\xb6rg@x.test", 0, "j\\x{F6}rg@x.test" },
        { "j\xc3\xb6rg@x.test", 1, "j\xc3\xb6rg@x.test" },
        { "a+b=c\\d e@x", 1, "a\\x{2B}b\\x{3D}c\\x{5C}d\\x{20}e@x" },
        { "\xf0\x9f\x98\x80@x", 0, "\\x{1F600}@x" },
        { "\xe2\x82\xac@x", 0, "\\x{20AC}@x" },
        { "j\\x{F6}rg@x", 0, "j\\x{F6}rg@x" },            /* already encoded */
        { "a\xc2\x85@x", 1, "a\\x{85}@x" },                 /* C1 escaped */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_buf b;
        qs_buf_init(&b, 512);
        assert_int_equal(qs_utf8_addr_encode(&b, t[i].in, t[i].uni), 0);
        if (strcmp(qs_buf_str(&b), t[i].want) != 0)
            fail_msg("%zu: got %s want %s", i, qs_buf_str(&b), t[i].want);
        qs_buf_free(&b);
    }
}

/* Expected values from Python's punycode codec (RFC 3492; samples B, C, L
 * of RFC 3492 §7.1 among them). */
static void idna_a_labels(void **st)
{
    (void)st;
    static const struct { const char *u, *a; } t[] = {
        { "m\xc3\xbcnchen.example", "xn--mnchen-3ya.example" },
        { "M\xc3\x9cNCHEN.Example", "xn--mnchen-3ya.example" },
        { "b\xc3\xbc" "cher", "xn--bcher-kva" },
        { "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.jp", "xn--wgv71a119e.jp" },
        { "\xd9\x84\xd9\x8a\xd9\x87\xd9\x85\xd8\xa7\xd8\xa8\xd8\xaa\xd9\x83\xd9\x84\xd9\x85"
          "\xd9\x88\xd8\xb4\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\x9f", "xn--egbpdaj6bu4bxfgehfvwxn" },
        { "\xe4\xbb\x96\xe4\xbb\xac\xe4\xb8\xba\xe4\xbb\x80\xe4\xb9\x88\xe4\xb8\x8d\xe8\xaf\xb4"
          "\xe4\xb8\xad\xe6\x96\x87", "xn--ihqwcrb4cv8a8dqg056pqjye" },
        { "3\xe5\xb9\xb4" "b\xe7\xb5\x84\xe9\x87\x91\xe5\x85\xab\xe5\x85\x88\xe7\x94\x9f",
          "xn--3b-ww4c5e180e575a65lsy2b" },
        { "\xc3\x9cn\xc3\xaf.k\xc3\xb6ln.test", "xn--n-nga1b.xn--kln-sna.test" },
        { "\xc3\xbf", "xn--wda" },
        { "\xf0\x9f\x98\x80x", "xn--x-iv3s" },
        { "\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xb5\xd0\xbd\xd0\xbd\xd0\xbe\xd0\xb5-\xd0\xb8\xd0\xbc\xd1\x8f."
          "\xd1\x80\xd1\x84", "xn----gtbdaqueeage2s.xn--p1ai" },
        { "A.b", "a.b" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_buf b;
        qs_buf_init(&b, 512);
        if (qs_idna_to_ascii(t[i].u, strlen(t[i].u), &b) != 0 ||
            strcmp(qs_buf_str(&b), t[i].a) != 0)
            fail_msg("%zu: got %s want %s", i, b.data ? b.data : "(none)", t[i].a);
        qs_buf_free(&b);
    }
    struct qs_buf b;
    qs_buf_init(&b, 512);
    assert_int_equal(qs_idna_to_ascii("a\xff.b", 4, &b), -1);        /* not UTF-8 */
    /* 57 x U+00E9 is "xn--" + 59 characters (63); 58 would be 64 */
    char lab[130];
    for (int i = 0; i < 58; i++) { lab[2 * i] = '\xc3'; lab[2 * i + 1] = '\xa9'; }
    assert_int_equal(qs_idna_to_ascii(lab, 114, &b), 0);
    assert_int_equal(b.len, 63);
    assert_int_equal(qs_idna_to_ascii(lab, 116, &b), -1);
    qs_buf_free(&b);
    assert_true(qs_domain_eq("M\xc3\x9cnchen.Example", "xn--MNCHEN-3ya.example"));
    assert_true(qs_domain_eq("xn--mnchen-3ya.example", "m\xc3\xbcnchen.example"));
    assert_true(qs_domain_eq("QSHIM.test", "qshim.TEST"));
    assert_false(qs_domain_eq("munchen.example", "m\xc3\xbcnchen.example"));
    assert_false(qs_domain_eq("xn--mnchen-3ya.example", "xn--mnchen-3yb.example"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seq_matches_reference),
        cmocka_unit_test(classes),
        cmocka_unit_test(sanitize_keeps_utf8),
        cmocka_unit_test(idna_a_labels),
        cmocka_unit_test(addr_encode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
