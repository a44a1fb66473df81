/*
 * api/sendmail_create.c - build a note from parsed parts and put it into
 * MSF: the common back end of QtmsCreateSendEmail and SNDSMTPEMM.
 *
 * The originator is the SMTP address of the job's user (ADDUSRSMTP
 * directory, else the system distribution directory; TCP530F when neither
 * has one); the note becomes text/plain, html or xml (UTF-8), attachments
 * base64 parts named after the file's base name; security levels 1-3 sign
 * and/or encrypt with the user's S/MIME store.  BCC recipients are only in
 * the envelope.  Nothing is queued on error.
 */
#include "api/sendmail_create.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
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

int qs_sm_create_build(const struct qs_sm_request *q, struct qs_msf_env *env_r,
                       struct qs_buf *msg_r, struct qs_err *err)
{
    struct qs_job *job = qs_job_current(err);
    if (!job)
        return -1;
    if (q->nrcpt < 1 || q->nrcpt > QS_SM_MAX_RCPTS)
        return qs_err_set(err, "TCP5332", "0", (const char *)NULL);
    int nrcpt = (int)q->nrcpt, natt = (int)q->natt;
    const struct qs_sm_rcpt *r = q->rcpt;
    char from[QS_MAX_SMTP_ADDR + 1];
    struct qs_buf *files = NULL, ent, prot;
    qs_buf_init(&ent, MAX_MESSAGE);
    qs_buf_init(&prot, MAX_MESSAGE);
    struct qs_mime_addr *to = NULL, *cc = NULL;
    struct qs_mime_attach *ma = NULL;
    const char **all = NULL;
    struct qs_msf_env env;
    struct qs_buf hdr;
    qs_buf_init(&hdr, MAX_MESSAGE);
    qs_msf_env_init(&env);
    int rc = -1;

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
        if (qs_file_read(q->att[i].path, MAX_ATTACH_BYTES, &files[i], &fe) < 0) {
            qs_err_set(err, "TCP5337", q->att[i].path,
                       fe.sys_errno == ENOENT ? "not found" : fe.sys_errno == EACCES ? "not authorized"
                       : fe.sys_errno == E2BIG ? "larger than 64 MB" : "read failed",
                       (const char *)NULL);
            qs_err_clear(&fe);
            goto out;
        }
        total += files[i].len;
        if (total > MAX_MESSAGE / 2) {
            qs_err_set(err, "TCP5337", q->att[i].path, "attachments larger than 128 MB together",
                       (const char *)NULL);
            goto out;
        }
        ma[i].filename = base_name(q->att[i].path);
        ma[i].ctype = q->att[i].ctype;
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
        .subject = q->subject,
        .text = q->body ? q->body : "", .text_len = q->body ? q->body_len : 0,
        .text_subtype = sub[q->content >= 0 && q->content <= 2 ? q->content : 0],
        .att = ma, .natt = (size_t)natt,
    };
    if (qs_mime_build_headers(&m, &hdr, err) < 0 || qs_mime_build_entity(&m, &ent, err) < 0)
        goto out;
    const struct qs_buf *final_ent = &ent;
    if (q->security & 3) {
        int flags = (q->security & 1 ? QS_SMIME_SIGN : 0) | (q->security & 2 ? QS_SMIME_ENCRYPT : 0);
        if (qs_smime_protect(job->user, flags, from, q->password ? q->password : "", all, (size_t)nrcpt,
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
    *env_r = env;
    qs_msf_env_init(&env);
    qs_buf_free(msg_r);
    *msg_r = hdr;
    qs_buf_init(&hdr, MAX_MESSAGE);
    rc = 0;
out:
    qs_msf_env_clear(&env);
    for (int i = 0; files && i < natt; i++)
        qs_buf_free(&files[i]);
    free(files);
    free(ma);
    free(to);
    free(cc);
    free(all);
    qs_buf_free(&hdr);
    qs_buf_free(&ent);
    qs_buf_free(&prot);
    return rc;
}


int qs_sm_create_send(const struct qs_sm_request *q, struct qs_err *err)
{
    struct qs_msf_env env;
    struct qs_buf msg;
    char id[QS_MSF_ID_LEN + 1];
    qs_msf_env_init(&env);
    qs_buf_init(&msg, MAX_MESSAGE);
    int rc = qs_sm_create_build(q, &env, &msg, err) < 0 ||
             qs_msf_enqueue(&env, msg.data, msg.len, id, err) < 0 ? -1 : 0;
    qs_msf_env_clear(&env);
    qs_buf_free(&msg);
    return rc;
}
