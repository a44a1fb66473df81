/* Unit tests for qsys/smtpc: reply parser (incl. replies split across reads
 * and the malformed enhanced codes of CVE-2026-43964), configuration,
 * retry schedule, dot-stuffing. */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/smtpc/smtp_reply.h"
#include "qsys/smtpc/smtpc.h"

static void replies_parse_and_split_reads_wait(void **state)
{
    (void)state;
    struct qs_smtp_reply r;
    struct qs_err e = QS_ERR_INIT;
    const char *multi = "250-mx.example.com hello\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 2.0.0 ok\r\n";
    size_t n = strlen(multi);
    /* every prefix is "incomplete", never a reply */
    for (size_t k = 0; k < n; k++)
        assert_int_equal(qs_smtp_reply_parse(multi, k, &r, &e), 0);
    assert_int_equal(qs_smtp_reply_parse(multi, n, &r, &e), (ssize_t)n);
    assert_int_equal(r.code, 250);
    assert_int_equal(r.nlines, 4);
    assert_string_equal(r.enh, "");   /* enhanced code only taken from the first line */
    assert_string_equal(r.text, "mx.example.com hello\nPIPELINING\nSIZE 1000\n2.0.0 ok");

    static const struct { const char *in; int code; const char *enh; } ok[] = {
        { "250 2.0 ok\r\n", 250, "" },            /* two-part code: none, no over-read */
        { "550 5.1\r\n", 550, "" },
        { "451 4.\r\n", 451, "" },
        { "550 5.1.1 no such user\r\n", 550, "5.1.1" },
        { "550 4.1.1 class mismatch\r\n", 550, "" },
        { "250 2.1.0\r\n", 250, "2.1.0" },
        { "250 2.1.0x\r\n", 250, "" },
        { "354\r\n", 354, "" },
        { "220 bare lf\n", 220, "" },
        { "421 4.7.1234 too long detail\r\n", 421, "" },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(qs_smtp_reply_parse(ok[i].in, strlen(ok[i].in), &r, &e), (ssize_t)strlen(ok[i].in));
        assert_int_equal(r.code, ok[i].code);
        assert_string_equal(r.enh, ok[i].enh);
    }
    static const char *bad[] = {
        "25 short\r\n", "2500 ok\r\n", "250x ok\r\n", "650 ok\r\n", "160 ok\r\n", "290 x\r\n",
        "250-a\r\n251 b\r\n", "250 a\rb\r\n", "abc\r\n", "250-a\r\n\r\n", "25\0 x\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t l = i == 10 ? 7 : strlen(bad[i]);
        assert_int_equal(qs_smtp_reply_parse(bad[i], l, &r, &e), -1);
        assert_string_equal(e.msgid, "TCP5381");
    }
    /* two replies back to back: one at a time */
    const char *two = "250 first\r\n354 go\r\n";
    assert_int_equal(qs_smtp_reply_parse(two, strlen(two), &r, &e), 11);
    assert_int_equal(qs_smtp_reply_parse(two + 11, strlen(two) - 11, &r, &e), 8);
    assert_int_equal(r.code, 354);
    /* an endless line is refused, not buffered forever */
    char *lng = malloc(5000);
    memcpy(lng, "250 ", 4);
    memset(lng + 4, 'x', 4996);
    assert_int_equal(qs_smtp_reply_parse(lng, 5000, &r, &e), -1);
    free(lng);
    qs_err_clear(&e);
}

