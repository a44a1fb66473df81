/* Unit tests for the mail configuration attributes of session 2 (qsys/msf
 * mailcfg.c, msf_track.c, msf_run.c): CHGSMTPA COLDSTART, DIRTYPE, KEEPUNTIL,
 * VFYID and CHGPOPA MSGSPLIT, MIMECCSID values and their IBM messages; the
 * *SDD directory look-up; VFYID for mail a job creates; tracking records and
 * their expiry; the cold start. */
#include "testlib.h"

#include "qsys/msf/msf.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/sdd/sdd.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <string.h>
#include <time.h>

static int setup(void **state)
{
    (void)state;
    const char *root = qs_test_root();
    qs_root_reset();
    char p[512];
    snprintf(p, sizeof p, "%s/mail", root);   /* every test starts unconfigured */
    qs_rm_rf(p);
    snprintf(p, sizeof p, "%s/sdd", root);
    qs_rm_rf(p);
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "HOSTNAME", "qshim.test", &e), 0);
    assert_int_equal(qs_smtpdir_add("BOB", "bob", "qshim.test", &e), 0);
    assert_int_equal(qs_smtpdir_add("ALICE", "alice", "qshim.test", &e), 0);
    return 0;
}

static void values(void **state)
{
    (void)state;
    static const struct { const char *file, *k, *v, *msgid; } t[] = {
        { "smtpa.conf", "COLDSTART", "*YES", "" },
        { "smtpa.conf", "COLDSTART", "*MAYBE", "CPD0084" },
        { "smtpa.conf", "DIRTYPE", "*SDD", "" },
        { "smtpa.conf", "DIRTYPE", "*LDAP", "CPD0084" },
        { "smtpa.conf", "KEEPUNTIL", "*NONE", "" },
        { "smtpa.conf", "KEEPUNTIL", "999", "" },
        { "smtpa.conf", "KEEPUNTIL", "1000", "CPD0084" },
        { "smtpa.conf", "KEEPUNTIL", "0", "CPD0084" },
        { "smtpa.conf", "VFYID", "*YES", "" },
        { "popa.conf", "MSGSPLIT", "31", "CPD0084" },
        { "popa.conf", "MSGSPLIT", "2048", "" },
        { "popa.conf", "MSGSPLIT", "*NOMAX", "" },
        { "popa.conf", "MIMECCSID", "912 *ALWAYS", "" },
        { "popa.conf", "MIMECCSID", "37 *ALWAYS", "CPD0084" },
        { "popa.conf", "MIMECCSID", "819 *SOMETIMES", "CPD0084" },
        { "smtpa.conf", "NOSUCHKWD", "*YES", "CPD0043" },
        { "smtpa.conf", "VFYID", "*YES\n*NO", "CPD0084" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct qs_err e = QS_ERR_INIT;
        int rc = qs_mailcfg_set(t[i].file, t[i].k, t[i].v, &e);
        assert_int_equal(rc, *t[i].msgid ? -1 : 0);
        assert_string_equal(e.msgid, t[i].msgid);
        /* an IBM message: the text is the message description's, nothing else */
        if (*t[i].msgid)
            assert_non_null(strstr(e.text, strcmp(t[i].msgid, "CPD0043") ? "for parameter" : "not valid for this command"));
        qs_err_clear(&e);
    }
    struct qs_mailcfg c;
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_mailcfg_load(&c, &e), 0);
    assert_int_equal(c.coldstart, 1);
    assert_int_equal(c.dirtype, QS_DIR_SDD);
    assert_int_equal(c.keepuntil, 999);
    assert_int_equal(c.vfyid, 1);
    assert_int_equal(c.msgsplit, 0);
    assert_int_equal(c.mimeccsid, 912);
    assert_int_equal(c.mimeccsid_always, 1);
    assert_string_equal(qs_mimeccsid_charset(912), "ISO-8859-2");
    assert_null(qs_mimeccsid_charset(37));
    qs_mailcfg_free(&c);
}

