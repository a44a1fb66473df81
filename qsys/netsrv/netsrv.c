/*
 * qsys/netsrv/netsrv.c - epoll event loop with non-blocking TLS (see netsrv.h).
 */
#include "qsys/netsrv/netsrv.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IN_CAP_DEFAULT (64u * 1024)
#define OUT_MAX (64u * 1024 * 1024)   /* a protocol that queues more is broken */
#define OUT_LOW (64u * 1024)
#define MAX_LISTEN 8
#define GRACE_SECONDS 3

enum { TLS_NONE, TLS_WANT, TLS_HANDSHAKE, TLS_ON };

struct qs_conn {
    int        fd;
    SSL       *ssl;
    int        tls;             /* TLS_* */
    int        implicit;        /* implicit TLS: open() after the handshake */
    struct qs_buf in, out;
    size_t     out_off;
    int        closing, paused, dead, opened;
    time_t     last;
    char       peer[64];
    uint32_t   peer4;
    int        is6;
    uint8_t    peer6[16];
    int        tag;
    void      *sess;
    struct qs_netsrv *srv;
    struct qs_conn *prev, *next;
    unsigned   ev;              /* current epoll mask */
};

struct post {
    struct qs_conn *c;
    void (*fn)(struct qs_conn *, void *);
    void *arg;
    struct post *next;
};

struct timer {
    int64_t when_ms;
    struct qs_conn *c;
    void (*fn)(struct qs_conn *, void *);
    void *arg;
    struct timer *next;
};

struct listener {
    int fd, tag, implicit;
};

struct qs_netsrv {
    const struct qs_netsrv_proto *p;
    void      *arg;
    SSL_CTX   *tls;
    int        ep, evfd;
    struct listener ls[MAX_LISTEN];
    int        nls;
    int        timeout;
    volatile sig_atomic_t stop;
    struct qs_conn *conns;
    size_t     nconn;
    pthread_mutex_t pmu;
    struct post *posts;
    struct timer *timers;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void qs_netsrv_post_after(struct qs_netsrv *s, struct qs_conn *c, int ms,
                          void (*fn)(struct qs_conn *c, void *arg), void *arg)
{
    struct timer *t = malloc(sizeof *t);
    if (!t)
        abort();
    t->when_ms = now_ms() + ms;
    t->c = c;
    t->fn = fn;
    t->arg = arg;
    t->next = s->timers;
    s->timers = t;
}

static void on_conn(struct qs_conn *c, unsigned events);

/* Fire due timers; returns ms until the next one (max 1000). */
static int run_timers(struct qs_netsrv *s)
{
    int64_t now = now_ms(), next = now + 1000;
    struct timer **pp = &s->timers, *due = NULL;
    while (*pp) {
        struct timer *t = *pp;
        if (t->when_ms <= now) {
            *pp = t->next;
            t->next = due;
            due = t;
        } else {
            if (t->when_ms < next) next = t->when_ms;
            pp = &t->next;
        }
    }
    while (due) {
        struct timer *n = due->next;
        due->fn(due->c, due->arg);
        on_conn(due->c, 0);
        free(due);
        due = n;
    }
    return (int)(next - now);
}

/* --- TLS ------------------------------------------------------------------- */

SSL_CTX *qs_tls_server_ctx(const char *cert, const char *key, struct qs_err *err)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        qs_err_set(err, "CPF9898", "Cannot create a TLS context", (const char *)NULL);
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        char t[300];
        snprintf(t, sizeof t, "TLS certificate or key not usable: %s",
                 ERR_reason_error_string(ERR_get_error()) ? ERR_reason_error_string(ERR_peek_last_error()) : "?");
        ERR_clear_error();
        SSL_CTX_free(ctx);
        qs_err_set(err, "CPF9898", t, (const char *)NULL);
        return NULL;
    }
    return ctx;
}

void qs_netsrv_set_tls(struct qs_netsrv *s, SSL_CTX *ctx)
{
    s->tls = ctx;
}

/* --- server ------------------------------------------------------------------ */

