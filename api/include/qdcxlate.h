/*
 * qdcxlate.h - QDCXLATE / QTBXLATE (QSYSINC/H QDCXLATE): convert data with
 * a conversion table.
 *
 *   QDCXLATE(&len, data, table, library);                       SBCS, in place
 *   QDCXLATE(&len, data, table, library, out, &outlen, &convlen, ...);
 *
 * len, outlen and convlen are _Decimal(5,0) (packed, 3 bytes).  Tables built
 * in: QEBCDIC and QTCPEBC (ISO 8859-1 -> CCSID 37), QASCII and QTCPASC
 * (CCSID 37 -> ISO 8859-1).  The library may be omitted, "*LIBL" or
 * "QSYS"/"QUSRSYS".  IBM's program takes 4, 7 or 10 parameters; in C the
 * count is taken from the call by the macros below, so call it as IBM
 * documents (the DBCS parameters 8-10 are accepted; DBCS conversion through
 * QDCXLATE is not supported, use iconv).
 */
#ifndef QDCXLATE_h
#define QDCXLATE_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void qs_qdcxlate(int nparms, _Decimal(5, 0) *len, char *data, const char *table, ...);

#define QS_QDCX_N_(a, b, c, d, e, f, g, h, i, j, n, ...) n
#define QS_QDCX_N(...) QS_QDCX_N_(__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define QDCXLATE(...) qs_qdcxlate(QS_QDCX_N(__VA_ARGS__), __VA_ARGS__)
#define QTBXLATE(...) qs_qdcxlate(QS_QDCX_N(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif
