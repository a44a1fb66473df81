/* tests/unit/qsys/test_snads.c - SNDDST/QRYDST/RCVDST/DLTDST, queues, CHGDSTA. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/sdd/sdd.h"
#include "qsys/snads/snads.h"
#include "qsys/msf/msf.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

/* a fake Mail Server Framework that records what it was given */
struct fake_msf { int calls; int fail; char rcpts[512]; struct qs_buf data; };

static int fake_enqueue(void *arg, const char *from, const char *const *rcpts, size_t n,
                        const char *data, size_t len, struct qs_err *err)
{
    struct fake_msf *m = arg;
    if (m->fail)
        return qs_err_set(err, "CPF9898", "down", (const char *)NULL);
    m->calls++;
    m->rcpts[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(m->rcpts);
        snprintf(m->rcpts + l, sizeof m->rcpts - l, "%s%s", i ? "," : "", rcpts[i]);
    }
    qs_buf_reset(&m->data);
    qs_buf_add(&m->data, data, len);
    (void)from;
    return 0;
}

static void add_user(const char *u, const char *a, const char *su, const char *sd,
                     enum qs_sdd_msflvl lvl)
{
    struct qs_sdd_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.user, sizeof e.user, "%s", u);
    snprintf(e.addr, sizeof e.addr, "%s", a);
    snprintf(e.smtp_user, sizeof e.smtp_user, "%s", su);
    snprintf(e.smtp_domain, sizeof e.smtp_domain, "%s", sd);
    e.msflvl = lvl;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_sdd_add(&e, &err), 0);
}

static struct qs_snads_ctx ctx_for(const char *u, const char *a)
{
    struct qs_snads_ctx c;
    memset(&c, 0, sizeof c);
    snprintf(c.user, sizeof c.user, "%s", u);
    snprintf(c.addr, sizeof c.addr, "%s", a);
    return c;
}

static int setup(void **st)
{
    (void)st;
    qs_test_root();
    qs_root_reset();
    add_user("SMITH", "NEWYORK", "jsmith", "example.com", QS_SDD_MSF_USRIDX);
    add_user("ALLEN", "NEWYORK", "", "", QS_SDD_MSF_USRIDX);
    add_user("BAKER", "BOSTON", "", "", QS_SDD_MSF_USRIDX);
    add_user("GATEWAY", "INTERNET", "", "", QS_SDD_MSF_USRIDX);
    return 0;
}

static size_t count(const char *u, const char *a, enum qs_dst_log log, enum qs_dst_filter f)
{
    struct qs_snads_ctx c = ctx_for(u, a);
    struct qs_dst **v;
    size_t n;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_qrydst(&c, NULL, NULL, log, f, 0, &v, &n, &err), 0);
    qs_dst_list_free(v, n);
    return n;
}

static void test_dstid_form(void **st)
{
    (void)st;
    char id[21];
    qs_dstid_make(id, "NEWYORK", "SMITH", 204);
    assert_string_equal(id, "NEWYORK SMITH   0204");
    qs_dstid_make(id, "MARYLAND", "MIKEJONE", 99);
    assert_string_equal(id, "MARYLANDMIKEJONE0099");
    struct qs_err err = QS_ERR_INIT;
    char n[21];
    assert_int_equal(qs_dstid_norm("newyork smith   0204", n, &err), 0);
    assert_string_equal(n, "NEWYORK SMITH   0204");
    assert_int_equal(qs_dstid_norm("NEWYORK SMITH   02X4", n, &err), -1);
    assert_string_equal(err.msgid, "CPF90A7");
    assert_int_equal(qs_dstid_norm("SHORT", n, &err), -1);
    qs_err_clear(&err);
}

