/*
 * api/burst_map.c - key → address[, password, name] for a burst run: a CSV
 * file or a database file, read whole, sorted in memory, binary search.
 */
#include "api/burst_map.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/dbf/dbf.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

struct map_ent {
    char  *key, *addr, *pw, *name;
    size_t seq;                           /* input order: the first wins */
};

struct qs_burst_map {
    struct map_ent *e;
    size_t          n, cap;
};

void qs_burst_map_free(struct qs_burst_map **m)
{
    if (!m || !*m)
        return;
    for (size_t i = 0; i < (*m)->n; i++) {
        free((*m)->e[i].key);
        free((*m)->e[i].addr);
        free((*m)->e[i].pw);
        free((*m)->e[i].name);
    }
    free((*m)->e);
    free(*m);
    *m = NULL;
}

int qs_burst_addr_ok(const char *a)
{
    size_t n = strlen(a);
    const char *at = strrchr(a, '@');
    if (n < 3 || n > 256 || !at || at == a || !at[1])
        return 0;
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>,;\"()[]\\", *p))
            return 0;
    return 1;
}

/* Next CSV field of line [*p, end): trimmed, unquoted, appended to f.
 * Returns 1 when a comma followed, 0 at the end of the line, -1 bad. */
static int csv_field(const char **p, const char *end, struct qs_buf *f)
{
    const char *s = *p;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s < end && *s == '"') {
        for (s++;; s++) {
            if (s >= end)
                return -1;
            if (*s == '"') {
                if (s + 1 < end && s[1] == '"') {
                    qs_buf_addc(f, '"');
                    s++;
                    continue;
                }
                s++;
                break;
            }
            if (qs_buf_addc(f, *s) < 0)
                return -1;
        }
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        if (s < end && *s != ',')
            return -1;
    } else {
        const char *c = memchr(s, ',', (size_t)(end - s));
        const char *e = c ? c : end;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (qs_buf_add(f, s, (size_t)(e - s)) < 0)
            return -1;
        s = c ? c : end;
    }
    *p = s < end ? s + 1 : end;
    return s < end;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct map_ent *)a)->key, ((const struct map_ent *)b)->key);
}

static int ent_cmp(const void *a, const void *b)
{
    int c = key_cmp(a, b);
    if (c)
        return c;
    size_t x = ((const struct map_ent *)a)->seq, y = ((const struct map_ent *)b)->seq;
    return x < y ? -1 : x > y;
}

/* Append one entry (copies of the strings; pw and name may be NULL). */
static int add(struct qs_burst_map *m, const char *key, const char *addr, const char *pw,
               const char *name, struct qs_err *err)
{
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        struct map_ent *ne = realloc(m->e, nc * sizeof *ne);
        if (!ne)
            return qs_err_sys(err, ENOMEM);
        m->e = ne;
        m->cap = nc;
    }
    struct map_ent *e = &m->e[m->n];
    e->key = strdup(key);
    e->addr = strdup(addr);
    e->pw = pw && *pw ? strdup(pw) : NULL;
    e->name = name && *name ? strdup(name) : NULL;
    e->seq = m->n++;
    if (!e->key || !e->addr || (pw && *pw && !e->pw) || (name && *name && !e->name))
        return qs_err_sys(err, ENOMEM);
    return 0;
}

static int bad_line(struct qs_err *err, const char *path, size_t line)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", line);
    return qs_err_set(err, "BRS0105", num, path, (const char *)NULL);
}

int qs_burst_map_load(const char *path, struct qs_burst_map **m_r, struct qs_err *err)
{
    struct qs_buf b, f[3];
    struct qs_err fe = QS_ERR_INIT;
    struct qs_burst_map *m = calloc(1, sizeof *m);
    size_t line = 0;
    int rc = -1;
    *m_r = NULL;
    qs_buf_init(&b, QS_BURST_MAP_MAX_FILE);
    for (int i = 0; i < 3; i++)
        qs_buf_init(&f[i], 512);
    if (!m) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (qs_file_read(path, QS_BURST_MAP_MAX_FILE, &b, &fe) < 0) {
        qs_err_set(err, "BRS0104", path, fe.text ? fe.text : "cannot be read", (const char *)NULL);
        qs_err_clear(&fe);
        goto out;
    }
    const char *p = b.data ? b.data : "", *end = p + b.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *q = p;
        line++;
        p = nl ? nl + 1 : end;
        if (le > q && le[-1] == '\r')
            le--;
        const char *t = q;
        while (t < le && (*t == ' ' || *t == '\t'))
            t++;
        if (t == le || *t == '#')
            continue;
        int nf = 0, more = 1;
        for (int i = 0; i < 3; i++)
            qs_buf_reset(&f[i]);
        while (more == 1) {
            if (nf == 3 || (more = csv_field(&q, le, &f[nf])) < 0) {
                bad_line(err, path, line);
                goto out;
            }
            nf++;
        }
        if (nf < 2 || f[0].len == 0 || !qs_burst_addr_ok(qs_buf_str(&f[1])) ||
            (nf == 3 && f[2].len > QS_BURST_MAX_PASSWORD)) {
            bad_line(err, path, line);
            goto out;
        }
        if (add(m, qs_buf_str(&f[0]), qs_buf_str(&f[1]), nf == 3 ? qs_buf_str(&f[2]) : NULL,
                NULL, err) < 0)
            goto out;
    }
    if (m->n)
        qsort(m->e, m->n, sizeof *m->e, ent_cmp);
    *m_r = m;
    m = NULL;
    rc = 0;
