/*
 * qsys/msf/mailcfg.c - mail configuration files and the SMTP directory
 * (see mailcfg.h).  Files are small text files replaced atomically; a
 * malformed line is skipped with a log warning rather than failing a server.
 */
#include "qsys/msf/mailcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/idna.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"
#include "qsys/sdd/sdd.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CFG_MAX (1024u * 1024)

/* CPD0084 "Value 'v' for parameter K not valid." -- an IBM message id and
 * its text only, never the parser's own wording (the value is sanitized). */
static int bad_kw(struct qs_err *err, const char *k, const char *v)
{
    char vs[QS_MAX_LOG_FIELD];
    qs_sanitize(vs, sizeof vs, v, strlen(v));
    return qs_err_set(err, "CPD0084", "0", k, vs, (const char *)NULL);
}

static char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }

static void set_str(char **f, const char *v)
{
    free(*f);
    *f = xstrdup(v);
}

static void defaults(struct qs_mailcfg *c)
{
    memset(c, 0, sizeof *c);
    c->autostart = 1;
    c->alwrly = QS_RLY_BYIPADR;
    c->alwauth = QS_ALWAUTH_LOCAL | QS_ALWAUTH_RELAY;
    c->popwdw = 15;
    c->maxemmsize = 10u * 1024 * 1024;
    c->journal = 0;
    c->nbrmsfjob = 3;
    c->maxrcpt = (int)QS_MAX_SMTP_RCPTS;
    c->port = 25;
    c->subm_port = 587;
    c->smtps_port = 465;
    c->idle_timeout = 300;
    c->keepuntil = QS_KEEPUNTIL_DFT;
    c->rbltimo = 2;
    c->ftracn = QS_FTRACN_KEEP;
    c->pop_autostart = 1;
    c->pop_port = 110;
    c->pops_port = 995;
    c->alwssl = 1;
    c->pop_inacttimo = 600;
    c->bndadr = strdup("*ALL");
    c->pop_bndadr = strdup("*ALL");
    char h[256];
    if (gethostname(h, sizeof h) != 0)
        qs_strlcpy(h, "localhost", sizeof h);
    h[sizeof h - 1] = '\0';
    c->hostname = strdup(h);
}

/* Parse an IPv4 dotted quad. 0 or -1. */
static int ip4(const char *s, uint32_t *r)
{
    struct in_addr a;
    if (inet_pton(AF_INET, s, &a) != 1)
        return -1;
    *r = ntohl(a.s_addr);
    return 0;
}

/* Parse an IPv6 address. 0 or -1. */
static int ip6(const char *s, uint8_t r[16])
{
    return inet_pton(AF_INET6, s, r) == 1 ? 0 : -1;
}

/* An IPv4 or IPv6 literal (bind addresses)? */
static int ip_any(const char *s)
{
    uint32_t a;
    uint8_t b[16];
    return ip4(s, &a) == 0 || ip6(s, b) == 0;
}

static const char *const ftr_names[] = { "*FTRSUBJECT", "*FTRORIGIN", "*FTRFILNAME",
                                         "*FTRTYPE" };

int qs_mailcfg_ftr_type(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (qs_strcaseeq(name, ftr_names[i]))
            return i;
    return -1;
}

const char *qs_mailcfg_ftr_name(int type)
{
    return type >= 0 && type < 4 ? ftr_names[type] : "?";
}

static int yesno(const char *v, int *r)
{
    if (qs_strcaseeq(v, "*YES")) { *r = 1; return 0; }
    if (qs_strcaseeq(v, "*NO")) { *r = 0; return 0; }
    return -1;
}

static int num(const char *v, long long lo, long long hi, int *r)
{
    long long x;
    if (qs_parse_ll(v, strlen(v), lo, hi, &x) < 0)
        return -1;
    *r = (int)x;
    return 0;
}

/* One RBLSVR answer: "a.b.c.d" or "a.b.c.d/m.m.m.m"; "*ANY" = any 127/8. */
static int rbl_answer(const char *p, size_t len, struct qs_netmask *r)
{
    char t[40];
    if (len >= sizeof t)
        return -1;
    memcpy(t, p, len);
    t[len] = '\0';
    r->addr = r->mask = 0;
    if (qs_strcaseeq(t, "*ANY"))
        return 0;
    char *slash = strchr(t, '/');
    uint32_t m = 0xffffffffu;
    if (slash) {
        *slash++ = '\0';
        if (ip4(slash, &m) < 0 || m == 0)
            return -1;
    }
    if (ip4(t, &r->addr) < 0)
        return -1;
    r->mask = m;
    r->addr &= m;
    return 0;
}

/* RBLSVR: "*NONE", or DNSBL zones separated by blanks or commas, each
 * "zone" or "zone=answer[/mask]" (CHGSMTPA RBLSVR((zone answer))). */
