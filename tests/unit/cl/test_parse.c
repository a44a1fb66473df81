/*
 * tests/unit/cl/test_parse.c - the CL command parser and binder, table-driven.
 *
 * A test command TSTCMD exercises every parameter shape; each good case
 * checks the bound value of one parameter, each bad case the message id and
 * the column the parser reports.
 */
#include "testlib.h"

#include "cl/cmd.h"
#include "cl/parse.h"
#include "cl/src.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

static const struct qs_cl_parm obj_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Object" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm addr_e[] = {
    { .type = QS_CL_CHAR, .len = 20, .flags = QS_CL_MIXED_CASE, .prompt = "Address" },
    { .type = QS_CL_CHAR, .len = 4, .dft = "*PRI", .rstd = QS_CL_VALUES("*PRI", "*CC", "*BCC"),
      .prompt = "Type" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "OBJ", .type = QS_CL_NAME, QS_CL_QUAL(obj_q), .flags = QS_CL_REQUIRED },
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 5, .dft = "*CHAR",
      .rstd = QS_CL_VALUES("*DEC", "*CHAR", "*LGL") },
    { .kwd = "LEN", .type = QS_CL_DEC, .len = 5, .dec = 0, .min = 1, .max = 2000, .dft = "32" },
    { .kwd = "VALUE", .type = QS_CL_CHAR, .len = 20, .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK") },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK", .flags = QS_CL_MIXED_CASE },
    { .kwd = "LIST", .type = QS_CL_NAME, .len = 10, .max_rep = 3, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE") },
    { .kwd = "ADDR", .type = QS_CL_CHAR, QS_CL_ELEMS(addr_e), .max_rep = 4, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE") },
    { .kwd = "AMT", .type = QS_CL_DEC, .len = 7, .dec = 2, .dft = "0" },
    { .kwd = "NBR", .type = QS_CL_INT2, .dft = "1" },
    { .kwd = "FLAG", .type = QS_CL_LGL, .dft = "'0'" },
    { .kwd = "GEN", .type = QS_CL_GENERIC, .len = 10, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL") },
    { .kwd = "PATH", .type = QS_CL_PNAME, .len = 64, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_KEYWORD },
};
static const struct qs_cl_cmd tstcmd = { .name = "TSTCMD", .text = "Test", QS_CL_PARMS(parms) };

struct good {
    const char *cmd;
    const char *kwd;
    const char *path;    /* item path: "" scalar, "1" item 1, "0.1" item 0 then 1 */
    const char *want;
    int         given;
};

static const struct good goods[] = {
    { "TSTCMD OBJ(A)", "OBJ", "", "A", 1 },
    { "TSTCMD OBJ(A)", "OBJ", "1", "*LIBL", 0 },
    { "tstcmd obj(qgpl/abc)", "OBJ", "1", "QGPL", 1 },
    { "TSTCMD QGPL/ABC", "OBJ", "0", "ABC", 1 },
    { "TSTCMD OBJ(*CURLIB/X)", "OBJ", "1", "*CURLIB", 1 },
    { "TSTCMD A *dec", "TYPE", "", "*DEC", 1 },
    { "TSTCMD A", "TYPE", "", "*CHAR", 0 },
    { "TSTCMD A LEN(10)", "LEN", "", "10", 1 },
    { "TSTCMD A LEN(00010)", "LEN", "", "10", 1 },
    { "TSTCMD A VALUE('It''s')", "VALUE", "", "It's", 1 },
    { "TSTCMD A VALUE(abc)", "VALUE", "", "ABC", 1 },
    { "TSTCMD A VALUE(X'C1C2')", "VALUE", "", "\xC1\xC2", 1 },
    { "TSTCMD A TEXT(Mixed)", "TEXT", "", "Mixed", 1 },
    { "TSTCMD A TEXT('a /* not a comment */')", "TEXT", "", "a /* not a comment */", 1 },
    { "TSTCMD A /* comment */ TEXT(x)", "TEXT", "", "x", 1 },
    { "TSTCMD A VALUE(*blank)", "VALUE", "", "*BLANK", 1 },
    { "TSTCMD A LIST(A B C)", "LIST", "2", "C", 1 },
    { "TSTCMD A LIST(*NONE)", "LIST", "", "*NONE", 1 },
    { "TSTCMD A", "LIST", "", "*NONE", 0 },
    { "TSTCMD A ADDR((a@x) (b@y *CC))", "ADDR", "1.1", "*CC", 1 },
    { "TSTCMD A ADDR((a@x) (b@y *CC))", "ADDR", "0.1", "*PRI", 0 },
    { "TSTCMD A ADDR((a@x) (b@y *CC))", "ADDR", "1.0", "b@y", 1 },
    { "TSTCMD A ADDR(a@x *bcc)", "ADDR", "0.1", "*BCC", 1 },
    { "TSTCMD A AMT(12.5)", "AMT", "", "12.50", 1 },
    { "TSTCMD A AMT(-0,5)", "AMT", "", "-0.50", 1 },
    { "TSTCMD A AMT(-0)", "AMT", "", "0.00", 1 },
    { "TSTCMD A NBR(-32768)", "NBR", "", "-32768", 1 },
    { "TSTCMD A FLAG('1')", "FLAG", "", "1", 1 },
    { "TSTCMD A FLAG(1)", "FLAG", "", "1", 1 },
    { "TSTCMD A GEN(AB*)", "GEN", "", "AB*", 1 },
    { "TSTCMD A PATH('/home/Me/x.pdf')", "PATH", "", "/home/Me/x.pdf", 1 },
    { "TSTCMD A PATH(/tmp/a.txt)", "PATH", "", "/tmp/a.txt", 1 },
    { "  TSTCMD    A   TYPE( *LGL )  ", "TYPE", "", "*LGL", 1 },
    { "QSYS/TSTCMD A", "OBJ", "", "A", 1 },
    { "LBL: TSTCMD A", "OBJ", "", "A", 1 },
};

struct bad {
    const char *cmd;
    const char *msgid;
    unsigned    col;
};

static const struct bad bads[] = {
    { "TSTCMD", "CPD0072", 0 },                       /* OBJ required */
    { "TSTCMD OBJ(1A)", "CPD0071", 12 },
    { "TSTCMD OBJ(ABCDEFGHIJK)", "CPD0074", 12 },
    { "TSTCMD OBJ(A/B/C)", "CPD0084", 12 },
    { "TSTCMD A TYPE(*BIN)", "CPD0084", 15 },
    { "TSTCMD A FOO(1)", "CPD0043", 10 },
    { "TSTCMD A TYPE(*DEC) TYPE(*CHAR)", "CPD0045", 21 },
    { "TSTCMD A LEN(0)", "CPD0086", 14 },
    { "TSTCMD A LEN(123456)", "CPD0085", 14 },
    { "TSTCMD A LEN(12a)", "CPD0075", 14 },
    { "TSTCMD A AMT(1.234)", "CPD0085", 14 },
    { "TSTCMD A NBR(40000)", "CPD0086", 14 },
    { "TSTCMD A FLAG(2)", "CPD0084", 15 },
    { "TSTCMD A VALUE('123456789012345678901')", "CPD0074", 16 },
    { "TSTCMD A VALUE('abc)", "CPD0005", 16 },
    { "TSTCMD A VALUE(abc", "CPD0004", 15 },
    { "TSTCMD A VALUE(abc))", "CPD0004", 20 },
    { "TSTCMD A LIST(A B C D)", "CPD0087", 21 },
    { "TSTCMD A LIST(A *NONE)", "CPD0071", 17 },
    { "TSTCMD A ADDR((x *XX))", "CPD0084", 18 },
    { "TSTCMD A ADDR((x *CC y))", "CPD0087", 22 },
    { "TSTCMD A *CHAR 5 *BLANK x *NONE *NONE 0 1 '0' *ALL X", "CPD0044", 52 },
    { "TSTCMD TYPE(*CHAR) A", "CPD0044", 20 },
    { "TSTCMD A GEN(*AB)", "CPD0071", 14 },
    { "TSTCMD A VALUE(&X)", "CPD0084", 16 },
    { "TSTCMD A VALUE(X'C1C')", "CPD0020", 16 },
    { "TSTCMD A TEXT(a)b", "CPD0020", 17 },
};

static int bind_text(const char *text, struct qs_cl_args **a, struct qs_cl_pos *pos, struct qs_err *err)
{
    struct qs_cl_stmt *st = NULL;
    int rc = qs_cl_stmt_parse(text, strlen(text), &st, pos, err);
    if (rc == 0)
        rc = qs_cl_bind(&tstcmd, st, NULL, a, pos, err);
    qs_cl_stmt_free(&st);
    return rc;
}

static void test_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++) {
        const struct good *g = &goods[i];
        struct qs_cl_args *a = NULL;
        struct qs_cl_pos pos = { 0, 0 };
        struct qs_err err = QS_ERR_INIT;
        if (bind_text(g->cmd, &a, &pos, &err) < 0)
            fail_msg("case %zu '%s': %s %s (col %u)", i, g->cmd, err.msgid, err.text, pos.col);
        const struct qs_cl_val *v = qs_cl_arg(a, g->kwd);
        assert_non_null(v);
        for (const char *p = g->path; *p; p++)
            if (*p >= '0' && *p <= '9')
                v = qs_cl_val_item(v, (unsigned)(*p - '0'));
        assert_non_null(v);
        if (strcmp(qs_cl_val_str(v), g->want) != 0)
            fail_msg("case %zu '%s': got '%s' want '%s'", i, g->cmd, qs_cl_val_str(v), g->want);
        if (qs_cl_val_given(v) != g->given)
            fail_msg("case %zu '%s': given %d", i, g->cmd, qs_cl_val_given(v));
        qs_cl_args_free(&a);
        assert_null(a);
    }
}

