/*
 * cl/callx.h - call a CL program with parameters by reference from the
 * command line and read back what it returned: `qcl -x`.
 *
 * This is how a C host contains a CL exit program: it runs
 * `qcl -x TARGET spec ...` in a child process and reads the exit status
 * and stdout.  Both exit program callers use it: the MSF exit points
 * (qsys/exitpgm/call.c) and the BRSSPLF address exit (api/burst_exit.c).
 *
 *   TARGET     a CL source file (as qcl -f), or `-p [LIB/]PGM`: a program
 *              found as CALL finds it (*PGM object, C entry, <pgm>.clp)
 *   cN:text    CHAR(N), 1-32767, the text blank-padded or truncated
 *   TAG=cN:text  the same; after the call its value is printed on stdout
 *              as a line "TAG=value" (trailing blanks trimmed, control
 *              characters shown as '?'), in the order of the specs;
 *              TAG is upper-case letters, digits and '_'
 *   i:n        Binary(4) with value n
 *   r          Binary(4) return code, 0 on entry (at most one)
 *
 * Exit status: the return code (0-99, else 100) when `r` was given, else
 * 0; 125 when the program ended in error (its message on stderr); 2 for
 * bad specs.
 */
#ifndef QS_CL_CALLX_H
#define QS_CL_CALLX_H

struct qs_cl_env;

/* argv: TARGET spec ... (or -p PGM spec ...), argc entries.  Returns the
 * exit status described above. */
int qs_cl_callx_main(struct qs_cl_env *env, char **argv, int argc);

#endif
