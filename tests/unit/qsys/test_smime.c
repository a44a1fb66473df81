/* Unit tests for qsys/smime: certificates made by `openssl req`, output
 * checked by `openssl cms -verify` / `-decrypt`. */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/mime/mime.h"
#include "qsys/smime/smime.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static char dir[300];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void readf(const char *name, struct qs_buf *b)
{
    char p[400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    qs_buf_reset(b);
    assert_int_equal(qs_file_read(p, 1 << 20, b, NULL), 0);
}

static void writef(const char *name, const char *d, size_t n)
{
    char p[400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    assert_int_equal(qs_file_write_atomic(p, d, n, 0600, NULL), 0);
}

/* A CA, a sender with an RSA key, recipients with RSA and EC keys. */
static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/pki", qs_test_root());
    mkdir(dir, 0700);
    int rc = sh("cd '%s' && exec >log 2>&1 && set -e\n"
                "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=TestCA\n"
                "printf 'basicConstraints=CA:FALSE\\nkeyUsage=digitalSignature,keyEncipherment,keyAgreement\\n"
                "extendedKeyUsage=emailProtection\\nsubjectAltName=email:copy\\n' > leaf.ext\n"
                "leaf() { openssl req -new -newkey $2 -nodes -keyout $1.key -out $1.csr -subj \"/CN=$1/emailAddress=$3\";\n"
                "  openssl x509 -req -in $1.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile leaf.ext -out $1.pem; }\n"
                "leaf alice rsa:2048 Alice@Example.com\n"
                "leaf bob rsa:2048 bob@example.net\n"
                "openssl ecparam -name prime256v1 -out ec.param\n"
                "leaf carol ec:ec.param carol@example.org\n"
                "openssl pkcs12 -export -inkey alice.key -in alice.pem -certfile ca.pem -passout pass:s3cret -out alice.p12\n",
                dir);
    if (rc != 0)
        sh("cat '%s/log'", dir);
    return rc;
}

static const char entity[] =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    "Gr=C3=BC=C3=9Fe aus dem Lager.\r\n"
    "From the warehouse, with trailing space=20\r\n";

static const char headers[] =
    "From: alice@example.com\r\nTo: bob@example.net, carol@example.org\r\n"
    "Subject: test\r\nMIME-Version: 1.0\r\n";

static void import_and_sign_verifies_with_openssl(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    struct qs_buf b, out;
    qs_buf_init(&b, 1 << 20);
    qs_buf_init(&out, 1 << 22);
    readf("alice.p12", &b);
    assert_int_equal(qs_smime_import_own("alice", "wrong@example.com", b.data, b.len, "nope", &e), -1);
    assert_string_equal(e.msgid, "TCP5362");
    assert_int_equal(qs_smime_import_own("ALICE", "Alice@Example.com", b.data, b.len, "s3cret", &e), 0);
    struct stat st;
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    assert_int_equal(qs_root_path(&p, NULL, "smime/ALICE/own/alice@example.com.p12"), 0);
    assert_int_equal(stat(p.data, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    qs_buf_free(&p);

    static const char *const who[][2] = { { "bob", "bob@example.net" }, { "carol", "Carol@Example.org" } };
    for (int i = 0; i < 2; i++) {
        char n[32];
        snprintf(n, sizeof n, "%s.pem", who[i][0]);
        readf(n, &b);
        assert_int_equal(qs_smime_import_cert("alice", who[i][1], b.data, b.len, &e), 0);
    }

    /* sign */
    assert_int_equal(qs_smime_protect("alice", QS_SMIME_SIGN, "alice@example.com", "s3cret",
                                      NULL, 0, entity, sizeof entity - 1, &out, &e), 0);
    qs_buf_reset(&b);
    qs_buf_adds(&b, headers);
    qs_buf_add(&b, out.data, out.len);
    assert_int_equal(qs_mime_validate(b.data, b.len, NULL, &e), 0);
    writef("signed.eml", b.data, b.len);
    assert_int_equal(sh("cd '%s' && openssl cms -verify -in signed.eml -CAfile ca.pem -out signed.out 2>verify.log"
                        " && grep -q 'Verification successful' verify.log", dir), 0);
    readf("signed.out", &b);
    assert_int_equal(b.len, sizeof entity - 1);
    assert_memory_equal(b.data, entity, b.len);
    assert_non_null(strstr(out.data, "micalg=sha-256"));
    /* a changed byte in the signed part must fail verification */
    char *t = strstr(out.data, "warehouse");
    t[0] = 'W';
    qs_buf_reset(&b);
    qs_buf_adds(&b, headers);
    qs_buf_add(&b, out.data, out.len);
    writef("tampered.eml", b.data, b.len);
    assert_int_not_equal(sh("cd '%s' && openssl cms -verify -in tampered.eml -CAfile ca.pem -out /dev/null 2>/dev/null", dir), 0);

    /* encrypt for an RSA and an EC recipient: each can decrypt */
    const char *rc[] = { "bob@example.net", "carol@example.org" };
    qs_buf_reset(&out);
    assert_int_equal(qs_smime_protect("alice", QS_SMIME_ENCRYPT, "alice@example.com", NULL,
                                      rc, 2, entity, sizeof entity - 1, &out, &e), 0);
    qs_buf_reset(&b);
    qs_buf_adds(&b, headers);
    qs_buf_add(&b, out.data, out.len);
    writef("enc.eml", b.data, b.len);
    assert_int_equal(sh("cd '%s' && openssl cms -cmsout -print -in enc.eml | grep -q aes-256-cbc", dir), 0);
    for (int i = 0; i < 2; i++) {
        const char *n = i ? "carol" : "bob";
        assert_int_equal(sh("cd '%s' && openssl cms -decrypt -in enc.eml -recip %s.pem -inkey %s.key -out dec.out",
                            dir, n, n), 0);
        readf("dec.out", &b);
        assert_int_equal(b.len, sizeof entity - 1);
        assert_memory_equal(b.data, entity, b.len);
    }

    /* sign then encrypt: decrypt gives multipart/signed that verifies */
    qs_buf_reset(&out);
    assert_int_equal(qs_smime_protect("alice", QS_SMIME_SIGN | QS_SMIME_ENCRYPT, "alice@example.com",
                                      "s3cret", rc, 2, entity, sizeof entity - 1, &out, &e), 0);
    qs_buf_reset(&b);
    qs_buf_adds(&b, headers);
    qs_buf_add(&b, out.data, out.len);
    writef("both.eml", b.data, b.len);
    assert_int_equal(sh("cd '%s' && openssl cms -decrypt -in both.eml -recip carol.pem -inkey carol.key -out both.dec"
                        " && openssl cms -verify -in both.dec -CAfile ca.pem -out both.out 2>/dev/null"
                        " && cmp -s both.out signed.out", dir), 0);

    /* errors: wrong password, no certificate for a recipient, no key */
    qs_buf_reset(&out);
    assert_int_equal(qs_smime_protect("alice", QS_SMIME_SIGN, "alice@example.com", "bad",
                                      NULL, 0, entity, sizeof entity - 1, &out, &e), -1);
    assert_string_equal(e.msgid, "TCP5362");
    const char *unknown[] = { "bob@example.net", "dave@example.com" };
    assert_int_equal(qs_smime_protect("alice", QS_SMIME_SIGN | QS_SMIME_ENCRYPT, "alice@example.com",
                                      "s3cret", unknown, 2, entity, sizeof entity - 1, &out, &e), -1);
    assert_string_equal(e.msgid, "TCP5361");
    assert_non_null(strstr(e.text, "dave@example.com"));
    assert_int_equal(out.len, 0);
    assert_int_equal(qs_smime_protect("bob", QS_SMIME_SIGN, "bob@example.net", "x",
                                      NULL, 0, entity, sizeof entity - 1, &out, &e), -1);
    assert_string_equal(e.msgid, "TCP5361");
    assert_int_equal(qs_smime_import_cert("alice", "x@example.com", "junk", 4, &e), -1);
    assert_string_equal(e.msgid, "TCP5364");
    qs_err_clear(&e);
    qs_buf_free(&b);
    qs_buf_free(&out);
}

/* An expired certificate (made with the API: openssl req cannot back-date). */
static void expired_certificate_is_refused(void **state)
{
    (void)state;
    EVP_PKEY *k = EVP_EC_gen("prime256v1");
    X509 *c = X509_new();
    assert_non_null(k);
    X509_set_version(c, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c), 7);
    X509_gmtime_adj(X509_getm_notBefore(c), -86400L * 30);
    X509_gmtime_adj(X509_getm_notAfter(c), -86400L);
    X509_NAME *n = X509_get_subject_name(c);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"old", -1, -1, 0);
    X509_set_issuer_name(c, n);
    X509_set_pubkey(c, k);
    assert_true(X509_sign(c, k, EVP_sha256()) > 0);
    BIO *m = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(m, c);
    char *p;
    long l = BIO_get_mem_data(m, &p);
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_smime_import_cert("alice", "old@example.com", p, (size_t)l, &e), -1);
    assert_string_equal(e.msgid, "TCP5363");
    assert_non_null(strstr(e.text, "expired"));
    /* planted directly into the store: refused when encrypting */
    struct qs_buf path, out;
    qs_buf_init(&path, 4096);
    qs_buf_init(&out, 1 << 20);
    assert_int_equal(qs_root_path(&path, NULL, "smime/ALICE/certs/old@example.com.pem"), 0);
    assert_int_equal(qs_file_write_atomic(path.data, p, (size_t)l, 0644, NULL), 0);
    const char *rc[] = { "old@example.com" };
    assert_int_equal(qs_smime_protect("alice", QS_SMIME_ENCRYPT, "alice@example.com", NULL, rc, 1,
                                      entity, sizeof entity - 1, &out, &e), -1);
    assert_string_equal(e.msgid, "TCP5363");
    BIO_free(m);
    X509_free(c);
    EVP_PKEY_free(k);
    qs_buf_free(&path);
    qs_buf_free(&out);
    qs_err_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import_and_sign_verifies_with_openssl),
        cmocka_unit_test(expired_certificate_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