static void test_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        const struct bad *b = &bads[i];
        struct qs_cl_args *a = NULL;
        struct qs_cl_pos pos = { 0, 0 };
        struct qs_err err = QS_ERR_INIT;
        if (bind_text(b->cmd, &a, &pos, &err) == 0)
            fail_msg("case %zu '%s' accepted", i, b->cmd);
        assert_null(a);
        if (strcmp(err.msgid, b->msgid) != 0 || pos.col != b->col)
            fail_msg("case %zu '%s': got %s col %u (%s), want %s col %u", i, b->cmd, err.msgid,
                     pos.col, err.text, b->msgid, b->col);
        qs_err_clear(&err);
    }
}

static void test_accessors(void **state)
{
    struct qs_cl_args *a = NULL;
    struct qs_cl_pos pos;
    struct qs_err err = QS_ERR_INIT;
    (void)state;
    assert_int_equal(bind_text("TSTCMD X/Y LEN(7) AMT(3.25) NBR(-5)", &a, &pos, &err), 0);
    assert_string_equal(qs_cl_qual(a->cmd ? a : NULL, "OBJ", 1), "X");
    assert_string_equal(qs_cl_qual(a, "OBJ", 0), "Y");
    assert_string_equal(qs_cl_str(a, "OBJ"), "Y");
    assert_int_equal(qs_cl_int(a, "LEN"), 7);
    assert_int_equal(qs_cl_dec_scaled(a, "AMT"), 325);
    assert_int_equal(qs_cl_int(a, "NBR"), -5);
    assert_true(qs_cl_is(a, "TYPE", "*char"));
    assert_false(qs_cl_given(a, "TYPE"));
    assert_null(qs_cl_arg(a, "NOPE"));
    assert_string_equal(qs_cl_str(a, "NOPE"), "");
    assert_int_equal(qs_cl_val_count(qs_cl_arg(a, "LIST")), 0);
    assert_null(qs_cl_val_item(qs_cl_arg(a, "LIST"), 0));
    qs_cl_args_free(&a);
    qs_cl_args_free(&a);
}

