/*
 * qsys/smtpc/smtpc_cfg.c - client configuration and the retry schedule.
 */
#include "qsys/smtpc/smtpc.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/msf/mailcfg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_CFG_FILE (1024u * 1024)
#define MAX_TOKENS 4

static void cfg_defaults(struct qs_smtpc_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->tls = QS_TLS_OPTIONAL;
    c->tls_verify = -1;
    c->rty[0][0] = 3;      /* 3 attempts 30 minutes apart: "3 in 90 minutes" */
    c->rty[0][1] = 30;
    c->timeout = 300;
    c->concurrency = QS_SMTPC_DFT_CONCURRENCY;
    c->workers = QS_SMTPC_DFT_WORKERS;
    c->port = 25;
    c->mailrouter_port = 25;
}

void qs_smtpc_cfg_free(struct qs_smtpc_cfg *c)
{
    free(c->mailrouter);
    for (size_t i = 0; i < c->nroutes; i++) {
        free(c->routes[i].domain);
        free(c->routes[i].host);
    }
    free(c->routes);
    for (size_t i = 0; i < c->nauth; i++) {
        free(c->auth[i].host);
        free(c->auth[i].user);
        if (c->auth[i].password) {
            memset(c->auth[i].password, 0, strlen(c->auth[i].password));
            free(c->auth[i].password);
        }
    }
    free(c->auth);
    free(c->cafile);
    free(c->helo);
    free(c->dns);
    for (size_t i = 0; i < c->nrates; i++)
        free(c->rates[i].dest);
    free(c->rates);
    cfg_defaults(c);
}

static int bad_line(struct qs_err *err, const char *line, size_t len)
{
    char s[120];
    qs_sanitize(s, sizeof s, line, len);
    return qs_err_set(err, "TCP5382", s, (const char *)NULL);
}

/* "host[:port]" -> host (heap) and port. */
static int split_hostport(const char *s, size_t n, char **host, int *port, int dflt)
{
    const char *colon = memrchr(s, ':', n);
    long long p = dflt;
    size_t hl = n;
    if (colon && !memchr(s, ']', n)) {
        hl = (size_t)(colon - s);
        if (qs_parse_ll(colon + 1, n - hl - 1, 1, 65535, &p) < 0)
            return -1;
    }
    if (hl == 0 || hl > 255)
        return -1;
    for (size_t i = 0; i < hl; i++)
        if (s[i] <= ' ' || s[i] > '~' || strchr("/@,;", s[i]))
            return -1;
    *host = strndup(s, hl);
    *port = (int)p;
    return *host ? 0 : -1;
}

int qs_smtpc_cfg_line(struct qs_smtpc_cfg *c, const char *line, size_t len, struct qs_err *err)
{
    const char *tok[MAX_TOKENS];
    size_t tl[MAX_TOKENS], nt = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= len || line[i] == '#')
            break;
        if (nt == MAX_TOKENS)
            return bad_line(err, line, len);
        tok[nt] = line + i;
        while (i < len && line[i] != ' ' && line[i] != '\t')
            i++;
        tl[nt] = (size_t)(line + i - tok[nt]);
        nt++;
    }
    if (nt == 0)
        return 0;
    long long a, b;
