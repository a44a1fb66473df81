/*
 * qsys/sdd/sdd.c - the system distribution directory (see sdd.h).
 *
 * The directory is small (one entry per mail user) and read far more often
 * than written, so it is one file loaded whole; a change takes the lock,
 * loads, edits, and writes the new file atomically.
 */
#include "qsys/sdd/sdd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/kvrec.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define SDD_FILE_MAX (64u * 1024 * 1024)

static const char *const pref_names[] = { "*USRID", "*SMTP", "*NETUSRID" };
static const char *const msf_names[]  = { "*USRIDX", "*SYSMS" };

/* Index of s among names[0..n) (case-insensitive), or -1. */
static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (qs_strcaseeq(s, names[i]))
            return i;
    return -1;
}

const char *qs_sdd_prefadr_name(enum qs_sdd_prefadr p)
{
    return (unsigned)p < 3 ? pref_names[p] : "*USRID";
}

int qs_sdd_prefadr_parse(const char *s, enum qs_sdd_prefadr *r)
{
    int i = name_index(pref_names, 3, s);
    if (i >= 0)
        *r = (enum qs_sdd_prefadr)i;
    return i < 0 ? -1 : 0;
}

const char *qs_sdd_msflvl_name(enum qs_sdd_msflvl m)
{
    return (unsigned)m < 2 ? msf_names[m] : "*USRIDX";
}

int qs_sdd_msflvl_parse(const char *s, enum qs_sdd_msflvl *r)
{
    int i = name_index(msf_names, 2, s);
    if (i >= 0)
        *r = (enum qs_sdd_msflvl)i;
    return i < 0 ? -1 : 0;
}

static int bad(struct qs_err *err, const char *what, const char *val)
{
    char shown[64];
    qs_sanitize(shown, sizeof shown, val, strlen(val));
    return qs_err_set(err, "CPF9083", what, shown, (const char *)NULL);
}

static int name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '@' || c == '#' || c == '$' || c == '_';
}

int qs_sdd_norm_id(const char *s, char out[QS_SDD_ID_LEN + 1], const char *what,
                   struct qs_err *err)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    while (n && *s == ' ') {
        s++;
        n--;
    }
    if (n == 0 || n > QS_SDD_ID_LEN)
        return bad(err, what, s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!name_char(c))
            return bad(err, what, s);
        out[i] = c;
    }
    out[n] = '\0';
    return 0;
}

static int printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

int qs_sdd_validate(struct qs_sdd_entry *e, struct qs_err *err)
{
    if (qs_sdd_norm_id(e->user, e->user, "USRID user ID", err) < 0 ||
        qs_sdd_norm_id(e->addr, e->addr, "USRID address", err) < 0)
        return -1;
    if (e->usrprf[0] && !qs_strcaseeq(e->usrprf, "*NONE")) {
        size_t n = strnlen(e->usrprf, sizeof e->usrprf);
        if (n > QS_SDD_PRF_LEN || (e->usrprf[0] >= '0' && e->usrprf[0] <= '9'))
            return bad(err, "USER", e->usrprf);
        qs_str_upper(e->usrprf);
        for (size_t i = 0; i < n; i++)
            if (!name_char(e->usrprf[i]))
                return bad(err, "USER", e->usrprf);
    } else {
        e->usrprf[0] = '\0';
    }
    if (!printable(e->desc))
        return bad(err, "USRD", e->desc);
    for (const char *p = e->smtp_user; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
            strchr("@<>()[]\\,;:\"", *p))
            return bad(err, "SMTPUID", e->smtp_user);
    for (const char *p = e->smtp_domain; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '-'))
            return bad(err, "SMTPDMN", e->smtp_domain);
    }
    if (!e->smtp_user[0] != !e->smtp_domain[0])
        return bad(err, "SMTPUID/SMTPDMN", e->smtp_user[0] ? e->smtp_user : e->smtp_domain);
    if (e->prefadr == QS_SDD_PREF_SMTP && !e->smtp_user[0])
        return bad(err, "PREFADR", "SMTP without an SMTP name");
    if ((unsigned)e->prefadr > QS_SDD_PREF_NETUSRID)
        return bad(err, "PREFADR", "?");
    if ((unsigned)e->msflvl > QS_SDD_MSF_SYSMS)
        return bad(err, "MSFSRVLVL", "?");
    return 0;
}

