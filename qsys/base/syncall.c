/*
 * qsys/base/syncall.c - concurrent fsync/fdatasync (see syncall.h).
 *
 * What must hold: qs_sync_all() returns only after every request's call has
 * returned and its err is set; a request is taken by exactly one thread.
 * Batches from concurrent callers sit on one list; helpers take requests
 * from the oldest batch first.
 */
#include "qsys/base/syncall.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#define SYNC_HELPERS 15          /* plus the caller: 16 calls in flight */

struct sync_batch {
    struct qs_sync_req *v;
    size_t n, next, left;
    pthread_cond_t done;
    struct sync_batch *older, *newer;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;
static struct sync_batch *oldest, *newest;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void do_sync(struct qs_sync_req *r)
{
    int rc;
    do
        rc = r->full ? fsync(r->fd) : fdatasync(r->fd);
    while (rc < 0 && errno == EINTR);
    r->err = rc < 0 ? errno : 0;
}

/* Take one request of b (caller holds mu); NULL when all are taken. */
static struct qs_sync_req *take(struct sync_batch *b)
{
    return b->next < b->n ? &b->v[b->next++] : NULL;
}

static void finish(struct sync_batch *b)
{
    if (--b->left == 0)
        pthread_cond_signal(&b->done);
}

static void *helper(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    for (;;) {
        struct sync_batch *b = oldest;
        struct qs_sync_req *r = NULL;
        for (; b && !(r = take(b)); b = b->newer)
            ;
        if (!r) {
            pthread_cond_wait(&work, &mu);
            continue;
        }
        pthread_mutex_unlock(&mu);
        do_sync(r);
        pthread_mutex_lock(&mu);
        finish(b);
    }
    return NULL;
}

static void start_pool(void)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&a, 64 * 1024);
    for (int i = 0; i < SYNC_HELPERS; i++) {
        pthread_t t;
        if (pthread_create(&t, &a, helper, NULL) != 0)
            break;                      /* fewer helpers; callers still finish */
    }
    pthread_attr_destroy(&a);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

size_t qs_sync_all(struct qs_sync_req *v, size_t n)
{
    if (n == 0)
        return 0;
    if (n == 1) {
        do_sync(v);
        return v->err != 0;
    }
    pthread_once(&once, start_pool);
    struct sync_batch b = { v, n, 0, n, PTHREAD_COND_INITIALIZER, NULL, NULL };
    pthread_mutex_lock(&mu);
    b.older = newest;
    if (newest)
        newest->newer = &b;
    else
        oldest = &b;
    newest = &b;
    /* wake one helper per request beyond the caller's own, not all of them:
     * a broadcast would wake the whole pool for every two-file group */
    for (size_t i = 1; i < n && i <= SYNC_HELPERS; i++)
        pthread_cond_signal(&work);
    struct qs_sync_req *r;
    while ((r = take(&b))) {            /* the caller works too */
        pthread_mutex_unlock(&mu);
        do_sync(r);
        pthread_mutex_lock(&mu);
        finish(&b);
    }
    while (b.left)
        pthread_cond_wait(&b.done, &mu);
    if (b.older)
        b.older->newer = b.newer;
    else
        oldest = b.newer;
    if (b.newer)
        b.newer->older = b.older;
    else
        newest = b.older;
    pthread_mutex_unlock(&mu);
    pthread_cond_destroy(&b.done);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += v[i].err != 0;
    return bad;
}
