/*
 * qsys/msf/msf.h - the Mail Server Framework: durable queue and pipeline.
 *
 * Every message qshim handles - from an SMTP client, from QtmmSendMail /
 * QzmfCrtMailMsg, from SNADS, or a non-delivery report - enters MSF here as
 * an envelope (originator, recipients with per-recipient status, DSN
 * parameters, where it came from) plus a content file (the RFC 5322 message,
 * CRLF line ends), and is acknowledged only once both are on disk.
 *
 * Producers:
 *   qs_msf_enqueue()            whole message in memory, returns when durable
 *   qs_msf_draft_*()            streaming: open, append, seal, commit
 *                               (commit shares fsyncs with concurrent
 *                               committers of the same process: group commit)
 *
 * The runner (qs_msf_run_*; program qmsfd = STRMSF NBRMSFJOB(n)) takes each
 * committed message through the stage table (the snap-in exit points
 * QIBM_QZMFMSF_ADR_RSL, _SEC_AUT, _LCL_DEL, _MSG_FWD, _NON_DEL): resolve every
 * recipient through the SMTP directory, deliver local ones into the user's
 * Maildir, hand remote ones to the outbound queue, and report failures to the
 * originator (RFC 3464).
 *
 * Outbound hand-off (consumed by the SMTP client snap-in, qsys/sendmail):
 *   qs_msf_remote_claim()       take the next due remote job (locked)
 *   qs_msf_remote_finish()      report per-recipient outcome; MSF writes the
 *                               NDR for failures and keeps deferred ones
 *
 * Invariants (see docs/msf.md for the on-disk layout and the crash argument):
 *   - a message whose enqueue returned 0 is delivered to each recipient
 *     exactly once, whatever crash happens afterwards;
 *   - a message whose enqueue did not return 0 is either absent or delivered
 *     (never half-written);
 *   - envelope values never contain CR, LF or NUL (rejected on input).
 */
#ifndef QS_MSF_MSF_H
#define QS_MSF_MSF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct qs_err;

/* Qzmf_Msg_Id_t is char[32] of A-Z 0-9; ours are exactly 32 of them. */
#define QS_MSF_ID_LEN 32

/* Where a message came from (the envelope's "origin"). */
enum qs_msf_origin {
    QS_MSF_ORIGIN_SMTP = 0,   /* the SMTP server                         */
    QS_MSF_ORIGIN_API  = 1,   /* QtmmSendMail, QzmfCrtMailMsg, SNDSMTPEMM */
    QS_MSF_ORIGIN_SNADS = 2,  /* SNDDST and the SNADS bridge             */
    QS_MSF_ORIGIN_NDR  = 3    /* a non-delivery report MSF made itself   */
};

/* Recipient status, IBM's codes (QZMF.H: 1 forwarded, 2 ignore, 3 local,
 * 4 non-delivery, 5 security violation, -1 reprocess) plus 0 = not yet
 * processed and 6 = handed to the outbound queue, waiting for its verdict. */
enum qs_msf_rstat {
    QS_MSF_RS_PENDING   = 0,
    QS_MSF_RS_FORWARDED = 1,  /* delivered to a remote server            */
    QS_MSF_RS_IGNORE    = 2,
    QS_MSF_RS_LOCAL     = 3,  /* delivered into a local mailbox          */
    QS_MSF_RS_NONDEL    = 4,  /* failed; an NDR was (or will be) sent    */
    QS_MSF_RS_SECURITY  = 5,
    QS_MSF_RS_REMOTE    = 6,  /* waiting in the outbound queue           */
    QS_MSF_RS_REPROCESS = -1
};

/* Distribution type (QZMF: 0 normal, 1 CC, 2 BCC). */
enum qs_msf_dist { QS_MSF_TO = 0, QS_MSF_CC = 1, QS_MSF_BCC = 2 };

/* RFC 3461 NOTIFY bits; 0 = not given (default: FAILURE). */
#define QS_MSF_NOTIFY_NEVER   1u
#define QS_MSF_NOTIFY_SUCCESS 2u
#define QS_MSF_NOTIFY_FAILURE 4u
#define QS_MSF_NOTIFY_DELAY   8u

struct qs_msf_rcpt {
    char    *addr;      /* RFC 5321 path without <>, e.g. "bob@example.com" */
    char    *orcpt;     /* DSN ORCPT value as given (xtext), or NULL       */
    unsigned notify;    /* QS_MSF_NOTIFY_* bits                            */
    int      dist;      /* enum qs_msf_dist                                */
    int      status;    /* enum qs_msf_rstat (runner/outbound fill it)      */
    char    *diag;      /* diagnostic for status NONDEL, e.g. "5.1.1 ..."  */
    char    *user;      /* resolved local user profile, or NULL            */
    int      dsn;       /* transient (not stored): enum qs_msf_dsn_action to
                         * report for this recipient in this run          */
};

