/*
 * qsys/base/str.h - small string helpers, including IBM fixed-length fields.
 *
 * IBM parameters are fixed-length, blank-padded, not NUL-terminated
 * (`char name[10]`).  qs_fixed_* move text in and out of such fields and
 * report truncation instead of hiding it.
 */
#ifndef QS_BASE_STR_H
#define QS_BASE_STR_H

#include <stddef.h>

/* Copy with truncation to dst[n] (always NUL-terminated when n > 0);
 * returns strlen(src) so truncation is visible (>= n). */
size_t qs_strlcpy(char *dst, const char *src, size_t n);

/* Store s[0..slen) into the n-byte field dst, blank-padded.
 * Returns 0, or -1 (field untouched) when slen > n. */
int qs_fixed_set(char *dst, size_t n, const char *s, size_t slen);
/* Same, cutting s to n bytes; returns 1 if it had to cut. */
int qs_fixed_set_trunc(char *dst, size_t n, const char *s, size_t slen);
/* Length of the field without trailing blanks and NULs. */
size_t qs_fixed_len(const char *f, size_t n);
/* Copy the field, trimmed, into a NUL-terminated dst of size n+1. */
void qs_fixed_get(char *dst, const char *f, size_t n);

/* ASCII case-insensitive equality of two NUL-terminated strings. */
int qs_strcaseeq(const char *a, const char *b);
/* ASCII case-insensitive comparison of s[0..n) with the C string lit. */
int qs_memcaseeq(const char *s, size_t n, const char *lit);
/* Upper-case ASCII letters in place. */
void qs_str_upper(char *s);

/* Parse a whole decimal integer s[0..len) within [min, max].
 * Accepts a leading '+' or '-'; no blanks.  0 or -1. */
int qs_parse_ll(const char *s, size_t len, long long min, long long max, long long *r);

/* Write printable ASCII of p[0..n) into dst (size dstsz), escaping other
 * bytes as \xNN and cutting at dstsz with "..."; for logging client data. */
void qs_sanitize(char *dst, size_t dstsz, const void *p, size_t n);

#endif
