/*
 * api/recio.c - ILE C record I/O onto spooled files (see recio.h).
 */
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "spool/prtf.h"
#include "spool/splf.h"

#include <recio.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct recio_impl {
    struct qs_splf *h;
    size_t          lrecl;          /* 0 = no limit */
    int             hold;
    unsigned char   nl;             /* record end in the file's CCSID */
    unsigned char  *rec;
    size_t          rec_cap;
    unsigned long   count;
};

/* errno for an IBM message (the id itself goes to the job log) */
static int fail_errno(struct qs_job *j, struct qs_err *err, const char *api)
{
    if (j)
        qs_job_send_err(j, err, QS_MSG_DIAG, NULL, NULL);
    (void)api;
    return errno ? errno : EIO;
}

static int kw(const char *s, size_t n, const char *lit)
{
    return qs_memcaseeq(s, n, lit);
}

/* Apply one "key=value" of the mode string. 0 or -1. */
static int mode_kw(struct qs_splf_attr *a, struct recio_impl *r, const char *k, size_t kl,
                   const char *v, size_t vl)
{
    char val[64];
    long long n;
    if (vl >= sizeof val)
        return -1;
    memcpy(val, v, vl);
    val[vl] = '\0';
    if (kw(k, kl, "lrecl")) {
        if (qs_parse_ll(val, vl, 1, 32766, &n) < 0)
            return -1;
        r->lrecl = (size_t)n;
    } else if (kw(k, kl, "ctlchar")) {
        if (qs_strcaseeq(val, "*fcfc"))
            a->ro.ctlchar = QS_CTL_FCFC;
        else if (qs_strcaseeq(val, "*none"))
            a->ro.ctlchar = QS_CTL_NONE;
        else
            return -1;
    } else if (kw(k, kl, "pagesize")) {
        char *sp = strchr(val, ' ');
        long long w;
        if (!sp || qs_parse_ll(val, (size_t)(sp - val), 1, QS_SPOOL_MAX_PAGE_LEN, &n) < 0 ||
            qs_parse_ll(sp + 1, strlen(sp + 1), 1, QS_SPOOL_MAX_PAGE_WIDTH, &w) < 0)
            return -1;
        a->ro.page_len = (unsigned)n;
        a->ro.page_width = (unsigned)w;
        if (a->ro.overflow > a->ro.page_len)
            a->ro.overflow = a->ro.page_len;
    } else if (kw(k, kl, "usrdta")) {
        qs_strlcpy(a->usrdta, val, sizeof a->usrdta);
    } else if (kw(k, kl, "splfname")) {
        qs_strlcpy(a->file, val, sizeof a->file);
        qs_str_upper(a->file);
    } else if (kw(k, kl, "outq")) {
        char *slash = strchr(val, '/');
        if (slash) {
            *slash = '\0';
            qs_strlcpy(a->outqlib, val, sizeof a->outqlib);
            qs_strlcpy(a->outq, slash + 1, sizeof a->outq);
        } else {
            qs_strlcpy(a->outq, val, sizeof a->outq);
        }
        qs_str_upper(a->outq);
        qs_str_upper(a->outqlib);
    } else if (kw(k, kl, "hold")) {
        r->hold = val[0] == 'Y' || val[0] == 'y';
    }
    /* other IBM keywords (blkrcd, riofb, …) have no effect here */
    return 0;
}

