/*
 * qsys/smime/smime.c - certificate store and CMS sign/encrypt (see smime.h).
 */
#include "qsys/smime/smime.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/mime/mime.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#define MAX_CERT_FILE (256u * 1024)

static void free_certs(STACK_OF(X509) *s)
{
    sk_X509_pop_free(s, X509_free);
}

/* The latest OpenSSL error as message data for TCP5364. */
static int crypto_err(struct qs_err *err, const char *what)
{
    char ebuf[256];
    unsigned long e = ERR_peek_last_error();
    ERR_error_string_n(e, ebuf, sizeof ebuf);
    ERR_clear_error();
    char text[400];
    snprintf(text, sizeof text, "%s: %s", what, e ? ebuf : "unknown error");
    return qs_err_set(err, "TCP5364", text, (const char *)NULL);
}

/* User profile names: 1-10 of A-Z 0-9 $ # @ _ (upper-cased into u). */
static int norm_user(const char *user, char u[11], struct qs_err *err)
{
    size_t n = user ? strlen(user) : 0;
    if (n == 0 || n > 10)
        return qs_err_set(err, "TCP5365", user ? user : "", (const char *)NULL);
    for (size_t i = 0; i < n; i++) {
        char c = user[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("$#@_", c)))
            return qs_err_set(err, "TCP5365", user, (const char *)NULL);
        u[i] = c;
    }
    u[n] = '\0';
    return 0;
}

/* Lower-cased, checked label for an address. */
static int norm_addr(const char *addr, char a[QS_MAX_SMTP_ADDR + 1], struct qs_err *err)
{
    size_t n = addr ? strlen(addr) : 0;
    if (!addr || qs_mime_addr_check(addr, n) < 0)
        return qs_err_set(err, "TCP5346", addr ? addr : "", (const char *)NULL);
    for (size_t i = 0; i < n; i++)
        a[i] = (addr[i] >= 'A' && addr[i] <= 'Z') ? (char)(addr[i] - 'A' + 'a') : addr[i];
    a[n] = '\0';
    return 0;
}

static int store_path(struct qs_buf *p, const char *user, const char *sub, const char *addr,
                      const char *ext, struct qs_err *err)
{
    char u[11], a[QS_MAX_SMTP_ADDR + 1];
    if (norm_user(user, u, err) < 0 || norm_addr(addr, a, err) < 0)
        return -1;
    return qs_root_path(p, err, "smime/%s/%s/%s%s", u, sub, a, ext);
}

static int write_store_file(const char *path, const void *data, size_t len, mode_t mode,
                            struct qs_err *err)
{
    struct qs_buf dir;
    qs_buf_init(&dir, QS_MAX_PATH);
    const char *slash = strrchr(path, '/');
    int rc = qs_buf_add(&dir, path, (size_t)(slash - path));
    if (rc < 0)
        rc = qs_err_sys(err, errno);
    else
        rc = qs_mkdir_p(dir.data, 0700, err);
    qs_buf_free(&dir);
    if (rc < 0)
        return -1;
    return qs_file_write_atomic(path, data, len, mode, err);
}

/* notBefore <= now <= notAfter, else TCP5363 naming the address. */
static int check_validity(X509 *c, const char *addr, struct qs_err *err)
{
    const ASN1_TIME *nb = X509_get0_notBefore(c), *na = X509_get0_notAfter(c);
    int expired = X509_cmp_current_time(na) < 0;
    if (X509_cmp_current_time(nb) > 0 || expired) {
        char when[64] = "";
        BIO *m = BIO_new(BIO_s_mem());
        if (m) {
            ASN1_TIME_print(m, expired ? na : nb);
            int l = BIO_read(m, when, (int)sizeof when - 1);
            when[l > 0 ? l : 0] = '\0';
            BIO_free(m);
        }
        return qs_err_set(err, "TCP5363", addr, expired ? "expired" : "not yet valid", when,
                          (const char *)NULL);
    }
    return 0;
}

