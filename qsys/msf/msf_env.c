/*
 * qsys/msf/msf_env.c - the message envelope: building, and its on-disk text
 * form.
 *
 * On disk an envelope is a list of "key value" lines ending with
 * "end <crc32>" over everything before it, so a torn or zero-filled file is
 * recognised as incomplete (docs/msf.md).  Values never hold CR, LF or NUL;
 * a recipient address comes last on its line so it may contain blanks
 * (quoted local parts).
 */
#include "qsys/msf/msf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define ENV_MAX_VALUE (QS_MAX_SMTP_ADDR * 4)

void qs_msf_env_init(struct qs_msf_env *e)
{
    memset(e, 0, sizeof *e);
}

void qs_msf_env_clear(struct qs_msf_env *e)
{
    free(e->from);
    free(e->envid);
    free(e->client_addr);
    free(e->client_helo);
    free(e->auth_user);
    free(e->ftr_hit);
    for (size_t i = 0; i < e->nrcpt; i++) {
        free(e->rcpt[i].addr);
        free(e->rcpt[i].orcpt);
        free(e->rcpt[i].diag);
        free(e->rcpt[i].user);
    }
    free(e->rcpt);
    qs_msf_env_init(e);
}

static int clean(const char *s, size_t max)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] == '\r' || s[n] == '\n' || n >= max)
            return 0;
    return 1;
}

int qs_msf_env_set(char **field, const char *s, struct qs_err *err)
{
    if (s && !clean(s, ENV_MAX_VALUE))
        return qs_err_set(err, "CPFAF83", "1", (const char *)NULL);
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        return qs_err_sys(err, ENOMEM);
    free(*field);
    *field = d;
    return 0;
}

/* A blank-free value: ORCPT is xtext, or RFC 6533 unitext (UTF-8). */
static int token_ok(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || (unsigned char)*s == 0x7f)
            return 0;
    return 1;
}

int qs_msf_env_add_rcpt(struct qs_msf_env *e, const char *addr, int dist,
                        unsigned notify, const char *orcpt, struct qs_err *err)
{
    if (!addr || !*addr || !clean(addr, QS_MAX_SMTP_ADDR) || (orcpt && (!*orcpt ||
        !token_ok(orcpt) || strlen(orcpt) > 500)) || dist < 0 || dist > 2)
        return qs_err_set(err, "CPFAF83", "2", (const char *)NULL);
    if (e->nrcpt >= 32768) /* QZMF_MAX_RECIPIENT_ENTRIES */
        return qs_err_set(err, "CPFAF83", "3", (const char *)NULL);
    struct qs_msf_rcpt *r = realloc(e->rcpt, (e->nrcpt + 1) * sizeof *r);
    if (!r)
        return qs_err_sys(err, ENOMEM);
    e->rcpt = r;
    r += e->nrcpt;
    memset(r, 0, sizeof *r);
    r->addr = strdup(addr);
    r->orcpt = orcpt ? strdup(orcpt) : NULL;
    if (!r->addr || (orcpt && !r->orcpt)) {
        free(r->addr);
        free(r->orcpt);
        return qs_err_sys(err, ENOMEM);
    }
    r->dist = dist;
    r->notify = notify;
    return (int)e->nrcpt++;
}

static const char *origin_names[] = { "smtp", "api", "snads", "ndr" };

static void put(struct qs_buf *o, const char *k, const char *v)
{
    if (v)
        qs_buf_addf(o, "%s %s\n", k, v);
}

