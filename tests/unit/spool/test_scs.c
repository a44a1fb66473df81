/*
 * tests/unit/spool/test_scs.c - the SCS interpreter: a table of byte
 * inputs (controls, truncated commands, out-of-range values) and the page
 * text each must give.  Every input is also rendered cut at every length,
 * which must never crash or over-read (run under ASan by make asan).
 */
#include "testlib.h"
#include "spooltest.h"
#include "ccsid/conv.h"

/* EBCDIC: A=C1 B=C2 C=C3 X=E7 blank=40 */
struct scs_case {
    const char          *name;
    const unsigned char *in;
    size_t               n;
    const char          *want;
    unsigned             ndiags;
    const char          *diag;     /* substring of the diagnostics, or NULL */
};

#define C(name, want, nd, diag, ...) \
    { name, (const unsigned char[]){ __VA_ARGS__ }, sizeof((const unsigned char[]){ __VA_ARGS__ }), want, nd, diag }

static const struct scs_case cases[] = {
    C("NL",            "A\nB\n\f", 0, NULL,        0xC1, 0x15, 0xC2),
    C("CR overprint",  "XB\n\f", 0, NULL,          0x40, 0xC2, 0x0D, 0xE7),
    C("LF keeps col",  "AB\n  C\n\f", 0, NULL,     0xC1, 0xC2, 0x25, 0xC3),
    C("FF",            "A\n\fB\n\f", 0, NULL,      0xC1, 0x0C, 0xC2),
    C("FF first",      "A\n\f", 0, NULL,           0x0C, 0xC1),
    C("RFF",           "A\n\fB\n\f", 0, NULL,      0xC1, 0x3A, 0xC2),
    C("IRS is NL",     "A\nB\n\f", 0, NULL,        0xC1, 0x1E, 0xC2),
    C("BS",            " A\n\f", 0, NULL,          0x40, 0x40, 0x16, 0xC1),
    C("BS at col 1",   "A\n\f", 0, NULL,           0x16, 0x16, 0xC1),
    C("HT no stops",   "A B\n\f", 0, NULL,         0xC1, 0x05, 0xC2),
    C("SHF tabs",      "A      B\n\f", 0, NULL,    0x2B, 0xC1, 0x05, 0x50, 0x01, 0x50, 0x08, 0xC1, 0x05, 0xC2),
    C("SHF width",     "ABC\n\f", 1, "clipped",    0x2B, 0xC1, 0x02, 0x03, 0xC1, 0xC2, 0xC3, 0xC1),
    C("SVF length",    "A\n\nB\n\fC\n\f", 0, NULL, 0x2B, 0xC2, 0x02, 0x03, 0xC1, 0x15, 0x15, 0xC2, 0x15, 0xC3),
    C("VT stops",      "AB\n\n\n  B\n\f", 0, NULL, 0x2B, 0xC2, 0x05, 0x42, 0x01, 0x42, 0x04, 0xC1, 0xC2, 0x0B, 0xC2),
    C("VT no stops",   "A\n B\n\f", 0, NULL,       0xC1, 0x0B, 0xC2),
    C("TRN",           "A(B\n\f", 0, NULL,         0x35, 0x03, 0xC1, 0x4D, 0xC2),
    C("TRN cut",       "A\n\f", 1, "TRN of 5",     0x35, 0x05, 0xC1),
    C("TRN no length", "A\n\f", 1, "offset 1: TRN cut", 0xC1, 0x35),
    C("PP abs col",    "A        X\n\f", 0, NULL,  0xC1, 0x34, 0xC0, 0x0A, 0xE7),
    C("PP rel col",    "A   X\n\f", 0, NULL,       0xC1, 0x34, 0xC8, 0x03, 0xE7),
    C("PP abs line",   "A\n\n\nX\n\f", 0, NULL,    0xC1, 0x34, 0xC4, 0x04, 0x34, 0xC0, 0x01, 0xE7),
    C("PP abs up",     "\n\nA\n\f X\n\f", 0, NULL,    0x34, 0xC4, 0x03, 0xC1, 0x34, 0xC4, 0x01, 0xE7),
    C("PP rel line",   "A\n\n X\n\f", 0, NULL,     0xC1, 0x34, 0x4C, 0x02, 0xE7),
    C("PP unknown",    "AX\n\f", 1, "X'3477'",     0xC1, 0x34, 0x77, 0x01, 0xE7),
    C("PP cut",        "A\n\f", 1, "offset 1: presentation", 0xC1, 0x34, 0xC0),
    C("SLD",           "A\n\f", 0, NULL,           0x2B, 0xC6, 0x02, 0x0C, 0xC1),
    C("SCD SCGL SIC",  "A\n\f", 0, NULL,           0x2B, 0xD2, 0x04, 0x29, 0x00, 0x0F, 0x2B, 0xD1, 0x03, 0x81, 0x01,
                                                   0x2B, 0xD2, 0x03, 0x45, 0x01, 0xC1),
    C("SCG other CP",  "A\n\f", 1, "code page 500", 0x2B, 0xD1, 0x06, 0x01, 0x00, 0x01, 0x01, 0xF4, 0xC1),
    C("BUS EUS",       "A\n\f", 0, NULL,           0x2B, 0xD4, 0x03, 0x0A, 0x01, 0xC1, 0x2B, 0xD4, 0x02, 0x0E),
    C("2B count 0",    "A\n\f", 1, "count 0",      0x2B, 0xD2, 0x00, 0xC1),
    C("2B cut",        "", 1, "offset 0: X'2BD2' command of 9", 0x2B, 0xD2, 0x07, 0x29),
    C("2B two bytes",  "", 1, "offset 0: X'2B' command cut", 0x2B, 0xD2),
    C("unknown ctl",   "AB\n\f", 1, "offset 1: SCS control X'01'", 0xC1, 0x01, 0xC2),
    C("no-op ctls",    "AB\n\f", 0, NULL,          0x00, 0xC1, 0x2F, 0x14, 0x24, 0x19, 0x09, 0x38, 0x0A, 0x23, 0x2A, 0xC2),
    C("VCS",           "AB\n\f", 0, NULL,          0xC1, 0x04, 0x99, 0xC2),
    C("VCS cut",       "A\n\f", 1, "VCS cut",      0xC1, 0x04),
    C("SUB IGS",       "A B C\n\f", 0, NULL,       0xC1, 0x3F, 0xC2, 0x1D, 0xC3),
    C("DBCS pair",     "A \xEF\xBF\xBD B\n\f", 0, NULL, 0xC1, 0x0E, 0x45, 0x41, 0x0F, 0xC2),
    C("DBCS cut",      "A \xEF\xBF\xBD\n\f", 1, "DBCS", 0xC1, 0x0E, 0x45),
    C("page overflow", "A\n\fB\n\f", 0, NULL,      0x2B, 0xC2, 0x02, 0x01, 0xC1, 0x15, 0xC2),
    C("zero pages",    "", 0, NULL,                0x0C, 0x0C, 0x00),
    C("SHF margin",    "A\n  B\n\f", 0, NULL,      0x2B, 0xC1, 0x03, 0x20, 0x03, 0xC1, 0x15, 0xC2),
    C("SHF bad LM",    "A\n\f", 1, "left margin",  0x2B, 0xC1, 0x03, 0x05, 0x09, 0xC1),
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct scs_case *c = &cases[i];
        struct rendered out;
        render(QS_CTL_SCS, 37, c->in, c->n, &out);
        if (strcmp(qs_buf_str(&out.text), c->want) != 0 || out.ndiags != c->ndiags ||
            (c->diag && !strstr(out.diags, c->diag)))
            fail_msg("case '%s': got [%s] (%u diags: %s)", c->name,
                     qs_buf_str(&out.text), out.ndiags, out.diags);
        rendered_free(&out);
    }
}

