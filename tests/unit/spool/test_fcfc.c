/*
 * tests/unit/spool/test_fcfc.c - *FCFC and plain-text interpretation.
 */
#include "testlib.h"
#include "spooltest.h"

struct fcfc_case {
    const char *name;
    const char *in;
    const char *want;       /* page text, "\f" after each page */
    unsigned    ndiags;
};

static const struct fcfc_case cases[] = {
    { "space 1",        " A\n B\n",             "A\nB\n\f", 0 },
    { "space 2",        " A\n0B\n",             "A\n\nB\n\f", 0 },
    { "space 3",        " A\n-B\n",             "A\n\n\nB\n\f", 0 },
    { "overprint",      " A C\n+ B\n",          "ABC\n\f", 0 },
    { "overprint first"," +X\n",                "+X\n\f", 0 },
    { "plus at top",    "+X\n",                 "X\n\f", 0 },
    { "skip ch1 first", "1A\n B\n",             "A\nB\n\f", 0 },
    { "skip ch1 eject", " A\n1B\n",             "A\n\fB\n\f", 0 },
    { "two skips",      "1A\n1B\n1C\n",         "A\n\fB\n\fC\n\f", 0 },
    { "crlf records",   " A\r\n B\r\n",         "A\nB\n\f", 0 },
    { "empty record",   " A\n\n B\n",           "A\n\nB\n\f", 0 },
    { "bad code once",  "XA\nYB\n C\n",         "A\nB\nC\n\f", 1 },
    { "unset channel",  " A\nCB\n",             "A\nB\n\f", 1 },
    { "leading blanks", "    indented\n",       "   indented\n\f", 0 },
    { "no final nl",    " A\n B",               "A\nB\n\f", 0 },
    { "empty",          "",                     "", 0 },
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rendered out;
        render(QS_CTL_FCFC, 1208, cases[i].in, strlen(cases[i].in), &out);
        if (strcmp(qs_buf_str(&out.text), cases[i].want) != 0 || out.ndiags != cases[i].ndiags)
            fail_msg("case '%s': got [%s] (%u diags: %s)", cases[i].name,
                     qs_buf_str(&out.text), out.ndiags, out.diags);
        rendered_free(&out);
    }
}

static void test_chlval(void **state)
{
    (void)state;
    struct qs_render_opts o;
    qs_render_opts_default(&o);
    o.ctlchar = QS_CTL_FCFC;
    o.ccsid = 1208;
    o.page_len = 12;
    o.overflow = 10;
    o.chlval[2] = 5;
    o.chlval[12] = 10;
    struct rendered out;
    const char *in = "1TOP\n2FIVE\nCTEN\n2NEXT\n";
    render_with(&o, in, strlen(in), &out);
    assert_string_equal(qs_buf_str(&out.text),
                        "TOP\n\n\n\nFIVE\n\n\n\n\nTEN\n\f\n\n\n\nNEXT\n\f");
    assert_int_equal(out.pages, 2);
    rendered_free(&out);
}

static void test_overflow(void **state)
{
    (void)state;
    struct qs_buf in;
    qs_buf_init(&in, 1u << 20);
    for (int i = 1; i <= 70; i++)
        qs_buf_addf(&in, " L%d\n", i);
    struct rendered out;
    render(QS_CTL_FCFC, 1208, in.data, in.len, &out);
    assert_int_equal(out.pages, 2);
    const char *ff = strchr(qs_buf_str(&out.text), '\f');
    assert_non_null(ff);
    assert_string_equal(ff + 1, "L67\nL68\nL69\nL70\n\f");
    rendered_free(&out);
    qs_buf_free(&in);
}

static void test_ebcdic(void **state)
{
    (void)state;
    /* '1' 'A' NL ' ' 'B' in CCSID 37 */
    static const unsigned char in[] = { 0xF1, 0xC1, 0x15, 0x40, 0xC2, 0x25, 0x40, 0x5B, 0xF5 };
    struct rendered out;
    render(QS_CTL_FCFC, 37, in, sizeof in, &out);
    assert_string_equal(qs_buf_str(&out.text), "A\nB\n$5\n\f");
    rendered_free(&out);
}

static void test_huge_width(void **state)
{
    (void)state;
    struct qs_render_opts o;
    qs_render_opts_default(&o);
    struct qs_err err = QS_ERR_INIT;
    o.page_width = QS_SPOOL_MAX_PAGE_WIDTH + 1;
    assert_int_equal(qs_render_opts_check(&o, &err), -1);
    assert_string_equal(err.msgid, "CPF9897");
    qs_err_clear(&err);
    o.page_width = 0;
    assert_int_equal(qs_render_opts_check(&o, &err), -1);
    qs_err_clear(&err);
    o.page_width = QS_SPOOL_MAX_PAGE_WIDTH;
    o.ctlchar = QS_CTL_FCFC;
    o.ccsid = 1208;
    char *rec = malloc(2 + 1000);
    assert_non_null(rec);
    rec[0] = ' ';
    memset(rec + 1, 'W', 1000);
    rec[1001] = '\n';
    struct rendered out;
    render_with(&o, rec, 1002, &out);
    assert_int_equal(strlen(qs_buf_str(&out.text)), QS_SPOOL_MAX_PAGE_WIDTH + 2);
    assert_int_equal(out.ndiags, 1);
    assert_non_null(strstr(out.diags, "offset 1:"));
    rendered_free(&out);
    free(rec);
}

static void test_text(void **state)
{
    (void)state;
    const char *in = "a\tb\nline2\n\fpage2\n";
    struct rendered out;
    render(QS_CTL_NONE, 1208, in, strlen(in), &out);
    assert_string_equal(qs_buf_str(&out.text), "a       b\nline2\n\fpage2\n\f");
    assert_int_equal(out.pages, 2);
    rendered_free(&out);
    /* wide characters take two positions; UTF-8 garbage becomes U+FFFD */
    const char *u = "日本x\n\xC3(\n";
    render(QS_CTL_NONE, 1208, u, strlen(u), &out);
    assert_string_equal(qs_buf_str(&out.text), "日本x\n\xEF\xBF\xBD(\n\f");
    rendered_free(&out);
}

/* Multi-byte CCSIDs are converted whole; bad or cut-off bytes become U+FFFD
 * with one diagnostic, never a failed render. */
static void test_mbcs(void **state)
{
    (void)state;
    /* Shift-JIS (943): " 日本" then a lead byte cut off by the end */
    static const unsigned char sjis[] = { ' ', 0x93, 0xFA, 0x96, 0x7B, '\n', ' ', 'A', 0x93 };
    struct rendered out;
    render(QS_CTL_FCFC, 943, sjis, sizeof sjis, &out);
    assert_string_equal(qs_buf_str(&out.text), "日本\nA\xEF\xBF\xBD\n\f");
    assert_int_equal(out.ndiags, 1);
    rendered_free(&out);
    /* UTF-16BE (1200) with an odd length */
    static const unsigned char u16[] = { 0, ' ', 0, 'X', 0, '\n', 0 };
    render(QS_CTL_FCFC, 1200, u16, sizeof u16, &out);
    assert_memory_equal(qs_buf_str(&out.text), "X\n\xEF\xBF\xBD", 5);
    rendered_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_chlval),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_ebcdic),
        cmocka_unit_test(test_huge_width),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_mbcs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