int qs_netsrv_new(struct qs_netsrv **s_r, const struct qs_netsrv_proto *p, void *arg,
                  struct qs_err *err)
{
    struct qs_netsrv *s = calloc(1, sizeof *s);
    if (!s)
        return qs_err_sys(err, ENOMEM);
    s->p = p;
    s->arg = arg;
    s->timeout = 300;
    s->ep = epoll_create1(EPOLL_CLOEXEC);
    s->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    pthread_mutex_init(&s->pmu, NULL);
    if (s->ep < 0 || s->evfd < 0) {
        int e = errno;
        qs_netsrv_free(&s);
        return qs_err_sys(err, e);
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(s->ep, EPOLL_CTL_ADD, s->evfd, &ev);
    /* allow many connections */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    *s_r = s;
    return 0;
}

void qs_netsrv_set_timeout(struct qs_netsrv *s, int seconds)
{
    s->timeout = seconds > 0 ? seconds : 300;
}

size_t qs_netsrv_nconn(const struct qs_netsrv *s)
{
    return s->nconn;
}

int qs_netsrv_listen(struct qs_netsrv *s, const char *addr, int port, int tag,
                     int implicit_tls, struct qs_err *err)
{
    if (s->nls >= MAX_LISTEN)
        return qs_err_set(err, "CPF9898", "Too many listeners", (const char *)NULL);
    if (implicit_tls && !s->tls)
        return qs_err_set(err, "CPF9898", "Implicit TLS needs a certificate", (const char *)NULL);
    /* IPv4 (dotted quad; *ALL or *ANY = 0.0.0.0) or an IPv6 literal ("::1") */
    union { struct sockaddr_in v4; struct sockaddr_in6 v6; struct sockaddr sa; } u;
    memset(&u, 0, sizeof u);
    socklen_t slen = sizeof u.v4;
    u.v4.sin_family = AF_INET;
    u.v4.sin_port = htons((uint16_t)port);
    if (!addr || !*addr || strcmp(addr, "*ALL") == 0 || strcmp(addr, "*ANY") == 0) {
        u.v4.sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (inet_pton(AF_INET, addr, &u.v4.sin_addr) != 1) {
        memset(&u, 0, sizeof u);
        u.v6.sin6_family = AF_INET6;
        u.v6.sin6_port = htons((uint16_t)port);
        slen = sizeof u.v6;
        if (inet_pton(AF_INET6, addr, &u.v6.sin6_addr) != 1)
            return qs_err_set(err, "CPF9898", "Bind address not valid", (const char *)NULL);
    }
    int fd = socket(u.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0)
        return qs_err_sys(err, errno);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (u.sa.sa_family == AF_INET6)     /* IPv4 clients never appear as ::ffff:a.b.c.d */
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    socklen_t sl = slen;
    if (bind(fd, &u.sa, slen) < 0 || listen(fd, 1024) < 0 ||
        getsockname(fd, &u.sa, &sl) < 0) {
        int e = errno;
        close(fd);
        return qs_err_sys(err, e);
    }
    struct listener *l = &s->ls[s->nls];
    l->fd = fd;
    l->tag = tag;
    l->implicit = implicit_tls;
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = l };
    epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev);
    s->nls++;
    return ntohs(u.sa.sa_family == AF_INET6 ? u.v6.sin6_port : u.v4.sin_port);
}

void qs_netsrv_stop(struct qs_netsrv *s)
{
    s->stop = 1;
    uint64_t one = 1;
    ssize_t w = write(s->evfd, &one, sizeof one);
    (void)w;
}

void qs_netsrv_post(struct qs_netsrv *s, struct qs_conn *c,
                    void (*fn)(struct qs_conn *c, void *arg), void *arg)
{
    struct post *p = malloc(sizeof *p);
    if (!p)
        abort();   /* cannot lose a commit result */
    p->c = c;
    p->fn = fn;
    p->arg = arg;
    pthread_mutex_lock(&s->pmu);
    p->next = s->posts;
    s->posts = p;
    pthread_mutex_unlock(&s->pmu);
    uint64_t one = 1;
    ssize_t w = write(s->evfd, &one, sizeof one);
    (void)w;
}

