/*
 * qsys/usrprf/usrprf.c - user profiles and sign-on (see usrprf.h).
 *
 * Owns the payload of *USRPRF objects.  Passwords are hashed with yescrypt
 * through libxcrypt's reentrant calls; clear text never reaches a file, a
 * log or an error message.
 */
#include "qsys/usrprf/usrprf.h"
#include "qsys/usrprf/pwcache.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <crypt.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PRF_LIB  "QSYS"
#define PRF_TYPE "*USRPRF"
#define PRF_MAX_PAYLOAD 4096
#define SIGNON_LOCK_WAIT_MS 10000

static const struct {
    const char *name;
    unsigned    bit;
} spcauts[] = {
    { "*ALLOBJ", QS_SPCAUT_ALLOBJ },     { "*AUDIT", QS_SPCAUT_AUDIT },
    { "*IOSYSCFG", QS_SPCAUT_IOSYSCFG }, { "*JOBCTL", QS_SPCAUT_JOBCTL },
    { "*SAVSYS", QS_SPCAUT_SAVSYS },     { "*SECADM", QS_SPCAUT_SECADM },
    { "*SERVICE", QS_SPCAUT_SERVICE },   { "*SPLCTL", QS_SPCAUT_SPLCTL },
};
#define NSPCAUT (sizeof spcauts / sizeof spcauts[0])

int qs_spcaut_parse(const char *s, unsigned *bit_r)
{
    for (size_t i = 0; i < NSPCAUT; i++)
        if (qs_strcaseeq(s, spcauts[i].name)) {
            *bit_r = spcauts[i].bit;
            return 0;
        }
    return -1;
}

void qs_spcaut_format(unsigned bits, char *out, size_t n)
{
    struct qs_buf b;
    qs_buf_init(&b, 256);
    for (size_t i = 0; i < NSPCAUT; i++)
        if (bits & spcauts[i].bit)
            qs_buf_addf(&b, "%s%s", b.len ? " " : "", spcauts[i].name);
    qs_strlcpy(out, b.len ? qs_buf_str(&b) : "*NONE", n);
    qs_buf_free(&b);
}

void qs_usrprf_init(struct qs_usrprf *p, const char *name)
{
    memset(p, 0, sizeof *p);
    qs_strlcpy(p->name, name ? name : "", sizeof p->name);
    p->enabled = 1;
    qs_strlcpy(p->usrcls, "*USER", sizeof p->usrcls);
    p->ccsid = QS_CCSID_SYSVAL;
    qs_strlcpy(p->owner, "QSECOFR", sizeof p->owner);
}

int qs_usrprf_set_password(struct qs_usrprf *p, const char *pw, struct qs_err *err)
{
    if (!pw || qs_strcaseeq(pw, "*NONE")) {
        p->pwhash[0] = '\0';
        return 0;
    }
    size_t n = strlen(pw);
    int bad = n == 0 || n > QS_USRPRF_PW_MAX;
    for (size_t i = 0; i < n && !bad; i++)
        if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
            bad = 1;
    if (bad)   /* CPF22xx text never carries the password itself */
        return qs_err_set(err, "CPF2203", p->name, (const char *)NULL);
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
        return qs_err_sys(err, errno ? errno : EINVAL);
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return qs_err_sys(err, ENOMEM);
    const char *h = crypt_rn(pw, salt, cd, (int)sizeof *cd);
    int rc = 0;
    if (!h || h[0] == '*' || strlen(h) >= sizeof p->pwhash)
        rc = qs_err_sys(err, errno ? errno : EINVAL);
    else
        qs_strlcpy(p->pwhash, h, sizeof p->pwhash);
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return rc;
}

/* 1 if pw matches hash (constant-time compare of the hashes). */
static int pw_matches(const char *pw, const char *hash)
{
    /* A fixed valid setting keeps the timing of "no such user" close. */
    static const char dummy[] = "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7";
    const char *setting = hash && *hash ? hash : dummy;
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return 0;
    const char *h = crypt_rn(pw, setting, cd, (int)sizeof *cd);
    int ok = 0;
    if (h && h[0] != '*' && hash && *hash) {
        size_t a = strlen(h), b = strlen(hash);
        unsigned diff = (unsigned)(a ^ b);
        for (size_t i = 0; i < a && i < b; i++)
            diff |= (unsigned char)(h[i] ^ hash[i]);
        ok = diff == 0;
    }
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return ok;
}

/* --- payload ---------------------------------------------------------------- */

