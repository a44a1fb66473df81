/*
 * api/qtmmsndm.c - QtmmSendMail, the Send MIME Mail API (QTCP/QTMMSNDM).
 *
 * The caller has written an Internet-ready MIME note into an IFS file; this
 * checks the parameters and the file as IBM's troubleshooting list says
 * (absolute path of at most 255 bytes, readable, deletable, CRLFCRLF after
 * the headers, US-ASCII header syntax), puts the message into MSF with the
 * envelope the caller gave (originator, To/CC/BCC recipients), and unlinks
 * the file once the message is durable in the queue.  On any error nothing
 * is queued and the file is left alone.
 *
 * What is changed in the content: Bcc header fields are removed (BCC
 * recipients never appear in headers), Date and Message-ID are added when
 * missing, body line ends are made CRLF.
 */
#include <qtmmsndm.h>

#include "api/errcode.h"
#include "ccsid/conv.h"
#include "ccsid/filetag.h"
#include "api/sendmail_parse.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/mime/mime.h"
#include "qsys/msf/msf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define API "QtmmSendMail"

static int read_bin4(const void *p, int *v)
{
    if (!p)
        return -1;
    memcpy(v, p, 4);
    return 0;
}

/* Open and read the file after the IBM checks; TCP5330/TCP5331. */
static int read_mail_file(const char *path, struct qs_buf *out, struct qs_err *err)
{
    if (path[0] != '/')
        return qs_err_set(err, "TCP5330", path, (const char *)NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return qs_err_set(err, "TCP5331", path,
                          errno == ENOENT ? "file not found" : errno == EACCES ? "file not readable"
                                                                                : strerror(errno),
                          (const char *)NULL);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return qs_err_set(err, "TCP5331", path, "not a regular file", (const char *)NULL);
    }
    close(fd);
    /* the framework must be able to delete it afterwards */
    char *dir = strdup(path);
    if (!dir)
        return qs_err_sys(err, ENOMEM);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    int can_delete = access(dir, W_OK | X_OK) == 0;
    free(dir);
    if (!can_delete)
        return qs_err_set(err, "TCP5331", path, "its directory does not allow deleting it",
                          (const char *)NULL);
    struct qs_err re = QS_ERR_INIT;
    struct qs_buf raw;
    qs_buf_init(&raw, QS_MAX_TEXT_FILE);
    if (qs_file_read(path, QS_MAX_TEXT_FILE, &raw, &re) < 0) {
        qs_err_set(err, "TCP5331", path, re.sys_errno == E2BIG ? "file too large" : "read failed",
                   (const char *)NULL);
        qs_err_clear(&re);
        qs_buf_free(&raw);
        return -1;
    }
    /* a file tagged with an EBCDIC CCSID holds EBCDIC text: the framework
     * reads it as ASCII (819), as the IFS would convert it on IBM i */
    int tag = 0;
    int rc = 0;
    if (qs_file_ccsid_get(path, &tag, NULL) == 0 && qs_sm_ccsid_is_ebcdic(tag)) {
        size_t bad = 0;
        if (qs_conv_buf(819, tag, QS_CONV_SUBST, raw.data ? raw.data : "", raw.len, out, &bad,
                        NULL) < 0)
            rc = qs_err_set(err, "TCP5331", path, "text not convertible from its CCSID",
                            (const char *)NULL);
    } else if (raw.len && qs_buf_add(out, raw.data, raw.len) < 0) {
        rc = qs_err_sys(err, errno);
    }
    qs_buf_free(&raw);
    return rc;
}

/* Rewrite the validated message into out: headers without Bcc, Date and
 * Message-ID added if missing, body with CRLF line ends. */
