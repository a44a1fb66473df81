/*
 * qsys/smtpc/smtpc_conn.c - client connection I/O (see smtpc_conn.h).
 */
#include "qsys/smtpc/smtpc_conn.h"

#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#define MAX_IN (64u * 1024)

static int conn_err(struct qs_smtpc_conn *c, struct qs_err *err, const char *what)
{
    c->broken = 1;
    return qs_err_set(err, "TCP5385", c->host, what, (const char *)NULL);
}

static int connect_timeout(int fd, const struct sockaddr *sa, socklen_t len, int timeout)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    int rc = connect(fd, sa, len);
    if (rc < 0 && errno == EINPROGRESS) {
        struct pollfd p = { .fd = fd, .events = POLLOUT };
        rc = poll(&p, 1, timeout * 1000);
        if (rc == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        int e = 0;
        socklen_t el = sizeof e;
        if (rc < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) < 0)
            return -1;
        if (e) {
            errno = e;
            return -1;
        }
        rc = 0;
    }
    if (rc < 0 || fcntl(fd, F_SETFL, fl) < 0)
        return -1;
    struct timeval tv = { .tv_sec = timeout };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 0;
}

struct qs_smtpc_conn *qs_smtpc_conn_open(const char *host, int port, int timeout,
                                         struct qs_err *err)
{
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC }, *ai = NULL;
    int g = getaddrinfo(host, ps, &hints, &ai);
    if (g != 0) {
        qs_err_set(err, "TCP5385", host, g == EAI_NONAME ? "host not found" : gai_strerror(g),
                   (const char *)NULL);
        return NULL;
    }
    int fd = -1, last = 0;
    for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            last = errno;
            continue;
        }
        if (connect_timeout(fd, a->ai_addr, a->ai_addrlen, timeout) < 0) {
            last = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if (fd < 0) {
        qs_err_set(err, "TCP5385", host, strerror(last), (const char *)NULL);
        return NULL;
    }
    struct qs_smtpc_conn *c = calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        qs_err_sys(err, ENOMEM);
        return NULL;
    }
    c->fd = fd;
    c->port = port;
    qs_strlcpy(c->host, host, sizeof c->host);
    qs_buf_init(&c->in, MAX_IN);
    return c;
}

void qs_smtpc_conn_close(struct qs_smtpc_conn **cp)
{
    struct qs_smtpc_conn *c = *cp;
    if (!c)
        return;
    if (c->ssl) {
        if (!c->broken)
            SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    SSL_CTX_free(c->ctx);
    if (c->fd >= 0)
        close(c->fd);
    qs_buf_free(&c->in);
    free(c);
    *cp = NULL;
}

int qs_smtpc_conn_write(struct qs_smtpc_conn *c, const void *p, size_t n, struct qs_err *err)
{
    const char *s = p;
    while (n) {
        ssize_t w;
        if (c->ssl) {
            size_t done = 0;
            w = SSL_write_ex(c->ssl, s, n, &done) > 0 ? (ssize_t)done : -1;
            ERR_clear_error();
        } else {
            w = send(c->fd, s, n, MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR)
                continue;
        }
        if (w <= 0)
            return conn_err(c, err, "connection lost while sending");
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

int qs_smtpc_conn_reply(struct qs_smtpc_conn *c, struct qs_smtp_reply *r, struct qs_err *err)
{
    for (;;) {
        ssize_t k = qs_smtp_reply_parse(c->in.data ? c->in.data : "", c->in.len, r, err);
        if (k < 0) {
            c->broken = 1;
            return -1;
        }
        if (k > 0) {
            qs_buf_consume(&c->in, (size_t)k);
            return 0;
        }
        if (qs_buf_reserve(&c->in, 4096) < 0)
            return conn_err(c, err, "reply too long");
        char *w = c->in.data + c->in.len;
        size_t room = c->in.cap - c->in.len - 1;
        ssize_t got;
        if (c->ssl) {
            size_t done = 0;
            got = SSL_read_ex(c->ssl, w, room, &done) > 0 ? (ssize_t)done : -1;
            ERR_clear_error();
        } else {
            got = recv(c->fd, w, room, 0);
            if (got < 0 && errno == EINTR)
                continue;
        }
        if (got <= 0)
            return conn_err(c, err, got == 0 ? "connection closed by server"
                                              : "no reply (time-out or connection lost)");
        c->in.len += (size_t)got;
        c->in.data[c->in.len] = '\0';
    }
}

int qs_smtpc_conn_idle_ok(struct qs_smtpc_conn *c)
{
    if (c->broken || c->in.len || (c->ssl && SSL_pending(c->ssl)))
        return 0;
    struct pollfd p = { .fd = c->fd, .events = POLLIN };
    return poll(&p, 1, 0) == 0;
}

int qs_smtpc_conn_tls(struct qs_smtpc_conn *c, int verify, const char *cafile,
                      struct qs_err *err)
{
    /* STARTTLS injection: nothing may follow the 220 in the clear */
    if (c->in.len)
        return conn_err(c, err, "data after STARTTLS reply (plaintext injection)");
    c->ctx = SSL_CTX_new(TLS_client_method());
    if (!c->ctx)
        return conn_err(c, err, "TLS not available");
    SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
    if (verify) {
        SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
        int ok = cafile ? SSL_CTX_load_verify_locations(c->ctx, cafile, NULL)
                        : SSL_CTX_set_default_verify_paths(c->ctx);
        if (!ok)
            return conn_err(c, err, "CA certificates not loadable");
    } else {
        SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
    }
    c->ssl = SSL_new(c->ctx);
    if (!c->ssl || !SSL_set_fd(c->ssl, c->fd))
        return conn_err(c, err, "TLS not available");
    SSL_set_tlsext_host_name(c->ssl, c->host);
    if (verify)
        SSL_set1_host(c->ssl, c->host);
    if (SSL_connect(c->ssl) != 1) {
        long vr = SSL_get_verify_result(c->ssl);
        char why[200];
        if (verify && vr != X509_V_OK)
            snprintf(why, sizeof why, "server certificate not trusted: %s",
                     X509_verify_cert_error_string(vr));
        else
            snprintf(why, sizeof why, "TLS handshake failed");
        ERR_clear_error();
        return conn_err(c, err, why);
    }
    c->tls_verified = verify;
    return 0;
}
