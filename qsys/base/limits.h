/*
 * qsys/base/limits.h - every size limit qshim enforces, in one place.
 *
 * A reader of untrusted input (network, files, spool data, API parameters)
 * takes its bound from here, so that a reviewer can see at a glance what the
 * largest accepted thing is.  Values follow IBM's documented limits where
 * IBM has one, RFC 5321 §4.5.3 / RFC 1939 for the wire protocols.
 */
#ifndef QS_BASE_LIMITS_H
#define QS_BASE_LIMITS_H

#define QS_MAX_TEXT_FILE      (256u * 1024 * 1024) /* one stream file read whole */
#define QS_MAX_OBJECT_SIZE    (64u * 1024 * 1024)  /* one object's payload     */
#define QS_MAX_MSG_TEXT       (32u * 1024)         /* message text, 1st+2nd level */
#define QS_MAX_MSG_DATA       32767u               /* replacement data (Qus_EC_t) */
#define QS_MAX_CL_COMMAND     (64u * 1024)         /* one CL command string      */
#define QS_MAX_CL_PROGRAM     (4u * 1024 * 1024)   /* one CL program source      */
#define QS_MAX_CL_NEST        32u                  /* nested parentheses in a command */
#define QS_MAX_CL_PARMS       512u                 /* parameters/values written in one command */
#define QS_MAX_CL_CALL_DEPTH  64u                  /* nested CALLs of CL programs */
#define QS_MAX_PATH           4096u                /* host path                  */
#define QS_MAX_IFS_PATH_API   255u                 /* QTMM_MAX_FILENAME_LENGTH   */
#define QS_MAX_SMTP_ADDR      256u                 /* QTMM_MAX_SMTP_ADDR_LENGTH  */
#define QS_MAX_SMTP_LINE      1000u                /* RFC 5321 §4.5.3.1.6 text line */
#define QS_MAX_DNS_LABEL      63u                  /* RFC 1035 §2.3.4, in octets  */
#define QS_MAX_SMTP_CMDLINE   512u                 /* RFC 5321 §4.5.3.1.4        */
#define QS_MAX_SMTP_RCPTS     1000u                /* per transaction            */
#define QS_MAX_POP_CMDLINE    255u                 /* RFC 2449 §4                */
#define QS_MAX_MAIL_MSG       (1024u * 1024 * 1024) /* one queued mail message  */
#define QS_MSF_SPARE_MAX      512u                 /* used queue files kept for reuse, per process */
#define QS_MSF_SPARE_KEEP     (64u * 1024)         /* ... no larger than this    */
#define QS_MAX_LOG_FIELD      200u                 /* client data quoted in logs */
#define QS_MAX_RBL_ZONE       200u                 /* one DNSBL zone name (RBLSVR) */
#define QS_MAX_RBL_ZONES      8u                   /* DNSBL zones checked per connection */
#define QS_MAX_POP_SIZES      (64u * 1024 * 1024)  /* a mailbox's qshim-pop.sizes file */
#define QS_PWCACHE_MAX        256u                 /* sign-ons remembered in memory (pwcache.h) */
#define QS_PWCACHE_TTL        600                  /* seconds one is good for    */
#define QS_MAX_FTRDATA        255u                 /* one ADDSMTPLE FTRDATA pattern (UNCONFIRMED IBM length) */

#endif
