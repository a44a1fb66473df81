/* Unit tests for the SMTP parsers: DATA state machine (smuggling strings,
 * dot-stuffing, limits, chunk boundaries), paths, parameters, base64,
 * relay policy, POP3 message numbers. */
#include "testlib.h"

#include "qsys/smtp/smtpd_data.h"
#include "qsys/smtp/smtpd_parse.h"
#include "qsys/smtp/smtpd.h"
#include "qsys/pop/pop3d.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/smtp/smtpd_rbl.h"
#include "qsys/base/err.h"

#include <arpa/inet.h>

/* Feed s in chunks of `chunk` bytes; returns consumed bytes at the end of
 * data (or n if none), content in out. */
static size_t feed(struct qs_data *d, const char *s, size_t n, size_t chunk, char *out,
                   size_t *outlen, int *done)
{
    size_t pos = 0, total = 0;
    char tmp[2 * 256 + 1];
    *done = 0;
    while (pos < n && !*done) {
        size_t k = n - pos < chunk ? n - pos : chunk;
        size_t ol;
        size_t used = qs_data_feed(d, s + pos, k, tmp, &ol, done);
        memcpy(out + total, tmp, ol);
        total += ol;
        pos += used;
    }
    *outlen = total;
    out[total] = '\0';
    return pos;
}

static void data_ends_only_at_crlf_dot_crlf(void **state)
{
    (void)state;
    static const char *fakes[] = { "\n.\n", "\n.\r", "\r.\n", "\r.\r", "\n.\r\n", "\r.\r\n",
                                   "\r\n\0.\r\n", "\r\n.\r\r\n" };
    static const size_t fl[] = { 3, 3, 3, 3, 4, 4, 6, 6 };
    for (size_t i = 0; i < sizeof fakes / sizeof fakes[0]; i++) {
        for (size_t chunk = 1; chunk <= 64; chunk *= 4) {
            char in[256], out[512];
            size_t n = 0;
            memcpy(in + n, "Subject: x\r\n\r\nhello", 19); n += 19;
            memcpy(in + n, fakes[i], fl[i]); n += fl[i];
            const char *tail = "MAIL FROM:<e@v>\r\n.\r\nNEXT";
            memcpy(in + n, tail, strlen(tail)); n += strlen(tail);
            struct qs_data d;
            qs_data_init(&d, 1 << 20, 0);
            size_t outlen;
            int done;
            size_t used = feed(&d, in, n, chunk, out, &outlen, &done);
            assert_true(done);
            assert_int_equal(n - used, 4);           /* only "NEXT" is left */
            assert_true(d.err != 0);                  /* and the message is bad */
        }
    }
}

static void data_unstuffs_and_limits(void **state)
{
    (void)state;
    char out[512];
    size_t outlen;
    int done;
    struct qs_data d;
    const char *in = ".\r\n";
    qs_data_init(&d, 100, 0);
    assert_int_equal(feed(&d, in, 3, 64, out, &outlen, &done), 3);
    assert_true(done);
    assert_int_equal(outlen, 0);
    in = "a\r\n..b\r\n...\r\n.\r\n";
    qs_data_init(&d, 100, 0);
    feed(&d, in, strlen(in), 1, out, &outlen, &done);
    assert_true(done);
    assert_int_equal(d.err, 0);
    assert_string_equal(out, "a\r\n.b\r\n..\r\n");
    /* size limit */
    qs_data_init(&d, 5, 0);
    in = "123456\r\n.\r\n";
    feed(&d, in, strlen(in), 64, out, &outlen, &done);
    assert_true(done);
    assert_true(d.err & QS_DATA_TOO_BIG);
    /* ALWBARELF: a bare LF is a line end */
    qs_data_init(&d, 100, 1);
    in = "a\nb\n.\n";
    feed(&d, in, strlen(in), 64, out, &outlen, &done);
    assert_true(done);
    assert_int_equal(d.err, 0);
    assert_string_equal(out, "a\r\nb\r\n");
    /* 998 octets is fine, 999 is not */
    char big[1100];
    memset(big, 'x', 998);
    memcpy(big + 998, "\r\n.\r\n", 5);
    qs_data_init(&d, 1 << 20, 0);
    char bout[1200];
    feed(&d, big, 1003, 7, bout, &outlen, &done);
    assert_int_equal(d.err, 0);
    memset(big, 'x', 999);
    memcpy(big + 999, "\r\n.\r\n", 5);
    qs_data_init(&d, 1 << 20, 0);
    feed(&d, big, 1004, 7, bout, &outlen, &done);
    assert_true(d.err & QS_DATA_LONG_LINE);
}

