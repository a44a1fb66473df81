/* Unit tests for qsys/mime: encoders, header folding, builder, strict reader.
 * The built message is also parsed back by Python's email package. */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/mime/mime.h"

#include <sys/wait.h>

static void each_line_at_most(const char *s, size_t n, size_t max)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            assert_true(i + 1 < n && s[i + 1] == '\n');
            assert_true(col <= max);
            col = 0;
            i++;
            continue;
        }
        assert_true(s[i] != '\n');
        col++;
    }
    assert_int_equal(col, 0);   /* ends with CRLF */
}

static void base64_vectors_and_roundtrip(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } v[] = {
        { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
        { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
    };
    struct qs_buf b, d;
    qs_buf_init(&b, 1 << 20);
    qs_buf_init(&d, 1 << 20);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        qs_buf_reset(&b);
        assert_int_equal(qs_mime_base64_raw(&b, v[i].in, strlen(v[i].in)), 0);
        assert_string_equal(qs_buf_str(&b), v[i].out);
    }
    unsigned char bin[1000];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 7 + 3);
    qs_buf_reset(&b);
    assert_int_equal(qs_mime_base64(&b, bin, sizeof bin), 0);
    each_line_at_most(b.data, b.len, 76);
    assert_int_equal(qs_mime_unbase64(&d, b.data, b.len), 0);
    assert_int_equal(d.len, sizeof bin);
    assert_memory_equal(d.data, bin, sizeof bin);
    /* every length around the 57-byte line blocks: wrapped and raw agree */
    for (size_t n = 0; n <= 2 * 57 + 3; n++) {
        struct qs_buf r;
        qs_buf_init(&r, 1 << 20);
        qs_buf_reset(&b);
        qs_buf_reset(&d);
        assert_int_equal(qs_mime_base64(&b, bin, n), 0);
        assert_int_equal(qs_mime_base64_raw(&r, bin, n), 0);
        each_line_at_most(b.data ? b.data : "", b.len, 76);
        assert_int_equal(qs_mime_unbase64(&d, b.data ? b.data : "", b.len), 0);
        assert_int_equal(d.len, n);
        assert_true(n == 0 || memcmp(d.data, bin, n) == 0);
        assert_int_equal(r.len, (n + 2) / 3 * 4);
        assert_int_equal(b.len, r.len + (r.len + 75) / 76 * 2);
        qs_buf_free(&r);
    }
    qs_buf_reset(&d);
    assert_int_equal(qs_mime_unbase64(&d, "Zm9v!", 5), -1);
    qs_buf_free(&b);
    qs_buf_free(&d);
}

static void qp_encodes_and_wraps(void **state)
{
    (void)state;
    struct qs_buf b;
    qs_buf_init(&b, 1 << 20);
    const char *in = "a=b \n\xc3\xa9t\xc3\xa9\r\nend ";
    assert_int_equal(qs_mime_qp(&b, in, strlen(in)), 0);
    assert_string_equal(qs_buf_str(&b), "a=3Db=20\r\n=C3=A9t=C3=A9\r\nend=20\r\n");
    char longl[300];
    memset(longl, 'x', sizeof longl);
    longl[100] = '=';
    qs_buf_reset(&b);
    assert_int_equal(qs_mime_qp(&b, longl, sizeof longl), 0);
    each_line_at_most(b.data, b.len, 76);
    qs_buf_free(&b);
}

static void header_folds_and_refuses_injection(void **state)
{
    (void)state;
    struct qs_buf b;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&b, 1 << 20);
    assert_int_equal(qs_mime_hdr_text(&b, "Subject", "Hello world", 11, &e), 0);
    assert_string_equal(qs_buf_str(&b), "Subject: Hello world\r\n");

    const char *lng = "Quarterly report for the northern region, including revenue, costs, "
                      "inventory levels and the forecast for next year";
    qs_buf_reset(&b);
    assert_int_equal(qs_mime_hdr_text(&b, "Subject", lng, strlen(lng), &e), 0);
    each_line_at_most(b.data, b.len, 78);
    struct qs_buf u;
    qs_buf_init(&u, 4096);
    assert_int_equal(qs_mime_unfold(&u, b.data + 8, b.len - 10), 0);
    assert_string_equal(qs_buf_str(&u), lng);
    qs_buf_free(&u);

    /* non-ASCII: encoded words only, every line short */
    const char *utf = "R\xc3\xa9sum\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
                      "\xe3\x81\xae\xe4\xbb\xb6\xe5\x90\x8d \xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82"
                      "\xe3\x81\xa8\xe3\x81\xa6\xe3\x82\x82\xe9\x95\xb7\xe3\x81\x84\xe3\x81\xa7"
                      "\xe3\x81\x99\xe3\x81\xad";
    qs_buf_reset(&b);
    assert_int_equal(qs_mime_hdr_text(&b, "Subject", utf, strlen(utf), &e), 0);
    each_line_at_most(b.data, b.len, 78);
    assert_non_null(strstr(b.data, "=?UTF-8?B?"));
    for (size_t i = 0; i < b.len; i++)
        assert_true((unsigned char)b.data[i] < 128);

    static const char *bad[] = { "x\r\nBcc: victim@evil", "x\nBcc: v", "x\rBcc: v", "\xc3" };
    for (size_t i = 0; i < 4; i++) {
        qs_buf_reset(&b);
        assert_int_equal(qs_mime_hdr_text(&b, "Subject", bad[i], strlen(bad[i]), &e), -1);
        assert_string_equal(e.msgid, "TCP5345");
        assert_int_equal(b.len, 0);
    }
    qs_err_clear(&e);
    qs_buf_free(&b);
}

