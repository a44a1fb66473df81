/* Unit tests for the content filters: the `*` wildcard matcher
 * (qsys/base/wild), the lenient MIME walker (qsys/mime/mime_walk) and the
 * filter evaluation (qsys/msf/msf_filter).  Table-driven. */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/wild.h"
#include "qsys/mime/mime_walk.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf_filter.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/qrn.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

static void wildcard_table(void **state)
{
    (void)state;
    static const struct { const char *pat, *s; int want; } v[] = {
        { "*", "", 1 },                 { "*", "anything", 1 },
        { "", "", 1 },                  { "", "x", 0 },
        { "abc", "abc", 1 },            { "abc", "ABC", 1 },
        { "abc", "abcd", 0 },           { "abc", "ab", 0 },
        { "*.exe", "virus.exe", 1 },    { "*.exe", "virus.EXE", 1 },
        { "*.exe", "virus.exe.txt", 0 },{ "*.exe", ".exe", 1 },
        { "*lottery*", "You won the LOTTERY today", 1 },
        { "*lottery*", "lotter", 0 },   { "a*b*c", "aXXbYYc", 1 },
        { "a*b*c", "aXXbYY", 0 },       { "a*b*c", "abc", 1 },
        { "a**b", "ab", 1 },            { "*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
        { "*@spam.example", "deals@spam.example", 1 },
        { "*@spam.example", "deals@spam.example.org", 0 },
        { "application/*", "application/pdf", 1 },
        { "ä*", "ä.txt", 1 },          /* UTF-8 bytes match themselves */
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        int got = qs_wild_match(v[i].pat, v[i].s, strlen(v[i].s));
        if (got != v[i].want)
            fail_msg("pattern '%s' on '%s': got %d", v[i].pat, v[i].s, got);
    }
    /* an embedded NUL in the subject is data, not the end */
    assert_int_equal(qs_wild_match("a*z", "a\0z", 3), 1);
}

static void decode_words_and_params(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } words[] = {
        { "plain text", "plain text" },
        { "=?UTF-8?B?UmVjaG51bmcgZsO8cg==?=", "Rechnung f\xc3\xbcr" },
        { "=?iso-8859-1?Q?f=FCr_Sie?=", "f\xc3\xbcr Sie" },
        { "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab" },          /* RFC 2047 §6.2 */
        { "x =?UTF-8?Q?a?= y", "x a y" },
        { "=?UTF-8?X?bad?=", "=?UTF-8?X?bad?=" },        /* unknown encoding: literal */
        { "=?UTF-8?B?", "=?UTF-8?B?" },                  /* unterminated */
        { "fold\r\n continued", "fold continued" },
    };
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_MIME_TEXT);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        qs_buf_reset(&b);
        assert_int_equal(qs_mime_decode_words(&b, words[i].in, strlen(words[i].in)), 0);
        assert_string_equal(qs_buf_str(&b), words[i].out);
    }
    static const struct { const char *v, *name, *out; } params[] = {
        { "attachment; filename=a.exe", "filename", "a.exe" },
        { "attachment; filename=\"my \\\"file\\\".exe\"", "filename", "my \"file\".exe" },
        { "attachment; FileName*=UTF-8''%C3%96l.exe", "filename", "\xc3\x96l.exe" },
        { "attachment; filename*0=\"long\"; filename*1=\"name.e\"; filename*2=xe",
          "filename", "longname.exe" },
        { "attachment; filename*0*=iso-8859-1'de'f%FCr; filename*1=\".exe\"", "filename",
          "f\xc3\xbcr.exe" },
        { "application/x; name=\"=?UTF-8?B?w7Zs?=.exe\"", "name", "\xc3\xb6l.exe" },
        { "multipart/mixed; boundary=\"=_b;x\"", "boundary", "=_b;x" },
        { "attachment; filename*99=\"x\"", "filename", NULL },   /* out of range */
        { "attachment", "filename", NULL },
        { "attachment; filename", "filename", NULL },
    };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        qs_buf_reset(&b);
        int got = qs_mime_param(params[i].v, strlen(params[i].v), params[i].name, &b);
        if (!params[i].out) {
            assert_int_equal(got, 0);
            continue;
        }
        assert_int_equal(got, 1);
        assert_string_equal(qs_buf_str(&b), params[i].out);
    }
    qs_buf_free(&b);
}

struct seen { char list[2048]; size_t n; };

static int collect(const struct qs_mime_part *p, void *arg)
{
    struct seen *s = arg;
    s->n += (size_t)snprintf(s->list + s->n, sizeof s->list - s->n, "%u:%s:%s|", p->depth,
                             p->type, p->filename ? p->filename : "-");
    return 0;
}

