/*
 * tests/unit/api/test_qusrspla.c - QUSRSPLA SPLA0100 at IBM's offsets.
 */
#include "testlib.h"

#include <qusec.h>
#include <qusrspla.h>
#include <recio.h>

#include "qsys/base/root.h"

static void test_spla0100(void **state)
{
    (void)state;
    _RFILE *fp = _Ropen("INVOICES", "wr, usrdta=CUST42, pagesize=60 80");
    assert_non_null(fp);
    _Rwrite(fp, "hello", 5);
    assert_int_equal(_Rclose(fp), 0);

    unsigned char rcv[1600];
    memset(rcv, 0xEE, sizeof rcv);
    Qus_EC_t ec;
    memset(&ec, 0, sizeof ec);
    ec.Bytes_Provided = sizeof ec;
    char qjob[26];
    memset(qjob, ' ', sizeof qjob);
    qjob[0] = '*';
    QUSRSPLA(rcv, (int)sizeof rcv, "SPLA0100", qjob, "", "", "INVOICES  ", -1, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    Qus_SPLA0100_t *s = (Qus_SPLA0100_t *)rcv;
    assert_int_equal(s->Bytes_Avail, 1537);
    assert_int_equal(s->Bytes_Return, 1537);
    assert_memory_equal(rcv + 66, "INVOICES  ", 10);
    assert_memory_equal(rcv + 90, "CUST42    ", 10);
    assert_memory_equal(rcv + 100, "*RDY      ", 10);
    assert_memory_equal(rcv + 182, "QPRINT    ", 10);
    assert_memory_equal(rcv + 192, "QGPL      ", 10);
    int v;
    memcpy(&v, rcv + 424, 4);
    assert_int_equal(v, 60);
    memcpy(&v, rcv + 428, 4);
    assert_int_equal(v, 80);
    memcpy(&v, rcv + 140, 4);
    assert_int_equal(v, 1);
    assert_int_equal(s->Splf_Number, 1);
    assert_int_equal(rcv[1537], 0xEE);       /* nothing past the format */

    /* short receiver: only what fits */
    memset(rcv, 0xEE, sizeof rcv);
    QUSRSPLA(rcv, 8, "SPLA0100", qjob, "", "", "INVOICES  ", 0, &ec);
    assert_int_equal(s->Bytes_Return, 8);
    assert_int_equal(s->Bytes_Avail, 1537);
    assert_int_equal(rcv[8], 0xEE);

    /* errors through the error code */
    QUSRSPLA(rcv, (int)sizeof rcv, "SPLA0300", qjob, "", "", "INVOICES  ", -1, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C21", 7);
    QUSRSPLA(rcv, (int)sizeof rcv, "SPLA0100", qjob, "", "", "NOSUCH    ", -1, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3303", 7);
    QUSRSPLA(rcv, 4, "SPLA0100", qjob, "", "", "INVOICES  ", -1, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C24", 7);
}

int main(void)
{
    qs_test_root();
    qs_root_reset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spla0100),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
