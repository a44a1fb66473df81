/*
 * qsys/msf/msf_ndr.c - delivery status notifications (RFC 3464
 * multipart/report; report-type=delivery-status): non-delivery reports,
 * delay warnings and success reports (RFC 3461 NOTIFY).
 *
 * A report goes from the null sender to the original sender.  A failure
 * report about mail from the null sender (a bounce of a bounce) goes to the
 * postmaster (resolved through the NONDELIVERY alias); a failed report about
 * a report is only logged, and delay or success reports are never made for
 * mail from the null sender, so reports never loop.  Which recipients a
 * report covers: failures by status NONDEL (NOTIFY absent or with FAILURE);
 * delays and successes by the transient rcpt->dsn action set by whoever
 * decided it (the outbound snap-in, local delivery), only when NOTIFY named
 * DELAY or SUCCESS explicitly.  The ENVID and each ORCPT are carried into
 * the report (Original-Envelope-Id, Original-Recipient).
 *
 * SMTPUTF8 (RFC 6533): a report about a message that came with SMTPUTF8, or
 * that names a non-ASCII address, is an internationalized one: the status
 * part is message/global-delivery-status, a non-ASCII recipient is given as
 * "utf-8; <unitext>", the returned message or headers are message/global or
 * message/global-headers, and the report itself travels with SMTPUTF8.
 */
#include "qsys/msf/msf.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NDR_MAX_HEADERS (64u * 1024)
/* RET=FULL (or no RET) returns the whole message in a failure report, as
 * Postfix does, up to this size; a larger one comes back as headers only. */
#define NDR_MAX_FULL    (512u * 1024)

static void rfc822_date(char *out, size_t n, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%a, %d %b %Y %H:%M:%S +0000", &tm);
}

/* Append the header block of the content file (up to the empty line). */
static void add_headers(struct qs_buf *b, const char *content_path)
{
    int fd = content_path ? open(content_path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0)
        return;
    char *buf = malloc(NDR_MAX_HEADERS);
    ssize_t n = buf ? read(fd, buf, NDR_MAX_HEADERS) : -1;
    close(fd);
    if (n > 0) {
        size_t end = (size_t)n;
        for (size_t i = 0; i + 3 < (size_t)n; i++)
            if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
                end = i + 2;
                break;
            }
        qs_buf_add(b, buf, end);
    }
    free(buf);
}

static int wants(const struct qs_msf_rcpt *r, int kind)
{
    if (r->notify & QS_MSF_NOTIFY_NEVER)
        return 0;
    switch (kind) {
    case QS_MSF_DSN_FAILED:
        return r->status == QS_MSF_RS_NONDEL &&
               (r->notify == 0 || (r->notify & QS_MSF_NOTIFY_FAILURE));
    case QS_MSF_DSN_DELAYED:
        return r->dsn == QS_MSF_DSN_DELAYED && (r->notify & QS_MSF_NOTIFY_DELAY);
    case QS_MSF_DSN_DELIVERED:
        return (r->dsn == QS_MSF_DSN_DELIVERED || r->dsn == QS_MSF_DSN_RELAYED) &&
               (r->notify & QS_MSF_NOTIFY_SUCCESS);
    }
    return 0;
}

static const struct {
    const char *subject, *intro, *dflt_diag;
} kinds[] = {
    [QS_MSF_DSN_FAILED] = { "Undelivered Mail Returned to Sender",
        " could not deliver your message to\r\n"
        "the following recipients:\r\n\r\n", "5.0.0 delivery failed" },
    [QS_MSF_DSN_DELAYED] = { "Delayed Mail (still being retried)",
        " has not yet been able to deliver your message\r\n"
        "to the following recipients.  It keeps trying; you need not send it again:\r\n\r\n",
        "4.0.0 delivery deferred" },
    [QS_MSF_DSN_DELIVERED] = { "Successful Mail Delivery Report",
        " delivered your message to the following\r\n"
        "recipients (\"relayed\": handed on to a mail system that does not\r\n"
        "send delivery notifications itself):\r\n\r\n", "2.0.0 delivered" },
};

static const char *action_name(const struct qs_msf_rcpt *r, int kind)
{
    if (kind == QS_MSF_DSN_FAILED)
        return "failed";
    if (kind == QS_MSF_DSN_DELAYED)
        return "delayed";
    return r->dsn == QS_MSF_DSN_RELAYED ? "relayed" : "delivered";
}

/* The enhanced status code leading a diagnostic ("5.1.1 ..."), else dflt. */
static void status_of(const char *diag, const char *dflt, char out[16])
{
    size_t n = strcspn(diag, " ");
    int ok = n >= 5 && n < 16 && (diag[0] == '2' || diag[0] == '4' || diag[0] == '5') &&
             diag[1] == '.';
    for (size_t i = 2; ok && i < n; i++)
        if (!((diag[i] >= '0' && diag[i] <= '9') || diag[i] == '.'))
            ok = 0;
    if (!ok) {
        diag = dflt;
        n = strcspn(dflt, " ");
    }
    memcpy(out, diag, n);
    out[n] = '\0';
}

