/*
 * tests/unit/spool/test_pdf.c - the PDF writer's structure (xref offsets,
 * objects, fonts chosen by text) and the TrueType reader.  Rendering and
 * text extraction by real tools are checked by tests/integration/3xx-spool-*.
 */
#include "testlib.h"

#include <fcntl.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "spool/pdf_ttf.h"
#include "spool/pdf_writer.h"
#include "spool/render.h"

static char *make_pdf(const char *text, size_t n, unsigned group_pages, size_t *len_r)
{
    char path[] = "/tmp/qs-test-pdf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct qs_err err = QS_ERR_INIT;
    struct qs_pdf_opts po;
    qs_pdf_opts_default(&po);
    po.title = "Invoices – März";
    po.author = "QPGMR";
    po.group_pages = group_pages;
    struct qs_pdf *pdf = qs_pdf_new(fd, &po, &err);
    assert_non_null(pdf);
    struct qs_render_opts ro;
    qs_render_opts_default(&ro);
    ro.ccsid = 1208;
    struct qs_render r;
    assert_int_equal(qs_render_init(&r, &ro, qs_pdf_page, pdf, &err), 0);
    assert_int_equal(qs_render_data(&r, (const unsigned char *)text, n), 0);
    qs_render_free(&r);
    assert_int_equal(qs_pdf_finish(pdf, &err), 0);
    qs_pdf_free(&pdf);
    assert_null(pdf);
    close(fd);
    struct qs_buf b;
    qs_buf_init(&b, 64u << 20);
    assert_int_equal(qs_file_read(path, 64u << 20, &b, &err), 0);
    unlink(path);
    return qs_buf_detach(&b, len_r);
}

/* Every xref entry points at "N 0 obj". */
static void check_xref(const char *pdf, size_t len)
{
    const char *sx = NULL;
    for (size_t i = len; i-- > 9;)
        if (memcmp(pdf + i - 9, "startxref", 9) == 0) {
            sx = pdf + i;
            break;
        }
    assert_non_null(sx);
    size_t xoff = strtoul(sx + 1, NULL, 10);
    assert_true(xoff < len);
    assert_memory_equal(pdf + xoff, "xref\n0 ", 7);
    char *end;
    unsigned long nobj = strtoul(pdf + xoff + 7, &end, 10);
    const char *e = strchr(end, '\n') + 1 + 20;   /* skip entry 0 */
    for (unsigned long i = 1; i < nobj; i++, e += 20) {
        size_t off = strtoul(e, NULL, 10);
        char want[32];
        int k = snprintf(want, sizeof want, "%lu 0 obj", i);
        assert_true(off + (size_t)k < len);
        if (memcmp(pdf + off, want, (size_t)k) != 0)
            fail_msg("object %lu not at offset %zu", i, off);
    }
}

static void test_latin(void **state)
{
    (void)state;
    const char *t = "Invoice 1 (paid) \\ total €5\n\fpage 2\n";
    size_t len;
    char *pdf = make_pdf(t, strlen(t), 1, &len);
    assert_memory_equal(pdf, "%PDF-1.7", 8);
    check_xref(pdf, len);
    assert_non_null(memmem(pdf, len, "/BaseFont /Courier", 18));
    assert_null(memmem(pdf, len, "/FontFile2", 10));        /* Latin: nothing embedded */
    assert_non_null(memmem(pdf, len, "/Count 2", 8));
    assert_non_null(memmem(pdf, len, "/Title (Page 2)", 15));
    assert_non_null(memmem(pdf, len, "/Author (QPGMR)", 15));
    assert_non_null(memmem(pdf, len, "/Title <FEFF", 12));     /* non-ASCII title */
    assert_non_null(memmem(pdf, len, "/FlateDecode", 12));
    free(pdf);
}

static void test_non_latin(void **state)
{
    (void)state;
    if (access(QS_PDF_DEFAULT_FONT, R_OK) != 0)
        skip();
    const char *t = "Ωμέγα Привет\n";
    size_t len;
    char *pdf = make_pdf(t, strlen(t), 0, &len);
    check_xref(pdf, len);
    assert_non_null(memmem(pdf, len, "/CIDFontType2", 13));
    assert_non_null(memmem(pdf, len, "/Identity-H", 11));
    assert_non_null(memmem(pdf, len, "/ToUnicode", 10));
    assert_non_null(memmem(pdf, len, "/FontFile2", 10));
    assert_null(memmem(pdf, len, "/Outlines 5 0 R", 15));     /* no groups asked */
    free(pdf);
}

static void test_zero_pages(void **state)
{
    (void)state;
    size_t len;
    char *pdf = make_pdf("", 0, 1, &len);
    check_xref(pdf, len);
    assert_non_null(memmem(pdf, len, "/Count 1", 8));          /* one blank page */
    free(pdf);
}

static void test_ttf(void **state)
{
    (void)state;
    struct qs_ttf f;
    struct qs_err err = QS_ERR_INIT;
    if (access(QS_PDF_DEFAULT_FONT, R_OK) != 0)
        skip();
    assert_int_equal(qs_ttf_load(&f, QS_PDF_DEFAULT_FONT, &err), 0);
    unsigned a = qs_ttf_gid(&f, 'A'), omega = qs_ttf_gid(&f, 0x03A9);
    assert_true(a > 0 && omega > 0 && a != omega);
    assert_int_equal(qs_ttf_gid(&f, 0x10FFFF), 0);
    unsigned char *used = calloc(f.nglyphs / 8 + 1, 1);
    used[a >> 3] |= (unsigned char)(1u << (a & 7));
    struct qs_buf out;
    qs_buf_init(&out, 64u << 20);
    assert_int_equal(qs_ttf_subset(&f, used, &out, &err), 0);
    assert_true(out.len > 100 && out.len < f.len / 4);
    assert_memory_equal(out.data, "\x00\x01\x00\x00", 4);
    qs_buf_free(&out);
    free(used);
    qs_ttf_free(&f);
    /* not a font */
    assert_int_equal(qs_ttf_load(&f, "/dev/null", &err), -1);
    assert_string_equal(err.msgid, "CPF9897");
    qs_err_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin),
        cmocka_unit_test(test_non_latin),
        cmocka_unit_test(test_zero_pages),
        cmocka_unit_test(test_ttf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