/* --- connections --------------------------------------------------------------- */

static int is_conn(const void *ptr, const struct qs_netsrv *s)
{
    const char *p = ptr;
    return p && !(p >= (const char *)s->ls && p < (const char *)(s->ls + MAX_LISTEN));
}

static void conn_free(struct qs_conn *c)
{
    struct qs_netsrv *s = c->srv;
    if (c->sess && s->p->close)
        s->p->close(c->sess);
    c->sess = NULL;
    epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
    if (c->ssl) {
        if (c->tls == TLS_ON)
            SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    close(c->fd);
    if (c->prev) c->prev->next = c->next;
    else s->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    s->nconn--;
    qs_buf_free(&c->in);
    qs_buf_free(&c->out);
    free(c);
}

static void update_events(struct qs_conn *c)
{
    unsigned want = 0;
    int out_pending = c->out.len > c->out_off;
    if (c->tls == TLS_HANDSHAKE)
        want = EPOLLIN | (out_pending ? EPOLLOUT : 0);
    else {
        if (!c->paused && !c->closing && c->in.len < c->in.max && c->tls != TLS_WANT)
            want |= EPOLLIN;
        if (out_pending)
            want |= EPOLLOUT;
    }
    if (c->ssl && c->tls == TLS_HANDSHAKE && SSL_want_write(c->ssl))
        want |= EPOLLOUT;
    if (want != c->ev) {
        struct epoll_event ev = { .events = want, .data.ptr = c };
        epoll_ctl(c->srv->ep, EPOLL_CTL_MOD, c->fd, &ev);
        c->ev = want;
    }
}

/* Drop the bytes already sent from the front of the output queue before
 * adding more: all of them when nothing is left, else once they are at
 * least OUT_LOW and no fewer than what is left (a cheap move), so a long
 * stream that never quite drains keeps the buffer near its high-water
 * mark instead of growing by everything it ever sent. */
static void out_compact(struct qs_conn *c)
{
    if (c->out_off == 0)
        return;
    if (c->out_off == c->out.len) {
        qs_buf_reset(&c->out);
        c->out_off = 0;
    } else if (c->out_off >= OUT_LOW && c->out.len - c->out_off <= c->out_off) {
        qs_buf_consume(&c->out, c->out_off);   /* TLS: SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER */
        c->out_off = 0;
    }
}

void qs_conn_write(struct qs_conn *c, const void *p, size_t n)
{
    if (c->dead)
        return;
    out_compact(c);
    if (qs_buf_add(&c->out, p, n) < 0) {
        qs_log(QS_LOG_ERR, "netsrv: output overflow for %s; closing", c->peer);
        c->dead = 1;
    }
}

char *qs_conn_wspace(struct qs_conn *c, size_t n)
{
    if (c->dead)
        return NULL;
    out_compact(c);
    if (qs_buf_reserve(&c->out, n) < 0) {
        qs_log(QS_LOG_ERR, "netsrv: output overflow for %s; closing", c->peer);
        c->dead = 1;
        return NULL;
    }
    return c->out.data + c->out.len;
}

void qs_conn_wcommit(struct qs_conn *c, size_t k)
{
    c->out.len += k;
    c->out.data[c->out.len] = '\0';
}

void qs_conn_printf(struct qs_conn *c, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        qs_conn_write(c, small, (size_t)n);
        return;
    }
    struct qs_buf b;
    qs_buf_init(&b, OUT_MAX);
    va_start(ap, fmt);
    qs_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    qs_conn_write(c, b.data, b.len);
    qs_buf_free(&b);
}