static void paths(void **state)
{
    (void)state;
    static const struct { const char *in; int null_ok; int code; const char *addr; } t[] = {
        { "FROM:<a@b.c>", 1, 0, "a@b.c" },
        { "FROM: <a@b.c> SIZE=10", 1, 0, "a@b.c" },
        { "FROM:<>", 1, 0, "" },
        { "TO:<>", 0, 553, NULL },
        { "TO:<@x.y,@z.w:a@b.c>", 0, 0, "a@b.c" },
        { "TO:<\"a b\"@b.c>", 0, 0, "\"a b\"@b.c" },
        { "TO:<a@[127.0.0.1]>", 0, 0, "a@[127.0.0.1]" },
        { "TO:<Postmaster>", 0, 0, "Postmaster" },
        { "TO:<bob>", 0, 553, NULL },
        { "TO:<a@b@c>", 0, 553, NULL },
        { "TO:<a..b@c>", 0, 553, NULL },
        { "TO:<a@b.c.>", 0, 553, NULL },
        { "TO:<a@-b.c>", 0, 553, NULL },
        { "TO:<a@b.c", 0, 501, NULL },
        { "TO:a@b.c", 0, 501, NULL },
        { "TO:<a@b.c>x", 0, 501, NULL },
        { "TO:<\xe9@b.c>", 0, 553, NULL },           /* Latin-1, not UTF-8 */
        { "FROM<a@b.c>", 1, 501, NULL },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_smtp_addr a;
        const char *rest;
        size_t rl;
        int code = qs_smtp_path(t[i].in, strlen(t[i].in), t[i].in[0] == 'F' ? "FROM:" : "TO:",
                                t[i].null_ok, &a, &rest, &rl);
        if (code != t[i].code)
            fail_msg("%s: got %d want %d", t[i].in, code, t[i].code);
        if (t[i].addr)
            assert_string_equal(a.addr, t[i].addr);
        qs_smtp_addr_free(&a);
    }
    char lp[80];
    memset(lp, 'a', 65);
    memcpy(lp + 65, "@b.c>", 6);
    char in[100] = "TO:<";
    memcpy(in + 4, lp, 71);
    struct qs_smtp_addr a;
    const char *rest;
    size_t rl;
    assert_int_equal(qs_smtp_path(in, strlen(in), "TO:", 0, &a, &rest, &rl), 553);
}

/* qs_smtp_path() of pre + unit * times + post. */
static int path_of(const char *pre, const char *unit, int times, const char *post)
{
    char in[400];
    size_t o = strlen(pre), ul = strlen(unit);
    memcpy(in, pre, o);
    for (int i = 0; i < times && o + ul < 300; i++, o += ul)
        memcpy(in + o, unit, ul);
    memcpy(in + o, post, strlen(post) + 1);
    struct qs_smtp_addr a;
    const char *rest;
    size_t rl;
    int code = qs_smtp_path(in, strlen(in), "TO:", 0, &a, &rest, &rl);
    qs_smtp_addr_free(&a);
    return code;
}

/* RFC 6531: UTF-8 local parts and U-labels are flagged; malformed UTF-8
 * and C1 controls are bad addresses; limits stay in octets. */
