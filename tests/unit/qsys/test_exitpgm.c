/* tests/unit/qsys/test_exitpgm.c - exit program registry, contained calls,
 * and the strict descriptor parser.  Builds its exit programs with cc. */
#include "testlib.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/exitpgm/exitpgm.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/msf/msf.h"

#include <stddef.h>

static char so_path[512];

/* The exit programs, written as a user would against IBM's layouts. */
static const char exit_src[] =
    "#include <string.h>\n"
    "#include <stdlib.h>\n"
    "#include <unistd.h>\n"
    "struct __attribute__((packed)) attr { void *p; char pad[16 - sizeof(void *)]; int len; char fmt[8]; int res; };\n"
    "struct __attribute__((packed)) hdr { int total, avail; char fmt[8]; int first, count, res; };\n"
    "struct __attribute__((packed)) rcp { int elen, sdisp, slen, rdisp, alen; char type[4]; int ccsid, reason, diag; char mtype[4]; int status, dist, uid, res; };\n"
    "static void mark(void *attrs, int n, const char *who, int st) {\n"
    "  struct attr *a = attrs;\n"
    "  for (int i = 0; i < n; i++) {\n"
    "    if (memcmp(a[i].fmt, \"RCPL0100\", 8)) continue;\n"
    "    char *d = a[i].p; struct hdr h; memcpy(&h, d, sizeof h);\n"
    "    char *e = d + h.first;\n"
    "    for (int k = 0; k < h.count; k++) {\n"
    "      struct rcp r; memcpy(&r, e, sizeof r);\n"
    "      if (r.alen == (int)strlen(who) && !memcmp(e + r.rdisp, who, r.alen)) { r.status = st; memcpy(e, &r, sizeof r); }\n"
    "      e += r.elen;\n"
    "    }\n"
    "  }\n"
    "}\n"
    "#define PGM(name, code) void name(char *ep, char *id, void *at, int *n, char *f, int *rc) { mark(at, *n, \"b@x.org\", 2); *rc = code; }\n"
    "PGM(ret0, 0) PGM(ret1, 1) PGM(ret2, 2) PGM(ret3, 3) PGM(ret7, 7)\n"
    "void crash(char *ep, char *id, void *at, int *n, char *f, int *rc) { mark(at, *n, \"b@x.org\", 2); *(volatile int *)0 = 1; *rc = 0; }\n"
    "void hang(char *ep, char *id, void *at, int *n, char *f, int *rc) { for (;;) pause(); }\n"
    "void quits(char *ep, char *id, void *at, int *n, char *f, int *rc) { _exit(0); }\n"
    "void scribble(char *ep, char *id, void *at, int *n, char *f, int *rc) {\n"
    "  struct attr *a = at; char *d = a[1].p; struct hdr h; memcpy(&h, d, sizeof h);\n"
    "  h.first = 1000000; memcpy(d, &h, sizeof h); a[1].p = (void *)16; a[1].len = 0x7fffffff; *rc = 0; }\n";