static int rbl_zones(struct qs_mailcfg *c, const char *v)
{
    for (size_t i = 0; i < c->nrbl; i++)
        free(c->rbl[i]);
    free(c->rbl);
    free(c->rblans);
    c->rbl = NULL;
    c->rblans = NULL;
    c->nrbl = 0;
    if (qs_strcaseeq(v, "*NONE"))
        return 0;
    const char *p = v;
    while (*p) {
        size_t tlen = strcspn(p, " ,");
        if (tlen) {
            const char *eq = memchr(p, '=', tlen);
            size_t len = eq ? (size_t)(eq - p) : tlen;
            if (len == 0 || len > QS_MAX_RBL_ZONE || c->nrbl >= QS_MAX_RBL_ZONES)
                return -1;
            for (size_t i = 0; i < len; i++)
                if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '.')
                    return -1;
            if (p[0] == '.' || p[0] == '-')
                return -1;
            struct qs_netmask ans = { 0, 0 };
            if (eq && rbl_answer(eq + 1, tlen - len - 1, &ans) < 0)
                return -1;
            char **x = realloc(c->rbl, (c->nrbl + 1) * sizeof *x);
            if (!x)
                return -1;
            c->rbl = x;
            struct qs_netmask *a = realloc(c->rblans, (c->nrbl + 1) * sizeof *a);
            if (!a)
                return -1;
            c->rblans = a;
            a[c->nrbl] = ans;
            if (!(x[c->nrbl] = strndup(p, len)))
                return -1;
            c->nrbl++;
        }
        p += tlen;
        p += strspn(p, " ,");
    }
    return 0;
}

/* Apply one keyword to c.  0; -1 when the value is not valid; -2 when the
 * keyword is unknown. */
