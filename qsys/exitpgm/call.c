/*
 * qsys/exitpgm/call.c - calling an exit program without trusting it.
 *
 * The descriptors (ORGL0100 originator, RCPL0100 recipients, ATTL0100 with
 * one "PATH" entry naming the message content file — qshim's stand-in for
 * IBM's Qzmf_FSO_t file-system reference) are built into a block, copied
 * into a MAP_SHARED anonymous mapping, and a forked child loads the program
 * and calls it there:
 *
 *     void pgm(char exit_point[20], char msg_id[32], void *attrs,
 *              int *nattrs, char format[8], int *return_code);
 *
 * The parent waits with a deadline.  Afterwards it restores the attribute
 * array from its own copy (the child may have scribbled on it) and parses
 * the shared descriptors with the strict parser; only then does it take
 * recipient statuses from them.  A CL program is run as `qcl -f <path>
 * <exit point> <msg id> <format>`; exit status 0 means continue.
 *
 * Caveat: the child is forked from a possibly multi-threaded process and
 * calls dlopen(); if that deadlocks, the deadline ends it (reported as a
 * timeout) — the message is never lost.
 */
#include "qsys/exitpgm/exitpgm.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/msf/msf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef void (*snapin_fn)(char *, char *, void *, int *, char *, int *);

struct shm_hdr {
    int32_t rc;
    int32_t nattrs;
    int32_t done;                 /* set by the child after the call returned */
    char    exit_point[20];
    char    msg_id[32];
    char    format[8];
    char    pad[52];              /* header is 128 bytes */
};
#define SHM_HDR 128

#define NATTRS 3

static int build(struct qs_buf *b, const struct qs_msf_env *env, const char *content)
{
    struct qs_zmf_builder zb;
    struct qs_zmf_item it;
    if (qs_zmf_begin(&zb, b, NATTRS) < 0 || qs_zmf_desc(&zb, QS_ZMF_ORGL) < 0)
        return -1;
    memset(&it, 0, sizeof it);
    memcpy(it.type, "SMTP", 4);
    it.data = env->from ? env->from : "";
    it.len = strlen(it.data);
    it.ccsid = 819;
    it.unique_id = 1;
    if (qs_zmf_add(&zb, &it) < 0 || qs_zmf_desc(&zb, QS_ZMF_RCPL) < 0)
        return -1;
    for (size_t i = 0; i < env->nrcpt; i++) {
        memset(&it, 0, sizeof it);
        memcpy(it.type, "SMTP", 4);
        it.data = env->rcpt[i].addr;
        it.len = strlen(it.data);
        it.ccsid = 819;
        it.status = env->rcpt[i].status;
        it.dist_type = env->rcpt[i].dist;
        it.unique_id = (int32_t)i + 1;
        if (qs_zmf_add(&zb, &it) < 0)
            return -1;
    }
    if (qs_zmf_desc(&zb, QS_ZMF_ATTL) < 0)
        return -1;
    memset(&it, 0, sizeof it);
    memcpy(it.type, "PATH", 4);
    it.data = content ? content : "";
    it.len = strlen(it.data);
    it.unique_id = 1;
    if (qs_zmf_add(&zb, &it) < 0)
        return -1;
    return qs_zmf_end(&zb);
}

static void fixed(char *dst, size_t n, const char *s)
{
    qs_fixed_set_trunc(dst, n, s, strlen(s));
}

static _Noreturn void child(const struct qs_exitpgm_reg *reg, struct shm_hdr *h, void *block)
{
    static const int sigs[] = { SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTERM };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);   /* the host's handlers must not catch the program's crash */
    alarm((unsigned)(reg->timeout ? reg->timeout : QS_EXITPGM_DFT_TIMEOUT) + 5);
    if (reg->kind == QS_EXIT_CLPGM) {
        char ep[21], id[33], fmt[9];
        qs_fixed_get(ep, h->exit_point, 20);
        qs_fixed_get(id, h->msg_id, 32);
        qs_fixed_get(fmt, h->format, 8);
        const char *qcl = getenv("QSHIM_QCL");
        char *argv[] = { (char *)(qcl && *qcl ? qcl : "qcl"), (char *)"-f", (char *)reg->path,
                         ep, id, fmt, NULL };
        execvp(argv[0], argv);
        _exit(121);
    }
    void *so = dlopen(reg->path, RTLD_NOW | RTLD_LOCAL);
    if (!so)
        _exit(120);
    snapin_fn fn;
    void *sym = dlsym(so, reg->symbol);
    if (!sym)
        _exit(121);
    memcpy(&fn, &sym, sizeof fn);
    qs_zmf_relocate(block, NATTRS);
    int rc = -1, n = NATTRS;
    fn(h->exit_point, h->msg_id, block, &n, h->format, &rc);
    h->rc = rc;
    h->done = 1;
    _exit(0);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait for pid until the deadline; SIGKILL it then.  1 = timed out. */
static int wait_deadline(pid_t pid, int secs, int *status)
{
    double end = now_s() + secs;
    long ns = 200000;
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return 0;
        if (now_s() >= end) {
            kill(pid, SIGKILL);
            while (waitpid(pid, status, 0) < 0 && errno == EINTR)
                ;
            return 1;
        }
        struct timespec ts = { 0, ns };
        nanosleep(&ts, NULL);
        if (ns < 20000000)
            ns *= 2;
    }
}

