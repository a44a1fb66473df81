/*
 * qsys/job/job.h - the job: who this process is, and its messages.
 *
 * Every process is one job, started lazily by qs_job_current(): it gets a
 * name (the program name), a user (the profile from qs_usrprf_current) and
 * a 6-digit number taken durably from a counter under the root, a library
 * list, a QTEMP library (removed when the job ends) and a job log.
 *
 * Messages: a program message is sent to a call-stack entry's message queue
 * (qs_job_push_pgm/pop keep the stack) and always also lands in the job
 * log.  Receivers take messages off their own queue (RCVMSG); MONMSG uses
 * qs_msgid_matches() for IBM's generic ids (CPF0000, CPF9800).
 *
 * The job log is a file per job, $QSYS_ROOT/joblog/<number>-<user>-<name>.log,
 * one record per message; it stays after the job ends (as a QPJOBLOG would).
 */
#ifndef QS_JOB_JOB_H
#define QS_JOB_JOB_H

#include <stddef.h>
#include <time.h>

#include "qsys/obj/obj.h"

struct qs_err;
struct qs_buf;

#define QS_JOB_CCSID_NATIVE 0      /* C strings are ASCII/UTF-8 (default) */
#define QS_JOB_MAX_STACK    64     /* call-stack depth tracked for messages */
#define QS_JOB_MAX_QUEUED   1024   /* messages kept per program queue */

enum qs_msgtype {
    QS_MSG_INFO, QS_MSG_COMP, QS_MSG_DIAG, QS_MSG_ESCAPE, QS_MSG_NOTIFY,
    QS_MSG_STATUS, QS_MSG_INQ, QS_MSG_RQS,
};

/* One message as sent and as kept in a queue / the job log. */
struct qs_jobmsg {
    char            msgid[8];    /* "" for an impromptu message */
    enum qs_msgtype type;
    int             severity;
    time_t          when;
    long            usec;
    char            from_pgm[QS_NAME_LEN + 1];
    char            to_pgm[QS_NAME_LEN + 1];
    unsigned char  *data;        /* replacement data (or the impromptu text) */
    size_t          data_len;
    char           *text;        /* first-level text, substituted */
    unsigned        key;         /* message key, unique in the job */
};

struct qs_job {
    char          name[QS_NAME_LEN + 1];
    char          user[QS_NAME_LEN + 1];
    char          number[7];
    unsigned      spcaut;          /* of the user, for authority checks */
    int           ccsid;           /* QS_JOB_CCSID_NATIVE or e.g. 37 */
    struct qs_libl libl;
    char         *qtemp;           /* host directory of QTEMP */
    char         *joblog;          /* host path of the job log */
    /* call stack of program names; [0] is the job's own entry */
    size_t        depth;
    char          stack[QS_JOB_MAX_STACK][QS_NAME_LEN + 1];
    /* program message queues, one list per stack entry */
    struct qs_jobmsg *q[QS_JOB_MAX_STACK];
    size_t        qn[QS_JOB_MAX_STACK];
    unsigned      next_key;
};

/* The job of this process, started on first call (NULL with err set when it
 * cannot be started, e.g. QSHIM_USER names a profile that does not exist). */
struct qs_job *qs_job_current(struct qs_err *err);
/* End the current job now: QTEMP removed, state freed (also run at exit). */
void qs_job_end(void);

/* Allocate the next job number (000001..999999, wraps) durably. */
int qs_job_next_number(char out[7], struct qs_err *err);

/* CHGJOB CCSID(): 0 (native) or a CCSID 1..65534; 65535 means native too. */
int qs_job_set_ccsid(struct qs_job *j, int ccsid, struct qs_err *err);
/* 1 if API character parameters arrive in EBCDIC in this job. */
int qs_job_is_ebcdic(const struct qs_job *j);

/* Authority of the job's user on an object (CPF9802 if short of `need`). */
int qs_job_check_aut(const struct qs_job *j, const struct qs_objdesc *d, enum qs_aut need,
                     struct qs_err *err);

/* Call stack: entering and leaving a "program" (CL program, API, C main). */
int qs_job_push_pgm(struct qs_job *j, const char *pgm);
void qs_job_pop_pgm(struct qs_job *j);

/* Message ids: generic match as MONMSG does (CPF0000 all CPF, CPF9800 all
 * CPF98xx, CPF9801 exactly).  Also accepts an exact match for anything. */
int qs_msgid_matches(const char *pattern, const char *msgid);
const char *qs_msgtype_name(enum qs_msgtype t);   /* "Escape", "Information" … */
int qs_msgtype_parse(const char *s, enum qs_msgtype *t_r);  /* "*ESCAPE" … */

/*
 * QMHSNDPM-like: send a program message.  msgid "" (or NULL) with data as
 * the text sends an impromptu message.  to_pgm: "*" = the current entry,
 * "*PRV" = its caller, "*EXT" = only the job log; `counter` skips that many
 * further entries up the stack.  The message is written to the job log and
 * queued on the target entry; its key is stored in *key_r when not NULL.
 */
int qs_job_sndpgmmsg(struct qs_job *j, const char *msgid, const void *data, size_t len,
                     enum qs_msgtype type, const char *to_pgm, int counter,
                     unsigned *key_r, struct qs_err *err);
/* Send a qs_err as a message of `type` (its id and data). */
int qs_job_send_err(struct qs_job *j, const struct qs_err *e, enum qs_msgtype type,
                    const char *to_pgm, struct qs_err *err);

/* RCVMSG from the current entry's queue: the newest message of `type`
 * (or any type when type < 0), removed when `remove`.  Returns 1 with *m_r
 * filled (caller frees with qs_jobmsg_free), 0 when none. */
int qs_job_rcvmsg(struct qs_job *j, int type, int remove, struct qs_jobmsg *m_r);
void qs_jobmsg_free(struct qs_jobmsg *m);

/* DSPJOBLOG: append the IBM-like listing of a job log to out.  job_number
 * NULL = the current job; otherwise a 6-digit number of any job.
 * second_level adds each message's cause/recovery text. */
int qs_joblog_format(struct qs_job *j, const char *job_number, int second_level,
                     struct qs_buf *out, struct qs_err *err);
/* DSPMSGD: IBM-like "Display Formatted Message Text" for a QCPFMSG id
 * (CPF2419 "Message identifier &1 not found" when unknown). */
int qs_msgd_format(const char *msgid, struct qs_buf *out, struct qs_err *err);

#endif
