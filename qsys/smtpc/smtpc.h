/*
 * qsys/smtpc/smtpc.h - the SMTP client: outbound delivery snap-in.
 *
 * Owns: choosing where a domain's mail goes (mail router / route override /
 * MX records with A/AAAA fallback), the client side of an SMTP transaction
 * (EHLO, STARTTLS, AUTH PLAIN/LOGIN, PIPELINING, SIZE, DSN, SMTPUTF8,
 * dot-stuffing),
 * per-recipient verdicts, connection reuse, and the retry schedule of
 * CHGSMTPA RTYMIN/RTYHOUR/RTYDAY.
 *
 * Configuration (docs/sendmail.md) is read from the system root:
 *   mail/smtpc.conf   "KEYWORD value..." lines:
 *       MAILROUTER host[:port]    send everything there instead of MX
 *       ROUTE domain host:port    fixed route for a domain ("*" = any);
 *                                 also $QSHIM_SMTPC_ROUTES="d=h:p,d2=h:p"
 *       TLS *NONE|*OPTIONAL|*REQUIRED     STARTTLS policy (dft *OPTIONAL)
 *       TLSVERIFY *YES|*NO        verify the server certificate and name
 *                                 (dft *NO for *OPTIONAL, *YES for *REQUIRED)
 *       CAFILE path               trusted CAs (dft: system store)
 *       HELO name                 EHLO argument (dft: host name)
 *       RTYMIN n i / RTYHOUR n i / RTYDAY n i   retry levels (dft 3 30 / 0 0 / 0 0)
 *       TIMEOUT seconds           per read/write (dft 300)
 *       PORT n                    port for MX hosts (dft 25)
 *       RATE dest N               at most N messages a minute to a destination
 *                                 domain ("*" = each destination; with a
 *                                 mail router the router is the destination)
 *       WINDOW hh:mm-hh:mm        deliver only in this daily window (local time;
 *                                 may wrap midnight); outside it qsmtpc -q waits
 *       CONCURRENCY n             connections at once to one destination host
 *                                 (dft 4; CHGSMTPA CLTMAXCNN)
 *       WORKERS n                 messages delivered at once by the queue
 *                                 runner, each by its own thread (dft 4)
 *       DLYWRN hours|*NONE        NOTIFY=DELAY warning once a message has
 *                                 waited this long (1-720; CHGSMTPA DLYWRN,
 *                                 qshim's own); without the line: at the
 *                                 first deferral; *NONE: never
 *       DNS ip[:port]             name server for MX look-ups instead of
 *                                 /etc/resolv.conf (IPv4)
 *   mail/hostauth     0600, "host user password" lines (ADDSMTPLE *HOSTAUTH)
 *
 * Always holds: a recipient is reported delivered only after the server's
 * 250 to the final dot; data on the wire never carries a bare CR or LF and
 * every line starting with '.' is stuffed; credentials are never logged and
 * are sent only over TLS unless the host is loopback.
 */
#ifndef QS_SMTPC_SMTPC_H
#define QS_SMTPC_SMTPC_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct qs_err;
struct qs_buf;

enum qs_smtpc_tls { QS_TLS_NONE, QS_TLS_OPTIONAL, QS_TLS_REQUIRED };

struct qs_smtpc_route {
    char *domain;           /* lower case, or "*" */
    char *host;
    int   port;
};

struct qs_smtpc_rate {
    char    *dest;          /* lower case, or "*" */
    unsigned per_min;
};

struct qs_smtpc_auth {
    char *host, *user, *password;
};

