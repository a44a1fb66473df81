/*
 * spool/pdf_crypt.c - AES-256 PDF encryption, V5 R6 (see pdf_crypt.h).
 */
#include "spool/pdf_crypt.h"

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"

/* ISO 32000-2 algorithm 2.B: the R6 password hash. */
static int hash_2b(const unsigned char *pw, size_t pwlen, const unsigned char salt[8],
                   const unsigned char *udata, size_t ulen, unsigned char out[32])
{
    unsigned char k[64], e[64 * (QS_PDF_PW_MAX + 64 + 48)];
    size_t klen = 32;
    unsigned char first[QS_PDF_PW_MAX + 8 + 48];
    memcpy(first, pw, pwlen);
    memcpy(first + pwlen, salt, 8);
    if (ulen)
        memcpy(first + pwlen + 8, udata, ulen);
    SHA256(first, pwlen + 8 + ulen, k);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return -1;
    int rc = 0;
    for (unsigned round = 0;; round++) {
        size_t one = pwlen + klen + ulen, n = 64 * one;
        unsigned char *p = e;
        for (int r = 0; r < 64; r++) {
            memcpy(p, pw, pwlen);
            memcpy(p + pwlen, k, klen);
            if (ulen)
                memcpy(p + pwlen + klen, udata, ulen);
            p += one;
        }
        int outl = 0, fin = 0;
        if (EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, k, k + 16) != 1 ||
            EVP_CIPHER_CTX_set_padding(ctx, 0) != 1 ||
            EVP_EncryptUpdate(ctx, e, &outl, e, (int)n) != 1 ||
            EVP_EncryptFinal_ex(ctx, e + outl, &fin) != 1) {
            rc = -1;
            break;
        }
        unsigned sum = 0;
        for (int i = 0; i < 16; i++)
            sum += e[i];
        switch (sum % 3) {
        case 0: SHA256(e, n, k); klen = 32; break;
        case 1: SHA384(e, n, k); klen = 48; break;
        default: SHA512(e, n, k); klen = 64; break;
        }
        if (round >= 63 && e[n - 1] <= round + 1 - 32)
            break;
    }
    EVP_CIPHER_CTX_free(ctx);
    memcpy(out, k, 32);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(e, sizeof e);
    return rc;
}

