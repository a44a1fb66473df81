/*
 * qsys/usrprf/usrprf.h - user profiles (*USRPRF objects in QSYS).
 *
 * A profile is the object QSYS/<NAME>.USRPRF (file mode 0600).  Its payload
 * is key=value lines; the password is kept only as a yescrypt hash
 * (libxcrypt, "$y$"), never in clear.  What must always hold:
 *   - a profile is created, changed and deleted whole (object-store
 *     atomicity), and sign-on counters are updated under an exclusive lock;
 *   - qs_usrprf_signon() never says "yes" to a disabled profile, a profile
 *     with PASSWORD(*NONE), or a wrong password, and a wrong password counts
 *     toward QMAXSIGN, which disables the profile (QMAXSGNACN 2-like);
 *   - a password verified in the last QS_PWCACHE_TTL seconds against the
 *     same stored hash is good without running yescrypt again (in-memory
 *     cache, pwcache.h); the profile's state is still read every time.
 */
#ifndef QS_USRPRF_USRPRF_H
#define QS_USRPRF_USRPRF_H

#include <stddef.h>
#include <time.h>

#include "qsys/obj/obj.h"

struct qs_err;

/* Special authorities (SPCAUT). */
enum {
    QS_SPCAUT_ALLOBJ   = 1u << 0,
    QS_SPCAUT_AUDIT    = 1u << 1,
    QS_SPCAUT_IOSYSCFG = 1u << 2,
    QS_SPCAUT_JOBCTL   = 1u << 3,
    QS_SPCAUT_SAVSYS   = 1u << 4,
    QS_SPCAUT_SECADM   = 1u << 5,
    QS_SPCAUT_SERVICE  = 1u << 6,
    QS_SPCAUT_SPLCTL   = 1u << 7,
};

#define QS_USRPRF_HASH_MAX   256   /* yescrypt output is ~73 chars */
#define QS_USRPRF_PW_MAX     128   /* IBM: 128 with QPWDLVL 2/3 */
#define QS_USRPRF_QMAXSIGN   3     /* IBM default of QMAXSIGN */
#define QS_CCSID_SYSVAL      (-1)  /* CCSID(*SYSVAL) */

struct qs_usrprf {
    char     name[QS_NAME_LEN + 1];
    char     pwhash[QS_USRPRF_HASH_MAX]; /* "" = PASSWORD(*NONE) */
    int      enabled;                    /* STATUS(*ENABLED) */
    char     usrcls[QS_NAME_LEN + 1];    /* *USER *SYSOPR *PGMR *SECADM *SECOFR */
    unsigned spcaut;                     /* QS_SPCAUT_* bits */
    int      ccsid;                      /* QS_CCSID_SYSVAL or 1..65535 */
    int      pwdexp;                     /* PWDEXP(*YES): password expired */
    int      invalid_signons;
    time_t   last_signon;
    char     text[QS_OBJ_TEXT_LEN + 1];
    char     owner[QS_NAME_LEN + 1];
};

/* Defaults of CRTUSRPRF: *ENABLED, *USER, no SPCAUT, CCSID *SYSVAL. */
void qs_usrprf_init(struct qs_usrprf *p, const char *name);

/* Set or clear (password == NULL or "*NONE") the password hash in p.  A
 * password is 1..128 bytes with no control characters (CPF22xx otherwise). */
int qs_usrprf_set_password(struct qs_usrprf *p, const char *password, struct qs_err *err);

/* CRTUSRPRF: CPF2214 if it exists.  p->name is validated and upper-cased. */
int qs_usrprf_create(struct qs_usrprf *p, struct qs_err *err);
/* RTVUSRPRF: CPF2204 if missing. */
int qs_usrprf_retrieve(const char *name, struct qs_usrprf *p_r, struct qs_err *err);
/* CHGUSRPRF: write back a retrieved-and-modified profile (CPF2204 if gone). */
int qs_usrprf_change(struct qs_usrprf *p, struct qs_err *err);
/* DLTUSRPRF: CPF2204 if missing. */
int qs_usrprf_delete(const char *name, struct qs_err *err);
/* WRKUSRPRF: call fn for each profile in name order; nonzero stops. */
int qs_usrprf_list(int (*fn)(const struct qs_usrprf *p, void *arg), void *arg,
                   struct qs_err *err);

/*
 * Sign-on check for the SMTP AUTH and POP3 servers: 0 when name/password
 * are right and the profile is enabled.  Otherwise -1 with
 *   CPF2204 profile not found         CPF22E3 profile disabled
 *   CPF22E2 password not correct      CPF22E5 no password (*NONE)
 *   CPF22E4 password expired          CPD0078 name not valid
 * A wrong password increments the invalid sign-on count; reaching
 * QS_USRPRF_QMAXSIGN disables the profile.  Success resets the count.
 */
int qs_usrprf_signon(const char *name, const char *password, struct qs_err *err);

/* Names and parsing of special authorities ("*ALLOBJ" …). */
int qs_spcaut_parse(const char *s, unsigned *bit_r);
/* Append the list ("*ALLOBJ *JOBCTL", or "*NONE") to out (size n). */
void qs_spcaut_format(unsigned bits, char *out, size_t n);

/*
 * The profile this process runs as: $QSHIM_USER, else the host login name
 * upper-cased and made a valid *NAME (non-name characters become '_', a
 * name not starting with a letter gets a 'Q' in front, cut to 10).  For the
 * host-mapped name (not for QSHIM_USER) a missing profile is created with
 * USRCLS(*SECOFR) and all special authorities: the host user owns the
 * system root, so it can do everything anyway.  See docs/objects.md.
 */
int qs_usrprf_current(struct qs_usrprf *p_r, struct qs_err *err);
/* Just the name rule above (no file access). */
int qs_usrprf_host_name(char out[QS_NAME_LEN + 1], struct qs_err *err);

#endif
