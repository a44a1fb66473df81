/*
 * qsys/dkim/dkim.c - DKIM signer (see dkim.h).
 */
#include "qsys/dkim/dkim.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/mime/mime.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#define MAX_KEY_FILE  (64u * 1024)
#define MAX_DOMAIN    253u
#define MAX_SELECTOR  63u
#define MAX_KEYS      8u           /* signatures per message */

/* Header fields signed when present; From is signed once more than it
 * occurs so that an added From breaks the signature. */
static const char *const sign_fields[] = {
    "from", "reply-to", "subject", "date", "to", "cc", "message-id", "in-reply-to",
    "references", "mime-version", "content-type", "content-transfer-encoding",
};

static int crypto_err(struct qs_err *err, const char *id, const char *a)
{
    char ebuf[256];
    unsigned long e = ERR_peek_last_error();
    ERR_error_string_n(e, ebuf, sizeof ebuf);
    ERR_clear_error();
    return qs_err_set(err, id, a, e ? ebuf : "unknown error", (const char *)NULL);
}

static int is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

/* name / selector: lower-case letters, digits, '-', '_' and '.' labels. */
static int norm_label(const char *s, size_t max, char *out)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return -1;
        out[i] = c;
    }
    out[n] = '\0';
    return 0;
}

static int key_path(struct qs_buf *p, const char *domain, const char *selector,
                    struct qs_err *err)
{
    char d[MAX_DOMAIN + 1], s[MAX_SELECTOR + 1];
    if (norm_label(domain, MAX_DOMAIN, d) < 0 || norm_label(selector, MAX_SELECTOR, s) < 0)
        return qs_err_set(err, "TCP5372", domain ? domain : "", selector ? selector : "",
                          (const char *)NULL);
    return qs_root_path(p, err, "dkim/%s/%s.key", d, s);
}

int qs_dkim_canon_header(const char *f, size_t n, struct qs_buf *out)
{
    const char *colon = memchr(f, ':', n);
    if (!colon) {
        errno = EINVAL;
        return -1;
    }
    size_t nl = (size_t)(colon - f);
    while (nl && is_wsp(f[nl - 1]))
        nl--;
    for (size_t i = 0; i < nl; i++) {
        char c = f[i];
        if (qs_buf_addc(out, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c) < 0)
            return -1;
    }
    if (qs_buf_addc(out, ':') < 0)
        return -1;
    /* value: drop CRLF, runs of WSP -> one SP, none at either end */
    int pending_sp = 0, started = 0;
    for (const char *p = colon + 1; p < f + n; p++) {
        if (*p == '\r' || *p == '\n')
            continue;
        if (is_wsp(*p)) {
            pending_sp = started;
            continue;
        }
        if (pending_sp && qs_buf_addc(out, ' ') < 0)
            return -1;
        pending_sp = 0;
        started = 1;
        if (qs_buf_addc(out, *p) < 0)
            return -1;
    }
    return 0;
}

int qs_dkim_canon_body(const char *b, size_t n, struct qs_buf *out)
{
    size_t empty = 0;      /* empty lines not yet written */
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && !(b[e] == '\r' && e + 1 < n && b[e + 1] == '\n'))
            e++;
        /* line b[i..e): collapse WSP, drop trailing WSP */
        size_t end = e;
        while (end > i && is_wsp(b[end - 1]))
            end--;
        if (end == i) {
            empty++;
        } else {
            for (; empty; empty--)
                if (qs_buf_add(out, "\r\n", 2) < 0)
                    return -1;
            int sp = 0;
            for (size_t k = i; k < end; k++) {
                if (is_wsp(b[k])) {
                    sp = 1;
                    continue;
                }
                if ((sp && qs_buf_addc(out, ' ') < 0) || qs_buf_addc(out, b[k]) < 0)
                    return -1;
                sp = 0;
            }
            if (qs_buf_add(out, "\r\n", 2) < 0)
                return -1;
        }
        i = e < n ? e + 2 : e;
    }
    return 0;
}