static int non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* An address field value (RFC 3464 §2.3.2): "rfc822; a@b" for ASCII,
 * else RFC 6533's "utf-8; " utf-8-addr-unitext. */
static void add_addr_type(struct qs_buf *b, const char *addr)
{
    if (!non_ascii(addr) || qs_utf8_class(addr, strlen(addr)) < 0) {
        qs_buf_addf(b, "rfc822; %s", addr);
        return;
    }
    qs_buf_adds(b, "utf-8; ");
    qs_utf8_addr_encode(b, addr, 1);
}

/* The id of the report of `kind` on env's recipients `wants` picks: the
 * original's first 16 characters, then a 64-bit FNV-1a of its id, the kind
 * and the recipient numbers.  The same report made twice (a crash between
 * queueing it and recording that it was made) gets the same id, and
 * qs_msf_enqueue_once keeps it to one copy. */
static void report_id(const struct qs_msf_env *env, int kind, char id[QS_MSF_ID_LEN + 1])
{
    uint64_t h = 14695981039346656037ull;             /* FNV-1a, 64 bits */
#define MIX(byte) (h = (h ^ (unsigned char)(byte)) * 1099511628211ull)
    for (const char *c = env->id; *c; c++)
        MIX(*c);
    MIX(kind);
    for (size_t i = 0; i < env->nrcpt; i++)
        if (wants(&env->rcpt[i], kind))
            for (size_t k = 0; k < sizeof i; k++)
                MIX(i >> (8 * k));
#undef MIX
    memcpy(id, env->id, 16);
    snprintf(id + 16, QS_MSF_ID_LEN + 1 - 16, "%016llX", (unsigned long long)h);
}

