/*
 * qsys/msf/msf_ndr.c - non-delivery reports (RFC 3464 multipart/report).
 *
 * The report goes from the null sender to the original sender.  When the
 * original sender is the null sender (a bounce of a bounce) it goes to the
 * postmaster (resolved through the NONDELIVERY alias); a failed report about
 * a report is only logged, so reports never loop.
 */
#include "qsys/msf/msf.h"
#include "qsys/msf/msf_int.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NDR_MAX_HEADERS (64u * 1024)

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

int qs_msf_ndr_send(const struct qs_msf_env *env, const char *content_path,
                    struct qs_err *err)
{
    size_t nfail = 0;
    for (size_t i = 0; i < env->nrcpt; i++)
        if (env->rcpt[i].status == QS_MSF_RS_NONDEL &&
            !(env->rcpt[i].notify & QS_MSF_NOTIFY_NEVER) &&
            (env->rcpt[i].notify == 0 || (env->rcpt[i].notify & QS_MSF_NOTIFY_FAILURE)))
            nfail++;
    if (nfail == 0)
        return 0;
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, err) < 0)
        return -1;
    int null_sender = !env->from || !*env->from;
    if (null_sender && env->origin == QS_MSF_ORIGIN_NDR) {
        qs_log(QS_LOG_WARN, "msf: report %s could not be delivered; dropped", env->id);
        qs_mailcfg_free(&cfg);
        return 0;
    }
    struct qs_buf to, b;
    qs_buf_init(&to, QS_MAX_SMTP_ADDR * 2);
    qs_buf_init(&b, QS_MAX_MAIL_MSG);
    if (null_sender)
        qs_buf_addf(&to, "postmaster@%s", cfg.hostname);
    else
        qs_buf_adds(&to, env->from);

    char date[64], bnd[64];
    rfc822_date(date, sizeof date, time(NULL));
    snprintf(bnd, sizeof bnd, "=_%s_NDR", env->id);
    qs_buf_addf(&b,
        "From: Mail Delivery Subsystem <MAILER-DAEMON@%s>\r\n"
        "To: <%s>\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Date: %s\r\n"
        "Message-ID: <%s.ndr@%s>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        "\tboundary=\"%s\"\r\n\r\n"
        "This is a MIME-encapsulated message.\r\n\r\n"
        "--%s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        "The mail system on %s could not deliver your message to\r\n"
        "the following recipients:\r\n\r\n",
        cfg.hostname, to.data, date, env->id, cfg.hostname, bnd, bnd, cfg.hostname);
    for (size_t i = 0; i < env->nrcpt; i++)
        if (env->rcpt[i].status == QS_MSF_RS_NONDEL)
            qs_buf_addf(&b, "  <%s>: %s\r\n", env->rcpt[i].addr,
                        env->rcpt[i].diag ? env->rcpt[i].diag : "5.0.0 delivery failed");
    rfc822_date(date, sizeof date, (time_t)env->received);
    qs_buf_addf(&b, "\r\n--%s\r\nContent-Type: message/delivery-status\r\n\r\n"
                    "Reporting-MTA: dns; %s\r\n", bnd, cfg.hostname);
    if (env->envid)
        qs_buf_addf(&b, "Original-Envelope-Id: %s\r\n", env->envid);
    qs_buf_addf(&b, "Arrival-Date: %s\r\n", date);
    for (size_t i = 0; i < env->nrcpt; i++) {
        const struct qs_msf_rcpt *r = &env->rcpt[i];
        if (r->status != QS_MSF_RS_NONDEL)
            continue;
        const char *diag = r->diag ? r->diag : "5.0.0 delivery failed";
        size_t cl = strcspn(diag, " ");
        qs_buf_addf(&b, "\r\nFinal-Recipient: rfc822; %s\r\n", r->addr);
        if (r->orcpt)
            qs_buf_addf(&b, "Original-Recipient: %s\r\n", r->orcpt);
        qs_buf_addf(&b, "Action: failed\r\nStatus: %.*s\r\nDiagnostic-Code: smtp; %s\r\n",
                    (int)cl, diag, diag);
    }
    qs_buf_addf(&b, "\r\n--%s\r\nContent-Type: text/rfc822-headers\r\n\r\n", bnd);
    add_headers(&b, content_path);
    int rc = qs_buf_addf(&b, "\r\n--%s--\r\n", bnd);

    struct qs_msf_env n;
    qs_msf_env_init(&n);
    n.origin = QS_MSF_ORIGIN_NDR;
    if (rc < 0 || qs_msf_env_set(&n.from, "", err) < 0 ||
        qs_msf_env_add_rcpt(&n, to.data, QS_MSF_TO, 0, NULL, err) < 0 ||
        qs_msf_enqueue(&n, b.data, b.len, NULL, err) < 0)
        rc = -1;
    else
        rc = 0;
    qs_msf_env_clear(&n);
    qs_buf_free(&to);
    qs_buf_free(&b);
    qs_mailcfg_free(&cfg);
    return rc;
}