struct qs_buf *qs_conn_in(struct qs_conn *c) { return &c->in; }
struct qs_netsrv *qs_conn_server(struct qs_conn *c) { return c->srv; }
size_t qs_conn_outlen(const struct qs_conn *c) { return c->out.len - c->out_off; }
void qs_conn_close(struct qs_conn *c) { c->closing = 1; }
void qs_conn_pause(struct qs_conn *c) { c->paused = 1; }
int qs_conn_is_tls(const struct qs_conn *c) { return c->tls == TLS_ON; }
int qs_conn_accepting(const struct qs_conn *c)
{
    return !c->paused && !c->closing && !c->dead && c->tls != TLS_WANT;
}
int qs_conn_tls_possible(const struct qs_conn *c) { return c->srv->tls != NULL; }
const char *qs_conn_peer(const struct qs_conn *c) { return c->peer; }
uint32_t qs_conn_peer4(const struct qs_conn *c) { return c->peer4; }
int qs_conn_peer6(const struct qs_conn *c, uint8_t addr_r[16])
{
    if (c->is6)
        memcpy(addr_r, c->peer6, 16);
    return c->is6;
}
int qs_conn_tag(const struct qs_conn *c) { return c->tag; }

void qs_conn_set_incap(struct qs_conn *c, size_t cap)
{
    if (cap > c->in.len)
        c->in.max = cap;
}

int qs_conn_starttls(struct qs_conn *c)
{
    if (!c->srv->tls || c->tls != TLS_NONE)
        return -1;
    qs_buf_reset(&c->in);            /* plaintext sent before the handshake is dropped */
    c->tls = TLS_WANT;
    return 0;
}

static void deliver_input(struct qs_conn *c);

void qs_conn_resume(struct qs_conn *c)
{
    c->paused = 0;
    if (c->in.len > 0 && !c->closing && !c->dead)
        deliver_input(c);
}

static void deliver_input(struct qs_conn *c)
{
    struct qs_netsrv *s = c->srv;
    if (c->sess && s->p->input && !c->paused && !c->closing && !c->dead && c->tls != TLS_WANT)
        s->p->input(c->sess, c);
}

static void do_open(struct qs_conn *c)
{
    c->opened = 1;
    c->sess = c->srv->p->open(c, c->srv->arg);
    if (!c->sess)
        c->closing = 1;
}

/* Write what we can.  0 ok (maybe partial), -1 connection broken. */
static int flush_out(struct qs_conn *c)
{
    while (c->out.len > c->out_off) {
        size_t n = c->out.len - c->out_off;
        const char *p = c->out.data + c->out_off;
        if (c->tls == TLS_ON) {
            int w = SSL_write(c->ssl, p, n > 1u << 30 ? 1 << 30 : (int)n);
            if (w <= 0) {
                int e = SSL_get_error(c->ssl, w);
                if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ)
                    return 0;
                ERR_clear_error();
                return -1;
            }
            c->out_off += (size_t)w;
        } else {
            ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EAGAIN || errno == EINTR)
                    return 0;
                return -1;
            }
            c->out_off += (size_t)w;
        }
    }
    qs_buf_reset(&c->out);
    c->out_off = 0;
    return 0;
}

/* Read into c->in.  1 = got data, 0 = nothing now, -1 = EOF/error.
 * *empty_r: the (plaintext) socket had no more bytes for now. */
static int fill_in(struct qs_conn *c, int *empty_r)
{
    *empty_r = 0;
    int got = 0;
    for (;;) {
        size_t room = c->in.max - c->in.len;
        if (room == 0)
            return got;
        if (qs_buf_reserve(&c->in, room > 16384 ? 16384 : room) < 0)
            return -1;
        size_t cap = c->in.cap - c->in.len - 1;
        if (cap > room) cap = room;
        char *dst = c->in.data + c->in.len;
        ssize_t r;
        if (c->tls == TLS_ON) {
            int n = SSL_read(c->ssl, dst, cap > 1u << 30 ? 1 << 30 : (int)cap);
            if (n <= 0) {
                int e = SSL_get_error(c->ssl, n);
                if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
                    return got;
                ERR_clear_error();
                return got ? 1 : -1;
            }
            r = n;
        } else {
            r = recv(c->fd, dst, cap, 0);
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) {
                    *empty_r = errno == EAGAIN;
                    return got;
                }
                return got ? 1 : -1;
            }
            if (r == 0)
                return got ? 1 : -1;
        }
        c->in.len += (size_t)r;
        c->in.data[c->in.len] = '\0';
        got = 1;
        if (c->tls != TLS_ON && (size_t)r < cap) {
            *empty_r = 1;
            return got;
        }
    }
}

