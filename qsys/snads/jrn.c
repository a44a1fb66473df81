/*
 * qsys/snads/jrn.c - QZMF journal entries for the steps of a distribution.
 *
 * As for the SMTP side (qsys/jrn), entries are written only when CHGSMTPA
 * JOURNAL(*YES) is set, with code L and a two-character type: IBM's
 * function id H (SNADS) followed by an action.  H1 (originator), H2
 * (recipient) and H3 (undeliverable) follow IBM's action letters; the
 * others are qshim's choice (IBM's list for SNADS was not available):
 *   H1 SNDDST accepted          H2 put in a local user's incoming log
 *   HQ put on a distribution queue (text = queue)
 *   H7 handed from the queue to MSF       HI Internet mail made a distribution
 *   HR received (RCVDST)        HD deleted (DLTDST, RCVDST KEEP(*NO))
 *   HC confirmation of delivery back to the sender
 * The entry's msgid is the distribution id (blanks as '.') and extension.
 */
#include "qsys/snads/store.h"
#include "qsys/jrn/jrn.h"
#include "qsys/msf/mailcfg.h"

#include <stdio.h>

int qs_snads_jrn_on(void)
{
    struct qs_mailcfg c;
    if (qs_mailcfg_load(&c, NULL) < 0)
        return 0;
    int on = c.journal;
    qs_mailcfg_free(&c);
    return on;
}

void qs_snads_jrn(int on, const char *type, const struct qs_dst *d, const char *ruser,
                  const char *raddr, const char *inet, const char *text)
{
    if (!on || !d)
        return;
    char id[QS_DSTID_LEN + 1], mid[QS_DSTID_LEN + 8], from[32], rcpt[QS_SNADS_MAX_INET + 24];
    qs_snads_idfile(id, d->dstid);
    snprintf(mid, sizeof mid, "%s.%02d", id, d->ext);
    snprintf(from, sizeof from, "%s.%s", d->from_user, d->from_addr);
    if (inet)
        snprintf(rcpt, sizeof rcpt, "%s", inet);
    else if (ruser && raddr)
        snprintf(rcpt, sizeof rcpt, "%s.%s", ruser, raddr);
    else
        rcpt[0] = '\0';
    qs_jrn_mail(type, mid, d->from_inet ? d->from_inet : from, rcpt[0] ? rcpt : NULL, NULL, text);
}