static int apply(struct qs_mailcfg *c, const char *k, const char *v)
{
    int n;
    if (qs_strcaseeq(k, "AUTOSTART")) return yesno(v, &c->autostart);
    if (qs_strcaseeq(k, "ALWBARELF")) return yesno(v, &c->alwbarelf);
    if (qs_strcaseeq(k, "ALWIMPSSL")) return yesno(v, &c->alwimpssl);
    if (qs_strcaseeq(k, "JOURNAL")) return yesno(v, &c->journal);
    if (qs_strcaseeq(k, "VRFY")) return yesno(v, &c->vrfy);
    if (qs_strcaseeq(k, "COLDSTART")) return yesno(v, &c->coldstart);
    if (qs_strcaseeq(k, "VFYID")) return yesno(v, &c->vfyid);
    if (qs_strcaseeq(k, "DIRTYPE")) {
        static const char *const names[] = { "*SMTP", "*SMTPMSF", "*SDD" };
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (qs_strcaseeq(v, names[i])) { c->dirtype = (int)i; return 0; }
        return -1;
    }
    if (qs_strcaseeq(k, "KEEPUNTIL")) {
        if (qs_strcaseeq(v, "*DFT")) { c->keepuntil = QS_KEEPUNTIL_DFT; return 0; }
        if (qs_strcaseeq(v, "*NONE")) { c->keepuntil = 0; return 0; }
        return num(v, 1, QS_KEEPUNTIL_MAX, &c->keepuntil);
    }
    if (qs_strcaseeq(k, "ALWRLY")) {
        static const char *const names[] = { "*NONE", "*ALL", "*BYIPADR", "*POPWDW",
                                             "*BYIPPOP", "*AUTH" };
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (qs_strcaseeq(v, names[i])) { c->alwrly = (int)i; return 0; }
        return -1;
    }
    if (qs_strcaseeq(k, "ALWAUTH")) {
        /* "*NONE", or blank-separated *LOCAL *RELAY *ALWPLAIN */
        unsigned bits = 0;
        char *dup = strdup(v), *save = NULL;
        if (!dup)
            return -1;
        for (char *t = strtok_r(dup, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
            if (qs_strcaseeq(t, "*LOCAL")) bits |= QS_ALWAUTH_LOCAL;
            else if (qs_strcaseeq(t, "*RELAY")) bits |= QS_ALWAUTH_RELAY;
            else if (qs_strcaseeq(t, "*ALWPLAIN")) bits |= QS_ALWAUTH_PLAIN;
            else if (qs_strcaseeq(t, "*NONE")) bits = 0;
            else { free(dup); return -1; }
        }
        free(dup);
        c->alwauth = bits;
        return 0;
    }
    if (qs_strcaseeq(k, "POPWDW")) return num(v, 15, 65535, &c->popwdw);
    if (qs_strcaseeq(k, "MAXEMMSIZE")) {
        if (qs_strcaseeq(v, "*NOMAX")) { c->maxemmsize = 1ull << 40; return 0; }
        if (num(v, 1, 2147483647, &n) < 0) return -1;
        c->maxemmsize = (uint64_t)n * 1024;  /* KB, as CHGSMTPA */
        return 0;
    }
    if (qs_strcaseeq(k, "NBRMSFJOB")) return num(v, 1, 99, &c->nbrmsfjob);
    if (qs_strcaseeq(k, "MAXRCPT")) return num(v, 100, 100000, &c->maxrcpt);
    if (qs_strcaseeq(k, "PORT")) return num(v, 1, 65535, &c->port);
    if (qs_strcaseeq(k, "SUBMPORT")) return num(v, 0, 65535, &c->subm_port);
    if (qs_strcaseeq(k, "SMTPSPORT")) return num(v, 0, 65535, &c->smtps_port);
    if (qs_strcaseeq(k, "INACTTIMO")) return num(v, 10, 65535, &c->idle_timeout);
    if (qs_strcaseeq(k, "BNDADR")) {
        if (!qs_strcaseeq(v, "*ALL") && !ip_any(v)) return -1;
        set_str(&c->bndadr, v);
        return 0;
    }
    if (qs_strcaseeq(k, "FTRACN")) {
        if (qs_strcaseeq(v, "*KEEP")) c->ftracn = QS_FTRACN_KEEP;
        else if (qs_strcaseeq(v, "*DISCARD")) c->ftracn = QS_FTRACN_DISCARD;
        else return -1;
        return 0;
    }
    if (qs_strcaseeq(k, "RBLTIMO")) return num(v, 1, 60, &c->rbltimo);
    if (qs_strcaseeq(k, "HOSTNAME")) { set_str(&c->hostname, v); return 0; }
    if (qs_strcaseeq(k, "RBLSVR")) return rbl_zones(c, v);
    if (qs_strcaseeq(k, "RBLDNS")) {
        if (qs_strcaseeq(v, "*SYS")) { free(c->rbldns); c->rbldns = NULL; return 0; }
        const char *colon = strchr(v, ':');
        char ipbuf[16];
        size_t il = colon ? (size_t)(colon - v) : strlen(v);
        uint32_t a;
        if (il >= sizeof ipbuf) return -1;
        memcpy(ipbuf, v, il);
        ipbuf[il] = '\0';
        if (ip4(ipbuf, &a) < 0 || (colon && num(colon + 1, 1, 65535, &n) < 0)) return -1;
        set_str(&c->rbldns, v);
        return 0;
    }
    if (qs_strcaseeq(k, "CERTFILE")) { set_str(&c->certfile, v); return 0; }
    if (qs_strcaseeq(k, "KEYFILE")) { set_str(&c->keyfile, v); return 0; }
    /* CHGPOPA */
    if (qs_strcaseeq(k, "POP_AUTOSTART")) return yesno(v, &c->pop_autostart);
    if (qs_strcaseeq(k, "POP_PORT")) return num(v, 1, 65535, &c->pop_port);
    if (qs_strcaseeq(k, "POPS_PORT")) return num(v, 0, 65535, &c->pops_port);
    if (qs_strcaseeq(k, "POP_INACTTIMO")) return num(v, 10, 65535, &c->pop_inacttimo);
    if (qs_strcaseeq(k, "ALWSSL")) {
        if (qs_strcaseeq(v, "*NO")) c->alwssl = 0;
        else if (qs_strcaseeq(v, "*YES")) c->alwssl = 1;
        else if (qs_strcaseeq(v, "*ONLY")) c->alwssl = 2;
        else return -1;
        return 0;
    }
    if (qs_strcaseeq(k, "MSGSPLIT")) {
        if (qs_strcaseeq(v, "*DFT") || qs_strcaseeq(v, "*NOMAX")) { c->msgsplit = 0; return 0; }
        return num(v, 32, 2048, &c->msgsplit);
    }
    if (qs_strcaseeq(k, "MIMECCSID")) {
        /* "ccsid when": *DFT or one of IBM's CCSIDs, then *BESTFIT or *ALWAYS */
        char a[16] = "", b[16] = "";
        size_t l1 = strcspn(v, " ");
        const char *w = v + l1 + strspn(v + l1, " ");
        if (l1 == 0 || l1 >= sizeof a || strlen(w) >= sizeof b)
            return -1;
        memcpy(a, v, l1);
        qs_strlcpy(b, w, sizeof b);
        int cc = 0;
        if (!qs_strcaseeq(a, "*DFT") && (num(a, 1, 65533, &cc) < 0 || !qs_mimeccsid_charset(cc)))
            return -1;
        int always = 0;
        if (qs_strcaseeq(b, "*ALWAYS")) always = 1;
        else if (*b && !qs_strcaseeq(b, "*BESTFIT")) return -1;
        c->mimeccsid = cc;
        c->mimeccsid_always = always;
        return 0;
    }
    if (qs_strcaseeq(k, "POP_BNDADR")) {
        if (!qs_strcaseeq(v, "*ALL") && !ip_any(v)) return -1;
        set_str(&c->pop_bndadr, v);
        return 0;
    }
    return -2;   /* not a keyword of ours */
}

/* Split a config line in place into keyword and value (value = rest, trimmed). */
static int split(char *line, char **k, char **v)
{
    while (*line == ' ' || *line == '\t') line++;
    if (*line == '\0' || *line == '#')
        return -1;
    *k = line;
    while (*line && *line != ' ' && *line != '\t') line++;
    if (*line) *line++ = '\0';
    while (*line == ' ' || *line == '\t') line++;
    char *e = line + strlen(line);
    while (e > line && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = '\0';
    *v = line;
    return 0;
}

typedef int (*line_fn)(void *arg, char *line);

static int each_line(const char *rel, line_fn fn, void *arg, struct qs_err *err)
{
    struct qs_buf path, data;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&data, CFG_MAX);
    if (qs_root_path(&path, err, "mail/%s", rel) < 0) {
        qs_buf_free(&path);
        return -1;
    }
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(path.data, CFG_MAX, &data, &e2) < 0) {
        int missing = e2.sys_errno == ENOENT;
        qs_buf_free(&path);
        qs_buf_free(&data);
        if (missing) {
            qs_err_clear(&e2);
            return 0;
        }
        qs_err_move(err, &e2);
        return -1;
    }
    char *p = data.data ? data.data : (char *)"";
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        fn(arg, p);
        if (!nl) break;
        p = nl + 1;
    }
    qs_buf_free(&path);
    qs_buf_free(&data);
    return 0;
}