static void handshake(struct qs_conn *c)
{
    if (!c->ssl) {
        c->ssl = SSL_new(c->srv->tls);
        if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) {
            c->dead = 1;
            return;
        }
        SSL_set_accept_state(c->ssl);
    }
    c->tls = TLS_HANDSHAKE;
    int r = SSL_do_handshake(c->ssl);
    if (r == 1) {
        c->tls = TLS_ON;
        c->last = time(NULL);
        if (c->implicit && !c->opened)
            do_open(c);
        else if (c->sess && c->srv->p->tls_ready)
            c->srv->p->tls_ready(c->sess, c);
        return;
    }
    int e = SSL_get_error(c->ssl, r);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        ERR_clear_error();
        c->dead = 1;
    }
}

static void on_conn(struct qs_conn *c, unsigned events)
{
    struct qs_netsrv *s = c->srv;
    if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN))
        c->dead = 1;
    /* Once a recv() came back short, the socket was empty: skip reading it
     * again in this call (the reply is flushed first; epoll reports
     * anything that arrives meanwhile), saving a recv() per command. */
    int sock_empty = 0;
    for (int round = 0; round < 4 && !c->dead; round++) {
        if (c->tls == TLS_HANDSHAKE)
            handshake(c);
        if (c->dead || c->tls == TLS_HANDSHAKE)
            break;
        size_t before = c->out.len - c->out_off;
        if (flush_out(c) < 0) {
            c->dead = 1;
            break;
        }
        if (c->tls == TLS_WANT) {
            if (c->out.len > c->out_off)
                break;                 /* the 220 must go out in plaintext first */
            handshake(c);
            continue;
        }
        if (before >= OUT_LOW && c->out.len - c->out_off < OUT_LOW && s->p->drained && c->sess)
            s->p->drained(c->sess, c);
        if (c->closing) {
            if (c->out.len <= c->out_off)
                c->dead = 1;
            break;
        }
        if (c->paused || c->in.len >= c->in.max || (sock_empty && c->tls != TLS_ON))
            break;
        int r = fill_in(c, &sock_empty);
        if (r < 0) {
            c->dead = 1;
            break;
        }
        if (r == 0 && !(c->tls == TLS_ON && SSL_pending(c->ssl)))
            break;
        c->last = time(NULL);
        size_t olen = c->out.len;
        deliver_input(c);
        if (c->out.len == olen && c->in.len < c->in.max && c->tls != TLS_WANT && !c->closing)
            break;
    }
    if (c->dead && !c->paused) {
        conn_free(c);
        return;
    }
    update_events(c);
}

static void on_accept(struct qs_netsrv *s, struct listener *l)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE)
                qs_log(QS_LOG_WARN, "netsrv: out of file descriptors");
            return;
        }
        struct qs_conn *c = calloc(1, sizeof *c);
        if (!c) {
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->fd = fd;
        c->srv = s;
        c->tag = l->tag;
        c->implicit = l->implicit;
        c->last = time(NULL);
        qs_buf_init(&c->in, IN_CAP_DEFAULT);
        qs_buf_init(&c->out, OUT_MAX);
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &a->sin_addr, c->peer, sizeof c->peer);
            c->peer4 = ntohl(a->sin_addr.s_addr);
        } else {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &a->sin6_addr, c->peer, sizeof c->peer);
            memcpy(c->peer6, &a->sin6_addr, 16);
            c->is6 = 1;
        }
        c->next = s->conns;
        if (s->conns) s->conns->prev = c;
        s->conns = c;
        s->nconn++;
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        c->ev = EPOLLIN;
        epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev);
        if (l->implicit) {
            handshake(c);
        } else {
            do_open(c);
        }
        on_conn(c, 0);
    }
}

