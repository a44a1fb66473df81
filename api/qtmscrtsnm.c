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
#include "api/sendmail_create.h"
#include "api/sendmail_parse.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API "QtmsCreateSendEmail"

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

    struct qs_sm_rcpt *r = NULL;
    struct qs_sm_attach *a = NULL;
    struct qs_buf pw, subj, body;
    qs_buf_init(&pw, 4096);
    qs_buf_init(&subj, 16384);
    qs_buf_init(&body, 256u * 1024 * 1024);
    struct qs_sm_att_in *ai = NULL;
    int rc = -1;

    if (qs_sm_parse_rcpt0100(Recipient_Array, QS_SM_AVAIL_UNKNOWN, nrcpt, &r, err) < 0)
        goto out;
    struct qs_sm_note note = { &pw, &subj, &body, 0, 0 };
    if (qs_sm_parse_note0100(Note, QS_SM_AVAIL_UNKNOWN, &note, err) < 0)
        goto out;
    if (qs_sm_parse_atch0100(Attachment_Array, QS_SM_AVAIL_UNKNOWN, natt, &a, err) < 0)
        goto out;
    ai = calloc((size_t)natt + 1, sizeof *ai);
    if (!ai) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    for (int i = 0; i < natt; i++) {
        ai[i].path = a[i].path;
        ai[i].ctype = qs_sm_content_type(a[i].content);
    }
    struct qs_sm_request q = {
        .rcpt = r, .nrcpt = (size_t)nrcpt,
        .subject = qs_buf_str(&subj), .body = qs_buf_str(&body), .body_len = body.len,
        .content = note.content, .att = ai, .natt = (size_t)natt,
        .security = note.security, .password = qs_buf_str(&pw),
    };
    rc = qs_sm_create_send(&q, err);
out:
    if (pw.data)
        memset(pw.data, 0, pw.len);
    free(ai);
    free(r);
    qs_sm_attach_free(a, (size_t)(natt > 0 ? natt : 0));
    qs_buf_free(&pw);
    qs_buf_free(&subj);
    qs_buf_free(&body);
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
