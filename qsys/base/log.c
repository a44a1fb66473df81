/*
 * qsys/base/log.c - host-side logging (see log.h).  One line per call,
 * written with a single write() so lines from several processes sharing a
 * log file do not interleave.
 */
#include "qsys/base/log.h"
#include "qsys/base/fileio.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char ident_s[32] = "qshim";
static int log_fd = 2;
static int own_fd;
static int to_syslog;
static enum qs_log_level min_level = QS_LOG_INFO;

void qs_log_open(const char *ident, const char *path, int use_syslog)
{
    pthread_mutex_lock(&mu);
    snprintf(ident_s, sizeof ident_s, "%s", ident ? ident : "qshim");
    if (own_fd)
        close(log_fd);
    log_fd = 2;
    own_fd = 0;
    if (path) {
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (fd >= 0) {
            log_fd = fd;
            own_fd = 1;
        }
    }
    to_syslog = use_syslog;
    if (use_syslog)
        openlog(ident_s, LOG_PID | LOG_NDELAY, LOG_MAIL);
    pthread_mutex_unlock(&mu);
}

void qs_log_set_level(enum qs_log_level min)
{
    min_level = min;
}

void qs_log(enum qs_log_level lvl, const char *fmt, ...)
{
    static const char *names[] = {"debug", "info", "warning", "error"};
    static const int prio[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR};
    if (lvl < min_level)
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char line[2200];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(line, sizeof line, "%s %s[%ld]: %s: %s\n", ts, ident_s,
                     (long)getpid(), names[lvl], msg);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = (int)sizeof line - 1;
    pthread_mutex_lock(&mu);
    (void)qs_write_all(log_fd, line, (size_t)n);
    if (to_syslog)
        syslog(prio[lvl], "%s", msg);
    pthread_mutex_unlock(&mu);
}

void qs_log_close(void)
{
    pthread_mutex_lock(&mu);
    if (own_fd)
        close(log_fd);
    log_fd = 2;
    own_fd = 0;
    if (to_syslog)
        closelog();
    to_syslog = 0;
    pthread_mutex_unlock(&mu);
}