static const char nested[] =
    "From: a@b\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
    "preamble --outer not a delimiter\r\n"
    "--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
    "--inner\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
    "--inner\r\nContent-Type: TEXT/HTML; charset=utf-8\r\n\r\n<p>hi</p>\r\n"
    "--inner--\r\n"
    "--outer\r\nContent-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment;\r\n filename*=UTF-8''%C3%A4.exe\r\n\r\nMZ\r\n"
    "--outer\r\nContent-Type: message/rfc822\r\n\r\n"
    "Subject: inner\r\nContent-Type: multipart/mixed; boundary=b3\r\n\r\n"
    "--b3\r\nContent-Type: application/x-msdownload; name=\"deep.scr\"\r\n\r\nxx\r\n--b3--\r\n"
    "--outer--\r\nepilogue\r\n";

static void walk_nested(void **state)
{
    (void)state;
    struct seen s = { "", 0 };
    assert_int_equal(qs_mime_walk(nested, sizeof nested - 1, collect, &s), 1);
    assert_string_equal(s.list,
        "0:multipart/mixed:-|1:multipart/alternative:-|2:text/plain:-|2:text/html:-|"
        "1:application/octet-stream:\xc3\xa4.exe|1:message/rfc822:-|2:multipart/mixed:-|"
        "3:application/x-msdownload:deep.scr|");
    /* no headers at all; bare LF line ends; unterminated multipart */
    s.n = 0;
    s.list[0] = '\0';
    const char *lf = "Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: image/png;"
                     " name=a.png\n\nPNG\n--q\nContent-Type: text/plain\n\nno end";
    assert_int_equal(qs_mime_walk(lf, strlen(lf), collect, &s), 1);
    assert_string_equal(s.list, "0:multipart/mixed:-|1:image/png:a.png|1:text/plain:-|");
    s.n = 0;
    assert_int_equal(qs_mime_walk("", 0, collect, &s), 1);
}

static void walk_depth_limit(void **state)
{
    (void)state;
    struct qs_buf m;
    qs_buf_init(&m, 1 << 20);
    for (unsigned i = 0; i < QS_MAX_MIME_DEPTH + 10; i++)
        qs_buf_addf(&m, "Content-Type: multipart/mixed; boundary=b%u\r\n\r\n--b%u\r\n", i, i);
    struct seen s = { "", 0 };
    assert_int_equal(qs_mime_walk(m.data, m.len, collect, &s), 0);   /* cut short */
    qs_buf_free(&m);
}

static void filter_evaluation(void **state)
{
    (void)state;
    struct qs_mailftr f[] = {
        { QS_FTR_SUBJECT, (char *)"*lottery*" },
        { QS_FTR_ORIGIN, (char *)"*@spam.example" },
        { QS_FTR_FILNAME, (char *)"*.scr" },
        { QS_FTR_TYPE, (char *)"text/html" },
        { QS_FTR_FILNAME, (char *)"\xc3\xa4.exe" },
    };
    struct qs_buf what;
    qs_buf_init(&what, 512);
    static const struct { const char *from, *msg; int want; const char *what; } v[] = {
        { "a@b", "Subject: =?UTF-8?Q?LOTTERY_win?=\r\n\r\nx", 0, "LOTTERY win" },
        { "a@b", "Subject: meeting\r\n\r\nlottery in body does not count", -1, NULL },
        { "x@spam.example", "Subject: hi\r\n\r\n", 1, "x@spam.example" },
        { "a@b", "From: \"Deals\" <d@spam.example>\r\n\r\n", 1, "d@spam.example" },
        { "a@b", "From: d@spam.example, e@ok.example\r\n\r\n", 1, "d@spam.example" },
        { "a@b", "From: d@spam.example.org\r\n\r\n", -1, NULL },
        { "a@b", "Content-Type: application/octet-stream; name=\"C:\\\\tmp\\\\x.scr\"\r\n\r\n",
          2, "C:\\tmp\\x.scr" },
        { "a@b", nested, 2, "deep.scr" },      /* filter 2 comes before 3 (text/html) */
        { "a@b", "Content-Type: text/plain\r\n\r\n", -1, NULL },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        qs_buf_reset(&what);
        int got = qs_msf_filter_check(f, sizeof f / sizeof f[0], v[i].from, v[i].msg,
                                      strlen(v[i].msg), &what);
        if (got != v[i].want)
            fail_msg("case %zu: got filter %d, want %d", i, got, v[i].want);
        if (v[i].what)
            assert_string_equal(qs_buf_str(&what), v[i].what);
    }
    /* alone, filter 4 finds the RFC 2231 name in the nested message */
    assert_int_equal(qs_msf_filter_check(f + 4, 1, "a@b", nested, sizeof nested - 1, &what), 0);
    assert_string_equal(qs_buf_str(&what), "\xc3\xa4.exe");
    /* an exact name also matches the last path component */
    static const char pathname[] = "Content-Type: a/b; name=\"dir/\xc3\xa4.exe\"\r\n\r\n";
    assert_int_equal(qs_msf_filter_check(f + 4, 1, "a@b", pathname, sizeof pathname - 1, &what),
                     0);
    assert_string_equal(qs_buf_str(&what), "\xc3\xa4.exe");
    assert_int_equal(qs_msf_filter_check(f, 0, "a@b", nested, sizeof nested - 1, NULL), -1);
    qs_buf_free(&what);
}


