/*
 * qsys/base/utf8.h - strict UTF-8 (RFC 3629) checks for protocol data.
 *
 * Well-formed means: shortest form only (no overlongs), no surrogates
 * (U+D800-DFFF), nothing above U+10FFFF.  Mail addresses (RFC 6531) also
 * exclude the C0 and C1 controls and DEL; see qs_utf8_addr_class().
 */
#ifndef QS_BASE_UTF8_H
#define QS_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the well-formed sequence at p[0..n), 0 if there is none;
 * *cp_r (may be NULL) receives its code point. */
size_t qs_utf8_seq(const unsigned char *p, size_t n, uint32_t *cp_r);

/* 0: all ASCII; 1: well-formed UTF-8 with non-ASCII; -1: not UTF-8. */
int qs_utf8_class(const void *p, size_t n);

/* As qs_utf8_class, but -1 also for a C0 control, DEL or a C1 control
 * (U+0080-U+009F) anywhere: what an SMTPUTF8 address may not hold. */
int qs_utf8_addr_class(const void *p, size_t n);

/* Is every code point of the well-formed UTF-8 s[0..n) at most U+00FF
 * (representable in ISO 8859-1)? */
int qs_utf8_is_latin1(const void *p, size_t n);

/* Compare two well-formed UTF-8 strings ignoring the case of ASCII and
 * ISO 8859-1 letters (U+00C0-U+00DE against U+00E0-U+00FE, except the
 * multiplication and division signs); other code points must be equal.
 * 1 equal, 0 not (or not UTF-8). */
int qs_utf8_latin1_caseeq(const char *a, size_t an, const char *b, size_t bn);

/* An address as RFC 6533's utf-8-addr-xtext (unitext 0: ASCII only, safe in
 * any ORCPT) or utf-8-addr-unitext (unitext 1: UTF-8 kept, for reports
 * and SMTPUTF8 sessions): printable ASCII other than "+", "=" and "\\" as
 * is; everything else (and with unitext 0 every non-ASCII character)
 * written \x{HEX}, the code point in upper-case hex without leading zeros
 * (two digits at least).  "\x{" already present in s is kept, so an
 * encoded value passes through unchanged.  s must be well-formed UTF-8.
 * 0 or -1 (out of room). */
struct qs_buf;
int qs_utf8_addr_encode(struct qs_buf *out, const char *s, int unitext);

/* qs_sanitize() (str.h) that keeps well-formed UTF-8 characters other
 * than controls, so that logged or journaled addresses stay readable;
 * everything else is escaped \xNN, and a cut never splits a character. */
void qs_sanitize_utf8(char *dst, size_t dstsz, const void *p, size_t n);
/* Both sanitizers: keep_utf8 0 is qs_sanitize (printable ASCII only). */
void qs_sanitize_to(char *dst, size_t dstsz, const void *p, size_t n, int keep_utf8);

#endif
