/*
 * api/zmfcfg.c - MSF type configuration store (see zmfcfg.h).
 *
 * The file is small (at most 4 x 128 lines of 126 bytes) and rewritten
 * whole on every change; readers never lock (an atomic rename gives them the
 * old or the new file).  A line that does not parse is a damaged store:
 * reported as CPFAF82, never guessed at.
 */
#include "api/zmfcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_LEN (2 + 4 + 8 + 11 + 100 + 1)
#define FILE_MAX (4u * QS_ZMFCFG_MAX_PER_GROUP * LINE_LEN)

static int reason(struct qs_err *err, const char *id, int code)
{
    char r[16];
    snprintf(r, sizeof r, "%d", code);
    return qs_err_set(err, id, r, (const char *)NULL);
}

static int alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ')
            return 0;
    return 1;
}

int qs_zmfcfg_check(const char group[2], const char value[4], const char name[8])
{
    if (group[0] != '0' || group[1] < '1' || group[1] > '4')
        return 2;
    for (int i = 0; i < 4; i++)
        if ((unsigned char)value[i] < 0x20 || (unsigned char)value[i] > 0x7e)
            return 3;
    if (blank(value, 4))
        return 3;
    size_t k = 0;
    while (k < 8 && name[k] != ' ')
        if (!alnum(name[k++]))
            return 4;
    if (k == 0 || !blank(name + k, 8 - k))
        return 4;
    return 0;
}

int qs_zmfcfg_parse(const char *p, size_t n, struct qs_zmfcfg_type **v_r, size_t *n_r,
                    struct qs_err *err)
{
    *v_r = NULL;
    *n_r = 0;
    if (n % LINE_LEN)
        return qs_err_set(err, "CPFAF82", (const char *)NULL);
    size_t cnt = n / LINE_LEN;
    struct qs_zmfcfg_type *v = calloc(cnt ? cnt : 1, sizeof *v);
    if (!v)
        return qs_err_sys(err, ENOMEM);
    for (size_t i = 0; i < cnt; i++) {
        const char *l = p + i * LINE_LEN;
        long long cc;
        if (l[LINE_LEN - 1] != '\n' || qs_zmfcfg_check(l, l + 2, l + 6) != 0 ||
            qs_parse_ll(l + 14 + strspn(l + 14, " "), 11 - strspn(l + 14, " "), 0, 65535, &cc) < 0) {
            free(v);
            return qs_err_set(err, "CPFAF82", (const char *)NULL);
        }
        memcpy(v[i].group, l, 2);
        memcpy(v[i].value, l + 2, 4);
        memcpy(v[i].name, l + 6, 8);
        v[i].ccsid = (int)cc;
        memcpy(v[i].text, l + 25, 100);
    }
    *v_r = v;
    *n_r = cnt;
    return 0;
}

