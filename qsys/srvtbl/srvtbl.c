/*
 * qsys/srvtbl/srvtbl.c - the service table (see srvtbl.h).
 *
 * Owns the payload of QUSRSYS/QATOCSRV.  Invariant: the table on disk always
 * parses; every entry has a valid service, port and protocol.
 */
#include "qsys/srvtbl/srvtbl.h"
#include "qsys/obj/obj.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TBL_LIB  "QUSRSYS"
#define TBL_NAME "QATOCSRV"
#define TBL_TYPE "*FILE"
#define TBL_MAX_BYTES (4u * 1024 * 1024)
#define TBL_LOCK_MS 30000

struct table {
    struct qs_srvtble *e;
    size_t n;
};

static const struct {
    const char *svc;
    int port;
    const char *text;
} defaults[] = {
    { "smtp", 25, "Simple Mail Transfer Protocol" },
    { "submission", 587, "Mail message submission" },
    { "smtps", 465, "SMTP over TLS" },
    { "pop3", 110, "Post Office Protocol version 3" },
    { "pop3s", 995, "POP3 over TLS" },
    { "lpd", 515, "Line printer daemon" },
};

static int word_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > QS_SRV_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == ',')
            return 0;
    }
    return 1;
}

static int bad_value(struct qs_err *err, const char *v)
{
    char show[65];
    qs_sanitize(show, sizeof show, v, strlen(v));
    return qs_err_set(err, "TCP1903", show, (const char *)NULL);
}

static int entry_check(const struct qs_srvtble *e, struct qs_err *err)
{
    if (!word_ok(e->service))
        return bad_value(err, e->service);
    if (!word_ok(e->protocol))
        return bad_value(err, e->protocol);
    if (e->port < 1 || e->port > 65535) {
        char p[16];
        snprintf(p, sizeof p, "%d", e->port);
        return bad_value(err, p);
    }
    if (e->naliases > QS_SRV_ALIAS_MAX)
        return bad_value(err, "ALIAS");
    for (size_t i = 0; i < e->naliases; i++)
        if (!word_ok(e->aliases[i]))
            return bad_value(err, e->aliases[i]);
    for (const char *t = e->text; *t; t++)
        if ((unsigned char)*t < ' ')
            return bad_value(err, "TEXT");
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct qs_srvtble *x = a, *y = b;
    int c = strcmp(x->service, y->service);
    if (c)
        return c;
    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return strcmp(x->protocol, y->protocol);
}

static int add_entry(struct table *t, const struct qs_srvtble *e)
{
    struct qs_srvtble *ne = realloc(t->e, (t->n + 1) * sizeof *ne);
    if (!ne)
        return -1;
    t->e = ne;
    t->e[t->n++] = *e;
    return 0;
}

static int copy_field(char *dst, size_t n, const char *s, size_t l)
{
    if (l >= n)
        return -1;
    memcpy(dst, s, l);
    dst[l] = '\0';
    return 0;
}

static int parse_line(const char *s, size_t len, struct qs_srvtble *e)
{
    memset(e, 0, sizeof *e);
    const char *f[5];
    size_t fl[5];
    size_t k = 0;
    const char *p = s, *end = s + len;
    while (k < 5) {
        const char *tab = k < 4 ? memchr(p, '\t', (size_t)(end - p)) : NULL;
        const char *fe = tab ? tab : end;
        if (k < 4 && !tab)
            return -1;
        f[k] = p;
        fl[k] = (size_t)(fe - p);
        k++;
        p = fe + (tab ? 1 : 0);
    }
    long long port;
    if (copy_field(e->service, sizeof e->service, f[0], fl[0]) < 0 ||
        qs_parse_ll(f[1], fl[1], 1, 65535, &port) < 0 ||
        copy_field(e->protocol, sizeof e->protocol, f[2], fl[2]) < 0 ||
        copy_field(e->text, sizeof e->text, f[4], fl[4]) < 0)
        return -1;
    e->port = (int)port;
    const char *a = f[3], *ae = f[3] + fl[3];
    while (a < ae) {
        const char *c = memchr(a, ',', (size_t)(ae - a));
        const char *we = c ? c : ae;
        if (e->naliases >= QS_SRV_ALIAS_MAX ||
            copy_field(e->aliases[e->naliases++], QS_SRV_NAME_MAX + 1, a, (size_t)(we - a)) < 0)
            return -1;
        a = c ? c + 1 : ae;
    }
    return entry_check(e, NULL);
}