static int encode(const struct qs_usrprf *p, struct qs_buf *b)
{
    char sa[128];
    qs_spcaut_format(p->spcaut, sa, sizeof sa);
    qs_buf_addf(b, "password=%s\nstatus=%s\nusrcls=%s\nspcaut=%s\n",
                p->pwhash[0] ? p->pwhash : "*NONE", p->enabled ? "*ENABLED" : "*DISABLED",
                p->usrcls, sa);
    if (p->ccsid == QS_CCSID_SYSVAL)
        qs_buf_adds(b, "ccsid=*SYSVAL\n");
    else
        qs_buf_addf(b, "ccsid=%d\n", p->ccsid);
    qs_buf_addf(b, "pwdexp=%s\ninvalid_signons=%d\nlast_signon=%lld\n",
                p->pwdexp ? "*YES" : "*NO", p->invalid_signons, (long long)p->last_signon);
    return b->data ? 0 : -1;
}

static int decode(const char *s, size_t len, struct qs_usrprf *p)
{
    const char *end = s + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
        const char *eq = memchr(s, '=', ll);
        if (!eq)
            return -1;
        size_t kl = (size_t)(eq - s), vl = ll - kl - 1;
        const char *v = eq + 1;
        long long x;
        char tmp[QS_USRPRF_HASH_MAX];
        if (vl >= sizeof tmp)
            return -1;
        memcpy(tmp, v, vl);
        tmp[vl] = '\0';
        if (qs_memcaseeq(s, kl, "password")) {
            if (strcmp(tmp, "*NONE") == 0)
                p->pwhash[0] = '\0';
            else if (tmp[0] != '$')
                return -1;
            else
                qs_strlcpy(p->pwhash, tmp, sizeof p->pwhash);
        } else if (qs_memcaseeq(s, kl, "status")) {
            if (strcmp(tmp, "*ENABLED") == 0)
                p->enabled = 1;
            else if (strcmp(tmp, "*DISABLED") == 0)
                p->enabled = 0;
            else
                return -1;
        } else if (qs_memcaseeq(s, kl, "usrcls")) {
            if (vl > QS_NAME_LEN)
                return -1;
            qs_strlcpy(p->usrcls, tmp, sizeof p->usrcls);
        } else if (qs_memcaseeq(s, kl, "spcaut")) {
            p->spcaut = 0;
            char *save = NULL;
            for (char *w = strtok_r(tmp, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
                unsigned bit;
                if (strcmp(w, "*NONE") == 0)
                    continue;
                if (qs_spcaut_parse(w, &bit) < 0)
                    return -1;
                p->spcaut |= bit;
            }
        } else if (qs_memcaseeq(s, kl, "ccsid")) {
            if (strcmp(tmp, "*SYSVAL") == 0)
                p->ccsid = QS_CCSID_SYSVAL;
            else if (qs_parse_ll(v, vl, 1, 65535, &x) < 0)
                return -1;
            else
                p->ccsid = (int)x;
        } else if (qs_memcaseeq(s, kl, "pwdexp")) {
            p->pwdexp = strcmp(tmp, "*YES") == 0;
        } else if (qs_memcaseeq(s, kl, "invalid_signons")) {
            if (qs_parse_ll(v, vl, 0, 1000000, &x) < 0)
                return -1;
            p->invalid_signons = (int)x;
        } else if (qs_memcaseeq(s, kl, "last_signon")) {
            if (qs_parse_ll(v, vl, 0, 1LL << 40, &x) < 0)
                return -1;
            p->last_signon = (time_t)x;
        }
        s += ll + (nl ? 1 : 0);
    }
    return 0;
}

static int check_name(const char *in, char out[QS_NAME_LEN + 1], struct qs_err *err)
{
    return qs_name_check(in, out, "USRPRF", err);
}

/* Turn an object-store "not found" into the profile message. */
static int map_err(struct qs_err *err, const char *name)
{
    if (err && strcmp(err->msgid, "CPF9801") == 0)
        return qs_err_set(err, "CPF2204", name, (const char *)NULL);
    return -1;
}

static void fill_desc(struct qs_objdesc *d, const struct qs_usrprf *p)
{
    qs_strlcpy(d->text, p->text, sizeof d->text);
    qs_strlcpy(d->attr, "", sizeof d->attr);
    d->pubaut = QS_AUT_EXCLUDE;
}

