/* tests/unit/api/test_qzmf.c - QzmfCrtMailMsg and the message-id APIs, called
 * as an IBM i C program would, descriptors built by hand with <qzmf.h>. */
#include "testlib.h"
#include "qsys/base/root.h"
#include "qsys/msf/msf.h"

#include <qusec.h>
#include <quscrtus.h>
#include <qusrtvus.h>
#include <qzmf.h>

#include "qsys/base/err.h"
#include "qsys/exitpgm/exitpgm.h"

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

/* QzmfCrtCmpMailMsg: only a reserved id whose message exists completes. */
static void test_complete(void **st)
{
    (void)st;
    build_msg();
    struct ec e;
    char id[32], rsv[32], status;
    int n = 3;
    ec_init(&e);
    QzmfRsvMailMsgId(rsv, "RSVF0100", &e);
    QzmfCrtCmpMailMsg(rsv, "CCMP0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8C", 7);        /* not used yet */
    ec_init(&e);
    QzmfCrtMailMsg(id, rsv, "TEST", attrs, &n, "CRTM0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    QzmfCrtCmpMailMsg(rsv, "CCMP0200", &e);
    assert_memory_equal(e.h.Exception_Id, "CPF3C21", 7);
    ec_init(&e);
    QzmfCrtCmpMailMsg(rsv, "CCMP0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    QzmfQryMailMsgId(rsv, "QRYF0100", &status, &e);
    assert_int_equal(status, QZMF_MSGID_CREATED);                 /* still in MSF */
    QzmfCrtCmpMailMsg(rsv, "CCMP0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8B", 7);        /* no longer reserved */
    ec_init(&e);
    QzmfRmvRsvMailMsgId(rsv, "RMVF0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8B", 7);
    ec_init(&e);
    char bad[32];
    memset(bad, 'a', sizeof bad);                                 /* not A-Z 0-9 */
    QzmfCrtCmpMailMsg(bad, "CCMP0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF8B", 7);
}

/* Rtv/Chg are valid only inside an exit program (IBM's rule). */
static void test_rtv_chg_outside_exit(void **st)
{
    (void)st;
    build_msg();
    struct ec e;
    char id[32], rcv[512];
    int n = 3, one = 1, zero = 0;
    ec_init(&e);
    QzmfCrtMailMsg(id, NULL, "TEST", attrs, &n, "CRTM0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    Qzmf_Msg_Desc_Attr_t a;
    memset(&a, 0, sizeof a);
    a.Msg_Desc_Ptr = rcv;
    a.Msg_Desc_Length = sizeof rcv;
    memcpy(a.Msg_Desc_Format_Name, "RCPL0100", 8);
    QzmfRtvMailMsg(id, &a, &one, "RTVM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    ec_init(&e);
    QzmfChgMailMsg(id, &attrs[1], &one, "CHGM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    ec_init(&e);
    QzmfRtvMailMsg(id, &a, &zero, "RTVM0100", &e);               /* at least one */
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    ec_init(&e);
    QzmfRtvMailMsg(id, &a, &one, "RTVM0200", &e);
    assert_memory_equal(e.h.Exception_Id, "CPF3C21", 7);
    ec_init(&e);
    QzmfChgMailMsg(id, NULL, &one, "CHGM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPF24B4", 7);
}

static Qzmf_ADDC0100_t addc(const char *grp, const char *val, const char *name, const char *text)
{
    Qzmf_ADDC0100_t c;
    memset(&c, ' ', sizeof c);
    c.Length = sizeof c;
    memcpy(c.Type_Group, grp, 2);
    memcpy(c.Type_Value, val, strlen(val));
    memcpy(c.Type_Name, name, strlen(name));
    c.Type_Text_CCSID = 37;
    memcpy(c.Type_Text, text, strlen(text));
    return c;
}

#define CFGSPC "ZMFCFG    QGPL      "

static void test_config(void **st)
{
    (void)st;
    struct ec e;
    ec_init(&e);
    Qzmf_ADDC0100_t c = addc("01", "X400", "X400ADR", "X.400 addresses");
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    c = addc("04", "PDF ", "PDFDOC", "PDF documents");
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    c = addc("01", "X400", "OTHER", "same value");
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAFB1", 7);
    static const struct { const char *g, *v, *n; } bad[] = {
        { "05", "ABCD", "NAME" }, { "01", "    ", "NAME" }, { "01", "ABCD", "" }, { "01", "ABCD", "lower" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ec_init(&e);
        c = addc(bad[i].g, bad[i].v, bad[i].n, "x");
        QzmfAddMailCfg(&c, "ADDC0100", &e);
        assert_memory_equal(e.h.Exception_Id, "CPFAFB0", 7);
    }
    ec_init(&e);
    c = addc("02", "ABCD", "NAME", "x");
    QzmfAddMailCfg(&c, "ADDC0200", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAFB0", 7);
    ec_init(&e);
    c.Length = 20;
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAFB0", 7);
    /* 128 types per group, then CPFAFB2 */
    for (int i = 0; i < 127; i++) {
        char v[16], nm[16];
        snprintf(v, sizeof v, "M%03d", i % 1000);
        snprintf(nm, sizeof nm, "MSG%03d", i % 1000);
        ec_init(&e);
        c = addc("02", v, nm, "message type");
        QzmfAddMailCfg(&c, "ADDC0100", &e);
        assert_int_equal(e.h.Bytes_Available, 0);
    }
    c = addc("02", "LAST", "LAST", "128th");
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    c = addc("02", "OVER", "OVER", "129th");
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAFB2", 7);

    /* list group 01 and 04 (blank group = all) into a user space */
    ec_init(&e);
    QUSCRTUS(CFGSPC, "LIST      ", 20000, "\0", "*ALL      ", "zmf cfg list                                      ", "*YES      ", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    Qzmf_LSTC0100_t sel;
    memset(&sel, ' ', sizeof sel);
    sel.Length = sizeof sel;
    memcpy(sel.Type_Group, "01", 2);
    QzmfLstMailCfg(CFGSPC, "LSTL0100", "LSTC0100", &sel, &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    int hdr[4];
    QUSRTVUS(CFGSPC, 125, 16, hdr, &e);        /* list offset, size, count, entry size */
    assert_int_equal(hdr[2], 1);
    assert_int_equal(hdr[3], (int)sizeof(Qzmf_LSTL0100_t));
    Qzmf_LSTL0100_t ent;
    QUSRTVUS(CFGSPC, hdr[0] + 1, sizeof ent, &ent, &e);
    assert_memory_equal(ent.Type_Name, "X400ADR ", 8);
    assert_memory_equal(ent.Type_Text, "X.400 addresses", 15);
    assert_int_equal(ent.Type_Text_CCSID, 37);
    memset(sel.Type_Group, ' ', 2);
    QzmfLstMailCfg(CFGSPC, "LSTL0100", "LSTC0100", &sel, &e);
    QUSRTVUS(CFGSPC, 125, 16, hdr, &e);
    assert_int_equal(hdr[2], 130);
    char info;
    QUSRTVUS(CFGSPC, 104, 1, &info, &e);                  /* information status */
    assert_int_equal(info, 'C');
    ec_init(&e);
    QzmfLstMailCfg(CFGSPC, "LSTL0200", "LSTC0100", &sel, &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAFB0", 7);

    /* remove */
    ec_init(&e);
    Qzmf_DLTC0100_t d;
    memset(&d, ' ', sizeof d);
    d.Length = sizeof d;
    memcpy(d.Type_Group, "04", 2);
    memcpy(d.Type_Value, "PDF ", 4);
    memcpy(d.Type_Name, "PDFDOC", 6);
    QzmfRmvMailCfg(&d, "DLTC0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    QzmfRmvMailCfg(&d, "DLTC0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAFB3", 7);
}

/* A configured type in a message calls the VLD_TYP programs: 0 accepts,
 * anything else (or a crash) rejects with CPFAF83. */
static void test_validate(void **st)
{
    (void)st;
    const char *root = qs_test_root();
    char src[512], so[512], cmd[1400];
    snprintf(src, sizeof src, "%s/vld.c", root);
    snprintf(so, sizeof so, "%s/vld.so", root);
    FILE *f = fopen(src, "w");
    assert_non_null(f);
    fputs("#include <string.h>\n"
          "void accept(char *id, void *at, int *n, char *fmt, int *rc) { *rc = memcmp(fmt, \"VDFF0100\", 8) ? 9 : 0; }\n"
          "void reject(char *id, void *at, int *n, char *fmt, int *rc) { *rc = 1; }\n"
          "void crash(char *id, void *at, int *n, char *fmt, int *rc) { *(volatile int *)0 = 1; }\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cc -shared -fPIC -o '%s' '%s'", so, src);
    assert_int_equal(system(cmd), 0);

    build_msg();
    struct ec e;
    char id[32];
    int n = 3;
    /* SMTP not configured: no validation program is called */
    struct qs_exitpgm_reg r;
    memset(&r, 0, sizeof r);
    snprintf(r.exit_point, sizeof r.exit_point, "QIBM_QZMFMSF_VLD_TYP");
    snprintf(r.format, sizeof r.format, "VDFF0100");
    snprintf(r.pgm, sizeof r.pgm, "QGPL/REJECT");
    snprintf(r.path, sizeof r.path, "%s", so);
    snprintf(r.symbol, sizeof r.symbol, "reject");
    r.pgmnbr = 1;
    r.timeout = 5;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_exitpgm_add(&r, NULL, &err), 0);
    ec_init(&e);
    QzmfCrtMailMsg(id, NULL, "TEST", attrs, &n, "CRTM0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    /* configure SMTP addresses: now REJECT is asked and says no */
    Qzmf_ADDC0100_t c = addc("01", "SMTP", "SMTPADR", "Internet addresses");
    QzmfAddMailCfg(&c, "ADDC0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    size_t before = qs_msf_queue_count();
    QzmfCrtMailMsg(id, NULL, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    assert_int_equal(qs_msf_queue_count(), before);
    /* a crashing validator rejects too; an accepting one lets it in */
    assert_int_equal(qs_exitpgm_remove("QIBM_QZMFMSF_VLD_TYP", NULL, 1, &err), 0);
    snprintf(r.symbol, sizeof r.symbol, "crash");
    assert_int_equal(qs_exitpgm_add(&r, NULL, &err), 0);
    ec_init(&e);
    QzmfCrtMailMsg(id, NULL, "TEST", attrs, &n, "CRTM0100", &e);
    assert_memory_equal(e.h.Exception_Id, "CPFAF83", 7);
    assert_int_equal(qs_exitpgm_remove("QIBM_QZMFMSF_VLD_TYP", NULL, 1, &err), 0);
    snprintf(r.symbol, sizeof r.symbol, "accept");
    assert_int_equal(qs_exitpgm_add(&r, NULL, &err), 0);
    ec_init(&e);
    QzmfCrtMailMsg(id, NULL, "TEST", attrs, &n, "CRTM0100", &e);
    assert_int_equal(e.h.Bytes_Available, 0);
    assert_int_equal(qs_msf_queue_count(), before + 1);
    assert_int_equal(qs_exitpgm_remove("QIBM_QZMFMSF_VLD_TYP", NULL, 1, &err), 0);
    qs_err_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_reserve),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_complete),
        cmocka_unit_test(test_rtv_chg_outside_exit),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_validate),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
