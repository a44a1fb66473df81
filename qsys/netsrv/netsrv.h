/*
 * qsys/netsrv/netsrv.h - the event loop shared by the SMTP and POP3 servers.
 *
 * One thread runs an epoll loop over the listening sockets and every
 * connection; a protocol (SMTP, POP3) is a table of callbacks that parse the
 * connection's input buffer and queue replies.  The engine owns sockets, TLS
 * (OpenSSL, non-blocking, TLS 1.2+), timeouts, back-pressure and shutdown.
 *
 * What must hold:
 *   - input is never read past the connection's cap (bounded memory per
 *     connection); a protocol that wants more must consume first;
 *   - qs_conn_starttls() throws away every byte already received, so nothing
 *     sent before the handshake is ever taken as sent after it (CVE-2011-0411);
 *   - a connection that is paused (waiting for a queue commit) is not read
 *     and not freed until it is resumed; other threads talk to the loop only
 *     through qs_netsrv_post().
 */
#ifndef QS_NETSRV_NETSRV_H
#define QS_NETSRV_NETSRV_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;
struct qs_buf;
struct qs_netsrv;
struct qs_conn;
typedef struct ssl_ctx_st SSL_CTX;

struct qs_netsrv_proto {
    /* A connection is ready (after the handshake for implicit TLS): create
     * the session and queue the greeting.  NULL refuses (the engine closes). */
    void *(*open)(struct qs_conn *c, void *arg);
    /* New input is in qs_conn_in(c); consume what you can. */
    void  (*input)(void *sess, struct qs_conn *c);
    /* The idle timeout fired; queue a goodbye (the engine closes after). */
    void  (*timeout)(void *sess, struct qs_conn *c);
    /* The server is stopping; queue 421 or similar. */
    void  (*shutdown)(void *sess, struct qs_conn *c);
    /* STARTTLS/STLS handshake done. */
    void  (*tls_ready)(void *sess, struct qs_conn *c);
    /* Optional: queued output fell below 64 KiB (stream the next slice). */
    void  (*drained)(void *sess, struct qs_conn *c);
    /* The connection is gone; free the session. */
    void  (*close)(void *sess);
};

int  qs_netsrv_new(struct qs_netsrv **s_r, const struct qs_netsrv_proto *p, void *arg,
                   struct qs_err *err);
void qs_netsrv_free(struct qs_netsrv **s);
/* TLS server context from PEM files (TLS 1.2 minimum); NULL with err. */
SSL_CTX *qs_tls_server_ctx(const char *cert, const char *key, struct qs_err *err);
void qs_netsrv_set_tls(struct qs_netsrv *s, SSL_CTX *ctx);
/* Listen on addr ("*ALL"/NULL = any IPv4, a dotted quad, or an IPv6 literal
 * such as "::1", bound IPv6-only) and port (0 = pick one).  tag is
 * handed to the protocol (qs_conn_tag) to tell 25 from 587; implicit_tls
 * starts TLS at accept (465, 995).  Returns the bound port, or -1. */
int  qs_netsrv_listen(struct qs_netsrv *s, const char *addr, int port, int tag,
                      int implicit_tls, struct qs_err *err);
void qs_netsrv_set_timeout(struct qs_netsrv *s, int seconds);
/* Run until qs_netsrv_stop(); then every connection gets shutdown() and a
 * short grace period to flush.  0 or -1. */
int  qs_netsrv_run(struct qs_netsrv *s);
/* Async-signal-safe. */
void qs_netsrv_stop(struct qs_netsrv *s);
/* Run fn(conn, arg) on the loop thread soon.  Thread-safe.  The connection
 * must be paused (so it cannot have been freed). */
void qs_netsrv_post(struct qs_netsrv *s, struct qs_conn *c,
                    void (*fn)(struct qs_conn *c, void *arg), void *arg);
/* Run fn(conn, arg) on the loop thread after `ms` milliseconds (loop
 * thread only; pause the connection first, e.g. for a failed-login delay). */
void qs_netsrv_post_after(struct qs_netsrv *s, struct qs_conn *c, int ms,
                          void (*fn)(struct qs_conn *c, void *arg), void *arg);
struct qs_netsrv *qs_conn_server(struct qs_conn *c);
size_t qs_netsrv_nconn(const struct qs_netsrv *s);

/* --- connection ------------------------------------------------------------- */
struct qs_buf *qs_conn_in(struct qs_conn *c);
/* Queue output (copied). */
void qs_conn_write(struct qs_conn *c, const void *p, size_t n);
void qs_conn_printf(struct qs_conn *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Write straight into the output queue: room for n more bytes (NULL when
 * the connection is dead or would pass its output cap; it is then marked
 * dead), then qs_conn_wcommit() with the k <= n bytes written there. */
char *qs_conn_wspace(struct qs_conn *c, size_t n);
void qs_conn_wcommit(struct qs_conn *c, size_t k);
/* Bytes queued and not yet sent (POP3 RETR streams in slices). */
size_t qs_conn_outlen(const struct qs_conn *c);
/* Close once the queued output is sent; no more input is delivered. */
void qs_conn_close(struct qs_conn *c);
/* Flush queued output, then start the TLS handshake; drops buffered input. */
int  qs_conn_starttls(struct qs_conn *c);
void qs_conn_pause(struct qs_conn *c);
/* Resume reading; the protocol's input() is called again if input is left. */
void qs_conn_resume(struct qs_conn *c);
/* May the protocol go on consuming input now (not paused, closing, or
 * waiting for a TLS handshake)? */
int  qs_conn_accepting(const struct qs_conn *c);
int  qs_conn_is_tls(const struct qs_conn *c);
int  qs_conn_tls_possible(const struct qs_conn *c);
const char *qs_conn_peer(const struct qs_conn *c);   /* "192.0.2.1" */
uint32_t qs_conn_peer4(const struct qs_conn *c);     /* host order, 0 if IPv6 */
/* An IPv6 peer: its address (network order) into addr_r and 1; else 0. */
int  qs_conn_peer6(const struct qs_conn *c, uint8_t addr_r[16]);
int  qs_conn_tag(const struct qs_conn *c);
/* Cap input buffering (default 64 KiB). */
void qs_conn_set_incap(struct qs_conn *c, size_t cap);

#endif