static int encode(const struct table *t, struct qs_buf *b)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct qs_srvtble *e = &t->e[i];
        qs_buf_addf(b, "%s\t%d\t%s\t", e->service, e->port, e->protocol);
        for (size_t k = 0; k < e->naliases; k++)
            qs_buf_addf(b, "%s%s", k ? "," : "", e->aliases[k]);
        qs_buf_addf(b, "\t%s\n", e->text);
    }
    return b->data || t->n == 0 ? 0 : -1;
}

static int decode(const char *s, size_t len, struct table *t)
{
    const char *end = s + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            return -1;
        struct qs_srvtble e;
        if (parse_line(s, (size_t)(nl - s), &e) < 0 || add_entry(t, &e) < 0)
            return -1;
        s = nl + 1;
    }
    return 0;
}

static int ensure_table(struct qs_err *err)
{
    if (qs_obj_exists(TBL_LIB, TBL_NAME, TBL_TYPE))
        return 0;
    if (qs_obj_init_system(err) < 0)
        return -1;
    struct table t = { NULL, 0 };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        struct qs_srvtble e;
        memset(&e, 0, sizeof e);
        qs_strlcpy(e.service, defaults[i].svc, sizeof e.service);
        qs_strlcpy(e.protocol, "tcp", sizeof e.protocol);
        qs_strlcpy(e.text, defaults[i].text, sizeof e.text);
        e.port = defaults[i].port;
        if (add_entry(&t, &e) < 0) {
            free(t.e);
            return qs_err_sys(err, ENOMEM);
        }
    }
    qsort(t.e, t.n, sizeof *t.e, cmp_entry);
    struct qs_buf b;
    qs_buf_init(&b, TBL_MAX_BYTES);
    encode(&t, &b);
    free(t.e);
    struct qs_objdesc d;
    qs_objdesc_init(&d, TBL_LIB, TBL_NAME, TBL_TYPE, "QSYS");
    qs_strlcpy(d.attr, "PF", sizeof d.attr);
    qs_strlcpy(d.text, "Service table", sizeof d.text);
    d.pubaut = QS_AUT_USE;
    int rc = qs_obj_create(&d, b.data, b.len, err);
    qs_buf_free(&b);
    if (rc < 0 && err && !strcmp(err->msgid, "CPF9870")) {   /* another job won */
        qs_err_clear(err);
        rc = 0;
    }
    return rc;
}

static int load(struct table *t, struct qs_objdesc *d, struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, TBL_MAX_BYTES);
    int rc = -1;
    t->e = NULL;
    t->n = 0;
    if (ensure_table(err) < 0 || qs_obj_read(TBL_LIB, TBL_NAME, TBL_TYPE, d, &b, err) < 0)
        goto out;
    if (decode(qs_buf_str(&b), b.len, t) < 0) {
        free(t->e);
        t->e = NULL;
        t->n = 0;
        qs_err_set(err, "CPF8105", TBL_TYPE, TBL_NAME, TBL_LIB, (const char *)NULL);
        goto out;
    }
    rc = 0;
out:
    qs_buf_free(&b);
    return rc;
}

static int store(struct table *t, struct qs_objdesc *d, struct qs_err *err)
{
    qsort(t->e, t->n, sizeof *t->e, cmp_entry);
    struct qs_buf b;
    qs_buf_init(&b, TBL_MAX_BYTES);
    int rc = encode(t, &b) < 0 ? qs_err_sys(err, ENOMEM)
                               : qs_obj_update(d, b.data ? b.data : "", b.len, err);
    qs_buf_free(&b);
    return rc;
}

/* Run fn on the loaded table under the exclusive lock, then store it. */
static int modify(int (*fn)(struct table *t, void *arg, struct qs_err *err), void *arg,
                  struct qs_err *err)
{
    if (ensure_table(err) < 0)
        return -1;
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    if (qs_obj_lock(TBL_LIB, TBL_NAME, TBL_TYPE, QS_LOCK_EXCL, TBL_LOCK_MS, &lk, err) < 0)
        return -1;
    struct table t;
    struct qs_objdesc *d = malloc(sizeof *d);
    int rc = -1;
    if (!d)
        qs_err_sys(err, ENOMEM);
    else if (load(&t, d, err) == 0) {
        rc = fn(&t, arg, err);
        if (rc == 0)
            rc = store(&t, d, err);
        free(t.e);
    }
    free(d);
    qs_obj_unlock(&lk);
    return rc;
}

static int do_add(struct table *t, void *arg, struct qs_err *err)
{
    const struct qs_srvtble *e = arg;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->e[i].service, e->service) && t->e[i].port == e->port &&
            !strcmp(t->e[i].protocol, e->protocol)) {
            char p[16];
            snprintf(p, sizeof p, "%d", e->port);
            return qs_err_set(err, "TCP1901", e->service, p, e->protocol, (const char *)NULL);
        }
    if (add_entry(t, e) < 0)
        return qs_err_sys(err, ENOMEM);
    return 0;
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

