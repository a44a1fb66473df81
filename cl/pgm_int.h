/*
 * cl/pgm_int.h - inside the CL program interpreter (cl/pgm_*.c only).
 *
 * A program is compiled once into a flat array of ops with resolved jump
 * targets (IF/ELSE, DO loops, SELECT, GOTO, LEAVE/ITERATE, MONMSG groups),
 * then run by a small loop over the ops with one frame of variables.
 *
 * Variables keep IBM's storage: *CHAR n bytes blank-padded, *DEC packed
 * decimal of (len+1)/2 bytes... exactly QS_PACKED_LEN(len), *LGL one byte
 * '0'/'1', *INT or *UINT 2, 4 or 8 bytes native.  Arithmetic is done on scaled
 * 128-bit integers, so *DEC keeps exact decimal semantics: excess decimals
 * are truncated on assignment, excess integer digits are MCH1210.
 */
#ifndef QS_CL_PGM_INT_H
#define QS_CL_PGM_INT_H

#include <stddef.h>

#include "cl/parse.h"
#include "cl/pgm.h"
#include "cl/run.h"
#include "qsys/base/buf.h"

struct qs_err;

#define QS_CL_MAX_VARS     1000u
#define QS_CL_MAX_CHAR_VAR 32767u
#define QS_CL_MAX_DEC      31u
#define QS_CL_MAX_SUBR_DEPTH 99u
#define QS_CL_MAX_LOOPS    1000000000ull   /* ops per program run, against runaway loops */

enum qs_cl_vt { QS_CL_VT_CHAR, QS_CL_VT_DEC, QS_CL_VT_LGL, QS_CL_VT_INT, QS_CL_VT_UINT };

struct qs_cl_var {
    char           name[12];   /* without '&', upper case */
    enum qs_cl_vt  type;
    unsigned       len;        /* CHAR bytes; DEC digits; INT/UINT bytes */
    unsigned       dec;        /* DEC decimals */
    unsigned char *data;
    size_t         size;       /* bytes of data */
};

/* A declared variable (compile time). */
struct qs_cl_decl {
    struct qs_cl_var v;        /* data NULL */
    char            *init;     /* VALUE(...) expression text or NULL */
    unsigned         line;
};

/* Expression values. */
enum qs_cl_xt { QS_CL_X_CHAR, QS_CL_X_NUM, QS_CL_X_LGL };
struct qs_cl_xval {
    enum qs_cl_xt t;
    struct qs_buf s;           /* CHAR */
    __int128      n;           /* NUM: value * 10^scale */
    int           scale;
    int           b;           /* LGL */
};

/* Variables of a running program, for expressions and &substitution. */
struct qs_cl_vars {
    struct qs_cl_var *v;
    size_t            n;
};

struct qs_cl_var *qs_cl_vars_find(const struct qs_cl_vars *vs, const char *name, size_t len);

void qs_cl_xval_init(struct qs_cl_xval *x);
void qs_cl_xval_free(struct qs_cl_xval *x);
/* Evaluate expression text. 0, or -1 with err (CPD0751-style syntax error,
 * MCH1211 divide by zero, MCH1210 overflow, MCH0603 substring range). */
int  qs_cl_eval(const struct qs_cl_vars *vs, const char *expr, size_t len,
                struct qs_cl_xval *r, struct qs_err *err);
/* Evaluate and append the result as command text (numbers "-1.50"). */
int  qs_cl_eval_text(const struct qs_cl_vars *vs, const char *expr, size_t len,
                     struct qs_buf *out, struct qs_err *err);
/* Read a variable into an expression value. */
int  qs_cl_var_get(const struct qs_cl_var *v, struct qs_cl_xval *r, struct qs_err *err);
/* Store an expression value into a variable with CHGVAR's conversions. */
int  qs_cl_var_put(struct qs_cl_var *v, const struct qs_cl_xval *x, struct qs_err *err);
/* Store text (a returned value, a qcl -f parameter) with conversion. */
int  qs_cl_var_put_text(struct qs_cl_var *v, const char *s, size_t n, struct qs_err *err);
/* The value as command text (&substitution): CHAR as is, DEC "-12.50", LGL '0'/'1'. */
int  qs_cl_var_text(const struct qs_cl_var *v, struct qs_buf *out, struct qs_err *err);
/* Format a number value with `scale` decimals, no leading zeros ("-0.50"). */
void qs_cl_num_text(__int128 n, int scale, struct qs_buf *out);

