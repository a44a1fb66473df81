/* Unit tests for qsys/msf: envelope round trip, enqueue + runner delivering
 * locally once, remote hand-off, non-delivery reports, crash recovery. */
#include "testlib.h"

#include "qsys/msf/msf.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/mailbox/mailbox.h"
#include "qsys/jrn/jrn.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"

#include <dirent.h>
#include <zlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>


static int setup(void **state)
{
    (void)state;
    qs_test_root();
    qs_root_reset();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "HOSTNAME", "qshim.test", &e), 0);
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "JOURNAL", "*YES", &e), 0);
    assert_int_equal(qs_smtpdir_add("BOB", "bob", "qshim.test", &e), 0);
    assert_int_equal(qs_smtpdir_add("ALICE", "alice", "qshim.test", &e), 0);
    return 0;
}

static void env_round_trip(void **state)
{
    (void)state;
    struct qs_msf_env e, f;
    struct qs_err err = QS_ERR_INIT;
    qs_msf_env_init(&e);
    memcpy(e.id, "0123456789ABCDEF0123456789ABCDEF", 33);
    assert_int_equal(qs_msf_env_set(&e.from, "a@b.c", &err), 0);
    assert_int_equal(qs_msf_env_set(&e.client_helo, "x\r\nRCPT", &err), -1);
    qs_err_clear(&err);
    assert_int_equal(qs_msf_env_add_rcpt(&e, "\"odd local\"@x.y", QS_MSF_CC,
                                         QS_MSF_NOTIFY_FAILURE, "rfc822;o@x", &err), 0);
    assert_int_equal(qs_msf_env_add_rcpt(&e, "bad\naddr@x", 0, 0, NULL, &err), -1);
    qs_err_clear(&err);
    struct qs_buf b;
    qs_buf_init(&b, 1 << 20);
    assert_int_equal(qs_msf_env_format(&e, &b), 0);
    assert_int_equal(qs_msf_env_parse(b.data, b.len, &f, &err), 0);
    assert_string_equal(f.rcpt[0].addr, "\"odd local\"@x.y");
    assert_string_equal(f.rcpt[0].orcpt, "rfc822;o@x");
    assert_int_equal(f.rcpt[0].dist, QS_MSF_CC);
    assert_int_equal(f.utf8, 0);
    qs_msf_env_clear(&f);
    /* any flipped byte or a cut is detected */
    b.data[10] ^= 1;
    assert_int_equal(qs_msf_env_parse(b.data, b.len, &f, &err), -1);
    qs_err_clear(&err);
    b.data[10] ^= 1;
    assert_int_equal(qs_msf_env_parse(b.data, b.len - 3, &f, &err), -1);
    qs_err_clear(&err);
    qs_buf_free(&b);
    qs_msf_env_clear(&e);
}

/* SMTPUTF8: the flag and UTF-8 addresses survive the round trip; an
 * envelope written before the key existed still reads (flag off). */
static void env_smtputf8(void **state)
{
    (void)state;
    struct qs_msf_env e, f;
    struct qs_err err = QS_ERR_INIT;
    qs_msf_env_init(&e);
    memcpy(e.id, "0123456789ABCDEF0123456789ABCDEF", 33);
    e.utf8 = 1;
    assert_int_equal(qs_msf_env_set(&e.from, "j\xc3\xb6rg@qshim.test", &err), 0);
    assert_int_equal(qs_msf_env_add_rcpt(&e, "\xe6\x97\xa5\xe6\x9c\xac@x.y", 0, 0, NULL, &err), 0);
    struct qs_buf b;
    qs_buf_init(&b, 1 << 20);
    assert_int_equal(qs_msf_env_format(&e, &b), 0);
    assert_non_null(strstr(b.data, "\nsmtputf8 1\n"));
    assert_int_equal(qs_msf_env_parse(b.data, b.len, &f, &err), 0);
    assert_int_equal(f.utf8, 1);
    assert_string_equal(f.from, "j\xc3\xb6rg@qshim.test");
    assert_string_equal(f.rcpt[0].addr, "\xe6\x97\xa5\xe6\x9c\xac@x.y");
    qs_msf_env_clear(&f);
    /* an older envelope, crc and all, as the previous writer made it */
    static const char old[] = "QMSF1\nid 0123456789ABCDEF0123456789ABCDEF\norigin smtp\n"
        "from a@b.c\nbody 8BITMIME\ntls 0\nreceived 1700000000\nsize 10\ncrc 00000000\n"
        "rcpt 0 0 0 - - x@y.z\n";
    qs_buf_reset(&b);
    qs_buf_adds(&b, old);
    qs_buf_addf(&b, "end %08lx\n", crc32(0L, (const Bytef *)old, (uInt)strlen(old)));
    assert_int_equal(qs_msf_env_parse(b.data, b.len, &f, &err), 0);
    assert_int_equal(f.utf8, 0);
    assert_int_equal(f.body8bit, 1);
    qs_msf_env_clear(&f);
    qs_buf_free(&b);
    qs_msf_env_clear(&e);
}

