/*
 * tests/unit/spool/test_burst.c - burst split rules, key extraction, and
 * the durable run log (torn records, fingerprint, lock).
 */
#include "testlib.h"

#include <fcntl.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "spool/burst.h"
#include "spool/burstlog.h"

/* --- key extraction ----------------------------------------------------- */

struct field_case {
    const char *name, *page;
    unsigned    line, col, len;
    const char *want;
};

static const struct field_case fields[] = {
    { "middle of line",   "AAA\nCUSTOMER: C0001  X\n\f", 2, 11, 5, "C0001" },
    { "trimmed",          "x\n   key   \n\f",            2, 1, 0, "key" },
    { "to end of line",   "NAME: Ana Lima\n\f",          1, 7, 0, "Ana Lima" },
    { "past line end",    "short\n\f",                   1, 20, 4, "" },
    { "line missing",     "one\ntwo\n\f",                5, 1, 3, "" },
    { "blank line",       "one\n\nthree\n\f",            2, 1, 3, "" },
    { "utf-8 columns",    "Ωμέγα C9\n\f",                1, 7, 2, "C9" },
    { "not past \\f",     "a\n\fzzz\n",                  2, 1, 3, "" },
    { "len cuts",         "ABCDEFG\n\f",                 1, 2, 3, "BCD" },
    { "no trailing nl",   "ABC",                         1, 1, 0, "ABC" },
};

static void test_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const struct field_case *c = &fields[i];
        struct qs_buf b;
        struct qs_burst_pos pos = { c->line, c->col, c->len };
        qs_buf_init(&b, 1024);
        assert_int_equal(qs_burst_field(c->page, strlen(c->page), &pos, &b), 0);
        if (strcmp(qs_buf_str(&b), c->want) != 0)
            fail_msg("%s: got '%s' want '%s'", c->name, qs_buf_str(&b), c->want);
        qs_buf_free(&b);
    }
}

struct keystr_case {
    const char *name, *page, *str;
    int         found;
    const char *want;
};

static const struct keystr_case keystrs[] = {
    { "after string",   "x\nAccount: 4711 more\n\f", "Account:", 1, "4711" },
    { "tabs/blanks",    "Account:\t  A-1\n\f",         "Account:", 1, "A-1" },
    { "absent",         "nothing here\n\f",            "Account:", 0, "" },
    { "nothing after",  "Account:   \nX\n\f",          "Account:", 0, "" },
    { "second page no", "a\n\fAccount: 1\n",           "Account:", 0, "" },
    { "first of two",   "Acc: 1 Acc: 2\n\f",           "Acc:",     1, "1" },
    { "prefix overlap", "AAB 7\n\f",                   "AB",       1, "7" },
};

static void test_keystr(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof keystrs / sizeof keystrs[0]; i++) {
        const struct keystr_case *c = &keystrs[i];
        struct qs_buf b;
        qs_buf_init(&b, 1024);
        int r = qs_burst_keystr(c->page, strlen(c->page), c->str, &b);
        if (r != c->found || strcmp(qs_buf_str(&b), c->want) != 0)
            fail_msg("%s: got %d '%s'", c->name, r, qs_buf_str(&b));
        qs_buf_free(&b);
    }
}

static void test_field_cap(void **state)
{
    (void)state;
    /* a 600-byte value is cut at QS_BURST_MAX_FIELD, never mid-character */
    char page[1400];
    size_t n = 0;
    for (int i = 0; i < 300; i++) {
        page[n++] = (char)0xC3;
        page[n++] = (char)0xA9;   /* é */
    }
    page[n++] = '\n';
    struct qs_buf b;
    struct qs_burst_pos pos = { 1, 1, 0 };
    qs_buf_init(&b, 4096);
    assert_int_equal(qs_burst_field(page, n, &pos, &b), 0);
    assert_true(b.len <= QS_BURST_MAX_FIELD);
    assert_int_equal(b.len % 2, 0);
    qs_buf_free(&b);
}

/* --- plans ---------------------------------------------------------------- */

struct plan_case {
    const char          *name;
    struct qs_burst_rule rule;
    const char          *pages[8];   /* page texts, NULL-terminated */
    const char          *want;       /* "first+npages:key:addr;" per part */
    unsigned             keyed;
};

#define KP(l, c, n) { .split = QS_BURST_KEYPOS, .key = { l, c, n } }

