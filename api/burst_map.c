/*
 * api/burst_map.c - key → address[, password] for a burst run: a CSV file
 * (sorted in memory, binary search) or an exit function (dlopen).
 */
#include "api/burst_map.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qshburst.h>
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"

struct map_ent {
    char *key, *addr, *pw;
};

struct qs_burst_map {
    struct map_ent   *e;
    size_t            n;
    void             *dl;                 /* exit: the shared object */
    Qsh_Burst_Exit_t *fn;
    char              addr[257], pw[QS_BURST_MAX_PASSWORD + 1];
};

void qs_burst_map_free(struct qs_burst_map **m)
{
    if (!m || !*m)
        return;
    for (size_t i = 0; i < (*m)->n; i++) {
        free((*m)->e[i].key);
        free((*m)->e[i].addr);
        free((*m)->e[i].pw);
    }
    free((*m)->e);
    if ((*m)->dl)
        dlclose((*m)->dl);
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

static int ent_cmp(const void *a, const void *b)
{
    return strcmp(((const struct map_ent *)a)->key, ((const struct map_ent *)b)->key);
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
    size_t cap = 0, line = 0;
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
        if (m->n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            struct map_ent *ne = realloc(m->e, nc * sizeof *ne);
            if (!ne) {
                qs_err_sys(err, ENOMEM);
                goto out;
            }
            m->e = ne;
            cap = nc;
        }
        struct map_ent *e = &m->e[m->n];
        e->key = strdup(qs_buf_str(&f[0]));
        e->addr = strdup(qs_buf_str(&f[1]));
        e->pw = nf == 3 && f[2].len ? strdup(qs_buf_str(&f[2])) : NULL;
        m->n++;
        if (!e->key || !e->addr || (nf == 3 && f[2].len && !e->pw)) {
            qs_err_sys(err, ENOMEM);
            goto out;
        }
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

int qs_burst_map_exit(const char *spec, struct qs_burst_map **m_r, struct qs_err *err)
{
    const char *colon = strrchr(spec, ':');
    char path[4096];
    *m_r = NULL;
    if (!colon || colon == spec || !colon[1] || (size_t)(colon - spec) >= sizeof path)
        return qs_err_set(err, "BRS0106", spec, "expected /path/lib.so:symbol", (const char *)NULL);
    memcpy(path, spec, (size_t)(colon - spec));
    path[colon - spec] = '\0';
    struct qs_burst_map *m = calloc(1, sizeof *m);
    if (!m)
        return qs_err_sys(err, ENOMEM);
    m->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (m->dl)
        *(void **)&m->fn = dlsym(m->dl, colon + 1);
    if (!m->dl || !m->fn) {
        const char *why = dlerror();
        qs_err_set(err, "BRS0106", spec, why ? why : "not found", (const char *)NULL);
        qs_burst_map_free(&m);
        return -1;
    }
    *m_r = m;
    return 0;
}

int qs_burst_map_find(struct qs_burst_map *m, const char *key, const char **addr_r,
                      const char **password_r)
{
    *addr_r = NULL;
    *password_r = NULL;
    if (m->fn) {
        memset(m->addr, 0, sizeof m->addr);
        memset(m->pw, 0, sizeof m->pw);
        if (m->fn(key, m->addr, m->pw) != 0)
            return 0;
        m->addr[sizeof m->addr - 1] = '\0';
        m->pw[sizeof m->pw - 1] = '\0';
        if (!qs_burst_addr_ok(m->addr))
            return 0;
        *addr_r = m->addr;
        *password_r = m->pw[0] ? m->pw : NULL;
        return 1;
    }
    struct map_ent k = { (char *)(uintptr_t)key, NULL, NULL };
    const struct map_ent *e = m->n ? bsearch(&k, m->e, m->n, sizeof *m->e, ent_cmp) : NULL;
    if (!e)
        return 0;
    *addr_r = e->addr;
    *password_r = e->pw;
    return 1;
}
