/*
 * api/errcode.c - error code parameter and escape messages (errcode.h).
 *
 * Owns the translation of a qs_err into IBM's ERRC0100/ERRC0200 and the
 * per-thread stack of QS_MONITOR blocks (qshim_monitor.h).  Invariants: a
 * caller's structure is never written past Bytes_Provided; an escape is in
 * the job log before it is delivered to a monitor or ends the program.
 */
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

#include <qusec.h>
#include <qshim_monitor.h>

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local struct qshim_monitor *mon_top;
static qshim_escape_handler_t esc_fn;
static void *esc_arg;

void qshim_monitor_push(struct qshim_monitor *m)
{
    memset(m->msgid, 0, sizeof m->msgid);
    m->text[0] = '\0';
    m->data_len = 0;
    m->prev = mon_top;
    mon_top = m;
}

void qshim_monitor_pop(struct qshim_monitor *m)
{
    /* pop m and anything left above it (a block left by longjmp) */
    struct qshim_monitor *p = mon_top;
    while (p && p != m)
        p = p->prev;
    if (p)
        mon_top = m->prev;
}

void qshim_set_escape_handler(qshim_escape_handler_t fn, void *arg)
{
    esc_fn = fn;
    esc_arg = arg;
}

_Noreturn void qs_escape(struct qs_err *err, const char *api)
{
    struct qs_err none = QS_ERR_INIT;
    if (!qs_err_isset(err)) {   /* never signal an empty escape */
        qs_err_set(&none, "CPF9898", "Unknown error", (const char *)NULL);
        err = &none;
    }
    struct qs_job *j = qs_job_current(NULL);
    if (j) {
        qs_job_push_pgm(j, api);
        qs_job_send_err(j, err, QS_MSG_ESCAPE, "*PRV", NULL);
        qs_job_pop_pgm(j);
    }
    struct qshim_monitor *m = mon_top;
    if (m) {
        mon_top = m->prev;
        qs_strlcpy(m->msgid, err->msgid, sizeof m->msgid);
        qs_strlcpy(m->text, err->text ? err->text : "", sizeof m->text);
        size_t n = err->data_len < sizeof m->data ? err->data_len : sizeof m->data;
        if (n)
            memcpy(m->data, err->data, n);
        m->data_len = (int)n;
        qs_err_clear(err);
        qs_err_clear(&none);
        longjmp(m->env, 1);
    }
    extern char *program_invocation_short_name;
    const char *prog = program_invocation_short_name;
    fprintf(stderr, "%s: %s: %s\n", prog, err->msgid, err->text ? err->text : "");
    fflush(stderr);
    if (j) {
        char pgm[11];
        qs_strlcpy(pgm, prog, sizeof pgm);
        qs_str_upper(pgm);
        struct qs_err cee = QS_ERR_INIT;
        qs_err_set(&cee, "CEE9901", err->msgid, pgm, (const char *)NULL);
        qs_job_send_err(j, &cee, QS_MSG_ESCAPE, "*EXT", NULL);
        qs_err_clear(&cee);
    }
    if (esc_fn)
        esc_fn(err->msgid, err->text ? err->text : "", esc_arg);
    qs_err_clear(err);
    qs_err_clear(&none);
    exit(1);
}

static _Noreturn void bad_ec(const char *api, int provided)
{
    struct qs_err e = QS_ERR_INIT;
    char v[16];
    snprintf(v, sizeof v, "%d", provided);
    qs_err_set(&e, "CPF3CF1", v, (const char *)NULL);
    qs_escape(&e, api);
}

int qs_ec_begin(void *errcode, const char *api)
{
    if (!errcode)
        return 0;
    int first;
    memcpy(&first, errcode, sizeof first);
    if (first == -1) {
        Qus_ERRC0200_t *e2 = errcode;
        int bp;
        memcpy(&bp, &e2->Bytes_Provided, sizeof bp);
        if (bp == 0)
            return 0;
        if (bp < 12)
            bad_ec(api, bp);
        int zero = 0;
        memcpy(&e2->Bytes_Available, &zero, sizeof zero);
        return 0;
    }
    if (first == 0)
        return 0;
    if (first < 8)
        bad_ec(api, first);
    int zero = 0;
    memcpy((char *)errcode + 4, &zero, sizeof zero);
    return 0;
}

/* Copy src[0..n) to dst at offset `off` of a caller block of `provided` bytes. */
static void put(void *base, int provided, size_t off, const void *src, size_t n)
{
    if ((size_t)provided <= off)
        return;
    size_t room = (size_t)provided - off;
    memcpy((char *)base + off, src, n < room ? n : room);
}

void qs_ec_report(void *errcode, struct qs_err *err, const char *api)
{
    if (!errcode)
        qs_escape(err, api);
    int first;
    memcpy(&first, errcode, sizeof first);
    size_t dl = err->data_len;
    if (first == -1) {
        int bp;
        memcpy(&bp, (char *)errcode + 4, sizeof bp);
        if (bp == 0)
            qs_escape(err, api);
        if (bp < 12)
            bad_ec(api, bp);
        const size_t hdr = sizeof(Qus_ERRC0200_t);
        int avail = (int)(hdr + dl), ccsid = 0, off = (int)hdr;
        int len = bp > (int)hdr ? (int)((size_t)bp - hdr < dl ? (size_t)bp - hdr : dl) : 0;
        put(errcode, bp, 8, &avail, 4);
        put(errcode, bp, 12, err->msgid, 7);
        put(errcode, bp, 19, "", 1);
        put(errcode, bp, 20, &ccsid, 4);
        put(errcode, bp, 24, &off, 4);
        put(errcode, bp, 28, &len, 4);
        put(errcode, bp, hdr, err->data, dl);
        return;
    }
    if (first == 0)
        qs_escape(err, api);
    if (first < 8)
        bad_ec(api, first);
    int avail = (int)(16 + dl);
    put(errcode, first, 4, &avail, 4);
    put(errcode, first, 8, err->msgid, 7);
    put(errcode, first, 15, "", 1);
    put(errcode, first, 16, err->data, dl);
}
