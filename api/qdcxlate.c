/*
 * api/qdcxlate.c - QDCXLATE / QTBXLATE: SBCS conversion through a named
 * conversion table: a *TBL object made by CRTTBL, or one of IBM's tables
 * (QASCII, QEBCDIC, QTCPASC, QTCPEBC; qsys/tbl).
 *
 * Errors are escape messages (the program has no error code parameter):
 * CPF9801 for an unknown table, CPF3C1D for a bad length, CPF3C3C for the
 * DBCS form, which qshim does not support (use iconv).
 */
#include <qdcxlate.h>

#include <stdarg.h>
#include <string.h>

#include "api/apiparm.h"
#include "api/errcode.h"
#include "ccsid/simd.h"
#include "qsys/base/err.h"
#include "qsys/base/packed.h"
#include "qsys/job/job.h"
#include "qsys/tbl/tbl.h"

/* a CHAR(10) name; C callers often pass a shorter NUL-terminated literal */
static void fixed(const void *f, char out[11])
{
    char tmp[10];
    const char *s = f;
    size_t i = 0;
    for (; i < 10 && s[i]; i++)
        tmp[i] = s[i];
    for (; i < 10; i++)
        tmp[i] = ' ';
    qs_api_field_in(qs_job_current(NULL), tmp, 10, out);
}

static long long packed5(const void *p, const char *parm)
{
    long long v;
    struct qs_err err = QS_ERR_INIT;
    if (!p || qs_packed_to_ll(p, 5, &v, &err) != 0) {
        if (!qs_err_isset(&err))
            qs_err_set(&err, "CPF3C1D", parm, (const char *)NULL);
        qs_escape(&err, "QDCXLATE");
    }
    return v;
}

void qs_qdcxlate(int nparms, _Decimal(5, 0) *len, char *data, const char *table, ...)
{
    struct qs_err err = QS_ERR_INIT;
    char tname[11], lname[11] = "*LIBL";
    const char *lib = NULL;
    char *out = NULL;
    _Decimal(5, 0) *outlen = NULL, *convlen = NULL;
    va_list ap;
    va_start(ap, table);
    if (nparms >= 4)
        lib = va_arg(ap, const char *);
    if (nparms >= 7) {
        out = va_arg(ap, char *);
        outlen = va_arg(ap, _Decimal(5, 0) *);
        convlen = va_arg(ap, _Decimal(5, 0) *);
    }
    va_end(ap);
    if (nparms >= 8) {
        qs_err_set(&err, "CPF3C3C", "DBCS", (const char *)NULL);
        qs_escape(&err, "QDCXLATE");
    }

    long long n = packed5(len, "LENGTH");
    if (n < 0 || !data || !table) {
        qs_err_set(&err, "CPF3C1D", "LENGTH", (const char *)NULL);
        qs_escape(&err, "QDCXLATE");
    }
    fixed(table, tname);
    if (lib)
        fixed(lib, lname);
    uint8_t tab[256];
    if (qs_tbl_get(qs_job_current(NULL), lib ? lname : "*LIBL", tname, tab, &err) != 0)
        qs_escape(&err, "QDCXLATE");
    char *dst = data;
    size_t room = (size_t)n;
    if (out) {
        long long ol = packed5(outlen, "OUTLEN");
        if (ol < n) {
            qs_err_set(&err, "CPF3C1D", "OUTLEN", (const char *)NULL);
            qs_escape(&err, "QDCXLATE");
        }
        dst = out;
        room = (size_t)ol;
    }
    qs_lut(tab, (const uint8_t *)data, (uint8_t *)dst, (size_t)n, QS_LUT_ALL);
    size_t left = room - (size_t)n;
    if (convlen)
        qs_packed_from_ll((unsigned char *)convlen, 5, (long long)(room - left), NULL);
}
