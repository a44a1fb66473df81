/* qsys/smtp/smtpd_rbl.c - DNSBL look-ups and their thread pool (see
 * smtpd_rbl.h). */
#include "qsys/smtp/smtpd_rbl.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
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

int qs_rbl_answer_matches(const struct qs_mailcfg *c, size_t zone, uint32_t a)
{
    const struct qs_netmask *m = c->rblans ? &c->rblans[zone] : NULL;
    if (!m || m->mask == 0)
        return (a >> 24) == 127;
    return (a & m->mask) == m->addr;
}

/* 1 when the answer holds an A record matching zone i. */
static int answer_lists(const struct qs_mailcfg *c, size_t zone, const unsigned char *ans,
                        int len)
{
    ns_msg msg;
    if (ns_initparse(ans, len, &msg) < 0)
        return 0;
    int n = ns_msg_count(msg, ns_s_an);
    for (int i = 0; i < n; i++) {
        ns_rr rr;
        if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
            return 0;
        if (ns_rr_type(rr) != ns_t_a || ns_rr_rdlen(rr) != 4)
            continue;
        const unsigned char *d = ns_rr_rdata(rr);
        uint32_t a = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
        if (qs_rbl_answer_matches(c, zone, a))
            return 1;
    }
    return 0;
}

/* The reversed client part of the query name: "d.c.b.a" or 32 nibbles. */
static void reversed(const struct qs_rbl_client *cl, char *out, size_t sz)
{
    if (!cl->is6) {
        uint32_t ip = cl->ip4;
        snprintf(out, sz, "%u.%u.%u.%u", ip & 0xff, (ip >> 8) & 0xff, (ip >> 16) & 0xff,
                 ip >> 24);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    for (int i = 15; i >= 0 && k + 4 < sz; i--) {
        out[k++] = hex[cl->ip6[i] & 0xf];
        out[k++] = '.';
        out[k++] = hex[cl->ip6[i] >> 4];
        out[k++] = '.';
    }
    out[k ? k - 1 : 0] = '\0';
}

int qs_rbl_listed(const struct qs_mailcfg *c, const struct qs_rbl_client *cl)
{
    if (!c->nrbl || (!cl->is6 && !cl->ip4))
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
    rs.retrans = c->rbltimo > 0 ? c->rbltimo : 2;
    rs.options &= ~(unsigned long)(RES_DNSRCH | RES_DEFNAMES);
    unsigned char ans[512];
    char rev[80], name[QS_MAX_RBL_ZONE + 90];
    reversed(cl, rev, sizeof rev);
    int hit = -1;
    for (size_t i = 0; i < c->nrbl && hit < 0; i++) {
        snprintf(name, sizeof name, "%s.%s", rev, c->rbl[i]);
        int len = res_nquery(&rs, name, ns_c_in, ns_t_a, ans, sizeof ans);
        if (len > 0 && answer_lists(c, i, ans, len))
            hit = (int)i;
        else if (len < 0 && rs.res_h_errno != HOST_NOT_FOUND && rs.res_h_errno != NO_DATA)
            qs_log(QS_LOG_WARN, "RBL %s: no answer, client accepted", c->rbl[i]);
    }
    res_nclose(&rs);
    return hit;
}

/* --- the pool ------------------------------------------------------------------ */

struct job {
    const struct qs_mailcfg *cfg;
    struct qs_rbl_client cl;
    void (*done)(void *arg, int hit);
    void *arg;
    struct job *next;
};

struct qs_rbl_pool {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    struct job *head, *tail;
    int stop;
    int nth;
    pthread_t th[];
};

static void *worker(void *arg)
{
    struct qs_rbl_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break;
        struct job *j = p->head;
        p->head = j->next;
        if (!p->head)
            p->tail = NULL;
        pthread_mutex_unlock(&p->mu);
        j->done(j->arg, qs_rbl_listed(j->cfg, &j->cl));
        free(j);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int qs_rbl_pool_new(struct qs_rbl_pool **p_r, int nthreads, struct qs_err *err)
{
    *p_r = NULL;
    if (nthreads < 1)
        nthreads = 1;
    struct qs_rbl_pool *p = calloc(1, sizeof *p + (size_t)nthreads * sizeof(pthread_t));
    if (!p)
        return qs_err_sys(err, ENOMEM);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < nthreads; i++) {
        if (pthread_create(&p->th[i], NULL, worker, p) != 0)
            break;
        p->nth++;
    }
    if (p->nth == 0) {
        qs_rbl_pool_free(&p);
        return qs_err_sys(err, EAGAIN);
    }
    *p_r = p;
    return 0;
}

int qs_rbl_pool_submit(struct qs_rbl_pool *p, const struct qs_mailcfg *c,
                       const struct qs_rbl_client *cl, void (*done)(void *arg, int hit),
                       void *arg)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->cfg = c;
    j->cl = *cl;
    j->done = done;
    j->arg = arg;
    pthread_mutex_lock(&p->mu);
    if (p->tail)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

void qs_rbl_pool_free(struct qs_rbl_pool **pp)
{
    struct qs_rbl_pool *p = *pp;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nth; i++)
        pthread_join(p->th[i], NULL);
    while (p->head) {
        struct job *j = p->head;
        p->head = j->next;
        free(j);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
    *pp = NULL;
}