static int dsn_send(const struct qs_msf_env *env, const char *content_path, int kind,
                    struct qs_err *err)
{
    size_t nrep = 0;
    for (size_t i = 0; i < env->nrcpt; i++)
        if (wants(&env->rcpt[i], kind))
            nrep++;
    if (nrep == 0)
        return 0;
    int null_sender = !env->from || !*env->from;
    if (null_sender && kind != QS_MSF_DSN_FAILED)
        return 0;
    if (null_sender && env->origin == QS_MSF_ORIGIN_NDR) {
        qs_log(QS_LOG_WARN, "msf: report %s could not be delivered; dropped", env->id);
        return 0;
    }
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, err) < 0)
        return -1;
    struct qs_buf to, b;
    qs_buf_init(&to, QS_MAX_SMTP_ADDR * 2);
    qs_buf_init(&b, QS_MAX_MAIL_MSG);
    if (null_sender)
        qs_buf_addf(&to, "postmaster@%s", cfg.hostname);
    else
        qs_buf_adds(&to, env->from);
    int global = env->utf8 || non_ascii(to.data);
    for (size_t i = 0; i < env->nrcpt && !global; i++)
        if (wants(&env->rcpt[i], kind) && non_ascii(env->rcpt[i].addr))
            global = 1;

    static const char *const tag[] = { "", "NDR", "DLY", "DSN" };
    char date[64], now[64], bnd[64], mid[128];
    time_t t = time(NULL);
    rfc822_date(now, sizeof now, t);
    snprintf(bnd, sizeof bnd, "=_%s_%s", env->id, tag[kind]);
    if (kind == QS_MSF_DSN_FAILED)
        snprintf(mid, sizeof mid, "%s.ndr", env->id);
    else    /* several may be made for one message, in different runs */
        snprintf(mid, sizeof mid, "%s.%s%lld.%ld", env->id, kind == QS_MSF_DSN_DELAYED ? "dly" : "dsn",
                 (long long)t, (long)getpid());
    qs_buf_addf(&b,
        "From: Mail Delivery Subsystem <MAILER-DAEMON@%s>\r\n"
        "To: <%s>\r\n"
        "Subject: %s\r\n"
        "Date: %s\r\n"
        "Message-ID: <%s@%s>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        "\tboundary=\"%s\"\r\n\r\n"
        "This is a MIME-encapsulated message.\r\n\r\n"
        "--%s\r\nContent-Type: text/plain; charset=%s\r\n\r\n",
        cfg.hostname, to.data, kinds[kind].subject, now, mid, cfg.hostname, bnd, bnd,
        global ? "utf-8" : "us-ascii");
    qs_buf_addf(&b, "The mail system on %s%s", cfg.hostname, kinds[kind].intro);
    for (size_t i = 0; i < env->nrcpt; i++) {
        const struct qs_msf_rcpt *r = &env->rcpt[i];
        if (!wants(r, kind))
            continue;
        if (kind == QS_MSF_DSN_DELIVERED)
            qs_buf_addf(&b, "  <%s>: %s%s%s\r\n", r->addr, action_name(r, kind),
                        r->diag ? ": " : "", r->diag ? r->diag : "");
        else
            qs_buf_addf(&b, "  <%s>: %s\r\n", r->addr, r->diag ? r->diag : kinds[kind].dflt_diag);
    }
    rfc822_date(date, sizeof date, (time_t)env->received);
    qs_buf_addf(&b, "\r\n--%s\r\nContent-Type: message/%sdelivery-status\r\n\r\n"
                    "Reporting-MTA: dns; %s\r\n", bnd, global ? "global-" : "", cfg.hostname);
    if (env->envid)
        qs_buf_addf(&b, "Original-Envelope-Id: %s\r\n", env->envid);
    qs_buf_addf(&b, "Arrival-Date: %s\r\n", date);
    for (size_t i = 0; i < env->nrcpt; i++) {
        const struct qs_msf_rcpt *r = &env->rcpt[i];
        if (!wants(r, kind))
            continue;
        const char *diag = r->diag ? r->diag : kinds[kind].dflt_diag;
        char st[16];
        status_of(diag, kinds[kind].dflt_diag, st);
        qs_buf_adds(&b, "\r\nFinal-Recipient: ");
        add_addr_type(&b, r->addr);
        qs_buf_adds(&b, "\r\n");
        if (r->orcpt)
            qs_buf_addf(&b, "Original-Recipient: %s\r\n", r->orcpt);
        qs_buf_addf(&b, "Action: %s\r\nStatus: %s\r\n", action_name(r, kind), st);
        if (r->diag && (kind != QS_MSF_DSN_DELIVERED || r->dsn == QS_MSF_DSN_RELAYED))
            qs_buf_addf(&b, "Diagnostic-Code: smtp; %s\r\n", r->diag);
        if (kind == QS_MSF_DSN_DELAYED)
            qs_buf_addf(&b, "Last-Attempt-Date: %s\r\n", now);
    }
    struct qs_buf full;
    qs_buf_init(&full, NDR_MAX_FULL);
    if (kind == QS_MSF_DSN_FAILED && !env->ret_hdrs && content_path &&
        qs_file_read(content_path, NDR_MAX_FULL, &full, NULL) == 0 && full.len) {
        qs_buf_addf(&b, "\r\n--%s\r\nContent-Type: message/%s\r\n\r\n", bnd,
                    global ? "global" : "rfc822");
        qs_buf_add(&b, full.data, full.len);
    } else {
        qs_buf_addf(&b, "\r\n--%s\r\nContent-Type: %s\r\n\r\n", bnd,
                    global ? "message/global-headers" : "text/rfc822-headers");
        add_headers(&b, content_path);
    }
    qs_buf_free(&full);
    int rc = qs_buf_addf(&b, "\r\n--%s--\r\n", bnd);

    struct qs_msf_env n;
    qs_msf_env_init(&n);
    n.origin = QS_MSF_ORIGIN_NDR;
    n.utf8 = global;
    /* made twice, the report is queued once and, if the first copy was
     * delivered already, lands under the same Maildir name (id and
     * arrival time are part of it): hence a fixed arrival time too */
    n.received = env->received ? env->received : (int64_t)t;
    char rid[QS_MSF_ID_LEN + 1];
    report_id(env, kind, rid);
    if (rc < 0 || qs_msf_env_set(&n.from, "", err) < 0 ||
        qs_msf_env_add_rcpt(&n, to.data, QS_MSF_TO, 0, NULL, err) < 0 ||
        qs_msf_enqueue_once(&n, b.data, b.len, rid, err) < 0)
        rc = -1;
    else
        rc = (int)nrep;
    qs_msf_env_clear(&n);
    qs_buf_free(&to);
    qs_buf_free(&b);
    qs_mailcfg_free(&cfg);
    return rc;
}

int qs_msf_ndr_send(const struct qs_msf_env *env, const char *content_path,
                    struct qs_err *err)
{
    return dsn_send(env, content_path, QS_MSF_DSN_FAILED, err) < 0 ? -1 : 0;
}

int qs_msf_dsn_send(const struct qs_msf_env *env, const char *content_path, int kind,
                    struct qs_err *err)
{
    if (kind == QS_MSF_DSN_RELAYED)
        kind = QS_MSF_DSN_DELIVERED;
    if (kind != QS_MSF_DSN_DELAYED && kind != QS_MSF_DSN_DELIVERED && kind != QS_MSF_DSN_FAILED)
        return qs_err_sys(err, EINVAL);
    return dsn_send(env, content_path, kind, err);
}