static int first_id(const struct qs_qrn_entry *e, void *arg)
{
    memcpy(arg, e->id, QS_MSF_ID_LEN + 1);
    return 1;
}

/* Keep a message, then release it with a crash after each step: a second
 * release finishes the job and the message is in the queue exactly once. */
static void quarantine_release_is_exactly_once(void **state)
{
    (void)state;
    qs_test_root();
    assert_int_equal(qs_msf_qinit(NULL), 0);
    for (int crash = 0; crash <= 3; crash++) {
        struct qs_msf_env e;
        qs_msf_env_init(&e);
        qs_msf_new_id(e.id);
        qs_msf_env_set(&e.from, "a@example.com", NULL);
        assert_true(qs_msf_env_add_rcpt(&e, "bob@qshim.test", QS_MSF_TO, 0, NULL, NULL) >= 0);
        assert_true(qs_msf_env_add_rcpt(&e, "done@qshim.test", QS_MSF_TO, 0, NULL, NULL) >= 0);
        e.rcpt[1].status = QS_MSF_RS_LOCAL;             /* already delivered: not kept */
        struct qs_buf cp;
        qs_buf_init(&cp, 4096);
        qs_msf_qpath(&cp, NULL, "msg", e.id, NULL);
        static const char msg[] = "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nbody\r\n";
        assert_int_equal(qs_file_write_atomic(cp.data, msg, sizeof msg - 1, 0600, NULL), 0);
        assert_int_equal(qs_qrn_put(&e, cp.data, "*FTRSUBJECT(*) matched 'x'", NULL), 0);
        assert_int_equal(qs_qrn_put(&e, cp.data, "again", NULL), 0);   /* idempotent */
        unlink(cp.data);                    /* the runner finishes the original */
        qs_buf_free(&cp);
        char id[QS_MSF_ID_LEN + 1] = "";
        assert_int_equal(qs_qrn_list(first_id, id, NULL), 1);
        assert_string_equal(id, e.id);
        int active0 = qs_test_count_dir("mail/queue/active");
        if (crash) {
            pid_t pid = fork();
            assert_true(pid >= 0);
            if (pid == 0) {
                qs_qrn_test_crash_after(crash);
                qs_qrn_release(id, NULL, NULL);
                _exit(1);                   /* not reached */
            }
            int st;
            assert_int_equal(waitpid(pid, &st, 0), pid);
            assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        }
        char nid[QS_MSF_ID_LEN + 1];
        struct qs_err err = QS_ERR_INIT;
        int rc = qs_qrn_release(id, nid, &err);
        if (crash == 3) {
            /* the rename happened: the entry is gone, only debris was left */
            assert_int_equal(rc, -1);
            assert_string_equal(err.msgid, "CPF9898");
        } else {
            assert_int_equal(rc, 0);
            assert_string_not_equal(nid, id);
        }
        qs_err_clear(&err);
        assert_int_equal(qs_test_count_dir("mail/queue/active"), active0 + 1);
        assert_int_equal(qs_test_count_dir("mail/quarantine"), 0);
        assert_int_equal(qs_qrn_release(id, NULL, NULL), -1);
        qs_msf_env_clear(&e);
    }
    /* what reached the queue: released flag, only the kept recipient */
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    assert_int_equal(qs_root_path(&p, NULL, "mail/queue/active"), 0);
    DIR *d = opendir(p.data);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        struct qs_buf f, c;
        qs_buf_init(&f, 4096);
        qs_buf_init(&c, 4096);
        qs_buf_addf(&f, "%s/%s", p.data, de->d_name);
        struct qs_msf_env e;
        assert_int_equal(qs_msf_read_env(f.data, &e, NULL), 0);
        assert_true(e.ftr_released);
        assert_int_equal(e.nrcpt, 1);
        assert_string_equal(e.rcpt[0].addr, "bob@qshim.test");
        assert_int_equal(e.rcpt[0].status, QS_MSF_RS_PENDING);
        qs_msf_qpath(&c, NULL, "msg", e.id, NULL);
        assert_int_equal(access(c.data, R_OK), 0);
        qs_msf_env_clear(&e);
        qs_buf_free(&f);
        qs_buf_free(&c);
        n++;
    }
    closedir(d);
    qs_buf_free(&p);
    assert_int_equal(n, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wildcard_table),
        cmocka_unit_test(decode_words_and_params),
        cmocka_unit_test(walk_nested),
        cmocka_unit_test(walk_depth_limit),
        cmocka_unit_test(filter_evaluation),
        cmocka_unit_test(quarantine_release_is_exactly_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
