/*
 * qsys/exitpgm/exitpgm.c - the registration facility (see exitpgm.h).
 */
#include "qsys/exitpgm/exitpgm.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/kvrec.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REG_FILE_MAX (8u * 1024 * 1024)

const char *const qs_exitpgm_points[] = {
    "QIBM_QZMFMSF_ADR_RSL", "QIBM_QZMFMSF_ENL_PSS", "QIBM_QZMFMSF_ATT_CNV",
    "QIBM_QZMFMSF_SEC_AUT", "QIBM_QZMFMSF_LCL_DEL", "QIBM_QZMFMSF_MSG_FWD",
    "QIBM_QZMFMSF_NON_DEL", "QIBM_QZMFMSF_LST_EXP", "QIBM_QZMFMSF_ATT_MGT",
    "QIBM_QZMFMSF_ACT", "QIBM_QZMFMSF_VLD_TYP", "QIBM_QZMFMSF_TRK_CHG", NULL
};

const char *qs_exitpgm_point_format(const char *p)
{
    for (size_t i = 0; qs_exitpgm_points[i]; i++) {
        if (!qs_strcaseeq(p, qs_exitpgm_points[i]))
            continue;
        if (strstr(p, "VLD_TYP") || strstr(p, "vld_typ"))
            return "VDFF0100";
        if (strstr(p, "TRK_CHG") || strstr(p, "trk_chg"))
            return "TCMM0100";
        return "MSFF0100";
    }
    return NULL;
}

struct regs {
    struct qs_exitpgm_reg *v;
    size_t n;
    struct qs_exitpgm_reg cur;
    int bad;
};

static int setf(char *dst, size_t sz, const char *v, size_t vlen)
{
    if (vlen >= sz)
        return -1;
    memcpy(dst, v, vlen + 1);
    return 0;
}

static int load_cb(void *arg, const char *k, const char *v, size_t vlen)
{
    struct regs *r = arg;
    struct qs_exitpgm_reg *e = &r->cur;
    long long n;
    int rc = 0;
    if (!k) {
        if (!e->exit_point[0] || r->n >= QS_EXITPGM_MAX_REGS) {
            r->bad = 1;
            return 1;
        }
        struct qs_exitpgm_reg *nv = realloc(r->v, (r->n + 1) * sizeof *nv);
        if (!nv)
            return 1;
        r->v = nv;
        r->v[r->n++] = *e;
        memset(e, 0, sizeof *e);
        return 0;
    }
    if (!strcmp(k, "point"))        rc = setf(e->exit_point, sizeof e->exit_point, v, vlen);
    else if (!strcmp(k, "format"))  rc = setf(e->format, sizeof e->format, v, vlen);
    else if (!strcmp(k, "pgm"))     rc = setf(e->pgm, sizeof e->pgm, v, vlen);
    else if (!strcmp(k, "path"))    rc = setf(e->path, sizeof e->path, v, vlen);
    else if (!strcmp(k, "symbol"))  rc = setf(e->symbol, sizeof e->symbol, v, vlen);
    else if (!strcmp(k, "text"))    rc = setf(e->text, sizeof e->text, v, vlen);
    else if (!strcmp(k, "kind"))    e->kind = !strcmp(v, "*CLPGM") ? QS_EXIT_CLPGM : QS_EXIT_SO;
    else if (!strcmp(k, "pgmnbr"))
        rc = qs_parse_ll(v, vlen, 1, INT_MAX, &n) < 0 ? -1 : (e->pgmnbr = (int)n, 0);
    else if (!strcmp(k, "timeout"))
        rc = qs_parse_ll(v, vlen, 0, 3600, &n) < 0 ? -1 : (e->timeout = (int)n, 0);
    if (rc < 0) {
        r->bad = 1;
        return 1;
    }
    return 0;
}

