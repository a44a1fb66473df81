/*
 * qsys/sdd/usrpmn.c - user permissions (usrpmn.h).
 */
#include "qsys/sdd/usrpmn.h"
#include "qsys/sdd/sdd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PMN_FILE_MAX ((size_t)QS_USRPMN_MAX * 24)

static int pmn_path(struct qs_buf *p, const char *leaf, struct qs_err *err)
{
    if (qs_root_path(p, err, "sdd") < 0 || qs_mkdir_p(p->data, 0700, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%s", leaf) < 0 ? qs_err_sys(err, errno) : 0;
}

static int cmp_pmn(const void *a, const void *b)
{
    const struct qs_usrpmn *x = a, *y = b;
    int c = strcmp(x->foruser, y->foruser);
    return c ? c : strcmp(x->touser, y->touser);
}

static int norm(const char *in, char out[11])
{
    size_t n = 0;
    for (; in && in[n]; n++) {
        char c = in[n];
        if (n >= 10 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || strchr("$#@_", c)))
            return -1;
        out[n] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    out[n] = '\0';
    return n ? 0 : -1;
}

/* Load every pair; a line that is not two names marks the file damaged. */
static int load(struct qs_usrpmn **v_r, size_t *n_r, struct qs_err *err)
{
    *v_r = NULL;
    *n_r = 0;
    struct qs_buf p, b;
    qs_buf_init(&p, 4096);
    qs_buf_init(&b, PMN_FILE_MAX);
    int rc = pmn_path(&p, "usrpmn", err);
    if (rc == 0 && access(p.data, F_OK) == 0)
        rc = qs_file_read(p.data, PMN_FILE_MAX, &b, err);
    struct qs_usrpmn *v = NULL;
    size_t n = 0;
    for (size_t off = 0; rc == 0 && off < b.len;) {
        const char *line = b.data + off, *nl = memchr(line, '\n', b.len - off);
        size_t len = nl ? (size_t)(nl - line) : b.len - off;
        off += len + 1;
        char f[24], t[11];
        const char *sp = memchr(line, ' ', len);
        struct qs_usrpmn *nv = realloc(v, (n + 1) * sizeof *v);
        if (!nv) {
            rc = qs_err_sys(err, ENOMEM);
            break;
        }
        v = nv;
        if (!sp || (size_t)(sp - line) >= sizeof f || len - (size_t)(sp - line) - 1 >= sizeof t) {
            rc = qs_err_set(err, "CPF9898", "User permission file damaged", (const char *)NULL);
            break;
        }
        memcpy(f, line, (size_t)(sp - line));
        f[sp - line] = '\0';
        memcpy(t, sp + 1, len - (size_t)(sp - line) - 1);
        t[len - (size_t)(sp - line) - 1] = '\0';
        if (norm(f, v[n].foruser) < 0 || norm(t, v[n].touser) < 0) {
            rc = qs_err_set(err, "CPF9898", "User permission file damaged", (const char *)NULL);
            break;
        }
        n++;
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    if (rc < 0) {
        free(v);
        return -1;
    }
    *v_r = v;
    *n_r = n;
    return 0;
}

static int save(struct qs_usrpmn *v, size_t n, struct qs_err *err)
{
    if (n)
        qsort(v, n, sizeof *v, cmp_pmn);
    struct qs_buf p, b;
    qs_buf_init(&p, 4096);
    qs_buf_init(&b, PMN_FILE_MAX);
    int rc = pmn_path(&p, "usrpmn", err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (qs_buf_addf(&b, "%s %s\n", v[i].foruser, v[i].touser) < 0)
            rc = qs_err_sys(err, errno);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data ? b.data : "", b.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

static int lock_pmn(struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    int fd = pmn_path(&p, "usrpmn.lock", err);
    if (fd == 0)
        fd = qs_lock_path(p.data, 1, 1, err);
    qs_buf_free(&p);
    return fd;
}

static int enrolled(const char *prf, struct qs_err *err)
{
    struct qs_sdd_entry e;
    return qs_sdd_find_usrprf(prf, &e, err);
}

int qs_usrpmn_grant(const char *touser, const char *foruser, struct qs_err *err)
{
    struct qs_usrpmn pr;
    if (norm(touser, pr.touser) < 0)
        return qs_err_set(err, "CPF9083", "TOUSER", touser ? touser : "", (const char *)NULL);
    if (norm(foruser, pr.foruser) < 0)
        return qs_err_set(err, "CPF9083", "FORUSER", foruser ? foruser : "", (const char *)NULL);
    if (enrolled(pr.touser, err) < 0 || enrolled(pr.foruser, err) < 0)
        return -1;
    int fd = lock_pmn(err);
    if (fd < 0)
        return -1;
    struct qs_usrpmn *v;
    size_t n;
    int rc = load(&v, &n, err);
    if (rc == 0) {
        int have = 0;
        for (size_t i = 0; i < n; i++)
            have |= !cmp_pmn(&v[i], &pr);
        if (!have && n >= QS_USRPMN_MAX) {
            rc = qs_err_set(err, "CPF90A2", "GRTUSRPMN", "100001", "100000", (const char *)NULL);
        } else if (!have) {
            struct qs_usrpmn *nv = realloc(v, (n + 1) * sizeof *v);
            if (!nv) {
                rc = qs_err_sys(err, ENOMEM);
            } else {
                v = nv;
                v[n++] = pr;
                rc = save(v, n, err);
            }
        }
        free(v);
    }
    close(fd);
    return rc;
}

int qs_usrpmn_revoke(const char *touser, const char *foruser, size_t *n_r, struct qs_err *err)
{
    char t[11], f[11];
    int all = touser && !strcmp(touser, "*ALL");
    *n_r = 0;
    if (!all && norm(touser, t) < 0)
        return qs_err_set(err, "CPF9083", "TOUSER", touser ? touser : "", (const char *)NULL);
    if (norm(foruser, f) < 0)
        return qs_err_set(err, "CPF9083", "FORUSER", foruser ? foruser : "", (const char *)NULL);
    int fd = lock_pmn(err);
    if (fd < 0)
        return -1;
    struct qs_usrpmn *v;
    size_t n, k = 0;
    int rc = load(&v, &n, err);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            if (!strcmp(v[i].foruser, f) && (all || !strcmp(v[i].touser, t)))
                (*n_r)++;
            else
                v[k++] = v[i];
        if (*n_r)
            rc = save(v, k, err);
        free(v);
    }
    close(fd);
    return rc;
}

int qs_usrpmn_check(const char *touser, const char *foruser)
{
    struct qs_usrpmn pr;
    if (norm(touser, pr.touser) < 0 || norm(foruser, pr.foruser) < 0)
        return 0;
    if (!strcmp(pr.touser, pr.foruser))
        return 1;
    struct qs_usrpmn *v;
    size_t n;
    if (load(&v, &n, NULL) < 0)
        return 0;                 /* a damaged file grants nothing */
    int ok = n && bsearch(&pr, v, n, sizeof *v, cmp_pmn) != NULL;
    free(v);
    return ok;
}

int qs_usrpmn_list(struct qs_usrpmn **v_r, size_t *n_r, struct qs_err *err)
{
    if (load(v_r, n_r, err) < 0)
        return -1;
    if (*n_r)
        qsort(*v_r, *n_r, sizeof **v_r, cmp_pmn);
    return 0;
}
