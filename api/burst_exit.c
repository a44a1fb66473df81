/*
 * api/burst_exit.c - address exits for a burst run (see burst_exit.h).
 *
 * Every call forks a child and reads its answer from a pipe until EOF,
 * with a deadline; only then is the child reaped.  The child of a C exit
 * loads the shared object, calls the function with IBM's by-reference
 * parameter list (key CHAR(256) blank padded and its length, part number,
 * address CHAR(256) and its length, password CHAR(128) and its length, a
 * Qus_EC_t) and writes the filled parameters to the pipe.  The child of a
 * CL exit is `qcl -x -p PGM ...` (cl/callx.h), which calls the program
 * and prints the returned ADDR= and PASSWORD= lines.  Whatever comes
 * back is checked as untrusted input: lengths in range, the address a
 * plausible mailbox.  What each outcome does is in docs/burst.md.
 */
#include "api/burst_exit.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <qshburst.h>
#include <qusec.h>
#include "api/burst_map.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/qclx.h"
#include "qsys/base/str.h"

struct qs_burst_exit {
    int   cl;                 /* 1: CL program, else shared object */
    char *path, *symbol;      /* C */
    char *pgm;                /* CL: "LIB/PGM" as given */
};

/* What the C child writes back. */
struct c_answer {
    int  addr_len, pw_len;
    char addr[256], pw[128];
    struct {
        Qus_EC_t ec;
        char     data[256];
    } ec;
};

void qs_burst_exit_free(struct qs_burst_exit **x)
{
    if (!x || !*x)
        return;
    free((*x)->path);
    free((*x)->symbol);
    free((*x)->pgm);
    free(*x);
    *x = NULL;
}

static void child_signals(void)
{
    static const int sigs[] = { SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTERM, SIGPIPE };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);    /* the host's handlers must not catch the exit's crash */
    alarm(QS_BURST_EXIT_TIMEOUT + 5);
}