static void enqueue_deliver_once_and_bounce(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    struct qs_msf_env e;
    qs_msf_env_init(&e);
    e.origin = QS_MSF_ORIGIN_API;
    qs_msf_env_set(&e.from, "alice@qshim.test", &err);
    assert_true(qs_msf_env_add_rcpt(&e, "bob@qshim.test", 0, 0, NULL, &err) >= 0);
    assert_true(qs_msf_env_add_rcpt(&e, "nobody@qshim.test", 0, 0, NULL, &err) >= 0);
    assert_true(qs_msf_env_add_rcpt(&e, "far@remote.example", 0, 0, NULL, &err) >= 0);
    const char msg[] = "Subject: hi\r\n\r\nhello\r\n";
    char id[QS_MSF_ID_LEN + 1];
    assert_int_equal(qs_msf_enqueue(&e, msg, sizeof msg - 1, id, &err), 0);
    assert_int_equal(strlen(id), 32);
    assert_int_equal(qs_msf_queue_count(), 1);
    qs_msf_env_clear(&e);

    assert_true(qs_msf_run_once(NULL, &err) >= 2);   /* message + its NDR */
    assert_int_equal(qs_msf_queue_count(), 0);
    assert_int_equal(qs_test_count_dir("mail/box/BOB/Maildir/new"), 1);
    assert_int_equal(qs_test_count_dir("mail/box/ALICE/Maildir/new"), 1);   /* NDR for nobody@ */
    assert_int_equal(qs_msf_remote_count(), 1);

    /* the outbound snap-in fails it permanently: a second NDR to alice */
    struct qs_msf_remote_job *j;
    assert_int_equal(qs_msf_remote_claim(&j, &err), 1);
    assert_int_equal(j->env.nrcpt, 1);
    assert_string_equal(j->env.rcpt[0].addr, "far@remote.example");
    struct qs_msf_remote_job *j2;
    assert_int_equal(qs_msf_remote_claim(&j2, &err), 0);            /* locked */
    j->env.rcpt[0].status = QS_MSF_RS_NONDEL;
    j->env.rcpt[0].diag = strdup("5.1.2 host not found");
    assert_int_equal(qs_msf_remote_finish(&j, 0, &err), 0);
    assert_null(j);
    assert_int_equal(qs_msf_remote_count(), 0);
    assert_true(qs_msf_run_once(NULL, &err) >= 1);
    assert_int_equal(qs_test_count_dir("mail/box/ALICE/Maildir/new"), 2);

    /* delivering the same message again is a no-op (idempotent names) */
    struct qs_mbox mb;
    assert_int_equal(qs_mbox_open(&mb, "BOB", &err), 0);
    assert_int_equal(mb.n, 1);
    struct qs_mbox mb2;
    assert_int_equal(qs_mbox_open(&mb2, "BOB", &err), 1);           /* session lock */
    qs_mbox_close(&mb);

    assert_true(qs_jrn_read("QZMF", NULL, NULL, &err) >= 3);
}

/* Inodes of the queue's reuse pool (msg/.s*). */
static size_t pool_inodes(ino_t *v, size_t max)
{
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    qs_root_path(&p, NULL, "mail/queue/msg");
    DIR *d = opendir(p.data);
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strncmp(de->d_name, ".s", 2) == 0 && n < max)
            v[n++] = de->d_ino;
    if (d)
        closedir(d);
    qs_buf_free(&p);
    return n;
}

/* A finished message's envelope and content go to the reuse pool, and the
 * next message is written into those same inodes: nothing is allocated or
 * freed, and the recycled files carry nothing of the old message. */
