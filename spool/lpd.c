/*
 * spool/lpd.c - RFC 1179 receive-job state machine (see lpd.h).
 */
#include "spool/lpd.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/log.h"
#include "spool/splf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lpd_state { S_CMD, S_SUB, S_FILE, S_CLOSED };

struct held {                            /* a data file waiting for the control file */
    char  *data;
    size_t len;
};

struct qs_lpd {
    qs_lpd_deliver_fn *deliver;
    qs_lpd_outq_fn *outq_ok;
    void *arg;
    enum lpd_state st;
    char outq[11], outqlib[11];
    char user[11], title[101];
    int have_ctl;
    int file_is_ctl;                     /* S_FILE: control (1) or data (0) */
    size_t want;                         /* S_FILE: bytes still to come, + the NUL */
    struct qs_buf file;
    struct held *held;
    size_t nheld, held_bytes;
};

struct qs_lpd *qs_lpd_new(qs_lpd_deliver_fn *deliver, qs_lpd_outq_fn *outq_ok, void *arg)
{
    struct qs_lpd *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->deliver = deliver;
    l->outq_ok = outq_ok;
    l->arg = arg;
    qs_buf_init(&l->file, QS_LPD_FILE_MAX + 1);
    return l;
}

static void drop_held(struct qs_lpd *l)
{
    for (size_t i = 0; i < l->nheld; i++)
        free(l->held[i].data);
    free(l->held);
    l->held = NULL;
    l->nheld = l->held_bytes = 0;
}

void qs_lpd_free(struct qs_lpd **lp)
{
    struct qs_lpd *l = *lp;
    if (!l)
        return;
    drop_held(l);
    qs_buf_free(&l->file);
    free(l);
    *lp = NULL;
}

/* An IBM *NAME, upper-cased into out[11]; 0 or -1. */
static int to_name(const char *s, size_t n, char *out)
{
    if (n == 0 || n > 10 || (s[0] >= '0' && s[0] <= '9'))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
              c == '#' || c == '@'))
            return -1;
        out[i] = c;
    }
    out[n] = '\0';
    return 0;
}

/* Queue operand "NAME" or "LIB/NAME" → outq. */
static int set_queue(struct qs_lpd *l, const char *q, size_t n)
{
    const char *slash = memchr(q, '/', n);
    if (slash) {
        if (to_name(q, (size_t)(slash - q), l->outqlib) < 0)
            return -1;
        n -= (size_t)(slash - q) + 1;
        q = slash + 1;
    } else {
        snprintf(l->outqlib, sizeof l->outqlib, "QGPL");
    }
    if (to_name(q, n, l->outq) < 0)
        return -1;
    return l->outq_ok && !l->outq_ok(l->arg, l->outqlib, l->outq) ? -1 : 0;
}

/* Copy printable characters of a control-file operand into out. */
static void take_text(const char *s, size_t n, char *out, size_t outsz)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < outsz; i++)
        if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
            out[k++] = s[i];
    out[k] = '\0';
}

static void parse_control(struct qs_lpd *l, const char *p, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) : n;
        if (len > 0 && p[0] == 'P')
            take_text(p + 1, len - 1, l->user, sizeof l->user);
        else if (len > 0 && p[0] == 'N')
            take_text(p + 1, len - 1, l->title, sizeof l->title);
        p += len;
        n -= len;
        if (nl) {
            p++;
            n--;
        }
    }
}

static int deliver(struct qs_lpd *l, const char *data, size_t len)
{
    struct qs_lpd_file f = {
        .outqlib = l->outqlib, .outq = l->outq, .user = l->user, .title = l->title,
        .data = data, .len = len,
    };
    return l->deliver ? l->deliver(l->arg, &f) : 0;
}

/* A whole file (without its trailing NUL) is in l->file.  0 = ack. */
static int file_done(struct qs_lpd *l)
{
    if (l->file_is_ctl) {
        parse_control(l, l->file.data, l->file.len);
        l->have_ctl = 1;
        int rc = 0;
        for (size_t i = 0; i < l->nheld && rc == 0; i++)
            rc = deliver(l, l->held[i].data, l->held[i].len);
        drop_held(l);
        return rc;
    }
    if (l->have_ctl)
        return deliver(l, l->file.data ? l->file.data : "", l->file.len);
    if (l->held_bytes + l->file.len > QS_LPD_JOB_MAX)
        return -1;
    struct held *h = realloc(l->held, (l->nheld + 1) * sizeof *h);
    if (!h)
        return -1;
    l->held = h;
    size_t len;
    char *d = qs_buf_detach(&l->file, &len);
    if (!d && len > 0)
        return -1;
    h[l->nheld].data = d;
    h[l->nheld].len = len;
    l->nheld++;
    l->held_bytes += len;
    return 0;
}

/* Subcommand "\2count name" / "\3count name": parse the count. */
static int sub_count(const char *p, size_t n, size_t *count_r)
{
    size_t v = 0, i = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
        if (v > QS_LPD_FILE_MAX / 10)
            return -1;
        v = v * 10 + (size_t)(p[i] - '0');
    }
    if (i == 0 || i >= n || p[i] != ' ' || v > QS_LPD_FILE_MAX)
        return -1;
    *count_r = v;
    return 0;
}

