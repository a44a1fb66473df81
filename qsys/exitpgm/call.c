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
 * recipient statuses from them.  A CL program is run as `qcl -x <path>
 * <parameter specs> r` (cl/callx.h); its exit status is the return code.
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
#include "qsys/base/qclx.h"
#include "qsys/base/str.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef void (*snapin_fn)(char *, char *, void *, int *, char *, int *);
typedef void (*track_fn)(char *, char *, char *, char *, int *);
typedef void (*validate_fn)(char *, void *, int *, char *, int *);

/* The three parameter lists IBM defines for MSF exit programs. */
enum plist {
    PL_SNAPIN,      /* exit point, msg id, attrs, n, format, rc (MSFF0100) */
    PL_TRACK,       /* msg id, exit point, program, format, rc (TCMM0100) */
    PL_VALIDATE     /* msg id, attrs, n, format, rc (VDFF0100) */
};

struct shm_hdr {
    int32_t rc;
    int32_t nattrs;
    int32_t done;                 /* set by the child after the call returned */
    char    exit_point[20];
    char    msg_id[32];
    char    format[8];
    char    pgm[20];              /* TRK_CHG: the program that made the change */
    int32_t chg_len;              /* bytes used in the change area */
    char    pad[32];              /* header is 128 bytes */
};
#define SHM_HDR 128
_Static_assert(sizeof(struct shm_hdr) == SHM_HDR, "shm header");

#define NATTRS 3
#define CHG_MAX (256u * 1024)     /* QzmfChgMailMsg records of one call */

/*
 * The call in progress, in the child (QzmfRtvMailMsg / QzmfChgMailMsg).
 * An exit program linked with -lqshim brings a second copy of this library
 * into the process, whose `cur` is empty: the child therefore also names
 * its pid and the structure's address in $QSHIM_EXITPGM_CALL, and a copy that has no
 * call of its own takes it from there (same process, same build; a magic
 * number guards against anything else).
 */
#define CUR_MAGIC 0x5a4d4643u          /* "ZMFC" */
static struct qs_exitpgm_cur cur;

static struct qs_exitpgm_cur *cur_get(void)
{
    if (cur.env)
        return &cur;
    /* "<pid> 0x<address>": a process the program starts inherits the
     * variable but not the memory, hence the pid */
    const char *v = getenv("QSHIM_EXITPGM_CALL");
    if (!v)
        return NULL;
    char *end;
    errno = 0;
    unsigned long long pid = strtoull(v, &end, 10);
    if (errno || pid != (unsigned long long)getpid() || strncmp(end, " 0x", 3))
        return NULL;
    unsigned long long a = strtoull(end + 3, &end, 16);
    if (errno || *end || a == 0)
        return NULL;
    struct qs_exitpgm_cur *c = (struct qs_exitpgm_cur *)(uintptr_t)a;
    return c->magic == CUR_MAGIC && c->env ? c : NULL;
}

const struct qs_exitpgm_cur *qs_exitpgm_current(void)
{
    return cur_get();
}

int qs_exitpgm_note_change(const char *rec, size_t n)
{
    struct qs_exitpgm_cur *c = cur_get();
    if (!c || !c->chg || n > CHG_MAX || (size_t)*c->chg_len > CHG_MAX - n)
        return -1;
    memcpy(c->chg + *c->chg_len, rec, n);
    *c->chg_len += (int32_t)n;
    return 0;
}

/* One contained call: what the child needs besides the shared block. */
struct call {
    enum plist pl;
    const char *content;          /* CL programs get the content path as text */
    size_t nattrs;
    struct qs_msf_env *env;       /* the message (child's copy), or NULL */
};

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
    qs_fixed_set_trunc(dst, n, s ? s : "", s ? strlen(s) : 0);
}