static void finished_files_are_reused(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    char id[QS_MSF_ID_LEN + 1], id2[QS_MSF_ID_LEN + 1];
    struct qs_msf_env e;
    qs_msf_env_init(&e);
    qs_msf_env_set(&e.from, "alice@qshim.test", &err);
    assert_true(qs_msf_env_add_rcpt(&e, "bob@qshim.test", 0, 0, NULL, &err) >= 0);
    const char one[] = "Subject: one\r\n\r\nthe first message, rather longer than the second\r\n";
    assert_int_equal(qs_msf_enqueue(&e, one, sizeof one - 1, id, &err), 0);
    assert_true(qs_msf_run_once(NULL, &err) >= 1);
    ino_t before[64], after[64];
    size_t nb = pool_inodes(before, 64);
    assert_true(nb >= 2);                /* (earlier tests leave theirs too) */
    const char two[] = "Subject: two\r\n\r\nshort\r\n";
    assert_int_equal(qs_msf_enqueue(&e, two, sizeof two - 1, id2, &err), 0);
    qs_msf_env_clear(&e);
    size_t na = pool_inodes(after, 64);
    assert_int_equal(na, nb - 2);        /* envelope and content taken */
    struct qs_buf p, c;
    qs_buf_init(&p, 4096);
    qs_buf_init(&c, 4096);
    const char *names[] = { "msg", "active" };
    for (size_t k = 0; k < 2; k++) {     /* both files are pool inodes */
        qs_buf_reset(&p);
        qs_root_path(&p, NULL, "mail/queue/%s/%s", names[k], id2);
        struct stat st;
        assert_int_equal(stat(p.data, &st), 0);
        int was = 0, is = 0;
        for (size_t i = 0; i < nb; i++)
            was |= before[i] == st.st_ino;
        for (size_t i = 0; i < na; i++)
            is |= after[i] == st.st_ino;
        assert_true(was && !is);
    }
    qs_buf_reset(&p);
    qs_root_path(&p, NULL, "mail/queue/msg/%s", id2);
    assert_int_equal(qs_file_read(p.data, 4096, &c, &err), 0);
    assert_int_equal(c.len, sizeof two - 1);                 /* no tail of "one" */
    assert_memory_equal(c.data, two, sizeof two - 1);
    assert_true(qs_msf_run_once(NULL, &err) >= 1);
    assert_true(qs_test_count_dir("mail/box/BOB/Maildir/new") >= 2);
    qs_buf_free(&p);
    qs_buf_free(&c);
}

/* A report made twice -- a crash between queueing it and recording that it
 * was made -- reaches the sender once: the second is not queued while the
 * first waits, and lands under the same Maildir name once it was delivered. */
static void report_made_twice_arrives_once(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    struct qs_msf_env e;
    qs_msf_env_init(&e);
    memcpy(e.id, "0661000000000000ABCDEF0123456789", QS_MSF_ID_LEN + 1);
    e.received = 1700000000;
    qs_msf_env_set(&e.from, "alice@qshim.test", &err);
    assert_true(qs_msf_env_add_rcpt(&e, "gone@far.example", 0, 0, NULL, &err) >= 0);
    e.rcpt[0].status = QS_MSF_RS_NONDEL;
    e.rcpt[0].diag = strdup("5.1.1 no such user");
    int before = qs_test_count_dir("mail/box/ALICE/Maildir/new");
    size_t q0 = qs_msf_queue_count();
    assert_int_equal(qs_msf_ndr_send(&e, NULL, &err), 0);
    assert_int_equal(qs_msf_ndr_send(&e, NULL, &err), 0);        /* redone after a "crash" */
    assert_int_equal(qs_msf_queue_count(), q0 + 1);
    assert_true(qs_msf_run_once(NULL, &err) >= 1);
    assert_int_equal(qs_test_count_dir("mail/box/ALICE/Maildir/new"), before + 1);
    assert_int_equal(qs_msf_ndr_send(&e, NULL, &err), 0);        /* and again, later */
    assert_true(qs_msf_run_once(NULL, &err) >= 1);
    assert_int_equal(qs_test_count_dir("mail/box/ALICE/Maildir/new"), before + 1);
    /* a report on another recipient set is another report */
    assert_true(qs_msf_env_add_rcpt(&e, "also@far.example", 0, 0, NULL, &err) >= 0);
    e.rcpt[1].status = QS_MSF_RS_NONDEL;
    assert_int_equal(qs_msf_ndr_send(&e, NULL, &err), 0);
    assert_true(qs_msf_run_once(NULL, &err) >= 1);
    assert_int_equal(qs_test_count_dir("mail/box/ALICE/Maildir/new"), before + 2);
    qs_msf_env_clear(&e);
}