/* --- the file -------------------------------------------------------------- */

struct dir {
    struct qs_sdd_entry *v;
    size_t n, cap;
    struct qs_sdd_entry cur;
    int bad;
};

static int set_field(char *dst, size_t sz, const char *val, size_t vlen)
{
    if (vlen >= sz)
        return -1;
    memcpy(dst, val, vlen + 1);
    return 0;
}

static int load_cb(void *arg, const char *key, const char *val, size_t vlen)
{
    struct dir *d = arg;
    struct qs_sdd_entry *e = &d->cur;
    if (!key) {
        if (!e->user[0] || !e->addr[0]) {
            d->bad = 1;
            return 1;
        }
        if (d->n == d->cap) {
            size_t nc = d->cap ? d->cap * 2 : 16;
            if (nc > QS_SDD_MAX_ENTRIES)
                return 1;
            void *nv = realloc(d->v, nc * sizeof *d->v);
            if (!nv)
                return 1;
            d->v = nv;
            d->cap = nc;
        }
        d->v[d->n++] = *e;
        memset(e, 0, sizeof *e);
        return 0;
    }
    int rc = 0;
    if (!strcmp(key, "user"))           rc = set_field(e->user, sizeof e->user, val, vlen);
    else if (!strcmp(key, "addr"))      rc = set_field(e->addr, sizeof e->addr, val, vlen);
    else if (!strcmp(key, "usrprf"))    rc = set_field(e->usrprf, sizeof e->usrprf, val, vlen);
    else if (!strcmp(key, "desc"))      rc = set_field(e->desc, sizeof e->desc, val, vlen);
    else if (!strcmp(key, "smtpuser"))  rc = set_field(e->smtp_user, sizeof e->smtp_user, val, vlen);
    else if (!strcmp(key, "smtpdomain")) rc = set_field(e->smtp_domain, sizeof e->smtp_domain, val, vlen);
    else if (!strcmp(key, "prefadr"))   rc = qs_sdd_prefadr_parse(val, &e->prefadr);
    else if (!strcmp(key, "msflvl"))    rc = qs_sdd_msflvl_parse(val, &e->msflvl);
    /* unknown keys: written by a newer qshim; ignored */
    if (rc < 0) {
        d->bad = 1;
        return 1;
    }
    return 0;
}

static int sdd_path(struct qs_buf *p, const char *leaf, struct qs_err *err)
{
    if (qs_root_path(p, err, "sdd") < 0 || qs_mkdir_p(p->data, 0700, err) < 0)
        return -1;
    if (qs_buf_addf(p, "/%s", leaf) < 0)
        return qs_err_sys(err, errno);
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct qs_sdd_entry *x = a, *y = b;
    int c = strcmp(x->user, y->user);
    return c ? c : strcmp(x->addr, y->addr);
}

static int load(struct dir *d, struct qs_err *err)
{
    memset(d, 0, sizeof *d);
    struct qs_buf p, data;
    qs_buf_init(&p, 4096);
    qs_buf_init(&data, SDD_FILE_MAX);
    int rc = sdd_path(&p, "entries", err);
    if (rc == 0 && access(p.data, F_OK) == 0)
        rc = qs_file_read(p.data, SDD_FILE_MAX, &data, err);
    if (rc == 0 && data.len) {
        struct qs_err perr = QS_ERR_INIT;
        int prc = qs_kv_parse(data.data, data.len, load_cb, d, &perr);
        if (prc < 0 || d->bad) {
            qs_err_clear(&perr);
            rc = qs_err_set(err, "CPF9898", "System distribution directory damaged",
                            (const char *)NULL);
        } else if (prc > 0) {
            rc = qs_err_sys(err, ENOMEM);
        }
    }
    qs_buf_free(&p);
    qs_buf_free(&data);
    if (rc < 0) {
        free(d->v);
        d->v = NULL;
        d->n = 0;
    }
    return rc;
}

