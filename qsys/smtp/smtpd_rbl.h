/* qsys/smtp/smtpd_rbl.h - DNS block list (RBLSVR) look-ups for qsmtpd.
 *
 * A client at a.b.c.d is listed in zone Z when d.c.b.a.Z has an A record
 * that matches the zone's expected answer (CHGSMTPA RBLSVR((Z answer)),
 * with qshim's optional mask), or any A record in 127.0.0.0/8 when no
 * answer is given (RFC 5782 §2.1).  IPv6 clients are looked up by their
 * reversed nibbles (RFC 5782 §2.4).  The resolver is the system one, or
 * RBLDNS "ip[:port]"; each query waits at most RBLTIMO seconds, and a DNSBL
 * that does not answer does not block the client (fail open).
 *
 * The look-ups block, so the server never calls qs_rbl_listed() on its
 * event loop: it hands them to a qs_rbl_pool, whose threads run them and
 * report through a callback (which then posts to the loop).
 */
#ifndef QS_SMTP_SMTPD_RBL_H
#define QS_SMTP_SMTPD_RBL_H

#include "qsys/msf/mailcfg.h"
#include <stdint.h>

struct qs_err;

/* The client: IPv4 (host order) when is6 == 0, else the IPv6 bytes. */
struct qs_rbl_client {
    int      is6;
    uint32_t ip4;
    uint8_t  ip6[16];
};

/* Index of the first zone listing the client, or -1 (not listed, no
 * answer, or an answer that does not match).  Blocks. */
int qs_rbl_listed(const struct qs_mailcfg *c, const struct qs_rbl_client *cl);
/* Does answer a (host order) match zone i's expected answer? (exposed for
 * the unit test) */
int qs_rbl_answer_matches(const struct qs_mailcfg *c, size_t zone, uint32_t a);

/* A small pool of resolver threads, with its own copy of c's RBLSVR,
 * RBLDNS and RBLTIMO (c may be freed before the threads end). */
struct qs_rbl_pool;
int  qs_rbl_pool_new(struct qs_rbl_pool **p_r, const struct qs_mailcfg *c, int nthreads,
                     struct qs_err *err);
/* Queue a look-up of cl against the zones; done(arg, zone index or -1) is
 * called on a pool thread, with the pool's lock held (done must not call
 * the pool).  0, or -1 when out of memory (caller: let the client in). */
int  qs_rbl_pool_submit(struct qs_rbl_pool *p, const struct qs_rbl_client *cl,
                        void (*done)(void *arg, int hit), void *arg);
/* Stop at once, waiting for no query: after it returns no done is called
 * (queued look-ups are dropped; one in progress is abandoned, its thread
 * ends when the query returns or times out).  *p = NULL. */
void qs_rbl_pool_free(struct qs_rbl_pool **p);

#endif
