/*
 * qsys/netsrv/svrargs.h - what every server program (qsmtpd, qpop3d) shares:
 * the options --bind, --cert, --key, --pidfile, --log and numeric
 * port/delay values, and the steps around running the server.
 *
 *   parse options (qs_svrargs_num, qs_svrargs_take)
 *   qs_svrargs_apply(&sa, prog)        log file, SIGPIPE ignored
 *   create and bind the server
 *   qs_svrargs_started(&sa, stop, "prog: listening ...")
 *   run it
 *   qs_svrargs_finish(&sa)             pid file removed
 */
#ifndef QS_NETSRV_SVRARGS_H
#define QS_NETSRV_SVRARGS_H

struct qs_svrargs {
    const char *bind;    /* --bind ADDR (NULL: all addresses) */
    const char *pidfile; /* --pidfile PATH */
    const char *logfile; /* --log PATH */
    char **certfile;     /* --cert PEM replaces *certfile (malloc'd) */
    char **keyfile;      /* --key PEM replaces *keyfile (malloc'd) */
};

/* Parse v as a whole decimal number in [lo, hi] into *r; -1 if it is not. */
int qs_svrargs_num(const char *v, int lo, int hi, int *r);
/* Handle option `a` with value `v` if it is one of the shared options:
 * 1 if it was, 0 if `a` is not a shared option. */
int qs_svrargs_take(struct qs_svrargs *s, const char *a, const char *v);
/* Write "<pid>\n" to s->pidfile (if one was given). */
void qs_svrargs_write_pid(const struct qs_svrargs *s);
/* After the options: log to --log (if given) as `prog`; ignore SIGPIPE. */
void qs_svrargs_apply(const struct qs_svrargs *s, const char *prog);
/* The server is bound: SIGTERM and SIGINT call on_stop, the pid file is
 * written, and the `listening` line is printed on stdout and flushed (callers
 * wait for it). */
void qs_svrargs_started(const struct qs_svrargs *s, void (*on_stop)(int), const char *listening);
/* The server has stopped: remove the pid file. */
void qs_svrargs_finish(const struct qs_svrargs *s);

#endif
