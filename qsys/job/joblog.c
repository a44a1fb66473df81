/*
 * qsys/job/joblog.c - program messages, the job log, DSPJOBLOG and DSPMSGD.
 *
 * Owns the job log file format (joblog.h) and the program message queues of
 * a job.  Every message sent is in the job log before qs_job_sndpgmmsg
 * returns; reading a job log never trusts it (bad lines are skipped).
 */
#include "qsys/job/joblog.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/msgtab.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define JOBLOG_MAX (16u * 1024 * 1024)

static const struct {
    const char *code;   /* in the file and on SNDPGMMSG MSGTYPE */
    const char *name;   /* in DSPJOBLOG */
} types[] = {
    [QS_MSG_INFO] = { "*INFO", "Information" },   [QS_MSG_COMP] = { "*COMP", "Completion" },
    [QS_MSG_DIAG] = { "*DIAG", "Diagnostic" },    [QS_MSG_ESCAPE] = { "*ESCAPE", "Escape" },
    [QS_MSG_NOTIFY] = { "*NOTIFY", "Notify" },    [QS_MSG_STATUS] = { "*STATUS", "Status" },
    [QS_MSG_INQ] = { "*INQ", "Inquiry" },         [QS_MSG_RQS] = { "*RQS", "Request" },
};
#define NTYPES (sizeof types / sizeof types[0])

const char *qs_msgtype_name(enum qs_msgtype t)
{
    return (unsigned)t < NTYPES ? types[t].name : "Information";
}

int qs_msgtype_parse(const char *s, enum qs_msgtype *t_r)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (qs_strcaseeq(s, types[i].code)) {
            *t_r = (enum qs_msgtype)i;
            return 0;
        }
    return -1;
}

/* IBM's job date format MM/DD/YY. */
static void mdy(char *d, size_t n, const struct tm *tm)
{
    unsigned mo = (unsigned)(tm->tm_mon + 1) % 100u, da = (unsigned)tm->tm_mday % 100u;
    unsigned yr = (unsigned)tm->tm_year % 100u;
    snprintf(d, n, "%02u/%02u/%02u", mo, da, yr);
}

void qs_jobmsg_free(struct qs_jobmsg *m)
{
    if (!m)
        return;
    free(m->data);
    free(m->text);
    m->data = NULL;
    m->text = NULL;
}

/* --- records ---------------------------------------------------------------- */

static void add_hex(struct qs_buf *b, const unsigned char *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    if (n == 0)
        qs_buf_addc(b, '-');
    for (size_t i = 0; i < n; i++) {
        qs_buf_addc(b, hx[p[i] >> 4]);
        qs_buf_addc(b, hx[p[i] & 15]);
    }
}

static int unhex(const char *s, size_t n, unsigned char **out, size_t *len_r)
{
    if (n == 1 && s[0] == '-') {
        *out = NULL;
        *len_r = 0;
        return 0;
    }
    if (n % 2)
        return -1;
    unsigned char *d = malloc(n / 2 + 1);
    if (!d)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[i + (size_t)k];
            int x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (x < 0) {
                free(d);
                return -1;
            }
            v = v * 16 + x;
        }
        d[i / 2] = (unsigned char)v;
    }
    d[n / 2] = '\0';
    *out = d;
    *len_r = n / 2;
    return 0;
}

void qs_joblog_write(const struct qs_job *j, const struct qs_jobmsg *m)
{
    if (!j || !j->joblog)
        return;
    struct qs_buf b;
    qs_buf_init(&b, 2 * (QS_MAX_MSG_DATA + QS_MAX_MSG_TEXT) + 256);
    qs_buf_addf(&b, "%lld.%06ld %s %s %d %s %s %u ", (long long)m->when, m->usec,
                m->msgid[0] ? m->msgid : "-", types[m->type].code, m->severity,
                m->from_pgm[0] ? m->from_pgm : "*N", m->to_pgm[0] ? m->to_pgm : "*N", m->key);
    add_hex(&b, m->data, m->data_len);
    qs_buf_addc(&b, ' ');
    add_hex(&b, (const unsigned char *)(m->text ? m->text : ""), m->text ? strlen(m->text) : 0);
    qs_buf_addc(&b, '\n');
    if (b.data) {
        int fd = open(j->joblog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd >= 0) {
            qs_write_all(fd, b.data, b.len);
            close(fd);
        }
    }
    qs_buf_free(&b);
}

