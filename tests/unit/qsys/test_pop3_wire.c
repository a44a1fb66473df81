/* Unit tests for qsys/pop/pop3_wire.c: LF to CRLF, byte-stuffing, TOP's
 * header/body line count, the same output whatever the slice size, and
 * the bare-LF count that LIST sizes come from. */
#include "testlib.h"

#include "qsys/pop/pop3_wire.h"

/* Encode in whole and in every slice size 1..8; all must give `want`. */
static void enc_all(const char *in, long top, const char *want)
{
    size_t n = strlen(in);
    char *out = malloc(QS_POP_ENC_ROOM(n) + 1);
    assert_non_null(out);
    for (size_t step = 0; step <= 8; step++) {
        struct qs_pop_enc e;
        qs_pop_enc_init(&e, top);
        size_t o = 0, at = 0, k = step ? step : (n ? n : 1);
        while (at < n && !e.done) {
            size_t take = n - at < k ? n - at : k, used;
            o += qs_pop_enc(&e, in + at, take, out + o, &used);
            assert_true(used == take || e.done);
            at += used;
        }
        out[o] = '\0';
        assert_string_equal(out, want);
    }
    free(out);
}

static void retr(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } t[] = {
        { "", "" },
        { "a\nb\n", "a\r\nb\r\n" },
        { "a\r\nb\r\n", "a\r\nb\r\n" },
        { "a\r\nb\nc", "a\r\nb\r\nc" },
        { ".\n..x\r\n.y\n", "..\r\n...x\r\n..y\r\n" },
        { "x.\n\n.\n", "x.\r\n\r\n..\r\n" },
        { "a\rb\n\r\r\n", "a\rb\r\n\r\r\n" },          /* a bare CR goes as is */
        { "\n\n", "\r\n\r\n" },
        { "\r\n.\r\n", "\r\n..\r\n" },                /* no early end of message */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        enc_all(t[i].in, -1, t[i].want);
}

static void top(void **state)
{
    (void)state;
    enc_all("S: x\nT: y\n\nl1\nl2\nl3\n", 0, "S: x\r\nT: y\r\n\r\n");
    enc_all("S: x\nT: y\n\nl1\nl2\nl3\n", 2, "S: x\r\nT: y\r\n\r\nl1\r\nl2\r\n");
    enc_all("S: x\r\n\r\nl1\r\n.l2\r\nl3\r\n", 2, "S: x\r\n\r\nl1\r\n..l2\r\n");
    enc_all("S: x\r\n\r\nl1\r\n", 5, "S: x\r\n\r\nl1\r\n");
    enc_all("S: x\r\nno body", 0, "S: x\r\nno body");
    enc_all("\r\nbody\r\nmore\r\n", 1, "\r\nbody\r\n");   /* empty header */
}

static void bare_lf(void **state)
{
    (void)state;
    static const struct { const char *in; unsigned long want; } t[] = {
        { "", 0 }, { "a\n", 1 }, { "a\r\n", 0 }, { "\n\r\n\n", 2 }, { "a\rb\n", 1 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        for (size_t cut = 0; cut <= strlen(t[i].in); cut++) {   /* split anywhere */
            int cr = 0;
            uint64_t n = qs_pop_bare_lf(t[i].in, cut, &cr);
            n += qs_pop_bare_lf(t[i].in + cut, strlen(t[i].in) - cut, &cr);
            assert_int_equal(n, t[i].want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retr),
        cmocka_unit_test(top),
        cmocka_unit_test(bare_lf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
