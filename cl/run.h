/*
 * cl/run.h - running commands: the environment a command runs in.
 *
 * A struct qs_cl_env is one job's command environment: where listings and
 * messages go, the message queue of the current call level (for RCVMSG and
 * MONMSG), the variables of the running CL program (if any).  qcl, QCMDEXC
 * and the CL program interpreter each make one and run commands in it.
 */
#ifndef QS_CL_RUN_H
#define QS_CL_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "cl/cmd.h"
#include "cl/parse.h"

struct qs_err;

enum qs_cl_msgtype { QS_CL_MSG_COMP, QS_CL_MSG_DIAG, QS_CL_MSG_INFO, QS_CL_MSG_ESCAPE,
                     QS_CL_MSG_NOTIFY, QS_CL_MSG_STATUS };

/* One message on a call level's queue (what RCVMSG reads). */
struct qs_cl_msg {
    enum qs_cl_msgtype type;
    char               id[8];     /* "" for an impromptu message */
    char              *text;      /* first-level text, substituted */
    unsigned char     *data;      /* replacement data */
    size_t             data_len;
    char               msgf[21];  /* "QCPFMSG   *LIBL     " */
    struct qs_cl_msg  *next;
};

struct qs_cl_msgq {
    struct qs_cl_msg *head, *tail;
    size_t            n;
};

struct qs_cl_frame;   /* a running CL program (pgm_*.c) */

struct qs_cl_env {
    FILE               *out;          /* listings */
    FILE               *diag;         /* messages shown to the user (stderr), NULL = none */
    int                 show_comp;    /* show *COMP and *INFO messages on diag */
    struct qs_cl_msgq  *msgq;         /* current call level's queue, never NULL */
    struct qs_cl_msgq   top;          /* the command level's queue */
    struct qs_cl_frame *frame;        /* running CL program, NULL at command level */
    unsigned            depth;        /* CALL nesting */
    struct qs_cl_pos    pos;          /* where the last error was found */
    char                cmdname[11];  /* last command run */
};

void qs_cl_env_init(struct qs_cl_env *env, FILE *out, FILE *diag);
void qs_cl_env_free(struct qs_cl_env *env);

/* Queue a message on the current call level (and show it if asked).
 * vals: replacement values, NULL-terminated.  text overrides the formatted
 * text (impromptu messages, id "") when not NULL. */
void qs_cl_msg_send(struct qs_cl_env *env, struct qs_cl_msgq *q, enum qs_cl_msgtype type,
                    const char *msgid, const char *text, const unsigned char *data,
                    size_t data_len);
/* Queue the message held in err (type as given). */
void qs_cl_msg_send_err(struct qs_cl_env *env, enum qs_cl_msgtype type, const struct qs_err *err);
void qs_cl_msgq_clear(struct qs_cl_msgq *q);
/* Take the newest/oldest message off q (caller frees with qs_cl_msg_free). */
struct qs_cl_msg *qs_cl_msgq_take(struct qs_cl_msgq *q, int last);
void qs_cl_msg_free(struct qs_cl_msg **m);

/*
 * Run one command given as text.  On failure returns -1 with err holding the
 * escape message: for a command that failed validation the CPD diagnostic is
 * queued (and shown) first, env->pos says where, and err is CPF0001 "Error
 * found on &1 command" (or CPD0030 diag + CPF0001 for an unknown command).
 * rv resolves &variables (NULL outside CL programs).
 */
int qs_cl_run_text(struct qs_cl_env *env, const char *text, size_t len,
                   const struct qs_cl_resolver *rv, struct qs_err *err);
/* Same for an already parsed statement. */
int qs_cl_run_stmt(struct qs_cl_env *env, const struct qs_cl_stmt *st,
                   const struct qs_cl_resolver *rv, struct qs_err *err);

/* Show err on env->diag as "MSGID: text" with the position when known. */
void qs_cl_show(struct qs_cl_env *env, const char *what, const struct qs_err *err);

#endif