/* Next space-separated token of [*p, end). */
static int token(const char **p, const char *end, const char **t, size_t *tl)
{
    const char *s = *p;
    const char *sp = memchr(s, ' ', (size_t)(end - s));
    const char *e = sp ? sp : end;
    if (e == s)
        return -1;
    *t = s;
    *tl = (size_t)(e - s);
    *p = sp ? sp + 1 : end;
    return 0;
}

int qs_joblog_parse(const char *line, size_t len, struct qs_jobmsg *m)
{
    memset(m, 0, sizeof *m);
    const char *p = line, *end = line + len, *t;
    size_t tl;
    long long v;
    /* time */
    if (token(&p, end, &t, &tl) < 0 || tl < 8 || t[tl - 7] != '.' ||
        qs_parse_ll(t, tl - 7, 0, 1LL << 40, &v) < 0)
        return -1;
    m->when = (time_t)v;
    if (qs_parse_ll(t + tl - 6, 6, 0, 999999, &v) < 0)
        return -1;
    m->usec = (long)v;
    /* msgid */
    if (token(&p, end, &t, &tl) < 0 || (tl != 7 && !(tl == 1 && t[0] == '-')))
        return -1;
    if (tl == 7) {
        memcpy(m->msgid, t, 7);
        m->msgid[7] = '\0';
    }
    /* type */
    if (token(&p, end, &t, &tl) < 0)
        return -1;
    int found = 0;
    for (size_t i = 0; i < NTYPES; i++)
        if (qs_memcaseeq(t, tl, types[i].code)) {
            m->type = (enum qs_msgtype)i;
            found = 1;
        }
    if (!found)
        return -1;
    if (token(&p, end, &t, &tl) < 0 || qs_parse_ll(t, tl, 0, 99, &v) < 0)
        return -1;
    m->severity = (int)v;
    if (token(&p, end, &t, &tl) < 0 || tl > QS_NAME_LEN)
        return -1;
    memcpy(m->from_pgm, t, tl);
    m->from_pgm[tl] = '\0';
    if (token(&p, end, &t, &tl) < 0 || tl > QS_NAME_LEN)
        return -1;
    memcpy(m->to_pgm, t, tl);
    m->to_pgm[tl] = '\0';
    if (token(&p, end, &t, &tl) < 0 || qs_parse_ll(t, tl, 0, 0xffffffffLL, &v) < 0)
        return -1;
    m->key = (unsigned)v;
    if (token(&p, end, &t, &tl) < 0 || unhex(t, tl, &m->data, &m->data_len) < 0)
        return -1;
    unsigned char *txt;
    size_t txl;
    if (token(&p, end, &t, &tl) < 0 || unhex(t, tl, &txt, &txl) < 0) {
        qs_jobmsg_free(m);
        return -1;
    }
    if (p != end) {
        free(txt);
        qs_jobmsg_free(m);
        return -1;
    }
    m->text = txt ? (char *)txt : strdup("");
    return 0;
}

static void stamp(struct qs_jobmsg *m)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    m->when = tv.tv_sec;
    m->usec = (long)tv.tv_usec;
}

static void job_event(struct qs_job *j, const char *id)
{
    struct tm tm;
    time_t now = time(NULL);
    localtime_r(&now, &tm);
    char d[32], t[16];
    mdy(d, sizeof d, &tm);
    strftime(t, sizeof t, "%H:%M:%S", &tm);
    const char *vals[] = { j->name, j->user, j->number, d, t };
    struct qs_err e = QS_ERR_INIT;
    qs_err_setv(&e, id, vals, 5);
    qs_job_send_err(j, &e, QS_MSG_COMP, "*EXT", NULL);
    qs_err_clear(&e);
}

void qs_joblog_started(struct qs_job *j)
{
    job_event(j, "CPF1124");
}

void qs_joblog_ended(struct qs_job *j)
{
    job_event(j, "CPF1164");
}

/* --- sending and receiving ---------------------------------------------------- */

