/*
 * cl/pgm.h - CL programs: compile CL source once, run it in a job.
 *
 * A CL program is a source file (.clp) of PGM ... ENDPGM with DCL, CHGVAR,
 * IF/ELSE, DO loops, GOTO, MONMSG, CALL and any command; see docs/cl.md.
 * Parameters arrive as text (qcl -f) or by reference (CALL from another CL
 * program), as on IBM i.
 */
#ifndef QS_CL_PGM_H
#define QS_CL_PGM_H

#include <stddef.h>

struct qs_cl_env;
struct qs_err;

/* A parameter passed by reference: the callee's variable shares the
 * caller's storage (len bytes at data). */
struct qs_cl_argref {
    unsigned char *data;
    size_t         len;
};

/* Run the program in `path` with text parameters (qcl -f). */
int qs_cl_pgm_run_file(struct qs_cl_env *env, const char *path, const char *const *parms,
                       size_t nparms, struct qs_err *err);
/* Run the program in `path` with parameters passed by reference, as CALL
 * does (qcl -x: an MSF exit program); changed values are copied back. */
int qs_cl_pgm_run_file_refs(struct qs_cl_env *env, const char *path,
                            const struct qs_cl_argref *args, size_t nargs, struct qs_err *err);
/* Run CL source held in memory; `name` names it in messages. */
int qs_cl_pgm_run_source(struct qs_cl_env *env, const char *name, const char *src, size_t len,
                         const char *const *parms, size_t nparms, struct qs_err *err);

/* A C program callable with CALL PGM(name): IBM's main(argc, argv) shape,
 * argv[1..] pointing at the parameters' storage (by reference).  Returns 0,
 * or nonzero to end in error (the caller gets CPF9898). */
typedef int (*qs_cl_entry)(int argc, char *argv[]);
/* Register (or replace) a C entry point under an IBM program name.
 * 0, or -1 when the name is not valid or the table (64) is full. */
int qs_cl_pgm_register(const char *name, qs_cl_entry fn);

/* Limits of one run, for tests and fuzzing: 0 = unlimited. */
void qs_cl_pgm_set_op_limit(struct qs_cl_env *env, unsigned long long max_ops);

#endif
