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

struct qs_cl_frame;   /* a running CL program (pgm_*.c) */

struct qs_job;

struct qs_cl_env {
    FILE               *out;          /* listings */
    FILE               *diag;         /* messages shown to the user (stderr), NULL = none */
    int                 show_comp;    /* show *COMP and *INFO messages at command level */
    struct qs_job      *job;          /* the job (messages, job log); NULL if it could not start */
    struct qs_cl_frame *frame;        /* running CL program, NULL at command level */
    unsigned            depth;        /* CALL nesting */
    unsigned long long  ops, max_ops; /* ops run by CL programs; limit (0 = none) */
    struct qs_cl_pos    pos;          /* where the last error was found */
    char                cmdname[11];  /* last command run */
    char                last_diag[160]; /* last validation diagnostic, with its place */
    int                 validation_failed; /* the last command failed validation */
    /* optional: commands this environment may run (fuzzing, sandboxes);
     * others fail with CPD0031 */
    int               (*allow)(const struct qs_cl_cmd *cmd);
};

void qs_cl_env_init(struct qs_cl_env *env, FILE *out, FILE *diag);
void qs_cl_env_free(struct qs_cl_env *env);

/*
 * Send a program message of `type` (enum qs_msgtype of qsys/job/job.h) to
 * `to` ("*" the running program, "*PRV" its caller, "*EXT" the job log
 * only): it lands in the job log and on that program's queue.  Messages that
 * reach the command level are shown on env->diag (*COMP and *INFO only when
 * env->show_comp).  msgid "" or NULL with data = the text: impromptu.
 */
void qs_cl_send(struct qs_cl_env *env, int type, const char *to, const char *msgid,
                const void *data, size_t len);
/* Send the message held in err. */
void qs_cl_send_err(struct qs_cl_env *env, int type, const char *to, const struct qs_err *err);

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

/* QCMDEXC semantics: run cmd[0..len); a validation failure is CPF0006. */
int qs_cl_qcmdexc(struct qs_cl_env *env, const char *cmd, size_t len, struct qs_err *err);

/* Show err on env->diag as "MSGID: text" with the position when known. */
void qs_cl_show(struct qs_cl_env *env, const char *what, const struct qs_err *err);

#endif