int qs_job_sndpgmmsg(struct qs_job *j, const char *msgid, const void *data, size_t len,
                     enum qs_msgtype type, const char *to_pgm, int counter,
                     unsigned *key_r, struct qs_err *err)
{
    if ((unsigned)type >= NTYPES || counter < 0 || len > QS_MAX_MSG_DATA)
        return qs_err_set(err, "CPF2469", (const char *)NULL);
    struct qs_jobmsg m;
    memset(&m, 0, sizeof m);
    const struct qs_msgdesc *d = NULL;
    if (msgid && *msgid) {
        d = qs_msgdesc_find(msgid);
        if (!d)
            return qs_err_set(err, "CPF2419", msgid, "QCPFMSG", "QSYS", (const char *)NULL);
        qs_strlcpy(m.msgid, msgid, sizeof m.msgid);
        m.severity = d->severity;
    } else {
        m.severity = type == QS_MSG_ESCAPE ? 40 : type == QS_MSG_DIAG ? 30 : 0;
    }
    /* target entry */
    size_t target;
    const char *to = to_pgm && *to_pgm ? to_pgm : "*";
    int ext = qs_strcaseeq(to, "*EXT");
    if (qs_strcaseeq(to, "*") || ext) {
        target = j->depth - 1;
    } else if (qs_strcaseeq(to, "*PRV")) {
        target = j->depth >= 2 ? j->depth - 2 : 0;
    } else {
        size_t i = j->depth;
        while (i > 0 && !qs_strcaseeq(j->stack[i - 1], to))
            i--;
        if (i == 0)
            return qs_err_set(err, "CPF2469", (const char *)NULL);
        target = i - 1;
    }
    target = (size_t)counter > target ? 0 : target - (size_t)counter;

    m.type = type;
    stamp(&m);
    qs_strlcpy(m.from_pgm, j->stack[j->depth - 1], sizeof m.from_pgm);
    qs_strlcpy(m.to_pgm, ext ? "*EXT" : j->stack[target], sizeof m.to_pgm);
    m.key = j->next_key++;
    m.data = malloc(len + 1);
    if (!m.data)
        return qs_err_sys(err, ENOMEM);
    if (len)
        memcpy(m.data, data, len);
    m.data[len] = '\0';
    m.data_len = len;
    if (d)
        m.text = qs_msg_format(msgid, 0, m.data, len);
    else
        m.text = strndup((const char *)m.data, len);
    if (!m.text) {
        qs_jobmsg_free(&m);
        return qs_err_sys(err, ENOMEM);
    }
    qs_joblog_write(j, &m);
    if (key_r)
        *key_r = m.key;
    if (ext) {
        qs_jobmsg_free(&m);
        return 0;
    }
    /* queue it; a full queue drops its oldest message */
    struct qs_jobmsg **q = &j->q[target];
    size_t *n = &j->qn[target];
    if (*n >= QS_JOB_MAX_QUEUED) {
        qs_jobmsg_free(&(*q)[0]);
        memmove(&(*q)[0], &(*q)[1], (*n - 1) * sizeof **q);
        (*n)--;
    }
    struct qs_jobmsg *nq = realloc(*q, (*n + 1) * sizeof **q);
    if (!nq) {
        qs_jobmsg_free(&m);
        return qs_err_sys(err, ENOMEM);
    }
    *q = nq;
    nq[(*n)++] = m;
    return 0;
}

int qs_job_send_err(struct qs_job *j, const struct qs_err *e, enum qs_msgtype type,
                    const char *to_pgm, struct qs_err *err)
{
    if (!qs_err_isset(e))
        return 0;
    if (!qs_msgdesc_find(e->msgid))   /* keep the text even for unknown ids */
        return qs_job_sndpgmmsg(j, NULL, e->text, strlen(e->text), type, to_pgm, 0, NULL, err);
    return qs_job_sndpgmmsg(j, e->msgid, e->data, e->data_len, type, to_pgm, 0, NULL, err);
}

int qs_job_rcvmsg(struct qs_job *j, int type, int remove, struct qs_jobmsg *m_r)
{
    size_t e = j->depth - 1;
    for (size_t i = j->qn[e]; i > 0; i--) {
        struct qs_jobmsg *m = &j->q[e][i - 1];
        if (type >= 0 && (int)m->type != type)
            continue;
        if (remove) {
            *m_r = *m;
            memmove(m, m + 1, (j->qn[e] - i) * sizeof *m);
            j->qn[e]--;
        } else {
            *m_r = *m;
            m_r->data = malloc(m->data_len + 1);
            m_r->text = strdup(m->text ? m->text : "");
            if (m_r->data) {
                if (m->data_len)
                    memcpy(m_r->data, m->data, m->data_len);
                m_r->data[m->data_len] = '\0';
            }
        }
        return 1;
    }
    return 0;
}

