/*
 * qsys/snads/snads.h - office distributions (SNADS): SNDDST, QRYDST, RCVDST,
 * DLTDST, distribution queues and CHGDSTA attributes.
 *
 * A distribution is identified by IBM's 20-character id (sender address
 * padded to 8, sender user ID padded to 8, a 4-digit sequence: "NEWYORK
 * SMITH   0204") plus an extension 1-99 that tells apart copies one recipient
 * got more than once.  Each local recipient (an SDD entry with MSFSRVLVL
 * *USRIDX) gets an incoming (*IN) record; the sender gets one outgoing (*OUT)
 * record listing every recipient with its status; mail that cannot be sent
 * lands in the sender's error (*ERR) log.  Internet recipients (TOINTNET) get
 * one MIME note that waits on distribution queue QSMTPQ and is handed to the
 * Mail Server Framework when the queue is released and sent.
 *
 * Storage, all under $QSYS_ROOT/snads/ (one exclusive lock file `lock`
 * serializes every change; every file is written with qs_file_write_atomic):
 *   attrs                          CHGDSTA attributes
 *   seq/<ADDR>.<USER>              last sequence number per sender
 *   in/<USER>.<ADDR>/<id>.<ext>    incoming distributions of a user
 *   out/<USER>.<ADDR>/<id>         outgoing log of a user
 *   err/<USER>.<ADDR>/<id>.<ext>   distributions in error of a user
 *   dstq/<QUEUE>/state             held flags (NORMAL, HIGH) of a queue
 *   dstq/<QUEUE>/<N|H>/<id>.<ext>  queued MIME notes
 * <id> is the distribution id with blanks written as '.'.
 *
 * Invariant: a call that fails changes nothing (validation happens before the
 * first write), and a call that returns 0 has everything on disk.
 */
#ifndef QS_SNADS_H
#define QS_SNADS_H

#include <stddef.h>
#include <time.h>

struct qs_err;
struct qs_buf;

#define QS_DSTID_LEN         20
#define QS_SNADS_MAX_RCPT    300     /* TOUSRID, TOINTNET */
#define QS_SNADS_MAX_LONGMSG 5000    /* LONGMSG characters */
#define QS_SNADS_MAX_MSG     256     /* MSG */
#define QS_SNADS_MAX_DSTD    44      /* DSTD */
#define QS_SNADS_MAX_SUBJECT 60
#define QS_SNADS_MAX_DLT     50      /* DLTDST ids */
#define QS_SNADS_KEEPRCP_MAX 1000    /* CHGDSTA KEEPRCP limit */
#define QS_SNADS_MAX_DOC     (16u * 1024 * 1024)  /* a FILE/DOC body */
#define QS_SNADS_MAX_INET    256     /* one Internet address */

enum qs_dst_type { QS_DST_MSG, QS_DST_LMSG, QS_DST_FILE, QS_DST_DOC, QS_DST_DSTID };
enum qs_dst_kind { QS_RCPT_PRI, QS_RCPT_CC, QS_RCPT_BCC };
enum qs_dst_sens { QS_SENS_NONE, QS_SENS_PERSONAL, QS_SENS_PRIVATE, QS_SENS_CONFIDENTIAL };
enum qs_dst_level { QS_LVL_NORMAL, QS_LVL_LOW, QS_LVL_HIGH };  /* IMPORTANCE, PTY */
enum qs_dst_log { QS_LOG_IN, QS_LOG_OUT, QS_LOG_ERR };

/* Status of an incoming distribution, and of one recipient in the outgoing
 * log.  NEW: not yet listed; OLD: listed, not opened; OPENED: received and
 * kept; LOCAL: delivered to a local user who has not opened it; REMOTE:
 * handed to the Mail Server Framework; QUEUED: waiting on a distribution
 * queue; DELETED: the recipient deleted it unopened; ERROR: not deliverable. */
