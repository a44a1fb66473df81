/*
 * qsys/job/job.c - job identity, number, CCSID, QTEMP, call stack (job.h).
 *
 * Owns the process's one job.  Invariants: a job number is never handed out
 * twice in a row across processes (counter file under an exclusive lock,
 * written atomically); QTEMP belongs to exactly one live job and is removed
 * when it ends, or swept by the next job start when its process died.
 */
#include "qsys/job/job.h"
#include "qsys/job/joblog.h"
#include "qsys/usrprf/usrprf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t job_mu = PTHREAD_MUTEX_INITIALIZER;
static struct qs_job *cur_job;
static int atexit_done;

int qs_job_next_number(char out[7], struct qs_err *err)
{
    struct qs_buf p, data;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&data, 64);
    int rc = -1, fd = -1;
    if (qs_root_path(&p, err, "run") < 0 || qs_mkdir_p(qs_buf_str(&p), 0700, err) < 0)
        goto out;
    qs_buf_adds(&p, "/jobnum.lck");
    if ((fd = qs_lock_path(qs_buf_str(&p), 1, 1, err)) < 0)
        goto out;
    qs_buf_truncate(&p, p.len - 4);   /* run/jobnum */
    long long n = 0;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(qs_buf_str(&p), 64, &data, &e2) == 0) {
        size_t l = data.len;
        while (l && (data.data[l - 1] == '\n' || data.data[l - 1] == ' '))
            l--;
        if (qs_parse_ll(data.data, l, 0, 999999, &n) < 0)
            n = 0;   /* damaged counter: start over rather than stop all jobs */
    }
    qs_err_clear(&e2);
    n = n >= 999999 ? 1 : n + 1;
    char txt[16];
    int tl = snprintf(txt, sizeof txt, "%06lld\n", n);
    if (qs_file_write_atomic(qs_buf_str(&p), txt, (size_t)tl, 0600, err) < 0)
        goto out;
    memcpy(out, txt, 6);
    out[6] = '\0';
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    qs_buf_free(&p);
    qs_buf_free(&data);
    return rc;
}

/* The job name: this program's name made a *NAME. */
static void job_name(char out[QS_NAME_LEN + 1])
{
    extern char *program_invocation_short_name;
    const char *s = program_invocation_short_name;
    char n[QS_NAME_LEN + 1];
    size_t k = 0;
    for (; s && *s && k < QS_NAME_LEN; s++) {
        int c = (unsigned char)*s;
        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '#' ||
              c == '@' || c == '_'))
            c = '_';
        if (k == 0 && !((c >= 'A' && c <= 'Z') || c == '$' || c == '#' || c == '@'))
            n[k++] = 'Q';
        if (k < QS_NAME_LEN)
            n[k++] = (char)c;
    }
    n[k] = '\0';
    if (qs_name_check(n, out, "JOB", NULL) < 0)
        qs_strlcpy(out, "QSHIMJOB", QS_NAME_LEN + 1);
}

/* Remove QTEMP directories of jobs whose process is gone. */
static void sweep_qtemp(const char *base)
{
    DIR *dp = opendir(base);
    if (!dp)
        return;
    struct dirent *de;
    struct qs_buf p, pid;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&pid, 64);
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        qs_buf_reset(&p);
        qs_buf_reset(&pid);
        qs_buf_addf(&p, "%s/%s/.pid", base, de->d_name);
        long long v;
        int alive = 1;
        if (qs_file_read(qs_buf_str(&p), 64, &pid, NULL) < 0 ||
            qs_parse_ll(pid.data, pid.len, 1, 1LL << 31, &v) < 0)
            alive = 0;
        else if (kill((pid_t)v, 0) < 0 && errno == ESRCH)
            alive = 0;
        if (!alive) {
            qs_buf_truncate(&p, p.len - 5);
            qs_rm_rf(qs_buf_str(&p));
        }
    }
    closedir(dp);
    qs_buf_free(&p);
    qs_buf_free(&pid);
}

static void job_free(struct qs_job *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < QS_JOB_MAX_STACK; i++) {
        for (size_t k = 0; k < j->qn[i]; k++)
            qs_jobmsg_free(&j->q[i][k]);
        free(j->q[i]);
    }
    free(j->qtemp);
    free(j->joblog);
    free(j);
}

static void at_exit_end(void)
{
    qs_job_end();
}