static void addresses_and_filenames(void **state)
{
    (void)state;
    struct qs_buf b;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&b, 1 << 20);
    struct qs_mime_addr a[] = {
        { "Smith, \"Bob\"", "bob@example.com" },
        { "J\xc3\xbcrgen M\xc3\xbcller", "jm@example.de" },
        { NULL, "plain@example.org" },
    };
    assert_int_equal(qs_mime_hdr_addrs(&b, "To", a, 3, &e), 0);
    assert_non_null(strstr(b.data, "\"Smith, \\\"Bob\\\"\" <bob@example.com>,"));
    assert_non_null(strstr(b.data, "=?UTF-8?B?"));
    assert_non_null(strstr(b.data, "plain@example.org\r\n"));
    each_line_at_most(b.data, b.len, 78);

    static const char *badaddr[] = { "no-at", "a@b@c", "@x.com", "x@", "a b@c.com",
                                     "a@-x.com", "a..b@c.com", "<a@b.com>", "a@b.com\r\nX" };
    for (size_t i = 0; i < sizeof badaddr / sizeof badaddr[0]; i++) {
        struct qs_mime_addr x = { NULL, badaddr[i] };
        assert_int_equal(qs_mime_hdr_addrs(&b, "To", &x, 1, &e), -1);
        assert_string_equal(e.msgid, "TCP5346");
    }
    char big[300];
    memset(big, 'a', sizeof big);
    memcpy(big + 290, "@x.com", 7);
    assert_int_equal(qs_mime_addr_check(big, strlen(big)), -1);

    qs_buf_reset(&b);
    assert_int_equal(qs_mime_param_filename(&b, "filename", "report.pdf", 10, &e), 0);
    assert_string_equal(qs_buf_str(&b), ";\r\n filename=\"report.pdf\"");
    qs_buf_reset(&b);
    const char *fn = "\xc3\xa9t\xc3\xa9 report.pdf";
    assert_int_equal(qs_mime_param_filename(&b, "filename", fn, strlen(fn), &e), 0);
    assert_string_equal(qs_buf_str(&b), ";\r\n filename*0*=UTF-8''%C3%A9t%C3%A9%20report.pdf");
    qs_err_clear(&e);
    qs_buf_free(&b);
}

static const char *bad_msgs[][2] = {
    { "From: a@b.c\r\nSubject: x\r\nbody without end of header", "TCP5341" },
    { "From: a@b.c\nSubject: x\n\nbody", "TCP5341" },
    { "From: a@b.c\r\nSubject: x\ny\r\n\r\nbody", "TCP5343" },
    { "From: a@b.c\r\nSubject: caf\xc3\xa9\r\n\r\nbody", "TCP5342" },
    { " continued: first\r\nFrom: a@b.c\r\n\r\n", "TCP5344" },
    { "From a@b.c\r\n\r\n", "TCP5344" },
    { "From : a@b.c\r\n\r\n", "TCP5344" },
    { "Subject: hi\r\n\r\n", "TCP5347" },
    { "From: a@b.c\r\nSubject: 1\r\nsubject: 2\r\n\r\n", "TCP5348" },
    { "\r\nno headers at all", "TCP5347" },
};

static void validator_refuses_each_defect(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    for (size_t i = 0; i < sizeof bad_msgs / sizeof bad_msgs[0]; i++) {
        assert_int_equal(qs_mime_validate(bad_msgs[i][0], strlen(bad_msgs[i][0]), NULL, &e), -1);
        assert_string_equal(e.msgid, bad_msgs[i][1]);
    }
    char *lng = malloc(1100);
    memcpy(lng, "From: ", 6);
    memset(lng + 6, 'x', 1000);
    memcpy(lng + 1006, "\r\n\r\n", 5);
    assert_int_equal(qs_mime_validate(lng, strlen(lng), NULL, &e), -1);
    assert_string_equal(e.msgid, "TCP5349");
    free(lng);

    const char *ok = "From: a@b.c\r\nTo: x@y.z,\r\n  w@y.z\r\nBcc: h@y.z\r\nSubject: hi\r\n\r\nbody\xff";
    struct qs_mime_info info;
    assert_int_equal(qs_mime_validate(ok, strlen(ok), &info, &e), 0);
    assert_int_equal(info.nfields, 4);
    assert_true(info.has_from && info.has_bcc && !info.has_date);
    assert_int_equal(info.body_off, strlen(ok) - 5);
    struct qs_mime_field f;
    assert_int_equal(qs_mime_find(ok, info.hdr_len, "to", &f), 1);
    struct qs_buf u;
    qs_buf_init(&u, 100);
    qs_mime_unfold(&u, f.value, f.value_len);
    assert_string_equal(qs_buf_str(&u), "x@y.z,  w@y.z");
    qs_buf_free(&u);
    qs_err_clear(&e);
}