static int conf_line(void *arg, char *line)
{
    char *k, *v;
    if (split(line, &k, &v) < 0)
        return 0;
    if (apply(arg, k, v) < 0)
        qs_log(QS_LOG_WARN, "mail config: ignoring \"%s %s\"", k, v);
    return 0;
}

static int push_mask(struct qs_netmask **l, size_t *n, uint32_t a, uint32_t m)
{
    struct qs_netmask *x = realloc(*l, (*n + 1) * sizeof **l);
    if (!x) return -1;
    x[*n].addr = a & m;
    x[*n].mask = m;
    *l = x;
    (*n)++;
    return 0;
}

static int le_line(void *arg, char *line)
{
    struct qs_mailcfg *c = arg;
    char *k, *v;
    if (split(line, &k, &v) < 0)
        return 0;
    if (qs_strcaseeq(k, "*DOMAIN")) {
        char **d = realloc(c->domains, (c->ndomains + 1) * sizeof *d);
        if (!d) return -1;
        c->domains = d;
        d[c->ndomains] = strdup(v);
        if (d[c->ndomains]) c->ndomains++;
        return 0;
    }
    int ft = qs_mailcfg_ftr_type(k);
    if (ft >= 0) {
        struct qs_mailftr *f = realloc(c->ftr, (c->nftr + 1) * sizeof *f);
        if (!f) return -1;
        c->ftr = f;
        f[c->nftr].type = ft;
        if ((f[c->nftr].data = strdup(v)) != NULL && *v) c->nftr++;
        else free(f[c->nftr].data);
        return 0;
    }
    char *mask = strchr(v, ' ');
    if (mask) *mask++ = '\0';
    if (qs_strcaseeq(k, "*ACCEPTIP6") || qs_strcaseeq(k, "*REJECTIP6")) {
        struct qs_net6 n6;
        long long pfx = 128;
        if (ip6(v, n6.addr) < 0 || (mask && qs_parse_ll(mask, strlen(mask), 0, 128, &pfx) < 0)) {
            qs_log(QS_LOG_WARN, "smtple: bad IPv6 entry \"%s\"", v);
            return 0;
        }
        n6.prefix = (unsigned)pfx;
        int acc = qs_strcaseeq(k, "*ACCEPTIP6");
        struct qs_net6 **l = acc ? &c->accept6 : &c->reject6;
        size_t *n = acc ? &c->naccept6 : &c->nreject6;
        struct qs_net6 *x = realloc(*l, (*n + 1) * sizeof *x);
        if (!x) return -1;
        x[(*n)++] = n6;
        *l = x;
        return 0;
    }
    uint32_t a, m = 0xffffffffu;
    if (ip4(v, &a) < 0 || (mask && ip4(mask, &m) < 0)) {
        qs_log(QS_LOG_WARN, "smtple: bad address \"%s\"", v);
        return 0;
    }
    if (qs_strcaseeq(k, "*ACCEPT")) push_mask(&c->accept, &c->naccept, a, m);
    else if (qs_strcaseeq(k, "*REJECT")) push_mask(&c->reject, &c->nreject, a, m);
    return 0;
}

struct le_walk {
    qs_mailcfg_le_fn *fn;
    void *arg;
    int n, stop;
};

static int le_walk_line(void *arg, char *line)
{
    struct le_walk *w = arg;
    char *k, *v, *mask = NULL;
    if (w->stop || split(line, &k, &v) < 0)
        return 0;
    if (!qs_strcaseeq(k, "*DOMAIN") && qs_mailcfg_ftr_type(k) < 0 &&
        (mask = strchr(v, ' ')) != NULL)
        *mask++ = '\0';
    w->n++;
    w->stop = w->fn(k, v, mask, w->arg) != 0;
    return 0;
}

int qs_mailcfg_each_le(qs_mailcfg_le_fn *fn, void *arg, struct qs_err *err)
{
    struct le_walk w = { fn, arg, 0, 0 };
    return each_line("smtple", le_walk_line, &w, err) < 0 ? -1 : w.n;
}

int qs_mailcfg_load(struct qs_mailcfg *c, struct qs_err *err)
{
    defaults(c);
    if (each_line("smtpa.conf", conf_line, c, err) < 0 ||
        each_line("popa.conf", conf_line, c, err) < 0 ||
        each_line("smtple", le_line, c, err) < 0) {
        qs_mailcfg_free(c);
        return -1;
    }
    return 0;
}

void qs_mailcfg_free(struct qs_mailcfg *c)
{
    free(c->bndadr);
    free(c->pop_bndadr);
    free(c->hostname);
    free(c->certfile);
    free(c->keyfile);
    for (size_t i = 0; i < c->nrbl; i++)
        free(c->rbl[i]);
    free(c->rbl);
    free(c->rblans);
    free(c->rbldns);
    free(c->accept);
    free(c->reject);
    free(c->accept6);
    free(c->reject6);
    for (size_t i = 0; i < c->nftr; i++)
        free(c->ftr[i].data);
    free(c->ftr);
    for (size_t i = 0; i < c->ndomains; i++)
        free(c->domains[i]);
    free(c->domains);
    memset(c, 0, sizeof *c);
}