int qs_msf_env_format(const struct qs_msf_env *e, struct qs_buf *out)
{
    size_t start = out->len;
    int o = e->origin >= 0 && e->origin <= 3 ? e->origin : 1;
    qs_buf_addf(out, "QMSF1\nid %s\norigin %s\n", e->id, origin_names[o]);
    qs_buf_addf(out, "from %s\n", e->from ? e->from : "");
    put(out, "envid", e->envid);
    if (e->ret_hdrs) qs_buf_adds(out, "ret HDRS\n");
    if (e->body8bit) qs_buf_adds(out, "body 8BITMIME\n");
    if (e->utf8) qs_buf_adds(out, "smtputf8 1\n");
    put(out, "client", e->client_addr);
    put(out, "helo", e->client_helo);
    put(out, "auth", e->auth_user);
    qs_buf_addf(out, "tls %d\nreceived %lld\nsize %llu\ncrc %08x\n", e->tls,
                (long long)e->received, (unsigned long long)e->size, (unsigned)e->crc);
    if (e->ftr_released)
        qs_buf_adds(out, "ftrrls 1\n");
    put(out, "ftrhit", e->ftr_hit);
    if (e->attempts || e->next_try)
        qs_buf_addf(out, "attempts %d\nnext %lld\n", e->attempts, (long long)e->next_try);
    for (size_t i = 0; i < e->nrcpt; i++) {
        const struct qs_msf_rcpt *r = &e->rcpt[i];
        qs_buf_addf(out, "rcpt %d %u %d %s %s %s\n", r->dist, r->notify, r->status,
                    r->orcpt ? r->orcpt : "-", r->user ? r->user : "-", r->addr);
    }
    uLong c = crc32(0L, (const Bytef *)out->data + start, (uInt)(out->len - start));
    if (qs_buf_addf(out, "end %08lx\n", c) < 0)
        return -1;
    return 0;
}

/* Next blank-separated token of the line [*p, end). */
static int tok(const char **p, const char *end, const char **t, size_t *tl)
{
    const char *s = *p;
    while (s < end && *s == ' ') s++;
    const char *b = s;
    while (s < end && *s != ' ') s++;
    if (s == b)
        return -1;
    *t = b;
    *tl = (size_t)(s - b);
    *p = s;
    return 0;
}

static int tok_ll(const char **p, const char *end, long long lo, long long hi, long long *r)
{
    const char *t;
    size_t tl;
    return tok(p, end, &t, &tl) < 0 ? -1 : qs_parse_ll(t, tl, lo, hi, r);
}

static char *dupn(const char *p, size_t n)
{
    return strndup(p, n);
}

static int parse_hex32(const char *p, size_t n, uint32_t *r)
{
    if (n != 8)
        return -1;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int d;
        if (p[i] >= '0' && p[i] <= '9') d = p[i] - '0';
        else if (p[i] >= 'a' && p[i] <= 'f') d = p[i] - 'a' + 10;
        else return -1;
        v = v << 4 | (uint32_t)d;
    }
    *r = v;
    return 0;
}

static int parse_rcpt(struct qs_msf_env *e, const char *p, const char *end)
{
    long long dist, notify, status;
    const char *orcpt, *user;
    size_t ol, ul;
    if (tok_ll(&p, end, 0, 2, &dist) < 0 || tok_ll(&p, end, 0, 15, &notify) < 0 ||
        tok_ll(&p, end, -1, 6, &status) < 0 || tok(&p, end, &orcpt, &ol) < 0 ||
        tok(&p, end, &user, &ul) < 0)
        return -1;
    if (p >= end || *p != ' ' || p + 1 >= end)
        return -1;
    p++;
    char *addr = dupn(p, (size_t)(end - p));
    char *oc = (ol == 1 && *orcpt == '-') ? NULL : dupn(orcpt, ol);
    int idx = addr ? qs_msf_env_add_rcpt(e, addr, (int)dist, (unsigned)notify, oc, NULL) : -1;
    free(addr);
    free(oc);
    if (idx < 0)
        return -1;
    e->rcpt[idx].status = (int)status;
    if (!(ul == 1 && *user == '-') && !(e->rcpt[idx].user = dupn(user, ul)))
        return -1;
    return 0;
}