int qs_srvtbl_add(const struct qs_srvtble *in, struct qs_err *err)
{
    struct qs_srvtble e = *in;
    e.service[QS_SRV_NAME_MAX] = e.protocol[QS_SRV_NAME_MAX] = e.text[QS_SRV_TEXT_MAX] = '\0';
    lower(e.protocol);
    if (entry_check(&e, err) < 0)
        return -1;
    return modify(do_add, &e, err);
}

struct rm_arg {
    const char *service, *protocol;
    int port;
};

static int do_remove(struct table *t, void *arg, struct qs_err *err)
{
    struct rm_arg *a = arg;
    size_t k = 0, removed = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct qs_srvtble *e = &t->e[i];
        if (!strcmp(e->service, a->service) && !strcmp(e->protocol, a->protocol) &&
            (a->port == 0 || e->port == a->port)) {
            removed++;
            continue;
        }
        t->e[k++] = t->e[i];
    }
    t->n = k;
    if (!removed)
        return qs_err_set(err, "TCP1902", a->service, a->protocol, (const char *)NULL);
    return 0;
}

int qs_srvtbl_remove(const char *service, int port, const char *protocol, struct qs_err *err)
{
    char proto[QS_SRV_NAME_MAX + 1];
    if (!service || !word_ok(service))
        return bad_value(err, service ? service : "");
    if (!protocol || !word_ok(protocol))
        return bad_value(err, protocol ? protocol : "");
    qs_strlcpy(proto, protocol, sizeof proto);
    lower(proto);
    struct rm_arg a = { service, proto, port };
    return modify(do_remove, &a, err);
}

/* The entries alone (the object description is not kept). */
static int load_entries(struct table *t, struct qs_err *err)
{
    struct qs_objdesc *d = malloc(sizeof *d);
    if (!d)
        return qs_err_sys(err, ENOMEM);
    int rc = load(t, d, err);
    free(d);
    return rc;
}

int qs_srvtbl_list(int (*fn)(const struct qs_srvtble *e, void *arg), void *arg,
                   struct qs_err *err)
{
    struct table t;
    if (load_entries(&t, err) < 0)
        return -1;
    for (size_t i = 0; i < t.n; i++)
        if (fn(&t.e[i], arg))
            break;
    free(t.e);
    return 0;
}

int qs_srvtbl_port(const char *service, const char *protocol, int *port_r, struct qs_err *err)
{
    char proto[QS_SRV_NAME_MAX + 1];
    if (!service || !word_ok(service))
        return bad_value(err, service ? service : "");
    qs_strlcpy(proto, protocol && *protocol ? protocol : "tcp", sizeof proto);
    lower(proto);
    struct table t;
    if (load_entries(&t, err) < 0)
        return -1;
    int found = 0;
    for (size_t i = 0; i < t.n && !found; i++) {
        const struct qs_srvtble *e = &t.e[i];
        if (strcmp(e->protocol, proto) != 0)
            continue;
        int match = !strcmp(e->service, service);
        for (size_t k = 0; k < e->naliases && !match; k++)
            match = !strcmp(e->aliases[k], service);
        if (match) {
            *port_r = e->port;
            found = 1;
        }
    }
    free(t.e);
    if (!found)
        return qs_err_set(err, "TCP1902", service, proto, (const char *)NULL);
    return 0;
}

struct setp_arg {
    struct qs_srvtble e;
};

static int do_set_port(struct table *t, void *arg, struct qs_err *err)
{
    struct setp_arg *a = arg;
    int any = 0;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->e[i].service, a->e.service) && !strcmp(t->e[i].protocol, a->e.protocol)) {
            t->e[i].port = a->e.port;
            any = 1;
        }
    if (!any && add_entry(t, &a->e) < 0)
        return qs_err_sys(err, ENOMEM);
    return 0;
}

int qs_srvtbl_set_port(const char *service, const char *protocol, int port, struct qs_err *err)
{
    struct setp_arg a;
    memset(&a, 0, sizeof a);
    if (!service || strlen(service) > QS_SRV_NAME_MAX || !protocol ||
        strlen(protocol) > QS_SRV_NAME_MAX)
        return bad_value(err, service ? service : "");
    qs_strlcpy(a.e.service, service, sizeof a.e.service);
    qs_strlcpy(a.e.protocol, protocol, sizeof a.e.protocol);
    lower(a.e.protocol);
    a.e.port = port;
    if (entry_check(&a.e, err) < 0)
        return -1;
    return modify(do_set_port, &a, err);
}