static _Noreturn void c_child(const struct qs_burst_exit *x, int wfd, const char *key, unsigned part)
{
    child_signals();
    void *so = dlopen(x->path, RTLD_NOW | RTLD_LOCAL);
    if (!so)
        _exit(120);
    void *sym = dlsym(so, x->symbol);
    if (!sym)
        _exit(121);
    if (!key)                            /* only checking that it loads */
        _exit(0);
    Qsh_Burst_Exit_t *fn;
    memcpy(&fn, &sym, sizeof fn);
    char k[256];
    size_t kl = strlen(key) < sizeof k ? strlen(key) : sizeof k;
    memset(k, ' ', sizeof k);
    memcpy(k, key, kl);
    int klen = (int)kl, pn = (int)part;
    struct c_answer a;
    memset(&a, 0, sizeof a);
    memset(a.addr, ' ', sizeof a.addr);
    memset(a.pw, ' ', sizeof a.pw);
    a.ec.ec.Bytes_Provided = (int)sizeof a.ec;
    fn(k, &klen, &pn, a.addr, &a.addr_len, a.pw, &a.pw_len, &a.ec);
    const char *p = (const char *)&a;
    size_t left = sizeof a;
    while (left) {
        ssize_t w = write(wfd, p, left);
        if (w <= 0)
            _exit(122);
        p += w;
        left -= (size_t)w;
    }
    _exit(0);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read fds[0..n) until EOF on all of them or the deadline, into out[i];
 * then reap pid (killed at the deadline).  1 = timed out. */
static int collect(pid_t pid, int *fds, struct qs_buf *out, size_t n, int *status)
{
    double end = now_s() + QS_BURST_EXIT_TIMEOUT;
    size_t open_n = n;
    int timed_out = 0;
    while (open_n) {
        struct pollfd p[2];
        size_t map[2], np = 0;
        for (size_t i = 0; i < n; i++)
            if (fds[i] >= 0) {
                p[np].fd = fds[i];
                p[np].events = POLLIN;
                map[np++] = i;
            }
        double left = end - now_s();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        int r = poll(p, (nfds_t)np, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            timed_out = r == 0;
            break;
        }
        for (size_t k = 0; k < np; k++) {
            if (!p[k].revents)
                continue;
            char buf[4096];
            ssize_t got = read(p[k].fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0 || qs_buf_add(&out[map[k]], buf, (size_t)got) < 0) {
                close(fds[map[k]]);
                fds[map[k]] = -1;
                open_n--;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (fds[i] >= 0) {
            close(fds[i]);
            fds[i] = -1;
        }
    if (timed_out)
        kill(pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return timed_out;
}

/* Run one child; its stdout (C: the answer pipe) and stderr come back. */
static int run_child(const struct qs_burst_exit *x, const char *key, unsigned part,
                     struct qs_buf *out, struct qs_buf *errout, int *status, int *timed_out)
{
    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC) < 0)
        return -1;
    if (pipe2(pe, O_CLOEXEC) < 0) {
        close(po[0]);
        close(po[1]);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(po[0]);
        close(po[1]);
        close(pe[0]);
        close(pe[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0)
            dup2(nul, STDIN_FILENO);
        dup2(pe[1], STDERR_FILENO);
        if (!x->cl)
            c_child(x, po[1], key, part);
        dup2(po[1], STDOUT_FILENO);
        child_signals();
        /* PARM(&KEY *CHAR 256, &KEYLEN *INT 4, &PART *INT 4, &ADDR *CHAR 256,
         * &PASSWORD *CHAR 128); the last two come back as tagged lines */
        size_t kl = strnlen(key, 256);
        char klen[16], pn[24];
        snprintf(klen, sizeof klen, "i:%zu", kl);
        snprintf(pn, sizeof pn, "i:%u", part);
        char *argv[] = { (char *)qs_qclx_path(), (char *)"-x", (char *)"-p", x->pgm,
                         qs_qclx_char(NULL, 256, key, kl), klen, pn,
                         qs_qclx_char(QS_BURST_EXIT_ADDR, 256, "", 0),
                         qs_qclx_char(QS_BURST_EXIT_PW, 128, "", 0), NULL };
        for (int i = 4; i < 9; i++)
            if (!argv[i])
                _exit(121);
        execvp(argv[0], argv);
        _exit(121);
    }
    close(po[1]);
    close(pe[1]);
    int fds[2] = { po[0], pe[0] };
    struct qs_buf bufs[2] = { *out, *errout };
    *timed_out = collect(pid, fds, bufs, 2, status);
    *out = bufs[0];
    *errout = bufs[1];
    return 0;
}

int qs_burst_exit_open(const char *spec, struct qs_burst_exit **x_r, struct qs_err *err)
{
    *x_r = NULL;
    struct qs_burst_exit *x = calloc(1, sizeof *x);
    if (!x)
        return qs_err_sys(err, ENOMEM);
    const char *colon = strrchr(spec, ':');
    if (colon && colon != spec && colon[1] && (size_t)(colon - spec) < QS_MAX_PATH) {
        x->path = strndup(spec, (size_t)(colon - spec));
        x->symbol = strdup(colon + 1);
        if (!x->path || !x->symbol) {
            qs_burst_exit_free(&x);
            return qs_err_sys(err, ENOMEM);
        }
        struct qs_buf o, e;
        int st = 0, to = 0;
        qs_buf_init(&o, 16);
        qs_buf_init(&e, 4096);
        int rc = run_child(x, NULL, 0, &o, &e, &st, &to);
        qs_buf_free(&o);
        qs_buf_free(&e);
        if (rc < 0 || to || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            const char *why = rc < 0 ? "cannot start a process"
                            : WIFEXITED(st) && WEXITSTATUS(st) == 121 ? "symbol not found"
                            : WIFEXITED(st) && WEXITSTATUS(st) == 120 ? "shared object not loadable"
                            : "loading it failed";
            qs_err_set(err, "BRS0106", spec, why, (const char *)NULL);
            qs_burst_exit_free(&x);
            return -1;
        }
    } else if (qs_burst_map_is_dbf(spec)) {       /* LIB/PGM: the same *NAME rule */
        x->cl = 1;
        if (!(x->pgm = strdup(spec))) {
            qs_burst_exit_free(&x);
            return qs_err_sys(err, ENOMEM);
        }
    } else {
        qs_burst_exit_free(&x);
        return qs_err_set(err, "BRS0106", spec, "expected /path/lib.so:symbol or LIB/PGM",
                          (const char *)NULL);
    }
    *x_r = x;
    return 0;
}

/* Blank-padded field of at most cap bytes, declared length n: trimmed copy. */
static int take(const char *f, int n, size_t cap, char *dst, size_t dstsz)
{
    if (n < 0 || (size_t)n > cap || (size_t)n >= dstsz)
        return -1;
    size_t k = (size_t)n;
    while (k && f[k - 1] == ' ')
        k--;
    memcpy(dst, f, k);
    dst[k] = '\0';
    return memchr(dst, '\0', k) ? -1 : 0;
}

static void first_line(struct qs_buf *why, const char *what, const struct qs_buf *e)
{
    qs_buf_adds(why, what);
    if (e->len) {
        const char *p = e->data, *nl = memchr(p, '\n', e->len);
        size_t n = nl ? (size_t)(nl - p) : e->len;
        char show[200];
        qs_sanitize(show, sizeof show, p, n);
        qs_buf_addf(why, ": %s", show);
    }
}

static enum qs_burst_exit_rc answer_c(const struct qs_buf *o, char addr[257], char pw[128],
                                      struct qs_buf *why)
{
    struct c_answer a;
    if (o->len != sizeof a) {
        qs_buf_adds(why, "exit program returned no answer");
        return QS_BX_FAILED;
    }
    memcpy(&a, o->data, sizeof a);
    if (a.ec.ec.Bytes_Available > 0) {
        char id[8];
        qs_fixed_get(id, a.ec.ec.Exception_Id, 7);
        qs_buf_addf(why, "exit program reported %s", id[0] ? id : "an error");
        return QS_BX_FAILED;
    }
    if (a.addr_len == 0)
        return QS_BX_NONE;
    if (take(a.addr, a.addr_len, sizeof a.addr, addr, 257) < 0 ||
        take(a.pw, a.pw_len, sizeof a.pw, pw, 128) < 0) {
        qs_buf_adds(why, "exit program returned a bad length");
        return QS_BX_FAILED;
    }
    return addr[0] ? QS_BX_FOUND : QS_BX_NONE;
}

/* "TAG=value" line [p, le) into dst (at most max bytes): 1 taken, 0 not
 * this tag, -1 too long. */
static int tagged(const char *p, const char *le, const char *tag, size_t max, char *dst)
{
    size_t tl = strlen(tag);
    if ((size_t)(le - p) < tl || memcmp(p, tag, tl) != 0)
        return 0;
    size_t n = (size_t)(le - p) - tl;
    if (n > max)
        return -1;
    memcpy(dst, p + tl, n);
    dst[n] = '\0';
    return 1;
}

static enum qs_burst_exit_rc answer_cl(const struct qs_buf *o, char addr[257], char pw[128],
                                       struct qs_buf *why)
{
    const char *p = o->data ? o->data : "", *end = p + o->len;
    int seen = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        int a = tagged(p, le, QS_BURST_EXIT_ADDR, 256, addr);
        int w = a ? 0 : tagged(p, le, QS_BURST_EXIT_PW, 127, pw);
        if (a < 0 || w < 0)
            break;
        seen |= (a > 0) | (w > 0) << 1;
        p = nl ? nl + 1 : end;
    }
    if (p < end || seen != 3) {
        qs_buf_adds(why, "exit program returned no answer");
        return QS_BX_FAILED;
    }
    return addr[0] ? QS_BX_FOUND : QS_BX_NONE;
}

enum qs_burst_exit_rc qs_burst_exit_call(struct qs_burst_exit *x, const char *key, unsigned part,
                                         char addr[257], char pw[128], struct qs_buf *why)
{
    struct qs_buf o, e;
    int st = 0, to = 0;
    enum qs_burst_exit_rc rc = QS_BX_FAILED;
    addr[0] = pw[0] = '\0';
    qs_buf_init(&o, QS_BURST_EXIT_MAX_OUT);
    qs_buf_init(&e, QS_BURST_EXIT_MAX_OUT);
    if (run_child(x, key, part, &o, &e, &st, &to) < 0)
        qs_buf_addf(why, "cannot start the exit program: %s", strerror(errno));
    else if (to)
        qs_buf_addf(why, "exit program ran longer than %d seconds", QS_BURST_EXIT_TIMEOUT);
    else if (WIFSIGNALED(st))
        qs_buf_addf(why, "exit program ended abnormally (signal %d)", WTERMSIG(st));
    else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        first_line(why, x->cl ? "exit program ended in error" : "exit program exited", &e);
    else
        rc = x->cl ? answer_cl(&o, addr, pw, why) : answer_c(&o, addr, pw, why);
    if (rc == QS_BX_FOUND && !qs_burst_addr_ok(addr)) {
        rc = QS_BX_NONE;
        qs_buf_adds(why, "address from the exit program not valid");
    }
    qs_buf_free(&o);
    qs_buf_free(&e);
    return rc;
}