struct qs_msf_env {
    char     id[QS_MSF_ID_LEN + 1];
    int      origin;         /* enum qs_msf_origin                           */
    char    *from;           /* reverse path without <>; "" = null sender    */
    char    *envid;          /* DSN ENVID (xtext) or NULL                    */
    int      ret_hdrs;       /* DSN RET=HDRS (1) or FULL/unspecified (0)     */
    int      body8bit;       /* BODY=8BITMIME given                          */
    int      utf8;           /* SMTPUTF8 given (RFC 6531): addresses and
                                header fields may hold UTF-8                 */
    char    *client_addr;    /* SMTP: peer IP; API: NULL                     */
    char    *client_helo;    /* SMTP: HELO/EHLO argument                     */
    char    *auth_user;      /* SMTP AUTH identity, or API job user          */
    int      tls;            /* received over TLS                            */
    int64_t  received;       /* time(2) of acceptance                        */
    uint64_t size;           /* content bytes                                */
    uint32_t crc;            /* crc32 of the content                         */
    int      ftr_released;   /* released from the filter quarantine: the
                                content filters are not applied again        */
    char    *ftr_hit;        /* quarantine: which filter matched what        */
    int      attempts;       /* outbound: delivery attempts so far           */
    int64_t  next_try;       /* outbound: not before this time(2)            */
    size_t   nrcpt;
    struct qs_msf_rcpt *rcpt;
};

/* --- envelope building (all strings are copied) ------------------------- */
void qs_msf_env_init(struct qs_msf_env *e);
void qs_msf_env_clear(struct qs_msf_env *e);       /* frees, re-inits */
/* Set a string field (&e->from etc.); s may be NULL. Fails on CR/LF/NUL
 * or length above QS_MAX_SMTP_ADDR*4. 0 or -1 with err. */
int qs_msf_env_set(char **field, const char *s, struct qs_err *err);
/* Append a recipient; returns its index, or -1 (bad address, too many). */
int qs_msf_env_add_rcpt(struct qs_msf_env *e, const char *addr, int dist,
                        unsigned notify, const char *orcpt, struct qs_err *err);
/* Serialise / parse the on-disk text form (docs/msf.md). parse: 0 or -1. */
struct qs_buf;
int qs_msf_env_format(const struct qs_msf_env *e, struct qs_buf *out);
int qs_msf_env_parse(const char *p, size_t n, struct qs_msf_env *e, struct qs_err *err);

/* --- producing messages ----------------------------------------------- */
struct qs_msf_draft;

/* Start a message: creates the content temp file. */
int qs_msf_draft_open(struct qs_msf_draft **d_r, struct qs_err *err);
/* Append content bytes (the caller has already normalised line ends to
 * CRLF and undone dot-stuffing). Fails past `max` total bytes with
 * CPF9898 "message too large" and errno E2BIG. */
int qs_msf_draft_write(struct qs_msf_draft *d, const void *p, size_t n, struct qs_err *err);
uint64_t qs_msf_draft_size(const struct qs_msf_draft *d);
/* Write the envelope (env->id, size and crc are filled in) and move both
 * files into the queue; not yet durable and not yet visible to the runner. */
int qs_msf_draft_seal(struct qs_msf_draft *d, struct qs_msf_env *env, struct qs_err *err);
/* Make n sealed drafts durable and hand them to the runner.  Concurrent
 * callers in one process share their fsyncs: one becomes the leader and
 * syncs everything pending.  Returns 0 when all n are durable. */
int qs_msf_draft_commit(struct qs_msf_draft **d, size_t n, struct qs_err *err);
/* Did commit make this draft durable?  (A batch may fail only in part.) */
int qs_msf_draft_committed(const struct qs_msf_draft *d);
/* Message id of a sealed draft. */
const char *qs_msf_draft_id(const struct qs_msf_draft *d);
/* Discard (any state before commit) and free; *d = NULL. NULL is fine. */
void qs_msf_draft_free(struct qs_msf_draft **d);

/* All of the above for a message held in memory.  id_r (may be NULL)
 * receives the 32-character id.  Returns only after the message is durable. */
