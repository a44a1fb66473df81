/* tests/unit/api/test_qusec.c - Qus_EC_t / ERRC0200 layouts and rules, the
 * escape monitor, and the data area and message APIs. */
#include "testlib.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"
#include "api/errcode.h"

#include <stddef.h>
#include <qusec.h>
#include <qwcrdtaa.h>
#include <qxxdtaa.h>
#include <qmhsndpm.h>
#include <qshim_monitor.h>
#include <qshim_decimal_ops.h>

static struct qs_job *start(void)
{
    qs_test_root();
    qs_root_reset();
    unsetenv("QSHIM_USER");
    struct qs_err e = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&e);
    assert_non_null(j);
    return j;
}

static void test_layouts(void **st)
{
    assert_int_equal(sizeof(Qus_EC_t), 16);
    assert_int_equal(offsetof(Qus_EC_t, Bytes_Available), 4);
    assert_int_equal(offsetof(Qus_EC_t, Exception_Id), 8);
    assert_int_equal(offsetof(Qus_EC_t, Reserved), 15);
    assert_int_equal(sizeof(Qus_ERRC0200_t), 32);
    assert_int_equal(offsetof(Qus_ERRC0200_t, Exception_Id), 12);
    assert_int_equal(offsetof(Qus_ERRC0200_t, CCSID), 20);
    assert_int_equal(offsetof(Qus_ERRC0200_t, Length_Exc_Data), 28);
    assert_int_equal(sizeof(Qwc_Rdtaa_Data_Returned_t), 36);
    assert_int_equal(offsetof(Qwc_Rdtaa_Data_Returned_t, Library_Name), 18);
    assert_int_equal(offsetof(Qwc_Rdtaa_Data_Returned_t, Number_Decimal_Positions), 32);
    assert_int_equal(sizeof(_DTAA_NAME_T), 20);
}

static void test_report(void **st)
{
    start();
    struct qs_err e = QS_ERR_INIT;
    qs_err_set(&e, "CPF9801", "*DTAARA", "OBJ", "LIB", (const char *)NULL);
    struct {
        Qus_EC_t ec;
        char data[64];
    } ec;
    /* Bytes_Available is reset on entry, never written past Bytes_Provided */
    memset(&ec, 'x', sizeof ec);
    ec.ec.Bytes_Provided = 20;
    qs_ec_begin(&ec, "TEST");
    assert_int_equal(ec.ec.Bytes_Available, 0);
    qs_ec_report(&ec, &e, "TEST");
    assert_int_equal(ec.ec.Bytes_Available, 16 + 30);
    assert_memory_equal(ec.ec.Exception_Id, "CPF9801", 7);
    assert_memory_equal(ec.data, "*DTA", 4);
    assert_int_equal(ec.data[4], 'x');

    struct {
        Qus_ERRC0200_t ec;
        char data[64];
    } e2;
    memset(&e2, 'x', sizeof e2);
    e2.ec.Key = -1;
    e2.ec.Bytes_Provided = (int)sizeof e2;
    qs_ec_begin(&e2, "TEST");
    assert_int_equal(e2.ec.Bytes_Available, 0);
    qs_ec_report(&e2, &e, "TEST");
    assert_int_equal(e2.ec.Bytes_Available, 32 + 30);
    assert_memory_equal(e2.ec.Exception_Id, "CPF9801", 7);
    assert_int_equal(e2.ec.Offset_Exc_Data, 32);
    assert_int_equal(e2.ec.Length_Exc_Data, 30);
    assert_memory_equal(e2.data + 10, "OBJ       LIB", 13);

    /* Bytes_Provided 0 and invalid values end up in a monitor */
    volatile int reached = 0;
    int bp[] = { 0, 1, 7, -5 };
    const char *want[] = { "CPF9801", "CPF3CF1", "CPF3CF1", "CPF3CF1" };
    for (int i = 0; i < 4; i++) {
        memset(&ec, 0, sizeof ec);
        ec.ec.Bytes_Provided = bp[i];
        QS_MONITOR {
            qs_ec_begin(&ec, "TEST");
            qs_ec_report(&ec, &e, "TEST");
            reached = 1;
        } QS_ON_ERROR {
            assert_string_equal(QS_MSGID, want[i]);
        } QS_END_MONITOR;
        assert_int_equal(reached, 0);
    }
    /* nested monitors: the inner one catches */
    volatile int inner = 0, outer = 0;
    QS_MONITOR {
        QS_MONITOR {
            qs_escape(&e, "TEST");
        } QS_ON_ERROR {
            inner = 1;
        } QS_END_MONITOR;
        qs_escape(&e, "TEST");
    } QS_ON_ERROR {
        outer = 1;
    } QS_END_MONITOR;
    assert_true(inner && outer);
    qs_err_clear(&e);
}