static int save(const struct dir *d, struct qs_err *err)
{
    struct qs_buf out, p;
    qs_buf_init(&out, SDD_FILE_MAX);
    qs_buf_init(&p, 4096);
    int rc = 0;
    for (size_t i = 0; i < d->n && rc == 0; i++) {
        const struct qs_sdd_entry *e = &d->v[i];
        if (qs_kv_adds(&out, "user", e->user) < 0 || qs_kv_adds(&out, "addr", e->addr) < 0 ||
            qs_kv_adds(&out, "usrprf", e->usrprf) < 0 || qs_kv_adds(&out, "desc", e->desc) < 0 ||
            qs_kv_adds(&out, "smtpuser", e->smtp_user) < 0 ||
            qs_kv_adds(&out, "smtpdomain", e->smtp_domain) < 0 ||
            qs_kv_adds(&out, "prefadr", qs_sdd_prefadr_name(e->prefadr)) < 0 ||
            qs_kv_adds(&out, "msflvl", qs_sdd_msflvl_name(e->msflvl)) < 0 ||
            qs_kv_end(&out) < 0)
            rc = qs_err_sys(err, errno);
    }
    if (rc == 0)
        rc = sdd_path(&p, "entries", err);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, out.data ? out.data : "", out.len, 0600, err);
    qs_buf_free(&out);
    qs_buf_free(&p);
    return rc;
}

static int lock_dir(struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    int fd = sdd_path(&p, "lock", err);
    if (fd == 0)
        fd = qs_lock_path(p.data, 1, 1, err);
    qs_buf_free(&p);
    return fd;
}

static struct qs_sdd_entry *find_in(struct dir *d, const char *user, const char *addr)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->v[i].user, user) && !strcmp(d->v[i].addr, addr))
            return &d->v[i];
    return NULL;
}

static const struct qs_sdd_entry *smtp_taken(const struct dir *d, const struct qs_sdd_entry *e)
{
    if (!e->smtp_user[0])
        return NULL;
    for (size_t i = 0; i < d->n; i++) {
        const struct qs_sdd_entry *o = &d->v[i];
        if (o == e || (!strcmp(o->user, e->user) && !strcmp(o->addr, e->addr)))
            continue;
        if (o->smtp_user[0] && !strcasecmp(o->smtp_user, e->smtp_user) &&
            !strcasecmp(o->smtp_domain, e->smtp_domain))
            return o;
    }
    return NULL;
}

static int not_enrolled(struct qs_err *err, const char *user, const char *addr)
{
    return qs_err_set(err, "CPF9006", user, addr, (const char *)NULL);
}

int qs_sdd_add(const struct qs_sdd_entry *in, struct qs_err *err)
{
    struct qs_sdd_entry e = *in;
    if (qs_sdd_validate(&e, err) < 0)
        return -1;
    int fd = lock_dir(err);
    if (fd < 0)
        return -1;
    struct dir d;
    int rc = load(&d, err);
    if (rc == 0 && find_in(&d, e.user, e.addr))
        rc = qs_err_set(err, "CPF9082", e.user, e.addr, (const char *)NULL);
    if (rc == 0 && smtp_taken(&d, &e))
        rc = qs_err_set(err, "CPF9084", e.smtp_user, e.smtp_domain, (const char *)NULL);
    if (rc == 0 && d.n >= QS_SDD_MAX_ENTRIES)
        rc = qs_err_sys(err, ENOSPC);
    if (rc == 0) {
        struct qs_sdd_entry *nv = realloc(d.v, (d.n + 1) * sizeof *nv);
        if (!nv) {
            rc = qs_err_sys(err, ENOMEM);
        } else {
            d.v = nv;
            d.v[d.n++] = e;
            qsort(d.v, d.n, sizeof *d.v, cmp_entry);
            rc = save(&d, err);
        }
    }
    free(d.v);
    close(fd);
    return rc;
}