static _Noreturn void run_cl(const struct qs_exitpgm_reg *reg, const struct call *c, struct shm_hdr *h)
{
    char *argv[12] = { (char *)qs_qclx_path(), (char *)"-x", (char *)reg->path };
    int k = 3;
    switch (c->pl) {
    case PL_SNAPIN:        /* the attribute array: the content path (docs/exitpgm.md) */
        argv[k++] = qs_qclx_char(NULL, 20, h->exit_point, 20);
        argv[k++] = qs_qclx_char(NULL, 32, h->msg_id, 32);
        argv[k++] = qs_qclx_char(NULL, 1024, c->content ? c->content : "", c->content ? strlen(c->content) : 0);
        argv[k++] = (char *)"i:1";
        argv[k++] = qs_qclx_char(NULL, 8, h->format, 8);
        break;
    case PL_TRACK:
        argv[k++] = qs_qclx_char(NULL, 32, h->msg_id, 32);
        argv[k++] = qs_qclx_char(NULL, 20, h->exit_point, 20);
        argv[k++] = qs_qclx_char(NULL, 20, h->pgm, 20);
        argv[k++] = qs_qclx_char(NULL, 8, h->format, 8);
        break;
    case PL_VALIDATE:
        argv[k++] = qs_qclx_char(NULL, 32, h->msg_id, 32);
        argv[k++] = qs_qclx_char(NULL, 1024, "", 0);
        argv[k++] = (char *)"i:0";
        argv[k++] = qs_qclx_char(NULL, 8, h->format, 8);
        break;
    }
    argv[k++] = (char *)"r";
    argv[k] = NULL;
    for (int i = 3; i < k; i++)
        if (!argv[i])
            _exit(121);
    execvp(argv[0], argv);
    _exit(121);
}

static _Noreturn void child(const struct qs_exitpgm_reg *reg, const struct call *c,
                            struct shm_hdr *h, void *block, char *chg)
{
    if (c->env) {
        cur.magic = CUR_MAGIC;
        cur.env = c->env;
        cur.content = c->content;
        qs_strlcpy(cur.exit_point, reg->exit_point, sizeof cur.exit_point);
        qs_strlcpy(cur.msg_id, c->env->id, sizeof cur.msg_id);
        cur.chg = c->pl == PL_SNAPIN ? chg : NULL;
        cur.chg_len = &h->chg_len;
    }
    static const int sigs[] = { SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTERM };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);   /* the host's handlers must not catch the program's crash */
    alarm((unsigned)(reg->timeout ? reg->timeout : QS_EXITPGM_DFT_TIMEOUT) + 5);
    if (reg->kind == QS_EXIT_CLPGM)
        run_cl(reg, c, h);
    if (cur.env) {                   /* for a second copy of the library (above) */
        char v[64];
        snprintf(v, sizeof v, "%lld 0x%llx", (long long)getpid(), (unsigned long long)(uintptr_t)&cur);
        setenv("QSHIM_EXITPGM_CALL", v, 1);
    }
    void *so = dlopen(reg->path, RTLD_NOW | RTLD_LOCAL);
    if (!so)
        _exit(120);
    void *sym = dlsym(so, reg->symbol);
    if (!sym)
        _exit(121);
    qs_zmf_relocate(block, c->nattrs);
    int rc = -1, n = (int)c->nattrs;
    if (c->pl == PL_SNAPIN) {
        snapin_fn fn;
        memcpy(&fn, &sym, sizeof fn);
        fn(h->exit_point, h->msg_id, block, &n, h->format, &rc);
    } else if (c->pl == PL_TRACK) {
        track_fn fn;
        memcpy(&fn, &sym, sizeof fn);
        fn(h->msg_id, h->exit_point, h->pgm, h->format, &rc);
    } else {
        validate_fn fn;
        memcpy(&fn, &sym, sizeof fn);
        fn(h->msg_id, block, &n, h->format, &rc);
    }
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

/* Fork, call, wait; maps the outcome to res / CPFAF95-97.  The shared
 * block is left mapped at *m_r (size *size_r) for the caller to inspect. */
static int contained(const struct qs_exitpgm_reg *reg, const struct call *c, struct shm_hdr *hdr,
                     const struct qs_buf *b, void **m_r, size_t *size_r,
                     struct qs_exitpgm_result *res, struct qs_err *err)
{
    memset(res, 0, sizeof *res);
    size_t size = SHM_HDR + b->len + CHG_MAX;
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return qs_err_sys(err, errno);
    struct shm_hdr *h = m;
    memcpy(h, hdr, SHM_HDR);
    h->rc = -1;
    h->done = 0;
    h->nattrs = (int32_t)c->nattrs;
    h->chg_len = 0;
    char *block = (char *)m + SHM_HDR;
    if (b->len)
        memcpy(block, b->data, b->len);