/* SMTPUTF8 local parts against ISO 8859-1 aliases (docs/msf.md "SMTPUTF8"). */
static void utf8_aliases(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_smtpdir_add("BOB", "j\xc3\xb6rg", "qshim.test", &e), 0);
    assert_int_equal(qs_smtpdir_add("ALICE", "\xc3\x86sa.\xc3\xb8", "*DFT", &e), 0);
    static const char *const bad[] = {
        "\xce\xb4",            /* U+03B4: not in ISO 8859-1 */
        "a\xc2\xa0" "b",       /* no-break space */
        "a\xc2\x85",           /* C1 control */
        "\xf6rg",              /* a Latin-1 byte, not UTF-8 */
        "x\xc3\x97y",          /* U+00D7 is allowed (a Latin-1 character) */
    };
    for (size_t i = 0; i + 1 < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(qs_smtpdir_add("BOB", bad[i], "qshim.test", &e), -1);
        qs_err_clear(&e);
    }
    assert_int_equal(qs_smtpdir_add("BOB", bad[4], "qshim.test", &e), 0);
    /* 50 characters (100 octets) are fine, 51 are not */
    char a[120];
    for (int i = 0; i < 51; i++) { a[2 * i] = '\xc3'; a[2 * i + 1] = '\xa9'; }
    a[100] = '\0';
    assert_int_equal(qs_smtpdir_add("BOB", a, "qshim.test", &e), 0);
    a[100] = '\xc3';
    a[102] = '\0';
    assert_int_equal(qs_smtpdir_add("BOB", a, "qshim.test", &e), -1);
    qs_err_clear(&e);
    struct qs_mailcfg c;
    assert_int_equal(qs_mailcfg_load(&c, &e), 0);
    char user[11];
    static const struct { const char *alias; int found; const char *user; } t[] = {
        { "j\xc3\xb6rg", 1, "BOB" },
        { "J\xc3\x96RG", 1, "BOB" },            /* Ö matches ö */
        { "jorg", 0, NULL },
        { "j\xc3\xb6r", 0, NULL },
        { "\xc3\xa6SA.\xc3\x98", 1, "ALICE" },   /* æ/Æ, ø/Ø */
        { "X\xc3\x97Y", 1, "BOB" },
        { "x\xc3\xb7y", 0, NULL },             /* ÷ is not the lower case of × */
        { "j\xf6rg", 0, NULL },                /* Latin-1 byte */
        { "\xce\xb4", 0, NULL },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (qs_smtpdir_lookup(&c, t[i].alias, "QSHIM.test", user, &e) != t[i].found)
            fail_msg("%zu %s", i, t[i].alias);
        if (t[i].found)
            assert_string_equal(user, t[i].user);
    }
    qs_mailcfg_free(&c);
}

static void sdd_directory(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    struct qs_sdd_entry d;
    memset(&d, 0, sizeof d);
    qs_strlcpy(d.user, "CAROL", sizeof d.user);
    qs_strlcpy(d.addr, "HQ", sizeof d.addr);
    qs_strlcpy(d.usrprf, "CAROL", sizeof d.usrprf);
    qs_strlcpy(d.smtp_user, "carol.c", sizeof d.smtp_user);
    qs_strlcpy(d.smtp_domain, "qshim.test", sizeof d.smtp_domain);
    d.msflvl = QS_SDD_MSF_SYSMS;
    assert_int_equal(qs_sdd_add(&d, &e), 0);
    memset(&d, 0, sizeof d);
    qs_strlcpy(d.user, "NOPRF", sizeof d.user);
    qs_strlcpy(d.addr, "HQ", sizeof d.addr);
    qs_strlcpy(d.smtp_user, "noprf", sizeof d.smtp_user);
    qs_strlcpy(d.smtp_domain, "qshim.test", sizeof d.smtp_domain);
    assert_int_equal(qs_sdd_add(&d, &e), 0);
    struct qs_mailcfg c;
    assert_int_equal(qs_mailcfg_load(&c, &e), 0);
    char user[11];
    static const struct { int dirtype; const char *alias, *dom; int found; const char *user; } t[] = {
        { QS_DIR_SMTP, "bob", "qshim.test", 1, "BOB" },
        { QS_DIR_SMTP, "carol.c", "qshim.test", 0, NULL },
        { QS_DIR_SMTPMSF, "bob", "qshim.test", 1, "BOB" },
        { QS_DIR_SDD, "bob", "qshim.test", 0, NULL },
        { QS_DIR_SDD, "CAROL.C", "QSHIM.TEST", 1, "CAROL" },
        { QS_DIR_SDD, "noprf", "qshim.test", 0, NULL },       /* no user profile */
        { QS_DIR_SDD, "carol.c", "elsewhere.example", 0, NULL }, /* not local */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        c.dirtype = t[i].dirtype;
        assert_int_equal(qs_smtpdir_lookup(&c, t[i].alias, t[i].dom, user, &e), t[i].found);
        if (t[i].found)
            assert_string_equal(user, t[i].user);
    }
    c.dirtype = QS_DIR_SDD;
    assert_int_equal(qs_mailcfg_sender_owned(&c, "carol.c@qshim.test", "carol", &e), 1);
    assert_int_equal(qs_mailcfg_sender_owned(&c, "carol.c@qshim.test", "BOB", &e), 0);
    c.dirtype = QS_DIR_SMTP;
    assert_int_equal(qs_mailcfg_sender_owned(&c, "bob@qshim.test", "BOB", &e), 1);
    assert_int_equal(qs_mailcfg_sender_owned(&c, "alice@qshim.test", "BOB", &e), 0);
    assert_int_equal(qs_mailcfg_sender_owned(&c, "bob@far.example", "BOB", &e), 0);
    assert_int_equal(qs_mailcfg_sender_owned(&c, "nobody", "BOB", &e), 0);
    qs_mailcfg_free(&c);
}