/* Replace or append "KEY value" in a file, atomically. */
static int rewrite(const char *rel, const char *key, const char *newline, int replace,
                   struct qs_err *err)
{
    struct qs_buf path, data, out;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&data, CFG_MAX);
    qs_buf_init(&out, CFG_MAX);
    int rc = -1;
    if (qs_root_path(&path, err, "mail") < 0 || qs_mkdir_p(path.data, 0700, err) < 0)
        goto out;
    qs_buf_addf(&path, "/%s", rel);
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(path.data, CFG_MAX, &data, &e2) < 0) {
        if (e2.sys_errno != ENOENT) {
            qs_err_move(err, &e2);
            goto out;
        }
        qs_err_clear(&e2);
    }
    const char *p = qs_buf_str(&data);
    size_t kl = strlen(key);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t ll = nl ? (size_t)(nl - p) : strlen(p);
        int same = replace && ll > kl && qs_memcaseeq(p, kl, key) &&
                   (p[kl] == ' ' || p[kl] == '\t');
        if (!same && ll > 0 && (qs_buf_add(&out, p, ll) < 0 || qs_buf_addc(&out, '\n') < 0)) {
            qs_err_sys(err, errno);
            goto out;
        }
        p += ll + (nl ? 1 : 0);
    }
    if (newline && (qs_buf_adds(&out, newline) < 0 || qs_buf_addc(&out, '\n') < 0)) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = qs_file_write_atomic(path.data, out.data, out.len, 0600, err);
out:
    qs_buf_free(&path);
    qs_buf_free(&data);
    qs_buf_free(&out);
    return rc;
}

int qs_mailcfg_put_line(const char *file, const char *key, const char *line,
                        struct qs_err *err)
{
    return rewrite(file, key, line, 1, err);
}

static int bad_value(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

int qs_mailcfg_set(const char *file, const char *keyword, const char *value,
                   struct qs_err *err)
{
    struct qs_mailcfg probe;
    defaults(&probe);
    int rc = bad_value(keyword) || strlen(keyword) > 32 ? -2
             : bad_value(value) || strlen(value) >= 1024 ? -1
             : apply(&probe, keyword, value);
    qs_mailcfg_free(&probe);
    if (rc == -2) {
        char ks[QS_MAX_LOG_FIELD];
        qs_sanitize(ks, sizeof ks, keyword, strlen(keyword));
        return qs_err_set(err, "CPD0043", ks, (const char *)NULL);
    }
    if (rc < 0)
        return bad_kw(err, keyword, value);
    struct qs_buf line;
    qs_buf_init(&line, 2048);
    qs_buf_addf(&line, "%s %s", keyword, value);
    rc = rewrite(file, keyword, line.data, 1, err);
    qs_buf_free(&line);
    return rc;
}

/* Check an ADDSMTPLE / RMVSMTPLE entry and put its smtple line into line. */
static int le_text(const char *type, const char *value, const char *mask, struct qs_buf *line,
                   struct qs_err *err)
{
    uint32_t a;
    uint8_t a6[16];
    int ftr = qs_mailcfg_ftr_type(type);
    if (bad_value(type) || bad_value(value) || (mask && bad_value(mask)) ||
        (ftr < 0 && strchr(value, ' ')))
        return bad_kw(err, type, value);
    if (qs_strcaseeq(type, "*ACCEPT") || qs_strcaseeq(type, "*REJECT")) {
        if (ip4(value, &a) < 0 || (mask && ip4(mask, &a) < 0))
            return bad_kw(err, "INTNETADR", value);
    } else if (qs_strcaseeq(type, "*ACCEPTIP6") || qs_strcaseeq(type, "*REJECTIP6")) {
        long long pfx;
        if (ip6(value, a6) < 0)
            return bad_kw(err, "IP6NETADR", value);
        if (mask && qs_parse_ll(mask, strlen(mask), 0, 128, &pfx) < 0)
            return bad_kw(err, "IP6PFX", mask);
    } else if (ftr >= 0) {
        size_t vl = strlen(value);
        if (vl == 0 || vl > QS_MAX_FTRDATA || mask || value[0] == ' ' || value[vl - 1] == ' ')
            return bad_kw(err, "FTRDATA", value);
    } else if (!qs_strcaseeq(type, "*DOMAIN")) {
        return bad_kw(err, "TYPE", type);
    }
    if (qs_buf_addf(line, "%s %s%s%s", type, value, mask ? " " : "", mask ? mask : "") < 0)
        return qs_err_sys(err, errno);
    return 0;
}

int qs_mailcfg_add_le(const char *type, const char *value, const char *mask,
                      struct qs_err *err)
{
    struct qs_buf line;
    qs_buf_init(&line, 2048);
    int rc = le_text(type, value, mask, &line, err);
    if (rc == 0)
        rc = rewrite("smtple", "", line.data, 0, err);
    qs_buf_free(&line);
    return rc;
}

/* Same line?  Keyword and value compared without regard to ASCII case
 * (addresses are canonical text, filter patterns match case-insensitively). */
static int same_line(const char *p, size_t n, const char *line)
{
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    return qs_memcaseeq(p, n, line);
}

int qs_mailcfg_rmv_le(const char *type, const char *value, const char *mask,
                      struct qs_err *err)
{
    struct qs_buf line, path, data, out;
    qs_buf_init(&line, 2048);
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&data, CFG_MAX);
    qs_buf_init(&out, CFG_MAX);
    int rc = -1, found = 0;
    if (le_text(type, value, mask, &line, err) < 0 ||
        qs_root_path(&path, err, "mail/smtple") < 0)
        goto out;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(path.data, CFG_MAX, &data, &e2) < 0 && e2.sys_errno != ENOENT) {
        qs_err_move(err, &e2);
        goto out;
    }
    qs_err_clear(&e2);
    for (const char *p = qs_buf_str(&data); *p;) {
        const char *nl = strchr(p, '\n');
        size_t ll = nl ? (size_t)(nl - p) : strlen(p);
        if (same_line(p, ll, line.data))
            found = 1;
        else if (ll > 0 && (qs_buf_add(&out, p, ll) < 0 || qs_buf_addc(&out, '\n') < 0)) {
            qs_err_sys(err, errno);
            goto out;
        }
        p += ll + (nl ? 1 : 0);
    }
    if (!found) {
        char t[300], vs[QS_MAX_LOG_FIELD];
        qs_sanitize(vs, sizeof vs, value, strlen(value));
        snprintf(t, sizeof t, "SMTP list entry %s '%s' not found", type, vs);
        qs_err_set(err, "CPF9898", t, (const char *)NULL);
        goto out;
    }
    rc = qs_file_write_atomic(path.data, out.data, out.len, 0600, err);