static void test_local_send_query_receive(void **st)
{
    (void)st;
    struct qs_snads_ctx smith = ctx_for("SMITH", "NEWYORK");
    struct qs_dst_to to[] = { { "allen", "newyork", QS_RCPT_PRI }, { "BAKER", "BOSTON", QS_RCPT_BCC } };
    struct qs_snddst_req r;
    memset(&r, 0, sizeof r);
    r.type = QS_DST_LMSG;
    r.to = to; r.nto = 2;
    r.dstd = "Monthly report";
    r.longmsg = "Line one\nLine two";
    r.subject = "Report";
    r.cfmdel = 1;
    char id[21];
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_snddst(&smith, &r, id, &err), 0);
    assert_memory_equal(id, "NEWYORK SMITH   ", 16);

    assert_int_equal(count("ALLEN", "NEWYORK", QS_LOG_IN, QS_FLT_NEW), 1);
    /* listing made it OLD */
    assert_int_equal(count("ALLEN", "NEWYORK", QS_LOG_IN, QS_FLT_NEW), 0);
    assert_int_equal(count("ALLEN", "NEWYORK", QS_LOG_IN, QS_FLT_OLD), 1);
    assert_int_equal(count("ALLEN", "NEWYORK", QS_LOG_IN, QS_FLT_UNOPENED), 1);

    /* KEEPRCP(*BCC) default: ALLEN does not see BAKER (bcc) */
    struct qs_snads_ctx allen = ctx_for("ALLEN", "NEWYORK");
    struct qs_rcvdst_req rq = { id, 0, 1, 1, 0 };
    struct qs_dst *d = NULL;
    assert_int_equal(qs_rcvdst(&allen, &rq, &d, &err), 0);
    assert_string_equal(d->longmsg, "Line one\nLine two");
    assert_string_equal(d->subject, "Report");
    assert_string_equal(d->from_user, "SMITH");
    assert_int_equal(d->ext, 1);
    assert_int_equal(d->nrcpt, 1);
    assert_string_equal(d->rcpt[0].user, "ALLEN");
    qs_dst_free(&d);
    assert_int_equal(count("ALLEN", "NEWYORK", QS_LOG_IN, QS_FLT_OPENED), 1);

    /* BAKER as bcc sees himself */
    struct qs_snads_ctx baker = ctx_for("BAKER", "BOSTON");
    struct qs_dst **v; size_t n;
    assert_int_equal(qs_qrydst(&baker, NULL, NULL, QS_LOG_IN, QS_FLT_ALL, 0, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0]->nrcpt, 2);
    assert_int_equal(v[0]->kind, QS_RCPT_BCC);
    qs_dst_list_free(v, n);

    /* the sender's outgoing log: ALLEN opened and confirmed, BAKER local */
    assert_int_equal(qs_qrydst(&smith, NULL, NULL, QS_LOG_OUT, QS_FLT_ALL, 0, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0]->nrcpt, 2);
    assert_string_equal(v[0]->rcpt[0].user, "ALLEN");
    assert_int_equal(v[0]->rcpt[0].status, QS_ST_OPENED);
    assert_int_equal(v[0]->rcpt[0].confirmed, 1);
    assert_int_equal(v[0]->rcpt[1].status, QS_ST_LOCAL);
    struct qs_buf txt;
    qs_buf_init(&txt, 1 << 20);
    assert_int_equal(qs_dst_format_list(&txt, QS_LOG_OUT, v, n), 0);
    assert_non_null(strstr(txt.data, "Monthly report"));
    assert_non_null(strstr(txt.data, "OPENED"));
    qs_buf_free(&txt);
    qs_dst_list_free(v, n);

    /* only DSTID given: deleted and confirmed even though ACKRCV(*NO) */
    struct qs_rcvdst_req only = { id, 0, 0, 0, 1 };
    assert_int_equal(qs_rcvdst(&baker, &only, &d, &err), 0);
    qs_dst_free(&d);
    assert_int_equal(count("BAKER", "BOSTON", QS_LOG_IN, QS_FLT_ALL), 0);
    assert_int_equal(qs_qrydst(&smith, NULL, NULL, QS_LOG_OUT, QS_FLT_ALL, 1, &v, &n, &err), 0);
    assert_int_equal(v[0]->rcpt[1].confirmed, 1);
    qs_dst_list_free(v, n);
    /* DLTSTS(*YES) removed the finished outgoing record */
    assert_int_equal(count("SMITH", "NEWYORK", QS_LOG_OUT, QS_FLT_ALL), 0);
    /* receiving it again: not found */
    assert_int_equal(qs_rcvdst(&baker, &only, &d, &err), -1);
    assert_string_equal(err.msgid, "CPF90A7");
    qs_dst_free(&d);
    qs_dst_free(&d);
    qs_dltdst(&allen, QS_LOG_IN, &(struct qs_dltdst_id){ id, 0 }, 1, &err);
    qs_err_clear(&err);
}

