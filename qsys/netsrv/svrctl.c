/*
 * qsys/netsrv/svrctl.c - daemon start/end (see svrctl.h).
 */
#include "qsys/netsrv/svrctl.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int qs_svr_pidfile(struct qs_buf *out, const char *name)
{
    struct qs_buf d;
    qs_buf_init(&d, QS_MAX_PATH);
    int rc = qs_root_path(&d, NULL, "run");
    if (rc == 0)
        rc = qs_mkdir_p(d.data, 0700, NULL);
    qs_buf_free(&d);
    return rc < 0 ? -1 : qs_root_path(out, NULL, "run/%s.pid", name);
}

long qs_svr_pid(const char *name)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&b, 64);
    long pid = 0;
    long long v;
    if (qs_svr_pidfile(&p, name) == 0 && qs_file_read(p.data, 64, &b, NULL) == 0) {
        size_t n = b.len;
        while (n && (b.data[n - 1] == '\n' || b.data[n - 1] == ' ')) n--;
        if (qs_parse_ll(b.data, n, 1, 1 << 30, &v) == 0 && kill((pid_t)v, 0) == 0)
            pid = (long)v;
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    return pid;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static char *prog_path(const char *prog)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_PATH);
    const char *env = getenv("QSHIM_BIN");
    if (env && *env) {
        qs_buf_addf(&b, "%s/%s", env, prog);
    } else {
        char self[QS_MAX_PATH];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) {
            qs_buf_free(&b);
            return NULL;
        }
        self[n] = '\0';
        qs_buf_addf(&b, "%s/%s", dirname(self), prog);
    }
    return qs_buf_detach(&b, NULL);
}

int qs_svr_start(const char *name, const char *prog, char *const argv[], struct qs_err *err)
{
    if (qs_svr_pid(name))
        return qs_err_set(err, "CPF9898", "Server is already running", (const char *)NULL);
    char *path = prog_path(prog);
    struct qs_buf pf, log;
    qs_buf_init(&pf, QS_MAX_PATH);
    qs_buf_init(&log, QS_MAX_PATH);
    if (!path || qs_svr_pidfile(&pf, name) < 0 || qs_root_path(&log, err, "log") < 0 ||
        qs_mkdir_p(log.data, 0700, err) < 0) {
        free(path);
        qs_buf_free(&pf);
        qs_buf_free(&log);
        return qs_err_isset(err) ? -1 : qs_err_sys(err, ENOENT);
    }
    qs_buf_addf(&log, "/%s.log", name);
    unlink(pf.data);
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        int fd = open(log.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        int nul = open("/dev/null", O_RDONLY);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
        if (nul >= 0) dup2(nul, 0);
        /* a grandchild, so the daemon is not our child to reap */
        if (fork() == 0) {
            execv(path, argv);
            _exit(127);
        }
        _exit(0);
    }
    int st;
    if (pid > 0)
        waitpid(pid, &st, 0);
    int rc = -1;
    for (int i = 0; pid > 0 && i < 200; i++) {
        if (qs_svr_pid(name)) {
            rc = 0;
            break;
        }
        sleep_ms(50);
    }
    if (rc < 0) {
        char t[QS_MAX_PATH + 80];
        snprintf(t, sizeof t, "Server %s did not start; see %s", name, log.data);
        qs_err_set(err, "CPF9898", t, (const char *)NULL);
    }
    free(path);
    qs_buf_free(&pf);
    qs_buf_free(&log);
    return rc;
}

int qs_svr_end(const char *name, int wait_s, struct qs_err *err)
{
    long pid = qs_svr_pid(name);
    if (!pid)
        return 1;
    if (kill((pid_t)pid, SIGTERM) < 0)
        return qs_err_sys(err, errno);
    for (int i = 0; i < wait_s * 20; i++) {
        if (kill((pid_t)pid, 0) < 0)
            return 0;
        sleep_ms(50);
    }
    kill((pid_t)pid, SIGKILL);
    for (int i = 0; i < 40 && kill((pid_t)pid, 0) == 0; i++)
        sleep_ms(50);
    return 0;
}