static EVP_PKEY *load_key(const char *domain, const char *selector, struct qs_err *err)
{
    struct qs_buf p, pem;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&pem, MAX_KEY_FILE);
    EVP_PKEY *k = NULL;
    if (key_path(&p, domain, selector, err) < 0)
        goto out;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(p.data, MAX_KEY_FILE, &pem, &e2) < 0) {
        qs_err_clear(&e2);
        qs_err_set(err, "TCP5372", domain, selector, (const char *)NULL);
        goto out;
    }
    BIO *b = BIO_new_mem_buf(pem.data, (int)pem.len);
    k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (!k)
        crypto_err(err, "TCP5371", domain);
out:
    qs_buf_free(&p);
    if (pem.data)
        OPENSSL_cleanse(pem.data, pem.len);
    qs_buf_free(&pem);
    return k;
}

static int key_alg(EVP_PKEY *k, const char *domain, struct qs_err *err)
{
    int id = EVP_PKEY_get_base_id(k);
    if (id == EVP_PKEY_ED25519)
        return QS_DKIM_ED25519_SHA256;
    if (id == EVP_PKEY_RSA && EVP_PKEY_get_bits(k) >= 1024)
        return QS_DKIM_RSA_SHA256;
    return qs_err_set(err, "TCP5371", domain, "only RSA (1024 bits or more) and Ed25519 keys",
                      (const char *)NULL);
}

static int store_key(const char *domain, const char *selector, EVP_PKEY *k, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = key_path(&p, domain, selector, err);
    BIO *m = NULL;
    if (rc == 0) {
        char *slash = strrchr(p.data, '/');
        *slash = '\0';
        rc = qs_mkdir_p(p.data, 0700, err);
        *slash = '/';
    }
    if (rc == 0) {
        char *d;
        long l;
        m = BIO_new(BIO_s_mem());
        if (!m || !PEM_write_bio_PrivateKey(m, k, NULL, NULL, 0, NULL, NULL) ||
            (l = BIO_get_mem_data(m, &d)) <= 0)
            rc = crypto_err(err, "TCP5371", domain);
        else
            rc = qs_file_write_atomic(p.data, d, (size_t)l, 0600, err);
    }
    BIO_free(m);
    qs_buf_free(&p);
    return rc;
}

int qs_dkim_import_key(const char *domain, const char *selector, const void *pem, size_t len,
                       struct qs_err *err)
{
    if (len > MAX_KEY_FILE)
        return qs_err_set(err, "TCP5371", domain, "key file too large", (const char *)NULL);
    BIO *b = BIO_new_mem_buf(pem, (int)len);
    EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (!k)
        return crypto_err(err, "TCP5371", domain);
    int rc = key_alg(k, domain, err) < 0 ? -1 : store_key(domain, selector, k, err);
    EVP_PKEY_free(k);
    return rc;
}

int qs_dkim_keygen(const char *domain, const char *selector, enum qs_dkim_alg alg,
                   struct qs_buf *txt_r, struct qs_err *err)
{
    EVP_PKEY *k = alg == QS_DKIM_ED25519_SHA256 ? EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")
                                                : EVP_RSA_gen(2048);
    if (!k)
        return crypto_err(err, "TCP5371", domain);
    unsigned char *der = NULL, raw[32];
    size_t rawlen = sizeof raw;
    int rc = store_key(domain, selector, k, err);
    if (rc == 0 && alg == QS_DKIM_ED25519_SHA256) {
        if (!EVP_PKEY_get_raw_public_key(k, raw, &rawlen))
            rc = crypto_err(err, "TCP5371", domain);
        else if (qs_buf_adds(txt_r, "v=DKIM1; k=ed25519; p=") < 0 ||
                 qs_mime_base64_raw(txt_r, raw, rawlen) < 0)
            rc = qs_err_sys(err, errno);
    } else if (rc == 0) {
        int n = i2d_PUBKEY(k, &der);
        if (n <= 0)
            rc = crypto_err(err, "TCP5371", domain);
        else if (qs_buf_adds(txt_r, "v=DKIM1; k=rsa; p=") < 0 ||
                 qs_mime_base64_raw(txt_r, der, (size_t)n) < 0)
            rc = qs_err_sys(err, errno);
    }
    OPENSSL_free(der);
    EVP_PKEY_free(k);
    return rc;
}

struct field {
    const char *p;
    size_t len;
    int used;
};

