/*
 * tests/unit/spool/test_prtf.c - printer file attributes: text form round
 * trip, hostile text, merging levels, and what a spooled file takes.
 */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "spool/prtf.h"
#include "spool/splf.h"

#include <stdlib.h>
#include <string.h>

static void test_roundtrip(void **state)
{
    (void)state;
    struct qs_prtf p, q;
    struct qs_buf b;
    qs_prtf_default(&p);
    p.page_len = 40;
    p.page_width = 80;
    p.ctlchar = QS_CTL_FCFC;
    p.hold = 1;
    qs_strlcpy(p.outq, "INVQ", sizeof p.outq);
    qs_strlcpy(p.outqlib, "MYLIB", sizeof p.outqlib);
    qs_strlcpy(p.usrdta, "Mixed data", sizeof p.usrdta);
    for (int sep = 0; sep < 2; sep++) {
        qs_buf_init(&b, 4096);
        assert_int_equal(qs_prtf_encode(&p, sep ? ';' : '\n', &b), 0);
        assert_int_equal(qs_prtf_decode(b.data, b.len, &q), 0);
        assert_int_equal(q.set, p.set);
        assert_int_equal(q.page_len, 40);
        assert_int_equal(q.page_width, 80);
        assert_int_equal(q.ctlchar, QS_CTL_FCFC);
        assert_int_equal(q.hold, 1);
        assert_string_equal(q.outq, "INVQ");
        assert_string_equal(q.outqlib, "MYLIB");
        assert_string_equal(q.usrdta, "Mixed data");
        qs_buf_free(&b);
    }
    /* a separator inside user data cannot forge a key */
    qs_strlcpy(p.usrdta, "a;hold=0", sizeof p.usrdta);
    qs_buf_init(&b, 4096);
    assert_int_equal(qs_prtf_encode(&p, ';', &b), 0);
    assert_int_equal(qs_prtf_decode(b.data, b.len, &q), 0);
    assert_string_equal(q.usrdta, "a hold=0");
    assert_int_equal(q.hold, 1);
    qs_buf_free(&b);
}

static void test_hostile(void **state)
{
    (void)state;
    struct qs_prtf q;
    static const char *const bad[] = {
        "set=x", "pagesize=40", "pagesize=a b", "lpi10=-1", "outq=NOSLASH",
        "set=99999999999999", "pagesize=1 99999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(qs_prtf_decode(bad[i], strlen(bad[i]), &q), -1);
    /* over-long names are cut to their field, unknown keys ignored */
    const char *s = "set=256;usrdta=ABCDEFGHIJKLMNOP;what=ever;splfname=;";
    assert_int_equal(qs_prtf_decode(s, strlen(s), &q), 0);
    assert_string_equal(q.usrdta, "ABCDEFGHIJ");
    assert_int_equal(q.set, QS_PRTF_USRDTA);
    /* no '=' at all, NUL bytes, a lone separator */
    assert_int_equal(qs_prtf_decode("\n;;\n", 4, &q), 0);
    assert_int_equal(q.set, 0);
    assert_int_equal(qs_prtf_decode("set=1\0pagesize=1 1", 18, &q), -1);
}

static void test_levels(void **state)
{
    (void)state;
    struct qs_prtf file, ovr;
    struct qs_splf_attr a;
    struct qs_err err = QS_ERR_INIT;
    qs_prtf_default(&file);
    memset(&ovr, 0, sizeof ovr);
    ovr.page_len = 20;
    ovr.page_width = 60;
    ovr.set = QS_PRTF_PAGESIZE;
    qs_prtf_merge(&file, &ovr);                  /* overflow 60 pulled to 14 */
    assert_int_equal(file.overflow, 14);
    assert_int_equal(qs_prtf_check(&file, &err), 0);
    file.overflow = 30;
    assert_int_equal(qs_prtf_check(&file, &err), -1);
    assert_string_equal(err.msgid, "CPD0084");
    qs_err_clear(&err);
    file.overflow = 14;

    qs_splf_attr_default(&a);
    qs_strlcpy(file.splfname, "*FILE", sizeof file.splfname);
    file.hold = 1;
    file.save = 1;
    qs_strlcpy(file.formtype, "*STD", sizeof file.formtype);
    qs_prtf_apply(&file, "INVPRT", &a);
    assert_string_equal(a.file, "INVPRT");
    assert_int_equal(a.ro.page_len, 20);
    assert_int_equal(a.ro.overflow, 14);
    assert_int_equal(a.opn_hold, 1);
    assert_int_equal(a.save, 1);
    assert_string_equal(a.formtype, "");
    assert_string_equal(a.outq, "QPRINT");      /* OUTQ(*JOB) keeps the job's */

    /* overrides: *PRTF, then the file's own */
    assert_int_equal(qs_prtf_override_delete("*ALL", &err), 0);
    memset(&ovr, 0, sizeof ovr);
    ovr.cpi10 = 120;
    ovr.set = QS_PRTF_CPI;
    assert_int_equal(qs_prtf_override("*PRTF", &ovr, &err), 0);
    ovr.cpi10 = 150;
    assert_int_equal(qs_prtf_override("INVPRT", &ovr, &err), 0);
    qs_prtf_apply_overrides("INVPRT", &a);
    assert_int_equal(a.ro.cpi10, 150);
    qs_prtf_apply_overrides("OTHER", &a);
    assert_int_equal(a.ro.cpi10, 120);
    assert_int_equal(qs_prtf_override_delete("INVPRT", &err), 0);
    assert_int_equal(qs_prtf_override_delete("INVPRT", &err), -1);
    assert_string_equal(err.msgid, "CPF9841");
    qs_err_clear(&err);
    assert_int_equal(qs_prtf_override_delete("*ALL", &err), 0);
    assert_int_equal(qs_prtf_override_get("*PRTF", &ovr), 0);
    ovr.page_len = 0;
    ovr.set = QS_PRTF_PAGESIZE;
    assert_int_equal(qs_prtf_override("BAD", &ovr, &err), -1);   /* checked */
    qs_err_clear(&err);
}

int main(void)
{
    qs_test_root();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
