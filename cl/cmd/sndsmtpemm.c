/*
 * cl/cmd/sndsmtpemm.c - SNDSMTPEMM: Send SMTP E-mail Message.
 *
 * Parameters as IBM documents them (ibmi-reference.md §6.4): up to 20
 * recipients with *PRI, *CC or *BCC, SUBJECT, NOTE, up to 10 attachments with a
 * content type, CONTENT, SMIME and PASSWORD.  The sender is the current
 * user's SMTP address, never a parameter (TCP530F without one).  The note is
 * built and queued by the same back end as QtmsCreateSendEmail
 * (api/sendmail_create.h).  CHARSET is accepted; qshim always sends UTF-8,
 * which every value of CHARSET can be converted to losslessly.
 * The attachment type element (*BIN or *TXT) is accepted; every attachment is
 * sent base64-encoded, which keeps *TXT files byte-exact.
 */
#include "cl/cmd.h"

#include "api/sendmail_create.h"
#include "api/sendmail_parse.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/mime/mime.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *kw, *type; } ctypes[] = {
    { "*OCTET", "application/octet-stream" }, { "*PLAIN", "text/plain" },
    { "*HTML", "text/html" }, { "*XML", "text/xml" }, { "*RTF", "application/rtf" },
    { "*OGG", "application/ogg" }, { "*PDF", "application/pdf" },
    { "*VISIO", "application/vnd.visio" }, { "*ZIP", "application/zip" },
    { "*POST", "application/postscript" }, { "*L123", "application/vnd.lotus-1-2-3" },
    { "*FREE", "application/vnd.lotus-freelance" }, { "*WORD", "application/msword" },
    { "*WORDPRO", "application/vnd.lotus-wordpro" },
    { "*POWERPT", "application/vnd.ms-powerpoint" }, { "*EXCEL", "application/vnd.ms-excel" },
    { "*AC3", "audio/ac3" }, { "*MP3", "audio/mpeg" }, { "*WAV", "audio/x-wav" },
    { "*GIF", "image/gif" }, { "*JPEG", "image/jpeg" }, { "*PNG", "image/png" },
    { "*MPEG", "video/mpeg" }, { "*MSG", "message/rfc822" }, { "*BMP", "image/bmp" },
};

static const struct qs_cl_parm rcp_e[] = {
    { .type = QS_CL_CHAR, .len = 256, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "E-mail address" },
    { .type = QS_CL_CHAR, .len = 4, .dft = "*PRI", .rstd = QS_CL_VALUES("*PRI", "*CC", "*BCC"),
      .prompt = "Recipient type" },
};
static const struct qs_cl_parm att_e[] = {
    { .type = QS_CL_PNAME, .len = 1024, .flags = QS_CL_REQUIRED, .prompt = "File name" },
    { .type = QS_CL_CHAR, .len = 64, .dft = "*OCTET", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*OCTET", "*PLAIN", "*HTML", "*XML", "*RTF", "*OGG", "*PDF",
                             "*VISIO", "*ZIP", "*POST", "*L123", "*FREE", "*WORD", "*WORDPRO",
                             "*POWERPT", "*EXCEL", "*AC3", "*MP3", "*WAV", "*GIF", "*JPEG",
                             "*PNG", "*MPEG", "*MSG", "*BMP"),
      .prompt = "Content type" },
    { .type = QS_CL_CHAR, .len = 4, .dft = "*BIN", .rstd = QS_CL_VALUES("*BIN", "*TXT"),
      .prompt = "Attachment type" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "RCP", .type = QS_CL_CHAR, QS_CL_ELEMS(rcp_e), .max_rep = 20,
      .flags = QS_CL_REQUIRED, .prompt = "Recipient" },
    { .kwd = "SUBJECT", .type = QS_CL_CHAR, .len = 256, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Subject" },
    { .kwd = "NOTE", .type = QS_CL_CHAR, .len = 5000, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE, .prompt = "Note" },
    { .kwd = "ATTACH", .type = QS_CL_CHAR, QS_CL_ELEMS(att_e), .max_rep = 10, .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "Attachment" },
    { .kwd = "CHARSET", .type = QS_CL_CHAR, .len = 32, .dft = "*DFT", .prompt = "Character set" },
    { .kwd = "CONTENT", .type = QS_CL_CHAR, .len = 6, .dft = "*PLAIN",
      .rstd = QS_CL_VALUES("*PLAIN", "*HTML", "*XML"), .prompt = "Content type" },
    { .kwd = "SMIME", .type = QS_CL_CHAR, .len = 8, .dft = "*NONE",
      .rstd = QS_CL_VALUES("*NONE", "*SIGN", "*ENCRYPT", "*BOTH"), .prompt = "S/MIME" },
    { .kwd = "PASSWORD", .type = QS_CL_CHAR, .len = 128, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE, .prompt = "Password" },
};

