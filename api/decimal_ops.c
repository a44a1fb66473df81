/*
 * api/decimal_ops.c - packed/zoned decimal for C programs
 * (qshim_decimal_ops.h): the base helpers, with errors as escapes.
 */
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/base/packed.h"

#include <qshim_decimal_ops.h>

#include <string.h>

static void check(int rc, struct qs_err *err, const char *fn)
{
    if (rc < 0)
        qs_escape(err, fn);
}

long long qshim_dec_get(const void *pd, int digits)
{
    struct qs_err err = QS_ERR_INIT;
    long long v = 0;
    check(qs_packed_to_ll(pd, digits, &v, &err), &err, "QSHIM_DEC");
    return v;
}

void qshim_dec_set(void *pd, int digits, long long v)
{
    struct qs_err err = QS_ERR_INIT;
    check(qs_packed_from_ll(pd, digits, v, &err), &err, "QSHIM_DEC");
}

void qshim_dec_to_str(const void *pd, int digits, int scale, char *out)
{
    struct qs_err err = QS_ERR_INIT;
    check(qs_packed_to_text(pd, digits, scale, out, QSHIM_DEC_STRLEN, &err), &err, "QSHIM_DEC");
}

void qshim_dec_from_str(void *pd, int digits, int scale, const char *s)
{
    struct qs_err err = QS_ERR_INIT;
    check(qs_packed_from_text(pd, digits, scale, s, s ? strlen(s) : 0, &err), &err, "QSHIM_DEC");
}

int qshim_dec_valid(const void *pd, int digits)
{
    return pd && qs_packed_check(pd, digits, NULL) == 0;
}

long long qshim_zoned_get(const void *zd, int digits)
{
    struct qs_err err = QS_ERR_INIT;
    long long v = 0;
    check(qs_zoned_to_ll(zd, digits, &v, &err), &err, "QSHIM_ZND");
    return v;
}

void qshim_zoned_set(void *zd, int digits, long long v)
{
    struct qs_err err = QS_ERR_INIT;
    check(qs_zoned_from_ll(zd, digits, v, &err), &err, "QSHIM_ZND");
}
