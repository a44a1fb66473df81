/*
 * api/iconv.c - IBM i iconv_open / iconv / iconv_close (qs_-prefixed
 * symbols behind api/include/iconv.h) and QtqIconvOpen.
 *
 * The 52-byte iconv_t carries a pointer to a ccsid/ descriptor in cd[0..1]
 * and a tag in cd[2]; it is copied by value as IBM's is.  Conversions
 * substitute unmappable characters as IBM i does (QS_CONV_SUBST); ill-formed
 * input also becomes the substitution character, as in ICU.  A call whose
 * input is all converted ends a mixed EBCDIC output in the SBCS state (SI),
 * so each call's output stands alone.
 *
 * Invariant: at most QS_ICONV_MAX descriptors are open in the process.
 */
#include <iconv.h>
#include <qtqiconv.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "ccsid/conv.h"
#include "qsys/job/job.h"

#define QS_ICONV_TAG 0x51534943   /* "QSIC" */
#define QS_ICONV_MAX 104000       /* IBM's per-process limit */

static atomic_int open_count;

static iconv_t failed(int e)
{
    iconv_t t;
    memset(&t, 0, sizeof t);
    t.return_value = -1;
    errno = e;
    return t;
}

static int job_ccsid(void)
{
    struct qs_job *j = qs_job_current(NULL);
    if (j && j->ccsid != QS_JOB_CCSID_NATIVE && j->ccsid != 65535)
        return j->ccsid;
    return 1208;   /* a native job's C strings are ASCII / UTF-8 */
}

static iconv_t open_ccsids(int to, int from, unsigned flags)
{
    if (to == 0)
        to = job_ccsid();
    if (from == 0)
        from = job_ccsid();
    if (to < 1 || to > 65535 || from < 1 || from > 65535)
        return failed(EINVAL);
    if (atomic_fetch_add(&open_count, 1) >= QS_ICONV_MAX) {
        atomic_fetch_sub(&open_count, 1);
        return failed(ENFILE);
    }
    struct qs_conv *cd;
    if (qs_conv_open(&cd, to, from, flags | QS_CONV_SUBST, NULL) != 0) {
        atomic_fetch_sub(&open_count, 1);
        return failed(EINVAL);
    }
    iconv_t t;
    memset(&t, 0, sizeof t);
    memcpy(&t.cd[0], &cd, sizeof cd);
    t.cd[2] = QS_ICONV_TAG;
    return t;
}

static struct qs_conv *desc_of(const iconv_t *t)
{
    struct qs_conv *cd;
    if (t->return_value != 0 || t->cd[2] != QS_ICONV_TAG)
        return NULL;
    memcpy(&cd, &t->cd[0], sizeof cd);
    return cd;
}

/* "IBMCCSID" in ASCII or EBCDIC; digits likewise.  Returns the CCSID, or -1. */
static int parse_code(const char *code, int *nul_stop)
{
    static const unsigned char ebc[8] = { 0xC9, 0xC2, 0xD4, 0xC3, 0xC3, 0xE2, 0xC9, 0xC4 };
    const unsigned char *p = (const unsigned char *)code;
    int is_ebc;
    if (!p)
        return -1;
    if (memcmp(p, "IBMCCSID", 8) == 0)
        is_ebc = 0;
    else if (memcmp(p, ebc, 8) == 0)
        is_ebc = 1;
    else
        return -1;
    int v = 0;
    for (int i = 8; i < 13; i++) {
        unsigned c = p[i];
        unsigned d = is_ebc ? c - 0xF0 : c - '0';
        if (d > 9)
            return -1;
        v = v * 10 + (int)d;
    }
    /* input length option at offset 18: '1' = stop at NUL; the string may
     * end before it (tocode is often just "IBMCCSIDnnnnn") */
    *nul_stop = 0;
    if (memchr(p + 13, '\0', 5) == NULL) {
        unsigned c = p[18];
        *nul_stop = c == (is_ebc ? 0xF1 : '1');
    }
    return v;
}

iconv_t qs_iconv_open(const char *tocode, const char *fromcode)
{
    int nul_to, nul_from;
    int to = parse_code(tocode, &nul_to), from = parse_code(fromcode, &nul_from);
    if (to < 0 || from < 0)
        return failed(EINVAL);
    return open_ccsids(to, from, nul_from ? QS_CONV_NULSTOP : 0);
}

iconv_t QtqIconvOpen(QtqCode_T *tocode, QtqCode_T *fromcode)
{
    if (!tocode || !fromcode)
        return failed(EINVAL);
    return open_ccsids(tocode->CCSID, fromcode->CCSID,
                       fromcode->length_option == 1 ? QS_CONV_NULSTOP : 0);
}

size_t qs_iconv(iconv_t t, char **inbuf, size_t *inbytesleft, char **outbuf,
                size_t *outbytesleft)
{
    struct qs_conv *cd = desc_of(&t);
    if (!cd) {
        errno = EBADF;
        return (size_t)-1;
    }
    if (!inbuf || !*inbuf)
        return qs_conv(cd, NULL, NULL, outbuf, outbytesleft);
    if (!inbytesleft || !outbuf || !*outbuf || !outbytesleft) {
        errno = EFAULT;
        return (size_t)-1;
    }
    const char *in = *inbuf;
    size_t r = qs_conv(cd, &in, inbytesleft, outbuf, outbytesleft);
    *inbuf = (char *)in;
    if (r != (size_t)-1 && *inbytesleft == 0) {
        /* end the output in the initial shift state */
        if (qs_conv(cd, NULL, NULL, outbuf, outbytesleft) == (size_t)-1)
            return (size_t)-1;
    }
    return r;
}

int qs_iconv_close(iconv_t t)
{
    struct qs_conv *cd = desc_of(&t);
    if (!cd) {
        errno = EBADF;
        return -1;
    }
    qs_conv_free(&cd);
    atomic_fetch_sub(&open_count, 1);
    return 0;
}