static const char *ctype_of(const char *v)
{
    for (size_t i = 0; i < sizeof ctypes / sizeof ctypes[0]; i++)
        if (qs_strcaseeq(v, ctypes[i].kw))
            return ctypes[i].type;
    /* a MIME type typed in full: token/token */
    const char *slash = strchr(v, '/');
    if (!slash || slash == v || !slash[1] || strpbrk(v, " \t\r\n\";"))
        return NULL;
    return v;
}

static int sndsmtpemm_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_val *rcp = qs_cl_arg(c->args, "RCP");
    const struct qs_cl_val *att = qs_cl_arg(c->args, "ATTACH");
    unsigned nr = qs_cl_val_count(rcp);
    unsigned na = qs_cl_is(c->args, "ATTACH", "*NONE") ? 0 : qs_cl_val_count(att);
    struct qs_sm_rcpt *r = calloc(nr ? nr : 1, sizeof *r);
    struct qs_sm_att_in *a = calloc(na ? na : 1, sizeof *a);
    int rc = -1;
    if (!r || !a) {
        qs_err_sys(err, 12);
        goto out;
    }
    for (unsigned i = 0; i < nr; i++) {
        const struct qs_cl_val *it = qs_cl_val_item(rcp, i);
        const char *addr = qs_cl_val_str(qs_cl_val_item(it, 0));
        const char *type = qs_cl_val_str(qs_cl_val_item(it, 1));
        size_t al = strlen(addr);
        if (qs_mime_addr_check(addr, al) < 0) {
            qs_err_set(err, "TCP5346", addr, (const char *)NULL);
            goto out;
        }
        memcpy(r[i].addr, addr, al + 1);
        r[i].dist = qs_strcaseeq(type, "*CC") ? 1 : qs_strcaseeq(type, "*BCC") ? 2 : 0;
    }
    for (unsigned i = 0; i < na; i++) {
        const struct qs_cl_val *it = qs_cl_val_item(att, i);
        a[i].path = qs_cl_val_str(qs_cl_val_item(it, 0));
        a[i].ctype = ctype_of(qs_cl_val_str(qs_cl_val_item(it, 1)));
        if (!a[i].ctype) {
            qs_err_set(err, "CPF3C3C", "ATTACH", (const char *)NULL);
            goto out;
        }
    }
    const char *note = qs_cl_is(c->args, "NOTE", "*NONE") ? "" : qs_cl_str(c->args, "NOTE");
    const char *sm = qs_cl_str(c->args, "SMIME");
    const char *ct = qs_cl_str(c->args, "CONTENT");
    struct qs_sm_request q = {
        .rcpt = r, .nrcpt = nr,
        .subject = qs_cl_str(c->args, "SUBJECT"),
        .body = note, .body_len = strlen(note),
        .content = qs_strcaseeq(ct, "*HTML") ? 1 : qs_strcaseeq(ct, "*XML") ? 2 : 0,
        .att = a, .natt = na,
        .security = qs_strcaseeq(sm, "*SIGN") ? 1 : qs_strcaseeq(sm, "*ENCRYPT") ? 2
                  : qs_strcaseeq(sm, "*BOTH") ? 3 : 0,
        .password = qs_cl_is(c->args, "PASSWORD", "*NONE") ? "" : qs_cl_str(c->args, "PASSWORD"),
    };
    rc = qs_sm_create_send(&q, err);
out:
    free(r);
    free(a);
    return rc;
}

QS_CL_COMMAND(sndsmtpemm) = { .name = "SNDSMTPEMM", .text = "Send SMTP E-mail Message",
                              QS_CL_PARMS(parms), .run = sndsmtpemm_run };
