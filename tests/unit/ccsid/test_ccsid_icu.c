/*
 * test_ccsid_icu.c - the exactness oracle: qshim's converters against ICU's
 * C API for the same IBM CCSIDs (ICU is a test-only dependency).
 *
 * SBCS: every byte 0x00-0xFF to Unicode, and every BMP code point (plus
 * supplementary samples) from Unicode, substitutions included.
 * MBCS/mixed: every code point U+0000..U+2FFFF from Unicode as one stream
 * (so SO/SI placement is compared too), ICU's output back to Unicode, and
 * every double-byte sequence ICU maps, to Unicode.
 */
#include "testlib.h"

#include <unicode/ucnv.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"

static UConverter *icu_open(int ccsid)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *u = ucnv_openCCSID(ccsid, UCNV_IBM, &e);
    assert_true(U_SUCCESS(e));
    return u;
}

/* qshim: in -> out (SUBST), whole buffer */
static size_t qs(int to, int from, const void *in, size_t n, void *out, size_t cap)
{
    struct qs_conv *cd;
    assert_int_equal(qs_conv_open(&cd, to, from, QS_CONV_SUBST, NULL), 0);
    const char *ip = in;
    char *op = out;
    size_t il = n, ol = cap;
    size_t r = qs_conv(cd, &ip, &il, &op, &ol);
    assert_true(r != (size_t)-1);
    assert_int_equal(il, 0);
    assert_true(qs_conv(cd, NULL, NULL, &op, &ol) != (size_t)-1);
    qs_conv_free(&cd);
    return cap - ol;
}

static void be16(const UChar *u, size_t n, uint8_t *b)
{
    for (size_t i = 0; i < n; i++) {
        b[2 * i] = (uint8_t)(u[i] >> 8);
        b[2 * i + 1] = (uint8_t)u[i];
    }
}

static UChar *all_codepoints(uint32_t limit, int32_t *n_r)
{
    UChar *s = malloc(sizeof(UChar) * 2 * limit);
    int32_t n = 0;
    for (uint32_t c = 0; c < limit; c++) {
        if (c >= 0xD800 && c < 0xE000)
            continue;
        if (c < 0x10000) {
            s[n++] = (UChar)c;
        } else {
            s[n++] = (UChar)(0xD7C0 + (c >> 10));
            s[n++] = (UChar)(0xDC00 | (c & 0x3FF));
        }
    }
    *n_r = n;
    return s;
}

static void test_sbcs_all(void **state)
{
    (void)state;
    int32_t nu;
    UChar *bmp = all_codepoints(0x10000, &nu);
    /* a few supplementary ones too */
    static const uint32_t supp[] = { 0x10000, 0x1F600, 0x20000, 0xE0001, 0xE0100, 0x10FFFD };
    UChar *src = malloc(sizeof(UChar) * ((size_t)nu + 16));
    memcpy(src, bmp, sizeof(UChar) * (size_t)nu);
    int32_t ns = nu;
    for (size_t i = 0; i < sizeof supp / sizeof supp[0]; i++) {
        src[ns++] = (UChar)(0xD7C0 + (supp[i] >> 10));
        src[ns++] = (UChar)(0xDC00 | (supp[i] & 0x3FF));
    }
    uint8_t *src_be = malloc((size_t)ns * 2);
    be16(src, (size_t)ns, src_be);
    uint8_t *icu_out = malloc((size_t)ns + 16), *qs_out = malloc((size_t)ns + 16);
    int tested = 0;
    struct qs_ccsid_info ci;
    for (size_t i = 0; qs_ccsid_at(i, &ci) == 0; i++) {
        if (ci.kind != QS_CK_SBCS)
            continue;
        UConverter *u = icu_open(ci.ccsid);
        UErrorCode e = U_ZERO_ERROR;
        /* bytes -> Unicode */
        uint8_t bytes[256];
        for (int b = 0; b < 256; b++)
            bytes[b] = (uint8_t)b;
        UChar iu[512];
        int32_t k = ucnv_toUChars(u, iu, 512, (const char *)bytes, 256, &e);
        assert_true(U_SUCCESS(e));
        assert_int_equal(k, 256);
        uint8_t ib[512], qb[1024];
        be16(iu, 256, ib);
        size_t qn = qs(1200, ci.ccsid, bytes, 256, qb, sizeof qb);
        if (qn != 512 || memcmp(ib, qb, 512) != 0) {
            for (int b = 0; b < 256; b++)
                if (memcmp(ib + 2 * b, qb + 2 * b, 2))
                    print_error("ccsid %d byte %02X: ICU U+%04X qshim %02X%02X\n", ci.ccsid, b,
                                iu[b], qb[2 * b], qb[2 * b + 1]);
            fail_msg("to-Unicode differs for CCSID %d", ci.ccsid);
        }
        /* also via UTF-8 (the fast path) */
        char iu8[1024];
        e = U_ZERO_ERROR;
        UConverter *u8 = icu_open(1208);
        int32_t k8 = ucnv_fromUChars(u8, iu8, sizeof iu8, iu, 256, &e);
        ucnv_close(u8);
        uint8_t q8[1024];
        size_t q8n = qs(1208, ci.ccsid, bytes, 256, q8, sizeof q8);
        assert_int_equal(q8n, (size_t)k8);
        assert_memory_equal(q8, iu8, q8n);
        /* Unicode -> bytes */
        e = U_ZERO_ERROR;
        int32_t m = ucnv_fromUChars(u, (char *)icu_out, ns + 16, src, ns, &e);
        assert_true(U_SUCCESS(e));
        size_t qm = qs(ci.ccsid, 1200, src_be, (size_t)ns * 2, qs_out, (size_t)ns + 16);
        if (qm != (size_t)m || memcmp(qs_out, icu_out, qm) != 0) {
            size_t j = 0;
            while (j < qm && j < (size_t)m && qs_out[j] == icu_out[j])
                j++;
            fail_msg("from-Unicode differs for CCSID %d at output %zu (ICU %d bytes, qshim %zu)",
                     ci.ccsid, j, m, qm);
        }
        /* and from UTF-8 (the other fast path) for the BMP */
        ucnv_close(u);
        tested++;
    }
    assert_true(tested >= 120);
    free(src); free(bmp); free(src_be); free(icu_out); free(qs_out);
}