struct qs_smtpc_cfg {
    char   *mailrouter;     /* host, or NULL */
    int     mailrouter_port;
    struct qs_smtpc_route *routes;
    size_t  nroutes;
    struct qs_smtpc_auth *auth;
    size_t  nauth;
    int     tls;            /* enum qs_smtpc_tls */
    int     tls_verify;     /* -1 = by policy */
    char   *cafile;
    char   *helo;
    int     rty[3][2];      /* RTYMIN, RTYHOUR, RTYDAY: {number, interval} */
    int     timeout;
    int     port;
    char   *dns;            /* "ip", or NULL = system resolver */
    int     dns_port;
    struct qs_smtpc_rate *rates;
    size_t  nrates;
    int     window_from, window_to;   /* minutes after midnight; from == to: always */
    int     concurrency;    /* connections at once per destination host */
    int     workers;        /* messages delivered at once by qsmtpc -q */
    int     dlywrn;         /* delay warning: seconds queued before it (> 0),
                               0 = at the first deferral, -1 = never */
};

#define QS_SMTPC_MAX_DLYWRN_HOURS 720

#define QS_SMTPC_DFT_CONCURRENCY 4
#define QS_SMTPC_MAX_CONCURRENCY 100
#define QS_SMTPC_DFT_WORKERS 4
#define QS_SMTPC_MAX_WORKERS 64

/* Messages a minute allowed to `dest` (0 = no limit). */
unsigned qs_smtpc_rate_for(const struct qs_smtpc_cfg *c, const char *dest);
/* 1 if delivery is allowed at time t (WINDOW). */
int qs_smtpc_in_window(const struct qs_smtpc_cfg *c, time_t t);

/* Defaults, then mail/smtpc.conf, mail/hostauth and $QSHIM_SMTPC_ROUTES. */
int  qs_smtpc_cfg_load(struct qs_smtpc_cfg *c, struct qs_err *err);
void qs_smtpc_cfg_free(struct qs_smtpc_cfg *c);
/* CHGSMTPA: set KEYWORD value in mail/smtpc.conf (checked as a line would
 * be; value NULL removes the keyword, restoring its default).  TCP5382 if
 * the value is not valid. */
int  qs_smtpc_cfg_set(const char *kw, const char *value, struct qs_err *err);
/* ADDSMTPLE / RMVSMTPLE TYPE(*HOSTAUTH): add or replace (user non-NULL) or
 * remove (user NULL) the credentials for a relay host in mail/hostauth
 * (0600).  The password is stored as given: the client must send it. */
int  qs_smtpc_hostauth_set(const char *host, const char *user, const char *password,
                           struct qs_err *err);
/* Parse one configuration line into c (used by load and by tests). */
int  qs_smtpc_cfg_line(struct qs_smtpc_cfg *c, const char *line, size_t len, struct qs_err *err);

/* ---- routing ----------------------------------------------------------- */
struct qs_smtpc_host {
    char name[256];
    int  port;
    int  pref;
};
/* Where mail for `domain` goes, best first.  TCP5383 (permanent: no such
 * domain / null MX) or TCP5384 (temporary DNS failure) on error. */
int qs_smtpc_route(const struct qs_smtpc_cfg *c, const char *domain,
                   struct qs_smtpc_host **hosts_r, size_t *n_r, struct qs_err *err);

/* ---- delivery ---------------------------------------------------------- */
enum qs_smtpc_verdict { QS_DLV_OK = 0, QS_DLV_DEFER = 4, QS_DLV_FAIL = 5 };

/* RFC 3461 NOTIFY bits (the same values as MSF's envelope) */
#define QS_SMTPC_NOTIFY_NEVER   1u
#define QS_SMTPC_NOTIFY_SUCCESS 2u
#define QS_SMTPC_NOTIFY_FAILURE 4u
#define QS_SMTPC_NOTIFY_DELAY   8u

struct qs_smtpc_rcpt {
    const char *addr;       /* in */
    unsigned    notify;     /* in: NOTIFY bits, 0 = not given */
    const char *orcpt;      /* in: ORCPT as received ("rfc822;a@b"), or NULL */
    int   verdict;          /* out: enum qs_smtpc_verdict */
    int   code;             /* out: SMTP code, 0 if none (connection level) */
    char  diag[300];        /* out: "5.1.1 <bob@x>: user unknown (mx.example.com)" */
    int   dsn_passed;       /* out: accepted by a server that took the DSN
                             * parameters (it reports from now on); 0 = a
                             * success must be reported here as "relayed" */
};

