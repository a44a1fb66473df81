/*
 * qshburst.h - Burst a spooled file and mail the parts (a qshim extension;
 * IBM i has no such API, so the names are qshim's: Qsh prefix).
 *
 * QshBurstSplf splits one spooled file into parts (every N pages, or when a
 * key at a line/column or after a key string changes), looks up each part's
 * e-mail address (in the spooled data, in a CSV mapping file, or through an
 * exit function), writes one PDF per part (AES-256 encrypted with the
 * part's password when asked) and queues one mail per part through the
 * same back end as QtmsCreateSendEmail.  Parts without an address are
 * written as a new spooled file on the error output queue and the rest
 * proceeds.  A durable log under $QSYS_ROOT/burst/ makes a rerun after a
 * crash mail nothing twice and miss nothing.  See docs/burst.md.
 *
 * Errors (Qus_EC_t, or an escape message when errcode is NULL / 0 bytes):
 *   BRS0101 key never found     BRS0103 the spooled file has no pages
 *   BRS0104 mapping file unusable  BRS0106 exit function not loadable
 *   BRS0107 the run log belongs to another plan   BRS0108 run in progress
 *   CPF3303 spooled file not found, CPF3357 error queue not found,
 *   TCP530F the user has no SMTP address.
 * Nothing is mailed when any of these is reported before the first part.
 */
#ifndef QSHBURST_h
#define QSHBURST_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

/* split */
#define QSH_BURST_PAGES   0      /* every pages_per_part pages            */
#define QSH_BURST_KEYPOS  1      /* value at key_line/key_col/key_len     */
#define QSH_BURST_KEYSTR  2      /* word after key_string                 */

/* addr_from */
#define QSH_BURST_ADDR_DATA 0    /* at addr_line/addr_col/addr_len        */
#define QSH_BURST_ADDR_MAP  1    /* CSV: key,address[,password]           */
#define QSH_BURST_ADDR_EXIT 2    /* exit function, see Qsh_Burst_Exit_t   */

/* The exit function ("/path/lib.so:symbol"): given the part's key, fill
 * addr (NUL-terminated, < 257 bytes) and optionally password (< 128
 * bytes); return 0 when found, 1 when the key has no address. */
typedef int Qsh_Burst_Exit_t(const char *key, char *addr, char *password);

typedef struct Qsh_Burst_Progress {
    unsigned    part, parts;      /* part just finished (1-based), total  */
    unsigned    mailed, already, errors;
    const char *key;
} Qsh_Burst_Progress_t;

typedef struct Qsh_Burst_Opts {
    const char *file;             /* spooled file name, e.g. "QSYSPRT"    */
    const char *job, *user, *jobnbr;  /* NULL or "*": the current job      */
    int         splnbr;           /* number, -1 *LAST, 0 *ONLY             */
    int         split;            /* QSH_BURST_*                           */
    unsigned    pages_per_part;
    unsigned    key_line, key_col, key_len;   /* key_len 0: to end of line */
    const char *key_string;
    int         addr_from;        /* QSH_BURST_ADDR_*                      */
    unsigned    addr_line, addr_col, addr_len;
    const char *map_path;         /* CSV mapping file                      */
    const char *exit_pgm;         /* "/path/lib.so:symbol"                 */
    const char *subject;          /* templates: &KEY &PART &PARTS &PAGES   */
    const char *note;             /*   &FIRST &ADDR &FILE (UTF-8)          */
    const char *pdf_name;         /* attachment name template; NULL "&FILE-&KEY.pdf" */
    int         encrypt;          /* 1: AES-256 with the part's password   */
    const char *errq, *errq_lib;  /* NULL: QGPL/QBRSERR (created on use)   */
    void      (*progress)(void *arg, const Qsh_Burst_Progress_t *p);
    void       *progress_arg;
} Qsh_Burst_Opts_t;

typedef struct Qsh_Burst_Result {
    unsigned pages, parts;
    unsigned mailed;              /* queued by this call                    */
    unsigned already;             /* queued by an earlier (crashed) run     */
    unsigned errors;              /* parts put on the error queue           */
    int      errq_splnbr;         /* number of that spooled file, 0 if none */
} Qsh_Burst_Result_t;

#ifdef __cplusplus
extern "C" {
#endif
void QshBurstSplf(const Qsh_Burst_Opts_t *opts, Qsh_Burst_Result_t *result, void *errcode);
#ifdef __cplusplus
}
#endif

#endif