static void test_sbcs_from_utf8(void **state)
{
    (void)state;
    int32_t nu;
    UChar *bmp = all_codepoints(0x10000, &nu);
    UErrorCode e = U_ZERO_ERROR;
    UConverter *u8 = icu_open(1208);
    size_t cap8 = (size_t)nu * 3 + 16;
    char *utf8 = malloc(cap8);
    int32_t n8 = ucnv_fromUChars(u8, utf8, (int32_t)cap8, bmp, nu, &e);
    assert_true(U_SUCCESS(e));
    ucnv_close(u8);
    uint8_t *a = malloc((size_t)nu + 16), *b = malloc((size_t)nu + 16);
    static const int ccsids[] = { 37, 273, 277, 278, 280, 284, 285, 297, 500, 819, 871, 875,
                                  1047, 1140, 1141, 1148, 1252, 367, 850, 420, 424, 838 };
    for (size_t i = 0; i < sizeof ccsids / sizeof ccsids[0]; i++) {
        UConverter *u = icu_open(ccsids[i]);
        e = U_ZERO_ERROR;
        int32_t m = ucnv_fromUChars(u, (char *)a, nu + 16, bmp, nu, &e);
        assert_true(U_SUCCESS(e));
        size_t qm = qs(ccsids[i], 1208, utf8, (size_t)n8, b, (size_t)nu + 16);
        assert_int_equal(qm, (size_t)m);
        assert_memory_equal(a, b, qm);
        ucnv_close(u);
    }
    free(bmp); free(utf8); free(a); free(b);
}