/* --- compiled programs --------------------------------------------------- */

enum qs_cl_opk {
    QS_CL_OP_CMD,      /* run st (any command)                         */
    QS_CL_OP_CHGVAR,   /* a = target text, b = value expression        */
    QS_CL_OP_JF,       /* a = condition; jump to target when false     */
    QS_CL_OP_JUMP,     /* jump to target                               */
    QS_CL_OP_GOTO,     /* a = label; resolved to JUMP at link time     */
    QS_CL_OP_MONMSG,   /* normal flow skips to target; see pgm_run.c   */
    QS_CL_OP_RESUME,   /* end of a program-level MONMSG EXEC           */
    QS_CL_OP_FORINIT,  /* a = var, b = FROM expression                 */
    QS_CL_OP_FORTEST,  /* a = var, b = TO expression, by; jump when done */
    QS_CL_OP_FORSTEP,  /* a = var, by                                  */
    QS_CL_OP_RETURN,
    QS_CL_OP_CALLSUBR, /* a = subroutine, b = RTNVAL variable or NULL    */
    QS_CL_OP_RTNSUBR   /* a = RTNVAL expression or NULL                  */
};

struct qs_cl_op {
    enum qs_cl_opk     k;
    unsigned           line;
    const struct qs_cl_stmt *st;   /* statement (owned by the program) */
    char              *a, *b;      /* texts as described above (owned) */
    long long          by;
    size_t             target;
    size_t             mon;        /* CMD/CHGVAR: first MONMSG op, 0 = none */
    char             (*ids)[8];    /* MONMSG ids */
    size_t             nids;
    char              *cmpdta;     /* MONMSG CMPDTA or NULL */
};

struct qs_cl_prog {
    char               name[11];
    char              *dir;        /* directory of the source file, for CALL */
    struct qs_cl_stmt **st;        /* every parsed statement (owned) */
    size_t             nst, capst;
    struct qs_cl_op   *op;
    size_t             nop, capop;
    struct qs_cl_decl *decl;
    size_t             ndecl;
    char             (*parm)[12];  /* PGM PARM variable names */
    size_t             nparm;
    size_t            *pgmmon;     /* program-level MONMSG op indexes */
    size_t             npgmmon;
    struct qs_cl_subr {
        char   name[11];
        size_t op;
    }                 *subr;       /* subroutines and where their bodies start */
    size_t             nsubr;
};

/* Compile source; on error err holds the CPD message and pos the place. */
int  qs_cl_prog_compile(const char *name, const char *src, size_t len,
                        struct qs_cl_prog **r, struct qs_cl_pos *pos, struct qs_err *err);
void qs_cl_prog_free(struct qs_cl_prog **p);

/* A running program. */
struct qs_cl_frame {
    const struct qs_cl_prog *p;
    struct qs_cl_vars        vars;
    struct qs_cl_frame      *up;
    int                      escape_to_caller;  /* SNDPGMMSG *ESCAPE was sent */
};

/* Run a compiled program with arguments by reference (CALL) or as text. */
int qs_cl_prog_run(struct qs_cl_env *env, const struct qs_cl_prog *p,
                   const struct qs_cl_argref *args, size_t nargs,
                   const char *const *texts, size_t ntexts, struct qs_err *err);

/* Find program `name` in `lib` (or *LIBL) for CALL: a registered C entry
 * point, a *PGM object holding CL source, or <name>.clp beside the caller. */
int qs_cl_call_program(struct qs_cl_env *env, const char *lib, const char *name,
                       const struct qs_cl_argref *args, size_t nargs, struct qs_err *err);

#endif
