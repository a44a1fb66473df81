/*
 * qsys/base/err.h - the error every internal function reports.
 *
 * A function that can fail returns -1 (or an error status) and fills a
 * `struct qs_err *err` with an IBM message id, the replacement data laid out
 * as that message's description says (msgtab.h), and the first-level text
 * with the data substituted.  Only api/ turns a qs_err into a Qus_EC_t or an
 * escape message, and only cl/ and the daemons print it.  `err` may be NULL
 * wherever one is taken: the error is then dropped.
 *
 * Invariant: msgid[0] == '\0' iff no error is recorded; text is never NULL
 * while an error is recorded.
 */
#ifndef QS_BASE_ERR_H
#define QS_BASE_ERR_H

#include <stddef.h>

struct qs_err {
    char           msgid[8];   /* "CPF9801", or "" */
    int            sys_errno;  /* errno behind the error, 0 if none */
    char          *text;       /* first-level text, substituted */
    unsigned char *data;       /* replacement data */
    size_t         data_len;
};

#define QS_ERR_INIT { "", 0, NULL, NULL, 0 }

void qs_err_init(struct qs_err *err);
/* Forget the error and free what it holds. */
void qs_err_clear(struct qs_err *err);
int  qs_err_isset(const struct qs_err *err);

/*
 * Record message `msgid` with its replacement values, one C string per field
 * of the description (NULL-terminated list; missing values are blank/zero,
 * *BIN fields take decimal text).  Always returns -1 so callers can
 * `return qs_err_set(err, ...)`.  Replaces any earlier error.
 */
int qs_err_set(struct qs_err *err, const char *msgid, ...);
/* Same, from an array of n values. */
int qs_err_setv(struct qs_err *err, const char *msgid, const char *const *vals, size_t n);
/* A system-call failure: picks the CPE id that matches `errnum`
 * (ENOENT → CPE3025, EACCES → CPE3401, …), records errnum. */
int qs_err_sys(struct qs_err *err, int errnum);
/* Move src's error into dst (dst's earlier one is freed); src is cleared. */
void qs_err_move(struct qs_err *dst, struct qs_err *src);

/* Format a message's text with the given values, as qs_err_set does.  With
 * second_level set, the help text is used and &N/&P/&B become line breaks.
 * Returns a heap string (caller frees), never NULL unless out of memory. */
char *qs_msg_format(const char *msgid, int second_level,
                    const unsigned char *data, size_t data_len);
/* Lay out `vals` as replacement data for msgid's fields; heap block, length in *len_r. */
unsigned char *qs_msg_data(const char *msgid, const char *const *vals, size_t n, size_t *len_r);

#endif