/* Every prefix of every case renders without failing. */
static void test_truncations(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t n = 0; n <= cases[i].n; n++) {
            struct rendered out;
            render(QS_CTL_SCS, 37, cases[i].in, n, &out);
            rendered_free(&out);
        }
}

/* All 256 byte values after every control byte: no crash, bounded output. */
static void test_all_pairs(void **state)
{
    (void)state;
    unsigned char buf[3];
    for (unsigned a = 0; a < 0x40; a++)
        for (unsigned b = 0; b < 256; b++) {
            buf[0] = (unsigned char)a;
            buf[1] = (unsigned char)b;
            buf[2] = 0xC1;
            struct rendered out;
            render(QS_CTL_SCS, 37, buf, sizeof buf, &out);
            assert_true(out.pages <= 2);
            rendered_free(&out);
        }
}

static void test_diag_cap(void **state)
{
    (void)state;
    unsigned char junk[5000];
    memset(junk, 0x01, sizeof junk);
    struct rendered out;
    render(QS_CTL_SCS, 37, junk, sizeof junk, &out);
    assert_int_equal(out.ndiags, sizeof junk);
    assert_non_null(strstr(out.diags, "suppressed"));
    assert_true(strlen(out.diags) < 16384);
    rendered_free(&out);
}

/* Text in other EBCDIC CCSIDs goes through the ccsid layer: Greek (875),
 * Cyrillic (1025) and Japanese mixed SBCS/DBCS with SO/SI (930). */
static void test_ccsids(void **state)
{
    (void)state;
    static const struct { int ccsid; const char *utf8; const char *want; } t[] = {
        { 875, "Καλημέρα κόσμε", "Καλημέρα κόσμε\n\f" },
        { 1025, "Здравствуй, мир", "Здравствуй, мир\n\f" },
        { 930, "ABC 日本語 X", "ABC  日本語  X\n\f" },      /* SO and SI take a position each */
        { 500, "Prix: 12,50 [net]", "Prix: 12,50 [net]\n\f" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_buf in;
        size_t bad;
        struct qs_err err = QS_ERR_INIT;
        qs_buf_init(&in, 4096);
        assert_int_equal(qs_conv_buf(t[i].ccsid, 1208, QS_CONV_STRICT, t[i].utf8, strlen(t[i].utf8),
                                     &in, &bad, &err), 0);
        qs_buf_addc(&in, 0x15);
        struct rendered out;
        render(QS_CTL_SCS, t[i].ccsid, in.data, in.len, &out);
        if (strcmp(qs_buf_str(&out.text), t[i].want) != 0)
            fail_msg("CCSID %d: got [%s] (%s)", t[i].ccsid, qs_buf_str(&out.text), out.diags);
        rendered_free(&out);
        qs_buf_free(&in);
    }
    /* a CCSID nobody knows is refused at init */
    struct qs_render_opts o;
    struct qs_render r;
    struct qs_err err = QS_ERR_INIT;
    qs_render_opts_default(&o);
    o.ccsid = 4242;
    assert_int_equal(qs_render_init(&r, &o, NULL, NULL, &err), -1);
    assert_string_equal(err.msgid, "CPF9897");
    qs_err_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_all_pairs),
        cmocka_unit_test(test_diag_cap),
        cmocka_unit_test(test_ccsids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