    int secs = reg->timeout ? reg->timeout : QS_EXITPGM_DFT_TIMEOUT;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        munmap(m, size);
        return qs_err_sys(err, e);
    }
    if (pid == 0)
        child(reg, c, h, block, block + b->len);
    int status = 0;
    res->timed_out = wait_deadline(pid, secs, &status);
    int rc = 0;
    char num[16];
    int x = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (res->timed_out) {
        snprintf(num, sizeof num, "%d", secs);
        rc = qs_err_set(err, "CPFAF96", reg->pgm, reg->exit_point, num, (const char *)NULL);
    } else if (WIFSIGNALED(status)) {
        res->crashed = 1;
        res->sig = WTERMSIG(status);
        snprintf(num, sizeof num, "%d", res->sig);
        rc = qs_err_set(err, "CPFAF95", reg->pgm, reg->exit_point, num, (const char *)NULL);
    } else if (reg->kind == QS_EXIT_CLPGM) {
        /* qcl -x: exit status = the program's return code; 125 = it failed */
        if (x >= 0 && x <= 3) {
            res->ok = 1;
            res->rc = x;
        } else {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            x == 121 || x == 127 ? "qcl not found"
                            : x == 125 ? "CL program ended in error" : "return code not valid",
                            (const char *)NULL);
        }
    } else {
        int32_t prc = h->rc;
        if (x == 120 || x == 121) {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            x == 120 ? "shared object not loadable" : "entry point not found",
                            (const char *)NULL);
        } else if (x != 0 || !h->done) {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            "program exited instead of returning", (const char *)NULL);
        } else if (c->pl == PL_SNAPIN && (prc < 0 || prc > 3)) {
            rc = qs_err_set(err, "CPFAF97", reg->pgm, reg->exit_point,
                            "return code not valid", (const char *)NULL);
        } else {
            res->ok = 1;
            res->rc = prc;
        }
    }
    *m_r = m;
    *size_r = size;
    return rc;
}

static void header(struct shm_hdr *h, const char *exit_point, const char *msg_id,
                   const char *format, const char *pgm)
{
    memset(h, 0, sizeof *h);
    fixed(h->exit_point, sizeof h->exit_point, exit_point);
    fixed(h->msg_id, sizeof h->msg_id, msg_id);
    fixed(h->format, sizeof h->format, format);
    if (pgm) {
        /* IBM's qualified name: program then library, 10 + 10 */
        const char *sl = strchr(pgm, '/');
        if (sl) {
            fixed(h->pgm, 10, sl + 1);
            qs_fixed_set_trunc(h->pgm + 10, 10, pgm, (size_t)(sl - pgm));
        } else {
            fixed(h->pgm, 20, pgm);
        }
    }
}

int qs_exitpgm_point_expands(const char *exit_point)
{
    return qs_strcaseeq(exit_point, "QIBM_QZMFMSF_LST_EXP") ||
           qs_strcaseeq(exit_point, "QIBM_QZMFMSF_ADR_RSL");
}

static int valid_status(int st)
{
    return st == QS_MSF_RS_PENDING || st == QS_MSF_RS_FORWARDED || st == QS_MSF_RS_IGNORE ||
           st == QS_MSF_RS_LOCAL || st == QS_MSF_RS_NONDEL || st == QS_MSF_RS_SECURITY ||
           st == QS_MSF_RS_REPROCESS;
}

/* Apply the QzmfChgMailMsg records the program left (trusting none). */
void qs_exitpgm_apply_changes(const struct qs_exitpgm_reg *reg, struct qs_msf_ctx *ctx,
                              struct qs_msf_env *env, const char *p, size_t n)
{
    const char *end = p + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        const char *sp = p + 2 < nl ? memchr(p + 2, ' ', (size_t)(nl - p - 2)) : NULL;
        long long a, b;
        if (sp && p[1] == ' ' && qs_parse_ll(p + 2, (size_t)(sp - p - 2), -1, INT32_MAX, &a) == 0) {
            if (p[0] == 's' && qs_parse_ll(sp + 1, (size_t)(nl - sp - 1), -1, 6, &b) == 0 &&
                a >= 1 && (size_t)a <= env->nrcpt && valid_status((int)b)) {
                env->rcpt[a - 1].status = (int)b;
            } else if (p[0] == 'a' && a >= 0 && a <= 2 && qs_exitpgm_point_expands(reg->exit_point)) {
                char *addr = strndup(sp + 1, (size_t)(nl - sp - 1));
                struct qs_err e = QS_ERR_INIT;
                if (!addr || (ctx ? qs_msf_ctx_add_rcpt(ctx, addr, (int)a, &e)
                                  : qs_msf_env_add_rcpt(env, addr, (int)a, 0, NULL, &e)) < 0)
                    qs_log(QS_LOG_WARN, "msf %s: recipient from %s not added: %s", env->id,
                           reg->pgm, e.text ? e.text : "no memory");
                qs_err_clear(&e);
                free(addr);
            }
        }
        p = nl + 1;
    }
}