static void paths_smtputf8(void **state)
{
    (void)state;
    static const struct { const char *in; int code; int utf8; } t[] = {
        { "TO:<j\xc3\xb6rg@qshim.test>", 0, 1 },                   /* 2-byte */
        { "TO:<\xe2\x82\xac@x.test>", 0, 1 },                       /* 3-byte */
        { "TO:<\xf0\x9f\x98\x80.a@x.test>", 0, 1 },                  /* 4-byte */
        { "TO:<a@m\xc3\xbcnchen.de>", 0, 1 },                       /* U-label */
        { "TO:<\"j\xc3\xb6 rg\"@x.test>", 0, 1 },                   /* quoted */
        { "TO:<@r\xc3\xa9.x:a@b.c>", 0, 1 },                        /* route */
        { "TO:<a@b.c>", 0, 0 },
        { "TO:<xn--mnchen-3ya.de@b.c>", 0, 0 },
        { "TO:<a@xn--mnchen-3ya.de>", 0, 0 },
        { "TO:<j\xc3@x.test>", 553, 0 },                               /* truncated */
        { "TO:<\xc0\xaf@x.test>", 553, 0 },                            /* overlong / */
        { "TO:<\xe0\x80\xaf@x.test>", 553, 0 },                        /* overlong 3 */
        { "TO:<\xf0\x80\x80\xaf@x.test>", 553, 0 },                    /* overlong 4 */
        { "TO:<\xed\xa0\x80@x.test>", 553, 0 },                        /* surrogate */
        { "TO:<\xf4\x90\x80\x80@x.test>", 553, 0 },                    /* > U+10FFFF */
        { "TO:<\xf8\x88\x80\x80\x80@x.test>", 553, 0 },                /* 5 bytes */
        { "TO:<a\xc2\x85" "b@x.test>", 553, 0 },                          /* C1 NEL */
        { "TO:<a\xc2\x9f@x.test>", 553, 0 },                            /* C1 */
        { "TO:<\"a\xc2\x80\"@x.test>", 553, 0 },                       /* C1 quoted */
        { "TO:<a@b\xc2\x85.test>", 553, 0 },                            /* C1 domain */
        { "TO:<a@\xc3\xa9-.test>", 553, 0 },                            /* label end - */
        { "TO:<a\xbf@x.test>", 553, 0 },                                 /* lone cont. */
        { "TO:<\"a\\\xc3\xa9\"@x.test>", 553, 0 },                      /* quoted-pair */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_smtp_addr a;
        const char *rest;
        size_t rl;
        int code = qs_smtp_path(t[i].in, strlen(t[i].in), "TO:", 0, &a, &rest, &rl);
        if (code != t[i].code || (code == 0 && a.utf8 != t[i].utf8))
            fail_msg("%zu %s: got %d/%d want %d/%d", i, t[i].in, code, code ? -1 : a.utf8,
                     t[i].code, t[i].utf8);
        qs_smtp_addr_free(&a);
    }
    /* RFC 6533 ORCPT in unitext form */
    assert_true(qs_smtp_orcpt_unitext_ok("utf-8;j\xc3\xb6rg@x", 12));
    assert_true(qs_smtp_orcpt_unitext_ok("UTF-8;j\\x{F6}rg@x", 17));
    assert_false(qs_smtp_orcpt_unitext_ok("utf-8;", 6));
    assert_false(qs_smtp_orcpt_unitext_ok("rfc822;j\xc3\xb6rg@x", 13));
    assert_false(qs_smtp_orcpt_unitext_ok("utf-8;a+b@x", 11));
    assert_false(qs_smtp_orcpt_unitext_ok("utf-8;a\xc0\xaf" "b@x", 12));
    assert_false(qs_smtp_orcpt_unitext_ok("utf-8;a\xc2\x85@x", 11));
    /* limits are in octets: a local part of 64 (32 two-byte characters),
     * a domain label of 63 (21 three-byte characters) */
    assert_int_equal(path_of("TO:<", "\xc3\xa9", 32, "@b.c>"), 0);
    assert_int_equal(path_of("TO:<", "\xc3\xa9", 33, "@b.c>"), 553);
    assert_int_equal(path_of("TO:<a@", "\xe2\x82\xac", 21, ".c>"), 0);
    assert_int_equal(path_of("TO:<a@", "\xe2\x82\xac", 22, ".c>"), 553);
}

