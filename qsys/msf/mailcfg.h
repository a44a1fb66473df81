/*
 * qsys/msf/mailcfg.h - mail configuration: CHGSMTPA / CHGPOPA attributes,
 * the ADDSMTPLE lists and the SMTP mailbox directory (ADDUSRSMTP).
 *
 * Stored as text under the root (docs/msf.md):
 *   mail/smtpa.conf   "KEYWORD value" lines, IBM keyword names
 *   mail/popa.conf    same for CHGPOPA
 *   mail/smtple       "TYPE value [mask]" lines (ADDSMTPLE)
 *   mail/smtpdir      "USRPRF alias domain" lines (ADDUSRSMTP)
 * Every writer replaces the file atomically (qs_file_write_atomic); readers
 * load a snapshot, so a server sees a consistent configuration.
 *
 * A struct qs_mailcfg is plain data: load it, read fields, free it.
 */
#ifndef QS_MSF_MAILCFG_H
#define QS_MSF_MAILCFG_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;

/* CHGSMTPA ALWRLY */
enum qs_alwrly {
    QS_RLY_NONE = 0,    /* *NONE: relay for nobody (AUTH users excepted when ALWAUTH) */
    QS_RLY_ALL,         /* *ALL: open relay (never the default)                       */
    QS_RLY_BYIPADR,     /* *BYIPADR: clients in the *ACCEPT list                      */
    QS_RLY_POPWDW,      /* *POPWDW: POP-before-SMTP within POPWDW minutes             */
    QS_RLY_BYIPPOP,     /* *BYIPADR and *POPWDW                                       */
    QS_RLY_AUTH         /* *AUTH: only authenticated sessions                         */
};

/* CHGSMTPA ALWAUTH bits */
#define QS_ALWAUTH_LOCAL   1u   /* *LOCAL: AUTH accepted for local delivery */
#define QS_ALWAUTH_RELAY   2u   /* *RELAY: AUTH allows relay                */
#define QS_ALWAUTH_PLAIN   4u   /* offer AUTH without TLS (not IBM's *NONE) */

struct qs_netmask { uint32_t addr, mask; };      /* IPv4, host order */
struct qs_net6 { uint8_t addr[16]; unsigned prefix; };  /* IPv6 network / prefix length */

/* ADDSMTPLE content filter types (FTRDATA patterns, `*` wildcards). */
enum qs_ftr_type {
    QS_FTR_SUBJECT = 0,   /* *FTRSUBJECT: the Subject header (decoded)          */
    QS_FTR_ORIGIN,        /* *FTRORIGIN: MAIL FROM and the From header addresses */
    QS_FTR_FILNAME,       /* *FTRFILNAME: attachment file names                 */
    QS_FTR_TYPE           /* *FTRTYPE: MIME content types, nested parts included */
};
struct qs_mailftr { int type; char *data; };

/* CHGSMTPA FTRACN */
enum { QS_FTRACN_KEEP = 0, QS_FTRACN_DISCARD = 1 };

/* CHGSMTPA DIRTYPE: where local recipients and senders are looked up. */
enum qs_dirtype {
    QS_DIR_SMTP = 0,    /* *SMTP: the SMTP mailbox directory (ADDUSRSMTP)  */
    QS_DIR_SMTPMSF,     /* *SMTPMSF: same directory; all mail through MSF  */
    QS_DIR_SDD          /* *SDD: system distribution directory (ADDDIRE)   */
};

#define QS_KEEPUNTIL_DFT   3    /* days; qshim's *DFT (IBM's number UNCONFIRMED) */
#define QS_KEEPUNTIL_MAX   999  /* days */

