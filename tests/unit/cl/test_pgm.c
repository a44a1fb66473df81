/*
 * tests/unit/cl/test_pgm.c - CL programs run by the interpreter.
 *
 * Each case is a program and the exact text it shows (SNDPGMMSG ...
 * TOPGMQ(*EXT) lines and messages) plus the escape it ends with, if any.
 */
#include "testlib.h"

#include "cl/pgm.h"
#include "cl/run.h"
#include "qsys/base/err.h"

struct pcase {
    const char *name;
    const char *src;
    const char *parms[3];
    const char *want_out;    /* exact diag output */
    const char *want_err;    /* escape id or NULL */
};

#define SAYI(x) "SNDPGMMSG MSG(" x ") TOPGMQ(*EXT)"
#define SAY(x) SAYI(x) "\n"

static const struct pcase cases[] = {
    { "packed decimal arithmetic and conversion",
      "PGM\n DCL &D *DEC (5 2)\n DCL &C *CHAR 8\n DCL &N *DEC (3 0) VALUE(7)\n"
      " CHGVAR &D (10 / 3)\n CHGVAR &C &D\n" SAY("&C")
      " CHGVAR &D (&D * 2 + 0.005)\n CHGVAR &C &D\n" SAY("&C")
      " CHGVAR &D (-&N / 2)\n" SAY("&D")
      "ENDPGM\n",
      { NULL }, "00003.33\n00006.66\n-3.50\n", NULL },
    { "overflow is MCH1210, monitored",
      "PGM\n DCL &S *DEC (3 0)\n CHGVAR &S 999\n CHGVAR &S (&S + 1)\n"
      " MONMSG MCH1210 EXEC(" SAYI("'overflow'") ")\n" SAY("&S") "ENDPGM\n",
      { NULL }, "overflow\n999\n", NULL },
    { "divide by zero",
      "PGM\n DCL &S *DEC (3 0)\n CHGVAR &S (1 / &S)\n MONMSG MCH1211 EXEC(" SAYI("'zero'") ")\nENDPGM\n",
      { NULL }, "zero\n", NULL },
    { "DOWHILE with LEAVE and ITERATE",
      "PGM\n DCL &I *INT 4\n DCL &C *CHAR 20\n"
      " LOOP: DOWHILE (&I *LT 10)\n   CHGVAR &I (&I + 1)\n   IF (&I = 3) THEN(ITERATE)\n"
      "   IF (&I *EQ 6) THEN(LEAVE CMDLBL(LOOP))\n   CHGVAR &C (&C *TCAT %CHAR(&I))\n ENDDO\n"
      SAY("&C") "ENDPGM\n",
      { NULL }, "1245\n", NULL },
    { "DOUNTIL and DOFOR BY -2",
      "PGM\n DCL &I *INT 4\n DCL &J *INT 2\n DCL &C *CHAR 30\n"
      " DOUNTIL (&I >= 3)\n  CHGVAR &I (&I + 1)\n ENDDO\n"
      " DOFOR VAR(&J) FROM(9) TO(1) BY(-2)\n  CHGVAR &C (&C *TCAT %CHAR(&J))\n ENDDO\n"
      SAY("%CHAR(&I) *BCAT &C") "ENDPGM\n",
      { NULL }, "3 97531\n", NULL },
    { "GOTO loop and labels",
      "PGM\n DCL &N *DEC (3 0)\nTOP: CHGVAR &N (&N + 1)\n IF (&N < 4) THEN(GOTO CMDLBL(TOP))\n"
      SAY("&N") "ENDPGM\n",
      { NULL }, "4\n", NULL },
    { "strings: %SST read and write, %TRIM, || |> |<",
      "PGM\n DCL &A *CHAR 10 VALUE('abcdefghij')\n DCL &B *CHAR 12 VALUE('  x y  ')\n"
      " CHGVAR %SST(&A 3 2) 'ZZ'\n" SAY("&A")
      SAY("%SST(&A 9 2) || '|' || %TRIM(&B) || '|'")
      SAY("'a  ' |> '  b' |< 'c'")
      SAY("%UPPER('mail') *CAT %LEN(%TRIM(&B))")
      "ENDPGM\n",
      { NULL }, "abZZefghij\nij|x y|\na bc\nMAIL3\n", NULL },
    { "SELECT WHEN OTHERWISE and *AND *OR *NOT",
      "PGM\n DCL &X *DEC (2 0) VALUE(5)\n DCL &F *LGL VALUE('1')\n"
      " SELECT\n  WHEN (&X < 3) THEN(" SAYI("'small'") ")\n"
      "  WHEN (&X < 7 *AND *NOT (&X = 6) *AND &F) THEN(DO)\n" SAY("'middle'") "  ENDDO\n"
      "  OTHERWISE " SAY("'large'") " ENDSELECT\n"
      " IF ((&X > 9) *OR (&F *EQ '0')) THEN(" SAYI("'no'") ")\n ELSE CMD(" SAYI("'yes'") ")\n"
      "ENDPGM\n",
      { NULL }, "middle\nyes\n", NULL },
    { "program-level MONMSG resumes after the failing command",
      "PGM\n DCL &V *CHAR 10 VALUE('NOSUCHCMD')\n MONMSG CPF0000 EXEC(" SAYI("'caught'") ")\n"
      " DSPCMD CMD(&V)\n" SAY("'after'") "ENDPGM\n",
      { NULL }, "caught\nafter\n", NULL },
    { "subroutines with return values",
      "PGM\n DCL &N *INT 4\n DCL &R *INT 4\n CALLSUBR SUBR(ADD) RTNVAL(&R)\n" SAY("%CHAR(&R)")
      " CALLSUBR ADD &R\n" SAY("%CHAR(&R)") " CALLSUBR SHOW\n"
      " SUBR SUBR(ADD)\n  CHGVAR &N (&N + 1)\n  IF (&N > 1) THEN(RTNSUBR RTNVAL(&N * 10))\n"
      " ENDSUBR RTNVAL(-1)\n SUBR SHOW\n" SAY("'n=' *CAT %CHAR(&N)") " ENDSUBR\nENDPGM\n",
      { NULL }, "-1\n20\nn=2\n", NULL },
    { "DOFOR on an undeclared variable is an escape at the DOFOR (found by fuzz_cl_pgm)",
      "PGM\n MONMSG CPD0727 EXEC(GOTO OUT)\n DOFOR VAR(&I) FROM(1) TO(3)\n ENDDO\nOUT: "
      SAY("'out'") "ENDPGM\n",
      { NULL }, "out\n", NULL },
    { "unquoted names are character literals",
      "PGM\n DCL &X *CHAR 10\n CHGVAR &X hello\n" SAY("&X *TCAT '!'") "ENDPGM\n",
      { NULL }, "HELLO!\n", NULL },
    { "unmonitored escape is a function check",
      "PGM\n DCL &V *CHAR 10 VALUE('NOSUCHCMD')\n DSPCMD CMD(&V)\n" SAY("'never'") "ENDPGM\n",
      { NULL }, "", "CPF9999" },
    { "SNDPGMMSG *ESCAPE ends the program; RCVMSG after MONMSG",
      "PGM\n DCL &ID *CHAR 7\n DCL &M *CHAR 60\n"
      " CHGVAR &M 'x'\n CHGVAR &ID (%SST(&M 1 1) *CAT %SST(&M 2 99))\n"
      " MONMSG MCH0603 EXEC(DO)\n  RCVMSG MSGTYPE(*EXCP) MSGID(&ID) MSG(&M)\n" SAY("&ID *BCAT &M") " ENDDO\n"
      " SNDPGMMSG MSGID(CPF9898) MSGF(QCPFMSG) MSGDTA('bye') MSGTYPE(*ESCAPE)\n"
      SAY("'not reached'") "ENDPGM\n",
      { NULL }, "MCH0603 Range of subscript value or character-string error.\n", "CPF9898" },
    { "parameters from text, variables in commands",
      "PGM PARM(&NAME &N)\n DCL &NAME *CHAR 10\n DCL &N *DEC (5 0)\n"
      " CHGVAR &N (&N * 2)\n" SAY("&NAME *TCAT ':' *CAT %CHAR(&N)")
      " DSPCMD CMD(&NAME)\n MONMSG CPF0001 EXEC(" SAYI("'bad name'") ")\nENDPGM\n",
      { "rtvjoba", "21", NULL }, "rtvjoba:42\nbad name\n", NULL },
    { "continuation and comments",
      "PGM /* head */\n DCL &C *CHAR 30\n CHGVAR &C ('one' *BCAT +\n            'two') /* c */\n"
      SAY("&C") " CHGVAR &C 'a+\n    b'\n" SAY("&C") "ENDPGM\n",
      { NULL }, "one two\nab\n", NULL },
};

