/*
 * qsys/base/idna.h - U-labels and A-labels (Punycode, RFC 3492) for
 * comparing mail domains.
 *
 * Only what domain comparison needs: a label holding non-ASCII becomes
 * "xn--" + Punycode of the label after lowering ASCII and ISO 8859-1
 * letters.  There is no Nameprep / UTS 46 mapping or IDNA2008 validity
 * check beyond that, so "MÜNCHEN" and "münchen" compare equal but, for
 * instance, a Greek capital does not match its small letter.
 */
#ifndef QS_BASE_IDNA_H
#define QS_BASE_IDNA_H

#include <stddef.h>

struct qs_buf;

/* Append the A-label form of domain s[0..n) to out (ASCII, lower case).
 * 0, or -1: not UTF-8, a label longer than 63 octets once encoded, or
 * the buffer's cap reached. */
int qs_idna_to_ascii(const char *s, size_t n, struct qs_buf *out);

/* Are a and b the same domain: ASCII case-insensitively, a U-label being
 * equal to its A-label ("münchen.example" == "xn--mnchen-3ya.example")? */
int qs_domain_eq(const char *a, const char *b);

#endif