int qs_msf_env_parse(const char *p, size_t n, struct qs_msf_env *e, struct qs_err *err)
{
    qs_msf_env_init(e);
    /* find the end line and check the crc first */
    if (n < 20 || p[n - 1] != '\n' || memcmp(p, "QMSF1\n", 6) != 0)
        goto bad;
    const char *last = p + n - 1;
    while (last > p && last[-1] != '\n') last--;
    if ((size_t)(p + n - last) != 13 || memcmp(last, "end ", 4) != 0)
        goto bad;
    uint32_t want;
    if (parse_hex32(last + 4, 8, &want) < 0 ||
        (uint32_t)crc32(0L, (const Bytef *)p, (uInt)(last - p)) != want)
        goto bad;
    const char *s = p + 6;
    int have_id = 0;
    while (s < last) {
        const char *nl = memchr(s, '\n', (size_t)(last - s));
        if (!nl) goto bad;
        const char *sp = memchr(s, ' ', (size_t)(nl - s));
        const char *k = s, *v = sp ? sp + 1 : nl;
        size_t kl = (size_t)((sp ? sp : nl) - s), vl = (size_t)(nl - v);
        long long x;
        int rc = 0;
#define KEY(lit) (kl == sizeof lit - 1 && memcmp(k, lit, kl) == 0)
        if (KEY("id")) {
            if (vl != QS_MSF_ID_LEN) goto bad;
            memcpy(e->id, v, vl);
            e->id[vl] = '\0';
            have_id = 1;
        } else if (KEY("origin")) {
            e->origin = -1;
            for (int i = 0; i < 4; i++)
                if (vl == strlen(origin_names[i]) && memcmp(v, origin_names[i], vl) == 0)
                    e->origin = i;
            if (e->origin < 0) goto bad;
        } else if (KEY("from")) { free(e->from); rc = (e->from = dupn(v, vl)) ? 0 : -1; }
        else if (KEY("envid")) { free(e->envid); rc = (e->envid = dupn(v, vl)) ? 0 : -1; }
        else if (KEY("ret")) e->ret_hdrs = 1;
        else if (KEY("body")) e->body8bit = 1;
        else if (KEY("smtputf8")) e->utf8 = 1;
        else if (KEY("client")) { free(e->client_addr); rc = (e->client_addr = dupn(v, vl)) ? 0 : -1; }
        else if (KEY("helo")) { free(e->client_helo); rc = (e->client_helo = dupn(v, vl)) ? 0 : -1; }
        else if (KEY("auth")) { free(e->auth_user); rc = (e->auth_user = dupn(v, vl)) ? 0 : -1; }
        else if (KEY("tls")) { rc = qs_parse_ll(v, vl, 0, 1, &x); e->tls = (int)x; }
        else if (KEY("received")) { rc = qs_parse_ll(v, vl, 0, INT64_MAX, &x); e->received = x; }
        else if (KEY("size")) { rc = qs_parse_ll(v, vl, 0, INT64_MAX, &x); e->size = (uint64_t)x; }
        else if (KEY("crc")) rc = parse_hex32(v, vl, &e->crc);
        else if (KEY("attempts")) { rc = qs_parse_ll(v, vl, 0, 1000000, &x); e->attempts = (int)x; }
        else if (KEY("next")) { rc = qs_parse_ll(v, vl, 0, INT64_MAX, &x); e->next_try = x; }
        else if (KEY("rcpt")) rc = parse_rcpt(e, v, nl);
        else if (KEY("ftrrls")) e->ftr_released = 1;
        else if (KEY("ftrhit")) { free(e->ftr_hit); rc = (e->ftr_hit = dupn(v, vl)) ? 0 : -1; }
        /* unknown keys are skipped: a newer writer may add fields */
#undef KEY
        if (rc < 0) goto bad;
        s = nl + 1;
    }
    if (!have_id || !e->from)
        goto bad;
    return 0;
bad:
    qs_msf_env_clear(e);
    return qs_err_set(err, "CPFAF82", (const char *)NULL);
}