static int run(const char *src, const char *const *parms, size_t n, char **out, struct qs_err *err)
{
    size_t len = 0;
    FILE *f = open_memstream(out, &len);
    struct qs_cl_env env;
    qs_cl_env_init(&env, f, f);
    qs_cl_pgm_set_op_limit(&env, 100000);
    int rc = qs_cl_pgm_run_source(&env, "QCLPGM", src, strlen(src), parms, n, err);
    qs_cl_env_free(&env);
    fclose(f);
    return rc;
}

static void test_programs(void **state)
{
    (void)state;
    qs_test_root();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct pcase *c = &cases[i];
        struct qs_err err = QS_ERR_INIT;
        char *out = NULL;
        size_t n = 0;
        while (n < 3 && c->parms[n])
            n++;
        int rc = run(c->src, c->parms, n, &out, &err);
        if (c->want_err ? rc == 0 || strcmp(err.msgid, c->want_err) != 0 : rc != 0)
            fail_msg("%s: rc %d err %s %s\noutput:\n%s", c->name, rc, err.msgid,
                     err.text ? err.text : "", out);
        if (strcmp(out, c->want_out) != 0)
            fail_msg("%s: output\n%s\nwant\n%s", c->name, out, c->want_out);
        free(out);
        qs_err_clear(&err);
    }
}

