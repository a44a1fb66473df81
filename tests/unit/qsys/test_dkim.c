/* Unit tests for qsys/dkim: RFC 6376 canonicalization examples, and
 * signatures checked by an independent verifier (dkimpy). */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/dkim/dkim.h"

#include <sys/wait.h>

static void relaxed_canonicalization_matches_rfc6376_example(void **state)
{
    (void)state;
    struct qs_buf b;
    qs_buf_init(&b, 4096);
    /* RFC 6376 §3.4.6 example */
    assert_int_equal(qs_dkim_canon_header("A: X", 4, &b), 0);
    qs_buf_adds(&b, "\r\n");
    assert_int_equal(qs_dkim_canon_header("B : Y\t\r\n\tZ  ", 12, &b), 0);
    assert_string_equal(qs_buf_str(&b), "a:X\r\nb:Y Z");
    qs_buf_reset(&b);
    const char *body = " C \r\nD \t E\r\n\r\n\r\n";
    assert_int_equal(qs_dkim_canon_body(body, strlen(body), &b), 0);
    assert_string_equal(qs_buf_str(&b), " C\r\nD E\r\n");
    qs_buf_reset(&b);
    assert_int_equal(qs_dkim_canon_body("", 0, &b), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(qs_dkim_canon_body("x", 1, &b), 0);
    assert_string_equal(qs_buf_str(&b), "x\r\n");
    qs_buf_free(&b);
}

static const char msg[] =
    "From: \"Billing Dept\" <billing@Example.COM>\r\n"
    "To: a@example.net,\r\n\tb@example.net\r\n"
    "Subject:   Invoice   1234  \r\n"
    "Date: Wed, 25 Nov 2026 17:36:06 +0000\r\n"
    "Message-ID: <x1@example.com>\r\n"
    "X-Unsigned: whatever\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "Hello  \t world \r\n"
    "\r\n"
    ".leading dot\r\n"
    "\r\n\r\n\r\n";

static int run(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void signatures_verify_with_dkimpy(void **state)
{
    (void)state;
    const char *root = qs_test_root();
    struct qs_err e = QS_ERR_INIT;
    struct qs_buf rsa, ed, out;
    qs_buf_init(&rsa, 8192);
    qs_buf_init(&ed, 8192);
    qs_buf_init(&out, 1 << 20);
    assert_int_equal(qs_dkim_keygen("example.com", "rsa2026", QS_DKIM_RSA_SHA256, &rsa, &e), 0);
    assert_int_equal(qs_dkim_keygen("example.com", "ed2026", QS_DKIM_ED25519_SHA256, &ed, &e), 0);
    assert_int_equal(qs_dkim_sign_auto(msg, sizeof msg - 1, &out, &e), 2);
    assert_non_null(strstr(out.data, "a=ed25519-sha256"));
    assert_non_null(strstr(out.data, "a=rsa-sha256"));
    assert_non_null(strstr(out.data, "h=from:from:subject:date:to:message-id:mime-version:content-type;"));
    qs_buf_add(&out, msg, sizeof msg - 1);

    char path[512], dns[512], cmd[4096];
    snprintf(path, sizeof path, "%s/signed.eml", root);
    assert_int_equal(qs_file_write_atomic(path, out.data, out.len, 0600, &e), 0);
    snprintf(dns, sizeof dns, "%s/dns.txt", root);
    struct qs_buf d;
    qs_buf_init(&d, 16384);
    qs_buf_addf(&d, "rsa2026._domainkey.example.com. %s\ned2026._domainkey.example.com. %s\n",
                rsa.data, ed.data);
    assert_int_equal(qs_file_write_atomic(dns, d.data, d.len, 0600, &e), 0);
    qs_buf_free(&d);
    static const char py[] =
        "/usr/bin/python3 - '%s' '%s' %s <<'EOF'\n"
        "import sys, dkim\n"
        "recs = dict(l.split(' ', 1) for l in open(sys.argv[2]).read().splitlines())\n"
        "def dns(name, timeout=5):\n"
        "    n = name.decode() if isinstance(name, bytes) else name\n"
        "    return recs.get(n, '').encode()\n"
        "m = open(sys.argv[1], 'rb').read()\n"
        "if sys.argv[3] == 'tamper': m = m.replace(b'Hello', b'Jello')\n"
        "if sys.argv[3] == 'addfrom': m = m.replace(b'X-Unsigned', b'From: evil@x.com\\r\\nX-Unsigned')\n"
        "d = dkim.DKIM(m)\n"
        "def v(i):\n"
        "    try: return d.verify(idx=i, dnsfunc=dns)\n"
        "    except dkim.ValidationError: return False\n"
        "ok = [v(i) for i in range(2)]\n"
        "sys.exit(0 if all(ok) else 1)\n"
        "EOF";
    snprintf(cmd, sizeof cmd, py, path, dns, "as-is");
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof cmd, py, path, dns, "tamper");
    assert_int_equal(run(cmd), 1);
    snprintf(cmd, sizeof cmd, py, path, dns, "addfrom");
    assert_int_not_equal(run(cmd), 0);

    /* no keys for the domain: nothing added; bad message: refused */
    qs_buf_reset(&out);
    const char *other = "From: x@other.org\r\n\r\nhi\r\n";
    assert_int_equal(qs_dkim_sign_auto(other, strlen(other), &out, &e), 0);
    assert_int_equal(out.len, 0);
    assert_int_equal(qs_dkim_sign(other, strlen(other), "other.org", "nokey", 0, &out, &e), -1);
    assert_string_equal(e.msgid, "TCP5372");
    assert_int_equal(qs_dkim_sign("From: x@example.com\n\nbody", 25, "example.com", "rsa2026", 0, &out, &e), -1);
    assert_string_equal(e.msgid, "TCP5341");
    assert_int_equal(qs_dkim_import_key("example.com", "bad", "junk", 4, &e), -1);
    assert_string_equal(e.msgid, "TCP5371");
    qs_err_clear(&e);
    qs_buf_free(&rsa);
    qs_buf_free(&ed);
    qs_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(relaxed_canonicalization_matches_rfc6376_example),
        cmocka_unit_test(signatures_verify_with_dkimpy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
