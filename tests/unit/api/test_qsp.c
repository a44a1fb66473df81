/*
 * tests/unit/api/test_qsp.c - QSPCRTSP/QSPPUTSP/QSPCLOSP/QSPOPNSP/QSPGETSP:
 * a spooled file made from a user space, read back buffer by buffer, copied
 * through QSPGETSP → QSPPUTSP, and the errors.
 */
#include "testlib.h"

#include <qspclosp.h>
#include <qspcrtsp.h>
#include <qspgetsp.h>
#include <qspopnsp.h>
#include <qspputsp.h>
#include <quscrtus.h>
#include <qusec.h>
#include <qusptrus.h>
#include <qusrspla.h>

#include "qsys/base/root.h"

#define SPC "SPOOLSPC  QGPL      "

static Qus_EC_t ec;

static void ec_reset(void)
{
    memset(&ec, 0, sizeof ec);
    ec.Bytes_Provided = sizeof ec;
}

static void fill_name(char *f, size_t n, const char *s)
{
    memset(f, ' ', n);
    memcpy(f, s, strlen(s));
}

/* Write print data into the user space as SPFR0200 with nb buffers. */
static void put_spfr(unsigned char *sp, const char *data, size_t len, int nb)
{
    Qsp_SPFRH_t h;
    memset(&h, 0, sizeof h);
    memcpy(h.Format_Name, "SPFR0200", 8);
    h.Offset_First_Buffer = (int)sizeof h;
    h.Buffers_Returned = nb;
    memcpy(sp, &h, sizeof h);
    size_t off = sizeof h, per = (len + (size_t)nb - 1) / (size_t)nb, done = 0;
    for (int i = 0; i < nb; i++) {
        size_t n = len - done < per ? len - done : per;
        Qsp_SPFRB_t b;
        memset(&b, 0, sizeof b);
        b.Length_Buffer_Info = (int)(sizeof b + n);
        b.Buffer_Number = i + 1;
        b.Offset_Print_Data = (int)(off + sizeof b);
        b.Size_Print_Data = (int)n;
        memcpy(sp + off, &b, sizeof b);
        memcpy(sp + off + sizeof b, data + done, n);
        off += sizeof b + n;
        done += n;
    }
}