enum qs_dst_status {
    QS_ST_NEW, QS_ST_OLD, QS_ST_OPENED, QS_ST_LOCAL, QS_ST_REMOTE,
    QS_ST_QUEUED, QS_ST_DELETED, QS_ST_ERROR
};

/* QRYDST STATUS filter values. */
enum qs_dst_filter {
    QS_FLT_ALL, QS_FLT_NEW, QS_FLT_OLD, QS_FLT_OPENED, QS_FLT_UNOPENED,
    QS_FLT_LOCAL, QS_FLT_REMOTE, QS_FLT_FILEPND, QS_FLT_DELETED, QS_FLT_DAMAGED
};

/* CHGDSTA KEEPRCP. */
enum qs_keeprcp { QS_KEEP_BCC, QS_KEEP_ALL, QS_KEEP_NONE };

const char *qs_dst_type_name(enum qs_dst_type t);        /* "*LMSG" */
int qs_dst_type_parse(const char *s, enum qs_dst_type *r);
const char *qs_dst_kind_name(enum qs_dst_kind k);        /* "*PRI" */
int qs_dst_kind_parse(const char *s, enum qs_dst_kind *r);
const char *qs_dst_sens_name(enum qs_dst_sens s);        /* "*PRIVATE" */
int qs_dst_sens_parse(const char *s, enum qs_dst_sens *r);
const char *qs_dst_level_name(enum qs_dst_level l);      /* "*HIGH" */
int qs_dst_level_parse(const char *s, enum qs_dst_level *r);
const char *qs_dst_status_name(enum qs_dst_status s);    /* "OPENED" */
int qs_dst_filter_parse(const char *s, enum qs_dst_filter *r);
const char *qs_keeprcp_name(enum qs_keeprcp k);
int qs_keeprcp_parse(const char *s, enum qs_keeprcp *r);

/* --- distribution identifier ------------------------------------------------ */

/* Build the 20-character id (plus NUL) from sender address, user, sequence. */
void qs_dstid_make(char out[QS_DSTID_LEN + 1], const char *addr, const char *user,
                   unsigned seq);
/* Normalize a user-typed id (upper-case, padded to 20, last 4 digits) into
 * out; -1 with CPF90A7 if it cannot be one. */
int qs_dstid_norm(const char *s, char out[QS_DSTID_LEN + 1], struct qs_err *err);

/* --- the execution context -------------------------------------------------- */

/* Where Internet-bound notes go: the Mail Server Framework.  `enqueue` must
 * return 0 only once the message is durable; -1 leaves it on its queue. */
struct qs_snads_msf {
    int  (*enqueue)(void *arg, const char *from, const char *const *rcpts,
                    size_t nrcpt, const char *data, size_t len, struct qs_err *err);
    void *arg;
};

/* The real hand-off: qs_msf_enqueue (origin SNADS). */
void qs_snads_msf_default(struct qs_snads_msf *m);

/* The running job: whose mail it is, and how to reach MSF (enqueue NULL:
 * Internet mail stays on its queue until a job that can reach MSF sends it). */
struct qs_snads_ctx {
    char user[9];            /* SDD user ID of the job's user */
    char addr[9];
    struct qs_snads_msf msf;
    time_t now;              /* 0: time(NULL) (tests pin it) */
    int behalf;              /* working on behalf of user/addr (GRTUSRPMN):
                                personal distributions are not shown, received
                                or sent */
};

/* --- CHGDSTA ---------------------------------------------------------------- */

struct qs_dsta {
    enum qs_keeprcp keeprcp;
    int usemsflcl;                /* USEMSFLCL(*YES) */
    char smtprte_user[9];         /* SMTPRTE; "" = *NONE */
    char smtprte_addr[9];
};

int qs_dsta_get(struct qs_dsta *r, struct qs_err *err);
/* Store a; the SMTPRTE entry (if any) must be in the SDD. */
int qs_dsta_set(const struct qs_dsta *a, struct qs_err *err);

