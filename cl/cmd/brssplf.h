/*
 * cl/cmd/brssplf.h - the CL side of a BRSSPLF address exit program.
 */
#ifndef QS_CL_CMD_BRSSPLF_H
#define QS_CL_CMD_BRSSPLF_H

struct qs_cl_env;

/* `qcl --burst-exit PGM key part`: call CL program PGM ("LIB/PGM" or
 * "PGM") with PARM(&KEY *CHAR 256, &KEYLEN *INT 4, &PART *INT 4,
 * &ADDR *CHAR 256, &PASSWORD *CHAR 128) and print "ADDR=..." and
 * "PASSWORD=..." lines.  0, or 1 after showing the program's escape
 * message on the diagnostic stream. */
int qs_brssplf_exit_main(struct qs_cl_env *env, const char *pgm, const char *key, const char *part);

#endif
