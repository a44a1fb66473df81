/* tests/unit/qsys/test_jrn.c - journal receivers: the chain, CHGJRN's
 * *GEN names and J NR/PR entries, sequence numbers that continue across
 * receivers, RCVRNG(*CURRENT|*CURCHAIN), DLTJRNRCV's rules, a crash between
 * writing the new receiver and the chain, and appends racing receiver
 * changes from several processes. */
#include "testlib.h"
#include <sys/wait.h>
#include "qsys/jrn/jrn.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"

static void start(void)
{
    qs_test_root();
    qs_root_reset();
}

static void add(const char *jrn, int n)
{
    struct qs_err e = QS_ERR_INIT;
    for (int i = 0; i < n; i++)
        assert_int_equal(qs_jrn_append(jrn, 'L', "91", "x=1", 3, &e), 0);
}

struct seen {
    uint64_t seq[4096];
    char type[4096][3];
    size_t n;
};

static int note(const struct qs_jrn_entry *e, void *arg)
{
    struct seen *s = arg;
    if (s->n < 4096) {
        s->seq[s->n] = e->seq;
        memcpy(s->type[s->n], e->type, 3);
        s->n++;
    }
    return 0;
}

static void read_all(const char *jrn, enum qs_jrn_range r, struct seen *s)
{
    struct qs_err e = QS_ERR_INIT;
    s->n = 0;
    long n = qs_jrn_read_range(jrn, r, note, s, &e);
    assert_int_equal(n, (long)s->n);
}

static void expect(struct qs_err *e, const char *id)
{
    assert_string_equal(e->msgid, id);
    qs_err_clear(e);
}

static void test_chain_and_sequence(void **st)
{
    start();
    struct qs_err e = QS_ERR_INIT;
    static struct seen s;
    char rcv[11];
    add("TJ1", 3);
    assert_int_equal(qs_jrn_change("TJ1", rcv, &e), 0);
    assert_string_equal(rcv, "TJ1000002");
    add("TJ1", 2);
    read_all("TJ1", QS_JRN_CURCHAIN, &s);
    assert_int_equal(s.n, 7);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.seq[i], i + 1);          /* dense across receivers */
    assert_string_equal(s.type[3], "NR");
    assert_string_equal(s.type[4], "PR");
    read_all("TJ1", QS_JRN_CURRENT, &s);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.seq[0], 5);
    assert_int_equal(qs_jrn_read("TJ1", NULL, NULL, &e), 7);   /* whole chain */

    struct qs_jrn_rcv *r;
    size_t n;
    assert_int_equal(qs_jrn_receivers("TJ1", &r, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].name, "TJ1000001");
    assert_true(r[0].detached > 0);
    assert_int_equal(r[0].first_seq, 1);
    assert_int_equal(r[0].last_seq, 4);
    assert_string_equal(r[1].name, "TJ1000002");
    assert_int_equal(r[1].detached, 0);
    assert_int_equal(r[1].first_seq, 5);
    assert_int_equal(r[1].last_seq, 7);
    free(r);

    /* an empty journal changes too: NR 1 in the old receiver, PR 2 */
    assert_int_equal(qs_jrn_change("TJEMPTY", rcv, &e), 0);
    read_all("TJEMPTY", QS_JRN_CURCHAIN, &s);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.seq[1], 2);
}