out:
    qs_buf_free(&line);
    qs_buf_free(&path);
    qs_buf_free(&data);
    qs_buf_free(&out);
    return rc;
}

int qs_mailcfg_is_local(const struct qs_mailcfg *c, const char *domain)
{
    if (!domain || !*domain)
        return 0;
    /* a U-label spelling matches its A-label (docs/msf.md "SMTPUTF8") */
    if (qs_strcaseeq(domain, "localhost") || (c->hostname && qs_domain_eq(domain, c->hostname)))
        return 1;
    for (size_t i = 0; i < c->ndomains; i++)
        if (qs_domain_eq(domain, c->domains[i]))
            return 1;
    return 0;
}

int qs_mailcfg_in_list(const struct qs_netmask *l, size_t n, uint32_t addr)
{
    for (size_t i = 0; i < n; i++)
        if ((addr & l[i].mask) == l[i].addr)
            return 1;
    return 0;
}

int qs_mailcfg_in_list6(const struct qs_net6 *l, size_t n, const uint8_t addr[16])
{
    for (size_t i = 0; i < n; i++) {
        unsigned full = l[i].prefix / 8, rest = l[i].prefix % 8;
        if (memcmp(addr, l[i].addr, full) != 0)
            continue;
        if (rest) {
            uint8_t m = (uint8_t)(0xffu << (8 - rest));
            if ((addr[full] & m) != (l[i].addr[full] & m))
                continue;
        }
        return 1;
    }
    return 0;
}

/* --- SMTP directory -------------------------------------------------------- */

static int valid_name(const char *s, size_t max, const char *extra)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              strchr(extra, ch)))
            return 0;
    }
    return 1;
}

/* An ALIAS: up to 50 characters that convert to ISO 8859-1 (IBM), given
 * and kept in UTF-8; beyond ASCII letters, digits and "._-+" the Latin-1
 * characters U+00A1-U+00FF (so that an SMTPUTF8 local part such as
 * "jörg" can name a mailbox; docs/msf.md "SMTPUTF8"). */
static int valid_alias(const char *s)
{
    size_t n = strlen(s), chars = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; chars++) {
        uint32_t cp = 0;
        size_t k = qs_utf8_seq((const unsigned char *)s + i, n - i, &cp);
        int ascii_ok = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                       (cp >= '0' && cp <= '9') || (cp && strchr("._-+", (int)cp));
        if (!k || (k == 1 && !ascii_ok) || (k > 1 && (cp < 0xA1 || cp > 0xFF)))
            return 0;
        i += k;
    }
    return chars <= 50;
}

/* Write the entry "USRPRF alias domain": appended, or replacing the
 * profile's entries when replace is set. */
static int dir_put(const char *usrprf, const char *alias, const char *domain, int replace,
                   struct qs_err *err)
{
    if (!valid_name(usrprf, 10, "#$@_"))
        return bad_kw(err, "USRPRF", usrprf);
    if (!valid_alias(alias))
        return bad_kw(err, "ALIAS", alias);
    if (!valid_name(domain, 255, ".-*"))
        return bad_kw(err, "DOMAIN", domain);
    char up[11];
    qs_strlcpy(up, usrprf, sizeof up);
    qs_str_upper(up);
    struct qs_buf line;
    qs_buf_init(&line, 512);
    qs_buf_addf(&line, "%s %s %s", up, alias, domain);
    int rc = rewrite("smtpdir", replace ? up : "", line.data, replace, err);
    qs_buf_free(&line);
    return rc;
}

int qs_smtpdir_add(const char *usrprf, const char *alias, const char *domain,
                   struct qs_err *err)
{
    return dir_put(usrprf, alias, domain, 0, err);
}