static void built_message_parses_back_in_python(void **state)
{
    (void)state;
    unsigned char pdf[5000];
    for (size_t i = 0; i < sizeof pdf; i++)
        pdf[i] = (unsigned char)(i * 31 + 7);
    struct qs_mime_addr to[] = { { "Kunde M\xc3\xbcller", "kunde@example.de" } };
    struct qs_mime_addr cc[] = { { NULL, "cc@example.com" } };
    struct qs_mime_attach att[] = {
        { "Rechnung \xc3\x9c" "ber 2026.pdf", "application/pdf", pdf, sizeof pdf },
        { "notes.txt", "text/plain", "line1\r\nline2\r\n", 14 },
    };
    const char *text = "Gr\xc3\xbc\xc3\x9f" "e,\nanbei die Rechnung.\n.\nFrom here\n";
    struct qs_mime_msg m = {
        .from = { "Buchhaltung", "billing@example.com" },
        .to = to, .nto = 1, .cc = cc, .ncc = 1,
        .subject = "Ihre Rechnung \xe2\x82\xac 12,50",
        .text = text, .text_len = strlen(text),
        .alt_html = "<p>Hallo</p>", .alt_html_len = 12,
        .att = att, .natt = 2,
    };
    struct qs_buf b;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&b, 1 << 22);
    assert_int_equal(qs_mime_build(&m, &b, &e), 0);
    assert_int_equal(qs_mime_validate(b.data, b.len, NULL, &e), 0);
    for (size_t i = 0; i < b.len; i++)
        assert_true((unsigned char)b.data[i] < 128);
    each_line_at_most(b.data, b.len, 78);

    char dir[256], path[300], pdfp[300];
    snprintf(dir, sizeof dir, "%s", qs_test_root());
    snprintf(path, sizeof path, "%s/msg.eml", dir);
    snprintf(pdfp, sizeof pdfp, "%s/orig.bin", dir);
    assert_int_equal(qs_file_write_atomic(path, b.data, b.len, 0600, &e), 0);
    assert_int_equal(qs_file_write_atomic(pdfp, pdf, sizeof pdf, 0600, &e), 0);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "python3 - '%s' '%s' <<'EOF'\n"
             "import sys, email, email.policy\n"
             "m = email.message_from_bytes(open(sys.argv[1],'rb').read(), policy=email.policy.default)\n"
             "assert str(m['subject']) == 'Ihre Rechnung \\u20ac 12,50', m['subject']\n"
             "assert m['to'].addresses[0].display_name == 'Kunde M\\u00fcller'\n"
             "assert m['to'].addresses[0].addr_spec == 'kunde@example.de'\n"
             "assert m['bcc'] is None and m['message-id'] and m['date'].datetime\n"
             "assert m.get_content_type() == 'multipart/mixed'\n"
             "parts = list(m.iter_attachments())\n"
             "assert parts[0].get_filename() == 'Rechnung \\u00dcber 2026.pdf', parts[0].get_filename()\n"
             "assert parts[0].get_content() == open(sys.argv[2],'rb').read()\n"
             "assert parts[1].get_filename() == 'notes.txt'\n"
             "body = m.get_body(('plain',)).get_content().replace('\\r\\n', '\\n')\n"
             "assert body == 'Gr\\u00fc\\u00dfe,\\nanbei die Rechnung.\\n.\\nFrom here\\n', repr(body)\n"
             "assert m.get_body(('html',)).get_content().strip() == '<p>Hallo</p>'\n"
             "assert not m.defects and all(not p.defects for p in m.walk()), m.defects\n"
             "EOF", path, pdfp);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc));
    assert_int_equal(WEXITSTATUS(rc), 0);
    qs_buf_free(&b);
    qs_err_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base64_vectors_and_roundtrip),
        cmocka_unit_test(qp_encodes_and_wraps),
        cmocka_unit_test(header_folds_and_refuses_injection),
        cmocka_unit_test(addresses_and_filenames),
        cmocka_unit_test(validator_refuses_each_defect),
        cmocka_unit_test(built_message_parses_back_in_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