static int resolve(void *arg, const char *name, struct qs_buf *out, struct qs_err *err)
{
    (void)arg;
    if (strcmp(name, "LIB") == 0)
        return qs_buf_adds(out, "mylib     ");
    if (strcmp(name, "T") == 0)
        return qs_buf_adds(out, "*dec");
    return qs_err_set(err, "CPF9897", "no such variable", (const char *)NULL);
}

static void test_variables(void **state)
{
    struct qs_cl_stmt *st = NULL;
    struct qs_cl_args *a = NULL;
    struct qs_cl_pos pos;
    struct qs_err err = QS_ERR_INIT;
    struct qs_cl_resolver rv = { resolve, NULL, NULL };
    const char *t = "TSTCMD OBJ(QGPL/A) TEXT(&LIB) TYPE(&T)";
    (void)state;
    assert_int_equal(qs_cl_stmt_parse(t, strlen(t), &st, &pos, &err), 0);
    assert_int_equal(qs_cl_bind(&tstcmd, st, &rv, &a, &pos, &err), 0);
    assert_string_equal(qs_cl_str(a, "TEXT"), "mylib");  /* trailing blanks dropped, case kept */
    assert_string_equal(qs_cl_str(a, "TYPE"), "*DEC");   /* special value matched */
    qs_cl_args_free(&a);
    qs_cl_stmt_free(&st);
    t = "TSTCMD OBJ(&LIB/A)";
    assert_int_equal(qs_cl_stmt_parse(t, strlen(t), &st, &pos, &err), 0);
    assert_int_equal(qs_cl_bind(&tstcmd, st, &rv, &a, &pos, &err), -1);  /* lower case name */
    assert_string_equal(err.msgid, "CPD0071");
    qs_cl_stmt_free(&st);
    t = "TSTCMD A TEXT(&NOPE)";
    assert_int_equal(qs_cl_stmt_parse(t, strlen(t), &st, &pos, &err), 0);
    assert_int_equal(qs_cl_bind(&tstcmd, st, &rv, &a, &pos, &err), -1);
    assert_int_equal(pos.col, 15);
    qs_cl_stmt_free(&st);
    qs_err_clear(&err);
}