static void apply_status(const struct qs_zmf_parsed *p, struct qs_msf_env *env)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct qs_zmf_item *it = &p->v[i];
        if (it->kind != QS_ZMF_RCPL || it->unique_id < 1 || (size_t)it->unique_id > env->nrcpt)
            continue;
        int st = it->status;
        if (st == QS_MSF_RS_PENDING || st == QS_MSF_RS_FORWARDED || st == QS_MSF_RS_IGNORE ||
            st == QS_MSF_RS_LOCAL || st == QS_MSF_RS_NONDEL || st == QS_MSF_RS_SECURITY ||
            st == QS_MSF_RS_REPROCESS)
            env->rcpt[it->unique_id - 1].status = st;
    }
}

int qs_exitpgm_call(const struct qs_exitpgm_reg *reg, struct qs_msf_env *env,
                    const char *content_path, struct qs_exitpgm_result *res,
                    struct qs_err *err)
{
    memset(res, 0, sizeof *res);
    struct qs_buf b;
    qs_buf_init(&b, QS_ZMF_MAX_DESC_SIZE);
    if (build(&b, env, content_path) < 0) {
        qs_buf_free(&b);
        return qs_err_sys(err, errno ? errno : E2BIG);
    }
    size_t size = SHM_HDR + b.len;
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        int e = errno;
        qs_buf_free(&b);
        return qs_err_sys(err, e);
    }
    struct shm_hdr *h = m;
    memset(h, 0, SHM_HDR);
    h->rc = -1;
    h->nattrs = NATTRS;
    fixed(h->exit_point, sizeof h->exit_point, reg->exit_point);
    fixed(h->msg_id, sizeof h->msg_id, env->id);
    fixed(h->format, sizeof h->format, reg->format);
    char *block = (char *)m + SHM_HDR;
    memcpy(block, b.data, b.len);

    int secs = reg->timeout ? reg->timeout : QS_EXITPGM_DFT_TIMEOUT;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        munmap(m, size);
        qs_buf_free(&b);
        return qs_err_sys(err, e);
    }
    if (pid == 0)
        child(reg, h, block);
    int status = 0;
    res->timed_out = wait_deadline(pid, secs, &status);
    int rc = 0;
    char num[16];
    if (res->timed_out) {
        snprintf(num, sizeof num, "%d", secs);
        rc = qs_err_set(err, "CPFAF96", reg->pgm, reg->exit_point, num, (const char *)NULL);
    } else if (WIFSIGNALED(status)) {
        res->crashed = 1;
        res->sig = WTERMSIG(status);
        snprintf(num, sizeof num, "%d", res->sig);
        rc = qs_err_set(err, "CPFAF95", reg->pgm, reg->exit_point, num, (const char *)NULL);
    } else if (reg->kind == QS_EXIT_CLPGM) {
        int x = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (x == 0) {
            res->ok = 1;
            res->rc = QS_MSF_CONTINUE;
        } else {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            x == 121 ? "qcl not found" : "CL program ended in error",
                            (const char *)NULL);
        }
    } else {
        int x = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        int32_t prc = h->rc;
        if (x == 120 || x == 121) {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            x == 120 ? "shared object not loadable" : "entry point not found",
                            (const char *)NULL);
        } else if (x != 0 || !h->done) {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            "program exited instead of returning", (const char *)NULL);
        } else if (prc < 0 || prc > 3) {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            "return code not valid", (const char *)NULL);
        } else {
            res->ok = 1;
            res->rc = prc;
        }
    }
    if (rc == 0 && res->ok && reg->kind == QS_EXIT_SO && res->rc != QS_MSF_BACKOUT) {
        /* trust nothing the child left: our own attribute array, strict parse */
        memcpy(block, b.data, NATTRS * sizeof(struct qs_zmf_attr));
        qs_zmf_relocate(block, NATTRS);
        struct qs_zmf_parsed p;
        struct qs_err perr = QS_ERR_INIT;
        if (qs_zmf_parse((const struct qs_zmf_attr *)block, NATTRS, &p, &perr) == 0) {
            apply_status(&p, env);
            qs_zmf_parsed_free(&p);
        } else {
            qs_log(QS_LOG_WARN, "exit program %s at %s left damaged descriptors: %s",
                   reg->pgm, reg->exit_point, perr.text ? perr.text : "");
        }
        qs_err_clear(&perr);
    }
    munmap(m, size);
    qs_buf_free(&b);
    return rc;
}

int qs_exitpgm_run_point(const char *exit_point, struct qs_msf_ctx *ctx, struct qs_err *err)
{
    struct qs_exitpgm_reg *v;
    size_t n;
    if (qs_exitpgm_list(exit_point, &v, &n, err) < 0)
        return -1;
    int out = QS_MSF_CONTINUE;
    for (size_t i = 0; i < n; i++) {
        struct qs_exitpgm_result res;
        struct qs_err cerr = QS_ERR_INIT;
        if (qs_exitpgm_call(&v[i], ctx->env, ctx->content_path, &res, &cerr) < 0) {
            qs_log(QS_LOG_ERR, "msf %s: %s", ctx->env->id, cerr.text ? cerr.text : "exit program failed");
            qs_err_clear(&cerr);
            continue;
        }
        if (res.rc == QS_MSF_END_MSG || res.rc == QS_MSF_END_JOB) {
            /* the program took the message over: what is not final leaves
             * MSF as "ignore", so the runner does not offer it again */
            for (size_t k = 0; k < ctx->env->nrcpt; k++) {
                int s = ctx->env->rcpt[k].status;
                if (s == QS_MSF_RS_PENDING || s == QS_MSF_RS_REPROCESS)
                    ctx->env->rcpt[k].status = QS_MSF_RS_IGNORE;
            }
            if (res.rc == QS_MSF_END_JOB)
                qs_log(QS_LOG_WARN, "msf %s: exit program %s asked to end the MSF job; "
                       "qshim ends processing of this message only", ctx->env->id, v[i].pgm);
            out = res.rc;
            break;
        }
    }
    free(v);
    return out;
}
