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

/* --- the pool ------------------------------------------------------------------
 * Threads are detached and share the pool by reference count, so that
 * qs_rbl_pool_free() never waits for a query: a thread still inside
 * res_nquery() when the pool is freed finds `stop` set when it comes back,
 * drops its verdict without calling done, and the last one out frees the
 * pool (with its private copy of the RBL configuration, which the queries
 * read after the server's own configuration is gone). */

struct job {
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
    int refs;               /* live threads, + 1 until qs_rbl_pool_free */
    struct qs_mailcfg cfg;  /* RBLSVR, RBLDNS, RBLTIMO only */
};

static void pool_destroy(struct qs_rbl_pool *p)
{
    while (p->head) {
        struct job *j = p->head;
        p->head = j->next;
        free(j);
    }
    qs_mailcfg_free(&p->cfg);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}

/* Drop one reference (p->mu held; released here). */
static void pool_unref(struct qs_rbl_pool *p)
{
    int last = --p->refs == 0;
    pthread_mutex_unlock(&p->mu);
    if (last)
        pool_destroy(p);
}

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
        int hit = qs_rbl_listed(&p->cfg, &j->cl);
        pthread_mutex_lock(&p->mu);
        if (!p->stop)               /* under the lock: free() cannot overtake it */
            j->done(j->arg, hit);
        free(j);
    }
    pool_unref(p);
    return NULL;
}

/* The RBL part of c, deep-copied; everything else zero. */
static int cfg_copy(struct qs_mailcfg *d, const struct qs_mailcfg *c)
{
    memset(d, 0, sizeof *d);
    d->rbltimo = c->rbltimo;
    if (c->rbldns && !(d->rbldns = strdup(c->rbldns)))
        return -1;
    if (!c->nrbl)
        return 0;
    d->rbl = calloc(c->nrbl, sizeof *d->rbl);
    if (!d->rbl)
        return -1;
    for (; d->nrbl < c->nrbl; d->nrbl++)
        if (!(d->rbl[d->nrbl] = strdup(c->rbl[d->nrbl])))
            return -1;
    if (c->rblans) {
        d->rblans = malloc(c->nrbl * sizeof *d->rblans);
        if (!d->rblans)
            return -1;
        memcpy(d->rblans, c->rblans, c->nrbl * sizeof *d->rblans);
    }
    return 0;
}

int qs_rbl_pool_new(struct qs_rbl_pool **p_r, const struct qs_mailcfg *c, int nthreads,
                    struct qs_err *err)
{
    *p_r = NULL;
    if (nthreads < 1)
        nthreads = 1;
    struct qs_rbl_pool *p = calloc(1, sizeof *p);
    if (!p)
        return qs_err_sys(err, ENOMEM);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->refs = 1;
    if (cfg_copy(&p->cfg, c) < 0) {
        pool_destroy(p);
        return qs_err_sys(err, ENOMEM);
    }
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        pthread_t t;
        pthread_mutex_lock(&p->mu);
        p->refs++;
        pthread_mutex_unlock(&p->mu);
        if (pthread_create(&t, &at, worker, p) != 0) {
            pthread_mutex_lock(&p->mu);
            p->refs--;
            pthread_mutex_unlock(&p->mu);
            break;
        }
        started++;
    }
    pthread_attr_destroy(&at);
    *p_r = p;
    if (started == 0) {
        qs_rbl_pool_free(p_r);
        return qs_err_sys(err, EAGAIN);
    }
    return 0;
}

int qs_rbl_pool_submit(struct qs_rbl_pool *p, const struct qs_rbl_client *cl,
                       void (*done)(void *arg, int hit), void *arg)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
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
    *pp = NULL;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    while (p->head) {               /* queued, not started: dropped */
        struct job *j = p->head;
        p->head = j->next;
        free(j);
    }
    p->tail = NULL;
    pool_unref(p);
}