static int do_sign(EVP_PKEY *k, int alg, const struct qs_buf *data, struct qs_buf *sig_b64,
                   const char *domain, struct qs_err *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char *sig = NULL;
    size_t siglen = 0;
    int rc = -1;
    unsigned char h[32];
    const unsigned char *in = (const unsigned char *)data->data;
    size_t inlen = data->len;
    if (!ctx)
        goto out;
    if (alg == QS_DKIM_ED25519_SHA256) {
        /* RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data */
        if (!EVP_Digest(in, inlen, h, NULL, EVP_sha256(), NULL))
            goto out;
        in = h;
        inlen = sizeof h;
        if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) <= 0)
            goto out;
    } else if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k) <= 0) {
        goto out;
    }
    if (EVP_DigestSign(ctx, NULL, &siglen, in, inlen) <= 0 || !(sig = OPENSSL_malloc(siglen)) ||
        EVP_DigestSign(ctx, sig, &siglen, in, inlen) <= 0)
        goto out;
    if (qs_mime_base64_raw(sig_b64, sig, siglen) < 0) {
        rc = qs_err_sys(err, errno);
        goto done;
    }
    rc = 0;
    goto done;
out:
    rc = crypto_err(err, "TCP5373", domain);
done:
    OPENSSL_free(sig);
    EVP_MD_CTX_free(ctx);
    return rc;
}

int qs_dkim_sign(const char *msg, size_t len, const char *domain, const char *selector,
                 time_t now, struct qs_buf *out, struct qs_err *err)
{
    struct qs_mime_info info;
    if (qs_mime_validate(msg, len, &info, err) < 0)
        return -1;
    EVP_PKEY *k = load_key(domain, selector, err);
    if (!k)
        return -1;
    int alg = key_alg(k, domain, err);
    struct qs_buf canon, hdr, sig;
    qs_buf_init(&canon, len + len / 2 + 4096);
    qs_buf_init(&hdr, 16384);
    qs_buf_init(&sig, 4096);
    struct field *fs = calloc(info.nfields + 1, sizeof *fs);
    size_t mark = out->len;
    int rc = -1;
    if (alg < 0)
        goto out;
    if (!fs) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    /* body hash */
    unsigned char bh[32];
    if (qs_dkim_canon_body(msg + info.body_off, len - info.body_off, &canon) < 0 ||
        !EVP_Digest(canon.data ? canon.data : "", canon.len, bh, NULL, EVP_sha256(), NULL)) {
        qs_err_sys(err, errno ? errno : ENOMEM);
        goto out;
    }
    /* the header fields, in order */
    size_t nf = 0, pos = 0;
    struct qs_mime_field f;
    while (qs_mime_field_next(msg, info.hdr_len, &pos, &f, NULL) == 1) {
        fs[nf].p = f.name;
        fs[nf].len = (size_t)(f.value + f.value_len - f.name);
        nf++;
    }
    char d[MAX_DOMAIN + 1], s[MAX_SELECTOR + 1];
    norm_label(domain, MAX_DOMAIN, d);
    norm_label(selector, MAX_SELECTOR, s);
    const char *algname = alg == QS_DKIM_ED25519_SHA256 ? "ed25519-sha256" : "rsa-sha256";
    if (qs_buf_addf(&hdr, "DKIM-Signature: v=1; a=%s; c=relaxed/relaxed; d=%s; s=%s;\r\n\tt=%lld; h=",
                    algname, d, s, (long long)(now ? now : time(NULL))) < 0)
        goto nomem;
    /* h= and the signed header data: for each name, instances bottom-up */
    qs_buf_reset(&canon);
    int first = 1;
    for (size_t i = 0; i < sizeof sign_fields / sizeof sign_fields[0]; i++) {
        size_t count = 0;
        for (size_t j = 0; j < nf; j++)
            if (qs_memcaseeq(fs[j].p, strcspn(fs[j].p, ":"), sign_fields[i]))
                count++;
        size_t times = count + (i == 0);   /* over-sign From */
        for (size_t t = 0; t < times; t++) {
            if (qs_buf_addf(&hdr, "%s%s", first ? "" : ":", sign_fields[i]) < 0)
                goto nomem;
            first = 0;
            for (size_t j = nf; j-- > 0;) {
                if (fs[j].used || !qs_memcaseeq(fs[j].p, strcspn(fs[j].p, ":"), sign_fields[i]))
                    continue;
                fs[j].used = 1;
                if (qs_dkim_canon_header(fs[j].p, fs[j].len, &canon) < 0 ||
                    qs_buf_add(&canon, "\r\n", 2) < 0)
                    goto nomem;
                break;
            }
        }
    }
    if (qs_buf_adds(&hdr, ";\r\n\tbh=") < 0 || qs_mime_base64_raw(&hdr, bh, sizeof bh) < 0 ||
        qs_buf_adds(&hdr, ";\r\n\tb=") < 0)
        goto nomem;
    if (qs_dkim_canon_header(hdr.data, hdr.len, &canon) < 0)
        goto nomem;
    if (do_sign(k, alg, &canon, &sig, domain, err) < 0)
        goto out;
    if (qs_buf_add(out, hdr.data, hdr.len) < 0)
        goto nomem;
    for (size_t i = 0; i < sig.len; i += 72) {
        size_t n = sig.len - i < 72 ? sig.len - i : 72;
        if ((i && qs_buf_add(out, "\r\n\t", 3) < 0) || qs_buf_add(out, sig.data + i, n) < 0)
            goto nomem;
    }
    if (qs_buf_add(out, "\r\n", 2) < 0)
        goto nomem;
    rc = 0;
    goto out;
nomem:
    qs_err_sys(err, errno ? errno : ENOMEM);
    qs_buf_truncate(out, mark);
out:
    free(fs);
    EVP_PKEY_free(k);
    qs_buf_free(&canon);
    qs_buf_free(&hdr);
    qs_buf_free(&sig);
    return rc;
}