static void test_mbcs_all(void **state)
{
    (void)state;
    int32_t nu;
    UChar *all = all_codepoints(0x30000, &nu);
    uint8_t *all_be = malloc((size_t)nu * 2);
    be16(all, (size_t)nu, all_be);
    size_t cap = (size_t)nu * 4 + 64;
    uint8_t *icu_out = malloc(cap), *qs_out = malloc(cap);
    UChar *iu = malloc(sizeof(UChar) * cap);
    uint8_t *iu_be = malloc(cap * 2), *qu = malloc(cap * 2);
    int tested = 0;
    struct qs_ccsid_info ci;
    for (size_t i = 0; qs_ccsid_at(i, &ci) == 0; i++) {
        if (ci.kind != QS_CK_MBCS && ci.kind != QS_CK_MIXED)
            continue;
        UConverter *u = icu_open(ci.ccsid);
        UErrorCode e = U_ZERO_ERROR;
        int32_t m = ucnv_fromUChars(u, (char *)icu_out, (int32_t)cap, all, nu, &e);
        assert_true(U_SUCCESS(e));
        size_t qm = qs(ci.ccsid, 1200, all_be, (size_t)nu * 2, qs_out, cap);
        if (qm != (size_t)m || memcmp(qs_out, icu_out, qm) != 0) {
            size_t j = 0;
            while (j < qm && j < (size_t)m && qs_out[j] == icu_out[j])
                j++;
            fail_msg("from-Unicode differs for CCSID %d at output byte %zu (ICU %d bytes, qshim %zu)",
                     ci.ccsid, j, m, qm);
        }
        /* ICU's bytes back to Unicode */
        e = U_ZERO_ERROR;
        ucnv_resetToUnicode(u);
        int32_t k = ucnv_toUChars(u, iu, (int32_t)cap, (const char *)icu_out, m, &e);
        assert_true(U_SUCCESS(e));
        be16(iu, (size_t)k, iu_be);
        size_t qk = qs(1200, ci.ccsid, icu_out, (size_t)m, qu, cap * 2);
        if (qk != (size_t)k * 2 || memcmp(qu, iu_be, qk) != 0) {
            size_t j = 0;
            while (j < qk && j < (size_t)k * 2 && qu[j] == iu_be[j])
                j++;
            fail_msg("to-Unicode differs for CCSID %d at UTF-16 byte %zu", ci.ccsid, j);
        }
        /* the direct DBCS -> UTF-8 path equals DBCS -> UTF-16 -> UTF-8 */
        {
            size_t cap8 = (size_t)k * 3 + 16;
            uint8_t *d8 = malloc(cap8), *p8 = malloc(cap8);
            size_t dn = qs(1208, ci.ccsid, icu_out, (size_t)m, d8, cap8);
            size_t pn = qs(1208, 1200, qu, qk, p8, cap8);
            assert_int_equal(dn, pn);
            assert_memory_equal(d8, p8, dn);
            free(d8);
            free(p8);
        }
        /* every double byte ICU maps, to Unicode */
        size_t nb = 0;
        if (ci.kind == QS_CK_MIXED)
            icu_out[nb++] = 0x0E;
        for (unsigned c = 0; c < 65536; c++) {
            uint8_t seq[4];
            size_t sl = 0;
            if (ci.kind == QS_CK_MIXED)
                seq[sl++] = 0x0E;
            seq[sl++] = (uint8_t)(c >> 8);
            seq[sl++] = (uint8_t)c;
            UChar o[8];
            e = U_ZERO_ERROR;
            ucnv_resetToUnicode(u);
            ucnv_setToUCallBack(u, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
            int32_t r = ucnv_toUChars(u, o, 8, (const char *)seq, (int32_t)sl, &e);
            if (U_SUCCESS(e) && r >= 1 && (c >> 8) >= 0x40) {
                icu_out[nb++] = seq[sl - 2];
                icu_out[nb++] = seq[sl - 1];
            }
        }
        ucnv_resetToUnicode(u);
        e = U_ZERO_ERROR;
        k = ucnv_toUChars(u, iu, (int32_t)cap, (const char *)icu_out, (int32_t)nb, &e);
        assert_true(U_SUCCESS(e));
        be16(iu, (size_t)k, iu_be);
        qk = qs(1200, ci.ccsid, icu_out, nb, qu, cap * 2);
        if (qk != (size_t)k * 2 || memcmp(qu, iu_be, qk) != 0)
            fail_msg("double-byte to-Unicode differs for CCSID %d", ci.ccsid);
        /* and that Unicode back: sequences of code points that map to one
         * double byte (1390/1399) must come back as that double byte */
        e = U_ZERO_ERROR;
        int32_t m2 = ucnv_fromUChars(u, (char *)icu_out, (int32_t)cap, iu, k, &e);
        assert_true(U_SUCCESS(e));
        size_t qm2 = qs(ci.ccsid, 1200, iu_be, (size_t)k * 2, qs_out, cap);
        if (qm2 != (size_t)m2 || memcmp(qs_out, icu_out, qm2) != 0) {
            size_t j = 0;
            while (j < qm2 && j < (size_t)m2 && qs_out[j] == icu_out[j])
                j++;
            fail_msg("double-byte from-Unicode differs for CCSID %d at byte %zu", ci.ccsid, j);
        }
        ucnv_close(u);
        tested++;
    }
    assert_true(tested >= 18);
    free(all); free(all_be); free(icu_out); free(qs_out); free(iu); free(iu_be); free(qu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sbcs_all),
        cmocka_unit_test(test_sbcs_from_utf8),
        cmocka_unit_test(test_mbcs_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