struct ccase {
    const char *src;
    const char *msgid;
    unsigned    line;
};

static const struct ccase compile_errors[] = {
    { "PGM\n DO\n  CHGVAR &X 1\nENDPGM\n", "CPD0717", 2 },
    { "PGM\n GOTO NOWHERE\nENDPGM\n", "CPD0715", 2 },
    { "PGM\n ELSE CMD(RETURN)\nENDPGM\n", "CPD0710", 2 },
    { "PGM\n DCL &A *CHAR 1\n DCL &A *CHAR 2\nENDPGM\n", "CPD0728", 3 },
    { "PGM\n RETURN\n DCL &A *CHAR 1\nENDPGM\n", "CPD0710", 3 },
    { "PGM\n DCL &A *DEC (40 2)\nENDPGM\n", "CPD0729", 2 },
    { "PGM\n LEAVE\nENDPGM\n", "CPD0718", 2 },
    { "PGM\n NOSUCH X\nENDPGM\n", "CPD0030", 2 },
    { "PGM\n DSPCMD CMD(1X)\nENDPGM\n", "CPD0071", 2 },
    { "PGM\n L1: RETURN\n L1: RETURN\nENDPGM\n", "CPD0716", 3 },
    { "PGM\n CALLSUBR NOPE\nENDPGM\n", "CPD0715", 2 },
    { "PGM\n RTNSUBR\nENDPGM\n", "CPD0710", 2 },
    { "PGM\n SUBR A\n RETURN\nENDPGM\n", "CPD0717", 2 },
    { "PGM PARM(&P)\nENDPGM\n", "CPD0727", 0 },
    { "PGM\n CHGVAR &A ('x\nENDPGM\n", "CPD0005", 2 },
};

static void test_compile_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof compile_errors / sizeof compile_errors[0]; i++) {
        const struct ccase *c = &compile_errors[i];
        struct qs_cl_prog *p = NULL;
        struct qs_cl_pos pos = { 0, 0 };
        struct qs_err err = QS_ERR_INIT;
        extern int qs_cl_prog_compile(const char *, const char *, size_t, struct qs_cl_prog **,
                                      struct qs_cl_pos *, struct qs_err *);
        if (qs_cl_prog_compile("T", c->src, strlen(c->src), &p, &pos, &err) == 0)
            fail_msg("case %zu compiled", i);
        if (strcmp(err.msgid, c->msgid) != 0 || pos.line != c->line)
            fail_msg("case %zu: %s line %u (%s), want %s line %u", i, err.msgid, pos.line,
                     err.text, c->msgid, c->line);
        qs_err_clear(&err);
    }
}

static int c_entry(int argc, char *argv[])
{
    if (argc != 3)
        return 1;
    memcpy(argv[1], "CHANGED   ", 10);      /* *CHAR 10 by reference */
    return argv[2][0] == 'X' ? 0 : 2;       /* a constant, blank-padded to 32 */
}

static void test_call(void **state)
{
    (void)state;
    const char *root = qs_test_root();
    char path[512], callee[512];
    FILE *f;
    snprintf(callee, sizeof callee, "%s/addone.clp", root);
    f = fopen(callee, "w");
    assert_non_null(f);
    fputs("PGM PARM(&N &T)\n DCL &N *DEC (15 5)\n DCL &T *CHAR 32\n CHGVAR &N (&N + 1)\n"
          " CHGVAR &T ('got ' *CAT &T)\nENDPGM\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/main.clp", root);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("PGM\n DCL &N *DEC (15 5) VALUE(41)\n DCL &T *CHAR 32 VALUE('abc')\n DCL &S *CHAR 10\n"
          " CALL ADDONE PARM(&N &T)\n" SAY("%CHAR(&N) *BCAT &T")
          " CALL PGM(CENTRY) PARM(&S 'X')\n" SAY("&S")
          " CALL PGM(CENTRY) PARM(&S 'Y')\n MONMSG CPF9898 EXEC(" SAYI("'rc'") ")\n"
          " CALL NOSUCHPGM\n MONMSG CPF0001 EXEC(" SAYI("'nf'") ")\n"
          " CALL ADDONE PARM(1)\n MONMSG MCH0802 EXEC(" SAYI("'count'") ")\n"
          "ENDPGM\n", f);
    fclose(f);
    assert_int_equal(qs_cl_pgm_register("CENTRY", c_entry), 0);
    char *out = NULL;
    size_t len = 0;
    struct qs_err err = QS_ERR_INIT;
    FILE *o = open_memstream(&out, &len);
    struct qs_cl_env env;
    qs_cl_env_init(&env, o, o);
    int rc = qs_cl_pgm_run_file(&env, path, NULL, 0, &err);
    qs_cl_env_free(&env);
    fclose(o);
    if (rc != 0)
        fail_msg("%s %s\n%s", err.msgid, err.text, out);
    assert_string_equal(out, "42.00000 got abc\nCHANGED\nrc\nnf\ncount\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programs),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
