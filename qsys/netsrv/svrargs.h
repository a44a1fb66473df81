/*
 * qsys/netsrv/svrargs.h - the command-line options every server program
 * (qsmtpd, qpop3d) shares: --bind, --cert, --key, --pidfile, --log, and
 * numeric port/delay values.
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

#endif
