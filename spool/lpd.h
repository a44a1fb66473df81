/*
 * spool/lpd.h - the LPD protocol (RFC 1179), receiving side, as a state
 * machine over a byte stream: no sockets here (spool/bin/qlpd.c runs it on
 * the network engine; the fuzzer feeds it directly).
 *
 * Supported: 02 receive a printer job (subcommands 01 abort, 02 control
 * file, 03 data file), 03/04 queue state (a one-line answer), 01 and 05
 * acknowledged and ignored.  The queue name names an output queue (QGPL
 * unless "LIB/NAME"); each data file becomes a spooled file on it once the
 * control file has been seen (P user → USRDTA, N name → user text).
 * Bounds: a command line is at most QS_LPD_LINE_MAX bytes, one file at most
 * QS_LPD_FILE_MAX, all files held for one job at most QS_LPD_JOB_MAX.
 */
#ifndef QS_SPOOL_LPD_H
#define QS_SPOOL_LPD_H

#include <stddef.h>

struct qs_buf;
struct qs_lpd;

#define QS_LPD_LINE_MAX 1024u
#define QS_LPD_FILE_MAX (64u * 1024 * 1024)
#define QS_LPD_JOB_MAX  (128u * 1024 * 1024)

/* A job's data file, ready to spool. */
struct qs_lpd_file {
    const char *outqlib, *outq;          /* validated names */
    const char *user;                    /* from the control file's P line, or "" */
    const char *title;                   /* N line, or "" */
    const char *data;
    size_t      len;
};
/* Called for each data file; 0 = spooled, -1 = refuse (negative ack). */
typedef int qs_lpd_deliver_fn(void *arg, const struct qs_lpd_file *f);
/* Does the output queue exist? */
typedef int qs_lpd_outq_fn(void *arg, const char *lib, const char *name);

struct qs_lpd *qs_lpd_new(qs_lpd_deliver_fn *deliver, qs_lpd_outq_fn *outq_ok, void *arg);
void qs_lpd_free(struct qs_lpd **l);
/* Consume input from p[0..n); replies are appended to out.  Returns the
 * bytes consumed (the rest must be offered again with more), or -1 when the
 * connection must be closed (after sending out). */
long qs_lpd_input(struct qs_lpd *l, const char *p, size_t n, struct qs_buf *out);

/* Deliver through the spool: f becomes a spooled file QLPD in the current job
 * (CCSID 819, *NONE). */
qs_lpd_deliver_fn qs_lpd_spool;
qs_lpd_outq_fn qs_lpd_outq_exists;

#endif