int qs_usrprf_create(struct qs_usrprf *p, struct qs_err *err)
{
    char n[QS_NAME_LEN + 1];
    if (check_name(p->name, n, err) < 0)
        return -1;
    memcpy(p->name, n, sizeof n);
    if (qs_obj_init_system(err) < 0)
        return -1;
    struct qs_objdesc *d = malloc(sizeof *d);
    if (!d)
        return qs_err_sys(err, ENOMEM);
    qs_objdesc_init(d, PRF_LIB, n, PRF_TYPE, p->owner[0] ? p->owner : "QSECOFR");
    fill_desc(d, p);
    struct qs_buf b;
    qs_buf_init(&b, PRF_MAX_PAYLOAD);
    int rc = -1;
    if (encode(p, &b) < 0) {
        qs_err_sys(err, ENOMEM);
    } else if (qs_obj_create(d, b.data, b.len, err) < 0) {
        if (err && strcmp(err->msgid, "CPF9870") == 0)
            qs_err_set(err, "CPF2214", n, (const char *)NULL);
    } else {
        rc = 0;
    }
    explicit_bzero(b.data ? b.data : (char *)"", b.len);
    qs_buf_free(&b);
    free(d);
    return rc;
}

static int read_locked(const char *n, struct qs_usrprf *p, struct qs_objdesc *d,
                       struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, PRF_MAX_PAYLOAD);
    if (qs_obj_read(PRF_LIB, n, PRF_TYPE, d, &b, err) < 0) {
        qs_buf_free(&b);
        return map_err(err, n);
    }
    qs_usrprf_init(p, n);
    int rc = 0;
    if (decode(qs_buf_str(&b), b.len, p) < 0)
        rc = qs_err_set(err, "CPF8105", PRF_TYPE, n, PRF_LIB, (const char *)NULL);
    qs_strlcpy(p->text, d->text, sizeof p->text);
    qs_strlcpy(p->owner, d->owner, sizeof p->owner);
    qs_buf_free(&b);
    return rc;
}

int qs_usrprf_retrieve(const char *name, struct qs_usrprf *p_r, struct qs_err *err)
{
    char n[QS_NAME_LEN + 1];
    if (check_name(name, n, err) < 0)
        return -1;
    struct qs_objdesc *d = malloc(sizeof *d);
    if (!d)
        return qs_err_sys(err, ENOMEM);
    int rc = read_locked(n, p_r, d, err);
    free(d);
    return rc;
}

static int write_back(struct qs_usrprf *p, struct qs_objdesc *d, struct qs_err *err)
{
    fill_desc(d, p);
    struct qs_buf b;
    qs_buf_init(&b, PRF_MAX_PAYLOAD);
    int rc = encode(p, &b) < 0 ? qs_err_sys(err, ENOMEM) : qs_obj_update(d, b.data, b.len, err);
    qs_buf_free(&b);
    return rc < 0 ? map_err(err, p->name) : 0;
}

int qs_usrprf_change(struct qs_usrprf *p, struct qs_err *err)
{
    char n[QS_NAME_LEN + 1];
    if (check_name(p->name, n, err) < 0)
        return -1;
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_obj_lock(PRF_LIB, n, PRF_TYPE, QS_LOCK_EXCL, SIGNON_LOCK_WAIT_MS, &lk, err) < 0)
        return -1;
    struct qs_objdesc *d = malloc(sizeof *d);
    int rc = -1;
    if (!d) {
        qs_err_sys(err, ENOMEM);
    } else if (qs_obj_read(PRF_LIB, n, PRF_TYPE, d, NULL, err) < 0) {
        map_err(err, n);
    } else {
        rc = write_back(p, d, err);
    }
    free(d);
    qs_obj_unlock(&lk);
    return rc;
}

int qs_usrprf_delete(const char *name, struct qs_err *err)
{
    char n[QS_NAME_LEN + 1];
    if (check_name(name, n, err) < 0)
        return -1;
    if (qs_obj_delete(PRF_LIB, n, PRF_TYPE, err) < 0)
        return map_err(err, n);
    return 0;
}

struct list_ctx {
    int (*fn)(const struct qs_usrprf *p, void *arg);
    void *arg;
};

static int list_one(const struct qs_objdesc *d, void *arg)
{
    struct list_ctx *c = arg;
    struct qs_usrprf p;
    if (qs_usrprf_retrieve(d->name, &p, NULL) < 0)
        return 0;
    return c->fn(&p, c->arg);
}

int qs_usrprf_list(int (*fn)(const struct qs_usrprf *p, void *arg), void *arg,
                   struct qs_err *err)
{
    if (qs_obj_init_system(err) < 0)
        return -1;
    struct list_ctx c = { fn, arg };
    return qs_obj_list(PRF_LIB, PRF_TYPE, list_one, &c, err);
}