long qs_lpd_input(struct qs_lpd *l, const char *p, size_t n, struct qs_buf *out)
{
    size_t used = 0;
    while (used < n && l->st != S_CLOSED) {
        const char *q = p + used;
        size_t left = n - used;
        if (l->st == S_FILE) {
            size_t take = left < l->want ? left : l->want;
            /* the last byte of a file is the NUL that ends it */
            size_t body = l->want - 1;
            size_t data = take < body ? take : body;
            if (data > 0 && qs_buf_add(&l->file, q, data) < 0)
                return -1;
            used += take;
            l->want -= take;
            if (l->want == 0) {
                if (take > data && q[take - 1] != '\0')
                    return -1;
                int rc = file_done(l);
                qs_buf_reset(&l->file);
                qs_buf_addc(out, rc == 0 ? '\0' : '\1');
                if (rc < 0)
                    return -1;
                l->st = S_SUB;
            }
            continue;
        }
        const char *nl = memchr(q, '\n', left < QS_LPD_LINE_MAX ? left : QS_LPD_LINE_MAX);
        if (!nl) {
            if (left >= QS_LPD_LINE_MAX)
                return -1;               /* a line too long */
            break;                       /* wait for more */
        }
        size_t len = (size_t)(nl - q);
        used += len + 1;
        if (len == 0)
            return -1;
        const char *arg = q + 1;
        size_t alen = len - 1;
        if (l->st == S_CMD) {
            const char *sp = memchr(arg, ' ', alen);
            size_t qlen = sp ? (size_t)(sp - arg) : alen;
            switch (q[0]) {
            case 2:
                if (set_queue(l, arg, qlen) < 0) {
                    qs_buf_addc(out, '\1');
                    return -1;
                }
                qs_buf_addc(out, '\0');
                l->st = S_SUB;
                break;
            case 3:
            case 4:
                if (set_queue(l, arg, qlen) < 0)
                    qs_buf_addf(out, "%.*s: unknown queue\n", (int)(qlen > 64 ? 64 : qlen), arg);
                else
                    qs_buf_addf(out, "%s/%s: ready\n", l->outqlib, l->outq);
                return -1;
            case 1:
            case 5:
                return -1;
            default:
                return -1;
            }
        } else {                          /* S_SUB */
            size_t count;
            switch (q[0]) {
            case 1:                       /* abort the job */
                drop_held(l);
                l->have_ctl = 0;
                qs_buf_addc(out, '\0');
                break;
            case 2:
            case 3:
                if (sub_count(arg, alen, &count) < 0) {
                    qs_buf_addc(out, '\1');
                    return -1;
                }
                l->file_is_ctl = q[0] == 2;
                l->want = count + 1;
                qs_buf_reset(&l->file);
                qs_buf_addc(out, '\0');
                l->st = S_FILE;
                break;
            default:
                qs_buf_addc(out, '\1');
                return -1;
            }
        }
    }
    return (long)used;
}

int qs_lpd_outq_exists(void *arg, const char *lib, const char *name)
{
    (void)arg;
    if (strcmp(lib, "QGPL") == 0 && strcmp(name, "QPRINT") == 0) {
        struct qs_err err = QS_ERR_INIT;
        int rc = qs_outq_default(&err);
        qs_err_clear(&err);
        return rc == 0;
    }
    return qs_outq_exists(lib, name);
}

int qs_lpd_spool(void *arg, const struct qs_lpd_file *f)
{
    (void)arg;
    struct qs_splf_attr a;
    struct qs_err err = QS_ERR_INIT;
    struct qs_splf *h = NULL;
    qs_splf_attr_default(&a);
    snprintf(a.file, sizeof a.file, "QLPD");
    snprintf(a.outq, sizeof a.outq, "%s", f->outq);
    snprintf(a.outqlib, sizeof a.outqlib, "%s", f->outqlib);
    char u[11];
    if (to_name(f->user, strlen(f->user), u) == 0)
        snprintf(a.usrdta, sizeof a.usrdta, "%s", u);
    snprintf(a.usrtext, sizeof a.usrtext, "%s", f->title);
    a.ro.ccsid = 819;
    a.ro.ctlchar = QS_CTL_NONE;
    int rc = qs_splf_create(&a, &h, &err);
    int number = h ? qs_splf_handle_attr(h)->number : 0;
    if (rc == 0 && qs_splf_write(h, f->data, f->len, &err) < 0) {
        qs_splf_abort(&h);
        rc = -1;
    }
    if (rc == 0)
        rc = qs_splf_close(&h, 0, &err);
    if (rc == 0)
        qs_log(QS_LOG_INFO, "job from user %s: spooled file QLPD %d on %s/%s, %zu bytes",
               a.usrdta[0] ? a.usrdta : "(none)", number, a.outqlib, a.outq, f->len);
    else
        qs_log(QS_LOG_WARN, "job for %s/%s refused: %s %s", a.outqlib, a.outq,
               err.msgid[0] ? err.msgid : "-", err.text ? err.text : "");
    qs_err_clear(&err);
    return rc;
}