static int aes256_nopad(const unsigned char key[32], int ecb, const unsigned char *in,
                        size_t n, unsigned char *out)
{
    static const unsigned char zero_iv[16];
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int outl = 0, fin = 0, ok;
    if (!ctx)
        return -1;
    ok = EVP_EncryptInit_ex(ctx, ecb ? EVP_aes_256_ecb() : EVP_aes_256_cbc(), NULL, key,
                            ecb ? NULL : zero_iv) == 1 &&
         EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
         EVP_EncryptUpdate(ctx, out, &outl, in, (int)n) == 1 &&
         EVP_EncryptFinal_ex(ctx, out + outl, &fin) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

int qs_pdf_crypt_init(struct qs_pdf_crypt *c, const char *user_pw, const char *owner_pw,
                      struct qs_err *err)
{
    unsigned char rnd[32], okey[32], hk[32];
    size_t ul = strlen(user_pw), ol;
    if (ul > QS_PDF_PW_MAX)
        ul = QS_PDF_PW_MAX;
    memset(c, 0, sizeof *c);
    if (RAND_bytes(c->key, 32) != 1 || RAND_bytes(c->u + 32, 16) != 1 ||
        RAND_bytes(c->o + 32, 16) != 1 || RAND_bytes(rnd, sizeof rnd) != 1)
        return qs_err_set(err, "CPF9897", "No random bytes for PDF encryption", (const char *)NULL);
    if (!owner_pw || !*owner_pw) {
        for (int i = 0; i < 32; i++)       /* a random owner password */
            okey[i] = (unsigned char)('a' + rnd[i] % 26);
        owner_pw = (const char *)okey;
        ol = 32;
    } else {
        ol = strlen(owner_pw) > QS_PDF_PW_MAX ? QS_PDF_PW_MAX : strlen(owner_pw);
    }
    /* U = hash(pw, validation salt) + validation salt + key salt; UE */
    if (hash_2b((const unsigned char *)user_pw, ul, c->u + 32, NULL, 0, c->u) < 0 ||
        hash_2b((const unsigned char *)user_pw, ul, c->u + 40, NULL, 0, hk) < 0 ||
        aes256_nopad(hk, 0, c->key, 32, c->ue) < 0)
        goto fail;
    /* O and OE are bound to the 48 bytes of U */
    if (hash_2b((const unsigned char *)owner_pw, ol, c->o + 32, c->u, 48, c->o) < 0 ||
        hash_2b((const unsigned char *)owner_pw, ol, c->o + 40, c->u, 48, hk) < 0 ||
        aes256_nopad(hk, 0, c->key, 32, c->oe) < 0)
        goto fail;
    /* print and copy allowed (bits 3, 5, 10, 12), the rest per ISO: -3904 | … */
    c->p = (int32_t)0xFFFFF0C0u | (1 << 2) | (1 << 4) | (1 << 9) | (1 << 11);
    unsigned char perms[16];
    uint32_t p = (uint32_t)c->p;
    for (int i = 0; i < 4; i++)
        perms[i] = (unsigned char)(p >> (8 * i));
    memset(perms + 4, 0xFF, 4);
    perms[8] = 'T';
    perms[9] = 'a';
    perms[10] = 'd';
    perms[11] = 'b';
    memcpy(perms + 12, rnd + 28, 4);
    if (aes256_nopad(c->key, 1, perms, 16, c->perms) < 0)
        goto fail;
    OPENSSL_cleanse(hk, sizeof hk);
    OPENSSL_cleanse(okey, sizeof okey);
    return 0;
fail:
    OPENSSL_cleanse(c, sizeof *c);
    return qs_err_set(err, "CPF9897", "PDF encryption set-up failed", (const char *)NULL);
}

int qs_pdf_crypt_check_user(const struct qs_pdf_crypt *c, const char *pw)
{
    unsigned char h[32];
    size_t l = strlen(pw) > QS_PDF_PW_MAX ? QS_PDF_PW_MAX : strlen(pw);
    if (hash_2b((const unsigned char *)pw, l, c->u + 32, NULL, 0, h) < 0)
        return 0;
    return CRYPTO_memcmp(h, c->u, 32) == 0;
}

int qs_pdf_crypt_data(const struct qs_pdf_crypt *c, const void *data, size_t n, struct qs_buf *out)
{
    unsigned char iv[16];
    if (RAND_bytes(iv, 16) != 1) {
        errno = EIO;
        return -1;
    }
    size_t need = 16 + n + 16;
    if (qs_buf_reserve(out, need) < 0)
        return -1;
    unsigned char *o = (unsigned char *)out->data + out->len;
    memcpy(o, iv, 16);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0;
    if (!ctx)
        return errno = ENOMEM, -1;
    int ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, c->key, iv) == 1 &&
             EVP_EncryptUpdate(ctx, o + 16, &l1, data, (int)n) == 1 &&
             EVP_EncryptFinal_ex(ctx, o + 16 + l1, &l2) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) {
        errno = EIO;
        return -1;
    }
    out->len += 16 + (size_t)l1 + (size_t)l2;
    out->data[out->len] = '\0';
    return 0;
}

void qs_pdf_hex_string(struct qs_buf *b, const unsigned char *p, size_t n)
{
    static const char d[] = "0123456789ABCDEF";
    qs_buf_addc(b, '<');
    for (size_t i = 0; i < n; i++) {
        qs_buf_addc(b, d[p[i] >> 4]);
        qs_buf_addc(b, d[p[i] & 15]);
    }
    qs_buf_addc(b, '>');
}

int qs_pdf_crypt_dict(const struct qs_pdf_crypt *c, struct qs_buf *out)
{
    qs_buf_adds(out, "<< /Filter /Standard /V 5 /R 6 /Length 256 "
                "/CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV3 /Length 32 >> >> "
                "/StmF /StdCF /StrF /StdCF /EncryptMetadata true\n/O ");
    qs_pdf_hex_string(out, c->o, 48);
    qs_buf_adds(out, "\n/U ");
    qs_pdf_hex_string(out, c->u, 48);
    qs_buf_adds(out, "\n/OE ");
    qs_pdf_hex_string(out, c->oe, 32);
    qs_buf_adds(out, "\n/UE ");
    qs_pdf_hex_string(out, c->ue, 32);
    qs_buf_adds(out, "\n/Perms ");
    qs_pdf_hex_string(out, c->perms, 16);
    return qs_buf_addf(out, "\n/P %d >>", (int)c->p);
}
