/* tests/unit/base/test_utf8.c - strict UTF-8 checks and the UTF-8 sanitizer. */
#include "testlib.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seq_matches_reference),
        cmocka_unit_test(classes),
        cmocka_unit_test(sanitize_keeps_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
