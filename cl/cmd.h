/*
 * cl/cmd.h - CL commands defined as data, and what a command handler sees.
 *
 * HOW TO ADD A COMMAND (the whole recipe; see docs/cl.md for examples)
 *
 *   1. Create cl/cmd/<cmd>.c (lower-case command name).  It includes only
 *      "cl/cmd.h" and the layers your handler needs.
 *   2. Describe the parameters in positional order as a static const array
 *      of struct qs_cl_parm (designated initializers), nested arrays for
 *      qualified names (QS_CL_QUAL) and mixed-list elements (QS_CL_ELEMS).
 *   3. Write the handler: static int <cmd>_run(struct qs_cl_call *c,
 *      struct qs_err *err).  It reads arguments with qs_cl_str / qs_cl_int /
 *      qs_cl_qual / qs_cl_arg + qs_cl_val_* (defaults are already applied,
 *      types, lengths, ranges and allowed values already checked), writes
 *      listings to c->out, sends completion messages with qs_cl_comp(), and
 *      returns 0, or -1 with `err` set to the escape message (an IBM id
 *      described in your module's .msgs file).
 *   4. Define the command with QS_CL_COMMAND(<cmd>) = { ... };  at file scope.
 *      The build collects every QS_CL_COMMAND(...) line of the cl/cmd/ sources into
 *      the command table (tools/gen_cl_cmdtab.sh); there is no list to edit.
 *      The identifier must be the command name in lower case.
 *
 *   static const struct qs_cl_parm dtaara_q[] = {
 *       { .type = QS_CL_NAME, .len = 10, .prompt = "Data area" },
 *       { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL",
 *         .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"), .prompt = "Library" },
 *   };
 *   static const struct qs_cl_parm parms[] = {
 *       { .kwd = "DTAARA", .type = QS_CL_NAME, QS_CL_QUAL(dtaara_q),
 *         .flags = QS_CL_REQUIRED, .prompt = "Data area" },
 *       { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 5, .flags = QS_CL_REQUIRED,
 *         .rstd = QS_CL_VALUES("*DEC", "*CHAR", "*LGL"), .prompt = "Type" },
 *       { .kwd = "LEN", .type = QS_CL_DEC, .len = 5, .dec = 0, .min = 1, .max = 2000 },
 *       { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
 *         .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE },
 *   };
 *   static int crtdtaara_run(struct qs_cl_call *c, struct qs_err *err) {
 *       const char *lib = qs_cl_qual(c->args, "DTAARA", 1);  // "*LIBL" if omitted
 *       ...
 *   }
 *   QS_CL_COMMAND(crtdtaara) = { .name = "CRTDTAARA", .text = "Create Data Area",
 *       QS_CL_PARMS(parms), .run = crtdtaara_run };
 *
 * Try it: `qcl 'CRTDTAARA ?'` prints the prompt made from the definition.
 *
 * Invariants the parser guarantees before a handler runs: every required
 * parameter is present; each value has the declared type, length, digits and
 * range or is one of the allowed special/single values (upper-cased unless it
 * was quoted or the parameter is QS_CL_MIXED_CASE); lists hold at most
 * max_rep items.  A command that fails validation is not run.
 */
#ifndef QS_CL_CMD_H
#define QS_CL_CMD_H

#include <stddef.h>
#include <stdio.h>

struct qs_err;

enum qs_cl_type {
    QS_CL_CHAR = 0, /* character value, up to len bytes */
    QS_CL_NAME,     /* IBM name (A-Z $ # @ first; then also 0-9 _ .), up to len */
    QS_CL_GENERIC,  /* *NAME or generic name ABC* */
    QS_CL_PNAME,    /* path name, up to len bytes, case kept */
    QS_CL_DEC,      /* packed decimal: len digits, dec of them decimals */
    QS_CL_INT2,     /* signed 2-byte integer */
    QS_CL_INT4,     /* signed 4-byte integer */
    QS_CL_LGL,      /* logical: '0' or '1' */
    QS_CL_DATE,     /* date: 6-8 digits (YYMMDD, CYYMMDD, YYYYMMDD) */
    QS_CL_TIME,     /* time: hhmmss */
    QS_CL_CMDSTR,   /* a command string (IF THEN, MONMSG EXEC): kept raw */
    QS_CL_EXPR,     /* a CL expression (CHGVAR VALUE, IF COND): kept raw */
    QS_CL_VARNAME   /* a CL variable name &X (CL program statements) */
};

