/*
 * iconv.h - IBM i iconv (QSYSINC/H ICONV), for programs built with qshim.
 *
 * On IBM i, iconv_t is a 52-byte structure, not a pointer, and failure of
 * iconv_open() shows as return_value == -1 (with errno set).  Code strings
 * are IBM's 32-byte "IBMCCSID" form:
 *
 *   off 0  "IBMCCSID"   off 8  CCSID, 5 decimal digits (00000 = job CCSID)
 *   off 13 conversion alternative (3)   off 16 substitution alternative (1)
 *   off 17 shift-state alternative (1)  off 18 input length option (1):
 *          '1' = the input ends at its first NUL character
 *   off 19 error option for mixed data (1)   off 20 reserved (12)
 *
 * The code strings may be in EBCDIC (as on IBM i) or in ASCII.
 *
 * Coexistence with the C library: this header stands in for the system
 * <iconv.h> (it claims the same include guard), and maps iconv_open, iconv
 * and iconv_close to qs_iconv_open, qs_iconv and qs_iconv_close with
 * macros.  The C library's own iconv symbols are untouched, so a process
 * may contain both kinds of caller (docs/ccsid.md).
 */
#ifndef QS_ICONV_H
#define QS_ICONV_H
#ifndef _ICONV_H
#define _ICONV_H 1   /* keep the C library's <iconv.h> out of this unit */
#endif

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct iconv_t {
    int return_value;
    int cd[12];
} iconv_t;

iconv_t qs_iconv_open(const char *tocode, const char *fromcode);
size_t qs_iconv(iconv_t cd, char **inbuf, size_t *inbytesleft, char **outbuf,
                size_t *outbytesleft);
int qs_iconv_close(iconv_t cd);

#define iconv_open qs_iconv_open
#define iconv qs_iconv
#define iconv_close qs_iconv_close

#ifdef __cplusplus
}
#endif

#endif
