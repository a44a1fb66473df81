/*
 * qsys/smtpc/smtpc_route.c - where a domain's mail goes.
 *
 * Order: MAILROUTER (everything to one relay), a ROUTE for the domain (or
 * "*"), then DNS: MX records sorted by preference (random among equals is
 * not done: the order of the answer is kept), a null MX (RFC 7505) is a
 * permanent failure, no MX at all falls back to the domain's own A/AAAA
 * (RFC 5321 §5.1).  NXDOMAIN is permanent, anything else temporary.
 */
#include "qsys/smtpc/smtpc.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/idna.h"
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MX 16

static int one_host(const char *name, int port, struct qs_smtpc_host **hosts_r, size_t *n_r,
                    struct qs_err *err)
{
    struct qs_smtpc_host *h = calloc(1, sizeof *h);
    if (!h)
        return qs_err_sys(err, ENOMEM);
    if (qs_strlcpy(h->name, name, sizeof h->name) >= sizeof h->name) {
        free(h);
        return qs_err_set(err, "TCP5383", name, "name too long", (const char *)NULL);
    }
    h->port = port;
    *hosts_r = h;
    *n_r = 1;
    return 0;
}

static int cmp_pref(const void *a, const void *b)
{
    const struct qs_smtpc_host *x = a, *y = b;
    return (x->pref > y->pref) - (x->pref < y->pref);
}

static int dns_mx(const struct qs_smtpc_cfg *c, const char *domain,
                  struct qs_smtpc_host **hosts_r, size_t *n_r, struct qs_err *err)
{
    struct __res_state rs;
    memset(&rs, 0, sizeof rs);
    if (res_ninit(&rs) != 0)
        return qs_err_set(err, "TCP5384", domain, "resolver not available", (const char *)NULL);
    if (c->dns) {
        struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)c->dns_port) };
        inet_pton(AF_INET, c->dns, &sa.sin_addr);
        rs.nsaddr_list[0] = sa;
        rs.nscount = 1;
        rs.retry = 2;
        rs.retrans = 2;
    }
    unsigned char *ans = malloc(65536);
    if (!ans) {
        res_nclose(&rs);
        return qs_err_sys(err, ENOMEM);
    }
    int len = res_nquery(&rs, domain, ns_c_in, ns_t_mx, ans, 65536);
    int herr = rs.res_h_errno;
    res_nclose(&rs);
    int rc = -1;
    if (len < 0) {
        if (herr == HOST_NOT_FOUND)
            rc = qs_err_set(err, "TCP5383", domain, "domain does not exist", (const char *)NULL);
        else if (herr == NO_DATA)
            rc = one_host(domain, c->port, hosts_r, n_r, err);   /* implicit MX */
        else
            rc = qs_err_set(err, "TCP5384", domain, "DNS lookup failed", (const char *)NULL);
        free(ans);
        return rc;
    }
    ns_msg msg;
    if (ns_initparse(ans, len, &msg) < 0) {
        free(ans);
        return qs_err_set(err, "TCP5384", domain, "DNS answer not valid", (const char *)NULL);
    }
    struct qs_smtpc_host *h = calloc(MAX_MX, sizeof *h);
    size_t n = 0;
    int nullmx = 0;
    if (!h) {
        free(ans);
        return qs_err_sys(err, ENOMEM);
    }
    int cnt = ns_msg_count(msg, ns_s_an);
    for (int i = 0; i < cnt && n < MAX_MX; i++) {
        ns_rr rr;
        if (ns_parserr(&msg, ns_s_an, i, &rr) < 0 || ns_rr_type(rr) != ns_t_mx || ns_rr_rdlen(rr) < 3)
            continue;
        const unsigned char *rd = ns_rr_rdata(rr);
        int pref = ns_get16(rd);
        char name[NS_MAXDNAME];
        if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), rd + 2, name, sizeof name) < 0)
            continue;
        if (name[0] == '\0' || strcmp(name, ".") == 0) {
            nullmx = 1;
            continue;
        }
        if (qs_strlcpy(h[n].name, name, sizeof h[n].name) >= sizeof h[n].name)
            continue;
        h[n].pref = pref;
        h[n].port = c->port;
        n++;
    }
    free(ans);
    if (nullmx && n == 0) {
        free(h);
        return qs_err_set(err, "TCP5383", domain, "domain accepts no mail (null MX)", (const char *)NULL);
    }
    if (n == 0) {
        free(h);
        return one_host(domain, c->port, hosts_r, n_r, err);
    }
    qsort(h, n, sizeof *h, cmp_pref);
    *hosts_r = h;
    *n_r = n;
    return 0;
}

int qs_smtpc_route(const struct qs_smtpc_cfg *c, const char *domain,
                   struct qs_smtpc_host **hosts_r, size_t *n_r, struct qs_err *err)
{
    *hosts_r = NULL;
    *n_r = 0;
    if (c->mailrouter)
        return one_host(c->mailrouter, c->mailrouter_port, hosts_r, n_r, err);
    const struct qs_smtpc_route *star = NULL;
    for (size_t i = 0; i < c->nroutes; i++) {
        if (qs_domain_eq(c->routes[i].domain, domain))
            return one_host(c->routes[i].host, c->routes[i].port, hosts_r, n_r, err);
        if (strcmp(c->routes[i].domain, "*") == 0 && !star)
            star = &c->routes[i];
    }
    if (star)
        return one_host(star->host, star->port, hosts_r, n_r, err);
    size_t dl = strlen(domain);
    if (dl == 0 || dl > 253 || domain[0] == '[')   /* address literals are not routed */
        return qs_err_set(err, "TCP5383", domain, "not a domain name", (const char *)NULL);
    if (qs_utf8_class(domain, dl) == 0)
        return dns_mx(c, domain, hosts_r, n_r, err);
    /* a U-label domain (SMTPUTF8) is looked up by its A-label */
    struct qs_buf a;
    qs_buf_init(&a, 512);
    if (qs_idna_to_ascii(domain, dl, &a) < 0 || a.len > 253) {
        qs_buf_free(&a);
        return qs_err_set(err, "TCP5383", domain, "not a domain name", (const char *)NULL);
    }
    int rc = dns_mx(c, qs_buf_str(&a), hosts_r, n_r, err);
    qs_buf_free(&a);
    return rc;
}
