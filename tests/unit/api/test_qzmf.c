/* tests/unit/api/test_qzmf.c - QzmfCrtMailMsg and the message-id APIs, called
 * as an IBM i C program would, descriptors built by hand with <qzmf.h>. */
#include "testlib.h"
#include "qsys/base/root.h"
#include "qsys/msf/msf.h"

#include <qusec.h>
#include <qzmf.h>

struct ec { Qus_EC_t h; char data[256]; };

static void ec_init(struct ec *e)
{
    memset(e, 0, sizeof *e);
    e->h.Bytes_Provided = sizeof *e;
}

static int setup(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    return 0;
}

/* A descriptor block: header + entries, as a user lays it out. */
struct desc { char buf[2048]; int len; };

static void desc_begin(struct desc *d, const char *fmt)
{
    memset(d, 0, sizeof *d);
    Qzmf_Msg_Desc_Hdr0100_t h;
    memset(&h, 0, sizeof h);
    memcpy(h.Msg_Desc_Format_Name, fmt, 8);
    h.First_Entry_Offset = sizeof h;
    memcpy(d->buf, &h, sizeof h);
    d->len = sizeof h;
}

static void desc_end(struct desc *d)
{
    Qzmf_Msg_Desc_Hdr0100_t *h = (Qzmf_Msg_Desc_Hdr0100_t *)d->buf;
    h->Msg_Desc_Total_Length = h->Bytes_Available = d->len;
}

static void add_orgl(struct desc *d, const char *addr)
{
    Qzmf_ORGL0100_t e;
    memset(&e, 0, sizeof e);
    e.Addr_Length = (int)strlen(addr);
    e.Displacement = sizeof e;
    e.Entry_Length = (int)(sizeof e + strlen(addr) + 3) & ~3;
    memcpy(e.Addr_Type, "SMTP", 4);
    e.CCSID = 819;
    memcpy(d->buf + d->len, &e, sizeof e);
    memcpy(d->buf + d->len + sizeof e, addr, strlen(addr));
    d->len += e.Entry_Length;
    ((Qzmf_Msg_Desc_Hdr0100_t *)d->buf)->Total_Num_Of_Entries++;
}

static void add_rcpl(struct desc *d, const char *addr, int dist)
{
    Qzmf_RCPL0100_t e;
    memset(&e, 0, sizeof e);
    e.Addr_Length = (int)strlen(addr);
    e.Recipient_Displacement = sizeof e;
    e.Entry_Length = (int)(sizeof e + strlen(addr) + 3) & ~3;
    memcpy(e.Addr_Type, "SMTP", 4);
    e.Dist_Type = dist;
    memcpy(d->buf + d->len, &e, sizeof e);
    memcpy(d->buf + d->len + sizeof e, addr, strlen(addr));
    d->len += e.Entry_Length;
    ((Qzmf_Msg_Desc_Hdr0100_t *)d->buf)->Total_Num_Of_Entries++;
}

static void add_envl(struct desc *d, const char *type, const char *data)
{
    Qzmf_ENVL0100_t e;
    memset(&e, 0, sizeof e);
    e.Envelope_Length = (int)strlen(data);
    e.Displacement = sizeof e;
    e.Entry_Length = (int)(sizeof e + strlen(data) + 3) & ~3;
    memcpy(e.Envelope_Type, type, 4);
    memcpy(d->buf + d->len, &e, sizeof e);
    memcpy(d->buf + d->len + sizeof e, data, strlen(data));
    d->len += e.Entry_Length;
    ((Qzmf_Msg_Desc_Hdr0100_t *)d->buf)->Total_Num_Of_Entries++;
}

static struct desc orgl, rcpl, envl;
static Qzmf_Msg_Desc_Attr_t attrs[3];

static void build_msg(void)
{
    desc_begin(&orgl, "ORGL0100");
    add_orgl(&orgl, "app@example.com");
    desc_end(&orgl);
    desc_begin(&rcpl, "RCPL0100");
    add_rcpl(&rcpl, "one@example.org", QZMF_DIST_NORMAL);
    add_rcpl(&rcpl, "two@example.org", QZMF_DIST_BCC);
    desc_end(&rcpl);
    desc_begin(&envl, "ENVL0100");
    add_envl(&envl, "MIME", "From: app@example.com\nTo: one@example.org\nSubject: hi\n\nbody\n");
    desc_end(&envl);
    struct desc *ds[3] = { &orgl, &rcpl, &envl };
    for (int i = 0; i < 3; i++) {
        memset(&attrs[i], 0, sizeof attrs[i]);
        attrs[i].Msg_Desc_Ptr = ds[i]->buf;
        attrs[i].Msg_Desc_Length = ds[i]->len;
        memcpy(attrs[i].Msg_Desc_Format_Name, ds[i]->buf + 8, 8);
    }
}