/* Open a PKCS#12 blob: 0, or -1 with TCP5362 (password) / TCP5364. */
static int open_p12(const void *data, size_t len, const char *addr, const char *password,
                    EVP_PKEY **key, X509 **cert, STACK_OF(X509) **ca, struct qs_err *err)
{
    const unsigned char *p = data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
    if (!p12)
        return crypto_err(err, "PKCS#12 file not readable");
    const char *pw = password ? password : "";
    if (!PKCS12_verify_mac(p12, pw, -1)) {
        PKCS12_free(p12);
        ERR_clear_error();
        return qs_err_set(err, "TCP5362", addr, (const char *)NULL);
    }
    *key = NULL;
    *cert = NULL;
    *ca = NULL;
    int ok = PKCS12_parse(p12, pw, key, cert, ca);
    PKCS12_free(p12);
    if (!ok)
        return crypto_err(err, "PKCS#12 file not usable");
    if (!*key || !*cert) {
        EVP_PKEY_free(*key);
        X509_free(*cert);
        free_certs(*ca);
        return qs_err_set(err, "TCP5361", addr, "private key", (const char *)NULL);
    }
    if (!X509_check_private_key(*cert, *key)) {
        EVP_PKEY_free(*key);
        X509_free(*cert);
        free_certs(*ca);
        return crypto_err(err, "key does not match certificate");
    }
    return 0;
}

int qs_smime_import_own(const char *user, const char *addr, const void *p12, size_t len,
                        const char *password, struct qs_err *err)
{
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    int rc = -1;
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *ca = NULL;
    if (store_path(&path, user, "own", addr, ".p12", err) < 0)
        goto out;
    if (open_p12(p12, len, addr, password, &key, &cert, &ca, err) < 0)
        goto out;
    if (check_validity(cert, addr, err) < 0)
        goto out;
    rc = write_store_file(path.data, p12, len, 0600, err);
out:
    EVP_PKEY_free(key);
    X509_free(cert);
    free_certs(ca);
    qs_buf_free(&path);
    return rc;
}

static X509 *parse_cert(const void *data, size_t len)
{
    BIO *b = BIO_new_mem_buf(data, (int)len);
    if (!b)
        return NULL;
    X509 *c = PEM_read_bio_X509(b, NULL, NULL, NULL);
    if (!c) {
        ERR_clear_error();
        const unsigned char *p = data;
        c = d2i_X509(NULL, &p, (long)len);
    }
    BIO_free(b);
    return c;
}

int qs_smime_import_cert(const char *user, const char *addr, const void *data, size_t len,
                         struct qs_err *err)
{
    struct qs_buf path, pem;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&pem, MAX_CERT_FILE);
    int rc = -1;
    X509 *c = NULL;
    if (store_path(&path, user, "certs", addr, ".pem", err) < 0)
        goto out;
    if (len > MAX_CERT_FILE || !(c = parse_cert(data, len))) {
        crypto_err(err, "certificate not readable");
        goto out;
    }
    if (check_validity(c, addr, err) < 0)
        goto out;
    BIO *m = BIO_new(BIO_s_mem());
    char *mp;
    long ml;
    if (!m || !PEM_write_bio_X509(m, c) || (ml = BIO_get_mem_data(m, &mp)) <= 0 ||
        qs_buf_add(&pem, mp, (size_t)ml) < 0) {
        BIO_free(m);
        crypto_err(err, "certificate not writable");
        goto out;
    }
    BIO_free(m);
    rc = write_store_file(path.data, pem.data, pem.len, 0644, err);
out:
    X509_free(c);
    qs_buf_free(&path);
    qs_buf_free(&pem);
    return rc;
}

static int load_file(const char *user, const char *sub, const char *addr, const char *ext,
                     struct qs_buf *data, struct qs_err *err)
{
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    int rc = store_path(&path, user, sub, addr, ext, err);
    if (rc == 0) {
        struct qs_err e2 = QS_ERR_INIT;
        rc = qs_file_read(path.data, MAX_CERT_FILE, data, &e2);
        if (rc < 0)
            qs_err_set(err, "TCP5361", addr,
                       strcmp(sub, "own") == 0 ? "private key" : "certificate", (const char *)NULL);
        qs_err_clear(&e2);
    }
    qs_buf_free(&path);
    return rc;
}

