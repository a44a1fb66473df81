/*
 * qshim_decimal_ops.h - reading and writing packed decimal (_Decimal(n,p),
 * RPG packed fields) and zoned decimal from C (qshim extension).
 *
 * C has no packed-decimal arithmetic: convert to long long (scaled by 10^p)
 * or text, compute, and convert back.  As on IBM i, bad data is an
 * exception: a bad digit or sign nibble signals MCH1202 "Decimal data
 * error", a value too large for the receiver MCH1210, as escape messages
 * (monitor them with QS_MONITOR, qshim_monitor.h).
 *
 *     _Decimal(7,2) amt;                        // 4 bytes, IBM layout
 *     qshim_dec_from_str(&amt, 7, 2, "123.45");
 *     long long cents = qshim_dec_get(&amt, 7);    // 12345
 *     qshim_dec_set(&amt, 7, cents * 2);           // 246.90
 *     char buf[QSHIM_DEC_STRLEN];
 *     qshim_dec_to_str(&amt, 7, 2, buf);           // "246.90"
 */
#ifndef QSHIM_DECIMAL_OPS_H
#define QSHIM_DECIMAL_OPS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QSHIM_DEC_STRLEN 68   /* sign, 63 digits, point, NUL, spare */

/* Packed decimal of `digits` (1..63) at pd; values are the digits as an
 * integer (123.45 in _Decimal(7,2) is 12345). */
long long qshim_dec_get(const void *pd, int digits);
void      qshim_dec_set(void *pd, int digits, long long v);
/* Text form "-123.45"; out must hold QSHIM_DEC_STRLEN bytes. */
void      qshim_dec_to_str(const void *pd, int digits, int scale, char *out);
/* Parse [+|-]digits[.digits]; extra decimals are truncated. */
void      qshim_dec_from_str(void *pd, int digits, int scale, const char *s);
/* 1 if pd holds valid packed data (no exception). */
int       qshim_dec_valid(const void *pd, int digits);

/* Zoned decimal (RPG S fields), EBCDIC zones; ASCII zones also read. */
long long qshim_zoned_get(const void *zd, int digits);
void      qshim_zoned_set(void *zd, int digits, long long v);

#ifdef __cplusplus
}
#endif
#endif