static void test_create_and_reserve(void **st)
{
    (void)st;
    build_msg();
    struct ec e;
    ec_init(&e);
    char id[32], none[32], rsv[32], status = '?';
    memset(none, 0, sizeof none);
    int n = 3;
    size_t before = qs_msf_queue_count();
    QzmfCrtMailMsg(id, none, "TEST", attrs, &n, "CRTM0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    assert_int_equal(qs_msf_queue_count(), before + 1);
    QzmfQryMailMsgId(id, "QRYF0100", &status, &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    assert_int_equal(status, QZMF_MSGID_CREATED);

    QzmfRsvMailMsgId(rsv, "RSVF0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    QzmfQryMailMsgId(rsv, "QRYF0100", &status, &e);
    assert_int_equal(status, QZMF_MSGID_RESERVED);
    QzmfCrtMailMsg(id, rsv, "TEST", attrs, &n, "CRTM0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    assert_memory_equal(id, rsv, 32);
    QzmfQryMailMsgId(rsv, "QRYF0100", &status, &e);
    assert_true(status == QZMF_MSGID_RESERVED_CREATED || status == QZMF_MSGID_RESERVED_PROCESSED);

    /* a reserved id creates only one message */
    QzmfCrtMailMsg(id, rsv, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8D", 7);
    assert_int_equal(qs_msf_queue_count(), before + 2);
    ec_init(&e);
    QzmfRmvRsvMailMsgId(rsv, "RMVF0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8D", 7);

    /* an id nobody reserved */
    char bogus[32];
    memset(bogus, 'Z', sizeof bogus);
    ec_init(&e);
    QzmfCrtMailMsg(id, bogus, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8B", 7);
    ec_init(&e);
    QzmfRmvRsvMailMsgId(bogus, "RMVF0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8B", 7);
    ec_init(&e);
    QzmfQryMailMsgId(bogus, "QRYF0100", &status, &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    assert_int_equal(status, QZMF_MSGID_UNKNOWN);

    /* reserve, remove, then it is gone */
    QzmfRsvMailMsgId(rsv, "RSVF0100", &e);
    QzmfRmvRsvMailMsgId(rsv, "RMVF0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    QzmfCrtMailMsg(id, rsv, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8B", 7);

    ec_init(&e);
    QzmfCrtMailMsg(id, none, "TEST", attrs, &n, "CRTM0200", &e);
    assert_memory_equal(e.h.Exception_Id, "CPF3C21", 7);
}

/* Malformed descriptor offsets and lengths: CPFAF83, nothing enqueued. */
static void test_malformed(void **st)
{
    (void)st;
    char id[32], none[32];
    memset(none, 0, sizeof none);
    size_t before = qs_msf_queue_count();
    static const struct { int which; size_t off; int val; } bad[] = {
        { 1, offsetof(Qzmf_Msg_Desc_Hdr0100_t, First_Entry_Offset), 5000 },
        { 1, offsetof(Qzmf_Msg_Desc_Hdr0100_t, First_Entry_Offset), -28 },
        { 1, offsetof(Qzmf_Msg_Desc_Hdr0100_t, Msg_Desc_Total_Length), 1 << 30 },
        { 1, offsetof(Qzmf_Msg_Desc_Hdr0100_t, Total_Num_Of_Entries), 1000 },
        { 1, 28 + offsetof(Qzmf_RCPL0100_t, Recipient_Displacement), 1 << 20 },
        { 1, 28 + offsetof(Qzmf_RCPL0100_t, Addr_Length), -5 },
        { 1, 28 + offsetof(Qzmf_RCPL0100_t, Entry_Length), 4 },
        { 1, 28 + offsetof(Qzmf_RCPL0100_t, SPIN_Length), 1000 },
        { 0, 28 + offsetof(Qzmf_ORGL0100_t, Displacement), -1 },
        { 2, 28 + offsetof(Qzmf_ENVL0100_t, Envelope_Length), 1 << 24 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        build_msg();
        struct desc *ds[3] = { &orgl, &rcpl, &envl };
        memcpy(ds[bad[i].which]->buf + bad[i].off, &bad[i].val, 4);
        struct ec e;
        ec_init(&e);
        int n = 3;
        QzmfCrtMailMsg(id, none, "TEST", attrs, &n, "CRTM0100", &e);
        assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    }
    /* attribute array problems */
    build_msg();
    struct ec e;
    ec_init(&e);
    int n = 3;
    attrs[1].Msg_Desc_Length = 3;
    QzmfCrtMailMsg(id, none, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    build_msg();
    attrs[2].Reserved = 7;
    ec_init(&e);
    QzmfCrtMailMsg(id, none, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    build_msg();
    n = 2;                                     /* no content descriptor */
    ec_init(&e);
    QzmfCrtMailMsg(id, none, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    assert_int_equal(qs_msf_queue_count(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_reserve),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