static int call_snapin(const struct qs_exitpgm_reg *reg, struct qs_msf_ctx *ctx,
                       struct qs_msf_env *env, const char *content_path,
                       struct qs_exitpgm_result *res, struct qs_err *err)
{
    memset(res, 0, sizeof *res);
    struct qs_buf b;
    qs_buf_init(&b, QS_ZMF_MAX_DESC_SIZE);
    if (build(&b, env, content_path) < 0) {
        qs_buf_free(&b);
        return qs_err_sys(err, errno ? errno : E2BIG);
    }
    struct shm_hdr h;
    header(&h, reg->exit_point, env->id, reg->format, NULL);
    struct call c = { PL_SNAPIN, content_path, NATTRS, env };
    void *m = NULL;
    size_t size = 0;
    int rc = contained(reg, &c, &h, &b, &m, &size, res, err);
    char *block = m ? (char *)m + SHM_HDR : NULL;
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
        int32_t cl = ((struct shm_hdr *)m)->chg_len;
        if (cl > 0 && (uint32_t)cl <= CHG_MAX)
            qs_exitpgm_apply_changes(reg, ctx, env, block + b.len, (size_t)cl);
    }
    if (m)
        munmap(m, size);
    qs_buf_free(&b);
    return rc;
}

int qs_exitpgm_call(const struct qs_exitpgm_reg *reg, struct qs_msf_env *env,
                    const char *content_path, struct qs_exitpgm_result *res,
                    struct qs_err *err)
{
    return call_snapin(reg, NULL, env, content_path, res, err);
}

int qs_exitpgm_describe(const struct qs_msf_env *env, const char *content, struct qs_buf *b)
{
    if (build(b, env, content) < 0)
        return -1;
    qs_zmf_relocate(b->data, NATTRS);
    return NATTRS;
}

void qs_exitpgm_track(struct qs_msf_ctx *ctx, const struct qs_exitpgm_reg *changer)
{
    struct qs_exitpgm_reg *v;
    size_t n;
    struct qs_err err = QS_ERR_INIT;
    if (qs_exitpgm_list("QIBM_QZMFMSF_TRK_CHG", &v, &n, &err) < 0) {
        qs_err_clear(&err);
        return;
    }
    struct qs_buf b;
    qs_buf_init(&b, 16);
    for (size_t i = 0; i < n; i++) {
        struct shm_hdr h;
        header(&h, changer->exit_point, ctx->env->id, v[i].format, changer->pgm);
        struct call c = { PL_TRACK, ctx->content_path, 0, ctx->env };
        struct qs_exitpgm_result res;
        void *m = NULL;
        size_t size = 0;
        if (contained(&v[i], &c, &h, &b, &m, &size, &res, &err) < 0) {
            qs_log(QS_LOG_ERR, "msf %s: %s", ctx->env->id, err.text ? err.text : "track exit failed");
            qs_err_clear(&err);
        } else if (res.rc != 0) {
            /* 1 data not valid, 2 severe error: kept for tracking only */
            qs_log(QS_LOG_INFO, "msf %s: change tracking program %s returned %d",
                   ctx->env->id, v[i].pgm, res.rc);
        }
        if (m)
            munmap(m, size);
    }
    qs_buf_free(&b);
    free(v);
}

int qs_exitpgm_validate(const char *msg_id, const struct qs_zmf_parsed *p, struct qs_err *err)
{
    struct qs_exitpgm_reg *v;
    size_t n;
    if (qs_exitpgm_list("QIBM_QZMFMSF_VLD_TYP", &v, &n, err) < 0)
        return -1;
    if (n == 0) {
        free(v);
        return 0;
    }
    struct qs_buf b;
    qs_buf_init(&b, QS_ZMF_MAX_DESC_SIZE);
    size_t nattrs = 0;
    int rc = qs_zmf_rebuild(&b, p, &nattrs) < 0 ? qs_err_sys(err, errno ? errno : E2BIG) : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct shm_hdr h;
        header(&h, v[i].exit_point, msg_id, v[i].format, NULL);
        struct call c = { PL_VALIDATE, NULL, nattrs, NULL };
        struct qs_exitpgm_result res;
        void *m = NULL;
        size_t size = 0;
        struct qs_err cerr = QS_ERR_INIT;
        if (contained(&v[i], &c, &h, &b, &m, &size, &res, &cerr) < 0) {
            qs_log(QS_LOG_ERR, "validation: %s", cerr.text ? cerr.text : "exit program failed");
            qs_err_clear(&cerr);
            res.rc = -1;                   /* a program that cannot answer rejects */
        }
        if (res.rc != 0) {
            char r[16];
            snprintf(r, sizeof r, "%d", 60);
            rc = qs_err_set(err, "CPFAF83", r, (const char *)NULL);
        }
        if (m)
            munmap(m, size);
    }
    qs_buf_free(&b);
    free(v);
    return rc;
}

