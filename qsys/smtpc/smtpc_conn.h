/*
 * qsys/smtpc/smtpc_conn.h - one client connection: TCP, TLS, line I/O,
 * replies.  Internal to qsys/smtpc.
 *
 * Sockets are blocking with SO_RCVTIMEO/SO_SNDTIMEO set to the configured
 * timeout, so a silent server costs at most that long per read or write.
 * Received bytes are kept in `in` (capped) until a complete reply parses.
 */
#ifndef QS_SMTPC_CONN_H
#define QS_SMTPC_CONN_H

#include "qsys/base/buf.h"
#include "qsys/smtpc/smtp_reply.h"

#include <stdint.h>
#include <time.h>

struct qs_err;
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

struct qs_smtpc_conn {
    int      fd;
    SSL_CTX *ctx;
    SSL     *ssl;
    char     host[256];
    int      port;
    struct qs_buf in;
    /* EHLO capabilities */
    int      esmtp, pipelining, starttls, auth_plain, auth_login, eightbit, dsn, smtputf8;
    uint64_t size_max;          /* 0 = not announced or no limit */
    int      tls_verified;
    int      broken;            /* I/O error or protocol error: do not reuse */
    struct qs_smtpc_conn *next; /* pool list */
};

/* Connect to host:port (every address getaddrinfo returns, in order). */
struct qs_smtpc_conn *qs_smtpc_conn_open(const char *host, int port, int timeout,
                                         struct qs_err *err);
void qs_smtpc_conn_close(struct qs_smtpc_conn **c);
int  qs_smtpc_conn_write(struct qs_smtpc_conn *c, const void *p, size_t n, struct qs_err *err);
/* Read one whole reply. */
int  qs_smtpc_conn_reply(struct qs_smtpc_conn *c, struct qs_smtp_reply *r, struct qs_err *err);
/* A cached, idle connection is still usable: nothing to read (a server
 * that closed or sent 421 makes the socket readable). */
int  qs_smtpc_conn_idle_ok(struct qs_smtpc_conn *c);
/* STARTTLS handshake after the server's 220.  verify: check the chain
 * against cafile (NULL = system store) and the name against host. */
int  qs_smtpc_conn_tls(struct qs_smtpc_conn *c, int verify, const char *cafile,
                       struct qs_err *err);

#endif