static void params_b64_xtext(void **state)
{
    (void)state;
    const char *s = "SIZE=10 BODY=8BITMIME RET=HDRS", *p = s, *k, *v;
    size_t kl, vl;
    int n = 0;
    while (qs_smtp_param(&p, s + strlen(s), &k, &kl, &v, &vl) == 1)
        n++;
    assert_int_equal(n, 3);
    s = "SIZE= X";
    p = s;
    assert_int_equal(qs_smtp_param(&p, s + strlen(s), &k, &kl, &v, &vl), -1);
    assert_true(qs_smtp_xtext_ok("abc+2Bdef", 9));
    assert_false(qs_smtp_xtext_ok("abc+2", 5));
    assert_false(qs_smtp_xtext_ok("a=b", 3));
    unsigned char out[64];
    assert_int_equal(qs_b64_decode("AGJvYgBzZWNyZXQx", 16, out), 12);
    assert_memory_equal(out, "\0bob\0secret1", 12);
    assert_int_equal(qs_b64_decode("AGJvYgBzZWNyZXQ", 15, out), -1);
    assert_int_equal(qs_b64_decode("A=BC", 4, out), -1);
    const char *arg;
    size_t an;
    assert_int_equal(qs_smtp_verb("ehlo x.y", 8, &arg, &an), QS_V_EHLO);
    assert_int_equal(an, 3);
    assert_int_equal(qs_smtp_verb("EHLOX", 5, &arg, &an), QS_V_UNKNOWN);
}

static void relay_policy_and_msgno(void **state)
{
    (void)state;
    struct qs_mailcfg c;
    memset(&c, 0, sizeof c);
    struct qs_netmask m = { 0x0a000000u, 0xff000000u };
    c.accept = &m;
    c.naccept = 1;
    c.alwrly = QS_RLY_NONE;
    c.alwauth = QS_ALWAUTH_RELAY;
    assert_false(qs_smtpd_may_relay(&c, 0x0a010203u, 0));
    assert_true(qs_smtpd_may_relay(&c, 0x0a010203u, 1));
    c.alwrly = QS_RLY_BYIPADR;
    assert_true(qs_smtpd_may_relay(&c, 0x0a010203u, 0));
    assert_false(qs_smtpd_may_relay(&c, 0x7f000001u, 0));
    c.alwauth = 0;
    c.alwrly = QS_RLY_AUTH;
    assert_false(qs_smtpd_may_relay(&c, 0x0a010203u, 1));
    assert_int_equal(qs_pop_msgno("1", 3), 1);
    assert_int_equal(qs_pop_msgno("3", 3), 3);
    assert_int_equal(qs_pop_msgno("4", 3), 0);
    assert_int_equal(qs_pop_msgno("0", 3), 0);
    assert_int_equal(qs_pop_msgno("-1", 3), 0);
    assert_int_equal(qs_pop_msgno("+1", 3), 0);
    assert_int_equal(qs_pop_msgno("4294967297", 3), 0);
    assert_int_equal(qs_pop_msgno("", 3), 0);
}

/* RBLSVR answers (zone=answer[/mask]), IPv6 lists and relay, filter entries
 * through the configuration files. */