/* --- SNDDST ----------------------------------------------------------------- */

struct qs_dst_to { char user[9]; char addr[9]; enum qs_dst_kind kind; };
struct qs_dst_inet { const char *addr; enum qs_dst_kind kind; };

struct qs_snddst_req {
    enum qs_dst_type type;
    const struct qs_dst_to *to;     size_t nto;
    const struct qs_dst_inet *inet; size_t ninet;
    const char *dstd;               /* description, may be NULL */
    const char *msg;                /* MSG; NULL = *NONE */
    const char *longmsg;            /* LONGMSG (*LMSG); NULL = *NONE */
    const char *subject;            /* LMSG details; NULL = DSTD */
    int cfmdel, personal;
    enum qs_dst_sens sensitiv;
    enum qs_dst_level importance, pty;
    const char *doc_path;           /* FILE/DOC: host file holding the data, or */
    const char *doc_data;           /* the data itself (a member, a folder document) */
    size_t doc_len;
    const char *doc_name;           /* name shown to the recipient; NULL = basename */
    const char *fwd_dstid;          /* *DSTID: an incoming id of the sender */
    int fwd_ext;                    /* 0 = *NONE */
};

/* Send; on success dstid_r holds the new id.  Nothing is written unless
 * every recipient and value is valid. */
int qs_snddst(struct qs_snads_ctx *ctx, const struct qs_snddst_req *req,
              char dstid_r[QS_DSTID_LEN + 1], struct qs_err *err);

/* --- the stored distribution ------------------------------------------------ */

struct qs_dst_rcpt {              /* a recipient as kept in a record */
    char user[9], addr[9];        /* local; "" for Internet */
    char *inet;                   /* Internet address or NULL */
    enum qs_dst_kind kind;
    enum qs_dst_status status;    /* *OUT log only */
    int confirmed;                /* CFMDEL confirmation arrived */
    time_t when;                  /* last status change */
};

struct qs_dst {
    char dstid[QS_DSTID_LEN + 1];
    int ext;                      /* 1-99; 0 in *OUT records */
    enum qs_dst_log log;
    enum qs_dst_type type;
    enum qs_dst_status status;    /* IN and ERR records */
    char from_user[9], from_addr[9];
    char *from_inet;              /* Internet originator (mail that came in by SMTP) */
    char owner_user[9], owner_addr[9];
    enum qs_dst_kind kind;        /* how the owner was addressed (*IN) */
    char *dstd, *msg, *longmsg, *subject, *doc_name, *errtext;
    char *doc; size_t doc_len;    /* FILE/DOC content */
    int cfmdel, personal;
    enum qs_dst_sens sensitiv;
    enum qs_dst_level importance, pty;
    time_t created;               /* sent */
    time_t received;              /* arrived (*IN) */
    struct qs_dst_rcpt *rcpt;     /* *OUT: all; *IN: as KEEPRCP allows */
    size_t nrcpt;
};

void qs_dst_free(struct qs_dst **d);
void qs_dst_list_free(struct qs_dst **v, size_t n);

/* --- QRYDST / RCVDST / DLTDST ----------------------------------------------- */

/* List user/addr's log (*IN or *OUT) filtered by status, oldest first.
 * *IN entries listed while NEW become OLD.  With dltsts and *OUT, listed
 * outgoing records whose recipients all reached a final status (OPENED,
 * DELETED, REMOTE, ERROR) are removed after listing. */
int qs_qrydst(struct qs_snads_ctx *ctx, const char *user, const char *addr,
              enum qs_dst_log log, enum qs_dst_filter flt, int dltsts,
              struct qs_dst ***v_r, size_t *n_r, struct qs_err *err);

struct qs_rcvdst_req {
    const char *dstid;
    int ext;                 /* 0 = *NONE: the only/lowest extension */
    int keep;                /* KEEP(*YES) */
    int ackrcv;              /* ACKRCV(*YES) */
    int only_dstid;          /* only DSTID was given: delete and confirm */
};
/* Receive one of ctx's incoming distributions: *d_r gets its content. */
int qs_rcvdst(struct qs_snads_ctx *ctx, const struct qs_rcvdst_req *req,
              struct qs_dst **d_r, struct qs_err *err);