/* Exit points whose programs may change the message content: they get a
 * private copy, committed only when they return CONTINUE/END. */
static int edits_content(const char *exit_point)
{
    return qs_strcaseeq(exit_point, "QIBM_QZMFMSF_ENL_PSS") ||
           qs_strcaseeq(exit_point, "QIBM_QZMFMSF_ATT_CNV") ||
           qs_strcaseeq(exit_point, "QIBM_QZMFMSF_MSG_FWD");
}

int qs_exitpgm_run_point(const char *exit_point, struct qs_msf_ctx *ctx, struct qs_err *err)
{
    struct qs_exitpgm_reg *v;
    size_t n;
    if (qs_exitpgm_list(exit_point, &v, &n, err) < 0)
        return -1;
    int out = QS_MSF_CONTINUE, edits = edits_content(exit_point);
    struct qs_buf wp;
    qs_buf_init(&wp, 4096);
    int *before = n ? calloc(ctx->env->nrcpt + 1, sizeof *before) : NULL;
    for (size_t i = 0; i < n; i++) {
        char tag[64];
        snprintf(tag, sizeof tag, "%s/%d", v[i].exit_point, v[i].pgmnbr);
        if (edits && qs_msf_ctx_tag_done(ctx, tag))
            continue;                     /* its change was committed before a crash */
        struct qs_err cerr = QS_ERR_INIT;
        const char *path = ctx->content_path;
        int work = 0;
        if (edits) {
            int w = qs_msf_ctx_work_copy(ctx, &wp, &cerr);
            if (w < 0) {
                qs_log(QS_LOG_ERR, "msf %s: no work copy for %s: %s", ctx->env->id, v[i].pgm,
                       cerr.text ? cerr.text : "");
                qs_err_clear(&cerr);
                continue;
            }
            if (w == 0) {
                path = wp.data;
                work = 1;
            }
        }
        for (size_t k = 0; before && k < ctx->env->nrcpt; k++)
            before[k] = ctx->env->rcpt[k].status;
        struct qs_exitpgm_result res;
        int failed = call_snapin(&v[i], ctx, ctx->env, path, &res, &cerr) < 0;
        if (failed) {
            qs_log(QS_LOG_ERR, "msf %s: %s", ctx->env->id, cerr.text ? cerr.text : "exit program failed");
            qs_err_clear(&cerr);
        }
        int changed = 0;
        if (work && !failed && res.rc != QS_MSF_BACKOUT) {
            int c = qs_msf_ctx_work_commit(ctx, tag, &cerr);
            if (c < 0) {
                qs_log(QS_LOG_ERR, "msf %s: content from %s not taken: %s", ctx->env->id,
                       v[i].pgm, cerr.text ? cerr.text : "");
                qs_err_clear(&cerr);
            }
            changed = c == 1;
        } else if (work) {
            qs_msf_ctx_work_abort(ctx);
        }
        for (size_t k = 0; before && k < ctx->env->nrcpt; k++)
            if (before[k] != ctx->env->rcpt[k].status)
                changed = 1;
        if (changed)
            qs_exitpgm_track(ctx, &v[i]);
        if (failed)
            continue;
        if (res.rc == QS_MSF_END_MSG || res.rc == QS_MSF_END_JOB) {
            /* the program took the message over: what is not final leaves
             * MSF as "ignore", so the runner does not offer it again */
            for (size_t k = 0; k < ctx->env->nrcpt; k++) {
                int s = ctx->env->rcpt[k].status;
                if (s == QS_MSF_RS_PENDING || s == QS_MSF_RS_REPROCESS)
                    ctx->env->rcpt[k].status = QS_MSF_RS_IGNORE;
            }
            if (res.rc == QS_MSF_END_JOB)
                qs_log(QS_LOG_WARN, "msf %s: exit program %s asked to end the MSF job",
                       ctx->env->id, v[i].pgm);
            out = res.rc;
            break;
        }
    }
    free(before);
    qs_buf_free(&wp);
    free(v);
    return out;
}
