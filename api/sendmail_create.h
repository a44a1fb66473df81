/*
 * api/sendmail_create.h - build and queue a note from parsed parts: the
 * back end shared by QtmsCreateSendEmail and SNDSMTPEMM.  Internal to api/
 * (and cl/, which sits above it).
 */
#ifndef QS_API_SENDMAIL_CREATE_H
#define QS_API_SENDMAIL_CREATE_H

#include <stddef.h>

#include "api/sendmail_parse.h"

struct qs_err;

struct qs_sm_att_in {
    const char *path;       /* IFS path, UTF-8 */
    const char *ctype;      /* MIME type */
};

struct qs_sm_request {
    const struct qs_sm_rcpt *rcpt;
    size_t nrcpt;
    const char *subject;    /* UTF-8 */
    const char *body;       /* UTF-8 */
    size_t body_len;
    int content;            /* 0 plain, 1 html, 2 xml */
    const struct qs_sm_att_in *att;
    size_t natt;
    int security;           /* 0 none, 1 sign, 2 encrypt, 3 both */
    const char *password;   /* of the sender's PKCS#12 */
};

/* Originator = the job user's SMTP address (TCP530F without one); TCP5337
 * for an unreadable attachment; S/MIME errors TCP536x.  0 when queued. */
int qs_sm_create_send(const struct qs_sm_request *q, struct qs_err *err);

/* The same up to the queue: the envelope (env_r, initialised by the caller,
 * cleared with qs_msf_env_clear) and the whole message (msg_r, replaced),
 * for callers that put it into MSF themselves (the burst runner uses the
 * draft API to learn the message id before it is durable). */
struct qs_msf_env;
struct qs_buf;
int qs_sm_create_build(const struct qs_sm_request *q, struct qs_msf_env *env_r,
                       struct qs_buf *msg_r, struct qs_err *err);

#endif