struct qs_mailcfg {
    /* CHGSMTPA */
    int      autostart;
    int      alwrly;              /* enum qs_alwrly, dft *BYIPADR           */
    unsigned alwauth;             /* QS_ALWAUTH_*, dft LOCAL|RELAY          */
    int      popwdw;              /* minutes, 15-65535, dft 15              */
    uint64_t maxemmsize;          /* bytes (MAXEMMSIZE is KB in CHGSMTPA)   */
    int      alwbarelf;           /* ALWBARELF(*YES)                        */
    int      alwimpssl;           /* ALWIMPSSL(*YES): listen on 465         */
    int      journal;             /* JOURNAL(*YES)                          */
    int      nbrmsfjob;           /* STRMSF NBRMSFJOB default               */
    int      maxrcpt;             /* recipients per transaction             */
    int      vrfy;                /* answer VRFY with 250 (else 252)        */
    char    *bndadr;              /* BNDADR, "*ALL" or dotted quad          */
    int      port, subm_port, smtps_port;   /* until qsys/srvtbl          */
    char    *hostname;            /* CHGTCPDMN HOSTNAME.DOMAIN               */
    char    *certfile, *keyfile;  /* TLS certificate store paths           */
    size_t   nrbl;                /* RBLSVR: DNSBL zones, checked in order  */
    char   **rbl;
    struct qs_netmask *rblans;    /* per zone: expected answer (addr/mask);
                                     mask 0 = any A record in 127.0.0.0/8 */
    char    *rbldns;              /* RBLDNS: "ip[:port]" resolver, NULL system */
    int      rbltimo;             /* RBLTIMO: seconds to wait per query, dft 2 */
    int      ftracn;              /* FTRACN: QS_FTRACN_KEEP (dft) or _DISCARD */
    int      idle_timeout;        /* seconds                                */
    int      coldstart;           /* COLDSTART(*YES): clear the queue at the next start */
    int      dirtype;             /* enum qs_dirtype, dft *SMTP             */
    int      keepuntil;           /* KEEPUNTIL days of tracking; 0 = *NONE  */
    int      vfyid;               /* VFYID(*YES): senders must own MAIL FROM */
    /* CHGPOPA */
    int      pop_autostart;
    int      pop_port, pops_port;
    int      alwssl;              /* 0 *NO, 1 *YES, 2 *ONLY                  */
    int      pop_inacttimo;       /* seconds                                */
    char    *pop_bndadr;
    int      msgsplit;            /* MSGSPLIT KB, 32-2048; 0 = *NOMAX (qshim's *DFT) */
    int      mimeccsid;           /* MIMECCSID element 1; 0 = *DFT (no label)        */
    int      mimeccsid_always;    /* element 2: 1 *ALWAYS, 0 *BESTFIT               */
    /* ADDSMTPLE */
    size_t   naccept, nreject;
    struct qs_netmask *accept, *reject;
    size_t   naccept6, nreject6;  /* *ACCEPTIP6 / *REJECTIP6                */
    struct qs_net6 *accept6, *reject6;
    size_t   nftr;                /* *FTRSUBJECT ... in the order added      */
    struct qs_mailftr *ftr;
    size_t   ndomains;
    char   **domains;             /* local domains (besides hostname)       */
};

/* Defaults, then mail/smtpa.conf, mail/popa.conf and mail/smtple. */
int  qs_mailcfg_load(struct qs_mailcfg *c, struct qs_err *err);
void qs_mailcfg_free(struct qs_mailcfg *c);
/* Change one attribute: CHGSMTPA / CHGPOPA keyword + value text
 * ("ALWRLY", "*BYIPADR").  Validates, then rewrites the file. */
int  qs_mailcfg_set(const char *file, const char *keyword, const char *value,
                    struct qs_err *err);
/* ADDSMTPLE TYPE(*ACCEPT|*REJECT) INTNETADR() SUBNETMASK(); TYPE(*DOMAIN)
 * domain; TYPE(*ACCEPTIP6|*REJECTIP6) IP6NETADR() IP6PFX() (mask = prefix
 * length text); TYPE(*FTRSUBJECT|*FTRORIGIN|*FTRFILNAME|*FTRTYPE) FTRDATA()
 * (value = the pattern, blanks allowed, mask NULL). */
int  qs_mailcfg_add_le(const char *type, const char *value, const char *mask,
                       struct qs_err *err);
/* RMVSMTPLE: remove the entry ADDSMTPLE would have added with the same
 * arguments (CPF9898 when there is none). */
int  qs_mailcfg_rmv_le(const char *type, const char *value, const char *mask,
                       struct qs_err *err);
/* WRKSMTPLE: call fn for each mail/smtple entry in the order added, with
 * its type as stored ("*ACCEPT"), value (address, domain or filter
 * pattern) and mask (SUBNETMASK or IP6PFX text; NULL if none).  A non-zero
 * return from fn stops the walk.  Returns the number of entries seen, -1 on
 * error. */