struct dir_find {
    const struct qs_mailcfg *c;
    const char *alias, *domain, *user;
    char *user_r;
    char *addr_r;
    size_t addrsz;
    int found;
};

static int dir_line(void *arg, char *line)
{
    struct dir_find *f = arg;
    char *u, *rest;
    if (f->found || split(line, &u, &rest) < 0)
        return 0;
    char *d = strchr(rest, ' ');
    if (!d) return 0;
    *d++ = '\0';
    if (f->user) {
        if (qs_strcaseeq(u, f->user)) {
            const char *dom = (qs_strcaseeq(d, "*DFT") && f->c) ? f->c->hostname : d;
            if (strlen(rest) + strlen(dom) + 2 <= f->addrsz) {
                qs_strlcpy(f->addr_r, rest, f->addrsz);
                size_t l = strlen(f->addr_r);
                f->addr_r[l] = '@';
                qs_strlcpy(f->addr_r + l + 1, dom, f->addrsz - l - 1);
                f->found = 1;
            }
        }
        return 0;
    }
    /* ASCII and ISO 8859-1 letters match in either case (aliases are
     * ISO 8859-1 on IBM i; both sides are UTF-8 here) */
    if (!qs_strcaseeq(rest, f->alias) &&
        !qs_utf8_latin1_caseeq(rest, strlen(rest), f->alias, strlen(f->alias)))
        return 0;
    if (qs_domain_eq(d, f->domain) || qs_strcaseeq(d, "*DFT") || qs_strcaseeq(d, "*ANY")) {
        qs_strlcpy(f->user_r, u, 11);
        qs_str_upper(f->user_r);
        f->found = 1;
    }
    return 0;
}

struct dir_walk {
    qs_smtpdir_fn *fn;
    void *arg;
    int n, stop;
};

static int dir_walk_line(void *arg, char *line)
{
    struct dir_walk *w = arg;
    char *u, *rest, *d;
    if (w->stop || split(line, &u, &rest) < 0 || !(d = strchr(rest, ' ')))
        return 0;
    *d++ = '\0';
    w->n++;
    w->stop = w->fn(u, rest, d, w->arg) != 0;
    return 0;
}

int qs_smtpdir_each(qs_smtpdir_fn *fn, void *arg, struct qs_err *err)
{
    struct dir_walk w = { fn, arg, 0, 0 };
    return each_line("smtpdir", dir_walk_line, &w, err) < 0 ? -1 : w.n;
}

/* The raw entry "alias@domain" (domain as stored) of usrprf into addr: 0,
 * or -1 with err set (CPF9898 when the profile has none). */
static int dir_entry(const char *usrprf, char *addr, size_t addrsz, struct qs_err *err)
{
    if (!valid_name(usrprf, 10, "#$@_"))
        return bad_kw(err, "USRPRF", usrprf);
    struct dir_find f = { NULL, NULL, NULL, usrprf, NULL, addr, addrsz, 0 };
    if (each_line("smtpdir", dir_line, &f, err) < 0)
        return -1;
    if (!f.found || !strchr(addr, '@')) {
        char t[80];
        snprintf(t, sizeof t, "User %s not in the SMTP mailbox directory", usrprf);
        return qs_err_set(err, "CPF9898", t, (const char *)NULL);
    }
    return 0;
}

int qs_smtpdir_remove(const char *usrprf, struct qs_err *err)
{
    char addr[320];
    if (dir_entry(usrprf, addr, sizeof addr, err) < 0)
        return -1;
    return rewrite("smtpdir", usrprf, NULL, 1, err);
}

int qs_smtpdir_change(const char *usrprf, const char *alias, const char *domain,
                      struct qs_err *err)
{
    char addr[320];
    if (dir_entry(usrprf, addr, sizeof addr, err) < 0)
        return -1;
    char *at = strchr(addr, '@');
    *at = '\0';
    return dir_put(usrprf, alias ? alias : addr, domain ? domain : at + 1, 1, err);
}

/* DIRTYPE(*SDD): the SDD entry whose SMTP name is alias@domain and that
 * names a user profile.  An entry without a profile cannot receive mail. */
static int sdd_lookup(const char *alias, const char *domain, char user_r[11],
                      struct qs_err *err)
{
    struct qs_sdd_entry e;
    struct qs_err e2 = QS_ERR_INIT;
    if (strlen(alias) > QS_SDD_SMTPUSR_LEN || strlen(domain) > QS_SDD_SMTPDMN_LEN)
        return 0;
    if (qs_sdd_find_smtp(alias, domain, &e, &e2) < 0) {
        int missing = strcmp(e2.msgid, "CPF9006") == 0;
        if (missing) {
            qs_err_clear(&e2);
            return 0;
        }
        qs_err_move(err, &e2);
        return -1;
    }
    if (!e.usrprf[0])
        return 0;
    qs_strlcpy(user_r, e.usrprf, 11);
    qs_str_upper(user_r);
    return 1;
}