#define KW(s) qs_memcaseeq(tok[0], tl[0], s)
    if (KW("MAILROUTER") && nt == 2) {
        free(c->mailrouter);
        c->mailrouter = NULL;
        if (qs_memcaseeq(tok[1], tl[1], "*NONE"))
            return 0;
        if (split_hostport(tok[1], tl[1], &c->mailrouter, &c->mailrouter_port, 25) < 0)
            return bad_line(err, line, len);
    } else if (KW("ROUTE") && nt == 3) {
        struct qs_smtpc_route r;
        if (tl[1] == 0 || tl[1] > 255 || split_hostport(tok[2], tl[2], &r.host, &r.port, 25) < 0)
            return bad_line(err, line, len);
        r.domain = strndup(tok[1], tl[1]);
        struct qs_smtpc_route *nr = realloc(c->routes, (c->nroutes + 1) * sizeof *nr);
        if (!r.domain || !nr) {
            free(r.domain);
            free(r.host);
            if (nr)
                c->routes = nr;
            return qs_err_sys(err, ENOMEM);
        }
        for (char *p = r.domain; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        c->routes = nr;
        c->routes[c->nroutes++] = r;
    } else if (KW("TLS") && nt == 2) {
        if (qs_memcaseeq(tok[1], tl[1], "*NONE")) c->tls = QS_TLS_NONE;
        else if (qs_memcaseeq(tok[1], tl[1], "*OPTIONAL")) c->tls = QS_TLS_OPTIONAL;
        else if (qs_memcaseeq(tok[1], tl[1], "*REQUIRED")) c->tls = QS_TLS_REQUIRED;
        else return bad_line(err, line, len);
    } else if (KW("TLSVERIFY") && nt == 2) {
        if (qs_memcaseeq(tok[1], tl[1], "*YES")) c->tls_verify = 1;
        else if (qs_memcaseeq(tok[1], tl[1], "*NO")) c->tls_verify = 0;
        else return bad_line(err, line, len);
    } else if ((KW("CAFILE") || KW("HELO")) && nt == 2 && tl[1] < QS_MAX_PATH) {
        char **f = KW("CAFILE") ? &c->cafile : &c->helo;
        free(*f);
        if (!(*f = strndup(tok[1], tl[1])))
            return qs_err_sys(err, ENOMEM);
    } else if ((KW("RTYMIN") || KW("RTYHOUR") || KW("RTYDAY")) && nt == 3) {
        int lvl = KW("RTYMIN") ? 0 : KW("RTYHOUR") ? 1 : 2;
        int max = lvl == 2 ? 9 : 99;
        if (qs_parse_ll(tok[1], tl[1], 0, max, &a) < 0 || qs_parse_ll(tok[2], tl[2], 0, max, &b) < 0)
            return bad_line(err, line, len);
        c->rty[lvl][0] = (int)a;
        c->rty[lvl][1] = (int)b;
    } else if (KW("RATE") && nt == 3) {
        if (tl[1] == 0 || tl[1] > 253 || qs_parse_ll(tok[2], tl[2], 1, 1000000, &a) < 0)
            return bad_line(err, line, len);
        struct qs_smtpc_rate *nr = realloc(c->rates, (c->nrates + 1) * sizeof *nr);
        if (!nr)
            return qs_err_sys(err, ENOMEM);
        c->rates = nr;
        if (!(nr[c->nrates].dest = strndup(tok[1], tl[1])))
            return qs_err_sys(err, ENOMEM);
        for (char *p = nr[c->nrates].dest; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        nr[c->nrates++].per_min = (unsigned)a;
    } else if (KW("WINDOW") && nt == 2) {
        long long h1, m1, h2, m2;
        const char *w = tok[1];
        if (tl[1] != 11 || w[2] != ':' || w[5] != '-' || w[8] != ':' ||
            qs_parse_ll(w, 2, 0, 23, &h1) < 0 || qs_parse_ll(w + 3, 2, 0, 59, &m1) < 0 ||
            qs_parse_ll(w + 6, 2, 0, 23, &h2) < 0 || qs_parse_ll(w + 9, 2, 0, 59, &m2) < 0)
            return bad_line(err, line, len);
        c->window_from = (int)(h1 * 60 + m1);
        c->window_to = (int)(h2 * 60 + m2);
    } else if (KW("DNS") && nt == 2) {
        free(c->dns);
        c->dns = NULL;
        struct in_addr ia;
        if (split_hostport(tok[1], tl[1], &c->dns, &c->dns_port, 53) < 0 ||
            inet_pton(AF_INET, c->dns, &ia) != 1) {
            free(c->dns);
            c->dns = NULL;
            return bad_line(err, line, len);
        }
    } else if (KW("TIMEOUT") && nt == 2) {
        if (qs_parse_ll(tok[1], tl[1], 1, 3600, &a) < 0)
            return bad_line(err, line, len);
        c->timeout = (int)a;
    } else if (KW("WORKERS") && nt == 2) {
        if (qs_parse_ll(tok[1], tl[1], 1, QS_SMTPC_MAX_WORKERS, &a) < 0)
            return bad_line(err, line, len);
        c->workers = (int)a;
    } else if (KW("CONCURRENCY") && nt == 2) {
        if (qs_parse_ll(tok[1], tl[1], 1, QS_SMTPC_MAX_CONCURRENCY, &a) < 0)
            return bad_line(err, line, len);
        c->concurrency = (int)a;
    } else if (KW("DLYWRN") && nt == 2) {
        if (qs_memcaseeq(tok[1], tl[1], "*NONE"))
            c->dlywrn = -1;
        else if (qs_parse_ll(tok[1], tl[1], 1, QS_SMTPC_MAX_DLYWRN_HOURS, &a) < 0)
            return bad_line(err, line, len);
        else
            c->dlywrn = (int)a * 3600;
    } else if (KW("PORT") && nt == 2) {
        if (qs_parse_ll(tok[1], tl[1], 1, 65535, &a) < 0)
            return bad_line(err, line, len);
        c->port = (int)a;
    } else {
        return bad_line(err, line, len);
    }
#undef KW
    return 0;
}

static int load_lines(struct qs_smtpc_cfg *c, const char *rel, int auth, struct qs_err *err)
{
    struct qs_buf p, d;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&d, MAX_CFG_FILE);
    int rc = qs_root_path(&p, err, "mail/%s", rel);
    struct qs_err e2 = QS_ERR_INIT;
    if (rc == 0 && qs_file_read(p.data, MAX_CFG_FILE, &d, &e2) < 0) {
        if (e2.sys_errno != ENOENT) {
            qs_err_move(err, &e2);
            rc = -1;
        }
        qs_err_clear(&e2);
        goto out;
    }
    for (size_t i = 0; rc == 0 && i < d.len;) {
        const char *nl = memchr(d.data + i, '\n', d.len - i);
        size_t e = nl ? (size_t)(nl - d.data) : d.len;
        size_t l = e - i;
        if (l && d.data[i + l - 1] == '\r')
            l--;
        if (!auth) {
            rc = qs_smtpc_cfg_line(c, d.data + i, l, err);
        } else if (l && d.data[i] != '#') {
            /* host user password (password may not contain blanks) */
            const char *s = d.data + i, *end = s + l;
            const char *f[3];
            size_t fl[3], n = 0;
            while (s < end && n < 3) {
                while (s < end && (*s == ' ' || *s == '\t'))
                    s++;
                if (s >= end)
                    break;
                f[n] = s;
                while (s < end && *s != ' ' && *s != '\t')
                    s++;
                fl[n] = (size_t)(s - f[n]);
                n++;
            }
            struct qs_smtpc_auth *na = n == 3 ? realloc(c->auth, (c->nauth + 1) * sizeof *na) : NULL;
            if (n != 3) {
                rc = qs_err_set(err, "TCP5382", "hostauth entry", (const char *)NULL);
            } else if (!na) {
                rc = qs_err_sys(err, ENOMEM);
            } else {
                c->auth = na;
                na[c->nauth].host = strndup(f[0], fl[0]);
                na[c->nauth].user = strndup(f[1], fl[1]);
                na[c->nauth].password = strndup(f[2], fl[2]);
                c->nauth++;
            }
        }
        i = e + 1;
    }
out:
    if (d.data)
        memset(d.data, 0, d.len);
    qs_buf_free(&p);
    qs_buf_free(&d);
    return rc;
}