/* base64 of a CMS structure's DER. */
static int cms_base64(CMS_ContentInfo *cms, struct qs_buf *out, struct qs_err *err)
{
    unsigned char *der = NULL;
    int n = i2d_CMS_ContentInfo(cms, &der);
    if (n <= 0)
        return crypto_err(err, "encoding");
    int rc = qs_mime_base64(out, der, (size_t)n);
    OPENSSL_free(der);
    return rc < 0 ? qs_err_sys(err, errno) : 0;
}

/*
 * The sender's key, certificate and chain.  Opening a PKCS#12 costs two
 * password-based key derivations, so the last one opened is kept (per
 * process) and reused while the file (inode, size, mtime) and the password
 * (compared as a SHA-256 digest) are unchanged.  A wrong password never
 * matches the cached digest, so it is always checked against the file.
 */
static pthread_mutex_t signer_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char          *path;
    dev_t          dev;
    ino_t          ino;
    off_t          size;
    struct timespec mtime;
    unsigned char  pwhash[32];
    EVP_PKEY      *key;
    X509          *cert;
    STACK_OF(X509) *ca;
} signer;

static int get_signer(const char *user, const char *from, const char *password,
                      struct qs_buf *p12, EVP_PKEY **key, X509 **cert, STACK_OF(X509) **ca,
                      struct qs_err *err)
{
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    unsigned char h[32];
    const char *pw = password ? password : "";
    struct stat st;
    int rc = -1;
    if (store_path(&path, user, "own", from, ".p12", err) < 0)
        goto out;
    if (stat(path.data, &st) != 0) {
        qs_err_set(err, "TCP5361", from, "private key", (const char *)NULL);
        goto out;
    }
    if (!EVP_Digest(pw, strlen(pw), h, NULL, EVP_sha256(), NULL)) {
        crypto_err(err, "digest");
        goto out;
    }
    pthread_mutex_lock(&signer_mu);
    if (signer.path && strcmp(signer.path, path.data) == 0 && signer.dev == st.st_dev &&
        signer.ino == st.st_ino && signer.size == st.st_size &&
        signer.mtime.tv_sec == st.st_mtim.tv_sec && signer.mtime.tv_nsec == st.st_mtim.tv_nsec &&
        CRYPTO_memcmp(signer.pwhash, h, sizeof h) == 0 &&
        EVP_PKEY_up_ref(signer.key) && X509_up_ref(signer.cert)) {
        *key = signer.key;
        *cert = signer.cert;
        *ca = signer.ca ? X509_chain_up_ref(signer.ca) : NULL;
        pthread_mutex_unlock(&signer_mu);
        rc = 0;
        goto out;
    }
    pthread_mutex_unlock(&signer_mu);
    if (load_file(user, "own", from, ".p12", p12, err) < 0 ||
        open_p12(p12->data, p12->len, from, password, key, cert, ca, err) < 0)
        goto out;
    pthread_mutex_lock(&signer_mu);
    EVP_PKEY_free(signer.key);
    X509_free(signer.cert);
    free_certs(signer.ca);
    free(signer.path);
    signer.path = strdup(path.data);
    signer.dev = st.st_dev;
    signer.ino = st.st_ino;
    signer.size = st.st_size;
    signer.mtime = st.st_mtim;
    memcpy(signer.pwhash, h, sizeof h);
    signer.key = EVP_PKEY_up_ref(*key) ? *key : NULL;
    signer.cert = X509_up_ref(*cert) ? *cert : NULL;
    signer.ca = *ca ? X509_chain_up_ref(*ca) : NULL;
    if (!signer.path || !signer.key || !signer.cert) {
        free(signer.path);
        signer.path = NULL;
    }
    pthread_mutex_unlock(&signer_mu);
    rc = 0;
out:
    OPENSSL_cleanse(h, sizeof h);
    qs_buf_free(&path);
    return rc;
}

