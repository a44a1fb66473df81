/*
 * qsys/exitpgm/exitpgm.h - the registration facility for the Mail Server
 * Framework exit points (ADDEXITPGM, RMVEXITPGM, WRKREGINF) and the
 * contained call of an exit program.
 *
 * A registration names an exit point (QIBM_QZMFMSF_ADR_RSL …), its format
 * (MSFF0100 for the snap-in points, VDFF0100 for VLD_TYP, TCMM0100 for
 * TRK_CHG), a program number (the call order), a qualified IBM-style name
 * for display, and what to run: a shared object + symbol, or a CL program
 * source run by `qcl -x` (cl/callx.h).
 *
 * Calling: every call runs in a child process (fork), with the descriptors
 * in a shared anonymous mapping, and a time limit.  A program that crashes,
 * hangs, exits or returns garbage is reported (CPFAF95/96/97) and its result
 * ignored; the framework and the message are untouched.  The parent
 * re-parses whatever the child left in shared memory with the strict
 * descriptor parser before using any of it.
 *
 * Storage: $QSYS_ROOT/exitpgm/registry (key=value records, written
 * atomically under $QSYS_ROOT/exitpgm/lock).
 */
#ifndef QS_EXITPGM_H
#define QS_EXITPGM_H

#include <stddef.h>

struct qs_err;
struct qs_msf_ctx;
struct qs_msf_env;

#define QS_EXITPGM_MAX_REGS   1000
#define QS_EXITPGM_DFT_TIMEOUT 30    /* seconds per call */

enum qs_exitpgm_kind { QS_EXIT_SO = 0, QS_EXIT_CLPGM = 1 };

struct qs_exitpgm_reg {
    char exit_point[21];         /* "QIBM_QZMFMSF_ADR_RSL" */
    char format[9];              /* "MSFF0100" */
    int  pgmnbr;                 /* 1..2147483647 */
    char pgm[22];                /* "LIB/NAME" as shown by WRKREGINF */
    enum qs_exitpgm_kind kind;
    char path[4096];             /* .so or CL source */
    char symbol[128];            /* entry point in the .so */
    char text[51];               /* description */
    int  timeout;                /* seconds; 0 = default */
};

/* Known exit point?  Returns its one valid format, or NULL. */
const char *qs_exitpgm_point_format(const char *exit_point);
/* The 12 MSF exit point names, NULL-terminated. */
extern const char *const qs_exitpgm_points[];

/* ADDEXITPGM.  pgmnbr -1 = *LOW (first free from 1), -2 = *HIGH (after the
 * highest).  The number actually used goes to *pgmnbr_r (may be NULL). */
int qs_exitpgm_add(const struct qs_exitpgm_reg *r, int *pgmnbr_r, struct qs_err *err);
/* RMVEXITPGM by exit point + format + number. */
int qs_exitpgm_remove(const char *exit_point, const char *format, int pgmnbr,
                      struct qs_err *err);
/* WRKREGINF: registrations (of one point, or all if exit_point NULL),
 * ordered by exit point then program number.  free() *v_r. */
int qs_exitpgm_list(const char *exit_point, struct qs_exitpgm_reg **v_r, size_t *n_r,
                    struct qs_err *err);

/* Outcome of one contained call. */
struct qs_exitpgm_result {
    int rc;          /* the program's return code (snap-in: 0..3) */
    int ok;          /* 1: ran and returned normally */
    int crashed;     /* killed by a signal (the number in sig) */
    int sig;
    int timed_out;
};

/* Call one registered program for env at exit point reg->exit_point.
 * Recipient status changes the program made are applied to env unless it
 * returned BACKOUT (1) or failed.  Returns 0 when the program ran (result
 * in *res), -1 with CPFAF95 (crash), CPFAF96 (timeout) or CPFAF97 (could
 * not load / bad result) — *res tells which, env untouched. */
int qs_exitpgm_call(const struct qs_exitpgm_reg *reg, struct qs_msf_env *env,
                    const char *content_path, struct qs_exitpgm_result *res,
                    struct qs_err *err);

/*
 * Inside an exit program (the child process of a contained call): the call
 * in progress, for QzmfRtvMailMsg / QzmfChgMailMsg, which IBM allows only
 * there.  NULL outside an exit program.  note_change records one change for
 * the framework to apply after the program returns (not on BACKOUT):
 * "s <unique id> <status>\n" or "a <dist type> <address>\n".
 */
struct qs_exitpgm_cur {
    unsigned magic;
    char exit_point[21];
    char msg_id[33];
    struct qs_msf_env *env;      /* the child's copy of the message */
    const char *content;         /* content path given to the program */
    char *chg;                   /* change area (shared with the parent) */
    int *chg_len;
};
const struct qs_exitpgm_cur *qs_exitpgm_current(void);
int qs_exitpgm_note_change(const char *rec, size_t n);
/* The descriptors an exit program gets for env (ORGL0100, RCPL0100,
 * ATTL0100 "PATH" = content), built into b and relocated: returns the
 * number of attributes at b->data, or -1. */
struct qs_buf;
int qs_exitpgm_describe(const struct qs_msf_env *env, const char *content, struct qs_buf *b);
/* Apply the change records a program left (untrusted bytes p[0..n)) to env
 * (and, for added recipients, durably through ctx when ctx is not NULL). */
struct qs_exitpgm_reg;
void qs_exitpgm_apply_changes(const struct qs_exitpgm_reg *reg, struct qs_msf_ctx *ctx,
                              struct qs_msf_env *env, const char *p, size_t n);
/* May QzmfChgMailMsg add recipients at this exit point?  (LST_EXP, ADR_RSL) */
int qs_exitpgm_point_expands(const char *exit_point);

/* QIBM_QZMFMSF_TRK_CHG: tell every change-tracking program (TCMM0100)
 * that `changer` changed the message in ctx.  Return codes are logged only:
 * tracking never affects processing. */
void qs_exitpgm_track(struct qs_msf_ctx *ctx, const struct qs_exitpgm_reg *changer);

/* QIBM_QZMFMSF_VLD_TYP: call every validation program (VDFF0100) with the
 * descriptors p (QzmfCrtMailMsg/QzmfChgMailMsg, when a configured type is
 * present).  0 = all returned 0; -1 with CPFAF83 reason 60 when one
 * rejected (or could not run). */
struct qs_zmf_parsed;
int qs_exitpgm_validate(const char *msg_id, const struct qs_zmf_parsed *p, struct qs_err *err);

/* For the MSF runner: call every program registered at exit_point, in
 * program-number order, for the message in ctx.  Returns the snap-in code
 * to act on: QS_MSF_CONTINUE, or END_MSG / END_JOB from a program (BACKOUT
 * means "ignore my changes, continue").  Failed programs are logged and
 * skipped.  With no registration this costs one stat(). */
int qs_exitpgm_run_point(const char *exit_point, struct qs_msf_ctx *ctx, struct qs_err *err);

#endif