static void run_posts(struct qs_netsrv *s)
{
    uint64_t v;
    ssize_t r = read(s->evfd, &v, sizeof v);
    (void)r;
    pthread_mutex_lock(&s->pmu);
    struct post *p = s->posts, *rev = NULL;
    s->posts = NULL;
    pthread_mutex_unlock(&s->pmu);
    while (p) {                      /* oldest first */
        struct post *n = p->next;
        p->next = rev;
        rev = p;
        p = n;
    }
    while (rev) {
        struct post *n = rev->next;
        struct qs_conn *c = rev->c;
        rev->fn(c, rev->arg);
        free(rev);
        on_conn(c, 0);
        rev = n;
    }
}

static void check_timeouts(struct qs_netsrv *s, time_t now, int stopping)
{
    struct qs_conn *c = s->conns;
    while (c) {
        struct qs_conn *n = c->next;
        if (!c->paused) {
            if (stopping && !c->closing) {
                if (c->sess && s->p->shutdown)
                    s->p->shutdown(c->sess, c);
                c->closing = 1;
                c->last = now;
                on_conn(c, 0);
            } else if (!c->closing && now - c->last > s->timeout) {
                if (c->sess && s->p->timeout)
                    s->p->timeout(c->sess, c);
                c->closing = 1;
                c->last = now;
                on_conn(c, 0);
            } else if (c->closing && now - c->last > GRACE_SECONDS) {
                conn_free(c);
            }
        }
        c = n;
    }
}

int qs_netsrv_run(struct qs_netsrv *s)
{
    struct epoll_event evs[256];
    time_t last_check = time(NULL), stop_at = 0;
    for (;;) {
        if (s->stop && !stop_at) {
            stop_at = time(NULL);
            for (int i = 0; i < s->nls; i++) {
                epoll_ctl(s->ep, EPOLL_CTL_DEL, s->ls[i].fd, NULL);
                close(s->ls[i].fd);
            }
            s->nls = 0;
            check_timeouts(s, stop_at, 1);
        }
        if (stop_at && (s->nconn == 0 || time(NULL) - stop_at > GRACE_SECONDS + 2))
            break;
        int wait_ms = run_timers(s);
        int n = epoll_wait(s->ep, evs, 256, wait_ms < 0 ? 0 : wait_ms);
        if (n < 0 && errno != EINTR)
            return -1;
        /* connections first: accepting and posts may free or add some, and
         * would leave stale pointers in evs */
        int posts = 0;
        for (int i = 0; i < n; i++) {
            void *ptr = evs[i].data.ptr;
            if (ptr && is_conn(ptr, s))
                on_conn(ptr, evs[i].events);
        }
        for (int i = 0; i < n; i++) {
            void *ptr = evs[i].data.ptr;
            if (!ptr)
                posts = 1;
            else if (!is_conn(ptr, s))
                on_accept(s, ptr);
        }
        if (posts)
            run_posts(s);
        time_t now = time(NULL);
        if (now != last_check) {
            check_timeouts(s, now, stop_at != 0);
            last_check = now;
        }
    }
    while (s->timers) {                 /* connections are gone; just free */
        struct timer *t = s->timers;
        s->timers = t->next;
        t->c->paused = 0;
        free(t);
    }
    while (s->conns)
        conn_free(s->conns);
    return 0;
}

void qs_netsrv_free(struct qs_netsrv **sp)
{
    struct qs_netsrv *s = *sp;
    if (!s)
        return;
    while (s->conns)
        conn_free(s->conns);
    for (int i = 0; i < s->nls; i++)
        close(s->ls[i].fd);
    if (s->ep >= 0) close(s->ep);
    if (s->evfd >= 0) close(s->evfd);
    while (s->posts) {            /* posted after the loop ended: never run */
        struct post *p = s->posts;
        s->posts = p->next;
        free(p);
    }
    pthread_mutex_destroy(&s->pmu);
    free(s);
    *sp = NULL;
}
