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
 *   BRS0109 parts failed in the exit program (result filled; rerun)
 *   CPF9812 mapping database file not found, SQL0206 field not in it
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
/* the templates may also use &NAME: the name field of a database map */

/* addr_from */
#define QSH_BURST_ADDR_DATA 0    /* at addr_line/addr_col/addr_len        */
#define QSH_BURST_ADDR_MAP  1    /* mapping table: CSV file or database   */
#define QSH_BURST_ADDR_EXIT 2    /* exit program, see Qsh_Burst_Exit_t    */

/* The address exit in a shared object ("/path/lib.so:symbol"), called once
 * per part with IBM's by-reference parameter list:
 *   key       CHAR(256) input   the part's key, blank padded
 *   key_len   BINARY(4) input   its length
 *   part      BINARY(4) input   the part number (1-based)
 *   addr      CHAR(256) output  the e-mail address
 *   addr_len  BINARY(4) output  its length; 0: no address (error queue)
 *   password  CHAR(128) output  the PDF password (ENCRYPT)
 *   pw_len    BINARY(4) output  its length
 *   errcode   Qus_EC_t  i/o     set Bytes_Available > 0 (and an
 *                               Exception_Id) when the lookup failed:
 *                               the part is not sent now and a rerun
 *                               retries it
 * The call runs in a child process with a time limit: a crash or a hang
 * fails the part the same way.  A CL program is called as
 *   PGM PARM(&KEY &KEYLEN &PART &ADDR &PASSWORD)
 *   (*CHAR 256, *INT 4, *INT 4, *CHAR 256, *CHAR 128)
 * and fails the part with an escape message.  See docs/burst.md. */
typedef void Qsh_Burst_Exit_t(const char *key, const int *key_len, const int *part, char *addr,
                              int *addr_len, char *password, int *pw_len, void *errcode);

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
    const char *map_path;         /* CSV file path, or database file
                                     "LIB/FILE" / "FILE" (*LIBL)            */
    const char *exit_pgm;         /* "/path/lib.so:symbol" or "LIB/PGM"    */
    const char *subject;          /* templates: &KEY &PART &PARTS &PAGES   */
    const char *note;             /*   &FIRST &ADDR &FILE (UTF-8)          */
    const char *pdf_name;         /* attachment name template; NULL "&FILE-&KEY.pdf" */
    int         encrypt;          /* 1: AES-256 with the part's password   */
    const char *errq, *errq_lib;  /* NULL: QGPL/QBRSERR (created on use)   */
    void      (*progress)(void *arg, const Qsh_Burst_Progress_t *p);
    void       *progress_arg;
    /* database mapping file: field names; NULL: KEY, ADDRESS, none, none */
    const char *map_key_field, *map_addr_field, *map_pw_field, *map_name_field;
} Qsh_Burst_Opts_t;

typedef struct Qsh_Burst_Result {
    unsigned pages, parts;
    unsigned mailed;              /* queued by this call                    */
    unsigned already;             /* queued by an earlier (crashed) run     */
    unsigned errors;              /* parts put on the error queue           */
    int      errq_splnbr;         /* number of that spooled file, 0 if none */
    unsigned failed;              /* exit program failed: not sent, a rerun
                                     retries them (BRS0109 is reported)     */
} Qsh_Burst_Result_t;

#ifdef __cplusplus
extern "C" {
#endif
void QshBurstSplf(const Qsh_Burst_Opts_t *opts, Qsh_Burst_Result_t *result, void *errcode);
#ifdef __cplusplus
}
#endif

#endif