static void recovery_discards_torn_keeps_complete(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    /* a complete message left sealed (msg/<id>.e) by a crash after its fsync */
    struct qs_msf_draft *d;
    struct qs_msf_env e;
    qs_msf_env_init(&e);
    qs_msf_env_set(&e.from, "", &err);
    qs_msf_env_add_rcpt(&e, "bob@qshim.test", 0, 0, NULL, &err);
    assert_int_equal(qs_msf_draft_open(&d, &err), 0);
    assert_int_equal(qs_msf_draft_write(d, "Subject: x\r\n\r\nbody\r\n", 21, &err), 0);
    assert_int_equal(qs_msf_draft_seal(d, &e, &err), 0);
    /* simulate the crash: drop the lock without committing or discarding */
    char id[33];
    memcpy(id, qs_msf_draft_id(d), 33);
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    qs_root_path(&p, NULL, "mail/queue/msg/%s", id);
    char *cpath = strdup(p.data);
    /* fork: the child holds the draft and dies */
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    int st;
    waitpid(pid, &st, 0);
    /* our own process still holds the lock; recovery must leave it alone */
    assert_int_equal(qs_msf_recover(&err), 0);
    assert_int_equal(qs_test_count_dir("mail/queue/msg"), 2);
    /* make a second, torn one by hand: envelope fine, content cut */
    qs_msf_draft_free(&d);            /* discards ours */
    assert_int_equal(qs_test_count_dir("mail/queue/msg"), 0);
    free(cpath);
    qs_buf_free(&p);
    qs_msf_env_clear(&e);
}

/* A writer dies after sealing: child seals one draft, optionally moves its
 * envelope to the pre-msg/<id>.e place (incoming/) or cuts its content. */
static void seal_and_die(int legacy, int torn)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct qs_err err = QS_ERR_INIT;
        struct qs_msf_draft *d;
        struct qs_msf_env e;
        qs_msf_env_init(&e);
        qs_msf_env_set(&e.from, "", &err);
        qs_msf_env_add_rcpt(&e, "bob@qshim.test", 0, 0, NULL, &err);
        if (qs_msf_draft_open(&d, &err) < 0 ||
            qs_msf_draft_write(d, "Subject: y\r\n\r\nbody\r\n", 21, &err) < 0 ||
            qs_msf_draft_seal(d, &e, &err) < 0)
            _exit(1);
        struct qs_buf a, b;
        qs_buf_init(&a, 4096);
        qs_buf_init(&b, 4096);
        qs_root_path(&a, NULL, "mail/queue/msg/%s.e", qs_msf_draft_id(d));
        qs_root_path(&b, NULL, "mail/queue/incoming/%s", qs_msf_draft_id(d));
        if (legacy && rename(a.data, b.data) < 0)
            _exit(1);
        qs_buf_reset(&a);
        qs_root_path(&a, NULL, "mail/queue/msg/%s", qs_msf_draft_id(d));
        if (torn && truncate(a.data, 10) < 0)
            _exit(1);
        _exit(0);                       /* dies holding nothing: lock released */
    }
    int st;
    waitpid(pid, &st, 0);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void recovery_of_sealed_envelopes(void **state)
{
    (void)state;
    struct qs_err err = QS_ERR_INIT;
    int before = qs_test_count_dir("mail/queue/active"), mbefore = qs_test_count_dir("mail/queue/msg");
    seal_and_die(0, 0);                 /* complete, msg/<id>.e: kept */
    seal_and_die(1, 0);                 /* complete, old incoming/<id>: kept */
    seal_and_die(0, 1);                 /* content cut: never acknowledged */
    seal_and_die(1, 1);
    /* four contents, two msg/<id>.e, two incoming/<id> */
    assert_int_equal(qs_test_count_dir("mail/queue/msg"), mbefore + 6);
    assert_int_equal(qs_test_count_dir("mail/queue/incoming"), 2);
    assert_int_equal(qs_msf_queue_count(), (size_t)before + 4);
    assert_int_equal(qs_msf_recover(&err), 0);
    assert_int_equal(qs_test_count_dir("mail/queue/active"), before + 2);
    assert_int_equal(qs_test_count_dir("mail/queue/incoming"), 0);
    assert_int_equal(qs_test_count_dir("mail/queue/msg"), mbefore + 2);   /* contents only */
    assert_int_equal(qs_msf_queue_count(), (size_t)before + 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(env_round_trip),
        cmocka_unit_test(env_smtputf8),
        cmocka_unit_test(enqueue_deliver_once_and_bounce),
        cmocka_unit_test_setup(finished_files_are_reused, setup),
        cmocka_unit_test_setup(report_made_twice_arrives_once, setup),
        cmocka_unit_test(recovery_discards_torn_keeps_complete),
        cmocka_unit_test(recovery_of_sealed_envelopes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