int qs_smtpc_cfg_load(struct qs_smtpc_cfg *c, struct qs_err *err)
{
    cfg_defaults(c);
    if (load_lines(c, "smtpc.conf", 0, err) < 0 || load_lines(c, "hostauth", 1, err) < 0) {
        qs_smtpc_cfg_free(c);
        return -1;
    }
    const char *env = getenv("QSHIM_SMTPC_ROUTES");
    for (const char *s = env; s && *s;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        const char *eq = memchr(s, '=', n);
        struct qs_buf l;
        qs_buf_init(&l, 1024);
        int rc = eq ? qs_buf_addf(&l, "ROUTE %.*s %.*s", (int)(eq - s), s,
                                  (int)(n - (size_t)(eq - s) - 1), eq + 1) : -1;
        if (rc == 0)
            rc = qs_smtpc_cfg_line(c, l.data, l.len, err);
        else
            qs_err_set(err, "TCP5382", "QSHIM_SMTPC_ROUTES", (const char *)NULL);
        qs_buf_free(&l);
        if (rc < 0) {
            qs_smtpc_cfg_free(c);
            return -1;
        }
        s = comma ? comma + 1 : s + n;
    }
    return 0;
}

unsigned qs_smtpc_rate_for(const struct qs_smtpc_cfg *c, const char *dest)
{
    unsigned star = 0;
    for (size_t i = 0; i < c->nrates; i++) {
        if (qs_strcaseeq(c->rates[i].dest, dest))
            return c->rates[i].per_min;
        if (strcmp(c->rates[i].dest, "*") == 0)
            star = c->rates[i].per_min;
    }
    return star;
}