static void config_lines_and_retry_schedule(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    struct qs_smtpc_cfg c;
    qs_test_root();
    unsetenv("QSHIM_SMTPC_ROUTES");
    assert_int_equal(qs_smtpc_cfg_load(&c, &e), 0);
    assert_int_equal(c.rty[0][0], 3);
    assert_int_equal(c.rty[0][1], 30);
    /* default: 3 retries 30 minutes apart, then give up */
    assert_int_equal(qs_smtpc_next_retry(&c, 1, 1000), 1000 + 1800);
    assert_int_equal(qs_smtpc_next_retry(&c, 3, 1000), 1000 + 1800);
    assert_int_equal(qs_smtpc_next_retry(&c, 4, 1000), 0);
    static const char *lines[] = {
        "RTYMIN 2 10", "RTYHOUR 2 3", "RTYDAY 1 2", "TLS *REQUIRED", "TLSVERIFY *NO",
        "MAILROUTER relay.example.net:587", "ROUTE Example.COM 127.0.0.1:21025", "# comment", "",
        "HELO me.example.org", "TIMEOUT 20",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        assert_int_equal(qs_smtpc_cfg_line(&c, lines[i], strlen(lines[i]), &e), 0);
    assert_int_equal(qs_smtpc_next_retry(&c, 2, 0), 600);
    assert_int_equal(qs_smtpc_next_retry(&c, 3, 0), 3 * 3600);
    assert_int_equal(qs_smtpc_next_retry(&c, 4, 0), 3 * 3600);
    assert_int_equal(qs_smtpc_next_retry(&c, 5, 0), 2 * 86400);
    assert_int_equal(qs_smtpc_next_retry(&c, 6, 0), 0);
    assert_int_equal(c.tls, QS_TLS_REQUIRED);
    assert_string_equal(c.mailrouter, "relay.example.net");
    assert_int_equal(c.mailrouter_port, 587);
    struct qs_smtpc_host *h;
    size_t nh;
    assert_int_equal(qs_smtpc_route(&c, "x.org", &h, &nh, &e), 0);
    assert_string_equal(h[0].name, "relay.example.net");
    free(h);
    assert_int_equal(qs_smtpc_cfg_line(&c, "MAILROUTER *NONE", 16, &e), 0);
    assert_int_equal(qs_smtpc_route(&c, "example.com", &h, &nh, &e), 0);
    assert_int_equal(h[0].port, 21025);
    free(h);
    /* a U-label destination finds the route written as its A-label */
    assert_int_equal(qs_smtpc_cfg_line(&c, "ROUTE xn--mnchen-3ya.test 127.0.0.1:21026", 41, &e), 0);
    assert_int_equal(qs_smtpc_route(&c, "M\xc3\x9cnchen.test", &h, &nh, &e), 0);
    assert_int_equal(h[0].port, 21026);
    free(h);
    assert_int_equal(qs_smtpc_cfg_line(&c, "RATE Far.Test 30", 16, &e), 0);
    assert_int_equal(qs_smtpc_cfg_line(&c, "RATE * 100", 10, &e), 0);
    assert_int_equal(qs_smtpc_rate_for(&c, "far.test"), 30);
    assert_int_equal(qs_smtpc_rate_for(&c, "other.test"), 100);
    assert_true(qs_smtpc_in_window(&c, time(NULL)));          /* no WINDOW: always */
    struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 25, .tm_hour = 23, .tm_min = 30,
                     .tm_isdst = -1 };
    time_t late = mktime(&tm);
    tm.tm_hour = 12;
    time_t noon = mktime(&tm);
    assert_int_equal(qs_smtpc_cfg_line(&c, "WINDOW 22:00-06:00", 18, &e), 0);
    assert_true(qs_smtpc_in_window(&c, late));
    assert_false(qs_smtpc_in_window(&c, noon));
    assert_int_equal(qs_smtpc_cfg_line(&c, "WINDOW 09:00-17:00", 18, &e), 0);
    assert_false(qs_smtpc_in_window(&c, late));
    assert_true(qs_smtpc_in_window(&c, noon));
    static const char *badl[] = { "RATE x 0", "WINDOW 25:00-01:00", "WINDOW 9:00-17:00",
                                  "RTYMIN 100 1", "RTYDAY 1 10", "TLS *MAYBE", "ROUTE x", "BOGUS 1",
                                  "MAILROUTER h:0", "MAILROUTER a/b" };
    for (size_t i = 0; i < sizeof badl / sizeof badl[0]; i++) {
        assert_int_equal(qs_smtpc_cfg_line(&c, badl[i], strlen(badl[i]), &e), -1);
        assert_string_equal(e.msgid, "TCP5382");
    }
    qs_smtpc_cfg_free(&c);
    qs_err_clear(&e);
}

static void dotstuffing_and_line_ends(void **state)
{
    (void)state;
    struct qs_buf b;
    qs_buf_init(&b, 4096);
    const char *in = ".a\r\nb\n.\r\n..c\rd\r\n\r\n.";
    assert_int_equal(qs_smtpc_dotstuff(&b, in, strlen(in)), 0);
    assert_string_equal(qs_buf_str(&b), "..a\r\nb\r\n..\r\n...c\r\nd\r\n\r\n..\r\n.\r\n");
    qs_buf_reset(&b);
    /* smuggling: "\n.\n" and "\r.\r" can never end the data early */
    const char *sm = "x\n.\nMAIL FROM:<e@v>\r.\r";
    assert_int_equal(qs_smtpc_dotstuff(&b, sm, strlen(sm)), 0);
    assert_string_equal(qs_buf_str(&b), "x\r\n..\r\nMAIL FROM:<e@v>\r\n..\r\n.\r\n");
    qs_buf_free(&b);
}

/* RFC 6531: what a message needs, from its envelope and header bytes. */
static void smtputf8_classification(void **state)
{
    (void)state;
    static const struct { const char *rcpt, *data; unsigned want; } t[] = {
        { "bob@x.test", "Subject: hi\r\n\r\nbody \xc3\xa9\r\n", 0 },         /* 8-bit body only */
        { "j\xc3\xb6rg@x.test", "Subject: hi\r\n\r\n", QS_SMTPC_UTF8_ENVELOPE },
        { "\xe2\x82\xac@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_ENVELOPE },     /* 3 bytes */
        { "\xf0\x9f\x98\x80@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_ENVELOPE }, /* 4 bytes */
        { "bob@x.test", "Subject: \xc3\xa9t\xc3\xa9\r\n\r\n", QS_SMTPC_UTF8_HEADERS },
        { "bob@x.test", "Subject: a\n\nbody \xff", 0 },                           /* LF-only end */
        { "bad\xff@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_BAD },
        { "\xc0\xaf@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_BAD },               /* overlong */
        { "\xed\xa0\x80@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_BAD },          /* surrogate */
        { "\xf4\x90\x80\x80@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_BAD },     /* > U+10FFFF */
        { "\xc3@x.test", "S: x\r\n\r\n", QS_SMTPC_UTF8_BAD },                    /* cut short */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_smtpc_rcpt r = { .addr = t[i].rcpt };
        struct qs_smtpc_msg m = { .from = "a@here.test", .rcpt = &r, .nrcpt = 1,
                                  .data = t[i].data, .len = strlen(t[i].data) };
        assert_int_equal(qs_smtpc_utf8_needs(&m), t[i].want);
    }
    struct qs_smtpc_rcpt r = { .addr = "bob@x.test" };
    struct qs_smtpc_msg m = { .from = "zo\xc3\xab@here.test", .rcpt = &r, .nrcpt = 1,
                              .data = "", .len = 0 };
    assert_int_equal(qs_smtpc_utf8_needs(&m), QS_SMTPC_UTF8_ENVELOPE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replies_parse_and_split_reads_wait),
        cmocka_unit_test(config_lines_and_retry_schedule),
        cmocka_unit_test(dotstuffing_and_line_ends),
        cmocka_unit_test(smtputf8_classification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