static int cfg_path(struct qs_buf *p, const char *leaf, struct qs_err *err)
{
    if (qs_root_path(p, err, "mail") < 0 || qs_mkdir_p(p->data, 0700, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%s", leaf) < 0 ? qs_err_sys(err, ENAMETOOLONG) : 0;
}

static int load(struct qs_zmfcfg_type **v_r, size_t *n_r, struct qs_err *err)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&b, FILE_MAX);
    int rc = cfg_path(&p, "zmfcfg", err);
    *v_r = NULL;
    *n_r = 0;
    if (rc == 0 && access(p.data, F_OK) == 0)
        rc = qs_file_read(p.data, FILE_MAX, &b, err) < 0 ? -1 : qs_zmfcfg_parse(b.data, b.len, v_r, n_r, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

static int store(const struct qs_zmfcfg_type *v, size_t n, struct qs_err *err)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&b, FILE_MAX + LINE_LEN);
    int rc = cfg_path(&p, "zmfcfg", err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (qs_buf_addf(&b, "%.2s%.4s%.8s%11d%.100s\n", v[i].group, v[i].value, v[i].name,
                        v[i].ccsid, v[i].text) < 0)
            rc = qs_err_sys(err, E2BIG);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data ? b.data : "", b.len, 0600, err);
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

static int lock_cfg(struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int fd = cfg_path(&p, "zmfcfg.lock", err);
    if (fd == 0)
        fd = qs_lock_path(p.data, 1, 1, err);
    qs_buf_free(&p);
    return fd;
}

int qs_zmfcfg_add(const struct qs_zmfcfg_type *t, struct qs_err *err)
{
    int r = qs_zmfcfg_check(t->group, t->value, t->name);
    if (r)
        return reason(err, "CPFAFB0", r);
    if (t->ccsid < 0 || t->ccsid > 65535)
        return reason(err, "CPFAFB0", 6);
    for (int i = 0; i < 100; i++)
        if ((unsigned char)t->text[i] < 0x20 || (unsigned char)t->text[i] == 0x7f)
            return reason(err, "CPFAFB0", 7);
    int fd = lock_cfg(err);
    if (fd < 0)
        return -1;
    struct qs_zmfcfg_type *v;
    size_t n;
    int rc = load(&v, &n, err);
    size_t in_group = 0, at = n;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (memcmp(v[i].group, t->group, 2))
            continue;
        in_group++;
        if (!memcmp(v[i].value, t->value, 4) || !memcmp(v[i].name, t->name, 8)) {
            char g[3], val[5];
            qs_fixed_get(g, t->group, 2);
            qs_fixed_get(val, t->value, 4);
            rc = qs_err_set(err, "CPFAFB1", val, g, (const char *)NULL);
        }
    }
    if (rc == 0 && in_group >= QS_ZMFCFG_MAX_PER_GROUP) {
        char g[3];
        qs_fixed_get(g, t->group, 2);
        rc = qs_err_set(err, "CPFAFB2", g, (const char *)NULL);
    }
    if (rc == 0) {
        struct qs_zmfcfg_type *nv = realloc(v, (n + 1) * sizeof *nv);
        if (!nv) {
            rc = qs_err_sys(err, ENOMEM);
        } else {
            v = nv;
            /* keep the file ordered by group, then value */
            for (size_t i = 0; i < n; i++) {
                int c = memcmp(v[i].group, t->group, 2);
                if (c > 0 || (c == 0 && memcmp(v[i].value, t->value, 4) > 0)) {
                    at = i;
                    break;
                }
            }
            memmove(v + at + 1, v + at, (n - at) * sizeof *v);
            v[at] = *t;
            rc = store(v, n + 1, err);
        }
    }
    free(v);
    close(fd);
    return rc;
}

int qs_zmfcfg_remove(const char group[2], const char value[4], const char name[8],
                     struct qs_err *err)
{
    int r = qs_zmfcfg_check(group, value, name);
    if (r)
        return reason(err, "CPFAFB0", r);
    int fd = lock_cfg(err);
    if (fd < 0)
        return -1;
    struct qs_zmfcfg_type *v;
    size_t n, k = 0;
    int rc = load(&v, &n, err), found = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!memcmp(v[i].group, group, 2) && !memcmp(v[i].value, value, 4) &&
            !memcmp(v[i].name, name, 8))
            found = 1;
        else
            v[k++] = v[i];
    }
    if (rc == 0 && !found) {
        char nm[9];
        qs_fixed_get(nm, name, 8);
        rc = qs_err_set(err, "CPFAFB3", nm, (const char *)NULL);
    }
    if (rc == 0)
        rc = store(v, k, err);
    free(v);
    close(fd);
    return rc;
}

int qs_zmfcfg_list(const char group[2], const char value[4], const char name[8],
                   struct qs_zmfcfg_type **v_r, size_t *n_r, struct qs_err *err)
{
    struct qs_zmfcfg_type *v;
    size_t n, k = 0;
    if (load(&v, &n, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((blank(group, 2) || !memcmp(v[i].group, group, 2)) &&
            (blank(value, 4) || !memcmp(v[i].value, value, 4)) &&
            (blank(name, 8) || !memcmp(v[i].name, name, 8)))
            v[k++] = v[i];
    *v_r = v;
    *n_r = k;
    return 0;
}

int qs_zmfcfg_has(const char group[2], const char value[4], struct qs_err *err)
{
    struct qs_zmfcfg_type *v;
    size_t n;
    if (qs_zmfcfg_list(group, value, "        ", &v, &n, err) < 0)
        return -1;
    free(v);
    return n > 0;
}

int qs_zmfcfg_parm_reason(struct qs_err *err, int code)
{
    return reason(err, "CPFAFB0", code);
}

int qs_zmfcfg_parm(const void *cfg, const char *fmt, const char *want, int minlen,
                   struct qs_err *err)
{
    if (!cfg || !fmt)
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    if (memcmp(fmt, want, 8))
        return reason(err, "CPFAFB0", 8);
    int len;
    memcpy(&len, cfg, sizeof len);
    return len < minlen ? reason(err, "CPFAFB0", 1) : 0;
}