/* --- DSPJOBLOG --------------------------------------------------------------- */

static int find_log(const char *number, struct qs_buf *path, char user[11], char name[11],
                    struct qs_err *err)
{
    struct qs_buf dir;
    qs_buf_init(&dir, QS_MAX_PATH);
    if (qs_root_path(&dir, err, "joblog") < 0) {
        qs_buf_free(&dir);
        return -1;
    }
    DIR *dp = opendir(qs_buf_str(&dir));
    int found = 0;
    struct dirent *de;
    while (dp && (de = readdir(dp)) != NULL) {
        const char *n = de->d_name;
        if (strncmp(n, number, 6) != 0 || n[6] != '-')
            continue;
        const char *u = n + 7, *dash = strchr(u, '-'), *dot = strrchr(n, '.');
        if (!dash || !dot || dot < dash || (size_t)(dash - u) > 10 ||
            (size_t)(dot - dash - 1) > 10)
            continue;
        memcpy(user, u, (size_t)(dash - u));
        user[dash - u] = '\0';
        memcpy(name, dash + 1, (size_t)(dot - dash - 1));
        name[dot - dash - 1] = '\0';
        qs_buf_addf(path, "%s/%s", qs_buf_str(&dir), n);
        found = 1;
        break;
    }
    if (dp)
        closedir(dp);
    qs_buf_free(&dir);
    if (!found)
        return qs_err_set(err, "CPF1070", number, (const char *)NULL);
    return 0;
}

/* Indented continuation lines, as DSPJOBLOG prints message text. */
static void add_wrapped(struct qs_buf *out, const char *label, const char *text)
{
    const size_t indent = 37, width = 132;   /* IBM prints job logs 132 wide */
    qs_buf_addf(out, "%*s%s", (int)indent, "", label);
    size_t col = indent + strlen(label);
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            qs_buf_addf(out, "\n%*s", (int)(indent + 2), "");
            col = indent + 2;
            p++;
            continue;
        }
        const char *w = p;
        while (*w && *w != ' ' && *w != '\n')
            w++;
        size_t wl = (size_t)(w - p);
        if (col + wl > width && col > indent + 2) {
            qs_buf_addf(out, "\n%*s", (int)(indent + 2), "");
            col = indent + 2;
        }
        qs_buf_add(out, p, wl);
        col += wl;
        p = w;
        while (*p == ' ') {
            qs_buf_addc(out, ' ');
            col++;
            p++;
        }
    }
    qs_buf_addc(out, '\n');
}