_RFILE *_Ropen(const char *filename, const char *mode, ...)
{
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    _RFILE *fp = NULL;
    struct recio_impl *r = NULL;
    if (!j) {
        errno = EIO;
        goto out;
    }
    if (!filename || !mode) {
        errno = EINVAL;
        goto out;
    }
    /* mode: "wr" then ",key=value" … ; spaces allowed around */
    const char *m = mode;
    while (*m == ' ')
        m++;
    size_t ml = strcspn(m, ", ");
    if (!kw(m, ml, "wr")) {
        errno = ENOTSUP;                     /* reading printer files: no */
        goto out;
    }
    /* file: [LIB/]NAME: the printer file's attributes, then the mode
     * string's, then the overrides (prtf.h) */
    const char *name = strrchr(filename, '/');
    char lib[11] = "", fname[11];
    if (name && (size_t)(name - filename) < sizeof lib) {
        memcpy(lib, filename, (size_t)(name - filename));
        lib[name - filename] = '\0';
        qs_str_upper(lib);
    }
    name = name ? name + 1 : filename;
    qs_strlcpy(fname, name, sizeof fname);
    qs_str_upper(fname);
    struct qs_splf_attr a;
    if (qs_prtf_open_attr(j, lib, fname, &a, &err) < 0) {
        errno = fail_errno(j, &err, "_Ropen");
        goto out;
    }
    a.ro.ccsid = qs_job_is_ebcdic(j) ? 37 : 1208;
    r = calloc(1, sizeof *r);
    fp = calloc(1, sizeof *fp);
    if (!r || !fp) {
        errno = ENOMEM;
        goto fail;
    }
    r->nl = qs_job_is_ebcdic(j) ? 0x15 : '\n';
    for (const char *p = m + ml; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        size_t l = strcspn(p, ",");
        const char *eq = memchr(p, '=', l);
        size_t kl = eq ? (size_t)(eq - p) : l;
        while (kl > 0 && p[kl - 1] == ' ')
            kl--;
        if (eq && mode_kw(&a, r, p, kl, eq + 1, l - (size_t)(eq + 1 - p)) < 0) {
            errno = EINVAL;
            goto fail;
        }
        p += l;
    }
    if (r->hold)
        a.opn_hold = 1;
    qs_prtf_apply_overrides(fname, &a);
    /* DEVTYPE(*SCS) in an EBCDIC job: records end in NL (X'15'), which is
     * SCS; elsewhere the data stays line text. */
    if (strcmp(a.devtype, "*SCS") == 0 && a.ro.ctlchar == QS_CTL_NONE && qs_job_is_ebcdic(j))
        a.ro.ctlchar = QS_CTL_SCS;
    if (qs_splf_create(&a, &r->h, &err) < 0) {
        errno = fail_errno(j, &err, "_Ropen");
        goto fail;
    }
    fp->qshim_impl = r;
    goto out;
fail:
    free(r);
    free(fp);
    fp = NULL;
out:
    qs_err_clear(&err);
    return fp;
}

_RIOFB_T *_Rwrite(_RFILE *fp, void *buf, size_t size)
{
    if (!fp)
        return NULL;
    struct recio_impl *r = fp->qshim_impl;
    struct qs_err err = QS_ERR_INIT;
    fp->riofb.num_bytes = 0;
    if (!r || !r->h || (!buf && size)) {
        errno = EBADF;
        return &fp->riofb;
    }
    if (r->lrecl && size > r->lrecl)
        size = r->lrecl;
    if (size + 1 > r->rec_cap) {
        unsigned char *q = realloc(r->rec, size + 1);
        if (!q) {
            errno = ENOMEM;
            return &fp->riofb;
        }
        r->rec = q;
        r->rec_cap = size + 1;
    }
    /* a record is one line: record separators inside it become blanks */
    const unsigned char *in = buf;
    int ascii = r->nl == '\n';
    for (size_t i = 0; i < size; i++) {
        unsigned char ch = in[i];
        if (ascii)
            r->rec[i] = ch == '\n' || ch == '\r' ? ' ' : ch;
        else
            r->rec[i] = ch == 0x15 || ch == 0x25 || ch == 0x0D ? 0x40 : ch;
    }
    r->rec[size] = r->nl;
    if (qs_splf_write(r->h, r->rec, size + 1, &err) < 0) {
        errno = EIO;
        qs_err_clear(&err);
        return &fp->riofb;
    }
    r->count++;
    fp->riofb.num_bytes = (long)size;
    fp->riofb.rrn = r->count;
    return &fp->riofb;
}

int _Rclose(_RFILE *fp)
{
    if (!fp)
        return EOF;
    struct recio_impl *r = fp->qshim_impl;
    struct qs_err err = QS_ERR_INIT;
    int rc = 0;
    if (r && r->h && qs_splf_close(&r->h, r->hold, &err) < 0) {
        struct qs_job *j = qs_job_current(NULL);
        errno = fail_errno(j, &err, "_Rclose");
        rc = EOF;
    }
    qs_err_clear(&err);
    if (r)
        free(r->rec);
    free(r);
    free(fp);
    return rc;
}