static void test_source_reader(void **state)
{
    const char *src =
        "PGM\n"
        "  /* a comment\n     on two lines */\n"
        "  CHGVAR &A +\n"
        "         'x +\n"
        "         y'  /* trailing */\n"
        "  SNDPGMMSG MSG('a-\n"
        "  b')\n"
        "ENDPGM\n";
    struct qs_cl_src r;
    struct qs_buf b;
    unsigned line = 0;
    qs_buf_init(&b, 1000);
    (void)state;
    qs_cl_src_init(&r, src, strlen(src));
    assert_int_equal(qs_cl_src_next(&r, &b, &line, NULL), 1);
    assert_string_equal(b.data, "PGM");
    assert_int_equal(line, 1);
    assert_int_equal(qs_cl_src_next(&r, &b, &line, NULL), 1);
    assert_string_equal(b.data, "  CHGVAR &A 'x y'");
    assert_int_equal(line, 4);
    assert_int_equal(qs_cl_src_next(&r, &b, &line, NULL), 1);
    assert_string_equal(b.data, "  SNDPGMMSG MSG('a  b')");
    assert_int_equal(qs_cl_src_next(&r, &b, &line, NULL), 1);
    assert_string_equal(b.data, "ENDPGM");
    assert_int_equal(line, 9);
    assert_int_equal(qs_cl_src_next(&r, &b, &line, NULL), 0);
    qs_buf_free(&b);
}

static void test_table(void **state)
{
    (void)state;
    assert_true(qs_cl_cmd_count() > 0);
    for (size_t i = 0; i < qs_cl_cmd_count(); i++) {
        const struct qs_cl_cmd *c = qs_cl_cmd_at(i);
        assert_non_null(c->name);
        assert_ptr_equal(qs_cl_cmd_find(c->name, strlen(c->name)), c);
        if (i > 0)
            assert_true(strcmp(qs_cl_cmd_at(i - 1)->name, c->name) < 0);
        for (unsigned k = 0; k < c->nparms; k++)
            assert_non_null(c->parms[k].kwd);
    }
    assert_non_null(qs_cl_cmd_find("dspcmd", 6));
    assert_null(qs_cl_cmd_find("DSPCM", 5));
    assert_null(qs_cl_cmd_at(qs_cl_cmd_count()));
}

/* Every registered command's defaults must bind (catches bad definitions). */
static void test_defaults_bind(void **state)
{
    (void)state;
    for (size_t i = 0; i < qs_cl_cmd_count(); i++) {
        const struct qs_cl_cmd *c = qs_cl_cmd_at(i);
        struct qs_cl_stmt *st = NULL;
        struct qs_cl_args *a = NULL;
        struct qs_cl_pos pos;
        struct qs_err err = QS_ERR_INIT;
        assert_int_equal(qs_cl_stmt_parse(c->name, strlen(c->name), &st, &pos, &err), 0);
        if (qs_cl_bind(c, st, NULL, &a, &pos, &err) < 0 && strcmp(err.msgid, "CPD0072") != 0)
            fail_msg("%s: defaults do not bind: %s %s", c->name, err.msgid, err.text);
        qs_cl_args_free(&a);
        qs_cl_stmt_free(&st);
        qs_err_clear(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_accessors),
        cmocka_unit_test(test_variables),
        cmocka_unit_test(test_source_reader),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_defaults_bind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