/* qs_cl_parm.flags */
#define QS_CL_REQUIRED   0x01u  /* must be given (MIN(1)) */
#define QS_CL_MIXED_CASE 0x02u  /* unquoted values keep their case (CASE(*MIXED)) */
#define QS_CL_KEYWORD    0x04u  /* may not be given positionally */
#define QS_CL_PGMONLY    0x08u  /* (commands) valid only in a CL program */

/*
 * One parameter, or one element of a mixed list, or one qualifier part.
 * Zero-initialised fields mean "none".
 */
struct qs_cl_parm {
    const char             *kwd;      /* parameter keyword; NULL for elements/parts */
    enum qs_cl_type         type;
    unsigned                len;      /* max length; *DEC: total digits */
    unsigned                dec;      /* *DEC: decimal positions */
    long long               min, max; /* numeric range, used when min < max */
    const char             *dft;      /* default as it would be typed: "*LIBL", "(*ALL)", "'x'" */
    const char *const      *spcval;   /* special values allowed besides typed values */
    const char *const      *sngval;   /* single values: allowed only alone, not in a list */
    const char *const      *rstd;     /* restricted: ONLY these values (RSTD(*YES)) */
    const struct qs_cl_parm *qual;    /* qualifier parts: [0] object, [1] library … */
    unsigned                nqual;
    const struct qs_cl_parm *elem;    /* mixed-list elements, in order */
    unsigned                nelem;
    unsigned                max_rep;  /* > 1: a list of up to max_rep items (MAX) */
    unsigned                flags;    /* QS_CL_REQUIRED … */
    const char             *prompt;   /* prompt text */
};

#define QS_CL_VALUES(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define QS_CL_N(a)        (sizeof(a) / sizeof((a)[0]))
#define QS_CL_QUAL(a)     .qual = (a), .nqual = QS_CL_N(a)
#define QS_CL_ELEMS(a)    .elem = (a), .nelem = QS_CL_N(a)
#define QS_CL_PARMS(a)    .parms = (a), .nparms = QS_CL_N(a)

struct qs_cl_call;
typedef int (*qs_cl_handler)(struct qs_cl_call *c, struct qs_err *err);

struct qs_cl_cmd {
    const char              *name;     /* "CRTDTAARA" */
    const char              *text;     /* "Create Data Area" */
    const struct qs_cl_parm *parms;    /* positional order */
    unsigned                 nparms;
    unsigned                 maxpos;   /* positional limit; 0 = all parameters */
    unsigned                 flags;    /* QS_CL_PGMONLY */
    /* Special authorities the caller's profile must have (QS_SPCAUT_* bits
     * of qsys/usrprf/usrprf.h, all of them), checked after the arguments
     * bind and before run; a job without them gets spcaut_msgid (one
     * *CHAR 10 field: the command name).  0 = no restriction. */
    unsigned                 spcaut;
    const char              *spcaut_msgid;
    /* OUTPUT(*PRINT): what the handler writes to c->out becomes a spooled
     * file (text, CCSID 1208, QGPL/QPRINT) of this printer file, user data
     * the command name, once the handler succeeds.  NULL = QSYSPRT. */
    const char              *prtf;
    qs_cl_handler            run;
};

/* Define a command; the build registers it.  Use exactly at line start:
 *     QS_CL_COMMAND(crtdtaara) = { ... };                                   */
#define QS_CL_COMMAND(id) const struct qs_cl_cmd qs_cl_cmd_##id

/* --- parsed arguments --------------------------------------------------- */

