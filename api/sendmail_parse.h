/*
 * api/sendmail_parse.h - readers of the caller structures of QtmmSendMail
 * (ADDT0100 chain) and QtmsCreateSendEmail (RCPT0100, NOTE0100, ATCH0100).
 * Internal to api/.
 *
 * Every offset and length is checked against `avail`, the number of bytes
 * the reader may touch from the start of the structure: the APIs pass
 * QS_SM_AVAIL_UNKNOWN (IBM's interfaces carry no total length, so only
 * sanity limits apply), the fuzz targets pass the real input size.  Text is
 * converted to UTF-8 from its CCSID (0 = the job's); an unsupported CCSID is
 * TCP5308, as on IBM i.
 */
#ifndef QS_API_SENDMAIL_PARSE_H
#define QS_API_SENDMAIL_PARSE_H

#include <stddef.h>

struct qs_err;
struct qs_buf;

#define QS_SM_AVAIL_UNKNOWN ((size_t)16 * 1024 * 1024)  /* sanity bound on offsets */
#define QS_SM_MAX_RCPTS     1000
#define QS_SM_MAX_ATTACH    100

struct qs_sm_rcpt {
    char addr[257];     /* UTF-8 (in practice ASCII), NUL-terminated */
    int  dist;          /* 0 To, 1 CC, 2 BCC */
};

/* 1 if `ccsid` is EBCDIC-based (its 'A' is 0xC1), 0 otherwise or unknown. */
int qs_sm_ccsid_is_ebcdic(int ccsid);
/* Convert p[0..n) in `ccsid` (0 = job CCSID) to UTF-8, appending to out. */
int qs_sm_to_utf8(int ccsid, const void *p, size_t n, struct qs_buf *out, struct qs_err *err);

/* ADDT0100 chain of `count` entries; *r_r is malloc'ed. */
int qs_sm_parse_addt0100(const void *first, size_t avail, int count,
                         struct qs_sm_rcpt **r_r, struct qs_err *err);
/* RCPT0100 array of `count` entries. */
int qs_sm_parse_rcpt0100(const void *arr, size_t avail, int count,
                         struct qs_sm_rcpt **r_r, struct qs_err *err);

struct qs_sm_note {
    struct qs_buf *password, *subject, *body;   /* UTF-8, caller-initialised */
    int security;       /* 0-3 */
    int content;        /* 0-2 */
};
int qs_sm_parse_note0100(const void *note, size_t avail, struct qs_sm_note *n,
                         struct qs_err *err);

struct qs_sm_attach {
    char *path;         /* UTF-8, malloc'ed */
    int   content;      /* 0-26 */
};
/* ATCH0100 array of `count` entries; free with qs_sm_attach_free. */
int qs_sm_parse_atch0100(const void *arr, size_t avail, int count,
                         struct qs_sm_attach **a_r, struct qs_err *err);
void qs_sm_attach_free(struct qs_sm_attach *a, size_t n);
/* MIME type for an attachment content-type code, NULL if out of range. */
const char *qs_sm_content_type(int code);

#endif