static size_t files_under(const char *rel)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "find '%s/snads/%s' -type f 2>/dev/null | wc -l", qs_test_root(), rel);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    unsigned long n = 0;
    assert_int_equal(fscanf(p, "%lu", &n), 1);   /* check_src: allow (test) */
    pclose(p);
    return n;
}

static void test_validation_changes_nothing(void **st)
{
    (void)st;
    struct qs_snads_ctx smith = ctx_for("SMITH", "NEWYORK");
    size_t before_in = files_under("in"), before_out = files_under("out");
    size_t before_q = files_under("dstq"), before_seq = files_under("seq");
    char id[21];
    struct qs_err err = QS_ERR_INIT;
    struct qs_dst_to to1[] = { { "ALLEN", "NEWYORK", QS_RCPT_PRI } };
    struct qs_dst_inet in1[] = { { "a@example.org", QS_RCPT_PRI } };
    struct qs_snddst_req r;

    /* TOINTNET without SMTPRTE */
    memset(&r, 0, sizeof r);
    r.type = QS_DST_MSG; r.to = to1; r.nto = 1; r.inet = in1; r.ninet = 1; r.msg = "hi";
    assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF90A1");

    /* 301 recipients */
    struct qs_dst_inet *many = calloc(301, sizeof *many);
    for (int i = 0; i < 301; i++) { many[i].addr = "x@example.org"; many[i].kind = QS_RCPT_CC; }
    r.inet = many; r.ninet = 301;
    assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF90A2");
    free(many);

    /* 5,001-character LONGMSG (5,000 is fine, checked below) */
    char *lm = malloc(5002);
    memset(lm, 'x', 5001);
    lm[5001] = '\0';
    memset(&r, 0, sizeof r);
    r.type = QS_DST_LMSG; r.to = to1; r.nto = 1; r.longmsg = lm;
    assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF90A3");

    /* unknown user */
    struct qs_dst_to to2[] = { { "ALLEN", "NEWYORK", QS_RCPT_PRI }, { "NOBODY", "NOWHERE", QS_RCPT_CC } };
    memset(&r, 0, sizeof r);
    r.type = QS_DST_MSG; r.to = to2; r.nto = 2; r.msg = "hi";
    assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF900B");

    /* sender not enrolled, no recipients, bad Internet address, type mismatch */
    struct qs_snads_ctx ghost = ctx_for("GHOST", "NOWHERE");
    r.nto = 1;
    assert_int_equal(qs_snddst(&ghost, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF9006");
    r.nto = 0;
    assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF90A5");
    static const char *const bad_inet[] = { "a@b@c", "@a:b@c", "user%other@x", "a b@c",
                                            "noat", "x@[1.2.3.4]", "x@d.com\r\nRCPT" };
    for (size_t i = 0; i < sizeof bad_inet / sizeof bad_inet[0]; i++) {
        struct qs_dst_inet bi = { bad_inet[i], QS_RCPT_PRI };
        r.inet = &bi; r.ninet = 1;
        assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
        assert_string_equal(err.msgid, "CPF90A4");
    }
    r.inet = NULL; r.ninet = 0; r.to = to1; r.nto = 1; r.longmsg = "x";
    assert_int_equal(qs_snddst(&smith, &r, id, &err), -1);
    assert_string_equal(err.msgid, "CPF90A6");

    assert_int_equal(files_under("in"), before_in);
    assert_int_equal(files_under("out"), before_out);
    assert_int_equal(files_under("dstq"), before_q);
    assert_int_equal(files_under("seq"), before_seq);

    lm[5000] = '\0';
    memset(&r, 0, sizeof r);
    r.type = QS_DST_LMSG; r.to = to1; r.nto = 1; r.longmsg = lm;
    assert_int_equal(qs_snddst(&smith, &r, id, &err), 0);
    struct qs_snads_ctx allen = ctx_for("ALLEN", "NEWYORK");
    struct qs_dst *d = NULL;
    struct qs_rcvdst_req rq = { id, 1, 0, 1, 0 };
    assert_int_equal(qs_rcvdst(&allen, &rq, &d, &err), 0);
    assert_int_equal(strlen(d->longmsg), 5000);
    qs_dst_free(&d);
    free(lm);
    qs_err_clear(&err);
}

static void test_internet_queue_hold_release(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    struct qs_dsta a;
    assert_int_equal(qs_dsta_get(&a, &err), 0);
    assert_int_equal(a.keeprcp, QS_KEEP_BCC);
    snprintf(a.smtprte_user, sizeof a.smtprte_user, "NOBODY");
    snprintf(a.smtprte_addr, sizeof a.smtprte_addr, "X");
    assert_int_equal(qs_dsta_set(&a, &err), -1);
    assert_string_equal(err.msgid, "CPF9006");
    snprintf(a.smtprte_user, sizeof a.smtprte_user, "gateway");
    snprintf(a.smtprte_addr, sizeof a.smtprte_addr, "internet");
    assert_int_equal(qs_dsta_set(&a, &err), 0);

    struct fake_msf m;
    memset(&m, 0, sizeof m);
    qs_buf_init(&m.data, 1 << 24);
    struct qs_snads_ctx smith = ctx_for("SMITH", "NEWYORK");
    smith.msf.enqueue = fake_enqueue;
    smith.msf.arg = &m;

    assert_int_equal(qs_dstq_hold(&smith, "qsmtpq", QS_LVL_NORMAL, &err), 0);
    assert_int_equal(qs_dstq_hold(&smith, "NOSUCHQ", QS_LVL_NORMAL, &err), -1);
    assert_string_equal(err.msgid, "CPF8802");

    struct qs_dst_inet in[] = { { "a@example.org", QS_RCPT_PRI }, { "b@example.org", QS_RCPT_CC },
                                { "c@example.org", QS_RCPT_BCC } };
    struct qs_snddst_req r;
    memset(&r, 0, sizeof r);
    r.type = QS_DST_LMSG; r.inet = in; r.ninet = 3;
    r.dstd = "Evil\r\nBcc: victim@x";
    r.longmsg = "Caf\xc3\xa9 report\n.\nend";
    r.importance = QS_LVL_HIGH;
    r.sensitiv = QS_SENS_CONFIDENTIAL;
    char id[21];
    assert_int_equal(qs_snddst(&smith, &r, id, &err), 0);
    assert_int_equal(m.calls, 0);                       /* held */
    struct qs_dstq_info *qi; size_t nq;
    assert_int_equal(qs_dstq_list(&qi, &nq, &err), 0);
    assert_int_equal(nq, 1);
    assert_string_equal(qi[0].name, "QSMTPQ");
    assert_int_equal(qi[0].held_normal, 1);
    assert_int_equal(qi[0].n_normal, 1);
    free(qi);
    size_t sent;
    assert_int_equal(qs_dstq_send(&smith, "QSMTPQ", QS_LVL_NORMAL, &sent, &err), -1);
    assert_string_equal(err.msgid, "CPF8816");
    assert_int_equal(count("SMITH", "NEWYORK", QS_LOG_OUT, QS_FLT_REMOTE), 1);

    /* released: sent once, with every recipient in the envelope, bcc not in headers */
    assert_int_equal(qs_dstq_release(&smith, "QSMTPQ", QS_LVL_NORMAL, &err), 0);
    assert_int_equal(m.calls, 1);
    assert_string_equal(m.rcpts, "a@example.org,b@example.org,c@example.org");
    const char *msg = m.data.data;
    assert_non_null(strstr(msg, "From: <jsmith@example.com>\r\n"));
    assert_non_null(strstr(msg, "To: <a@example.org>\r\n"));
    assert_non_null(strstr(msg, "Cc: <b@example.org>\r\n"));
    assert_null(strstr(msg, "c@example.org"));
    assert_null(strstr(msg, "\r\nBcc:"));
    assert_non_null(strstr(msg, "Subject: Evil  Bcc: victim@x\r\n"));
    assert_non_null(strstr(msg, "Importance: high\r\n"));
    assert_non_null(strstr(msg, "Sensitivity: Company-Confidential\r\n"));
    assert_non_null(strstr(msg, "Caf=C3=A9 report\r\n.\r\nend\r\n"));
    assert_int_equal(qs_dstq_send(&smith, "QSMTPQ", QS_LVL_NORMAL, &sent, &err), 0);
    assert_int_equal(sent, 0);
    assert_int_equal(m.calls, 1);

    struct qs_dst **v; size_t n;
    assert_int_equal(qs_qrydst(&smith, NULL, NULL, QS_LOG_OUT, QS_FLT_REMOTE, 0, &v, &n, &err), 0);
    assert_int_equal(n, 1);
    for (size_t i = 0; i < v[0]->nrcpt; i++)
        assert_int_equal(v[0]->rcpt[i].status, QS_ST_REMOTE);
    qs_dst_list_free(v, n);

    /* MSF unreachable: SNDDSTQ says so and the note stays */
    struct qs_snads_ctx nomsf = ctx_for("SMITH", "NEWYORK");
    r.ninet = 1;
    r.dstd = "second";
    assert_int_equal(qs_snddst(&nomsf, &r, id, &err), 0);
    assert_int_equal(qs_dstq_send(&nomsf, "QSMTPQ", QS_LVL_NORMAL, &sent, &err), -1);
    assert_string_equal(err.msgid, "CPF8812");
    m.fail = 1;
    assert_int_equal(qs_dstq_send(&smith, "QSMTPQ", QS_LVL_NORMAL, &sent, &err), -1);
    m.fail = 0;
    assert_int_equal(qs_dstq_send(&smith, "QSMTPQ", QS_LVL_NORMAL, &sent, &err), 0);
    assert_int_equal(sent, 1);
    assert_int_equal(m.calls, 2);
    qs_buf_free(&m.data);
    qs_err_clear(&err);
}

static void test_held_queue_survives_kill9(void **st)
{
    (void)st;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct qs_err err = QS_ERR_INIT;
        struct qs_snads_ctx c = ctx_for("SMITH", "NEWYORK");
        struct qs_dst_inet in[] = { { "k9@example.org", QS_RCPT_PRI } };
        struct qs_snddst_req r;
        memset(&r, 0, sizeof r);
        r.type = QS_DST_MSG; r.inet = in; r.ninet = 1; r.msg = "survive";
        char id[21];
        if (qs_dstq_hold(&c, "QSMTPQ", QS_LVL_NORMAL, &err) < 0 || qs_snddst(&c, &r, id, &err) < 0)
            _exit(1);
        kill(getpid(), SIGKILL);
        _exit(2);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    struct qs_err err = QS_ERR_INIT;
    struct qs_dstq_info *qi; size_t nq;
    assert_int_equal(qs_dstq_list(&qi, &nq, &err), 0);
    assert_int_equal(qi[0].held_normal, 1);
    assert_int_equal(qi[0].n_normal, 1);
    free(qi);
    struct fake_msf m;
    memset(&m, 0, sizeof m);
    qs_buf_init(&m.data, 1 << 24);
    struct qs_snads_ctx c = ctx_for("SMITH", "NEWYORK");
    c.msf.enqueue = fake_enqueue;
    c.msf.arg = &m;
    assert_int_equal(qs_dstq_release(&c, "QSMTPQ", QS_LVL_NORMAL, &err), 0);
    assert_int_equal(m.calls, 1);
    assert_string_equal(m.rcpts, "k9@example.org");
    assert_non_null(strstr(m.data.data, "survive"));
    qs_buf_free(&m.data);
}

static void test_dltdst_and_keeprcp(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    struct qs_dsta a;
    assert_int_equal(qs_dsta_get(&a, &err), 0);
    a.keeprcp = QS_KEEP_NONE;
    assert_int_equal(qs_dsta_set(&a, &err), 0);
    struct qs_snads_ctx smith = ctx_for("SMITH", "NEWYORK");
    struct qs_dst_to to[] = { { "BAKER", "BOSTON", QS_RCPT_PRI } };
    struct qs_snddst_req r;
    memset(&r, 0, sizeof r);
    r.type = QS_DST_MSG; r.to = to; r.nto = 1; r.msg = "one";
    char id1[21], id2[21];
    assert_int_equal(qs_snddst(&smith, &r, id1, &err), 0);
    a.keeprcp = QS_KEEP_ALL;
    assert_int_equal(qs_dsta_set(&a, &err), 0);
    r.msg = "two";
    assert_int_equal(qs_snddst(&smith, &r, id2, &err), 0);
    assert_string_not_equal(id1, id2);

    struct qs_snads_ctx baker = ctx_for("BAKER", "BOSTON");
    struct qs_dst **v; size_t n;
    assert_int_equal(qs_qrydst(&baker, NULL, NULL, QS_LOG_IN, QS_FLT_ALL, 0, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0]->nrcpt, 0);     /* KEEPRCP(*NONE) */
    assert_int_equal(v[1]->nrcpt, 1);     /* KEEPRCP(*ALL) */
    qs_dst_list_free(v, n);

    /* OUTFILE */
    char db[600];
    snprintf(db, sizeof db, "%s/out.db", qs_test_root());
    assert_int_equal(qs_qrydst(&baker, NULL, NULL, QS_LOG_IN, QS_FLT_ALL, 0, &v, &n, &err), 0);
    assert_int_equal(qs_dst_outfile(db, "OSLIN", QS_LOG_IN, 0, v, n, 1, &err), 0);
    assert_int_equal(qs_dst_outfile(db, "OSLIN", QS_LOG_IN, 0, v, n, 0, &err), 0);
    assert_int_equal(qs_dst_outfile(db, "x\"; DROP", QS_LOG_IN, 0, v, n, 0, &err), -1);
    qs_dst_list_free(v, n);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT COUNT(*), MIN(MSG), MIN(SNDUSRID) FROM OSLIN", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 4);
    assert_string_equal((const char *)sqlite3_column_text(s, 1), "one");
    assert_string_equal((const char *)sqlite3_column_text(s, 2), "SMITH");
    sqlite3_finalize(s);
    sqlite3_close(h);

    /* DLTDST: limits, all-or-nothing, then delete both */
    struct qs_dltdst_id many[51];
    for (int i = 0; i < 51; i++) { many[i].dstid = id1; many[i].ext = 0; }
    assert_int_equal(qs_dltdst(&baker, QS_LOG_IN, many, 51, &err), -1);
    assert_string_equal(err.msgid, "CPF90A2");
    struct qs_dltdst_id two[] = { { id1, 0 }, { "NEWYORK SMITH   9999", 0 } };
    assert_int_equal(qs_dltdst(&baker, QS_LOG_IN, two, 2, &err), -1);
    assert_string_equal(err.msgid, "CPF90A7");
    assert_int_equal(count("BAKER", "BOSTON", QS_LOG_IN, QS_FLT_ALL), 2);
    two[1].dstid = id2;
    assert_int_equal(qs_dltdst(&baker, QS_LOG_IN, two, 2, &err), 0);
    assert_int_equal(count("BAKER", "BOSTON", QS_LOG_IN, QS_FLT_ALL), 0);
    /* the sender sees DELETED */
    assert_int_equal(count("SMITH", "NEWYORK", QS_LOG_OUT, QS_FLT_DELETED), 2);
    struct qs_dltdst_id o1[] = { { id1, 0 } };
    assert_int_equal(qs_dltdst(&smith, QS_LOG_OUT, o1, 1, &err), 0);
    assert_int_equal(count("SMITH", "NEWYORK", QS_LOG_OUT, QS_FLT_DELETED), 1);
    qs_err_clear(&err);
}

/* The real hand-off: the Internet copy lands in the MSF queue. */
static void test_into_msf(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    struct qs_snads_ctx c = ctx_for("SMITH", "NEWYORK");
    qs_snads_msf_default(&c.msf);
    size_t before = qs_msf_queue_count();
    struct qs_dst_inet in[] = { { "far@example.net", QS_RCPT_PRI } };
    struct qs_snddst_req r;
    memset(&r, 0, sizeof r);
    r.type = QS_DST_MSG; r.inet = in; r.ninet = 1; r.msg = "via MSF";
    char id[21];
    assert_int_equal(qs_snddst(&c, &r, id, &err), 0);   /* QSMTPQ released by now */
    assert_int_equal(qs_msf_queue_count(), before + 1);
    qs_err_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dstid_form),
        cmocka_unit_test(test_local_send_query_receive),
        cmocka_unit_test(test_validation_changes_nothing),
        cmocka_unit_test(test_internet_queue_hold_release),
        cmocka_unit_test(test_held_queue_survives_kill9),
        cmocka_unit_test(test_dltdst_and_keeprcp),
        cmocka_unit_test(test_into_msf),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