int qs_msf_enqueue(struct qs_msf_env *env, const void *content, size_t len,
                   char id_r[QS_MSF_ID_LEN + 1], struct qs_err *err);

/* The same under a caller-chosen id (32 of 0-9A-F), at most once: 1 when a
 * message with that id is in the queue already (nothing is done), else as
 * qs_msf_enqueue.  For messages derived from another one (reports), whose
 * id is then derived too: redoing the step after a crash finds the first
 * copy, or -- once that was delivered -- delivers under the same mailbox
 * file name again, which the mailbox ignores. */
int qs_msf_enqueue_once(struct qs_msf_env *env, const void *content, size_t len,
                        const char id[QS_MSF_ID_LEN + 1], struct qs_err *err);

/* Hook called after every commit (same process), e.g. to wake a runner. */
void qs_msf_set_commit_hook(void (*fn)(void *), void *arg);

/* --- the runner --------------------------------------------------------- */

/* Context a stage sees for one message. */
struct qs_msf_ctx {
    struct qs_msf_env *env;
    const char        *content_path;   /* queue content file              */
    void              *run;            /* the runner (opaque)             */
};

/* Snap-in return codes (QZMF.H). */
enum { QS_MSF_CONTINUE = 0, QS_MSF_BACKOUT = 1, QS_MSF_END_JOB = 2, QS_MSF_END_MSG = 3 };

/* One exit point: IBM's name and the program run there.  The default table
 * is qs_msf_default_stages; qsys/api's user exit programs insert entries. */
struct qs_msf_stage {
    const char *exit_point;              /* "QIBM_QZMFMSF_ADR_RSL" ...      */
    int (*fn)(struct qs_msf_ctx *ctx, struct qs_err *err);
};
extern const struct qs_msf_stage qs_msf_default_stages[];
extern const size_t qs_msf_default_nstages;

/*
 * Content changes by exit programs (ENL_PSS, ATT_CNV, MSG_FWD; called by
 * qsys/exitpgm).  work_copy makes a private writable copy of the content
 * (path in *path_r; 1 = no runner behind ctx, nothing made); the program
 * edits it; work_commit replaces the queued content with it atomically and
 * exactly once (1 = changed, 0 = unchanged, -1 = refused: not a regular
 * file, too large) — tag names the change ("<exit point>/<pgmnbr>") and
 * tag_done says whether it was already applied before a crash.  abort
 * throws the copy away (BACKOUT, crash).
 */
int  qs_msf_ctx_work_copy(struct qs_msf_ctx *c, struct qs_buf *path_r, struct qs_err *err);
int  qs_msf_ctx_work_commit(struct qs_msf_ctx *c, const char *tag, struct qs_err *err);
void qs_msf_ctx_work_abort(struct qs_msf_ctx *c);
int  qs_msf_ctx_tag_done(struct qs_msf_ctx *c, const char *tag);
/* A recipient added by an exit program (QzmfChgMailMsg at LST_EXP/ADR_RSL):
 * recorded durably in st/<id> ("a <dist> <addr>") and replayed after a
 * crash; an address already present is not added twice.  0 or -1. */
int  qs_msf_ctx_add_rcpt(struct qs_msf_ctx *c, const char *addr, int dist, struct qs_err *err);

struct qs_msf_runner;
struct qs_msf_run_opts {
    int nbrmsfjob;        /* worker threads, 1-99 (STRMSF NBRMSFJOB, dft 3) */
    int once;             /* process what is there, then return            */
    const struct qs_msf_stage *stages;  /* NULL = default table            */
    size_t nstages;
};
/* Recover the queue (drafts of dead processes, half-moved messages), then
 * start the workers.  STRMSF. */
int qs_msf_run_start(struct qs_msf_runner **r_r, const struct qs_msf_run_opts *o,
                     struct qs_err *err);
/* Wake the workers now (a new message was committed). Thread-safe. */
void qs_msf_run_kick(struct qs_msf_runner *r);
/* ENDMSF: immed=0 finishes the messages in hand, 1 stops at the next stage
 * boundary.  Frees the runner; *r = NULL. */
void qs_msf_run_stop(struct qs_msf_runner **r, int immed);
/* Process every due message once in the calling thread (tests, qmsfd -1). */
int qs_msf_run_once(const struct qs_msf_run_opts *o, struct qs_err *err);
/* Queue recovery alone (called by run_start/run_once). */
int qs_msf_recover(struct qs_err *err);