int qs_usrprf_signon(const char *name, const char *password, struct qs_err *err)
{
    char n[QS_NAME_LEN + 1];
    if (!password)
        password = "";
    if (check_name(name, n, err) < 0) {
        pw_matches(password, NULL);
        return -1;
    }
    if (!qs_obj_exists(PRF_LIB, n, PRF_TYPE)) {
        pw_matches(password, NULL);
        return qs_err_set(err, "CPF2204", n, (const char *)NULL);
    }
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_obj_lock(PRF_LIB, n, PRF_TYPE, QS_LOCK_EXCL, SIGNON_LOCK_WAIT_MS, &lk, err) < 0)
        return -1;
    struct qs_usrprf *p = malloc(sizeof *p);
    struct qs_objdesc *d = malloc(sizeof *d);
    int rc = -1;
    if (!p || !d) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (read_locked(n, p, d, err) < 0)
        goto out;
    if (!p->enabled) {
        pw_matches(password, NULL);
        qs_err_set(err, "CPF22E3", n, (const char *)NULL);
        goto out;
    }
    if (!p->pwhash[0]) {
        pw_matches(password, NULL);
        qs_err_set(err, "CPF22E5", n, (const char *)NULL);
        goto out;
    }
    int cached = qs_pwcache_check(n, p->pwhash, password);
    if (!cached && !pw_matches(password, p->pwhash)) {
        p->invalid_signons++;
        if (p->invalid_signons >= QS_USRPRF_QMAXSIGN)
            p->enabled = 0;
        struct qs_err e2 = QS_ERR_INIT;
        if (write_back(p, d, &e2) < 0) {
            qs_err_move(err, &e2);
            goto out;
        }
        qs_err_set(err, "CPF22E2", n, (const char *)NULL);
        goto out;
    }
    if (p->pwdexp) {
        qs_err_set(err, "CPF22E4", n, (const char *)NULL);
        goto out;
    }
    time_t now = time(NULL);
    if (p->invalid_signons != 0 || p->last_signon != now) {   /* else nothing changes */
        p->invalid_signons = 0;
        p->last_signon = now;
        if (write_back(p, d, err) < 0)
            goto out;
    }
    if (!cached)
        qs_pwcache_note(n, p->pwhash, password);
    rc = 0;
out:
    if (p)
        explicit_bzero(p, sizeof *p);
    free(p);
    free(d);
    qs_obj_unlock(&lk);
    return rc;
}

/* --- the job's profile -------------------------------------------------------- */

int qs_usrprf_host_name(char out[QS_NAME_LEN + 1], struct qs_err *err)
{
    const char *env = getenv("QSHIM_USER");
    if (env && *env)
        return qs_name_check(env, out, "QSHIM_USER", err);
    const char *login = NULL;
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name)
        login = pw->pw_name;
    if (!login || !*login)
        login = getenv("USER");
    if (!login || !*login)
        login = "QUSER";
    char n[QS_NAME_LEN + 2];
    size_t k = 0;
    int c0 = (unsigned char)login[0];
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')))
        n[k++] = 'Q';
    for (const char *s = login; *s && k < QS_NAME_LEN; s++) {
        int c = (unsigned char)*s;
        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '#' ||
              c == '@'))
            c = '_';
        n[k++] = (char)c;
    }
    n[k] = '\0';
    return qs_name_check(n, out, "USER", err);
}

int qs_usrprf_current(struct qs_usrprf *p_r, struct qs_err *err)
{
    char n[QS_NAME_LEN + 1];
    if (qs_usrprf_host_name(n, err) < 0)
        return -1;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_usrprf_retrieve(n, p_r, &e2) == 0)
        return 0;
    const char *env = getenv("QSHIM_USER");
    if (strcmp(e2.msgid, "CPF2204") != 0 || (env && *env)) {
        qs_err_move(err, &e2);
        return -1;
    }
    qs_err_clear(&e2);
    qs_usrprf_init(p_r, n);
    qs_strlcpy(p_r->usrcls, "*SECOFR", sizeof p_r->usrcls);
    p_r->spcaut = QS_SPCAUT_ALLOBJ | QS_SPCAUT_AUDIT | QS_SPCAUT_IOSYSCFG | QS_SPCAUT_JOBCTL |
                  QS_SPCAUT_SAVSYS | QS_SPCAUT_SECADM | QS_SPCAUT_SERVICE | QS_SPCAUT_SPLCTL;
    qs_strlcpy(p_r->text, "Host user (created on first use)", sizeof p_r->text);
    if (qs_usrprf_create(p_r, &e2) < 0 && strcmp(e2.msgid, "CPF2214") != 0) {
        qs_err_move(err, &e2);
        return -1;
    }
    qs_err_clear(&e2);
    return qs_usrprf_retrieve(n, p_r, err);
}