struct qs_smtpc_msg {
    const char *from;       /* reverse path, "" = null sender */
    struct qs_smtpc_rcpt *rcpt;
    size_t nrcpt;
    const char *data;       /* RFC 5322 message, CRLF */
    size_t len;
    int    body8bit;
    const char *envid;      /* DSN ENVID (xtext), or NULL */
    int    ret_hdrs;        /* DSN RET=HDRS */
    int    smtputf8;        /* the message came with SMTPUTF8 (RFC 6531) */
    unsigned utf8;          /* set by qs_smtpc_deliver: QS_SMTPC_UTF8_* */
};

/* RFC 6531 SMTPUTF8: what a message needs.  UTF-8 in an envelope address
 * needs a next hop offering SMTPUTF8 (else the recipients fail with 5.6.7);
 * UTF-8 only in header fields asks for it when offered.  A message that
 * arrived with SMTPUTF8 (m->smtputf8) keeps it towards a next hop offering
 * it, and fails with 5.6.7 towards one that does not when its envelope or
 * header fields hold UTF-8 (as Postfix does: no downgrade).  Addresses that
 * are neither ASCII nor valid UTF-8 fail with 5.1.7. */
#define QS_SMTPC_UTF8_ENVELOPE 1u
#define QS_SMTPC_UTF8_HEADERS  2u
#define QS_SMTPC_UTF8_BAD      4u
unsigned qs_smtpc_utf8_needs(const struct qs_smtpc_msg *m);

/* Connections kept open for reuse, per host:port. */
struct qs_smtpc_pool;
struct qs_smtpc_pool *qs_smtpc_pool_new(void);
/* QUIT and close every cached connection; *p = NULL. */
void qs_smtpc_pool_free(struct qs_smtpc_pool **p);

struct qs_smtpc_stats {
    unsigned connects;      /* new TCP connections */
    unsigned reuses;        /* transactions on a cached connection */
    unsigned tls;           /* sessions that went through STARTTLS */
};
void qs_smtpc_pool_stats(const struct qs_smtpc_pool *p, struct qs_smtpc_stats *s);

/*
 * Deliver m to its recipients, who all belong to `domain` (or all go to the
 * mail router).  Fills every rcpt's verdict and diag.  Returns 0 when the
 * attempt ran (whatever the verdicts), -1 only on a local error.  pool may
 * be NULL (no reuse).
 */
int qs_smtpc_deliver(const struct qs_smtpc_cfg *c, struct qs_smtpc_pool *pool, const char *domain,
                     struct qs_smtpc_msg *m, struct qs_err *err);

/*
 * When to try again after `attempts` failed attempts (1 = the first one
 * failed), following RTYMIN n i (i minutes apart, n times), then RTYHOUR,
 * then RTYDAY.  Returns the time, or 0 when the retries are used up (the
 * recipients then fail with 4.4.7).
 */
time_t qs_smtpc_next_retry(const struct qs_smtpc_cfg *c, int attempts, time_t now);

/*
 * The outbound snap-in: with cfg->workers threads (one without a pool),
 * deliver every due job of MSF's remote hand-off queue once (DKIM-signing when the From domain has keys), report the
 * verdicts to MSF with the next retry time.  Returns the number of jobs
 * handled, or -1.
 */
int qs_smtpc_run_queue(const struct qs_smtpc_cfg *c, struct qs_smtpc_pool *pool,
                       struct qs_err *err);

/* Append data[0..len) dot-stuffed, with bare CR/LF made CRLF, plus the
 * final ".\r\n" (exposed for tests). */
int qs_smtpc_dotstuff(struct qs_buf *out, const char *data, size_t len);

#endif