/*
 * A parsed value.  Scalars have text; qualified names, mixed lists and lists
 * have items:
 *   scalar          str = the value, count = 0
 *   qualified name  str = object part, item(0) object, item(1) library …
 *   mixed list      item(i) = element i (each a value of its own kind)
 *   list (max_rep)  item(i) = the i-th repetition; a single value such as
 *                   *NONE given instead of a list: str = "*NONE", count = 0
 * Numbers are kept as their normalised text ("-12.50" for DEC(5 2)).
 */
struct qs_cl_val;
struct qs_cl_args;

/* The value of parameter kwd (default applied); NULL only for an unknown kwd. */
const struct qs_cl_val *qs_cl_arg(const struct qs_cl_args *a, const char *kwd);
/* Was kwd given by the caller (not defaulted)? */
int         qs_cl_given(const struct qs_cl_args *a, const char *kwd);
/* Scalar text of kwd ("" if absent); for a qualified name, the object part. */
const char *qs_cl_str(const struct qs_cl_args *a, const char *kwd);
/* Numeric value of kwd, truncated toward zero for DEC (0 if absent). */
long long   qs_cl_int(const struct qs_cl_args *a, const char *kwd);
/* DEC value scaled by its decimals: "12.50" with dec 2 gives 1250. */
long long   qs_cl_dec_scaled(const struct qs_cl_args *a, const char *kwd);
/* Part `part` of a qualified name: 0 object, 1 library ("" if absent). */
const char *qs_cl_qual(const struct qs_cl_args *a, const char *kwd, unsigned part);
/* Is kwd's scalar value equal to s (case-insensitive)? */
int         qs_cl_is(const struct qs_cl_args *a, const char *kwd, const char *s);

int                     qs_cl_val_given(const struct qs_cl_val *v);
const char             *qs_cl_val_str(const struct qs_cl_val *v);
size_t                  qs_cl_val_len(const struct qs_cl_val *v);
unsigned                qs_cl_val_count(const struct qs_cl_val *v);
const struct qs_cl_val *qs_cl_val_item(const struct qs_cl_val *v, unsigned i); /* NULL past end */
long long               qs_cl_val_int(const struct qs_cl_val *v);
int                     qs_cl_val_is(const struct qs_cl_val *v, const char *s);

/* --- the call ----------------------------------------------------------- */

struct qs_cl_env;   /* the running job / CL program; opaque to handlers */

struct qs_cl_call {
    const struct qs_cl_cmd  *cmd;
    const struct qs_cl_args *args;
    FILE                    *out;   /* listings (DSP*, WRK* output); never NULL;
                                       with OUTPUT(*PRINT) a spooled file (prtf) */
    struct qs_cl_env        *env;
};

/* Send a completion (*COMP) message for this command: goes to the caller's
 * message queue and the job log, and is shown by interactive qcl.
 * vals: replacement values as for qs_err_set, NULL-terminated. */
void qs_cl_comp(struct qs_cl_call *c, const char *msgid, ...);
/* Same, informational (*INFO). */
void qs_cl_info(struct qs_cl_call *c, const char *msgid, ...);

/*
 * Return variables (RTVxxx RTNVAR(&X), RCVMSG MSG(&M)): declare the parameter
 * with .type = QS_CL_VARNAME and store into the CL variable it names.  The
 * value is converted to the variable's type as CHGVAR would (text to *DEC
 * must be a number).  Does nothing when kwd was not given; CPD0031 outside
 * a CL program (flag such commands QS_CL_PGMONLY).
 */
int qs_cl_var_set(struct qs_cl_call *c, const char *kwd, const char *val, size_t len,
                  struct qs_err *err);

/* --- the command table -------------------------------------------------- */

/* Look a command up by name (case-insensitive); NULL when unknown. */
const struct qs_cl_cmd *qs_cl_cmd_find(const char *name, size_t len);
/* i-th command in name order, NULL past the end. */
const struct qs_cl_cmd *qs_cl_cmd_at(size_t i);
size_t                  qs_cl_cmd_count(void);

/* Print the command's prompt (parameters, types, defaults, allowed values). */
void qs_cl_prompt_print(const struct qs_cl_cmd *cmd, FILE *out);

#endif