int qs_smtpc_in_window(const struct qs_smtpc_cfg *c, time_t t)
{
    if (c->window_from == c->window_to)
        return 1;
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 1;
    int m = tm.tm_hour * 60 + tm.tm_min;
    if (c->window_from < c->window_to)
        return m >= c->window_from && m < c->window_to;
    return m >= c->window_from || m < c->window_to;     /* wraps midnight */
}

time_t qs_smtpc_next_retry(const struct qs_smtpc_cfg *c, int attempts, time_t now)
{
    static const long unit[3] = { 60, 3600, 86400 };
    int k = attempts;              /* the k-th retry is being scheduled */
    for (int lvl = 0; lvl < 3; lvl++) {
        int n = c->rty[lvl][0], iv = c->rty[lvl][1];
        if (k <= n) {
            long secs = (long)(iv > 0 ? iv : 1) * unit[lvl];
            return now + secs;
        }
        k -= n;
    }
    return 0;
}

int qs_smtpc_cfg_set(const char *kw, const char *value, struct qs_err *err)
{
    struct qs_buf line;
    qs_buf_init(&line, 2048);
    int rc = -1;
    if (value) {
        struct qs_smtpc_cfg probe;
        cfg_defaults(&probe);
        if (qs_buf_addf(&line, "%s %s", kw, value) < 0 || memchr(line.data, '\n', line.len))
            rc = bad_line(err, kw, strlen(kw));
        else
            rc = qs_smtpc_cfg_line(&probe, line.data, line.len, err);
        qs_smtpc_cfg_free(&probe);
        if (rc < 0)
            goto out;
    }
    rc = qs_mailcfg_put_line("smtpc.conf", kw, value ? line.data : NULL, err);
out:
    qs_buf_free(&line);
    return rc;
}

static int auth_word(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f)
            return 0;
    return 1;
}

int qs_smtpc_hostauth_set(const char *host, const char *user, const char *password,
                          struct qs_err *err)
{
    if (!auth_word(host, 255) || (user && (!auth_word(user, 255) || !password ||
                                           !auth_word(password, 255))))
        return qs_err_set(err, "TCP5382", "host authentication entry (no blanks allowed)",
                          (const char *)NULL);
    struct qs_buf line;
    qs_buf_init(&line, 1024);
    int rc = user ? qs_buf_addf(&line, "%s %s %s", host, user, password) : 0;
    if (rc == 0)
        rc = qs_mailcfg_put_line("hostauth", host, user ? line.data : NULL, err);
    if (line.data)
        memset(line.data, 0, line.len);
    qs_buf_free(&line);
    return rc;
}