static int reg_path(struct qs_buf *p, const char *leaf, struct qs_err *err)
{
    if (qs_root_path(p, err, "exitpgm") < 0 || qs_mkdir_p(p->data, 0700, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%s", leaf) < 0 ? qs_err_sys(err, errno) : 0;
}

static int cmp_reg(const void *a, const void *b)
{
    const struct qs_exitpgm_reg *x = a, *y = b;
    int c = strcmp(x->exit_point, y->exit_point);
    if (c)
        return c;
    return x->pgmnbr < y->pgmnbr ? -1 : x->pgmnbr > y->pgmnbr;
}

static int load(struct regs *r, struct qs_err *err)
{
    memset(r, 0, sizeof *r);
    struct qs_buf p, b;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&b, REG_FILE_MAX);
    /* reading needs no directory: the MSF runner asks at every exit point */
    int rc = qs_root_path(&p, err, "exitpgm/registry");
    if (rc == 0 && access(p.data, F_OK) == 0)
        rc = qs_file_read(p.data, REG_FILE_MAX, &b, err);
    if (rc == 0 && b.len) {
        int prc = qs_kv_parse(b.data, b.len, load_cb, r, NULL);
        if (prc != 0 || r->bad)
            rc = qs_err_set(err, "CPF9898", "Exit program registry damaged", (const char *)NULL);
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    if (rc < 0) {
        free(r->v);
        r->v = NULL;
        r->n = 0;
    } else if (r->n) {
        qsort(r->v, r->n, sizeof *r->v, cmp_reg);
    }
    return rc;
}

static int save(const struct regs *r, struct qs_err *err)
{
    struct qs_buf b, p;
    qs_buf_init(&b, REG_FILE_MAX);
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n; i++) {
        const struct qs_exitpgm_reg *e = &r->v[i];
        if (qs_kv_adds(&b, "point", e->exit_point) < 0 || qs_kv_adds(&b, "format", e->format) < 0 ||
            qs_kv_addll(&b, "pgmnbr", e->pgmnbr) < 0 || qs_kv_adds(&b, "pgm", e->pgm) < 0 ||
            qs_kv_adds(&b, "kind", e->kind == QS_EXIT_CLPGM ? "*CLPGM" : "*SRVPGM") < 0 ||
            qs_kv_adds(&b, "path", e->path) < 0 || qs_kv_adds(&b, "symbol", e->symbol) < 0 ||
            qs_kv_adds(&b, "text", e->text) < 0 || qs_kv_addll(&b, "timeout", e->timeout) < 0 ||
            qs_kv_end(&b) < 0)
            rc = qs_err_sys(err, errno);
    }
    if (rc == 0)
        rc = reg_path(&p, "registry", err);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data ? b.data : "", b.len, 0600, err);
    qs_buf_free(&b);
    qs_buf_free(&p);
    return rc;
}

static int lock_reg(struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int fd = reg_path(&p, "lock", err);
    if (fd == 0)
        fd = qs_lock_path(p.data, 1, 1, err);
    qs_buf_free(&p);
    return fd;
}

static int bad_val(struct qs_err *err, const char *kw, const char *v)
{
    char shown[64];
    qs_sanitize(shown, sizeof shown, v, strlen(v));
    return qs_err_set(err, "CPF9083", kw, shown, (const char *)NULL);
}