static struct qs_job *job_start(struct qs_err *err)
{
    if (qs_obj_init_system(err) < 0)
        return NULL;
    struct qs_job *j = calloc(1, sizeof *j);
    struct qs_usrprf *p = calloc(1, sizeof *p);
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_PATH);
    if (!j || !p) {
        qs_err_sys(err, ENOMEM);
        goto fail;
    }
    if (qs_usrprf_current(p, err) < 0 || qs_job_next_number(j->number, err) < 0)
        goto fail;
    qs_strlcpy(j->user, p->name, sizeof j->user);
    j->spcaut = p->spcaut;
    j->ccsid = p->ccsid > 0 && p->ccsid != 65535 ? p->ccsid : QS_JOB_CCSID_NATIVE;
    job_name(j->name);
    qs_libl_default(&j->libl);
    j->depth = 1;
    qs_strlcpy(j->stack[0], j->name, sizeof j->stack[0]);
    j->next_key = 1;

    /* QTEMP */
    if (qs_root_path(&b, err, "tmp/QTEMP") < 0 || qs_mkdir_p(qs_buf_str(&b), 0700, err) < 0)
        goto fail;
    sweep_qtemp(qs_buf_str(&b));
    qs_buf_addf(&b, "/%s", j->number);
    qs_rm_rf(qs_buf_str(&b));   /* a wrapped number's leftovers */
    if (qs_mkdir_p(qs_buf_str(&b), 0700, err) < 0)
        goto fail;
    j->qtemp = strdup(qs_buf_str(&b));
    qs_buf_adds(&b, "/.pid");
    char pid[24];
    int pl = snprintf(pid, sizeof pid, "%ld", (long)getpid());
    if (!j->qtemp || qs_file_write_atomic(qs_buf_str(&b), pid, (size_t)pl, 0600, err) < 0)
        goto fail;

    /* job log */
    qs_buf_reset(&b);
    if (qs_root_path(&b, err, "joblog") < 0 || qs_mkdir_p(qs_buf_str(&b), 0700, err) < 0)
        goto fail;
    qs_buf_addf(&b, "/%s-%s-%s.log", j->number, j->user, j->name);
    j->joblog = strdup(qs_buf_str(&b));
    if (!j->joblog) {
        qs_err_sys(err, ENOMEM);
        goto fail;
    }
    qs_buf_free(&b);
    free(p);
    qs_obj_set_qtemp(j->qtemp);
    return j;
fail:
    qs_buf_free(&b);
    free(p);
    if (j && j->qtemp)
        qs_rm_rf(j->qtemp);
    job_free(j);
    return NULL;
}

struct qs_job *qs_job_current(struct qs_err *err)
{
    pthread_mutex_lock(&job_mu);
    int fresh = 0;
    if (!cur_job) {
        cur_job = job_start(err);
        fresh = cur_job != NULL;
        if (fresh && !atexit_done) {
            atexit(at_exit_end);
            atexit_done = 1;
        }
    }
    struct qs_job *j = cur_job;
    pthread_mutex_unlock(&job_mu);
    if (fresh)
        qs_joblog_started(j);
    return j;
}

void qs_job_end(void)
{
    pthread_mutex_lock(&job_mu);
    struct qs_job *j = cur_job;
    cur_job = NULL;
    pthread_mutex_unlock(&job_mu);
    if (!j)
        return;
    qs_joblog_ended(j);
    qs_obj_set_qtemp(NULL);
    if (j->qtemp)
        qs_rm_rf(j->qtemp);
    job_free(j);
}

int qs_job_set_ccsid(struct qs_job *j, int ccsid, struct qs_err *err)
{
    if (ccsid < 0 || ccsid > 65535) {
        char v[24];
        snprintf(v, sizeof v, "%d", ccsid);
        return qs_err_set(err, "CPF1B65", v, (const char *)NULL);
    }
    j->ccsid = ccsid == 65535 ? QS_JOB_CCSID_NATIVE : ccsid;
    return 0;
}

int qs_job_is_ebcdic(const struct qs_job *j)
{
    /* The EBCDIC CCSIDs qshim knows of are all single/double-byte EBCDIC
     * ranges below 5000 except the ASCII/Unicode ones listed here. */
    static const int ascii[] = { 367, 819, 850, 1200, 1208, 1252, 1250, 1251, 1253, 1254,
                                 1275, 912, 913, 914, 915, 923, 13488, 61952 };
    if (!j || j->ccsid == QS_JOB_CCSID_NATIVE)
        return 0;
    for (size_t i = 0; i < sizeof ascii / sizeof ascii[0]; i++)
        if (j->ccsid == ascii[i])
            return 0;
    return 1;
}

int qs_job_check_aut(const struct qs_job *j, const struct qs_objdesc *d, enum qs_aut need,
                     struct qs_err *err)
{
    return qs_obj_check_aut(d, j->user, (j->spcaut & QS_SPCAUT_ALLOBJ) != 0, need, err);
}

int qs_job_push_pgm(struct qs_job *j, const char *pgm)
{
    if (j->depth >= QS_JOB_MAX_STACK)
        return -1;
    qs_strlcpy(j->stack[j->depth], pgm && *pgm ? pgm : "*N", sizeof j->stack[0]);
    j->depth++;
    return 0;
}

void qs_job_pop_pgm(struct qs_job *j)
{
    if (j->depth <= 1)
        return;
    size_t i = j->depth - 1;
    for (size_t k = 0; k < j->qn[i]; k++)
        qs_jobmsg_free(&j->q[i][k]);
    free(j->q[i]);
    j->q[i] = NULL;
    j->qn[i] = 0;
    j->depth--;
}

int qs_msgid_matches(const char *pat, const char *id)
{
    if (!pat || !id || strlen(pat) != 7 || strlen(id) != 7)
        return 0;
    if (strcmp(pat, id) == 0)
        return 1;
    if (memcmp(pat + 3, "0000", 4) == 0)
        return memcmp(pat, id, 3) == 0;
    if (memcmp(pat + 5, "00", 2) == 0)
        return memcmp(pat, id, 5) == 0;
    return 0;
}