struct qs_dltdst_id { const char *dstid; int ext; };
/* Delete up to 50 of ctx's distributions from one log; all or nothing. */
int qs_dltdst(struct qs_snads_ctx *ctx, enum qs_dst_log log,
              const struct qs_dltdst_id *ids, size_t n, struct qs_err *err);

/* Text listing (display/printer) of records, one line each plus a header. */
int qs_dst_format_list(struct qs_buf *out, enum qs_dst_log log,
                       struct qs_dst *const *v, size_t n);

/* OUTFILE: write records into an SQLite table (OSLIN for *IN, OSLOUT for
 * *OUT, and RCVDST's OSLRCV for one received distribution).  `replace`
 * empties the table first (OUTMBR *REPLACE). */
int qs_dst_outfile(const char *dbpath, const char *table, enum qs_dst_log log,
                   int rcv, struct qs_dst *const *v, size_t n, int replace,
                   struct qs_err *err);

/* RCVDST OUTDTATYP: which columns get values (the others are NULL; the
 * table keeps every column).  *DFT = DSTINFO|MSG|DOCD|SUBJECT, *ALL = all.
 * IBM's other values (*CRTDATE, *AUTHOR, *KWD ...) select nothing here:
 * qshim distributions do not carry those document details. */
#define QS_OUTDTA_DSTINFO 0x01u   /* id, sender, type, status, dates, flags */
#define QS_OUTDTA_MSG     0x02u   /* MSG, LONGMSG */
#define QS_OUTDTA_DOCD    0x04u   /* DSTD (the document description), DOCNAME */
#define QS_OUTDTA_SUBJECT 0x08u
#define QS_OUTDTA_DOC     0x10u   /* DOCNAME and the document bytes */
#define QS_OUTDTA_DFT     0x0Fu
#define QS_OUTDTA_ALL     0x1Fu
int qs_dst_outfile_sel(const char *dbpath, const char *table, enum qs_dst_log log, int rcv,
                       unsigned sel, struct qs_dst *const *v, size_t n, int replace,
                       struct qs_err *err);

/* --- distribution queues ---------------------------------------------------- */

#define QS_DSTQ_SMTP "QSMTPQ"

struct qs_dstq_info {
    char name[11];
    char type[8];                 /* *SNADS, *SVDS, *RPDS */
    char rmtloc[9];
    int held_normal, held_high;
    size_t n_normal, n_high;
};

/* HLDDSTQ / RLSDSTQ: pty QS_LVL_NORMAL or QS_LVL_HIGH.  CPF8802 for an
 * unknown queue.  Releasing sends what waits (via ctx->msf, if set). */
int qs_dstq_hold(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                 struct qs_err *err);
int qs_dstq_release(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                    struct qs_err *err);
/* SNDDSTQ: send what waits now.  CPF8816 if that priority is held; CPF8812
 * if MSF cannot be reached (the notes stay queued).  *sent_r counts sent. */
int qs_dstq_send(struct qs_snads_ctx *ctx, const char *q, enum qs_dst_level pty,
                 size_t *sent_r, struct qs_err *err);
/* WRKDSTQ: QSMTPQ first, then the ADDDSTQ queues by name. */
int qs_dstq_list(struct qs_dstq_info **v_r, size_t *n_r, struct qs_err *err);
/* ADDDSTQ: CPF90AD if it exists.  RMVDSTQ: CPF8802 unknown, CPF90AE for
 * QSMTPQ or a queue that still holds distributions. */
int qs_dstq_add(const char *q, const char *type, const char *rmtloc, const char *text,
                struct qs_err *err);
int qs_dstq_remove(const char *q, struct qs_err *err);

#endif