static const struct plan_case plans[] = {
    { "key changes", KP(1, 1, 2), { "A1\n", "A1\n", "B2\n", "C3\n", "C3\n", NULL },
      "1+2:A1:;3+1:B2:;4+2:C3:;", 5 },
    { "blank continues", KP(1, 1, 2), { "A1\n", "\n", "B2\n", "zz\n", NULL },
      "1+2:A1:;3+1:B2:;4+1:zz:;", 3 },
    { "leading unkeyed", KP(2, 1, 2), { "x\n", "x\nK1\n", NULL }, "1+1::;2+1:K1:;", 1 },
    { "never keyed", KP(9, 1, 2), { "x\n", "y\n", NULL }, "1+2::;", 0 },
    { "same key again later", KP(1, 1, 1), { "A\n", "B\n", "A\n", NULL }, "1+1:A:;2+1:B:;3+1:A:;", 3 },
    { "pages of 2", { .split = QS_BURST_PAGES, .pages = 2 }, { "a\n", "b\n", "c\n", NULL },
      "1+2:1:;3+1:2:;", 3 },
    { "pages of 1", { .split = QS_BURST_PAGES, .pages = 1 }, { "a\n", "b\n", NULL },
      "1+1:1:;2+1:2:;", 2 },
    { "keystr", { .split = QS_BURST_KEYSTR, .keystr = "Cust:" },
      { "Cust: 1\n", "more\n", "Cust: 1\n", "x Cust: 2\n", NULL }, "1+3:1:;4+1:2:;", 3 },
    { "address first found", { .split = QS_BURST_KEYPOS, .key = { 1, 1, 1 }, .addr = { 2, 1, 0 } },
      { "A\n\n", "A\na@x.test\n", "A\nb@x.test\n", "B\nc@y.test\n", NULL },
      "1+3:A:a@x.test;4+1:B:c@y.test;", 4 },
};

static void test_plans(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        const struct plan_case *c = &plans[i];
        struct qs_burst_plan p;
        struct qs_err err = QS_ERR_INIT;
        struct qs_buf got;
        qs_buf_init(&got, 4096);
        qs_burst_plan_init(&p);
        assert_int_equal(qs_burst_rule_check(&c->rule, &err), 0);
        for (size_t k = 0; c->pages[k]; k++)
            assert_int_equal(qs_burst_plan_page(&p, &c->rule, c->pages[k], strlen(c->pages[k]), &err), 0);
        for (size_t k = 0; k < p.n; k++)
            qs_buf_addf(&got, "%u+%u:%s:%s;", p.part[k].first, p.part[k].npages, p.part[k].key,
                        p.part[k].addr);
        if (strcmp(qs_buf_str(&got), c->want) != 0 || p.keyed != c->keyed)
            fail_msg("%s: got %s keyed %u", c->name, qs_buf_str(&got), p.keyed);
        /* find() agrees with the parts */
        for (unsigned pg = 1; pg <= p.pages; pg++) {
            long f = qs_burst_plan_find(&p, pg);
            assert_true(f >= 0);
            assert_true(pg >= p.part[f].first && pg < p.part[f].first + p.part[f].npages);
        }
        assert_int_equal(qs_burst_plan_find(&p, p.pages + 1), -1);
        qs_burst_plan_free(&p);
        qs_buf_free(&got);
    }
}

static void test_bad_rules(void **state)
{
    (void)state;
    static const struct qs_burst_rule bad[] = {
        { .split = QS_BURST_PAGES, .pages = 0 },
        { .split = QS_BURST_KEYPOS, .key = { 0, 1, 1 } },
        { .split = QS_BURST_KEYPOS, .key = { 1, 0, 1 } },
        { .split = QS_BURST_KEYSTR, .keystr = "" },
        { .split = QS_BURST_KEYSTR },
        { .split = QS_BURST_KEYPOS, .key = { 1, 1, 1 }, .addr = { 1, 0, 0 } },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct qs_err err = QS_ERR_INIT;
        assert_int_equal(qs_burst_rule_check(&bad[i], &err), -1);
        assert_string_equal(err.msgid, "CPF9897");
        qs_err_clear(&err);
    }
}

/* --- the log ---------------------------------------------------------------- */