static void test_qwcrdtaa(void **st)
{
    struct qs_job *j = start();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_dtaara_create(j, "QGPL", "CFG", QS_DTAARA_CHAR, 20, 0, "mail.example.com",
                                      NULL, QS_AUT_CHANGE, &e), 0);
    assert_int_equal(qs_dtaara_create(j, "QGPL", "AMT", QS_DTAARA_DEC, 7, 2, "12.5", NULL,
                                      QS_AUT_CHANGE, &e), 0);
    struct {
        Qus_EC_t ec;
        char data[64];
    } ec;
    ec.ec.Bytes_Provided = sizeof ec;
    char rcv[100];
    Qwc_Rdtaa_Data_Returned_t *h = (Qwc_Rdtaa_Data_Returned_t *)rcv;
    QWCRDTAA(rcv, sizeof rcv, "CFG       *LIBL     ", -1, 20, &ec);
    assert_int_equal(ec.ec.Bytes_Available, 0);
    assert_int_equal(h->Bytes_Available, 56);
    assert_int_equal(h->Bytes_Returned, 56);
    assert_memory_equal(h->Type_Value_Returned, "*CHAR     ", 10);
    assert_memory_equal(h->Library_Name, "QGPL      ", 10);
    assert_int_equal(h->Length_Value_Returned, 20);
    assert_memory_equal(rcv + 36, "mail.example.com    ", 20);
    /* substring, and a receiver too small for all of it */
    QWCRDTAA(rcv, 40, "CFG       QGPL      ", 6, 7, &ec);
    assert_int_equal(h->Bytes_Available, 43);
    assert_int_equal(h->Bytes_Returned, 40);
    assert_memory_equal(rcv + 36, "exam", 4);
    QWCRDTAA(rcv, sizeof rcv, "AMT       QGPL      ", -1, 1, &ec);
    assert_memory_equal(h->Type_Value_Returned, "*DEC      ", 10);
    assert_int_equal(h->Length_Value_Returned, 7);
    assert_int_equal(h->Number_Decimal_Positions, 2);
    const unsigned char pk[] = { 0x00, 0x01, 0x25, 0x0c };
    assert_memory_equal(rcv + 36, pk, 4);
    QWCRDTAA(rcv, sizeof rcv, "CFG       QGPL      ", 30, 1, &ec);
    assert_memory_equal(ec.ec.Exception_Id, "CPF1088", 7);

    /* QXXCHGDA / QXXRTVDA and *LDA */
    _DTAA_NAME_T dn;
    memcpy(dn.dtaa_name, "CFG       ", 10);
    memcpy(dn.dtaa_lib, "*LIBL     ", 10);
    QXXCHGDA(dn, 1, 4, "smtp");
    char buf[8];
    QXXRTVDA(dn, 1, 6, buf);
    assert_memory_equal(buf, "smtp.e", 6);
    memcpy(dn.dtaa_name, "*LDA      ", 10);
    QXXCHGDA(dn, 100, 3, "abc");
    QXXRTVDA(dn, 99, 5, buf);
    assert_memory_equal(buf, " abc ", 5);
    memcpy(dn.dtaa_name, "NOSUCH    ", 10);
    QS_MONITOR {
        QXXRTVDA(dn, 1, 1, buf);
        fail();
    } QS_ON_ERROR {
        assert_string_equal(QS_MSGID, "CPF1015");
    } QS_END_MONITOR;

    /* EBCDIC job: names arrive in CCSID 37 */
    assert_int_equal(qs_job_set_ccsid(j, 37, &e), 0);
    const unsigned char ename[20] = { 0xC3, 0xC6, 0xC7, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
                                      0xD8, 0xC7, 0xD7, 0xD3, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40 };
    QWCRDTAA(rcv, sizeof rcv, (void *)ename, -1, 20, &ec);
    assert_int_equal(ec.ec.Bytes_Available, 0);
    assert_memory_equal(h->Library_Name, ename + 10, 10);
    qs_job_set_ccsid(j, 0, &e);
}

