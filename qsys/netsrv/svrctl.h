/*
 * qsys/netsrv/svrctl.h - starting and ending the server daemons
 * (STRTCPSVR/ENDTCPSVR, STRMSF/ENDMSF).
 *
 * A daemon is a qshim program (qsmtpd, qpop3d, qmailadm strmsf) started in
 * its own session with its output in $QSYS_ROOT/log/<name>.log and its pid in
 * $QSYS_ROOT/run/<name>.pid (written by the daemon itself).  Programs are
 * found beside the running executable, or in $QSHIM_BIN.
 */
#ifndef QS_NETSRV_SVRCTL_H
#define QS_NETSRV_SVRCTL_H

struct qs_err;

/* Start `prog` with argv (argv[0] = prog, NULL-terminated) under the name
 * `name`; waits until the daemon wrote its pid file (up to 10 s).
 * Fails with TCP1A1x-style CPF9898 text if it is already running or died. */
int qs_svr_start(const char *name, const char *prog, char *const argv[], struct qs_err *err);
/* SIGTERM (controlled: the daemon answers 421 and drains) and wait up to
 * `wait_s` seconds, then SIGKILL.  0 if it was running and is gone, 1 if it
 * was not running. */
int qs_svr_end(const char *name, int wait_s, struct qs_err *err);
/* pid of a running daemon, or 0. */
long qs_svr_pid(const char *name);
/* Append "<root>/run/<name>.pid" to out. */
struct qs_buf;
int qs_svr_pidfile(struct qs_buf *out, const char *name);

#endif
