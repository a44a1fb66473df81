/*
 * bench/ccsid_bench.c - CCSID conversion throughput: qshim against glibc
 * iconv() and ICU ucnv_convertEx, same input, same run.
 *
 * Inputs (built in memory): 64 MiB of European text in CCSID 37 (about 3 %
 * non-ASCII letters, LF line ends), its UTF-8 and ISO 8859-1 forms, and
 * 64 MiB of Japanese text mixed with ASCII in CCSID 930.  Each conversion
 * runs over the whole buffer; the best of three runs counts.  Prints a
 * Markdown section for bench/results.md.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucnv.h>

#include "ccsid/conv.h"
#include "ccsid/simd.h"

#define SIZE (64u << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t via_qs(int to, int from, const char *in, size_t n, char *out, size_t cap)
{
    struct qs_conv *cd;
    if (qs_conv_open(&cd, to, from, QS_CONV_SUBST, NULL) != 0)
        abort();
    const char *ip = in;
    char *op = out;
    size_t il = n, ol = cap;
    if (qs_conv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il)
        abort();
    qs_conv(cd, NULL, NULL, &op, &ol);
    qs_conv_free(&cd);
    return cap - ol;
}

static size_t via_glibc(const char *to, const char *from, const char *in, size_t n, char *out,
                        size_t cap)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return 0;
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = cap;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv(cd, NULL, NULL, &op, &ol);
    iconv_close(cd);
    return r == (size_t)-1 ? 0 : cap - ol;
}

static size_t via_icu(const char *to, const char *from, const char *in, size_t n, char *out,
                      size_t cap)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *t = ucnv_open(to, &e), *f = ucnv_open(from, &e);
    static UChar pivot[16384];
    UChar *ps = pivot, *pt = pivot;
    char *op = out;
    const char *ip = in;
    ucnv_convertEx(t, f, &op, out + cap, &ip, in + n, pivot, &ps, &pt, pivot + 16384, 1, 1, &e);
    ucnv_close(t);
    ucnv_close(f);
    return U_SUCCESS(e) ? (size_t)(op - out) : 0;
}

struct row {
    const char *label;
    int qto, qfrom;
    const char *gto, *gfrom, *ito, *ifrom;
    const char *in;
    size_t n;
};

static double best(int which, const struct row *r, char *out, size_t cap, size_t *len)
{
    double b = 1e9;
    for (int k = 0; k < 3; k++) {
        double t0 = now();
        size_t l = which == 0 ? via_qs(r->qto, r->qfrom, r->in, r->n, out, cap)
                 : which == 1 ? via_glibc(r->gto, r->gfrom, r->in, r->n, out, cap)
                              : via_icu(r->ito, r->ifrom, r->in, r->n, out, cap);
        double t = now() - t0;
        if (l == 0)
            return -1;
        *len = l;
        if (t < b)
            b = t;
    }
    return b;
}

static const char *words[] = {
    "the", "mail", "server", "delivered", "message", "to", "all", "recipients", "of",
    "spooled", "file", "report", "für", "Grüße", "Straße", "naïve", "café", "déjà", "vu",
    "and", "with", "system", "job", "queue", "output", "printer", "CCSID", "convert",
    "données", "Übersicht", "año", "señor", "über", "Köln", "ça", "élève", "is", "on",
    "in", "a", "an", "for", "by", "from", "customer", "order", "invoice", "total", "1234",
};

static const char *jwords[] = {
    "日本語", "のテキスト", "東京都", "千代田区", "カタカナ", "ひらがな", "漢字",
    "メール", "サーバー", "送信", "受信", "報告書", "ABC", "2024", " ", "、", "。",
    "order", "invoice", "顧客", "注文", "合計",
};

static char *build_text(const char **w, size_t nw, size_t target, size_t *len_r)
{
    char *t = malloc(target + 256);
    size_t n = 0, col = 0;
    unsigned s = 12345;
    while (n < target) {
        s = s * 1103515245u + 12345u;
        const char *x = w[(s >> 16) % nw];
        size_t l = strlen(x);
        memcpy(t + n, x, l);
        n += l;
        col += l;
        if (col > 70) {
            t[n++] = '\n';
            col = 0;
        } else {
            t[n++] = ' ';
        }
    }
    *len_r = n;
    return t;
}

int main(void)
{
    size_t un;
    char *utf8 = build_text(words, sizeof words / sizeof words[0], (size_t)SIZE * 115 / 100, &un);
    size_t cap = (size_t)SIZE * 4;
    char *out = malloc(cap);
    char *e37 = malloc(cap), *l1 = malloc(cap);
    size_t n37 = via_qs(37, 1208, utf8, un, e37, cap);
    n37 = n37 > SIZE ? SIZE : n37;   /* exactly 64 MiB of EBCDIC */
    size_t nu8 = via_qs(1208, 37, e37, n37, utf8, un + 1024);
    size_t nl1 = via_qs(819, 37, e37, n37, l1, cap);
    size_t jn;
    char *jutf8 = build_text(jwords, sizeof jwords / sizeof jwords[0], (size_t)SIZE * 12 / 10, &jn);
    char *e930 = malloc(cap);
    size_t n930 = via_qs(930, 1208, jutf8, jn, e930, cap);
    /* cut to 64 MiB at a line end (SBCS state there) */
    if (n930 > SIZE) {
        n930 = SIZE;
        while (n930 && e930[n930 - 1] != 0x25)
            n930--;
    }

    const struct row rows[] = {
        { "37 → 819", 819, 37, "ISO-8859-1", "IBM037", "ISO-8859-1", "ibm-37", e37, n37 },
        { "819 → 37", 37, 819, "IBM037", "ISO-8859-1", "ibm-37", "ISO-8859-1", l1, nl1 },
        { "37 → 1208", 1208, 37, "UTF-8", "IBM037", "UTF-8", "ibm-37", e37, n37 },
        { "1208 → 37", 37, 1208, "IBM037", "UTF-8", "ibm-37", "UTF-8", utf8, nu8 },
        { "930 → 1208", 1208, 930, "UTF-8", "IBM930", "UTF-8", "ibm-930", e930, n930 },
    };
    if (getenv("QS_BENCH_KERNELS")) {
        /* the 256-entry lookup kernels on 16 KiB in cache */
        static uint8_t tab[256], kin[16384], kout[16384];
        for (int i = 0; i < 256; i++)
            tab[i] = (uint8_t)(i * 7 + 3);
        for (int i = 0; i < 16384; i++)
            kin[i] = (uint8_t)(i * 2654435761u >> 24);
        for (int l = 0; l <= (int)qs_simd_level(); l++) {
            double b = 1e9;
            for (int r = 0; r < 5; r++) {
                double t0 = now();
                for (int k = 0; k < 2000; k++)
                    qs_lut_at((enum qs_simd_level)l, tab, kin, kout, sizeof kin, QS_LUT_ALL);
                double t = now() - t0;
                if (t < b)
                    b = t;
            }
            printf("%s%s %.0f MB/s", l ? ", " : "", qs_simd_name((enum qs_simd_level)l),
                   2000.0 * sizeof kin / b / 1048576.0);
        }
        printf("\n");
        return 0;
    }
    if (getenv("QS_BENCH_QSONLY")) {
        /* one table row: qshim alone at the level QSHIM_SIMD allows */
        printf("| %s |", qs_simd_name(qs_simd_level()));
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            size_t l = 0;
            double t = best(0, &rows[i], out, cap, &l);
            printf(" %.0f |", rows[i].n / 1048576.0 / t);
        }
        printf("\n");
        return 0;
    }
    printf("## CCSID conversion (ccsid/)\n\n");
    printf("bench/ccsid_bench.c: one call over the whole input, best of 3; MB/s = MiB of input "
           "per second; qshim path: %s.  Inputs: 64 MiB of CCSID 37 text (%.1f %% non-ASCII "
           "letters, UTF-8 form %.1f MiB), 64 MiB of CCSID 930 Japanese mixed with ASCII.\n\n",
           qs_simd_name(qs_simd_level()), 100.0 * (double)(nu8 - n37) / (double)n37,
           nu8 / 1048576.0);
    printf("| conversion | input MiB | qshim MB/s | glibc iconv MB/s | ICU ucnv_convertEx MB/s | "
           "× glibc | × ICU | goal × glibc |\n|---|---|---|---|---|---|---|---|\n");
    static const char *goals[] = { "≥ 5", "≥ 5", "≥ 4", "≥ 3", "≥ 1.5" };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        size_t lq = 0, lg = 0, li = 0;
        double tq = best(0, r, out, cap, &lq);
        double tg = best(1, r, out, cap, &lg);
        double ti = best(2, r, out, cap, &li);
        double mib = r->n / 1048576.0;
        printf("| %s | %.1f | %.0f | %.0f | %.0f | %.1f | %.1f | %s |\n", r->label, mib, mib / tq,
               tg > 0 ? mib / tg : 0, ti > 0 ? mib / ti : 0, tg > 0 ? tg / tq : 0,
               ti > 0 ? ti / tq : 0, goals[i]);
        if (lg && lg != lq)
            printf("\n(note: glibc produced %zu bytes, qshim %zu for %s: the tables differ)\n\n",
                   lg, lq, r->label);
    }
    printf("\n");
    free(utf8); free(out); free(e37); free(l1); free(jutf8); free(e930);
    return 0;
}