int qs_mailcfg_sender_owned(const struct qs_mailcfg *c, const char *addr,
                            const char *usrprf, struct qs_err *err)
{
    const char *at = addr ? strrchr(addr, '@') : NULL;
    if (!at || at == addr || !usrprf || !*usrprf)
        return 0;
    char *local = strndup(addr, (size_t)(at - addr));
    if (!local)
        return qs_err_sys(err, ENOMEM);
    char user[11];
    int f = qs_smtpdir_lookup(c, local, at + 1, user, err);
    free(local);
    if (f <= 0)
        return f;
    return qs_strcaseeq(user, usrprf) ? 1 : 0;
}

int qs_mailcfg_track_days(const struct qs_mailcfg *c)
{
    return c->dirtype == QS_DIR_SDD ? 0 : c->keepuntil;
}

const char *qs_mimeccsid_charset(int ccsid)
{
    /* CHGPOPA MIMECCSID's list (ibmi-reference.md §6.6) and the charset
     * names of RFC 2046 / the IANA registry. */
    static const struct { int ccsid; const char *name; } t[] = {
        { 819, "ISO-8859-1" },  { 912, "ISO-8859-2" },  { 915, "ISO-8859-5" },
        { 1089, "ISO-8859-6" }, { 813, "ISO-8859-7" },  { 916, "ISO-8859-8" },
        { 920, "ISO-8859-9" },  { 5052, "ISO-2022-JP" }, { 367, "US-ASCII" },
        { 923, "ISO-8859-15" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].ccsid == ccsid)
            return t[i].name;
    return NULL;
}

int qs_smtpdir_lookup(const struct qs_mailcfg *c, const char *alias,
                      const char *domain, char user_r[11], struct qs_err *err)
{
    if (!qs_mailcfg_is_local(c, domain))
        return 0;
    if (c->dirtype == QS_DIR_SDD)
        return sdd_lookup(alias, domain, user_r, err);
    struct dir_find f = { c, alias, domain, NULL, user_r, NULL, 0, 0 };
    if (each_line("smtpdir", dir_line, &f, err) < 0)
        return -1;
    return f.found;
}

int qs_smtpdir_address(const char *usrprf, char *out, size_t outsz)
{
    struct qs_mailcfg c;
    if (qs_mailcfg_load(&c, NULL) < 0)
        return -1;
    if (c.dirtype == QS_DIR_SDD) {
        struct qs_sdd_entry e;
        int found = qs_sdd_find_usrprf(usrprf, &e, NULL) == 0 && e.smtp_user[0] &&
                    e.smtp_domain[0] &&
                    (size_t)snprintf(out, outsz, "%s@%s", e.smtp_user, e.smtp_domain) < outsz;
        qs_mailcfg_free(&c);
        return found ? 0 : -1;
    }
    struct dir_find f = { &c, NULL, NULL, usrprf, NULL, out, outsz, 0 };
    each_line("smtpdir", dir_line, &f, NULL);
    qs_mailcfg_free(&c);
    return f.found ? 0 : -1;
}

/* --- POP-before-SMTP ---------------------------------------------------------
 * One empty file per address under mail/popwdw/ ("a.b.c.d" for IPv4, "v6-"
 * and 32 hex digits for IPv6), its mtime = last login.  A login only
 * touches the file (no fsync: after a crash the window may start from an
 * earlier login, never from one that did not happen). */

static int popwdw_path(struct qs_buf *p, uint32_t addr, const uint8_t *a6)
{
    if (!a6)
        return qs_root_path(p, NULL, "mail/popwdw/%u.%u.%u.%u", addr >> 24, (addr >> 16) & 255,
                            (addr >> 8) & 255, addr & 255);
    char hex[33];
    for (int i = 0; i < 16; i++) {
        hex[2 * i] = "0123456789abcdef"[a6[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[a6[i] & 15];
    }
    hex[32] = '\0';
    return qs_root_path(p, NULL, "mail/popwdw/v6-%s", hex);
}

static int popwdw_note(uint32_t addr, const uint8_t *a6)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = -1;
    if (popwdw_path(&p, addr, a6) == 0) {
        rc = utimensat(AT_FDCWD, p.data, NULL, AT_SYMLINK_NOFOLLOW);
        if (rc < 0 && errno == ENOENT) {          /* first login from there */
            struct qs_buf d;
            qs_buf_init(&d, QS_MAX_PATH);
            int fd = -1;
            if (qs_root_path(&d, NULL, "mail/popwdw") == 0 && qs_mkdir_p(d.data, 0700, NULL) == 0)
                fd = open(p.data, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
            rc = fd >= 0 ? close(fd) : -1;
            qs_buf_free(&d);
        }
    }
    qs_buf_free(&p);
    return rc < 0 ? -1 : 0;
}

static int popwdw_check(uint32_t addr, const uint8_t *a6, int minutes)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int ok = 0;
    struct stat st;
    if (popwdw_path(&p, addr, a6) == 0 && lstat(p.data, &st) == 0 && S_ISREG(st.st_mode))
        ok = time(NULL) - st.st_mtime <= (time_t)minutes * 60;
    qs_buf_free(&p);
    return ok;
}

int qs_popwdw_note(uint32_t addr) { return popwdw_note(addr, NULL); }
int qs_popwdw_check(uint32_t addr, int minutes) { return popwdw_check(addr, NULL, minutes); }
int qs_popwdw_note6(const uint8_t addr[16]) { return popwdw_note(0, addr); }
int qs_popwdw_check6(const uint8_t addr[16], int minutes) { return popwdw_check(0, addr, minutes); }