static void test_qmhsndpm(void **st)
{
    struct qs_job *j = start();
    struct {
        Qus_EC_t ec;
        char data[64];
    } ec;
    ec.ec.Bytes_Provided = sizeof ec;
    char key[4];
    QMHSNDPM("       ", "                    ", "Hello job log", 13, "*INFO     ", "*         ", 0,
             key, &ec);
    assert_int_equal(ec.ec.Bytes_Available, 0);
    struct qs_jobmsg m;
    assert_int_equal(qs_job_rcvmsg(j, -1, 1, &m), 1);
    assert_string_equal(m.text, "Hello job log");
    qs_jobmsg_free(&m);
    QMHSNDPM("CPF9898", "QCPFMSG   *LIBL     ", "Custom failure", 14, "*ESCAPX   ", "*         ",
             0, key, &ec);
    assert_memory_equal(ec.ec.Exception_Id, "CPF2435", 7);
    QMHSNDPM("CPF9898", "MYMSGF    MYLIB     ", "x", 1, "*DIAG     ", "*         ", 0, key, &ec);
    assert_memory_equal(ec.ec.Exception_Id, "CPF2407", 7);
    char data[512];
    memset(data, ' ', sizeof data);
    memcpy(data, "Order 42 failed", 15);
    volatile int after = 0;
    QS_MONITOR {
        QMHSNDPM("CPF9898", "QCPFMSG   *LIBL     ", data, 512, "*ESCAPE   ", "*         ", 0,
                 key, &ec);
        after = 1;
    } QS_ON_ERROR {
        assert_string_equal(QS_MSGID, "CPF9898");
        assert_string_equal(QS_MSGTEXT, "Order 42 failed.");
    } QS_END_MONITOR;
    assert_int_equal(after, 0);
}

static void test_decimal_ops(void **st)
{
    start();
    _Decimal(7, 2) amt;
    assert_int_equal(sizeof amt, 4);
    qshim_dec_from_str(&amt, 7, 2, "123.45");
    assert_true(qshim_dec_get(&amt, 7) == 12345);
    qshim_dec_set(&amt, 7, qshim_dec_get(&amt, 7) * 2);
    char buf[QSHIM_DEC_STRLEN];
    qshim_dec_to_str(&amt, 7, 2, buf);
    assert_string_equal(buf, "246.90");
    memset(&amt, 0xff, sizeof amt);
    assert_false(qshim_dec_valid(&amt, 7));
    volatile int reached = 0;
    QS_MONITOR {
        qshim_dec_get(&amt, 7);
        reached = 1;
    } QS_ON_ERROR {
        assert_string_equal(QS_MSGID, "MCH1202");
    } QS_END_MONITOR;
    assert_int_equal(reached, 0);
    QS_MONITOR {
        qshim_dec_set(&amt, 7, 100000000LL);
        reached = 1;
    } QS_ON_ERROR {
        assert_string_equal(QS_MSGID, "MCH1210");
    } QS_END_MONITOR;
    assert_int_equal(reached, 0);
    unsigned char z[5];
    qshim_zoned_set(z, 5, -42);
    assert_true(qshim_zoned_get(z, 5) == -42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_qwcrdtaa),
        cmocka_unit_test(test_qmhsndpm),
        cmocka_unit_test(test_decimal_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