int qs_sdd_change(const struct qs_sdd_entry *in, unsigned mask, struct qs_err *err)
{
    char user[9], addr[9];
    if (qs_sdd_norm_id(in->user, user, "USRID user ID", err) < 0 ||
        qs_sdd_norm_id(in->addr, addr, "USRID address", err) < 0)
        return -1;
    int fd = lock_dir(err);
    if (fd < 0)
        return -1;
    struct dir d;
    int rc = load(&d, err);
    struct qs_sdd_entry *e = rc == 0 ? find_in(&d, user, addr) : NULL;
    if (rc == 0 && !e)
        rc = not_enrolled(err, user, addr);
    if (rc == 0) {
        struct qs_sdd_entry n = *e;
        if (mask & QS_SDD_F_USRPRF)
            memcpy(n.usrprf, in->usrprf, sizeof n.usrprf);
        if (mask & QS_SDD_F_DESC)
            memcpy(n.desc, in->desc, sizeof n.desc);
        if (mask & QS_SDD_F_SMTP) {
            memcpy(n.smtp_user, in->smtp_user, sizeof n.smtp_user);
            memcpy(n.smtp_domain, in->smtp_domain, sizeof n.smtp_domain);
        }
        if (mask & QS_SDD_F_PREFADR)
            n.prefadr = in->prefadr;
        if (mask & QS_SDD_F_MSFLVL)
            n.msflvl = in->msflvl;
        n.usrprf[QS_SDD_PRF_LEN] = n.desc[QS_SDD_DESC_LEN] = '\0';
        n.smtp_user[QS_SDD_SMTPUSR_LEN] = n.smtp_domain[QS_SDD_SMTPDMN_LEN] = '\0';
        rc = qs_sdd_validate(&n, err);
        if (rc == 0 && smtp_taken(&d, &n))
            rc = qs_err_set(err, "CPF9084", n.smtp_user, n.smtp_domain, (const char *)NULL);
        if (rc == 0) {
            *e = n;
            rc = save(&d, err);
        }
    }
    free(d.v);
    close(fd);
    return rc;
}

int qs_sdd_remove(const char *user_in, const char *addr_in, struct qs_err *err)
{
    char user[9], addr[9];
    if (qs_sdd_norm_id(user_in, user, "USRID user ID", err) < 0 ||
        qs_sdd_norm_id(addr_in, addr, "USRID address", err) < 0)
        return -1;
    int fd = lock_dir(err);
    if (fd < 0)
        return -1;
    struct dir d;
    int rc = load(&d, err);
    struct qs_sdd_entry *e = rc == 0 ? find_in(&d, user, addr) : NULL;
    if (rc == 0 && !e)
        rc = not_enrolled(err, user, addr);
    if (rc == 0) {
        size_t i = (size_t)(e - d.v);
        memmove(&d.v[i], &d.v[i + 1], (d.n - i - 1) * sizeof *d.v);
        d.n--;
        rc = save(&d, err);
    }
    free(d.v);
    close(fd);
    return rc;
}

int qs_sdd_list(struct qs_sdd_entry **r, size_t *n_r, struct qs_err *err)
{
    struct dir d;
    *r = NULL;
    *n_r = 0;
    if (load(&d, err) < 0)
        return -1;
    qsort(d.v, d.n, sizeof *d.v, cmp_entry);
    *r = d.v;
    *n_r = d.n;
    return 0;
}

int qs_sdd_find(const char *user_in, const char *addr_in, struct qs_sdd_entry *r,
                struct qs_err *err)
{
    char user[9], addr[9];
    if (qs_sdd_norm_id(user_in, user, "USRID user ID", err) < 0 ||
        qs_sdd_norm_id(addr_in, addr, "USRID address", err) < 0)
        return -1;
    struct dir d;
    if (load(&d, err) < 0)
        return -1;
    struct qs_sdd_entry *e = find_in(&d, user, addr);
    int rc = e ? (*r = *e, 0) : not_enrolled(err, user, addr);
    free(d.v);
    return rc;
}

int qs_sdd_find_usrprf(const char *usrprf, struct qs_sdd_entry *r, struct qs_err *err)
{
    struct dir d;
    if (load(&d, err) < 0)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].usrprf[0] && qs_strcaseeq(d.v[i].usrprf, usrprf)) {
            *r = d.v[i];
            rc = 0;
            break;
        }
    free(d.v);
    if (rc < 0)
        not_enrolled(err, usrprf, "*USRPRF");
    return rc;
}

int qs_sdd_find_smtp(const char *smtp_user, const char *smtp_domain,
                     struct qs_sdd_entry *r, struct qs_err *err)
{
    struct dir d;
    if (load(&d, err) < 0)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].smtp_user[0] && !strcasecmp(d.v[i].smtp_user, smtp_user) &&
            !strcasecmp(d.v[i].smtp_domain, smtp_domain)) {
            *r = d.v[i];
            rc = 0;
            break;
        }
    free(d.v);
    if (rc < 0)
        not_enrolled(err, smtp_user, smtp_domain);
    return rc;
}
