/* qsys/smtp/smtpd_rbl.h - DNS block list (RBLSVR) look-ups for qsmtpd.
 *
 * A client at a.b.c.d is listed in zone Z when d.c.b.a.Z has an A record
 * in 127.0.0.0/8 (RFC 5782 §2.1).  Zones come from CHGSMTPA RBLSVR; the
 * resolver is the system one, or RBLDNS "ip[:port]".  Look-ups are
 * synchronous, with a short timeout: a DNSBL that does not answer does
 * not block the connection (fail open). */
#ifndef QS_SMTP_SMTPD_RBL_H
#define QS_SMTP_SMTPD_RBL_H

#include "qsys/msf/mailcfg.h"
#include <stdint.h>

/* Index of the first zone listing IPv4 `ip` (host order), or -1 when no
 * zone lists it (not found, no answer, or an answer outside 127/8). */
int qs_rbl_listed(const struct qs_mailcfg *c, uint32_t ip);

#endif