int qs_exitpgm_add(const struct qs_exitpgm_reg *in, int *pgmnbr_r, struct qs_err *err)
{
    struct qs_exitpgm_reg r = *in;
    r.exit_point[sizeof r.exit_point - 1] = r.format[sizeof r.format - 1] = '\0';
    r.path[sizeof r.path - 1] = r.symbol[sizeof r.symbol - 1] = '\0';
    r.pgm[sizeof r.pgm - 1] = r.text[sizeof r.text - 1] = '\0';
    qs_str_upper(r.exit_point);
    qs_str_upper(r.format);
    const char *fmt = qs_exitpgm_point_format(r.exit_point);
    if (!fmt)
        return qs_err_set(err, "CPFAF99", r.exit_point, (const char *)NULL);
    if (strcmp(fmt, r.format))
        return bad_val(err, "FORMAT", r.format);
    if (r.path[0] != '/')
        return bad_val(err, "PGM path", r.path);
    if (r.kind == QS_EXIT_SO && !r.symbol[0])
        return bad_val(err, "symbol", "");
    if (r.timeout < 0 || r.timeout > 3600)
        return bad_val(err, "timeout", "?");
    if (r.pgmnbr == 0 || r.pgmnbr < -2)
        return bad_val(err, "PGMNBR", "0");
    for (const char *p = r.text; *p; p++)
        if ((unsigned char)*p < 0x20)
            return bad_val(err, "TEXT", r.text);
    if (!r.pgm[0])
        qs_strlcpy(r.pgm, "*LIBL/EXITPGM", sizeof r.pgm);
    int fd = lock_reg(err);
    if (fd < 0)
        return -1;
    struct regs rs;
    int rc = load(&rs, err);
    int lo = 0, hi = 0;
    for (size_t i = 0; rc == 0 && i < rs.n; i++) {
        if (strcmp(rs.v[i].exit_point, r.exit_point))
            continue;
        if (rs.v[i].pgmnbr > hi)
            hi = rs.v[i].pgmnbr;
        if (r.pgmnbr > 0 && rs.v[i].pgmnbr == r.pgmnbr) {
            char n[16];
            snprintf(n, sizeof n, "%d", r.pgmnbr);
            rc = qs_err_set(err, "CPFAF98", n, r.exit_point, (const char *)NULL);
        }
    }
    if (rc == 0 && r.pgmnbr == -2) {
        if (hi == INT_MAX)
            rc = bad_val(err, "PGMNBR", "*HIGH");
        r.pgmnbr = hi + 1;
    } else if (rc == 0 && r.pgmnbr == -1) {
        for (lo = 1;; lo++) {
            int used = 0;
            for (size_t i = 0; i < rs.n; i++)
                if (!strcmp(rs.v[i].exit_point, r.exit_point) && rs.v[i].pgmnbr == lo)
                    used = 1;
            if (!used)
                break;
        }
        r.pgmnbr = lo;
    }
    if (rc == 0 && rs.n >= QS_EXITPGM_MAX_REGS)
        rc = qs_err_sys(err, ENOSPC);
    if (rc == 0) {
        struct qs_exitpgm_reg *nv = realloc(rs.v, (rs.n + 1) * sizeof *nv);
        if (!nv) {
            rc = qs_err_sys(err, ENOMEM);
        } else {
            rs.v = nv;
            rs.v[rs.n++] = r;
            qsort(rs.v, rs.n, sizeof *rs.v, cmp_reg);
            rc = save(&rs, err);
        }
    }
    if (rc == 0 && pgmnbr_r)
        *pgmnbr_r = r.pgmnbr;
    free(rs.v);
    close(fd);
    return rc;
}

int qs_exitpgm_remove(const char *exit_point, const char *format, int pgmnbr,
                      struct qs_err *err)
{
    int fd = lock_reg(err);
    if (fd < 0)
        return -1;
    struct regs rs;
    int rc = load(&rs, err);
    size_t i = 0;
    for (; rc == 0 && i < rs.n; i++)
        if (qs_strcaseeq(rs.v[i].exit_point, exit_point) && rs.v[i].pgmnbr == pgmnbr &&
            (!format || qs_strcaseeq(rs.v[i].format, format)))
            break;
    if (rc == 0 && i == rs.n) {
        char n[16];
        snprintf(n, sizeof n, "%d", pgmnbr);
        char shown[24];
        qs_sanitize(shown, sizeof shown, exit_point, strlen(exit_point));
        rc = qs_err_set(err, "CPFAF94", n, shown, (const char *)NULL);
    }
    if (rc == 0) {
        memmove(&rs.v[i], &rs.v[i + 1], (rs.n - i - 1) * sizeof *rs.v);
        rs.n--;
        rc = save(&rs, err);
    }
    free(rs.v);
    close(fd);
    return rc;
}

int qs_exitpgm_list(const char *exit_point, struct qs_exitpgm_reg **v_r, size_t *n_r,
                    struct qs_err *err)
{
    struct regs rs;
    *v_r = NULL;
    *n_r = 0;
    if (load(&rs, err) < 0)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < rs.n; i++)
        if (!exit_point || qs_strcaseeq(rs.v[i].exit_point, exit_point))
            rs.v[k++] = rs.v[i];
    if (k == 0) {
        free(rs.v);
        rs.v = NULL;
    }
    *v_r = rs.v;
    *n_r = k;
    return 0;
}
