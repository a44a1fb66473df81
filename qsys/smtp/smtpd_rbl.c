/* qsys/smtp/smtpd_rbl.c - DNSBL look-ups (see smtpd_rbl.h). */
#include "qsys/smtp/smtpd_rbl.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_server(struct __res_state *rs, const char *spec)
{
    char ip[16];
    int port = 53;
    const char *colon = strchr(spec, ':');
    size_t il = colon ? (size_t)(colon - spec) : strlen(spec);
    if (il >= sizeof ip)
        return -1;
    memcpy(ip, spec, il);
    ip[il] = '\0';
    if (colon) {
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (*end || p < 1 || p > 65535)
            return -1;
        port = (int)p;
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1)
        return -1;
    rs->nsaddr_list[0] = sa;
    rs->nscount = 1;
    return 0;
}

/* 1 when the answer holds an A record in 127.0.0.0/8, else 0. */
static int answer_lists(const unsigned char *ans, int len)
{
    ns_msg msg;
    if (ns_initparse(ans, len, &msg) < 0)
        return 0;
    int n = ns_msg_count(msg, ns_s_an);
    for (int i = 0; i < n; i++) {
        ns_rr rr;
        if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
            return 0;
        if (ns_rr_type(rr) == ns_t_a && ns_rr_rdlen(rr) == 4 && ns_rr_rdata(rr)[0] == 127)
            return 1;
    }
    return 0;
}

int qs_rbl_listed(const struct qs_mailcfg *c, uint32_t ip)
{
    if (!c->nrbl || !ip)
        return -1;
    struct __res_state rs;
    memset(&rs, 0, sizeof rs);
    if (res_ninit(&rs) != 0)
        return -1;
    if (c->rbldns && set_server(&rs, c->rbldns) < 0) {
        res_nclose(&rs);
        return -1;
    }
    rs.retry = 1;
    rs.retrans = 2;
    rs.options &= ~(unsigned long)(RES_DNSRCH | RES_DEFNAMES);
    unsigned char ans[512];
    char name[QS_MAX_RBL_ZONE + 20];
    int hit = -1;
    for (size_t i = 0; i < c->nrbl && hit < 0; i++) {
        snprintf(name, sizeof name, "%u.%u.%u.%u.%s", ip & 0xff, (ip >> 8) & 0xff,
                 (ip >> 16) & 0xff, ip >> 24, c->rbl[i]);
        int len = res_nquery(&rs, name, ns_c_in, ns_t_a, ans, sizeof ans);
        if (len > 0 && answer_lists(ans, len))
            hit = (int)i;
        else if (len < 0 && rs.res_h_errno != HOST_NOT_FOUND && rs.res_h_errno != NO_DATA)
            qs_log(QS_LOG_WARN, "RBL %s: no answer, client accepted", c->rbl[i]);
    }
    res_nclose(&rs);
    return hit;
}
