/*
 * api/qtmscrtsnm.c - QtmsCreateSendEmail, the Create and Send MIME E-mail
 * API (QTCP/QTMSCRTSNM).
 *
 * Builds the whole message from the caller's structures: the originator is
 * the SMTP address of the job's user (ADDUSRSMTP directory, else the system
 * distribution directory; TCP530F when neither has one), texts are
 * converted from their CCSIDs to UTF-8, the note becomes text/plain, html or
 * xml, attachments are base64 parts with their IBM content-type code's MIME
 * type, and security levels 1-3 sign and/or encrypt with the user's S/MIME
 * certificate store.  The message goes into MSF like any other; BCC
 * recipients are only in the envelope.  On error nothing is queued.
 */
#include <qtmscrtsnm.h>

#include "api/errcode.h"
#include "api/sendmail_parse.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/mime/mime.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf.h"
#include "qsys/sdd/sdd.h"
#include "qsys/smime/smime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API "QtmsCreateSendEmail"
#define MAX_ATTACH_BYTES (64u * 1024 * 1024)   /* each attachment */
#define MAX_MESSAGE      (256u * 1024 * 1024)

/* The job user's SMTP address, or TCP530F. */
static int originator(const char *user, char *out, size_t outsz, struct qs_err *err)
{
    if (qs_smtpdir_address(user, out, outsz) == 0 && out[0])
        return 0;
    struct qs_sdd_entry e;
    if (qs_sdd_find_usrprf(user, &e, NULL) == 0 && e.smtp_user[0] && e.smtp_domain[0]) {
        int n = snprintf(out, outsz, "%s@%s", e.smtp_user, e.smtp_domain);
        if (n > 0 && (size_t)n < outsz) {
            for (char *p = out; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            return 0;
        }
    }
    return qs_err_set(err, "TCP530F", user, (const char *)NULL);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s && s[1] ? s + 1 : p;
}

static int bad_format(const char *f, struct qs_err *err)
{
    char n[9] = "";
    if (f)
        memcpy(n, f, 8);
    for (int i = 0; i < 8; i++)
        if ((unsigned char)n[i] < 32 || (unsigned char)n[i] > 126)
            n[i] = i && n[i - 1] == '\0' ? '\0' : '?';
    return qs_err_set(err, "CPF3C21", n, (const char *)NULL);
}

static int create_send(char *Recipient_Array, int nrcpt, char *Recipient_Format, char *Note,
                       char *Note_Format, char *Attachment_Array, int natt,
                       char *Attachment_Format, struct qs_err *err)
{
    if (!Recipient_Format || memcmp(Recipient_Format, "RCPT0100", 8) != 0)
        return bad_format(Recipient_Format, err);
    if (!Note_Format || memcmp(Note_Format, "NOTE0100", 8) != 0)
        return bad_format(Note_Format, err);
    int with_att = 0;
    if (Attachment_Format && memcmp(Attachment_Format, "ATCH0100", 8) == 0)
        with_att = 1;
    else if (Attachment_Format && memcmp(Attachment_Format, "ATCH0000", 8) != 0)
        return bad_format(Attachment_Format, err);
    if (!with_att)
        natt = 0;

    struct qs_job *job = qs_job_current(err);
    if (!job)
        return -1;
    char from[QS_MAX_SMTP_ADDR + 1];
    struct qs_sm_rcpt *r = NULL;
    struct qs_sm_attach *a = NULL;
    struct qs_buf pw, subj, body, *files = NULL, hdr, ent, prot;
    qs_buf_init(&pw, 4096);
    qs_buf_init(&subj, 16384);
    qs_buf_init(&body, 256u * 1024 * 1024);
    qs_buf_init(&hdr, 1u << 20);
    qs_buf_init(&ent, MAX_MESSAGE);
    qs_buf_init(&prot, MAX_MESSAGE);
    struct qs_mime_addr *to = NULL, *cc = NULL;
    struct qs_mime_attach *ma = NULL;
    const char **all = NULL;
    struct qs_msf_env env;
    qs_msf_env_init(&env);
    int rc = -1;

    if (qs_sm_parse_rcpt0100(Recipient_Array, QS_SM_AVAIL_UNKNOWN, nrcpt, &r, err) < 0)
        goto out;
    struct qs_sm_note note = { &pw, &subj, &body, 0, 0 };
    if (qs_sm_parse_note0100(Note, QS_SM_AVAIL_UNKNOWN, &note, err) < 0)
        goto out;
    if (qs_sm_parse_atch0100(Attachment_Array, QS_SM_AVAIL_UNKNOWN, natt, &a, err) < 0)
        goto out;
    if (originator(job->user, from, sizeof from, err) < 0)
        goto out;
    files = calloc((size_t)natt + 1, sizeof *files);
    ma = calloc((size_t)natt + 1, sizeof *ma);
    to = calloc((size_t)nrcpt, sizeof *to);
    cc = calloc((size_t)nrcpt, sizeof *cc);
    all = calloc((size_t)nrcpt, sizeof *all);
    if (!files || !ma || !to || !cc || !all) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    size_t total = 0;
    for (int i = 0; i < natt; i++) {
        qs_buf_init(&files[i], MAX_ATTACH_BYTES);
        struct qs_err fe = QS_ERR_INIT;
        if (qs_file_read(a[i].path, MAX_ATTACH_BYTES, &files[i], &fe) < 0) {
            qs_err_set(err, "TCP5337", a[i].path,
                       fe.sys_errno == ENOENT ? "not found" : fe.sys_errno == EACCES ? "not authorized"
                       : fe.sys_errno == E2BIG ? "larger than 64 MB" : "read failed",
                       (const char *)NULL);
            qs_err_clear(&fe);
            goto out;
        }
        total += files[i].len;
        if (total > MAX_MESSAGE / 2) {
            qs_err_set(err, "TCP5337", a[i].path, "attachments larger than 128 MB together",
                       (const char *)NULL);
            goto out;
        }
        ma[i].filename = base_name(a[i].path);
        ma[i].ctype = qs_sm_content_type(a[i].content);
        ma[i].data = files[i].data ? files[i].data : "";
        ma[i].len = files[i].len;
    }
    size_t nto = 0, ncc = 0;
    for (int i = 0; i < nrcpt; i++) {
        all[i] = r[i].addr;
        if (r[i].dist == 0)
            to[nto++].addr = r[i].addr;
        else if (r[i].dist == 1)
            cc[ncc++].addr = r[i].addr;
    }
    static const char *const sub[] = { "plain", "html", "xml" };
    struct qs_mime_msg m = {
        .from = { NULL, from },
        .to = to, .nto = nto, .cc = cc, .ncc = ncc,
        .subject = qs_buf_str(&subj),
        .text = qs_buf_str(&body), .text_len = body.len,
        .text_subtype = sub[note.content],
        .att = ma, .natt = (size_t)natt,
    };
    if (qs_mime_build_headers(&m, &hdr, err) < 0 || qs_mime_build_entity(&m, &ent, err) < 0)
        goto out;
    const struct qs_buf *final_ent = &ent;
    if (note.security) {
        int flags = (note.security & 1 ? QS_SMIME_SIGN : 0) | (note.security & 2 ? QS_SMIME_ENCRYPT : 0);
        if (qs_smime_protect(job->user, flags, from, qs_buf_str(&pw), all, (size_t)nrcpt,
                             ent.data, ent.len, &prot, err) < 0)
            goto out;
        final_ent = &prot;
    }
    if (qs_buf_add(&hdr, final_ent->data, final_ent->len) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    env.origin = QS_MSF_ORIGIN_API;
    if (qs_msf_env_set(&env.from, from, err) < 0 || qs_msf_env_set(&env.auth_user, job->user, err) < 0)
        goto out;
    for (int i = 0; i < nrcpt; i++)
        if (qs_msf_env_add_rcpt(&env, r[i].addr, r[i].dist, 0, NULL, err) < 0)
            goto out;
    char id[QS_MSF_ID_LEN + 1];
    if (qs_msf_enqueue(&env, hdr.data, hdr.len, id, err) < 0)
        goto out;
    rc = 0;
out:
    qs_msf_env_clear(&env);
    if (pw.data)
        memset(pw.data, 0, pw.len);
    for (int i = 0; files && i < natt; i++)
        qs_buf_free(&files[i]);
    free(files);
    free(ma);
    free(to);
    free(cc);
    free(all);
    free(r);
    qs_sm_attach_free(a, (size_t)(natt > 0 ? natt : 0));
    qs_buf_free(&pw);
    qs_buf_free(&subj);
    qs_buf_free(&body);
    qs_buf_free(&hdr);
    qs_buf_free(&ent);
    qs_buf_free(&prot);
    return rc;
}

void QtmsCreateSendEmail(char *Recipient_Array, int Number_Of_Recipients, char *Recipient_Format,
                         char *Note, char *Note_Format, char *Attachment_Array,
                         int Number_Of_Attachments, char *Attachment_Format, void *Error_Code)
{
    if (qs_ec_begin(Error_Code, API) < 0)
        return;
    struct qs_err err = QS_ERR_INIT;
    if (create_send(Recipient_Array, Number_Of_Recipients, Recipient_Format, Note, Note_Format,
                    Attachment_Array, Number_Of_Attachments, Attachment_Format, &err) < 0)
        qs_ec_report(Error_Code, &err, API);
    qs_err_clear(&err);
}