static void test_delete_rules(void **st)
{
    start();
    struct qs_err e = QS_ERR_INIT;
    char rcv[11], jrn[11];
    add("TJ2", 1);
    assert_int_equal(qs_jrn_change("TJ2", rcv, &e), 0);
    add("TJ2", 1);
    assert_int_equal(qs_jrn_change("TJ2", rcv, &e), 0);
    assert_string_equal(rcv, "TJ2000003");
    assert_int_equal(qs_jrn_delete_receiver("TJ2000003", jrn, &e), -1);
    expect(&e, "CPF7022");                          /* attached */
    assert_int_equal(qs_jrn_delete_receiver("TJ2000002", jrn, &e), -1);
    expect(&e, "CPF9898");                          /* not the oldest */
    assert_int_equal(qs_jrn_delete_receiver("NOSUCH", jrn, &e), -1);
    expect(&e, "CPF9801");
    assert_int_equal(qs_jrn_delete_receiver("TJ2000001", jrn, &e), 0);
    assert_string_equal(jrn, "TJ2");
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    assert_int_equal(qs_root_path(&p, &e, "jrn/TJ2/TJ2000001.rcv"), 0);
    assert_int_equal(access(p.data, F_OK), -1);
    qs_buf_free(&p);
    assert_int_equal(qs_jrn_delete_receiver("TJ2000001", jrn, &e), -1);
    expect(&e, "CPF9801");
    assert_int_equal(qs_jrn_delete_receiver("TJ2000002", jrn, &e), 0);
    static struct seen s;
    read_all("TJ2", QS_JRN_CURCHAIN, &s);
    assert_int_equal(s.n, 1);                       /* PR of TJ2000003 */
    assert_int_equal(s.seq[0], 6);
    add("TJ2", 1);
    read_all("TJ2", QS_JRN_CURCHAIN, &s);
    assert_int_equal(s.seq[1], 7);                  /* still continuing */
}

/* A crash after the new receiver was written but before the chain named it:
 * the old one stays attached, and the next CHGJRN reuses the name. */
static void test_crash_between(void **st)
{
    start();
    struct qs_err e = QS_ERR_INIT;
    char rcv[11];
    add("TJ3", 2);
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    assert_int_equal(qs_root_path(&p, &e, "jrn/TJ3/TJ3000002.rcv"), 0);
    assert_int_equal(qs_file_write_atomic(p.data, "stray", 5, 0600, &e), 0);
    qs_buf_free(&p);
    add("TJ3", 1);
    static struct seen s;
    read_all("TJ3", QS_JRN_CURRENT, &s);
    assert_int_equal(s.n, 3);                       /* still TJ3000001 */
    assert_int_equal(qs_jrn_change("TJ3", rcv, &e), 0);
    assert_string_equal(rcv, "TJ3000002");
    add("TJ3", 1);
    read_all("TJ3", QS_JRN_CURCHAIN, &s);
    assert_int_equal(s.n, 6);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.seq[i], i + 1);

    /* the last *GEN name: no wrap-around */
    assert_int_equal(qs_root_path(&p, &e, "jrn/TJ4"), 0);
    assert_int_equal(qs_mkdir_p(p.data, 0700, &e), 0);
    qs_buf_addf(&p, "/receivers");
    assert_int_equal(qs_file_write_atomic(p.data, "TJ4999999 1 0\n", 14, 0600, &e), 0);
    qs_buf_free(&p);
    assert_int_equal(qs_jrn_change("TJ4", rcv, &e), -1);
    expect(&e, "CPF9898");
}

/* Appends from several processes while receivers change: nothing lost,
 * sequence numbers dense and increasing over the chain. */
static void test_concurrent(void **st)
{
    start();
    struct qs_err e = QS_ERR_INIT;
    enum { KIDS = 4, EACH = 150, CHANGES = 6 };
    pid_t kid[KIDS];
    for (int k = 0; k < KIDS; k++) {
        kid[k] = fork();
        assert_true(kid[k] >= 0);
        if (kid[k] == 0) {
            struct qs_err ce = QS_ERR_INIT;
            for (int i = 0; i < EACH; i++)
                if (qs_jrn_append("TJ5", 'L', "91", "k", 1, &ce) < 0)
                    _exit(1);
            _exit(0);
        }
    }
    char rcv[11];
    for (int i = 0; i < CHANGES; i++)
        assert_int_equal(qs_jrn_change("TJ5", rcv, &e), 0);
    for (int k = 0; k < KIDS; k++) {
        int status;
        assert_int_equal(waitpid(kid[k], &status, 0), kid[k]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    static struct seen s;
    read_all("TJ5", QS_JRN_CURCHAIN, &s);
    assert_int_equal(s.n, KIDS * EACH + 2 * CHANGES);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.seq[i], i + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_and_sequence),
        cmocka_unit_test(test_delete_rules),
        cmocka_unit_test(test_crash_between),
        cmocka_unit_test(test_concurrent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