out:
    qs_burst_map_free(&m);
    qs_buf_free(&b);
    for (int i = 0; i < 3; i++)
        qs_buf_free(&f[i]);
    return rc;
}

int qs_burst_map_is_dbf(const char *spec)
{
    const char *sl = strchr(spec, '/');
    char a[QS_NAME_LEN + 1], b[QS_NAME_LEN + 1];
    struct qs_err e = QS_ERR_INIT;
    int ok;
    if (!sl) {
        ok = qs_name_check(spec, a, "FILE", &e) == 0;
    } else {
        size_t n = (size_t)(sl - spec);
        ok = n > 0 && n <= QS_NAME_LEN && !strchr(sl + 1, '/');
        if (ok) {
            memcpy(a, spec, n);
            a[n] = '\0';
            ok = (qs_strcaseeq(a, "*LIBL") || qs_strcaseeq(a, "*CURLIB") ||
                  qs_name_check(a, a, "LIB", &e) == 0) &&
                 qs_name_check(sl + 1, b, "FILE", &e) == 0;
        }
    }
    qs_err_clear(&e);
    return ok;
}

struct dbf_load {
    struct qs_burst_map *m;
    int                  npw, nname;
};

static int dbf_row(void *arg, const char *const *v, struct qs_err *err)
{
    struct dbf_load *d = arg;
    const char *key = v[0] ? v[0] : "";
    while (*key == ' ')
        key++;
    if (!*key)
        return 0;
    const char *addr = v[1] ? v[1] : "";
    while (*addr == ' ')
        addr++;
    const char *pw = d->npw ? v[2] : NULL;
    if (pw && strlen(pw) > QS_BURST_MAX_PASSWORD)
        pw = NULL;                  /* too long: no password, the part is not sent */
    return add(d->m, key, addr, pw, d->nname ? v[2 + d->npw] : NULL, err);
}

int qs_burst_map_dbf(const char *lib, const char *file, const char *const fld[4],
                     struct qs_burst_map **m_r, struct qs_err *err)
{
    struct qs_buf db;
    char where[QS_NAME_LEN + 1];
    struct dbf_load d = { NULL, fld[2] != NULL, fld[3] != NULL };
    const char *cols[4] = { fld[0], fld[1], NULL, NULL };
    size_t nc = 2;
    if (fld[2])
        cols[nc++] = fld[2];
    if (fld[3])
        cols[nc++] = fld[3];
    *m_r = NULL;
    struct qs_job *j = qs_job_current(NULL);
    qs_buf_init(&db, QS_MAX_PATH);
    int rc = -1;
    if (qs_dbf_find(j ? &j->libl : NULL, lib, file, &db, where, err) < 0)
        goto out;
    if (!(d.m = calloc(1, sizeof *d.m))) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (qs_dbf_select(db.data, file, cols, nc, dbf_row, &d, err) < 0)
        goto out;
    if (d.m->n)
        qsort(d.m->e, d.m->n, sizeof *d.m->e, ent_cmp);
    *m_r = d.m;
    d.m = NULL;
    rc = 0;
out:
    qs_burst_map_free(&d.m);
    qs_buf_free(&db);
    return rc;
}

int qs_burst_map_find(const struct qs_burst_map *m, const char *key, struct qs_burst_hit *h)
{
    memset(h, 0, sizeof *h);
    struct map_ent k = { (char *)(uintptr_t)key, NULL, NULL, NULL, 0 };
    const struct map_ent *e = m->n ? bsearch(&k, m->e, m->n, sizeof *m->e, key_cmp) : NULL;
    if (!e)
        return 0;
    while (e > m->e && key_cmp(e - 1, &k) == 0)      /* the first of equal keys */
        e--;
    h->addr = e->addr;
    h->password = e->pw;
    h->name = e->name;
    return 1;
}