static int setup(void **st)
{
    (void)st;
    const char *root = qs_test_root();
    qs_root_reset();
    char src[512], cmd[1400];
    snprintf(src, sizeof src, "%s/exits.c", root);
    snprintf(so_path, sizeof so_path, "%s/exits.so", root);
    FILE *f = fopen(src, "w");
    if (!f)
        return -1;
    fputs(exit_src, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cc -shared -fPIC -O0 -o '%s' '%s'", so_path, src);
    return system(cmd) == 0 ? 0 : -1;
}

static struct qs_exitpgm_reg reg(const char *point, const char *sym, int nbr)
{
    struct qs_exitpgm_reg r;
    memset(&r, 0, sizeof r);
    snprintf(r.exit_point, sizeof r.exit_point, "%s", point);
    snprintf(r.format, sizeof r.format, "MSFF0100");
    snprintf(r.pgm, sizeof r.pgm, "QGPL/%s", sym);
    snprintf(r.path, sizeof r.path, "%s", so_path);
    snprintf(r.symbol, sizeof r.symbol, "%s", sym);
    r.pgmnbr = nbr;
    r.timeout = 2;
    return r;
}

static void make_env(struct qs_msf_env *e)
{
    struct qs_err err = QS_ERR_INIT;
    qs_msf_env_init(e);
    snprintf(e->id, sizeof e->id, "%s", "0123456789ABCDEF0123456789ABCDEF");
    assert_int_equal(qs_msf_env_set(&e->from, "sender@x.org", &err), 0);
    assert_true(qs_msf_env_add_rcpt(e, "a@x.org", QS_MSF_TO, 0, NULL, &err) >= 0);
    assert_true(qs_msf_env_add_rcpt(e, "b@x.org", QS_MSF_CC, 0, NULL, &err) >= 0);
}

static void test_return_codes(void **st)
{
    (void)st;
    static const struct { const char *sym; int rc; int applied; } cases[] = {
        { "ret0", 0, 1 }, { "ret1", 1, 0 }, { "ret2", 2, 1 }, { "ret3", 3, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct qs_msf_env env;
        make_env(&env);
        struct qs_exitpgm_reg r = reg("QIBM_QZMFMSF_ADR_RSL", cases[i].sym, 1);
        struct qs_exitpgm_result res;
        struct qs_err err = QS_ERR_INIT;
        assert_int_equal(qs_exitpgm_call(&r, &env, "/nonexistent/content", &res, &err), 0);
        assert_true(res.ok);
        assert_int_equal(res.rc, cases[i].rc);
        assert_int_equal(env.rcpt[0].status, QS_MSF_RS_PENDING);
        assert_int_equal(env.rcpt[1].status, cases[i].applied ? QS_MSF_RS_IGNORE : QS_MSF_RS_PENDING);
        qs_msf_env_clear(&env);
    }
}

static void test_contained_failures(void **st)
{
    (void)st;
    static const struct { const char *sym; const char *msgid; } cases[] = {
        { "crash", "CPFAF95" }, { "hang", "CPFAF96" }, { "quits", "CPFAF97" },
        { "ret7", "CPFAF97" }, { "no_such_symbol", "CPFAF97" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct qs_msf_env env;
        make_env(&env);
        struct qs_exitpgm_reg r = reg("QIBM_QZMFMSF_LCL_DEL", cases[i].sym, 1);
        r.timeout = 1;
        struct qs_exitpgm_result res;
        struct qs_err err = QS_ERR_INIT;
        assert_int_equal(qs_exitpgm_call(&r, &env, NULL, &res, &err), -1);
        assert_string_equal(err.msgid, cases[i].msgid);
        assert_false(res.ok);
        /* the message is untouched: the crash happened after it marked b@ */
        assert_int_equal(env.rcpt[1].status, QS_MSF_RS_PENDING);
        qs_err_clear(&err);
        qs_msf_env_clear(&env);
    }
    /* a program that corrupts its descriptors and pointers: we still run */
    struct qs_msf_env env;
    make_env(&env);
    struct qs_exitpgm_reg r = reg("QIBM_QZMFMSF_LCL_DEL", "scribble", 1);
    struct qs_exitpgm_result res;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_exitpgm_call(&r, &env, NULL, &res, &err), 0);
    assert_int_equal(env.rcpt[1].status, QS_MSF_RS_PENDING);
    qs_msf_env_clear(&env);
    /* shared object missing */
    snprintf(r.path, sizeof r.path, "/nonexistent/x.so");
    make_env(&env);
    assert_int_equal(qs_exitpgm_call(&r, &env, NULL, &res, &err), -1);
    assert_string_equal(err.msgid, "CPFAF97");
    qs_err_clear(&err);
    qs_msf_env_clear(&env);
}

static void test_registry_and_run_point(void **st)
{
    (void)st;
    struct qs_err err = QS_ERR_INIT;
    struct qs_exitpgm_reg r = reg("qibm_qzmfmsf_adr_rsl", "ret0", -1);   /* *LOW */
    int nbr;
    assert_int_equal(qs_exitpgm_add(&r, &nbr, &err), 0);
    assert_int_equal(nbr, 1);
    r = reg("QIBM_QZMFMSF_ADR_RSL", "ret3", -2);                         /* *HIGH */
    assert_int_equal(qs_exitpgm_add(&r, &nbr, &err), 0);
    assert_int_equal(nbr, 2);
    r = reg("QIBM_QZMFMSF_ADR_RSL", "ret2", 2);
    assert_int_equal(qs_exitpgm_add(&r, &nbr, &err), -1);
    assert_string_equal(err.msgid, "CPFAF98");
    r = reg("QIBM_QZMFMSF_NOPE", "ret0", 1);
    assert_int_equal(qs_exitpgm_add(&r, &nbr, &err), -1);
    assert_string_equal(err.msgid, "CPFAF99");
    r = reg("QIBM_QZMFMSF_TRK_CHG", "ret0", 1);                          /* needs TCMM0100 */
    assert_int_equal(qs_exitpgm_add(&r, &nbr, &err), -1);
    assert_string_equal(err.msgid, "CPF9083");
    assert_string_equal(qs_exitpgm_point_format("QIBM_QZMFMSF_VLD_TYP"), "VDFF0100");

    struct qs_exitpgm_reg *v;
    size_t n;
    assert_int_equal(qs_exitpgm_list(NULL, &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].symbol, "ret0");
    assert_int_equal(v[1].pgmnbr, 2);
    free(v);

    /* the runner's hook: ret0 marks b@ ignored, ret3 ends message processing */
    struct qs_msf_env env;
    make_env(&env);
    struct qs_msf_ctx ctx = { &env, "/nonexistent", NULL };
    assert_int_equal(qs_exitpgm_run_point("QIBM_QZMFMSF_ADR_RSL", &ctx, &err), QS_MSF_END_MSG);
    assert_int_equal(env.rcpt[1].status, QS_MSF_RS_IGNORE);
    assert_int_equal(env.rcpt[0].status, QS_MSF_RS_IGNORE);    /* END_MSG: leaves MSF */
    assert_int_equal(qs_exitpgm_run_point("QIBM_QZMFMSF_LCL_DEL", &ctx, &err), QS_MSF_CONTINUE);
    qs_msf_env_clear(&env);

    assert_int_equal(qs_exitpgm_remove("QIBM_QZMFMSF_ADR_RSL", "MSFF0100", 2, &err), 0);
    assert_int_equal(qs_exitpgm_remove("QIBM_QZMFMSF_ADR_RSL", "MSFF0100", 2, &err), -1);
    assert_string_equal(err.msgid, "CPFAF94");
    assert_int_equal(qs_exitpgm_remove("QIBM_QZMFMSF_ADR_RSL", NULL, 1, &err), 0);
    assert_int_equal(qs_exitpgm_list(NULL, &v, &n, &err), 0);
    assert_int_equal(n, 0);
    free(v);
    qs_err_clear(&err);
}

/* The parser against malformed descriptors: each must fail with CPFAF83. */
static void test_parser_rejects(void **st)
{
    (void)st;
    struct qs_buf b;
    qs_buf_init(&b, 1 << 20);
    struct qs_zmf_builder zb;
    struct qs_zmf_item it;
    memset(&it, 0, sizeof it);
    memcpy(it.type, "SMTP", 4);
    it.data = "x@y.org";
    it.len = 7;
    it.spin = "spin";
    it.spin_len = 4;
    assert_int_equal(qs_zmf_begin(&zb, &b, 1), 0);
    assert_int_equal(qs_zmf_desc(&zb, QS_ZMF_RCPL), 0);
    assert_int_equal(qs_zmf_add(&zb, &it), 0);
    assert_int_equal(qs_zmf_add(&zb, &it), 0);
    assert_int_equal(qs_zmf_end(&zb), 0);
    qs_zmf_relocate(b.data, 1);
    struct qs_zmf_parsed p;
    struct qs_err err = QS_ERR_INIT;
    assert_int_equal(qs_zmf_parse((struct qs_zmf_attr *)b.data, 1, &p, &err), 0);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.v[1].len, 7);
    assert_memory_equal(p.v[1].data, "x@y.org", 7);
    assert_memory_equal(p.v[1].spin, "spin", 4);
    qs_zmf_parsed_free(&p);

    struct qs_zmf_attr *a = (struct qs_zmf_attr *)b.data;
    char *d = a->desc.ptr;
    size_t hoff = 0, e0 = sizeof(struct qs_zmf_hdr);
    static const struct { size_t off; int32_t val; int attr; const char *why; } bad[] = {
        { offsetof(struct qs_zmf_attr, reserved), 1, 1, "21" },
        { offsetof(struct qs_zmf_attr, len), 4, 1, "24" },
        { offsetof(struct qs_zmf_attr, len), -1, 1, "24" },
        { offsetof(struct qs_zmf_hdr, total_len), 100000, 0, "26" },
        { offsetof(struct qs_zmf_hdr, count), -1, 0, "27" },
        { offsetof(struct qs_zmf_hdr, count), 3, 0, "29" },
        { offsetof(struct qs_zmf_hdr, first_off), 2, 0, "28" },
        { offsetof(struct qs_zmf_hdr, first_off), 0x7fffffff, 0, "28" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, entry_len), 0, 0, "30" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, entry_len), 0x7ffffff0, 0, "30" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, rcpt_disp), 0x7ffffff0, 0, "31" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, rcpt_disp), -8, 0, "31" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, addr_len), -1, 0, "31" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, addr_len), 2000, 0, "31" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, spin_len), 300, 0, "33" },
        { sizeof(struct qs_zmf_hdr) + offsetof(struct qs_zmf_rcp_ent, spin_disp), 1, 0, "33" },
    };
    (void)hoff; (void)e0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *base = bad[i].attr ? b.data : d;
        int32_t save;
        memcpy(&save, base + bad[i].off, 4);
        memcpy(base + bad[i].off, &bad[i].val, 4);
        assert_int_equal(qs_zmf_parse(a, 1, &p, &err), -1);
        assert_string_equal(err.msgid, "CPFAF83");
        char *txt = err.text;
        assert_non_null(strstr(txt, bad[i].why));
        memcpy(base + bad[i].off, &save, 4);
        qs_err_clear(&err);
    }
    memcpy(a->format, "XXXX0100", 8);
    assert_int_equal(qs_zmf_parse(a, 1, &p, &err), -1);
    assert_int_equal(qs_zmf_parse(a, -1, &p, &err), -1);
    assert_int_equal(qs_zmf_parse(a, 65, &p, &err), -1);
    memcpy(a->format, "RCPL0100", 8);
    a->desc.ptr = NULL;
    assert_int_equal(qs_zmf_parse(a, 1, &p, &err), -1);
    qs_err_clear(&err);
    qs_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_return_codes),
        cmocka_unit_test(test_contained_failures),
        cmocka_unit_test(test_registry_and_run_point),
        cmocka_unit_test(test_parser_rejects),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
