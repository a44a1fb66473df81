/*
 * bench/sendmail_bench.c - timing helper for bench/sendmail_bench.sh.
 *
 *   sendmail_bench api N DIR           N QtmmSendMail calls (file written each time)
 *   sendmail_bench smime N P12 PASS CERT   qs_smime_protect(SIGN|ENCRYPT) of 100 KB, N times,
 *                                      then the same with bare OpenSSL CMS calls
 * Prints "<label> <seconds> <count>" lines.
 */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/smime/smime.h"

#include <qusec.h>
#include <qtmmsndm.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct QS_PACKED { Qtmm_ADDT0100_t Info; char Addr[256]; } Addr_t;

static int bench_api(int n, const char *dir)
{
    static const char msg[] = "From: bench@here.test\r\nTo: r@there.test\r\nSubject: bench\r\n\r\n"
                              "0123456789012345678901234567890123456789012345678901234567890123\r\n";
    Addr_t r;
    memset(&r, 0, sizeof r);
    r.Info.Addr_Length = 12;
    memcpy(r.Info.Format_Name, "ADDR0100", 8);
    memcpy(r.Addr, "r@there.test", 12);
    int olen = 13, cnt = 1;
    char from[] = "bench@here.test";
    olen = (int)strlen(from);
    Qus_EC_t ec = { .Bytes_Provided = sizeof ec };
    double t0 = now();
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/note%d.eml", dir, i);
        FILE *f = fopen(path, "w");
        if (!f || fwrite(msg, 1, sizeof msg - 1, f) != sizeof msg - 1 || fclose(f) != 0)
            return 1;
        int plen = (int)strlen(path);
        QtmmSendMail(path, &plen, from, &olen, &r.Info, &cnt, &ec);
        if (ec.Bytes_Available) {
            fprintf(stderr, "QtmmSendMail: %.7s\n", ec.Exception_Id);
            return 1;
        }
    }
    printf("api %.4f %d\n", now() - t0, n);
    return 0;
}

static int bench_smime(int n, const char *p12path, const char *pass, const char *certpath)
{
    struct qs_buf ent, out, p12;
    qs_buf_init(&ent, 1 << 20);
    qs_buf_init(&out, 1 << 22);
    qs_buf_init(&p12, 1 << 20);
    qs_buf_adds(&ent, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    while (ent.len < 100 * 1024)
        qs_buf_adds(&ent, "The quick brown fox jumps over the lazy dog, again and again and again.\r\n");
    const char *rc[] = { "bench@there.test" };
    struct qs_err e = QS_ERR_INIT;
    /* bare OpenSSL: the same keys loaded once, sign + encrypt in memory */
    if (qs_file_read(p12path, 1 << 20, &p12, &e) < 0)
        return 1;
    const unsigned char *pp = (const unsigned char *)p12.data;
    PKCS12 *pk = d2i_PKCS12(NULL, &pp, (long)p12.len);
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *ca = NULL;
    if (!pk || !PKCS12_parse(pk, pass, &key, &cert, &ca))
        return 1;
    FILE *cf = fopen(certpath, "r");
    X509 *rcert = cf ? PEM_read_X509(cf, NULL, NULL, NULL) : NULL;
    if (cf)
        fclose(cf);
    STACK_OF(X509) *rs = sk_X509_new_null();
    sk_X509_push(rs, rcert);
    /* one untimed call: the OpenSSL loop has its keys loaded before timing,
     * qs_smime_protect opens the PKCS#12 and the certificates on first use */
    if (qs_smime_protect("BENCH", QS_SMIME_SIGN | QS_SMIME_ENCRYPT, "bench@here.test", pass, rc, 1,
                         ent.data, ent.len, &out, &e) < 0) {
        fprintf(stderr, "%s %s\n", e.msgid, e.text);
        return 1;
    }
    /* interleaved, so that load changes on the shared machine hit both */
    double tq = 0, to = 0;
    for (int i = 0; i < n; i++) {
        double a0 = now();
        qs_buf_reset(&out);
        if (qs_smime_protect("BENCH", QS_SMIME_SIGN | QS_SMIME_ENCRYPT, "bench@here.test", pass, rc, 1,
                             ent.data, ent.len, &out, &e) < 0) {
            fprintf(stderr, "%s %s\n", e.msgid, e.text);
            return 1;
        }
        double a1 = now();
        BIO *in = BIO_new_mem_buf(ent.data, (int)ent.len);
        CMS_ContentInfo *s = CMS_sign(cert, key, ca, in, CMS_DETACHED | CMS_BINARY);
        BIO *sm = BIO_new(BIO_s_mem());
        BIO *in2 = BIO_new_mem_buf(ent.data, (int)ent.len);   /* CMS_sign consumed `in` */
        SMIME_write_CMS(sm, s, in2, CMS_DETACHED | CMS_BINARY);
        BIO_free(in2);
        CMS_ContentInfo *enc = CMS_encrypt(rs, sm, EVP_aes_256_cbc(), CMS_BINARY);
        BIO *o = BIO_new(BIO_s_mem());
        i2d_CMS_bio(o, enc);
        BIO_free(o);
        CMS_ContentInfo_free(enc);
        BIO_free(sm);
        CMS_ContentInfo_free(s);
        BIO_free(in);
        double a2 = now();
        tq += a1 - a0;
        to += a2 - a1;
    }
    printf("qshim_smime %.4f %d\n", tq, n);
    printf("openssl_cms %.4f %d\n", to, n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "api") == 0)
        return bench_api((int)strtol(argv[2], NULL, 10), argv[3]);
    if (argc == 6 && strcmp(argv[1], "smime") == 0)
        return bench_smime((int)strtol(argv[2], NULL, 10), argv[3], argv[4], argv[5]);
    fprintf(stderr, "usage: sendmail_bench api N DIR | smime N P12 PASS CERT\n");
    return 2;
}
