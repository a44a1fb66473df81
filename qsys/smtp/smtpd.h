/*
 * qsys/smtp/smtpd.h - the SMTP server (RFC 5321) on the netsrv event loop.
 *
 * One process serves ports 25 (relay/MX), 587 (submission: AUTH required)
 * and 465 (implicit TLS) from one epoll thread; message content goes to MSF
 * drafts as it arrives, and the 250 after DATA is sent only when the MSF
 * commit thread reports the message durable (group commit across sessions).
 * Policy (relay and reject lists for IPv4 and IPv6, DNS block lists looked
 * up on resolver threads, limits, bare LF) comes from the CHGSMTPA
 * configuration (qsys/msf/mailcfg.h).
 */
#ifndef QS_SMTP_SMTPD_H
#define QS_SMTP_SMTPD_H

#include <stdint.h>

struct qs_err;
struct qs_mailcfg;
struct qs_smtpd;

enum { QS_SMTPD_TAG_MX = 0, QS_SMTPD_TAG_SUBMISSION = 1, QS_SMTPD_TAG_SMTPS = 2 };

struct qs_smtpd_opts {
    const struct qs_mailcfg *cfg;   /* copied reference; must outlive the server */
    const char *bind;               /* NULL = cfg->bndadr                     */
    int port, subm_port, smtps_port;  /* -1 = off, 0 = pick (tests)            */
    /* Sign-on check: 0 = good.  NULL = qs_usrprf_signon. */
    int (*signon)(const char *user, const char *password);
    int run_msf;                    /* also run NBRMSFJOB MSF workers here     */
};

int  qs_smtpd_new(struct qs_smtpd **d_r, const struct qs_smtpd_opts *o, struct qs_err *err);
/* Bound ports (after new), for tests that ask for port 0. */
int  qs_smtpd_port(const struct qs_smtpd *d, int tag);
int  qs_smtpd_run(struct qs_smtpd *d);
void qs_smtpd_stop(struct qs_smtpd *d);      /* async-signal-safe */
void qs_smtpd_free(struct qs_smtpd **d);

/* Relay decision for a client (exposed for the policy unit test). */
int  qs_smtpd_may_relay(const struct qs_mailcfg *c, uint32_t ip4, int authed);
/* The same for an IPv6 client when ip6 is not NULL (the *ACCEPTIP6 list). */
int  qs_smtpd_may_relay6(const struct qs_mailcfg *c, uint32_t ip4, const uint8_t *ip6,
                         int authed);

#endif
