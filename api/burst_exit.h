/*
 * api/burst_exit.h - a burst part's address from a user exit program:
 * a C function in a shared object (Qsh_Burst_Exit_t, <qshburst.h>) or a
 * CL program run by qcl.  Every call is contained: it runs in a child
 * process with a time limit, so an exit that crashes, hangs or ends in
 * error fails only that part.  Internal to api/ (and cl/).
 */
#ifndef QS_API_BURST_EXIT_H
#define QS_API_BURST_EXIT_H

struct qs_err;
struct qs_buf;
struct qs_burst_exit;

#define QS_BURST_EXIT_TIMEOUT 60         /* seconds per call                 */
#define QS_BURST_EXIT_MAX_OUT (64u * 1024) /* bytes read back from a CL exit */

/* spec "/path/lib.so:symbol" (C) or "LIB/PGM", "*LIBL/PGM", "PGM" (a CL
 * program, CRTCLPGM).  A shared object and its symbol are loaded once, in a
 * child, to check them: BRS0106 when that fails or spec is neither form. */
int  qs_burst_exit_open(const char *spec, struct qs_burst_exit **x_r, struct qs_err *err);
void qs_burst_exit_free(struct qs_burst_exit **x);

enum qs_burst_exit_rc {
    QS_BX_FOUND,      /* addr (and pw, possibly "") filled                  */
    QS_BX_NONE,       /* the exit has no address for the key               */
    QS_BX_FAILED      /* it ended in error, crashed or timed out: why      */
};
/* Ask for part `part` (1-based) with key `key`. */
enum qs_burst_exit_rc qs_burst_exit_call(struct qs_burst_exit *x, const char *key, unsigned part,
                                         char addr[257], char pw[128], struct qs_buf *why);

/* The CL side, `qcl -x` in the child (cl/callx.h): the tags of the
 * lines it prints on stdout with what the program returned. */
#define QS_BURST_EXIT_ADDR "ADDR="
#define QS_BURST_EXIT_PW   "PASSWORD="

#endif