static int count_bucket(const struct qs_msf_env *e, int bucket, void *arg)
{
    int *n = arg;
    n[bucket] += (int)e->nrcpt;
    return 0;
}

/* Mail a job (origin API, auth_user = the job's user) creates with an
 * originator that is not the user's: VFYID(*YES) stops it (status 5), and
 * the tracking record files it under *ERR; the user's own address passes. */
static void vfyid_api_and_tracking(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "VFYID", "*YES", &e), 0);
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "KEEPUNTIL", "2", &e), 0);
    static const char msg[] = "Subject: t\r\n\r\nhello\r\n";
    const char *froms[] = { "alice@qshim.test", "bob@qshim.test" };
    for (int i = 0; i < 2; i++) {
        struct qs_msf_env env;
        char id[QS_MSF_ID_LEN + 1];
        qs_msf_env_init(&env);
        env.origin = QS_MSF_ORIGIN_API;
        assert_int_equal(qs_msf_env_set(&env.from, froms[i], &e), 0);
        assert_int_equal(qs_msf_env_set(&env.auth_user, "BOB", &e), 0);
        assert_int_equal(qs_msf_env_add_rcpt(&env, "alice@qshim.test", QS_MSF_TO, 0, NULL, &e), 0);
        assert_int_equal(qs_msf_enqueue(&env, msg, sizeof msg - 1, id, &e), 0);
        qs_msf_env_clear(&env);
    }
    assert_int_equal(qs_msf_run_once(NULL, &e), 2);
    int n[5] = { 0 };
    assert_int_equal(qs_msf_track_list(count_bucket, n, &e), 2);
    assert_int_equal(n[QS_MSF_Q_DLV], 1);      /* bob@ as BOB: delivered      */
    assert_int_equal(n[QS_MSF_Q_ERR], 1);      /* alice@ as BOB: status 5     */
    /* expiry: nothing is 2 days old yet; all of it is 3 days from now */
    assert_int_equal(qs_msf_track_expire(2, time(NULL)), 0);
    assert_int_equal(qs_msf_track_expire(2, time(NULL) + 3 * 86400), 1);   /* today's file */
    memset(n, 0, sizeof n);
    assert_int_equal(qs_msf_track_list(count_bucket, n, &e), 0);
    /* DIRTYPE(*SDD): IBM's KEEPUNTIL applies to *SMTP and *SMTPMSF only */
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "DIRTYPE", "*SDD", &e), 0);
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "VFYID", "*NO", &e), 0);
    struct qs_msf_env env;
    char id[QS_MSF_ID_LEN + 1];
    qs_msf_env_init(&env);
    assert_int_equal(qs_msf_env_set(&env.from, "x@y.z", &e), 0);
    assert_int_equal(qs_msf_env_add_rcpt(&env, "nobody@qshim.test", QS_MSF_TO, 0, NULL, &e), 0);
    assert_int_equal(qs_msf_enqueue(&env, msg, sizeof msg - 1, id, &e), 0);
    qs_msf_env_clear(&env);
    assert_true(qs_msf_run_once(NULL, &e) >= 1);
    assert_int_equal(qs_msf_track_list(count_bucket, n, &e), 0);
}

static void coldstart(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    static const char msg[] = "Subject: t\r\n\r\nhello\r\n";
    struct qs_msf_env env;
    char id[QS_MSF_ID_LEN + 1];
    qs_msf_env_init(&env);
    assert_int_equal(qs_msf_env_set(&env.from, "x@y.z", &e), 0);
    assert_int_equal(qs_msf_env_add_rcpt(&env, "bob@qshim.test", QS_MSF_TO, 0, NULL, &e), 0);
    assert_int_equal(qs_msf_enqueue(&env, msg, sizeof msg - 1, id, &e), 0);
    qs_msf_env_clear(&env);
    assert_int_equal(qs_msf_queue_count(), 1);
    assert_int_equal(qs_msf_coldstart(&e), 0);
    assert_int_equal(qs_msf_queue_count(), 0);
    assert_int_equal(qs_msf_run_once(NULL, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(values, setup),
        cmocka_unit_test_setup(utf8_aliases, setup),
        cmocka_unit_test_setup(sdd_directory, setup),
        cmocka_unit_test_setup(vfyid_api_and_tracking, setup),
        cmocka_unit_test_setup(coldstart, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