#define ID1 "0123456789ABCDEF0123456789ABCDEF"
#define ID2 "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static void test_log(void **state)
{
    (void)state;
    const char *root = qs_test_root();
    char path[512];
    snprintf(path, sizeof path, "%s/burst.log", root);
    struct qs_burstlog *l = NULL, *l2 = NULL;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_burstlog_open(path, "abc", 3, &l, &err), 0);
    /* a second opener is refused while the first holds it */
    assert_int_equal(qs_burstlog_open(path, "abc", 3, &l2, &err), -1);
    assert_string_equal(err.msgid, "BRS0108");
    qs_err_clear(&err);
    assert_int_equal(qs_burstlog_mark(l, 0, QS_BL_PDF, NULL, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 0, QS_BL_SEALED, ID1, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 0, QS_BL_QUEUED, ID1, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 1, QS_BL_SEALED, ID2, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 2, QS_BL_ERRQ, NULL, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 3, QS_BL_PDF, NULL, &err), -1);      /* out of range */
    qs_err_clear(&err);
    assert_int_equal(qs_burstlog_mark(l, 1, QS_BL_QUEUED, "short", &err), -1); /* bad id */
    qs_err_clear(&err);
    qs_burstlog_free(&l);
    assert_null(l);

    /* a torn record at the end is cut off; the rest is read back */
    int fd = open(path, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "queued 1 0123", 13), 13);
    close(fd);
    assert_int_equal(qs_burstlog_open(path, "abc", 3, &l, &err), 0);
    assert_int_equal(qs_burstlog_state(l, 0), QS_BL_QUEUED);
    assert_string_equal(qs_burstlog_id(l, 0), ID1);
    assert_int_equal(qs_burstlog_state(l, 1), QS_BL_SEALED);
    assert_string_equal(qs_burstlog_id(l, 1), ID2);
    assert_int_equal(qs_burstlog_state(l, 2), QS_BL_ERRQ);
    assert_false(qs_burstlog_done(l));
    assert_int_equal(qs_burstlog_mark_done(l, &err), 0);
    qs_burstlog_free(&l);
    assert_int_equal(qs_burstlog_open(path, "abc", 3, &l, &err), 0);
    assert_true(qs_burstlog_done(l));
    qs_burstlog_free(&l);

    /* another plan (fingerprint or part count) is refused */
    assert_int_equal(qs_burstlog_open(path, "abd", 3, &l, &err), -1);
    assert_string_equal(err.msgid, "BRS0107");
    qs_err_clear(&err);
    assert_int_equal(qs_burstlog_open(path, "abc", 4, &l, &err), -1);
    assert_string_equal(err.msgid, "BRS0107");
    qs_err_clear(&err);

    /* garbage in the middle is refused, not guessed at */
    fd = open(path, O_WRONLY | O_APPEND);
    assert_int_equal(write(fd, "pdf 99\n", 7), 7);
    close(fd);
    assert_int_equal(qs_burstlog_open(path, "abc", 3, &l, &err), -1);
    assert_string_equal(err.msgid, "BRS0107");
    qs_err_clear(&err);
}

/* Records written lazily (a batch) are read back after the sync; a
 * "failed" record is kept in the file but leaves the part's state alone. */
static void test_log_batch_failed(void **state)
{
    (void)state;
    const char *root = qs_test_root();
    char path[512];
    snprintf(path, sizeof path, "%s/burst2.log", root);
    struct qs_burstlog *l = NULL;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_burstlog_open(path, "fp", 3, &l, &err), 0);
    assert_int_equal(qs_burstlog_mark_lazy(l, 0, QS_BL_PDF, NULL, &err), 0);
    assert_int_equal(qs_burstlog_mark_lazy(l, 0, QS_BL_SEALED, ID1, &err), 0);
    assert_int_equal(qs_burstlog_mark_lazy(l, 1, QS_BL_SEALED, ID2, &err), 0);
    assert_int_equal(qs_burstlog_sync(l, &err), 0);
    assert_int_equal(qs_burstlog_mark_lazy(l, 0, QS_BL_QUEUED, ID1, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 2, QS_BL_FAILED, NULL, &err), 0);
    assert_int_equal(qs_burstlog_state(l, 2), QS_BL_NONE);
    assert_int_equal(qs_burstlog_mark_lazy(l, 5, QS_BL_PDF, NULL, &err), -1);   /* out of range */
    qs_err_clear(&err);
    qs_burstlog_free(&l);
    assert_int_equal(qs_burstlog_open(path, "fp", 3, &l, &err), 0);
    assert_int_equal(qs_burstlog_state(l, 0), QS_BL_QUEUED);
    assert_int_equal(qs_burstlog_state(l, 1), QS_BL_SEALED);
    assert_string_equal(qs_burstlog_id(l, 1), ID2);
    assert_int_equal(qs_burstlog_state(l, 2), QS_BL_NONE);            /* failed: to do again */
    assert_false(qs_burstlog_done(l));
    qs_burstlog_free(&l);
    /* a failed part that was queued earlier stays queued */
    assert_int_equal(qs_burstlog_open(path, "fp", 3, &l, &err), 0);
    assert_int_equal(qs_burstlog_mark(l, 0, QS_BL_FAILED, NULL, &err), 0);
    qs_burstlog_free(&l);
    assert_int_equal(qs_burstlog_open(path, "fp", 3, &l, &err), 0);
    assert_int_equal(qs_burstlog_state(l, 0), QS_BL_QUEUED);
    qs_burstlog_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field),
        cmocka_unit_test(test_keystr),
        cmocka_unit_test(test_field_cap),
        cmocka_unit_test(test_plans),
        cmocka_unit_test(test_bad_rules),
        cmocka_unit_test(test_log),
        cmocka_unit_test(test_log_batch_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