static int do_sign(const char *user, const char *from, const char *password,
                   const char *entity, size_t len, struct qs_buf *out, struct qs_err *err)
{
    struct qs_buf p12;
    qs_buf_init(&p12, MAX_CERT_FILE);
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *ca = NULL;
    CMS_ContentInfo *cms = NULL;
    BIO *in = NULL;
    int rc = -1;
    if (get_signer(user, from, password, &p12, &key, &cert, &ca, err) < 0 ||
        check_validity(cert, from, err) < 0)
        goto out;
    unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
    if (!(in = BIO_new_mem_buf(entity, (int)len)) ||
        !(cms = CMS_sign(NULL, NULL, ca, NULL, flags)) ||
        !CMS_add1_signer(cms, cert, key, EVP_sha256(), flags) ||
        !CMS_final(cms, in, NULL, flags)) {
        crypto_err(err, "signing");
        goto out;
    }
    char bnd[QS_MIME_BOUNDARY_SIZE];
    qs_mime_boundary(bnd);
    if (qs_buf_addf(out, "Content-Type: multipart/signed;\r\n protocol=\"application/pkcs7-signature\";"
                         "\r\n micalg=sha-256;\r\n boundary=\"%s\"\r\n\r\n"
                         "This is a cryptographically signed message in MIME format.\r\n\r\n"
                         "--%s\r\n", bnd, bnd) < 0 ||
        qs_buf_add(out, entity, len) < 0 ||
        qs_buf_addf(out, "\r\n--%s\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                         "Content-Transfer-Encoding: base64\r\n"
                         "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
                         "Content-Description: S/MIME Cryptographic Signature\r\n\r\n", bnd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    if (cms_base64(cms, out, err) < 0)
        goto out;
    if (qs_buf_addf(out, "\r\n--%s--\r\n", bnd) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = 0;
out:
    BIO_free(in);
    CMS_ContentInfo_free(cms);
    EVP_PKEY_free(key);
    X509_free(cert);
    free_certs(ca);
    qs_buf_free(&p12);
    return rc;
}

/* ---- trusted CAs, CRLs and recipient certificates ------------------------ */

/* A file's identity for the caches below (all zero: no such file). */
struct file_id {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

static void file_id_of(const char *path, struct file_id *id)
{
    struct stat st;
    memset(id, 0, sizeof *id);
    if (stat(path, &st) == 0) {
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        id->size = st.st_size;
        id->mtime = st.st_mtim;
    }
}

static int file_id_eq(const struct file_id *a, const struct file_id *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/*
 * The user's trust store: smime/<USER>/trust.pem (CA certificates) and, when
 * present, crl.pem (their CRLs; then every recipient certificate is checked
 * for revocation and a CA without a CRL there fails the check).  Kept per
 * process while both files are unchanged.  NULL with *none = 1 when the
 * user has no trust.pem (recipient certificates are then trusted as
 * imported, the behaviour before trust stores existed).
 */
static pthread_mutex_t trust_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char          *path;
    struct file_id ca, crl;
    X509_STORE    *store;
} trust;

static int load_pem_into(X509_STORE *st, const char *path, int crls)
{
    BIO *b = BIO_new_file(path, "r");
    if (!b)
        return -1;
    STACK_OF(X509_INFO) *inf = PEM_X509_INFO_read_bio(b, NULL, NULL, NULL);
    BIO_free(b);
    int n = 0;
    for (int i = 0; inf && i < sk_X509_INFO_num(inf); i++) {
        X509_INFO *x = sk_X509_INFO_value(inf, i);
        if (!crls && x->x509 && X509_STORE_add_cert(st, x->x509))
            n++;
        if (crls && x->crl && X509_STORE_add_crl(st, x->crl))
            n++;
    }
    sk_X509_INFO_pop_free(inf, X509_INFO_free);
    ERR_clear_error();
    return n > 0 ? n : -1;
}

static X509_STORE *get_trust(const char *user, int *none, struct qs_err *err)
{
    char u[11];
    struct qs_buf ca, crl;
    qs_buf_init(&ca, QS_MAX_PATH);
    qs_buf_init(&crl, QS_MAX_PATH);
    X509_STORE *st = NULL;
    *none = 0;
    if (norm_user(user, u, err) < 0 || qs_root_path(&ca, err, "smime/%s/trust.pem", u) < 0 ||
        qs_root_path(&crl, err, "smime/%s/crl.pem", u) < 0)
        goto out;
    struct file_id ica, icrl;
    file_id_of(ca.data, &ica);
    file_id_of(crl.data, &icrl);
    if (ica.ino == 0) {
        *none = 1;
        goto out;
    }
    pthread_mutex_lock(&trust_mu);
    if (trust.path && strcmp(trust.path, ca.data) == 0 && file_id_eq(&trust.ca, &ica) &&
        file_id_eq(&trust.crl, &icrl) && X509_STORE_up_ref(trust.store)) {
        st = trust.store;
        pthread_mutex_unlock(&trust_mu);
        goto out;
    }
    pthread_mutex_unlock(&trust_mu);
    if (!(st = X509_STORE_new()) || load_pem_into(st, ca.data, 0) < 0) {
        X509_STORE_free(st);
        st = NULL;
        qs_err_set(err, "TCP5366", user, "the trusted CA file holds no certificate",
                   (const char *)NULL);
        goto out;
    }
    if (icrl.ino) {
        if (load_pem_into(st, crl.data, 1) < 0) {
            X509_STORE_free(st);
            st = NULL;
            qs_err_set(err, "TCP5366", user, "the CRL file holds no CRL", (const char *)NULL);
            goto out;
        }
        X509_STORE_set_flags(st, X509_V_FLAG_CRL_CHECK);
    }
    X509_STORE_set_purpose(st, X509_PURPOSE_SMIME_ENCRYPT);
    pthread_mutex_lock(&trust_mu);
    X509_STORE_free(trust.store);
    free(trust.path);
    trust.path = strdup(ca.data);
    trust.ca = ica;
    trust.crl = icrl;
    trust.store = X509_STORE_up_ref(st) ? st : NULL;
    pthread_mutex_unlock(&trust_mu);
out:
    qs_buf_free(&ca);
    qs_buf_free(&crl);
    return st;
}

/* Chain and revocation check of a recipient certificate: TCP5367 revoked,
 * TCP5363 a certificate of the chain outside its dates, TCP5366 otherwise. */
static int verify_rcpt(X509_STORE *st, X509 *c, STACK_OF(X509) *chain, const char *addr,
                       struct qs_err *err)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (!ctx || !X509_STORE_CTX_init(ctx, st, c, chain)) {
        X509_STORE_CTX_free(ctx);
        return crypto_err(err, "certificate verification");
    }
    int ok = X509_verify_cert(ctx) == 1;
    int e = X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    if (ok)
        return 0;
    if (e == X509_V_ERR_CERT_REVOKED)
        return qs_err_set(err, "TCP5367", addr, (const char *)NULL);
    if (e == X509_V_ERR_CERT_HAS_EXPIRED || e == X509_V_ERR_CERT_NOT_YET_VALID)
        return qs_err_set(err, "TCP5363", addr,
                          e == X509_V_ERR_CERT_HAS_EXPIRED ? "chain expired" : "chain not yet valid",
                          "a CA certificate", (const char *)NULL);
    return qs_err_set(err, "TCP5366", addr, X509_verify_cert_error_string(e), (const char *)NULL);
}

/*
 * Recipient certificates parsed from the store, kept per process while the
 * file is unchanged (the leaf, and any further certificates in the file as
 * untrusted intermediates).  A small table; the oldest entry is replaced.
 */
#define RCPT_CACHE 64
static pthread_mutex_t rcache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rcache {
    char          *path;
    struct file_id id;
    X509          *cert;
    STACK_OF(X509) *chain;
} rcache[RCPT_CACHE];
static unsigned rcache_next;

static int get_rcpt_cert(const char *user, const char *addr, X509 **cert, STACK_OF(X509) **chain,
                         struct qs_err *err)
{
    struct qs_buf path, pem;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&pem, MAX_CERT_FILE);
    int rc = -1;
    *cert = NULL;
    *chain = NULL;
    if (store_path(&path, user, "certs", addr, ".pem", err) < 0)
        goto out;
    struct file_id id;
    file_id_of(path.data, &id);
    pthread_mutex_lock(&rcache_mu);
    for (size_t i = 0; id.ino && i < RCPT_CACHE; i++) {
        struct rcache *r = &rcache[i];
        if (r->path && strcmp(r->path, path.data) == 0 && file_id_eq(&r->id, &id) &&
            X509_up_ref(r->cert)) {
            *cert = r->cert;
            *chain = r->chain ? X509_chain_up_ref(r->chain) : NULL;
            break;
        }
    }
    pthread_mutex_unlock(&rcache_mu);
    if (*cert) {
        rc = 0;
        goto out;
    }
    if (load_file(user, "certs", addr, ".pem", &pem, err) < 0)
        goto out;
    BIO *b = BIO_new_mem_buf(pem.data, (int)pem.len);
    STACK_OF(X509_INFO) *inf = b ? PEM_X509_INFO_read_bio(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    for (int i = 0; inf && i < sk_X509_INFO_num(inf); i++) {
        X509_INFO *x = sk_X509_INFO_value(inf, i);
        if (!x->x509)
            continue;
        if (!*cert) {
            *cert = x->x509;
            x->x509 = NULL;
        } else if ((*chain || (*chain = sk_X509_new_null())) && sk_X509_push(*chain, x->x509)) {
            x->x509 = NULL;
        }
    }
    sk_X509_INFO_pop_free(inf, X509_INFO_free);
    ERR_clear_error();
    if (!*cert) {
        crypto_err(err, "stored certificate damaged");
        goto out;
    }
    pthread_mutex_lock(&rcache_mu);
    struct rcache *r = &rcache[rcache_next++ % RCPT_CACHE];
    free(r->path);
    X509_free(r->cert);
    free_certs(r->chain);
    r->path = strdup(path.data);
    r->id = id;
    r->cert = X509_up_ref(*cert) ? *cert : NULL;
    r->chain = *chain ? X509_chain_up_ref(*chain) : NULL;
    if (!r->path || !r->cert) {
        free(r->path);
        r->path = NULL;
    }
    pthread_mutex_unlock(&rcache_mu);
    rc = 0;
out:
    qs_buf_free(&path);
    qs_buf_free(&pem);
    return rc;
}

/* Replace the user's trust.pem / crl.pem after checking it parses. */
static int import_trust_file(const char *user, const char *name, int crls, const void *data,
                             size_t len, struct qs_err *err)
{
    char u[11];
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    int rc = -1;
    if (norm_user(user, u, err) < 0 || qs_root_path(&path, err, "smime/%s/%s", u, name) < 0)
        goto out;
    BIO *b = len <= MAX_CERT_FILE * 16 ? BIO_new_mem_buf(data, (int)len) : NULL;
    STACK_OF(X509_INFO) *inf = b ? PEM_X509_INFO_read_bio(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    int n = 0;
    for (int i = 0; inf && i < sk_X509_INFO_num(inf); i++) {
        X509_INFO *x = sk_X509_INFO_value(inf, i);
        n += crls ? x->crl != NULL : x->x509 != NULL;
    }
    sk_X509_INFO_pop_free(inf, X509_INFO_free);
    if (n == 0) {
        crypto_err(err, crls ? "no CRL in the file" : "no certificate in the file");
        goto out;
    }
    rc = write_store_file(path.data, data, len, 0644, err);
out:
    qs_buf_free(&path);
    return rc;
}

int qs_smime_import_trust(const char *user, const void *pem, size_t len, struct qs_err *err)
{
    return import_trust_file(user, "trust.pem", 0, pem, len, err);
}

int qs_smime_import_crl(const char *user, const void *pem, size_t len, struct qs_err *err)
{
    return import_trust_file(user, "crl.pem", 1, pem, len, err);
}

static int do_encrypt(const char *user, const char *const *rcpt, size_t nrcpt,
                      const char *entity, size_t len, struct qs_buf *out, struct qs_err *err)
{
    STACK_OF(X509) *certs = sk_X509_new_null();
    X509_STORE *st = NULL;
    CMS_ContentInfo *cms = NULL;
    BIO *in = NULL;
    int rc = -1;
    if (!certs) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (nrcpt == 0) {
        qs_err_set(err, "TCP5361", "", "certificate", (const char *)NULL);
        goto out;
    }
    int no_trust = 0;
    if (!(st = get_trust(user, &no_trust, err)) && !no_trust)
        goto out;
    for (size_t i = 0; i < nrcpt; i++) {
        X509 *c = NULL;
        STACK_OF(X509) *chain = NULL;
        if (get_rcpt_cert(user, rcpt[i], &c, &chain, err) < 0)
            goto out;
        int bad = check_validity(c, rcpt[i], err) < 0 ||
                  (st && verify_rcpt(st, c, chain, rcpt[i], err) < 0);
        free_certs(chain);
        if (bad || !sk_X509_push(certs, c)) {
            X509_free(c);
            if (!qs_err_isset(err))
                qs_err_sys(err, ENOMEM);
            goto out;
        }
    }
    if (!(in = BIO_new_mem_buf(entity, (int)len)) ||
        !(cms = CMS_encrypt(certs, in, EVP_aes_256_cbc(), CMS_BINARY))) {
        crypto_err(err, "encryption");
        goto out;
    }
    if (qs_buf_adds(out, "Content-Type: application/pkcs7-mime; smime-type=enveloped-data;\r\n"
                         " name=\"smime.p7m\"\r\n"
                         "Content-Transfer-Encoding: base64\r\n"
                         "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
                         "Content-Description: S/MIME Encrypted Message\r\n\r\n") < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = cms_base64(cms, out, err);
out:
    BIO_free(in);
    CMS_ContentInfo_free(cms);
    free_certs(certs);
    X509_STORE_free(st);
    return rc;
}

int qs_smime_protect(const char *user, int flags, const char *from_addr, const char *password,
                     const char *const *rcpt, size_t nrcpt, const char *entity, size_t len,
                     struct qs_buf *out, struct qs_err *err)
{
    if (len > (size_t)1 << 30)
        return qs_err_sys(err, E2BIG);
    size_t mark = out->len;
    if (!(flags & (QS_SMIME_SIGN | QS_SMIME_ENCRYPT)))
        return qs_buf_add(out, entity, len) < 0 ? qs_err_sys(err, errno) : 0;
    if (!(flags & QS_SMIME_ENCRYPT)) {
        if (do_sign(user, from_addr, password, entity, len, out, err) < 0)
            goto bad;
        return 0;
    }
    if (!(flags & QS_SMIME_SIGN)) {
        if (do_encrypt(user, rcpt, nrcpt, entity, len, out, err) < 0)
            goto bad;
        return 0;
    }
    struct qs_buf signed_ent;
    qs_buf_init(&signed_ent, out->max);
    /* sized once: the entity plus the signature part; the output holds the
     * base64 of its encryption (4/3 and a CRLF every 76) */
    size_t sig_room = 16384;
    qs_buf_reserve(&signed_ent, len + sig_room);
    qs_buf_reserve(out, (len + sig_room) / 57 * 78 + 4096);
    int rc = do_sign(user, from_addr, password, entity, len, &signed_ent, err);
    if (rc == 0)
        rc = do_encrypt(user, rcpt, nrcpt, signed_ent.data, signed_ent.len, out, err);
    qs_buf_free(&signed_ent);
    if (rc < 0)
        goto bad;
    return 0;
bad:
    qs_buf_truncate(out, mark);
    return -1;
}