int qs_joblog_format(struct qs_job *j, const char *job_number, int second_level,
                     struct qs_buf *out, struct qs_err *err)
{
    struct qs_buf path, raw;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&raw, JOBLOG_MAX);
    char user[11], name[11], number[7];
    int rc = -1;
    if (!job_number || !*job_number) {
        if (!j || !j->joblog) {
            qs_err_set(err, "CPF1070", "*", (const char *)NULL);
            goto out;
        }
        qs_buf_adds(&path, j->joblog);
        qs_strlcpy(user, j->user, sizeof user);
        qs_strlcpy(name, j->name, sizeof name);
        qs_strlcpy(number, j->number, sizeof number);
    } else {
        long long v;
        if (strlen(job_number) != 6 || qs_parse_ll(job_number, 6, 0, 999999, &v) < 0) {
            qs_err_set(err, "CPF1070", job_number, (const char *)NULL);
            goto out;
        }
        qs_strlcpy(number, job_number, sizeof number);
        if (find_log(number, &path, user, name, err) < 0)
            goto out;
    }
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(qs_buf_str(&path), JOBLOG_MAX, &raw, &e2) < 0 && e2.sys_errno != ENOENT) {
        qs_err_move(err, &e2);
        goto out;
    }
    qs_err_clear(&e2);
    char host[64] = "QSHIM";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    qs_str_upper(host);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char date[32], tim[16];
    mdy(date, sizeof date, &tm);
    strftime(tim, sizeof tim, "%H:%M:%S", &tm);
    qs_buf_addf(out, " 5770SS1 V7R5M0  qshim                 Display Job Log"
                     "                        %-10.10s %s  %s %-5s  Page    1\n",
                host, date, tim, tm.tm_zone ? tm.tm_zone : "");
    qs_buf_addf(out, "  Job name . . . . . . . . . . :   %-10s      User  . . . . . . :   %-10s"
                     "   Number . . . . . . . . . . . :   %s\n",
                name, user, number);
    qs_buf_adds(out, "  Job description  . . . . . . :   QDFTJOBD        Library . . . . . :   QGPL\n");
    qs_buf_adds(out, "MSGID      TYPE                    SEV  DATE      TIME             FROM PGM"
                     "     LIBRARY     INST     TO PGM      LIBRARY     INST\n");
    const char *p = raw.data ? raw.data : "";
    const char *end = p + raw.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;   /* a cut last line (crash while writing) is skipped */
        struct qs_jobmsg m;
        if (qs_joblog_parse(p, (size_t)(nl - p), &m) == 0) {
            localtime_r(&m.when, &tm);
            mdy(date, sizeof date, &tm);
            strftime(tim, sizeof tim, "%H:%M:%S", &tm);
            qs_buf_addf(out, "%-10s %-23s %02d   %s  %s.%06ld  %-10s   %-10s  *STMT    %-10s  "
                             "%-10s  *STMT\n",
                        m.msgid[0] ? m.msgid : "*NONE", qs_msgtype_name(m.type), m.severity,
                        date, tim, m.usec, m.from_pgm, "*N", m.to_pgm, "*N");
            add_wrapped(out, "Message . . . . :   ", m.text ? m.text : "");
            if (second_level && m.msgid[0]) {
                const struct qs_msgdesc *d = qs_msgdesc_find(m.msgid);
                if (d && d->help && *d->help) {
                    char *h = qs_msg_format(m.msgid, 1, m.data, m.data_len);
                    if (h && *h)
                        add_wrapped(out, "", h);
                    free(h);
                }
            }
            qs_jobmsg_free(&m);
        }
        p = nl + 1;
    }
    if (!out->data)
        qs_err_sys(err, ENOMEM);
    else
        rc = 0;
out:
    qs_buf_free(&path);
    qs_buf_free(&raw);
    return rc;
}

/* --- DSPMSGD ---------------------------------------------------------------- */

int qs_msgd_format(const char *msgid, struct qs_buf *out, struct qs_err *err)
{
    char id[8];
    size_t n = msgid ? strlen(msgid) : 0;
    if (n != 7)
        return qs_err_set(err, "CPF2419", msgid ? msgid : "", "QCPFMSG", "QSYS",
                          (const char *)NULL);
    memcpy(id, msgid, 8);
    qs_str_upper(id);
    const struct qs_msgdesc *d = qs_msgdesc_find(id);
    if (!d)
        return qs_err_set(err, "CPF2419", id, "QCPFMSG", "QSYS", (const char *)NULL);
    qs_buf_adds(out, "                         Display Formatted Message Text\n\n");
    qs_buf_addf(out, " Message ID . . . . . . . . . :   %s\n", d->id);
    qs_buf_adds(out, " Message file . . . . . . . . :   QCPFMSG\n");
    qs_buf_adds(out, "   Library  . . . . . . . . . :     QSYS\n\n");
    qs_buf_addf(out, " Message . . . . :   %s\n", d->text);
    if (d->help && *d->help) {
        /* print the help raw: &N/&P as breaks, &n left as variables */
        qs_buf_adds(out, " ");
        for (const char *p = d->help; *p; p++) {
            if (*p == '&' && (p[1] == 'N' || p[1] == 'P' || p[1] == 'B')) {
                qs_buf_adds(out, p[1] == 'N' ? "\n " : "\n   ");
                p++;
            } else {
                qs_buf_addc(out, *p);
            }
        }
        qs_buf_addc(out, '\n');
    }
    qs_buf_addf(out, "\n Severity . . . . . . . . . . :   %02d\n", d->severity);
    if (d->fields && *d->fields) {
        qs_buf_adds(out, " Message data fields:\n");
        int k = 1;
        const char *p = d->fields;
        while (*p) {
            const char *semi = strchr(p, ';');
            size_t l = semi ? (size_t)(semi - p) : strlen(p);
            qs_buf_addf(out, "   &%-2d  %.*s\n", k++, (int)l, p);
            p += l + (semi ? 1 : 0);
        }
    }
    if (!out->data)
        return qs_err_sys(err, ENOMEM);
    return 0;
}