/* --- outbound hand-off (queue/remote/) ---------------------------------- */
struct qs_msf_remote_job {
    struct qs_msf_env env;      /* only the remote recipients, status 6      */
    char *content_path;         /* read-only; valid until finish()          */
    int   lock_fd;              /* private                                  */
    char *env_path;             /* private                                  */
};
/* Claim the next job whose next_try has come.  1 = *job_r filled (free with
 * qs_msf_remote_finish), 0 = nothing due, -1 = error. */
int qs_msf_remote_claim(struct qs_msf_remote_job **job_r, struct qs_err *err);
/* The outbound snap-in sets each job->env.rcpt[i].status to FORWARDED
 * (delivered), NONDEL (permanent failure, with diag) or REMOTE (deferred),
 * then calls finish: failures get an NDR, deferred recipients are kept with
 * next_try = retry_at; the job is freed and *job_r = NULL. */
int qs_msf_remote_finish(struct qs_msf_remote_job **job_r, int64_t retry_at,
                         struct qs_err *err);
/* Count of jobs waiting (for WRKSMTPEMM QUEUE(*PND) and tests). */
size_t qs_msf_remote_count(void);

/* --- non-delivery reports ----------------------------------------------- */
/* Enqueue an RFC 3464 report to env->from for the recipients whose status
 * is NONDEL (to the postmaster/NONDELIVERY mailbox when env->from is the
 * null sender).  content_path (may be NULL) supplies the returned headers. */
int qs_msf_ndr_send(const struct qs_msf_env *env, const char *content_path,
                    struct qs_err *err);

/* RFC 3464 Action values a delivery status notification reports. */
enum qs_msf_dsn_action {
    QS_MSF_DSN_NONE      = 0,
    QS_MSF_DSN_FAILED    = 1,   /* status NONDEL (qs_msf_ndr_send)          */
    QS_MSF_DSN_DELAYED   = 2,   /* still being retried                       */
    QS_MSF_DSN_DELIVERED = 3,   /* into a local mailbox                      */
    QS_MSF_DSN_RELAYED   = 4    /* handed to a next hop without DSN support  */
};
/*
 * Enqueue an RFC 3464 report of kind QS_MSF_DSN_DELAYED or _DELIVERED (which
 * covers _RELAYED too) to env->from, for the recipients whose transient
 * `dsn` field holds that action and whose NOTIFY asked for it (DELAY /
 * SUCCESS must be given explicitly, NEVER suppresses everything).  Nothing
 * is sent for a null sender.  Returns the number of recipients reported, or
 * -1.  Failures go through qs_msf_ndr_send.
 */
int qs_msf_dsn_send(const struct qs_msf_env *env, const char *content_path, int kind,
                    struct qs_err *err);

/* --- queue inspection -------------------------------------------------- */
/* WRKSMTPEMM buckets: *MSF (in the MSF queue), *PND (waiting for the first
 * outbound attempt), *RTY (outbound, retried at least once). */
enum qs_msf_bucket { QS_MSF_Q_MSF = 0, QS_MSF_Q_PND = 1, QS_MSF_Q_RTY = 2,
                     QS_MSF_Q_DLV = 3,   /* tracked: delivered (local or remote)  */
                     QS_MSF_Q_ERR = 4 }; /* tracked: undeliverable (NDR sent)      */
/* Call fn for each queued message (envelope with statuses applied where
 * known); fn returns nonzero to stop.  Returns the count, or -1. */
int qs_msf_list(int (*fn)(const struct qs_msf_env *e, int bucket, void *arg), void *arg,
                struct qs_err *err);
/* Number of messages committed and not yet finished by the runner. */
size_t qs_msf_queue_count(void);

/* --- tracking (CHGSMTPA KEEPUNTIL) and cold start (msf_track.c) ---------- */
/* Keep the final statuses of e as a tracking record (appended to today's
 * file) when keepuntil (days) > 0.  Not fsynced.  0 or -1. */
int qs_msf_track_note(const struct qs_msf_env *e, int keepuntil);
/* Remove tracking day files last written more than keepuntil days before
 * now (all when 0); returns how many files were removed. */
int qs_msf_track_expire(int keepuntil, time_t now);
/* Call fn once per tracked message and bucket (QS_MSF_Q_DLV, QS_MSF_Q_ERR)
 * with only that bucket's recipients.  Returns the calls made, or -1. */
int qs_msf_track_list(int (*fn)(const struct qs_msf_env *e, int bucket, void *arg), void *arg,
                      struct qs_err *err);
/* COLDSTART / MSGOPT(*CLEAR): destroy every message in the MSF queue. */
int qs_msf_coldstart(struct qs_err *err);

#endif
