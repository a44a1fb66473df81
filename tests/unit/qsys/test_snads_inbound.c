/* tests/unit/qsys/test_snads_inbound.c - Internet mail into distributions:
 * the MIME walk (note, documents, bounds) and the records it writes. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/sdd/sdd.h"
#include "qsys/snads/inbound.h"
#include "qsys/snads/snads.h"

static const char MIXED[] =
    "From: \"A. Sender\" <a@example.org>\r\n"
    "Subject: =?UTF-8?B?w4RwZmVs?= and =?ISO-8859-1?Q?K=E4se?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"OUT\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--OUT\r\n"
    "Content-Type: multipart/alternative; boundary=IN\r\n"
    "\r\n"
    "--IN\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Gr=FC=DFe, a long=\r\n"
    " line\r\n"
    "--IN\r\n"
    "Content-Type: text/html\r\n"
    "\r\n"
    "<p>Gr&uuml;&szlig;e</p>\r\n"
    "--IN--\r\n"
    "--OUT\r\n"
    "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"/etc/report.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0x\r\n"
    "LjQK\r\n"
    "--OUT--\r\n"
    "epilogue\r\n";

static void test_parse_mixed(void **st)
{
    (void)st;
    struct qs_snads_inmail m;
    assert_int_equal(qs_snads_inmail_parse(MIXED, sizeof MIXED - 1, "env@example.org", &m), 0);
    assert_string_equal(m.subject, "\xc3\x84pfel and K\xc3\xa4se");
    assert_string_equal(m.from, "a@example.org");
    assert_true(m.have_note);
    assert_int_equal(m.note.len, strlen("Gr\xc3\xbc\xc3\x9f" "e, a long line"));
    assert_memory_equal(m.note.data, "Gr\xc3\xbc\xc3\x9f" "e, a long line", m.note.len);
    assert_int_equal(m.nparts, 1);                  /* the HTML rendering is not kept */
    assert_string_equal(m.parts[0].ctype, "application/pdf");
    assert_int_equal(m.parts[0].len, 9);
    assert_memory_equal(m.parts[0].data, "%PDF-1.4\n", 9);
    qs_snads_inmail_free(&m);
}

static void test_parse_bounds(void **st)
{
    (void)st;
    struct qs_snads_inmail m;
    /* 60 parts: 50 kept, 10 counted as dropped */
    struct qs_buf b;
    qs_buf_init(&b, 1 << 20);
    qs_buf_adds(&b, "Content-Type: multipart/mixed; boundary=B\r\n\r\n");
    for (int i = 0; i < 60; i++)
        qs_buf_addf(&b, "--B\r\nContent-Type: application/x-%d\r\n\r\nbody %d\r\n", i, i);
    qs_buf_adds(&b, "--B--\r\n");
    assert_int_equal(qs_snads_inmail_parse(b.data, b.len, "", &m), 0);
    assert_int_equal(m.nparts, QS_SNADS_MAX_INPARTS);
    assert_int_equal(m.dropped, 10);
    assert_false(m.have_note);
    qs_snads_inmail_free(&m);
    /* nesting 40 deep: the walk stops at its depth limit, nothing is lost */
    qs_buf_reset(&b);
    for (int i = 0; i < 40; i++)
        qs_buf_addf(&b, "Content-Type: multipart/mixed; boundary=L%d\r\n\r\n--L%d\r\n", i, i);
    qs_buf_adds(&b, "Content-Type: text/plain\r\n\r\ndeep");
    assert_int_equal(qs_snads_inmail_parse(b.data, b.len, "", &m), 0);
    assert_true(m.have_note || m.nparts == 1);
    qs_snads_inmail_free(&m);
    /* no header end, no boundary, bad base64: taken as they are */
    static const char *odd[] = {
        "Subject: only a header",
        "Content-Type: multipart/mixed\r\n\r\nno boundary",
        "Content-Type: multipart/mixed; boundary=Z\r\n\r\n--Z\r\nContent-Type: text/plain\r\n\r\nno end",
        "Content-Transfer-Encoding: base64\r\nContent-Type: image/png\r\n\r\n!!!not base64",
        "Subject: =?UTF-8?B?broken\r\n\r\nx",
        "",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        assert_int_equal(qs_snads_inmail_parse(odd[i], strlen(odd[i]), "e@x.org", &m), 0);
        qs_snads_inmail_free(&m);
    }
    qs_buf_free(&b);
}

static void add_user(const char *u, const char *su, enum qs_sdd_msflvl lvl)
{
    struct qs_sdd_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.user, sizeof e.user, "%s", u);
    snprintf(e.addr, sizeof e.addr, "SALES");
    snprintf(e.smtp_user, sizeof e.smtp_user, "%s", su);
    snprintf(e.smtp_domain, sizeof e.smtp_domain, "example.com");
    e.msflvl = lvl;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_sdd_add(&e, &err), 0);
}

static void test_inbound_records(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    add_user("DORA", "dora", QS_SDD_MSF_USRIDX);
    add_user("ERIC", "eric", QS_SDD_MSF_SYSMS);
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_snads_inbound("eric@example.com", "a@b.org", "x", 1, 0, &err), 0);
    assert_int_equal(qs_snads_inbound("nobody@example.com", "a@b.org", "x", 1, 0, &err), 0);
    assert_int_equal(qs_snads_inbound("DORA@EXAMPLE.COM", "a@b.org", MIXED, sizeof MIXED - 1,
                                      1000, &err), 1);
    /* a note longer than 5,000 characters: cut, and kept whole as NOTE.TXT */
    struct qs_buf big;
    qs_buf_init(&big, 1 << 20);
    qs_buf_adds(&big, "Subject: long\r\n\r\n");
    for (int i = 0; i < 6000; i++)
        qs_buf_adds(&big, "\xc3\xa9");                 /* 2 bytes, 1 character */
    assert_int_equal(qs_snads_inbound("dora@example.com", "a@b.org", big.data, big.len, 1001, &err), 1);
    qs_buf_free(&big);

    struct qs_snads_ctx c;
    memset(&c, 0, sizeof c);
    snprintf(c.user, sizeof c.user, "DORA");
    snprintf(c.addr, sizeof c.addr, "SALES");
    struct qs_dst **v;
    size_t n;
    assert_int_equal(qs_qrydst(&c, NULL, NULL, QS_LOG_IN, QS_FLT_ALL, 0, &v, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[0]->type, QS_DST_LMSG);
    assert_string_equal(v[0]->dstid, "INTERNETQSMTPGW 0001");
    assert_string_equal(v[0]->from_inet, "a@example.org");
    assert_string_equal(v[0]->msg, "1 attachment(s) follow as documents");
    assert_int_equal(v[1]->type, QS_DST_DOC);
    assert_string_equal(v[1]->doc_name, "report.pdf");
    assert_int_equal(v[1]->doc_len, 9);
    assert_int_equal(v[2]->type, QS_DST_LMSG);
    assert_int_equal(strlen(v[2]->longmsg), 10000);    /* 5,000 characters */
    assert_string_equal(v[2]->doc_name, "NOTE.TXT");
    assert_int_equal(v[2]->doc_len, 12000);
    qs_dst_list_free(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_mixed),
        cmocka_unit_test(test_parse_bounds),
        cmocka_unit_test(test_inbound_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
