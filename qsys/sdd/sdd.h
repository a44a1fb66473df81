/*
 * qsys/sdd/sdd.h - the system distribution directory (*SDD).
 *
 * Every user who sends or receives distributions (SNDDST, QRYDST, RCVDST) or
 * mail through the *SDD directory type has one entry, keyed by user ID and
 * address (IBM's two 8-character names, e.g. SMITH NEWYORK).  An entry ties
 * the pair to a user profile, an SMTP name (user@domain), a preferred address
 * type and a mail service level (where incoming mail goes: the distribution
 * queue, or the system message store / Internet mailbox).
 *
 * Storage: $QSYS_ROOT/sdd/entries, key=value records (qsys/base/kvrec.h),
 * rewritten whole with qs_file_write_atomic under the exclusive lock
 * $QSYS_ROOT/sdd/lock; readers see the old or the new file, never a mix.
 *
 * Invariants: user IDs and addresses are stored upper-case and trimmed; the
 * pair is unique; an SMTP name (if any) is unique across entries.
 */
#ifndef QS_SDD_H
#define QS_SDD_H

#include <stddef.h>

struct qs_err;

#define QS_SDD_ID_LEN      8     /* user ID, address */
#define QS_SDD_PRF_LEN     10    /* user profile */
#define QS_SDD_DESC_LEN    50    /* description (IBM USRD) */
#define QS_SDD_SMTPUSR_LEN 64    /* RFC 5321 §4.5.3.1.1 local part */
#define QS_SDD_SMTPDMN_LEN 255   /* RFC 5321 §4.5.3.1.2 domain */
#define QS_SDD_MAX_ENTRIES 100000

/* PREFADR: which address other systems use to reach the user. */
enum qs_sdd_prefadr {
    QS_SDD_PREF_USRID = 0,   /* *USRID: user ID + address (SNADS) */
    QS_SDD_PREF_SMTP,        /* (SMTP *IBM ATCONTXT): the SMTP name */
    QS_SDD_PREF_NETUSRID     /* (NETUSRID *IBM ATCONTXT): SMTP gateway entry */
};

/* MSFSRVLVL: where incoming mail for the user is kept. */
enum qs_sdd_msflvl {
    QS_SDD_MSF_USRIDX = 0,   /* *USRIDX: local distribution queue (QRYDST/RCVDST) */
    QS_SDD_MSF_SYSMS         /* *SYSMS: system message store (POP mailbox) */
};

struct qs_sdd_entry {
    char user[QS_SDD_ID_LEN + 1];
    char addr[QS_SDD_ID_LEN + 1];
    char usrprf[QS_SDD_PRF_LEN + 1];       /* "" = *NONE */
    char desc[QS_SDD_DESC_LEN + 1];
    char smtp_user[QS_SDD_SMTPUSR_LEN + 1]; /* "" = none */
    char smtp_domain[QS_SDD_SMTPDMN_LEN + 1];
    enum qs_sdd_prefadr prefadr;
    enum qs_sdd_msflvl msflvl;
};

/* Field mask for qs_sdd_change (CHGDIRE: unmasked fields are *SAME). */
#define QS_SDD_F_USRPRF  0x01u
#define QS_SDD_F_DESC    0x02u
#define QS_SDD_F_SMTP    0x04u   /* smtp_user and smtp_domain together */
#define QS_SDD_F_PREFADR 0x08u
#define QS_SDD_F_MSFLVL  0x10u

/* Names of the enum values as CL spells them ("*USRID", "*SYSMS", …);
 * parse returns -1 for an unknown name. */
const char *qs_sdd_prefadr_name(enum qs_sdd_prefadr p);
int qs_sdd_prefadr_parse(const char *s, enum qs_sdd_prefadr *r);
const char *qs_sdd_msflvl_name(enum qs_sdd_msflvl m);
int qs_sdd_msflvl_parse(const char *s, enum qs_sdd_msflvl *r);

/* Normalize a user ID or address (trim, upper-case, check 1-8 characters of
 * A-Z 0-9 @ # $ _) into out[9].  0, or -1 with CPF9083 naming `what`. */
int qs_sdd_norm_id(const char *s, char out[QS_SDD_ID_LEN + 1], const char *what,
                   struct qs_err *err);

/* Check every field of e (normalizing user/addr/usrprf in place). */
int qs_sdd_validate(struct qs_sdd_entry *e, struct qs_err *err);

/* ADDDIRE.  CPF9082 if the pair exists, CPF9084 if the SMTP name is taken. */
int qs_sdd_add(const struct qs_sdd_entry *e, struct qs_err *err);
/* CHGDIRE: copy the fields named in `mask` from e to the entry e->user/addr. */
int qs_sdd_change(const struct qs_sdd_entry *e, unsigned mask, struct qs_err *err);
/* RMVDIRE.  CPF9006 if absent. */
int qs_sdd_remove(const char *user, const char *addr, struct qs_err *err);

/* Look-ups: 0 and *r filled, or -1 with CPF9006 (not enrolled). */
int qs_sdd_find(const char *user, const char *addr, struct qs_sdd_entry *r,
                struct qs_err *err);
int qs_sdd_find_usrprf(const char *usrprf, struct qs_sdd_entry *r, struct qs_err *err);
/* Case-insensitive SMTP name match. */
int qs_sdd_find_smtp(const char *smtp_user, const char *smtp_domain,
                     struct qs_sdd_entry *r, struct qs_err *err);

/* WRKDIRE: all entries sorted by user ID then address; *r is malloc'ed
 * (free with free()), *n_r its count. */
int qs_sdd_list(struct qs_sdd_entry **r, size_t *n_r, struct qs_err *err);

#endif