static void rbl_answers_ipv6_lists_filters(void **state)
{
    (void)state;
    qs_test_root();
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "RBLSVR",
                                    "any.test a.test=127.0.0.2 m.test=127.0.1.0/255.255.255.0",
                                    NULL), 0);
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "FTRACN", "*DISCARD", NULL), 0);
    static const char *const bad[] = { "x.test=1.2.3", "x.test=127.0.0.2/0.0.0.0", "=127.0.0.2",
                                       "x.test=", "bad_zone" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct qs_err e = QS_ERR_INIT;
        assert_int_equal(qs_mailcfg_set("smtpa.conf", "RBLSVR", bad[i], &e), -1);
        qs_err_clear(&e);
    }
    assert_int_equal(qs_mailcfg_add_le("*ACCEPTIP6", "2001:db8::", "32", NULL), 0);
    assert_int_equal(qs_mailcfg_add_le("*REJECTIP6", "2001:db8:bad::1", "128", NULL), 0);
    assert_int_equal(qs_mailcfg_add_le("*FTRSUBJECT", "*free money*", NULL, NULL), 0);
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_mailcfg_add_le("*ACCEPTIP6", "2001:db8::", "129", &e), -1);
    qs_err_clear(&e);
    assert_int_equal(qs_mailcfg_add_le("*FTRTYPE", "", NULL, &e), -1);
    qs_err_clear(&e);
    struct qs_mailcfg c;
    assert_int_equal(qs_mailcfg_load(&c, NULL), 0);
    assert_int_equal(c.nrbl, 3);
    assert_int_equal(c.ftracn, QS_FTRACN_DISCARD);
    /* zone 0: any 127/8; zone 1: exactly 127.0.0.2; zone 2: 127.0.1.0/24 */
    assert_true(qs_rbl_answer_matches(&c, 0, 0x7f000004u));
    assert_false(qs_rbl_answer_matches(&c, 0, 0x0a000001u));
    assert_true(qs_rbl_answer_matches(&c, 1, 0x7f000002u));
    assert_false(qs_rbl_answer_matches(&c, 1, 0x7f000004u));
    assert_true(qs_rbl_answer_matches(&c, 2, 0x7f000109u));
    assert_false(qs_rbl_answer_matches(&c, 2, 0x7f000209u));
    assert_int_equal(c.nftr, 1);
    assert_int_equal(c.ftr[0].type, QS_FTR_SUBJECT);
    assert_string_equal(c.ftr[0].data, "*free money*");
    uint8_t in[16], out[16], bad6[16];
    inet_pton(AF_INET6, "2001:db8:1::5", in);
    inet_pton(AF_INET6, "2001:db9::5", out);
    inet_pton(AF_INET6, "2001:db8:bad::1", bad6);
    assert_true(qs_mailcfg_in_list6(c.accept6, c.naccept6, in));
    assert_false(qs_mailcfg_in_list6(c.accept6, c.naccept6, out));
    assert_true(qs_mailcfg_in_list6(c.reject6, c.nreject6, bad6));
    assert_false(qs_mailcfg_in_list6(c.reject6, c.nreject6, in));
    c.alwrly = QS_RLY_BYIPADR;
    c.alwauth = 0;
    assert_true(qs_smtpd_may_relay6(&c, 0, in, 0));
    assert_false(qs_smtpd_may_relay6(&c, 0, out, 0));
    c.alwrly = QS_RLY_POPWDW;
    assert_false(qs_smtpd_may_relay6(&c, 0, in, 0));
    /* odd prefix lengths */
    struct qs_net6 n = { { 0xfe, 0x80 }, 9 };
    uint8_t a[16] = { 0xfe, 0xff }, b[16] = { 0xfe, 0x7f };
    assert_true(qs_mailcfg_in_list6(&n, 1, a));
    assert_false(qs_mailcfg_in_list6(&n, 1, b));
    n.prefix = 0;
    assert_true(qs_mailcfg_in_list6(&n, 1, b));
    qs_mailcfg_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_ends_only_at_crlf_dot_crlf),
        cmocka_unit_test(data_unstuffs_and_limits),
        cmocka_unit_test(paths),
        cmocka_unit_test(paths_smtputf8),
        cmocka_unit_test(params_b64_xtext),
        cmocka_unit_test(relay_policy_and_msgno),
        cmocka_unit_test(rbl_answers_ipv6_lists_filters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
