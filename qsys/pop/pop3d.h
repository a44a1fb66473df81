/*
 * qsys/pop/pop3d.h - the POP3 server (RFC 1939, CAPA RFC 2449, STLS
 * RFC 2595) on the netsrv event loop, serving the Maildirs of qsys/mailbox.
 *
 * What must hold: a mailbox is open in at most one session (exclusive lock);
 * DELE only marks, and messages are removed only in the UPDATE state after
 * QUIT (a dropped connection deletes nothing); UIDs are the Maildir base
 * names and so stable across sessions; an unknown user and a wrong password
 * get the same answer after the same delay; with ALWSSL(*ONLY) no password
 * is accepted outside TLS.  Passwords are checked on a sign-on thread (the
 * session is paused meanwhile), so a yescrypt never stalls other sessions.
 */
#ifndef QS_POP_POP3D_H
#define QS_POP_POP3D_H

struct qs_err;
struct qs_mailcfg;
struct qs_pop3d;

struct qs_pop3d_opts {
    const struct qs_mailcfg *cfg;
    const char *bind;
    int port, pops_port;             /* -1 off, 0 pick */
    int (*signon)(const char *user, const char *password);   /* NULL = usrprf */
    int fail_delay_ms;               /* failed-login delay, dft 2000 */
};

int  qs_pop3d_new(struct qs_pop3d **d_r, const struct qs_pop3d_opts *o, struct qs_err *err);
int  qs_pop3d_port(const struct qs_pop3d *d, int tls);
int  qs_pop3d_run(struct qs_pop3d *d);
void qs_pop3d_stop(struct qs_pop3d *d);
void qs_pop3d_free(struct qs_pop3d **d);

/* Split a command line in place: verb, first and second argument (NULL
 * when absent; the second keeps any further blanks, for PASS). */
void qs_pop_split(char *line, char **arg_r, char **arg2_r);
/* Parse a message number: 1..max, strict decimal.  0 = not valid. */
unsigned long qs_pop_msgno(const char *s, unsigned long max);

#endif
