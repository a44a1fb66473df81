/*
 * qsys/base/log.h - diagnostic logging for daemons and tools.
 *
 * This is the host-side log (stderr, a file, or syslog), not IBM's job log,
 * which lives in qsys/job.  Client-supplied text goes through qs_sanitize()
 * before it is logged; credentials are never logged.
 */
#ifndef QS_BASE_LOG_H
#define QS_BASE_LOG_H

enum qs_log_level { QS_LOG_DEBUG, QS_LOG_INFO, QS_LOG_WARN, QS_LOG_ERR };

/* ident: program name; path: log file, or NULL for stderr;
 * use_syslog: also send to syslog. Safe to call again to reconfigure. */
void qs_log_open(const char *ident, const char *path, int use_syslog);
void qs_log_set_level(enum qs_log_level min);
void qs_log(enum qs_log_level lvl, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void qs_log_close(void);

#endif