static int prepare_content(const char *msg, size_t len, const struct qs_mime_info *info,
                           const char *from, struct qs_buf *out)
{
    size_t pos = 0;
    struct qs_mime_field f;
    if (!info->has_date && (qs_buf_adds(out, "Date: ") < 0 || qs_mime_date(out, time(NULL)) < 0 ||
                            qs_buf_adds(out, "\r\n") < 0))
        return -1;
    if (!info->has_msgid) {
        const char *at = strrchr(from, '@');
        if (qs_buf_adds(out, "Message-ID: ") < 0 || qs_mime_msgid(out, at ? at + 1 : NULL) < 0 ||
            qs_buf_adds(out, "\r\n") < 0)
            return -1;
    }
    while (qs_mime_field_next(msg, info->hdr_len, &pos, &f, NULL) == 1) {
        if (qs_memcaseeq(f.name, f.name_len, "Bcc"))
            continue;
        size_t end = (size_t)(f.value + f.value_len - msg);
        if (qs_buf_add(out, f.name, end - (size_t)(f.name - msg)) < 0 || qs_buf_add(out, "\r\n", 2) < 0)
            return -1;
    }
    if (qs_buf_add(out, "\r\n", 2) < 0)
        return -1;
    const char *b = msg + info->body_off;
    size_t n = len - info->body_off;
    for (size_t i = 0; i < n; i++) {
        if (b[i] == '\r' || b[i] == '\n') {
            if (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n')
                i++;
            if (qs_buf_add(out, "\r\n", 2) < 0)
                return -1;
        } else if (qs_buf_addc(out, b[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

static int send_mime(char *Filename, void *Filename_Length, char *Originator,
                     void *Originator_Length, Qtmm_ADDT0100_t *First_Recipient,
                     void *Total_Num_Of_Recipients, struct qs_err *err)
{
    int flen, olen, count;
    if (!Filename || read_bin4(Filename_Length, &flen) < 0)
        return qs_err_set(err, "CPF3C3C", "1", (const char *)NULL);
    if (flen < 1 || flen > QTMM_MAX_FILENAME_LENGTH)
        return qs_err_set(err, "CPF3C1D", "2", (const char *)NULL);
    if (!Originator || read_bin4(Originator_Length, &olen) < 0)
        return qs_err_set(err, "CPF3C3C", "3", (const char *)NULL);
    if (olen < 1 || olen > QTMM_MAX_SMTP_ADDR_LENGTH) {
        char n[16];
        snprintf(n, sizeof n, "%d", olen);
        return qs_err_set(err, "TCP5334", n, (const char *)NULL);
    }
    if (read_bin4(Total_Num_Of_Recipients, &count) < 0)
        return qs_err_set(err, "CPF3C3C", "6", (const char *)NULL);

    struct qs_buf path, from, msg, content;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&from, QS_MAX_SMTP_ADDR * 4);
    qs_buf_init(&msg, QS_MAX_TEXT_FILE);
    qs_buf_init(&content, QS_MAX_TEXT_FILE + 4096);
    struct qs_sm_rcpt *r = NULL;
    struct qs_msf_env env;
    qs_msf_env_init(&env);
    int rc = -1;

    if (qs_sm_to_utf8(0, Filename, (size_t)flen, &path, err) < 0 ||
        qs_sm_to_utf8(0, Originator, (size_t)olen, &from, err) < 0)
        goto out;
    if (strlen(qs_buf_str(&path)) != path.len) {
        qs_err_set(err, "TCP5330", qs_buf_str(&path), (const char *)NULL);
        goto out;
    }
    if (from.len > QS_MAX_SMTP_ADDR || strlen(from.data) != from.len ||
        qs_mime_addr_check(from.data, from.len) < 0) {
        qs_err_set(err, "TCP5346", qs_buf_str(&from), (const char *)NULL);
        goto out;
    }
    if (qs_sm_parse_addt0100(First_Recipient, QS_SM_AVAIL_UNKNOWN, count, &r, err) < 0)
        goto out;
    if (read_mail_file(path.data, &msg, err) < 0)
        goto out;
    struct qs_mime_info info;
    if (qs_mime_validate(msg.data ? msg.data : "", msg.len, &info, err) < 0)
        goto out;
    if (prepare_content(msg.data, msg.len, &info, from.data, &content) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    env.origin = QS_MSF_ORIGIN_API;
    struct qs_job *job = qs_job_current(NULL);
    if (qs_msf_env_set(&env.from, from.data, err) < 0 ||
        (job && qs_msf_env_set(&env.auth_user, job->user, err) < 0))
        goto out;
    for (int i = 0; i < count; i++)
        if (qs_msf_env_add_rcpt(&env, r[i].addr, r[i].dist, 0, NULL, err) < 0)
            goto out;
    char id[QS_MSF_ID_LEN + 1];
    if (qs_msf_enqueue(&env, content.data, content.len, id, err) < 0)
        goto out;
    /* queued and durable: the framework is done with the caller's file
     * (its CCSID tag goes first, so that no sidecar tag file is left) */
    (void)qs_file_ccsid_set(path.data, 0, NULL);
    if (unlink(path.data) < 0)
        qs_log(QS_LOG_WARN, "QtmmSendMail: message %s queued, but %s not removed: %s", id,
               path.data, strerror(errno));
    rc = 0;
out:
    qs_msf_env_clear(&env);
    free(r);
    qs_buf_free(&path);
    qs_buf_free(&from);
    qs_buf_free(&msg);
    qs_buf_free(&content);
    return rc;
}

void QtmmSendMail(char *Filename, void *Filename_Length, char *Originator,
                  void *Originator_Length, Qtmm_ADDT0100_t *First_Recipient,
                  void *Total_Num_Of_Recipients, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, API) < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    if (send_mime(Filename, Filename_Length, Originator, Originator_Length, First_Recipient,
                  Total_Num_Of_Recipients, &err) < 0)
        qs_ec_report(Error_Code, &err, API);
    qs_err_clear(&err);
}