static int make_splf(const char *name, const char *data, int nb, unsigned char *sp)
{
    Qus_SPLA0100_t a;
    memset(&a, 0, sizeof a);
    memset(a.Splf_Name, ' ', sizeof a.Splf_Name);
    memcpy(a.Splf_Name, name, strlen(name));
    memcpy(a.Usr_Data, "QSPTEST   ", 10);
    a.Page_Length = 20;
    a.Page_Width = 40;
    int h = -1;
    ec_reset();
    QSPCRTSP(&h, &a, &ec);
    if (ec.Bytes_Available)
        fprintf(stderr, "QSPCRTSP: %.7s\n", ec.Exception_Id);
    assert_int_equal(ec.Bytes_Available, 0);
    assert_true(h > 0);
    put_spfr(sp, data, strlen(data), nb);
    QSPPUTSP(h, SPC, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    QSPCLOSP(h, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    return h;
}

static void test_create_open_get(void **state)
{
    (void)state;
    ec_reset();
    QUSCRTUS(SPC, "SPOOL     ", 65536, "\0", "*ALL      ", "spool test                                        ",
             "*YES      ", &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    unsigned char *sp = NULL;
    QUSPTRUS(SPC, &sp, &ec);
    assert_non_null(sp);

    /* 10 000 bytes: three buffers of 4079 on the way out */
    static char big[10001];
    for (size_t i = 0; i < 10000; i++)
        big[i] = i % 41 == 40 ? '\n' : (char)('A' + i % 26);
    big[10000] = '\0';
    make_splf("QSPBIG", big, 3, sp);

    char qjob[26];
    fill_name(qjob, sizeof qjob, "*");
    char fname[10];
    fill_name(fname, sizeof fname, "QSPBIG");

    /* attributes came from the SPLA0100 fields */
    unsigned char rcv[1600];
    QUSRSPLA(rcv, (int)sizeof rcv, "SPLA0100", qjob, "", "", fname, -1, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    assert_memory_equal(rcv + 90, "QSPTEST   ", 10);
    assert_memory_equal(rcv + 100, "*RDY      ", 10);
    int v;
    memcpy(&v, rcv + 428, 4);
    assert_int_equal(v, 40);

    int h = -1;
    QSPOPNSP(&h, qjob, "", "", fname, -1, 2, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    /* two buffers, then one, then none */
    size_t got = 0;
    static char back[10001];
    int rounds[3] = {2, 1, 0};
    for (int r = 0; r < 3; r++) {
        QSPGETSP(h, SPC, "SPFR0200", -1, "*END      ", &ec);
        assert_int_equal(ec.Bytes_Available, 0);
        Qsp_SPFRH_t hd;
        memcpy(&hd, sp, sizeof hd);
        assert_memory_equal(hd.Format_Name, "SPFR0200", 8);
        assert_int_equal(hd.Buffers_Returned, rounds[r]);
        size_t off = (size_t)hd.Offset_First_Buffer;
        for (int i = 0; i < hd.Buffers_Returned; i++) {
            Qsp_SPFRB_t b;
            memcpy(&b, sp + off, sizeof b);
            assert_true(b.Size_Print_Data <= QSP_BUFFER_SIZE);
            assert_true(got + (size_t)b.Size_Print_Data <= 10000);
            memcpy(back + got, sp + b.Offset_Print_Data, (size_t)b.Size_Print_Data);
            got += (size_t)b.Size_Print_Data;
            off += (size_t)b.Length_Buffer_Info;
        }
    }
    assert_int_equal(got, 10000);
    assert_memory_equal(back, big, 10000);

    /* a buffer by number, SPFR0300 */
    QSPGETSP(h, SPC, "SPFR0300", 3, "*END      ", &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    Qsp_SPFRH_t hd;
    memcpy(&hd, sp, sizeof hd);
    assert_int_equal(hd.Size_Print_Data300, 10000 - 2 * QSP_BUFFER_SIZE);
    assert_memory_equal(sp + hd.Offset_First_Buffer, big + 2 * QSP_BUFFER_SIZE,
                        (size_t)hd.Size_Print_Data300);
    QSPGETSP(h, SPC, "SPFR0200", 4, "*END      ", &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
    QSPGETSP(h, SPC, "SPFR0400", -1, "*END      ", &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C21", 7);
    ec_reset();

    /* what QSPGETSP wrote, QSPPUTSP takes unchanged: copy the file */
    QSPGETSP(h, SPC, "SPFR0200", 1, "*END      ", &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    Qus_SPLA0100_t a;
    memset(&a, 0, sizeof a);
    fill_name(a.Splf_Name, sizeof a.Splf_Name, "QSPCOPY");
    int h2 = -1;
    QSPCRTSP(&h2, &a, &ec);
    QSPPUTSP(h2, SPC, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    QSPCLOSP(h2, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    QSPCLOSP(h, &ec);
    assert_int_equal(ec.Bytes_Available, 0);

    fill_name(fname, sizeof fname, "QSPCOPY");
    QSPOPNSP(&h, qjob, "", "", fname, 0, -1, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    QSPGETSP(h, SPC, "SPFR0300", -1, "*END      ", &ec);
    memcpy(&hd, sp, sizeof hd);
    assert_int_equal(hd.Size_Print_Data300, QSP_BUFFER_SIZE);
    assert_memory_equal(sp + hd.Offset_First_Buffer, big, QSP_BUFFER_SIZE);
    QSPCLOSP(h, &ec);
    assert_int_equal(ec.Bytes_Available, 0);

    /* the handle is gone */
    QSPGETSP(h, SPC, "SPFR0200", -1, "*END      ", &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
}

static void test_errors(void **state)
{
    (void)state;
    char qjob[26], fname[10];
    fill_name(qjob, sizeof qjob, "*");
    fill_name(fname, sizeof fname, "NOSUCH");
    int h = -1;
    ec_reset();
    QSPOPNSP(&h, qjob, "", "", fname, -1, 8, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3303", 7);
    ec_reset();
    fill_name(fname, sizeof fname, "QSPBIG");
    QSPOPNSP(&h, qjob, "", "", fname, -1, 9, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
    ec_reset();
    QSPPUTSP(4242, SPC, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
    ec_reset();
    QSPCLOSP(0, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);

    /* output queue that does not exist */
    Qus_SPLA0100_t a;
    memset(&a, 0, sizeof a);
    fill_name(a.Outq_Name, 10, "NOQ");
    fill_name(a.Outq_Lib, 10, "QGPL");
    ec_reset();
    QSPCRTSP(&h, &a, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3357", 7);

    /* lying offsets in the space are refused, nothing written past it */
    memset(&a, 0, sizeof a);
    ec_reset();
    QSPCRTSP(&h, &a, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
    unsigned char *sp = NULL;
    QUSPTRUS(SPC, &sp, &ec);
    Qsp_SPFRH_t hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.Format_Name, "SPFR0200", 8);
    hd.Offset_First_Buffer = 128;
    hd.Buffers_Returned = 1;
    memcpy(sp, &hd, sizeof hd);
    Qsp_SPFRB_t b;
    memset(&b, 0, sizeof b);
    b.Offset_Print_Data = 200;
    b.Size_Print_Data = 0x7fffffff;
    memcpy(sp + 128, &b, sizeof b);
    QSPPUTSP(h, SPC, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
    hd.Offset_First_Buffer = -5;
    memcpy(sp, &hd, sizeof hd);
    ec_reset();
    QSPPUTSP(h, SPC, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
    memcpy(hd.Format_Name, "SPFR0300", 8);
    hd.Offset_First_Buffer = 128;
    hd.Size_Print_Data300 = 70000;
    memcpy(sp, &hd, sizeof hd);
    ec_reset();
    QSPPUTSP(h, SPC, &ec);
    assert_memory_equal(ec.Exception_Id, "CPF3C3C", 7);
    ec_reset();
    QSPCLOSP(h, &ec);
    assert_int_equal(ec.Bytes_Available, 0);
}

int main(void)
{
    qs_test_root();
    qs_root_reset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_open_get),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