/* Domain of the (first) address in a From value: after the last '@' up to
 * '>', WSP, ',' or the end. */
static int from_domain(const char *v, size_t n, char d[MAX_DOMAIN + 1])
{
    const char *at = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i] == '@')
            at = v + i;
    if (!at)
        return -1;
    size_t k = 0;
    for (const char *p = at + 1; p < v + n && !strchr(">,; \t\r\n", *p); p++) {
        if (k >= MAX_DOMAIN)
            return -1;
        d[k++] = *p;
    }
    d[k] = '\0';
    char tmp[MAX_DOMAIN + 1];
    if (norm_label(d, MAX_DOMAIN, tmp) < 0)
        return -1;
    memcpy(d, tmp, k + 1);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int qs_dkim_sign_auto(const char *msg, size_t len, struct qs_buf *out, struct qs_err *err)
{
    struct qs_mime_info info;
    struct qs_mime_field f;
    char d[MAX_DOMAIN + 1];
    if (qs_mime_validate(msg, len, &info, err) < 0)
        return -1;
    if (!qs_mime_find(msg, info.hdr_len, "From", &f) || from_domain(f.value, f.value_len, d) < 0)
        return 0;
    struct qs_buf dir;
    qs_buf_init(&dir, QS_MAX_PATH);
    if (qs_root_path(&dir, err, "dkim/%s", d) < 0) {
        qs_buf_free(&dir);
        return -1;
    }
    DIR *dh = opendir(dir.data);
    qs_buf_free(&dir);
    if (!dh)
        return 0;
    char *sel[MAX_KEYS];
    size_t ns = 0;
    struct dirent *de;
    while ((de = readdir(dh)) && ns < MAX_KEYS) {
        size_t l = strlen(de->d_name);
        if (l > 4 && l - 4 <= MAX_SELECTOR && strcmp(de->d_name + l - 4, ".key") == 0 &&
            de->d_name[0] != '.' && (sel[ns] = strndup(de->d_name, l - 4)))
            ns++;
    }
    closedir(dh);
    qsort(sel, ns, sizeof sel[0], cmp_str);
    size_t mark = out->len;
    int rc = 0;
    for (size_t i = 0; i < ns; i++) {
        if (rc >= 0 && qs_dkim_sign(msg, len, d, sel[i], 0, out, err) < 0) {
            qs_buf_truncate(out, mark);
            rc = -1;
        } else if (rc >= 0) {
            rc++;
        }
        free(sel[i]);
    }
    return rc;
}