typedef int qs_mailcfg_le_fn(const char *type, const char *value, const char *mask, void *arg);
int  qs_mailcfg_each_le(qs_mailcfg_le_fn *fn, void *arg, struct qs_err *err);
/* The filter type for "*FTRSUBJECT" etc., or -1; and back. */
int  qs_mailcfg_ftr_type(const char *name);
const char *qs_mailcfg_ftr_name(int type);

/* Is `domain` one of ours (hostname, its domain part, "localhost", *DOMAIN
 * entries, the directory's domains)?  Case-insensitive; a trailing dot is
 * NOT accepted. */
int  qs_mailcfg_is_local(const struct qs_mailcfg *c, const char *domain);
/* Is IPv4 `addr` (host order) in the list? */
int  qs_mailcfg_in_list(const struct qs_netmask *l, size_t n, uint32_t addr);
/* Is IPv6 `addr` (network order bytes) in the list? */
int  qs_mailcfg_in_list6(const struct qs_net6 *l, size_t n, const uint8_t addr[16]);

/* --- SMTP mailbox directory ---------------------------------------------- */
/* ADDUSRSMTP USRPRF(user) ALIAS(alias) DOMAIN(domain) */
int  qs_smtpdir_add(const char *usrprf, const char *alias, const char *domain,
                    struct qs_err *err);
/* WRKSMTPUSR: call fn for each entry of mail/smtpdir in the order added
 * (domain as stored: "*DFT" for the system's).  A non-zero return from fn
 * stops the walk.  Returns the number of entries seen, -1 on error. */
typedef int qs_smtpdir_fn(const char *usrprf, const char *alias, const char *domain, void *arg);
int  qs_smtpdir_each(qs_smtpdir_fn *fn, void *arg, struct qs_err *err);
/* RMVUSRSMTP: remove the directory entries of usrprf (CPF9898 if none). */
int  qs_smtpdir_remove(const char *usrprf, struct qs_err *err);
/* CHGUSRSMTP: make alias@domain the entry of usrprf; alias or domain NULL
 * keeps that part of its current entry (CPF9898 if it has none). */
int  qs_smtpdir_change(const char *usrprf, const char *alias, const char *domain,
                       struct qs_err *err);
/* Find the profile for alias@domain (domain must be local).  1 found (user_r
 * holds the profile name, upper case), 0 none, -1 error.  With DIRTYPE(*SDD)
 * the system distribution directory's SMTP names (ADDDIRE USRD … SMTP
 * user/domain, with a user profile) are searched instead of mail/smtpdir. */
int  qs_smtpdir_lookup(const struct qs_mailcfg *c, const char *alias,
                       const char *domain, char user_r[11], struct qs_err *err);
/* VFYID: does addr (alias@domain) belong to profile usrprf in the directory
 * DIRTYPE names?  1 yes, 0 no (unknown, other owner, or not a local domain),
 * -1 error. */
int  qs_mailcfg_sender_owned(const struct qs_mailcfg *c, const char *addr,
                             const char *usrprf, struct qs_err *err);
/* Days of e-mail tracking to keep for new mail: KEEPUNTIL, except 0 with
 * DIRTYPE(*SDD) -- IBM: KEEPUNTIL is valid only with *SMTP and *SMTPMSF. */
int  qs_mailcfg_track_days(const struct qs_mailcfg *c);
/* Charset name of a MIMECCSID value (819 → "ISO-8859-1"), NULL if none. */
const char *qs_mimeccsid_charset(int ccsid);
/* Reverse: the first alias@domain of a profile into out (for Return paths). */
int  qs_smtpdir_address(const char *usrprf, char *out, size_t outsz);

/* POP-before-SMTP: record a successful POP login from IPv4 addr (host
 * order) or IPv6 addr (network order), and test whether addr logged in
 * within `minutes`. */
int  qs_popwdw_note(uint32_t addr);
int  qs_popwdw_check(uint32_t addr, int minutes);
int  qs_popwdw_note6(const uint8_t addr[16]);
int  qs_popwdw_check6(const uint8_t addr[16], int minutes);

/* Replace every line of mail/<file> starting with `key` (a word, case
 * ignored) by `line`, or delete them when line is NULL; atomic, 0600.  For
 * other configuration files in mail/ (the SMTP client's smtpc.conf,
 * hostauth), whose owners validate the line. */
int qs_mailcfg_put_line(const char *file, const char *key, const char *line,
                        struct qs_err *err);

#endif
